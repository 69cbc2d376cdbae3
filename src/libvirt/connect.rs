//! The connection calls of irregular methods, as values of their own: each is the `run`
//! phase of a method of `Sys::Virt` (src/perl/virt.rs), callable from any thread. No Perl.

use super::error::{check_neg, Error};
use super::params::NewParams;
use super::LvString;
use std::ffi::{CStr, CString};
use virt::sys;

type Con = sys::virConnectPtr;

/// A string libvirt handed over (freed after the copy), or libvirt's error for NULL.
fn owned(r: *mut libc::c_char) -> Result<Vec<u8>, Error> {
    // SAFETY: the result of a libvirt call that hands over a malloc'ed string (or NULL).
    match unsafe { LvString::from_raw(r) } {
        Some(s) => Ok(s.to_bytes().to_vec()),
        None => Err(Error::last()),
    }
}

/// The connection's hypervisor type: a static string of libvirt's, copied. Like the XS
/// module, a failure is no error: `None`.
pub fn hypervisor_type(c: Con) -> Result<Option<Vec<u8>>, Error> {
    // SAFETY: a connection handle; the result is NULL or a static string.
    let t = unsafe { sys::virConnectGetType(c) };
    if t.is_null() {
        return Ok(None);
    }
    // SAFETY: a NUL-terminated static string.
    Ok(Some(unsafe { CStr::from_ptr(t) }.to_bytes().to_vec()))
}

/// The host's free memory in bytes (0 is libvirt's failure).
pub fn free_memory(c: Con) -> Result<u64, Error> {
    // SAFETY: a connection handle.
    let mem = unsafe { sys::virNodeGetFreeMemory(c) };
    if mem == 0 {
        return Err(Error::last());
    }
    Ok(mem)
}

/// How many NUMA cells `start..=end` spans, in the reference's C int arithmetic; a count
/// below one goes to libvirt, which refuses it (the reference would try to allocate it
/// first).
pub fn cell_count(start: libc::c_int, end: libc::c_int) -> libc::c_int {
    // No host has this many cells; the cap keeps a huge range from allocating gigabytes,
    // and asking for fewer changes no answer.
    const MAX_CELLS: libc::c_int = 1 << 16;
    end.wrapping_sub(start).wrapping_add(1).min(MAX_CELLS)
}

/// The free memory of cells `start..=end`, as many as libvirt reports.
pub fn cells_free_memory(c: Con, start: libc::c_int, end: libc::c_int) -> Result<Vec<u64>, Error> {
    let count = cell_count(start, end);
    let mut mems: Vec<libc::c_ulonglong> = vec![0; count.max(0) as usize];
    // SAFETY: mems has room for count cells (libvirt writes nothing when count < 1).
    let got =
        check_neg(unsafe { sys::virNodeGetCellsFreeMemory(c, mems.as_mut_ptr(), start, count) })?;
    mems.truncate(got as usize);
    Ok(mems)
}

/// A two-call statistics list (count first, with no array; then the records), cut to the
/// records libvirt reported filling.
fn stats<T: Copy>(
    mut get: impl FnMut(*mut T, &mut libc::c_int) -> libc::c_int,
) -> Result<Vec<T>, Error> {
    let mut n: libc::c_int = 0;
    check_neg(get(std::ptr::null_mut(), &mut n))?;
    // SAFETY: the records are plain C data (a char array and a number): zero is valid.
    let mut list: Vec<T> = vec![unsafe { std::mem::zeroed() }; n.max(0) as usize];
    check_neg(get(list.as_mut_ptr(), &mut n))?;
    list.truncate(n.max(0) as usize);
    Ok(list)
}

/// The host's CPU time counters, of one CPU or all of them.
pub fn cpu_stats(c: Con, cpu: libc::c_int, flags: u32) -> Result<Vec<sys::virNodeCPUStats>, Error> {
    // SAFETY: a connection handle; no array when asking for the count, then room for n.
    stats(|list, n| unsafe { sys::virNodeGetCPUStats(c, cpu, list, n, flags) })
}

/// The host's memory counters, of one cell or all of them.
pub fn memory_stats(
    c: Con,
    cell: libc::c_int,
    flags: u32,
) -> Result<Vec<sys::virNodeMemoryStats>, Error> {
    // SAFETY: a connection handle; no array when asking for the count, then room for n.
    stats(|list, n| unsafe { sys::virNodeGetMemoryStats(c, cell, list, n, flags) })
}

/// The free pages of each size in `sizes`, for each cell from `start`: `counts` holds one
/// entry per size, cell after cell.
pub struct FreePages {
    pub sizes: Vec<libc::c_uint>,
    pub counts: Vec<u64>,
    pub start: libc::c_int,
    pub cells: usize,
}

