//! Parts of a laid-out chart: what meets a region of it, where it opens, the next marker for
//! the arrow keys, and the chart as a list in date order.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    item_key, Bounds, TimelineCluster, TimelineItem, TimelineLayout, TimelineMeta, AXIS_H, ROW_H,
};
use crate::support::fold::swedish_key;

/// Rows the list shows at a time, and adds at a time.
pub const LIST_PAGE: u32 = 100;

/// A part of the chart, in the chart's pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct TimelineRegion {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

impl TimelineRegion {
    fn meets(&self, b: &Bounds) -> bool {
        b.x1 >= self.left
            && b.x0 <= self.left + self.width
            && b.y1 >= self.top
            && b.y0 <= self.top + self.height
    }
}

/// Where the chart opens in a scroll box of this size: at `target` (an item's key), else
/// with `day` (a day number) in the middle and scrolled down to `top`, else at today; the
/// answer holds what meets the box grown by `margin` on every side.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
pub struct TimelineOpening {
    pub width: f64,
    pub height: f64,
    pub margin: f64,
    pub target: Option<String>,
    pub day: Option<f64>,
    pub top: Option<f64>,
}

/// Where the chart's scroll box is scrolled to.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct TimelineScroll {
    pub left: f64,
    pub top: f64,
}

/// What the window draws: the chart's size and months, and the markers and clusters in a
/// region of it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TimelineView {
    pub meta: TimelineMeta,
    /// The region `items` and `clusters` are of.
    pub region: TimelineRegion,
    pub items: Vec<TimelineItem>,
    pub clusters: Vec<TimelineCluster>,
    /// Where the chart opens, when asked.
    pub scroll: Option<TimelineScroll>,
}

/// A marker's or cluster's place on the chart.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TimelinePlace {
    pub key: String,
    pub x: f64,
    pub y: f64,
    /// The item is held by a cluster (not drawn on its own at this zoom).
    pub clustered: bool,
}

/// A page of the chart as a list: every dated item by date, then kind, then title.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TimelineList {
    pub total: u32,
    pub from: u32,
    pub to: u32,
    pub rows: Vec<TimelineItem>,
}

impl TimelineLayout {
    /// The markers and clusters that meet `region`, and the one with key `keep` (the focused
    /// one) wherever it is.
    pub fn view(&self, region: TimelineRegion, keep: Option<&str>) -> TimelineView {
        let items = self
            .items
            .iter()
            .filter(|i| region.meets(&i.bounds) || keep.is_some_and(|k| i.has_key(k)))
            .cloned()
            .collect();
        let clusters = self
            .clusters
            .iter()
            .filter(|c| region.meets(&c.bounds) || keep == Some(c.key.as_str()))
            .cloned()
            .collect();
        TimelineView {
            meta: self.meta.clone(),
            region,
            items,
            clusters,
            scroll: None,
        }
    }

    /// Where the chart opens in a scroll box `width` × `height`: at the item with key
    /// `target` (a third in from the left, in the middle from the top), else today a third in
    /// from the left and down to the first marker in that stretch of time.
    pub fn opening(&self, width: f64, height: f64, target: Option<&str>) -> TimelineScroll {
        let max_left = (self.meta.width - width).max(0.0);
        let max_top = (self.meta.height - height).max(0.0);
        let clamp = |v: f64, max: f64| v.min(max).max(0.0).round();
        if let Some(p) = target.and_then(|k| self.find(k)) {
            return TimelineScroll {
                left: clamp(p.x - width / 3.0, max_left),
                top: clamp(p.y - height / 2.0, max_top),
            };
        }
        let left = self
            .meta
            .today_x
            .map_or(0.0, |x| clamp(x - width / 3.0, max_left));
        let stretch = TimelineRegion {
            left,
            top: 0.0,
            width,
            height: self.meta.height,
        };
        let first = self
            .items
            .iter()
            .map(|i| (i.y, &i.bounds))
            .chain(self.clusters.iter().map(|c| (c.y, &c.bounds)))
            .filter(|(_, b)| stretch.meets(b))
            .map(|(y, _)| y)
            .fold(f64::INFINITY, f64::min);
        let top = if first.is_finite() {
            clamp(first - AXIS_H - ROW_H, max_top)
        } else {
            0.0
        };
        TimelineScroll { left, top }
    }

