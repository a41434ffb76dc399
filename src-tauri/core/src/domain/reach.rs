//! Who the held dialogues have reached, as Dialoger's Räckvidd tab shows it: the participants
//! of each segment in each held (or reported-back) activity, with totals, by month, and the
//! share of people who do not use the library.
//!
//! The table shows [`REACH_COLUMNS`] activities at a time: one a few screens wide is no
//! longer read, and a column for each of thousands of dialogues took seconds to draw. The
//! totals, the months and the shares always count every held activity.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use ts_rs::TS;

use crate::domain::model::{ActivityStatus, Participants, Segment};

/// How many held activities the table shows at once.
pub const REACH_COLUMNS: u32 = 12;
/// At most this many months in the chart (fifty years).
const MAX_MONTHS: usize = 600;

/// A held activity as the reach table reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldActivity {
    pub id: String,
    pub title: String,
    pub starts_at: Option<String>,
    pub status: ActivityStatus,
    pub participants: Vec<Participants>,
}

/// The reach table's part in view and every total.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ReachPage {
    /// The project's segments: the table's rows, in this order everywhere below.
    pub segments: Vec<Segment>,
    /// How many activities are held (or reported back): the table's columns in all.
    pub held: u32,
    /// The index among them of the first column in view.
    pub from: u32,
    /// The columns in view, by start (undated ones last), then by title.
    pub columns: Vec<ReachColumn>,
    /// Each segment's participants in every held activity.
    pub row_totals: Vec<u32>,
    pub total: u32,
    /// Priority segments no one from has taken part in a held activity (their ids).
    pub unheard: Vec<String>,
    /// Participants per month, every month from the first held activity's to the last's.
    pub months: Vec<MonthReach>,
    pub non_users: NonUserShare,
}

/// One held activity's column.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ReachColumn {
    pub id: String,
    pub title: String,
    pub starts_at: Option<String>,
    pub status: ActivityStatus,
    /// Participants per segment, in the order of [`ReachPage::segments`].
    pub counts: Vec<u32>,
    pub total: u32,
}

/// One month of the chart.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MonthReach {
    /// `YYYY-MM`
    pub month: String,
    /// Participants per segment, in the order of [`ReachPage::segments`].
    pub counts: Vec<u32>,
    pub total: u32,
}

/// How many of the participants do not use the library today.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct NonUserShare {
    pub non_users: u32,
    pub total: u32,
    /// 0–100, rounded; none while nobody has taken part.
    pub percent: Option<u32>,
    /// Whether the project has such a segment at all ([`is_non_user_segment`]).
    pub has_segment: bool,
}

/// Whether a segment stands for people who do not use the library, by its name
/// ("Icke-användare", "Non-users").
pub fn is_non_user_segment(name: &str) -> bool {
    let n: String = name
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{2010}'..='\u{2015}'))
        .collect();
    n.contains("ickeanvändare") || n.contains("nonuser")
}

/// The columns in view: at most [`REACH_COLUMNS`] of `held`, the first at `from`, kept
/// inside the table; the latest activities when `from` is none.
pub fn column_window(held: u32, from: Option<u32>) -> (u32, u32) {
    let last = held.saturating_sub(REACH_COLUMNS);
    let start = from.map_or(last, |f| f.min(last));
    (start, held.min(start + REACH_COLUMNS))
}

