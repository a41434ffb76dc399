//! The project store: one SQLite file, or one PostgreSQL database, per project. This module
//! owns opening, creating and migrating a file, the one write transaction helper, and the
//! `meta` table; `server` does the same for a database on a server, and `db` hides which
//! of the two a table module talks to.
//!
//! In a file, `application_id` marks our files and `user_version` carries the schema
//! version. Migrations are embedded and run in one transaction after a backup copy of the
//! file. Each table has its own module with its row mapping, reads and writes; nothing
//! outside `store` sees SQL, rusqlite or postgres.

pub mod backup;
pub mod commitments;
pub mod conflicts;
pub mod dialogues;
pub mod embeddings;
pub mod listen;
pub mod merge;
pub mod pickers;
pub mod search;
pub mod server;
pub mod stamps;
pub mod undo;

mod activities;
mod db;
mod decisions;
mod effect_goals;
mod insights;
mod ladder;
mod lock;
mod merge_needs;
mod needs;
mod project;
mod questions;
mod rows;
mod segments;
mod survey;
mod tags;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::domain::model::*;
use crate::domain::validate;
use crate::support::error::{Context, CoreError, ErrorCode, Result};
use crate::support::fsio::{Guard, Output};

use db::{params, Db, Tx};
pub use lock::is_locked;
use lock::Lock;

pub use crate::domain::validate::new_id;
pub use activities::ActivitySheetRow;
pub use needs::NeedSheetRow;
pub(crate) use project::rule_warnings_with;
pub use survey::{ImportNames, NeedImport};

/// "MSKP" — marks a SQLite file as a Medskapa project.
pub const APPLICATION_ID: i32 = 0x4D53_4B50;
/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = 3;

/// Embedded migrations; index `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("schema/v1.sql"),
    include_str!("schema/v2.sql"),
    include_str!("schema/v3.sql"),
];

pub struct Store {
    db: Db,
    location: Location,
    read_only: bool,
    _lock: Option<Lock>,
    /// Undo steps for the needs workspace (this session only), most recent last.
    undo: Vec<crate::store::undo::Undoable>,
}

/// Where a project lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A `.medskapa` file.
    File(PathBuf),
    /// A database on a PostgreSQL server, by its address (never with a password).
    Server(String),
}

impl Location {
    /// What a command line or a dialog was given: a PostgreSQL address, or else a file.
    pub fn of(arg: &Path) -> Location {
        match arg.to_str() {
            Some(s) if server::is_address(s) => Location::Server(s.to_string()),
            _ => Location::File(arg.to_path_buf()),
        }
    }
}

/// A file's path; a server's address without any password in it.
impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::File(p) => write!(f, "{}", p.display()),
            Location::Server(a) => f.write_str(&db::redact(a)),
        }
    }
}

/// How a project is opened.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenOptions {
    /// Take the single-writer lock (the GUI does; read-only CLI commands need not).
    pub lock: bool,
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// What an output must not replace: `open_project` (the file it is made from, if any) and
/// any project another Medskapa holds open.
pub fn output_guard(open_project: Option<&Path>) -> Guard<'_> {
    Guard {
        open_project,
        is_locked,
    }
}

/// How long a statement waits while another program writes to the file before it fails
/// as [`ErrorCode::Busy`].
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA journal_mode = DELETE;",
    )?;
    // A page cache of up to 8 MB instead of SQLite's 2 MB: the tag index and the need
    // table's hot pages of a 100,000-need project stay in memory between queries. At 32 MB
    // the needs filters were within 5 % of their times here and the app held 24 MB more;
    // at 2 MB a page by tag took 1.4× as long. Memory is taken only as pages are read.
    conn.execute_batch("PRAGMA cache_size = -8192;")?;
    Ok(())
}

fn exists_error(path: &Path) -> CoreError {
    CoreError::of(
        ErrorCode::Exists,
        display(path),
        "file already exists; choose another name",
    )
}

