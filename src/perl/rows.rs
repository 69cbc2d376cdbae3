//! The method tables: one row per regular method, and the shapes every row is made of.
//!
//! A row reads like the C prototype it wraps:
//!
//! ```text
//! fn update(net: NETWORK, command: uint, section: uint, parentIndex: int, xml: str,
//!           flags: uint = 0) -> done: virNetworkUpdate(net, command, section, parentIndex, xml, flags);
//! ```
//!
//! * The Perl name is the row's name; the package is the table's. The parameter names are
//!   the reference's (they appear in its usage message, `Usage: Sys::Virt::Network::update(net,
//!   command, section, parentIndex, xml, flags=0)`), and the prototype follows from them:
//!   one `$` per parameter, `;` before the first one with a default (`$$$$$;$`).
//! * A parameter's kind says how its Perl value becomes a C value: `str` (a C string, a NUL
//!   byte refused), `opt_str` (`undef` is NULL), `int`, `uint` (truncated to 32 bits, as the
//!   reference's typemap does), `ulong` (`SvUV`, a C `unsigned long`), `ullong_sv` and `llong_sv` (64-bit numbers, which the
//!   reference takes as plain scalars and reads in its body), `uuid` (16 raw bytes),
//!   or the handle kind of an object
//!   (`NETWORK`; `strict NETWORK` where the reference would dereference a non-object blindly).
//! * The arguments are converted in xsubpp's order, which is observable through warnings and
//!   tied values: plain parameters first, then objects, then parameters with defaults, then
//!   the `opt_str` ones (plain scalars in the reference, read in its body), each group in the
//!   order written. That order lives here once ([`methods!`]'s four passes).
//! * After the colon comes the libvirt call, checked by rustc against `virt::sys`'s
//!   prototype. `A(.., flags) if flags else B(..)` calls the flags variant only when flags
//!   are not 0, as the reference does for calls that older libvirts lacked.
//! * The shape after `->` says what the call returns and how Perl gets it: `done` (0 or -1,
//!   nothing returned), `int`, `raw_int` (an int, -1 too, not checked), `owned_str`,
//!   `owned_str_or_undef` (NULL is `undef`, not an error) (freed after the copy), `borrowed_str`,
//!   `object(KIND)`, `objects(KIND, out)` (a list libvirt allocates), `names(out, max,
//!   count(..))`, `uuid(out)`, `uuid_string(out)`, `int_out(out)`, `ulong_out(out)` and
//!   `ullong_out(out)` (a number written through a pointer), `owned_str_out(out)` (a string
//!   written through a pointer, the caller's to free), `ulong_nonzero` (0 is failure), and `fields(out: Struct; field, field as "key", ...)`
//!   (a struct returned as a hash of some of its fields).
//!   Names in a shape's parentheses are the out pointers the call is written with.
//!
//! Every row goes through [`perlxs::Call`], which holds what a call reads while other
//! arguments' Perl code runs (tied values, overloading, `__WARN__` handlers): objects stay
//! alive and strings are copied in such calls, so no row needs to think about it.

use super::{die_with, OrDie};
use crate::libvirt::error::{check_neg, check_null};
use crate::libvirt::{Error, LvString};
use perlxs::{Call, Fail, Handle, HandleKind, Obj};
use std::ffi::CStr;

/// How a converted argument is handed to C.
pub trait CArg {
    type C;
    fn c(&self) -> Self::C;
}

impl CArg for &CStr {
    type C = *const libc::c_char;
    #[inline(always)]
    fn c(&self) -> Self::C {
        self.as_ptr()
    }
}

impl CArg for Option<&CStr> {
    type C = *const libc::c_char;
    #[inline(always)]
    fn c(&self) -> Self::C {
        self.map_or(std::ptr::null(), |s| s.as_ptr())
    }
}

impl<P: Handle> CArg for Obj<'_, P> {
    type C = P;
    #[inline(always)]
    fn c(&self) -> P {
        self.ptr()
    }
}

impl CArg for std::ffi::CString {
    type C = *const libc::c_char;
    #[inline(always)]
    fn c(&self) -> Self::C {
        self.as_ptr()
    }
}

impl CArg for Option<std::ffi::CString> {
    type C = *const libc::c_char;
    #[inline(always)]
    fn c(&self) -> Self::C {
        self.as_ref().map_or(std::ptr::null(), |s| s.as_ptr())
    }
}

/// A raw UUID argument: at least 16 bytes (libvirt reads 16).
pub struct RawUuid<'a>(&'a [u8]);

impl RawUuid<'_> {
    /// The 16 bytes libvirt reads, as a value of their own (for the async form).
    pub fn owned(&self) -> OwnedUuid {
        let mut b = [0u8; 16];
        b.copy_from_slice(&self.0[..16]);
        OwnedUuid(b)
    }
}

/// A raw UUID copied out of its Perl string.
pub struct OwnedUuid([u8; 16]);

impl CArg for OwnedUuid {
    type C = *const libc::c_uchar;
    #[inline(always)]
    fn c(&self) -> Self::C {
        self.0.as_ptr()
    }
}

impl CArg for RawUuid<'_> {
    type C = *const libc::c_uchar;
    #[inline(always)]
    fn c(&self) -> Self::C {
        self.0.as_ptr()
    }
}

macro_rules! identity_carg {
    ($($t:ty),*) => { $(
        impl CArg for $t {
            type C = $t;
            #[inline(always)]
            fn c(&self) -> $t { *self }
        }
    )* };
}
identity_carg!(i32, u32, i64, u64, usize);

impl<T> CArg for *mut T {
    type C = *mut T;
    #[inline(always)]
    fn c(&self) -> *mut T {
        *self
    }
}

impl<T> CArg for *const T {
    type C = *const T;
    #[inline(always)]
    fn c(&self) -> *const T {
        *self
    }
}

// ---- argument conversions (one per kind) -------------------------------------------------

/// A C string; a NUL byte inside is refused, naming the parameter.
#[inline(always)]
pub fn arg_str<'a>(call: &'a Call, i: usize, name: &str) -> Result<&'a CStr, Fail> {
    call.cstr(i, name)
}

/// A C string or NULL (for `undef`, or an absent defaulted parameter).
#[inline(always)]
pub fn arg_opt_str<'a>(call: &'a Call, i: usize, name: &str) -> Result<Option<&'a CStr>, Fail> {
    call.opt_cstr(i, name)
}

/// A C `int` (`SvIV`, truncated as C truncates).
#[inline(always)]
pub fn arg_int(call: &Call, i: usize) -> i32 {
    call.iv(i) as i32
}

