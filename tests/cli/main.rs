//! Black-box tests of the command line: run the built binary, check files and exit codes.
//! `shared` runs the same commands on a project on a PostgreSQL server.

mod ai;
mod personal_data;
mod shared;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rusqlite::Connection;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_medskapa"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run medskapa")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Exit 2 with exactly one line on stderr containing every `needle`, and no panic.
fn assert_refused(o: &Output, needles: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "expected exit 2, stderr: {err}");
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "one line on stderr: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    for n in needles {
        assert!(err.contains(n), "stderr {err:?} should contain {n:?}");
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

fn demo(dir: &Path) -> PathBuf {
    let f = dir.join("demo.medskapa");
    let o = run(&["demo", s(&f)]);
    assert!(o.status.success(), "{}", stderr(&o));
    f
}

#[test]
fn new_creates_a_project_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("p.medskapa");
    let o = run(&["new", s(&f), "--name", "Mitt projekt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["export", s(&f), "--json", "-"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["project"]["name"], "Mitt projekt");
    let before = std::fs::read(&f).unwrap();
    let o = run(&["new", s(&f)]);
    assert_refused(&o, &["p.medskapa", "already exists"]);
    // The file is named once, however many layers added what they knew.
    assert_eq!(
        stderr(&o).matches("p.medskapa").count(),
        1,
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&f).unwrap(), before, "nothing changed");
}

#[test]
fn demo_export_import_export_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    let f = demo(dir.path());
    let a = dir.path().join("a.json");
    assert!(run(&["export", s(&f), "--json", s(&a)]).status.success());
    let g = dir.path().join("copy.medskapa");
    let o = run(&["import", s(&g), "--json", s(&a)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let b = dir.path().join("b.json");
    assert!(run(&["export", s(&g), "--json", s(&b)]).status.success());
    let (ta, tb) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(ta, tb, "export(import(x)) == x");
    // The demo data file itself is canonical.
    let shipped = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/demo/helsingborg.json"
    ))
    .unwrap();
    assert_eq!(ta, shipped, "the shipped demo JSON is in canonical form");
}

