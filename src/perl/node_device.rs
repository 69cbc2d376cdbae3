//! `Sys::Virt::NodeDevice`: a device of the host (a PCI or USB device, a SCSI host, a
//! network card, a mediated device, ...). `_new` is Perl, in lib/Sys/Virt/NodeDevice.pm, as
//! in the reference; the connection's calls that return devices go through it.

use super::rows::CArg;
use super::{CONNECT, NODE_DEVICE};
use crate::libvirt::node_device as lv;
use crate::methods;
use perlxs::Boot;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    register_irregular(b);
    b.constants(
        "Sys::Virt::NodeDevice",
        crate::consts::node_device::CONSTANTS,
    );
}

methods! {
    package "Sys::Virt::NodeDevice";
    fn _create_xml(con: CONNECT, xml: str, flags: uint = 0) -> object(NODE_DEVICE):
        virNodeDeviceCreateXML(con, xml, flags);
    fn _define_xml(con: CONNECT, xml: str, flags: uint = 0) -> object(NODE_DEVICE):
        virNodeDeviceDefineXML(con, xml, flags);
    fn _lookup_by_name(con: CONNECT, name: str) -> object(NODE_DEVICE):
        virNodeDeviceLookupByName(con, name);
    fn _lookup_scsihost_by_wwn(con: CONNECT, wwnn: str, wwpn: str, flags: uint = 0)
        -> object(NODE_DEVICE):
        virNodeDeviceLookupSCSIHostByWWN(con, wwnn, wwpn, flags);
    fn get_name(dev: NODE_DEVICE) -> borrowed_str: virNodeDeviceGetName(dev);
    fn get_xml_description(dev: NODE_DEVICE, flags: uint = 0) -> owned_str:
        virNodeDeviceGetXMLDesc(dev, flags);
    fn reattach(dev: NODE_DEVICE) -> done: virNodeDeviceReAttach(dev);
    fn reset(dev: NODE_DEVICE) -> done: virNodeDeviceReset(dev);
    fn create(dev: NODE_DEVICE, flags: uint = 0) -> done: virNodeDeviceCreate(dev, flags);
    fn undefine(dev: NODE_DEVICE, flags: uint = 0) -> done: virNodeDeviceUndefine(dev, flags);
    // The reference reads this object without checking it: a non-object dies here.
    fn destroy(dev_rv: strict NODE_DEVICE) -> done: virNodeDeviceDestroy(dev_rv);
    fn get_autostart(nodedev: NODE_DEVICE) -> int_out(autostart):
        virNodeDeviceGetAutostart(nodedev, autostart);
    fn set_autostart(nodedev: NODE_DEVICE, autostart: int) -> done:
        virNodeDeviceSetAutostart(nodedev, autostart);
    fn is_active(nodedev: NODE_DEVICE) -> int: virNodeDeviceIsActive(nodedev);
    fn is_persistent(nodedev: NODE_DEVICE) -> int: virNodeDeviceIsPersistent(nodedev);
    fn update(nodedev: NODE_DEVICE, xml: str, flags: uint = 0) -> done:
        virNodeDeviceUpdate(nodedev, xml, flags);
}

crate::irregular! {
    package "Sys::Virt::NodeDevice";
    names(call, p, out, who);

    // The parent's name, or undef for a device without one: NULL is a failure only when
    // libvirt reported an error with it.
    fn get_parent(dev: NODE_DEVICE) {
        run { lv::parent(dev.ptr()) }
        build(parent) {
            match parent {
                Some(name) => out.ret(p.str(&name)),
                None => out.ret(p.undef()),
            }
        }
    }

    // Without a driver name and flags the old call (its name misspelled in libvirt too), as
    // in the reference; with either, the one that takes them. xsubpp's order: the object,
    // the flags, then the driver (a plain scalar, undef for none).
    fn dettach(dev: NODE_DEVICE, driversv: opt_str, flags: uint = 0) {
        run { lv::detach(dev.ptr(), CArg::c(&driversv), flags) }
        build(_r) {}
    }

    // The capability names: as many as the device says it has.
    fn list_capabilities(dev: NODE_DEVICE) {
        run { lv::capabilities(dev.ptr()) }
        build(names) {
            out.reserve(names.len());
            for name in &names {
                out.ret(p.str(name));
            }
        }
    }
}
