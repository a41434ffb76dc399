//! Validation that needs no database: required fields, lengths, dates, times and colours,
//! and what each entity must hold before it is saved. Whether an id exists is the store's.

use crate::domain::ladder::{default_ladder, LadderLevel};
use crate::domain::model::*;
use crate::support::error::{CoreError, ErrorCode, Result};

/// The longest free text (descriptions, notes, answers), in characters.
pub const MAX_TEXT: usize = 200_000;
/// The longest title or name, in characters.
pub const MAX_TITLE: usize = 500;
/// The longest statement or quote of a need, in characters.
pub const MAX_NEED_TEXT: usize = 20_000;
/// The longest name of a ladder step, in characters.
pub const MAX_LEVEL_NAME: usize = 100;
/// The longest explanation of a ladder step, in characters.
pub const MAX_LEVEL_EXPLANATION: usize = 1000;
/// The longest name a person goes by, in characters.
pub const MAX_PERSON_NAME: usize = 200;
/// The most residents a segment may stand for.
pub const MAX_RESIDENTS: u32 = 100_000_000;
/// The longest period the representation rule looks back over, in days.
pub const MAX_WITHIN_DAYS: u32 = 3650;

/// The text fields of an entity, each with the most characters it may hold.
pub type TextFields<'a> = Vec<(&'static str, &'a str, usize)>;

/// An entity with text fields. The implementations below are the one table of text
/// limits: the store's validation (what the forms save), the survey import (CSV and xlsx)
/// and interchange JSON all check against it, so no way in takes a text another refuses.
pub trait Texts {
    fn texts(&self) -> TextFields<'_>;
}

impl Texts for ProjectInfo {
    fn texts(&self) -> TextFields<'_> {
        vec![
            ("name", &self.name, MAX_TITLE),
            ("description", &self.description, MAX_TEXT),
        ]
    }
}

impl Texts for EffectGoal {
    fn texts(&self) -> TextFields<'_> {
        vec![
            ("code", &self.code, MAX_TITLE),
            ("title", &self.title, MAX_TITLE),
            ("description", &self.description, MAX_TEXT),
        ]
    }
}

impl Texts for Segment {
    fn texts(&self) -> TextFields<'_> {
        vec![
            ("name", &self.name, MAX_TITLE),
            ("description", &self.description, MAX_TEXT),
            ("residents_source", &self.residents_source, MAX_TITLE),
        ]
    }
}

impl Texts for Tag {
    fn texts(&self) -> TextFields<'_> {
        vec![
            ("name", &self.name, MAX_TITLE),
            ("description", &self.description, MAX_TEXT),
        ]
    }
}

impl Texts for Decision {
    fn texts(&self) -> TextFields<'_> {
        vec![
            ("title", &self.title, MAX_TITLE),
            ("description", &self.description, MAX_TEXT),
            ("forum", &self.forum, MAX_TITLE),
            ("outcome", &self.outcome, MAX_TEXT),
            ("brief_summary", &self.brief_summary, MAX_TEXT),
            ("brief_proposal", &self.brief_proposal, MAX_TEXT),
        ]
    }
}

impl Texts for KeyQuestion {
    fn texts(&self) -> TextFields<'_> {
        vec![
            ("title", &self.title, MAX_TITLE),
            ("description", &self.description, MAX_TEXT),
            ("open_to_influence", &self.open_to_influence, MAX_TEXT),
            ("fixed", &self.fixed, MAX_TEXT),
            ("promise", &self.promise, MAX_TEXT),
            ("owner", &self.owner, MAX_TITLE),
            ("answer", &self.answer, MAX_TEXT),
        ]
    }
}

impl Texts for Activity {
    fn texts(&self) -> TextFields<'_> {
        vec![
            ("title", &self.title, MAX_TITLE),
            ("place", &self.place, MAX_TITLE),
            ("organisers", &self.organisers, MAX_TITLE),
            ("notes", &self.notes, MAX_TEXT),
            ("feedback", &self.feedback, MAX_TEXT),
        ]
    }
}

impl Texts for Need {
    fn texts(&self) -> TextFields<'_> {
        vec![
            ("statement", &self.statement, MAX_NEED_TEXT),
            ("quote", &self.quote, MAX_NEED_TEXT),
        ]
    }
}

impl Texts for Insight {
    fn texts(&self) -> TextFields<'_> {
        vec![
            ("title", &self.title, MAX_TITLE),
            ("statement", &self.statement, MAX_TEXT),
            ("response", &self.response, MAX_TEXT),
        ]
    }
}

impl Texts for Commitment {
    fn texts(&self) -> TextFields<'_> {
        vec![
            ("title", &self.title, MAX_TITLE),
            ("description", &self.description, MAX_TEXT),
            ("owner", &self.owner, MAX_TITLE),
            ("reason", &self.reason, MAX_TEXT),
        ]
    }
}

