//! Commitments ("vi gör"): saved and read back whole in a file and on a server, merged when
//! two people edit one, their history only growing, their links following what they point
//! to; interchange version 1 files still import. Tests against a real PostgreSQL server
//! (`medskapa_core::testing`) are named `pg_…`.

use chrono::NaiveDate;
use medskapa_core::domain::model::*;
use medskapa_core::formats::interchange;
use medskapa_core::store::Store;
use medskapa_core::support::error::ErrorCode;
use medskapa_core::testing::{self, TestServer};

use crate::support::demo_project;

fn server() -> &'static TestServer {
    testing::server().unwrap_or_else(|e| panic!("a PostgreSQL server for the tests: {e}"))
}

fn event(on: &str, status: CommitmentStatus, note: &str) -> CommitmentEvent {
    CommitmentEvent {
        on: on.into(),
        status,
        note: note.into(),
    }
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
}

/// A small project: decisions d1 d2, questions q1 (d1) q2 (d1), segments s1 s2 with
/// residents, needs n1 (s1) n2 (s2), insight i1 citing both and answering q1 and q2, and
/// two commitments.
fn project() -> Project {
    let mut p = Project::default();
    p.project.name = "Nya stadsbiblioteket".into();
    p.project.representation = Representation {
        min_ratio: 0.25,
        within_days: 90,
    };
    p.segments = ["s1", "s2"]
        .iter()
        .enumerate()
        .map(|(k, id)| Segment {
            id: (*id).into(),
            name: format!("Segment {id}"),
            residents: Some(1000 * (k as u32 + 1)),
            residents_source: "SCB 2025".into(),
            ..Segment::default()
        })
        .collect();
    p.decisions = ["d1", "d2"]
        .iter()
        .map(|id| Decision {
            id: (*id).into(),
            title: format!("Beslut {id}"),
            ..Decision::default()
        })
        .collect();
    p.key_questions = ["q1", "q2"]
        .iter()
        .map(|id| KeyQuestion {
            id: (*id).into(),
            title: format!("Fråga {id}"),
            decision_id: Some("d1".into()),
            ..KeyQuestion::default()
        })
        .collect();
    p.needs = vec![
        Need {
            id: "n1".into(),
            statement: "Längre öppettider".into(),
            segment_ids: vec!["s1".into()],
            ..Need::default()
        },
        Need {
            id: "n2".into(),
            statement: "Tysta läsplatser".into(),
            segment_ids: vec!["s2".into()],
            ..Need::default()
        },
    ];
    p.insights = vec![Insight {
        id: "i1".into(),
        title: "Biblioteket som vardagsrum".into(),
        need_ids: vec!["n1".into(), "n2".into()],
        key_question_ids: vec!["q1".into(), "q2".into()],
        response: "Vi öppnar kl. 8 på vardagar\n\nFrån och med hösten.".into(),
        ..Insight::default()
    }];
    p.commitments = vec![
        Commitment {
            id: "c1".into(),
            title: "Öppet kl. 8 på vardagar".into(),
            description: "Från **hösten**.".into(),
            owner: "Karin Ek".into(),
            due_date: Some("2027-03-01".into()),
            status: CommitmentStatus::InProgress,
            decision_id: Some("d1".into()),
            history: vec![
                event("2027-01-10", CommitmentStatus::Planned, ""),
                event("2027-02-01", CommitmentStatus::InProgress, "Schema klart"),
            ],
            insight_ids: vec!["i1".into()],
            need_ids: vec!["n1".into(), "n2".into()],
            key_question_ids: vec!["q1".into()],
            segment_ids: vec!["s1".into(), "s2".into()],
            ..Commitment::default()
        },
        Commitment {
            id: "c2".into(),
            title: "Tyst rum på plan 2".into(),
            due_date: Some("2027-06-01".into()),
            status: CommitmentStatus::Done,
            decision_id: Some("d2".into()),
            history: vec![event("2027-05-20", CommitmentStatus::Done, "Invigt")],
            ..Commitment::default()
        },
    ];
    p.canonicalize();
    p
}

