//! The `need` table with its segments (`need_segment`) and tags (`need_tag`): saves, deletes,
//! taggings, the survey import and the needs sheet. The workspace's paged queries: search.rs.

use crate::domain::model::{Insight, Need};
use crate::domain::validate;
use crate::store::undo::{self, NeedSnapshot, Seen, UndoStep};
use crate::store::Store;
use crate::support::error::{CoreError, ErrorCode, Result};

use super::db::{params, Db, Dialect, Param, Row};
use super::merge::{self, Based, Delta, Entity, Saved};
use super::rows::{self, opt_str, Key};
use super::stamps::{self, stamp_changed, stamp_columns, EntityKind, Head, Mark, Stamp};
use super::{activities, conflicts, insights, segments, tags};
use crate::support::fold::search_words;

macro_rules! columns {
    () => {
        "nid, id, statement, quote, activity_id, important"
    };
}

/// A need row and its `nid`; segments and tags are read apart.
fn from_row(r: &Row) -> Result<(i64, Need)> {
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

/// A statement writing a need, as a file and as a server take it. Its parameters are the
/// need's own, then its stamp (who and when it was created, who and when changed). On a
/// server it also sets `need.words` (statement and quote folded for the search, see `fold`)
/// from one more parameter after those; a file's FTS5 triggers index the need themselves.
struct NeedSql {
    sqlite: &'static str,
    pg: &'static str,
}

impl NeedSql {
    fn get(&self, db: &Db) -> &'static str {
        match db.dialect() {
            Dialect::Sqlite => self.sqlite,
            Dialect::Postgres => self.pg,
        }
    }
}

