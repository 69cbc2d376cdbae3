//! The Perl classes: one module per class, each registering its XSUBs from `boot_Sys__Virt`.
//!
//! Every XSUB has the same steps: check the argument count (perl's usage message), take
//! the object's handle (warn and return `undef` for a non-object, as XS does), convert the
//! other arguments with perl's own coercions, call libvirt through `crate::libvirt` or
//! `virt`, and convert the result — or die with a `Sys::Virt::Error` built from libvirt's
//! error, read right after the failing call.

pub mod domain;
pub mod domain_checkpoint;
pub mod error;
pub mod typed_params;
pub mod virt;

use crate::libvirt::Error;
use perlxs::{Boot, Fail, HandleKind, Perl};
use std::ffi::c_void;

/// `Sys::Virt` objects hold a `virConnectPtr`.
pub static CONNECT: HandleKind = HandleKind::new("Sys::Virt", "con", connect_ref, connect_release);
/// `Sys::Virt::Domain` objects hold a `virDomainPtr`.
pub static DOMAIN: HandleKind =
    HandleKind::new("Sys::Virt::Domain", "dom", domain_ref, domain_release);
/// `Sys::Virt::DomainCheckpoint` objects hold a `virDomainCheckpointPtr`.
pub static CHECKPOINT: HandleKind = HandleKind::new(
    "Sys::Virt::DomainCheckpoint",
    "domcp",
    checkpoint_ref,
    checkpoint_release,
);

unsafe extern "C" fn connect_ref(p: *mut c_void) -> bool {
    ::virt::sys::virConnectRef(p as _) == 0
}
unsafe extern "C" fn connect_release(p: *mut c_void) {
    ::virt::sys::virConnectClose(p as _);
}
unsafe extern "C" fn domain_ref(p: *mut c_void) -> bool {
    ::virt::sys::virDomainRef(p as _) == 0
}
unsafe extern "C" fn domain_release(p: *mut c_void) {
    ::virt::sys::virDomainFree(p as _);
}
unsafe extern "C" fn checkpoint_ref(p: *mut c_void) -> bool {
    ::virt::sys::virDomainCheckpointRef(p as _) == 0
}
unsafe extern "C" fn checkpoint_release(p: *mut c_void) {
    ::virt::sys::virDomainCheckpointFree(p as _);
}

/// A libvirt failure as the `Sys::Virt::Error` object to die with.
pub fn die_with(p: Perl, e: &Error) -> Fail {
    Fail::Die(error::new_error_object(p, e))
}

/// `?`-friendly conversion of libvirt results inside XSUBs.
pub trait OrDie<T> {
    fn or_die(self, p: Perl) -> Result<T, Fail>;
}

impl<T> OrDie<T> for Result<T, Error> {
    #[inline]
    fn or_die(self, p: Perl) -> Result<T, Fail> {
        self.map_err(|e| die_with(p, &e))
    }
}

/// Called by XSLoader::load('Sys::Virt'): registers every class's XSUBs and constants.
///
/// # Safety
/// Called by perl only, as an XSUB.
#[no_mangle]
pub unsafe extern "C" fn boot_Sys__Virt(perl: perlxs::ffi::Interp, cv: *mut perlxs::ffi::CV) {
    let boot = Boot::begin(perl, cv, file!());
    crate::libvirt::init();
    virt::register(&boot);
    error::register(&boot);
    domain::register(&boot);
    domain_checkpoint::register(&boot);
    boot.end();
}

/// Shorthand for a NUL-terminated literal.
#[macro_export]
macro_rules! c {
    ($s:expr) => {
        // SAFETY: concat! adds exactly one NUL, at the end; literals here contain none.
        unsafe { ::std::ffi::CStr::from_bytes_with_nul_unchecked(concat!($s, "\0").as_bytes()) }
    };
}
