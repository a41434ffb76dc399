//! The model in memory only while it is used: read from its file when a feature needs it, and
//! let go once nothing has used it for a while (it holds about 80 MB, and reading it again
//! takes about 0.3 s). A model given in memory (tests, benchmarks) is kept.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use medskapa_core::support::error::Result;

use crate::engine::Model;
use crate::poisoned;

/// Holds the model, or the file to read it from again.
pub struct ModelSlot {
    /// Where it is read from; `None` for a model given in memory, which is never let go.
    file: Option<PathBuf>,
    held: Mutex<Held>,
}

struct Held {
    model: Option<Arc<Model>>,
    used: Instant,
}

impl ModelSlot {
    /// The model read from `file`, kept now (reading it checks the file) and read again
    /// after [`ModelSlot::let_go_if_idle`] has let it go.
    pub fn open(file: &Path) -> Result<ModelSlot> {
        let model = Model::open(file)?;
        Ok(ModelSlot {
            file: Some(file.to_path_buf()),
            held: Mutex::new(Held {
                model: Some(Arc::new(model)),
                used: Instant::now(),
            }),
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
        Ok(model)
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
