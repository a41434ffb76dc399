//! The running header and footer: project and document names, and the page label, which
//! needs the page total and so is drawn after pagination.

use super::text::ellipsize;
use super::{
    Item, Page, FOOTER_BASELINE, FOOTER_RULE, HEADER_BASELINE, HEADER_RULE, MARGIN_X, PAGE_W,
};
use crate::pdf::fonts::{FontSet, FontStyle};
use crate::pdf::structure::Tag;
use crate::pdf::{palette, Color, PageSetup};

/// Header and footer of page `n` of `m`. The first page carries the title block, so it
/// has no header.
pub(super) fn running_header(
    set: &FontSet,
    setup: &PageSetup,
    page: &mut Page,
    n: usize,
    m: usize,
    base: f32,
) {
    let size = (base * 0.78).max(7.5);
    if n > 1 && (!setup.header_left.is_empty() || !setup.header_right.is_empty()) {
        header(set, setup, page, size);
    }
    footer(set, setup, page, n, m, size);
}

fn header(set: &FontSet, s: &PageSetup, page: &mut Page, size: f32) {
    let w = PAGE_W - 2.0 * MARGIN_X;
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
        tag: Tag::Artifact,
    });
}

/// The footer's left text gives way to the page label.
fn footer(set: &FontSet, s: &PageSetup, page: &mut Page, n: usize, m: usize, size: f32) {
    let w = PAGE_W - 2.0 * MARGIN_X;
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
        tag: Tag::Artifact,
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
        tag: Tag::Artifact,
    }
}
