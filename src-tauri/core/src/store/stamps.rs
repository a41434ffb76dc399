//! Who made each entity and who changed it last, and when: the stamp columns every entity
//! table has (`created_by`, `created_at`, `changed_by`, `changed_at`) and the `person` table
//! that gives a role the name people know it by.
//!
//! A row's own insert or save writes its stamp in the table module's statement (with a
//! [`Mark`]); a change of a row's links (a need's tags, an activity's participants) stamps
//! the row through the table module's `touch_…` helpers, which come here. Stamps stay out
//! of the domain model and the interchange JSON: they are read apart, many at once.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::validate;
use crate::store::Store;
use crate::support::codes::codes;
use crate::support::error::Result;

use super::db::{params, Db, Dialect, Param};
use super::rows;

codes! {
    /// The kinds of entity that carry a stamp; each code is also its table's name.
    pub enum EntityKind {
        EffectGoal = "effect_goal",
        Segment = "segment",
        Tag = "tag",
        Decision = "decision",
        KeyQuestion = "key_question",
        Activity = "activity",
        Need = "need",
        Insight = "insight",
        Commitment = "commitment",
    }
}

/// Who created an entity and who changed it last, and when (RFC 3339, UTC). `None` where
/// it is not known: rows from before schema 2. A `*_name` is the name the role goes by,
/// if it has given one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Stamp {
    /// The entity's id.
    pub id: String,
    pub created_by: Option<String>,
    pub created_by_name: Option<String>,
    pub created_at: Option<String>,
    pub changed_by: Option<String>,
    pub changed_by_name: Option<String>,
    pub changed_at: Option<String>,
}

/// Who writes and when, as a statement binds them to the stamp columns.
pub(super) struct Mark<'a> {
    pub by: &'a str,
    pub at: String,
}

impl Mark<'_> {
    /// This connection's role, at the time of its open transaction.
    pub fn now(db: &Db) -> Mark<'_> {
        Mark {
            by: db.role(),
            at: db.now(),
        }
    }
}

/// The stamp columns, after a table's own columns in an insert.
macro_rules! stamp_columns {
    () => {
        "created_by, created_at, changed_by, changed_at"
    };
}
/// What saving an existing row of `table` sets besides its own columns (an upsert's
/// `DO UPDATE`): the stamp, and the next revision.
macro_rules! stamp_changed {
    ($table:literal) => {
        concat!(
            "changed_by = excluded.changed_by, changed_at = excluded.changed_at, revision = ",
            $table,
            ".revision + 1"
        )
    };
}
pub(super) use {stamp_changed, stamp_columns};

/// Stamp as changed now the rows of `kind` that `cond` picks (`?3` is `arg`), each at its
/// next revision.
pub(super) fn touch_where(db: &Db, kind: EntityKind, cond: &str, arg: Param) -> Result<()> {
    let m = Mark::now(db);
    db.execute(
        &format!(
            "UPDATE {} SET changed_by = ?1, changed_at = ?2, revision = revision + 1 WHERE {cond}",
            kind.as_str()
        ),
        &[Param::Text(m.by), Param::Text(&m.at), arg],
    )?;
    Ok(())
}

/// Stamp as changed now the rows of `kind` with these ids.
pub(super) fn touch(db: &Db, kind: EntityKind, ids: &[String]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let cond = rows::in_list(db, "id", 3);
    touch_where(db, kind, &cond, Param::Texts(ids))
}

/// Stamp as changed now the needs with these `nid`s.
pub(super) fn touch_nids(db: &Db, nids: &[i64]) -> Result<()> {
    if nids.is_empty() {
        return Ok(());
    }
    let cond = rows::in_list(db, "nid", 3);
    touch_where(db, EntityKind::Need, &cond, Param::Ints(nids))
}

/// Where a row stands: its revision, who changed it last, and what people call it (a
/// need's statement, a tag's or segment's name, the others' title).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Head {
    pub id: String,
    pub revision: i64,
    pub changed_by: Option<String>,
    pub label: String,
}

fn label_column(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Need => "statement",
        EntityKind::Tag | EntityKind::Segment => "name",
        _ => "title",
    }
}

