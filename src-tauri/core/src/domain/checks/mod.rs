//! Planning checks: the rules table of the design, as pure functions of a project, a date
//! and the language the messages are written in (`words`).

mod followup;
mod personal;
mod words;

pub use personal::need_warnings as need_personal_data;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::model::*;
use crate::support::codes::codes;
use crate::support::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn code(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

codes! {
    /// Which rule a warning comes from.
    pub enum WarningCode {
        QuestionAfterDecision = "question_after_decision",
        QuestionWithoutActivity = "question_without_activity",
        ActivityAfterDeadline = "activity_after_deadline",
        DialogueOnClosedQuestion = "dialogue_on_closed_question",
        FeedbackOverdue = "feedback_overdue",
        SegmentUnheard = "segment_unheard",
        DecisionUnprepared = "decision_unprepared",
        InsightWithoutResponse = "insight_without_response",
        UntaggedNeeds = "untagged_needs",
        PersonalData = "personal_data",
        CommitmentOverdue = "commitment_overdue",
        CommitmentNotReported = "commitment_not_reported",
        RejectedWithoutReason = "rejected_without_reason",
        LadderMismatch = "ladder_mismatch",
        UnderrepresentedSegment = "underrepresented_segment",
    }
}

codes! {
    /// What a warning is about.
    pub enum Subject {
        KeyQuestion = "key_question",
        Activity = "activity",
        Decision = "decision",
        Segment = "segment",
        Insight = "insight",
        Need = "need",
        Commitment = "commitment",
        Project = "project",
    }
}

/// One planning warning, as `medskapa check --json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Warning {
    pub code: WarningCode,
    pub severity: Severity,
    pub subject: Subject,
    pub id: String,
    /// One sentence in the language the check was asked for.
    pub message: String,
}

/// Days after an activity within which residents must hear back.
pub const FEEDBACK_DAYS: i64 = 42;
/// How far ahead a planned decision counts as imminent.
pub const DECISION_HORIZON_DAYS: i64 = 30;

pub use crate::support::dates::date_of as parse_date;

fn opt_date(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(parse_date)
}

/// A key question's deadline: its `needed_by`, else its decision's date.
pub fn deadline(q: &KeyQuestion, decisions: &HashMap<&str, &Decision>) -> Option<NaiveDate> {
    opt_date(&q.needed_by).or_else(|| {
        q.decision_id
            .as_deref()
            .and_then(|d| decisions.get(d))
            .and_then(|d| opt_date(&d.decision_date))
    })
}

fn warn(
    code: WarningCode,
    severity: Severity,
    subject: Subject,
    id: &str,
    message: String,
) -> Warning {
    Warning {
        code,
        severity,
        subject,
        id: id.into(),
        message,
    }
}

/// What the rules look up: the project indexed once.
struct Plan<'a> {
    p: &'a Project,
    today: NaiveDate,
    lang: Lang,
    decisions: HashMap<&'a str, &'a Decision>,
    questions: HashMap<&'a str, &'a KeyQuestion>,
    /// question id -> the activities linked to it
    activities_of: HashMap<&'a str, Vec<&'a Activity>>,
}

