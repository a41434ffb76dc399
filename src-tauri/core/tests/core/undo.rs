//! Undo on a shared project takes back my change, never someone else's: a merge, a deleted
//! tag or deleted needs are undone only while the rows the undo writes back are as I left
//! them or changed by me. Two roles on one database are two people.

use medskapa_core::domain::model::{Insight, Need, Project, Tag};
use medskapa_core::store::Store;
use medskapa_core::support::error::ErrorCode;
use medskapa_core::testing::{self, TestServer};

fn server() -> &'static TestServer {
    testing::server().unwrap_or_else(|e| panic!("a PostgreSQL server for the tests: {e}"))
}

fn tag(id: &str, parent: Option<&str>) -> Tag {
    Tag {
        id: id.into(),
        name: format!("Tag {id}"),
        color: "#3366aa".into(),
        parent_id: parent.map(Into::into),
        ..Tag::default()
    }
}

fn need(id: &str, statement: &str, tags: &[&str]) -> Need {
    Need {
        id: id.into(),
        statement: statement.into(),
        tag_ids: tags.iter().map(|t| t.to_string()).collect(),
        ..Need::default()
    }
}

/// Tags t1 (with child t1a) and t2; needs n1 (t1), n2 (t1, t2), n3 (t2); an insight
/// citing n1.
fn project() -> Project {
    Project {
        tags: vec![tag("t1", None), tag("t1a", Some("t1")), tag("t2", None)],
        needs: vec![
            need("n1", "Längre öppettider", &["t1"]),
            need("n2", "Fler bänkar", &["t1", "t2"]),
            need("n3", "Tystare lokaler", &["t2"]),
        ],
        insights: vec![Insight {
            id: "i1".into(),
            title: "Tiderna passar inte".into(),
            need_ids: vec!["n1".into()],
            ..Insight::default()
        }],
        ..Project::default()
    }
}

/// Anna and Bo, each with a role of their own, on one shared project. Bo's role is named
/// after the database: roles are the server's, and the tests run side by side.
fn anna_and_bo() -> (Store, Store) {
    let url = server().database("undo_shared").expect("a database");
    Store::share(&project(), &url, None).expect("share");
    let db = testing::database_of(&url);
    let bo = format!("bo_{db}");
    server()
        .psql(
            db,
            &format!(
                "CREATE ROLE {bo} LOGIN PASSWORD 'bo'; GRANT ALL ON ALL TABLES IN SCHEMA public TO {bo};
                 GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {bo};"
            ),
        )
        .expect("a second role");
    let anna = Store::open_server(&url, None).expect("open as anna");
    let bo = Store::open_server(&server().url(db, &format!("{bo}:bo")), None).expect("open as bo");
    (anna, bo)
}

fn tags_of(store: &Store, id: &str) -> Vec<String> {
    store.need_for_edit(id).expect("the need").value.tag_ids
}

/// `store`'s undo is refused, naming `what` and `who` changed it.
fn refused(store: &mut Store, what: &str, who: &Store) {
    let e = store.undo().expect_err("the undo is refused");
    assert_eq!(e.code, ErrorCode::CannotUndo);
    assert!(e.message.contains(what), "{}", e.message);
    assert!(
        e.message.ends_with(&format!(" by {}", who.role())),
        "{}",
        e.message
    );
}

#[test]
fn pg_undo_of_a_merge_is_refused_when_someone_else_retagged_a_moved_need() {
    let (mut anna, mut bo) = anna_and_bo();
    anna.merge_tags("t1", "t2").unwrap();
    assert_eq!(tags_of(&anna, "n1"), vec!["t2"]);
    bo.tag_needs(&["n1".to_string()], "t2", false).unwrap();

    refused(&mut anna, "Längre öppettider", &bo);
    let tags: Vec<String> = anna
        .load_project()
        .unwrap()
        .tags
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(tags, vec!["t1a", "t2"], "nothing was undone");
    assert!(tags_of(&anna, "n1").is_empty());
    assert_eq!(tags_of(&anna, "n2"), vec!["t2"]);
}

#[test]
fn pg_undo_of_a_merge_is_refused_when_someone_else_renamed_the_tag_it_merged_into() {
    let (mut anna, mut bo) = anna_and_bo();
    anna.merge_tags("t1", "t2").unwrap();
    let base = bo.tag_for_edit("t2").unwrap();
    let mut renamed = base.value.clone();
    renamed.name = "Bos namn".into();
    bo.save_tag_from(&renamed, Some(&base)).unwrap();

    refused(&mut anna, "the tag \"Bos namn\"", &bo);
}

