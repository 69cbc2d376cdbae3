//! `Sys::Virt::Event` (libvirt's event loop: the default one, or one written in Perl), and
//! every callback that libvirt calls later, from that loop: object events on the connection,
//! the close callback, stream callbacks and credential callbacks.
//!
//! Rules every callback here follows:
//!
//! * Perl code runs through perlxs's `call_eval`, which traps a `die`: no `die` unwinds
//!   through libvirt's C frames. The first `die` is kept ([`note_die`]) and raised by the
//!   XSUB that ran libvirt's dispatch (`run_default`, the `_run_*_helper`s, and the calls
//!   that register callbacks), once libvirt has returned. Later events of the same dispatch
//!   are still delivered, so none is lost.
//! * Each callback's data is a `Box<Callback>` handed to libvirt with [`free_callback`] as
//!   its free function: libvirt frees it exactly once, when it drops the registration (so a
//!   callback may deregister itself, register others, or close the connection). During a
//!   call the code and the object are held by copies of their own, since the registration
//!   may be freed while its code runs.
//! * Perl code runs only in the interpreter that registered the callback, on that
//!   interpreter's thread ([`perlxs::Perl::is_current`]); an event that libvirt dispatches
//!   elsewhere (the default loop run from another Perl thread) is not delivered.

use super::{die_with, OrDie, CONNECT, DOMAIN, NETWORK, NODE_DEVICE, SECRET, STORAGE_POOL, STREAM};

use crate::libvirt::error::check_neg;
use crate::libvirt::Error;
use perlxs::ffi::SV;
use perlxs::{Boot, Call, Fail, HandleKind, Owned, Perl};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::{c_int, c_uint, c_void, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicI64, AtomicPtr, Ordering};
use std::sync::Mutex;
use virt::sys;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    event_loop::register(b);
    // The loop helpers live in Sys::Virt::EventImpl since the 9.5 API; the names under
    // Sys::Virt::Event, where the 9.0 API had them, stay for scripts that call them there.
    event_impl_helpers::register(b);
    b.constants("Sys::Virt::Event", crate::consts::event::CONSTANTS);
    stream_callbacks::register(b);
}

/// The connection's event and callback calls (registered from virt.rs).
#[link_section = ".text.startup.sys_virt"]
pub fn register_connection(b: &Boot) {
    connection_events::register(b);
}

crate::blocking! {
    mod event_loop;
    package "Sys::Virt::Event";
    fn register_default() => register_default;
    fn run_default() => run_default;
    fn _register_impl() => register_impl;
    fn add_handle(fd, events, coderef) => add_handle;
    fn update_handle(watch, events) => update_handle;
    fn remove_handle(watch) => remove_handle;
    fn add_timeout(frequency, coderef) => add_timeout;
    fn update_timeout(timer, frequency) => update_timeout;
    fn remove_timeout(timer) => remove_timeout;
    fn _run_handle_callback_helper(watch, fd, event, cbref, opaqueref) => run_handle_callback_helper;
    fn _run_timeout_callback_helper(timer, cbref, opaqueref) => run_timeout_callback_helper;
    fn _free_callback_opaque_helper(ffref, opaqueref) => free_callback_opaque_helper;
}

crate::blocking! {
    mod event_impl_helpers;
    package "Sys::Virt::EventImpl";
    fn _run_handle_callback_helper(watch, fd, event, cbref, opaqueref) => run_handle_callback_helper;
    fn _run_timeout_callback_helper(timer, cbref, opaqueref) => run_timeout_callback_helper;
    fn _free_callback_opaque_helper(ffref, opaqueref) => free_callback_opaque_helper;
}

crate::blocking! {
    mod stream_callbacks;
    package "Sys::Virt::Stream";
    fn add_callback(stref, events, cb) => stream_add_callback;
    fn update_callback(st, events) => stream_update_callback;
    fn remove_callback(st) => stream_remove_callback;
}

crate::blocking! {
    mod connection_events;
    package "Sys::Virt";
    fn _open_auth(name, creds, cb, flags) => open_auth;
    fn domain_event_register(conref, cb) => domain_event_register;
    fn domain_event_deregister(con) => domain_event_deregister;
    fn domain_event_register_any(conref, domref, eventID, cb) => domain_event_register_any;
    fn domain_event_deregister_any(con, callbackID) => domain_event_deregister_any;
    fn network_event_register_any(conref, netref, eventID, cb) => network_event_register_any;
    fn network_event_deregister_any(con, callbackID) => network_event_deregister_any;
    fn storage_pool_event_register_any(conref, poolref, eventID, cb) => storage_pool_event_register_any;
    fn storage_pool_event_deregister_any(con, callbackID) => storage_pool_event_deregister_any;
    fn node_device_event_register_any(conref, devref, eventID, cb) => node_device_event_register_any;
    fn node_device_event_deregister_any(con, callbackID) => node_device_event_deregister_any;
    fn secret_event_register_any(conref, secretref, eventID, cb) => secret_event_register_any;
    fn secret_event_deregister_any(con, callbackID) => secret_event_deregister_any;
    fn register_close_callback(conref, cb) => register_close_callback;
    fn unregister_close_callback(con) => unregister_close_callback;
}

// ---- a die from a callback, kept until libvirt has returned ----

thread_local! {
    /// The first `die` of a callback run on this thread, not raised yet.
    static PENDING: RefCell<Option<Owned>> = const { RefCell::new(None) };
}

/// Keeps a callback's `die` for the XSUB that ran libvirt's dispatch (the first one wins:
/// later ones in the same dispatch are dropped, their events having been delivered).
fn note_die(e: Owned) {
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        if p.is_none() {
            *p = Some(e);
        }
    });
}

/// The kept `die`, if any, as this XSUB's failure.
pub(crate) fn raise_pending() -> Result<(), Fail> {
    match PENDING.with(|p| p.borrow_mut().take()) {
        Some(e) => Err(Fail::Die(e)),
        None => Ok(()),
    }
}

// ---- callback data ----

/// What a registered callback needs: the interpreter that registered it, the object its
/// code gets first (the connection or the stream, as the caller passed it), and the code.
pub struct Callback {
    perl: Perl,
    owner: Option<Owned>,
    code: Owned,
}

impl Callback {
    /// The callback for `code_arg`, with `owner_arg` (if any) as its first argument; both
    /// are copied, so later assignments to the caller's variables change nothing.
    fn new(call: &Call, owner_arg: Option<usize>, code_arg: usize) -> Box<Callback> {
        let p = call.perl();
        // SAFETY: live arguments of this call, on its interpreter.
        unsafe {
            Box::new(Callback {
                perl: p,
                owner: owner_arg.map(|i| p.copy(call.arg(i))),
                code: p.copy(call.arg(code_arg)),
            })
        }
    }

