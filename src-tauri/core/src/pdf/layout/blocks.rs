//! The text blocks: title, headings, paragraphs, lists, facts, notices, quotes and rules,
//! each with the type size and spacing that sets it apart.

use super::flow::Flow;
use super::text::{tokenize, wrap, TextStyle};
use super::{Frag, Group, Item};
use crate::pdf::fonts::{clean_text, FontStyle};
use crate::pdf::structure::{Role, Scope, Tag};
use crate::pdf::{palette, Block, Color, NoticeKind, ParaStyle, Span};

/// A style with no emphasis.
fn plain(size: f32, color: Color) -> TextStyle {
    TextStyle {
        size,
        color,
        bold: false,
        italic: false,
    }
}

fn bold(size: f32, color: Color) -> TextStyle {
    TextStyle {
        bold: true,
        ..plain(size, color)
    }
}

impl Flow {
    pub(super) fn title(
        &mut self,
        kicker: &str,
        title: &str,
        subtitle: Option<&str>,
        x: f32,
        w: f32,
    ) {
        let base = self.base;
        if !kicker.is_empty() {
            let ts = bold(base * 0.95, palette::ACCENT);
            self.text_element(Role::P, &[Span::plain(kicker)], ts, x, w, true);
            self.space(base * 0.3);
        }
        let ts = bold(base * 2.2, palette::TEXT);
        self.text_element(Role::H(1), &[Span::plain(title)], ts, x, w, true);
        if let Some(sub) = subtitle {
            self.space(base * 0.2);
            let ts = plain(base * 1.15, palette::MUTED);
            self.text_element(Role::P, &[Span::plain(sub)], ts, x, w, false);
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
                tag: Tag::Artifact,
            }],
            ..Frag::default()
        });
        self.space(base * 0.8);
    }

    /// A heading is kept with what follows it, so no page ends with one.
    pub(super) fn heading(&mut self, level: u8, spans: &[Span], x: f32, w: f32) {
        let base = self.base;
        let (size, before, after, color) = match level {
            0 | 1 => (base * 1.6, base * 2.0, base * 0.55, palette::ACCENT),
            2 => (base * 1.22, base * 1.4, base * 0.4, palette::TEXT),
            _ => (base * 1.05, base * 1.0, base * 0.3, palette::TEXT),
        };
        self.space(before);
        self.text_element(Role::H(level), spans, bold(size, color), x, w, true);
        if level <= 1 {
            self.push(Frag {
                h: base * 0.45,
                items: vec![Item::Line {
                    x1: x,
                    y1: base * 0.2,
                    x2: x + w,
                    y2: base * 0.2,
                    width: 0.6,
                    color: palette::RULE,
                    tag: Tag::Artifact,
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

    pub(super) fn paragraph(&mut self, spans: &[Span], style: ParaStyle, x: f32, w: f32) {
        let base = self.base;
        let (size, color, after) = match style {
            ParaStyle::Body => (base, palette::TEXT, base * 0.6),
            ParaStyle::Lead => (base * 1.12, palette::TEXT, base * 0.7),
            ParaStyle::Note => (base * 0.88, palette::MUTED, base * 0.5),
        };
        // List items sit closer together than paragraphs.
        let after = if self.list_depth > 0 {
            base * 0.25
        } else {
            after
        };
        self.text_element(Role::P, spans, plain(size, color), x, w, false);
        self.space(after);
    }

    /// Items are indented; the marker (number, bullet, or a dash when nested) is drawn
    /// on the first line of each.
    pub(super) fn list(&mut self, ordered: bool, start: u64, items: &[Vec<Block>], x: f32, w: f32) {
        let base = self.base;
        self.space(base * 0.2);
        let indent = base * 1.6;
        self.list_depth += 1;
        let list = self.enter(Role::L);
        for (i, item) in items.iter().enumerate() {
            let first = self.frags.len();
            let li = self.enter(Role::LI);
            let lbl = self.tree.open(self.node, Role::Lbl);
            let body = self.enter(Role::LBody);
            self.blocks(item, x + indent, w - indent);
            self.leave(body);
            self.leave(li);
            if let Some(f) = self.frags.get_mut(first) {
                let bl = f.first_baseline.unwrap_or(base);
                let (marker, mx) = if ordered {
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
                    tag: Tag::Node(lbl),
                });
            }
            self.space(base * 0.25);
        }
        self.leave(list);
        self.list_depth -= 1;
        self.space(base * 0.6);
    }

    /// Label/value rows; long values wrap in their own column.
    pub(super) fn facts(&mut self, rows: &[(String, Vec<Span>)], x: f32, w: f32) {
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
        let table = self.enter(Role::Table);
        for (label, value) in rows {
            let row = self.tree.open(self.node, Role::TR);
            let th = Tag::Node(self.tree.open(row, Role::TH(Scope::Row)));
            let td = Tag::Node(self.tree.open(row, Role::TD));
            let lts = bold(lsize, palette::MUTED);
            let vts = plain(base, palette::TEXT);
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
                    let line = self.text_items(l, x, bl, lsize);
                    items.extend(line.into_iter().map(|it| it.tagged(th)));
                }
                if let Some(v) = vl.get(i) {
                    let line = self.text_items(v, x + label_w, bl, base);
                    items.extend(line.into_iter().map(|it| it.tagged(td)));
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
        self.leave(table);
        self.space(base * 0.6);
    }

    /// A shaded box: its fragments belong to a group whose background is drawn per page,
    /// so a box that breaks across pages is shaded on both.
    pub(super) fn notice(&mut self, kind: NoticeKind, title: &str, body: &[Block], x: f32, w: f32) {
        let base = self.base;
        let (fill, accent) = match kind {
            NoticeKind::Info => (palette::INFO_FILL, palette::INFO_ACCENT),
            NoticeKind::Warning => (palette::WARN_FILL, palette::WARN_ACCENT),
        };
        let gid = self.groups.len();
        self.groups.push(Group { x, w, fill, accent });
        let outer = self.group.replace(gid);
        let div = self.enter(Role::Div);
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
            let ts = bold(base * 1.05, accent);
            self.text_element(Role::P, &[Span::plain(title)], ts, ix, iw, true);
            self.space(base * 0.35);
        }
        self.blocks(body, ix, iw);
        self.pending = 0.0;
        self.push(Frag {
            h: pad * 0.6,
            ..Frag::default()
        });
        self.leave(div);
        self.group = outer;
        self.space(base * 1.0);
    }

    /// Italic text with a bar on the left, its attribution kept with its last line.
    /// `lang` marks a quote in another language than the document's.
    pub(super) fn quote(
        &mut self,
        spans: &[Span],
        attribution: Option<&str>,
        lang: Option<&str>,
        x: f32,
        w: f32,
    ) {
        let base = self.base;
        let indent = base * 1.2;
        let first = self.frags.len();
        let quote = self.enter(Role::BlockQuote);
        self.space(base * 0.4);
        let ts = TextStyle {
            italic: true,
            ..plain(base, palette::TEXT)
        };
        // The quote's language is its own; the attribution is in the document's.
        let outer = self.enter(Role::P);
        if let Some(node) = self.tree.nodes.get_mut(self.node) {
            node.lang = lang.map(str::to_string);
        }
        self.text_block(spans, ts, x + indent, w - indent, false);
        self.leave(outer);
        if let Some(a) = attribution {
            if let Some(last) = self.frags.last_mut() {
                last.keep_next = true;
            }
            let ts = plain(base * 0.85, palette::MUTED);
            self.text_element(
                Role::P,
                &[Span::plain(a)],
                ts,
                x + indent,
                w - indent,
                false,
            );
        }
        self.leave(quote);
        self.bar_left(first, x);
        self.space(base * 0.7);
    }

    pub(super) fn indented(&mut self, blocks: &[Block], x: f32, w: f32) {
        let base = self.base;
        let indent = base * 1.2;
        let first = self.frags.len();
        let quote = self.enter(Role::BlockQuote);
        self.blocks(blocks, x + indent, w - indent);
        self.leave(quote);
        self.bar_left(first, x);
        self.space(base * 0.6);
    }

    /// The quote bar, drawn per fragment so it follows the text across a page break.
    fn bar_left(&mut self, first: usize, x: f32) {
        for f in &mut self.frags[first..] {
            f.items.insert(
                0,
                Item::Rect {
                    x,
                    y: 0.0,
                    w: 2.2,
                    h: f.h,
                    color: palette::QUOTE_BAR,
                    tag: Tag::Artifact,
                },
            );
        }
    }

    pub(super) fn rule(&mut self, x: f32, w: f32) {
        let base = self.base;
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
                tag: Tag::Artifact,
            }],
            ..Frag::default()
        });
        self.space(base * 0.4);
    }

    /// A forced break drops the space asked for before it.
    pub(super) fn page_break(&mut self) {
        self.pending = 0.0;
        self.push(Frag {
            page_break: true,
            ..Frag::default()
        });
    }
}
