//! The SQLite side of [`Db`](super::Db): statements from the connection's cache, parameters
//! bound as SQLite values, columns read with rusqlite's conversions.

use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, ToSql};

use super::{FromColumn, Param, Row};
use crate::support::error::Result;

impl ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match *self {
            Param::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Param::Int(v) => ToSqlOutput::Owned(Value::Integer(v)),
            Param::Real(v) => ToSqlOutput::Owned(Value::Real(v)),
            Param::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Param::Texts(v) => ToSqlOutput::Owned(Value::Text(
                serde_json::to_string(v).unwrap_or_else(|_| "[]".into()),
            )),
            Param::Ints(v) => ToSqlOutput::Owned(Value::Text(
                serde_json::to_string(v).unwrap_or_else(|_| "[]".into()),
            )),
            Param::Blob(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

pub(super) fn execute(conn: &Connection, sql: &str, params: &[Param]) -> Result<u64> {
    let n = conn
        .prepare_cached(sql)?
        .execute(rusqlite::params_from_iter(params.iter()))?;
    Ok(n as u64)
}

pub(super) fn each(
    conn: &Connection,
    sql: &str,
    params: &[Param],
    mut f: impl FnMut(&Row) -> Result<bool>,
) -> Result<()> {
    let mut st = conn.prepare_cached(sql)?;
    let mut rows = st.query(rusqlite::params_from_iter(params.iter()))?;
    while let Some(r) = rows.next()? {
        if !f(&Row::Sqlite(r))? {
            break;
        }
    }
    Ok(())
}

pub(super) fn each_texts<const N: usize>(
    conn: &Connection,
    sql: &str,
    mut f: impl FnMut([&str; N]) -> Result<bool>,
) -> Result<()> {
    let mut st = conn.prepare_cached(sql)?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let mut texts = [""; N];
        for (i, t) in texts.iter_mut().enumerate() {
            *t = r.get_ref(i)?.as_str().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    i,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?;
        }
        if !f(texts)? {
            break;
        }
    }
    Ok(())
}

macro_rules! from_sqlite {
    ($($t:ty),*) => {$(
        impl FromColumn for $t {
            fn sqlite(row: &rusqlite::Row, i: usize) -> Result<Self> {
                Ok(row.get(i)?)
            }
            fn pg(row: &postgres::Row, i: usize) -> Result<Self> {
                super::pg::column(row, i)
            }
        }
    )*};
}
from_sqlite!(
    String,
    Option<String>,
    i64,
    Option<i64>,
    u32,
    i32,
    bool,
    f64,
    Vec<u8>
);