    fn into_opaque(self: Box<Callback>) -> *mut c_void {
        Box::into_raw(self) as *mut c_void
    }
}

/// libvirt's free function for every [`Callback`].
pub(crate) unsafe extern "C" fn free_callback(opaque: *mut c_void) {
    if opaque.is_null() {
        return;
    }
    // SAFETY: libvirt hands back the pointer of `into_opaque`, once.
    let cb = unsafe { Box::from_raw(opaque as *mut Callback) };
    drop_callback(cb);
}

/// Drops a callback's values, or leaks them when its interpreter is not the current one
/// (freeing a Perl value from another thread would corrupt that interpreter).
fn drop_callback(cb: Box<Callback>) {
    if cb.perl.is_current() {
        drop(cb);
    } else {
        let cb = *cb;
        if let Some(o) = cb.owner {
            o.leak();
        }
        cb.code.leak();
    }
}

/// Delivers one event to the callback behind `opaque`: `build` makes the arguments after
/// the owner object (they may be mortal: they are freed right after the call). Never
/// unwinds into C.
pub(crate) fn deliver(opaque: *mut c_void, build: impl FnOnce(Perl) -> Vec<*mut SV>) {
    if opaque.is_null() {
        return;
    }
    // SAFETY: a registration's opaque is its live Callback until libvirt frees it; it is
    // read only here, before any Perl code runs.
    let cb = unsafe { &*(opaque as *const Callback) };
    let p = cb.perl;
    if !p.is_current() {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| {
        p.with_temps(|| {
            // The code may deregister its own callback, which frees `cb`: hold the values
            // with counts of their own.
            // SAFETY: live values of the current interpreter.
            let (code, owner) = unsafe { (cb.code.hold(), cb.owner.as_ref().map(|o| o.hold())) };
            let extra = build(p);
            let mut args = Vec::with_capacity(extra.len() + 1);
            if let Some(o) = &owner {
                args.push(o.as_ptr());
            }
            args.extend_from_slice(&extra);
            // SAFETY: the current interpreter; code and arguments are live for the call.
            if let Err(e) = unsafe { p.call_eval(code.as_ptr(), &args, 0) } {
                note_die(e);
            }
        })
    }));
}

/// Small builders of callback arguments: new mortal values, freed when the delivery's
/// temporaries scope ends.
fn m(o: Owned) -> *mut SV {
    o.perl().mortal(o)
}

pub(crate) fn int(p: Perl, v: i64) -> *mut SV {
    m(p.int(v))
}
pub(crate) fn uint(p: Perl, v: u64) -> *mut SV {
    m(p.uint(v))
}
/// A C string as Perl's `newSVpv` makes it: NULL is `undef`.
pub(crate) fn string(p: Perl, s: *const libc::c_char) -> *mut SV {
    if s.is_null() {
        return m(p.undef());
    }
    // SAFETY: libvirt's NUL-terminated string, alive for the callback.
    m(p.str(unsafe { CStr::from_ptr(s) }.to_bytes()))
}
/// A new object of `kind` for a handle libvirt lends to a callback (one reference taken).
fn object<P: perlxs::Handle>(
    p: Perl,
    kind: &'static HandleKind<P>,
    ptr: P,
    add_ref: unsafe extern "C" fn(P) -> c_int,
) -> *mut SV {
    // SAFETY: a live handle lent for the callback; the reference taken is the object's.
    unsafe {
        if add_ref(ptr) < 0 {
            return m(p.undef());
        }
        p.objects(kind).mortal(ptr)
    }
}
pub(crate) fn dom(p: Perl, d: sys::virDomainPtr) -> *mut SV {
    object(p, &DOMAIN, d, sys::virDomainRef)
}
fn params_ref(p: Perl, params: sys::virTypedParameterPtr, n: c_int) -> *mut SV {
    let list: &[sys::virTypedParameter] = if params.is_null() || n <= 0 {
        &[]
    } else {
        // SAFETY: libvirt's array of n parameters, alive for the callback.
        unsafe { std::slice::from_raw_parts(params, n as usize) }
    };
    m(super::typed_params::to_hash(p, list).into_ref())
}
fn graphics_address(p: Perl, a: sys::virDomainEventGraphicsAddressPtr) -> *mut SV {
    let mut h = p.hash();
    if !a.is_null() {
        // SAFETY: libvirt's address, alive for the callback.
        let a = unsafe { &*a };
        h.store("family", p.int(a.family as i64));
        h.store("node", cstr_value(p, a.node));
        h.store("service", cstr_value(p, a.service));
    }
    m(h.into_ref())
}
fn cstr_value(p: Perl, s: *const libc::c_char) -> Owned {
    if s.is_null() {
        p.undef()
    } else {
        // SAFETY: a NUL-terminated string of libvirt's.
        p.str(unsafe { CStr::from_ptr(s) }.to_bytes())
    }
}

// ---- domain event trampolines (one per argument list) ----

