//! `Sys::Virt::DomainCheckpoint`: a checkpoint of a domain. `_new` (construction by name or
//! XML, re-blessing into the caller's class) is Perl, in lib/Sys/Virt/DomainCheckpoint.pm;
//! the domain's `create_checkpoint` and `get_checkpoint_by_name` (lib/Sys/Virt/Domain.pm)
//! call it, as in the reference, so warnings and failures come from `_new`.

use super::domain::borrowed;
use super::{OrDie, CHECKPOINT, DOMAIN};
use crate::c;
use crate::libvirt::checkpoint::{CreateFlags, DeleteFlags, DomainCheckpoint, ListFlags, XmlFlags};
use perlxs::{xsub, Boot, Call, Fail};
use std::mem::ManuallyDrop;
use virt::sys;

pub fn register(b: &Boot) {
    b.xsub(
        c!("Sys::Virt::DomainCheckpoint::_lookup_by_name"),
        lookup_by_name,
    );
    b.xsub(c!("Sys::Virt::DomainCheckpoint::_create_xml"), create_xml);
    b.xsub(c!("Sys::Virt::DomainCheckpoint::get_name"), get_name);
    b.xsub(
        c!("Sys::Virt::DomainCheckpoint::get_xml_description"),
        get_xml_description,
    );
    b.xsub(c!("Sys::Virt::DomainCheckpoint::delete"), delete);
    b.xsub(c!("Sys::Virt::DomainCheckpoint::get_parent"), get_parent);
    b.xsub(
        c!("Sys::Virt::DomainCheckpoint::list_all_children"),
        list_all_children,
    );
    b.destructor(c!("Sys::Virt::DomainCheckpoint::DESTROY"), destroy);
    b.constants(
        "Sys::Virt::DomainCheckpoint",
        crate::consts::domain_checkpoint::CONSTANTS,
    );
}

/// The checkpoint of argument 0, borrowing the object's reference.
#[inline]
fn checkpoint(call: &Call) -> Result<ManuallyDrop<DomainCheckpoint>, Fail> {
    let ptr = call.handle(0, &CHECKPOINT)? as sys::virDomainCheckpointPtr;
    // SAFETY: the Perl object keeps its reference for the call; ManuallyDrop never frees it.
    Ok(ManuallyDrop::new(unsafe {
        DomainCheckpoint::from_ptr(ptr)
    }))
}

/// Returns a new `Sys::Virt::DomainCheckpoint` object owning `cp`'s reference.
#[inline]
fn ret_checkpoint(call: &mut Call, cp: DomainCheckpoint) {
    let p = call.perl();
    call.ret_object(&p.objects(&CHECKPOINT), cp.into_ptr() as _);
}

xsub!(fn lookup_by_name(call) {
    call.arity(2, 3, c!("dom, name, flags=0"))?;
    // As in XS, the required string is converted (with its warnings) before the object is
    // checked; the optional flags only after.
    let name = call.cstr(1, "name")?;
    let d = call.handle_as(0, &DOMAIN, "dom")? as sys::virDomainPtr;
    let flags = call.flags(2);
    let cp = DomainCheckpoint::lookup_by_name(&borrowed(d), &name, flags).or_die(call.perl())?;
    drop(name);
    ret_checkpoint(call, cp);
    Ok(())
});

xsub!(fn create_xml(call) {
    call.arity(2, 3, c!("dom, xml, flags=0"))?;
    // As in XS, the required string is converted (with its warnings) before the object is
    // checked; the optional flags only after.
    let xml = call.cstr(1, "xml")?;
    let d = call.handle_as(0, &DOMAIN, "dom")? as sys::virDomainPtr;
    let flags = CreateFlags::from_bits_retain(call.flags(2));
    let cp = DomainCheckpoint::create_xml(&borrowed(d), &xml, flags).or_die(call.perl())?;
    drop(xml);
    ret_checkpoint(call, cp);
    Ok(())
});

xsub!(fn get_name(call) {
    call.arity(1, 1, c!("domcp"))?;
    let cp = checkpoint(call)?;
    let p = call.perl();
    let name = cp.name().or_die(p)?;
    call.ret_str(name.to_bytes());
    Ok(())
});

xsub!(fn get_xml_description(call) {
    call.arity(1, 2, c!("domcp, flags=0"))?;
    let cp = checkpoint(call)?;
    let flags = XmlFlags::from_bits_retain(call.flags(1));
    let p = call.perl();
    let xml = cp.xml_desc(flags).or_die(p)?;
    call.ret_str(xml.to_bytes());
    Ok(())
});

xsub!(fn delete(call) {
    call.arity(1, 2, c!("domcp, flags=0"))?;
    let cp = checkpoint(call)?;
    let flags = DeleteFlags::from_bits_retain(call.flags(1));
    cp.delete(flags).or_die(call.perl())?;
    Ok(())
});

xsub!(fn get_parent(call) {
    call.arity(1, 2, c!("domcp, flags=0"))?;
    let cp = checkpoint(call)?;
    let flags = call.flags(1);
    let parent = cp.parent(flags).or_die(call.perl())?;
    ret_checkpoint(call, parent);
    Ok(())
});

xsub!(fn list_all_children(call) {
    call.arity(1, 2, c!("domcp, flags=0"))?;
    let cp = checkpoint(call)?;
    let flags = ListFlags::from_bits_retain(call.flags(1));
    let p = call.perl();
    let children = cp.list_all_children(flags).or_die(p)?;
    let objects = p.objects(&CHECKPOINT);
    // SAFETY: checkpoint handles, each with the reference the list hands over.
    children.hand_over(|handles| unsafe { call.ret_objects(&objects, handles) });
    Ok(())
});

xsub!(fn destroy(call) {
    call.arity(1, 1, c!("domcp_rv"))?;
    let ptr = call.take_handle(0, &CHECKPOINT);
    // SAFETY: the object's own reference, just taken out of it.
    unsafe { CHECKPOINT.release(ptr) };
    Ok(())
});
