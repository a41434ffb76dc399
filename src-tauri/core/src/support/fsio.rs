//! Reading input files and writing output files: whole, atomically, or through stdio.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::support::error::{CoreError, ErrorCode, Result};

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

/// Write an output file atomically (temporary file, then rename), or stdout for `-`.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(bytes)
            .and_then(|_| out.flush())
            .map_err(|e| CoreError::new(ErrorCode::Io, format!("stdout: {e}")));
    }
    if let Ok(meta) = std::fs::metadata(path) {
        if !meta.is_file() && !meta.is_dir() {
            // A device or a pipe (`/dev/null`, a FIFO) would be replaced by the rename.
            return Err(CoreError::of(
                ErrorCode::Io,
                path.display(),
                "is not a regular file; write to a file, or to - for standard output",
            ));
        }
    }
    write_atomic(path, bytes)
}

/// Write `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.display().to_string();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(CoreError::of(
            ErrorCode::Io,
            &name,
            format!("cannot write: folder {} does not exist", dir.display()),
        ));
    }
    if path.is_dir() {
        return Err(CoreError::of(ErrorCode::Io, &name, "is a folder"));
    }
    let file_name = path
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{file_name}.{}.part", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        CoreError::of(ErrorCode::Io, &name, format!("cannot write: {e}"))
    })
}