/// A C `long long` (`SvIV`, the reference's conversion for 64-bit numbers on a 64-bit perl;
/// an `unsigned long long` takes the same bits).
#[inline(always)]
pub fn arg_llong(call: &Call, i: usize) -> i64 {
    call.iv(i)
}

/// A C `unsigned int` (`SvUV`, low 32 bits).
#[inline(always)]
pub fn arg_uint(call: &Call, i: usize) -> u32 {
    call.flags(i)
}

/// 16 raw bytes. A shorter string is refused (the reference reads past its end).
#[inline]
pub fn arg_uuid<'a>(call: &'a Call, i: usize) -> Result<RawUuid<'a>, Fail> {
    let bytes = call.bytes(i);
    if bytes.len() < 16 {
        return Err(Fail::Message(format!(
            "{}() -- uuid must be 16 bytes, got {}",
            call.sub_name(),
            bytes.len()
        )));
    }
    Ok(RawUuid(bytes))
}

// ---- result shapes -----------------------------------------------------------------------

/// 0 on success; nothing is returned.
#[inline(always)]
pub fn done(call: &mut Call, r: libc::c_int) -> Result<(), Fail> {
    check_neg(r).or_die(call.perl())?;
    Ok(())
}

/// A non-negative int (a count, a predicate, an id).
#[inline(always)]
pub fn int(call: &mut Call, r: libc::c_int) -> Result<(), Fail> {
    let p = call.perl();
    let v = check_neg(r).or_die(p)?;
    call.ret_int(v as i64);
    Ok(())
}

/// An int returned as it is, -1 included (where the reference does not check for failure).
#[inline(always)]
pub fn raw_int(call: &mut Call, r: libc::c_int) -> Result<(), Fail> {
    call.ret_int(r as i64);
    Ok(())
}

/// A string the caller frees (copied once, then freed).
#[inline(always)]
pub fn owned_str(call: &mut Call, r: *mut libc::c_char) -> Result<(), Fail> {
    // SAFETY: the result of a libvirt call that hands over a malloc'ed string (or NULL).
    match unsafe { LvString::from_raw(r) } {
        Some(s) => {
            call.ret_str(s.to_bytes());
            Ok(())
        }
        None => Err(die_with(call.perl(), &Error::last())),
    }
}

/// A string the caller frees, or `undef` (not an error) where libvirt gives none: where the
/// reference returns the C string as it is, unchecked.
#[inline(always)]
pub fn owned_str_or_undef(call: &mut Call, r: *mut libc::c_char) -> Result<(), Fail> {
    // SAFETY: the result of a libvirt call that hands over a malloc'ed string (or NULL).
    match unsafe { LvString::from_raw(r) } {
        Some(s) => call.ret_str(s.to_bytes()),
        None => call.ret_undef(),
    }
    Ok(())
}

/// A string that belongs to the object (copied, not freed).
#[inline(always)]
pub fn borrowed_str(call: &mut Call, r: *const libc::c_char) -> Result<(), Fail> {
    let r = check_null(r as *mut libc::c_char).or_die(call.perl())?;
    // SAFETY: a NUL-terminated string owned by a handle that lives for the call.
    call.ret_str(unsafe { CStr::from_ptr(r) }.to_bytes());
    Ok(())
}

/// A new handle (a lookup or a creation): an object of `kind` owning its reference.
#[inline]
pub fn object<P: Handle>(call: &mut Call, kind: &'static HandleKind<P>, r: P) -> Result<(), Fail> {
    let p = call.perl();
    let r = P::from_raw(check_null(r.into_raw()).or_die(p)?);
    // SAFETY: a handle of `kind` that the libvirt call handed over with one reference.
    unsafe { call.ret_object(&p.objects(kind), r) };
    Ok(())
}

/// A string libvirt wrote through a pointer for the caller to free (`char **result`), with
/// a result that is -1 on failure; a NULL string is `undef`. The string is freed after the
/// copy, and on failure too.
#[inline]
pub fn owned_str_out(call: &mut Call, r: libc::c_int, s: *mut libc::c_char) -> Result<(), Fail> {
    // SAFETY: NULL or a malloc'ed string libvirt handed over; LvString frees it.
    let s = unsafe { LvString::from_raw(s) };
    check_neg(r).or_die(call.perl())?;
    match s {
        Some(s) => call.ret_str(s.to_bytes()),
        None => call.ret_undef(),
    }
    Ok(())
}

/// The 16 raw bytes libvirt wrote.
#[inline(always)]
pub fn uuid(call: &mut Call, r: libc::c_int, buf: &[u8; 16]) -> Result<(), Fail> {
    let p = call.perl();
    check_neg(r).or_die(p)?;
    call.ret(p.str(buf));
    Ok(())
}

/// The printable UUID libvirt wrote.
#[inline(always)]
pub fn uuid_string(call: &mut Call, r: libc::c_int, buf: &[libc::c_char; 37]) -> Result<(), Fail> {
    let p = call.perl();
    check_neg(r).or_die(p)?;
    // SAFETY: libvirt wrote a NUL-terminated string into the buffer.
    call.ret(p.str(unsafe { CStr::from_ptr(buf.as_ptr()) }.to_bytes()));
    Ok(())
}

/// An int libvirt wrote through a pointer.
#[inline(always)]
pub fn int_out(call: &mut Call, r: libc::c_int, v: libc::c_int) -> Result<(), Fail> {
    let p = call.perl();
    check_neg(r).or_die(p)?;
    call.ret_int(v as i64);
    Ok(())
}

/// An unsigned long libvirt wrote through a pointer (a version number).
#[inline(always)]
pub fn ulong_out(call: &mut Call, r: libc::c_int, v: libc::c_ulong) -> Result<(), Fail> {
    let p = call.perl();
    check_neg(r).or_die(p)?;
    call.ret_uint(v as u64);
    Ok(())
}

/// An unsigned long result where 0 means failure (`virDomainGetMaxMemory`).
#[inline]
pub fn ulong_nonzero(call: &mut Call, r: libc::c_ulong) -> Result<(), Fail> {
    let p = call.perl();
    if r == 0 {
        return Err(die_with(p, &Error::last()));
    }
    call.ret(p.uint(r as u64));
    Ok(())
}

/// A list of handles that libvirt allocates (`vir*ListAll*`): the array, filled by the call.
pub struct ObjectList<P: 'static> {
    kind: &'static HandleKind<P>,
    arr: *mut P,
}

impl<P: Handle> ObjectList<P> {
    #[inline]
    pub fn new(kind: &'static HandleKind<P>) -> Self {
        ObjectList {
            kind,
            arr: std::ptr::null_mut(),
        }
    }

    /// Where libvirt stores the array.
    #[inline]
    pub fn out(&mut self) -> *mut *mut P {
        &mut self.arr
    }

