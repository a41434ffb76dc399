//! The local language features: tag suggestions, similar needs, near-duplicates, merging
//! them, and the background pass that embeds the open project's needs.
//!
//! The model is read for the app on first use (by the thread a project's opening starts, so
//! the window does not wait for it), from `$MEDSKAPA_MODEL`, the build's `target/model/` or
//! the installed app's resource folder; without it every feature here says "not installed"
//! ([`ai_status`]) and the app works as before. It is let go when no feature has used it for
//! [`MODEL_IDLE`], and read again when one does.
//!
//! When a project is opened, a thread of its own embeds the needs that lack a current
//! vector, [`BATCH`] at a time, and tells the window how far it is (the event
//! [`PROGRESS_EVENT`]). The model runs without the project, at idle priority. The project
//! is borrowed only to list what to embed and to write each batch (a few milliseconds), at
//! normal priority, so neither the window nor a command waits on it. Listing reads the
//! texts of new and changed needs only ([`Stale`]): after the first pass, a look costs one
//! read of the needs' revisions. A saved need wakes the thread ([`poke`]); otherwise it
//! looks again every [`RESCAN`] (what others saved in a shared project).

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};

use medskapa_ai::engine::MODEL_ID;
use medskapa_ai::similar::Query;
use medskapa_ai::{
    not_installed, Ai, AiProgress, AiStatus, DuplicatePair, ModelSlot, SimilarNeed, Stale,
    TagSuggestion, BATCH, DUPLICATE_THRESHOLD,
};
use medskapa_core::store::embeddings::EmbeddingTodo;
use tauri::{Emitter, Manager};

use super::*;
use crate::state::Session;

/// The event the window hears while needs are embedded: an [`AiProgress`].
pub const PROGRESS_EVENT: &str = "ai-progress";
/// The thread looks for needs to embed this often even when nothing woke it.
const RESCAN: Duration = Duration::from_secs(60);
/// How long the thread sleeps before it looks whether its project is still open.
const TICK: Duration = Duration::from_millis(500);
/// The first look waits at most this long for the window's first reads (see [`Worker::run`]).
const FIRST_LOOK_WAIT: Duration = Duration::from_secs(5);
/// Once the window has its first reads, the first look waits this long more. The rows are
/// then still being sent, read and drawn, and the look holds the project (and a processor,
/// at normal priority) for about 0.2 s at 100,000 needs: right away, it made them come
/// 0.15 s later.
const FIRST_LOOK_SETTLE: Duration = Duration::from_secs(2);
/// The model is let go when no feature has used it this long (it is read again in about
/// 0.3 s when one does).
const MODEL_IDLE: Duration = Duration::from_secs(60);
/// At most this many near-duplicate pairs or similar needs in one answer.
const MAX_LIST: u32 = 200;

/// The model's slot, made once: `None` when the model is not installed. The slot lets the
/// model go when no window has used it for [`MODEL_IDLE`].
static MODEL: OnceLock<Option<Arc<ModelSlot>>> = OnceLock::new();

/// The model's slot, made on first use; the model itself is read when a feature first needs
/// it (a project whose needs are all analysed may never need it: 80 MB less).
pub(crate) fn model<R: Runtime>(app: &AppHandle<R>) -> Option<Arc<ModelSlot>> {
    MODEL
        .get_or_init(|| {
            let resources: Vec<_> = app.path().resource_dir().ok().into_iter().collect();
            let path = medskapa_ai::find_model(&resources)?;
            match ModelSlot::later(&path) {
                Ok(m) => {
                    let slot = Arc::new(m);
                    slot.tidy_after(MODEL_IDLE, crate::memory::freed_much);
                    Some(slot)
                }
                Err(e) => {
                    eprintln!("medskapa: the language features are off: {e}");
                    None
                }
            }
        })
        .clone()
}

/// One window's language features: its project's vectors and the thread embedding them.
pub struct AiSession {
    pub ai: Arc<Ai>,
    /// The project the vectors are of.
    location: Location,
    running: AtomicBool,
    cancel: AtomicBool,
    /// Needs with a current vector, and all needs, as the thread last counted.
    embedded: AtomicU32,
    total: AtomicU32,
    /// Set by [`poke`]; the thread waits on it.
    woken: Mutex<bool>,
    wake: Condvar,
}