fn file_store(dir: &std::path::Path) -> Store {
    Store::create_from(&dir.join("p.medskapa"), &project()).expect("create")
}

fn commitment(store: &Store, id: &str) -> Commitment {
    store
        .commitments()
        .expect("commitments")
        .into_iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no commitment {id}"))
}

/// Everything the round trip must keep: the commitments, residents and thresholds, and an
/// edited commitment read back as saved.
fn round_trip(store: &mut Store) {
    assert_eq!(store.load_project().expect("load"), project());
    assert_eq!(
        store.project_info().expect("info").representation,
        project().project.representation
    );
    let mut c = store.commitment_for_edit("c2").expect("for edit").value;
    c.owner = "Ali Hassan".into();
    c.need_ids = vec!["n2".into()];
    c.key_question_ids = vec!["q2".into()];
    c.segment_ids = vec!["s2".into()];
    c.insight_ids = vec!["i1".into()];
    c.due_date = None;
    let saved = store.save_commitment(&c).expect("save");
    assert_eq!(saved, c);
    assert_eq!(commitment(store, "c2"), c);
    let mut s = project().segments[0].clone();
    s.residents = Some(123_456);
    s.residents_source = "Exempel".into();
    assert_eq!(store.save_segment(&s).expect("save segment"), s);
    let p = store.load_project().expect("load");
    assert_eq!(p.segments[0], s);
    assert_eq!(p.commitments[1], c);
}

#[test]
fn commitments_residents_and_thresholds_round_trip_through_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = file_store(dir.path());
    round_trip(&mut store);
    // And through interchange JSON, in canonical order.
    let p = project();
    let text = interchange::to_json(&p);
    assert_eq!(interchange::parse(&text).expect("parses"), p);
    assert_eq!(
        interchange::to_json(&interchange::parse(&text).unwrap()),
        text
    );
}

#[test]
fn pg_commitments_residents_and_thresholds_round_trip_through_a_server() {
    let url = server().database("commitments").expect("a database");
    Store::share(&project(), &url, None).expect("share");
    let mut store = Store::open_server(&url, None).expect("open");
    round_trip(&mut store);
}

#[test]
fn the_history_only_grows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = file_store(dir.path());
    let stored = commitment(&store, "c1");
    // A save that lacks an event keeps it.
    let mut c = stored.clone();
    c.history.remove(0);
    c.title = "Öppet kl. 8 alla vardagar".into();
    store.save_commitment(&c).expect("save");
    assert_eq!(commitment(&store, "c1").history, stored.history);
    // A new status adds an event after the others.
    let done = set_commitment_status(
        &commitment(&store, "c1"),
        CommitmentStatus::Done,
        "2027-03-02",
        "Klart",
    );
    assert_eq!(done.status, CommitmentStatus::Done);
    store.save_commitment(&done).expect("save");
    let after = commitment(&store, "c1");
    assert_eq!(after.history.len(), 3);
    assert_eq!(&after.history[..2], &stored.history[..]);
    assert_eq!(
        after.history[2],
        event("2027-03-02", CommitmentStatus::Done, "Klart")
    );
    assert_eq!(after.done_on(), Some("2027-03-02"));
    assert_eq!(after.title, "Öppet kl. 8 alla vardagar");
}

