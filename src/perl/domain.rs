//! `Sys::Virt::Domain`: a guest. The Perl-level parts (`_new`, and `create_checkpoint` and
//! `get_checkpoint_by_name`, which go through `Sys::Virt::DomainCheckpoint->_new` as in the
//! XS module) are in lib/Sys/Virt/Domain.pm; `list_all_checkpoints` and the backup calls
//! are here, since they are methods of the domain in Perl.

use super::{typed_params, OrDie, CHECKPOINT, CONNECT, DOMAIN};
use crate::c;
use crate::libvirt::checkpoint::{DomainCheckpoint, ListFlags};
use crate::libvirt::cstring::take_lv_string;
use crate::libvirt::error::{check_neg, check_null};
use crate::libvirt::{array_slice, backup, Error};
use perlxs::{xsub, Boot, Call, Fail};
use std::mem::ManuallyDrop;
use virt::sys;

pub fn register(b: &Boot) {
    b.xsub(c!("Sys::Virt::Domain::_lookup_by_name"), lookup_by_name);
    b.xsub(c!("Sys::Virt::Domain::_lookup_by_id"), lookup_by_id);
    b.xsub(c!("Sys::Virt::Domain::_lookup_by_uuid"), lookup_by_uuid);
    b.xsub(
        c!("Sys::Virt::Domain::_lookup_by_uuid_string"),
        lookup_by_uuid_string,
    );
    b.xsub(c!("Sys::Virt::Domain::_define_xml"), define_xml);
    b.xsub(c!("Sys::Virt::Domain::_create"), create_xml);
    b.xsub(c!("Sys::Virt::Domain::get_name"), get_name);
    b.xsub(c!("Sys::Virt::Domain::get_id"), get_id);
    b.xsub(c!("Sys::Virt::Domain::get_uuid"), get_uuid);
    b.xsub(c!("Sys::Virt::Domain::get_uuid_string"), get_uuid_string);
    b.xsub(
        c!("Sys::Virt::Domain::get_xml_description"),
        get_xml_description,
    );
    b.xsub(c!("Sys::Virt::Domain::get_info"), get_info);
    b.xsub(c!("Sys::Virt::Domain::get_state"), get_state);
    b.xsub(c!("Sys::Virt::Domain::is_active"), is_active);
    b.xsub(c!("Sys::Virt::Domain::is_persistent"), is_persistent);
    b.xsub(c!("Sys::Virt::Domain::is_updated"), is_updated);
    b.xsub(c!("Sys::Virt::Domain::create"), create);
    b.xsub(c!("Sys::Virt::Domain::destroy"), destroy);
    b.xsub(c!("Sys::Virt::Domain::undefine"), undefine);
    b.xsub(c!("Sys::Virt::Domain::suspend"), suspend);
    b.xsub(c!("Sys::Virt::Domain::resume"), resume);
    b.xsub(c!("Sys::Virt::Domain::shutdown"), shutdown);
    b.xsub(
        c!("Sys::Virt::Domain::get_scheduler_parameters"),
        get_scheduler_parameters,
    );
    b.xsub(
        c!("Sys::Virt::Domain::set_scheduler_parameters"),
        set_scheduler_parameters,
    );
    b.xsub(c!("Sys::Virt::Domain::get_job_info"), get_job_info);
    b.xsub(c!("Sys::Virt::Domain::get_job_stats"), get_job_stats);
    b.xsub(c!("Sys::Virt::Domain::abort_job"), abort_job);
    b.xsub(
        c!("Sys::Virt::Domain::list_all_checkpoints"),
        list_all_checkpoints,
    );
    b.xsub(c!("Sys::Virt::Domain::backup_begin"), backup_begin);
    b.xsub(
        c!("Sys::Virt::Domain::backup_get_xml_description"),
        backup_get_xml_description,
    );
    b.destructor(c!("Sys::Virt::Domain::DESTROY"), destroy_handle);
    b.constants("Sys::Virt::Domain", crate::consts::domain::CONSTANTS);
}

/// The domain handle of argument 0.
#[inline]
pub(crate) fn dom(call: &Call) -> Result<sys::virDomainPtr, Fail> {
    Ok(call.handle(0, &DOMAIN)? as sys::virDomainPtr)
}

/// A `virt` domain borrowing the object's reference (never freed through this value).
#[inline]
pub(crate) fn borrowed(ptr: sys::virDomainPtr) -> ManuallyDrop<virt::domain::Domain> {
    // SAFETY: the Perl object keeps its reference for the whole call; ManuallyDrop keeps
    // this copy from freeing it.
    ManuallyDrop::new(unsafe { virt::domain::Domain::from_ptr(ptr) })
}

