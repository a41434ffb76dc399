//! The database under a store: an SQLite file or a PostgreSQL database, behind one small
//! interface so that every table module writes its SQL once.
//!
//! SQL is written in the dialect both engines share, with SQLite's numbered placeholders
//! (`?1`, or anonymous `?` in order); the PostgreSQL side rewrites them to `$1`. Values go
//! in as [`Param`]s and come out through [`Row::get`], which reads what either engine
//! returns for the column (PostgreSQL's `int4` literal and `int8` count alike). The few
//! places where the engines differ ask [`Db::dialect`].
//!
//! A connection also knows who writes through it ([`Db::role`]) and the time of the
//! transaction it is in ([`Db::now`]): the values every write stamps on the rows it
//! creates or changes.

mod pg;
mod sqlite;

use std::cell::Cell;
use std::ops::Deref;
use std::path::{Path, PathBuf};

use crate::support::error::{CoreError, ErrorCode, Result};

pub(crate) use pg::{connect, redact, PgConn};

/// Which engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

/// One value bound to a placeholder.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Param<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    /// A list of texts: `= ANY(?1)` on PostgreSQL, a JSON array for `json_each(?1)` on SQLite.
    Texts(&'a [String]),
    /// A list of integers, as [`Param::Texts`].
    Ints(&'a [i64]),
    /// Bytes: a BLOB in a file, BYTEA on a server.
    Blob(&'a [u8]),
}

/// A Rust value that binds to a placeholder.
pub(crate) trait ToParam {
    fn param(&self) -> Param<'_>;
}

impl ToParam for str {
    fn param(&self) -> Param<'_> {
        Param::Text(self)
    }
}
impl ToParam for String {
    fn param(&self) -> Param<'_> {
        Param::Text(self)
    }
}
impl ToParam for i64 {
    fn param(&self) -> Param<'_> {
        Param::Int(*self)
    }
}
impl ToParam for i32 {
    fn param(&self) -> Param<'_> {
        Param::Int(i64::from(*self))
    }
}
impl ToParam for u32 {
    fn param(&self) -> Param<'_> {
        Param::Int(i64::from(*self))
    }
}
impl ToParam for bool {
    fn param(&self) -> Param<'_> {
        Param::Int(i64::from(*self))
    }
}
impl ToParam for f64 {
    fn param(&self) -> Param<'_> {
        Param::Real(*self)
    }
}
impl ToParam for [String] {
    fn param(&self) -> Param<'_> {
        Param::Texts(self)
    }
}
impl ToParam for Vec<String> {
    fn param(&self) -> Param<'_> {
        Param::Texts(self)
    }
}
impl ToParam for [i64] {
    fn param(&self) -> Param<'_> {
        Param::Ints(self)
    }
}
impl ToParam for Vec<i64> {
    fn param(&self) -> Param<'_> {
        Param::Ints(self)
    }
}
impl<T: ToParam + ?Sized> ToParam for &T {
    fn param(&self) -> Param<'_> {
        (**self).param()
    }
}
impl<T: ToParam> ToParam for Option<T> {
    fn param(&self) -> Param<'_> {
        match self {
            Some(v) => v.param(),
            None => Param::Null,
        }
    }
}
impl ToParam for Param<'_> {
    fn param(&self) -> Param<'_> {
        *self
    }
}

/// The placeholders' values, in order: `params![a, b]`.
macro_rules! params {
    ($($v:expr),* $(,)?) => {
        &[$($crate::store::db::ToParam::param(&$v)),*][..]
    };
}
pub(crate) use params;

/// A value read from a column of either engine.
pub(crate) trait FromColumn: Sized {
    fn sqlite(row: &rusqlite::Row, i: usize) -> Result<Self>;
    fn pg(row: &postgres::Row, i: usize) -> Result<Self>;
}

/// One row of a result.
pub(crate) enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Pg(&'a postgres::Row),
}

impl Row<'_> {
    /// Column `i` as `T`.
    pub fn get<T: FromColumn>(&self, i: usize) -> Result<T> {
        match self {
            Row::Sqlite(r) => T::sqlite(r, i),
            Row::Pg(r) => T::pg(r, i),
        }
    }
}

