//! The C shim's functions (c/shim.c). Opaque Perl types are only ever handled by pointer.

#![allow(non_camel_case_types)]

use libc::{c_char, c_int, c_void, size_t};

#[repr(C)]
pub struct PerlInterpreter {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct SV {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct HV {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct AV {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct CV {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct MAGIC {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct CLONE_PARAMS {
    _opaque: [u8; 0],
}

pub type Interp = *mut PerlInterpreter;
pub type XSUBADDR_t = unsafe extern "C" fn(Interp, *mut CV);
pub type IV = isize;
pub type UV = usize;
pub type NV = f64;
pub type I32 = i32;
pub type STRLEN = size_t;
pub type ssize_t = libc::ssize_t;

/// perl's `struct mgvtbl` (mg_vtable.h): eight callbacks, in this order.
#[repr(C)]
pub struct MGVTBL {
    pub svt_get: Option<unsafe extern "C" fn(Interp, *mut SV, *mut MAGIC) -> c_int>,
    pub svt_set: Option<unsafe extern "C" fn(Interp, *mut SV, *mut MAGIC) -> c_int>,
    pub svt_len: Option<unsafe extern "C" fn(Interp, *mut SV, *mut MAGIC) -> u32>,
    pub svt_clear: Option<unsafe extern "C" fn(Interp, *mut SV, *mut MAGIC) -> c_int>,
    pub svt_free: Option<unsafe extern "C" fn(Interp, *mut SV, *mut MAGIC) -> c_int>,
    pub svt_copy: Option<
        unsafe extern "C" fn(Interp, *mut SV, *mut MAGIC, *mut SV, *const c_char, I32) -> c_int,
    >,
    pub svt_dup: Option<unsafe extern "C" fn(Interp, *mut MAGIC, *mut CLONE_PARAMS) -> c_int>,
    pub svt_local: Option<unsafe extern "C" fn(Interp, *mut SV, *mut MAGIC) -> c_int>,
}

/// An XSUB's view of perl's argument stack (`struct pbx_frame` in the shim): the
/// interpreter, the index of ST(0), the argument count, and ST(0)'s handle when it is plainly
/// an object. The interpreter's `PL_stack_sp`, `PL_stack_base` and `PL_stack_max` are read
/// through it on every use (`EXTEND` may move the stack), at their offsets in the
/// interpreter structure (checked against the C compiler's at boot).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Frame {
    perl: Interp,
    pub ax: I32,
    pub items: I32,
    /// ST(0)'s magic vtable and handle when ST(0) plainly is a handle object (else a NULL
    /// vtable): checked against the expected kind without another call.
    pub self_vtbl: *const MGVTBL,
    pub self_ptr: *mut c_void,
    /// Non-zero when converting the arguments may run Perl code (tied or magic values,
    /// references to hashes or to overloaded objects, a `__WARN__` handler).
    pub volatile_args: c_int,
}

/// Where the interpreter structure keeps `PL_stack_sp`, `PL_stack_base` and `PL_stack_max`
/// (the first fields of intrpvar.h, which perl keeps first for speed: `stack_sp`, `op`,
/// `curpad`, `stack_base`, `stack_max`). Checked against the C compiler's answer at boot.
pub const STACK_SP_OFFSET: usize = 0;
pub const STACK_BASE_OFFSET: usize = 3 * std::mem::size_of::<usize>();
pub const STACK_MAX_OFFSET: usize = 4 * std::mem::size_of::<usize>();

impl Frame {
    /// A copy of the frame `pbx_xs_begin` wrote at `f`, read field by field.
    ///
    /// # Safety
    /// `f` was filled by `pbx_xs_begin`.
    #[inline(always)]
    pub unsafe fn read(f: *const Frame) -> Frame {
        // SAFETY: every field was written by the shim.
        unsafe {
            Frame {
                perl: std::ptr::addr_of!((*f).perl).read(),
                ax: std::ptr::addr_of!((*f).ax).read(),
                items: std::ptr::addr_of!((*f).items).read(),
                self_vtbl: std::ptr::addr_of!((*f).self_vtbl).read(),
                self_ptr: std::ptr::addr_of!((*f).self_ptr).read(),
                volatile_args: std::ptr::addr_of!((*f).volatile_args).read(),
            }
        }
    }

