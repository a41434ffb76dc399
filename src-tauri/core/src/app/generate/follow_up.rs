//! What follows the dialogue: the commitments made for each decision, followed up from
//! its date on. Drawn after everything else, so the rest of the project is the same with
//! or without them.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};

use super::words::{STAFF, THINGS};
use super::{date_str, Gen};
use crate::domain::model::*;
use crate::domain::validate::parse_date;

/// Two to four commitments per decision, each answering an insight about one of the
/// decision's key questions when there is one. Those of decisions made before the
/// reference date are under way, done or (rarely) dropped, and each is done by its due
/// date: none is overdue until the flaws are planted.
pub(super) fn commitments(g: &mut Gen, p: &mut Project) {
    // The insights about each decision's questions, in id order.
    let decision_of: HashMap<&str, &str> = p
        .key_questions
        .iter()
        .filter_map(|q| Some((q.id.as_str(), q.decision_id.as_deref()?)))
        .collect();
    let mut insights_of: HashMap<&str, Vec<&Insight>> = HashMap::new();
    for i in &p.insights {
        if let Some(d) = i
            .key_question_ids
            .iter()
            .find_map(|q| decision_of.get(q.as_str()))
        {
            insights_of.entry(d).or_default().push(i);
        }
    }
    let segment_of: HashMap<&str, &[String]> = p
        .needs
        .iter()
        .map(|n| (n.id.as_str(), n.segment_ids.as_slice()))
        .collect();
    let mut out = Vec::new();
    for d in &p.decisions {
        let Some(day) = d.decision_date.as_deref().and_then(parse_date) else {
            continue;
        };
        let about = insights_of
            .get(d.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        for _ in 0..g.rng.range(2, 4) {
            let insight = (!about.is_empty()).then(|| *g.rng.pick(about));
            let mut c = commitment(g, d, day);
            if let Some(i) = insight {
                c.insight_ids = vec![i.id.clone()];
                c.need_ids = i.need_ids.iter().take(3).cloned().collect();
                c.key_question_ids = i
                    .key_question_ids
                    .iter()
                    .filter(|q| decision_of.get(q.as_str()) == Some(&d.id.as_str()))
                    .cloned()
                    .collect();
                let mut segments: Vec<String> = c
                    .need_ids
                    .iter()
                    .flat_map(|n| segment_of.get(n.as_str()).copied().unwrap_or(&[]))
                    .cloned()
                    .collect();
                segments.sort();
                segments.dedup();
                c.segment_ids = segments;
            }
            out.push(c);
        }
    }
    p.commitments = out;
}

/// One commitment for decision `d`, made on its date `day`, with its history up to the
/// reference date.
fn commitment(g: &mut Gen, d: &Decision, day: NaiveDate) -> Commitment {
    let rng = &mut g.rng;
    // Due one to twelve months after the decision; started a week or more after it, and
    // finished by the due date.
    let due_days = 30 + rng.below(330) as i64;
    let due = day + Duration::days(due_days);
    let made = day - Duration::days(rng.below(60) as i64);
    let mut history = vec![event(made, CommitmentStatus::Planned, "")];
    let mut reason = String::new();
    if day < g.reference {
        let start_days = rng.range(7, 67.min(due_days - 7));
        let started = day + Duration::days(start_days);
        if started < g.reference {
            history.push(event(started, CommitmentStatus::InProgress, ""));
            let finished = started + Duration::days(rng.range(7, due_days - start_days));
            if rng.percent(8) {
                reason = "Ryms inte i budgeten för året.".into();
                history.push(event(started, CommitmentStatus::Dropped, &reason));
            } else if finished < g.reference {
                history.push(event(finished, CommitmentStatus::Done, "Klart"));
            }
        }
    }
    let status = history
        .last()
        .map_or(CommitmentStatus::Planned, |e| e.status);
    let thing = *rng.pick(THINGS);
    Commitment {
        id: g.ids.next(rng),
        title: format!("Vi ordnar {thing}"),
        description: format!(
            "Ett löfte efter beslutet om {}: {thing}.",
            d.title.to_lowercase()
        ),
        owner: (*rng.pick(STAFF)).into(),
        due_date: Some(date_str(due)),
        status,
        reason,
        decision_id: Some(d.id.clone()),
        history,
        ..Commitment::default()
    }
}

fn event(on: NaiveDate, status: CommitmentStatus, note: &str) -> CommitmentEvent {
    CommitmentEvent {
        on: date_str(on),
        status,
        note: note.into(),
    }
}
