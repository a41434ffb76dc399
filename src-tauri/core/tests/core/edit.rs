//! Editing a stored project: validation that changes nothing, deletes, merges, duplicates,
//! read-only files, long and non-Latin text.

use std::path::{Path, PathBuf};

use medskapa_core::domain::model::*;
use medskapa_core::store::{OpenOptions, Store};
use medskapa_core::support::error::CoreError;

// ---- fixture ------------------------------------------------------------------------------

fn seg(id: &str) -> Segment {
    Segment {
        id: id.into(),
        name: format!("Målgrupp {id}"),
        ..Default::default()
    }
}

fn tag(id: &str, parent: Option<&str>) -> Tag {
    Tag {
        id: id.into(),
        name: format!("Tagg {id}"),
        parent_id: parent.map(str::to_string),
        color: default_color(),
        ..Default::default()
    }
}

fn need(id: &str, activity: Option<&str>, segments: &[&str], tags: &[&str]) -> Need {
    Need {
        id: id.into(),
        statement: format!("Behov {id}"),
        activity_id: activity.map(str::to_string),
        segment_ids: segments.iter().map(|s| s.to_string()).collect(),
        tag_ids: tags.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}

fn pt(segment: &str, count: u32) -> Participants {
    Participants {
        segment_id: segment.into(),
        count,
    }
}

/// Tags: theme > child > grandchild, other, loose.
/// Segments s1 (in a1 and a2, needs n1 n2), s2 (in a1, need n2 n3), s3 (unused).
fn fixture() -> Project {
    let mut p = Project::default();
    p.project.name = "Nya stadsbiblioteket".into();
    p.effect_goals = vec![EffectGoal {
        id: "e1".into(),
        code: "E1".into(),
        title: "Mötesplats".into(),
        ..Default::default()
    }];
    p.segments = vec![seg("s1"), seg("s2"), seg("s3")];
    p.tags = vec![
        tag("theme", None),
        tag("child", Some("theme")),
        tag("grandchild", Some("child")),
        tag("other", None),
        tag("loose", None),
    ];
    p.decisions = vec![
        Decision {
            id: "d1".into(),
            title: "Val av gestaltningsförslag".into(),
            decision_date: Some("2027-05-01".into()),
            ..Default::default()
        },
        Decision {
            id: "d2".into(),
            title: "Lokalprogram".into(),
            decision_date: Some("2027-09-01".into()),
            ..Default::default()
        },
    ];
    p.key_questions = vec![
        KeyQuestion {
            id: "q1".into(),
            title: "Vad behöver unga?".into(),
            decision_id: Some("d1".into()),
            needed_by: Some("2027-04-01".into()),
            influence_level: InfluenceLevel::Dialogue,
            effect_goal_ids: vec!["e1".into()],
            ..Default::default()
        },
        KeyQuestion {
            id: "q2".into(),
            title: "Öppettider".into(),
            decision_id: Some("d1".into()),
            influence_level: InfluenceLevel::Consult,
            ..Default::default()
        },
        KeyQuestion {
            id: "q3".into(),
            title: "Sittplatser".into(),
            decision_id: Some("d2".into()),
            influence_level: InfluenceLevel::Influence,
            ..Default::default()
        },
    ];
    p.activities = vec![
        Activity {
            id: "a1".into(),
            title: "Workshop i Stadsparken".into(),
            method: Method::Workshop,
            starts_at: Some("2027-02-10T14:00".into()),
            ends_at: Some("2027-02-10T16:00".into()),
            place: "Stadsparken".into(),
            organisers: "Anna".into(),
            status: ActivityStatus::Held,
            key_question_ids: vec!["q1".into(), "q2".into(), "q3".into()],
            participants: vec![pt("s1", 5), pt("s2", 3)],
            notes: "Många unga kom.".into(),
            feedback: "Vi bygger en ungdomshörna.".into(),
            feedback_given_on: None,
        },
        Activity {
            id: "a2".into(),
            title: "Pop-up på Knutpunkten".into(),
            method: Method::Popup,
            starts_at: Some("2027-03-01T10:00".into()),
            status: ActivityStatus::Planned,
            key_question_ids: vec!["q2".into()],
            participants: vec![pt("s1", 2)],
            ..Default::default()
        },
    ];
    p.needs = vec![
        need("n1", Some("a1"), &["s1"], &["theme"]),
        need("n2", Some("a1"), &["s1", "s2"], &["theme", "other"]),
        need("n3", Some("a1"), &["s2"], &["other"]),
        need("n4", Some("a2"), &[], &["child"]),
        need("n5", None, &[], &[]),
    ];
    p.insights = vec![Insight {
        id: "i1".into(),
        title: "Unga vill ha en egen plats".into(),
        need_ids: vec!["n1".into(), "n2".into(), "n3".into()],
        key_question_ids: vec!["q1".into()],
        ..Default::default()
    }];
    p.canonicalize();
    p
}

struct Fx {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
}

fn setup() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("projekt.medskapa");
    let store = Store::create_from(&path, &fixture()).expect("create");
    Fx {
        _dir: dir,
        path,
        store,
    }
}

