//! Planning checks: every rule of the design's table, where it fires and the nearest case
//! where it must not, plus determinism and agreement with the store-backed checks.

use chrono::{Days, NaiveDate};
use medskapa_core::domain::checks::{check, Severity, Warning};
use medskapa_core::domain::model::*;
use medskapa_core::store::Store;
use medskapa_core::support::lang::Lang;

// ---- a small builder --------------------------------------------------------------------

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// `today` plus (or minus) `days`, as `YYYY-MM-DD`.
fn day(today: &str, days: i64) -> String {
    let t = date(today);
    let d = if days >= 0 {
        t.checked_add_days(Days::new(days as u64)).unwrap()
    } else {
        t.checked_sub_days(Days::new((-days) as u64)).unwrap()
    };
    d.format("%Y-%m-%d").to_string()
}

const TODAY: &str = "2027-03-01";

#[derive(Default)]
struct B {
    p: Project,
}

impl B {
    fn new() -> Self {
        let mut b = B::default();
        b.p.project.name = "Test".into();
        b
    }
    /// A planned decision.
    fn decision(mut self, id: &str, decision_date: Option<&str>) -> Self {
        self.p.decisions.push(Decision {
            id: id.into(),
            title: format!("Beslut {id}"),
            decision_date: decision_date.map(str::to_string),
            ..Default::default()
        });
        self
    }
    fn decided(mut self, id: &str) -> Self {
        self.p
            .decisions
            .iter_mut()
            .find(|d| d.id == id)
            .unwrap()
            .status = DecisionStatus::Decided;
        self
    }
    /// An open key question at level `consult` (open to influence).
    fn question(mut self, id: &str, decision: Option<&str>, needed_by: Option<&str>) -> Self {
        self.p.key_questions.push(KeyQuestion {
            id: id.into(),
            title: format!("Fråga {id}"),
            decision_id: decision.map(str::to_string),
            needed_by: needed_by.map(str::to_string),
            influence_level: InfluenceLevel::Consult,
            ..Default::default()
        });
        self
    }
    fn with_q(mut self, id: &str, f: impl FnOnce(&mut KeyQuestion)) -> Self {
        f(self
            .p
            .key_questions
            .iter_mut()
            .find(|q| q.id == id)
            .unwrap());
        self
    }
    /// A planned workshop.
    fn activity(mut self, id: &str, starts_at: Option<&str>, questions: &[&str]) -> Self {
        self.p.activities.push(Activity {
            id: id.into(),
            title: format!("Aktivitet {id}"),
            starts_at: starts_at.map(str::to_string),
            key_question_ids: questions.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        });
        self
    }
    fn with_a(mut self, id: &str, f: impl FnOnce(&mut Activity)) -> Self {
        f(self.p.activities.iter_mut().find(|a| a.id == id).unwrap());
        self
    }
    fn segment(mut self, id: &str, priority: bool) -> Self {
        self.p.segments.push(Segment {
            id: id.into(),
            name: format!("Målgrupp {id}"),
            priority,
            ..Default::default()
        });
        self
    }
    fn tag(mut self, id: &str) -> Self {
        self.p.tags.push(Tag {
            id: id.into(),
            name: format!("Tagg {id}"),
            color: default_color(),
            ..Default::default()
        });
        self
    }
    fn need(mut self, id: &str, tags: &[&str]) -> Self {
        self.p.needs.push(Need {
            id: id.into(),
            statement: format!("Behov {id}"),
            tag_ids: tags.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        });
        self
    }
    fn insight(mut self, id: &str, questions: &[&str], status: ResponseStatus) -> Self {
        self.p.insights.push(Insight {
            id: id.into(),
            title: format!("Insikt {id}"),
            key_question_ids: questions.iter().map(|s| s.to_string()).collect(),
            response_status: status,
            ..Default::default()
        });
        self
    }
    fn build(self) -> Project {
        self.p
    }
}

fn run(p: &Project, today: &str) -> Vec<Warning> {
    check(p, date(today), Lang::Sv)
}

/// The warnings with `code`, as (severity, subject, id).
fn hits(ws: &[Warning], code: &str) -> Vec<(Severity, String, String)> {
    ws.iter()
        .filter(|w| w.code == code)
        .map(|w| (w.severity, w.subject.as_str().to_string(), w.id.clone()))
        .collect()
}

fn one(severity: Severity, subject: &str, id: &str) -> Vec<(Severity, String, String)> {
    vec![(severity, subject.into(), id.into())]
}

