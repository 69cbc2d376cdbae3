//! References on libvirt-admin's handles, as the Perl objects need them: one to take (a
//! Perl thread's copy of an object) and one to drop (an object freed), each answering 0 on
//! success as `vir*Ref` and `vir*Free` do. No Perl here.
//!
//! A connection has `virAdmConnectRef`. Servers and clients have no `Ref` function in
//! libvirt-admin, only `virAdmServerFree` and `virAdmClientFree`, which drop the one
//! reference the handle came with. The extra references are therefore counted here: a
//! table holds, for each server or client handle that more than one object shares, how
//! many references beyond the first exist. Taking one adds to its count; dropping one
//! takes from it, and only when none is left over does libvirt's free function run. A
//! handle is in the table only while it has extra references, so a freed handle's address,
//! reused by libvirt for a new one, is never taken for the old one.

use super::api;
use super::Error;
use std::collections::HashMap;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_void};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

// ---- one copy of libvirt's object types per process ----------------------------------------
//
// libvirt-admin.so is built with its own copy of libvirt's datatypes.c (src/meson.build:
// `datatypes_sources` among its sources), and since libvirt 6 those object classes are
// GObject types, registered by name in the process's one GType registry: virConnect,
// virDomain, ..., virAdmConnect, virAdmServer, virAdmClient. Whichever copy registers them
// first wins; the other copy's registrations fail ("cannot register existing type
// 'virConnect'"), its classes are NULL, and its next object crashes the process. libvirt.so
// registers them when the first connection is opened, libvirt-admin when the first admin
// connection is opened. So one process can have libvirt connections or admin
// connections, not both: the module refuses the second kind with an error instead of
// crashing. (Loading libvirt-admin in a separate link-map namespace with dlmopen, which
// would give it its own registry, crashes in GObject's constructor.)

/// Whether libvirt-admin registered the object types in this process (set after the first
/// admin connection attempt that registered them; inherited by a forked child).
static ADMIN_TYPES: AtomicBool = AtomicBool::new(false);

/// GObject's `g_type_from_name`, from the GObject libvirt loaded (None before libvirt 6,
/// whose object classes were not GObject types and did not clash).
fn g_type_from_name() -> Option<unsafe extern "C" fn(*const c_char) -> usize> {
    static F: OnceLock<usize> = OnceLock::new();
    let addr = *F.get_or_init(|| {
        // SAFETY: NOLOAD only finds a library that is already loaded; dlsym reads it.
        unsafe {
            let h = libc::dlopen(
                c"libgobject-2.0.so.0".as_ptr(),
                libc::RTLD_NOW | libc::RTLD_NOLOAD,
            );
            if h.is_null() {
                return 0;
            }
            libc::dlsym(h, c"g_type_from_name".as_ptr()) as usize
        }
    });
    // SAFETY: the address of g_type_from_name, whose C prototype is
    // GType g_type_from_name(const gchar *name), GType being a gsize.
    (addr != 0).then(|| unsafe {
        std::mem::transmute::<*mut c_void, unsafe extern "C" fn(*const c_char) -> usize>(
            addr as *mut c_void,
        )
    })
}

/// Whether libvirt's object types are registered in this process (by either copy).
fn types_registered() -> bool {
    // SAFETY: a NUL-terminated name; the lookup only reads GLib's registry.
    g_type_from_name().is_some_and(|f| unsafe { f(c"virAdmConnect".as_ptr()) } != 0)
}

fn refusal(message: &str) -> Error {
    Error {
        level: 2,
        code: api::NO_SUPPORT,
        domain: 0,
        message: message.as_bytes().to_vec(),
    }
}

/// Opens an admin connection (`virAdmConnectOpen`), or refuses where libvirt's own object
/// types are already registered (see above). NULL with libvirt's error, or the refusal.
pub fn open(name: Option<&CStr>, flags: libc::c_uint) -> Result<api::virAdmConnectPtr, Error> {
    let before = types_registered();
    // (Without libvirt-admin, the call below reports that instead.)
    if before && !ADMIN_TYPES.load(Ordering::SeqCst) && api::LIBVIRT_ADMIN.loaded() {
        return Err(refusal(
            "libvirt-admin cannot be used in this process: it already uses libvirt's object \
             types (a Sys::Virt connection was opened), and libvirt-admin.so.0 has a copy of \
             its own that cannot be registered beside them; open admin connections in a \
             process that opens no Sys::Virt connection",
        ));
    }
    let name = name.map_or(std::ptr::null(), |n| n.as_ptr());
    // SAFETY: a string or NULL.
    let c = unsafe { api::virAdmConnectOpen(name, flags) };
    if !before && types_registered() {
        ADMIN_TYPES.store(true, Ordering::SeqCst);
    }
    super::error::check_null(c)
}

