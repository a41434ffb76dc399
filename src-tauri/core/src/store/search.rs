//! Reading needs a page at a time: filters, full-text search, tag counts.
//!
//! No query here returns more than one page of rows, so the needs workspace stays fast at
//! 100,000 needs.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::store::Store;

use super::db::{params, Db, Dialect, Param, Row};
use super::rows;
use crate::support::error::{CoreError, Result};
use crate::support::fold::fold;
use crate::support::markup::{escape, escape_into};

/// At most this many rows in one page.
pub const MAX_PAGE: u32 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
pub enum TagMode {
    /// A need with any of the tags.
    #[default]
    Any,
    /// A need with all of the tags.
    All,
}

/// Which needs to show. Empty fields do not filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(default)]
pub struct NeedFilter {
    /// Full-text search over statement and quote, and over the title and place of the
    /// activity a need was heard at (prefix matching, diacritics folded).
    pub text: String,
    pub tag_ids: Vec<String>,
    pub tag_mode: TagMode,
    /// A tag also matches needs tagged with any of its descendants.
    pub include_children: bool,
    pub segment_id: Option<String>,
    pub activity_id: Option<String>,
    pub key_question_id: Option<String>,
    pub important_only: bool,
    pub untagged_only: bool,
    /// Rank by meaning (the local language model) as well as by the words of `text`.
    pub meaning: bool,
}

/// One need as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NeedRow {
    pub id: String,
    pub statement: String,
    pub quote: String,
    pub activity_id: Option<String>,
    pub activity_title: Option<String>,
    pub segment_ids: Vec<String>,
    pub tag_ids: Vec<String>,
    pub important: bool,
    /// Statement with search hits wrapped in `<mark>`; everything else HTML-escaped.
    pub statement_html: String,
    /// Quote with search hits wrapped in `<mark>`; everything else HTML-escaped.
    pub quote_html: String,
    pub insight_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NeedsPage {
    pub rows: Vec<NeedRow>,
    /// How many needs match the filter in all.
    pub total: u32,
}

/// How many needs matching a filter carry a tag (directly) and a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MatrixCell {
    pub tag_id: String,
    pub segment_id: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TagCount {
    pub tag_id: String,
    pub count: u32,
}

/// Turn what a user typed into an FTS5 query: every word must match, as a prefix.
/// Quotes and operators are neutralised so any input is a valid query.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    if words.is_empty() {
        None
    } else {
        Some(words.join(" "))
    }
}

/// A value a [`NidSet`]'s SQL is run with.
#[derive(Debug, Clone)]
enum Arg {
    Text(String),
    Texts(Vec<String>),
}

impl Arg {
    fn param(&self) -> Param<'_> {
        match self {
            Arg::Text(s) => Param::Text(s),
            Arg::Texts(v) => Param::Texts(v),
        }
    }
}

/// One set of needs a filter asks for, as SQL that selects `nid` (duplicates allowed, in
/// any order) and its parameters (`?1`, `?2` …, one per `args`).
struct NidSet {
    sql: String,
    args: Vec<Arg>,
    /// The SQL never yields a `nid` twice (and, but for the full-text search on a server,
    /// reads an index in `nid` order).
    distinct: bool,
}

impl NidSet {
    fn new(sql: impl Into<String>, args: Vec<Arg>) -> NidSet {
        NidSet {
            sql: sql.into(),
            args,
            distinct: true,
        }
    }
    fn params(&self) -> Vec<Param<'_>> {
        self.args.iter().map(Arg::param).collect()
    }
    /// `SELECT COUNT(*) FROM …` over the same rows (every set's SQL starts `SELECT x FROM`;
    /// counting the table directly lets FTS5 skip a subquery).
    fn count_sql(&self) -> String {
        match self.sql.find(" FROM ") {
            Some(i) if self.distinct => format!("SELECT COUNT(*){}", &self.sql[i..]),
            _ => format!("SELECT COUNT(DISTINCT nid) FROM ({}) AS s", self.sql),
        }
    }
    /// One page of the set, newest first: the set's parameters, then the limit and offset.
    fn page_sql(&self) -> String {
        let n = self.args.len();
        format!(
            "SELECT nid FROM ({}) AS s ORDER BY nid DESC LIMIT ?{} OFFSET ?{}",
            self.sql,
            n + 1,
            n + 2
        )
    }
    fn with_duplicates(mut self) -> NidSet {
        self.distinct = false;
        self
    }
}