impl AiSession {
    fn poke(&self) {
        self.cancel.store(false, Ordering::SeqCst);
        self.wake();
    }

    /// Wake the thread without undoing a cancel (the window has read the project).
    pub(crate) fn wake(&self) {
        if let Ok(mut w) = self.woken.lock() {
            *w = true;
            self.wake.notify_all();
        }
    }

    /// Wait up to `timeout` for a poke; whether one came.
    fn wait(&self, timeout: Duration) -> bool {
        let Ok(guard) = self.woken.lock() else {
            return false;
        };
        let Ok((mut guard, _)) = self.wake.wait_timeout_while(guard, timeout, |w| !*w) else {
            return false;
        };
        std::mem::replace(&mut *guard, false)
    }

    fn status(&self) -> AiStatus {
        AiStatus {
            installed: true,
            model_id: MODEL_ID.into(),
            embedded: self.embedded.load(Ordering::SeqCst),
            total: self.total.load(Ordering::SeqCst),
            running: self.running.load(Ordering::SeqCst),
        }
    }
}

/// Start the language features for the project just opened in the window `label` (when
/// the model is installed), replacing those of the project it had.
pub(crate) fn start<R: Runtime>(
    app: &AppHandle<R>,
    label: &str,
    session: &Arc<Session>,
    location: Location,
) {
    // The project opened before is no longer the window's: nothing answers for it.
    if let Ok(mut slot) = session.ai.lock() {
        *slot = None;
    }
    session.shown.store(false, Ordering::SeqCst);
    let (app, label, session) = (app.clone(), label.to_string(), Arc::downgrade(session));
    let _ = std::thread::Builder::new()
        .name("embed-needs".into())
        .spawn(move || {
            // Read here, not on the thread that opens the window: the first time it takes
            // about 0.3 s, and the window's first view does not need it.
            let Some(model) = model(&app) else {
                return;
            };
            let Some(me) = install(&session, model, location) else {
                return;
            };
            Worker {
                app,
                label,
                session,
                me,
            }
            .run();
        });
}

/// The window's language features for `location`, unless the window has meanwhile opened
/// another project or closed this one.
fn install(
    session: &Weak<Session>,
    model: Arc<ModelSlot>,
    location: Location,
) -> Option<Arc<AiSession>> {
    let session = session.upgrade()?;
    let mut slot = session.ai.lock().ok()?;
    let current = session.location.lock().ok()?.as_ref() == Some(&location);
    if !current {
        return None;
    }
    let me = Arc::new(AiSession {
        ai: Arc::new(Ai::with_slot(model)),
        location,
        running: AtomicBool::new(false),
        cancel: AtomicBool::new(false),
        embedded: AtomicU32::new(0),
        total: AtomicU32::new(0),
        woken: Mutex::new(true),
        wake: Condvar::new(),
    });
    *slot = Some(me.clone());
    Some(me)
}

/// Wake the window's embedding thread: a need was saved.
pub(crate) fn poke(state: &Here<'_>) {
    if let Some(ai) = state.ai() {
        ai.poke();
    }
}

struct Worker<R: Runtime> {
    app: AppHandle<R>,
    label: String,
    session: Weak<Session>,
    me: Arc<AiSession>,
}

impl<R: Runtime> Worker<R> {
    /// Run `f` on the project, if the window still has this worker's project open.
    fn borrow<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Option<Result<T>> {
        let session = self.session.upgrade()?;
        let ours = session
            .ai
            .lock()
            .ok()?
            .as_ref()
            .is_some_and(|a| Arc::ptr_eq(a, &self.me));
        if !ours {
            return None;
        }
        let mut guard = session.store.lock().ok()?;
        let store = guard.as_mut()?;
        if store.location() != &self.me.location || store.connection_lost() {
            return None;
        }
        Some(f(store))
    }

    /// [`Worker::borrow`] for a read or a write, which leaves pages in the project's cache.
    fn read<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Option<Result<T>> {
        let result = self.borrow(f);
        crate::memory::project_read();
        result
    }

    fn alive(&self) -> bool {
        self.borrow(|_| Ok(())).is_some()
    }

