//! `Sys::Virt::NetworkPort`: a port of a virtual network (a guest's connection to it). `_new`
//! is Perl, in lib/Sys/Virt/NetworkPort.pm; the network's `create_port` and
//! `get_port_by_uuid` call it.

use super::{typed_params, OrDie, NETWORK, NETWORK_PORT};
use crate::c;
use crate::libvirt::error::check_neg;
use crate::methods;
use perlxs::{xsub, Boot, Call, Fail};
use virt::sys;

#[link_section = ".text.startup.sys_virt"]
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

/// Reads the port's parameters (libvirt allocates the list) and gives them to `take`; the
/// list is freed before anything else runs, on success and failure alike.
fn with_parameters<R>(
    call: &Call,
    port: sys::virNetworkPortPtr,
    flags: u32,
    take: impl FnOnce(&[sys::virTypedParameter]) -> R,
) -> Result<R, Fail> {
    let mut params: sys::virTypedParameterPtr = std::ptr::null_mut();
    let mut n: libc::c_int = 0;
    // SAFETY: a live port handle and out pointers for the list.
    let r =
        check_neg(unsafe { sys::virNetworkPortGetParameters(port, &mut params, &mut n, flags) });
    // SAFETY: on success, n parameters libvirt filled in (or NULL).
    let taken = r
        .as_ref()
        .ok()
        .map(|_| take(unsafe { crate::libvirt::array_slice(params, n.max(0) as usize) }));
    // SAFETY: libvirt's list with its strings (NULL is accepted).
    unsafe { sys::virTypedParamsFree(params, n) };
    r.or_die(call.perl())?;
    Ok(taken.expect("taken on success"))
}

xsub!(fn get_parameters(call) {
    call.arity(1, 2, c!("port, flags=0"))?;
    let port = call.object(0, &NETWORK_PORT)?;
    let flags = call.flags(1);
    let p = call.perl();
    let h = with_parameters(call, port.ptr(), flags, |list| typed_params::to_hash(p, list))?;
    call.ret(h.into_ref());
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
    // Copied into scratch memory (string values cleared), since reading the hash runs code.
    let p = call.perl();
    let current =
        with_parameters(call, port.ptr(), 0, |list| typed_params::scratch_copy(p, list))?;
    let params = typed_params::update_from_hash(call, current, &newparams)?;
    // SAFETY: a live port handle and a list of parameters in scratch memory, with strings
    // that live until the statement ends.
    let r = unsafe {
        sys::virNetworkPortSetParameters(port.ptr(), params.as_mut_ptr(), params.len() as _, flags)
    };
    check_neg(r).or_die(call.perl())?;
    Ok(())
});
