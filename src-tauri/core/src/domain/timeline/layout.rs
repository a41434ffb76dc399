//! The chart laid out whole: months across, decisions with their key questions in rows that
//! share space when apart in time, then dialogues and commitments in greedy lanes with what has
//! no lane left grouped in clusters.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use super::{
    group_overflow, item_key, pack_blocks, pack_lanes, place_label, visible_days_of, Bounds,
    ItemKind, Link, Side, TextWidth, TimelineCluster, TimelineItem, TimelineLayout, TimelineMeta,
    TimelineMonth, TimelineParams, AXIS_H, LABEL_GAP, MAX_ACTIVITY_LANES, MAX_COMMITMENT_LANES,
    PAD_X, ROW_H,
};
use crate::domain::checks::Severity;
use crate::domain::model::{
    ActivityStatus, Commitment, CommitmentStatus, Decision, DecisionStatus, KeyQuestion,
    QuestionStatus,
};
use crate::domain::rows::TimelineActivity;
use crate::support::dates::date_of;

/// The project's dated items as the chart is laid out from them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimelineData {
    pub decisions: Vec<Decision>,
    pub questions: Vec<KeyQuestion>,
    pub commitments: Vec<Commitment>,
    /// By start, then id (as the store gives them); sorted here if not.
    pub activities: Vec<TimelineActivity>,
}

impl TimelineData {
    /// The chart of these items at the zoom and width `params` asks for, with labels
    /// `widths` wide.
    pub fn lay_out(&self, params: &TimelineParams, widths: &TextWidth) -> TimelineLayout {
        layout_timeline(self, params, widths)
    }
}

/// Days since 1970-01-01.
fn day_number(d: NaiveDate) -> i64 {
    (d - NaiveDate::default()).num_days()
}

fn date_of_day(n: i64) -> NaiveDate {
    NaiveDate::default() + chrono::Duration::days(n)
}

fn month_start(n: i64) -> i64 {
    let d = date_of_day(n);
    day_number(d.with_day(1).unwrap_or(d))
}

fn next_month(n: i64) -> i64 {
    let d = date_of_day(n);
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).map_or(n + 31, day_number)
}

fn day_of(stored: Option<&str>) -> Option<i64> {
    stored.and_then(date_of).map(day_number)
}

fn decision_status(s: DecisionStatus) -> &'static str {
    match s {
        DecisionStatus::Planned => "planned",
        DecisionStatus::Decided => "decided",
    }
}

fn question_status(s: QuestionStatus) -> &'static str {
    match s {
        QuestionStatus::Open => "open",
        QuestionStatus::InProgress => "in_progress",
        QuestionStatus::Answered => "answered",
    }
}

fn activity_status(s: ActivityStatus) -> &'static str {
    match s {
        ActivityStatus::Planned => "planned",
        ActivityStatus::Held => "held",
        ActivityStatus::ReportedBack => "reported_back",
    }
}

/// An item's marker and label before its row or lane is known.
struct Marker<'a> {
    kind: ItemKind,
    id: &'a str,
    title: &'a str,
    day: i64,
    status: &'static str,
}

/// The chart's scale and what places a marker on it.
struct Scale<'a> {
    start: i64,
    px_per_day: f64,
    width: f64,
    widths: &'a TextWidth,
    severities: HashMap<(&'static str, &'a str), Severity>,
}

