//! The project's need vectors in memory, compactly: each vector quantised to `i8` with one
//! `f32` scale (384 + 4 bytes a need; 100,000 needs take 39 MB instead of 154 MB as `f32`).
//! Unit vectors spread their weight over all dimensions, so the largest component sets a
//! scale that loses little: a similarity differs from the `f32` one by about 0.002, well
//! under the gaps the thresholds here rely on. Scores are integer dot products, which the
//! compiler vectorises.

use std::collections::HashMap;

use medskapa_core::store::Store;
use medskapa_core::support::error::Result;

use crate::engine::{DIMENSIONS, MODEL_ID};

/// One quantised vector: its codes and the scale that turns a code back into a value.
fn quantise(v: &[f32], codes: &mut Vec<i8>) -> f32 {
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
    codes.extend(
        v.iter()
            .map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8),
    );
    scale
}

fn dot(a: &[i8], b: &[i8]) -> i32 {
    a.iter()
        .zip(b)
        .map(|(x, y)| i32::from(*x) * i32::from(*y))
        .sum()
}

/// A query as the index compares it.
pub struct Probe {
    codes: Vec<i8>,
    scale: f32,
}

impl Probe {
    pub fn new(v: &[f32]) -> Probe {
        let mut codes = Vec::with_capacity(v.len());
        let scale = quantise(v, &mut codes);
        Probe { codes, scale }
    }
}

/// Every need's vector from [`MODEL_ID`], by `nid`.
#[derive(Default)]
pub struct VectorIndex {
    nids: Vec<i64>,
    slot: HashMap<i64, usize>,
    codes: Vec<i8>,
    scales: Vec<f32>,
}

impl VectorIndex {
    /// The vectors the project holds (current or stale: the embedding pass renews those).
    pub fn load(store: &Store) -> Result<VectorIndex> {
        let mut index = VectorIndex::default();
        store.each_embedding(MODEL_ID, |nid, v| {
            if v.len() == DIMENSIONS {
                index.upsert(nid, v);
            }
            Ok(())
        })?;
        Ok(index)
    }

    pub fn len(&self) -> usize {
        self.nids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nids.is_empty()
    }

    pub fn contains(&self, nid: i64) -> bool {
        self.slot.contains_key(&nid)
    }

    /// Add or replace the vector of `nid`.
    pub fn upsert(&mut self, nid: i64, v: &[f32]) {
        let mut codes = Vec::with_capacity(DIMENSIONS);
        let scale = quantise(v, &mut codes);
        codes.resize(DIMENSIONS, 0);
        match self.slot.get(&nid) {
            Some(&i) => {
                self.codes[i * DIMENSIONS..(i + 1) * DIMENSIONS].copy_from_slice(&codes);
                self.scales[i] = scale;
            }
            None => {
                self.slot.insert(nid, self.nids.len());
                self.nids.push(nid);
                self.codes.extend(codes);
                self.scales.push(scale);
            }
        }
    }

    /// Forget the vector of `nid` (a deleted need).
    pub fn remove(&mut self, nid: i64) {
        let Some(i) = self.slot.remove(&nid) else {
            return;
        };
        let last = self.nids.len() - 1;
        if i != last {
            let moved = self.nids[last];
            self.nids.swap(i, last);
            self.scales.swap(i, last);
            let (head, tail) = self.codes.split_at_mut(last * DIMENSIONS);
            head[i * DIMENSIONS..(i + 1) * DIMENSIONS].copy_from_slice(&tail[..DIMENSIONS]);
            self.slot.insert(moved, i);
        }
        self.nids.pop();
        self.scales.pop();
        self.codes.truncate(last * DIMENSIONS);
    }

    fn row(&self, i: usize) -> &[i8] {
        &self.codes[i * DIMENSIONS..(i + 1) * DIMENSIONS]
    }

    /// The vector of `nid` as a probe, if the index has it.
    pub fn probe_of(&self, nid: i64) -> Option<Probe> {
        self.slot.get(&nid).map(|&i| Probe {
            codes: self.row(i).to_vec(),
            scale: self.scales[i],
        })
    }

    /// The vector of `nid` as the index holds it (back from its codes).
    pub fn vector_of(&self, nid: i64) -> Option<Vec<f32>> {
        self.slot.get(&nid).map(|&i| {
            let scale = self.scales[i];
            self.row(i).iter().map(|c| f32::from(*c) * scale).collect()
        })
    }

    /// The `nid`s the index holds, in no order.
    pub fn nids(&self) -> &[i64] {
        &self.nids
    }

    /// Every need's similarity to `probe`, as `(nid, cosine)`, in no order.
    pub fn scores(&self, probe: &Probe) -> Vec<(i64, f32)> {
        self.nids
            .iter()
            .enumerate()
            .map(|(i, nid)| {
                let s = dot(self.row(i), &probe.codes) as f32 * self.scales[i] * probe.scale;
                (*nid, s)
            })
            .collect()
    }

    /// The `k` needs closest to `probe`, closest first, leaving out `except`.
    pub fn top(&self, probe: &Probe, k: usize, except: &[i64]) -> Vec<(i64, f32)> {
        let mut all: Vec<(i64, f32)> = self
            .scores(probe)
            .into_iter()
            .filter(|(n, _)| !except.contains(n))
            .collect();
        let k = k.min(all.len());
        if k == 0 {
            return vec![];
        }
        all.select_nth_unstable_by(k - 1, |a, b| b.1.total_cmp(&a.1));
        all.truncate(k);
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        all
    }

