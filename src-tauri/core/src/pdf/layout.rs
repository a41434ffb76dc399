//! Layout: blocks become fragments (unbreakable horizontal slices: one text line, one
//! table row, one chart bar …), and fragments are stacked onto pages.
//!
//! Coordinates are points, `y` grows downwards from the top of the page; the emitter
//! flips them for PDF.

use super::fonts::{clean_text, fonts, FontSet, FontStyle};
use super::{palette, Align, BarChart, Block, Color, Document, NoticeKind, ParaStyle, Span, Table};

const MM: f32 = 72.0 / 25.4;
pub const PAGE_W: f32 = 210.0 * MM;
pub const PAGE_H: f32 = 297.0 * MM;
pub const MARGIN_X: f32 = 22.0 * MM;
pub const MARGIN_TOP: f32 = 24.0 * MM;
pub const MARGIN_BOTTOM: f32 = 24.0 * MM;
const HEADER_BASELINE: f32 = 13.0 * MM;
const HEADER_RULE: f32 = 15.5 * MM;
const FOOTER_RULE: f32 = PAGE_H - 17.0 * MM;
const FOOTER_BASELINE: f32 = PAGE_H - 12.0 * MM;

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        style: FontStyle,
        size: f32,
        color: Color,
        text: String,
    },
    /// `y` is the top edge.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Color,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Color,
    },
}

impl Item {
    fn shifted(&self, dy: f32) -> Item {
        let mut it = self.clone();
        match &mut it {
            Item::Text { y, .. } | Item::Rect { y, .. } => *y += dy,
            Item::Line { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
        }
        it
    }
}

#[derive(Debug, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

/// An unbreakable slice of content; items are relative to the fragment's top.
#[derive(Debug, Clone, Default)]
struct Frag {
    h: f32,
    space_before: f32,
    items: Vec<Item>,
    keep_next: bool,
    table: Option<usize>,
    is_header: bool,
    group: Option<usize>,
    first_baseline: Option<f32>,
    page_break: bool,
}

/// A shaded box behind a run of fragments.
#[derive(Debug, Clone)]
struct Group {
    x: f32,
    w: f32,
    fill: Color,
    accent: Color,
}

// ---------------------------------------------------------------------------
// Text wrapping
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Part {
    text: String,
    style: FontStyle,
    color: Color,
    width: f32,
}

#[derive(Debug, Clone)]
enum Tok {
    Word(Vec<Part>),
    Space(Part),
    Newline,
}

/// One wrapped line: runs with x offsets relative to the line start.
#[derive(Debug, Clone, Default)]
pub(crate) struct Line {
    pub runs: Vec<(f32, Part2)>,
    pub width: f32,
}

#[derive(Debug, Clone)]
pub(crate) struct Part2 {
    pub text: String,
    pub style: FontStyle,
    pub color: Color,
}

/// Text style applied to spans when they are tokenised.
#[derive(Clone, Copy)]
struct TextStyle {
    size: f32,
    color: Color,
    bold: bool,
    italic: bool,
}

fn tokenize(set: &FontSet, spans: &[Span], ts: TextStyle) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::new();
    let mut word: Vec<Part> = Vec::new();
    for span in spans {
        let style = FontStyle::new(span.bold || ts.bold, span.italic || ts.italic);
        let color = span.color.unwrap_or(ts.color);
        let text = clean_text(&span.text);
        let mut buf = String::new();
        let flush_buf = |buf: &mut String, word: &mut Vec<Part>| {
            if !buf.is_empty() {
                let text = std::mem::take(buf);
                let width = set.width(style, &text, ts.size);
                word.push(Part {
                    text,
                    style,
                    color,
                    width,
                });
            }
        };
        for c in text.chars() {
            if c == ' ' || c == '\n' {
                flush_buf(&mut buf, &mut word);
                if !word.is_empty() {
                    toks.push(Tok::Word(std::mem::take(&mut word)));
                }
                if c == '\n' {
                    toks.push(Tok::Newline);
                } else {
                    toks.push(Tok::Space(Part {
                        text: " ".into(),
                        style,
                        color,
                        width: set.width(style, " ", ts.size),
                    }));
                }
            } else {
                buf.push(c);
            }
        }
        flush_buf(&mut buf, &mut word);
    }
    if !word.is_empty() {
        toks.push(Tok::Word(word));
    }
    toks
}

struct LineBuilder {
    lines: Vec<Line>,
    cur: Vec<(f32, Part)>,
    cur_w: f32,
}

impl LineBuilder {
    fn push(&mut self, p: Part) {
        let x = self.cur_w;
        self.cur_w += p.width;
        self.cur.push((x, p));
    }
    fn finish(&mut self) {
        let mut runs: Vec<(f32, Part2)> = Vec::new();
        for (x, p) in self.cur.drain(..) {
            if let Some((_, last)) = runs.last_mut() {
                if last.style == p.style && last.color == p.color {
                    last.text.push_str(&p.text);
                    continue;
                }
            }
            runs.push((
                x,
                Part2 {
                    text: p.text,
                    style: p.style,
                    color: p.color,
                },
            ));
        }
        // Trailing spaces do not count (widths are recomputed by `wrap`).
        if let Some((_, last)) = runs.last_mut() {
            let trimmed = last.text.trim_end_matches(' ').len();
            last.text.truncate(trimmed);
        }
        runs.retain(|(_, r)| !r.text.is_empty());
        self.lines.push(Line { runs, width: 0.0 });
        self.cur_w = 0.0;
    }
}

