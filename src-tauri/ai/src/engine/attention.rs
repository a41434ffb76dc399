//! Scaled dot-product attention of every token over all tokens, one head at a time, as two
//! small matrix products with a softmax between them: the scores `Q · Kᵀ`, then the
//! context `P · V`.
//!
//! Both products work on tiles of [`QUERIES`] tokens × [`WIDTH`] values, so that eight
//! vectors of sums are in flight at once; a token at a time kept one or two, each waiting
//! on its previous multiply-add. Every sum still runs over the same terms in the same
//! order as one token at a time would, so the results are the same to the bit.

use super::kernels::softmax;

/// Tokens whose scores (or context) are computed together.
const QUERIES: usize = 4;
/// Keys (or context values) computed together for each of those tokens.
const WIDTH: usize = 16;

/// The working memory of [`attend`], kept across layers.
#[derive(Default)]
pub(crate) struct AttentionScratch {
    /// One head's keys, transposed and padded with zeros: `head_dim × padded`.
    keys: Vec<f32>,
    /// One head's scores and then probabilities: `tokens × padded` (the padding unused).
    probs: Vec<f32>,
}

/// The shapes of one call: `hidden` values per token in `heads` heads of `dim` each;
/// `padded` is the number of tokens rounded up to a whole [`WIDTH`].
#[derive(Clone, Copy)]
struct Shape {
    tokens: usize,
    hidden: usize,
    dim: usize,
    padded: usize,
}

/// `ctx = softmax(q · kᵀ / √dim) · v`, head by head; `q`, `k`, `v` and `ctx` are
/// `tokens × hidden`, row-major, each head a `hidden / heads` wide slice of every row.
#[inline(always)]
pub(crate) fn attend(
    q: &[f32],
    k: &[f32],
    v: &[f32],
    ctx: &mut [f32],
    hidden: usize,
    heads: usize,
    s: &mut AttentionScratch,
) {
    let tokens = q.len() / hidden;
    let dim = hidden / heads;
    let shape = Shape {
        tokens,
        hidden,
        dim,
        padded: tokens.next_multiple_of(WIDTH),
    };
    let scale = 1.0 / (dim as f32).sqrt();
    s.keys.clear();
    s.keys.resize(dim * shape.padded, 0.0);
    s.probs.resize(tokens * shape.padded, 0.0);
    for head in 0..heads {
        let off = head * dim;
        for u in 0..tokens {
            for (d, key) in k[u * hidden + off..][..dim].iter().enumerate() {
                s.keys[d * shape.padded + u] = *key;
            }
        }
        let mut t = 0;
        while t + QUERIES <= tokens {
            scores::<QUERIES>(q, off, t, &s.keys, shape, scale, &mut s.probs);
            t += QUERIES;
        }
        while t < tokens {
            scores::<1>(q, off, t, &s.keys, shape, scale, &mut s.probs);
            t += 1;
        }
        for row in s.probs.chunks_exact_mut(shape.padded) {
            softmax(&mut row[..tokens]);
        }
        let mut t = 0;
        while t + QUERIES <= tokens {
            context_row::<QUERIES>(&s.probs, v, off, t, shape, ctx);
            t += QUERIES;
        }
        while t < tokens {
            context_row::<1>(&s.probs, v, off, t, shape, ctx);
            t += 1;
        }
    }
}

/// The scores of tokens `t..t + T` over every key, [`WIDTH`] keys at a time, into `probs`.
#[inline(always)]
fn scores<const T: usize>(
    q: &[f32],
    off: usize,
    t: usize,
    keys: &[f32],
    shape: Shape,
    scale: f32,
    probs: &mut [f32],
) {
    let rows: [&[f32]; T] =
        std::array::from_fn(|i| &q[(t + i) * shape.hidden + off..][..shape.dim]);
    for u0 in (0..shape.padded).step_by(WIDTH) {
        let mut acc = [[0.0f32; WIDTH]; T];
        for d in 0..shape.dim {
            let key = &keys[d * shape.padded + u0..][..WIDTH];
            for (acc, row) in acc.iter_mut().zip(rows) {
                let q = row[d];
                for (a, key) in acc.iter_mut().zip(key) {
                    *a += q * key;
                }
            }
        }
        for (i, acc) in acc.iter().enumerate() {
            let out = &mut probs[(t + i) * shape.padded + u0..][..WIDTH];
            for (o, a) in out.iter_mut().zip(acc) {
                *o = a * scale;
            }
        }
    }
}