    /// Wait until the window has read what it shows first (Översikt's summary, then the
    /// project's rows), or [`FIRST_LOOK_WAIT`], then [`FIRST_LOOK_SETTLE`] more; false when
    /// the window is gone meanwhile.
    fn wait_for_first_view(&self) -> bool {
        let started = Instant::now();
        let mut shown_at: Option<Instant> = None;
        loop {
            let Some(session) = self.session.upgrade() else {
                return false;
            };
            if shown_at.is_none()
                && (session.shown.load(Ordering::SeqCst) || started.elapsed() >= FIRST_LOOK_WAIT)
            {
                shown_at = Some(Instant::now());
            }
            drop(session);
            let left = match shown_at {
                Some(at) => FIRST_LOOK_SETTLE.saturating_sub(at.elapsed()),
                None => FIRST_LOOK_WAIT.saturating_sub(started.elapsed()),
            };
            if shown_at.is_some() && left.is_zero() {
                return true;
            }
            // Serving the project's rows wakes the thread (the `project_data` command).
            self.me.wait(left.min(TICK));
        }
    }

    fn emit(&self, done: usize, total: usize) {
        let progress = AiProgress {
            done: done as u32,
            total: total as u32,
        };
        let _ = self
            .app
            .emit_to(self.label.as_str(), PROGRESS_EVENT, progress);
    }

    fn run(self) {
        let me = &self.me;
        // The vectors stay in the project until a feature asks for them (20 MB at 100,000
        // needs, read in about 0.2 s): a project whose needs are all analysed may need none.
        if let Err(e) = me.ai.read_later() {
            eprintln!("medskapa: the background analysis stopped: {e}");
            return;
        }
        // The first look reads every need's revision with the project held: Översikt and
        // the project's rows, which the window reads as it opens, would wait behind it.
        if !self.wait_for_first_view() {
            return;
        }
        let mut stale = Stale::new();
        let mut last = Instant::now();
        // The first look is now; later ones when woken or every RESCAN.
        let mut first = true;
        loop {
            let poked = std::mem::take(&mut first) || me.wait(TICK);
            if !self.alive() {
                return;
            }
            if !poked && last.elapsed() < RESCAN {
                continue;
            }
            last = Instant::now();
            let Some(Ok((todo, total))) = self.read(|s| stale.todo(s)) else {
                continue;
            };
            // A look reads every need's revision.
            crate::memory::freed_much();
            me.total.store(total, Ordering::SeqCst);
            me.embedded
                .store(total.saturating_sub(todo.len() as u32), Ordering::SeqCst);
            if todo.is_empty() || me.cancel.load(Ordering::SeqCst) {
                continue;
            }
            me.running.store(true, Ordering::SeqCst);
            self.emit(0, todo.len());
            let done = self.embed(&todo, &mut stale);
            me.running.store(false, Ordering::SeqCst);
            self.emit(done, todo.len());
            // The pass's texts and the model's working memory are free now.
            crate::memory::freed_much();
        }
    }

    /// Embed `todo` a batch at a time and keep each batch as it comes; how many were kept.
    ///
    /// The model runs on a thread of its own at idle priority, a batch ahead. This thread,
    /// which holds the project while it keeps a batch, stays at normal priority: a thread
    /// the scheduler starves while it holds the project would stall every command of the
    /// window behind it for as long as the processors are busy.
    fn embed(&self, todo: &[EmbeddingTodo], stale: &mut Stale) -> usize {
        let me = &self.me;
        // Read here if it was let go: a thread starved while reading it would keep every
        // other feature waiting for the model.
        let _model = match me.ai.model() {
            Ok(model) => model,
            Err(e) => {
                eprintln!("medskapa: the background analysis stopped: {e}");
                return 0;
            }
        };
        let (made_tx, made_rx) = std::sync::mpsc::sync_channel(1);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                lower_priority();
                for batch in todo.chunks(BATCH) {
                    if me.cancel.load(Ordering::SeqCst) {
                        break;
                    }
                    let made = me.ai.embed_todo(batch);
                    let failed = made.is_err();
                    // Sending fails once the keeping side has stopped.
                    if made_tx.send(made).is_err() || failed {
                        break;
                    }
                }
            });
            let mut done = 0;
            for made in made_rx {
                let made = match made {
                    Ok(made) => made,
                    Err(e) => {
                        eprintln!("medskapa: the background analysis stopped: {e}");
                        break;
                    }
                };
                if !matches!(self.read(|s| me.ai.keep(s, &made)), Some(Ok(()))) {
                    break;
                }
                stale.kept(made.iter().map(|e| e.nid));
                done += made.len();
                me.embedded.fetch_add(made.len() as u32, Ordering::SeqCst);
                self.emit(done, todo.len());
            }
            done
        })
    }
}

