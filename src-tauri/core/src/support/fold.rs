//! Text as the search sees it: lower case, diacritics folded, split into words.
//!
//! A file's full-text index (SQLite's FTS5, `unicode61 remove_diacritics 2`) folds text
//! itself; highlighting folds the same way here. On a server, the words are folded here
//! and stored beside the need, so that PostgreSQL's `simple` text search over them finds
//! exactly what FTS5 finds.

/// The Latin letters with diacritics that the search's tokenizer (`unicode61
/// remove_diacritics 2`) folds to a base letter, in lower case. Taken from SQLite's own
/// folding (U+00C0–U+024F and U+1E00–U+1EFF), so that every hit the search finds is also
/// marked: `cevapi` finds and marks "Ćevapi", `sasa` "Šaša". Letters SQLite keeps (ø, æ,
/// ł, ß …) are absent on purpose.
const FOLDS: &[(&str, char)] = &[
    ("àáâãäåāăąǎǟǻȁȃȧḁạảấầẩẫậắằẳẵặ", 'a'),
    ("ḃḅḇ", 'b'),
    ("çćĉċčḉ", 'c'),
    ("ďḋḍḏḑḓ", 'd'),
    ("èéêëēĕėęěȅȇȩḕḗḙḛḝẹẻẽếềểễệ", 'e'),
    ("ḟ", 'f'),
    ("ĝğġģǧǵḡ", 'g'),
    ("ĥȟḣḥḧḩḫẖ", 'h'),
    ("ìíîïĩīĭįǐȉȋḭḯỉị", 'i'),
    ("ĵǰ", 'j'),
    ("ķǩḱḳḵ", 'k'),
    ("ĺļľḷḹḻḽ", 'l'),
    ("ḿṁṃ", 'm'),
    ("ñńņňǹṅṇṉṋ", 'n'),
    ("òóôõöōŏőơǒǫǭȍȏȫȭȯȱṍṏṑṓọỏốồổỗộớờởỡợ", 'o'),
    ("ṕṗ", 'p'),
    ("ŕŗřȑȓṙṛṝṟ", 'r'),
    ("śŝşšſșṡṣṥṧṩẛ", 's'),
    ("ţťțṫṭṯṱẗ", 't'),
    ("ùúûüũūŭůűųưǔǖǘǚǜȕȗṳṵṷṹṻụủứừửữự", 'u'),
    ("ṽṿ", 'v'),
    ("ŵẁẃẅẇẉẘ", 'w'),
    ("ẋẍ", 'x'),
    ("ýÿŷȳẏẙỳỵỷỹ", 'y'),
    ("źżžẑẓẕ", 'z'),
];

/// Fold a character the way the search does (lower case, diacritics removed).
pub fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    match lower {
        c if c.is_ascii() => return c,
        // The Swedish letters first: most text here has them, and they are in `FOLDS`.
        'å' | 'ä' => return 'a',
        'ö' => return 'o',
        'é' => return 'e',
        _ => {}
    }
    FOLDS
        .iter()
        .find(|(set, _)| set.contains(lower))
        .map_or(lower, |(_, base)| *base)
}

/// The words of `text` as the search splits it: runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The words of `texts`, folded, separated by single spaces: what a server indexes.
pub fn search_words(texts: &[&str]) -> String {
    let mut out = String::new();
    for t in texts {
        for w in words(t) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(w.chars().map(fold));
        }
    }
    out
}

/// The words of what a user typed, folded: what [`has_every_word`] looks for.
pub fn query_words(text: &str) -> Vec<String> {
    words(text).map(|w| w.chars().map(fold).collect()).collect()
}

/// True when every one of `wanted` (from [`query_words`]) begins a word of `texts`.
/// Folds as it compares, without copying: the pickers and the needs search run it over
/// every activity's title.
pub fn has_every_word(wanted: &[String], texts: &[&str]) -> bool {
    wanted.iter().all(|w| {
        texts
            .iter()
            .any(|t| words(t).any(|have| begins_with_folded(have, w)))
    })
}

/// True when `word`, folded, begins with `prefix` (folded already).
fn begins_with_folded(word: &str, prefix: &str) -> bool {
    let mut have = word.chars().map(fold);
    prefix.chars().all(|p| have.next() == Some(p))
}

/// What a user typed as a PostgreSQL `tsquery` over [`search_words`]: every word must
/// match, as a prefix. `None` when there is no word to search for.
pub fn tsquery(text: &str) -> Option<String> {
    let terms: Vec<String> = words(text)
        .map(|w| format!("'{}':*", w.chars().map(fold).collect::<String>()))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" & "))
}

/// Titles in Swedish order: case and diacritics count only when nothing else differs, and
/// å, ä and ö come after z.
pub fn swedish_order(a: &str, b: &str) -> std::cmp::Ordering {
    swedish_key(a).cmp(&swedish_key(b)).then_with(|| a.cmp(b))
}

/// What [`swedish_order`] compares first (then the text itself): for sorting by a cached key.
pub fn swedish_key(s: &str) -> Vec<u32> {
    s.chars().map(letter_rank).collect()
}

fn letter_rank(c: char) -> u32 {
    let z = u32::from('z');
    match c.to_lowercase().next().unwrap_or(c) {
        'å' => z + 1,
        'ä' | 'æ' => z + 2,
        'ö' | 'ø' => z + 3,
        c => u32::from(fold(c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_split_as_the_file_index_does() {
        assert_eq!(
            search_words(&["Mötesplats för ÅLDRE!", "ćevapi-kväll"]),
            "motesplats for aldre cevapi kvall"
        );
        assert_eq!(
            tsquery("  Möt  plats? "),
            Some("'mot':* & 'plats':*".into())
        );
        assert_eq!(tsquery(" -- "), None);
    }

    #[test]
    fn every_word_typed_must_begin_a_word_of_the_texts() {
        let texts = ["Skolbesök på Olympiaskolan", "Söder, ÅK 8"];
        let has = |typed: &str| has_every_word(&query_words(typed), &texts);
        assert!(has("olympia"));
        assert!(has("OLYMPIASKOLAN skolbesok"));
        assert!(has("söd åk"), "words of either text, diacritics folded");
        assert!(has("skolbes pa 8"));
        assert!(!has("skolan"), "inside a word is not the start of one");
        assert!(!has("olympia gymnasiet"), "every word must be found");
        assert!(!has("olympiaskolans"), "longer than the word");
        assert!(has_every_word(&[], &texts));
    }
}
