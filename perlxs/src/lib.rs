//! perlxs: Rust functions as Perl XSUBs, for the perl that loads them.
//!
//! The shape follows what XS gives a module author, without XS's code generator:
//!
//! * a boot function ([`Boot`]) that registers XSUBs under their Perl names and creates
//!   constant subs (empty prototype, so Perl inlines them);
//! * an XSUB body is a Rust closure given a [`Call`] (the argument stack, Perl's own
//!   conversions, the return list) and returning `Result<(), Fail>`;
//! * handle objects ([`HandleKind`]): blessed scalar references whose value is a C handle,
//!   with the handle also kept in ext magic, so that only objects this crate made are
//!   accepted, Perl threads take their own reference, freeing happens exactly once, and a
//!   process that inherited objects through `fork` never releases its parent's handles;
//! * dying with any value (an error object) and warning, always after every Rust value of
//!   the XSUB has been dropped: `die` is a `longjmp` and must not skip Rust destructors,
//!   and a Rust panic never unwinds into perl (it becomes a `die`).
//!
//! This crate knows nothing of libvirt. Its only C is `c/shim.c`, which wraps the perl
//! macros used here; every `unsafe` block below relies on being called by perl, on the
//! interpreter's own thread, with the interpreter pointer perl passed in.

pub mod ffi;