/// A filter as sets of needs: a need matches when it is in every `include` set and in no
/// `exclude` set. No sets at all means every need.
///
/// Each set is read with one index range scan into a sorted `Vec` of `nid`s and the sets
/// are intersected in Rust. This keeps a filtered page and its total to a few index scans
/// whatever the filter: SQLite's own plan for `nid IN (…) ORDER BY nid DESC LIMIT …` plus a
/// `COUNT(*)` looks every match up in the `need` table (twice), which costs 30–50 ms for a
/// popular tag at 100,000 needs, and `NOT EXISTS` for "untagged" probes every need.
pub(super) struct NidPlan {
    include: Vec<NidSet>,
    exclude: Vec<NidSet>,
}

/// The needs whose statement or quote has every word of `text` (as a prefix): a file's
/// FTS5 index, or on a server the folded `words` of each need (through the GIN index on
/// exactly `to_tsvector('simple', words)`). `None` when `text` has no word.
fn need_text_set(db: &Db, text: &str) -> Option<NidSet> {
    match db.dialect() {
        Dialect::Sqlite => fts_query(text).map(|q| {
            NidSet::new(
                "SELECT rowid AS nid FROM need_fts WHERE need_fts MATCH ?1",
                vec![Arg::Text(q)],
            )
        }),
        // `nid` is the key of `need`: no duplicates here either.
        Dialect::Postgres => crate::support::fold::tsquery(text).map(|q| {
            NidSet::new(
                "SELECT nid FROM need WHERE to_tsvector('simple', words) @@ to_tsquery('simple', ?1)",
                vec![Arg::Text(q)],
            )
        }),
    }
}

/// The ids of the activities whose title or place has every word of `text` as a prefix of
/// one of its words, folded as the need search folds (lower case, no diacritics), so both
/// backends find the same. One read of the activities, matched here: a project has far
/// fewer activities than needs.
fn activities_matching(db: &Db, text: &str) -> Result<Vec<String>> {
    let wanted = crate::support::fold::query_words(text);
    let mut ids = Vec::new();
    if wanted.is_empty() {
        return Ok(ids);
    }
    db.each("SELECT id, title, place FROM activity", &[], |r| {
        let (title, place): (String, String) = (r.get(1)?, r.get(2)?);
        if crate::support::fold::has_every_word(&wanted, &[&title, &place]) {
            ids.push(r.get(0)?);
        }
        Ok(true)
    })?;
    Ok(ids)
}

/// The needs a search for `text` finds: those whose own text has every word, and those
/// heard at an activity whose title or place has every word ("Olympiaskolan" finds what
/// was said at the school visit there). `None` when `text` has no word.
fn text_set(db: &Db, text: &str) -> Result<Option<NidSet>> {
    let Some(own) = need_text_set(db, text) else {
        return Ok(None);
    };
    let activities = activities_matching(db, text)?;
    if activities.is_empty() {
        return Ok(Some(own));
    }
    let n = own.args.len() as u32 + 1;
    let sql = format!(
        "{} UNION ALL SELECT nid FROM need WHERE {}",
        own.sql,
        rows::in_list(db, "activity_id", n)
    );
    let mut args = own.args;
    args.push(Arg::Texts(activities));
    Ok(Some(NidSet::new(sql, args).with_duplicates()))
}

