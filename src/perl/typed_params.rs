//! libvirt's typed parameter lists (`virTypedParameter`) to and from Perl hashes, as the
//! reference converts them: each field's name is a key, its value a number or a string.
//!
//! A hash given by the caller is read the way the reference reads it: the fields libvirt
//! reported are kept only where the hash `exists` them (all asked first), then each kept
//! value is fetched and converted by the type libvirt reported. Reading a tied hash runs
//! Perl code, which may die: every list built from one lives in scratch memory owned by a
//! mortal scalar, and string values are mortal copies, so such a die loses nothing.

use perlxs::{Call, Fail, Hash, HashView, Perl};
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

/// A copy of `params` in scratch memory, with string values cleared (they stay libvirt's,
/// for the caller to free before any Perl code runs).
pub fn scratch_copy<'a>(
    p: Perl,
    params: &[sys::virTypedParameter],
) -> &'a mut [sys::virTypedParameter] {
    let copy = p.scratch::<sys::virTypedParameter>(params.len());
    copy.copy_from_slice(params);
    for tp in copy.iter_mut() {
        if tp.type_ as u32 == sys::VIR_TYPED_PARAM_STRING {
            tp.value.s = std::ptr::null_mut();
        }
    }
    copy
}

/// Keeps the fields of `params` (a scratch list, see [`scratch_copy`]) that the caller's hash
/// has, in their order, with the hash's values converted by each field's type; returns the
/// kept prefix. Every key is asked with `exists` before any value is fetched, as in the
/// reference. A string value with a NUL byte is refused.
pub fn update_from_hash<'a>(
    call: &Call,
    params: &'a mut [sys::virTypedParameter],
    h: &HashView,
) -> Result<&'a mut [sys::virTypedParameter], Fail> {
    let mut kept = 0;
    for i in 0..params.len() {
        if h.exists(field(&params[i])) {
            params.swap(kept, i);
            kept += 1;
        }
    }
    let params = &mut params[..kept];
    for tp in params.iter_mut() {
        let Some(v) = h.fetch(field(tp)) else {
            continue;
        };
        match tp.type_ as u32 {
            sys::VIR_TYPED_PARAM_INT => tp.value.i = v.iv() as i32,
            sys::VIR_TYPED_PARAM_UINT => tp.value.ui = v.iv() as u32,
            sys::VIR_TYPED_PARAM_LLONG => tp.value.l = v.iv(),
            sys::VIR_TYPED_PARAM_ULLONG => tp.value.ul = v.uv(),
            sys::VIR_TYPED_PARAM_DOUBLE => tp.value.d = v.nv(),
            sys::VIR_TYPED_PARAM_BOOLEAN => tp.value.b = v.iv() as libc::c_char,
            sys::VIR_TYPED_PARAM_STRING => match v.cstr_copy() {
                Some(s) => tp.value.s = s.as_ptr() as *mut libc::c_char,
                None => {
                    return Err(Fail::Message(format!(
                        "{}() -- the value of {} contains a NUL byte, which libvirt cannot take in a string",
                        call.sub_name(),
                        String::from_utf8_lossy(field(tp))
                    )))
                }
            },
            _ => {}
        }
    }
    Ok(params)
}

/// A parameter's field name, without its NUL.
fn field(tp: &sys::virTypedParameter) -> &[u8] {
    // SAFETY: c_char and u8 have the same layout; the array is libvirt's fixed-size field.
    let bytes =
        unsafe { std::slice::from_raw_parts(tp.field.as_ptr() as *const u8, tp.field.len()) };
    let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    &bytes[..len]
}
