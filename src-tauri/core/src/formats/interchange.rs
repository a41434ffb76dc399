//! Interchange JSON, version 2 (version 1 is read too: it lacks commitments, residents
//! and the representation thresholds): parsing with full validation, and canonical export.
//!
//! Validation runs over the whole document before anything is written; every error names
//! the JSON path of the problem, e.g. `needs[17].tag_ids[0]: unknown tag "t9"`. The JSON is
//! read strictly (a key twice in one object is refused), and every text is held to the
//! limit the forms have (the table in [`crate::domain::validate`]).

use std::collections::{HashMap, HashSet};

use crate::domain::model::*;
use crate::domain::validate::{
    ends_before, parse_date, parse_when, representation, residents, texts_fit, Texts,
};
use crate::support::error::{CoreError, Result};

/// A validation problem at a JSON path.
fn at(path: impl std::fmt::Display, msg: impl std::fmt::Display) -> CoreError {
    CoreError::invalid(format!("{path}: {msg}"))
}

/// Parse and validate interchange JSON. Returns the project in canonical order.
pub fn parse(text: &str) -> Result<Project> {
    let value = super::strict_json::parse(text).map_err(|e| {
        let at = format!(" at line {} column {}", e.line(), e.column());
        let message = e.to_string();
        if e.is_data() {
            // A key twice: the message starts with its path.
            let what = message.strip_suffix(&at).unwrap_or(&message);
            CoreError::invalid(format!("{what} (line {}, column {})", e.line(), e.column()))
        } else {
            CoreError::invalid(format!("malformed JSON{at}: {message}"))
        }
    })?;
    let obj = value
        .as_object()
        .ok_or_else(|| CoreError::invalid("$: expected a JSON object"))?;
    match obj.get("format") {
        Some(serde_json::Value::String(f)) if f == FORMAT_NAME => {}
        Some(other) => {
            return Err(at(
                "format",
                format!("expected \"{FORMAT_NAME}\", found {other}"),
            ))
        }
        None => return Err(at("format", format!("missing; expected \"{FORMAT_NAME}\""))),
    }
    match obj.get("version").and_then(|v| v.as_u64()) {
        Some(v) if (1..=FORMAT_VERSION as u64).contains(&v) => {}
        Some(v) => {
            return Err(at(
                "version",
                format!(
                    "unsupported version {v}; this Medskapa reads versions 1 to {FORMAT_VERSION}"
                ),
            ))
        }
        None => return Err(at("version", "missing or not a number")),
    }
    let project: Project = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        // serde's messages end with " at line N column M" only for text input; trim none here.
        at(if path.is_empty() { "$".into() } else { path }, inner)
    })?;
    let mut project = project;
    validate(&project)?;
    project.version = FORMAT_VERSION;
    project.canonicalize();
    Ok(project)
}

fn check_id(path: &str, id: &str) -> Result<()> {
    if id.is_empty() {
        return Err(at(path, "id must not be empty"));
    }
    if id.chars().count() > 64 {
        return Err(at(path, "id is longer than 64 characters"));
    }
    Ok(())
}

fn collect_ids<'a, T>(
    section: &str,
    items: &'a [T],
    id: impl Fn(&T) -> &str,
) -> Result<HashSet<&'a str>> {
    let mut seen = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let v = id(item);
        check_id(&format!("{section}[{i}].id"), v)?;
        if !seen.insert(v) {
            return Err(at(
                format!("{section}[{i}].id"),
                format!("duplicate id \"{v}\""),
            ));
        }
    }
    Ok(seen)
}

fn check_date(path: impl std::fmt::Display, v: &Option<String>) -> Result<()> {
    if let Some(s) = v {
        if parse_date(s).is_none() {
            return Err(at(
                path,
                format!("\"{s}\" is not a date (YYYY-MM-DD, the year 1000–9999)"),
            ));
        }
    }
    Ok(())
}

fn check_time(path: impl std::fmt::Display, v: &Option<String>) -> Result<()> {
    if let Some(s) = v {
        if parse_when(s).is_none() {
            return Err(at(
                path,
                format!(
                    "\"{s}\" is not a date, or a date and time (YYYY-MM-DD or YYYY-MM-DDTHH:MM, the year 1000–9999)"
                ),
            ));
        }
    }
    Ok(())
}

/// Every text of every item in `section` within the limit a form has.
fn check_texts<T: Texts>(section: &str, items: &[T]) -> Result<()> {
    for (i, item) in items.iter().enumerate() {
        texts_fit(item, |f| format!("{section}[{i}].{f}"))?;
    }
    Ok(())
}

