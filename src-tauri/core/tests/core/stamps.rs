//! Who changed what: the stamps every entity carries from schema 2 on, in a file and on a
//! server, and the upgrade that gives a schema-1 file its stamp columns. Tests against a
//! real PostgreSQL server (`medskapa_core::testing`) are named `pg_…`.

use std::path::{Path, PathBuf};

use medskapa_core::domain::model::{Need, Project};
use medskapa_core::formats::interchange::into_json;
use medskapa_core::store::stamps::{EntityKind, Stamp};
use medskapa_core::store::{OpenOptions, Store, SCHEMA_VERSION};
use medskapa_core::testing::{self, TestServer};
use rusqlite::Connection;

use crate::support::{demo_project, demo_store, sql, without_later_data};

/// Every table of a schema-1 project.
const TABLES: &[&str] = &[
    "meta",
    "effect_goal",
    "segment",
    "tag",
    "decision",
    "key_question",
    "key_question_goal",
    "activity",
    "activity_question",
    "participation",
    "need",
    "need_segment",
    "need_tag",
    "insight",
    "insight_need",
    "insight_question",
    "insight_goal",
];

/// When a planted stamp says a row was made and last changed.
const LONG_AGO: &str = "2026-01-05T09:00:00Z";

/// A copy of the demo project as the schema-1 release wrote it, in `dir`.
fn v1_copy(dir: &Path) -> PathBuf {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1-demo.medskapa");
    let path = dir.join("bibliotek.medskapa");
    std::fs::copy(&fixture, &path).expect("copy the schema-1 fixture");
    path
}

fn user_version(path: &Path) -> i32 {
    Connection::open(path)
        .expect("open")
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("user_version")
}

/// The number of rows in each table.
fn row_counts(path: &Path) -> Vec<(&'static str, i64)> {
    let conn = Connection::open(path).expect("open");
    TABLES
        .iter()
        .map(|t| {
            let n = conn
                .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
                .expect("count");
            (*t, n)
        })
        .collect()
}

/// The columns of `table`.
fn columns(path: &Path, table: &str) -> Vec<String> {
    let conn = Connection::open(path).expect("open");
    let mut st = conn
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
        .expect("table info");
    st.query_map([], |r| r.get(0))
        .expect("columns")
        .collect::<Result<_, _>>()
        .expect("columns")
}

/// Each kind of entity with the ids of the project's entities of that kind.
fn ids_by_kind(p: &Project) -> Vec<(EntityKind, Vec<String>)> {
    fn ids<T>(items: &[T], id: impl Fn(&T) -> &String) -> Vec<String> {
        items.iter().map(|x| id(x).clone()).collect()
    }
    vec![
        (EntityKind::EffectGoal, ids(&p.effect_goals, |x| &x.id)),
        (EntityKind::Segment, ids(&p.segments, |x| &x.id)),
        (EntityKind::Tag, ids(&p.tags, |x| &x.id)),
        (EntityKind::Decision, ids(&p.decisions, |x| &x.id)),
        (EntityKind::KeyQuestion, ids(&p.key_questions, |x| &x.id)),
        (EntityKind::Activity, ids(&p.activities, |x| &x.id)),
        (EntityKind::Need, ids(&p.needs, |x| &x.id)),
        (EntityKind::Insight, ids(&p.insights, |x| &x.id)),
    ]
}

/// Whether `s` is a moment as the stamps write it: `2026-12-01T10:31:07Z`.
fn is_moment(s: &str) -> bool {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%SZ").is_ok() && s.len() == 20
}

fn stamp(store: &Store, kind: EntityKind, id: &str) -> Stamp {
    store
        .stamp(kind, id)
        .expect("read the stamp")
        .unwrap_or_else(|| panic!("no {kind} {id}"))
}

/// Let `role` (known as `name`) have made and last changed every row, long ago.
fn plant_old_stamps(conn: &Connection, role: &str, name: &str) {
    for kind in EntityKind::ALL {
        conn.execute(
            &format!(
                "UPDATE {kind} SET created_by = ?1, created_at = ?2, changed_by = ?1, changed_at = ?2"
            ),
            [role, LONG_AGO],
        )
        .expect("plant stamps");
    }
    conn.execute(
        "INSERT INTO person(role, name) VALUES (?1, ?2)",
        [role, name],
    )
    .expect("plant a name");
}

