//! The domain calls of irregular methods, as values of their own: each is the `run` phase of
//! a method of `Sys::Virt::Domain` (src/perl/domain.rs), callable from any thread. No Perl.

use super::error::{check_neg, Error};
use super::params::{NewParams, Params};
use virt::sys;

type Dom = sys::virDomainPtr;

/// The guest's clock: seconds and nanoseconds.
pub fn time(d: Dom, flags: u32) -> Result<(i64, u32), Error> {
    let (mut secs, mut nsecs): (libc::c_longlong, libc::c_uint) = (0, 0);
    // SAFETY: a domain handle and two out values.
    check_neg(unsafe { sys::virDomainGetTime(d, &mut secs, &mut nsecs, flags) })?;
    Ok((secs, nsecs))
}

/// The scheduler parameters: the count comes with the scheduler's type, then the list
/// (the flags call only when flags are given, as the reference calls it).
pub fn scheduler_params(d: Dom, flags: u32) -> Result<Params, Error> {
    let mut n: libc::c_int = 0;
    // SAFETY: a domain handle; the returned type name is ours to free.
    let ty = unsafe { super::LvString::from_raw(sys::virDomainGetSchedulerType(d, &mut n)) };
    ty.ok_or_else(Error::last)?;
    let mut list = Params::zeroed(n.max(0) as usize);
    // SAFETY: room for n entries.
    check_neg(unsafe {
        if flags != 0 {
            sys::virDomainGetSchedulerParametersFlags(d, list.as_mut_ptr(), &mut n, flags)
        } else {
            sys::virDomainGetSchedulerParameters(d, list.as_mut_ptr(), &mut n)
        }
    })?;
    list.truncate(n);
    Ok(list)
}

pub fn set_scheduler_params(d: Dom, params: &mut NewParams, flags: u32) -> Result<(), Error> {
    // SAFETY: a domain handle and a list whose strings it owns.
    check_neg(unsafe {
        if flags != 0 {
            sys::virDomainSetSchedulerParametersFlags(d, params.as_mut_ptr(), params.len(), flags)
        } else {
            sys::virDomainSetSchedulerParameters(d, params.as_mut_ptr(), params.len())
        }
    })?;
    Ok(())
}

/// How many bytes a CPU map of the host takes, from its node information.
pub fn cpu_map_len(d: Dom) -> Result<usize, Error> {
    // SAFETY: zeroed plain C data for libvirt to fill.
    let mut info: sys::virNodeInfo = unsafe { std::mem::zeroed() };
    // SAFETY: the domain's own connection (borrowed, not referenced) and an out struct.
    check_neg(unsafe { sys::virNodeGetInfo(sys::virDomainGetConnect(d), &mut info) })?;
    let cpus =
        info.nodes as usize * info.sockets as usize * info.cores as usize * info.threads as usize;
    Ok(cpus.div_ceil(8))
}

/// The virtual CPUs: their state where the guest runs (`None` where only the pinning is
/// known: an inactive guest, or flags given), and one map of `maplen` bytes each.
pub struct VcpuInfo {
    pub info: Option<Vec<sys::virVcpuInfo>>,
    pub maps: Vec<u8>,
    pub maplen: usize,
    pub count: usize,
}

pub fn vcpu_info(d: Dom, flags: u32) -> Result<VcpuInfo, Error> {
    let maplen = cpu_map_len(d)?;
    // SAFETY: zeroed plain C data for libvirt to fill.
    let mut dinfo: sys::virDomainInfo = unsafe { std::mem::zeroed() };
    // SAFETY: a domain handle and an out struct.
    check_neg(unsafe { sys::virDomainGetInfo(d, &mut dinfo) })?;
    let nvcpus = dinfo.nrVirtCpu as usize;
    let mut maps = vec![0u8; nvcpus * maplen];
    if flags == 0 {
        // SAFETY: zeroed plain C data.
        let mut info: Vec<sys::virVcpuInfo> = vec![unsafe { std::mem::zeroed() }; nvcpus];
        // SAFETY: room for nvcpus records and maps of maplen bytes each.
        let got = unsafe {
            sys::virDomainGetVcpus(
                d,
                info.as_mut_ptr(),
                nvcpus as libc::c_int,
                maps.as_mut_ptr(),
                maplen as libc::c_int,
            )
        };
        if got >= 0 {
            let count = (got as usize).min(nvcpus);
            return Ok(VcpuInfo {
                info: Some(info),
                maps,
                maplen,
                count,
            });
        }
        if Error::last_code() != sys::VIR_ERR_OPERATION_INVALID as i32 {
            return Err(Error::last());
        }
    }
    // An inactive domain (or flags given): only the pinning is known.
    // SAFETY: as above.
    let got = check_neg(unsafe {
        sys::virDomainGetVcpuPinInfo(
            d,
            nvcpus as libc::c_int,
            maps.as_mut_ptr(),
            maplen as libc::c_int,
            flags,
        )
    })?;
    Ok(VcpuInfo {
        info: None,
        maps,
        maplen,
        count: (got as usize).min(nvcpus),
    })
}

