//! `Sys::Virt::Interface`: a network interface of the host (a NIC, a bridge, a bond), as
//! the host's interface driver (netcf or udev) sees it. `_new` is Perl, in
//! lib/Sys/Virt/Interface.pm, as in the reference; the connection's calls that return
//! interfaces go through it (lib/Sys/Virt.pm).

use super::{CONNECT, INTERFACE};
use crate::methods;
use crate::perl::r#async::Held;
use perlxs::Boot;
use virt::sys;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    register_irregular(b);
    b.constants("Sys::Virt::Interface", crate::consts::interface::CONSTANTS);
}

methods! {
    package "Sys::Virt::Interface";
    fn _lookup_by_name(con: CONNECT, name: str) -> object(INTERFACE):
        virInterfaceLookupByName(con, name);
    fn _lookup_by_mac(con: CONNECT, mac: str) -> object(INTERFACE):
        virInterfaceLookupByMACString(con, mac);
    fn get_name(iface: INTERFACE) -> borrowed_str: virInterfaceGetName(iface);
    fn get_mac(iface: INTERFACE) -> borrowed_str: virInterfaceGetMACString(iface);
    fn is_active(iface: INTERFACE) -> int: virInterfaceIsActive(iface);
    fn get_xml_description(iface: INTERFACE, flags: uint = 0) -> owned_str:
        virInterfaceGetXMLDesc(iface, flags);
    fn create(iface: INTERFACE, flags: uint = 0) -> done: virInterfaceCreate(iface, flags);
    // The reference reads this object without checking it: a non-object dies here.
    fn destroy(iface_rv: strict INTERFACE, flags: uint = 0) -> done:
        virInterfaceDestroy(iface_rv, flags);
    fn undefine(iface: INTERFACE) -> done: virInterfaceUndefine(iface);
}

crate::irregular! {
    package "Sys::Virt::Interface";
    names(call, p, out, who);

    // Not a row only for its usage message, which the reference spells "flags = 0".
    fn _define_xml(con: CONNECT, xml: str, flags: uint = 0) usage "con, xml, flags = 0" {
        run {
            // SAFETY: a live connection handle and a NUL-terminated string alive for the call.
            let r = unsafe { sys::virInterfaceDefineXML(con.ptr(), xml.as_ptr(), flags) };
            // SAFETY: a new interface whose reference the call handed over (or NULL).
            crate::libvirt::error::check_null(r).map(|r| unsafe { Held::adopt(&INTERFACE, r) })
        }
        build(iface) { out.ret(iface.into_object(p)); }
    }
}
