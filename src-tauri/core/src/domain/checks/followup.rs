//! The rules after (and just before) the decision: commitments kept and told back,
//! refusals explained, methods that match the participation level, and whether the
//! dialogues behind an imminent decision reached the priority groups.

use std::collections::{BTreeSet, HashMap};

use super::{opt_date, warn, words, Plan, Severity, Subject, Warning, WarningCode, FEEDBACK_DAYS};
use crate::domain::model::*;
use crate::domain::representation::{self, percent};

/// Every follow-up rule, in a stable order.
pub(super) fn rules(plan: &Plan, out: &mut Vec<Warning>) {
    commitment_overdue(plan, out);
    commitment_not_reported(plan, out);
    rejected_without_reason(plan, out);
    ladder_mismatch(plan, out);
    underrepresented_segment(plan, out);
}

/// A commitment past its due date that is neither done nor dropped.
fn commitment_overdue(plan: &Plan, out: &mut Vec<Warning>) {
    for c in &plan.p.commitments {
        if matches!(c.status, CommitmentStatus::Done | CommitmentStatus::Dropped) {
            continue;
        }
        if let Some(due) = opt_date(&c.due_date).filter(|d| *d < plan.today) {
            out.push(warn(
                WarningCode::CommitmentOverdue,
                Severity::Warning,
                Subject::Commitment,
                &c.id,
                words::commitment_overdue(plan.lang, &c.title, due),
            ));
        }
    }
}

/// The segments a commitment concerns: its own, else those of its needs (as far as the
/// project holds them); empty when neither names any.
fn concerned_segments<'a>(
    c: &'a Commitment,
    need_segments: &HashMap<&str, &'a [String]>,
) -> BTreeSet<&'a str> {
    if !c.segment_ids.is_empty() {
        return c.segment_ids.iter().map(String::as_str).collect();
    }
    c.need_ids
        .iter()
        .filter_map(|n| need_segments.get(n.as_str()))
        .flat_map(|s| s.iter().map(String::as_str))
        .collect()
}

/// A commitment done more than [`FEEDBACK_DAYS`] ago that some segment it concerns has
/// not been told about: no activity with that segment among its participants gave
/// feedback on or after the done date. Without segments, any such feedback counts.
fn commitment_not_reported(plan: &Plan, out: &mut Vec<Warning>) {
    let need_segments: HashMap<&str, &[String]> = plan
        .p
        .needs
        .iter()
        .map(|n| (n.id.as_str(), n.segment_ids.as_slice()))
        .collect();
    let names: HashMap<&str, &str> = plan
        .p
        .segments
        .iter()
        .map(|s| (s.id.as_str(), s.name.as_str()))
        .collect();
    for c in &plan.p.commitments {
        if c.status != CommitmentStatus::Done {
            continue;
        }
        let Some(done) = c.done_on().and_then(super::parse_date) else {
            continue;
        };
        let days = (plan.today - done).num_days();
        if days <= FEEDBACK_DAYS {
            continue;
        }
        // The activities that told their participants back on or after the done date.
        let told: Vec<&Activity> = plan
            .p
            .activities
            .iter()
            .filter(|a| opt_date(&a.feedback_given_on).is_some_and(|f| f >= done))
            .collect();
        let segments = concerned_segments(c, &need_segments);
        let untold: Vec<&str> = if segments.is_empty() {
            if told.is_empty() {
                vec![""]
            } else {
                vec![]
            }
        } else {
            segments
                .into_iter()
                .filter(|s| {
                    !told.iter().any(|a| {
                        a.participants
                            .iter()
                            .any(|pt| pt.segment_id == *s && pt.count > 0)
                    })
                })
                .collect()
        };
        if untold.is_empty() {
            continue;
        }
        let untold_names: Vec<&str> = untold
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| names.get(s).copied().unwrap_or(s))
            .collect();
        out.push(warn(
            WarningCode::CommitmentNotReported,
            Severity::Warning,
            Subject::Commitment,
            &c.id,
            words::commitment_not_reported(plan.lang, &c.title, days, &untold_names),
        ));
    }
}

/// A refusal without its reason: a rejected insight without a response, or a dropped
/// commitment without a reason.
fn rejected_without_reason(plan: &Plan, out: &mut Vec<Warning>) {
    for i in &plan.p.insights {
        if i.response_status == ResponseStatus::Rejected && i.response.trim().is_empty() {
            out.push(warn(
                WarningCode::RejectedWithoutReason,
                Severity::Warning,
                Subject::Insight,
                &i.id,
                words::insight_rejected_without_reason(plan.lang, &i.title),
            ));
        }
    }
    for c in &plan.p.commitments {
        if c.status == CommitmentStatus::Dropped && c.reason.trim().is_empty() {
            out.push(warn(
                WarningCode::RejectedWithoutReason,
                Severity::Warning,
                Subject::Commitment,
                &c.id,
                words::commitment_dropped_without_reason(plan.lang, &c.title),
            ));
        }
    }
}

/// Methods that only ask or tell, too weak for influence or co-decision.
fn one_way(m: Method) -> bool {
    matches!(m, Method::Survey | Method::Digital | Method::Information)
}

/// A key question at level influence or co-decision served only by surveys, digital
/// channels or information (and by at least one activity).
fn ladder_mismatch(plan: &Plan, out: &mut Vec<Warning>) {
    for q in &plan.p.key_questions {
        if !matches!(
            q.influence_level,
            InfluenceLevel::Influence | InfluenceLevel::Codetermine
        ) {
            continue;
        }
        let serving = plan
            .activities_of
            .get(q.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        if !serving.is_empty() && serving.iter().all(|a| one_way(a.method)) {
            out.push(warn(
                WarningCode::LadderMismatch,
                Severity::Warning,
                Subject::KeyQuestion,
                &q.id,
                words::ladder_mismatch(plan.lang, &q.title, q.influence_level),
            ));
        }
    }
}

/// For each planned decision dated from today through today + `within_days` (past ones
/// excluded: their dialogues are over), each priority segment with residents whose rate is
/// below `min_ratio` × the best rate among segments with residents (when that is above 0).
fn underrepresented_segment(plan: &Plan, out: &mut Vec<Warning>) {
    let settings = plan.p.project.representation;
    let horizon = plan.today + chrono::Duration::days(i64::from(settings.within_days));
    for d in &plan.p.decisions {
        let soon = d.status == DecisionStatus::Planned
            && opt_date(&d.decision_date).is_some_and(|dd| dd >= plan.today && dd <= horizon);
        if !soon {
            continue;
        }
        let target = BriefTarget::Decision(d.id.clone());
        let Some(reach) = representation::of_target(plan.p, &target) else {
            continue;
        };
        let Some(best) = reach.best_rate().filter(|b| *b > 0.0) else {
            continue;
        };
        for s in reach.segments.iter().filter(|s| s.priority) {
            let Some(rate) = s.rate else { continue };
            if rate < settings.min_ratio * best {
                out.push(warn(
                    WarningCode::UnderrepresentedSegment,
                    Severity::Warning,
                    Subject::Segment,
                    &s.segment_id,
                    words::underrepresented_segment(
                        plan.lang,
                        &s.name,
                        &d.title,
                        &percent(plan.lang, rate),
                        &percent(plan.lang, best),
                    ),
                ));
            }
        }
    }
}
