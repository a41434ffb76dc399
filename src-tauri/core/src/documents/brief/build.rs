//! The brief's model from a project: what the brief is about, the warnings that concern
//! it, the title block, and the sections around the key questions.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::followup;
use super::index::{activity_order, Index};
use super::model::*;
use super::questions::{question_sections, QuestionContext};
use super::words::{
    count_needs, decision_status, quoted, show_date, warning_label, warnings_intro, words, Words,
};
use crate::domain::checks::{Subject, Warning, WarningCode};
use crate::domain::ladder::LadderLevel;
use crate::domain::model::*;
use crate::domain::representation;
use crate::support::lang::{long_date, Lang};

/// Build the brief for a decision or a key question, with the default ladder wording.
pub fn build_brief(
    project: &Project,
    target: &BriefTarget,
    lang: Lang,
    today: NaiveDate,
    warnings: &[Warning],
) -> Result<BriefModel, BriefError> {
    build_brief_with_ladder(project, target, lang, today, warnings, &[])
}

/// Build the brief; a Swedish brief names each influence level as the project's own
/// ladder does (`ladder` may be empty for the default wording).
pub fn build_brief_with_ladder(
    project: &Project,
    target: &BriefTarget,
    lang: Lang,
    today: NaiveDate,
    warnings: &[Warning],
    ladder: &[LadderLevel],
) -> Result<BriefModel, BriefError> {
    let w = words(lang);
    let ix = Index::new(project);
    let subject = BriefSubject::find(project, &ix, target, w)?;
    let scope = Scope::of(project, &ix, &subject.questions);
    let decision_id = match target {
        BriefTarget::Decision(id) => Some(id.as_str()),
        BriefTarget::Question(_) => None,
    };
    let promised = followup::commitments_of(project, decision_id, &subject.questions);
    let mut scope = scope;
    scope.commitment_ids = promised.iter().map(|c| c.id.as_str()).collect();
    let brief_warnings = pick_warnings(lang, warnings, subject.decision, &scope);

    let mut sections = Vec::new();
    if let Some(d) = subject.decision {
        sections.push(written_section(w.summary, &d.brief_summary, w.no_summary));
    }
    let cx = QuestionContext {
        ix: &ix,
        lang,
        w,
        project,
        decision: subject.decision,
        ladder,
    };
    question_sections(&cx, &subject.questions, &mut sections);
    sections.push(followup::commitments_section(lang, &promised));
    let question_ids: Vec<&str> = subject.questions.iter().map(|q| q.id.as_str()).collect();
    sections.push(followup::reach_section(
        lang,
        &representation::of_questions(project, &question_ids),
    ));
    if let Some(d) = subject.decision {
        sections.push(written_section(
            w.proposal,
            &d.brief_proposal,
            w.no_proposal,
        ));
    }
    sections.push(appendix_section(&ix, lang, appendix_needs(&ix, &scope)));

    let lead = match target {
        BriefTarget::Decision(_) => subject
            .decision
            .map(|d| d.description.clone())
            .unwrap_or_default(),
        BriefTarget::Question(_) => String::new(),
    };
    Ok(BriefModel {
        lang,
        project_name: project.project.name.clone(),
        kind: subject.kind.to_string(),
        facts: title_facts(lang, target, &subject),
        title: subject.title,
        lead,
        generated_on: today,
        generated_line: format!("{} {}", w.generated, long_date(lang, today)),
        warnings_title: w.warnings_title.into(),
        warnings_intro: warnings_intro(lang, brief_warnings.len()),
        warnings: brief_warnings,
        sections,
        page_label: w.page_label.into(),
    })
}

/// The decision or key question a brief is made for, and the questions it covers.
struct BriefSubject<'a> {
    decision: Option<&'a Decision>,
    questions: Vec<&'a KeyQuestion>,
    /// The kicker above the title.
    kind: &'static str,
    title: String,
}

