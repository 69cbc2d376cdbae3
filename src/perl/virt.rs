//! `Sys::Virt`: the connection. Perl-level helpers (`new`, `get_domain_by_*`, version
//! arithmetic) live in lib/Sys/Virt.pm; here are the calls into libvirt.

use super::{OrDie, CONNECT, DOMAIN};
use crate::c;
use crate::libvirt::cstring::take_lv_string;
use crate::libvirt::error::{check_neg, check_null};
use crate::libvirt::{array_slice, Error, LvString};
use perlxs::{xsub, Boot, Call, Fail};
use std::ffi::CStr;
use virt::sys;

pub fn register(b: &Boot) {
    b.xsub(c!("Sys::Virt::_open"), open);
    b.xsub(c!("Sys::Virt::get_uri"), get_uri);
    b.xsub(c!("Sys::Virt::get_type"), get_type);
    b.xsub(c!("Sys::Virt::get_hostname"), get_hostname);
    b.xsub(c!("Sys::Virt::_get_conn_version"), get_conn_version);
    b.xsub(
        c!("Sys::Virt::_get_conn_library_version"),
        get_conn_library_version,
    );
    b.xsub(c!("Sys::Virt::_get_library_version"), get_library_version);
    b.xsub(c!("Sys::Virt::is_alive"), is_alive);
    b.xsub(c!("Sys::Virt::is_secure"), is_secure);
    b.xsub(c!("Sys::Virt::is_encrypted"), is_encrypted);
    b.xsub(c!("Sys::Virt::get_capabilities"), get_capabilities);
    b.xsub(c!("Sys::Virt::get_node_info"), get_node_info);
    b.xsub(c!("Sys::Virt::get_max_vcpus"), get_max_vcpus);
    b.xsub(c!("Sys::Virt::get_node_free_memory"), get_node_free_memory);
    b.xsub(
        c!("Sys::Virt::get_node_cells_free_memory"),
        get_node_cells_free_memory,
    );
    b.xsub(c!("Sys::Virt::list_all_domains"), list_all_domains);
    b.xsub(c!("Sys::Virt::num_of_domains"), num_of_domains);
    b.xsub(c!("Sys::Virt::list_domain_ids"), list_domain_ids);
    b.xsub(
        c!("Sys::Virt::num_of_defined_domains"),
        num_of_defined_domains,
    );
    b.xsub(
        c!("Sys::Virt::list_defined_domain_names"),
        list_defined_domain_names,
    );
    b.destructor(c!("Sys::Virt::DESTROY"), destroy);
    b.constants("Sys::Virt", crate::consts::virt::CONSTANTS);
}

/// The connection handle of argument 0.
#[inline]
fn con(call: &Call) -> Result<sys::virConnectPtr, Fail> {
    Ok(call.handle(0, &CONNECT)? as sys::virConnectPtr)
}

/// Returns an int-returning connection predicate/count, dying on -1.
fn ret_int(call: &mut Call, r: libc::c_int) -> Result<(), Fail> {
    let p = call.perl();
    let v = check_neg(r).or_die(p)?;
    call.ret(p.int(v as i64));
    Ok(())
}

xsub!(fn open(call) {
    call.arity(2, 2, c!("name, flags"))?;
    let flags = call.flags(1);
    let name = call.opt_cstr(0, "uri")?;
    let p = call.perl();
    let name_ptr = name.as_ref().map_or(std::ptr::null(), |n| n.as_ptr());
    // SAFETY: name is NULL or a NUL-terminated string alive for the call.
    let con = check_null(unsafe { sys::virConnectOpenAuth(name_ptr, std::ptr::null_mut(), flags) })
        .or_die(p)?;
    call.ret_object(&p.objects(&CONNECT), con as _);
    Ok(())
});

xsub!(fn get_uri(call) {
    call.arity(1, 1, c!("con"))?;
    let con = con(call)?;
    let p = call.perl();
    // SAFETY: con is a handle held by a live object (or NULL, which libvirt rejects).
    // Like the XS module, a failure here returns undef rather than dying.
    match unsafe { LvString::from_raw(sys::virConnectGetURI(con)) } {
        Some(uri) => call.ret(p.str(uri.to_bytes())),
        None => call.ret_undef(),
    }
    Ok(())
});

xsub!(fn get_type(call) {
    call.arity(1, 1, c!("con"))?;
    let con = con(call)?;
    let p = call.perl();
    // SAFETY: as above; the result is a static string owned by libvirt. Like the XS
    // module, a failure returns undef rather than dying.
    let t = unsafe { sys::virConnectGetType(con) };
    if t.is_null() {
        call.ret_undef();
    } else {
        // SAFETY: a NUL-terminated static string.
        call.ret(p.str(unsafe { CStr::from_ptr(t) }.to_bytes()));
    }
    Ok(())
});

xsub!(fn get_hostname(call) {
    call.arity(1, 1, c!("con"))?;
    let con = con(call)?;
    let p = call.perl();
    // SAFETY: as above.
    let h = unsafe { take_lv_string(sys::virConnectGetHostname(con)) }.or_die(p)?;
    call.ret(p.str(h.to_bytes()));
    Ok(())
});

