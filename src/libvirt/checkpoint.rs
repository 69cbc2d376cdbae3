//! Domain checkpoints (`virDomainCheckpoint*`), which the `virt` crate does not wrap.
//!
//! Strings stay libvirt's bytes: names are borrowed from the libvirt object, XML comes back
//! as an [`LvString`] that owns libvirt's buffer. Flags are passed to libvirt bit for bit,
//! including bits this module does not name, so libvirt rejects them with its own error.

use std::ffi::CStr;

use bitflags::bitflags;
use libc::{c_int, c_uint};
use virt::domain::Domain;
use virt::sys;

use crate::libvirt::array_slice;
use crate::libvirt::cstring::{take_lv_string, LvString};
use crate::libvirt::error::{check_neg, check_null, Error};

bitflags! {
    /// Flags for [`DomainCheckpoint::create_xml`] (`virDomainCheckpointCreateFlags`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct CreateFlags: c_uint {
        const REDEFINE = sys::VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE;
        const QUIESCE = sys::VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE;
        const REDEFINE_VALIDATE = sys::VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE;
    }

    /// Flags for [`DomainCheckpoint::xml_desc`] (`virDomainCheckpointXMLFlags`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct XmlFlags: c_uint {
        const SECURE = sys::VIR_DOMAIN_CHECKPOINT_XML_SECURE;
        const NO_DOMAIN = sys::VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN;
        const SIZE = sys::VIR_DOMAIN_CHECKPOINT_XML_SIZE;
    }

    /// Flags for [`DomainCheckpoint::list_all`] and
    /// [`DomainCheckpoint::list_all_children`] (`virDomainCheckpointListFlags`).
    /// `ROOTS` (for `list_all`) and `DESCENDANTS` (for `list_all_children`) are the same bit.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct ListFlags: c_uint {
        const ROOTS = sys::VIR_DOMAIN_CHECKPOINT_LIST_ROOTS;
        const DESCENDANTS = sys::VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS;
        const TOPOLOGICAL = sys::VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL;
        const LEAVES = sys::VIR_DOMAIN_CHECKPOINT_LIST_LEAVES;
        const NO_LEAVES = sys::VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES;
    }

    /// Flags for [`DomainCheckpoint::delete`] (`virDomainCheckpointDeleteFlags`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct DeleteFlags: c_uint {
        const CHILDREN = sys::VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN;
        const METADATA_ONLY = sys::VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY;
        const CHILDREN_ONLY = sys::VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY;
    }
}

/// One reference on a libvirt checkpoint handle.
///
/// The handle keeps its domain (and so its connection) alive inside libvirt, so a
/// `DomainCheckpoint` stays usable after the `Domain` and `Connect` values it came from are
/// dropped. `Clone` takes another reference (`virDomainCheckpointRef`); `Drop` releases one
/// (`virDomainCheckpointFree`).
#[derive(Debug)]
#[repr(transparent)]
pub struct DomainCheckpoint {
    ptr: sys::virDomainCheckpointPtr,
}

// SAFETY: libvirt's public objects are reference-counted and locked internally; libvirt
// allows them to be used from any thread.
unsafe impl Send for DomainCheckpoint {}
// SAFETY: as above; every method takes `&self` and libvirt serialises access.
unsafe impl Sync for DomainCheckpoint {}

impl Drop for DomainCheckpoint {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: `self` owns one reference on a valid handle. A failure (only possible for
        // an invalid handle) is ignored: a destructor must not panic.
        unsafe {
            sys::virDomainCheckpointFree(self.ptr);
        }
    }
}

impl Clone for DomainCheckpoint {
    /// Takes another libvirt reference on the same checkpoint.
    ///
    /// # Panics
    ///
    /// If libvirt refuses the reference, which it does only for an invalid handle (a bug
    /// elsewhere). Use [`DomainCheckpoint::try_clone`] to get the error instead.
    fn clone(&self) -> Self {
        match self.try_clone() {
            Ok(c) => c,
            Err(e) => panic!("Unable to add reference on domain checkpoint: {e}"),
        }
    }
}

/// The checkpoints a list call returned, kept in libvirt's own array (no copy is made).
///
/// It dereferences to a slice of [`DomainCheckpoint`]s. Consumed by `into_iter`, it hands
/// out each reference in turn; the references not taken are released, and libvirt's array
/// freed, when the list or its iterator is dropped.
pub struct CheckpointList {
    arr: *mut sys::virDomainCheckpointPtr,
    len: usize,
}