unsafe extern "C" fn dom_lifecycle(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    event: c_int,
    detail: c_int,
    opaque: *mut c_void,
) -> c_int {
    deliver(opaque, |p| {
        vec![dom(p, d), int(p, event as i64), int(p, detail as i64)]
    });
    0
}
unsafe extern "C" fn dom_generic(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| vec![dom(p, d)]);
}
unsafe extern "C" fn dom_rtc_change(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    utcoffset: libc::c_longlong,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| vec![dom(p, d), int(p, utcoffset)]);
}
/// Events whose one extra argument is an int (watchdog action, PM reason, migration
/// iteration).
unsafe extern "C" fn dom_int(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    v: c_int,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| vec![dom(p, d), int(p, v as i64)]);
}
unsafe extern "C" fn dom_io_error(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    src: *const libc::c_char,
    alias: *const libc::c_char,
    action: c_int,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| {
        vec![
            dom(p, d),
            string(p, src),
            string(p, alias),
            int(p, action as i64),
        ]
    });
}
unsafe extern "C" fn dom_io_error_reason(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    src: *const libc::c_char,
    alias: *const libc::c_char,
    action: c_int,
    reason: *const libc::c_char,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| {
        vec![
            dom(p, d),
            string(p, src),
            string(p, alias),
            int(p, action as i64),
            string(p, reason),
        ]
    });
}
unsafe extern "C" fn dom_graphics(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    phase: c_int,
    local: sys::virDomainEventGraphicsAddressPtr,
    remote: sys::virDomainEventGraphicsAddressPtr,
    scheme: *const libc::c_char,
    subject: sys::virDomainEventGraphicsSubjectPtr,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| {
        let mut ids = p.array();
        if !subject.is_null() {
            // SAFETY: libvirt's subject, alive for the callback.
            let s = unsafe { &*subject };
            for i in 0..s.nidentity.max(0) as usize {
                // SAFETY: nidentity entries.
                let id = unsafe { &*s.identities.add(i) };
                let mut h = p.hash();
                h.store("type", cstr_value(p, id.type_));
                h.store("name", cstr_value(p, id.name));
                ids.push(h.into_ref());
            }
        }
        vec![
            dom(p, d),
            int(p, phase as i64),
            graphics_address(p, local),
            graphics_address(p, remote),
            string(p, scheme),
            m(ids.into_ref()),
        ]
    });
}
unsafe extern "C" fn dom_block_job(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    path: *const libc::c_char,
    ty: c_int,
    status: c_int,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| {
        vec![
            dom(p, d),
            string(p, path),
            int(p, ty as i64),
            int(p, status as i64),
        ]
    });
}
unsafe extern "C" fn dom_disk_change(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    old: *const libc::c_char,
    new: *const libc::c_char,
    alias: *const libc::c_char,
    reason: c_int,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| {
        vec![
            dom(p, d),
            string(p, old),
            string(p, new),
            string(p, alias),
            int(p, reason as i64),
        ]
    });
}
unsafe extern "C" fn dom_tray_change(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    alias: *const libc::c_char,
    reason: c_int,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| {
        vec![dom(p, d), string(p, alias), int(p, reason as i64)]
    });
}
unsafe extern "C" fn dom_balloon_change(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    actual: libc::c_ulonglong,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| vec![dom(p, d), uint(p, actual)]);
}
/// Events whose one extra argument is a device alias (added, removed, removal failed).
unsafe extern "C" fn dom_device(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    alias: *const libc::c_char,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| vec![dom(p, d), string(p, alias)]);
}
/// Events with typed parameters (tunable, job completed).
unsafe extern "C" fn dom_params(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    params: sys::virTypedParameterPtr,
    nparams: c_int,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| vec![dom(p, d), params_ref(p, params, nparams)]);
}
/// Events with two int arguments (agent lifecycle: state and reason).
unsafe extern "C" fn dom_int_int(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    a: c_int,
    b: c_int,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| {
        vec![dom(p, d), int(p, a as i64), int(p, b as i64)]
    });
}
unsafe extern "C" fn dom_metadata_change(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    ty: c_int,
    nsuri: *const libc::c_char,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| {
        vec![dom(p, d), int(p, ty as i64), string(p, nsuri)]
    });
}
unsafe extern "C" fn dom_block_threshold(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    dev: *const libc::c_char,
    path: *const libc::c_char,
    threshold: libc::c_ulonglong,
    excess: libc::c_ulonglong,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| {
        vec![
            dom(p, d),
            string(p, dev),
            string(p, path),
            uint(p, threshold),
            uint(p, excess),
        ]
    });
}
unsafe extern "C" fn dom_memory_failure(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    recipient: c_int,
    action: c_int,
    flags: c_uint,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| {
        vec![
            dom(p, d),
            int(p, recipient as i64),
            int(p, action as i64),
            uint(p, flags as u64),
        ]
    });
}
unsafe extern "C" fn dom_memory_device_size_change(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    alias: *const libc::c_char,
    size: libc::c_ulonglong,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| vec![dom(p, d), string(p, alias), uint(p, size)]);
}

unsafe extern "C" fn dom_nic_mac_change(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    alias: *const libc::c_char,
    old_mac: *const libc::c_char,
    new_mac: *const libc::c_char,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| {
        vec![
            dom(p, d),
            string(p, alias),
            string(p, old_mac),
            string(p, new_mac),
        ]
    });
}
unsafe extern "C" fn dom_vcpu_removed(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    vcpuid: c_uint,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| vec![dom(p, d), uint(p, vcpuid as u64)]);
}
unsafe extern "C" fn dom_channel_lifecycle(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    channel: *const libc::c_char,
    state: c_int,
    reason: c_int,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| {
        vec![
            dom(p, d),
            string(p, channel),
            int(p, state as i64),
            int(p, reason as i64),
        ]
    });
}

/// Casts a specific event callback to libvirt's generic callback type, as libvirt's
/// `VIR_*_EVENT_CALLBACK` macros do.
macro_rules! generic {
    ($f:expr, $t:ty) => {{
        let f = $f as *const ();
        // SAFETY: libvirt calls the callback with the argument list its event ID defines,
        // which is this function's (the match in the caller pairs them).
        Some(unsafe { std::mem::transmute::<*const (), <$t as OptionFn>::F>(f) })
    }};
}

/// The function type inside a callback `Option`.
trait OptionFn {
    type F;
}
impl<F> OptionFn for Option<F> {
    type F = F;
}

