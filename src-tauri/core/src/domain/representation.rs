//! Representation: whom the dialogues behind a decision (or one key question) reached,
//! measured against how many residents each segment stands for.
//!
//! The activities counted are those that serve the key questions (linked through
//! `key_question_ids`) and are `held` or `reported_back`. Per segment: its residents, the
//! sum of its participant counts in those activities, and the rate participants ÷
//! residents (none without residents). The score is the lowest rate among priority
//! segments with residents ÷ the highest rate among all segments with residents: 1 when
//! the priority groups were reached as well as the best-reached group, near 0 when one of
//! them was hardly reached.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::model::{ActivityStatus, BriefTarget, Project};
use crate::support::lang::{number, Lang};

/// One segment's reach.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SegmentReach {
    pub segment_id: String,
    pub name: String,
    pub priority: bool,
    /// How many residents the segment stands for; none when unknown (or zero).
    pub residents: Option<u32>,
    /// The participants from this segment in the activities counted.
    pub participants: u32,
    /// participants ÷ residents; none without residents.
    pub rate: Option<f64>,
}

/// The reach of the dialogues behind a decision or a key question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Reach {
    /// The activities counted (held or reported back), in id order.
    pub activity_ids: Vec<String>,
    /// Every segment of the project, in the project's order.
    pub segments: Vec<SegmentReach>,
    /// The lowest rate among priority segments with residents ÷ the highest rate among
    /// segments with residents; none when either is missing or the highest is zero.
    pub score: Option<f64>,
}

impl Reach {
    /// The highest rate among segments with residents.
    pub fn best_rate(&self) -> Option<f64> {
        self.segments
            .iter()
            .filter_map(|s| s.rate)
            .fold(None, |best: Option<f64>, r| {
                Some(best.map_or(r, |b| b.max(r)))
            })
    }
}

/// The key questions a brief target covers: a decision's, or the one question. `None`
/// when the decision or question is not in the project.
pub fn questions_of_target<'a>(p: &'a Project, target: &BriefTarget) -> Option<Vec<&'a str>> {
    match target {
        BriefTarget::Decision(id) => {
            p.decisions.iter().find(|d| &d.id == id)?;
            Some(
                p.key_questions
                    .iter()
                    .filter(|q| q.decision_id.as_deref() == Some(id.as_str()))
                    .map(|q| q.id.as_str())
                    .collect(),
            )
        }
        BriefTarget::Question(id) => p
            .key_questions
            .iter()
            .find(|q| &q.id == id)
            .map(|q| vec![q.id.as_str()]),
    }
}

/// The representation of a decision or a key question; `None` when it is not in `p`.
pub fn of_target(p: &Project, target: &BriefTarget) -> Option<Reach> {
    questions_of_target(p, target).map(|qs| of_questions(p, &qs))
}

/// The representation of the activities held for any of `question_ids`.
pub fn of_questions(p: &Project, question_ids: &[&str]) -> Reach {
    let asked: HashSet<&str> = question_ids.iter().copied().collect();
    let mut counted: Vec<&crate::domain::model::Activity> = p
        .activities
        .iter()
        .filter(|a| {
            matches!(
                a.status,
                ActivityStatus::Held | ActivityStatus::ReportedBack
            ) && a
                .key_question_ids
                .iter()
                .any(|q| asked.contains(q.as_str()))
        })
        .collect();
    counted.sort_by(|a, b| a.id.cmp(&b.id));
    let mut participants: HashMap<&str, u32> = HashMap::new();
    for a in &counted {
        for pt in &a.participants {
            let n = participants.entry(pt.segment_id.as_str()).or_default();
            *n = n.saturating_add(pt.count);
        }
    }
    let segments: Vec<SegmentReach> = p
        .segments
        .iter()
        .map(|s| {
            let residents = s.residents.filter(|r| *r > 0);
            let n = participants.get(s.id.as_str()).copied().unwrap_or(0);
            SegmentReach {
                segment_id: s.id.clone(),
                name: s.name.clone(),
                priority: s.priority,
                residents,
                participants: n,
                rate: residents.map(|r| f64::from(n) / f64::from(r)),
            }
        })
        .collect();
    let mut r = Reach {
        activity_ids: counted.iter().map(|a| a.id.clone()).collect(),
        segments,
        score: None,
    };
    let lowest_priority = r
        .segments
        .iter()
        .filter(|s| s.priority)
        .filter_map(|s| s.rate)
        .fold(None, |low: Option<f64>, x| {
            Some(low.map_or(x, |l| l.min(x)))
        });
    r.score = match (lowest_priority, r.best_rate()) {
        (Some(low), Some(best)) if best > 0.0 => Some(low / best),
        _ => None,
    };
    r
}

/// A rate as a percentage with one decimal, the way the language writes it: "0,4 %"
/// (decimal comma, no-break space before the sign) or "0.4%".
/// A rate above zero too small to show a tenth is "< 0,1 %", never "0,0 %".
pub fn percent(lang: Lang, rate: f64) -> String {
    let tenths = (rate * 1000.0).round().max(0.0) as i128;
    if tenths == 0 && rate > 0.0 {
        return lang.pick("<\u{a0}0,1\u{a0}%", "< 0.1%").to_string();
    }
    let (whole, tenth) = (tenths / 10, tenths % 10);
    let whole = number(lang, whole);
    match lang {
        Lang::Sv => format!("{whole},{tenth}\u{a0}%"),
        Lang::En => format!("{whole}.{tenth}%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_written_the_language_s_way() {
        assert_eq!(percent(Lang::Sv, 0.004), "0,4\u{a0}%");
        assert_eq!(percent(Lang::En, 0.004), "0.4%");
        assert_eq!(percent(Lang::Sv, 0.25), "25,0\u{a0}%");
        assert_eq!(percent(Lang::Sv, 0.0), "0,0\u{a0}%");
        assert_eq!(percent(Lang::En, 12.3456), "1,234.6%");
        assert_eq!(percent(Lang::Sv, 0.00049), "<\u{a0}0,1\u{a0}%");
        assert_eq!(percent(Lang::En, 0.00049), "< 0.1%");
        assert_eq!(percent(Lang::Sv, 0.00051), "0,1\u{a0}%");
    }
}
