//! The sections under each key question: what we needed to know and when, what residents
//! could influence, the dialogue held, what residents said, and what we do about it.

use std::collections::{BTreeSet, HashSet};

use super::index::{group_by_theme, quote_order, Index};
use super::model::*;
use super::words::chart_columns;
use super::words::{
    count_activities, count_needs, influence_text, method_name, question_status, quoted,
    response_status, show_date, Words,
};
use crate::domain::ladder::LadderLevel;
use crate::domain::model::*;
use crate::support::lang::{long_date_of, number, Lang};

/// What every key question's sections read.
pub(super) struct QuestionContext<'a> {
    pub ix: &'a Index<'a>,
    pub lang: Lang,
    pub w: &'static Words,
    pub project: &'a Project,
    pub decision: Option<&'a Decision>,
    pub ladder: &'a [LadderLevel],
}

/// Needs grouped under one theme heading.
type Theme<'a> = (String, Vec<&'a Need>);

/// A heading per key question (numbered when there are several), then its sections.
pub(super) fn question_sections(
    cx: &QuestionContext,
    questions: &[&KeyQuestion],
    out: &mut Vec<Section>,
) {
    let many = questions.len() > 1;
    for (qi, q) in questions.iter().enumerate() {
        let acts = cx.ix.activities_of(&q.id);
        let heading = if many {
            format!("{} {}: {}", cx.w.question, qi + 1, q.title)
        } else {
            format!("{}: {}", cx.w.question, q.title)
        };
        out.push(Section {
            level: 1,
            title: heading,
            page_break_before: false,
            content: Vec::new(),
        });
        out.push(what_we_needed_to_know(cx, q));
        out.push(when(cx, q));
        out.push(influence(cx, q));
        dialogue(cx, &acts, out);
        what_residents_said(cx, &acts, out);
        insights_and_responses(cx, q, out);
    }
}

fn sub(title: &str, content: Vec<Content>) -> Section {
    Section {
        level: 2,
        title: title.to_string(),
        page_break_before: false,
        content,
    }
}

fn fact(label: &str, value: String) -> Fact {
    Fact {
        label: label.into(),
        value,
    }
}

/// An empty answer reads as a dash, so a blank field never looks like a layout error.
fn dash(s: &str) -> String {
    if s.trim().is_empty() {
        "–".to_string()
    } else {
        s.trim().to_string()
    }
}

/// "Vad behövde vi veta": the description, then status, owner and answer.
fn what_we_needed_to_know(cx: &QuestionContext, q: &KeyQuestion) -> Section {
    let w = cx.w;
    let mut c: Vec<Content> = paragraphs(&q.description)
        .into_iter()
        .map(|p| Content::Text {
            inlines: vec![Inline::plain(p)],
        })
        .collect();
    if c.is_empty() {
        c.push(Content::Note {
            text: w.no_description.into(),
        });
    }
    let mut facts = vec![fact(w.status, question_status(cx.lang, q.status).into())];
    if !q.owner.trim().is_empty() {
        facts.push(fact(w.owner, q.owner.clone()));
    }
    if !q.answer.trim().is_empty() {
        facts.push(fact(w.answer, q.answer.clone()));
    }
    c.push(Content::Facts { facts });
    sub(w.what_know, c)
}

/// "När": when the answer is needed, and when the decision is taken.
fn when(cx: &QuestionContext, q: &KeyQuestion) -> Section {
    let w = cx.w;
    let mut facts = vec![fact(
        w.needed_by,
        show_date(cx.lang, q.needed_by.as_deref()),
    )];
    if let Some(d) = cx.decision {
        facts.push(fact(
            w.decision_date,
            show_date(cx.lang, d.decision_date.as_deref()),
        ));
    }
    sub(w.when, vec![Content::Facts { facts }])
}

/// "Vad kunde invånarna påverka": the ladder step, and what was open and what fixed.
fn influence(cx: &QuestionContext, q: &KeyQuestion) -> Section {
    let w = cx.w;
    sub(
        w.influence,
        vec![Content::Facts {
            facts: vec![
                fact(w.level, level_line(cx, q.influence_level)),
                fact(w.open_to, dash(&q.open_to_influence)),
                fact(w.fixed, dash(&q.fixed)),
                fact(w.promise, dash(&q.promise)),
            ],
        }],
    )
}