    /// The interpreter variable at `offset`: a pointer into the stack.
    ///
    /// # Safety
    /// `offset` is one of the offsets above.
    #[inline(always)]
    unsafe fn stack_var(&self, offset: usize) -> *mut *mut *mut SV {
        // SAFETY: the caller's promise; the interpreter is live for the XSUB.
        unsafe { (self.perl as *mut u8).add(offset) as *mut *mut *mut SV }
    }

    /// ST(i).
    ///
    /// # Safety
    /// `i` is within the arguments or within room made by `extend`.
    #[inline]
    pub unsafe fn st(&self, i: usize) -> *mut SV {
        // SAFETY: the caller's promise.
        unsafe { *self.st_ptr(i) }
    }

    /// ST(i) = sv.
    ///
    /// # Safety
    /// As for `st`.
    #[inline]
    pub unsafe fn set_st(&self, i: usize, sv: *mut SV) {
        // SAFETY: the caller's promise.
        unsafe { *self.st_ptr(i) = sv };
    }

    /// Makes sure ST(0) .. ST(n-1) exist (perl's `EXTEND`).
    ///
    /// # Safety
    /// Inside the XSUB this frame describes.
    #[inline]
    pub unsafe fn extend(&self, perl: Interp, n: usize) {
        // EXTEND(sp, n) with sp at ST(-1): room while ST(n-1) <= PL_stack_max (compared as
        // indexes, so no pointer past the stack is ever formed).
        // SAFETY: base, max and the stack they bound are the interpreter's, read afresh.
        unsafe {
            let top = (*self.stack_var(STACK_MAX_OFFSET))
                .offset_from(*self.stack_var(STACK_BASE_OFFSET)) as usize;
            if self.ax as usize + n > top + 1 {
                pbx_extend(perl, self.ax, n as ssize_t);
            }
        }
    }

    /// The address of ST(i).
    ///
    /// # Safety
    /// As for `st`; the address is good until the stack is next extended.
    #[inline]
    pub unsafe fn st_ptr(&self, i: usize) -> *mut *mut SV {
        // SAFETY: the caller's promise keeps the index within the stack.
        unsafe { (*self.stack_var(STACK_BASE_OFFSET)).add(self.ax as usize + i) }
    }