/// Returns a new domain object for a looked-up or created handle, or dies.
fn ret_domain(call: &mut Call, d: sys::virDomainPtr) -> Result<(), Fail> {
    let p = call.perl();
    let d = check_null(d).or_die(p)?;
    call.ret_object(&p.objects(&DOMAIN), d as _);
    Ok(())
}

/// Dies unless libvirt's 0/-1 status says success; returns nothing.
#[inline]
fn done(call: &mut Call, r: libc::c_int) -> Result<(), Fail> {
    check_neg(r).or_die(call.perl())?;
    Ok(())
}

/// Returns an int result (a predicate or id), dying on -1.
#[inline]
fn ret_int(call: &mut Call, r: libc::c_int) -> Result<(), Fail> {
    let p = call.perl();
    let v = check_neg(r).or_die(p)?;
    call.ret(p.int(v as i64));
    Ok(())
}

xsub!(fn lookup_by_name(call) {
    call.arity(2, 2, c!("con, name"))?;
    // As in XS, the plain arguments are converted (with their warnings) before the
    // object is checked.
    let name = call.cstr(1, "name")?;
    let con = call.handle(0, &CONNECT)? as sys::virConnectPtr;
    // SAFETY: a live connection handle and a NUL-terminated name.
    let d = unsafe { sys::virDomainLookupByName(con, name.as_ptr()) };
    drop(name);
    ret_domain(call, d)
});

xsub!(fn lookup_by_id(call) {
    call.arity(2, 2, c!("con, id"))?;
    let id = call.iv(1) as libc::c_int;
    let con = call.handle(0, &CONNECT)? as sys::virConnectPtr;
    // SAFETY: a live connection handle.
    let d = unsafe { sys::virDomainLookupByID(con, id) };
    ret_domain(call, d)
});

xsub!(fn lookup_by_uuid(call) {
    call.arity(2, 2, c!("con, uuid"))?;
    let uuid = call.bytes(1);
    let con = call.handle(0, &CONNECT)? as sys::virConnectPtr;
    if uuid.len() < 16 {
        return Err(Fail::Message(format!(
            "{}() -- uuid must be 16 bytes, got {}",
            call.sub_name(),
            uuid.len()
        )));
    }
    // SAFETY: at least 16 bytes, which is all libvirt reads.
    let d = unsafe { sys::virDomainLookupByUUID(con, uuid.as_ptr()) };
    ret_domain(call, d)
});

xsub!(fn lookup_by_uuid_string(call) {
    call.arity(2, 2, c!("con, uuid"))?;
    let uuid = call.cstr(1, "uuid")?;
    let con = call.handle(0, &CONNECT)? as sys::virConnectPtr;
    // SAFETY: a live connection handle and a NUL-terminated string.
    let d = unsafe { sys::virDomainLookupByUUIDString(con, uuid.as_ptr()) };
    drop(uuid);
    ret_domain(call, d)
});

xsub!(fn define_xml(call) {
    call.arity(2, 3, c!("con, xml, flags=0"))?;
    let xml = call.cstr(1, "xml")?;
    let con = call.handle(0, &CONNECT)? as sys::virConnectPtr;
    let flags = call.flags(2);
    // SAFETY: a live connection handle and a NUL-terminated document.
    let d = unsafe {
        if flags != 0 {
            sys::virDomainDefineXMLFlags(con, xml.as_ptr(), flags)
        } else {
            sys::virDomainDefineXML(con, xml.as_ptr())
        }
    };
    drop(xml);
    ret_domain(call, d)
});

xsub!(fn create_xml(call) {
    call.arity(2, 3, c!("con, xml, flags=0"))?;
    let xml = call.cstr(1, "xml")?;
    let con = call.handle(0, &CONNECT)? as sys::virConnectPtr;
    let flags = call.flags(2);
    // SAFETY: as above.
    let d = unsafe { sys::virDomainCreateXML(con, xml.as_ptr(), flags) };
    drop(xml);
    ret_domain(call, d)
});

xsub!(fn get_name(call) {
    call.arity(1, 1, c!("dom"))?;
    let d = dom(call)?;
    let p = call.perl();
    // SAFETY: the name belongs to the domain object, alive for the call.
    let name = check_null(unsafe { sys::virDomainGetName(d) } as *mut libc::c_char).or_die(p)?;
    // SAFETY: NUL-terminated.
    call.ret(p.str(unsafe { std::ffi::CStr::from_ptr(name) }.to_bytes()));
    Ok(())
});