/// "Name – explanation" for a ladder step; a Swedish brief uses the project's own ladder.
fn level_line(cx: &QuestionContext, level: InfluenceLevel) -> String {
    let (default_name, default_expl) = influence_text(cx.lang, level);
    let own = cx
        .ladder
        .iter()
        .find(|l| l.code == level)
        .filter(|_| cx.lang == Lang::Sv);
    let name = own.map_or(default_name, |l| l.name.as_str());
    let lowered;
    let expl = match own {
        Some(l) if !l.explanation.trim().is_empty() => {
            // The ladder's explanations are sentences; the brief writes "Name – explanation".
            let t = l.explanation.trim();
            let mut c = t.chars();
            lowered = match c.next() {
                Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
                None => String::new(),
            };
            lowered.as_str()
        }
        _ => default_expl,
    };
    format!("{name} – {expl}")
}

/// "Genomförd dialog": the activities held, with their participants, and which priority
/// groups were not reached; then "Planerad dialog": the activities still to come, so a
/// planned activity is never read as one that took place.
fn dialogue(cx: &QuestionContext, acts: &[&Activity], out: &mut Vec<Section>) {
    let w = cx.w;
    let (planned, held): (Vec<&Activity>, Vec<&Activity>) = acts
        .iter()
        .partition(|a| a.status == ActivityStatus::Planned);
    let mut c = Vec::new();
    if acts.is_empty() {
        c.push(Content::Note {
            text: w.no_activities.into(),
        });
    } else if held.is_empty() {
        c.push(Content::Note {
            text: w.none_held.into(),
        });
    } else {
        c.push(activity_table(cx, &held, true));
        c.extend(reach_line(cx, &held));
    }
    out.push(sub(w.dialogue, c));
    if !planned.is_empty() {
        out.push(sub(
            w.dialogue_planned,
            vec![activity_table(cx, &planned, false)],
        ));
    }
}

/// The activities with their participants; `with_total` adds the row that sums them.
fn activity_table(cx: &QuestionContext, acts: &[&Activity], with_total: bool) -> Content {
    let w = cx.w;
    let mut grand = 0u64;
    let rows = acts
        .iter()
        .map(|a| {
            let (row, total) = activity_row(cx, a);
            grand += total;
            row
        })
        .collect();
    Content::Table {
        table: TableData {
            columns: vec![
                w.col_activity.into(),
                w.col_date.into(),
                w.col_method.into(),
                w.col_participants.into(),
                w.col_total.into(),
            ],
            weights: vec![3.0, 1.55, 1.4, 3.0, 1.0],
            numeric: vec![false, false, false, false, true],
            rows,
            total: with_total.then(|| {
                vec![
                    w.col_total.into(),
                    String::new(),
                    String::new(),
                    String::new(),
                    grand.to_string(),
                ]
            }),
            compact: false,
        },
    }
}

/// One activity's row, and its number of participants.
fn activity_row(cx: &QuestionContext, a: &Activity) -> (Vec<String>, u64) {
    let date = match a.starts_at.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(s) => long_date_of(cx.lang, s),
        None => "–".to_string(),
    };
    let parts: Vec<String> = a
        .participants
        .iter()
        .filter(|p| p.count > 0)
        .map(|p| format!("{}: {}", cx.ix.segment_name(&p.segment_id), p.count))
        .collect();
    let total: u64 = a.participants.iter().map(|p| u64::from(p.count)).sum();
    let row = vec![
        a.title.clone(),
        date,
        method_name(cx.lang, a.method).to_string(),
        if parts.is_empty() {
            "–".into()
        } else {
            parts.join("\n")
        },
        total.to_string(),
    ];
    (row, total)
}