pub fn free_pages(
    c: Con,
    mut sizes: Vec<libc::c_uint>,
    start: libc::c_int,
    end: libc::c_int,
    flags: u32,
) -> Result<FreePages, Error> {
    let ncells = cell_count(start, end);
    let cells = ncells.max(0) as usize;
    let mut counts: Vec<u64> = vec![0; sizes.len() * cells];
    // SAFETY: a connection handle, the page sizes and room for a count per size and cell.
    check_neg(unsafe {
        sys::virNodeGetFreePages(
            c,
            sizes.len() as libc::c_uint,
            sizes.as_mut_ptr(),
            start,
            ncells as libc::c_uint,
            counts.as_mut_ptr(),
            flags,
        )
    })?;
    Ok(FreePages {
        sizes,
        counts,
        start,
        cells,
    })
}

/// Allocates (or frees) `counts[i]` pages of size `sizes[i]` on cells `start..=end`.
pub fn alloc_pages(
    c: Con,
    sizes: &mut [libc::c_uint],
    counts: &mut [libc::c_ulonglong],
    start: libc::c_int,
    end: libc::c_int,
    flags: u32,
) -> Result<(), Error> {
    let n = sizes.len().min(counts.len());
    // SAFETY: a connection handle and two lists of n entries.
    check_neg(unsafe {
        sys::virNodeAllocPages(
            c,
            n as libc::c_uint,
            sizes.as_mut_ptr(),
            counts.as_mut_ptr(),
            start,
            cell_count(start, end) as libc::c_uint,
            flags,
        )
    })?;
    Ok(())
}

/// The host's CPUs: how many, a map of one bit per CPU (whole bytes), and how many are
/// online (as the C int the reference shows).
pub struct CpuMap {
    pub cpus: libc::c_int,
    pub map: Vec<u8>,
    pub online: libc::c_int,
}

pub fn cpu_map(c: Con, flags: u32) -> Result<CpuMap, Error> {
    let mut map: *mut libc::c_uchar = std::ptr::null_mut();
    let mut online: libc::c_uint = 0;
    // SAFETY: a connection handle; libvirt allocates the map, freed below.
    let n = check_neg(unsafe { sys::virNodeGetCPUMap(c, &mut map, &mut online, flags) })?;
    // SAFETY: a map of one bit per CPU, rounded up to whole bytes; then libvirt's block.
    let bytes = unsafe {
        let b = super::array_slice(map, (n as usize).div_ceil(8)).to_vec();
        libc::free(map as *mut libc::c_void);
        b
    };
    Ok(CpuMap {
        cpus: n,
        map: bytes,
        online: online as libc::c_int,
    })
}

/// An array of C string pointers into `list` (alive as long as `list`).
fn pointers(list: &[CString]) -> Vec<*const libc::c_char> {
    list.iter().map(|s| s.as_ptr()).collect()
}

/// The CPU definition every CPU of `xmls` can run.
pub fn baseline_cpu(c: Con, xmls: &[CString], flags: u32) -> Result<Vec<u8>, Error> {
    let mut ptrs = pointers(xmls);
    // SAFETY: a connection handle and C strings owned by xmls; the result is ours.
    owned(unsafe {
        sys::virConnectBaselineCPU(c, ptrs.as_mut_ptr(), ptrs.len() as libc::c_uint, flags)
    })
}

/// As [`baseline_cpu`], for a hypervisor (emulator, arch, machine and virt type: NULL for
/// libvirt's choice).
#[allow(clippy::too_many_arguments)]
pub fn baseline_hypervisor_cpu(
    c: Con,
    emulator: *const libc::c_char,
    arch: *const libc::c_char,
    machine: *const libc::c_char,
    virttype: *const libc::c_char,
    xmls: &[CString],
    flags: u32,
) -> Result<Vec<u8>, Error> {
    let mut ptrs = pointers(xmls);
    // SAFETY: a connection handle, strings or NULLs alive for the call, and C strings owned
    // by xmls; the result is ours.
    owned(unsafe {
        sys::virConnectBaselineHypervisorCPU(
            c,
            emulator,
            arch,
            machine,
            virttype,
            ptrs.as_mut_ptr(),
            ptrs.len() as libc::c_uint,
            flags,
        )
    })
}

/// The names of the CPU models libvirt knows for `arch` (libvirt's list freed here).
pub fn cpu_model_names(c: Con, arch: &CStr, flags: u32) -> Result<Vec<Vec<u8>>, Error> {
    let mut names: *mut *mut libc::c_char = std::ptr::null_mut();
    // SAFETY: a connection handle and a string; libvirt allocates the list.
    let r = unsafe { sys::virConnectGetCPUModelNames(c, arch.as_ptr(), &mut names, flags) };
    if r < 0 {
        let e = Error::last();
        // SAFETY: libvirt leaves NULL or its own array on failure.
        unsafe { libc::free(names as *mut libc::c_void) };
        return Err(e);
    }
    // SAFETY: r malloc'ed strings from libvirt, each taken over by LvString, then the array.
    unsafe {
        let list = super::array_slice(names, r as usize)
            .iter()
            .filter_map(|&s| LvString::from_raw(s))
            .map(|s| s.to_bytes().to_vec())
            .collect();
        libc::free(names as *mut libc::c_void);
        Ok(list)
    }
}

