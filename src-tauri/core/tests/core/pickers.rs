//! The activity picker's search: what a user types finds the activities they mean, in the
//! order they want them, however many the project has.

use chrono::NaiveDate;
use tempfile::tempdir;

use crate::support::demo_store;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a day")
}

fn ids(store: &medskapa_core::store::Store, text: &str, limit: u32) -> (Vec<String>, u32) {
    let found = store
        .find_activities(text, limit, day("2026-11-10"))
        .expect("find activities");
    (found.items.into_iter().map(|c| c.id).collect(), found.total)
}

#[test]
fn nothing_typed_offers_the_nearest_ahead_first_then_the_latest_behind() {
    let dir = tempdir().expect("tempdir");
    let store = demo_store(dir.path());
    let (found, total) = ids(&store, "", 5);
    assert_eq!(total, 15, "every activity fits an empty text");
    // 2026-11-10: a12 (14 Nov) is the nearest ahead, then a13, a14, a15; then the latest
    // behind, a11 (4 Nov).
    assert_eq!(found, ["a12", "a13", "a14", "a15", "a11"]);
}

#[test]
fn words_match_the_beginnings_of_title_and_place_words_without_diacritics() {
    let dir = tempdir().expect("tempdir");
    let store = demo_store(dir.path());
    // "raa" finds "Råå bibliotek" (folded); "drottning CENTRUM" needs both words (a02).
    assert_eq!(ids(&store, "raa", 10).0, ["a12"]);
    assert_eq!(ids(&store, "drottning CENTRUM", 10).0, ["a02"]);
    // The place counts: "Hörsalen" is where a01, a06, a11 and a13 were held.
    let (mut horsalen, total) = ids(&store, "hörsal", 10);
    assert_eq!(total, 4);
    horsalen.sort();
    assert_eq!(horsalen, ["a01", "a06", "a11", "a13"]);
    assert_eq!(ids(&store, "ingen sådan dialog", 10), (vec![], 0));
}

#[test]
fn a_title_that_begins_with_the_text_comes_before_one_that_only_contains_it() {
    let dir = tempdir().expect("tempdir");
    let store = demo_store(dir.path());
    // "fokus" begins both focus groups' titles (a04 before a07: nearer in time, both
    // behind); "pop" begins the three pop-ups'.
    assert_eq!(ids(&store, "fokus", 10).0, ["a07", "a04"]);
    let (pop, _) = ids(&store, "pop", 10);
    assert_eq!(pop, ["a12", "a08", "a02"]);
    // "biblioteket" begins no title but is in many: those whose title begins with the
    // word come first when there are any ("Biblioteket flyttar ut" does not begin a08).
    let (found, total) = ids(&store, "bibliotek", 3);
    assert_eq!(found.len(), 3, "the limit holds");
    assert!(total > 3, "the total counts past the limit");
}

#[test]
fn a_choice_by_id_names_the_activity_and_none_for_one_that_is_gone() {
    let dir = tempdir().expect("tempdir");
    let store = demo_store(dir.path());
    let a = store.activity_choice("a12").expect("read").expect("a12");
    assert_eq!(
        a.title,
        "Pop-up på Råå bibliotek: När vill du att biblioteket är öppet?"
    );
    assert_eq!(a.starts_at.as_deref(), Some("2026-11-14T10:00"));
    assert_eq!(store.activity_choice("no-such").expect("read"), None);
}
