//! Strings that libvirt allocated and handed over: kept as libvirt's bytes, freed with
//! `free(3)`, never converted to UTF-8.

use std::ffi::CStr;
use std::fmt;
use std::ptr::NonNull;

use libc::c_char;

/// An owned, NUL-terminated `char *` that libvirt allocated with `malloc` and gave to the
/// caller (for example the result of `virDomainCheckpointGetXMLDesc`).
///
/// The bytes are never copied or validated: [`LvString::to_bytes`] borrows them in place, so
/// a caller can copy them once, straight into its own buffer. Dropping the value frees the
/// memory with `libc::free`.
pub struct LvString {
    ptr: NonNull<c_char>,
    /// Length in bytes, without the terminating NUL (measured once, at construction).
    len: usize,
}

// SAFETY: the buffer is uniquely owned, plain bytes, and `free` may be called from any thread.
unsafe impl Send for LvString {}
// SAFETY: shared access only reads the bytes.
unsafe impl Sync for LvString {}

impl LvString {
    /// Takes ownership of a string returned by libvirt. Returns `None` for NULL (nothing is
    /// taken then).
    ///
    /// # Safety
    ///
    /// `ptr` must be NULL or a NUL-terminated buffer allocated with `malloc` (as libvirt's
    /// strings are), not owned by anyone else; it is freed when the `LvString` is dropped.
    #[inline]
    pub unsafe fn from_raw(ptr: *mut c_char) -> Option<LvString> {
        let ptr = NonNull::new(ptr)?;
        // SAFETY: the caller's promise: a NUL-terminated buffer.
        let len = unsafe { libc::strlen(ptr.as_ptr()) };
        Some(LvString { ptr, len })
    }

    /// The bytes, without the terminating NUL. No copy.
    #[inline]
    pub fn to_bytes(&self) -> &[u8] {
        // SAFETY: `ptr` points at `len` initialised bytes (plus a NUL) owned by `self`.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr() as *const u8, self.len) }
    }

    /// The bytes, including the terminating NUL. No copy.
    #[inline]
    pub fn to_bytes_with_nul(&self) -> &[u8] {
        // SAFETY: as in `to_bytes`; the NUL at `len` belongs to the buffer too.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr() as *const u8, self.len + 1) }
    }

    /// The string as a `CStr`. No copy.
    #[inline]
    pub fn as_c_str(&self) -> &CStr {
        // SAFETY: the buffer is NUL-terminated exactly at `len` and has no NUL before it
        // (`len` came from strlen).
        unsafe { CStr::from_bytes_with_nul_unchecked(self.to_bytes_with_nul()) }
    }

    /// Length in bytes, without the NUL.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the string is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The raw pointer, still owned by `self`.
    #[inline]
    pub fn as_ptr(&self) -> *const c_char {
        self.ptr.as_ptr()
    }

    /// Gives up ownership: the caller must `free` the returned pointer.
    #[inline]
    pub fn into_raw(self) -> *mut c_char {
        let p = self.ptr.as_ptr();
        std::mem::forget(self);
        p
    }
}

impl Drop for LvString {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: the buffer came from malloc (contract of `from_raw`) and is owned by `self`.
        unsafe { libc::free(self.ptr.as_ptr() as *mut libc::c_void) }
    }
}

impl AsRef<[u8]> for LvString {
    #[inline]
    fn as_ref(&self) -> &[u8] {
        self.to_bytes()
    }
}

impl AsRef<CStr> for LvString {
    #[inline]
    fn as_ref(&self) -> &CStr {
        self.as_c_str()
    }
}

impl fmt::Debug for LvString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_c_str(), f)
    }
}

impl PartialEq for LvString {
    fn eq(&self, other: &LvString) -> bool {
        self.to_bytes() == other.to_bytes()
    }
}

impl Eq for LvString {}

impl PartialEq<[u8]> for LvString {
    fn eq(&self, other: &[u8]) -> bool {
        self.to_bytes() == other
    }
}