/// Greedy word wrap. Words wider than the line are broken between characters.
fn wrap(set: &FontSet, toks: &[Tok], width: f32, size: f32) -> Vec<Line> {
    let width = width.max(size); // never zero
    let mut lb = LineBuilder {
        lines: Vec::new(),
        cur: Vec::new(),
        cur_w: 0.0,
    };
    let mut spaces: Vec<Part> = Vec::new();
    for tok in toks {
        match tok {
            Tok::Newline => {
                spaces.clear();
                lb.finish();
            }
            Tok::Space(p) => {
                if !lb.cur.is_empty() {
                    spaces.push(p.clone());
                }
            }
            Tok::Word(parts) => {
                let ww: f32 = parts.iter().map(|p| p.width).sum();
                let sw: f32 = spaces.iter().map(|p| p.width).sum();
                if !lb.cur.is_empty() && lb.cur_w + sw + ww > width {
                    spaces.clear();
                    lb.finish();
                }
                for s in spaces.drain(..) {
                    lb.push(s);
                }
                if ww <= width - lb.cur_w + 0.01 {
                    for p in parts {
                        lb.push(p.clone());
                    }
                } else {
                    // Break the word between characters.
                    for p in parts {
                        let mut chunk = String::new();
                        for c in p.text.chars() {
                            let cw = set.width(p.style, c.encode_utf8(&mut [0u8; 4]), size);
                            let chunk_w = set.width(p.style, &chunk, size);
                            if lb.cur_w + chunk_w + cw > width
                                && (!chunk.is_empty() || !lb.cur.is_empty())
                            {
                                if !chunk.is_empty() {
                                    let text = std::mem::take(&mut chunk);
                                    let w = set.width(p.style, &text, size);
                                    lb.push(Part {
                                        text,
                                        style: p.style,
                                        color: p.color,
                                        width: w,
                                    });
                                }
                                lb.finish();
                            }
                            chunk.push(c);
                        }
                        if !chunk.is_empty() {
                            let w = set.width(p.style, &chunk, size);
                            lb.push(Part {
                                text: chunk,
                                style: p.style,
                                color: p.color,
                                width: w,
                            });
                        }
                    }
                }
            }
        }
    }
    if !lb.cur.is_empty() {
        lb.finish();
    }
    // Recompute widths exactly (trailing spaces excluded).
    for line in &mut lb.lines {
        line.width = line
            .runs
            .last()
            .map(|(x, r)| x + set.width(r.style, &r.text, size))
            .unwrap_or(0.0);
    }
    lb.lines
}

/// Cut `text` with an ellipsis so that it fits `max` points.
pub(crate) fn ellipsize(
    set: &FontSet,
    style: FontStyle,
    text: &str,
    size: f32,
    max: f32,
) -> String {
    let text = clean_text(text).replace('\n', " ");
    if set.width(style, &text, size) <= max {
        return text;
    }
    let mut out: String = String::new();
    for c in text.chars() {
        let mut next = out.clone();
        next.push(c);
        next.push('…');
        if set.width(style, &next, size) > max {
            break;
        }
        out.push(c);
    }
    out.trim_end().to_string() + "…"
}

// ---------------------------------------------------------------------------
// Blocks to fragments
// ---------------------------------------------------------------------------

struct Flow {
    set: &'static FontSet,
    base: f32,
    frags: Vec<Frag>,
    headers: Vec<Frag>,
    groups: Vec<Group>,
    group: Option<usize>,
    pending: f32,
    list_depth: usize,
    /// Usable height of a page body.
    body_h: f32,
}

impl Flow {
    fn space(&mut self, s: f32) {
        self.pending = self.pending.max(s);
    }

    fn push(&mut self, mut f: Frag) {
        f.space_before = f.space_before.max(self.pending);
        self.pending = 0.0;
        if f.group.is_none() {
            f.group = self.group;
        }
        self.frags.push(f);
    }

    fn line_height(&self, size: f32) -> f32 {
        size * 1.38
    }

    /// Baseline offset of text of `size` inside a line box of height `lh`.
    fn baseline(&self, size: f32, lh: f32) -> f32 {
        let face = self.set.face(FontStyle::Regular);
        let asc = face.ascender();
        let desc = face.descender();
        (lh - (asc + desc) * size) / 2.0 + asc * size
    }

    fn text_items(&self, line: &Line, x: f32, baseline: f32, size: f32) -> Vec<Item> {
        line.runs
            .iter()
            .map(|(rx, r)| Item::Text {
                x: x + rx,
                y: baseline,
                style: r.style,
                size,
                color: r.color,
                text: r.text.clone(),
            })
            .collect()
    }

