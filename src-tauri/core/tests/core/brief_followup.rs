//! The brief's "Vad vi har lovat" and "Vilka nådde vi?" sections, and the commitments on
//! the "Ni sa – vi gör" sheet, read back with pdftotext.

use std::process::Command;

use chrono::NaiveDate;
use medskapa_core::documents::brief::{build_brief, render_html, render_pdf, BriefTarget, Lang};
use medskapa_core::documents::feedback::render_feedback;
use medskapa_core::domain::model::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).expect("valid date")
}

/// The text of a PDF, whitespace (no-break spaces too) folded to single spaces.
fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).expect("write pdf");
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext must be installed: {e}"));
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn segment(id: &str, name: &str, priority: bool, residents: Option<u32>) -> Segment {
    Segment {
        id: id.into(),
        name: name.into(),
        priority,
        residents,
        ..Segment::default()
    }
}

fn came(segment: &str, count: u32) -> Participants {
    Participants {
        segment_id: segment.into(),
        count,
    }
}

/// Decision d1 with questions q1 and q2; a1 held for q1 reached Unga 36 of 9 000 (0,4 %),
/// Seniorer 100 of 2 000 (5,0 %) and 5 Barnfamiljer (residents unknown). Commitments: c1
/// for d1, done; c2 for q2, in progress; c3 for another decision.
fn project() -> Project {
    let mut p = Project::default();
    p.project.name = "Stadsbiblioteket".into();
    p.segments = vec![
        segment("s1", "Unga 13–19", true, Some(9000)),
        segment("s2", "Seniorer", false, Some(2000)),
        segment("s3", "Barnfamiljer", true, None),
    ];
    p.decisions = ["d1", "d2"]
        .iter()
        .map(|id| Decision {
            id: id.to_string(),
            title: format!("Beslut {id}"),
            decision_date: Some("2027-03-15".into()),
            ..Decision::default()
        })
        .collect();
    p.key_questions = ["q1", "q2"]
        .iter()
        .map(|id| KeyQuestion {
            id: id.to_string(),
            title: format!("Fråga {id}"),
            decision_id: Some("d1".into()),
            ..KeyQuestion::default()
        })
        .collect();
    p.activities = vec![Activity {
        id: "a1".into(),
        title: "Pop-up i Stadsparken".into(),
        starts_at: Some("2026-09-12T11:00".into()),
        status: ActivityStatus::Held,
        key_question_ids: vec!["q1".into()],
        participants: vec![came("s1", 36), came("s2", 100), came("s3", 5)],
        ..Activity::default()
    }];
    p.needs = vec![Need {
        id: "n1".into(),
        statement: "Sittplatser utan köptvång".into(),
        activity_id: Some("a1".into()),
        segment_ids: vec!["s1".into()],
        ..Need::default()
    }];
    p.insights = vec![Insight {
        id: "i1".into(),
        title: "Platser att vara på".into(),
        need_ids: vec!["n1".into()],
        key_question_ids: vec!["q1".into()],
        response: "Vi planerar fler sittplatser i entréplanet.".into(),
        response_status: ResponseStatus::Adopted,
        ..Insight::default()
    }];
    p.commitments = vec![
        Commitment {
            id: "c1".into(),
            title: "Fler sittplatser utan köptvång".into(),
            owner: "Anna Berg".into(),
            due_date: Some("2026-10-31".into()),
            status: CommitmentStatus::Done,
            decision_id: Some("d1".into()),
            history: vec![CommitmentEvent {
                on: "2026-10-15".into(),
                status: CommitmentStatus::Done,
                note: String::new(),
            }],
            insight_ids: vec!["i1".into()],
            ..Commitment::default()
        },
        Commitment {
            id: "c2".into(),
            title: "Pop-ups på fyra språk".into(),
            due_date: Some("2027-02-01".into()),
            status: CommitmentStatus::InProgress,
            key_question_ids: vec!["q2".into()],
            need_ids: vec!["n1".into()],
            ..Commitment::default()
        },
        Commitment {
            id: "c3".into(),
            title: "Ett löfte om något annat".into(),
            decision_id: Some("d2".into()),
            ..Commitment::default()
        },
    ];
    p
}

fn brief(p: &Project, target: BriefTarget, lang: Lang) -> Vec<u8> {
    let model = build_brief(p, &target, lang, today(), &[]).expect("brief builds");
    render_pdf(&model)
}