/// The by-value iterator of a [`CheckpointList`]; elements `next..len` are still its own.
pub struct CheckpointListIter {
    arr: *mut sys::virDomainCheckpointPtr,
    next: usize,
    len: usize,
}

// SAFETY: the list owns its array and its references, as a `Vec<DomainCheckpoint>` would.
unsafe impl Send for CheckpointList {}
// SAFETY: shared access only gives out `&DomainCheckpoint`, which is `Sync`.
unsafe impl Sync for CheckpointList {}
// SAFETY: as for the list.
unsafe impl Send for CheckpointListIter {}
// SAFETY: an iterator shared by reference gives out nothing.
unsafe impl Sync for CheckpointListIter {}

impl CheckpointList {
    /// Takes ownership of the array libvirt returned with the count `n`.
    ///
    /// # Safety
    ///
    /// `arr` must be the malloc'ed array libvirt returned together with `n >= 0` (or NULL),
    /// each of its first `n` elements an owned reference.
    unsafe fn from_raw(arr: *mut sys::virDomainCheckpointPtr, n: c_int) -> CheckpointList {
        let len = if arr.is_null() { 0 } else { n.max(0) as usize };
        CheckpointList { arr, len }
    }

    /// Gives every reference in the list to `take`, which receives the raw handles and owns
    /// them from then on; libvirt's array is freed afterwards. Should `take` panic, the
    /// references are leaked rather than risk releasing one twice.
    pub fn hand_over<R>(self, take: impl FnOnce(&[sys::virDomainCheckpointPtr]) -> R) -> R {
        let mut rest = self.into_iter();
        // From here on the references are `take`'s: `rest` only frees the array, when it
        // drops after `take` returns or unwinds.
        rest.next = rest.len;
        // SAFETY: the array's `len` handles, alive until `rest` drops.
        take(unsafe { array_slice(rest.arr, rest.len) })
    }
}

impl std::ops::Deref for CheckpointList {
    type Target = [DomainCheckpoint];

    #[inline]
    fn deref(&self) -> &[DomainCheckpoint] {
        // SAFETY: the `len` elements are valid owned handles, and `DomainCheckpoint` is a
        // transparent wrapper of the handle pointer.
        unsafe { array_slice(self.arr as *const DomainCheckpoint, self.len) }
    }
}

impl std::fmt::Debug for CheckpointList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Drop for CheckpointList {
    fn drop(&mut self) {
        drop(CheckpointListIter {
            arr: self.arr,
            next: 0,
            len: self.len,
        });
    }
}

impl IntoIterator for CheckpointList {
    type Item = DomainCheckpoint;
    type IntoIter = CheckpointListIter;

    #[inline]
    fn into_iter(self) -> CheckpointListIter {
        let it = CheckpointListIter {
            arr: self.arr,
            next: 0,
            len: self.len,
        };
        std::mem::forget(self);
        it
    }
}

impl Iterator for CheckpointListIter {
    type Item = DomainCheckpoint;

    #[inline]
    fn next(&mut self) -> Option<DomainCheckpoint> {
        if self.next == self.len {
            return None;
        }
        // SAFETY: element `next` is still owned here; advancing `next` hands it over.
        let ptr = unsafe { *self.arr.add(self.next) };
        self.next += 1;
        Some(DomainCheckpoint { ptr })
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.len - self.next;
        (n, Some(n))
    }
}

impl ExactSizeIterator for CheckpointListIter {}

impl Drop for CheckpointListIter {
    fn drop(&mut self) {
        // Release the references not handed out, then libvirt's array.
        for cp in self.by_ref() {
            drop(cp);
        }
        // SAFETY: the array came from libvirt's allocator (malloc) and is freed once.
        unsafe { libc::free(self.arr as *mut libc::c_void) };
    }
}

impl DomainCheckpoint {
    /// Wraps a raw handle.
    ///
    /// # Safety
    ///
    /// `ptr` must be a valid, non-NULL checkpoint handle; the returned value owns one
    /// reference on it and releases it when dropped.
    #[inline]
    pub unsafe fn from_ptr(ptr: sys::virDomainCheckpointPtr) -> DomainCheckpoint {
        DomainCheckpoint { ptr }
    }