/// The project as a fresh connection sees it (what is in the file).
fn on_disk(path: &Path) -> Project {
    Store::open(path, OpenOptions::default())
        .unwrap()
        .load_project()
        .unwrap()
}

fn expect_field_error(r: Result<impl std::fmt::Debug, CoreError>, field: &str, code: &str) {
    let e = r.expect_err("must be refused");
    assert_eq!(e.code, code, "{e:?}");
    assert_eq!(e.field.as_deref(), Some(field), "{e:?}");
    assert!(e.message.contains(field), "message names the field: {e:?}");
}

fn decision(p: &Project, id: &str) -> Decision {
    p.decisions.iter().find(|d| d.id == id).unwrap().clone()
}
fn question(p: &Project, id: &str) -> KeyQuestion {
    p.key_questions.iter().find(|q| q.id == id).unwrap().clone()
}
fn activity(p: &Project, id: &str) -> Activity {
    p.activities.iter().find(|a| a.id == id).unwrap().clone()
}
fn need_of(p: &Project, id: &str) -> Need {
    p.needs.iter().find(|n| n.id == id).unwrap().clone()
}
fn tag_of<'a>(p: &'a Project, id: &str) -> Option<&'a Tag> {
    p.tags.iter().find(|t| t.id == id)
}
fn total_participants(p: &Project) -> u32 {
    p.activities
        .iter()
        .flat_map(|a| a.participants.iter())
        .map(|x| x.count)
        .sum()
}

// ---- the fixture itself -------------------------------------------------------------------

#[test]
fn the_fixture_round_trips_through_the_store() {
    let fx = setup();
    assert_eq!(fx.store.load_project().unwrap(), fixture());
}

// ---- validation -------------------------------------------------------------------------

#[test]
fn save_decision_refuses_bad_input_with_field_and_code_and_changes_nothing() {
    let mut fx = setup();
    let before = on_disk(&fx.path);

    let mut d = decision(&before, "d1");
    d.title = "   ".into();
    expect_field_error(fx.store.save_decision(&d), "title", "required");

    let mut d = decision(&before, "d1");
    d.title = "Nytt namn".into();
    d.decision_date = Some("2027-13-01".into());
    expect_field_error(fx.store.save_decision(&d), "decision_date", "not_a_date");

    let mut d = decision(&before, "d1");
    d.decision_date = Some("2027-02-30".into());
    expect_field_error(fx.store.save_decision(&d), "decision_date", "not_a_date");

    let mut d = decision(&before, "d1");
    d.decision_date = Some("1 maj 2027".into());
    expect_field_error(fx.store.save_decision(&d), "decision_date", "not_a_date");

    // A new decision that is refused is not created either.
    let d = Decision {
        id: String::new(),
        title: String::new(),
        ..Default::default()
    };
    expect_field_error(fx.store.save_decision(&d), "title", "required");

    assert_eq!(on_disk(&fx.path), before);
    assert_eq!(fx.store.load_project().unwrap(), before);
}

