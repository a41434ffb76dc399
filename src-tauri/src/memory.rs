//! Memory the app has freed, given back to the system.
//!
//! glibc keeps what the app frees for its next allocations. After the window has read a
//! large project (7 MB of rows at 100,000 needs, built and serialised here) or a brief, the
//! app process held about 70 MB more than it used, for as long as it ran. A thread of its
//! own gives freed memory back a second after such work, and sleeps otherwise.
//!
//! The same thread empties the open projects' page caches (up to 8 MB each) once no
//! project has been read for [`IDLE`]: a project left open in a window otherwise holds
//! the pages of its last reads for as long as the app runs. Reads after that take their
//! pages from the system's file cache again, a few milliseconds at 100,000 needs.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::OnceLock;
use std::thread::Thread;
use std::time::{Duration, Instant};

/// Set by work that frees much; the thread clears it when it gives memory back.
static FREED: AtomicBool = AtomicBool::new(false);
/// Set when a project is read; the thread clears it when it empties the page caches.
static READ: AtomicBool = AtomicBool::new(false);
/// When a project was last read, in milliseconds since [`EPOCH`].
static LAST_READ: AtomicU64 = AtomicU64::new(0);
static EPOCH: OnceLock<Instant> = OnceLock::new();
/// The thread that gives memory back, once started.
static GIVER: OnceLock<Thread> = OnceLock::new();
/// Empties the open projects' page caches; false when a project was busy and kept its own.
static LET_GO: OnceLock<Box<dyn Fn() -> bool + Send + Sync>> = OnceLock::new();
/// How long after such work memory is given back: what it made is sent by then (a project's
/// rows cross to the window in about 0.3 s at 100,000 needs).
const AFTER: Duration = Duration::from_secs(1);
/// How long no project is read before the page caches are emptied: longer than a user
/// takes to read a page of the needs list and turn to the next.
const IDLE: Duration = Duration::from_secs(30);

fn now_ms() -> u64 {
    EPOCH.get_or_init(Instant::now).elapsed().as_millis() as u64
}

/// Work that allocated and freed much has just been done (a project's rows, a brief).
pub fn freed_much() {
    FREED.store(true, Ordering::Release);
    wake();
}

/// A project was just read or written: its page cache holds what was read.
pub fn project_read() {
    LAST_READ.store(now_ms(), Ordering::Release);
    if !READ.swap(true, Ordering::AcqRel) {
        wake();
    }
}

fn wake() {
    if let Some(giver) = GIVER.get() {
        giver.unpark();
    }
}

/// Start the thread that gives freed memory back; `let_go` empties the open projects' page
/// caches, and answers false when a project was busy and kept its cache.
pub fn start(let_go: impl Fn() -> bool + Send + Sync + 'static) {
    let _ = LET_GO.set(Box::new(let_go));
    let started = std::thread::Builder::new()
        .name("give-back-memory".into())
        .spawn(|| loop {
            // Parked until work frees much or a project is read (a wake-up without either
            // parks again).
            while !FREED.load(Ordering::Acquire) && !READ.load(Ordering::Acquire) {
                std::thread::park();
            }
            // Cleared before the wait: work that frees much meanwhile gets a round of its own.
            if FREED.swap(false, Ordering::AcqRel) {
                std::thread::sleep(AFTER);
                give_back();
                continue;
            }
            idle_pass();
        });
    if let Ok(handle) = started {
        let _ = GIVER.set(handle.thread().clone());
    }
}

/// Empty the page caches once no project has been read for [`IDLE`]; until then wait for
/// it (or for work that frees much, which wakes the thread first).
fn idle_pass() {
    let quiet = Duration::from_millis(now_ms().saturating_sub(LAST_READ.load(Ordering::Acquire)));
    if quiet < IDLE {
        std::thread::park_timeout(IDLE - quiet);
        return;
    }
    READ.store(false, Ordering::Release);
    let all = LET_GO.get().is_none_or(|let_go| let_go());
    if !all {
        // A project was in use: it is tried again once it has been left alone.
        project_read();
    }
    give_back();
}

fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes the allocator's own locks and only returns free pages of the
    // heap to the system; no memory in use is touched.
    unsafe {
        libc::malloc_trim(0);
    }
}
