//! The project's need vectors in memory, compactly. The model's vectors share one
//! direction (any two needs are at least about 0.8 alike; the mean of a project's vectors
//! has a length of 0.93), so each vector is kept as its difference from a centre, the mean
//! of the first vectors the index is given: that difference is a third as long, so 4 bits
//! a dimension hold it as closely as 8 bits held the whole vector. A need takes 192 bytes
//! of codes and two `f32`s (100,000 needs: 20 MB instead of 39 MB at 8 bits, 154 MB as
//! `f32`). On the 100,000 generated needs a similarity differs from the exact one by 0.001
//! on average and by less than 0.004 for 99 % of pairs, under the gaps the thresholds here
//! rely on. Scores are integer dot products, which the compiler vectorises.

use std::collections::{HashMap, HashSet, VecDeque};

use medskapa_core::store::Store;
use medskapa_core::support::error::Result;

use crate::engine::{DIMENSIONS, MODEL_ID};

/// Bytes of codes a need takes: two dimensions a byte.
const ROW: usize = DIMENSIONS / 2;
/// The largest 4-bit code (codes run from −7 to 7).
const LEVELS: f32 = 7.0;
/// Rows unpacked at a time when every pair is compared (96 KB, in the core's cache).
const BLOCK: usize = 256;
/// The centre is the mean of at most this many vectors, the first the index is given.
const CENTRE_FROM: usize = 256;
/// Changes remembered for [`VectorIndex::updated_pairs`]: a pair list older than that is
/// searched for again.
const LOG: usize = 4096;
/// At most this many changed needs are compared with every other need to update a pair list;
/// more, and every pair is compared again (at 100,000 needs one changed need takes about 10
/// ms, every pair about two minutes).
const UPDATE_MAX: usize = 256;

/// The dot product of a query's codes (8 bits, even and odd dimensions apart) with a row
/// of packed 4-bit codes (dimension `2k` in byte `k`'s low half, `2k + 1` in its high).
fn dot(even: &[i8], odd: &[i8], row: &[u8]) -> i32 {
    even.iter()
        .zip(odd)
        .zip(row)
        .map(|((e, o), b)| {
            let low = ((*b << 4) as i8) >> 4;
            let high = (*b as i8) >> 4;
            i32::from(*e) * i32::from(low) + i32::from(*o) * i32::from(high)
        })
        .sum()
}

/// Packed codes unpacked to one `i8` a dimension, in order.
fn unpack(row: &[u8], out: &mut [i8]) {
    for (b, pair) in row.iter().zip(out.chunks_exact_mut(2)) {
        pair[0] = ((*b << 4) as i8) >> 4;
        pair[1] = (*b as i8) >> 4;
    }
}

const _: () = assert!(DIMENSIONS * 49 <= i16::MAX as usize);

/// The dot product of two unpacked rows of 4-bit codes. It fits 16 bits (at most
/// 384 × 7 × 7 = 18,816), which lets the compiler multiply and add twice as many at once.
fn dot_unpacked(a: &[i8], b: &[i8]) -> i16 {
    a.iter()
        .zip(b)
        .map(|(x, y)| i16::from(*x) * i16::from(*y))
        .fold(0i16, |sum, p| sum.wrapping_add(p))
}

/// A query as the index compares it: the difference from the centre in 8 bits, even and
/// odd dimensions apart, with the scale that turns a code back into a value and the part
/// of every similarity that does not depend on the other vector's codes.
struct Query {
    even: Vec<i8>,
    odd: Vec<i8>,
    scale: f32,
    offset: f32,
}

impl Query {
    fn similarity(&self, row: &[u8], scale: f32, offset: f32) -> f32 {
        self.offset + offset + dot(&self.even, &self.odd, row) as f32 * self.scale * scale
    }
}

/// A vector to compare with the index's.
pub struct Probe {
    vector: Vec<f32>,
}

impl Probe {
    pub fn new(v: &[f32]) -> Probe {
        Probe { vector: v.to_vec() }
    }
}

