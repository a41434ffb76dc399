//! The "Ni sa – vi gör" sheet: one A4 page for the residents who took part in one
//! activity — what we asked, what they said, what we do, and what happens next.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::NaiveDate;

use crate::documents::brief::{
    and_more, commitment_status, long_date, quote_order, quoted, words, BriefError, Index, Lang,
};
use crate::domain::checks::parse_date;
use crate::domain::model::*;
use crate::pdf::{self, Block, ParaStyle, Span};
use crate::support::lang::counted;

/// How much of each list fits on the page.
#[derive(Clone, Copy)]
struct Caps {
    questions: usize,
    tags: usize,
    quotes: usize,
    responses: usize,
    next: usize,
    chars: usize,
}

/// Candidate limits, most generous first; each step gives up a little more, so the
/// sheet keeps as much as one page can hold.
fn levels() -> Vec<Caps> {
    let mut c = Caps {
        questions: 4,
        tags: 5,
        quotes: 3,
        responses: 4,
        next: 3,
        chars: 260,
    };
    let steps: [fn(&mut Caps); 16] = [
        |c| c.quotes = 2,
        |c| c.chars = 200,
        |c| c.tags = 4,
        |c| c.responses = 3,
        |c| c.questions = 3,
        |c| c.chars = 160,
        |c| c.quotes = 1,
        |c| c.tags = 3,
        |c| c.responses = 2,
        |c| c.chars = 120,
        |c| c.next = 2,
        |c| c.questions = 2,
        |c| c.tags = 2,
        |c| c.chars = 90,
        |c| {
            c.responses = 1;
            c.questions = 1;
            c.next = 1;
        },
        |c| {
            c.quotes = 0;
            c.tags = 1;
            c.chars = 60;
        },
    ];
    let mut out = vec![c];
    for step in steps {
        step(&mut c);
        out.push(c);
    }
    out
}

/// Cut text to at most `max` characters, at a word boundary when possible.
fn cut(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let head: String = s.chars().take(max.saturating_sub(1)).collect();
    let head = match head.rfind(' ') {
        Some(i) if i > max / 2 => head[..i].to_string(),
        _ => head,
    };
    format!("{}…", head.trim_end_matches([',', '.', ';', ':', ' ']))
}

struct Facts<'a> {
    questions: Vec<&'a KeyQuestion>,
    tag_counts: Vec<(String, usize)>,
    needs: Vec<&'a Need>,
    responses: Vec<(ResponseStatus, String)>,
    /// The commitments that answer the activity's needs.
    promised: Vec<&'a Commitment>,
    next: Vec<(NaiveDate, String)>,
}

fn gather<'a>(ix: &Index<'a>, p: &'a Project, a: &'a Activity) -> Facts<'a> {
    let mut questions: Vec<&KeyQuestion> = p
        .key_questions
        .iter()
        .filter(|q| a.key_question_ids.contains(&q.id))
        .collect();
    questions.sort_by(|x, y| x.title.cmp(&y.title).then_with(|| x.id.cmp(&y.id)));

    let mut needs: Vec<&Need> = ix
        .needs_by_activity
        .get(a.id.as_str())
        .cloned()
        .unwrap_or_default();
    needs.sort_by(|x, y| x.id.cmp(&y.id));

    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for n in &needs {
        let names: BTreeSet<String> = n.tag_ids.iter().map(|t| ix.tag_name(t)).collect();
        for name in names {
            *counts.entry(name).or_default() += 1;
        }
    }
    let mut tag_counts: Vec<(String, usize)> = counts.into_iter().collect();
    tag_counts.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));

    let need_ids: HashSet<&str> = needs.iter().map(|n| n.id.as_str()).collect();
    let promised = promised_for(p, &need_ids);
    // An insight a commitment answers is told as that commitment.
    let answered: HashSet<&str> = promised
        .iter()
        .flat_map(|c| c.insight_ids.iter().map(String::as_str))
        .collect();
    let mut responses: Vec<(ResponseStatus, String)> = p
        .insights
        .iter()
        .filter(|i| i.need_ids.iter().any(|n| need_ids.contains(n.as_str())))
        .filter(|i| !answered.contains(i.id.as_str()))
        .filter(|i| i.response_status != ResponseStatus::None && !i.response.trim().is_empty())
        .map(|i| (i.response_status, i.response.trim().to_string()))
        .collect();
    let rank = |s: ResponseStatus| match s {
        ResponseStatus::Adopted => 0,
        ResponseStatus::Proposed => 1,
        ResponseStatus::Rejected => 2,
        ResponseStatus::None => 3,
    };
    responses.sort_by(|x, y| rank(x.0).cmp(&rank(y.0)).then_with(|| x.1.cmp(&y.1)));
    responses.dedup();

    let mut seen = HashSet::new();
    let mut next: Vec<(NaiveDate, String)> = questions
        .iter()
        .filter_map(|q| q.decision_id.as_deref())
        .filter_map(|d| ix.decisions.get(d).copied())
        .filter(|d| d.status == DecisionStatus::Planned && seen.insert(d.id.as_str()))
        .filter_map(|d| {
            let date = d.decision_date.as_deref().and_then(parse_date)?;
            let text = if d.forum.trim().is_empty() {
                d.title.clone()
            } else {
                format!("{} ({})", d.title, d.forum.trim())
            };
            Some((date, text))
        })
        .collect();
    next.sort();

    Facts {
        questions,
        tag_counts,
        needs,
        responses,
        promised,
        next,
    }
}

