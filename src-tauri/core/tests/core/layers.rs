//! The core's layers import one way only, SQLite stays in the store, and no source file or
//! function grows past what a reader takes in.
//!
//! Checked by hand once: planting `use crate::app::demo;` in `src/support/lang.rs` (an
//! upward import) made `each_layer_imports_only_the_layers_below_it` fail, naming the file
//! and `app`; `an_upward_import_is_found` below plants the same kind of import in text.

use std::path::{Path, PathBuf};

/// The layers, lowest first. A layer may use any layer of a lower rank, never one of the
/// same rank or above (store, formats and pdf are siblings that do not know each other).
const LAYERS: &[(&str, u8)] = &[
    ("support", 0),
    ("domain", 1),
    ("store", 2),
    ("formats", 2),
    ("pdf", 2),
    ("documents", 3),
    ("app", 4),
    ("testing", 5),
];

fn rank(layer: &str) -> Option<u8> {
    LAYERS.iter().find(|(l, _)| *l == layer).map(|(_, r)| *r)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read the source folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn core_sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&root)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&p).expect("read a source file");
            (rel, text)
        })
        .collect()
}

/// The code of a file without its comments (a doc comment may name any layer).
fn code_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .filter(|l| !l.trim().is_empty())
}

/// Every `file: uses <layer>` that goes against the layer order.
fn violations(files: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (rel, text) in files {
        let own = rel.split('/').next().unwrap_or("");
        let Some(own_rank) = rank(own) else {
            continue; // lib.rs: it only declares the layers
        };
        for line in code_lines(text) {
            for (layer, r) in LAYERS {
                let used = line.contains(&format!("crate::{layer}::"))
                    || line.contains(&format!("crate::{layer}}}"))
                    || line.contains(&format!("crate::{layer};"))
                    || line.contains(&format!("crate::{layer},"))
                    || line.contains(&format!("crate::{{{layer}"));
                if used && *layer != own && *r >= own_rank {
                    out.push(format!("{rel}: uses {layer} ({})", line.trim()));
                }
            }
        }
    }
    out
}

#[test]
fn each_layer_imports_only_the_layers_below_it() {
    let v = violations(&core_sources());
    assert!(
        v.is_empty(),
        "imports against the layer order:\n{}",
        v.join("\n")
    );
}

#[test]
fn an_upward_import_is_found() {
    let planted = vec![
        (
            "support/lang.rs".to_string(),
            "use crate::app::demo;\n// crate::store:: in a comment is fine\n".to_string(),
        ),
        (
            "store/mod.rs".to_string(),
            "use crate::formats::table::Table;\nuse crate::domain::model::Need;\n".to_string(),
        ),
        (
            "documents/brief.rs".to_string(),
            "use crate::{pdf, domain};\nlet x = crate::support::lang::Lang::Sv;\n".to_string(),
        ),
    ];
    let v = violations(&planted);
    assert_eq!(v.len(), 2, "{v:?}");
    assert!(v[0].starts_with("support/lang.rs: uses app"), "{v:?}");
    assert!(v[1].starts_with("store/mod.rs: uses formats"), "{v:?}");
}

#[test]
fn only_the_store_speaks_sqlite_or_postgres() {
    for (rel, text) in core_sources() {
        if rel.starts_with("store/") {
            continue;
        }
        for client in ["rusqlite", "postgres::", "postgres_native_tls"] {
            assert!(
                !code_lines(&text).any(|l| l.contains(client)),
                "{rel} uses {client}; only the store may"
            );
        }
    }
}

#[test]
fn only_the_database_layer_speaks_to_either_engine() {
    for (rel, text) in core_sources() {
        if !rel.starts_with("store/") || rel.starts_with("store/db/") {
            continue;
        }
        // A file may still open an SQLite file itself (creating, checking, backing up),
        // but table modules go through `Db`.
        let allowed = ["store/mod.rs", "store/backup.rs"];
        if allowed.contains(&rel.as_str()) {
            continue;
        }
        for client in ["rusqlite", "postgres::"] {
            assert!(
                !code_lines(&text).any(|l| l.contains(client)),
                "{rel} uses {client}; table modules go through store::db"
            );
        }
    }
}

/// The lengths of the functions in `text`: (name, lines from `fn` to its closing brace).
fn function_lengths(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let is_fn = [
            "fn ",
            "pub fn ",
            "pub(crate) fn ",
            "pub(super) fn ",
            "async fn ",
            "pub async fn ",
        ]
        .iter()
        .any(|p| t.starts_with(p));
        if !is_fn || t.ends_with(';') {
            continue;
        }
        let name = t
            .split("fn ")
            .nth(1)
            .unwrap_or("")
            .split(['(', '<'])
            .next()
            .unwrap_or("");
        let mut depth = 0i32;
        let mut opened = false;
        for (j, l) in lines.iter().enumerate().skip(i) {
            let code = l.split("//").next().unwrap_or("");
            for c in code.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            if opened && depth <= 0 {
                out.push((name.to_string(), j - i + 1));
                break;
            }
            if !opened && code.trim_end().ends_with(';') {
                break;
            }
        }
    }
    out
}

#[test]
fn no_source_file_over_800_lines_and_no_function_over_150() {
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
    let mut files: Vec<(String, String)> = core_sources()
        .into_iter()
        .map(|(rel, text)| (format!("core/src/{rel}"), text))
        .collect();
    let mut shell = Vec::new();
    rust_files(&app, &mut shell);
    for p in shell {
        let rel = p
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default();
        if rel == "tests.rs" {
            continue; // the shell's command tests
        }
        files.push((
            format!("src/{rel}"),
            std::fs::read_to_string(&p).expect("read"),
        ));
    }
    let mut problems = Vec::new();
    for (rel, text) in &files {
        // A file's own unit tests (`mod tests` at its end) are tests, not source.
        let source = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
        let n = source.lines().count();
        if n > 800 {
            problems.push(format!("{rel}: {n} lines"));
        }
        for (name, len) in function_lengths(source) {
            if len > 150 {
                problems.push(format!("{rel}: fn {name} is {len} lines"));
            }
        }
    }
    assert!(problems.is_empty(), "too long:\n{}", problems.join("\n"));
}

#[test]
fn function_lengths_are_counted_by_braces() {
    let text = "fn a() {\n    if x {\n    }\n}\nfn b();\npub fn c<T>(x: T) -> T\nwhere T: Copy\n{\n    x\n}\n";
    assert_eq!(
        function_lengths(text),
        vec![("a".to_string(), 4), ("c".to_string(), 5)]
    );
}
