//! Undo for the needs workspace: the last taggings, tag merges and deletes.
//!
//! Each undoable edit records exactly what it changed (which needs gained or lost a tag,
//! the rows it deleted) so that undoing restores that and nothing else. The steps live in
//! memory for the session; undoing a step that later edits made impossible (e.g. the
//! activity of a deleted need is gone too) is refused and changes nothing.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::model::{Need, Tag};
use crate::store::Store;
use crate::support::error::{CoreError, ErrorCode, Result};

use super::db::Db;
use super::stamps::Stamp;
use super::{insights, needs, tags};

/// At most this many steps are kept.
pub const MAX_UNDO: usize = 50;

/// A deleted need with everything that pointed at it.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedSnapshot {
    pub nid: i64,
    /// The need with its activity, segments and tags.
    pub need: Need,
    /// Who created it and when, kept when it comes back.
    pub stamp: Option<Stamp>,
    /// The insights that cited it.
    pub insight_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum UndoStep {
    Tagging {
        nids: Vec<i64>,
        tag_id: String,
        added: bool,
        /// Each need's revision right after the tagging: a need at another revision since,
        /// changed by someone else, is not mine to change back.
        revisions: Vec<(i64, i64)>,
    },
    MergeTags {
        from: Tag,
        from_stamp: Option<Stamp>,
        from_taggings: Vec<i64>,
        into: String,
        into_parent: Option<String>,
        added_to_into: Vec<i64>,
        children: Vec<String>,
    },
    DeleteTag {
        tag: Tag,
        stamp: Option<Stamp>,
        taggings: Vec<i64>,
        children: Vec<String>,
    },
    DeleteNeeds {
        needs: Vec<NeedSnapshot>,
    },
}

/// Which kind of change an undo takes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum UndoKind {
    Tagging,
    Untagging,
    MergeTags,
    DeleteTag,
    DeleteNeeds,
}

/// What an undo did, for the UI to word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UndoResult {
    pub kind: UndoKind,
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
                ..
            } => UndoResult {
                kind: if *added {
                    UndoKind::Tagging
                } else {
                    UndoKind::Untagging
                },
                count: nids.len() as u32,
                tag_name: tag_id.clone(),
            },
            UndoStep::MergeTags {
                from,
                from_taggings,
                ..
            } => UndoResult {
                kind: UndoKind::MergeTags,
                count: from_taggings.len() as u32,
                tag_name: from.name.clone(),
            },
            UndoStep::DeleteTag { tag, taggings, .. } => UndoResult {
                kind: UndoKind::DeleteTag,
                count: taggings.len() as u32,
                tag_name: tag.name.clone(),
            },
            UndoStep::DeleteNeeds { needs } => UndoResult {
                kind: UndoKind::DeleteNeeds,
                count: needs.len() as u32,
                tag_name: String::new(),
            },
        }
    }
}

/// Refuse to undo a step when a need it would change back has since been changed by
/// someone else (`me` is this connection's role): undo takes back my change, not theirs.
fn check_unchanged(db: &Db, step: &UndoStep, me: &str) -> Result<()> {
    let UndoStep::Tagging {
        nids, revisions, ..
    } = step
    else {
        return Ok(());
    };
    let recorded: std::collections::HashMap<i64, i64> = revisions.iter().copied().collect();
    for (nid, revision, by, statement) in needs::revisions(db, nids)? {
        let theirs = by.as_deref().is_some_and(|b| b != me);
        if theirs && recorded.get(&nid).is_some_and(|r| *r != revision) {
            let short: String = statement.chars().take(60).collect();
            return Err(CoreError::new(
                ErrorCode::CannotUndo,
                format!(
                    "the last change can no longer be undone: the need \"{short}\" has since been changed by {}",
                    by.unwrap_or_default()
                ),
            ));
        }
    }
    Ok(())
}

fn apply_inverse(db: &Db, step: &UndoStep) -> Result<()> {
    match step {
        UndoStep::Tagging {
            nids,
            tag_id,
            added,
            ..
        } => {
            if *added {
                needs::untag(db, nids, tag_id)?;
            } else {
                needs::retag(db, nids, tag_id)?;
            }
        }
        UndoStep::MergeTags {
            from,
            from_stamp,
            from_taggings,
            into,
            into_parent,
            added_to_into,
            children,
        } => {
            tags::restore(db, from, from_stamp.as_ref())?;
            tags::set_parent_if_exists(db, into, into_parent.as_deref())?;
            for c in children {
                tags::set_parent(db, c, Some(&from.id))?;
            }
            needs::untag(db, added_to_into, into)?;
            needs::retag(db, from_taggings, &from.id)?;
        }
        UndoStep::DeleteTag {
            tag,
            stamp,
            taggings,
            children,
        } => {
            tags::restore(db, tag, stamp.as_ref())?;
            for c in children {
                tags::set_parent(db, c, Some(&tag.id))?;
            }
            needs::retag(db, taggings, &tag.id)?;
        }
        UndoStep::DeleteNeeds { needs: deleted } => {
            for n in deleted {
                needs::restore(db, n.nid, &n.need, n.stamp.as_ref())?;
                insights::recite(db, n.nid, &n.insight_ids)?;
            }
        }
    }
    Ok(())
}

impl Store {
    pub(super) fn push_undo(&mut self, step: UndoStep) {
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
        if matches!(r.kind, UndoKind::Tagging | UndoKind::Untagging) {
            if let Ok(Some(name)) = tags::name(self.db(), &r.tag_name) {
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
        let me = self.role().to_string();
        let tx = self.tx()?;
        check_unchanged(&tx, &step, &me)?;
        match apply_inverse(&tx, &step) {
            Ok(()) => {
                tx.commit()?;
                Ok(Some(described))
            }
            Err(e) => {
                drop(tx);
                Err(CoreError::new(
                    ErrorCode::CannotUndo,
                    format!("the last change can no longer be undone: {}", e.message),
                ))
            }
        }
    }
}
