//! The XLM-RoBERTa SentencePiece unigram tokenizer: the file's per-character
//! normalisation, runs of spaces collapsed, `▁` for each space and before the first word,
//! then the most probable split into pieces (Viterbi over the pieces' log scores). A
//! character no piece covers becomes the unknown token.

/// The SentencePiece word-boundary mark that stands for a space.
const META: char = '\u{2581}';

pub(crate) struct Tokenizer {
    /// Piece `i` is `blob[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<u32>,
    blob: Vec<u8>,
    scores: Vec<f32>,
    /// Open addressing on the pieces' bytes: piece index + 1, 0 = empty.
    table: Vec<u32>,
    mask: usize,
    /// Below every piece, so a known piece always wins over an unknown character.
    unk_score: f32,
    longest_piece: usize,
    /// Whether some piece has `▁` after its start (if none does, no piece crosses a
    /// space, and the search for pieces stops at the next word).
    meta_inside: bool,
    /// Characters the normaliser replaces, sorted, with their replacements.
    norm: Vec<(char, Vec<char>)>,
    pub bos: u32,
    pub eos: u32,
    pub unk: u32,
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a of `bytes` continued from `h` (so a piece's hash grows a character at a time).
fn fnv1a_from(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_from(FNV_START, bytes)
}

impl Tokenizer {
    /// `special` is bos, eos, pad, unk.
    pub(crate) fn new(
        offsets: Vec<u32>,
        scores: Vec<f32>,
        blob: Vec<u8>,
        norm: Vec<(char, Vec<char>)>,
        special: [u32; 4],
    ) -> Tokenizer {
        let pieces = scores.len();
        let size = (pieces * 2).next_power_of_two().max(2);
        let mask = size - 1;
        let mut table = vec![0u32; size];
        let mut longest_piece = 1;
        let mut min_score = f32::INFINITY;
        let mut meta_inside = false;
        let mut meta = [0u8; 4];
        let meta = META.encode_utf8(&mut meta).as_bytes();
        for i in 0..pieces {
            let bytes = &blob[offsets[i] as usize..offsets[i + 1] as usize];
            longest_piece = longest_piece.max(bytes.len());
            meta_inside |=
                bytes.len() > meta.len() && bytes[1..].windows(meta.len()).any(|w| w == meta);
            min_score = min_score.min(scores[i]);
            if bytes.is_empty() {
                continue;
            }
            let mut at = fnv1a(bytes) as usize & mask;
            while table[at] != 0 {
                at = (at + 1) & mask;
            }
            table[at] = i as u32 + 1;
        }
        let [bos, eos, _pad, unk] = special;
        Tokenizer {
            offsets,
            blob,
            scores,
            table,
            mask,
            unk_score: min_score - 10.0,
            longest_piece,
            meta_inside,
            norm,
            bos,
            eos,
            unk,
        }
    }

    fn piece(&self, i: usize) -> &[u8] {
        &self.blob[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// The piece that is `bytes`, whose hash is `hash`.
    fn lookup(&self, bytes: &[u8], hash: u64) -> Option<usize> {
        let mut at = hash as usize & self.mask;
        loop {
            let v = self.table[at];
            if v == 0 {
                return None;
            }
            let i = v as usize - 1;
            if self.piece(i) == bytes {
                return Some(i);
            }
            at = (at + 1) & self.mask;
        }
    }

    pub(crate) fn pieces(&self) -> usize {
        self.scores.len()
    }

    /// Bytes the tokenizer's tables hold.
    pub(crate) fn memory_bytes(&self) -> usize {
        self.offsets.len() * 4
            + self.blob.len()
            + self.scores.len() * 4
            + self.table.len() * 4
            + self
                .norm
                .iter()
                .map(|(_, to)| 32 + to.len() * 4)
                .sum::<usize>()
    }

    /// The text after normalisation, as SentencePiece sees it: `▁` for each space and in
    /// front unless the text starts with a space.
    fn normalise(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 3);
        let mut last_space = false;
        let mut first = true;
        let mut push = |c: char, out: &mut String| {
            let space = c == ' ';
            if space && last_space {
                return;
            }
            if first && !space {
                out.push(META);
            }
            first = false;
            last_space = space;
            out.push(if space { META } else { c });
        };
        for c in text.chars() {
            match self.norm.binary_search_by_key(&c, |(from, _)| *from) {
                Ok(i) => self.norm[i].1.iter().for_each(|r| push(*r, &mut out)),
                Err(_) => push(c, &mut out),
            }
        }
        if first {
            out.push(META);
        }
        out
    }

    /// The content tokens of `text` (no bos/eos), the first `max` of them.
    pub(crate) fn content(&self, text: &str, max: usize) -> Vec<u32> {
        let norm = self.normalise(text);
        let bytes = norm.as_bytes();
        // Byte offset of each character, and the end.
        let starts: Vec<usize> = norm
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(bytes.len()))
            .collect();
        let n = starts.len() - 1;
        // best[e]: the best score of a split of the first e characters, reached by
        // piece[e] (None = the unknown token) from character from[e].
        let mut best = vec![-1e30f32; n + 1];
        let mut piece: Vec<Option<u32>> = vec![None; n + 1];
        let mut from = vec![0usize; n + 1];
        best[0] = 0.0;
        for i in 0..n {
            if best[i] <= -1e29 {
                continue;
            }
            let b = starts[i];
            let mut hash = FNV_START;
            for e in i + 1..=n {
                let len = starts[e] - b;
                if len > self.longest_piece
                    || (e > i + 1 && !self.meta_inside && norm[starts[e - 1]..].starts_with(META))
                {
                    break;
                }
                hash = fnv1a_from(hash, &bytes[starts[e - 1]..starts[e]]);
                if let Some(idx) = self.lookup(&bytes[b..starts[e]], hash) {
                    if idx as u32 != self.unk {
                        let s = best[i] + self.scores[idx];
                        if s > best[e] {
                            best[e] = s;
                            piece[e] = Some(idx as u32);
                            from[e] = i;
                        }
                    }
                }
            }
            let s = best[i] + self.unk_score;
            if s > best[i + 1] {
                best[i + 1] = s;
                piece[i + 1] = None;
                from[i + 1] = i;
            }
        }
        let mut ids = Vec::with_capacity(n);
        let mut e = n;
        while e > 0 {
            ids.push(piece[e].unwrap_or(self.unk));
            e = from[e];
        }
        ids.reverse();
        ids.truncate(max);
        ids
    }

    /// `text` as the encoder takes it: bos, at most `max_len - 2` content tokens, eos.
    pub(crate) fn encode(&self, text: &str, max_len: usize) -> Vec<u32> {
        let content = self.content(text, max_len.saturating_sub(2));
        let mut ids = Vec::with_capacity(content.len() + 2);
        ids.push(self.bos);
        ids.extend(content);
        ids.push(self.eos);
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny vocabulary: the specials, `▁`, `▁a`, `b`, `▁ab`.
    fn tiny() -> Tokenizer {
        vocabulary(
            &["<s>", "<pad>", "</s>", "<unk>", "▁", "▁a", "b", "▁ab", "c"],
            vec![0.0, 0.0, 0.0, 0.0, -2.0, -1.0, -1.5, -1.0, -3.0],
        )
    }

    fn vocabulary(pieces: &[&str], scores: Vec<f32>) -> Tokenizer {
        let mut offsets = vec![0u32];
        let mut blob = Vec::new();
        for p in pieces {
            blob.extend_from_slice(p.as_bytes());
            offsets.push(blob.len() as u32);
        }
        let norm = vec![('\t', vec![' ']), ('\u{ad}', vec![])];
        Tokenizer::new(offsets, scores, blob, norm, [0, 2, 1, 3])
    }

    #[test]
    fn the_most_probable_split_wins() {
        // ▁ab (-1) beats ▁a + b (-2.5).
        assert_eq!(tiny().content("ab", 10), vec![7]);
        assert_eq!(tiny().content("abb", 10), vec![7, 6]);
    }

    #[test]
    fn a_piece_across_a_space_is_found_when_the_vocabulary_has_one() {
        let pieces = ["<s>", "<pad>", "</s>", "<unk>", "▁", "▁a", "b", "▁a▁b"];
        let scores = vec![0.0, 0.0, 0.0, 0.0, -2.0, -1.0, -1.5, -0.5];
        assert_eq!(
            vocabulary(&pieces, scores.clone()).content("a b", 10),
            vec![7]
        );
        // Without it, the words are split apart.
        let without = vocabulary(&pieces[..7], scores[..7].to_vec());
        assert_eq!(without.content("a b", 10), vec![5, 4, 6]);
    }

    #[test]
    fn spaces_become_word_marks_and_runs_collapse() {
        assert_eq!(tiny().content("ab  \t ab", 10), vec![7, 7]);
        assert_eq!(tiny().normalise(" a"), "▁a");
        assert_eq!(tiny().normalise("a\u{ad}b"), "▁ab");
    }

    #[test]
    fn unknown_characters_become_unk_and_the_length_is_capped() {
        assert_eq!(tiny().content("aöc", 10), vec![5, 3, 8]);
        assert_eq!(tiny().encode("ab ab ab", 4), vec![0, 7, 7, 2]);
    }
}