xsub!(fn get_id(call) {
    call.arity(1, 1, c!("dom"))?;
    let d = dom(call)?;
    let p = call.perl();
    // SAFETY: a domain handle (or NULL, which libvirt rejects with (unsigned)-1).
    let id = unsafe { sys::virDomainGetID(d) };
    // libvirt answers (unsigned)-1 for an inactive domain; the reference shows it as -1.
    call.ret(p.int(id as libc::c_int as i64));
    Ok(())
});

xsub!(fn get_uuid(call) {
    call.arity(1, 1, c!("dom"))?;
    let d = dom(call)?;
    let p = call.perl();
    let mut uuid = [0u8; 16];
    // SAFETY: a 16-byte buffer, VIR_UUID_BUFLEN.
    check_neg(unsafe { sys::virDomainGetUUID(d, uuid.as_mut_ptr()) }).or_die(p)?;
    call.ret(p.str(&uuid));
    Ok(())
});

xsub!(fn get_uuid_string(call) {
    call.arity(1, 1, c!("dom"))?;
    let d = dom(call)?;
    let p = call.perl();
    let mut buf = [0 as libc::c_char; 37];
    // SAFETY: VIR_UUID_STRING_BUFLEN (37) bytes.
    check_neg(unsafe { sys::virDomainGetUUIDString(d, buf.as_mut_ptr()) }).or_die(p)?;
    // SAFETY: libvirt wrote a NUL-terminated string.
    call.ret(p.str(unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) }.to_bytes()));
    Ok(())
});

xsub!(fn get_xml_description(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = dom(call)?;
    let flags = call.flags(1);
    let p = call.perl();
    // SAFETY: a domain handle; the result is ours to free (LvString).
    let xml = unsafe { take_lv_string(sys::virDomainGetXMLDesc(d, flags)) }.or_die(p)?;
    call.ret(p.str(xml.to_bytes()));
    Ok(())
});

xsub!(fn get_info(call) {
    call.arity(1, 1, c!("dom"))?;
    let d = dom(call)?;
    let p = call.perl();
    // SAFETY: plain data filled by libvirt.
    let mut info: sys::virDomainInfo = unsafe { std::mem::zeroed() };
    // SAFETY: a domain handle and an out struct.
    check_neg(unsafe { sys::virDomainGetInfo(d, &mut info) }).or_die(p)?;
    let mut h = p.hash();
    h.store("state", p.int(info.state as i64));
    h.store("maxMem", p.uint(info.maxMem as u64));
    h.store("memory", p.uint(info.memory as u64));
    h.store("nrVirtCpu", p.uint(info.nrVirtCpu as u64));
    h.store("cpuTime", p.uint(info.cpuTime as u64));
    call.ret(h.into_ref());
    Ok(())
});

xsub!(fn get_state(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = dom(call)?;
    let flags = call.flags(1);
    let p = call.perl();
    let (mut state, mut reason) = (0, 0);
    // SAFETY: a domain handle and two out ints.
    check_neg(unsafe { sys::virDomainGetState(d, &mut state, &mut reason, flags) }).or_die(p)?;
    call.ret(p.int(state as i64));
    call.ret(p.int(reason as i64));
    Ok(())
});

xsub!(fn is_active(call) {
    call.arity(1, 1, c!("dom"))?;
    let d = dom(call)?;
    // SAFETY: a domain handle.
    let r = unsafe { sys::virDomainIsActive(d) };
    ret_int(call, r)
});

xsub!(fn is_persistent(call) {
    call.arity(1, 1, c!("dom"))?;
    let d = dom(call)?;
    // SAFETY: a domain handle.
    let r = unsafe { sys::virDomainIsPersistent(d) };
    ret_int(call, r)
});

xsub!(fn is_updated(call) {
    call.arity(1, 1, c!("dom"))?;
    let d = dom(call)?;
    // SAFETY: a domain handle.
    let r = unsafe { sys::virDomainIsUpdated(d) };
    ret_int(call, r)
});

xsub!(fn create(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = dom(call)?;
    let flags = call.flags(1);
    // SAFETY: a domain handle.
    let r = unsafe {
        if flags != 0 {
            sys::virDomainCreateWithFlags(d, flags)
        } else {
            sys::virDomainCreate(d)
        }
    };
    done(call, r)
});

