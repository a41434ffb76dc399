//! The model in memory only while it is used: read from its file when a feature needs it, and
//! let go once nothing has used it for a while (it holds about 80 MB, and reading it again
//! takes about 0.3 s). A model given in memory (tests, benchmarks) is kept.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::thread::Thread;
use std::time::{Duration, Instant};

use medskapa_core::support::error::{CoreError, ErrorCode, Result};

use crate::engine::Model;
use crate::poisoned;

/// Holds the model, or the file to read it from again.
pub struct ModelSlot {
    /// Where it is read from; `None` for a model given in memory, which is never let go.
    file: Option<PathBuf>,
    held: Mutex<Held>,
    /// The thread that lets the model go when idle ([`ModelSlot::tidy_after`]), if started:
    /// woken when the model is read again.
    tidier: OnceLock<Thread>,
}

struct Held {
    model: Option<Arc<Model>>,
    used: Instant,
}

impl ModelSlot {
    /// The model read from `file`, kept now (reading it checks the file) and read again
    /// after [`ModelSlot::let_go_if_idle`] has let it go.
    pub fn open(file: &Path) -> Result<ModelSlot> {
        let slot = ModelSlot::later(file)?;
        slot.get()?;
        Ok(slot)
    }

    /// The model of `file`, read when a feature first asks for it ([`ModelSlot::get`]): a
    /// project whose needs all have their vectors may never need it. Only that the file is
    /// there is checked now; a damaged file is named when it is read.
    pub fn later(file: &Path) -> Result<ModelSlot> {
        let missing = |why: String| {
            CoreError::of_file(
                ErrorCode::Missing,
                file,
                format!("cannot read the model file: {why}"),
            )
        };
        let meta = std::fs::metadata(file).map_err(|e| missing(e.to_string()))?;
        if !meta.is_file() {
            return Err(missing("not a file".into()));
        }
        Ok(ModelSlot {
            file: Some(file.to_path_buf()),
            held: Mutex::new(Held {
                model: None,
                used: Instant::now(),
            }),
            tidier: OnceLock::new(),
        })
    }

    /// A model already in memory, kept for as long as the slot lives.
    pub fn kept(model: Arc<Model>) -> ModelSlot {
        ModelSlot {
            file: None,
            held: Mutex::new(Held {
                model: Some(model),
                used: Instant::now(),
            }),
            tidier: OnceLock::new(),
        }
    }

    /// The model, read from its file again if it was let go. Errors name the file.
    pub fn get(&self) -> Result<Arc<Model>> {
        let mut held = self.held.lock().map_err(poisoned)?;
        held.used = Instant::now();
        if let Some(model) = &held.model {
            return Ok(model.clone());
        }
        let file = self.file.as_deref().ok_or_else(|| poisoned(()))?;
        let model = Arc::new(Model::open(file)?);
        held.model = Some(model.clone());
        if let Some(tidier) = self.tidier.get() {
            tidier.unpark();
        }
        Ok(model)
    }

    /// How long until the model has been idle for `idle`; `None` when it is not in memory
    /// (or cannot be let go).
    fn idle_in(&self, idle: Duration) -> Option<Duration> {
        let held = self.held.lock().ok()?;
        (self.file.is_some() && held.model.is_some())
            .then(|| idle.saturating_sub(held.used.elapsed()))
    }

    /// Start a thread that lets the model go once no one has used it for `idle`, then calls
    /// `let_go` (to give the memory back). It sleeps until then, and while the model is out
    /// of memory; it ends with the slot. Once per slot: later calls do nothing.
    pub fn tidy_after(self: &Arc<Self>, idle: Duration, let_go: impl Fn() + Send + 'static) {
        if self.file.is_none() || self.tidier.get().is_some() {
            return;
        }
        let slot: Weak<ModelSlot> = Arc::downgrade(self);
        let started = std::thread::Builder::new()
            .name("let-model-go".into())
            .spawn(move || loop {
                let Some(wait) = slot.upgrade().map(|s| s.idle_in(idle)) else {
                    return;
                };
                match wait {
                    None => std::thread::park(),
                    Some(left) if !left.is_zero() => std::thread::park_timeout(left),
                    Some(_) => {
                        if slot.upgrade().is_some_and(|s| s.let_go_if_idle(idle)) {
                            let_go();
                        }
                    }
                }
            });
        if let Ok(handle) = started {
            let _ = self.tidier.set(handle.thread().clone());
        }
    }

    /// Let the model go when nothing has asked for it for `idle`; whether it was let go now.
    /// A caller still using it keeps it until done.
    pub fn let_go_if_idle(&self, idle: Duration) -> bool {
        let Ok(mut held) = self.held.lock() else {
            return false;
        };
        if self.file.is_none() || held.model.is_none() || held.used.elapsed() < idle {
            return false;
        }
        held.model = None;
        true
    }

    /// Whether the model is in memory now.
    pub fn is_held(&self) -> bool {
        self.held.lock().is_ok_and(|h| h.model.is_some())
    }
}
