//! The sections after the key questions: what the project has promised ("Vad vi har
//! lovat") and whom its dialogues reached ("Vilka nådde vi?"), a table of every segment
//! and a chart of the rates, the table being the chart's text.

use super::model::*;
use super::words::{commitment_status, show_date, words};
use crate::domain::model::*;
use crate::domain::representation::{percent, Reach};
use crate::support::lang::{number, Lang};

/// The commitments a brief reports: made for its decision (when it is a decision's brief)
/// or for one of its key questions; by due date (undated last), then title.
pub(super) fn commitments_of<'a>(
    p: &'a Project,
    decision: Option<&str>,
    questions: &[&KeyQuestion],
) -> Vec<&'a Commitment> {
    let mut v: Vec<&Commitment> = p
        .commitments
        .iter()
        .filter(|c| {
            (decision.is_some() && c.decision_id.as_deref() == decision)
                || c.key_question_ids
                    .iter()
                    .any(|k| questions.iter().any(|q| &q.id == k))
        })
        .collect();
    v.sort_by(|a, b| {
        let key = |c: &Commitment| {
            (
                c.due_date.is_none(),
                c.due_date.clone().unwrap_or_default(),
                c.title.clone(),
                c.id.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    v
}

/// "Vad vi har lovat": each commitment's title, status, owner, due date and done date.
pub(super) fn commitments_section(lang: Lang, commitments: &[&Commitment]) -> Section {
    let w = words(lang);
    let content = if commitments.is_empty() {
        vec![Content::Note {
            text: w.no_commitments.into(),
        }]
    } else {
        let rows = commitments
            .iter()
            .map(|c| {
                let owner = c.owner.trim();
                let done = match c.status {
                    CommitmentStatus::Done => show_date(lang, c.done_on()),
                    _ => "–".to_string(),
                };
                vec![
                    c.title.clone(),
                    commitment_status(lang, c.status).to_string(),
                    if owner.is_empty() { "–" } else { owner }.to_string(),
                    show_date(lang, c.due_date.as_deref()),
                    done,
                ]
            })
            .collect();
        vec![Content::Table {
            table: TableData {
                columns: vec![
                    w.col_commitment.into(),
                    w.status.into(),
                    w.owner.into(),
                    w.col_due.into(),
                    w.col_done.into(),
                ],
                weights: vec![3.4, 1.3, 1.9, 1.7, 1.7],
                numeric: vec![false; 5],
                rows,
                total: None,
                compact: false,
            },
        }]
    };
    Section {
        level: 1,
        title: w.promised.into(),
        page_break_before: false,
        content,
    }
}

/// A score with two decimals, the language's way: "0,13" / "0.13".
fn decimal2(lang: Lang, x: f64) -> String {
    let s = format!("{:.2}", x.max(0.0));
    match lang {
        Lang::Sv => s.replace('.', ","),
        Lang::En => s,
    }
}

/// "Vilka nådde vi?": per segment its residents, participants, rate and priority, the
/// rates as a bar chart, and the representation score.
pub(super) fn reach_section(lang: Lang, reach: &Reach) -> Section {
    let w = words(lang);
    let mut content = Vec::new();
    if reach.segments.is_empty() {
        content.push(Content::Note {
            text: w.no_segments.into(),
        });
    } else {
        content.push(Content::Text {
            inlines: vec![Inline::plain(w.reach_intro)],
        });
        let rows = reach
            .segments
            .iter()
            .map(|s| {
                vec![
                    s.name.clone(),
                    s.residents.map_or("–".into(), |r| number(lang, r)),
                    number(lang, s.participants),
                    s.rate.map_or("–".into(), |r| percent(lang, r)),
                    if s.priority { w.yes } else { "" }.to_string(),
                ]
            })
            .collect();
        content.push(Content::Table {
            table: TableData {
                columns: vec![
                    w.col_segment.into(),
                    w.col_residents.into(),
                    w.col_people.into(),
                    w.col_rate.into(),
                    w.col_priority.into(),
                ],
                weights: vec![3.0, 1.5, 1.5, 1.3, 1.4],
                numeric: vec![false, true, true, true, false],
                rows,
                total: None,
                compact: false,
            },
        });
        let bars: Vec<ChartBar> = reach
            .segments
            .iter()
            .filter_map(|s| {
                s.rate.map(|r| ChartBar {
                    label: s.name.clone(),
                    // In hundredths of a percent, so that the bars keep their proportions.
                    value: (r * 10_000.0).round().max(0.0) as u64,
                    shown: percent(lang, r),
                })
            })
            .collect();
        if bars.is_empty() {
            content.push(Content::Note {
                text: w.no_residents.into(),
            });
        } else {
            content.push(Content::Chart {
                chart: ChartData {
                    caption: w.reach_caption.into(),
                    columns: [w.col_segment.into(), w.col_rate.into()],
                    bars,
                },
            });
        }
        if let Some(score) = reach.score {
            content.push(Content::Text {
                inlines: vec![
                    Inline::bold(format!("{}: {}", w.score, decimal2(lang, score))),
                    Inline::plain(format!(" – {}.", w.score_means)),
                ],
            });
        }
    }
    Section {
        level: 1,
        title: w.reached.into(),
        page_break_before: false,
        content,
    }
}
