//! Undo for the needs workspace: the last taggings, tag merges and deletes.
//!
//! Each undoable edit records exactly what it changed (which needs gained or lost a tag,
//! the rows it deleted) so that undoing restores that and nothing else. The steps live in
//! memory for the session; undoing a step that later edits made impossible (e.g. the
//! activity of a deleted need is gone too) is refused and changes nothing.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::support::error::{CoreError, ErrorCode, Result};
use crate::domain::model::Tag;
use crate::store::Store;

/// At most this many steps are kept.
pub const MAX_UNDO: usize = 50;

/// A deleted need with everything that pointed at it.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedSnapshot {
    pub nid: i64,
    pub id: String,
    pub statement: String,
    pub quote: String,
    pub activity_id: Option<String>,
    pub important: bool,
    pub segment_ids: Vec<String>,
    pub tag_ids: Vec<String>,
    pub insight_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum UndoStep {
    Tagging {
        nids: Vec<i64>,
        tag_id: String,
        added: bool,
    },
    MergeTags {
        from: Tag,
        from_taggings: Vec<i64>,
        into: String,
        into_parent: Option<String>,
        added_to_into: Vec<i64>,
        children: Vec<String>,
    },
    DeleteTag {
        tag: Tag,
        taggings: Vec<i64>,
        children: Vec<String>,
    },
    DeleteNeeds {
        needs: Vec<NeedSnapshot>,
    },
}

/// What an undo did, for the UI to word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UndoResult {
    /// `tagging`, `untagging`, `merge_tags`, `delete_tag` or `delete_needs`
    pub kind: String,
    /// How many needs it touched.
    pub count: u32,
    /// The tag's name, where a tag is involved.
    pub tag_name: String,
}

impl UndoStep {
    fn describe(&self) -> UndoResult {
        match self {
            UndoStep::Tagging {
                nids,
                tag_id,
                added,
            } => UndoResult {
                kind: if *added { "tagging" } else { "untagging" }.into(),
                count: nids.len() as u32,
                tag_name: tag_id.clone(),
            },
            UndoStep::MergeTags {
                from,
                from_taggings,
                ..
            } => UndoResult {
                kind: "merge_tags".into(),
                count: from_taggings.len() as u32,
                tag_name: from.name.clone(),
            },
            UndoStep::DeleteTag { tag, taggings, .. } => UndoResult {
                kind: "delete_tag".into(),
                count: taggings.len() as u32,
                tag_name: tag.name.clone(),
            },
            UndoStep::DeleteNeeds { needs } => UndoResult {
                kind: "delete_needs".into(),
                count: needs.len() as u32,
                tag_name: String::new(),
            },
        }
    }
}