#[test]
fn pg_undo_of_a_merge_goes_through_after_my_own_later_changes() {
    let (mut anna, _bo) = anna_and_bo();
    anna.merge_tags("t1", "t2").unwrap();
    let base = anna.need_for_edit("n1").unwrap();
    let mut edited = base.value.clone();
    edited.statement = "Anna skrev om den".into();
    anna.save_need_from(&edited, Some(&base)).unwrap();
    // The edit is not an undoable step: the next undo is the merge's.
    assert!(anna.undo().unwrap().is_some());
    assert_eq!(tags_of(&anna, "n1"), vec!["t1"]);
    assert_eq!(tags_of(&anna, "n2"), vec!["t1", "t2"]);
    assert_eq!(tags_of(&anna, "n3"), vec!["t2"]);
}

#[test]
fn pg_undo_of_a_deleted_tag_nobody_else_touched_brings_it_back() {
    let (mut anna, mut bo) = anna_and_bo();
    anna.delete_tag("t1").unwrap();
    // Bo changes something the undo does not write back.
    bo.tag_needs(&["n3".to_string()], "t2", false).unwrap();

    assert!(anna.undo().unwrap().is_some());
    assert_eq!(tags_of(&anna, "n1"), vec!["t1"]);
    assert_eq!(tags_of(&anna, "n2"), vec!["t1", "t2"]);
    let project = anna.load_project().unwrap();
    let child = project.tags.iter().find(|t| t.id == "t1a").unwrap();
    assert_eq!(child.parent_id.as_deref(), Some("t1"));
}

#[test]
fn pg_undo_of_a_deleted_tag_is_refused_when_someone_else_moved_its_child() {
    let (mut anna, mut bo) = anna_and_bo();
    anna.delete_tag("t1").unwrap();
    let base = bo.tag_for_edit("t1a").unwrap();
    let mut moved = base.value.clone();
    moved.parent_id = Some("t2".into());
    bo.save_tag_from(&moved, Some(&base)).unwrap();

    refused(&mut anna, "Tag t1a", &bo);
}

#[test]
fn pg_undo_of_deleted_needs_is_refused_when_someone_else_edited_an_insight_citing_one() {
    let (mut anna, mut bo) = anna_and_bo();
    anna.delete_needs(&["n1".to_string(), "n3".to_string()])
        .unwrap();
    let base = bo.insight_for_edit("i1").unwrap();
    assert!(base.value.need_ids.is_empty());
    let mut edited = base.value.clone();
    edited.title = "Bo skrev om insikten".into();
    bo.save_insight_from(&edited, Some(&base)).unwrap();

    refused(&mut anna, "the insight \"Bo skrev om insikten\"", &bo);
    assert!(anna.need_for_edit("n1").is_err(), "nothing was undone");
    assert!(anna.need_for_edit("n3").is_err());
}

#[test]
fn pg_undo_of_deleted_needs_is_refused_when_someone_else_added_one_again() {
    let (mut anna, mut bo) = anna_and_bo();
    anna.delete_needs(&["n3".to_string()]).unwrap();
    bo.save_need_from(&need("n3", "Bos tysta rum", &[]), None)
        .unwrap();

    refused(&mut anna, "added again", &bo);
    assert_eq!(
        anna.need_for_edit("n3").unwrap().value.statement,
        "Bos tysta rum"
    );
}

#[test]
fn pg_undo_of_deleted_needs_nobody_else_touched_cites_them_again() {
    let (mut anna, _bo) = anna_and_bo();
    anna.delete_needs(&["n1".to_string()]).unwrap();
    assert!(anna.undo().unwrap().is_some());
    assert_eq!(tags_of(&anna, "n1"), vec!["t1"]);
    assert_eq!(
        anna.insight_for_edit("i1").unwrap().value.need_ids,
        vec!["n1"]
    );
}

#[test]
fn a_file_undoes_deleted_needs_a_deleted_tag_and_a_merge_in_turn() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create_from(&dir.path().join("p.medskapa"), &project()).unwrap();
    store.merge_tags("t1", "t2").unwrap();
    store.delete_tag("t1a").unwrap();
    store.delete_needs(&["n1".to_string()]).unwrap();
    for _ in 0..3 {
        assert!(store.undo().unwrap().is_some());
    }
    assert_eq!(store.load_project().unwrap().tags, project().tags);
    assert_eq!(tags_of(&store, "n1"), vec!["t1"]);
    assert_eq!(tags_of(&store, "n2"), vec!["t1", "t2"]);
    assert_eq!(
        store.insight_for_edit("i1").unwrap().value.need_ids,
        vec!["n1"]
    );
}