/// Refuse what is not an SQLite file (missing, a folder, another kind of file) before
/// SQLite sees it; the file's metadata otherwise.
pub(crate) fn check_file(path: &Path) -> Result<std::fs::Metadata> {
    let name = display(path);
    let meta = std::fs::metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            CoreError::of(ErrorCode::Missing, &name, "no such file")
        } else {
            CoreError::of(ErrorCode::Io, &name, e)
        }
    })?;
    if meta.is_dir() {
        return Err(CoreError::of(
            ErrorCode::NotSqlite,
            &name,
            "is a folder, not a Medskapa project",
        ));
    }
    if !meta.is_file() {
        // Opening a FIFO would wait for a writer forever; a device is never a project.
        return Err(CoreError::of(
            ErrorCode::NotSqlite,
            &name,
            "is not a regular file (a pipe, device or socket), not a Medskapa project",
        ));
    }
    let mut header = [0u8; 16];
    let mut f = std::fs::File::open(path).map_err(|e| CoreError::of(ErrorCode::Io, &name, e))?;
    let n = std::io::Read::read(&mut f, &mut header).unwrap_or(0);
    if n < 16 || &header != b"SQLite format 3\0" {
        return Err(CoreError::of(
            ErrorCode::NotSqlite,
            &name,
            "not a Medskapa project (not an SQLite database)",
        ));
    }
    Ok(meta)
}

/// Refuse an SQLite database that is not a Medskapa project, or one made by a newer
/// version (`too_new_hint` ends that message). Returns the schema version.
pub(crate) fn check_schema(conn: &Connection, name: &str, too_new_hint: &str) -> Result<i32> {
    let unreadable = |e: rusqlite::Error| match CoreError::from(e) {
        // Another program writing to it is no reason to call the file unreadable.
        e if e.code == ErrorCode::Busy => e.about(name),
        e => CoreError::of(
            ErrorCode::NotSqlite,
            name,
            format!("unreadable: {}", e.message),
        ),
    };
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(unreadable)?;
    if app_id != APPLICATION_ID {
        return Err(CoreError::of(
            ErrorCode::NotMedskapa,
            name,
            "an SQLite database, but not a Medskapa project",
        ));
    }
    let version: i32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(unreadable)?;
    if version > SCHEMA_VERSION {
        return Err(CoreError::of(
            ErrorCode::TooNew,
            name,
            format!(
                "made by a newer Medskapa (schema {version}, this version reads up to {SCHEMA_VERSION}){too_new_hint}"
            ),
        ));
    }
    if version < 1 {
        return Err(CoreError::of(
            ErrorCode::NotMedskapa,
            name,
            "a damaged Medskapa project (no schema version)",
        ));
    }
    Ok(version)
}

/// Make the project file holding `project` at `tmp` (a new, empty file that becomes
/// `path`; errors name `path`).
pub(crate) fn build_into(tmp: &Path, path: &Path, project: &Project) -> Result<()> {
    let conn = Connection::open(tmp).map_err(|e| CoreError::of(ErrorCode::Io, display(path), e))?;
    configure(&conn)?;
    // The file is thrown away if this fails, so it needs no journal on disk (a journal
    // would be one more file a killed process leaves behind).
    conn.execute_batch("PRAGMA journal_mode = MEMORY;")?;
    let db = Db::sqlite(conn, path);
    let tx = db.begin()?;
    tx.batch(&format!("PRAGMA application_id = {APPLICATION_ID};"))?;
    for m in MIGRATIONS {
        tx.batch(m)?;
    }
    tx.batch(&format!("PRAGMA user_version = {SCHEMA_VERSION};"))?;
    project::write_project(&tx, project)?;
    tx.commit()?;
    drop(db);
    Ok(())
}

impl Store {
    /// Create an empty project. Refuses to overwrite an existing file.
    pub fn create(path: &Path, name: &str) -> Result<Store> {
        let mut p = Project::default();
        p.project.name = name.to_string();
        Self::create_from(path, &p)
    }

