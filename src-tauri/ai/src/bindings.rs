//! The TypeScript twins of the language features' IPC types, generated into
//! `ui/src/lib/bindings/` beside the core's; a test fails when the committed files are stale.

use ts_rs::TS;

use crate::{AiProgress, AiStatus, DuplicatePair, SimilarNeed, TagSuggestion};

/// Every generated binding: file name and its TypeScript text.
pub fn bindings() -> Vec<(String, String)> {
    let cfg = ts_rs::Config::new();
    let mut out = Vec::new();
    macro_rules! gen {
        ($($t:ty),* $(,)?) => {
            $(
                out.push((
                    format!("{}.ts", <$t as TS>::ident(&cfg)),
                    <$t as TS>::export_to_string(&cfg).unwrap_or_default(),
                ));
            )*
        };
    }
    gen!(
        AiStatus,
        AiProgress,
        TagSuggestion,
        SimilarNeed,
        DuplicatePair
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed TypeScript twins must match the Rust types. Regenerate with
    /// `make bindings` (which runs this test with `UPDATE_BINDINGS=1`).
    #[test]
    fn typescript_bindings_are_current() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings");
        let update = std::env::var("UPDATE_BINDINGS").is_ok_and(|v| v == "1");
        let mut stale = Vec::new();
        for (file, text) in bindings() {
            let path = dir.join(&file);
            if update {
                std::fs::create_dir_all(&dir).expect("create bindings folder");
                std::fs::write(&path, &text).expect("write binding");
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                stale.push(file);
            }
        }
        assert!(
            stale.is_empty(),
            "stale TypeScript bindings (run `make bindings`): {stale:?}"
        );
    }
}
