//! libvirt-qemu's calls: raw QMP (or HMP) monitor commands and guest-agent commands on a
//! `Sys::Virt::Domain`, and on the connection (`Sys::Virt`) QEMU monitor events and
//! `qemu_attach`. One module for the library, not one per class: its calls belong to two
//! classes, and they are looked up in `libvirt-qemu.so.0` when the module loads (see
//! `crate::libvirt::api`), so a host without that library gets a "not supported" error from
//! them and nothing else.

use super::event::{
    deliver, dom, filter_object, int, raise_pending, register_callback, string, uint,
};
use super::rows::{self, fd_list};
use super::{OrDie, CONNECT, DOMAIN};

use crate::libvirt::api;
use crate::libvirt::error::check_neg;
use crate::libvirt::qemu as lv;
use perlxs::{Boot, Call, Const, Fail};
use std::ffi::{c_int, c_uint, c_void};
use virt::sys;

// The monitor event calls take Perl code: no async form (see Sys::Virt::Async).
crate::blocking! {
    mod monitor_events;
    package "Sys::Virt";
    fn qemu_monitor_event_register(conref, domref, eventname, cb, flags = 0) => qemu_monitor_event_register;
    fn qemu_monitor_event_deregister(con, callbackID) => qemu_monitor_event_deregister;
}

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    domain_rows::register(b);
    connect_rows::register(b);
    register_irregular(b);
    monitor_events::register(b);
    b.constants("Sys::Virt::Domain", DOMAIN_CONSTANTS);
    b.constants("Sys::Virt", CONNECT_CONSTANTS);
}

/// Registers the async forms of the QEMU rows and irregular methods (see
/// `super::register_async`).
pub(crate) fn register_async(b: &Boot) {
    domain_rows::register_async_rows(b);
    connect_rows::register_async_rows(b);
    register_async_irregular(b);
}

mod domain_rows {
    use super::*;
    use crate::methods;

    methods! {
        package "Sys::Virt::Domain";
        fn qemu_monitor_command(dom: DOMAIN, cmd: str, flags: uint = 0) -> owned_str_out(result):
            virDomainQemuMonitorCommand(dom, cmd, result, flags);
        fn qemu_agent_command(dom: DOMAIN, cmd: str, timeout: int, flags: uint = 0) -> owned_str:
            virDomainQemuAgentCommand(dom, cmd, timeout, flags);
    }

    pub(super) fn register(b: &Boot) {
        register_rows(b);
    }
}

mod connect_rows {
    use super::*;
    use crate::methods;

    methods! {
        package "Sys::Virt";
        fn qemu_attach(con: CONNECT, pid: uint, flags: uint = 0) -> object(DOMAIN):
            virDomainQemuAttach(con, pid, flags);
    }

    pub(super) fn register(b: &Boot) {
        register_rows(b);
    }
}

/// A C enum value as the module's constants show it: a negative one as the unsigned
/// number the reference's constants make of it (2**64 + value), so that
/// `QEMU_AGENT_COMMAND_BLOCK == AGENT_RESPONSE_TIMEOUT_BLOCK`, as in C.
const fn enum_const(name: &'static str, v: i64) -> Const {
    if v < 0 {
        Const::Uint(name, v as u64)
    } else {
        Const::Int(name, v)
    }
}

/// libvirt-qemu.h's constants of `Sys::Virt::Domain` (checked against the installed header
/// by t/59-qemu-lxc-admin.t).
static DOMAIN_CONSTANTS: &[Const] = &[
    enum_const(
        "QEMU_MONITOR_COMMAND_DEFAULT",
        sys::VIR_DOMAIN_QEMU_MONITOR_COMMAND_DEFAULT as i64,
    ),
    enum_const(
        "QEMU_MONITOR_COMMAND_HMP",
        sys::VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP as i64,
    ),
    enum_const(
        "QEMU_AGENT_COMMAND_MIN",
        sys::VIR_DOMAIN_QEMU_AGENT_COMMAND_MIN as i64,
    ),
    enum_const(
        "QEMU_AGENT_COMMAND_BLOCK",
        sys::VIR_DOMAIN_QEMU_AGENT_COMMAND_BLOCK as i64,
    ),
    enum_const(
        "QEMU_AGENT_COMMAND_DEFAULT",
        sys::VIR_DOMAIN_QEMU_AGENT_COMMAND_DEFAULT as i64,
    ),
    enum_const(
        "QEMU_AGENT_COMMAND_NOWAIT",
        sys::VIR_DOMAIN_QEMU_AGENT_COMMAND_NOWAIT as i64,
    ),
    enum_const(
        "QEMU_AGENT_COMMAND_SHUTDOWN",
        sys::VIR_DOMAIN_QEMU_AGENT_COMMAND_SHUTDOWN as i64,
    ),
];