/// The commitments linked to any of `need_ids`, or to an insight built on any of them; by
/// due date (undated last), then title.
fn promised_for<'a>(p: &'a Project, need_ids: &HashSet<&str>) -> Vec<&'a Commitment> {
    let insights: HashSet<&str> = p
        .insights
        .iter()
        .filter(|i| i.need_ids.iter().any(|n| need_ids.contains(n.as_str())))
        .map(|i| i.id.as_str())
        .collect();
    let mut v: Vec<&Commitment> = p
        .commitments
        .iter()
        .filter(|c| {
            c.need_ids.iter().any(|n| need_ids.contains(n.as_str()))
                || c.insight_ids.iter().any(|i| insights.contains(i.as_str()))
        })
        .collect();
    v.sort_by(|x, y| {
        let key = |c: &Commitment| (c.due_date.is_none(), c.due_date.clone(), c.title.clone());
        key(x).cmp(&key(y)).then_with(|| x.id.cmp(&y.id))
    });
    v
}

fn more(blocks: &mut Vec<Block>, lang: Lang, hidden: usize) {
    if hidden > 0 {
        blocks.push(Block::Paragraph {
            spans: vec![Span::italic(and_more(lang, hidden))],
            style: ParaStyle::Note,
        });
    }
}

/// The sheet with the lists cut to `caps`.
fn sheet(p: &Project, a: &Activity, f: &Facts, lang: Lang, caps: Caps) -> pdf::Document {
    let mut blocks = opening(p, a, lang, caps);
    what_we_asked(&mut blocks, f, lang, caps);
    what_you_said(&mut blocks, f, lang, caps);
    what_we_do(&mut blocks, a, f, lang, caps);
    what_happens_next(&mut blocks, f, lang, caps);
    if !a.organisers.trim().is_empty() {
        blocks.push(Block::Spacer(6.0));
        blocks.push(Block::note(format!(
            "{}{}",
            words(lang).fb_contact,
            cut(&a.organisers, 120)
        )));
    }
    sheet_document(p, a, lang, blocks)
}

/// The title, when and where the activity was, and the thanks.
fn opening(p: &Project, a: &Activity, lang: Lang, caps: Caps) -> Vec<Block> {
    let w = words(lang);
    let mut blocks = vec![Block::Title {
        kicker: cut(&p.project.name, 90),
        title: w.fb_title.into(),
        subtitle: Some(cut(&a.title, caps.chars.min(140))),
    }];
    let mut when = Vec::new();
    if let Some(d) = a.starts_at.as_deref().and_then(parse_date) {
        when.push(long_date(lang, d));
    }
    if !a.place.trim().is_empty() {
        when.push(cut(&a.place, 80));
    }
    if !when.is_empty() {
        blocks.push(Block::Paragraph {
            spans: vec![Span::bold(when.join(" · "))],
            style: ParaStyle::Lead,
        });
    }
    blocks.push(Block::Paragraph {
        spans: vec![Span::plain(w.fb_thanks)],
        style: ParaStyle::Lead,
    });
    blocks
}

