//! `Sys::Virt::Domain`: a guest. The Perl-level parts (`_new`, and `create_checkpoint` and
//! `get_checkpoint_by_name`, which go through `Sys::Virt::DomainCheckpoint->_new` as in the
//! XS module) are in lib/Sys/Virt/Domain.pm; `list_all_checkpoints` and the backup calls
//! are here, since they are methods of the domain in Perl.

use super::{typed_params, OrDie, CHECKPOINT, CONNECT, DOMAIN, SNAPSHOT, STREAM};
use crate::c;
use crate::libvirt::array_slice;
use crate::libvirt::cstring::take_lv_string;
use crate::libvirt::error::check_neg;
use crate::methods;
use perlxs::{xsub, Boot, Call, Fail};
use virt::sys;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    b.method(c!("Sys::Virt::Domain::get_id"), 1, 0, get_id);
    b.method(c!("Sys::Virt::Domain::get_state"), 1, 1, get_state);
    b.method(
        c!("Sys::Virt::Domain::get_scheduler_parameters"),
        1,
        1,
        get_scheduler_parameters,
    );
    b.method(
        c!("Sys::Virt::Domain::set_scheduler_parameters"),
        2,
        1,
        set_scheduler_parameters,
    );
    b.method(c!("Sys::Virt::Domain::get_job_stats"), 1, 1, get_job_stats);
    register_irregular(b);
    b.constants("Sys::Virt::Domain", crate::consts::domain::CONSTANTS);
}

methods! {
    package "Sys::Virt::Domain";
    fn _lookup_by_name(con: CONNECT, name: str) -> object(DOMAIN): virDomainLookupByName(con, name);
    fn _lookup_by_id(con: CONNECT, id: int) -> object(DOMAIN): virDomainLookupByID(con, id);
    fn _lookup_by_uuid(con: CONNECT, uuid: uuid) -> object(DOMAIN): virDomainLookupByUUID(con, uuid);
    fn _lookup_by_uuid_string(con: CONNECT, uuid: str) -> object(DOMAIN):
        virDomainLookupByUUIDString(con, uuid);
    fn _define_xml(con: CONNECT, xml: str, flags: uint = 0) -> object(DOMAIN):
        virDomainDefineXMLFlags(con, xml, flags) if flags else virDomainDefineXML(con, xml);
    fn _create(con: CONNECT, xml: str, flags: uint = 0) -> object(DOMAIN):
        virDomainCreateXML(con, xml, flags);
    fn get_name(dom: DOMAIN) -> borrowed_str: virDomainGetName(dom);
    fn get_uuid(dom: DOMAIN) -> uuid(buf): virDomainGetUUID(dom, buf);
    fn get_uuid_string(dom: DOMAIN) -> uuid_string(buf): virDomainGetUUIDString(dom, buf);
    fn get_xml_description(dom: DOMAIN, flags: uint = 0) -> owned_str: virDomainGetXMLDesc(dom, flags);
    fn get_info(dom: DOMAIN) -> fields(info: sys::virDomainInfo;
                                       state, maxMem, memory, nrVirtCpu, cpuTime):
        virDomainGetInfo(dom, info);
    fn is_active(dom: DOMAIN) -> int: virDomainIsActive(dom);
    fn is_persistent(dom: DOMAIN) -> int: virDomainIsPersistent(dom);
    fn is_updated(dom: DOMAIN) -> int: virDomainIsUpdated(dom);
    fn create(dom: DOMAIN, flags: uint = 0) -> done:
        virDomainCreateWithFlags(dom, flags) if flags else virDomainCreate(dom);
    // The reference reads this object without checking it: a non-object dies here.
    fn destroy(dom_rv: strict DOMAIN, flags: uint = 0) -> done:
        virDomainDestroyFlags(dom_rv, flags) if flags else virDomainDestroy(dom_rv);
    fn undefine(dom: DOMAIN, flags: uint = 0) -> done:
        virDomainUndefineFlags(dom, flags) if flags else virDomainUndefine(dom);
    fn suspend(dom: DOMAIN) -> done: virDomainSuspend(dom);
    fn resume(dom: DOMAIN) -> done: virDomainResume(dom);
    fn shutdown(dom: DOMAIN, flags: uint = 0) -> done:
        virDomainShutdownFlags(dom, flags) if flags else virDomainShutdown(dom);
    fn get_job_info(dom: DOMAIN) -> fields(info: sys::virDomainJobInfo;
            type_ as "type", timeElapsed, timeRemaining, dataTotal, dataProcessed,
            dataRemaining, memTotal, memProcessed, memRemaining, fileTotal, fileProcessed,
            fileRemaining):
        virDomainGetJobInfo(dom, info);
    fn abort_job(dom: DOMAIN, flags: uint = 0) -> done:
        virDomainAbortJobFlags(dom, flags) if flags else virDomainAbortJob(dom);
    fn list_all_checkpoints(dom: DOMAIN, flags: uint = 0) -> objects(CHECKPOINT, checkpoints):
        virDomainListAllCheckpoints(dom, checkpoints, flags);
    fn backup_begin(dom: DOMAIN, backupxmlsv: opt_str, checkpointxmlsv: opt_str,
                    flags: uint = 0) -> done:
        virDomainBackupBegin(dom, backupxmlsv, checkpointxmlsv, flags);
    fn backup_get_xml_description(dom: DOMAIN, flags: uint = 0) -> owned_str:
        virDomainBackupGetXMLDesc(dom, flags);

    fn reboot(dom: DOMAIN, flags: uint = 0) -> done: virDomainReboot(dom, flags);
    fn reset(dom: DOMAIN, flags: uint = 0) -> done: virDomainReset(dom, flags);
    fn inject_nmi(dom: DOMAIN, flags: uint = 0) -> done: virDomainInjectNMI(dom, flags);
    fn pm_wakeup(dom: DOMAIN, flags: uint = 0) -> done: virDomainPMWakeup(dom, flags);
    fn rename(dom: DOMAIN, newname: str, flags: uint = 0) -> done:
        virDomainRename(dom, newname, flags);
    fn managed_save(dom: DOMAIN, flags: uint = 0) -> done: virDomainManagedSave(dom, flags);
    fn has_managed_save_image(dom: DOMAIN, flags: uint = 0) -> int:
        virDomainHasManagedSaveImage(dom, flags);
    fn managed_save_remove(dom: DOMAIN, flags: uint = 0) -> done:
        virDomainManagedSaveRemove(dom, flags);
    fn managed_save_get_xml_description(dom: DOMAIN, flags: uint = 0) -> owned_str:
        virDomainManagedSaveGetXMLDesc(dom, flags);
    fn managed_save_define_xml(dom: DOMAIN, xml: str, flags: uint = 0) -> done:
        virDomainManagedSaveDefineXML(dom, xml, flags);
    fn core_dump(dom: DOMAIN, to: str, flags: uint = 0) -> done: virDomainCoreDump(dom, to, flags);
    fn core_dump_format(dom: DOMAIN, to: str, format: uint, flags: uint = 0) -> done:
        virDomainCoreDumpWithFormat(dom, to, format, flags);
    fn get_autostart(dom: DOMAIN) -> int_out(autostart): virDomainGetAutostart(dom, autostart);
    fn set_autostart(dom: DOMAIN, autostart: int) -> done: virDomainSetAutostart(dom, autostart);
    fn get_autostart_once(dom: DOMAIN) -> int_out(autostart):
        virDomainGetAutostartOnce(dom, autostart);
    fn set_autostart_once(dom: DOMAIN, autostart: int) -> done:
        virDomainSetAutostartOnce(dom, autostart);
    fn del_throttle_group(dom: DOMAIN, group: str, flags: uint = 0) -> done:
        virDomainDelThrottleGroup(dom, group, flags);
    // As in the reference, -1 (a failure) is returned, not raised.
    fn get_max_vcpus(dom: DOMAIN) -> raw_int: virDomainGetMaxVcpus(dom);
    fn get_os_type(dom: DOMAIN) -> owned_str: virDomainGetOSType(dom);
    fn get_hostname(dom: DOMAIN, flags: uint = 0) -> owned_str: virDomainGetHostname(dom, flags);
    fn set_max_memory(dom: DOMAIN, val: ulong) -> done: virDomainSetMaxMemory(dom, val);
    fn set_memory(dom: DOMAIN, val: ulong, flags: uint = 0) -> done:
        virDomainSetMemoryFlags(dom, val, flags) if flags else virDomainSetMemory(dom, val);
    fn set_vcpus(dom: DOMAIN, num: uint, flags: uint = 0) -> done:
        virDomainSetVcpusFlags(dom, num, flags) if flags else virDomainSetVcpus(dom, num);
    fn set_memory_stats_period(dom: DOMAIN, val: int, flags: uint = 0) -> done:
        virDomainSetMemoryStatsPeriod(dom, val, flags);
    fn attach_device(dom: DOMAIN, xml: str, flags: uint = 0) -> done:
        virDomainAttachDeviceFlags(dom, xml, flags) if flags else virDomainAttachDevice(dom, xml);
    fn detach_device(dom: DOMAIN, xml: str, flags: uint = 0) -> done:
        virDomainDetachDeviceFlags(dom, xml, flags) if flags else virDomainDetachDevice(dom, xml);
    fn update_device(dom: DOMAIN, xml: str, flags: uint = 0) -> done:
        virDomainUpdateDeviceFlags(dom, xml, flags);
    fn detach_device_alias(dom: DOMAIN, alias: str, flags: uint = 0) -> done:
        virDomainDetachDeviceAlias(dom, alias, flags);
    fn set_user_password(dom: DOMAIN, username: str, password: str, flags: uint = 0) -> done:
        virDomainSetUserPassword(dom, username, password, flags);
    fn add_iothread(dom: DOMAIN, iothread_id: uint, flags: uint = 0) -> done:
        virDomainAddIOThread(dom, iothread_id, flags);
    fn del_iothread(dom: DOMAIN, iothread_id: uint, flags: uint = 0) -> done:
        virDomainDelIOThread(dom, iothread_id, flags);
    fn migrate_start_post_copy(dom: DOMAIN, flags: uint = 0) -> done:
        virDomainMigrateStartPostCopy(dom, flags);
    fn migrate_get_max_speed(dom: DOMAIN, flags: uint = 0) -> ulong_out(bandwidth):
        virDomainMigrateGetMaxSpeed(dom, bandwidth, flags);
    fn migrate_set_max_speed(dom: DOMAIN, bandwidth: ulong, flags: uint = 0) -> done:
        virDomainMigrateSetMaxSpeed(dom, bandwidth, flags);
    fn migrate_get_max_downtime(dom: DOMAIN, flags: uint = 0) -> ullong_out(downtime):
        virDomainMigrateGetMaxDowntime(dom, downtime, flags);
    fn migrate_set_max_downtime(dom: DOMAIN, downtime: ullong_sv, flags: uint = 0) -> done:
        virDomainMigrateSetMaxDowntime(dom, downtime, flags);
    fn migrate_get_compression_cache(dom: DOMAIN, flags: uint = 0) -> ullong_out(size):
        virDomainMigrateGetCompressionCache(dom, size, flags);
    fn migrate_set_compression_cache(dom: DOMAIN, cacheSizeSv: ullong_sv, flags: uint = 0)
        -> done: virDomainMigrateSetCompressionCache(dom, cacheSizeSv, flags);
    fn get_max_memory(dom: DOMAIN) -> ulong_nonzero: virDomainGetMaxMemory(dom);
    fn set_agent_response_timeout(dom: DOMAIN, timeout: int, flags: uint = 0) -> done:
        virDomainAgentSetResponseTimeout(dom, timeout, flags);
    fn pm_suspend_for_duration(dom: DOMAIN, target: uint, duration: ullong_sv,
                               flags: uint = 0) -> done:
        virDomainPMSuspendForDuration(dom, target, duration, flags);
    fn send_process_signal(dom: DOMAIN, pidsv: llong_sv, signum: uint, flags: uint = 0) -> done:
        virDomainSendProcessSignal(dom, pidsv, signum, flags);
    fn block_resize(dom: DOMAIN, disk: str, size: ullong_sv, flags: uint = 0) -> done:
        virDomainBlockResize(dom, disk, size, flags);
    fn abort_block_job(dom: DOMAIN, path: str, flags: uint = 0) -> done:
        virDomainBlockJobAbort(dom, path, flags);
    fn set_block_job_speed(dom: DOMAIN, path: str, bandwidth: ulong, flags: uint = 0) -> done:
        virDomainBlockJobSetSpeed(dom, path, bandwidth, flags);
    fn block_pull(dom: DOMAIN, path: str, bandwidth: ulong, flags: uint = 0) -> done:
        virDomainBlockPull(dom, path, bandwidth, flags);
    fn set_block_threshold(dom: DOMAIN, dev: str, thresholdsv: ullong_sv, flags: uint = 0)
        -> done: virDomainSetBlockThreshold(dom, dev, thresholdsv, flags);
    fn open_console(dom: DOMAIN, st: STREAM, devname: opt_str, flags: uint = 0) -> done:
        virDomainOpenConsole(dom, devname, st, flags);
    fn open_channel(dom: DOMAIN, st: STREAM, devname: opt_str, flags: uint = 0) -> done:
        virDomainOpenChannel(dom, devname, st, flags);
    fn screenshot(dom: DOMAIN, st: STREAM, screen: uint, flags: uint = 0) -> owned_str:
        virDomainScreenshot(dom, st, screen, flags);
    fn fs_trim(dom: DOMAIN, mountPoint: str, minimumsv: ullong_sv, flags: uint = 0) -> done:
        virDomainFSTrim(dom, mountPoint, minimumsv, flags);
    fn set_time(dom: DOMAIN, secssv: llong_sv, nsecs: uint, flags: uint = 0) -> done:
        virDomainSetTime(dom, secssv, nsecs, flags);
    fn open_graphics(dom: DOMAIN, idx: uint, fd: int, flags: uint = 0) -> done:
        virDomainOpenGraphics(dom, idx, fd, flags);
    fn open_graphics_fd(dom: DOMAIN, idx: uint, flags: uint = 0) -> int:
        virDomainOpenGraphicsFD(dom, idx, flags);
    fn set_vcpu(dom: DOMAIN, cpumap: str, state: int, flags: uint = 0) -> done:
        virDomainSetVcpu(dom, cpumap, state, flags);
    fn set_guest_vcpus(dom: DOMAIN, cpumap: str, state: int, flags: uint = 0) -> done:
        virDomainSetGuestVcpus(dom, cpumap, state, flags);
    fn num_of_snapshots(dom: DOMAIN, flags: uint = 0) -> int: virDomainSnapshotNum(dom, flags);
    fn has_current_snapshot(dom: DOMAIN, flags: uint = 0) -> int:
        virDomainHasCurrentSnapshot(dom, flags);
    fn current_snapshot(dom: DOMAIN, flags: uint = 0) -> object(SNAPSHOT):
        virDomainSnapshotCurrent(dom, flags);
    fn list_all_snapshots(dom: DOMAIN, flags: uint = 0) -> objects(SNAPSHOT, snapshots):
        virDomainListAllSnapshots(dom, snapshots, flags);
    fn list_snapshot_names(dom: DOMAIN, maxnames: int, flags: uint = 0)
        -> names(names, maxnames, virDomainSnapshotNum(dom, flags)):
        virDomainSnapshotListNames(dom, names, maxnames, flags);
    fn get_vcpus(dom: DOMAIN, flags: uint = 0) -> int: virDomainGetVcpusFlags(dom, flags);
    fn block_commit(dom: DOMAIN, path: str, base: str, top: str, bandwidth: ulong,
                    flags: uint = 0) -> done:
        virDomainBlockCommit(dom, path, base, top, bandwidth, flags);
    fn block_rebase(dom: DOMAIN, path: str, base: str, bandwidth: ulong, flags: uint = 0)
        -> done: virDomainBlockRebase(dom, path, base, bandwidth, flags);
    fn get_block_job_info(dom: DOMAIN, path: str, flags: uint = 0)
        -> fields(info: sys::virDomainBlockJobInfo; type_ as "type", bandwidth, cur, end):
        virDomainGetBlockJobInfo(dom, path, info, flags);
    // The parameter count libvirt also reports is not returned, as in the reference.
    fn get_scheduler_type(dom: DOMAIN) -> owned_str:
        virDomainGetSchedulerType(dom, &mut 0 as *mut libc::c_int);
    fn get_control_info(dom: DOMAIN, flags: uint = 0) -> fields(info: sys::virDomainControlInfo;
                                                               state, details, stateTime):
        virDomainGetControlInfo(dom, info, flags);
    fn get_block_info(dom: DOMAIN, dev: str, flags: uint = 0)
        -> fields(info: sys::virDomainBlockInfo; capacity, allocation, physical):
        virDomainGetBlockInfo(dom, dev, info, flags);
    fn get_security_label(dom: DOMAIN) -> fields(label: sys::virSecurityLabel; label, enforcing):
        virDomainGetSecurityLabel(dom, label);
    fn interface_stats(dom: DOMAIN, path: str) -> fields(stats: sys::virDomainInterfaceStatsStruct;
            rx_bytes, rx_packets, rx_errs, rx_drop, tx_bytes, tx_packets, tx_errs, tx_drop):
        virDomainInterfaceStats(dom, path, stats,
                                std::mem::size_of::<sys::virDomainInterfaceStatsStruct>());
}

