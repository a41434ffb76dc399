//! The PostgreSQL side of [`Db`](super::Db): placeholders rewritten to `$n`, statements
//! prepared once per connection with their parameters' types, and connecting as libpq does
//! (user from the address, `PGUSER` or the login; password from `PGPASSWORD`, `~/.pgpass`
//! or the caller).

use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error as StdError;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use postgres::config::{Host, SslMode};
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{IsNull, Kind, ToSql, Type};
use postgres::{Client, Config, Statement};

use super::{Param, Row};
use crate::store::server::is_address;
use crate::support::error::{CoreError, ErrorCode, Result};

/// A connection to one project's database, with its prepared statements.
pub(crate) struct PgConn {
    client: RefCell<Client>,
    statements: RefCell<HashMap<String, Statement>>,
    /// The server process serving this connection, once asked.
    session: std::cell::Cell<Option<i32>>,
    /// Who this connection is: the role the server knows.
    pub user: String,
    /// The address without any password, as it is shown and remembered.
    pub address: String,
}

/// `url` without a password in it, for showing and remembering.
pub(crate) fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let redacted = match authority.rfind('@') {
        Some(at) => {
            let userinfo = &authority[..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{user}@{}", &authority[at + 1..])
        }
        None => authority.to_string(),
    };
    let query = &rest[authority_end..];
    let query = strip_query_password(query);
    format!("{}{redacted}{query}", &url[..scheme_end + 3])
}

fn strip_query_password(rest: &str) -> String {
    let Some(q) = rest.find('?') else {
        return rest.to_string();
    };
    let kept: Vec<&str> = rest[q + 1..]
        .split('&')
        .filter(|kv| !kv.starts_with("password="))
        .collect();
    if kept.is_empty() {
        rest[..q].to_string()
    } else {
        format!("{}?{}", &rest[..q], kept.join("&"))
    }
}

fn bad_address(url: &str, why: impl std::fmt::Display) -> CoreError {
    CoreError::of(ErrorCode::BadAddress, redact(url), why)
}

