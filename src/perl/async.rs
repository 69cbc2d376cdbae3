//! `Sys::Virt::Async`: calls that don't block. Each method row has a second XSUB, its async
//! form, which converts the arguments on the Perl thread as the blocking one does, copies
//! what the call needs into values of its own (strings, handles with a reference taken), and
//! queues the libvirt call for a worker of the pool (`crate::pool`). The worker makes the
//! call, captures libvirt's error on its own thread, and leaves a closure that builds the
//! Perl values in this thread's completion queue. `Sys::Virt::Async->dispatch` (Perl, in
//! lib/Sys/Virt/Async.pm) drains the queue through `_drain` and completes the Futures. No
//! worker touches the interpreter: the closures run on the Perl thread.

use super::error::new_error_object;
use crate::libvirt::Error;
use crate::pool::{self, Completions};
use perlxs::{xsub, Boot, Call, Fail, Handle, HandleKind, Owned, Perl};
use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// What a call's result becomes on the Perl thread: the values the blocking form returns.
pub type Build = Box<dyn FnOnce(Perl) -> Vec<Owned> + Send>;

/// What a worker hands back: the values to build, or, for a method with a Perl step between
/// two libvirt calls (a setter that reads the caller's hash against the current values),
/// the first call's result for that step (see [`submit_then`]).
pub enum Step {
    Values(Build),
    Then(Box<dyn Any + Send>),
}

/// A finished call: its step, or libvirt's error.
pub type Outcome = Result<Step, Error>;

/// Work for a worker.
pub type Job = Box<dyn FnOnce() -> Outcome + Send>;

/// The Perl step of a two-call method, kept on its Perl thread: it gets the first call's
/// result and gives the second call's job, or fails the Future.
type Then = Box<dyn FnOnce(Perl, Box<dyn Any + Send>) -> Result<Job, Fail>>;

/// A result waiting in a completion queue.
pub struct Done {
    id: u64,
    outcome: Outcome,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// This thread's queue (each Perl thread, each interpreter, has its own).
    static QUEUE: RefCell<Option<Arc<Completions<Done>>>> = const { RefCell::new(None) };
}

/// This thread's queue, made at first use, and again in a forked child, which never sees
/// what was queued for its parent.
fn queue() -> Result<Arc<Completions<Done>>, Fail> {
    QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        if let Some(existing) = q.as_ref() {
            if existing.is_current() {
                return Ok(existing.clone());
            }
            // A forked child: the parent's queue (and its eventfd) is not ours to use; its
            // results never arrive here. Forget it without touching its lock.
            std::mem::forget(q.take());
        }
        let new = Completions::new()
            .map_err(|e| Fail::Message(format!("Sys::Virt::Async: no eventfd: {e}")))?;
        *q = Some(new.clone());
        Ok(new)
    })
}

thread_local! {
    /// On a worker, the queue of the job it runs: where Perl work that libvirt asks for
    /// from inside the call (a Perl event loop's update) is sent.
    static RUNNING_FOR: RefCell<Option<Arc<Completions<Done>>>> = const { RefCell::new(None) };
}

thread_local! {
    /// The Perl steps waiting for their first call, by id (this Perl thread's only: they
    /// hold Perl values, which never leave it).
    static THEN: RefCell<HashMap<u64, Then>> = RefCell::new(HashMap::new());
}

/// Jobs waiting for an earlier job on the same object, by the object's handle, in the
/// order they were made; an entry exists while a job on the object runs. Objects whose calls
/// libvirt needs in order, one at a time (a stream: its data goes in the order it is sent),
/// get their jobs through here. The process it belongs to is kept with it: a forked child
/// starts with none (the parent's jobs never run there).
type Waiting = HashMap<usize, std::collections::VecDeque<pool::Task>>;
static ORDERED: std::sync::Mutex<Option<(u32, Waiting)>> = std::sync::Mutex::new(None);

fn ordered<R>(f: impl FnOnce(&mut Waiting) -> R) -> R {
    let mut g = ORDERED.lock().unwrap_or_else(|e| e.into_inner());
    let me = std::process::id();
    if g.as_ref().is_none_or(|(pid, _)| *pid != me) {
        if let Some(old) = g.take() {
            std::mem::forget(old);
        }
        *g = Some((me, HashMap::new()));
    }
    f(&mut g.as_mut().expect("set above").1)
}

