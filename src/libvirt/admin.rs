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
use std::collections::HashMap;
use std::os::raw::c_int;
use std::sync::Mutex;

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
        assert!(drop_ref(a), "a handle nobody shares: its one reference is the last");
        assert_eq!(take_ref(a), 0);
        assert_eq!(take_ref(a), 0);
        assert!(!drop_ref(a));
        assert!(!drop_ref(a));
        assert!(drop_ref(a), "the original reference is the last");
        assert!(extra(|t| !t.contains_key(&a)), "no entry once no extra reference is left");
        assert_eq!(take_ref(0), -1, "a NULL handle takes no reference");
    }
}
