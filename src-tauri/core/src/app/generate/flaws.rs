//! The mistakes a real project makes, planted in a project that is otherwise kept well:
//! each plant is made so that it trips one planning rule once, seen from the reference
//! date, and no other. `level` sets how many of each kind: errors stay at one to three,
//! warnings at a few of each kind, so that the check shows what users see (tens of
//! warnings) and every rule still fires.
//!
//! A plant that finds nothing to change (a small project, an option set to zero) is left
//! out; the project stays valid either way.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate};

use super::words::{METHOD_SV, STAFF};
use super::{date_str, Gen};
use crate::domain::checks::{deadline, parse_date, DECISION_HORIZON_DAYS, FEEDBACK_DAYS};
use crate::domain::model::*;

/// Plant `level` flaws of most kinds (a few kinds more, the errors fewer); `unheard` is the
/// priority segment no activity reached, if the plan has one.
pub(super) fn plant(g: &mut Gen, p: &mut Project, level: u64, unheard: Option<&str>) {
    let l = level as usize;
    question_after_decision(g, p, l.saturating_sub(1));
    personal_data(g, p, l.min(1));
    question_without_activity(g, p, l);
    activity_after_deadline(g, p, 2 * l);
    dialogue_on_closed_question(g, p, l);
    ladder_mismatch(g, p, l);
    feedback_overdue(g, p, 3 * l);
    decision_unprepared(g, p, l.min(1));
    insight_without_response(g, p, l);
    rejected_without_reason(g, p, l);
    commitment_overdue(g, p, 2 * l);
    if let Some(segment) = unheard {
        commitment_not_reported(g, p, l, segment);
    }
}

/// `candidates` in a random order (the caller takes as many as it can use).
fn shuffled(g: &mut Gen, mut candidates: Vec<usize>) -> Vec<usize> {
    g.rng.shuffle(&mut candidates);
    candidates
}

/// Up to `n` of `candidates`, drawn without repeats, in the order drawn.
fn choose(g: &mut Gen, candidates: Vec<usize>, n: usize) -> Vec<usize> {
    let mut all = shuffled(g, candidates);
    all.truncate(n);
    all
}

fn opt_date(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(parse_date)
}

/// Each key question's deadline (its `needed_by`, else its decision's date).
fn deadlines(p: &Project) -> Vec<Option<NaiveDate>> {
    let decisions: HashMap<&str, &Decision> =
        p.decisions.iter().map(|d| (d.id.as_str(), d)).collect();
    p.key_questions
        .iter()
        .map(|q| deadline(q, &decisions))
        .collect()
}

/// The date of each decision, by id.
fn decision_dates(p: &Project) -> HashMap<String, Option<NaiveDate>> {
    p.decisions
        .iter()
        .map(|d| (d.id.clone(), opt_date(&d.decision_date)))
        .collect()
}

/// How many activities serve each key question, by id.
fn activity_counts(p: &Project) -> HashMap<&str, usize> {
    let mut n: HashMap<&str, usize> = HashMap::new();
    for a in &p.activities {
        for q in &a.key_question_ids {
            *n.entry(q.as_str()).or_default() += 1;
        }
    }
    n
}

/// The planned decisions taken within the decision horizon from the reference date.
fn imminent(g: &Gen, p: &Project) -> Vec<usize> {
    let horizon = g.reference + Duration::days(DECISION_HORIZON_DAYS);
    (0..p.decisions.len())
        .filter(|&d| {
            let d = &p.decisions[d];
            d.status == DecisionStatus::Planned
                && opt_date(&d.decision_date).is_some_and(|dd| dd >= g.reference && dd <= horizon)
        })
        .collect()
}

/// The insights no commitment answers (so changing them leaves every commitment as made).
fn free_insights(p: &Project) -> Vec<usize> {
    let cited: HashSet<&str> = p
        .commitments
        .iter()
        .flat_map(|c| c.insight_ids.iter().map(String::as_str))
        .collect();
    (0..p.insights.len())
        .filter(|&i| !cited.contains(p.insights[i].id.as_str()))
        .collect()
}

/// An activity moved to `day`, keeping its hours.
fn move_to(a: &mut Activity, day: NaiveDate) {
    let day = date_str(day);
    for at in [&mut a.starts_at, &mut a.ends_at].into_iter().flatten() {
        at.replace_range(..10.min(at.len()), &day);
    }
}

