//! The `decision` table: the decisions the dialogue feeds, their saves and deletes.

use rusqlite::{params, Connection, Row, Statement};

use crate::domain::model::{Decision, QuestionsOnDelete};
use crate::domain::validate;
use crate::store::Store;
use crate::support::error::{CoreError, Result};

use super::questions as key_questions;
use super::rows::{self, enum_code, enum_from, opt_str};

macro_rules! columns {
    () => {
        "id, title, description, decision_date, forum, status, outcome, brief_summary, brief_proposal"
    };
}

fn from_row(r: &Row) -> rusqlite::Result<Decision> {
    Ok(Decision {
        id: r.get(0)?,
        title: r.get(1)?,
        description: r.get(2)?,
        decision_date: r.get(3)?,
        forum: r.get(4)?,
        status: enum_from(&r.get::<_, String>(5)?),
        outcome: r.get(6)?,
        brief_summary: r.get(7)?,
        brief_proposal: r.get(8)?,
    })
}

fn bind(st: &mut Statement, d: &Decision) -> rusqlite::Result<usize> {
    st.execute(params![
        d.id,
        d.title,
        d.description,
        opt_str(&d.decision_date),
        d.forum,
        enum_code(&d.status),
        d.outcome,
        d.brief_summary,
        d.brief_proposal
    ])
}

pub(super) fn exists(conn: &Connection, id: &str) -> Result<bool> {
    rows::exists(conn, "SELECT 1 FROM decision WHERE id = ?1", id)
}

/// Every decision, by id.
pub(super) fn all(conn: &Connection) -> Result<Vec<Decision>> {
    Ok(conn
        .prepare(concat!("SELECT ", columns!(), " FROM decision ORDER BY id"))?
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Insert decisions into a new project.
pub(super) fn insert_all(conn: &Connection, decisions: &[Decision]) -> Result<()> {
    let mut st = conn.prepare(concat!(
        "INSERT INTO decision(",
        columns!(),
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    ))?;
    for d in decisions {
        bind(&mut st, d)?;
    }
    Ok(())
}

impl Store {
    pub fn save_decision(&mut self, d: &Decision) -> Result<Decision> {
        let d = validate::decision(d)?;
        let tx = self.tx()?;
        bind(
            &mut tx.prepare(concat!(
                "INSERT INTO decision(",
                columns!(),
                ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT(id) DO UPDATE SET title = excluded.title, description = excluded.description,
                   decision_date = excluded.decision_date, forum = excluded.forum, status = excluded.status,
                   outcome = excluded.outcome, brief_summary = excluded.brief_summary,
                   brief_proposal = excluded.brief_proposal"
            ))?,
            &d,
        )?;
        tx.commit()?;
        Ok(d)
    }

    /// Delete a decision; its key questions stay (without a decision) or go with it.
    pub fn delete_decision(&mut self, id: &str, questions: QuestionsOnDelete) -> Result<()> {
        let tx = self.tx()?;
        if !exists(&tx, id)? {
            return Err(CoreError::not_found(format!("unknown decision \"{id}\"")));
        }
        if questions == QuestionsOnDelete::Delete {
            key_questions::delete_of_decision(&tx, id)?;
        }
        tx.execute("DELETE FROM decision WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }
}