xsub!(fn get_conn_version(call) {
    call.arity(1, 1, c!("con"))?;
    let con = con(call)?;
    let p = call.perl();
    let mut v: libc::c_ulong = 0;
    // SAFETY: as above; v is a valid out pointer.
    check_neg(unsafe { sys::virConnectGetVersion(con, &mut v) }).or_die(p)?;
    call.ret(p.uint(v as u64));
    Ok(())
});

xsub!(fn get_conn_library_version(call) {
    call.arity(1, 1, c!("con"))?;
    let con = con(call)?;
    let p = call.perl();
    let mut v: libc::c_ulong = 0;
    // SAFETY: as above.
    check_neg(unsafe { sys::virConnectGetLibVersion(con, &mut v) }).or_die(p)?;
    call.ret(p.uint(v as u64));
    Ok(())
});

xsub!(fn get_library_version(call) {
    // The reference declares one ignored argument, shown as "void" in its usage message.
    call.arity(1, 1, c!("void"))?;
    let p = call.perl();
    let mut v: libc::c_ulong = 0;
    // SAFETY: only the version out pointer; NULL asks for libvirt's own version.
    check_neg(unsafe { sys::virGetVersion(&mut v, std::ptr::null(), std::ptr::null_mut()) })
        .or_die(p)?;
    call.ret(p.uint(v as u64));
    Ok(())
});

xsub!(fn is_alive(call) {
    call.arity(1, 1, c!("conn"))?;
    let con = call.handle_as(0, &CONNECT, "conn")? as sys::virConnectPtr;
    // SAFETY: as above.
    let r = unsafe { sys::virConnectIsAlive(con) };
    ret_int(call, r)
});

xsub!(fn is_secure(call) {
    call.arity(1, 1, c!("conn"))?;
    let con = call.handle_as(0, &CONNECT, "conn")? as sys::virConnectPtr;
    // SAFETY: as above.
    let r = unsafe { sys::virConnectIsSecure(con) };
    ret_int(call, r)
});

xsub!(fn is_encrypted(call) {
    call.arity(1, 1, c!("conn"))?;
    let con = call.handle_as(0, &CONNECT, "conn")? as sys::virConnectPtr;
    // SAFETY: as above.
    let r = unsafe { sys::virConnectIsEncrypted(con) };
    ret_int(call, r)
});

xsub!(fn get_capabilities(call) {
    call.arity(1, 1, c!("con"))?;
    let con = con(call)?;
    let p = call.perl();
    // SAFETY: as above.
    let xml = unsafe { take_lv_string(sys::virConnectGetCapabilities(con)) }.or_die(p)?;
    call.ret(p.str(xml.to_bytes()));
    Ok(())
});

xsub!(fn get_node_info(call) {
    call.arity(1, 1, c!("con"))?;
    let con = con(call)?;
    let p = call.perl();
    // SAFETY: virNodeInfo is plain data; libvirt fills it.
    let mut info: sys::virNodeInfo = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    check_neg(unsafe { sys::virNodeGetInfo(con, &mut info) }).or_die(p)?;
    // SAFETY: model is a NUL-terminated char array inside info.
    let model = unsafe { CStr::from_ptr(info.model.as_ptr()) };
    let mut h = p.hash();
    h.store("model", p.str(model.to_bytes()));
    h.store("memory", p.uint(info.memory as u64));
    h.store("cpus", p.uint(info.cpus as u64));
    h.store("mhz", p.uint(info.mhz as u64));
    h.store("nodes", p.uint(info.nodes as u64));
    h.store("sockets", p.uint(info.sockets as u64));
    h.store("cores", p.uint(info.cores as u64));
    h.store("threads", p.uint(info.threads as u64));
    call.ret(h.into_ref());
    Ok(())
});

xsub!(fn get_max_vcpus(call) {
    call.arity(2, 2, c!("con, type"))?;
    // As in XS, the plain arguments are converted (with their warnings) before the
    // object is checked; the same below.
    let ty = call.cstr(1, "type")?;
    let con = con(call)?;
    // SAFETY: as above; ty is NUL-terminated for the call.
    let r = unsafe { sys::virConnectGetMaxVcpus(con, ty.as_ptr()) };
    drop(ty);
    ret_int(call, r)
});

xsub!(fn get_node_free_memory(call) {
    call.arity(1, 1, c!("con"))?;
    let con = con(call)?;
    let p = call.perl();
    // SAFETY: as above.
    let mem = unsafe { sys::virNodeGetFreeMemory(con) };
    if mem == 0 {
        return Err(super::die_with(p, &Error::last()));
    }
    call.ret(p.uint(mem));
    Ok(())
});