/// `s` was made by Anna long ago and changed since by `role`.
fn changed_by(s: &Stamp, role: &str) {
    assert_eq!(s.created_by.as_deref(), Some("anna"), "{s:?}");
    assert_eq!(s.created_by_name.as_deref(), Some("Anna Svensson"), "{s:?}");
    assert_eq!(s.created_at.as_deref(), Some(LONG_AGO), "{s:?}");
    assert_eq!(s.changed_by.as_deref(), Some(role), "{s:?}");
    let at = s.changed_at.as_deref().unwrap_or_default();
    assert!(is_moment(at) && at > LONG_AGO, "{s:?}");
}

/// `s` was made by Anna long ago and not changed since.
fn unchanged(s: &Stamp) {
    assert_eq!(s.changed_by.as_deref(), Some("anna"), "{s:?}");
    assert_eq!(s.changed_at.as_deref(), Some(LONG_AGO), "{s:?}");
}

#[test]
fn a_schema_1_file_is_upgraded_with_a_backup_and_keeps_every_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = v1_copy(dir.path());
    let original = std::fs::read(&path).expect("read");
    let before = row_counts(&path);
    assert_eq!(user_version(&path), 1);

    let store = Store::open(&path, OpenOptions { lock: true }).expect("open and upgrade");
    assert_eq!(user_version(&path), SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION, 3);
    let backup = dir.path().join("bibliotek.v1.bak");
    assert_eq!(
        std::fs::read(&backup).expect("the backup"),
        original,
        "the backup is the file as it was"
    );
    assert_eq!(row_counts(&path), before);
    assert!(columns(&path, "need").contains(&"changed_by".to_string()));

    // The same project as the demo this build makes, but for what later versions added
    // (commitments and resident figures), which a schema-1 file cannot hold.
    let fresh = tempfile::tempdir().expect("temp dir");
    let demo = demo_store(fresh.path());
    let project = store.load_project().expect("load");
    assert!(project.commitments.is_empty());
    assert!(project.segments.iter().all(|s| s.residents.is_none()));
    assert_eq!(
        into_json(project.clone()),
        into_json(without_later_data(demo.load_project().expect("load")))
    );
    // Nobody is known to have made or changed the old rows.
    for (kind, ids) in ids_by_kind(&project) {
        let stamps = store.stamps(kind, &ids).expect("stamps");
        assert_eq!(stamps.len(), ids.len(), "{kind}");
        for (s, id) in stamps.iter().zip(&ids) {
            assert_eq!(
                s,
                &Stamp {
                    id: id.clone(),
                    ..Stamp::default()
                }
            );
        }
    }
    assert_eq!(store.integrity_check().expect("check"), "ok");
}

#[test]
fn a_file_of_this_version_opens_unchanged_without_a_backup() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = demo_store(dir.path()).path().expect("a file").to_path_buf();
    assert_eq!(user_version(&path), SCHEMA_VERSION);
    let before = std::fs::read(&path).expect("read");
    drop(Store::open(&path, OpenOptions { lock: true }).expect("open"));
    assert_eq!(std::fs::read(&path).expect("read"), before);
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(files, vec![std::ffi::OsString::from("demo.medskapa")]);
}

#[test]
fn a_read_only_schema_1_file_is_refused_and_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = v1_copy(dir.path());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = std::fs::read(&path).expect("read");
    let e = Store::open(&path, OpenOptions::default())
        .err()
        .expect("refused");
    assert_eq!(e.code, "read_only");
    assert!(e.message.contains("must be upgraded"), "{}", e.message);
    assert!(e.message.contains("bibliotek.medskapa"), "{}", e.message);
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert_eq!(user_version(&path), 1);
    assert!(!dir.path().join("bibliotek.v1.bak").exists());
}

