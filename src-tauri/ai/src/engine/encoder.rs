//! The BERT (XLM-RoBERTa) encoder: embeddings, then per layer self-attention and a GELU
//! feed-forward, each followed by a residual layer norm (post-norm); the output is the mean
//! of the tokens' last hidden states. Matrices stay 4-bit; activations are quantised to
//! 8 bits before each product (see `kernels`). A text is run at its own length, with no
//! padding, and every buffer is allocated once per text.

use std::cell::Cell;

use super::attention::{attend, AttentionScratch};
use super::kernels::{dot, gelu, matmul, sum, Kernel, MatmulScratch, Q4Matrix, Q8};

pub(crate) struct Layer {
    pub q: Q4Matrix,
    pub q_bias: Vec<f32>,
    pub k: Q4Matrix,
    pub k_bias: Vec<f32>,
    pub v: Q4Matrix,
    pub v_bias: Vec<f32>,
    pub out: Q4Matrix,
    pub out_bias: Vec<f32>,
    pub attn_norm_w: Vec<f32>,
    pub attn_norm_b: Vec<f32>,
    pub up: Q4Matrix,
    pub up_bias: Vec<f32>,
    pub down: Q4Matrix,
    pub down_bias: Vec<f32>,
    pub out_norm_w: Vec<f32>,
    pub out_norm_b: Vec<f32>,
}

pub(crate) struct Encoder {
    pub word: Q4Matrix,
    /// `positions × hidden`.
    pub position: Vec<f32>,
    /// The embedding of token type 0 (the only one a single text uses).
    pub token_type: Vec<f32>,
    pub norm_w: Vec<f32>,
    pub norm_b: Vec<f32>,
    pub layers: Vec<Layer>,
    pub hidden: usize,
    pub heads: usize,
    pub feed_forward: usize,
    pub eps: f32,
    pub kernel: Kernel,
}

/// Texts up to this many tokens leave their working memory to the thread's next text
/// (about 2 MB); a longer one frees its own.
const KEEP_TOKENS: usize = 128;

thread_local! {
    /// Each thread's working memory between texts: allocating and zeroing it for every
    /// text cost page faults on every call.
    static SCRATCH: Cell<Scratch> = Cell::new(Scratch::default());
}

/// The working memory of one forward pass. Every buffer is written in full before it is
/// read, so one left from an earlier text only needs its length set.
#[derive(Default)]
struct Scratch {
    x: Vec<f32>,
    q: Vec<f32>,
    k: Vec<f32>,
    v: Vec<f32>,
    ctx: Vec<f32>,
    tmp: Vec<f32>,
    mid: Vec<f32>,
    act: Q8,
    products: MatmulScratch,
    attention: AttentionScratch,
}

/// `x[t] = layer_norm(x[t] + y[t])` for each token (`y` none: just the norm).
#[inline(always)]
fn add_norm(x: &mut [f32], y: Option<&[f32]>, w: &[f32], b: &[f32], hidden: usize, eps: f32) {
    for (t, r) in x.chunks_exact_mut(hidden).enumerate() {
        if let Some(y) = y {
            for (r, y) in r.iter_mut().zip(&y[t * hidden..][..hidden]) {
                *r += y;
            }
        }
        let mean = sum(r) / hidden as f32;
        r.iter_mut().for_each(|v| *v -= mean);
        let var = dot(r, r) / hidden as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((r, w), b) in r.iter_mut().zip(w).zip(b) {
            *r = *r * inv * w + b;
        }
    }
}

impl Encoder {
    pub(crate) fn memory_bytes(&self) -> usize {
        let f = |v: &Vec<f32>| v.len() * 4;
        let layers: usize = self
            .layers
            .iter()
            .map(|l| {
                [&l.q, &l.k, &l.v, &l.out, &l.up, &l.down]
                    .iter()
                    .map(|m| m.memory_bytes())
                    .sum::<usize>()
                    + [
                        &l.q_bias,
                        &l.k_bias,
                        &l.v_bias,
                        &l.out_bias,
                        &l.attn_norm_w,
                        &l.attn_norm_b,
                        &l.up_bias,
                        &l.down_bias,
                        &l.out_norm_w,
                        &l.out_norm_b,
                    ]
                    .iter()
                    .map(|v| f(v))
                    .sum::<usize>()
            })
            .sum();
        self.word.memory_bytes()
            + f(&self.position)
            + f(&self.token_type)
            + f(&self.norm_w)
            + f(&self.norm_b)
            + layers
    }

