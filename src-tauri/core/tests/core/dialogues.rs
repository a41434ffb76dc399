//! Dialoger's list as the core serves it: the order a project leader works through the
//! dialogues in, the filters, and a page that reaches the dialogue opened from elsewhere.

use medskapa_core::domain::model::{Activity, ActivityStatus, Method, Participants, Project};
use medskapa_core::store::dialogues::{ActivitiesPage, ActivityFilter};
use medskapa_core::store::Store;
use medskapa_core::support::error::ErrorCode;
use tempfile::{tempdir, TempDir};

use crate::support::demo_project;

fn activity(id: &str, title: &str, starts_at: Option<&str>, status: ActivityStatus) -> Activity {
    Activity {
        id: id.into(),
        title: title.into(),
        starts_at: starts_at.map(str::to_string),
        status,
        ..Activity::default()
    }
}

/// The demo's decisions, questions and segments with these dialogues only.
fn project_with(activities: Vec<Activity>) -> (TempDir, Store, Project) {
    let mut p = demo_project();
    p.needs.clear();
    p.insights.clear();
    p.commitments.clear();
    p.activities = activities;
    let dir = tempdir().expect("tempdir");
    let store = Store::create_from(&dir.path().join("p.medskapa"), &p).expect("create");
    (dir, store, p)
}

fn ids(page: &ActivitiesPage) -> Vec<&str> {
    page.rows.iter().map(|a| a.id.as_str()).collect()
}

fn list(store: &Store, f: &ActivityFilter) -> Vec<String> {
    let page = store.activities_page(f, 0, 100, None).expect("page");
    ids(&page).into_iter().map(str::to_string).collect()
}

#[test]
fn coming_dialogues_come_first_soonest_first_then_the_held_newest_first() {
    use ActivityStatus::*;
    let (_dir, store, _) = project_with(vec![
        activity("held-old", "Samtal", Some("2026-03-01T10:00"), Held),
        activity(
            "planned-late",
            "Workshop",
            Some("2027-05-01T10:00"),
            Planned,
        ),
        activity("reported", "Enkät", Some("2026-10-01T10:00"), ReportedBack),
        activity("planned-undated", "Vandring", None, Planned),
        activity("planned-soon", "Pop-up", Some("2026-12-10T18:00"), Planned),
        activity("held-new", "Fokusgrupp", Some("2026-11-20T09:00"), Held),
        activity("held-undated", "Intervju", None, Held),
        // Same start: by title, in Swedish order (Ö after Z, case does not count first).
        activity("same-o", "Öppet hus", Some("2027-02-01T10:00"), Planned),
        activity("same-z", "zon för unga", Some("2027-02-01T10:00"), Planned),
        activity(
            "same-a",
            "Ålder och läsning",
            Some("2027-02-01T10:00"),
            Planned,
        ),
        activity("same-e", "Ébauche", Some("2027-02-01T10:00"), Planned),
    ]);
    assert_eq!(
        list(&store, &ActivityFilter::default()),
        [
            "planned-soon",
            "same-e",
            "same-z",
            "same-a",
            "same-o",
            "planned-late",
            "planned-undated",
            "held-new",
            "reported",
            "held-old",
            "held-undated",
        ]
    );
}

#[test]
fn each_filter_lets_through_what_it_names_and_they_combine() {
    use ActivityStatus::*;
    let demo = demo_project();
    let (q1, q2) = (
        demo.key_questions[0].id.clone(),
        demo.key_questions[1].id.clone(),
    );
    let (s1, s2) = (demo.segments[0].id.clone(), demo.segments[1].id.clone());
    let mut b = activity("b", "B", Some("2027-02-01T10:00"), Planned);
    b.method = Method::Popup;
    b.key_question_ids = vec![q1.clone()];
    b.participants = vec![
        Participants {
            segment_id: s1.clone(),
            count: 4,
        },
        Participants {
            segment_id: s2.clone(),
            count: 0,
        },
    ];
    let c = activity("c", "C", None, Held);
    let mut a = activity("a", "A", Some("2026-11-02"), Held);
    a.key_question_ids = vec![q1.clone(), q2.clone()];
    a.participants = vec![
        Participants {
            segment_id: s1.clone(),
            count: 2,
        },
        Participants {
            segment_id: s2.clone(),
            count: 3,
        },
    ];
    let (_dir, store, _) = project_with(vec![a, b, c]);
    let f = ActivityFilter::default;
    let by = |f: ActivityFilter| list(&store, &f);
    assert_eq!(by(f()), ["b", "a", "c"]);
    assert_eq!(
        by(ActivityFilter {
            status: Some(Planned),
            ..f()
        }),
        ["b"]
    );
    assert_eq!(
        by(ActivityFilter {
            method: Some(Method::Workshop),
            ..f()
        }),
        ["a", "c"]
    );
    assert_eq!(
        by(ActivityFilter {
            key_question_id: Some(q1.clone()),
            ..f()
        }),
        ["b", "a"]
    );
    assert_eq!(
        by(ActivityFilter {
            key_question_id: Some(q2),
            ..f()
        }),
        ["a"]
    );
    // A segment lets through the dialogues it had participants in (a zero is none).
    assert_eq!(
        by(ActivityFilter {
            segment_id: Some(s1.clone()),
            ..f()
        }),
        ["b", "a"]
    );
    assert_eq!(
        by(ActivityFilter {
            segment_id: Some(s2.clone()),
            ..f()
        }),
        ["a"]
    );
    // A period: by the day of the start, bounds included; an undated dialogue is outside.
    assert_eq!(
        by(ActivityFilter {
            from: Some("2027-02-01".into()),
            ..f()
        }),
        ["b"]
    );
    assert_eq!(
        by(ActivityFilter {
            to: Some("2026-11-02".into()),
            ..f()
        }),
        ["a"]
    );
    assert_eq!(
        by(ActivityFilter {
            from: Some(" ".into()),
            ..f()
        }),
        ["b", "a", "c"]
    );
    let both = ActivityFilter {
        segment_id: Some(s2),
        method: Some(Method::Popup),
        ..f()
    };
    assert!(by(both).is_empty());
    // The rows carry what the list shows: the participants summed.
    let page = store.activities_page(&f(), 0, 10, None).expect("page");
    let totals: Vec<u32> = page.rows.iter().map(|a| a.participant_total).collect();
    assert_eq!(totals, [4, 5, 0]);
    assert_eq!((page.total, page.all), (3, 3));
}