/// Every need's vector from [`MODEL_ID`], by `nid`.
#[derive(Default)]
pub struct VectorIndex {
    nids: Vec<i64>,
    slot: HashMap<i64, usize>,
    /// [`ROW`] bytes a need.
    codes: Vec<u8>,
    scales: Vec<f32>,
    /// Each need's `centre · (v − centre) + |centre|² / 2`: with two of them and the codes'
    /// product, a similarity.
    offsets: Vec<f32>,
    /// Empty until the index is first given vectors.
    centre: Vec<f32>,
    /// Vectors added, replaced or forgotten so far.
    changes: u64,
    /// The need of each of the last [`LOG`] changes, with the count of changes after it.
    log: VecDeque<(u64, i64)>,
    /// The vectors were let go ([`VectorIndex::let_go`]); the centre and the changes are kept.
    away: bool,
}

/// Codes of `r` at 4 bits, two dimensions a byte, onto `codes`; returns their scale.
fn encode(r: &[f32], codes: &mut Vec<u8>) -> f32 {
    let max = r.iter().fold(0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { max / LEVELS } else { 1.0 };
    let code = |x: f32| ((x / scale).round().clamp(-LEVELS, LEVELS) as i8 as u8) & 0x0f;
    codes.extend(r.chunks_exact(2).map(|p| code(p[0]) | (code(p[1]) << 4)));
    scale
}

impl VectorIndex {
    /// The vectors the project holds (current or stale: the embedding pass renews those).
    pub fn load(store: &Store) -> Result<VectorIndex> {
        let mut index = VectorIndex::default();
        // The first vectors are held whole until they set the centre.
        let mut first: Vec<(i64, Vec<f32>)> = Vec::new();
        store.each_embedding(MODEL_ID, |nid, v| {
            if v.len() != DIMENSIONS {
                return Ok(());
            }
            if index.centre.is_empty() {
                first.push((nid, v.to_vec()));
                if first.len() == CENTRE_FROM {
                    index.upsert_many(&first);
                    first.clear();
                }
            } else {
                index.upsert(nid, v);
            }
            Ok(())
        })?;
        index.upsert_many(&first);
        Ok(index)
    }

    pub fn len(&self) -> usize {
        self.nids.len()
    }

    /// Let go of the vectors (about 20 MB at 100,000 needs) while nothing asks for them,
    /// keeping the centre and the log of changes, so that [`VectorIndex::bring_back`] makes
    /// the same index again from the stored vectors. Only for vectors that are all stored.
    pub fn let_go(&mut self) {
        if self.nids.is_empty() {
            return;
        }
        self.nids = Vec::new();
        self.slot = HashMap::new();
        self.codes = Vec::new();
        self.scales = Vec::new();
        self.offsets = Vec::new();
        self.away = true;
    }

    /// An index whose vectors are still all in the project, read when first needed
    /// ([`VectorIndex::bring_back`]).
    pub fn unread() -> VectorIndex {
        VectorIndex {
            away: true,
            ..VectorIndex::default()
        }
    }

    /// Whether the vectors were let go and not yet read back.
    pub fn is_away(&self) -> bool {
        self.away
    }

    /// The vectors let go read back from `store`, coded against the same centre, without
    /// counting them as changes (or, if they were never read, read as [`VectorIndex::load`]
    /// does).
    pub fn bring_back(&mut self, store: &Store) -> Result<()> {
        if !self.away {
            return Ok(());
        }
        if self.centre.is_empty() {
            // Never read: read as a project's vectors are, keeping the count of changes.
            let (changes, log) = (self.changes, std::mem::take(&mut self.log));
            *self = VectorIndex::load(store)?;
            (self.changes, self.log) = (changes, log);
            return Ok(());
        }
        store.each_embedding(MODEL_ID, |nid, v| {
            if v.len() == DIMENSIONS {
                self.place(nid, v);
            }
            Ok(())
        })?;
        self.away = false;
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.nids.is_empty()
    }

    pub fn contains(&self, nid: i64) -> bool {
        self.slot.contains_key(&nid)
    }

    /// Add or replace the vectors of these needs. An index given vectors for the first time
    /// takes their mean (of at most [`CENTRE_FROM`]) as its centre.
    pub fn upsert_many<V: AsRef<[f32]>>(&mut self, vectors: &[(i64, V)]) {
        if self.centre.is_empty() && !vectors.is_empty() {
            let from = &vectors[..vectors.len().min(CENTRE_FROM)];
            let mut centre = vec![0f32; DIMENSIONS];
            for (_, v) in from {
                centre.iter_mut().zip(v.as_ref()).for_each(|(c, x)| *c += x);
            }
            centre.iter_mut().for_each(|c| *c /= from.len() as f32);
            self.centre = centre;
        }
        for (nid, v) in vectors {
            self.upsert(*nid, v.as_ref());
        }
    }

    /// Add or replace the vector of `nid`.
    pub fn upsert(&mut self, nid: i64, v: &[f32]) {
        if self.centre.is_empty() {
            return self.upsert_many(&[(nid, v)]);
        }
        self.changed(nid);
        self.place(nid, v);
    }

    /// Code `v` against the centre into `nid`'s row, new or replaced.
    fn place(&mut self, nid: i64, v: &[f32]) {
        let (r, offset) = self.residual(v);
        let mut codes = Vec::with_capacity(ROW);
        let scale = encode(&r, &mut codes);
        match self.slot.get(&nid) {
            Some(&i) => {
                self.codes[i * ROW..(i + 1) * ROW].copy_from_slice(&codes);
                self.scales[i] = scale;
                self.offsets[i] = offset;
            }
            None => {
                self.slot.insert(nid, self.nids.len());
                self.nids.push(nid);
                self.codes.extend(codes);
                self.scales.push(scale);
                self.offsets.push(offset);
            }
        }
    }

    fn changed(&mut self, nid: i64) {
        self.changes += 1;
        self.log.push_back((self.changes, nid));
        if self.log.len() > LOG {
            self.log.pop_front();
        }
    }

    /// The needs added, replaced or forgotten since the count of changes was `since`, each
    /// once; `None` when the index no longer remembers that far back.
    fn changed_since(&self, since: u64) -> Option<HashSet<i64>> {
        let oldest = self.log.front().map_or(self.changes, |(c, _)| c - 1);
        if since < oldest || since > self.changes {
            return None;
        }
        Some(
            self.log
                .iter()
                .filter(|(c, _)| *c > since)
                .map(|(_, nid)| *nid)
                .collect(),
        )
    }

    /// The similarity of the needs in slots `i` and `j` from the product of their codes, the
    /// same whichever is given first.
    fn pair_score(&self, i: usize, j: usize, product: i16) -> f32 {
        let (i, j) = (i.min(j), i.max(j));
        self.offsets[i] + self.offsets[j] + f32::from(product) * self.scales[i] * self.scales[j]
    }

    /// Every pair of one of `nids` with any other need at least `threshold` alike, as
    /// `(lower nid, higher nid, cosine)`, each once, in no order.
    fn pairs_with(&self, nids: &HashSet<i64>, threshold: f32) -> Vec<(i64, i64, f32)> {
        let slots: Vec<usize> = nids
            .iter()
            .filter_map(|n| self.slot.get(n).copied())
            .collect();
        let mut rows = vec![0i8; slots.len() * DIMENSIONS];
        for (&i, row) in slots.iter().zip(rows.chunks_exact_mut(DIMENSIONS)) {
            unpack(self.row(i), row);
        }
        let mut b = vec![0i8; DIMENSIONS];
        let mut out = Vec::new();
        for j in 0..self.nids.len() {
            unpack(self.row(j), &mut b);
            let also_changed = nids.contains(&self.nids[j]);
            for (&i, a) in slots.iter().zip(rows.chunks_exact(DIMENSIONS)) {
                // A pair of two changed needs once, from the lower slot.
                if i == j || (also_changed && j < i) {
                    continue;
                }
                let s = self.pair_score(i, j, dot_unpacked(a, &b));
                if s >= threshold {
                    let (x, y) = (self.nids[i], self.nids[j]);
                    out.push((x.min(y), x.max(y), s));
                }
            }
        }
        out
    }

    /// [`VectorIndex::pairs_above`]'s answer for `threshold` and `limit`, from `kept`, its
    /// answer when the count of changes was `since`: the changed needs' pairs found again,
    /// the others kept. `None` when that cannot give the same answer as comparing every pair:
    /// too many changes, changes forgotten, or, for a list cut at `limit`, too few pairs left
    /// above its cut.
    pub fn updated_pairs(
        &self,
        kept: &[(i64, i64, f32)],
        since: u64,
        threshold: f32,
        limit: usize,
    ) -> Option<Vec<(i64, i64, f32)>> {
        let changed = self.changed_since(since)?;
        if changed.len() > UPDATE_MAX || limit == 0 {
            return None;
        }
        // A list shorter than its limit holds every pair over the threshold; a full one, every
        // pair at least as alike as its last.
        let floor = if kept.len() < limit {
            threshold
        } else {
            kept.last().map_or(threshold, |p| p.2)
        };
        let mut pairs: Vec<(i64, i64, f32)> = kept
            .iter()
            .filter(|(a, b, _)| !changed.contains(a) && !changed.contains(b))
            .copied()
            .collect();
        pairs.extend(self.pairs_with(&changed, threshold));
        pairs.retain(|p| p.2 >= floor);
        if floor > threshold && pairs.len() < limit {
            return None;
        }
        pairs.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
        pairs.truncate(limit);
        Some(pairs)
    }

    /// `v`'s difference from the centre ([`DIMENSIONS`] long, a short `v` taken as padded
    /// with zeros) and its offset (see [`VectorIndex::offsets`]).
    fn residual(&self, v: &[f32]) -> (Vec<f32>, f32) {
        let value = |i: usize| v.get(i).copied().unwrap_or(0.0);
        let centre = |i: usize| self.centre.get(i).copied().unwrap_or(0.0);
        let r: Vec<f32> = (0..DIMENSIONS).map(|i| value(i) - centre(i)).collect();
        let offset = (0..DIMENSIONS)
            .map(|i| centre(i) * (r[i] + centre(i) / 2.0))
            .sum();
        (r, offset)
    }

    /// `v` as a query: its difference from the centre at 8 bits.
    fn query(&self, v: &[f32]) -> Query {
        let (r, offset) = self.residual(v);
        let max = r.iter().fold(0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        let code = |x: &f32| (x / scale).round().clamp(-127.0, 127.0) as i8;
        Query {
            even: r.iter().step_by(2).map(code).collect(),
            odd: r.iter().skip(1).step_by(2).map(code).collect(),
            scale,
            offset,
        }
    }

    /// Forget the vector of `nid` (a deleted need).
    pub fn remove(&mut self, nid: i64) {
        if self.away {
            // Its stored vector is gone with the need; kept answers learn of it here.
            return self.changed(nid);
        }
        let Some(i) = self.slot.remove(&nid) else {
            return;
        };
        self.changed(nid);
        let last = self.nids.len() - 1;
        if i != last {
            let moved = self.nids[last];
            self.nids.swap(i, last);
            self.scales.swap(i, last);
            self.offsets.swap(i, last);
            let (head, tail) = self.codes.split_at_mut(last * ROW);
            head[i * ROW..(i + 1) * ROW].copy_from_slice(&tail[..ROW]);
            self.slot.insert(moved, i);
        }
        self.nids.pop();
        self.scales.pop();
        self.offsets.pop();
        self.codes.truncate(last * ROW);
    }

    fn row(&self, i: usize) -> &[u8] {
        &self.codes[i * ROW..(i + 1) * ROW]
    }

    /// The vector of `nid` as a probe, if the index has it.
    pub fn probe_of(&self, nid: i64) -> Option<Probe> {
        self.vector_of(nid).map(|vector| Probe { vector })
    }

    /// The vector of `nid` as the index holds it (back from its codes).
    pub fn vector_of(&self, nid: i64) -> Option<Vec<f32>> {
        self.slot.get(&nid).map(|&i| {
            let scale = self.scales[i];
            let mut codes = vec![0i8; DIMENSIONS];
            unpack(self.row(i), &mut codes);
            codes
                .iter()
                .zip(&self.centre)
                .map(|(q, c)| c + f32::from(*q) * scale)
                .collect()
        })
    }

    /// How many times a vector was added, replaced or forgotten: the same count, the same
    /// vectors.
    pub fn changes(&self) -> u64 {
        self.changes
    }

    /// The `nid`s the index holds, in no order.
    pub fn nids(&self) -> &[i64] {
        &self.nids
    }

    /// Every need's similarity to `probe`, as `(nid, cosine)`, in no order.
    pub fn scores(&self, probe: &Probe) -> Vec<(i64, f32)> {
        let query = self.query(&probe.vector);
        self.nids
            .iter()
            .enumerate()
            .map(|(i, nid)| {
                let s = query.similarity(self.row(i), self.scales[i], self.offsets[i]);
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

    /// Every pair of needs at least `threshold` alike, as `(lower nid, higher nid, cosine)`,
    /// most alike first, at most `limit`. Compares every pair: n² / 2 dot products, shared
    /// among the machine's cores. The rows are unpacked to 8 bits a block at a time
    /// ([`BLOCK`] rows, dealt round the cores) and every earlier row is compared with the
    /// block, so each row is unpacked once a block instead of once a pair.
    pub fn pairs_above(&self, threshold: f32, limit: usize) -> Vec<(i64, i64, f32)> {
        let n = self.nids.len();
        let workers = std::thread::available_parallelism().map_or(1, |c| c.get().min(8));
        if limit == 0 {
            return vec![];
        }
        // A worker keeps at most this many pairs: when it has found that many, it keeps its
        // `limit` most alike and from then on only pairs at least as alike as the least of
        // them. A project of many needs alike (a generated one: 1 % of pairs over 0.93)
        // would otherwise collect millions of pairs, 24 bytes each.
        let cap = limit.saturating_mul(2).max(4096);
        let best_of = |out: &mut Vec<(i64, i64, f32)>| {
            if out.len() > limit {
                out.select_nth_unstable_by(limit - 1, |a, b| b.2.total_cmp(&a.2));
                out.truncate(limit);
            }
        };
        let pairs_from = |first: usize| {
            let mut out = Vec::new();
            let mut floor = threshold;
            let mut block = vec![0i8; BLOCK * DIMENSIONS];
            let mut a = vec![0i8; DIMENSIONS];
            for start in (first * BLOCK..n).step_by(workers * BLOCK) {
                let end = (start + BLOCK).min(n);
                for (j, unpacked) in (start..end).zip(block.chunks_exact_mut(DIMENSIONS)) {
                    unpack(self.row(j), unpacked);
                }
                for i in 0..end - 1 {
                    unpack(self.row(i), &mut a);
                    let from = (i + 1).max(start);
                    let rows = block[(from - start) * DIMENSIONS..].chunks_exact(DIMENSIONS);
                    for (j, b) in (from..end).zip(rows) {
                        let s = self.pair_score(i, j, dot_unpacked(&a, b));
                        if s >= floor {
                            let (x, y) = (self.nids[i], self.nids[j]);
                            out.push((x.min(y), x.max(y), s));
                            if out.len() >= cap {
                                best_of(&mut out);
                                floor = out.iter().fold(f32::INFINITY, |m, p| m.min(p.2));
                            }
                        }
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
        out.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
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
        assert_eq!(index.pairs_above(0.9, 3), pairs[..3]);
    }

    /// A unit vector that shares one direction with the others, as the model's do (any
    /// two about 0.86 alike).
    fn alike(seed: u32) -> Vec<f32> {
        normalised(
            unit(0)
                .iter()
                .zip(unit(seed))
                .map(|(c, x)| 0.93 * c + 0.37 * x)
                .collect(),
        )
    }

    fn normalised(v: Vec<f32>) -> Vec<f32> {
        let n = v.iter().map(|a| a * a).sum::<f32>().sqrt();
        v.iter().map(|a| a / n).collect()
    }

    /// An index of `vectors`, each under its place in the list.
    fn indexed(vectors: &[Vec<f32>]) -> VectorIndex {
        let mut index = VectorIndex::default();
        let all: Vec<(i64, &Vec<f32>)> = (0..).zip(vectors).collect();
        index.upsert_many(&all);
        index
    }

    fn exact(a: &[f32], b: &[f32]) -> f32 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    #[test]
    fn similarities_stay_close_to_the_exact_ones() {
        let vectors: Vec<Vec<f32>> = (1..=60).map(alike).collect();
        let mut index = indexed(&vectors);
        assert_eq!(index.codes.len(), 60 * DIMENSIONS / 2, "4 bits a dimension");
        let pairs = index.pairs_above(-1.0, usize::MAX);
        assert_eq!(pairs.len(), 60 * 59 / 2);
        let errors: Vec<f32> = pairs
            .iter()
            .map(|(a, b, s)| (s - exact(&vectors[*a as usize], &vectors[*b as usize])).abs())
            .collect();
        let mean = errors.iter().sum::<f32>() / errors.len() as f32;
        let worst = errors.iter().fold(0f32, |m, e| m.max(*e));
        assert!(mean < 0.002 && worst < 0.008, "mean {mean}, worst {worst}");
        // A probe the index has not seen, and a vector back from its codes.
        for seed in 100..110 {
            let probe = alike(seed);
            for (nid, s) in index.scores(&Probe::new(&probe)) {
                let e = (s - exact(&probe, &vectors[nid as usize])).abs();
                assert!(e < 0.005, "{nid}: {s} is {e} off");
            }
        }
        let back = index.vector_of(7).expect("held");
        assert!(exact(&back, &vectors[7]) > 0.999);
        // Vectors without the shared direction are compared as well, if less closely.
        let (a, b) = (unit(1), unit(2));
        let mixed = normalised(a.iter().zip(&b).map(|(x, y)| 0.8 * x + 0.2 * y).collect());
        index.upsert(1000, &mixed);
        let score = |p: &[f32]| {
            let all = index.scores(&Probe::new(p));
            all.iter()
                .find(|(n, _)| *n == 1000)
                .map_or(f32::NAN, |s| s.1)
        };
        assert!(
            (score(&a) - exact(&a, &mixed)).abs() < 0.05,
            "{}",
            score(&a)
        );
        assert!(score(&a) - score(&b) > 0.3);
    }

    #[test]
    fn every_pair_is_compared_once_across_blocks() {
        // More rows than a block and not a multiple of one, with near copies planted
        // within a block and across blocks.
        let n = 2 * BLOCK + 37;
        let mut vectors: Vec<Vec<f32>> = (1..=n as u32).map(alike).collect();
        for (i, j) in [(3, 5), (10, BLOCK + 20), (BLOCK - 1, BLOCK), (n - 2, 0)] {
            vectors[j] = normalised(vectors[i].iter().map(|x| x + 0.001).collect());
        }
        let index = indexed(&vectors);
        let all = index.pairs_above(-1.0, usize::MAX);
        assert_eq!(all.len(), n * (n - 1) / 2);
        let mut seen: Vec<(i64, i64)> = all.iter().map(|(a, b, _)| (*a, *b)).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), all.len(), "a pair came twice");
        let close: Vec<(i64, i64)> = index
            .pairs_above(0.99, usize::MAX)
            .iter()
            .map(|(a, b, _)| (*a.min(b), *a.max(b)))
            .collect();
        let mut planted = vec![
            (3, 5),
            (10, BLOCK as i64 + 20),
            (BLOCK as i64 - 1, BLOCK as i64),
            (0, n as i64 - 2),
        ];
        planted.sort_unstable();
        let mut close = close;
        close.sort_unstable();
        assert_eq!(close, planted);
    }

    #[test]
    fn a_small_limit_keeps_the_most_alike_of_many_pairs() {
        // 400 needs all about 0.86 alike: 79,800 pairs over 0.5, many times what a worker
        // keeps before it drops the least alike.
        let index = indexed(&(1..=400).map(alike).collect::<Vec<_>>());
        let all = index.pairs_above(0.5, usize::MAX);
        assert_eq!(all.len(), 400 * 399 / 2);
        assert_eq!(index.pairs_above(0.5, 10), all[..10]);
        assert_eq!(index.pairs_above(0.5, 3000), all[..3000]);
        assert!(index.pairs_above(0.5, 0).is_empty());
    }

    /// The same pairs in the same order, their similarities within rounding.
    fn same_pairs(a: &[(i64, i64, f32)], b: &[(i64, i64, f32)]) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x.0 == y.0 && x.1 == y.1 && (x.2 - y.2).abs() < 1e-5)
    }

    fn near(v: &[f32], by: f32) -> Vec<f32> {
        normalised(v.iter().map(|x| x + by).collect())
    }

    #[test]
    fn a_pair_list_updated_for_a_few_changes_is_the_list_found_again() {
        // 300 needs about 0.86 alike, with near copies planted.
        let mut vectors: Vec<Vec<f32>> = (1..=300).map(alike).collect();
        for (i, j) in [(3, 5), (10, 200), (42, 43), (60, 61)] {
            vectors[j] = near(&vectors[i], 0.001);
        }
        let mut index = indexed(&vectors);
        // A whole list (every pair over 0.95), then one cut at 3 of the many over 0.5.
        for (threshold, limit, round) in [(0.95, 1000, 0), (0.5, 3, 1)] {
            let since = index.changes();
            let kept = index.pairs_above(threshold, limit);
            // A need made a near copy of another, one deleted, one added, one made unlike
            // any: pairs lost, pairs won, and the planted pairs they touch gone.
            index.upsert(7 + round, &near(&vectors[100], -0.001));
            index.remove(3 + round);
            index.upsert(5000 + round, &near(&vectors[42], 0.002));
            index.upsert(10 + round, &alike(9999 + round as u32));
            let updated = index
                .updated_pairs(&kept, since, threshold, limit)
                .expect("a few changes update the list");
            let again = index.pairs_above(threshold, limit);
            assert!(same_pairs(&updated, &again), "{updated:?}\n{again:?}");
            assert!(updated.iter().any(|p| p.1 == 5000 + round), "{updated:?}");
        }
    }

    #[test]
    fn a_pair_list_is_searched_again_when_an_update_cannot_tell() {
        let mut vectors: Vec<Vec<f32>> = (1..=300).map(alike).collect();
        for (i, j) in [(3, 5), (10, 200)] {
            vectors[j] = near(&vectors[i], 0.001);
        }
        let mut index = indexed(&vectors);
        // A list cut at 2 whose both pairs lose a need: what comes next is not known.
        let since = index.changes();
        let kept = index.pairs_above(0.5, 2);
        let mut firsts = [kept[0].0, kept[1].0];
        firsts.sort_unstable();
        assert_eq!(firsts, [3, 10], "{kept:?}");
        index.upsert(5, &alike(7777));
        index.upsert(200, &alike(8888));
        assert!(index.updated_pairs(&kept, since, 0.5, 2).is_none());
        // Too many changes, and changes older than the index remembers.
        let since = index.changes();
        let kept = index.pairs_above(0.95, 100);
        for n in 0..=UPDATE_MAX as i64 {
            index.upsert(10_000 + n, &alike(n as u32 + 20_000));
        }
        assert!(index.updated_pairs(&kept, since, 0.95, 100).is_none());
        let since = index.changes();
        let kept = index.pairs_above(0.95, 100);
        // One change more than the index remembers.
        for _ in 0..=LOG {
            index.upsert(1, &alike(1));
        }
        assert!(index.updated_pairs(&kept, since, 0.95, 100).is_none());
        assert!(index
            .updated_pairs(&kept, index.changes(), 0.95, 100)
            .is_some());
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
