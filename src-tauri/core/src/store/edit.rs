//! Editing the project: validated saves, deletes, merges. Each operation is one transaction,
//! so a refused edit changes nothing.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use crate::support::error::{CoreError, ErrorCode, Result};
use crate::domain::ladder::{default_ladder, LadderLevel};
use crate::domain::model::*;
use crate::store::{new_id, Store};

const MAX_TEXT: usize = 200_000;
const MAX_TITLE: usize = 500;

fn required(field: &str, v: &str) -> Result<()> {
    if v.trim().is_empty() {
        return Err(CoreError::field(
            field,
            ErrorCode::Required,
            format!("{field}: must not be empty"),
        ));
    }
    Ok(())
}

/// At most `max` characters (not bytes: "ö" is one character, as the user counts it).
fn max_len(field: &str, v: &str, max: usize) -> Result<()> {
    // A string of at most `max` bytes has at most `max` characters; count only when needed.
    if v.len() <= max {
        return Ok(());
    }
    let chars = v.chars().count();
    if chars > max {
        return Err(CoreError::field(
            field,
            ErrorCode::TooLong,
            format!("{field}: too long ({chars} characters; at most {max})"),
        ));
    }
    Ok(())
}

fn norm_opt(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn date_field(field: &str, v: &Option<String>) -> Result<Option<String>> {
    match norm_opt(v) {
        None => Ok(None),
        Some(s) => {
            if s.len() == 10 && chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").is_ok() {
                Ok(Some(s))
            } else {
                Err(CoreError::field(
                    field,
                    ErrorCode::NotADate,
                    format!("{field}: \"{s}\" is not a date (YYYY-MM-DD)"),
                ))
            }
        }
    }
}

fn time_field(field: &str, v: &Option<String>) -> Result<Option<String>> {
    match norm_opt(v) {
        None => Ok(None),
        Some(s) => {
            if s.len() == 16 && chrono::NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M").is_ok()
            {
                Ok(Some(s))
            } else {
                Err(CoreError::field(
                    field,
                    ErrorCode::NotATime,
                    format!("{field}: \"{s}\" is not a date and time (YYYY-MM-DDTHH:MM)"),
                ))
            }
        }
    }
}