/// Connect to the database at `url`. `password` is the one the user typed, if any; it is
/// used unless the address has one, before `PGPASSWORD` and `~/.pgpass`.
pub(crate) fn connect(url: &str, password: Option<&str>) -> Result<PgConn> {
    if !is_address(url) {
        return Err(bad_address(
            url,
            "not a PostgreSQL address (postgresql://server/database)",
        ));
    }
    let mut config = Config::from_str(url).map_err(|e| bad_address(url, e))?;
    if config.get_dbname().is_none() {
        return Err(bad_address(
            url,
            "names no database (postgresql://server/database)",
        ));
    }
    if config.get_hosts().is_empty() {
        config.host("localhost");
    }
    let user = match config.get_user() {
        Some(u) => u.to_string(),
        None => {
            let u = default_user();
            config.user(&u);
            u
        }
    };
    if config.get_password().is_none() {
        // What the user typed when asked comes first: it was asked for because the others
        // were missing or wrong.
        if let Some(p) = password
            .map(str::to_string)
            .or_else(|| std::env::var("PGPASSWORD").ok())
            .or_else(|| pgpass(&config, &user))
        {
            config.password(p);
        }
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    // A Unix socket never carries TLS; building a TLS connector reads the system's
    // certificates (tens of milliseconds), so it is made only for a network address.
    let socket_only = config
        .get_hosts()
        .iter()
        .all(|h| !matches!(h, Host::Tcp(_)));
    let client = match config.get_ssl_mode() {
        SslMode::Disable => config.connect(postgres::NoTls),
        _ if socket_only => config.connect(postgres::NoTls),
        _ => config.connect(tls().map_err(|e| CoreError::of(ErrorCode::Offline, redact(url), e))?),
    }
    .map_err(|e| connect_error(url, &user, e))?;
    Ok(PgConn {
        client: RefCell::new(client),
        statements: RefCell::new(HashMap::new()),
        session: std::cell::Cell::new(None),
        user,
        address: redact(url),
    })
}

/// TLS as libpq has it without a root certificate: encrypted, the certificate not
/// verified. Made once.
fn tls() -> std::result::Result<postgres_native_tls::MakeTlsConnector, String> {
    static TLS: std::sync::OnceLock<std::result::Result<native_tls::TlsConnector, String>> =
        std::sync::OnceLock::new();
    TLS.get_or_init(|| {
        native_tls::TlsConnector::builder()
            .danger_accept_invalid_certs(true)
            .danger_accept_invalid_hostnames(true)
            .build()
            .map_err(|e| format!("cannot set up TLS: {e}"))
    })
    .clone()
    .map(postgres_native_tls::MakeTlsConnector::new)
}

/// The user libpq would connect as: `PGUSER`, else the login name.
fn default_user() -> String {
    ["PGUSER", "USER", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "postgres".into())
}

/// The password `~/.pgpass` (or `PGPASSFILE`) holds for this server, database and user.
fn pgpass(config: &Config, user: &str) -> Option<String> {
    let file = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass")))?;
    let text = std::fs::read_to_string(file).ok()?;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        _ => "localhost".into(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let db = config.get_dbname().unwrap_or_default();
    pgpass_lookup(&text, [&host, &port, db, user])
}

/// The password of the first `host:port:database:user:password` line matching `want`
/// (`*` matches anything; `\:` and `\\` are escapes; `#` starts a comment line).
pub(crate) fn pgpass_lookup(text: &str, want: [&str; 4]) -> Option<String> {
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = vec![String::new()];
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(n) = chars.next() {
                        fields.last_mut()?.push(n);
                    }
                }
                ':' if fields.len() < 5 => fields.push(String::new()),
                c => fields.last_mut()?.push(c),
            }
        }
        if fields.len() != 5 {
            continue;
        }
        if want.iter().zip(&fields).all(|(w, f)| f == "*" || f == w) {
            return fields.pop();
        }
    }
    None
}

fn connect_error(url: &str, user: &str, e: postgres::Error) -> CoreError {
    let place = redact(url);
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        if *code == SqlState::INVALID_PASSWORD {
            return CoreError::of(
                ErrorCode::Auth,
                place,
                format!("the server did not accept user \"{user}\" or its password"),
            );
        }
        if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
            // No pg_hba.conf line lets this user in this way (or no such role).
            return CoreError::of(
                ErrorCode::NoAccess,
                place,
                format!(
                    "the server does not let user \"{user}\" in: {}",
                    db.message()
                ),
            );
        }
        if *code == SqlState::INVALID_CATALOG_NAME {
            return CoreError::of(ErrorCode::Missing, place, "no such database on the server");
        }
        if *code == SqlState::INSUFFICIENT_PRIVILEGE {
            return CoreError::of(
                ErrorCode::NoAccess,
                place,
                format!("user \"{user}\" has no access to this database"),
            );
        }
        return CoreError::of(ErrorCode::Offline, place, db.message());
    }
    let text = e.to_string();
    let why = e
        .source()
        .map(|s| s.to_string())
        .unwrap_or_else(|| text.clone());
    if why.contains("password missing") {
        return CoreError::of(
            ErrorCode::PasswordNeeded,
            place,
            format!("the server asks for a password for user \"{user}\" (set PGPASSWORD or use ~/.pgpass)"),
        );
    }
    CoreError::of(
        ErrorCode::Offline,
        place,
        format!("cannot reach the server: {why}"),
    )
}

