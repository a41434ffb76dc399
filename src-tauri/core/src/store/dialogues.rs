//! Dialoger's list: the activities a filter lets through, in the order a project leader works
//! through them, a page at a time. The window no longer holds every activity; it asks for
//! as many rows as it draws.

use std::cmp::Ordering;
use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::model::{ActivityRow, ActivityStatus, Method};
use crate::domain::validate::parse_date;
use crate::store::Store;
use crate::support::error::{CoreError, ErrorCode, Result};

use super::db::Db;
use super::fold::fold;
use super::rows::{self, Key};

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

/// The first rows of Dialoger's list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ActivitiesPage {
    pub rows: Vec<ActivityRow>,
    /// How many activities the filter lets through.
    pub total: u32,
    /// How many activities the project has.
    pub all: u32,
    /// The row of the activity asked for by `show`, whether or not the filter lets it
    /// through; `None` when it does not exist (someone deleted it).
    pub shown: Option<ActivityRow>,
}

impl Store {
    /// The first `limit` activities `filter` lets through, in [`dialogue_order`], and as
    /// many more as it takes to include the activity `show` when the filter lets it through
    /// (an activity opened from elsewhere is in the list).
    pub fn activities_page(
        &self,
        filter: &ActivityFilter,
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
            let at = show.and_then(|id| all.iter().position(|a| a.id == id));
            let end = (limit as usize).max(at.map_or(0, |i| i + 1));
            all.truncate(end);
            Ok(ActivitiesPage {
                rows: all,
                total,
                all: count,
                shown,
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

/// Titles in Swedish order: case and diacritics count only when nothing else differs, and
/// å, ä and ö come after z.
fn swedish_order(a: &str, b: &str) -> Ordering {
    let key = |s: &str| s.chars().map(letter_rank).collect::<Vec<_>>();
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

fn letter_rank(c: char) -> u32 {
    let z = u32::from('z');
    match c.to_lowercase().next().unwrap_or(c) {
        'å' => z + 1,
        'ä' | 'æ' => z + 2,
        'ö' | 'ø' => z + 3,
        c => u32::from(fold(c)),
    }
}

/// Every activity as a row, by id.
fn activity_rows(db: &Db) -> Result<Vec<ActivityRow>> {
    let mut list = db.query(
        "SELECT id, title, method, starts_at, place, status, feedback_given_on
         FROM activity ORDER BY id",
        &[],
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
    rows::attach(
        db,
        "SELECT activity_id, key_question_id FROM activity_question ORDER BY 1, 2",
        &mut list,
        |_, a| Key::Text(&a.id),
        rows::text1,
        |a, v| a.key_question_ids.push(v),
    )?;
    rows::attach(
        db,
        "SELECT activity_id, count FROM participation WHERE count > 0 ORDER BY activity_id",
        &mut list,
        |_, a| Key::Text(&a.id),
        |r| r.get::<u32>(1),
        |a, n| a.participant_total = a.participant_total.saturating_add(n),
    )?;
    Ok(list)
}
