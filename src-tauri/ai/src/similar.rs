//! Needs close in meaning: to a text or a need, pairs of near-duplicates, and the ranking
//! a search by meaning uses.

use std::collections::HashMap;

use medskapa_core::store::embeddings::{embedding_text, NeedText};
use medskapa_core::store::Store;
use medskapa_core::support::error::{CoreError, Result};

use crate::{poisoned, Ai, DuplicatePair, KeptPairs, Probe, SimilarNeed};

/// Two needs at least this alike are offered as duplicates. Tuned on the demo project and
/// on hand-made paraphrase pairs (README, "Local language model").
pub const DUPLICATE_THRESHOLD: f32 = 0.93;

/// A search by meaning keeps needs at least this alike to the search text …
pub const SEARCH_FLOOR: f32 = 0.80;
/// … and within this much of the best one.
pub const SEARCH_SPAN: f32 = 0.08;
/// At most this many needs are ranked by meaning.
pub const SEARCH_MAX: usize = 1_000;

/// What to find needs similar to.
#[derive(Debug, Clone, Copy)]
pub enum Query<'a> {
    /// A text (a need being written).
    Text(&'a str),
    /// A need of the project, by id; the need itself is left out.
    Need(&'a str),
}

/// The needs with these `nid`s, by `nid` (needs gone meanwhile are missing).
fn texts(store: &Store, nids: &[i64]) -> Result<HashMap<i64, NeedText>> {
    Ok(store
        .need_texts(nids)?
        .into_iter()
        .map(|t| (t.nid, t))
        .collect())
}

fn similar_need(t: &NeedText, score: f32) -> SimilarNeed {
    SimilarNeed {
        need_id: t.id.clone(),
        statement: t.statement.clone(),
        quote: t.quote.clone(),
        score,
    }
}

/// `(nid, score)`s as [`SimilarNeed`]s, in the same order; needs gone meanwhile are skipped.
fn described(store: &Store, hits: &[(i64, f32)]) -> Result<Vec<SimilarNeed>> {
    let nids: Vec<i64> = hits.iter().map(|h| h.0).collect();
    let texts = texts(store, &nids)?;
    Ok(hits
        .iter()
        .filter_map(|(nid, score)| texts.get(nid).map(|t| similar_need(t, *score)))
        .collect())
}

impl Ai {
    /// The probe for `query` and the need it leaves out: a need's stored vector when it
    /// is current, else its text embedded now.
    fn probe_for(&self, store: &Store, query: Query) -> Result<(Probe, Vec<i64>)> {
        match query {
            Query::Text(text) => Ok((self.probe(text)?, vec![])),
            Query::Need(id) => {
                let need = store.need_text(id)?;
                let stored = self.with_vectors(store, |i| i.probe_of(need.nid))?;
                let probe = match stored {
                    Some(p) => p,
                    None => self.probe(&embedding_text(&need.statement, &need.quote))?,
                };
                Ok((probe, vec![need.nid]))
            }
        }
    }

    /// The `limit` needs closest in meaning to `query`, closest first.
    pub fn similar(&self, store: &Store, query: Query, limit: usize) -> Result<Vec<SimilarNeed>> {
        let (probe, except) = self.probe_for(store, query)?;
        let hits = self.with_vectors(store, |i| i.top(&probe, limit, &except))?;
        described(store, &hits)
    }

    /// The pairs of needs at least [`DUPLICATE_THRESHOLD`] alike, most alike first, at most
    /// `limit`.
    pub fn duplicate_pairs(&self, store: &Store, limit: usize) -> Result<Vec<DuplicatePair>> {
        self.bring_back(store)?;
        let pairs = self.pairs_above(DUPLICATE_THRESHOLD, limit)?;
        self.described_pairs(store, pairs)
    }

    /// The pairs of needs at least `threshold` alike, as `(nid, nid, similarity)`, most alike
    /// first, at most `limit`. Reads only the vectors in memory, not the project: the slow
    /// part of finding duplicates (every pair compared) holds nothing the window needs.
    /// Kept, and when a few vectors change only their pairs are found again: at 100,000
    /// needs every pair takes minutes to compare, one need's about 10 ms. The vectors must
    /// be in memory ([`Ai::bring_back`]).
    pub fn pairs_above(&self, threshold: f32, limit: usize) -> Result<Vec<(i64, i64, f32)>> {
        let mut kept = self.pairs.lock().map_err(poisoned)?;
        let index = self.index.read().map_err(poisoned)?;
        if index.is_away() {
            return Err(CoreError::internal(
                "the needs' vectors were let go while the search for duplicates started; ask again",
            ));
        }
        if let Some(k) = kept
            .as_mut()
            .filter(|k| k.threshold == threshold && k.limit >= limit)
        {
            if k.changes != index.changes() {
                if let Some(pairs) = index.updated_pairs(&k.pairs, k.changes, threshold, k.limit) {
                    k.pairs = pairs;
                    k.changes = index.changes();
                }
            }
            if k.changes == index.changes() {
                return Ok(k.pairs.iter().take(limit).copied().collect());
            }
        }
        let pairs = index.pairs_above(threshold, limit);
        *kept = Some(KeptPairs {
            changes: index.changes(),
            threshold,
            limit,
            pairs: pairs.clone(),
        });
        Ok(pairs)
    }

    /// [`Ai::pairs_above`]'s pairs with their needs' words; a need gone meanwhile drops its
    /// pair.
    pub fn described_pairs(
        &self,
        store: &Store,
        pairs: Vec<(i64, i64, f32)>,
    ) -> Result<Vec<DuplicatePair>> {
        let nids: Vec<i64> = pairs.iter().flat_map(|(a, b, _)| [*a, *b]).collect();
        let texts = texts(store, &nids)?;
        let mut out = Vec::new();
        // A need gone meanwhile drops its pair only; the older need (lower key) comes first.
        for (a, b, score) in pairs {
            if let (Some(x), Some(y)) = (texts.get(&a.min(b)), texts.get(&a.max(b))) {
                out.push(DuplicatePair {
                    first: similar_need(x, score),
                    second: similar_need(y, score),
                    score,
                });
            }
        }
        Ok(out)
    }
}

/// The `nid`s a search by meaning for `text` ranks, closest first: at least
/// [`SEARCH_FLOOR`] alike and within [`SEARCH_SPAN`] of the closest, at most [`SEARCH_MAX`].
pub(crate) fn ranked_for_search(ai: &Ai, store: &Store, text: &str) -> Result<Vec<i64>> {
    let probe = ai.probe(text)?;
    let top = ai.with_vectors(store, |i| i.top(&probe, SEARCH_MAX, &[]))?;
    let best = top.first().map_or(1.0, |t| t.1);
    Ok(top
        .into_iter()
        .filter(|(_, s)| *s >= SEARCH_FLOOR && *s >= best - SEARCH_SPAN)
        .map(|(n, _)| n)
        .collect())
}