    /// The raw handle, still owned by `self`.
    ///
    /// # Safety
    ///
    /// The pointer is only valid while `self` (or another reference) lives; using it does not
    /// take a reference.
    #[inline]
    pub unsafe fn as_ptr(&self) -> sys::virDomainCheckpointPtr {
        self.ptr
    }

    /// Gives up ownership of the reference without releasing it.
    #[inline]
    pub fn into_ptr(self) -> sys::virDomainCheckpointPtr {
        let p = self.ptr;
        std::mem::forget(self);
        p
    }

    /// Takes another libvirt reference on the same checkpoint.
    #[inline]
    pub fn try_clone(&self) -> Result<DomainCheckpoint, Error> {
        // SAFETY: `self.ptr` is a valid handle; on success the new value owns the new reference.
        check_neg(unsafe { sys::virDomainCheckpointRef(self.ptr) })?;
        Ok(DomainCheckpoint { ptr: self.ptr })
    }

    /// Creates a checkpoint of `dom` from its XML description.
    ///
    /// See <https://libvirt.org/html/libvirt-libvirt-domain-checkpoint.html#virDomainCheckpointCreateXML>
    pub fn create_xml(dom: &Domain, xml: &CStr, flags: CreateFlags) -> Result<Self, Error> {
        // SAFETY: valid domain handle and NUL-terminated string for the duration of the call;
        // a non-NULL result is an owned reference.
        let ptr = check_null(unsafe {
            sys::virDomainCheckpointCreateXML(dom.as_ptr(), xml.as_ptr(), flags.bits())
        })?;
        Ok(DomainCheckpoint { ptr })
    }

    /// Finds a checkpoint of `dom` by name.
    ///
    /// See <https://libvirt.org/html/libvirt-libvirt-domain-checkpoint.html#virDomainCheckpointLookupByName>
    pub fn lookup_by_name(dom: &Domain, name: &CStr, flags: u32) -> Result<Self, Error> {
        // SAFETY: as in `create_xml`.
        let ptr = check_null(unsafe {
            sys::virDomainCheckpointLookupByName(dom.as_ptr(), name.as_ptr(), flags)
        })?;
        Ok(DomainCheckpoint { ptr })
    }

    /// All checkpoints of `dom` that match `flags`.
    ///
    /// See <https://libvirt.org/html/libvirt-libvirt-domain-checkpoint.html#virDomainListAllCheckpoints>
    pub fn list_all(dom: &Domain, flags: ListFlags) -> Result<CheckpointList, Error> {
        let mut arr: *mut sys::virDomainCheckpointPtr = std::ptr::null_mut();
        // SAFETY: valid domain handle; on success libvirt stores a malloc'ed array of `n`
        // owned handles in `arr`.
        let n = check_neg(unsafe {
            sys::virDomainListAllCheckpoints(dom.as_ptr(), &mut arr, flags.bits())
        })?;
        // SAFETY: `arr`/`n` are exactly what libvirt returned.
        Ok(unsafe { CheckpointList::from_raw(arr, n) })
    }

    /// The checkpoint's name, borrowed from libvirt's handle (no copy). It stays available
    /// after the checkpoint is deleted.
    ///
    /// See <https://libvirt.org/html/libvirt-libvirt-domain-checkpoint.html#virDomainCheckpointGetName>
    #[inline]
    pub fn name(&self) -> Result<&CStr, Error> {
        // SAFETY: valid handle; the name belongs to the handle, which lives at least as long
        // as the borrow of `self` and never changes its name.
        unsafe {
            let p = check_null(sys::virDomainCheckpointGetName(self.ptr) as *mut libc::c_char)?;
            Ok(CStr::from_ptr(p))
        }
    }

    /// The checkpoint's XML description, in libvirt's own buffer.
    ///
    /// See <https://libvirt.org/html/libvirt-libvirt-domain-checkpoint.html#virDomainCheckpointGetXMLDesc>
    pub fn xml_desc(&self, flags: XmlFlags) -> Result<LvString, Error> {
        // SAFETY: valid handle; the result is NULL or a malloc'ed string the caller owns.
        unsafe { take_lv_string(sys::virDomainCheckpointGetXMLDesc(self.ptr, flags.bits())) }
    }