    /// Returns the `r` handles as objects (each owning its reference), or dies on -1.
    #[inline]
    pub fn ret(self, call: &mut Call, r: libc::c_int) -> Result<(), Fail> {
        let p = call.perl();
        let n = check_neg(r).or_die(p)?;
        let objects = p.objects(self.kind);
        // SAFETY: libvirt filled the array with n handles of the kind, each carrying a
        // reference that moves into its object; the array itself is libvirt's malloc'ed
        // block (or NULL), freed once they have.
        unsafe {
            call.ret_objects(&objects, crate::libvirt::array_slice(self.arr, n as usize));
            libc::free(self.arr as *mut libc::c_void);
        }
        Ok(())
    }
}

impl<P: Handle> ObjectList<P> {
    /// The `r` handles, each with its reference, for the async form (the array is freed).
    pub fn into_held(self, r: libc::c_int) -> Result<Vec<crate::perl::r#async::Held<P>>, Error> {
        let n = check_neg(r)?;
        // SAFETY: as in `ret`: n handles of the kind, each reference taken over once; then
        // libvirt's array.
        unsafe {
            let list = crate::libvirt::array_slice(self.arr, n as usize)
                .iter()
                .map(|&h| crate::perl::r#async::Held::adopt(self.kind, h))
                .collect();
            libc::free(self.arr as *mut libc::c_void);
            Ok(list)
        }
    }
}

/// A struct of plain C data (numbers and char arrays) moved to the Perl thread.
pub struct SendFields<T>(pub T);
// SAFETY: only used for libvirt's info structs, which hold no pointers.
unsafe impl<T> Send for SendFields<T> {}

/// The names a `vir*List*` call writes into a caller's array of `max` entries (each one the
/// caller's to free). A large `max` is cut to how many exist (`count` asks libvirt), so it
/// cannot make us allocate gigabytes; a negative one goes to libvirt, which refuses it (the
/// reference dies of "Out of memory!" there, uncatchably).
pub struct NameList {
    names: Vec<*mut libc::c_char>,
    max: libc::c_int,
}

impl NameList {
    #[inline]
    pub fn new(
        call: &Call,
        max: libc::c_int,
        count: impl FnOnce() -> libc::c_int,
    ) -> Result<Self, Fail> {
        let max = room_for(max, count).or_die(call.perl())?;
        Ok(NameList {
            names: vec![std::ptr::null_mut(); max.max(0) as usize],
            max,
        })
    }

    /// As `new`, without Perl (for the async form, on a worker).
    #[inline]
    pub fn sized(max: libc::c_int, count: impl FnOnce() -> libc::c_int) -> Result<Self, Error> {
        let max = room_for(max, count)?;
        Ok(NameList {
            names: vec![std::ptr::null_mut(); max.max(0) as usize],
            max,
        })
    }

    /// The `r` names as bytes, each freed (for the async form).
    pub fn into_strings(self, r: libc::c_int) -> Result<Vec<Vec<u8>>, Error> {
        let n = (check_neg(r)? as usize).min(self.names.len());
        Ok(self.names[..n]
            .iter()
            // SAFETY: a malloc'ed string from libvirt; LvString frees it.
            .filter_map(|&name| unsafe { LvString::from_raw(name) })
            .map(|s| s.to_bytes().to_vec())
            .collect())
    }

    #[inline]
    pub fn out(&mut self) -> *mut *mut libc::c_char {
        self.names.as_mut_ptr()
    }

    /// How many entries the call may write (what the row passes as its maximum).
    #[inline]
    pub fn max(&self) -> libc::c_int {
        self.max
    }

    #[inline]
    pub fn ret(self, call: &mut Call, r: libc::c_int) -> Result<(), Fail> {
        let p = call.perl();
        // libvirt may report more names than there was room for (the test driver reports
        // how many exist): only the entries it could have written are read.
        let n = (check_neg(r).or_die(p)? as usize).min(self.names.len());
        call.reserve(n);
        for &name in &self.names[..n] {
            // SAFETY: a malloc'ed string from libvirt; LvString frees it.
            if let Some(s) = unsafe { LvString::from_raw(name) } {
                call.ret(p.str(s.to_bytes()));
            }
        }
        Ok(())
    }
}

/// How many entries to make room for when the caller allows `max`.
pub fn room_for(
    max: libc::c_int,
    count: impl FnOnce() -> libc::c_int,
) -> Result<libc::c_int, Error> {
    const SMALL: libc::c_int = 4096;
    if max <= SMALL {
        return Ok(max);
    }
    Ok(max.min(check_neg(count())?))
}

/// A struct libvirt fills in, returned as a hash of some of its fields.
pub struct Fields<T> {
    pub value: T,
}

impl<T> Fields<T> {
    /// An all-zero struct for libvirt to fill.
    ///
    /// # Safety
    /// `T` must be plain C data for which all-zero bytes are a valid value.
    #[inline]
    pub unsafe fn zeroed() -> Self {
        // SAFETY: the caller's promise.
        Fields {
            value: unsafe { std::mem::zeroed() },
        }
    }
}

/// A field's value in a [`Fields`] hash.
pub trait FieldValue {
    fn to_perl(&self, p: perlxs::Perl) -> perlxs::Owned;
}

macro_rules! field_values {
    ($($t:ty => $make:ident),* $(,)?) => { $(
        impl FieldValue for $t {
            #[inline]
            fn to_perl(&self, p: perlxs::Perl) -> perlxs::Owned { p.$make(*self as _) }
        }
    )* };
}
field_values!(i8 => int, i32 => int, i64 => int, u8 => uint, u16 => uint, u32 => uint,
              u64 => uint, f64 => num);

impl<const N: usize> FieldValue for [libc::c_char; N] {
    fn to_perl(&self, p: perlxs::Perl) -> perlxs::Owned {
        p.str(c_chars(self))
    }
}

/// The bytes of a fixed-size C char array (a struct's name field), up to its first NUL.
pub fn c_chars(field: &[libc::c_char]) -> &[u8] {
    // SAFETY: c_char and u8 have the same layout.
    let bytes = unsafe { std::slice::from_raw_parts(field.as_ptr() as *const u8, field.len()) };
    &bytes[..bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len())]
}

/// The die for an argument the reference uses as an array reference without checking (it
/// crashes there).
pub fn not_array(call: &Call, name: &str) -> Fail {
    Fail::Message(format!(
        "{}() -- {} is not an ARRAY reference",
        call.sub_name(),
        name
    ))
}

/// Counts 1 for a parameter without a default, 0 for one with.
#[macro_export]
#[doc(hidden)]
macro_rules! __row_required {
    () => {
        1
    };
    ($d:tt) => {
        0
    };
}

