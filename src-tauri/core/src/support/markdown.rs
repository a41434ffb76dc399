//! Markdown: one parser (pulldown-cmark) for the whole app, the limits every renderer
//! works within, and the HTML preview.
//!
//! Raw HTML in the source is shown as text, never passed through.
//!
//! The limits keep any text a form accepts renderable in bounded time, memory and stack:
//! block quotes and lists nested deeper than [`MAX_NESTING`] are flattened (their text
//! kept, one paragraph per item, each led by its bullet or number), inline styles nested
//! deeper than [`MAX_NESTING`] lose the deeper styles, and a table wider than
//! [`MAX_TABLE_COLUMNS`] or bigger than [`MAX_TABLE_CELLS`] is cut, with a note saying
//! how much of it is shown. The PDF and the HTML read the same limited events.

use std::collections::VecDeque;

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

use super::lang::{number, Lang};

/// Block quotes and lists, counted together, nested deeper than this are flattened; also
/// the deepest nesting of emphasis, strong, links and the like. No real document needs
/// more, and the renderers' recursion stays shallow.
pub const MAX_NESTING: usize = 12;
/// Columns of a table beyond this are left out (a wider table is unreadable on a page).
pub const MAX_TABLE_COLUMNS: usize = 20;
/// Cells of a table (header included) beyond this are left out, whole rows at a time.
pub const MAX_TABLE_CELLS: usize = 2_000;

pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// The events of `src` within the limits; `lang` words the note under a cut table.
pub fn events(src: &str, lang: Lang) -> impl Iterator<Item = Event<'_>> {
    Limited {
        inner: Parser::new_ext(src, options()),
        lang,
        queue: VecDeque::new(),
        depth: 0,
        flat: Vec::new(),
        marker: None,
        in_leaf: false,
        para_open: false,
        inline_depth: 0,
        inline_flat: 0,
        table: None,
    }
}

/// Render Markdown to safe HTML: raw HTML becomes escaped text, and links keep only
/// http(s) and mailto targets.
pub fn to_html(src: &str, lang: Lang) -> String {
    let events = events(src, lang).map(|ev| match ev {
        Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let safe = dest_url.starts_with("http://")
                || dest_url.starts_with("https://")
                || dest_url.starts_with("mailto:");
            Event::Start(Tag::Link {
                link_type,
                dest_url: if safe { dest_url } else { "".into() },
                title,
                id,
            })
        }
        Event::Start(Tag::Image { dest_url, .. }) => Event::Text(dest_url),
        Event::End(TagEnd::Image) => Event::Text("".into()),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// The note under a table that was cut to the limits.
pub fn table_note(lang: Lang, rows: (usize, usize), columns: (usize, usize)) -> String {
    let n = |v: usize| number(lang, v as u64);
    match lang {
        Lang::Sv => format!(
            "(tabellen är för stor för att visas i sin helhet: här visas {} av {} rader och {} av {} kolumner)",
            n(rows.0),
            n(rows.1),
            n(columns.0),
            n(columns.1)
        ),
        Lang::En => format!(
            "(the table is too large to show in full: {} of {} rows and {} of {} columns are shown)",
            n(rows.0),
            n(rows.1),
            n(columns.0),
            n(columns.1)
        ),
    }
}

/// A block quote or list that is flattened: its start and end are left out.
enum Flat {
    Quote,
    /// The number of the next item of an ordered list.
    List(Option<u64>),
}

/// The cut of the table being read.
struct TableCut {
    columns: usize,
    keep_columns: usize,
    /// Rows kept, the header included.
    keep_rows: usize,
    /// Rows seen so far, the header included.
    rows: usize,
    /// The next cell's column.
    column: usize,
    /// Leaving out everything up to the end of this row (`true`) or cell (`false`).
    skip: Option<bool>,
}

impl TableCut {
    fn new(columns: usize) -> TableCut {
        let keep_columns = columns.clamp(1, MAX_TABLE_COLUMNS);
        TableCut {
            columns,
            keep_columns,
            keep_rows: MAX_TABLE_CELLS / keep_columns,
            rows: 0,
            column: 0,
            skip: None,
        }
    }

    /// Whether `ev` falls in a part being left out.
    fn skips(&mut self, ev: &Event) -> bool {
        match (self.skip, ev) {
            (None, _) => false,
            (Some(true), Event::End(TagEnd::TableRow | TagEnd::TableHead))
            | (Some(false), Event::End(TagEnd::TableCell)) => {
                self.skip = None;
                true
            }
            _ => true,
        }
    }

    fn note(&self, lang: Lang) -> Option<String> {
        let body = self.rows.saturating_sub(1);
        let kept = self.rows.min(self.keep_rows).saturating_sub(1);
        (kept < body || self.keep_columns < self.columns)
            .then(|| table_note(lang, (kept, body), (self.keep_columns, self.columns)))
    }
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Blocks that hold text directly.
fn is_leaf(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock
    )
}

fn is_leaf_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::HtmlBlock
    )
}