/// Let the calling thread, and the threads it starts, run only when no other thread wants
/// the processor: embedding is background work, and on two cores it made every view of the
/// window two to three times slower at normal priority. At idle priority the pass may use
/// every core. Linux only; elsewhere the thread keeps its priority.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        let param = libc::sched_param { sched_priority: 0 };
        // SAFETY: pid 0 is the calling thread, and `param` is a valid sched_param that
        // outlives the call; the call changes nothing but this thread's scheduling.
        let done = unsafe { libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) };
        if done != 0 {
            eprintln!(
                "medskapa: the background analysis keeps its priority: {}",
                std::io::Error::last_os_error()
            );
        }
    }
}

/// The window's language features, or "not installed".
fn session_ai(state: &Here<'_>) -> Result<Arc<AiSession>> {
    state.ai().ok_or_else(not_installed)
}

#[tauri::command]
pub async fn ai_status<R: Runtime>(app: AppHandle<R>, state: Here<'_>) -> Result<AiStatus> {
    if let Some(ai) = state.ai() {
        return Ok(ai.status());
    }
    let total = state.with(|s| s.need_count()).unwrap_or(0);
    Ok(AiStatus {
        installed: model(&app).is_some(),
        model_id: MODEL_ID.into(),
        embedded: 0,
        total,
        running: false,
    })
}

/// Stop the pass that embeds needs; the next saved need starts one again.
#[tauri::command]
pub async fn ai_cancel(state: Here<'_>) -> Result<()> {
    if let Some(ai) = state.ai() {
        ai.cancel.store(true, Ordering::SeqCst);
    }
    Ok(())
}

#[tauri::command]
pub async fn suggest_tags_for_text(
    state: Here<'_>,
    text: String,
    exclude_tag_ids: Vec<String>,
) -> Result<Vec<TagSuggestion>> {
    let ai = session_ai(&state)?;
    if text.trim().is_empty() {
        return Ok(vec![]);
    }
    state.with(|s| ai.ai.suggest_tags(s, &text, &exclude_tag_ids))
}

#[tauri::command]
pub async fn similar_needs_for_text(
    state: Here<'_>,
    text: String,
    exclude_need_id: Option<String>,
    limit: u32,
) -> Result<Vec<SimilarNeed>> {
    let ai = session_ai(&state)?;
    if text.trim().is_empty() {
        return Ok(vec![]);
    }
    let limit = limit.min(MAX_LIST) as usize;
    state.with(|s| {
        let mut found = ai.ai.similar(s, Query::Text(&text), limit + 1)?;
        found.retain(|n| Some(&n.need_id) != exclude_need_id.as_ref());
        found.truncate(limit);
        Ok(found)
    })
}

#[tauri::command]
pub async fn duplicate_pairs(state: Here<'_>, limit: u32) -> Result<Vec<DuplicatePair>> {
    let ai = session_ai(&state)?;
    // Comparing every pair takes minutes in a large project: the project is not held
    // meanwhile, and the search (or the wait for one under way) runs on a thread of its own,
    // not on one of the few that answer the window's other commands.
    state.with(|s| ai.ai.bring_back(s))?;
    let searching = ai.clone();
    let pairs = tauri::async_runtime::spawn_blocking(move || {
        searching
            .ai
            .pairs_above(DUPLICATE_THRESHOLD, limit.min(MAX_LIST) as usize)
    })
    .await
    .map_err(|e| CoreError::internal(format!("the search for duplicates stopped: {e}")))??;
    state.with(|s| ai.ai.described_pairs(s, pairs))
}

/// Merge the need `other_id` into `keep_id` (see `Store::merge_needs`); can be undone.
#[tauri::command]
pub async fn merge_needs(state: Here<'_>, keep_id: String, other_id: String) -> Result<Need> {
    let ai = state.ai();
    let merged = state.with(|s| {
        let other = s.need_text(&other_id)?;
        let merged = s.merge_needs(&keep_id, &other_id)?;
        if let Some(ai) = &ai {
            ai.ai.forget(other.nid);
        }
        Ok(merged)
    })?;
    poke(&state);
    Ok(merged)
}