#[test]
fn a_failed_upgrade_leaves_the_file_at_schema_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = v1_copy(dir.path());
    // A column the upgrade adds is there already: its ALTER TABLE fails halfway through.
    Connection::open(&path)
        .expect("open")
        .execute_batch("ALTER TABLE insight ADD COLUMN changed_at TEXT;")
        .expect("plant a column");
    let before = row_counts(&path);
    let e = Store::open(&path, OpenOptions { lock: true })
        .err()
        .expect("the upgrade fails");
    assert!(
        e.message
            .contains("cannot upgrade from schema 1 to 3, nothing was changed"),
        "{}",
        e.message
    );
    assert!(e.message.contains("bibliotek.medskapa"), "{}", e.message);
    assert_eq!(user_version(&path), 1);
    assert!(!columns(&path, "need").contains(&"created_by".to_string()));
    assert!(columns(&path, "person").is_empty(), "no person table");
    assert_eq!(row_counts(&path), before);
    assert!(dir.path().join("bibliotek.v1.bak").exists());
    assert!(
        !dir.path().join("bibliotek.medskapa.lock").exists(),
        "the lock is let go"
    );
}

#[test]
fn a_new_file_is_stamped_by_whoever_made_it_at_one_moment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = demo_store(dir.path());
    let role = store.role().to_string();
    assert!(!role.is_empty());
    let project = store.load_project().expect("load");
    let mut moments = std::collections::BTreeSet::new();
    for (kind, ids) in ids_by_kind(&project) {
        for s in store.stamps(kind, &ids).expect("stamps") {
            assert_eq!(s.created_by.as_deref(), Some(role.as_str()), "{s:?}");
            assert_eq!(s.changed_by.as_deref(), Some(role.as_str()), "{s:?}");
            assert_eq!(s.created_at, s.changed_at, "{s:?}");
            assert_eq!(s.created_by_name, None);
            moments.insert(s.created_at.unwrap_or_default());
        }
    }
    assert_eq!(moments.len(), 1, "{moments:?}");
    assert!(moments.iter().all(|m| is_moment(m)), "{moments:?}");
    // Stamps stay out of the interchange JSON.
    assert!(!into_json(project).contains("created_by"));
}

#[test]
fn stamps_are_read_in_the_order_asked_and_unknown_ids_left_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = demo_store(dir.path());
    let p = store.load_project().expect("load");
    let ids = vec![
        p.needs[3].id.clone(),
        "finns-inte".to_string(),
        p.needs[1].id.clone(),
    ];
    let got: Vec<String> = store
        .stamps(EntityKind::Need, &ids)
        .expect("stamps")
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(got, vec![ids[0].clone(), ids[2].clone()]);
    assert_eq!(
        store.stamp(EntityKind::Need, "finns-inte").expect("read"),
        None
    );
    assert!(store
        .stamps(EntityKind::Need, &[])
        .expect("none")
        .is_empty());
}