/// The domain's id: libvirt answers (unsigned)-1 for an inactive domain, which the
/// reference shows as -1.
fn domain_id(d: sys::virDomainPtr) -> i64 {
    // SAFETY: a domain handle (or NULL, which libvirt rejects with (unsigned)-1).
    unsafe { sys::virDomainGetID(d) as libc::c_int as i64 }
}

xsub!(fn get_id(call) {
    call.arity(1, 1, c!("dom"))?;
    let d = call.object(0, &DOMAIN)?;
    call.ret_int(domain_id(d.ptr()));
    Ok(())
});

xsub!(pub fn get_id_async(call) {
    call.arity(1, 1, c!("dom"))?;
    let d = call.object(0, &DOMAIN)?;
    let d = Held::take(&DOMAIN, d.ptr());
    crate::perl::r#async::submit(call, move || {
        let id = domain_id(d.ptr());
        crate::perl::r#async::ok(move |p| vec![p.int(id)])
    })
});

/// The domain's state and its reason.
fn domain_state(d: sys::virDomainPtr, flags: u32) -> Result<(i32, i32), crate::libvirt::Error> {
    let (mut state, mut reason) = (0, 0);
    // SAFETY: a domain handle and two out ints.
    check_neg(unsafe { sys::virDomainGetState(d, &mut state, &mut reason, flags) })?;
    Ok((state, reason))
}

xsub!(fn get_state(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(1);
    let p = call.perl();
    let (state, reason) = domain_state(d.ptr(), flags).or_die(p)?;
    call.ret(p.int(state as i64));
    call.ret(p.int(reason as i64));
    Ok(())
});

xsub!(pub fn get_state_async(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(1);
    let d = Held::take(&DOMAIN, d.ptr());
    crate::perl::r#async::submit(call, move || {
        let (state, reason) = domain_state(d.ptr(), flags)?;
        crate::perl::r#async::ok(move |p| vec![p.int(state as i64), p.int(reason as i64)])
    })
});

