//! Row helpers the table modules share: optional text, enum codes, reference checks, and
//! the sorted merge-join walk that hands link rows to their owners.

use std::cmp::Ordering;

use super::db::{Db, Dialect, Param, Row, ToParam};

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

/// The enum whose code column `i` of a `table` row holds (the row's id in column 0).
/// A code this version does not know means the file is damaged or was written by other
/// software: refused, naming the row and the value, rather than read as some other value.
pub(super) fn enum_at<T: serde::de::DeserializeOwned>(
    r: &Row,
    i: usize,
    table: &str,
    column: &str,
) -> Result<T> {
    let code: String = r.get(i)?;
    serde_json::from_value(serde_json::Value::String(code.clone())).map_err(|_| {
        let id: String = r.get(0).unwrap_or_default();
        CoreError::new(
            ErrorCode::Damaged,
            format!(
                "damaged: table {table}, id \"{id}\": {column} has the unknown value \"{code}\""
            ),
        )
    })
}

/// Whether `sql` (`SELECT 1 FROM … WHERE id = ?1`) finds a row for `id`.
pub(super) fn exists(db: &Db, sql: &str, id: &str) -> Result<bool> {
    Ok(db.row(sql, &[Param::Text(id)], |_| Ok(()))?.is_some())
}

/// The text column 0 of every row `sql` returns for `param`.
pub(super) fn strings(db: &Db, sql: &str, param: impl ToParam) -> Result<Vec<String>> {
    db.query(sql, &[param.param()], |r| r.get(0))
}

/// `col` is one of the values of the list bound to `?n` (a [`Param::Texts`] or
/// [`Param::Ints`]): `IN` over `json_each` on SQLite, `= ANY` on PostgreSQL.
pub(super) fn in_list(db: &Db, col: &str, n: u32) -> String {
    match db.dialect() {
        Dialect::Sqlite => format!("{col} IN (SELECT value FROM json_each(?{n}))"),
        Dialect::Postgres => format!("{col} = ANY(?{n})"),
    }
}

/// How a table says whether an id exists.
pub(super) type Exists = fn(&Db, &str) -> Result<bool>;

