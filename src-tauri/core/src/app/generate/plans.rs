//! The plan the dialogue serves: decisions spread over the years, and the key questions
//! that must be answered before them.

use chrono::{Duration, NaiveDate};

use super::words::{question_title, AREAS, DECISIONS, FORUMS, GROUPS, STAFF, THINGS};
use super::{date_str, Gen};
use crate::domain::checks::DECISION_HORIZON_DAYS;
use crate::domain::model::*;

/// Decisions, spread over the years, roughly one per eight questions; returns their dates.
/// The first is taken two to four weeks after the reference date: a project always has a
/// decision coming up.
pub(super) fn decisions(g: &mut Gen, p: &mut Project, questions: u64) -> Vec<NaiveDate> {
    let n_decisions = (questions / 8).clamp(3, 2_000);
    let mut decision_dates = Vec::new();
    for k in 0..n_decisions {
        let base = DECISIONS[k as usize % DECISIONS.len()];
        let round = k as usize / DECISIONS.len();
        let date = if k == 0 {
            g.reference + Duration::days(g.rng.range(14, 28))
        } else {
            g.start + Duration::days(60 + g.rng.below(g.span_days as u64 - 60) as i64)
        };
        let decided = date < g.reference;
        let forum = g.rng.pick(FORUMS);
        let rng = &mut g.rng;
        p.decisions.push(Decision {
            id: g.ids.next(rng),
            title: if round == 0 {
                base.into()
            } else {
                format!("{base} – etapp {}", round + 1)
            },
            description: format!(
                "{forum} beslutar om {} utifrån vad invånarna har sagt.",
                rng.pick(AREAS)
            ),
            decision_date: Some(date_str(date)),
            forum: (*forum).into(),
            status: if decided {
                DecisionStatus::Decided
            } else {
                DecisionStatus::Planned
            },
            outcome: if decided {
                format!("Beslutet fattades med hänsyn till {}.", rng.pick(GROUPS))
            } else {
                String::new()
            },
            brief_summary: format!(
                "Invånarna har framför allt efterfrågat **{}** och **{}**.",
                rng.pick(THINGS),
                rng.pick(THINGS)
            ),
            brief_proposal: String::new(),
        });
        decision_dates.push(date);
    }
    decision_dates
}

/// Key questions: most belong to a decision and are needed a while before it. Returns
/// each question's deadline, which its activities are planned back from.
pub(super) fn key_questions(
    g: &mut Gen,
    p: &mut Project,
    questions: u64,
    decision_dates: &[NaiveDate],
    goal_ids: &[String],
) -> Vec<NaiveDate> {
    let mut deadlines: Vec<NaiveDate> = Vec::new();
    for _ in 0..questions {
        let (decision, needed_by) = decision_and_date(g, decision_dates);
        let deadline = needed_by
            .or_else(|| decision.map(|d| decision_dates[d]))
            .unwrap_or(g.reference);
        deadlines.push(deadline);
        let decision_date = decision.map(|d| decision_dates[d]);
        let status = question_status(g, decision_date, deadline);
        let level = InfluenceLevel::ALL[g.rng.weighted(&[15, 30, 30, 18, 7])];
        let goals = question_goals(g, goal_ids);
        let rng = &mut g.rng;
        p.key_questions.push(KeyQuestion {
            id: g.ids.next(rng),
            title: question_title(rng),
            description: format!(
                "Vi behöver veta vad {} tycker innan vi bestämmer oss.",
                rng.pick(GROUPS)
            ),
            decision_id: decision.map(|d| p.decisions[d].id.clone()),
            needed_by: needed_by.map(date_str),
            influence_level: level,
            open_to_influence: if level == InfluenceLevel::Inform {
                String::new()
            } else {
                format!("Hur {} ska fungera och för vem.", rng.pick(AREAS))
            },
            fixed: "Byggnadens placering och den totala budgeten.".into(),
            promise: "Vi återkopplar vad vi gjort med era synpunkter inom sex veckor.".into(),
            owner: (*rng.pick(STAFF)).into(),
            status,
            answer: if status == QuestionStatus::Answered {
                format!("Invånarna prioriterar {}.", rng.pick(THINGS))
            } else {
                String::new()
            },
            effect_goal_ids: goals,
        });
    }
    deadlines
}

/// The decision a question belongs to (if any), and when its answer is needed: two weeks
/// to three months before the decision, or (a few) by the decision itself.
fn decision_and_date(
    g: &mut Gen,
    decision_dates: &[NaiveDate],
) -> (Option<usize>, Option<NaiveDate>) {
    let rng = &mut g.rng;
    let decision = if rng.percent(92) {
        Some(rng.below(decision_dates.len() as u64) as usize)
    } else {
        None
    };
    let needed_by = match decision {
        Some(d) => {
            let dd = decision_dates[d];
            if rng.percent(5) {
                None
            } else {
                Some(dd - Duration::days(rng.range(14, 90)))
            }
        }
        None => Some(g.start + Duration::days(rng.below(g.span_days as u64) as i64)),
    };
    (decision, needed_by)
}

/// A question is answered by the time its decision is near (or taken) and mostly by its
/// deadline; later ones are open, under way or (a few) answered early.
fn question_status(
    g: &mut Gen,
    decision: Option<NaiveDate>,
    deadline: NaiveDate,
) -> QuestionStatus {
    let horizon = g.reference + Duration::days(DECISION_HORIZON_DAYS);
    if decision.is_some_and(|d| d <= horizon) || (deadline < g.reference && g.rng.percent(90)) {
        QuestionStatus::Answered
    } else {
        match g.rng.weighted(&[60, 30, 10]) {
            0 => QuestionStatus::Open,
            1 => QuestionStatus::InProgress,
            _ => QuestionStatus::Answered,
        }
    }
}

/// One effect goal, sometimes two.
fn question_goals(g: &mut Gen, goal_ids: &[String]) -> Vec<String> {
    let mut goals: Vec<String> = vec![g.rng.pick(goal_ids).clone()];
    if g.rng.percent(40) {
        let second = g.rng.pick(goal_ids).clone();
        if !goals.contains(&second) {
            goals.push(second);
        }
    }
    goals
}