use ffi::{Interp, CV, HV, MAGIC, MGVTBL, SV};
use libc::{c_char, c_int, c_void};
use std::borrow::Cow;
use std::cell::RefCell;
use std::ffi::{CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A Perl value this code holds a reference count on (refcount 1 when new). Dropping it
/// gives the count back; [`Call::ret`] and [`Hash::store`] hand it over to Perl instead.
pub struct Owned {
    perl: Interp,
    sv: *mut SV,
}

impl Owned {
    pub fn as_ptr(&self) -> *mut SV {
        self.sv
    }
    fn into_raw(self) -> *mut SV {
        let sv = self.sv;
        std::mem::forget(self);
        sv
    }
}

impl Drop for Owned {
    fn drop(&mut self) {
        // SAFETY: we hold one count on a live SV, on the interpreter that made it.
        unsafe { ffi::pbx_refcnt_dec(self.perl, self.sv) }
    }
}

/// Why an XSUB did not return normally. Raised by [`dispatch`] after the body's Rust
/// values are gone.
pub enum Fail {
    /// `die` with this value (an error object, or any scalar).
    Die(Owned),
    /// `die` with this text; perl appends " at FILE line N." unless it ends in a newline.
    Message(String),
    /// `warn` with this text, then return `undef` (what XS typemaps do for a bad object).
    WarnUndef(String),
    /// Wrong number of arguments: perl's "Usage: Package::name(PARAMS)".
    Usage(&'static CStr),
}

/// One XSUB invocation: its arguments on perl's stack and the values it returns.
pub struct Call {
    perl: Interp,
    cv: *mut CV,
    frame: ffi::Frame,
    nret: i32,
}

/// A string argument as libvirt wants it: NUL-terminated, borrowed from perl when possible.
pub type CStrArg<'a> = Cow<'a, CStr>;

impl Call {
    /// Number of arguments passed.
    #[inline]
    pub fn items(&self) -> usize {
        self.frame.items as usize
    }

    /// Dies with perl's usage message unless `min <= items <= max`.
    #[inline]
    pub fn arity(&self, min: usize, max: usize, params: &'static CStr) -> Result<(), Fail> {
        let n = self.items();
        if n < min || n > max {
            Err(Fail::Usage(params))
        } else {
            Ok(())
        }
    }

    /// Argument `i` as the raw SV (it must exist).
    #[inline]
    pub fn arg(&self, i: usize) -> *mut SV {
        debug_assert!(i < self.items());
        // SAFETY: i < items, so ST(i) is this call's argument.
        unsafe { self.frame.st(i) }
    }

    /// Argument `i` if it was passed.
    #[inline]
    pub fn opt_arg(&self, i: usize) -> Option<*mut SV> {
        (i < self.items()).then(|| self.arg(i))
    }

    /// Perl's `SvUV` (numeric conversion with perl's warnings), truncated to 32 bits as a
    /// C `unsigned int` parameter would be; 0 when the argument is absent.
    #[inline]
    pub fn flags(&self, i: usize) -> u32 {
        match self.opt_arg(i) {
            // SAFETY: a live argument SV.
            Some(sv) => c_uint(unsafe { ffi::pbx_sv_uv(self.perl, sv) }),
            None => 0,
        }
    }

    /// Perl's `SvIV`, full width.
    #[inline]
    pub fn iv(&self, i: usize) -> i64 {
        // SAFETY: a live argument SV.
        unsafe { ffi::pbx_sv_iv(self.perl, self.arg(i)) as i64 }
    }

    /// Perl's truth of argument `i` (absent is false).
    #[inline]
    pub fn truth(&self, i: usize) -> bool {
        match self.opt_arg(i) {
            // SAFETY: a live argument SV.
            Some(sv) => unsafe { ffi::pbx_sv_true(self.perl, sv) != 0 },
            None => false,
        }
    }

    /// Whether argument `i` is defined (absent is not).
    #[inline]
    pub fn defined(&self, i: usize) -> bool {
        match self.opt_arg(i) {
            // SAFETY: a live argument SV.
            Some(sv) => unsafe { ffi::pbx_sv_ok(self.perl, sv) != 0 },
            None => false,
        }
    }

    /// Perl's internal bytes of a string value (`SvPV`), borrowed for this call.
    #[inline]
    pub fn bytes(&self, i: usize) -> &[u8] {
        sv_bytes(self.perl, self.arg(i))
    }

    /// A string argument for a C `const char *` parameter. A NUL byte inside it would cut
    /// the string short in C, so it is refused with a message naming the argument.
    #[inline]
    pub fn cstr(&self, i: usize, what: &str) -> Result<CStrArg<'_>, Fail> {
        sv_cstr(self.perl, self.arg(i)).ok_or_else(|| self.nul_error(what))
    }

    /// Like [`Call::cstr`], but `undef` or an absent argument gives `None` (a C NULL).
    #[inline]
    pub fn opt_cstr(&self, i: usize, what: &str) -> Result<Option<CStrArg<'_>>, Fail> {
        if !self.defined(i) {
            return Ok(None);
        }
        sv_cstr_nomg(self.perl, self.arg(i))
            .map(Some)
            .ok_or_else(|| self.nul_error(what))
    }

    fn nul_error(&self, what: &str) -> Fail {
        Fail::Message(format!(
            "{}() -- {} contains a NUL byte, which libvirt cannot take in a string",
            self.sub_name(),
            what
        ))
    }

    /// The full Perl name of the running XSUB (only for messages: it costs a lookup).
    pub fn sub_name(&self) -> String {
        // SAFETY: cv is the running XSUB; the name is a new mortal.
        unsafe {
            let sv = ffi::pbx_cv_name(self.perl, self.cv);
            String::from_utf8_lossy(sv_bytes(self.perl, sv)).into_owned()
        }
    }

    /// The handle inside argument `i`, an object of `kind`, named `kind.arg` in messages.
    /// Anything that is not a blessed scalar reference gets the XS typemap's answer (a
    /// warning and `undef`); a blessed scalar reference that this crate did not make for
    /// `kind` is refused with a `die` (XS would take its number as a pointer). The handle
    /// may be NULL after `DESTROY`; libvirt rejects NULL with its own error.
    #[inline]
    pub fn handle(&self, i: usize, kind: &'static HandleKind) -> Result<*mut c_void, Fail> {
        self.handle_as(i, kind, kind.arg)
    }

    /// [`Call::handle`] with another argument name in messages.
    #[inline]
    pub fn handle_as(
        &self,
        i: usize,
        kind: &'static HandleKind,
        arg: &str,
    ) -> Result<*mut c_void, Fail> {
        self.checked_handle(i, kind, arg, false)
    }

    /// Like [`Call::handle`], but a non-object is an error too (`die`), for the subs where
    /// XS would dereference it blindly and crash.
    #[inline]
    pub fn handle_strict(
        &self,
        i: usize,
        kind: &'static HandleKind,
        arg: &str,
    ) -> Result<*mut c_void, Fail> {
        self.checked_handle(i, kind, arg, true)
    }

    #[inline(always)]
    fn checked_handle(
        &self,
        i: usize,
        kind: &'static HandleKind,
        arg: &str,
        strict: bool,
    ) -> Result<*mut c_void, Fail> {
        match self.lookup_handle(i, kind) {
            Ok(ptr) => Ok(ptr),
            Err(wrong_kind) => Err(self.handle_error(i, kind, arg, strict, wrong_kind)),
        }
    }

    /// The answer to a bad object argument (kept out of line: the rare path).
    #[cold]
    #[inline(never)]
    fn handle_error(
        &self,
        i: usize,
        kind: &'static HandleKind,
        arg: &str,
        strict: bool,
        wrong_kind: bool,
    ) -> Fail {
        if wrong_kind {
            return self.wrong_kind(i, kind, arg);
        }
        let text = format!(
            "{}() -- {} is not a blessed SV reference",
            self.sub_name(),
            arg
        );
        if strict {
            Fail::Message(text)
        } else {
            Fail::WarnUndef(text)
        }
    }

    /// Ok(handle), Err(false) for "not a blessed scalar ref", Err(true) for "another kind".
    #[inline(always)]
    fn lookup_handle(&self, i: usize, kind: &'static HandleKind) -> Result<*mut c_void, bool> {
        // The common case, the invocant of a method, was already looked at by pbx_xs_begin.
        if i == 0 && std::ptr::eq(self.frame.self_vtbl, &kind.vtbl) {
            return Ok(self.frame.self_ptr);
        }
        let sv = self.opt_arg(i).ok_or(false)?;
        let mut status: c_int = 0;
        // SAFETY: a live argument SV and a vtable with 'static lifetime.
        let ptr = unsafe { ffi::pbx_handle(self.perl, sv, &kind.vtbl, &mut status) };
        match status {
            0 => Ok(ptr),
            1 => Err(false),
            _ => Err(true),
        }
    }

    fn wrong_kind(&self, i: usize, kind: &HandleKind, arg: &str) -> Fail {
        // SAFETY: argument i exists and is a blessed reference: its class name is perl's.
        let class = unsafe { cstr_lossy(ffi::pbx_sv_reftype_name(self.perl, self.arg(i))) };
        Fail::Message(format!(
            "{}() -- {} is not a {} object made by this module (got a reference blessed into {})",
            self.sub_name(),
            arg,
            kind.class,
            class
        ))
    }

    /// Argument `i` as a hash, if it is a reference to one.
    pub fn hash_arg(&self, i: usize) -> Option<HashView> {
        let sv = self.opt_arg(i)?;
        // SAFETY: type checks on a live SV before treating its referent as a hash.
        unsafe {
            if ffi::pbx_sv_rok(sv) == 0 {
                return None;
            }
            let target = ffi::pbx_sv_rv(sv);
            if ffi::pbx_sv_type(target) != ffi::pbx_svt_pvhv() {
                return None;
            }
            Some(HashView {
                perl: self.perl,
                hv: target as *mut HV,
            })
        }
    }

    /// Takes the handle out of object `i` (for `DESTROY`), leaving NULL and a zero behind.
    pub fn take_handle(&self, i: usize, kind: &'static HandleKind) -> *mut c_void {
        match self.opt_arg(i) {
            // SAFETY: a live argument SV and a 'static vtable.
            Some(sv) => unsafe { ffi::pbx_take_handle(self.perl, sv, &kind.vtbl) },
            None => std::ptr::null_mut(),
        }
    }

    /// The interpreter, for building values.
    #[inline]
    pub fn perl(&self) -> Perl {
        Perl(self.perl)
    }

    /// Appends a value to the return list.
    #[inline]
    pub fn ret(&mut self, v: Owned) {
        // SAFETY: v becomes a mortal owned by perl, pushed on room made for it.
        unsafe {
            let sv = ffi::pbx_mortal(self.perl, v.into_raw());
            self.push(sv);
        }
    }

    /// Appends a new object holding `ptr` (see [`Perl::objects`]); the object owns the
    /// reference on `ptr` from now on.
    #[inline]
    pub fn ret_object(&mut self, objects: &Objects, ptr: *mut c_void) {
        let sv = objects.make(ptr);
        // SAFETY: a new mortal, pushed on room made for it.
        unsafe { self.push(sv) }
    }

    /// Appends one new object per handle in `ptrs` (see [`Perl::objects`]), made in a single
    /// call; each object owns its handle's reference from now on.
    ///
    /// # Safety
    ///
    /// Every pointer in `ptrs` must be a handle of the objects' kind carrying one reference
    /// that the caller gives up.
    #[inline]
    pub unsafe fn ret_objects<T>(&mut self, objects: &Objects, ptrs: &[*mut T]) {
        let n = ptrs.len();
        if n == 0 {
            return;
        }
        self.reserve(n);
        ffi::pbx_new_objects(
            self.perl,
            self.frame.st_ptr(self.nret as usize),
            &objects.kind.vtbl,
            ptrs.as_ptr() as *const *mut c_void,
            n,
            objects.stash,
        );
        self.nret += n as i32;
    }

    /// Returns a byte string (no UTF-8 flag) in the XSUB's target, as XS's `PUSHp` does:
    /// the calling op's pad scalar is reused, so no scalar is made and freed per call. The
    /// target is shared by every value returned this way, so use it for a sole return value.
    #[inline]
    pub fn ret_str(&mut self, s: &[u8]) {
        // SAFETY: the stack is extended before writing; the target belongs to the calling op
        // (or is a new mortal), and sv_setpvn copies the bytes.
        unsafe {
            let sv = ffi::pbx_targ_pvn(self.perl, s.as_ptr() as *const c_char, s.len());
            self.push(sv);
        }
    }

    /// Appends `undef` to the return list.
    #[inline]
    pub fn ret_undef(&mut self) {
        // SAFETY: as in ret, with perl's immortal undef.
        unsafe { self.push(ffi::pbx_undef(self.perl)) }
    }

    /// Makes room for `n` more return values at once.
    #[inline]
    pub fn reserve(&mut self, n: usize) {
        // SAFETY: extends perl's stack only.
        unsafe { self.frame.extend(self.perl, self.nret as usize + n) }
    }

    /// Writes `sv` as the next return value, making room first if needed.
    #[inline]
    unsafe fn push(&mut self, sv: *mut SV) {
        self.frame.extend(self.perl, self.nret as usize + 1);
        self.frame.set_st(self.nret as usize, sv);
        self.nret += 1;
    }
}

