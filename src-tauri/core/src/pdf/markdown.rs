//! Markdown (pulldown-cmark) to layout blocks.
//!
//! Headings, paragraphs, emphasis, strong, lists, links (text plus the address in
//! brackets), tables and block quotes are laid out; code is shown as plain text; raw HTML
//! is shown as literal text and never interpreted.
//!
//! The events come through [`crate::support::markdown::events`], so nesting and tables
//! are within its limits: the block tree built here, and the layout's recursion over it,
//! stay shallow whatever the source.

use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

use super::{palette, Align, Block, Column, ParaStyle, Span, Table};
use crate::support::lang::Lang;

enum Frame {
    Root(Vec<Block>),
    Quote(Vec<Block>),
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Item(Vec<Block>),
    Table {
        aligns: Vec<Alignment>,
        head: Vec<Vec<Span>>,
        rows: Vec<Vec<Vec<Span>>>,
        cur: Vec<Vec<Span>>,
    },
}

#[derive(Clone, Copy, PartialEq)]
enum InlineKind {
    Para,
    Heading(u8),
    Cell,
}

struct Builder {
    stack: Vec<Frame>,
    inline: Option<(InlineKind, Vec<Span>)>,
    bold: u32,
    italic: u32,
    links: Vec<(String, usize)>,
    heading_base: u8,
}

impl Builder {
    fn add_block(&mut self, b: Block) {
        match self.stack.last_mut() {
            Some(Frame::Root(v)) | Some(Frame::Quote(v)) | Some(Frame::Item(v)) => v.push(b),
            _ => {
                if let Some(Frame::Root(v)) = self.stack.first_mut() {
                    v.push(b);
                }
            }
        }
    }

    fn flush_inline(&mut self) {
        if let Some((kind, spans)) = self.inline.take() {
            match kind {
                InlineKind::Cell => {
                    if let Some(Frame::Table { cur, .. }) = self.stack.last_mut() {
                        cur.push(spans);
                    }
                }
                _ if spans.iter().all(|s| s.text.trim().is_empty()) => {}
                InlineKind::Para => self.add_block(Block::Paragraph {
                    spans,
                    style: ParaStyle::Body,
                }),
                InlineKind::Heading(level) => self.add_block(Block::Heading { level, spans }),
            }
        }
    }