xsub!(fn get_node_cells_free_memory(call) {
    call.arity(3, 3, c!("con, start, end"))?;
    let start = call.iv(1) as libc::c_int;
    let end = call.iv(2) as libc::c_int;
    let con = con(call)?;
    let p = call.perl();
    // Cells start..=end, counted in C int arithmetic as the reference does; a count below
    // one goes to libvirt, which rejects it (the reference would try to allocate it first).
    // No host has MAX_CELLS NUMA cells, so asking for fewer changes no answer.
    const MAX_CELLS: libc::c_int = 1 << 16;
    let count = end.wrapping_sub(start).wrapping_add(1).min(MAX_CELLS);
    let mut mems: Vec<libc::c_ulonglong> = vec![0; count.max(0) as usize];
    // SAFETY: mems has room for count cells (libvirt writes nothing when count < 1).
    let got = check_neg(unsafe {
        sys::virNodeGetCellsFreeMemory(con, mems.as_mut_ptr(), start, count)
    })
    .or_die(p)?;
    call.reserve(got as usize);
    for m in &mems[..got as usize] {
        call.ret(p.uint(*m));
    }
    Ok(())
});

xsub!(fn list_all_domains(call) {
    call.arity(1, 2, c!("con, flags=0"))?;
    let con = con(call)?;
    let flags = call.flags(1);
    let p = call.perl();
    let mut doms: *mut sys::virDomainPtr = std::ptr::null_mut();
    // SAFETY: as above; libvirt allocates the array, which is freed below after every
    // element has been handed to a Perl object.
    let n = check_neg(unsafe { sys::virConnectListAllDomains(con, &mut doms, flags) }).or_die(p)?;
    let objects = p.objects(&DOMAIN);
    // SAFETY: n valid domain handles, each reference moving into its object; then the array
    // itself, allocated by libvirt.
    unsafe {
        call.ret_objects(&objects, array_slice(doms, n as usize));
        libc::free(doms as *mut libc::c_void);
    }
    Ok(())
});

/// How many entries to make room for when the caller allows `max`: a large `max` is cut
/// to how many exist (`count` asks libvirt), so it cannot make us allocate gigabytes; a
/// negative one is passed on for libvirt to refuse.
fn room_for(max: libc::c_int, count: impl FnOnce() -> libc::c_int) -> Result<libc::c_int, Error> {
    const SMALL: libc::c_int = 4096;
    if max <= SMALL {
        return Ok(max);
    }
    Ok(max.min(check_neg(count())?))
}

xsub!(fn num_of_domains(call) {
    call.arity(1, 1, c!("con"))?;
    let con = con(call)?;
    // SAFETY: as above.
    let r = unsafe { sys::virConnectNumOfDomains(con) };
    ret_int(call, r)
});

xsub!(fn num_of_defined_domains(call) {
    call.arity(1, 1, c!("con"))?;
    let con = con(call)?;
    // SAFETY: as above.
    let r = unsafe { sys::virConnectNumOfDefinedDomains(con) };
    ret_int(call, r)
});

xsub!(fn list_domain_ids(call) {
    call.arity(2, 2, c!("con, maxids"))?;
    let max = call.iv(1) as libc::c_int; // a C int, as the reference converts it
    let con = con(call)?;
    let p = call.perl();
    // SAFETY: a live connection handle.
    let max = room_for(max, || unsafe { sys::virConnectNumOfDomains(con) }).or_die(p)?;
    let mut ids: Vec<libc::c_int> = vec![0; max.max(0) as usize];
    // SAFETY: ids has room for max entries (a negative max is rejected by libvirt).
    let n = check_neg(unsafe { sys::virConnectListDomains(con, ids.as_mut_ptr(), max) })
        .or_die(p)?;
    call.reserve(n as usize);
    for id in &ids[..n as usize] {
        call.ret(p.int(*id as i64));
    }
    Ok(())
});

xsub!(fn list_defined_domain_names(call) {
    call.arity(2, 2, c!("con, maxnames"))?;
    let max = call.iv(1) as libc::c_int; // a C int, as the reference converts it
    let con = con(call)?;
    let p = call.perl();
    // SAFETY: a live connection handle.
    let max = room_for(max, || unsafe { sys::virConnectNumOfDefinedDomains(con) }).or_die(p)?;
    let mut names: Vec<*mut libc::c_char> = vec![std::ptr::null_mut(); max.max(0) as usize];
    // SAFETY: names has room for max entries; each returned string is ours to free.
    let n = check_neg(unsafe {
        sys::virConnectListDefinedDomains(con, names.as_mut_ptr(), max)
    })
    .or_die(p)?;
    call.reserve(n as usize);
    for &name in &names[..n as usize] {
        // SAFETY: a malloc'ed string from libvirt; LvString frees it.
        if let Some(s) = unsafe { LvString::from_raw(name) } {
            call.ret(p.str(s.to_bytes()));
        }
    }
    Ok(())
});

xsub!(fn destroy(call) {
    call.arity(1, 1, c!("con_rv"))?;
    let ptr = call.take_handle(0, &CONNECT);
    // SAFETY: the object's reference, taken out of it.
    unsafe { CONNECT.release(ptr) };
    Ok(())
});