/// The interpreter, for making values (only inside an XSUB or a boot function).
#[derive(Clone, Copy)]
pub struct Perl(Interp);

impl Perl {
    /// A new string of these bytes (no UTF-8 flag).
    #[inline]
    pub fn str(self, s: &[u8]) -> Owned {
        // SAFETY: newSVpvn copies the bytes.
        self.own(unsafe { ffi::pbx_new_pvn(self.0, s.as_ptr() as *const c_char, s.len()) })
    }
    #[inline]
    pub fn int(self, v: i64) -> Owned {
        // SAFETY: plain constructor.
        self.own(unsafe { ffi::pbx_new_iv(self.0, v as isize) })
    }
    #[inline]
    pub fn uint(self, v: u64) -> Owned {
        // SAFETY: plain constructor.
        self.own(unsafe { ffi::pbx_new_uv(self.0, v as usize) })
    }
    #[inline]
    pub fn num(self, v: f64) -> Owned {
        // SAFETY: plain constructor.
        self.own(unsafe { ffi::pbx_new_nv(self.0, v) })
    }
    /// A new, empty hash.
    pub fn hash(self) -> Hash {
        // SAFETY: plain constructor; the hash is owned through its Owned.
        let hv = unsafe { ffi::pbx_new_hv(self.0) };
        Hash {
            owned: self.own(hv as *mut SV),
        }
    }
    /// A reference to `target` (which it takes over).
    pub fn rv(self, target: Owned) -> Owned {
        // SAFETY: newRV_noinc takes over target's count.
        self.own(unsafe { ffi::pbx_new_rv_noinc(self.0, target.into_raw()) })
    }
    /// Blesses a reference into `class`.
    pub fn bless(self, rv: Owned, class: &str) -> Owned {
        // SAFETY: rv is a reference; the stash is created if needed.
        unsafe {
            let stash = ffi::pbx_stash(self.0, class.as_ptr() as *const c_char, class.len());
            ffi::pbx_bless(self.0, rv.as_ptr(), stash);
        }
        rv
    }
    /// What makes objects of `kind` in this interpreter: its class's stash, looked up once
    /// (so a list of objects costs one lookup).
    #[inline]
    pub fn objects(self, kind: &'static HandleKind) -> Objects {
        Objects {
            perl: self.0,
            kind,
            // SAFETY: this interpreter's stash for the kind's class.
            stash: unsafe { kind.stash(self.0) },
        }
    }

