//! The worker pool of the calls that don't block, and the completion queues their results
//! wait in. No Perl and no libvirt here: a task is a closure, and what it produces is the
//! submitter's business.
//!
//! - The pool starts at the first submission, not when the module loads, and grows a
//!   thread at a time up to its size while tasks wait and no worker is idle.
//! - A completion queue belongs to one submitting thread (one Perl interpreter). A worker
//!   that finishes a task appends its result there and makes the queue's eventfd readable;
//!   the owner drains it when it likes.
//! - After `fork` the child has none of the parent's threads: the first use in the child
//!   (a process id that differs from the one the pool or queue was made in) makes a new
//!   pool and a new queue, and the parent's are left alone, never locked in the child.

use std::collections::VecDeque;
use std::os::fd::RawFd;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

/// A unit of work for a worker.
pub type Task = Box<dyn FnOnce() + Send>;

/// The default number of workers: calls mostly wait on the network, so more than the
/// machine's cores, and enough for many calls in flight to one or several daemons.
pub const DEFAULT_SIZE: usize = 16;

/// The pool's size, kept apart from the pool so that it can be set before the pool starts.
static SIZE: AtomicUsize = AtomicUsize::new(DEFAULT_SIZE);

struct Pool {
    pid: u32,
    state: Mutex<State>,
    wake: Condvar,
}

#[derive(Default)]
struct State {
    tasks: VecDeque<Task>,
    threads: usize,
    idle: usize,
}

/// The current pool (leaked: workers keep a `&'static` to it). Replaced, never freed, when
/// the process id changes.
static POOL: AtomicPtr<Pool> = AtomicPtr::new(std::ptr::null_mut());
static POOL_INIT: Mutex<()> = Mutex::new(());

fn pid() -> u32 {
    std::process::id()
}

fn pool() -> &'static Pool {
    let p = POOL.load(Ordering::Acquire);
    // SAFETY: a pointer stored below from a leaked Box, never freed.
    if let Some(pool) = unsafe { p.as_ref() } {
        if pool.pid == pid() {
            return pool;
        }
    }
    // A new process (after fork) or none yet. After fork POOL_INIT may have been held by a
    // parent thread at the moment of the fork: the child makes its own lock-free instead.
    let _guard = if p.is_null() {
        Some(POOL_INIT.lock().unwrap_or_else(|e| e.into_inner()))
    } else {
        None
    };
    let p = POOL.load(Ordering::Acquire);
    // SAFETY: as above.
    if let Some(pool) = unsafe { p.as_ref() } {
        if pool.pid == pid() {
            return pool;
        }
    }
    let pool: &'static Pool = Box::leak(Box::new(Pool {
        pid: pid(),
        state: Mutex::new(State::default()),
        wake: Condvar::new(),
    }));
    POOL.store(pool as *const Pool as *mut Pool, Ordering::Release);
    pool
}

/// The pool's size (the most workers it runs).
pub fn size() -> usize {
    SIZE.load(Ordering::Relaxed)
}

/// Sets the pool's size (at least 1). More workers start as tasks need them; extra ones
/// end after their current task.
pub fn set_size(n: usize) {
    SIZE.store(n.max(1), Ordering::Relaxed);
    if !POOL.load(Ordering::Acquire).is_null() {
        pool().wake.notify_all();
    }
}

/// How many workers the current process's pool runs now (0 before the first task).
pub fn threads() -> usize {
    let p = POOL.load(Ordering::Acquire);
    // SAFETY: as in `pool`.
    match unsafe { p.as_ref() } {
        Some(pool) if pool.pid == pid() => pool.state.lock().map(|s| s.threads).unwrap_or(0),
        _ => 0,
    }
}

/// Queues `task` for a worker.
pub fn submit(task: Task) -> std::io::Result<()> {
    let pool = pool();
    let mut st = pool.state.lock().unwrap_or_else(|e| e.into_inner());
    st.tasks.push_back(task);
    if st.idle < st.tasks.len() && st.threads < size() {
        std::thread::Builder::new()
            .name("sys-virt-worker".into())
            .spawn(move || work(pool))?;
        st.threads += 1;
    } else {
        pool.wake.notify_one();
    }
    Ok(())
}

