//! Which items an output contains, and whether their residents' words carry personal data:
//! what the command line refuses unless `--allow-personal-data`, and what the window lists
//! before an export.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::app::briefs::BriefRequest;
use crate::app::export::SheetContent;
use crate::domain::checks::Subject;
use crate::domain::model::{Activity, BriefTarget, Need};
use crate::domain::personal_data::{masked, scan, FindingKind, TextField};
use crate::store::Store;
use crate::support::error::{CoreError, ErrorCode, Result};

/// One field of one item that holds personal data, as the export dialog lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonalDataFinding {
    /// `need`, `activity` or `commitment`.
    pub subject: Subject,
    pub id: String,
    /// The item as the window names it: an activity's or commitment's title, a need's
    /// statement (with any personal data in it masked, and shortened).
    pub title: String,
    pub field: TextField,
    pub kind: FindingKind,
    /// The first value found in the field, masked.
    pub masked: String,
}

/// The personal data in one text, masked: what a form shows beside the field after a save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TextFinding {
    pub kind: FindingKind,
    pub masked: String,
}

/// An output that publishes residents' words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExportScope {
    /// A decision brief (PDF or web page).
    Brief { request: BriefRequest },
    /// The "Ni sa – vi gör" sheet of one activity.
    Feedback { activity_id: String },
    /// A spreadsheet export.
    Sheet { what: SheetContent },
    /// The whole project as interchange JSON.
    Json,
}

/// Every piece of personal data in `text`, masked.
pub fn in_text(text: &str) -> Vec<TextFinding> {
    scan(text)
        .iter()
        .map(|f| TextFinding {
            kind: f.kind,
            masked: masked(text, f),
        })
        .collect()
}

/// `text` with every piece of personal data in it masked, cut to `max` characters.
fn safe_title(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut at = 0;
    for f in scan(text) {
        out.push_str(&text[at..f.start]);
        out.push_str(&masked(text, &f));
        at = f.end;
    }
    out.push_str(&text[at..]);
    if out.chars().count() > max {
        out = out.chars().take(max.saturating_sub(1)).collect::<String>() + "…";
    }
    out
}

/// The finding for one field, if its text holds personal data.
fn field(
    subject: Subject,
    id: &str,
    title: &str,
    field: TextField,
    text: &str,
) -> Option<PersonalDataFinding> {
    let f = scan(text).into_iter().next()?;
    Some(PersonalDataFinding {
        subject,
        id: id.to_string(),
        title: safe_title(title, 80),
        field,
        kind: f.kind,
        masked: masked(text, &f),
    })
}

fn need_findings(id: &str, statement: &str, quote: &str, out: &mut Vec<PersonalDataFinding>) {
    for (f, text) in [(TextField::Statement, statement), (TextField::Quote, quote)] {
        out.extend(field(Subject::Need, id, statement, f, text));
    }
}

fn activity_findings(a: &Activity, fields: &[TextField], out: &mut Vec<PersonalDataFinding>) {
    for f in fields {
        let text = match f {
            TextField::Notes => &a.notes,
            TextField::Feedback => &a.feedback,
            TextField::Statement | TextField::Quote | TextField::Description => continue,
        };
        out.extend(field(Subject::Activity, &a.id, &a.title, *f, text));
    }
}

/// The personal data in what a brief for `target` shows: the statements and quotes of its
/// needs (a brief shows no activity's notes or feedback).
pub fn in_brief(store: &Store, target: &BriefTarget) -> Result<Vec<PersonalDataFinding>> {
    Ok(in_brief_needs(&store.load_project_for_brief(target)?.needs))
}

/// The personal data in the statements and quotes of a brief's needs, as read for it.
pub fn in_brief_needs(needs: &[Need]) -> Vec<PersonalDataFinding> {
    let mut out = Vec::new();
    for n in needs {
        need_findings(&n.id, &n.statement, &n.quote, &mut out);
    }
    out
}

/// The personal data in the feedback sheet of one activity: its feedback and the needs
/// heard in it.
pub fn in_feedback(store: &Store, activity_id: &str) -> Result<Vec<PersonalDataFinding>> {
    let p = store.load_project()?;
    let mut out = Vec::new();
    if let Some(a) = p.activities.iter().find(|a| a.id == activity_id) {
        activity_findings(a, &[TextField::Feedback], &mut out);
    }
    for n in p
        .needs
        .iter()
        .filter(|n| n.activity_id.as_deref() == Some(activity_id))
    {
        need_findings(&n.id, &n.statement, &n.quote, &mut out);
    }
    Ok(out)
}

/// The personal data in every need (the needs spreadsheet).
fn in_needs(store: &Store, out: &mut Vec<PersonalDataFinding>) -> Result<()> {
    store.each_need_text(|id, statement, quote| {
        need_findings(id, statement, quote, out);
        Ok(())
    })
}

/// The personal data in the whole project: every activity's notes and feedback, every
/// commitment's description, every need.
pub fn in_project(store: &Store) -> Result<Vec<PersonalDataFinding>> {
    let p = store.load_project_without_needs()?;
    let mut out = Vec::new();
    for a in &p.activities {
        activity_findings(a, &[TextField::Notes, TextField::Feedback], &mut out);
    }
    for c in &p.commitments {
        out.extend(field(
            Subject::Commitment,
            &c.id,
            &c.title,
            TextField::Description,
            &c.description,
        ));
    }
    in_needs(store, &mut out)?;
    Ok(out)
}

/// The personal data in the output `scope` names.
pub fn in_export(store: &Store, scope: &ExportScope) -> Result<Vec<PersonalDataFinding>> {
    match scope {
        ExportScope::Brief { request } => in_brief(store, &request.target()),
        ExportScope::Feedback { activity_id } => in_feedback(store, activity_id),
        // The activities sheet holds no notes or feedback.
        ExportScope::Sheet {
            what: SheetContent::Activities,
        } => Ok(Vec::new()),
        ExportScope::Sheet {
            what: SheetContent::Needs,
        } => {
            let mut out = Vec::new();
            in_needs(store, &mut out)?;
            Ok(out)
        }
        ExportScope::Json => in_project(store),
    }
}

fn kind_words(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::IdentityNumber => "a personal identity number",
        FindingKind::Email => "an e-mail address",
        FindingKind::Phone => "a phone number",
    }
}

/// Refuse an output whose items hold personal data: one line naming the first item and
/// field (and how many more there are), with the value masked; `project` names the project.
pub fn refuse(findings: &[PersonalDataFinding], project: impl std::fmt::Display) -> Result<()> {
    let Some(f) = findings.first() else {
        return Ok(());
    };
    let more = match findings.len() - 1 {
        0 => String::new(),
        1 => " (and 1 more field)".into(),
        n => format!(" (and {n} more fields)"),
    };
    Err(CoreError::of(
        ErrorCode::PersonalData,
        project,
        format!(
            "{} {} {} holds {} ({}){more}; remove it or pass --allow-personal-data",
            f.subject,
            f.id,
            f.field,
            kind_words(f.kind),
            f.masked
        ),
    ))
}

/// Refuse the output `scope` names when its items hold personal data, unless `allow`.
pub fn refuse_unless_allowed(
    store: &Store,
    scope: &ExportScope,
    allow: bool,
    project: impl std::fmt::Display,
) -> Result<()> {
    if allow {
        return Ok(());
    }
    refuse(&in_export(store, scope)?, project)
}
