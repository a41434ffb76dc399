//! Outputs that publish residents' words refuse personal data unless
//! `--allow-personal-data`; a survey import takes it and counts it.

use super::*;

const ID_NUMBER: &str = "850709-9805";

/// The demo project with a valid personal identity number in the quote of one need that
/// the brief for a decision shows; returns the project, the decision and the need.
fn demo_with_id_number(dir: &Path) -> (PathBuf, String, String, String) {
    let f = demo(dir);
    let c = Connection::open(&f).unwrap();
    let (decision, need, activity): (String, String, String) = c
        .query_row(
            "SELECT q.decision_id, n.id, n.activity_id FROM need n
             JOIN activity_question aq ON aq.activity_id = n.activity_id
             JOIN key_question q ON q.id = aq.key_question_id
             WHERE q.decision_id IS NOT NULL ORDER BY q.decision_id, n.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    c.execute(
        "UPDATE need SET quote = ?1 WHERE id = ?2",
        rusqlite::params![format!("mitt nr är {ID_NUMBER}, ring"), need],
    )
    .unwrap();
    (f, decision, need, activity)
}

fn refused_naming(o: &Output, need: &str) {
    assert_refused(
        o,
        &[
            "demo.medskapa",
            &format!("need {need} quote"),
            "personal identity number (850709-****)",
            "--allow-personal-data",
        ],
    );
    assert!(!stderr(o).contains(ID_NUMBER), "{}", stderr(o));
}

#[test]
fn brief_refuses_a_quote_with_an_identity_number_and_writes_it_when_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let (f, decision, need, _) = demo_with_id_number(dir.path());
    let out = dir.path().join("brief.pdf");
    let args = ["brief", s(&f), "--decision", &decision, "--out", s(&out)];
    let o = run(&args);
    refused_naming(&o, &need);
    assert!(!out.exists(), "no PDF written");
    let mut allowed = args.to_vec();
    allowed.push("--allow-personal-data");
    let o = run(&allowed);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));
}

#[test]
fn export_json_refuses_personal_data_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let (f, _, need, _) = demo_with_id_number(dir.path());
    let out = dir.path().join("p.json");
    let o = run(&["export", s(&f), "--json", s(&out)]);
    refused_naming(&o, &need);
    assert!(!out.exists());
    let o = run(&["export", s(&f), "--json", s(&out), "--allow-personal-data"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&out).unwrap().contains(ID_NUMBER));
}

#[test]
fn export_csv_of_the_needs_refuses_personal_data_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let (f, _, need, _) = demo_with_id_number(dir.path());
    let out = dir.path().join("behov.csv");
    let o = run(&["export-csv", s(&f), "--needs", s(&out)]);
    refused_naming(&o, &need);
    assert!(!out.exists());
    let o = run(&[
        "export-csv",
        s(&f),
        "--needs",
        s(&out),
        "--allow-personal-data",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.exists());
}

#[test]
fn feedback_refuses_the_sheet_of_an_activity_whose_need_holds_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let (f, _, need, activity) = demo_with_id_number(dir.path());
    let out = dir.path().join("ark.pdf");
    let args = ["feedback", s(&f), "--activity", &activity, "--out", s(&out)];
    let o = run(&args);
    refused_naming(&o, &need);
    assert!(!out.exists());
    let mut allowed = args.to_vec();
    allowed.push("--allow-personal-data");
    let o = run(&allowed);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.exists());
}

#[test]
fn import_needs_takes_personal_data_and_says_how_many_rows_hold_it() {
    let dir = tempfile::tempdir().unwrap();
    let f = demo(dir.path());
    let csv = dir.path().join("enkat.csv");
    std::fs::write(
        &csv,
        "behov;citat\nLängre öppettider;mejla mig på kim@example.se\nFler sittplatser;\nTyst rum;ring 070-123 45 67\n",
    )
    .unwrap();
    let o = run(&[
        "import-needs",
        s(&f),
        "--csv",
        s(&csv),
        "--activity",
        "a05",
        "--statement",
        "behov",
        "--quote",
        "citat",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let line = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(line.contains("imported 3 needs"), "{line}");
    assert!(line.contains("personal data in 2 of them"), "{line}");
}
