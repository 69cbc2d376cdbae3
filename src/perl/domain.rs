//! `Sys::Virt::Domain`: a guest. The Perl-level parts (`_new`, and `create_checkpoint` and
//! `get_checkpoint_by_name`, which go through `Sys::Virt::DomainCheckpoint->_new` as in the
//! XS module) are in lib/Sys/Virt/Domain.pm; `list_all_checkpoints` and the backup calls
//! are here, since they are methods of the domain in Perl.

use super::{typed_params, OrDie, CHECKPOINT, CONNECT, DOMAIN, SNAPSHOT, STREAM};

use crate::libvirt::error::check_neg;
use crate::methods;
use perlxs::{Boot, Call, Fail};
use virt::sys;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    register_irregular(b);
    metadata::register(b);
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

/// The domain's state and its reason.
fn domain_state(d: sys::virDomainPtr, flags: u32) -> Result<(i32, i32), crate::libvirt::Error> {
    let (mut state, mut reason) = (0, 0);
    // SAFETY: a domain handle and two out ints.
    check_neg(unsafe { sys::virDomainGetState(d, &mut state, &mut reason, flags) })?;
    Ok((state, reason))
}

// ---------------------------------------------------------------------------------------
// Irregular methods: metadata, time, statistics and lists of records, CPU pinning, peeks,
// keys and file systems, typed parameters, saving, starting with files, migration.
// ---------------------------------------------------------------------------------------

use crate::libvirt::api;
use crate::libvirt::error::check_null;
use crate::libvirt::params::NewParams;
use crate::perl::r#async::Held;
use crate::perl::rows::{int_list, not_array, str_list};
use perlxs::HashView;
use std::ffi::{CStr, CString};

crate::metadata_methods!(DOMAIN, "dom", virDomainGetMetadata, virDomainSetMetadata);

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

/// The most bytes a peek reads into memory at once. The reference allocates whatever it is
/// asked for (and dies of "Out of memory!" on a huge size); libvirt's daemons allow much
/// less than this anyway.
const PEEK_MAX: usize = 1 << 30;

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

/// The fields of a save or restore parameter hash.
pub(crate) const SAVE_PARAMS: &[typed_params::Field] = &[
    (sys::VIR_DOMAIN_SAVE_PARAM_FILE, sys::VIR_TYPED_PARAM_STRING),
    (sys::VIR_DOMAIN_SAVE_PARAM_DXML, sys::VIR_TYPED_PARAM_STRING),
];

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

/// The typed parameter list of a migration: the fields of [`MIGRATE_PARAMS`] the hash has,
/// then the disks to migrate, read from Perl first and copied into a list of its own once
/// every value is read.
fn migrate_params(call: &Call, h: &HashView) -> Result<NewParams, Fail> {
    let params = typed_params::from_fields(call, h, MIGRATE_PARAMS)?;
    let list =
        typed_params::with_string_list(call, params, h, sys::VIR_MIGRATE_PARAM_MIGRATE_DISKS)?;
    Ok(NewParams::copied(list))
}

/// The integers of array argument `i`, read into scratch memory and then copied (`None`
/// when the argument is not an array reference).
fn int_vec<T: Copy + Default>(
    call: &Call,
    i: usize,
    conv: impl Fn(perlxs::Value) -> T,
) -> Option<Vec<T>> {
    let av = call.array_arg(i)?;
    Some(int_list(call, &av, conv).to_vec())
}

/// The strings of array argument `i` (named `name`), read as mortal copies and then copied
/// into strings of our own; anything but an array reference is refused.
fn cstring_vec(call: &Call, i: usize, name: &str) -> Result<Vec<CString>, Fail> {
    let av = call.array_arg(i).ok_or_else(|| not_array(call, name))?;
    let list = str_list(call, &av, name)?;
    // SAFETY: NUL-terminated mortal copies, alive until the statement ends.
    Ok(list
        .iter()
        .map(|&s| unsafe { CStr::from_ptr(s) }.to_owned())
        .collect())
}

use crate::libvirt::domain as lv;
use crate::libvirt::params::Params;