    /// The parent checkpoint; error 103 (`VIR_ERR_NO_DOMAIN_CHECKPOINT`) when there is none.
    ///
    /// See <https://libvirt.org/html/libvirt-libvirt-domain-checkpoint.html#virDomainCheckpointGetParent>
    pub fn parent(&self, flags: u32) -> Result<Self, Error> {
        // SAFETY: valid handle; a non-NULL result is an owned reference.
        let ptr = check_null(unsafe { sys::virDomainCheckpointGetParent(self.ptr, flags) })?;
        Ok(DomainCheckpoint { ptr })
    }

    /// Children (or, with `DESCENDANTS`, all descendants) of this checkpoint.
    ///
    /// See <https://libvirt.org/html/libvirt-libvirt-domain-checkpoint.html#virDomainCheckpointListAllChildren>
    pub fn list_all_children(&self, flags: ListFlags) -> Result<CheckpointList, Error> {
        let mut arr: *mut sys::virDomainCheckpointPtr = std::ptr::null_mut();
        // SAFETY: as in `list_all`.
        let n = check_neg(unsafe {
            sys::virDomainCheckpointListAllChildren(self.ptr, &mut arr, flags.bits())
        })?;
        // SAFETY: `arr`/`n` are exactly what libvirt returned.
        Ok(unsafe { CheckpointList::from_raw(arr, n) })
    }

