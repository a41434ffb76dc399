//! The `activity` table with its key questions (`activity_question`) and participant
//! counts (`participation`): saves, deletes, copies, and the rows of the activities sheet.

use std::collections::HashMap;

use crate::domain::model::{Activity, ActivityStatus, Method, Participants};
use crate::domain::reach::{self, HeldActivity, ReachPage};
use crate::domain::validate;
use crate::store::Store;
use crate::support::error::{CoreError, ErrorCode, Result};

use super::db::{params, Db, Param, Row};
use super::merge::{self, Based, Delta, Entity, Saved};
use super::rows::{self, enum_code, opt_str, Key};
use super::stamps::{self, stamp_changed, stamp_columns, EntityKind, Mark};
use super::{conflicts, needs, questions, segments};

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
            ", ",
            stamp_columns!(),
            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?12, ?13)"
        )
    };
}

fn from_row(r: &Row) -> Result<Activity> {
    Ok(Activity {
        id: r.get(0)?,
        title: r.get(1)?,
        method: rows::enum_at(r, 2, "activity", "method")?,
        starts_at: r.get(3)?,
        ends_at: r.get(4)?,
        place: r.get(5)?,
        organisers: r.get(6)?,
        status: rows::enum_at(r, 7, "activity", "status")?,
        key_question_ids: vec![],
        participants: vec![],
        notes: r.get(8)?,
        feedback: r.get(9)?,
        feedback_given_on: r.get(10)?,
    })
}

/// Run `sql` (an `insert!()`) for `a`, stamped with `m`.
fn bind(db: &Db, sql: &str, a: &Activity, m: &Mark) -> Result<u64> {
    db.execute(
        sql,
        params![
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
            opt_str(&a.feedback_given_on),
            m.by,
            m.at
        ],
    )
}

/// Link an activity to its key questions and write its participant counts.
fn insert_links(db: &Db, a: &Activity) -> Result<()> {
    for q in &a.key_question_ids {
        db.execute(
            "INSERT INTO activity_question(activity_id, key_question_id) VALUES (?1, ?2)",
            params![a.id, q],
        )?;
    }
    for p in &a.participants {
        db.execute(
            "INSERT INTO participation(activity_id, segment_id, count) VALUES (?1, ?2, ?3)",
            params![a.id, p.segment_id, p.count],
        )?;
    }
    Ok(())
}

pub(super) fn exists(db: &Db, id: &str) -> Result<bool> {
    rows::exists(db, "SELECT 1 FROM activity WHERE id = ?1", id)
}

/// Every activity with its key questions and participants, by id.
pub(super) fn all(db: &Db) -> Result<Vec<Activity>> {
    let mut activities = db.query(
        concat!("SELECT ", columns!(), " FROM activity ORDER BY id"),
        &[],
        from_row,
    )?;
    rows::attach(
        db,
        "SELECT activity_id, key_question_id FROM activity_question ORDER BY 1, 2",
        &mut activities,
        |_, a| Key::Text(&a.id),
        rows::text1,
        |a, v| a.key_question_ids.push(v),
    )?;
    rows::attach(
        db,
        "SELECT activity_id, segment_id, count FROM participation ORDER BY activity_id, segment_id",
        &mut activities,
        |_, a| Key::Text(&a.id),
        participants_at,
        |a, v| a.participants.push(v),
    )?;
    Ok(activities)
}

/// A participation row's count (its activity in column 0, the segment in 1, the count in 2).
fn participants_at(r: &Row) -> Result<Participants> {
    Ok(Participants {
        segment_id: r.get(1)?,
        count: r.get(2)?,
    })
}

/// The held (and reported-back) activities with their participants, for the reach table.
fn held(db: &Db) -> Result<Vec<HeldActivity>> {
    let mut held = db.query(
        "SELECT id, title, starts_at, status FROM activity
         WHERE status IN ('held', 'reported_back') ORDER BY id",
        &[],
        |r| {
            Ok(HeldActivity {
                id: r.get(0)?,
                title: r.get(1)?,
                starts_at: r.get(2)?,
                status: rows::enum_at(r, 3, "activity", "status")?,
                participants: Vec::new(),
            })
        },
    )?;
    rows::attach(
        db,
        "SELECT p.activity_id, p.segment_id, p.count FROM participation p
         JOIN activity a ON a.id = p.activity_id
         WHERE a.status IN ('held', 'reported_back')
         ORDER BY p.activity_id, p.segment_id",
        &mut held,
        |_, a| Key::Text(&a.id),
        participants_at,
        |a, v| a.participants.push(v),
    )?;
    Ok(held)
}

