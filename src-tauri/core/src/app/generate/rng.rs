//! The generator's randomness: a fixed pseudo-random sequence, Zipf-distributed ranks, and
//! ids shaped like the app's own.

/// SplitMix64 (Steele, Lea and Flood 2014): tiny, fast, and good enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // Mix the seed once so that seeds 0, 1, 2 … start far apart.
        let mut r = Rng(seed ^ 0x6A09_E667_F3BC_C909);
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`), by multiply-and-shift.
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `percent`/100.
    pub fn percent(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// An index drawn with the given integer weights.
    pub fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut x = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

/// Draws ranks `0..n` with probability proportional to `1/(rank+1)` (Zipf, s = 1), in
/// integer arithmetic.
pub(super) struct Zipf {
    cumulative: Vec<u64>,
}

impl Zipf {
    pub(super) fn new(n: usize) -> Zipf {
        let mut acc = 0u64;
        let cumulative = (0..n as u64)
            .map(|k| {
                acc += 1_000_000_000 / (k + 1);
                acc
            })
            .collect();
        Zipf { cumulative }
    }
    pub(super) fn sample(&self, rng: &mut Rng) -> usize {
        let total = *self.cumulative.last().unwrap_or(&1);
        let x = rng.below(total);
        self.cumulative.partition_point(|&c| c <= x)
    }
}

/// Ids shaped like UUID v7: a millisecond stamp that rises with every id, then random bits.
pub(super) struct Ids {
    pub ms: u64,
}

impl Ids {
    pub(super) fn next(&mut self, rng: &mut Rng) -> String {
        self.ms += 1 + rng.below(3);
        let r = rng.next_u64();
        let a = (r >> 52) & 0xfff;
        let b = (r & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
        format!(
            "{:08x}-{:04x}-7{:03x}-{:04x}-{:012x}",
            self.ms >> 16,
            self.ms & 0xffff,
            a,
            b >> 48,
            b & 0xffff_ffff_ffff
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_stable() {
        // The sequence is part of the contract: the same seed, the same project, forever.
        let mut r = Rng::new(42);
        let v: Vec<u64> = (0..3).map(|_| r.below(1000)).collect();
        let mut r2 = Rng::new(42);
        let v2: Vec<u64> = (0..3).map(|_| r2.below(1000)).collect();
        assert_eq!(v, v2);
        assert!(v.iter().all(|x| *x < 1000));
    }

    #[test]
    fn zipf_has_a_long_tail() {
        let z = Zipf::new(100);
        let mut r = Rng::new(7);
        let mut counts = [0u32; 100];
        for _ in 0..100_000 {
            counts[z.sample(&mut r)] += 1;
        }
        assert!(counts[0] > counts[9] * 5);
        assert!(counts[99] > 0);
    }

    #[test]
    fn ids_look_like_uuid_v7_and_rise() {
        let mut r = Rng::new(1);
        let mut ids = Ids {
            ms: 1_767_225_600_000,
        };
        let a = ids.next(&mut r);
        let b = ids.next(&mut r);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "7");
        assert!(a < b);
        assert!(uuid::Uuid::parse_str(&a).is_ok());
    }
}
