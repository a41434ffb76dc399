//! Medskapa's local language features, on the multilingual embedding model run by our own
//! code with no network: tag suggestions, similar needs, near-duplicates and search by
//! meaning. Built optimised even in a debug build (root `Cargo.toml`): the model's
//! arithmetic is 10–50 times slower without.
//!
//! [`Ai`] holds the model and the open project's vectors ([`VectorIndex`]); every method
//! takes `&self`, so one `Ai` serves a background embedding pass and the commands at once.

pub mod bindings;
mod index;
pub mod similar;
mod slot;
mod stale;
mod suggest;

/// The embedding model: load a file, embed texts.
pub mod engine;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};

use medskapa_core::store::embeddings::{EmbeddingTodo, NewEmbedding};
use medskapa_core::store::search::{NeedFilter, NeedsPage};
use medskapa_core::store::Store;
use medskapa_core::support::error::{CoreError, ErrorCode, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use index::{Probe, VectorIndex};
pub use similar::DUPLICATE_THRESHOLD;
pub use slot::ModelSlot;
pub use stale::Stale;
pub use suggest::SuggestTuning;

use engine::{Model, MODEL_ID};

/// Needs embedded at a time: a batch takes about a second in a release build, and the
/// project is borrowed only to write it.
pub const BATCH: usize = 32;

/// A tag the model suggests for a need, with how sure it is (0–1, higher is better).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TagSuggestion {
    pub tag_id: String,
    pub name: String,
    pub score: f32,
}

/// A need close in meaning to a text or another need; `score` is the cosine similarity
/// (e5 compresses them: unrelated needs score about 0.75, paraphrases 0.92 and up).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SimilarNeed {
    pub need_id: String,
    pub statement: String,
    pub quote: String,
    pub score: f32,
}

/// Two needs that probably say the same thing: candidates for merging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DuplicatePair {
    /// The older need (the one a merge would keep by default).
    pub first: SimilarNeed,
    pub second: SimilarNeed,
    pub score: f32,
}

/// Whether the language features can run, and how far the project's needs are embedded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AiStatus {
    /// The model file was found and loaded.
    pub installed: bool,
    pub model_id: String,
    /// Needs with a current vector.
    pub embedded: u32,
    pub total: u32,
    /// Needs are being embedded now.
    pub running: bool,
}

/// How far a pass of embedding has come: the event `ai-progress`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AiProgress {
    pub done: u32,
    pub total: u32,
}

/// The error every language feature gives without the model.
pub fn not_installed() -> CoreError {
    CoreError::new(
        ErrorCode::Missing,
        "the language model is not installed (e5-small-q4.bin); the language features are off",
    )
}

