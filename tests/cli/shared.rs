//! The command line on a shared project: `share`, and every command that reads a project
//! given a `postgresql://` address, against a real server. Every test is named `pg_…`.

use std::path::Path;
use std::process::Output;

use medskapa_cli::Outcome;
use medskapa_core::testing::{self, TestServer};

use super::{assert_refused, bin, cli, demo, run, s, stderr};

fn server() -> &'static TestServer {
    testing::server().unwrap_or_else(|e| panic!("a PostgreSQL server for the tests: {e}"))
}

/// Run with `PGPASSWORD` set, the way a user gives a password to the command line.
fn run_with_password(password: &str, args: &[&str]) -> Output {
    bin()
        .env("PGPASSWORD", password)
        .args(args)
        .output()
        .expect("run medskapa")
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", stderr(o));
    String::from_utf8_lossy(&o.stdout).to_string()
}

/// The demo as a file in `dir` and shared into a fresh database: (file, address).
fn shared_demo(dir: &Path) -> (std::path::PathBuf, String) {
    let file = demo(dir);
    let url = server().database("cli").expect("a database");
    let out = ok(&run(&["share", s(&file), "--server", &url]));
    assert!(out.contains("shared as"), "{out}");
    (file, url)
}

fn export(project: &str) -> String {
    ok(&run(&["export", project, "--json", "-"]))
}

#[test]
fn pg_share_then_export_equals_the_file_and_imports_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (file, url) = shared_demo(dir.path());
    let from_server = export(&url);
    assert_eq!(from_server, export(s(&file)));
    let json = dir.path().join("back.json");
    std::fs::write(&json, &from_server).expect("write");
    let back = dir.path().join("back.medskapa");
    ok(&run(&["import", s(&back), "--json", s(&json)]));
    assert_eq!(export(s(&back)), from_server);
}

#[test]
fn pg_every_reading_command_takes_an_address() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (file, url) = shared_demo(dir.path());
    let check = |p: &str| ok(&run(&["check", p, "--today", "2026-11-30", "--json"]));
    assert_eq!(check(&url), check(s(&file)));
    for (name, args) in [
        (
            "brief",
            vec!["brief", "--decision", "d1", "--today", "2026-11-30"],
        ),
        ("feedback", vec!["feedback", "--activity", "a01"]),
    ] {
        let (a, b) = (
            dir.path().join(format!("{name}-pg.pdf")),
            dir.path().join(format!("{name}-file.pdf")),
        );
        for (project, out) in [(url.as_str(), &a), (s(&file), &b)] {
            let mut all = vec![args[0], project];
            all.extend_from_slice(&args[1..]);
            all.extend_from_slice(&["--out", s(out)]);
            ok(&run(&all));
        }
        assert!(
            std::fs::read(&a).ok() == std::fs::read(&b).ok(),
            "{name} PDFs differ"
        );
    }
    let (a, b) = (dir.path().join("pg.csv"), dir.path().join("file.csv"));
    ok(&run(&["export-csv", &url, "--needs", s(&a)]));
    ok(&run(&["export-csv", s(&file), "--needs", s(&b)]));
    assert!(
        std::fs::read(&a).ok() == std::fs::read(&b).ok(),
        "the needs sheets differ"
    );

    let survey = dir.path().join("enkät.csv");
    std::fs::write(
        &survey,
        "Vad saknar du?;Grupp\nFler sittplatser vid fönstren;Unga\nLängre öppettider;\n",
    )
    .expect("write the survey");
    let line = ok(&run(&[
        "import-needs",
        &url,
        "--csv",
        s(&survey),
        "--activity",
        "a01",
        "--statement",
        "Vad saknar du?",
        "--segment",
        "Grupp",
    ]));
    assert!(line.contains("imported 2 needs"), "{line}");
    assert!(!line.contains("PGPASSWORD"), "{line}");
    assert!(export(&url).contains("Fler sittplatser vid fönstren"));

    assert_eq!(cli(&["open", &url]), Outcome::Gui(Some(url.clone().into())));
}