    /// Lines of wrapped text as fragments; orphan/widow control keeps the first two and
    /// the last two lines together.
    fn text_block(&mut self, spans: &[Span], ts: TextStyle, x: f32, w: f32, keep_all: bool) {
        let toks = tokenize(self.set, spans, ts);
        let lines = wrap(self.set, &toks, w, ts.size);
        let lh = self.line_height(ts.size);
        let bl = self.baseline(ts.size, lh);
        let n = lines.len();
        for (i, line) in lines.iter().enumerate() {
            let keep = keep_all || (n >= 2 && (i == 0 || i + 2 == n));
            let items = self.text_items(line, x, bl, ts.size);
            self.push(Frag {
                h: lh,
                items,
                keep_next: keep && (i + 1 < n || keep_all),
                first_baseline: Some(bl),
                ..Frag::default()
            });
        }
    }

    fn blocks(&mut self, blocks: &[Block], x: f32, w: f32) {
        for b in blocks {
            self.block(b, x, w);
        }
    }

    fn block(&mut self, b: &Block, x: f32, w: f32) {
        let base = self.base;
        match b {
            Block::Title {
                kicker,
                title,
                subtitle,
            } => {
                if !kicker.is_empty() {
                    let ts = TextStyle {
                        size: base * 0.95,
                        color: palette::ACCENT,
                        bold: true,
                        italic: false,
                    };
                    self.text_block(&[Span::plain(kicker.clone())], ts, x, w, true);
                    self.space(base * 0.3);
                }
                let ts = TextStyle {
                    size: base * 2.2,
                    color: palette::TEXT,
                    bold: true,
                    italic: false,
                };
                self.text_block(&[Span::plain(title.clone())], ts, x, w, true);
                if let Some(sub) = subtitle {
                    self.space(base * 0.2);
                    let ts = TextStyle {
                        size: base * 1.15,
                        color: palette::MUTED,
                        bold: false,
                        italic: false,
                    };
                    self.text_block(&[Span::plain(sub.clone())], ts, x, w, false);
                }
                self.space(base * 0.6);
                self.push(Frag {
                    h: base * 0.6,
                    items: vec![Item::Line {
                        x1: x,
                        y1: base * 0.3,
                        x2: x + w,
                        y2: base * 0.3,
                        width: 1.2,
                        color: palette::ACCENT,
                    }],
                    ..Frag::default()
                });
                self.space(base * 0.8);
            }
            Block::Heading { level, spans } => {
                let (size, before, after, color) = match level {
                    0 | 1 => (base * 1.6, base * 2.0, base * 0.55, palette::ACCENT),
                    2 => (base * 1.22, base * 1.4, base * 0.4, palette::TEXT),
                    _ => (base * 1.05, base * 1.0, base * 0.3, palette::TEXT),
                };
                self.space(before);
                let ts = TextStyle {
                    size,
                    color,
                    bold: true,
                    italic: false,
                };
                self.text_block(spans, ts, x, w, true);
                if *level <= 1 {
                    self.push(Frag {
                        h: base * 0.45,
                        items: vec![Item::Line {
                            x1: x,
                            y1: base * 0.2,
                            x2: x + w,
                            y2: base * 0.2,
                            width: 0.6,
                            color: palette::RULE,
                        }],
                        keep_next: true,
                        ..Frag::default()
                    });
                }
                if let Some(last) = self.frags.last_mut() {
                    last.keep_next = true;
                }
                self.space(after);
            }
            Block::Paragraph { spans, style } => {
                let (size, color, after) = match style {
                    ParaStyle::Body => (base, palette::TEXT, base * 0.6),
                    ParaStyle::Lead => (base * 1.12, palette::TEXT, base * 0.7),
                    ParaStyle::Note => (base * 0.88, palette::MUTED, base * 0.5),
                };
                let after = if self.list_depth > 0 {
                    base * 0.25
                } else {
                    after
                };
                let ts = TextStyle {
                    size,
                    color,
                    bold: false,
                    italic: false,
                };
                self.text_block(spans, ts, x, w, false);
                self.space(after);
            }
            Block::List {
                ordered,
                start,
                items,
            } => {
                self.space(base * 0.2);
                let indent = base * 1.6;
                self.list_depth += 1;
                for (i, item) in items.iter().enumerate() {
                    let first = self.frags.len();
                    self.blocks(item, x + indent, w - indent);
                    if let Some(f) = self.frags.get_mut(first) {
                        let bl = f.first_baseline.unwrap_or(base);
                        let (marker, mx) = if *ordered {
                            let m = format!("{}.", start.saturating_add(i as u64));
                            let mw = self.set.width(FontStyle::Regular, &m, base);
                            (m, x + indent - mw - base * 0.4)
                        } else if self.list_depth > 1 {
                            ("–".to_string(), x + base * 0.3)
                        } else {
                            ("•".to_string(), x + base * 0.3)
                        };
                        f.items.push(Item::Text {
                            x: mx,
                            y: bl,
                            style: FontStyle::Regular,
                            size: base,
                            color: palette::TEXT,
                            text: marker,
                        });
                    }
                    self.space(base * 0.25);
                }
                self.list_depth -= 1;
                self.space(base * 0.6);
            }
            Block::Table(t) => self.table(t, x, w),
            Block::Facts(rows) => self.facts(rows, x, w),
            Block::Notice { kind, title, body } => {
                let (fill, accent) = match kind {
                    NoticeKind::Info => (palette::INFO_FILL, palette::INFO_ACCENT),
                    NoticeKind::Warning => (palette::WARN_FILL, palette::WARN_ACCENT),
                };
                let gid = self.groups.len();
                self.groups.push(Group { x, w, fill, accent });
                let outer = self.group.replace(gid);
                let pad = base * 0.9;
                let stripe = 3.5;
                self.space(base * 0.8);
                self.push(Frag {
                    h: pad,
                    keep_next: true,
                    ..Frag::default()
                });
                let ix = x + stripe + pad;
                let iw = w - stripe - 2.0 * pad;
                if !title.is_empty() {
                    let ts = TextStyle {
                        size: base * 1.05,
                        color: accent,
                        bold: true,
                        italic: false,
                    };
                    self.text_block(&[Span::plain(title.clone())], ts, ix, iw, true);
                    self.space(base * 0.35);
                }
                self.blocks(body, ix, iw);
                self.pending = 0.0;
                self.push(Frag {
                    h: pad * 0.6,
                    ..Frag::default()
                });
                self.group = outer;
                self.space(base * 1.0);
            }
            Block::Quote { spans, attribution } => {
                let indent = base * 1.2;
                let first = self.frags.len();
                self.space(base * 0.4);
                let ts = TextStyle {
                    size: base,
                    color: palette::TEXT,
                    bold: false,
                    italic: true,
                };
                self.text_block(spans, ts, x + indent, w - indent, false);
                if let Some(a) = attribution {
                    if let Some(last) = self.frags.last_mut() {
                        last.keep_next = true;
                    }
                    let ts = TextStyle {
                        size: base * 0.85,
                        color: palette::MUTED,
                        bold: false,
                        italic: false,
                    };
                    self.text_block(&[Span::plain(a.clone())], ts, x + indent, w - indent, false);
                }
                for f in &mut self.frags[first..] {
                    f.items.insert(
                        0,
                        Item::Rect {
                            x,
                            y: 0.0,
                            w: 2.2,
                            h: f.h,
                            color: palette::QUOTE_BAR,
                        },
                    );
                }
                self.space(base * 0.7);
            }
            Block::Indented(blocks) => {
                let indent = base * 1.2;
                let first = self.frags.len();
                self.blocks(blocks, x + indent, w - indent);
                for f in &mut self.frags[first..] {
                    f.items.insert(
                        0,
                        Item::Rect {
                            x,
                            y: 0.0,
                            w: 2.2,
                            h: f.h,
                            color: palette::QUOTE_BAR,
                        },
                    );
                }
                self.space(base * 0.6);
            }
            Block::BarChart(c) => self.bar_chart(c, x, w),
            Block::Rule => {
                self.space(base * 0.4);
                self.push(Frag {
                    h: base * 0.8,
                    items: vec![Item::Line {
                        x1: x,
                        y1: base * 0.4,
                        x2: x + w,
                        y2: base * 0.4,
                        width: 0.5,
                        color: palette::RULE,
                    }],
                    ..Frag::default()
                });
                self.space(base * 0.4);
            }
            Block::Spacer(s) => self.space(*s),
            Block::PageBreak => {
                self.pending = 0.0;
                self.push(Frag {
                    page_break: true,
                    ..Frag::default()
                });
            }
        }
    }

