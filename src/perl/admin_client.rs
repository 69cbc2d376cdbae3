//! `Sys::Virt::Admin::Client`: one client of a daemon's server (a connection open to it),
//! with its identity and a way to close it.

use super::admin::ADMIN_CLIENT;
use super::typed_params;
use crate::libvirt::admin_calls as lv;
use crate::methods;
use perlxs::{Boot, Const};

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    register_irregular(b);
    b.constants("Sys::Virt::Admin::Client", CONSTANTS);
}

methods! {
    package "Sys::Virt::Admin::Client";
    fn get_transport(client: ADMIN_CLIENT) -> int: virAdmClientGetTransport(client);
    fn close(client: ADMIN_CLIENT, flags: uint = 0) -> done: virAdmClientClose(client, flags);
}

/// libvirt-admin.h's transports and client identity fields (checked against the installed
/// header by t/59-qemu-lxc-admin.t).
static CONSTANTS: &[Const] = &[
    Const::Int("TRANS_UNIX", 0),
    Const::Int("TRANS_TCP", 1),
    Const::Int("TRANS_TLS", 2),
    Const::Str("INFO_READONLY", "readonly"),
    Const::Str("INFO_SOCKET_ADDR", "sock_addr"),
    Const::Str("INFO_SASL_USER_NAME", "sasl_user_name"),
    Const::Str("INFO_X509_DISTINGUISHED_NAME", "tls_x509_dname"),
    Const::Str("INFO_UNIX_USER_ID", "unix_user_id"),
    Const::Str("INFO_UNIX_USER_NAME", "unix_user_name"),
    Const::Str("INFO_UNIX_GROUP_ID", "unix_group_id"),
    Const::Str("INFO_UNIX_GROUP_NAME", "unix_group_name"),
    Const::Str("INFO_UNIX_PROCESS_ID", "unix_process_id"),
    Const::Str("INFO_SELINUX_CONTEXT", "selinux_context"),
];

crate::irregular! {
    package "Sys::Virt::Admin::Client";
    names(call, p, out, who);

    // The client's ID: an unsigned long long, which is all ones on failure.
    fn get_id(client: ADMIN_CLIENT) {
        run { lv::client_id(client.ptr()) }
        build(id) { out.ret(p.uint(id)); }
    }

    // When the client connected, in seconds since the epoch (0 when the daemon does not
    // know).
    fn get_timestamp(client: ADMIN_CLIENT) {
        run { lv::client_timestamp(client.ptr()) }
        build(t) { out.ret(p.int(t)); }
    }

    fn get_info(client: ADMIN_CLIENT, flags: uint = 0) {
        run { lv::client_info(client.ptr(), flags) }
        build(list) { out.ret(typed_params::hash_of(p, &list).into_ref()); }
    }
}
