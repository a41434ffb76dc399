//! The activities as the window asks for them: Dialoger's list (those a filter lets through,
//! in the order a project leader works through them, the part of it on screen), the rows of some
//! activities by id, and the fields of the dated ones that the timeline lays out. The window
//! holds no list of every activity.

use std::cmp::Ordering;
use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::model::{ActivityRow, ActivityStatus, Method};
use crate::domain::validate::parse_date;
use crate::store::Store;
use crate::support::dates::date_of;
use crate::support::error::{CoreError, ErrorCode, Result};

use super::db::{Db, Param};
use super::rows::{self, Key};
use crate::support::fold::swedish_order;

/// Which activities Dialoger lists. Empty fields do not filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(default)]
pub struct ActivityFilter {
    pub status: Option<ActivityStatus>,
    pub method: Option<Method>,
    /// The first day of the period (`YYYY-MM-DD`); an undated activity is outside any period.
    pub from: Option<String>,
    /// The last day of the period.
    pub to: Option<String>,
    pub key_question_id: Option<String>,
    /// The activities with participants from this segment.
    pub segment_id: Option<String>,
}

/// A part of Dialoger's list: the rows from `offset` on.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ActivitiesPage {
    /// Where `rows` start in the list.
    pub offset: u32,
    pub rows: Vec<ActivityRow>,
    /// How many activities the filter lets through.
    pub total: u32,
    /// How many activities the project has.
    pub all: u32,
    /// The row of the activity asked for by `show`, whether or not the filter lets it
    /// through; `None` when it does not exist (someone deleted it).
    pub shown: Option<ActivityRow>,
    /// Where the activity asked for by `show` is in the list; `None` when the filter does
    /// not let it through (or it is gone).
    pub shown_at: Option<u32>,
}

pub use crate::domain::rows::TimelineActivity;

impl Store {
    /// The rows of the activities with these ids, in the order asked; an id that is not
    /// there (deleted) is left out.
    pub fn activities_by_ids(&self, ids: &[String]) -> Result<Vec<ActivityRow>> {
        let found = self.snapshot(|db| rows_where(db, Some(ids)))?;
        Ok(ids
            .iter()
            .filter_map(|id| {
                found
                    .binary_search_by(|a| a.id.as_str().cmp(id))
                    .ok()
                    .map(|i| found[i].clone())
            })
            .collect())
    }

    /// Every activity with a valid start date, in the order the timeline lays them out (by
    /// start, then id: the layout then has no sorting to do).
    pub fn timeline_activities(&self) -> Result<Vec<TimelineActivity>> {
        dated_activities(self.db())
    }

    /// The `limit` activities from `offset` on of those `filter` lets through, in
    /// [`dialogue_order`], and where the activity `show` is among them (an activity opened
    /// from elsewhere is scrolled to). An offset past the end gives no rows.
    pub fn activities_page(
        &self,
        filter: &ActivityFilter,
        offset: u32,
        limit: u32,
        show: Option<&str>,
    ) -> Result<ActivitiesPage> {
        if limit == 0 {
            return Err(CoreError::invalid("limit: must be at least 1".to_string()));
        }
        let from = period_bound("from", &filter.from)?;
        let to = period_bound("to", &filter.to)?;
        self.snapshot(|db| {
            let mut all = activity_rows(db)?;
            let count = u32::try_from(all.len()).unwrap_or(u32::MAX);
            let shown = show.and_then(|id| all.iter().find(|a| a.id == id).cloned());
            let heard: Option<HashSet<String>> = match &filter.segment_id {
                Some(segment) => Some(
                    rows::strings(
                        db,
                        "SELECT activity_id FROM participation WHERE segment_id = ?1 AND count > 0",
                        segment.as_str(),
                    )?
                    .into_iter()
                    .collect(),
                ),
                None => None,
            };
            all.retain(|a| lets_through(filter, from.as_deref(), to.as_deref(), heard.as_ref(), a));
            all.sort_by(dialogue_order);
            let total = u32::try_from(all.len()).unwrap_or(u32::MAX);
            let shown_at = show
                .and_then(|id| all.iter().position(|a| a.id == id))
                .and_then(|i| u32::try_from(i).ok());
            let rows: Vec<ActivityRow> = all
                .into_iter()
                .skip(offset as usize)
                .take(limit as usize)
                .collect();
            Ok(ActivitiesPage {
                offset,
                rows,
                total,
                all: count,
                shown,
                shown_at,
            })
        })
    }
}