    fn facts(&mut self, rows: &[(String, Vec<Span>)], x: f32, w: f32) {
        let base = self.base;
        let lsize = base * 0.9;
        let gap = base * 1.0;
        let widest = rows
            .iter()
            .map(|(l, _)| self.set.width(FontStyle::Bold, &clean_text(l), lsize))
            .fold(0.0f32, f32::max);
        // A common label column across the document, wider only for long labels.
        let label_w = (widest + gap).max(base * 10.5).min(w * 0.34);
        let lh = self.line_height(base);
        let bl = self.baseline(base, lh);
        self.space(base * 0.2);
        for (label, value) in rows {
            let lts = TextStyle {
                size: lsize,
                color: palette::MUTED,
                bold: true,
                italic: false,
            };
            let vts = TextStyle {
                size: base,
                color: palette::TEXT,
                bold: false,
                italic: false,
            };
            let ll = wrap(
                self.set,
                &tokenize(self.set, &[Span::plain(label.clone())], lts),
                label_w - gap,
                lsize,
            );
            let vl = wrap(self.set, &tokenize(self.set, value, vts), w - label_w, base);
            let n = ll.len().max(vl.len()).max(1);
            for i in 0..n {
                let mut items = Vec::new();
                if let Some(l) = ll.get(i) {
                    items.extend(self.text_items(l, x, bl, lsize));
                }
                if let Some(v) = vl.get(i) {
                    items.extend(self.text_items(v, x + label_w, bl, base));
                }
                self.push(Frag {
                    h: lh,
                    items,
                    keep_next: i + 1 < n && (n <= 4 || i == 0 || i + 2 == n),
                    first_baseline: Some(bl),
                    ..Frag::default()
                });
            }
            self.space(base * 0.3);
        }
        self.space(base * 0.6);
    }

