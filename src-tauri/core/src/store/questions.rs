//! The `key_question` table and its links to effect goals (`key_question_goal`): saves,
//! deletes and reads of the key questions.

use crate::domain::model::KeyQuestion;
use crate::domain::validate;
use crate::store::Store;
use crate::support::error::{CoreError, Result};

use super::db::{params, Db, Param, Row};
use super::merge::{self, Based, Delta, Entity, Saved};
use super::rows::{self, enum_code, opt_str, Key};
use super::stamps::{self, stamp_changed, stamp_columns, EntityKind, Mark};
use super::{activities, conflicts, decisions, effect_goals, insights};

macro_rules! columns {
    () => {
        "id, title, description, decision_id, needed_by, influence_level, open_to_influence,
         fixed, promise, owner, status, answer"
    };
}

fn from_row(r: &Row) -> Result<KeyQuestion> {
    Ok(KeyQuestion {
        id: r.get(0)?,
        title: r.get(1)?,
        description: r.get(2)?,
        decision_id: r.get(3)?,
        needed_by: r.get(4)?,
        influence_level: rows::enum_at(r, 5, "key_question", "influence_level")?,
        open_to_influence: r.get(6)?,
        fixed: r.get(7)?,
        promise: r.get(8)?,
        owner: r.get(9)?,
        status: rows::enum_at(r, 10, "key_question", "status")?,
        answer: r.get(11)?,
        effect_goal_ids: vec![],
    })
}

/// Run `sql` (an `insert!()`) for `q`, stamped with `m`.
fn bind(db: &Db, sql: &str, q: &KeyQuestion, m: &Mark) -> Result<u64> {
    db.execute(
        sql,
        params![
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
            q.answer,
            m.by,
            m.at
        ],
    )
}

macro_rules! insert {
    () => {
        concat!(
            "INSERT INTO key_question(",
            columns!(),
            ", ",
            stamp_columns!(),
            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?13, ?14)"
        )
    };
}

/// Link a question to its effect goals.
fn insert_goals(db: &Db, q: &KeyQuestion) -> Result<()> {
    for g in &q.effect_goal_ids {
        db.execute(
            "INSERT INTO key_question_goal(key_question_id, effect_goal_id) VALUES (?1, ?2)",
            params![q.id, g],
        )?;
    }
    Ok(())
}

pub(super) fn exists(db: &Db, id: &str) -> Result<bool> {
    rows::exists(db, "SELECT 1 FROM key_question WHERE id = ?1", id)
}

/// Every key question with its effect goals, by id.
pub(super) fn all(db: &Db) -> Result<Vec<KeyQuestion>> {
    let mut questions = db.query(
        concat!("SELECT ", columns!(), " FROM key_question ORDER BY id"),
        &[],
        from_row,
    )?;
    rows::attach(
        db,
        "SELECT key_question_id, effect_goal_id FROM key_question_goal ORDER BY 1, 2",
        &mut questions,
        |_, q| Key::Text(&q.id),
        rows::text1,
        |q, v| q.effect_goal_ids.push(v),
    )?;
    Ok(questions)
}

/// Insert key questions (with their goals) into a new project.
pub(super) fn insert_all(db: &Db, questions: &[KeyQuestion]) -> Result<()> {
    let m = Mark::now(db);
    for q in questions {
        bind(db, insert!(), q, &m)?;
        insert_goals(db, q)?;
    }
    Ok(())
}

/// Stamp as changed now the key questions of a decision.
pub(super) fn touch_of_decision(db: &Db, decision_id: &str) -> Result<()> {
    stamps::touch_where(
        db,
        EntityKind::KeyQuestion,
        "decision_id = ?3",
        Param::Text(decision_id),
    )
}

/// Delete the key questions of a decision.
pub(super) fn delete_of_decision(db: &Db, decision_id: &str) -> Result<()> {
    let ids = rows::strings(
        db,
        "SELECT id FROM key_question WHERE decision_id = ?1",
        decision_id,
    )?;
    for id in &ids {
        touch_linked(db, id)?;
    }
    conflicts::record_deleted(db, EntityKind::KeyQuestion, &ids)?;
    db.execute(
        "DELETE FROM key_question WHERE decision_id = ?1",
        params![decision_id],
    )?;
    Ok(())
}

/// Stamp as changed now what loses a key question when it goes: the activities that ask
/// it and the insights that answer it.
fn touch_linked(db: &Db, id: &str) -> Result<()> {
    activities::touch_asking(db, id)?;
    insights::touch_answering(db, id)
}