    /// Every pair of needs at least `threshold` alike, as `(nid, nid, cosine)`, most alike
    /// first, at most `limit`. Compares every pair: n² / 2 dot products, shared among the
    /// machine's cores (rows dealt round, so each gets long and short rows alike).
    pub fn pairs_above(&self, threshold: f32, limit: usize) -> Vec<(i64, i64, f32)> {
        let n = self.nids.len();
        let workers = std::thread::available_parallelism().map_or(1, |c| c.get().min(8));
        let pairs_from = |first: usize| {
            let mut out = Vec::new();
            for i in (first..n).step_by(workers) {
                let (a, sa) = (self.row(i), self.scales[i]);
                for j in i + 1..n {
                    let s = dot(a, self.row(j)) as f32 * sa * self.scales[j];
                    if s >= threshold {
                        out.push((self.nids[i], self.nids[j], s));
                    }
                }
            }
            out
        };
        let mut out: Vec<(i64, i64, f32)> = std::thread::scope(|scope| {
            let rest: Vec<_> = (1..workers)
                .map(|w| (w, scope.spawn(move || pairs_from(w))))
                .collect();
            let mut all = pairs_from(0);
            for (w, h) in rest {
                // A worker only compares numbers; should one still fail, do its rows here.
                all.extend(h.join().unwrap_or_else(|_| pairs_from(w)));
            }
            all
        });
        out.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        out.truncate(limit);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(seed: u32) -> Vec<f32> {
        let mut x = seed.wrapping_mul(2_654_435_761) | 1;
        let mut v: Vec<f32> = (0..DIMENSIONS)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x % 2001) as f32 / 1000.0 - 1.0
            })
            .collect();
        let n = v.iter().map(|a| a * a).sum::<f32>().sqrt();
        v.iter_mut().for_each(|a| *a /= n);
        v
    }

    #[test]
    fn pairs_above_finds_every_close_pair_once_most_alike_first() {
        // 60 random needs and, for every fifth, a near copy (0.9 of it and 0.1 of another).
        let mut index = VectorIndex::default();
        let mut vectors = Vec::new();
        for i in 0..60u32 {
            vectors.push((i64::from(i), unit(i + 1)));
        }
        for i in (0..60u32).step_by(5) {
            let (a, b) = (unit(i + 1), unit(i + 500));
            let v: Vec<f32> = a.iter().zip(&b).map(|(x, y)| 0.9 * x + 0.1 * y).collect();
            let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            vectors.push((1000 + i64::from(i), v.iter().map(|x| x / n).collect()));
        }
        for (nid, v) in &vectors {
            index.upsert(*nid, v);
        }
        let pairs = index.pairs_above(0.9, 100);
        let mut found: Vec<(i64, i64)> = pairs
            .iter()
            .map(|(a, b, _)| (*a.min(b), *a.max(b)))
            .collect();
        found.sort_unstable();
        let planted: Vec<(i64, i64)> = (0..60).step_by(5).map(|i| (i, 1000 + i)).collect();
        assert_eq!(found, planted, "{pairs:?}");
        assert!(pairs.windows(2).all(|w| w[0].2 >= w[1].2), "{pairs:?}");
        assert_eq!(index.pairs_above(0.9, 3).len(), 3);
    }

    #[test]
    fn quantised_similarities_stay_close_to_the_exact_ones() {
        let (a, b) = (unit(1), unit(2));
        let mixed: Vec<f32> = a.iter().zip(&b).map(|(x, y)| 0.8 * x + 0.2 * y).collect();
        let norm = mixed.iter().map(|x| x * x).sum::<f32>().sqrt();
        let mixed: Vec<f32> = mixed.iter().map(|x| x / norm).collect();
        let exact: f32 = a.iter().zip(&mixed).map(|(x, y)| x * y).sum();
        let mut index = VectorIndex::default();
        index.upsert(7, &mixed);
        let got = index.scores(&Probe::new(&a))[0].1;
        assert!((got - exact).abs() < 0.01, "{got} vs {exact}");
        assert!(
            (index.scores(&Probe::new(&a))[0].1 - index.scores(&Probe::new(&b))[0].1).abs() > 0.3
        );
    }

    #[test]
    fn upsert_replaces_and_remove_keeps_the_others() {
        let mut index = VectorIndex::default();
        for n in 1..=4 {
            index.upsert(n, &unit(n as u32));
        }
        index.upsert(2, &unit(9));
        index.remove(1);
        assert_eq!(index.len(), 3);
        assert!(!index.contains(1));
        let top = index.top(&Probe::new(&unit(9)), 1, &[]);
        assert_eq!(top[0].0, 2);
        assert!(top[0].1 > 0.99);
        let top = index.top(&Probe::new(&unit(4)), 2, &[]);
        assert_eq!(top[0].0, 4);
        assert!(index
            .top(&Probe::new(&unit(4)), 5, &[4])
            .iter()
            .all(|(n, _)| *n != 4));
        let pairs = index.pairs_above(0.99, 10);
        assert!(pairs.is_empty());
        index.upsert(10, &unit(4));
        assert_eq!(index.pairs_above(0.99, 10)[0].0, 4);
    }
}
