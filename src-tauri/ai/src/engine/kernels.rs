//! The hot loops: activations quantised to 8 bits per 32-value block (Q8_0), and the
//! product of those with 4-bit weights (Q4_0) in integer arithmetic, as llama.cpp does.
//!
//! Each output is `bias + Σ_blocks d_w · d_a · (⟨w, a⟩ − 8 · Σa)`: the weights' nibbles are
//! unsigned (0..15, zero at 8), so the −8 offset is folded in through each activation
//! block's sum. AVX2 does the integer dot products 32 at a time (`maddubs`); the portable
//! loop gives the same integers, and floats summed in another order.

use super::model::BLOCK;

/// A matrix of 4-bit weights, `rows × cols`, one scale per 32 weights of a row. Block
/// `b` of row `r` is `quants[(r · blocks + b) · 16 ..][..16]`: byte `j` holds weight `j`
/// in its low nibble and weight `j + 16` in its high one.
pub(crate) struct Q4Matrix {
    pub rows: usize,
    pub cols: usize,
    pub scales: Vec<f32>,
    pub quants: Vec<u8>,
}

/// An IEEE half-precision float.
fn f16_to_f32(h: u16) -> f32 {
    let sign = u32::from(h & 0x8000) << 16;
    let exp = u32::from((h >> 10) & 0x1f);
    let man = u32::from(h & 0x3ff);
    let bits = match (exp, man) {
        (0, 0) => sign,
        (0, _) => {
            // Subnormal: value = man · 2^-24.
            let v = man as f32 * f32::from_bits(0x3380_0000);
            return if sign != 0 { -v } else { v };
        }
        (31, _) => sign | 0x7f80_0000 | (man << 13),
        _ => sign | ((exp + 127 - 15) << 23) | (man << 13),
    };
    f32::from_bits(bits)
}

impl Q4Matrix {
    /// From the file's Q4_0 blocks (an f16 scale, then 16 bytes of nibbles).
    pub(crate) fn from_blocks(raw: &[u8], rows: usize, cols: usize) -> Q4Matrix {
        let blocks = rows * cols / BLOCK;
        let mut scales = Vec::with_capacity(blocks);
        let mut quants = Vec::with_capacity(blocks * 16);
        for b in raw.chunks_exact(18) {
            scales.push(f16_to_f32(u16::from_le_bytes([b[0], b[1]])));
            quants.extend_from_slice(&b[2..]);
        }
        Q4Matrix {
            rows,
            cols,
            scales,
            quants,
        }
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        self.scales.len() * 4 + self.quants.len()
    }

    /// Row `r` as floats, into `out` (`cols` long).
    pub(crate) fn dequantise_row(&self, r: usize, out: &mut [f32]) {
        let nb = self.cols / BLOCK;
        for b in 0..nb {
            let d = self.scales[r * nb + b];
            let q = &self.quants[(r * nb + b) * 16..][..16];
            let o = &mut out[b * BLOCK..][..BLOCK];
            for j in 0..16 {
                o[j] = (i32::from(q[j] & 0x0f) - 8) as f32 * d;
                o[j + 16] = (i32::from(q[j] >> 4) - 8) as f32 * d;
            }
        }
    }
}

/// Activations of `tokens × cols`, quantised per 32-value block: values, scale, and 8 times
/// the sum of the values (what the weights' zero of 8 takes away from a product).
#[derive(Default)]
pub(crate) struct Q8 {
    pub q: Vec<i8>,
    pub d: Vec<f32>,
    pub s: Vec<i32>,
}

impl Q8 {
    /// Quantise `x` (`tokens × cols`, row-major), reusing this buffer's memory.
    #[inline(always)]
    pub(crate) fn quantise(&mut self, x: &[f32], cols: usize) {
        let blocks = x.len() / BLOCK;
        self.q.resize(x.len(), 0);
        self.d.resize(blocks, 0.0);
        self.s.resize(blocks, 0);
        debug_assert_eq!(x.len() % cols, 0);
        for (b, xs) in x.chunks_exact(BLOCK).enumerate() {
            let mut m = [0.0f32; 8];
            for c in xs.chunks_exact(8) {
                for i in 0..8 {
                    let a = c[i].abs();
                    m[i] = if a > m[i] { a } else { m[i] };
                }
            }
            let amax = m.iter().fold(0.0f32, |a, b| a.max(*b));
            let d = amax / 127.0;
            let inv = if d > 0.0 { 1.0 / d } else { 0.0 };
            let q = &mut self.q[b * BLOCK..][..BLOCK];
            let mut ints = [0i32; BLOCK];
            for (i, v) in ints.iter_mut().zip(xs) {
                *i = round_to_int(v * inv).clamp(-128, 127);
            }
            let mut sum = 0i32;
            for (o, i) in q.iter_mut().zip(ints) {
                *o = i as i8;
                sum += i;
            }
            self.d[b] = d;
            self.s[b] = 8 * sum;
        }
    }
}

