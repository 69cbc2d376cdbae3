//! `Sys::Virt::Stream`: a data stream between the program and libvirt (volume transfers,
//! consoles, screenshots). `_new` is Perl, in lib/Sys/Virt/Stream.pm; the connection's
//! `new_stream` calls it.
//!
//! The `*_all` calls run Perl handlers from inside libvirt's loops: each handler is called
//! with a trapped `die` (perlxs's `call_eval`), so no `die` crosses libvirt's C frames. A
//! handler that dies, or says it failed, makes libvirt abort the stream; the `die` (or
//! libvirt's error) reaches the caller once libvirt has returned.

use super::{OrDie, CONNECT, STREAM};

use crate::libvirt::error::check_neg;
use crate::libvirt::stream as lv;
use crate::methods;
use perlxs::ffi::SV;
use perlxs::{Boot, Call, Fail, Owned, Perl};
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use virt::sys;

#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    register_rows(b);
    register_irregular(b);
    handler_calls::register(b);
    b.constants("Sys::Virt::Stream", crate::consts::stream::CONSTANTS);
}

// The transfers that call Perl handlers: no async form (see Sys::Virt::Async).
crate::blocking! {
    mod handler_calls;
    package "Sys::Virt::Stream";
    fn send_all(stref, handler) => send_all;
    fn recv_all(stref, handler) => recv_all;
    fn sparse_send_all(stref, handler, hole_handler, skip_handler) => sparse_send_all;
    fn sparse_recv_all(stref, handler, hole_handler) => sparse_recv_all;
}

methods! {
    package "Sys::Virt::Stream";
    fn _new_obj(con: CONNECT, flags: uint = 0) -> object(STREAM): virStreamNew(con, flags);
    fn send_hole(st: STREAM, lengthSV: llong_sv, flags: uint = 0) -> done:
        virStreamSendHole(st, lengthSV, flags);
    fn finish(st: STREAM) -> done: virStreamFinish(st);
    fn abort(st: STREAM) -> done: virStreamAbort(st);
}

/// The most one `recv` asks libvirt for: libvirt hands over at most 256 KiB per call, so a
/// larger request only costs memory (the reference allocates whatever is asked, and dies of
/// "Out of memory!" on a huge count).
const RECV_MAX: usize = 64 << 20;

crate::irregular! {
    package "Sys::Virt::Stream";
    names(call, p, out, who);

    // xsubpp's order: the count (a size_t, SvUV), the object, then the data (a plain scalar
    // in the reference, read in its body). undef sends nothing, without a warning, as in the
    // reference. The bytes sent are copied (the async form sends them later).
    fn send(st: STREAM, data: sv, nbytes: ulong) {
        read {
            let data = call.opt_bytes(1).unwrap_or(&[]);
            let data = data[..(nbytes as usize).min(data.len())].to_vec();
        }
        run { lv::send(st.ptr(), &data) }
        build(r) { out.ret(p.int(r as i64)); }
    }

    // The count received (or -2, would block; -3, a hole), and the bytes: the blocking form
    // writes them into the caller's `data` (left as it was when none came), as the reference
    // does; the async form cannot write into the caller's scalar later, so its Future
    // completes with the count and the bytes ("" when none came) and `data` is left alone.
    fn recv(st: STREAM, data: sv, nbytes: ulong, flags: uint = 0) {
        run { lv::recv(st.ptr(), (nbytes as usize).min(RECV_MAX), flags) }
        build(v) { Received::received(out, p, v.0, v.1); }
    }

    fn recv_hole(st: STREAM, flags: uint = 0) {
        run { lv::recv_hole(st.ptr(), flags) }
        build(length) { out.ret(p.int(length)); }
    }
}

/// Where `recv`'s bytes go: into the caller's buffer argument (the blocking form), or after
/// the count in the Future's values (the async form).
trait Received {
    fn received(&mut self, p: Perl, r: i32, bytes: Vec<u8>);
}

impl Received for Call {
    fn received(&mut self, p: Perl, r: i32, bytes: Vec<u8>) {
        if r > 0 {
            // The bytes go into a mortal first, and our copy is dropped, before the caller's
            // scalar is set: its set-magic (a tied STORE) may die.
            let copy = p.copy_bytes(&bytes);
            drop(bytes);
            // SAFETY: the caller's scalar, alive for the call.
            unsafe { p.set_bytes(self.arg(1), copy) };
        }
        self.ret(p.int(r as i64));
    }
}

