//! Benchmarks of the core at 1k, 10k and 100k needs (the README has the results).
//!
//! Sizes come from `MEDSKAPA_BENCH_SIZES` (default `1000,10000,100000`). Each size is a
//! project made by `generate` (N needs, N/10 activities, N/100 key questions, seed 1),
//! written once into a temporary folder and shared by every benchmark. Each core query is
//! measured beside hand-written SQL through rusqlite that returns the same rows (checked
//! once per size), so the report can give the ratio ours/plain.
//!
//! The same queries run on the project shared into a local PostgreSQL server (`pg.rs`,
//! groups `pg_…`); `MEDSKAPA_BENCH_PG=0` leaves them out.
//!
//! `cargo test --benches` runs this binary without `--bench`: criterion then runs every
//! benchmark once, and we use only the smallest size so CI stays fast.
//!
//! With `MEDSKAPA_BENCH_PROBE` set, the binary runs one probe instead of the suite (used for
//! the memory and `sqlite3 -json` comparisons in the doc):
//! `gen:N:FILE` writes the size-N project, `page:FILE` opens it and reads a filtered page,
//! `check:FILE` runs the planning check, `export:FILE:OUT` writes the JSON export, and
//! `time:FILE` times every operation once (a quick look without criterion); `page` and
//! `check` print the peak RSS (VmHWM); `markdown` times the brief of the worst Markdown
//! summary and prints its peak RSS.

mod pg;

use std::collections::HashMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{BatchSize, BenchmarkId, Criterion};
use medskapa_core::app::generate::{busiest_decision, gather_needs, generate, GenerateOptions};
use medskapa_core::domain::model::{ActivityStatus, Project};
use medskapa_core::domain::personal_data;
use medskapa_core::domain::timeline::{
    ClusterTexts, TextWidth, TimelineLayout, TimelineParams, TimelineRegion, TimelineZoom,
    ZoomPreset,
};
use medskapa_core::formats::interchange;
use medskapa_core::store::dialogues::ActivityFilter;
use medskapa_core::store::search::NeedFilter;
use medskapa_core::store::{OpenOptions, Store};
use medskapa_core::support::lang::Lang;
use rusqlite::{self, Connection, OpenFlags};

const SEED: u64 = 1;
const PAGE: u32 = 100;
const SEARCH: &str = "verktyg";
const IMPORT_ROWS: usize = 10_000;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, 1).expect("valid date")
}

// ---------------------------------------------------------------------------
// Fixtures: one generated project per size, made once
// ---------------------------------------------------------------------------

struct Fixture {
    n: u64,
    path: PathBuf,
    /// The most used tag (the widest one-tag filter).
    tag: String,
    /// The most used theme, for the filter that includes children.
    theme: String,
    /// The decision with the most needs behind it.
    decision: String,
    /// A held activity, for the import.
    activity: String,
    /// A CSV of `IMPORT_ROWS` needs (some tags and segments new).
    csv: PathBuf,
}

static DIR: OnceLock<PathBuf> = OnceLock::new();
type Cache = Mutex<HashMap<u64, Arc<Fixture>>>;
static CACHE: OnceLock<Cache> = OnceLock::new();

fn fixture(n: u64) -> Arc<Fixture> {
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = cache.lock().expect("fixture cache");
    if let Some(f) = map.get(&n) {
        return f.clone();
    }
    let dir = DIR.get().expect("bench folder set in main");
    let started = Instant::now();
    let project = generate(&GenerateOptions::scaled(n, SEED));
    let path = dir.join(format!("bench-{n}.medskapa"));
    Store::create_from(&path, &project).expect("writes the generated project");
    let csv = dir.join(format!("import-{n}.csv"));
    write_csv(&project, &csv);
    let f = Arc::new(Fixture {
        n,
        path,
        tag: busiest_tag(&project, false),
        theme: busiest_tag(&project, true),
        decision: busiest_decision(&project).expect("a decision"),
        activity: project
            .activities
            .iter()
            .find(|a| a.status != medskapa_core::domain::model::ActivityStatus::Planned)
            .or(project.activities.first())
            .map(|a| a.id.clone())
            .expect("an activity"),
        csv,
    });
    eprintln!(
        "fixture: {n} needs generated and written in {:.1} s ({} MB)",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0) / 1_000_000
    );
    verify(&f);
    map.insert(n, f.clone());
    f
}

fn busiest_tag(p: &Project, theme: bool) -> String {
    let parent: HashMap<&str, Option<&str>> = p
        .tags
        .iter()
        .map(|t| (t.id.as_str(), t.parent_id.as_deref()))
        .collect();
    let top = |id: &str| {
        let mut cur: &str = id;
        while let Some(Some(up)) = parent.get(cur) {
            cur = up;
        }
        cur.to_string()
    };
    let mut uses: HashMap<String, usize> = HashMap::new();
    for n in &p.needs {
        for t in &n.tag_ids {
            let key = if theme { top(t) } else { t.clone() };
            *uses.entry(key).or_default() += 1;
        }
    }
    let mut v: Vec<(String, usize)> = uses.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.first().map(|x| x.0.clone()).expect("a used tag")
}

/// A survey export as a service designer gets it: `;`-separated, a header row, and tag
/// names (mostly existing, some new) several to a cell.
fn write_csv(p: &Project, out: &Path) {
    let mut rng = medskapa_core::app::generate::Rng::new(99);
    // Names with a comma would be split by a plain reader; leave them out.
    let tag_names: Vec<&str> = p
        .tags
        .iter()
        .map(|t| t.name.as_str())
        .filter(|n| !n.contains(','))
        .collect();
    let seg_names: Vec<&str> = p.segments.iter().map(|s| s.name.as_str()).collect();
    let mut s = String::from("Svar;Citat;Målgrupp;Taggar\n");
    for i in 0..IMPORT_ROWS {
        let src = &p.needs[i % p.needs.len()];
        let mut tags: Vec<String> = (0..rng.range(0, 3))
            .map(|_| (*rng.pick(&tag_names)).to_string())
            .collect();
        if rng.percent(2) {
            tags.push(format!("Ny tagg {}", rng.below(20)));
        }
        tags.dedup();
        let seg = if rng.percent(3) {
            "Grannar i Tågaborg".to_string()
        } else {
            (*rng.pick(&seg_names)).to_string()
        };
        let q = |v: &str| format!("\"{}\"", v.replace('"', "\"\""));
        s.push_str(&format!(
            "{};{};{};{}\n",
            q(&src.statement),
            q(&src.quote),
            q(&seg),
            q(&tags.join(", "))
        ));
    }
    std::fs::write(out, s).expect("writes the CSV");
}