/// libvirt-qemu.h's constants of `Sys::Virt` (the monitor event registration flags).
static CONNECT_CONSTANTS: &[Const] = &[
    enum_const(
        "QEMU_MONITOR_EVENT_REGISTER_REGEX",
        sys::VIR_CONNECT_DOMAIN_QEMU_MONITOR_EVENT_REGISTER_REGEX as i64,
    ),
    enum_const(
        "QEMU_MONITOR_EVENT_REGISTER_NOCASE",
        sys::VIR_CONNECT_DOMAIN_QEMU_MONITOR_EVENT_REGISTER_NOCASE as i64,
    ),
];

crate::irregular! {
    package "Sys::Virt::Domain";
    names(call, p, out, who);

    // The reply, then a Perl file handle for each descriptor QEMU sent back (none, with the
    // QEMU driver of libvirt 9 to 12). The descriptors passed in may be file handles or
    // numbers; they stay the caller's. xsubpp's order: the command, the object, the flags,
    // then the array (read in the body).
    fn qemu_monitor_command_with_files(dom: DOMAIN, cmd: str, fdssv: sv, flags: uint = 0) {
        read {
            let Some(av) = call.array_arg(2) else {
                return Err(rows::not_array(call, "fdssv"));
            };
            let infiles = fd_list(call, &av, "fdssv")?;
            let infiles = infiles.to_vec();
        }
        run { lv::monitor_command_with_files(dom.ptr(), cmd.as_ptr(), &infiles, flags) }
        build(v) {
            let (result, fds) = v;
            out.ret(result.map_or_else(|| p.undef(), |s| p.str(s.to_bytes())));
            fd_handles(out, p, fds.into_iter().map(std::os::fd::IntoRawFd::into_raw_fd));
        }
    }
}

/// Returns a Perl file handle for each descriptor (which the handles take over); one that
/// perl cannot wrap is closed, and `undef` stands in its place.
pub(crate) fn fd_handles(
    out: &mut impl crate::perl::declare::Out,
    p: perlxs::Perl,
    fds: impl ExactSizeIterator<Item = c_int>,
) {
    out.reserve(fds.len());
    for fd in fds {
        match p.fd_handle(fd) {
            Some(h) => out.ret(h),
            None => {
                // SAFETY: a descriptor handed to us and not taken by perl.
                unsafe { libc::close(fd) };
                out.ret(p.undef());
            }
        }
    }
}

unsafe extern "C" fn qemu_monitor_event(
    _c: sys::virConnectPtr,
    d: sys::virDomainPtr,
    event: *const libc::c_char,
    seconds: libc::c_longlong,
    micros: c_uint,
    details: *const libc::c_char,
    opaque: *mut c_void,
) {
    deliver(opaque, |p| {
        vec![
            dom(p, d),
            string(p, event),
            int(p, seconds),
            uint(p, micros as u64),
            string(p, details),
        ]
    });
}

// The callback gets the connection, the domain, the event's name, its time (seconds and
// microseconds) and its details (JSON text, or undef). A domain of undef (anything that is
// not a reference) means every domain; an event of undef, every event.
fn qemu_monitor_event_register(call: &mut Call) -> Result<(), Fail> {
    let con = call.object_strict(0, &CONNECT, "conref")?.ptr();
    let d = filter_object(call, 1, &DOMAIN, "domref")?;
    let flags = call.flags(4);
    let event = call.opt_cstr(2, "eventname")?;
    let event = rows::opt_ptr(event);
    let id = register_callback(call, 3, |opaque| {
        // SAFETY: a live connection, a domain or NULL, a string or NULL; the callback data
        // is libvirt's once this succeeds (freed through free_callback).
        unsafe {
            api::virConnectDomainQemuMonitorEventRegister(
                con,
                d,
                event,
                Some(qemu_monitor_event),
                opaque,
                Some(super::event::free_callback),
                flags,
            )
        }
    })?;
    call.ret(call.perl().int(id as i64));
    Ok(())
}

fn qemu_monitor_event_deregister(call: &mut Call) -> Result<(), Fail> {
    let id = call.iv(1) as c_int;
    let con = call.object(0, &CONNECT)?;
    let p = call.perl();
    // SAFETY: a live connection handle; libvirt refuses an unknown ID.
    let r = unsafe { api::virConnectDomainQemuMonitorEventDeregister(con.ptr(), id) };
    let r = check_neg(r).or_die(p);
    raise_pending()?;
    r?;
    Ok(())
}