    /// Where the chart opens as `open` asks (see [`TimelineOpening`]).
    pub fn open_at(&self, open: &TimelineOpening) -> TimelineScroll {
        let target = open.target.as_deref();
        match open.day {
            Some(day) if target.is_none() => {
                let max_left = (self.meta.width - open.width).max(0.0);
                let max_top = (self.meta.height - open.height).max(0.0);
                let x = super::PAD_X + (day - self.meta.start as f64) * self.meta.px_per_day;
                TimelineScroll {
                    left: (x - open.width / 2.0).min(max_left).max(0.0).round(),
                    top: open.top.unwrap_or(0.0).min(max_top).max(0.0).round(),
                }
            }
            _ => self.opening(open.width, open.height, target),
        }
    }

    /// Where the marker or cluster with key `key` is; an item a cluster holds is where the
    /// cluster's lane is.
    pub fn find(&self, key: &str) -> Option<TimelinePlace> {
        let place = |i: &TimelineItem, clustered| TimelinePlace {
            key: key.to_string(),
            x: i.x,
            y: i.y,
            clustered,
        };
        let is = |i: &&TimelineItem| i.has_key(key);
        if let Some(i) = self.items.iter().find(is) {
            return Some(place(i, false));
        }
        if let Some(c) = self.clusters.iter().find(|c| c.key == key) {
            return Some(TimelinePlace {
                key: key.to_string(),
                x: c.x,
                y: c.y,
                clustered: false,
            });
        }
        self.clustered.iter().find(is).map(|i| place(i, true))
    }

    /// The marker or cluster after (or before) the one with key `key` in reading order: by
    /// x, then top to bottom. `None` at either end, or for a key not drawn.
    pub fn step(&self, key: &str, forward: bool) -> Option<TimelinePlace> {
        let order = self.reading_order.get_or_init(|| {
            let mut all: Vec<usize> = (0..self.items.len() + self.clusters.len()).collect();
            all.sort_by(|&a, &b| {
                let (a, b) = (self.reading_point(a), self.reading_point(b));
                a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1))
            });
            all
        });
        let has_key = |n: usize| match self.items.get(n) {
            Some(i) => i.has_key(key),
            None => self.clusters[n - self.items.len()].key == key,
        };
        let here = order.iter().position(|&n| has_key(n))?;
        let next = *if forward {
            order.get(here + 1)
        } else {
            here.checked_sub(1).and_then(|i| order.get(i))
        }?;
        let (x, y) = self.reading_point(next);
        let key = match self.items.get(next) {
            Some(i) => item_key(i.kind, &i.id),
            None => self.clusters[next - self.items.len()].key.clone(),
        };
        Some(TimelinePlace {
            key,
            x,
            y,
            clustered: false,
        })
    }

    /// Where marker `n` of the reading order's numbering is: the items', then the clusters'.
    fn reading_point(&self, n: usize) -> (f64, f64) {
        match self.items.get(n) {
            Some(i) => (i.x, i.y),
            None => {
                let c = &self.clusters[n - self.items.len()];
                (c.x, c.y)
            }
        }
    }

    /// The rows `from`–`to` of the chart as a list (every dated item, clustered or not, by
    /// date, kind and title). Without `from`, the page the list opens at: all of a short list,
    /// else a page starting at the first row dated `today` or later.
    pub fn list(&self, from: Option<u32>, to: Option<u32>, today: &str) -> TimelineList {
        let placed = self.items.len();
        let row = |n: usize| {
            if n < placed {
                &self.items[n]
            } else {
                &self.clustered[n - placed]
            }
        };
        let order = self.list_order.get_or_init(|| {
            let mut all: Vec<usize> = (0..placed + self.clustered.len()).collect();
            all.sort_by_cached_key(|&n| {
                let i = row(n);
                (
                    i.date.clone(),
                    i.kind.code(),
                    swedish_key(&i.title),
                    i.title.clone(),
                )
            });
            all
        });
        let total = order.len() as u32;
        let (from, to) = match from {
            Some(f) => {
                let f = f.min(total);
                (f, to.unwrap_or(f + LIST_PAGE).clamp(f, total))
            }
            None if total <= LIST_PAGE => (0, total),
            None => {
                let first = order.partition_point(|&n| row(n).date.as_str() < today) as u32;
                let f = first.min(total - LIST_PAGE);
                (f, f + LIST_PAGE)
            }
        };
        TimelineList {
            total,
            from,
            to,
            rows: order[from as usize..to as usize]
                .iter()
                .map(|&n| row(n).clone())
                .collect(),
        }
    }
}
