//! The timeline chart's layout (ported from the window's TypeScript, whose cases are kept
//! here with the same numbers): where markers and labels go, what shares a row or lane, what
//! is grouped in clusters, what a region shows, where the chart opens, the arrow keys' order
//! and the chart as a list.

use chrono::{Duration, NaiveDate};

use medskapa_core::domain::checks::{Severity, Subject, Warning, WarningCode};
use medskapa_core::domain::model::{
    ActivityStatus, Commitment, CommitmentStatus, Decision, KeyQuestion,
};
use medskapa_core::domain::rows::TimelineActivity;
use medskapa_core::domain::timeline::{
    item_key, pack_blocks, place_label, ClusterTexts, ItemKind, LabelFonts, Side, TextWidth,
    TimelineData, TimelineItem, TimelineLayout, TimelineParams, TimelineRegion, TimelineZoom,
    ZoomPreset, AXIS_H, MAX_ACTIVITY_LANES, MIN_DAYS, ROW_H,
};

/// Rows the list shows at a time (the view's `LIST_PAGE`).
const LIST_PAGE: usize = 100;

const QUARTER: TimelineZoom = TimelineZoom::Preset(ZoomPreset::Quarter);
const YEAR: TimelineZoom = TimelineZoom::Preset(ZoomPreset::Year);
const ALL: TimelineZoom = TimelineZoom::Preset(ZoomPreset::All);

/// The project's dated items the chart is laid out from.
type Dated = TimelineData;

fn params(today: &str, zoom: TimelineZoom, viewport_width: f64) -> TimelineParams {
    TimelineParams {
        version: 1,
        zoom,
        viewport_width,
        today: today.into(),
        expanded: Vec::new(),
        warnings: Vec::new(),
        texts: ClusterTexts::default(),
    }
}

fn lay_out(d: &Dated, params: &TimelineParams) -> TimelineLayout {
    d.lay_out(params, &TextWidth::default())
}

fn decision(id: &str, date: Option<&str>) -> Decision {
    Decision {
        id: id.into(),
        title: format!("Beslut {id}"),
        decision_date: date.map(Into::into),
        ..Default::default()
    }
}

fn question(id: &str, decision_id: Option<&str>, needed_by: Option<&str>) -> KeyQuestion {
    KeyQuestion {
        id: id.into(),
        title: format!("Fråga {id}"),
        decision_id: decision_id.map(Into::into),
        needed_by: needed_by.map(Into::into),
        ..Default::default()
    }
}

fn activity(id: &str, starts_at: &str, status: ActivityStatus) -> TimelineActivity {
    TimelineActivity {
        id: id.into(),
        title: format!("Dialog {id}"),
        starts_at: starts_at.into(),
        status,
    }
}

fn commitment(id: &str, title: &str, due: Option<&str>, status: CommitmentStatus) -> Commitment {
    Commitment {
        id: id.into(),
        title: title.into(),
        due_date: due.map(Into::into),
        status,
        ..Default::default()
    }
}

fn warning(subject: Subject, id: &str, severity: Severity) -> Warning {
    Warning {
        code: WarningCode::QuestionAfterDecision,
        severity,
        subject,
        id: id.into(),
        message: String::new(),
    }
}

/// `from` plus `n` days, as `YYYY-MM-DD`.
fn plus_days(from: &str, n: i64) -> String {
    let d = NaiveDate::parse_from_str(from, "%Y-%m-%d").expect("a day") + Duration::days(n);
    d.format("%Y-%m-%d").to_string()
}

fn days_between(from: &str, to: &str) -> i64 {
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a day");
    (day(to) - day(from)).num_days()
}

/// `n` planned dialogues at 10:00 from `from` on, one a day over `days` days, then again.
fn many(n: usize, from: &str, days: usize) -> Vec<TimelineActivity> {
    (0..n)
        .map(|i| {
            let at = format!("{}T10:00", plus_days(from, (i % days) as i64));
            activity(&format!("a{i}"), &at, ActivityStatus::Planned)
        })
        .collect()
}

/// 10,000 dialogues over five years, a year across a 1000 px screen, today mid-way.
fn big_params() -> TimelineParams {
    params("2028-06-15", YEAR, 1000.0)
}

fn big_dated() -> Dated {
    Dated {
        activities: many(10_000, "2026-01-01", 5 * 365),
        ..Default::default()
    }
}

fn of_kind(l: &TimelineLayout, kind: ItemKind) -> Vec<&TimelineItem> {
    l.items.iter().filter(|i| i.kind == kind).collect()
}