    fn own(self, sv: *mut SV) -> Owned {
        Owned { perl: self.0, sv }
    }
}

/// Makes handle objects of one kind (see [`Perl::objects`]).
pub struct Objects {
    perl: Interp,
    kind: &'static HandleKind,
    stash: *mut HV,
}

impl Objects {
    /// A new mortal object holding `ptr`, whose reference (now owned by the object) is
    /// released when perl frees the object.
    #[inline]
    fn make(&self, ptr: *mut c_void) -> *mut SV {
        // SAFETY: a handle SV with the kind's magic, referenced and blessed into its stash.
        unsafe { ffi::pbx_new_object(self.perl, &self.kind.vtbl, ptr, self.stash) }
    }
}

/// A hash being filled.
pub struct Hash {
    owned: Owned,
}

impl Hash {
    pub fn store(&mut self, key: &str, v: Owned) {
        // SAFETY: hv_store takes over v's count (the shim drops it if the store fails).
        unsafe {
            ffi::pbx_hv_store(
                self.owned.perl,
                self.owned.sv as *mut HV,
                key.as_ptr() as *const c_char,
                key.len() as i32,
                v.into_raw(),
            )
        }
    }
    /// A reference to the hash.
    pub fn into_ref(self) -> Owned {
        Perl(self.owned.perl).rv(self.owned)
    }
}

