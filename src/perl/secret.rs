//! `Sys::Virt::Secret`: a secret the host keeps for its guests and storage (a passphrase, a
//! key, a password), with its value as bytes. `_new` is Perl, in lib/Sys/Virt/Secret.pm, as
//! in the reference.
//!
//! A value is not a C string: it goes to and comes from libvirt with its length, NUL bytes
//! and all. What this module copies of a value is zeroed before it is freed: the buffer
//! libvirt hands over in `get_value` and our copy of it, the copy of an argument
//! `set_value` makes when converting it could run Perl code
//! ([`perlxs::Call::with_wiped_bytes`]), and the copy of the value `set_value` hands to
//! libvirt (`crate::libvirt::secret::Wiped`, which a worker may send for the async form).

use super::{CONNECT, SECRET};
use crate::libvirt::secret as lv;
use crate::methods;
use perlxs::Boot;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    register_irregular(b);
    b.constants("Sys::Virt::Secret", crate::consts::secret::CONSTANTS);
}

methods! {
    package "Sys::Virt::Secret";
    fn _define_xml(con: CONNECT, xml: str, flags: uint = 0) -> object(SECRET):
        virSecretDefineXML(con, xml, flags);
    fn _lookup_by_usage(con: CONNECT, usageType: int, usageID: str) -> object(SECRET):
        virSecretLookupByUsage(con, usageType, usageID);
    fn _lookup_by_uuid(con: CONNECT, uuid: uuid) -> object(SECRET):
        virSecretLookupByUUID(con, uuid);
    fn _lookup_by_uuid_string(con: CONNECT, uuid: str) -> object(SECRET):
        virSecretLookupByUUIDString(con, uuid);
    fn get_uuid(sec: SECRET) -> uuid(buf): virSecretGetUUID(sec, buf);
    fn get_uuid_string(sec: SECRET) -> uuid_string(buf): virSecretGetUUIDString(sec, buf);
    fn get_usage_id(sec: SECRET) -> borrowed_str: virSecretGetUsageID(sec);
    fn get_xml_description(sec: SECRET, flags: uint = 0) -> owned_str:
        virSecretGetXMLDesc(sec, flags);
    fn undefine(sec: SECRET) -> done: virSecretUndefine(sec);
}

crate::irregular! {
    package "Sys::Virt::Secret";
    names(call, p, out, who);

    // As in the reference, 0 (USAGE_TYPE_NONE) is taken for a failure and -1 is returned as
    // it is: a secret without a usage dies, with libvirt's error or "Unknown problem".
    fn get_usage_type(sec: SECRET) {
        run { lv::usage_type(sec.ptr()) }
        build(r) { out.ret(p.int(r as i64)); }
    }

    // The value's bytes, all of them; libvirt's buffer is zeroed before it is freed, and so
    // is our copy once Perl has its own.
    fn get_value(sec: SECRET, flags: uint = 0) {
        run { lv::value(sec.ptr(), flags) }
        build(value) { out.ret(p.str(value.bytes())); }
    }

    // Any bytes, NULs included, with their length. xsubpp's order: the object, the flags,
    // then the value (a plain scalar read last), copied into bytes of our own that are
    // zeroed when dropped (the async form sends them later).
    fn set_value(sec: SECRET, value: sv, flags: uint = 0) {
        read { let value = call.with_wiped_bytes(1, lv::Wiped::copy); }
        run { lv::set_value(sec.ptr(), &value, flags) }
        build(_r) {}
    }
}