#[test]
fn saving_an_entity_stamps_it_changed_and_keeps_who_made_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = demo_store(dir.path());
    let role = store.role().to_string();
    plant_old_stamps(&sql(&store), "anna", "Anna Svensson");
    let p = store.load_project().expect("load");

    let mut need = p.needs[0].clone();
    need.statement = "Fler sittplatser vid fönstren".into();
    store.save_need(&need).expect("save need");
    let mut a = p.activities[0].clone();
    a.place = "Dunkers kulturhus".into();
    store.save_activity(&a).expect("save activity");
    let mut q = p.key_questions[0].clone();
    q.owner = "Erik".into();
    store.save_key_question(&q).expect("save question");
    let mut d = p.decisions[0].clone();
    d.forum = "Kulturnämnden".into();
    store.save_decision(&d).expect("save decision");
    let mut s = p.segments[0].clone();
    s.description = "Unga 13–19 år".into();
    store.save_segment(&s).expect("save segment");
    let mut t = p.tags[0].clone();
    t.color = "#aa3366".into();
    store.save_tag(&t).expect("save tag");
    let mut i = p.insights[0].clone();
    i.response = "Vi provar".into();
    store.save_insight(&i).expect("save insight");

    for (kind, id) in [
        (EntityKind::Need, &need.id),
        (EntityKind::Activity, &a.id),
        (EntityKind::KeyQuestion, &q.id),
        (EntityKind::Decision, &d.id),
        (EntityKind::Segment, &s.id),
        (EntityKind::Tag, &t.id),
        (EntityKind::Insight, &i.id),
    ] {
        changed_by(&stamp(&store, kind, id), &role);
    }
    unchanged(&stamp(&store, EntityKind::Need, &p.needs[1].id));

    // A name given later names the role in every stamp it left.
    store.set_display_name("  Erik Ek ").expect("a name");
    assert_eq!(
        store.display_name().expect("read").as_deref(),
        Some("Erik Ek")
    );
    let s = stamp(&store, EntityKind::Need, &need.id);
    assert_eq!(s.changed_by_name.as_deref(), Some("Erik Ek"));
    store.set_display_name("").expect("no name");
    assert_eq!(store.display_name().expect("read"), None);

    // A new entity is made and last changed by the role, at one moment.
    let new = store
        .save_need(&Need {
            statement: "Längre öppettider på söndagar".into(),
            ..Need::default()
        })
        .expect("a new need");
    let s = stamp(&store, EntityKind::Need, &new.id);
    assert_eq!(s.created_by.as_deref(), Some(role.as_str()));
    assert_eq!(s.changed_by.as_deref(), Some(role.as_str()));
    assert_eq!(s.created_at, s.changed_at);
    assert!(s.created_at.as_deref().is_some_and(|at| at > LONG_AGO));
}

#[test]
fn a_change_of_links_stamps_the_entity_that_owns_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = demo_store(dir.path());
    let role = store.role().to_string();
    plant_old_stamps(&sql(&store), "anna", "Anna Svensson");
    let p = store.load_project().expect("load");

    // A tag put on needs: only the needs that did not have it change.
    let tag = &p.tags[0].id;
    let (had, lacked): (Vec<&Need>, Vec<&Need>) =
        p.needs.iter().partition(|n| n.tag_ids.contains(tag));
    let ids = vec![had[0].id.clone(), lacked[0].id.clone()];
    assert_eq!(store.tag_needs(&ids, tag, true).expect("tag"), 1);
    unchanged(&stamp(&store, EntityKind::Need, &had[0].id));
    changed_by(&stamp(&store, EntityKind::Need, &lacked[0].id), &role);

    // A deleted need takes its evidence from the insights that cite it; undone, it comes
    // back made by whoever made it.
    let insight = p
        .insights
        .iter()
        .find(|i| !i.need_ids.is_empty())
        .expect("an insight with evidence");
    let cited = insight.need_ids[0].clone();
    let cited_before = stamp(&store, EntityKind::Need, &cited);
    store
        .delete_needs(std::slice::from_ref(&cited))
        .expect("delete");
    changed_by(&stamp(&store, EntityKind::Insight, &insight.id), &role);
    store.undo().expect("undo").expect("something to undo");
    let back = stamp(&store, EntityKind::Need, &cited);
    assert_eq!(back.created_by, cited_before.created_by);
    assert_eq!(back.created_at, cited_before.created_at);
    assert_eq!(back.changed_by.as_deref(), Some(role.as_str()));

    // A deleted activity leaves its needs without one.
    let activity = p
        .activities
        .iter()
        .find(|a| {
            p.needs
                .iter()
                .any(|n| n.activity_id.as_ref() == Some(&a.id))
        })
        .expect("an activity with needs");
    let heard: Vec<&Need> = p
        .needs
        .iter()
        .filter(|n| n.activity_id.as_ref() == Some(&activity.id) && n.id != cited)
        .collect();
    store.delete_activity(&activity.id).expect("delete");
    for n in heard {
        changed_by(&stamp(&store, EntityKind::Need, &n.id), &role);
    }
}

fn server() -> &'static TestServer {
    testing::server().unwrap_or_else(|e| panic!("a PostgreSQL server for the tests: {e}"))
}