    /// Deletes the checkpoint (and, depending on `flags`, its descendants). The handle stays
    /// valid; afterwards only [`DomainCheckpoint::name`] still succeeds.
    ///
    /// See <https://libvirt.org/html/libvirt-libvirt-domain-checkpoint.html#virDomainCheckpointDelete>
    pub fn delete(&self, flags: DeleteFlags) -> Result<(), Error> {
        // SAFETY: valid handle.
        check_neg(unsafe { sys::virDomainCheckpointDelete(self.ptr, flags.bits()) })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::libvirt::backup::{backup_begin, backup_get_xml_desc};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use virt::connect::Connect;

    const NODE_XML: &str = "<node><domain type='test'><name>test</name><memory>8192</memory>\
        <os><type>hvm</type></os><devices><disk type='file' device='disk'>\
        <source file='/guest/diskimage1'/><target dev='vda' bus='virtio'/></disk>\
        </devices></domain></node>";

    /// A private test-driver state: its own node file, connection and domain "test".
    struct Env {
        // Field order is drop order: domain before connection (either order is safe).
        dom: Domain,
        _conn: Connect,
    }

    fn env() -> Env {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        crate::libvirt::init();
        let path = std::env::temp_dir().join(format!(
            "sys-virt-cp-test-{}-{}.xml",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, NODE_XML).unwrap();
        let uri = format!("test://{}", path.display());
        let conn = Connect::open(Some(&uri));
        // The driver has read the file by now.
        let _ = std::fs::remove_file(&path);
        let conn = conn.unwrap();
        let dom = conn.lookup_domain_by_name("test").unwrap();
        Env { dom, _conn: conn }
    }

    fn cp_xml(name: &str) -> std::ffi::CString {
        std::ffi::CString::new(format!(
            "<domaincheckpoint><name>{name}</name></domaincheckpoint>"
        ))
        .unwrap()
    }

    fn create(e: &Env, name: &str) -> DomainCheckpoint {
        DomainCheckpoint::create_xml(&e.dom, &cp_xml(name), CreateFlags::empty()).unwrap()
    }

    fn names(v: &[DomainCheckpoint]) -> Vec<Vec<u8>> {
        v.iter()
            .map(|c| c.name().unwrap().to_bytes().to_vec())
            .collect()
    }

    fn sorted(v: &[DomainCheckpoint]) -> Vec<Vec<u8>> {
        let mut n = names(v);
        n.sort();
        n
    }

    fn b(list: &[&str]) -> Vec<Vec<u8>> {
        list.iter().map(|s| s.as_bytes().to_vec()).collect()
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    fn code_domain(e: &Error) -> (i32, i32) {
        (e.code, e.domain)
    }

    /// c1 -> c2 -> c3, plus c4 redefined as a second child of c1.
    fn tree(e: &Env) -> [DomainCheckpoint; 4] {
        let c1 = create(e, "c1");
        let c2 = create(e, "c2");
        let c3 = create(e, "c3");
        let c4 = DomainCheckpoint::create_xml(
            &e.dom,
            c"<domaincheckpoint><name>c4</name><parent><name>c1</name></parent>\
              <creationTime>1</creationTime><disks><disk name='vda' checkpoint='bitmap'/>\
              </disks></domaincheckpoint>",
            CreateFlags::REDEFINE,
        )
        .unwrap();
        [c1, c2, c3, c4]
    }

    #[test]
    fn create_lookup_name() {
        let e = env();
        let c1 = create(&e, "c1");
        assert_eq!(c1.name().unwrap(), c"c1");
        let l = DomainCheckpoint::lookup_by_name(&e.dom, c"c1", 0).unwrap();
        assert_eq!(l.name().unwrap(), c"c1");
        let err = DomainCheckpoint::lookup_by_name(&e.dom, c"nope", 0).unwrap_err();
        assert_eq!(code_domain(&err), (103, 12), "{err}");
        assert_eq!(err.level, 2);
    }

    #[test]
    fn name_bytes_not_utf8_checked() {
        let e = env();
        // libvirt's schema refuses non-ASCII names (92/5)...
        let err =
            DomainCheckpoint::create_xml(&e.dom, &cp_xml("smile\u{263a}"), CreateFlags::empty())
                .unwrap_err();
        assert_eq!(code_domain(&err), (92, 5), "{err}");
        // ...but a description holding U+263A comes back as its UTF-8 bytes.
        let c = DomainCheckpoint::create_xml(
            &e.dom,
            c"<domaincheckpoint><name>s</name><description>\xe2\x98\xba</description></domaincheckpoint>",
            CreateFlags::empty(),
        )
        .unwrap();
        let x = c.xml_desc(XmlFlags::NO_DOMAIN).unwrap();
        assert!(
            contains(x.to_bytes(), b"<description>\xe2\x98\xba</description>"),
            "{x:?}"
        );
    }

    #[test]
    fn xml_desc() {
        let e = env();
        let c1 = create(&e, "c1");
        let x = c1.xml_desc(XmlFlags::empty()).unwrap();
        assert!(contains(x.to_bytes(), b"<name>c1</name>"));
        assert!(contains(x.to_bytes(), b"<domain"));
        assert!(contains(x.to_bytes(), b"<disk name='vda'"));
        assert_eq!(x.to_bytes().len(), x.len());
        assert_eq!(x.as_c_str().to_bytes(), x.to_bytes());
        let x = c1.xml_desc(XmlFlags::NO_DOMAIN).unwrap();
        assert!(contains(x.to_bytes(), b"<name>c1</name>"));
        assert!(!contains(x.to_bytes(), b"<domain "));
        assert!(!contains(x.to_bytes(), b"<domain>"));
        let x = c1.xml_desc(XmlFlags::SECURE | XmlFlags::NO_DOMAIN).unwrap();
        assert!(contains(x.to_bytes(), b"<name>c1</name>"));
    }

    #[test]
    fn xml_desc_size() {
        let e = env();
        let c1 = create(&e, "c1");
        // The test driver accepts SIZE but, having no real disks, reports no sizes.
        let x = c1.xml_desc(XmlFlags::SIZE).unwrap();
        assert!(contains(x.to_bytes(), b"<name>c1</name>"));
        assert!(!contains(x.to_bytes(), b"size="), "{x:?}");
    }

    #[test]
    fn parent() {
        let e = env();
        let c1 = create(&e, "c1");
        let c2 = create(&e, "c2");
        assert_eq!(c2.parent(0).unwrap().name().unwrap(), c"c1");
        let err = c1.parent(0).unwrap_err();
        assert_eq!(code_domain(&err), (103, 12), "{err}");
        let err = c2.parent(1).unwrap_err();
        assert_eq!(code_domain(&err), (8, 12), "{err}");
    }

    #[test]
    fn children() {
        let e = env();
        let [c1, c2, c3, _c4] = tree(&e);
        assert_eq!(
            sorted(&c1.list_all_children(ListFlags::empty()).unwrap()),
            b(&["c2", "c4"])
        );
        assert_eq!(
            sorted(&c1.list_all_children(ListFlags::DESCENDANTS).unwrap()),
            b(&["c2", "c3", "c4"])
        );
        assert_eq!(
            sorted(&c1.list_all_children(ListFlags::LEAVES).unwrap()),
            b(&["c4"])
        );
        assert_eq!(
            sorted(&c1.list_all_children(ListFlags::NO_LEAVES).unwrap()),
            b(&["c2"])
        );
        assert_eq!(
            sorted(
                &c1.list_all_children(ListFlags::DESCENDANTS | ListFlags::LEAVES)
                    .unwrap()
            ),
            b(&["c3", "c4"])
        );
        let topo = names(
            &c1.list_all_children(ListFlags::DESCENDANTS | ListFlags::TOPOLOGICAL)
                .unwrap(),
        );
        assert_eq!(topo.len(), 3);
        let pos = |n: &str| topo.iter().position(|x| x == n.as_bytes()).unwrap();
        assert!(pos("c2") < pos("c3"), "{topo:?}");
        assert!(c3.list_all_children(ListFlags::empty()).unwrap().is_empty());
        assert_eq!(
            names(&c2.list_all_children(ListFlags::empty()).unwrap()),
            b(&["c3"])
        );
    }

    #[test]
    fn list_all() {
        let e = env();
        assert!(DomainCheckpoint::list_all(&e.dom, ListFlags::empty())
            .unwrap()
            .is_empty());
        let [_c1, _c2, _c3, _c4] = tree(&e);
        assert_eq!(
            sorted(&DomainCheckpoint::list_all(&e.dom, ListFlags::empty()).unwrap()),
            b(&["c1", "c2", "c3", "c4"])
        );
        assert_eq!(
            names(&DomainCheckpoint::list_all(&e.dom, ListFlags::ROOTS).unwrap()),
            b(&["c1"])
        );
        assert_eq!(
            sorted(&DomainCheckpoint::list_all(&e.dom, ListFlags::LEAVES).unwrap()),
            b(&["c3", "c4"])
        );
        let topo = names(&DomainCheckpoint::list_all(&e.dom, ListFlags::TOPOLOGICAL).unwrap());
        assert_eq!(topo.len(), 4);
        let pos = |n: &str| topo.iter().position(|x| x == n.as_bytes()).unwrap();
        assert!(pos("c1") < pos("c2") && pos("c2") < pos("c3") && pos("c1") < pos("c4"));
    }

    #[test]
    fn list_taken_in_part() {
        let e = env();
        let [_c1, _c2, _c3, _c4] = tree(&e);
        let list = DomainCheckpoint::list_all(&e.dom, ListFlags::empty()).unwrap();
        assert_eq!(list.len(), 4);
        let mut it = list.into_iter();
        let first = it.next().unwrap();
        let second = it.next().unwrap();
        assert_eq!(it.size_hint(), (2, Some(2)));
        assert_eq!(it.len(), 2);
        drop(it); // releases the two not taken, and the array
        let mut got = vec![first.name().unwrap().to_bytes().to_vec()];
        got.push(second.name().unwrap().to_bytes().to_vec());
        got.sort();
        got.dedup();
        assert_eq!(got.len(), 2);
        // The handles taken out are still good after the list is gone.
        assert!(first.xml_desc(XmlFlags::NO_DOMAIN).is_ok());
        assert!(second.xml_desc(XmlFlags::NO_DOMAIN).is_ok());
        // All taken: the emptied iterator frees only the array.
        let owned: Vec<DomainCheckpoint> = DomainCheckpoint::list_all(&e.dom, ListFlags::empty())
            .unwrap()
            .into_iter()
            .collect();
        assert_eq!(sorted(&owned), b(&["c1", "c2", "c3", "c4"]));
    }

    #[test]
    fn list_handed_over() {
        let e = env();
        let [_c1, _c2, _c3, _c4] = tree(&e);
        let list = DomainCheckpoint::list_all(&e.dom, ListFlags::empty()).unwrap();
        // The receiver owns the references: wrap them back, and they are released once.
        let taken: Vec<DomainCheckpoint> = list.hand_over(|handles| {
            assert_eq!(handles.len(), 4);
            handles
                .iter()
                .map(|&h| unsafe { DomainCheckpoint::from_ptr(h) })
                .collect()
        });
        assert_eq!(sorted(&taken), b(&["c1", "c2", "c3", "c4"]));
        let empty = DomainCheckpoint::list_all(&e.dom, ListFlags::ROOTS | ListFlags::LEAVES);
        assert_eq!(empty.unwrap().hand_over(|h| h.len()), 0);
    }

    #[test]
    fn delete_children() {
        let e = env();
        let [c1, c2, _c3, _c4] = tree(&e);
        c1.delete(DeleteFlags::CHILDREN).unwrap();
        assert!(DomainCheckpoint::list_all(&e.dom, ListFlags::empty())
            .unwrap()
            .is_empty());
        // Handles survive deletion: the name still answers, the rest fails with 103.
        assert_eq!(c1.name().unwrap(), c"c1");
        assert_eq!(c2.name().unwrap(), c"c2");
        let err = c2.xml_desc(XmlFlags::empty()).unwrap_err();
        assert_eq!(code_domain(&err), (103, 12), "{err}");
        let err = c1.delete(DeleteFlags::empty()).unwrap_err();
        assert_eq!(code_domain(&err), (103, 12), "{err}");
    }

    #[test]
    fn delete_children_only() {
        let e = env();
        let [c1, _c2, _c3, _c4] = tree(&e);
        c1.delete(DeleteFlags::CHILDREN_ONLY).unwrap();
        assert_eq!(
            names(&DomainCheckpoint::list_all(&e.dom, ListFlags::empty()).unwrap()),
            b(&["c1"])
        );
        assert!(c1.list_all_children(ListFlags::empty()).unwrap().is_empty());
    }

    #[test]
    fn delete_metadata_only_and_plain() {
        let e = env();
        let [_c1, c2, _c3, c4] = tree(&e);
        c4.delete(DeleteFlags::METADATA_ONLY).unwrap();
        assert_eq!(
            sorted(&DomainCheckpoint::list_all(&e.dom, ListFlags::empty()).unwrap()),
            b(&["c1", "c2", "c3"])
        );
        // Deleting a middle checkpoint reparents its child.
        c2.delete(DeleteFlags::empty()).unwrap();
        let c3 = DomainCheckpoint::lookup_by_name(&e.dom, c"c3", 0).unwrap();
        assert_eq!(c3.parent(0).unwrap().name().unwrap(), c"c1");
        assert_eq!(c4.name().unwrap(), c"c4");
    }

    #[test]
    fn duplicate_name() {
        let e = env();
        let _c1 = create(&e, "c1");
        let err =
            DomainCheckpoint::create_xml(&e.dom, &cp_xml("c1"), CreateFlags::empty()).unwrap_err();
        assert_eq!(code_domain(&err), (9, 20), "{err}");
    }

    #[test]
    fn unknown_flag_bits_reach_libvirt() {
        let e = env();
        let bit = 1u32 << 30;
        let err =
            DomainCheckpoint::create_xml(&e.dom, &cp_xml("c1"), CreateFlags::from_bits_retain(bit))
                .unwrap_err();
        assert_eq!(code_domain(&err), (8, 12), "{err}");
        assert!(contains(&err.message, b"0x40000000"), "{err}");
        let c1 = create(&e, "c1");
        let err = c1.xml_desc(XmlFlags::from_bits_retain(bit)).unwrap_err();
        assert_eq!(code_domain(&err), (8, 12), "{err}");
        let err = c1
            .list_all_children(ListFlags::from_bits_retain(bit))
            .unwrap_err();
        assert_eq!(code_domain(&err), (8, 12), "{err}");
        let err = DomainCheckpoint::list_all(&e.dom, ListFlags::from_bits_retain(bit)).unwrap_err();
        assert_eq!(code_domain(&err), (8, 12), "{err}");
        let err = c1.delete(DeleteFlags::from_bits_retain(bit)).unwrap_err();
        assert_eq!(code_domain(&err), (8, 12), "{err}");
        let err = DomainCheckpoint::lookup_by_name(&e.dom, c"c1", 1).unwrap_err();
        assert_eq!(code_domain(&err), (8, 12), "{err}");
        // Every unknown bit at once.
        let err = c1
            .delete(DeleteFlags::from_bits_retain(!DeleteFlags::all().bits()))
            .unwrap_err();
        assert_eq!(code_domain(&err), (8, 12), "{err}");
        // All bits set: the public API's mutual-exclusion check (CHILDREN vs CHILDREN_ONLY)
        // runs first and reports from the checkpoint domain (69), not the driver (12).
        let err = c1
            .delete(DeleteFlags::from_bits_retain(u32::MAX))
            .unwrap_err();
        assert_eq!(code_domain(&err), (8, 69), "{err}");
        // The checkpoint is still there.
        assert_eq!(
            names(&DomainCheckpoint::list_all(&e.dom, ListFlags::empty()).unwrap()),
            b(&["c1"])
        );
    }

    #[test]
    fn redefine_validate_unsupported() {
        let e = env();
        let err = DomainCheckpoint::create_xml(
            &e.dom,
            &cp_xml("c1"),
            CreateFlags::REDEFINE | CreateFlags::REDEFINE_VALIDATE,
        )
        .unwrap_err();
        assert_eq!(code_domain(&err), (8, 12), "{err}");
    }

    #[test]
    fn malformed_xml() {
        let e = env();
        let err = DomainCheckpoint::create_xml(&e.dom, c"<domaincheckpoint>", CreateFlags::empty())
            .unwrap_err();
        assert_eq!(code_domain(&err), (35, 69), "{err}");
        let err =
            DomainCheckpoint::create_xml(&e.dom, c"<nope/>", CreateFlags::empty()).unwrap_err();
        assert_eq!(code_domain(&err), (27, 5), "{err}");
        let err = DomainCheckpoint::create_xml(
            &e.dom,
            c"<domaincheckpoint><disks><disk name='vdz'/></disks></domaincheckpoint>",
            CreateFlags::empty(),
        )
        .unwrap_err();
        assert_eq!(code_domain(&err), (67, 69), "{err}");
        let err = DomainCheckpoint::create_xml(
            &e.dom,
            c"<domaincheckpoint><name>r</name></domaincheckpoint>",
            CreateFlags::REDEFINE,
        )
        .unwrap_err();
        assert_eq!(code_domain(&err), (1, 69), "{err}");
    }

    #[test]
    fn clone_and_drop() {
        let e = env();
        let c1 = create(&e, "c1");
        let c2 = c1.clone();
        let c3 = c2.try_clone().unwrap();
        assert_eq!(unsafe { c1.as_ptr() }, unsafe { c2.as_ptr() });
        drop(c1);
        assert_eq!(c2.name().unwrap(), c"c1");
        drop(c2);
        assert_eq!(c3.name().unwrap(), c"c1");
        assert!(c3.xml_desc(XmlFlags::empty()).is_ok());
        drop(c3);
        // The checkpoint itself is untouched by handle refcounting.
        let l = DomainCheckpoint::lookup_by_name(&e.dom, c"c1", 0).unwrap();
        // into_ptr / from_ptr round trip keeps exactly one reference.
        let raw = l.into_ptr();
        let l = unsafe { DomainCheckpoint::from_ptr(raw) };
        assert_eq!(l.name().unwrap(), c"c1");
    }

    #[test]
    fn outlives_domain_and_connection() {
        let e = env();
        let c1 = create(&e, "c1");
        let Env { dom, _conn } = e;
        drop(dom);
        drop(_conn);
        assert_eq!(c1.name().unwrap(), c"c1");
        let x = c1.xml_desc(XmlFlags::NO_DOMAIN).unwrap();
        assert!(contains(x.to_bytes(), b"<name>c1</name>"));
        assert_eq!(c1.parent(0).unwrap_err().code, 103);
    }

    #[test]
    fn send_to_other_thread() {
        let e = env();
        let c1 = create(&e, "c1");
        let h = std::thread::spawn(move || {
            let x = c1.xml_desc(XmlFlags::NO_DOMAIN).unwrap();
            (c1.name().unwrap().to_owned(), x)
        });
        let (n, x) = h.join().unwrap();
        assert_eq!(n.as_c_str(), c"c1");
        assert!(contains(x.to_bytes(), b"<name>c1</name>"));
    }

    #[test]
    fn backup_calls() {
        let e = env();
        // The test driver does not implement backups: 3 (VIR_ERR_NO_SUPPORT) from domain 20.
        let err = backup_get_xml_desc(&e.dom, 0).unwrap_err();
        assert_eq!(code_domain(&err), (3, 20), "{err}");
        assert!(
            contains(&err.message, b"virDomainBackupGetXMLDesc"),
            "{err}"
        );
        let err = backup_begin(&e.dom, c"<domainbackup/>", None, 0).unwrap_err();
        assert_eq!(code_domain(&err), (3, 20), "{err}");
        let err = backup_begin(
            &e.dom,
            c"<domainbackup/>",
            Some(c"<domaincheckpoint><name>b</name></domaincheckpoint>"),
            0,
        )
        .unwrap_err();
        assert_eq!(code_domain(&err), (3, 20), "{err}");
        assert!(DomainCheckpoint::list_all(&e.dom, ListFlags::empty())
            .unwrap()
            .is_empty());
    }
}
