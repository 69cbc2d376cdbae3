//! Safe Rust over libvirt: what the `virt` crate lacks or converts lossily. No Perl here.

pub mod backup;
pub mod checkpoint;
pub mod cstring;
pub mod error;

pub use checkpoint::DomainCheckpoint;
pub use cstring::LvString;
pub use error::Error;

/// The first `len` elements of an array that libvirt allocated and filled in (empty if
/// `len` is 0 or `arr` is NULL, which libvirt returns for an empty list).
///
/// # Safety
///
/// Unless `arr` is NULL, it must hold `len` initialised elements that outlive the returned
/// slice.
pub(crate) unsafe fn array_slice<'a, T>(arr: *const T, len: usize) -> &'a [T] {
    if len == 0 || arr.is_null() {
        &[]
    } else {
        std::slice::from_raw_parts(arr, len)
    }
}