#[test]
fn pg_refusals_are_one_line_with_exit_2_and_change_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (file, url) = shared_demo(dir.path());
    let before = export(&url);
    let srv = server();
    let db = testing::database_of(&url).to_string();
    let suffix = db.replace(|c: char| !c.is_ascii_alphanumeric(), "_");
    let (reader, stranger) = (format!("bo_{suffix}"), format!("eve_{suffix}"));
    srv.psql(
        &db,
        &format!(
            "CREATE ROLE {reader} LOGIN PASSWORD 'läs'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader};
             CREATE ROLE {stranger} LOGIN PASSWORD 'x';"
        ),
    )
    .expect("roles");
    let survey = dir.path().join("enkät.csv");
    std::fs::write(&survey, "Behov\nEn ny idé\n").expect("write");
    let import = |project: &str| {
        vec![
            "import-needs".to_string(),
            project.to_string(),
            "--csv".into(),
            s(&survey).into(),
            "--activity".into(),
            "a01".into(),
            "--statement".into(),
            "Behov".into(),
        ]
    };
    let as_reader = srv.url(&db, &reader);
    let o = run_with_password(
        "läs",
        &import(&as_reader)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_refused(&o, &["read"]);
    assert_eq!(export(&url), before, "a reader changed nothing");
    // A reader may read.
    ok(&run_with_password(
        "läs",
        &["check", &as_reader, "--today", "2026-11-30"],
    ));

    let cases: Vec<(Output, Vec<&str>)> = vec![
        (
            run(&["check", "postgresql://server-without-database"]),
            vec!["names no database"],
        ),
        (
            run(&[
                "export",
                "postgresql://postgres@/x?host=/no/such/folder&port=1",
                "--json",
                "-",
            ]),
            vec!["cannot reach the server"],
        ),
        (
            run_with_password("fel", &["check", &srv.url(&db, &reader)]),
            vec!["did not accept", &reader],
        ),
        (
            run(&["check", &srv.url(&db, &reader)]),
            vec!["asks for a password"],
        ),
        (
            run_with_password("x", &["export", &srv.url(&db, &stranger), "--json", "-"]),
            vec!["no access to this project"],
        ),
        (
            run(&["share", s(&file), "--server", &url]),
            vec!["already holds a project"],
        ),
        (
            run(&["share", s(&file), "--server", "bibliotek"]),
            vec!["--server", "not a PostgreSQL address"],
        ),
    ];
    for (o, needles) in &cases {
        assert_refused(o, needles);
        assert!(
            !stderr(o).contains("fel"),
            "no password printed: {}",
            stderr(o)
        );
    }
    let other = srv.database("notours").expect("a database");
    srv.psql(
        testing::database_of(&other),
        "CREATE TABLE invoices (id int)",
    )
    .expect("plant");
    assert_refused(&run(&["check", &other]), &["not a Medskapa project"]);
    assert_refused(
        &run(&["share", s(&file), "--server", &other]),
        &["not empty"],
    );
    assert_eq!(export(&url), before, "nothing changed");
}

#[test]
fn pg_the_password_can_come_from_a_pgpass_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, url) = shared_demo(dir.path());
    let srv = server();
    let db = testing::database_of(&url).to_string();
    let user = format!(
        "anna_{}",
        db.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    );
    srv.psql(
        &db,
        &format!("CREATE ROLE {user} LOGIN PASSWORD 'hemlis'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {user};"),
    )
    .expect("a role");
    let pgpass = dir.path().join("pgpass");
    std::fs::write(&pgpass, format!("# Medskapa\n*:*:{db}:{user}:hemlis\n")).expect("write");
    let o = bin()
        .env("PGPASSFILE", &pgpass)
        .env_remove("PGPASSWORD")
        .args(["export", &srv.url(&db, &user), "--json", "-"])
        .output()
        .expect("run");
    assert_eq!(ok(&o), export(&url));
}