fn none() -> Vec<(Severity, String, String)> {
    vec![]
}

fn t(date: &str, time: &str) -> String {
    format!("{date}T{time}")
}

// ---- a project with nothing to warn about ---------------------------------------------

#[test]
fn a_well_planned_project_has_no_warnings() {
    let soon = day(TODAY, 20);
    let before = day(TODAY, 10);
    let held = day(TODAY, -10);
    let p = B::new()
        .decision("d1", Some(&soon))
        .question("q1", Some("d1"), Some(&before))
        .with_q("q1", |q| q.status = QuestionStatus::Answered)
        .activity("a1", Some(&t(&held, "10:00")), &["q1"])
        .with_a("a1", |a| {
            a.status = ActivityStatus::Held;
            a.participants = vec![Participants {
                segment_id: "s1".into(),
                count: 4,
            }];
        })
        .segment("s1", true)
        .tag("t1")
        .need("n1", &["t1"])
        .insight("i1", &["q1"], ResponseStatus::Adopted)
        .build();
    assert_eq!(run(&p, TODAY), vec![]);
}

// ---- question_after_decision ------------------------------------------------------------

#[test]
fn question_after_decision_fires_when_needed_after_the_decision() {
    let p = B::new()
        .decision("d1", Some("2027-05-01"))
        .question("q1", Some("d1"), Some("2027-05-02"))
        .activity("a1", Some("2027-04-01T10:00"), &["q1"])
        .build();
    let ws = run(&p, TODAY);
    assert_eq!(
        hits(&ws, "question_after_decision"),
        one(Severity::Error, "key_question", "q1")
    );
    let w = ws
        .iter()
        .find(|w| w.code == "question_after_decision")
        .unwrap();
    // Dates read as the brief around the warning writes them, never as ISO dates.
    assert!(w.message.contains("2 maj 2027"), "{}", w.message);
    assert!(w.message.contains("1 maj 2027"), "{}", w.message);
    assert!(!w.message.contains("2027-05"), "{}", w.message);
}

#[test]
fn question_after_decision_is_quiet_on_the_same_day_and_without_needed_by() {
    let p = B::new()
        .decision("d1", Some("2027-05-01"))
        .question("same", Some("d1"), Some("2027-05-01"))
        .question("earlier", Some("d1"), Some("2027-04-30"))
        .question("inherits", Some("d1"), None)
        .question("no_decision", None, Some("2027-06-01"))
        .activity(
            "a1",
            Some("2027-04-01T10:00"),
            &["same", "earlier", "inherits", "no_decision"],
        )
        .build();
    assert_eq!(hits(&run(&p, TODAY), "question_after_decision"), none());
}

#[test]
fn question_after_decision_is_quiet_when_the_decision_has_no_date() {
    let p = B::new()
        .decision("d1", None)
        .question("q1", Some("d1"), Some("2027-05-02"))
        .activity("a1", Some("2027-04-01T10:00"), &["q1"])
        .build();
    assert_eq!(hits(&run(&p, TODAY), "question_after_decision"), none());
}

// ---- question_without_activity ----------------------------------------------------------

#[test]
fn question_without_activity_fires_for_open_and_in_progress_questions() {
    let p = B::new()
        .question("q_open", None, Some("2027-04-01"))
        .question("q_prog", None, Some("2027-04-01"))
        .with_q("q_prog", |q| q.status = QuestionStatus::InProgress)
        .build();
    let ws = run(&p, TODAY);
    assert_eq!(
        hits(&ws, "question_without_activity"),
        vec![
            (Severity::Warning, "key_question".into(), "q_open".into()),
            (Severity::Warning, "key_question".into(), "q_prog".into()),
        ]
    );
}

#[test]
fn question_without_activity_skips_an_answered_question() {
    let p = B::new()
        .question("q1", None, Some("2027-04-01"))
        .with_q("q1", |q| q.status = QuestionStatus::Answered)
        .build();
    assert_eq!(hits(&run(&p, TODAY), "question_without_activity"), none());
}

#[test]
fn an_activity_on_the_deadline_day_is_in_time_and_the_day_after_is_not() {
    let on_time = B::new()
        .question("q1", None, Some("2027-04-01"))
        .activity("a1", Some("2027-04-01T10:00"), &["q1"])
        .build();
    assert_eq!(
        hits(&run(&on_time, TODAY), "question_without_activity"),
        none()
    );

    let late = B::new()
        .question("q1", None, Some("2027-04-01"))
        .activity("a1", Some("2027-04-02T10:00"), &["q1"])
        .build();
    assert_eq!(
        hits(&run(&late, TODAY), "question_without_activity"),
        one(Severity::Warning, "key_question", "q1")
    );
}

