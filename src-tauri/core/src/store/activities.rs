//! The `activity` table with its key questions (`activity_question`) and participant
//! counts (`participation`): saves, deletes, copies, and the rows of the activities sheet.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Row, Statement};

use crate::domain::model::{Activity, ActivityStatus, Method, Participants};
use crate::domain::validate;
use crate::store::Store;
use crate::support::error::{CoreError, ErrorCode, Result};

use super::rows::{self, enum_code, enum_from, opt_str, Key};
use super::{questions, segments};

macro_rules! columns {
    () => {
        "id, title, method, starts_at, ends_at, place, organisers, status, notes, feedback,
         feedback_given_on"
    };
}

macro_rules! insert {
    () => {
        concat!(
            "INSERT INTO activity(",
            columns!(),
            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
        )
    };
}

fn from_row(r: &Row) -> rusqlite::Result<Activity> {
    Ok(Activity {
        id: r.get(0)?,
        title: r.get(1)?,
        method: enum_from(&r.get::<_, String>(2)?),
        starts_at: r.get(3)?,
        ends_at: r.get(4)?,
        place: r.get(5)?,
        organisers: r.get(6)?,
        status: enum_from(&r.get::<_, String>(7)?),
        key_question_ids: vec![],
        participants: vec![],
        notes: r.get(8)?,
        feedback: r.get(9)?,
        feedback_given_on: r.get(10)?,
    })
}

fn bind(st: &mut Statement, a: &Activity) -> rusqlite::Result<usize> {
    st.execute(params![
        a.id,
        a.title,
        enum_code(&a.method),
        opt_str(&a.starts_at),
        opt_str(&a.ends_at),
        a.place,
        a.organisers,
        enum_code(&a.status),
        a.notes,
        a.feedback,
        opt_str(&a.feedback_given_on)
    ])
}

/// Link an activity to its key questions and write its participant counts.
fn insert_links(conn: &Connection, a: &Activity) -> Result<()> {
    let mut aq = conn.prepare_cached(
        "INSERT INTO activity_question(activity_id, key_question_id) VALUES (?1, ?2)",
    )?;
    for q in &a.key_question_ids {
        aq.execute(params![a.id, q])?;
    }
    let mut ap = conn.prepare_cached(
        "INSERT INTO participation(activity_id, segment_id, count) VALUES (?1, ?2, ?3)",
    )?;
    for p in &a.participants {
        ap.execute(params![a.id, p.segment_id, p.count])?;
    }
    Ok(())
}

pub(super) fn exists(conn: &Connection, id: &str) -> Result<bool> {
    rows::exists(conn, "SELECT 1 FROM activity WHERE id = ?1", id)
}

/// Every activity with its key questions and participants, by id.
pub(super) fn all(conn: &Connection) -> Result<Vec<Activity>> {
    let mut activities: Vec<Activity> = conn
        .prepare(concat!("SELECT ", columns!(), " FROM activity ORDER BY id"))?
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows::attach(
        conn,
        "SELECT activity_id, key_question_id FROM activity_question ORDER BY 1, 2",
        &mut activities,
        |_, a| Key::Text(&a.id),
        rows::text1,
        |a, v| a.key_question_ids.push(v),
    )?;
    rows::attach(
        conn,
        "SELECT activity_id, segment_id, count FROM participation ORDER BY activity_id, segment_id",
        &mut activities,
        |_, a| Key::Text(&a.id),
        |r| {
            Ok(Participants {
                segment_id: r.get(1)?,
                count: r.get(2)?,
            })
        },
        |a, v| a.participants.push(v),
    )?;
    Ok(activities)
}

