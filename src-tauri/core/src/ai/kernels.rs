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

/// Activations of `tokens × cols`, quantised per 32-value block: values, scale and sum.
#[derive(Default)]
pub(crate) struct Q8 {
    pub q: Vec<i8>,
    pub d: Vec<f32>,
    pub s: Vec<i32>,
}

impl Q8 {
    /// Quantise `x` (`tokens × cols`, row-major), reusing this buffer's memory.
    pub(crate) fn quantise(&mut self, x: &[f32], cols: usize) {
        let blocks = x.len() / BLOCK;
        self.q.resize(x.len(), 0);
        self.d.resize(blocks, 0.0);
        self.s.resize(blocks, 0);
        debug_assert_eq!(x.len() % cols, 0);
        for (b, xs) in x.chunks_exact(BLOCK).enumerate() {
            let amax = xs.iter().fold(0.0f32, |m, v| m.max(v.abs()));
            let d = amax / 127.0;
            let inv = if d > 0.0 { 1.0 / d } else { 0.0 };
            let q = &mut self.q[b * BLOCK..][..BLOCK];
            let mut sum = 0i32;
            for (o, v) in q.iter_mut().zip(xs) {
                let i = ((v * inv).round_ties_even() as i32).clamp(-128, 127);
                *o = i as i8;
                sum += i;
            }
            self.d[b] = d;
            self.s[b] = sum;
        }
    }
}

/// Rows computed together, so each activation block is loaded once for all of them.
const GROUP: usize = 8;

/// `y[t][o] = bias[o] + Σ w[o] · a[t]` for the `y.len() / w.rows` tokens of `a`.
/// `scratch` holds the group's weights unpacked to bytes.
pub(crate) fn matmul(w: &Q4Matrix, bias: &[f32], a: &Q8, y: &mut [f32], scratch: &mut Vec<u8>) {
    let tokens = y.len() / w.rows;
    debug_assert_eq!(a.q.len(), tokens * w.cols);
    scratch.resize(GROUP * w.cols, 0);
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            // SAFETY: the CPU has AVX2 and FMA (checked just above).
            unsafe { avx2::matmul(w, bias, a, y, tokens, scratch) };
            return;
        }
    }
    portable(w, bias, a, y, tokens, scratch);
}

/// Unpack rows `first..first + n` to one byte per weight (0..15), in weight order.
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
pub(crate) fn portable(
    w: &Q4Matrix,
    bias: &[f32],
    a: &Q8,
    y: &mut [f32],
    tokens: usize,
    scratch: &mut [u8],
) {
    let (nin, nout, nb) = (w.cols, w.rows, w.cols / BLOCK);
    for first in (0..nout).step_by(GROUP) {
        let n = GROUP.min(nout - first);
        unpack_rows(w, first, n, scratch);
        for t in 0..tokens {
            let aq = &a.q[t * nin..][..nin];
            for r in 0..n {
                let o = first + r;
                let we = &scratch[r * nin..][..nin];
                let mut acc = 0.0f32;
                for b in 0..nb {
                    let wb = &we[b * BLOCK..][..BLOCK];
                    let ab = &aq[b * BLOCK..][..BLOCK];
                    let dot: i32 = wb
                        .iter()
                        .zip(ab)
                        .map(|(w, a)| i32::from(*w) * i32::from(*a))
                        .sum();
                    let scale = w.scales[o * nb + b] * a.d[t * nb + b];
                    acc += scale * (dot - 8 * a.s[t * nb + b]) as f32;
                }
                y[t * nout + o] = bias[o] + acc;
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    use super::{unpack_rows, Q4Matrix, BLOCK, GROUP, Q8};

    #[target_feature(enable = "avx2,fma")]
    fn hsum(v: __m256) -> f32 {
        let lo = _mm256_castps256_ps128(v);
        let hi = _mm256_extractf128_ps(v, 1);
        let s = _mm_add_ps(lo, hi);
        let s = _mm_add_ps(s, _mm_movehl_ps(s, s));
        let s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
        _mm_cvtss_f32(s)
    }

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
        let full = nout - nout % GROUP;
        let ones = _mm256_set1_epi16(1);
        for first in (0..full).step_by(GROUP) {
            unpack_rows(w, first, GROUP, scratch);
            let dw = &w.scales[first * nb..][..GROUP * nb];
            for t in 0..tokens {
                let aq = &a.q[t * nin..][..nin];
                let (ad, asum) = (&a.d[t * nb..][..nb], &a.s[t * nb..][..nb]);
                let mut acc = [_mm256_setzero_ps(); GROUP];
                let mut corr = [0.0f32; GROUP];
                for b in 0..nb {
                    // SAFETY: `aq` holds `nb` blocks of 32 bytes; unaligned loads.
                    let av = unsafe { _mm256_loadu_si256(aq.as_ptr().add(b * BLOCK).cast()) };
                    let (da, sa) = (ad[b], asum[b] as f32);
                    for r in 0..GROUP {
                        // SAFETY: row `r` of the scratch holds `nin` = `nb · 32` bytes.
                        let wv = unsafe {
                            _mm256_loadu_si256(scratch.as_ptr().add(r * nin + b * BLOCK).cast())
                        };
                        let dot = _mm256_madd_epi16(_mm256_maddubs_epi16(wv, av), ones);
                        let scale = dw[r * nb + b] * da;
                        acc[r] =
                            _mm256_fmadd_ps(_mm256_cvtepi32_ps(dot), _mm256_set1_ps(scale), acc[r]);
                        corr[r] += scale * sa;
                    }
                }
                let out = &mut y[t * nout + first..][..GROUP];
                for r in 0..GROUP {
                    out[r] = bias[first + r] + hsum(acc[r]) - 8.0 * corr[r];
                }
            }
        }
        if full < nout {
            tail(w, bias, a, y, tokens, scratch, full);
        }
    }

    /// The rows after the last full group, one at a time.
    fn tail(
        w: &Q4Matrix,
        bias: &[f32],
        a: &Q8,
        y: &mut [f32],
        tokens: usize,
        scratch: &mut [u8],
        from: usize,
    ) {
        let (nin, nout, nb) = (w.cols, w.rows, w.cols / BLOCK);
        unpack_rows(w, from, nout - from, scratch);
        for t in 0..tokens {
            for o in from..nout {
                let we = &scratch[(o - from) * nin..][..nin];
                let mut acc = 0.0f32;
                for b in 0..nb {
                    let dot: i32 = we[b * BLOCK..][..BLOCK]
                        .iter()
                        .zip(&a.q[t * nin + b * BLOCK..][..BLOCK])
                        .map(|(w, a)| i32::from(*w) * i32::from(*a))
                        .sum();
                    let scale = w.scales[o * nb + b] * a.d[t * nb + b];
                    acc += scale * (dot - 8 * a.s[t * nb + b]) as f32;
                }
                y[t * nout + o] = bias[o] + acc;
            }
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
        let mut scratch = Vec::new();
        matmul(&w, &bias, &a, &mut y, &mut scratch);
        let mut yp = vec![0.0; tokens * 11];
        portable(&w, &bias, &a, &mut yp, tokens, &mut scratch);
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
