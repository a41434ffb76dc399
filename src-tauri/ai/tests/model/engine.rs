//! The local embedding model: its file is read with clear errors, its tokens and vectors
//! match the reference C engine (tests/data/reference.json says how they were made),
//! and texts that mean the same are closer than texts that do not.
//!
//! The model file is fetched by `scripts/fetch-model` (`make model`). Without it the tests
//! that need it print a note and pass, unless `MEDSKAPA_REQUIRE_MODEL=1` (`make test` sets
//! it): then `the_model_file_is_there_when_required` fails.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use medskapa_ai::engine::{self as ai, cosine, Model, DIMENSIONS};
use medskapa_core::support::error::ErrorCode;
use serde_json::Value;

fn model_path() -> Option<PathBuf> {
    ai::default_model_path().filter(|p| p.is_file())
}

/// The model, loaded once for all tests; `None` (with a note) when the file is absent.
fn model() -> Option<&'static Model> {
    static MODEL: OnceLock<Option<Model>> = OnceLock::new();
    let m = MODEL.get_or_init(|| {
        let path = model_path()?;
        Some(Model::open(&path).expect("the model file opens"))
    });
    if m.is_none() {
        eprintln!(
            "note: no model file at {} (run scripts/fetch-model): test skipped",
            ai::dev_model_path().display()
        );
    }
    m.as_ref()
}

struct Reference {
    name: String,
    text: String,
    tokens: Vec<u32>,
    pooled_norm: f32,
    first16: Vec<f32>,
    vector: Option<Vec<f32>>,
}

fn floats(v: &Value) -> Vec<f32> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_f64().expect("a number") as f32)
        .collect()
}

fn references() -> Vec<Reference> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/reference.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("reference file"))
        .expect("JSON");
    doc["texts"]
        .as_array()
        .expect("texts")
        .iter()
        .map(|t| Reference {
            name: t["name"].as_str().expect("name").to_string(),
            text: t["text"].as_str().expect("text").to_string(),
            tokens: t["tokens"]
                .as_array()
                .expect("tokens")
                .iter()
                .map(|x| x.as_u64().expect("an id") as u32)
                .collect(),
            pooled_norm: t["pooled_norm"].as_f64().expect("norm") as f32,
            first16: floats(&t["first16"]),
            vector: t.get("vector").map(floats),
        })
        .collect()
}

#[test]
fn the_model_file_is_there_when_required() {
    if std::env::var("MEDSKAPA_REQUIRE_MODEL").is_ok_and(|v| v == "1") {
        assert!(
            model_path().is_some(),
            "MEDSKAPA_REQUIRE_MODEL=1 but there is no model file at {} (run scripts/fetch-model)",
            ai::dev_model_path().display()
        );
    }
}

#[test]
fn texts_are_tokenized_as_the_reference_engine_does() {
    let Some(m) = model() else { return };
    let refs = references();
    assert!(
        refs.iter().any(|r| r.tokens.len() == 512),
        "a text over 512 tokens"
    );
    for r in &refs {
        assert_eq!(m.tokens(&r.text), r.tokens, "tokens of {}", r.name);
    }
}

#[test]
fn vectors_match_the_reference_engine() {
    let Some(m) = model() else { return };
    // An unoptimised build takes seconds per text: the 512-token text is then left to
    // optimised builds (its tokens are checked above either way).
    let started = Instant::now();
    m.embed("Fler bänkar i parken.");
    let slow = started.elapsed() > Duration::from_millis(500);
    for r in references() {
        if slow && r.tokens.len() > 100 {
            eprintln!(
                "note: unoptimised build: the vector of {} is not checked",
                r.name
            );
            continue;
        }
        let mut v = m.mean_pooled(&r.text);
        assert_eq!(v.len(), DIMENSIONS);
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!(
            (norm - r.pooled_norm).abs() < 0.005 * r.pooled_norm,
            "{}: norm {norm} vs {}",
            r.name,
            r.pooled_norm
        );
        v.iter_mut().for_each(|x| *x /= norm);
        for (i, (a, b)) in v.iter().zip(&r.first16).enumerate() {
            assert!(
                (a - b).abs() < 0.003,
                "{}: dimension {i} is {a}, reference {b}",
                r.name
            );
        }
        if let Some(full) = &r.vector {
            let c = cosine(&v, full);
            assert!(c >= 0.999, "{}: cosine {c} with the reference", r.name);
        }
    }
}