impl Texts for CommitmentEvent {
    fn texts(&self) -> TextFields<'_> {
        vec![("note", &self.note, MAX_TEXT)]
    }
}

impl Texts for LadderLevel {
    fn texts(&self) -> TextFields<'_> {
        vec![
            ("name", &self.name, MAX_LEVEL_NAME),
            ("explanation", &self.explanation, MAX_LEVEL_EXPLANATION),
        ]
    }
}

/// Every text of `item` within its limit. `path` turns a field's name into what a message
/// calls it: the name itself in a form, `needs[12].statement` in a file.
pub fn texts_fit(item: &impl Texts, path: impl Fn(&str) -> String) -> Result<()> {
    for (field, value, max) in item.texts() {
        max_len(&path(field), value, max)?;
    }
    Ok(())
}

/// The texts of `item` checked for a form: messages name the field.
fn texts_of(item: &impl Texts) -> Result<()> {
    texts_fit(item, str::to_string)
}

/// A new id: a UUID v7, so ids sort in the order they were made.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// `id`, or a new one when it is blank.
pub fn id_or_new(id: &str) -> String {
    if id.trim().is_empty() {
        new_id()
    } else {
        id.to_string()
    }
}

pub fn required(field: &str, v: &str) -> Result<()> {
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
pub fn max_len(field: &str, v: &str, max: usize) -> Result<()> {
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

/// An optional text trimmed; blank is `None`.
pub fn norm_opt(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

pub use crate::support::dates::{iso_date as parse_date, iso_time as parse_time};

/// An optional `YYYY-MM-DD` date, trimmed; blank is `None`.
pub fn date_field(field: &str, v: &Option<String>) -> Result<Option<String>> {
    match norm_opt(v) {
        None => Ok(None),
        Some(s) => {
            if parse_date(&s).is_some() {
                Ok(Some(s))
            } else {
                Err(CoreError::field(
                    field,
                    ErrorCode::NotADate,
                    format!("{field}: \"{s}\" is not a date (YYYY-MM-DD, the year 1000–9999)"),
                ))
            }
        }
    }
}

/// When an activity starts or ends: a day (`YYYY-MM-DD`, when only the day is known) or a
/// day and time (`YYYY-MM-DDTHH:MM`). A day alone reads as the start of that day where
/// times are compared or sorted (the stored text sorts before every time of its day), and
/// as that day where dates are compared.
pub fn parse_when(s: &str) -> Option<chrono::NaiveDateTime> {
    match s.len() {
        10 => parse_date(s).and_then(|d| d.and_hms_opt(0, 0, 0)),
        _ => parse_time(s),
    }
}

/// Whether an activity's end comes before its start. When either is a day without a
/// time, only the days are compared: an end on the start's day is never before it.
pub fn ends_before(start: &str, end: &str) -> bool {
    match (parse_when(start), parse_when(end)) {
        (Some(s), Some(e)) if start.len() == 10 || end.len() == 10 => e.date() < s.date(),
        (Some(s), Some(e)) => e < s,
        _ => false,
    }
}

/// An optional start or end of an activity, trimmed; blank is `None`: a day
/// (`YYYY-MM-DD`) or a day and time (`YYYY-MM-DDTHH:MM`), see [`parse_when`].
pub fn time_field(field: &str, v: &Option<String>) -> Result<Option<String>> {
    match norm_opt(v) {
        None => Ok(None),
        Some(s) => {
            if parse_when(&s).is_some() {
                Ok(Some(s))
            } else {
                Err(CoreError::field(
                    field,
                    ErrorCode::NotATime,
                    format!(
                        "{field}: \"{s}\" is not a date, or a date and time (YYYY-MM-DD or YYYY-MM-DDTHH:MM, the year 1000–9999)"
                    ),
                ))
            }
        }
    }
}

/// A `#rrggbb` colour, trimmed and in lower case.
pub fn color(field: &str, v: &str) -> Result<String> {
    let c = v.trim();
    if !(c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|x| x.is_ascii_hexdigit())) {
        return Err(CoreError::field(
            field,
            ErrorCode::NotAColor,
            format!("{field}: \"{c}\" is not a colour (#rrggbb)"),
        ));
    }
    Ok(c.to_lowercase())
}

/// The name a person goes by, trimmed; blank is allowed (no name).
pub fn display_name(name: &str) -> Result<String> {
    let name = name.trim();
    max_len("name", name, MAX_PERSON_NAME)?;
    Ok(name.to_string())
}

/// The project's name and description, and the representation thresholds.
pub fn project_info(info: &ProjectInfo) -> Result<()> {
    if info.name.trim().is_empty() {
        return Err(CoreError::invalid("name: must not be empty"));
    }
    texts_of(info)?;
    representation("representation", &info.representation)
}

/// The representation thresholds: `min_ratio` in (0, 1], `within_days` 1–3650.
/// `path` is what messages call the thresholds.
pub fn representation(path: &str, r: &Representation) -> Result<()> {
    if !(r.min_ratio > 0.0 && r.min_ratio <= 1.0) {
        let field = format!("{path}.min_ratio");
        return Err(CoreError::field(
            &field,
            ErrorCode::Invalid,
            format!(
                "{field}: {} is not a ratio above 0 and at most 1",
                r.min_ratio
            ),
        ));
    }
    if !(1..=MAX_WITHIN_DAYS).contains(&r.within_days) {
        let field = format!("{path}.within_days");
        return Err(CoreError::field(
            &field,
            ErrorCode::Invalid,
            format!(
                "{field}: {} days is not from 1 to {MAX_WITHIN_DAYS}",
                r.within_days
            ),
        ));
    }
    Ok(())
}

/// A segment's resident figure: at most [`MAX_RESIDENTS`].
pub fn residents(field: &str, n: Option<u32>) -> Result<()> {
    match n {
        Some(n) if n > MAX_RESIDENTS => Err(CoreError::field(
            field,
            ErrorCode::Invalid,
            format!("{field}: {n} residents is more than {MAX_RESIDENTS}"),
        )),
        _ => Ok(()),
    }
}

/// The ladder as saved: each default step with the name and explanation given for its
/// code (trimmed); steps not given keep the default wording.
pub fn ladder(levels: &[LadderLevel]) -> Result<Vec<LadderLevel>> {
    for (i, l) in levels.iter().enumerate() {
        required(&format!("levels[{i}].name"), &l.name)?;
        texts_fit(l, |f| format!("levels[{i}].{f}"))?;
    }
    let mut merged = default_ladder();
    for l in &mut merged {
        if let Some(s) = levels.iter().find(|s| s.code == l.code) {
            l.name = s.name.trim().to_string();
            l.explanation = s.explanation.trim().to_string();
        }
    }
    Ok(merged)
}

/// A decision as saved: title trimmed, date checked, an id given.
pub fn decision(d: &Decision) -> Result<Decision> {
    required("title", &d.title)?;
    texts_of(d)?;
    let mut d = d.clone();
    d.decision_date = date_field("decision_date", &d.decision_date)?;
    d.id = id_or_new(&d.id);
    d.title = d.title.trim().to_string();
    Ok(d)
}

/// A key question as saved, before its decision and goals are checked to exist.
pub fn key_question(q: &KeyQuestion) -> Result<KeyQuestion> {
    required("title", &q.title)?;
    texts_of(q)?;
    let mut q = q.clone();
    q.needed_by = date_field("needed_by", &q.needed_by)?;
    q.id = id_or_new(&q.id);
    q.title = q.title.trim().to_string();
    Ok(q)
}

/// An activity as saved, before its questions and segments are checked to exist: start
/// and end each a day or a day and time, in order, and one that is reported back says
/// when and what.
pub fn activity(a: &Activity) -> Result<Activity> {
    required("title", &a.title)?;
    texts_of(a)?;
    let mut a = a.clone();
    a.starts_at = time_field("starts_at", &a.starts_at)?;
    a.ends_at = time_field("ends_at", &a.ends_at)?;
    if let (Some(s), Some(e)) = (&a.starts_at, &a.ends_at) {
        if ends_before(s, e) {
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
    Ok(a)
}

/// Participant counts with one entry per segment (counts of a segment listed twice add
/// up), sorted by segment id.
pub fn merge_participants(parts: &[Participants]) -> Vec<Participants> {
    let mut out: Vec<Participants> = Vec::new();
    for p in parts {
        match out.iter_mut().find(|x| x.segment_id == p.segment_id) {
            Some(x) => x.count += p.count,
            None => out.push(p.clone()),
        }
    }
    out.sort_by(|x, y| x.segment_id.cmp(&y.segment_id));
    out
}

/// A segment as saved: name trimmed, an id given.
pub fn segment(s: &Segment) -> Result<Segment> {
    required("name", &s.name)?;
    texts_of(s)?;
    residents("residents", s.residents)?;
    let mut s = s.clone();
    s.id = id_or_new(&s.id);
    s.name = s.name.trim().to_string();
    s.residents_source = s.residents_source.trim().to_string();
    Ok(s)
}

/// A tag as saved, before its parent is checked: name trimmed, colour normalised.
pub fn tag(t: &Tag) -> Result<Tag> {
    required("name", &t.name)?;
    texts_of(t)?;
    let mut t = t.clone();
    t.color = color("color", &t.color)?;
    t.id = id_or_new(&t.id);
    t.name = t.name.trim().to_string();
    Ok(t)
}

/// A need as saved, before its activity, segments and tags are checked: texts trimmed.
pub fn need(n: &Need) -> Result<Need> {
    required("statement", &n.statement)?;
    texts_of(n)?;
    let mut n = n.clone();
    n.id = id_or_new(&n.id);
    n.statement = n.statement.trim().to_string();
    n.quote = n.quote.trim().to_string();
    Ok(n)
}

/// An insight as saved, before its evidence, questions and goals are checked.
pub fn insight(i: &Insight) -> Result<Insight> {
    required("title", &i.title)?;
    texts_of(i)?;
    let mut i = i.clone();
    i.communicated_on = date_field("communicated_on", &i.communicated_on)?;
    i.id = id_or_new(&i.id);
    i.title = i.title.trim().to_string();
    Ok(i)
}

/// A commitment as saved, before its links are checked: title required, dates checked,
/// an id given. A dropped commitment without a reason is kept (a planning rule reports it).
pub fn commitment(c: &Commitment) -> Result<Commitment> {
    required("title", &c.title)?;
    texts_of(c)?;
    let mut c = c.clone();
    c.due_date = date_field("due_date", &c.due_date)?;
    for (i, e) in c.history.iter_mut().enumerate() {
        texts_fit(e, |f| format!("history[{i}].{f}"))?;
        let on = format!("history[{i}].on");
        e.on = date_field(&on, &Some(e.on.clone()))?.ok_or_else(|| {
            CoreError::field(&on, ErrorCode::Required, format!("{on}: must not be empty"))
        })?;
    }
    c.id = id_or_new(&c.id);
    c.title = c.title.trim().to_string();
    c.owner = c.owner.trim().to_string();
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert!(max_len("f", &"ö".repeat(10), 10).is_ok());
        assert!(max_len("f", &"ö".repeat(11), 10).is_err());
    }

    #[test]
    fn colours_are_normalised() {
        assert_eq!(color("color", " #AABBCC ").unwrap(), "#aabbcc");
        assert!(color("color", "#abc").is_err());
        assert!(color("color", "#gggggg").is_err());
    }

    #[test]
    fn dates_and_times_are_checked_and_blank_is_none() {
        assert_eq!(date_field("d", &Some("  ".into())).unwrap(), None);
        assert!(date_field("d", &Some("2027-02-30".into())).is_err());
        assert_eq!(
            time_field("t", &Some(" 2027-01-10T14:00 ".into())).unwrap(),
            Some("2027-01-10T14:00".into())
        );
        assert!(time_field("t", &Some("2027-01-10 14:00".into())).is_err());
    }

    #[test]
    fn an_activity_may_start_and_end_on_a_day_without_a_time() {
        assert_eq!(
            time_field("starts_at", &Some(" 2027-03-15 ".into())).unwrap(),
            Some("2027-03-15".into())
        );
        for bad in [
            "2027-02-30",
            "2027-3-15",
            "+999-01-01",
            "2027-03-15T",
            "15 mars",
        ] {
            let e = time_field("starts_at", &Some(bad.into())).unwrap_err();
            assert!(e.message.contains("starts_at"), "{}", e.message);
            assert!(e.message.contains("YYYY-MM-DD or"), "{}", e.message);
        }
        assert_eq!(
            parse_when("2027-03-15"),
            parse_when("2027-03-15T00:00"),
            "a day alone is the start of that day"
        );
        let act = |s: &str, e: &str| Activity {
            title: "Skolbesök".into(),
            starts_at: Some(s.into()),
            ends_at: Some(e.into()),
            ..Activity::default()
        };
        // The same day is never an end before the start, with or without times.
        assert!(activity(&act("2027-03-15", "2027-03-15")).is_ok());
        assert!(activity(&act("2027-03-15T10:00", "2027-03-15")).is_ok());
        assert!(activity(&act("2027-03-15", "2027-03-15T09:00")).is_ok());
        let e = activity(&act("2027-03-15", "2027-03-14T23:00")).unwrap_err();
        assert_eq!(e.code, ErrorCode::EndBeforeStart);
        assert!(activity(&act("2027-03-15T10:00", "2027-03-15T09:00")).is_err());
    }

    #[test]
    fn participants_of_one_segment_add_up() {
        let p = |s: &str, count| Participants {
            segment_id: s.into(),
            count,
        };
        assert_eq!(
            merge_participants(&[p("b", 2), p("a", 1), p("b", 3)]),
            vec![p("a", 1), p("b", 5)]
        );
    }
}
