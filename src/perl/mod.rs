//! The Perl classes: one module per class, each registering its XSUBs from `boot_Sys__Virt`.
//!
//! Every XSUB has the same steps: check the argument count (perl's usage message), take
//! the object's handle (warn and return `undef` for a non-object, as XS does), convert the
//! other arguments with perl's own coercions, call libvirt through `crate::libvirt` or
//! `virt`, and convert the result — or die with a `Sys::Virt::Error` built from libvirt's
//! error, read right after the failing call.

pub mod admin;
pub mod admin_client;
pub mod admin_server;
pub mod r#async;
pub mod declare;
pub mod domain;
pub mod domain_checkpoint;
pub mod domain_snapshot;
pub mod error;
pub mod event;
pub mod interface;
pub mod lxc;
pub mod network;
pub mod network_port;
pub mod node_device;
pub mod nwfilter;
pub mod nwfilter_binding;
pub mod qemu;
pub mod rows;
pub mod secret;
pub mod storage_pool;
pub mod storage_vol;
pub mod stream;
pub mod typed_params;
pub mod virt;

use crate::libvirt::Error;
use ::virt::sys;
use perlxs::{Boot, Fail, HandleKind, Perl};

/// Declares each class's handle: the Perl class, the parameter name the reference's typemap
/// uses for it in messages (and, with `_rv`, in its `DESTROY`'s usage), the C handle type,
/// and the libvirt calls that take and drop a reference. Each gets a typed `HandleKind`
/// static, so that one kind's pointer cannot be read as another's, and a `DESTROY`.
macro_rules! handles {
    ($( $(#[$meta:meta])* $kind:ident: $class:literal, $arg:literal, $ptr:ident = $ref:ident / $free:ident; )*) => {
        $(
            $(#[$meta])*
            pub static $kind: HandleKind<sys::$ptr> =
                HandleKind::new($class, $arg, sys::$ref, sys::$free);
        )*

        #[allow(non_snake_case)]
        mod destructors {
            use super::*;
            $(
                pub mod $kind {
                    use super::*;
                    perlxs::xsub!(pub fn destroy(call) {
                        call.arity(1, 1, $crate::c!(concat!($arg, "_rv")))?;
                        call.destroy(&$kind);
                        Ok(())
                    });
                }
            )*
        }

        /// Registers every class's `DESTROY`.
        #[link_section = ".text.startup.sys_virt"]
        fn register_destructors(b: &Boot) {
            $(
                b.destructor($crate::c!(concat!($class, "::DESTROY")), destructors::$kind::destroy);
            )*
        }
    };
}

handles! {
    /// `Sys::Virt` objects hold a connection.
    CONNECT: "Sys::Virt", "con", virConnectPtr = virConnectRef / virConnectClose;
    /// `Sys::Virt::Domain` objects hold a domain.
    DOMAIN: "Sys::Virt::Domain", "dom", virDomainPtr = virDomainRef / virDomainFree;
    /// `Sys::Virt::DomainCheckpoint` objects hold a checkpoint.
    CHECKPOINT: "Sys::Virt::DomainCheckpoint", "domcp", virDomainCheckpointPtr =
        virDomainCheckpointRef / virDomainCheckpointFree;
    /// `Sys::Virt::DomainSnapshot` objects hold a snapshot.
    SNAPSHOT: "Sys::Virt::DomainSnapshot", "domss", virDomainSnapshotPtr =
        virDomainSnapshotRef / virDomainSnapshotFree;
    /// `Sys::Virt::Network` objects hold a virtual network.
    NETWORK: "Sys::Virt::Network", "net", virNetworkPtr = virNetworkRef / virNetworkFree;
    /// `Sys::Virt::NetworkPort` objects hold a port of a network.
    NETWORK_PORT: "Sys::Virt::NetworkPort", "port", virNetworkPortPtr =
        virNetworkPortRef / virNetworkPortFree;
    /// `Sys::Virt::StoragePool` objects hold a storage pool.
    STORAGE_POOL: "Sys::Virt::StoragePool", "pool", virStoragePoolPtr =
        virStoragePoolRef / virStoragePoolFree;
    /// `Sys::Virt::StorageVol` objects hold a volume of a pool.
    STORAGE_VOL: "Sys::Virt::StorageVol", "vol", virStorageVolPtr =
        virStorageVolRef / virStorageVolFree;
    /// `Sys::Virt::Stream` objects hold a data stream.
    STREAM: "Sys::Virt::Stream", "st", virStreamPtr = virStreamRef / virStreamFree;
    /// `Sys::Virt::Interface` objects hold a host network interface.
    INTERFACE: "Sys::Virt::Interface", "iface", virInterfacePtr =
        virInterfaceRef / virInterfaceFree;
    /// `Sys::Virt::NodeDevice` objects hold a device of the host.
    NODE_DEVICE: "Sys::Virt::NodeDevice", "dev", virNodeDevicePtr =
        virNodeDeviceRef / virNodeDeviceFree;
    /// `Sys::Virt::Secret` objects hold a secret (a key, a passphrase).
    SECRET: "Sys::Virt::Secret", "sec", virSecretPtr = virSecretRef / virSecretFree;
    /// `Sys::Virt::NWFilter` objects hold a network filter.
    NWFILTER: "Sys::Virt::NWFilter", "filter", virNWFilterPtr =
        virNWFilterRef / virNWFilterFree;
    /// `Sys::Virt::NWFilterBinding` objects hold a filter's binding to a port device.
    NWFILTER_BINDING: "Sys::Virt::NWFilterBinding", "binding", virNWFilterBindingPtr =
        virNWFilterBindingRef / virNWFilterBindingFree;
}

/// Registers the async forms of every class's method rows (at the first async call).
pub(crate) fn register_async(b: &Boot) {
    virt::register_async_rows(b);
    virt::register_async_irregular(b);
    domain::register_async_rows(b);
    domain::register_async_irregular(b);
    lxc::register_async_irregular(b);
    domain::metadata::register_async_irregular(b);
    domain_checkpoint::register_async_rows(b);
    domain_snapshot::register_async_rows(b);
    network::register_async_rows(b);
    network::register_async_irregular(b);
    network::metadata::register_async_irregular(b);
    network_port::register_async_rows(b);
    network_port::register_async_irregular(b);
    storage_pool::register_async_rows(b);
    storage_vol::register_async_rows(b);
    stream::register_async_rows(b);
    stream::register_async_irregular(b);
    interface::register_async_rows(b);
    interface::register_async_irregular(b);
    node_device::register_async_rows(b);
    node_device::register_async_irregular(b);
    secret::register_async_rows(b);
    secret::register_async_irregular(b);
    nwfilter::register_async_rows(b);
    nwfilter_binding::register_async_rows(b);
    qemu::register_async(b);
    admin::register_async(b);
}

/// A libvirt failure as the `Sys::Virt::Error` object to die with.
pub fn die_with(p: Perl, e: &Error) -> Fail {
    Fail::Die(error::new_error_object(p, e))
}

/// `ptr`, or a `die` when it is NULL: the handle of an object that was `DESTROY`ed. Most
/// libvirt calls answer NULL with "invalid ... pointer"; the few that read their handle
/// before checking it (and crash there, as with the XS module) are guarded with this.
pub fn live<T>(call: &perlxs::Call, ptr: *mut T, arg: &str) -> Result<*mut T, Fail> {
    if ptr.is_null() {
        return Err(Fail::Message(format!(
            "{}() -- {} has no libvirt handle any more (its DESTROY was called)",
            call.sub_name(),
            arg
        )));
    }
    Ok(ptr)
}

/// `?`-friendly conversion of libvirt results inside XSUBs.
pub trait OrDie<T> {
    fn or_die(self, p: Perl) -> Result<T, Fail>;
}

impl<T> OrDie<T> for Result<T, Error> {
    #[inline]
    fn or_die(self, p: Perl) -> Result<T, Fail> {
        self.map_err(|e| die_with(p, &e))
    }
}

/// Called by XSLoader::load('Sys::Virt'): registers every class's XSUBs and constants.
///
/// # Safety
/// Called by perl only, as an XSUB.
#[no_mangle]
#[link_section = ".text.startup.sys_virt"]
pub unsafe extern "C" fn boot_Sys__Virt(perl: perlxs::ffi::Interp, cv: *mut perlxs::ffi::CV) {
    // SAFETY: perl's boot call, with its interpreter and CV.
    let boot = unsafe { Boot::begin(perl, cv, file!()) };
    crate::libvirt::init();
    register_destructors(&boot);
    virt::register(&boot);
    error::register(&boot);
    domain::register(&boot);
    domain_checkpoint::register(&boot);
    domain_snapshot::register(&boot);
    network::register(&boot);
    network_port::register(&boot);
    storage_pool::register(&boot);
    storage_vol::register(&boot);
    stream::register(&boot);
    interface::register(&boot);
    node_device::register(&boot);
    secret::register(&boot);
    nwfilter::register(&boot);
    nwfilter_binding::register(&boot);
    event::register(&boot);
    r#async::register(&boot);
    // The three libraries beside libvirt (looked up at load time, see libvirt::api).
    qemu::register(&boot);
    lxc::register(&boot);
    admin::register(&boot);
    boot.end();
}

/// Shorthand for a NUL-terminated literal.
#[macro_export]
macro_rules! c {
    ($s:expr) => {
        // SAFETY: concat! adds exactly one NUL, at the end; literals here contain none.
        unsafe { ::std::ffi::CStr::from_bytes_with_nul_unchecked(concat!($s, "\0").as_bytes()) }
    };
}