/// The activity with this id, with its key questions and participants.
fn one(conn: &Connection, id: &str) -> Result<Option<Activity>> {
    let Some(mut a) = conn
        .prepare_cached(concat!(
            "SELECT ",
            columns!(),
            " FROM activity WHERE id = ?1"
        ))?
        .query_row([id], from_row)
        .optional()?
    else {
        return Ok(None);
    };
    a.key_question_ids = conn
        .prepare_cached(
            "SELECT key_question_id FROM activity_question WHERE activity_id = ?1 ORDER BY 1",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    a.participants = conn
        .prepare_cached(
            "SELECT segment_id, count FROM participation WHERE activity_id = ?1 ORDER BY 1",
        )?
        .query_map([id], |r| {
            Ok(Participants {
                segment_id: r.get(0)?,
                count: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(a))
}

/// Insert activities (with their questions and participants) into a new project.
pub(super) fn insert_all(conn: &Connection, activities: &[Activity]) -> Result<()> {
    let mut st = conn.prepare(insert!())?;
    for a in activities {
        bind(&mut st, a)?;
        insert_links(conn, a)?;
    }
    Ok(())
}

/// How many participants of a segment there are in all, and in how many activities.
pub(super) fn segment_participation(conn: &Connection, segment_id: &str) -> Result<(u32, u32)> {
    Ok(conn.query_row(
        "SELECT COALESCE(SUM(count), 0), COUNT(*) FROM participation WHERE segment_id = ?1",
        [segment_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Add the participants of segment `from` to those of `into`, activity by activity.
pub(super) fn move_participation(conn: &Connection, from: &str, into: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO participation(activity_id, segment_id, count)
         SELECT activity_id, ?2, count FROM participation WHERE segment_id = ?1
         ON CONFLICT(activity_id, segment_id) DO UPDATE SET count = count + excluded.count",
        params![from, into],
    )?;
    Ok(())
}

/// An activity as the activities spreadsheet lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivitySheetRow {
    pub id: String,
    pub title: String,
    pub method: Method,
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
    pub place: String,
    pub organisers: String,
    pub status: ActivityStatus,
    /// The titles of its key questions, by title, joined with ", ".
    pub key_questions: String,
    /// Its participant counts, one per segment.
    pub participants: Vec<Participants>,
}

impl Store {
    pub fn save_activity(&mut self, a: &Activity) -> Result<Activity> {
        let mut a = validate::activity(a)?;
        let tx = self.tx()?;
        a.key_question_ids = rows::check_refs(
            &tx,
            "key_question_ids",
            questions::exists,
            &a.key_question_ids,
        )?;
        for (i, p) in a.participants.iter().enumerate() {
            if !segments::exists(&tx, &p.segment_id)? {
                return Err(CoreError::field(
                    &format!("participants[{i}].segment_id"),
                    ErrorCode::UnknownRef,
                    format!(
                        "participants[{i}].segment_id: unknown segment \"{}\"",
                        p.segment_id
                    ),
                ));
            }
        }
        a.participants = validate::merge_participants(&a.participants);
        bind(
            &mut tx.prepare(concat!(
                insert!(),
                " ON CONFLICT(id) DO UPDATE SET title = excluded.title, method = excluded.method,
                   starts_at = excluded.starts_at, ends_at = excluded.ends_at, place = excluded.place,
                   organisers = excluded.organisers, status = excluded.status, notes = excluded.notes,
                   feedback = excluded.feedback, feedback_given_on = excluded.feedback_given_on"
            ))?,
            &a,
        )?;
        tx.execute(
            "DELETE FROM activity_question WHERE activity_id = ?1",
            [&a.id],
        )?;
        tx.execute("DELETE FROM participation WHERE activity_id = ?1", [&a.id])?;
        insert_links(&tx, &a)?;
        tx.commit()?;
        Ok(a)
    }

    pub fn delete_activity(&mut self, id: &str) -> Result<()> {
        let tx = self.tx()?;
        let n = tx.execute("DELETE FROM activity WHERE id = ?1", [id])?;
        if n == 0 {
            return Err(CoreError::not_found(format!("unknown activity \"{id}\"")));
        }
        tx.commit()?;
        Ok(())
    }

    /// One activity with its key questions and participants, read by its id.
    pub fn activity(&self, id: &str) -> Result<Activity> {
        one(&self.conn, id)?
            .ok_or_else(|| CoreError::not_found(format!("unknown activity \"{id}\"")))
    }

    /// A copy for a series (e.g. pop-ups): same questions and segments, counts cleared,
    /// notes and feedback cleared, status planned.
    pub fn duplicate_activity(&mut self, id: &str, title_suffix: &str) -> Result<Activity> {
        let mut a = self.activity(id)?;
        a.id = String::new();
        a.title = format!("{}{title_suffix}", a.title);
        a.status = ActivityStatus::Planned;
        a.notes.clear();
        a.feedback.clear();
        a.feedback_given_on = None;
        for p in &mut a.participants {
            p.count = 0;
        }
        self.save_activity(&a)
    }

    /// Every activity as the activities spreadsheet lists it, by start (undated last),
    /// then title; handed to `row` one at a time.
    pub fn each_activity_for_sheet(
        &self,
        mut row: impl FnMut(ActivitySheetRow) -> Result<()>,
    ) -> Result<()> {
        let mut counts: HashMap<String, Vec<Participants>> = HashMap::new();
        {
            let mut st = self
                .conn
                .prepare("SELECT activity_id, segment_id, count FROM participation")?;
            let rows = st.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Participants {
                        segment_id: r.get(1)?,
                        count: r.get(2)?,
                    },
                ))
            })?;
            for r in rows {
                let (a, p) = r?;
                counts.entry(a).or_default().push(p);
            }
        }
        let mut st = self.conn.prepare(
            "SELECT a.id, a.title, a.method, a.starts_at, a.ends_at, a.place, a.organisers, a.status,
               COALESCE((SELECT group_concat(q.title, ', ' ORDER BY q.title, q.id)
                         FROM activity_question aq JOIN key_question q ON q.id = aq.key_question_id
                         WHERE aq.activity_id = a.id), '')
             FROM activity a
             ORDER BY a.starts_at IS NULL, a.starts_at, a.title, a.id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let participants = counts.remove(&id).unwrap_or_default();
            row(ActivitySheetRow {
                id,
                title: r.get(1)?,
                method: enum_from(&r.get::<_, String>(2)?),
                starts_at: r.get(3)?,
                ends_at: r.get(4)?,
                place: r.get(5)?,
                organisers: r.get(6)?,
                status: enum_from(&r.get::<_, String>(7)?),
                key_questions: r.get(8)?,
                participants,
            })?;
        }
        Ok(())
    }
}
