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

#![deny(unsafe_op_in_unsafe_fn)]

pub mod ffi;

use ffi::{Interp, AV, CV, HV, MAGIC, MGVTBL, SV};
use libc::{c_char, c_int, c_void};
use std::cell::RefCell;
use std::ffi::{CStr, CString};
use std::marker::PhantomData;
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
    /// The value, read with perl's conversions.
    pub fn value(&self) -> Value {
        Value {
            perl: self.perl,
            sv: self.sv,
        }
    }
    fn into_raw(self) -> *mut SV {
        let sv = self.sv;
        std::mem::forget(self);
        sv
    }
    /// One more count on the same value (no copy): for holding it while code runs that may
    /// drop the original.
    ///
    /// # Safety
    /// Its interpreter is the current one.
    pub unsafe fn hold(&self) -> Owned {
        // SAFETY: a live SV; the count taken is the new Owned's.
        let sv = unsafe { ffi::pbx_refcnt_inc(self.sv) };
        Owned {
            perl: self.perl,
            sv,
        }
    }
    /// The interpreter this value belongs to.
    pub fn perl(&self) -> Perl {
        Perl(self.perl)
    }
    /// Gives the count up without touching perl: for a value that must be dropped where its
    /// interpreter cannot be used (another OS thread), leaking it is the only safe choice.
    pub fn leak(self) {
        std::mem::forget(self);
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

/// A C handle type that objects can hold: a raw pointer to an opaque C struct.
///
/// # Safety
/// Implemented only for raw pointers (below), which the shim stores as `void *`.
pub unsafe trait Handle: Copy {
    fn from_raw(p: *mut c_void) -> Self;
    fn into_raw(self) -> *mut c_void;
}

// SAFETY: a raw pointer, the same size and ABI as `void *`.
unsafe impl<T> Handle for *mut T {
    #[inline(always)]
    fn from_raw(p: *mut c_void) -> Self {
        p as *mut T
    }
    #[inline(always)]
    fn into_raw(self) -> *mut c_void {
        self as *mut c_void
    }
}

/// Where `MAGIC` keeps `mg_ptr` (checked against the C compiler's answer at boot): after
/// `mg_moremagic`, `mg_virtual`, the three small fields (padded to a word), `mg_len` and
/// `mg_obj`.
const MG_PTR_OFFSET: usize = 5 * std::mem::size_of::<usize>();

/// The handle in a handle MAGIC.
///
/// # Safety
/// `mg` is the MAGIC of a live object.
#[inline(always)]
unsafe fn mg_ptr(mg: *const MAGIC) -> *mut c_void {
    // SAFETY: the caller's promise; the offset is checked at boot.
    unsafe { *((mg as *const u8).add(MG_PTR_OFFSET) as *const *mut c_void) }
}

/// An object argument of a call (see [`Call::object`]). The object lives at least until the
/// call returns. In a [volatile](Call::volatile) call its handle is read when it is used, so
/// a handle released meanwhile (an explicit `DESTROY` from a tied argument's code) is seen as
/// NULL, which libvirt rejects, never as a freed pointer; in any other call nothing can
/// change it, and it is read at once.
pub struct Obj<'a, P> {
    /// The handle magic to read at use, or NULL when `direct` is the handle.
    mg: *const MAGIC,
    direct: *mut c_void,
    _p: PhantomData<(&'a Call, P)>,
}

impl<P: Handle> Obj<'_, P> {
    /// The handle, now (NULL once released).
    #[inline(always)]
    pub fn ptr(&self) -> P {
        if self.mg.is_null() {
            return P::from_raw(self.direct);
        }
        // SAFETY: the MAGIC of a live object, held for the call; mg_ptr is at MG_PTR_OFFSET,
        // checked at boot.
        P::from_raw(unsafe { mg_ptr(self.mg) })
    }
}

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

    /// Argument `i` as the raw SV. It must exist: asking for one past the arguments is a
    /// bug of the caller, which panics (a `die`) rather than read past the stack.
    #[inline]
    pub fn arg(&self, i: usize) -> *mut SV {
        assert!(
            i < self.items(),
            "argument {i} of {} asked for",
            self.items()
        );
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

    /// Perl's `SvUV`, full width.
    #[inline]
    pub fn uv(&self, i: usize) -> u64 {
        // SAFETY: a live argument SV.
        unsafe { ffi::pbx_sv_uv(self.perl, self.arg(i)) as u64 }
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

    /// Whether converting this call's arguments may run Perl code: a tied or otherwise
    /// magic argument, a reference to a hash, an array or an overloaded object, or a
    /// `__WARN__` handler that a conversion's warning would call. Such code may free an
    /// object the call has read, or change a string it has read, so in such a call every
    /// object read is held until the statement ends and every string is copied (into a
    /// mortal scalar). Plain calls, by far the most common, pay for neither.
    #[inline]
    pub fn volatile(&self) -> bool {
        self.frame.volatile_args != 0
    }

    /// Perl's internal bytes of a string value (`SvPV`), for this call: borrowed, or in a
    /// [volatile](Call::volatile) call copied, so that no other argument's code can change
    /// them under the call.
    #[inline]
    pub fn bytes(&self, i: usize) -> &[u8] {
        let mut len = 0;
        let sv = self.arg(i);
        // SAFETY: SvPV (or its mortal copy) of a live argument; the buffer lives until the
        // statement ends, and no code of ours changes it.
        unsafe {
            let p = if self.volatile() {
                ffi::pbx_sv_pv_copy(self.perl, sv, &mut len)
            } else {
                ffi::pbx_sv_pv(self.perl, sv, &mut len)
            };
            bytes_at(p, len)
        }
    }

    /// Argument `i`'s bytes (`SvPV`, with its get-magic) lent to `f`, for a value that must
    /// not be left behind in memory this crate allocated (a secret). Perl's own buffer is
    /// lent in a plain call, where nothing can change it; in a [volatile](Call::volatile) call
    /// the bytes are copied at once, before any other Perl code can run, into a buffer of
    /// this crate that is zeroed when `f` returns (or unwinds). Unlike [`Call::bytes`], the
    /// bytes do not outlive `f`, so take this argument last and call C inside `f`.
    #[inline]
    pub fn with_wiped_bytes<R>(&self, i: usize, f: impl FnOnce(&[u8]) -> R) -> R {
        let mut len = 0;
        // SAFETY: SvPV of a live argument, read before anything else runs.
        let own = unsafe { bytes_at(ffi::pbx_sv_pv(self.perl, self.arg(i), &mut len), len) };
        if !self.volatile() {
            return f(own);
        }
        let copy = Wiped(own.to_vec());
        f(&copy.0)
    }

    /// A string argument for a C `const char *` parameter. A NUL byte inside it would cut
    /// the string short in C, so it is refused with a message naming the argument. The
    /// string stays valid until the caller's statement ends, whatever Perl code the other
    /// arguments' conversions run (see [`Call::volatile`]); no Rust value owns it, so a
    /// conversion that dies leaks nothing.
    #[inline]
    pub fn cstr(&self, i: usize, what: &str) -> Result<&CStr, Fail> {
        let bytes = self.bytes(i);
        self.c_str_of(bytes, what)
    }

    /// Like [`Call::bytes`], but `undef` or an absent argument gives `None` (get-magic runs
    /// once).
    #[inline]
    pub fn opt_bytes(&self, i: usize) -> Option<&[u8]> {
        if !self.defined(i) {
            return None;
        }
        let mut len = 0;
        // SAFETY: SvPV_nomg of a live argument whose get-magic just ran (in `defined`).
        let bytes = unsafe {
            let p = ffi::pbx_sv_pv_nomg(self.perl, self.arg(i), &mut len);
            bytes_at(p, len)
        };
        Some(if self.volatile() {
            self.perl().copy_bytes(bytes)
        } else {
            bytes
        })
    }

    /// Like [`Call::cstr`], but `undef` or an absent argument gives `None` (a C NULL).
    #[inline]
    pub fn opt_cstr(&self, i: usize, what: &str) -> Result<Option<&CStr>, Fail> {
        match self.opt_bytes(i) {
            Some(bytes) => self.c_str_of(bytes, what).map(Some),
            None => Ok(None),
        }
    }

    /// `bytes` (perl's, with the byte perl keeps after them) as a C string: checked for
    /// NULs, and copied into a mortal scalar in the rare case that no NUL follows them.
    #[inline]
    fn c_str_of<'a>(&'a self, bytes: &'a [u8], what: &str) -> Result<&'a CStr, Fail> {
        // SAFETY: perl keeps one byte after a string's bytes (XS hands SvPV to C functions
        // as it is), and `bytes_at` gives a static NUL after an empty string.
        let with_next = unsafe { std::slice::from_raw_parts(bytes.as_ptr(), bytes.len() + 1) };
        match c_string(with_next) {
            CStrCheck::Borrowed(c) => Ok(c),
            CStrCheck::InnerNul => Err(self.nul_error(what)),
            CStrCheck::NeedsNul => {
                let copy = self.perl().copy_bytes(bytes);
                // SAFETY: the copy has no NUL inside (checked above) and one after.
                Ok(unsafe {
                    CStr::from_bytes_with_nul_unchecked(std::slice::from_raw_parts(
                        copy.as_ptr(),
                        copy.len() + 1,
                    ))
                })
            }
        }
    }

    #[cold]
    fn nul_error(&self, what: &str) -> Fail {
        Fail::Message(format!(
            "{}() -- {} contains a NUL byte, which libvirt cannot take in a string",
            self.sub_name(),
            what
        ))
    }

    /// The full Perl name of the running XSUB (only for messages: it costs a lookup),
    /// without the prefix set by [`set_hidden_prefix`].
    pub fn sub_name(&self) -> String {
        // SAFETY: cv is the running XSUB.
        unsafe { cv_name(self.perl, self.cv) }
    }

    /// Argument `i`, an object of `kind`, named `kind.arg` in messages. Anything that is
    /// not a blessed scalar reference gets the XS typemap's answer (a warning and `undef`);
    /// a blessed scalar reference that this crate did not make for `kind` is refused with a
    /// `die` (XS would take its number as a pointer). In a [volatile](Call::volatile) call
    /// the object is held until the statement ends, so that code run by a later conversion
    /// cannot free it; its handle is read when the call uses it ([`Obj::ptr`]).
    #[inline]
    pub fn object<P: Handle>(
        &self,
        i: usize,
        kind: &'static HandleKind<P>,
    ) -> Result<Obj<'_, P>, Fail> {
        self.checked_object(i, kind, kind.arg, false)
    }

    /// [`Call::object`] with another argument name in messages.
    #[inline]
    pub fn object_as<P: Handle>(
        &self,
        i: usize,
        kind: &'static HandleKind<P>,
        arg: &str,
    ) -> Result<Obj<'_, P>, Fail> {
        self.checked_object(i, kind, arg, false)
    }

    /// Like [`Call::object`], but a non-object is an error too (`die`), for the subs where
    /// XS would dereference it blindly and crash.
    #[inline]
    pub fn object_strict<P: Handle>(
        &self,
        i: usize,
        kind: &'static HandleKind<P>,
        arg: &str,
    ) -> Result<Obj<'_, P>, Fail> {
        self.checked_object(i, kind, arg, true)
    }

    #[inline(always)]
    fn checked_object<P: Handle>(
        &self,
        i: usize,
        kind: &'static HandleKind<P>,
        arg: &str,
        strict: bool,
    ) -> Result<Obj<'_, P>, Fail> {
        match self.lookup_object(i, kind.vtbl()) {
            Ok((mg, direct)) => Ok(Obj {
                mg,
                direct,
                _p: PhantomData,
            }),
            Err(wrong_kind) => Err(Self::object_error(
                self.perl,
                self.cv,
                self.opt_arg(i),
                kind.class,
                arg,
                strict,
                wrong_kind,
            )),
        }
    }

    /// The answer to a bad object argument `sv` (absent: None) of the XSUB `cv`, kept out of
    /// line (the rare path) and given values rather than the Call, whose address would
    /// otherwise escape and keep its fields out of registers in every method.
    #[cold]
    #[inline(never)]
    fn object_error(
        perl: Interp,
        cv: *mut CV,
        sv: Option<*mut SV>,
        class: &str,
        arg: &str,
        strict: bool,
        wrong_kind: bool,
    ) -> Fail {
        // SAFETY: cv is the running XSUB.
        let sub_name = unsafe { cv_name(perl, cv) };
        if let (true, Some(sv)) = (wrong_kind, sv) {
            return wrong_kind_error(perl, &sub_name, sv, class, arg);
        }
        let text = format!("{}() -- {} is not a blessed SV reference", sub_name, arg);
        if strict {
            Fail::Message(text)
        } else {
            Fail::WarnUndef(text)
        }
    }

    /// Ok((magic to read at use, or NULL; the handle now)), Err(false) for "not a blessed
    /// scalar ref", Err(true) for "another kind".
    #[inline(always)]
    fn lookup_object(
        &self,
        i: usize,
        vtbl: &'static MGVTBL,
    ) -> Result<(*const MAGIC, *mut c_void), bool> {
        let volatile = self.volatile();
        // The common case, the invocant of a plain call, was already looked at by
        // pbx_xs_begin, and nothing has run since.
        if i == 0 && !volatile && std::ptr::eq(self.frame.self_vtbl, vtbl) {
            return Ok((std::ptr::null(), self.frame.self_ptr));
        }
        let sv = self.opt_arg(i).ok_or(false)?;
        let mut status: c_int = 0;
        // SAFETY: a live argument SV and a vtable with 'static lifetime.
        let mg = unsafe { ffi::pbx_handle(self.perl, sv, vtbl, volatile as c_int, &mut status) };
        match status {
            // SAFETY: the MAGIC of the live object just found.
            0 if !volatile => Ok((std::ptr::null(), unsafe { mg_ptr(mg) })),
            0 => Ok((mg, std::ptr::null_mut())),
            1 => Err(false),
            _ => Err(true),
        }
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
            // The hash itself is held, so that code run by reading its values (tied
            // elements) cannot free it under the reader.
            ffi::pbx_hold_referent(self.perl, sv);
            Some(HashView {
                perl: self.perl,
                hv: target as *mut HV,
            })
        }
    }

    /// Argument `i` as an array, if it is a reference to one (the array is held for the
    /// statement, so code run by reading its elements cannot free it).
    pub fn array_arg(&self, i: usize) -> Option<ArrayView> {
        let sv = self.opt_arg(i)?;
        Value {
            perl: self.perl,
            sv,
        }
        .array()
    }

    /// Takes the handle out of object `i` (for `DESTROY`), leaving NULL and a zero behind.
    pub fn take_handle<P: Handle>(&self, i: usize, kind: &'static HandleKind<P>) -> P {
        P::from_raw(match self.opt_arg(i) {
            // SAFETY: a live argument SV and a 'static vtable.
            Some(sv) => unsafe { ffi::pbx_take_handle(self.perl, sv, kind.vtbl()) },
            None => std::ptr::null_mut(),
        })
    }

    /// `DESTROY` of a handle class: takes the handle out of object 0 and drops its
    /// reference (perl then frees the object without releasing anything again).
    pub fn destroy<P: Handle>(&self, kind: &'static HandleKind<P>) {
        let ptr = self.take_handle(0, kind);
        // SAFETY: the object's own reference, just taken out of it.
        unsafe { kind.release(ptr) }
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
    ///
    /// # Safety
    /// `ptr` must be a handle of the objects' kind carrying one reference that the caller
    /// gives up.
    #[inline]
    pub unsafe fn ret_object<P: Handle>(&mut self, objects: &Objects<P>, ptr: P) {
        let sv = objects.make(ptr.into_raw());
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
    pub unsafe fn ret_objects<P: Handle>(&mut self, objects: &Objects<P>, ptrs: &[P]) {
        let n = ptrs.len();
        if n == 0 {
            return;
        }
        self.reserve(n);
        // SAFETY: room for n values was just made; `Handle` types are `void *`-sized
        // pointers, and the caller gives their references to the new objects.
        unsafe {
            ffi::pbx_new_objects(
                self.perl,
                self.frame.st_ptr(self.nret as usize),
                objects.kind.vtbl(),
                ptrs.as_ptr() as *const *mut c_void,
                n,
                objects.stash,
            );
        }
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

    /// Returns an integer in the XSUB's target, as XS's `PUSHi` does: the calling op's pad
    /// scalar is set in place (see [`Call::ret_str`]), so no scalar is made, made mortal and
    /// freed per call. Like `ret_str`, for a sole return value.
    #[inline]
    pub fn ret_int(&mut self, v: i64) {
        // SAFETY: the target belongs to the calling op (or is a new mortal); the stack is
        // extended before writing.
        unsafe {
            let sv = ffi::pbx_targ_iv(self.perl, v as ffi::IV);
            self.push(sv);
        }
    }

    /// [`Call::ret_int`] for an unsigned integer (XS's `PUSHu`).
    #[inline]
    pub fn ret_uint(&mut self, v: u64) {
        // SAFETY: as in ret_int.
        unsafe {
            let sv = ffi::pbx_targ_uv(self.perl, v as ffi::UV);
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
    ///
    /// # Safety
    /// `sv` is a live value that perl owns (a mortal or an immortal).
    #[inline]
    unsafe fn push(&mut self, sv: *mut SV) {
        // SAFETY: inside this XSUB; room is made before the write. The arguments' slots are
        // room already (a method's first return value goes where its invocant was).
        unsafe {
            if self.nret >= self.frame.items {
                self.frame.extend(self.perl, self.nret as usize + 1);
            }
            self.frame.set_st(self.nret as usize, sv);
        }
        self.nret += 1;
    }
}

/// The interpreter, for making values (only inside an XSUB or a boot function, or a C
/// callback that checked [`Perl::is_current`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Perl(Interp);

impl Perl {
    /// A new string of these bytes (no UTF-8 flag).
    #[inline]
    pub fn str(self, s: &[u8]) -> Owned {
        // SAFETY: newSVpvn copies the bytes.
        self.own(unsafe { ffi::pbx_new_pvn(self.0, s.as_ptr() as *const c_char, s.len()) })
    }
    /// A new `undef` (a scalar of its own, as `newSV(0)` makes).
    #[inline]
    pub fn undef(self) -> Owned {
        // SAFETY: plain constructor.
        self.own(unsafe { ffi::pbx_new_sv(self.0) })
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
    /// A new, empty array.
    pub fn array(self) -> Array {
        // SAFETY: plain constructor; the array is owned through its Owned.
        let av = unsafe { ffi::pbx_new_av(self.0) };
        Array {
            owned: self.own(av as *mut SV),
        }
    }
    /// A reference to a new hash of these keys and values (which it takes over), made in
    /// one call: for a struct returned as a hash.
    pub fn hash_ref<const N: usize>(self, keys: &[&str; N], vals: [Owned; N]) -> Owned {
        let ptrs: [*const c_char; N] = std::array::from_fn(|i| keys[i].as_ptr() as *const c_char);
        let lens: [ffi::I32; N] = std::array::from_fn(|i| keys[i].len() as ffi::I32);
        let vals = vals.map(Owned::into_raw);
        // SAFETY: N keys with their lengths and N values whose counts the hash takes over.
        self.own(unsafe {
            ffi::pbx_new_hash_ref(self.0, ptrs.as_ptr(), lens.as_ptr(), vals.as_ptr(), N)
        })
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
    /// A copy of `bytes`, owned by a new mortal scalar (so freed when the caller's statement
    /// ends, or when perl unwinds past it), followed by a NUL.
    #[inline]
    pub fn copy_bytes<'a>(self, bytes: &[u8]) -> &'a [u8] {
        // SAFETY: newSVpvn copies the bytes and adds a NUL; the mortal lives until the
        // statement ends, which outlasts the call that asked for it.
        unsafe {
            let sv = ffi::pbx_mortal(
                self.0,
                ffi::pbx_new_pvn(self.0, bytes.as_ptr() as *const c_char, bytes.len()),
            );
            sv_bytes(self.0, sv)
        }
    }

    /// `n` zeroed elements of `T`, in memory owned by a new mortal scalar: freed when the
    /// caller's statement ends, or when perl unwinds past it after a `die`, so a call that
    /// needs memory while it converts arguments (whose code may die) never leaks it.
    /// `T` must be plain data for which all-zero bytes are a valid value.
    #[inline]
    pub fn scratch<'a, T: Copy>(self, n: usize) -> &'a mut [T] {
        let bytes = n
            .checked_mul(std::mem::size_of::<T>())
            .expect("scratch size");
        // SAFETY: perl's allocator aligns to at least 8 bytes (checked below for T), the
        // block is zeroed and lives until the statement ends, and nothing else refers to it.
        unsafe {
            let p = ffi::pbx_scratch(self.0, bytes) as *mut T;
            assert!(
                p as usize % std::mem::align_of::<T>() == 0,
                "scratch alignment"
            );
            std::slice::from_raw_parts_mut(p, n)
        }
    }

    /// Calls the code `cv` with `args`, trapping a `die`: `Ok` with up to `max` of its results
    /// (in list context when `max` > 1), or `Err` with a copy of the error. Meant for C
    /// callbacks that run Perl code while C frames are on the stack (no `die` may cross
    /// them): the caller hands the error back to Perl once those frames have returned.
    ///
    /// # Safety
    /// Inside an XSUB of this interpreter (or a callback it runs); `cv` and `args` are live.
    pub unsafe fn call_eval(
        self,
        cv: *mut SV,
        args: &[*mut SV],
        max: usize,
    ) -> Result<Vec<Owned>, Owned> {
        let mut out = vec![std::ptr::null_mut::<SV>(); max];
        let mut err: *mut SV = std::ptr::null_mut();
        // SAFETY: the caller's promise; out has room for max values.
        let n = unsafe {
            ffi::pbx_call_eval(
                self.0,
                cv,
                args.as_ptr(),
                args.len() as c_int,
                (max > 1) as c_int,
                out.as_mut_ptr(),
                max as c_int,
                &mut err,
            )
        };
        if !err.is_null() {
            return Err(self.own(err));
        }
        Ok(out[..n as usize].iter().map(|&sv| self.own(sv)).collect())
    }

    /// Sets `sv` to a byte string (with set-magic).
    ///
    /// # Safety
    /// `sv` is a live, writable value of this interpreter.
    pub unsafe fn set_bytes(self, sv: *mut SV, bytes: &[u8]) {
        // SAFETY: the caller's promise; sv_setpvn copies the bytes.
        unsafe { ffi::pbx_sv_set_bytes(self.0, sv, bytes.as_ptr() as *const c_char, bytes.len()) }
    }

    /// What makes objects of `kind` in this interpreter: its class's stash, looked up once
    /// (so a list of objects costs one lookup).
    #[inline]
    pub fn objects<P: Handle>(self, kind: &'static HandleKind<P>) -> Objects<P> {
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

    /// The interpreter behind a pointer kept from an earlier call.
    ///
    /// # Safety
    /// `i` is a live interpreter; it is used only once [`Perl::is_current`] says so.
    pub unsafe fn from_interp(i: Interp) -> Perl {
        Perl(i)
    }

    /// The interpreter pointer, for keeping (see [`Perl::from_interp`]).
    pub fn interp(self) -> Interp {
        self.0
    }

    /// `o` as a mortal value: freed when the enclosing statement, or
    /// [`Perl::with_temps`] scope, ends.
    pub fn mortal(self, o: Owned) -> *mut SV {
        // SAFETY: a value this code owns, handed to perl's temporaries.
        unsafe { ffi::pbx_mortal(self.0, o.into_raw()) }
    }

    /// Whether this interpreter is the one current on the calling OS thread: a C callback
    /// that kept a [`Perl`] from the XSUB that registered it may run Perl code only then
    /// (each Perl thread is its own interpreter on its own OS thread, and C code may call
    /// back on any thread).
    #[inline]
    pub fn is_current(self) -> bool {
        // SAFETY: reads the thread's interpreter pointer; touches nothing else.
        unsafe { ffi::pbx_current_interp() == self.0 as *mut c_void }
    }

    /// A new scalar holding a copy of `sv`'s value (for a reference: a new reference to the
    /// same thing), for keeping beyond the call.
    ///
    /// # Safety
    /// `sv` is a live value of this interpreter, which is current.
    pub unsafe fn copy(self, sv: *mut SV) -> Owned {
        // SAFETY: the caller's promise; newSVsv makes a new value.
        self.own(unsafe { ffi::pbx_new_sv_copy(self.0, sv) })
    }

    /// A new unblessed reference to an integer: a token handed to Perl code that gives it
    /// back later (see [`Perl::iv_ref_value`]).
    pub fn iv_ref(self, v: i64) -> Owned {
        // SAFETY: plain constructors.
        self.own(unsafe { ffi::pbx_new_iv_ref(self.0, v as isize) })
    }

    /// The integer behind a reference made by [`Perl::iv_ref`] (or any reference to a plain
    /// integer), or `None`. Runs no Perl code.
    ///
    /// # Safety
    /// `sv` is a live value of this interpreter.
    pub unsafe fn iv_ref_value(self, sv: *mut SV) -> Option<i64> {
        let mut v: ffi::IV = 0;
        // SAFETY: the caller's promise; the shim only inspects flags and reads the IV.
        (unsafe { ffi::pbx_iv_ref_value(self.0, sv, &mut v) } != 0).then_some(v as i64)
    }

    /// The hash `rv` refers to, if it is a hash reference.
    ///
    /// # Safety
    /// `rv` is a live value of this interpreter; the view is used while the hash lives.
    pub unsafe fn hash_view(self, rv: *mut SV) -> Option<HashView> {
        // SAFETY: type checks on a live SV before treating its referent as a hash.
        unsafe {
            if ffi::pbx_sv_rok(rv) == 0 {
                return None;
            }
            let target = ffi::pbx_sv_rv(rv);
            if ffi::pbx_sv_type(target) != ffi::pbx_svt_pvhv() {
                return None;
            }
            Some(HashView {
                perl: self.0,
                hv: target as *mut HV,
            })
        }
    }

    /// Runs `f` inside a scope of its own for temporaries (perl's `ENTER; SAVETMPS` ...
    /// `FREETMPS; LEAVE`): mortal values `f` makes are freed when it returns. For C callbacks,
    /// which have no statement of their own whose end would free them. `f` must not `die`
    /// (use [`Perl::call_eval`] for Perl code); a panic in it still leaves the scope.
    pub fn with_temps<R>(self, f: impl FnOnce() -> R) -> R {
        struct Leave(Interp);
        impl Drop for Leave {
            fn drop(&mut self) {
                // SAFETY: pairs with the enter below, on the same interpreter.
                unsafe { ffi::pbx_leave_temps(self.0) }
            }
        }
        // SAFETY: the interpreter is current (the caller's duty, as for every Perl method).
        unsafe { ffi::pbx_enter_temps(self.0) };
        let _leave = Leave(self.0);
        f()
    }

    /// Like [`Perl::call_eval`], for the sub named `name` ("Package::sub"); `None` when
    /// there is no such sub.
    ///
    /// # Safety
    /// As for [`Perl::call_eval`].
    pub unsafe fn call_named_eval(
        self,
        name: &CStr,
        args: &[*mut SV],
        max: usize,
    ) -> Option<Result<Vec<Owned>, Owned>> {
        // SAFETY: a lookup that creates nothing.
        let cv = unsafe { ffi::pbx_get_cv(self.0, name.as_ptr()) };
        if cv.is_null() {
            return None;
        }
        // SAFETY: the caller's promise; cv is a live sub.
        Some(unsafe { self.call_eval(cv, args, max) })
    }
}

impl Perl {
    /// A new Perl file handle (a reference to an anonymous glob, as `open my $fh` makes)
    /// on the descriptor `fd`, which it takes over: perl closes it when the handle is closed
    /// or freed. Opened for reading, writing or both, as the descriptor allows. `None`, with
    /// `fd` still open and the caller's, if perl cannot make one (a descriptor that is not
    /// open).
    pub fn fd_handle(self, fd: c_int) -> Option<Owned> {
        // SAFETY: perl's own interpreter; the shim checks the descriptor first.
        let sv = unsafe { ffi::pbx_fd_handle(self.0, fd) };
        (!sv.is_null()).then(|| self.own(sv))
    }
}

/// A file descriptor as a Perl value gives it (see [`Value::fd`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fd {
    /// An open file handle's descriptor.
    Handle(c_int),
    /// Not a file handle: the value as a number.
    Number(i64),
    /// A file handle without a descriptor (closed, tied, or in memory).
    NoDescriptor,
}

/// An array being filled.
pub struct Array {
    owned: Owned,
}

impl Array {
    /// Appends `v` (the array takes its count over).
    pub fn push(&mut self, v: Owned) {
        // SAFETY: av_push takes over v's count.
        unsafe { ffi::pbx_av_push(self.owned.perl, self.owned.sv as *mut ffi::AV, v.into_raw()) }
    }
    /// A reference to the array.
    pub fn into_ref(self) -> Owned {
        Perl(self.owned.perl).rv(self.owned)
    }
}

/// Makes handle objects of one kind (see [`Perl::objects`]).
pub struct Objects<P: 'static> {
    perl: Interp,
    kind: &'static HandleKind<P>,
    stash: *mut HV,
}

impl<P: Handle> Objects<P> {
    /// A new object holding `ptr`, as a value to store (in a hash, an array).
    ///
    /// # Safety
    /// `ptr` is a handle of the kind on which the caller owns a reference, which moves into
    /// the object.
    pub unsafe fn object(&self, ptr: P) -> Owned {
        // SAFETY: the caller's promise; the new object has a count of its own for Owned.
        let sv = unsafe {
            ffi::pbx_new_object_owned(self.perl, self.kind.vtbl(), ptr.into_raw(), self.stash)
        };
        Owned {
            perl: self.perl,
            sv,
        }
    }

    /// A new mortal object holding `ptr`, outside an XSUB's return list (an argument for a
    /// callback).
    ///
    /// # Safety
    /// `ptr` is a handle of this kind carrying one reference that the object takes over.
    pub unsafe fn mortal(&self, ptr: P) -> *mut SV {
        self.make(ptr.into_raw())
    }
}

impl<P> Objects<P> {
    /// A new mortal object holding `ptr`, whose reference (now owned by the object) is
    /// released when perl frees the object.
    #[inline]
    fn make(&self, ptr: *mut c_void) -> *mut SV {
        // SAFETY: a handle SV with the kind's magic, referenced and blessed into its stash.
        unsafe { ffi::pbx_new_object(self.perl, self.kind.vtbl(), ptr, self.stash) }
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
    /// Whether `key` exists (perl's `exists`; a tied hash's EXISTS runs).
    pub fn exists(&self, key: &[u8]) -> bool {
        // SAFETY: hv is a live hash, held for the call.
        unsafe {
            ffi::pbx_hv_exists(
                self.perl,
                self.hv,
                key.as_ptr() as *const c_char,
                key.len() as i32,
            ) != 0
        }
    }

    /// The value under `key`, if present, asked for as the XS module asks: `exists` first,
    /// then the value (for a tied hash, EXISTS and then FETCH; an absent key is never
    /// fetched).
    pub fn get(&self, key: &[u8]) -> Option<Value> {
        if !self.exists(key) {
            return None;
        }
        self.fetch(key)
    }

    /// The value under `key`, fetched without asking `exists` first.
    pub fn fetch(&self, key: &[u8]) -> Option<Value> {
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

/// A caller's hash kept alive past the call (a count of its own), for code that reads it
/// later on the same Perl thread; reads go through [`HashView`].
pub struct KeptHash(HashView);

impl KeptHash {
    pub fn new(h: HashView) -> KeptHash {
        // SAFETY: a live hash; the count taken is this value's.
        unsafe { ffi::pbx_refcnt_inc(h.hv as *mut SV) };
        KeptHash(h)
    }
}

impl std::ops::Deref for KeptHash {
    type Target = HashView;
    fn deref(&self) -> &HashView {
        &self.0
    }
}

impl Drop for KeptHash {
    fn drop(&mut self) {
        // SAFETY: the count taken in new, given back on the interpreter that owns the hash.
        unsafe { ffi::pbx_refcnt_dec(self.0.perl, self.0.hv as *mut SV) }
    }
}

/// An array passed in by the caller (see [`Call::array_arg`], [`Value::array`]).
pub struct ArrayView {
    perl: Interp,
    av: *mut AV,
}

impl ArrayView {
    /// The number of elements (for a tied array, FETCHSIZE runs).
    pub fn len(&self) -> usize {
        // SAFETY: av is a live array, held for the statement.
        unsafe { ffi::pbx_av_count(self.perl, self.av) }.max(0) as usize
    }

    /// Whether the array has no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Element `i`, or `None` where the array has none (a hole, or past its end).
    pub fn get(&self, i: usize) -> Option<Value> {
        // SAFETY: av is a live array, held for the statement; av_fetch does not store.
        let sv = unsafe { ffi::pbx_av_fetch(self.perl, self.av, i as libc::ssize_t) };
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
    /// The value itself (borrowed).
    pub fn as_ptr(self) -> *mut SV {
        self.sv
    }
    /// Perl's `defined` (get-magic runs).
    pub fn defined(self) -> bool {
        // SAFETY: a live SV.
        unsafe { ffi::pbx_sv_ok(self.perl, self.sv) != 0 }
    }
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
    /// The array this value refers to, if it is a reference to one (its get-magic runs
    /// once; the array is held for the statement).
    pub fn array(self) -> Option<ArrayView> {
        // SAFETY: a live SV; the array returned is held until the statement ends.
        let av = unsafe { ffi::pbx_sv_array(self.perl, self.sv) };
        (!av.is_null()).then_some(ArrayView {
            perl: self.perl,
            av,
        })
    }

    /// Keeps the value alive until the caller's statement ends, and, if it is an object of
    /// `kind`, the object too (get-magic runs once). `Ok` with the value to read the handle
    /// from later ([`Value::handle`]), or `Err(true)` for an object of another kind and
    /// `Err(false)` for a non-object.
    pub fn hold_object<P: Handle>(self, kind: &'static HandleKind<P>) -> Result<Value, bool> {
        let mut status: c_int = 0;
        // SAFETY: a live SV and a 'static vtable; with hold set the object is kept alive.
        unsafe {
            ffi::pbx_hold(self.perl, self.sv);
            ffi::pbx_handle(self.perl, self.sv, kind.vtbl(), 1, &mut status);
        }
        match status {
            0 => Ok(self),
            1 => Err(false),
            _ => Err(true),
        }
    }

    /// The handle of an object of `kind` (see [`Value::hold_object`]), read now: NULL if it
    /// was released meanwhile or the value is not such an object. No Perl code runs.
    pub fn handle<P: Handle>(self, kind: &'static HandleKind<P>) -> P {
        let mut status: c_int = 0;
        // SAFETY: a live SV (held by hold_object) and a 'static vtable. The value's magic
        // already ran, so the non-magical check reads it as it is.
        unsafe {
            let mg = ffi::pbx_handle_nomg(self.perl, self.sv, kind.vtbl(), &mut status);
            if status == 0 {
                P::from_raw(mg_ptr(mg))
            } else {
                P::from_raw(std::ptr::null_mut())
            }
        }
    }

    /// The value as a file descriptor: a file handle's (a glob, a reference to one, or an
    /// IO object), or else the value as a number. Get-magic runs once.
    pub fn fd(self) -> Fd {
        let mut kind: c_int = 0;
        // SAFETY: a live SV; the shim only inspects it and reads its descriptor or number.
        let v = unsafe { ffi::pbx_sv_fd(self.perl, self.sv, &mut kind) } as i64;
        match kind {
            1 => Fd::Handle(v as c_int),
            0 => Fd::Number(v),
            _ => Fd::NoDescriptor,
        }
    }

    /// The string value as a C string copied into a mortal scalar (so no later code can
    /// change it under the call), or `None` if it contains a NUL byte.
    pub fn cstr_copy<'a>(self) -> Option<&'a CStr> {
        let mut len = 0;
        // SAFETY: SvPV copied into a mortal, NUL-terminated, alive until the statement ends.
        let bytes = unsafe { bytes_at(ffi::pbx_sv_pv_copy(self.perl, self.sv, &mut len), len) };
        if bytes.contains(&0) {
            return None;
        }
        // SAFETY: no NUL inside; the copy (or bytes_at's static) has one right after.
        Some(unsafe {
            CStr::from_bytes_with_nul_unchecked(std::slice::from_raw_parts(bytes.as_ptr(), len + 1))
        })
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

/// What a perl string is as a C string: `with_next` is the string's bytes followed by the
/// byte perl keeps after them.
#[derive(Debug, PartialEq, Eq)]
pub enum CStrCheck<'a> {
    /// The bytes contain a NUL: C would see a shorter string.
    InnerNul,
    /// The byte after them is a NUL: the buffer is a C string as it is.
    Borrowed(&'a CStr),
    /// No NUL after them: a copy with one is needed.
    NeedsNul,
}

/// Classifies a perl string for C (see [`CStrCheck`]).
#[inline]
pub fn c_string(with_next: &[u8]) -> CStrCheck<'_> {
    let Some((&next, bytes)) = with_next.split_last() else {
        return CStrCheck::NeedsNul;
    };
    if bytes.contains(&0) {
        CStrCheck::InnerNul
    } else if next == 0 {
        // SAFETY: exactly one NUL, the last byte (the others were just checked).
        CStrCheck::Borrowed(unsafe { CStr::from_bytes_with_nul_unchecked(with_next) })
    } else {
        CStrCheck::NeedsNul
    }
}

/// A perl number as a C `unsigned int` parameter: `SvUV`'s value cut to its low 32 bits, as
/// the XS module's typemap does (so -1, which SvUV makes UV_MAX, becomes 0xFFFFFFFF).
#[inline]
pub fn c_uint(uv: usize) -> u32 {
    uv as u32
}

/// `len` bytes at `p`, or no bytes for a NULL `p`.
///
/// # Safety
/// `p` is NULL or points at `len` bytes, followed by one more, that outlive `'a`.
#[inline]
unsafe fn bytes_at<'a>(p: *const c_char, len: usize) -> &'a [u8] {
    if p.is_null() {
        // A NUL-terminated empty string, like perl's own buffers.
        &b"\0"[..0]
    } else {
        // SAFETY: the caller's promise.
        unsafe { std::slice::from_raw_parts(p as *const u8, len) }
    }
}

/// Zeroes `buf` in a way the compiler may not drop as a dead store (before it is freed).
pub fn wipe(buf: &mut [u8]) {
    // SAFETY: buf is writable memory of buf.len() bytes.
    unsafe { libc::explicit_bzero(buf.as_mut_ptr() as *mut libc::c_void, buf.len()) };
}

/// A copy of sensitive bytes, zeroed when dropped.
struct Wiped(Vec<u8>);

impl Drop for Wiped {
    fn drop(&mut self) {
        wipe(&mut self.0);
    }
}

/// The full Perl name of an XSUB.
///
/// # Safety
/// `cv` is a live sub of the interpreter `perl`, which is current.
unsafe fn cv_name(perl: Interp, cv: *mut CV) -> String {
    // SAFETY: the caller's promise; the name is a new mortal.
    let name = unsafe {
        let sv = ffi::pbx_cv_name(perl, cv);
        String::from_utf8_lossy(sv_bytes(perl, sv)).into_owned()
    };
    // A sub under a hidden name is named as the sub it stands for (set_hidden_prefix).
    match hidden_prefix().and_then(|pre| name.strip_prefix(pre)) {
        Some(shown) => shown.to_string(),
        None => name,
    }
}

/// The answer to an object argument `sv` blessed into another class than `class`.
fn wrong_kind_error(perl: Interp, sub_name: &str, sv: *mut SV, class: &str, arg: &str) -> Fail {
    // SAFETY: sv is a live argument and a blessed reference: its class name is perl's.
    let got = unsafe { cstr_lossy(ffi::pbx_sv_reftype_name(perl, sv)) };
    Fail::Message(format!(
        "{}() -- {} is not a {} object made by this module (got a reference blessed into {})",
        sub_name, arg, class, got
    ))
}

/// The text of a C string (or a placeholder for NULL).
///
/// # Safety
/// `p` is NULL or a NUL-terminated string.
unsafe fn cstr_lossy(p: *const c_char) -> String {
    if p.is_null() {
        String::from("(unblessed)")
    } else {
        // SAFETY: the caller's promise: a NUL-terminated string.
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
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
    // The shim fills a frame of its own, whose fields are then read one by one (at the width
    // they were written: a wider copy would make the CPU wait for those stores, a failed
    // store-to-load forwarding) into the Call, whose address no C function ever sees: so
    // the compiler may keep its fields in registers across the calls the body makes. Nor is
    // the shim's frame zeroed first: the shim writes every field.
    let mut frame = std::mem::MaybeUninit::<ffi::Frame>::uninit();
    // SAFETY: called from an XSUB with perl's own interpreter (the caller's promise);
    // pbx_xs_begin writes every field of the frame.
    let frame = unsafe {
        ffi::pbx_xs_begin(perl, frame.as_mut_ptr());
        ffi::Frame::read(frame.as_ptr())
    };
    let mut call = Call {
        perl,
        cv,
        frame,
        nret: 0,
    };
    let call = &mut call;
    let outcome = catch_unwind(AssertUnwindSafe(|| body(call)));
    let fail = match outcome {
        Ok(Ok(())) => {
            // SAFETY: the body pushed nret values on room it made.
            unsafe { call.frame.xs_return(call.nret as usize) };
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
    // SAFETY: the body and all its values are gone; still inside the XSUB.
    unsafe { raise(perl, cv, call.frame, fail) };
}

static HIDDEN_PREFIX: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();

/// Sets a package prefix under which XSUBs stand for others of the same name without it
/// (`Sys::Virt::Async::XS::` for the async forms): messages that name the running sub
/// (its usage, [`Call::sub_name`]) leave the prefix out. Set once; later calls are ignored.
pub fn set_hidden_prefix(prefix: &'static str) {
    let _ = HIDDEN_PREFIX.set(prefix);
}

fn hidden_prefix() -> Option<&'static str> {
    HIDDEN_PREFIX.get().copied()
}

/// Raises a failure. Every owned Rust value is turned into a perl mortal or dropped before
/// the `longjmp` of `die`.
///
/// # Safety
/// Called by [`dispatch`] only, with no Rust value left that needs dropping.
unsafe fn raise(perl: Interp, cv: *mut CV, frame: ffi::Frame, fail: Fail) {
    // SAFETY: perl's own interpreter, inside the XSUB; `die` and `warn` may longjmp, and
    // only perl-owned (mortal) values are live when they do.
    unsafe {
        let sv = match fail {
            Fail::Die(owned) => ffi::pbx_mortal(perl, owned.into_raw()),
            Fail::Message(text) => message_sv(perl, text),
            Fail::Usage(params) => match hidden_prefix() {
                // Subs registered under a hidden name: a usage names the sub it stands for.
                Some(_) => message_sv(
                    perl,
                    format!("Usage: {}({})", cv_name(perl, cv), params.to_string_lossy()),
                ),
                None => ffi::pbx_croak_xs_usage(cv, params.as_ptr()),
            },
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
}

/// A new mortal string of `text` (the String is dropped before anything can longjmp).
///
/// # Safety
/// Inside an XSUB, with perl's own interpreter.
unsafe fn message_sv(perl: Interp, text: String) -> *mut SV {
    // SAFETY: newSVpvn copies the bytes.
    let sv = unsafe { ffi::pbx_new_pvn(perl, text.as_ptr() as *const c_char, text.len()) };
    drop(text);
    // SAFETY: a new SV this code owns.
    unsafe { ffi::pbx_mortal(perl, sv) }
}

/// Declares an XSUB: `xsub!(fn name(call) { ... Ok(()) })` defines
/// `unsafe extern "C" fn name(perl, cv)` that runs the block through [`dispatch`]. The
/// block is ordinary safe Rust: it is written outside any `unsafe` block, so every unsafe
/// operation in it needs one of its own.
#[macro_export]
macro_rules! xsub {
    ($(#[$meta:meta])* $vis:vis fn $name:ident($call:ident) { $($body:tt)* }) => {
        $(#[$meta])*
        $vis unsafe extern "C" fn $name(perl: $crate::ffi::Interp, cv: *mut $crate::ffi::CV) {
            let body = |$call: &mut $crate::Call| -> ::std::result::Result<(), $crate::Fail> {
                $($body)*
            };
            // SAFETY: perl calls this XSUB with its interpreter and the sub's CV.
            unsafe { $crate::dispatch(perl, cv, body) }
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
pub struct HandleKind<P> {
    head: KindHead, // first: a MAGIC's vtable pointer is also a pointer to its kind
    pub class: &'static str,
    pub arg: &'static str,
    _handle: PhantomData<P>,
}

/// The part of a [`HandleKind`] that C and the untyped callbacks read (`struct
/// pbx_kind_head` in the shim).
#[repr(C)]
struct KindHead {
    vtbl: MGVTBL,
    release: unsafe extern "C" fn(*mut c_void) -> c_int,
    add_ref: unsafe extern "C" fn(*mut c_void) -> c_int,
}

// SAFETY: immutable after construction; function pointers and static strings only (the
// handle type is only a marker).
unsafe impl<P> Sync for HandleKind<P> {}

impl<P: Handle> HandleKind<P> {
    /// `add_ref` takes one more reference and `release` drops one, each returning 0 on
    /// success as libvirt's `vir*Ref` and `vir*Free` do. Both are called from C and must not
    /// panic: they are libvirt's own functions.
    pub const fn new(
        class: &'static str,
        arg: &'static str,
        add_ref: unsafe extern "C" fn(P) -> c_int,
        release: unsafe extern "C" fn(P) -> c_int,
    ) -> HandleKind<P> {
        HandleKind {
            head: KindHead {
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
                // SAFETY: `P` is a raw pointer (`Handle`), which has the ABI of `void *`: the
                // functions may be called through pointers that take `void *`.
                release: unsafe {
                    std::mem::transmute::<
                        unsafe extern "C" fn(P) -> c_int,
                        unsafe extern "C" fn(*mut c_void) -> c_int,
                    >(release)
                },
                // SAFETY: as above.
                add_ref: unsafe {
                    std::mem::transmute::<
                        unsafe extern "C" fn(P) -> c_int,
                        unsafe extern "C" fn(*mut c_void) -> c_int,
                    >(add_ref)
                },
            },
            class,
            arg,
            _handle: PhantomData,
        }
    }

    /// Takes one more reference on a handle of this kind; false if that failed (NULL, or a
    /// handle libvirt no longer knows).
    ///
    /// # Safety
    /// `ptr` must be NULL or a live handle of this kind.
    pub unsafe fn add_ref(&self, ptr: P) -> bool {
        let ptr = ptr.into_raw();
        // SAFETY: the caller's promise.
        !ptr.is_null() && unsafe { (self.head.add_ref)(ptr) } == 0
    }

    /// Drops one reference on a handle of this kind (for handles not yet in an object).
    ///
    /// # Safety
    /// `ptr` must be NULL or a handle of this kind on which the caller owns a reference.
    pub unsafe fn release(&self, ptr: P) {
        let ptr = ptr.into_raw();
        if !ptr.is_null() {
            // SAFETY: the caller's reference, given up here.
            unsafe { (self.head.release)(ptr) };
        }
    }
}

impl<P> HandleKind<P> {
    /// This kind's stash in this interpreter, cached per OS thread (each Perl thread has
    /// its own interpreter and stashes).
    ///
    /// # Safety
    /// Inside an XSUB or boot function of `perl`.
    unsafe fn stash(&'static self, perl: Interp) -> *mut HV {
        thread_local! {
            static CACHE: RefCell<Vec<(usize, Interp, *mut HV)>> = const { RefCell::new(Vec::new()) };
        }
        let key = self as *const HandleKind<P> as usize;
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if let Some(&(_, _, hv)) = c.iter().find(|e| e.0 == key && e.1 == perl) {
                return hv;
            }
            // SAFETY: perl's own interpreter; the stash is created if needed.
            let hv = unsafe {
                ffi::pbx_stash(perl, self.class.as_ptr() as *const c_char, self.class.len())
            };
            c.retain(|e| e.0 != key);
            c.push((key, perl, hv));
            hv
        })
    }

    /// The vtable that marks this kind's objects.
    #[inline(always)]
    fn vtbl(&self) -> &MGVTBL {
        &self.head.vtbl
    }
}

unsafe extern "C" fn handle_dup(
    _perl: Interp,
    mg: *mut MAGIC,
    _p: *mut ffi::CLONE_PARAMS,
) -> c_int {
    // SAFETY: perl calls this for our handle magic only, whose vtable is the head of a
    // 'static HandleKind; the new thread's copy takes a reference of its own (or none).
    unsafe {
        let ptr = ffi::pbx_mg_ptr(mg);
        if !ptr.is_null() {
            let kind = &*(ffi::pbx_mg_vtbl(mg) as *const KindHead);
            if (kind.add_ref)(ptr) != 0 {
                ffi::pbx_mg_clear_ptr(mg);
            }
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

/// Writes the prototype of `required` mandatory and `optional` defaulted arguments into
/// `buf`, NUL-terminated; returns its length (without the NUL).
pub fn write_prototype(buf: &mut [u8], required: usize, optional: usize) -> usize {
    let mut n = 0;
    for _ in 0..required {
        buf[n] = b'$';
        n += 1;
    }
    if optional > 0 {
        buf[n] = b';';
        n += 1;
        for _ in 0..optional {
            buf[n] = b'$';
            n += 1;
        }
    }
    buf[n] = 0;
    n
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
        // SAFETY: the caller's promise: perl's boot call with its own interpreter.
        let ax = unsafe {
            let ax = ffi::pbx_boot_begin(perl, cv);
            ffi::pbx_track_forks();
            ffi::pbx_install_destroy_hook(perl);
            ax
        };
        // SAFETY: two constant queries of the shim.
        let (mgvtbl, mg_ptr) = unsafe { (ffi::pbx_sizeof_mgvtbl(), ffi::pbx_offsetof_mg_ptr()) };
        assert_eq!(
            mgvtbl,
            std::mem::size_of::<MGVTBL>(),
            "perl's MGVTBL layout is not the one perlxs was written for"
        );
        assert_eq!(
            mg_ptr, MG_PTR_OFFSET,
            "perl's MAGIC layout is not the one perlxs was written for"
        );
        // SAFETY: constant queries of the shim.
        let stack = unsafe { [0, 1, 2].map(|w| ffi::pbx_offsetof_stack(w)) };
        assert_eq!(
            stack,
            [
                ffi::STACK_SP_OFFSET,
                ffi::STACK_BASE_OFFSET,
                ffi::STACK_MAX_OFFSET
            ],
            "perl's interpreter layout is not the one perlxs was written for"
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

    /// A registrar for XSUBs added after boot, from inside an XSUB of `perl` (subs that
    /// are registered only when first needed). Its `end` must not be called.
    ///
    /// # Safety
    /// Inside an XSUB of `perl`, after the module's boot function ran.
    pub unsafe fn later(perl: Interp) -> Boot {
        Boot {
            perl,
            ax: 0,
            file: {
                static FILE: std::sync::OnceLock<CString> = std::sync::OnceLock::new();
                FILE.get_or_init(|| CString::new("Sys::Virt (added later)").expect("no NUL"))
                    .as_c_str()
            },
        }
    }

    /// Registers `f` as the XSUB `name` ("Package::sub").
    pub fn xsub(&self, name: &CStr, proto: &CStr, f: ffi::XSUBADDR_t) {
        self.new_xs(name, Some(proto), f);
    }

    /// Registers an XSUB with the prototype of `required` mandatory and `optional`
    /// defaulted arguments, as xsubpp writes it: one `$` each, with `;` before the first
    /// defaulted one (`$$;$` for `net, xml, flags=0`).
    pub fn method(&self, name: &CStr, required: usize, optional: usize, f: ffi::XSUBADDR_t) {
        let mut proto = [0u8; 40];
        let len = write_prototype(&mut proto, required, optional);
        let proto = CStr::from_bytes_with_nul(&proto[..len + 1]).expect("prototype");
        self.new_xs(name, Some(proto), f);
    }

    fn new_xs(&self, name: &CStr, proto: Option<&CStr>, f: ffi::XSUBADDR_t) -> *mut CV {
        // SAFETY: newXS_flags copies the name and the prototype; the file name lives in a
        // static, so it outlives the CV (CvFILE keeps the pointer).
        unsafe {
            ffi::pbx_new_xs(
                self.perl,
                name.as_ptr(),
                f,
                self.file.as_ptr(),
                proto.map_or(std::ptr::null(), |p| p.as_ptr()),
            )
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
        let cv = self.new_xs(name, Some(c"$"), f);
        // SAFETY: the CV just created.
        unsafe { ffi::pbx_cv_mark_skippable_destructor(cv) };
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
        fn wipe_zeroes_every_byte(mut bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            wipe(&mut bytes);
            prop_assert!(bytes.iter().all(|&b| b == 0));
        }

        #[test]
        fn c_string_never_truncates(bytes in proptest::collection::vec(any::<u8>(), 0..300),
                                    next in any::<u8>()) {
            let mut with_next = bytes.clone();
            with_next.push(next);
            match c_string(&with_next) {
                CStrCheck::InnerNul => prop_assert!(bytes.contains(&0)),
                CStrCheck::Borrowed(c) => {
                    prop_assert!(!bytes.contains(&0));
                    prop_assert_eq!(next, 0);
                    prop_assert_eq!(c.to_bytes(), &bytes[..]);
                }
                CStrCheck::NeedsNul => {
                    prop_assert!(!bytes.contains(&0));
                    prop_assert_ne!(next, 0);
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
            prop_assert_eq!(c_string(&with_next), CStrCheck::InnerNul);
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
        assert_eq!(c_string(&[]), CStrCheck::NeedsNul);
        assert_eq!(c_string(&[0]), CStrCheck::Borrowed(c""));
    }

    #[test]
    fn prototypes_follow_xsubpp() {
        let mut buf = [0u8; 40];
        for (req, opt, want) in [
            (1, 0, "$"),
            (1, 1, "$;$"),
            (2, 1, "$$;$"),
            (5, 1, "$$$$$;$"),
            (1, 2, "$;$$"),
            (0, 0, ""),
        ] {
            let n = write_prototype(&mut buf, req, opt);
            assert_eq!(&buf[..n], want.as_bytes());
            assert_eq!(buf[n], 0);
        }
    }
}