fn item<'a>(l: &'a TimelineLayout, kind: ItemKind, id: &str) -> &'a TimelineItem {
    l.items
        .iter()
        .find(|i| i.kind == kind && i.id == id)
        .unwrap_or_else(|| panic!("{} {id} is drawn", kind.code()))
}

fn ids(items: &[&TimelineItem]) -> Vec<String> {
    items.iter().map(|i| i.id.clone()).collect()
}

fn max_y(items: &[&TimelineItem]) -> f64 {
    items.iter().map(|i| i.y).fold(f64::NEG_INFINITY, f64::max)
}

/// The small project of the layout cases: a dated and an undated decision, three key
/// questions (dated, dated by their decision, undated) and two dialogues the same day.
fn small() -> Dated {
    Dated {
        decisions: vec![decision("d1", Some("2027-05-01")), decision("d0", None)],
        questions: vec![
            question("q1", Some("d1"), Some("2027-06-01")),
            question("q2", Some("d1"), None),
            question("q3", None, None),
        ],
        activities: vec![
            activity("a1", "2027-01-10T14:00", ActivityStatus::Planned),
            activity("a2", "2027-01-10T18:00", ActivityStatus::Held),
        ],
        commitments: Vec::new(),
    }
}

/// A key question is due on its needed_by, else on its decision's date, else not on the chart.
#[test]
fn a_question_is_due_on_its_needed_by_else_its_decisions_date() {
    let l = lay_out(&small(), &params("2026-11-29", ALL, 1000.0));
    assert_eq!(item(&l, ItemKind::Question, "q1").date, "2027-06-01");
    assert_eq!(item(&l, ItemKind::Question, "q2").date, "2027-05-01");
    assert!(l.items.iter().chain(&l.clustered).all(|i| i.id != "q3"));
}

/// What has a date is placed, whole months are spanned, and late questions are marked.
#[test]
fn places_what_has_a_date_spans_whole_months_and_marks_late_questions() {
    let l = lay_out(&small(), &params("2026-11-29", ALL, 1000.0));
    assert_eq!(ids(&of_kind(&l, ItemKind::Decision)), ["d1"]);
    let mut questions = ids(&of_kind(&l, ItemKind::Question));
    questions.sort();
    assert_eq!(questions, ["q1", "q2"]);
    let (first, last) = (l.meta.months[0], l.meta.months[l.meta.months.len() - 1]);
    assert_eq!((first.month, first.year), (10, 2026));
    assert_eq!((last.month, last.year), (5, 2027));
    let d1 = item(&l, ItemKind::Decision, "d1");
    let q1 = item(&l, ItemKind::Question, "q1");
    assert!(q1.link.expect("q1 is linked").late);
    assert!(q1.x > d1.x);
    let q2 = item(&l, ItemKind::Question, "q2");
    assert!(!q2.link.expect("q2 is linked").late);
    // same-day activities go in separate lanes
    let a1 = item(&l, ItemKind::Activity, "a1");
    let a2 = item(&l, ItemKind::Activity, "a2");
    assert_ne!(a1.y, a2.y);
    assert!(l.meta.today_x.is_some());
    assert!(l.meta.width <= 1000.0);
}

/// A quarter's zoom makes the chart wider than the whole project's.
#[test]
fn a_quarter_is_wider_than_the_whole_project() {
    let all = lay_out(&small(), &params("2026-11-29", ALL, 1000.0));
    let quarter = lay_out(&small(), &params("2026-11-29", QUARTER, 1000.0));
    assert!(quarter.meta.width > all.meta.width);
}

/// A marker with a warning takes its severity; one without has none.
#[test]
fn marks_items_with_warnings() {
    let mut p = params("2026-11-29", YEAR, 1000.0);
    p.warnings = vec![warning(Subject::KeyQuestion, "q1", Severity::Error)];
    let l = lay_out(&small(), &p);
    assert_eq!(
        item(&l, ItemKind::Question, "q1").severity,
        Some(Severity::Error)
    );
    assert_eq!(item(&l, ItemKind::Question, "q2").severity, None);
}