    /// The mean of the last hidden states of `ids` (bos … eos), not normalised.
    pub(crate) fn mean_pooled(&self, ids: &[u32]) -> Vec<f32> {
        match self.kernel {
            // SAFETY: `Kernel::Avx2` is chosen only when the CPU has AVX2 and FMA.
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 => unsafe { self.forward_avx2(ids) },
            _ => self.forward(ids),
        }
    }

    /// The forward pass compiled for AVX2 and FMA: every loop inlined into it is
    /// vectorised for them.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn forward_avx2(&self, ids: &[u32]) -> Vec<f32> {
        self.forward(ids)
    }

    #[inline(always)]
    fn forward(&self, ids: &[u32]) -> Vec<f32> {
        let (h, n) = (self.hidden, ids.len());
        let mut s = SCRATCH.take();
        for buffer in [
            &mut s.x, &mut s.q, &mut s.k, &mut s.v, &mut s.ctx, &mut s.tmp,
        ] {
            buffer.resize(n * h, 0.0);
        }
        s.mid.resize(n * self.feed_forward, 0.0);
        for (t, id) in ids.iter().enumerate() {
            let row = &mut s.x[t * h..][..h];
            self.word.dequantise_row(*id as usize, row);
            let pos = &self.position[t * h..][..h];
            for ((r, p), ty) in row.iter_mut().zip(pos).zip(&self.token_type) {
                *r += p + ty;
            }
        }
        add_norm(&mut s.x, None, &self.norm_w, &self.norm_b, h, self.eps);
        for layer in &self.layers {
            self.layer(layer, &mut s);
        }
        let mut pooled = vec![0.0f32; h];
        for r in s.x.chunks_exact(h) {
            for (p, v) in pooled.iter_mut().zip(r) {
                *p += v;
            }
        }
        let inv = 1.0 / n as f32;
        pooled.iter_mut().for_each(|p| *p *= inv);
        if n <= KEEP_TOKENS {
            SCRATCH.set(s);
        }
        pooled
    }

    #[inline(always)]
    fn layer(&self, l: &Layer, s: &mut Scratch) {
        let h = self.hidden;
        s.act.quantise(self.kernel, &s.x, h);
        matmul(
            self.kernel,
            &l.q,
            &l.q_bias,
            &s.act,
            &mut s.q,
            &mut s.products,
        );
        matmul(
            self.kernel,
            &l.k,
            &l.k_bias,
            &s.act,
            &mut s.k,
            &mut s.products,
        );
        matmul(
            self.kernel,
            &l.v,
            &l.v_bias,
            &s.act,
            &mut s.v,
            &mut s.products,
        );
        attend(
            &s.q,
            &s.k,
            &s.v,
            &mut s.ctx,
            h,
            self.heads,
            &mut s.attention,
        );
        s.act.quantise(self.kernel, &s.ctx, h);
        matmul(
            self.kernel,
            &l.out,
            &l.out_bias,
            &s.act,
            &mut s.tmp,
            &mut s.products,
        );
        add_norm(
            &mut s.x,
            Some(&s.tmp),
            &l.attn_norm_w,
            &l.attn_norm_b,
            h,
            self.eps,
        );
        s.act.quantise(self.kernel, &s.x, h);
        matmul(
            self.kernel,
            &l.up,
            &l.up_bias,
            &s.act,
            &mut s.mid,
            &mut s.products,
        );
        gelu(&mut s.mid);
        s.act.quantise(self.kernel, &s.mid, self.feed_forward);
        matmul(
            self.kernel,
            &l.down,
            &l.down_bias,
            &s.act,
            &mut s.tmp,
            &mut s.products,
        );
        add_norm(
            &mut s.x,
            Some(&s.tmp),
            &l.out_norm_w,
            &l.out_norm_b,
            h,
            self.eps,
        );
    }
}