/// The trampoline for a domain event ID (libvirt 12.8's list: an ID the running libvirt
/// does not know is rejected by it; an unknown ID gets the generic one, as in the
/// reference, and libvirt rejects it).
fn domain_callback(id: c_int) -> sys::virConnectDomainEventGenericCallback {
    type G = sys::virConnectDomainEventGenericCallback;
    match id as u32 {
        sys::VIR_DOMAIN_EVENT_ID_LIFECYCLE => generic!(dom_lifecycle, G),
        sys::VIR_DOMAIN_EVENT_ID_RTC_CHANGE => generic!(dom_rtc_change, G),
        sys::VIR_DOMAIN_EVENT_ID_WATCHDOG
        | sys::VIR_DOMAIN_EVENT_ID_PMWAKEUP
        | sys::VIR_DOMAIN_EVENT_ID_PMSUSPEND
        | sys::VIR_DOMAIN_EVENT_ID_PMSUSPEND_DISK
        | sys::VIR_DOMAIN_EVENT_ID_MIGRATION_ITERATION => generic!(dom_int, G),
        sys::VIR_DOMAIN_EVENT_ID_IO_ERROR => generic!(dom_io_error, G),
        sys::VIR_DOMAIN_EVENT_ID_IO_ERROR_REASON => generic!(dom_io_error_reason, G),
        sys::VIR_DOMAIN_EVENT_ID_GRAPHICS => generic!(dom_graphics, G),
        sys::VIR_DOMAIN_EVENT_ID_BLOCK_JOB | sys::VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2 => {
            generic!(dom_block_job, G)
        }
        sys::VIR_DOMAIN_EVENT_ID_DISK_CHANGE => generic!(dom_disk_change, G),
        sys::VIR_DOMAIN_EVENT_ID_TRAY_CHANGE => generic!(dom_tray_change, G),
        sys::VIR_DOMAIN_EVENT_ID_BALLOON_CHANGE => generic!(dom_balloon_change, G),
        sys::VIR_DOMAIN_EVENT_ID_DEVICE_ADDED
        | sys::VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED
        | sys::VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED => generic!(dom_device, G),
        sys::VIR_DOMAIN_EVENT_ID_TUNABLE | sys::VIR_DOMAIN_EVENT_ID_JOB_COMPLETED => {
            generic!(dom_params, G)
        }
        sys::VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE => generic!(dom_int_int, G),
        sys::VIR_DOMAIN_EVENT_ID_METADATA_CHANGE => generic!(dom_metadata_change, G),
        sys::VIR_DOMAIN_EVENT_ID_BLOCK_THRESHOLD => generic!(dom_block_threshold, G),
        sys::VIR_DOMAIN_EVENT_ID_MEMORY_FAILURE => generic!(dom_memory_failure, G),
        sys::VIR_DOMAIN_EVENT_ID_MEMORY_DEVICE_SIZE_CHANGE => {
            generic!(dom_memory_device_size_change, G)
        }
        sys::VIR_DOMAIN_EVENT_ID_NIC_MAC_CHANGE => generic!(dom_nic_mac_change, G),
        sys::VIR_DOMAIN_EVENT_ID_VCPU_REMOVED => generic!(dom_vcpu_removed, G),
        sys::VIR_DOMAIN_EVENT_ID_CHANNEL_LIFECYCLE => generic!(dom_channel_lifecycle, G),
        // REBOOT, CONTROL_ERROR and unknown IDs.
        _ => Some(dom_generic),
    }
}

// ---- other objects' event trampolines: lifecycle (event, detail) or nothing ----

macro_rules! object_events {
    ($lifecycle:ident, $generic:ident, $ptr:ty, $kind:ident, $add_ref:path) => {
        unsafe extern "C" fn $lifecycle(
            _c: sys::virConnectPtr,
            o: $ptr,
            event: c_int,
            detail: c_int,
            opaque: *mut c_void,
        ) {
            deliver(opaque, |p| {
                vec![
                    object(p, &$kind, o, $add_ref),
                    int(p, event as i64),
                    int(p, detail as i64),
                ]
            });
        }
        unsafe extern "C" fn $generic(_c: sys::virConnectPtr, o: $ptr, opaque: *mut c_void) {
            deliver(opaque, |p| vec![object(p, &$kind, o, $add_ref)]);
        }
    };
}

object_events!(
    net_lifecycle,
    net_generic,
    sys::virNetworkPtr,
    NETWORK,
    sys::virNetworkRef
);
object_events!(
    pool_lifecycle,
    pool_generic,
    sys::virStoragePoolPtr,
    STORAGE_POOL,
    sys::virStoragePoolRef
);
object_events!(
    dev_lifecycle,
    dev_generic,
    sys::virNodeDevicePtr,
    NODE_DEVICE,
    sys::virNodeDeviceRef
);
object_events!(
    secret_lifecycle,
    secret_generic,
    sys::virSecretPtr,
    SECRET,
    sys::virSecretRef
);

/// The object argument of a `*_event_register_any`: an object of `kind`, or NULL for
/// anything that is not a reference (events of every object), as in the reference.
pub(crate) fn filter_object<P: perlxs::Handle>(
    call: &Call,
    i: usize,
    kind: &'static HandleKind<P>,
    arg: &str,
) -> Result<P, Fail> {
    let sv = call.arg(i);
    // SAFETY: a live argument.
    if unsafe { perlxs::ffi::pbx_sv_rok(sv) } == 0 {
        return Ok(P::from_raw(std::ptr::null_mut()));
    }
    Ok(call.object_strict(i, kind, arg)?.ptr())
}

/// Registers an object event callback through `reg` and returns its ID; the callback data
/// is freed here if libvirt refused it (libvirt frees it otherwise).
/// Registers the callback in argument `code_arg` (with argument 0, the connection or the
/// stream, as its first argument) through `reg`, which hands libvirt the callback data: libvirt's answer
/// (an ID, or 0), or a die if it refused, in which case the data is freed here.
pub(crate) fn register_callback(
    call: &Call,
    code_arg: usize,
    reg: impl FnOnce(*mut c_void) -> c_int,
) -> Result<c_int, Fail> {
    let p = call.perl();
    let opaque = Callback::new(call, Some(0), code_arg).into_opaque();
    let r = reg(opaque);
    if r < 0 {
        let e = Error::last();
        // SAFETY: libvirt refused the registration and kept nothing.
        unsafe { free_callback(opaque) };
        return Err(die_with(p, &e));
    }
    raise_pending()?;
    Ok(r)
}

/// The `*_register_any` calls: the callback in argument 3, the registration's ID returned.
fn register_any(call: &mut Call, reg: impl FnOnce(*mut c_void) -> c_int) -> Result<(), Fail> {
    let id = register_callback(call, 3, reg)?;
    call.ret(call.perl().int(id as i64));
    Ok(())
}

fn domain_event_register_any(call: &mut Call) -> Result<(), Fail> {
    let id = call.iv(2) as c_int;
    let con = call.object_strict(0, &CONNECT, "conref")?.ptr();
    let d = filter_object(call, 1, &DOMAIN, "domref")?;
    register_any(call, |opaque| {
        // SAFETY: a live connection (and domain or NULL); the trampoline matches the ID.
        unsafe {
            sys::virConnectDomainEventRegisterAny(
                con,
                d,
                id,
                domain_callback(id),
                opaque,
                Some(free_callback),
            )
        }
    })
}

