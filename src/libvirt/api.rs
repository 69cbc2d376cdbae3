//! libvirt's C API as the module calls it: `virt::sys`, except for the functions that are
//! looked up when the module starts: those newer than libvirt 9.0, and every function of
//! the three libraries beside libvirt (libvirt-qemu, libvirt-lxc, libvirt-admin).
//!
//! One build serves every libvirt from 9.0 on. A function that libvirt 9.0 lacks must not be
//! referenced by symbol, or `Virt.so` would not load there (perl's `PERL_DL_NONLAZY=1`, as
//! `make test` sets it, resolves every symbol at load time). For the same reason the module
//! does not link libvirt-qemu, libvirt-lxc or libvirt-admin: it opens them with `dlopen`
//! (`RTLD_NOW | RTLD_LOCAL`) when it loads, so that it still loads where one is missing.
//!
//! Each such function is declared here once, in its library's table, with the libvirt
//! version that added it, under its C name and with its C prototype: the declaration
//! shadows `virt::sys`'s, so a row or a body that writes `api::virDomainSetAutostartOnce(..)`
//! calls it through the looked-up pointer. Where the library is absent or lacks the
//! function, the call returns libvirt's failure value and leaves a "not supported" error
//! naming the function (and the version, or the library that could not be loaded), which
//! [`super::Error::last`] reports as it reports libvirt's own.

#![allow(non_snake_case, non_camel_case_types)]

pub use virt::sys::*;

use std::cell::Cell;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_longlong, c_uint, c_ulonglong, c_void};
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::OnceLock;

/// libvirt's `VIR_ERR_NO_SUPPORT`: "this function is not supported".
pub const NO_SUPPORT: i32 = 3;

thread_local! {
    /// The looked-up function that was called on this thread and is missing (its library
    /// could not be loaded, or lacks it); taken by the next `Error::last`.
    static MISSING: Cell<Option<&'static Late>> = const { Cell::new(None) };
}

/// Takes this thread's "function missing" record, if a late function just failed that way.
pub(crate) fn take_missing() -> Option<&'static Late> {
    MISSING.try_with(|m| m.take()).ok().flatten()
}

#[cold]
fn missing(late: &'static Late) {
    // try_with: a handle released while the thread's locals are being torn down must not
    // panic (these functions are called from C, through handle kinds' free functions).
    let _ = MISSING.try_with(|m| m.set(Some(late)));
}

/// A shared library whose functions are looked up when the module loads: libvirt itself
/// (already loaded: the module links it), or one of the three libraries beside it, which
/// the module does not link and opens with `dlopen`, so that it loads where they are absent.
pub struct Library {
    /// The name `dlopen` is given (libvirt's own is only reported).
    pub soname: &'static CStr,
    /// Whether this module links the library (libvirt.so): then it is found, not opened.
    linked: bool,
    handle: AtomicPtr<c_void>,
    /// Why `dlopen` failed (set once, when it did).
    error: OnceLock<String>,
    /// Opened and its functions looked up (see [`Library::ensure`]).
    resolved: std::sync::Once,
}

impl Library {
    const fn new(soname: &'static CStr, linked: bool) -> Library {
        Library {
            soname,
            linked,
            handle: AtomicPtr::new(std::ptr::null_mut()),
            error: OnceLock::new(),
            resolved: std::sync::Once::new(),
        }
    }

    /// Whether the library is loaded (it is opened now if it was not yet).
    pub fn loaded(&'static self) -> bool {
        self.ensure();
        !self.handle.load(Ordering::Relaxed).is_null()
    }

    /// Opens the library and looks up its functions, once, at the first call that needs
    /// one: libvirt's own at load time, the QEMU, LXC and admin libraries only when a
    /// program calls into them, so that loading the module maps none of them.
    #[cold]
    pub fn ensure(&'static self) {
        self.resolved.call_once(|| {
            self.open();
            let lib = self.handle.load(Ordering::Relaxed);
            if lib.is_null() {
                return;
            }
            for late in LATE.iter().filter(|l| std::ptr::eq(l.library, self)) {
                // SAFETY: a handle from dlopen and a NUL-terminated name.
                let addr = unsafe { libc::dlsym(lib, late.name.as_ptr()) };
                late.addr.store(addr, Ordering::Relaxed);
            }
        });
    }

    /// Whether it is libvirt itself.
    pub fn is_libvirt(&self) -> bool {
        self.linked
    }

    /// Why it could not be loaded (`dlerror`'s text), if it could not.
    pub fn load_error(&self) -> Option<&str> {
        self.error.get().map(String::as_str)
    }

