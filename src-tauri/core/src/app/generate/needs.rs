//! What residents said and what the project made of it: needs heard in held activities,
//! and insights whose evidence shares a tag.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};

use super::frame::{Segments, TagPopularity};
use super::words::{capitalise, quote, statement, GROUPS, THINGS, WHEN, WHERE};
use super::{date_str, Gen, GenerateOptions};
use crate::domain::model::*;
use crate::domain::validate::parse_date;

/// Which needs carry each tag, for drawing an insight's evidence from one tag.
pub(super) struct TagUse {
    needs_of_tag: Vec<Vec<u32>>,
    tagged_count: Vec<u64>,
}

/// Needs, heard in held activities; surveys and pop-ups bring in more.
pub(super) fn needs(
    g: &mut Gen,
    p: &mut Project,
    n_needs: u64,
    held: &[usize],
    segments: &Segments,
    popularity: &TagPopularity,
) -> TagUse {
    let held_weights: Vec<u64> = held
        .iter()
        .map(|&a| match p.activities[a].method {
            Method::Survey => 12,
            Method::Popup | Method::Digital => 5,
            Method::Information => 1,
            _ => 3,
        })
        .collect();
    let held_total: u64 = held_weights.iter().sum();
    let held_cumulative: Vec<u64> = held_weights
        .iter()
        .scan(0u64, |acc, w| {
            *acc += w;
            Some(*acc)
        })
        .collect();
    let mut use_ = TagUse {
        needs_of_tag: vec![Vec::new(); p.tags.len()],
        tagged_count: vec![0; p.tags.len()],
    };
    for k in 0..n_needs {
        let activity = if held_total > 0 && g.rng.percent(97) {
            let x = g.rng.below(held_total);
            let i = held_cumulative.partition_point(|&c| c <= x);
            Some(held[i])
        } else {
            None
        };
        let segs = need_segments(g, segments);
        let tags = need_tags(g, popularity);
        for &t in &tags {
            use_.needs_of_tag[t].push(k as u32);
            use_.tagged_count[t] += 1;
        }
        let rng = &mut g.rng;
        p.needs.push(Need {
            id: g.ids.next(rng),
            statement: statement(rng),
            quote: if rng.below(3) == 0 {
                quote(rng)
            } else {
                String::new()
            },
            activity_id: activity.map(|a| p.activities[a].id.clone()),
            segment_ids: segs,
            tag_ids: tags.iter().map(|&t| p.tags[t].id.clone()).collect(),
            important: rng.percent(8),
        });
    }
    use_
}

/// Mostly one segment, sometimes two, sometimes none.
fn need_segments(g: &mut Gen, segments: &Segments) -> Vec<String> {
    let mut segs: Vec<String> = Vec::new();
    let n_segs = g.rng.weighted(&[10, 72, 18]);
    for _ in 0..n_segs {
        let s = &segments.ids[g.rng.weighted(&segments.weights)];
        if !segs.contains(s) {
            segs.push(s.clone());
        }
    }
    segs
}

/// Up to four tags, popular ones more often; a few needs are left untagged.
fn need_tags(g: &mut Gen, popularity: &TagPopularity) -> Vec<usize> {
    let mut tags: Vec<usize> = Vec::new();
    for _ in 0..g.rng.weighted(&[6, 40, 34, 15, 5]) {
        let t = popularity.sample(&mut g.rng);
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    tags
}

/// Insights: each a synthesis of needs that share a tag, about one per 250 needs.
pub(super) fn insights(
    g: &mut Gen,
    p: &mut Project,
    opts: &GenerateOptions,
    tag_use: &TagUse,
    goal_ids: &[String],
) {
    let n_insights = if opts.needs == 0 {
        0
    } else {
        (opts.needs / 250).clamp(3, 4_000)
    };
    let usable: Vec<usize> = (0..p.tags.len())
        .filter(|&t| !tag_use.needs_of_tag[t].is_empty())
        .collect();
    let usable_weights: Vec<u64> = usable.iter().map(|&t| tag_use.tagged_count[t]).collect();
    let soon = decided_soon(g, p);
    for _ in 0..n_insights {
        if usable.is_empty() {
            break;
        }
        let t = usable[g.rng.weighted(&usable_weights)];
        let evidence = evidence(g, &tag_use.needs_of_tag[t]);
        let qs = insight_questions(g, opts.questions);
        // An insight about a decision taken or coming up has been answered.
        let answered = qs.iter().any(|&q| soon[q]);
        let status = match g.rng.weighted(&[if answered { 0 } else { 35 }, 30, 28, 7]) {
            0 => ResponseStatus::None,
            1 => ResponseStatus::Proposed,
            2 => ResponseStatus::Adopted,
            _ => ResponseStatus::Rejected,
        };
        let tag_name = p.tags[t].name.clone();
        let rng = &mut g.rng;
        p.insights.push(Insight {
            id: g.ids.next(rng),
            title: format!("{tag_name}: {}", capitalise(rng.pick::<&str>(THINGS))),
            statement: format!(
                "Flera grupper, särskilt {}, återkommer till {} {}.",
                rng.pick(GROUPS),
                rng.pick(THINGS),
                rng.pick(WHEN)
            ),
            need_ids: evidence
                .iter()
                .map(|&n| p.needs[n as usize].id.clone())
                .collect(),
            key_question_ids: qs.iter().map(|&q| p.key_questions[q].id.clone()).collect(),
            effect_goal_ids: if rng.percent(60) {
                vec![rng.pick(goal_ids).clone()]
            } else {
                vec![]
            },
            response: if status == ResponseStatus::None {
                String::new()
            } else {
                format!("Vi gör: {} {}.", rng.pick(THINGS), rng.pick(WHERE))
            },
            response_status: status,
            communicated_on: if status == ResponseStatus::Adopted && rng.percent(60) {
                Some(date_str(g.reference - Duration::days(rng.range(1, 300))))
            } else {
                None
            },
        });
    }
}

/// 3–40 needs drawn from the tag's pool, each once, in creation order.
fn evidence(g: &mut Gen, pool: &[u32]) -> Vec<u32> {
    let want = g.rng.range(3, 40) as usize;
    let mut evidence: Vec<u32> = (0..want.min(pool.len()))
        .map(|_| pool[g.rng.below(pool.len() as u64) as usize])
        .collect();
    evidence.sort_unstable();
    evidence.dedup();
    evidence
}

/// One or two key questions the insight answers (their indexes), when there are any.
fn insight_questions(g: &mut Gen, questions: u64) -> Vec<usize> {
    let mut qs: Vec<usize> = Vec::new();
    if questions > 0 {
        for _ in 0..g.rng.range(1, 2) {
            let q = g.rng.below(questions) as usize;
            if !qs.contains(&q) {
                qs.push(q);
            }
        }
    }
    qs
}

/// For each key question: whether its decision is taken before two months after the
/// reference date.
fn decided_soon(g: &Gen, p: &Project) -> Vec<bool> {
    let until = g.reference + Duration::days(60);
    let dates: HashMap<&str, Option<NaiveDate>> = p
        .decisions
        .iter()
        .map(|d| {
            (
                d.id.as_str(),
                d.decision_date.as_deref().and_then(parse_date),
            )
        })
        .collect();
    p.key_questions
        .iter()
        .map(|q| {
            q.decision_id
                .as_deref()
                .and_then(|d| dates.get(d).copied().flatten())
                .is_some_and(|d| d <= until)
        })
        .collect()
}