// --- statistics, lists of records, peeks ---------------------------------------------------

use std::ffi::{CStr, CString};

/// A C string libvirt filled in, as bytes of our own ("" for NULL, as newSVpv gives).
fn bytes_or_empty(s: *const libc::c_char) -> Vec<u8> {
    opt_bytes(s).unwrap_or_default()
}

/// A C string libvirt filled in, as bytes of our own (`None` for NULL).
fn opt_bytes(s: *const libc::c_char) -> Option<Vec<u8>> {
    if s.is_null() {
        None
    } else {
        // SAFETY: a NUL-terminated string inside a record libvirt filled in.
        Some(unsafe { CStr::from_ptr(s) }.to_bytes().to_vec())
    }
}

/// The job's type and its statistics (a list libvirt allocates).
pub fn job_stats(d: Dom, flags: u32) -> Result<(i32, Params), Error> {
    let mut ty: libc::c_int = 0;
    // SAFETY: a domain handle; libvirt allocates the list.
    let list =
        Params::allocated(|l, n| unsafe { sys::virDomainGetJobStats(d, &mut ty, l, n, flags) })?;
    Ok((ty, list))
}

/// CPU statistics: `records` records of `nparams` entries each, in one list.
pub struct CpuStats {
    pub params: Params,
    pub nparams: usize,
    pub records: usize,
}

pub fn cpu_stats(d: Dom, start: i32, mut ncpus: u32, flags: u32) -> Result<CpuStats, Error> {
    // How many statistics one record has: for the totals (start_cpu -1) or per CPU.
    let probe_start = if start == -1 { -1 } else { 0 };
    // SAFETY: a domain handle; no array when asking for counts.
    let nparams = check_neg(unsafe {
        sys::virDomainGetCPUStats(d, std::ptr::null_mut(), 0, probe_start, 1, 0)
    })? as usize;
    // The totals are one record; libvirt itself refuses any ncpus but 1 for them.
    let records = if start == -1 {
        1
    } else {
        // SAFETY: as above: the number of CPUs libvirt reports on.
        let total =
            check_neg(unsafe { sys::virDomainGetCPUStats(d, std::ptr::null_mut(), 0, 0, 0, 0) })?
                as usize;
        if ncpus == 0 {
            ncpus = total as libc::c_uint;
        }
        (ncpus as usize).min(total.saturating_sub(start.max(0) as usize))
    };
    // libvirt writes at most one record per CPU it has from start_cpu on (and refuses an
    // nparams * ncpus beyond an unsigned int before writing anything), so that is all the
    // room needed, whatever ncpus says.
    let room = if start == -1 { 1 } else { records.max(1) };
    let mut params = Params::zeroed(nparams * room);
    // SAFETY: room for every record libvirt writes, of nparams entries each.
    check_neg(unsafe {
        sys::virDomainGetCPUStats(
            d,
            params.as_mut_ptr(),
            nparams as libc::c_uint,
            start,
            ncpus,
            flags,
        )
    })?;
    Ok(CpuStats {
        params,
        nparams,
        records: records.min(room),
    })
}

/// A disk's statistics: the typed list, or the older call's five counters where the
/// driver lacks the newer call (and no flags were given).
pub enum BlockStats {
    Old(sys::virDomainBlockStatsStruct),
    New(Params),
}