/// Every text of the project within its limit, before anything else is looked at: a
/// 50 MB statement is refused by its path.
fn check_all_texts(p: &Project) -> Result<()> {
    texts_fit(&p.project, |f| format!("project.{f}"))?;
    check_texts("effect_goals", &p.effect_goals)?;
    check_texts("segments", &p.segments)?;
    check_texts("tags", &p.tags)?;
    check_texts("decisions", &p.decisions)?;
    check_texts("key_questions", &p.key_questions)?;
    check_texts("activities", &p.activities)?;
    check_texts("needs", &p.needs)?;
    check_texts("insights", &p.insights)?;
    check_texts("commitments", &p.commitments)?;
    for (i, c) in p.commitments.iter().enumerate() {
        check_texts(&format!("commitments[{i}].history"), &c.history)?;
    }
    Ok(())
}

fn check_refs(path: &str, ids: &[String], known: &HashSet<&str>, what: &str) -> Result<()> {
    let mut seen = HashSet::new();
    for (i, r) in ids.iter().enumerate() {
        if !known.contains(r.as_str()) {
            return Err(at(
                format!("{path}[{i}]"),
                format!("unknown {what} \"{r}\""),
            ));
        }
        if !seen.insert(r.as_str()) {
            return Err(at(
                format!("{path}[{i}]"),
                format!("{what} \"{r}\" listed twice"),
            ));
        }
    }
    Ok(())
}

fn check_ref(path: String, r: &Option<String>, known: &HashSet<&str>, what: &str) -> Result<()> {
    if let Some(r) = r {
        if !known.contains(r.as_str()) {
            return Err(at(path, format!("unknown {what} \"{r}\"")));
        }
    }
    Ok(())
}

fn check_nonempty(path: String, v: &str) -> Result<()> {
    if v.trim().is_empty() {
        Err(at(path, "must not be empty"))
    } else {
        Ok(())
    }
}

fn check_color(path: String, v: &str) -> Result<()> {
    let ok = v.len() == 7 && v.starts_with('#') && v[1..].chars().all(|c| c.is_ascii_hexdigit());
    if ok {
        Ok(())
    } else {
        Err(at(path, format!("\"{v}\" is not a colour (#rrggbb)")))
    }
}

/// Names, parents, colours and no parent cycles.
fn check_tags(list: &[Tag], tags: &HashSet<&str>) -> Result<()> {
    let parent: HashMap<&str, Option<&str>> = list
        .iter()
        .map(|t| (t.id.as_str(), t.parent_id.as_deref()))
        .collect();
    for (i, t) in list.iter().enumerate() {
        check_nonempty(format!("tags[{i}].name"), &t.name)?;
        check_ref(format!("tags[{i}].parent_id"), &t.parent_id, tags, "tag")?;
        check_color(format!("tags[{i}].color"), &t.color)?;
        // Walk up: a cycle brings us back to the start within |tags| steps.
        let mut cur = t.parent_id.as_deref();
        let mut steps = 0;
        while let Some(c) = cur {
            if c == t.id {
                return Err(at(
                    format!("tags[{i}].parent_id"),
                    format!("tag \"{}\" is its own ancestor (a parent cycle)", t.id),
                ));
            }
            steps += 1;
            if steps > list.len() {
                break;
            }
            cur = parent.get(c).copied().flatten();
        }
    }
    Ok(())
}