#[test]
fn pg_stamps_name_the_database_role_that_made_and_changed_a_row() {
    let s = server();
    let url = s.database("stamps").expect("a database");
    let db = testing::database_of(&url).to_string();
    Store::share(&demo_project(), &url, None).expect("share as the superuser");
    let owner = Store::open_server(&url, None).expect("open");
    assert_eq!(owner.role(), "postgres");
    let p = owner.load_project().expect("load");
    for (kind, ids) in ids_by_kind(&p) {
        for st in owner.stamps(kind, &ids).expect("stamps") {
            assert_eq!(st.created_by.as_deref(), Some("postgres"), "{st:?}");
            assert_eq!(st.created_at, st.changed_at);
            assert!(is_moment(st.created_at.as_deref().unwrap_or_default()));
        }
    }

    let erik = format!(
        "erik_{}",
        db.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    );
    s.psql(
        &db,
        &format!(
            "CREATE ROLE {erik} LOGIN PASSWORD 'hemligt';
             GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {erik};
             GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {erik};
             UPDATE need SET created_at = '{LONG_AGO}', changed_at = '{LONG_AGO}';"
        ),
    )
    .expect("a second editor");
    let mut store =
        Store::open_server(&s.url(&db, &format!("{erik}:hemligt")), None).expect("open as erik");
    assert_eq!(store.role(), erik);
    store.set_display_name("Erik Ek").expect("a name");

    let mut need = p.needs[0].clone();
    need.quote = "Jag vill kunna sitta i fönstret".into();
    store.save_need(&need).expect("save");
    let tagged = p.needs[1].clone();
    let tag = p
        .tags
        .iter()
        .find(|t| !tagged.tag_ids.contains(&t.id))
        .expect("a tag it lacks");
    store
        .tag_needs(std::slice::from_ref(&tagged.id), &tag.id, true)
        .expect("tag");
    for id in [&need.id, &tagged.id] {
        let st = stamp(&store, EntityKind::Need, id);
        assert_eq!(st.created_by.as_deref(), Some("postgres"), "{st:?}");
        assert_eq!(st.created_at.as_deref(), Some(LONG_AGO), "{st:?}");
        assert_eq!(st.changed_by.as_deref(), Some(erik.as_str()), "{st:?}");
        assert_eq!(st.changed_by_name.as_deref(), Some("Erik Ek"), "{st:?}");
        assert!(st.changed_at.as_deref().is_some_and(|at| at > LONG_AGO));
    }
    let mut a = p.activities[0].clone();
    a.notes = "Flyttad till lördag".into();
    store.save_activity(&a).expect("save activity");
    let mut q = p.key_questions[0].clone();
    q.status = medskapa_core::domain::model::QuestionStatus::InProgress;
    store.save_key_question(&q).expect("save question");
    for (kind, id) in [
        (EntityKind::Activity, &a.id),
        (EntityKind::KeyQuestion, &q.id),
    ] {
        let st = stamp(&store, kind, id);
        assert_eq!(st.created_by.as_deref(), Some("postgres"), "{st:?}");
        assert_eq!(st.changed_by.as_deref(), Some(erik.as_str()), "{st:?}");
    }
    let new = store
        .save_need(&Need {
            statement: "Tysta rum för läxläsning".into(),
            ..Need::default()
        })
        .expect("a new need");
    let st = stamp(&store, EntityKind::Need, &new.id);
    assert_eq!(st.created_by.as_deref(), Some(erik.as_str()));
    assert_eq!(st.created_by_name.as_deref(), Some("Erik Ek"));
    assert!(!into_json(store.load_project().expect("load")).contains("changed_by"));
}

#[test]
fn pg_a_shared_project_of_a_newer_schema_is_refused() {
    let s = server();
    let url = s.database("newer").expect("a database");
    Store::share(&demo_project(), &url, None).expect("share");
    s.psql(
        testing::database_of(&url),
        &format!(
            "UPDATE meta SET value = '{}' WHERE key = 'medskapa_schema'",
            SCHEMA_VERSION + 1
        ),
    )
    .expect("a newer version");
    let e = Store::open_server(&url, None).err().expect("refused");
    assert_eq!(e.code, "too_new");
}