macro_rules! insert_sqlite {
    () => {
        concat!(
            "INSERT INTO need(id, statement, quote, activity_id, important, ",
            stamp_columns!(),
            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        )
    };
}
macro_rules! insert_pg {
    () => {
        concat!(
            "INSERT INTO need(id, statement, quote, activity_id, important, ",
            stamp_columns!(),
            ", words) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        )
    };
}
macro_rules! update_set {
    () => {
        concat!(
            " ON CONFLICT(id) DO UPDATE SET statement = excluded.statement, quote = excluded.quote,
              activity_id = excluded.activity_id, important = excluded.important, ",
            stamp_changed!("need")
        )
    };
}

/// A new need; returns its `nid`.
const INSERT: NeedSql = NeedSql {
    sqlite: concat!(insert_sqlite!(), " RETURNING nid"),
    pg: concat!(insert_pg!(), " RETURNING nid"),
};

/// A new need, or new values for the need with that id; returns its `nid`.
const UPSERT: NeedSql = NeedSql {
    sqlite: concat!(insert_sqlite!(), update_set!(), " RETURNING nid"),
    pg: concat!(
        insert_pg!(),
        update_set!(),
        ", words = excluded.words RETURNING nid"
    ),
};

/// A deleted need back under its old `nid` (`?1`; the need's columns follow).
const RESTORE: NeedSql = NeedSql {
    sqlite: concat!(
        "INSERT INTO need(nid, id, statement, quote, activity_id, important, ",
        stamp_columns!(),
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    ),
    pg: concat!(
        "INSERT INTO need(nid, id, statement, quote, activity_id, important, ",
        stamp_columns!(),
        ", words) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    ),
};

/// What a server stores in `need.words` for `n`; nothing for a file.
fn words_for(db: &Db, n: &Need) -> String {
    match db.dialect() {
        Dialect::Sqlite => String::new(),
        Dialect::Postgres => search_words(&[&n.statement, &n.quote]),
    }
}

/// A need's parameters for a [`NeedSql`]: `lead` (a `nid`) if any, then `id, statement,
/// quote, activity_id, important` with `activity` for `activity_id`, then `stamp` (the
/// stamp columns in order), then on a server `words` (from [`words_for`]).
fn need_params<'a>(
    db: &Db,
    lead: Option<i64>,
    n: &'a Need,
    activity: Option<&'a str>,
    stamp: [Param<'a>; 4],
    words: &'a str,
) -> Vec<Param<'a>> {
    let mut p = Vec::with_capacity(11);
    if let Some(nid) = lead {
        p.push(Param::Int(nid));
    }
    p.extend([
        Param::Text(&n.id),
        Param::Text(&n.statement),
        Param::Text(&n.quote),
        activity.map_or(Param::Null, Param::Text),
        Param::Int(i64::from(n.important)),
    ]);
    p.extend(stamp);
    if db.dialect() == Dialect::Postgres {
        p.push(Param::Text(words));
    }
    p
}

/// Run `sql` (returning `nid`) for need `n` with `activity` for its `activity_id`, made
/// or changed as `m` says.
fn write_need(db: &Db, sql: &NeedSql, n: &Need, activity: Option<&str>, m: &Mark) -> Result<i64> {
    let words = words_for(db, n);
    let (by, at) = (Param::Text(m.by), Param::Text(&m.at));
    db.row(
        sql.get(db),
        &need_params(db, None, n, activity, [by, at, by, at], &words),
        |r| r.get(0),
    )?
    .ok_or_else(|| CoreError::internal(format!("need \"{}\" was not saved", n.id)))
}

const ADD_SEGMENT: &str =
    "INSERT INTO need_segment(nid, segment_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
const ADD_TAG: &str = "INSERT INTO need_tag(nid, tag_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING";

/// Insert `n` as a new need of `activity` with its segments and tags, made as `m` says;
/// returns its `nid`.
pub(super) fn insert(db: &Db, n: &Need, activity: Option<&str>, m: &Mark) -> Result<i64> {
    let nid = write_need(db, &INSERT, n, activity, m)?;
    for s in &n.segment_ids {
        db.execute(ADD_SEGMENT, params![nid, s])?;
    }
    for t in &n.tag_ids {
        db.execute(ADD_TAG, params![nid, t])?;
    }
    Ok(nid)
}

pub(super) fn exists(db: &Db, id: &str) -> Result<bool> {
    rows::exists(db, "SELECT 1 FROM need WHERE id = ?1", id)
}

/// The `nid` of the need with id `id`.
pub(super) fn nid_of(db: &Db, id: &str) -> Result<Option<i64>> {
    db.row("SELECT nid FROM need WHERE id = ?1", params![id], |r| {
        r.get(0)
    })
}

/// Insert the needs of a new project.
pub(super) fn insert_all(db: &Db, needs: &[Need]) -> Result<()> {
    let m = Mark::now(db);
    for n in needs {
        insert(db, n, opt_str(&n.activity_id), &m)?;
    }
    Ok(())
}

/// Every need with its segments and tags, in `nid` order.
pub(super) fn all(db: &Db) -> Result<Vec<Need>> {
    // Everything in `nid` order (the tables' key order: no temporary sort), joined in Rust;
    // `canonicalize` sorts by id afterwards (ids are made in time order, so this is cheap).
    let mut nids: Vec<i64> = Vec::new();
    let mut needs: Vec<Need> = db.query(
        concat!("SELECT ", columns!(), " FROM need ORDER BY nid"),
        &[],
        |r| {
            let (nid, n) = from_row(r)?;
            nids.push(nid);
            Ok(n)
        },
    )?;
    rows::attach(
        db,
        "SELECT nid, segment_id FROM need_segment ORDER BY nid, segment_id",
        &mut needs,
        |i, _| Key::Int(nids[i]),
        rows::text1,
        |n, v| n.segment_ids.push(v),
    )?;
    rows::attach(
        db,
        "SELECT nid, tag_id FROM need_tag ORDER BY nid, tag_id",
        &mut needs,
        |i, _| Key::Int(nids[i]),
        rows::text1,
        |n, v| n.tag_ids.push(v),
    )?;
    Ok(needs)
}

/// The needs with the given `nid`s (sorted), by primary key: for a few thousand needs
/// out of many more, cheaper than a pass over the whole table. Three queries whatever the
/// number (a server is a round trip away), joined in Rust as [`all`] does.
pub(super) fn by_nids(db: &Db, nids: &[i64]) -> Result<Vec<Need>> {
    let list = [Param::Ints(nids)];
    let mut keys: Vec<i64> = Vec::with_capacity(nids.len());
    let mut needs: Vec<Need> = db.query(
        &format!(
            concat!("SELECT ", columns!(), " FROM need WHERE {} ORDER BY nid"),
            rows::in_list(db, "nid", 1)
        ),
        &list,
        |r| {
            let (nid, n) = from_row(r)?;
            keys.push(nid);
            Ok(n)
        },
    )?;
    for (table, column) in [("need_segment", "segment_id"), ("need_tag", "tag_id")] {
        let sql = format!(
            "SELECT nid, {column} FROM {table} WHERE {} ORDER BY nid, {column}",
            rows::in_list(db, "nid", 1)
        );
        rows::attach_where(
            db,
            &sql,
            &list,
            &mut needs,
            |i, _| Key::Int(keys[i]),
            rows::text1,
            |n, v| {
                if column == "segment_id" {
                    n.segment_ids.push(v)
                } else {
                    n.tag_ids.push(v)
                }
            },
        )?;
    }
    Ok(needs)
}

/// One need by `nid` with its segments and tags.
fn by_nid(db: &Db, nid: i64) -> Result<Need> {
    by_nids(db, &[nid])?.pop().ok_or_else(|| {
        CoreError::new(
            ErrorCode::Db,
            format!("database error: no need with nid {nid}"),
        )
    })
}

/// The `nid`s of the needs heard in any of `activity_ids` or named in `need_ids`: what a
/// brief shows, in one query.
pub(super) fn nids_of(db: &Db, activity_ids: &[String], need_ids: &[String]) -> Result<Vec<i64>> {
    db.query(
        &format!(
            "SELECT nid FROM need WHERE {} OR {} ORDER BY nid",
            rows::in_list(db, "activity_id", 1),
            rows::in_list(db, "id", 2)
        ),
        &[Param::Texts(activity_ids), Param::Texts(need_ids)],
        |r| r.get(0),
    )
}

/// Add to each insight the ids of the needs it cites (in `insight_need` key order;
/// `canonicalize` sorts each insight's need ids). `insights` are sorted by id.
pub(super) fn attach_evidence(db: &Db, insights: &mut [Insight]) -> Result<()> {
    // Read in the needs' order, each need's page once: in the insights' order every cited
    // need is a jump to another page of the need table (8,500 citations at 100,000 needs:
    // 63 ms against 20 ms). Each insight's needs come in need order, as its link rows are.
    db.each(
        "SELECT i.insight_id, n.id FROM insight_need i JOIN need n ON n.nid = i.nid
         ORDER BY i.nid",
        &[],
        |r| {
            let insight: String = r.get(0)?;
            if let Ok(at) = insights.binary_search_by(|i| i.id.as_str().cmp(&insight)) {
                insights[at].need_ids.push(r.get(1)?);
            }
            Ok(true)
        },
    )
}

/// How many needs carry no tag.
pub(super) fn untagged_count(db: &Db) -> Result<usize> {
    // All needs less the tagged ones: two index scans. `NOT EXISTS` per need probes
    // `need_tag` once for every need (170 ms at 100,000 needs).
    let n: i64 = db.value(
        "SELECT (SELECT COUNT(*) FROM need) - (SELECT COUNT(*) FROM (SELECT DISTINCT nid FROM need_tag) AS tagged)",
        &[],
    )?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The id, statement and quote of every need whose statement or quote holds a digit or an
/// `@` (the only texts that can hold personal data), in id order. A file's rows are read
/// in table order and tested without copying their texts (SQLite's `GLOB` is four times
/// slower than the whole read); a server filters them itself, so the other texts never
/// cross the network.
pub(super) fn each_text(db: &Db, mut f: impl FnMut(&str, &str, &str) -> Result<()>) -> Result<()> {
    let sql = match db.dialect() {
        Dialect::Sqlite => "SELECT id, statement, quote FROM need ORDER BY nid",
        Dialect::Postgres => {
            "SELECT id, statement, quote FROM need WHERE statement ~ '[0-9@]' OR quote ~ '[0-9@]'"
        }
    };
    let may_hold = |t: &str| t.bytes().any(|b| b.is_ascii_digit() || b == b'@');
    let mut found: Vec<(String, String, String)> = Vec::new();
    db.each_texts(sql, |[id, statement, quote]| {
        if may_hold(statement) || may_hold(quote) {
            found.push((id.to_string(), statement.to_string(), quote.to_string()));
        }
        Ok(true)
    })?;
    // Ids compare bytewise, as the planning check sorts the needs it is given.
    found.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (id, statement, quote) in &found {
        f(id, statement, quote)?;
    }
    Ok(())
}

/// How many needs were heard from a segment.
pub(super) fn count_with_segment(db: &Db, segment_id: &str) -> Result<u32> {
    db.value(
        "SELECT COUNT(*) FROM need_segment WHERE segment_id = ?1",
        params![segment_id],
    )
}

/// `(segment, needs)` of every segment some need is about.
pub(super) fn count_by_segment(db: &Db) -> Result<Vec<(String, u32)>> {
    db.query(
        "SELECT segment_id, COUNT(*) FROM need_segment GROUP BY segment_id ORDER BY segment_id",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// How many needs carry a tag (directly).
pub(super) fn count_with_tag(db: &Db, tag_id: &str) -> Result<u32> {
    db.value(
        "SELECT COUNT(*) FROM need_tag WHERE tag_id = ?1",
        params![tag_id],
    )
}

/// The `nid`s of the needs carrying a tag, sorted.
pub(super) fn with_tag(db: &Db, tag_id: &str) -> Result<Vec<i64>> {
    db.query(
        "SELECT nid FROM need_tag WHERE tag_id = ?1 ORDER BY nid",
        params![tag_id],
        |r| r.get(0),
    )
}

/// Stamp as changed now the needs heard from a segment.
pub(super) fn touch_with_segment(db: &Db, segment_id: &str) -> Result<()> {
    stamps::touch_where(
        db,
        EntityKind::Need,
        "nid IN (SELECT nid FROM need_segment WHERE segment_id = ?3)",
        Param::Text(segment_id),
    )
}

/// Stamp as changed now the needs heard in an activity.
pub(super) fn touch_of_activity(db: &Db, activity_id: &str) -> Result<()> {
    stamps::touch_where(
        db,
        EntityKind::Need,
        "activity_id = ?3",
        Param::Text(activity_id),
    )
}

/// Stamp as changed now the needs with these `nid`s.
pub(super) fn touch_nids(db: &Db, nids: &[i64]) -> Result<()> {
    stamps::touch_nids(db, nids)
}

/// The [`Head`]s of the needs with these `nid`s that exist.
pub(super) fn heads(db: &Db, nids: &[i64]) -> Result<Vec<Head>> {
    if nids.is_empty() {
        return Ok(vec![]);
    }
    let cond = rows::in_list(db, "nid", 1);
    stamps::heads_where(db, EntityKind::Need, &cond, Param::Ints(nids), false)
}

/// Give the needs of segment `from` segment `into` too.
pub(super) fn move_segment(db: &Db, from: &str, into: &str) -> Result<()> {
    touch_with_segment(db, from)?;
    db.execute(
        "INSERT INTO need_segment(nid, segment_id)
         SELECT nid, ?2 FROM need_segment WHERE segment_id = ?1
         ON CONFLICT DO NOTHING",
        params![from, into],
    )?;
    Ok(())
}

/// Tag the needs tagged `from` with `into` too.
pub(super) fn move_tag(db: &Db, from: &str, into: &str) -> Result<()> {
    stamps::touch_where(
        db,
        EntityKind::Need,
        "nid IN (SELECT nid FROM need_tag WHERE tag_id = ?3)",
        Param::Text(from),
    )?;
    db.execute(
        "INSERT INTO need_tag(nid, tag_id) SELECT nid, ?2 FROM need_tag WHERE tag_id = ?1
         ON CONFLICT DO NOTHING",
        params![from, into],
    )?;
    Ok(())
}

const UNTAG: &str = "DELETE FROM need_tag WHERE nid = ?1 AND tag_id = ?2";

/// Take a tag off the given needs.
pub(super) fn untag(db: &Db, nids: &[i64], tag_id: &str) -> Result<()> {
    for nid in nids {
        db.execute(UNTAG, params![nid, tag_id])?;
    }
    touch_nids(db, nids)
}

/// Put a tag back on those of the given needs that still exist.
pub(super) fn retag(db: &Db, nids: &[i64], tag_id: &str) -> Result<()> {
    for nid in nids {
        db.execute(
            "INSERT INTO need_tag(nid, tag_id) SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM need WHERE nid = ?1)
             ON CONFLICT DO NOTHING",
            params![nid, tag_id],
        )?;
    }
    touch_nids(db, nids)
}

/// Put a deleted need back under its old `nid`, with those of its activity, segments and
/// tags that still exist. It keeps who created it (`stamp`, as it was) and is changed now.
pub(super) fn restore(db: &Db, nid: i64, n: &Need, stamp: Option<&Stamp>) -> Result<()> {
    let activity = match n.activity_id.as_deref() {
        Some(a) if activities::exists(db, a)? => Some(a),
        _ => None,
    };
    let words = words_for(db, n);
    let m = Mark::now(db);
    let created = stamp.cloned().unwrap_or_default();
    let stamp = [
        created
            .created_by
            .as_deref()
            .map_or(Param::Null, Param::Text),
        created
            .created_at
            .as_deref()
            .map_or(Param::Null, Param::Text),
        Param::Text(m.by),
        Param::Text(&m.at),
    ];
    db.execute(
        RESTORE.get(db),
        &need_params(db, Some(nid), n, activity, stamp, &words),
    )?;
    for s in &n.segment_ids {
        if segments::exists(db, s)? {
            db.execute(ADD_SEGMENT, params![nid, s])?;
        }
    }
    for t in &n.tag_ids {
        if tags::exists(db, t)? {
            db.execute(ADD_TAG, params![nid, t])?;
        }
    }
    Ok(())
}

/// What undoing a delete of `deleted` writes back: each need's id, which must still be
/// free, and the insights that cited them, as the delete left them.
fn deleted_seen(db: &Db, deleted: &[NeedSnapshot]) -> Result<Vec<Seen>> {
    let mut cited: Vec<String> = deleted
        .iter()
        .flat_map(|n| n.insight_ids.iter().cloned())
        .collect();
    cited.sort();
    cited.dedup();
    let mut seen = undo::gone(EntityKind::Need, deleted.iter().map(|n| n.need.id.clone()));
    let insights = stamps::heads(db, EntityKind::Insight, &cited, false)?;
    seen.extend(undo::seen(insights, EntityKind::Insight));
    Ok(seen)
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

/// Save `n` replacing what is stored: its fields, and all its segments and tags.
fn replace(db: &Db, n: &Need) -> Result<Need> {
    let mut n = n.clone();
    n.activity_id = rows::check_ref(db, "activity_id", activities::exists, &n.activity_id)?;
    n.segment_ids = rows::check_refs(db, "segment_ids", segments::exists, &n.segment_ids)?;
    n.tag_ids = rows::check_refs(db, "tag_ids", tags::exists, &n.tag_ids)?;
    let nid = write_need(db, &UPSERT, &n, n.activity_id.as_deref(), &Mark::now(db))?;
    db.execute("DELETE FROM need_segment WHERE nid = ?1", params![nid])?;
    for s in &n.segment_ids {
        db.execute(ADD_SEGMENT, params![nid, s])?;
    }
    db.execute("DELETE FROM need_tag WHERE nid = ?1", params![nid])?;
    for t in &n.tag_ids {
        db.execute(ADD_TAG, params![nid, t])?;
    }
    Ok(n)
}

impl Entity for Need {
    const KIND: EntityKind = EntityKind::Need;
    const SETS: &'static [&'static str] = &["segment_ids", "tag_ids"];

    fn id(&self) -> &str {
        &self.id
    }

    fn validate(&self) -> Result<Need> {
        validate::need(self)
    }

    const TABLE: &'static str = "need";

    fn read(db: &Db, id: &str) -> Result<Option<Need>> {
        match nid_of(db, id)? {
            Some(nid) => by_nid(db, nid).map(Some),
            None => Ok(None),
        }
    }

    fn replace(db: &Db, n: &Need) -> Result<Need> {
        replace(db, n)
    }

    fn write_fields(db: &Db, n: &Need) -> Result<()> {
        let activity = rows::check_ref(db, "activity_id", activities::exists, &n.activity_id)?;
        write_need(db, &UPSERT, n, activity.as_deref(), &Mark::now(db))?;
        Ok(())
    }

    fn write_links(db: &Db, n: &Need, delta: &Delta) -> Result<()> {
        let nid = nid_of(db, &n.id)?
            .ok_or_else(|| CoreError::internal(format!("need \"{}\" is gone", n.id)))?;
        let sets: [(&str, &str, &str, rows::Exists); 2] = [
            (
                "segment_ids",
                "need_segment",
                "segment_id",
                segments::exists,
            ),
            ("tag_ids", "need_tag", "tag_id", tags::exists),
        ];
        for (key, table, column, exists) in sets {
            let (added, removed) = delta.of(key);
            let added = rows::check_refs(db, key, exists, added)?;
            rows::add_remove(db, table, ("nid", Param::Int(nid)), column, &added, removed)?;
        }
        Ok(())
    }
}

impl Store {
    /// Save a need as given, without a base: last writer wins, its segments and tags are
    /// replaced by the ones given. For callers that did not load it to edit it (an import,
    /// a new need); an edit saves with [`Store::save_need_from`].
    pub fn save_need(&mut self, n: &Need) -> Result<Need> {
        let n = validate::need(n)?;
        let tx = self.tx()?;
        let n = replace(&tx, &n)?;
        tx.commit()?;
        Ok(n)
    }

    /// A need as an editor loads it, with its revision: the base of
    /// [`Store::save_need_from`].
    pub fn need_for_edit(&self, id: &str) -> Result<Based<Need>> {
        merge::based(self.db(), id)
    }

    /// Save an edit of a need that started from `base`: merged with what others saved since
    /// (fields only I changed are mine, a field both changed keeps theirs and is returned
    /// as a conflict; tags and segments I added or removed are added or removed, others'
    /// stay). A need deleted meanwhile is refused with `deleted`; saving it again with no
    /// base recreates it. With no base, as [`Store::save_need`].
    pub fn save_need_from(&mut self, n: &Need, base: Option<&Based<Need>>) -> Result<Saved<Need>> {
        self.save_from(n, base)
    }

    /// Delete needs. Can be undone (they come back with their tags, segments and
    /// insight links), unless someone else has since added a need with one of their ids
    /// or changed an insight that cited one of them: undo would cite the need in an
    /// insight as they left it.
    pub fn delete_needs(&mut self, ids: &[String]) -> Result<usize> {
        rows::retry_once(|| self.delete_needs_once(ids))
    }

    fn delete_needs_once(&mut self, ids: &[String]) -> Result<usize> {
        let tx = self.bulk_tx()?;
        rows::lock_rows(&tx, "need", ids)?;
        let mut saved = Vec::new();
        for id in ids {
            let Some(nid) = nid_of(&tx, id)? else {
                continue;
            };
            let need = by_nid(&tx, nid)?;
            let stamp = stamps::one(&tx, EntityKind::Need, id)?;
            let insight_ids = insights::citing(&tx, nid)?;
            let commitment_ids = super::merge_needs::commitments_of(&tx, nid)?;
            // The insights citing it lose that evidence, the commitments a link.
            stamps::touch(&tx, EntityKind::Insight, &insight_ids)?;
            stamps::touch(&tx, EntityKind::Commitment, &commitment_ids)?;
            conflicts::record_deleted(&tx, EntityKind::Need, std::slice::from_ref(id))?;
            tx.execute("DELETE FROM need WHERE nid = ?1", params![nid])?;
            saved.push(NeedSnapshot {
                nid,
                need,
                stamp,
                insight_ids,
                commitment_ids,
            });
        }
        let seen = deleted_seen(&tx, &saved)?;
        tx.commit()?;
        let n = saved.len();
        if n > 0 {
            self.push_undo(UndoStep::DeleteNeeds { needs: saved }, seen);
        }
        Ok(n)
    }

    /// Add or remove one tag on many needs at once. Returns how many needs changed.
    /// Can be undone.
    /// Adds and removes only that tag: what others tag meanwhile stays. On a server the
    /// needs are locked in one order, so that two taggings of the same needs never wait
    /// for each other in a circle.
    pub fn tag_needs(&mut self, ids: &[String], tag_id: &str, add: bool) -> Result<usize> {
        rows::retry_once(|| self.tag_needs_once(ids, tag_id, add))
    }

    fn tag_needs_once(&mut self, ids: &[String], tag_id: &str, add: bool) -> Result<usize> {
        let tx = self.bulk_tx()?;
        rows::lock_rows(&tx, "need", ids)?;
        if !tags::exists(&tx, tag_id)? {
            return Err(CoreError::not_found(format!("unknown tag \"{tag_id}\"")));
        }
        let mut changed: Vec<i64> = Vec::new();
        let sql = if add { ADD_TAG } else { UNTAG };
        for id in ids {
            if let Some(nid) = nid_of(&tx, id)? {
                if tx.execute(sql, params![nid, tag_id])? > 0 {
                    changed.push(nid);
                }
            }
        }
        touch_nids(&tx, &changed)?;
        let seen = undo::seen(heads(&tx, &changed)?, EntityKind::Need);
        tx.commit()?;
        let n = changed.len();
        if n > 0 {
            let step = UndoStep::Tagging {
                nids: changed,
                tag_id: tag_id.to_string(),
                added: add,
            };
            self.push_undo(step, seen);
        }
        Ok(n)
    }

    /// The id, statement and quote of every need that may hold personal data (see
    /// [`each_text`]), in id order.
    pub fn each_need_text(&self, f: impl FnMut(&str, &str, &str) -> Result<()>) -> Result<()> {
        each_text(self.db(), f)
    }

    /// Every need as the needs spreadsheet lists it, by activity (start, undated last, then
    /// title), each activity's needs in the order they were added; handed to `row` one at
    /// a time as they are read, so a large project is never in memory at once (from a file;
    /// a server sends the rows together).
    pub fn each_need_for_sheet(
        &self,
        mut row: impl FnMut(NeedSheetRow) -> Result<()>,
    ) -> Result<()> {
        self.db().each(
            "SELECT n.statement, n.quote, COALESCE(a.title, ''), COALESCE(substr(a.starts_at, 1, 10), ''),
               COALESCE((SELECT string_agg(s.name, ', ' ORDER BY s.name, s.id)
                         FROM need_segment ns JOIN segment s ON s.id = ns.segment_id WHERE ns.nid = n.nid), ''),
               COALESCE((SELECT string_agg(t.name, ', ' ORDER BY t.name, t.id)
                         FROM need_tag nt JOIN tag t ON t.id = nt.tag_id WHERE nt.nid = n.nid), ''),
               COALESCE((SELECT string_agg(i.title, ', ' ORDER BY i.title, i.id)
                         FROM insight_need x JOIN insight i ON i.id = x.insight_id WHERE x.nid = n.nid), '')
             FROM need n LEFT JOIN activity a ON a.id = n.activity_id
             ORDER BY a.starts_at IS NULL, a.starts_at, a.title, a.id, n.nid",
            &[],
            |r| {
                row(NeedSheetRow {
                    statement: r.get(0)?,
                    quote: r.get(1)?,
                    activity: r.get(2)?,
                    date: r.get(3)?,
                    segments: r.get(4)?,
                    tags: r.get(5)?,
                    insights: r.get(6)?,
                })?;
                Ok(true)
            },
        )
    }
}