/// The object events of networks, storage pools, host devices and secrets: one shape, an
/// ID whose lifecycle event gets (event, detail) and whose other events get nothing more.
macro_rules! object_event_register_any {
    ($name:ident, $usage:literal, $kind:ident, $arg:literal, $generic_ty:ident,
     $lifecycle_id:ident, $lifecycle:ident, $generic:ident, $register:ident
     $(, $other_id:ident => $other:ident)*) => {
        fn $name(call: &mut Call) -> Result<(), Fail> {
            let id = call.iv(2) as c_int;
            let con = call.object_strict(0, &CONNECT, "conref")?.ptr();
            let obj = filter_object(call, 1, &$kind, $arg)?;
            type G = sys::$generic_ty;
            let cb: G = match id as u32 {
                sys::$lifecycle_id => generic!($lifecycle, G),
                $( sys::$other_id => generic!($other, G), )*
                _ => Some($generic),
            };
            register_any(call, |opaque| {
                // SAFETY: as for domains.
                unsafe { sys::$register(con, obj, id, cb, opaque, Some(free_callback)) }
            })
        }
    };
}

object_event_register_any!(
    network_event_register_any,
    "conref, netref, eventID, cb",
    NETWORK,
    "netref",
    virConnectNetworkEventGenericCallback,
    VIR_NETWORK_EVENT_ID_LIFECYCLE,
    net_lifecycle,
    net_generic,
    virConnectNetworkEventRegisterAny,
    VIR_NETWORK_EVENT_ID_METADATA_CHANGE => net_metadata_change
);
object_event_register_any!(
    storage_pool_event_register_any,
    "conref, poolref, eventID, cb",
    STORAGE_POOL,
    "poolref",
    virConnectStoragePoolEventGenericCallback,
    VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
    pool_lifecycle,
    pool_generic,
    virConnectStoragePoolEventRegisterAny
);
object_event_register_any!(
    node_device_event_register_any,
    "conref, devref, eventID, cb",
    NODE_DEVICE,
    "devref",
    virConnectNodeDeviceEventGenericCallback,
    VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE,
    dev_lifecycle,
    dev_generic,
    virConnectNodeDeviceEventRegisterAny
);
object_event_register_any!(
    secret_event_register_any,
    "conref, secretref, eventID, cb",
    SECRET,
    "secretref",
    virConnectSecretEventGenericCallback,
    VIR_SECRET_EVENT_ID_LIFECYCLE,
    secret_lifecycle,
    secret_generic,
    virConnectSecretEventRegisterAny
);

/// A network's metadata changed (libvirt 9.7): its type and namespace URI.
unsafe extern "C" fn net_metadata_change(
    _c: sys::virConnectPtr,
    n: sys::virNetworkPtr,
    ty: c_int,
    nsuri: *const libc::c_char,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| {
        vec![
            object(p, &NETWORK, n, sys::virNetworkRef),
            int(p, ty as i64),
            string(p, nsuri),
        ]
    });
}

/// The `*_deregister_any` calls: like the reference, libvirt's answer is not checked (an
/// unknown ID is no error); a `die` of a callback that ran meanwhile is raised.
macro_rules! deregister_any {
    ($name:ident, $f:ident) => {
        fn $name(call: &mut Call) -> Result<(), Fail> {
            let id = call.iv(1) as c_int;
            let con = call.object(0, &CONNECT)?;
            // SAFETY: a live connection handle.
            unsafe { sys::$f(con.ptr(), id) };
            raise_pending()
        }
    };
}
deregister_any!(
    domain_event_deregister_any,
    virConnectDomainEventDeregisterAny
);
deregister_any!(
    network_event_deregister_any,
    virConnectNetworkEventDeregisterAny
);
deregister_any!(
    storage_pool_event_deregister_any,
    virConnectStoragePoolEventDeregisterAny
);
deregister_any!(
    node_device_event_deregister_any,
    virConnectNodeDeviceEventDeregisterAny
);
deregister_any!(
    secret_event_deregister_any,
    virConnectSecretEventDeregisterAny
);

/// The old lifecycle-only registration (one per connection), with the lifecycle trampoline.
unsafe extern "C" fn dom_lifecycle_legacy(
    c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    event: c_int,
    detail: c_int,
    opaque: *mut c_void,
) -> c_int {
    // SAFETY: the same arguments.
    unsafe { dom_lifecycle(c, d, event, detail, opaque) }
}

fn domain_event_register(call: &mut Call) -> Result<(), Fail> {
    let con = call.object_strict(0, &CONNECT, "conref")?.ptr();
    register_callback(call, 1, |opaque| {
        // SAFETY: a live connection; the callback data is libvirt's once this succeeds.
        unsafe {
            sys::virConnectDomainEventRegister(
                con,
                Some(dom_lifecycle_legacy),
                opaque,
                Some(free_callback),
            )
        }
    })
    .map(drop)
}

fn domain_event_deregister(call: &mut Call) -> Result<(), Fail> {
    let con = call.object(0, &CONNECT)?;
    // SAFETY: a live connection; as in the reference, the answer is not checked.
    unsafe { sys::virConnectDomainEventDeregister(con.ptr(), Some(dom_lifecycle_legacy)) };
    raise_pending()
}

// ---- the close callback ----

unsafe extern "C" fn close_trampoline(_c: sys::virConnectPtr, reason: c_int, opaque: *mut c_void) {
    deliver(opaque, |p| vec![int(p, reason as i64)]);
}

fn register_close_callback(call: &mut Call) -> Result<(), Fail> {
    let con = call.object_strict(0, &CONNECT, "conref")?.ptr();
    register_callback(call, 1, |opaque| {
        // SAFETY: a live connection; the callback data is libvirt's once this succeeds.
        unsafe {
            sys::virConnectRegisterCloseCallback(
                con,
                Some(close_trampoline),
                opaque,
                Some(free_callback),
            )
        }
    })
    .map(drop)
}

fn unregister_close_callback(call: &mut Call) -> Result<(), Fail> {
    let con = call.object(0, &CONNECT)?;
    // SAFETY: a live connection; as in the reference, the answer is not checked.
    unsafe { sys::virConnectUnregisterCloseCallback(con.ptr(), Some(close_trampoline)) };
    raise_pending()
}

// ---- stream callbacks ----

unsafe extern "C" fn stream_trampoline(_st: sys::virStreamPtr, events: c_int, opaque: *mut c_void) {
    deliver(opaque, |p| vec![int(p, events as i64)]);
}

fn stream_add_callback(call: &mut Call) -> Result<(), Fail> {
    let events = call.iv(1) as c_int;
    let st = call.object_strict(0, &STREAM, "stref")?.ptr();
    register_callback(call, 2, |opaque| {
        // SAFETY: a live stream; the callback data is libvirt's once this succeeds.
        unsafe {
            sys::virStreamEventAddCallback(
                st,
                events,
                Some(stream_trampoline),
                opaque,
                Some(free_callback),
            )
        }
    })
    .map(drop)
}

