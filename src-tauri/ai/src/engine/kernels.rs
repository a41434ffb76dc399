//! The hot loops: activations quantised to 8 bits per 32-value block (Q8_0), and the
//! product of those with 4-bit weights (Q4_0) in integer arithmetic, as llama.cpp does.
//!
//! Each output is `bias + Σ_blocks d_w · d_a · (⟨w, a⟩ − 8 · Σa)`: the weights' nibbles are
//! unsigned (0..15, zero at 8), so the −8 offset is folded in through each activation
//! block's sum. AVX2 does the integer dot products 32 at a time (`maddubs`); the portable
//! loop gives the same integers, and floats summed in another order.

use super::model::BLOCK;

/// A matrix of 4-bit weights, `rows × cols`, one scale per 32 weights of a row.
///
/// In the file, block `b` of row `r` is 16 bytes: byte `j` holds weight `j` in its low
/// nibble and weight `j + 16` in its high one. Here rows come in groups of [`GROUP`]
/// (the rows past the last whole group keep the file's order): for group `g` and block
/// `b`, 128 bytes hold the group's rows' four-byte pieces `j` (0..4) side by side, piece
/// `j` of all eight rows, then piece `j + 1`; and 8 scales, one per row. One 32-byte load
/// then gives, masked and shifted, weights `4j..4j + 4` and `16 + 4j..16 + 4j + 4` of
/// every row of the group, which the AVX2 product takes without rearranging anything.
pub(crate) struct Q4Matrix {
    pub rows: usize,
    pub cols: usize,
    scales: Vec<f32>,
    quants: Vec<u8>,
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
        let nb = cols / BLOCK;
        let mut m = Q4Matrix {
            rows,
            cols,
            scales: vec![0.0; rows * nb],
            quants: vec![0; rows * nb * 16],
        };
        for (i, block) in raw.chunks_exact(18).take(rows * nb).enumerate() {
            let (r, b) = (i / nb, i % nb);
            let at = m.scale_at(r, b);
            m.scales[at] = f16_to_f32(u16::from_le_bytes([block[0], block[1]]));
            for (j, byte) in block[2..].iter().enumerate() {
                let at = m.byte_at(r, b, j);
                m.quants[at] = *byte;
            }
        }
        m
    }

    /// Rows in whole groups (the rest keep the file's order).
    fn grouped_rows(&self) -> usize {
        self.rows - self.rows % GROUP
    }

    /// Where byte `j` (0..16) of block `b` of row `r` is kept.
    #[inline(always)]
    fn byte_at(&self, r: usize, b: usize, j: usize) -> usize {
        let nb = self.cols / BLOCK;
        let full = self.grouped_rows();
        if r < full {
            ((r / GROUP) * nb + b) * GROUP * 16 + (j / 4) * GROUP * 4 + (r % GROUP) * 4 + j % 4
        } else {
            (full * nb + (r - full) * nb + b) * 16 + j
        }
    }

    /// Where the scale of block `b` of row `r` is kept.
    #[inline(always)]
    fn scale_at(&self, r: usize, b: usize) -> usize {
        let nb = self.cols / BLOCK;
        let full = self.grouped_rows();
        if r < full {
            ((r / GROUP) * nb + b) * GROUP + r % GROUP
        } else {
            full * nb + (r - full) * nb + b
        }
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        self.scales.len() * 4 + self.quants.len()
    }

    /// Row `r` as floats, into `out` (`cols` long).
    pub(crate) fn dequantise_row(&self, r: usize, out: &mut [f32]) {
        let nb = self.cols / BLOCK;
        for b in 0..nb {
            let d = self.scales[self.scale_at(r, b)];
            let o = &mut out[b * BLOCK..][..BLOCK];
            for j in 0..16 {
                let q = self.quants[self.byte_at(r, b, j)];
                o[j] = (i32::from(q & 0x0f) - 8) as f32 * d;
                o[j + 16] = (i32::from(q >> 4) - 8) as f32 * d;
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
    /// Quantise `x` (`tokens × cols`, row-major), reusing this buffer's memory. Both
    /// kernels give the same values.
    #[inline(always)]
    pub(crate) fn quantise(&mut self, kernel: Kernel, x: &[f32], cols: usize) {
        let blocks = x.len() / BLOCK;
        self.q.resize(x.len(), 0);
        self.d.resize(blocks, 0.0);
        self.s.resize(blocks, 0);
        debug_assert_eq!(x.len() % cols, 0);
        match kernel {
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 => {
                // SAFETY: `Kernel::Avx2` is chosen only when the CPU has AVX2 and FMA.
                unsafe { avx2::quantise(self, x) }
            }
            _ => self.quantise_portable(x),
        }
    }

    #[inline(always)]
    fn quantise_portable(&mut self, x: &[f32]) {
        for (b, xs) in x.chunks_exact(BLOCK).enumerate() {
            let mut m = [0.0f32; 8];
            for c in xs.chunks_exact(8) {
                for i in 0..8 {
                    let a = c[i].abs();
                    m[i] = if a > m[i] { a } else { m[i] };
                }
            }
            let amax = m.iter().fold(0.0f32, |a, b| a.max(*b));
            let (d, inv) = block_scale(amax);
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

/// The scale of a block whose largest magnitude is `amax`, and its inverse (0 for a
/// block of zeros).
#[inline(always)]
fn block_scale(amax: f32) -> (f32, f32) {
    let d = amax / 127.0;
    (d, if d > 0.0 { 1.0 / d } else { 0.0 })
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

/// Rows computed together (and kept together in a [`Q4Matrix`]), so each activation block
/// is loaded once for all of them.
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
            unsafe { avx2::matmul(w, bias, a, y, tokens, &mut scratch.unpacked) }
        }
        _ => portable(w, bias, a, y, tokens, &mut scratch.unpacked),
    }
}

/// Unpack rows `first..first + n` to one byte per weight (0..15), in weight order.
#[inline(always)]
fn unpack_rows(w: &Q4Matrix, first: usize, n: usize, out: &mut [u8]) {
    let nb = w.cols / BLOCK;
    for r in 0..n {
        let o = &mut out[r * w.cols..][..w.cols];
        for b in 0..nb {
            // Both layouts keep four bytes of a block together.
            for j in (0..16).step_by(4) {
                let at = w.byte_at(first + r, b, j);
                for (i, q) in w.quants[at..at + 4].iter().enumerate() {
                    o[b * BLOCK + j + i] = q & 0x0f;
                    o[b * BLOCK + j + i + 16] = q >> 4;
                }
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
                let scale = w.scales[w.scale_at(o, b)] * a.d[t * nb + b];
                acc += scale * (dot - a.s[t * nb + b]) as f32;
            }
            y[t * nout + o] = bias[o] + acc;
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    use super::{block_scale, Q4Matrix, BLOCK, GROUP, Q8};

    /// [`Q8::quantise`] eight values at a time: the same largest magnitude and scale, and
    /// the conversion rounds to nearest even as `round_to_int` does.
    ///
    /// # Safety
    /// The CPU must support AVX2 and FMA; `a` must have room for `x`'s blocks.
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn quantise(a: &mut Q8, x: &[f32]) {
        let blocks = x.len() / BLOCK;
        assert!(a.q.len() >= blocks * BLOCK && a.d.len() >= blocks && a.s.len() >= blocks);
        let sign = _mm256_set1_ps(-0.0);
        let order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
        for b in 0..blocks {
            // SAFETY: block `b` is within `x` and, as asserted, within `a`.
            unsafe {
                let at = x.as_ptr().add(b * BLOCK);
                let v = [0, 8, 16, 24].map(|i| _mm256_loadu_ps(at.add(i)));
                let m = v.map(|v| _mm256_andnot_ps(sign, v));
                let m = _mm256_max_ps(_mm256_max_ps(m[0], m[1]), _mm256_max_ps(m[2], m[3]));
                let m = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
                let m = _mm_max_ps(m, _mm_movehl_ps(m, m));
                let m = _mm_max_ss(m, _mm_shuffle_ps(m, m, 1));
                let (d, inv) = block_scale(_mm_cvtss_f32(m));
                let inv = _mm256_set1_ps(inv);
                // |x · inv| ≤ 127 (a rounding of 127 at most), so the conversion needs
                // no clamp for the sum; the packing saturates as the clamp would.
                let i = v.map(|v| _mm256_cvtps_epi32(_mm256_mul_ps(v, inv)));
                let total =
                    _mm256_add_epi32(_mm256_add_epi32(i[0], i[1]), _mm256_add_epi32(i[2], i[3]));
                let total = _mm_add_epi32(
                    _mm256_castsi256_si128(total),
                    _mm256_extracti128_si256(total, 1),
                );
                let total = _mm_add_epi32(total, _mm_unpackhi_epi64(total, total));
                let total = _mm_add_epi32(total, _mm_shuffle_epi32(total, 1));
                let packed = _mm256_packs_epi16(
                    _mm256_packs_epi32(i[0], i[1]),
                    _mm256_packs_epi32(i[2], i[3]),
                );
                let packed = _mm256_permutevar8x32_epi32(packed, order);
                _mm256_storeu_si256(a.q.as_mut_ptr().add(b * BLOCK).cast(), packed);
                *a.d.get_unchecked_mut(b) = d;
                *a.s.get_unchecked_mut(b) = 8 * _mm_cvtsi128_si32(total);
            }
        }
    }

    /// Tokens computed together, so each weight vector loaded is used for all of them
    /// (five sums and five totals stay in registers with the step's weights; measured
    /// against three, four and six).
    const TOKENS: usize = 5;

    /// Tokens `t0..t0 + T` of group `g` of `w`'s rows, into `acc` (a lane per row, one
    /// vector per token).
    ///
    /// Per block, each 32-byte load of the group's weights gives two steps of four weights
    /// for all eight rows (low and high nibbles). Per step and token one `maddubs` with
    /// the token's four activations repeated eight times adds into sixteen 16-bit lanes,
    /// two per row (each within ±3840 a step, so ±30720 after the eight: no overflow),
    /// and one `madd` folds each row's two lanes into its 32-bit lane.
    ///
    /// # Safety
    /// The CPU must support AVX2 and FMA; `a` must hold tokens `t0..t0 + T` of `w.cols`
    /// values and `g` must be a whole group of `w`.
    #[target_feature(enable = "avx2,fma")]
    unsafe fn tile<const T: usize>(w: &Q4Matrix, g: usize, a: &Q8, t0: usize) -> [__m256; T] {
        let nin = w.cols;
        let nb = nin / BLOCK;
        let ones = _mm256_set1_epi16(1);
        let low = _mm256_set1_epi8(0x0f);
        // The four steps of a block as a loop the compiler does not unroll: unrolled, it
        // loads all four steps' weights ahead and runs out of registers, and tiles of more
        // than three tokens were slower.
        let steps = std::hint::black_box(4usize);
        let mut acc = [_mm256_setzero_ps(); T];
        for b in 0..nb {
            // SAFETY: (for the whole block) every offset is below the lengths the caller
            // guarantees: `a.q` holds `(t0 + T) · nin` bytes, `a.d` and `a.s` `(t0 + T) · nb`
            // values; group `g` is whole, so its block `b` has 128 bytes and 8 scales.
            unsafe {
                let mut sums = [_mm256_setzero_si256(); T];
                let weights = w.quants.as_ptr().add((g * nb + b) * GROUP * 16);
                for j in 0..steps {
                    let packed = _mm256_loadu_si256(weights.add(j * 32).cast());
                    let first = _mm256_and_si256(packed, low);
                    let second = _mm256_and_si256(_mm256_srli_epi16(packed, 4), low);
                    for (i, sum) in sums.iter_mut().enumerate() {
                        let at = a.q.as_ptr().add((t0 + i) * nin + b * BLOCK + 4 * j);
                        let a1 = _mm256_set1_epi32(at.cast::<i32>().read_unaligned());
                        let a2 = _mm256_set1_epi32(at.add(16).cast::<i32>().read_unaligned());
                        let both = _mm256_add_epi16(
                            _mm256_maddubs_epi16(first, a1),
                            _mm256_maddubs_epi16(second, a2),
                        );
                        *sum = _mm256_add_epi16(*sum, both);
                    }
                }
                let dw = _mm256_loadu_ps(w.scales.as_ptr().add((g * nb + b) * GROUP));
                for (i, sum) in sums.into_iter().enumerate() {
                    let blk = (t0 + i) * nb + b;
                    // Σ w·a − 8 · Σ a: the nibbles' zero is 8.
                    let offset = _mm256_set1_epi32(*a.s.get_unchecked(blk));
                    let dot = _mm256_sub_epi32(_mm256_madd_epi16(sum, ones), offset);
                    let scale = _mm256_mul_ps(dw, _mm256_set1_ps(*a.d.get_unchecked(blk)));
                    acc[i] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dot), scale, acc[i]);
                }
            }
        }
        acc
    }

    /// A tile's sums, in an array for the widest tile, with how many there are.
    #[inline(always)]
    fn widen<const T: usize>(acc: [__m256; T]) -> ([__m256; TOKENS], usize) {
        // SAFETY: an all-zero bit pattern is a valid `__m256`.
        let mut wide = [unsafe { _mm256_setzero_ps() }; TOKENS];
        wide[..T].copy_from_slice(&acc);
        (wide, T)
    }

    /// Eight rows at a time, read from their grouped layout for every few tokens; per
    /// block, a row's integer dot product with a token lands in that row's lane of one
    /// vector, which is scaled and accumulated with one multiply-add.
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
    ) {
        let (nin, nout, nb) = (w.cols, w.rows, w.cols / BLOCK);
        assert!(
            a.q.len() >= tokens * nin
                && a.d.len() >= tokens * nb
                && a.s.len() >= tokens * nb
                && scratch.len() >= GROUP * nin
                && bias.len() >= nout
                && y.len() >= tokens * nout
                && w.quants.len() >= nout * nb * 16
                && w.scales.len() >= nout * nb
        );
        let full = w.grouped_rows();
        for g in 0..full / GROUP {
            let first = g * GROUP;
            // SAFETY: `bias` has `nout` values and `first + GROUP <= nout`.
            let bias_v = unsafe { _mm256_loadu_ps(bias.as_ptr().add(first)) };
            let store = |y: &mut [f32], t: usize, acc: __m256| {
                let out = &mut y[t * nout + first..][..GROUP];
                // SAFETY: `out` holds GROUP floats.
                unsafe { _mm256_storeu_ps(out.as_mut_ptr(), _mm256_add_ps(acc, bias_v)) };
            };
            let mut t = 0;
            while t < tokens {
                // SAFETY: (every arm) checked above: `t + n <= tokens` for the `n` tokens
                // of the tile, and the buffers' lengths.
                let (acc, n) = unsafe {
                    match tokens - t {
                        1 => widen(tile::<1>(w, g, a, t)),
                        2 => widen(tile::<2>(w, g, a, t)),
                        3 => widen(tile::<3>(w, g, a, t)),
                        4 => widen(tile::<4>(w, g, a, t)),
                        _ => widen(tile::<TOKENS>(w, g, a, t)),
                    }
                };
                for (i, acc) in acc.into_iter().take(n).enumerate() {
                    store(y, t + i, acc);
                }
                t += n;
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

    /// A matrix in the file's layout: per block an f16 scale (1/128, 1/64 or 1/32) and 16
    /// bytes of nibbles.
    fn matrix(rows: usize, cols: usize) -> Q4Matrix {
        let blocks = rows * cols / BLOCK;
        let mut raw = Vec::with_capacity(blocks * 18);
        for i in 0..blocks {
            let half: u16 = [0x2000, 0x2400, 0x2800][i % 3];
            raw.extend_from_slice(&half.to_le_bytes());
            raw.extend((0..16).map(|j| ((i * 16 + j) * 37 % 256) as u8));
        }
        Q4Matrix::from_blocks(&raw, rows, cols)
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
    fn both_quantisers_give_the_same_blocks() {
        // Four blocks: mixed signs and sizes, ties at .5 steps, a block of zeros, one
        // dominated by a single large value.
        let mut x: Vec<f32> = (0..64)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 3.0)
            .collect();
        x.extend((0..32).map(|i| if i == 0 { 127.0 } else { i as f32 - 16.5 }));
        x.extend([0.0; 32]);
        x.extend((0..32).map(|i| if i == 5 { -1e6 } else { i as f32 * 1e-3 }));
        let mut simd = Q8::default();
        simd.quantise(Kernel::detect(), &x, 32);
        let mut portable = Q8::default();
        portable.quantise(Kernel::Portable, &x, 32);
        assert_eq!(simd.q, portable.q);
        assert_eq!(simd.d, portable.d);
        assert_eq!(simd.s, portable.s);
        assert_eq!(simd.q[128 + 5], -127);
        assert!(simd.q[96..128].iter().all(|q| *q == 0) && simd.d[3] == 0.0);
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
        // 11 rows: one full group and a tail; token counts that fill the widest tile, leave
        // each narrower one as the remainder, or are all remainder.
        let w = matrix(11, 64);
        let bias: Vec<f32> = (0..11).map(|i| i as f32 * 0.1).collect();
        let mut scratch = MatmulScratch::default();
        let mut row = vec![0.0; 64];
        for tokens in [1, 2, 3, 4, 5, 6, 7, 8, 9, 13] {
            let x: Vec<f32> = (0..tokens * 64)
                .map(|i| ((i * 13 % 29) as f32 - 14.0) / 7.0)
                .collect();
            let mut a = Q8::default();
            a.quantise(Kernel::detect(), &x, 64);
            let mut y = vec![0.0; tokens * 11];
            matmul(Kernel::detect(), &w, &bias, &a, &mut y, &mut scratch);
            let mut yp = vec![0.0; tokens * 11];
            matmul(Kernel::Portable, &w, &bias, &a, &mut yp, &mut scratch);
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
                        "{tokens} tokens, {o},{t}: {got} vs {exact}"
                    );
                    assert!(
                        (got - yp[t * 11 + o]).abs() < 1e-4,
                        "{tokens} tokens, {o},{t}: simd and portable differ"
                    );
                }
            }
        }
    }
}
