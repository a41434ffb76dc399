//! `suggest-tags` and `similar` on the demo project, run without a network (`unshare -n`):
//! the language model is ours and local. Skipped with a note when the model is not
//! installed (unless `MEDSKAPA_REQUIRE_MODEL=1`) or when no network namespace may be made.

use std::path::Path;
use std::process::{Command, Output};

use super::{assert_refused, demo, s, stderr};

fn model_installed() -> bool {
    let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/model/e5-small-q4.bin");
    let installed = std::env::var_os("MEDSKAPA_MODEL").is_some() || dev.is_file();
    let required = std::env::var("MEDSKAPA_REQUIRE_MODEL").is_ok_and(|v| v == "1");
    assert!(
        installed || !required,
        "MEDSKAPA_REQUIRE_MODEL=1 but the model is not installed (run `make model`)"
    );
    if !installed {
        eprintln!("note: the language model is not installed; skipped");
    }
    installed
}

/// Whether this process may run a command in a new network namespace.
fn offline_allowed() -> bool {
    let ok = Command::new("unshare")
        .args(["-n", "true"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("note: `unshare -n` is not permitted here; skipped");
    }
    ok
}

/// `medskapa ARGS` with no network at all.
fn offline(args: &[&str]) -> Output {
    Command::new("unshare")
        .arg("-n")
        .arg(env!("CARGO_BIN_EXE_medskapa"))
        .args(args)
        .output()
        .expect("run medskapa in a network namespace")
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_slice(&o.stdout).expect("JSON on stdout")
}

#[test]
fn suggest_tags_and_similar_work_offline_and_store_the_vectors() {
    if !model_installed() || !offline_allowed() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = demo(dir.path());
    // n036 "öppet sent, särskilt på fredagar och lördagar" is tagged "Öppettider" (t1a).
    let o = offline(&["suggest-tags", s(&file), "--need", "n036", "--json"]);
    assert!(stderr(&o).contains("embedding 120 needs"), "{}", stderr(&o));
    let list = json(&o);
    let list = list.as_array().expect("a list");
    assert_eq!(list.len(), 3, "{list:?}");
    let ids: Vec<&str> = list.iter().filter_map(|t| t["tag_id"].as_str()).collect();
    assert!(ids.contains(&"t1a"), "{ids:?}");
    let scores: Vec<f64> = list.iter().filter_map(|t| t["score"].as_f64()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let t1a = list.iter().find(|t| t["tag_id"] == "t1a").expect("t1a");
    assert_eq!(t1a["has"], true);

    // The vectors were stored: nothing to embed the second time.
    let o = offline(&[
        "similar",
        s(&file),
        "--need",
        "n098",
        "--json",
        "--limit",
        "5",
    ]);
    assert!(!stderr(&o).contains("embedding"), "{}", stderr(&o));
    let list = json(&o);
    let list = list.as_array().expect("a list");
    assert_eq!(list.len(), 5);
    let hours = [
        "n027", "n036", "n096", "n097", "n099", "n100", "n101", "n102", "n103", "n116", "n118",
        "n070", "n105", "n117", "n019", "n002", "n104",
    ];
    let on_topic = list
        .iter()
        .filter(|n| hours.contains(&n["need_id"].as_str().unwrap_or("")))
        .count();
    assert!(on_topic >= 3, "{list:?}");
    assert!(list.iter().all(|n| n["need_id"] != "n098"));

    // Text output: one line per suggestion, score first.
    let o = offline(&["suggest-tags", s(&file), "--need", "n036"]);
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(out.contains("t1a  Öppettider  (has it)"), "{out}");
}

#[test]
fn a_read_only_project_is_answered_without_storing_vectors() {
    if !model_installed() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = demo(dir.path());
    let mut perms = std::fs::metadata(&file).expect("meta").permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&file, perms).expect("read-only");
    let o = super::run(&["similar", s(&file), "--need", "n096", "--limit", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 3);
    let conn = rusqlite::Connection::open(&file).expect("open");
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM need_embedding", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n, 0);
}

#[test]
fn without_the_model_both_commands_exit_2_saying_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = demo(dir.path());
    for cmd in ["suggest-tags", "similar"] {
        let o = super::bin()
            .args([cmd, s(&file), "--need", "n036"])
            .env("MEDSKAPA_MODEL", dir.path().join("no-model.bin"))
            .output()
            .expect("run");
        assert_refused(&o, &["language model is not installed"]);
    }
    let o = super::run(&["similar", s(&file)]);
    assert_eq!(o.status.code(), Some(2), "--need is required");
}