fn stream_update_callback(call: &mut Call) -> Result<(), Fail> {
    let events = call.iv(1) as c_int;
    let st = call.object(0, &STREAM)?;
    let p = call.perl();
    // SAFETY: a live stream handle.
    check_neg(unsafe { sys::virStreamEventUpdateCallback(st.ptr(), events) }).or_die(p)?;
    raise_pending()
}

fn stream_remove_callback(call: &mut Call) -> Result<(), Fail> {
    let st = call.object(0, &STREAM)?;
    let p = call.perl();
    // SAFETY: a live stream handle.
    check_neg(unsafe { sys::virStreamEventRemoveCallback(st.ptr()) }).or_die(p)?;
    raise_pending()
}

// ---- the default event loop ----

fn register_default(call: &mut Call) -> Result<(), Fail> {
    let p = call.perl();
    // SAFETY: no arguments.
    check_neg(unsafe { sys::virEventRegisterDefaultImpl() }).or_die(p)?;
    Ok(())
}

fn run_default(call: &mut Call) -> Result<(), Fail> {
    let p = call.perl();
    // SAFETY: no arguments; callbacks it runs trap their dies (kept in PENDING).
    let r = unsafe { sys::virEventRunDefaultImpl() };
    raise_pending()?;
    check_neg(r).or_die(p)?;
    Ok(())
}

unsafe extern "C" fn handle_trampoline(
    watch: c_int,
    fd: c_int,
    events: c_int,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| {
        vec![
            int(p, watch as i64),
            int(p, fd as i64),
            int(p, events as i64),
        ]
    });
}

unsafe extern "C" fn timeout_trampoline(timer: c_int, opaque: *mut c_void) {
    deliver(opaque, |p| vec![int(p, timer as i64)]);
}

fn add_handle(call: &mut Call) -> Result<(), Fail> {
    let fd = call.iv(0) as c_int;
    let events = call.iv(1) as c_int;
    let p = call.perl();
    let opaque = Callback::new(call, None, 2).into_opaque();
    // SAFETY: the callback data is libvirt's once this succeeds.
    let w = unsafe {
        sys::virEventAddHandle(
            fd,
            events,
            Some(handle_trampoline),
            opaque,
            Some(free_callback),
        )
    };
    if w < 0 {
        let e = Error::last();
        // SAFETY: refused: libvirt kept nothing.
        unsafe { free_callback(opaque) };
        return Err(die_with(p, &e));
    }
    raise_pending()?;
    call.ret(p.int(w as i64));
    Ok(())
}

fn update_handle(call: &mut Call) -> Result<(), Fail> {
    let watch = call.iv(0) as c_int;
    let events = call.iv(1) as c_int;
    // SAFETY: plain values; libvirt ignores an unknown watch.
    unsafe { sys::virEventUpdateHandle(watch, events) };
    raise_pending()
}

fn remove_handle(call: &mut Call) -> Result<(), Fail> {
    let watch = call.iv(0) as c_int;
    let p = call.perl();
    // SAFETY: a plain value.
    let r = unsafe { sys::virEventRemoveHandle(watch) };
    raise_pending()?;
    check_neg(r).or_die(p)?;
    Ok(())
}

fn add_timeout(call: &mut Call) -> Result<(), Fail> {
    let freq = call.iv(0) as c_int;
    let p = call.perl();
    let opaque = Callback::new(call, None, 1).into_opaque();
    // SAFETY: the callback data is libvirt's once this succeeds.
    let t = unsafe {
        sys::virEventAddTimeout(freq, Some(timeout_trampoline), opaque, Some(free_callback))
    };
    if t < 0 {
        let e = Error::last();
        // SAFETY: refused: libvirt kept nothing.
        unsafe { free_callback(opaque) };
        return Err(die_with(p, &e));
    }
    raise_pending()?;
    call.ret(p.int(t as i64));
    Ok(())
}

fn update_timeout(call: &mut Call) -> Result<(), Fail> {
    let timer = call.iv(0) as c_int;
    let freq = call.iv(1) as c_int;
    // SAFETY: plain values; libvirt ignores an unknown timer.
    unsafe { sys::virEventUpdateTimeout(timer, freq) };
    raise_pending()
}

fn remove_timeout(call: &mut Call) -> Result<(), Fail> {
    let timer = call.iv(0) as c_int;
    let p = call.perl();
    // SAFETY: a plain value.
    let r = unsafe { sys::virEventRemoveTimeout(timer) };
    raise_pending()?;
    check_neg(r).or_die(p)?;
    Ok(())
}

// ---- an event loop written in Perl ----
//
// libvirt calls the functions below to watch a file or set a timer; each calls the Perl
// sub `Sys::Virt::Event::_add_handle` (and so on), which calls the registered object's
// method. libvirt's callback, its data and its free function are handed to Perl as three
// references to one integer key into `REGISTRY`, where the real pointers stay: Perl code
// gives them back to the helpers, which look the key up, so a forged or stale reference is
// refused instead of being called as a pointer, and the free function runs at most once.

/// The interpreter that registered the Perl event loop (NULL before `_register_impl`).
static IMPL_PERL: AtomicPtr<perlxs::ffi::PerlInterpreter> = AtomicPtr::new(std::ptr::null_mut());

/// What libvirt gave for one watch or timer.
#[derive(Clone, Copy)]
struct Registration {
    handle: Option<sys::virEventHandleCallback>,
    timeout: Option<sys::virEventTimeoutCallback>,
    opaque: usize,
    ff: sys::virFreeCallback,
}

static REGISTRY: Mutex<Option<HashMap<i64, Registration>>> = Mutex::new(None);
static NEXT_KEY: AtomicI64 = AtomicI64::new(1);

fn registry<R>(f: impl FnOnce(&mut HashMap<i64, Registration>) -> R) -> R {
    let mut g = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
    f(g.get_or_insert_with(HashMap::new))
}

/// The registered loop's interpreter, if it is the one current on this thread.
fn impl_perl() -> Option<Perl> {
    let i = IMPL_PERL.load(Ordering::Acquire);
    if i.is_null() {
        return None;
    }
    // SAFETY: the interpreter pointer perl passed to `_register_impl`, used only if current.
    let p = unsafe { Perl::from_interp(i) };
    p.is_current().then_some(p)
}