    /// Create a project file holding `project` (already validated). The file is built
    /// under a temporary name and renamed into place, so an error leaves nothing behind.
    pub fn create_from(path: &Path, project: &Project) -> Result<Store> {
        if path.exists() {
            return Err(exists_error(path));
        }
        Output::new(path, output_guard(None))
            .private()
            .new_file_only()
            .write_with(|tmp| build_into(tmp, path, project))?;
        Self::open(path, OpenOptions::default())
    }

    /// Open the project at `location`: a file (as [`Store::open`]) or a database on a server
    /// (as [`Store::open_server`], with the password from the environment or `~/.pgpass`).
    pub fn open_at(location: &Location, opts: OpenOptions) -> Result<Store> {
        match location {
            Location::File(path) => Store::open(path, opts),
            Location::Server(address) => Store::open_server(address, None),
        }
    }

    /// Open an existing project, refusing anything that is not one, and migrating an
    /// older schema (after a backup copy).
    pub fn open(path: &Path, opts: OpenOptions) -> Result<Store> {
        let meta = check_file(path)?;
        let read_only = meta.permissions().readonly();
        let flags = if read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let name = display(path);
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| CoreError::of(ErrorCode::Io, &name, e))?;
        // Wait, rather than fail, while another program writes, from the first read on.
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(CoreError::from)
            .in_file(path)?;
        let version = check_schema(&conn, &name, "; update Medskapa to open it")?;
        let lock = if opts.lock && !read_only {
            Some(Lock::acquire(path)?)
        } else {
            None
        };
        configure(&conn).in_file(path)?;
        let mut store = Store {
            db: Db::sqlite(conn, path),
            location: Location::File(path.to_path_buf()),
            read_only,
            _lock: lock,
            undo: Vec::new(),
        };
        if version < SCHEMA_VERSION {
            if read_only {
                return Err(CoreError::of(
                    ErrorCode::ReadOnly,
                    &name,
                    "an older project that must be upgraded, but the file is read-only",
                ));
            }
            store.migrate(path, version)?;
        }
        Ok(store)
    }

    fn migrate(&mut self, path: &Path, from: i32) -> Result<()> {
        let backup = path.with_extension(format!("v{from}.bak"));
        std::fs::copy(path, &backup).map_err(|e| {
            CoreError::of(
                ErrorCode::Io,
                display(&backup),
                format!("cannot write backup before upgrading: {e}"),
            )
        })?;
        let upgrade = || -> Result<()> {
            let tx = self.db.begin()?;
            for m in &MIGRATIONS[from as usize..] {
                tx.batch(m)?;
            }
            tx.batch(&format!("PRAGMA user_version = {SCHEMA_VERSION};"))?;
            tx.commit()
        };
        upgrade().map_err(|e| {
            CoreError::of(
                e.code,
                display(path),
                format!(
                    "cannot upgrade from schema {from} to {SCHEMA_VERSION}, nothing was changed: {}",
                    e.message
                ),
            )
        })
    }

    /// Where the project lives.
    pub fn location(&self) -> &Location {
        &self.location
    }
    /// What an output made from this project must not replace (see [`output_guard`]).
    pub fn output_guard(&self) -> Guard<'_> {
        output_guard(self.path())
    }
    /// The project's file; `None` for a project on a server.
    pub fn path(&self) -> Option<&Path> {
        match &self.location {
            Location::File(p) => Some(p),
            Location::Server(_) => None,
        }
    }
    pub fn read_only(&self) -> bool {
        self.read_only
    }
    fn db(&self) -> &Db {
        &self.db
    }
    /// Let go of the file's cached pages (up to 8 MB), as when the project has not been
    /// read for a while: the next read takes them from the system's file cache again.
    pub fn let_go_of_cache(&self) -> Result<()> {
        self.db.let_go_of_cache()
    }
    /// The bytes of the file's pages this connection keeps cached (0 for a server).
    pub fn cache_used(&self) -> usize {
        usize::try_from(self.db.cache_used()).unwrap_or(0)
    }

    fn writable(&self) -> Result<()> {
        if self.read_only {
            Err(CoreError::new(
                ErrorCode::ReadOnly,
                "the project is open read-only; save a copy to edit it",
            ))
        } else {
            Ok(())
        }
    }

    /// The write transaction every edit runs in: refused on a read-only project, and
    /// rolled back unless committed, so a refused edit changes nothing.
    fn tx(&mut self) -> Result<Tx<'_>> {
        self.writable()?;
        self.db.begin()
    }

    pub fn project_info(&self) -> Result<ProjectInfo> {
        project::info(&self.db)
    }

    pub fn set_project_info(&self, info: &ProjectInfo) -> Result<()> {
        self.writable()?;
        validate::project_info(info)?;
        project::put_info(&self.db, info)
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        meta(&self.db, key)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.writable()?;
        put_meta(&self.db, key, value)
    }

    /// Refuse a damaged file before a bulk write (an import, a merge, a bulk delete or
    /// tagging): writing into a file with a damaged page can spread the damage. Runs in
    /// `tx`, the write transaction about to write, so nothing changes in between.
    fn bulk_tx(&mut self) -> Result<Tx<'_>> {
        let name = self.location.to_string();
        let tx = self.tx()?;
        sound(&tx, name)?;
        Ok(tx)
    }

    /// Refuse a damaged project: `PRAGMA quick_check` on a file (a server keeps its own
    /// integrity). The error names the file and the first problem found.
    ///
    /// Not run on every open: at 100,000 needs it takes 110–150 ms, more than opening may
    /// cost. It runs before every bulk write, and in the command line's `check` and
    /// `export`.
    pub fn check_sound(&self) -> Result<()> {
        sound(&self.db, self.location.to_string())
    }

    /// `PRAGMA integrity_check` — "ok" for a sound file; a server keeps its own integrity.
    pub fn integrity_check(&self) -> Result<String> {
        match self.db.dialect() {
            db::Dialect::Sqlite => self.db.value("PRAGMA integrity_check", &[]),
            db::Dialect::Postgres => Ok("ok".into()),
        }
    }
}