#[test]
fn save_key_question_refuses_bad_input_with_field_and_code_and_changes_nothing() {
    let mut fx = setup();
    let before = on_disk(&fx.path);

    let mut q = question(&before, "q1");
    q.title = String::new();
    expect_field_error(fx.store.save_key_question(&q), "title", "required");

    let mut q = question(&before, "q1");
    q.title = "Ändrad".into();
    q.needed_by = Some("2027-13-01".into());
    expect_field_error(fx.store.save_key_question(&q), "needed_by", "not_a_date");

    let mut q = question(&before, "q1");
    q.title = "Ändrad".into();
    q.decision_id = Some("nope".into());
    expect_field_error(fx.store.save_key_question(&q), "decision_id", "unknown_ref");

    let mut q = question(&before, "q1");
    q.effect_goal_ids = vec!["e1".into(), "nope".into()];
    let e = fx.store.save_key_question(&q).unwrap_err();
    assert_eq!(e.code, "unknown_ref");
    assert_eq!(e.field.as_deref(), Some("effect_goal_ids[1]"));

    assert_eq!(on_disk(&fx.path), before);
}

#[test]
fn save_activity_refuses_bad_input_with_field_and_code_and_changes_nothing() {
    let mut fx = setup();
    let before = on_disk(&fx.path);

    let mut a = activity(&before, "a1");
    a.title = "\t".into();
    expect_field_error(fx.store.save_activity(&a), "title", "required");

    let mut a = activity(&before, "a1");
    a.title = "Ändrad".into();
    a.starts_at = Some("2027-02-10T14:00".into());
    a.ends_at = Some("2027-02-10T13:59".into());
    expect_field_error(fx.store.save_activity(&a), "ends_at", "end_before_start");

    let mut a = activity(&before, "a1");
    a.ends_at = Some("2027-02-09T23:00".into());
    expect_field_error(fx.store.save_activity(&a), "ends_at", "end_before_start");

    let mut a = activity(&before, "a1");
    a.starts_at = Some("2027-02-10 14:00".into());
    expect_field_error(fx.store.save_activity(&a), "starts_at", "not_a_time");

    let mut a = activity(&before, "a1");
    a.participants.push(pt("ghost", 4));
    let e = fx.store.save_activity(&a).unwrap_err();
    assert_eq!(e.code, "unknown_ref");
    assert_eq!(e.field.as_deref(), Some("participants[2].segment_id"));

    // Reported back needs a date and what was told.
    let mut a = activity(&before, "a1");
    a.status = ActivityStatus::ReportedBack;
    a.feedback_given_on = None;
    expect_field_error(fx.store.save_activity(&a), "feedback_given_on", "required");

    assert_eq!(on_disk(&fx.path), before);
}

#[test]
fn a_valid_save_is_stored_and_an_end_equal_to_the_start_is_fine() {
    let mut fx = setup();
    let mut a = activity(&fx.store.load_project().unwrap(), "a1");
    a.title = "  Workshop, ny titel  ".into();
    a.ends_at = a.starts_at.clone();
    let saved = fx.store.save_activity(&a).unwrap();
    assert_eq!(saved.title, "Workshop, ny titel");
    assert_eq!(activity(&on_disk(&fx.path), "a1"), saved);
}

#[test]
fn participant_totals_add_up_and_duplicates_merge() {
    let mut fx = setup();
    let a = Activity {
        title: "Fokusgrupp".into(),
        method: Method::FocusGroup,
        starts_at: Some("2027-03-05T18:00".into()),
        participants: vec![pt("s2", 6), pt("s1", 4), pt("s1", 2)],
        key_question_ids: vec!["q2".into(), "q1".into(), "q2".into()],
        ..Default::default()
    };
    let saved = fx.store.save_activity(&a).unwrap();
    assert!(!saved.id.is_empty(), "gets an id");
    assert_eq!(saved.participants, vec![pt("s1", 6), pt("s2", 6)]);
    assert_eq!(saved.key_question_ids, vec!["q1", "q2"]);
    let stored = activity(&on_disk(&fx.path), &saved.id);
    assert_eq!(stored, saved);
    assert_eq!(stored.participants.iter().map(|p| p.count).sum::<u32>(), 12);

    // Usage across activities: a1 has 5, a2 has 2, the new one 6.
    let u = fx.store.segment_usage("s1").unwrap();
    assert_eq!((u.participants, u.activities, u.needs), (13, 3, 2));
    assert_eq!(total_participants(&on_disk(&fx.path)), 5 + 3 + 2 + 12);
}

