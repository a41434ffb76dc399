//! Reading the packed model file (`E5S1`, version 1): its header, the tokenizer's pieces and
//! normalisation table, and the directory of tensors. Every error names the file and says
//! which part is wrong.
//!
//! Layout (little-endian): `E5S1`, version, hidden, layers, heads, feed-forward, vocabulary,
//! positions, token types (i32), layer-norm epsilon (f32), block size; then the tokenizer
//! (piece count, bos, eos, pad, unk, blob length, piece offsets, f32 scores, piece bytes,
//! the normalisation table: count, byte length, entries of `codepoint, n, n codepoints`);
//! then the directory (count; per tensor: name, type 0 = f32 or 1 = Q4_0, element count,
//! offset, byte length), the tensors 64-byte aligned.

use std::path::Path;

use medskapa_core::support::error::{CoreError, ErrorCode, Result};

use super::encoder::{Encoder, Layer};
use super::kernels::{Kernel, Q4Matrix};
use super::tokenizer::Tokenizer;

/// Weights per quantisation block.
pub(crate) const BLOCK: usize = 32;
/// Bytes of one Q4_0 block: an f16 scale and 16 bytes of nibbles.
const Q4_BLOCK_BYTES: usize = 18;

const MAGIC: &[u8; 4] = b"E5S1";
const VERSION: u32 = 1;

/// The shape of the encoder, as the file's header gives it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Config {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub feed_forward: usize,
    pub vocabulary: usize,
    pub positions: usize,
    pub token_types: usize,
    pub eps: f32,
}

/// A cursor over the file that fails with "truncated" instead of reading past its end.
struct Reader<'a> {
    path: &'a Path,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let Some(end) = end else {
            return Err(truncated(self.path, what));
        };
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self, what: &str) -> Result<u8> {
        Ok(self.take(1, what)?[0])
    }
    fn u16(&mut self, what: &str) -> Result<u16> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self, what: &str) -> Result<u32> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self, what: &str) -> Result<u64> {
        let b = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    fn f32(&mut self, what: &str) -> Result<f32> {
        Ok(f32::from_bits(self.u32(what)?))
    }
    /// A non-negative i32 count or size.
    fn count(&mut self, what: &str) -> Result<usize> {
        let v = self.u32(what)? as i32;
        usize::try_from(v).map_err(|_| damaged(self.path, format!("{what} is negative ({v})")))
    }
    fn f32s(&mut self, n: usize, what: &str) -> Result<Vec<f32>> {
        let len = n.checked_mul(4).ok_or_else(|| truncated(self.path, what))?;
        let b = self.take(len, what)?;
        Ok(f32s(b))
    }
}