/// The reach table of `activities` (those not held are left out) over `segments`, with the
/// columns from `from` in view (the latest when none).
pub fn reach_page(
    segments: Vec<Segment>,
    mut activities: Vec<HeldActivity>,
    from: Option<u32>,
) -> ReachPage {
    activities.retain(|a| {
        matches!(
            a.status,
            ActivityStatus::Held | ActivityStatus::ReportedBack
        )
    });
    activities.sort_by(|a, b| {
        let day = |x: &HeldActivity| x.starts_at.clone().unwrap_or_else(|| "9999".into());
        day(a).cmp(&day(b)).then_with(|| a.title.cmp(&b.title))
    });
    let row_of: HashMap<&str, usize> = segments
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let counts_of = |a: &HeldActivity| {
        let mut counts = vec![0u32; segments.len()];
        for p in &a.participants {
            if let Some(&i) = row_of.get(p.segment_id.as_str()) {
                counts[i] = counts[i].saturating_add(p.count);
            }
        }
        counts
    };

    let mut row_totals = vec![0u32; segments.len()];
    let mut by_month = BTreeMap::<String, Vec<u32>>::new();
    for a in &activities {
        let counts = counts_of(a);
        add(&mut row_totals, &counts);
        let month = a
            .starts_at
            .as_deref()
            .filter(|s| crate::support::dates::date_of(s).is_some())
            .map(|s| s[..7].to_string());
        if let Some(m) = month {
            let row = by_month.entry(m).or_insert_with(|| vec![0; segments.len()]);
            add(row, &counts);
        }
    }
    let total = sum(&row_totals);

    let held = activities.len() as u32;
    let (start, end) = column_window(held, from);
    let columns = activities[start as usize..end as usize]
        .iter()
        .map(|a| {
            let counts = counts_of(a);
            ReachColumn {
                id: a.id.clone(),
                title: a.title.clone(),
                starts_at: a.starts_at.clone(),
                status: a.status,
                total: sum(&counts),
                counts,
            }
        })
        .collect();

    let unheard = segments
        .iter()
        .zip(&row_totals)
        .filter(|(s, &n)| s.priority && n == 0)
        .map(|(s, _)| s.id.clone())
        .collect();
    let non_user_rows: Vec<usize> = (0..segments.len())
        .filter(|&i| is_non_user_segment(&segments[i].name))
        .collect();
    let non_users = non_user_rows.iter().map(|&i| row_totals[i]).sum::<u32>();
    let non_users = NonUserShare {
        non_users,
        total,
        percent: (total > 0)
            .then(|| (f64::from(non_users) * 100.0 / f64::from(total)).round() as u32),
        has_segment: !non_user_rows.is_empty(),
    };

    ReachPage {
        months: months(by_month, segments.len()),
        segments,
        held,
        from: start,
        columns,
        row_totals,
        total,
        unheard,
        non_users,
    }
}

/// Every month from the first of `by_month` to its last, the months between with zeros.
fn months(by_month: BTreeMap<String, Vec<u32>>, width: usize) -> Vec<MonthReach> {
    let (Some(first), Some(last)) = (by_month.keys().next(), by_month.keys().next_back()) else {
        return Vec::new();
    };
    let parse = |m: &str| -> (i32, u32) {
        (
            m[..4].parse().unwrap_or_default(),
            m[5..7].parse().unwrap_or(1),
        )
    };
    let ((mut y, mut mo), last) = (parse(first), last.clone());
    let mut out = Vec::new();
    loop {
        let key = format!("{y:04}-{mo:02}");
        let counts = by_month
            .get(&key)
            .cloned()
            .unwrap_or_else(|| vec![0; width]);
        let done = key >= last || out.len() >= MAX_MONTHS;
        out.push(MonthReach {
            total: sum(&counts),
            month: key,
            counts,
        });
        if done {
            return out;
        }
        mo += 1;
        if mo > 12 {
            (y, mo) = (y + 1, 1);
        }
    }
}

fn add(into: &mut [u32], counts: &[u32]) {
    for (t, c) in into.iter_mut().zip(counts) {
        *t = t.saturating_add(*c);
    }
}