    fn table(&mut self, t: &Table, x: f32, w: f32) {
        let ncols = t.columns.len();
        if ncols == 0 {
            return;
        }
        let base = self.base;
        let size = if t.compact { base * 0.8 } else { base * 0.88 };
        let lh = size * 1.3;
        let padx = size * 0.55;
        let pady = size * 0.4;
        let bl = self.baseline(size, lh);
        let body_ts = TextStyle {
            size,
            color: palette::TEXT,
            bold: false,
            italic: false,
        };
        let head_ts = TextStyle {
            bold: true,
            ..body_ts
        };
        let header: Vec<Vec<Span>> = t
            .columns
            .iter()
            .map(|c| vec![Span::plain(c.title.clone())])
            .collect();
        let empty: Vec<Span> = Vec::new();
        let cell =
            |row: &'_ [Vec<Span>], i: usize| -> Vec<Span> { row.get(i).unwrap_or(&empty).clone() };

        // Column widths.
        let widths: Vec<f32> = if t.columns.iter().all(|c| c.weight > 0.0) {
            let sum: f32 = t.columns.iter().map(|c| c.weight).sum();
            t.columns.iter().map(|c| w * c.weight / sum).collect()
        } else {
            let mut natural = vec![0.0f32; ncols];
            let mut minimum = vec![0.0f32; ncols];
            let all_rows = std::iter::once((&header, head_ts))
                .chain(t.rows.iter().map(|r| (r, body_ts)))
                .chain(t.footer.iter().map(|r| (r, head_ts)));
            for (row, ts) in all_rows {
                for (i, (nat, min)) in natural.iter_mut().zip(minimum.iter_mut()).enumerate() {
                    let toks = tokenize(self.set, &cell(row, i), ts);
                    let mut line = 0.0f32;
                    for tok in &toks {
                        match tok {
                            Tok::Word(parts) => {
                                let ww: f32 = parts.iter().map(|p| p.width).sum();
                                *min = min.max(ww + 2.0 * padx);
                                line += ww;
                            }
                            Tok::Space(p) => line += p.width,
                            Tok::Newline => {
                                *nat = nat.max(line + 2.0 * padx);
                                line = 0.0;
                            }
                        }
                    }
                    *nat = nat.max(line + 2.0 * padx);
                }
            }
            for m in &mut minimum {
                *m = m.min(w / ncols as f32 * 1.5);
            }
            let sum_nat: f32 = natural.iter().sum();
            let sum_min: f32 = minimum.iter().sum();
            if sum_nat <= w {
                natural
                    .iter()
                    .map(|n| n + (w - sum_nat) * n / sum_nat.max(1.0))
                    .collect()
            } else if sum_min >= w {
                vec![w / ncols as f32; ncols]
            } else {
                let flex: f32 = natural
                    .iter()
                    .zip(&minimum)
                    .map(|(n, m)| (n - m).max(0.0))
                    .sum();
                natural
                    .iter()
                    .zip(&minimum)
                    .map(|(n, m)| m + (w - sum_min) * (n - m).max(0.0) / flex.max(1.0))
                    .collect()
            }
        };
        let xs: Vec<f32> = widths
            .iter()
            .scan(x, |acc, cw| {
                let cx = *acc;
                *acc += cw;
                Some(cx)
            })
            .collect();

        let tid = self.headers.len();
        // Rows are cut into chunks so that no fragment is taller than half a page.
        let max_lines = ((self.body_h * 0.5 - 2.0 * pady) / lh).floor().max(3.0) as usize;

        let make_rows = |flow: &Flow, row: &[Vec<Span>], ts: TextStyle| -> Vec<Vec<Line>> {
            (0..ncols)
                .map(|i| {
                    wrap(
                        flow.set,
                        &tokenize(flow.set, &cell(row, i), ts),
                        widths[i] - 2.0 * padx,
                        size,
                    )
                })
                .collect()
        };
        let row_frags = |flow: &Flow, cells: &[Vec<Line>], kind: RowKind| -> Vec<Frag> {
            let n = cells.iter().map(|c| c.len()).max().unwrap_or(0).max(1);
            let mut out = Vec::new();
            let mut start = 0;
            while start < n {
                let end = (start + max_lines).min(n);
                let h = (end - start) as f32 * lh + 2.0 * pady;
                let mut items = Vec::new();
                match kind {
                    RowKind::Header => {
                        items.push(Item::Rect {
                            x,
                            y: 0.0,
                            w,
                            h,
                            color: palette::ACCENT_LIGHT,
                        });
                    }
                    RowKind::Body(odd) if odd => items.push(Item::Rect {
                        x,
                        y: 0.0,
                        w,
                        h,
                        color: palette::ZEBRA,
                    }),
                    _ => {}
                }
                for (ci, lines) in cells.iter().enumerate() {
                    for (li, line) in lines.iter().enumerate().take(end).skip(start) {
                        let lx = match t.columns[ci].align {
                            Align::Left => xs[ci] + padx,
                            Align::Right => xs[ci] + widths[ci] - padx - line.width,
                        };
                        let y = pady + (li - start) as f32 * lh + bl;
                        items.extend(flow.text_items(line, lx, y, size));
                    }
                }
                match kind {
                    RowKind::Header => items.push(Item::Line {
                        x1: x,
                        y1: h,
                        x2: x + w,
                        y2: h,
                        width: 0.9,
                        color: palette::ACCENT,
                    }),
                    RowKind::Footer => items.push(Item::Line {
                        x1: x,
                        y1: 0.0,
                        x2: x + w,
                        y2: 0.0,
                        width: 0.9,
                        color: palette::TEXT,
                    }),
                    RowKind::Body(_) => {}
                }
                if !matches!(kind, RowKind::Header) {
                    items.push(Item::Line {
                        x1: x,
                        y1: h,
                        x2: x + w,
                        y2: h,
                        width: 0.4,
                        color: palette::RULE,
                    });
                }
                out.push(Frag {
                    h,
                    items,
                    table: Some(tid),
                    is_header: matches!(kind, RowKind::Header),
                    keep_next: end < n || matches!(kind, RowKind::Header),
                    ..Frag::default()
                });
                start = end;
            }
            out
        };

        let head_cells = make_rows(self, &header, head_ts);
        let mut head = row_frags(self, &head_cells, RowKind::Header);
        let head_frag = head.remove(0);
        self.headers.push(head_frag.clone());
        self.space(base * 0.5);
        self.push(head_frag);
        for (ri, row) in t.rows.iter().enumerate() {
            let cells = make_rows(self, row, body_ts);
            for f in row_frags(self, &cells, RowKind::Body(ri % 2 == 1)) {
                self.push(f);
            }
        }
        if let Some(footer) = &t.footer {
            let cells = make_rows(self, footer, head_ts);
            for f in row_frags(self, &cells, RowKind::Footer) {
                self.push(f);
            }
        }
        self.space(base * 0.9);
    }