#[test]
fn every_segments_use_at_once_is_each_ones_use() {
    let mut fx = setup();
    let a = Activity {
        title: "Fokusgrupp".into(),
        method: Method::FocusGroup,
        participants: vec![pt("s2", 6), pt("s1", 4)],
        ..Default::default()
    };
    fx.store.save_activity(&a).unwrap();
    let uses = fx.store.segment_uses().unwrap();
    assert!(!uses.is_empty());
    for u in &uses {
        let one = fx.store.segment_usage(&u.segment_id).unwrap();
        assert_eq!(
            (u.participants, u.activities, u.needs),
            (one.participants, one.activities, one.needs),
            "{}",
            u.segment_id
        );
    }
    let s1 = uses
        .iter()
        .find(|u| u.segment_id == "s1")
        .expect("s1 is used");
    assert_eq!((s1.participants, s1.activities, s1.needs), (11, 3, 2));
    // A segment nothing uses is not listed: the list shows it with zeros.
    let used: Vec<&str> = uses.iter().map(|u| u.segment_id.as_str()).collect();
    for s in on_disk(&fx.path).segments {
        let one = fx.store.segment_usage(&s.id).unwrap();
        let unused = one.participants == 0 && one.activities == 0 && one.needs == 0;
        assert_eq!(used.contains(&s.id.as_str()), !unused, "{}", s.id);
    }
}

// ---- deletes ----------------------------------------------------------------------------

#[test]
fn delete_decision_with_unlink_keeps_its_questions_without_a_decision() {
    let mut fx = setup();
    fx.store
        .delete_decision("d1", QuestionsOnDelete::Unlink)
        .unwrap();
    let p = on_disk(&fx.path);
    assert!(p.decisions.iter().all(|d| d.id != "d1"));
    assert_eq!(question(&p, "q1").decision_id, None);
    assert_eq!(question(&p, "q2").decision_id, None);
    assert_eq!(question(&p, "q1").title, "Vad behöver unga?");
    assert_eq!(question(&p, "q3").decision_id.as_deref(), Some("d2"));
    // Links from activities and insights are kept.
    assert_eq!(activity(&p, "a1").key_question_ids, vec!["q1", "q2", "q3"]);
    assert_eq!(p.insights[0].key_question_ids, vec!["q1"]);
}

#[test]
fn delete_decision_with_delete_removes_its_questions_and_their_links() {
    let mut fx = setup();
    fx.store
        .delete_decision("d1", QuestionsOnDelete::Delete)
        .unwrap();
    let p = on_disk(&fx.path);
    let ids: Vec<&str> = p.key_questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, vec!["q3"]);
    assert_eq!(activity(&p, "a1").key_question_ids, vec!["q3"]);
    assert!(activity(&p, "a2").key_question_ids.is_empty());
    assert!(p.insights[0].key_question_ids.is_empty());
    // Activities and needs stay.
    assert_eq!(p.activities.len(), 2);
    assert_eq!(p.needs.len(), 5);
}

#[test]
fn delete_an_unknown_decision_is_not_found() {
    let mut fx = setup();
    let e = fx
        .store
        .delete_decision("nope", QuestionsOnDelete::Delete)
        .unwrap_err();
    assert_eq!(e.code, "not_found");
    assert_eq!(on_disk(&fx.path), fixture());
}

// ---- tags -------------------------------------------------------------------------------

