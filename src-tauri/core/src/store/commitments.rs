//! The `commitment` table: what the project has promised residents, with its dated history
//! (`commitment_event`, append-only) and its links to insights (`commitment_insight`),
//! needs (`commitment_need`, by `nid`), key questions (`commitment_question`) and segments
//! (`commitment_segment`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::model::{Commitment, CommitmentEvent, CommitmentStatus};
use crate::domain::validate;
use crate::store::Store;
use crate::support::error::{CoreError, Result};

use super::db::{params, Db, Param, Row};
use super::merge::{self, Based, Delta, Entity, Saved};
use super::rows::{self, enum_code, opt_str, Key};
use super::stamps::{stamp_changed, stamp_columns, EntityKind, Mark};
use super::{conflicts, decisions, needs, questions, segments};

macro_rules! columns {
    () => {
        "id, title, description, owner, due_date, status, reason, decision_id"
    };
}

macro_rules! insert {
    () => {
        concat!(
            "INSERT INTO commitment(",
            columns!(),
            ", ",
            stamp_columns!(),
            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9, ?10)"
        )
    };
}

fn from_row(r: &Row) -> Result<Commitment> {
    Ok(Commitment {
        id: r.get(0)?,
        title: r.get(1)?,
        description: r.get(2)?,
        owner: r.get(3)?,
        due_date: r.get(4)?,
        status: rows::enum_at(r, 5, "commitment", "status")?,
        reason: r.get(6)?,
        decision_id: r.get(7)?,
        ..Commitment::default()
    })
}

/// Run `sql` (an `insert!()`) for commitment `c`, stamped with `m`.
fn bind(db: &Db, sql: &str, c: &Commitment, m: &Mark) -> Result<u64> {
    db.execute(
        sql,
        params![
            c.id,
            c.title,
            c.description,
            c.owner,
            opt_str(&c.due_date),
            enum_code(&c.status),
            c.reason,
            opt_str(&c.decision_id),
            m.by,
            m.at
        ],
    )
}

fn insight_exists(db: &Db, id: &str) -> Result<bool> {
    rows::exists(db, "SELECT 1 FROM insight WHERE id = ?1", id)
}

/// Link a commitment to its insights, needs (unknown need ids are skipped), key questions
/// and segments.
fn insert_links(db: &Db, c: &Commitment) -> Result<()> {
    let owner = ("commitment_id", Param::Text(&c.id));
    rows::add_remove(
        db,
        "commitment_insight",
        owner,
        "insight_id",
        &c.insight_ids,
        &[],
    )?;
    for n in &c.need_ids {
        if let Some(nid) = needs::nid_of(db, n)? {
            db.execute(
                "INSERT INTO commitment_need(commitment_id, nid) VALUES (?1, ?2)
                 ON CONFLICT DO NOTHING",
                params![c.id, nid],
            )?;
        }
    }
    rows::add_remove(
        db,
        "commitment_question",
        owner,
        "key_question_id",
        &c.key_question_ids,
        &[],
    )?;
    rows::add_remove(
        db,
        "commitment_segment",
        owner,
        "segment_id",
        &c.segment_ids,
        &[],
    )
}

fn event_from_row(r: &Row, at: usize) -> Result<CommitmentEvent> {
    Ok(CommitmentEvent {
        on: r.get(at)?,
        status: rows::enum_at(r, at + 1, "commitment_event", "status")?,
        note: r.get(at + 2)?,
    })
}

/// The stored history of commitment `id`, oldest first.
fn history(db: &Db, id: &str) -> Result<Vec<CommitmentEvent>> {
    db.query(
        "SELECT on_date, status, note FROM commitment_event WHERE commitment_id = ?1 ORDER BY seq",
        params![id],
        |r| event_from_row(r, 0),
    )
}

/// The events of `given` that are not in `stored` (each stored event answers for one
/// equal given event), in their order.
fn missing(stored: &[CommitmentEvent], given: &[CommitmentEvent]) -> Vec<CommitmentEvent> {
    let mut left: Vec<&CommitmentEvent> = stored.iter().collect();
    let mut out = Vec::new();
    for e in given {
        match left.iter().position(|s| *s == e) {
            Some(k) => {
                left.remove(k);
            }
            None => out.push(e.clone()),
        }
    }
    out
}

