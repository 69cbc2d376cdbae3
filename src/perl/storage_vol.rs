//! `Sys::Virt::StorageVol`: a volume of a storage pool (a file, a logical volume, ...).
//! `_new` is Perl, in lib/Sys/Virt/StorageVol.pm; the pool's `create_volume`,
//! `clone_volume` and `get_volume_by_name`, and the connection's volume lookups, call it.

use super::{CONNECT, STORAGE_POOL, STORAGE_VOL, STREAM};
use crate::methods;
use perlxs::Boot;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    b.constants(
        "Sys::Virt::StorageVol",
        crate::consts::storage_vol::CONSTANTS,
    );
}

methods! {
    package "Sys::Virt::StorageVol";
    fn _create_xml(pool: STORAGE_POOL, xml: str, flags: uint = 0) -> object(STORAGE_VOL):
        virStorageVolCreateXML(pool, xml, flags);
    fn _create_xml_from(pool: STORAGE_POOL, xml: str, clone: STORAGE_VOL, flags: uint = 0)
        -> object(STORAGE_VOL):
        virStorageVolCreateXMLFrom(pool, xml, clone, flags);
    fn _lookup_by_name(pool: STORAGE_POOL, name: str) -> object(STORAGE_VOL):
        virStorageVolLookupByName(pool, name);
    fn _lookup_by_key(con: CONNECT, key: str) -> object(STORAGE_VOL):
        virStorageVolLookupByKey(con, key);
    fn _lookup_by_path(con: CONNECT, path: str) -> object(STORAGE_VOL):
        virStorageVolLookupByPath(con, path);
    fn get_name(vol: STORAGE_VOL) -> borrowed_str: virStorageVolGetName(vol);
    fn get_key(vol: STORAGE_VOL) -> borrowed_str: virStorageVolGetKey(vol);
    fn get_path(vol: STORAGE_VOL) -> owned_str: virStorageVolGetPath(vol);
    fn get_info(vol: STORAGE_VOL, flags: uint = 0) -> fields(info: ::virt::sys::virStorageVolInfo;
                                                            type_ as "type", capacity, allocation):
        virStorageVolGetInfoFlags(vol, info, flags) if flags else virStorageVolGetInfo(vol, info);
    fn get_xml_description(vol: STORAGE_VOL, flags: uint = 0) -> owned_str:
        virStorageVolGetXMLDesc(vol, flags);
    fn delete(vol: STORAGE_VOL, flags: uint = 0) -> done: virStorageVolDelete(vol, flags);
    fn wipe(vol: STORAGE_VOL, flags: uint = 0) -> done: virStorageVolWipe(vol, flags);
    fn wipe_pattern(vol: STORAGE_VOL, algorithm: uint, flags: uint = 0) -> done:
        virStorageVolWipePattern(vol, algorithm, flags);
    fn resize(vol: STORAGE_VOL, capacity: ullong_sv, flags: uint = 0) -> done:
        virStorageVolResize(vol, capacity, flags);
    fn upload(vol: STORAGE_VOL, st: STREAM, offsetsv: ullong_sv, lengthsv: ullong_sv,
              flags: uint = 0) -> done:
        virStorageVolUpload(vol, st, offsetsv, lengthsv, flags);
    fn download(vol: STORAGE_VOL, st: STREAM, offsetsv: ullong_sv, lengthsv: ullong_sv,
                flags: uint = 0) -> done:
        virStorageVolDownload(vol, st, offsetsv, lengthsv, flags);
}
