//! `Sys::Virt::Secret`: a secret the host keeps for its guests and storage (a passphrase, a
//! key, a password), with its value as bytes. `_new` is Perl, in lib/Sys/Virt/Secret.pm, as
//! in the reference.
//!
//! A value is not a C string: it goes to and comes from libvirt with its length, NUL bytes
//! and all. What this module copies of a value is zeroed before it is freed: the buffer
//! libvirt hands over in `get_value`, and the copy of an argument `set_value` makes when
//! converting it could run Perl code ([`perlxs::Call::with_wiped_bytes`]).

use super::{die_with, OrDie, CONNECT, SECRET};
use crate::libvirt::error::check_neg;
use crate::libvirt::Error;
use crate::{c, methods};
use perlxs::{xsub, Boot};
use virt::sys;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    b.method(
        c!("Sys::Virt::Secret::get_usage_type"),
        1,
        0,
        get_usage_type,
    );
    b.method(c!("Sys::Virt::Secret::get_value"), 1, 1, get_value);
    b.method(c!("Sys::Virt::Secret::set_value"), 2, 1, set_value);
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

// As in the reference, 0 (USAGE_TYPE_NONE) is taken for a failure and -1 is returned as it
// is: a secret without a usage dies, with libvirt's error or "Unknown problem".
xsub!(fn get_usage_type(call) {
    call.arity(1, 1, c!("sec"))?;
    let sec = call.object(0, &SECRET)?;
    let p = call.perl();
    // SAFETY: a live secret handle.
    let r = unsafe { sys::virSecretGetUsageType(sec.ptr()) };
    if r == 0 {
        return Err(die_with(p, &Error::last()));
    }
    call.ret(p.int(r as i64));
    Ok(())
});

// The value's bytes, all of them; libvirt's buffer is zeroed before it is freed.
xsub!(fn get_value(call) {
    call.arity(1, 2, c!("sec, flags=0"))?;
    let sec = call.object(0, &SECRET)?;
    let flags = call.flags(1);
    let p = call.perl();
    let mut len: libc::size_t = 0;
    // SAFETY: a live secret handle and an out pointer for the length.
    let bytes = unsafe { sys::virSecretGetValue(sec.ptr(), &mut len, flags) };
    if bytes.is_null() {
        return Err(die_with(p, &Error::last()));
    }
    // SAFETY: libvirt's malloc'ed buffer of len bytes, ours from here on.
    let buf = unsafe { std::slice::from_raw_parts_mut(bytes, len) };
    let value = p.str(buf);
    perlxs::wipe(buf);
    // SAFETY: the buffer, no longer read.
    unsafe { libc::free(bytes as *mut libc::c_void) };
    call.ret(value);
    Ok(())
});

// Any bytes, NULs included, with their length.
xsub!(fn set_value(call) {
    call.arity(2, 3, c!("sec, value, flags=0"))?;
    // xsubpp's order: the object, the flags, then the value (a plain scalar read last).
    let sec = call.object(0, &SECRET)?;
    let flags = call.flags(2);
    let r = call.with_wiped_bytes(1, |value| {
        // SAFETY: a live secret handle and value.len() readable bytes.
        unsafe { sys::virSecretSetValue(sec.ptr(), value.as_ptr(), value.len(), flags) }
    });
    check_neg(r).or_die(call.perl())?;
    Ok(())
});