/// The [`Head`]s of the rows of `kind` that `cond` picks (`?1` is `arg`), by id; with
/// `lock`, on a server, the rows stay locked against other writers until the transaction
/// ends (a file has one writer at a time anyway).
pub(super) fn heads_where(
    db: &Db,
    kind: EntityKind,
    cond: &str,
    arg: Param,
    lock: bool,
) -> Result<Vec<Head>> {
    let lock = if lock && db.dialect() == Dialect::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    let sql = format!(
        "SELECT id, revision, changed_by, {} FROM {} WHERE {cond} ORDER BY id{lock}",
        label_column(kind),
        kind.as_str()
    );
    db.query(&sql, &[arg], |r| {
        Ok(Head {
            id: r.get(0)?,
            revision: r.get(1)?,
            changed_by: r.get(2)?,
            label: r.get(3)?,
        })
    })
}

/// The [`Head`]s of the rows of `kind` with these ids that exist, by id.
pub(super) fn heads(db: &Db, kind: EntityKind, ids: &[String], lock: bool) -> Result<Vec<Head>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let cond = rows::in_list(db, "id", 1);
    heads_where(db, kind, &cond, Param::Texts(ids), lock)
}

/// The stamps of the rows of `kind` with these ids, by id, in one query.
fn read(db: &Db, kind: EntityKind, ids: &[String]) -> Result<HashMap<String, Stamp>> {
    let sql = format!(
        "SELECT e.id, e.created_by, a.name, e.created_at, e.changed_by, b.name, e.changed_at
         FROM {} e LEFT JOIN person a ON a.role = e.created_by
           LEFT JOIN person b ON b.role = e.changed_by
         WHERE {}",
        kind.as_str(),
        rows::in_list(db, "e.id", 1)
    );
    let found = db.query(&sql, &[Param::Texts(ids)], |r| {
        Ok(Stamp {
            id: r.get(0)?,
            created_by: r.get(1)?,
            created_by_name: r.get(2)?,
            created_at: r.get(3)?,
            changed_by: r.get(4)?,
            changed_by_name: r.get(5)?,
            changed_at: r.get(6)?,
        })
    })?;
    Ok(found.into_iter().map(|s| (s.id.clone(), s)).collect())
}

/// The stamp of one row, if it exists (to keep it across an undone delete).
pub(super) fn one(db: &Db, kind: EntityKind, id: &str) -> Result<Option<Stamp>> {
    Ok(read(db, kind, &[id.to_string()])?.remove(id))
}

impl Store {
    /// Who writes to this project: the login name for a file, the database role on a server.
    pub fn role(&self) -> &str {
        self.db().role()
    }

    /// The stamps of the entities of `kind` with these ids, in the order asked, read at once;
    /// ids of no such entity are left out.
    pub fn stamps(&self, kind: EntityKind, ids: &[String]) -> Result<Vec<Stamp>> {
        if ids.is_empty() {
            return Ok(vec![]);
        }
        let found = read(self.db(), kind, ids)?;
        Ok(ids.iter().filter_map(|id| found.get(id).cloned()).collect())
    }

    /// The stamp of one entity; `None` when there is no such entity.
    pub fn stamp(&self, kind: EntityKind, id: &str) -> Result<Option<Stamp>> {
        one(self.db(), kind, id)
    }

    /// The name the current role goes by in this project, if it has given one.
    pub fn display_name(&self) -> Result<Option<String>> {
        self.db().row(
            "SELECT name FROM person WHERE role = ?1",
            params![self.role()],
            |r| r.get(0),
        )
    }

    /// Record the name the current role goes by (blank: forget it), shown in stamps.
    pub fn set_display_name(&mut self, name: &str) -> Result<()> {
        let name = validate::display_name(name)?;
        let tx = self.tx()?;
        let role = tx.role();
        if name.is_empty() {
            tx.execute("DELETE FROM person WHERE role = ?1", params![role])?;
        } else {
            tx.execute(
                "INSERT INTO person(role, name) VALUES (?1, ?2)
                 ON CONFLICT(role) DO UPDATE SET name = excluded.name",
                params![role, name],
            )?;
        }
        tx.commit()
    }
}
