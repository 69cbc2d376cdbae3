//! Safe Rust over libvirt: what the `virt` crate lacks or converts lossily. No Perl here.

pub mod admin;
pub mod admin_calls;
pub mod api;
pub mod connect;
pub mod cstring;
pub mod domain;
pub mod error;
pub mod network;
pub mod node_device;
pub mod params;
pub mod qemu;
pub mod secret;
pub mod stream;

pub use cstring::LvString;
pub use error::Error;

use std::sync::Once;

// libxml2 2.9 (Debian 12's) must be told to set itself up before threads use it
// (`xmlInitParser`, "call once before processing in case of use in multithreaded
// programs"), and fills its tables of XML Schema datatypes and RELAX NG type libraries on
// first use with no lock: `if (!initialized) init();`. libvirt does neither, and its
// in-process drivers validate checkpoint XML against domaincheckpoint.rng in the calling
// thread. Two threads (or Perl ithreads) parsing their first RNG at once could each build a
// table and look a type up in the other's half-built one: "Error type 'unsignedInt' is not
// exported by type library ...". Doing all three once, before any such call, closes the race.
#[link(name = "xml2")]
extern "C" {
    fn xmlInitParser();
    // Declared `void` in 2.9 and `int` in 2.11+; the result is not read.
    fn xmlSchemaInitTypes();
    fn xmlRelaxNGInitTypes() -> libc::c_int;
}

/// Process-wide set-up, done once whatever the number of callers or threads: libvirt's
/// default error printer is silenced and libvirt's newer functions are looked up. Call it
/// before the first libvirt call (the Perl module does, when it loads).
pub fn init() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // libvirt's own set-up (its thread-local error slot among it), as the reference's
        // boot does. Most public calls run it themselves, but the event calls
        // (virEventAddTimeout and the like) do not: before it, virGetLastError would read
        // an uninitialised thread-local key, which is perl's own interpreter slot.
        // SAFETY: no arguments; idempotent and thread-safe in libvirt.
        unsafe { virt::sys::virInitialize() };
        error::silence_default_handler();
        api::resolve();
    });
}

/// What must be done before a connection is opened: libxml2 is set up, with its lazily
/// built type tables (see above), once. Done here rather than at load, since the tables
/// take most of a megabyte that a program which never connects need not pay for; every
/// driver call that parses XML needs a connection, so none can come before it.
pub fn before_connect() -> Result<(), Error> {
    init_xml();
    admin::libvirt_usable()
}

/// libxml2's set-up (see above), once, whatever the number of callers or threads.
fn init_xml() {
    static XML: Once = Once::new();
    XML.call_once(|| {
        // SAFETY: each only sets up libxml2's globals if they are not set up yet; the Once
        // keeps other callers out until it is done.
        unsafe {
            xmlInitParser();
            xmlSchemaInitTypes();
            xmlRelaxNGInitTypes();
        }
    });
}

/// The first `len` elements of an array that libvirt allocated and filled in (empty if
/// `len` is 0 or `arr` is NULL, which libvirt returns for an empty list).
///
/// # Safety
///
/// Unless `arr` is NULL, it must hold `len` initialised elements that outlive the returned
/// slice.
#[cfg_attr(test, allow(dead_code))]
pub(crate) unsafe fn array_slice<'a, T>(arr: *const T, len: usize) -> &'a [T] {
    if len == 0 || arr.is_null() {
        &[]
    } else {
        // SAFETY: the caller's promise.
        unsafe { std::slice::from_raw_parts(arr, len) }
    }
}

/// `len` descriptors libvirt opened for the caller, in an array it allocated: each becomes
/// an `OwnedFd` (closed when dropped, unless handed on), and the array is freed. A result
/// whose Future is cancelled so closes what it would have given.
///
/// # Safety
///
/// As for [`array_slice`]; the descriptors are the caller's, and `arr` is NULL or libvirt's
/// allocation, which nothing else frees.
#[cfg_attr(test, allow(dead_code))]
pub(crate) unsafe fn take_fds(arr: *mut libc::c_int, len: usize) -> Vec<std::os::fd::OwnedFd> {
    // SAFETY: the caller's promise: open descriptors of ours, in libvirt's array.
    unsafe {
        let fds = array_slice(arr, len)
            .iter()
            .map(|&fd| std::os::fd::FromRawFd::from_raw_fd(fd))
            .collect();
        libc::free(arr as *mut libc::c_void);
        fds
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::c_void;
    use std::process::Command;
    use std::sync::{Arc, Barrier};
    use std::time::{Duration, Instant};

    #[link(name = "xml2")]
    extern "C" {
        fn xmlSchemaGetPredefinedType(name: *const u8, ns: *const u8) -> *mut c_void;
    }

    const CHILD: &str = "SYS_VIRT_INIT_RACE_CHILD";

    /// In a fresh process, after `init` and the set-up done before the first connection
    /// (`init_xml`), four threads ask libxml2 for datatypes at the same moment and all find
    /// them. With the two table-building calls taken out, libxml2 2.9 lost roughly one such
    /// process in ten: this test failed in each
    /// of three runs, at rounds 4, 7 and 17 of 20.
    #[test]
    fn init_builds_libxml2_type_tables() {
        if std::env::var_os(CHILD).is_some() {
            super::init();
            super::init_xml();
            let go = Arc::new(Barrier::new(4));
            let threads: Vec<_> = (0..4)
                .map(|_| {
                    let go = Arc::clone(&go);
                    std::thread::spawn(move || {
                        go.wait();
                        let mut missing = 0;
                        for name in [
                            &b"unsignedInt\0"[..],
                            b"string\0",
                            b"dateTime\0",
                            b"boolean\0",
                            b"NCName\0",
                            b"anyURI\0",
                        ] {
                            // SAFETY: NUL-terminated names; the result is only compared to NULL.
                            let t = unsafe {
                                xmlSchemaGetPredefinedType(
                                    name.as_ptr(),
                                    b"http://www.w3.org/2001/XMLSchema\0".as_ptr(),
                                )
                            };
                            missing += t.is_null() as u32;
                        }
                        missing
                    })
                })
                .collect();
            let missing: u32 = threads.into_iter().map(|t| t.join().unwrap()).sum();
            assert_eq!(missing, 0, "datatypes not found");
            return;
        }
        let exe = std::env::current_exe().unwrap();
        for round in 0..20 {
            let mut child = Command::new(&exe)
                .args(["--exact", "libvirt::tests::init_builds_libxml2_type_tables"])
                .args(["--test-threads", "1", "-q"])
                .env(CHILD, "1")
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap();
            let deadline = Instant::now() + Duration::from_secs(60);
            let status = loop {
                if let Some(s) = child.try_wait().unwrap() {
                    break s;
                }
                if Instant::now() > deadline {
                    let _ = child.kill();
                    panic!("round {round}: the child process hung");
                }
                std::thread::sleep(Duration::from_millis(5));
            };
            assert!(status.success(), "round {round}: {status}");
        }
    }
}