pub(super) fn plan(store: &Store, f: &NeedFilter) -> Result<NidPlan> {
    let db = store.db();
    let mut include = Vec::new();
    let mut exclude = Vec::new();
    if let Some(set) = text_set(db, &f.text)? {
        include.push(set);
    }
    if !f.tag_ids.is_empty() {
        let mut groups: Vec<Vec<String>> = Vec::new();
        for t in &f.tag_ids {
            if f.include_children {
                groups.push(descendants(store, t)?);
            } else {
                groups.push(vec![t.clone()]);
            }
        }
        let groups = match f.tag_mode {
            TagMode::Any => vec![groups.concat()],
            TagMode::All => groups,
        };
        for mut g in groups {
            g.sort();
            g.dedup();
            // One tag: (tag_id, nid) is unique. Several: a need may carry more than one.
            include.push(if g.len() == 1 {
                NidSet::new(
                    "SELECT nid FROM need_tag WHERE tag_id = ?1",
                    g.into_iter().map(Arg::Text).collect(),
                )
            } else {
                NidSet::new(
                    format!(
                        "SELECT nid FROM need_tag WHERE {}",
                        rows::in_list(db, "tag_id", 1)
                    ),
                    vec![Arg::Texts(g)],
                )
                .with_duplicates()
            });
        }
    }
    if let Some(s) = f.segment_id.as_deref().filter(|s| !s.is_empty()) {
        include.push(NidSet::new(
            "SELECT nid FROM need_segment WHERE segment_id = ?1",
            vec![Arg::Text(s.to_string())],
        ));
    }
    if let Some(a) = f.activity_id.as_deref().filter(|s| !s.is_empty()) {
        include.push(NidSet::new(
            "SELECT nid FROM need WHERE activity_id = ?1",
            vec![Arg::Text(a.to_string())],
        ));
    }
    if let Some(q) = f.key_question_id.as_deref().filter(|s| !s.is_empty()) {
        include.push(
            NidSet::new(
                "SELECT nid FROM need WHERE activity_id IN
               (SELECT activity_id FROM activity_question WHERE key_question_id = ?1)
             UNION ALL
             SELECT inn.nid FROM insight_need inn
               JOIN insight_question iq ON iq.insight_id = inn.insight_id
             WHERE iq.key_question_id = ?1",
                vec![Arg::Text(q.to_string())],
            )
            .with_duplicates(),
        );
    }
    if f.important_only {
        include.push(NidSet::new(
            "SELECT nid FROM need WHERE important = 1",
            vec![],
        ));
    }
    if f.untagged_only {
        exclude.push(NidSet::new("SELECT nid FROM need_tag", vec![]));
    }
    Ok(NidPlan { include, exclude })
}

/// Run one set's SQL: its `nid`s, sorted and without duplicates.
fn read_set(store: &Store, set: &NidSet) -> Result<Vec<i64>> {
    let mut out: Vec<i64> = store.db().query(&set.sql, &set.params(), |r| r.get(0))?;
    if !out.windows(2).all(|w| w[0] <= w[1]) {
        out.sort_unstable();
    }
    out.dedup();
    Ok(out)
}

/// Keep the elements of sorted `a` that are (or, with `keep = false`, are not) in sorted `b`.
fn merge(a: &mut Vec<i64>, b: &[i64], keep: bool) {
    let mut walk = SortedWalk::new(b);
    a.retain(|x| walk.contains(*x) == keep);
}

impl NidPlan {
    /// A filter that is one index range without duplicates: the database can count it and
    /// read its newest page straight from the index, which beats reading every `nid` out.
    fn single(&self) -> Option<&NidSet> {
        match (self.include.as_slice(), self.exclude.is_empty()) {
            ([one], true) if one.distinct => Some(one),
            _ => None,
        }
    }

    /// Every matching need, in ascending `nid` order; `None` for "every need" (no filter).
    pub(super) fn matches(&self, store: &Store) -> Result<Option<Vec<i64>>> {
        let mut acc: Option<Vec<i64>> = None;
        for set in &self.include {
            let v = read_set(store, set)?;
            acc = Some(match acc {
                None => v,
                Some(mut a) => {
                    merge(&mut a, &v, true);
                    a
                }
            });
            if acc.as_ref().is_some_and(|a| a.is_empty()) {
                return Ok(acc);
            }
        }
        if self.exclude.is_empty() {
            return Ok(acc);
        }
        let mut acc = match acc {
            Some(a) => a,
            None => read_set(store, &NidSet::new("SELECT nid FROM need", vec![]))?,
        };
        for set in &self.exclude {
            let v = read_set(store, set)?;
            merge(&mut acc, &v, false);
        }
        Ok(Some(acc))
    }
}

/// A tag and all tags below it.
pub fn descendants(store: &Store, tag_id: &str) -> Result<Vec<String>> {
    super::tags::descendants(store.db(), tag_id)
}

