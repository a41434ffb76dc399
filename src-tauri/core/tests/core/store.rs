//! The project store: refusals when opening, read-only files, the single-writer lock,
//! migrations, and durability under SIGKILL.

use crate::support::demo_store;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use medskapa_core::domain::model::*;
use medskapa_core::store::dialogues::ActivityFilter;
use medskapa_core::store::{OpenOptions, Store};
use rusqlite::Connection;

#[test]
fn a_read_only_file_opens_read_only_and_refuses_edits() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path())
        .path()
        .expect("a project file")
        .to_path_buf();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut store = Store::open(&path, OpenOptions { lock: true }).expect("opens");
    assert!(store.read_only());
    assert_eq!(store.load_project().unwrap().needs.len(), 120, "readable");
    let mut d = store.load_project().unwrap().decisions[0].clone();
    d.title = "Ändrad".into();
    let err = store.save_decision(&d).unwrap_err();
    assert_eq!(err.code, "read_only");
    assert!(err.message.contains("read-only"));
    drop(store);
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing changed");
    assert!(
        !Path::new(&format!("{}.lock", path.display())).exists(),
        "no lock file beside a read-only project"
    );
}

#[test]
fn a_project_open_in_another_medskapa_is_refused_and_says_who() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path())
        .path()
        .expect("a project file")
        .to_path_buf();
    let first = Store::open(&path, OpenOptions { lock: true }).expect("first opens");
    let err = match Store::open(&path, OpenOptions { lock: true }) {
        Err(e) => e,
        Ok(_) => panic!("second open must be refused"),
    };
    assert_eq!(err.code, "locked");
    assert!(err.message.contains("already open"), "{}", err.message);
    assert!(
        err.message.contains(&std::process::id().to_string()),
        "names the process: {}",
        err.message
    );
    drop(first);
    // Closing releases the lock.
    Store::open(&path, OpenOptions { lock: true }).expect("opens after the first closed");
}

#[test]
fn a_stale_lock_from_an_ended_process_is_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path())
        .path()
        .expect("a project file")
        .to_path_buf();
    // A process that has certainly ended.
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    let host = std::fs::read_to_string("/etc/hostname")
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    std::fs::write(
        format!("{}.lock", path.display()),
        format!(r#"{{"pid":{pid},"user":"x","host":"{host}","since":"2026-01-01 10:00"}}"#),
    )
    .unwrap();
    Store::open(&path, OpenOptions { lock: true }).expect("a stale lock does not block");
}

#[test]
fn a_current_file_opens_unchanged_and_version_0_is_refused() {
    // A version-0 file with our application id cannot exist in the wild (version 1 is
    // the first); what we can check is that opening a current file makes no backup and
    // changes nothing, and that a file claiming version 0 is refused as damaged.
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path())
        .path()
        .expect("a project file")
        .to_path_buf();
    let before = std::fs::read(&path).unwrap();
    drop(Store::open(&path, OpenOptions::default()).unwrap());
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no backup made"
    );

    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 0)
        .unwrap();
    let err = match Store::open(&path, OpenOptions::default()) {
        Err(e) => e,
        Ok(_) => panic!("refused"),
    };
    assert_eq!(err.code, "not_medskapa");
}

#[test]
fn files_have_our_application_id_and_foreign_keys_hold() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    let conn = crate::support::sql(&store);
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app_id, medskapa_core::store::APPLICATION_ID);
    let bad = conn.execute(
        "INSERT INTO need_tag(nid, tag_id) VALUES (1, 'finns-inte')",
        [],
    );
    assert!(bad.is_err(), "a tagging of an unknown tag is refused");
    // The store's own connection keeps foreign keys on: deleting a tag takes its
    // taggings with it instead of leaving them pointing at nothing.
    let tagged: String = conn
        .query_row(
            "SELECT tag_id FROM need_tag ORDER BY nid LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    store.delete_tag(&tagged).unwrap();
    let left: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM need_tag WHERE tag_id = ?1",
            [&tagged],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn new_entities_get_uuid_v7_ids() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("p.medskapa"), "P").unwrap();
    let d = store
        .save_decision(&Decision {
            title: "Beslut".into(),
            ..Default::default()
        })
        .unwrap();
    let id = uuid::Uuid::parse_str(&d.id).expect("a UUID");
    assert_eq!(id.get_version_num(), 7);
}

