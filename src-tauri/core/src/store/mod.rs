//! The project store: one SQLite file per project.
//!
//! `application_id` marks our files and `user_version` carries the schema version.
//! Migrations are embedded and run in one transaction after a backup copy of the file.

pub mod backup;
pub mod edit;
pub mod search;
pub mod undo;

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

use crate::support::error::{CoreError, ErrorCode, Result};
use crate::domain::model::*;
use crate::support::lang::Lang;

/// "MSKP" — marks a SQLite file as a Medskapa project.
pub const APPLICATION_ID: i32 = 0x4D53_4B50;
/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = 1;

/// Embedded migrations; index `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[include_str!("schema/v1.sql")];

pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
    read_only: bool,
    _lock: Option<Lock>,
    /// Undo steps for the needs workspace (this session only), most recent last.
    pub(crate) undo: Vec<crate::store::undo::UndoStep>,
}

/// How a project is opened.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenOptions {
    /// Take the single-writer lock (the GUI does; read-only CLI commands need not).
    pub lock: bool,
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA journal_mode = DELETE;",
    )?;
    // A page cache of up to 32 MB instead of SQLite's 2 MB: the tag index, the need table
    // and the full-text index of a 100,000-need project stay in memory between queries
    // instead of being copied in from the OS again on every filter change. Memory is
    // taken only as pages are read.
    conn.execute_batch("PRAGMA cache_size = -32768;")?;
    Ok(())
}

impl Store {
    /// Create an empty project. Refuses to overwrite an existing file.
    pub fn create(path: &Path, name: &str) -> Result<Store> {
        let mut p = Project::default();
        p.project.name = name.to_string();
        Self::create_from(path, &p)
    }

