//! Reading needs a page at a time: filters, full-text search, tag counts.
//!
//! No query here returns more than one page of rows, so the needs workspace stays fast at
//! 100,000 needs.

use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::store::Store;

/// At most this many rows in one page.
pub const MAX_PAGE: u32 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
pub enum TagMode {
    /// A need with any of the tags.
    #[default]
    Any,
    /// A need with all of the tags.
    All,
}

/// Which needs to show. Empty fields do not filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(default)]
pub struct NeedFilter {
    /// Full-text search over statement and quote (prefix matching, diacritics folded).
    pub text: String,
    pub tag_ids: Vec<String>,
    pub tag_mode: TagMode,
    /// A tag also matches needs tagged with any of its descendants.
    pub include_children: bool,
    pub segment_id: Option<String>,
    pub activity_id: Option<String>,
    pub key_question_id: Option<String>,
    pub important_only: bool,
    pub untagged_only: bool,
}

/// One need as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NeedRow {
    pub id: String,
    pub statement: String,
    pub quote: String,
    pub activity_id: Option<String>,
    pub activity_title: Option<String>,
    pub segment_ids: Vec<String>,
    pub tag_ids: Vec<String>,
    pub important: bool,
    /// Statement with search hits wrapped in `<mark>`; everything else HTML-escaped.
    pub statement_html: String,
    /// Quote with search hits wrapped in `<mark>`; everything else HTML-escaped.
    pub quote_html: String,
    pub insight_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NeedsPage {
    pub rows: Vec<NeedRow>,
    /// How many needs match the filter in all.
    pub total: u32,
}

/// How many needs matching a filter carry a tag (directly) and a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MatrixCell {
    pub tag_id: String,
    pub segment_id: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TagCount {
    pub tag_id: String,
    pub count: u32,
}

/// Turn what a user typed into an FTS5 query: every word must match, as a prefix.
/// Quotes and operators are neutralised so any input is a valid query.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    if words.is_empty() {
        None
    } else {
        Some(words.join(" "))
    }
}

/// SQL `WHERE` conditions and parameters for a filter, over `need n`.
fn conditions(store: &Store, f: &NeedFilter) -> Result<(String, Vec<Value>)> {
    let mut conds: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    if let Some(q) = fts_query(&f.text) {
        params.push(Value::Text(q));
        conds.push(format!(
            "n.nid IN (SELECT rowid FROM need_fts WHERE need_fts MATCH ?{})",
            params.len()
        ));
    }
    if !f.tag_ids.is_empty() {
        let mut groups: Vec<Vec<String>> = Vec::new();
        for t in &f.tag_ids {
            let mut set = vec![t.clone()];
            if f.include_children {
                set = descendants(store, t)?;
            }
            groups.push(set);
        }
        let in_list = |params: &mut Vec<Value>, set: &[String]| -> String {
            let mut marks = Vec::new();
            for t in set {
                params.push(Value::Text(t.clone()));
                marks.push(format!("?{}", params.len()));
            }
            marks.join(", ")
        };
        match f.tag_mode {
            TagMode::Any => {
                let all: Vec<String> = groups.concat();
                let marks = in_list(&mut params, &all);
                conds.push(format!(
                    "n.nid IN (SELECT nid FROM need_tag WHERE tag_id IN ({marks}))"
                ));
            }
            TagMode::All => {
                for g in &groups {
                    let marks = in_list(&mut params, g);
                    conds.push(format!(
                        "n.nid IN (SELECT nid FROM need_tag WHERE tag_id IN ({marks}))"
                    ));
                }
            }
        }
    }
    if let Some(s) = f.segment_id.as_deref().filter(|s| !s.is_empty()) {
        params.push(Value::Text(s.to_string()));
        conds.push(format!(
            "n.nid IN (SELECT nid FROM need_segment WHERE segment_id = ?{})",
            params.len()
        ));
    }
    if let Some(a) = f.activity_id.as_deref().filter(|s| !s.is_empty()) {
        params.push(Value::Text(a.to_string()));
        conds.push(format!("n.activity_id = ?{}", params.len()));
    }
    if let Some(q) = f.key_question_id.as_deref().filter(|s| !s.is_empty()) {
        params.push(Value::Text(q.to_string()));
        let i = params.len();
        conds.push(format!(
            "(n.activity_id IN (SELECT activity_id FROM activity_question WHERE key_question_id = ?{i})
              OR n.nid IN (SELECT inn.nid FROM insight_need inn JOIN insight_question iq ON iq.insight_id = inn.insight_id WHERE iq.key_question_id = ?{i}))"
        ));
    }
    if f.important_only {
        conds.push("n.important = 1".into());
    }
    if f.untagged_only {
        conds.push("NOT EXISTS (SELECT 1 FROM need_tag t WHERE t.nid = n.nid)".into());
    }
    let sql = if conds.is_empty() {
        "1".to_string()
    } else {
        conds.join(" AND ")
    };
    Ok((sql, params))
}