/// An activity held with another method: the method's name leads its title.
fn change_method(a: &mut Activity, method: Method) {
    let name = |m: Method| METHOD_SV.iter().find(|x| x.0 == m).map(|x| x.1);
    if let (Some(old), Some(new)) = (name(a.method), name(method)) {
        if let Some(rest) = a.title.strip_prefix(old) {
            a.title = format!("{new}{rest}");
        }
    }
    a.method = method;
}

/// An answer needed after its (taken) decision: `question_after_decision`, an error.
fn question_after_decision(g: &mut Gen, p: &mut Project, n: usize) {
    let dates = decision_dates(p);
    let decided: HashSet<&str> = p
        .decisions
        .iter()
        .filter(|d| d.status == DecisionStatus::Decided)
        .map(|d| d.id.as_str())
        .collect();
    let candidates: Vec<usize> = (0..p.key_questions.len())
        .filter(|&q| {
            let q = &p.key_questions[q];
            q.needed_by.is_some()
                && q.decision_id
                    .as_deref()
                    .is_some_and(|d| decided.contains(d))
        })
        .collect();
    for q in choose(g, candidates, n) {
        let d = p.key_questions[q].decision_id.clone().unwrap_or_default();
        if let Some(Some(dd)) = dates.get(&d) {
            let late = *dd + Duration::days(g.rng.range(1, 30));
            p.key_questions[q].needed_by = Some(date_str(late));
        }
    }
}

/// A phone number in an activity's notes: `personal_data`, an error. (In the notes, not in
/// a need: briefs and the needs sheet of a generated project can still be made.)
fn personal_data(g: &mut Gen, p: &mut Project, n: usize) {
    let candidates: Vec<usize> = (0..p.activities.len())
        .filter(|&a| p.activities[a].status != ActivityStatus::Planned)
        .collect();
    for a in choose(g, candidates, n) {
        let who = g.rng.pick(STAFF).split(' ').next().unwrap_or("");
        let number = format!(
            "070-{} {:02} {:02}",
            100 + g.rng.below(900),
            g.rng.below(100),
            g.rng.below(100)
        );
        let notes = &mut p.activities[a].notes;
        notes.push_str(&format!(" Ring {who} på {number} om nyckeln."));
    }
}

/// An open question with a deadline ahead that no activity serves yet:
/// `question_without_activity`.
fn question_without_activity(g: &mut Gen, p: &mut Project, n: usize) {
    let dates = decision_dates(p);
    let deadlines = deadlines(p);
    let calm = g.reference + Duration::days(90);
    let candidates: Vec<usize> = (0..p.key_questions.len())
        .filter(|&q| {
            let kq = &p.key_questions[q];
            let decision = kq.decision_id.as_ref().and_then(|d| dates.get(d)).copied();
            kq.status != QuestionStatus::Answered
                && deadlines[q].is_some_and(|d| d > g.reference)
                && decision.flatten().is_none_or(|d| d > calm)
        })
        .collect();
    let chosen: HashSet<String> = choose(g, candidates, n)
        .into_iter()
        .map(|q| p.key_questions[q].id.clone())
        .collect();
    for a in &mut p.activities {
        a.key_question_ids.retain(|q| !chosen.contains(q));
    }
}

/// A planned activity moved past its question's deadline: `activity_after_deadline`.
/// The question keeps an activity in time.
fn activity_after_deadline(g: &mut Gen, p: &mut Project, n: usize) {
    let deadlines = deadlines(p);
    let index: HashMap<&str, usize> = p
        .key_questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), i))
        .collect();
    let served = activity_counts(p);
    let later = g.reference + Duration::days(60);
    let question_of = |a: &Activity| -> Option<usize> {
        match a.key_question_ids.as_slice() {
            [q] => index.get(q.as_str()).copied(),
            _ => None,
        }
    };
    let candidates: Vec<usize> = (0..p.activities.len())
        .filter(|&a| {
            let act = &p.activities[a];
            act.status == ActivityStatus::Planned
                && question_of(act).is_some_and(|q| {
                    deadlines[q].is_some_and(|d| d > later)
                        && served.get(p.key_questions[q].id.as_str()).copied() >= Some(2)
                })
        })
        .collect();
    let mut moves: Vec<(usize, NaiveDate)> = Vec::new();
    let mut used: HashSet<usize> = HashSet::new();
    for a in shuffled(g, candidates) {
        if moves.len() == n {
            break;
        }
        let Some(q) = question_of(&p.activities[a]) else {
            continue;
        };
        if let (true, Some(d)) = (used.insert(q), deadlines[q]) {
            moves.push((a, d + Duration::days(g.rng.range(1, 30))));
        }
    }
    for (a, day) in moves {
        move_to(&mut p.activities[a], day);
    }
}

