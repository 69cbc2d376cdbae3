//! The network calls of irregular methods, as values of their own: each is the `run` phase
//! of a method of `Sys::Virt::Network` (src/perl/network.rs), callable from any thread. No
//! Perl.

use super::error::{check_neg, Error};
use std::ffi::CStr;
use virt::sys;

/// One DHCP lease, its strings copied (`None` where libvirt has none).
pub struct Lease {
    pub iface: Option<Vec<u8>>,
    pub expirytime: i64,
    pub type_: i32,
    pub mac: Option<Vec<u8>>,
    pub iaid: Option<Vec<u8>>,
    pub ipaddr: Option<Vec<u8>>,
    pub prefix: u32,
    pub hostname: Option<Vec<u8>>,
    pub clientid: Option<Vec<u8>>,
}

/// A copy of a lease's string field.
fn copied(s: *const libc::c_char) -> Option<Vec<u8>> {
    // SAFETY: NULL or a NUL-terminated string inside a lease libvirt filled in.
    (!s.is_null()).then(|| unsafe { CStr::from_ptr(s) }.to_bytes().to_vec())
}

/// The network's DHCP leases (of one MAC address where `mac` is not NULL). Each lease
/// libvirt allocated is freed with its own call once copied, then the array.
pub fn dhcp_leases(
    net: sys::virNetworkPtr,
    mac: *const libc::c_char,
    flags: u32,
) -> Result<Vec<Lease>, Error> {
    let mut leases: *mut sys::virNetworkDHCPLeasePtr = std::ptr::null_mut();
    // SAFETY: a network handle, a string or NULL, and an out pointer for the array libvirt
    // allocates.
    let n = check_neg(unsafe { sys::virNetworkGetDHCPLeases(net, mac, &mut leases, flags) })?;
    // SAFETY: n leases libvirt allocated (or a NULL array for none).
    let list = unsafe { super::array_slice(leases, n as usize) };
    let mut out = Vec::with_capacity(list.len());
    for &lease in list {
        // SAFETY: each element is a lease libvirt filled in; it is freed right after.
        let l = unsafe { &*lease };
        out.push(Lease {
            iface: copied(l.iface),
            expirytime: l.expirytime,
            type_: l.type_,
            mac: copied(l.mac),
            iaid: copied(l.iaid),
            ipaddr: copied(l.ipaddr),
            prefix: l.prefix,
            hostname: copied(l.hostname),
            clientid: copied(l.clientid),
        });
        // SAFETY: the lease, no longer read.
        unsafe { sys::virNetworkDHCPLeaseFree(lease) };
    }
    // SAFETY: the array itself, libvirt's malloc'ed block (or NULL).
    unsafe { libc::free(leases as *mut libc::c_void) };
    Ok(out)
}
