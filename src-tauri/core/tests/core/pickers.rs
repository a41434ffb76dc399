//! The pickers' searches: what a user types finds the activities and key questions they
//! mean, in the order they want them, however many the project has.

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

/// The ids of the key questions a picker offers for `text`, and how many fit in all.
fn questions(store: &medskapa_core::store::Store, text: &str, limit: u32) -> (Vec<String>, u32) {
    let found = store.find_questions(text, limit).expect("find questions");
    (found.items.into_iter().map(|c| c.id).collect(), found.total)
}

#[test]
fn questions_are_offered_needed_soonest_first_and_found_by_the_words_of_their_title() {
    let dir = tempdir().expect("tempdir");
    let store = demo_store(dir.path());
    let (first, total) = questions(&store, "", 3);
    assert_eq!(total, 10, "every question fits an empty text");
    assert_eq!(
        first,
        ["q01", "q02", "q04"],
        "needed by 27 Feb, 4 Mar, 15 Sep"
    );
    // "stadsparken" (any case) is in one title; "rum" is a word of two, neither of which
    // begins with it, so the one needed sooner comes first.
    assert_eq!(
        questions(&store, "STADSPARKEN", 10),
        (vec!["q05".into()], 1)
    );
    assert_eq!(questions(&store, "rum", 10).0, ["q03", "q08"]);
    // Every typed word must be in the title: "vilka" is in q01, q03 and q07; "hur ska" in
    // four, of which q04 and q05 are needed soonest.
    assert_eq!(questions(&store, "vilka", 10).0, ["q01", "q03", "q07"]);
    assert_eq!(questions(&store, "hur ska", 10).0[..2], ["q04", "q05"]);
    assert_eq!(questions(&store, "ingen sådan fråga", 10), (vec![], 0));
    let chosen = store
        .question_choice("q09")
        .expect("reads")
        .expect("q09 is there");
    assert_eq!(chosen.needed_by.as_deref(), Some("2027-05-14"));
    assert_eq!(store.question_choice("q99").expect("reads"), None);
}

#[test]
fn an_undated_question_comes_after_the_dated_ones_and_the_title_beginning_first() {
    let dir = tempdir().expect("tempdir");
    let mut store = demo_store(dir.path());
    let mut undated = store.load_project().expect("loads").key_questions[0].clone();
    undated.id = "q11".into();
    undated.title = "Öppettider i sommar?".into();
    undated.needed_by = None;
    store.save_key_question(&undated).expect("saves");
    let (all, total) = questions(&store, "", 20);
    assert_eq!((all.last().map(String::as_str), total), (Some("q11"), 11));
    // "öppet" begins the undated one's title, which therefore comes before q09, whose
    // title only contains the word.
    assert_eq!(questions(&store, "oppet", 10).0, ["q11", "q09"]);
}

#[test]
fn an_empty_project_offers_no_question_and_no_activity() {
    let dir = tempdir().expect("tempdir");
    let store = medskapa_core::store::Store::create(&dir.path().join("tom.medskapa"), "Tomt")
        .expect("creates");
    assert_eq!(questions(&store, "", 20), (vec![], 0));
    assert_eq!(questions(&store, "öppet", 20), (vec![], 0));
    assert_eq!(ids(&store, "", 20), (vec![], 0));
    assert_eq!(store.question_choice("q01").expect("reads"), None);
}
