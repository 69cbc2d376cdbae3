//! libvirt's per-thread "last error", captured as raw values.
//!
//! `virt::error::Error` converts the message lossily to UTF-8 and, when libvirt reported
//! nothing, invents an internal-error code. Perl users see the exact bytes and numbers
//! (level 0, code 0, domain 0, `Unknown problem` when nothing was reported), so this
//! project keeps its own copy of the error, read right after the failing call and before
//! any other libvirt call on the same thread.

use std::ffi::CStr;

/// What libvirt said about the last failure on this thread.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    pub level: i32,
    pub code: i32,
    pub domain: i32,
    /// The message as libvirt's bytes (normally UTF-8, never trusted to be).
    pub message: Vec<u8>,
}

/// Shows the message as text (lossily), so that a failed test's panic can be read.
impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Error")
            .field("level", &self.level)
            .field("code", &self.code)
            .field("domain", &self.domain)
            .field("message", &String::from_utf8_lossy(&self.message))
            .finish()
    }
}

/// The message used when libvirt failed without saying why.
pub const UNKNOWN_MESSAGE: &[u8] = b"Unknown problem";

impl Error {
    /// The code of this thread's last libvirt error (0 if none), without copying the rest:
    /// for calls that try another way on one particular failure.
    pub fn last_code() -> i32 {
        if let Some(e) = super::api::take_missing().map(Error::missing_function) {
            return e.code;
        }
        // SAFETY: virGetLastError returns NULL or this thread's error record; only its code
        // is read, at once.
        unsafe { virt::sys::virGetLastError().as_ref().map_or(0, |e| e.code) }
    }

    /// Reads libvirt's last error on this OS thread. Call it right after the call that failed.
    pub fn last() -> Error {
        if let Some(missing) = super::api::take_missing() {
            return Error::missing_function(missing);
        }
        // SAFETY: virGetLastError returns NULL or a pointer to this thread's error record,
        // valid until the next libvirt call on this thread; everything is copied out here.
        unsafe {
            let e = virt::sys::virGetLastError();
            if e.is_null() {
                return Error::unknown();
            }
            let message = if (*e).message.is_null() {
                UNKNOWN_MESSAGE.to_vec()
            } else {
                CStr::from_ptr((*e).message).to_bytes().to_vec()
            };
            Error {
                level: (*e).level as i32,
                code: (*e).code,
                domain: (*e).domain,
                message,
            }
        }
    }

    /// The record for a call to a looked-up function that is missing: "not supported", as
    /// libvirt says of calls a driver lacks. It names the function and either the version
    /// that added it (its library is loaded but older) or the library that could not be
    /// loaded.
    #[cold]
    fn missing_function(late: &super::api::Late) -> Error {
        let name = late.name.to_string_lossy();
        let lib = late.library;
        let message = if !lib.loaded() {
            format!(
                "this function is not supported: {} is in {}, which could not be loaded ({})",
                name,
                lib.soname.to_string_lossy(),
                lib.load_error().unwrap_or("not found")
            )
        } else if lib.is_libvirt() {
            format!(
                "this function is not supported by the loaded libvirt {}: {} was added in libvirt {}",
                super::api::loaded_version(),
                name,
                late.since
            )
        } else {
            format!(
                "this function is not supported by the loaded {} (libvirt {}): {} was added in libvirt {}",
                lib.soname.to_string_lossy(),
                super::api::loaded_version(),
                name,
                late.since
            )
        };
        Error {
            level: 2,
            code: super::api::NO_SUPPORT,
            domain: 0,
            message: message.into_bytes(),
        }
    }

    /// The record for "libvirt failed but reported nothing".
    pub fn unknown() -> Error {
        Error {
            level: 0,
            code: 0,
            domain: 0,
            message: UNKNOWN_MESSAGE.to_vec(),
        }
    }

    /// Converts an error returned by a `virt` method. `virt` has just read the same
    /// thread-local record (lossily); it is still there, so it is read again exactly.
    /// Only when it is gone are the `virt` values used.
    pub fn from_virt(e: virt::error::Error) -> Error {
        // SAFETY: as in `last`; only checks for presence.
        let present = unsafe { !virt::sys::virGetLastError().is_null() };
        if present {
            return Error::last();
        }
        Error {
            level: e.level() as i32,
            code: e.code().to_raw() as i32,
            domain: e.domain().to_raw() as i32,
            message: e.message().as_bytes().to_vec(),
        }
    }

    /// The message as text, for Rust callers and test output.
    pub fn message_lossy(&self) -> String {
        String::from_utf8_lossy(&self.message).into_owned()
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "libvirt error code: {}, message: {}",
            self.code,
            self.message_lossy()
        )
    }
}

impl std::error::Error for Error {}

/// Turns libvirt's "-1 means failure" convention into a `Result`, reading the error at once.
#[inline]
pub fn check_neg(ret: libc::c_int) -> Result<libc::c_int, Error> {
    if ret < 0 {
        Err(Error::last())
    } else {
        Ok(ret)
    }
}

/// Turns libvirt's "NULL means failure" convention into a `Result`, reading the error at once.
#[inline]
pub fn check_null<T>(ptr: *mut T) -> Result<*mut T, Error> {
    if ptr.is_null() {
        Err(Error::last())
    } else {
        Ok(ptr)
    }
}

/// Stops libvirt from printing errors on stderr; failures are reported only through
/// return values and `Error::last`.
pub(crate) fn silence_default_handler() {
    extern "C" fn ignore(_data: *mut libc::c_void, _err: virt::sys::virErrorPtr) {}
    // SAFETY: installs a process-wide callback that does nothing.
    unsafe { virt::sys::virSetErrorFunc(std::ptr::null_mut(), Some(ignore)) }
}
