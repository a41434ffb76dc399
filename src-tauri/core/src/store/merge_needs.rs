//! Merging two needs that say the same thing: one keeps both quotes, all tags, segments,
//! insights and commitments; the other is deleted. One transaction; can be undone.

use crate::domain::model::Need;
use crate::store::undo::{self, NeedSnapshot, UndoStep};
use crate::store::Store;
use crate::support::error::{CoreError, Result};

use super::db::{params, Db};
use super::merge::Entity;
use super::stamps::{self, EntityKind};
use super::{conflicts, insights, needs, rows};

/// Between two quotes joined into one.
pub const QUOTE_SEPARATOR: &str = "\n\n";

/// `keep`'s quote followed by `other`'s, both in full; one of them when the other is empty
/// or the same.
pub fn joined_quote(keep: &str, other: &str) -> String {
    let (k, o) = (keep.trim(), other.trim());
    if o.is_empty() || k == o {
        k.to_string()
    } else if k.is_empty() {
        o.to_string()
    } else {
        format!("{k}{QUOTE_SEPARATOR}{o}")
    }
}

/// The ids of the commitments that promise something about the need `nid`.
pub(super) fn commitments_of(db: &Db, nid: i64) -> Result<Vec<String>> {
    rows::strings(
        db,
        "SELECT commitment_id FROM commitment_need WHERE nid = ?1 ORDER BY commitment_id",
        nid,
    )
}

/// Link those of `commitment_ids` that still exist to the need `nid` again.
pub(super) fn relink_commitments(db: &Db, nid: i64, commitment_ids: &[String]) -> Result<()> {
    for c in commitment_ids {
        db.execute(
            "INSERT INTO commitment_need(commitment_id, nid) SELECT id, ?2 FROM commitment
             WHERE id = ?1 ON CONFLICT DO NOTHING",
            params![c, nid],
        )?;
    }
    stamps::touch(db, EntityKind::Commitment, commitment_ids)
}

/// Take the need `nid` out of these insights and commitments (what a merge added).
pub(super) fn unlink(
    db: &Db,
    nid: i64,
    insight_ids: &[String],
    commitments: &[String],
) -> Result<()> {
    for i in insight_ids {
        db.execute(
            "DELETE FROM insight_need WHERE insight_id = ?1 AND nid = ?2",
            params![i, nid],
        )?;
    }
    stamps::touch(db, EntityKind::Insight, insight_ids)?;
    for c in commitments {
        db.execute(
            "DELETE FROM commitment_need WHERE commitment_id = ?1 AND nid = ?2",
            params![c, nid],
        )?;
    }
    Ok(())
}

fn missing(id: &str) -> CoreError {
    CoreError::not_found(format!("need \"{id}\": no such need"))
}

impl Store {
    /// Merge the need `other` into `keep`: `keep` gets `other`'s quote after its own (both
    /// in full, see [`joined_quote`]), and its tags, segments, insights and commitments
    /// besides its own; `other` is deleted. `keep`'s statement and activity stay. Can be
    /// undone: both needs come back as they were. Returns `keep` as saved.
    pub fn merge_needs(&mut self, keep: &str, other: &str) -> Result<Need> {
        if keep == other {
            return Err(CoreError::invalid("a need cannot be merged with itself"));
        }
        rows::retry_once(|| self.merge_needs_once(keep, other))
    }

    fn merge_needs_once(&mut self, keep: &str, other: &str) -> Result<Need> {
        let tx = self.bulk_tx()?;
        rows::lock_rows(&tx, "need", &[keep.to_string(), other.to_string()])?;
        let keep_nid = needs::nid_of(&tx, keep)?.ok_or_else(|| missing(keep))?;
        let other_nid = needs::nid_of(&tx, other)?.ok_or_else(|| missing(other))?;
        let before = Need::read(&tx, keep)?.ok_or_else(|| missing(keep))?;
        let gone = Need::read(&tx, other)?.ok_or_else(|| missing(other))?;
        let mut merged = before.clone();
        merged.quote = joined_quote(&before.quote, &gone.quote);
        for s in &gone.segment_ids {
            if !merged.segment_ids.contains(s) {
                merged.segment_ids.push(s.clone());
            }
        }
        for t in &gone.tag_ids {
            if !merged.tag_ids.contains(t) {
                merged.tag_ids.push(t.clone());
            }
        }
        let keep_insights = insights::citing(&tx, keep_nid)?;
        let other_insights = insights::citing(&tx, other_nid)?;
        let added_insights: Vec<String> = other_insights
            .iter()
            .filter(|i| !keep_insights.contains(i))
            .cloned()
            .collect();
        let keep_commitments = commitments_of(&tx, keep_nid)?;
        let other_commitments = commitments_of(&tx, other_nid)?;
        let added_commitments: Vec<String> = other_commitments
            .iter()
            .filter(|c| !keep_commitments.contains(c))
            .cloned()
            .collect();
        let stamp = stamps::one(&tx, EntityKind::Need, other)?;
        let saved = Need::replace(&tx, &merged)?;
        insights::recite(&tx, keep_nid, &added_insights)?;
        relink_commitments(&tx, keep_nid, &added_commitments)?;
        stamps::touch(&tx, EntityKind::Insight, &other_insights)?;
        conflicts::record_deleted(&tx, EntityKind::Need, &[other.to_string()])?;
        tx.execute("DELETE FROM need WHERE nid = ?1", params![other_nid])?;
        let mut seen = undo::gone(EntityKind::Need, [other.to_string()]);
        seen.extend(undo::seen(
            needs::heads(&tx, &[keep_nid])?,
            EntityKind::Need,
        ));
        seen.extend(undo::seen(
            stamps::heads(&tx, EntityKind::Insight, &other_insights, false)?,
            EntityKind::Insight,
        ));
        tx.commit()?;
        let step = UndoStep::MergeNeeds {
            keep: before,
            keep_nid,
            other: NeedSnapshot {
                nid: other_nid,
                need: gone,
                stamp,
                insight_ids: other_insights,
                commitment_ids: other_commitments,
            },
            added_insights,
            added_commitments,
        };
        self.push_undo(step, seen);
        Ok(saved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_joined_in_full_and_never_doubled() {
        assert_eq!(joined_quote("a b", "c"), "a b\n\nc");
        assert_eq!(joined_quote("", " c "), "c");
        assert_eq!(joined_quote("a", ""), "a");
        assert_eq!(joined_quote("a", "a"), "a");
    }
}