/// A hash passed in by the caller, read with perl's conversions.
pub struct HashView {
    perl: Interp,
    hv: *mut HV,
}

impl HashView {
    /// The value under `key`, if present.
    pub fn get(&self, key: &[u8]) -> Option<Value> {
        // SAFETY: hv is a live hash for the call; hv_fetch does not store.
        let sv = unsafe {
            ffi::pbx_hv_fetch(
                self.perl,
                self.hv,
                key.as_ptr() as *const c_char,
                key.len() as i32,
            )
        };
        (!sv.is_null()).then_some(Value {
            perl: self.perl,
            sv,
        })
    }
}

/// A value borrowed from perl for the duration of the call.
#[derive(Clone, Copy)]
pub struct Value {
    perl: Interp,
    sv: *mut SV,
}

impl Value {
    pub fn iv(self) -> i64 {
        // SAFETY: a live SV.
        unsafe { ffi::pbx_sv_iv(self.perl, self.sv) as i64 }
    }
    pub fn uv(self) -> u64 {
        // SAFETY: a live SV.
        unsafe { ffi::pbx_sv_uv(self.perl, self.sv) as u64 }
    }
    pub fn nv(self) -> f64 {
        // SAFETY: a live SV.
        unsafe { ffi::pbx_sv_nv(self.perl, self.sv) }
    }
    pub fn truth(self) -> bool {
        // SAFETY: a live SV.
        unsafe { ffi::pbx_sv_true(self.perl, self.sv) != 0 }
    }
    pub fn bytes<'a>(self) -> &'a [u8] {
        sv_bytes(self.perl, self.sv)
    }
}

#[inline]
fn sv_bytes<'a>(perl: Interp, sv: *mut SV) -> &'a [u8] {
    let mut len = 0;
    // SAFETY: SvPV returns a buffer valid while the SV is unchanged: for the call.
    unsafe {
        let p = ffi::pbx_sv_pv(perl, sv, &mut len);
        if p.is_null() {
            &[]
        } else {
            std::slice::from_raw_parts(p as *const u8, len)
        }
    }
}

#[inline]
fn cstr_from_pv<'a>(p: *const c_char, len: usize) -> Option<CStrArg<'a>> {
    // SAFETY: p points at len bytes owned by perl for the duration of the call, followed by
    // the byte perl keeps after a string's bytes (the NUL that lets XS code hand SvPV to C
    // functions directly).
    c_string(unsafe { std::slice::from_raw_parts(p as *const u8, len + 1) })
}

/// The C string for a perl string: `with_next` is the string's bytes followed by the byte
/// perl keeps after them. `None` if the bytes contain a NUL (C would see a shorter string);
/// borrowed when the byte after them is a NUL, else copied with one added.
#[inline]
pub fn c_string(with_next: &[u8]) -> Option<CStrArg<'_>> {
    let (&next, bytes) = with_next.split_last()?;
    if bytes.contains(&0) {
        return None;
    }
    if next == 0 {
        // SAFETY: exactly one NUL, the last byte (the others were just checked).
        Some(Cow::Borrowed(unsafe {
            CStr::from_bytes_with_nul_unchecked(with_next)
        }))
    } else {
        Some(Cow::Owned(CString::new(bytes).ok()?))
    }
}

/// A perl number as a C `unsigned int` parameter: `SvUV`'s value cut to its low 32 bits, as
/// the XS module's typemap does (so -1, which SvUV makes UV_MAX, becomes 0xFFFFFFFF).
#[inline]
pub fn c_uint(uv: usize) -> u32 {
    uv as u32
}

#[inline]
fn sv_cstr<'a>(perl: Interp, sv: *mut SV) -> Option<CStrArg<'a>> {
    let mut len = 0;
    // SAFETY: SvPV on a live SV.
    let p = unsafe { ffi::pbx_sv_pv(perl, sv, &mut len) };
    if p.is_null() {
        return Some(Cow::Borrowed(Default::default()));
    }
    cstr_from_pv(p, len)
}

