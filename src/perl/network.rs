//! `Sys::Virt::Network`: a virtual network. `_new`, `create_port` and `get_port_by_uuid`
//! are Perl, in lib/Sys/Virt/Network.pm, as in the reference; the connection's network
//! calls that return objects go through `_new` too (lib/Sys/Virt.pm).

use super::rows::CArg;
use super::{CONNECT, NETWORK, NETWORK_PORT};
use crate::libvirt::network as lv;
use crate::methods;
use perlxs::{Boot, Owned, Perl};

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    register_irregular(b);
    metadata::register(b);
    b.constants("Sys::Virt::Network", crate::consts::network::CONSTANTS);
}

methods! {
    package "Sys::Virt::Network";
    fn _create_xml(con: CONNECT, xml: str, flags: uint = 0) -> object(NETWORK):
        virNetworkCreateXMLFlags(con, xml, flags) if flags else virNetworkCreateXML(con, xml);
    fn _define_xml(con: CONNECT, xml: str, flags: uint = 0) -> object(NETWORK):
        virNetworkDefineXMLFlags(con, xml, flags) if flags else virNetworkDefineXML(con, xml);
    fn _lookup_by_name(con: CONNECT, name: str) -> object(NETWORK):
        virNetworkLookupByName(con, name);
    fn _lookup_by_uuid(con: CONNECT, uuid: uuid) -> object(NETWORK):
        virNetworkLookupByUUID(con, uuid);
    fn _lookup_by_uuid_string(con: CONNECT, uuid: str) -> object(NETWORK):
        virNetworkLookupByUUIDString(con, uuid);
    fn get_uuid(net: NETWORK) -> uuid(buf): virNetworkGetUUID(net, buf);
    fn get_uuid_string(net: NETWORK) -> uuid_string(buf): virNetworkGetUUIDString(net, buf);
    fn get_name(net: NETWORK) -> borrowed_str: virNetworkGetName(net);
    fn is_active(net: NETWORK) -> int: virNetworkIsActive(net);
    fn is_persistent(net: NETWORK) -> int: virNetworkIsPersistent(net);
    fn get_bridge_name(net: NETWORK) -> owned_str: virNetworkGetBridgeName(net);
    fn get_xml_description(net: NETWORK, flags: uint = 0) -> owned_str:
        virNetworkGetXMLDesc(net, flags);
    fn undefine(net: NETWORK) -> done: virNetworkUndefine(net);
    fn create(net: NETWORK) -> done: virNetworkCreate(net);
    // The reference reads this object without checking it: a non-object dies here.
    fn destroy(net_rv: strict NETWORK) -> done: virNetworkDestroy(net_rv);
    fn update(net: NETWORK, command: uint, section: uint, parentIndex: int, xml: str,
              flags: uint = 0) -> done:
        virNetworkUpdate(net, command, section, parentIndex, xml, flags);
    fn set_autostart(net: NETWORK, autostart: int) -> done: virNetworkSetAutostart(net, autostart);
    fn get_autostart(net: NETWORK) -> int_out(autostart): virNetworkGetAutostart(net, autostart);
    fn list_all_ports(net: NETWORK, flags: uint = 0) -> objects(NETWORK_PORT, ports):
        virNetworkListAllPorts(net, ports, flags);
}

crate::metadata_methods!(NETWORK, "net", virNetworkGetMetadata, virNetworkSetMetadata);

/// A lease's string field: the string, or `undef` where libvirt has none.
fn opt_str(p: Perl, s: &Option<Vec<u8>>) -> Owned {
    match s {
        Some(s) => p.str(s),
        None => p.undef(),
    }
}

crate::irregular! {
    package "Sys::Virt::Network";
    names(call, p, out, who);

    // One hash per lease, with all nine keys (irregular: an out-array of structs, each freed
    // with its own call). The MAC address is read after the flags, as the reference reads it.
    fn get_dhcp_leases(net: NETWORK, macsv: opt_str = undef, flags: uint = 0) {
        run { lv::dhcp_leases(net.ptr(), CArg::c(&macsv), flags) }
        build(leases) {
            out.reserve(leases.len());
            for l in &leases {
                let mut h = p.hash();
                h.store("iface", opt_str(p, &l.iface));
                h.store("expirytime", p.int(l.expirytime));
                h.store("type", p.int(l.type_ as i64));
                h.store("mac", opt_str(p, &l.mac));
                h.store("iaid", opt_str(p, &l.iaid));
                h.store("ipaddr", opt_str(p, &l.ipaddr));
                h.store("prefix", p.uint(l.prefix as u64));
                h.store("hostname", opt_str(p, &l.hostname));
                h.store("clientid", opt_str(p, &l.clientid));
                out.ret(h.into_ref());
            }
        }
    }
}
