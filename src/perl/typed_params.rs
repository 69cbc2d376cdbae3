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
        if let Some(v) = value(p, tp) {
            h.store(&name(tp), v);
        }
    }
    h
}

/// A parameter's name, as a hash key.
pub fn name(tp: &sys::virTypedParameter) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(field(tp))
}

/// A parameter's value as Perl sees it, by its type; `None` for a type libvirt does not
/// define (such as an entry libvirt left unfilled).
pub fn value(p: Perl, tp: &sys::virTypedParameter) -> Option<perlxs::Owned> {
    // SAFETY: the union member read is the one type_ names.
    unsafe {
        Some(match tp.type_ as u32 {
            sys::VIR_TYPED_PARAM_INT => p.int(tp.value.i as i64),
            // As the reference: an unsigned int shown as a C int (4294967291 reads as -5).
            sys::VIR_TYPED_PARAM_UINT => p.int(tp.value.ui as i32 as i64),
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
            _ => return None,
        })
    }
}

/// Keeps the fields of `params` (a list in scratch memory, without strings of libvirt's) that the caller's hash
/// has, in their order, with the hash's values converted by each field's type; returns the
/// kept prefix. Every key is asked with `exists` before any value is fetched, as in the
/// reference. A string value with a NUL byte is refused.
pub fn update_from_hash<'a>(
    call: &Call,
    params: &'a mut [sys::virTypedParameter],
    h: &HashView,
) -> Result<&'a mut [sys::virTypedParameter], Fail> {
    update_named(&|| call.sub_name(), params, h)
}

/// [`update_from_hash`], with the method's name for a refusal.
pub fn update_named<'a>(
    who: &dyn Fn() -> String,
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
                        who(),
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
    super::rows::c_chars(&tp.field)
}

/// The caller's hash argument `i`, or the reference's `die` for anything else.
pub fn hash_arg(call: &Call, i: usize, name: &str) -> Result<HashView, Fail> {
    call.hash_arg(i).ok_or_else(|| {
        Fail::Message(format!(
            "{}: {} is not a HASH reference",
            call.sub_name(),
            name
        ))
    })
}

/// A field of a parameter list whose fields the reference fixes (see [`from_fields`]).
pub type Field = (&'static CStr, u32);

/// The list the reference builds for calls that take typed parameters from a hash without
/// reading current values first: one entry per field in `fields` that the hash has, in that
/// order, typed as given.
pub fn from_fields<'a>(
    call: &Call,
    h: &HashView,
    fields: &[Field],
) -> Result<&'a mut [sys::virTypedParameter], Fail> {
    let list = call.perl().scratch::<sys::virTypedParameter>(fields.len());
    for (tp, &(name, ty)) in list.iter_mut().zip(fields) {
        crate::libvirt::params::set_field(tp, name);
        tp.type_ = ty as libc::c_int;
    }
    update_from_hash(call, list, h)
}

/// `params` followed by one string entry named `key` per element of the array the hash has
/// under `key` (a list-valued field such as the disks to migrate), as the reference adds
/// them. A value that is not an array reference is refused (the reference would crash).
pub fn with_string_list<'a>(
    call: &Call,
    params: &'a mut [sys::virTypedParameter],
    h: &HashView,
    key: &'static CStr,
) -> Result<&'a mut [sys::virTypedParameter], Fail> {
    let Some(v) = h.get(key.to_bytes()) else {
        return Ok(params);
    };
    let Some(av) = v.array() else {
        return Err(Fail::Message(format!(
            "{}() -- the value of {} is not an ARRAY reference",
            call.sub_name(),
            key.to_string_lossy()
        )));
    };
    let n = av.len();
    let list = call
        .perl()
        .scratch::<sys::virTypedParameter>(params.len() + n);
    list[..params.len()].copy_from_slice(params);
    for (j, tp) in list[params.len()..].iter_mut().enumerate() {
        crate::libvirt::params::set_field(tp, key);
        tp.type_ = sys::VIR_TYPED_PARAM_STRING as libc::c_int;
        let s = match av.get(j) {
            Some(e) => e.cstr_copy(),
            None => Some(c""),
        };
        let Some(s) = s else {
            return Err(Fail::Message(format!(
                "{}() -- an element of {} contains a NUL byte, which libvirt cannot take in a string",
                call.sub_name(),
                key.to_string_lossy()
            )));
        };
        tp.value.s = s.as_ptr() as *mut libc::c_char;
    }
    Ok(list)
}

// --- lists of their own, for methods in phases (src/perl/declare.rs) ----------------------

use crate::libvirt::params::{NewParams, Params};

/// A hash of a list libvirt filled in.
pub fn hash_of(p: Perl, params: &Params) -> Hash {
    to_hash(p, params.as_slice())
}

/// The caller's hash read against `current` (the current list's names and types, as
/// libvirt reported them; its strings are freed first), as [`update_from_hash`] reads it, into a list of its own. The
/// template is copied into scratch memory and dropped before the hash is read, and the list
/// is made only once every value is read: a `die` in the caller's code (a tied FETCH) loses
/// nothing. `who` names the method in a refusal.
pub fn update(p: Perl, who: &str, current: Params, h: &HashView) -> Result<NewParams, Fail> {
    let template = current.into_template();
    let scratch = p.scratch::<sys::virTypedParameter>(template.len());
    scratch.copy_from_slice(&template);
    drop(template);
    let kept = update_named(&|| who.to_string(), scratch, h)?;
    Ok(NewParams::copied(kept))
}

/// The list for calls that take typed parameters from a hash without reading current
/// values first (see [`from_fields`]), as a list of its own.
pub fn from_fields_owned(
    p: Perl,
    who: &str,
    h: &HashView,
    fields: &[Field],
) -> Result<NewParams, Fail> {
    let list = p.scratch::<sys::virTypedParameter>(fields.len());
    for (tp, &(name, ty)) in list.iter_mut().zip(fields) {
        crate::libvirt::params::set_field(tp, name);
        tp.type_ = ty as libc::c_int;
    }
    Ok(NewParams::copied(update_named(
        &|| who.to_string(),
        list,
        h,
    )?))
}
