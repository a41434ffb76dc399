//! Two people editing one item: a save states the revision it started from; what only one
//! changed is kept, a field both changed keeps the other's value and is recorded as a
//! conflict, links are added and removed, and an edit of a deleted item says so. On a
//! server two handles on one database are two people; a file has one writer.

use medskapa_core::domain::model::{Activity, Need, Participants, Project, Segment, Tag};
use medskapa_core::store::stamps::EntityKind;
use medskapa_core::store::Store;
use medskapa_core::support::error::ErrorCode;
use medskapa_core::testing::{self, TestServer};
use serde_json::json;

fn server() -> &'static TestServer {
    testing::server().unwrap_or_else(|e| panic!("a PostgreSQL server for the tests: {e}"))
}

fn tag(id: &str) -> Tag {
    Tag {
        id: id.into(),
        name: id.into(),
        color: "#3366aa".into(),
        ..Tag::default()
    }
}

fn segment(id: &str) -> Segment {
    Segment {
        id: id.into(),
        name: id.into(),
        ..Segment::default()
    }
}

/// A small project: tags t1..t3, segments s1, s2, one activity with counts, one need.
fn project() -> Project {
    Project {
        tags: vec![tag("t1"), tag("t2"), tag("t3")],
        segments: vec![segment("s1"), segment("s2")],
        activities: vec![Activity {
            id: "a1".into(),
            title: "Workshop".into(),
            participants: vec![
                Participants {
                    segment_id: "s1".into(),
                    count: 10,
                },
                Participants {
                    segment_id: "s2".into(),
                    count: 5,
                },
            ],
            ..Activity::default()
        }],
        needs: vec![Need {
            id: "n1".into(),
            statement: "Längre öppettider".into(),
            tag_ids: vec!["t1".into()],
            segment_ids: vec!["s1".into()],
            ..Need::default()
        }],
        ..Project::default()
    }
}

/// Two people on one shared project.
fn two_people() -> (Store, Store) {
    let url = server().database("merge").expect("a database");
    Store::share(&project(), &url, None).expect("share");
    let a = Store::open_server(&url, None).expect("open as the first person");
    let b = Store::open_server(&url, None).expect("open as the second person");
    (a, b)
}

#[test]
fn pg_two_edits_of_one_need_merge_and_a_field_both_changed_is_a_conflict() {
    let (mut anna, mut bo) = two_people();
    let base_a = anna.need_for_edit("n1").unwrap();
    let base_b = bo.need_for_edit("n1").unwrap();
    assert_eq!(base_a.revision, base_b.revision);

    anna.set_display_name("Anna Svensson").unwrap();
    let mut mine = base_a.value.clone();
    mine.statement = "Öppet på söndagar".into();
    mine.tag_ids.push("t2".into());
    let saved = anna.save_need_from(&mine, Some(&base_a)).unwrap();
    assert!(saved.conflicts.is_empty());
    assert_eq!(saved.revision, base_a.revision + 1);

    let mut theirs = base_b.value.clone();
    theirs.statement = "Öppet på kvällar".into();
    theirs.quote = "Jag jobbar dagtid".into();
    theirs.tag_ids = vec!["t3".into()];
    let saved = bo.save_need_from(&theirs, Some(&base_b)).unwrap();

    let n = &saved.value;
    assert_eq!(
        n.statement, "Öppet på söndagar",
        "the first save's statement stays"
    );
    assert_eq!(
        n.quote, "Jag jobbar dagtid",
        "a field only the second changed is saved"
    );
    assert_eq!(
        n.tag_ids,
        vec!["t2", "t3"],
        "t2 added, t3 added, t1 removed"
    );
    assert_eq!(n.segment_ids, vec!["s1"]);
    assert_eq!(saved.revision, base_a.revision + 2);
    assert_eq!(saved.conflicts.len(), 1);
    let c = &saved.conflicts[0];
    assert_eq!((c.kind, c.entity_id.as_str()), (EntityKind::Need, "n1"));
    assert_eq!(c.field, "statement");
    assert_eq!(c.base, json!("Längre öppettider"));
    assert_eq!(c.mine, json!("Öppet på kvällar"));
    assert_eq!(c.theirs, json!("Öppet på söndagar"));
    assert_eq!(c.theirs_by.as_deref(), Some(anna.role()));
    assert_eq!(
        c.theirs_name.as_deref(),
        Some("Anna Svensson"),
        "shown by name"
    );
    assert_eq!(anna.open_conflicts().unwrap(), saved.conflicts);

    bo.resolve_conflict(c.id, json!("Öppet på kvällar och söndagar"))
        .unwrap();
    assert!(anna.open_conflicts().unwrap().is_empty());
    let now = anna.need_for_edit("n1").unwrap();
    assert_eq!(now.value.statement, "Öppet på kvällar och söndagar");
    assert_eq!(now.value.quote, "Jag jobbar dagtid");
    assert_eq!(now.revision, saved.revision + 1);
}

#[test]
fn pg_an_edit_of_a_need_someone_deleted_says_deleted_and_saving_without_a_base_restores_it() {
    let (mut anna, mut bo) = two_people();
    let base = bo.need_for_edit("n1").unwrap();
    anna.delete_needs(&["n1".to_string()]).unwrap();
    let mut edited = base.value.clone();
    edited.statement = "Ändrad".into();
    let e = bo.save_need_from(&edited, Some(&base)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Deleted);
    assert!(e.message.contains("deleted by"), "{}", e.message);
    assert!(e.message.contains(anna.role()), "{}", e.message);

    let restored = bo.save_need_from(&edited, None).unwrap();
    assert_eq!(restored.value.statement, "Ändrad");
    assert_eq!(restored.value.tag_ids, vec!["t1"]);
}

