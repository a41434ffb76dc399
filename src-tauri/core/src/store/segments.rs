//! The `segment` table: the target groups, their saves, deletes and merges (participation
//! and needs follow a merged segment through their own modules).

use crate::domain::model::{Segment, SegmentUsage, SegmentUse};
use crate::domain::validate;
use crate::store::Store;
use crate::support::error::{CoreError, ErrorCode, Result};

use super::db::{params, Db, Row};
use super::merge::{self, Based, Entity, Saved};
use super::stamps::{self, stamp_changed, stamp_columns, EntityKind, Mark};
use super::{activities, needs, rows};

macro_rules! columns {
    () => {
        "id, name, description, priority, residents, residents_source"
    };
}

fn from_row(r: &Row) -> Result<Segment> {
    Ok(Segment {
        id: r.get(0)?,
        name: r.get(1)?,
        description: r.get(2)?,
        priority: r.get(3)?,
        residents: r
            .get::<Option<i64>>(4)?
            .map(|n| {
                u32::try_from(n).map_err(|_| {
                    CoreError::invalid(format!("segment: residents {n} is out of range"))
                })
            })
            .transpose()?,
        residents_source: r.get(5)?,
    })
}

/// Insert a segment's columns and its stamp (`?7` who, `?8` when); an upsert follows.
macro_rules! insert {
    () => {
        concat!(
            "INSERT INTO segment(",
            columns!(),
            ", ",
            stamp_columns!(),
            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?8)"
        )
    };
}

/// Run `sql` (an `insert!()`) for `s`, stamped with `m`.
fn write(db: &Db, sql: &str, s: &Segment, m: &Mark) -> Result<u64> {
    db.execute(
        sql,
        params![
            s.id,
            s.name,
            s.description,
            s.priority,
            s.residents,
            s.residents_source,
            m.by,
            m.at
        ],
    )
}

pub(super) fn exists(db: &Db, id: &str) -> Result<bool> {
    rows::exists(db, "SELECT 1 FROM segment WHERE id = ?1", id)
}

/// Every segment, by id.
pub(super) fn all(db: &Db) -> Result<Vec<Segment>> {
    db.query(
        concat!("SELECT ", columns!(), " FROM segment ORDER BY id"),
        &[],
        from_row,
    )
}

/// Insert new segments.
pub(super) fn insert_all(db: &Db, segments: &[Segment]) -> Result<()> {
    let m = Mark::now(db);
    for s in segments {
        write(db, insert!(), s, &m)?;
    }
    Ok(())
}

/// `(id, name)` of every segment, by id.
pub(super) fn names_by_id(db: &Db) -> Result<Vec<(String, String)>> {
    names(db, "SELECT id, name FROM segment ORDER BY id")
}

fn names(db: &Db, sql: &str) -> Result<Vec<(String, String)>> {
    db.query(sql, &[], |r| Ok((r.get(0)?, r.get(1)?)))
}

/// The upsert of a segment.
const UPSERT: &str = concat!(
    insert!(),
    " ON CONFLICT(id) DO UPDATE SET name = excluded.name,
       description = excluded.description, priority = excluded.priority,
       residents = excluded.residents, residents_source = excluded.residents_source, ",
    stamp_changed!("segment")
);

impl Entity for Segment {
    const KIND: EntityKind = EntityKind::Segment;
    const SETS: &'static [&'static str] = &[];

    fn id(&self) -> &str {
        &self.id
    }

    fn validate(&self) -> Result<Segment> {
        validate::segment(self)
    }

    const TABLE: &'static str = "segment";

    fn read(db: &Db, id: &str) -> Result<Option<Segment>> {
        db.row(
            concat!("SELECT ", columns!(), " FROM segment WHERE id = ?1"),
            params![id],
            from_row,
        )
    }

    fn write_fields(db: &Db, s: &Segment) -> Result<()> {
        write(db, UPSERT, s, &Mark::now(db))?;
        Ok(())
    }
}

impl Store {
    /// Save a segment as given, without a base: last writer wins.
    pub fn save_segment(&mut self, s: &Segment) -> Result<Segment> {
        let s = validate::segment(s)?;
        let tx = self.tx()?;
        write(&tx, UPSERT, &s, &Mark::now(&tx))?;
        tx.commit()?;
        Ok(s)
    }

