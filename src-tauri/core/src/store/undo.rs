//! Undo for the needs workspace: the last taggings, tag merges and deletes.
//!
//! Each undoable edit records exactly what it changed (which needs gained or lost a tag,
//! the rows it deleted) so that undoing restores that and nothing else. The steps live in
//! memory for the session; undoing a step that later edits made impossible (e.g. the
//! activity of a deleted need is gone too) is refused and changes nothing.
//!
//! Undo is per person. On a shared project each step also records the rows its undo would
//! write back, as the edit left them ([`Seen`]); when someone else has changed one of them
//! since (or re-created a row the edit deleted), the undo is refused rather than overwrite
//! their work. One's own later changes do not stand in the way, and a file has one writer.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::model::{Need, Tag};
use crate::store::Store;
use crate::support::error::{CoreError, ErrorCode, Result};

use super::db::Db;
use super::stamps::{self, EntityKind, Head, Stamp};
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
    /// The commitments that promised something about it.
    pub commitment_ids: Vec<String>,
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
    /// `other` was merged into the need `keep` (as it was before).
    MergeNeeds {
        keep: Need,
        keep_nid: i64,
        other: NeedSnapshot,
        /// The insights and commitments that cite `keep` only since the merge.
        added_insights: Vec<String>,
        added_commitments: Vec<String>,
    },
}

/// A row an undo would write back, as the edit left it: of `kind`, with `id`, at
/// `revision`; or, with no revision, an id the edit deleted, which must still be free.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Seen {
    pub kind: EntityKind,
    pub id: String,
    pub revision: Option<i64>,
}

/// The rows of `kind` read as `heads`, as seen now.
pub(super) fn seen(heads: Vec<Head>, kind: EntityKind) -> Vec<Seen> {
    heads
        .into_iter()
        .map(|h| Seen {
            kind,
            id: h.id,
            revision: Some(h.revision),
        })
        .collect()
}

/// The ids of `kind` an edit deleted.
pub(super) fn gone(kind: EntityKind, ids: impl IntoIterator<Item = String>) -> Vec<Seen> {
    ids.into_iter()
        .map(|id| Seen {
            kind,
            id,
            revision: None,
        })
        .collect()
}

/// An undoable edit: what undoing it does, and the rows that must be as it left them.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Undoable {
    step: UndoStep,
    seen: Vec<Seen>,
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
    MergeNeeds,
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
            UndoStep::MergeNeeds { .. } => UndoResult {
                kind: UndoKind::MergeNeeds,
                count: 2,
                tag_name: String::new(),
            },
        }
    }
}

/// Refuse to undo when a row in `seen` has since been changed (or a deleted id taken
/// again) by someone other than `me`, this connection's role: undo takes back my change,
/// not theirs. A row deleted since is no obstacle: the undo leaves it out. On a server the
/// rows stay locked until the undo is written.
fn check_unchanged(db: &Db, seen: &[Seen], me: &str) -> Result<()> {
    let mut kinds: Vec<EntityKind> = seen.iter().map(|s| s.kind).collect();
    kinds.sort_by_key(|k| k.as_str());
    kinds.dedup();
    for kind in kinds {
        let ids: Vec<String> = seen
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| s.id.clone())
            .collect();
        let now: HashMap<String, Head> = stamps::heads(db, kind, &ids, true)?
            .into_iter()
            .map(|h| (h.id.clone(), h))
            .collect();
        for s in seen.iter().filter(|s| s.kind == kind) {
            let Some(head) = now.get(&s.id) else {
                continue;
            };
            let Some(by) = head.changed_by.as_deref().filter(|by| *by != me) else {
                continue;
            };
            let what = match s.revision {
                None => "added again",
                Some(r) if r != head.revision => "changed",
                Some(_) => continue,
            };
            // One line, however the label is broken.
            let label = head.label.split_whitespace().collect::<Vec<_>>().join(" ");
            let short: String = label.chars().take(60).collect();
            return Err(CoreError::new(
                ErrorCode::CannotUndo,
                format!(
                    "the last change can no longer be undone: the {} \"{short}\" has since been {what} by {by}",
                    kind.as_str().replace('_', " ")
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
                super::merge_needs::relink_commitments(db, n.nid, &n.commitment_ids)?;
            }
        }
        UndoStep::MergeNeeds {
            keep,
            keep_nid,
            other,
            added_insights,
            added_commitments,
        } => {
            use super::merge::Entity;
            use super::merge_needs::{relink_commitments, unlink};
            needs::restore(db, other.nid, &other.need, other.stamp.as_ref())?;
            insights::recite(db, other.nid, &other.insight_ids)?;
            relink_commitments(db, other.nid, &other.commitment_ids)?;
            Need::replace(db, keep)?;
            unlink(db, *keep_nid, added_insights, added_commitments)?;
        }
    }
    Ok(())
}

impl Store {
    /// Keep `step` for undo, with the rows its undo would write back as `seen` now.
    pub(super) fn push_undo(&mut self, step: UndoStep, seen: Vec<Seen>) {
        self.undo.push(Undoable { step, seen });
        if self.undo.len() > MAX_UNDO {
            self.undo.remove(0);
        }
    }

    /// What the next undo would undo, if anything.
    pub fn peek_undo(&self) -> Option<UndoResult> {
        self.undo.last().map(|u| self.named(u.step.describe()))
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
        let Some(Undoable { step, seen }) = self.undo.pop() else {
            return Ok(None);
        };
        let described = self.named(step.describe());
        let me = self.role().to_string();
        let tx = self.tx()?;
        check_unchanged(&tx, &seen, &me)?;
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