/// A period bound as given: blank is none, anything but a date is refused.
fn period_bound(field: &str, v: &Option<String>) -> Result<Option<String>> {
    let Some(s) = v.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if parse_date(s).is_none() {
        return Err(CoreError::field(
            field,
            ErrorCode::NotADate,
            format!("{field}: \"{s}\" is not a date (YYYY-MM-DD)"),
        ));
    }
    Ok(Some(s.to_string()))
}

fn lets_through(
    f: &ActivityFilter,
    from: Option<&str>,
    to: Option<&str>,
    heard: Option<&HashSet<String>>,
    a: &ActivityRow,
) -> bool {
    if f.status.is_some_and(|s| s != a.status) || f.method.is_some_and(|m| m != a.method) {
        return false;
    }
    if let Some(q) = &f.key_question_id {
        if !a.key_question_ids.contains(q) {
            return false;
        }
    }
    if heard.is_some_and(|ids| !ids.contains(&a.id)) {
        return false;
    }
    if from.is_some() || to.is_some() {
        let Some(day) = a.starts_at.as_deref().and_then(|s| s.get(..10)) else {
            return false;
        };
        if from.is_some_and(|f| day < f) || to.is_some_and(|t| day > t) {
            return false;
        }
    }
    true
}

/// The order of Dialoger's list: the coming (planned) dialogues first, the soonest at the
/// top, then those held, the newest first. Undated ones end each group; ties go by title in
/// Swedish order.
pub fn dialogue_order(a: &ActivityRow, b: &ActivityRow) -> Ordering {
    let coming = |x: &ActivityRow| x.status == ActivityStatus::Planned;
    coming(b)
        .cmp(&coming(a))
        .then_with(|| match (&a.starts_at, &b.starts_at) {
            (Some(x), Some(y)) if coming(a) => x.cmp(y),
            (Some(x), Some(y)) => y.cmp(x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then_with(|| swedish_order(&a.title, &b.title))
}

/// See [`Store::timeline_activities`].
pub(super) fn dated_activities(db: &Db) -> Result<Vec<TimelineActivity>> {
    let all = db.query(
        "SELECT id, title, starts_at, status FROM activity
         WHERE starts_at IS NOT NULL ORDER BY starts_at, id",
        &[],
        |r| {
            Ok(TimelineActivity {
                id: r.get(0)?,
                title: r.get(1)?,
                starts_at: r.get(2)?,
                status: rows::enum_at(r, 3, "activity", "status")?,
            })
        },
    )?;
    Ok(all
        .into_iter()
        .filter(|a| date_of(&a.starts_at).is_some())
        .collect())
}

/// Every activity as a row, by id.
fn activity_rows(db: &Db) -> Result<Vec<ActivityRow>> {
    rows_where(db, None)
}

/// The activities as rows, by id: every one, or those with the ids in `only`.
fn rows_where(db: &Db, only: Option<&[String]>) -> Result<Vec<ActivityRow>> {
    let params: Vec<Param> = only.map(Param::Texts).into_iter().collect();
    // `col` one of the ids asked for, when some are.
    let asked = |col: &str| only.map(|_| rows::in_list(db, col, 1));
    let on = |col: &str| asked(col).map_or(String::new(), |c| format!("WHERE {c}"));
    let mut list = db.query(
        &format!(
            "SELECT id, title, method, starts_at, place, status, feedback_given_on
             FROM activity {} ORDER BY id",
            on("id")
        ),
        &params,
        |r| {
            Ok(ActivityRow {
                id: r.get(0)?,
                title: r.get(1)?,
                method: rows::enum_at(r, 2, "activity", "method")?,
                starts_at: r.get(3)?,
                place: r.get(4)?,
                status: rows::enum_at(r, 5, "activity", "status")?,
                key_question_ids: Vec::new(),
                participant_total: 0,
                feedback_given_on: r.get(6)?,
            })
        },
    )?;
    rows::attach_where(
        db,
        &format!(
            "SELECT activity_id, key_question_id FROM activity_question {} ORDER BY 1, 2",
            on("activity_id")
        ),
        &params,
        &mut list,
        |_, a| Key::Text(&a.id),
        rows::text1,
        |a, v| a.key_question_ids.push(v),
    )?;
    let counted =
        asked("activity_id").map_or("count > 0".to_string(), |c| format!("{c} AND count > 0"));
    rows::attach_where(
        db,
        &format!(
            "SELECT activity_id, count FROM participation WHERE {counted} ORDER BY activity_id"
        ),
        &params,
        &mut list,
        |_, a| Key::Text(&a.id),
        |r| r.get::<u32>(1),
        |a, n| a.participant_total = a.participant_total.saturating_add(n),
    )?;
    Ok(list)
}