fn exists(tx: &Transaction, table: &str, id: &str) -> Result<bool> {
    Ok(tx
        .query_row(
            &format!("SELECT 1 FROM {table} WHERE id = ?1"),
            [id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

fn check_ref(
    tx: &Transaction,
    field: &str,
    table: &str,
    id: &Option<String>,
) -> Result<Option<String>> {
    match norm_opt(id) {
        None => Ok(None),
        Some(v) => {
            if exists(tx, table, &v)? {
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

fn check_refs(tx: &Transaction, field: &str, table: &str, ids: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for (i, v) in ids.iter().enumerate() {
        if !exists(tx, table, v)? {
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

fn id_or_new(id: &str) -> String {
    if id.trim().is_empty() {
        new_id()
    } else {
        id.to_string()
    }
}

fn code<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl Store {
    fn tx(&mut self) -> Result<Transaction<'_>> {
        self.writable()?;
        Ok(self.conn.transaction()?)
    }

    // ---- ladder ----------------------------------------------------------------------

    pub fn ladder(&self) -> Result<Vec<LadderLevel>> {
        let mut levels = default_ladder();
        if let Some(text) = self.meta("ladder")? {
            if let Ok(saved) = serde_json::from_str::<Vec<LadderLevel>>(&text) {
                for l in &mut levels {
                    if let Some(s) = saved.iter().find(|s| s.code == l.code) {
                        l.name = s.name.clone();
                        l.explanation = s.explanation.clone();
                    }
                }
            }
        }
        Ok(levels)
    }

    pub fn save_ladder(&self, levels: &[LadderLevel]) -> Result<Vec<LadderLevel>> {
        for (i, l) in levels.iter().enumerate() {
            required(&format!("levels[{i}].name"), &l.name)?;
            max_len(&format!("levels[{i}].name"), &l.name, 100)?;
            max_len(&format!("levels[{i}].explanation"), &l.explanation, 1000)?;
        }
        let mut merged = default_ladder();
        for l in &mut merged {
            if let Some(s) = levels.iter().find(|s| s.code == l.code) {
                l.name = s.name.trim().to_string();
                l.explanation = s.explanation.trim().to_string();
            }
        }
        self.set_meta(
            "ladder",
            &serde_json::to_string(&merged).unwrap_or_default(),
        )?;
        Ok(merged)
    }

    // ---- decisions -------------------------------------------------------------------

    pub fn save_decision(&mut self, d: &Decision) -> Result<Decision> {
        required("title", &d.title)?;
        max_len("title", &d.title, MAX_TITLE)?;
        for (f, v) in [
            ("description", &d.description),
            ("outcome", &d.outcome),
            ("brief_summary", &d.brief_summary),
            ("brief_proposal", &d.brief_proposal),
        ] {
            max_len(f, v, MAX_TEXT)?;
        }
        let mut d = d.clone();
        d.decision_date = date_field("decision_date", &d.decision_date)?;
        d.id = id_or_new(&d.id);
        d.title = d.title.trim().to_string();
        let tx = self.tx()?;
        tx.execute(
            "INSERT INTO decision(id, title, description, decision_date, forum, status, outcome, brief_summary, brief_proposal)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT(id) DO UPDATE SET title = excluded.title, description = excluded.description,
               decision_date = excluded.decision_date, forum = excluded.forum, status = excluded.status,
               outcome = excluded.outcome, brief_summary = excluded.brief_summary, brief_proposal = excluded.brief_proposal",
            params![d.id, d.title, d.description, d.decision_date, d.forum, code(&d.status), d.outcome, d.brief_summary, d.brief_proposal],
        )?;
        tx.commit()?;
        Ok(d)
    }

    pub fn delete_decision(&mut self, id: &str, questions: QuestionsOnDelete) -> Result<()> {
        let tx = self.tx()?;
        if !exists(&tx, "decision", id)? {
            return Err(CoreError::not_found(format!("unknown decision \"{id}\"")));
        }
        if questions == QuestionsOnDelete::Delete {
            tx.execute("DELETE FROM key_question WHERE decision_id = ?1", [id])?;
        }
        tx.execute("DELETE FROM decision WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    // ---- key questions ---------------------------------------------------------------

    pub fn save_key_question(&mut self, q: &KeyQuestion) -> Result<KeyQuestion> {
        required("title", &q.title)?;
        max_len("title", &q.title, MAX_TITLE)?;
        for (f, v) in [
            ("description", &q.description),
            ("open_to_influence", &q.open_to_influence),
            ("fixed", &q.fixed),
            ("promise", &q.promise),
            ("answer", &q.answer),
        ] {
            max_len(f, v, MAX_TEXT)?;
        }
        let mut q = q.clone();
        q.needed_by = date_field("needed_by", &q.needed_by)?;
        q.id = id_or_new(&q.id);
        q.title = q.title.trim().to_string();
        let tx = self.tx()?;
        q.decision_id = check_ref(&tx, "decision_id", "decision", &q.decision_id)?;
        q.effect_goal_ids = check_refs(&tx, "effect_goal_ids", "effect_goal", &q.effect_goal_ids)?;
        tx.execute(
            "INSERT INTO key_question(id, title, description, decision_id, needed_by, influence_level,
               open_to_influence, fixed, promise, owner, status, answer)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT(id) DO UPDATE SET title = excluded.title, description = excluded.description,
               decision_id = excluded.decision_id, needed_by = excluded.needed_by,
               influence_level = excluded.influence_level, open_to_influence = excluded.open_to_influence,
               fixed = excluded.fixed, promise = excluded.promise, owner = excluded.owner,
               status = excluded.status, answer = excluded.answer",
            params![
                q.id, q.title, q.description, q.decision_id, q.needed_by, code(&q.influence_level),
                q.open_to_influence, q.fixed, q.promise, q.owner, code(&q.status), q.answer
            ],
        )?;
        tx.execute(
            "DELETE FROM key_question_goal WHERE key_question_id = ?1",
            [&q.id],
        )?;
        for g in &q.effect_goal_ids {
            tx.execute(
                "INSERT INTO key_question_goal(key_question_id, effect_goal_id) VALUES (?1, ?2)",
                params![q.id, g],
            )?;
        }
        tx.commit()?;
        Ok(q)
    }

    pub fn delete_key_question(&mut self, id: &str) -> Result<()> {
        let tx = self.tx()?;
        let n = tx.execute("DELETE FROM key_question WHERE id = ?1", [id])?;
        if n == 0 {
            return Err(CoreError::not_found(format!(
                "unknown key question \"{id}\""
            )));
        }
        tx.commit()?;
        Ok(())
    }

    // ---- activities ------------------------------------------------------------------

    pub fn save_activity(&mut self, a: &Activity) -> Result<Activity> {
        required("title", &a.title)?;
        max_len("title", &a.title, MAX_TITLE)?;
        for (f, v) in [("notes", &a.notes), ("feedback", &a.feedback)] {
            max_len(f, v, MAX_TEXT)?;
        }
        let mut a = a.clone();
        a.starts_at = time_field("starts_at", &a.starts_at)?;
        a.ends_at = time_field("ends_at", &a.ends_at)?;
        if let (Some(s), Some(e)) = (&a.starts_at, &a.ends_at) {
            if e < s {
                return Err(CoreError::field(
                    "ends_at",
                    ErrorCode::EndBeforeStart,
                    format!("ends_at: the end ({e}) is before the start ({s})"),
                ));
            }
        }
        a.feedback_given_on = date_field("feedback_given_on", &a.feedback_given_on)?;
        if a.status == ActivityStatus::ReportedBack {
            if a.feedback_given_on.is_none() {
                return Err(CoreError::field(
                    "feedback_given_on",
                    ErrorCode::Required,
                    "feedback_given_on: say when the participants were told what was done",
                ));
            }
            required("feedback", &a.feedback)?;
        }
        a.id = id_or_new(&a.id);
        a.title = a.title.trim().to_string();
        let tx = self.tx()?;
        a.key_question_ids =
            check_refs(&tx, "key_question_ids", "key_question", &a.key_question_ids)?;
        let mut parts: Vec<Participants> = Vec::new();
        for (i, p) in a.participants.iter().enumerate() {
            if !exists(&tx, "segment", &p.segment_id)? {
                return Err(CoreError::field(
                    &format!("participants[{i}].segment_id"),
                    ErrorCode::UnknownRef,
                    format!(
                        "participants[{i}].segment_id: unknown segment \"{}\"",
                        p.segment_id
                    ),
                ));
            }
            match parts.iter_mut().find(|x| x.segment_id == p.segment_id) {
                Some(x) => x.count += p.count,
                None => parts.push(p.clone()),
            }
        }
        parts.sort_by(|x, y| x.segment_id.cmp(&y.segment_id));
        a.participants = parts;
        tx.execute(
            "INSERT INTO activity(id, title, method, starts_at, ends_at, place, organisers, status, notes, feedback, feedback_given_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT(id) DO UPDATE SET title = excluded.title, method = excluded.method,
               starts_at = excluded.starts_at, ends_at = excluded.ends_at, place = excluded.place,
               organisers = excluded.organisers, status = excluded.status, notes = excluded.notes,
               feedback = excluded.feedback, feedback_given_on = excluded.feedback_given_on",
            params![
                a.id, a.title, code(&a.method), a.starts_at, a.ends_at, a.place, a.organisers,
                code(&a.status), a.notes, a.feedback, a.feedback_given_on
            ],
        )?;
        tx.execute(
            "DELETE FROM activity_question WHERE activity_id = ?1",
            [&a.id],
        )?;
        for q in &a.key_question_ids {
            tx.execute(
                "INSERT INTO activity_question(activity_id, key_question_id) VALUES (?1, ?2)",
                params![a.id, q],
            )?;
        }
        tx.execute("DELETE FROM participation WHERE activity_id = ?1", [&a.id])?;
        for p in &a.participants {
            tx.execute(
                "INSERT INTO participation(activity_id, segment_id, count) VALUES (?1, ?2, ?3)",
                params![a.id, p.segment_id, p.count],
            )?;
        }
        tx.commit()?;
        Ok(a)
    }

    pub fn delete_activity(&mut self, id: &str) -> Result<()> {
        let tx = self.tx()?;
        let n = tx.execute("DELETE FROM activity WHERE id = ?1", [id])?;
        if n == 0 {
            return Err(CoreError::not_found(format!("unknown activity \"{id}\"")));
        }
        tx.commit()?;
        Ok(())
    }

    pub fn activity(&self, id: &str) -> Result<Activity> {
        let p = self.load_project_without_needs()?;
        p.activities
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| CoreError::not_found(format!("unknown activity \"{id}\"")))
    }

    /// A copy for a series (e.g. pop-ups): same questions and segments, counts cleared,
    /// notes and feedback cleared, status planned.
    pub fn duplicate_activity(&mut self, id: &str, title_suffix: &str) -> Result<Activity> {
        let mut a = self.activity(id)?;
        a.id = String::new();
        a.title = format!("{}{title_suffix}", a.title);
        a.status = ActivityStatus::Planned;
        a.notes.clear();
        a.feedback.clear();
        a.feedback_given_on = None;
        for p in &mut a.participants {
            p.count = 0;
        }
        self.save_activity(&a)
    }

    // ---- segments --------------------------------------------------------------------

    pub fn save_segment(&mut self, s: &Segment) -> Result<Segment> {
        required("name", &s.name)?;
        max_len("name", &s.name, MAX_TITLE)?;
        let mut s = s.clone();
        s.id = id_or_new(&s.id);
        s.name = s.name.trim().to_string();
        let tx = self.tx()?;
        tx.execute(
            "INSERT INTO segment(id, name, description, priority) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, description = excluded.description,
               priority = excluded.priority",
            params![s.id, s.name, s.description, s.priority],
        )?;
        tx.commit()?;
        Ok(s)
    }

    pub fn segment_usage(&self, id: &str) -> Result<SegmentUsage> {
        let (participants, activities): (u32, u32) = self.conn.query_row(
            "SELECT COALESCE(SUM(count), 0), COUNT(*) FROM participation WHERE segment_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let needs: u32 = self.conn.query_row(
            "SELECT COUNT(*) FROM need_segment WHERE segment_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        Ok(SegmentUsage {
            participants,
            activities,
            needs,
        })
    }

    /// Delete a segment. With `force == false` a segment that is in use is refused with
    /// a message that says how much uses it.
    pub fn delete_segment(&mut self, id: &str, force: bool) -> Result<()> {
        let usage = self.segment_usage(id)?;
        if !force && (usage.activities > 0 || usage.needs > 0) {
            return Err(CoreError::new(ErrorCode::InUse,
                format!(
                    "the segment has {} participants in {} activities and {} needs",
                    usage.participants, usage.activities, usage.needs
                ),
            ));
        }
        let tx = self.tx()?;
        let n = tx.execute("DELETE FROM segment WHERE id = ?1", [id])?;
        if n == 0 {
            return Err(CoreError::not_found(format!("unknown segment \"{id}\"")));
        }
        tx.commit()?;
        Ok(())
    }

    /// Merge segment `from` into `into`: participant counts add up, needs move, `from` goes.
    pub fn merge_segments(&mut self, from: &str, into: &str) -> Result<()> {
        if from == into {
            return Err(CoreError::invalid("a segment cannot be merged into itself"));
        }
        let tx = self.tx()?;
        for id in [from, into] {
            if !exists(&tx, "segment", id)? {
                return Err(CoreError::not_found(format!("unknown segment \"{id}\"")));
            }
        }
        tx.execute(
            "INSERT INTO participation(activity_id, segment_id, count)
             SELECT activity_id, ?2, count FROM participation WHERE segment_id = ?1
             ON CONFLICT(activity_id, segment_id) DO UPDATE SET count = count + excluded.count",
            params![from, into],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO need_segment(nid, segment_id)
             SELECT nid, ?2 FROM need_segment WHERE segment_id = ?1",
            params![from, into],
        )?;
        tx.execute("DELETE FROM segment WHERE id = ?1", [from])?;
        tx.commit()?;
        Ok(())
    }

    // ---- tags ------------------------------------------------------------------------

    pub fn save_tag(&mut self, t: &Tag) -> Result<Tag> {
        required("name", &t.name)?;
        max_len("name", &t.name, MAX_TITLE)?;
        let mut t = t.clone();
        let c = t.color.trim();
        if !(c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|x| x.is_ascii_hexdigit())) {
            return Err(CoreError::field(
                "color",
                ErrorCode::NotAColor,
                format!("color: \"{c}\" is not a colour (#rrggbb)"),
            ));
        }
        t.color = c.to_lowercase();
        t.id = id_or_new(&t.id);
        t.name = t.name.trim().to_string();
        let tx = self.tx()?;
        t.parent_id = check_ref(&tx, "parent_id", "tag", &t.parent_id)?;
        // No cycles: the new parent must not be the tag itself or one of its descendants.
        if let Some(parent) = &t.parent_id {
            let cyclic: bool = tx.query_row(
                "WITH RECURSIVE up(id) AS (SELECT ?1 UNION SELECT tag.parent_id FROM tag JOIN up ON tag.id = up.id WHERE tag.parent_id IS NOT NULL)
                 SELECT EXISTS(SELECT 1 FROM up WHERE id = ?2)",
                params![parent, t.id],
                |r| r.get(0),
            )?;
            if cyclic {
                return Err(CoreError::field(
                    "parent_id",
                    ErrorCode::Cycle,
                    "parent_id: a tag cannot be placed under itself or one of its own children",
                ));
            }
        }
        tx.execute(
            "INSERT INTO tag(id, name, parent_id, color, description) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id,
               color = excluded.color, description = excluded.description",
            params![t.id, t.name, t.parent_id, t.color, t.description],
        )?;
        tx.commit()?;
        Ok(t)
    }

    pub fn tag_usage(&self, id: &str) -> Result<u32> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM need_tag WHERE tag_id = ?1",
            [id],
            |r| r.get(0),
        )?)
    }

    /// Delete a tag; its children move up to its parent. Can be undone.
    pub fn delete_tag(&mut self, id: &str) -> Result<()> {
        let tx = self.tx()?;
        let Some(tag) = crate::store::undo::tag_row(&tx, id)? else {
            return Err(CoreError::not_found(format!("unknown tag \"{id}\"")));
        };
        let taggings = crate::store::undo::tagged_nids(&tx, id)?;
        let children = crate::store::undo::child_ids(&tx, id)?;
        tx.execute(
            "UPDATE tag SET parent_id = ?2 WHERE parent_id = ?1",
            params![id, tag.parent_id],
        )?;
        tx.execute("DELETE FROM tag WHERE id = ?1", [id])?;
        tx.commit()?;
        self.push_undo(crate::store::undo::UndoStep::DeleteTag {
            tag,
            taggings,
            children,
        });
        Ok(())
    }

    /// Merge tag `from` into `into`: every tagging moves (duplicates collapse), children move
    /// under `into`, and `from` goes.
    pub fn merge_tags(&mut self, from: &str, into: &str) -> Result<()> {
        if from == into {
            return Err(CoreError::invalid("a tag cannot be merged into itself"));
        }
        let tx = self.tx()?;
        for id in [from, into] {
            if !exists(&tx, "tag", id)? {
                return Err(CoreError::not_found(format!("unknown tag \"{id}\"")));
            }
        }
        let from_tag = crate::store::undo::tag_row(&tx, from)?
            .ok_or_else(|| CoreError::not_found(format!("unknown tag \"{from}\"")))?;
        let into_parent = crate::store::undo::tag_row(&tx, into)?.and_then(|t| t.parent_id);
        let from_taggings = crate::store::undo::tagged_nids(&tx, from)?;
        let into_taggings = crate::store::undo::tagged_nids(&tx, into)?;
        let added_to_into: Vec<i64> = from_taggings
            .iter()
            .filter(|n| into_taggings.binary_search(n).is_err())
            .copied()
            .collect();
        let children = crate::store::undo::child_ids(&tx, from)?;
        // `into` must not sit below `from`, or moving `from`'s children would make a cycle.
        let below: bool = tx.query_row(
            "WITH RECURSIVE up(id) AS (SELECT ?1 UNION SELECT tag.parent_id FROM tag JOIN up ON tag.id = up.id WHERE tag.parent_id IS NOT NULL)
             SELECT EXISTS(SELECT 1 FROM up WHERE id = ?2)",
            params![into, from],
            |r| r.get(0),
        )?;
        if below {
            let from_parent: Option<String> =
                tx.query_row("SELECT parent_id FROM tag WHERE id = ?1", [from], |r| {
                    r.get(0)
                })?;
            // Lift `into` to `from`'s place first.
            tx.execute(
                "UPDATE tag SET parent_id = ?2 WHERE id = ?1",
                params![into, from_parent],
            )?;
        }
        tx.execute(
            "INSERT OR IGNORE INTO need_tag(nid, tag_id) SELECT nid, ?2 FROM need_tag WHERE tag_id = ?1",
            params![from, into],
        )?;
        tx.execute(
            "UPDATE tag SET parent_id = ?2 WHERE parent_id = ?1 AND id != ?2",
            params![from, into],
        )?;
        tx.execute("DELETE FROM tag WHERE id = ?1", [from])?;
        tx.commit()?;
        self.push_undo(crate::store::undo::UndoStep::MergeTags {
            from: from_tag,
            from_taggings,
            into: into.to_string(),
            into_parent,
            added_to_into,
            children,
        });
        Ok(())
    }

    // ---- needs -----------------------------------------------------------------------

    pub fn save_need(&mut self, n: &Need) -> Result<Need> {
        required("statement", &n.statement)?;
        max_len("statement", &n.statement, 20_000)?;
        max_len("quote", &n.quote, 20_000)?;
        let mut n = n.clone();
        n.id = id_or_new(&n.id);
        n.statement = n.statement.trim().to_string();
        n.quote = n.quote.trim().to_string();
        let tx = self.tx()?;
        n.activity_id = check_ref(&tx, "activity_id", "activity", &n.activity_id)?;
        n.segment_ids = check_refs(&tx, "segment_ids", "segment", &n.segment_ids)?;
        n.tag_ids = check_refs(&tx, "tag_ids", "tag", &n.tag_ids)?;
        tx.execute(
            "INSERT INTO need(id, statement, quote, activity_id, important) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(id) DO UPDATE SET statement = excluded.statement, quote = excluded.quote,
               activity_id = excluded.activity_id, important = excluded.important",
            params![n.id, n.statement, n.quote, n.activity_id, n.important],
        )?;
        let nid: i64 = tx.query_row("SELECT nid FROM need WHERE id = ?1", [&n.id], |r| r.get(0))?;
        tx.execute("DELETE FROM need_segment WHERE nid = ?1", [nid])?;
        for s in &n.segment_ids {
            tx.execute(
                "INSERT INTO need_segment(nid, segment_id) VALUES (?1, ?2)",
                params![nid, s],
            )?;
        }
        tx.execute("DELETE FROM need_tag WHERE nid = ?1", [nid])?;
        for t in &n.tag_ids {
            tx.execute(
                "INSERT INTO need_tag(nid, tag_id) VALUES (?1, ?2)",
                params![nid, t],
            )?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// Delete needs. Can be undone (they come back with their tags, segments and
    /// insight links).
    pub fn delete_needs(&mut self, ids: &[String]) -> Result<usize> {
        let tx = self.tx()?;
        let mut saved = Vec::new();
        {
            let mut st = tx.prepare("DELETE FROM need WHERE id = ?1")?;
            for id in ids {
                if let Some(n) = crate::store::undo::need_snapshot(&tx, id)? {
                    st.execute([id])?;
                    saved.push(n);
                }
            }
        }
        tx.commit()?;
        let n = saved.len();
        if n > 0 {
            self.push_undo(crate::store::undo::UndoStep::DeleteNeeds { needs: saved });
        }
        Ok(n)
    }

    /// Add or remove one tag on many needs at once. Returns how many needs changed.
    /// Can be undone.
    pub fn tag_needs(&mut self, ids: &[String], tag_id: &str, add: bool) -> Result<usize> {
        let tx = self.tx()?;
        if !exists(&tx, "tag", tag_id)? {
            return Err(CoreError::not_found(format!("unknown tag \"{tag_id}\"")));
        }
        let mut changed: Vec<i64> = Vec::new();
        {
            let mut nid_of = tx.prepare("SELECT nid FROM need WHERE id = ?1")?;
            let sql = if add {
                "INSERT OR IGNORE INTO need_tag(nid, tag_id) VALUES (?1, ?2)"
            } else {
                "DELETE FROM need_tag WHERE nid = ?1 AND tag_id = ?2"
            };
            let mut st = tx.prepare(sql)?;
            for id in ids {
                let nid: Option<i64> = nid_of.query_row([id], |r| r.get(0)).optional()?;
                if let Some(nid) = nid {
                    if st.execute(params![nid, tag_id])? > 0 {
                        changed.push(nid);
                    }
                }
            }
        }
        tx.commit()?;
        let n = changed.len();
        if n > 0 {
            self.push_undo(crate::store::undo::UndoStep::Tagging {
                nids: changed,
                tag_id: tag_id.to_string(),
                added: add,
            });
        }
        Ok(n)
    }

    // ---- insights --------------------------------------------------------------------

    pub fn save_insight(&mut self, i: &Insight) -> Result<Insight> {
        required("title", &i.title)?;
        max_len("title", &i.title, MAX_TITLE)?;
        max_len("statement", &i.statement, MAX_TEXT)?;
        max_len("response", &i.response, MAX_TEXT)?;
        let mut i = i.clone();
        i.communicated_on = date_field("communicated_on", &i.communicated_on)?;
        i.id = id_or_new(&i.id);
        i.title = i.title.trim().to_string();
        let tx = self.tx()?;
        i.need_ids = check_refs(&tx, "need_ids", "need", &i.need_ids)?;
        i.key_question_ids =
            check_refs(&tx, "key_question_ids", "key_question", &i.key_question_ids)?;
        i.effect_goal_ids = check_refs(&tx, "effect_goal_ids", "effect_goal", &i.effect_goal_ids)?;
        tx.execute(
            "INSERT INTO insight(id, title, statement, response, response_status, communicated_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(id) DO UPDATE SET title = excluded.title, statement = excluded.statement,
               response = excluded.response, response_status = excluded.response_status,
               communicated_on = excluded.communicated_on",
            params![
                i.id,
                i.title,
                i.statement,
                i.response,
                code(&i.response_status),
                i.communicated_on
            ],
        )?;
        tx.execute("DELETE FROM insight_need WHERE insight_id = ?1", [&i.id])?;
        for n in &i.need_ids {
            tx.execute(
                "INSERT INTO insight_need(insight_id, nid) SELECT ?1, nid FROM need WHERE id = ?2",
                params![i.id, n],
            )?;
        }
        tx.execute(
            "DELETE FROM insight_question WHERE insight_id = ?1",
            [&i.id],
        )?;
        for q in &i.key_question_ids {
            tx.execute(
                "INSERT INTO insight_question(insight_id, key_question_id) VALUES (?1, ?2)",
                params![i.id, q],
            )?;
        }
        tx.execute("DELETE FROM insight_goal WHERE insight_id = ?1", [&i.id])?;
        for g in &i.effect_goal_ids {
            tx.execute(
                "INSERT INTO insight_goal(insight_id, effect_goal_id) VALUES (?1, ?2)",
                params![i.id, g],
            )?;
        }
        tx.commit()?;
        Ok(i)
    }

    pub fn delete_insight(&mut self, id: &str) -> Result<()> {
        let tx = self.tx()?;
        let n = tx.execute("DELETE FROM insight WHERE id = ?1", [id])?;
        if n == 0 {
            return Err(CoreError::not_found(format!("unknown insight \"{id}\"")));
        }
        tx.commit()?;
        Ok(())
    }

    /// Everything but the needs (which can be many): what planning views and checks use.
    pub fn load_project_without_needs(&self) -> Result<Project> {
        let mut p = self.load_project_shallow()?;
        p.needs.clear();
        Ok(p)
    }
}
