//! The model is in memory only while it is used: let go when idle, read again on the next
//! use with the same vectors, and a file gone meanwhile is named in the error.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use medskapa_ai::engine::default_model_path;
use medskapa_ai::{Ai, ModelSlot};
use medskapa_core::support::error::ErrorCode;

const TEXT: &str = "Fler sittplatser nära fönstren, gärna med eluttag";

/// The model file; `None` (with a note) when it is not installed.
fn model_file() -> Option<std::path::PathBuf> {
    let file = default_model_path().filter(|p| p.is_file());
    if file.is_none() {
        eprintln!("note: the language model is not installed; test skipped");
    }
    file
}

#[test]
fn a_model_let_go_when_idle_is_read_again_with_the_same_vectors() {
    let Some(path) = model_file() else {
        return;
    };
    let slot = Arc::new(ModelSlot::open(&path).expect("opens"));
    let ai = Ai::with_slot(slot.clone());
    let before = ai.model().expect("held").embed(TEXT);

    assert!(
        !slot.let_go_if_idle(Duration::from_secs(3600)),
        "used just now"
    );
    assert!(slot.is_held());
    assert!(slot.let_go_if_idle(Duration::ZERO));
    assert!(!slot.is_held(), "let go");

    let again = ai.model().expect("read again").embed(TEXT);
    assert!(slot.is_held());
    assert_eq!(before, again);
    ai.probe(TEXT).expect("a probe after reading it again");

    // A model given in memory is kept: there is no file to read it from again.
    let kept = ModelSlot::kept(slot.get().expect("held"));
    assert!(!kept.let_go_if_idle(Duration::ZERO));
    assert!(kept.is_held());
}

#[test]
fn a_model_file_gone_while_let_go_is_named_in_the_error() {
    let Some(path) = model_file() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join("e5-copy.bin");
    std::fs::copy(&path, &copy).expect("copy");
    let slot = Arc::new(ModelSlot::open(&copy).expect("opens"));
    let ai = Ai::with_slot(slot.clone());
    assert!(slot.let_go_if_idle(Duration::ZERO));
    std::fs::remove_file(&copy).expect("remove");

    let e = ai.probe(TEXT).err().expect("an error, not a panic");
    assert_eq!(e.code, ErrorCode::Missing);
    assert!(e.message.contains("e5-copy.bin"), "{}", e.message);
}

#[test]
fn a_model_read_later_is_read_on_first_use_and_a_missing_file_is_named_at_once() {
    let Some(path) = model_file() else {
        return;
    };
    let slot = Arc::new(ModelSlot::later(&path).expect("the file is there"));
    assert!(!slot.is_held(), "not read yet");
    let ai = Ai::with_slot(slot.clone());
    let read = ai.model().expect("read on first use").embed(TEXT);
    assert!(slot.is_held());
    let opened = ModelSlot::open(&path).expect("opens");
    assert_eq!(read, opened.get().expect("held").embed(TEXT));

    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("saknas.bin");
    let e = ModelSlot::later(&missing).err().expect("an error");
    assert_eq!(e.code, ErrorCode::Missing);
    assert!(e.message.contains("saknas.bin"), "{}", e.message);
    let e = ModelSlot::later(dir.path())
        .err()
        .expect("a folder is no model");
    assert_eq!(e.code, ErrorCode::Missing);

    // A damaged file is named when a feature reads it.
    let damaged = dir.path().join("trasig.bin");
    std::fs::write(&damaged, b"inte en modell").expect("write");
    let ai = Ai::with_slot(Arc::new(ModelSlot::later(&damaged).expect("there")));
    let e = ai.probe(TEXT).err().expect("an error, not a panic");
    assert!(e.message.contains("trasig.bin"), "{}", e.message);
}

/// Waits up to 10 s for `done`; whether it came.
fn within_10_s(done: impl Fn() -> bool) -> bool {
    let end = std::time::Instant::now() + Duration::from_secs(10);
    while std::time::Instant::now() < end {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

#[test]
fn the_tidying_thread_lets_an_idle_model_go_each_time_it_is_read_again() {
    let Some(path) = model_file() else {
        return;
    };
    let slot = Arc::new(ModelSlot::open(&path).expect("opens"));
    let told = Arc::new(AtomicU32::new(0));
    let count = told.clone();
    slot.tidy_after(Duration::from_secs(1), move || {
        count.fetch_add(1, Ordering::SeqCst);
    });
    // The callback comes after the model is let go.
    assert!(
        within_10_s(|| told.load(Ordering::SeqCst) == 1),
        "the idle model was not let go"
    );
    assert!(!slot.is_held());

    // Read again by a feature, and let go again once idle.
    let ai = Ai::with_slot(slot.clone());
    ai.probe(TEXT).expect("a probe");
    assert!(slot.is_held());
    assert!(
        within_10_s(|| told.load(Ordering::SeqCst) == 2),
        "the model read again was not let go once idle"
    );
    assert!(!slot.is_held());
}