/// `x` rounded to the nearest integer, ties to even, for |x| < 2^22: adding 1.5 · 2^23
/// leaves no fraction bits (the FPU rounds ties to even), and the integer is then the low
/// bits of the sum, offset by those of 1.5 · 2^23. Unlike `round_ties_even` (a library
/// call on baseline x86-64) and a float-to-int cast (which checks for NaN and saturates
/// value by value), this vectorises.
#[inline(always)]
fn round_to_int(x: f32) -> i32 {
    const MAGIC: f32 = 12_582_912.0;
    (x + MAGIC).to_bits() as i32 - MAGIC.to_bits() as i32
}

/// The dot product of two equally long slices, in eight independent sums (so it
/// vectorises; always in the same order, whatever the instruction set).
#[inline(always)]
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let (ac, bc) = (a.chunks_exact(8), b.chunks_exact(8));
    let mut s = 0.0;
    for (x, y) in ac.remainder().iter().zip(bc.remainder()) {
        s += x * y;
    }
    for (x, y) in ac.zip(bc) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    s + ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]))
}

/// The sum of a slice, in eight independent sums as [`dot`].
#[inline(always)]
pub(crate) fn sum(a: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let chunks = a.chunks_exact(8);
    let s: f32 = chunks.remainder().iter().sum();
    for x in chunks {
        for i in 0..8 {
            acc[i] += x[i];
        }
    }
    s + ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]))
}

/// The error function, as a rational polynomial on [-4, 4] (Eigen's fast float `erf`;
/// within 2e-7 of the exact value, see the test): branch-free, so the GELU over a whole
/// feed-forward layer vectorises.
#[inline(always)]
pub(crate) fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = x2 * -2.726_142_3e-10 + 2.770_681_4e-8;
    p = x2 * p - 2.101_024e-6;
    p = x2 * p - 5.692_506_4e-5;
    p = x2 * p - 7.349_906_3e-4;
    p = x2 * p - 2.954_600_2e-3;
    p = x2 * p - 1.609_603_3e-2;
    let mut q = x2 * -1.456_607_2e-5 - 2.133_740_6e-4;
    q = x2 * q - 1.682_827e-3;
    q = x2 * q - 7.373_329_2e-3;
    q = x2 * q - 1.426_473_9e-2;
    x * p / q
}

/// `e^x` for x ≤ 0 (Cephes' single-precision polynomial, within 2 ulp; below −87 it is
/// taken as −87, about 1.6e−38): branch-free, so a softmax over many scores vectorises.
#[inline(always)]
pub(crate) fn exp_nonpositive(x: f32) -> f32 {
    const MAGIC: f32 = 12_582_912.0;
    let x = x.clamp(-87.0, 0.0);
    // x = n · ln 2 + r, |r| ≤ ln 2 / 2; ln 2 in two parts, so n · ln 2 is exact enough.
    let shifted = x * std::f32::consts::LOG2_E + MAGIC;
    let n = shifted - MAGIC;
    let r = x - n * 0.693_359_4 + n * 2.121_944_4e-4;
    let mut p = 1.987_569_1e-4;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 1.666_666_5e-1;
    p = p * r + 0.5;
    let e = p * r * r + r + 1.0;
    // 2^n, built in the exponent bits (n ≥ −126 here).
    let n = shifted.to_bits() as i32 - MAGIC.to_bits() as i32;
    e * f32::from_bits(((n + 127) << 23) as u32)
}

