//! Row helpers the table modules share: optional text, enum codes, reference checks, and
//! the sorted merge-join walk that hands link rows to their owners.

use std::cmp::Ordering;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Row};

use crate::domain::validate::norm_opt;
use crate::support::error::{CoreError, ErrorCode, Result};

/// An optional text as stored: `None` for blank.
pub(super) fn opt_str(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|v| !v.is_empty())
}

/// The code an enum is stored as (its serde name).
pub(super) fn enum_code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The enum a stored code names; the default for an unknown code.
pub(super) fn enum_from<T: serde::de::DeserializeOwned + Default>(s: &str) -> T {
    serde_json::from_value(serde_json::Value::String(s.to_string())).unwrap_or_default()
}

/// Whether `sql` (`SELECT 1 FROM … WHERE id = ?1`) finds a row for `id`.
pub(super) fn exists(conn: &Connection, sql: &str, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The text column 0 of every row `sql` returns for `param`.
pub(super) fn strings(
    conn: &Connection,
    sql: &str,
    param: impl rusqlite::ToSql,
) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached(sql)?;
    let v = st
        .query_map([param], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(v)
}

/// How a table says whether an id exists.
pub(super) type Exists = fn(&Connection, &str) -> Result<bool>;

/// An optional reference, trimmed (blank is `None`), that must name an existing row.
pub(super) fn check_ref(
    conn: &Connection,
    field: &str,
    exists: Exists,
    id: &Option<String>,
) -> Result<Option<String>> {
    match norm_opt(id) {
        None => Ok(None),
        Some(v) => {
            if exists(conn, &v)? {
                Ok(Some(v))
            } else {
                Err(CoreError::field(
                    field,
                    ErrorCode::UnknownRef,
                    format!("{field}: unknown id \"{v}\""),
                ))
            }
        }
    }
}

/// References that must all name existing rows; returned sorted, each once.
pub(super) fn check_refs(
    conn: &Connection,
    field: &str,
    exists: Exists,
    ids: &[String],
) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for (i, v) in ids.iter().enumerate() {
        if !exists(conn, v)? {
            return Err(CoreError::field(
                &format!("{field}[{i}]"),
                ErrorCode::UnknownRef,
                format!("{field}[{i}]: unknown id \"{v}\""),
            ));
        }
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    out.sort();
    Ok(out)
}

/// A key the merge join walks by: a text id or an integer `nid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Key<'a> {
    Int(i64),
    Text(&'a str),
}

impl<'a> Key<'a> {
    fn of(v: ValueRef<'a>) -> rusqlite::Result<Key<'a>> {
        match v {
            ValueRef::Integer(i) => Ok(Key::Int(i)),
            v => Ok(Key::Text(v.as_str()?)),
        }
    }
}

/// Hand each of `items` (sorted by `key`) the values of the `(key, value…)` rows that
/// `sql` returns sorted by key: a merge join on the primary-key order of the link tables,
/// with no map from key to values and no sort. SQLite's default `BINARY` collation and
/// Rust's `str` order are both byte order, so the two sides walk in step. `key` gets each
/// item's place too, for items whose key is kept beside them (a need's `nid`).
pub(super) fn attach<T, V>(
    conn: &Connection,
    sql: &str,
    items: &mut [T],
    key: impl Fn(usize, &T) -> Key<'_>,
    value: impl Fn(&Row) -> rusqlite::Result<V>,
    mut put: impl FnMut(&mut T, V),
) -> Result<()> {
    let mut st = conn.prepare(sql)?;
    let mut rows = st.query([])?;
    let mut i = 0usize;
    while let Some(r) = rows.next()? {
        let row_key = Key::of(r.get_ref(0)?)?;
        let mut order = Ordering::Greater;
        while i < items.len() {
            order = row_key.cmp(&key(i, &items[i]));
            if order != Ordering::Greater {
                break;
            }
            i += 1;
        }
        if i == items.len() {
            break;
        }
        if order == Ordering::Equal {
            let v = value(r)?;
            put(&mut items[i], v);
        }
    }
    Ok(())
}

/// Column 1 as text: the value of a `(key, value)` link row.
pub(super) fn text1(r: &Row) -> rusqlite::Result<String> {
    r.get(1)
}
