//! The single-writer lock: a file beside the project (`NAME.medskapa.lock`) that a writer
//! holds an OS advisory lock on for as long as it has the project open, and that says who
//! that is.
//!
//! The advisory lock decides: two processes can never both hold it, and the OS releases it
//! when a process ends, however it ends. The file's contents (pid, user, host, since) only
//! word the refusal. Lock files written before the advisory lock existed are honoured while
//! the process named in them is alive on this computer.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::error::{CoreError, ErrorCode, Result};

use super::display;

/// How often to try again when the lock file was deleted or replaced between opening and
/// locking it (each time by a holder that has just let go).
const ATTEMPTS: usize = 20;

/// A held lock: the lock file, open and locked. Dropping it deletes the file while still
/// holding the lock, then lets the OS release it.
pub(crate) struct Lock {
    path: PathBuf,
    file: File,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct LockInfo {
    pid: u32,
    user: String,
    host: String,
    since: String,
    /// Written by a Medskapa that holds an advisory lock on the file; an older one did not,
    /// and only its pid says whether its lock is stale.
    #[serde(default)]
    advisory: bool,
}

/// The lock file of `project`.
pub(crate) fn lock_path(project: &Path) -> PathBuf {
    let mut s = project.as_os_str().to_owned();
    s.push(".lock");
    PathBuf::from(s)
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        // Without a portable liveness check, trust the lock.
        true
    }
}

fn current_host() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|s| s.trim().to_string())
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .unwrap_or_default()
}

/// Whether `path` still names the file open as `file`: another process may have deleted
/// the lock file (or deleted it and made a new one) after it was opened here.
#[cfg(unix)]
fn still_named(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Windows does not let a file that is open be deleted and replaced under its name, as std
/// opens files; there the open handle is the named file.
#[cfg(not(unix))]
fn still_named(_file: &File, path: &Path) -> bool {
    path.exists()
}

fn read_info(file: &mut File) -> Option<LockInfo> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.read_to_string(&mut text).ok()?;
    serde_json::from_str(&text).ok()
}

/// The refusal when another Medskapa holds the lock, naming who, when the file says so.
fn held_by(project: &Path, path: &Path, info: Option<LockInfo>) -> CoreError {
    match info {
        Some(info) => CoreError::of(
            ErrorCode::Locked,
            display(project),
            format!(
                "already open in another Medskapa by {}@{} (process {}) since {}",
                info.user, info.host, info.pid, info.since
            ),
        ),
        None => CoreError::of(
            ErrorCode::Locked,
            display(project),
            format!(
                "already open in another Medskapa (lock file {})",
                display(path)
            ),
        ),
    }
}

fn io_error(path: &Path, what: &str, e: impl std::fmt::Display) -> CoreError {
    CoreError::of(ErrorCode::Io, display(path), format!("{what}: {e}"))
}

impl Lock {
    /// Take the lock of `project`, or say who holds it.
    pub(crate) fn acquire(project: &Path) -> Result<Lock> {
        let path = lock_path(project);
        let mut busy_tries = 2;
        for _ in 0..ATTEMPTS {
            let mut file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| io_error(&path, "cannot create lock file", e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) if busy_tries > 0 => {
                    // Perhaps only `is_locked` looking, for a moment: look again.
                    busy_tries -= 1;
                    std::thread::sleep(Duration::from_millis(20));
                    continue;
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(held_by(project, &path, info_of_holder(&mut file)));
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(io_error(&path, "cannot lock lock file", e));
                }
            }
            if !still_named(&file, &path) {
                // Locked a file its holder deleted on letting go: open the new one.
                continue;
            }
            if let Some(old) = read_info(&mut file) {
                if !old.advisory && (old.host != current_host() || process_alive(old.pid)) {
                    // An older Medskapa that knows only the file, still running.
                    return Err(held_by(project, &path, Some(old)));
                }
            }
            let info = LockInfo {
                pid: std::process::id(),
                user: super::db::login_name(),
                host: current_host(),
                since: chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
                advisory: true,
            };
            let text = serde_json::to_string(&info).unwrap_or_default();
            file.set_len(0)
                .and_then(|()| file.rewind())
                .and_then(|()| file.write_all(text.as_bytes()))
                .and_then(|()| file.sync_data())
                .map_err(|e| io_error(&path, "cannot write lock file", e))?;
            return Ok(Lock { path, file });
        }
        Err(CoreError::of(
            ErrorCode::Locked,
            display(project),
            "already open in another Medskapa (its lock file keeps changing)",
        ))
    }
}

/// Who holds the lock on `file`: they write it just after locking, so wait a moment for
/// that before wording the refusal without a name.
fn info_of_holder(file: &mut File) -> Option<LockInfo> {
    for _ in 0..10 {
        if let Some(info) = read_info(file) {
            return Some(info);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Only the holder deletes the file, and only while it holds the lock; the lock is
        // released when `file` closes.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// True when `project` is held open by a Medskapa that still runs: another process holds the
/// advisory lock on its lock file, or the file was written by an older Medskapa (which knew
/// no advisory lock) that has not ended. Never changes the file.
/// A lock file that cannot be read or is not a regular file counts as held.
pub fn is_locked(project: &Path) -> bool {
    let path = lock_path(project);
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return false;
    };
    if !meta.is_file() {
        return true;
    }
    let Ok(mut file) = File::open(&path) else {
        return true;
    };
    // A shared lock, and only for a moment: a Medskapa taking the lock meanwhile tries
    // again rather than calling it held.
    if file.try_lock_shared().is_err() {
        return true;
    }
    let held = if meta.len() == 0 {
        // Just created by a Medskapa about to lock it, or left empty: nobody holds it.
        false
    } else {
        match read_info(&mut file) {
            Some(info) if info.advisory => false,
            Some(info) => info.host != current_host() || process_alive(info.pid),
            None => true,
        }
    };
    let _ = file.unlock();
    held
}
