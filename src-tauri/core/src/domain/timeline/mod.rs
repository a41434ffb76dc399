//! The timeline's layout: where each decision, key question, dialogue and commitment sits on
//! the chart, which of them share a lane and which are grouped in a cluster, and which are in
//! a given part of the chart. The window draws only the part it shows, and asks for it here:
//! ten thousand dialogues are laid out in the core once, and cross to the window a screen at
//! a time.

mod layout;
mod view;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::checks::{Severity, Warning};

pub use layout::TimelineData;
pub use view::{
    TimelineList, TimelineOpening, TimelinePlace, TimelineRegion, TimelineScroll, TimelineView,
};

pub const ROW_H: f64 = 30.0;
pub const AXIS_H: f64 = 44.0;
pub const PAD_X: f64 = 24.0;
/// The closest zoom: two weeks across the screen.
pub const MIN_DAYS: f64 = 14.0;
/// Lanes of single markers before the rest of a period is grouped in a cluster.
pub const MAX_ACTIVITY_LANES: usize = 6;
pub const MAX_COMMITMENT_LANES: usize = 4;
/// A generous average width of a 12px label character, when no widths were measured.
const CHAR_W: f64 = 7.0;
/// The gap between a marker and its label.
const LABEL_GAP: f64 = 14.0;
/// Horizontal room kept free between two blocks or markers in the same row.
const ROW_GAP: f64 = 12.0;
const QUARTER_DAYS: f64 = 92.0;
const YEAR_DAYS: f64 = 366.0;

/// A zoom preset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ZoomPreset {
    Quarter,
    Year,
    All,
}

/// How close the chart is: a preset, or the days one screen width shows.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(untagged)]
pub enum TimelineZoom {
    Preset(ZoomPreset),
    Days(f64),
}

/// The texts of a cluster's count, in the window's language: `{n}` is the number, written
/// with `group` between each three digits.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
pub struct ClusterTexts {
    pub activity_one: String,
    pub activity_many: String,
    pub commitment_one: String,
    pub commitment_many: String,
    pub group: String,
}

impl Default for ClusterTexts {
    fn default() -> Self {
        ClusterTexts {
            activity_one: "1".into(),
            activity_many: "{n}".into(),
            commitment_one: "1".into(),
            commitment_many: "{n}".into(),
            group: String::new(),
        }
    }
}

impl ClusterTexts {
    /// A cluster's text for `n` items of `of`.
    pub fn text(&self, n: usize, of: ItemKind) -> String {
        let template = match (of, n == 1) {
            (ItemKind::Commitment, true) => &self.commitment_one,
            (ItemKind::Commitment, false) => &self.commitment_many,
            (_, true) => &self.activity_one,
            (_, false) => &self.activity_many,
        };
        template.replace("{n}", &self.number(n))
    }

    fn number(&self, n: usize) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(&self.group);
            }
            out.push(d);
        }
        out
    }
}

/// What the window lays the chart out for. The same parameters give the same layout, which
/// the app keeps: `version` is the window's count of changes to the project it shows.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
pub struct TimelineParams {
    pub version: u32,
    pub zoom: TimelineZoom,
    /// The chart's visible width, in pixels.
    pub viewport_width: f64,
    /// `YYYY-MM-DD`.
    pub today: String,
    /// Items (by [`item_key`]) drawn on their own even where their period is grouped.
    pub expanded: Vec<String>,
    /// The planning warnings the window shows: a marker takes the worst of its own.
    pub warnings: Vec<Warning>,
    pub texts: ClusterTexts,
}

/// The widths of the characters U+0000–U+024F in each of the chart's label fonts, as the
/// window measured them; other characters count as the widest of these (at least the 7 px
/// estimate, which also stands in for a font sent empty).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
pub struct LabelFonts {
    /// Bold 12px: decisions and clusters.
    pub strong: Vec<f64>,
    /// 12px: key questions and commitments.
    pub normal: Vec<f64>,
    /// 11.5px: dialogues.
    pub small: Vec<f64>,
}

/// Label widths: measured in the window's fonts, or estimated.
#[derive(Debug, Clone, Default)]
pub struct TextWidth {
    fonts: Option<[(Vec<f64>, f64); 3]>,
}

impl TextWidth {
    pub fn measured(fonts: LabelFonts) -> TextWidth {
        let font = |w: Vec<f64>| {
            let widest = w.iter().copied().fold(CHAR_W, f64::max);
            (w, widest)
        };
        TextWidth {
            fonts: Some([font(fonts.strong), font(fonts.normal), font(fonts.small)]),
        }
    }