/// Whether libvirt connections may be opened: not in a process whose object types
/// libvirt-admin registered. The refusal to die with otherwise.
pub fn libvirt_usable() -> Result<(), Error> {
    if ADMIN_TYPES.load(Ordering::SeqCst) {
        return Err(refusal(
            "Sys::Virt connections cannot be opened in this process: it uses libvirt-admin (a \
             Sys::Virt::Admin connection was opened), whose copy of libvirt's object types \
             stands where libvirt.so.0's would; open them in a process that opens no admin \
             connection",
        ));
    }
    Ok(())
}

/// Extra references by handle address (servers and clients share one table: their
/// addresses never coincide while both are alive).
static EXTRA: Mutex<Option<HashMap<usize, usize>>> = Mutex::new(None);

fn extra<R>(f: impl FnOnce(&mut HashMap<usize, usize>) -> R) -> R {
    // A poisoned lock still holds consistent counts (no code here panics midway).
    let mut g = EXTRA.lock().unwrap_or_else(|e| e.into_inner());
    f(g.get_or_insert_with(HashMap::new))
}

/// One more reference on a shared handle.
fn take_ref(addr: usize) -> c_int {
    if addr == 0 {
        return -1;
    }
    extra(|t| *t.entry(addr).or_insert(0) += 1);
    0
}

/// Drops one reference; true when it was the last (the caller frees the handle).
fn drop_ref(addr: usize) -> bool {
    extra(|t| match t.get_mut(&addr) {
        Some(n) if *n > 1 => {
            *n -= 1;
            false
        }
        Some(_) => {
            t.remove(&addr);
            false
        }
        None => true,
    })
}

/// `Ref` for a connection (the handle kind's `add_ref`).
///
/// # Safety
/// `c` is a live admin connection handle.
pub unsafe extern "C" fn connect_ref(c: api::virAdmConnectPtr) -> c_int {
    // SAFETY: the caller's promise.
    let r = unsafe { api::virAdmConnectRef(c) };
    if r < 0 {
        -1
    } else {
        0
    }
}

/// `Close` for a connection (the handle kind's `release`): drops one reference; the last
/// one closes it.
///
/// # Safety
/// `c` is an admin connection handle on which the caller owns a reference.
pub unsafe extern "C" fn connect_close(c: api::virAdmConnectPtr) -> c_int {
    // SAFETY: the caller's promise. virAdmConnectClose answers the references left.
    let r = unsafe { api::virAdmConnectClose(c) };
    if r < 0 {
        -1
    } else {
        0
    }
}

/// One more reference on a server handle (counted here: libvirt-admin has none to take).
///
/// # Safety
/// `s` is a live server handle.
pub unsafe extern "C" fn server_ref(s: api::virAdmServerPtr) -> c_int {
    take_ref(s as usize)
}

/// Drops a reference on a server handle; the last one frees it.
///
/// # Safety
/// `s` is a server handle on which the caller owns a reference.
pub unsafe extern "C" fn server_free(s: api::virAdmServerPtr) -> c_int {
    if !drop_ref(s as usize) {
        return 0;
    }
    // SAFETY: the last reference, the caller's.
    if unsafe { api::virAdmServerFree(s) } < 0 {
        -1
    } else {
        0
    }
}

/// One more reference on a client handle (counted here).
///
/// # Safety
/// `c` is a live client handle.
pub unsafe extern "C" fn client_ref(c: api::virAdmClientPtr) -> c_int {
    take_ref(c as usize)
}

/// Drops a reference on a client handle; the last one frees it.
///
/// # Safety
/// `c` is a client handle on which the caller owns a reference.
pub unsafe extern "C" fn client_free(c: api::virAdmClientPtr) -> c_int {
    if !drop_ref(c as usize) {
        return 0;
    }
    // SAFETY: the last reference, the caller's.
    if unsafe { api::virAdmClientFree(c) } < 0 {
        -1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_references_are_counted_and_the_last_frees() {
        let a = 0x1000usize;
        assert!(
            drop_ref(a),
            "a handle nobody shares: its one reference is the last"
        );
        assert_eq!(take_ref(a), 0);
        assert_eq!(take_ref(a), 0);
        assert!(!drop_ref(a));
        assert!(!drop_ref(a));
        assert!(drop_ref(a), "the original reference is the last");
        assert!(
            extra(|t| !t.contains_key(&a)),
            "no entry once no extra reference is left"
        );
        assert_eq!(take_ref(0), -1, "a NULL handle takes no reference");
    }
}
