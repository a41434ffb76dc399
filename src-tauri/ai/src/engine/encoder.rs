//! The BERT (XLM-RoBERTa) encoder: embeddings, then per layer self-attention and a GELU
//! feed-forward, each followed by a residual layer norm (post-norm); the output is the mean
//! of the tokens' last hidden states. Matrices stay 4-bit; activations are quantised to
//! 8 bits before each product (see `kernels`). A text is run at its own length, with no
//! padding, and every buffer is allocated once per text.

use super::kernels::{dot, gelu, matmul, softmax, sum, Kernel, MatmulScratch, Q4Matrix, Q8};

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

/// The working memory of one forward pass.
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
    prob: Vec<f32>,
    /// One head's keys, transposed: `head_dim × tokens`.
    keys: Vec<f32>,
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

/// `out[u] = scale · ⟨q, key u⟩` for the keys of one head, transposed in `keys`
/// (`q.len() × out.len()`): 32 keys at a time (four independent sums of eight), then 8,
/// then one by one, summed in registers over `q`.
#[inline(always)]
fn scores(q: &[f32], scale: f32, keys: &[f32], out: &mut [f32]) {
    let n = out.len();
    let mut u0 = 0;
    while u0 + 32 <= n {
        scores_of::<32>(q, scale, keys, n, u0, out);
        u0 += 32;
    }
    while u0 + 8 <= n {
        scores_of::<8>(q, scale, keys, n, u0, out);
        u0 += 8;
    }
    while u0 < n {
        scores_of::<1>(q, scale, keys, n, u0, out);
        u0 += 1;
    }
}

/// Keys `u0..u0 + W` of [`scores`].
#[inline(always)]
fn scores_of<const W: usize>(
    q: &[f32],
    scale: f32,
    keys: &[f32],
    n: usize,
    u0: usize,
    out: &mut [f32],
) {
    let mut acc = [0.0f32; W];
    for (q, row) in q.iter().zip(keys.chunks_exact(n)) {
        let k: &[f32; W] = match row[u0..].first_chunk() {
            Some(k) => k,
            None => return,
        };
        for (a, k) in acc.iter_mut().zip(k) {
            *a += q * k;
        }
    }
    for (o, a) in out[u0..u0 + W].iter_mut().zip(acc) {
        *o = a * scale;
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
        let mut s = Scratch {
            x: vec![0.0; n * h],
            q: vec![0.0; n * h],
            k: vec![0.0; n * h],
            v: vec![0.0; n * h],
            ctx: vec![0.0; n * h],
            tmp: vec![0.0; n * h],
            mid: vec![0.0; n * self.feed_forward],
            act: Q8::default(),
            products: MatmulScratch::default(),
            prob: vec![0.0; n],
            keys: Vec::new(),
        };
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
        pooled
    }

    #[inline(always)]
    fn layer(&self, l: &Layer, s: &mut Scratch) {
        let h = self.hidden;
        s.act.quantise(&s.x, h);
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
        self.attention(s);
        s.act.quantise(&s.ctx, h);
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
        s.act.quantise(&s.x, h);
        matmul(
            self.kernel,
            &l.up,
            &l.up_bias,
            &s.act,
            &mut s.mid,
            &mut s.products,
        );
        gelu(&mut s.mid);
        s.act.quantise(&s.mid, self.feed_forward);
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

    /// Scaled dot-product attention of every token over all tokens, head by head. Each
    /// head's keys are transposed first, so a token's scores over all keys are computed
    /// eight keys at a time.
    #[inline(always)]
    fn attention(&self, s: &mut Scratch) {
        let h = self.hidden;
        let hd = h / self.heads;
        let n = s.x.len() / h;
        let scale = 1.0 / (hd as f32).sqrt();
        s.keys.resize(hd * n, 0.0);
        for head in 0..self.heads {
            let off = head * hd;
            for u in 0..n {
                for (d, k) in s.k[u * h + off..][..hd].iter().enumerate() {
                    s.keys[d * n + u] = *k;
                }
            }
            for t in 0..n {
                let q = &s.q[t * h + off..][..hd];
                scores(q, scale, &s.keys, &mut s.prob);
                softmax(&mut s.prob);
                let ctx = &mut s.ctx[t * h + off..][..hd];
                ctx.fill(0.0);
                // Thirty-two outputs at a time, summed in registers over all tokens.
                let mut c0 = 0;
                while c0 + 32 <= hd {
                    let mut acc = [0.0f32; 32];
                    for (u, p) in s.prob.iter().enumerate() {
                        let v = &s.v[u * h + off + c0..][..32];
                        for (a, v) in acc.iter_mut().zip(v) {
                            *a += p * v;
                        }
                    }
                    ctx[c0..c0 + 32].copy_from_slice(&acc);
                    c0 += 32;
                }
                for (u, p) in s.prob.iter().enumerate() {
                    let v = &s.v[u * h + off + c0..][..hd - c0];
                    for (c, v) in ctx[c0..].iter_mut().zip(v) {
                        *c += p * v;
                    }
                }
            }
        }
    }
}
