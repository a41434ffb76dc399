//! What the window keeps of a project: its items as rows, with the fields lists, pickers, the
//! timeline and the trace show, and without the long texts and the lists of ids that only an
//! item's form shows (the form reads the whole item when it opens).

use serde::Serialize;
use ts_rs::TS;

use super::model::{
    Activity, ActivityStatus, Commitment, CommitmentStatus, Decision, DecisionStatus, EffectGoal,
    InfluenceLevel, Insight, KeyQuestion, Method, Project, ProjectInfo, QuestionStatus,
    ResponseStatus, Segment, Tag,
};

/// What the window keeps of a project: everything but the needs and the activities (it asks
/// the core for the pages and fields it shows, from the store's dialogue queries), with the
/// decisions as [`DecisionRow`]s, the key questions as [`KeyQuestionRow`]s, the insights as
/// [`InsightRow`]s and the commitments as [`CommitmentRow`]s. Forms read the whole item when
/// they open.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProjectRows {
    pub project: ProjectInfo,
    pub effect_goals: Vec<EffectGoal>,
    pub segments: Vec<Segment>,
    pub tags: Vec<Tag>,
    pub decisions: Vec<DecisionRow>,
    pub key_questions: Vec<KeyQuestionRow>,
    pub insights: Vec<InsightRow>,
    pub commitments: Vec<CommitmentRow>,
}

impl From<Project> for ProjectRows {
    fn from(p: Project) -> Self {
        ProjectRows {
            project: p.project,
            effect_goals: p.effect_goals,
            segments: p.segments,
            tags: p.tags,
            decisions: p.decisions.into_iter().map(DecisionRow::from).collect(),
            key_questions: p
                .key_questions
                .into_iter()
                .map(KeyQuestionRow::from)
                .collect(),
            insights: p.insights.into_iter().map(InsightRow::from).collect(),
            commitments: p.commitments.into_iter().map(CommitmentRow::from).collect(),
        }
    }
}

/// A decision as lists, pickers, the timeline, Översikt and the trace show it: without its
/// description and the texts written for its brief (the summary and the proposal), which
/// only its form and Beslutsunderlag show and which are Markdown of any length.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DecisionRow {
    pub id: String,
    pub title: String,
    /// `YYYY-MM-DD`
    pub decision_date: Option<String>,
    pub forum: String,
    pub status: DecisionStatus,
    /// What was decided (Markdown): the trace shows it.
    pub outcome: String,
}

impl From<Decision> for DecisionRow {
    fn from(d: Decision) -> Self {
        DecisionRow {
            id: d.id,
            title: d.title,
            decision_date: d.decision_date,
            forum: d.forum,
            status: d.status,
            outcome: d.outcome,
        }
    }
}

/// A key question as lists, pickers, the timeline and the trace show it: without the texts
/// only its form shows (what is open to influence, what is fixed, the promise, the answer),
/// which can be long. On the generated 100,000-need project its 1,000 key questions weigh
/// 0.63 MB as JSON whole.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct KeyQuestionRow {
    pub id: String,
    pub title: String,
    pub decision_id: Option<String>,
    /// `YYYY-MM-DD`
    pub needed_by: Option<String>,
    pub influence_level: InfluenceLevel,
    pub status: QuestionStatus,
}

impl From<KeyQuestion> for KeyQuestionRow {
    fn from(q: KeyQuestion) -> Self {
        KeyQuestionRow {
            id: q.id,
            title: q.title,
            decision_id: q.decision_id,
            needed_by: q.needed_by,
            influence_level: q.influence_level,
            status: q.status,
        }
    }
}

/// An activity as lists, the timeline and pickers show it: without the notes, the feedback,
/// the organisers and the end, which only its form shows, and with the sum of its
/// participants instead of a count per segment, which the core sums for the reach table
/// ([`crate::domain::reach`]). On the generated 100,000-need project its 10,000 activities
/// weigh 3.4 MB as JSON as rows, 5.6 MB whole.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ActivityRow {
    pub id: String,
    pub title: String,
    pub method: Method,
    pub starts_at: Option<String>,
    pub place: String,
    pub status: ActivityStatus,
    pub key_question_ids: Vec<String>,
    /// The participants counted, in all segments.
    pub participant_total: u32,
    pub feedback_given_on: Option<String>,
}

impl From<Activity> for ActivityRow {
    fn from(a: Activity) -> Self {
        ActivityRow {
            id: a.id,
            title: a.title,
            method: a.method,
            starts_at: a.starts_at,
            place: a.place,
            status: a.status,
            key_question_ids: a.key_question_ids,
            participant_total: a
                .participants
                .iter()
                .fold(0, |n, p| n.saturating_add(p.count)),
            feedback_given_on: a.feedback_given_on,
        }
    }
}

/// An insight as lists, the trace and pickers show it: with how many needs are its evidence
/// instead of their ids, which only its form shows (on the generated 100,000-need project,
/// 0.3 of the 0.5 MB its 400 insights weigh as JSON).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct InsightRow {
    pub id: String,
    pub title: String,
    pub statement: String,
    /// How many needs are its evidence.
    pub need_count: u32,
    pub key_question_ids: Vec<String>,
    pub effect_goal_ids: Vec<String>,
    pub response: String,
    pub response_status: ResponseStatus,
    pub communicated_on: Option<String>,
}

impl From<Insight> for InsightRow {
    fn from(i: Insight) -> Self {
        InsightRow {
            id: i.id,
            title: i.title,
            statement: i.statement,
            need_count: i.need_ids.len() as u32,
            key_question_ids: i.key_question_ids,
            effect_goal_ids: i.effect_goal_ids,
            response: i.response,
            response_status: i.response_status,
            communicated_on: i.communicated_on,
        }
    }
}

/// A commitment as Uppföljning's list, Översikt's counts, the timeline and an insight's form
/// and trace show it: without its description and reason, its history (but when it was done)
/// and the needs, key questions and segments it answers, which only its form shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CommitmentRow {
    pub id: String,
    pub title: String,
    /// The staff member who answers for it.
    pub owner: String,
    /// `YYYY-MM-DD`
    pub due_date: Option<String>,
    pub status: CommitmentStatus,
    pub decision_id: Option<String>,
    /// The date of its latest `done` event, if any.
    pub done_on: Option<String>,
    pub insight_ids: Vec<String>,
}

impl From<Commitment> for CommitmentRow {
    fn from(c: Commitment) -> Self {
        CommitmentRow {
            done_on: c.done_on().map(str::to_string),
            id: c.id,
            title: c.title,
            owner: c.owner,
            due_date: c.due_date,
            status: c.status,
            decision_id: c.decision_id,
            insight_ids: c.insight_ids,
        }
    }
}

/// A dated activity as the timeline lays it out (in the core): no more than its marker and
/// label need.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineActivity {
    pub id: String,
    pub title: String,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, never blank.
    pub starts_at: String,
    pub status: ActivityStatus,
}
