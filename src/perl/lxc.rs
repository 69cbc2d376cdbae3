//! libvirt-lxc's calls, as methods of `Sys::Virt::Domain`: a container's namespaces as Perl
//! file handles, and the three calls that move the calling process into a container (its
//! namespaces, its security label, its cgroup). Looked up in `libvirt-lxc.so.0` when the
//! module loads (see `crate::libvirt::api`).
//!
//! The three "enter" calls change the process that makes them, and two of them change only
//! the calling thread where the process has several (`setns` for most namespace kinds, the
//! security label), while `setns` into a mount or user namespace refuses a process with
//! several threads. In a Perl program with other threads (Perl threads, or threads of
//! another library) their effect would differ from thread to thread. So each runs only in a
//! process with a single thread, and otherwise dies without changing anything; the way to
//! use them is the way `virsh lxc-enter-namespace` does: gather what they need, `fork`, and
//! call them in the child, which then runs (or `exec`s) the code that is to live in the
//! container.

use super::qemu::fd_handles;
use super::rows::{self, fd_list};
use super::{die_with, DOMAIN};
use crate::libvirt::api;
use crate::libvirt::error::check_neg;
use crate::libvirt::Error;
use perlxs::{Boot, Call, Fail, HashView};
use std::ffi::{c_int, c_uint, c_void};
use virt::sys;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_irregular(b);
    enter_calls::register(b);
}

crate::irregular! {
    package "Sys::Virt::Domain";
    names(call, p, out, who);

    // A Perl file handle (read-only) for each of the container's namespaces. The
    // descriptors are owned until they become handles (closed if the Future is cancelled).
    fn lxc_open_namespace(dom: DOMAIN, flags: uint = 0) {
        run { open_namespace(dom.ptr(), flags) }
        build(fds) {
            fd_handles(out, p, fds.into_iter().map(std::os::fd::IntoRawFd::into_raw_fd));
        }
    }
}

/// The container's namespaces, as descriptors of our own.
fn open_namespace(d: sys::virDomainPtr, flags: c_uint) -> Result<Vec<std::os::fd::OwnedFd>, Error> {
    let mut fds: *mut c_int = std::ptr::null_mut();
    // SAFETY: a domain handle and an out pointer; the list and the descriptors are ours.
    let r = unsafe { api::virDomainLxcOpenNamespace(d, &mut fds, flags) };
    if r < 0 {
        let e = Error::last();
        // SAFETY: whatever libvirt left (NULL on failure).
        unsafe { libc::free(fds as *mut c_void) };
        return Err(e);
    }
    // SAFETY: r descriptors of ours, in a list libvirt allocated.
    Ok(unsafe { crate::libvirt::take_fds(fds, r as usize) })
}

// The enter calls change the calling process (and thread): no async form.
crate::blocking! {
    mod enter_calls;
    package "Sys::Virt::Domain";
    fn lxc_enter_namespace(dom, fdssv, flags = 0) => lxc_enter_namespace;
    fn lxc_enter_security_label(dom, model, label, flags = 0) => lxc_enter_security_label;
    fn lxc_enter_cgroup(dom, flags = 0) => lxc_enter_cgroup;
}

/// How many threads this process has (Linux: the entries of /proc/self/task).
fn thread_count() -> Option<usize> {
    std::fs::read_dir("/proc/self/task")
        .ok()
        .map(|d| d.filter(|e| e.is_ok()).count())
}

/// Dies unless this process has a single thread (see the module's documentation).
fn single_threaded(call: &Call) -> Result<(), Fail> {
    match thread_count() {
        Some(1) => Ok(()),
        n => Err(Fail::Message(format!(
            "{}() changes the calling process, so it runs only in a process with a single \
             thread ({}): call it in a child made by fork",
            call.sub_name(),
            n.map_or_else(
                || "cannot count them: no /proc/self/task".to_string(),
                |n| { format!("this one has {n}") }
            )
        ))),
    }
}