crate::irregular! {
    package "Sys::Virt::Domain";
    names(call, p, out, who);

    fn get_id(dom: DOMAIN) {
        run { Ok::<_, crate::libvirt::Error>(domain_id(dom.ptr())) }
        build(id) { out.ret_i64(p, id); }
    }

    fn get_state(dom: DOMAIN, flags: uint = 0) {
        run { domain_state(dom.ptr(), flags) }
        build(s) {
            out.ret(p.int(s.0 as i64));
            out.ret(p.int(s.1 as i64));
        }
    }

    fn get_time(dom: DOMAIN, flags: uint = 0) {
        run { lv::time(dom.ptr(), flags) }
        build(t) {
            let mut a = p.array();
            // The reference gives the seconds as an unsigned number.
            a.push(p.uint(t.0 as u64));
            a.push(p.int(t.1 as libc::c_int as i64));
            out.ret(a.into_ref());
        }
    }

    fn get_scheduler_parameters(dom: DOMAIN, flags: uint = 0) {
        run { lv::scheduler_params(dom.ptr(), flags) }
        build(list) { out.ret(typed_params::hash_of(p, &list).into_ref()); }
    }

    // The current values are read without the caller's flags (those are for the change).
    fn set_scheduler_parameters(dom: DOMAIN, newparams: sv, flags: sv = 0) {
        read {
            let newparams = typed_params::hash_arg(call, 1, "newparams")?;
            let flags = call.flags(2);
        }
        run { lv::scheduler_params(dom.ptr(), 0) }
        then(current; newparams) {
            let mut list = typed_params::update(p, who, current, &newparams)?;
        }
        run { lv::set_scheduler_params(dom.ptr(), &mut list, flags) }
        build(_r) {}
    }

    fn get_memory_parameters(dom: DOMAIN, flags: uint = 0) {
        // SAFETY: a domain handle, and a list of n entries or NULL for the count.
        run { Params::counted(|l, n| unsafe { sys::virDomainGetMemoryParameters(dom.ptr(), l, n, flags) }) }
        build(list) { out.ret(typed_params::hash_of(p, &list).into_ref()); }
    }

    fn set_memory_parameters(dom: DOMAIN, newparams: sv, flags: sv = 0) {
        read {
            let newparams = typed_params::hash_arg(call, 1, "newparams")?;
            let flags = call.flags(2);
        }
        // SAFETY: as for the getter.
        run { Params::counted(|l, n| unsafe { sys::virDomainGetMemoryParameters(dom.ptr(), l, n, 0) }) }
        then(current; newparams) {
            let mut list = typed_params::update(p, who, current, &newparams)?;
        }
        // SAFETY: a domain handle and a list whose strings it owns.
        run { check_neg(unsafe { sys::virDomainSetMemoryParameters(dom.ptr(), list.as_mut_ptr(), list.len(), flags) }) }
        build(_r) {}
    }

    fn get_numa_parameters(dom: DOMAIN, flags: uint = 0) {
        // SAFETY: a domain handle, and a list of n entries or NULL for the count.
        run { Params::counted(|l, n| unsafe { sys::virDomainGetNumaParameters(dom.ptr(), l, n, flags) }) }
        build(list) { out.ret(typed_params::hash_of(p, &list).into_ref()); }
    }

    fn set_numa_parameters(dom: DOMAIN, newparams: sv, flags: sv = 0) {
        read {
            let newparams = typed_params::hash_arg(call, 1, "newparams")?;
            let flags = call.flags(2);
        }
        // SAFETY: as for the getter.
        run { Params::counted(|l, n| unsafe { sys::virDomainGetNumaParameters(dom.ptr(), l, n, 0) }) }
        then(current; newparams) {
            let mut list = typed_params::update(p, who, current, &newparams)?;
        }
        // SAFETY: a domain handle and a list whose strings it owns.
        run { check_neg(unsafe { sys::virDomainSetNumaParameters(dom.ptr(), list.as_mut_ptr(), list.len(), flags) }) }
        build(_r) {}
    }

    fn get_blkio_parameters(dom: DOMAIN, flags: uint = 0) {
        // SAFETY: a domain handle, and a list of n entries or NULL for the count.
        run { Params::counted(|l, n| unsafe { sys::virDomainGetBlkioParameters(dom.ptr(), l, n, flags) }) }
        build(list) { out.ret(typed_params::hash_of(p, &list).into_ref()); }
    }

    fn set_blkio_parameters(dom: DOMAIN, newparams: sv, flags: sv = 0) {
        read {
            let newparams = typed_params::hash_arg(call, 1, "newparams")?;
            let flags = call.flags(2);
        }
        // SAFETY: as for the getter.
        run { Params::counted(|l, n| unsafe { sys::virDomainGetBlkioParameters(dom.ptr(), l, n, 0) }) }
        then(current; newparams) {
            let mut list = typed_params::update(p, who, current, &newparams)?;
        }
        // SAFETY: a domain handle and a list whose strings it owns.
        run { check_neg(unsafe { sys::virDomainSetBlkioParameters(dom.ptr(), list.as_mut_ptr(), list.len(), flags) }) }
        build(_r) {}
    }

    fn get_block_iotune(dom: DOMAIN, disk: str, flags: uint = 0) {
        // SAFETY: a domain handle, a string, and a list of n entries or NULL for the count.
        run { Params::counted(|l, n| unsafe {
            sys::virDomainGetBlockIoTune(dom.ptr(), disk.as_ptr(), l, n, flags)
        }) }
        build(list) { out.ret(typed_params::hash_of(p, &list).into_ref()); }
    }

    fn set_block_iotune(dom: DOMAIN, disk: str, newparams: sv, flags: sv = 0) {
        read {
            let newparams = typed_params::hash_arg(call, 2, "newparams")?;
            let flags = call.flags(3);
        }
        // SAFETY: as for the getter.
        run { Params::counted(|l, n| unsafe {
            sys::virDomainGetBlockIoTune(dom.ptr(), disk.as_ptr(), l, n, 0)
        }) }
        then(current; newparams) {
            let mut list = typed_params::update(p, who, current, &newparams)?;
        }
        // SAFETY: a domain handle, a string and a list whose strings it owns.
        run { check_neg(unsafe {
            sys::virDomainSetBlockIoTune(dom.ptr(), disk.as_ptr(), list.as_mut_ptr(), list.len(), flags)
        }) }
        build(_r) {}
    }

    fn get_interface_parameters(dom: DOMAIN, intf: str, flags: uint = 0) {
        // SAFETY: a domain handle, a string, and a list of n entries or NULL for the count.
        run { Params::counted(|l, n| unsafe {
            sys::virDomainGetInterfaceParameters(dom.ptr(), intf.as_ptr(), l, n, flags)
        }) }
        build(list) { out.ret(typed_params::hash_of(p, &list).into_ref()); }
    }

    fn set_interface_parameters(dom: DOMAIN, intf: str, newparams: sv, flags: sv = 0) {
        read {
            let newparams = typed_params::hash_arg(call, 2, "newparams")?;
            let flags = call.flags(3);
        }
        // SAFETY: as for the getter.
        run { Params::counted(|l, n| unsafe {
            sys::virDomainGetInterfaceParameters(dom.ptr(), intf.as_ptr(), l, n, 0)
        }) }
        then(current; newparams) {
            let mut list = typed_params::update(p, who, current, &newparams)?;
        }
        // SAFETY: a domain handle, a string and a list whose strings it owns.
        run { check_neg(unsafe {
            sys::virDomainSetInterfaceParameters(dom.ptr(), intf.as_ptr(), list.as_mut_ptr(), list.len(), flags)
        }) }
        build(_r) {}
    }

    fn get_emulator_pin_info(dom: DOMAIN, flags: uint = 0) {
        run {
            lv::cpu_map_len(dom.ptr()).and_then(|maplen| {
                let mut map = vec![0u8; maplen];
                // SAFETY: a domain handle and a map of maplen bytes.
                check_neg(unsafe {
                    sys::virDomainGetEmulatorPinInfo(dom.ptr(), map.as_mut_ptr(), maplen as libc::c_int, flags)
                })?;
                Ok(map)
            })
        }
        build(map) { out.ret(p.str(&map)); }
    }

    fn get_vcpu_info(dom: DOMAIN, flags: uint = 0) {
        run { lv::vcpu_info(dom.ptr(), flags) }
        build(v) {
            let maplen = v.maplen;
            for i in 0..v.count {
                let mut h = p.hash();
                h.store("number", p.int(i as i64));
                match &v.info {
                    Some(info) => {
                        h.store("state", p.int(info[i].state as i64));
                        h.store("cpuTime", p.uint(info[i].cpuTime));
                        h.store("cpu", p.int(info[i].cpu as i64));
                    }
                    None => {
                        h.store("state", p.int(0));
                        h.store("cpuTime", p.uint(0));
                        h.store("cpu", p.int(0));
                    }
                }
                h.store("affinity", p.str(&v.maps[i * maplen..(i + 1) * maplen]));
                out.ret(h.into_ref());
            }
        }
    }

    // --- statistics and lists of records ---

    fn get_job_stats(dom: DOMAIN, flags: uint = 0) {
        run { lv::job_stats(dom.ptr(), flags) }
        build(v) {
            let h = typed_params::hash_of(p, &v.1);
            // The XS module returns the type as a reference to the number; scripts
            // dereference it.
            out.ret(p.rv(p.int(v.0 as i64)));
            out.ret(h.into_ref());
        }
    }

    fn get_cpu_stats(dom: DOMAIN, start_cpu: int, ncpus: uint, flags: uint = 0) {
        run { lv::cpu_stats(dom.ptr(), start_cpu, ncpus, flags) }
        build(s) {
            out.reserve(s.records);
            let all = s.params.as_slice();
            for r in 0..s.records {
                let rec = &all[r * s.nparams..(r + 1) * s.nparams];
                out.ret(typed_params::to_hash(p, rec).into_ref());
            }
        }
    }

    fn block_stats(dom: DOMAIN, path: str, flags: uint = 0) {
        run { lv::block_stats(dom.ptr(), path.as_ptr(), flags) }
        build(s) {
            let mut h = p.hash();
            match s {
                lv::BlockStats::Old(st) => {
                    h.store("rd_req", p.int(st.rd_req));
                    h.store("rd_bytes", p.int(st.rd_bytes));
                    h.store("wr_req", p.int(st.wr_req));
                    h.store("wr_bytes", p.int(st.wr_bytes));
                    h.store("errs", p.int(st.errs));
                }
                lv::BlockStats::New(list) => {
                    for tp in list.as_slice() {
                        if let Some(v) = typed_params::value(p, tp) {
                            h.store(block_stat_key(&typed_params::name(tp)), v);
                        }
                    }
                }
            }
            out.ret(h.into_ref());
        }
    }

    fn memory_stats(dom: DOMAIN, flags: uint = 0) {
        run { lv::memory_stats(dom.ptr(), flags) }
        build(stats) {
            let mut h = p.hash();
            for (tag, val) in stats {
                if let Some(key) = MEMORY_STAT_KEYS.get(tag as usize) {
                    h.store(key, p.int(val as i64));
                }
            }
            out.ret(h.into_ref());
        }
    }

    fn get_fs_info(dom: DOMAIN, flags: uint = 0) {
        run { lv::fs_info(dom.ptr(), flags) }
        build(list) {
            out.reserve(list.len());
            for f in list {
                let mut h = p.hash();
                h.store("mountpoint", p.str(&f.mountpoint));
                h.store("name", p.str(&f.name));
                h.store("fstype", p.str(&f.fstype));
                let mut aliases = p.array();
                for a in &f.devalias {
                    aliases.push(p.str(a));
                }
                h.store("devalias", aliases.into_ref());
                out.ret(h.into_ref());
            }
        }
    }

    fn get_interface_addresses(dom: DOMAIN, src: uint, flags: uint = 0) {
        run { lv::interface_addresses(dom.ptr(), src, flags) }
        build(list) {
            out.reserve(list.len());
            for i in list {
                let mut h = p.hash();
                h.store("name", p.str(&i.name));
                if let Some(hw) = &i.hwaddr {
                    h.store("hwaddr", p.str(hw));
                }
                let mut addrs = p.array();
                for (ty, addr, prefix) in &i.addrs {
                    let mut ah = p.hash();
                    ah.store("type", p.int(*ty as i64));
                    ah.store("addr", p.str(addr));
                    ah.store("prefix", p.int(*prefix as i64));
                    addrs.push(ah.into_ref());
                }
                h.store("addrs", addrs.into_ref());
                out.ret(h.into_ref());
            }
        }
    }

    fn get_disk_errors(dom: DOMAIN, flags: uint = 0) {
        run { lv::disk_errors(dom.ptr(), flags) }
        build(list) {
            out.reserve(list.len());
            for (path, error) in list {
                let mut h = p.hash();
                h.store("path", p.str(&path));
                h.store("error", p.int(error as i64));
                out.ret(h.into_ref());
            }
        }
    }

    fn get_iothread_info(dom: DOMAIN, flags: uint = 0) {
        run { lv::iothread_info(dom.ptr(), flags) }
        build(list) {
            out.reserve(list.len());
            for (id, map) in list {
                let mut h = p.hash();
                h.store("number", p.int(id as i64));
                h.store("affinity", p.str(&map));
                out.ret(h.into_ref());
            }
        }
    }

    fn get_security_label_list(dom: DOMAIN) {
        run { lv::security_labels(dom.ptr()) }
        build(list) {
            out.reserve(list.len());
            for (label, enforcing) in list {
                let mut h = p.hash();
                h.store("label", p.str(&label));
                h.store("enforcing", p.int(enforcing as i64));
                out.ret(h.into_ref());
            }
        }
    }

    fn get_messages(dom: DOMAIN, flags: uint = 0) usage "dom, flags = 0" {
        run { lv::messages(dom.ptr(), flags) }
        build(list) {
            out.reserve(list.len());
            for m in list {
                out.ret(p.str(&m));
            }
        }
    }

    // --- typed parameters ---

    fn get_perf_events(dom: DOMAIN, flags: uint = 0) {
        // SAFETY: a domain handle; libvirt allocates the list.
        run { Params::allocated(|l, n| unsafe { sys::virDomainGetPerfEvents(dom.ptr(), l, n, flags) }) }
        build(list) { out.ret(typed_params::hash_of(p, &list).into_ref()); }
    }

    // The hash is checked before the flags are read, as in the reference; the current
    // events are read without the caller's flags, as the reference reads them.
    fn set_perf_events(dom: DOMAIN, newparams: sv, flags: sv = 0) {
        read {
            let newparams = typed_params::hash_arg(call, 1, "newparams")?;
            let flags = call.flags(2);
        }
        // SAFETY: a domain handle; libvirt allocates the list.
        run { Params::allocated(|l, n| unsafe { sys::virDomainGetPerfEvents(dom.ptr(), l, n, 0) }) }
        then(current; newparams) {
            let mut list = typed_params::update(p, who, current, &newparams)?;
        }
        // SAFETY: a domain handle and a list whose strings it owns.
        run { check_neg(unsafe {
            sys::virDomainSetPerfEvents(dom.ptr(), list.as_mut_ptr(), list.len(), flags)
        }) }
        build(_r) {}
    }

    fn get_launch_security_info(dom: DOMAIN, flags: uint = 0) {
        read { crate::perl::live(call, dom.ptr(), "dom")?; }
        // SAFETY: a domain handle; libvirt allocates the list.
        run { Params::allocated(|l, n| unsafe {
            sys::virDomainGetLaunchSecurityInfo(dom.ptr(), l, n, flags)
        }) }
        build(list) { out.ret(typed_params::hash_of(p, &list).into_ref()); }
    }

    fn set_launch_security_state(dom: DOMAIN, newparams: sv, flags: sv = 0) {
        read {
            let h = typed_params::hash_arg(call, 1, "newparams")?;
            let flags = call.flags(2);
            let mut params =
                typed_params::from_fields_owned(call.perl(), who, &h, LAUNCH_SECURITY_STATE)?;
            crate::perl::live(call, dom.ptr(), "dom")?;
        }
        // SAFETY: a domain handle and a list whose strings it owns.
        run { check_neg(unsafe {
            sys::virDomainSetLaunchSecurityState(dom.ptr(), params.as_mut_ptr(), params.len(), flags)
        }) }
        build(_r) {}
    }

    fn get_guest_info(dom: DOMAIN, types: uint = 0, flags: uint = 0) {
        // SAFETY: a domain handle; libvirt allocates the list.
        run { Params::allocated(|l, n| unsafe {
            sys::virDomainGetGuestInfo(dom.ptr(), types, l, n, flags)
        }) }
        build(list) { out.ret(typed_params::hash_of(p, &list).into_ref()); }
    }

    fn get_guest_vcpus(dom: DOMAIN, flags: uint = 0) {
        // SAFETY: a domain handle; libvirt allocates the list (its count is unsigned here).
        run { Params::allocated(|l, n| unsafe {
            sys::virDomainGetGuestVcpus(dom.ptr(), l, n as *mut libc::c_int as *mut libc::c_uint, flags)
        }) }
        build(list) { out.ret(typed_params::hash_of(p, &list).into_ref()); }
    }

    fn set_iothread(dom: DOMAIN, iothread_id: uint, newparams: sv, flags: sv = 0) {
        read {
            let h = typed_params::hash_arg(call, 2, "newparams")?;
            let flags = call.flags(3);
            let mut params = typed_params::from_fields_owned(call.perl(), who, &h, IOTHREAD_PARAMS)?;
        }
        // SAFETY: a domain handle and a list whose strings it owns.
        run { check_neg(unsafe {
            sys::virDomainSetIOThreadParams(dom.ptr(), iothread_id, params.as_mut_ptr(), params.len(), flags)
        }) }
        build(_r) {}
    }

    fn set_throttle_group(dom: DOMAIN, group: str, newparams: sv, flags: sv = 0) {
        read {
            let h = typed_params::hash_arg(call, 2, "newparams")?;
            let flags = call.flags(3);
            let mut params = typed_params::from_fields_owned(call.perl(), who, &h, THROTTLE_GROUP)?;
        }
        // SAFETY: a domain handle, a string and a list whose strings it owns.
        run { check_neg(unsafe {
            api::virDomainSetThrottleGroup(dom.ptr(), group.as_ptr(), params.as_mut_ptr(), params.len(), flags)
        }) }
        build(_r) {}
    }

    fn announce_interface(dom: DOMAIN, device: str, newparams: sv, flags: sv = 0) {
        read {
            let h = typed_params::hash_arg(call, 2, "newparams")?;
            let flags = call.flags(3);
            let mut params =
                typed_params::from_fields_owned(call.perl(), who, &h, ANNOUNCE_INTERFACE)?;
        }
        // SAFETY: a domain handle, a string and a list whose strings it owns.
        run { check_neg(unsafe {
            api::virDomainAnnounceInterface(dom.ptr(), device.as_ptr(), params.as_mut_ptr(), params.len(), flags)
        }) }
        build(_r) {}
    }

    fn block_copy(dom: DOMAIN, path: str, destxml: str, newparams: sv, flags: sv = 0) {
        read {
            let h = typed_params::hash_arg(call, 3, "newparams")?;
            let flags = call.flags(4);
            let mut params =
                typed_params::from_fields_owned(call.perl(), who, &h, BLOCK_COPY_PARAMS)?;
        }
        // SAFETY: a domain handle, two strings and a list whose strings it owns.
        run { check_neg(unsafe {
            sys::virDomainBlockCopy(dom.ptr(), path.as_ptr(), destxml.as_ptr(), params.as_mut_ptr(),
                                    params.len(), flags)
        }) }
        build(_r) {}
    }

    // --- small calls ---

    // `type` is a Rust keyword: the parameter is `ty`, the usage message the reference's.
    fn set_lifecycle_action(dom: DOMAIN, ty: uint, action: uint, flags: uint = 0)
        usage "dom, type, action, flags=0" {
        // SAFETY: a domain handle.
        run { check_neg(unsafe { sys::virDomainSetLifecycleAction(dom.ptr(), ty, action, flags) }) }
        build(_r) {}
    }

    fn start_dirty_rate_calc(dom: DOMAIN, secs: int, flags: uint = 0)
        usage "dom, secs, flags = 0" {
        // SAFETY: a domain handle.
        run { check_neg(unsafe { sys::virDomainStartDirtyRateCalc(dom.ptr(), secs, flags) }) }
        build(_r) {}
    }

    fn graphics_reload(dom: DOMAIN, ty: uint, flags: uint = 0) usage "dom, type, flags=0" {
        // SAFETY: a domain handle.
        run { check_neg(unsafe { api::virDomainGraphicsReload(dom.ptr(), ty, flags) }) }
        build(_r) {}
    }

    // --- CPU pinning ---

    fn pin_vcpu(dom: DOMAIN, vcpu: uint, mask: sv, flags: uint = 0) {
        read { let mut mask = call.bytes(2).to_vec(); }
        // SAFETY: a domain handle and a map of its length, which libvirt only reads.
        run { check_neg(unsafe {
            let (m, n) = (mask.as_mut_ptr(), mask.len() as libc::c_int);
            if flags != 0 {
                sys::virDomainPinVcpuFlags(dom.ptr(), vcpu, m, n, flags)
            } else {
                sys::virDomainPinVcpu(dom.ptr(), vcpu, m, n)
            }
        }) }
        build(_r) {}
    }

    fn pin_emulator(dom: DOMAIN, mask: sv, flags: uint = 0) {
        read { let mut mask = call.bytes(1).to_vec(); }
        // SAFETY: a domain handle and a map libvirt only reads.
        run { check_neg(unsafe {
            sys::virDomainPinEmulator(dom.ptr(), mask.as_mut_ptr(), mask.len() as libc::c_int, flags)
        }) }
        build(_r) {}
    }

    fn pin_iothread(dom: DOMAIN, iothread_id: uint, mask: sv, flags: uint = 0) {
        read { let mut mask = call.bytes(2).to_vec(); }
        // SAFETY: a domain handle and a map libvirt only reads.
        run { check_neg(unsafe {
            sys::virDomainPinIOThread(dom.ptr(), iothread_id, mask.as_mut_ptr(),
                                      mask.len() as libc::c_int, flags)
        }) }
        build(_r) {}
    }

    // --- peeks, keys, file systems ---

    fn block_peek(dom: DOMAIN, path: str, offset: uint, size: ulong, flags: uint = 0) {
        read { peek_size(who, size as usize)?; }
        run { lv::peek(dom.ptr(), Some(&*path), offset as u64, size as usize, flags) }
        build(buf) { out.ret(p.str(&buf)); }
    }

    fn memory_peek(dom: DOMAIN, offset: uint, size: ulong, flags: uint = 0) {
        read { peek_size(who, size as usize)?; }
        run { lv::peek(dom.ptr(), None, offset as u64, size as usize, flags) }
        build(buf) { out.ret(p.str(&buf)); }
    }

    // As in the reference, anything but an array reference sends nothing.
    fn send_key(dom: DOMAIN, codeset: uint, holdtime: uint, keycodesSV: sv, flags: uint = 0) {
        read { let codes = int_vec(call, 3, |v| v.iv() as libc::c_uint); }
        run {
            match codes {
                None => Ok(()),
                Some(mut codes) => {
                    // SAFETY: a domain handle and the key codes.
                    check_neg(unsafe {
                        sys::virDomainSendKey(dom.ptr(), codeset, holdtime, codes.as_mut_ptr(),
                                              codes.len() as libc::c_int, flags)
                    }).map(|_| ())
                }
            }
        }
        build(_r) {}
    }

    fn fs_freeze(dom: DOMAIN, mountPointsSV: sv, flags: uint = 0) {
        read { let points = cstring_vec(call, 1, "mountPointsSV")?; }
        run { lv::fs_freeze_thaw(dom.ptr(), sys::virDomainFSFreeze, &points, flags) }
        build(_r) {}
    }

    fn fs_thaw(dom: DOMAIN, mountPointsSV: sv, flags: uint = 0) {
        read { let points = cstring_vec(call, 1, "mountPointsSV")?; }
        run { lv::fs_freeze_thaw(dom.ptr(), sys::virDomainFSThaw, &points, flags) }
        build(_r) {}
    }

    fn authorized_ssh_keys_get(dom: DOMAIN, user: str, flags: uint = 0)
        usage "dom, user, flags = 0" {
        run { lv::ssh_keys(dom.ptr(), &*user, flags) }
        build(list) {
            out.reserve(list.len());
            for k in list {
                out.ret(p.str(&k));
            }
        }
    }

    // An empty list is passed as NULL, as the reference passes it.
    fn authorized_ssh_keys_set(dom: DOMAIN, user: str, keysSV: sv, flags: uint = 0)
        usage "dom, user, keysSV, flags = 0" {
        read { let keys = cstring_vec(call, 2, "keysSV")?; }
        run { lv::set_ssh_keys(dom.ptr(), &*user, &keys, flags) }
        build(_r) {}
    }

    // --- save, files, migration ---

    fn save(dom: DOMAIN, tosv: sv = undef, dxmlsv: sv = undef, params_sv: sv = undef,
            flags: uint = 0) {
        read {
            let to = if call.defined(3) {
                let h = typed_params::hash_arg(call, 3, "params_sv")?;
                lv::SaveTo::Params(typed_params::from_fields_owned(call.perl(), who, &h, SAVE_PARAMS)?)
            } else {
                let Some(to) = call.opt_cstr(1, "tosv")? else {
                    return Err(Fail::Message("Either $to or $params parameter must be supplied".into()));
                };
                let dxml = call.opt_cstr(2, "dxmlsv")?;
                lv::SaveTo::File(to.to_owned(), dxml.map(CStr::to_owned))
            };
        }
        run { lv::save(dom.ptr(), to, flags) }
        build(_r) {}
    }

    // As in the reference, anything but an array reference starts nothing.
    fn create_with_files(dom: DOMAIN, fdssv: sv, flags: uint = 0) {
        read { let fds = int_vec(call, 1, |v| v.iv() as libc::c_int); }
        run {
            match fds {
                None => Ok(()),
                Some(mut fds) => {
                    // SAFETY: a domain handle and the descriptors.
                    check_neg(unsafe {
                        sys::virDomainCreateWithFiles(dom.ptr(), fds.len() as libc::c_uint,
                                                      fds.as_mut_ptr(), flags)
                    }).map(|_| ())
                }
            }
        }
        build(_r) {}
    }

    // The reference returns without a result for anything but an array reference.
    fn _create_with_files(con: CONNECT, xml: str, fdssv: sv, flags: uint = 0) {
        read { let fds = int_vec(call, 2, |v| v.iv() as libc::c_int); }
        run {
            match fds {
                None => Ok(None),
                Some(mut fds) => {
                    // SAFETY: a connection handle, a string and the descriptors.
                    check_null(unsafe {
                        sys::virDomainCreateXMLWithFiles(con.ptr(), xml.as_ptr(), fds.len() as libc::c_uint,
                                                         fds.as_mut_ptr(), flags)
                    })
                    // SAFETY: a new domain, whose reference is ours.
                    .map(|d| Some(unsafe { Held::adopt(&DOMAIN, d) }))
                }
            }
        }
        build(d) {
            if let Some(d) = d {
                out.ret(d.into_object(p));
            }
        }
    }

    fn fd_associate(dom: DOMAIN, name: str, fdssv: sv, flags: uint = 0) {
        read {
            let fds = int_vec(call, 2, |v| v.iv() as libc::c_int);
            if fds.is_some() {
                crate::perl::live(call, dom.ptr(), "dom")?;
            }
        }
        run {
            match fds {
                None => Ok(()),
                Some(mut fds) => {
                    // SAFETY: a domain handle, a string and the descriptors.
                    check_neg(unsafe {
                        sys::virDomainFDAssociate(dom.ptr(), name.as_ptr(), fds.len() as libc::c_uint,
                                                  fds.as_mut_ptr(), flags)
                    }).map(|_| ())
                }
            }
        }
        build(_r) {}
    }

    fn _migrate(dom: DOMAIN, destcon: CONNECT, newparams: sv, flags: sv = 0) {
        read {
            let h = typed_params::hash_arg(call, 2, "newparams")?;
            let flags = call.flags(3);
            let mut params = migrate_params(call, &h)?;
            crate::perl::live(call, destcon.ptr(), "destcon")?;
        }
        run {
            // SAFETY: two live handles and a list whose strings it owns; the new domain's
            // reference is ours.
            check_null(unsafe {
                sys::virDomainMigrate3(dom.ptr(), destcon.ptr(), params.as_mut_ptr(), params.len() as _, flags)
            })
            .map(|d| unsafe { Held::adopt(&DOMAIN, d) })
        }
        build(d) { out.ret(d.into_object(p)); }
    }

    fn _migrate_to_uri(dom: DOMAIN, desturi: str, newparams: sv, flags: sv = 0) {
        read {
            let h = typed_params::hash_arg(call, 2, "newparams")?;
            let flags = call.flags(3);
            let mut params = migrate_params(call, &h)?;
        }
        // SAFETY: a domain handle, a string and a list whose strings it owns.
        run { check_neg(unsafe {
            sys::virDomainMigrateToURI3(dom.ptr(), desturi.as_ptr(), params.as_mut_ptr(),
                                        params.len() as _, flags)
        }) }
        build(_r) {}
    }
}

/// A peek's size, refused beyond [`PEEK_MAX`].
fn peek_size(who: &str, size: usize) -> Result<(), Fail> {
    if size > PEEK_MAX {
        return Err(Fail::Message(format!(
            "{}() -- size {} is larger than the {} bytes a peek may read at once",
            who, size, PEEK_MAX
        )));
    }
    Ok(())
}