/// Counts 1 for a parameter with a default, 0 for one without.
#[macro_export]
#[doc(hidden)]
macro_rules! __row_optional {
    () => {
        0
    };
    ($d:tt) => {
        1
    };
}

/// One parameter's text in the usage message: `name` or `name=default`.
#[macro_export]
#[doc(hidden)]
macro_rules! __row_usage {
    ($n:ident $k:ident $($k2:ident)?) => {
        stringify!($n)
    };
    ($n:ident opt_str = undef) => {
        concat!(stringify!($n), "=&PL_sv_undef")
    };
    ($n:ident sv = undef) => {
        concat!(stringify!($n), "=&PL_sv_undef")
    };
    ($n:ident $k:ident = $d:tt) => {
        concat!(stringify!($n), "=", stringify!($d))
    };
}

/// Pass 1 of the conversions: parameters of a plain kind, without a default.
#[macro_export]
#[doc(hidden)]
macro_rules! __row_plain {
    ($call:ident $i:ident $n:ident str) => {
        let $n = $crate::perl::rows::arg_str($call, $i, stringify!($n))?;
    };
    ($call:ident $i:ident $n:ident int) => {
        let $n = $crate::perl::rows::arg_int($call, $i);
    };
    ($call:ident $i:ident $n:ident uint) => {
        let $n = $crate::perl::rows::arg_uint($call, $i);
    };
    ($call:ident $i:ident $n:ident ulong) => {
        let $n = $call.uv($i) as ::libc::c_ulong;
    };
    ($call:ident $i:ident $n:ident uuid) => {
        let $n = $crate::perl::rows::arg_uuid($call, $i)?;
    };
    // objects (pass 2) and defaulted parameters (pass 3)
    ($call:ident $i:ident $n:ident $($rest:tt)*) => {};
}

/// Pass 2: objects, without a default.
#[macro_export]
#[doc(hidden)]
macro_rules! __row_object {
    ($call:ident $i:ident $n:ident str) => {};
    ($call:ident $i:ident $n:ident opt_str $($rest:tt)*) => {};
    ($call:ident $i:ident $n:ident int) => {};
    ($call:ident $i:ident $n:ident uint) => {};
    ($call:ident $i:ident $n:ident ulong) => {};
    ($call:ident $i:ident $n:ident uuid) => {};
    ($call:ident $i:ident $n:ident ullong_sv) => {};
    ($call:ident $i:ident $n:ident llong_sv) => {};
    ($call:ident $i:ident $n:ident sv) => {};
    ($call:ident $i:ident $n:ident strict $kind:ident) => {
        let $n = $call.object_strict($i, &$kind, stringify!($n))?;
    };
    ($call:ident $i:ident $n:ident $kind:ident) => {
        let $n = $call.object_as($i, &$kind, stringify!($n))?;
    };
    ($call:ident $i:ident $n:ident $($rest:tt)*) => {};
}

/// Pass 4: strings that may be `undef`, which the reference takes as plain scalars and
/// reads in its body, after every typemap conversion.
#[macro_export]
#[doc(hidden)]
macro_rules! __row_body {
    ($call:ident $i:ident $n:ident opt_str $(= undef)?) => {
        let $n = $crate::perl::rows::arg_opt_str($call, $i, stringify!($n))?;
    };
    ($call:ident $i:ident $n:ident ullong_sv) => {
        let $n = $crate::perl::rows::arg_llong($call, $i) as u64;
    };
    ($call:ident $i:ident $n:ident llong_sv) => {
        let $n = $crate::perl::rows::arg_llong($call, $i);
    };
    ($call:ident $i:ident $n:ident $($rest:tt)*) => {};
}

/// Pass 3: parameters with a default (absent: the default).
#[macro_export]
#[doc(hidden)]
macro_rules! __row_defaulted {
    ($call:ident $i:ident $n:ident uint = $d:tt) => {
        let $n: u32 = if $i < $call.items() {
            $crate::perl::rows::arg_uint($call, $i)
        } else {
            $d
        };
    };
    ($call:ident $i:ident $n:ident int = $d:tt) => {
        let $n: i32 = if $i < $call.items() {
            $crate::perl::rows::arg_int($call, $i)
        } else {
            $d
        };
    };
    ($call:ident $i:ident $n:ident $($rest:tt)*) => {};
}

/// A field's hash key: its name, or the name given with `as`.
#[macro_export]
#[doc(hidden)]
macro_rules! __row_key {
    ($f:ident) => {
        stringify!($f)
    };
    ($f:ident $key:literal) => {
        $key
    };
}

/// The libvirt call: one function, or the flags / no-flags pair.
#[macro_export]
#[doc(hidden)]
macro_rules! __row_call {
    ($f1:ident $a1:tt if $flags:ident else $f2:ident $a2:tt) => {
        if $flags != 0 {
            $crate::__row_call!($f1 $a1)
        } else {
            $crate::__row_call!($f2 $a2)
        }
    };
    ($f:ident ( $($a:expr),* )) => {
        $crate::libvirt::api::$f($($crate::perl::rows::CArg::c(&$a)),*)
    };
}