impl<'a> Plan<'a> {
    fn new(p: &'a Project, today: NaiveDate, lang: Lang) -> Plan<'a> {
        let mut activities_of: HashMap<&str, Vec<&Activity>> = HashMap::new();
        for a in &p.activities {
            for q in &a.key_question_ids {
                activities_of.entry(q.as_str()).or_default().push(a);
            }
        }
        Plan {
            p,
            today,
            lang,
            decisions: p.decisions.iter().map(|d| (d.id.as_str(), d)).collect(),
            questions: p.key_questions.iter().map(|q| (q.id.as_str(), q)).collect(),
            activities_of,
        }
    }

    /// A planned decision dated on or before today + the horizon (past ones included).
    fn imminent(&self, d: &Decision) -> bool {
        let horizon = self.today + chrono::Duration::days(DECISION_HORIZON_DAYS);
        d.status == DecisionStatus::Planned
            && opt_date(&d.decision_date).is_some_and(|dd| dd <= horizon)
    }
}

/// All planning warnings for a project, in a stable order.
pub fn check(p: &Project, today: NaiveDate, lang: Lang) -> Vec<Warning> {
    let mut out = check_without_needs_rules(p, today, lang);
    needs_personal_data(p, lang, &mut out);
    let untagged = p.needs.iter().filter(|n| n.tag_ids.is_empty()).count();
    if untagged > 0 {
        out.push(untagged_warning(untagged, lang));
    }
    out
}

/// Every rule except those that go through all the needs (personal data in them, untagged
/// needs): a store runs these over its rows itself. `p.needs` may hold only the needs the
/// commitments without segments of their own name.
pub fn check_without_needs_rules(p: &Project, today: NaiveDate, lang: Lang) -> Vec<Warning> {
    let plan = Plan::new(p, today, lang);
    let mut out = Vec::new();
    for q in &p.key_questions {
        question_rules(&plan, q, &mut out);
    }
    feedback_overdue(&plan, &mut out);
    segment_unheard(&plan, &mut out);
    decision_unprepared(&plan, &mut out);
    insight_without_response(&plan, &mut out);
    followup::rules(&plan, &mut out);
    personal_data(p, lang, &mut out);
    out
}

/// The rules about one key question: its deadline against its decision and its dialogues.
fn question_rules(plan: &Plan, q: &KeyQuestion, out: &mut Vec<Warning>) {
    let lang = plan.lang;
    let decision = q.decision_id.as_deref().and_then(|d| plan.decisions.get(d));
    if let (Some(nb), Some(d)) = (opt_date(&q.needed_by), decision) {
        if let Some(dd) = opt_date(&d.decision_date).filter(|dd| nb > *dd) {
            out.push(warn(
                WarningCode::QuestionAfterDecision,
                Severity::Error,
                Subject::KeyQuestion,
                &q.id,
                words::question_after_decision(lang, &q.title, nb, &d.title, dd),
            ));
        }
    }
    let linked = plan
        .activities_of
        .get(q.id.as_str())
        .cloned()
        .unwrap_or_default();
    if let Some(dl) = deadline(q, &plan.decisions) {
        let in_time = linked
            .iter()
            .any(|a| opt_date(&a.starts_at).is_some_and(|s| s <= dl));
        if q.status != QuestionStatus::Answered && !in_time {
            out.push(warn(
                WarningCode::QuestionWithoutActivity,
                Severity::Warning,
                Subject::KeyQuestion,
                &q.id,
                words::question_without_activity(lang, &q.title, dl),
            ));
        }
        let mut late: Vec<&&Activity> = linked
            .iter()
            .filter(|a| opt_date(&a.starts_at).is_some_and(|s| s > dl))
            .collect();
        late.sort_by(|a, b| a.id.cmp(&b.id));
        for a in late {
            out.push(warn(
                WarningCode::ActivityAfterDeadline,
                Severity::Warning,
                Subject::Activity,
                &a.id,
                words::activity_after_deadline(lang, &a.title, dl, &q.title),
            ));
        }
    }
    if q.influence_level == InfluenceLevel::Inform {
        let mut dialogues: Vec<&&Activity> = linked
            .iter()
            .filter(|a| a.method != Method::Information)
            .collect();
        dialogues.sort_by(|a, b| a.id.cmp(&b.id));
        for a in dialogues {
            out.push(warn(
                WarningCode::DialogueOnClosedQuestion,
                Severity::Warning,
                Subject::KeyQuestion,
                &q.id,
                words::dialogue_on_closed_question(lang, &q.title, &a.title),
            ));
        }
    }
}

/// How many days ago `a` was held, when that is more than [`FEEDBACK_DAYS`] and the
/// residents have not heard back (the `feedback_overdue` rule, for one activity).
pub fn feedback_overdue_days(a: &Activity, today: NaiveDate) -> Option<i64> {
    // A blank date is no date: the residents have not heard back.
    let given = a
        .feedback_given_on
        .as_deref()
        .is_some_and(|d| !d.trim().is_empty());
    if a.status != ActivityStatus::Held || given {
        return None;
    }
    let days = (today - opt_date(&a.starts_at)?).num_days();
    (days > FEEDBACK_DAYS).then_some(days)
}

fn feedback_overdue(plan: &Plan, out: &mut Vec<Warning>) {
    for a in &plan.p.activities {
        if let Some(days) = feedback_overdue_days(a, plan.today) {
            out.push(warn(
                WarningCode::FeedbackOverdue,
                Severity::Warning,
                Subject::Activity,
                &a.id,
                words::feedback_overdue(plan.lang, &a.title, days),
            ));
        }
    }
}

fn segment_unheard(plan: &Plan, out: &mut Vec<Warning>) {
    let mut heard: HashSet<&str> = HashSet::new();
    for a in &plan.p.activities {
        if matches!(
            a.status,
            ActivityStatus::Held | ActivityStatus::ReportedBack
        ) {
            for pt in a.participants.iter().filter(|pt| pt.count > 0) {
                heard.insert(pt.segment_id.as_str());
            }
        }
    }
    for s in &plan.p.segments {
        if s.priority && !heard.contains(s.id.as_str()) {
            out.push(warn(
                WarningCode::SegmentUnheard,
                Severity::Warning,
                Subject::Segment,
                &s.id,
                words::segment_unheard(plan.lang, &s.name),
            ));
        }
    }
}

fn decision_unprepared(plan: &Plan, out: &mut Vec<Warning>) {
    for d in plan.p.decisions.iter().filter(|d| plan.imminent(d)) {
        let open = plan
            .p
            .key_questions
            .iter()
            .filter(|q| {
                q.decision_id.as_deref() == Some(&d.id) && q.status != QuestionStatus::Answered
            })
            .count();
        if open > 0 {
            out.push(warn(
                WarningCode::DecisionUnprepared,
                Severity::Warning,
                Subject::Decision,
                &d.id,
                words::decision_unprepared(
                    plan.lang,
                    &d.title,
                    d.decision_date.as_deref().unwrap_or(""),
                    open,
                ),
            ));
        }
    }
}

fn insight_without_response(plan: &Plan, out: &mut Vec<Warning>) {
    for i in &plan.p.insights {
        if i.response_status != ResponseStatus::None {
            continue;
        }
        let urgent = i.key_question_ids.iter().any(|qid| {
            plan.questions
                .get(qid.as_str())
                .and_then(|q| q.decision_id.as_deref())
                .and_then(|d| plan.decisions.get(d))
                .is_some_and(|d| plan.imminent(d))
        });
        if urgent {
            out.push(warn(
                WarningCode::InsightWithoutResponse,
                Severity::Warning,
                Subject::Insight,
                &i.id,
                words::insight_without_response(plan.lang, &i.title),
            ));
        }
    }
}

/// Personal data in the activities' and the commitments' texts, each in id order.
fn personal_data(p: &Project, lang: Lang, out: &mut Vec<Warning>) {
    for a in &p.activities {
        personal::activity_warnings(a, lang, out);
    }
    for c in &p.commitments {
        personal::commitment_warnings(c, lang, out);
    }
}

/// Personal data in the needs' words, in id order (a store scans its needs in the same
/// order, see `Store::warnings_of`).
fn needs_personal_data(p: &Project, lang: Lang, out: &mut Vec<Warning>) {
    for n in &p.needs {
        personal::need_warnings(&n.id, &n.statement, &n.quote, lang, out);
    }
}

pub fn untagged_warning(count: usize, lang: Lang) -> Warning {
    warn(
        WarningCode::UntaggedNeeds,
        Severity::Info,
        Subject::Project,
        "",
        words::untagged_needs(lang, count),
    )
}

/// Human-readable lines, as `medskapa check` prints them without `--json`.
pub fn format_text(warnings: &[Warning], lang: Lang) -> String {
    if warnings.is_empty() {
        return format!("{}\n", words::no_warnings(lang));
    }
    let mut s = String::new();
    for w in warnings {
        let label = words::severity_tag(lang, w.severity);
        s.push_str(&format!(
            "{label:8} {} {}: {}\n",
            w.code.as_str(),
            w.id,
            w.message
        ));
    }
    s
}
