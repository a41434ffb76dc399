//! The `conflict` table (fields two people changed at once, kept as the other person's
//! value until someone resolves them) and the `deletion` table (who deleted what, so that
//! an edit of a deleted item can say so).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::domain::model::{
    Activity, Commitment, Decision, Insight, KeyQuestion, Need, Segment, Tag,
};
use crate::store::Store;
use crate::support::error::{CoreError, Result};

use super::db::{params, Db, Row};
use super::merge::{self, Clash, Delta, Entity};
use super::stamps::EntityKind;

/// A field two people changed at once. The item kept `theirs`; `mine` is what the person
/// saving (`mine_by`) wanted. Values are as the field holds them: a text, a number (a
/// participant count), a boolean, or null.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Conflict {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: EntityKind,
    pub entity_id: String,
    /// The field's name in the item (`statement`), or `participants.<segment id>`.
    pub field: String,
    #[ts(type = "string | number | boolean | null")]
    pub base: Value,
    #[ts(type = "string | number | boolean | null")]
    pub mine: Value,
    #[ts(type = "string | number | boolean | null")]
    pub theirs: Value,
    pub mine_by: String,
    /// Who saved the value the item kept, if known (the database role).
    pub theirs_by: Option<String>,
    /// The name `theirs_by` goes by, if they gave one.
    pub theirs_name: Option<String>,
    /// When the conflict arose (RFC 3339, UTC).
    pub at: String,
    pub resolved_at: Option<String>,
}

macro_rules! columns {
    () => {
        "id, kind, entity_id, field, base, mine, theirs, mine_by, theirs_by, at, resolved_at,
         (SELECT p.name FROM person p WHERE p.role = theirs_by)"
    };
}

fn parse(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or(Value::Null)
}

fn from_row(r: &Row) -> Result<Conflict> {
    let kind: String = r.get(1)?;
    Ok(Conflict {
        id: r.get(0)?,
        kind: EntityKind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == kind)
            .ok_or_else(|| CoreError::internal(format!("a conflict of unknown kind {kind}")))?,
        entity_id: r.get(2)?,
        field: r.get(3)?,
        base: parse(&r.get::<String>(4)?),
        mine: parse(&r.get::<String>(5)?),
        theirs: parse(&r.get::<String>(6)?),
        mine_by: r.get(7)?,
        theirs_by: r.get(8)?,
        at: r.get(9)?,
        resolved_at: r.get(10)?,
        theirs_name: r.get(11)?,
    })
}

/// Record the clashes of one save; returns them as recorded.
pub(super) fn record(
    db: &Db,
    kind: EntityKind,
    id: &str,
    clashes: &[Clash],
    mine_by: &str,
    theirs_by: Option<&str>,
) -> Result<Vec<Conflict>> {
    let at = db.now();
    let mut out = Vec::new();
    for c in clashes {
        let found = db.row(
            concat!(
                "INSERT INTO conflict(kind, entity_id, field, base, mine, theirs, mine_by, theirs_by, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING ",
                columns!()
            ),
            params![
                kind.as_str(),
                id,
                c.field,
                c.base.to_string(),
                c.mine.to_string(),
                c.theirs.to_string(),
                mine_by,
                theirs_by,
                at
            ],
            from_row,
        )?;
        out.extend(found);
    }
    Ok(out)
}

/// Record that the items of `kind` with these ids were deleted now by this connection's role.
pub(super) fn record_deleted(db: &Db, kind: EntityKind, ids: &[String]) -> Result<()> {
    let at = db.now();
    for id in ids {
        db.execute(
            "INSERT INTO deletion(kind, entity_id, deleted_by, deleted_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(kind, entity_id) DO UPDATE SET deleted_by = excluded.deleted_by,
               deleted_at = excluded.deleted_at",
            params![kind.as_str(), id, db.role(), at],
        )?;
    }
    Ok(())
}