/// A dialogue on a question residents can only be informed about:
/// `dialogue_on_closed_question`.
fn dialogue_on_closed_question(g: &mut Gen, p: &mut Project, n: usize) {
    let inform: HashSet<&str> = p
        .key_questions
        .iter()
        .filter(|q| q.influence_level == InfluenceLevel::Inform)
        .map(|q| q.id.as_str())
        .collect();
    let candidates: Vec<usize> = (0..p.activities.len())
        .filter(|&a| match p.activities[a].key_question_ids.as_slice() {
            [q] => inform.contains(q.as_str()),
            _ => false,
        })
        .collect();
    for a in choose(g, candidates, n) {
        change_method(&mut p.activities[a], Method::Other);
    }
}

/// A question residents are to influence (or decide) met only with surveys:
/// `ladder_mismatch`. Its activities that serve other questions too stop serving it.
fn ladder_mismatch(g: &mut Gen, p: &mut Project, n: usize) {
    let open: Vec<usize> = (0..p.key_questions.len())
        .filter(|&q| {
            matches!(
                p.key_questions[q].influence_level,
                InfluenceLevel::Influence | InfluenceLevel::Codetermine
            )
        })
        .collect();
    let mut done = 0;
    for q in shuffled(g, open) {
        if done == n {
            break;
        }
        let id = p.key_questions[q].id.clone();
        let serving = |a: &Activity| a.key_question_ids.contains(&id);
        let alone = p
            .activities
            .iter()
            .filter(|a| serving(a) && a.key_question_ids.len() == 1)
            .count();
        if alone == 0 {
            continue;
        }
        for a in p.activities.iter_mut().filter(|a| serving(a)) {
            if a.key_question_ids.len() == 1 {
                change_method(a, Method::Survey);
            } else {
                a.key_question_ids.retain(|k| k != &id);
            }
        }
        done += 1;
    }
}

/// Held activities whose residents never heard back: `feedback_overdue`. Only activities
/// whose feedback another, later one also gave to each of their segments, so that no
/// commitment goes untold because of it.
fn feedback_overdue(g: &mut Gen, p: &mut Project, n: usize) {
    let from = g.reference - Duration::days(150);
    let until = g.reference - Duration::days(FEEDBACK_DAYS + 1);
    let given: Vec<Option<NaiveDate>> = p
        .activities
        .iter()
        .map(|a| opt_date(&a.feedback_given_on))
        .collect();
    // The days each segment was given feedback, latest first.
    let mut told: HashMap<&str, Vec<NaiveDate>> = HashMap::new();
    for (a, day) in p.activities.iter().zip(&given) {
        for pt in a.participants.iter().filter(|pt| pt.count > 0) {
            told.entry(pt.segment_id.as_str()).or_default().extend(*day);
        }
    }
    for days in told.values_mut() {
        days.sort_unstable_by(|x, y| y.cmp(x));
    }
    let candidates: Vec<usize> = (0..p.activities.len())
        .filter(|&a| {
            let a = &p.activities[a];
            a.status == ActivityStatus::ReportedBack
                && opt_date(&a.starts_at).is_some_and(|s| s >= from && s <= until)
        })
        .collect();
    let mut chosen: Vec<usize> = Vec::new();
    for a in shuffled(g, candidates) {
        if chosen.len() == n {
            break;
        }
        let Some(day) = given[a] else { continue };
        // Each segment must have been told on `day` or later by one more activity than
        // this one and those already chosen.
        let told_again = p.activities[a].participants.iter().all(|pt| {
            let s = pt.segment_id.as_str();
            let later = told
                .get(s)
                .map_or(0, |days| days.partition_point(|d| *d >= day));
            let gone = chosen
                .iter()
                .filter(|&&c| {
                    given[c].is_some_and(|d| d >= day)
                        && p.activities[c]
                            .participants
                            .iter()
                            .any(|o| o.segment_id == s && o.count > 0)
                })
                .count();
            later > 1 + gone
        });
        if told_again {
            chosen.push(a);
        }
    }
    for a in chosen {
        let act = &mut p.activities[a];
        act.status = ActivityStatus::Held;
        act.feedback.clear();
        act.feedback_given_on = None;
    }
}