#[test]
fn a_page_is_the_part_asked_for_and_says_where_the_dialogue_asked_for_is() {
    let many: Vec<Activity> = (0..30)
        .map(|i| {
            activity(
                &format!("a{i:02}"),
                &format!("Dialog {i:02}"),
                Some(&format!("2027-01-{:02}", i + 1)),
                ActivityStatus::Planned,
            )
        })
        .collect();
    let (_dir, store, _) = project_with(many);
    let all = ActivityFilter::default();
    let page = store.activities_page(&all, 0, 5, None).expect("page");
    assert_eq!(ids(&page), ["a00", "a01", "a02", "a03", "a04"]);
    assert_eq!((page.offset, page.total, page.all), (0, 30, 30));
    assert_eq!((page.shown.clone(), page.shown_at), (None, None));
    // A part further down, as the list scrolls.
    let page = store.activities_page(&all, 12, 3, None).expect("page");
    assert_eq!(ids(&page), ["a12", "a13", "a14"]);
    assert_eq!(page.offset, 12);
    // The end: what is left, and past it nothing.
    let page = store.activities_page(&all, 28, 5, None).expect("page");
    assert_eq!(ids(&page), ["a28", "a29"]);
    let page = store.activities_page(&all, 40, 5, None).expect("page");
    assert!(page.rows.is_empty());
    assert_eq!(page.total, 30);
    // Opened from elsewhere: where it is, so the list can scroll to it.
    let page = store
        .activities_page(&all, 0, 5, Some("a11"))
        .expect("page");
    assert_eq!((page.rows.len(), page.shown_at), (5, Some(11)));
    assert_eq!(
        page.shown.as_ref().map(|a| a.title.as_str()),
        Some("Dialog 11")
    );
    // Filtered out: not in the list, but the row is still there for its form.
    let later = ActivityFilter {
        from: Some("2027-01-20".into()),
        ..ActivityFilter::default()
    };
    let page = store
        .activities_page(&later, 0, 5, Some("a03"))
        .expect("page");
    assert_eq!(ids(&page), ["a19", "a20", "a21", "a22", "a23"]);
    assert_eq!((page.total, page.shown_at), (11, None));
    assert_eq!(page.shown.map(|a| a.id), Some("a03".to_string()));
    let page = store
        .activities_page(&later, 0, 5, Some("a21"))
        .expect("page");
    assert_eq!(page.shown_at, Some(2));
    // Gone: nothing to name.
    let page = store
        .activities_page(&all, 0, 5, Some("no-such"))
        .expect("page");
    assert_eq!(
        (page.rows.len(), page.shown, page.shown_at),
        (5, None, None)
    );
}

#[test]
fn a_bound_that_is_not_a_date_or_an_empty_page_is_refused_by_name() {
    let (_dir, store, _) = project_with(vec![]);
    let bad = ActivityFilter {
        to: Some("31/12/2027".into()),
        ..ActivityFilter::default()
    };
    let e = store
        .activities_page(&bad, 0, 10, None)
        .expect_err("refused");
    assert_eq!(e.code, ErrorCode::NotADate);
    assert_eq!(e.field.as_deref(), Some("to"));
    assert!(e.message.contains("31/12/2027"), "{}", e.message);
    let e = store
        .activities_page(&ActivityFilter::default(), 0, 0, None)
        .expect_err("refused");
    assert_eq!(e.code, ErrorCode::Invalid);
    let empty = store
        .activities_page(&ActivityFilter::default(), 0, 10, None)
        .expect("page");
    assert_eq!((empty.rows.len(), empty.total, empty.all), (0, 0, 0));
}

#[test]
fn the_timeline_gets_the_dated_dialogues_by_start_then_id_and_no_undated_or_unreadable_ones() {
    use ActivityStatus::*;
    let (_dir, store, _) = project_with(vec![
        activity("a-late", "Workshop", Some("2027-05-01T10:00"), Planned),
        activity("b-undated", "Vandring", None, Planned),
        activity("c-early", "Samtal", Some("2026-03-01"), Held),
        activity("d-same", "Pop-up", Some("2026-12-10T18:00"), Planned),
        activity("c-same", "Enkät", Some("2026-12-10T18:00"), ReportedBack),
        activity("e-bad", "Intervju", Some("den tionde"), Planned),
    ]);
    let dated = store.timeline_activities().expect("timeline");
    let got: Vec<(&str, &str)> = dated
        .iter()
        .map(|a| (a.id.as_str(), a.starts_at.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("c-early", "2026-03-01"),
            ("c-same", "2026-12-10T18:00"),
            ("d-same", "2026-12-10T18:00"),
            ("a-late", "2027-05-01T10:00"),
        ]
    );
}