#[test]
fn pg_two_edits_of_one_commitment_merge_status_and_owner() {
    let url = server().database("commitments").expect("a database");
    Store::share(&project(), &url, None).expect("share");
    let mut a = Store::open_server(&url, None).expect("open as the first person");
    let mut b = Store::open_server(&url, None).expect("open as the second person");
    let base_a = a.commitment_for_edit("c1").expect("a loads");
    let base_b = b.commitment_for_edit("c1").expect("b loads");
    // A marks it done; B, meanwhile, hands it to someone else and adds a segment.
    let done = set_commitment_status(&base_a.value, CommitmentStatus::Done, "2027-03-02", "");
    let saved_a = a
        .save_commitment_from(&done, Some(&base_a))
        .expect("a saves");
    assert!(saved_a.conflicts.is_empty());
    let mut other = base_b.value.clone();
    other.owner = "Ali Hassan".into();
    other.segment_ids = vec!["s1".into()];
    let other = set_commitment_status(&other, CommitmentStatus::Dropped, "2027-03-02", "Ny ägare");
    let saved_b = b
        .save_commitment_from(&other, Some(&base_b))
        .expect("b saves");
    // B dropped it while A set it done: a conflict, A's status kept.
    assert_eq!(saved_b.conflicts.len(), 1, "{:?}", saved_b.conflicts);
    assert_eq!(saved_b.conflicts[0].field, "status");
    let now = commitment(&a, "c1");
    assert_eq!(now.status, CommitmentStatus::Done);
    assert_eq!(now.owner, "Ali Hassan");
    assert_eq!(now.segment_ids, vec!["s1".to_string()]);
    assert_eq!(now.reason, "Ny ägare");
    // Both events are kept, A's first.
    let statuses: Vec<CommitmentStatus> = now.history.iter().map(|e| e.status).collect();
    assert_eq!(
        statuses,
        vec![
            CommitmentStatus::Planned,
            CommitmentStatus::InProgress,
            CommitmentStatus::Done,
            CommitmentStatus::Dropped
        ]
    );
}

#[test]
fn a_status_change_and_an_owner_change_made_at_once_both_stay() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = file_store(dir.path());
    let base = store.commitment_for_edit("c1").expect("loads");
    let done = set_commitment_status(&base.value, CommitmentStatus::Done, "2027-03-02", "");
    store
        .save_commitment_from(&done, Some(&base))
        .expect("first save");
    let mut owner = base.value.clone();
    owner.owner = "Ali Hassan".into();
    let saved = store
        .save_commitment_from(&owner, Some(&base))
        .expect("second save from the same base");
    assert!(saved.conflicts.is_empty(), "{:?}", saved.conflicts);
    assert_eq!(saved.value.status, CommitmentStatus::Done);
    assert_eq!(saved.value.owner, "Ali Hassan");
    assert_eq!(saved.value.done_on(), Some("2027-03-02"));
    assert!(saved.revision > base.revision + 1);
}

#[test]
fn deleting_what_a_commitment_links_to_removes_the_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = file_store(dir.path());
    store.delete_insight("i1").expect("delete the insight");
    let c = commitment(&store, "c1");
    assert!(c.insight_ids.is_empty());
    store.delete_needs(&["n1".into()]).expect("delete a need");
    store.delete_key_question("q1").expect("delete a question");
    store.delete_segment("s2", true).expect("delete a segment");
    store
        .delete_decision("d1", QuestionsOnDelete::Unlink)
        .expect("delete the decision");
    let c = commitment(&store, "c1");
    assert_eq!(c.need_ids, vec!["n2".to_string()]);
    assert!(c.key_question_ids.is_empty());
    assert_eq!(c.segment_ids, vec!["s1".to_string()]);
    assert_eq!(c.decision_id, None);
    assert_eq!(c.history.len(), 2, "the history stays");
    // Deleting the commitment takes its history and links with it, and an edit of it
    // says it was deleted.
    let base = store.commitment_for_edit("c1").expect("loads");
    store.delete_commitment("c1").expect("delete");
    assert!(store.commitments().unwrap().iter().all(|c| c.id != "c1"));
    let e = store
        .save_commitment_from(&base.value, Some(&base))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Deleted);
    assert_eq!(
        store.delete_commitment("c1").unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn undoing_a_need_deletion_gives_its_commitments_their_link_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = file_store(dir.path());
    let before = commitment(&store, "c1");
    assert!(before.need_ids.contains(&"n1".to_string()), "{before:?}");
    store.delete_needs(&["n1".into()]).expect("delete a need");
    assert!(!commitment(&store, "c1")
        .need_ids
        .contains(&"n1".to_string()));
    store.undo().expect("undo").expect("something to undo");
    assert_eq!(commitment(&store, "c1").need_ids, before.need_ids);
}