/// The error for an edit of the item `id`, which is gone: who deleted it, when known.
pub(super) fn deleted_error(db: &Db, kind: EntityKind, id: &str) -> Result<CoreError> {
    let by = db.row(
        "SELECT COALESCE((SELECT p.name FROM person p WHERE p.role = d.deleted_by), d.deleted_by),
                d.deleted_at
         FROM deletion d WHERE d.kind = ?1 AND d.entity_id = ?2",
        params![kind.as_str(), id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(merge::deleted(kind, id, by))
}

/// `kind`'s items that exist: the condition keeping a conflict about one of them.
fn still_there() -> String {
    let kinds: Vec<String> = EntityKind::ALL
        .iter()
        .map(|k| {
            format!(
                "(c.kind = '{0}' AND EXISTS (SELECT 1 FROM {0} e WHERE e.id = c.entity_id))",
                k.as_str()
            )
        })
        .collect();
    format!("({})", kinds.join(" OR "))
}

/// Set `field` of the item `id` to `value` as a save from its current revision.
fn resolve_as<T: Entity>(db: &Db, id: &str, field: &str, value: Value) -> Result<()> {
    let Some(now) = T::current(db, id, true)? else {
        return Err(deleted_error(db, T::KIND, id)?);
    };
    let v = merge::with_field(&now.value, field, value.clone())?.validate()?;
    T::write_fields(db, &v)?;
    if let Some(seg) = field.strip_prefix("participants.") {
        let count = value.as_u64().and_then(|n| u32::try_from(n).ok());
        let delta = Delta {
            counts: vec![(seg.to_string(), count)],
            ..Delta::default()
        };
        T::write_links(db, &v, &delta)?;
    }
    Ok(())
}

impl Store {
    /// The conflicts no one has resolved yet, about items that still exist, oldest first.
    pub fn open_conflicts(&self) -> Result<Vec<Conflict>> {
        self.db().query(
            &format!(
                concat!(
                    "SELECT ",
                    columns!(),
                    " FROM conflict c WHERE resolved_at IS NULL AND {} ORDER BY id"
                ),
                still_there()
            ),
            &[],
            from_row,
        )
    }

    /// The unresolved conflicts about one item, oldest first.
    pub fn conflicts_of(&self, kind: EntityKind, id: &str) -> Result<Vec<Conflict>> {
        self.db().query(
            concat!(
                "SELECT ",
                columns!(),
                " FROM conflict WHERE kind = ?1 AND entity_id = ?2 AND resolved_at IS NULL ORDER BY id"
            ),
            params![kind.as_str(), id],
            from_row,
        )
    }

    /// Resolve a conflict: write `value` (mine, theirs, or a merge of the two) to its field
    /// as a save of that field alone from the item's current revision, and mark it resolved.
    /// Resolving one already resolved changes nothing.
    pub fn resolve_conflict(&mut self, id: i64, value: Value) -> Result<()> {
        let tx = self.tx()?;
        let Some(c) = tx.row(
            concat!("SELECT ", columns!(), " FROM conflict WHERE id = ?1"),
            params![id],
            from_row,
        )?
        else {
            return Err(CoreError::not_found(format!("unknown conflict {id}")));
        };
        if c.resolved_at.is_some() {
            return Ok(());
        }
        let (e, f) = (c.entity_id.as_str(), c.field.as_str());
        match c.kind {
            EntityKind::Need => resolve_as::<Need>(&tx, e, f, value)?,
            EntityKind::KeyQuestion => resolve_as::<KeyQuestion>(&tx, e, f, value)?,
            EntityKind::Activity => resolve_as::<Activity>(&tx, e, f, value)?,
            EntityKind::Insight => resolve_as::<Insight>(&tx, e, f, value)?,
            EntityKind::Decision => resolve_as::<Decision>(&tx, e, f, value)?,
            EntityKind::Tag => resolve_as::<Tag>(&tx, e, f, value)?,
            EntityKind::Segment => resolve_as::<Segment>(&tx, e, f, value)?,
            EntityKind::Commitment => resolve_as::<Commitment>(&tx, e, f, value)?,
            EntityKind::EffectGoal => {
                return Err(CoreError::invalid("effect goals are not merged"));
            }
        }
        let at = tx.now();
        tx.execute(
            "UPDATE conflict SET resolved_at = ?2 WHERE id = ?1",
            params![id, at],
        )?;
        tx.commit()
    }
}
