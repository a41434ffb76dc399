//! The `need_embedding` table: each need's vector from the local language model, and the
//! reads the language features need (which needs to embed, the vectors, the tags of a few
//! needs, a needs page ranked by meaning).
//!
//! A vector is derived data. It is made from [`embedding_text`] (statement and quote) and
//! stored with the hash of that text ([`text_hash`]) and the model's name, so a changed
//! statement or quote, or another model, makes it stale without any trigger: the next
//! [`Store::embedding_todo`] lists the need again. Vectors are never exported (the
//! interchange JSON and the sheets read the need tables only); a copy of the file keeps
//! them, which is harmless since they are checked against the text before use.
//!
//! Stored as little-endian `f32`s (a BLOB in a file, BYTEA on a server). They are read
//! back in pages of [`READ_PAGE`] and handed over one at a time, so a caller can keep
//! them compactly (the language crate quantises them to `i8`).

use std::collections::HashMap;

use crate::domain::model::Tag;
use crate::store::search::{highlight, NeedFilter, NeedsPage, MAX_PAGE};
use crate::store::Store;
use crate::support::error::{CoreError, ErrorCode, Result};

use super::db::{params, Param};
use super::rows;

/// Vectors are read this many at a time (a server sends a page in one reply).
const READ_PAGE: i64 = 5_000;

/// RRF's constant: a list's first place counts 1/61, its tenth 1/70.
const RRF_K: f64 = 60.0;

/// The text a need's vector is made from: its statement, then its quote (when it has one)
/// on a line of its own.
pub fn embedding_text(statement: &str, quote: &str) -> String {
    let (s, q) = (statement.trim(), quote.trim());
    if q.is_empty() {
        s.to_string()
    } else {
        format!("{s}\n{q}")
    }
}

/// The hash stored beside a vector: 64-bit FNV-1a of the text, in hex. It only tells
/// whether the text changed; nothing relies on it being hard to forge.
pub fn text_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// A need whose vector is missing or stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddingTodo {
    pub nid: i64,
    pub need_id: String,
    /// What to embed ([`embedding_text`]).
    pub text: String,
    /// Its [`text_hash`], to store with the vector.
    pub text_hash: String,
}

/// A vector to store for the need `nid`, made from the text with `text_hash`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEmbedding {
    pub nid: i64,
    pub text_hash: String,
    pub vector: Vec<f32>,
}

/// A need's key, id and text, as the language features show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedText {
    pub nid: i64,
    pub id: String,
    pub statement: String,
    pub quote: String,
}

