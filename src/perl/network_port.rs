//! `Sys::Virt::NetworkPort`: a port of a virtual network (a guest's connection to it). `_new`
//! is Perl, in lib/Sys/Virt/NetworkPort.pm; the network's `create_port` and
//! `get_port_by_uuid` call it.

use super::{typed_params, OrDie, NETWORK, NETWORK_PORT};
use crate::c;
use crate::libvirt::error::check_neg;
use crate::methods;
use perlxs::{xsub, Boot, Call, Fail};
use virt::sys;

pub fn register(b: &Boot) {
    register_rows(b);
    b.method(
        c!("Sys::Virt::NetworkPort::get_parameters"),
        1,
        1,
        get_parameters,
    );
    b.method(
        c!("Sys::Virt::NetworkPort::set_parameters"),
        2,
        1,
        set_parameters,
    );
    b.constants(
        "Sys::Virt::NetworkPort",
        crate::consts::network_port::CONSTANTS,
    );
}

methods! {
    package "Sys::Virt::NetworkPort";
    fn _create_xml(net: NETWORK, xml: str, flags: uint = 0) -> object(NETWORK_PORT):
        virNetworkPortCreateXML(net, xml, flags);
    fn _lookup_by_uuid(net: NETWORK, uuid: uuid) -> object(NETWORK_PORT):
        virNetworkPortLookupByUUID(net, uuid);
    fn _lookup_by_uuid_string(net: NETWORK, uuid: str) -> object(NETWORK_PORT):
        virNetworkPortLookupByUUIDString(net, uuid);
    fn get_uuid(port: NETWORK_PORT) -> uuid(buf): virNetworkPortGetUUID(port, buf);
    fn get_uuid_string(port: NETWORK_PORT) -> uuid_string(buf):
        virNetworkPortGetUUIDString(port, buf);
    fn get_xml_description(port: NETWORK_PORT, flags: uint = 0) -> owned_str:
        virNetworkPortGetXMLDesc(port, flags);
    fn delete(port: NETWORK_PORT, flags: uint = 0) -> done: virNetworkPortDelete(port, flags);
}

/// The port's parameters, copied into scratch memory (string values cleared), with
/// libvirt's list freed before anything else runs.
fn current_parameters<'a>(
    call: &Call,
    port: sys::virNetworkPortPtr,
    flags: u32,
) -> Result<&'a mut [sys::virTypedParameter], Fail> {
    let p = call.perl();
    let mut params: sys::virTypedParameterPtr = std::ptr::null_mut();
    let mut n: libc::c_int = 0;
    // SAFETY: a live port handle; libvirt allocates the list (freed below, on both paths).
    let r = unsafe { sys::virNetworkPortGetParameters(port, &mut params, &mut n, flags) };
    let r = check_neg(r);
    let copy = r.as_ref().ok().map(|_| {
        // SAFETY: n parameters libvirt filled in (or NULL).
        typed_params::scratch_copy(p, unsafe {
            crate::libvirt::array_slice(params, n.max(0) as usize)
        })
    });
    // SAFETY: libvirt's list with its strings (NULL is accepted).
    unsafe { sys::virTypedParamsFree(params, n) };
    r.or_die(p)?;
    Ok(copy.unwrap_or_default())
}

xsub!(fn get_parameters(call) {
    call.arity(1, 2, c!("port, flags=0"))?;
    let port = call.object(0, &NETWORK_PORT)?;
    let flags = call.flags(1);
    let p = call.perl();
    let mut params: sys::virTypedParameterPtr = std::ptr::null_mut();
    let mut n: libc::c_int = 0;
    // SAFETY: a live port handle; libvirt allocates the list, freed below.
    let r = unsafe { sys::virNetworkPortGetParameters(port.ptr(), &mut params, &mut n, flags) };
    let r = check_neg(r);
    let h = r.as_ref().ok().map(|_| {
        // SAFETY: n parameters libvirt filled in (or NULL).
        typed_params::to_hash(p, unsafe { crate::libvirt::array_slice(params, n.max(0) as usize) })
    });
    // SAFETY: libvirt's list with its strings (NULL is accepted).
    unsafe { sys::virTypedParamsFree(params, n) };
    r.or_die(p)?;
    call.ret(h.expect("hash built on success").into_ref());
    Ok(())
});

xsub!(fn set_parameters(call) {
    call.arity(2, 3, c!("port, newparams, flags=0"))?;
    let port = call.object(0, &NETWORK_PORT)?;
    let Some(newparams) = call.hash_arg(1) else {
        return Err(Fail::Message(format!(
            "{}: newparams is not a HASH reference",
            call.sub_name()
        )));
    };
    let flags = call.flags(2);
    // As in the reference, the current list (whose types the new values take) is read
    // without the caller's flags.
    let current = current_parameters(call, port.ptr(), 0)?;
    let params = typed_params::update_from_hash(call, current, &newparams)?;
    // SAFETY: a live port handle and a list of parameters in scratch memory, with strings
    // that live until the statement ends.
    let r = unsafe {
        sys::virNetworkPortSetParameters(port.ptr(), params.as_mut_ptr(), params.len() as _, flags)
    };
    check_neg(r).or_die(call.perl())?;
    Ok(())
});