    fn text(&mut self, t: &str) {
        if self.inline.is_none() {
            self.inline = Some((InlineKind::Para, Vec::new()));
        }
        let color = if self.links.is_empty() {
            None
        } else {
            Some(palette::LINK)
        };
        if let Some((_, spans)) = self.inline.as_mut() {
            spans.push(Span {
                text: t.to_string(),
                bold: self.bold > 0,
                italic: self.italic > 0,
                color,
            });
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => {
                self.flush_inline();
                self.inline = Some((InlineKind::Para, Vec::new()));
            }
            Tag::Heading { level, .. } => {
                self.flush_inline();
                let l = (level as u8)
                    .saturating_sub(1)
                    .saturating_add(self.heading_base)
                    .min(3);
                self.inline = Some((InlineKind::Heading(l), Vec::new()));
            }
            Tag::BlockQuote(_) => {
                self.flush_inline();
                self.stack.push(Frame::Quote(Vec::new()));
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock => {
                self.flush_inline();
                self.inline = Some((InlineKind::Para, Vec::new()));
            }
            Tag::List(start) => {
                self.flush_inline();
                self.stack.push(Frame::List {
                    ordered: start.is_some(),
                    start: start.unwrap_or(1),
                    items: Vec::new(),
                });
            }
            Tag::Item => {
                self.flush_inline();
                self.stack.push(Frame::Item(Vec::new()));
            }
            Tag::Table(aligns) => {
                self.flush_inline();
                self.stack.push(Frame::Table {
                    aligns,
                    head: Vec::new(),
                    rows: Vec::new(),
                    cur: Vec::new(),
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(Frame::Table { cur, .. }) = self.stack.last_mut() {
                    cur.clear();
                }
            }
            Tag::TableCell => {
                self.inline = Some((InlineKind::Cell, Vec::new()));
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Link { dest_url, .. } => {
                let at = self.inline.as_ref().map(|(_, s)| s.len()).unwrap_or(0);
                self.links.push((dest_url.to_string(), at));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::HtmlBlock => self.flush_inline(),
            TagEnd::CodeBlock => {
                if let Some((_, spans)) = self.inline.as_mut() {
                    if let Some(last) = spans.last_mut() {
                        let t = last.text.trim_end_matches('\n').to_string();
                        last.text = t;
                    }
                }
                self.flush_inline();
            }
            TagEnd::BlockQuote(_) => {
                self.flush_inline();
                if let Some(Frame::Quote(blocks)) = self.stack.pop() {
                    self.add_block(Block::Indented(blocks));
                }
            }
            TagEnd::List(_) => {
                self.flush_inline();
                if let Some(Frame::List {
                    ordered,
                    start,
                    items,
                }) = self.stack.pop()
                {
                    self.add_block(Block::List {
                        ordered,
                        start,
                        items,
                    });
                }
            }
            TagEnd::Item => {
                self.flush_inline();
                if let Some(Frame::Item(blocks)) = self.stack.pop() {
                    if let Some(Frame::List { items, .. }) = self.stack.last_mut() {
                        items.push(blocks);
                    }
                }
            }
            TagEnd::TableCell => self.flush_inline(),
            TagEnd::TableHead => {
                if let Some(Frame::Table { head, cur, .. }) = self.stack.last_mut() {
                    *head = std::mem::take(cur);
                }
            }
            TagEnd::TableRow => {
                if let Some(Frame::Table { rows, cur, .. }) = self.stack.last_mut() {
                    rows.push(std::mem::take(cur));
                }
            }
            TagEnd::Table => {
                if let Some(Frame::Table {
                    aligns, head, rows, ..
                }) = self.stack.pop()
                {
                    let columns = head
                        .iter()
                        .enumerate()
                        .map(|(i, spans)| Column {
                            title: spans.iter().map(|s| s.text.as_str()).collect(),
                            weight: 0.0,
                            align: match aligns.get(i) {
                                Some(Alignment::Right) => Align::Right,
                                _ => Align::Left,
                            },
                        })
                        .collect();
                    self.add_block(Block::Table(Table {
                        columns,
                        rows,
                        footer: None,
                        compact: false,
                    }));
                }
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Link => {
                if let Some((url, at)) = self.links.pop() {
                    let shown: String = self
                        .inline
                        .as_ref()
                        .map(|(_, s)| s.iter().skip(at).map(|s| s.text.as_str()).collect())
                        .unwrap_or_default();
                    let bare = url.strip_prefix("mailto:").unwrap_or(&url);
                    if !url.is_empty() && shown.trim() != url && shown.trim() != bare {
                        if let Some((_, spans)) = self.inline.as_mut() {
                            spans.push(Span::plain(format!(" ({url})")).colored(palette::MUTED));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Convert Markdown to blocks. A Markdown `#` heading becomes a heading of level
/// `heading_base`, `##` the next level and so on (at most level 3). `lang` words the
/// note under a table cut to the limits.
pub fn to_blocks(src: &str, heading_base: u8, lang: Lang) -> Vec<Block> {
    let mut b = Builder {
        stack: vec![Frame::Root(Vec::new())],
        inline: None,
        bold: 0,
        italic: 0,
        links: Vec::new(),
        heading_base: heading_base.clamp(1, 3),
    };
    for ev in crate::support::markdown::events(src, lang) {
        match ev {
            Event::Start(tag) => b.start(tag),
            Event::End(tag) => b.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                b.text(&t)
            }
            Event::Html(t) => {
                // A raw HTML block line: shown as it is written, line by line.
                b.text(t.trim_end_matches('\n'));
                b.text("\n");
            }
            Event::InlineHtml(t) => b.text(&t),
            Event::SoftBreak => b.text(" "),
            Event::HardBreak => b.text("\n"),
            Event::Rule => {
                b.flush_inline();
                b.add_block(Block::Rule);
            }
            Event::TaskListMarker(done) => b.text(if done { "[x] " } else { "[ ] " }),
            Event::FootnoteReference(r) => b.text(&format!("[{r}]")),
        }
    }
    b.flush_inline();
    // Close anything left open (cannot happen with a well-formed event stream).
    while b.stack.len() > 1 {
        match b.stack.pop() {
            Some(Frame::Quote(v)) | Some(Frame::Item(v)) => {
                for blk in v {
                    b.add_block(blk);
                }
            }
            _ => {}
        }
    }
    match b.stack.pop() {
        Some(Frame::Root(v)) => v,
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_text(blocks: &[Block]) -> String {
        format!("{blocks:?}")
    }

    #[test]
    fn headings_lists_and_emphasis() {
        let b = to_blocks(
            "# Rubrik\n\nEtt *stycke* med **fet** text.\n\n- ett\n- två\n\n1. a\n2. b\n",
            2,
            Lang::Sv,
        );
        assert!(matches!(b[0], Block::Heading { level: 2, .. }));
        assert!(matches!(b[1], Block::Paragraph { .. }));
        assert!(matches!(b[2], Block::List { ordered: false, .. }));
        assert!(matches!(b[3], Block::List { ordered: true, .. }));
        if let Block::Paragraph { spans, .. } = &b[1] {
            assert!(spans.iter().any(|s| s.italic && s.text == "stycke"));
            assert!(spans.iter().any(|s| s.bold && s.text == "fet"));
        }
    }

    #[test]
    fn html_is_literal_and_links_show_url() {
        let b = to_blocks(
            "<script>alert(1)</script>\n\nSe [sidan](https://example.org) och <b>x</b>.",
            1,
            Lang::Sv,
        );
        let t = all_text(&b);
        assert!(t.contains("<script>alert(1)</script>"), "{t}");
        assert!(t.contains("<b>"), "{t}");
        assert!(t.contains("(https://example.org)"), "{t}");
    }

    #[test]
    fn tables_become_tables() {
        let b = to_blocks("| a | b |\n|---|--:|\n| 1 | 2 |\n| 3 | 4 |\n", 1, Lang::Sv);
        match &b[0] {
            Block::Table(t) => {
                assert_eq!(t.columns.len(), 2);
                assert_eq!(t.columns[1].align, Align::Right);
                assert_eq!(t.rows.len(), 2);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn nested_list_in_tight_item() {
        let b = to_blocks("- a\n  - b\n- c\n", 1, Lang::Sv);
        match &b[0] {
            Block::List { items, .. } => {
                assert_eq!(items.len(), 2);
                assert!(matches!(items[0][1], Block::List { .. }));
            }
            other => panic!("{other:?}"),
        }
    }

    /// The deepest nesting of block quotes and lists, counted without recursion.
    fn depth(blocks: &[Block]) -> usize {
        let mut deepest = 0;
        let mut todo: Vec<(&Block, usize)> = blocks.iter().map(|b| (b, 0)).collect();
        while let Some((b, d)) = todo.pop() {
            match b {
                Block::Indented(inner) => todo.extend(inner.iter().map(|x| (x, d + 1))),
                Block::List { items, .. } => {
                    todo.extend(items.iter().flatten().map(|x| (x, d + 1)));
                }
                _ => deepest = deepest.max(d),
            }
        }
        deepest
    }

    #[test]
    fn deep_quotes_and_lists_are_flattened_at_the_limit_and_keep_their_text() {
        use crate::support::markdown::MAX_NESTING;
        let b = to_blocks(&format!("{} djupt citat", ">".repeat(5000)), 1, Lang::Sv);
        assert_eq!(depth(&b), MAX_NESTING);
        assert!(all_text(&b).contains("djupt citat"));

        let b = to_blocks(&format!("{}punkt", "- ".repeat(3000)), 1, Lang::Sv);
        assert_eq!(depth(&b), MAX_NESTING);
        assert!(all_text(&b).contains("\"– \""), "{}", all_text(&b));
        assert!(all_text(&b).contains("\"punkt\""));

        let mixed = "> - 1. ".repeat(1000) + "blandat";
        let b = to_blocks(&mixed, 1, Lang::Sv);
        assert_eq!(depth(&b), MAX_NESTING);
        assert!(all_text(&b).contains("blandat"));
    }

    #[test]
    fn a_huge_table_is_cut_with_a_note() {
        use crate::support::markdown::{MAX_TABLE_CELLS, MAX_TABLE_COLUMNS};
        let head = format!("{}|\n{}|\n", "| a ".repeat(200), "|---".repeat(200));
        let b = to_blocks(&format!("{head}{}", "| x\n".repeat(1000)), 1, Lang::En);
        match &b[0] {
            Block::Table(t) => {
                assert_eq!(t.columns.len(), MAX_TABLE_COLUMNS);
                assert!((t.rows.len() + 1) * t.columns.len() <= MAX_TABLE_CELLS);
                assert!(t.rows.iter().all(|r| r.len() <= MAX_TABLE_COLUMNS));
            }
            other => panic!("{other:?}"),
        }
        match &b[1] {
            Block::Paragraph { spans, .. } => {
                assert!(spans[0].italic);
                assert!(spans[0]
                    .text
                    .contains("of 1,000 rows and 20 of 200 columns"));
            }
            other => panic!("{other:?}"),
        }
    }
}