/// Escape `text` and wrap every word that starts with one of the search words in `<mark>`.
pub fn highlight(text: &str, search: &str) -> String {
    let words: Vec<Vec<char>> = search
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().map(fold).collect())
        .collect();
    if words.is_empty() {
        return escape(text);
    }
    // One pass, no allocation per word: a page of 100 highlighted needs is on every
    // search keystroke.
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c.is_alphanumeric() {
            let end = rest
                .char_indices()
                .find(|(_, c)| !c.is_alphanumeric())
                .map_or(rest.len(), |(i, _)| i);
            let word = &rest[..end];
            let hit = words.iter().any(|w| {
                let mut folded = word.chars().map(fold);
                w.iter().all(|x| folded.next() == Some(*x))
            });
            if hit {
                out.push_str("<mark>");
                escape_into(&mut out, word);
                out.push_str("</mark>");
            } else {
                escape_into(&mut out, word);
            }
            rest = &rest[end..];
        } else {
            escape_into(&mut out, &rest[..c.len_utf8()]);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Distinct names, each given a number in the order first seen (no allocation for a
/// name seen before).
#[derive(Default)]
struct Names {
    names: Vec<String>,
    index: std::collections::HashMap<String, usize>,
}

impl Names {
    fn index(&mut self, name: &str) -> usize {
        if let Some(k) = self.index.get(name) {
            return *k;
        }
        self.index.insert(name.to_string(), self.names.len());
        self.names.push(name.to_string());
        self.names.len() - 1
    }
}

/// Membership in a sorted list for keys that arrive in ascending order: one forward walk.
struct SortedWalk<'a> {
    sorted: &'a [i64],
    at: usize,
}

impl<'a> SortedWalk<'a> {
    fn new(sorted: &'a [i64]) -> Self {
        SortedWalk { sorted, at: 0 }
    }
    fn contains(&mut self, key: i64) -> bool {
        while self.at < self.sorted.len() && self.sorted[self.at] < key {
            self.at += 1;
        }
        self.sorted.get(self.at) == Some(&key)
    }
}

/// The columns of a [`NeedRow`] (see [`need_row`]), over `need n` and its activity `a`;
/// each list's ids sorted and joined by U+001F.
const NEED_ROW: &str = "SELECT n.id, n.statement, n.quote, n.activity_id, a.title, n.important,
        (SELECT string_agg(tag_id, '\u{1f}' ORDER BY tag_id) FROM need_tag WHERE nid = n.nid),
        (SELECT string_agg(segment_id, '\u{1f}' ORDER BY segment_id) FROM need_segment WHERE nid = n.nid),
        (SELECT string_agg(insight_id, '\u{1f}' ORDER BY insight_id) FROM insight_need WHERE nid = n.nid)
     FROM need n LEFT JOIN activity a ON a.id = n.activity_id";

/// A row of [`NEED_ROW`], with the hits of `search` marked.
fn need_row(r: &Row, search: &str) -> Result<NeedRow> {
    let split = |s: Option<String>| -> Vec<String> {
        s.map(|v| v.split('\u{1f}').map(str::to_string).collect())
            .unwrap_or_default()
    };
    let statement: String = r.get(1)?;
    let quote: String = r.get(2)?;
    Ok(NeedRow {
        id: r.get(0)?,
        statement_html: highlight(&statement, search),
        quote_html: highlight(&quote, search),
        statement,
        quote,
        activity_id: r.get(3)?,
        activity_title: r.get(4)?,
        important: r.get(5)?,
        tag_ids: split(r.get(6)?),
        segment_ids: split(r.get(7)?),
        insight_ids: split(r.get(8)?),
    })
}

/// A `(tag_id, count)` row.
fn tag_count(r: &Row) -> Result<TagCount> {
    Ok(TagCount {
        tag_id: r.get(0)?,
        count: r.get(1)?,
    })
}

impl Store {
    /// One page of needs matching `filter`, newest first, and the total count.
    pub fn needs_page(&self, filter: &NeedFilter, offset: u32, limit: u32) -> Result<NeedsPage> {
        if limit == 0 || limit > MAX_PAGE {
            return Err(CoreError::invalid(format!(
                "limit: must be between 1 and {MAX_PAGE}"
            )));
        }
        let db = self.db();
        let plan = plan(self, filter)?;
        // One index range is counted and paged in place. On a server, a prefix search must
        // recheck every match in the table for both the count and the page, so there its
        // matches are read once and paged here.
        let single = match db.dialect() {
            Dialect::Postgres if fts_query(&filter.text).is_some() => None,
            _ => plan.single(),
        };
        let matches = match single {
            Some(_) => None,
            None => plan.matches(self)?,
        };
        let (total, nids): (u32, Vec<i64>) = match (single, matches) {
            (Some(set), _) => {
                let mut params = set.params();
                let total: u32 = db.value(&set.count_sql(), &params)?;
                params.push(Param::Int(i64::from(limit)));
                params.push(Param::Int(i64::from(offset)));
                let nids = db.query(&set.page_sql(), &params, |r| r.get(0))?;
                (total, nids)
            }
            (None, Some(all)) => {
                let nids = all
                    .iter()
                    .rev()
                    .skip(offset as usize)
                    .take(limit as usize)
                    .copied()
                    .collect();
                (all.len() as u32, nids)
            }
            (None, None) => {
                // No filter: the count and the newest rows straight from the table.
                let total: u32 = db.value("SELECT COUNT(*) FROM need", &[])?;
                let nids = db.query(
                    "SELECT nid FROM need ORDER BY nid DESC LIMIT ?1 OFFSET ?2",
                    params![limit, offset],
                    |r| r.get(0),
                )?;
                (total, nids)
            }
        };
        if nids.is_empty() {
            return Ok(NeedsPage {
                rows: vec![],
                total,
            });
        }
        let sql = format!(
            "{NEED_ROW} WHERE {} ORDER BY n.nid DESC",
            rows::in_list(db, "n.nid", 1)
        );
        let rows = db.query(&sql, params![nids], |r| need_row(r, &filter.text))?;
        Ok(NeedsPage { rows, total })
    }

    /// For each tag, how many needs matching `filter` carry it (directly).
    pub fn tag_counts(&self, filter: &NeedFilter) -> Result<Vec<TagCount>> {
        let db = self.db();
        let plan = plan(self, filter)?;
        if let (Dialect::Postgres, Some(set)) = (db.dialect(), plan.single()) {
            // On a server, a filter that is one set is counted where the rows are, joined
            // there, instead of sending its matches back as a list.
            return db.query(
                &format!(
                    "SELECT tag_id, COUNT(*) FROM need_tag WHERE nid IN ({}) GROUP BY tag_id ORDER BY tag_id",
                    set.sql
                ),
                &set.params(),
                tag_count,
            );
        }
        let matches = plan.matches(self)?;
        let mut tags = Names::default();
        let mut counts: Vec<u32> = Vec::new();
        let mut count = |tag: &str| {
            let k = tags.index(tag);
            if k == counts.len() {
                counts.push(0);
            }
            counts[k] += 1;
        };
        match matches {
            None => {
                // No filter: one pass over the tag index, already grouped.
                return db.query(
                    "SELECT tag_id, COUNT(*) FROM need_tag GROUP BY tag_id ORDER BY tag_id",
                    &[],
                    tag_count,
                );
            }
            Some(m) if m.is_empty() => return Ok(vec![]),
            Some(m) if db.dialect() == Dialect::Postgres => {
                // On a server, one grouped query over the matches: the same counts without
                // a round trip per match or the whole tag table sent over the network.
                return db.query(
                    &format!(
                        "SELECT tag_id, COUNT(*) FROM need_tag WHERE {} GROUP BY tag_id ORDER BY tag_id",
                        rows::in_list(db, "nid", 1)
                    ),
                    params![m],
                    tag_count,
                );
            }
            Some(m) if m.len() * 8 < m.last().map_or(0, |l| (*l).max(0) as usize) => {
                // Few matches: look up each one's tags by primary key.
                for nid in &m {
                    db.each(
                        "SELECT tag_id FROM need_tag WHERE nid = ?1",
                        params![*nid],
                        |r| {
                            count(&r.get::<String>(0)?);
                            Ok(true)
                        },
                    )?;
                }
            }
            Some(m) => {
                // Many: one pass over the tag table in key order beside the matches.
                let mut walk = SortedWalk::new(&m);
                db.each(
                    "SELECT nid, tag_id FROM need_tag ORDER BY nid, tag_id",
                    &[],
                    |r| {
                        if walk.contains(r.get(0)?) {
                            count(&r.get::<String>(1)?);
                        }
                        Ok(true)
                    },
                )?;
            }
        }
        let mut rows: Vec<TagCount> = tags
            .names
            .into_iter()
            .zip(counts)
            .map(|(tag_id, count)| TagCount { tag_id, count })
            .collect();
        rows.sort_by(|a, b| a.tag_id.cmp(&b.tag_id));
        Ok(rows)
    }

    /// Tag × segment counts for the needs matching `filter`.
    pub fn tag_segment_matrix(&self, filter: &NeedFilter) -> Result<Vec<MatrixCell>> {
        let db = self.db();
        let matches = plan(self, filter)?.matches(self)?;
        if matches.as_ref().is_some_and(|m| m.is_empty()) {
            return Ok(vec![]);
        }
        // The matching needs' segments, as (nid, segment number), in nid order.
        let mut seg_names = Names::default();
        let mut segs: Vec<(i64, usize)> = Vec::new();
        {
            let mut walk = matches.as_deref().map(SortedWalk::new);
            db.each(
                "SELECT nid, segment_id FROM need_segment ORDER BY nid, segment_id",
                &[],
                |r| {
                    let nid: i64 = r.get(0)?;
                    if walk.as_mut().is_some_and(|w| !w.contains(nid)) {
                        return Ok(true);
                    }
                    let seg: String = r.get(1)?;
                    segs.push((nid, seg_names.index(&seg)));
                    Ok(true)
                },
            )?;
        }
        if segs.is_empty() {
            return Ok(vec![]);
        }
        // Then the tags of those needs, in nid order too: a merge join.
        let mut tag_names = Names::default();
        let mut counts: Vec<Vec<u32>> = Vec::new();
        {
            let mut s = 0usize;
            db.each(
                "SELECT nid, tag_id FROM need_tag ORDER BY nid, tag_id",
                &[],
                |r| {
                    let nid: i64 = r.get(0)?;
                    while s < segs.len() && segs[s].0 < nid {
                        s += 1;
                    }
                    if s == segs.len() {
                        return Ok(false);
                    }
                    if segs[s].0 != nid {
                        return Ok(true);
                    }
                    let tag: String = r.get(1)?;
                    let k = tag_names.index(&tag);
                    if k == counts.len() {
                        counts.push(vec![0; seg_names.names.len()]);
                    }
                    for &(_, seg) in segs[s..].iter().take_while(|(n, _)| *n == nid) {
                        counts[k][seg] += 1;
                    }
                    Ok(true)
                },
            )?;
        }
        let mut out: Vec<MatrixCell> = Vec::new();
        for (tag_id, row) in tag_names.names.iter().zip(counts) {
            for (k, count) in row.into_iter().enumerate() {
                if count > 0 {
                    out.push(MatrixCell {
                        tag_id: tag_id.clone(),
                        segment_id: seg_names.names[k].clone(),
                        count,
                    });
                }
            }
        }
        out.sort_by(|a, b| {
            a.tag_id
                .cmp(&b.tag_id)
                .then_with(|| a.segment_id.cmp(&b.segment_id))
        });
        Ok(out)
    }

    /// Needs by id (at most one page), in the order asked; unknown ids are skipped.
    pub fn needs_by_ids(&self, ids: &[String]) -> Result<Vec<NeedRow>> {
        if ids.len() > MAX_PAGE as usize {
            return Err(CoreError::invalid(format!(
                "ids: at most {MAX_PAGE} at a time"
            )));
        }
        // One query for the lot (a server is a round trip away), then the caller's order.
        let db = self.db();
        let sql = format!("{NEED_ROW} WHERE {}", rows::in_list(db, "n.id", 1));
        let mut found: std::collections::HashMap<String, NeedRow> = db
            .query(&sql, &[Param::Texts(ids)], |r| need_row(r, ""))?
            .into_iter()
            .map(|row| (row.id.clone(), row))
            .collect();
        let mut out = Vec::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            let again = ids[i + 1..].contains(id);
            let row = if again {
                found.get(id).cloned()
            } else {
                found.remove(id)
            };
            out.extend(row);
        }
        Ok(out)
    }

    pub fn need_count(&self) -> Result<u32> {
        self.db().value("SELECT COUNT(*) FROM need", &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_query_neutralises_operators() {
        assert_eq!(
            fts_query("möte  AND \"x"),
            Some("\"möte\"* \"AND\"* \"x\"*".into())
        );
        assert_eq!(fts_query("  -- "), None);
    }

    #[test]
    fn highlight_folds_diacritics_and_escapes() {
        assert_eq!(
            highlight("Ett <bra> möte", "mote"),
            "Ett &lt;bra&gt; <mark>möte</mark>"
        );
        assert_eq!(highlight("Mötesplats", "möt"), "<mark>Mötesplats</mark>");
    }
}
