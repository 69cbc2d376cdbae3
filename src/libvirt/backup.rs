//! Domain backup jobs (`virDomainBackupBegin`, `virDomainBackupGetXMLDesc`), which the
//! `virt` crate does not wrap.

use std::ffi::CStr;

use virt::domain::Domain;

use crate::libvirt::cstring::{take_lv_string, LvString};
use crate::libvirt::error::{check_neg, Error};

/// Starts a backup job on `dom`, optionally creating a checkpoint at the same time.
/// `checkpoint_xml: None` is passed to libvirt as NULL. `flags` reach libvirt unchanged.
///
/// See <https://libvirt.org/html/libvirt-libvirt-domain.html#virDomainBackupBegin>
pub fn backup_begin(
    dom: &Domain,
    backup_xml: &CStr,
    checkpoint_xml: Option<&CStr>,
    flags: u32,
) -> Result<(), Error> {
    let cp = checkpoint_xml.map_or(std::ptr::null(), CStr::as_ptr);
    // SAFETY: the domain handle is valid for the borrow; the strings are NUL-terminated
    // and outlive the call; libvirt does not keep them.
    check_neg(unsafe {
        virt::sys::virDomainBackupBegin(dom.as_ptr(), backup_xml.as_ptr(), cp, flags)
    })?;
    Ok(())
}

/// The XML description of the backup job running on `dom`.
///
/// See <https://libvirt.org/html/libvirt-libvirt-domain.html#virDomainBackupGetXMLDesc>
pub fn backup_get_xml_desc(dom: &Domain, flags: u32) -> Result<LvString, Error> {
    // SAFETY: the domain handle is valid for the borrow; the result is NULL or a malloc'ed
    // string that the caller owns.
    unsafe { take_lv_string(virt::sys::virDomainBackupGetXMLDesc(dom.as_ptr(), flags)) }
}
