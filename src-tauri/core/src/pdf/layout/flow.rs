//! The flow: blocks become a single column of fragments, with the spacing between them
//! and the keep-with-next marks pagination honours.

use super::text::{tokenize, wrap, Line, TextStyle};
use super::{Frag, Group, Item, BODY_BOTTOM, BODY_TOP, MARGIN_X, PAGE_W};
use crate::pdf::fonts::{fonts, FontSet, FontStyle};
use crate::pdf::structure::{Role, Tag, Tree};
use crate::pdf::{Block, Document, Span};

pub(super) struct Flow {
    pub set: &'static FontSet,
    /// Body type size; every other size and space is a multiple of it.
    pub base: f32,
    pub frags: Vec<Frag>,
    /// Each table's header row, repeated where the table continues on a new page.
    pub headers: Vec<Frag>,
    /// Shaded boxes; fragments refer to them by index.
    pub groups: Vec<Group>,
    /// The box the next fragments belong to.
    pub group: Option<usize>,
    /// Space before the next fragment: the larger of what the blocks on either side ask.
    pub pending: f32,
    pub list_depth: usize,
    /// Usable height of a page body.
    pub body_h: f32,
    /// The structure tree, in reading order.
    pub tree: Tree,
    /// The element that untagged items of the next fragments belong to.
    pub node: usize,
}

/// Lay the document's blocks out in one column the width of the page body.
pub(super) fn build_flow(doc: &Document) -> Flow {
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
        tree: Tree::default(),
        node: 0,
    };
    flow.blocks(&doc.blocks, MARGIN_X, PAGE_W - 2.0 * MARGIN_X);
    flow
}

impl Flow {
    pub(super) fn space(&mut self, s: f32) {
        self.pending = self.pending.max(s);
    }

    pub(super) fn push(&mut self, mut f: Frag) {
        f.space_before = f.space_before.max(self.pending);
        self.pending = 0.0;
        if f.group.is_none() {
            f.group = self.group;
        }
        for it in &mut f.items {
            if it.tag() == Tag::Inherit {
                it.set_tag(Tag::Node(self.node));
            }
        }
        self.frags.push(f);
    }

    /// A new structure element inside the current one; it becomes the current one.
    /// Returns the element to go back to with [`Flow::leave`].
    pub(super) fn enter(&mut self, role: Role) -> usize {
        let outer = self.node;
        self.node = self.tree.open(outer, role);
        outer
    }

    pub(super) fn leave(&mut self, outer: usize) {
        self.node = outer;
    }

    /// Wrapped text as one element of `role`.
    pub(super) fn text_element(
        &mut self,
        role: Role,
        spans: &[Span],
        ts: TextStyle,
        x: f32,
        w: f32,
        keep_all: bool,
    ) {
        let outer = self.enter(role);
        self.text_block(spans, ts, x, w, keep_all);
        self.leave(outer);
    }

    pub(super) fn line_height(&self, size: f32) -> f32 {
        size * 1.38
    }

    /// Baseline offset of text of `size` inside a line box of height `lh`.
    pub(super) fn baseline(&self, size: f32, lh: f32) -> f32 {
        let face = self.set.face(FontStyle::Regular);
        let asc = face.ascender();
        let desc = face.descender();
        (lh - (asc + desc) * size) / 2.0 + asc * size
    }

    /// The line's runs as text items. After a line that broke at a space, the last run
    /// ends with one (invisible, past the measured width), so that text read from the
    /// document does not run the last word of a line into the first of the next.
    pub(super) fn text_items(&self, line: &Line, x: f32, baseline: f32, size: f32) -> Vec<Item> {
        let last = line.runs.len().saturating_sub(1);
        line.runs
            .iter()
            .enumerate()
            .map(|(i, (rx, r))| {
                let mut text = r.text.clone();
                if line.soft_break && i == last {
                    text.push(' ');
                }
                Item::Text {
                    x: x + rx,
                    y: baseline,
                    style: r.style,
                    size,
                    color: r.color,
                    text,
                    tag: Tag::Inherit,
                }
            })
            .collect()
    }

    /// Lines of wrapped text as fragments; orphan/widow control keeps the first two and
    /// the last two lines together.
    pub(super) fn text_block(
        &mut self,
        spans: &[Span],
        ts: TextStyle,
        x: f32,
        w: f32,
        keep_all: bool,
    ) {
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

    pub(super) fn blocks(&mut self, blocks: &[Block], x: f32, w: f32) {
        for b in blocks {
            self.block(b, x, w);
        }
    }

    fn block(&mut self, b: &Block, x: f32, w: f32) {
        match b {
            Block::Title {
                kicker,
                title,
                subtitle,
            } => self.title(kicker, title, subtitle.as_deref(), x, w),
            Block::Heading { level, spans } => self.heading(*level, spans, x, w),
            Block::Paragraph { spans, style } => self.paragraph(spans, *style, x, w),
            Block::List {
                ordered,
                start,
                items,
            } => self.list(*ordered, *start, items, x, w),
            Block::Table(t) => self.table(t, x, w),
            Block::Facts(rows) => self.facts(rows, x, w),
            Block::Notice { kind, title, body } => self.notice(*kind, title, body, x, w),
            Block::Quote {
                spans,
                attribution,
                lang,
            } => self.quote(spans, attribution.as_deref(), lang.as_deref(), x, w),
            Block::Indented(blocks) => self.indented(blocks, x, w),
            Block::BarChart(c) => self.bar_chart(c, x, w),
            Block::Rule => self.rule(x, w),
            Block::Spacer(s) => self.space(*s),
            Block::PageBreak => self.page_break(),
        }
    }
}