    /// The drawn width of `text` as a label of `kind` (a cluster's text when `None`): never
    /// less than the real width, as sums of characters ignore kerning (which only brings
    /// letters closer) and 2% is added on top.
    pub fn of(&self, text: &str, kind: Option<ItemKind>) -> f64 {
        let Some(fonts) = &self.fonts else {
            return text.chars().count() as f64 * CHAR_W;
        };
        let (widths, widest) = match kind {
            Some(ItemKind::Decision) | None => &fonts[0],
            Some(ItemKind::Question | ItemKind::Commitment) => &fonts[1],
            Some(ItemKind::Activity) => &fonts[2],
        };
        let sum: f64 = text
            .chars()
            .map(|c| widths.get(c as usize).copied().unwrap_or(*widest))
            .sum();
        sum * 1.02 + 4.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Decision,
    Question,
    Activity,
    Commitment,
}

impl ItemKind {
    pub fn code(self) -> &'static str {
        match self {
            ItemKind::Decision => "decision",
            ItemKind::Question => "question",
            ItemKind::Activity => "activity",
            ItemKind::Commitment => "commitment",
        }
    }
}

/// The key of an item across layouts: `<kind>-<id>`, as in its test id.
pub fn item_key(kind: ItemKind, id: &str) -> String {
    format!("{}-{id}", kind.code())
}

impl TimelineItem {
    /// Whether `key` is this item's [`item_key`] (without making the key).
    pub fn has_key(&self, key: &str) -> bool {
        key.strip_prefix(self.kind.code())
            .and_then(|rest| rest.strip_prefix('-'))
            == Some(self.id.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Left,
    Right,
}

/// What a marker covers on the chart: marker, label and connector.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Bounds {
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
}

/// A key question's connector to its decision's marker.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct Link {
    pub x: f64,
    pub y: f64,
    /// The question is due after the decision.
    pub late: bool,
}

/// A marker on the chart (or, when clustered, a row of the list only).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TimelineItem {
    pub kind: ItemKind,
    pub id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub x: f64,
    pub y: f64,
    /// The title, cut with "…" where it has no room.
    pub label: String,
    pub title: String,
    pub severity: Option<Severity>,
    pub label_side: Side,
    /// The item's status code (`planned`, `decided`, `answered` …).
    pub status: String,
    /// A key question's decision.
    pub decision_id: Option<String>,
    /// A key question's connector, when its decision is on the chart.
    pub link: Option<Link>,
    /// A commitment planned or in progress, and due before today.
    pub overdue: bool,
    #[serde(skip)]
    #[ts(skip)]
    pub bounds: Bounds,
}

/// Markers of one lane group that had no room of their own, drawn as one button with a count.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TimelineCluster {
    pub of: ItemKind,
    /// `cluster-<of>-<first item's id>`.
    pub key: String,
    /// How many items it holds.
    pub count: u32,
    pub from: String,
    pub to: String,
    /// The first held marker's x; the pill starts at `pill_x`.
    pub x: f64,
    pub pill_x: f64,
    pub pill_width: f64,
    pub y: f64,
    pub text: String,
    pub severity: Option<Severity>,
    #[serde(skip)]
    #[ts(skip)]
    pub ids: Vec<String>,
    #[serde(skip)]
    #[ts(skip)]
    pub bounds: Bounds,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct TimelineMonth {
    pub x: f64,
    pub width: f64,
    /// 0–11.
    pub month: u32,
    pub year: i32,
}

/// The chart as a whole: its size, its months and rows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TimelineMeta {
    /// Day numbers (days since 1970-01-01) of the first month's start and the last month's end.
    #[ts(type = "number")]
    pub start: i64,
    #[ts(type = "number")]
    pub end: i64,
    pub px_per_day: f64,
    /// The days one screen width shows at this zoom.
    pub visible_days: f64,
    pub total_days: f64,
    pub width: f64,
    pub height: f64,
    pub months: Vec<TimelineMonth>,
    pub today_x: Option<f64>,
    /// y of the first dialogue lane, and of the separator above the dialogues.
    pub activities_y: f64,
    pub separator_y: f64,
    /// y of the first commitment lane, and of the separator above them.
    pub commitments_y: f64,
    pub commitments_separator_y: f64,
    /// Commitments are on the chart (their row is drawn).
    pub has_commitments: bool,
    /// The first month's first day and the latest date on the chart.
    pub first_date: String,
    pub last_date: String,
    /// Nothing has a date.
    pub empty: bool,
}

/// The whole chart as laid out: what the app keeps, and answers parts of.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineLayout {
    pub meta: TimelineMeta,
    /// The markers drawn one by one: decisions, key questions, dialogues, commitments.
    pub items: Vec<TimelineItem>,
    pub clusters: Vec<TimelineCluster>,
    /// The items the clusters hold (for the list; they are not drawn one by one).
    pub clustered: Vec<TimelineItem>,
    /// The list's order (indices into `items`, then `clustered`), sorted when first asked.
    pub(super) list_order: std::sync::OnceLock<Vec<usize>>,
    /// The arrow keys' order (indices into `items`, then `clusters`), sorted when first asked.
    pub(super) reading_order: std::sync::OnceLock<Vec<usize>>,
}