impl From<postgres::Error> for CoreError {
    fn from(e: postgres::Error) -> Self {
        let Some(db) = e.as_db_error() else {
            let io = e
                .source()
                .is_some_and(|s| s.downcast_ref::<std::io::Error>().is_some());
            return if e.is_closed() || io {
                CoreError::new(
                    ErrorCode::Offline,
                    "the connection to the server was lost; nothing was saved",
                )
            } else {
                CoreError::new(ErrorCode::Db, format!("database error: {e}"))
            };
        };
        let code = db.code();
        if *code == SqlState::INSUFFICIENT_PRIVILEGE {
            CoreError::new(
                ErrorCode::ReadOnly,
                "you may read this project but not change it (the database gives your user no right to write)",
            )
        } else if *code == SqlState::READ_ONLY_SQL_TRANSACTION {
            CoreError::new(ErrorCode::ReadOnly, "the database is read-only")
        } else if *code == SqlState::T_R_SERIALIZATION_FAILURE
            || *code == SqlState::T_R_DEADLOCK_DETECTED
            || *code == SqlState::LOCK_NOT_AVAILABLE
        {
            CoreError::new(
                ErrorCode::Busy,
                "the project is busy: someone else is saving; try again",
            )
        } else if code.code().starts_with("08") || code.code().starts_with("57P") {
            CoreError::new(
                ErrorCode::Offline,
                "the connection to the server was lost; nothing was saved",
            )
        } else {
            CoreError::new(ErrorCode::Db, format!("database error: {}", db.message()))
        }
    }
}

/// SQLite's placeholders in PostgreSQL's form: `?3` → `$3`, and anonymous `?` numbered in
/// order. Quoted text and identifiers are left alone.
pub(crate) fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut quote: Option<char> = None;
    // As SQLite: an anonymous `?` is one more than the largest number so far.
    let mut max = 0u32;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                out.push(c);
            }
            (Some(_), c) => out.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                out.push(c);
            }
            (None, '?') => {
                out.push('$');
                let mut n = String::new();
                while let Some(d) = chars.next_if(char::is_ascii_digit) {
                    n.push(d);
                }
                match n.parse::<u32>() {
                    Ok(v) => max = max.max(v),
                    Err(_) => {
                        max += 1;
                        n = max.to_string();
                    }
                }
                out.push_str(&n);
            }
            (None, c) => out.push(c),
        }
    }
    out
}

/// The type a parameter is declared with; `None` lets the server infer it (a null).
fn declared(p: &Param) -> Type {
    match p {
        Param::Null => Type::new("unknown".into(), 0, Kind::Pseudo, "pg_catalog".into()),
        Param::Int(_) => Type::INT8,
        Param::Real(_) => Type::FLOAT8,
        Param::Text(_) => Type::TEXT,
        Param::Texts(_) => Type::TEXT_ARRAY,
        Param::Ints(_) => Type::INT8_ARRAY,
        Param::Blob(_) => Type::BYTEA,
    }
}

fn kind_letter(p: &Param) -> char {
    match p {
        Param::Null => 'n',
        Param::Int(_) => 'i',
        Param::Real(_) => 'r',
        Param::Text(_) => 't',
        Param::Texts(_) => 'T',
        Param::Ints(_) => 'I',
        Param::Blob(_) => 'b',
    }
}

type BoxError = Box<dyn StdError + Sync + Send>;

impl ToSql for Param<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<IsNull, BoxError> {
        match *self {
            Param::Null => Ok(IsNull::Yes),
            Param::Int(v) => match *ty {
                Type::INT4 => i32::try_from(v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(v)?.to_sql(ty, out),
                Type::BOOL => (v != 0).to_sql(ty, out),
                Type::FLOAT8 => (v as f64).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => v.to_string().to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Param::Real(v) => v.to_sql(ty, out),
            Param::Text(s) => s.to_sql(ty, out),
            Param::Texts(v) => v.to_sql(ty, out),
            Param::Ints(v) => v.to_sql(ty, out),
            Param::Blob(b) => b.to_sql(ty, out),
        }
    }
    fn accepts(_: &Type) -> bool {
        true
    }
    postgres::types::to_sql_checked!();
}

impl PgConn {
    fn statement(&self, sql: &str, params: &[Param]) -> Result<Statement> {
        let mut key: String = params.iter().map(kind_letter).collect();
        key.push('\u{0}');
        key.push_str(sql);
        if let Some(st) = self.statements.borrow().get(&key) {
            return Ok(st.clone());
        }
        let types: Vec<Type> = params.iter().map(declared).collect();
        let st = self
            .client
            .borrow_mut()
            .prepare_typed(&placeholders(sql), &types)?;
        self.statements.borrow_mut().insert(key, st.clone());
        Ok(st)
    }