enum Backend {
    Sqlite(rusqlite::Connection),
    /// Boxed: a client with its statement cache is several times a file connection's size.
    Pg(Box<PgConn>),
}

/// A connection to a project's database.
pub(crate) struct Db {
    backend: Backend,
    /// Who writes: the login name for a file, the connected role on a server.
    role: String,
    /// The time the open transaction began (Unix seconds), if one is open.
    began: Cell<Option<i64>>,
    /// The project file, which every error from SQLite names.
    file: Option<PathBuf>,
}

/// The name of the person logged in to this computer; "okänd" when the system says none.
pub(crate) fn login_name() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "okänd".into())
}

/// A moment as the stamp columns hold it: RFC 3339 in UTC, to the second.
fn rfc3339(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

impl Db {
    /// A connection to the project file `file` (as the user named it: errors say so).
    pub fn sqlite(conn: rusqlite::Connection, file: &Path) -> Db {
        conn.set_prepared_statement_cache_capacity(64);
        Db {
            backend: Backend::Sqlite(conn),
            role: login_name(),
            began: Cell::new(None),
            file: Some(file.to_path_buf()),
        }
    }

    pub fn pg(conn: PgConn) -> Db {
        let role = conn.user.clone();
        Db {
            backend: Backend::Pg(Box::new(conn)),
            role,
            began: Cell::new(None),
            file: None,
        }
    }

    /// `e`, naming the project file when it comes from the database (the one error that
    /// does not otherwise say which file is meant).
    fn named(&self, e: CoreError) -> CoreError {
        match &self.file {
            Some(path) if is_database_error(e.code) => e.in_file(path),
            _ => e,
        }
    }

    /// Who writes through this connection, as the stamp columns name them.
    pub fn role(&self) -> &str {
        &self.role
    }

    /// Now, as the stamp columns hold it: the moment the open transaction began (so every
    /// row one edit touches carries the same time), else this moment.
    pub fn now(&self) -> String {
        rfc3339(
            self.began
                .get()
                .unwrap_or_else(|| chrono::Utc::now().timestamp()),
        )
    }

    pub fn dialect(&self) -> Dialect {
        match self.backend {
            Backend::Sqlite(_) => Dialect::Sqlite,
            Backend::Pg(_) => Dialect::Postgres,
        }
    }

    /// The SQLite connection, for what only a file has (pragmas, the backup API).
    pub fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.backend {
            Backend::Sqlite(c) => Some(c),
            Backend::Pg(_) => None,
        }
    }

    pub fn as_pg(&self) -> Option<&PgConn> {
        match &self.backend {
            Backend::Pg(c) => Some(c),
            Backend::Sqlite(_) => None,
        }
    }

    /// A file's page cache lets go of the pages not in use (a server keeps its own cache).
    pub fn let_go_of_cache(&self) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(_) => self.batch("PRAGMA shrink_memory;"),
            Backend::Pg(_) => Ok(()),
        }
    }

    /// The bytes a file's page cache holds for this connection (0 for a server).
    pub fn cache_used(&self) -> i32 {
        let Backend::Sqlite(conn) = &self.backend else {
            return 0;
        };
        let (mut used, mut high) = (0, 0);
        // SAFETY: the handle is the live connection's; the call only reads its counters.
        let rc = unsafe {
            rusqlite::ffi::sqlite3_db_status(
                conn.handle(),
                rusqlite::ffi::SQLITE_DBSTATUS_CACHE_USED,
                &mut used,
                &mut high,
                0,
            )
        };
        if rc == rusqlite::ffi::SQLITE_OK {
            used
        } else {
            0
        }
    }

    /// Run one statement; the number of rows it changed.
    pub fn execute(&self, sql: &str, params: &[Param]) -> Result<u64> {
        match &self.backend {
            Backend::Sqlite(c) => sqlite::execute(c, sql, params).map_err(|e| self.named(e)),
            Backend::Pg(c) => c.execute(sql, params),
        }
    }

    /// Run statements without parameters, separated by `;`.
    pub fn batch(&self, sql: &str) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(c) => c
                .execute_batch(sql)
                .map_err(|e| self.named(CoreError::from(e))),
            Backend::Pg(c) => c.batch(sql),
        }
    }

    /// Hand each row to `f` in order until it returns `false`.
    pub fn each(
        &self,
        sql: &str,
        params: &[Param],
        f: impl FnMut(&Row) -> Result<bool>,
    ) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(c) => sqlite::each(c, sql, params, f).map_err(|e| self.named(e)),
            Backend::Pg(c) => c.each(sql, params, f),
        }
    }

    /// Hand each row's first `N` columns, all text, to `f` in order until it returns
    /// `false`; a file's texts are lent, not copied, for passes that read many texts and
    /// keep few.
    pub fn each_texts<const N: usize>(
        &self,
        sql: &str,
        mut f: impl FnMut([&str; N]) -> Result<bool>,
    ) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(c) => sqlite::each_texts(c, sql, f).map_err(|e| self.named(e)),
            Backend::Pg(c) => c.each(sql, &[], |r| {
                let mut owned: [String; N] = std::array::from_fn(|_| String::new());
                for (i, t) in owned.iter_mut().enumerate() {
                    *t = r.get(i)?;
                }
                f(owned.each_ref().map(String::as_str))
            }),
        }
    }

    /// Every row, mapped by `f`.
    pub fn query<T>(
        &self,
        sql: &str,
        params: &[Param],
        mut f: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.each(sql, params, |r| {
            out.push(f(r)?);
            Ok(true)
        })?;
        Ok(out)
    }

    /// The first row, mapped by `f`, if there is one.
    pub fn row<T>(
        &self,
        sql: &str,
        params: &[Param],
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut f = Some(f);
        let mut out = None;
        self.each(sql, params, |r| {
            if let Some(f) = f.take() {
                out = Some(f(r)?);
            }
            Ok(false)
        })?;
        Ok(out)
    }

    /// Column 0 of the one row `sql` returns (a count, a sum).
    pub fn value<T: FromColumn>(&self, sql: &str, params: &[Param]) -> Result<T> {
        self.row(sql, params, |r| r.get(0))?.ok_or_else(|| {
            CoreError::new(ErrorCode::Db, format!("database error: no row from {sql}"))
        })
    }

    /// Start a write transaction; it is rolled back unless [`Tx::commit`] is called.
    ///
    /// A file's write transaction takes the write lock at once (`BEGIN IMMEDIATE`): while
    /// another program writes, it waits here for the busy timeout. A deferred one would
    /// read first and then fail at once, without waiting, when its first write found the
    /// other writer committing.
    pub fn begin(&self) -> Result<Tx<'_>> {
        match self.dialect() {
            Dialect::Sqlite => self.start("BEGIN IMMEDIATE"),
            Dialect::Postgres => self.start("BEGIN"),
        }
    }

    /// Start a transaction that only reads, and reads one state of the project throughout
    /// although others write meanwhile (a file's read lock; a server's snapshot).
    pub fn begin_snapshot(&self) -> Result<Tx<'_>> {
        match self.dialect() {
            Dialect::Sqlite => self.start("BEGIN"),
            Dialect::Postgres => self.start("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"),
        }
    }

    fn start(&self, begin: &str) -> Result<Tx<'_>> {
        self.batch(begin)?;
        self.began.set(Some(chrono::Utc::now().timestamp()));
        Ok(Tx {
            db: self,
            done: false,
        })
    }
}

/// Whether an error with `code` is about the database file itself rather than about an
/// item or a field.
fn is_database_error(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::Db
            | ErrorCode::Busy
            | ErrorCode::Damaged
            | ErrorCode::NotMedskapa
            | ErrorCode::ReadOnly
            | ErrorCode::Io
    )
}

/// An open transaction; derefs to its [`Db`]. Dropped without a commit, it rolls back.
pub(crate) struct Tx<'a> {
    db: &'a Db,
    done: bool,
}

impl Tx<'_> {
    pub fn commit(mut self) -> Result<()> {
        self.db.batch("COMMIT")?;
        self.done = true;
        self.db.began.set(None);
        Ok(())
    }
}

impl Deref for Tx<'_> {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.db.batch("ROLLBACK");
            self.db.began.set(None);
        }
    }
}