/// Runs `task`, then each job that waited for it on the same object, on this worker.
fn run_in_order(key: usize, task: pool::Task) {
    let mut next = Some(task);
    while let Some(task) = next.take() {
        task();
        next = ordered(|w| match w.get_mut(&key).and_then(|q| q.pop_front()) {
            Some(t) => Some(t),
            None => {
                w.remove(&key);
                None
            }
        });
    }
}

/// Queues a task for a worker, after any earlier task on the same object (`key`).
fn submit_task(key: Option<usize>, task: pool::Task) -> std::io::Result<()> {
    let Some(key) = key else {
        return pool::submit(task);
    };
    let task = ordered(|w| match w.get_mut(&key) {
        Some(q) => {
            q.push_back(task);
            None
        }
        None => {
            w.insert(key, Default::default());
            Some(task)
        }
    });
    match task {
        Some(task) => pool::submit(Box::new(move || run_in_order(key, task))),
        None => Ok(()),
    }
}

/// Queues `job` for a worker, its outcome to arrive as result `id` in `q`.
fn queue_job(q: Arc<Completions<Done>>, id: u64, job: Job) -> Result<(), Fail> {
    queue_job_on(q, id, None, job)
}

fn queue_job_on(
    q: Arc<Completions<Done>>,
    id: u64,
    key: Option<usize>,
    job: Job,
) -> Result<(), Fail> {
    submit_task(
        key,
        Box::new(move || {
            RUNNING_FOR.with(|r| *r.borrow_mut() = Some(q.clone()));
            // A panic in the job (a bug) still completes its Future, with an error.
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job))
                .unwrap_or_else(|_| Err(Error::unknown()));
            RUNNING_FOR.with(|r| *r.borrow_mut() = None);
            q.push(Done { id, outcome });
        }),
    )
    .map_err(|e| Fail::Message(format!("Sys::Virt::Async: cannot start a worker: {e}")))
}

/// Queues `job` for a worker and returns its id to Perl, which makes the Future.
pub fn submit(call: &mut Call, job: impl FnOnce() -> Outcome + Send + 'static) -> Result<(), Fail> {
    submit_on(call, None, job)
}

/// [`submit`], for a call on an object whose calls run one at a time in the order they were
/// made (`key`: its handle; see [`order_key`]), or on none (`None`).
pub fn submit_on(
    call: &mut Call,
    key: Option<usize>,
    job: impl FnOnce() -> Outcome + Send + 'static,
) -> Result<(), Fail> {
    let q = queue()?;
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    queue_job_on(q, id, key, Box::new(job))?;
    let p = call.perl();
    call.ret(p.uint(id));
    Ok(())
}

/// The ordering key of a call's first argument: its handle for a stream, whose calls libvirt
/// takes one at a time and in order; none for other objects, whose calls run concurrently.
pub fn order_key<P: Handle + 'static>(h: &Held<P>) -> Option<usize> {
    let stream = &super::STREAM as *const HandleKind<virt::sys::virStreamPtr> as *const u8;
    std::ptr::eq(h.kind as *const HandleKind<P> as *const u8, stream)
        .then(|| h.ptr.into_raw() as usize)
}

/// Queues a two-call method: `first` on a worker; its result goes to `then` on this Perl
/// thread when it is dispatched, which reads what it needs of Perl values and gives the
/// job of the second call, whose outcome completes the Future. A Future cancelled before
/// its first call ends never makes the second (`_forget`).
pub fn submit_then<T: Send + 'static>(
    call: &mut Call,
    first: impl FnOnce() -> Result<T, Error> + Send + 'static,
    then: impl FnOnce(Perl, T) -> Result<Job, Fail> + 'static,
) -> Result<(), Fail> {
    let q = queue()?;
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let then: Then = Box::new(move |p, v| {
        let v = v.downcast::<T>().expect("the first call's result type");
        then(p, *v)
    });
    THEN.with(|t| t.borrow_mut().insert(id, then));
    let job: Job = Box::new(move || Ok(Step::Then(Box::new(first()?))));
    if let Err(e) = queue_job(q, id, job) {
        THEN.with(|t| t.borrow_mut().remove(&id));
        return Err(e);
    }
    let p = call.perl();
    call.ret(p.uint(id));
    Ok(())
}