fn to_bytes(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn from_bytes(b: &[u8]) -> Option<Vec<f32>> {
    if !b.len().is_multiple_of(4) {
        return None;
    }
    Some(
        b.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
    )
}

impl Store {
    /// The needs that have no vector from `model`, or one made from another text, in `nid`
    /// order. One pass over the needs and their vectors' hashes.
    pub fn embedding_todo(&self, model: &str) -> Result<Vec<EmbeddingTodo>> {
        self.todo_where(model, "1 = 1", &[])
    }

    /// [`Store::embedding_todo`] among the needs `nids` only (unknown ones skipped).
    pub fn embedding_todo_among(&self, model: &str, nids: &[i64]) -> Result<Vec<EmbeddingTodo>> {
        if nids.is_empty() {
            return Ok(Vec::new());
        }
        let cond = rows::in_list(self.db(), "n.nid", 1);
        self.todo_where(model, &cond, &[Param::Ints(nids)])
    }

    /// Every need's `nid` and revision, in `nid` order: the revision changes with every edit
    /// of a need, so a caller that keeps what it saw reads the texts of changed needs only.
    pub fn need_revisions(&self) -> Result<Vec<(i64, i64)>> {
        self.db()
            .query("SELECT nid, revision FROM need ORDER BY nid", &[], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
    }

    fn todo_where(&self, model: &str, cond: &str, params: &[Param]) -> Result<Vec<EmbeddingTodo>> {
        let mut out = Vec::new();
        self.db().each(
            &format!(
                "SELECT n.nid, n.id, n.statement, n.quote, e.model, e.text_hash
                 FROM need n LEFT JOIN need_embedding e ON e.nid = n.nid
                 WHERE {cond} ORDER BY n.nid"
            ),
            params,
            |r| {
                let text = embedding_text(&r.get::<String>(2)?, &r.get::<String>(3)?);
                let hash = text_hash(&text);
                let stored: (Option<String>, Option<String>) = (r.get(4)?, r.get(5)?);
                let current = stored.0.as_deref() == Some(model)
                    && stored.1.as_deref() == Some(hash.as_str());
                if !current {
                    out.push(EmbeddingTodo {
                        nid: r.get(0)?,
                        need_id: r.get(1)?,
                        text,
                        text_hash: hash,
                    });
                }
                Ok(true)
            },
        )?;
        Ok(out)
    }

    /// Store vectors made by `model`, replacing what the needs had, in one transaction.
    /// A need deleted meanwhile is skipped. Returns how many were stored. Refused on a
    /// read-only project. Nothing is stamped: a vector is not an edit.
    pub fn put_embeddings(&mut self, model: &str, rows: &[NewEmbedding]) -> Result<usize> {
        let tx = self.tx()?;
        let mut n = 0;
        for e in rows {
            let bytes = to_bytes(&e.vector);
            n += tx.execute(
                "INSERT INTO need_embedding(nid, model, text_hash, vector)
                 SELECT nid, ?2, ?3, ?4 FROM need WHERE nid = ?1
                 ON CONFLICT(nid) DO UPDATE SET model = excluded.model,
                   text_hash = excluded.text_hash, vector = excluded.vector",
                &[
                    Param::Int(e.nid),
                    Param::Text(model),
                    Param::Text(&e.text_hash),
                    Param::Blob(&bytes),
                ],
            )? as usize;
        }
        tx.commit()?;
        Ok(n)
    }

    /// Hand every vector made by `model` to `f` with its need's `nid`, in `nid` order
    /// (current or stale: the caller asks [`Store::embedding_todo`] which to renew). A
    /// vector whose bytes are not whole `f32`s is reported as damaged.
    pub fn each_embedding(
        &self,
        model: &str,
        mut f: impl FnMut(i64, &[f32]) -> Result<()>,
    ) -> Result<()> {
        let mut after = i64::MIN;
        loop {
            let mut last = None;
            let mut bad = None;
            self.db().each(
                "SELECT nid, vector FROM need_embedding WHERE model = ?1 AND nid > ?2
                 ORDER BY nid LIMIT ?3",
                params![model, after, READ_PAGE],
                |r| {
                    let nid: i64 = r.get(0)?;
                    last = Some(nid);
                    match from_bytes(&r.get::<Vec<u8>>(1)?) {
                        Some(v) => f(nid, &v)?,
                        None => bad = Some(nid),
                    }
                    Ok(bad.is_none())
                },
            )?;
            if let Some(nid) = bad {
                return Err(CoreError::of(
                    ErrorCode::Damaged,
                    self.location().to_string(),
                    format!("need_embedding: the vector of need {nid} is not a list of 4-byte numbers; delete the row to have it made again"),
                ));
            }
            match last {
                Some(nid) => after = nid,
                None => break,
            }
        }
        // Every vector (150 MB at 100,000 needs) has passed through the page cache, which is
        // then full of pages nothing reads again (8 MB of the app's memory): it lets go of the
        // pages not in use, and fills again with what the views read.
        self.db().let_go_of_cache()
    }

    /// How many needs have a vector from `model` (current or stale).
    pub fn embedding_count(&self, model: &str) -> Result<u32> {
        self.db().value(
            "SELECT COUNT(*) FROM need_embedding WHERE model = ?1",
            params![model],
        )
    }

    /// The needs with these `nid`s (unknown ones skipped), in `nid` order.
    pub fn need_texts(&self, nids: &[i64]) -> Result<Vec<NeedText>> {
        let db = self.db();
        db.query(
            &format!(
                "SELECT nid, id, statement, quote FROM need WHERE {} ORDER BY nid",
                rows::in_list(db, "nid", 1)
            ),
            &[Param::Ints(nids)],
            |r| {
                Ok(NeedText {
                    nid: r.get(0)?,
                    id: r.get(1)?,
                    statement: r.get(2)?,
                    quote: r.get(3)?,
                })
            },
        )
    }

    /// The need with id `id`; `not_found` when there is none.
    pub fn need_text(&self, id: &str) -> Result<NeedText> {
        let nid = super::needs::nid_of(self.db(), id)?
            .ok_or_else(|| CoreError::not_found(format!("need \"{id}\": no such need")))?;
        self.need_texts(&[nid])?
            .pop()
            .ok_or_else(|| CoreError::not_found(format!("need \"{id}\": no such need")))
    }

    /// The tags carried (directly) by the needs with these `nid`s, as `(nid, tag_id)`.
    pub fn tags_of_needs(&self, nids: &[i64]) -> Result<Vec<(i64, String)>> {
        let db = self.db();
        db.query(
            &format!(
                "SELECT nid, tag_id FROM need_tag WHERE {} ORDER BY nid, tag_id",
                rows::in_list(db, "nid", 1)
            ),
            &[Param::Ints(nids)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// Every tag of the codebook, by name.
    pub fn all_tags(&self) -> Result<Vec<Tag>> {
        self.db().query(
            "SELECT id, name, parent_id, color, description FROM tag ORDER BY name, id",
            &[],
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
    }

    /// A page of the needs matching `filter`, ranked by meaning: `similar` holds the `nid`s
    /// of the needs whose vectors are close to the search text, closest first (the caller
    /// cuts it where similarity stops meaning anything). The needs the full-text search
    /// finds are ranked among themselves by the same closeness, and the two lists are
    /// fused by reciprocal rank (a need in both comes first). The other filters still
    /// apply; `total` counts the fused list.
    pub fn needs_page_by_meaning(
        &self,
        filter: &NeedFilter,
        similar: &[i64],
        offset: u32,
        limit: u32,
    ) -> Result<NeedsPage> {
        if limit == 0 || limit > MAX_PAGE {
            return Err(CoreError::invalid(format!(
                "limit: must be between 1 and {MAX_PAGE}"
            )));
        }
        let others = NeedFilter {
            text: String::new(),
            meaning: false,
            ..filter.clone()
        };
        let allowed = super::search::plan(self, &others)?.matches(self)?;
        let allowed = |nid: &i64| {
            allowed
                .as_ref()
                .is_none_or(|a| a.binary_search(nid).is_ok())
        };
        let words = NeedFilter {
            text: filter.text.clone(),
            ..NeedFilter::default()
        };
        let hits = match super::search::fts_query(&filter.text) {
            Some(_) => super::search::plan(self, &words)?
                .matches(self)?
                .unwrap_or_default(),
            None => vec![],
        };
        let rank: HashMap<i64, usize> = similar.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let mut text: Vec<i64> = hits.into_iter().filter(|n| allowed(n)).collect();
        text.sort_by_key(|n| (rank.get(n).copied().unwrap_or(usize::MAX), -n));
        let mut score: HashMap<i64, f64> = HashMap::new();
        let meaning = similar.iter().copied().filter(|n| allowed(n));
        for (i, nid) in meaning.enumerate() {
            *score.entry(nid).or_default() += 1.0 / (RRF_K + 1.0 + i as f64);
        }
        for (i, nid) in text.iter().enumerate() {
            *score.entry(*nid).or_default() += 1.0 / (RRF_K + 1.0 + i as f64);
        }
        let mut fused: Vec<(i64, f64)> = score.into_iter().collect();
        fused.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
        let page: Vec<i64> = fused
            .iter()
            .skip(offset as usize)
            .take(limit as usize)
            .map(|(n, _)| *n)
            .collect();
        let ids: HashMap<i64, String> = self
            .need_texts(&page)?
            .into_iter()
            .map(|t| (t.nid, t.id))
            .collect();
        let ids: Vec<String> = page.iter().filter_map(|n| ids.get(n).cloned()).collect();
        let mut rows = self.needs_by_ids(&ids)?;
        for r in &mut rows {
            r.statement_html = highlight(&r.statement, &filter.text);
            r.quote_html = highlight(&r.quote, &filter.text);
        }
        Ok(NeedsPage {
            rows,
            total: fused.len() as u32,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_changes_with_the_text_and_the_text_joins_statement_and_quote() {
        assert_eq!(embedding_text(" Öppet längre ", ""), "Öppet längre");
        assert_eq!(embedding_text("Öppet", " \"sent\" "), "Öppet\n\"sent\"");
        assert_eq!(text_hash("a"), text_hash("a"));
        assert_ne!(text_hash("Öppet längre"), text_hash("Öppet längre."));
        assert_eq!(text_hash("").len(), 16);
    }

    #[test]
    fn reading_every_vector_leaves_them_out_of_the_page_cache() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::create(&dir.path().join("v.medskapa"), "Vektorer").expect("create");
        let needs = 120;
        for i in 0..needs {
            let need = crate::domain::model::Need {
                id: format!("need-{i}"),
                statement: format!("Behov nummer {i}"),
                ..Default::default()
            };
            store.save_need(&need).expect("need");
        }
        let made: Vec<NewEmbedding> = store
            .embedding_todo("m")
            .expect("todo")
            .into_iter()
            .map(|t| NewEmbedding {
                nid: t.nid,
                text_hash: t.text_hash,
                vector: vec![0.25; 384],
            })
            .collect();
        assert_eq!(made.len(), needs);
        store.put_embeddings("m", &made).expect("put");
        let mut read = 0;
        store
            .each_embedding("m", |_, v| {
                read += v.len() * 4;
                Ok(())
            })
            .expect("read");
        assert_eq!(read, needs * 384 * 4);
        let used = store.db().cache_used();
        assert!(
            used < read as i32 / 4,
            "{used} bytes of pages kept after reading {read} bytes of vectors"
        );
        // The store reads on as before.
        assert_eq!(store.embedding_count("m").expect("count") as usize, needs);
    }

    #[test]
    fn vectors_round_trip_as_little_endian_bytes() {
        let v = vec![0.5f32, -1.25, 3.0e-8];
        let b = to_bytes(&v);
        assert_eq!(b.len(), 12);
        assert_eq!(from_bytes(&b), Some(v));
        assert_eq!(from_bytes(&b[..5]), None);
    }
}