pub fn block_stats(d: Dom, path: *const libc::c_char, flags: u32) -> Result<BlockStats, Error> {
    let mut n: libc::c_int = 0;
    // SAFETY: a domain handle and a string; no array when asking for the count.
    let r = unsafe { sys::virDomainBlockStatsFlags(d, path, std::ptr::null_mut(), &mut n, flags) };
    if r < 0 {
        // Only the code is read here; the whole error is copied only to fail with it.
        if Error::last_code() != sys::VIR_ERR_NO_SUPPORT as i32 || flags != 0 {
            return Err(Error::last());
        }
        // The older call, with its fixed set of five counters.
        // SAFETY: zeroed plain C data for libvirt to fill.
        let mut st: sys::virDomainBlockStatsStruct = unsafe { std::mem::zeroed() };
        // SAFETY: a domain handle, a string and the struct with its size.
        check_neg(unsafe {
            sys::virDomainBlockStats(
                d,
                path,
                &mut st,
                std::mem::size_of::<sys::virDomainBlockStatsStruct>(),
            )
        })?;
        return Ok(BlockStats::Old(st));
    }
    let mut list = Params::zeroed(n.max(0) as usize);
    // SAFETY: room for n entries.
    check_neg(unsafe { sys::virDomainBlockStatsFlags(d, path, list.as_mut_ptr(), &mut n, flags) })?;
    list.truncate(n);
    Ok(BlockStats::New(list))
}

/// The memory statistics libvirt reports: (tag, value) pairs.
pub fn memory_stats(d: Dom, flags: u32) -> Result<Vec<(i32, u64)>, Error> {
    let mut stats: [sys::virDomainMemoryStatStruct; sys::VIR_DOMAIN_MEMORY_STAT_NR as usize] =
        // SAFETY: plain C data, all zero.
        unsafe { std::mem::zeroed() };
    // SAFETY: a domain handle and room for every statistic libvirt knows.
    let got = check_neg(unsafe {
        sys::virDomainMemoryStats(d, stats.as_mut_ptr(), stats.len() as libc::c_uint, flags)
    })?;
    Ok(stats[..(got as usize).min(stats.len())]
        .iter()
        .map(|s| (s.tag, s.val))
        .collect())
}

/// The security labels: (label, enforcing) pairs.
pub fn security_labels(d: Dom) -> Result<Vec<(Vec<u8>, i32)>, Error> {
    let mut labels: sys::virSecurityLabelPtr = std::ptr::null_mut();
    // SAFETY: a domain handle; libvirt allocates the array, freed below.
    let n = check_neg(unsafe { sys::virDomainGetSecurityLabelList(d, &mut labels) })?;
    // SAFETY: n labels libvirt filled in; then the array libvirt allocated.
    unsafe {
        let list = super::array_slice(labels, n as usize)
            .iter()
            .map(|l| (c_chars(&l.label).to_vec(), l.enforcing))
            .collect();
        libc::free(labels as *mut libc::c_void);
        Ok(list)
    }
}

/// The bytes of a fixed-size C char array, up to its first NUL.
fn c_chars(field: &[libc::c_char]) -> &[u8] {
    // SAFETY: c_char and u8 have the same layout.
    let bytes = unsafe { std::slice::from_raw_parts(field.as_ptr() as *const u8, field.len()) };
    &bytes[..bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len())]
}

/// The I/O threads: (id, CPU map) pairs.
pub fn iothread_info(d: Dom, flags: u32) -> Result<Vec<(u32, Vec<u8>)>, Error> {
    let mut list: *mut sys::virDomainIOThreadInfoPtr = std::ptr::null_mut();
    // SAFETY: a domain handle; libvirt allocates the list, freed below.
    let n = check_neg(unsafe { sys::virDomainGetIOThreadInfo(d, &mut list, flags) })?;
    let mut out = Vec::with_capacity(n as usize);
    // SAFETY: n records libvirt allocated, each freed after use, then the list.
    unsafe {
        for &t in super::array_slice(list, n as usize) {
            let map = super::array_slice((*t).cpumap, (*t).cpumaplen.max(0) as usize);
            out.push(((*t).iothread_id, map.to_vec()));
            sys::virDomainIOThreadInfoFree(t);
        }
        libc::free(list as *mut libc::c_void);
    }
    Ok(out)
}

/// A mounted file system of the guest.
pub struct FsInfo {
    pub mountpoint: Vec<u8>,
    pub name: Vec<u8>,
    pub fstype: Vec<u8>,
    pub devalias: Vec<Vec<u8>>,
}

