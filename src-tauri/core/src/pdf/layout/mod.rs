//! Layout: blocks become fragments (unbreakable horizontal slices: one text line, one
//! table row, one chart bar …), and fragments are stacked onto pages.
//!
//! Coordinates are points, `y` grows downwards from the top of the page; the emitter
//! flips them for PDF.
//!
//! | module | owns |
//! | --- | --- |
//! | `text` | measuring, wrapping and shortening text |
//! | `flow` | the column of fragments and the dispatch from blocks |
//! | `blocks` | title, headings, paragraphs, lists, facts, notices, quotes, rules |
//! | `table` | tables |
//! | `chart` | bar charts |
//! | `paginate` | fragments onto pages |
//! | `running` | the running header and footer |

mod blocks;
mod chart;
mod flow;
mod paginate;
mod running;
mod table;
mod text;

use super::fonts::{fonts, FontStyle};
use super::structure::{Tag, Tree};
use super::{Color, Document};
use paginate::Placed;

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
        tag: Tag,
    },
    /// `y` is the top edge.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Color,
        tag: Tag,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Color,
        tag: Tag,
    },
}

impl Item {
    fn shifted(mut self, dy: f32) -> Item {
        match &mut self {
            Item::Text { y, .. } | Item::Rect { y, .. } => *y += dy,
            Item::Line { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
        }
        self
    }

    pub fn tag(&self) -> Tag {
        match self {
            Item::Text { tag, .. } | Item::Rect { tag, .. } | Item::Line { tag, .. } => *tag,
        }
    }

    pub fn set_tag(&mut self, t: Tag) {
        match self {
            Item::Text { tag, .. } | Item::Rect { tag, .. } | Item::Line { tag, .. } => *tag = t,
        }
    }

    /// The item with `t` as its tag.
    pub fn tagged(mut self, t: Tag) -> Item {
        self.set_tag(t);
        self
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

const BODY_TOP: f32 = MARGIN_TOP;
const BODY_BOTTOM: f32 = PAGE_H - MARGIN_BOTTOM;

pub fn layout(doc: &Document) -> Vec<Page> {
    layout_tagged(doc).0
}

/// The pages, and the structure tree their items' tags refer to.
pub fn layout_tagged(doc: &Document) -> (Vec<Page>, Tree) {
    let set = fonts();
    let mut flow = flow::build_flow(doc);
    let pages = paginate::paginate(&flow.frags, &flow.headers, BODY_TOP, BODY_BOTTOM);

    let total = pages.len();
    let mut out = Vec::with_capacity(total);
    for (pi, placed) in pages.iter().enumerate() {
        let mut page = Page::default();
        // Box backgrounds first, so the boxes' content is drawn over them.
        page.items.extend(group_backgrounds(&flow, placed));
        for (p, fy) in placed {
            match *p {
                // Every fragment of the flow is placed once: its items move to the page.
                Placed::Frag(i) => {
                    if let Some(f) = flow.frags.get_mut(i) {
                        page.items
                            .extend(f.items.drain(..).map(|it| it.shifted(*fy)));
                    }
                }
                // The repeated header is there for the eye; the table's structure has
                // its header once.
                Placed::Header(t) => {
                    if let Some(h) = flow.headers.get(t) {
                        page.items.extend(
                            h.items
                                .iter()
                                .map(|it| it.clone().shifted(*fy).tagged(Tag::Artifact)),
                        );
                    }
                }
            }
        }
        running::running_header(set, &doc.setup, &mut page, pi + 1, total, flow.base);
        out.push(page);
    }
    (out, flow.tree)
}

/// Each box's fill and accent stripe, spanning the box's fragments on this page.
fn group_backgrounds(flow: &flow::Flow, placed: &[(Placed, f32)]) -> Vec<Item> {
    let mut items = Vec::new();
    for (gid, g) in flow.groups.iter().enumerate() {
        let mut top = f32::MAX;
        let mut bottom = f32::MIN;
        for (p, fy) in placed {
            let Some(f) = p.of(&flow.frags, &flow.headers) else {
                continue;
            };
            if f.group == Some(gid) {
                top = top.min(*fy);
                bottom = bottom.max(fy + f.h);
            }
        }
        if top < bottom {
            items.push(Item::Rect {
                x: g.x,
                y: top,
                w: g.w,
                h: bottom - top,
                color: g.fill,
                tag: Tag::Artifact,
            });
            items.push(Item::Rect {
                x: g.x,
                y: top,
                w: 3.5,
                h: bottom - top,
                color: g.accent,
                tag: Tag::Artifact,
            });
        }
    }
    items
}

#[cfg(test)]
fn test_doc(blocks: Vec<super::Block>) -> Document {
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