/// Validate references, ids, dates and the tag hierarchy of a parsed project.
pub fn validate(p: &Project) -> Result<()> {
    check_all_texts(p)?;
    check_nonempty("project.name".into(), &p.project.name)?;
    let goals = collect_ids("effect_goals", &p.effect_goals, |g| &g.id)?;
    let segments = collect_ids("segments", &p.segments, |s| &s.id)?;
    let tags = collect_ids("tags", &p.tags, |t| &t.id)?;
    let decisions = collect_ids("decisions", &p.decisions, |d| &d.id)?;
    let questions = collect_ids("key_questions", &p.key_questions, |q| &q.id)?;
    let activities = collect_ids("activities", &p.activities, |a| &a.id)?;
    let needs = collect_ids("needs", &p.needs, |n| &n.id)?;
    let insights = collect_ids("insights", &p.insights, |i| &i.id)?;
    representation("project.representation", &p.project.representation)?;

    for (i, g) in p.effect_goals.iter().enumerate() {
        check_nonempty(format!("effect_goals[{i}].title"), &g.title)?;
    }
    for (i, s) in p.segments.iter().enumerate() {
        check_nonempty(format!("segments[{i}].name"), &s.name)?;
        residents(&format!("segments[{i}].residents"), s.residents)?;
    }
    check_tags(&p.tags, &tags)?;
    for (i, d) in p.decisions.iter().enumerate() {
        check_nonempty(format!("decisions[{i}].title"), &d.title)?;
        check_date(format!("decisions[{i}].decision_date"), &d.decision_date)?;
    }
    for (i, q) in p.key_questions.iter().enumerate() {
        check_nonempty(format!("key_questions[{i}].title"), &q.title)?;
        check_ref(
            format!("key_questions[{i}].decision_id"),
            &q.decision_id,
            &decisions,
            "decision",
        )?;
        check_date(format!("key_questions[{i}].needed_by"), &q.needed_by)?;
        check_refs(
            &format!("key_questions[{i}].effect_goal_ids"),
            &q.effect_goal_ids,
            &goals,
            "effect goal",
        )?;
    }
    for (i, a) in p.activities.iter().enumerate() {
        check_nonempty(format!("activities[{i}].title"), &a.title)?;
        check_time(format!("activities[{i}].starts_at"), &a.starts_at)?;
        check_time(format!("activities[{i}].ends_at"), &a.ends_at)?;
        if let (Some(s), Some(e)) = (&a.starts_at, &a.ends_at) {
            if ends_before(s, e) {
                return Err(at(
                    format!("activities[{i}].ends_at"),
                    format!("ends ({e}) before it starts ({s})"),
                ));
            }
        }
        check_date(
            format!("activities[{i}].feedback_given_on"),
            &a.feedback_given_on,
        )?;
        check_refs(
            &format!("activities[{i}].key_question_ids"),
            &a.key_question_ids,
            &questions,
            "key question",
        )?;
        let mut seen = HashSet::new();
        for (j, pt) in a.participants.iter().enumerate() {
            let path = format!("activities[{i}].participants[{j}].segment_id");
            if !segments.contains(pt.segment_id.as_str()) {
                return Err(at(path, format!("unknown segment \"{}\"", pt.segment_id)));
            }
            if !seen.insert(pt.segment_id.as_str()) {
                return Err(at(
                    path,
                    format!("segment \"{}\" listed twice", pt.segment_id),
                ));
            }
        }
    }
    for (i, n) in p.needs.iter().enumerate() {
        check_nonempty(format!("needs[{i}].statement"), &n.statement)?;
        check_ref(
            format!("needs[{i}].activity_id"),
            &n.activity_id,
            &activities,
            "activity",
        )?;
        check_refs(
            &format!("needs[{i}].segment_ids"),
            &n.segment_ids,
            &segments,
            "segment",
        )?;
        check_refs(&format!("needs[{i}].tag_ids"), &n.tag_ids, &tags, "tag")?;
    }
    for (i, ins) in p.insights.iter().enumerate() {
        check_nonempty(format!("insights[{i}].title"), &ins.title)?;
        check_refs(
            &format!("insights[{i}].need_ids"),
            &ins.need_ids,
            &needs,
            "need",
        )?;
        check_refs(
            &format!("insights[{i}].key_question_ids"),
            &ins.key_question_ids,
            &questions,
            "key question",
        )?;
        check_refs(
            &format!("insights[{i}].effect_goal_ids"),
            &ins.effect_goal_ids,
            &goals,
            "effect goal",
        )?;
        check_date(
            format!("insights[{i}].communicated_on"),
            &ins.communicated_on,
        )?;
    }
    let known = Known {
        decisions,
        questions,
        segments,
        needs,
        insights,
    };
    validate_commitments(&p.commitments, &known)
}

/// The ids a commitment may link to.
struct Known<'a> {
    decisions: HashSet<&'a str>,
    questions: HashSet<&'a str>,
    segments: HashSet<&'a str>,
    needs: HashSet<&'a str>,
    insights: HashSet<&'a str>,
}

/// Ids, titles, dates and links of the commitments.
fn validate_commitments(commitments: &[Commitment], known: &Known) -> Result<()> {
    collect_ids("commitments", commitments, |c| &c.id)?;
    for (i, c) in commitments.iter().enumerate() {
        let path = |f: &str| format!("commitments[{i}].{f}");
        check_nonempty(path("title"), &c.title)?;
        check_date(path("due_date"), &c.due_date)?;
        check_ref(
            path("decision_id"),
            &c.decision_id,
            &known.decisions,
            "decision",
        )?;
        for (j, e) in c.history.iter().enumerate() {
            check_date(path(&format!("history[{j}].on")), &Some(e.on.clone()))?;
        }
        check_refs(
            &path("insight_ids"),
            &c.insight_ids,
            &known.insights,
            "insight",
        )?;
        check_refs(&path("need_ids"), &c.need_ids, &known.needs, "need")?;
        check_refs(
            &path("key_question_ids"),
            &c.key_question_ids,
            &known.questions,
            "key question",
        )?;
        check_refs(
            &path("segment_ids"),
            &c.segment_ids,
            &known.segments,
            "segment",
        )?;
    }
    Ok(())
}

/// Canonical JSON text for a project (2-space indentation, trailing newline).
pub fn to_json(p: &Project) -> String {
    into_json(p.clone())
}

/// As `to_json`, for a project the caller no longer needs: no copy is made (a 100,000-need
/// project is a large copy).
pub fn into_json(mut p: Project) -> String {
    p.version = FORMAT_VERSION;
    p.canonicalize();
    let mut s = serde_json::to_string_pretty(&p).unwrap_or_default();
    s.push('\n');
    s
}
