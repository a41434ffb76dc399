//! A project in a PostgreSQL database: opening one by its address, and sharing a project
//! into an empty database. One database holds one project; its `meta` table carries the
//! schema version under `medskapa_schema`, as a file's `user_version` does.
//!
//! Who may read and who may write is the server's: a role that may not read the tables gets
//! "no access", one that may read but not write opens the project read-only.

use crate::domain::model::Project;
use crate::store::db::{connect, params, Db, PgConn};
use crate::store::{project, put_meta, Location, Store, SCHEMA_VERSION};
use crate::support::error::{CoreError, ErrorCode, Result};

/// The schema of a shared project, step by step: index `i` brings a database to schema
/// version `i + 2` (the first step makes an empty database version 2).
const MIGRATIONS: &[&str] = &[
    include_str!("schema/pg.sql"),
    include_str!("schema/pg_v3.sql"),
];
/// The `meta` key of the schema version.
const VERSION_KEY: &str = "medskapa_schema";

/// Whether `s` is a PostgreSQL address (`postgresql://…` or `postgres://…`) rather than a file.
pub fn is_address(s: &str) -> bool {
    s.starts_with("postgresql://") || s.starts_with("postgres://")
}

/// The database an address names (`postgresql://host/bibliotek?…` → `bibliotek`).
pub fn database_name(address: &str) -> String {
    let rest = address.split_once("://").map_or(address, |(_, r)| r);
    let path = rest.split(['?', '#']).next().unwrap_or("");
    path.split_once('/')
        .map(|(_, db)| db.to_string())
        .unwrap_or_default()
}

/// What a connected database holds.
enum Contents {
    /// Nothing of anyone's (no tables, views or sequences outside the system schemas).
    Empty,
    /// A Medskapa project of this schema version.
    Project(i32),
    /// Something else.
    Other,
}

fn contents(db: &Db) -> Result<Contents> {
    let has_meta: bool = db.value("SELECT to_regclass('public.meta') IS NOT NULL", &[])?;
    if has_meta {
        let readable: bool =
            db.value("SELECT has_table_privilege('public.meta', 'SELECT')", &[])?;
        if !readable {
            return Err(no_access(db));
        }
        let version: Option<String> = db.row(
            "SELECT value FROM meta WHERE key = ?1",
            params![VERSION_KEY],
            |r| r.get(0),
        )?;
        if let Some(v) = version.and_then(|v| v.parse().ok()) {
            return Ok(Contents::Project(v));
        }
        return Ok(Contents::Other);
    }
    let objects: i64 = db.value(
        "SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
           AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'",
        &[],
    )?;
    Ok(if objects == 0 {
        Contents::Empty
    } else {
        Contents::Other
    })
}

fn pg(db: &Db) -> Option<&PgConn> {
    db.as_pg()
}

fn place(db: &Db) -> String {
    pg(db).map(|c| c.address.clone()).unwrap_or_default()
}

fn user(db: &Db) -> String {
    pg(db).map(|c| c.user.clone()).unwrap_or_default()
}

fn no_access(db: &Db) -> CoreError {
    CoreError::of(
        ErrorCode::NoAccess,
        place(db),
        format!(
            "no access to this project: user \"{}\" may not read it (ask IT for access)",
            user(db)
        ),
    )
}

/// Bring a shared project made by an older Medskapa to this schema, in one transaction.
/// Only a role that may change the tables (the owner) can; anyone else is told to ask.
fn upgrade(db: &Db, from: i32) -> Result<()> {
    let may_alter: bool = db.value(
        "SELECT pg_has_role(current_user, (SELECT tableowner FROM pg_tables
           WHERE schemaname = 'public' AND tablename = 'need'), 'USAGE')
         AND has_schema_privilege('public', 'CREATE')",
        &[],
    )?;
    if !may_alter {
        return Err(CoreError::of(
            ErrorCode::NeedsUpgrade,
            place(db),
            format!(
                "made by an older Medskapa (schema {from}); its owner must open it once with this version to upgrade it"
            ),
        ));
    }
    let step = || -> Result<()> {
        let tx = db.begin()?;
        for m in &MIGRATIONS[(from - 1).max(0) as usize..] {
            tx.batch(m)?;
        }
        put_meta(&tx, VERSION_KEY, &SCHEMA_VERSION.to_string())?;
        tx.commit()
    };
    step().map_err(|e| {
        CoreError::of(
            e.code,
            place(db),
            format!(
                "cannot upgrade from schema {from} to {SCHEMA_VERSION}, nothing was changed: {}",
                e.message
            ),
        )
    })
}