#[test]
fn a_paraphrase_is_closer_than_an_unrelated_need() {
    let Some(m) = model() else { return };
    let v = m.embed_batch(&[
        "Öppettiderna på biblioteket är för korta för oss som jobbar dagtid.",
        "Biblioteket borde ha öppet längre på kvällarna så att man hinner dit efter jobbet.",
        "Fotbollsplanen behöver nytt konstgräs innan säsongen börjar.",
    ]);
    let (close, far) = (cosine(&v[0], &v[1]), cosine(&v[0], &v[2]));
    assert!(close > far + 0.03, "paraphrase {close}, unrelated {far}");
    let norm = v[0].iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-4, "a unit vector, not {norm}");
}

#[test]
fn a_batch_gives_the_vectors_of_single_texts() {
    let Some(m) = model() else { return };
    let texts = ["Fler bänkar i parken.", "Bättre belysning vid skolan."];
    let batch = m.embed_batch(&texts);
    assert_eq!(batch.len(), 2);
    for (t, v) in texts.iter().zip(&batch) {
        assert_eq!(&m.embed(t), v, "{t}");
    }
}

#[test]
fn the_loaded_model_stays_under_100_mb() {
    let Some(m) = model() else { return };
    let mb = m.memory_bytes() as f64 / 1e6;
    assert!(mb <= 100.0, "{mb:.1} MB");
}

fn open_err(bytes: &[u8]) -> (ErrorCode, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("model.bin");
    std::fs::write(&path, bytes).expect("write");
    let e = Model::open(&path).err().expect("an error");
    assert!(
        e.message.contains("model.bin"),
        "names the file: {}",
        e.message
    );
    (e.code, e.message)
}

#[test]
fn a_file_that_is_not_a_model_is_refused_by_name() {
    let (code, msg) = open_err(b"PK\x03\x04 a zip file, not a model");
    assert_eq!(code, ErrorCode::Damaged);
    assert!(msg.contains("magic number"), "{msg}");

    let mut newer = b"E5S1".to_vec();
    newer.extend_from_slice(&2u32.to_le_bytes());
    let (code, msg) = open_err(&newer);
    assert_eq!(code, ErrorCode::TooNew);
    assert!(msg.contains("version 2"), "{msg}");

    let mut cut = b"E5S1".to_vec();
    cut.extend_from_slice(&1u32.to_le_bytes());
    cut.extend_from_slice(&384u32.to_le_bytes());
    let (_, msg) = open_err(&cut);
    assert!(msg.contains("truncated"), "{msg}");

    let dir = tempfile::tempdir().expect("temp dir");
    let e = Model::open(&dir.path().join("absent.bin"))
        .err()
        .expect("an error");
    assert_eq!(e.code, ErrorCode::Missing);
    assert!(e.message.contains("absent.bin"), "{}", e.message);
}

#[test]
fn a_damaged_model_file_names_what_is_wrong() {
    let Some(path) = model_path() else {
        eprintln!("note: no model file: test skipped");
        return;
    };
    let bytes = std::fs::read(path).expect("read the model");
    // Rename a tensor in the directory: it is then missing.
    let at = bytes
        .windows(8)
        .position(|w| w == b"emb.type")
        .expect("the directory names emb.type");
    let mut renamed = bytes.clone();
    renamed[at + 7] = b'x';
    let (code, msg) = open_err(&renamed);
    assert_eq!(code, ErrorCode::Damaged);
    assert!(msg.contains("tensor emb.type is missing"), "{msg}");
    // Cut the file inside the last layer's weights.
    let (_, msg) = open_err(&bytes[..bytes.len() - 400_000]);
    assert!(
        msg.contains("truncated") && msg.contains("tensor l11."),
        "{msg}"
    );
}

#[test]
fn the_model_path_comes_from_the_environment_first() {
    // Only reads the variable when set; the test process does not set it.
    if std::env::var_os(ai::MODEL_ENV).is_none() {
        if let Some(p) = ai::default_model_path() {
            assert_eq!(p, ai::dev_model_path());
        }
    }
    assert_eq!(
        ai::model_path_in(Path::new("/opt/medskapa/resources")),
        Path::new("/opt/medskapa/resources").join(ai::MODEL_FILE)
    );
}

#[test]
fn the_portable_kernels_give_the_vectors_of_the_simd_ones() {
    let (Some(m), Some(path)) = (model(), model_path()) else {
        return;
    };
    let portable = Model::open(&path).expect("opens").portable();
    let text = "Fler bänkar i parken vid Åsögatan.";
    let c = cosine(&m.embed(text), &portable.embed(text));
    assert!(c > 0.9999, "cosine {c}");
}
