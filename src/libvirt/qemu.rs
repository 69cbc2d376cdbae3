//! The libvirt-qemu calls of irregular methods, as values of their own: each is the `run`
//! phase of a method in src/perl/qemu.rs, callable from any thread. No Perl.

use super::api;
use super::error::{check_neg, Error};
use super::LvString;
use std::ffi::{c_int, c_uint};
use virt::sys;

/// A monitor command with descriptors: the reply (`None` where libvirt gave none), and the
/// descriptors QEMU sent back. The descriptors passed in stay the caller's.
pub fn monitor_command_with_files(
    d: sys::virDomainPtr,
    cmd: *const libc::c_char,
    infiles: &[c_int],
    flags: u32,
) -> Result<(Option<LvString>, Vec<std::os::fd::OwnedFd>), Error> {
    let mut noutfiles: c_uint = 0;
    let mut outfiles: *mut c_int = std::ptr::null_mut();
    let mut result: *mut libc::c_char = std::ptr::null_mut();
    // SAFETY: a domain handle, a NUL-terminated string, the descriptors (libvirt only reads them) and out
    // pointers; what libvirt hands over (the reply, the list of new descriptors) is ours.
    let r = unsafe {
        api::virDomainQemuMonitorCommandWithFiles(
            d,
            cmd,
            infiles.len() as c_uint,
            infiles.as_ptr() as *mut c_int,
            &mut noutfiles,
            &mut outfiles,
            &mut result,
            flags,
        )
    };
    // SAFETY: NULL or the reply libvirt allocated; LvString frees it.
    let result = unsafe { LvString::from_raw(result) };
    if let Err(e) = check_neg(r) {
        // SAFETY: whatever list libvirt left (NULL on failure) is freed.
        unsafe { libc::free(outfiles as *mut libc::c_void) };
        return Err(e);
    }
    // SAFETY: noutfiles descriptors libvirt opened for us, in a list it allocated.
    let fds = unsafe { super::take_fds(outfiles, noutfiles as usize) };
    Ok((result, fds))
}
