//! `Sys::Virt::StoragePool`: a pool of storage volumes (a directory, a disk, an LVM volume
//! group, ...). `_new` and the volume constructors are Perl, in lib/Sys/Virt/StoragePool.pm,
//! as in the reference.

use super::{CONNECT, STORAGE_POOL, STORAGE_VOL};
use crate::methods;
use perlxs::Boot;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    b.constants(
        "Sys::Virt::StoragePool",
        crate::consts::storage_pool::CONSTANTS,
    );
}

methods! {
    package "Sys::Virt::StoragePool";
    fn _create_xml(con: CONNECT, xml: str) -> object(STORAGE_POOL):
        virStoragePoolCreateXML(con, xml, 0u32);
    fn _define_xml(con: CONNECT, xml: str, flags: uint = 0) -> object(STORAGE_POOL):
        virStoragePoolDefineXML(con, xml, flags);
    fn _lookup_by_name(con: CONNECT, name: str) -> object(STORAGE_POOL):
        virStoragePoolLookupByName(con, name);
    fn _lookup_by_uuid(con: CONNECT, uuid: uuid) -> object(STORAGE_POOL):
        virStoragePoolLookupByUUID(con, uuid);
    fn _lookup_by_uuid_string(con: CONNECT, uuid: str) -> object(STORAGE_POOL):
        virStoragePoolLookupByUUIDString(con, uuid);
    fn _lookup_by_volume(vol: STORAGE_VOL) -> object(STORAGE_POOL):
        virStoragePoolLookupByVolume(vol);
    fn _lookup_by_target_path(con: CONNECT, path: str) -> object(STORAGE_POOL):
        virStoragePoolLookupByTargetPath(con, path);
    fn get_uuid(pool: STORAGE_POOL) -> uuid(buf): virStoragePoolGetUUID(pool, buf);
    fn get_uuid_string(pool: STORAGE_POOL) -> uuid_string(buf):
        virStoragePoolGetUUIDString(pool, buf);
    fn get_name(pool: STORAGE_POOL) -> borrowed_str: virStoragePoolGetName(pool);
    fn is_active(pool: STORAGE_POOL) -> int: virStoragePoolIsActive(pool);
    fn is_persistent(pool: STORAGE_POOL) -> int: virStoragePoolIsPersistent(pool);
    fn get_xml_description(pool: STORAGE_POOL, flags: uint = 0) -> owned_str:
        virStoragePoolGetXMLDesc(pool, flags);
    fn undefine(pool: STORAGE_POOL) -> done: virStoragePoolUndefine(pool);
    fn create(pool: STORAGE_POOL) -> done: virStoragePoolCreate(pool, 0u32);
    fn refresh(pool: STORAGE_POOL, flags: uint = 0) -> done: virStoragePoolRefresh(pool, flags);
    fn build(pool: STORAGE_POOL, flags: uint = 0) -> done: virStoragePoolBuild(pool, flags);
    fn delete(pool: STORAGE_POOL, flags: uint = 0) -> done: virStoragePoolDelete(pool, flags);
    // The reference reads this object without checking it: a non-object dies here.
    fn destroy(pool_rv: strict STORAGE_POOL) -> done: virStoragePoolDestroy(pool_rv);
    fn set_autostart(pool: STORAGE_POOL, autostart: int) -> done:
        virStoragePoolSetAutostart(pool, autostart);
    fn get_autostart(pool: STORAGE_POOL) -> int_out(autostart):
        virStoragePoolGetAutostart(pool, autostart);
    fn get_info(pool: STORAGE_POOL) -> fields(info: ::virt::sys::virStoragePoolInfo;
                                              state, capacity, allocation, available):
        virStoragePoolGetInfo(pool, info);
    fn num_of_storage_volumes(pool: STORAGE_POOL) -> int: virStoragePoolNumOfVolumes(pool);
    fn list_storage_vol_names(pool: STORAGE_POOL, maxnames: int)
        -> names(names, maxnames, virStoragePoolNumOfVolumes(pool)):
        virStoragePoolListVolumes(pool, names, maxnames);
    fn list_all_volumes(pool: STORAGE_POOL, flags: uint = 0) -> objects(STORAGE_VOL, vols):
        virStoragePoolListAllVolumes(pool, vols, flags);
}