thread_local! {
    /// The first call's result for the Perl step `_then` runs next.
    static THEN_INPUT: RefCell<Option<(u64, Box<dyn Any + Send>)>> = const { RefCell::new(None) };
}

// Runs the Perl step whose first call's result drain just met (called under an eval).
xsub!(fn then_step(call) {
    call.arity(0, 0, c"")?;
    if let Some((id, v)) = THEN_INPUT.with(|i| i.borrow_mut().take()) {
        run_then(call.perl(), id, v)?;
    }
    Ok(())
});

/// Runs the Perl step of result `id`: `Ok(true)` when its second call is queued (no result
/// yet), `Ok(false)` when the Future was cancelled, or the step's failure.
fn run_then(p: Perl, id: u64, v: Box<dyn Any + Send>) -> Result<bool, Fail> {
    let Some(then) = THEN.with(|t| t.borrow_mut().remove(&id)) else {
        return Ok(false);
    };
    let job = then(p, v)?;
    queue_job(queue()?, id, job)?;
    Ok(true)
}

/// Sends Perl work from a worker to the Perl thread whose job it runs, to be done when that
/// thread dispatches (id 0: no Future waits for it). False when this thread runs no job.
pub fn forward(work: impl FnOnce(Perl) + Send + 'static) -> bool {
    RUNNING_FOR.with(|r| match r.borrow().as_ref() {
        Some(q) => {
            q.push(Done {
                id: 0,
                outcome: ok(move |p| {
                    work(p);
                    Vec::new()
                }),
            });
            true
        }
        None => false,
    })
}

/// An outcome of values built later.
#[inline]
pub fn ok(f: impl FnOnce(Perl) -> Vec<Owned> + Send + 'static) -> Outcome {
    Ok(Step::Values(Box::new(f)))
}

/// A handle with a reference of its own, which may cross threads: libvirt's objects are
/// thread-safe, and a reference keeps one alive whatever Perl does with its object
/// meanwhile. Dropping it drops the reference, on whichever thread.
pub struct Held<P: Handle + 'static> {
    kind: &'static HandleKind<P>,
    ptr: P,
}

// SAFETY: libvirt's public objects may be used from any thread; the reference is owned.
unsafe impl<P: Handle + 'static> Send for Held<P> {}

impl<P: Handle + 'static> Held<P> {
    /// Takes a reference on an argument's handle (NULL for a destroyed object, which
    /// libvirt then refuses as it refuses it in a blocking call).
    pub fn take(kind: &'static HandleKind<P>, ptr: P) -> Held<P> {
        // SAFETY: a live handle of the kind, or NULL.
        let ptr = if unsafe { kind.add_ref(ptr) } {
            ptr
        } else {
            P::from_raw(std::ptr::null_mut())
        };
        Held { kind, ptr }
    }

    /// Takes over a reference a libvirt call handed over.
    ///
    /// # Safety
    /// `ptr` is a handle of the kind on which the caller owns a reference (or NULL).
    pub unsafe fn adopt(kind: &'static HandleKind<P>, ptr: P) -> Held<P> {
        Held { kind, ptr }
    }

    /// The handle.
    #[inline(always)]
    pub fn ptr(&self) -> P {
        self.ptr
    }

    /// The ordinary Perl object of the kind's class, which takes the reference over.
    pub fn into_object(self, p: Perl) -> Owned {
        let (kind, ptr) = (self.kind, self.ptr);
        std::mem::forget(self);
        // SAFETY: a handle of the kind whose reference moves into the object.
        unsafe { p.objects(kind).object(ptr) }
    }
}

impl<P: Handle + 'static> Clone for Held<P> {
    /// One more reference on the same handle.
    fn clone(&self) -> Self {
        Held::take(self.kind, self.ptr)
    }
}

impl<P: Handle + 'static> Drop for Held<P> {
    fn drop(&mut self) {
        // SAFETY: our reference (or NULL, which release skips).
        unsafe { self.kind.release(self.ptr) };
    }
}

impl<P: Handle + 'static> super::rows::CArg for Held<P> {
    type C = P;
    #[inline(always)]
    fn c(&self) -> P {
        self.ptr
    }
}

xsub!(fn fd(call) {
    call.arity(0, 0, c"")?;
    let q = queue()?;
    let p = call.perl();
    call.ret(p.int(q.fd() as i64));
    Ok(())
});