/// A marker with several warnings shows the worst of its own, not another item's.
#[test]
fn a_marker_takes_the_worst_severity_of_its_own_warnings() {
    let mut p = params("2026-11-29", YEAR, 1000.0);
    p.warnings = vec![
        warning(Subject::KeyQuestion, "q1", Severity::Info),
        warning(Subject::KeyQuestion, "q1", Severity::Error),
        warning(Subject::KeyQuestion, "q1", Severity::Warning),
        warning(Subject::Activity, "a1", Severity::Info),
        warning(Subject::Activity, "a1", Severity::Warning),
        // same id, another kind of item: not the decision's
        warning(Subject::Activity, "d1", Severity::Error),
    ];
    let l = lay_out(&small(), &p);
    let severity = |kind, id| item(&l, kind, id).severity;
    assert_eq!(severity(ItemKind::Question, "q1"), Some(Severity::Error));
    assert_eq!(severity(ItemKind::Activity, "a1"), Some(Severity::Warning));
    assert_eq!(severity(ItemKind::Decision, "d1"), None);
    assert_eq!(severity(ItemKind::Activity, "a2"), None);
}

/// A label is kept whole and inside the chart, flipping sides before it is cut.
#[test]
fn keeps_a_label_whole_and_inside_the_chart_flipping_sides_before_cutting() {
    let measure = |t: &str| t.chars().count() as f64 * 10.0;
    let title = "Vilka roller ska det nya stadsbiblioteket ha?"; // 45 characters, 450 px
                                                                 // room on the preferred right side: whole, on the right
    assert_eq!(
        place_label(title, 100.0, 1000.0, Side::Right, measure),
        (title.to_string(), Side::Right)
    );
    // near the right edge: whole, on the left
    assert_eq!(
        place_label(title, 900.0, 1000.0, Side::Right, measure),
        (title.to_string(), Side::Left)
    );
    // near the left edge, preferring left: whole, on the right
    assert_eq!(
        place_label(title, 20.0, 1000.0, Side::Left, measure),
        (title.to_string(), Side::Right)
    );
    // room on neither side: cut to the wider side, and it fits there
    let (label, side) = place_label(title, 350.0, 600.0, Side::Right, measure);
    assert_eq!(side, Side::Left);
    assert!(label.ends_with('…'));
    assert!(measure(&label) <= 350.0 - 18.0);
    assert!(title.starts_with(label.trim_end_matches('…')));
}

/// A long title is laid out whole when the chart is wide enough.
#[test]
fn lays_out_whole_titles_when_the_chart_is_wide_enough() {
    let mut long = decision("d1", Some("2027-03-01"));
    long.title = "Ett beslut med en mycket lång titel som inte ska kortas av".into();
    let dated = Dated {
        decisions: vec![long.clone()],
        ..Default::default()
    };
    let l = lay_out(&dated, &params("2027-01-01", ALL, 1200.0));
    assert_eq!(item(&l, ItemKind::Decision, "d1").label, long.title);
}

/// Commitments with a due date get lanes below the dialogues; planned ones past due are
/// overdue and marked as a warning, done ones and those due today are not.
#[test]
fn draws_commitments_below_the_activities_overdue_ones_marked() {
    let dated = Dated {
        decisions: vec![decision("d1", Some("2027-03-01"))],
        commitments: vec![
            commitment(
                "c1",
                "Kvällsöppet",
                Some("2027-01-15"),
                CommitmentStatus::Planned,
            ),
            commitment("c2", "Klart", Some("2027-01-20"), CommitmentStatus::Done),
            commitment("c3", "Utan datum", None, CommitmentStatus::Planned),
            commitment(
                "c4",
                "Pågår",
                Some("2027-01-25"),
                CommitmentStatus::InProgress,
            ),
            commitment("c5", "I dag", Some("2027-02-01"), CommitmentStatus::Planned),
        ],
        ..Default::default()
    };
    let l = lay_out(&dated, &params("2027-02-01", ALL, 1200.0));
    let commitments = of_kind(&l, ItemKind::Commitment);
    assert_eq!(ids(&commitments), ["c1", "c2", "c4", "c5"]);
    let c = |id| item(&l, ItemKind::Commitment, id);
    assert!(c("c1").overdue);
    assert_eq!(c("c1").severity, Some(Severity::Warning));
    assert!(!c("c2").overdue);
    assert_eq!(c("c2").severity, None);
    assert!(c("c4").overdue);
    assert_eq!(c("c4").severity, Some(Severity::Warning));
    assert!(!c("c5").overdue, "due today is not overdue yet");
    assert_eq!(c("c5").severity, None);
    for c in &commitments {
        assert!(c.y > l.meta.commitments_separator_y);
    }
    assert!(l.meta.commitments_separator_y > l.meta.activities_y);
    assert!(l.meta.height > max_y(&commitments));
    assert!(l.meta.has_commitments);
}