    fn bar_chart(&mut self, c: &BarChart, x: f32, w: f32) {
        let base = self.base;
        let size = base * 0.88;
        let lh = size * 1.3;
        let bl = self.baseline(size, lh);
        let bar_h = size * 1.05;
        let gap = size * 0.55;
        self.space(base * 0.5);
        if let Some(cap) = &c.caption {
            let ts = TextStyle {
                size: base * 0.95,
                color: palette::TEXT,
                bold: true,
                italic: false,
            };
            self.text_block(&[Span::plain(cap.clone())], ts, x, w, true);
            self.space(base * 0.3);
        }
        if c.bars.is_empty() {
            return;
        }
        let max = c.bars.iter().map(|b| b.1).max().unwrap_or(1).max(1);
        let label_widest = c
            .bars
            .iter()
            .map(|b| self.set.width(FontStyle::Regular, &clean_text(&b.0), size))
            .fold(0.0f32, f32::max);
        let label_w = label_widest.min(w * 0.38) + base;
        let count_w = self.set.width(FontStyle::Bold, &max.to_string(), size) + base;
        let bar_x = x + label_w;
        let bar_area = (w - label_w - count_w).max(base);
        let ts = TextStyle {
            size,
            color: palette::TEXT,
            bold: false,
            italic: false,
        };
        let n = c.bars.len();
        for (i, (label, value)) in c.bars.iter().enumerate() {
            let mut label = label.clone();
            let mut lines = wrap(
                self.set,
                &tokenize(self.set, &[Span::plain(label.clone())], ts),
                label_w - base,
                size,
            );
            // At most three lines per label.
            while lines.len() > 3 {
                let keep = label.chars().count().saturating_sub(8).max(1);
                label = label
                    .chars()
                    .take(keep)
                    .collect::<String>()
                    .trim_end()
                    .to_string()
                    + "…";
                lines = wrap(
                    self.set,
                    &tokenize(self.set, &[Span::plain(label.clone())], ts),
                    label_w - base,
                    size,
                );
            }
            let nl = lines.len().max(1);
            let h = nl as f32 * lh + gap;
            let top = gap / 2.0;
            let mut items = vec![Item::Line {
                x1: bar_x,
                y1: 0.0,
                x2: bar_x,
                y2: h,
                width: 0.6,
                color: palette::MUTED,
            }];
            for (li, line) in lines.iter().enumerate() {
                items.extend(self.text_items(line, x, top + li as f32 * lh + bl, size));
            }
            let len = if *value == 0 {
                0.0
            } else {
                (bar_area * *value as f32 / max as f32).max(1.5)
            };
            if len > 0.0 {
                items.push(Item::Rect {
                    x: bar_x,
                    y: top + (lh - bar_h) / 2.0,
                    w: len,
                    h: bar_h,
                    color: palette::BAR,
                });
            }
            items.push(Item::Text {
                x: bar_x + len + base * 0.35,
                y: top + bl,
                style: FontStyle::Bold,
                size,
                color: palette::TEXT,
                text: value.to_string(),
            });
            self.push(Frag {
                h,
                items,
                keep_next: i + 1 < n,
                first_baseline: Some(top + bl),
                ..Frag::default()
            });
        }
        self.space(base * 0.9);
    }
}

#[derive(Clone, Copy)]
enum RowKind {
    Header,
    Body(bool),
    Footer,
}

// ---------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------

const BODY_TOP: f32 = MARGIN_TOP;
const BODY_BOTTOM: f32 = PAGE_H - MARGIN_BOTTOM;