pub fn fs_info(d: Dom, flags: u32) -> Result<Vec<FsInfo>, Error> {
    let mut list: *mut sys::virDomainFSInfoPtr = std::ptr::null_mut();
    // SAFETY: a domain handle; libvirt allocates the list, freed below.
    let n = check_neg(unsafe { sys::virDomainGetFSInfo(d, &mut list, flags) })?;
    let mut out = Vec::with_capacity(n as usize);
    // SAFETY: n records libvirt allocated, each freed after use, then the list.
    unsafe {
        for &f in super::array_slice(list, n as usize) {
            out.push(FsInfo {
                mountpoint: bytes_or_empty((*f).mountpoint),
                name: bytes_or_empty((*f).name),
                fstype: bytes_or_empty((*f).fstype),
                devalias: super::array_slice((*f).devAlias, (*f).ndevAlias)
                    .iter()
                    .map(|&a| bytes_or_empty(a))
                    .collect(),
            });
            sys::virDomainFSInfoFree(f);
        }
        libc::free(list as *mut libc::c_void);
    }
    Ok(out)
}

/// A network interface of the guest: name, hardware address (if known), and its addresses
/// as (type, address, prefix).
pub struct Interface {
    pub name: Vec<u8>,
    pub hwaddr: Option<Vec<u8>>,
    pub addrs: Vec<(i32, Vec<u8>, i32)>,
}

pub fn interface_addresses(d: Dom, src: u32, flags: u32) -> Result<Vec<Interface>, Error> {
    let mut list: *mut sys::virDomainInterfacePtr = std::ptr::null_mut();
    // SAFETY: a domain handle; libvirt allocates the list, freed below.
    let n = check_neg(unsafe { sys::virDomainInterfaceAddresses(d, &mut list, src, flags) })?;
    let mut out = Vec::with_capacity(n as usize);
    // SAFETY: n records libvirt allocated, each freed after use, then the list.
    unsafe {
        for &i in super::array_slice(list, n as usize) {
            out.push(Interface {
                name: bytes_or_empty((*i).name),
                hwaddr: opt_bytes((*i).hwaddr),
                addrs: super::array_slice((*i).addrs, (*i).naddrs as usize)
                    .iter()
                    .map(|a| (a.type_, bytes_or_empty(a.addr), a.prefix as libc::c_int))
                    .collect(),
            });
            sys::virDomainInterfaceFree(i);
        }
        libc::free(list as *mut libc::c_void);
    }
    Ok(out)
}

/// The disks with errors: (disk, error) pairs.
pub fn disk_errors(d: Dom, flags: u32) -> Result<Vec<(Vec<u8>, i32)>, Error> {
    // The count is asked without the caller's flags, as in the reference.
    // SAFETY: a domain handle; no array for the count.
    let max = check_neg(unsafe { sys::virDomainGetDiskErrors(d, std::ptr::null_mut(), 0, 0) })?;
    // SAFETY: zeroed plain C data.
    let mut errors: Vec<sys::virDomainDiskError> =
        vec![unsafe { std::mem::zeroed() }; max as usize];
    // SAFETY: room for max records; each disk name is libvirt's to give us.
    let n = check_neg(unsafe {
        sys::virDomainGetDiskErrors(d, errors.as_mut_ptr(), max as libc::c_uint, flags)
    })?;
    let n = (n as usize).min(errors.len());
    Ok(errors[..n]
        .iter()
        .map(|e| {
            let disk = bytes_or_empty(e.disk);
            // SAFETY: the name libvirt allocated for this record.
            unsafe { libc::free(e.disk as *mut libc::c_void) };
            (disk, e.error)
        })
        .collect())
}

/// `size` bytes of a disk (`path`) or of the guest's memory (`path` NULL) from `offset`.
pub fn peek(
    d: Dom,
    path: Option<&CStr>,
    offset: u64,
    size: usize,
    flags: u32,
) -> Result<Vec<u8>, Error> {
    let mut buf = vec![0u8; size];
    let b = buf.as_mut_ptr() as *mut libc::c_void;
    // SAFETY: a domain handle, a string and a buffer of size bytes.
    check_neg(unsafe {
        match path {
            Some(path) => sys::virDomainBlockPeek(d, path.as_ptr(), offset, size, b, flags),
            None => sys::virDomainMemoryPeek(d, offset, size, b, flags),
        }
    })?;
    Ok(buf)
}

