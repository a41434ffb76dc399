//! Tables: column widths (by weight, or from the content), rows cut into fragments no
//! taller than half a page, and the header row kept for repeating on later pages.

use super::flow::Flow;
use super::text::{tokenize, wrap, Line, TextStyle, Tok};
use super::{Frag, Item};
use crate::pdf::file::on_two_threads;
use crate::pdf::fonts::FontSet;
use crate::pdf::structure::{Role, Scope, Tag};
use crate::pdf::{palette, Align, Span, Table};

/// Tables with at least this many rows have them wrapped on two threads (a thread costs
/// more than a few rows take).
const PARALLEL_ROWS: usize = 64;

#[derive(Clone, Copy)]
enum RowKind {
    Header,
    /// `true` for the shaded (odd) rows.
    Body(bool),
    Footer,
}

/// One table's measures, worked out once before its rows are laid out.
struct Geometry {
    x: f32,
    w: f32,
    size: f32,
    lh: f32,
    padx: f32,
    pady: f32,
    bl: f32,
    widths: Vec<f32>,
    /// Left edge of each column.
    xs: Vec<f32>,
    /// This table's index among the flow's repeated headers.
    tid: usize,
    /// Lines per fragment, so that no fragment is taller than half a page.
    max_lines: usize,
}

fn cell(row: &[Vec<Span>], i: usize) -> &[Span] {
    row.get(i).map_or(&[], Vec::as_slice)
}

impl Flow {
    pub(super) fn table(&mut self, t: &Table, x: f32, w: f32) {
        let ncols = t.columns.len();
        if ncols == 0 {
            return;
        }
        let base = self.base;
        let size = if t.compact { base * 0.8 } else { base * 0.88 };
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
        let g = self.geometry(t, &header, (head_ts, body_ts), x, w);

        let table = self.enter(Role::Table);
        let head_cells = cell_lines(self.set, &g, &header, head_ts);
        let head_tags = self.row_nodes(ncols, Role::TH(Scope::Column));
        let mut head = self.row_frags(&g, t, &head_cells, &head_tags, RowKind::Header);
        let head_frag = head.remove(0);
        self.headers.push(head_frag.clone());
        self.space(base * 0.5);
        self.push(head_frag);
        // Wrapping the cells' text is most of a long table's layout, and each row's is its
        // own: a long table's rows are wrapped on two threads.
        let set = self.set;
        let wrap_row = |row: &Vec<Vec<Span>>| cell_lines(set, &g, row, body_ts);
        let bodies = if t.rows.len() >= PARALLEL_ROWS {
            on_two_threads(&t.rows, wrap_row)
        } else {
            t.rows.iter().map(wrap_row).collect()
        };
        for (ri, cells) in bodies.iter().enumerate() {
            let tags = self.row_nodes(ncols, Role::TD);
            for f in self.row_frags(&g, t, cells, &tags, RowKind::Body(ri % 2 == 1)) {
                self.push(f);
            }
        }
        if let Some(footer) = &t.footer {
            let cells = cell_lines(self.set, &g, footer, head_ts);
            let tags = self.row_nodes(ncols, Role::TD);
            for f in self.row_frags(&g, t, &cells, &tags, RowKind::Footer) {
                self.push(f);
            }
        }
        self.leave(table);
        self.space(base * 0.9);
    }

    fn geometry(
        &self,
        t: &Table,
        header: &[Vec<Span>],
        (head_ts, body_ts): (TextStyle, TextStyle),
        x: f32,
        w: f32,
    ) -> Geometry {
        let size = body_ts.size;
        let lh = size * 1.3;
        let padx = size * 0.55;
        let pady = size * 0.4;
        let widths: Vec<f32> = if t.columns.iter().all(|c| c.weight > 0.0) {
            let sum: f32 = t.columns.iter().map(|c| c.weight).sum();
            t.columns.iter().map(|c| w * c.weight / sum).collect()
        } else {
            let all_rows = std::iter::once((header, head_ts))
                .chain(t.rows.iter().map(|r| (r.as_slice(), body_ts)))
                .chain(t.footer.iter().map(|r| (r.as_slice(), head_ts)));
            let (natural, minimum) = content_widths(self.set, all_rows, t.columns.len(), padx);
            fit_widths(natural, minimum, w)
        };
        let xs: Vec<f32> = widths
            .iter()
            .scan(x, |acc, cw| {
                let cx = *acc;
                *acc += cw;
                Some(cx)
            })
            .collect();
        Geometry {
            x,
            w,
            size,
            lh,
            padx,
            pady,
            bl: self.baseline(size, lh),
            widths,
            xs,
            tid: self.headers.len(),
            max_lines: ((self.body_h * 0.5 - 2.0 * pady) / lh).floor().max(3.0) as usize,
        }
    }