// Enters the namespaces given (file handles from lxc_open_namespace, or descriptors), and
// returns file handles on the namespaces the process was in, to go back with.
fn lxc_enter_namespace(call: &mut Call) -> Result<(), Fail> {
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(2);
    let Some(av) = call.array_arg(1) else {
        return Err(rows::not_array(call, "fdssv"));
    };
    let fds = fd_list(call, &av, "fdssv")?;
    // libvirt reads the domain's connection on its error path without checking it.
    let dom = super::live(call, d.ptr(), "dom")?;
    single_threaded(call)?;
    let p = call.perl();
    let mut nold: c_uint = 0;
    let mut old: *mut c_int = std::ptr::null_mut();
    // SAFETY: a domain handle, the descriptors and out pointers; the old descriptors and
    // their list are ours.
    let r = unsafe {
        api::virDomainLxcEnterNamespace(
            dom,
            fds.len() as c_uint,
            fds.as_mut_ptr(),
            &mut nold,
            &mut old,
            flags,
        )
    };
    if r < 0 {
        let e = Error::last();
        // SAFETY: what libvirt left: its list of the old descriptors (closed already on
        // failure) or NULL.
        unsafe { libc::free(old as *mut c_void) };
        return Err(die_with(p, &e));
    }
    // SAFETY: nold descriptors of ours, in a list libvirt allocated.
    let old = unsafe { crate::libvirt::take_fds(old, nold as usize) };
    let p = call.perl();
    fd_handles(
        call,
        p,
        old.into_iter().map(std::os::fd::IntoRawFd::into_raw_fd),
    );
    Ok(())
}

/// Copies a hash's string value into a fixed-size C char field (NUL-terminated); an absent
/// key leaves it empty. Too long a string, or one with a NUL byte, is refused.
fn fill_chars(
    call: &Call,
    h: &HashView,
    key: &str,
    field: &mut [libc::c_char],
    arg: &str,
) -> Result<(), Fail> {
    let Some(v) = h.get(key.as_bytes()) else {
        return Ok(());
    };
    let bytes = v.bytes();
    if bytes.contains(&0) || bytes.len() >= field.len() {
        return Err(Fail::Message(format!(
            "{}() -- {}'s {} {}",
            call.sub_name(),
            arg,
            key,
            if bytes.contains(&0) {
                "contains a NUL byte".to_string()
            } else {
                format!("is longer than libvirt's {} bytes", field.len() - 1)
            }
        )));
    }
    for (d, &s) in field.iter_mut().zip(bytes) {
        *d = s as libc::c_char;
    }
    field[bytes.len()] = 0;
    Ok(())
}

// Takes the hashes get_node_security_model and get_security_label return (model and doi;
// label and enforcing), and returns the process's label before the change, as such a hash.
fn lxc_enter_security_label(call: &mut Call) -> Result<(), Fail> {
    let _d = call.object(0, &DOMAIN)?;
    let flags = call.flags(3);
    let mh = super::typed_params::hash_arg(call, 1, "model")?;
    let lh = super::typed_params::hash_arg(call, 2, "label")?;
    // SAFETY: plain C structs of char arrays and an int: all-zero is a valid value.
    let mut model: sys::virSecurityModel = unsafe { std::mem::zeroed() };
    let mut label: sys::virSecurityLabel = unsafe { std::mem::zeroed() };
    let mut oldlabel: sys::virSecurityLabel = unsafe { std::mem::zeroed() };
    fill_chars(call, &mh, "model", &mut model.model, "model")?;
    fill_chars(call, &mh, "doi", &mut model.doi, "model")?;
    fill_chars(call, &lh, "label", &mut label.label, "label")?;
    label.enforcing = lh.get(b"enforcing").map_or(0, |v| v.iv() as c_int);
    single_threaded(call)?;
    let p = call.perl();
    // SAFETY: three structs that live for the call.
    let r = unsafe {
        api::virDomainLxcEnterSecurityLabel(&mut model, &mut label, &mut oldlabel, flags)
    };
    check_neg(r).map_err(|e| die_with(p, &e))?;
    let keys = ["label", "enforcing"];
    let vals = [
        p.str(rows::c_chars(&oldlabel.label)),
        p.int(oldlabel.enforcing as i64),
    ];
    call.ret(p.hash_ref(&keys, vals));
    Ok(())
}

// Moves the whole process into the cgroup of the container's init (found by the domain's
// ID, which for an LXC domain is that process's ID).
fn lxc_enter_cgroup(call: &mut Call) -> Result<(), Fail> {
    let d = call.object(0, &DOMAIN)?;
    let flags = call.flags(1);
    single_threaded(call)?;
    // SAFETY: a domain handle.
    let r = unsafe { api::virDomainLxcEnterCGroup(d.ptr(), flags) };
    rows::done(call, r)
}
