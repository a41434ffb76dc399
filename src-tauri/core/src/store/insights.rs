//! The `insight` table with its links: the needs it cites (`insight_need`), its key
//! questions (`insight_question`) and effect goals (`insight_goal`).

use crate::domain::model::Insight;
use crate::domain::validate;
use crate::store::Store;
use crate::support::error::{CoreError, Result};

use super::db::{params, Db, Param, Row};
use super::merge::{self, Based, Delta, Entity, Saved};
use super::rows::{self, enum_code, opt_str, Key};
use super::stamps::{self, stamp_changed, stamp_columns, EntityKind, Mark};
use super::{conflicts, effect_goals, needs, questions};

macro_rules! columns {
    () => {
        "id, title, statement, response, response_status, communicated_on"
    };
}

macro_rules! insert {
    () => {
        concat!(
            "INSERT INTO insight(",
            columns!(),
            ", ",
            stamp_columns!(),
            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?8)"
        )
    };
}

fn from_row(r: &Row) -> Result<Insight> {
    Ok(Insight {
        id: r.get(0)?,
        title: r.get(1)?,
        statement: r.get(2)?,
        need_ids: vec![],
        key_question_ids: vec![],
        effect_goal_ids: vec![],
        response: r.get(3)?,
        response_status: rows::enum_at(r, 4, "insight", "response_status")?,
        communicated_on: r.get(5)?,
    })
}

/// Run `sql` (an `insert!()`) for insight `i`, stamped with `m`.
fn bind(db: &Db, sql: &str, i: &Insight, m: &Mark) -> Result<u64> {
    db.execute(
        sql,
        params![
            i.id,
            i.title,
            i.statement,
            i.response,
            enum_code(&i.response_status),
            opt_str(&i.communicated_on),
            m.by,
            m.at
        ],
    )
}

/// Link an insight to the needs it cites (unknown need ids are skipped), its key
/// questions and its effect goals.
fn insert_links(db: &Db, i: &Insight) -> Result<()> {
    for n in &i.need_ids {
        if let Some(nid) = needs::nid_of(db, n)? {
            db.execute(
                "INSERT INTO insight_need(insight_id, nid) VALUES (?1, ?2)",
                params![i.id, nid],
            )?;
        }
    }
    for q in &i.key_question_ids {
        db.execute(
            "INSERT INTO insight_question(insight_id, key_question_id) VALUES (?1, ?2)",
            params![i.id, q],
        )?;
    }
    for g in &i.effect_goal_ids {
        db.execute(
            "INSERT INTO insight_goal(insight_id, effect_goal_id) VALUES (?1, ?2)",
            params![i.id, g],
        )?;
    }
    Ok(())
}

/// Every insight with its key questions and effect goals, by id; with `evidence`, also
/// the needs each cites.
pub(super) fn all(db: &Db, evidence: bool) -> Result<Vec<Insight>> {
    let mut insights: Vec<Insight> = db.query(
        concat!("SELECT ", columns!(), " FROM insight ORDER BY id"),
        &[],
        from_row,
    )?;
    if evidence {
        needs::attach_evidence(db, &mut insights)?;
    }
    rows::attach(
        db,
        "SELECT insight_id, key_question_id FROM insight_question ORDER BY 1, 2",
        &mut insights,
        |_, i| Key::Text(&i.id),
        rows::text1,
        |i, v| i.key_question_ids.push(v),
    )?;
    rows::attach(
        db,
        "SELECT insight_id, effect_goal_id FROM insight_goal ORDER BY 1, 2",
        &mut insights,
        |_, i| Key::Text(&i.id),
        rows::text1,
        |i, v| i.effect_goal_ids.push(v),
    )?;
    Ok(insights)
}

/// Insert insights (with their links) into a new project, after its needs.
pub(super) fn insert_all(db: &Db, insights: &[Insight]) -> Result<()> {
    let m = Mark::now(db);
    for i in insights {
        bind(db, insert!(), i, &m)?;
        insert_links(db, i)?;
    }
    Ok(())
}

/// The ids of the insights citing the need `nid`.
pub(super) fn citing(db: &Db, nid: i64) -> Result<Vec<String>> {
    rows::strings(
        db,
        "SELECT insight_id FROM insight_need WHERE nid = ?1",
        nid,
    )
}

/// Let those of `insight_ids` that still exist cite the need `nid` again.
pub(super) fn recite(db: &Db, nid: i64, insight_ids: &[String]) -> Result<()> {
    for i in insight_ids {
        db.execute(
            "INSERT INTO insight_need(insight_id, nid) SELECT id, ?2 FROM insight WHERE id = ?1
             ON CONFLICT DO NOTHING",
            params![i, nid],
        )?;
    }
    stamps::touch(db, EntityKind::Insight, insight_ids)
}

/// Stamp as changed now the insights that answer a key question.
pub(super) fn touch_answering(db: &Db, key_question_id: &str) -> Result<()> {
    stamps::touch_where(
        db,
        EntityKind::Insight,
        "id IN (SELECT insight_id FROM insight_question WHERE key_question_id = ?3)",
        Param::Text(key_question_id),
    )
}

/// The upsert of an insight's own columns.
const UPSERT: &str = concat!(
    insert!(),
    " ON CONFLICT(id) DO UPDATE SET title = excluded.title, statement = excluded.statement,
       response = excluded.response, response_status = excluded.response_status,
       communicated_on = excluded.communicated_on, ",
    stamp_changed!("insight")
);