#[test]
fn merge_tags_moves_every_tagging_and_collapses_duplicates() {
    let mut fx = setup();
    // n1: theme; n2: theme + other; n3: other.
    fx.store.merge_tags("theme", "other").unwrap();
    let p = on_disk(&fx.path);
    assert!(tag_of(&p, "theme").is_none(), "the merged tag is gone");
    assert_eq!(need_of(&p, "n1").tag_ids, vec!["other"]);
    assert_eq!(need_of(&p, "n2").tag_ids, vec!["other"], "one tag, not two");
    assert_eq!(need_of(&p, "n3").tag_ids, vec!["other"]);
    assert_eq!(fx.store.tag_usage("other").unwrap(), 3);
    // Children move under the surviving tag.
    assert_eq!(
        tag_of(&p, "child").unwrap().parent_id.as_deref(),
        Some("other")
    );
    assert_eq!(
        tag_of(&p, "grandchild").unwrap().parent_id.as_deref(),
        Some("child")
    );
    // Nothing else lost: every need and the insight's evidence.
    assert_eq!(p.needs.len(), 5);
    assert_eq!(p.insights[0].need_ids, vec!["n1", "n2", "n3"]);
    assert_eq!(need_of(&p, "n4").tag_ids, vec!["child"]);
}

#[test]
fn merge_a_tag_into_its_own_descendant_leaves_no_cycle() {
    let mut fx = setup();
    fx.store.merge_tags("theme", "grandchild").unwrap();
    let p = on_disk(&fx.path);
    assert!(tag_of(&p, "theme").is_none());
    assert_eq!(tag_of(&p, "grandchild").unwrap().parent_id, None);
    assert_eq!(
        tag_of(&p, "child").unwrap().parent_id.as_deref(),
        Some("grandchild")
    );
    assert_eq!(need_of(&p, "n1").tag_ids, vec!["grandchild"]);
    assert_eq!(need_of(&p, "n2").tag_ids, vec!["grandchild", "other"]);
    // Walking up from every tag ends at a root.
    for t in &p.tags {
        let mut cur = t.parent_id.clone();
        let mut steps = 0;
        while let Some(c) = cur {
            steps += 1;
            assert!(steps <= p.tags.len(), "cycle at {}", t.id);
            cur = tag_of(&p, &c).unwrap().parent_id.clone();
        }
    }
}

#[test]
fn merge_tags_refuses_itself_and_unknown_tags() {
    let mut fx = setup();
    assert_eq!(
        fx.store.merge_tags("theme", "theme").unwrap_err().code,
        "invalid"
    );
    assert_eq!(
        fx.store.merge_tags("theme", "nope").unwrap_err().code,
        "not_found"
    );
    assert_eq!(on_disk(&fx.path), fixture());
}

#[test]
fn moving_a_tag_under_its_own_descendant_is_refused() {
    let mut fx = setup();
    let before = on_disk(&fx.path);
    for parent in ["grandchild", "child", "theme"] {
        let mut t = tag_of(&before, "theme").unwrap().clone();
        t.parent_id = Some(parent.into());
        expect_field_error(fx.store.save_tag(&t), "parent_id", "cycle");
    }
    assert_eq!(on_disk(&fx.path), before);
    // Moving under an unrelated tag is fine.
    let mut t = tag_of(&before, "theme").unwrap().clone();
    t.parent_id = Some("loose".into());
    fx.store.save_tag(&t).unwrap();
    assert_eq!(
        tag_of(&on_disk(&fx.path), "theme")
            .unwrap()
            .parent_id
            .as_deref(),
        Some("loose")
    );
}

#[test]
fn delete_tag_moves_its_children_up() {
    let mut fx = setup();
    fx.store.delete_tag("child").unwrap();
    let p = on_disk(&fx.path);
    assert!(tag_of(&p, "child").is_none());
    assert_eq!(
        tag_of(&p, "grandchild").unwrap().parent_id.as_deref(),
        Some("theme")
    );
    // The need keeps existing, without the deleted tag.
    assert!(need_of(&p, "n4").tag_ids.is_empty());

    fx.store.delete_tag("theme").unwrap();
    let p = on_disk(&fx.path);
    assert_eq!(tag_of(&p, "grandchild").unwrap().parent_id, None);
    assert_eq!(p.needs.len(), 5);
    assert_eq!(p.insights[0].need_ids, vec!["n1", "n2", "n3"]);
}

