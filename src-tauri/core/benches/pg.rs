//! The same queries on a shared project: each size's project shared into a fresh database
//! on a local PostgreSQL server (the tests' own, `medskapa_core::testing`), measured through
//! the store exactly as the file is. Group names start with `pg_`; the README sets them
//! beside the file's figures.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion};
use medskapa_core::store::search::NeedFilter;
use medskapa_core::store::{OpenOptions, Store};
use medskapa_core::support::lang::Lang;

use super::{brief_fixture, filter_tag, filter_text, fixture, sizes, today, PAGE, SEARCH};

/// The project at `path` shared into a new database; its address.
fn share(path: &std::path::Path, name: &str) -> String {
    let server = medskapa_core::testing::server()
        .unwrap_or_else(|e| panic!("a PostgreSQL server for the benchmarks: {e}"));
    let url = server.database(name).expect("a database");
    let project = Store::open(path, OpenOptions::default())
        .expect("opens")
        .load_project()
        .expect("loads");
    let started = std::time::Instant::now();
    Store::share(&project, &url, None).expect("shares");
    eprintln!(
        "pg fixture: {} needs shared in {:.1} s",
        project.needs.len(),
        started.elapsed().as_secs_f64()
    );
    // Fresh statistics, as autovacuum would have after a day of use.
    let db = medskapa_core::testing::database_of(&url);
    server.psql(db, "ANALYZE").expect("analyze");
    url
}

pub fn shared(c: &mut Criterion) {
    for n in sizes() {
        let f = fixture(n);
        let url = share(&f.path, &format!("bench{n}"));
        let store = Store::open_server(&url, None).expect("opens");

        let mut g = c.benchmark_group("pg_open");
        g.bench_function(BenchmarkId::new("ours", n), |b| {
            b.iter(|| Store::open_server(&url, None).expect("opens"))
        });
        g.finish();

        let pages = [
            ("pg_page_tag", filter_tag(&f.tag, false)),
            ("pg_page_tag_children", filter_tag(&f.theme, true)),
            ("pg_page_search", filter_text(SEARCH)),
        ];
        for (name, filter) in &pages {
            let mut g = c.benchmark_group(*name);
            g.bench_function(BenchmarkId::new("ours", n), |b| {
                b.iter(|| {
                    store
                        .needs_page(black_box(filter), 0, PAGE)
                        .expect("a page")
                })
            });
            g.finish();
        }

        let mut g = c.benchmark_group("pg_tag_counts");
        let filter = filter_tag(&f.tag, false);
        g.bench_function(BenchmarkId::new("ours", n), |b| {
            b.iter(|| store.tag_counts(black_box(&filter)).expect("counts"))
        });
        g.finish();

        let mut g = c.benchmark_group("pg_tag_counts_all");
        let filter = NeedFilter::default();
        g.bench_function(BenchmarkId::new("ours", n), |b| {
            b.iter(|| store.tag_counts(black_box(&filter)).expect("counts"))
        });
        g.finish();

        let mut g = c.benchmark_group("pg_planning_check");
        g.bench_function(BenchmarkId::new("ours", n), |b| {
            b.iter(|| store.planning_warnings(today(), Lang::Sv).expect("checks"))
        });
        g.finish();

        let mut g = c.benchmark_group("pg_brief_5000_needs");
        g.sample_size(10);
        let brief_url = share(&brief_fixture(&f), &format!("brief{n}"));
        let brief_store = Store::open_server(&brief_url, None).expect("opens");
        let target = medskapa_core::documents::brief::BriefTarget::Decision(f.decision.clone());
        g.bench_function(BenchmarkId::new("end_to_end", n), |b| {
            b.iter(|| {
                medskapa_core::app::briefs::brief_pdf(&brief_store, &target, Lang::Sv, today())
                    .expect("renders")
            })
        });
        g.finish();
    }
}
