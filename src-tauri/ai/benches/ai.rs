//! Benchmarks of the language features (group `ai`): a tag suggestion for a new need's
//! text, on the demo project and with 100,000 needs' vectors in memory, a page of the
//! needs list ranked by meaning, and the near-duplicates among 10,000 needs (every pair, and
//! the kept answer brought up to date after one need changed). Needs the model file;
//! without it the suite says so.
//!
//! `cargo bench -p medskapa-ai` (release). The README gives the figures.

use std::hint::black_box;

use criterion::Criterion;
use medskapa_ai::engine::{default_model_path, Model, DIMENSIONS};
use medskapa_ai::{Ai, DUPLICATE_THRESHOLD};
use medskapa_core::store::search::NeedFilter;

const TEXT: &str = "Biblioteket borde vara öppet längre på kvällarna";

/// A unit vector made from `seed` (no model needed): the index's cost for a project this
/// big, whatever its needs say.
fn pseudo_vector(seed: u64) -> Vec<f32> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut v: Vec<f32> = (0..DIMENSIONS)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % 2001) as f32 / 1000.0 - 1.0
        })
        .collect();
    let n = v.iter().map(|a| a * a).sum::<f32>().sqrt();
    v.iter_mut().for_each(|a| *a /= n);
    v
}

fn main() {
    let Some(path) = default_model_path() else {
        eprintln!("note: the language model is not installed; no benchmarks");
        return;
    };
    let model = std::sync::Arc::new(Model::open(&path).expect("model"));
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store =
        medskapa_core::app::demo::create_demo(&dir.path().join("demo.medskapa")).expect("demo");
    let ai = Ai::new(model);
    ai.embed_pending(&mut store, |_, _| true).expect("embed");
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("ai");
    group.sample_size(20);
    group.bench_function("suggest_tags/demo", |b| {
        b.iter(|| black_box(ai.suggest_tags(&store, TEXT, &[]).expect("suggest")))
    });
    let meaning = NeedFilter {
        text: "kvällsöppet".into(),
        meaning: true,
        ..Default::default()
    };
    group.bench_function("needs_page_by_meaning/demo", |b| {
        b.iter(|| black_box(ai.needs_page(&store, &meaning, 0, 100).expect("page")))
    });
    // 100,000 more needs' vectors, as a large project holds them in memory; the duplicates
    // (every pair compared) measured when 10,000 are in.
    let add = |from: u64, to: u64| {
        ai.with_index_mut(|i| {
            for n in from..to {
                i.upsert(1_000_000 + n as i64, &pseudo_vector(n));
            }
        })
        .expect("index")
    };
    add(0, 10_000);
    group.sample_size(10);
    // The index itself: the app keeps its answer, which a second ask would only read.
    group.bench_function("duplicate_pairs/10k_vectors", |b| {
        b.iter(|| {
            black_box(
                ai.with_index(|i| i.pairs_above(DUPLICATE_THRESHOLD, 200))
                    .expect("pairs"),
            )
        })
    });
    // The kept answer brought up to date after one need's vector changed.
    let since = ai.with_index(|i| i.changes()).expect("changes");
    let kept = ai
        .with_index(|i| i.pairs_above(DUPLICATE_THRESHOLD, 200))
        .expect("pairs");
    ai.with_index_mut(|i| i.upsert(1_000_000, &pseudo_vector(99_999_999)))
        .expect("index");
    group.bench_function("duplicate_pairs_after_one_change/10k_vectors", |b| {
        b.iter(|| {
            black_box(
                ai.with_index(|i| i.updated_pairs(&kept, since, DUPLICATE_THRESHOLD, 200))
                    .expect("pairs")
                    .expect("updated"),
            )
        })
    });
    group.sample_size(20);
    add(10_000, 100_000);
    group.bench_function("suggest_tags/100k_vectors", |b| {
        b.iter(|| black_box(ai.suggest_tags(&store, TEXT, &[]).expect("suggest")))
    });
    group.finish();
    c.final_summary();
}