/// The upsert of a key question's own columns.
const UPSERT: &str = concat!(
    insert!(),
    " ON CONFLICT(id) DO UPDATE SET title = excluded.title, description = excluded.description,
       decision_id = excluded.decision_id, needed_by = excluded.needed_by,
       influence_level = excluded.influence_level, open_to_influence = excluded.open_to_influence,
       fixed = excluded.fixed, promise = excluded.promise, owner = excluded.owner,
       status = excluded.status, answer = excluded.answer, ",
    stamp_changed!("key_question")
);

/// The key question with this id, with its effect goals.
fn one(db: &Db, id: &str) -> Result<Option<KeyQuestion>> {
    let Some(mut q) = db.row(
        concat!("SELECT ", columns!(), " FROM key_question WHERE id = ?1"),
        params![id],
        from_row,
    )?
    else {
        return Ok(None);
    };
    q.effect_goal_ids = rows::strings(
        db,
        "SELECT effect_goal_id FROM key_question_goal WHERE key_question_id = ?1 ORDER BY 1",
        id,
    )?;
    Ok(Some(q))
}

/// Save `q` replacing what is stored: its fields and all its effect goals.
fn replace(db: &Db, q: &KeyQuestion) -> Result<KeyQuestion> {
    let mut q = q.clone();
    q.decision_id = rows::check_ref(db, "decision_id", decisions::exists, &q.decision_id)?;
    q.effect_goal_ids = rows::check_refs(
        db,
        "effect_goal_ids",
        effect_goals::exists,
        &q.effect_goal_ids,
    )?;
    bind(db, UPSERT, &q, &Mark::now(db))?;
    db.execute(
        "DELETE FROM key_question_goal WHERE key_question_id = ?1",
        params![q.id],
    )?;
    insert_goals(db, &q)?;
    Ok(q)
}

impl Entity for KeyQuestion {
    const KIND: EntityKind = EntityKind::KeyQuestion;
    const SETS: &'static [&'static str] = &["effect_goal_ids"];

    fn id(&self) -> &str {
        &self.id
    }

    fn validate(&self) -> Result<KeyQuestion> {
        validate::key_question(self)
    }

    const TABLE: &'static str = "key_question";

    fn read(db: &Db, id: &str) -> Result<Option<KeyQuestion>> {
        one(db, id)
    }

    fn replace(db: &Db, q: &KeyQuestion) -> Result<KeyQuestion> {
        replace(db, q)
    }

    fn write_fields(db: &Db, q: &KeyQuestion) -> Result<()> {
        let mut q = q.clone();
        q.decision_id = rows::check_ref(db, "decision_id", decisions::exists, &q.decision_id)?;
        bind(db, UPSERT, &q, &Mark::now(db))?;
        Ok(())
    }

    fn write_links(db: &Db, q: &KeyQuestion, delta: &Delta) -> Result<()> {
        let (added, removed) = delta.of("effect_goal_ids");
        let added = rows::check_refs(db, "effect_goal_ids", effect_goals::exists, added)?;
        rows::add_remove(
            db,
            "key_question_goal",
            ("key_question_id", Param::Text(&q.id)),
            "effect_goal_id",
            &added,
            removed,
        )
    }
}

impl Store {
    /// Save a key question as given, without a base: last writer wins, its effect goals are
    /// replaced by the ones given. An edit saves with [`Store::save_key_question_from`].
    pub fn save_key_question(&mut self, q: &KeyQuestion) -> Result<KeyQuestion> {
        let q = validate::key_question(q)?;
        let tx = self.tx()?;
        let q = replace(&tx, &q)?;
        tx.commit()?;
        Ok(q)
    }

    /// A key question as an editor loads it, with its revision.
    pub fn key_question_for_edit(&self, id: &str) -> Result<Based<KeyQuestion>> {
        merge::based(self.db(), id)
    }

    /// Save an edit of a key question that started from `base`, merged with what others
    /// saved since, as [`Store::save_need_from`] does; effect goals are added and removed.
    pub fn save_key_question_from(
        &mut self,
        q: &KeyQuestion,
        base: Option<&Based<KeyQuestion>>,
    ) -> Result<Saved<KeyQuestion>> {
        self.save_from(q, base)
    }

    pub fn delete_key_question(&mut self, id: &str) -> Result<()> {
        let tx = self.tx()?;
        touch_linked(&tx, id)?;
        conflicts::record_deleted(&tx, EntityKind::KeyQuestion, &[id.to_string()])?;
        let n = tx.execute("DELETE FROM key_question WHERE id = ?1", params![id])?;
        if n == 0 {
            return Err(CoreError::not_found(format!(
                "unknown key question \"{id}\""
            )));
        }
        tx.commit()?;
        Ok(())
    }
}
