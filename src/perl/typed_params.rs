//! libvirt's typed parameter lists (`virTypedParameter`) to and from Perl hashes, as the
//! reference converts them: each field's name is a key, its value a number or a string.

use perlxs::{Hash, HashView, Perl};
use std::ffi::CStr;
use virt::sys;

/// A hash of `params`.
pub fn to_hash(p: Perl, params: &[sys::virTypedParameter]) -> Hash {
    let mut h = p.hash();
    for tp in params {
        // SAFETY: field is a NUL-terminated array inside the parameter.
        let key = unsafe { CStr::from_ptr(tp.field.as_ptr()) };
        let key = String::from_utf8_lossy(key.to_bytes());
        // SAFETY: the union member read is the one type_ names.
        let v = unsafe {
            match tp.type_ as u32 {
                sys::VIR_TYPED_PARAM_INT => p.int(tp.value.i as i64),
                sys::VIR_TYPED_PARAM_UINT => p.uint(tp.value.ui as u64),
                sys::VIR_TYPED_PARAM_LLONG => p.int(tp.value.l),
                sys::VIR_TYPED_PARAM_ULLONG => p.uint(tp.value.ul),
                sys::VIR_TYPED_PARAM_DOUBLE => p.num(tp.value.d),
                sys::VIR_TYPED_PARAM_BOOLEAN => p.int(tp.value.b as i64),
                sys::VIR_TYPED_PARAM_STRING => {
                    if tp.value.s.is_null() {
                        p.str(b"")
                    } else {
                        p.str(CStr::from_ptr(tp.value.s).to_bytes())
                    }
                }
                _ => continue,
            }
        };
        h.store(&key, v);
    }
    h
}

/// Overwrites the numeric values of `params` with those the caller's hash has for the same
/// field names; other fields (and string fields) keep their current values.
pub fn update_from_hash(params: &mut [sys::virTypedParameter], h: &HashView) {
    for tp in params.iter_mut() {
        // SAFETY: field is a NUL-terminated array inside the parameter.
        let key = unsafe { CStr::from_ptr(tp.field.as_ptr()) }
            .to_bytes()
            .to_vec();
        let Some(v) = h.get(&key) else { continue };
        match tp.type_ as u32 {
            sys::VIR_TYPED_PARAM_INT => tp.value.i = v.iv() as i32,
            sys::VIR_TYPED_PARAM_UINT => tp.value.ui = v.uv() as u32,
            sys::VIR_TYPED_PARAM_LLONG => tp.value.l = v.iv(),
            sys::VIR_TYPED_PARAM_ULLONG => tp.value.ul = v.uv(),
            sys::VIR_TYPED_PARAM_DOUBLE => tp.value.d = v.nv(),
            sys::VIR_TYPED_PARAM_BOOLEAN => tp.value.b = v.truth() as libc::c_char,
            _ => {}
        }
    }
}
