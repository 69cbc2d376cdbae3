//! The node device calls of irregular methods, as values of their own: each is the `run`
//! phase of a method of `Sys::Virt::NodeDevice` (src/perl/node_device.rs), callable from any
//! thread. No Perl.

use super::error::{check_neg, Error};
use super::LvString;
use std::ffi::CStr;
use virt::sys;

type Dev = sys::virNodeDevicePtr;

/// The parent's name, or `None` for a device without one: NULL is a failure only when
/// libvirt reported an error with it.
pub fn parent(dev: Dev) -> Result<Option<Vec<u8>>, Error> {
    // SAFETY: a device handle; the string belongs to the device, held for the call.
    let parent = unsafe { sys::virNodeDeviceGetParent(dev) };
    if parent.is_null() {
        // SAFETY: only checks whether this thread has an error record.
        if unsafe { !sys::virGetLastError().is_null() } {
            return Err(Error::last());
        }
        return Ok(None);
    }
    // SAFETY: a NUL-terminated string owned by the device.
    Ok(Some(unsafe { CStr::from_ptr(parent) }.to_bytes().to_vec()))
}

/// Detaches the device from the host: without a driver name (NULL) and flags the old call
/// (its name misspelled in libvirt too), as in the reference; with either, the one that
/// takes them.
pub fn detach(dev: Dev, driver: *const libc::c_char, flags: u32) -> Result<(), Error> {
    // SAFETY: a device handle and a NUL-terminated string or NULL.
    check_neg(unsafe {
        if !driver.is_null() || flags != 0 {
            sys::virNodeDeviceDetachFlags(dev, driver, flags)
        } else {
            sys::virNodeDeviceDettach(dev)
        }
    })?;
    Ok(())
}

/// The capability names: as many as the device says it has. A count above 4096 is asked
/// again, as the room of a name list is (`room_for` in src/perl/rows.rs).
pub fn capabilities(dev: Dev) -> Result<Vec<Vec<u8>>, Error> {
    // SAFETY: a device handle.
    let mut max = check_neg(unsafe { sys::virNodeDeviceNumOfCaps(dev) })?;
    if max > 4096 {
        // SAFETY: as above.
        max = max.min(check_neg(unsafe { sys::virNodeDeviceNumOfCaps(dev) })?);
    }
    let mut names: Vec<*mut libc::c_char> = vec![std::ptr::null_mut(); max.max(0) as usize];
    // SAFETY: room for max names, each of which becomes ours.
    let r = unsafe { sys::virNodeDeviceListCaps(dev, names.as_mut_ptr(), max) };
    let r = check_neg(r)? as usize;
    Ok(names[..r.min(names.len())]
        .iter()
        // SAFETY: a malloc'ed string from libvirt; LvString frees it.
        .filter_map(|&name| unsafe { LvString::from_raw(name) })
        .map(|s| s.to_bytes().to_vec())
        .collect())
}
