//! The `need` table with its segments (`need_segment`) and tags (`need_tag`): saves, deletes,
//! taggings, the survey import and the needs sheet. The workspace's paged queries: search.rs.

use rusqlite::{params, Connection, OptionalExtension, Row, Statement};

use crate::domain::model::{Insight, Need, Segment, Tag};
use crate::domain::validate;
use crate::store::undo::{NeedSnapshot, UndoStep};
use crate::store::Store;
use crate::support::error::{CoreError, ErrorCode, Result};

use super::rows::{self, opt_str, Key};
use super::{activities, insights, segments, tags};

macro_rules! columns {
    () => {
        "nid, id, statement, quote, activity_id, important"
    };
}

/// A need row and its `nid`; segments and tags are read apart.
fn from_row(r: &Row) -> rusqlite::Result<(i64, Need)> {
    Ok((
        r.get(0)?,
        Need {
            id: r.get(1)?,
            statement: r.get(2)?,
            quote: r.get(3)?,
            activity_id: r.get(4)?,
            segment_ids: vec![],
            tag_ids: vec![],
            important: r.get(5)?,
        },
    ))
}

macro_rules! insert {
    () => {
        "INSERT INTO need(id, statement, quote, activity_id, important) VALUES (?1, ?2, ?3, ?4, ?5)"
    };
}

/// Bind a need's columns in `insert!()` order, with `activity` for `activity_id`.
fn bind(st: &mut Statement, n: &Need, activity: Option<&str>) -> rusqlite::Result<usize> {
    st.execute(params![n.id, n.statement, n.quote, activity, n.important])
}

/// Inserts new needs with their segments and tags, with the statements prepared once.
struct Inserter<'c> {
    conn: &'c Connection,
    need: Statement<'c>,
    segment: Statement<'c>,
    tag: Statement<'c>,
}

impl<'c> Inserter<'c> {
    fn new(conn: &'c Connection) -> Result<Self> {
        Ok(Inserter {
            conn,
            need: conn.prepare(insert!())?,
            segment: conn
                .prepare("INSERT OR IGNORE INTO need_segment(nid, segment_id) VALUES (?1, ?2)")?,
            tag: conn.prepare("INSERT OR IGNORE INTO need_tag(nid, tag_id) VALUES (?1, ?2)")?,
        })
    }

    /// Insert `n` as a need of `activity`; returns its `nid`.
    fn insert(&mut self, n: &Need, activity: Option<&str>) -> Result<i64> {
        bind(&mut self.need, n, activity)?;
        let nid = self.conn.last_insert_rowid();
        for s in &n.segment_ids {
            self.segment.execute(params![nid, s])?;
        }
        for t in &n.tag_ids {
            self.tag.execute(params![nid, t])?;
        }
        Ok(nid)
    }
}

pub(super) fn exists(conn: &Connection, id: &str) -> Result<bool> {
    rows::exists(conn, "SELECT 1 FROM need WHERE id = ?1", id)
}

