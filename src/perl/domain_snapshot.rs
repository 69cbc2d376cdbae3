//! `Sys::Virt::DomainSnapshot`: a snapshot of a domain. As with checkpoints, `_new`
//! (construction by name or from XML) and `list_child_snapshots` are Perl, in
//! lib/Sys/Virt/DomainSnapshot.pm, and the domain's `create_snapshot`,
//! `get_snapshot_by_name` and `list_snapshots` go through `_new` as in the reference.

use super::{DOMAIN, SNAPSHOT};
use crate::methods;
use perlxs::Boot;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    b.constants(
        "Sys::Virt::DomainSnapshot",
        crate::consts::domain_snapshot::CONSTANTS,
    );
}

methods! {
    package "Sys::Virt::DomainSnapshot";
    fn _lookup_by_name(dom: DOMAIN, name: str, flags: uint = 0) -> object(SNAPSHOT):
        virDomainSnapshotLookupByName(dom, name, flags);
    fn _create_xml(dom: DOMAIN, xml: str, flags: uint = 0) -> object(SNAPSHOT):
        virDomainSnapshotCreateXML(dom, xml, flags);
    fn get_name(domss: SNAPSHOT) -> borrowed_str: virDomainSnapshotGetName(domss);
    fn get_xml_description(domss: SNAPSHOT, flags: uint = 0) -> owned_str:
        virDomainSnapshotGetXMLDesc(domss, flags);
    fn revert_to(domss: SNAPSHOT, flags: uint = 0) -> done: virDomainRevertToSnapshot(domss, flags);
    fn delete(domss: SNAPSHOT, flags: uint = 0) -> done: virDomainSnapshotDelete(domss, flags);
    fn get_parent(domss: SNAPSHOT, flags: uint = 0) -> object(SNAPSHOT):
        virDomainSnapshotGetParent(domss, flags);
    fn num_of_child_snapshots(domss: SNAPSHOT, flags: uint = 0) -> int:
        virDomainSnapshotNumChildren(domss, flags);
    fn list_child_snapshot_names(domss: SNAPSHOT, maxnames: int, flags: uint = 0)
        -> names(names, maxnames, virDomainSnapshotNumChildren(domss, flags)):
        virDomainSnapshotListChildrenNames(domss, names, maxnames, flags);
    fn list_all_children(domss: SNAPSHOT, flags: uint = 0) -> objects(SNAPSHOT, children):
        virDomainSnapshotListAllChildren(domss, children, flags);
    fn is_current(domss: SNAPSHOT, flags: uint = 0) -> int: virDomainSnapshotIsCurrent(domss, flags);
    fn has_metadata(domss: SNAPSHOT, flags: uint = 0) -> int:
        virDomainSnapshotHasMetadata(domss, flags);
}