// ---------------------------------------------------------------------------
// Plain SQL: the same rows, written by hand
// ---------------------------------------------------------------------------

const ROW_COLS: &str = "n.id, n.statement, n.quote, n.activity_id, a.title, n.important,
    (SELECT group_concat(tag_id, char(31)) FROM need_tag WHERE nid = n.nid),
    (SELECT group_concat(segment_id, char(31)) FROM need_segment WHERE nid = n.nid),
    (SELECT group_concat(insight_id, char(31)) FROM insight_need WHERE nid = n.nid)";

type PlainRow = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    bool,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// A total and one page of rows.
type PlainPage = (u32, Vec<PlainRow>);

fn plain_rows(conn: &Connection, sql: &str, arg: &str) -> Vec<PlainRow> {
    let mut st = conn.prepare_cached(sql).expect("prepares");
    st.query_map([arg], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
        ))
    })
    .expect("runs")
    .collect::<rusqlite::Result<Vec<_>>>()
    .expect("reads")
}

fn plain_count(conn: &Connection, sql: &str, arg: &str) -> u32 {
    conn.prepare_cached(sql)
        .expect("prepares")
        .query_row([arg], |r| r.get(0))
        .expect("counts")
}

fn plain_page_tag(conn: &Connection, tag: &str) -> PlainPage {
    let total = plain_count(conn, "SELECT COUNT(*) FROM need_tag WHERE tag_id = ?1", tag);
    let rows = plain_rows(
        conn,
        &format!(
            "SELECT {ROW_COLS} FROM need_tag t JOIN need n ON n.nid = t.nid
             LEFT JOIN activity a ON a.id = n.activity_id
             WHERE t.tag_id = ?1 ORDER BY t.nid DESC LIMIT {PAGE}"
        ),
        tag,
    );
    (total, rows)
}

const DOWN: &str = "WITH RECURSIVE down(id) AS (SELECT ?1 UNION ALL
    SELECT tag.id FROM tag JOIN down ON tag.parent_id = down.id)";

fn plain_page_children(conn: &Connection, tag: &str) -> PlainPage {
    let total = plain_count(
        conn,
        &format!(
            "{DOWN} SELECT COUNT(*) FROM need WHERE nid IN
               (SELECT nid FROM need_tag WHERE tag_id IN (SELECT id FROM down))"
        ),
        tag,
    );
    let rows = plain_rows(
        conn,
        &format!(
            "{DOWN} SELECT {ROW_COLS} FROM need n LEFT JOIN activity a ON a.id = n.activity_id
             WHERE n.nid IN (SELECT nid FROM need_tag WHERE tag_id IN (SELECT id FROM down))
             ORDER BY n.nid DESC LIMIT {PAGE}"
        ),
        tag,
    );
    (total, rows)
}

fn plain_page_search(conn: &Connection, text: &str) -> PlainPage {
    let q = format!("\"{text}\"*");
    let total = plain_count(
        conn,
        "SELECT COUNT(*) FROM need_fts WHERE need_fts MATCH ?1",
        &q,
    );
    let rows = plain_rows(
        conn,
        &format!(
            "SELECT {ROW_COLS} FROM need_fts f JOIN need n ON n.nid = f.rowid
             LEFT JOIN activity a ON a.id = n.activity_id
             WHERE need_fts MATCH ?1 ORDER BY f.rowid DESC LIMIT {PAGE}"
        ),
        &q,
    );
    (total, rows)
}

fn plain_tag_counts(conn: &Connection, tag: Option<&str>) -> Vec<(String, u32)> {
    let (sql, arg) = match tag {
        Some(t) => (
            "SELECT tag_id, COUNT(*) FROM need_tag
             WHERE nid IN (SELECT nid FROM need_tag WHERE tag_id = ?1)
             GROUP BY tag_id ORDER BY tag_id",
            t,
        ),
        None => (
            "SELECT tag_id, COUNT(*) FROM need_tag WHERE ?1 = ?1 GROUP BY tag_id ORDER BY tag_id",
            "",
        ),
    };
    let mut st = conn.prepare_cached(sql).expect("prepares");
    st.query_map([arg], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("runs")
        .collect::<rusqlite::Result<Vec<_>>>()
        .expect("reads")
}

/// Behov's matrix: how many needs have each tag in each segment, all needs (`None`) or
/// those with `tag`; as (tag, segment, count) in that order.
fn plain_matrix(conn: &Connection, tag: Option<&str>) -> Vec<(String, String, u32)> {
    let sql = "SELECT t.tag_id, s.segment_id, COUNT(*)
               FROM need_tag t JOIN need_segment s ON s.nid = t.nid
               WHERE ?1 = '' OR t.nid IN (SELECT nid FROM need_tag WHERE tag_id = ?1)
               GROUP BY t.tag_id, s.segment_id ORDER BY t.tag_id, s.segment_id";
    let mut st = conn.prepare_cached(sql).expect("prepares");
    st.query_map([tag.unwrap_or("")], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })
    .expect("runs")
    .collect::<rusqlite::Result<Vec<_>>>()
    .expect("reads")
}