/// The parser's events with the limits applied. Every decision needs only counters and
/// a stack on the heap, so no input can exhaust the call stack here.
struct Limited<'a, I> {
    inner: I,
    lang: Lang,
    /// Events ready to hand out.
    queue: VecDeque<Event<'a>>,
    /// Block quotes and lists open and kept.
    depth: usize,
    /// Block quotes and lists open and flattened, innermost last.
    flat: Vec<Flat>,
    /// The bullet or number of a flattened item, written before its first text.
    marker: Option<String>,
    /// Inside a paragraph, heading or code block.
    in_leaf: bool,
    /// A paragraph opened here around the bare text of a flattened tight item.
    para_open: bool,
    /// Inline styles open and kept.
    inline_depth: usize,
    /// Inline styles open and left out.
    inline_flat: usize,
    table: Option<TableCut>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Limited<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(ev) = self.queue.pop_front() {
                return Some(ev);
            }
            let ev = self.inner.next()?;
            self.handle(ev);
        }
    }
}

impl<'a, I> Limited<'a, I> {
    fn emit(&mut self, ev: Event<'a>) {
        self.queue.push_back(ev);
    }

    fn close_para(&mut self) {
        if self.para_open {
            self.para_open = false;
            self.emit(Event::End(TagEnd::Paragraph));
        }
    }

    /// The pending marker as a paragraph of its own (an item with no text of its own).
    fn flush_marker(&mut self) {
        if let Some(m) = self.marker.take() {
            self.emit(Event::Start(Tag::Paragraph));
            self.emit(Event::Text(m.into()));
            self.emit(Event::End(TagEnd::Paragraph));
        }
    }

    /// Before inline content: bare text directly in a flattened item gets a paragraph.
    fn before_inline(&mut self) {
        if !self.in_leaf && !self.para_open && !self.flat.is_empty() {
            self.emit(Event::Start(Tag::Paragraph));
            self.para_open = true;
        }
        if let Some(m) = self.marker.take() {
            self.emit(Event::Text(m.into()));
        }
    }

    fn handle(&mut self, ev: Event<'a>) {
        if let Some(t) = &mut self.table {
            if t.skips(&ev) {
                return;
            }
        }
        match ev {
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(end),
            Event::Rule => {
                self.close_para();
                self.emit(Event::Rule);
            }
            other => {
                self.before_inline();
                self.emit(other);
            }
        }
    }