/// Append to the stored history of `c` the events of `c.history` it lacks: the history
/// only grows, whatever a save holds.
fn append_history(db: &Db, c: &Commitment) -> Result<()> {
    let stored = history(db, &c.id)?;
    let new = missing(&stored, &c.history);
    let next: i64 = db
        .row(
            "SELECT COALESCE(MAX(seq), 0) FROM commitment_event WHERE commitment_id = ?1",
            params![c.id],
            |r| r.get(0),
        )?
        .unwrap_or(0);
    for (k, e) in new.iter().enumerate() {
        db.execute(
            "INSERT INTO commitment_event(commitment_id, seq, on_date, status, note)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                c.id,
                next + 1 + k as i64,
                e.on,
                enum_code(&e.status),
                e.note
            ],
        )?;
    }
    Ok(())
}

/// How a link row's id goes into its commitment.
type Put = fn(&mut Commitment, String);

/// Every commitment with its history and links, by id.
pub(super) fn all(db: &Db) -> Result<Vec<Commitment>> {
    let mut list: Vec<Commitment> = db.query(
        concat!("SELECT ", columns!(), " FROM commitment ORDER BY id"),
        &[],
        from_row,
    )?;
    rows::attach(
        db,
        "SELECT commitment_id, on_date, status, note FROM commitment_event ORDER BY 1, seq",
        &mut list,
        |_, c| Key::Text(&c.id),
        |r| event_from_row(r, 1),
        |c, e| c.history.push(e),
    )?;
    let links: [(&str, Put); 4] = [
        (
            "SELECT commitment_id, insight_id FROM commitment_insight ORDER BY 1, 2",
            |c, v| c.insight_ids.push(v),
        ),
        (
            "SELECT x.commitment_id, n.id FROM commitment_need x JOIN need n ON n.nid = x.nid
             ORDER BY 1, 2",
            |c, v| c.need_ids.push(v),
        ),
        (
            "SELECT commitment_id, key_question_id FROM commitment_question ORDER BY 1, 2",
            |c, v| c.key_question_ids.push(v),
        ),
        (
            "SELECT commitment_id, segment_id FROM commitment_segment ORDER BY 1, 2",
            |c, v| c.segment_ids.push(v),
        ),
    ];
    for (sql, put) in links {
        rows::attach(
            db,
            sql,
            &mut list,
            |_, c| Key::Text(&c.id),
            rows::text1,
            put,
        )?;
    }
    Ok(list)
}

/// Insert commitments (with their history and links) into a new project, after the rest.
pub(super) fn insert_all(db: &Db, list: &[Commitment]) -> Result<()> {
    let m = Mark::now(db);
    for c in list {
        bind(db, insert!(), c, &m)?;
        insert_links(db, c)?;
        append_history(db, c)?;
    }
    Ok(())
}

/// The upsert of a commitment's own columns.
const UPSERT: &str = concat!(
    insert!(),
    " ON CONFLICT(id) DO UPDATE SET title = excluded.title, description = excluded.description,
       owner = excluded.owner, due_date = excluded.due_date, status = excluded.status,
       reason = excluded.reason, decision_id = excluded.decision_id, ",
    stamp_changed!("commitment")
);

/// The commitment with this id, with its history and links.
fn one(db: &Db, id: &str) -> Result<Option<Commitment>> {
    let Some(mut c) = db.row(
        concat!("SELECT ", columns!(), " FROM commitment WHERE id = ?1"),
        params![id],
        from_row,
    )?
    else {
        return Ok(None);
    };
    c.history = history(db, id)?;
    c.insight_ids = rows::strings(
        db,
        "SELECT insight_id FROM commitment_insight WHERE commitment_id = ?1 ORDER BY 1",
        id,
    )?;
    c.need_ids = rows::strings(
        db,
        "SELECT n.id FROM commitment_need x JOIN need n ON n.nid = x.nid
         WHERE x.commitment_id = ?1 ORDER BY 1",
        id,
    )?;
    c.key_question_ids = rows::strings(
        db,
        "SELECT key_question_id FROM commitment_question WHERE commitment_id = ?1 ORDER BY 1",
        id,
    )?;
    c.segment_ids = rows::strings(
        db,
        "SELECT segment_id FROM commitment_segment WHERE commitment_id = ?1 ORDER BY 1",
        id,
    )?;
    Ok(Some(c))
}