/// Behov's matrix as measured: its group, the filter, and the tag the plain twin filters by.
fn matrix_cases(f: &Fixture) -> [(&'static str, NeedFilter, Option<&str>); 2] {
    [
        ("tag_segment_matrix", NeedFilter::default(), None),
        (
            "tag_segment_matrix_tag",
            filter_tag(&f.tag, false),
            Some(f.tag.as_str()),
        ),
    ]
}

/// The floor under the planning check: the rows it needs, read into plain tuples.
fn plain_planning(conn: &Connection) -> usize {
    let mut total = 0usize;
    for sql in [
        "SELECT id, title, decision_date, status FROM decision",
        "SELECT id, title, decision_id, needed_by, influence_level, status FROM key_question",
        "SELECT id, title, method, starts_at, status, feedback_given_on FROM activity",
        "SELECT activity_id, key_question_id FROM activity_question",
        "SELECT activity_id, segment_id, count FROM participation",
        "SELECT id, name, priority FROM segment",
        "SELECT id, title, response_status FROM insight",
        "SELECT insight_id, key_question_id FROM insight_question",
    ] {
        let mut st = conn.prepare_cached(sql).expect("prepares");
        let cols = st.column_count();
        let mut rows = st.query([]).expect("runs");
        while let Some(r) = rows.next().expect("reads") {
            for c in 0..cols {
                let v: rusqlite::types::Value = r.get(c).expect("a value");
                black_box(v);
            }
            total += 1;
        }
    }
    let untagged: usize = conn
        .prepare_cached(
            "SELECT (SELECT COUNT(*) FROM need) - (SELECT COUNT(*) FROM (SELECT DISTINCT nid FROM need_tag))",
        )
        .expect("prepares")
        .query_row([], |r| r.get(0))
        .expect("counts");
    total + untagged
}

fn plain_open(path: &Path) -> Connection {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .expect("opens");
    // The same page cache as `Store` uses, so the ratio compares queries, not settings.
    conn.execute_batch("PRAGMA cache_size = -8192;")
        .expect("sets the cache size");
    let id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .expect("reads");
    black_box(id);
    conn
}

fn filter_tag(tag: &str, children: bool) -> NeedFilter {
    NeedFilter {
        tag_ids: vec![tag.to_string()],
        include_children: children,
        ..NeedFilter::default()
    }
}

fn filter_text(text: &str) -> NeedFilter {
    NeedFilter {
        text: text.to_string(),
        ..NeedFilter::default()
    }
}

/// Ours and plain return the same rows: checked once per size before measuring.
fn verify(f: &Fixture) {
    let store = Store::open(&f.path, OpenOptions::default()).expect("opens");
    let conn = plain_open(&f.path);
    let cases: [(&str, NeedFilter, PlainPage); 3] = [
        (
            "tag",
            filter_tag(&f.tag, false),
            plain_page_tag(&conn, &f.tag),
        ),
        (
            "children",
            filter_tag(&f.theme, true),
            plain_page_children(&conn, &f.theme),
        ),
        (
            "search",
            filter_text(SEARCH),
            plain_page_search(&conn, SEARCH),
        ),
    ];
    for (name, filter, (total, rows)) in cases {
        let page = store.needs_page(&filter, 0, PAGE).expect("a page");
        assert_eq!(page.total, total, "{name}: totals differ");
        let ours: Vec<&str> = page.rows.iter().map(|r| r.id.as_str()).collect();
        let plain: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(ours, plain, "{name}: rows differ");
        assert!(!ours.is_empty(), "{name}: an empty page measures nothing");
    }
    let ours: Vec<(String, u32)> = store
        .tag_counts(&filter_tag(&f.tag, false))
        .expect("counts")
        .into_iter()
        .map(|c| (c.tag_id, c.count))
        .collect();
    assert_eq!(
        ours,
        plain_tag_counts(&conn, Some(&f.tag)),
        "tag counts differ"
    );
    let ours: Vec<(String, u32)> = store
        .tag_counts(&NeedFilter::default())
        .expect("counts")
        .into_iter()
        .map(|c| (c.tag_id, c.count))
        .collect();
    assert_eq!(ours, plain_tag_counts(&conn, None), "all tag counts differ");
    for (what, filter, tag) in matrix_cases(f) {
        let ours: Vec<(String, String, u32)> = store
            .tag_segment_matrix(&filter)
            .expect("a matrix")
            .into_iter()
            .map(|c| (c.tag_id, c.segment_id, c.count))
            .collect();
        assert_eq!(ours, plain_matrix(&conn, tag), "{what} differs");
        assert!(
            f.n == 0 || !ours.is_empty(),
            "{what}: empty, measures nothing"
        );
    }
    assert!(f.n == 0 || !f.decision.is_empty());
}

// ---------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------

fn bench_mode() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn sizes() -> Vec<u64> {
    let text = std::env::var("MEDSKAPA_BENCH_SIZES").unwrap_or_else(|_| "1000,10000,100000".into());
    let mut v: Vec<u64> = text
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .filter(|n| *n > 0)
        .collect();
    v.sort_unstable();
    v.dedup();
    if v.is_empty() {
        v.push(1000);
    }
    if !bench_mode() {
        // `cargo test --benches`: one quick pass at the smallest size.
        v.truncate(1);
    }
    v
}

fn queries(c: &mut Criterion) {
    for n in sizes() {
        let f = fixture(n);
        let store = Store::open(&f.path, OpenOptions::default()).expect("opens");
        let conn = plain_open(&f.path);

        let mut g = c.benchmark_group("open");
        g.bench_with_input(BenchmarkId::new("ours", n), &f, |b, f| {
            b.iter(|| Store::open(&f.path, OpenOptions::default()).expect("opens"))
        });
        g.bench_with_input(BenchmarkId::new("plain", n), &f, |b, f| {
            b.iter(|| plain_open(&f.path))
        });
        g.finish();

        let mut g = c.benchmark_group("page_tag");
        let filter = filter_tag(&f.tag, false);
        g.bench_function(BenchmarkId::new("ours", n), |b| {
            b.iter(|| {
                store
                    .needs_page(black_box(&filter), 0, PAGE)
                    .expect("a page")
            })
        });
        g.bench_function(BenchmarkId::new("plain", n), |b| {
            b.iter(|| plain_page_tag(&conn, black_box(&f.tag)))
        });
        g.finish();

        let mut g = c.benchmark_group("page_tag_children");
        let filter = filter_tag(&f.theme, true);
        g.bench_function(BenchmarkId::new("ours", n), |b| {
            b.iter(|| {
                store
                    .needs_page(black_box(&filter), 0, PAGE)
                    .expect("a page")
            })
        });
        g.bench_function(BenchmarkId::new("plain", n), |b| {
            b.iter(|| plain_page_children(&conn, black_box(&f.theme)))
        });
        g.finish();

        let mut g = c.benchmark_group("page_search");
        let filter = filter_text(SEARCH);
        g.bench_function(BenchmarkId::new("ours", n), |b| {
            b.iter(|| {
                store
                    .needs_page(black_box(&filter), 0, PAGE)
                    .expect("a page")
            })
        });
        g.bench_function(BenchmarkId::new("plain", n), |b| {
            b.iter(|| plain_page_search(&conn, black_box(SEARCH)))
        });
        g.finish();

        let mut g = c.benchmark_group("tag_counts");
        let filter = filter_tag(&f.tag, false);
        g.bench_function(BenchmarkId::new("ours", n), |b| {
            b.iter(|| store.tag_counts(black_box(&filter)).expect("counts"))
        });
        g.bench_function(BenchmarkId::new("plain", n), |b| {
            b.iter(|| plain_tag_counts(&conn, Some(black_box(&f.tag))))
        });
        g.finish();

        let mut g = c.benchmark_group("tag_counts_all");
        let filter = NeedFilter::default();
        g.bench_function(BenchmarkId::new("ours", n), |b| {
            b.iter(|| store.tag_counts(black_box(&filter)).expect("counts"))
        });
        g.bench_function(BenchmarkId::new("plain", n), |b| {
            b.iter(|| plain_tag_counts(&conn, None))
        });
        g.finish();

        // Behov's matrix tab: needs per tag and segment, all needs and a one-tag filter.
        for (group, filter, tag) in matrix_cases(&f) {
            let mut g = c.benchmark_group(group);
            g.bench_function(BenchmarkId::new("ours", n), |b| {
                b.iter(|| {
                    store
                        .tag_segment_matrix(black_box(&filter))
                        .expect("a matrix")
                })
            });
            g.bench_function(BenchmarkId::new("plain", n), |b| {
                b.iter(|| plain_matrix(&conn, black_box(tag)))
            });
            g.finish();
        }

        let mut g = c.benchmark_group("planning_check");
        g.bench_function(BenchmarkId::new("ours", n), |b| {
            b.iter(|| store.planning_warnings(today(), Lang::Sv).expect("checks"))
        });
        g.bench_function(BenchmarkId::new("plain", n), |b| {
            b.iter(|| plain_planning(&conn))
        });
        g.finish();

        // Räckvidd: the core's reach table, against reading the project's rows the window
        // counted it from before.
        let mut g = c.benchmark_group("reach_page");
        g.bench_function(BenchmarkId::new("ours", n), |b| {
            b.iter(|| store.reach_page(black_box(None)).expect("reach"))
        });
        g.bench_function(BenchmarkId::new("rows", n), |b| {
            b.iter(|| store.load_project_rows().expect("rows"))
        });
        g.finish();

        // A block of Dialoger's list as it scrolls (a hundred rows well down it): the core
        // filters and orders every activity, against reading the project without its needs,
        // which the window's rows were made from when it filtered and ordered the dialogues
        // itself.
        let mut g = c.benchmark_group("activities_page");
        let held = ActivityFilter {
            status: Some(ActivityStatus::Held),
            ..ActivityFilter::default()
        };
        g.bench_function(BenchmarkId::new("ours", n), |b| {
            b.iter(|| {
                store
                    .activities_page(black_box(&held), black_box(n as u32 / 40), 100, None)
                    .expect("page")
            })
        });
        g.bench_function(BenchmarkId::new("shallow", n), |b| {
            b.iter(|| store.load_project_shallow().expect("shallow"))
        });
        g.finish();

        // Tidslinje's first visit: the core reads the dated items, lays the chart out and
        // answers a screen of it as JSON; against the same screen from the kept layout, and
        // against the dated dialogues as JSON alone, which the window read (and then laid out
        // itself) before.
        let mut g = c.benchmark_group("timeline_view");
        let params = TimelineParams {
            version: 1,
            zoom: TimelineZoom::Preset(ZoomPreset::Year),
            viewport_width: 1000.0,
            today: "2027-03-01".into(),
            expanded: Vec::new(),
            warnings: Vec::new(),
            texts: ClusterTexts::default(),
        };
        let widths = TextWidth::default();
        let screen = |layout: &TimelineLayout| {
            let open = layout.opening(1000.0, 500.0, None);
            let region = TimelineRegion {
                left: open.left - 1000.0,
                top: open.top - 500.0,
                width: 3000.0,
                height: 1500.0,
            };
            serde_json::to_vec(&layout.view(region, None)).expect("json")
        };
        let lay_out = || {
            store
                .timeline_data()
                .expect("dated items")
                .lay_out(&params, &widths)
        };
        g.bench_function(BenchmarkId::new("ours", n), |b| {
            b.iter(|| screen(&lay_out()))
        });
        let kept = lay_out();
        g.bench_function(BenchmarkId::new("kept", n), |b| {
            b.iter(|| screen(black_box(&kept)))
        });
        g.bench_function(BenchmarkId::new("dialogues_json", n), |b| {
            b.iter(|| {
                serde_json::to_vec(&store.timeline_activities().expect("dated")).expect("json")
            })
        });
        g.finish();

        // The personal data rule: the detector over every need's statement and quote in
        // memory, and the store's pass (only the needs with a digit or an `@` are read).
        let mut g = c.benchmark_group("personal_data_scan");
        let needs = store.load_project().expect("loads").needs;
        g.bench_function(BenchmarkId::new("detector", n), |b| {
            b.iter(|| {
                needs
                    .iter()
                    .map(|nd| {
                        personal_data::scan(black_box(&nd.statement)).len()
                            + personal_data::scan(black_box(&nd.quote)).len()
                    })
                    .sum::<usize>()
            })
        });
        g.bench_function(BenchmarkId::new("store", n), |b| {
            b.iter(|| {
                let mut found = 0;
                store
                    .each_need_text(|_, statement, quote| {
                        found += personal_data::scan(statement).len();
                        found += personal_data::scan(quote).len();
                        Ok(())
                    })
                    .expect("scans");
                found
            })
        });
        g.finish();
    }
}

fn heavy(c: &mut Criterion) {
    for n in sizes() {
        let f = fixture(n);
        let store = Store::open(&f.path, OpenOptions::default()).expect("opens");

        let mut g = c.benchmark_group("json_export");
        g.sample_size(10);
        g.bench_function(BenchmarkId::new("ours", n), |b| {
            b.iter(|| interchange::into_json(store.load_project().expect("loads")))
        });
        g.bench_function(BenchmarkId::new("load_only", n), |b| {
            b.iter(|| store.load_project().expect("loads"))
        });
        g.finish();

        let mut g = c.benchmark_group("csv_import_10k");
        g.sample_size(10);
        let mapping = medskapa_core::app::import_needs::NeedMapping {
            statement: "Svar".into(),
            quote: Some("Citat".into()),
            segment: Some("Målgrupp".into()),
            tags: Some("Taggar".into()),
        };
        let copy = |f: &Fixture| {
            let to = f.path.with_extension("import.medskapa");
            let _ = std::fs::remove_file(&to);
            std::fs::copy(&f.path, &to).expect("copies");
            to
        };
        g.bench_function(BenchmarkId::new("ours", n), |b| {
            b.iter_batched(
                || {
                    let to = copy(&f);
                    Store::open(&to, OpenOptions::default()).expect("opens")
                },
                |mut s| {
                    let table = medskapa_core::formats::table::read_table(&f.csv).expect("reads");
                    let report = medskapa_core::app::import_needs::import_needs(
                        &mut s,
                        &table,
                        &mapping,
                        &f.activity,
                    )
                    .expect("imports");
                    assert_eq!(report.needs_created as usize, IMPORT_ROWS);
                    s
                },
                BatchSize::PerIteration,
            )
        });
        g.bench_function(BenchmarkId::new("plain", n), |b| {
            b.iter_batched(
                || {
                    let to = copy(&f);
                    let conn = plain_open(&to);
                    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL")
                        .expect("pragmas");
                    let rows = csv_rows(&f.csv);
                    (conn, rows)
                },
                |(mut conn, rows)| {
                    plain_insert(&mut conn, &rows, &f.activity);
                    conn
                },
                BatchSize::PerIteration,
            )
        });
        g.finish();

        let mut g = c.benchmark_group("brief_5000_needs");
        g.sample_size(10);
        let path = brief_fixture(&f);
        let store = Store::open(&path, OpenOptions::default()).expect("opens");
        let project = store.load_project().expect("loads");
        let warnings = store.planning_warnings(today(), Lang::Sv).expect("checks");
        let target = medskapa_core::documents::brief::BriefTarget::Decision(f.decision.clone());
        report_brief_size(&project, &target, &warnings);
        g.bench_function(BenchmarkId::new("build_and_render", n), |b| {
            b.iter(|| {
                let model = medskapa_core::documents::brief::build_brief(
                    &project,
                    &target,
                    medskapa_core::documents::brief::Lang::Sv,
                    today(),
                    &warnings,
                )
                .expect("builds");
                medskapa_core::documents::brief::render_pdf(&model)
            })
        });
        g.bench_function(BenchmarkId::new("end_to_end", n), |b| {
            b.iter(|| {
                medskapa_core::app::briefs::brief_pdf(&store, &target, Lang::Sv, today())
                    .expect("renders")
            })
        });
        g.finish();
    }
}

/// Needs in the appendix of the measured brief (as many as the project has, if fewer).
const BRIEF_NEEDS: usize = 5_000;

/// A copy of the fixture in which the busiest decision's brief shows `BRIEF_NEEDS` needs:
/// needs heard elsewhere are moved to one of its activities, oldest first.
fn brief_fixture(f: &Fixture) -> PathBuf {
    let path = f.path.with_extension("brief.medskapa");
    if path.exists() {
        return path;
    }
    let mut p = Store::open(&f.path, OpenOptions::default())
        .expect("opens")
        .load_project()
        .expect("loads");
    gather_needs(&mut p, &f.decision, BRIEF_NEEDS);
    Store::create_from(&path, &p).expect("writes");
    path
}

/// How big the measured brief is: the rows of its appendix (every related need).
fn report_brief_size(
    project: &Project,
    target: &medskapa_core::documents::brief::BriefTarget,
    warnings: &[medskapa_core::domain::checks::Warning],
) {
    use medskapa_core::documents::brief::Content;
    let model = medskapa_core::documents::brief::build_brief(
        project,
        target,
        medskapa_core::documents::brief::Lang::Sv,
        today(),
        warnings,
    )
    .expect("builds");
    let appendix_rows: usize = model
        .sections
        .last()
        .map(|s| {
            s.content
                .iter()
                .map(|c| match c {
                    Content::Table { table } => table.rows.len(),
                    _ => 0,
                })
                .sum()
        })
        .unwrap_or(0);
    let pdf = medskapa_core::documents::brief::render_pdf(&model);
    eprintln!(
        "brief for the busiest decision: {appendix_rows} needs in the appendix, {} kB",
        pdf.len() / 1000
    );
}

/// The CSV rows as (statement, quote, segment name, tag names), parsed plainly.
fn csv_rows(path: &Path) -> Vec<[String; 4]> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(path)
        .expect("opens the CSV");
    r.records()
        .map(|rec| {
            let rec = rec.expect("a record");
            [0, 1, 2, 3].map(|i| rec.get(i).unwrap_or("").to_string())
        })
        .collect()
}