    fn open(&self) {
        let handle = if self.linked {
            // The library that holds a function this module references by symbol (so is
            // loaded): its path, then a handle to it without loading anything new.
            let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
            // SAFETY: dladdr fills `info` for an address inside a loaded object.
            let found =
                unsafe { libc::dladdr(virt::sys::virGetVersion as *const c_void, &mut info) };
            if found == 0 || info.dli_fname.is_null() {
                std::ptr::null_mut()
            } else {
                // SAFETY: the path of a loaded object; RTLD_NOLOAD only takes a reference.
                unsafe { libc::dlopen(info.dli_fname, libc::RTLD_NOW | libc::RTLD_NOLOAD) }
            }
        } else {
            // SAFETY: a NUL-terminated name. RTLD_LOCAL: its symbols serve only lookups
            // through this handle.
            unsafe { libc::dlopen(self.soname.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) }
        };
        if handle.is_null() {
            // SAFETY: dlerror's text (or NULL), copied at once, on the thread that failed.
            let why = unsafe {
                let e = libc::dlerror();
                if e.is_null() {
                    "not found".to_string()
                } else {
                    CStr::from_ptr(e).to_string_lossy().into_owned()
                }
            };
            let _ = self.error.set(why);
        }
        // The handle stays open: the library stays loaded as long as this module is.
        self.handle.store(handle, Ordering::Relaxed);
    }
}

/// One looked-up function: its name, the libvirt version that added it, its library, and
/// its address (NULL where the library is absent or lacks it).
pub struct Late {
    pub name: &'static CStr,
    pub since: &'static str,
    pub library: &'static Library,
    addr: AtomicPtr<c_void>,
}

impl Late {
    const fn new(name: &'static CStr, since: &'static str, library: &'static Library) -> Late {
        Late {
            name,
            since,
            library,
            addr: AtomicPtr::new(std::ptr::null_mut()),
        }
    }

    /// Whether the loaded library has this function.
    pub fn present(&self) -> bool {
        !self.addr.load(Ordering::Relaxed).is_null()
    }
}