/// The commitment's decision, which must exist.
fn check_decision(db: &Db, c: &Commitment) -> Result<Commitment> {
    let mut c = c.clone();
    c.decision_id = rows::check_ref(db, "decision_id", decisions::exists, &c.decision_id)?;
    Ok(c)
}

/// Write the row's own columns and the history it lacks.
fn write_row(db: &Db, c: &Commitment) -> Result<()> {
    bind(db, UPSERT, c, &Mark::now(db))?;
    append_history(db, c)
}

/// Save `c` (validated) replacing what is stored: its fields and all its links; the
/// history only grows.
fn replace(db: &Db, c: &Commitment) -> Result<Commitment> {
    let mut c = check_decision(db, c)?;
    c.insight_ids = rows::check_refs(db, "insight_ids", insight_exists, &c.insight_ids)?;
    c.need_ids = rows::check_refs(db, "need_ids", needs::exists, &c.need_ids)?;
    c.key_question_ids = rows::check_refs(
        db,
        "key_question_ids",
        questions::exists,
        &c.key_question_ids,
    )?;
    c.segment_ids = rows::check_refs(db, "segment_ids", segments::exists, &c.segment_ids)?;
    write_row(db, &c)?;
    for table in [
        "commitment_insight",
        "commitment_need",
        "commitment_question",
        "commitment_segment",
    ] {
        db.execute(
            &format!("DELETE FROM {table} WHERE commitment_id = ?1"),
            params![c.id],
        )?;
    }
    insert_links(db, &c)?;
    one(db, &c.id)?.ok_or_else(|| CoreError::internal("a saved commitment is gone"))
}

impl Entity for Commitment {
    const KIND: EntityKind = EntityKind::Commitment;
    const SETS: &'static [&'static str] =
        &["insight_ids", "need_ids", "key_question_ids", "segment_ids"];

    fn id(&self) -> &str {
        &self.id
    }

    fn validate(&self) -> Result<Commitment> {
        validate::commitment(self)
    }

    const TABLE: &'static str = "commitment";

    fn read(db: &Db, id: &str) -> Result<Option<Commitment>> {
        one(db, id)
    }

    fn replace(db: &Db, c: &Commitment) -> Result<Commitment> {
        replace(db, c)
    }

    fn write_fields(db: &Db, c: &Commitment) -> Result<()> {
        let c = check_decision(db, c)?;
        write_row(db, &c)
    }

    fn write_links(db: &Db, c: &Commitment, delta: &Delta) -> Result<()> {
        let owner = ("commitment_id", Param::Text(&c.id));
        let (added, removed) = delta.of("need_ids");
        for (list, add) in [(added, true), (removed, false)] {
            for n in list {
                // A need deleted meanwhile is nothing to link or unlink.
                let Some(nid) = needs::nid_of(db, n)? else {
                    continue;
                };
                let sql = if add {
                    "INSERT INTO commitment_need(commitment_id, nid) VALUES (?1, ?2)
                     ON CONFLICT DO NOTHING"
                } else {
                    "DELETE FROM commitment_need WHERE commitment_id = ?1 AND nid = ?2"
                };
                db.execute(sql, params![c.id, nid])?;
            }
        }
        let sets: [(&str, &str, &str, rows::Exists); 3] = [
            (
                "insight_ids",
                "commitment_insight",
                "insight_id",
                insight_exists,
            ),
            (
                "key_question_ids",
                "commitment_question",
                "key_question_id",
                questions::exists,
            ),
            (
                "segment_ids",
                "commitment_segment",
                "segment_id",
                segments::exists,
            ),
        ];
        for (key, table, column, exists) in sets {
            let (added, removed) = delta.of(key);
            let added = rows::check_refs(db, key, exists, added)?;
            rows::add_remove(db, table, owner, column, &added, removed)?;
        }
        Ok(())
    }

    /// The history only grows: the events I added go after the ones stored now, so two
    /// who change the status at once both keep their events.
    fn align(base: &mut Commitment, mine: &mut Commitment, theirs: &Commitment) {
        let added = missing(&base.history, &mine.history);
        let mut history = theirs.history.clone();
        history.extend(missing(&missing(&base.history, &theirs.history), &added));
        base.history = theirs.history.clone();
        mine.history = history;
    }
}

