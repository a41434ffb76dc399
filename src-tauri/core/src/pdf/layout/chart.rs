//! Horizontal bar charts: a label column, bars scaled to the largest value, and the
//! count at the end of each bar.

use super::flow::Flow;
use super::text::{tokenize, wrap, Line, TextStyle};
use super::{Frag, Item};
use crate::pdf::fonts::{clean_text, FontStyle};
use crate::pdf::structure::{Role, Tag};
use crate::pdf::{palette, BarChart, Span};

/// One chart's measures, shared by its bars.
struct Geometry {
    x: f32,
    size: f32,
    lh: f32,
    bl: f32,
    bar_h: f32,
    gap: f32,
    ts: TextStyle,
    label_w: f32,
    bar_x: f32,
    /// Room for the longest bar.
    bar_area: f32,
    max: u64,
}

impl Flow {
    /// The caption, then one fragment per bar, all kept together where they fit.
    pub(super) fn bar_chart(&mut self, c: &BarChart, x: f32, w: f32) {
        let base = self.base;
        self.space(base * 0.5);
        if let Some(cap) = &c.caption {
            let ts = TextStyle {
                size: base * 0.95,
                color: palette::TEXT,
                bold: true,
                italic: false,
            };
            self.text_element(Role::P, &[Span::plain(cap.clone())], ts, x, w, true);
            self.space(base * 0.3);
        }
        if c.bars.is_empty() {
            return;
        }
        let g = self.chart_geometry(c, x, w);
        let figure = self.enter(Role::Figure);
        if let Some(node) = self.tree.nodes.get_mut(self.node) {
            node.alt = Some(alt_text(c));
        }
        let n = c.bars.len();
        for (i, (label, value)) in c.bars.iter().enumerate() {
            let f = self.bar_frag(&g, label, *value, &shown(c, i));
            self.push(Frag {
                keep_next: i + 1 < n,
                ..f
            });
        }
        self.leave(figure);
        self.space(base * 0.9);
    }

    /// The label column fits the widest label up to 38% of the width; the counts get
    /// room for the largest one.
    fn chart_geometry(&self, c: &BarChart, x: f32, w: f32) -> Geometry {
        let base = self.base;
        let size = base * 0.88;
        let lh = size * 1.3;
        let max = c.bars.iter().map(|b| b.1).max().unwrap_or(1).max(1);
        let label_widest = c
            .bars
            .iter()
            .map(|b| self.set.width(FontStyle::Regular, &clean_text(&b.0), size))
            .fold(0.0f32, f32::max);
        let label_w = label_widest.min(w * 0.38) + base;
        let count_w = (0..c.bars.len())
            .map(|i| {
                self.set
                    .width(FontStyle::Bold, &clean_text(&shown(c, i)), size)
            })
            .fold(0.0f32, f32::max)
            + base;
        Geometry {
            x,
            size,
            lh,
            bl: self.baseline(size, lh),
            bar_h: size * 1.05,
            gap: size * 0.55,
            ts: TextStyle {
                size,
                color: palette::TEXT,
                bold: false,
                italic: false,
            },
            label_w,
            bar_x: x + label_w,
            bar_area: (w - label_w - count_w).max(base),
            max,
        }
    }

    /// A bar with its label, the axis segment beside it and its count.
    fn bar_frag(&self, g: &Geometry, label: &str, value: u64, shown: &str) -> Frag {
        let lines = self.label_lines(g, label);
        let nl = lines.len().max(1);
        let h = nl as f32 * g.lh + g.gap;
        let top = g.gap / 2.0;
        let mut items = vec![Item::Line {
            x1: g.bar_x,
            y1: 0.0,
            x2: g.bar_x,
            y2: h,
            width: 0.6,
            color: palette::MUTED,
            tag: Tag::Inherit,
        }];
        for (li, line) in lines.iter().enumerate() {
            items.extend(self.text_items(line, g.x, top + li as f32 * g.lh + g.bl, g.size));
        }
        // A non-zero count always shows a sliver of bar, however small next to the largest.
        let len = if value == 0 {
            0.0
        } else {
            (g.bar_area * value as f32 / g.max as f32).max(1.5)
        };
        if len > 0.0 {
            items.push(Item::Rect {
                x: g.bar_x,
                y: top + (g.lh - g.bar_h) / 2.0,
                w: len,
                h: g.bar_h,
                color: palette::BAR,
                tag: Tag::Inherit,
            });
        }
        items.push(Item::Text {
            x: g.bar_x + len + self.base * 0.35,
            y: top + g.bl,
            style: FontStyle::Bold,
            size: g.size,
            color: palette::TEXT,
            text: shown.to_string(),
            tag: Tag::Inherit,
        });
        Frag {
            h,
            items,
            first_baseline: Some(top + g.bl),
            ..Frag::default()
        }
    }

    /// The label wrapped to its column, shortened with an ellipsis until it takes at
    /// most three lines.
    fn label_lines(&self, g: &Geometry, label: &str) -> Vec<Line> {
        let base = self.base;
        let mut label = label.to_string();
        let mut lines = wrap(
            self.set,
            &tokenize(self.set, &[Span::plain(label.clone())], g.ts),
            g.label_w - base,
            g.size,
        );
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
                &tokenize(self.set, &[Span::plain(label.clone())], g.ts),
                g.label_w - base,
                g.size,
            );
        }
        lines
    }
}

/// The chart's alternative text: the one given, or else the caption and every bar's label
/// and count.
fn alt_text(c: &BarChart) -> String {
    if !c.alt.trim().is_empty() {
        return c.alt.trim().to_string();
    }
    let bars = c
        .bars
        .iter()
        .enumerate()
        .map(|(i, (label, _))| format!("{}: {}", clean_text(label), clean_text(&shown(c, i))))
        .collect::<Vec<_>>()
        .join("; ");
    match &c.caption {
        Some(cap) if !cap.trim().is_empty() => format!("{}. {bars}", cap.trim()),
        _ => bars,
    }
}

/// The text at the end of bar `i`: the one given, else its count.
fn shown(c: &BarChart, i: usize) -> String {
    match c.shown.get(i) {
        Some(s) => s.clone(),
        None => c.bars.get(i).map(|b| b.1.to_string()).unwrap_or_default(),
    }
}
