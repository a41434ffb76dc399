//! The one error type of the core. It crosses IPC as `{code, message}`.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CoreError {
    /// A stable machine-readable code, e.g. `not_sqlite`, `invalid`, `locked`.
    pub code: String,
    /// One readable line that names the file or field and what is wrong.
    pub message: String,
    /// The form field a validation error belongs to, e.g. `needed_by`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

impl CoreError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        CoreError {
            code: code.into(),
            message: message.into(),
            field: None,
        }
    }
    /// A validation error that belongs to one form field.
    /// `code` says why (`required`, `not_a_date`, `not_a_time`, `negative`,
    /// `end_before_start`, `cycle`, `too_long`, `unknown_ref`), so the UI can word it in
    /// its language; `message` is the English text the CLI prints.
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        CoreError {
            code: code.into(),
            message: message.into(),
            field: Some(field.into()),
        }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new("invalid", message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new("not_found", message)
    }
}

impl std::fmt::Display for CoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CoreError {}

impl From<rusqlite::Error> for CoreError {
    fn from(e: rusqlite::Error) -> Self {
        match &e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ReadOnly => {
                CoreError::new("read_only", "the project is open read-only")
            }
            _ => CoreError::new("db", format!("database error: {e}")),
        }
    }
}

impl From<std::io::Error> for CoreError {
    fn from(e: std::io::Error) -> Self {
        CoreError::new("io", e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, CoreError>;