/// The model file, if one is installed: the file `$MEDSKAPA_MODEL` names when it is set
/// (only that one), else the build's `target/model/`, else the first of `resources` (the
/// installed app's resource folders) that holds it.
pub fn find_model(resources: &[std::path::PathBuf]) -> Option<std::path::PathBuf> {
    if let Some(p) = std::env::var_os(engine::MODEL_ENV).filter(|p| !p.is_empty()) {
        let p = std::path::PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    engine::default_model_path()
        .filter(|p| p.is_file())
        .or_else(|| {
            resources
                .iter()
                .map(|d| engine::model_path_in(d))
                .find(|p| p.is_file())
        })
}

/// The model and the open project's vectors.
pub struct Ai {
    /// Shared by every project open in the app.
    model: Arc<ModelSlot>,
    index: RwLock<VectorIndex>,
    /// Tag texts' vectors, by the text (a tag renamed is embedded again).
    tag_vectors: Mutex<HashMap<String, Vec<f32>>>,
    /// The last near-duplicates found, while the vectors are the same. Held while they are
    /// searched for, so a second asker waits for the first search instead of starting one.
    pairs: Mutex<Option<KeptPairs>>,
}

/// Near-duplicates found ([`Ai::pairs_above`]) and what they were found for.
struct KeptPairs {
    changes: u64,
    threshold: f32,
    limit: usize,
    pairs: Vec<(i64, i64, f32)>,
}

pub(crate) fn poisoned<T>(_: T) -> CoreError {
    CoreError::internal("the language features' state is damaged; restart Medskapa")
}

impl Ai {
    /// With a model in memory, kept for as long as this lives.
    pub fn new(model: Arc<Model>) -> Ai {
        Ai::with_slot(Arc::new(ModelSlot::kept(model)))
    }

    /// With the model of `slot`, which may let it go when idle.
    pub fn with_slot(model: Arc<ModelSlot>) -> Ai {
        Ai {
            model,
            index: RwLock::new(VectorIndex::default()),
            tag_vectors: Mutex::new(HashMap::new()),
            pairs: Mutex::new(None),
        }
    }

    /// Load the model at `path`.
    pub fn open(path: &Path) -> Result<Ai> {
        Model::open(path).map(|m| Ai::new(Arc::new(m)))
    }

    /// The model, read again from its file if it was let go.
    pub fn model(&self) -> Result<Arc<Model>> {
        self.model.get()
    }

    /// Read the project's vectors into memory (replacing any of another project).
    pub fn load(&self, store: &Store) -> Result<()> {
        let index = VectorIndex::load(store)?;
        *self.index.write().map_err(poisoned)? = index;
        *self.pairs.lock().map_err(poisoned)? = None;
        Ok(())
    }

    /// Leave the project's vectors in `store` until a feature needs them (they are read
    /// then, about 0.2 s at 100,000 needs), replacing any of another project.
    pub fn read_later(&self) -> Result<()> {
        *self.index.write().map_err(poisoned)? = VectorIndex::unread();
        *self.pairs.lock().map_err(poisoned)? = None;
        Ok(())
    }

    /// How many needs the index holds.
    pub fn indexed(&self) -> usize {
        self.index.read().map(|i| i.len()).unwrap_or(0)
    }

    /// Run `f` on the index as it is in memory (without its vectors if they were let go;
    /// the language features use [`Ai::with_vectors`]).
    pub fn with_index<T>(&self, f: impl FnOnce(&VectorIndex) -> T) -> Result<T> {
        Ok(f(&*self.index.read().map_err(poisoned)?))
    }

    /// Run `f` on the index with every vector in memory, read back from `store` first if
    /// they were let go.
    pub fn with_vectors<T>(&self, store: &Store, f: impl FnOnce(&VectorIndex) -> T) -> Result<T> {
        loop {
            let index = self.index.read().map_err(poisoned)?;
            if !index.is_away() {
                return Ok(f(&index));
            }
            drop(index);
            self.bring_back(store)?;
        }
    }

    /// Read the vectors back from `store` if they were let go (about 0.2 s at 100,000
    /// needs).
    pub fn bring_back(&self, store: &Store) -> Result<()> {
        self.index.write().map_err(poisoned)?.bring_back(store)
    }

    /// Let go of the vectors while the project is left alone (about 20 MB at 100,000
    /// needs); the next feature that needs them reads them back from the project. Only for
    /// a project that stores its vectors (not one opened read-only). False when the index
    /// is in use: try again later.
    pub fn let_go_of_vectors(&self) -> bool {
        match self.index.try_write() {
            Ok(mut index) => {
                index.let_go();
                true
            }
            Err(std::sync::TryLockError::WouldBlock) => false,
            // A damaged index says so to the next feature that reads it.
            Err(std::sync::TryLockError::Poisoned(_)) => true,
        }
    }

    /// Run `f` on the index to change it (a benchmark fills it with many vectors).
    pub fn with_index_mut<T>(&self, f: impl FnOnce(&mut VectorIndex) -> T) -> Result<T> {
        Ok(f(&mut *self.index.write().map_err(poisoned)?))
    }

    /// The vectors of `todo` on every core. The threads it starts inherit the caller's
    /// scheduling, so a caller at idle priority (the window's background pass) keeps them
    /// out of the window's way.
    pub fn embed_todo(&self, todo: &[EmbeddingTodo]) -> Result<Vec<NewEmbedding>> {
        let texts: Vec<&str> = todo.iter().map(|t| t.text.as_str()).collect();
        Ok(made(todo, self.model()?.embed_batch(&texts)))
    }

    /// Keep `made` in memory and, unless the project is read-only, store it.
    pub fn keep(&self, store: &mut Store, made: &[NewEmbedding]) -> Result<()> {
        if !store.read_only() {
            store.put_embeddings(MODEL_ID, made)?;
        }
        let mut index = self.index.write().map_err(poisoned)?;
        index.bring_back(store)?;
        let vectors: Vec<(i64, &[f32])> = made.iter().map(|e| (e.nid, &e.vector[..])).collect();
        index.upsert_many(&vectors);
        Ok(())
    }

    /// Forget a deleted need's vector.
    pub fn forget(&self, nid: i64) {
        if let Ok(mut index) = self.index.write() {
            index.remove(nid);
        }
    }

    /// Embed every need of `store` that lacks a current vector, [`BATCH`] at a time on
    /// every core, and keep them (stored unless the project is read-only). `progress(done, total)` after
    /// each batch; returning `false` stops. Returns how many were embedded.
    pub fn embed_pending(
        &self,
        store: &mut Store,
        mut progress: impl FnMut(usize, usize) -> bool,
    ) -> Result<usize> {
        let todo = store.embedding_todo(MODEL_ID)?;
        let mut done = 0;
        for batch in todo.chunks(BATCH) {
            let made = self.embed_todo(batch)?;
            self.keep(store, &made)?;
            done += batch.len();
            if !progress(done, todo.len()) {
                break;
            }
        }
        Ok(done)
    }

    /// The vector of `text` as a probe.
    pub fn probe(&self, text: &str) -> Result<Probe> {
        Ok(Probe::new(&self.model()?.embed(text)))
    }

    /// A page of the needs list: ranked by meaning when `filter.meaning` asks and the
    /// search text has a word, else as the plain search gives it.
    pub fn needs_page(
        &self,
        store: &Store,
        filter: &NeedFilter,
        offset: u32,
        limit: u32,
    ) -> Result<NeedsPage> {
        if !filter.meaning || filter.text.trim().is_empty() {
            return store.needs_page(filter, offset, limit);
        }
        let ranked = similar::ranked_for_search(self, store, &filter.text)?;
        store.needs_page_by_meaning(filter, &ranked, offset, limit)
    }
}

/// `todo` with the vectors made for it, in order.
fn made(todo: &[EmbeddingTodo], vectors: Vec<Vec<f32>>) -> Vec<NewEmbedding> {
    vectors
        .into_iter()
        .zip(todo)
        .map(|(vector, t)| NewEmbedding {
            nid: t.nid,
            text_hash: t.text_hash.clone(),
            vector,
        })
        .collect()
}