impl Scale<'_> {
    fn x(&self, day: i64) -> f64 {
        PAD_X + (day - self.start) as f64 * self.px_per_day
    }

    /// The marker at its x with its label placed, on row 0 (moved to its row later).
    fn item(&self, m: &Marker, prefer: Side) -> TimelineItem {
        let x = self.x(m.day);
        let kind = Some(m.kind);
        let mut whole = None;
        let (label, side) = place_label(m.title, x, self.width, prefer, |s| {
            let w = self.widths.of(s, kind);
            if s == m.title {
                whole = Some(w);
            }
            w
        });
        let w = match whole {
            Some(w) if label == m.title => w,
            _ => self.widths.of(&label, kind),
        };
        let (x0, x1) = match side {
            Side::Right => (x - 16.0, x + LABEL_GAP + w + 4.0),
            Side::Left => (x - LABEL_GAP - w - 4.0, x + 16.0),
        };
        let subject = match m.kind {
            ItemKind::Decision => "decision",
            ItemKind::Question => "key_question",
            ItemKind::Activity => "activity",
            ItemKind::Commitment => "commitment",
        };
        TimelineItem {
            kind: m.kind,
            id: m.id.to_string(),
            date: date_of_day(m.day).format("%Y-%m-%d").to_string(),
            x,
            y: 0.0,
            label,
            title: m.title.to_string(),
            severity: self.severities.get(&(subject, m.id)).copied(),
            label_side: side,
            status: m.status.to_string(),
            decision_id: None,
            link: None,
            overdue: false,
            bounds: Bounds {
                x0,
                x1,
                y0: 0.0,
                y1: 0.0,
            },
        }
    }
}

/// Puts `item` on the row or lane at `y`.
fn set_y(item: &mut TimelineItem, y: f64) {
    item.y = y;
    item.bounds.y0 = y - ROW_H / 2.0;
    item.bounds.y1 = y + ROW_H / 2.0;
}

/// The months from `start` to `end` (day numbers of first days) on the chart.
fn months_of(start: i64, end: i64, px_per_day: f64) -> Vec<TimelineMonth> {
    let mut months = Vec::new();
    let mut m = start;
    while m < end {
        let d = date_of_day(m);
        let next = next_month(m);
        months.push(TimelineMonth {
            x: PAD_X + (m - start) as f64 * px_per_day,
            width: (next - m) as f64 * px_per_day,
            month: d.month0(),
            year: d.year(),
        });
        m = next;
    }
    months
}

/// The project's dated items as markers, each kind in date order (then by id), with each key
/// question's decision and each commitment's status.
struct DatedItems<'a> {
    decisions: Vec<Marker<'a>>,
    questions: Vec<(Marker<'a>, Option<&'a str>)>,
    activities: Vec<Marker<'a>>,
    commitments: Vec<(Marker<'a>, CommitmentStatus)>,
}

fn dated_items(input: &TimelineData) -> DatedItems<'_> {
    let decision_day: HashMap<&str, i64> = input
        .decisions
        .iter()
        .filter_map(|d| Some((d.id.as_str(), day_of(d.decision_date.as_deref())?)))
        .collect();
    let mut decisions: Vec<Marker> = input
        .decisions
        .iter()
        .filter_map(|d| {
            Some(Marker {
                kind: ItemKind::Decision,
                id: &d.id,
                title: &d.title,
                day: *decision_day.get(d.id.as_str())?,
                status: decision_status(d.status),
            })
        })
        .collect();
    // A key question's deadline: its needed_by, else its decision's date.
    let mut questions: Vec<(Marker, Option<&str>)> = input
        .questions
        .iter()
        .filter_map(|q| {
            let decision = q.decision_id.as_deref();
            let day = day_of(q.needed_by.as_deref())
                .or_else(|| decision.and_then(|d| decision_day.get(d).copied()))?;
            let marker = Marker {
                kind: ItemKind::Question,
                id: &q.id,
                title: &q.title,
                day,
                status: question_status(q.status),
            };
            Some((marker, decision))
        })
        .collect();
    // With each dialogue's start (date and time), which orders dialogues on the same day.
    let mut activities: Vec<(Marker, &str)> = input
        .activities
        .iter()
        .filter_map(|a| {
            let marker = Marker {
                kind: ItemKind::Activity,
                id: &a.id,
                title: &a.title,
                day: day_of(Some(&a.starts_at))?,
                status: activity_status(a.status),
            };
            Some((marker, a.starts_at.as_str()))
        })
        .collect();
    let mut commitments: Vec<(Marker, CommitmentStatus)> = input
        .commitments
        .iter()
        .filter_map(|c| {
            let marker = Marker {
                kind: ItemKind::Commitment,
                id: &c.id,
                title: &c.title,
                day: day_of(c.due_date.as_deref())?,
                status: c.status.code(),
            };
            Some((marker, c.status))
        })
        .collect();
    let by_day = |a: &Marker, b: &Marker| a.day.cmp(&b.day).then_with(|| a.id.cmp(b.id));
    decisions.sort_by(by_day);
    questions.sort_by(|a, b| by_day(&a.0, &b.0));
    // Dialogues by start, then id (a start's `YYYY-MM-DD` comes first, so this is also by
    // day). The store gives them in this order already: checked, not sorted again.
    let by_start =
        |a: &(Marker, &str), b: &(Marker, &str)| a.1.cmp(b.1).then_with(|| a.0.id.cmp(b.0.id));
    if activities
        .windows(2)
        .any(|w| by_start(&w[0], &w[1]).is_gt())
    {
        activities.sort_by(by_start);
    }
    commitments.sort_by(|a, b| by_day(&a.0, &b.0));

    DatedItems {
        decisions,
        questions,
        activities: activities.into_iter().map(|(m, _)| m).collect(),
        commitments,
    }
}

