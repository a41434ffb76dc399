//! Copies of a project: "save a copy" (SQLite's online backup API, safe while it is edited;
//! a project on a server is read in one transaction and written as a new file), the rolling
//! daily backups (the newest `keep` kept), and restoring one as a new project.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::store::{OpenOptions, Store};
use crate::support::error::{CoreError, ErrorCode, Result};
use crate::support::fsio::{same_file, Output};

use super::lock::is_locked;

/// How many daily backups are kept unless the caller says otherwise.
pub const DEFAULT_KEEP: usize = 14;

/// One rolling backup of a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupInfo {
    /// The file's name, e.g. `bibliotek-2027-03-14.medskapa`.
    pub file_name: String,
    /// The day it was made (`YYYY-MM-DD`).
    pub date: String,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub size: u64,
    /// Where it is; stays on the Rust side (the webview never names paths).
    #[serde(skip)]
    #[ts(skip)]
    pub path: PathBuf,
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

/// Copy the database behind `src` into a new file `tmp` with the online backup API.
fn backup_into(src: &Connection, tmp: &Path) -> Result<()> {
    let mut dst = Connection::open(tmp)
        .map_err(|e| CoreError::of(ErrorCode::Io, display(tmp), format!("cannot write: {e}")))?;
    // The copy is thrown away if this fails, so it needs no journal on disk (one more file
    // a killed process would leave behind).
    dst.execute_batch("PRAGMA synchronous = FULL; PRAGMA journal_mode = MEMORY;")?;
    {
        let backup = rusqlite::backup::Backup::new(src, &mut dst)?;
        // Copy in steps so a writer on the source is never blocked for long; changes made
        // by other connections restart the copy, changes through `src` are carried along.
        backup.run_to_completion(1024, std::time::Duration::from_millis(5), None)?;
    }
    dst.close().map_err(|(_, e)| CoreError::from(e))?;
    Ok(())
}

/// How a copy is written: a new file readable by its owner only, never over the open
/// project or one another Medskapa has open; `overwrite` or refuse an existing file.
fn copy_output<'a>(store_path: Option<&'a Path>, dest: &'a Path, overwrite: bool) -> Output<'a> {
    let output = Output::new(dest, super::output_guard(store_path)).private();
    if overwrite {
        output
    } else {
        output.new_file_only()
    }
}

/// Write a copy of `store` to `dest` atomically, from a file through the backup API, from
/// a server through its whole project read in one transaction.
fn copy_store_to(store: &Store, dest: &Path, overwrite: bool) -> Result<()> {
    let output = copy_output(store.path(), dest, overwrite);
    if let Some(conn) = store.db().as_sqlite() {
        return output.write_with(|tmp| backup_into(conn, tmp));
    }
    output.check()?;
    let project = store.load_project()?;
    output.write_with(|tmp| super::build_into(tmp, dest, &project))
}

impl Store {
    /// Save a copy of the project to `dest` through SQLite's online backup API: safe while
    /// the project is open and edited, and the copy holds every committed edit. Replaces
    /// an existing `dest` (the save dialog asks first), but never the open project itself
    /// nor a project another Medskapa has open.
    pub fn save_copy(&self, dest: &Path) -> Result<()> {
        if self.path().is_some_and(|p| same_file(p, dest)) {
            return Err(CoreError::of(
                ErrorCode::SameFile,
                display(dest),
                "is the open project itself; choose another name for the copy",
            ));
        }
        if is_locked(dest) {
            return Err(CoreError::of(
                ErrorCode::Locked,
                display(dest),
                "is open in another Medskapa; choose another name for the copy",
            ));
        }
        copy_store_to(self, dest, true)
    }
}

/// The name of the backup of project `stem` made on `date`.
pub fn backup_name(stem: &str, date: NaiveDate) -> String {
    format!("{stem}-{}.medskapa", date.format("%Y-%m-%d"))
}

/// A file's name without its extension; a server's database name.
fn project_stem(store: &Store) -> String {
    let stem = match store.location() {
        super::Location::File(path) => path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default(),
        super::Location::Server(address) => super::server::database_name(address),
    };
    if stem.is_empty() {
        "projekt".into()
    } else {
        stem
    }
}

/// The day's automatic backup of `store` in `dir` (created if missing): makes
/// `<stem>-YYYY-MM-DD.medskapa` unless today's exists, then deletes the oldest backups of
/// this project beyond `keep` (at least 1). Returns the new file, or `None` when today's
/// backup was already there.
pub fn rolling_backup(
    store: &Store,
    dir: &Path,
    today: NaiveDate,
    keep: usize,
) -> Result<Option<PathBuf>> {
    create_private_dir(dir).map_err(|e| {
        CoreError::of(
            ErrorCode::Io,
            display(dir),
            format!("cannot create the backup folder: {e}"),
        )
    })?;
    let stem = project_stem(store);
    let path = dir.join(backup_name(&stem, today));
    if path.exists() {
        return Ok(None);
    }
    if store.path().is_some_and(|p| same_file(p, &path)) {
        return Ok(None);
    }
    copy_store_to(store, &path, false)?;
    for old in list_backups(dir, &stem).into_iter().skip(keep.max(1)) {
        if old.path != path {
            let _ = std::fs::remove_file(&old.path);
        }
    }
    Ok(Some(path))
}

/// Create `dir` and any missing parents readable by their owner only (0700); an existing
/// folder is left as it is.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// The backups of project `stem` in `dir`, newest first. Other files are ignored.
pub fn list_backups(dir: &Path, stem: &str) -> Vec<BackupInfo> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let prefix = format!("{stem}-");
    let mut out: Vec<BackupInfo> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let date = name.strip_prefix(&prefix)?.strip_suffix(".medskapa")?;
            if date.len() != 10 || NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() {
                return None;
            }
            let meta = e.metadata().ok().filter(|m| m.is_file())?;
            Some(BackupInfo {
                file_name: name.clone(),
                date: date.to_string(),
                size: meta.len(),
                path: e.path(),
            })
        })
        .collect();
    out.sort_by(|a, b| b.date.cmp(&a.date));
    out
}

/// Check that `path` is a Medskapa project this version reads, without changing it.
fn open_backup(path: &Path) -> Result<Connection> {
    let name = display(path);
    super::check_file(path)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| CoreError::of(ErrorCode::Io, &name, e))?;
    super::check_schema(&conn, &name, "")?;
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| CoreError::of(ErrorCode::NotSqlite, &name, format!("unreadable: {e}")))?;
    if check != "ok" {
        return Err(CoreError::of(
            ErrorCode::Damaged,
            &name,
            format!("a damaged Medskapa project ({check})"),
        ));
    }
    Ok(conn)
}

/// Restore a backup as a new project file `dest`: the backup is checked to be a sound
/// Medskapa project first, and an existing `dest` is never overwritten. The backup itself
/// is not changed.
pub fn restore_backup(backup: &Path, dest: &Path) -> Result<()> {
    if dest.exists() {
        return Err(CoreError::of(
            ErrorCode::Exists,
            display(dest),
            "file already exists; choose another name",
        ));
    }
    let src = open_backup(backup)?;
    copy_output(None, dest, false).write_with(|tmp| backup_into(&src, tmp))?;
    drop(src);
    // Open it once as a project (this upgrades an older schema) to be sure it works.
    if let Err(e) = Store::open(dest, OpenOptions::default()) {
        let _ = std::fs::remove_file(dest);
        return Err(e);
    }
    Ok(())
}