    /// XSRETURN(n): ST(0) .. ST(n-1) are the return values.
    ///
    /// # Safety
    /// Inside the XSUB this frame describes, with those values in place.
    #[inline]
    pub unsafe fn xs_return(&self, n: usize) {
        // SAFETY: the caller's promise: ST(0) .. ST(n-1) are on the stack.
        unsafe {
            *self.stack_var(STACK_SP_OFFSET) = (*self.stack_var(STACK_BASE_OFFSET))
                .add(self.ax as usize + n)
                .sub(1)
        };
    }
}

extern "C" {
    pub fn pbx_xs_begin(my_perl: Interp, frame: *mut Frame);
    pub fn pbx_extend(my_perl: Interp, ax: I32, n: ssize_t);

    pub fn pbx_boot_begin(my_perl: Interp, cv: *mut CV) -> I32;
    pub fn pbx_boot_end(my_perl: Interp, ax: I32);
    pub fn pbx_new_xs(
        my_perl: Interp,
        name: *const c_char,
        f: XSUBADDR_t,
        file: *const c_char,
        proto: *const c_char,
    ) -> *mut CV;
    pub fn pbx_cv_mark_skippable_destructor(cv: *mut CV);
    pub fn pbx_new_const(
        my_perl: Interp,
        stash: *mut HV,
        name: *const c_char,
        len: usize,
        value: *mut SV,
    );

    pub fn pbx_sv_uv(my_perl: Interp, sv: *mut SV) -> UV;
    pub fn pbx_sv_iv(my_perl: Interp, sv: *mut SV) -> IV;
    pub fn pbx_sv_nv(my_perl: Interp, sv: *mut SV) -> NV;
    pub fn pbx_sv_true(my_perl: Interp, sv: *mut SV) -> c_int;
    pub fn pbx_sv_ok(my_perl: Interp, sv: *mut SV) -> c_int;
    pub fn pbx_sv_pv(my_perl: Interp, sv: *mut SV, len: *mut STRLEN) -> *const c_char;
    pub fn pbx_sv_pv_copy(my_perl: Interp, sv: *mut SV, len: *mut STRLEN) -> *const c_char;
    pub fn pbx_sv_pv_nomg(my_perl: Interp, sv: *mut SV, len: *mut STRLEN) -> *const c_char;

    pub fn pbx_new_sv(my_perl: Interp) -> *mut SV;
    pub fn pbx_new_iv(my_perl: Interp, v: IV) -> *mut SV;
    pub fn pbx_new_uv(my_perl: Interp, v: UV) -> *mut SV;
    pub fn pbx_new_nv(my_perl: Interp, v: NV) -> *mut SV;
    pub fn pbx_new_pvn(my_perl: Interp, s: *const c_char, len: STRLEN) -> *mut SV;
    pub fn pbx_mortal(my_perl: Interp, sv: *mut SV) -> *mut SV;
    pub fn pbx_targ_pvn(my_perl: Interp, s: *const c_char, len: STRLEN) -> *mut SV;
    pub fn pbx_targ_iv(my_perl: Interp, v: IV) -> *mut SV;
    pub fn pbx_targ_uv(my_perl: Interp, v: UV) -> *mut SV;
    pub fn pbx_undef(my_perl: Interp) -> *mut SV;
    pub fn pbx_refcnt_dec(my_perl: Interp, sv: *mut SV);

    pub fn pbx_sv_rok(sv: *mut SV) -> c_int;
    pub fn pbx_sv_rv(sv: *mut SV) -> *mut SV;
    pub fn pbx_sv_type(sv: *mut SV) -> c_int;
    pub fn pbx_svt_pvhv() -> c_int;
    pub fn pbx_new_rv_noinc(my_perl: Interp, sv: *mut SV) -> *mut SV;
    pub fn pbx_stash(my_perl: Interp, name: *const c_char, len: STRLEN) -> *mut HV;
    pub fn pbx_bless(my_perl: Interp, rv: *mut SV, stash: *mut HV) -> *mut SV;
    pub fn pbx_sv_reftype_name(my_perl: Interp, rv: *mut SV) -> *const c_char;

    pub fn pbx_new_hv(my_perl: Interp) -> *mut HV;
    pub fn pbx_new_hash_ref(
        my_perl: Interp,
        keys: *const *const c_char,
        lens: *const I32,
        vals: *const *mut SV,
        n: size_t,
    ) -> *mut SV;
    pub fn pbx_new_av(my_perl: Interp) -> *mut AV;
    pub fn pbx_av_push(my_perl: Interp, av: *mut AV, v: *mut SV);
    pub fn pbx_hv_store(my_perl: Interp, hv: *mut HV, key: *const c_char, klen: I32, v: *mut SV);
    pub fn pbx_hv_exists(my_perl: Interp, hv: *mut HV, key: *const c_char, klen: I32) -> c_int;
    pub fn pbx_scratch(my_perl: Interp, n: size_t) -> *mut c_void;
    pub fn pbx_hv_fetch(my_perl: Interp, hv: *mut HV, key: *const c_char, klen: I32) -> *mut SV;
    pub fn pbx_sv_array(my_perl: Interp, rv: *mut SV) -> *mut AV;
    pub fn pbx_av_count(my_perl: Interp, av: *mut AV) -> ssize_t;
    pub fn pbx_av_fetch(my_perl: Interp, av: *mut AV, i: ssize_t) -> *mut SV;
    pub fn pbx_hold(my_perl: Interp, sv: *mut SV);

    pub fn pbx_call_eval(
        my_perl: Interp,
        cv: *mut SV,
        args: *const *mut SV,
        n: c_int,
        want_list: c_int,
        out: *mut *mut SV,
        max: c_int,
        err: *mut *mut SV,
    ) -> c_int;
    pub fn pbx_sv_set_bytes(my_perl: Interp, sv: *mut SV, p: *const c_char, n: STRLEN);
    pub fn pbx_croak_sv(my_perl: Interp, sv: *mut SV) -> !;
    pub fn pbx_warn_sv(my_perl: Interp, sv: *mut SV);
    pub fn pbx_croak_xs_usage(cv: *mut CV, params: *const c_char) -> !;
    pub fn pbx_cv_name(my_perl: Interp, cv: *mut CV) -> *mut SV;

    pub fn pbx_handle(
        my_perl: Interp,
        rv: *mut SV,
        vtbl: *const MGVTBL,
        hold: c_int,
        status: *mut c_int,
    ) -> *mut MAGIC;
    pub fn pbx_handle_nomg(
        my_perl: Interp,
        rv: *mut SV,
        vtbl: *const MGVTBL,
        status: *mut c_int,
    ) -> *mut MAGIC;
    pub fn pbx_hold_referent(my_perl: Interp, rv: *mut SV);
    pub fn pbx_offsetof_mg_ptr() -> size_t;
    pub fn pbx_offsetof_stack(which: c_int) -> size_t;
    pub fn pbx_take_handle(my_perl: Interp, rv: *mut SV, vtbl: *const MGVTBL) -> *mut c_void;
    pub fn pbx_mg_ptr(mg: *mut MAGIC) -> *mut c_void;
    /// svt_free of handle magic: releases the handle unless DESTROY did, or the object
    /// was inherited through fork.
    pub fn pbx_svt_free(my_perl: Interp, sv: *mut SV, mg: *mut MAGIC) -> c_int;
    pub fn pbx_track_forks();
    pub fn pbx_install_destroy_hook(perl: Interp);
    pub fn pbx_mg_clear_ptr(mg: *mut MAGIC);
    pub fn pbx_mg_vtbl(mg: *mut MAGIC) -> *const MGVTBL;
    pub fn pbx_sizeof_mgvtbl() -> size_t;
    pub fn pbx_new_object_owned(
        my_perl: Interp,
        vtbl: *const MGVTBL,
        ptr: *mut c_void,
        stash: *mut HV,
    ) -> *mut SV;
    pub fn pbx_new_object(
        my_perl: Interp,
        vtbl: *const MGVTBL,
        ptr: *mut c_void,
        stash: *mut HV,
    ) -> *mut SV;
    pub fn pbx_new_objects(
        my_perl: Interp,
        dst: *mut *mut SV,
        vtbl: *const MGVTBL,
        ptrs: *const *mut c_void,
        n: size_t,
        stash: *mut HV,
    );

    pub fn pbx_current_interp() -> *mut c_void;
    pub fn pbx_new_sv_copy(my_perl: Interp, sv: *mut SV) -> *mut SV;
    pub fn pbx_get_cv(my_perl: Interp, name: *const c_char) -> *mut SV;
    pub fn pbx_new_iv_ref(my_perl: Interp, v: IV) -> *mut SV;
    pub fn pbx_iv_ref_value(my_perl: Interp, rv: *mut SV, out: *mut IV) -> c_int;
    pub fn pbx_enter_temps(my_perl: Interp);
    pub fn pbx_leave_temps(my_perl: Interp);
    pub fn pbx_refcnt_inc(sv: *mut SV) -> *mut SV;
    pub fn pbx_fd_handle(my_perl: Interp, fd: c_int) -> *mut SV;
    pub fn pbx_sv_fd(my_perl: Interp, sv: *mut SV, kind: *mut c_int) -> IV;
}