#[test]
fn a_commitment_is_refused_with_its_field_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = file_store(dir.path());
    let good = commitment(&store, "c1");
    let mut field = |c: Commitment| {
        store
            .save_commitment(&c)
            .unwrap_err()
            .field
            .unwrap_or_default()
    };
    let mut c = good.clone();
    c.title = "  ".into();
    assert_eq!(field(c), "title");
    let mut c = good.clone();
    c.due_date = Some("1 mars".into());
    assert_eq!(field(c), "due_date");
    let mut c = good.clone();
    c.history[1].on = "2027-02-30".into();
    assert_eq!(field(c), "history[1].on");
    let mut c = good.clone();
    c.insight_ids = vec!["no-such".into()];
    assert_eq!(field(c), "insight_ids[0]");
    let mut c = good.clone();
    c.decision_id = Some("no-such".into());
    assert_eq!(field(c), "decision_id");
    assert_eq!(commitment(&store, "c1"), good, "nothing was saved");
    // Dropped without a reason is kept: a planning rule reports it.
    let dropped = set_commitment_status(&good, CommitmentStatus::Dropped, "2027-03-01", "");
    assert_eq!(store.save_commitment(&dropped).expect("saved").reason, "");
    // A note when dropping is the reason.
    let c = set_commitment_status(
        &good,
        CommitmentStatus::Dropped,
        "2027-03-01",
        "Ingen budget",
    );
    assert_eq!(c.reason, "Ingen budget");
    // Residents and thresholds have their limits.
    let mut s = project().segments[0].clone();
    s.residents = Some(100_000_001);
    assert_eq!(
        store.save_segment(&s).unwrap_err().field.as_deref(),
        Some("residents")
    );
    let mut info = store.project_info().expect("info");
    for (ratio, days) in [(0.0, 60), (1.5, 60), (0.5, 0), (0.5, 3651)] {
        info.representation = Representation {
            min_ratio: ratio,
            within_days: days,
        };
        assert!(store.set_project_info(&info).is_err(), "{ratio} {days}");
    }
    info.representation = Representation {
        min_ratio: 1.0,
        within_days: 3650,
    };
    store
        .set_project_info(&info)
        .expect("the limits themselves");
    assert_eq!(
        store.project_info().unwrap().representation,
        info.representation
    );
}

#[test]
fn interchange_refuses_bad_commitments_and_residents_by_their_path() {
    let text = interchange::to_json(&project());
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let refused = |f: &dyn Fn(&mut serde_json::Value), path: &str| {
        let mut v = v.clone();
        f(&mut v);
        let e = interchange::parse(&v.to_string()).unwrap_err();
        assert!(e.message.contains(path), "{path}: {}", e.message);
    };
    refused(
        &|v| v["commitments"][0]["insight_ids"][0] = "x".into(),
        "commitments[0].insight_ids[0]",
    );
    refused(
        &|v| v["commitments"][0]["need_ids"][0] = "x".into(),
        "commitments[0].need_ids[0]",
    );
    refused(
        &|v| v["commitments"][0]["decision_id"] = "x".into(),
        "commitments[0].decision_id",
    );
    refused(
        &|v| v["commitments"][0]["history"][0]["on"] = "igår".into(),
        "commitments[0].history[0].on",
    );
    refused(
        &|v| v["commitments"][0]["status"] = "paused".into(),
        "commitments[0].status",
    );
    refused(
        &|v| v["commitments"][1]["id"] = "c1".into(),
        "commitments[1].id",
    );
    refused(
        &|v| v["commitments"][0]["title"] = " ".into(),
        "commitments[0].title",
    );
    refused(
        &|v| v["segments"][0]["residents"] = 100_000_001.into(),
        "segments[0].residents",
    );
    refused(
        &|v| v["project"]["representation"]["min_ratio"] = 0.into(),
        "project.representation.min_ratio",
    );
    refused(
        &|v| v["project"]["representation"]["within_days"] = 0.into(),
        "project.representation.within_days",
    );
    // Dropped without a reason imports.
    v["commitments"][0]["status"] = "dropped".into();
    interchange::parse(&v.to_string()).expect("a dropped commitment without a reason imports");
}