    pub(super) fn execute(&self, sql: &str, params: &[Param]) -> Result<u64> {
        let st = self.statement(sql, params)?;
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as _).collect();
        Ok(self.client.borrow_mut().execute(&st, &refs)?)
    }

    pub(super) fn batch(&self, sql: &str) -> Result<()> {
        Ok(self.client.borrow_mut().batch_execute(sql)?)
    }

    /// Rows are read in full before `f` sees the first, so `f` may query again.
    pub(super) fn each(
        &self,
        sql: &str,
        params: &[Param],
        mut f: impl FnMut(&Row) -> Result<bool>,
    ) -> Result<()> {
        let st = self.statement(sql, params)?;
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as _).collect();
        let rows = self.client.borrow_mut().query(&st, &refs)?;
        for r in &rows {
            if !f(&Row::Pg(r))? {
                break;
            }
        }
        Ok(())
    }

    /// Whether the connection is gone (the server stopped, the network dropped).
    pub fn is_closed(&self) -> bool {
        self.client.borrow().is_closed()
    }

    /// Be sent the notifications on `channel` (a plain name) from now on.
    pub fn listen(&self, channel: &str) -> Result<()> {
        self.batch(&format!("LISTEN {channel}"))
    }

    /// The server process serving this connection (`pg_backend_pid()`), asked once: the
    /// id its notifications carry.
    pub fn session_id(&self) -> Result<i32> {
        if let Some(pid) = self.session.get() {
            return Ok(pid);
        }
        let pid: i32 = self
            .client
            .borrow_mut()
            .query_one("SELECT pg_backend_pid()", &[])?
            .try_get(0)?;
        self.session.set(Some(pid));
        Ok(pid)
    }

    /// The notifications this connection has been sent on the channels it listens to:
    /// waits up to `timeout` for the first, then takes whatever else has arrived. A
    /// connection that is gone is an `offline` error, not an empty wait.
    pub fn notes(&self, timeout: Duration) -> Result<Vec<Note>> {
        let mut client = self.client.borrow_mut();
        let mut notifications = client.notifications();
        let mut out = Vec::new();
        let first = notifications.timeout_iter(timeout).next()?;
        if let Some(first) = first {
            out.push(first);
            let mut more = notifications.iter();
            while let Some(n) = more.next()? {
                out.push(n);
            }
        }
        drop(notifications);
        if out.is_empty() && client.is_closed() {
            return Err(CoreError::new(
                ErrorCode::Offline,
                "the connection to the server was lost",
            ));
        }
        Ok(out
            .into_iter()
            .map(|n| Note {
                session: n.process_id(),
                channel: n.channel().to_string(),
                payload: n.payload().to_string(),
            })
            .collect())
    }
}

/// One notification: the session that sent it (its server process), on which channel,
/// with what text.
pub(crate) struct Note {
    pub session: i32,
    pub channel: String,
    pub payload: String,
}

fn wrong_type(row: &postgres::Row, i: usize, want: &str) -> CoreError {
    let ty = row
        .columns()
        .get(i)
        .map(|c| c.type_().name().to_string())
        .unwrap_or_default();
    CoreError::new(
        ErrorCode::Db,
        format!("database error: column {i} is {ty}, not {want}"),
    )
}

fn int(row: &postgres::Row, i: usize) -> Result<Option<i64>> {
    let ty = row.columns().get(i).map(|c| c.type_().clone());
    Ok(match ty {
        Some(Type::INT8) => row.try_get::<_, Option<i64>>(i)?,
        Some(Type::INT4) => row.try_get::<_, Option<i32>>(i)?.map(i64::from),
        Some(Type::INT2) => row.try_get::<_, Option<i16>>(i)?.map(i64::from),
        Some(Type::BOOL) => row.try_get::<_, Option<bool>>(i)?.map(i64::from),
        _ => return Err(wrong_type(row, i, "an integer")),
    })
}