impl Store {
    /// Open the project in the database at `address`. `password` is what the user typed,
    /// used unless the address has one (before `PGPASSWORD` and `~/.pgpass`).
    pub fn open_server(address: &str, password: Option<&str>) -> Result<Store> {
        let db = Db::pg(connect(address, password)?);
        let version = match contents(&db)? {
            Contents::Project(v) => v,
            Contents::Empty => {
                return Err(CoreError::of(
                    ErrorCode::NotMedskapa,
                    place(&db),
                    "the database holds no project yet (share one into it with `medskapa share FILE --server ADDRESS`)",
                ))
            }
            Contents::Other => {
                return Err(CoreError::of(
                    ErrorCode::NotMedskapa,
                    place(&db),
                    "the database holds something else, not a Medskapa project",
                ))
            }
        };
        if version > SCHEMA_VERSION {
            return Err(CoreError::of(
                ErrorCode::TooNew,
                place(&db),
                format!(
                    "made by a newer Medskapa (schema {version}, this version reads up to {SCHEMA_VERSION}); update Medskapa to open it"
                ),
            ));
        }
        if version < SCHEMA_VERSION {
            upgrade(&db, version)?;
        }
        let writable: bool = db.value(
            "SELECT has_table_privilege('public.need', 'INSERT')
                AND has_table_privilege('public.need', 'UPDATE')
                AND has_table_privilege('public.need', 'DELETE')",
            &[],
        )?;
        let location = Location::Server(place(&db));
        Ok(Store {
            db,
            location,
            read_only: !writable,
            _lock: None,
            undo: Vec::new(),
        })
    }

    /// Whether the connection to the shared project's server is known to be gone (the
    /// server stopped, the network dropped): the app then connects again. Never for a file.
    pub fn connection_lost(&self) -> bool {
        pg(&self.db).is_some_and(PgConn::is_closed)
    }

    /// Copy `project` (already validated) into the empty database at `address`, in one
    /// transaction: the schema, its version and every row, or nothing at all.
    pub fn share(project: &Project, address: &str, password: Option<&str>) -> Result<()> {
        let db = Db::pg(connect(address, password)?);
        match contents(&db)? {
            Contents::Empty => {}
            Contents::Project(_) => {
                return Err(CoreError::of(
                    ErrorCode::NotEmpty,
                    place(&db),
                    "the database already holds a project; share into an empty database",
                ))
            }
            Contents::Other => {
                return Err(CoreError::of(
                    ErrorCode::NotEmpty,
                    place(&db),
                    "the database is not empty; share into an empty database",
                ))
            }
        }
        let may_create: bool = db.value("SELECT has_schema_privilege('public', 'CREATE')", &[])?;
        if !may_create {
            return Err(CoreError::of(
                ErrorCode::NoAccess,
                place(&db),
                format!(
                    "user \"{}\" may not create tables in this database; share as its owner",
                    user(&db)
                ),
            ));
        }
        let tx = db.begin()?;
        for m in MIGRATIONS {
            tx.batch(m)?;
        }
        put_meta(&tx, VERSION_KEY, &SCHEMA_VERSION.to_string())?;
        project::write_project(&tx, project)?;
        tx.commit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_is_the_address_path() {
        assert_eq!(
            database_name("postgresql://db.example/bibliotek?sslmode=require"),
            "bibliotek"
        );
        assert_eq!(database_name("postgres://anna@/p?host=/tmp"), "p");
        assert_eq!(database_name("postgresql://db.example"), "");
    }
}
