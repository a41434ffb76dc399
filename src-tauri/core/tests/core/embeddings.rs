//! Need vectors in the store (both backends), the needs page ranked by meaning, and
//! merging two needs.

use medskapa_core::domain::model::*;
use medskapa_core::store::embeddings::{embedding_text, text_hash, NewEmbedding};
use medskapa_core::store::search::NeedFilter;
use medskapa_core::store::Store;
use medskapa_core::support::error::ErrorCode;
use medskapa_core::testing;

use crate::support::{demo_project, demo_store};

const MODEL: &str = "test-model";

/// A unit vector along axis `i` of 4, tilted a little towards axis 3.
fn vector(i: usize) -> Vec<f32> {
    let mut v = vec![0.0f32, 0.0, 0.0, 0.1];
    v[i] = 1.0;
    v
}

fn nid_of(store: &Store, id: &str) -> i64 {
    let all: Vec<i64> = store
        .embedding_todo("none")
        .expect("todo")
        .into_iter()
        .filter(|t| t.need_id == id)
        .map(|t| t.nid)
        .collect();
    all[0]
}

/// Vectors are stored per need with their text's hash; a changed statement, another
/// model or a new need makes the need due again; a deleted need takes its vector along.
fn vectors_follow_the_needs(store: &mut Store) {
    let total = store.need_count().expect("count") as usize;
    let todo = store.embedding_todo(MODEL).expect("todo");
    assert_eq!(todo.len(), total);
    let first = &todo[0];
    let need = store.need_text(&first.need_id).expect("need");
    assert_eq!(first.text, embedding_text(&need.statement, &need.quote));
    let made: Vec<NewEmbedding> = todo
        .iter()
        .enumerate()
        .map(|(i, t)| NewEmbedding {
            nid: t.nid,
            text_hash: t.text_hash.clone(),
            vector: vector(i % 3),
        })
        .collect();
    assert_eq!(store.put_embeddings(MODEL, &made).expect("put"), total);
    assert!(store.embedding_todo(MODEL).expect("todo").is_empty());
    assert_eq!(store.embedding_todo("another").expect("todo").len(), total);
    let mut read = Vec::new();
    store
        .each_embedding(MODEL, |nid, v| {
            read.push((nid, v.to_vec()));
            Ok(())
        })
        .expect("read");
    assert_eq!(read.len(), total);
    assert!(read.windows(2).all(|w| w[0].0 < w[1].0));
    assert_eq!(read[0], (made[0].nid, made[0].vector.clone()));

    // A changed statement makes the vector stale; a changed activity does not.
    let before = store.need_revisions().expect("revisions");
    assert_eq!(before.len(), total);
    let mut n = store.need_for_edit(&first.need_id).expect("need").value;
    n.statement.push_str(" Och på söndagar.");
    store.save_need(&n).expect("save");
    let todo = store.embedding_todo(MODEL).expect("todo");
    assert_eq!(todo.len(), 1);
    assert_eq!(todo[0].need_id, first.need_id);
    assert_eq!(
        todo[0].text_hash,
        text_hash(&embedding_text(&n.statement, &n.quote))
    );
    // Asked among some needs only, the same answer for those; the edit shows in the revisions.
    let among = store
        .embedding_todo_among(MODEL, &[first.nid, made[1].nid, -1])
        .expect("todo among");
    assert_eq!(among, todo);
    let after = store.need_revisions().expect("revisions");
    let changed: Vec<i64> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b != a)
        .map(|(_, a)| a.0)
        .collect();
    assert_eq!(
        changed,
        [first.nid],
        "only the edited need has a new revision"
    );

    // A need deleted meanwhile is skipped when its vector arrives; deleting takes it along.
    store
        .delete_needs(std::slice::from_ref(&first.need_id))
        .expect("delete");
    assert_eq!(store.put_embeddings(MODEL, &made[..1]).expect("put"), 0);
    assert_eq!(
        store.embedding_count(MODEL).expect("count") as usize,
        total - 1
    );
}

#[test]
fn vectors_are_stored_per_need_and_go_stale_with_the_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    vectors_follow_the_needs(&mut demo_store(dir.path()));
}

#[test]
fn pg_vectors_are_stored_per_need_and_go_stale_with_the_text() {
    let server = testing::server().unwrap_or_else(|e| panic!("a PostgreSQL server: {e}"));
    let url = server.database("embeddings").expect("a database");
    Store::share(&demo_project(), &url, None).expect("share");
    vectors_follow_the_needs(&mut Store::open_server(&url, None).expect("open"));
}

#[test]
fn vectors_are_never_exported_and_a_read_only_project_refuses_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = demo_store(dir.path());
    let todo = store.embedding_todo(MODEL).expect("todo");
    let made = vec![NewEmbedding {
        nid: todo[0].nid,
        text_hash: todo[0].text_hash.clone(),
        vector: vector(0),
    }];
    store.put_embeddings(MODEL, &made).expect("put");
    // Interchange JSON carries the needs, not their vectors: a project made from it has none.
    let json = medskapa_core::formats::interchange::into_json(store.load_project().expect("load"));
    let copy = Store::create_from(
        &dir.path().join("copy.medskapa"),
        &medskapa_core::formats::interchange::parse(&json).expect("parse"),
    )
    .expect("copy");
    assert_eq!(copy.embedding_count(MODEL).expect("count"), 0);
    // A read-only project keeps what it has and stores nothing.
    let path = store.path().expect("file").to_path_buf();
    drop(store);
    let mut perms = std::fs::metadata(&path).expect("meta").permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).expect("read-only");
    let mut ro = Store::open(&path, Default::default()).expect("open");
    let err = ro.put_embeddings(MODEL, &made).expect_err("read-only");
    assert_eq!(err.code, ErrorCode::ReadOnly);
    assert_eq!(ro.embedding_count(MODEL).expect("count"), 1);
}

