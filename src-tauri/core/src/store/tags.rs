//! The `tag` table and its tree (`parent_id`): saves, deletes and merges of tags, and the
//! walks up and down the tree. Which needs carry a tag is `needs.rs`'s.

use crate::domain::model::Tag;
use crate::domain::validate;
use crate::store::undo::{self, Seen, UndoStep};
use crate::store::Store;
use crate::support::error::{CoreError, ErrorCode, Result};

use super::db::{params, Db, Row};
use super::merge::{self, Based, Entity, Saved};
use super::stamps::{self, stamp_changed, stamp_columns, EntityKind, Mark, Stamp};
use super::{needs, rows};

macro_rules! columns {
    () => {
        "id, name, parent_id, color, description"
    };
}

fn from_row(r: &Row) -> Result<Tag> {
    Ok(Tag {
        id: r.get(0)?,
        name: r.get(1)?,
        parent_id: r.get(2)?,
        color: r.get(3)?,
        description: r.get(4)?,
    })
}

/// Insert a tag's columns and its stamp (`?6` who, `?7` when); an upsert follows.
macro_rules! insert {
    () => {
        concat!(
            "INSERT INTO tag(",
            columns!(),
            ", ",
            stamp_columns!(),
            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7)"
        )
    };
}

/// Run `sql` (an `insert!()`) for `t` with `parent` for `parent_id`, stamped with `m`.
fn write(db: &Db, sql: &str, t: &Tag, parent: Option<&str>, m: &Mark) -> Result<u64> {
    db.execute(
        sql,
        params![t.id, t.name, parent, t.color, t.description, m.by, m.at],
    )
}

pub(super) fn exists(db: &Db, id: &str) -> Result<bool> {
    rows::exists(db, "SELECT 1 FROM tag WHERE id = ?1", id)
}

/// One tag.
pub(super) fn get(db: &Db, id: &str) -> Result<Option<Tag>> {
    db.row(
        concat!("SELECT ", columns!(), " FROM tag WHERE id = ?1"),
        params![id],
        from_row,
    )
}

/// Every tag, by id.
pub(super) fn all(db: &Db) -> Result<Vec<Tag>> {
    db.query(
        concat!("SELECT ", columns!(), " FROM tag ORDER BY id"),
        &[],
        from_row,
    )
}

/// Insert new tags. Parents may come after their children: all are inserted first, then
/// the parents are set.
pub(super) fn insert_all(db: &Db, tags: &[Tag]) -> Result<()> {
    let m = Mark::now(db);
    for t in tags {
        write(db, insert!(), t, None, &m)?;
    }
    for t in tags {
        if let Some(parent) = rows::opt_str(&t.parent_id) {
            db.execute(
                "UPDATE tag SET parent_id = ?2 WHERE id = ?1",
                params![t.id, parent],
            )?;
        }
    }
    Ok(())
}

/// Put a deleted tag back; under its parent when that still exists, else at the top. It
/// keeps who created it (`stamp`, as it was) and is changed now.
pub(super) fn restore(db: &Db, t: &Tag, stamp: Option<&Stamp>) -> Result<()> {
    let m = Mark::now(db);
    let created = stamp.cloned().unwrap_or_default();
    db.execute(
        concat!(
            "INSERT INTO tag(",
            columns!(),
            ", ",
            stamp_columns!(),
            ") VALUES (?1, ?2, (SELECT id FROM tag WHERE id = ?3), ?4, ?5, ?6, ?7, ?8, ?9)"
        ),
        params![
            t.id,
            t.name,
            t.parent_id,
            t.color,
            t.description,
            created.created_by,
            created.created_at,
            m.by,
            m.at
        ],
    )?;
    Ok(())
}