impl<'a> BriefSubject<'a> {
    fn find(
        project: &'a Project,
        ix: &Index<'a>,
        target: &BriefTarget,
        w: &'static Words,
    ) -> Result<BriefSubject<'a>, BriefError> {
        match target {
            BriefTarget::Decision(id) => {
                let d = project
                    .decisions
                    .iter()
                    .find(|d| &d.id == id)
                    .ok_or_else(|| BriefError::UnknownDecision(id.clone()))?;
                Ok(BriefSubject {
                    decision: Some(d),
                    questions: questions_of(project, d),
                    kind: w.kind,
                    title: d.title.clone(),
                })
            }
            BriefTarget::Question(id) => {
                let q = project
                    .key_questions
                    .iter()
                    .find(|q| &q.id == id)
                    .ok_or_else(|| BriefError::UnknownQuestion(id.clone()))?;
                let d = q
                    .decision_id
                    .as_deref()
                    .and_then(|d| ix.decisions.get(d))
                    .copied();
                Ok(BriefSubject {
                    decision: d,
                    questions: vec![q],
                    kind: w.kind_question,
                    title: q.title.clone(),
                })
            }
        }
    }
}

/// A decision's key questions in the order they are needed (undated last).
fn questions_of<'a>(project: &'a Project, d: &Decision) -> Vec<&'a KeyQuestion> {
    let mut qs: Vec<&KeyQuestion> = project
        .key_questions
        .iter()
        .filter(|q| q.decision_id.as_deref() == Some(d.id.as_str()))
        .collect();
    qs.sort_by(|a, b| {
        let ka = (
            a.needed_by.clone().unwrap_or_else(|| "9999".into()),
            &a.title,
            &a.id,
        );
        let kb = (
            b.needed_by.clone().unwrap_or_else(|| "9999".into()),
            &b.title,
            &b.id,
        );
        ka.cmp(&kb)
    });
    qs
}

/// Everything the brief is about, for picking warnings and the appendix.
struct Scope<'a> {
    question_ids: HashSet<&'a str>,
    activity_ids: HashSet<&'a str>,
    activities: Vec<&'a Activity>,
    insights: Vec<&'a Insight>,
    insight_ids: HashSet<&'a str>,
    /// The commitments the brief reports.
    commitment_ids: HashSet<&'a str>,
}