#[test]
fn a_page_by_meaning_fuses_close_needs_with_word_hits_and_keeps_the_other_filters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = demo_store(dir.path());
    let ids = ["n096", "n098", "n036", "n001"];
    let close: Vec<i64> = ids.iter().map(|id| nid_of(&store, id)).collect();
    // "söndagar" is a word of n096 only; n096 is also the closest: first.
    let filter = NeedFilter {
        text: "söndagar".into(),
        meaning: true,
        ..Default::default()
    };
    let page = store
        .needs_page_by_meaning(&filter, &close, 0, 10)
        .expect("page");
    let got: Vec<&str> = page.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(got[0], "n096", "{got:?}");
    assert_eq!(page.total as usize, got.len());
    for id in ids {
        assert!(got.contains(&id), "{id} in {got:?}");
    }
    assert!(page.rows[0]
        .statement_html
        .contains("<mark>söndagar</mark>"));
    // A word hit that is not close in meaning still comes, after the close ones it beats
    // only when it is close too.
    let only_words = store
        .needs_page_by_meaning(&filter, &[], 0, 10)
        .expect("page");
    assert_eq!(only_words.rows[0].id, "n096");
    // Other filters apply: only needs tagged "Avgiftsfritt och tillgängligt".
    let tagged = NeedFilter {
        tag_ids: vec!["t4c".into()],
        include_children: false,
        ..filter.clone()
    };
    let page = store
        .needs_page_by_meaning(&tagged, &close, 0, 10)
        .expect("page");
    assert_eq!(
        page.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["n001"]
    );
    // Paging.
    let second = store
        .needs_page_by_meaning(&filter, &close, 1, 1)
        .expect("page");
    assert_eq!(second.rows[0].id, got[1]);
}

/// n005 ("personliga boktips") merged into n017 ("böcker på sitt modersmål"): the kept
/// need has both quotes, all tags, segments, insights and commitments; undo brings both
/// back as they were.
fn merging_keeps_everything(store: &mut Store) {
    let keep0 = store.need_for_edit("n017").expect("n017").value;
    let mut other = store.need_for_edit("n005").expect("n005").value;
    other.quote = "Jag vill ha tips från någon som känner mig.".into();
    other.segment_ids = vec![store.load_project().expect("load").segments[0].id.clone()];
    let other = store.save_need(&other).expect("save");
    let insight = store
        .save_insight(&Insight {
            title: "Tips och språk".into(),
            need_ids: vec!["n005".into()],
            ..Default::default()
        })
        .expect("insight");
    let commitment = store
        .save_commitment(&Commitment {
            title: "Boktips på fler språk".into(),
            need_ids: vec!["n005".into()],
            ..Default::default()
        })
        .expect("commitment");

    let merged = store.merge_needs("n017", "n005").expect("merge");
    assert_eq!(merged.statement, keep0.statement);
    assert!(
        merged.quote.contains(keep0.quote.trim()),
        "{}",
        merged.quote
    );
    assert!(
        merged.quote.ends_with(other.quote.trim()),
        "{}",
        merged.quote
    );
    for t in keep0.tag_ids.iter().chain(&other.tag_ids) {
        assert!(merged.tag_ids.contains(t), "{t}");
    }
    for s in keep0.segment_ids.iter().chain(&other.segment_ids) {
        assert!(merged.segment_ids.contains(s), "{s}");
    }
    assert!(store.need_for_edit("n005").is_err());
    let p = store.load_project().expect("load");
    let i = p
        .insights
        .iter()
        .find(|i| i.id == insight.id)
        .expect("insight");
    assert_eq!(i.need_ids, ["n017"]);
    let c = p
        .commitments
        .iter()
        .find(|c| c.id == commitment.id)
        .expect("commitment");
    assert_eq!(c.need_ids, ["n017"]);
    assert_eq!(
        store.peek_undo().expect("undo").kind,
        medskapa_core::store::undo::UndoKind::MergeNeeds
    );

    store.undo().expect("undo").expect("undone");
    let back = store.need_for_edit("n017").expect("n017").value;
    assert_eq!(
        (back.quote.as_str(), &back.tag_ids),
        (keep0.quote.as_str(), &keep0.tag_ids)
    );
    let again = store.need_for_edit("n005").expect("n005 is back").value;
    assert_eq!(again, other);
    let p = store.load_project().expect("load");
    let i = p
        .insights
        .iter()
        .find(|i| i.id == insight.id)
        .expect("insight");
    assert_eq!(i.need_ids, ["n005"]);
    let c = p
        .commitments
        .iter()
        .find(|c| c.id == commitment.id)
        .expect("commitment");
    assert_eq!(c.need_ids, ["n005"]);
    assert_eq!(
        store.merge_needs("n017", "n017").expect_err("itself").code,
        ErrorCode::Invalid
    );
    assert_eq!(
        store.merge_needs("n017", "nope").expect_err("unknown").code,
        ErrorCode::NotFound
    );
}

#[test]
fn merging_two_needs_keeps_both_quotes_and_all_links_and_can_be_undone() {
    let dir = tempfile::tempdir().expect("temp dir");
    merging_keeps_everything(&mut demo_store(dir.path()));
}

#[test]
fn pg_merging_two_needs_keeps_both_quotes_and_all_links_and_can_be_undone() {
    let server = testing::server().unwrap_or_else(|e| panic!("a PostgreSQL server: {e}"));
    let url = server.database("merge_needs").expect("a database");
    Store::share(&demo_project(), &url, None).expect("share");
    merging_keeps_everything(&mut Store::open_server(&url, None).expect("open"));
}