/// What a shape prepares before the call (its out pointers), then what it makes of the
/// result.
#[macro_export]
#[doc(hidden)]
macro_rules! __row_shape {
    (@pre $call:ident $st:ident done) => {};
    (@pre $call:ident $st:ident int) => {};
    (@pre $call:ident $st:ident raw_int) => {};
    (@pre $call:ident $st:ident owned_str) => {};
    (@pre $call:ident $st:ident owned_str_or_undef) => {};
    (@pre $call:ident $st:ident borrowed_str) => {};
    (@pre $call:ident $st:ident object($kind:ident)) => {};
    (@pre $call:ident $st:ident uuid($out:ident)) => {
        let mut $st = [0u8; 16];
        let $out: *mut u8 = $st.as_mut_ptr();
    };
    (@pre $call:ident $st:ident uuid_string($out:ident)) => {
        let mut $st = [0 as ::libc::c_char; 37];
        let $out: *mut ::libc::c_char = $st.as_mut_ptr();
    };
    (@pre $call:ident $st:ident int_out($out:ident)) => {
        let mut $st: ::libc::c_int = 0;
        let $out: *mut ::libc::c_int = &mut $st;
    };
    (@pre $call:ident $st:ident ulong_out($out:ident)) => {
        let mut $st: ::libc::c_ulong = 0;
        let $out: *mut ::libc::c_ulong = &mut $st;
    };
    (@pre $call:ident $st:ident ullong_out($out:ident)) => {
        let mut $st: ::libc::c_ulonglong = 0;
        let $out: *mut ::libc::c_ulonglong = &mut $st;
    };
    (@pre $call:ident $st:ident owned_str_out($out:ident)) => {
        let mut $st: *mut ::libc::c_char = ::std::ptr::null_mut();
        let $out: *mut *mut ::libc::c_char = &mut $st;
    };
    (@pre $call:ident $st:ident ulong_nonzero) => {};
    (@pre $call:ident $st:ident objects($kind:ident, $out:ident)) => {
        let mut $st = $crate::perl::rows::ObjectList::new(&$kind);
        let $out = $st.out();
    };
    (@pre $call:ident $st:ident names($out:ident, $max:ident, $cf:ident ( $($ca:expr),* ))) => {
        let mut $st = $crate::perl::rows::NameList::new($call, $max, || {
            // SAFETY: the count call that goes with the list call, on the same live handle.
            unsafe { $crate::__row_call!($cf($($ca),*)) }
        })?;
        let $out = $st.out();
        let $max = $st.max();
    };
    (@pre $call:ident $st:ident fields($out:ident : $t:ty; $($f:ident $(as $key:literal)?),*)) => {
        // SAFETY: libvirt's info structs are plain C data (numbers and char arrays).
        let mut $st = unsafe { $crate::perl::rows::Fields::<$t>::zeroed() };
        let $out: *mut $t = &mut $st.value;
    };

    (@post $call:ident $r:ident $st:ident done) => { $crate::perl::rows::done($call, $r) };
    (@post $call:ident $r:ident $st:ident int) => { $crate::perl::rows::int($call, $r) };
    (@post $call:ident $r:ident $st:ident raw_int) => { $crate::perl::rows::raw_int($call, $r) };
    (@post $call:ident $r:ident $st:ident owned_str) => { $crate::perl::rows::owned_str($call, $r) };
    (@post $call:ident $r:ident $st:ident owned_str_or_undef) => {
        $crate::perl::rows::owned_str_or_undef($call, $r)
    };
    (@post $call:ident $r:ident $st:ident borrowed_str) => { $crate::perl::rows::borrowed_str($call, $r) };
    (@post $call:ident $r:ident $st:ident object($kind:ident)) => {
        $crate::perl::rows::object($call, &$kind, $r)
    };
    (@post $call:ident $r:ident $st:ident uuid($out:ident)) => { $crate::perl::rows::uuid($call, $r, &$st) };
    (@post $call:ident $r:ident $st:ident uuid_string($out:ident)) => {
        $crate::perl::rows::uuid_string($call, $r, &$st)
    };
    (@post $call:ident $r:ident $st:ident int_out($out:ident)) => { $crate::perl::rows::int_out($call, $r, $st) };
    (@post $call:ident $r:ident $st:ident ulong_out($out:ident)) => {
        $crate::perl::rows::ulong_out($call, $r, $st)
    };
    (@post $call:ident $r:ident $st:ident ullong_out($out:ident)) => {{
        let p = $call.perl();
        $crate::libvirt::error::check_neg($r).or_die(p)?;
        $call.ret(p.uint($st as u64));
        Ok(())
    }};
    (@post $call:ident $r:ident $st:ident owned_str_out($out:ident)) => {
        $crate::perl::rows::owned_str_out($call, $r, $st)
    };
    (@post $call:ident $r:ident $st:ident ulong_nonzero) => {
        $crate::perl::rows::ulong_nonzero($call, $r)
    };
    (@post $call:ident $r:ident $st:ident objects($kind:ident, $out:ident)) => { $st.ret($call, $r) };
    (@post $call:ident $r:ident $st:ident names($out:ident, $max:ident, $($count:tt)*)) => {
        $st.ret($call, $r)
    };
    (@post $call:ident $r:ident $st:ident fields($out:ident : $t:ty; $($f:ident $(as $key:literal)?),*)) => {{
        let p = $call.perl();
        $crate::libvirt::error::check_neg($r).or_die(p)?;
        let keys = [$( $crate::__row_key!($f $($key)?) ),*];
        let vals = [$( $crate::perl::rows::FieldValue::to_perl(&$st.value.$f, p) ),*];
        $call.ret(p.hash_ref(&keys, vals));
        Ok(())
    }};
}

/// The argument phase of a row, shared by its blocking and its async form: the arity
/// check (usage message from the parameters, or the one given with `@usage`) and the
/// conversions in xsubpp's order.
#[macro_export]
#[doc(hidden)]
macro_rules! __row_prologue {
    (@usage [] $($rest:tt)*) => {
        $crate::__row_prologue!($($rest)*);
    };
    (@usage [$u:literal] $call:ident; $n0:ident : $k0:ident $($k0b:ident)? $(= $d0:tt)?
     $(, $n:ident : $k:ident $($kb:ident)? $(= $d:tt)?)*) => {
        const REQUIRED: usize = $crate::__row_required!($($d0)?)
            $(+ $crate::__row_required!($($d)?))*;
        const OPTIONAL: usize = $crate::__row_optional!($($d0)?)
            $(+ $crate::__row_optional!($($d)?))*;
        $call.arity(REQUIRED, REQUIRED + OPTIONAL, $crate::c!($u))?;
        $crate::__row_convert!($call; $n0 : $k0 $($k0b)? $(= $d0)? $(, $n : $k $($kb)? $(= $d)?)*);
    };
    ($call:ident; $n0:ident : $k0:ident $($k0b:ident)? $(= $d0:tt)?
     $(, $n:ident : $k:ident $($kb:ident)? $(= $d:tt)?)*) => {
        const REQUIRED: usize = $crate::__row_required!($($d0)?)
            $(+ $crate::__row_required!($($d)?))*;
        const OPTIONAL: usize = $crate::__row_optional!($($d0)?)
            $(+ $crate::__row_optional!($($d)?))*;
        const USAGE: &::std::ffi::CStr = $crate::c!(concat!(
            $crate::__row_usage!($n0 $k0 $($k0b)? $(= $d0)?)
            $(, ", ", $crate::__row_usage!($n $k $($kb)? $(= $d)?))*
        ));
        $call.arity(REQUIRED, REQUIRED + OPTIONAL, USAGE)?;
        $crate::__row_convert!($call; $n0 : $k0 $($k0b)? $(= $d0)? $(, $n : $k $($kb)? $(= $d)?)*);
    };
}