/// The context of tokens `t..t + T`, [`WIDTH`] values at a time (then one at a time), into
/// `ctx`.
#[inline(always)]
fn context_row<const T: usize>(
    probs: &[f32],
    v: &[f32],
    off: usize,
    t: usize,
    shape: Shape,
    ctx: &mut [f32],
) {
    let mut c = 0;
    while c + WIDTH <= shape.dim {
        context::<T, WIDTH>(probs, v, off + c, t, shape, ctx);
        c += WIDTH;
    }
    while c < shape.dim {
        context::<T, 1>(probs, v, off + c, t, shape, ctx);
        c += 1;
    }
}

/// Values `col..col + W` of the context of tokens `t..t + T`: summed over every token's
/// value in token order.
#[inline(always)]
fn context<const T: usize, const W: usize>(
    probs: &[f32],
    v: &[f32],
    col: usize,
    t: usize,
    shape: Shape,
    ctx: &mut [f32],
) {
    let p: [&[f32]; T] = std::array::from_fn(|i| &probs[(t + i) * shape.padded..][..shape.tokens]);
    let mut acc = [[0.0f32; W]; T];
    for u in 0..shape.tokens {
        let value = &v[u * shape.hidden + col..][..W];
        for (acc, p) in acc.iter_mut().zip(p) {
            let p = p[u];
            for (a, value) in acc.iter_mut().zip(value) {
                *a += p * value;
            }
        }
    }
    for (i, acc) in acc.iter().enumerate() {
        ctx[(t + i) * shape.hidden + col..][..W].copy_from_slice(acc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Attention written out the plain way: one token, one key, one value at a time.
    fn plain(q: &[f32], k: &[f32], v: &[f32], hidden: usize, heads: usize) -> Vec<f32> {
        let n = q.len() / hidden;
        let dim = hidden / heads;
        let mut ctx = vec![0.0; q.len()];
        for head in 0..heads {
            let off = head * dim;
            for t in 0..n {
                let mut p: Vec<f32> = (0..n)
                    .map(|u| {
                        let mut s = 0.0f32;
                        for d in 0..dim {
                            s += q[t * hidden + off + d] * k[u * hidden + off + d];
                        }
                        s * (1.0 / (dim as f32).sqrt())
                    })
                    .collect();
                softmax(&mut p);
                for c in 0..dim {
                    let mut s = 0.0f32;
                    for u in 0..n {
                        s += p[u] * v[u * hidden + off + c];
                    }
                    ctx[t * hidden + off + c] = s;
                }
            }
        }
        ctx
    }

    #[test]
    fn tiles_give_what_one_token_at_a_time_gives() {
        let mut scratch = AttentionScratch::default();
        // Token counts around the tiles' sizes; a head width with a one-at-a-time tail.
        for (tokens, hidden, heads) in [(1, 64, 2), (5, 64, 2), (17, 96, 2), (49, 40, 2)] {
            let value = |i: usize, m: usize| ((i * m % 97) as f32 - 48.0) / 40.0;
            let q: Vec<f32> = (0..tokens * hidden).map(|i| value(i, 13)).collect();
            let k: Vec<f32> = (0..tokens * hidden).map(|i| value(i, 29)).collect();
            let v: Vec<f32> = (0..tokens * hidden).map(|i| value(i, 41)).collect();
            let mut ctx = vec![f32::NAN; tokens * hidden];
            attend(&q, &k, &v, &mut ctx, hidden, heads, &mut scratch);
            assert_eq!(ctx, plain(&q, &k, &v, hidden, heads), "{tokens} tokens");
        }
    }
}
