//! Tag suggestions for a need: from how close its text is to each tag's name and
//! description, and from the tags of the needs closest to it (their votes weighted by how
//! close they are). The mix was tuned by leave-one-out on the demo project (README,
//! "Local language model"; `tests/suggest.rs`).

use std::collections::HashMap;

use medskapa_core::domain::model::Tag;
use medskapa_core::store::Store;
use medskapa_core::support::error::Result;

use crate::engine::cosine;
use crate::{poisoned, Ai, Probe, TagSuggestion};

/// How many suggestions are given.
pub const SUGGESTIONS: usize = 3;

/// The knobs of the mix.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SuggestTuning {
    /// How many of the closest tagged needs vote.
    pub neighbours: usize,
    /// The share of the tags' own texts in the score (the rest is the neighbours' votes).
    pub name_weight: f32,
    /// The softmax temperature over the tags' similarities (e5 similarities lie close
    /// together, so a small one separates them).
    pub name_temperature: f32,
    /// A neighbour's vote is `exp((its similarity - the closest's) / this)`.
    pub vote_temperature: f32,
}

impl Default for SuggestTuning {
    fn default() -> Self {
        SuggestTuning {
            neighbours: 20,
            name_weight: 0.7,
            name_temperature: 0.02,
            vote_temperature: 0.02,
        }
    }
}

/// What a tag is embedded from: its name, and its description when it has one.
fn tag_text(t: &Tag) -> String {
    let d = t.description.trim();
    if d.is_empty() {
        t.name.trim().to_string()
    } else {
        format!("{}: {d}", t.name.trim())
    }
}

/// The scores of `scores`' keys turned into shares that sum to 1.
fn softmax(scores: &[f32], temperature: f32) -> Vec<f32> {
    let max = scores.iter().copied().fold(f32::MIN, f32::max);
    let e: Vec<f32> = scores
        .iter()
        .map(|s| ((s - max) / temperature).exp())
        .collect();
    let sum: f32 = e.iter().sum::<f32>().max(f32::MIN_POSITIVE);
    e.into_iter().map(|x| x / sum).collect()
}

impl Ai {
    /// The codebook's tags with their vectors, embedding those not seen before.
    pub(crate) fn tag_vectors(&self, store: &Store) -> Result<Vec<(Tag, Vec<f32>)>> {
        let tags = store.all_tags()?;
        let mut cache = self.tag_vectors.lock().map_err(poisoned)?;
        let missing: Vec<String> = tags
            .iter()
            .map(tag_text)
            .filter(|t| !cache.contains_key(t))
            .collect();
        if !missing.is_empty() {
            let texts: Vec<&str> = missing.iter().map(String::as_str).collect();
            for (text, v) in missing.iter().zip(self.model()?.embed_batch(&texts)) {
                cache.insert(text.clone(), v);
            }
        }
        Ok(tags
            .into_iter()
            .filter_map(|t| {
                let v = cache.get(&tag_text(&t))?.clone();
                Some((t, v))
            })
            .collect())
    }

    /// Up to [`SUGGESTIONS`] tags for a need reading `text`, best first, leaving out the
    /// tags in `exclude` (those it has).
    pub fn suggest_tags(
        &self,
        store: &Store,
        text: &str,
        exclude: &[String],
    ) -> Result<Vec<TagSuggestion>> {
        let v = self.model()?.embed(text);
        let mut all = self.rank_tags(store, &v, &[], &SuggestTuning::default())?;
        all.retain(|s| !exclude.contains(&s.tag_id));
        all.truncate(SUGGESTIONS);
        Ok(all)
    }

    /// Up to [`SUGGESTIONS`] tags for the need `need_id` of the project, best first, its
    /// own tags included (marked by the caller): the need does not vote for itself.
    pub fn suggest_tags_for_need(
        &self,
        store: &Store,
        need_id: &str,
    ) -> Result<Vec<TagSuggestion>> {
        let need = store.need_text(need_id)?;
        let v = match self.with_vectors(store, |i| i.vector_of(need.nid))? {
            Some(v) => v,
            None => self
                .model()?
                .embed(&medskapa_core::store::embeddings::embedding_text(
                    &need.statement,
                    &need.quote,
                )),
        };
        let mut all = self.rank_tags(store, &v, &[need.nid], &SuggestTuning::default())?;
        all.truncate(SUGGESTIONS);
        Ok(all)
    }

    /// Every tag scored for the vector `v`, best first; the needs `except` do not vote.
    pub fn rank_tags(
        &self,
        store: &Store,
        v: &[f32],
        except: &[i64],
        tuning: &SuggestTuning,
    ) -> Result<Vec<TagSuggestion>> {
        let tags = self.tag_vectors(store)?;
        if tags.is_empty() {
            return Ok(vec![]);
        }
        let sims: Vec<f32> = tags.iter().map(|(_, tv)| cosine(v, tv)).collect();
        let names = softmax(&sims, tuning.name_temperature);
        let votes = self.votes(store, v, except, tuning)?;
        let mut out: Vec<TagSuggestion> = tags
            .iter()
            .zip(names)
            .map(|((t, _), name)| {
                let vote = votes.get(&t.id).copied().unwrap_or(0.0);
                TagSuggestion {
                    tag_id: t.id.clone(),
                    name: t.name.clone(),
                    score: tuning.name_weight * name + (1.0 - tuning.name_weight) * vote,
                }
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.name.cmp(&b.name)));
        Ok(out)
    }

    /// Each tag's share of the votes of the needs closest to `v` that carry tags.
    fn votes(
        &self,
        store: &Store,
        v: &[f32],
        except: &[i64],
        tuning: &SuggestTuning,
    ) -> Result<HashMap<String, f32>> {
        let probe = Probe::new(v);
        // Ask for more than `neighbours`: untagged needs do not vote.
        let near = self.with_vectors(store, |i| i.top(&probe, tuning.neighbours * 4, except))?;
        let nids: Vec<i64> = near.iter().map(|n| n.0).collect();
        let mut tags_of: HashMap<i64, Vec<String>> = HashMap::new();
        for (nid, tag) in store.tags_of_needs(&nids)? {
            tags_of.entry(nid).or_default().push(tag);
        }
        let voters: Vec<(f32, &Vec<String>)> = near
            .iter()
            .filter_map(|(nid, s)| tags_of.get(nid).map(|t| (*s, t)))
            .take(tuning.neighbours)
            .collect();
        let best = voters.first().map_or(0.0, |v| v.0);
        let mut votes: HashMap<String, f32> = HashMap::new();
        let mut total = 0.0;
        for (s, tags) in voters {
            let w = ((s - best) / tuning.vote_temperature).exp();
            total += w;
            for t in tags {
                *votes.entry(t.clone()).or_default() += w;
            }
        }
        if total > 0.0 {
            votes.values_mut().for_each(|x| *x /= total);
        }
        Ok(votes)
    }
}
