//! The one error type of the core. It crosses IPC as `{code, message, field?}`.
//!
//! A code exists because the UI words it in the user's language (every code has a text in
//! both catalogues; a test checks it) or acts on it. The message is the English line the
//! command line prints; the UI shows it only as detail.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use crate::support::codes::codes;

codes! {
    /// Why something failed, as the UI tells the user.
    pub enum ErrorCode {
        // Opening and writing files.
        /// Not an SQLite file (or a folder).
        NotSqlite = "not_sqlite",
        /// An SQLite file that is not a Medskapa project, or a damaged one.
        NotMedskapa = "not_medskapa",
        /// Made by a newer Medskapa.
        TooNew = "too_new",
        /// A shared project made by an older Medskapa that this role may not upgrade.
        NeedsUpgrade = "needs_upgrade",
        /// Open in another Medskapa.
        Locked = "locked",
        /// Open in another window of this Medskapa (which is brought to the front).
        OpenElsewhere = "open_elsewhere",
        /// The file is gone.
        Missing = "missing",
        /// A file with that name exists and is not replaced.
        Exists = "exists",
        /// The project is read-only.
        ReadOnly = "read_only",
        /// Reading or writing a file failed.
        Io = "io",
        /// The output would replace the file it is made from.
        SameFile = "same_file",
        /// A damaged project file (a page SQLite cannot read, a value this version does
        /// not know), or a backup that is not a sound project.
        Damaged = "damaged",
        // The database.
        /// Another program holds the project's database busy.
        Busy = "busy",
        /// Any other database error.
        Db = "db",
        // A project on a PostgreSQL server.
        /// Not a PostgreSQL address (`postgresql://host/database`).
        BadAddress = "bad_address",
        /// The server cannot be reached (down, wrong host or port), or the connection was lost.
        Offline = "offline",
        /// The server asks for a password and none was given.
        PasswordNeeded = "password_needed",
        /// The server refused the user name or password.
        Auth = "auth",
        /// The database role may not read the project.
        NoAccess = "no_access",
        /// The database to share into is not empty.
        NotEmpty = "not_empty",
        // Tables to import.
        /// Not a text file (a CSV that is binary).
        NotText = "not_text",
        /// Not an Excel workbook.
        NotWorkbook = "not_workbook",
        /// No table was read before importing.
        NoTable = "no_table",
        /// A named column is not in the table.
        MissingColumn = "missing_column",
        // Edits.
        /// What was asked for does not exist (any more).
        NotFound = "not_found",
        /// Refused: still in use (a segment with participants or needs).
        InUse = "in_use",
        /// The last change can no longer be undone.
        CannotUndo = "cannot_undo",
        /// Someone else deleted the item being edited.
        Deleted = "deleted",
        /// Input that is not valid, not tied to one form field.
        Invalid = "invalid",
        /// An output would publish residents' personal data (an identity number, an
        /// e-mail address, a phone number) and was not allowed to.
        PersonalData = "personal_data",
        // Form fields (with `field` set).
        Required = "required",
        NotADate = "not_a_date",
        NotATime = "not_a_time",
        Negative = "negative",
        EndBeforeStart = "end_before_start",
        TooLong = "too_long",
        UnknownRef = "unknown_ref",
        Cycle = "cycle",
        NotAColor = "not_a_color",
        // The app.
        /// No project is open.
        NoProject = "no_project",
        /// A bug or a lost thread: restart the app.
        Internal = "internal",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CoreError {
    pub code: ErrorCode,
    /// One readable line that names the file or field and what is wrong.
    pub message: String,
    /// The form field a validation error belongs to, e.g. `needed_by`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    /// Whether `message` already names what it is about (a file, an item): then
    /// [`CoreError::about`] adds nothing.
    #[serde(skip)]
    #[ts(skip)]
    named: bool,
}

impl CoreError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        CoreError {
            code,
            message: message.into(),
            field: None,
            named: false,
        }
    }

    /// An error about `subject` (a file as the user named it, an item): `subject: detail`.
    pub fn of(
        code: ErrorCode,
        subject: impl std::fmt::Display,
        detail: impl std::fmt::Display,
    ) -> Self {
        CoreError {
            named: true,
            ..Self::new(code, format!("{subject}: {detail}"))
        }
    }

    /// An error about the file at `path`.
    pub fn of_file(code: ErrorCode, path: &Path, detail: impl std::fmt::Display) -> Self {
        Self::of(code, path.display(), detail)
    }

    /// A validation error that belongs to one form field. The code says why, so the UI
    /// can word it in its language; `message` is the English text the CLI prints.
    pub fn field(field: &str, code: ErrorCode, message: impl Into<String>) -> Self {
        CoreError {
            field: Some(field.into()),
            ..Self::new(code, message)
        }
    }

    /// The same error, tied to the form field `field`.
    pub fn with_field(mut self, field: &str) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Invalid, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }

    /// Name what the error is about, unless its message already does.
    pub fn about(mut self, subject: impl std::fmt::Display) -> Self {
        if !self.named {
            self.message = format!("{subject}: {}", self.message);
            self.named = true;
        }
        self
    }

    /// Name the file the error is about, unless its message already names something.
    pub fn in_file(self, path: &Path) -> Self {
        self.about(path.display())
    }

    /// Whether the message already names its file or item.
    pub fn is_named(&self) -> bool {
        self.named
    }
}

impl std::fmt::Display for CoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CoreError {}

impl From<std::io::Error> for CoreError {
    fn from(e: std::io::Error) -> Self {
        CoreError::new(ErrorCode::Io, e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, CoreError>;

/// Add context to a failed result: `.about(..)` and `.in_file(..)` on `Result`.
pub trait Context<T> {
    fn about(self, subject: impl std::fmt::Display) -> Result<T>;
    fn in_file(self, path: &Path) -> Result<T>;
}

impl<T> Context<T> for Result<T> {
    fn about(self, subject: impl std::fmt::Display) -> Result<T> {
        self.map_err(|e| e.about(subject))
    }
    fn in_file(self, path: &Path) -> Result<T> {
        self.map_err(|e| e.in_file(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_cross_as_their_snake_case_names() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn context_is_added_once() {
        let e = CoreError::new(ErrorCode::Io, "cannot read")
            .in_file(Path::new("a.csv"))
            .in_file(Path::new("b.medskapa"));
        assert_eq!(e.message, "a.csv: cannot read");
        let e = CoreError::of(ErrorCode::Locked, "p.medskapa", "open elsewhere").about("x");
        assert_eq!(e.message, "p.medskapa: open elsewhere");
    }
}