#[test]
fn a_version_1_file_imports_and_exports_as_version_2() {
    let mut v: serde_json::Value =
        serde_json::from_str(&interchange::to_json(&demo_project())).unwrap();
    v["version"] = 1.into();
    v.as_object_mut().unwrap().remove("commitments");
    v["project"]
        .as_object_mut()
        .unwrap()
        .remove("representation");
    for s in v["segments"].as_array_mut().unwrap() {
        s.as_object_mut().unwrap().remove("residents");
        s.as_object_mut().unwrap().remove("residents_source");
    }
    let p = interchange::parse(&v.to_string()).expect("a version 1 file imports");
    assert!(p.commitments.is_empty());
    assert!(p.segments.iter().all(|s| s.residents.is_none()));
    assert_eq!(p.project.representation, Representation::default());
    assert_eq!(p.project.representation.min_ratio, 1.0 / 3.0);
    assert_eq!(p.project.representation.within_days, 60);
    let out: serde_json::Value = serde_json::from_str(&interchange::to_json(&p)).unwrap();
    assert_eq!(out["version"], 2);
    assert_eq!(out["commitments"], serde_json::json!([]));
    assert_eq!(out["project"]["representation"]["within_days"], 60);
    // Everything version 1 had is kept.
    assert_eq!(out["needs"], v["needs"]);
    assert_eq!(out["insights"], v["insights"]);
    // A later version is refused by name.
    v["version"] = 3.into();
    let e = interchange::parse(&v.to_string()).unwrap_err();
    assert!(e.message.contains("version"), "{}", e.message);
}

#[test]
fn a_commitment_made_from_an_insight_links_what_the_insight_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = file_store(dir.path());
    let c = store
        .commitment_from_insight("i1", date("2027-04-01"))
        .expect("made");
    assert_eq!(c.title, "Vi öppnar kl. 8 på vardagar");
    assert_eq!(c.status, CommitmentStatus::Planned);
    assert_eq!(
        c.history,
        vec![event("2027-04-01", CommitmentStatus::Planned, "")]
    );
    assert_eq!(c.insight_ids, vec!["i1".to_string()]);
    assert_eq!(c.need_ids, vec!["n1".to_string(), "n2".to_string()]);
    assert_eq!(c.key_question_ids, vec!["q1".to_string(), "q2".to_string()]);
    assert_eq!(c.segment_ids, vec!["s1".to_string(), "s2".to_string()]);
    assert_eq!(
        c.decision_id.as_deref(),
        Some("d1"),
        "both questions are d1's"
    );
    // The same from the project in memory.
    assert_eq!(
        commitment_from_insight(&project(), "i1", "2027-04-01").as_ref(),
        Some(&c)
    );
    let saved = store.save_commitment(&c).expect("it saves");
    assert!(!saved.id.is_empty());
    // Without a response the title is the insight's; questions of two decisions give none.
    let mut p = project();
    p.insights[0].response.clear();
    p.key_questions[1].decision_id = Some("d2".into());
    let c = commitment_from_insight(&p, "i1", "2027-04-01").expect("made");
    assert_eq!(c.title, "Biblioteket som vardagsrum");
    assert_eq!(c.decision_id, None);
    assert_eq!(
        store
            .commitment_from_insight("no-such", date("2027-04-01"))
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
}