#[test]
fn dates_compare_as_calendar_dates_so_23_59_on_the_deadline_day_is_in_time() {
    let p = B::new()
        .question("q1", None, Some("2027-04-01"))
        .activity("a1", Some("2027-04-01T23:59"), &["q1"])
        .build();
    let ws = run(&p, TODAY);
    assert_eq!(hits(&ws, "question_without_activity"), none());
    assert_eq!(hits(&ws, "activity_after_deadline"), none());

    // 00:00 the next day is late.
    let p = B::new()
        .question("q1", None, Some("2027-04-01"))
        .activity("a1", Some("2027-04-02T00:00"), &["q1"])
        .build();
    let ws = run(&p, TODAY);
    assert_eq!(
        hits(&ws, "question_without_activity"),
        one(Severity::Warning, "key_question", "q1")
    );
    assert_eq!(
        hits(&ws, "activity_after_deadline"),
        one(Severity::Warning, "activity", "a1")
    );
}

#[test]
fn an_activity_of_any_status_counts_even_one_not_yet_held() {
    for status in [
        ActivityStatus::Planned,
        ActivityStatus::Held,
        ActivityStatus::ReportedBack,
    ] {
        let p = B::new()
            .question("q1", None, Some("2027-04-01"))
            .activity("a1", Some("2027-03-20T10:00"), &["q1"])
            .with_a("a1", |a| {
                a.status = status;
                a.feedback_given_on = Some("2027-03-25".into());
            })
            .build();
        assert_eq!(
            hits(&run(&p, TODAY), "question_without_activity"),
            none(),
            "{status:?}"
        );
    }
}

#[test]
fn an_activity_without_a_start_or_not_linked_does_not_count() {
    let p = B::new()
        .question("q1", None, Some("2027-04-01"))
        .activity("undated", None, &["q1"])
        .activity("unlinked", Some("2027-03-10T10:00"), &[])
        .build();
    assert_eq!(
        hits(&run(&p, TODAY), "question_without_activity"),
        one(Severity::Warning, "key_question", "q1")
    );
}

#[test]
fn the_deadline_comes_from_the_decision_when_needed_by_is_empty() {
    for needed_by in [None, Some("")] {
        let late = B::new()
            .decision("d1", Some("2027-04-01"))
            .question("q1", Some("d1"), needed_by)
            .activity("a1", Some("2027-04-02T09:00"), &["q1"])
            .build();
        let ws = run(&late, TODAY);
        assert_eq!(
            hits(&ws, "question_without_activity"),
            one(Severity::Warning, "key_question", "q1"),
            "needed_by {needed_by:?}"
        );
        assert_eq!(
            hits(&ws, "activity_after_deadline"),
            one(Severity::Warning, "activity", "a1")
        );

        let on_time = B::new()
            .decision("d1", Some("2027-04-01"))
            .question("q1", Some("d1"), needed_by)
            .activity("a1", Some("2027-04-01T09:00"), &["q1"])
            .build();
        let ws = run(&on_time, TODAY);
        assert_eq!(hits(&ws, "question_without_activity"), none());
        assert_eq!(hits(&ws, "activity_after_deadline"), none());
    }
}

#[test]
fn needed_by_wins_over_the_decision_date() {
    // needed_by earlier than the decision: an activity between the two is late.
    let p = B::new()
        .decision("d1", Some("2027-05-01"))
        .question("q1", Some("d1"), Some("2027-04-01"))
        .activity("a1", Some("2027-04-15T09:00"), &["q1"])
        .build();
    let ws = run(&p, TODAY);
    assert_eq!(
        hits(&ws, "question_without_activity"),
        one(Severity::Warning, "key_question", "q1")
    );
    assert_eq!(
        hits(&ws, "activity_after_deadline"),
        one(Severity::Warning, "activity", "a1")
    );
}