fn build_flow(doc: &Document) -> Flow {
    let mut flow = Flow {
        set: fonts(),
        base: doc.setup.base_size.clamp(6.0, 24.0),
        frags: Vec::new(),
        headers: Vec::new(),
        groups: Vec::new(),
        group: None,
        pending: 0.0,
        list_depth: 0,
        body_h: BODY_BOTTOM - BODY_TOP,
    };
    flow.blocks(&doc.blocks, MARGIN_X, PAGE_W - 2.0 * MARGIN_X);
    flow
}

pub fn layout(doc: &Document) -> Vec<Page> {
    let set = fonts();
    let flow = build_flow(doc);
    let pages = paginate(&flow.frags, &flow.headers, BODY_TOP, BODY_BOTTOM);

    let total = pages.len();
    let mut out = Vec::with_capacity(total);
    for (pi, placed) in pages.iter().enumerate() {
        let mut page = Page::default();
        // Box backgrounds first.
        for (gid, g) in flow.groups.iter().enumerate() {
            let mut top = f32::MAX;
            let mut bottom = f32::MIN;
            for (f, fy) in placed {
                if f.group == Some(gid) {
                    top = top.min(*fy);
                    bottom = bottom.max(fy + f.h);
                }
            }
            if top < bottom {
                page.items.push(Item::Rect {
                    x: g.x,
                    y: top,
                    w: g.w,
                    h: bottom - top,
                    color: g.fill,
                });
                page.items.push(Item::Rect {
                    x: g.x,
                    y: top,
                    w: 3.5,
                    h: bottom - top,
                    color: g.accent,
                });
            }
        }
        for (f, fy) in placed {
            page.items.extend(f.items.iter().map(|it| it.shifted(*fy)));
        }
        running_header(set, doc, &mut page, pi + 1, total, flow.base);
        out.push(page);
    }
    out
}

/// Stack fragments onto pages: honour forced breaks and keep-with-next chains, and
/// repeat a table's header row at the top of every page the table continues on.
fn paginate(
    frags: &[Frag],
    headers: &[Frag],
    body_top: f32,
    body_bottom: f32,
) -> Vec<Vec<(Frag, f32)>> {
    let body_h = body_bottom - body_top;
    let mut pages: Vec<Vec<(Frag, f32)>> = vec![Vec::new()];
    let mut y = body_top;
    // Nothing placed on this page yet (a repeated table header does not count).
    let mut fresh = true;
    // Space before the next fragment is dropped at the top of a page.
    let mut at_top = true;
    let mut i = 0;
    while i < frags.len() {
        let f = &frags[i];
        if f.page_break {
            if !fresh {
                pages.push(Vec::new());
                y = body_top;
                fresh = true;
                at_top = true;
            }
            i += 1;
            continue;
        }
        let sb = if at_top { 0.0 } else { f.space_before };
        // Height that must fit together: this fragment and every following one it is
        // kept with (ignored when the chain could never fit on one page).
        let mut need = f.h;
        if f.keep_next {
            let mut j = i;
            let mut total = f.h;
            while frags[j].keep_next && j + 1 < frags.len() && !frags[j + 1].page_break {
                j += 1;
                total += frags[j].space_before + frags[j].h;
                if total > body_h {
                    break;
                }
            }
            if total <= body_h * 0.9 {
                need = total;
            }
        }
        if !fresh && y + sb + need > body_bottom + 0.01 {
            pages.push(Vec::new());
            y = body_top;
            fresh = true;
            at_top = true;
            if let (Some(t), false) = (f.table, f.is_header) {
                if let (Some(h), Some(page)) = (headers.get(t), pages.last_mut()) {
                    page.push((h.clone(), y));
                    y += h.h;
                    at_top = false;
                }
            }
            continue;
        }
        y += sb;
        if let Some(page) = pages.last_mut() {
            page.push((f.clone(), y));
        }
        y += f.h;
        fresh = false;
        at_top = false;
        i += 1;
    }
    if pages.len() > 1 && pages.last().is_some_and(|p| p.is_empty()) {
        pages.pop();
    }
    pages
}

fn running_header(set: &FontSet, doc: &Document, page: &mut Page, n: usize, m: usize, base: f32) {
    let size = (base * 0.78).max(7.5);
    let w = PAGE_W - 2.0 * MARGIN_X;
    let s = &doc.setup;
    if n > 1 && (!s.header_left.is_empty() || !s.header_right.is_empty()) {
        let left = ellipsize(set, FontStyle::Bold, &s.header_left, size, w * 0.48);
        let right = ellipsize(set, FontStyle::Regular, &s.header_right, size, w * 0.48);
        let rw = set.width(FontStyle::Regular, &right, size);
        page.items.push(text(
            MARGIN_X,
            HEADER_BASELINE,
            FontStyle::Bold,
            size,
            palette::MUTED,
            left,
        ));
        page.items.push(text(
            PAGE_W - MARGIN_X - rw,
            HEADER_BASELINE,
            FontStyle::Regular,
            size,
            palette::MUTED,
            right,
        ));
        page.items.push(Item::Line {
            x1: MARGIN_X,
            y1: HEADER_RULE,
            x2: PAGE_W - MARGIN_X,
            y2: HEADER_RULE,
            width: 0.5,
            color: palette::RULE,
        });
    }
    let label = s
        .page_label
        .replace("{n}", &n.to_string())
        .replace("{m}", &m.to_string());
    if s.footer_left.is_empty() && label.is_empty() {
        return;
    }
    page.items.push(Item::Line {
        x1: MARGIN_X,
        y1: FOOTER_RULE,
        x2: PAGE_W - MARGIN_X,
        y2: FOOTER_RULE,
        width: 0.5,
        color: palette::RULE,
    });
    let lw = set.width(FontStyle::Regular, &label, size);
    let left = ellipsize(set, FontStyle::Regular, &s.footer_left, size, w - lw - 20.0);
    page.items.push(text(
        MARGIN_X,
        FOOTER_BASELINE,
        FontStyle::Regular,
        size,
        palette::MUTED,
        left,
    ));
    if !label.is_empty() {
        page.items.push(text(
            PAGE_W - MARGIN_X - lw,
            FOOTER_BASELINE,
            FontStyle::Regular,
            size,
            palette::MUTED,
            label,
        ));
    }
}