#[test]
fn demo_has_the_promised_shape() {
    let dir = tempfile::tempdir().unwrap();
    let f = demo(dir.path());
    let o = run(&["export", s(&f), "--json", "-"]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let n = |k: &str| j[k].as_array().map(|a| a.len()).unwrap_or(0);
    assert_eq!(n("effect_goals"), 4);
    assert!(n("segments") >= 6);
    assert_eq!(n("decisions"), 5);
    assert_eq!(n("key_questions"), 10);
    assert_eq!(n("activities"), 15);
    assert_eq!(n("needs"), 120);
    assert_eq!(n("insights"), 8);
    let tops: Vec<&str> = j["tags"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["parent_id"].is_null())
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    for theme in [
        "Invånarnas mötesplats",
        "En plats för läsinspiration, information och kunskap",
        "En plats för demokrati och delaktighet",
        "Hållbarhet och delade resurser",
    ] {
        assert!(
            tops.contains(&theme),
            "theme {theme} among top-level tags {tops:?}"
        );
    }
    let levels: std::collections::HashSet<&str> = j["key_questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["influence_level"].as_str().unwrap())
        .collect();
    assert_eq!(levels.len(), 5, "every influence level is used: {levels:?}");
}

#[test]
fn open_refuses_files_that_are_not_projects() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("saknas.medskapa");
    assert_refused(
        &run(&["open", s(&missing)]),
        &["saknas.medskapa", "no such file"],
    );

    let text = dir.path().join("anteckningar.medskapa");
    std::fs::write(&text, "det här är bara text med åäö").unwrap();
    assert_refused(
        &run(&["open", s(&text)]),
        &["anteckningar.medskapa", "not an SQLite database"],
    );
    assert_eq!(
        std::fs::read_to_string(&text).unwrap(),
        "det här är bara text med åäö"
    );

    let empty = dir.path().join("tom.medskapa");
    std::fs::write(&empty, "").unwrap();
    assert_refused(
        &run(&["open", s(&empty)]),
        &["tom.medskapa", "not a Medskapa project"],
    );

    let other = dir.path().join("annan.sqlite");
    {
        let c = Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = std::fs::read(&other).unwrap();
    assert_refused(
        &run(&["open", s(&other)]),
        &["annan.sqlite", "not a Medskapa project"],
    );
    assert_eq!(std::fs::read(&other).unwrap(), before, "nothing changed");

    let newer = dir.path().join("nyare.medskapa");
    assert!(run(&["new", s(&newer)]).status.success());
    Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = std::fs::read(&newer).unwrap();
    assert_refused(
        &run(&["open", s(&newer)]),
        &["nyare.medskapa", "newer Medskapa"],
    );
    assert_eq!(std::fs::read(&newer).unwrap(), before, "nothing changed");

    // The same refusals from a headless command.
    assert_refused(
        &run(&["export", s(&text), "--json", "-"]),
        &["anteckningar.medskapa"],
    );
    assert_refused(&run(&["check", s(&missing)]), &["saknas.medskapa"]);
}

/// `medskapa` alone in a folder, with `window` (a script) as its window's program if given.
/// Written by a shell: a file this process wrote could still be open in a child another test
/// is forking, and running it would then fail ("text file busy").
#[cfg(unix)]
fn launcher_in(dir: &Path, window: Option<&str>) -> PathBuf {
    let launcher = dir.join("medskapa");
    let program = dir.join("medskapa-window");
    let o = Command::new("sh")
        .args([
            "-c",
            r#"cp "$1" "$2" && if [ -n "$4" ]; then printf '%s' "$4" > "$3" && chmod 755 "$3"; fi"#,
            "sh",
            env!("CARGO_BIN_EXE_medskapa"),
            s(&launcher),
            s(&program),
            window.unwrap_or(""),
        ])
        .output()
        .expect("sh");
    assert!(o.status.success(), "{}", stderr(&o));
    launcher
}

/// A demo project whose name has å, ä, ö and spaces, and `medskapa` alone in a folder of
/// its own (see [`launcher_in`]).
#[cfg(unix)]
fn launcher_and_project(window: Option<&str>) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("Nya stadsbiblioteket – åäö.medskapa");
    std::fs::rename(demo(dir.path()), &project).unwrap();
    let bin_dir = dir.path().join("bin");
    std::fs::create_dir(&bin_dir).unwrap();
    let launcher = launcher_in(&bin_dir, window);
    (dir, project, launcher)
}

#[cfg(unix)]
fn launch(launcher: &Path, args: &[&str]) -> Output {
    Command::new(launcher)
        .args(args)
        .output()
        .expect("run medskapa")
}

#[cfg(unix)]
#[test]
fn a_gui_launch_becomes_the_window_program_with_its_arguments() {
    let (dir, project, launcher) =
        launcher_and_project(Some("#!/bin/sh\necho \"window: $*\"\nexit 7\n"));
    let o = launch(&launcher, &["open", s(&project)]);
    assert_eq!(o.status.code(), Some(7), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        format!("window: open {}", s(&project))
    );

    // A project that cannot be opened is refused before the window's program starts.
    let missing = dir.path().join("saknas.medskapa");
    let o = launch(&launcher, &["open", s(&missing)]);
    assert_refused(&o, &["saknas.medskapa"]);
    assert!(o.stdout.is_empty(), "the window's program did not start");
}

#[cfg(unix)]
#[test]
fn a_gui_launch_without_the_window_program_says_what_is_missing() {
    let (_dir, project, launcher) = launcher_and_project(None);
    let o = launch(&launcher, &["open", s(&project)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("medskapa-window"), "{err}");
    assert!(err.contains("install Medskapa again"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // Headless commands need no window.
    let o = launch(&launcher, &["check", s(&project)]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// The command line does not load WebKit and GTK: a headless command starts in
/// milliseconds instead of a tenth of a second.
#[cfg(target_os = "linux")]
#[test]
fn the_command_line_does_not_link_the_window_libraries() {
    let o = Command::new("readelf")
        .args(["--dynamic", env!("CARGO_BIN_EXE_medskapa")])
        .output()
        .expect("readelf (binutils) to read the binary's libraries");
    assert!(o.status.success(), "{}", stderr(&o));
    let dynamic = String::from_utf8_lossy(&o.stdout);
    let needed: Vec<&str> = dynamic.lines().filter(|l| l.contains("(NEEDED)")).collect();
    assert!(!needed.is_empty(), "{dynamic}");
    for lib in ["webkit", "gtk", "gdk", "javascriptcore", "soup"] {
        assert!(
            !needed.iter().any(|l| l.to_lowercase().contains(lib)),
            "medskapa links {lib}: {needed:?}"
        );
    }
}

fn import_error(json: &str, needles: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.json");
    std::fs::write(&input, json).unwrap();
    let out = dir.path().join("out.medskapa");
    let o = run(&["import", s(&out), "--json", s(&input)]);
    assert_refused(&o, needles);
    assert_eq!(
        files_in(dir.path()),
        vec!["in.json".to_string()],
        "no file left behind"
    );
}

fn demo_json() -> serde_json::Value {
    serde_json::from_str(include_str!("../../assets/demo/helsingborg.json")).unwrap()
}

fn with(f: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut j = demo_json();
    f(&mut j);
    serde_json::to_string(&j).unwrap()
}

#[test]
fn import_names_the_json_path_of_each_problem() {
    import_error("{ \"format\": ", &["in.json", "malformed JSON", "line 1"]);
    import_error("[]", &["in.json", "expected a JSON object"]);
    import_error(&with(|j| j["format"] = "något-annat".into()), &["format"]);
    import_error(
        &with(|j| j["version"] = 3.into()),
        &["version", "unsupported version 3"],
    );
    import_error(
        &with(|j| j["needs"][17]["tag_ids"] = serde_json::json!(["t9-finns-inte"])),
        &["needs[17].tag_ids[0]", "unknown tag \"t9-finns-inte\""],
    );
    import_error(
        &with(|j| {
            let id = j["segments"][0]["id"].clone();
            j["segments"][1]["id"] = id;
        }),
        &["segments[1].id", "duplicate id"],
    );
    import_error(
        &with(|j| j["activities"][2]["method"] = "trolleri".into()),
        &["activities[2].method", "unknown variant"],
    );
    import_error(
        &with(|j| j["decisions"][0]["decision_date"] = "2027-02-30".into()),
        &["decisions[0].decision_date", "not a date"],
    );
    import_error(
        &with(|j| j["activities"][0]["starts_at"] = "2027-01-10 14:00".into()),
        &[
            "activities[0].starts_at",
            "not a date, or a date and time (YYYY-MM-DD or YYYY-MM-DDTHH:MM",
        ],
    );
    import_error(
        &with(|j| {
            j["activities"][0]["participants"] =
                serde_json::json!([{"segment_id": j["segments"][0]["id"].clone(), "count": -3}])
        }),
        &["activities[0].participants[0].count"],
    );
    import_error(
        &with(|j| j["key_questions"][0]["decision_id"] = "d-saknas".into()),
        &["key_questions[0].decision_id", "unknown decision"],
    );
    import_error(
        &with(|j| {
            let a = j["tags"][0]["id"].clone();
            let b = j["tags"][1]["id"].clone();
            j["tags"][0]["parent_id"] = b;
            j["tags"][1]["parent_id"] = a;
        }),
        &["tags[0].parent_id", "cycle"],
    );
    import_error(
        &with(|j| j["needs"][3]["id"] = "".into()),
        &["needs[3].id", "empty"],
    );
    import_error(
        &with(|j| j["needs"][3]["id"] = "x".repeat(65).into()),
        &["needs[3].id", "64"],
    );
}

#[test]
fn import_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let f = demo(dir.path());
    let a = dir.path().join("a.json");
    assert!(run(&["export", s(&f), "--json", s(&a)]).status.success());
    let before = std::fs::read(&f).unwrap();
    assert_refused(
        &run(&["import", s(&f), "--json", s(&a)]),
        &["demo.medskapa", "already exists"],
    );
    assert_eq!(std::fs::read(&f).unwrap(), before);
}

#[test]
fn export_to_an_unwritable_place_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let f = demo(dir.path());
    let out = dir.path().join("finns-inte").join("x.json");
    assert_refused(
        &run(&["export", s(&f), "--json", s(&out)]),
        &["x.json", "does not exist"],
    );
    assert_eq!(files_in(dir.path()), vec!["demo.medskapa".to_string()]);
}

#[test]
fn check_prints_json_warnings_with_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    let f = demo(dir.path());
    let o = run(&["check", s(&f), "--today", "2026-11-29", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let w: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let arr = w.as_array().expect("a JSON array");
    assert!(
        !arr.is_empty(),
        "the demo has planning problems left in on purpose"
    );
    for item in arr {
        let obj = item.as_object().unwrap();
        let mut keys: Vec<&str> = obj.keys().map(|k| k.as_str()).collect();
        keys.sort();
        assert_eq!(keys, ["code", "id", "message", "severity", "subject"]);
        assert!(["error", "warning", "info"].contains(&item["severity"].as_str().unwrap()));
    }
    let codes: Vec<&str> = arr.iter().map(|i| i["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"question_after_decision"), "{codes:?}");
    assert!(codes.contains(&"feedback_overdue"), "{codes:?}");
    // Deterministic: the same date gives the same output.
    let again = run(&["check", s(&f), "--today", "2026-11-29", "--json"]);
    assert_eq!(o.stdout, again.stdout);
    // A bad date is a usage error.
    assert_refused(
        &run(&["check", s(&f), "--today", "29/11"]),
        &["--today", "29/11"],
    );
    // Text output for people.
    let t = run(&["check", s(&f), "--today", "2026-11-29"]);
    assert!(String::from_utf8_lossy(&t.stdout).contains("question_after_decision"));
}

#[test]
fn check_words_its_warnings_in_the_language_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let f = demo(dir.path());
    let sv = run(&["check", s(&f), "--today", "2026-11-29"]);
    let en = run(&["check", s(&f), "--today", "2026-11-29", "--lang", "en"]);
    assert!(
        sv.status.success() && en.status.success(),
        "{}",
        stderr(&en)
    );
    let (sv, en) = (
        String::from_utf8_lossy(&sv.stdout).to_string(),
        String::from_utf8_lossy(&en.stdout).to_string(),
    );
    assert!(
        sv.contains("FEL") && sv.contains("behov saknar taggar"),
        "{sv}"
    );
    assert!(
        en.contains("ERROR") && en.contains("needs have no tags"),
        "{en}"
    );
    assert!(!en.contains("saknar") && !en.contains("VARNING"), "{en}");
    // Dates in the warnings read as the brief writes them: "15 mars 2027", never ISO.
    let iso = |t: &str| {
        t.as_bytes().windows(10).any(|w| {
            w.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                _ => c.is_ascii_digit(),
            })
        })
    };
    assert!(!iso(&sv) && !iso(&en), "{sv}\n{en}");
    assert!(sv.contains(" 2027") && sv.contains(" mars "), "{sv}");
    assert!(en.contains(" March "), "{en}");
    // The same warnings, in the same order, whatever the language.
    fn codes(t: &str) -> Vec<&str> {
        t.lines()
            .filter_map(|l| l.split_whitespace().nth(1))
            .collect()
    }
    assert_eq!(codes(&sv), codes(&en));
    assert_refused(
        &run(&["check", s(&f), "--lang", "de"]),
        &["--lang", "\"de\""],
    );
    // An empty project has nothing to warn about, in either language.
    let empty = dir.path().join("tom.medskapa");
    assert!(run(&["new", s(&empty)]).status.success());
    let o = run(&["check", s(&empty), "--lang", "en"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "No planning warnings.\n"
    );
    let o = run(&["check", s(&empty)]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "Inga planeringsvarningar.\n"
    );
}

#[test]
fn export_csv_in_english_has_english_headers_and_methods() {
    let dir = tempfile::tempdir().unwrap();
    let f = demo(dir.path());
    let out = dir.path().join("activities.csv");
    let o = run(&["export-csv", s(&f), "--activities", s(&out), "--lang", "en"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    let header = text.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert!(
        header.starts_with("Title;Method;Start;End;Place;Organisers;Status;Key questions;"),
        "{header}"
    );
    assert!(
        text.contains(";Survey;") && !text.contains(";Enkät;"),
        "{text}"
    );
    assert!(
        text.contains("Stadsparken"),
        "å ä ö in the project's own words stay"
    );
    assert_refused(
        &run(&["export-csv", s(&f), "--activities", s(&out), "--lang", "fi"]),
        &["--lang"],
    );
}

#[test]
fn usage_errors_are_one_line_with_exit_2() {
    assert_refused(&run(&["frobnicate"]), &["frobnicate"]);
    assert_refused(&run(&["export"]), &["required"]);
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
}

// ---- survey import, spreadsheet export and generate, run in process ------------------

use medskapa_cli::Outcome;
use medskapa_core::store::{OpenOptions, Store};

fn in_process<I: IntoIterator<Item = T>, T: Into<std::ffi::OsString> + Clone>(args: I) -> Outcome {
    medskapa_cli::run(args)
}

fn cli(args: &[&str]) -> Outcome {
    let mut all = vec!["medskapa"];
    all.extend_from_slice(args);
    in_process(all)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn demo_store(dir: &Path) -> Store {
    medskapa_core::app::demo::create_demo(&dir.join("demo.medskapa")).expect("create demo")
}

fn count(store: &Store, table: &str) -> i64 {
    Connection::open(store.path().expect("a project file"))
        .expect("open")
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .expect("count")
}

#[test]
fn cli_import_needs_exits_0_when_done_and_2_on_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo_store(dir.path())
        .path()
        .expect("a project file")
        .to_path_buf();
    let n = |p: &Path| count(&Store::open(p, OpenOptions::default()).unwrap(), "need");
    let n0 = n(&project);
    let csv = fixture("enkat-cp1252-semikolon.csv");
    let ok = cli(&[
        "import-needs",
        s(&project),
        "--csv",
        s(&csv),
        "--activity",
        "a05",
        "--statement",
        "Vad behöver du av det nya stadsbiblioteket?",
        "--quote",
        "Citat (anonymt)",
        "--segment",
        "Målgrupp",
        "--tags",
        "Taggar",
    ]);
    assert_eq!(ok, Outcome::Exit(0));
    assert_eq!(n(&project), n0 + 6);
    let xlsx = fixture("enkat.xlsx");
    let ok = cli(&[
        "import-needs",
        s(&project),
        "--xlsx",
        s(&xlsx),
        "--activity",
        "a05",
        "--statement",
        "behov",
    ]);
    assert_eq!(ok, Outcome::Exit(0));
    assert_eq!(n(&project), n0 + 9);
    let n1 = n(&project);
    let bad: Vec<Vec<String>> = vec![
        // a missing column
        vec![
            "--csv".into(),
            s(&fixture("saknad-kolumn.csv")).into(),
            "--activity".into(),
            "a05".into(),
            "--statement".into(),
            "Behov".into(),
        ],
        // a binary file
        vec![
            "--csv".into(),
            s(&fixture("binar.csv")).into(),
            "--activity".into(),
            "a05".into(),
            "--statement".into(),
            "Behov".into(),
        ],
        // an xlsx given as CSV
        vec![
            "--csv".into(),
            s(&xlsx).into(),
            "--activity".into(),
            "a05".into(),
            "--statement".into(),
            "Behov".into(),
        ],
        // an unknown activity
        vec![
            "--xlsx".into(),
            s(&xlsx).into(),
            "--activity".into(),
            "zz".into(),
            "--statement".into(),
            "Behov".into(),
        ],
        // both inputs
        vec![
            "--csv".into(),
            s(&csv).into(),
            "--xlsx".into(),
            s(&xlsx).into(),
            "--activity".into(),
            "a05".into(),
            "--statement".into(),
            "Behov".into(),
        ],
        // no input
        vec![
            "--activity".into(),
            "a05".into(),
            "--statement".into(),
            "Behov".into(),
        ],
        // an input that does not exist
        vec![
            "--csv".into(),
            "/nonexistent/x.csv".into(),
            "--activity".into(),
            "a05".into(),
            "--statement".into(),
            "Behov".into(),
        ],
    ];
    for args in bad {
        let mut all = vec!["import-needs".to_string(), s(&project).to_string()];
        all.extend(args.clone());
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        assert_eq!(cli(&refs), Outcome::Exit(2), "{args:?}");
        assert_eq!(n(&project), n1, "nothing imported by {args:?}");
    }
    // Not a project.
    let not_project = dir.path().join("x.medskapa");
    std::fs::write(&not_project, "hej").unwrap();
    let args = [
        "import-needs",
        s(&not_project),
        "--csv",
        s(&csv),
        "--activity",
        "a05",
        "--statement",
        "x",
    ];
    assert_eq!(cli(&args), Outcome::Exit(2));
}

#[test]
fn cli_export_csv_writes_csv_and_xlsx_and_refuses_bad_targets() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo_store(dir.path())
        .path()
        .expect("a project file")
        .to_path_buf();
    let needs = dir.path().join("behov.csv");
    let acts = dir.path().join("aktiviteter.xlsx");
    assert_eq!(
        cli(&[
            "export-csv",
            s(&project),
            "--needs",
            s(&needs),
            "--activities",
            s(&acts)
        ]),
        Outcome::Exit(0)
    );
    assert!(std::fs::read(&needs).unwrap().starts_with(b"\xEF\xBB\xBF"));
    assert!(std::fs::read(&acts).unwrap().starts_with(b"PK\x03\x04"));
    assert_eq!(
        cli(&["export-csv", s(&project)]),
        Outcome::Exit(2),
        "nothing to export"
    );
    let nowhere = dir.path().join("saknas/behov.csv");
    assert_eq!(
        cli(&["export-csv", s(&project), "--needs", s(&nowhere)]),
        Outcome::Exit(2)
    );
    assert!(!nowhere.parent().unwrap().exists());
    let entries: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        entries.iter().all(|e| !e.ends_with(".part")),
        "no temporary file left: {entries:?}"
    );
}

#[test]
fn generate_for_a_brief_prints_the_decision_whose_brief_is_then_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = dir.path().join("b.medskapa");
    let o = run(&[
        "generate",
        s(&f),
        "--needs",
        "600",
        "--activities",
        "60",
        "--questions",
        "12",
        "--brief-needs",
        "400",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let id = String::from_utf8(o.stdout)
        .expect("utf-8")
        .trim()
        .to_string();
    let project = Store::open(&f, OpenOptions::default())
        .expect("opens")
        .load_project()
        .expect("loads");
    assert!(project.decisions.iter().any(|d| d.id == id), "{id}");
    let pdf = dir.path().join("b.pdf");
    let o = run(&[
        "brief",
        s(&f),
        "--decision",
        &id,
        "--out",
        s(&pdf),
        "--allow-personal-data",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(&pdf)
        .expect("written")
        .starts_with(b"%PDF-1.7"));
}

#[test]
fn cli_refuses_an_existing_file_and_bad_arguments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = dir.path().join("g.medskapa");
    let f_s = f.to_str().expect("utf-8 path");
    let args = |extra: &[&str]| {
        let mut v = vec!["medskapa", "generate", f_s];
        v.extend_from_slice(extra);
        v.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let ok = args(&[
        "--needs",
        "50",
        "--activities",
        "5",
        "--questions",
        "3",
        "--seed",
        "9",
    ]);
    assert_eq!(in_process(ok.clone()), Outcome::Exit(0));
    let store = Store::open(&f, OpenOptions::default()).expect("opens");
    assert_eq!(store.need_count().expect("counts"), 50);
    drop(store);
    // An existing file is refused and left alone.
    let before = std::fs::read(&f).expect("reads");
    assert_eq!(in_process(ok), Outcome::Exit(2));
    assert_eq!(std::fs::read(&f).expect("reads"), before);
    // Bad numbers and missing arguments are usage errors.
    std::fs::remove_file(&f).expect("removes");
    for bad in [
        args(&["--needs", "-1", "--activities", "5", "--questions", "3"]),
        args(&["--needs", "many", "--activities", "5", "--questions", "3"]),
        args(&["--needs", "10", "--questions", "3"]),
        args(&[
            "--needs",
            "99999999",
            "--activities",
            "5",
            "--questions",
            "3",
        ]),
        args(&[
            "--needs",
            "10",
            "--activities",
            "5",
            "--questions",
            "3",
            "--seed",
            "x",
        ]),
    ] {
        assert_eq!(in_process(bad.clone()), Outcome::Exit(2), "{bad:?}");
        assert!(!f.exists(), "nothing written for {bad:?}");
    }
}

#[cfg(unix)]
#[test]
fn export_into_a_device_is_refused_and_leaves_it_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let f = demo(dir.path());
    let o = run(&["export", s(&f), "--json", "/dev/null"]);
    assert_refused(&o, &["/dev/null", "not a regular file"]);
    let kind = std::fs::metadata("/dev/null")
        .expect("/dev/null")
        .file_type();
    assert!(kind.is_char_device(), "/dev/null is still a device");
}

#[test]
fn import_refuses_a_repeated_key_and_a_too_long_text_and_leaves_no_project() {
    let twice = with(|j| j["needs"][3]["statement"] = "MÄRKE".into()).replacen(
        "\"statement\":\"MÄRKE\"",
        "\"statement\":\"först\",\"statement\":\"sedan\"",
        1,
    );
    import_error(
        &twice,
        &[
            "in.json",
            "needs[3].statement",
            "\"statement\" appears twice",
        ],
    );
    import_error(
        &with(|j| j["needs"][12]["statement"] = "x".repeat(20_001).into()),
        &["in.json", "needs[12].statement: too long", "at most 20000"],
    );
    import_error(
        &with(|j| j["key_questions"][0]["needed_by"] = "+999-01-01".into()),
        &["in.json", "key_questions[0].needed_by", "not a date"],
    );
}

#[test]
fn import_needs_refuses_an_unterminated_quote_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    let needs = || -> i64 {
        Connection::open(&project)
            .unwrap()
            .query_row("SELECT COUNT(*) FROM need", [], |r| r.get(0))
            .unwrap()
    };
    let before = needs();
    let csv = dir.path().join("enkat.csv");
    std::fs::write(
        &csv,
        "Behov;Citat\nFler stolar;a\n\"Mer böcker;b\nTysta rum;c\nKafé;d\n",
    )
    .unwrap();
    let o = run(&[
        "import-needs",
        s(&project),
        "--csv",
        s(&csv),
        "--activity",
        "a05",
        "--statement",
        "Behov",
    ]);
    assert_refused(&o, &["enkat.csv", "line 3", "never closed"]);
    assert_eq!(needs(), before, "nothing imported");
}

#[test]
fn a_date_argument_has_a_four_digit_year() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    assert_refused(
        &run(&["check", s(&project), "--today", "+999-01-01"]),
        &["--today", "+999-01-01", "not a date"],
    );
}

/// A project whose first decision's brief summary is `summary`, imported from JSON.
fn project_with_summary(dir: &Path, summary: &str) -> PathBuf {
    let json = with(|j| j["decisions"][0]["brief_summary"] = summary.into());
    let input = dir.join("in.json");
    std::fs::write(&input, json).unwrap();
    let f = dir.join("djup.medskapa");
    let o = run(&["import", s(&f), "--json", s(&input)]);
    assert!(o.status.success(), "{}", stderr(&o));
    f
}

/// Run the binary with a 1 MB stack where the shell can set it (a thread of the app has
/// less than the 8 MB a terminal usually gives), so a recursion over the nesting fails.
fn on_small_stack(args: &[&str]) -> Output {
    if cfg!(unix) {
        Command::new("sh")
            .args(["-c", "ulimit -s 1024 && exec \"$0\" \"$@\""])
            .arg(env!("CARGO_BIN_EXE_medskapa"))
            .args(args)
            .output()
            .expect("run medskapa")
    } else {
        run(args)
    }
}

#[test]
fn brief_of_a_summary_nested_thousands_deep_exits_0_with_a_pdf() {
    for summary in [">".repeat(5000), "- ".repeat(3000) + "punkt"] {
        let dir = tempfile::tempdir().unwrap();
        let f = project_with_summary(dir.path(), &summary);
        let decision = demo_json()["decisions"][0]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let out = dir.path().join("brief.pdf");
        let o = on_small_stack(&[
            "brief",
            s(&f),
            "--decision",
            &decision,
            "--out",
            s(&out),
            "--today",
            "2026-11-30",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let pdf = std::fs::read(&out).expect("the brief was written");
        assert!(pdf.starts_with(b"%PDF"), "a PDF");
    }
}

/// Run `args` and fail, instead of hanging, when it takes over 20 seconds.
fn run_within_20_seconds(args: &[&str]) -> Output {
    let mut child = bin()
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run medskapa");
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("medskapa {args:?} did not finish within 20 seconds");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

#[test]
fn an_output_aimed_at_the_project_is_refused_and_leaves_it_as_it_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = demo(dir.path());
    let before = std::fs::read(&f).expect("the project");
    let folder = dir.path().file_name().expect("a folder name");
    let other_spelling = dir.path().join("..").join(folder).join("demo.medskapa");
    let today = ["--today", "2026-11-30"];
    for args in [
        vec!["export", s(&f), "--json", s(&f)],
        vec!["export", s(&f), "--json", s(&other_spelling)],
        vec!["export-csv", s(&f), "--needs", s(&f)],
        vec!["export-csv", s(&f), "--activities", s(&other_spelling)],
        vec![
            "brief",
            s(&f),
            "--decision",
            "d1",
            today[0],
            today[1],
            "--out",
            s(&f),
        ],
        vec!["feedback", s(&f), "--activity", "a01", "--out", s(&f)],
    ] {
        let o = run(&args);
        assert_refused(&o, &["demo.medskapa", "is the open project"]);
        assert_eq!(std::fs::read(&f).expect("the project"), before, "{args:?}");
    }
    assert_eq!(files_in(dir.path()), vec!["demo.medskapa"]);
    let o = run(&["check", s(&f), "--today", "2026-11-30"]);
    assert_eq!(o.status.code(), Some(0), "still a project: {}", stderr(&o));
}

#[test]
fn a_brief_into_a_device_is_refused_and_leaves_it_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let f = demo(dir.path());
    let o = run(&["brief", s(&f), "--decision", "d1", "--out", "/dev/full"]);
    assert_refused(&o, &["/dev/full", "not a regular file"]);
    let kind = std::fs::metadata("/dev/full")
        .expect("/dev/full")
        .file_type();
    assert!(kind.is_char_device(), "/dev/full is still a device");
}

/// `brief --out x.html` writes the brief as one web page to publish; any other name
/// still gives the PDF. The same project and date give the same bytes.
#[test]
fn brief_to_an_html_file_writes_a_web_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = demo(dir.path());
    let brief = |name: &str, lang: &str| {
        let out = dir.path().join(name);
        let o = run(&[
            "brief",
            s(&f),
            "--decision",
            "d1",
            "--lang",
            lang,
            "--today",
            "2026-11-30",
            "--out",
            s(&out),
        ]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        std::fs::read(&out).expect("the brief was written")
    };
    let html = String::from_utf8(brief("Beslutsunderlag – bibliotek.html", "sv")).expect("UTF-8");
    assert!(html.starts_with("<!DOCTYPE html>\n"), "{}", &html[..80]);
    assert!(html.contains("<html lang=\"sv\">"));
    assert!(html.contains("<main>") && html.contains("</html>"));
    assert!(html.contains("Beslutsunderlag"), "Swedish letters intact");
    assert!(!html.to_lowercase().contains("<script"));
    assert_eq!(
        brief("igen.HTM", "sv"),
        html.as_bytes(),
        "the same bytes again"
    );
    let en = String::from_utf8(brief("brief.htm", "en")).expect("UTF-8");
    assert!(en.contains("<html lang=\"en\">"));
    assert!(brief("brief.pdf", "sv").starts_with(b"%PDF"));
    assert!(brief("brief", "sv").starts_with(b"%PDF"));
}

#[test]
fn check_on_a_pipe_exits_2_at_once_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pipe = dir.path().join("rör.medskapa");
    let made = Command::new("mkfifo").arg(&pipe).status().expect("mkfifo");
    assert!(made.success());
    let o = run_within_20_seconds(&["check", s(&pipe)]);
    assert_refused(&o, &["rör.medskapa", "not a regular file"]);
}

#[test]
fn a_killed_generate_leaves_nothing_behind_after_the_next_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = dir.path().join("g.medskapa");
    let mut child = bin()
        .args(["generate", s(&f), "--needs", "200000"])
        .args(["--activities", "2000", "--questions", "200"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run medskapa generate");
    let start = std::time::Instant::now();
    let temporary = |names: &[String]| names.iter().any(|n| n.starts_with(".g.medskapa."));
    while !temporary(&files_in(dir.path())) {
        let running = child.try_wait().expect("wait").is_none();
        assert!(running, "generate ended before it was killed");
        assert!(start.elapsed().as_secs() < 300, "no temporary file came");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().expect("kill generate");
    child.wait().expect("wait");
    let left = files_in(dir.path());
    assert!(temporary(&left), "{left:?}");
    assert!(
        left.iter().all(|n| !n.ends_with("-journal")),
        "no journal on disk: {left:?}"
    );
    // Left long enough ago that no writer on another computer can still be at work on it.
    for name in &left {
        let file = std::fs::File::options()
            .write(true)
            .open(dir.path().join(name))
            .expect("the leftover");
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        file.set_modified(hour_ago).expect("set its time");
    }
    let o = run(&[
        "generate",
        s(&f),
        "--needs",
        "50",
        "--activities",
        "5",
        "--questions",
        "5",
    ]);
    let o2 = run(&["check", s(&f), "--today", "2026-11-30"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(o2.status.code(), Some(0), "{}", stderr(&o2));
    assert_eq!(files_in(dir.path()), vec!["g.medskapa"]);
}

/// Overwrite the header of the root page of the index `need_activity`, as a disk fault
/// would (SQLite: `btreeInitPage() returns error code 11`).
fn damage_an_index(path: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let conn = Connection::open(path).expect("open");
    let root: i64 = conn
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'need_activity'",
            [],
            |r| r.get(0),
        )
        .expect("the index");
    let page_size: i64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .expect("page size");
    drop(conn);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("open for writing");
    f.seek(SeekFrom::Start(((root - 1) * page_size) as u64))
        .expect("seek");
    f.write_all(&[0xFF; 12]).expect("write");
}

#[test]
fn a_damaged_project_is_refused_by_import_check_and_export_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let f = demo(dir.path());
    damage_an_index(&f);
    let before = std::fs::read(&f).unwrap();
    let csv = dir.path().join("enkat.csv");
    std::fs::write(&csv, "Behov\nFler bänkar\n").unwrap();
    let import = [
        "import-needs",
        s(&f),
        "--csv",
        s(&csv),
        "--activity",
        "a05",
        "--statement",
        "Behov",
    ];
    let out = dir.path().join("ut.json");
    for args in [
        &import[..],
        &["check", s(&f), "--today", "2026-11-29"],
        &["export", s(&f), "--json", s(&out)],
    ] {
        assert_refused(&run(args), &[s(&f), "damaged"]);
        assert!(
            std::fs::read(&f).unwrap() == before,
            "{args:?} left the file unchanged"
        );
    }
    assert!(!out.exists(), "no export of a damaged project");
    assert_eq!(files_in(dir.path()), ["demo.medskapa", "enkat.csv"]);
}

/// `medskapa --help` with only `vars` as the language environment.
fn help_in(vars: &[(&str, &str)], args: &[&str]) -> String {
    let mut cmd = bin();
    cmd.args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let o = cmd.output().expect("run medskapa");
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    String::from_utf8(o.stdout).expect("UTF-8 help")
}

fn assert_has(text: &str, words: &[&str]) {
    for w in words {
        assert!(text.contains(w), "{w:?} missing from:\n{text}");
    }
}

#[test]
fn help_is_in_the_language_of_the_environment_with_the_same_names() {
    let sv = [("LANG", "sv_SE.UTF-8")];
    let en = [("LANG", "en_US.UTF-8")];
    let text = help_in(&sv, &["--help"]);
    assert_has(
        &text,
        &[
            "Användning:",
            "Kommandon:",
            "Flaggor:",
            "planera medborgardialog",
            "Skriv ut planeringsvarningarna",
            "Visa versionen",
            "Visa hjälpen",
            "check",
            "import-needs",
            "export-csv",
            "--version",
        ],
    );
    assert!(!text.contains("Print the planning warnings"), "{text}");
    let text = help_in(&en, &["--help"]);
    assert_has(
        &text,
        &[
            "Usage:",
            "Commands:",
            "Options:",
            "Print the planning warnings",
            "import-needs",
        ],
    );
    assert!(!text.contains("Användning"), "{text}");

    // Each subcommand and its options; the option names stay as scripts use them.
    let text = help_in(&sv, &["check", "--help"]);
    assert_has(
        &text,
        &[
            "--today",
            "--json",
            "--lang",
            "Datumet att kontrollera mot",
            "Skriv JSON",
            "Argument:",
        ],
    );
    let text = help_in(&en, &["check", "--help"]);
    assert_has(
        &text,
        &[
            "--today",
            "--json",
            "--lang",
            "The date to check against",
            "Print JSON",
        ],
    );
    let text = help_in(&sv, &["help", "import-needs"]);
    assert_has(
        &text,
        &["--statement", "Importera behov", "Kolumnen med behovet"],
    );

    // LC_ALL before LC_MESSAGES before LANG, as POSIX orders them; no language is English.
    let text = help_in(
        &[("LC_ALL", "sv_SE.UTF-8"), ("LANG", "en_US.UTF-8")],
        &["--help"],
    );
    assert_has(&text, &["Användning:"]);
    let text = help_in(
        &[("LC_MESSAGES", "en_GB.UTF-8"), ("LANG", "sv_SE.UTF-8")],
        &["--help"],
    );
    assert_has(&text, &["Usage:"]);
    assert_has(&help_in(&[], &["--help"]), &["Usage:"]);
}

#[test]
fn version_prints_name_and_version_and_exits_0() {
    for lang in ["sv_SE.UTF-8", "en_US.UTF-8"] {
        assert_eq!(
            help_in(&[("LANG", lang)], &["--version"]),
            "medskapa 0.1.0\n"
        );
    }
}

#[test]
fn a_file_alone_opens_the_app_on_it_as_a_file_manager_asks() {
    let dir = tempfile::tempdir().unwrap();
    let project = demo(dir.path());
    assert_eq!(cli(&[s(&project)]), Outcome::Gui(Some(project.clone())));
    assert_eq!(cli(&[]), Outcome::Gui(None));
    // What is not a project is refused before a window appears.
    let text = dir.path().join("notes.medskapa");
    std::fs::write(&text, "not a project").unwrap();
    assert_eq!(cli(&[s(&text)]), Outcome::Exit(2));
}
