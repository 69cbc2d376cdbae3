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
            sys::virDomainGetVcpus(d, info.as_mut_ptr(), nvcpus as libc::c_int,
                                   maps.as_mut_ptr(), maplen as libc::c_int)
        };
        if got >= 0 {
            let count = (got as usize).min(nvcpus);
            return Ok(VcpuInfo { info: Some(info), maps, maplen, count });
        }
        if Error::last_code() != sys::VIR_ERR_OPERATION_INVALID as i32 {
            return Err(Error::last());
        }
    }
    // An inactive domain (or flags given): only the pinning is known.
    // SAFETY: as above.
    let got = check_neg(unsafe {
        sys::virDomainGetVcpuPinInfo(d, nvcpus as libc::c_int, maps.as_mut_ptr(),
                                     maplen as libc::c_int, flags)
    })?;
    Ok(VcpuInfo { info: None, maps, maplen, count: (got as usize).min(nvcpus) })
}