/// The floor under the import: the same needs, with segments and tags looked up by name
/// (made when missing), inserted in one transaction.
fn plain_insert(conn: &mut Connection, rows: &[[String; 4]], activity: &str) {
    let tx = conn.transaction().expect("begins");
    {
        let mut find_tag = tx
            .prepare("SELECT id FROM tag WHERE name = ?1")
            .expect("sql");
        let mut find_seg = tx
            .prepare("SELECT id FROM segment WHERE name = ?1")
            .expect("sql");
        let mut new_tag = tx
            .prepare("INSERT INTO tag(id, name) VALUES (?1, ?1)")
            .expect("sql");
        let mut new_seg = tx
            .prepare("INSERT INTO segment(id, name) VALUES (?1, ?1)")
            .expect("sql");
        let mut need = tx
            .prepare("INSERT INTO need(id, statement, quote, activity_id) VALUES (?1, ?2, ?3, ?4)")
            .expect("sql");
        let mut nt = tx
            .prepare("INSERT OR IGNORE INTO need_tag(nid, tag_id) VALUES (?1, ?2)")
            .expect("sql");
        let mut ns = tx
            .prepare("INSERT OR IGNORE INTO need_segment(nid, segment_id) VALUES (?1, ?2)")
            .expect("sql");
        let lookup = |find: &mut rusqlite::Statement,
                      make: &mut rusqlite::Statement,
                      name: &str|
         -> String {
            use rusqlite::OptionalExtension;
            match find
                .query_row([name], |r| r.get::<_, String>(0))
                .optional()
                .expect("finds")
            {
                Some(id) => id,
                None => {
                    make.execute([name]).expect("makes");
                    name.to_string()
                }
            }
        };
        for (i, [statement, quote, seg, tags]) in rows.iter().enumerate() {
            need.execute(rusqlite::params![
                format!("import-{i}"),
                statement,
                quote,
                activity
            ])
            .expect("inserts");
            let nid = tx.last_insert_rowid();
            if !seg.is_empty() {
                let s = lookup(&mut find_seg, &mut new_seg, seg);
                ns.execute(rusqlite::params![nid, s]).expect("links");
            }
            for t in tags.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                let t = lookup(&mut find_tag, &mut new_tag, t);
                nt.execute(rusqlite::params![nid, t]).expect("links");
            }
        }
    }
    tx.commit().expect("commits");
}