/// "Det här frågade vi": the key questions the activity informed.
fn what_we_asked(blocks: &mut Vec<Block>, f: &Facts, lang: Lang, caps: Caps) {
    let w = words(lang);
    blocks.push(Block::heading(2, w.fb_asked));
    if f.questions.is_empty() {
        blocks.push(Block::para(w.fb_no_questions));
        return;
    }
    blocks.push(Block::bullets(
        f.questions
            .iter()
            .take(caps.questions)
            .map(|q| vec![Span::plain(cut(&q.title, caps.chars))])
            .collect(),
    ));
    more(
        blocks,
        lang,
        f.questions.len().saturating_sub(caps.questions),
    );
}

/// "Det här sa ni": how much was heard, the most common tags (or needs, when nothing is
/// tagged), and a few quotes.
fn what_you_said(blocks: &mut Vec<Block>, f: &Facts, lang: Lang, caps: Caps) {
    let w = words(lang);
    blocks.push(Block::heading(2, w.fb_said));
    if f.needs.is_empty() {
        blocks.push(Block::para(w.fb_no_needs));
        return;
    }
    let n = counted(
        lang,
        f.needs.len() as u64,
        ["synpunkt", "synpunkter"],
        ["point", "points"],
    );
    let intro = match lang {
        Lang::Sv => format!("Vi fick in {n}. Det här kom upp oftast:"),
        Lang::En => format!("We heard {n}. These came up most often:"),
    };
    blocks.push(Block::para(intro));
    let mut sorted = f.needs.clone();
    quote_order(&mut sorted);
    if f.tag_counts.is_empty() {
        blocks.push(Block::bullets(
            sorted
                .iter()
                .take(caps.tags)
                .map(|n| vec![Span::plain(cut(&n.statement, caps.chars))])
                .collect(),
        ));
        more(blocks, lang, sorted.len().saturating_sub(caps.tags));
    } else {
        blocks.push(Block::bullets(
            f.tag_counts
                .iter()
                .take(caps.tags)
                .map(|(name, n)| {
                    vec![
                        Span::bold(cut(name, 80)),
                        Span::plain(format!(
                            " – {}",
                            counted(
                                lang,
                                *n as u64,
                                ["synpunkt", "synpunkter"],
                                ["mention", "mentions"]
                            )
                        )),
                    ]
                })
                .collect(),
        ));
        more(blocks, lang, f.tag_counts.len().saturating_sub(caps.tags));
    }
    for n in sorted
        .iter()
        .filter(|n| !n.quote.trim().is_empty())
        .take(caps.quotes)
    {
        blocks.push(Block::Quote {
            spans: vec![Span::plain(quoted(lang, &cut(&n.quote, caps.chars)))],
            // A quote clearly in the other language is tagged with it, as in the brief.
            lang: super::brief::quote_lang(&n.quote)
                .filter(|l| *l != lang)
                .map(|l| l.tag().to_string()),
            attribution: None,
        });
    }
}