/// Whether every priority group took part; nothing when the project has none.
fn reach_line(cx: &QuestionContext, acts: &[&Activity]) -> Option<Content> {
    let w = cx.w;
    let reached: HashSet<&str> = acts
        .iter()
        .flat_map(|a| a.participants.iter())
        .filter(|p| p.count > 0)
        .map(|p| p.segment_id.as_str())
        .collect();
    let priority: Vec<&Segment> = cx.project.segments.iter().filter(|s| s.priority).collect();
    let missing: Vec<String> = priority
        .iter()
        .filter(|s| !reached.contains(s.id.as_str()))
        .map(|s| s.name.clone())
        .collect();
    if priority.is_empty() {
        return None;
    }
    Some(Content::Text {
        inlines: if missing.is_empty() {
            vec![Inline::plain(w.all_reached)]
        } else {
            vec![
                Inline::bold(w.not_reached),
                Inline::plain(format!("{}.", missing.join(", "))),
            ]
        },
    })
}

/// "Vad invånarna sa": how many needs from how many activities, a chart per theme, and
/// a minor section per theme with its quotes.
fn what_residents_said(cx: &QuestionContext, acts: &[&Activity], out: &mut Vec<Section>) {
    let needs = cx.ix.needs_of(acts);
    let groups = group_by_theme(cx.ix, cx.lang, &needs);
    if needs.is_empty() {
        out.push(sub(
            cx.w.said,
            vec![Content::Note {
                text: cx.w.no_needs.into(),
            }],
        ));
        return;
    }
    out.push(sub(cx.w.said, said_overview(cx, acts, &needs, &groups)));
    let mut shown: HashSet<&str> = HashSet::new();
    for (name, group) in &groups {
        out.push(theme_section(cx, name, group, &mut shown));
    }
}

fn said_overview(
    cx: &QuestionContext,
    acts: &[&Activity],
    needs: &[&Need],
    groups: &[Theme],
) -> Vec<Content> {
    let lang = cx.lang;
    let with_needs = acts
        .iter()
        .filter(|a| cx.ix.needs_by_activity.contains_key(a.id.as_str()))
        .count();
    let mut line = format!(
        "{} {} {}.",
        count_needs(lang, needs.len()),
        if lang == Lang::Sv { "från" } else { "from" },
        count_activities(lang, with_needs)
    );
    if groups.iter().map(|g| g.1.len()).sum::<usize>() > needs.len() {
        line.push_str(match lang {
            Lang::Sv => " Ett behov kan höra till flera teman.",
            Lang::En => " A need can belong to more than one theme.",
        });
    }
    vec![
        Content::Text {
            inlines: vec![Inline::plain(line)],
        },
        Content::Chart {
            chart: ChartData {
                caption: cx.w.chart_caption.into(),
                columns: chart_columns(lang).map(String::from),
                bars: groups
                    .iter()
                    .map(|(name, v)| ChartBar {
                        label: name.clone(),
                        value: v.len() as u64,
                        shown: number(lang, v.len() as u64),
                    })
                    .collect(),
            },
        },
    ]
}

/// One theme: up to three quotes, or example needs when nobody was quoted.
fn theme_section<'a>(
    cx: &QuestionContext,
    name: &str,
    group: &[&'a Need],
    shown: &mut HashSet<&'a str>,
) -> Section {
    let mut sorted = group.to_vec();
    quote_order(&mut sorted);
    let quotes = pick_quotes(&sorted, shown);
    let mut c = Vec::new();
    if quotes.is_empty() {
        c.push(Content::Text {
            inlines: vec![Inline::plain(cx.w.examples)],
        });
        c.push(Content::Bullets {
            items: sorted
                .iter()
                .take(3)
                .map(|n| vec![Inline::plain(n.statement.clone())])
                .collect(),
        });
    } else {
        for n in quotes {
            c.push(Content::Quote {
                text: quoted(cx.lang, &n.quote),
                source: quote_source(cx, n),
            });
        }
    }
    Section {
        level: 3,
        title: format!("{name} – {}", count_needs(cx.lang, group.len())),
        page_break_before: false,
        content: c,
    }
}