/// A decision's questions go in the rows under it, and blocks apart in time share rows.
#[test]
fn puts_a_decisions_questions_under_it_and_lets_blocks_apart_in_time_share_rows() {
    let dated = Dated {
        decisions: vec![
            decision("d1", Some("2027-01-15")),
            decision("d2", Some("2027-09-15")),
        ],
        questions: vec![
            question("q1", Some("d1"), Some("2027-01-01")),
            question("q2", Some("d2"), Some("2027-09-01")),
        ],
        ..Default::default()
    };
    let l = lay_out(&dated, &params("2027-01-01", QUARTER, 1000.0));
    let d1 = item(&l, ItemKind::Decision, "d1");
    let d2 = item(&l, ItemKind::Decision, "d2");
    let q1 = item(&l, ItemKind::Question, "q1");
    let q2 = item(&l, ItemKind::Question, "q2");
    assert!(q1.y > d1.y);
    assert_eq!(q1.link.expect("q1 is linked").y, d1.y);
    assert_eq!(q2.link.expect("q2 is linked").y, d2.y);
    // eight months apart at quarter zoom: the same two rows
    assert_eq!(d2.y, d1.y);
    assert_eq!(
        pack_blocks(&[(0.0, 100.0, 2), (50.0, 300.0, 1), (400.0, 500.0, 3)]),
        (vec![0, 2, 0], 3)
    );
}

/// What has no lane is grouped: lanes stay few and every dialogue is drawn or counted once.
#[test]
fn groups_what_has_no_lane_and_counts_every_activity_once() {
    let l = lay_out(&big_dated(), &big_params());
    let activities = of_kind(&l, ItemKind::Activity);
    let mut lanes: Vec<f64> = activities.iter().map(|a| a.y).collect();
    lanes.sort_by(f64::total_cmp);
    lanes.dedup();
    assert!(lanes.len() <= MAX_ACTIVITY_LANES);
    assert!(!l.clusters.is_empty());
    let counted: usize = l.clusters.iter().map(|c| c.ids.len()).sum();
    assert_eq!(activities.len() + counted, 10_000);
    assert_eq!(l.clustered.len(), counted);
    for c in &l.clusters {
        assert_eq!(c.count as usize, c.ids.len());
    }
    let mut seen: Vec<&str> = activities.iter().map(|a| a.id.as_str()).collect();
    seen.extend(
        l.clusters
            .iter()
            .flat_map(|c| c.ids.iter().map(String::as_str)),
    );
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 10_000);
    // clusters sit on their own lane below the single markers and do not overlap each other
    let lowest = max_y(&activities);
    for c in &l.clusters {
        assert!(c.y > lowest);
    }
    let mut pills: Vec<(f64, f64)> = l
        .clusters
        .iter()
        .map(|c| (c.pill_x, c.pill_x + c.pill_width))
        .collect();
    pills.sort_by(|a, b| a.0.total_cmp(&b.0));
    for w in pills.windows(2) {
        assert!(w[1].0 >= w[0].1, "pills {w:?} overlap");
    }
    assert!(l.meta.height < AXIS_H + 40.0 * (MAX_ACTIVITY_LANES as f64 + 2.0));
}

/// An expanded cluster's dialogues are drawn one by one after zooming in on its period.
#[test]
fn an_expanded_clusters_activities_are_drawn_one_by_one_after_zooming_in() {
    let dated = big_dated();
    let l = lay_out(&dated, &big_params());
    let c = &l.clusters[l.clusters.len() / 2];
    // the window's clusterZoom: three times the period, at least MIN_DAYS, never out
    let span = days_between(&c.from, &c.to) as f64;
    let days = l.meta.visible_days.min(MIN_DAYS.max(span * 3.0 + 7.0));
    assert!(days < l.meta.visible_days);
    let mut p = big_params();
    p.zoom = TimelineZoom::Days(days);
    p.expanded = c
        .ids
        .iter()
        .map(|id| item_key(ItemKind::Activity, id))
        .collect();
    let closer = lay_out(&dated, &p);
    let drawn: Vec<&str> = of_kind(&closer, ItemKind::Activity)
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    for id in &c.ids {
        assert!(drawn.contains(&id.as_str()), "{id} is drawn");
    }
    assert!(!closer
        .clusters
        .iter()
        .any(|k| k.ids.iter().any(|id| c.ids.contains(id))));
}