#[inline]
fn sv_cstr_nomg<'a>(perl: Interp, sv: *mut SV) -> Option<CStrArg<'a>> {
    let mut len = 0;
    // SAFETY: SvPV_nomg on a live SV whose get-magic already ran.
    let p = unsafe { ffi::pbx_sv_pv_nomg(perl, sv, &mut len) };
    if p.is_null() {
        return Some(Cow::Borrowed(Default::default()));
    }
    cstr_from_pv(p, len)
}

unsafe fn cstr_lossy(p: *const c_char) -> String {
    if p.is_null() {
        String::from("(unblessed)")
    } else {
        CStr::from_ptr(p).to_string_lossy().into_owned()
    }
}

/// Runs an XSUB body: sets up its [`Call`], catches panics, then either returns its values
/// to perl or raises its [`Fail`]. The raise happens here, after the body and all its Rust
/// values are gone; only perl-owned (mortal) values remain when perl unwinds.
///
/// # Safety
/// Must be called from an XSUB, with the interpreter and CV perl passed to it.
#[inline]
pub unsafe fn dispatch<F>(perl: Interp, cv: *mut CV, body: F)
where
    F: FnOnce(&mut Call) -> Result<(), Fail>,
{
    // The frame is filled in place: copying it right after the shim wrote it field by field
    // would make the CPU wait for those stores (a failed store-to-load forwarding).
    let mut call = Call {
        perl,
        cv,
        frame: ffi::Frame::EMPTY,
        nret: 0,
    };
    ffi::pbx_xs_begin(perl, &mut call.frame);
    let outcome = catch_unwind(AssertUnwindSafe(|| body(&mut call)));
    let (frame, nret) = (call.frame, call.nret);
    let fail = match outcome {
        Ok(Ok(())) => {
            frame.xs_return(nret as usize);
            return;
        }
        Ok(Err(fail)) => fail,
        Err(payload) => {
            let text = if let Some(s) = payload.downcast_ref::<&str>() {
                (*s).to_string()
            } else if let Some(s) = payload.downcast_ref::<String>() {
                s.clone()
            } else {
                "unknown panic".to_string()
            };
            drop(payload);
            Fail::Message(format!("internal error (Rust panic): {text}"))
        }
    };
    raise(perl, cv, frame, fail);
}

/// Raises a failure. Every owned Rust value is turned into a perl mortal or dropped before
/// the `longjmp` of `die`.
unsafe fn raise(perl: Interp, cv: *mut CV, frame: ffi::Frame, fail: Fail) {
    let sv = match fail {
        Fail::Die(owned) => ffi::pbx_mortal(perl, owned.into_raw()),
        Fail::Message(text) => message_sv(perl, text),
        Fail::Usage(params) => ffi::pbx_croak_xs_usage(cv, params.as_ptr()),
        Fail::WarnUndef(text) => {
            let sv = message_sv(perl, text);
            // warn may run a __WARN__ handler that dies: nothing of ours is live here.
            ffi::pbx_warn_sv(perl, sv);
            // ST(0) is an argument slot or made room for by perl's call: no extend needed.
            frame.set_st(0, ffi::pbx_undef(perl));
            frame.xs_return(1);
            return;
        }
    };
    ffi::pbx_croak_sv(perl, sv)
}

unsafe fn message_sv(perl: Interp, text: String) -> *mut SV {
    let sv = ffi::pbx_new_pvn(perl, text.as_ptr() as *const c_char, text.len());
    drop(text);
    ffi::pbx_mortal(perl, sv)
}

