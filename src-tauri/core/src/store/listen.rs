//! Live updates of a shared project: what the others change, as the database announces it.
//!
//! Every write to a shared project's tables makes the server announce it on the channel
//! `medskapa` (the triggers at the end of `schema/pg.sql`). A [`Listener`] is a second
//! connection to the same database that listens there; [`Listener::wait`] hands over what
//! arrived, leaving out what the app's own connection ([`Store::session_id`]) wrote. A
//! project in a file has no listener: only one person writes to it.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::store::db::{connect, PgConn};
use crate::store::Store;
use crate::support::error::Result;

/// The channel the triggers announce changes on.
const CHANNEL: &str = "medskapa";

/// What was done to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ChangeOp {
    Insert,
    Update,
    Delete,
}

/// One change someone else made to the project.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct Change {
    /// The table written to (`need_tag` for a need's tags).
    pub table: String,
    /// The kind of entity it belongs to: an `EntityKind` code (`need` for `need_tag`), or
    /// `project` (its name, description and ladder) or `person` (a name shown in stamps).
    pub kind: String,
    /// The entity's id (a role for `person`, a setting's key for `project`); `None` when
    /// many rows of the table changed at once (an import), without a list of them.
    pub id: Option<String>,
    pub op: ChangeOp,
    /// The database role that made the change.
    pub by: String,
    /// The row's revision after the change, where the table keeps one.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub revision: Option<i64>,
}

/// A second connection to a shared project's database that hears the others' changes.
pub struct Listener {
    conn: PgConn,
    /// The server session of the app's own connection: its changes are not reported.
    own: Option<i32>,
}

impl Listener {
    /// Connect to the database at `address` (`password` as for
    /// [`Store::open_server`]) and listen for changes.
    pub fn start(address: &str, password: Option<&str>) -> Result<Listener> {
        let conn = connect(address, password)?;
        conn.listen(CHANNEL)?;
        Ok(Listener { conn, own: None })
    }

    /// Leave out the changes made through the connection with this session id (the app's
    /// own, [`Store::session_id`]); `None` reports every change.
    pub fn ignore_session(&mut self, session: Option<i32>) {
        self.own = session;
    }

    /// The changes that arrived, waiting up to `timeout` for the first one; empty when none
    /// came. An `offline` error when the connection is gone: start a new listener.
    pub fn wait(&mut self, timeout: Duration) -> Result<Vec<Change>> {
        let until = Instant::now() + timeout;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            let notes = self.conn.notes(left)?;
            let changes: Vec<Change> = notes
                .into_iter()
                .filter(|n| n.channel == CHANNEL && Some(n.session) != self.own)
                .filter_map(|n| serde_json::from_str(&n.payload).ok())
                .collect();
            // Only our own changes came: wait on for the others' until the time is up.
            if !changes.is_empty() || left.is_zero() {
                return Ok(changes);
            }
        }
    }

    /// Whether the connection is known to be gone.
    pub fn is_closed(&self) -> bool {
        self.conn.is_closed()
    }
}

/// `changes` with repeats left out, in the order first seen; beyond `max` entries, one
/// "many rows" change per table, kind, operation and person instead.
pub fn coalesce(changes: Vec<Change>, max: usize) -> Vec<Change> {
    let mut seen = std::collections::HashSet::new();
    let unique: Vec<Change> = changes
        .into_iter()
        .filter(|c| seen.insert(c.clone()))
        .collect();
    if unique.len() <= max {
        return unique;
    }
    let mut seen = std::collections::HashSet::new();
    unique
        .into_iter()
        .map(|c| Change {
            id: None,
            revision: None,
            ..c
        })
        .filter(|c| seen.insert(c.clone()))
        .collect()
}

impl Store {
    /// The server session of this project's connection (PostgreSQL's backend process id),
    /// to tell its own changes from the others'; `None` for a file.
    pub fn session_id(&self) -> Result<Option<i32>> {
        match self.db.as_pg() {
            Some(conn) => conn.session_id().map(Some),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(id: &str, op: ChangeOp) -> Change {
        Change {
            table: "need".into(),
            kind: "need".into(),
            id: Some(id.into()),
            op,
            by: "anna".into(),
            revision: None,
        }
    }

    #[test]
    fn a_payload_reads_with_or_without_a_revision() {
        let c: Change = serde_json::from_str(
            r#"{"table":"need_tag","kind":"need","id":"n1","op":"delete","by":"anna","revision":null}"#,
        )
        .unwrap();
        assert_eq!(c.op, ChangeOp::Delete);
        assert_eq!(c.id.as_deref(), Some("n1"));
        let c: Change = serde_json::from_str(
            r#"{"table":"need","kind":"need","id":null,"op":"insert","by":"bo","revision":7}"#,
        )
        .unwrap();
        assert_eq!((c.id, c.revision), (None, Some(7)));
        let c: Change = serde_json::from_str(
            r#"{"table":"need","kind":"need","id":"x","op":"update","by":"bo"}"#,
        )
        .unwrap();
        assert_eq!(c.revision, None);
    }

    #[test]
    fn repeats_are_dropped_and_a_flood_becomes_one_change_per_table() {
        let list = vec![
            change("a", ChangeOp::Update),
            change("a", ChangeOp::Update),
            change("b", ChangeOp::Insert),
        ];
        assert_eq!(
            coalesce(list.clone(), 10),
            vec![list[0].clone(), list[2].clone()]
        );
        let flood: Vec<Change> = (0..500)
            .map(|i| change(&format!("n{i}"), ChangeOp::Insert))
            .collect();
        let out = coalesce(flood, 200);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].id, None);
    }
}