/// Calls `Sys::Virt::Event::<name>` with `args`: in scalar context for its number when
/// `want` is set (the add calls), else in void context with nothing read (the update and
/// remove calls, whose Perl methods may end in a bare `return`, as the reference ignores
/// their result too). `Some` with the number (0 when not wanted); None after a die, which is
/// kept, or when the sub is missing.
fn call_loop(p: Perl, name: &CStr, want: bool, args: impl FnOnce() -> Vec<Owned>) -> Option<i64> {
    catch_unwind(AssertUnwindSafe(|| {
        p.with_temps(|| {
            let args = args();
            let raw: Vec<*mut SV> = args.iter().map(|a| a.as_ptr()).collect();
            // SAFETY: the current interpreter; the arguments are live.
            match unsafe { p.call_named_eval(name, &raw, want as usize) } {
                Some(Ok(v)) => Some(v.first().map_or(0, |r| r.value().iv())),
                Some(Err(e)) => {
                    note_die(e);
                    None
                }
                None => None,
            }
        })
    }))
    .unwrap_or(None)
}

fn add_registration(reg: Registration) -> i64 {
    let key = NEXT_KEY.fetch_add(1, Ordering::Relaxed);
    registry(|r| r.insert(key, reg));
    key
}

unsafe extern "C" fn impl_add_handle(
    fd: c_int,
    events: c_int,
    cb: sys::virEventHandleCallback,
    opaque: *mut c_void,
    ff: sys::virFreeCallback,
) -> c_int {
    let Some(p) = impl_perl() else { return -1 };
    let key = add_registration(Registration {
        handle: Some(cb),
        timeout: None,
        opaque: opaque as usize,
        ff,
    });
    let r = call_loop(p, c"Sys::Virt::Event::_add_handle", true, || {
        vec![
            p.int(fd as i64),
            p.int(events as i64),
            p.iv_ref(key),
            p.iv_ref(key),
            p.iv_ref(key),
        ]
    });
    match r {
        Some(w) if w >= 0 => w as c_int,
        _ => {
            // libvirt frees the data itself when adding fails.
            registry(|r| r.remove(&key));
            -1
        }
    }
}

unsafe extern "C" fn impl_update_handle(watch: c_int, events: c_int) {
    if let Some(p) = impl_perl() {
        call_loop(p, c"Sys::Virt::Event::_update_handle", false, || {
            vec![p.int(watch as i64), p.int(events as i64)]
        });
    } else {
        // A call made on a worker (Sys::Virt::Async) changed a watch: the loop hears of it
        // on its own thread, at the next dispatch.
        crate::perl::r#async::forward(move |_| {
            // SAFETY: on the Perl thread, as libvirt would have called it.
            unsafe { impl_update_handle(watch, events) }
        });
    }
}

unsafe extern "C" fn impl_remove_handle(watch: c_int) -> c_int {
    let Some(p) = impl_perl() else { return -1 };
    match call_loop(p, c"Sys::Virt::Event::_remove_handle", false, || {
        vec![p.int(watch as i64)]
    }) {
        Some(_) => 0,
        None => -1,
    }
}

unsafe extern "C" fn impl_add_timeout(
    interval: c_int,
    cb: sys::virEventTimeoutCallback,
    opaque: *mut c_void,
    ff: sys::virFreeCallback,
) -> c_int {
    let Some(p) = impl_perl() else { return -1 };
    let key = add_registration(Registration {
        handle: None,
        timeout: Some(cb),
        opaque: opaque as usize,
        ff,
    });
    let r = call_loop(p, c"Sys::Virt::Event::_add_timeout", true, || {
        vec![
            p.int(interval as i64),
            p.iv_ref(key),
            p.iv_ref(key),
            p.iv_ref(key),
        ]
    });
    match r {
        Some(t) if t >= 0 => t as c_int,
        _ => {
            registry(|r| r.remove(&key));
            -1
        }
    }
}

unsafe extern "C" fn impl_update_timeout(timer: c_int, interval: c_int) {
    if let Some(p) = impl_perl() {
        call_loop(p, c"Sys::Virt::Event::_update_timeout", false, || {
            vec![p.int(timer as i64), p.int(interval as i64)]
        });
    } else {
        // As for a watch: an event queued by a call on a worker arms the loop's timer.
        crate::perl::r#async::forward(move |_| {
            // SAFETY: on the Perl thread, as libvirt would have called it.
            unsafe { impl_update_timeout(timer, interval) }
        });
    }
}

unsafe extern "C" fn impl_remove_timeout(timer: c_int) -> c_int {
    let Some(p) = impl_perl() else { return -1 };
    match call_loop(p, c"Sys::Virt::Event::_remove_timeout", false, || {
        vec![p.int(timer as i64)]
    }) {
        Some(_) => 0,
        None => -1,
    }
}

fn register_impl(call: &mut Call) -> Result<(), Fail> {
    IMPL_PERL.store(call.perl().interp(), Ordering::Release);
    // SAFETY: six functions with libvirt's signatures, valid for the whole process.
    unsafe {
        sys::virEventRegisterImpl(
            Some(impl_add_handle),
            Some(impl_update_handle),
            Some(impl_remove_handle),
            Some(impl_add_timeout),
            Some(impl_update_timeout),
            Some(impl_remove_timeout),
        )
    };
    Ok(())
}

/// The registration behind arguments `i` and `j` (references made by the functions above,
/// which must name the same registration), or a `die` naming the bad argument. One lookup.
fn registration(
    call: &Call,
    i: usize,
    j: usize,
    names: [&str; 2],
) -> Result<(i64, Registration), Fail> {
    let p = call.perl();
    // SAFETY: live arguments.
    let (a, b) = unsafe { (p.iv_ref_value(call.arg(i)), p.iv_ref_value(call.arg(j))) };
    let (ra, rb) = registry(|r| {
        (
            a.and_then(|k| r.get(&k).copied()),
            b.and_then(|k| r.get(&k).copied()),
        )
    });
    let bad = |what: &str| {
        Fail::Message(format!(
            "{}() -- {} is not a live callback reference given by libvirt",
            call.sub_name(),
            what
        ))
    };
    let reg = ra.ok_or_else(|| bad(names[0]))?;
    rb.ok_or_else(|| bad(names[1]))?;
    let (a, b) = (a.unwrap_or(0), b.unwrap_or(0));
    if a != b {
        return Err(Fail::Message(format!(
            "{}() -- the callback and its data belong to different registrations",
            call.sub_name()
        )));
    }
    Ok((a, reg))
}

