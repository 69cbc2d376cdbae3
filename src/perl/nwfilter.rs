//! `Sys::Virt::NWFilter`: a network filter (rules for a guest's traffic that the host
//! applies to its port). `_new` is Perl, in lib/Sys/Virt/NWFilter.pm, as in the reference.

use super::{CONNECT, NWFILTER};
use crate::methods;
use perlxs::Boot;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    b.constants("Sys::Virt::NWFilter", crate::consts::nwfilter::CONSTANTS);
}

methods! {
    package "Sys::Virt::NWFilter";
    fn _define_xml(con: CONNECT, xml: str, flags: uint = 0) -> object(NWFILTER):
        virNWFilterDefineXMLFlags(con, xml, flags) if flags else virNWFilterDefineXML(con, xml);
    fn _lookup_by_name(con: CONNECT, name: str) -> object(NWFILTER):
        virNWFilterLookupByName(con, name);
    fn _lookup_by_uuid(con: CONNECT, uuid: uuid) -> object(NWFILTER):
        virNWFilterLookupByUUID(con, uuid);
    fn _lookup_by_uuid_string(con: CONNECT, uuid: str) -> object(NWFILTER):
        virNWFilterLookupByUUIDString(con, uuid);
    fn get_name(filter: NWFILTER) -> borrowed_str: virNWFilterGetName(filter);
    fn get_uuid(filter: NWFILTER) -> uuid(buf): virNWFilterGetUUID(filter, buf);
    fn get_uuid_string(filter: NWFILTER) -> uuid_string(buf):
        virNWFilterGetUUIDString(filter, buf);
    fn get_xml_description(filter: NWFILTER, flags: uint = 0) -> owned_str:
        virNWFilterGetXMLDesc(filter, flags);
    fn undefine(filter: NWFILTER) -> done: virNWFilterUndefine(filter);
}