fn f32s(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

fn truncated(path: &Path, what: &str) -> CoreError {
    CoreError::of_file(
        ErrorCode::Damaged,
        path,
        format!("the model file is truncated (it ends inside {what})"),
    )
}

fn damaged(path: &Path, detail: impl std::fmt::Display) -> CoreError {
    CoreError::of_file(
        ErrorCode::Damaged,
        path,
        format!("not a usable model file: {detail}"),
    )
}

/// Read the header, the tokenizer and the weights of the model file `bytes` read from `path`.
pub(crate) fn parse(path: &Path, bytes: &[u8]) -> Result<(Config, Tokenizer, Encoder)> {
    let mut r = Reader { path, bytes, at: 0 };
    let magic = r.take(4, "the magic number")?;
    if magic != MAGIC {
        return Err(damaged(
            path,
            format!(
                "it starts with {:?}, not the magic number \"E5S1\"",
                String::from_utf8_lossy(magic)
            ),
        ));
    }
    let version = r.u32("the version")?;
    if version != VERSION {
        return Err(CoreError::of_file(
            ErrorCode::TooNew,
            path,
            format!("model file version {version}; this Medskapa reads version {VERSION}"),
        ));
    }
    let config = header(&mut r)?;
    let tokenizer = tokenizer(&mut r)?;
    let directory = directory(&mut r)?;
    let encoder = weights(path, bytes, &config, &directory)?;
    Ok((config, tokenizer, encoder))
}

fn header(r: &mut Reader) -> Result<Config> {
    let hidden = r.count("the header")?;
    let layers = r.count("the header")?;
    let heads = r.count("the header")?;
    let feed_forward = r.count("the header")?;
    let vocabulary = r.count("the header")?;
    let positions = r.count("the header")?;
    let token_types = r.count("the header")?;
    let eps = r.f32("the header")?;
    let block = r.count("the header")?;
    let c = Config {
        hidden,
        layers,
        heads,
        feed_forward,
        vocabulary,
        positions,
        token_types,
        eps,
    };
    if hidden != super::DIMENSIONS {
        return Err(damaged(
            r.path,
            format!("hidden size {hidden}, expected {}", super::DIMENSIONS),
        ));
    }
    if block != BLOCK {
        return Err(damaged(
            r.path,
            format!("block size {block}, expected {BLOCK}"),
        ));
    }
    let shapes_fit = heads > 0
        && hidden.is_multiple_of(heads)
        && feed_forward.is_multiple_of(BLOCK)
        && layers > 0
        && positions > 2
        && token_types > 0
        && vocabulary > 0
        && eps.is_finite()
        && eps > 0.0;
    if !shapes_fit {
        return Err(damaged(r.path, format!("impossible header {c:?}")));
    }
    Ok(c)
}

fn tokenizer(r: &mut Reader) -> Result<Tokenizer> {
    let what = "the tokenizer";
    let pieces = r.count(what)?;
    let bos = r.count(what)?;
    let eos = r.count(what)?;
    let pad = r.count(what)?;
    let unk = r.count(what)?;
    let blob_len = usize::try_from(r.u64(what)?).map_err(|_| truncated(r.path, what))?;
    let offsets_bytes = r.take(
        pieces
            .checked_add(1)
            .and_then(|n| n.checked_mul(4))
            .ok_or_else(|| truncated(r.path, what))?,
        what,
    )?;
    let offsets: Vec<u32> = offsets_bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let scores = r.f32s(pieces, what)?;
    let blob = r.take(blob_len, what)?.to_vec();
    let sorted = offsets.windows(2).all(|w| w[0] <= w[1]);
    if !sorted || offsets.last().is_some_and(|e| *e as usize > blob.len()) {
        return Err(damaged(
            r.path,
            "the tokenizer's piece offsets are out of order",
        ));
    }
    if [bos, eos, pad, unk].iter().any(|id| *id >= pieces) {
        return Err(damaged(
            r.path,
            "a special token of the tokenizer is not a piece",
        ));
    }
    let norm_count = r.count(what)?;
    let norm_len = r.count(what)?;
    let table = r.take(norm_len, what)?;
    let norm = normalisation(r.path, table, norm_count)?;
    Ok(Tokenizer::new(
        offsets,
        scores,
        blob,
        norm,
        [bos, eos, pad, unk].map(|id| id as u32),
    ))
}

/// The normalisation table: each codepoint with what replaces it (possibly nothing).
fn normalisation(path: &Path, bytes: &[u8], count: usize) -> Result<Vec<(char, Vec<char>)>> {
    let what = "the tokenizer's normalisation table";
    let mut r = Reader { path, bytes, at: 0 };
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let cp = r.u32(what)?;
        let n = r.u8(what)? as usize;
        let mut to = Vec::with_capacity(n);
        for _ in 0..n {
            to.push(char_of(path, r.u32(what)?)?);
        }
        out.push((char_of(path, cp)?, to));
    }
    if !out.windows(2).all(|w| w[0].0 < w[1].0) {
        return Err(damaged(path, "the normalisation table is not sorted"));
    }
    Ok(out)
}

fn char_of(path: &Path, cp: u32) -> Result<char> {
    char::from_u32(cp).ok_or_else(|| {
        damaged(
            path,
            format!("the normalisation table holds U+{cp:X}, not a character"),
        )
    })
}

/// One entry of the tensor directory.
struct Entry {
    name: String,
    kind: u8,
    count: usize,
    offset: usize,
    len: usize,
}