/// A tag and all tags below it.
pub fn descendants(store: &Store, tag_id: &str) -> Result<Vec<String>> {
    let mut st = store.conn().prepare_cached(
        "WITH RECURSIVE down(id) AS (SELECT ?1 UNION SELECT tag.id FROM tag JOIN down ON tag.parent_id = down.id)
         SELECT id FROM down",
    )?;
    let ids = st
        .query_map([tag_id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids)
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

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

/// Fold a character the way the search does (lower case, diacritics removed) for
/// highlighting.
fn fold(c: char) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    if lower.is_ascii() {
        return lower;
    }
    FOLDS
        .iter()
        .find(|(set, _)| set.contains(lower))
        .map_or(lower, |(_, base)| *base)
}

/// Escape `text` and wrap every word that starts with one of the search words in `<mark>`.
pub fn highlight(text: &str, search: &str) -> String {
    let words: Vec<Vec<char>> = search
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().map(fold).collect())
        .collect();
    if words.is_empty() {
        return escape(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_alphanumeric() {
            let start = i;
            while i < chars.len() && chars[i].is_alphanumeric() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let folded: Vec<char> = chars[start..i].iter().map(|c| fold(*c)).collect();
            let hit = words.iter().any(|w| folded.starts_with(w));
            if hit {
                out.push_str("<mark>");
                out.push_str(&escape(&word));
                out.push_str("</mark>");
            } else {
                out.push_str(&escape(&word));
            }
        } else {
            out.push_str(&escape(&chars[i].to_string()));
            i += 1;
        }
    }
    out
}

impl Store {
    /// One page of needs matching `filter`, newest first by id, and the total count.
    pub fn needs_page(&self, filter: &NeedFilter, offset: u32, limit: u32) -> Result<NeedsPage> {
        if limit == 0 || limit > MAX_PAGE {
            return Err(CoreError::invalid(format!(
                "limit: must be between 1 and {MAX_PAGE}"
            )));
        }
        let (cond, params) = conditions(self, filter)?;
        let total: u32 = self.conn().query_row(
            &format!("SELECT COUNT(*) FROM need n WHERE {cond}"),
            rusqlite::params_from_iter(params.iter()),
            |r| r.get(0),
        )?;
        let mut page_params = params.clone();
        page_params.push(Value::Integer(limit as i64));
        page_params.push(Value::Integer(offset as i64));
        let lim = page_params.len() - 1;
        let off = page_params.len();
        let sql = format!(
            "SELECT n.nid, n.id, n.statement, n.quote, n.activity_id, a.title, n.important,
                    (SELECT group_concat(tag_id, char(31)) FROM (SELECT tag_id FROM need_tag WHERE nid = n.nid ORDER BY tag_id)),
                    (SELECT group_concat(segment_id, char(31)) FROM (SELECT segment_id FROM need_segment WHERE nid = n.nid ORDER BY segment_id)),
                    (SELECT group_concat(insight_id, char(31)) FROM (SELECT insight_id FROM insight_need WHERE nid = n.nid ORDER BY insight_id))
             FROM need n LEFT JOIN activity a ON a.id = n.activity_id
             WHERE {cond}
             ORDER BY n.nid DESC
             LIMIT ?{lim} OFFSET ?{off}"
        );
        let split = |s: Option<String>| -> Vec<String> {
            s.map(|v| v.split('\u{1f}').map(str::to_string).collect())
                .unwrap_or_default()
        };
        let mut st = self.conn().prepare_cached(&sql)?;
        let rows = st
            .query_map(rusqlite::params_from_iter(page_params.iter()), |r| {
                let statement: String = r.get(2)?;
                let quote: String = r.get(3)?;
                Ok(NeedRow {
                    id: r.get(1)?,
                    statement_html: highlight(&statement, &filter.text),
                    quote_html: highlight(&quote, &filter.text),
                    statement,
                    quote,
                    activity_id: r.get(4)?,
                    activity_title: r.get(5)?,
                    important: r.get(6)?,
                    tag_ids: split(r.get(7)?),
                    segment_ids: split(r.get(8)?),
                    insight_ids: split(r.get(9)?),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(NeedsPage { rows, total })
    }

    /// For each tag, how many needs matching `filter` carry it (directly).
    pub fn tag_counts(&self, filter: &NeedFilter) -> Result<Vec<TagCount>> {
        let (cond, params) = conditions(self, filter)?;
        let sql = format!(
            "SELECT t.tag_id, COUNT(*) FROM need_tag t JOIN need n ON n.nid = t.nid
             WHERE {cond} GROUP BY t.tag_id ORDER BY t.tag_id"
        );
        let mut st = self.conn().prepare_cached(&sql)?;
        let rows = st
            .query_map(rusqlite::params_from_iter(params.iter()), |r| {
                Ok(TagCount {
                    tag_id: r.get(0)?,
                    count: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Tag × segment counts for the needs matching `filter`.
    pub fn tag_segment_matrix(&self, filter: &NeedFilter) -> Result<Vec<MatrixCell>> {
        let (cond, params) = conditions(self, filter)?;
        let sql = format!(
            "SELECT t.tag_id, s.segment_id, COUNT(*) FROM need n
               JOIN need_tag t ON t.nid = n.nid
               JOIN need_segment s ON s.nid = n.nid
             WHERE {cond} GROUP BY t.tag_id, s.segment_id ORDER BY t.tag_id, s.segment_id"
        );
        let mut st = self.conn().prepare_cached(&sql)?;
        let rows = st
            .query_map(rusqlite::params_from_iter(params.iter()), |r| {
                Ok(MatrixCell {
                    tag_id: r.get(0)?,
                    segment_id: r.get(1)?,
                    count: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Needs by id (at most one page), in the order asked; unknown ids are skipped.
    pub fn needs_by_ids(&self, ids: &[String]) -> Result<Vec<NeedRow>> {
        if ids.len() > MAX_PAGE as usize {
            return Err(CoreError::invalid(format!(
                "ids: at most {MAX_PAGE} at a time"
            )));
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let filter = NeedFilter::default();
            let mut st = self.conn().prepare_cached(
                "SELECT n.id, n.statement, n.quote, n.activity_id, a.title, n.important,
                    (SELECT group_concat(tag_id, char(31)) FROM (SELECT tag_id FROM need_tag WHERE nid = n.nid ORDER BY tag_id)),
                    (SELECT group_concat(segment_id, char(31)) FROM (SELECT segment_id FROM need_segment WHERE nid = n.nid ORDER BY segment_id)),
                    (SELECT group_concat(insight_id, char(31)) FROM (SELECT insight_id FROM insight_need WHERE nid = n.nid ORDER BY insight_id))
                 FROM need n LEFT JOIN activity a ON a.id = n.activity_id WHERE n.id = ?1",
            )?;
            let split = |s: Option<String>| -> Vec<String> {
                s.map(|v| v.split('\u{1f}').map(str::to_string).collect())
                    .unwrap_or_default()
            };
            let row = st
                .query_row([id], |r| {
                    let statement: String = r.get(1)?;
                    let quote: String = r.get(2)?;
                    Ok(NeedRow {
                        id: r.get(0)?,
                        statement_html: highlight(&statement, &filter.text),
                        quote_html: highlight(&quote, &filter.text),
                        statement,
                        quote,
                        activity_id: r.get(3)?,
                        activity_title: r.get(4)?,
                        important: r.get(5)?,
                        tag_ids: split(r.get(6)?),
                        segment_ids: split(r.get(7)?),
                        insight_ids: split(r.get(8)?),
                    })
                })
                .optional()?;
            if let Some(row) = row {
                out.push(row);
            }
        }
        Ok(out)
    }

    pub fn need_count(&self) -> Result<u32> {
        Ok(self
            .conn()
            .query_row("SELECT COUNT(*) FROM need", [], |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_query_neutralises_operators() {
        assert_eq!(
            fts_query("möte  AND \"x"),
            Some("\"möte\"* \"AND\"* \"x\"*".into())
        );
        assert_eq!(fts_query("  -- "), None);
    }

    #[test]
    fn highlight_folds_diacritics_and_escapes() {
        assert_eq!(
            highlight("Ett <bra> möte", "mote"),
            "Ett &lt;bra&gt; <mark>möte</mark>"
        );
        assert_eq!(highlight("Mötesplats", "möt"), "<mark>Mötesplats</mark>");
    }
}
