//! `Sys::Virt::Admin`: a connection to a daemon's admin socket (libvirt-admin), with the
//! handle kinds of the three admin classes. `new` and `get_version` are Perl, in
//! lib/Sys/Virt/Admin.pm. libvirt-admin is looked up in `libvirt-admin.so.0` when the module
//! loads (see `crate::libvirt::api`): without it, `new` dies "not supported".
//!
//! Servers and clients have no reference counting of their own in libvirt-admin; the Perl
//! objects' extra references (a Perl thread's copies) are counted in
//! `crate::libvirt::admin`.

use super::event::{deliver, int, raise_pending, register_callback};
use super::r#async::Held;
use super::OrDie;
use crate::libvirt::admin;
use crate::libvirt::api::{self, virAdmClientPtr, virAdmConnectPtr, virAdmServerPtr};
use crate::libvirt::error::check_neg;
use crate::{c, methods};
use perlxs::{xsub, Boot, Call, Fail, HandleKind};
use std::ffi::{c_int, c_void};

/// `Sys::Virt::Admin` objects hold an admin connection.
pub static ADMIN: HandleKind<virAdmConnectPtr> = HandleKind::new(
    "Sys::Virt::Admin",
    "adm",
    admin::connect_ref,
    admin::connect_close,
);
/// `Sys::Virt::Admin::Server` objects hold one of a daemon's servers.
pub static ADMIN_SERVER: HandleKind<virAdmServerPtr> = HandleKind::new(
    "Sys::Virt::Admin::Server",
    "srv",
    admin::server_ref,
    admin::server_free,
);
/// `Sys::Virt::Admin::Client` objects hold one client of a server.
pub static ADMIN_CLIENT: HandleKind<virAdmClientPtr> = HandleKind::new(
    "Sys::Virt::Admin::Client",
    "client",
    admin::client_ref,
    admin::client_free,
);

/// The `DESTROY` of one admin class, as `super::handles!` makes them for the others.
macro_rules! destructor {
    ($name:ident, $kind:ident, $usage:literal) => {
        xsub!(fn $name(call) {
            call.arity(1, 1, c!($usage))?;
            call.destroy(&$kind);
            Ok(())
        });
    };
}
destructor!(destroy_admin, ADMIN, "adm_rv");
destructor!(destroy_server, ADMIN_SERVER, "srv_rv");
destructor!(destroy_client, ADMIN_CLIENT, "client_rv");

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    b.destructor(c!("Sys::Virt::Admin::DESTROY"), destroy_admin);
    b.destructor(c!("Sys::Virt::Admin::Server::DESTROY"), destroy_server);
    b.destructor(c!("Sys::Virt::Admin::Client::DESTROY"), destroy_client);
    register_rows(b);
    register_irregular(b);
    version::register(b);
    close_callbacks::register(b);
    super::admin_server::register(b);
    super::admin_client::register(b);
}

/// Registers the async forms of the three admin classes' rows and irregular methods.
pub(crate) fn register_async(b: &Boot) {
    register_async_rows(b);
    register_async_irregular(b);
    super::admin_server::register_async_rows(b);
    super::admin_server::register_async_irregular(b);
    super::admin_client::register_async_rows(b);
    super::admin_client::register_async_irregular(b);
}