impl<'a> Scope<'a> {
    fn of(project: &'a Project, ix: &Index<'a>, questions: &[&'a KeyQuestion]) -> Scope<'a> {
        let question_ids: HashSet<&str> = questions.iter().map(|q| q.id.as_str()).collect();
        let mut activity_ids: HashSet<&str> = HashSet::new();
        let mut activities: Vec<&Activity> = Vec::new();
        for q in questions {
            for a in ix.activities_of(&q.id) {
                if activity_ids.insert(a.id.as_str()) {
                    activities.push(a);
                }
            }
        }
        activities.sort_by_key(|a| activity_order(a));
        let insights: Vec<&Insight> = project
            .insights
            .iter()
            .filter(|i| {
                i.key_question_ids
                    .iter()
                    .any(|k| question_ids.contains(k.as_str()))
            })
            .collect();
        let insight_ids: HashSet<&str> = insights.iter().map(|i| i.id.as_str()).collect();
        Scope {
            question_ids,
            activity_ids,
            activities,
            insights,
            insight_ids,
            commitment_ids: HashSet::new(),
        }
    }
}

/// The warnings about anything in the brief's scope, the most severe first, each led by
/// its severity and a few words on what it is about (never its code).
fn pick_warnings(
    lang: Lang,
    warnings: &[Warning],
    decision: Option<&Decision>,
    scope: &Scope,
) -> Vec<BriefWarning> {
    let mut picked: Vec<&Warning> = warnings
        .iter()
        // Personal data is refused or allowed on export, not repeated in a public document.
        .filter(|wn| wn.code != WarningCode::PersonalData)
        .filter(|wn| match wn.subject {
            Subject::Decision => decision.is_some_and(|d| d.id == wn.id),
            Subject::KeyQuestion => scope.question_ids.contains(wn.id.as_str()),
            Subject::Activity => scope.activity_ids.contains(wn.id.as_str()),
            Subject::Insight => scope.insight_ids.contains(wn.id.as_str()),
            Subject::Commitment => scope.commitment_ids.contains(wn.id.as_str()),
            Subject::Segment | Subject::Need | Subject::Project => false,
        })
        .collect();
    picked.sort_by_key(|wn| wn.severity);
    picked
        .iter()
        .map(|wn| BriefWarning {
            severity: wn.severity,
            label: warning_label(lang, wn.severity, wn.code),
            code: wn.code,
            message: wn.message.clone(),
        })
        .collect()
}

/// The facts under the title: the decision's forum, date and status, and for a decision
/// brief the list of its key questions.
fn title_facts(lang: Lang, target: &BriefTarget, subject: &BriefSubject) -> Vec<Fact> {
    let w = words(lang);
    let fact = |label: &str, value: String| Fact {
        label: label.into(),
        value,
    };
    let mut facts = Vec::new();
    if let (BriefTarget::Question(_), Some(d)) = (target, subject.decision) {
        facts.push(fact(w.decision, d.title.clone()));
    }
    if let Some(d) = subject.decision {
        if !d.forum.trim().is_empty() {
            facts.push(fact(w.forum, d.forum.clone()));
        }
        facts.push(fact(
            w.decision_date,
            show_date(lang, d.decision_date.as_deref()),
        ));
        facts.push(fact(w.status, decision_status(lang, d.status).into()));
        if d.status == DecisionStatus::Decided && !d.outcome.trim().is_empty() {
            facts.push(fact(w.outcome, d.outcome.trim().to_string()));
        }
    }
    if matches!(target, BriefTarget::Decision(_)) {
        let list = if subject.questions.is_empty() {
            "–".to_string()
        } else {
            subject
                .questions
                .iter()
                .map(|q| q.title.clone())
                .collect::<Vec<_>>()
                .join("\n")
        };
        facts.push(fact(w.key_questions, list));
    }
    facts
}

/// A main section of Markdown the project group wrote, or a note that it is missing.
fn written_section(title: &str, source: &str, missing: &str) -> Section {
    Section {
        level: 1,
        title: title.into(),
        page_break_before: false,
        content: vec![if source.trim().is_empty() {
            Content::Note {
                text: missing.into(),
            }
        } else {
            Content::Markdown {
                source: source.to_string(),
            }
        }],
    }
}

/// The appendix lists the needs heard in the brief's activities, then the needs its
/// insights cite from elsewhere, so every piece of evidence can be looked up.
fn appendix_needs<'a>(ix: &Index<'a>, scope: &Scope<'a>) -> Vec<&'a Need> {
    let mut related: Vec<&Need> = ix.needs_of(&scope.activities);
    let mut seen: HashSet<&str> = related.iter().map(|n| n.id.as_str()).collect();
    let mut cited: Vec<&Need> = scope
        .insights
        .iter()
        .flat_map(|i| i.need_ids.iter())
        .filter_map(|id| ix.needs.get(id.as_str()).copied())
        .filter(|n| seen.insert(n.id.as_str()))
        .collect();
    cited.sort_by(|a, b| a.id.cmp(&b.id));
    related.extend(cited);
    related
}

/// "Bilaga: alla behov", on a page of its own.
fn appendix_section(ix: &Index, lang: Lang, related: Vec<&Need>) -> Section {
    let w = words(lang);
    let content = if related.is_empty() {
        vec![Content::Note {
            text: w.no_related_needs.into(),
        }]
    } else {
        let rows = related.iter().map(|n| appendix_row(ix, lang, n)).collect();
        vec![
            Content::Note {
                text: count_needs(lang, related.len()),
            },
            Content::Table {
                table: TableData {
                    columns: vec![
                        w.col_need.into(),
                        w.col_quote.into(),
                        w.col_activity.into(),
                        w.col_tags.into(),
                    ],
                    weights: vec![3.2, 3.0, 1.9, 1.9],
                    numeric: vec![false; 4],
                    rows,
                    total: None,
                    compact: true,
                },
            },
        ]
    };
    Section {
        level: 1,
        title: w.appendix.into(),
        page_break_before: true,
        content,
    }
}

fn appendix_row(ix: &Index, lang: Lang, n: &Need) -> Vec<String> {
    let quote = if n.quote.trim().is_empty() {
        String::new()
    } else {
        quoted(lang, &n.quote)
    };
    let tags = n
        .tag_ids
        .iter()
        .map(|t| ix.tag_name(t))
        .collect::<Vec<_>>()
        .join(", ");
    vec![
        n.statement.clone(),
        quote,
        ix.activity_title(n.activity_id.as_deref()),
        tags,
    ]
}