/// A decision coming up with a question still open: `decision_unprepared`. The question
/// keeps its activities.
fn decision_unprepared(g: &mut Gen, p: &mut Project, n: usize) {
    let served = activity_counts(p);
    let mut open: Vec<usize> = Vec::new();
    for d in imminent(g, p).into_iter().take(n) {
        let id = &p.decisions[d].id;
        let questions: Vec<usize> = (0..p.key_questions.len())
            .filter(|&q| {
                let kq = &p.key_questions[q];
                kq.decision_id.as_ref() == Some(id) && served.contains_key(kq.id.as_str())
            })
            .collect();
        open.extend(choose(g, questions, 1));
    }
    for q in open {
        let kq = &mut p.key_questions[q];
        kq.status = QuestionStatus::InProgress;
        kq.answer.clear();
    }
}

/// Insights about a decision coming up that nobody has answered:
/// `insight_without_response`.
fn insight_without_response(g: &mut Gen, p: &mut Project, n: usize) {
    let soon: HashSet<String> = imminent(g, p)
        .into_iter()
        .map(|d| p.decisions[d].id.clone())
        .collect();
    let questions: Vec<usize> = (0..p.key_questions.len())
        .filter(|&q| {
            p.key_questions[q]
                .decision_id
                .as_ref()
                .is_some_and(|d| soon.contains(d))
        })
        .collect();
    if questions.is_empty() {
        return;
    }
    let free = free_insights(p);
    for i in choose(g, free, n) {
        let q = p.key_questions[*g.rng.pick(&questions)].id.clone();
        let insight = &mut p.insights[i];
        insight.key_question_ids = vec![q];
        insight.response_status = ResponseStatus::None;
        insight.response.clear();
        insight.communicated_on = None;
    }
}

/// Refusals without their reasons, an insight and a commitment by turns:
/// `rejected_without_reason`.
fn rejected_without_reason(g: &mut Gen, p: &mut Project, n: usize) {
    let rejected: Vec<usize> = (0..p.insights.len())
        .filter(|&i| p.insights[i].response_status == ResponseStatus::Rejected)
        .collect();
    let dropped: Vec<usize> = (0..p.commitments.len())
        .filter(|&c| p.commitments[c].status == CommitmentStatus::Dropped)
        .collect();
    for i in choose(g, rejected, n.div_ceil(2)) {
        p.insights[i].response.clear();
    }
    for c in choose(g, dropped, n / 2) {
        let c = &mut p.commitments[c];
        c.reason.clear();
        for e in &mut c.history {
            if e.status == CommitmentStatus::Dropped {
                e.note.clear();
            }
        }
    }
}

/// Commitments past their due date still under way: `commitment_overdue`. Made from ones
/// done late in the follow-up, so that they were under way before.
fn commitment_overdue(g: &mut Gen, p: &mut Project, n: usize) {
    let candidates: Vec<usize> = (0..p.commitments.len())
        .filter(|&c| {
            let c = &p.commitments[c];
            let under_way = c.history.len() >= 2
                && c.history[c.history.len() - 2].status == CommitmentStatus::InProgress;
            c.status == CommitmentStatus::Done
                && under_way
                && opt_date(&c.due_date).is_some_and(|d| d < g.reference)
        })
        .collect();
    for c in choose(g, candidates, n) {
        let c = &mut p.commitments[c];
        c.history.pop();
        c.status = CommitmentStatus::InProgress;
    }
}

/// Commitments done a while ago that concern the segment no activity reached, so it was
/// never told: `commitment_not_reported`.
fn commitment_not_reported(g: &mut Gen, p: &mut Project, n: usize, unheard: &str) {
    let until = g.reference - Duration::days(FEEDBACK_DAYS + 1);
    let candidates: Vec<usize> = (0..p.commitments.len())
        .filter(|&c| {
            let c = &p.commitments[c];
            c.status == CommitmentStatus::Done
                && c.done_on().and_then(parse_date).is_some_and(|d| d <= until)
        })
        .collect();
    for c in choose(g, candidates, n) {
        let segments = &mut p.commitments[c].segment_ids;
        segments.push(unheard.to_string());
        segments.sort();
        segments.dedup();
    }
}