fn run_handle_callback_helper(call: &mut Call) -> Result<(), Fail> {
    let watch = call.iv(0) as c_int;
    let fd = call.iv(1) as c_int;
    let event = call.iv(2) as c_int;
    let (_, reg) = registration(call, 3, 4, ["cbref", "opaqueref"])?;
    let Some(Some(cb)) = reg.handle else {
        return Err(Fail::Message(format!(
            "{}() -- cbref is not a handle callback",
            call.sub_name()
        )));
    };
    // SAFETY: libvirt's callback with the data it registered, not freed yet (the registry
    // entry is removed before the free function runs).
    unsafe { cb(watch, fd, event, reg.opaque as *mut c_void) };
    raise_pending()
}

fn run_timeout_callback_helper(call: &mut Call) -> Result<(), Fail> {
    let timer = call.iv(0) as c_int;
    let (_, reg) = registration(call, 1, 2, ["cbref", "opaqueref"])?;
    let Some(Some(cb)) = reg.timeout else {
        return Err(Fail::Message(format!(
            "{}() -- cbref is not a timeout callback",
            call.sub_name()
        )));
    };
    // SAFETY: as for handles.
    unsafe { cb(timer, reg.opaque as *mut c_void) };
    raise_pending()
}

fn free_callback_opaque_helper(call: &mut Call) -> Result<(), Fail> {
    let (k1, _) = registration(call, 0, 1, ["ffref", "opaqueref"])?;
    // Removed first: a second call for the same registration finds nothing.
    if let Some(reg) = registry(|r| r.remove(&k1)) {
        if let Some(ff) = reg.ff {
            // SAFETY: libvirt's free function for its data, called once.
            unsafe { ff(reg.opaque as *mut c_void) };
        }
    }
    raise_pending()
}

// ---- credential callbacks ----

/// The Perl code asked for credentials, and the first `die` it raised.
struct AuthData {
    perl: Perl,
    code: *mut SV,
}

unsafe extern "C" fn auth_trampoline(
    cred: sys::virConnectCredentialPtr,
    ncred: c_uint,
    cbdata: *mut c_void,
) -> c_int {
    // SAFETY: the AuthData of the running `_open_auth`, alive until it returns.
    let data = unsafe { &*(cbdata as *const AuthData) };
    let p = data.perl;
    if !p.is_current() {
        return -1;
    }
    let creds: &mut [sys::virConnectCredential] = if cred.is_null() || ncred == 0 {
        &mut []
    } else {
        // SAFETY: libvirt's array of ncred credentials, ours to fill for the call.
        unsafe { std::slice::from_raw_parts_mut(cred, ncred as usize) }
    };
    catch_unwind(AssertUnwindSafe(|| {
        p.with_temps(|| {
            let mut list = p.array();
            let mut hashes = Vec::with_capacity(creds.len());
            for c in creds.iter() {
                let mut h = p.hash();
                h.store("type", p.int(c.type_ as i64));
                h.store("prompt", cstr_value(p, c.prompt));
                h.store("challenge", cstr_value(p, c.challenge));
                // The default answer, if any, is already in `result`; else it is undef.
                h.store("result", cstr_value(p, c.defresult));
                let r = h.into_ref();
                // SAFETY: a live reference of the current interpreter.
                hashes.push(unsafe { p.copy(r.as_ptr()) });
                list.push(r);
            }
            let list = list.into_ref();
            // SAFETY: the current interpreter; code and argument are live.
            let ret = match unsafe { p.call_eval(data.code, &[list.as_ptr()], 1) } {
                Ok(v) => v.first().map_or(-1, |r| r.value().iv() as c_int),
                Err(e) => {
                    note_die(e);
                    return -1;
                }
            };
            for (c, h) in creds.iter_mut().zip(&hashes) {
                c.result = std::ptr::null_mut();
                c.resultlen = 0;
                // SAFETY: our own hash reference, alive here.
                let Some(view) = (unsafe { p.hash_view(h.as_ptr()) }) else {
                    continue;
                };
                let Some(v) = view.fetch(b"result") else {
                    continue;
                };
                if !v.defined() {
                    continue;
                }
                let bytes = v.bytes();
                // SAFETY: libvirt frees the answer with free(): malloc'd, NUL-terminated.
                unsafe {
                    let buf = libc::malloc(bytes.len() + 1) as *mut u8;
                    if buf.is_null() {
                        continue;
                    }
                    std::ptr::copy_nonoverlapping(bytes.as_ptr(), buf, bytes.len());
                    *buf.add(bytes.len()) = 0;
                    c.result = buf as *mut libc::c_char;
                }
                c.resultlen = bytes.len() as c_uint;
            }
            ret
        })
    }))
    .unwrap_or(-1)
}

fn open_auth(call: &mut Call) -> Result<(), Fail> {
    let flags = call.flags(3);
    let name = call.opt_cstr(0, "uri")?;
    crate::perl::admin::libvirt_usable(call)?;
    let p = call.perl();
    let name_ptr = name.as_ref().map_or(std::ptr::null(), |n| n.as_ptr());
    let con = if call.defined(2) && call.defined(1) {
        let Some(creds) = call.array_arg(1) else {
            return Err(Fail::Message(format!(
                "{}() -- creds is not an array reference",
                call.sub_name()
            )));
        };
        let n = creds.len();
        let types = p.scratch::<c_int>(n.max(1));
        for (i, t) in types.iter_mut().enumerate().take(n) {
            *t = creds.get(i).map_or(0, |v| v.iv() as c_int);
        }
        let data = AuthData {
            perl: p,
            code: call.arg(2),
        };
        let mut auth = sys::virConnectAuth {
            credtype: types.as_mut_ptr(),
            ncredtype: n as c_uint,
            cb: Some(auth_trampoline),
            cbdata: &data as *const AuthData as *mut c_void,
        };
        // SAFETY: name is NULL or a C string; auth and data live for the call, which runs
        // the callback on this thread only.
        unsafe { sys::virConnectOpenAuth(name_ptr, &mut auth, flags) }
    } else {
        // SAFETY: libvirt's own default credential callbacks (they prompt on the terminal).
        unsafe { sys::virConnectOpenAuth(name_ptr, sys::virConnectAuthPtrDefault, flags) }
    };
    if con.is_null() {
        let e = Error::last();
        raise_pending()?;
        return Err(die_with(p, &e));
    }
    if let Err(f) = raise_pending() {
        // SAFETY: the new connection, not handed to Perl.
        unsafe { CONNECT.release(con) };
        return Err(f);
    }
    // SAFETY: a new connection, whose reference the object takes over.
    unsafe { call.ret_object(&p.objects(&CONNECT), con) };
    Ok(())
}
