//! Every code the core sends to the window has words in both of the window's catalogues,
//! so a user never reads "an unexpected error occurred" for a known problem.

use medskapa_core::domain::checks::WarningCode;
use medskapa_core::support::error::ErrorCode;

fn catalogue(lang: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../ui/src/lib/i18n")
        .join(format!("{lang}.ts"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn missing(keys: impl Iterator<Item = String>) -> Vec<String> {
    let (sv, en) = (catalogue("sv"), catalogue("en"));
    let mut out = Vec::new();
    for key in keys {
        for (lang, text) in [("sv", &sv), ("en", &en)] {
            if !text.contains(&format!("\"{key}\":")) {
                out.push(format!("{lang}: {key}"));
            }
        }
    }
    out
}

#[test]
fn every_error_code_has_a_text_in_swedish_and_english() {
    let m = missing(
        ErrorCode::ALL
            .iter()
            .map(|c| format!("error.code.{}", c.as_str())),
    );
    assert!(
        m.is_empty(),
        "error codes without a text:\n{}",
        m.join("\n")
    );
}

#[test]
fn every_warning_code_has_a_headline_in_swedish_and_english() {
    let m = missing(
        WarningCode::ALL
            .iter()
            .map(|c| format!("warn.{}", c.as_str())),
    );
    assert!(
        m.is_empty(),
        "warning codes without a headline:\n{}",
        m.join("\n")
    );
}
