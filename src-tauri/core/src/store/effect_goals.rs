//! The `effect_goal` table: the project's effect goals, written with the project and read
//! with it.

use rusqlite::{params, Connection, Row, Statement};

use crate::domain::model::EffectGoal;
use crate::support::error::Result;

use super::rows;

macro_rules! columns {
    () => {
        "id, code, title, description"
    };
}

fn from_row(r: &Row) -> rusqlite::Result<EffectGoal> {
    Ok(EffectGoal {
        id: r.get(0)?,
        code: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
    })
}

fn bind(st: &mut Statement, g: &EffectGoal) -> rusqlite::Result<usize> {
    st.execute(params![g.id, g.code, g.title, g.description])
}

pub(super) fn exists(conn: &Connection, id: &str) -> Result<bool> {
    rows::exists(conn, "SELECT 1 FROM effect_goal WHERE id = ?1", id)
}

/// Every effect goal, by id.
pub(super) fn all(conn: &Connection) -> Result<Vec<EffectGoal>> {
    Ok(conn
        .prepare(concat!(
            "SELECT ",
            columns!(),
            " FROM effect_goal ORDER BY id"
        ))?
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Insert effect goals into a new project.
pub(super) fn insert_all(conn: &Connection, goals: &[EffectGoal]) -> Result<()> {
    let mut st = conn.prepare(concat!(
        "INSERT INTO effect_goal(",
        columns!(),
        ") VALUES (?1, ?2, ?3, ?4)"
    ))?;
    for g in goals {
        bind(&mut st, g)?;
    }
    Ok(())
}
