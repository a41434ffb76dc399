//! Memory the app has freed, given back to the system.
//!
//! glibc keeps what the app frees for its next allocations. After the window has read a
//! large project (7 MB of rows at 100,000 needs, built and serialised here) or a brief, the
//! app process held about 70 MB more than it used, for as long as it ran. A thread of its
//! own gives freed memory back a second after such work, and sleeps otherwise.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::thread::Thread;
use std::time::Duration;

/// Set by work that frees much; the thread clears it when it gives memory back.
static FREED: AtomicBool = AtomicBool::new(false);
/// The thread that gives memory back, once started.
static GIVER: OnceLock<Thread> = OnceLock::new();
/// How long after such work memory is given back: what it made is sent by then (a project's
/// rows cross to the window in about 0.3 s at 100,000 needs).
const AFTER: Duration = Duration::from_secs(1);

/// Work that allocated and freed much has just been done (a project's rows, a brief).
pub fn freed_much() {
    FREED.store(true, Ordering::Release);
    if let Some(giver) = GIVER.get() {
        giver.unpark();
    }
}

/// Start the thread that gives freed memory back.
pub fn start() {
    let started = std::thread::Builder::new()
        .name("give-back-memory".into())
        .spawn(|| loop {
            // Parked until work frees much (a wake-up without it parks again).
            while !FREED.load(Ordering::Acquire) {
                std::thread::park();
            }
            // Cleared before the wait: work that frees much meanwhile gets a round of its own.
            FREED.store(false, Ordering::Release);
            std::thread::sleep(AFTER);
            give_back();
        });
    if let Ok(handle) = started {
        let _ = GIVER.set(handle.thread().clone());
    }
}

fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes the allocator's own locks and only returns free pages of the
    // heap to the system; no memory in use is touched.
    unsafe {
        libc::malloc_trim(0);
    }
}
