//! The `decision` table: the decisions the dialogue feeds, their saves and deletes.

use crate::domain::model::{Decision, QuestionsOnDelete};
use crate::domain::validate;
use crate::store::Store;
use crate::support::error::{CoreError, Result};

use super::conflicts;
use super::db::{params, Db, Row};
use super::merge::{self, Based, Entity, Saved};
use super::questions as key_questions;
use super::rows::{self, enum_code, opt_str};
use super::stamps::{stamp_changed, stamp_columns, EntityKind, Mark};

macro_rules! columns {
    () => {
        "id, title, description, decision_date, forum, status, outcome, brief_summary, brief_proposal"
    };
}

macro_rules! insert {
    () => {
        concat!(
            "INSERT INTO decision(",
            columns!(),
            ", ",
            stamp_columns!(),
            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10, ?11)"
        )
    };
}

fn from_row(r: &Row) -> Result<Decision> {
    Ok(Decision {
        id: r.get(0)?,
        title: r.get(1)?,
        description: r.get(2)?,
        decision_date: r.get(3)?,
        forum: r.get(4)?,
        status: rows::enum_at(r, 5, "decision", "status")?,
        outcome: r.get(6)?,
        brief_summary: r.get(7)?,
        brief_proposal: r.get(8)?,
    })
}

/// Run `sql` (an `insert!()`) for `d`, stamped with `m`.
fn bind(db: &Db, sql: &str, d: &Decision, m: &Mark) -> Result<u64> {
    db.execute(
        sql,
        params![
            d.id,
            d.title,
            d.description,
            opt_str(&d.decision_date),
            d.forum,
            enum_code(&d.status),
            d.outcome,
            d.brief_summary,
            d.brief_proposal,
            m.by,
            m.at
        ],
    )
}

pub(super) fn exists(db: &Db, id: &str) -> Result<bool> {
    rows::exists(db, "SELECT 1 FROM decision WHERE id = ?1", id)
}

/// Every decision, by id.
pub(super) fn all(db: &Db) -> Result<Vec<Decision>> {
    db.query(
        concat!("SELECT ", columns!(), " FROM decision ORDER BY id"),
        &[],
        from_row,
    )
}

/// Insert decisions into a new project.
pub(super) fn insert_all(db: &Db, decisions: &[Decision]) -> Result<()> {
    let m = Mark::now(db);
    for d in decisions {
        bind(db, insert!(), d, &m)?;
    }
    Ok(())
}

/// The upsert of a decision.
const UPSERT: &str = concat!(
    insert!(),
    " ON CONFLICT(id) DO UPDATE SET title = excluded.title, description = excluded.description,
       decision_date = excluded.decision_date, forum = excluded.forum, status = excluded.status,
       outcome = excluded.outcome, brief_summary = excluded.brief_summary,
       brief_proposal = excluded.brief_proposal, ",
    stamp_changed!("decision")
);

impl Entity for Decision {
    const KIND: EntityKind = EntityKind::Decision;
    const SETS: &'static [&'static str] = &[];

    fn id(&self) -> &str {
        &self.id
    }

    fn validate(&self) -> Result<Decision> {
        validate::decision(self)
    }

    const TABLE: &'static str = "decision";

    fn read(db: &Db, id: &str) -> Result<Option<Decision>> {
        db.row(
            concat!("SELECT ", columns!(), " FROM decision WHERE id = ?1"),
            params![id],
            from_row,
        )
    }

    fn write_fields(db: &Db, d: &Decision) -> Result<()> {
        bind(db, UPSERT, d, &Mark::now(db))?;
        Ok(())
    }
}

impl Store {
    /// Save a decision as given, without a base: last writer wins. An edit saves with
    /// [`Store::save_decision_from`].
    pub fn save_decision(&mut self, d: &Decision) -> Result<Decision> {
        let d = validate::decision(d)?;
        let tx = self.tx()?;
        bind(&tx, UPSERT, &d, &Mark::now(&tx))?;
        tx.commit()?;
        Ok(d)
    }

    /// A decision as an editor loads it, with its revision.
    pub fn decision_for_edit(&self, id: &str) -> Result<Based<Decision>> {
        merge::based(self.db(), id)
    }

    /// Save an edit of a decision that started from `base`, merged with what others saved
    /// since, as [`Store::save_need_from`] does.
    pub fn save_decision_from(
        &mut self,
        d: &Decision,
        base: Option<&Based<Decision>>,
    ) -> Result<Saved<Decision>> {
        self.save_from(d, base)
    }

    /// Delete a decision; its key questions stay (without a decision) or go with it.
    pub fn delete_decision(&mut self, id: &str, questions: QuestionsOnDelete) -> Result<()> {
        let tx = self.tx()?;
        if !exists(&tx, id)? {
            return Err(CoreError::not_found(format!("unknown decision \"{id}\"")));
        }
        if questions == QuestionsOnDelete::Delete {
            key_questions::delete_of_decision(&tx, id)?;
        } else {
            key_questions::touch_of_decision(&tx, id)?;
        }
        conflicts::record_deleted(&tx, EntityKind::Decision, &[id.to_string()])?;
        tx.execute("DELETE FROM decision WHERE id = ?1", params![id])?;
        tx.commit()?;
        Ok(())
    }
}
