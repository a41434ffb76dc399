//! The `effect_goal` table: the project's effect goals, written with the project and read
//! with it.

use crate::domain::model::EffectGoal;
use crate::support::error::Result;

use super::db::{params, Db, Row};
use super::rows;
use super::stamps::{stamp_columns, Mark};

macro_rules! columns {
    () => {
        "id, code, title, description"
    };
}

fn from_row(r: &Row) -> Result<EffectGoal> {
    Ok(EffectGoal {
        id: r.get(0)?,
        code: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
    })
}

pub(super) fn exists(db: &Db, id: &str) -> Result<bool> {
    rows::exists(db, "SELECT 1 FROM effect_goal WHERE id = ?1", id)
}

/// Every effect goal, by id.
pub(super) fn all(db: &Db) -> Result<Vec<EffectGoal>> {
    db.query(
        concat!("SELECT ", columns!(), " FROM effect_goal ORDER BY id"),
        &[],
        from_row,
    )
}

/// Insert effect goals into a new project.
pub(super) fn insert_all(db: &Db, goals: &[EffectGoal]) -> Result<()> {
    let m = Mark::now(db);
    for g in goals {
        db.execute(
            concat!(
                "INSERT INTO effect_goal(",
                columns!(),
                ", ",
                stamp_columns!(),
                ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6)"
            ),
            params![g.id, g.code, g.title, g.description, m.by, m.at],
        )?;
    }
    Ok(())
}