// ---- segments ---------------------------------------------------------------------------

#[test]
fn merge_segments_adds_counts_and_moves_needs_losing_nothing() {
    let mut fx = setup();
    let before = on_disk(&fx.path);
    let total_before = total_participants(&before);
    let needs_with = |p: &Project, s: &str| -> Vec<String> {
        p.needs
            .iter()
            .filter(|n| n.segment_ids.iter().any(|x| x == s))
            .map(|n| n.id.clone())
            .collect()
    };
    fx.store.merge_segments("s2", "s1").unwrap();
    let p = on_disk(&fx.path);
    assert!(p.segments.iter().all(|s| s.id != "s2"));
    assert_eq!(total_participants(&p), total_before, "nobody lost");
    assert_eq!(activity(&p, "a1").participants, vec![pt("s1", 8)]);
    assert_eq!(activity(&p, "a2").participants, vec![pt("s1", 2)]);
    assert_eq!(needs_with(&p, "s1"), vec!["n1", "n2", "n3"]);
    assert_eq!(need_of(&p, "n2").segment_ids, vec!["s1"], "one, not two");

    // Into a segment that had no participants at all.
    fx.store.merge_segments("s1", "s3").unwrap();
    let p = on_disk(&fx.path);
    assert_eq!(total_participants(&p), total_before);
    assert_eq!(activity(&p, "a1").participants, vec![pt("s3", 8)]);
    assert_eq!(needs_with(&p, "s3"), vec!["n1", "n2", "n3"]);
}

#[test]
fn merge_segments_refuses_itself_and_unknown_segments() {
    let mut fx = setup();
    assert_eq!(
        fx.store.merge_segments("s1", "s1").unwrap_err().code,
        "invalid"
    );
    assert_eq!(
        fx.store.merge_segments("nope", "s1").unwrap_err().code,
        "not_found"
    );
    assert_eq!(on_disk(&fx.path), fixture());
}

#[test]
fn delete_segment_in_use_is_refused_with_counts_unless_forced() {
    let mut fx = setup();
    let e = fx.store.delete_segment("s1", false).unwrap_err();
    assert_eq!(e.code, "in_use");
    // s1: 5 + 2 participants in 2 activities, 2 needs.
    assert!(e.message.contains('7'), "{}", e.message);
    assert!(e.message.contains('2'), "{}", e.message);
    assert_eq!(on_disk(&fx.path), fixture());

    fx.store.delete_segment("s1", true).unwrap();
    let p = on_disk(&fx.path);
    assert!(p.segments.iter().all(|s| s.id != "s1"));
    assert_eq!(activity(&p, "a1").participants, vec![pt("s2", 3)]);
    assert_eq!(need_of(&p, "n2").segment_ids, vec!["s2"]);
    assert_eq!(p.needs.len(), 5, "needs stay");

    // An unused segment goes without force.
    fx.store.delete_segment("s3", false).unwrap();
    assert_eq!(
        fx.store.delete_segment("s3", false).unwrap_err().code,
        "not_found"
    );
}

#[test]
fn delete_segment_only_named_by_a_need_is_in_use() {
    let mut fx = setup();
    let mut n = need("n9", None, &["s3"], &[]);
    n.statement = "Fler bänkar".into();
    fx.store.save_need(&n).unwrap();
    let e = fx.store.delete_segment("s3", false).unwrap_err();
    assert_eq!(e.code, "in_use");
    assert!(e.message.contains("1 need"), "{}", e.message);
}

// ---- activities -------------------------------------------------------------------------

