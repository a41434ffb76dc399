//! The language features on the real model and the demo project. Without the model file
//! the tests say so and pass, unless `MEDSKAPA_REQUIRE_MODEL=1` (as `make test` sets it).

mod engine;
mod quality;
mod slot;

use std::sync::{Arc, OnceLock};

use medskapa_ai::engine::{default_model_path, Model};
use medskapa_ai::Ai;
use medskapa_core::store::Store;

/// The model, loaded once for all tests; `None` (with a note) when it is not installed.
pub fn model() -> Option<Arc<Model>> {
    static MODEL: OnceLock<Option<Arc<Model>>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            let required = std::env::var("MEDSKAPA_REQUIRE_MODEL").is_ok_and(|v| v == "1");
            let Some(path) = default_model_path() else {
                assert!(
                    !required,
                    "MEDSKAPA_REQUIRE_MODEL=1 but the model is not installed (run `make model`)"
                );
                eprintln!("note: the language model is not installed; model tests skipped");
                return None;
            };
            Some(Arc::new(Model::open(&path).expect("the model file opens")))
        })
        .clone()
}

/// The demo project in a temporary folder, every need embedded.
pub fn demo() -> Option<(tempfile::TempDir, Store, Ai)> {
    let model = model()?;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("demo.medskapa");
    let mut store = medskapa_core::app::demo::create_demo(&path).expect("demo");
    let ai = Ai::new(model);
    let n = ai.embed_pending(&mut store, |_, _| true).expect("embed");
    assert_eq!(n as u32, store.need_count().expect("count"));
    Some((dir, store, ai))
}
