//! Live updates of a shared project: a change made through one connection is heard by a
//! listener on another within two seconds, a connection's own changes are not reported to
//! it, and a bulk import announces itself in a bounded number of notes. Against a real
//! PostgreSQL server (`medskapa_core::testing`); every test is named `pg_…`.

use std::time::{Duration, Instant};

use medskapa_core::domain::model::Need;
use medskapa_core::store::listen::{Change, ChangeOp, Listener};
use medskapa_core::store::{NeedImport, Store};
use medskapa_core::testing::{self, TestServer};

use crate::support::demo_project;

fn server() -> &'static TestServer {
    testing::server().unwrap_or_else(|e| panic!("a PostgreSQL server for the tests: {e}"))
}

/// The demo project shared into a fresh database; its address.
fn shared() -> String {
    let url = server().database("live").expect("a database");
    Store::share(&demo_project(), &url, None).expect("share");
    url
}

/// Everything `listener` hears until `done` says it has what it waited for, or `limit`.
fn hear(
    listener: &mut Listener,
    limit: Duration,
    done: impl Fn(&[Change]) -> bool,
) -> (Vec<Change>, Duration) {
    let start = Instant::now();
    let mut heard = Vec::new();
    while start.elapsed() < limit && !done(&heard) {
        let left = limit.saturating_sub(start.elapsed());
        heard.extend(
            listener
                .wait(left.min(Duration::from_millis(200)))
                .expect("wait"),
        );
    }
    (heard, start.elapsed())
}

#[test]
fn pg_a_change_through_one_connection_is_heard_on_another_and_not_by_itself() {
    let url = shared();
    let mut mine = Store::open_server(&url, None).expect("open mine");
    let mut theirs = Store::open_server(&url, None).expect("open theirs");
    let own = mine
        .session_id()
        .expect("session")
        .expect("a server session");
    assert_ne!(Some(own), theirs.session_id().expect("session"));
    let mut listener = Listener::start(&url, None).expect("listen");
    listener.ignore_session(Some(own));

    // My own change is not reported to me.
    let p = mine.load_project().expect("load");
    let mut q = p.key_questions[0].clone();
    q.description = "Ändrad av mig".into();
    mine.save_key_question(&q).expect("save mine");
    let (heard, _) = hear(&mut listener, Duration::from_millis(700), |h| !h.is_empty());
    assert!(heard.is_empty(), "my own change came back: {heard:?}");

    // Theirs is, within two seconds, with the entity, the operation and who.
    let need = theirs
        .save_need(&Need {
            statement: "Fler sittplatser vid fönstren".into(),
            activity_id: p.activities.first().map(|a| a.id.clone()),
            tag_ids: p.tags.iter().take(2).map(|t| t.id.clone()).collect(),
            ..Default::default()
        })
        .expect("save theirs");
    let is_need = |c: &Change| {
        c.table == "need" && c.id.as_deref() == Some(need.id.as_str()) && c.op == ChangeOp::Insert
    };
    let (heard, took) = hear(&mut listener, Duration::from_secs(2), |h| {
        h.iter().any(is_need)
    });
    assert!(
        heard.iter().any(is_need),
        "no insert of {} within {took:?}: {heard:?}",
        need.id
    );
    assert!(heard.iter().all(|c| c.by == "postgres"), "{heard:?}");
    // Its tags are announced as the need's (one note for the lot: the server drops repeats).
    let tags: Vec<&Change> = heard.iter().filter(|c| c.table == "need_tag").collect();
    assert!(!tags.is_empty(), "{heard:?}");
    assert!(
        tags.iter()
            .all(|c| c.kind == "need" && c.id.as_deref() == Some(need.id.as_str())),
        "{tags:?}"
    );

    // A deletion names the deleted entity.
    theirs
        .delete_needs(std::slice::from_ref(&need.id))
        .expect("delete");
    let gone = |c: &Change| c.op == ChangeOp::Delete && c.id.as_deref() == Some(need.id.as_str());
    let (heard, _) = hear(&mut listener, Duration::from_secs(2), |h| {
        h.iter().any(gone)
    });
    assert!(heard.iter().any(gone), "{heard:?}");
}

#[test]
fn pg_an_import_of_a_thousand_needs_sends_a_bounded_number_of_notes() {
    let url = shared();
    let mut theirs = Store::open_server(&url, None).expect("open theirs");
    let p = theirs.load_project().expect("load");
    let mut listener = Listener::start(&url, None).expect("listen");
    let tag = p.tags[0].id.clone();
    let batch = NeedImport {
        activity_id: p.activities[0].id.clone(),
        segments: vec![],
        tags: vec![],
        needs: (0..1000)
            .map(|i| Need {
                id: format!("import-{i}"),
                statement: format!("Behov nummer {i}"),
                tag_ids: vec![tag.clone()],
                ..Default::default()
            })
            .collect(),
    };
    theirs.import_needs(&batch).expect("import");
    let many = |c: &Change| c.table == "need" && c.id.is_none() && c.op == ChangeOp::Insert;
    let (mut heard, _) = hear(&mut listener, Duration::from_secs(2), |h| {
        h.iter().any(many)
    });
    // Whatever is still on its way.
    heard.extend(listener.wait(Duration::from_millis(300)).expect("wait"));
    assert!(heard.iter().any(many), "no note for the rest: {heard:?}");
    assert!(
        heard.len() <= 110,
        "{} notes for one import of 1,000 needs",
        heard.len()
    );
}

#[test]
fn pg_a_file_has_no_server_session() {
    let dir = tempfile::tempdir().expect("dir");
    let store = crate::support::demo_store(dir.path());
    assert_eq!(store.session_id().expect("session"), None);
}