fn sum(counts: &[u32]) -> u32 {
    counts.iter().fold(0, |t, c| t.saturating_add(*c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(id: &str, name: &str, priority: bool) -> Segment {
        Segment {
            id: id.into(),
            name: name.into(),
            priority,
            ..Default::default()
        }
    }

    fn act(
        id: &str,
        starts_at: Option<&str>,
        status: ActivityStatus,
        p: &[(&str, u32)],
    ) -> HeldActivity {
        HeldActivity {
            id: id.into(),
            title: format!("Dialog {id}"),
            starts_at: starts_at.map(str::to_string),
            status,
            participants: p
                .iter()
                .map(|(s, n)| Participants {
                    segment_id: (*s).into(),
                    count: *n,
                })
                .collect(),
        }
    }

    fn example() -> ReachPage {
        let segments = vec![
            seg("s1", "Icke-användare", true),
            seg("s2", "Unga 13–19", true),
            seg("s3", "Seniorer", false),
        ];
        let activities = vec![
            act(
                "a2",
                Some("2027-01-15T14:00"),
                ActivityStatus::ReportedBack,
                &[("s1", 5)],
            ),
            act(
                "a3",
                Some("2027-02-01T10:00"),
                ActivityStatus::Planned,
                &[("s2", 99)],
            ),
            act(
                "a1",
                Some("2026-11-02T08:00"),
                ActivityStatus::Held,
                &[("s1", 5), ("s3", 10)],
            ),
        ];
        reach_page(segments, activities, None)
    }

    #[test]
    fn counts_held_and_reported_back_activities_only_and_finds_unheard_priority_segments() {
        let r = example();
        let ids: Vec<_> = r.columns.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a1", "a2"], "by date; the planned one left out");
        assert_eq!(r.columns[0].counts, [5, 0, 10]);
        assert_eq!(r.columns[1].counts, [5, 0, 0]);
        assert_eq!((r.columns[0].total, r.columns[1].total), (15, 5));
        assert_eq!(r.row_totals, [10, 0, 10]);
        assert_eq!((r.held, r.total), (2, 20));
        assert_eq!(r.unheard, ["s2"]);
    }

    #[test]
    fn buckets_participants_by_month_filling_the_months_between() {
        let r = example();
        let months: Vec<_> = r.months.iter().map(|m| m.month.as_str()).collect();
        assert_eq!(months, ["2026-11", "2026-12", "2027-01"]);
        assert_eq!(r.months[0].counts, [5, 0, 10]);
        assert_eq!((r.months[1].total, r.months[2].total), (0, 5));
    }

    #[test]
    fn finds_the_non_users_share_by_the_segments_name() {
        assert!(is_non_user_segment("Icke-användare"));
        assert!(is_non_user_segment("ICKE ANVÄNDARE"));
        assert!(is_non_user_segment("Non-users"));
        assert!(!is_non_user_segment("Användare"));
        let share = example().non_users;
        assert_eq!(
            (share.non_users, share.total, share.percent),
            (10, 20, Some(50))
        );
        assert!(share.has_segment);
        let none = reach_page(vec![seg("s1", "Icke-användare", false)], Vec::new(), None);
        assert_eq!(none.non_users.percent, None);
        assert!(none.months.is_empty() && none.columns.is_empty());
    }

    #[test]
    fn shows_the_latest_columns_first_a_tables_width_at_a_time_and_totals_of_all() {
        let segments = vec![seg("s1", "Unga", true)];
        let many: Vec<_> = (0..30)
            .map(|i| {
                let day = format!("2027-{:02}-{:02}T10:00", 1 + i / 28, 1 + i % 28);
                act(
                    &format!("a{i:02}"),
                    Some(&day),
                    ActivityStatus::Held,
                    &[("s1", 1)],
                )
            })
            .collect();
        let latest = reach_page(segments.clone(), many.clone(), None);
        assert_eq!(
            (latest.held, latest.from, latest.columns.len()),
            (30, 18, 12)
        );
        assert_eq!(latest.columns[11].id, "a29");
        assert_eq!(latest.total, 30, "the totals count every held activity");
        let earlier = reach_page(segments.clone(), many.clone(), Some(6));
        assert_eq!(earlier.columns[0].id, "a06");
        // Past the end: the last table's width.
        assert_eq!(reach_page(segments, many, Some(40)).from, 18);
        assert_eq!(column_window(3, None), (0, 3));
        assert_eq!(column_window(0, Some(5)), (0, 0));
    }

    #[test]
    fn undated_held_activities_come_last_and_stay_out_of_the_months() {
        let segments = vec![seg("s1", "Unga", false)];
        let r = reach_page(
            segments,
            vec![
                act("u", None, ActivityStatus::Held, &[("s1", 3)]),
                act(
                    "d",
                    Some("2027-03-01"),
                    ActivityStatus::Held,
                    &[("s1", 2), ("gone", 9)],
                ),
            ],
            None,
        );
        let ids: Vec<_> = r.columns.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["d", "u"]);
        assert_eq!(r.months.len(), 1);
        assert_eq!(
            r.months[0].total, 2,
            "a segment that no longer exists is not counted"
        );
        assert_eq!(r.total, 5);
    }
}