/// An expanded item opens a lane of its own beyond the maximum; the rest are still grouped.
#[test]
fn expanded_items_get_a_lane_of_their_own_beyond_the_maximum() {
    let dated = Dated {
        activities: (0..10)
            .map(|i| activity(&format!("a{i}"), "2027-03-10", ActivityStatus::Planned))
            .collect(),
        ..Default::default()
    };
    let plain = lay_out(&dated, &params("2027-03-01", YEAR, 1000.0));
    assert_eq!(
        of_kind(&plain, ItemKind::Activity).len(),
        MAX_ACTIVITY_LANES
    );
    assert_eq!(plain.clustered.len(), 10 - MAX_ACTIVITY_LANES);

    let mut p = params("2027-03-01", YEAR, 1000.0);
    p.expanded = vec![
        item_key(ItemKind::Activity, "a8"),
        item_key(ItemKind::Activity, "a9"),
    ];
    let l = lay_out(&dated, &p);
    let top = l.meta.activities_y;
    let a = |id| item(&l, ItemKind::Activity, id);
    assert_eq!(a("a8").y, top + MAX_ACTIVITY_LANES as f64 * ROW_H);
    assert_eq!(a("a9").y, top + (MAX_ACTIVITY_LANES + 1) as f64 * ROW_H);
    assert_eq!(l.clusters.len(), 1);
    assert_eq!(l.clusters[0].ids, ["a6", "a7"]);
    assert_eq!(
        l.clusters[0].y,
        top + (MAX_ACTIVITY_LANES + 2) as f64 * ROW_H
    );
}

/// Dialogues the same day are laid out in the order they start (then by id), as the store
/// gives them and as the window's layout did.
#[test]
fn same_day_activities_are_laid_out_in_the_order_they_start() {
    let dated = Dated {
        activities: vec![
            activity("a2", "2027-01-10T14:00", ActivityStatus::Planned),
            activity("a1", "2027-01-10T18:00", ActivityStatus::Planned),
        ],
        ..Default::default()
    };
    let l = lay_out(&dated, &params("2027-01-01", YEAR, 1000.0));
    assert!(item(&l, ItemKind::Activity, "a2").y < item(&l, ItemKind::Activity, "a1").y);
}

/// Dialogues given out of order are laid out as if given in order.
#[test]
fn activities_out_of_order_are_laid_out_as_in_order() {
    let mut ordered = vec![
        activity("a3", "2027-01-10", ActivityStatus::Planned),
        activity("a2", "2027-01-10T09:00", ActivityStatus::Planned),
        activity("a1", "2027-01-10T18:00", ActivityStatus::Planned),
        activity("a0", "2027-02-01T10:00", ActivityStatus::Held),
    ];
    let p = params("2027-01-01", YEAR, 1000.0);
    let in_order = lay_out(
        &Dated {
            activities: ordered.clone(),
            ..Default::default()
        },
        &p,
    );
    ordered.reverse();
    let reversed = lay_out(
        &Dated {
            activities: ordered,
            ..Default::default()
        },
        &p,
    );
    assert_eq!(in_order.items, reversed.items);
    let order: Vec<&str> = in_order.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(order, ["a3", "a2", "a1", "a0"]);
}

/// Only what is on screen is answered: 10,000 dialogues, one screen, none of it left out.
#[test]
fn draws_only_what_is_on_screen() {
    let mut p = big_params();
    p.zoom = TimelineZoom::Days(60.0);
    let l = lay_out(&big_dated(), &p);
    let region = TimelineRegion {
        left: l.meta.today_x.expect("today is on the chart") - 300.0,
        top: 0.0,
        width: 1000.0,
        height: 700.0,
    };
    let v = l.view(region, None);
    let shown: Vec<&TimelineItem> = v
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Activity)
        .collect();
    let n = shown.len() + v.clusters.len();
    assert!(n > 0);
    assert!(n < 200);
    for a in &shown {
        assert!(a.bounds.x1 >= region.left);
        assert!(a.bounds.x0 <= region.left + region.width);
    }
    // everything drawn in the window, nothing left out of it
    let in_view = of_kind(&l, ItemKind::Activity)
        .into_iter()
        .filter(|a| a.bounds.x1 >= region.left && a.bounds.x0 <= region.left + region.width)
        .count();
    assert_eq!(shown.len(), in_view);
    // the focused marker stays drawn wherever it is
    let far = of_kind(&l, ItemKind::Activity)[0].clone();
    assert!(!v.items.contains(&far));
    let kept = l.view(region, Some(&item_key(far.kind, &far.id)));
    assert!(kept.items.contains(&far));
}