fn text(x: f32, y: f32, style: FontStyle, size: f32, color: Color, text: String) -> Item {
    Item::Text {
        x,
        y,
        style,
        size,
        color,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        tokenize(
            fonts(),
            &[Span::plain(s)],
            TextStyle {
                size: 10.0,
                color: palette::TEXT,
                bold: false,
                italic: false,
            },
        )
    }

    #[test]
    fn wrap_never_overflows() {
        let set = fonts();
        let text = "Invånarna vill ha en mötesplats där alla känner sig välkomna, \
                    även de som inte använder biblioteket idag. \
                    Ettmycketlångtordutanmellanslagsomintefårplatspåenrad och sedan slut.";
        for width in [40.0f32, 80.0, 150.0, 300.0] {
            let lines = wrap(set, &toks(text), width, 10.0);
            assert!(lines.len() > 1);
            for l in &lines {
                assert!(l.width <= width + 0.01, "line {:.1} > {width}", l.width);
            }
            let joined: String = lines
                .iter()
                .flat_map(|l| l.runs.iter().map(|(_, r)| r.text.clone()))
                .collect::<Vec<_>>()
                .join("");
            assert_eq!(joined.replace(' ', ""), text.replace(' ', ""));
        }
    }

    #[test]
    fn newline_breaks_line() {
        let lines = wrap(fonts(), &toks("a\nb"), 300.0, 10.0);
        assert_eq!(lines.len(), 2);
    }

    fn doc(blocks: Vec<Block>) -> Document {
        Document {
            meta: crate::pdf::Meta {
                title: "t".into(),
                author: "a".into(),
                subject: String::new(),
                lang: "sv-SE".into(),
                date: chrono::NaiveDate::default(),
            },
            setup: crate::pdf::PageSetup::default(),
            blocks,
        }
    }

    #[test]
    fn no_page_ends_with_a_heading() {
        let mut blocks = Vec::new();
        let mut seed: u32 = 7;
        for i in 0..120 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let level = 1 + (seed >> 16) as u8 % 3;
            blocks.push(Block::heading(level, format!("Rubrik {i}")));
            let words = 5 + (seed >> 8) as usize % 90;
            blocks.push(Block::para("ord ".repeat(words)));
        }
        let flow = build_flow(&doc(blocks));
        let pages = paginate(&flow.frags, &flow.headers, BODY_TOP, BODY_BOTTOM);
        assert!(pages.len() > 5);
        for (n, page) in pages.iter().enumerate().take(pages.len() - 1) {
            let last = page.last().map(|(f, _)| f.keep_next);
            assert_eq!(
                last,
                Some(false),
                "page {} ends with a kept fragment",
                n + 1
            );
            let bottom = page.last().map(|(f, y)| y + f.h).unwrap_or(0.0);
            assert!(bottom <= BODY_BOTTOM + 0.01, "page {} overflows", n + 1);
        }
    }

    #[test]
    fn tables_repeat_their_header_and_tall_rows_terminate() {
        let tall = "rad ".repeat(3000);
        let rows = (0..60)
            .map(|i| {
                vec![
                    vec![Span::plain(format!("cell {i}"))],
                    vec![Span::plain(if i == 30 { tall.clone() } else { "x".into() })],
                ]
            })
            .collect();
        let table = Table {
            columns: vec![
                crate::pdf::Column::new("Huvud A", 1.0),
                crate::pdf::Column::new("Huvud B", 1.0),
            ],
            rows,
            footer: None,
            compact: false,
        };
        let pages = layout(&doc(vec![Block::Table(table)]));
        assert!(pages.len() > 2);
        for p in &pages {
            let has_header = p
                .items
                .iter()
                .any(|i| matches!(i, Item::Text { text, .. } if text == "Huvud A"));
            assert!(has_header, "every page repeats the header");
            for it in &p.items {
                if let Item::Text { y, .. } = it {
                    assert!(*y <= PAGE_H, "text below the page");
                }
            }
        }
    }

    #[test]
    fn ellipsize_fits() {
        let s = ellipsize(
            fonts(),
            FontStyle::Regular,
            "Helsingborgs nya stadsbibliotek",
            10.0,
            60.0,
        );
        assert!(s.ends_with('…'));
        assert!(fonts().width(FontStyle::Regular, &s, 10.0) <= 60.0);
    }
}