pub(crate) fn tag_row(tx: &Transaction, id: &str) -> Result<Option<Tag>> {
    Ok(tx
        .query_row(
            "SELECT id, name, parent_id, color, description FROM tag WHERE id = ?1",
            [id],
            |r| {
                Ok(Tag {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    parent_id: r.get(2)?,
                    color: r.get(3)?,
                    description: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// The needs carrying a tag, sorted.
pub(crate) fn tagged_nids(tx: &Transaction, tag_id: &str) -> Result<Vec<i64>> {
    let mut st = tx.prepare("SELECT nid FROM need_tag WHERE tag_id = ?1 ORDER BY nid")?;
    let v = st
        .query_map([tag_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(v)
}

pub(crate) fn child_ids(tx: &Transaction, tag_id: &str) -> Result<Vec<String>> {
    let mut st = tx.prepare("SELECT id FROM tag WHERE parent_id = ?1 ORDER BY id")?;
    let v = st
        .query_map([tag_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(v)
}

fn strings(tx: &Transaction, sql: &str, nid: i64) -> Result<Vec<String>> {
    let mut st = tx.prepare_cached(sql)?;
    let v = st
        .query_map([nid], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(v)
}

pub(crate) fn need_snapshot(tx: &Transaction, id: &str) -> Result<Option<NeedSnapshot>> {
    let row = tx
        .query_row(
            "SELECT nid, id, statement, quote, activity_id, important FROM need WHERE id = ?1",
            [id],
            |r| {
                Ok(NeedSnapshot {
                    nid: r.get(0)?,
                    id: r.get(1)?,
                    statement: r.get(2)?,
                    quote: r.get(3)?,
                    activity_id: r.get(4)?,
                    important: r.get(5)?,
                    segment_ids: vec![],
                    tag_ids: vec![],
                    insight_ids: vec![],
                })
            },
        )
        .optional()?;
    let Some(mut n) = row else { return Ok(None) };
    n.segment_ids = strings(
        tx,
        "SELECT segment_id FROM need_segment WHERE nid = ?1",
        n.nid,
    )?;
    n.tag_ids = strings(tx, "SELECT tag_id FROM need_tag WHERE nid = ?1", n.nid)?;
    n.insight_ids = strings(
        tx,
        "SELECT insight_id FROM insight_need WHERE nid = ?1",
        n.nid,
    )?;
    Ok(Some(n))
}

fn insert_tag(tx: &Transaction, t: &Tag) -> Result<()> {
    tx.execute(
        "INSERT INTO tag(id, name, parent_id, color, description)
         VALUES (?1, ?2, (SELECT id FROM tag WHERE id = ?3), ?4, ?5)",
        params![t.id, t.name, t.parent_id, t.color, t.description],
    )?;
    Ok(())
}

fn apply_inverse(tx: &Transaction, step: &UndoStep) -> Result<()> {
    match step {
        UndoStep::Tagging {
            nids,
            tag_id,
            added,
        } => {
            let sql = if *added {
                "DELETE FROM need_tag WHERE nid = ?1 AND tag_id = ?2"
            } else {
                "INSERT OR IGNORE INTO need_tag(nid, tag_id) SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM need WHERE nid = ?1)"
            };
            let mut st = tx.prepare(sql)?;
            for nid in nids {
                st.execute(params![nid, tag_id])?;
            }
        }
        UndoStep::MergeTags {
            from,
            from_taggings,
            into,
            into_parent,
            added_to_into,
            children,
        } => {
            insert_tag(tx, from)?;
            tx.execute(
                "UPDATE tag SET parent_id = (SELECT id FROM tag WHERE id = ?2) WHERE id = ?1",
                params![into, into_parent],
            )?;
            let mut child = tx.prepare("UPDATE tag SET parent_id = ?2 WHERE id = ?1")?;
            for c in children {
                child.execute(params![c, from.id])?;
            }
            let mut untag = tx.prepare("DELETE FROM need_tag WHERE nid = ?1 AND tag_id = ?2")?;
            for nid in added_to_into {
                untag.execute(params![nid, into])?;
            }
            let mut retag = tx.prepare(
                "INSERT OR IGNORE INTO need_tag(nid, tag_id) SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM need WHERE nid = ?1)",
            )?;
            for nid in from_taggings {
                retag.execute(params![nid, from.id])?;
            }
        }
        UndoStep::DeleteTag {
            tag,
            taggings,
            children,
        } => {
            insert_tag(tx, tag)?;
            let mut child = tx.prepare("UPDATE tag SET parent_id = ?2 WHERE id = ?1")?;
            for c in children {
                child.execute(params![c, tag.id])?;
            }
            let mut retag = tx.prepare(
                "INSERT OR IGNORE INTO need_tag(nid, tag_id) SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM need WHERE nid = ?1)",
            )?;
            for nid in taggings {
                retag.execute(params![nid, tag.id])?;
            }
        }
        UndoStep::DeleteNeeds { needs } => {
            for n in needs {
                tx.execute(
                    "INSERT INTO need(nid, id, statement, quote, activity_id, important)
                     VALUES (?1, ?2, ?3, ?4, (SELECT id FROM activity WHERE id = ?5), ?6)",
                    params![
                        n.nid,
                        n.id,
                        n.statement,
                        n.quote,
                        n.activity_id,
                        n.important
                    ],
                )?;
                for s in &n.segment_ids {
                    tx.execute(
                        "INSERT OR IGNORE INTO need_segment(nid, segment_id) SELECT ?1, id FROM segment WHERE id = ?2",
                        params![n.nid, s],
                    )?;
                }
                for t in &n.tag_ids {
                    tx.execute(
                        "INSERT OR IGNORE INTO need_tag(nid, tag_id) SELECT ?1, id FROM tag WHERE id = ?2",
                        params![n.nid, t],
                    )?;
                }
                for i in &n.insight_ids {
                    tx.execute(
                        "INSERT OR IGNORE INTO insight_need(insight_id, nid) SELECT id, ?2 FROM insight WHERE id = ?1",
                        params![i, n.nid],
                    )?;
                }
            }
        }
    }
    Ok(())
}

impl Store {
    pub(crate) fn push_undo(&mut self, step: UndoStep) {
        self.undo.push(step);
        if self.undo.len() > MAX_UNDO {
            self.undo.remove(0);
        }
    }

    /// What the next undo would undo, if anything.
    pub fn peek_undo(&self) -> Option<UndoResult> {
        self.undo.last().map(|s| self.named(s.describe()))
    }

    fn named(&self, mut r: UndoResult) -> UndoResult {
        if r.kind == "tagging" || r.kind == "untagging" {
            if let Ok(name) =
                self.conn()
                    .query_row("SELECT name FROM tag WHERE id = ?1", [&r.tag_name], |row| {
                        row.get::<_, String>(0)
                    })
            {
                r.tag_name = name;
            }
        }
        r
    }

    /// Undo the most recent undoable edit. `Ok(None)` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<UndoResult>> {
        self.writable()?;
        let Some(step) = self.undo.pop() else {
            return Ok(None);
        };
        let described = self.named(step.describe());
        let tx = self.conn.transaction()?;
        match apply_inverse(&tx, &step) {
            Ok(()) => {
                tx.commit()?;
                Ok(Some(described))
            }
            Err(e) => {
                drop(tx);
                Err(CoreError::new(ErrorCode::CannotUndo,
                    format!("the last change can no longer be undone: {}", e.message),
                ))
            }
        }
    }
}