/// The focused marker or cluster is kept in the answer even far outside the region.
#[test]
fn view_keeps_the_focused_item_far_outside_the_region() {
    let l = lay_out(&big_dated(), &big_params());
    let region = TimelineRegion {
        left: 0.0,
        top: 0.0,
        width: 50.0,
        height: 50.0,
    };
    let last = l.items.last().expect("markers").clone();
    assert!(last.bounds.x0 > 1000.0);
    assert!(!l.view(region, None).items.contains(&last));
    let v = l.view(region, Some(&item_key(last.kind, &last.id)));
    assert_eq!(v.items, [last]);
    let cluster = l.clusters.last().expect("clusters").clone();
    let v = l.view(region, Some(&cluster.key));
    assert!(v.items.is_empty());
    assert_eq!(v.clusters, [cluster]);
}

/// The chart opens on today, with the markers near it in view.
#[test]
fn opens_on_today_with_the_markers_near_it_in_view() {
    let mut dated = big_dated();
    dated.decisions = (0..120)
        .map(|i| decision(&format!("d{i}"), Some(&plus_days("2026-01-01", i * 15))))
        .collect();
    dated.questions = dated
        .decisions
        .iter()
        .enumerate()
        .flat_map(|(i, d)| {
            let date = d.decision_date.clone().expect("dated");
            (0..8).map(move |k| {
                let due = plus_days(&date, -14 - k * 9);
                question(&format!("q{i}-{k}"), Some(&d.id), Some(&due))
            })
        })
        .collect();
    let mut p = big_params();
    p.zoom = QUARTER;
    let l = lay_out(&dated, &p);
    let (vw, vh) = (1000.0, 600.0);
    let s = l.opening(vw, vh, None);
    let today_x = l.meta.today_x.expect("today is on the chart");
    assert!(today_x >= s.left);
    assert!(today_x <= s.left + vw);
    assert!(s.left > 0.0);
    let region = TimelineRegion {
        left: s.left,
        top: s.top + AXIS_H,
        width: vw,
        height: vh - AXIS_H,
    };
    let v = l.view(region, None);
    let rows = v
        .items
        .iter()
        .filter(|i| matches!(i.kind, ItemKind::Decision | ItemKind::Question))
        .count();
    assert!(rows > 0);
}

/// Where a marker, a cluster or an item a cluster holds is; an unknown key is nowhere.
#[test]
fn finds_a_marker_a_cluster_and_a_clustered_item() {
    let l = lay_out(&big_dated(), &big_params());
    let a = &l.items[0];
    let key = item_key(a.kind, &a.id);
    let found = l.find(&key).expect("a placed marker is found");
    assert_eq!(
        (found.key.as_str(), found.x, found.y),
        (key.as_str(), a.x, a.y)
    );
    assert!(!found.clustered);

    let c = &l.clusters[0];
    let found = l.find(&c.key).expect("a cluster is found");
    assert_eq!((found.x, found.y, found.clustered), (c.x, c.y, false));

    let held = &c.ids[c.ids.len() - 1];
    let found = l
        .find(&item_key(ItemKind::Activity, held))
        .expect("a clustered item is found");
    assert!(found.clustered);
    assert_eq!(found.y, c.y);
    let x = l.clustered.iter().find(|i| &i.id == held).expect("held").x;
    assert_eq!(found.x, x);

    assert_eq!(l.find("activity-nope"), None);
}

/// The arrow keys visit every marker and cluster once, by x then top to bottom, and stop at
/// either end.
#[test]
fn arrow_keys_visit_every_marker_once_in_reading_order_and_stop_at_the_ends() {
    let dated = Dated {
        activities: many(30, "2028-06-01", 30),
        ..Default::default()
    };
    let l = lay_out(&dated, &big_params());
    // back to the first, then forward to the last
    let mut key = item_key(l.items[5].kind, &l.items[5].id);
    while let Some(p) = l.step(&key, false) {
        key = p.key;
    }
    let first = key.clone();
    let mut visited = vec![l.find(&key).expect("first")];
    while let Some(p) = l.step(&key, true) {
        key = p.key.clone();
        visited.push(p);
    }
    assert_eq!(visited.len(), l.items.len() + l.clusters.len());
    for w in visited.windows(2) {
        assert!(w[1].x > w[0].x || (w[1].x == w[0].x && w[1].y >= w[0].y));
    }
    let mut keys: Vec<&str> = visited.iter().map(|p| p.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), visited.len());
    assert_eq!(l.step(&first, false), None);
    assert_eq!(l.step(&key, true), None);
    assert_eq!(l.step("activity-nope", true), None);
}