#[test]
fn a_question_with_no_deadline_at_all_is_skipped_by_deadline_rules() {
    let p = B::new()
        .decision("undated", None)
        .question("free", None, None)
        .question("undated_decision", Some("undated"), None)
        .activity(
            "a1",
            Some("2030-01-01T09:00"),
            &["free", "undated_decision"],
        )
        .build();
    let ws = run(&p, TODAY);
    assert_eq!(hits(&ws, "question_without_activity"), none());
    assert_eq!(hits(&ws, "activity_after_deadline"), none());
    assert_eq!(hits(&ws, "question_after_decision"), none());
}

// ---- activity_after_deadline ------------------------------------------------------------

#[test]
fn activity_after_deadline_gives_one_warning_per_late_link() {
    let p = B::new()
        .question("q1", None, Some("2027-04-01"))
        .question("q2", None, Some("2027-04-05"))
        .activity("early", Some("2027-03-20T10:00"), &["q1", "q2"])
        .activity("ondeadline", Some("2027-04-01T10:00"), &["q1"])
        .activity("late1", Some("2027-04-02T10:00"), &["q1"])
        .activity("late_both", Some("2027-04-10T10:00"), &["q1", "q2"])
        .build();
    let ws = run(&p, TODAY);
    let mut got = hits(&ws, "activity_after_deadline");
    got.sort();
    assert_eq!(
        got,
        vec![
            (Severity::Warning, "activity".into(), "late1".into()),
            (Severity::Warning, "activity".into(), "late_both".into()),
            (Severity::Warning, "activity".into(), "late_both".into()),
        ]
    );
    // The question that has an early activity is not without one.
    assert_eq!(hits(&ws, "question_without_activity"), none());
    // Each warning for late_both names its own question.
    let msgs: Vec<&str> = ws
        .iter()
        .filter(|w| w.code == "activity_after_deadline" && w.id == "late_both")
        .map(|w| w.message.as_str())
        .collect();
    assert!(msgs.iter().any(|m| m.contains("Fråga q1")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("Fråga q2")), "{msgs:?}");
}

#[test]
fn activity_after_deadline_applies_to_answered_questions_too() {
    // The rule names no question status: a late activity is late either way.
    let p = B::new()
        .question("q1", None, Some("2027-04-01"))
        .with_q("q1", |q| q.status = QuestionStatus::Answered)
        .activity("a1", Some("2027-04-02T10:00"), &["q1"])
        .build();
    let ws = run(&p, TODAY);
    assert_eq!(
        hits(&ws, "activity_after_deadline"),
        one(Severity::Warning, "activity", "a1")
    );
    assert_eq!(hits(&ws, "question_without_activity"), none());
}

// ---- dialogue_on_closed_question --------------------------------------------------------

#[test]
fn dialogue_on_closed_question_fires_for_a_dialogue_on_an_inform_question() {
    let p = B::new()
        .question("q1", None, Some("2027-04-01"))
        .with_q("q1", |q| q.influence_level = InfluenceLevel::Inform)
        .activity("a1", Some("2027-03-10T10:00"), &["q1"])
        .with_a("a1", |a| a.method = Method::Popup)
        .build();
    assert_eq!(
        hits(&run(&p, TODAY), "dialogue_on_closed_question"),
        one(Severity::Warning, "key_question", "q1")
    );
}

#[test]
fn dialogue_on_closed_question_is_quiet_for_information_or_an_open_question() {
    let p = B::new()
        .question("closed", None, Some("2027-04-01"))
        .with_q("closed", |q| q.influence_level = InfluenceLevel::Inform)
        .question("open", None, Some("2027-04-01"))
        .with_q("open", |q| q.influence_level = InfluenceLevel::Consult)
        .activity("info", Some("2027-03-10T10:00"), &["closed"])
        .with_a("info", |a| a.method = Method::Information)
        .activity("workshop", Some("2027-03-10T10:00"), &["open"])
        .build();
    assert_eq!(hits(&run(&p, TODAY), "dialogue_on_closed_question"), none());
}

#[test]
fn dialogue_on_closed_question_fires_for_every_method_but_information() {
    for m in Method::ALL {
        let p = B::new()
            .question("q1", None, Some("2027-04-01"))
            .with_q("q1", |q| q.influence_level = InfluenceLevel::Inform)
            .activity("a1", Some("2027-03-10T10:00"), &["q1"])
            .with_a("a1", |a| a.method = m)
            .build();
        let n = hits(&run(&p, TODAY), "dialogue_on_closed_question").len();
        assert_eq!(n, usize::from(m != Method::Information), "{m:?}");
    }
}

// ---- feedback_overdue -------------------------------------------------------------------

