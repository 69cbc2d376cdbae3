//! `Sys::Virt::NetworkPort`: a port of a virtual network (a guest's connection to it). `_new`
//! is Perl, in lib/Sys/Virt/NetworkPort.pm; the network's `create_port` and
//! `get_port_by_uuid` call it.

use super::{typed_params, NETWORK, NETWORK_PORT};
use crate::libvirt::error::check_neg;
use crate::libvirt::params::Params;
use crate::methods;
use perlxs::Boot;
use virt::sys;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    register_irregular(b);
    b.constants(
        "Sys::Virt::NetworkPort",
        crate::consts::network_port::CONSTANTS,
    );
}

methods! {
    package "Sys::Virt::NetworkPort";
    fn _create_xml(net: NETWORK, xml: str, flags: uint = 0) -> object(NETWORK_PORT):
        virNetworkPortCreateXML(net, xml, flags);
    fn _lookup_by_uuid(net: NETWORK, uuid: uuid) -> object(NETWORK_PORT):
        virNetworkPortLookupByUUID(net, uuid);
    fn _lookup_by_uuid_string(net: NETWORK, uuid: str) -> object(NETWORK_PORT):
        virNetworkPortLookupByUUIDString(net, uuid);
    fn get_uuid(port: NETWORK_PORT) -> uuid(buf): virNetworkPortGetUUID(port, buf);
    fn get_uuid_string(port: NETWORK_PORT) -> uuid_string(buf):
        virNetworkPortGetUUIDString(port, buf);
    fn get_xml_description(port: NETWORK_PORT, flags: uint = 0) -> owned_str:
        virNetworkPortGetXMLDesc(port, flags);
    fn delete(port: NETWORK_PORT, flags: uint = 0) -> done: virNetworkPortDelete(port, flags);
}

crate::irregular! {
    package "Sys::Virt::NetworkPort";
    names(call, p, out, who);

    fn get_parameters(port: NETWORK_PORT, flags: uint = 0) {
        run { port_params(port.ptr(), flags) }
        build(list) { out.ret(typed_params::hash_of(p, &list).into_ref()); }
    }

    // As in the reference, the hash is checked before the flags are read (so `flags` is
    // read in `read`), and the current list (whose types the new values take) is read
    // without the caller's flags.
    fn set_parameters(port: NETWORK_PORT, newparams: sv, flags: sv = 0) {
        read {
            let newparams = typed_params::hash_arg(call, 1, "newparams")?;
            let flags = call.flags(2);
        }
        run { port_params(port.ptr(), 0) }
        then(current; newparams) {
            let mut list = typed_params::update(p, who, current, &newparams)?;
        }
        // SAFETY: a port handle and a list whose strings it owns.
        run { check_neg(unsafe {
            sys::virNetworkPortSetParameters(port.ptr(), list.as_mut_ptr(), list.len(), flags)
        }) }
        build(_r) {}
    }
}

/// The port's parameters (a list libvirt allocates, freed on success and failure alike).
fn port_params(port: sys::virNetworkPortPtr, flags: u32) -> Result<Params, crate::libvirt::Error> {
    // SAFETY: a port handle and out pointers for the list.
    Params::allocated(|l, n| unsafe { sys::virNetworkPortGetParameters(port, l, n, flags) })
}
