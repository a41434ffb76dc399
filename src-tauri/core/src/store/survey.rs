//! The survey import's side of the store: the names it matches cells against, and the one
//! transaction that creates its segments and tags and inserts its needs. Two imports at once
//! never create the same name twice: inside the transaction the names are read again (on a
//! server with the tag and segment tables locked against other creators) and a planned
//! segment or tag whose name exists by now is taken instead of created.

use std::collections::HashMap;

use crate::domain::model::{Need, Segment, Tag};
use crate::store::Store;
use crate::support::error::{CoreError, ErrorCode, Result};

use super::db::Db;
use super::stamps::Mark;
use super::{activities, needs, rows, segments, tags};

/// The names the survey import matches cells against: `(id, name)` of every tag (top-level
/// tags first) and of every segment (by id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportNames {
    pub tags: Vec<(String, String)>,
    pub segments: Vec<(String, String)>,
}

/// A planned survey import: the segments and tags to create and the needs to insert, all
/// as needs of activity `activity_id` (each need's own `activity_id` is not read).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NeedImport {
    pub activity_id: String,
    pub segments: Vec<Segment>,
    pub tags: Vec<Tag>,
    pub needs: Vec<Need>,
}

/// How a name is compared: inner whitespace collapsed, lower case (as the import's
/// planning compares cells).
fn key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Of the planned new `(id, name)`s, those whose name `existing` has by now: planned id →
/// existing id (the first existing of a name wins, as in the planning).
fn taken(planned: &[(&str, &str)], existing: &[(String, String)]) -> HashMap<String, String> {
    let mut known: HashMap<String, &str> = HashMap::new();
    for (id, name) in existing {
        known.entry(key(name)).or_insert(id);
    }
    planned
        .iter()
        .filter_map(|(id, name)| {
            known
                .get(&key(name))
                .map(|e| (id.to_string(), e.to_string()))
        })
        .collect()
}

fn replace_ids(ids: &mut [String], map: &HashMap<String, String>) {
    for id in ids.iter_mut() {
        if let Some(e) = map.get(id) {
            *id = e.clone();
        }
    }
}

/// `batch` with the segments and tags that exist by now (by name) taken, not created.
fn settle(db: &Db, batch: &NeedImport) -> Result<NeedImport> {
    let mut batch = batch.clone();
    if batch.segments.is_empty() && batch.tags.is_empty() {
        return Ok(batch);
    }
    rows::lock_tables(db, &["segment", "tag"])?;
    let planned: Vec<(&str, &str)> = batch
        .segments
        .iter()
        .map(|s| (s.id.as_str(), s.name.as_str()))
        .collect();
    let segs = taken(&planned, &segments::names_by_id(db)?);
    let planned: Vec<(&str, &str)> = batch
        .tags
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .collect();
    let tags = taken(&planned, &tags::names_top_level_first(db)?);
    batch.segments.retain(|s| !segs.contains_key(&s.id));
    batch.tags.retain(|t| !tags.contains_key(&t.id));
    for n in &mut batch.needs {
        replace_ids(&mut n.segment_ids, &segs);
        replace_ids(&mut n.tag_ids, &tags);
        n.segment_ids.dedup();
        n.tag_ids.dedup();
    }
    Ok(batch)
}

fn check_activity(db: &Db, activity_id: &str) -> Result<()> {
    if activities::exists(db, activity_id)? {
        Ok(())
    } else {
        Err(CoreError::field(
            "activity",
            ErrorCode::UnknownRef,
            format!("unknown activity \"{activity_id}\""),
        ))
    }
}

impl Store {
    /// The names a survey import matches its cells against.
    pub fn import_names(&self) -> Result<ImportNames> {
        Ok(ImportNames {
            tags: tags::names_top_level_first(self.db())?,
            segments: segments::names_by_id(self.db())?,
        })
    }

    /// Refuse, before an import is planned, what [`Store::import_needs`] would refuse
    /// anyway: a read-only project or an unknown activity.
    pub fn check_import_into(&self, activity_id: &str) -> Result<()> {
        self.writable()?;
        check_activity(self.db(), activity_id)
    }

    /// Import a planned batch of needs in one transaction: after any error nothing has
    /// changed. A planned segment or tag that someone created under the same name since the
    /// import was planned is used instead of created again.
    pub fn import_needs(&mut self, batch: &NeedImport) -> Result<()> {
        let tx = self.bulk_tx()?;
        check_activity(&tx, &batch.activity_id)?;
        let batch = settle(&tx, batch)?;
        segments::insert_all(&tx, &batch.segments)?;
        tags::insert_all(&tx, &batch.tags)?;
        let m = Mark::now(&tx);
        for n in &batch.needs {
            needs::insert(&tx, n, Some(&batch.activity_id), &m)?;
        }
        tx.commit()?;
        Ok(())
    }
}
