//! The single-writer lock: a file beside the project (`NAME.medskapa.lock`) that says who
//! has it open, taken over when the process that made it has ended.

use std::path::{Path, PathBuf};

use crate::support::error::{CoreError, ErrorCode, Result};

use super::display;

/// A held lock; dropping it removes the lock file.
pub(crate) struct Lock {
    path: PathBuf,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct LockInfo {
    pid: u32,
    user: String,
    host: String,
    since: String,
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

impl Lock {
    pub(crate) fn acquire(project: &Path) -> Result<Lock> {
        use std::io::Write;
        let path = lock_path(project);
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    let info = LockInfo {
                        pid: std::process::id(),
                        user: super::db::login_name(),
                        host: current_host(),
                        since: chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
                    };
                    let _ =
                        f.write_all(serde_json::to_string(&info).unwrap_or_default().as_bytes());
                    return Ok(Lock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    match serde_json::from_str::<LockInfo>(&text) {
                        Ok(info) if info.host == current_host() && !process_alive(info.pid) => {
                            // A stale lock from a process that has ended: take it over.
                            let _ = std::fs::remove_file(&path);
                            continue;
                        }
                        Ok(info) => {
                            return Err(CoreError::of(
                                ErrorCode::Locked,
                                display(project),
                                format!(
                                "already open in another Medskapa by {}@{} (process {}) since {}",
                                info.user, info.host, info.pid, info.since
                            ),
                            ))
                        }
                        Err(_) => {
                            return Err(CoreError::of(
                                ErrorCode::Locked,
                                display(project),
                                format!(
                                    "already open in another Medskapa (lock file {})",
                                    display(&path)
                                ),
                            ))
                        }
                    }
                }
                Err(e) => {
                    return Err(CoreError::of(
                        ErrorCode::Io,
                        display(&path),
                        format!("cannot create lock file: {e}"),
                    ))
                }
            }
        }
        Err(CoreError::of(
            ErrorCode::Locked,
            display(project),
            "already open in another Medskapa",
        ))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// True when `project` is held open by a Medskapa that still runs: its lock file is there
/// and was not left by a process on this computer that has ended. Reads, never changes it.
/// A lock file that cannot be read or is not a regular file counts as held.
pub fn is_locked(project: &Path) -> bool {
    let path = lock_path(project);
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return false;
    };
    if !meta.is_file() {
        return true;
    }
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    match serde_json::from_str::<LockInfo>(&text) {
        Ok(info) => info.host != current_host() || process_alive(info.pid),
        Err(_) => true,
    }
}
