//! The domain model, shaped exactly like interchange JSON version 2.
//!
//! These types are used for import/export, for the planning checks and (through their
//! generated TypeScript twins) across the IPC boundary.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use super::rows::{
    ActivityRow, CommitmentRow, DecisionRow, InsightRow, KeyQuestionRow, ProjectRows,
};

pub const FORMAT_NAME: &str = "medskapa-project";
pub const FORMAT_VERSION: u32 = 2;

/// A whole project as interchange JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Project {
    pub format: String,
    pub version: u32,
    pub project: ProjectInfo,
    pub effect_goals: Vec<EffectGoal>,
    pub segments: Vec<Segment>,
    pub tags: Vec<Tag>,
    pub decisions: Vec<Decision>,
    pub key_questions: Vec<KeyQuestion>,
    pub activities: Vec<Activity>,
    pub needs: Vec<Need>,
    pub insights: Vec<Insight>,
    /// What the project has promised residents (version 2).
    #[serde(default)]
    pub commitments: Vec<Commitment>,
}

impl Default for Project {
    fn default() -> Self {
        Project {
            format: FORMAT_NAME.into(),
            version: FORMAT_VERSION,
            project: ProjectInfo::default(),
            effect_goals: vec![],
            segments: vec![],
            tags: vec![],
            decisions: vec![],
            key_questions: vec![],
            activities: vec![],
            needs: vec![],
            insights: vec![],
            commitments: vec![],
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ProjectInfo {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// When a segment counts as underrepresented (version 2).
    #[serde(default)]
    pub representation: Representation,
}

/// The thresholds of the underrepresented-segment rule: a segment is underrepresented when
/// its share of the participants of the activities held within `within_days` is below
/// `min_ratio` times its share of the residents.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct Representation {
    #[serde(default = "default_min_ratio")]
    pub min_ratio: f64,
    #[serde(default = "default_within_days")]
    pub within_days: u32,
}

pub fn default_min_ratio() -> f64 {
    1.0 / 3.0
}

pub fn default_within_days() -> u32 {
    60
}

impl Default for Representation {
    fn default() -> Self {
        Representation {
            min_ratio: default_min_ratio(),
            within_days: default_within_days(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct EffectGoal {
    pub id: String,
    #[serde(default)]
    pub code: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Segment {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub priority: bool,
    /// How many residents the segment stands for (version 2).
    #[serde(default)]
    pub residents: Option<u32>,
    /// Where `residents` comes from ("SCB 2025").
    #[serde(default)]
    pub residents_source: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Tag {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub parent_id: Option<String>,
    #[serde(default = "default_color")]
    pub color: String,
    #[serde(default)]
    pub description: String,
}

pub fn default_color() -> String {
    "#3366aa".into()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
pub enum DecisionStatus {
    #[default]
    Planned,
    Decided,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Decision {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// `YYYY-MM-DD`
    #[serde(default)]
    pub decision_date: Option<String>,
    #[serde(default)]
    pub forum: String,
    #[serde(default)]
    pub status: DecisionStatus,
    #[serde(default)]
    pub outcome: String,
    /// Markdown summary written for the decision brief (Sammanfattning).
    #[serde(default)]
    pub brief_summary: String,
    /// Markdown proposal written for the decision brief (Förslag till beslut).
    #[serde(default)]
    pub brief_proposal: String,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum InfluenceLevel {
    #[default]
    Inform,
    Consult,
    Dialogue,
    Influence,
    Codetermine,
}

impl InfluenceLevel {
    pub const ALL: [InfluenceLevel; 5] = [
        InfluenceLevel::Inform,
        InfluenceLevel::Consult,
        InfluenceLevel::Dialogue,
        InfluenceLevel::Influence,
        InfluenceLevel::Codetermine,
    ];
    pub fn code(self) -> &'static str {
        match self {
            InfluenceLevel::Inform => "inform",
            InfluenceLevel::Consult => "consult",
            InfluenceLevel::Dialogue => "dialogue",
            InfluenceLevel::Influence => "influence",
            InfluenceLevel::Codetermine => "codetermine",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
pub enum QuestionStatus {
    #[default]
    Open,
    InProgress,
    Answered,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct KeyQuestion {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub decision_id: Option<String>,
    /// `YYYY-MM-DD`
    #[serde(default)]
    pub needed_by: Option<String>,
    #[serde(default)]
    pub influence_level: InfluenceLevel,
    #[serde(default)]
    pub open_to_influence: String,
    #[serde(default)]
    pub fixed: String,
    #[serde(default)]
    pub promise: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub status: QuestionStatus,
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub effect_goal_ids: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    #[default]
    Workshop,
    Popup,
    Survey,
    Interview,
    FocusGroup,
    Walk,
    Digital,
    Information,
    Other,
}

impl Method {
    pub const ALL: [Method; 9] = [
        Method::Workshop,
        Method::Popup,
        Method::Survey,
        Method::Interview,
        Method::FocusGroup,
        Method::Walk,
        Method::Digital,
        Method::Information,
        Method::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Method::Workshop => "workshop",
            Method::Popup => "popup",
            Method::Survey => "survey",
            Method::Interview => "interview",
            Method::FocusGroup => "focus_group",
            Method::Walk => "walk",
            Method::Digital => "digital",
            Method::Information => "information",
            Method::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    #[default]
    Planned,
    Held,
    ReportedBack,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Participants {
    pub segment_id: String,
    pub count: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Activity {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub method: Method,
    /// `YYYY-MM-DDTHH:MM`, or `YYYY-MM-DD` when only the day is known (the end too). A
    /// day alone sorts before every time of that day, and compares as that day.
    #[serde(default)]
    pub starts_at: Option<String>,
    #[serde(default)]
    pub ends_at: Option<String>,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub organisers: String,
    #[serde(default)]
    pub status: ActivityStatus,
    #[serde(default)]
    pub key_question_ids: Vec<String>,
    #[serde(default)]
    pub participants: Vec<Participants>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub feedback: String,
    #[serde(default)]
    pub feedback_given_on: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Need {
    pub id: String,
    pub statement: String,
    #[serde(default)]
    pub quote: String,
    #[serde(default)]
    pub activity_id: Option<String>,
    #[serde(default)]
    pub segment_ids: Vec<String>,
    #[serde(default)]
    pub tag_ids: Vec<String>,
    #[serde(default)]
    pub important: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
pub enum ResponseStatus {
    #[default]
    None,
    Proposed,
    Adopted,
    Rejected,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Insight {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub statement: String,
    #[serde(default)]
    pub need_ids: Vec<String>,
    #[serde(default)]
    pub key_question_ids: Vec<String>,
    #[serde(default)]
    pub effect_goal_ids: Vec<String>,
    #[serde(default)]
    pub response: String,
    #[serde(default)]
    pub response_status: ResponseStatus,
    #[serde(default)]
    pub communicated_on: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentStatus {
    #[default]
    Planned,
    InProgress,
    Done,
    Dropped,
}

impl CommitmentStatus {
    pub const ALL: [CommitmentStatus; 4] = [
        CommitmentStatus::Planned,
        CommitmentStatus::InProgress,
        CommitmentStatus::Done,
        CommitmentStatus::Dropped,
    ];
    pub fn code(self) -> &'static str {
        match self {
            CommitmentStatus::Planned => "planned",
            CommitmentStatus::InProgress => "in_progress",
            CommitmentStatus::Done => "done",
            CommitmentStatus::Dropped => "dropped",
        }
    }
    pub fn from_code(code: &str) -> Option<CommitmentStatus> {
        CommitmentStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// One change of a commitment's status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct CommitmentEvent {
    /// `YYYY-MM-DD`
    pub on: String,
    pub status: CommitmentStatus,
    #[serde(default)]
    pub note: String,
}

/// What the project has promised residents ("vi gör"), followed up after the decision.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Commitment {
    pub id: String,
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub description: String,
    /// The staff member who answers for it.
    #[serde(default)]
    pub owner: String,
    /// `YYYY-MM-DD`
    #[serde(default)]
    pub due_date: Option<String>,
    #[serde(default)]
    pub status: CommitmentStatus,
    /// Why it was dropped.
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub decision_id: Option<String>,
    /// The status changes, oldest first.
    #[serde(default)]
    pub history: Vec<CommitmentEvent>,
    #[serde(default)]
    pub insight_ids: Vec<String>,
    #[serde(default)]
    pub need_ids: Vec<String>,
    #[serde(default)]
    pub key_question_ids: Vec<String>,
    #[serde(default)]
    pub segment_ids: Vec<String>,
}

impl Commitment {
    /// The date of the latest `done` event, if any.
    pub fn done_on(&self) -> Option<&str> {
        self.history
            .iter()
            .rev()
            .find(|e| e.status == CommitmentStatus::Done)
            .map(|e| e.on.as_str())
    }
}

/// `c` with its status set to `status` on `on` (`YYYY-MM-DD`): an event appended to its
/// history. A note given when dropping it is its reason, unless it has one.
pub fn set_commitment_status(
    c: &Commitment,
    status: CommitmentStatus,
    on: &str,
    note: &str,
) -> Commitment {
    let mut c = c.clone();
    let note = note.trim();
    c.history.push(CommitmentEvent {
        on: on.trim().to_string(),
        status,
        note: note.to_string(),
    });
    c.status = status;
    if status == CommitmentStatus::Dropped && c.reason.trim().is_empty() {
        c.reason = note.to_string();
    }
    c
}

/// A new, planned commitment that answers insight `insight_id` of `p`, made `today`: its
/// title the first line of the insight's response (or the insight's title), its
/// description the response; linked to the insight, its needs and key questions, the
/// decision those questions share (if they share one) and the segments of its needs (as
/// far as `p` holds them). `None` when `p` has no such insight.
pub fn commitment_from_insight(p: &Project, insight_id: &str, today: &str) -> Option<Commitment> {
    let ins = p.insights.iter().find(|i| i.id == insight_id)?;
    let first_line = ins
        .response
        .lines()
        .map(|l| {
            l.trim()
                .trim_start_matches(['#', '-', '*', '>', ' '])
                .trim()
        })
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let title: String = if first_line.is_empty() {
        ins.title.trim().to_string()
    } else {
        first_line
            .chars()
            .take(crate::domain::validate::MAX_TITLE)
            .collect()
    };
    let mut decisions: Vec<&str> = p
        .key_questions
        .iter()
        .filter(|q| ins.key_question_ids.contains(&q.id))
        .filter_map(|q| q.decision_id.as_deref())
        .collect();
    decisions.sort_unstable();
    decisions.dedup();
    let decision_id = match decisions.as_slice() {
        [one] => Some(one.to_string()),
        _ => None,
    };
    let mut segment_ids: Vec<String> = p
        .needs
        .iter()
        .filter(|n| ins.need_ids.contains(&n.id))
        .flat_map(|n| n.segment_ids.iter().cloned())
        .collect();
    segment_ids.sort();
    segment_ids.dedup();
    Some(Commitment {
        id: String::new(),
        title,
        description: ins.response.trim().to_string(),
        status: CommitmentStatus::Planned,
        decision_id,
        history: vec![CommitmentEvent {
            on: today.to_string(),
            status: CommitmentStatus::Planned,
            note: String::new(),
        }],
        insight_ids: vec![ins.id.clone()],
        need_ids: ins.need_ids.clone(),
        key_question_ids: ins.key_question_ids.clone(),
        segment_ids,
        ..Commitment::default()
    })
}

impl Project {
    /// Where a brief for `target` finds its needs: the ids of the activities that inform
    /// its key questions (a decision's, or the one question), and of the needs its
    /// insights cite.
    pub fn brief_sources(&self, target: &BriefTarget) -> (Vec<String>, Vec<String>) {
        let questions: std::collections::HashSet<&str> = match target {
            BriefTarget::Decision(d) => self
                .key_questions
                .iter()
                .filter(|q| q.decision_id.as_deref() == Some(d.as_str()))
                .map(|q| q.id.as_str())
                .collect(),
            BriefTarget::Question(q) => std::iter::once(q.as_str()).collect(),
        };
        let asks = |ids: &[String]| ids.iter().any(|k| questions.contains(k.as_str()));
        let activities = self
            .activities
            .iter()
            .filter(|a| asks(&a.key_question_ids))
            .map(|a| a.id.clone())
            .collect();
        let cited = self
            .insights
            .iter()
            .filter(|i| asks(&i.key_question_ids))
            .flat_map(|i| i.need_ids.iter().cloned())
            .collect();
        (activities, cited)
    }

    /// Sort everything into the canonical order used by `export`.
    pub fn canonicalize(&mut self) {
        self.effect_goals.sort_by(|a, b| a.id.cmp(&b.id));
        self.segments.sort_by(|a, b| a.id.cmp(&b.id));
        self.tags.sort_by(|a, b| a.id.cmp(&b.id));
        self.decisions.sort_by(|a, b| a.id.cmp(&b.id));
        self.key_questions.sort_by(|a, b| a.id.cmp(&b.id));
        for q in &mut self.key_questions {
            q.effect_goal_ids.sort();
        }
        self.activities.sort_by(|a, b| a.id.cmp(&b.id));
        for a in &mut self.activities {
            a.key_question_ids.sort();
            a.participants
                .sort_by(|x, y| x.segment_id.cmp(&y.segment_id));
        }
        self.needs.sort_by(|a, b| a.id.cmp(&b.id));
        for n in &mut self.needs {
            n.segment_ids.sort();
            n.tag_ids.sort();
        }
        self.insights.sort_by(|a, b| a.id.cmp(&b.id));
        for i in &mut self.insights {
            i.need_ids.sort();
            i.key_question_ids.sort();
            i.effect_goal_ids.sort();
        }
        self.commitments.sort_by(|a, b| a.id.cmp(&b.id));
        for c in &mut self.commitments {
            c.insight_ids.sort();
            c.need_ids.sort();
            c.key_question_ids.sort();
            c.segment_ids.sort();
        }
    }
}

/// What a decision brief is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BriefTarget {
    /// A decision and all its key questions.
    Decision(String),
    /// One key question.
    Question(String),
}

/// What to do with key questions that point to a decision being deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum QuestionsOnDelete {
    /// Keep the questions, without a decision.
    Unlink,
    /// Delete the questions too.
    Delete,
}

/// How many participants and needs use a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SegmentUsage {
    pub participants: u32,
    pub activities: u32,
    pub needs: u32,
}

/// How many participants and needs use each segment that is used at all: the list of
/// target groups shows these, read in one query each instead of from every activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SegmentUse {
    pub segment_id: String,
    pub participants: u32,
    pub activities: u32,
    pub needs: u32,
}