/// The conversions of a parameter list, in xsubpp's order: plain parameters, objects,
/// defaulted ones, then the scalars the reference reads in its body. A parameter of kind
/// `sv` is not converted (an irregular method's `read` phase reads it).
#[macro_export]
#[doc(hidden)]
macro_rules! __row_convert {
    ($call:ident; $n0:ident : $k0:ident $($k0b:ident)? $(= $d0:tt)?
     $(, $n:ident : $k:ident $($kb:ident)? $(= $d:tt)?)*) => {
        let mut __i = 0usize;
        $crate::__row_plain!($call __i $n0 $k0 $($k0b)? $(= $d0)?);
        $( __i += 1; $crate::__row_plain!($call __i $n $k $($kb)? $(= $d)?); )*
        let mut __i = 0usize;
        $crate::__row_object!($call __i $n0 $k0 $($k0b)? $(= $d0)?);
        $( __i += 1; $crate::__row_object!($call __i $n $k $($kb)? $(= $d)?); )*
        let mut __i = 0usize;
        $crate::__row_defaulted!($call __i $n0 $k0 $($k0b)? $(= $d0)?);
        $( __i += 1; $crate::__row_defaulted!($call __i $n $k $($kb)? $(= $d)?); )*
        let mut __i = 0usize;
        $crate::__row_body!($call __i $n0 $k0 $($k0b)? $(= $d0)?);
        $( __i += 1; $crate::__row_body!($call __i $n $k $($kb)? $(= $d)?); )*
    };
}

/// For the async form: a converted argument becomes a value of its own, which the worker
/// may use after the statement (and Perl's values) are gone: strings are copied, objects
/// hold a libvirt reference.
#[macro_export]
#[doc(hidden)]
macro_rules! __row_own {
    ($n:ident str) => {
        let $n = ::std::ffi::CStr::to_owned($n);
    };
    ($n:ident opt_str) => {
        let $n = $n.map(::std::ffi::CStr::to_owned);
    };
    ($n:ident uuid) => {
        let $n = $n.owned();
    };
    ($n:ident int) => {};
    ($n:ident uint) => {};
    ($n:ident ulong) => {};
    ($n:ident ullong_sv) => {};
    ($n:ident llong_sv) => {};
    ($n:ident sv) => {};
    ($n:ident strict $kind:ident) => {
        let $n = $crate::perl::r#async::Held::take(&$kind, $n.ptr());
    };
    ($n:ident $kind:ident) => {
        let $n = $crate::perl::r#async::Held::take(&$kind, $n.ptr());
    };
}

/// The ordering key of an async call, from its first parameter (after `__row_own`): a
/// stream's calls run one at a time, in order (see `order_key`).
#[macro_export]
#[doc(hidden)]
macro_rules! __order_key {
    ($n:ident str) => {
        None
    };
    ($n:ident opt_str) => {
        None
    };
    ($n:ident uuid) => {
        None
    };
    ($n:ident int) => {
        None
    };
    ($n:ident uint) => {
        None
    };
    ($n:ident ulong) => {
        None
    };
    ($n:ident ullong_sv) => {
        None
    };
    ($n:ident llong_sv) => {
        None
    };
    ($n:ident sv) => {
        None
    };
    ($n:ident strict $kind:ident) => {
        $crate::perl::r#async::order_key(&$n)
    };
    ($n:ident $kind:ident) => {
        $crate::perl::r#async::order_key(&$n)
    };
}

/// The shapes of the async form, on the worker: what a shape prepares (as for the blocking
/// form; the name list asks for its count without Perl), and the outcome it makes of the
/// result, with libvirt's error read on the worker's thread.
#[macro_export]
#[doc(hidden)]
macro_rules! __row_async {
    (@pre $st:ident names($out:ident, $max:ident, $cf:ident ( $($ca:expr),* ))) => {
        let mut $st = $crate::perl::rows::NameList::sized($max, || {
            // SAFETY: the count call that goes with the list call, on the same held handle.
            unsafe { $crate::__row_call!($cf($($ca),*)) }
        })?;
        let $out = $st.out();
        let $max = $st.max();
    };
    (@pre $st:ident $($shape:tt)*) => {
        $crate::__row_shape!(@pre __no_call $st $($shape)*);
    };

    (@post $r:ident $st:ident done) => {{
        $crate::libvirt::error::check_neg($r)?;
        $crate::perl::r#async::ok(|_| ::std::vec::Vec::new())
    }};
    (@post $r:ident $st:ident int) => {{
        let v = $crate::libvirt::error::check_neg($r)?;
        $crate::perl::r#async::ok(move |p| vec![p.int(v as i64)])
    }};
    (@post $r:ident $st:ident raw_int) => {{
        let v = $r;
        $crate::perl::r#async::ok(move |p| vec![p.int(v as i64)])
    }};
    (@post $r:ident $st:ident owned_str) => {{
        // SAFETY: a string the call handed over (or NULL).
        match unsafe { $crate::libvirt::LvString::from_raw($r) } {
            Some(s) => {
                let b = s.to_bytes().to_vec();
                $crate::perl::r#async::ok(move |p| vec![p.str(&b)])
            }
            None => Err($crate::libvirt::Error::last()),
        }
    }};
    (@post $r:ident $st:ident owned_str_or_undef) => {{
        // SAFETY: a string the call handed over (or NULL).
        let b = unsafe { $crate::libvirt::LvString::from_raw($r) }.map(|s| s.to_bytes().to_vec());
        $crate::perl::r#async::ok(move |p| vec![match b {
            Some(b) => p.str(&b),
            None => p.undef(),
        }])
    }};
    (@post $r:ident $st:ident borrowed_str) => {{
        let r = $crate::libvirt::error::check_null($r as *mut ::libc::c_char)?;
        // SAFETY: a string of a handle held until the job ends.
        let b = unsafe { ::std::ffi::CStr::from_ptr(r) }.to_bytes().to_vec();
        $crate::perl::r#async::ok(move |p| vec![p.str(&b)])
    }};
    (@post $r:ident $st:ident object($kind:ident)) => {{
        $crate::libvirt::error::check_null(::perlxs::Handle::into_raw($r))?;
        // SAFETY: a new handle of the kind with the reference the call handed over.
        let h = unsafe { $crate::perl::r#async::Held::adopt(&$kind, $r) };
        $crate::perl::r#async::ok(move |p| vec![h.into_object(p)])
    }};
    (@post $r:ident $st:ident objects($kind:ident, $out:ident)) => {{
        let list = $st.into_held($r)?;
        $crate::perl::r#async::ok(move |p| list.into_iter().map(|h| h.into_object(p)).collect())
    }};
    (@post $r:ident $st:ident names($out:ident, $max:ident, $($count:tt)*)) => {{
        let list = $st.into_strings($r)?;
        $crate::perl::r#async::ok(move |p| list.iter().map(|s| p.str(s)).collect())
    }};
    (@post $r:ident $st:ident uuid($out:ident)) => {{
        $crate::libvirt::error::check_neg($r)?;
        let b = $st;
        $crate::perl::r#async::ok(move |p| vec![p.str(&b)])
    }};
    (@post $r:ident $st:ident uuid_string($out:ident)) => {{
        $crate::libvirt::error::check_neg($r)?;
        // SAFETY: libvirt wrote a NUL-terminated string into the buffer.
        let b = unsafe { ::std::ffi::CStr::from_ptr($st.as_ptr()) }.to_bytes().to_vec();
        $crate::perl::r#async::ok(move |p| vec![p.str(&b)])
    }};
    (@post $r:ident $st:ident int_out($out:ident)) => {{
        $crate::libvirt::error::check_neg($r)?;
        let v = $st;
        $crate::perl::r#async::ok(move |p| vec![p.int(v as i64)])
    }};
    (@post $r:ident $st:ident ulong_out($out:ident)) => {{
        $crate::libvirt::error::check_neg($r)?;
        let v = $st;
        $crate::perl::r#async::ok(move |p| vec![p.uint(v as u64)])
    }};
    (@post $r:ident $st:ident ullong_out($out:ident)) => {{
        $crate::libvirt::error::check_neg($r)?;
        let v = $st;
        $crate::perl::r#async::ok(move |p| vec![p.uint(v as u64)])
    }};
    (@post $r:ident $st:ident owned_str_out($out:ident)) => {{
        // SAFETY: NULL or a string the call handed over; freed here, also on failure.
        let s = unsafe { $crate::libvirt::LvString::from_raw($st) };
        $crate::libvirt::error::check_neg($r)?;
        let b = s.map(|s| s.to_bytes().to_vec());
        $crate::perl::r#async::ok(move |p| vec![match b {
            Some(b) => p.str(&b),
            None => p.undef(),
        }])
    }};
    (@post $r:ident $st:ident ulong_nonzero) => {{
        if $r == 0 {
            return Err($crate::libvirt::Error::last());
        }
        let v = $r;
        $crate::perl::r#async::ok(move |p| vec![p.uint(v as u64)])
    }};
    (@post $r:ident $st:ident fields($out:ident : $t:ty; $($f:ident $(as $key:literal)?),*)) => {{
        $crate::libvirt::error::check_neg($r)?;
        let v = $crate::perl::rows::SendFields($st.value);
        $crate::perl::r#async::ok(move |p| {
            let v = v;
            let keys = [$( $crate::__row_key!($f $($key)?) ),*];
            let vals = [$( $crate::perl::rows::FieldValue::to_perl(&v.0.$f, p) ),*];
            vec![p.hash_ref(&keys, vals)]
        })
    }};
}