#[test]
fn duplicate_activity_keeps_questions_and_segments_and_clears_the_rest() {
    let mut fx = setup();
    let original = activity(&on_disk(&fx.path), "a1");
    let copy = fx.store.duplicate_activity("a1", " (2)").unwrap();
    assert_ne!(copy.id, "a1");
    assert!(!copy.id.is_empty());
    assert_eq!(copy.title, "Workshop i Stadsparken (2)");
    assert_eq!(copy.key_question_ids, original.key_question_ids);
    assert_eq!(copy.participants, vec![pt("s1", 0), pt("s2", 0)]);
    assert_eq!(copy.method, original.method);
    assert_eq!(copy.place, original.place);
    assert_eq!(copy.status, ActivityStatus::Planned);
    assert!(copy.notes.is_empty());
    assert!(copy.feedback.is_empty());
    assert_eq!(copy.feedback_given_on, None);

    let p = on_disk(&fx.path);
    assert_eq!(activity(&p, &copy.id), copy);
    assert_eq!(activity(&p, "a1"), original, "the original is untouched");
    // Needs belong to the original only.
    assert!(p
        .needs
        .iter()
        .all(|n| n.activity_id.as_deref() != Some(copy.id.as_str())));
}

#[test]
fn duplicate_a_reported_back_activity_gives_a_planned_one() {
    let mut fx = setup();
    let mut a = activity(&fx.store.load_project().unwrap(), "a1");
    a.status = ActivityStatus::ReportedBack;
    a.feedback_given_on = Some("2027-03-01".into());
    fx.store.save_activity(&a).unwrap();
    let copy = fx.store.duplicate_activity("a1", " – igen").unwrap();
    assert_eq!(copy.status, ActivityStatus::Planned);
    assert_eq!(copy.feedback_given_on, None);
    assert_eq!(
        fx.store.duplicate_activity("nope", "x").unwrap_err().code,
        "not_found"
    );
}

// ---- read-only --------------------------------------------------------------------------

#[test]
fn a_read_only_project_refuses_every_edit() {
    use std::os::unix::fs::PermissionsExt;
    let fx = setup();
    let path = fx.path.clone();
    drop(fx.store);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let mut store = Store::open(&path, OpenOptions::default()).unwrap();
    assert!(store.read_only());
    let p = store.load_project().unwrap();

    let mut d = decision(&p, "d1");
    d.title = "Ändrad".into();
    let mut results: Vec<(&str, Result<(), CoreError>)> = vec![
        ("save_decision", store.save_decision(&d).map(|_| ())),
        (
            "save_key_question",
            store.save_key_question(&question(&p, "q1")).map(|_| ()),
        ),
        (
            "save_activity",
            store.save_activity(&activity(&p, "a1")).map(|_| ()),
        ),
        (
            "duplicate_activity",
            store.duplicate_activity("a1", " (2)").map(|_| ()),
        ),
        ("save_need", store.save_need(&need_of(&p, "n1")).map(|_| ())),
        ("save_segment", store.save_segment(&seg("s9")).map(|_| ())),
        ("save_tag", store.save_tag(&tag("t9", None)).map(|_| ())),
        ("merge_tags", store.merge_tags("theme", "other")),
        ("delete_tag", store.delete_tag("loose")),
        ("merge_segments", store.merge_segments("s2", "s1")),
        ("delete_segment", store.delete_segment("s1", true)),
        (
            "delete_decision",
            store.delete_decision("d1", QuestionsOnDelete::Delete),
        ),
        ("delete_key_question", store.delete_key_question("q1")),
        ("delete_activity", store.delete_activity("a1")),
        (
            "delete_needs",
            store.delete_needs(&["n1".into()]).map(|_| ()),
        ),
        (
            "tag_needs",
            store.tag_needs(&["n5".into()], "loose", true).map(|_| ()),
        ),
        (
            "save_insight",
            store.save_insight(&p.insights[0]).map(|_| ()),
        ),
        ("delete_insight", store.delete_insight("i1")),
    ];
    results.push((
        "set_project_info",
        store.set_project_info(&ProjectInfo {
            name: "Annat".into(),
            ..ProjectInfo::default()
        }),
    ));
    results.push((
        "save_ladder",
        store
            .save_ladder(&medskapa_core::domain::ladder::default_ladder())
            .map(|_| ()),
    ));
    for (what, r) in results {
        let e = r.expect_err(what);
        assert_eq!(e.code, "read_only", "{what}: {e:?}");
    }
    assert_eq!(store.load_project().unwrap(), p);
    drop(store);
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "file unchanged");
}