/// The `nid` of the need with id `id`.
pub(super) fn nid_of(conn: &Connection, id: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT nid FROM need WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Insert the needs of a new project.
pub(super) fn insert_all(conn: &Connection, needs: &[Need]) -> Result<()> {
    let mut ins = Inserter::new(conn)?;
    for n in needs {
        ins.insert(n, opt_str(&n.activity_id))?;
    }
    Ok(())
}

/// Every need with its segments and tags, in `nid` order.
pub(super) fn all(conn: &Connection) -> Result<Vec<Need>> {
    // Everything in `nid` order (the tables' key order: no temporary sort), joined in Rust;
    // `canonicalize` sorts by id afterwards (ids are made in time order, so this is cheap).
    let mut nids: Vec<i64> = Vec::new();
    let mut needs: Vec<Need> = conn
        .prepare(concat!("SELECT ", columns!(), " FROM need ORDER BY nid"))?
        .query_map([], from_row)?
        .map(|row| {
            row.map(|(nid, n)| {
                nids.push(nid);
                n
            })
        })
        .collect::<rusqlite::Result<_>>()?;
    rows::attach(
        conn,
        "SELECT nid, segment_id FROM need_segment ORDER BY nid, segment_id",
        &mut needs,
        |i, _| Key::Int(nids[i]),
        rows::text1,
        |n, v| n.segment_ids.push(v),
    )?;
    rows::attach(
        conn,
        "SELECT nid, tag_id FROM need_tag ORDER BY nid, tag_id",
        &mut needs,
        |i, _| Key::Int(nids[i]),
        rows::text1,
        |n, v| n.tag_ids.push(v),
    )?;
    Ok(needs)
}

/// One need by `nid` with its segments and tags.
fn by_nid(conn: &Connection, nid: i64) -> Result<Need> {
    let (_, mut n) = conn
        .prepare_cached(concat!("SELECT ", columns!(), " FROM need WHERE nid = ?1"))?
        .query_row([nid], from_row)?;
    n.segment_ids = rows::strings(
        conn,
        "SELECT segment_id FROM need_segment WHERE nid = ?1 ORDER BY 1",
        nid,
    )?;
    n.tag_ids = rows::strings(
        conn,
        "SELECT tag_id FROM need_tag WHERE nid = ?1 ORDER BY 1",
        nid,
    )?;
    Ok(n)
}

/// The needs with the given `nid`s (sorted), by primary key: for a few thousand needs
/// out of many more, cheaper than a pass over the whole table.
pub(super) fn by_nids(conn: &Connection, nids: &[i64]) -> Result<Vec<Need>> {
    nids.iter().map(|nid| by_nid(conn, *nid)).collect()
}

/// The `nid`s of the needs heard in an activity.
pub(super) fn nids_of_activity(conn: &Connection, activity_id: &str) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached("SELECT nid FROM need WHERE activity_id = ?1")?;
    let v = st
        .query_map([activity_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(v)
}

/// Add to each insight the ids of the needs it cites (in `insight_need` key order;
/// `canonicalize` sorts each insight's need ids). `insights` are sorted by id.
pub(super) fn attach_evidence(conn: &Connection, insights: &mut [Insight]) -> Result<()> {
    rows::attach(
        conn,
        "SELECT i.insight_id, n.id FROM insight_need i JOIN need n ON n.nid = i.nid
         ORDER BY i.insight_id",
        insights,
        |_, i| Key::Text(&i.id),
        rows::text1,
        |i, v| i.need_ids.push(v),
    )
}

/// How many needs carry no tag.
pub(super) fn untagged_count(conn: &Connection) -> Result<usize> {
    // All needs less the tagged ones: two index scans. `NOT EXISTS` per need probes
    // `need_tag` once for every need (170 ms at 100,000 needs).
    Ok(conn.query_row(
        "SELECT (SELECT COUNT(*) FROM need) - (SELECT COUNT(*) FROM (SELECT DISTINCT nid FROM need_tag))",
        [],
        |r| r.get(0),
    )?)
}

/// How many needs were heard from a segment.
pub(super) fn count_with_segment(conn: &Connection, segment_id: &str) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM need_segment WHERE segment_id = ?1",
        [segment_id],
        |r| r.get(0),
    )?)
}

/// How many needs carry a tag (directly).
pub(super) fn count_with_tag(conn: &Connection, tag_id: &str) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM need_tag WHERE tag_id = ?1",
        [tag_id],
        |r| r.get(0),
    )?)
}

/// The `nid`s of the needs carrying a tag, sorted.
pub(super) fn with_tag(conn: &Connection, tag_id: &str) -> Result<Vec<i64>> {
    let mut st = conn.prepare("SELECT nid FROM need_tag WHERE tag_id = ?1 ORDER BY nid")?;
    let v = st
        .query_map([tag_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(v)
}

/// Give the needs of segment `from` segment `into` too.
pub(super) fn move_segment(conn: &Connection, from: &str, into: &str) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO need_segment(nid, segment_id)
         SELECT nid, ?2 FROM need_segment WHERE segment_id = ?1",
        params![from, into],
    )?;
    Ok(())
}

/// Tag the needs tagged `from` with `into` too.
pub(super) fn move_tag(conn: &Connection, from: &str, into: &str) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO need_tag(nid, tag_id) SELECT nid, ?2 FROM need_tag WHERE tag_id = ?1",
        params![from, into],
    )?;
    Ok(())
}

/// Take a tag off the given needs.
pub(super) fn untag(conn: &Connection, nids: &[i64], tag_id: &str) -> Result<()> {
    let mut st = conn.prepare("DELETE FROM need_tag WHERE nid = ?1 AND tag_id = ?2")?;
    for nid in nids {
        st.execute(params![nid, tag_id])?;
    }
    Ok(())
}