methods! {
    package "Sys::Virt::Admin";
    fn get_uri(adm: ADMIN) -> owned_str: virAdmConnectGetURI(adm);
    fn is_alive(adm: ADMIN) -> int: virAdmConnectIsAlive(adm);
    fn get_library_version(adm: ADMIN) -> ullong_out(version):
        virAdmConnectGetLibVersion(adm, version);
    fn list_servers(adm: ADMIN, flags: uint = 0) -> objects(ADMIN_SERVER, servers):
        virAdmConnectListServers(adm, servers, flags);
    fn get_server_by_name(adm: ADMIN, name: str, flags: uint = 0) -> object(ADMIN_SERVER):
        virAdmConnectLookupServer(adm, name, flags);
    fn get_logging_outputs(adm: ADMIN, flags: uint = 0) -> owned_str_out(outputs):
        virAdmConnectGetLoggingOutputs(adm, outputs, flags);
    fn get_logging_filters(adm: ADMIN, flags: uint = 0) -> owned_str_out(filters):
        virAdmConnectGetLoggingFilters(adm, filters, flags);
    fn set_logging_outputs(adm: ADMIN, outputs: opt_str, flags: uint = 0) -> done:
        virAdmConnectSetLoggingOutputs(adm, outputs, flags);
    fn set_logging_filters(adm: ADMIN, filters: opt_str, flags: uint = 0) -> done:
        virAdmConnectSetLoggingFilters(adm, filters, flags);
    fn set_daemon_timeout(adm: ADMIN, timeout: uint, flags: uint = 0) -> done:
        virAdmConnectSetDaemonTimeout(adm, timeout, flags);
}

crate::irregular! {
    package "Sys::Virt::Admin";
    names(call, p, out, who);

    // As Sys::Virt's _open (the flags read before the name), with the check of
    // crate::libvirt::admin::open: a process uses libvirt's connections or libvirt-admin's,
    // not both. The async form opens the connection on a worker.
    fn _open(name: opt_str, flags: uint) {
        // SAFETY: a new admin connection, whose reference the object takes over.
        run { admin::open(name.as_deref(), flags).map(|c| unsafe { Held::adopt(&ADMIN, c) }) }
        build(adm) { out.ret(adm.into_object(p)); }
    }
}

// The version of the libvirt-admin library this process loaded. It takes no argument, which
// irregular! cannot declare (its parameter list starts with one), so it has the blocking
// form only.
crate::blocking! {
    mod version;
    package "Sys::Virt::Admin";
    fn _get_version() => get_version;
}

fn get_version(call: &mut Call) -> Result<(), Fail> {
    let p = call.perl();
    let v = crate::libvirt::admin_calls::version().or_die(p)?;
    call.ret(p.uint(v));
    Ok(())
}

/// Dies where this process may not open libvirt connections (it uses libvirt-admin): for
/// Sys::Virt's `_open` and `_open_auth`.
pub fn libvirt_usable(call: &perlxs::Call) -> Result<(), perlxs::Fail> {
    crate::libvirt::before_connect().or_die(call.perl())
}

unsafe extern "C" fn close_trampoline(_c: virAdmConnectPtr, reason: c_int, opaque: *mut c_void) {
    deliver(opaque, |p| vec![int(p, reason as i64)]);
}

// They take Perl code: no async form.
crate::blocking! {
    mod close_callbacks;
    package "Sys::Virt::Admin";
    fn register_close_callback(admref, cb) => register_close_callback;
    fn unregister_close_callback(adm) => unregister_close_callback;
}

// As Sys::Virt's: the callback gets the admin connection and a Sys::Virt::CLOSE_REASON_*.
fn register_close_callback(call: &mut Call) -> Result<(), Fail> {
    let adm = call.object_strict(0, &ADMIN, "admref")?.ptr();
    register_callback(call, 1, |opaque| {
        // SAFETY: a live admin connection; the callback data is libvirt's once this succeeds.
        unsafe {
            api::virAdmConnectRegisterCloseCallback(
                adm,
                Some(close_trampoline),
                opaque,
                Some(super::event::free_callback),
            )
        }
    })
    .map(drop)
}

fn unregister_close_callback(call: &mut Call) -> Result<(), Fail> {
    let adm = call.object(0, &ADMIN)?;
    let p = call.perl();
    // SAFETY: a live admin connection handle.
    let r = unsafe { api::virAdmConnectUnregisterCloseCallback(adm.ptr(), Some(close_trampoline)) };
    let r = check_neg(r).or_die(p);
    raise_pending()?;
    r?;
    Ok(())
}
