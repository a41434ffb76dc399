//! Builders and readers the core's tests share.

use std::path::{Path, PathBuf};

use medskapa_core::domain::model::Project;
use medskapa_core::store::Store;

/// The demo project (the Helsingborg case), as interchange data.
pub fn demo_project() -> Project {
    medskapa_core::formats::interchange::parse(medskapa_core::app::demo::DEMO_JSON)
        .expect("demo parses")
}

/// `p` without what schema 3 added: commitments and the segments' resident figures.
pub fn without_later_data(mut p: Project) -> Project {
    p.commitments.clear();
    for s in &mut p.segments {
        s.residents = None;
        s.residents_source.clear();
    }
    p
}

/// The demo project as a file in `dir`.
pub fn demo_store(dir: &Path) -> Store {
    Store::create_from(&dir.join("demo.medskapa"), &demo_project()).expect("create demo")
}

/// A file from `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

/// A second connection to the store's file, for reading (and planting) rows the way a
/// reference implementation or another program would. Foreign keys on, as the store has.
pub fn sql(store: &Store) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(store.path().expect("a project file"))
        .expect("open the project file");
    conn.execute_batch("PRAGMA foreign_keys = ON;")
        .expect("foreign keys");
    conn
}

/// The number of rows in `table`.
pub fn count(store: &Store, table: &str) -> i64 {
    sql(store)
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .expect("count")
}
