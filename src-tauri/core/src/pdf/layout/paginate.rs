//! Pagination: the flow's fragments placed on pages, where each page's offset is only
//! known once everything before it is placed.

use super::Frag;

/// A fragment placed on a page: one of the flow's, or a table's header repeated where
/// the table continues (drawn as an artifact).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Placed {
    Frag(usize),
    Header(usize),
}

impl Placed {
    /// The fragment itself.
    pub(super) fn of<'a>(self, frags: &'a [Frag], headers: &'a [Frag]) -> Option<&'a Frag> {
        match self {
            Placed::Frag(i) => frags.get(i),
            Placed::Header(t) => headers.get(t),
        }
    }
}

/// Stack fragments onto pages: honour forced breaks and keep-with-next chains, and
/// repeat a table's header row at the top of every page the table continues on. Each
/// page lists what is placed on it, with the fragment's top.
pub(super) fn paginate(
    frags: &[Frag],
    headers: &[Frag],
    body_top: f32,
    body_bottom: f32,
) -> Vec<Vec<(Placed, f32)>> {
    let body_h = body_bottom - body_top;
    let mut pages: Vec<Vec<(Placed, f32)>> = vec![Vec::new()];
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
        let need = kept_height(frags, i, body_h);
        if !fresh && y + sb + need > body_bottom + 0.01 {
            pages.push(Vec::new());
            y = body_top;
            fresh = true;
            at_top = true;
            if let (Some(t), false) = (f.table, f.is_header) {
                if let (Some(h), Some(page)) = (headers.get(t), pages.last_mut()) {
                    let top = y;
                    y += h.h;
                    page.push((Placed::Header(t), top));
                    at_top = false;
                }
            }
            continue;
        }
        y += sb;
        if let Some(page) = pages.last_mut() {
            page.push((Placed::Frag(i), y));
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

/// Height that must fit together: fragment `i` and every following one it is kept with
/// (only `i` itself when the chain could never fit on one page).
fn kept_height(frags: &[Frag], i: usize, body_h: f32) -> f32 {
    let f = &frags[i];
    if !f.keep_next {
        return f.h;
    }
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
        total
    } else {
        f.h
    }
}

#[cfg(test)]
mod tests {
    use super::super::flow::build_flow;
    use super::super::{test_doc, BODY_BOTTOM, BODY_TOP};
    use super::*;
    use crate::pdf::Block;

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
        let flow = build_flow(&test_doc(blocks));
        let pages = paginate(&flow.frags, &flow.headers, BODY_TOP, BODY_BOTTOM);
        assert!(pages.len() > 5);
        for (n, page) in pages.iter().enumerate().take(pages.len() - 1) {
            let frag = |p: &(Placed, f32)| p.0.of(&flow.frags, &flow.headers);
            let last = page.last().and_then(frag).map(|f| f.keep_next);
            assert_eq!(
                last,
                Some(false),
                "page {} ends with a kept fragment",
                n + 1
            );
            let bottom = page
                .last()
                .and_then(|p| Some(p.1 + frag(p)?.h))
                .unwrap_or(0.0);
            assert!(bottom <= BODY_BOTTOM + 0.01, "page {} overflows", n + 1);
        }
    }
}