impl Received for Vec<Owned> {
    fn received(&mut self, p: Perl, r: i32, bytes: Vec<u8>) {
        self.push(p.int(r as i64));
        self.push(p.str(&bytes));
    }
}

/// What the handlers of one `*_all` call need: the interpreter, the stream object as the
/// caller passed it (handed to every handler), the handlers, and the first `die` of any of
/// them.
struct Handlers {
    perl: Perl,
    st: *mut SV,
    data: *mut SV,
    hole: *mut SV,
    skip: *mut SV,
    died: Option<Owned>,
}

impl Handlers {
    fn new(call: &Call, handlers: &[usize]) -> Handlers {
        let arg = |k: usize| {
            handlers
                .get(k)
                .map_or(std::ptr::null_mut(), |&i| call.arg(i))
        };
        Handlers {
            perl: call.perl(),
            st: call.arg(0),
            data: arg(0),
            hole: arg(1),
            skip: arg(2),
            died: None,
        }
    }

    /// Calls `cv` with the stream and `args`; its results, or None after a `die` (kept for
    /// the caller, and for libvirt a failure).
    fn call(&mut self, cv: *mut SV, args: &[*mut SV], max: usize) -> Option<Vec<Owned>> {
        if self.died.is_some() {
            return None;
        }
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(self.st);
        all.extend_from_slice(args);
        // SAFETY: inside the XSUB that set these handlers up; the values are live (the
        // arguments are held for the call, the others are the caller's).
        match unsafe { self.perl.call_eval(cv, &all, max) } {
            Ok(v) => Some(v),
            Err(e) => {
                self.died = Some(e);
                None
            }
        }
    }

    /// A handler's one number result (-1 for none, or after a `die`).
    fn call_int(&mut self, cv: *mut SV, args: &[*mut SV]) -> i64 {
        match self.call(cv, args, 1) {
            Some(v) => v.first().map_or(-1, |r| r.value().iv()),
            None => -1,
        }
    }

    /// After the libvirt call: the handler's `die`, else libvirt's error, else nothing.
    fn finish(self, r: libc::c_int) -> Result<(), Fail> {
        if let Some(e) = self.died {
            return Err(Fail::Die(e));
        }
        check_neg(r).or_die(self.perl)?;
        Ok(())
    }
}

/// Runs a trampoline's body for libvirt: a panic becomes a failure (-1), never an unwind
/// into C.
fn guarded(opaque: *mut c_void, body: impl FnOnce(&mut Handlers) -> libc::c_int) -> libc::c_int {
    // SAFETY: opaque is the Handlers of the running `*_all` call, alive until it returns.
    let h = unsafe { &mut *(opaque as *mut Handlers) };
    catch_unwind(AssertUnwindSafe(|| body(h))).unwrap_or(-1)
}

/// `virStreamSourceFunc`: the handler fills its second argument with up to `nbytes` bytes
/// and returns how many (0 at the end).
unsafe extern "C" fn source(
    _st: sys::virStreamPtr,
    data: *mut libc::c_char,
    nbytes: usize,
    opaque: *mut c_void,
) -> libc::c_int {
    guarded(opaque, |h| {
        let p = h.perl;
        let buf = p.str(b"");
        let n = p.uint(nbytes as u64);
        let cv = h.data;
        let r = h.call_int(cv, &[buf.as_ptr(), n.as_ptr()]);
        if r <= 0 {
            return r.max(-1) as libc::c_int;
        }
        let got = buf.value().bytes();
        let r = (r as usize).min(nbytes);
        let take = got.len().min(r);
        // SAFETY: libvirt's buffer has room for nbytes >= r; the rest of the r bytes the
        // handler promised but did not give are zeros, as the reference's strncpy leaves.
        unsafe {
            std::ptr::copy_nonoverlapping(got.as_ptr(), data as *mut u8, take);
            std::ptr::write_bytes((data as *mut u8).add(take), 0, r - take);
        }
        r as libc::c_int
    })
}