/// Put a tag back on those of the given needs that still exist.
pub(super) fn retag(conn: &Connection, nids: &[i64], tag_id: &str) -> Result<()> {
    let mut st = conn.prepare(
        "INSERT OR IGNORE INTO need_tag(nid, tag_id) SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM need WHERE nid = ?1)",
    )?;
    for nid in nids {
        st.execute(params![nid, tag_id])?;
    }
    Ok(())
}

/// Put a deleted need back under its old `nid`, with those of its activity, segments and
/// tags that still exist.
pub(super) fn restore(conn: &Connection, nid: i64, n: &Need) -> Result<()> {
    let activity = match n.activity_id.as_deref() {
        Some(a) if activities::exists(conn, a)? => Some(a),
        _ => None,
    };
    conn.prepare_cached(
        "INSERT INTO need(nid, id, statement, quote, activity_id, important)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        nid,
        n.id,
        n.statement,
        n.quote,
        activity,
        n.important
    ])?;
    let mut st =
        conn.prepare_cached("INSERT OR IGNORE INTO need_segment(nid, segment_id) VALUES (?1, ?2)")?;
    for s in &n.segment_ids {
        if segments::exists(conn, s)? {
            st.execute(params![nid, s])?;
        }
    }
    let mut st =
        conn.prepare_cached("INSERT OR IGNORE INTO need_tag(nid, tag_id) VALUES (?1, ?2)")?;
    for t in &n.tag_ids {
        if tags::exists(conn, t)? {
            st.execute(params![nid, t])?;
        }
    }
    Ok(())
}

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

/// A need as the needs spreadsheet lists it: names instead of ids, several joined with
/// ", ", and empty text for what it lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedSheetRow {
    pub statement: String,
    pub quote: String,
    /// The activity's title.
    pub activity: String,
    /// The day the activity started (`YYYY-MM-DD`).
    pub date: String,
    pub segments: String,
    pub tags: String,
    /// The titles of the insights that cite it.
    pub insights: String,
}

