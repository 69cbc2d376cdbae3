//! `Sys::Virt::Admin::Server`: one of a daemon's servers (`libvirtd` and `admin` in
//! libvirtd), with its worker pool, its client limits, its clients and its TLS files.

use super::admin::{ADMIN_CLIENT, ADMIN_SERVER};
use super::rows;
use super::typed_params::{self, Field};
use crate::libvirt::api::{self, virAdmServerPtr, virTypedParameterPtr};
use crate::{c, methods};
use perlxs::{xsub, Boot, Call, Const, Fail};
use virt::sys;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    let m = |name, req, opt, f| b.method(name, req, opt, f);
    m(
        c!("Sys::Virt::Admin::Server::get_threadpool_parameters"),
        1,
        1,
        get_threadpool_parameters,
    );
    m(
        c!("Sys::Virt::Admin::Server::set_threadpool_parameters"),
        2,
        1,
        set_threadpool_parameters,
    );
    m(
        c!("Sys::Virt::Admin::Server::get_client_limits"),
        1,
        1,
        get_client_limits,
    );
    m(
        c!("Sys::Virt::Admin::Server::set_client_limits"),
        2,
        1,
        set_client_limits,
    );
    b.constants("Sys::Virt::Admin::Server", CONSTANTS);
}

methods! {
    package "Sys::Virt::Admin::Server";
    fn get_name(srv: ADMIN_SERVER) -> borrowed_str: virAdmServerGetName(srv);
    fn list_clients(srv: ADMIN_SERVER, flags: uint = 0) -> objects(ADMIN_CLIENT, clients):
        virAdmServerListClients(srv, clients, flags);
    fn get_client_by_id(srv: ADMIN_SERVER, id: ullong_sv, flags: uint = 0) -> object(ADMIN_CLIENT):
        virAdmServerLookupClient(srv, id, flags);
    fn update_tls_files(srv: ADMIN_SERVER, flags: uint = 0) -> done:
        virAdmServerUpdateTlsFiles(srv, flags);
}

/// libvirt-admin.h's names of a server's parameters (checked against the installed header
/// by t/59-qemu-lxc-admin.t).
static CONSTANTS: &[Const] = &[
    Const::Str("THREADPOOL_WORKERS_MIN", "minWorkers"),
    Const::Str("THREADPOOL_WORKERS_MAX", "maxWorkers"),
    Const::Str("THREADPOOL_WORKERS_PRIORITY", "prioWorkers"),
    Const::Str("THREADPOOL_WORKERS_FREE", "freeWorkers"),
    Const::Str("THREADPOOL_WORKERS_CURRENT", "nWorkers"),
    Const::Str("THREADPOOL_JOB_QUEUE_DEPTH", "jobQueueDepth"),
    Const::Str("CLIENTS_MAX", "nclients_max"),
    Const::Str("CLIENTS_CURRENT", "nclients"),
    Const::Str("CLIENTS_UNAUTH_MAX", "nclients_unauth_max"),
    Const::Str("CLIENTS_UNAUTH_CURRENT", "nclients_unauth"),
];

/// The parameters of the worker pool that can be set (the daemon takes these three, as
/// unsigned ints, and refuses the others).
const THREADPOOL_SETTABLE: &[Field] = &[
    (c"minWorkers", sys::VIR_TYPED_PARAM_UINT),
    (c"maxWorkers", sys::VIR_TYPED_PARAM_UINT),
    (c"prioWorkers", sys::VIR_TYPED_PARAM_UINT),
];

/// The client limits that can be set.
const CLIENT_LIMITS_SETTABLE: &[Field] = &[
    (c"nclients_max", sys::VIR_TYPED_PARAM_UINT),
    (c"nclients_unauth_max", sys::VIR_TYPED_PARAM_UINT),
];

type Getter = unsafe fn(
    virAdmServerPtr,
    *mut virTypedParameterPtr,
    *mut libc::c_int,
    libc::c_uint,
) -> libc::c_int;
type Setter =
    unsafe fn(virAdmServerPtr, virTypedParameterPtr, libc::c_int, libc::c_uint) -> libc::c_int;

/// A "get" of a list libvirt allocates: the list as a hash.
fn get_params(call: &mut Call, get: Getter) -> Result<(), Fail> {
    call.arity(1, 2, c!("srv, flags=0"))?;
    let srv = call.object(0, &ADMIN_SERVER)?;
    let flags = call.flags(1);
    let srv = srv.ptr();
    // SAFETY: a server handle; libvirt allocates the list.
    let h = typed_params::allocated(call, |params, n| unsafe { get(srv, params, n, flags) })?;
    call.ret(h.into_ref());
    Ok(())
}

/// A "set": the fields of `settable` that the caller's hash has, typed as the daemon wants
/// them (other keys, such as the read-only ones a "get" returns, are left out).
fn set_params(call: &mut Call, settable: &[Field], set: Setter) -> Result<(), Fail> {
    call.arity(2, 3, c!("srv, newparams, flags=0"))?;
    let srv = call.object(0, &ADMIN_SERVER)?;
    let h = typed_params::hash_arg(call, 1, "newparams")?;
    let flags = call.flags(2);
    let params = typed_params::from_fields(call, &h, settable)?;
    // SAFETY: a server handle and a list in scratch memory.
    let r = unsafe {
        set(
            srv.ptr(),
            params.as_mut_ptr(),
            params.len() as libc::c_int,
            flags,
        )
    };
    rows::done(call, r)
}

xsub!(fn get_threadpool_parameters(call) {
    get_params(call, api::virAdmServerGetThreadPoolParameters)
});

xsub!(fn set_threadpool_parameters(call) {
    set_params(call, THREADPOOL_SETTABLE, api::virAdmServerSetThreadPoolParameters)
});

xsub!(fn get_client_limits(call) {
    get_params(call, api::virAdmServerGetClientLimits)
});

xsub!(fn set_client_limits(call) {
    set_params(call, CLIENT_LIMITS_SETTABLE, api::virAdmServerSetClientLimits)
});