fn layout_timeline(input: &TimelineData, p: &TimelineParams, widths: &TextWidth) -> TimelineLayout {
    let today = day_of(Some(&p.today));
    let DatedItems {
        decisions,
        questions,
        activities,
        commitments,
    } = dated_items(input);
    let days = decisions
        .iter()
        .chain(questions.iter().map(|q| &q.0))
        .chain(activities.iter())
        .chain(commitments.iter().map(|c| &c.0))
        .map(|m| m.day);
    let (lo, hi) = days.fold((None, None), |(lo, hi): (Option<i64>, Option<i64>), d| {
        (
            Some(lo.map_or(d, |l| l.min(d))),
            Some(hi.map_or(d, |h| h.max(d))),
        )
    });
    let empty = lo.is_none();
    let last_day = hi.or(today).unwrap_or(0);
    let with_today = |v: Option<i64>, f: fn(i64, i64) -> i64| match (v, today) {
        (Some(a), Some(t)) => Some(f(a, t)),
        (a, t) => a.or(t),
    };
    let lo = with_today(lo, i64::min).unwrap_or(0);
    let hi = with_today(hi, i64::max).unwrap_or(0);

    let start = month_start(lo);
    let end = next_month(hi);
    let total = (end - start) as f64;
    let visible_days = visible_days_of(p.zoom, total);
    let usable = (p.viewport_width - 2.0 * PAD_X).max(200.0);
    let px_per_day = usable / visible_days;
    let width = p
        .viewport_width
        .max((total * px_per_day + 2.0 * PAD_X).ceil());
    let months = months_of(start, end, px_per_day);

    let mut severities: HashMap<(&'static str, &str), Severity> = HashMap::new();
    for w in &p.warnings {
        let slot = severities
            .entry((w.subject.as_str(), w.id.as_str()))
            .or_insert(w.severity);
        *slot = (*slot).min(w.severity);
    }
    let scale = Scale {
        start,
        px_per_day,
        width,
        widths,
        severities,
    };

    let rows_top = AXIS_H + ROW_H / 2.0 + 6.0;
    let (mut items, rows) = decision_rows(&scale, &decisions, &questions, rows_top);
    let rows_end = rows_top + rows as f64 * ROW_H;
    let expanded: HashSet<&str> = p.expanded.iter().map(String::as_str).collect();
    let mut clusters = Vec::new();
    let mut clustered = Vec::new();
    let mut lanes = Lanes {
        scale: &scale,
        params: p,
        expanded: &expanded,
        items: &mut items,
        clusters: &mut clusters,
        clustered: &mut clustered,
    };

    let separator_y = rows_end - ROW_H / 2.0 + 4.0;
    let activities_y = rows_end + 22.0; // room for the lane heading
    let activity_items = activities
        .iter()
        .map(|m| scale.item(m, Side::Right))
        .collect();
    let activities_end = lanes.place(
        activity_items,
        ItemKind::Activity,
        activities_y,
        MAX_ACTIVITY_LANES,
    );
    let commitments_separator_y = activities_end - ROW_H / 2.0 + 4.0;
    let commitments_y = activities_end + 22.0;
    let commitment_items = commitments
        .iter()
        .map(|(m, status)| {
            let mut item = scale.item(m, Side::Right);
            item.overdue = matches!(
                status,
                CommitmentStatus::Planned | CommitmentStatus::InProgress
            ) && today.is_some_and(|t| m.day < t);
            if item.severity.is_none() && item.overdue {
                item.severity = Some(Severity::Warning);
            }
            item
        })
        .collect();
    let commitments_end = lanes.place(
        commitment_items,
        ItemKind::Commitment,
        commitments_y,
        MAX_COMMITMENT_LANES,
    );
    // The layout is kept while the window may ask for parts of it: without the room the
    // lists grew into.
    items.shrink_to_fit();
    clustered.shrink_to_fit();
    let height = if commitments.is_empty() {
        activities_end + 8.0
    } else {
        commitments_end + 8.0
    };
    let has_commitments = items.iter().any(|i| i.kind == ItemKind::Commitment)
        || clustered.iter().any(|i| i.kind == ItemKind::Commitment);
    let day_text = |n: i64| date_of_day(n).format("%Y-%m-%d").to_string();
    TimelineLayout {
        meta: TimelineMeta {
            start,
            end,
            px_per_day,
            visible_days,
            total_days: total,
            width,
            height,
            months,
            today_x: today.map(|t| scale.x(t)),
            activities_y,
            separator_y,
            commitments_y,
            commitments_separator_y,
            has_commitments,
            first_date: day_text(start),
            last_date: day_text(last_day),
            empty,
        },
        items,
        clusters,
        clustered,
        list_order: Default::default(),
        reading_order: Default::default(),
    }
}

/// Decisions with their key questions, one row each, as blocks that share rows when apart in
/// time; key questions without a dated decision are blocks of their own. Returns the rows'
/// items (decisions and questions) and the number of rows used.
fn decision_rows(
    scale: &Scale,
    decisions: &[Marker],
    questions: &[(Marker, Option<&str>)],
    top: f64,
) -> (Vec<TimelineItem>, usize) {
    let dated: HashSet<&str> = decisions.iter().map(|d| d.id).collect();
    let mut of_decision: HashMap<&str, Vec<&Marker>> = HashMap::new();
    let mut loose = Vec::new();
    for (q, decision) in questions {
        match decision.filter(|d| dated.contains(d)) {
            Some(d) => of_decision.entry(d).or_default().push(q),
            None => loose.push((q, decision)),
        }
    }
    let question = |q: &Marker, link: Option<Link>, decision: Option<&str>| {
        let mut item = scale.item(q, Side::Left);
        if let Some(l) = link {
            item.bounds.x0 = item.bounds.x0.min(l.x - 10.0);
            item.bounds.x1 = item.bounds.x1.max(l.x + 10.0);
        }
        item.link = link;
        item.decision_id = decision.map(str::to_string);
        item
    };
    let mut blocks: Vec<Vec<TimelineItem>> = Vec::new();
    for d in decisions {
        let head = scale.item(d, Side::Right);
        let link = Link {
            x: head.x,
            y: 0.0,
            late: false,
        };
        let mut rows = vec![head];
        for q in of_decision.get(d.id).into_iter().flatten() {
            let late = q.day > d.day;
            rows.push(question(q, Some(Link { late, ..link }), Some(d.id)));
        }
        blocks.push(rows);
    }
    for (q, decision) in loose {
        blocks.push(vec![question(q, None, *decision)]);
    }
    let extent = |rows: &[TimelineItem]| {
        rows.iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), r| {
                (a.min(r.bounds.x0), b.max(r.bounds.x1))
            })
    };
    blocks.sort_by(|a, b| extent(a).0.total_cmp(&extent(b).0));
    let shapes: Vec<(f64, f64, usize)> = blocks
        .iter()
        .map(|b| {
            let (x0, x1) = extent(b);
            (x0, x1, b.len())
        })
        .collect();
    let (first_rows, used) = pack_blocks(&shapes);
    let mut decisions_out = Vec::new();
    let mut questions_out = Vec::new();
    for (rows, first) in blocks.into_iter().zip(first_rows) {
        let block_top = top + first as f64 * ROW_H;
        for (k, mut r) in rows.into_iter().enumerate() {
            set_y(&mut r, block_top + k as f64 * ROW_H);
            if let Some(link) = &mut r.link {
                link.y = block_top;
                r.bounds.y0 = block_top - ROW_H / 2.0;
            }
            if r.kind == ItemKind::Decision {
                decisions_out.push(r);
            } else {
                questions_out.push(r);
            }
        }
    }
    decisions_out.append(&mut questions_out);
    (decisions_out, used)
}