/// The storage pool sources of type `ty` that `spec` describes, as XML.
pub fn find_storage_pool_sources(
    c: Con,
    ty: &CStr,
    spec: &CStr,
    flags: u32,
) -> Result<Vec<u8>, Error> {
    // SAFETY: a connection handle and NUL-terminated strings; the result is ours.
    owned(unsafe { sys::virConnectFindStoragePoolSources(c, ty.as_ptr(), spec.as_ptr(), flags) })
}

/// What `restore_domain` restores from: a saved image (with replacement XML or none), or
/// typed parameters.
pub enum Restore {
    File {
        from: CString,
        dxml: Option<CString>,
    },
    Params(NewParams),
}

pub fn restore(c: Con, what: &mut Restore, flags: u32) -> Result<(), Error> {
    // SAFETY: a connection handle, and strings or a list of parameters owned by `what`.
    check_neg(unsafe {
        match what {
            Restore::Params(params) => {
                sys::virDomainRestoreParams(c, params.as_mut_ptr(), params.len(), flags)
            }
            Restore::File { from, dxml } => {
                // The flags call only where it is needed, as the reference calls it.
                if dxml.is_some() || flags != 0 {
                    let dxml = dxml.as_ref().map_or(std::ptr::null(), |s| s.as_ptr());
                    sys::virDomainRestoreFlags(c, from.as_ptr(), dxml, flags)
                } else {
                    sys::virDomainRestore(c, from.as_ptr())
                }
            }
        }
    })?;
    Ok(())
}

/// Sets the identity the connection acts with (a daemon's client).
pub fn set_identity(c: Con, params: &mut NewParams, flags: u32) -> Result<(), Error> {
    // SAFETY: a connection handle and a list whose strings it owns.
    check_neg(unsafe {
        sys::virConnectSetIdentity(c, params.as_mut_ptr(), params.len() as _, flags)
    })?;
    Ok(())
}

/// The ids of the running domains, up to `max`. A large `max` is cut to how many run, so
/// that it cannot make us allocate gigabytes (as `rows::room_for` does for the name lists,
/// in src/perl, which this module cannot use: it builds without Perl for `cargo test`).
pub fn domain_ids(c: Con, max: libc::c_int) -> Result<Vec<libc::c_int>, Error> {
    const SMALL: libc::c_int = 4096;
    let max = if max <= SMALL {
        max
    } else {
        // SAFETY: a live connection handle.
        max.min(check_neg(unsafe { sys::virConnectNumOfDomains(c) })?)
    };
    let mut ids: Vec<libc::c_int> = vec![0; max.max(0) as usize];
    // SAFETY: ids has room for max entries (a negative max is rejected by libvirt).
    let n = check_neg(unsafe { sys::virConnectListDomains(c, ids.as_mut_ptr(), max) })?;
    ids.truncate(n as usize);
    Ok(ids)
}

/// Domain statistics records that libvirt allocated: freed on drop unless taken over
/// (`into_raw`). Plain malloc'ed memory and domain references, so they may cross from a
/// worker to the Perl thread.
pub struct StatsRecords {
    recs: *mut sys::virDomainStatsRecordPtr,
    n: usize,
}

// SAFETY: the records are libvirt's heap memory and domain references, both usable from
// any thread; only one thread owns them at a time.
unsafe impl Send for StatsRecords {}

impl StatsRecords {
    /// How many records there are.
    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The NULL-terminated list and its length, which the caller now owns (each record's
    /// parameters, the record, then the list are its to free).
    pub fn into_raw(self) -> (*mut sys::virDomainStatsRecordPtr, usize) {
        let r = (self.recs, self.n);
        std::mem::forget(self);
        r
    }
}

impl Drop for StatsRecords {
    fn drop(&mut self) {
        if !self.recs.is_null() {
            // SAFETY: the list libvirt returned, not taken over.
            unsafe { sys::virDomainStatsRecordListFree(self.recs) };
        }
    }
}

/// The statistics of the connection's domains, or of the listed ones (`doms`,
/// NULL-terminated, when it holds any).
pub fn domain_stats(
    c: Con,
    doms: &mut [sys::virDomainPtr],
    stats: libc::c_uint,
    flags: libc::c_uint,
) -> Result<StatsRecords, Error> {
    let mut recs: *mut sys::virDomainStatsRecordPtr = std::ptr::null_mut();
    // SAFETY: a connection handle, or a NULL-terminated list of domain handles (NULL for a
    // destroyed object: libvirt ends the list there); libvirt allocates the records.
    let n = check_neg(unsafe {
        if doms.len() > 1 {
            sys::virDomainListGetStats(doms.as_mut_ptr(), stats, &mut recs, flags)
        } else {
            sys::virConnectGetAllDomainStats(c, stats, &mut recs, flags)
        }
    })?;
    Ok(StatsRecords {
        recs,
        n: n as usize,
    })
}