/// A table of regular methods for one Perl package: defines one XSUB per row, in a private
/// module `xs`, and `register_rows(boot)`, which registers each under its Perl name with its
/// prototype; and the row's async form, in a module `xa`, which `register_async_rows`
/// registers under `Sys::Virt::Async::XS::<package>::<name>` when the first async call needs
/// it. See the module documentation for the row syntax.
#[macro_export]
macro_rules! methods {
    (
        package $pkg:literal;
        $(
            $(#[$meta:meta])*
            fn $name:ident (
                $n0:ident : $k0:ident $($k0b:ident)? $(= $d0:tt)?
                $(, $n:ident : $k:ident $($kb:ident)? $(= $d:tt)?)* $(,)?
            ) -> $shape:ident $(( $($sa:tt)* ))? :
                $cf:ident $ca:tt $(if $fl:ident else $cf2:ident $ca2:tt)?
        );* $(;)?
    ) => {
        #[allow(non_snake_case, unused_imports, unused_variables, unused_assignments, unused_mut)]
        mod xs {
            use super::*;
            use $crate::perl::OrDie as _;
            $(
                ::perlxs::xsub!(
                    $(#[$meta])*
                    pub(super) fn $name(call) {
                        $crate::__row_prologue!(call; $n0 : $k0 $($k0b)? $(= $d0)?
                                                $(, $n : $k $($kb)? $(= $d)?)*);
                        $crate::__row_shape!(@pre call __shape $shape $(( $($sa)* ))?);
                        // SAFETY: every argument is a handle of a live object (held for the
                        // call where other arguments could run Perl code), a NUL-terminated
                        // string alive until the statement ends, a number, or an out pointer
                        // to room sized by the shape; the prototype is checked by rustc.
                        let r = unsafe { $crate::__row_call!($cf $ca $(if $fl else $cf2 $ca2)?) };
                        // The result is taken apart at once: libvirt's error is read before
                        // any other libvirt call on this thread.
                        $crate::__row_shape!(@post call r __shape $shape $(( $($sa)* ))?)
                    }
                );
            )*
        }

        #[allow(non_snake_case, unused_imports, unused_variables, unused_assignments, unused_mut)]
        mod xa {
            use super::*;
            use $crate::perl::OrDie as _;
            $(
                ::perlxs::xsub!(
                    $(#[$meta])*
                    pub(super) fn $name(call) {
                        $crate::__row_prologue!(call; $n0 : $k0 $($k0b)? $(= $d0)?
                                                $(, $n : $k $($kb)? $(= $d)?)*);
                        $crate::__row_own!($n0 $k0 $($k0b)?);
                        $( $crate::__row_own!($n $k $($kb)?); )*
                        let __key = $crate::__order_key!($n0 $k0 $($k0b)?);
                        $crate::perl::r#async::submit_on(call, __key, move || {
                            $crate::__row_async!(@pre __shape $shape $(( $($sa)* ))?);
                            // SAFETY: as for the blocking form; the handles are held by
                            // this job and the strings are its own.
                            let r = unsafe { $crate::__row_call!($cf $ca $(if $fl else $cf2 $ca2)?) };
                            $crate::__row_async!(@post r __shape $shape $(( $($sa)* ))?)
                        })
                    }
                );
            )*
        }

        /// Registers this table's methods with their prototypes.
        #[link_section = ".text.startup.sys_virt"]
        fn register_rows(b: &::perlxs::Boot) {
            $(
                b.method(
                    $crate::c!(concat!($pkg, "::", stringify!($name))),
                    $crate::__row_required!($($d0)?) $(+ $crate::__row_required!($($d)?))*,
                    $crate::__row_optional!($($d0)?) $(+ $crate::__row_optional!($($d)?))*,
                    xs::$name,
                );
            )*
        }

        /// Registers the async forms of this table's methods.
        pub(crate) fn register_async_rows(b: &::perlxs::Boot) {
            $(
                b.method(
                    $crate::c!(concat!("Sys::Virt::Async::XS::", $pkg, "::", stringify!($name))),
                    $crate::__row_required!($($d0)?) $(+ $crate::__row_required!($($d)?))*,
                    $crate::__row_optional!($($d0)?) $(+ $crate::__row_optional!($($d)?))*,
                    xa::$name,
                );
            )*
        }
    };
}

/// A list of `r` strings libvirt allocated in `arr` (each, and the array, the caller's to
/// free), returned as a Perl list; dies on -1.
pub fn owned_strings(
    call: &mut Call,
    r: libc::c_int,
    arr: *mut *mut libc::c_char,
) -> Result<(), Fail> {
    let p = call.perl();
    if r < 0 {
        // SAFETY: libvirt leaves NULL or its own array on failure.
        unsafe { libc::free(arr as *mut libc::c_void) };
        return Err(super::die_with(p, &Error::last()));
    }
    call.reserve(r as usize);
    // SAFETY: r malloc'ed strings from libvirt, each taken over by LvString, then the array.
    unsafe {
        for &s in crate::libvirt::array_slice(arr, r as usize) {
            if let Some(s) = LvString::from_raw(s) {
                call.ret(p.str(s.to_bytes()));
            }
        }
        libc::free(arr as *mut libc::c_void);
    }
    Ok(())
}

/// A C string pointer for an optional string: NULL for `None`.
#[inline]
pub fn opt_ptr(s: Option<&CStr>) -> *const libc::c_char {
    s.map_or(std::ptr::null(), |s| s.as_ptr())
}

/// The integers of an array, in scratch memory (a hole counts as 0).
pub fn int_list<'a, T: Copy + Default>(
    call: &Call,
    av: &perlxs::ArrayView,
    conv: impl Fn(perlxs::Value) -> T,
) -> &'a mut [T] {
    let n = av.len();
    let list = call.perl().scratch::<T>(n);
    for (i, slot) in list.iter_mut().enumerate() {
        *slot = av.get(i).map_or_else(T::default, &conv);
    }
    list
}

