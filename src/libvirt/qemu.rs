//! The libvirt-qemu calls of irregular methods, as values of their own: each is the `run`
//! phase of a method in src/perl/qemu.rs, callable from any thread. No Perl.

use super::api;
use super::error::{check_neg, Error};
use super::LvString;
use std::ffi::{c_int, c_uint};
use virt::sys;

/// Descriptors handed to us, closed when dropped unless taken ([`Fds::take`]): a result
/// whose Future was cancelled closes what it would have given.
pub struct Fds(Vec<c_int>);

impl Fds {
    /// The descriptors, now the caller's to close or hand over.
    pub fn take(mut self) -> Vec<c_int> {
        std::mem::take(&mut self.0)
    }
}

impl Drop for Fds {
    fn drop(&mut self) {
        for &fd in &self.0 {
            // SAFETY: a descriptor libvirt opened for us, not handed over.
            unsafe { libc::close(fd) };
        }
    }
}

/// A monitor command with descriptors: the reply (`None` where libvirt gave none), and the
/// descriptors QEMU sent back. The descriptors passed in stay the caller's.
pub fn monitor_command_with_files(
    d: sys::virDomainPtr,
    cmd: *const libc::c_char,
    infiles: &[c_int],
    flags: u32,
) -> Result<(Option<LvString>, Fds), Error> {
    let mut noutfiles: c_uint = 0;
    let mut outfiles: *mut c_int = std::ptr::null_mut();
    let mut result: *mut libc::c_char = std::ptr::null_mut();
    // SAFETY: a domain handle, a NUL-terminated string, the descriptors (libvirt only reads them) and out
    // pointers; what libvirt hands over (the reply, the list of new descriptors) is ours.
    let r = unsafe {
        api::virDomainQemuMonitorCommandWithFiles(d, cmd, infiles.len() as c_uint,
            infiles.as_ptr() as *mut c_int, &mut noutfiles, &mut outfiles, &mut result, flags)
    };
    // SAFETY: NULL or the reply libvirt allocated; LvString frees it.
    let result = unsafe { LvString::from_raw(result) };
    if let Err(e) = check_neg(r) {
        // SAFETY: whatever list libvirt left (NULL on failure) is freed.
        unsafe { libc::free(outfiles as *mut libc::c_void) };
        return Err(e);
    }
    // SAFETY: noutfiles descriptors libvirt opened for us, in a list it allocated, freed
    // once copied.
    let fds = unsafe {
        let fds = Fds(super::array_slice(outfiles, noutfiles as usize).to_vec());
        libc::free(outfiles as *mut libc::c_void);
        fds
    };
    Ok((result, fds))
}