/// Declares the looked-up functions, one table per library: for each library a
/// [`Library`] static, and for each function a slot in [`LATE`] and a function of the same
/// name and prototype that calls through the slot or, when it is empty, fails.
macro_rules! late {
    ($(
        $(#[$lmeta:meta])*
        $lib:ident = $soname:literal $(, $linked:ident)? {
            $( $since:literal fn $name:ident ( $($a:ident : $t:ty),* $(,)? ) -> $r:ty = $fail:expr; )*
        }
    )*) => {
        $(
            $(#[$lmeta])*
            pub static $lib: Library = Library::new(
                // SAFETY: one NUL, at the end; library names contain none.
                unsafe { CStr::from_bytes_with_nul_unchecked(concat!($soname, "\0").as_bytes()) },
                late!(@linked $($linked)?),
            );
        )*

        /// Every library with looked-up functions, in declaration order.
        pub static LIBRARIES: &[&Library] = &[$( &$lib ),*];

        mod slot {
            use super::*;
            $($(
                #[allow(non_upper_case_globals)]
                pub static $name: Late = Late::new(
                    // SAFETY: one NUL, at the end; C names contain none.
                    unsafe { CStr::from_bytes_with_nul_unchecked(concat!(stringify!($name), "\0").as_bytes()) },
                    $since,
                    &super::$lib,
                );
            )*)*
        }

        /// Every looked-up function, in declaration order.
        pub static LATE: &[&Late] = &[$($( &slot::$name, )*)*];

        $($(
            #[doc = concat!("`", stringify!($name), "` (", $soname, "), added in libvirt ", $since, ".")]
            ///
            /// # Safety
            /// As for the C function.
            #[inline]
            pub unsafe fn $name($($a: $t),*) -> $r {
                let mut f = slot::$name.addr.load(Ordering::Relaxed);
                if f.is_null() {
                    slot::$name.library.ensure();
                    f = slot::$name.addr.load(Ordering::Relaxed);
                    if f.is_null() {
                        missing(&slot::$name);
                        return $fail;
                    }
                }
                // SAFETY: the address dlsym gave for this very name, whose C prototype is
                // the one declared here (taken from libvirt's header).
                let f: unsafe extern "C" fn($($t),*) -> $r = unsafe { std::mem::transmute(f) };
                // SAFETY: the caller's promise, as for the C function.
                unsafe { f($($a),*) }
            }
        )*)*
    };
    (@linked linked) => { true };
    (@linked) => { false };
}

late! {
    /// libvirt itself: the functions newer than libvirt 9.0.
    LIBVIRT = "libvirt.so.0", linked {
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

    /// libvirt-qemu: QEMU monitor and guest-agent commands, monitor events, attach.
    LIBVIRT_QEMU = "libvirt-qemu.so.0" {
        "0.8.3" fn virDomainQemuMonitorCommand(domain: virDomainPtr, cmd: *const c_char,
            result: *mut *mut c_char, flags: c_uint) -> c_int = -1;
        "8.2.0" fn virDomainQemuMonitorCommandWithFiles(domain: virDomainPtr, cmd: *const c_char,
            ninfiles: c_uint, infiles: *mut c_int, noutfiles: *mut c_uint,
            outfiles: *mut *mut c_int, result: *mut *mut c_char, flags: c_uint) -> c_int = -1;
        "0.9.4" fn virDomainQemuAttach(domain: virConnectPtr, pid_value: c_uint, flags: c_uint)
            -> virDomainPtr = std::ptr::null_mut();
        "0.10.0" fn virDomainQemuAgentCommand(domain: virDomainPtr, cmd: *const c_char,
            timeout: c_int, flags: c_uint) -> *mut c_char = std::ptr::null_mut();
        "1.2.3" fn virConnectDomainQemuMonitorEventRegister(conn: virConnectPtr, dom: virDomainPtr,
            event: *const c_char, cb: virConnectDomainQemuMonitorEventCallback,
            opaque: *mut c_void, freecb: virFreeCallback, flags: c_uint) -> c_int = -1;
        "1.2.3" fn virConnectDomainQemuMonitorEventDeregister(conn: virConnectPtr,
            callbackID: c_int) -> c_int = -1;
    }

    /// libvirt-lxc: a container's namespaces, security label and cgroup.
    LIBVIRT_LXC = "libvirt-lxc.so.0" {
        "1.0.2" fn virDomainLxcOpenNamespace(domain: virDomainPtr, fdlist: *mut *mut c_int,
            flags: c_uint) -> c_int = -1;
        "1.0.2" fn virDomainLxcEnterNamespace(domain: virDomainPtr, nfdlist: c_uint,
            fdlist: *mut c_int, noldfdlist: *mut c_uint, oldfdlist: *mut *mut c_int,
            flags: c_uint) -> c_int = -1;
        "1.0.4" fn virDomainLxcEnterSecurityLabel(model: virSecurityModelPtr,
            label: virSecurityLabelPtr, oldlabel: virSecurityLabelPtr, flags: c_uint) -> c_int = -1;
        "2.0.0" fn virDomainLxcEnterCGroup(domain: virDomainPtr, flags: c_uint) -> c_int = -1;
    }

    /// libvirt-admin: the daemons' servers, clients, limits and logging.
    LIBVIRT_ADMIN = "libvirt-admin.so.0" {
        "2.0.0" fn virAdmConnectOpen(name: *const c_char, flags: c_uint) -> virAdmConnectPtr
            = std::ptr::null_mut();
        "2.0.0" fn virAdmConnectClose(conn: virAdmConnectPtr) -> c_int = -1;
        "2.0.0" fn virAdmConnectRef(conn: virAdmConnectPtr) -> c_int = -1;
        "2.0.0" fn virAdmConnectIsAlive(conn: virAdmConnectPtr) -> c_int = -1;
        "2.0.0" fn virAdmGetVersion(libVer: *mut c_ulonglong) -> c_int = -1;
        "2.0.0" fn virAdmConnectGetURI(conn: virAdmConnectPtr) -> *mut c_char = std::ptr::null_mut();
        "2.0.0" fn virAdmConnectGetLibVersion(conn: virAdmConnectPtr, libVer: *mut c_ulonglong)
            -> c_int = -1;
        "2.0.0" fn virAdmConnectRegisterCloseCallback(conn: virAdmConnectPtr,
            cb: virAdmConnectCloseFunc, opaque: *mut c_void, freecb: virFreeCallback) -> c_int = -1;
        "2.0.0" fn virAdmConnectUnregisterCloseCallback(conn: virAdmConnectPtr,
            cb: virAdmConnectCloseFunc) -> c_int = -1;
        "2.0.0" fn virAdmConnectListServers(conn: virAdmConnectPtr,
            servers: *mut *mut virAdmServerPtr, flags: c_uint) -> c_int = -1;
        "2.0.0" fn virAdmConnectLookupServer(conn: virAdmConnectPtr, name: *const c_char,
            flags: c_uint) -> virAdmServerPtr = std::ptr::null_mut();
        "2.0.0" fn virAdmServerFree(srv: virAdmServerPtr) -> c_int = -1;
        "2.0.0" fn virAdmServerGetName(srv: virAdmServerPtr) -> *const c_char = std::ptr::null();
        "2.0.0" fn virAdmServerGetThreadPoolParameters(srv: virAdmServerPtr,
            params: *mut virTypedParameterPtr, nparams: *mut c_int, flags: c_uint) -> c_int = -1;
        "2.0.0" fn virAdmServerSetThreadPoolParameters(srv: virAdmServerPtr,
            params: virTypedParameterPtr, nparams: c_int, flags: c_uint) -> c_int = -1;
        "2.0.0" fn virAdmServerListClients(srv: virAdmServerPtr,
            clients: *mut *mut virAdmClientPtr, flags: c_uint) -> c_int = -1;
        "2.0.0" fn virAdmServerLookupClient(srv: virAdmServerPtr, id: c_ulonglong, flags: c_uint)
            -> virAdmClientPtr = std::ptr::null_mut();
        "2.0.0" fn virAdmServerGetClientLimits(srv: virAdmServerPtr,
            params: *mut virTypedParameterPtr, nparams: *mut c_int, flags: c_uint) -> c_int = -1;
        "2.0.0" fn virAdmServerSetClientLimits(srv: virAdmServerPtr,
            params: virTypedParameterPtr, nparams: c_int, flags: c_uint) -> c_int = -1;
        "2.0.0" fn virAdmServerUpdateTlsFiles(srv: virAdmServerPtr, flags: c_uint) -> c_int = -1;
        "2.0.0" fn virAdmClientFree(client: virAdmClientPtr) -> c_int = -1;
        "2.0.0" fn virAdmClientGetID(client: virAdmClientPtr) -> c_ulonglong = c_ulonglong::MAX;
        "2.0.0" fn virAdmClientGetTimestamp(client: virAdmClientPtr) -> c_longlong = -1;
        "2.0.0" fn virAdmClientGetTransport(client: virAdmClientPtr) -> c_int = -1;
        "2.0.0" fn virAdmClientGetInfo(client: virAdmClientPtr,
            params: *mut virTypedParameterPtr, nparams: *mut c_int, flags: c_uint) -> c_int = -1;
        "2.0.0" fn virAdmClientClose(client: virAdmClientPtr, flags: c_uint) -> c_int = -1;
        "3.0.0" fn virAdmConnectGetLoggingOutputs(conn: virAdmConnectPtr, outputs: *mut *mut c_char,
            flags: c_uint) -> c_int = -1;
        "3.0.0" fn virAdmConnectGetLoggingFilters(conn: virAdmConnectPtr, filters: *mut *mut c_char,
            flags: c_uint) -> c_int = -1;
        "3.0.0" fn virAdmConnectSetLoggingOutputs(conn: virAdmConnectPtr, outputs: *const c_char,
            flags: c_uint) -> c_int = -1;
        "3.0.0" fn virAdmConnectSetLoggingFilters(conn: virAdmConnectPtr, filters: *const c_char,
            flags: c_uint) -> c_int = -1;
        "8.6.0" fn virAdmConnectSetDaemonTimeout(conn: virAdmConnectPtr, timeout: c_uint,
            flags: c_uint) -> c_int = -1;
    }
}

// libvirt-admin's types (libvirt-admin.h), which virt-sys does not declare.

/// `virAdmConnect`: a connection to a daemon's admin socket (opaque).
#[repr(C)]
pub struct virAdmConnect {
    _opaque: [u8; 0],
}
/// `virAdmServer`: one of a daemon's servers (opaque).
#[repr(C)]
pub struct virAdmServer {
    _opaque: [u8; 0],
}
/// `virAdmClient`: one client of a server (opaque).
#[repr(C)]
pub struct virAdmClient {
    _opaque: [u8; 0],
}
pub type virAdmConnectPtr = *mut virAdmConnect;
pub type virAdmServerPtr = *mut virAdmServer;
pub type virAdmClientPtr = *mut virAdmClient;
/// `virAdmConnectCloseFunc`.
pub type virAdmConnectCloseFunc =
    Option<unsafe extern "C" fn(conn: virAdmConnectPtr, reason: c_int, opaque: *mut c_void)>;

/// Looks up libvirt's own newer functions. Called once, from `init`; the other libraries
/// are opened at their first use ([`Library::ensure`]).
pub(crate) fn resolve() {
    LIBVIRT.ensure();
}

/// The loaded libvirt's version as "major.minor.micro".
pub fn loaded_version() -> String {
    let mut v: std::os::raw::c_ulong = 0;
    // SAFETY: an out pointer; the type argument may be NULL.
    unsafe { virt::sys::virGetVersion(&mut v, std::ptr::null(), std::ptr::null_mut()) };
    format!("{}.{}.{}", v / 1_000_000, (v / 1000) % 1000, v % 1000)
}