// ---------------------------------------------------------------------------
// The brief of the worst Markdown a form accepts
// ---------------------------------------------------------------------------

/// A summary at the limits, within the longest text a form saves: nesting thousands deep
/// (quotes, lists, emphasis, brackets), the biggest table shown whole, and a table far
/// beyond the limits (cut, with a note).
fn worst_summary() -> String {
    use medskapa_core::support::markdown::{MAX_TABLE_CELLS, MAX_TABLE_COLUMNS};
    let mut s = ">".repeat(5000) + " citat\n\n";
    s += &("- 1. > ".repeat(1000) + "punkt\n\n");
    s += &("*".repeat(5000) + "mitt" + &"*".repeat(5000) + "\n\n");
    s += &("[".repeat(5000) + "\n\n");
    let cols = MAX_TABLE_COLUMNS;
    for i in 0..cols {
        s += &format!("| Kolumn {i} ");
    }
    s += &format!("|\n{}|\n", "|---".repeat(cols));
    for r in 0..MAX_TABLE_CELLS / cols - 1 {
        s += &format!("{}|\n", format!("| ord i rad {r} ").repeat(cols));
    }
    s += &format!("\n{}|\n{}|\n", "| h ".repeat(200), "|---".repeat(200));
    s += &"| c\n".repeat(1300);
    assert!(s.chars().count() <= medskapa_core::domain::validate::MAX_TEXT);
    s
}