/// An optional reference, trimmed (blank is `None`), that must name an existing row.
pub(super) fn check_ref(
    db: &Db,
    field: &str,
    exists: Exists,
    id: &Option<String>,
) -> Result<Option<String>> {
    match norm_opt(id) {
        None => Ok(None),
        Some(v) => {
            if exists(db, &v)? {
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
    db: &Db,
    field: &str,
    exists: Exists,
    ids: &[String],
) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for (i, v) in ids.iter().enumerate() {
        if !exists(db, v)? {
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

/// A key as read from a row.
enum OwnedKey {
    Int(i64),
    Text(String),
}

impl OwnedKey {
    /// Column 0 of `r`, an integer key or a text one.
    fn read(r: &Row, int: bool) -> Result<OwnedKey> {
        Ok(if int {
            OwnedKey::Int(r.get(0)?)
        } else {
            OwnedKey::Text(r.get(0)?)
        })
    }

    fn as_key(&self) -> Key<'_> {
        match self {
            OwnedKey::Int(i) => Key::Int(*i),
            OwnedKey::Text(s) => Key::Text(s),
        }
    }
}

/// Hand each of `items` (sorted by `key`) the values of the `(key, value…)` rows that
/// `sql` returns sorted by key: a merge join on the primary-key order of the link tables,
/// with no map from key to values and no sort. SQLite's default `BINARY` collation, the
/// `"C"` collation of PostgreSQL's text columns and Rust's `str` order are all byte order,
/// so the two sides walk in step. `key` gets each
/// item's place too, for items whose key is kept beside them (a need's `nid`).
pub(super) fn attach<T, V>(
    db: &Db,
    sql: &str,
    items: &mut [T],
    key: impl Fn(usize, &T) -> Key<'_>,
    value: impl Fn(&Row) -> Result<V>,
    put: impl FnMut(&mut T, V),
) -> Result<()> {
    attach_where(db, sql, &[], items, key, value, put)
}

/// [`attach`] for SQL with parameters (the link rows of some owners only).
pub(super) fn attach_where<T, V>(
    db: &Db,
    sql: &str,
    params: &[Param],
    items: &mut [T],
    key: impl Fn(usize, &T) -> Key<'_>,
    value: impl Fn(&Row) -> Result<V>,
    mut put: impl FnMut(&mut T, V),
) -> Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let int = matches!(key(0, &items[0]), Key::Int(_));
    let mut i = 0usize;
    db.each(sql, params, |r| {
        let row_key = OwnedKey::read(r, int)?;
        let mut order = Ordering::Greater;
        while i < items.len() {
            order = row_key.as_key().cmp(&key(i, &items[i]));
            if order != Ordering::Greater {
                break;
            }
            i += 1;
        }
        if i == items.len() {
            return Ok(false);
        }
        if order == Ordering::Equal {
            let v = value(r)?;
            put(&mut items[i], v);
        }
        Ok(true)
    })
}

/// Column 1 as text: the value of a `(key, value)` link row.
pub(super) fn text1(r: &Row) -> Result<String> {
    r.get(1)
}

/// The revision of the row of `table` with this id and who changed it last, if the row
/// exists; with `lock`, the row is locked against other writers until the transaction ends
/// (`FOR UPDATE` on a server; a file has one writer at a time anyway).
pub(super) fn head(
    db: &Db,
    table: &str,
    id: &str,
    lock: bool,
) -> Result<Option<(i64, Option<String>)>> {
    let lock = if lock && db.dialect() == Dialect::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    db.row(
        &format!("SELECT revision, changed_by FROM {table} WHERE id = ?1{lock}"),
        &[Param::Text(id)],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Add and remove the links of one owner in a link table: `INSERT … ON CONFLICT DO
/// NOTHING` of each added id, `DELETE` of each removed one, so that links others made
/// meanwhile stay. `owner` is `(column, value)`.
pub(super) fn add_remove(
    db: &Db,
    table: &str,
    owner: (&str, Param),
    column: &str,
    added: &[String],
    removed: &[String],
) -> Result<()> {
    let (key, value) = owner;
    for id in added {
        db.execute(
            &format!("INSERT INTO {table}({key}, {column}) VALUES (?1, ?2) ON CONFLICT DO NOTHING"),
            &[value, Param::Text(id)],
        )?;
    }
    for id in removed {
        db.execute(
            &format!("DELETE FROM {table} WHERE {key} = ?1 AND {column} = ?2"),
            &[value, Param::Text(id)],
        )?;
    }
    Ok(())
}

/// On a server, lock `tables` (in this order) until the transaction ends against others
/// that write them, though not against readers: for the project-wide operations that must
/// see every row of a table (a merge, an import creating names). A file has one writer.
pub(super) fn lock_tables(db: &Db, tables: &[&str]) -> Result<()> {
    if db.dialect() == Dialect::Postgres {
        db.batch(&format!(
            "LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE",
            tables.join(", ")
        ))?;
    }
    Ok(())
}

/// On a server, lock the rows of `table` with these ids (in id order, so that two
/// operations locking the same rows never wait for each other in a circle).
pub(super) fn lock_rows(db: &Db, table: &str, ids: &[String]) -> Result<()> {
    if db.dialect() == Dialect::Postgres && !ids.is_empty() {
        db.query(
            &format!(
                "SELECT 1 FROM {table} WHERE {} ORDER BY id FOR UPDATE",
                in_list(db, "id", 1)
            ),
            &[Param::Texts(ids)],
            |_| Ok(()),
        )?;
    }
    Ok(())
}

/// Run `f`; when it fails because the server chose it to give way (a deadlock or a
/// serialization failure: `busy`), run it once more.
pub(super) fn retry_once<T>(mut f: impl FnMut() -> Result<T>) -> Result<T> {
    match f() {
        Err(e) if e.code == ErrorCode::Busy => f(),
        r => r,
    }
}