/// The domain's scheduler parameters as libvirt reports them (names, types, values), in
/// scratch memory; string values libvirt allocated are the caller's to free (`clear_params`).
fn scheduler_params<'a>(
    call: &Call,
    d: sys::virDomainPtr,
    flags: u32,
) -> Result<&'a mut [sys::virTypedParameter], Fail> {
    let p = call.perl();
    let mut n: libc::c_int = 0;
    // SAFETY: a domain handle; the returned type name is ours to free.
    let ty = unsafe { take_lv_string(sys::virDomainGetSchedulerType(d, &mut n)) }.or_die(p)?;
    drop(ty);
    let params = p.scratch::<sys::virTypedParameter>(n.max(0) as usize);
    // SAFETY: params has room for n entries.
    check_neg(unsafe {
        if flags != 0 {
            sys::virDomainGetSchedulerParametersFlags(d, params.as_mut_ptr(), &mut n, flags)
        } else {
            sys::virDomainGetSchedulerParameters(d, params.as_mut_ptr(), &mut n)
        }
    })
    .or_die(p)?;
    let n = (n.max(0) as usize).min(params.len());
    Ok(&mut params[..n])
}

/// Frees the strings libvirt may have put into a parameter list (not the list itself).
fn clear_params(params: &mut [sys::virTypedParameter]) {
    // SAFETY: virTypedParamsClear frees only string values, which libvirt allocated.
    unsafe { sys::virTypedParamsClear(params.as_mut_ptr(), params.len() as libc::c_int) }
}

xsub!(fn get_scheduler_parameters(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(1);
    let p = call.perl();
    let params = scheduler_params(call, d.ptr(), flags)?;
    let h = typed_params::to_hash(p, params);
    clear_params(params);
    call.ret(h.into_ref());
    Ok(())
});

