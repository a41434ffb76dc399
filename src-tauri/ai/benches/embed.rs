//! The local embedding model: time to embed one typical need (28 words, 49 tokens) on one
//! thread, and a short and a long text beside it. Skipped, with a note, when the model
//! file is absent (`scripts/fetch-model` fetches it).
//!
//! `cargo test --benches` runs each benchmark once (the long text only with `--bench`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use medskapa_ai::engine::{default_model_path, Model};
use medskapa_core::store::embeddings::embedding_text;

/// A need as residents write them: 28 words.
const NEED: &str = "Öppettiderna på biblioteket är för korta för oss som jobbar dagtid, och på \
helgerna är det stängt redan klockan tre så att familjer med barn inte hinner dit efter \
aktiviteterna.";
const SHORT: &str = "Fler bänkar i parken.";

/// The demo project's needs as the app embeds them (the statement, then the quote).
fn demo_needs() -> Vec<String> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/helsingborg.json");
    let text = std::fs::read_to_string(&path).expect("the demo project is in the repository");
    let demo: serde_json::Value = serde_json::from_str(&text).expect("the demo project is JSON");
    let needs = demo["needs"]
        .as_array()
        .expect("the demo project has needs");
    needs
        .iter()
        .map(|n| {
            let field = |name: &str| n[name].as_str().unwrap_or_default().to_string();
            embedding_text(&field("statement"), &field("quote"))
        })
        .collect()
}

/// Ten passes over the demo's needs, one at a time: the fastest and the median pass, per
/// need, and the needs' median length in tokens.
fn demo_passes(model: &Model) {
    let needs = demo_needs();
    let mut lengths: Vec<usize> = needs.iter().map(|n| model.tokens(n).len()).collect();
    lengths.sort_unstable();
    let mut passes: Vec<f64> = (0..10)
        .map(|_| {
            let started = Instant::now();
            for need in &needs {
                black_box(model.embed(black_box(need)));
            }
            started.elapsed().as_secs_f64() * 1e3 / needs.len() as f64
        })
        .collect();
    passes.sort_by(f64::total_cmp);
    println!(
        "the demo's {} needs (median {} tokens, longest {}): min {:.2} ms, median {:.2} ms a need",
        needs.len(),
        lengths[lengths.len() / 2],
        lengths[lengths.len() - 1],
        passes[0],
        passes[passes.len() / 2]
    );
}

/// `MEDSKAPA_EMBED_MIN=N`: the fastest and the median of N embeddings of the need (the
/// fastest is the steadiest figure on a busy machine), then the demo's needs.
///
/// `MEDSKAPA_EMBED_REPS=N`: the mean of N embeddings of the need, the short text and the
/// long one, on the SIMD and the portable kernels, without criterion (a quick look).
fn probe(model: &Model, reps: u32) {
    let portable = Model::open(&default_model_path().expect("a model"))
        .expect("opens")
        .portable();
    let long = NEED.repeat(12);
    println!(
        "model in memory: {:.1} MB",
        model.memory_bytes() as f64 / 1e6
    );
    for (name, text) in [("need", NEED), ("short", SHORT), ("long", long.as_str())] {
        for (kernel, m) in [("simd", model), ("portable", &portable)] {
            m.embed(text);
            let started = Instant::now();
            for _ in 0..reps {
                black_box(m.embed(black_box(text)));
            }
            let ms = started.elapsed().as_secs_f64() * 1e3 / f64::from(reps);
            println!(
                "{name} ({} tokens), {kernel}: {ms:.2} ms",
                m.tokens(text).len()
            );
        }
    }
}

fn main() {
    let Some(path) = default_model_path().filter(|p| p.is_file()) else {
        eprintln!("note: no model file (run scripts/fetch-model): embed benchmarks skipped");
        return;
    };
    let model = Model::open(&path).expect("the model opens");
    let long = NEED.repeat(12);
    if let Some(reps) = std::env::var("MEDSKAPA_EMBED_MIN")
        .ok()
        .and_then(|r| r.parse::<u32>().ok())
        .filter(|r| *r > 0)
    {
        let mut times: Vec<f64> = (0..reps)
            .map(|_| {
                let started = Instant::now();
                black_box(model.embed(black_box(NEED)));
                started.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!(
            "need: min {:.2} ms, median {:.2} ms",
            times[0],
            times[times.len() / 2]
        );
        demo_passes(&model);
        return;
    }
    if let Some(reps) = std::env::var("MEDSKAPA_EMBED_REPS")
        .ok()
        .and_then(|r| r.parse().ok())
    {
        probe(&model, reps);
        return;
    }
    let bench = std::env::args().any(|a| a == "--bench");
    let mut c = if bench {
        Criterion::default()
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(5))
    } else {
        Criterion::default()
    }
    .configure_from_args();
    let mut g = c.benchmark_group("embed_need");
    g.bench_function("need_28_words", |b| b.iter(|| model.embed(black_box(NEED))));
    g.bench_function("short_4_words", |b| {
        b.iter(|| model.embed(black_box(SHORT)))
    });
    g.bench_function("tokenize_need", |b| {
        b.iter(|| model.tokens(black_box(NEED)))
    });
    if bench {
        // Seconds per run unoptimised: left out of `cargo test --benches`; ten samples.
        g.sample_size(10);
        g.bench_function("long_512_tokens", |b| {
            b.iter(|| model.embed(black_box(&long)))
        });
    }
    g.finish();
    c.final_summary();
}