fn sound(db: &Db, name: String) -> Result<()> {
    if db.dialect() != db::Dialect::Sqlite {
        return Ok(());
    }
    let report: Vec<String> = db.query("PRAGMA quick_check(5)", &[], |r| r.get(0))?;
    match report.first() {
        Some(ok) if ok == "ok" => Ok(()),
        _ => Err(CoreError::of(
            ErrorCode::Damaged,
            name,
            format!(
                "the file is damaged ({}); nothing was written to it. Restore a backup",
                report
                    .join("; ")
                    .replace("*** in database main ***", "")
                    .replace('\n', " ")
                    .trim()
            ),
        )),
    }
}

/// One value of the `meta` table.
fn meta(db: &Db, key: &str) -> Result<Option<String>> {
    db.row("SELECT value FROM meta WHERE key = ?1", params![key], |r| {
        r.get(0)
    })
}

/// Set one value of the `meta` table.
fn put_meta(db: &Db, key: &str, value: &str) -> Result<()> {
    db.execute(
        "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

impl From<rusqlite::Error> for CoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as Sqlite;
        match &e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == Sqlite::ReadOnly => {
                CoreError::new(ErrorCode::ReadOnly, "the project is open read-only")
            }
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == Sqlite::DatabaseBusy || f.code == Sqlite::DatabaseLocked =>
            {
                CoreError::new(
                    ErrorCode::Busy,
                    "the project is busy: another program is writing to it; try again",
                )
            }
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == Sqlite::DatabaseCorrupt || f.code == Sqlite::NotADatabase =>
            {
                CoreError::new(
                    ErrorCode::Damaged,
                    format!("the file is damaged ({e}); restore a backup"),
                )
            }
            rusqlite::Error::SqliteFailure(_, Some(m))
                if m.starts_with("no such table") || m.starts_with("no such column") =>
            {
                CoreError::new(
                    ErrorCode::NotMedskapa,
                    format!("not a Medskapa project, or a damaged one ({m})"),
                )
            }
            _ => CoreError::new(ErrorCode::Db, format!("database error: {e}")),
        }
    }
}
