//! Safe Rust over libvirt: what the `virt` crate lacks or converts lossily. No Perl here.

pub mod backup;
pub mod checkpoint;
pub mod cstring;
pub mod error;

pub use checkpoint::DomainCheckpoint;
pub use cstring::LvString;
pub use error::Error;