impl Store {
    pub fn save_need(&mut self, n: &Need) -> Result<Need> {
        let mut n = validate::need(n)?;
        let tx = self.tx()?;
        n.activity_id = rows::check_ref(&tx, "activity_id", activities::exists, &n.activity_id)?;
        n.segment_ids = rows::check_refs(&tx, "segment_ids", segments::exists, &n.segment_ids)?;
        n.tag_ids = rows::check_refs(&tx, "tag_ids", tags::exists, &n.tag_ids)?;
        bind(
            &mut tx.prepare(concat!(
                insert!(),
                " ON CONFLICT(id) DO UPDATE SET statement = excluded.statement, quote = excluded.quote,
                   activity_id = excluded.activity_id, important = excluded.important"
            ))?,
            &n,
            n.activity_id.as_deref(),
        )?;
        let nid = nid_of(&tx, &n.id)?
            .ok_or_else(|| CoreError::internal(format!("need \"{}\" was not saved", n.id)))?;
        tx.execute("DELETE FROM need_segment WHERE nid = ?1", [nid])?;
        for s in &n.segment_ids {
            tx.execute(
                "INSERT INTO need_segment(nid, segment_id) VALUES (?1, ?2)",
                params![nid, s],
            )?;
        }
        tx.execute("DELETE FROM need_tag WHERE nid = ?1", [nid])?;
        for t in &n.tag_ids {
            tx.execute(
                "INSERT INTO need_tag(nid, tag_id) VALUES (?1, ?2)",
                params![nid, t],
            )?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// Delete needs. Can be undone (they come back with their tags, segments and
    /// insight links).
    pub fn delete_needs(&mut self, ids: &[String]) -> Result<usize> {
        let tx = self.tx()?;
        let mut saved = Vec::new();
        {
            let mut st = tx.prepare("DELETE FROM need WHERE nid = ?1")?;
            for id in ids {
                let Some(nid) = nid_of(&tx, id)? else {
                    continue;
                };
                let need = by_nid(&tx, nid)?;
                let insight_ids = insights::citing(&tx, nid)?;
                st.execute([nid])?;
                saved.push(NeedSnapshot {
                    nid,
                    need,
                    insight_ids,
                });
            }
        }
        tx.commit()?;
        let n = saved.len();
        if n > 0 {
            self.push_undo(UndoStep::DeleteNeeds { needs: saved });
        }
        Ok(n)
    }

    /// Add or remove one tag on many needs at once. Returns how many needs changed.
    /// Can be undone.
    pub fn tag_needs(&mut self, ids: &[String], tag_id: &str, add: bool) -> Result<usize> {
        let tx = self.tx()?;
        if !tags::exists(&tx, tag_id)? {
            return Err(CoreError::not_found(format!("unknown tag \"{tag_id}\"")));
        }
        let mut changed: Vec<i64> = Vec::new();
        {
            let sql = if add {
                "INSERT OR IGNORE INTO need_tag(nid, tag_id) VALUES (?1, ?2)"
            } else {
                "DELETE FROM need_tag WHERE nid = ?1 AND tag_id = ?2"
            };
            let mut st = tx.prepare(sql)?;
            for id in ids {
                if let Some(nid) = nid_of(&tx, id)? {
                    if st.execute(params![nid, tag_id])? > 0 {
                        changed.push(nid);
                    }
                }
            }
        }
        tx.commit()?;
        let n = changed.len();
        if n > 0 {
            self.push_undo(UndoStep::Tagging {
                nids: changed,
                tag_id: tag_id.to_string(),
                added: add,
            });
        }
        Ok(n)
    }

    /// The names a survey import matches its cells against.
    pub fn import_names(&self) -> Result<ImportNames> {
        Ok(ImportNames {
            tags: tags::names_top_level_first(&self.conn)?,
            segments: segments::names_by_id(&self.conn)?,
        })
    }

    /// Refuse, before an import is planned, what [`Store::import_needs`] would refuse
    /// anyway: a read-only project or an unknown activity.
    pub fn check_import_into(&self, activity_id: &str) -> Result<()> {
        self.writable()?;
        check_activity(&self.conn, activity_id)
    }

    /// Import a planned batch of needs in one transaction: after any error nothing has
    /// changed.
    pub fn import_needs(&mut self, batch: &NeedImport) -> Result<()> {
        let tx = self.tx()?;
        check_activity(&tx, &batch.activity_id)?;
        segments::insert_all(&tx, &batch.segments)?;
        tags::insert_all(&tx, &batch.tags)?;
        {
            let mut ins = Inserter::new(&tx)?;
            for n in &batch.needs {
                ins.insert(n, Some(&batch.activity_id))?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every need as the needs spreadsheet lists it, by activity (start, undated last, then
    /// title), each activity's needs in the order they were added; handed to `row` one at
    /// a time as they are read, so a large project is never in memory at once.
    pub fn each_need_for_sheet(
        &self,
        mut row: impl FnMut(NeedSheetRow) -> Result<()>,
    ) -> Result<()> {
        let mut st = self.conn.prepare(
            "SELECT n.statement, n.quote, COALESCE(a.title, ''), COALESCE(substr(a.starts_at, 1, 10), ''),
               COALESCE((SELECT group_concat(s.name, ', ' ORDER BY s.name, s.id)
                         FROM need_segment ns JOIN segment s ON s.id = ns.segment_id WHERE ns.nid = n.nid), ''),
               COALESCE((SELECT group_concat(t.name, ', ' ORDER BY t.name, t.id)
                         FROM need_tag nt JOIN tag t ON t.id = nt.tag_id WHERE nt.nid = n.nid), ''),
               COALESCE((SELECT group_concat(i.title, ', ' ORDER BY i.title, i.id)
                         FROM insight_need x JOIN insight i ON i.id = x.insight_id WHERE x.nid = n.nid), '')
             FROM need n LEFT JOIN activity a ON a.id = n.activity_id
             ORDER BY a.starts_at IS NULL, a.starts_at, a.title, a.id, n.nid",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            row(NeedSheetRow {
                statement: r.get(0)?,
                quote: r.get(1)?,
                activity: r.get(2)?,
                date: r.get(3)?,
                segments: r.get(4)?,
                tags: r.get(5)?,
                insights: r.get(6)?,
            })?;
        }
        Ok(())
    }
}

fn check_activity(conn: &Connection, activity_id: &str) -> Result<()> {
    if activities::exists(conn, activity_id)? {
        Ok(())
    } else {
        Err(CoreError::field(
            "activity",
            ErrorCode::UnknownRef,
            format!("unknown activity \"{activity_id}\""),
        ))
    }
}