fn work(pool: &'static Pool) {
    let mut st = pool.state.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        if st.threads > size() {
            st.threads -= 1;
            return;
        }
        match st.tasks.pop_front() {
            Some(task) => {
                drop(st);
                // A panic in a task must not take the worker, or the queue's waiters, with
                // it: the task's own code reports its result before anything can panic.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(task));
                st = pool.state.lock().unwrap_or_else(|e| e.into_inner());
            }
            None => {
                st.idle += 1;
                st = pool.wake.wait(st).unwrap_or_else(|e| e.into_inner());
                st.idle -= 1;
            }
        }
    }
}

/// The results waiting for one submitting thread, and the eventfd that is readable while
/// there are any.
pub struct Completions<T> {
    pid: u32,
    fd: RawFd,
    items: Mutex<Vec<T>>,
}

impl<T> Completions<T> {
    /// A new queue with its eventfd.
    pub fn new() -> std::io::Result<Arc<Self>> {
        // SAFETY: no pointers; the descriptor is ours.
        let fd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(Arc::new(Completions {
            pid: pid(),
            fd,
            items: Mutex::new(Vec::new()),
        }))
    }

    /// Whether this queue was made in this process (false in a forked child).
    pub fn is_current(&self) -> bool {
        self.pid == pid()
    }

    /// The descriptor that is readable while results wait.
    pub fn fd(&self) -> RawFd {
        self.fd
    }

    /// Adds a result and wakes the owner.
    pub fn push(&self, item: T) {
        self.items
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(item);
        let one: u64 = 1;
        // SAFETY: writes 8 bytes from a live u64 to our eventfd (a full counter cannot
        // happen: it would take 2^64 - 1 results).
        unsafe { libc::write(self.fd, &one as *const u64 as *const libc::c_void, 8) };
    }

    /// Takes every waiting result, oldest first, and makes the descriptor unreadable until
    /// the next one.
    pub fn drain(&self) -> Vec<T> {
        let mut items = self.items.lock().unwrap_or_else(|e| e.into_inner());
        let mut counter: u64 = 0;
        // SAFETY: reads 8 bytes into a live u64; EAGAIN when nothing was written.
        unsafe { libc::read(self.fd, &mut counter as *mut u64 as *mut libc::c_void, 8) };
        std::mem::take(&mut *items)
    }

    /// Waits until a result is waiting or `timeout_ms` passed (-1: no limit); true if one is.
    pub fn wait(&self, timeout_ms: i32) -> bool {
        if !self
            .items
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_empty()
        {
            return true;
        }
        let mut pfd = libc::pollfd {
            fd: self.fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one pollfd, live for the call.
        let r = unsafe { libc::poll(&mut pfd, 1, timeout_ms) };
        r > 0
    }
}

impl<T> Drop for Completions<T> {
    fn drop(&mut self) {
        if self.is_current() {
            // SAFETY: our descriptor, closed once (a forked child's copy is left to the
            // child's own exit).
            unsafe { libc::close(self.fd) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn tasks_run_and_complete_in_the_queue() {
        let q = Completions::<usize>::new().unwrap();
        for i in 0..100 {
            let q = q.clone();
            submit(Box::new(move || q.push(i))).unwrap();
        }
        let mut got = Vec::new();
        while got.len() < 100 {
            assert!(q.wait(5000), "results arrive");
            got.extend(q.drain());
        }
        got.sort();
        assert_eq!(got, (0..100).collect::<Vec<_>>());
        assert!(threads() <= size());
    }

    #[test]
    fn tasks_run_concurrently() {
        let q = Completions::<()>::new().unwrap();
        let start = std::time::Instant::now();
        for _ in 0..8 {
            let q = q.clone();
            submit(Box::new(move || {
                std::thread::sleep(Duration::from_millis(200));
                q.push(())
            }))
            .unwrap();
        }
        let mut n = 0;
        while n < 8 {
            q.wait(5000);
            n += q.drain().len();
        }
        assert!(
            start.elapsed() < Duration::from_millis(1200),
            "8 sleeps overlapped"
        );
    }
}
