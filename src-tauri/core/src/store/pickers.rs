//! What a type-ahead picker offers: a few activities or key questions that fit what the
//! user typed, served from the store so that a form never holds every activity or question
//! of a large project.
//!
//! Words match as the needs search matches them (every typed word begins a word of the
//! title or, for an activity, the place; lower case, diacritics folded), so "olymp" finds
//! "Samtal på Olympiaskolan" on both backends.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::model::{ActivityStatus, QuestionStatus};
use crate::store::Store;
use crate::support::error::Result;

use super::db::Row;
use super::rows;
use crate::support::fold::{has_every_word, query_words};

/// One activity as a picker lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ActivityChoice {
    pub id: String,
    pub title: String,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, as stored.
    pub starts_at: Option<String>,
    pub place: String,
    pub status: ActivityStatus,
}

/// The activities a picker shows, and how many fit in all (the rest: type more).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ActivityChoices {
    pub items: Vec<ActivityChoice>,
    pub total: u32,
}

/// One key question as a picker lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct QuestionChoice {
    pub id: String,
    pub title: String,
    /// `YYYY-MM-DD`, as stored.
    pub needed_by: Option<String>,
    pub status: QuestionStatus,
}

/// The key questions a picker shows, and how many fit in all (the rest: type more).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct QuestionChoices {
    pub items: Vec<QuestionChoice>,
    pub total: u32,
}

/// The columns a picker reads of an activity, and the choice they make.
const ACTIVITY_COLUMNS: &str = "SELECT id, title, starts_at, place, status FROM activity";

fn activity_at(r: &Row) -> Result<ActivityChoice> {
    Ok(ActivityChoice {
        id: r.get(0)?,
        title: r.get(1)?,
        starts_at: r.get(2)?,
        place: r.get(3)?,
        status: rows::enum_at(r, 4, "activity", "status")?,
    })
}

/// The columns a picker reads of a key question, and the choice they make.
const QUESTION_COLUMNS: &str = "SELECT id, title, needed_by, status FROM key_question";

fn question_at(r: &Row) -> Result<QuestionChoice> {
    Ok(QuestionChoice {
        id: r.get(0)?,
        title: r.get(1)?,
        needed_by: r.get(2)?,
        status: rows::enum_at(r, 3, "key_question", "status")?,
    })
}

/// Whether `title`'s first word begins with `first` (the first typed word, folded).
fn title_begins(title: &str, first: &str) -> bool {
    !first.is_empty()
        && query_words(title)
            .first()
            .is_some_and(|w| w.starts_with(first))
}

/// The first `limit` of `found` by rank, and how many were found.
fn best<R: Ord, C>(mut found: Vec<(R, C)>, limit: u32) -> (Vec<C>, u32) {
    let total = found.len() as u32;
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let items = found
        .into_iter()
        .take(limit as usize)
        .map(|(_, c)| c)
        .collect();
    (items, total)
}

/// Where a picker lists an activity: a title that begins with the text first (`false`
/// sorts first), then by [`nearness`], then by title.
type Rank = (bool, (u8, i64), String);

/// How far an activity's day lies from `today`, for the order of a picker: the ones ahead
/// first (soonest first), then the ones behind (latest first), then those without a day.
fn nearness(starts_at: Option<&str>, today: NaiveDate) -> (u8, i64) {
    let day = starts_at.and_then(crate::support::dates::date_of);
    match day {
        Some(d) if d >= today => (0, (d - today).num_days()),
        Some(d) => (1, (today - d).num_days()),
        None => (2, 0),
    }
}

impl Store {
    /// At most `limit` activities whose title or place has every word of `text` (all of
    /// them when `text` has no word), those whose title begins with the text first, then
    /// by [`nearness`] to `today`, then by title.
    pub fn find_activities(
        &self,
        text: &str,
        limit: u32,
        today: NaiveDate,
    ) -> Result<ActivityChoices> {
        let wanted = query_words(text);
        let first = wanted.first().cloned().unwrap_or_default();
        let mut found: Vec<(Rank, ActivityChoice)> = Vec::new();
        self.db().each(ACTIVITY_COLUMNS, &[], |r| {
            let (title, place): (String, String) = (r.get(1)?, r.get(3)?);
            if !wanted.is_empty() && !has_every_word(&wanted, &[&title, &place]) {
                return Ok(true);
            }
            let choice = activity_at(r)?;
            let key = (
                !title_begins(&title, &first),
                nearness(choice.starts_at.as_deref(), today),
                title.to_lowercase(),
            );
            found.push((key, choice));
            Ok(true)
        })?;
        let (items, total) = best(found, limit);
        Ok(ActivityChoices { items, total })
    }

    /// At most `limit` key questions whose title has every word of `text` (all of them
    /// when `text` has no word): those whose title begins with the text first, then the
    /// ones needed soonest (the undated last), then by title.
    pub fn find_questions(&self, text: &str, limit: u32) -> Result<QuestionChoices> {
        let wanted = query_words(text);
        let first = wanted.first().cloned().unwrap_or_default();
        let mut found = Vec::new();
        self.db().each(QUESTION_COLUMNS, &[], |r| {
            let title: String = r.get(1)?;
            if !wanted.is_empty() && !has_every_word(&wanted, &[&title]) {
                return Ok(true);
            }
            let choice = question_at(r)?;
            let key = (
                !title_begins(&title, &first),
                choice.needed_by.is_none(),
                choice.needed_by.clone(),
                title.to_lowercase(),
            );
            found.push((key, choice));
            Ok(true)
        })?;
        let (items, total) = best(found, limit);
        Ok(QuestionChoices { items, total })
    }

    /// The key question `id` as a picker shows it; `None` when there is no such question.
    pub fn question_choice(&self, id: &str) -> Result<Option<QuestionChoice>> {
        self.choice_by_id(QUESTION_COLUMNS, id, question_at)
    }

    /// The activity `id` as a picker shows it; `None` when there is no such activity.
    pub fn activity_choice(&self, id: &str) -> Result<Option<ActivityChoice>> {
        self.choice_by_id(ACTIVITY_COLUMNS, id, activity_at)
    }

    /// The row `id` of the table `columns` reads, as `choice` makes it.
    fn choice_by_id<C>(
        &self,
        columns: &str,
        id: &str,
        choice: fn(&Row) -> Result<C>,
    ) -> Result<Option<C>> {
        let mut out = None;
        self.db().each(
            &format!("{columns} WHERE id = ?1"),
            &[super::db::Param::Text(id)],
            |r| {
                out = Some(choice(r)?);
                Ok(false)
            },
        )?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn nearness_puts_what_is_ahead_first_then_what_is_behind_then_the_undated() {
        let today = day("2027-01-10");
        let mut days = vec![
            None,
            Some("2027-01-05"),
            Some("2027-02-01T10:00"),
            Some("2027-01-10"),
            Some("2026-12-31"),
        ];
        days.sort_by_key(|d| nearness(*d, today));
        assert_eq!(
            days,
            vec![
                Some("2027-01-10"),
                Some("2027-02-01T10:00"),
                Some("2027-01-05"),
                Some("2026-12-31"),
                None
            ]
        );
    }
}