/// The list opens on a page from today's first row, or whole when short, or at a clamped
/// page asked for.
#[test]
fn the_list_opens_on_a_page_from_today_or_whole_when_short() {
    let dated = Dated {
        activities: many(1000, "2026-01-01", 1000),
        ..Default::default()
    };
    let l = lay_out(&dated, &params("2027-01-01", YEAR, 1000.0));
    assert!(!l.clustered.is_empty(), "clustered items are rows too");

    let page = l.list(None, None, "2027-01-01");
    assert_eq!(page.total, 1000);
    let first = page.from as usize;
    assert_eq!(
        (page.from as usize, page.to as usize),
        (first, first + LIST_PAGE)
    );
    assert_eq!(page.rows.len(), LIST_PAGE);
    assert_eq!(page.rows[0].date, "2027-01-01");
    let before = l.list(Some(page.from - 1), Some(page.from), "2027-01-01");
    assert!(before.rows[0].date.as_str() < "2027-01-01");
    // every row of the whole list is there once, by date
    let all = l.list(Some(0), Some(5000), "2027-01-01");
    assert_eq!((all.from, all.to), (0, 1000));
    assert!(all.rows.windows(2).all(|w| w[0].date <= w[1].date));
    let mut ids: Vec<&str> = all.rows.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 1000);

    // today near the end (or after it): the last page
    let today = plus_days("2026-01-01", 990);
    let end = l.list(None, None, &today);
    assert_eq!((end.from, end.to), (900, 1000));
    let later = l.list(None, None, "2030-01-01");
    assert_eq!((later.from, later.to), (900, 1000));
    // a page asked for past the end is clamped
    let past = l.list(Some(5000), None, "2027-01-01");
    assert_eq!((past.from, past.to, past.rows.len()), (1000, 1000, 0));
    let tail = l.list(Some(950), None, "2027-01-01");
    assert_eq!((tail.from, tail.to, tail.rows.len()), (950, 1000, 50));

    // a short list: whole
    let short = Dated {
        activities: many(40, "2026-01-01", 40),
        ..Default::default()
    };
    let l = lay_out(&short, &params("2026-01-31", YEAR, 1000.0));
    let page = l.list(None, None, "2026-01-31");
    assert_eq!((page.total, page.from, page.to), (40, 0, 40));
}

/// Rows the same day are ordered by kind code, then by title in Swedish order (å ä ö after z).
#[test]
fn list_ties_on_a_date_go_by_kind_then_swedish_title_order() {
    let day = "2027-03-10";
    let titled = |id: &str, title: &str| TimelineActivity {
        title: title.into(),
        ..activity(id, day, ActivityStatus::Planned)
    };
    let mut q = question("q1", None, Some(day));
    q.title = "Fråga".into();
    let dated = Dated {
        decisions: vec![decision("d1", Some(day))],
        questions: vec![q],
        activities: vec![
            titled("a1", "Örnen"),
            titled("a2", "Zebran"),
            titled("a3", "Ärtan"),
            titled("a4", "Åsen"),
            titled("a5", "apan"),
            titled("a6", "Östen"),
            titled("a7", "Åkern"),
            titled("a8", "bryggan"),
        ],
        commitments: vec![commitment("c1", "Löfte", Some(day), CommitmentStatus::Done)],
    };
    let l = lay_out(&dated, &params("2027-03-01", YEAR, 1000.0));
    assert!(!l.clustered.is_empty(), "clustered items are listed too");
    let list = l.list(None, None, "2027-03-01");
    let rows: Vec<(&str, &str)> = list
        .rows
        .iter()
        .map(|r| (r.kind.code(), r.title.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("activity", "apan"),
            ("activity", "bryggan"),
            ("activity", "Zebran"),
            ("activity", "Åkern"),
            ("activity", "Åsen"),
            ("activity", "Ärtan"),
            ("activity", "Örnen"),
            ("activity", "Östen"),
            ("commitment", "Löfte"),
            ("decision", "Beslut d1"),
            ("question", "Fråga"),
        ]
    );
}

