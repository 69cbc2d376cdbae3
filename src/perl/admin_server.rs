//! `Sys::Virt::Admin::Server`: one of a daemon's servers (`libvirtd` and `admin` in
//! libvirtd), with its worker pool, its client limits, its clients and its TLS files.

use super::admin::{ADMIN_CLIENT, ADMIN_SERVER};
use super::typed_params::{self, Field};
use crate::libvirt::admin_calls::{self as lv, ServerParams};
use crate::methods;
use perlxs::{Boot, Const};
use virt::sys;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    register_irregular(b);
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

crate::irregular! {
    package "Sys::Virt::Admin::Server";
    names(call, p, out, who);

    // A "get" of a list libvirt allocates: the list as a hash.
    fn get_threadpool_parameters(srv: ADMIN_SERVER, flags: uint = 0) {
        run { lv::server_params(srv.ptr(), ServerParams::ThreadPool, flags) }
        build(list) { out.ret(typed_params::hash_of(p, &list).into_ref()); }
    }

    // A "set": the fields of the settable ones that the caller's hash has, typed as the
    // daemon wants them (other keys, such as the read-only ones a "get" returns, are left
    // out). As before, the hash is checked before the flags are read.
    fn set_threadpool_parameters(srv: ADMIN_SERVER, newparams: sv, flags: sv = 0) {
        read {
            let h = typed_params::hash_arg(call, 1, "newparams")?;
            let flags = call.flags(2);
            let mut params = typed_params::from_fields_owned(call.perl(), who, &h, THREADPOOL_SETTABLE)?;
        }
        run { lv::set_server_params(srv.ptr(), ServerParams::ThreadPool, &mut params, flags) }
        build(_r) {}
    }

    fn get_client_limits(srv: ADMIN_SERVER, flags: uint = 0) {
        run { lv::server_params(srv.ptr(), ServerParams::ClientLimits, flags) }
        build(list) { out.ret(typed_params::hash_of(p, &list).into_ref()); }
    }

    fn set_client_limits(srv: ADMIN_SERVER, newparams: sv, flags: sv = 0) {
        read {
            let h = typed_params::hash_arg(call, 1, "newparams")?;
            let flags = call.flags(2);
            let mut params = typed_params::from_fields_owned(call.perl(), who, &h, CLIENT_LIMITS_SETTABLE)?;
        }
        run { lv::set_server_params(srv.ptr(), ServerParams::ClientLimits, &mut params, flags) }
        build(_r) {}
    }
}