#[test]
fn pg_participant_counts_merge_per_segment_and_a_count_both_changed_is_a_conflict() {
    let (mut anna, mut bo) = two_people();
    let base_a = anna.activity_for_edit("a1").unwrap();
    let base_b = bo.activity_for_edit("a1").unwrap();
    let mut mine = base_a.value.clone();
    mine.participants[0].count = 12;
    mine.title = "Workshop 1".into();
    anna.save_activity_from(&mine, Some(&base_a)).unwrap();

    let mut theirs = base_b.value.clone();
    theirs.participants[0].count = 14;
    theirs.participants[1].count = 7;
    theirs.place = "Biblioteket".into();
    let saved = bo.save_activity_from(&theirs, Some(&base_b)).unwrap();
    let a = &saved.value;
    assert_eq!(
        (a.title.as_str(), a.place.as_str()),
        ("Workshop 1", "Biblioteket")
    );
    let counts: Vec<(&str, u32)> = a
        .participants
        .iter()
        .map(|p| (p.segment_id.as_str(), p.count))
        .collect();
    assert_eq!(counts, vec![("s1", 12), ("s2", 7)]);
    assert_eq!(saved.conflicts.len(), 1);
    assert_eq!(saved.conflicts[0].field, "participants.s1");
    assert_eq!(saved.conflicts[0].mine, json!(14));

    bo.resolve_conflict(saved.conflicts[0].id, json!(14))
        .unwrap();
    let a = anna.activity_for_edit("a1").unwrap().value;
    assert_eq!(a.participants[0].count, 14);
}

#[test]
fn pg_tagging_a_need_while_someone_saves_it_keeps_both() {
    let (mut anna, mut bo) = two_people();
    let base = bo.need_for_edit("n1").unwrap();
    anna.tag_needs(&["n1".to_string()], "t2", true).unwrap();
    let mut edited = base.value.clone();
    edited.important = true;
    edited.tag_ids.push("t3".into());
    let saved = bo.save_need_from(&edited, Some(&base)).unwrap();
    assert!(saved.conflicts.is_empty());
    assert!(saved.value.important);
    assert_eq!(saved.value.tag_ids, vec!["t1", "t2", "t3"]);
}

#[test]
fn a_file_saves_an_edit_from_its_base_without_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create_from(&dir.path().join("p.medskapa"), &project()).unwrap();
    let base = store.need_for_edit("n1").unwrap();
    assert_eq!(base.revision, 1);
    let mut edited = base.value.clone();
    edited.statement = "Ny formulering".into();
    edited.tag_ids = vec!["t2".into()];
    let saved = store.save_need_from(&edited, Some(&base)).unwrap();
    assert!(saved.conflicts.is_empty());
    assert_eq!(saved.revision, 2);
    assert_eq!(saved.value, validated(&edited));
    // The plain save still replaces, as before.
    let mut plain = saved.value.clone();
    plain.tag_ids = vec!["t3".into()];
    assert_eq!(store.save_need(&plain).unwrap().tag_ids, vec!["t3"]);
    assert_eq!(store.need_for_edit("n1").unwrap().revision, 3);
    assert!(store.open_conflicts().unwrap().is_empty());
}

fn validated(n: &Need) -> Need {
    let mut n = n.clone();
    n.tag_ids.sort();
    n.segment_ids.sort();
    n
}

#[test]
fn pg_undo_refuses_to_take_back_a_tagging_of_a_need_someone_else_changed_since() {
    let url = server().database("undo").expect("a database");
    Store::share(&project(), &url, None).expect("share");
    server()
        .psql(
            testing::database_of(&url),
            "CREATE ROLE bo LOGIN PASSWORD 'bo'; GRANT ALL ON ALL TABLES IN SCHEMA public TO bo;
             GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO bo;",
        )
        .expect("a second role");
    let mut anna = Store::open_server(&url, None).expect("open as anna");
    let mut bo = Store::open_server(&server().url(testing::database_of(&url), "bo:bo"), None)
        .expect("open as bo");

    anna.tag_needs(&["n1".to_string()], "t2", true).unwrap();
    let base = bo.need_for_edit("n1").unwrap();
    let mut edited = base.value.clone();
    edited.statement = "Bo skrev om den".into();
    bo.save_need_from(&edited, Some(&base)).unwrap();
    let e = anna.undo().unwrap_err();
    assert_eq!(e.code, ErrorCode::CannotUndo);
    assert!(e.message.contains("Bo skrev om den"), "{}", e.message);
    assert!(e.message.contains("bo"), "{}", e.message);
    assert_eq!(
        anna.need_for_edit("n1").unwrap().value.tag_ids,
        vec!["t1", "t2"]
    );

    // My own later change does not stop my undo.
    anna.tag_needs(&["n1".to_string()], "t3", true).unwrap();
    anna.tag_needs(&["n1".to_string()], "t3", false).unwrap();
    assert!(anna.undo().unwrap().is_some());
    assert_eq!(
        anna.need_for_edit("n1").unwrap().value.tag_ids,
        vec!["t1", "t2", "t3"]
    );
}
