//! The libvirt-admin calls of the admin classes' irregular methods (src/perl/admin.rs,
//! admin_server.rs, admin_client.rs), as values of their own that may cross threads: the
//! `run` phases of their blocking and async forms. No Perl here.

use super::api::{self, virAdmClientPtr, virAdmServerPtr};
use super::error::{check_neg, Error};
use super::params::{NewParams, Params};

/// The version of the libvirt-admin library this process loaded (`virAdmGetVersion`).
pub fn version() -> Result<u64, Error> {
    let mut v: libc::c_ulonglong = 0;
    // SAFETY: an out pointer.
    check_neg(unsafe { api::virAdmGetVersion(&mut v) })?;
    Ok(v as u64)
}

/// A client's ID: an unsigned long long, which is all ones on failure.
pub fn client_id(client: virAdmClientPtr) -> Result<u64, Error> {
    // SAFETY: a client handle (or NULL, which libvirt refuses).
    let id = unsafe { api::virAdmClientGetID(client) };
    if id == libc::c_ulonglong::MAX {
        return Err(Error::last());
    }
    Ok(id as u64)
}

/// When a client connected, in seconds since the epoch (negative on failure).
pub fn client_timestamp(client: virAdmClientPtr) -> Result<i64, Error> {
    // SAFETY: a client handle (or NULL, which libvirt refuses).
    let t = unsafe { api::virAdmClientGetTimestamp(client) };
    if t < 0 {
        return Err(Error::last());
    }
    Ok(t as i64)
}

/// A client's identity (a list libvirt allocates).
pub fn client_info(client: virAdmClientPtr, flags: libc::c_uint) -> Result<Params, Error> {
    // SAFETY: a client handle and out pointers for the list.
    Params::allocated(|l, n| unsafe { api::virAdmClientGetInfo(client, l, n, flags) })
}

/// Which of a server's typed parameter lists a call reads or sets.
#[derive(Clone, Copy)]
pub enum ServerParams {
    /// The worker pool (`virAdmServer{Get,Set}ThreadPoolParameters`).
    ThreadPool,
    /// The client limits (`virAdmServer{Get,Set}ClientLimits`).
    ClientLimits,
}

/// A server's parameters of one kind (a list libvirt allocates).
pub fn server_params(
    srv: virAdmServerPtr,
    which: ServerParams,
    flags: libc::c_uint,
) -> Result<Params, Error> {
    // SAFETY: a server handle and out pointers for the list.
    Params::allocated(|l, n| unsafe {
        match which {
            ServerParams::ThreadPool => api::virAdmServerGetThreadPoolParameters(srv, l, n, flags),
            ServerParams::ClientLimits => api::virAdmServerGetClientLimits(srv, l, n, flags),
        }
    })
}

/// Sets a server's parameters of one kind.
pub fn set_server_params(
    srv: virAdmServerPtr,
    which: ServerParams,
    params: &mut NewParams,
    flags: libc::c_uint,
) -> Result<(), Error> {
    let (list, n) = (params.as_mut_ptr(), params.len());
    // SAFETY: a server handle and a list whose strings it owns.
    let r = unsafe {
        match which {
            ServerParams::ThreadPool => {
                api::virAdmServerSetThreadPoolParameters(srv, list, n, flags)
            }
            ServerParams::ClientLimits => api::virAdmServerSetClientLimits(srv, list, n, flags),
        }
    };
    check_neg(r).map(drop)
}