xsub!(fn destroy(call) {
    call.arity(1, 2, c!("dom_rv, flags=0"))?;
    // The reference dereferences this argument blindly; a non-object is refused here.
    let d = call.handle_strict(0, &DOMAIN, "dom_rv")? as sys::virDomainPtr;
    let flags = call.flags(1);
    // SAFETY: a domain handle.
    let r = unsafe {
        if flags != 0 {
            sys::virDomainDestroyFlags(d, flags)
        } else {
            sys::virDomainDestroy(d)
        }
    };
    done(call, r)
});

xsub!(fn undefine(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = dom(call)?;
    let flags = call.flags(1);
    // SAFETY: a domain handle.
    let r = unsafe {
        if flags != 0 {
            sys::virDomainUndefineFlags(d, flags)
        } else {
            sys::virDomainUndefine(d)
        }
    };
    done(call, r)
});

xsub!(fn suspend(call) {
    call.arity(1, 1, c!("dom"))?;
    let d = dom(call)?;
    // SAFETY: a domain handle.
    let r = unsafe { sys::virDomainSuspend(d) };
    done(call, r)
});

xsub!(fn resume(call) {
    call.arity(1, 1, c!("dom"))?;
    let d = dom(call)?;
    // SAFETY: a domain handle.
    let r = unsafe { sys::virDomainResume(d) };
    done(call, r)
});

xsub!(fn shutdown(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = dom(call)?;
    let flags = call.flags(1);
    // SAFETY: a domain handle.
    let r = unsafe {
        if flags != 0 {
            sys::virDomainShutdownFlags(d, flags)
        } else {
            sys::virDomainShutdown(d)
        }
    };
    done(call, r)
});

/// The domain's scheduler parameters as libvirt reports them (names, types, values).
fn scheduler_params(
    d: sys::virDomainPtr,
    flags: u32,
) -> Result<Vec<sys::virTypedParameter>, Error> {
    let mut n: libc::c_int = 0;
    // SAFETY: a domain handle; the returned type name is ours to free.
    let ty = unsafe { take_lv_string(sys::virDomainGetSchedulerType(d, &mut n)) }?;
    drop(ty);
    // SAFETY: virTypedParameter is plain data.
    let mut params: Vec<sys::virTypedParameter> = (0..n.max(0))
        .map(|_| unsafe { std::mem::zeroed() })
        .collect();
    // SAFETY: params has room for n entries.
    check_neg(unsafe {
        if flags != 0 {
            sys::virDomainGetSchedulerParametersFlags(d, params.as_mut_ptr(), &mut n, flags)
        } else {
            sys::virDomainGetSchedulerParameters(d, params.as_mut_ptr(), &mut n)
        }
    })?;
    params.truncate(n.max(0) as usize);
    Ok(params)
}

/// Frees the strings libvirt may have put into a parameter list (not the list itself).
fn clear_params(params: &mut [sys::virTypedParameter]) {
    // SAFETY: virTypedParamsClear frees only string values, which libvirt allocated.
    unsafe { sys::virTypedParamsClear(params.as_mut_ptr(), params.len() as libc::c_int) }
}

xsub!(fn get_scheduler_parameters(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = dom(call)?;
    let flags = call.flags(1);
    let p = call.perl();
    let mut params = scheduler_params(d, flags).or_die(p)?;
    let h = typed_params::to_hash(p, &params);
    clear_params(&mut params);
    call.ret(h.into_ref());
    Ok(())
});

xsub!(fn set_scheduler_parameters(call) {
    call.arity(2, 3, c!("dom, newparams, flags=0"))?;
    let d = dom(call)?;
    let Some(newparams) = call.hash_arg(1) else {
        return Err(Fail::Message(format!(
            "{}: newparams is not a HASH reference",
            call.sub_name()
        )));
    };
    let flags = call.flags(2);
    let p = call.perl();
    // The current values are read without the caller's flags (those are for the change).
    let mut params = scheduler_params(d, 0).or_die(p)?;
    typed_params::update_from_hash(&mut params, &newparams);
    // SAFETY: a domain handle and a list of n parameters.
    let r = unsafe {
        if flags != 0 {
            sys::virDomainSetSchedulerParametersFlags(d, params.as_mut_ptr(), params.len() as _, flags)
        } else {
            sys::virDomainSetSchedulerParameters(d, params.as_mut_ptr(), params.len() as _)
        }
    };
    let r = check_neg(r);
    clear_params(&mut params);
    r.or_die(p)?;
    Ok(())
});