#[test]
fn the_decision_brief_lists_what_was_promised() {
    let text = pdf_text(&brief(
        &project(),
        BriefTarget::Decision("d1".into()),
        Lang::Sv,
    ));
    for needle in [
        "Vad vi har lovat",
        "Löfte Status Ansvarig Klart senast Klart",
        "Fler sittplatser utan köptvång",
        "Anna Berg",
        "31 oktober 2026",
        "15 oktober 2026",
        "Pop-ups på fyra språk",
        "Pågår",
        "1 februari 2027",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    assert!(text.contains("Klar"), "{text}");
    // Another decision's commitment is not this brief's.
    assert!(!text.contains("Ett löfte om något annat"), "{text}");
    // By due date: the one due in October first.
    let first = text
        .find("Fler sittplatser utan köptvång")
        .unwrap_or(usize::MAX);
    let second = text.find("Pop-ups på fyra språk").unwrap_or(0);
    assert!(first < second, "{text}");
}

#[test]
fn a_question_brief_lists_its_questions_commitments_and_says_when_there_are_none() {
    let p = project();
    let q2 = pdf_text(&brief(&p, BriefTarget::Question("q2".into()), Lang::En));
    assert!(q2.contains("What we have promised"), "{q2}");
    assert!(q2.contains("Pop-ups på fyra språk In progress"), "{q2}");
    assert!(!q2.contains("Fler sittplatser utan köptvång"), "{q2}");
    let q1 = pdf_text(&brief(&p, BriefTarget::Question("q1".into()), Lang::Sv));
    assert!(
        q1.contains("Inga löften är kopplade till underlaget ännu."),
        "{q1}"
    );
}

#[test]
fn the_brief_shows_whom_the_dialogues_reached_as_a_table_and_a_chart() {
    let p = project();
    let text = pdf_text(&brief(&p, BriefTarget::Decision("d1".into()), Lang::Sv));
    for needle in [
        "Vilka nådde vi?",
        "Målgrupp Invånare Deltagare Andel Prioriterad",
        // 36 ÷ 9 000 = 0,4 %, 100 ÷ 2 000 = 5,0 %; no rate without residents.
        "Unga 13–19 9 000 36 0,4 % Ja",
        "Seniorer 2 000 100 5,0 %",
        // pdftotext reads the right-aligned cells of this row first.
        "– 5 –",
        "Andel av invånarna som deltog, per målgrupp",
        // 0,004 ÷ 0,05 = 0,08.
        "Representationstal: 0,08",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    // The web page carries the chart as a table of its own, in Swedish numbers.
    let model = build_brief(
        &p,
        &BriefTarget::Decision("d1".into()),
        Lang::Sv,
        today(),
        &[],
    )
    .expect("brief builds");
    let html = render_html(&model);
    assert!(
        html.contains("<th scope=\"col\">Målgrupp</th><th scope=\"col\">Andel</th>"),
        "{html}"
    );
    assert!(html.contains("0,4\u{a0}%</td>"), "{html}");
    // And the same figures come out the same bytes.
    assert_eq!(
        brief(&p, BriefTarget::Decision("d1".into()), Lang::Sv),
        brief(&p, BriefTarget::Decision("d1".into()), Lang::Sv)
    );
}

#[test]
fn without_residents_the_brief_says_the_rates_cannot_be_worked_out() {
    let mut p = project();
    for s in &mut p.segments {
        s.residents = None;
    }
    let text = pdf_text(&brief(&p, BriefTarget::Decision("d1".into()), Lang::En));
    assert!(text.contains("Whom did we reach?"), "{text}");
    assert!(
        text.contains("No group has a number of residents, so the rates cannot be worked out."),
        "{text}"
    );
    assert!(!text.contains("Representation score"), "{text}");
}

#[test]
fn the_feedback_sheet_lists_the_commitments_that_answer_the_activitys_needs() {
    let p = project();
    let text = pdf_text(&render_feedback(&p, "a1", Lang::Sv).expect("sheet renders"));
    // c1 answers i1, built on the activity's need; c2 is linked to the need itself.
    assert!(
        text.contains("Klar: Fler sittplatser utan köptvång"),
        "{text}"
    );
    assert!(text.contains("Pågår: Pop-ups på fyra språk"), "{text}");
    assert!(!text.contains("Ett löfte om något annat"), "{text}");
    // The insight c1 answers is told once, as the commitment.
    assert!(
        !text.contains("Vi planerar fler sittplatser i entréplanet."),
        "{text}"
    );
    let en = pdf_text(&render_feedback(&p, "a1", Lang::En).expect("sheet renders"));
    assert!(en.contains("In progress: Pop-ups på fyra språk"), "{en}");
}

#[test]
fn the_warnings_box_names_an_overdue_commitment_of_the_brief_and_no_other() {
    let mut p = project();
    p.commitments[1].due_date = Some("2026-11-01".into());
    p.commitments[2].title = "Annat försenat löfte".into();
    p.commitments[2].due_date = Some("2026-11-02".into());
    let warnings = medskapa_core::domain::checks::check(&p, today(), Lang::Sv);
    let overdue = warnings
        .iter()
        .filter(|w| w.code == "commitment_overdue")
        .count();
    assert_eq!(overdue, 2, "{warnings:#?}");
    let model = build_brief(
        &p,
        &BriefTarget::Decision("d1".into()),
        Lang::Sv,
        today(),
        &warnings,
    )
    .expect("brief builds");
    let text = pdf_text(&render_pdf(&model));
    assert!(
        text.contains("Varning – Löftet är försenat: Löftet ”Pop-ups på fyra språk” skulle vara klart 1 november 2026"),
        "{text}"
    );
    assert!(!text.contains("Annat försenat löfte"), "{text}");
}
