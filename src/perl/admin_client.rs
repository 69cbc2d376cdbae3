//! `Sys::Virt::Admin::Client`: one client of a daemon's server (a connection open to it),
//! with its identity and a way to close it.

use super::admin::ADMIN_CLIENT;
use super::{die_with, typed_params};
use crate::libvirt::api;
use crate::libvirt::Error;
use crate::{c, methods};
use perlxs::{xsub, Boot, Const};

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    b.method(c!("Sys::Virt::Admin::Client::get_id"), 1, 0, get_id);
    b.method(
        c!("Sys::Virt::Admin::Client::get_timestamp"),
        1,
        0,
        get_timestamp,
    );
    b.method(c!("Sys::Virt::Admin::Client::get_info"), 1, 1, get_info);
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

// The client's ID: an unsigned long long, which is all ones on failure.
xsub!(fn get_id(call) {
    call.arity(1, 1, c!("client"))?;
    let client = call.object(0, &ADMIN_CLIENT)?;
    let p = call.perl();
    // SAFETY: a client handle.
    let id = unsafe { api::virAdmClientGetID(client.ptr()) };
    if id == libc::c_ulonglong::MAX {
        return Err(die_with(p, &Error::last()));
    }
    call.ret(p.uint(id as u64));
    Ok(())
});

// When the client connected, in seconds since the epoch (0 when the daemon does not know).
xsub!(fn get_timestamp(call) {
    call.arity(1, 1, c!("client"))?;
    let client = call.object(0, &ADMIN_CLIENT)?;
    let p = call.perl();
    // SAFETY: a client handle.
    let t = unsafe { api::virAdmClientGetTimestamp(client.ptr()) };
    if t < 0 {
        return Err(die_with(p, &Error::last()));
    }
    call.ret(p.int(t as i64));
    Ok(())
});

xsub!(fn get_info(call) {
    call.arity(1, 2, c!("client, flags=0"))?;
    let client = call.object(0, &ADMIN_CLIENT)?;
    let flags = call.flags(1);
    let client = client.ptr();
    // SAFETY: a client handle; libvirt allocates the list.
    let h = typed_params::allocated(call, |params, n| unsafe {
        api::virAdmClientGetInfo(client, params, n, flags)
    })?;
    call.ret(h.into_ref());
    Ok(())
});