/// The file descriptors of an array, in scratch memory: each element a Perl file handle (its
/// descriptor is taken, the handle stays the caller's) or a number. A handle without a
/// descriptor (closed, tied, in memory) is refused, naming the argument.
pub fn fd_list<'a>(
    call: &Call,
    av: &perlxs::ArrayView,
    name: &str,
) -> Result<&'a mut [libc::c_int], Fail> {
    let n = av.len();
    let list = call.perl().scratch::<libc::c_int>(n);
    for (i, slot) in list.iter_mut().enumerate() {
        *slot = match av.get(i).map(|v| v.fd()) {
            None => 0,
            Some(perlxs::Fd::Handle(fd)) => fd,
            Some(perlxs::Fd::Number(n)) => n as libc::c_int,
            Some(perlxs::Fd::NoDescriptor) => {
                return Err(Fail::Message(format!(
                    "{}() -- element {} of {} is a file handle without a file descriptor",
                    call.sub_name(),
                    i,
                    name
                )))
            }
        };
    }
    Ok(list)
}

/// The strings of an array as C string pointers in scratch memory, each a mortal copy (a
/// hole is ""); a string with a NUL byte is refused.
pub fn str_list<'a>(
    call: &Call,
    av: &perlxs::ArrayView,
    name: &str,
) -> Result<&'a mut [*const libc::c_char], Fail> {
    let n = av.len();
    let list = call.perl().scratch::<*const libc::c_char>(n);
    for (i, slot) in list.iter_mut().enumerate() {
        let s = match av.get(i) {
            Some(v) => v.cstr_copy().ok_or_else(|| {
                Fail::Message(format!(
                    "{}() -- an element of {} contains a NUL byte, which libvirt cannot take in a string",
                    call.sub_name(),
                    name
                ))
            })?,
            None => c"",
        };
        *slot = s.as_ptr();
    }
    Ok(list)
}

/// `get_metadata` and `set_metadata` of a class whose libvirt object has metadata (domains,
/// networks): one `irregular!` table (blocking and async forms) in a module `metadata` of
/// the class's module, written out here because their parameter is named `type`, a Rust
/// keyword (so it is `ty` in the table, with the reference's usage message given). The
/// class registers them with `metadata::register(b)`, and `register_async` in
/// src/perl/mod.rs their async forms with `<class>::metadata::register_async_irregular(b)`.
/// `$get` and `$set` are resolved in `crate::libvirt::api`, so a function newer than
/// libvirt 9.0 fails with an error object where the running libvirt lacks it.
#[macro_export]
macro_rules! metadata_methods {
    (DOMAIN, "dom", $get:ident, $set:ident) => {
        $crate::metadata_methods!(@table DOMAIN, dom, "Sys::Virt::Domain",
            "dom, type, uri=&PL_sv_undef, flags=0",
            "dom, type, metadata=&PL_sv_undef, key=&PL_sv_undef, uri=&PL_sv_undef, flags=0",
            $get, $set);
    };
    (NETWORK, "net", $get:ident, $set:ident) => {
        $crate::metadata_methods!(@table NETWORK, net, "Sys::Virt::Network",
            "net, type, uri=&PL_sv_undef, flags=0",
            "net, type, metadata=&PL_sv_undef, key=&PL_sv_undef, uri=&PL_sv_undef, flags=0",
            $get, $set);
    };
    (@table $kind:ident, $obj:ident, $pkg:literal, $get_usage:literal, $set_usage:literal,
     $get:ident, $set:ident) => {
        pub(crate) mod metadata {
            use super::*;

            $crate::irregular! {
                package $pkg;
                names(call, p, out, who);

                fn get_metadata($obj: $kind, ty: int, uri: opt_str = undef, flags: uint = 0)
                    usage $get_usage
                {
                    // SAFETY: a live handle and a string or NULL; the result is ours to free.
                    run { unsafe {
                        $crate::libvirt::LvString::from_raw($crate::libvirt::api::$get(
                            $obj.ptr(), ty, $crate::perl::rows::CArg::c(&uri), flags))
                    }.ok_or_else($crate::libvirt::Error::last) }
                    build(s) { out.ret(p.str(s.to_bytes())); }
                }

                fn set_metadata($obj: $kind, ty: int, metadata: opt_str = undef,
                                key: opt_str = undef, uri: opt_str = undef, flags: uint = 0)
                    usage $set_usage
                {
                    // SAFETY: a live handle and strings or NULLs.
                    run { $crate::libvirt::error::check_neg(unsafe {
                        $crate::libvirt::api::$set(
                            $obj.ptr(),
                            ty,
                            $crate::perl::rows::CArg::c(&metadata),
                            $crate::perl::rows::CArg::c(&key),
                            $crate::perl::rows::CArg::c(&uri),
                            flags,
                        )
                    }) }
                    build(_r) {}
                }
            }

            /// Registers the blocking forms.
            #[allow(dead_code)]
            #[link_section = ".text.startup.sys_virt"]
            pub(crate) fn register(b: &::perlxs::Boot) {
                register_irregular(b);
            }
        }
    };
}
