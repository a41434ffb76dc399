//! Markdown from a form, however deep or wide, renders in the brief (PDF and HTML) and in
//! the preview: no panic, nesting and tables within the limits, and the text kept. The
//! renderers run on a small stack, so a recursion over the nesting fails here instead of
//! passing on a large main stack.

use chrono::NaiveDate;
use medskapa_core::documents::brief::{build_brief, render_html, render_pdf, BriefTarget, Lang};
use medskapa_core::domain::model::{Decision, Project};
use medskapa_core::pdf::markdown::to_blocks;
use medskapa_core::support::markdown::{
    events, to_html, MAX_NESTING, MAX_TABLE_CELLS, MAX_TABLE_COLUMNS,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use pulldown_cmark::{Event, Tag, TagEnd};

/// Far less than a thread's default, and enough for the renderers when they do not
/// recurse over the nesting.
const SMALL_STACK: usize = 256 * 1024;

fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    let worker = std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(f)
        .expect("a thread");
    if let Err(panic) = worker.join() {
        std::panic::resume_unwind(panic);
    }
}

fn run(cases: u32, strategy: impl Strategy<Value = String>, test: fn(&str) -> TestResult) {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    if let Err(e) = runner.run(&strategy, |src| test(&src)) {
        panic!("{e}");
    }
}

type TestResult = Result<(), TestCaseError>;

/// The brief of a decision whose summary is `summary`, as PDF and as HTML.
fn brief(summary: &str, lang: Lang) -> (Vec<u8>, String) {
    let p = Project {
        decisions: vec![Decision {
            id: "d1".into(),
            title: "Beslut".into(),
            brief_summary: summary.into(),
            ..Decision::default()
        }],
        ..Project::default()
    };
    let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
    let model = build_brief(&p, &BriefTarget::Decision("d1".into()), lang, day, &[])
        .expect("the brief builds");
    (render_pdf(&model), render_html(&model))
}

/// The same marker many times over, then a word: `> > > ord`, `- 1. - 1. ord` …
fn deep() -> impl Strategy<Value = String> {
    let markers = vec![
        ">", "> ", "- ", "* ", "+ ", "1. ", "3) ", "> - ", "- > ", "1. > ", "> 1. ",
    ];
    (
        prop::sample::select(markers),
        0..3000usize,
        "[a-zåäö]{1,10}",
    )
        .prop_map(|(m, n, word)| format!("{}{word}", m.repeat(n)))
}

/// Openers of inline styles many times over, a word, and maybe the closers.
fn inline() -> impl Strategy<Value = String> {
    let openers = vec![
        "*", "**", "_", "__", "~~", "[", "![", "`", "<", "[a](", "**[x", "*_",
    ];
    (prop::sample::select(openers), 0..5000usize, any::<bool>()).prop_map(|(m, n, close)| {
        let mut s = m.repeat(n);
        s.push_str("mitt");
        if close {
            let closer: String = m.chars().rev().collect();
            s.push_str(&closer.replace('[', "]").replace('(', ")").repeat(n));
        }
        s
    })
}

/// A table of up to 260 columns, its rows full or left for the parser to fill.
fn table() -> impl Strategy<Value = String> {
    (1..260usize, 0..1200usize, any::<bool>()).prop_map(|(cols, rows, full)| {
        let mut s = format!("{}|\n{}|\n", "| h ".repeat(cols), "|--:".repeat(cols));
        let row = if full {
            format!("{}|\n", "| c ".repeat(cols))
        } else {
            "| c\n".to_string()
        };
        s.push_str(&row.repeat(if full { rows / 4 } else { rows }));
        s
    })
}

/// Markdown punctuation in any order.
fn soup() -> impl Strategy<Value = String> {
    let tokens = vec![
        ">",
        "- ",
        "1. ",
        "*",
        "**",
        "_",
        "[",
        "]",
        "(",
        ")",
        "|",
        "|---|",
        "---",
        "\n",
        "\n\n",
        "  ",
        "    ",
        "x",
        "ord ",
        "# ",
        "`",
        "```",
        "<b>",
        "&amp;",
        "\\",
        "~~",
        "![",
        "](https://a)",
    ];
    prop::collection::vec(prop::sample::select(tokens), 0..300).prop_map(|t| t.concat())
}

fn mixed() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![deep(), inline(), table(), soup()], 1..4)
        .prop_map(|parts| parts.join("\n\n"))
}

/// The limited events are balanced, nest no deeper than the limit and cut tables.
fn within_limits(src: &str) -> TestResult {
    let mut open: Vec<TagEnd> = Vec::new();
    let (mut blocks, mut inlines, mut cells) = (0usize, 0usize, 0usize);
    for ev in events(src, Lang::Sv) {
        match ev {
            Event::Start(tag) => {
                match &tag {
                    Tag::BlockQuote(_) | Tag::List(_) => blocks += 1,
                    Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } => {
                        inlines += 1
                    }
                    Tag::Image { .. } => inlines += 1,
                    Tag::Table(aligns) => {
                        prop_assert!(aligns.len() <= MAX_TABLE_COLUMNS);
                        cells = 0;
                    }
                    Tag::TableCell => cells += 1,
                    _ => {}
                }
                prop_assert!(blocks <= MAX_NESTING && inlines <= MAX_NESTING);
                prop_assert!(cells <= MAX_TABLE_CELLS);
                open.push(tag.to_end());
            }
            Event::End(end) => {
                prop_assert_eq!(open.pop(), Some(end));
                match end {
                    TagEnd::BlockQuote(_) | TagEnd::List(_) => blocks -= 1,
                    TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Link
                    | TagEnd::Image => inlines -= 1,
                    _ => {}
                }
            }
            _ => {}
        }
    }
    prop_assert!(open.is_empty());
    Ok(())
}

#[test]
fn any_markdown_renders_in_the_brief_and_the_preview_within_the_limits() {
    on_small_stack(|| {
        run(24, mixed(), |src| {
            within_limits(src)?;
            let (pdf, html) = brief(src, Lang::Sv);
            prop_assert!(pdf.starts_with(b"%PDF"));
            prop_assert!(html.contains("</article>"));
            prop_assert!(!to_html(src, Lang::En).is_empty() || src.trim().is_empty());
            Ok(())
        })
    });
}

#[test]
fn deep_nesting_keeps_its_text_in_the_pdf_and_the_preview() {
    on_small_stack(|| {
        run(48, deep(), |src| {
            within_limits(src)?;
            let word = src.trim_start_matches(|c: char| !c.is_alphabetic());
            let blocks = format!("{:?}", to_blocks(src, 1, Lang::Sv));
            prop_assert!(
                blocks.contains(word),
                "{word} missing from the PDF's blocks"
            );
            prop_assert!(to_html(src, Lang::Sv).contains(word));
            Ok(())
        })
    });
}

#[test]
fn the_worst_summaries_render_a_brief_on_a_small_stack() {
    on_small_stack(|| {
        for summary in [
            ">".repeat(5000),
            "- ".repeat(3000) + "x",
            "1. ".repeat(3000) + "x",
            "> - ".repeat(2500) + "x",
            "*".repeat(5000) + "x" + &"*".repeat(5000),
            "[".repeat(5000),
        ] {
            let (pdf, html) = brief(&summary, Lang::Sv);
            assert!(pdf.starts_with(b"%PDF"));
            assert!(html.contains("</article>"));
        }
    });
}