/// How a value of one of [`FromColumn`]'s types is read from a PostgreSQL row.
pub(super) trait PgColumn: Sized {
    fn read(row: &postgres::Row, i: usize) -> Result<Self>;
}

pub(super) fn column<T: PgColumn>(row: &postgres::Row, i: usize) -> Result<T> {
    T::read(row, i)
}

fn required<T>(row: &postgres::Row, i: usize, v: Option<T>) -> Result<T> {
    v.ok_or_else(|| wrong_type(row, i, "a value (it is null)"))
}

impl PgColumn for Vec<u8> {
    fn read(row: &postgres::Row, i: usize) -> Result<Self> {
        let v = row.try_get::<_, Option<Vec<u8>>>(i)?;
        required(row, i, v)
    }
}
impl PgColumn for Option<String> {
    fn read(row: &postgres::Row, i: usize) -> Result<Self> {
        Ok(row.try_get::<_, Option<String>>(i)?)
    }
}
impl PgColumn for String {
    fn read(row: &postgres::Row, i: usize) -> Result<Self> {
        let v = Option::<String>::read(row, i)?;
        required(row, i, v)
    }
}
impl PgColumn for Option<i64> {
    fn read(row: &postgres::Row, i: usize) -> Result<Self> {
        int(row, i)
    }
}
impl PgColumn for i64 {
    fn read(row: &postgres::Row, i: usize) -> Result<Self> {
        let v = int(row, i)?;
        required(row, i, v)
    }
}
impl PgColumn for i32 {
    fn read(row: &postgres::Row, i: usize) -> Result<Self> {
        i32::try_from(i64::read(row, i)?).map_err(|_| wrong_type(row, i, "a 32-bit integer"))
    }
}
impl PgColumn for u32 {
    fn read(row: &postgres::Row, i: usize) -> Result<Self> {
        u32::try_from(i64::read(row, i)?).map_err(|_| wrong_type(row, i, "a count"))
    }
}
impl PgColumn for bool {
    fn read(row: &postgres::Row, i: usize) -> Result<Self> {
        Ok(i64::read(row, i)? != 0)
    }
}
impl PgColumn for f64 {
    fn read(row: &postgres::Row, i: usize) -> Result<Self> {
        match row.columns().get(i).map(|c| c.type_().clone()) {
            Some(Type::FLOAT8) => Ok(row.try_get(i)?),
            Some(Type::FLOAT4) => Ok(f64::from(row.try_get::<_, f32>(i)?)),
            _ => Ok(i64::read(row, i)? as f64),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_outside_quotes() {
        assert_eq!(
            placeholders("SELECT '?', \"a?\" FROM t WHERE a = ?2 AND b = ? AND c = ?"),
            "SELECT '?', \"a?\" FROM t WHERE a = $2 AND b = $3 AND c = $4"
        );
    }

    #[test]
    fn addresses_are_shown_without_passwords() {
        assert_eq!(
            redact("postgresql://anna:hemligt@db.example/bibliotek?sslmode=require&password=x"),
            "postgresql://anna@db.example/bibliotek?sslmode=require"
        );
        assert_eq!(redact("postgres://db/p"), "postgres://db/p");
    }

    #[test]
    fn pgpass_lines_match_with_wildcards_and_escapes() {
        let text =
            "# comment\nother:5432:*:anna:nope\ndb:*:bibliotek:anna:a\\:b\n*:*:*:*:fallback\n";
        assert_eq!(
            pgpass_lookup(text, ["db", "5432", "bibliotek", "anna"]).as_deref(),
            Some("a:b")
        );
        assert_eq!(
            pgpass_lookup(text, ["x", "1", "y", "z"]).as_deref(),
            Some("fallback")
        );
    }
}