#[test]
fn the_follow_up_lists_overdue_first_then_by_due_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = file_store(dir.path());
    let mut late = commitment(&store, "c2");
    late.id = "c3".into();
    late.title = "Skyltning på lätt svenska".into();
    late.status = CommitmentStatus::Planned;
    late.history.clear();
    late.due_date = Some("2027-02-15".into());
    late.decision_id = None;
    store.save_commitment(&late).expect("save");
    let mut open = late.clone();
    open.id = "c4".into();
    open.title = "Utan datum".into();
    open.due_date = None;
    store.save_commitment(&open).expect("save");
    let rows = store
        .commitments_overview(date("2027-03-15"))
        .expect("overview");
    let order: Vec<(&str, bool)> = rows.iter().map(|r| (r.id.as_str(), r.overdue)).collect();
    // c3 (due 02-15) and c1 (in progress, due 03-01) are overdue; c2 is done, so never
    // overdue; c4 has no date and comes last.
    assert_eq!(
        order,
        vec![("c3", true), ("c1", true), ("c2", false), ("c4", false)]
    );
    assert_eq!(rows[1].decision_title.as_deref(), Some("Beslut d1"));
    assert_eq!(rows[1].owner, "Karin Ek");
    assert_eq!(rows[2].done_on.as_deref(), Some("2027-05-20"));
    assert_eq!(rows[0].decision_title, None);
    // On the due date itself nothing is overdue yet.
    let rows = store
        .commitments_overview(date("2027-02-15"))
        .expect("overview");
    assert!(rows.iter().all(|r| !r.overdue), "{rows:?}");
}

#[test]
fn the_demo_has_resident_figures_and_commitments_to_follow_up() {
    let p = demo_project();
    // Every group of residents has an example figure; the staff are not residents.
    for s in &p.segments {
        if s.name == "Personal" {
            assert_eq!(s.residents, None, "{s:?}");
        } else {
            assert!(s.residents.is_some(), "{s:?}");
            assert_eq!(s.residents_source, "Exempel – inte officiell statistik");
        }
    }
    assert!((3..=4).contains(&p.commitments.len()));
    let dir = tempfile::tempdir().expect("temp dir");
    let store = crate::support::demo_store(dir.path());
    let rows = store
        .commitments_overview(date("2026-11-30"))
        .expect("overview");
    assert!(rows
        .iter()
        .any(|r| r.status == CommitmentStatus::Done && r.done_on.is_some()));
    assert!(rows
        .iter()
        .any(|r| r.status == CommitmentStatus::InProgress));
    assert!(
        rows[0].overdue,
        "one is overdue on the demo's dates: {rows:?}"
    );
    assert!(rows.iter().all(|r| r.decision_title.is_some()));
}

#[test]
fn generated_projects_have_residents_and_commitments_per_decision() {
    use medskapa_core::app::generate::{generate, GenerateOptions};
    // About 50 decisions over 2025–2030, some made before the reference date.
    let opts = GenerateOptions {
        needs: 2000,
        activities: 200,
        questions: 400,
        seed: 5,
        flaws: None,
    };
    let p = generate(&opts);
    assert!(p.segments.iter().all(|s| s.residents.is_some()));
    for d in &p.decisions {
        let n = p
            .commitments
            .iter()
            .filter(|c| c.decision_id.as_deref() == Some(d.id.as_str()))
            .count();
        assert!((2..=4).contains(&n), "{n} commitments for {}", d.id);
    }
    let statuses: std::collections::HashSet<CommitmentStatus> =
        p.commitments.iter().map(|c| c.status).collect();
    assert!(statuses.contains(&CommitmentStatus::Done), "{statuses:?}");
    assert!(
        statuses.contains(&CommitmentStatus::Planned),
        "{statuses:?}"
    );
    assert!(p.commitments.iter().any(|c| !c.insight_ids.is_empty()));
    // Every status is the last event of its history.
    for c in &p.commitments {
        assert_eq!(
            c.history.last().map(|e| e.status),
            Some(c.status),
            "{}",
            c.id
        );
    }
    interchange::validate(&p).expect("valid");
    assert!(
        generate(&opts) == p,
        "the same options give the same commitments"
    );
}
