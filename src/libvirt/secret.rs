//! The secret calls of irregular methods, as values of their own: each is the `run` phase of
//! a method of `Sys::Virt::Secret` (src/perl/secret.rs), callable from any thread. No Perl.
//!
//! A secret's value is held in [`Wiped`] bytes, zeroed before they are freed, whichever
//! thread drops them (a Future cancelled before its result was built drops them too).

use super::error::{check_neg, Error};
use virt::sys;

/// A copy of a secret's bytes, zeroed when dropped. Made with its exact size, so that no
/// growth leaves an unzeroed copy behind.
pub struct Wiped(Vec<u8>);

impl Wiped {
    pub fn copy(bytes: &[u8]) -> Wiped {
        Wiped(bytes.to_vec())
    }

    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for Wiped {
    fn drop(&mut self) {
        // SAFETY: writable memory of len bytes.
        unsafe { libc::explicit_bzero(self.0.as_mut_ptr() as *mut libc::c_void, self.0.len()) };
    }
}

/// The usage type; as in the reference, 0 (USAGE_TYPE_NONE) is taken for a failure and -1
/// is returned as it is.
pub fn usage_type(sec: sys::virSecretPtr) -> Result<i32, Error> {
    // SAFETY: a secret handle.
    let r = unsafe { sys::virSecretGetUsageType(sec) };
    if r == 0 {
        return Err(Error::last());
    }
    Ok(r)
}

/// The value's bytes, all of them; libvirt's buffer is zeroed before it is freed.
pub fn value(sec: sys::virSecretPtr, flags: u32) -> Result<Wiped, Error> {
    let mut len: libc::size_t = 0;
    // SAFETY: a secret handle and an out pointer for the length.
    let bytes = unsafe { sys::virSecretGetValue(sec, &mut len, flags) };
    if bytes.is_null() {
        return Err(Error::last());
    }
    // SAFETY: libvirt's malloc'ed buffer of len bytes, ours from here on.
    let buf = unsafe { std::slice::from_raw_parts_mut(bytes, len) };
    let value = Wiped::copy(buf);
    // SAFETY: the buffer, zeroed, then freed; no longer read.
    unsafe {
        libc::explicit_bzero(bytes as *mut libc::c_void, len);
        libc::free(bytes as *mut libc::c_void);
    }
    Ok(value)
}

/// Sets the value: any bytes, NULs included, with their length.
pub fn set_value(sec: sys::virSecretPtr, value: &Wiped, flags: u32) -> Result<(), Error> {
    let v = value.bytes();
    // SAFETY: a secret handle and v.len() readable bytes.
    check_neg(unsafe { sys::virSecretSetValue(sec, v.as_ptr(), v.len(), flags) })?;
    Ok(())
}
