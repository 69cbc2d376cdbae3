//! `Sys::Virt::NodeDevice`: a device of the host (a PCI or USB device, a SCSI host, a
//! network card, a mediated device, ...). `_new` is Perl, in lib/Sys/Virt/NodeDevice.pm, as
//! in the reference; the connection's calls that return devices go through it.

use super::{die_with, OrDie, CONNECT, NODE_DEVICE};
use crate::libvirt::error::check_neg;
use crate::libvirt::Error;
use crate::perl::rows::NameList;
use crate::{c, methods};
use perlxs::{xsub, Boot};
use std::ffi::CStr;
use virt::sys;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    b.method(c!("Sys::Virt::NodeDevice::get_parent"), 1, 0, get_parent);
    b.method(c!("Sys::Virt::NodeDevice::dettach"), 2, 1, dettach);
    b.method(
        c!("Sys::Virt::NodeDevice::list_capabilities"),
        1,
        0,
        list_capabilities,
    );
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

// The parent's name, or undef for a device without one: NULL is a failure only when libvirt
// reported an error with it.
xsub!(fn get_parent(call) {
    call.arity(1, 1, c!("dev"))?;
    let dev = call.object(0, &NODE_DEVICE)?;
    let p = call.perl();
    // SAFETY: a live device handle; the string belongs to the device, which the call holds.
    let parent = unsafe { sys::virNodeDeviceGetParent(dev.ptr()) };
    if parent.is_null() {
        // SAFETY: only checks whether this thread has an error record.
        if unsafe { !sys::virGetLastError().is_null() } {
            return Err(die_with(p, &Error::last()));
        }
        call.ret_undef();
    } else {
        // SAFETY: a NUL-terminated string owned by the live device.
        call.ret_str(unsafe { CStr::from_ptr(parent) }.to_bytes());
    }
    Ok(())
});

// Without a driver name and flags the old call (its name misspelled in libvirt too), as in
// the reference; with either, the one that takes them.
xsub!(fn dettach(call) {
    call.arity(2, 3, c!("dev, driversv, flags=0"))?;
    // xsubpp's order: the object, the flags, then the driver (a plain scalar, undef for none).
    let dev = call.object(0, &NODE_DEVICE)?;
    let flags = call.flags(2);
    let driver = call.opt_cstr(1, "driversv")?;
    // SAFETY: a live device handle and a NUL-terminated string (or NULL) alive for the call.
    let r = unsafe {
        match driver {
            Some(d) => sys::virNodeDeviceDetachFlags(dev.ptr(), d.as_ptr(), flags),
            None if flags != 0 => sys::virNodeDeviceDetachFlags(dev.ptr(), std::ptr::null(), flags),
            None => sys::virNodeDeviceDettach(dev.ptr()),
        }
    };
    check_neg(r).or_die(call.perl())?;
    Ok(())
});

// The capability names: as many as the device says it has.
xsub!(fn list_capabilities(call) {
    call.arity(1, 1, c!("dev"))?;
    let dev = call.object(0, &NODE_DEVICE)?;
    // SAFETY: a live device handle.
    let n = check_neg(unsafe { sys::virNodeDeviceNumOfCaps(dev.ptr()) }).or_die(call.perl())?;
    // SAFETY: as above (only asked for a very large count).
    let mut names = NameList::new(call, n, || unsafe { sys::virNodeDeviceNumOfCaps(dev.ptr()) })?;
    // SAFETY: room for max() names, each of which becomes ours.
    let r = unsafe { sys::virNodeDeviceListCaps(dev.ptr(), names.out(), names.max()) };
    names.ret(call, r)
});