/// `(id, name)` of every tag, top-level tags first, each group by id.
pub(super) fn names_top_level_first(db: &Db) -> Result<Vec<(String, String)>> {
    db.query(
        "SELECT id, name FROM tag ORDER BY parent_id IS NOT NULL, id",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// A tag's name.
pub(super) fn name(db: &Db, id: &str) -> Result<Option<String>> {
    db.row("SELECT name FROM tag WHERE id = ?1", params![id], |r| {
        r.get(0)
    })
}

/// The tags directly below `tag_id`, by id.
pub(super) fn children(db: &Db, tag_id: &str) -> Result<Vec<String>> {
    rows::strings(
        db,
        "SELECT id FROM tag WHERE parent_id = ?1 ORDER BY id",
        tag_id,
    )
}

/// The first row of a walk over the tree: the id `?1`. Written as the id read from `tag`
/// (or `?1` itself when there is no such tag) because PostgreSQL wants the first row of a
/// recursive query to have the collation of the rows that follow (`tag.id`'s "C"), which a
/// bare parameter has not. On SQLite it is the same as a bare `?1`.
macro_rules! walk_start {
    () => {
        "SELECT COALESCE((SELECT id FROM tag WHERE id = ?1), ?1)"
    };
}

/// A tag and all tags below it.
pub(super) fn descendants(db: &Db, tag_id: &str) -> Result<Vec<String>> {
    rows::strings(
        db,
        concat!(
            "WITH RECURSIVE down(id) AS (",
            walk_start!(),
            " UNION SELECT tag.id FROM tag JOIN down ON tag.parent_id = down.id)
         SELECT id FROM down"
        ),
        tag_id,
    )
}

/// Whether `other` is `tag` or one of its ancestors.
fn at_or_above(db: &Db, tag: &str, other: &str) -> Result<bool> {
    db.value(
        concat!(
            "WITH RECURSIVE up(id) AS (",
            walk_start!(),
            " UNION SELECT tag.parent_id FROM tag JOIN up ON tag.id = up.id WHERE tag.parent_id IS NOT NULL)
         SELECT EXISTS(SELECT 1 FROM up WHERE id = ?2)"
        ),
        params![tag, other],
    )
}

/// Move a tag under `parent` (or to the top).
pub(super) fn set_parent(db: &Db, id: &str, parent: Option<&str>) -> Result<()> {
    let m = Mark::now(db);
    db.execute(
        "UPDATE tag SET parent_id = ?2, changed_by = ?3, changed_at = ?4, revision = revision + 1 WHERE id = ?1",
        params![id, parent, m.by, m.at],
    )?;
    Ok(())
}

/// Move a tag under `parent` when that tag still exists, else to the top.
pub(super) fn set_parent_if_exists(db: &Db, id: &str, parent: Option<&str>) -> Result<()> {
    let m = Mark::now(db);
    db.execute(
        "UPDATE tag SET parent_id = (SELECT id FROM tag WHERE id = ?2), changed_by = ?3,
           changed_at = ?4, revision = revision + 1
         WHERE id = ?1",
        params![id, parent, m.by, m.at],
    )?;
    Ok(())
}

/// Move the tags below `parent` under `into` (or to the top), all but `into` itself.
fn move_children(db: &Db, parent: &str, into: Option<&str>) -> Result<()> {
    let m = Mark::now(db);
    db.execute(
        "UPDATE tag SET parent_id = ?2, changed_by = ?3, changed_at = ?4, revision = revision + 1
         WHERE parent_id = ?1 AND id IS DISTINCT FROM ?2",
        params![parent, into, m.by, m.at],
    )?;
    Ok(())
}

/// What undoing a delete or a merge of tag `gone` writes back, as the change left it: the
/// needs whose taggings it moved, the tags it moved or changed, and `gone`'s id, which
/// must still be free.
fn seen_after(db: &Db, gone: &str, nids: &[i64], tags: &[String]) -> Result<Vec<Seen>> {
    let mut seen = undo::seen(needs::heads(db, nids)?, EntityKind::Need);
    seen.extend(undo::seen(
        stamps::heads(db, EntityKind::Tag, tags, false)?,
        EntityKind::Tag,
    ));
    seen.extend(undo::gone(EntityKind::Tag, [gone.to_string()]));
    Ok(seen)
}

/// Save `t` (validated) with its parent checked: it must exist and must not be the tag
/// itself or one of its descendants.
fn write_checked(db: &Db, t: &Tag) -> Result<Tag> {
    let mut t = t.clone();
    t.parent_id = rows::check_ref(db, "parent_id", exists, &t.parent_id)?;
    if let Some(parent) = &t.parent_id {
        if at_or_above(db, parent, &t.id)? {
            return Err(CoreError::field(
                "parent_id",
                ErrorCode::Cycle,
                "parent_id: a tag cannot be placed under itself or one of its own children",
            ));
        }
    }
    write(
        db,
        concat!(
            insert!(),
            " ON CONFLICT(id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id,
               color = excluded.color, description = excluded.description, ",
            stamp_changed!("tag")
        ),
        &t,
        t.parent_id.as_deref(),
        &Mark::now(db),
    )?;
    Ok(t)
}

impl Entity for Tag {
    const KIND: EntityKind = EntityKind::Tag;
    const SETS: &'static [&'static str] = &[];

    fn id(&self) -> &str {
        &self.id
    }

    fn validate(&self) -> Result<Tag> {
        validate::tag(self)
    }

    const TABLE: &'static str = "tag";

    fn read(db: &Db, id: &str) -> Result<Option<Tag>> {
        get(db, id)
    }

    fn replace(db: &Db, t: &Tag) -> Result<Tag> {
        write_checked(db, t)
    }

    fn write_fields(db: &Db, t: &Tag) -> Result<()> {
        write_checked(db, t).map(|_| ())
    }
}

impl Store {
    /// Save a tag as given, without a base: last writer wins.
    pub fn save_tag(&mut self, t: &Tag) -> Result<Tag> {
        let t = validate::tag(t)?;
        let tx = self.tx()?;
        let t = write_checked(&tx, &t)?;
        tx.commit()?;
        Ok(t)
    }

    /// A tag as an editor loads it, with its revision.
    pub fn tag_for_edit(&self, id: &str) -> Result<Based<Tag>> {
        merge::based(self.db(), id)
    }

    /// Save an edit of a tag that started from `base`, merged with what others saved
    /// since, as [`Store::save_need_from`] does.
    pub fn save_tag_from(&mut self, t: &Tag, base: Option<&Based<Tag>>) -> Result<Saved<Tag>> {
        self.save_from(t, base)
    }

    /// How many needs carry the tag (directly).
    pub fn tag_usage(&self, id: &str) -> Result<u32> {
        needs::count_with_tag(self.db(), id)
    }

    /// Delete a tag; its children move up to its parent. Can be undone, unless someone
    /// else has since changed a need that carried it or one of its children. On a server the
    /// taggings are locked meanwhile, so that a need tagged with it at that moment is
    /// either untagged with the rest or tagged after it is gone (refused).
    pub fn delete_tag(&mut self, id: &str) -> Result<()> {
        rows::retry_once(|| self.delete_tag_once(id))
    }

    fn delete_tag_once(&mut self, id: &str) -> Result<()> {
        let tx = self.tx()?;
        rows::lock_tables(&tx, &["need_tag"])?;
        rows::lock_rows(&tx, "tag", &[id.to_string()])?;
        let Some(tag) = get(&tx, id)? else {
            return Err(CoreError::not_found(format!("unknown tag \"{id}\"")));
        };
        let stamp = stamps::one(&tx, EntityKind::Tag, id)?;
        let taggings = needs::with_tag(&tx, id)?;
        let children = children(&tx, id)?;
        move_children(&tx, id, tag.parent_id.as_deref())?;
        needs::touch_nids(&tx, &taggings)?;
        tx.execute("DELETE FROM tag WHERE id = ?1", params![id])?;
        let seen = seen_after(&tx, id, &taggings, &children)?;
        tx.commit()?;
        let step = UndoStep::DeleteTag {
            tag,
            stamp,
            taggings,
            children,
        };
        self.push_undo(step, seen);
        Ok(())
    }

    /// Merge tag `from` into `into`: every tagging moves (duplicates collapse), children move
    /// under `into`, and `from` goes. On a server the taggings are locked meanwhile, so that
    /// a need someone tags with `from` at that moment is moved too, never lost. Can be
    /// undone, unless someone else has since changed `into`, a need that carried `from` or
    /// one of `from`'s children.
    pub fn merge_tags(&mut self, from: &str, into: &str) -> Result<()> {
        if from == into {
            return Err(CoreError::invalid("a tag cannot be merged into itself"));
        }
        rows::retry_once(|| self.merge_tags_once(from, into))
    }

    fn merge_tags_once(&mut self, from: &str, into: &str) -> Result<()> {
        let tx = self.bulk_tx()?;
        rows::lock_tables(&tx, &["need_tag"])?;
        rows::lock_rows(&tx, "tag", &[from.to_string(), into.to_string()])?;
        for id in [from, into] {
            if !exists(&tx, id)? {
                return Err(CoreError::not_found(format!("unknown tag \"{id}\"")));
            }
        }
        let from_tag = get(&tx, from)?
            .ok_or_else(|| CoreError::not_found(format!("unknown tag \"{from}\"")))?;
        let from_stamp = stamps::one(&tx, EntityKind::Tag, from)?;
        let into_parent = get(&tx, into)?.and_then(|t| t.parent_id);
        let from_taggings = needs::with_tag(&tx, from)?;
        let into_taggings = needs::with_tag(&tx, into)?;
        let added_to_into: Vec<i64> = from_taggings
            .iter()
            .filter(|n| into_taggings.binary_search(n).is_err())
            .copied()
            .collect();
        let children = children(&tx, from)?;
        // `into` must not sit below `from`, or moving `from`'s children would make a cycle:
        // lift `into` to `from`'s place first.
        if at_or_above(&tx, into, from)? {
            set_parent(&tx, into, from_tag.parent_id.as_deref())?;
        }
        needs::move_tag(&tx, from, into)?;
        move_children(&tx, from, Some(into))?;
        stamps::touch(&tx, EntityKind::Tag, &[into.to_string()])?;
        tx.execute("DELETE FROM tag WHERE id = ?1", params![from])?;
        let mut rewritten = children.clone();
        rewritten.push(into.to_string());
        let seen = seen_after(&tx, from, &from_taggings, &rewritten)?;
        tx.commit()?;
        let step = UndoStep::MergeTags {
            from: from_tag,
            from_stamp,
            from_taggings,
            into: into.to_string(),
            into_parent,
            added_to_into,
            children,
        };
        self.push_undo(step, seen);
        Ok(())
    }
}