fn directory(r: &mut Reader) -> Result<Vec<Entry>> {
    let what = "the tensor directory";
    let n = r.count(what)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let name_len = r.u16(what)? as usize;
        let name = String::from_utf8_lossy(r.take(name_len, what)?).into_owned();
        let kind = r.u8(what)?;
        let count = r.u32(what)? as usize;
        let offset = usize::try_from(r.u64(what)?).unwrap_or(usize::MAX);
        let len = usize::try_from(r.u64(what)?).unwrap_or(usize::MAX);
        out.push(Entry {
            name,
            kind,
            count,
            offset,
            len,
        });
    }
    Ok(out)
}

/// Finds tensors by name and checks their type, size and place in the file.
struct Tensors<'a> {
    path: &'a Path,
    bytes: &'a [u8],
    directory: &'a [Entry],
}

impl Tensors<'_> {
    fn entry(&self, name: &str, kind: u8, count: usize) -> Result<&[u8]> {
        let Some(e) = self.directory.iter().find(|e| e.name == name) else {
            return Err(damaged(self.path, format!("tensor {name} is missing")));
        };
        let want_len = match kind {
            0 => count * 4,
            _ => count / BLOCK * Q4_BLOCK_BYTES,
        };
        let kind_name = |k: u8| if k == 0 { "f32" } else { "Q4_0" };
        if e.kind != kind || e.count != count || e.len != want_len {
            return Err(damaged(
                self.path,
                format!(
                    "tensor {name} is {} x {} ({} bytes), expected {} x {count} ({want_len} bytes)",
                    kind_name(e.kind),
                    e.count,
                    e.len,
                    kind_name(kind),
                ),
            ));
        }
        let end = e.offset.checked_add(e.len);
        match end {
            Some(end) if end <= self.bytes.len() => Ok(&self.bytes[e.offset..end]),
            _ => Err(truncated(self.path, &format!("tensor {name}"))),
        }
    }

    fn vector(&self, name: &str, n: usize) -> Result<Vec<f32>> {
        Ok(f32s(self.entry(name, 0, n)?))
    }

    fn matrix(&self, name: &str, rows: usize, cols: usize) -> Result<Q4Matrix> {
        let raw = self.entry(name, 1, rows * cols)?;
        Ok(Q4Matrix::from_blocks(raw, rows, cols))
    }
}

fn weights(path: &Path, bytes: &[u8], c: &Config, directory: &[Entry]) -> Result<Encoder> {
    let t = Tensors {
        path,
        bytes,
        directory,
    };
    let (h, ff) = (c.hidden, c.feed_forward);
    let mut layers = Vec::with_capacity(c.layers);
    for l in 0..c.layers {
        let n = |s: &str| format!("l{l}.{s}");
        layers.push(Layer {
            q: t.matrix(&n("q.w"), h, h)?,
            q_bias: t.vector(&n("q.b"), h)?,
            k: t.matrix(&n("k.w"), h, h)?,
            k_bias: t.vector(&n("k.b"), h)?,
            v: t.matrix(&n("v.w"), h, h)?,
            v_bias: t.vector(&n("v.b"), h)?,
            out: t.matrix(&n("ao.w"), h, h)?,
            out_bias: t.vector(&n("ao.b"), h)?,
            attn_norm_w: t.vector(&n("aln.w"), h)?,
            attn_norm_b: t.vector(&n("aln.b"), h)?,
            up: t.matrix(&n("fi.w"), ff, h)?,
            up_bias: t.vector(&n("fi.b"), ff)?,
            down: t.matrix(&n("fo.w"), h, ff)?,
            down_bias: t.vector(&n("fo.b"), h)?,
            out_norm_w: t.vector(&n("oln.w"), h)?,
            out_norm_b: t.vector(&n("oln.b"), h)?,
        });
    }
    Ok(Encoder {
        word: t.matrix("emb.word", c.vocabulary, h)?,
        position: t.vector("emb.pos", c.positions * h)?,
        token_type: t.vector("emb.type", c.token_types * h)?[..h].to_vec(),
        norm_w: t.vector("emb.ln.w", h)?,
        norm_b: t.vector("emb.ln.b", h)?,
        layers,
        hidden: h,
        heads: c.heads,
        feed_forward: ff,
        eps: c.eps,
        kernel: Kernel::detect(),
    })
}
