//! `Sys::Virt::Error`: the object every libvirt failure dies with. Its methods are Perl
//! (lib/Sys/Virt/Error.pm); this module builds the object and registers the constants.

use crate::libvirt::Error;
use perlxs::{Boot, Owned, Perl};

/// A blessed hash with exactly the keys `level`, `code`, `domain` and `message`.
pub fn new_error_object(p: Perl, e: &Error) -> Owned {
    let mut h = p.hash();
    h.store("level", p.int(e.level as i64));
    h.store("code", p.int(e.code as i64));
    h.store("domain", p.int(e.domain as i64));
    h.store("message", p.str(&e.message));
    p.bless(h.into_ref(), "Sys::Virt::Error")
}

pub fn register(boot: &Boot) {
    boot.constants("Sys::Virt::Error", crate::consts::error::CONSTANTS);
}