/// Up to three quotes not already shown under an earlier theme; when every quote was,
/// the first one again rather than none.
fn pick_quotes<'a>(sorted: &[&'a Need], shown: &mut HashSet<&'a str>) -> Vec<&'a Need> {
    let with_quote: Vec<&Need> = sorted
        .iter()
        .filter(|n| !n.quote.trim().is_empty())
        .copied()
        .collect();
    let mut quotes: Vec<&Need> = with_quote
        .iter()
        .filter(|n| !shown.contains(n.id.as_str()))
        .take(3)
        .copied()
        .collect();
    if quotes.is_empty() {
        quotes.extend(with_quote.first().copied());
    }
    shown.extend(quotes.iter().map(|n| n.id.as_str()));
    quotes
}

/// Who said it: the need's statement, then its segments and activity.
fn quote_source(cx: &QuestionContext, n: &Need) -> String {
    let mut source: Vec<String> = n
        .segment_ids
        .iter()
        .map(|s| cx.ix.segment_name(s))
        .collect();
    let act = cx.ix.activity_title(n.activity_id.as_deref());
    if !act.is_empty() {
        source.push(act);
    }
    let statement = n.statement.trim();
    if statement.is_empty() {
        source.join(" · ")
    } else if source.is_empty() {
        statement.to_string()
    } else {
        format!("{statement} ({})", source.join(" · "))
    }
}

/// "Insikter" with the evidence behind each, and "Vi gör" with the responses.
fn insights_and_responses(cx: &QuestionContext, q: &KeyQuestion, out: &mut Vec<Section>) {
    let w = cx.w;
    let insights: Vec<&Insight> = cx
        .project
        .insights
        .iter()
        .filter(|i| i.key_question_ids.iter().any(|k| k == &q.id))
        .collect();
    if insights.is_empty() {
        out.push(sub(
            w.insights,
            vec![Content::Note {
                text: w.no_insights.into(),
            }],
        ));
        return;
    }
    let mut c = Vec::new();
    for i in &insights {
        c.push(Content::Text {
            inlines: vec![Inline::bold(i.title.clone())],
        });
        if !i.statement.trim().is_empty() {
            c.push(Content::Text {
                inlines: vec![Inline::plain(i.statement.trim().to_string())],
            });
        }
        c.push(Content::Note {
            text: evidence_line(cx, i),
        });
    }
    out.push(sub(w.insights, c));
    out.push(sub(w.we_do, vec![responses_table(cx, &insights)]));
}

/// "Underlag: N behov från M aktiviteter".
fn evidence_line(cx: &QuestionContext, i: &Insight) -> String {
    let lang = cx.lang;
    let evidence: Vec<&Need> = i
        .need_ids
        .iter()
        .filter_map(|id| cx.ix.needs.get(id.as_str()).copied())
        .collect();
    let acts: BTreeSet<&str> = evidence
        .iter()
        .filter_map(|n| n.activity_id.as_deref())
        .collect();
    match lang {
        Lang::Sv => format!(
            "Underlag: {} från {}",
            count_needs(lang, evidence.len()),
            count_activities(lang, acts.len())
        ),
        Lang::En => format!(
            "Evidence: {} from {}",
            count_needs(lang, evidence.len()),
            count_activities(lang, acts.len())
        ),
    }
}

fn responses_table(cx: &QuestionContext, insights: &[&Insight]) -> Content {
    let w = cx.w;
    let rows = insights.iter().map(|i| response_row(cx, i)).collect();
    Content::Table {
        table: TableData {
            columns: vec![
                w.col_insight.into(),
                w.col_response.into(),
                w.status.into(),
                w.col_told.into(),
            ],
            weights: vec![2.4, 4.0, 1.5, 1.8],
            numeric: vec![false; 4],
            rows,
            total: None,
            compact: false,
        },
    }
}

fn response_row(cx: &QuestionContext, i: &Insight) -> Vec<String> {
    let lang = cx.lang;
    let told = match i
        .communicated_on
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        Some(d) => match lang {
            Lang::Sv => format!("Ja, {}", show_date(lang, Some(d))),
            Lang::En => format!("Yes, {}", show_date(lang, Some(d))),
        },
        None => cx.w.told_no.into(),
    };
    vec![
        i.title.clone(),
        dash(&i.response),
        response_status(lang, i.response_status).to_string(),
        told,
    ]
}
