//! Live updates of an open shared project: a thread of its own listens on a second
//! connection to the project's database and tells the project's window (and no other) what
//! the others changed, as
//! the event [`EVENT`] with the list of changes, at most every [`EVERY`].
//!
//! The thread never blocks the async runtime or a command: it waits on its own connection
//! and takes the project only with `try_lock`, to learn which server session is the app's
//! own (its changes are not reported). When the connection drops it connects again with the
//! credentials the project was opened with, waiting longer after each failure; after
//! reconnecting it sends an empty list: anything may have changed meanwhile.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use medskapa_core::store::listen::{coalesce, Change, Listener};
use tauri::{AppHandle, Emitter, Runtime};

use crate::state::Session;

/// The event the window hears: a list of [`Change`]s (empty: reload everything).
pub const EVENT: &str = "project-changed";
/// At most one event this often.
const EVERY: Duration = Duration::from_millis(300);
/// How long the thread waits for changes before it looks whether it should stop.
const TICK: Duration = Duration::from_millis(250);
/// More changes than this in one event become one "many rows" change per table.
const MAX_CHANGES: usize = 200;
/// The first and the longest wait before connecting again.
const BACKOFF: (Duration, Duration) = (Duration::from_millis(500), Duration::from_secs(30));

/// The thread listening for one shared project's changes; it ends when stopped.
pub struct Live {
    /// The project's address as shown (no password): the same project is not listened to twice.
    pub shown: String,
    stop: Arc<AtomicBool>,
}

impl Live {
    /// Listen to the project at `address` (as the user gave it, maybe with a password),
    /// open in the window `label` with `session`.
    pub fn start<R: Runtime>(
        app: &AppHandle<R>,
        label: &str,
        session: Weak<Session>,
        shown: String,
        address: String,
        password: Option<String>,
    ) -> Live {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let window = Window {
            app: app.clone(),
            label: label.to_string(),
            session,
        };
        let _ = std::thread::Builder::new()
            .name("live-updates".into())
            .spawn(move || run(window, &address, password.as_deref(), &flag));
        Live { shown, stop }
    }
}

/// Stopping is a flag the thread reads every [`TICK`]; nobody waits for it to end (a
/// connection attempt may take seconds), and it sends nothing once stopped.
impl Drop for Live {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// The window told about the changes, and its session.
struct Window<R: Runtime> {
    app: AppHandle<R>,
    label: String,
    /// Weak: the session owns the thread's [`Live`], and goes when its window does.
    session: Weak<Session>,
}

/// The app's own server session, if the project is free to ask now.
fn own_session<R: Runtime>(window: &Window<R>) -> Option<Option<i32>> {
    let session = window.session.upgrade()?;
    let guard = session.store.try_lock().ok()?;
    let store = guard.as_ref()?;
    if store.connection_lost() {
        return None;
    }
    Some(store.session_id().ok().flatten())
}

/// Sleep `d` in ticks; false when stopped meanwhile.
fn pause(d: Duration, stop: &AtomicBool) -> bool {
    let until = Instant::now() + d;
    while Instant::now() < until {
        if stop.load(Ordering::SeqCst) {
            return false;
        }
        std::thread::sleep(TICK.min(until.saturating_duration_since(Instant::now())));
    }
    !stop.load(Ordering::SeqCst)
}

fn run<R: Runtime>(window: Window<R>, address: &str, password: Option<&str>, stop: &AtomicBool) {
    let mut listener: Option<Listener> = None;
    let mut backoff = BACKOFF.0;
    let mut connected_before = false;
    let mut own: Option<i32> = None;
    let mut pending: Vec<Change> = Vec::new();
    let mut resync = false;
    let mut last = Instant::now() - EVERY;
    while !stop.load(Ordering::SeqCst) {
        let Some(l) = listener.as_mut() else {
            match Listener::start(address, password) {
                Ok(l) => {
                    listener = Some(l);
                    backoff = BACKOFF.0;
                    // What changed while there was no connection is not known.
                    resync |= connected_before;
                    connected_before = true;
                }
                Err(_) => {
                    if !pause(backoff, stop) {
                        return;
                    }
                    backoff = (backoff * 2).min(BACKOFF.1);
                }
            }
            continue;
        };
        if let Some(session) = own_session(&window) {
            own = session;
        }
        l.ignore_session(own);
        let timeout = if pending.is_empty() && !resync {
            TICK
        } else {
            (last + EVERY).saturating_duration_since(Instant::now())
        };
        match l.wait(timeout) {
            Ok(changes) => pending.extend(changes),
            Err(_) => {
                listener = None;
                continue;
            }
        }
        if (pending.is_empty() && !resync) || last.elapsed() < EVERY {
            continue;
        }
        let changes = if resync {
            pending.clear();
            Vec::new()
        } else {
            coalesce(std::mem::take(&mut pending), MAX_CHANGES)
        };
        resync = false;
        last = Instant::now();
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let _ = window.app.emit_to(window.label.as_str(), EVENT, changes);
    }
}