/// A list of `r` strings libvirt allocated in `arr` (each, and the array, ours to free).
pub fn owned_strings(r: libc::c_int, arr: *mut *mut libc::c_char) -> Result<Vec<Vec<u8>>, Error> {
    if r < 0 {
        let e = Error::last();
        // SAFETY: libvirt leaves NULL or its own array on failure.
        unsafe { libc::free(arr as *mut libc::c_void) };
        return Err(e);
    }
    // SAFETY: r malloc'ed strings from libvirt, each taken over by LvString, then the array.
    unsafe {
        let list = super::array_slice(arr, r as usize)
            .iter()
            .filter_map(|&s| super::LvString::from_raw(s))
            .map(|s| s.to_bytes().to_vec())
            .collect();
        libc::free(arr as *mut libc::c_void);
        Ok(list)
    }
}

/// The user's authorized SSH keys in the guest.
pub fn ssh_keys(d: Dom, user: &CStr, flags: u32) -> Result<Vec<Vec<u8>>, Error> {
    let mut keys: *mut *mut libc::c_char = std::ptr::null_mut();
    // SAFETY: a domain handle and a string; libvirt allocates the list.
    let r = unsafe { sys::virDomainAuthorizedSSHKeysGet(d, user.as_ptr(), &mut keys, flags) };
    owned_strings(r, keys)
}

/// The domain's messages (tainting, deprecations).
pub fn messages(d: Dom, flags: u32) -> Result<Vec<Vec<u8>>, Error> {
    let mut msgs: *mut *mut libc::c_char = std::ptr::null_mut();
    // SAFETY: a domain handle; libvirt allocates the list.
    let r = unsafe { sys::virDomainGetMessages(d, &mut msgs, flags) };
    owned_strings(r, msgs)
}

/// C string pointers of `list`, NULL for an empty one (as the reference passes it).
fn str_ptrs(list: &[CString]) -> Vec<*const libc::c_char> {
    list.iter().map(|s| s.as_ptr()).collect()
}

pub fn set_ssh_keys(d: Dom, user: &CStr, keys: &[CString], flags: u32) -> Result<(), Error> {
    let mut ptrs = str_ptrs(keys);
    let ptr = if ptrs.is_empty() {
        std::ptr::null_mut()
    } else {
        ptrs.as_mut_ptr()
    };
    // SAFETY: a domain handle, a string and a list of C strings alive for the call.
    check_neg(unsafe {
        sys::virDomainAuthorizedSSHKeysSet(d, user.as_ptr(), ptr, keys.len() as libc::c_uint, flags)
    })?;
    Ok(())
}

/// `virDomainFSFreeze` or `virDomainFSThaw` of the mount points (all of them: none given).
pub type FsFreezeThaw =
    unsafe extern "C" fn(Dom, *mut *const libc::c_char, libc::c_uint, libc::c_uint) -> libc::c_int;

pub fn fs_freeze_thaw(
    d: Dom,
    f: FsFreezeThaw,
    points: &[CString],
    flags: u32,
) -> Result<(), Error> {
    let mut ptrs = str_ptrs(points);
    let ptr = if ptrs.is_empty() {
        std::ptr::null_mut()
    } else {
        ptrs.as_mut_ptr()
    };
    // SAFETY: a domain handle and a list of C strings alive for the call (or NULL).
    check_neg(unsafe { f(d, ptr, points.len() as libc::c_uint, flags) })?;
    Ok(())
}

// --- saving, files ---------------------------------------------------------------------------

/// Where `save` saves to: a parameter list, or a file with an optional XML.
pub enum SaveTo {
    Params(NewParams),
    File(CString, Option<CString>),
}

pub fn save(d: Dom, to: SaveTo, flags: u32) -> Result<(), Error> {
    // SAFETY: a domain handle, and a list whose strings it owns or strings (or NULL).
    check_neg(unsafe {
        match to {
            SaveTo::Params(mut params) => {
                sys::virDomainSaveParams(d, params.as_mut_ptr(), params.len(), flags)
            }
            SaveTo::File(to, dxml) => {
                if dxml.is_some() || flags != 0 {
                    let dxml = dxml.as_ref().map_or(std::ptr::null(), |s| s.as_ptr());
                    sys::virDomainSaveFlags(d, to.as_ptr(), dxml, flags)
                } else {
                    sys::virDomainSave(d, to.as_ptr())
                }
            }
        }
    })?;
    Ok(())
}