/// The softmax of `x`, in place.
#[inline(always)]
pub(crate) fn softmax(x: &mut [f32]) {
    let mut m = [f32::NEG_INFINITY; 8];
    let chunks = x.chunks_exact(8);
    let mut max = chunks
        .remainder()
        .iter()
        .fold(f32::NEG_INFINITY, |a, b| a.max(*b));
    for c in chunks {
        for i in 0..8 {
            m[i] = if c[i] > m[i] { c[i] } else { m[i] };
        }
    }
    max = m.iter().fold(max, |a, b| a.max(*b));
    for v in x.iter_mut() {
        *v = exp_nonpositive(*v - max);
    }
    let inv = 1.0 / sum(x);
    x.iter_mut().for_each(|v| *v *= inv);
}

/// GELU (the exact, erf form) over `x`, in place.
#[inline(always)]
pub(crate) fn gelu(x: &mut [f32]) {
    for v in x {
        *v = 0.5 * *v * (1.0 + erf(*v * std::f32::consts::FRAC_1_SQRT_2));
    }
}

/// Rows computed together, so each activation block is loaded once for all of them.
const GROUP: usize = 8;

/// Which code computes the products: chosen once when the model is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kernel {
    /// x86-64 with AVX2 and FMA.
    Avx2,
    /// Any CPU.
    Portable,
}

impl Kernel {
    /// The fastest this CPU runs.
    pub(crate) fn detect() -> Kernel {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma")
            {
                return Kernel::Avx2;
            }
        }
        Kernel::Portable
    }
}

/// Working memory of the products, kept across calls.
#[derive(Default)]
pub(crate) struct MatmulScratch {
    unpacked: Vec<u8>,
    scales: Vec<f32>,
}

/// `y[t][o] = bias[o] + Σ w[o] · a[t]` for the `y.len() / w.rows` tokens of `a`.
#[inline(always)]
pub(crate) fn matmul(
    kernel: Kernel,
    w: &Q4Matrix,
    bias: &[f32],
    a: &Q8,
    y: &mut [f32],
    scratch: &mut MatmulScratch,
) {
    let tokens = y.len() / w.rows;
    debug_assert_eq!(a.q.len(), tokens * w.cols);
    scratch.unpacked.resize(GROUP * w.cols, 0);
    match kernel {
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx2 => {
            // SAFETY: `Kernel::Avx2` is chosen only when the CPU has AVX2 and FMA.
            unsafe {
                avx2::matmul(
                    w,
                    bias,
                    a,
                    y,
                    tokens,
                    &mut scratch.unpacked,
                    &mut scratch.scales,
                )
            }
        }
        _ => portable(w, bias, a, y, tokens, &mut scratch.unpacked),
    }
}

/// Unpack rows `first..first + n` to one byte per weight (0..15), in weight order.
#[inline(always)]
fn unpack_rows(w: &Q4Matrix, first: usize, n: usize, out: &mut [u8]) {
    let nb = w.cols / BLOCK;
    for r in 0..n {
        let row = &w.quants[(first + r) * nb * 16..][..nb * 16];
        let o = &mut out[r * w.cols..][..w.cols];
        for (b, q) in row.chunks_exact(16).enumerate() {
            for j in 0..16 {
                o[b * BLOCK + j] = q[j] & 0x0f;
                o[b * BLOCK + j + 16] = q[j] >> 4;
            }
        }
    }
}

/// The same product without SIMD intrinsics.
#[inline(always)]
fn portable(w: &Q4Matrix, bias: &[f32], a: &Q8, y: &mut [f32], tokens: usize, scratch: &mut [u8]) {
    for first in (0..w.rows).step_by(GROUP) {
        let end = (first + GROUP).min(w.rows);
        rows(w, bias, a, y, tokens, scratch, first..end);
    }
}

