//! Reading input files and writing output files: whole, atomically, or through stdio.
//!
//! Every file Medskapa writes goes through [`Output`]: it refuses the open project, a
//! project another Medskapa holds open, a folder and anything that is not a regular file;
//! builds the file under an unpredictable temporary name created exclusively beside the
//! target (so a planted link is never followed), keeps an existing file's permissions,
//! syncs, and renames it into place. Temporary files left by a process that was killed
//! are removed by the next write to the same name.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::error::{CoreError, ErrorCode, Result};

/// How many random characters a temporary name carries.
const RANDOM_CHARS: usize = 8;

/// A temporary file of a dead process is removed once it is this old: a writer on another
/// computer (a shared folder) has a process id this one cannot check, but it keeps writing.
const LEFTOVER_AGE: Duration = Duration::from_secs(10 * 60);

/// Read a whole input file, or stdin for `-`.
pub fn read_input(path: &Path) -> Result<String> {
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
            .map_err(|e| CoreError::new(ErrorCode::Io, format!("stdin: {e}")))?;
        buf
    } else {
        std::fs::read(path).map_err(|e| {
            CoreError::of(ErrorCode::Io, path.display(), format!("cannot read: {e}"))
        })?
    };
    String::from_utf8(bytes)
        .map_err(|_| CoreError::of(ErrorCode::Invalid, path.display(), "not UTF-8 text"))
}

/// What an output must never replace: the project it is made from (under any spelling of
/// its path), and a project another Medskapa holds open.
#[derive(Clone, Copy)]
pub struct Guard<'a> {
    /// The open project, when the output is made from a project file.
    pub open_project: Option<&'a Path>,
    /// Whether a file is a project held open by a live process (`store::is_locked`).
    pub is_locked: fn(&Path) -> bool,
}

fn never_locked(_: &Path) -> bool {
    false
}

impl Guard<'static> {
    /// No project to protect: for the app's own files (its settings).
    pub const NONE: Guard<'static> = Guard {
        open_project: None,
        is_locked: never_locked,
    };
}

/// One file to write: where, what it must not replace, and how a new one is made.
#[derive(Clone, Copy)]
pub struct Output<'a> {
    path: &'a Path,
    guard: Guard<'a>,
    private: bool,
    replace: bool,
}

impl<'a> Output<'a> {
    /// An output that may replace an existing file (the save dialog has asked); a new file
    /// gets the usual permissions (0666 less the umask).
    pub fn new(path: &'a Path, guard: Guard<'a>) -> Output<'a> {
        Output {
            path,
            guard,
            private: false,
            replace: true,
        }
    }

    /// A new file is readable by its owner only (0600): projects and backups.
    pub fn private(self) -> Output<'a> {
        Output {
            private: true,
            ..self
        }
    }

    /// Refuse an existing file instead of replacing it.
    pub fn new_file_only(self) -> Output<'a> {
        Output {
            replace: false,
            ..self
        }
    }

    /// Refuse a target this output must not write, before anything is made.
    pub fn check(&self) -> Result<()> {
        let path = self.path;
        let name = path.display().to_string();
        if path.file_name().is_none() {
            return Err(CoreError::of(ErrorCode::Io, &name, "is not a file name"));
        }
        let dir = folder(path);
        if !dir.is_dir() {
            return Err(CoreError::of(
                ErrorCode::Io,
                &name,
                format!("cannot write: folder {} does not exist", dir.display()),
            ));
        }
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.is_dir() {
                return Err(CoreError::of(ErrorCode::Io, &name, "is a folder"));
            }
            if !meta.is_file() {
                // A device or a pipe (`/dev/full`, a FIFO) would be replaced by the rename.
                return Err(CoreError::of(
                    ErrorCode::Io,
                    &name,
                    "is not a regular file; write to a file, or to - for standard output",
                ));
            }
        }
        if !self.replace && std::fs::symlink_metadata(path).is_ok() {
            return Err(CoreError::of(
                ErrorCode::Exists,
                &name,
                "file already exists; choose another name",
            ));
        }
        if self.guard.open_project.is_some_and(|p| same_file(p, path)) {
            return Err(CoreError::of(
                ErrorCode::SameFile,
                &name,
                "is the open project itself; write to another file",
            ));
        }
        let locked = self.guard.is_locked;
        if locked(path) || resolve(path).is_some_and(|p| locked(&p)) {
            return Err(CoreError::of(
                ErrorCode::Locked,
                &name,
                "is a project open in another Medskapa; write to another file",
            ));
        }
        Ok(())
    }

    /// Write `bytes` to the file.
    pub fn write(&self, bytes: &[u8]) -> Result<()> {
        self.write_via(|file, _| {
            file.write_all(bytes)
                .map_err(|e| self.error(format!("cannot write: {e}")))
        })
    }

    /// Write the file through its temporary path: `fill` makes the whole file there (an
    /// SQLite database, say) and closes it before it returns.
    pub fn write_with(&self, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
        self.write_via(|_, tmp| fill(tmp))
    }

    fn error(&self, detail: impl std::fmt::Display) -> CoreError {
        CoreError::of(ErrorCode::Io, self.path.display(), detail)
    }

    fn write_via(&self, fill: impl FnOnce(&mut File, &Path) -> Result<()>) -> Result<()> {
        self.check()?;
        let dir = folder(self.path);
        let file_name = self
            .path
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default();
        remove_leftovers(&dir, &file_name);
        let prefix = format!(".{file_name}.{}.", std::process::id());
        let mut builder = tempfile::Builder::new();
        builder
            .prefix(&prefix)
            .suffix(".tmp")
            .rand_bytes(RANDOM_CHARS);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = if self.private { 0o600 } else { 0o666 };
            builder.permissions(std::fs::Permissions::from_mode(mode));
        }
        // Created with O_EXCL under a random name: an existing file or link is never opened.
        let mut tmp = builder
            .tempfile_in(&dir)
            .map_err(|e| self.error(format!("cannot write: {e}")))?;
        let tmp_path = tmp.path().to_path_buf();
        fill(tmp.as_file_mut(), &tmp_path)?;
        if self.replace {
            if let Ok(meta) = std::fs::metadata(self.path) {
                std::fs::set_permissions(&tmp_path, meta.permissions())
                    .map_err(|e| self.error(format!("cannot keep its permissions: {e}")))?;
            }
        }
        tmp.as_file()
            .sync_all()
            .map_err(|e| self.error(format!("cannot write: {e}")))?;
        // Once more just before the rename: the target may have changed meanwhile.
        self.check()?;
        let placed = if self.replace {
            tmp.persist(self.path)
        } else {
            tmp.persist_noclobber(self.path)
        };
        placed.map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                CoreError::of(
                    ErrorCode::Exists,
                    self.path.display(),
                    "file already exists; choose another name",
                )
            } else {
                self.error(format!("cannot write: {}", e.error))
            }
        })?;
        sync_folder(&dir);
        Ok(())
    }
}