fn held_at(start: &str) -> Project {
    B::new()
        .activity("a1", Some(start), &[])
        .with_a("a1", |a| a.status = ActivityStatus::Held)
        .build()
}

#[test]
fn feedback_overdue_at_43_days_but_not_at_42() {
    let d42 = day(TODAY, -42);
    let d43 = day(TODAY, -43);
    // Exactly 42 days, even late in the evening: not yet overdue.
    assert_eq!(
        hits(&run(&held_at(&t(&d42, "23:59")), TODAY), "feedback_overdue"),
        none()
    );
    assert_eq!(
        hits(&run(&held_at(&t(&d42, "00:00")), TODAY), "feedback_overdue"),
        none()
    );
    // 43 days: overdue, whatever the hour.
    for hm in ["00:00", "23:59"] {
        assert_eq!(
            hits(&run(&held_at(&t(&d43, hm)), TODAY), "feedback_overdue"),
            one(Severity::Warning, "activity", "a1"),
            "{hm}"
        );
    }
}

#[test]
fn feedback_overdue_is_quiet_when_reported_back_or_feedback_given_or_not_held() {
    let long_ago = t(&day(TODAY, -100), "10:00");
    let reported = B::new()
        .activity("a1", Some(&long_ago), &[])
        .with_a("a1", |a| {
            a.status = ActivityStatus::ReportedBack;
            a.feedback = "Vi gör".into();
            a.feedback_given_on = Some(day(TODAY, -50));
        })
        .build();
    assert_eq!(hits(&run(&reported, TODAY), "feedback_overdue"), none());

    let given = B::new()
        .activity("a1", Some(&long_ago), &[])
        .with_a("a1", |a| {
            a.status = ActivityStatus::Held;
            a.feedback_given_on = Some(day(TODAY, -50));
        })
        .build();
    assert_eq!(hits(&run(&given, TODAY), "feedback_overdue"), none());

    let planned = B::new().activity("a1", Some(&long_ago), &[]).build();
    assert_eq!(hits(&run(&planned, TODAY), "feedback_overdue"), none());

    let undated = B::new()
        .activity("a1", None, &[])
        .with_a("a1", |a| a.status = ActivityStatus::Held)
        .build();
    assert_eq!(hits(&run(&undated, TODAY), "feedback_overdue"), none());
}

#[test]
fn an_empty_feedback_date_is_no_feedback() {
    let p = B::new()
        .activity("a1", Some(&t(&day(TODAY, -60), "10:00")), &[])
        .with_a("a1", |a| {
            a.status = ActivityStatus::Held;
            a.feedback_given_on = Some(String::new());
        })
        .build();
    assert_eq!(
        hits(&run(&p, TODAY), "feedback_overdue"),
        one(Severity::Warning, "activity", "a1")
    );
}

// ---- segment_unheard --------------------------------------------------------------------

fn with_participation(status: ActivityStatus, count: u32) -> Project {
    B::new()
        .segment("s1", true)
        .activity("a1", Some("2027-02-20T10:00"), &[])
        .with_a("a1", |a| {
            a.status = status;
            if status == ActivityStatus::ReportedBack {
                a.feedback_given_on = Some("2027-02-25".into());
            }
            a.participants = vec![Participants {
                segment_id: "s1".into(),
                count,
            }];
        })
        .build()
}

#[test]
fn segment_unheard_when_participants_are_only_in_a_planned_activity() {
    let p = with_participation(ActivityStatus::Planned, 12);
    assert_eq!(
        hits(&run(&p, TODAY), "segment_unheard"),
        one(Severity::Warning, "segment", "s1")
    );
}

#[test]
fn segment_unheard_when_the_count_is_zero() {
    let p = with_participation(ActivityStatus::Held, 0);
    assert_eq!(
        hits(&run(&p, TODAY), "segment_unheard"),
        one(Severity::Warning, "segment", "s1")
    );
}

#[test]
fn segment_heard_in_a_held_or_reported_back_activity() {
    for s in [ActivityStatus::Held, ActivityStatus::ReportedBack] {
        let p = with_participation(s, 1);
        assert_eq!(hits(&run(&p, TODAY), "segment_unheard"), none(), "{s:?}");
    }
}

#[test]
fn segment_unheard_only_for_priority_segments() {
    let p = B::new()
        .segment("prio", true)
        .segment("other", false)
        .build();
    assert_eq!(
        hits(&run(&p, TODAY), "segment_unheard"),
        one(Severity::Warning, "segment", "prio")
    );
}