/// Rows `range` (at most GROUP) of the product, without SIMD intrinsics.
#[inline(always)]
fn rows(
    w: &Q4Matrix,
    bias: &[f32],
    a: &Q8,
    y: &mut [f32],
    tokens: usize,
    scratch: &mut [u8],
    range: std::ops::Range<usize>,
) {
    let (nin, nout, nb) = (w.cols, w.rows, w.cols / BLOCK);
    unpack_rows(w, range.start, range.len(), scratch);
    for t in 0..tokens {
        let aq = &a.q[t * nin..][..nin];
        for o in range.clone() {
            let we = &scratch[(o - range.start) * nin..][..nin];
            let mut acc = 0.0f32;
            for b in 0..nb {
                let wb = &we[b * BLOCK..][..BLOCK];
                let ab = &aq[b * BLOCK..][..BLOCK];
                let mut lanes = [0i32; 16];
                for j in 0..16 {
                    lanes[j] = i32::from(wb[j]) * i32::from(ab[j])
                        + i32::from(wb[j + 16]) * i32::from(ab[j + 16]);
                }
                let dot: i32 = lanes.iter().sum();
                let scale = w.scales[o * nb + b] * a.d[t * nb + b];
                acc += scale * (dot - a.s[t * nb + b]) as f32;
            }
            y[t * nout + o] = bias[o] + acc;
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    use super::{Q4Matrix, BLOCK, GROUP, Q8};

    /// Tokens computed together, so each weight vector loaded is used for all of them.
    const TOKENS: usize = 2;

    /// Rows `first..first + GROUP` unpacked to one byte per weight (0..15).
    #[target_feature(enable = "avx2,fma")]
    fn unpack_group(w: &Q4Matrix, first: usize, out: &mut [u8]) {
        let n = GROUP * w.cols / 2;
        let packed = &w.quants[first * w.cols / 2..][..n];
        let out = &mut out[..2 * n];
        let low = _mm_set1_epi8(0x0f);
        for (q, o) in packed.chunks_exact(16).zip(out.chunks_exact_mut(32)) {
            // SAFETY: `q` is 16 bytes and `o` 32; unaligned loads and stores.
            unsafe {
                let bytes = _mm_loadu_si128(q.as_ptr().cast());
                let lo = _mm_and_si128(bytes, low);
                let hi = _mm_and_si128(_mm_srli_epi16(bytes, 4), low);
                _mm_storeu_si128(o.as_mut_ptr().cast(), lo);
                _mm_storeu_si128(o.as_mut_ptr().add(16).cast(), hi);
            }
        }
    }

    /// Two vectors of 16-bit lanes folded into one: each 32-bit lane holds a sum of two
    /// lanes of `a` (low half) and of `b` (high half).
    #[target_feature(enable = "avx2,fma")]
    fn fold16(a: __m256i, b: __m256i) -> __m256i {
        _mm256_add_epi16(_mm256_unpacklo_epi16(a, b), _mm256_unpackhi_epi16(a, b))
    }

    /// The same one level up: 32-bit pairs from `a` and `b`, folded.
    #[target_feature(enable = "avx2,fma")]
    fn fold32(a: __m256i, b: __m256i) -> __m256i {
        _mm256_add_epi16(_mm256_unpacklo_epi32(a, b), _mm256_unpackhi_epi32(a, b))
    }

    /// The lane sums of eight vectors of sixteen 16-bit products (each within ±3840, as
    /// `maddubs` gives for a block of nibbles and bytes), as one vector of 32-bit lanes:
    /// lane `r` is the sum of `v[r]`.
    ///
    /// Shuffles and adds only: the multiply unit, which `maddubs` needs (and `madd` would
    /// take again), stays free. Sums of eight products still fit 16 bits (±30720); only
    /// the two 128-bit halves are added in 32 bits.
    #[target_feature(enable = "avx2,fma")]
    fn sum_lanes(v: &[__m256i; GROUP]) -> __m256i {
        let s0123 = fold32(fold16(v[0], v[1]), fold16(v[2], v[3]));
        let s4567 = fold32(fold16(v[4], v[5]), fold16(v[6], v[7]));
        // Each 128-bit half: the eight rows' sums of that half's eight lanes, in order.
        let s = _mm256_add_epi16(
            _mm256_unpacklo_epi64(s0123, s4567),
            _mm256_unpackhi_epi64(s0123, s4567),
        );
        let lo = _mm256_cvtepi16_epi32(_mm256_castsi256_si128(s));
        let hi = _mm256_cvtepi16_epi32(_mm256_extracti128_si256::<1>(s));
        _mm256_add_epi32(lo, hi)
    }

    /// Tokens `t0..t0 + T` of the GROUP rows unpacked in `scratch`, into `acc` (a lane per
    /// row, one vector per token).
    ///
    /// # Safety
    /// The CPU must support AVX2 and FMA; `a` must hold tokens `t0..t0 + T` of `nin`
    /// values, `scratch` GROUP unpacked rows of `nin` and `scales` `nin / BLOCK · GROUP`
    /// floats.
    #[target_feature(enable = "avx2,fma")]
    unsafe fn tile<const T: usize>(
        a: &Q8,
        t0: usize,
        nin: usize,
        scratch: &[u8],
        scales: &[f32],
    ) -> [__m256; T] {
        let nb = nin / BLOCK;
        let mut acc = [_mm256_setzero_ps(); T];
        for b in 0..nb {
            // SAFETY: (for the whole block) every offset is below the lengths the caller
            // guarantees: `a.q` holds `(t0 + T) · nin` bytes, `a.d` and `a.s` `(t0 + T) · nb`
            // values, `scratch` `GROUP · nin` bytes, `scales` `nb · GROUP` floats.
            unsafe {
                let mut av = [_mm256_setzero_si256(); T];
                for (i, v) in av.iter_mut().enumerate() {
                    *v = _mm256_loadu_si256(a.q.as_ptr().add((t0 + i) * nin + b * BLOCK).cast());
                }
                let mut dots = [[_mm256_setzero_si256(); GROUP]; T];
                for r in 0..GROUP {
                    let wv = _mm256_loadu_si256(scratch.as_ptr().add(r * nin + b * BLOCK).cast());
                    for (d, a) in dots.iter_mut().zip(&av) {
                        d[r] = _mm256_maddubs_epi16(wv, *a);
                    }
                }
                let dw = _mm256_loadu_ps(scales.as_ptr().add(b * GROUP));
                for i in 0..T {
                    let blk = (t0 + i) * nb + b;
                    // Σ w·a − 8 · Σ a: the nibbles' zero is 8.
                    let offset = _mm256_set1_epi32(*a.s.get_unchecked(blk));
                    let dot = _mm256_sub_epi32(sum_lanes(&dots[i]), offset);
                    let scale = _mm256_mul_ps(dw, _mm256_set1_ps(*a.d.get_unchecked(blk)));
                    acc[i] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dot), scale, acc[i]);
                }
            }
        }
        acc
    }

    /// Eight rows at a time, unpacked once and used for every token; per block, a row's
    /// integer dot product with a token lands in that row's lane of one vector, which is
    /// scaled and accumulated with one multiply-add.
    ///
    /// # Safety
    /// The CPU must support AVX2 and FMA.
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn matmul(
        w: &Q4Matrix,
        bias: &[f32],
        a: &Q8,
        y: &mut [f32],
        tokens: usize,
        scratch: &mut [u8],
        transposed_scales: &mut Vec<f32>,
    ) {
        let (nin, nout, nb) = (w.cols, w.rows, w.cols / BLOCK);
        assert!(
            a.q.len() >= tokens * nin
                && a.d.len() >= tokens * nb
                && a.s.len() >= tokens * nb
                && scratch.len() >= GROUP * nin
                && bias.len() >= nout
                && y.len() >= tokens * nout
        );
        let full = nout - nout % GROUP;
        transposed_scales.resize(nb * GROUP, 0.0);
        for first in (0..full).step_by(GROUP) {
            unpack_group(w, first, scratch);
            // The group's scales by block: GROUP rows' scales side by side.
            for r in 0..GROUP {
                for b in 0..nb {
                    transposed_scales[b * GROUP + r] = w.scales[(first + r) * nb + b];
                }
            }
            // SAFETY: `bias` has `nout` values and `first + GROUP <= nout`.
            let bias_v = unsafe { _mm256_loadu_ps(bias.as_ptr().add(first)) };
            let store = |y: &mut [f32], t: usize, acc: __m256| {
                let out = &mut y[t * nout + first..][..GROUP];
                // SAFETY: `out` holds GROUP floats.
                unsafe { _mm256_storeu_ps(out.as_mut_ptr(), _mm256_add_ps(acc, bias_v)) };
            };
            let mut t = 0;
            while t + TOKENS <= tokens {
                // SAFETY: checked above: `t + TOKENS <= tokens`, and the buffers' lengths.
                let acc = unsafe { tile::<TOKENS>(a, t, nin, scratch, transposed_scales) };
                for (i, acc) in acc.into_iter().enumerate() {
                    store(y, t + i, acc);
                }
                t += TOKENS;
            }
            while t < tokens {
                // SAFETY: as above, one token.
                let [acc] = unsafe { tile::<1>(a, t, nin, scratch, transposed_scales) };
                store(y, t, acc);
                t += 1;
            }
        }
        if full < nout {
            super::rows(w, bias, a, y, tokens, scratch, full..nout);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(rows: usize, cols: usize) -> Q4Matrix {
        let blocks = rows * cols / BLOCK;
        Q4Matrix {
            rows,
            cols,
            scales: (0..blocks).map(|i| 0.01 + (i % 7) as f32 * 0.003).collect(),
            quants: (0..blocks * 16).map(|i| (i * 37 % 256) as u8).collect(),
        }
    }

    #[test]
    fn the_fast_erf_is_the_erf() {
        let mut worst = 0.0f32;
        for i in -6000..=6000 {
            let x = i as f32 / 1000.0;
            worst = worst.max((erf(x) - libm::erff(x)).abs());
        }
        assert!(worst < 5e-7, "off by {worst}");
    }

    #[test]
    fn rounding_to_integers_is_to_nearest_even() {
        for (x, want) in [
            (0.0, 0),
            (0.5, 0),
            (1.5, 2),
            (2.5, 2),
            (-0.5, 0),
            (-1.5, -2),
            (-2.4, -2),
            (126.6, 127),
            (-127.49, -127),
        ] {
            assert_eq!(round_to_int(x), want, "{x}");
        }
    }

    #[test]
    fn the_fast_exp_is_the_exp() {
        let mut worst = 0.0f32;
        for i in 0..=87_000 {
            let x = -(i as f32) / 1000.0;
            let exact = libm::expf(x);
            worst = worst.max((exp_nonpositive(x) - exact).abs() / exact);
        }
        assert!(worst < 1e-6, "off by {worst} (relative)");
        assert_eq!(exp_nonpositive(-1000.0), exp_nonpositive(-87.0));
    }

    #[test]
    fn softmax_sums_to_one_and_keeps_the_order() {
        let mut x: Vec<f32> = (0..13).map(|i| (i as f32 * 0.7).sin() * 5.0).collect();
        let exact: Vec<f32> = {
            let e: Vec<f32> = x.iter().map(|v| libm::expf(*v)).collect();
            let s: f32 = e.iter().sum();
            e.iter().map(|v| v / s).collect()
        };
        softmax(&mut x);
        for (got, want) in x.iter().zip(&exact) {
            assert!((got - want).abs() < 1e-6, "{got} vs {want}");
        }
    }

    #[test]
    fn half_floats_convert() {
        assert_eq!(f16_to_f32(0x3c00), 1.0);
        assert_eq!(f16_to_f32(0xc000), -2.0);
        assert_eq!(f16_to_f32(0x0001), 2f32.powi(-24));
        assert_eq!(f16_to_f32(0x7bff), 65504.0);
    }

    #[test]
    fn the_integer_product_matches_the_float_product() {
        // 11 rows: one full group and a tail.
        let w = matrix(11, 64);
        let tokens = 3;
        let x: Vec<f32> = (0..tokens * 64)
            .map(|i| ((i * 13 % 29) as f32 - 14.0) / 7.0)
            .collect();
        let bias: Vec<f32> = (0..11).map(|i| i as f32 * 0.1).collect();
        let mut a = Q8::default();
        a.quantise(&x, 64);
        let mut y = vec![0.0; tokens * 11];
        let mut scratch = MatmulScratch::default();
        matmul(Kernel::detect(), &w, &bias, &a, &mut y, &mut scratch);
        let mut yp = vec![0.0; tokens * 11];
        matmul(Kernel::Portable, &w, &bias, &a, &mut yp, &mut scratch);
        let mut row = vec![0.0; 64];
        for o in 0..11 {
            w.dequantise_row(o, &mut row);
            for t in 0..tokens {
                let exact: f32 = bias[o]
                    + row
                        .iter()
                        .zip(&x[t * 64..][..64])
                        .map(|(w, x)| w * x)
                        .sum::<f32>();
                let got = y[t * 11 + o];
                assert!(
                    (got - exact).abs() < 0.02 * (1.0 + exact.abs()),
                    "{o},{t}: {got} vs {exact}"
                );
                assert!(
                    (got - yp[t * 11 + o]).abs() < 1e-4,
                    "{o},{t}: simd and portable differ"
                );
            }
        }
    }
}
