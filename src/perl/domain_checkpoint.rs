//! `Sys::Virt::DomainCheckpoint`: a checkpoint of a domain. `_new` (construction by name or
//! XML, re-blessing into the caller's class) is Perl, in lib/Sys/Virt/DomainCheckpoint.pm;
//! the domain's `create_checkpoint` and `get_checkpoint_by_name` (lib/Sys/Virt/Domain.pm)
//! call it, as in the reference, so warnings and failures come from `_new`.

use super::{CHECKPOINT, DOMAIN};
use crate::methods;
use perlxs::Boot;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    b.constants(
        "Sys::Virt::DomainCheckpoint",
        crate::consts::domain_checkpoint::CONSTANTS,
    );
}

methods! {
    package "Sys::Virt::DomainCheckpoint";
    fn _lookup_by_name(dom: DOMAIN, name: str, flags: uint = 0) -> object(CHECKPOINT):
        virDomainCheckpointLookupByName(dom, name, flags);
    fn _create_xml(dom: DOMAIN, xml: str, flags: uint = 0) -> object(CHECKPOINT):
        virDomainCheckpointCreateXML(dom, xml, flags);
    fn get_name(domcp: CHECKPOINT) -> borrowed_str: virDomainCheckpointGetName(domcp);
    fn get_xml_description(domcp: CHECKPOINT, flags: uint = 0) -> owned_str:
        virDomainCheckpointGetXMLDesc(domcp, flags);
    fn delete(domcp: CHECKPOINT, flags: uint = 0) -> done: virDomainCheckpointDelete(domcp, flags);
    fn get_parent(domcp: CHECKPOINT, flags: uint = 0) -> object(CHECKPOINT):
        virDomainCheckpointGetParent(domcp, flags);
    fn list_all_children(domcp: CHECKPOINT, flags: uint = 0) -> objects(CHECKPOINT, children):
        virDomainCheckpointListAllChildren(domcp, children, flags);
}