// ---- decision_unprepared ----------------------------------------------------------------

fn decision_in(days: i64, status: QuestionStatus) -> Project {
    B::new()
        .decision("d1", Some(&day(TODAY, days)))
        .question("q1", Some("d1"), None)
        .with_q("q1", |q| q.status = status)
        .build()
}

#[test]
fn decision_unprepared_at_today_plus_30_but_not_31() {
    assert_eq!(
        hits(
            &run(&decision_in(30, QuestionStatus::Open), TODAY),
            "decision_unprepared"
        ),
        one(Severity::Warning, "decision", "d1")
    );
    assert_eq!(
        hits(
            &run(&decision_in(31, QuestionStatus::Open), TODAY),
            "decision_unprepared"
        ),
        none()
    );
}

#[test]
fn decision_unprepared_includes_past_planned_decisions_and_in_progress_questions() {
    assert_eq!(
        hits(
            &run(&decision_in(-10, QuestionStatus::InProgress), TODAY),
            "decision_unprepared"
        ),
        one(Severity::Warning, "decision", "d1")
    );
    assert_eq!(
        hits(
            &run(&decision_in(0, QuestionStatus::Open), TODAY),
            "decision_unprepared"
        ),
        one(Severity::Warning, "decision", "d1")
    );
}

#[test]
fn decision_unprepared_is_quiet_when_decided_or_all_answered_or_no_questions() {
    let decided = B::new()
        .decision("d1", Some(&day(TODAY, 5)))
        .decided("d1")
        .question("q1", Some("d1"), None)
        .build();
    assert_eq!(hits(&run(&decided, TODAY), "decision_unprepared"), none());

    assert_eq!(
        hits(
            &run(&decision_in(5, QuestionStatus::Answered), TODAY),
            "decision_unprepared"
        ),
        none()
    );

    let alone = B::new().decision("d1", Some(&day(TODAY, 5))).build();
    assert_eq!(hits(&run(&alone, TODAY), "decision_unprepared"), none());

    let undated = B::new()
        .decision("d1", None)
        .question("q1", Some("d1"), None)
        .build();
    assert_eq!(hits(&run(&undated, TODAY), "decision_unprepared"), none());
}

#[test]
fn decision_unprepared_counts_the_open_questions_once_per_decision() {
    let p = B::new()
        .decision("d1", Some(&day(TODAY, 5)))
        .question("q1", Some("d1"), None)
        .question("q2", Some("d1"), None)
        .question("q3", Some("d1"), None)
        .with_q("q3", |q| q.status = QuestionStatus::Answered)
        .build();
    let ws = run(&p, TODAY);
    assert_eq!(
        hits(&ws, "decision_unprepared"),
        one(Severity::Warning, "decision", "d1")
    );
    let w = ws.iter().find(|w| w.code == "decision_unprepared").unwrap();
    assert!(
        w.message.contains(" 2 "),
        "two open questions: {}",
        w.message
    );
}

// ---- insight_without_response -----------------------------------------------------------

fn insight_case(days: i64, status: ResponseStatus, decided: bool) -> Project {
    let mut b = B::new()
        .decision("d1", Some(&day(TODAY, days)))
        .question("q1", Some("d1"), None)
        .with_q("q1", |q| q.status = QuestionStatus::Answered)
        .insight("i1", &["q1"], status);
    if decided {
        b = b.decided("d1");
    }
    b.build()
}

#[test]
fn insight_without_response_fires_before_an_imminent_planned_decision() {
    for days in [-3, 0, 30] {
        assert_eq!(
            hits(
                &run(&insight_case(days, ResponseStatus::None, false), TODAY),
                "insight_without_response"
            ),
            one(Severity::Warning, "insight", "i1"),
            "{days}"
        );
    }
}

#[test]
fn insight_without_response_is_quiet_with_a_response_or_a_far_or_decided_decision() {
    for status in [
        ResponseStatus::Proposed,
        ResponseStatus::Adopted,
        ResponseStatus::Rejected,
    ] {
        assert_eq!(
            hits(
                &run(&insight_case(5, status, false), TODAY),
                "insight_without_response"
            ),
            none(),
            "{status:?}"
        );
    }
    assert_eq!(
        hits(
            &run(&insight_case(31, ResponseStatus::None, false), TODAY),
            "insight_without_response"
        ),
        none()
    );
    assert_eq!(
        hits(
            &run(&insight_case(5, ResponseStatus::None, true), TODAY),
            "insight_without_response"
        ),
        none()
    );
    // An insight linked to no question, or to one without a decision.
    let p = B::new()
        .question("q1", None, Some(&day(TODAY, 5)))
        .insight("i1", &["q1"], ResponseStatus::None)
        .insight("i2", &[], ResponseStatus::None)
        .build();
    assert_eq!(hits(&run(&p, TODAY), "insight_without_response"), none());
}

