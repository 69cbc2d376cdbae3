//! Typed parameter lists (`virTypedParameter`) as values of their own, which may cross
//! threads: what libvirt filled in ([`Params`]) and what is given to it ([`NewParams`]).
//! No Perl here; src/perl/typed_params.rs turns them into hashes and back.

use super::error::{check_neg, Error};
use std::ffi::{CStr, CString};
use virt::sys;

/// A parameter list libvirt filled in. Its string values are libvirt's, freed on drop.
pub struct Params(Vec<sys::virTypedParameter>);

// SAFETY: plain C data; the strings it points to are owned by the list alone.
unsafe impl Send for Params {}

impl Params {
    /// A list read by libvirt's two-call protocol: `get` is asked for the count (with a
    /// NULL list), then to fill a list of that size.
    pub fn counted(
        mut get: impl FnMut(sys::virTypedParameterPtr, &mut libc::c_int) -> libc::c_int,
    ) -> Result<Params, Error> {
        let mut n: libc::c_int = 0;
        check_neg(get(std::ptr::null_mut(), &mut n))?;
        let mut list = Params::zeroed(n.max(0) as usize);
        check_neg(get(list.0.as_mut_ptr(), &mut n))?;
        list.truncate(n);
        Ok(list)
    }

    /// `n` zeroed entries, for a call that fills a list of a size known beforehand.
    pub fn zeroed(n: usize) -> Params {
        // SAFETY: all-zero bytes are a valid (empty, typeless) parameter.
        Params(vec![unsafe { std::mem::zeroed() }; n])
    }

    /// The room for a call to fill (`as_mut_ptr`, up to `len` entries).
    pub fn as_mut_ptr(&mut self) -> sys::virTypedParameterPtr {
        self.0.as_mut_ptr()
    }

    /// Keeps the first `n` entries libvirt reported filling (clamped to the room).
    pub fn truncate(&mut self, n: libc::c_int) {
        let n = (n.max(0) as usize).min(self.0.len());
        // SAFETY: entries beyond n were not filled (zeroed, so they hold no strings).
        self.0.truncate(n);
    }

    /// A list libvirt allocates: `get` fills the pointer and the count. The list's array is
    /// freed at once (its entries copied), and its strings with the copy.
    pub fn allocated(
        get: impl FnOnce(&mut sys::virTypedParameterPtr, &mut libc::c_int) -> libc::c_int,
    ) -> Result<Params, Error> {
        let mut params: sys::virTypedParameterPtr = std::ptr::null_mut();
        let mut n: libc::c_int = 0;
        let r = get(&mut params, &mut n);
        if r < 0 {
            let e = Error::last();
            // SAFETY: whatever libvirt left (NULL, or a list it allocated) is freed.
            unsafe { sys::virTypedParamsFree(params, n.max(0)) };
            return Err(e);
        }
        // SAFETY: n entries libvirt allocated (or NULL); the array is freed after the copy,
        // and the strings now belong to the copy.
        let list = unsafe {
            let v = super::array_slice(params, n.max(0) as usize).to_vec();
            libc::free(params as *mut libc::c_void);
            v
        };
        Ok(Params(list))
    }

    pub fn as_slice(&self) -> &[sys::virTypedParameter] {
        &self.0
    }

    /// The entries as a template for a new list: names and types, string values cleared
    /// (freed now).
    pub fn into_template(mut self) -> Vec<sys::virTypedParameter> {
        clear(&mut self.0);
        std::mem::take(&mut self.0)
    }
}

impl Drop for Params {
    fn drop(&mut self) {
        clear(&mut self.0);
    }
}

/// Frees the strings libvirt put into a list, leaving NULL in their place.
fn clear(list: &mut [sys::virTypedParameter]) {
    if !list.is_empty() {
        // SAFETY: virTypedParamsClear frees only string values, libvirt's allocations.
        unsafe { sys::virTypedParamsClear(list.as_mut_ptr(), list.len() as libc::c_int) }
    }
}

/// A parameter list to give libvirt, with string values of its own.
#[derive(Default)]
pub struct NewParams {
    list: Vec<sys::virTypedParameter>,
    strings: Vec<CString>,
}

// SAFETY: plain C data whose string pointers point into `strings`, owned with it.
unsafe impl Send for NewParams {}

impl NewParams {
    /// A list of its own with `list`'s entries and copies of their string values (which
    /// are not this list's: they stay their owner's).
    pub fn copied(list: &[sys::virTypedParameter]) -> NewParams {
        let mut new = NewParams {
            list: list.to_vec(),
            strings: Vec::new(),
        };
        for i in 0..new.list.len() {
            let tp = &new.list[i];
            // SAFETY: the member read is the one type_ names; a string value is NULL or a
            // NUL-terminated string alive for this call.
            unsafe {
                if tp.type_ as u32 == sys::VIR_TYPED_PARAM_STRING && !tp.value.s.is_null() {
                    let s = CStr::from_ptr(tp.value.s).to_owned();
                    new.set_string(i, s);
                }
            }
        }
        new
    }

    /// Sets entry `i`'s string value.
    pub fn set_string(&mut self, i: usize, value: CString) {
        self.list[i].value.s = value.as_ptr() as *mut libc::c_char;
        self.strings.push(value);
    }

    pub fn as_mut_ptr(&mut self) -> sys::virTypedParameterPtr {
        self.list.as_mut_ptr()
    }

    pub fn len(&self) -> libc::c_int {
        self.list.len() as libc::c_int
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// Writes `name` into a parameter's fixed-size field (cut to fit, NUL-terminated).
pub fn set_field(tp: &mut sys::virTypedParameter, name: &CStr) {
    let bytes = name.to_bytes();
    let n = bytes.len().min(tp.field.len() - 1);
    for (d, &s) in tp.field.iter_mut().zip(&bytes[..n]) {
        *d = s as libc::c_char;
    }
    tp.field[n] = 0;
}