/// A commitment as the follow-up view lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FollowUpRow {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub status: CommitmentStatus,
    /// `YYYY-MM-DD`
    pub due_date: Option<String>,
    pub decision_id: Option<String>,
    /// The title of its decision, if it has one.
    pub decision_title: Option<String>,
    /// Planned or in progress with a due date before today.
    pub overdue: bool,
    /// The date of its latest `done` event, if any.
    pub done_on: Option<String>,
}

/// Whether a commitment that is `status` and due `due_date` is overdue on `today`.
pub fn is_overdue(status: CommitmentStatus, due_date: Option<&str>, today: NaiveDate) -> bool {
    matches!(
        status,
        CommitmentStatus::Planned | CommitmentStatus::InProgress
    ) && due_date
        .and_then(validate::parse_date)
        .is_some_and(|d| d < today)
}

/// The follow-up rows of `list` on `today`: overdue first, then by due date (none last),
/// then by title and id.
fn overview(db: &Db, list: &[Commitment], today: NaiveDate) -> Result<Vec<FollowUpRow>> {
    let titles: std::collections::HashMap<String, String> = db
        .query("SELECT id, title FROM decision", &[], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .into_iter()
        .collect();
    let mut out: Vec<FollowUpRow> = list
        .iter()
        .map(|c| FollowUpRow {
            id: c.id.clone(),
            title: c.title.clone(),
            owner: c.owner.clone(),
            status: c.status,
            due_date: c.due_date.clone(),
            decision_id: c.decision_id.clone(),
            decision_title: c.decision_id.as_ref().and_then(|d| titles.get(d).cloned()),
            overdue: is_overdue(c.status, c.due_date.as_deref(), today),
            done_on: c.done_on().map(str::to_string),
        })
        .collect();
    out.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then_with(|| a.due_date.is_none().cmp(&b.due_date.is_none()))
            .then_with(|| a.due_date.cmp(&b.due_date))
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(out)
}

impl Store {
    /// Save a commitment as given, without a base: last writer wins, its links are replaced
    /// by the ones given; the history only grows (the events the stored one lacks are
    /// added). An edit saves with [`Store::save_commitment_from`].
    pub fn save_commitment(&mut self, c: &Commitment) -> Result<Commitment> {
        let c = validate::commitment(c)?;
        let tx = self.tx()?;
        let c = replace(&tx, &c)?;
        tx.commit()?;
        Ok(c)
    }

    /// A commitment as an editor loads it, with its revision.
    pub fn commitment_for_edit(&self, id: &str) -> Result<Based<Commitment>> {
        merge::based(self.db(), id)
    }

    /// Save an edit of a commitment that started from `base`, merged with what others saved
    /// since, as [`Store::save_need_from`] does: links are added and removed, and the
    /// events I added to the history go after those others added.
    pub fn save_commitment_from(
        &mut self,
        c: &Commitment,
        base: Option<&Based<Commitment>>,
    ) -> Result<Saved<Commitment>> {
        self.save_from(c, base)
    }

    pub fn delete_commitment(&mut self, id: &str) -> Result<()> {
        let tx = self.tx()?;
        conflicts::record_deleted(&tx, EntityKind::Commitment, &[id.to_string()])?;
        let n = tx.execute("DELETE FROM commitment WHERE id = ?1", params![id])?;
        if n == 0 {
            return Err(CoreError::not_found(format!("unknown commitment \"{id}\"")));
        }
        tx.commit()?;
        Ok(())
    }

    /// Every commitment with its history and links, by id.
    pub fn commitments(&self) -> Result<Vec<Commitment>> {
        all(self.db())
    }

    /// The commitments as the follow-up view lists them on `today`: overdue first, then by
    /// due date.
    pub fn commitments_overview(&self, today: NaiveDate) -> Result<Vec<FollowUpRow>> {
        let tx = self.db().begin_snapshot()?;
        let list = all(&tx)?;
        let rows = overview(&tx, &list, today)?;
        tx.commit()?;
        Ok(rows)
    }
}