xsub!(fn get_job_info(call) {
    call.arity(1, 1, c!("dom"))?;
    let d = dom(call)?;
    let p = call.perl();
    // SAFETY: plain data filled by libvirt.
    let mut info: sys::virDomainJobInfo = unsafe { std::mem::zeroed() };
    // SAFETY: a domain handle and an out struct.
    check_neg(unsafe { sys::virDomainGetJobInfo(d, &mut info) }).or_die(p)?;
    let mut h = p.hash();
    h.store("type", p.int(info.type_ as i64));
    h.store("timeElapsed", p.uint(info.timeElapsed));
    h.store("timeRemaining", p.uint(info.timeRemaining));
    h.store("dataTotal", p.uint(info.dataTotal));
    h.store("dataProcessed", p.uint(info.dataProcessed));
    h.store("dataRemaining", p.uint(info.dataRemaining));
    h.store("memTotal", p.uint(info.memTotal));
    h.store("memProcessed", p.uint(info.memProcessed));
    h.store("memRemaining", p.uint(info.memRemaining));
    h.store("fileTotal", p.uint(info.fileTotal));
    h.store("fileProcessed", p.uint(info.fileProcessed));
    h.store("fileRemaining", p.uint(info.fileRemaining));
    call.ret(h.into_ref());
    Ok(())
});

xsub!(fn get_job_stats(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = dom(call)?;
    let flags = call.flags(1);
    let p = call.perl();
    let mut ty: libc::c_int = 0;
    let mut params: sys::virTypedParameterPtr = std::ptr::null_mut();
    let mut n: libc::c_int = 0;
    // SAFETY: a domain handle; libvirt allocates the list, freed below.
    check_neg(unsafe { sys::virDomainGetJobStats(d, &mut ty, &mut params, &mut n, flags) })
        .or_die(p)?;
    // SAFETY: n entries allocated by libvirt (or NULL).
    let list = unsafe { array_slice(params, n.max(0) as usize) };
    let h = typed_params::to_hash(p, list);
    // SAFETY: frees the list and its strings.
    unsafe { sys::virTypedParamsFree(params, n) };
    // The XS module returns the type as a reference to the number; scripts dereference it.
    call.ret(p.rv(p.int(ty as i64)));
    call.ret(h.into_ref());
    Ok(())
});

xsub!(fn abort_job(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = dom(call)?;
    let flags = call.flags(1);
    // SAFETY: a domain handle.
    let r = unsafe {
        if flags != 0 {
            sys::virDomainAbortJobFlags(d, flags)
        } else {
            sys::virDomainAbortJob(d)
        }
    };
    done(call, r)
});

xsub!(fn list_all_checkpoints(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = dom(call)?;
    let flags = ListFlags::from_bits_retain(call.flags(1));
    let p = call.perl();
    let list = DomainCheckpoint::list_all(&borrowed(d), flags).or_die(p)?;
    let objects = p.objects(&CHECKPOINT);
    // SAFETY: checkpoint handles, each with the reference the list hands over.
    list.hand_over(|handles| unsafe { call.ret_objects(&objects, handles) });
    Ok(())
});

xsub!(fn backup_begin(call) {
    call.arity(3, 4, c!("dom, backupxmlsv, checkpointxmlsv, flags=0"))?;
    let d = dom(call)?;
    let backup_xml = call.opt_cstr(1, "backup XML")?;
    let checkpoint_xml = call.opt_cstr(2, "checkpoint XML")?;
    let flags = call.flags(3);
    let p = call.perl();
    let r = match &backup_xml {
        Some(x) => backup::backup_begin(&borrowed(d), x, checkpoint_xml.as_deref(), flags),
        // NULL backup XML: libvirt itself refuses it, with the reference's message.
        None => {
            // SAFETY: a domain handle; libvirt validates the NULL and reports it.
            check_neg(unsafe {
                sys::virDomainBackupBegin(
                    d,
                    std::ptr::null(),
                    checkpoint_xml.as_ref().map_or(std::ptr::null(), |c| c.as_ptr()),
                    flags,
                )
            })
            .map(|_| ())
        }
    };
    drop((backup_xml, checkpoint_xml));
    r.or_die(p)?;
    Ok(())
});

xsub!(fn backup_get_xml_description(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = dom(call)?;
    let flags = call.flags(1);
    let p = call.perl();
    let xml = backup::backup_get_xml_desc(&borrowed(d), flags).or_die(p)?;
    call.ret(p.str(xml.to_bytes()));
    Ok(())
});

xsub!(fn destroy_handle(call) {
    call.arity(1, 1, c!("dom_rv"))?;
    let ptr = call.take_handle(0, &DOMAIN);
    // SAFETY: the object's own reference, just taken out of it.
    unsafe { DOMAIN.release(ptr) };
    Ok(())
});