/// The activity with this id, with its key questions and participants.
fn one(db: &Db, id: &str) -> Result<Option<Activity>> {
    let Some(mut a) = db.row(
        concat!("SELECT ", columns!(), " FROM activity WHERE id = ?1"),
        params![id],
        from_row,
    )?
    else {
        return Ok(None);
    };
    a.key_question_ids = rows::strings(
        db,
        "SELECT key_question_id FROM activity_question WHERE activity_id = ?1 ORDER BY 1",
        id,
    )?;
    a.participants = db.query(
        "SELECT segment_id, count FROM participation WHERE activity_id = ?1 ORDER BY 1",
        params![id],
        |r| {
            Ok(Participants {
                segment_id: r.get(0)?,
                count: r.get(1)?,
            })
        },
    )?;
    Ok(Some(a))
}

/// Insert activities (with their questions and participants) into a new project.
pub(super) fn insert_all(db: &Db, activities: &[Activity]) -> Result<()> {
    let m = Mark::now(db);
    for a in activities {
        bind(db, insert!(), a, &m)?;
        insert_links(db, a)?;
    }
    Ok(())
}

/// How many participants of a segment there are in all, and in how many activities.
pub(super) fn segment_participation(db: &Db, segment_id: &str) -> Result<(u32, u32)> {
    Ok(db
        .row(
            "SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT), COUNT(*)
             FROM participation WHERE segment_id = ?1",
            params![segment_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .unwrap_or((0, 0)))
}

/// `(segment, participants, activities)` of every segment with participation rows.
pub(super) fn participation_by_segment(db: &Db) -> Result<Vec<(String, u32, u32)>> {
    db.query(
        "SELECT segment_id, CAST(COALESCE(SUM(count), 0) AS BIGINT), COUNT(*)
         FROM participation GROUP BY segment_id ORDER BY segment_id",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// Stamp as changed now the activities that counted participants of a segment.
pub(super) fn touch_with_segment(db: &Db, segment_id: &str) -> Result<()> {
    stamps::touch_where(
        db,
        EntityKind::Activity,
        "id IN (SELECT activity_id FROM participation WHERE segment_id = ?3)",
        Param::Text(segment_id),
    )
}

/// Stamp as changed now the activities that ask a key question.
pub(super) fn touch_asking(db: &Db, key_question_id: &str) -> Result<()> {
    stamps::touch_where(
        db,
        EntityKind::Activity,
        "id IN (SELECT activity_id FROM activity_question WHERE key_question_id = ?3)",
        Param::Text(key_question_id),
    )
}

/// Add the participants of segment `from` to those of `into`, activity by activity.
pub(super) fn move_participation(db: &Db, from: &str, into: &str) -> Result<()> {
    touch_with_segment(db, from)?;
    // `participation.count`: PostgreSQL finds a bare `count` ambiguous beside `excluded`.
    db.execute(
        "INSERT INTO participation(activity_id, segment_id, count)
         SELECT activity_id, CAST(?2 AS TEXT), count FROM participation WHERE segment_id = ?1
         ON CONFLICT(activity_id, segment_id)
         DO UPDATE SET count = participation.count + excluded.count",
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

/// The upsert of an activity's own columns.
const UPSERT: &str = concat!(
    insert!(),
    " ON CONFLICT(id) DO UPDATE SET title = excluded.title, method = excluded.method,
       starts_at = excluded.starts_at, ends_at = excluded.ends_at, place = excluded.place,
       organisers = excluded.organisers, status = excluded.status, notes = excluded.notes,
       feedback = excluded.feedback, feedback_given_on = excluded.feedback_given_on, ",
    stamp_changed!("activity")
);

/// Refuse a participant count of a segment that does not exist.
fn check_segment(db: &Db, i: usize, segment_id: &str) -> Result<()> {
    if segments::exists(db, segment_id)? {
        return Ok(());
    }
    Err(CoreError::field(
        &format!("participants[{i}].segment_id"),
        ErrorCode::UnknownRef,
        format!("participants[{i}].segment_id: unknown segment \"{segment_id}\""),
    ))
}

/// Save `a` (validated) replacing what is stored: its fields, all its key questions and
/// participant counts.
fn replace(db: &Db, a: &Activity) -> Result<Activity> {
    let mut a = a.clone();
    a.key_question_ids = rows::check_refs(
        db,
        "key_question_ids",
        questions::exists,
        &a.key_question_ids,
    )?;
    for (i, p) in a.participants.iter().enumerate() {
        check_segment(db, i, &p.segment_id)?;
    }
    a.participants = validate::merge_participants(&a.participants);
    bind(db, UPSERT, &a, &Mark::now(db))?;
    db.execute(
        "DELETE FROM activity_question WHERE activity_id = ?1",
        params![a.id],
    )?;
    db.execute(
        "DELETE FROM participation WHERE activity_id = ?1",
        params![a.id],
    )?;
    insert_links(db, &a)?;
    Ok(a)
}

impl Entity for Activity {
    const KIND: EntityKind = EntityKind::Activity;
    const SETS: &'static [&'static str] = &["key_question_ids"];

    fn id(&self) -> &str {
        &self.id
    }

    fn validate(&self) -> Result<Activity> {
        let mut a = validate::activity(self)?;
        a.participants = validate::merge_participants(&a.participants);
        Ok(a)
    }

    const TABLE: &'static str = "activity";

    fn read(db: &Db, id: &str) -> Result<Option<Activity>> {
        one(db, id)
    }

    fn replace(db: &Db, a: &Activity) -> Result<Activity> {
        replace(db, a)
    }

    fn write_fields(db: &Db, a: &Activity) -> Result<()> {
        bind(db, UPSERT, a, &Mark::now(db))?;
        Ok(())
    }

    fn write_links(db: &Db, a: &Activity, delta: &Delta) -> Result<()> {
        let (added, removed) = delta.of("key_question_ids");
        let added = rows::check_refs(db, "key_question_ids", questions::exists, added)?;
        rows::add_remove(
            db,
            "activity_question",
            ("activity_id", Param::Text(&a.id)),
            "key_question_id",
            &added,
            removed,
        )?;
        for (i, (segment, count)) in delta.counts.iter().enumerate() {
            match count {
                Some(n) => {
                    check_segment(db, i, segment)?;
                    db.execute(
                        "INSERT INTO participation(activity_id, segment_id, count) VALUES (?1, ?2, ?3)
                         ON CONFLICT(activity_id, segment_id) DO UPDATE SET count = excluded.count",
                        params![a.id, segment, n],
                    )?;
                }
                None => {
                    db.execute(
                        "DELETE FROM participation WHERE activity_id = ?1 AND segment_id = ?2",
                        params![a.id, segment],
                    )?;
                }
            }
        }
        Ok(())
    }
}

impl Store {
    /// Save an activity as given, without a base: last writer wins, its key questions and
    /// participant counts are replaced by the ones given. An edit saves with
    /// [`Store::save_activity_from`].
    pub fn save_activity(&mut self, a: &Activity) -> Result<Activity> {
        let a = validate::activity(a)?;
        let tx = self.tx()?;
        let a = replace(&tx, &a)?;
        tx.commit()?;
        Ok(a)
    }

    /// An activity as an editor loads it, with its revision.
    /// Who the held activities reached: the table with the columns from `from` in view
    /// (the latest when none), and every total.
    pub fn reach_page(&self, from: Option<u32>) -> Result<ReachPage> {
        self.snapshot(|db| Ok(reach::reach_page(segments::all(db)?, held(db)?, from)))
    }

    pub fn activity_for_edit(&self, id: &str) -> Result<Based<Activity>> {
        merge::based(self.db(), id)
    }

    /// Save an edit of an activity that started from `base`, merged with what others saved
    /// since, as [`Store::save_need_from`] does; key questions are added and removed, and
    /// participant counts merge per segment (a count both changed is a conflict).
    pub fn save_activity_from(
        &mut self,
        a: &Activity,
        base: Option<&Based<Activity>>,
    ) -> Result<Saved<Activity>> {
        self.save_from(a, base)
    }

    pub fn delete_activity(&mut self, id: &str) -> Result<()> {
        let tx = self.tx()?;
        // The needs heard in it lose their activity.
        needs::touch_of_activity(&tx, id)?;
        conflicts::record_deleted(&tx, EntityKind::Activity, &[id.to_string()])?;
        let n = tx.execute("DELETE FROM activity WHERE id = ?1", params![id])?;
        if n == 0 {
            return Err(CoreError::not_found(format!("unknown activity \"{id}\"")));
        }
        tx.commit()?;
        Ok(())
    }

    /// One activity with its key questions and participants, read by its id.
    pub fn activity(&self, id: &str) -> Result<Activity> {
        one(self.db(), id)?
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
        let db = self.db();
        let mut counts: HashMap<String, Vec<Participants>> = HashMap::new();
        db.each(
            "SELECT activity_id, segment_id, count FROM participation",
            &[],
            |r| {
                counts.entry(r.get(0)?).or_default().push(Participants {
                    segment_id: r.get(1)?,
                    count: r.get(2)?,
                });
                Ok(true)
            },
        )?;
        db.each(
            "SELECT a.id, a.title, a.method, a.starts_at, a.ends_at, a.place, a.organisers, a.status,
               COALESCE((SELECT string_agg(q.title, ', ' ORDER BY q.title, q.id)
                         FROM activity_question aq JOIN key_question q ON q.id = aq.key_question_id
                         WHERE aq.activity_id = a.id), '')
             FROM activity a
             ORDER BY a.starts_at IS NULL, a.starts_at, a.title, a.id",
            &[],
            |r| {
                let id: String = r.get(0)?;
                let participants = counts.remove(&id).unwrap_or_default();
                row(ActivitySheetRow {
                    id,
                    title: r.get(1)?,
                    method: rows::enum_at(r, 2, "activity", "method")?,
                    starts_at: r.get(3)?,
                    ends_at: r.get(4)?,
                    place: r.get(5)?,
                    organisers: r.get(6)?,
                    status: rows::enum_at(r, 7, "activity", "status")?,
                    key_questions: r.get(8)?,
                    participants,
                })?;
                Ok(true)
            },
        )
    }
}