// Every waiting result as [id, 1, values...] or [id, 0, error object], oldest first.
xsub!(fn drain(call) {
    call.arity(0, 0, c"")?;
    let q = queue()?;
    let p = call.perl();
    let done = q.drain();
    call.reserve(done.len());
    for d in done {
        let mut av = p.array();
        av.push(p.uint(d.id));
        match d.outcome {
            Ok(Step::Values(build)) => {
                av.push(p.int(1));
                for v in build(p) {
                    av.push(v);
                }
            }
            Ok(Step::Then(v)) => {
                // The step reads the caller's Perl values, whose code may die: it runs as a
                // sub of its own under an eval, so that a die fails this Future only.
                THEN_INPUT.with(|i| *i.borrow_mut() = Some((d.id, v)));
                // SAFETY: inside this XSUB; the sub is this module's own, with no arguments.
                match unsafe { p.call_named_eval(c"Sys::Virt::Async::_then", &[], 0) } {
                    Some(Ok(_)) => continue,
                    Some(Err(e)) => {
                        av.push(p.int(0));
                        av.push(e);
                    }
                    None => unreachable!("Sys::Virt::Async::_then is registered at boot"),
                }
            }
            Err(e) => {
                // A two-call method whose first call failed: its Perl step is dropped here,
                // on its own thread.
                THEN.with(|t| t.borrow_mut().remove(&d.id));
                av.push(p.int(0));
                av.push(new_error_object(p, &e));
            }
        }
        call.ret(av.into_ref());
    }
    Ok(())
});

// A cancelled Future's Perl step is dropped: its second call is never made.
xsub!(fn forget(call) {
    call.arity(1, 1, c"id")?;
    let id = call.uv(0);
    THEN.with(|t| t.borrow_mut().remove(&id));
    Ok(())
});

// Waits up to timeout_ms (-1: no limit) for a result; true if one is waiting.
xsub!(fn wait(call) {
    call.arity(1, 1, c"timeout_ms")?;
    let ms = call.iv(0).clamp(-1, i32::MAX as i64) as i32;
    let q = queue()?;
    let p = call.perl();
    call.ret(p.int(q.wait(ms) as i64));
    Ok(())
});

// The pool's size; with an argument, sets it first.
xsub!(fn pool_size(call) {
    call.arity(0, 1, c"size=undef")?;
    if call.items() == 1 && call.defined(0) {
        let n = call.iv(0);
        if n < 1 {
            return Err(Fail::Message(format!(
                "Sys::Virt::Async: the pool needs at least one worker, not {n}"
            )));
        }
        pool::set_size(n as usize);
    }
    let p = call.perl();
    call.ret(p.uint(pool::size() as u64));
    Ok(())
});

// How many workers run now in this process (0 before the first call).
xsub!(fn pool_threads(call) {
    call.arity(0, 0, c"")?;
    let p = call.perl();
    call.ret(p.uint(pool::threads() as u64));
    Ok(())
});

// Registers the async forms of every class's rows, in the packages
// Sys::Virt::Async::XS::<class>; the Perl side wraps them (done once per interpreter).
xsub!(fn boot_async(call) {
    call.arity(0, 0, c"")?;
    // SAFETY: inside an XSUB of this interpreter, after boot.
    let b = unsafe { Boot::later(call.perl().interp()) };
    // Messages of the async forms name the methods they stand for.
    perlxs::set_hidden_prefix("Sys::Virt::Async::XS::");
    super::register_async(&b);
    Ok(())
});

/// The native calls of `Sys::Virt::Async`.
#[link_section = ".text.startup.sys_virt"]
pub fn register(b: &Boot) {
    b.xsub(c"Sys::Virt::Async::_fd", c"", fd);
    b.xsub(c"Sys::Virt::Async::_drain", c"", drain);
    b.xsub(c"Sys::Virt::Async::_wait", c"$", wait);
    b.xsub(c"Sys::Virt::Async::_pool_size", c";$", pool_size);
    b.xsub(c"Sys::Virt::Async::_pool_threads", c"", pool_threads);
    b.xsub(c"Sys::Virt::Async::_boot", c"", boot_async);
    b.xsub(c"Sys::Virt::Async::_forget", c"$", forget);
    b.xsub(c"Sys::Virt::Async::_then", c"", then_step);
}