    fn start(&mut self, tag: Tag<'a>) {
        match tag {
            Tag::BlockQuote(_) | Tag::List(_) => {
                self.close_para();
                if !self.flat.is_empty() || self.depth >= MAX_NESTING {
                    self.flat.push(match tag {
                        Tag::List(start) => Flat::List(start),
                        _ => Flat::Quote,
                    });
                } else {
                    self.depth += 1;
                    self.emit(Event::Start(tag));
                }
            }
            Tag::Item if matches!(self.flat.last(), Some(Flat::List(_))) => {
                self.close_para();
                self.marker = Some(match self.flat.last_mut() {
                    Some(Flat::List(Some(n))) => {
                        let m = format!("{n}. ");
                        *n = n.saturating_add(1);
                        m
                    }
                    _ => "– ".to_string(),
                });
            }
            t if is_inline(&t) => {
                self.before_inline();
                if self.inline_flat > 0 || self.inline_depth >= MAX_NESTING {
                    self.inline_flat += 1;
                } else {
                    self.inline_depth += 1;
                    self.emit(Event::Start(t));
                }
            }
            t if is_leaf(&t) => {
                self.close_para();
                self.in_leaf = true;
                self.emit(Event::Start(t));
                if let Some(m) = self.marker.take() {
                    self.emit(Event::Text(m.into()));
                }
            }
            Tag::Table(mut aligns) => {
                self.close_para();
                self.flush_marker();
                let cut = TableCut::new(aligns.len());
                aligns.truncate(cut.keep_columns);
                self.table = Some(cut);
                self.emit(Event::Start(Tag::Table(aligns)));
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.rows += 1;
                    t.column = 0;
                    if t.rows > t.keep_rows {
                        t.skip = Some(true);
                        return;
                    }
                }
                self.emit(Event::Start(tag));
            }
            Tag::TableCell => {
                if let Some(t) = &mut self.table {
                    t.column += 1;
                    if t.column > t.keep_columns {
                        t.skip = Some(false);
                        return;
                    }
                }
                self.in_leaf = true;
                self.emit(Event::Start(tag));
            }
            other => {
                self.close_para();
                self.emit(Event::Start(other));
            }
        }
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::BlockQuote(_) | TagEnd::List(_) => {
                self.close_para();
                if self.flat.pop().is_none() {
                    self.depth = self.depth.saturating_sub(1);
                    self.emit(Event::End(end));
                }
            }
            TagEnd::Item if matches!(self.flat.last(), Some(Flat::List(_))) => {
                self.close_para();
                self.flush_marker();
            }
            e if is_inline_end(&e) => {
                if self.inline_flat > 0 {
                    self.inline_flat -= 1;
                } else {
                    self.inline_depth = self.inline_depth.saturating_sub(1);
                    self.emit(Event::End(e));
                }
            }
            e if is_leaf_end(&e) || e == TagEnd::TableCell => {
                self.in_leaf = false;
                self.emit(Event::End(e));
            }
            TagEnd::Table => {
                self.emit(Event::End(end));
                if let Some(note) = self.table.take().and_then(|t| t.note(self.lang)) {
                    self.emit(Event::Start(Tag::Paragraph));
                    self.emit(Event::Start(Tag::Emphasis));
                    self.emit(Event::Text(CowStr::from(note)));
                    self.emit(Event::End(TagEnd::Emphasis));
                    self.emit(Event::End(TagEnd::Paragraph));
                }
            }
            other => {
                self.close_para();
                self.emit(Event::End(other));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(src: &str) -> String {
        to_html(src, Lang::Sv)
    }

    #[test]
    fn renders_emphasis_and_lists() {
        let h = html("**Viktigt**: läs *detta*\n\n- ett\n- två");
        assert!(h.contains("<strong>Viktigt</strong>"));
        assert!(h.contains("<em>detta</em>"));
        assert!(h.contains("<li>två</li>"));
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let h = html("hej <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>");
        assert!(!h.contains("<script>"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains("&lt;script&gt;"));
    }

    #[test]
    fn javascript_links_are_dropped() {
        let h = html("[klicka](javascript:alert(1)) [ok](https://helsingborg.se)");
        assert!(!h.contains("javascript:"), "{h}");
        assert!(h.contains("href=\"https://helsingborg.se\""));
    }

    #[test]
    fn quotes_deeper_than_the_limit_keep_their_text_at_the_deepest_level() {
        let h = html(&format!("{} djupt citat", ">".repeat(5000)));
        assert_eq!(h.matches("<blockquote>").count(), MAX_NESTING, "{h}");
        assert_eq!(h.matches("</blockquote>").count(), MAX_NESTING);
        assert!(h.contains("<p>djupt citat</p>"), "{h}");
    }

    #[test]
    fn lists_deeper_than_the_limit_become_paragraphs_led_by_their_markers() {
        let h = html(&format!("{}punkt", "- ".repeat(3000)));
        assert_eq!(h.matches("<ul>").count(), MAX_NESTING);
        assert!(h.contains("<p>– punkt</p>"), "{h}");

        // Two items and a second paragraph below the limit, numbered in order.
        let deep = "1. ".repeat(MAX_NESTING);
        let indent = " ".repeat(3 * MAX_NESTING);
        let src = format!("{deep}1. ett\n{indent}2. två\n\n{indent}   mer\n");
        let h = html(&src);
        assert!(h.contains("<p>1. ett</p>"), "{h}");
        assert!(h.contains("<p>2. två</p>"), "{h}");
        assert!(h.contains("<p>mer</p>"), "{h}");
    }

    #[test]
    fn deeply_nested_emphasis_keeps_its_text() {
        let src = format!("{}mitten{}", "*".repeat(5000), "*".repeat(5000));
        let h = html(&src);
        assert!(h.contains("mitten"));
        assert!(h.matches("<em>").count() + h.matches("<strong>").count() <= MAX_NESTING);
        let h = html(&"[".repeat(5000));
        assert_eq!(h.matches('[').count(), 5000);
    }

    #[test]
    fn a_table_beyond_the_limits_is_cut_with_a_note_in_the_documents_language() {
        let head = format!("{}|\n{}|\n", "| a ".repeat(200), "|---".repeat(200));
        let src = format!("{head}{}", "| x\n".repeat(1000));
        let h = html(&src);
        assert_eq!(h.matches("<th>").count(), MAX_TABLE_COLUMNS);
        let rows = MAX_TABLE_CELLS / MAX_TABLE_COLUMNS - 1;
        assert_eq!(h.matches("<td>").count(), rows * MAX_TABLE_COLUMNS);
        let note = format!("här visas {rows} av 1\u{a0}000 rader och 20 av 200 kolumner)</em></p>");
        assert!(h.contains(&note), "{}", &h[h.len().saturating_sub(300)..]);
        let en = to_html(&src, Lang::En);
        assert!(en.contains("(the table is too large to show in full: 99 of 1,000 rows"));

        let small = html("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(!small.contains("tabellen"), "{small}");
        assert_eq!(small.matches("<td>").count(), 2);
    }
}