/// "Det här gör vi": the activity's own feedback, the commitments that answer its needs
/// (with their status) and the responses to the other insights its needs support; a
/// promise to come back when there is none of these.
fn what_we_do(blocks: &mut Vec<Block>, a: &Activity, f: &Facts, lang: Lang, caps: Caps) {
    let w = words(lang);
    blocks.push(Block::heading(2, w.fb_do));
    let mut said_something = false;
    if !a.feedback.trim().is_empty() {
        blocks.push(Block::para(cut(&a.feedback, caps.chars * 3)));
        said_something = true;
    }
    // What we have promised, each with its status in words, then the responses to the
    // insights no commitment answers.
    let promised = f.promised.iter().map(|c| {
        vec![
            Span::bold(format!("{}: ", commitment_status(lang, c.status))),
            Span::plain(cut(&c.title, caps.chars)),
        ]
    });
    let responses = f.responses.iter().map(|(status, text)| {
        let prefix = match status {
            ResponseStatus::Adopted => w.fb_decided,
            ResponseStatus::Rejected => w.fb_rejected,
            _ => w.fb_proposed,
        };
        vec![Span::bold(prefix), Span::plain(cut(text, caps.chars))]
    });
    let total = f.promised.len() + f.responses.len();
    if total > 0 {
        blocks.push(Block::bullets(
            promised.chain(responses).take(caps.responses).collect(),
        ));
        more(blocks, lang, total.saturating_sub(caps.responses));
        said_something = true;
    }
    if !said_something {
        blocks.push(Block::para(w.fb_nothing_yet));
    }
}

/// "Så här går det vidare": the planned decisions the activity's questions lead to.
fn what_happens_next(blocks: &mut Vec<Block>, f: &Facts, lang: Lang, caps: Caps) {
    let w = words(lang);
    blocks.push(Block::heading(2, w.fb_next));
    if f.next.is_empty() {
        blocks.push(Block::para(w.fb_no_next));
        return;
    }
    let intro = match lang {
        Lang::Sv => "Det här ska beslutas härnäst:",
        Lang::En => "These decisions come next:",
    };
    blocks.push(Block::para(intro));
    blocks.push(Block::bullets(
        f.next
            .iter()
            .take(caps.next)
            .map(|(d, text)| {
                vec![
                    Span::bold(format!("{}: ", long_date(lang, *d))),
                    Span::plain(cut(text, caps.chars)),
                ]
            })
            .collect(),
    ));
    more(blocks, lang, f.next.len().saturating_sub(caps.next));
}

/// The page is dated by the feedback (or else the activity) so the same project always
/// gives the same file; one page needs no running header or page numbers.
fn sheet_document(p: &Project, a: &Activity, lang: Lang, blocks: Vec<Block>) -> pdf::Document {
    let w = words(lang);
    let date = a
        .feedback_given_on
        .as_deref()
        .and_then(parse_date)
        .or_else(|| a.starts_at.as_deref().and_then(parse_date))
        .unwrap_or_default();
    pdf::Document {
        meta: pdf::Meta {
            title: format!("{}: {}", w.fb_title, a.title),
            author: p.project.name.clone(),
            subject: w.fb_title.into(),
            lang: lang.tag().into(),
            date,
        },
        setup: pdf::PageSetup {
            header_left: String::new(),
            header_right: String::new(),
            footer_left: p.project.name.clone(),
            page_label: String::new(),
            base_size: 12.5,
        },
        blocks,
    }
}

/// A one-page "Ni sa – vi gör" sheet for the residents of one activity.
pub fn render_feedback(
    project: &Project,
    activity_id: &str,
    lang: Lang,
) -> Result<Vec<u8>, BriefError> {
    let a = project
        .activities
        .iter()
        .find(|a| a.id == activity_id)
        .ok_or_else(|| BriefError::UnknownActivity(activity_id.to_string()))?;
    let ix = Index::new(project);
    let facts = gather(&ix, project, a);
    let levels = levels();
    let mut doc = sheet(project, a, &facts, lang, levels[0]);
    for caps in &levels[1..] {
        if pdf::page_count(&doc) <= 1 {
            break;
        }
        doc = sheet(project, a, &facts, lang, *caps);
    }
    Ok(pdf::render(&doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_keeps_short_text_and_marks_long() {
        assert_eq!(cut("kort text", 20), "kort text");
        let c = cut("en mycket lång mening som inte får plats på raden", 20);
        assert!(c.ends_with('…'));
        assert!(c.chars().count() <= 20);
    }

    #[test]
    fn unknown_activity_is_an_error() {
        let p = Project::default();
        assert_eq!(
            render_feedback(&p, "nope", Lang::Sv)
                .err()
                .map(|e| e.to_string()),
            Some("unknown activity \"nope\"".to_string())
        );
    }
}