/// The insight with this id, with its evidence, key questions and effect goals.
fn one(db: &Db, id: &str) -> Result<Option<Insight>> {
    let Some(mut i) = db.row(
        concat!("SELECT ", columns!(), " FROM insight WHERE id = ?1"),
        params![id],
        from_row,
    )?
    else {
        return Ok(None);
    };
    i.need_ids = rows::strings(
        db,
        "SELECT n.id FROM insight_need x JOIN need n ON n.nid = x.nid WHERE x.insight_id = ?1 ORDER BY 1",
        id,
    )?;
    i.key_question_ids = rows::strings(
        db,
        "SELECT key_question_id FROM insight_question WHERE insight_id = ?1 ORDER BY 1",
        id,
    )?;
    i.effect_goal_ids = rows::strings(
        db,
        "SELECT effect_goal_id FROM insight_goal WHERE insight_id = ?1 ORDER BY 1",
        id,
    )?;
    Ok(Some(i))
}

/// Save `i` (validated) replacing what is stored: its fields and all its links.
fn replace(db: &Db, i: &Insight) -> Result<Insight> {
    let mut i = i.clone();
    i.need_ids = rows::check_refs(db, "need_ids", needs::exists, &i.need_ids)?;
    i.key_question_ids = rows::check_refs(
        db,
        "key_question_ids",
        questions::exists,
        &i.key_question_ids,
    )?;
    i.effect_goal_ids = rows::check_refs(
        db,
        "effect_goal_ids",
        effect_goals::exists,
        &i.effect_goal_ids,
    )?;
    bind(db, UPSERT, &i, &Mark::now(db))?;
    for table in ["insight_need", "insight_question", "insight_goal"] {
        db.execute(
            &format!("DELETE FROM {table} WHERE insight_id = ?1"),
            params![i.id],
        )?;
    }
    insert_links(db, &i)?;
    Ok(i)
}

impl Entity for Insight {
    const KIND: EntityKind = EntityKind::Insight;
    const SETS: &'static [&'static str] = &["need_ids", "key_question_ids", "effect_goal_ids"];

    fn id(&self) -> &str {
        &self.id
    }

    fn validate(&self) -> Result<Insight> {
        validate::insight(self)
    }

    const TABLE: &'static str = "insight";

    fn read(db: &Db, id: &str) -> Result<Option<Insight>> {
        one(db, id)
    }

    fn replace(db: &Db, i: &Insight) -> Result<Insight> {
        replace(db, i)
    }

    fn write_fields(db: &Db, i: &Insight) -> Result<()> {
        bind(db, UPSERT, i, &Mark::now(db))?;
        Ok(())
    }

    fn write_links(db: &Db, i: &Insight, delta: &Delta) -> Result<()> {
        let owner = ("insight_id", Param::Text(&i.id));
        let (added, removed) = delta.of("need_ids");
        for (list, add) in [(added, true), (removed, false)] {
            for n in list {
                // A need deleted meanwhile is no evidence to add or remove.
                let Some(nid) = needs::nid_of(db, n)? else {
                    continue;
                };
                let sql = if add {
                    "INSERT INTO insight_need(insight_id, nid) VALUES (?1, ?2) ON CONFLICT DO NOTHING"
                } else {
                    "DELETE FROM insight_need WHERE insight_id = ?1 AND nid = ?2"
                };
                db.execute(sql, params![i.id, nid])?;
            }
        }
        let (added, removed) = delta.of("key_question_ids");
        let added = rows::check_refs(db, "key_question_ids", questions::exists, added)?;
        rows::add_remove(
            db,
            "insight_question",
            owner,
            "key_question_id",
            &added,
            removed,
        )?;
        let (added, removed) = delta.of("effect_goal_ids");
        let added = rows::check_refs(db, "effect_goal_ids", effect_goals::exists, added)?;
        rows::add_remove(db, "insight_goal", owner, "effect_goal_id", &added, removed)
    }
}

impl Store {
    /// Save an insight as given, without a base: last writer wins, its evidence, key
    /// questions and effect goals are replaced by the ones given. An edit saves with
    /// [`Store::save_insight_from`].
    pub fn save_insight(&mut self, i: &Insight) -> Result<Insight> {
        let i = validate::insight(i)?;
        let tx = self.tx()?;
        let i = replace(&tx, &i)?;
        tx.commit()?;
        Ok(i)
    }

    /// An insight as an editor loads it (with the needs it cites), with its revision.
    pub fn insight_for_edit(&self, id: &str) -> Result<Based<Insight>> {
        merge::based(self.db(), id)
    }

    /// Save an edit of an insight that started from `base`, merged with what others saved
    /// since, as [`Store::save_need_from`] does; evidence, key questions and effect goals
    /// are added and removed.
    pub fn save_insight_from(
        &mut self,
        i: &Insight,
        base: Option<&Based<Insight>>,
    ) -> Result<Saved<Insight>> {
        self.save_from(i, base)
    }

    pub fn delete_insight(&mut self, id: &str) -> Result<()> {
        let tx = self.tx()?;
        conflicts::record_deleted(&tx, EntityKind::Insight, &[id.to_string()])?;
        let n = tx.execute("DELETE FROM insight WHERE id = ?1", params![id])?;
        if n == 0 {
            return Err(CoreError::not_found(format!("unknown insight \"{id}\"")));
        }
        tx.commit()?;
        Ok(())
    }
}