    /// A row element in the current table and one cell element of `role` per column.
    fn row_nodes(&mut self, ncols: usize, role: Role) -> Vec<Tag> {
        let row = self.tree.open(self.node, Role::TR);
        (0..ncols)
            .map(|_| Tag::Node(self.tree.open(row, role)))
            .collect()
    }

    /// A row as one fragment, or several when it is taller than `max_lines`; the pieces
    /// of a row, and a header with the first row, are kept together where they fit.
    fn row_frags(
        &self,
        g: &Geometry,
        t: &Table,
        cells: &[Vec<Line>],
        tags: &[Tag],
        kind: RowKind,
    ) -> Vec<Frag> {
        let n = cells.iter().map(|c| c.len()).max().unwrap_or(0).max(1);
        let mut out = Vec::new();
        let mut start = 0;
        while start < n {
            let end = (start + g.max_lines).min(n);
            let h = (end - start) as f32 * g.lh + 2.0 * g.pady;
            let mut items: Vec<Item> = row_background(g, kind, h).into_iter().collect();
            for (ci, lines) in cells.iter().enumerate() {
                for (li, line) in lines.iter().enumerate().take(end).skip(start) {
                    let lx = match t.columns[ci].align {
                        Align::Left => g.xs[ci] + g.padx,
                        Align::Right => g.xs[ci] + g.widths[ci] - g.padx - line.width,
                    };
                    let y = g.pady + (li - start) as f32 * g.lh + g.bl;
                    let tag = tags.get(ci).copied().unwrap_or(Tag::Inherit);
                    let line = self.text_items(line, lx, y, g.size);
                    items.extend(line.into_iter().map(|it| it.tagged(tag)));
                }
            }
            items.extend(row_rules(g, kind, h));
            out.push(Frag {
                h,
                items,
                table: Some(g.tid),
                is_header: matches!(kind, RowKind::Header),
                keep_next: end < n || matches!(kind, RowKind::Header),
                ..Frag::default()
            });
            start = end;
        }
        out
    }
}

/// Each cell of a row wrapped to its column.
fn cell_lines(set: &FontSet, g: &Geometry, row: &[Vec<Span>], ts: TextStyle) -> Vec<Vec<Line>> {
    (0..g.widths.len())
        .map(|i| {
            wrap(
                set,
                &tokenize(set, cell(row, i), ts),
                g.widths[i] - 2.0 * g.padx,
                g.size,
            )
        })
        .collect()
}

/// The header is tinted and body rows are striped, to guide the eye along a row.
fn row_background(g: &Geometry, kind: RowKind, h: f32) -> Option<Item> {
    let color = match kind {
        RowKind::Header => palette::ACCENT_LIGHT,
        RowKind::Body(true) => palette::ZEBRA,
        _ => return None,
    };
    Some(Item::Rect {
        x: g.x,
        y: 0.0,
        w: g.w,
        h,
        color,
        tag: Tag::Artifact,
    })
}

/// A strong line under the header and over the footer; a thin one under every other row.
fn row_rules(g: &Geometry, kind: RowKind, h: f32) -> Vec<Item> {
    let line = |y: f32, width: f32, color| Item::Line {
        x1: g.x,
        y1: y,
        x2: g.x + g.w,
        y2: y,
        width,
        color,
        tag: Tag::Artifact,
    };
    match kind {
        RowKind::Header => vec![line(h, 0.9, palette::ACCENT)],
        RowKind::Footer => vec![line(0.0, 0.9, palette::TEXT), line(h, 0.4, palette::RULE)],
        RowKind::Body(_) => vec![line(h, 0.4, palette::RULE)],
    }
}

/// Each column's natural width (its longest line unwrapped) and minimum width (its
/// longest word), padding included.
fn content_widths<'a>(
    set: &FontSet,
    rows: impl Iterator<Item = (&'a [Vec<Span>], TextStyle)>,
    ncols: usize,
    padx: f32,
) -> (Vec<f32>, Vec<f32>) {
    let mut natural = vec![0.0f32; ncols];
    let mut minimum = vec![0.0f32; ncols];
    for (row, ts) in rows {
        for (i, (nat, min)) in natural.iter_mut().zip(minimum.iter_mut()).enumerate() {
            let toks = tokenize(set, cell(row, i), ts);
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
    (natural, minimum)
}

/// Widths that fill `w`: natural widths when they fit; otherwise every column gets its
/// minimum and the rest is shared by how much each would like to grow. No column's
/// minimum may claim more than one and a half equal shares.
fn fit_widths(natural: Vec<f32>, mut minimum: Vec<f32>, w: f32) -> Vec<f32> {
    let ncols = natural.len();
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
}

#[cfg(test)]
mod tests {
    use super::super::{layout, test_doc, Item, PAGE_H};
    use crate::pdf::{Block, Span, Table};

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
        let pages = layout(&test_doc(vec![Block::Table(table)]));
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
}