    /// A segment as an editor loads it, with its revision.
    pub fn segment_for_edit(&self, id: &str) -> Result<Based<Segment>> {
        merge::based(self.db(), id)
    }

    /// Save an edit of a segment that started from `base`, merged with what others saved
    /// since, as [`Store::save_need_from`] does.
    pub fn save_segment_from(
        &mut self,
        s: &Segment,
        base: Option<&Based<Segment>>,
    ) -> Result<Saved<Segment>> {
        self.save_from(s, base)
    }

    pub fn segment_usage(&self, id: &str) -> Result<SegmentUsage> {
        let (participants, activities) = activities::segment_participation(self.db(), id)?;
        let needs = needs::count_with_segment(self.db(), id)?;
        Ok(SegmentUsage {
            participants,
            activities,
            needs,
        })
    }

    /// The use of every segment that has participants or needs, by segment id.
    pub fn segment_uses(&self) -> Result<Vec<SegmentUse>> {
        let mut uses = std::collections::BTreeMap::<String, SegmentUse>::new();
        let blank = |id: &str| SegmentUse {
            segment_id: id.to_string(),
            participants: 0,
            activities: 0,
            needs: 0,
        };
        for (id, participants, activities) in activities::participation_by_segment(self.db())? {
            let u = uses.entry(id.clone()).or_insert_with(|| blank(&id));
            u.participants = participants;
            u.activities = activities;
        }
        for (id, needs) in needs::count_by_segment(self.db())? {
            uses.entry(id.clone()).or_insert_with(|| blank(&id)).needs = needs;
        }
        Ok(uses.into_values().collect())
    }

    /// Delete a segment. With `force == false` a segment that is in use is refused with
    /// a message that says how much uses it.
    pub fn delete_segment(&mut self, id: &str, force: bool) -> Result<()> {
        let usage = self.segment_usage(id)?;
        if !force && (usage.activities > 0 || usage.needs > 0) {
            return Err(CoreError::new(
                ErrorCode::InUse,
                format!(
                    "the segment has {} participants in {} activities and {} needs",
                    usage.participants, usage.activities, usage.needs
                ),
            ));
        }
        let tx = self.tx()?;
        // The needs and activities that counted the segment lose it.
        needs::touch_with_segment(&tx, id)?;
        activities::touch_with_segment(&tx, id)?;
        let n = tx.execute("DELETE FROM segment WHERE id = ?1", params![id])?;
        if n == 0 {
            return Err(CoreError::not_found(format!("unknown segment \"{id}\"")));
        }
        tx.commit()?;
        Ok(())
    }

    /// Merge segment `from` into `into`: participant counts add up, needs move, `from` goes.
    /// On a server the counts and the needs' segments are locked meanwhile, so that nothing
    /// given `from` at that moment is lost with it.
    pub fn merge_segments(&mut self, from: &str, into: &str) -> Result<()> {
        if from == into {
            return Err(CoreError::invalid("a segment cannot be merged into itself"));
        }
        rows::retry_once(|| self.merge_segments_once(from, into))
    }

    fn merge_segments_once(&mut self, from: &str, into: &str) -> Result<()> {
        let tx = self.bulk_tx()?;
        rows::lock_tables(&tx, &["need_segment", "participation"])?;
        rows::lock_rows(&tx, "segment", &[from.to_string(), into.to_string()])?;
        for id in [from, into] {
            if !exists(&tx, id)? {
                return Err(CoreError::not_found(format!("unknown segment \"{id}\"")));
            }
        }
        activities::move_participation(&tx, from, into)?;
        needs::move_segment(&tx, from, into)?;
        stamps::touch(&tx, EntityKind::Segment, &[into.to_string()])?;
        tx.execute("DELETE FROM segment WHERE id = ?1", params![from])?;
        tx.commit()?;
        Ok(())
    }

    /// `(id, name)` of every segment, by name (then id): the columns of the activities
    /// spreadsheet.
    pub fn segment_names(&self) -> Result<Vec<(String, String)>> {
        names(self.db(), "SELECT id, name FROM segment ORDER BY name, id")
    }
}