/// Child half of the durability test: saves decisions one by one and prints the id of
/// each one after its commit. Does nothing unless started by the parent test.
#[test]
fn durability_child_burst() {
    let Ok(path) = std::env::var("MEDSKAPA_BURST_FILE") else {
        return;
    };
    let mut store = Store::open(Path::new(&path), OpenOptions::default()).expect("open");
    for i in 0..100_000 {
        let d = store
            .save_decision(&Decision {
                id: format!("burst-{i:06}"),
                title: format!("Beslut nummer {i} – åäö"),
                ..Default::default()
            })
            .expect("save");
        println!("saved {}", d.id);
    }
}

#[test]
fn sigkill_in_a_burst_of_edits_loses_nothing_reported_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("burst.medskapa");
    drop(Store::create(&path, "Burst").unwrap());
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "store::durability_child_burst",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("MEDSKAPA_BURST_FILE", &path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut saved = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        if let Some(id) = line.strip_prefix("saved ") {
            saved.push(id.to_string());
            if saved.len() == 150 {
                // SIGKILL in the middle of the burst.
                child.kill().unwrap();
                break;
            }
        }
    }
    child.wait().unwrap();
    assert_eq!(
        saved.len(),
        150,
        "the child reported saves before it was killed"
    );
    let store = Store::open(&path, OpenOptions::default()).expect("reopens");
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let ids: std::collections::HashSet<String> = store
        .load_project()
        .unwrap()
        .decisions
        .into_iter()
        .map(|d| d.id)
        .collect();
    for id in &saved {
        assert!(ids.contains(id), "{id} was reported saved but is missing");
    }
}

#[test]
fn the_reach_table_counts_every_held_activitys_participants_and_shows_the_latest() {
    use medskapa_core::domain::model::{Activity, ActivityStatus, Participants};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = demo_store(dir.path());
    let segment = store.load_project_shallow().expect("shallow").segments[0]
        .id
        .clone();
    store
        .save_activity(&Activity {
            title: "Pop-up i Stadsparken".into(),
            starts_at: Some("2027-01-15T14:00".into()),
            status: ActivityStatus::Held,
            participants: vec![Participants {
                segment_id: segment,
                count: 12,
            }],
            ..Default::default()
        })
        .expect("a thirteenth held dialogue");
    let whole = store.load_project_shallow().expect("shallow");
    let held: Vec<_> = whole
        .activities
        .iter()
        .filter(|a| {
            matches!(
                a.status,
                ActivityStatus::Held | ActivityStatus::ReportedBack
            )
        })
        .collect();
    let participants: u32 = held
        .iter()
        .flat_map(|a| &a.participants)
        .map(|p| p.count)
        .sum();
    assert!(
        held.len() > 12,
        "the demo has more held dialogues than a table's width"
    );

    let latest = store.reach_page(None).expect("reach");
    assert_eq!(latest.held as usize, held.len());
    assert_eq!(latest.total, participants);
    assert_eq!(latest.segments, whole.segments);
    assert_eq!(latest.columns.len(), 12);
    assert_eq!(latest.from as usize, held.len() - 12);
    let newest = held
        .iter()
        .filter_map(|a| a.starts_at.as_deref())
        .max()
        .expect("dated");
    assert_eq!(latest.columns[11].starts_at.as_deref(), Some(newest));
    let first = store.reach_page(Some(0)).expect("reach from the start");
    assert_eq!((first.from, first.total), (0, participants));
    assert!(first.columns[0].starts_at < latest.columns[0].starts_at);
    for c in latest.columns.iter().chain(&first.columns) {
        let a = held.iter().find(|a| a.id == c.id).expect("a held activity");
        assert_eq!(c.total, a.participants.iter().map(|p| p.count).sum::<u32>());
    }
}

