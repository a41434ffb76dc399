//! A laid-out page as a PDF content stream (ISO 32000-1, 8–9 and 14.6), written straight
//! to bytes: rectangles, rules and text, each run of items with the same structure tag
//! inside its marked-content sequence.

use super::embed::Codes;
use super::file::{self, num};
use super::fonts::FontStyle;
use super::layout::{Item, Page, PAGE_H};
use super::structure::{Tag, Tree};
use super::Color;

/// Decimals for positions and sizes (a hundredth of a point), and for colours.
const POS: u32 = 2;
const COLOR: u32 = 3;

/// The page's content, and for each marked-content id on it the structure element it
/// belongs to. `codes` has each face's character codes (indexed by `FontStyle::index`).
pub(super) fn page_content(
    page: &Page,
    tree: &Tree,
    codes: &[Option<&Codes>; 4],
) -> (Vec<u8>, Vec<usize>) {
    let mut w = Writer {
        out: Vec::with_capacity(page.items.len() * 48),
        open: None,
        mcids: Vec::new(),
        fill: None,
        stroke: None,
        line_width: None,
        font: None,
        glyphs: Vec::new(),
    };
    for item in &page.items {
        if matches!(item, Item::Text { text, .. } if text.is_empty()) {
            continue;
        }
        w.mark(item.tag(), tree);
        match item {
            Item::Rect {
                x,
                y,
                w: width,
                h,
                color,
                ..
            } => {
                w.fill(*color);
                w.nums(&[*x, PAGE_H - y - h, *width, *h]);
                w.out.extend_from_slice(b"re f\n");
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
                ..
            } => {
                w.stroke(*color, *width);
                w.nums(&[*x1, PAGE_H - y1]);
                w.out.extend_from_slice(b"m ");
                w.nums(&[*x2, PAGE_H - y2]);
                w.out.extend_from_slice(b"l S\n");
            }
            Item::Text {
                x,
                y,
                style,
                size,
                color,
                text,
                ..
            } => {
                w.fill(*color);
                w.out.extend_from_slice(b"BT\n");
                // The font and size are text state, which outlives each text object
                // (and the page has no `q`/`Q`): `Tf` only where they change.
                if w.font != Some((*style, *size)) {
                    file::name(&mut w.out, style.resource_id());
                    w.out.push(b' ');
                    w.nums(&[*size]);
                    w.out.extend_from_slice(b"Tf\n");
                    w.font = Some((*style, *size));
                }
                w.nums(&[*x, PAGE_H - y]);
                w.out.extend_from_slice(b"Td\n");
                w.glyphs.clear();
                if let Some(codes) = codes[style.index()] {
                    for c in text.chars() {
                        w.glyphs.extend_from_slice(&codes.code(c).to_be_bytes());
                    }
                }
                file::literal(&mut w.out, &w.glyphs);
                w.out.extend_from_slice(b" Tj\nET\n");
            }
        }
    }
    w.close();
    (w.out, w.mcids)
}

struct Writer {
    out: Vec<u8>,
    /// The tag whose marked-content sequence is open.
    open: Option<Tag>,
    mcids: Vec<usize>,
    fill: Option<Color>,
    stroke: Option<Color>,
    line_width: Option<f32>,
    font: Option<(FontStyle, f32)>,
    /// The glyph codes of the text being written (kept to spare an allocation per text).
    glyphs: Vec<u8>,
}

impl Writer {
    /// Numbers, each followed by a space.
    fn nums(&mut self, values: &[f32]) {
        for v in values {
            num(&mut self.out, *v, POS);
            self.out.push(b' ');
        }
    }

    fn color(&mut self, c: Color) {
        for v in [c.0, c.1, c.2] {
            num(&mut self.out, v.clamp(0.0, 1.0), COLOR);
            self.out.push(b' ');
        }
    }

    fn fill(&mut self, c: Color) {
        if self.fill != Some(c) {
            self.color(c);
            self.out.extend_from_slice(b"rg\n");
            self.fill = Some(c);
        }
    }

    fn stroke(&mut self, c: Color, width: f32) {
        if self.stroke != Some(c) {
            self.color(c);
            self.out.extend_from_slice(b"RG\n");
            self.stroke = Some(c);
        }
        if self.line_width != Some(width) {
            self.nums(&[width]);
            self.out.extend_from_slice(b"w\n");
            self.line_width = Some(width);
        }
    }

    /// Open the marked-content sequence for `tag` unless it is the one open:
    /// `/Role <</MCID n>> BDC` for content (`mcids[n]` is the structure element),
    /// `/Artifact BMC` for the rest.
    fn mark(&mut self, tag: Tag, tree: &Tree) {
        if self.open == Some(tag) {
            return;
        }
        self.close();
        match tag {
            Tag::Node(n) => {
                let role = tree.nodes.get(n).map_or("Span", |node| node.role.name());
                file::name(&mut self.out, role);
                self.out.extend_from_slice(b" <</MCID ");
                file::int(&mut self.out, self.mcids.len() as u64);
                self.out.extend_from_slice(b">> BDC\n");
                self.mcids.push(n);
            }
            Tag::Artifact | Tag::Inherit => self.out.extend_from_slice(b"/Artifact BMC\n"),
        }
        self.open = Some(tag);
    }

    fn close(&mut self) {
        if self.open.take().is_some() {
            self.out.extend_from_slice(b"EMC\n");
        }
    }
}