// ---- untagged_needs ---------------------------------------------------------------------

#[test]
fn untagged_needs_is_one_info_with_the_count() {
    let p = B::new()
        .tag("t1")
        .need("n1", &["t1"])
        .need("n2", &[])
        .need("n3", &[])
        .need("n4", &[])
        .build();
    let ws = run(&p, TODAY);
    assert_eq!(
        hits(&ws, "untagged_needs"),
        one(Severity::Info, "project", "")
    );
    let w = ws.iter().find(|w| w.code == "untagged_needs").unwrap();
    assert!(w.message.contains('3'), "{}", w.message);
}

#[test]
fn untagged_needs_is_quiet_when_every_need_has_a_tag() {
    let p = B::new()
        .tag("t1")
        .need("n1", &["t1"])
        .need("n2", &["t1"])
        .build();
    assert_eq!(hits(&run(&p, TODAY), "untagged_needs"), none());
}

// ---- determinism and the store ----------------------------------------------------------

/// A project where every rule fires at least once (for `TODAY`), with valid references so
/// that it can be stored.
fn everything() -> Project {
    B::new()
        .segment("s_prio", true)
        .segment("s_heard", true)
        .segment("s_plain", false)
        .tag("t1")
        .decision("d_soon", Some(&day(TODAY, 10)))
        .decision("d_far", Some(&day(TODAY, 200)))
        .decision("d_past", Some(&day(TODAY, -5)))
        // question_after_decision
        .question("q_after", Some("d_soon"), Some(&day(TODAY, 11)))
        // question_without_activity (deadline from the decision) + activity_after_deadline
        .question("q_late", Some("d_far"), None)
        // dialogue_on_closed_question
        .question("q_inform", Some("d_past"), Some(&day(TODAY, -20)))
        .with_q("q_inform", |q| q.influence_level = InfluenceLevel::Inform)
        .question("q_done", Some("d_soon"), Some(&day(TODAY, 5)))
        .with_q("q_done", |q| q.status = QuestionStatus::Answered)
        .activity("a_held", Some(&t(&day(TODAY, -60), "18:30")), &["q_inform"])
        .with_a("a_held", |a| {
            a.status = ActivityStatus::Held;
            a.participants = vec![
                Participants {
                    segment_id: "s_heard".into(),
                    count: 7,
                },
                Participants {
                    segment_id: "s_prio".into(),
                    count: 0,
                },
            ];
        })
        .activity(
            "a_late",
            Some(&t(&day(TODAY, 201), "10:00")),
            &["q_late", "q_after"],
        )
        .with_a("a_late", |a| {
            a.participants = vec![Participants {
                segment_id: "s_prio".into(),
                count: 30,
            }]
        })
        .need("n1", &["t1"])
        .need("n2", &[])
        .need("n3", &[])
        .insight("i_none", &["q_done"], ResponseStatus::None)
        .insight("i_prop", &["q_done"], ResponseStatus::Proposed)
        .build()
}

#[test]
fn the_combined_project_triggers_every_rule() {
    let ws = run(&everything(), TODAY);
    let codes: std::collections::BTreeSet<&str> = ws.iter().map(|w| w.code.as_str()).collect();
    for code in [
        "question_after_decision",
        "question_without_activity",
        "activity_after_deadline",
        "dialogue_on_closed_question",
        "feedback_overdue",
        "segment_unheard",
        "decision_unprepared",
        "insight_without_response",
        "untagged_needs",
    ] {
        assert!(codes.contains(code), "{code} missing from {ws:#?}");
    }
    assert_eq!(
        hits(&ws, "segment_unheard"),
        one(Severity::Warning, "segment", "s_prio")
    );
}

#[test]
fn the_same_input_gives_the_same_output() {
    let p = everything();
    let a = run(&p, TODAY);
    let b = run(&p, TODAY);
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&run(&p.clone(), TODAY)).unwrap()
    );
}

