//! The planning warnings as the command line prints them.

use crate::domain::checks::{format_text, Warning};
use crate::support::lang::Lang;

/// The warnings as text lines, or as pretty JSON with `json`.
pub fn warnings_text(warnings: &[Warning], json: bool, lang: Lang) -> String {
    if json {
        let mut s = serde_json::to_string_pretty(warnings).unwrap_or_default();
        s.push('\n');
        s
    } else {
        format_text(warnings, lang)
    }
}