/// A cluster's text is the language's, with its number grouped in threes and "one" its own.
#[test]
fn cluster_texts_group_the_number_and_say_one_in_words() {
    let texts = ClusterTexts {
        activity_one: "1 dialog".into(),
        activity_many: "{n} dialoger".into(),
        commitment_one: "1 löfte".into(),
        commitment_many: "{n} löften".into(),
        group: "\u{a0}".into(),
    };
    assert_eq!(
        texts.text(12_345, ItemKind::Activity),
        "12\u{a0}345 dialoger"
    );
    assert_eq!(texts.text(1, ItemKind::Activity), "1 dialog");
    assert_eq!(texts.text(1, ItemKind::Commitment), "1 löfte");
    assert_eq!(texts.text(999, ItemKind::Activity), "999 dialoger");
    assert_eq!(texts.text(1000, ItemKind::Commitment), "1\u{a0}000 löften");
    assert_eq!(
        texts.text(1_234_567, ItemKind::Activity),
        "1\u{a0}234\u{a0}567 dialoger"
    );
    // the default: the count alone
    assert_eq!(
        ClusterTexts::default().text(12_345, ItemKind::Activity),
        "12345"
    );
}

/// The chart's clusters say their count in the window's words.
#[test]
fn clusters_on_the_chart_carry_the_windows_text() {
    let dated = Dated {
        activities: (0..8)
            .map(|i| activity(&format!("a{i}"), "2027-03-10", ActivityStatus::Planned))
            .collect(),
        ..Default::default()
    };
    let mut p = params("2027-03-01", YEAR, 1000.0);
    p.texts = ClusterTexts {
        activity_many: "{n} dialoger".into(),
        ..ClusterTexts::default()
    };
    let l = lay_out(&dated, &p);
    assert_eq!(l.clusters.len(), 1);
    assert_eq!(l.clusters[0].text, "2 dialoger");
    assert_eq!(l.clusters[0].count, 2);
}

/// Without measured fonts a label is 7 px a character.
#[test]
fn text_width_estimates_seven_pixels_a_character() {
    let w = TextWidth::default();
    assert_eq!(w.of("Råå bibliotek", Some(ItemKind::Activity)), 13.0 * 7.0);
    assert_eq!(w.of("12", None), 14.0);
}

/// Measured widths: each kind's font, characters summed, a character beyond U+024F counted
/// as the font's widest, 2% and 4 px added.
#[test]
fn text_width_sums_measured_characters_and_counts_others_as_the_widest() {
    let font = |base: f64, wide: char, widest: f64| {
        let mut w = vec![base; 0x250];
        w[wide as usize] = widest;
        w
    };
    let w = TextWidth::measured(LabelFonts {
        strong: font(8.0, 'W', 13.0),
        normal: font(6.0, 'W', 11.0),
        small: font(5.0, 'W', 10.0),
    });
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    let expect = |sum: f64| sum * 1.02 + 4.0;
    assert!(close(w.of("ab", Some(ItemKind::Decision)), expect(16.0)));
    assert!(close(w.of("ab", None), expect(16.0)));
    assert!(close(w.of("ab", Some(ItemKind::Question)), expect(12.0)));
    assert!(close(w.of("ab", Some(ItemKind::Commitment)), expect(12.0)));
    assert!(close(w.of("ab", Some(ItemKind::Activity)), expect(10.0)));
    assert!(close(w.of("aW", Some(ItemKind::Activity)), expect(15.0)));
    // U+024F is measured; U+0250 and beyond (Cyrillic, CJK, emoji) count as the widest
    assert!(close(
        w.of("a\u{24f}", Some(ItemKind::Question)),
        expect(12.0)
    ));
    assert!(close(
        w.of("a\u{250}", Some(ItemKind::Question)),
        expect(17.0)
    ));
    assert!(close(w.of("жд", Some(ItemKind::Decision)), expect(26.0)));
    assert!(close(w.of("a😀", Some(ItemKind::Activity)), expect(15.0)));
}

/// A project with nothing dated is an empty chart of today's month, with an empty list.
#[test]
fn a_project_with_nothing_dated_is_an_empty_chart_of_todays_month() {
    let mut d = Dated::default();
    d.decisions.push(decision("d1", None));
    d.questions.push(question("q1", Some("d1"), None));
    let l = lay_out(&d, &params("2027-03-15", YEAR, 1000.0));
    assert!(l.meta.empty);
    assert_eq!(l.meta.first_date, "2027-03-01");
    assert_eq!(l.meta.last_date, "2027-03-15");
    assert_eq!(l.meta.months.len(), 1);
    assert!(l.meta.today_x.is_some());
    assert!(l.items.is_empty() && l.clusters.is_empty() && l.clustered.is_empty());
    let list = l.list(None, None, "2027-03-15");
    assert_eq!((list.total, list.from, list.to), (0, 0, 0));
    assert!(list.rows.is_empty());
    let open = l.opening(1000.0, 500.0, None);
    assert_eq!((open.left, open.top), (0.0, 0.0));
    assert_eq!(l.step("decision-d1", true), None);
}