/// Declares an XSUB: `xsub!(fn name(call) { ... Ok(()) })` defines
/// `unsafe extern "C" fn name(perl, cv)` that runs the block through [`dispatch`].
#[macro_export]
macro_rules! xsub {
    ($(#[$meta:meta])* $vis:vis fn $name:ident($call:ident) { $($body:tt)* }) => {
        $(#[$meta])*
        $vis unsafe extern "C" fn $name(perl: $crate::ffi::Interp, cv: *mut $crate::ffi::CV) {
            $crate::dispatch(perl, cv, |$call: &mut $crate::Call| -> ::std::result::Result<(), $crate::Fail> { $($body)* })
        }
    };
}

/// A kind of handle object: the Perl class it is blessed into, the argument name the XS
/// typemap used in its warnings (`con`, `dom`, `domcp`), and how to take and drop one
/// reference on the C handle. The vtable's address marks objects of this kind.
///
/// The first two fields are read by the C shim (`struct pbx_kind_head`): the magic's
/// `svt_free` is the shim's `pbx_svt_free`, which calls `release` directly, with no Rust
/// frame in between, since it runs once for every object perl frees. It is called either
/// from perl's magic freeing or, earlier and for most objects, from the shim's destroy hook
/// (`pbx_destroy_hook`, installed by [`Boot::begin`]), which also keeps the object's MAGIC
/// for reuse.
#[repr(C)]
pub struct HandleKind {
    vtbl: MGVTBL, // first: a MAGIC's vtable pointer is also a pointer to its kind
    release: unsafe extern "C" fn(*mut c_void),
    add_ref: unsafe extern "C" fn(*mut c_void) -> bool,
    pub class: &'static str,
    pub arg: &'static str,
}

// SAFETY: immutable after construction; function pointers and static strings only.
unsafe impl Sync for HandleKind {}

impl HandleKind {
    /// `add_ref` takes one more reference (false if it could not); `release` drops one.
    /// Both are called from C and must not panic (they wrap one libvirt call each).
    pub const fn new(
        class: &'static str,
        arg: &'static str,
        add_ref: unsafe extern "C" fn(*mut c_void) -> bool,
        release: unsafe extern "C" fn(*mut c_void),
    ) -> HandleKind {
        HandleKind {
            vtbl: MGVTBL {
                svt_get: None,
                svt_set: None,
                svt_len: None,
                svt_clear: None,
                svt_free: Some(ffi::pbx_svt_free),
                svt_copy: None,
                svt_dup: Some(handle_dup),
                svt_local: None,
            },
            release,
            add_ref,
            class,
            arg,
        }
    }

    /// Drops one reference on a handle of this kind (for handles not yet in an object).
    ///
    /// # Safety
    /// `ptr` must be a handle of this kind on which the caller owns a reference.
    pub unsafe fn release(&self, ptr: *mut c_void) {
        if !ptr.is_null() {
            (self.release)(ptr)
        }
    }

    /// This kind's stash in this interpreter, cached per OS thread (each Perl thread has
    /// its own interpreter and stashes).
    unsafe fn stash(&'static self, perl: Interp) -> *mut HV {
        thread_local! {
            static CACHE: RefCell<Vec<(usize, Interp, *mut HV)>> = const { RefCell::new(Vec::new()) };
        }
        let key = self as *const HandleKind as usize;
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if let Some(&(_, _, hv)) = c.iter().find(|e| e.0 == key && e.1 == perl) {
                return hv;
            }
            let hv = ffi::pbx_stash(perl, self.class.as_ptr() as *const c_char, self.class.len());
            c.retain(|e| e.0 != key);
            c.push((key, perl, hv));
            hv
        })
    }
}

unsafe extern "C" fn handle_dup(
    _perl: Interp,
    mg: *mut MAGIC,
    _p: *mut ffi::CLONE_PARAMS,
) -> c_int {
    let ptr = ffi::pbx_mg_ptr(mg);
    if !ptr.is_null() {
        let kind = &*(ffi::pbx_mg_vtbl(mg) as *const HandleKind);
        if !(kind.add_ref)(ptr) {
            ffi::pbx_mg_clear_ptr(mg);
        }
    }
    0
}

