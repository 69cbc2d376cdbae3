//! `Sys::Virt::Domain`: a guest. The Perl-level parts (`_new`, and `create_checkpoint` and
//! `get_checkpoint_by_name`, which go through `Sys::Virt::DomainCheckpoint->_new` as in the
//! XS module) are in lib/Sys/Virt/Domain.pm; `list_all_checkpoints` and the backup calls
//! are here, since they are methods of the domain in Perl.

use super::{typed_params, OrDie, CHECKPOINT, CONNECT, DOMAIN, STREAM};
use crate::c;
use crate::libvirt::array_slice;
use crate::libvirt::cstring::take_lv_string;
use crate::libvirt::error::check_neg;
use crate::methods;
use perlxs::{xsub, Boot, Call, Fail};
use virt::sys;

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
    fn list_snapshot_names(dom: DOMAIN, maxnames: int, flags: uint = 0)
        -> names(names, maxnames, virDomainSnapshotNum(dom, flags)):
        virDomainSnapshotListNames(dom, names, maxnames, flags);
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

xsub!(fn get_id(call) {
    call.arity(1, 1, c!("dom"))?;
    let d = call.object(0, &DOMAIN)?;
    let p = call.perl();
    // SAFETY: a domain handle (or NULL, which libvirt rejects with (unsigned)-1).
    let id = unsafe { sys::virDomainGetID(d.ptr()) };
    // libvirt answers (unsigned)-1 for an inactive domain; the reference shows it as -1.
    call.ret(p.int(id as libc::c_int as i64));
    Ok(())
});

xsub!(fn get_state(call) {
    call.arity(1, 2, c!("dom, flags=0"))?;
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(1);
    let p = call.perl();
    let (mut state, mut reason) = (0, 0);
    // SAFETY: a domain handle and two out ints.
    check_neg(unsafe { sys::virDomainGetState(d.ptr(), &mut state, &mut reason, flags) })
        .or_die(p)?;
    call.ret(p.int(state as i64));
    call.ret(p.int(reason as i64));
    Ok(())
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
