//! libvirt's C API as the module calls it: `virt::sys`, except for the functions newer than
//! libvirt 9.0, which are looked up in the loaded libvirt when the module starts.
//!
//! One build serves every libvirt from 9.0 on. A function that libvirt 9.0 lacks must not be
//! referenced by symbol, or `Virt.so` would not load there (perl's `PERL_DL_NONLAZY=1`, as
//! `make test` sets it, resolves every symbol at load time). Each such function is declared
//! here once, with the libvirt version that added it, under its C name and with its C
//! prototype: the declaration shadows `virt::sys`'s, so a row or a body that writes
//! `api::virDomainSetAutostartOnce(..)` calls it through the looked-up pointer. Where the
//! running libvirt lacks it, the call returns libvirt's failure value and leaves a "not
//! supported" error naming the function and the version, which [`super::Error::last`]
//! reports as it reports libvirt's own.

#![allow(non_snake_case)]

pub use virt::sys::*;

use std::cell::Cell;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_uint, c_void};
use std::sync::atomic::{AtomicPtr, Ordering};

/// libvirt's `VIR_ERR_NO_SUPPORT`: "this function is not supported".
pub const NO_SUPPORT: i32 = 3;

thread_local! {
    /// The newer function that was called on this thread and is not in the loaded libvirt,
    /// with the version that added it; taken by the next `Error::last`.
    static MISSING: Cell<Option<(&'static str, &'static str)>> = const { Cell::new(None) };
}

/// Takes this thread's "function missing" record, if a late function just failed that way.
pub(crate) fn take_missing() -> Option<(&'static str, &'static str)> {
    MISSING.with(|m| m.take())
}

#[cold]
fn missing(name: &'static str, since: &'static str) {
    MISSING.with(|m| m.set(Some((name, since))));
}

/// One looked-up function: its name, the version that added it, and its address (NULL
/// where the loaded libvirt lacks it).
pub struct Late {
    pub name: &'static CStr,
    pub since: &'static str,
    addr: AtomicPtr<c_void>,
}

impl Late {
    const fn new(name: &'static CStr, since: &'static str) -> Late {
        Late {
            name,
            since,
            addr: AtomicPtr::new(std::ptr::null_mut()),
        }
    }

    /// Whether the loaded libvirt has this function.
    pub fn present(&self) -> bool {
        !self.addr.load(Ordering::Relaxed).is_null()
    }
}

/// Declares the late functions: for each, a slot in [`LATE`] and a function of the same
/// name and prototype that calls through the slot or, when it is empty, fails.
macro_rules! late {
    ($( $since:literal fn $name:ident ( $($a:ident : $t:ty),* $(,)? ) -> $r:ty = $fail:expr; )*) => {
        mod slot {
            use super::*;
            $(
                #[allow(non_upper_case_globals)]
                pub static $name: Late = Late::new(
                    // SAFETY: one NUL, at the end; C names contain none.
                    unsafe { CStr::from_bytes_with_nul_unchecked(concat!(stringify!($name), "\0").as_bytes()) },
                    $since,
                );
            )*
        }

        /// Every late function, in declaration order.
        pub static LATE: &[&Late] = &[$( &slot::$name ),*];

        $(
            #[doc = concat!("`", stringify!($name), "`, added in libvirt ", $since, ".")]
            ///
            /// # Safety
            /// As for the C function.
            #[inline]
            pub unsafe fn $name($($a: $t),*) -> $r {
                let f = slot::$name.addr.load(Ordering::Relaxed);
                if f.is_null() {
                    missing(stringify!($name), $since);
                    return $fail;
                }
                // SAFETY: the address dlsym gave for this very name, whose C prototype is
                // the one declared here (taken from virt-sys's declaration).
                let f: unsafe extern "C" fn($($t),*) -> $r = unsafe { std::mem::transmute(f) };
                // SAFETY: the caller's promise, as for the C function.
                unsafe { f($($a),*) }
            }
        )*
    };
}

late! {
    "9.7.0" fn virNetworkGetMetadata(network: virNetworkPtr, type_: c_int, uri: *const c_char,
        flags: c_uint) -> *mut c_char = std::ptr::null_mut();
    "9.7.0" fn virNetworkSetMetadata(network: virNetworkPtr, type_: c_int, metadata: *const c_char,
        key: *const c_char, uri: *const c_char, flags: c_uint) -> c_int = -1;
    "10.1.0" fn virNodeDeviceUpdate(dev: virNodeDevicePtr, xmlDesc: *const c_char,
        flags: c_uint) -> c_int = -1;
    "10.2.0" fn virDomainGraphicsReload(domain: virDomainPtr, type_: c_uint, flags: c_uint)
        -> c_int = -1;
    "11.2.0" fn virDomainGetAutostartOnce(domain: virDomainPtr, autostart: *mut c_int) -> c_int = -1;
    "11.2.0" fn virDomainSetAutostartOnce(domain: virDomainPtr, autostart: c_int) -> c_int = -1;
    "11.2.0" fn virDomainSetThrottleGroup(dom: virDomainPtr, group: *const c_char,
        params: virTypedParameterPtr, nparams: c_int, flags: c_uint) -> c_int = -1;
    "11.2.0" fn virDomainDelThrottleGroup(dom: virDomainPtr, group: *const c_char,
        flags: c_uint) -> c_int = -1;
    "12.5.0" fn virDomainAnnounceInterface(dom: virDomainPtr, device: *const c_char,
        params: virTypedParameterPtr, nparams: c_int, flags: c_uint) -> c_int = -1;
}

/// Looks every late function up in the libvirt this module is linked with. Called once,
/// from `init`.
pub(crate) fn resolve() {
    // The library that holds a function this module references by symbol (so is loaded):
    // its path, then a handle to it without loading anything new.
    let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
    // SAFETY: dladdr fills `info` for an address inside a loaded object.
    let found = unsafe { libc::dladdr(virt::sys::virGetVersion as *const c_void, &mut info) };
    if found == 0 || info.dli_fname.is_null() {
        return;
    }
    // SAFETY: the path of an object that is loaded; RTLD_NOLOAD only takes a reference.
    let lib = unsafe { libc::dlopen(info.dli_fname, libc::RTLD_NOW | libc::RTLD_NOLOAD) };
    if lib.is_null() {
        return;
    }
    for late in LATE {
        // SAFETY: a handle from dlopen and a NUL-terminated name.
        let addr = unsafe { libc::dlsym(lib, late.name.as_ptr()) };
        late.addr.store(addr, Ordering::Relaxed);
    }
    // The handle stays open: libvirt stays loaded as long as this module is.
}

/// The loaded libvirt's version as "major.minor.micro".
pub fn loaded_version() -> String {
    let mut v: std::os::raw::c_ulong = 0;
    // SAFETY: an out pointer; the type argument may be NULL.
    unsafe { virt::sys::virGetVersion(&mut v, std::ptr::null(), std::ptr::null_mut()) };
    format!("{}.{}.{}", v / 1_000_000, (v / 1000) % 1000, v % 1000)
}