// ---- long and non-Latin text ------------------------------------------------------------

#[test]
fn a_one_megabyte_statement_is_refused_clearly() {
    let mut fx = setup();
    let mut n = need("big", Some("a1"), &[], &[]);
    n.statement = "ö".repeat(500_000); // 1 MB of UTF-8
    let e = fx.store.save_need(&n).unwrap_err();
    assert_eq!(e.code, "too_long");
    assert_eq!(e.field.as_deref(), Some("statement"));
    assert!(e.message.contains("statement"), "{}", e.message);
    assert!(e.message.contains("too long"), "{}", e.message);
    assert!(e.message.contains("500000"), "says how long: {}", e.message);

    let mut n = need("big", Some("a1"), &[], &[]);
    n.quote = "x".repeat(1_000_000);
    expect_field_error(fx.store.save_need(&n), "quote", "too_long");

    let d = Decision {
        title: "x".repeat(1_000_000),
        ..Default::default()
    };
    expect_field_error(fx.store.save_decision(&d), "title", "too_long");
    assert_eq!(on_disk(&fx.path), fixture());
}

#[test]
fn length_limits_count_characters_not_bytes() {
    let mut fx = setup();
    // 400 characters (but 800 or more bytes) is within a 500-character title.
    for text in ["ö".repeat(400), "م".repeat(400), "📚".repeat(400)] {
        let d = Decision {
            title: text.clone(),
            ..Default::default()
        };
        let saved = fx
            .store
            .save_decision(&d)
            .unwrap_or_else(|e| panic!("{} chars refused: {e:?}", text.chars().count()));
        assert_eq!(decision(&on_disk(&fx.path), &saved.id).title, text);
    }
    // 501 characters is too many, and the message says so.
    let d = Decision {
        title: "ä".repeat(501),
        ..Default::default()
    };
    let e = fx.store.save_decision(&d).unwrap_err();
    assert_eq!(e.code, "too_long");
    assert!(e.message.contains("501"), "{}", e.message);
    assert!(e.message.contains("500"), "{}", e.message);
}

#[test]
fn emoji_and_right_to_left_text_round_trip() {
    let mut fx = setup();
    let text = "مكتبة 📚";
    let d = fx
        .store
        .save_decision(&Decision {
            title: text.into(),
            description: format!("{text}\n\nשלום – ✨ Hälsningar från Helsingborg 👋🏽"),
            forum: "Kulturnämnden ⚖️".into(),
            ..Default::default()
        })
        .unwrap();
    let s = fx
        .store
        .save_segment(&Segment {
            name: "عائلات 👨‍👩‍👧".into(),
            ..Default::default()
        })
        .unwrap();
    let t = fx
        .store
        .save_tag(&Tag {
            name: "قراءة 📖".into(),
            color: "#AABBCC".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(t.color, "#aabbcc");
    let n = fx
        .store
        .save_need(&Need {
            statement: format!("{text} – en plats att läsa"),
            quote: "”أريد مكانًا هادئًا” 🤫".into(),
            segment_ids: vec![s.id.clone()],
            tag_ids: vec![t.id.clone()],
            ..Default::default()
        })
        .unwrap();
    let p = on_disk(&fx.path);
    assert_eq!(decision(&p, &d.id), d);
    assert_eq!(decision(&p, &d.id).title, text);
    assert_eq!(p.segments.iter().find(|x| x.id == s.id).unwrap(), &s);
    assert_eq!(tag_of(&p, &t.id).unwrap(), &t);
    assert_eq!(need_of(&p, &n.id), n);
    assert_eq!(need_of(&p, &n.id).quote, "”أريد مكانًا هادئًا” 🤫");
}
