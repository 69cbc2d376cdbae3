//! The stream calls of irregular methods, as values of their own: each is the `run` phase of
//! a method of `Sys::Virt::Stream` (src/perl/stream.rs), callable from any thread. No Perl.

use super::error::{check_neg, Error};
use virt::sys;

/// Sends `data`: the count libvirt took, or -2 where a non-blocking stream would block.
pub fn send(st: sys::virStreamPtr, data: &[u8]) -> Result<i32, Error> {
    // SAFETY: a stream handle and data.len() readable bytes.
    let r = unsafe { sys::virStreamSend(st, data.as_ptr() as *const libc::c_char, data.len()) };
    if r < 0 && r != -2 {
        return Err(Error::last());
    }
    Ok(r)
}

/// Receives up to `nbytes` bytes (the flags call only when flags are given, as the reference
/// calls it): the count and the bytes received, or -2 (would block) or -3 (a hole comes
/// next), with no bytes, as libvirt returns them.
pub fn recv(st: sys::virStreamPtr, nbytes: usize, flags: u32) -> Result<(i32, Vec<u8>), Error> {
    let mut buf = vec![0u8; nbytes];
    let raw = buf.as_mut_ptr() as *mut libc::c_char;
    // SAFETY: a stream handle and a buffer of nbytes.
    let r = unsafe {
        if flags != 0 {
            sys::virStreamRecvFlags(st, raw, nbytes, flags)
        } else {
            sys::virStreamRecv(st, raw, nbytes)
        }
    };
    if r < 0 && r != -2 && r != -3 {
        return Err(Error::last());
    }
    buf.truncate(r.max(0) as usize);
    Ok((r, buf))
}

/// The length of the hole the stream is at.
pub fn recv_hole(st: sys::virStreamPtr, flags: u32) -> Result<i64, Error> {
    let mut length: libc::c_longlong = 0;
    // SAFETY: a stream handle and an out pointer.
    check_neg(unsafe { sys::virStreamRecvHole(st, &mut length, flags) })?;
    Ok(length)
}
