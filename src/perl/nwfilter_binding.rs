//! `Sys::Virt::NWFilterBinding`: a network filter applied to one port device. `_new` is
//! Perl, in lib/Sys/Virt/NWFilterBinding.pm, as in the reference.

use super::{CONNECT, NWFILTER_BINDING};
use crate::methods;
use perlxs::Boot;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    b.constants(
        "Sys::Virt::NWFilterBinding",
        crate::consts::nwfilter_binding::CONSTANTS,
    );
}

methods! {
    package "Sys::Virt::NWFilterBinding";
    fn _create_xml(con: CONNECT, xml: str, flags: uint = 0) -> object(NWFILTER_BINDING):
        virNWFilterBindingCreateXML(con, xml, flags);
    fn _lookup_by_port_dev(con: CONNECT, name: str) -> object(NWFILTER_BINDING):
        virNWFilterBindingLookupByPortDev(con, name);
    fn get_port_dev(binding: NWFILTER_BINDING) -> borrowed_str:
        virNWFilterBindingGetPortDev(binding);
    fn get_filter_name(binding: NWFILTER_BINDING) -> borrowed_str:
        virNWFilterBindingGetFilterName(binding);
    fn get_xml_description(binding: NWFILTER_BINDING, flags: uint = 0) -> owned_str:
        virNWFilterBindingGetXMLDesc(binding, flags);
    fn delete(binding: NWFILTER_BINDING) -> done: virNWFilterBindingDelete(binding);
}