/// A constant sub's name and value.
pub enum Const {
    Int(&'static str, i64),
    Uint(&'static str, u64),
    Str(&'static str, &'static str),
}

/// The boot function's work: registering XSUBs and constants.
pub struct Boot {
    perl: Interp,
    ax: i32,
    file: &'static CStr,
}

impl Boot {
    /// Starts a boot function (checks the perl API version, pops the mark), and installs
    /// the shim's destroy hook for handle objects over perl's default one.
    ///
    /// # Safety
    /// Called from the module's `boot_*` function with the arguments perl passed it.
    pub unsafe fn begin(perl: Interp, cv: *mut CV, file: &str) -> Boot {
        let ax = ffi::pbx_boot_begin(perl, cv);
        ffi::pbx_track_forks();
        ffi::pbx_install_destroy_hook(perl);
        assert_eq!(
            ffi::pbx_sizeof_mgvtbl(),
            std::mem::size_of::<MGVTBL>(),
            "perl's MGVTBL layout is not the one perlxs was written for"
        );
        Boot {
            perl,
            ax,
            // newXS keeps this pointer as the CVs' CvFILE without copying it: it must live
            // as long as the subs, so it is kept in a static (made once per process).
            file: {
                static FILE: std::sync::OnceLock<CString> = std::sync::OnceLock::new();
                FILE.get_or_init(|| CString::new(file).expect("file name without NUL"))
                    .as_c_str()
            },
        }
    }

    /// Registers `f` as the XSUB `name` ("Package::sub").
    pub fn xsub(&self, name: &CStr, f: ffi::XSUBADDR_t) {
        // SAFETY: newXS copies the name; the file name is leaked, so it outlives the CV
        // (CvFILE keeps the pointer).
        unsafe {
            ffi::pbx_new_xs(self.perl, name.as_ptr(), f, self.file.as_ptr());
        }
    }

    /// Registers `f` as the `DESTROY` method `name` of a handle class whose objects release
    /// their handle through the kind's magic (`svt_free`) when perl frees them.
    ///
    /// Perl's destructor call (`curse` in sv.c) skips a `DESTROY` whose CV is flagged
    /// `CvCONST`, a constant sub "having no side effects". The sub is flagged so, with no
    /// constant value (`CvXSUBANY` NULL, so the compiler never folds a call to it): perl then
    /// frees objects without a method call per object, the magic releases the handle, and
    /// an explicit `$obj->DESTROY` (or `SUPER::DESTROY` from a subclass) still runs `f`.
    /// The shim's destroy hook relies on this flag: it frees an object's handle early only
    /// when the object's class has such a `DESTROY`.
    pub fn destructor(&self, name: &CStr, f: ffi::XSUBADDR_t) {
        // SAFETY: as in xsub; the CV is the one just created.
        unsafe {
            let cv = ffi::pbx_new_xs(self.perl, name.as_ptr(), f, self.file.as_ptr());
            ffi::pbx_cv_mark_skippable_destructor(cv);
        }
    }

    /// Creates constant subs (empty prototype, inlined by perl) in `package`.
    pub fn constants(&self, package: &str, list: &[Const]) {
        // SAFETY: newCONSTSUB takes over the value SV and copies the name.
        unsafe {
            let stash = ffi::pbx_stash(self.perl, package.as_ptr() as *const c_char, package.len());
            for c in list {
                let (name, sv) = match *c {
                    Const::Int(n, v) => (n, ffi::pbx_new_iv(self.perl, v as isize)),
                    Const::Uint(n, v) => (n, ffi::pbx_new_uv(self.perl, v as usize)),
                    Const::Str(n, v) => (
                        n,
                        ffi::pbx_new_pvn(self.perl, v.as_ptr() as *const c_char, v.len()),
                    ),
                };
                debug_assert!(!name.contains('\0'), "constant name with a NUL");
                ffi::pbx_new_const(
                    self.perl,
                    stash,
                    name.as_ptr() as *const c_char,
                    name.len(),
                    sv,
                );
            }
        }
    }

    /// Ends the boot function (returns true to XSLoader).
    pub fn end(self) {
        // SAFETY: ax came from pbx_boot_begin in this same call.
        unsafe { ffi::pbx_boot_end(self.perl, self.ax) }
    }
}

#[cfg(test)]
mod tests {
    //! Property tests of the conversions that need no interpreter. Everything that does
    //! need one is tested through perl, in the distribution's t/ directory.
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn c_string_never_truncates(bytes in proptest::collection::vec(any::<u8>(), 0..300),
                                    next in any::<u8>()) {
            let mut with_next = bytes.clone();
            with_next.push(next);
            match c_string(&with_next) {
                None => prop_assert!(bytes.contains(&0)),
                Some(c) => {
                    prop_assert!(!bytes.contains(&0));
                    prop_assert_eq!(c.to_bytes(), &bytes[..]);
                    prop_assert_eq!(matches!(c, Cow::Borrowed(_)), next == 0);
                }
            }
        }

        #[test]
        fn c_string_refuses_any_inner_nul(prefix in proptest::collection::vec(1u8.., 0..50),
                                          suffix in proptest::collection::vec(any::<u8>(), 0..50)) {
            let mut with_next = prefix;
            with_next.push(0);
            with_next.extend(suffix);
            with_next.push(0);
            prop_assert!(c_string(&with_next).is_none());
        }

        #[test]
        fn c_uint_keeps_the_low_32_bits(v in any::<i64>()) {
            // SvUV of a negative IV is the same bits read as unsigned.
            let uv = v as usize;
            prop_assert_eq!(c_uint(uv) as u64, (v as u64) & 0xFFFF_FFFF);
        }
    }

    #[test]
    fn c_uint_matches_the_reference_examples() {
        assert_eq!(c_uint(-1isize as usize), 0xFFFF_FFFF);
        assert_eq!(c_uint((1usize << 32) + 2), 2);
        assert_eq!(c_uint(usize::MAX), 0xFFFF_FFFF);
    }

    #[test]
    fn empty_input_has_no_string() {
        assert!(c_string(&[]).is_none());
        assert_eq!(c_string(&[0]).unwrap().to_bytes(), b"");
    }
}