/// Write an output file atomically, or stdout for `-`.
pub fn write_output(path: &Path, bytes: &[u8], guard: Guard) -> Result<()> {
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(bytes)
            .and_then(|_| out.flush())
            .map_err(|e| CoreError::new(ErrorCode::Io, format!("stdout: {e}")));
    }
    Output::new(path, guard).write(bytes)
}

/// Write one of the app's own files (its settings), which no project can be.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    Output::new(path, Guard::NONE).write(bytes)
}

/// The folder a file goes in (`.` for a bare name).
fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The one spelling of `path`: its folder resolved, then its name (the file need not exist).
fn resolve(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok().or_else(|| {
        let dir = std::fs::canonicalize(folder(path)).ok()?;
        Some(dir.join(path.file_name()?))
    })
}

/// True when `a` and `b` are the same file, however each is spelled.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    matches!((resolve(a), resolve(b)), (Some(x), Some(y)) if x == y)
}

fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// True while process `pid` runs on this computer (unknown elsewhere: assume it does).
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// The process id in the name of a temporary file made for `.NAME.` (the part after it):
/// `PID.RANDOM.tmp`, or the names earlier versions used (`PID.tmp`, `PID.part`), each
/// also with SQLite's `-journal`.
fn leftover_pid(rest: &str) -> Option<u32> {
    let rest = rest.strip_suffix("-journal").unwrap_or(rest);
    let (pid, tail) = rest.split_once('.')?;
    let ours = tail == "tmp"
        || tail == "part"
        || tail.strip_suffix(".tmp").is_some_and(|r| {
            r.len() == RANDOM_CHARS && r.chars().all(|c| c.is_ascii_alphanumeric())
        });
    if !ours || pid.is_empty() || !pid.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Remove the temporary files for `file_name` in `dir` that a process which has ended left
/// behind (killed while writing): regular files only, and only once they are old.
pub fn remove_leftovers(dir: &Path, file_name: &str) {
    let prefix = format!(".{file_name}.");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(leftover_pid)
        else {
            continue;
        };
        if pid == std::process::id() || process_alive(pid) {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age >= LEFTOVER_AGE);
        if meta.is_file() && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::leftover_pid;

    #[test]
    fn temporary_names_of_this_and_earlier_versions_are_recognised() {
        assert_eq!(leftover_pid("123.tmp"), Some(123));
        assert_eq!(leftover_pid("123.tmp-journal"), Some(123));
        assert_eq!(leftover_pid("123.part"), Some(123));
        assert_eq!(leftover_pid("123.aB3xYz9Q.tmp"), Some(123));
        assert_eq!(leftover_pid("123.aB3xYz9Q.tmp-journal"), Some(123));
        assert_eq!(leftover_pid("v1.bak"), None);
        assert_eq!(leftover_pid("123.a/b.tmp"), None);
        assert_eq!(leftover_pid("12x.tmp"), None);
        assert_eq!(leftover_pid("123.notes.txt"), None);
    }
}