/// The days one screen width shows: a preset's, all of them, or a number kept within bounds.
pub fn visible_days_of(zoom: TimelineZoom, total_days: f64) -> f64 {
    match zoom {
        TimelineZoom::Preset(ZoomPreset::All) => total_days.max(1.0),
        TimelineZoom::Preset(ZoomPreset::Quarter) => QUARTER_DAYS,
        TimelineZoom::Preset(ZoomPreset::Year) => YEAR_DAYS,
        TimelineZoom::Days(d) => {
            let d = if d.is_finite() { d } else { YEAR_DAYS };
            d.max(MIN_DAYS).min(MIN_DAYS.max(total_days).max(YEAR_DAYS))
        }
    }
}

/// Where a label goes beside its marker at `px` on a chart `width` wide: the preferred side if
/// the whole title fits there, else the other side; only a title that fits on neither side is
/// cut (with "…") to the wider side's room. Labels never run past the chart's edges.
pub fn place_label(
    title: &str,
    px: f64,
    width: f64,
    prefer: Side,
    mut measure: impl FnMut(&str) -> f64,
) -> (String, Side) {
    let room_left = px - LABEL_GAP - 4.0;
    let room_right = width - px - LABEL_GAP - 4.0;
    let room = move |side: Side| match side {
        Side::Left => room_left,
        Side::Right => room_right,
    };
    let other = match prefer {
        Side::Left => Side::Right,
        Side::Right => Side::Left,
    };
    let w = measure(title);
    if w <= room(prefer) {
        return (title.to_string(), prefer);
    }
    if w <= room(other) {
        return (title.to_string(), other);
    }
    let side = if room_left > room_right {
        Side::Left
    } else {
        Side::Right
    };
    let chars: Vec<(usize, char)> = title.char_indices().collect();
    let mut n = chars.len();
    let mut label = title.to_string();
    while n > 1 && measure(&label) > room(side) {
        n -= 1;
        label = format!("{}…", title[..chars[n].0].trim_end());
    }
    (label, side)
}

/// Stacks blocks of rows: each block goes to the first rows (from the top) that are free over
/// its whole extent, so blocks that do not meet in time share rows. Returns each block's first
/// row and the number of rows used.
pub fn pack_blocks(blocks: &[(f64, f64, usize)]) -> (Vec<usize>, usize) {
    let mut ends: Vec<f64> = Vec::new();
    let rows = blocks
        .iter()
        .map(|&(x0, x1, rows)| {
            let free = |ends: &[f64], r: usize| ends.get(r).is_none_or(|end| end + ROW_GAP < x0);
            let mut r = 0;
            loop {
                let mut k = 0;
                while k < rows && free(&ends, r + k) {
                    k += 1;
                }
                if k == rows {
                    break;
                }
                r += k + 1;
            }
            if ends.len() < r + rows {
                ends.resize(r + rows, f64::NEG_INFINITY);
            }
            for end in &mut ends[r..r + rows] {
                *end = x1;
            }
            r
        })
        .collect();
    let used = ends.len();
    (rows, used)
}

/// Greedy lanes for markers in date order: each goes to the first lane free at its extent.
/// Once `max_lanes` are taken, a marker that fits in none is left out (`None`), to be
/// grouped, unless it is `forced` (expanded), which opens a lane of its own.
pub fn pack_lanes(
    extents: &[(f64, f64)],
    max_lanes: usize,
    forced: impl Fn(usize) -> bool,
) -> (Vec<Option<usize>>, usize) {
    let mut ends: Vec<f64> = Vec::new();
    let lanes = extents
        .iter()
        .enumerate()
        .map(|(i, &(x0, x1))| {
            let mut lane = ends.iter().position(|end| end + ROW_GAP < x0);
            if lane.is_none() && (ends.len() < max_lanes || forced(i)) {
                ends.push(f64::NEG_INFINITY);
                lane = Some(ends.len() - 1);
            }
            if let Some(l) = lane {
                ends[l] = x1;
            }
            lane
        })
        .collect();
    (lanes, ends.len())
}

/// The markers left out of the lanes (their x, in order), grouped by period: a group takes
/// every left-out marker within `span` px of its first one. Returns each group's range.
pub fn group_overflow(xs: &[f64], span: f64) -> Vec<std::ops::Range<usize>> {
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, &x) in xs.iter().enumerate() {
        match groups.last_mut() {
            Some(g) if x - xs[g.start] <= span => g.end = i + 1,
            _ => groups.push(i..i + 1),
        }
    }
    groups
}