/// Greedy lanes for one kind of marker, with the clusters below them.
struct Lanes<'a, 'b> {
    scale: &'a Scale<'a>,
    params: &'a TimelineParams,
    expanded: &'a HashSet<&'a str>,
    items: &'b mut Vec<TimelineItem>,
    clusters: &'b mut Vec<TimelineCluster>,
    clustered: &'b mut Vec<TimelineItem>,
}

impl Lanes<'_, '_> {
    /// Places `list` (in date order) in lanes from `top`; what has no lane left is grouped in
    /// clusters on a lane of its own below. Returns where the lanes end.
    fn place(&mut self, list: Vec<TimelineItem>, of: ItemKind, top: f64, max_lanes: usize) -> f64 {
        let extents: Vec<(f64, f64)> = list.iter().map(|i| (i.bounds.x0, i.bounds.x1)).collect();
        let (lane, used) = pack_lanes(&extents, max_lanes, |i| {
            !self.expanded.is_empty() && self.expanded.contains(item_key(of, &list[i].id).as_str())
        });
        let cluster_y = top + used as f64 * ROW_H;
        let mut left = Vec::new();
        for (mut item, lane) in list.into_iter().zip(lane) {
            match lane {
                Some(l) => {
                    set_y(&mut item, top + l as f64 * ROW_H);
                    self.items.push(item);
                }
                None => {
                    set_y(&mut item, cluster_y);
                    left.push(item);
                }
            }
        }
        let texts = &self.params.texts;
        let span = self.scale.widths.of(&texts.text(9999, of), None) + 28.0;
        let xs: Vec<f64> = left.iter().map(|i| i.x).collect();
        for g in group_overflow(&xs, span) {
            let held = &left[g];
            let text = texts.text(held.len(), of);
            let pill_width = self.scale.widths.of(&text, None) + 16.0;
            let pill_x = (held[0].x - 8.0)
                .min(self.scale.width - pill_width - 2.0)
                .max(2.0);
            let any = |s: Severity| held.iter().any(|i| i.severity == Some(s));
            let severity = [Severity::Error, Severity::Warning]
                .into_iter()
                .find(|s| any(*s));
            self.clusters.push(TimelineCluster {
                of,
                key: format!("cluster-{}-{}", of.code(), held[0].id),
                count: held.len() as u32,
                from: held[0].date.clone(),
                to: held[held.len() - 1].date.clone(),
                x: held[0].x,
                pill_x,
                pill_width,
                y: cluster_y,
                text,
                severity,
                ids: held.iter().map(|i| i.id.clone()).collect(),
                bounds: Bounds {
                    x0: pill_x,
                    x1: pill_x + pill_width,
                    y0: cluster_y - ROW_H / 2.0,
                    y1: cluster_y + ROW_H / 2.0,
                },
            });
        }
        let rows = used + usize::from(!left.is_empty());
        self.clustered.append(&mut left);
        top + rows.max(1) as f64 * ROW_H
    }
}
