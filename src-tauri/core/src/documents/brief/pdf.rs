//! The brief as a PDF: the model turned into typesetting blocks, with the running header
//! and footer the printed copy needs.

use super::model::*;
use crate::domain::checks::Severity;
use crate::pdf::{self, Block, Column, NoticeKind, ParaStyle, Span};
use crate::support::lang::{number, Lang};

/// The PDF document for a brief (before rendering).
pub fn brief_document(model: &BriefModel) -> pdf::Document {
    let mut blocks = title_blocks(model);
    if !model.warnings.is_empty() {
        blocks.push(warnings_notice(model));
    }
    for s in &model.sections {
        section_blocks(s, model.lang, &mut blocks);
    }
    pdf::Document {
        meta: pdf::Meta {
            title: format!("{}: {}", model.kind, model.title),
            author: model.project_name.clone(),
            subject: model.kind.clone(),
            lang: model.lang.tag().into(),
            date: model.generated_on,
        },
        setup: pdf::PageSetup {
            header_left: model.project_name.clone(),
            header_right: format!("{}: {}", model.kind, model.title),
            footer_left: format!("{} · {}", model.project_name, model.generated_line),
            page_label: model.page_label.clone(),
            base_size: 10.0,
        },
        blocks,
    }
}

/// Render the brief as PDF bytes. The same model gives the same bytes.
pub fn render_pdf(model: &BriefModel) -> Vec<u8> {
    pdf::render(&brief_document(model))
}

/// The title, the lead, the facts and the date the brief was prepared.
fn title_blocks(model: &BriefModel) -> Vec<Block> {
    let mut blocks = vec![Block::Title {
        kicker: model.kind.clone(),
        title: model.title.clone(),
        subtitle: Some(model.project_name.clone()),
    }];
    for p in paragraphs(&model.lead) {
        blocks.push(Block::Paragraph {
            spans: vec![Span::plain(p)],
            style: ParaStyle::Lead,
        });
    }
    if !model.facts.is_empty() {
        blocks.push(facts_block(&model.facts));
    }
    blocks.push(Block::note(model.generated_line.clone()));
    blocks
}

/// The warnings box, shaded as a warning when any of them is more than a note.
fn warnings_notice(model: &BriefModel) -> Block {
    let serious = model.warnings.iter().any(|w| w.severity != Severity::Info);
    let items = model
        .warnings
        .iter()
        .map(|wn| {
            vec![
                Span::bold(format!("{}: ", wn.label)),
                Span::plain(wn.message.clone()),
            ]
        })
        .collect();
    Block::Notice {
        kind: if serious {
            NoticeKind::Warning
        } else {
            NoticeKind::Info
        },
        title: model.warnings_title.clone(),
        body: vec![
            Block::para(model.warnings_intro.clone()),
            Block::bullets(items),
        ],
    }
}

fn section_blocks(s: &Section, lang: Lang, out: &mut Vec<Block>) {
    if s.page_break_before {
        out.push(Block::PageBreak);
    }
    out.push(Block::heading(s.level, s.title.clone()));
    for c in &s.content {
        content_blocks(c, s.level, lang, out);
    }
}

fn spans(inlines: &[Inline]) -> Vec<Span> {
    inlines
        .iter()
        .map(|i| Span {
            text: i.text.clone(),
            bold: i.bold,
            italic: i.italic,
            color: None,
        })
        .collect()
}

/// One content element; Markdown headings start one level below the section's, and
/// `lang` words the note under a Markdown table cut to the limits.
fn content_blocks(c: &Content, level: u8, lang: Lang, out: &mut Vec<Block>) {
    match c {
        Content::Text { inlines } => out.push(Block::spans(spans(inlines))),
        Content::Note { text } => out.push(Block::note(text.clone())),
        Content::Markdown { source } => {
            out.extend(pdf::markdown::to_blocks(source, (level + 1).min(3), lang))
        }
        Content::Facts { facts } => out.push(facts_block(facts)),
        Content::Bullets { items } => {
            out.push(Block::bullets(items.iter().map(|i| spans(i)).collect()))
        }
        Content::Table { table } => out.push(table_block(table)),
        Content::Chart { chart } => out.push(Block::BarChart(pdf::BarChart {
            caption: Some(chart.caption.clone()),
            alt: chart_alt(chart, lang),
            bars: chart
                .bars
                .iter()
                .map(|b| (b.label.clone(), b.value))
                .collect(),
            shown: chart.bars.iter().map(|b| b.shown.clone()).collect(),
        })),
        Content::Quote { text, source } => out.push(Block::Quote {
            spans: vec![Span::plain(text.clone())],
            attribution: if source.is_empty() {
                None
            } else {
                Some(source.clone())
            },
            // A quote clearly in the other language is tagged with it, so a screen
            // reader pronounces it right.
            lang: super::html::quote_lang(text)
                .filter(|l| *l != lang)
                .map(|l| l.tag().to_string()),
        }),
    }
}

/// The chart in words, for readers who cannot see it: what kind of chart, what it
/// counts, and every bar's label and count.
fn chart_alt(chart: &ChartData, lang: Lang) -> String {
    let bars = chart
        .bars
        .iter()
        .map(|b| format!("{}: {}", b.label, b.shown))
        .collect::<Vec<_>>()
        .join("; ");
    let kind = lang.pick("Stapeldiagram", "Bar chart");
    let bars_word = lang.pick("staplar", "bars");
    format!(
        "{kind}: {}. {} {bars_word}: {bars}.",
        chart.caption,
        number(lang, chart.bars.len() as u64)
    )
}

fn facts_block(facts: &[Fact]) -> Block {
    Block::Facts(
        facts
            .iter()
            .map(|f| (f.label.clone(), vec![Span::plain(f.value.clone())]))
            .collect(),
    )
}

fn table_block(table: &TableData) -> Block {
    let columns = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, title)| {
            let col = Column::new(title.clone(), table.weights.get(i).copied().unwrap_or(1.0));
            if table.numeric.get(i).copied().unwrap_or(false) {
                col.right()
            } else {
                col
            }
        })
        .collect();
    let row = |r: &Vec<String>| r.iter().map(|c| vec![Span::plain(c.clone())]).collect();
    Block::Table(pdf::Table {
        columns,
        rows: table.rows.iter().map(row).collect(),
        footer: table
            .total
            .as_ref()
            .map(|r| r.iter().map(|c| vec![Span::bold(c.clone())]).collect()),
        compact: table.compact,
    })
}