#[test]
fn dialoger_finds_the_activities_that_heard_a_segment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = demo_store(dir.path());
    let whole = store.load_project_shallow().expect("shallow");
    for s in &whole.segments {
        let mut heard: Vec<&str> = whole
            .activities
            .iter()
            .filter(|a| {
                a.participants
                    .iter()
                    .any(|p| p.segment_id == s.id && p.count > 0)
            })
            .map(|a| a.id.as_str())
            .collect();
        heard.sort_unstable();
        let filter = ActivityFilter {
            segment_id: Some(s.id.clone()),
            ..ActivityFilter::default()
        };
        let page = store
            .activities_page(&filter, 0, 1000, None)
            .expect("hearing");
        let mut found: Vec<&str> = page.rows.iter().map(|a| a.id.as_str()).collect();
        found.sort_unstable();
        assert_eq!(found, heard);
    }
    let nobody = ActivityFilter {
        segment_id: Some("no-such-segment".into()),
        ..ActivityFilter::default()
    };
    let page = store.activities_page(&nobody, 0, 10, None).expect("none");
    assert!(page.rows.is_empty());
}

#[test]
fn the_windows_rows_leave_out_the_activities_the_insights_evidence_and_the_questions_texts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = demo_store(dir.path());
    let whole = store.load_project_shallow().expect("shallow");
    let rows = store.load_project_rows().expect("rows");
    // The activities are asked for by id (or a page, or the timeline's fields), as rows
    // without their long texts.
    assert!(
        whole.activities.iter().any(|a| !a.notes.is_empty()),
        "the demo has notes to leave out"
    );
    let mut ids: Vec<String> = whole
        .activities
        .iter()
        .rev()
        .map(|a| a.id.clone())
        .collect();
    ids.insert(1, "no-such-activity".into());
    let asked = store.activities_by_ids(&ids).expect("by ids");
    assert_eq!(
        asked.len(),
        whole.activities.len(),
        "the unknown id is left out"
    );
    for (row, a) in asked.iter().zip(whole.activities.iter().rev()) {
        assert_eq!(
            (&row.id, &row.title, row.method, row.status),
            (&a.id, &a.title, a.method, a.status)
        );
        assert_eq!(row.starts_at, a.starts_at);
        assert_eq!(
            (&row.place, &row.feedback_given_on),
            (&a.place, &a.feedback_given_on)
        );
        assert_eq!(row.key_question_ids, a.key_question_ids);
        let counted: u32 = a.participants.iter().map(|p| p.count).sum();
        assert_eq!(row.participant_total, counted);
    }
    assert!(store.activities_by_ids(&[]).expect("none").is_empty());
    let dated = store.timeline_activities().expect("timeline");
    // Every dated one, in the order the timeline lays them out: by start, then id.
    let mut expected: Vec<(&str, &str)> = whole
        .activities
        .iter()
        .filter_map(|a| Some((a.id.as_str(), a.starts_at.as_deref()?)))
        .collect();
    expected.sort_by(|a, b| (a.1, a.0).cmp(&(b.1, b.0)));
    let got: Vec<(&str, &str)> = dated
        .iter()
        .map(|a| (a.id.as_str(), a.starts_at.as_str()))
        .collect();
    assert_eq!(got, expected);
    // The key questions as rows: what lists and the timeline show, without the form's texts.
    assert_eq!(rows.key_questions.len(), whole.key_questions.len());
    for (row, q) in rows.key_questions.iter().zip(&whole.key_questions) {
        assert_eq!(
            (&row.id, &row.title, &row.decision_id, &row.needed_by),
            (&q.id, &q.title, &q.decision_id, &q.needed_by)
        );
        assert_eq!(
            (row.influence_level, row.status),
            (q.influence_level, q.status)
        );
    }
    assert!(
        whole.key_questions.iter().any(|q| !q.promise.is_empty()),
        "the demo has promises to leave out"
    );
    // The commitments as rows: what the follow-up list, the counts and the timeline show.
    assert_eq!(rows.commitments.len(), whole.commitments.len());
    for (row, c) in rows.commitments.iter().zip(&whole.commitments) {
        assert_eq!(
            (&row.id, &row.title, &row.owner, &row.due_date),
            (&c.id, &c.title, &c.owner, &c.due_date)
        );
        assert_eq!((row.status, &row.decision_id), (c.status, &c.decision_id));
        assert_eq!(row.insight_ids, c.insight_ids);
        assert_eq!(row.done_on.as_deref(), c.done_on());
    }
    assert!(
        rows.commitments.iter().any(|c| c.done_on.is_some()),
        "the demo has a commitment kept"
    );
    let description = &whole
        .commitments
        .iter()
        .find(|c| !c.description.is_empty())
        .expect("the demo has a commitment with a description")
        .description;
    let sent = serde_json::to_string(&rows.commitments).expect("json");
    assert!(
        !sent.contains(description.as_str()),
        "a commitment's description crossed with the rows"
    );
    let sent = serde_json::to_string(&rows.key_questions).expect("json");
    let promise = &whole
        .key_questions
        .iter()
        .find(|q| !q.promise.is_empty())
        .expect("a promise")
        .promise;
    assert!(
        !sent.contains(promise.as_str()),
        "a promise crossed with the rows"
    );
    // The decisions as rows, without the texts only their form and the brief show.
    assert_eq!(rows.decisions.len(), whole.decisions.len());
    for (row, d) in rows.decisions.iter().zip(&whole.decisions) {
        assert_eq!(
            (
                &row.id,
                &row.title,
                &row.decision_date,
                &row.forum,
                &row.outcome
            ),
            (&d.id, &d.title, &d.decision_date, &d.forum, &d.outcome)
        );
        assert_eq!(row.status, d.status);
    }
    let summary = &whole
        .decisions
        .iter()
        .find(|d| !d.brief_summary.is_empty())
        .expect("the demo has a decision with its brief's summary written")
        .brief_summary;
    let sent = serde_json::to_string(&rows.decisions).expect("json");
    assert!(
        !sent.contains(summary.as_str()),
        "a brief's summary crossed with the rows"
    );
    assert_eq!(rows.insights.len(), whole.insights.len());
    for (row, i) in rows.insights.iter().zip(&whole.insights) {
        assert_eq!(
            (&row.id, &row.title, &row.statement),
            (&i.id, &i.title, &i.statement)
        );
        assert_eq!(row.need_count as usize, i.need_ids.len());
        assert_eq!(
            (&row.key_question_ids, &row.effect_goal_ids),
            (&i.key_question_ids, &i.effect_goal_ids)
        );
        assert_eq!(
            (&row.response, row.response_status, &row.communicated_on),
            (&i.response, i.response_status, &i.communicated_on)
        );
    }
    assert!(
        whole.insights.iter().any(|i| !i.need_ids.is_empty()),
        "the demo's insights have evidence to count"
    );
    let json = serde_json::to_value(&rows.insights[0]).expect("json");
    assert!(
        json.get("need_ids").is_none(),
        "need ids cross to the window: {json}"
    );
    assert_eq!(rows.segments, whole.segments);
    assert_eq!(rows.tags, whole.tags);
    assert_eq!(rows.effect_goals, whole.effect_goals);
    assert_eq!(rows.project, whole.project);

    let json = serde_json::to_value(&rows).expect("json");
    assert!(json.get("activities").is_none(), "activities cross whole");
    let json = serde_json::to_value(&asked[0]).expect("json");
    for field in ["notes", "feedback", "organisers", "ends_at", "participants"] {
        assert!(
            json.get(field).is_none(),
            "{field} crosses to the window: {json}"
        );
    }
    for field in [
        "id",
        "title",
        "starts_at",
        "place",
        "participant_total",
        "key_question_ids",
    ] {
        assert!(json.get(field).is_some(), "{field} is missing: {json}");
    }
}