#[test]
fn every_warning_serialises_with_the_documented_fields() {
    let ws = run(&everything(), TODAY);
    for w in &ws {
        let v = serde_json::to_value(w).unwrap();
        let obj = v.as_object().unwrap();
        for k in ["code", "severity", "subject", "id", "message"] {
            assert!(obj.contains_key(k), "{k} in {v}");
        }
        assert!(
            ["error", "warning", "info"].contains(&obj["severity"].as_str().unwrap()),
            "{v}"
        );
        assert!(!w.message.is_empty());
    }
}

#[test]
fn store_planning_warnings_agree_with_check_on_the_full_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = everything();
    let store = Store::create_from(&dir.path().join("p.medskapa"), &project).unwrap();
    let today = date(TODAY);
    let from_store = store.planning_warnings(today, Lang::Sv).unwrap();
    let full = store.load_project().unwrap();
    assert_eq!(full.needs.len(), 3, "needs stored");
    assert_eq!(from_store, check(&full, today, Lang::Sv));

    // And with the project as built in code (order aside).
    let mut canonical = project.clone();
    canonical.canonicalize();
    assert_eq!(from_store, check(&canonical, today, Lang::Sv));
    let key = |w: &Warning| (w.code, w.id.clone(), w.message.clone());
    let mut a: Vec<_> = from_store.iter().map(key).collect();
    let mut b: Vec<_> = check(&project, today, Lang::Sv).iter().map(key).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);

    let untagged: Vec<&Warning> = from_store
        .iter()
        .filter(|w| w.code == "untagged_needs")
        .collect();
    assert_eq!(untagged.len(), 1);
    assert!(untagged[0].message.contains('2'), "{}", untagged[0].message);
}

#[test]
fn store_planning_warnings_agree_for_other_days_and_without_untagged_needs() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = everything();
    for n in &mut project.needs {
        n.tag_ids = vec!["t1".into()];
    }
    let store = Store::create_from(&dir.path().join("p.medskapa"), &project).unwrap();
    let full = store.load_project().unwrap();
    for offset in [-400, -60, 0, 15, 45, 400] {
        let today = date(&day(TODAY, offset));
        assert_eq!(
            store.planning_warnings(today, Lang::Sv).unwrap(),
            check(&full, today, Lang::Sv),
            "offset {offset}"
        );
    }
    assert!(store
        .planning_warnings(date(TODAY), Lang::Sv)
        .unwrap()
        .iter()
        .all(|w| w.code != "untagged_needs"));
}

// ---- activities known only by their day --------------------------------------------------

/// A start without a time is that whole day: it counts as the same day as one at 00:00 (or
/// any time that day) in every rule that compares days.
#[test]
fn an_activity_dated_by_its_day_alone_counts_like_one_with_a_time_that_day() {
    for start in ["2027-05-01", "2027-05-01T00:00", "2027-05-01T18:00"] {
        // On the deadline: in time, and not after it.
        let p = B::new()
            .decision("d1", Some("2027-05-01"))
            .question("q1", Some("d1"), None)
            .activity("a1", Some(start), &["q1"])
            .build();
        let ws = run(&p, TODAY);
        assert_eq!(hits(&ws, "question_without_activity"), none(), "{start}");
        assert_eq!(hits(&ws, "activity_after_deadline"), none(), "{start}");
        // A day too late: after the deadline, and no activity in time.
        let p = B::new()
            .decision("d1", Some("2027-04-30"))
            .question("q1", Some("d1"), None)
            .activity("a1", Some(start), &["q1"])
            .build();
        let ws = run(&p, TODAY);
        assert_eq!(
            hits(&ws, "activity_after_deadline"),
            one(Severity::Warning, "activity", "a1"),
            "{start}"
        );
        assert_eq!(
            hits(&ws, "question_without_activity"),
            one(Severity::Warning, "key_question", "q1"),
            "{start}"
        );
        // Held that day and never reported back: the days since count from that day.
        let p = B::new()
            .activity("a1", Some(start), &[])
            .with_a("a1", |a| a.status = ActivityStatus::Held)
            .build();
        let ws = run(&p, "2027-06-13");
        assert_eq!(
            hits(&ws, "feedback_overdue"),
            one(Severity::Warning, "activity", "a1"),
            "{start}"
        );
        assert!(
            ws[0].message.contains("(43 dagar sedan"),
            "{}",
            ws[0].message
        );
        assert_eq!(hits(&run(&p, "2027-06-12"), "feedback_overdue"), none());
    }
}