/// `virStreamSinkFunc`: the handler gets the bytes received and returns how many it took.
unsafe extern "C" fn sink(
    _st: sys::virStreamPtr,
    data: *const libc::c_char,
    nbytes: usize,
    opaque: *mut c_void,
) -> libc::c_int {
    guarded(opaque, |h| {
        let p = h.perl;
        // SAFETY: libvirt hands over nbytes bytes for the duration of the call.
        let bytes = unsafe { std::slice::from_raw_parts(data as *const u8, nbytes) };
        let buf = p.str(bytes);
        let n = p.uint(nbytes as u64);
        let cv = h.data;
        h.call_int(cv, &[buf.as_ptr(), n.as_ptr()])
            .clamp(-1, libc::c_int::MAX as i64) as libc::c_int
    })
}

/// Calls a handler that takes a length and returns 0 or -1 (the sink's hole handler, the
/// source's skip handler).
fn length_handler(
    opaque: *mut c_void,
    length: libc::c_longlong,
    which: fn(&Handlers) -> *mut SV,
) -> libc::c_int {
    guarded(opaque, |h| {
        let len = h.perl.int(length);
        let cv = which(h);
        h.call_int(cv, &[len.as_ptr()]).clamp(-1, 0) as libc::c_int
    })
}

/// `virStreamSinkHoleFunc`: the hole handler gets the hole's length.
unsafe extern "C" fn sink_hole(
    _st: sys::virStreamPtr,
    length: libc::c_longlong,
    opaque: *mut c_void,
) -> libc::c_int {
    length_handler(opaque, length, |h| h.hole)
}

/// `virStreamSourceHoleFunc`: the hole handler returns (in data?, length of the section).
unsafe extern "C" fn source_hole(
    _st: sys::virStreamPtr,
    in_data: *mut libc::c_int,
    length: *mut libc::c_longlong,
    opaque: *mut c_void,
) -> libc::c_int {
    guarded(opaque, |h| {
        let cv = h.hole;
        let Some(r) = h.call(cv, &[], 2) else {
            return -1;
        };
        if r.len() != 2 {
            return -1;
        }
        // SAFETY: libvirt's out pointers.
        unsafe {
            *in_data = r[0].value().truth() as libc::c_int;
            *length = r[1].value().iv();
        }
        0
    })
}

/// `virStreamSourceSkipFunc`: the skip handler moves past `length` bytes.
unsafe extern "C" fn source_skip(
    _st: sys::virStreamPtr,
    length: libc::c_longlong,
    opaque: *mut c_void,
) -> libc::c_int {
    length_handler(opaque, length, |h| h.skip)
}

// The reference reads `stref` without checking it (a non-object is dereferenced blindly), so
// the `*_all` calls die on a non-object, as `destroy` does.
fn send_all(call: &mut Call) -> Result<(), Fail> {
    let st = call.object_strict(0, &STREAM, "stref")?;
    let mut h = Handlers::new(call, &[1]);
    // SAFETY: a live stream handle; the handler state outlives the call, which runs the
    // trampolines on this thread only.
    let r = unsafe {
        sys::virStreamSendAll(
            st.ptr(),
            Some(source),
            &mut h as *mut Handlers as *mut c_void,
        )
    };
    h.finish(r)
}

fn recv_all(call: &mut Call) -> Result<(), Fail> {
    let st = call.object_strict(0, &STREAM, "stref")?;
    let mut h = Handlers::new(call, &[1]);
    // SAFETY: as in send_all.
    let r = unsafe {
        sys::virStreamRecvAll(st.ptr(), Some(sink), &mut h as *mut Handlers as *mut c_void)
    };
    h.finish(r)
}

fn sparse_send_all(call: &mut Call) -> Result<(), Fail> {
    let st = call.object_strict(0, &STREAM, "stref")?;
    let mut h = Handlers::new(call, &[1, 2, 3]);
    // SAFETY: as in send_all.
    let r = unsafe {
        sys::virStreamSparseSendAll(
            st.ptr(),
            Some(source),
            Some(source_hole),
            Some(source_skip),
            &mut h as *mut Handlers as *mut c_void,
        )
    };
    h.finish(r)
}

fn sparse_recv_all(call: &mut Call) -> Result<(), Fail> {
    let st = call.object_strict(0, &STREAM, "stref")?;
    let mut h = Handlers::new(call, &[1, 2]);
    // SAFETY: as in send_all.
    let r = unsafe {
        sys::virStreamSparseRecvAll(
            st.ptr(),
            Some(sink),
            Some(sink_hole),
            &mut h as *mut Handlers as *mut c_void,
        )
    };
    h.finish(r)
}