    /// Create a project file holding `project` (already validated). The file is built
    /// under a temporary name and renamed into place, so an error leaves nothing behind.
    pub fn create_from(path: &Path, project: &Project) -> Result<Store> {
        if path.exists() {
            return Err(CoreError::new(ErrorCode::Exists,
                format!(
                    "{}: file already exists; choose another name",
                    display(path)
                ),
            ));
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            return Err(CoreError::new(ErrorCode::Io,
                format!("{}: folder does not exist", display(&dir)),
            ));
        }
        let file_name = path
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_else(|| "project".into());
        let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        let result = (|| -> Result<()> {
            let mut conn = Connection::open(&tmp)
                .map_err(|e| CoreError::new(ErrorCode::Io, format!("{}: {e}", display(path))))?;
            configure(&conn)?;
            let tx = conn.transaction()?;
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            for m in MIGRATIONS {
                tx.execute_batch(m)?;
            }
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            write_project(&tx, project)?;
            tx.commit()?;
            conn.close().map_err(|(_, e)| CoreError::from(e))?;
            Ok(())
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        if path.exists() {
            let _ = std::fs::remove_file(&tmp);
            return Err(CoreError::new(ErrorCode::Exists,
                format!(
                    "{}: file already exists; choose another name",
                    display(path)
                ),
            ));
        }
        std::fs::rename(&tmp, path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })?;
        Self::open(path, OpenOptions::default())
    }

    /// Open an existing project, refusing anything that is not one, and migrating an
    /// older schema (after a backup copy).
    pub fn open(path: &Path, opts: OpenOptions) -> Result<Store> {
        let name = display(path);
        let meta = std::fs::metadata(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                CoreError::new(ErrorCode::Missing, format!("{name}: no such file"))
            } else {
                CoreError::new(ErrorCode::Io, format!("{name}: {e}"))
            }
        })?;
        if meta.is_dir() {
            return Err(CoreError::new(ErrorCode::NotSqlite,
                format!("{name}: is a folder, not a Medskapa project"),
            ));
        }
        let mut header = [0u8; 16];
        {
            use std::io::Read;
            let mut f = std::fs::File::open(path)
                .map_err(|e| CoreError::new(ErrorCode::Io, format!("{name}: {e}")))?;
            let n = f.read(&mut header).unwrap_or(0);
            if n < 16 || &header != b"SQLite format 3\0" {
                return Err(CoreError::new(ErrorCode::NotSqlite,
                    format!("{name}: not a Medskapa project (not an SQLite database)"),
                ));
            }
        }
        let read_only = meta.permissions().readonly();
        let flags = if read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| CoreError::new(ErrorCode::Io, format!("{name}: {e}")))?;
        let app_id: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(|e| CoreError::new(ErrorCode::NotSqlite, format!("{name}: unreadable: {e}")))?;
        if app_id != APPLICATION_ID {
            return Err(CoreError::new(ErrorCode::NotMedskapa,
                format!("{name}: an SQLite database, but not a Medskapa project"),
            ));
        }
        let version: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(CoreError::new(ErrorCode::TooNew,
                format!(
                    "{name}: made by a newer Medskapa (schema {version}, this version reads up to {SCHEMA_VERSION}); update Medskapa to open it"
                ),
            ));
        }
        if version < 1 {
            return Err(CoreError::new(ErrorCode::NotMedskapa,
                format!("{name}: a damaged Medskapa project (no schema version)"),
            ));
        }
        let lock = if opts.lock && !read_only {
            Some(Lock::acquire(path)?)
        } else {
            None
        };
        configure(&conn)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            read_only,
            _lock: lock,
            undo: Vec::new(),
        };
        if version < SCHEMA_VERSION {
            if read_only {
                return Err(CoreError::new(ErrorCode::ReadOnly,
                    format!(
                        "{name}: an older project that must be upgraded, but the file is read-only"
                    ),
                ));
            }
            store.migrate(version)?;
        }
        Ok(store)
    }

    fn migrate(&mut self, from: i32) -> Result<()> {
        let backup = self.path.with_extension(format!("v{from}.bak"));
        std::fs::copy(&self.path, &backup).map_err(|e| {
            CoreError::new(ErrorCode::Io,
                format!(
                    "{}: cannot write backup before upgrading: {e}",
                    display(&backup)
                ),
            )
        })?;
        let tx = self.conn.transaction()?;
        for m in &MIGRATIONS[from as usize..] {
            tx.execute_batch(m)?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
    pub fn read_only(&self) -> bool {
        self.read_only
    }
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn writable(&self) -> Result<()> {
        if self.read_only {
            Err(CoreError::new(ErrorCode::ReadOnly,
                "the project is open read-only; save a copy to edit it",
            ))
        } else {
            Ok(())
        }
    }

    pub fn project_info(&self) -> Result<ProjectInfo> {
        Ok(ProjectInfo {
            name: self.meta("name")?.unwrap_or_default(),
            description: self.meta("description")?.unwrap_or_default(),
        })
    }

    pub fn set_project_info(&self, info: &ProjectInfo) -> Result<()> {
        self.writable()?;
        if info.name.trim().is_empty() {
            return Err(CoreError::invalid("name: must not be empty"));
        }
        self.set_meta("name", &info.name)?;
        self.set_meta("description", &info.description)
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.writable()?;
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// The whole project as the interchange model, in canonical order.
    pub fn load_project(&self) -> Result<Project> {
        load_project(&self.conn, true)
    }

    /// The project without its needs (insights still list their evidence ids).
    pub fn load_project_shallow(&self) -> Result<Project> {
        load_project(&self.conn, false)
    }

    /// The project with only the needs a brief for `target` shows: those heard in the
    /// activities of its key questions and those its insights cite. An unknown target
    /// gives the project without needs (the brief then reports the unknown id).
    pub fn load_project_for_brief(&self, target: &crate::documents::brief::BriefTarget) -> Result<Project> {
        use std::collections::HashSet;
        // One read transaction: a few thousand small queries follow, and outside a
        // transaction each would take and drop the file lock and re-check the file.
        let read = self.conn.unchecked_transaction()?;
        let mut p = load_project(&self.conn, false)?;
        let questions: HashSet<&str> = match target {
            crate::documents::brief::BriefTarget::Decision(d) => p
                .key_questions
                .iter()
                .filter(|q| q.decision_id.as_deref() == Some(d.as_str()))
                .map(|q| q.id.as_str())
                .collect(),
            crate::documents::brief::BriefTarget::Question(q) => std::iter::once(q.as_str()).collect(),
        };
        let asks = |ids: &[String]| ids.iter().any(|k| questions.contains(k.as_str()));
        let mut nids: Vec<i64> = Vec::new();
        {
            let mut st = self
                .conn
                .prepare_cached("SELECT nid FROM need WHERE activity_id = ?1")?;
            for a in p.activities.iter().filter(|a| asks(&a.key_question_ids)) {
                let rows = st.query_map([&a.id], |r| r.get::<_, i64>(0))?;
                for nid in rows {
                    nids.push(nid?);
                }
            }
            let mut st = self
                .conn
                .prepare_cached("SELECT nid FROM need WHERE id = ?1")?;
            for i in p.insights.iter().filter(|i| asks(&i.key_question_ids)) {
                for id in &i.need_ids {
                    if let Some(nid) = st.query_row([id], |r| r.get(0)).optional()? {
                        nids.push(nid);
                    }
                }
            }
        }
        nids.sort_unstable();
        nids.dedup();
        load_needs_by_nid(&self.conn, &mut p, &nids)?;
        read.finish()?;
        p.canonicalize();
        Ok(p)
    }

    /// The planning warnings for `today`, without loading every need.
    pub fn planning_warnings(
        &self,
        today: chrono::NaiveDate,
        lang: Lang,
    ) -> Result<Vec<crate::domain::checks::Warning>> {
        // Everything the rules read, and nothing else: no needs and no insight evidence.
        let mut p = load_project_with(
            &self.conn,
            Load {
                needs: false,
                evidence: false,
            },
        )?;
        self.warnings_of(&mut p, today, lang)
    }

    /// The planning warnings for `today` from `p` as read from this store, whatever needs
    /// it holds: the rules that look at needs count them here, in SQL.
    pub(crate) fn warnings_of(
        &self,
        p: &mut Project,
        today: chrono::NaiveDate,
        lang: Lang,
    ) -> Result<Vec<crate::domain::checks::Warning>> {
        let needs = std::mem::take(&mut p.needs);
        let mut w = crate::domain::checks::check(p, today, lang);
        p.needs = needs;
        // All needs less the tagged ones: two index scans. `NOT EXISTS` per need probes
        // `need_tag` once for every need (170 ms at 100,000 needs).
        let untagged: usize = self.conn.query_row(
            "SELECT (SELECT COUNT(*) FROM need) - (SELECT COUNT(*) FROM (SELECT DISTINCT nid FROM need_tag))",
            [],
            |r| r.get(0),
        )?;
        if untagged > 0 {
            w.push(crate::domain::checks::untagged_warning(untagged, lang));
        }
        Ok(w)
    }

    /// `PRAGMA integrity_check` — "ok" for a sound file.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

fn opt_str(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|v| !v.is_empty())
}

fn enum_code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn enum_from<T: serde::de::DeserializeOwned + Default>(s: &str) -> T {
    serde_json::from_value(serde_json::Value::String(s.to_string())).unwrap_or_default()
}

/// Write a whole (validated) project into an empty schema. One transaction is the caller's.
pub(crate) fn write_project(conn: &Connection, p: &Project) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('name', ?1), ('description', ?2)",
        params![p.project.name, p.project.description],
    )?;
    {
        let mut st = conn.prepare(
            "INSERT INTO effect_goal(id, code, title, description) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for g in &p.effect_goals {
            st.execute(params![g.id, g.code, g.title, g.description])?;
        }
    }
    {
        let mut st = conn.prepare(
            "INSERT INTO segment(id, name, description, priority) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for s in &p.segments {
            st.execute(params![s.id, s.name, s.description, s.priority])?;
        }
    }
    {
        // Parents may come after their children: insert all, then set parents.
        let mut st = conn.prepare(
            "INSERT INTO tag(id, name, parent_id, color, description) VALUES (?1, ?2, NULL, ?3, ?4)",
        )?;
        for t in &p.tags {
            st.execute(params![t.id, t.name, t.color, t.description])?;
        }
        let mut st = conn.prepare("UPDATE tag SET parent_id = ?2 WHERE id = ?1")?;
        for t in &p.tags {
            if let Some(parent) = opt_str(&t.parent_id) {
                st.execute(params![t.id, parent])?;
            }
        }
    }
    {
        let mut st = conn.prepare(
            "INSERT INTO decision(id, title, description, decision_date, forum, status, outcome, brief_summary, brief_proposal)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for d in &p.decisions {
            st.execute(params![
                d.id,
                d.title,
                d.description,
                opt_str(&d.decision_date),
                d.forum,
                enum_code(&d.status),
                d.outcome,
                d.brief_summary,
                d.brief_proposal
            ])?;
        }
    }
    {
        let mut st = conn.prepare(
            "INSERT INTO key_question(id, title, description, decision_id, needed_by, influence_level,
               open_to_influence, fixed, promise, owner, status, answer)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        let mut goals = conn.prepare(
            "INSERT INTO key_question_goal(key_question_id, effect_goal_id) VALUES (?1, ?2)",
        )?;
        for q in &p.key_questions {
            st.execute(params![
                q.id,
                q.title,
                q.description,
                opt_str(&q.decision_id),
                opt_str(&q.needed_by),
                enum_code(&q.influence_level),
                q.open_to_influence,
                q.fixed,
                q.promise,
                q.owner,
                enum_code(&q.status),
                q.answer
            ])?;
            for g in &q.effect_goal_ids {
                goals.execute(params![q.id, g])?;
            }
        }
    }
    {
        let mut st = conn.prepare(
            "INSERT INTO activity(id, title, method, starts_at, ends_at, place, organisers, status, notes, feedback, feedback_given_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        let mut aq = conn.prepare(
            "INSERT INTO activity_question(activity_id, key_question_id) VALUES (?1, ?2)",
        )?;
        let mut ap = conn.prepare(
            "INSERT INTO participation(activity_id, segment_id, count) VALUES (?1, ?2, ?3)",
        )?;
        for a in &p.activities {
            st.execute(params![
                a.id,
                a.title,
                enum_code(&a.method),
                opt_str(&a.starts_at),
                opt_str(&a.ends_at),
                a.place,
                a.organisers,
                enum_code(&a.status),
                a.notes,
                a.feedback,
                opt_str(&a.feedback_given_on)
            ])?;
            for q in &a.key_question_ids {
                aq.execute(params![a.id, q])?;
            }
            for pt in &a.participants {
                ap.execute(params![a.id, pt.segment_id, pt.count])?;
            }
        }
    }
    {
        let mut st = conn.prepare(
            "INSERT INTO need(id, statement, quote, activity_id, important) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut ns = conn.prepare("INSERT INTO need_segment(nid, segment_id) VALUES (?1, ?2)")?;
        let mut nt = conn.prepare("INSERT INTO need_tag(nid, tag_id) VALUES (?1, ?2)")?;
        for n in &p.needs {
            st.execute(params![
                n.id,
                n.statement,
                n.quote,
                opt_str(&n.activity_id),
                n.important
            ])?;
            let nid = conn.last_insert_rowid();
            for s in &n.segment_ids {
                ns.execute(params![nid, s])?;
            }
            for t in &n.tag_ids {
                nt.execute(params![nid, t])?;
            }
        }
    }
    {
        let mut st = conn.prepare(
            "INSERT INTO insight(id, title, statement, response, response_status, communicated_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut inn = conn.prepare(
            "INSERT INTO insight_need(insight_id, nid) SELECT ?1, nid FROM need WHERE id = ?2",
        )?;
        let mut iq = conn
            .prepare("INSERT INTO insight_question(insight_id, key_question_id) VALUES (?1, ?2)")?;
        let mut ig =
            conn.prepare("INSERT INTO insight_goal(insight_id, effect_goal_id) VALUES (?1, ?2)")?;
        for i in &p.insights {
            st.execute(params![
                i.id,
                i.title,
                i.statement,
                i.response,
                enum_code(&i.response_status),
                opt_str(&i.communicated_on)
            ])?;
            for n in &i.need_ids {
                inn.execute(params![i.id, n])?;
            }
            for q in &i.key_question_ids {
                iq.execute(params![i.id, q])?;
            }
            for g in &i.effect_goal_ids {
                ig.execute(params![i.id, g])?;
            }
        }
    }
    Ok(())
}

/// Hand each of `items` (sorted by id) the values of the `(key, value…)` rows that `sql`
/// returns sorted by key: a merge join on the primary-key order of the link tables, with
/// no map from id to values. SQLite's default `BINARY` collation and Rust's `str` order
/// are both byte order, so the two sides walk in step.
fn attach<T, V>(
    conn: &Connection,
    sql: &str,
    items: &mut [T],
    id: impl Fn(&T) -> &str,
    value: impl Fn(&rusqlite::Row) -> rusqlite::Result<V>,
    mut put: impl FnMut(&mut T, V),
) -> Result<()> {
    let mut st = conn.prepare(sql)?;
    let mut rows = st.query([])?;
    let mut i = 0usize;
    while let Some(r) = rows.next()? {
        let key = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        while i < items.len() && id(&items[i]) < key {
            i += 1;
        }
        if i == items.len() {
            break;
        }
        if id(&items[i]) == key {
            let v = value(r)?;
            put(&mut items[i], v);
        }
    }
    Ok(())
}

fn text1(r: &rusqlite::Row) -> rusqlite::Result<String> {
    r.get(1)
}

/// What to read besides the project's own rows.
#[derive(Clone, Copy)]
struct Load {
    /// Every need, with its segments and tags.
    needs: bool,
    /// Each insight's evidence (need ids).
    evidence: bool,
}

pub(crate) fn load_project(conn: &Connection, with_needs: bool) -> Result<Project> {
    load_project_with(
        conn,
        Load {
            needs: with_needs,
            evidence: true,
        },
    )
}

fn load_project_with(conn: &Connection, load: Load) -> Result<Project> {
    let get_meta = |k: &str| -> Result<String> {
        Ok(conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [k], |r| r.get(0))
            .optional()?
            .unwrap_or_default())
    };
    let mut p = Project {
        project: ProjectInfo {
            name: get_meta("name")?,
            description: get_meta("description")?,
        },
        ..Project::default()
    };
    p.effect_goals = conn
        .prepare("SELECT id, code, title, description FROM effect_goal ORDER BY id")?
        .query_map([], |r| {
            Ok(EffectGoal {
                id: r.get(0)?,
                code: r.get(1)?,
                title: r.get(2)?,
                description: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    p.segments = conn
        .prepare("SELECT id, name, description, priority FROM segment ORDER BY id")?
        .query_map([], |r| {
            Ok(Segment {
                id: r.get(0)?,
                name: r.get(1)?,
                description: r.get(2)?,
                priority: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    p.tags = conn
        .prepare("SELECT id, name, parent_id, color, description FROM tag ORDER BY id")?
        .query_map([], |r| {
            Ok(Tag {
                id: r.get(0)?,
                name: r.get(1)?,
                parent_id: r.get(2)?,
                color: r.get(3)?,
                description: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    p.decisions = conn
        .prepare(
            "SELECT id, title, description, decision_date, forum, status, outcome, brief_summary, brief_proposal
             FROM decision ORDER BY id",
        )?
        .query_map([], |r| {
            Ok(Decision {
                id: r.get(0)?,
                title: r.get(1)?,
                description: r.get(2)?,
                decision_date: r.get(3)?,
                forum: r.get(4)?,
                status: enum_from(&r.get::<_, String>(5)?),
                outcome: r.get(6)?,
                brief_summary: r.get(7)?,
                brief_proposal: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    p.key_questions = conn
        .prepare(
            "SELECT id, title, description, decision_id, needed_by, influence_level, open_to_influence,
                    fixed, promise, owner, status, answer FROM key_question ORDER BY id",
        )?
        .query_map([], |r| {
            Ok(KeyQuestion {
                id: r.get(0)?,
                title: r.get(1)?,
                description: r.get(2)?,
                decision_id: r.get(3)?,
                needed_by: r.get(4)?,
                influence_level: enum_from(&r.get::<_, String>(5)?),
                open_to_influence: r.get(6)?,
                fixed: r.get(7)?,
                promise: r.get(8)?,
                owner: r.get(9)?,
                status: enum_from(&r.get::<_, String>(10)?),
                answer: r.get(11)?,
                effect_goal_ids: vec![],
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    attach(
        conn,
        "SELECT key_question_id, effect_goal_id FROM key_question_goal ORDER BY 1, 2",
        &mut p.key_questions,
        |q| &q.id,
        text1,
        |q, v| q.effect_goal_ids.push(v),
    )?;
    p.activities = conn
        .prepare(
            "SELECT id, title, method, starts_at, ends_at, place, organisers, status, notes, feedback, feedback_given_on
             FROM activity ORDER BY id",
        )?
        .query_map([], |r| {
            Ok(Activity {
                id: r.get(0)?,
                title: r.get(1)?,
                method: enum_from(&r.get::<_, String>(2)?),
                starts_at: r.get(3)?,
                ends_at: r.get(4)?,
                place: r.get(5)?,
                organisers: r.get(6)?,
                status: enum_from(&r.get::<_, String>(7)?),
                key_question_ids: vec![],
                participants: vec![],
                notes: r.get(8)?,
                feedback: r.get(9)?,
                feedback_given_on: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    attach(
        conn,
        "SELECT activity_id, key_question_id FROM activity_question ORDER BY 1, 2",
        &mut p.activities,
        |a| &a.id,
        text1,
        |a, v| a.key_question_ids.push(v),
    )?;
    attach(
        conn,
        "SELECT activity_id, segment_id, count FROM participation ORDER BY activity_id, segment_id",
        &mut p.activities,
        |a| &a.id,
        |r| {
            Ok(Participants {
                segment_id: r.get(1)?,
                count: r.get(2)?,
            })
        },
        |a, v| a.participants.push(v),
    )?;
    if load.needs {
        load_needs(conn, &mut p)?;
    }
    p.insights = conn
        .prepare(
            "SELECT id, title, statement, response, response_status, communicated_on FROM insight ORDER BY id",
        )?
        .query_map([], |r| {
            Ok(Insight {
                id: r.get(0)?,
                title: r.get(1)?,
                statement: r.get(2)?,
                need_ids: vec![],
                key_question_ids: vec![],
                effect_goal_ids: vec![],
                response: r.get(3)?,
                response_status: enum_from(&r.get::<_, String>(4)?),
                communicated_on: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if load.evidence {
        attach(
            conn,
            // In the key order of insight_need; `canonicalize` sorts each insight's need ids.
            "SELECT i.insight_id, n.id FROM insight_need i JOIN need n ON n.nid = i.nid
             ORDER BY i.insight_id",
            &mut p.insights,
            |i| &i.id,
            text1,
            |i, v| i.need_ids.push(v),
        )?;
    }
    attach(
        conn,
        "SELECT insight_id, key_question_id FROM insight_question ORDER BY 1, 2",
        &mut p.insights,
        |i| &i.id,
        text1,
        |i, v| i.key_question_ids.push(v),
    )?;
    attach(
        conn,
        "SELECT insight_id, effect_goal_id FROM insight_goal ORDER BY 1, 2",
        &mut p.insights,
        |i| &i.id,
        text1,
        |i, v| i.effect_goal_ids.push(v),
    )?;
    // SQL `ORDER BY` uses byte order, the same as Rust's `str` order; sort anyway so the
    // canonical form never depends on a collation.
    p.canonicalize();
    Ok(p)
}

/// Read `(nid, value)` pairs in `nid` order and hand each need's values to `put`, walking
/// the needs (also in `nid` order) alongside: a merge join, no sort and no map by id.
fn merge_by_nid(
    conn: &Connection,
    sql: &str,
    nids: &[i64],
    mut put: impl FnMut(usize, String),
) -> Result<()> {
    let mut st = conn.prepare(sql)?;
    let mut rows = st.query([])?;
    let mut i = 0usize;
    while let Some(r) = rows.next()? {
        let nid: i64 = r.get(0)?;
        while i < nids.len() && nids[i] < nid {
            i += 1;
        }
        if i < nids.len() && nids[i] == nid {
            put(i, r.get(1)?);
        }
    }
    Ok(())
}

/// The needs with the given `nid`s (sorted), by primary key: for a few thousand needs
/// out of many more, cheaper than a pass over the whole table.
fn load_needs_by_nid(conn: &Connection, p: &mut Project, nids: &[i64]) -> Result<()> {
    let mut need = conn.prepare_cached(
        "SELECT id, statement, quote, activity_id, important FROM need WHERE nid = ?1",
    )?;
    let mut segs =
        conn.prepare_cached("SELECT segment_id FROM need_segment WHERE nid = ?1 ORDER BY 1")?;
    let mut tags = conn.prepare_cached("SELECT tag_id FROM need_tag WHERE nid = ?1 ORDER BY 1")?;
    p.needs = Vec::with_capacity(nids.len());
    for nid in nids {
        let mut n = need.query_row([nid], |r| {
            Ok(Need {
                id: r.get(0)?,
                statement: r.get(1)?,
                quote: r.get(2)?,
                activity_id: r.get(3)?,
                segment_ids: vec![],
                tag_ids: vec![],
                important: r.get(4)?,
            })
        })?;
        n.segment_ids = segs
            .query_map([nid], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        n.tag_ids = tags
            .query_map([nid], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        p.needs.push(n);
    }
    Ok(())
}

fn load_needs(conn: &Connection, p: &mut Project) -> Result<()> {
    // Everything in `nid` order (the tables' key order: no temporary sort), joined in Rust;
    // `canonicalize` sorts by id afterwards (ids are made in time order, so this is cheap).
    let mut nids: Vec<i64> = Vec::new();
    p.needs = conn
        .prepare("SELECT nid, id, statement, quote, activity_id, important FROM need ORDER BY nid")?
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Need {
                    id: r.get(1)?,
                    statement: r.get(2)?,
                    quote: r.get(3)?,
                    activity_id: r.get(4)?,
                    segment_ids: vec![],
                    tag_ids: vec![],
                    important: r.get(5)?,
                },
            ))
        })?
        .map(|row| {
            row.map(|(nid, n)| {
                nids.push(nid);
                n
            })
        })
        .collect::<rusqlite::Result<_>>()?;
    let needs = &mut p.needs;
    merge_by_nid(
        conn,
        "SELECT nid, segment_id FROM need_segment ORDER BY nid, segment_id",
        &nids,
        |i, v| needs[i].segment_ids.push(v),
    )?;
    merge_by_nid(
        conn,
        "SELECT nid, tag_id FROM need_tag ORDER BY nid, tag_id",
        &nids,
        |i, v| needs[i].tag_ids.push(v),
    )?;
    Ok(())
}

/// A lock file beside the project (`NAME.medskapa.lock`) that says who has it open.
struct Lock {
    path: PathBuf,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct LockInfo {
    pid: u32,
    user: String,
    host: String,
    since: String,
}

fn lock_path(project: &Path) -> PathBuf {
    let mut s = project.as_os_str().to_owned();
    s.push(".lock");
    PathBuf::from(s)
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        // Without a portable liveness check, trust the lock.
        true
    }
}

fn current_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "okänd".into())
}

fn current_host() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|s| s.trim().to_string())
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .unwrap_or_default()
}

impl Lock {
    fn acquire(project: &Path) -> Result<Lock> {
        use std::io::Write;
        let path = lock_path(project);
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    let info = LockInfo {
                        pid: std::process::id(),
                        user: current_user(),
                        host: current_host(),
                        since: chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
                    };
                    let _ =
                        f.write_all(serde_json::to_string(&info).unwrap_or_default().as_bytes());
                    return Ok(Lock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    match serde_json::from_str::<LockInfo>(&text) {
                        Ok(info) if info.host == current_host() && !process_alive(info.pid) => {
                            // A stale lock from a process that has ended: take it over.
                            let _ = std::fs::remove_file(&path);
                            continue;
                        }
                        Ok(info) => {
                            return Err(CoreError::new(ErrorCode::Locked,
                                format!(
                                    "{}: already open in another Medskapa by {}@{} (process {}) since {}",
                                    display(project),
                                    info.user,
                                    info.host,
                                    info.pid,
                                    info.since
                                ),
                            ))
                        }
                        Err(_) => {
                            return Err(CoreError::new(ErrorCode::Locked,
                                format!(
                                    "{}: already open in another Medskapa (lock file {})",
                                    display(project),
                                    display(&path)
                                ),
                            ))
                        }
                    }
                }
                Err(e) => {
                    return Err(CoreError::new(ErrorCode::Io,
                        format!("{}: cannot create lock file: {e}", display(&path)),
                    ))
                }
            }
        }
        Err(CoreError::new(ErrorCode::Locked,
            format!("{}: already open in another Medskapa", display(project)),
        ))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl From<rusqlite::Error> for CoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as Sqlite;
        match &e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == Sqlite::ReadOnly => {
                CoreError::new(ErrorCode::ReadOnly, "the project is open read-only")
            }
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == Sqlite::DatabaseBusy || f.code == Sqlite::DatabaseLocked =>
            {
                CoreError::new(
                    ErrorCode::Busy,
                    "the project is busy: another program is writing to it; try again",
                )
            }
            _ => CoreError::new(ErrorCode::Db, format!("database error: {e}")),
        }
    }
}