fn worst_markdown_project() -> Project {
    Project {
        decisions: vec![medskapa_core::domain::model::Decision {
            id: "d1".into(),
            title: "Beslut".into(),
            brief_summary: worst_summary(),
            ..Default::default()
        }],
        ..Project::default()
    }
}

fn worst_markdown_brief(project: &Project) -> Vec<u8> {
    use medskapa_core::documents::brief::{build_brief, render_pdf, BriefTarget};
    let target = BriefTarget::Decision("d1".into());
    let model = build_brief(project, &target, Lang::Sv, today(), &[]).expect("builds");
    render_pdf(&model)
}

/// Independent of the project size: the same brief at every size.
fn markdown(c: &mut Criterion) {
    let project = worst_markdown_project();
    let summary = project.decisions[0].brief_summary.clone();
    let mut g = c.benchmark_group("brief_worst_markdown");
    g.sample_size(10);
    g.bench_function("build_and_render", |b| {
        b.iter(|| worst_markdown_brief(&project))
    });
    g.bench_function("preview_html", |b| {
        b.iter(|| medskapa_core::support::markdown::to_html(&summary, Lang::Sv))
    });
    g.finish();
}

// ---------------------------------------------------------------------------
// Probes (MEDSKAPA_BENCH_PROBE) and main
// ---------------------------------------------------------------------------

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn probe(spec: &str) {
    let parts: Vec<&str> = spec.splitn(3, ':').collect();
    match parts.as_slice() {
        ["gen", n, file] => {
            let n: u64 = n.parse().expect("a size");
            let p = generate(&GenerateOptions::scaled(n, SEED));
            Store::create_from(Path::new(file), &p).expect("writes");
            write_csv(&p, &Path::new(file).with_extension("csv"));
            println!("{}", busiest_tag(&p, false));
        }
        ["page", file] => {
            let before = peak_rss_kb();
            let store = Store::open(Path::new(file), OpenOptions::default()).expect("opens");
            let tag = std::env::var("MEDSKAPA_PROBE_TAG").unwrap_or_default();
            let page = store
                .needs_page(&filter_tag(&tag, false), 0, PAGE)
                .expect("a page");
            println!(
                "page: {} rows of {}; peak RSS {} kB (at start {} kB)",
                page.rows.len(),
                page.total,
                peak_rss_kb(),
                before
            );
        }
        ["check", file] => {
            let before = peak_rss_kb();
            let store = Store::open(Path::new(file), OpenOptions::default()).expect("opens");
            let w = store.planning_warnings(today(), Lang::Sv).expect("checks");
            println!(
                "check: {} warnings; peak RSS {} kB (at start {} kB)",
                w.len(),
                peak_rss_kb(),
                before
            );
        }
        ["brief", file] => {
            // The busiest decision's brief, step by step.
            let store = Store::open(Path::new(file), OpenOptions::default()).expect("opens");
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            let project = store.load_project().expect("loads");
            let target = medskapa_core::documents::brief::BriefTarget::Decision(
                busiest_decision(&project).expect("a decision"),
            );
            let warnings = store.planning_warnings(today(), Lang::Sv).expect("checks");
            let lang = medskapa_core::documents::brief::Lang::Sv;
            let build = || {
                medskapa_core::documents::brief::build_brief(
                    &project,
                    &target,
                    lang,
                    today(),
                    &warnings,
                )
                .expect("builds")
            };
            let model = build();
            report_brief_size(&project, &target, &warnings);
            println!("{:8.2} ms  build the model", ms(best_of(3, build)));
            println!(
                "{:8.2} ms  render the PDF",
                ms(best_of(3, || medskapa_core::documents::brief::render_pdf(
                    &model
                )))
            );
            println!(
                "{:8.2} ms  read the project without needs",
                ms(best_of(3, || store.load_project_shallow()))
            );
            println!(
                "{:8.2} ms  read the project with the brief's needs",
                ms(best_of(3, || store.load_project_for_brief(&target)))
            );
            println!(
                "{:8.2} ms  planning check",
                ms(best_of(3, || store.planning_warnings(today(), Lang::Sv)))
            );
            println!(
                "{:8.2} ms  end to end (Store::brief_pdf)",
                ms(best_of(3, || medskapa_core::app::briefs::brief_pdf(
                    &store,
                    &target,
                    lang,
                    today()
                )))
            );
        }
        ["export", file, out] => {
            let store = Store::open(Path::new(file), OpenOptions::default()).expect("opens");
            let text = interchange::to_json(&store.load_project().expect("loads"));
            std::fs::write(out, text).expect("writes");
        }
        ["time", file] => {
            let path = Path::new(file);
            let store = Store::open(path, OpenOptions::default()).expect("opens");
            let p = store.load_project().expect("loads");
            let tag = busiest_tag(&p, false);
            let theme = busiest_tag(&p, true);
            let conn = plain_open(path);
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            println!(
                "open            {:8.2} ms",
                ms(best_of(5, || Store::open(path, OpenOptions::default())))
            );
            for (name, filter) in [
                ("page tag", filter_tag(&tag, false)),
                ("page children", filter_tag(&theme, true)),
                ("page search", filter_text(SEARCH)),
            ] {
                println!(
                    "{name:15} {:8.2} ms",
                    ms(best_of(5, || store.needs_page(&filter, 0, PAGE)))
                );
            }
            println!(
                "plain tag       {:8.2} ms\nplain children  {:8.2} ms\nplain search    {:8.2} ms",
                ms(best_of(5, || plain_page_tag(&conn, &tag))),
                ms(best_of(5, || plain_page_children(&conn, &theme))),
                ms(best_of(5, || plain_page_search(&conn, SEARCH)))
            );
            let f = filter_tag(&tag, false);
            println!(
                "tag counts      {:8.2} ms (plain {:.2})",
                ms(best_of(5, || store.tag_counts(&f))),
                ms(best_of(5, || plain_tag_counts(&conn, Some(&tag))))
            );
            let all = NeedFilter::default();
            println!(
                "tag counts all  {:8.2} ms (plain {:.2})",
                ms(best_of(5, || store.tag_counts(&all))),
                ms(best_of(5, || plain_tag_counts(&conn, None)))
            );
            println!(
                "planning        {:8.2} ms (plain {:.2})",
                ms(best_of(3, || store.planning_warnings(today(), Lang::Sv))),
                ms(best_of(3, || plain_planning(&conn)))
            );
            println!(
                "load project    {:8.2} ms",
                ms(best_of(2, || store.load_project()))
            );
            println!(
                "json export     {:8.2} ms",
                ms(best_of(2, || interchange::to_json(
                    &store.load_project().expect("loads")
                )))
            );
        }
        ["search", file] => {
            let conn = plain_open(Path::new(file));
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            let q = format!("\"{SEARCH}\"*");
            for sql in [
                "SELECT COUNT(*) FROM (SELECT rowid AS nid FROM need_fts WHERE need_fts MATCH ?1)",
                "SELECT COUNT(*) FROM need_fts WHERE need_fts MATCH ?1",
                "SELECT nid FROM (SELECT rowid AS nid FROM need_fts WHERE need_fts MATCH ?1) ORDER BY nid DESC LIMIT 100 OFFSET 0",
                "SELECT rowid FROM need_fts WHERE need_fts MATCH ?1 ORDER BY rowid DESC LIMIT 100",
            ] {
                let d = best_of(20, || {
                    let mut st = conn.prepare_cached(sql).expect("sql");
                    let v: Vec<i64> = st
                        .query_map([&q], |r| r.get(0))
                        .expect("runs")
                        .collect::<rusqlite::Result<_>>()
                        .expect("reads");
                    v
                });
                println!("{:8.3} ms  {sql}", ms(d));
            }
            let store = Store::open(Path::new(file), OpenOptions::default()).expect("opens");
            let page = store
                .needs_page(&filter_text(SEARCH), 0, PAGE)
                .expect("page");
            let d = best_of(20, || {
                page.rows
                    .iter()
                    .map(|r| {
                        medskapa_core::store::search::highlight(&r.statement, SEARCH).len()
                            + medskapa_core::store::search::highlight(&r.quote, SEARCH).len()
                    })
                    .sum::<usize>()
            });
            println!("{:8.3} ms  highlight x{}", ms(d), page.rows.len() * 2);
            let d = best_of(20, || store.needs_page(&filter_text(SEARCH), 0, PAGE));
            println!("{:8.3} ms  needs_page", ms(d));
            let d = best_of(20, || plain_page_search(&conn, SEARCH));
            println!("{:8.3} ms  plain", ms(d));
        }
        ["loop", what, file] => {
            let store = Store::open(Path::new(file), OpenOptions::default()).expect("opens");
            for _ in 0..20 {
                match *what {
                    "check" => drop(black_box(store.planning_warnings(today(), Lang::Sv))),
                    "load" => drop(black_box(store.load_project())),
                    _ => drop(black_box(store.load_project_shallow())),
                }
            }
        }
        ["import", file] => {
            let path = Path::new(file);
            let csv = path.with_extension("csv");
            let copy = path.with_extension("import-probe.medskapa");
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            let p = Store::open(path, OpenOptions::default())
                .expect("opens")
                .load_project_shallow()
                .expect("loads");
            let activity = p
                .activities
                .iter()
                .find(|a| a.status != medskapa_core::domain::model::ActivityStatus::Planned)
                .map(|a| a.id.clone())
                .expect("a held activity");
            let mapping = medskapa_core::app::import_needs::NeedMapping {
                statement: "Svar".into(),
                quote: Some("Citat".into()),
                segment: Some("Målgrupp".into()),
                tags: Some("Taggar".into()),
            };
            // The store writes with synchronous = FULL; the plain inserts are timed both ways
            // to show what durability costs.
            let _ = std::fs::remove_file(&copy);
            std::fs::copy(path, &copy).expect("copies");
            let mut store = Store::open(&copy, OpenOptions::default()).expect("opens");
            let t = Instant::now();
            let table = medskapa_core::formats::table::read_table(&csv).expect("reads");
            let read = t.elapsed();
            let t = Instant::now();
            medskapa_core::app::import_needs::import_needs(&mut store, &table, &mapping, &activity)
                .expect("imports");
            println!(
                "store (synchronous=FULL): read {:.1} ms, import {:.1} ms",
                ms(read),
                ms(t.elapsed())
            );
            drop(store);
            for sync in ["FULL", "OFF"] {
                let _ = std::fs::remove_file(&copy);
                std::fs::copy(path, &copy).expect("copies");
                let mut conn = plain_open(&copy);
                conn.execute_batch(&format!(
                    "PRAGMA foreign_keys = ON; PRAGMA synchronous = {sync}"
                ))
                .expect("pragma");
                let rows = csv_rows(&csv);
                let t = Instant::now();
                plain_insert(&mut conn, &rows, &activity);
                println!("synchronous={sync}: plain insert {:.1} ms", ms(t.elapsed()));
            }
            let _ = std::fs::remove_file(&copy);
        }
        ["parts", file] => {
            let conn = plain_open(Path::new(file));
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            for sql in [
                "SELECT nid, id, statement, quote, activity_id, important FROM need ORDER BY nid",
                "SELECT nid, tag_id FROM need_tag ORDER BY nid, tag_id",
                "SELECT nid, segment_id FROM need_segment ORDER BY nid, segment_id",
                "SELECT nid FROM need_tag",
                "SELECT nid FROM need_tag WHERE tag_id = (SELECT tag_id FROM need_tag GROUP BY tag_id ORDER BY COUNT(*) DESC LIMIT 1)",
                "SELECT i.insight_id, n.id FROM insight_need i JOIN need n ON n.nid = i.nid ORDER BY 1, 2",
                "SELECT * FROM activity ORDER BY id",
            ] {
                let d = best_of(3, || {
                    let mut st = conn.prepare_cached(sql).expect("sql");
                    let cols = st.column_count();
                    let mut rows = st.query([]).expect("runs");
                    let mut k = 0usize;
                    while let Some(r) = rows.next().expect("reads") {
                        for c in 0..cols {
                            black_box(r.get_ref(c).expect("v"));
                        }
                        k += 1;
                    }
                    k
                });
                println!("{:8.2} ms  {sql}", ms(d));
            }
            for sql in [
                "SELECT nid FROM (SELECT nid FROM need_tag WHERE tag_id IN (?1)) ORDER BY nid DESC LIMIT 100 OFFSET 0",
                "SELECT COUNT(*) FROM (SELECT nid FROM need_tag WHERE tag_id IN (?1))",
                "SELECT nid FROM (SELECT rowid AS nid FROM need_fts WHERE need_fts MATCH ?1) ORDER BY nid DESC LIMIT 100 OFFSET 0",
                "SELECT COUNT(*) FROM (SELECT rowid AS nid FROM need_fts WHERE need_fts MATCH ?1)",
                "SELECT nid FROM (SELECT nid FROM need_segment WHERE segment_id = ?1) ORDER BY nid DESC LIMIT 100 OFFSET 0",
                "SELECT nid FROM (SELECT nid FROM need WHERE activity_id = ?1) ORDER BY nid DESC LIMIT 100 OFFSET 0",
                "SELECT nid FROM (SELECT nid FROM need WHERE important = 1) ORDER BY nid DESC LIMIT 100 OFFSET 0",
                "SELECT (SELECT COUNT(*) FROM need) - (SELECT COUNT(*) FROM (SELECT DISTINCT nid FROM need_tag))",
                "SELECT i.insight_id, n.id FROM insight_need i JOIN need n ON n.nid = i.nid",
            ] {
                let mut st = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).expect("sql");
                let n = st.parameter_count();
                let args: Vec<String> = vec!["x".into(); n];
                let plan: Vec<String> = st
                    .query_map(rusqlite::params_from_iter(args.iter()), |r| r.get::<_, String>(3))
                    .expect("runs")
                    .collect::<rusqlite::Result<_>>()
                    .expect("reads");
                println!("{sql}\n    {}", plan.join("\n    "));
            }
            let store = Store::open(Path::new(file), OpenOptions::default()).expect("opens");
            println!(
                "{:8.2} ms  load_project_shallow",
                ms(best_of(3, || store.load_project_shallow()))
            );
            // What the window's `project_data` sends, against the whole shallow project.
            let json_mb = |v: &[u8]| v.len() as f64 / 1e6;
            let shallow = serde_json::to_vec(&store.load_project_shallow().expect("loads"));
            let rows = serde_json::to_vec(&store.load_project_rows().expect("loads"));
            println!(
                "{:8.2} MB  the window's rows as JSON ({:.2} MB the shallow project with the activities whole)",
                json_mb(&rows.expect("json")),
                json_mb(&shallow.expect("json"))
            );
            let dated = serde_json::to_vec(&store.timeline_activities().expect("loads"));
            println!(
                "{:8.2} MB  the timeline's dialogues as JSON",
                json_mb(&dated.expect("json"))
            );
            println!(
                "{:8.2} ms  the window's rows, read and made JSON",
                ms(best_of(3, || serde_json::to_vec(
                    &store.load_project_rows().expect("loads")
                )))
            );
            let p = store.load_project().expect("loads");
            println!(
                "{:8.2} ms  load_project",
                ms(best_of(3, || store.load_project()))
            );
            println!("{:8.2} ms  clone", ms(best_of(3, || p.clone())));
            println!(
                "{:8.2} ms  to_json",
                ms(best_of(3, || interchange::to_json(&p)))
            );
            println!(
                "{:8.2} ms  checks::check",
                ms(best_of(3, || medskapa_core::domain::checks::check(
                    &p,
                    today(),
                    Lang::Sv
                )))
            );
        }
        ["markdown"] => {
            let project = worst_markdown_project();
            let time = best_of(3, || worst_markdown_brief(&project));
            let pdf = worst_markdown_brief(&project);
            println!(
                "{:8.2} ms  brief of the worst Markdown summary ({} kB), peak RSS {} kB",
                time.as_secs_f64() * 1000.0,
                pdf.len() / 1024,
                peak_rss_kb()
            );
        }
        _ => {
            eprintln!("MEDSKAPA_BENCH_PROBE: unknown probe \"{spec}\"");
            std::process::exit(2);
        }
    }
}

fn main() {
    if let Ok(spec) = std::env::var("MEDSKAPA_BENCH_PROBE") {
        probe(&spec);
        return;
    }
    let dir = tempfile::Builder::new()
        .prefix("medskapa-bench")
        .tempdir()
        .expect("a temporary folder");
    DIR.set(dir.path().to_path_buf()).expect("set once");
    let mut c = if bench_mode() {
        Criterion::default()
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3))
    } else {
        Criterion::default()
    }
    .configure_from_args();
    queries(&mut c);
    heavy(&mut c);
    markdown(&mut c);
    if std::env::var("MEDSKAPA_BENCH_PG").map_or(true, |v| v != "0") {
        pg::shared(&mut c);
    }
    c.final_summary();
    drop(dir);
}