xsub!(fn set_scheduler_parameters(call) {
    call.arity(2, 3, c!("dom, newparams, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let Some(newparams) = call.hash_arg(1) else {
        return Err(Fail::Message(format!(
            "{}: newparams is not a HASH reference",
            call.sub_name()
        )));
    };
    let flags = call.flags(2);
    let p = call.perl();
    // The current values are read without the caller's flags (those are for the change).
    // Their strings are freed before the caller's hash is read, whose code may die.
    let current = scheduler_params(call, d.ptr(), 0)?;
    clear_params(current);
    let params = typed_params::update_from_hash(call, current, &newparams)?;
    // SAFETY: a domain handle and a list of parameters in scratch memory, whose strings
    // live until the statement ends.
    let r = unsafe {
        if flags != 0 {
            sys::virDomainSetSchedulerParametersFlags(
                d.ptr(),
                params.as_mut_ptr(),
                params.len() as _,
                flags,
            )
        } else {
            sys::virDomainSetSchedulerParameters(d.ptr(), params.as_mut_ptr(), params.len() as _)
        }
    };
    check_neg(r).or_die(p)?;
    Ok(())
});

xsub!(fn get_job_stats(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(1);
    let p = call.perl();
    let mut ty: libc::c_int = 0;
    let mut params: sys::virTypedParameterPtr = std::ptr::null_mut();
    let mut n: libc::c_int = 0;
    // SAFETY: a domain handle; libvirt allocates the list, freed below.
    check_neg(unsafe { sys::virDomainGetJobStats(d.ptr(), &mut ty, &mut params, &mut n, flags) })
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

// ---------------------------------------------------------------------------------------
// Irregular methods: metadata, time, statistics and lists of records, CPU pinning, peeks,
// keys and file systems, typed parameters, saving, starting with files, migration.
// ---------------------------------------------------------------------------------------

use crate::libvirt::{api, Error};
use crate::perl::r#async::Held;
use crate::perl::rows::{self, int_list, not_array, opt_ptr, str_list};
use perlxs::Perl;
use std::ffi::CStr;

crate::metadata_methods!(DOMAIN, "dom", virDomainGetMetadata, virDomainSetMetadata);

xsub!(fn set_lifecycle_action(call) {
    call.arity(3, 4, c!("dom, type, action, flags=0"))?;
    let ty = call.uv(1) as libc::c_uint;
    let action = call.uv(2) as libc::c_uint;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(3);
    // SAFETY: a domain handle.
    let r = unsafe { sys::virDomainSetLifecycleAction(d.ptr(), ty, action, flags) };
    rows::done(call, r)
});

// Written out for its usage message, which spells the default "flags = 0".
xsub!(fn start_dirty_rate_calc(call) {
    call.arity(2, 3, c!("dom, secs, flags = 0"))?;
    let secs = call.iv(1) as libc::c_int;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(2);
    // SAFETY: a domain handle.
    let r = unsafe { sys::virDomainStartDirtyRateCalc(d.ptr(), secs, flags) };
    rows::done(call, r)
});

xsub!(fn get_time(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(1);
    let p = call.perl();
    let (mut secs, mut nsecs): (libc::c_longlong, libc::c_uint) = (0, 0);
    // SAFETY: a domain handle and two out values.
    check_neg(unsafe { sys::virDomainGetTime(d.ptr(), &mut secs, &mut nsecs, flags) }).or_die(p)?;
    let mut a = p.array();
    // The reference gives the seconds as an unsigned number.
    a.push(p.uint(secs as u64));
    a.push(p.int(nsecs as libc::c_int as i64));
    call.ret(a.into_ref());
    Ok(())
});

/// A C string libvirt filled in, as Perl's string ("" for NULL, as newSVpv gives).
fn c_str(p: Perl, s: *const libc::c_char) -> perlxs::Owned {
    if s.is_null() {
        p.str(b"")
    } else {
        // SAFETY: a NUL-terminated string inside a record libvirt filled in.
        p.str(unsafe { CStr::from_ptr(s) }.to_bytes())
    }
}

xsub!(fn get_security_label_list(call) {
    call.arity(1, 1, c!("dom"))?;
    let d = call.object(0, &DOMAIN)?;
    let p = call.perl();
    let mut labels: sys::virSecurityLabelPtr = std::ptr::null_mut();
    // SAFETY: a domain handle; libvirt allocates the array, freed below.
    let n = check_neg(unsafe { sys::virDomainGetSecurityLabelList(d.ptr(), &mut labels) })
        .or_die(p)?;
    call.reserve(n as usize);
    // SAFETY: n labels libvirt filled in.
    for l in unsafe { crate::libvirt::array_slice(labels, n as usize) } {
        let mut h = p.hash();
        h.store("label", p.str(rows::c_chars(&l.label)));
        h.store("enforcing", p.int(l.enforcing as i64));
        call.ret(h.into_ref());
    }
    // SAFETY: the array libvirt allocated.
    unsafe { libc::free(labels as *mut libc::c_void) };
    Ok(())
});

/// How many bytes a CPU map of the host takes, from its node information.
fn cpu_map_len(call: &Call, d: sys::virDomainPtr) -> Result<usize, Fail> {
    let p = call.perl();
    // SAFETY: zeroed plain C data for libvirt to fill.
    let mut info: sys::virNodeInfo = unsafe { std::mem::zeroed() };
    // SAFETY: the domain's own connection (borrowed, not referenced) and an out struct.
    check_neg(unsafe { sys::virNodeGetInfo(sys::virDomainGetConnect(d), &mut info) }).or_die(p)?;
    let cpus =
        info.nodes as usize * info.sockets as usize * info.cores as usize * info.threads as usize;
    Ok(cpus.div_ceil(8))
}

xsub!(fn get_emulator_pin_info(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(1);
    let p = call.perl();
    let maplen = cpu_map_len(call, d.ptr())?;
    let map = p.scratch::<u8>(maplen);
    // SAFETY: a domain handle and a map of maplen bytes.
    check_neg(unsafe {
        sys::virDomainGetEmulatorPinInfo(d.ptr(), map.as_mut_ptr(), maplen as libc::c_int, flags)
    })
    .or_die(p)?;
    call.ret(p.str(map));
    Ok(())
});

xsub!(fn get_vcpu_info(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(1);
    let p = call.perl();
    let maplen = cpu_map_len(call, d.ptr())?;
    // SAFETY: zeroed plain C data for libvirt to fill.
    let mut dinfo: sys::virDomainInfo = unsafe { std::mem::zeroed() };
    // SAFETY: a domain handle and an out struct.
    check_neg(unsafe { sys::virDomainGetInfo(d.ptr(), &mut dinfo) }).or_die(p)?;
    let nvcpus = dinfo.nrVirtCpu as usize;
    let maps = p.scratch::<u8>(nvcpus * maplen);
    let info = p.scratch::<sys::virVcpuInfo>(nvcpus);
    let mut have_info = false;
    let mut got: libc::c_int = -1;
    if flags == 0 {
        // SAFETY: room for nvcpus records and maps of maplen bytes each.
        got = unsafe {
            sys::virDomainGetVcpus(d.ptr(), info.as_mut_ptr(), nvcpus as libc::c_int,
                                   maps.as_mut_ptr(), maplen as libc::c_int)
        };
        if got >= 0 {
            have_info = true;
        } else if Error::last_code() != sys::VIR_ERR_OPERATION_INVALID as i32 {
            return Err(super::die_with(p, &Error::last()));
        }
    }
    if !have_info {
        // An inactive domain (or flags given): only the pinning is known.
        // SAFETY: as above.
        got = check_neg(unsafe {
            sys::virDomainGetVcpuPinInfo(d.ptr(), nvcpus as libc::c_int, maps.as_mut_ptr(),
                                         maplen as libc::c_int, flags)
        })
        .or_die(p)?;
    }
    let got = (got.max(0) as usize).min(nvcpus);
    call.reserve(got);
    for i in 0..got {
        let mut h = p.hash();
        h.store("number", p.int(i as i64));
        if have_info {
            h.store("state", p.int(info[i].state as i64));
            h.store("cpuTime", p.uint(info[i].cpuTime));
            h.store("cpu", p.int(info[i].cpu as i64));
        } else {
            h.store("state", p.int(0));
            h.store("cpuTime", p.uint(0));
            h.store("cpu", p.int(0));
        }
        h.store("affinity", p.str(&maps[i * maplen..(i + 1) * maplen]));
        call.ret(h.into_ref());
    }
    Ok(())
});

xsub!(fn pin_vcpu(call) {
    call.arity(3, 4, c!("dom, vcpu, mask, flags=0"))?;
    let vcpu = call.uv(1) as libc::c_uint;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(3);
    let mask = call.bytes(2);
    let (m, n) = (mask.as_ptr() as *mut libc::c_uchar, mask.len() as libc::c_int);
    // SAFETY: a domain handle and a map of n bytes, which libvirt only reads.
    let r = unsafe {
        if flags != 0 {
            sys::virDomainPinVcpuFlags(d.ptr(), vcpu, m, n, flags)
        } else {
            sys::virDomainPinVcpu(d.ptr(), vcpu, m, n)
        }
    };
    rows::done(call, r)
});

xsub!(fn pin_emulator(call) {
    call.arity(2, 3, c!("dom, mask, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(2);
    let mask = call.bytes(1);
    // SAFETY: a domain handle and a map libvirt only reads.
    let r = unsafe {
        sys::virDomainPinEmulator(d.ptr(), mask.as_ptr() as *mut _, mask.len() as _, flags)
    };
    rows::done(call, r)
});

xsub!(fn pin_iothread(call) {
    call.arity(3, 4, c!("dom, iothread_id, mask, flags=0"))?;
    let id = call.uv(1) as libc::c_uint;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(3);
    let mask = call.bytes(2);
    // SAFETY: a domain handle and a map libvirt only reads.
    let r = unsafe {
        sys::virDomainPinIOThread(d.ptr(), id, mask.as_ptr() as *mut _, mask.len() as _, flags)
    };
    rows::done(call, r)
});

xsub!(fn get_iothread_info(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(1);
    let p = call.perl();
    let mut list: *mut sys::virDomainIOThreadInfoPtr = std::ptr::null_mut();
    // SAFETY: a domain handle; libvirt allocates the list, freed below.
    let n = check_neg(unsafe { sys::virDomainGetIOThreadInfo(d.ptr(), &mut list, flags) })
        .or_die(p)?;
    call.reserve(n as usize);
    // SAFETY: n records libvirt allocated, each freed after use, then the list.
    unsafe {
        for &t in crate::libvirt::array_slice(list, n as usize) {
            let mut h = p.hash();
            h.store("number", p.int((*t).iothread_id as i64));
            let map = crate::libvirt::array_slice((*t).cpumap, (*t).cpumaplen.max(0) as usize);
            h.store("affinity", p.str(map));
            call.ret(h.into_ref());
            sys::virDomainIOThreadInfoFree(t);
        }
        libc::free(list as *mut libc::c_void);
    }
    Ok(())
});

xsub!(fn get_fs_info(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(1);
    let p = call.perl();
    let mut list: *mut sys::virDomainFSInfoPtr = std::ptr::null_mut();
    // SAFETY: a domain handle; libvirt allocates the list, freed below.
    let n = check_neg(unsafe { sys::virDomainGetFSInfo(d.ptr(), &mut list, flags) }).or_die(p)?;
    call.reserve(n as usize);
    // SAFETY: n records libvirt allocated, each freed after use, then the list.
    unsafe {
        for &f in crate::libvirt::array_slice(list, n as usize) {
            let mut h = p.hash();
            h.store("mountpoint", c_str(p, (*f).mountpoint));
            h.store("name", c_str(p, (*f).name));
            h.store("fstype", c_str(p, (*f).fstype));
            let mut aliases = p.array();
            for &a in crate::libvirt::array_slice((*f).devAlias, (*f).ndevAlias) {
                aliases.push(c_str(p, a));
            }
            h.store("devalias", aliases.into_ref());
            call.ret(h.into_ref());
            sys::virDomainFSInfoFree(f);
        }
        libc::free(list as *mut libc::c_void);
    }
    Ok(())
});

xsub!(fn get_interface_addresses(call) {
    call.arity(2, 3, c!("dom, src, flags=0"))?;
    let src = call.uv(1) as libc::c_uint;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(2);
    let p = call.perl();
    let mut list: *mut sys::virDomainInterfacePtr = std::ptr::null_mut();
    // SAFETY: a domain handle; libvirt allocates the list, freed below.
    let n = check_neg(unsafe { sys::virDomainInterfaceAddresses(d.ptr(), &mut list, src, flags) })
        .or_die(p)?;
    call.reserve(n as usize);
    // SAFETY: n records libvirt allocated, each freed after use, then the list.
    unsafe {
        for &i in crate::libvirt::array_slice(list, n as usize) {
            let mut h = p.hash();
            h.store("name", c_str(p, (*i).name));
            if !(*i).hwaddr.is_null() {
                h.store("hwaddr", c_str(p, (*i).hwaddr));
            }
            let mut addrs = p.array();
            for a in crate::libvirt::array_slice((*i).addrs, (*i).naddrs as usize) {
                let mut ah = p.hash();
                ah.store("type", p.int(a.type_ as i64));
                ah.store("addr", c_str(p, a.addr));
                ah.store("prefix", p.int(a.prefix as libc::c_int as i64));
                addrs.push(ah.into_ref());
            }
            h.store("addrs", addrs.into_ref());
            call.ret(h.into_ref());
            sys::virDomainInterfaceFree(i);
        }
        libc::free(list as *mut libc::c_void);
    }
    Ok(())
});

xsub!(fn get_disk_errors(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(1);
    let p = call.perl();
    // The count is asked without the caller's flags, as in the reference.
    // SAFETY: a domain handle; no array for the count.
    let max = check_neg(unsafe { sys::virDomainGetDiskErrors(d.ptr(), std::ptr::null_mut(), 0, 0) })
        .or_die(p)?;
    let errors = p.scratch::<sys::virDomainDiskError>(max as usize);
    // SAFETY: room for max records; each disk name is libvirt's to give us.
    let n = check_neg(unsafe {
        sys::virDomainGetDiskErrors(d.ptr(), errors.as_mut_ptr(), max as libc::c_uint, flags)
    })
    .or_die(p)?;
    let n = (n as usize).min(errors.len());
    call.reserve(n);
    for e in &errors[..n] {
        let mut h = p.hash();
        h.store("path", c_str(p, e.disk));
        h.store("error", p.int(e.error as i64));
        call.ret(h.into_ref());
        // SAFETY: the name libvirt allocated for this record.
        unsafe { libc::free(e.disk as *mut libc::c_void) };
    }
    Ok(())
});

xsub!(fn get_cpu_stats(call) {
    call.arity(3, 4, c!("dom, start_cpu, ncpus, flags=0"))?;
    let start = call.iv(1) as libc::c_int;
    let mut ncpus = call.uv(2) as libc::c_uint;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(3);
    let p = call.perl();
    // How many statistics one record has: for the totals (start_cpu -1) or per CPU.
    let probe_start = if start == -1 { -1 } else { 0 };
    // SAFETY: a domain handle; no array when asking for counts.
    let nparams = check_neg(unsafe {
        sys::virDomainGetCPUStats(d.ptr(), std::ptr::null_mut(), 0, probe_start, 1, 0)
    })
    .or_die(p)? as usize;
    // The totals are one record; libvirt itself refuses any ncpus but 1 for them.
    let records = if start == -1 {
        1
    } else {
        // SAFETY: as above: the number of CPUs libvirt reports on.
        let total = check_neg(unsafe {
            sys::virDomainGetCPUStats(d.ptr(), std::ptr::null_mut(), 0, 0, 0, 0)
        })
        .or_die(p)? as usize;
        if ncpus == 0 {
            ncpus = total as libc::c_uint;
        }
        (ncpus as usize).min(total.saturating_sub(start.max(0) as usize))
    };
    // libvirt writes at most one record per CPU it has from start_cpu on (and refuses an
    // nparams * ncpus beyond an unsigned int before writing anything), so that is all the
    // room needed, whatever ncpus says.
    let room = if start == -1 { 1 } else { records.max(1) };
    let params = p.scratch::<sys::virTypedParameter>(nparams * room);
    // SAFETY: room for every record libvirt writes, of nparams entries each.
    check_neg(unsafe {
        sys::virDomainGetCPUStats(d.ptr(), params.as_mut_ptr(), nparams as libc::c_uint, start,
                                  ncpus, flags)
    })
    .or_die(p)?;
    call.reserve(records);
    for r in 0..records.min(room) {
        let rec = &mut params[r * nparams..(r + 1) * nparams];
        let h = typed_params::to_hash(p, rec);
        typed_params::clear(rec);
        call.ret(h.into_ref());
    }
    Ok(())
});

/// The reference's names for the block statistics libvirt calls `*_operations` (the older
/// call's `rd_req` and `wr_req`, and `flush_reqs`).
fn block_stat_key(field: &str) -> &str {
    match field {
        "rd_operations" => "rd_req",
        "wr_operations" => "wr_req",
        "flush_operations" => "flush_reqs",
        other => other,
    }
}

xsub!(fn block_stats(call) {
    call.arity(2, 3, c!("dom, path, flags=0"))?;
    let path = call.cstr(1, "path")?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(2);
    let p = call.perl();
    let mut n: libc::c_int = 0;
    // SAFETY: a domain handle and a string; no array when asking for the count.
    let r = unsafe {
        sys::virDomainBlockStatsFlags(d.ptr(), path.as_ptr(), std::ptr::null_mut(), &mut n, flags)
    };
    let mut h = p.hash();
    if r < 0 {
        // Only the code is read here; the whole error is copied only to die with it.
        if Error::last_code() != sys::VIR_ERR_NO_SUPPORT as i32 || flags != 0 {
            return Err(super::die_with(p, &Error::last()));
        }
        // The older call, with its fixed set of five counters.
        // SAFETY: zeroed plain C data for libvirt to fill.
        let mut st: sys::virDomainBlockStatsStruct = unsafe { std::mem::zeroed() };
        // SAFETY: a domain handle, a string and the struct with its size.
        check_neg(unsafe {
            sys::virDomainBlockStats(d.ptr(), path.as_ptr(), &mut st,
                                     std::mem::size_of::<sys::virDomainBlockStatsStruct>())
        })
        .or_die(p)?;
        h.store("rd_req", p.int(st.rd_req));
        h.store("rd_bytes", p.int(st.rd_bytes));
        h.store("wr_req", p.int(st.wr_req));
        h.store("wr_bytes", p.int(st.wr_bytes));
        h.store("errs", p.int(st.errs));
    } else {
        let params = p.scratch::<sys::virTypedParameter>(n.max(0) as usize);
        // SAFETY: room for n entries.
        check_neg(unsafe {
            sys::virDomainBlockStatsFlags(d.ptr(), path.as_ptr(), params.as_mut_ptr(), &mut n, flags)
        })
        .or_die(p)?;
        let len = (n.max(0) as usize).min(params.len());
        let params = &mut params[..len];
        for tp in params.iter() {
            if let Some(v) = typed_params::value(p, tp) {
                h.store(block_stat_key(&typed_params::name(tp)), v);
            }
        }
        typed_params::clear(params);
    }
    call.ret(h.into_ref());
    Ok(())
});

/// The reference's key for each memory statistic libvirt 9.0 reports, by tag.
const MEMORY_STAT_KEYS: [&str; sys::VIR_DOMAIN_MEMORY_STAT_NR as usize] = [
    "swap_in",
    "swap_out",
    "major_fault",
    "minor_fault",
    "unused",
    "available",
    "actual_balloon",
    "rss",
    "usable",
    "last_update",
    "disk_caches",
    "hugetlb_pgalloc",
    "hugetlb_pgfail",
];

xsub!(fn memory_stats(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(1);
    let p = call.perl();
    let mut stats: [sys::virDomainMemoryStatStruct; sys::VIR_DOMAIN_MEMORY_STAT_NR as usize] =
        // SAFETY: plain C data, all zero.
        unsafe { std::mem::zeroed() };
    // SAFETY: a domain handle and room for every statistic libvirt knows.
    let got = check_neg(unsafe {
        sys::virDomainMemoryStats(d.ptr(), stats.as_mut_ptr(), stats.len() as libc::c_uint, flags)
    })
    .or_die(p)?;
    let mut h = p.hash();
    for s in &stats[..(got as usize).min(stats.len())] {
        if let Some(key) = MEMORY_STAT_KEYS.get(s.tag as usize) {
            h.store(key, p.int(s.val as i64));
        }
    }
    call.ret(h.into_ref());
    Ok(())
});

/// The most bytes a peek reads into memory at once. The reference allocates whatever it is
/// asked for (and dies of "Out of memory!" on a huge size); libvirt's daemons allow much
/// less than this anyway.
const PEEK_MAX: usize = 1 << 30;

fn peek_buffer<'a>(call: &Call, size: usize) -> Result<&'a mut [u8], Fail> {
    if size > PEEK_MAX {
        return Err(Fail::Message(format!(
            "{}() -- size {} is larger than the {} bytes a peek may read at once",
            call.sub_name(),
            size,
            PEEK_MAX
        )));
    }
    Ok(call.perl().scratch::<u8>(size))
}

xsub!(fn block_peek(call) {
    call.arity(4, 5, c!("dom, path, offset, size, flags=0"))?;
    let path = call.cstr(1, "path")?;
    let offset = call.uv(2) as libc::c_uint;
    let size = call.uv(3) as usize;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(4);
    let buf = peek_buffer(call, size)?;
    // SAFETY: a domain handle, a string and a buffer of size bytes.
    let r = unsafe {
        sys::virDomainBlockPeek(d.ptr(), path.as_ptr(), offset as u64, size,
                                buf.as_mut_ptr() as *mut libc::c_void, flags)
    };
    check_neg(r).or_die(call.perl())?;
    call.ret(call.perl().str(buf));
    Ok(())
});

xsub!(fn memory_peek(call) {
    call.arity(3, 4, c!("dom, offset, size, flags=0"))?;
    let offset = call.uv(1) as libc::c_uint;
    let size = call.uv(2) as usize;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(3);
    let buf = peek_buffer(call, size)?;
    // SAFETY: a domain handle and a buffer of size bytes.
    let r = unsafe {
        sys::virDomainMemoryPeek(d.ptr(), offset as u64, size,
                                 buf.as_mut_ptr() as *mut libc::c_void, flags)
    };
    check_neg(r).or_die(call.perl())?;
    call.ret(call.perl().str(buf));
    Ok(())
});

xsub!(fn send_key(call) {
    call.arity(4, 5, c!("dom, codeset, holdtime, keycodesSV, flags=0"))?;
    let codeset = call.uv(1) as libc::c_uint;
    let holdtime = call.uv(2) as libc::c_uint;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(4);
    // As in the reference, anything but an array reference sends nothing.
    let Some(av) = call.array_arg(3) else { return Ok(()) };
    let codes = int_list(call, &av, |v| v.iv() as libc::c_uint);
    // SAFETY: a domain handle and the key codes, read once the Perl code has run.
    let r = unsafe {
        sys::virDomainSendKey(d.ptr(), codeset, holdtime, codes.as_mut_ptr(),
                              codes.len() as libc::c_int, flags)
    };
    rows::done(call, r)
});

fn fs_freeze_thaw(
    call: &mut Call,
    f: unsafe extern "C" fn(
        sys::virDomainPtr,
        *mut *const libc::c_char,
        libc::c_uint,
        libc::c_uint,
    ) -> libc::c_int,
) -> Result<(), Fail> {
    call.arity(2, 3, c!("dom, mountPointsSV, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(2);
    let av = call
        .array_arg(1)
        .ok_or_else(|| not_array(call, "mountPointsSV"))?;
    let points = str_list(call, &av, "mountPointsSV")?;
    let ptr = if points.is_empty() {
        std::ptr::null_mut()
    } else {
        points.as_mut_ptr()
    };
    // SAFETY: a domain handle and a list of C strings alive for the statement (or NULL).
    let r = unsafe { f(d.ptr(), ptr, points.len() as libc::c_uint, flags) };
    check_neg(r).or_die(call.perl())?;
    Ok(())
}

xsub!(fn fs_freeze(call) { fs_freeze_thaw(call, sys::virDomainFSFreeze) });
xsub!(fn fs_thaw(call) { fs_freeze_thaw(call, sys::virDomainFSThaw) });

xsub!(fn authorized_ssh_keys_get(call) {
    call.arity(2, 3, c!("dom, user, flags = 0"))?;
    let user = call.cstr(1, "user")?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(2);
    let mut keys: *mut *mut libc::c_char = std::ptr::null_mut();
    // SAFETY: a domain handle and a string; libvirt allocates the list.
    let r = unsafe { sys::virDomainAuthorizedSSHKeysGet(d.ptr(), user.as_ptr(), &mut keys, flags) };
    rows::owned_strings(call, r, keys)
});

xsub!(fn authorized_ssh_keys_set(call) {
    call.arity(3, 4, c!("dom, user, keysSV, flags = 0"))?;
    let user = call.cstr(1, "user")?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(3);
    let av = call.array_arg(2).ok_or_else(|| not_array(call, "keysSV"))?;
    let keys = str_list(call, &av, "keysSV")?;
    // An empty list is passed as NULL, as the reference passes it.
    let ptr = if keys.is_empty() { std::ptr::null_mut() } else { keys.as_mut_ptr() };
    // SAFETY: a domain handle, a string and a list of C strings alive for the statement.
    let r = unsafe {
        sys::virDomainAuthorizedSSHKeysSet(d.ptr(), user.as_ptr(), ptr,
                                           keys.len() as libc::c_uint, flags)
    };
    rows::done(call, r)
});

xsub!(fn get_messages(call) {
    call.arity(1, 2, c!("dom, flags = 0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(1);
    let mut msgs: *mut *mut libc::c_char = std::ptr::null_mut();
    // SAFETY: a domain handle; libvirt allocates the list.
    let r = unsafe { sys::virDomainGetMessages(d.ptr(), &mut msgs, flags) };
    rows::owned_strings(call, r, msgs)
});

// --- typed parameters ---------------------------------------------------------------------

/// A getter of the two-call kind on the domain: `get(dom, params, &mut n, flags)`.
macro_rules! counted_getter {
    ($name:ident, $get:ident) => {
        xsub!(fn $name(call) {
            call.arity(1, 2, c!("dom, flags=0"))?;
            let d = call.object(0, &DOMAIN)?;
            let flags = call.flags(1);
            let d = d.ptr();
            // SAFETY: a domain handle, and a list of n entries or NULL for the count.
            typed_params::get_counted(call, |params, n| unsafe { sys::$get(d, params, n, flags) })
        });
    };
}

/// The matching setter: the current values (read without the caller's flags, as the
/// reference reads them), cut to the keys the caller's hash has.
macro_rules! counted_setter {
    ($name:ident, $get:ident, $set:ident) => {
        xsub!(fn $name(call) {
            call.arity(2, 3, c!("dom, newparams, flags=0"))?;
            let d = call.object(0, &DOMAIN)?;
            let h = typed_params::hash_arg(call, 1, "newparams")?;
            let flags = call.flags(2);
            let d = d.ptr();
            typed_params::set_counted(
                call,
                &h,
                // SAFETY: as for the getter.
                |params, n| unsafe { sys::$get(d, params, n, 0) },
                // SAFETY: a domain handle and a list in scratch memory.
                |params, n| unsafe { sys::$set(d, params, n, flags) },
            )
        });
    };
}

counted_getter!(get_memory_parameters, virDomainGetMemoryParameters);
counted_setter!(
    set_memory_parameters,
    virDomainGetMemoryParameters,
    virDomainSetMemoryParameters
);
counted_getter!(get_numa_parameters, virDomainGetNumaParameters);
counted_setter!(
    set_numa_parameters,
    virDomainGetNumaParameters,
    virDomainSetNumaParameters
);
counted_getter!(get_blkio_parameters, virDomainGetBlkioParameters);
counted_setter!(
    set_blkio_parameters,
    virDomainGetBlkioParameters,
    virDomainSetBlkioParameters
);

/// The same two kinds for parameters of one device (a disk or an interface).
macro_rules! device_counted {
    ($get_name:ident, $set_name:ident, $dev:literal, $get:ident, $set:ident) => {
        xsub!(fn $get_name(call) {
            call.arity(2, 3, c!(concat!("dom, ", $dev, ", flags=0")))?;
            let dev = call.cstr(1, $dev)?;
            let d = call.object(0, &DOMAIN)?;
            let flags = call.flags(2);
            let (d, dev) = (d.ptr(), dev.as_ptr());
            // SAFETY: a domain handle, a string, and a list of n entries or NULL.
            typed_params::get_counted(call, |params, n| unsafe { sys::$get(d, dev, params, n, flags) })
        });
        xsub!(fn $set_name(call) {
            call.arity(3, 4, c!(concat!("dom, ", $dev, ", newparams, flags=0")))?;
            let dev = call.cstr(1, $dev)?;
            let d = call.object(0, &DOMAIN)?;
            let h = typed_params::hash_arg(call, 2, "newparams")?;
            let flags = call.flags(3);
            let (d, dev) = (d.ptr(), dev.as_ptr());
            typed_params::set_counted(
                call,
                &h,
                // SAFETY: as for the getter.
                |params, n| unsafe { sys::$get(d, dev, params, n, 0) },
                // SAFETY: a domain handle, a string and a list in scratch memory.
                |params, n| unsafe { sys::$set(d, dev, params, n, flags) },
            )
        });
    };
}

device_counted!(
    get_block_iotune,
    set_block_iotune,
    "disk",
    virDomainGetBlockIoTune,
    virDomainSetBlockIoTune
);
device_counted!(
    get_interface_parameters,
    set_interface_parameters,
    "intf",
    virDomainGetInterfaceParameters,
    virDomainSetInterfaceParameters
);

xsub!(fn get_perf_events(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(1);
    let d = d.ptr();
    // SAFETY: a domain handle; libvirt allocates the list.
    let h = typed_params::allocated(call, |params, n| unsafe {
        sys::virDomainGetPerfEvents(d, params, n, flags)
    })?;
    call.ret(h.into_ref());
    Ok(())
});

xsub!(fn set_perf_events(call) {
    call.arity(2, 3, c!("dom, newparams, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let h = typed_params::hash_arg(call, 1, "newparams")?;
    let flags = call.flags(2);
    let p = call.perl();
    let mut cur: sys::virTypedParameterPtr = std::ptr::null_mut();
    let mut n: libc::c_int = 0;
    // SAFETY: a domain handle; libvirt allocates the list of current events (read without
    // the caller's flags, as the reference reads them).
    let r = unsafe { sys::virDomainGetPerfEvents(d.ptr(), &mut cur, &mut n, 0) };
    if r < 0 {
        // SAFETY: whatever libvirt left is freed.
        unsafe { sys::virTypedParamsFree(cur, n.max(0)) };
        return Err(super::die_with(p, &Error::last()));
    }
    // The list is copied into scratch memory and libvirt's freed before the hash is read,
    // whose code may die.
    // SAFETY: n entries libvirt allocated.
    let list = typed_params::scratch_copy(p, unsafe { array_slice(cur, n.max(0) as usize) });
    // SAFETY: frees libvirt's list and its strings (the copy has none).
    unsafe { sys::virTypedParamsFree(cur, n.max(0)) };
    let params = typed_params::update_from_hash(call, list, &h)?;
    // SAFETY: a domain handle and a list in scratch memory.
    let r = unsafe {
        sys::virDomainSetPerfEvents(d.ptr(), params.as_mut_ptr(), params.len() as _, flags)
    };
    rows::done(call, r)
});

xsub!(fn get_launch_security_info(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(1);
    let d = super::live(call, d.ptr(), "dom")?;
    // SAFETY: a domain handle; libvirt allocates the list.
    let h = typed_params::allocated(call, |params, n| unsafe {
        sys::virDomainGetLaunchSecurityInfo(d, params, n, flags)
    })?;
    call.ret(h.into_ref());
    Ok(())
});

/// The fields `set_launch_security_state` takes, with libvirt's types.
const LAUNCH_SECURITY_STATE: &[typed_params::Field] = &[
    (
        sys::VIR_DOMAIN_LAUNCH_SECURITY_SEV_SECRET_HEADER,
        sys::VIR_TYPED_PARAM_STRING,
    ),
    (
        sys::VIR_DOMAIN_LAUNCH_SECURITY_SEV_SECRET,
        sys::VIR_TYPED_PARAM_STRING,
    ),
    (
        sys::VIR_DOMAIN_LAUNCH_SECURITY_SEV_SECRET_SET_ADDRESS,
        sys::VIR_TYPED_PARAM_ULLONG,
    ),
];

xsub!(fn set_launch_security_state(call) {
    call.arity(2, 3, c!("dom, newparams, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let h = typed_params::hash_arg(call, 1, "newparams")?;
    let flags = call.flags(2);
    let params = typed_params::from_fields(call, &h, LAUNCH_SECURITY_STATE)?;
    let d = super::live(call, d.ptr(), "dom")?;
    // SAFETY: a domain handle and a list in scratch memory.
    let r = unsafe {
        sys::virDomainSetLaunchSecurityState(d, params.as_mut_ptr(), params.len() as _, flags)
    };
    rows::done(call, r)
});

xsub!(fn graphics_reload(call) {
    call.arity(2, 3, c!("dom, type, flags=0"))?;
    let ty = call.uv(1) as libc::c_uint;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(2);
    // SAFETY: a domain handle.
    let r = unsafe { api::virDomainGraphicsReload(d.ptr(), ty, flags) };
    rows::done(call, r)
});

/// The fields `set_throttle_group` takes, in the reference's order, with libvirt's types.
const THROTTLE_GROUP: &[typed_params::Field] = &{
    use sys::VIR_TYPED_PARAM_ULLONG as U;
    [
        (sys::VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC, U),
        (sys::VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC, U),
        (sys::VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC, U),
        (sys::VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC, U),
        (sys::VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC, U),
        (sys::VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC, U),
        (sys::VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC_MAX, U),
        (sys::VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC_MAX, U),
        (sys::VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC_MAX, U),
        (sys::VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC_MAX, U),
        (sys::VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC_MAX, U),
        (sys::VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC_MAX, U),
        (sys::VIR_DOMAIN_BLOCK_IOTUNE_SIZE_IOPS_SEC, U),
        (
            sys::VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME,
            sys::VIR_TYPED_PARAM_STRING,
        ),
        (sys::VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC_MAX_LENGTH, U),
        (sys::VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC_MAX_LENGTH, U),
        (sys::VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC_MAX_LENGTH, U),
        (sys::VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC_MAX_LENGTH, U),
        (sys::VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC_MAX_LENGTH, U),
        (sys::VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC_MAX_LENGTH, U),
    ]
};

/// The fields `announce_interface` takes, with libvirt's types.
const ANNOUNCE_INTERFACE: &[typed_params::Field] = &[
    (
        sys::VIR_DOMAIN_ANNOUNCE_INTERFACE_INITIAL,
        sys::VIR_TYPED_PARAM_UINT,
    ),
    (
        sys::VIR_DOMAIN_ANNOUNCE_INTERFACE_MAX,
        sys::VIR_TYPED_PARAM_UINT,
    ),
    (
        sys::VIR_DOMAIN_ANNOUNCE_INTERFACE_ROUNDS,
        sys::VIR_TYPED_PARAM_UINT,
    ),
    (
        sys::VIR_DOMAIN_ANNOUNCE_INTERFACE_STEP,
        sys::VIR_TYPED_PARAM_UINT,
    ),
];

/// `set_throttle_group` and `announce_interface`: a name (group, device), a hash of fixed
/// fields, flags.
macro_rules! named_fields_setter {
    ($name:ident, $what:literal, $fields:ident, $f:ident) => {
        xsub!(fn $name(call) {
            call.arity(3, 4, c!(concat!("dom, ", $what, ", newparams, flags=0")))?;
            let name = call.cstr(1, $what)?;
            let d = call.object(0, &DOMAIN)?;
            let h = typed_params::hash_arg(call, 2, "newparams")?;
            let flags = call.flags(3);
            let params = typed_params::from_fields(call, &h, $fields)?;
            // SAFETY: a domain handle, a string and a list in scratch memory.
            let r = unsafe {
                api::$f(d.ptr(), name.as_ptr(), params.as_mut_ptr(), params.len() as _, flags)
            };
            rows::done(call, r)
        });
    };
}
named_fields_setter!(
    set_throttle_group,
    "group",
    THROTTLE_GROUP,
    virDomainSetThrottleGroup
);
named_fields_setter!(
    announce_interface,
    "device",
    ANNOUNCE_INTERFACE,
    virDomainAnnounceInterface
);

xsub!(fn get_guest_info(call) {
    call.arity(1, 3, c!("dom, types=0, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let types = call.flags(1);
    let flags = call.flags(2);
    let d = d.ptr();
    // SAFETY: a domain handle; libvirt allocates the list.
    let h = typed_params::allocated(call, |params, n| unsafe {
        sys::virDomainGetGuestInfo(d, types, params, n, flags)
    })?;
    call.ret(h.into_ref());
    Ok(())
});

xsub!(fn get_guest_vcpus(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(1);
    let d = d.ptr();
    // SAFETY: a domain handle; libvirt allocates the list (its count is unsigned here).
    let h = typed_params::allocated(call, |params, n| unsafe {
        sys::virDomainGetGuestVcpus(d, params, n as *mut libc::c_int as *mut libc::c_uint, flags)
    })?;
    call.ret(h.into_ref());
    Ok(())
});

/// The fields `set_iothread` takes, with libvirt's types.
const IOTHREAD_PARAMS: &[typed_params::Field] = &[
    (
        sys::VIR_DOMAIN_IOTHREAD_POLL_MAX_NS,
        sys::VIR_TYPED_PARAM_ULLONG,
    ),
    (
        sys::VIR_DOMAIN_IOTHREAD_POLL_GROW,
        sys::VIR_TYPED_PARAM_UINT,
    ),
    (
        sys::VIR_DOMAIN_IOTHREAD_POLL_SHRINK,
        sys::VIR_TYPED_PARAM_UINT,
    ),
    (
        sys::VIR_DOMAIN_IOTHREAD_THREAD_POOL_MIN,
        sys::VIR_TYPED_PARAM_INT,
    ),
    (
        sys::VIR_DOMAIN_IOTHREAD_THREAD_POOL_MAX,
        sys::VIR_TYPED_PARAM_INT,
    ),
];

xsub!(fn set_iothread(call) {
    call.arity(3, 4, c!("dom, iothread_id, newparams, flags=0"))?;
    let id = call.uv(1) as libc::c_uint;
    let d = call.object(0, &DOMAIN)?;
    let h = typed_params::hash_arg(call, 2, "newparams")?;
    let flags = call.flags(3);
    let params = typed_params::from_fields(call, &h, IOTHREAD_PARAMS)?;
    // SAFETY: a domain handle and a list in scratch memory.
    let r = unsafe {
        sys::virDomainSetIOThreadParams(d.ptr(), id, params.as_mut_ptr(), params.len() as _, flags)
    };
    rows::done(call, r)
});

/// The fields `block_copy` takes, with libvirt's types.
const BLOCK_COPY_PARAMS: &[typed_params::Field] = &[
    (
        sys::VIR_DOMAIN_BLOCK_COPY_BANDWIDTH,
        sys::VIR_TYPED_PARAM_ULLONG,
    ),
    (
        sys::VIR_DOMAIN_BLOCK_COPY_GRANULARITY,
        sys::VIR_TYPED_PARAM_UINT,
    ),
    (
        sys::VIR_DOMAIN_BLOCK_COPY_BUF_SIZE,
        sys::VIR_TYPED_PARAM_ULLONG,
    ),
];

xsub!(fn block_copy(call) {
    call.arity(4, 5, c!("dom, path, destxml, newparams, flags=0"))?;
    let path = call.cstr(1, "path")?;
    let destxml = call.cstr(2, "destxml")?;
    let d = call.object(0, &DOMAIN)?;
    let h = typed_params::hash_arg(call, 3, "newparams")?;
    let flags = call.flags(4);
    let params = typed_params::from_fields(call, &h, BLOCK_COPY_PARAMS)?;
    // SAFETY: a domain handle, two strings and a list in scratch memory.
    let r = unsafe {
        sys::virDomainBlockCopy(d.ptr(), path.as_ptr(), destxml.as_ptr(), params.as_mut_ptr(),
                                params.len() as _, flags)
    };
    rows::done(call, r)
});

// --- save, files, migration -----------------------------------------------------------------

/// The fields of a save or restore parameter hash.
pub(crate) const SAVE_PARAMS: &[typed_params::Field] = &[
    (sys::VIR_DOMAIN_SAVE_PARAM_FILE, sys::VIR_TYPED_PARAM_STRING),
    (sys::VIR_DOMAIN_SAVE_PARAM_DXML, sys::VIR_TYPED_PARAM_STRING),
];

xsub!(fn save(call) {
    call.arity(1, 5, c!("dom, tosv=&PL_sv_undef, dxmlsv=&PL_sv_undef, params_sv=&PL_sv_undef, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(4);
    if call.defined(3) {
        let h = typed_params::hash_arg(call, 3, "params_sv")?;
        let params = typed_params::from_fields(call, &h, SAVE_PARAMS)?;
        // SAFETY: a domain handle and a list in scratch memory.
        let r = unsafe {
            sys::virDomainSaveParams(d.ptr(), params.as_mut_ptr(), params.len() as _, flags)
        };
        return rows::done(call, r);
    }
    let Some(to) = call.opt_cstr(1, "tosv")? else {
        return Err(Fail::Message("Either $to or $params parameter must be supplied".into()));
    };
    let dxml = call.opt_cstr(2, "dxmlsv")?;
    // SAFETY: a domain handle and strings (or NULL).
    let r = unsafe {
        if dxml.is_some() || flags != 0 {
            sys::virDomainSaveFlags(d.ptr(), to.as_ptr(), opt_ptr(dxml), flags)
        } else {
            sys::virDomainSave(d.ptr(), to.as_ptr())
        }
    };
    rows::done(call, r)
});

xsub!(fn create_with_files(call) {
    call.arity(2, 3, c!("dom, fdssv, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(2);
    // As in the reference, anything but an array reference starts nothing.
    let Some(av) = call.array_arg(1) else { return Ok(()) };
    let fds = int_list(call, &av, |v| v.iv() as libc::c_int);
    // SAFETY: a domain handle and the descriptors.
    let r = unsafe {
        sys::virDomainCreateWithFiles(d.ptr(), fds.len() as libc::c_uint, fds.as_mut_ptr(), flags)
    };
    rows::done(call, r)
});

xsub!(fn create_xml_with_files(call) {
    call.arity(3, 4, c!("con, xml, fdssv, flags=0"))?;
    let xml = call.cstr(1, "xml")?;
    let con = call.object(0, &CONNECT)?;
    let flags = call.flags(3);
    // The reference returns without a result for anything but an array reference.
    let Some(av) = call.array_arg(2) else { return Ok(()) };
    let fds = int_list(call, &av, |v| v.iv() as libc::c_int);
    // SAFETY: a connection handle, a string and the descriptors; a new domain is ours.
    let r = unsafe {
        sys::virDomainCreateXMLWithFiles(con.ptr(), xml.as_ptr(), fds.len() as libc::c_uint,
                                         fds.as_mut_ptr(), flags)
    };
    rows::object(call, &DOMAIN, r)
});

xsub!(fn fd_associate(call) {
    call.arity(3, 4, c!("dom, name, fdssv, flags=0"))?;
    let name = call.cstr(1, "name")?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(3);
    let Some(av) = call.array_arg(2) else { return Ok(()) };
    let fds = int_list(call, &av, |v| v.iv() as libc::c_int);
    let d = super::live(call, d.ptr(), "dom")?;
    // SAFETY: a domain handle, a string and the descriptors.
    let r = unsafe {
        sys::virDomainFDAssociate(d, name.as_ptr(), fds.len() as libc::c_uint,
                                  fds.as_mut_ptr(), flags)
    };
    rows::done(call, r)
});

/// The fields a migration parameter hash may have, with libvirt's types; the disks to
/// migrate are a list, added by [`migrate_params`].
const MIGRATE_PARAMS: &[typed_params::Field] = &[
    (sys::VIR_MIGRATE_PARAM_URI, sys::VIR_TYPED_PARAM_STRING),
    (
        sys::VIR_MIGRATE_PARAM_DEST_NAME,
        sys::VIR_TYPED_PARAM_STRING,
    ),
    (sys::VIR_MIGRATE_PARAM_DEST_XML, sys::VIR_TYPED_PARAM_STRING),
    (
        sys::VIR_MIGRATE_PARAM_GRAPHICS_URI,
        sys::VIR_TYPED_PARAM_STRING,
    ),
    (
        sys::VIR_MIGRATE_PARAM_BANDWIDTH,
        sys::VIR_TYPED_PARAM_ULLONG,
    ),
    (
        sys::VIR_MIGRATE_PARAM_LISTEN_ADDRESS,
        sys::VIR_TYPED_PARAM_STRING,
    ),
    (sys::VIR_MIGRATE_PARAM_DISKS_PORT, sys::VIR_TYPED_PARAM_INT),
    (
        sys::VIR_MIGRATE_PARAM_COMPRESSION,
        sys::VIR_TYPED_PARAM_STRING,
    ),
    (
        sys::VIR_MIGRATE_PARAM_COMPRESSION_MT_LEVEL,
        sys::VIR_TYPED_PARAM_INT,
    ),
    (
        sys::VIR_MIGRATE_PARAM_COMPRESSION_MT_THREADS,
        sys::VIR_TYPED_PARAM_INT,
    ),
    (
        sys::VIR_MIGRATE_PARAM_COMPRESSION_MT_DTHREADS,
        sys::VIR_TYPED_PARAM_INT,
    ),
    (
        sys::VIR_MIGRATE_PARAM_COMPRESSION_XBZRLE_CACHE,
        sys::VIR_TYPED_PARAM_ULLONG,
    ),
    (
        sys::VIR_MIGRATE_PARAM_PERSIST_XML,
        sys::VIR_TYPED_PARAM_STRING,
    ),
    (
        sys::VIR_MIGRATE_PARAM_AUTO_CONVERGE_INITIAL,
        sys::VIR_TYPED_PARAM_INT,
    ),
    (
        sys::VIR_MIGRATE_PARAM_AUTO_CONVERGE_INCREMENT,
        sys::VIR_TYPED_PARAM_INT,
    ),
    (
        sys::VIR_MIGRATE_PARAM_BANDWIDTH_POSTCOPY,
        sys::VIR_TYPED_PARAM_ULLONG,
    ),
    (
        sys::VIR_MIGRATE_PARAM_PARALLEL_CONNECTIONS,
        sys::VIR_TYPED_PARAM_INT,
    ),
    (
        sys::VIR_MIGRATE_PARAM_TLS_DESTINATION,
        sys::VIR_TYPED_PARAM_STRING,
    ),
    (
        sys::VIR_MIGRATE_PARAM_DISKS_URI,
        sys::VIR_TYPED_PARAM_STRING,
    ),
];

fn migrate_params<'a>(
    call: &Call,
    h: &perlxs::HashView,
) -> Result<&'a mut [sys::virTypedParameter], Fail> {
    let params = typed_params::from_fields(call, h, MIGRATE_PARAMS)?;
    typed_params::with_string_list(call, params, h, sys::VIR_MIGRATE_PARAM_MIGRATE_DISKS)
}

xsub!(fn migrate(call) {
    call.arity(3, 4, c!("dom, destcon, newparams, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let dest = call.object_as(1, &CONNECT, "destcon")?;
    let h = typed_params::hash_arg(call, 2, "newparams")?;
    let flags = call.flags(3);
    let params = migrate_params(call, &h)?;
    let dest = super::live(call, dest.ptr(), "destcon")?;
    // SAFETY: two live handles and a list in scratch memory; the new domain is ours.
    let r = unsafe {
        sys::virDomainMigrate3(d.ptr(), dest, params.as_mut_ptr(), params.len() as _, flags)
    };
    rows::object(call, &DOMAIN, r)
});

xsub!(fn migrate_to_uri(call) {
    call.arity(3, 4, c!("dom, desturi, newparams, flags=0"))?;
    let uri = call.cstr(1, "desturi")?;
    let d = call.object(0, &DOMAIN)?;
    let h = typed_params::hash_arg(call, 2, "newparams")?;
    let flags = call.flags(3);
    let params = migrate_params(call, &h)?;
    // SAFETY: a domain handle, a string and a list in scratch memory.
    let r = unsafe {
        sys::virDomainMigrateToURI3(d.ptr(), uri.as_ptr(), params.as_mut_ptr(),
                                    params.len() as _, flags)
    };
    rows::done(call, r)
});

/// Registers the methods above.
#[link_section = ".text.startup.sys_virt"]
fn register_irregular(b: &Boot) {
    let m = |name: &'static CStr, req, opt, f| b.method(name, req, opt, f);
    m(c!("Sys::Virt::Domain::get_metadata"), 2, 2, get_metadata);
    m(c!("Sys::Virt::Domain::set_metadata"), 2, 4, set_metadata);
    m(
        c!("Sys::Virt::Domain::set_lifecycle_action"),
        3,
        1,
        set_lifecycle_action,
    );
    m(
        c!("Sys::Virt::Domain::start_dirty_rate_calc"),
        2,
        1,
        start_dirty_rate_calc,
    );
    m(c!("Sys::Virt::Domain::get_time"), 1, 1, get_time);
    m(
        c!("Sys::Virt::Domain::get_security_label_list"),
        1,
        0,
        get_security_label_list,
    );
    m(
        c!("Sys::Virt::Domain::get_emulator_pin_info"),
        1,
        1,
        get_emulator_pin_info,
    );
    m(c!("Sys::Virt::Domain::get_vcpu_info"), 1, 1, get_vcpu_info);
    m(c!("Sys::Virt::Domain::pin_vcpu"), 3, 1, pin_vcpu);
    m(c!("Sys::Virt::Domain::pin_emulator"), 2, 1, pin_emulator);
    m(c!("Sys::Virt::Domain::pin_iothread"), 3, 1, pin_iothread);
    m(
        c!("Sys::Virt::Domain::get_iothread_info"),
        1,
        1,
        get_iothread_info,
    );
    m(c!("Sys::Virt::Domain::get_fs_info"), 1, 1, get_fs_info);
    m(
        c!("Sys::Virt::Domain::get_interface_addresses"),
        2,
        1,
        get_interface_addresses,
    );
    m(
        c!("Sys::Virt::Domain::get_disk_errors"),
        1,
        1,
        get_disk_errors,
    );
    m(c!("Sys::Virt::Domain::get_cpu_stats"), 3, 1, get_cpu_stats);
    m(c!("Sys::Virt::Domain::block_stats"), 2, 1, block_stats);
    m(c!("Sys::Virt::Domain::memory_stats"), 1, 1, memory_stats);
    m(c!("Sys::Virt::Domain::block_peek"), 4, 1, block_peek);
    m(c!("Sys::Virt::Domain::memory_peek"), 3, 1, memory_peek);
    m(c!("Sys::Virt::Domain::send_key"), 4, 1, send_key);
    m(c!("Sys::Virt::Domain::fs_freeze"), 2, 1, fs_freeze);
    m(c!("Sys::Virt::Domain::fs_thaw"), 2, 1, fs_thaw);
    m(
        c!("Sys::Virt::Domain::authorized_ssh_keys_get"),
        2,
        1,
        authorized_ssh_keys_get,
    );
    m(
        c!("Sys::Virt::Domain::authorized_ssh_keys_set"),
        3,
        1,
        authorized_ssh_keys_set,
    );
    m(c!("Sys::Virt::Domain::get_messages"), 1, 1, get_messages);
    m(
        c!("Sys::Virt::Domain::get_memory_parameters"),
        1,
        1,
        get_memory_parameters,
    );
    m(
        c!("Sys::Virt::Domain::set_memory_parameters"),
        2,
        1,
        set_memory_parameters,
    );
    m(
        c!("Sys::Virt::Domain::get_numa_parameters"),
        1,
        1,
        get_numa_parameters,
    );
    m(
        c!("Sys::Virt::Domain::set_numa_parameters"),
        2,
        1,
        set_numa_parameters,
    );
    m(
        c!("Sys::Virt::Domain::get_blkio_parameters"),
        1,
        1,
        get_blkio_parameters,
    );
    m(
        c!("Sys::Virt::Domain::set_blkio_parameters"),
        2,
        1,
        set_blkio_parameters,
    );
    m(
        c!("Sys::Virt::Domain::get_block_iotune"),
        2,
        1,
        get_block_iotune,
    );
    m(
        c!("Sys::Virt::Domain::set_block_iotune"),
        3,
        1,
        set_block_iotune,
    );
    m(
        c!("Sys::Virt::Domain::get_interface_parameters"),
        2,
        1,
        get_interface_parameters,
    );
    m(
        c!("Sys::Virt::Domain::set_interface_parameters"),
        3,
        1,
        set_interface_parameters,
    );
    m(
        c!("Sys::Virt::Domain::get_perf_events"),
        1,
        1,
        get_perf_events,
    );
    m(
        c!("Sys::Virt::Domain::set_perf_events"),
        2,
        1,
        set_perf_events,
    );
    m(
        c!("Sys::Virt::Domain::get_launch_security_info"),
        1,
        1,
        get_launch_security_info,
    );
    m(
        c!("Sys::Virt::Domain::set_launch_security_state"),
        2,
        1,
        set_launch_security_state,
    );
    m(
        c!("Sys::Virt::Domain::graphics_reload"),
        2,
        1,
        graphics_reload,
    );
    m(
        c!("Sys::Virt::Domain::set_throttle_group"),
        3,
        1,
        set_throttle_group,
    );
    m(
        c!("Sys::Virt::Domain::announce_interface"),
        3,
        1,
        announce_interface,
    );
    m(
        c!("Sys::Virt::Domain::get_guest_info"),
        1,
        2,
        get_guest_info,
    );
    m(
        c!("Sys::Virt::Domain::get_guest_vcpus"),
        1,
        1,
        get_guest_vcpus,
    );
    m(c!("Sys::Virt::Domain::set_iothread"), 3, 1, set_iothread);
    m(c!("Sys::Virt::Domain::block_copy"), 4, 1, block_copy);
    m(c!("Sys::Virt::Domain::save"), 1, 4, save);
    m(
        c!("Sys::Virt::Domain::create_with_files"),
        2,
        1,
        create_with_files,
    );
    m(
        c!("Sys::Virt::Domain::_create_with_files"),
        3,
        1,
        create_xml_with_files,
    );
    m(c!("Sys::Virt::Domain::fd_associate"), 3, 1, fd_associate);
    m(c!("Sys::Virt::Domain::_migrate"), 3, 1, migrate);
    m(
        c!("Sys::Virt::Domain::_migrate_to_uri"),
        3,
        1,
        migrate_to_uri,
    );
}
