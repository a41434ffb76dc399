//! The decision brief (beslutsunderlag): what a manager or politician reads before a
//! decision.
//!
//! [`build_brief`] gathers everything from the project into a plain [`BriefModel`];
//! [`render_pdf`] and [`render_html`] present the same model as a PDF and as an HTML
//! preview.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::checks::{parse_date, Severity, Subject, Warning, WarningCode};
use crate::domain::model::*;
pub use crate::domain::model::BriefTarget;
pub use crate::support::lang::{long_date, Lang};
use crate::pdf::{self, Block, Column, NoticeKind, ParaStyle, Span};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BriefError {
    #[error("unknown decision \"{0}\"")]
    UnknownDecision(String),
    #[error("unknown question \"{0}\"")]
    UnknownQuestion(String),
    #[error("unknown activity \"{0}\"")]
    UnknownActivity(String),
}

// ---------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------

/// A label and its value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// A piece of running text with one style.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inline {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

impl Inline {
    pub fn plain(t: impl Into<String>) -> Inline {
        Inline {
            text: t.into(),
            bold: false,
            italic: false,
        }
    }
    pub fn bold(t: impl Into<String>) -> Inline {
        Inline {
            text: t.into(),
            bold: true,
            italic: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableData {
    pub columns: Vec<String>,
    /// Relative column widths.
    pub weights: Vec<f32>,
    /// Right-aligned (numeric) columns.
    pub numeric: Vec<bool>,
    /// Cells are plain text; `\n` starts a new line inside a cell.
    pub rows: Vec<Vec<String>>,
    pub total: Option<Vec<String>>,
    /// Smaller type (appendix).
    pub compact: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartBar {
    pub label: String,
    pub value: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartData {
    pub caption: String,
    pub bars: Vec<ChartBar>,
}

/// One element of a section.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Content {
    Text {
        inlines: Vec<Inline>,
    },
    Note {
        text: String,
    },
    /// Markdown written by the project group.
    Markdown {
        source: String,
    },
    Facts {
        facts: Vec<Fact>,
    },
    Bullets {
        items: Vec<Vec<Inline>>,
    },
    Table {
        table: TableData,
    },
    Chart {
        chart: ChartData,
    },
    Quote {
        text: String,
        source: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// 1 = main section, 2 = subsection, 3 = minor heading.
    pub level: u8,
    pub title: String,
    pub page_break_before: bool,
    pub content: Vec<Content>,
}

/// A planning warning as shown in the brief.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BriefWarning {
    pub severity: Severity,
    pub label: String,
    pub code: WarningCode,
    pub message: String,
}

/// The whole brief as plain data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BriefModel {
    pub lang: Lang,
    pub project_name: String,
    /// "Beslutsunderlag".
    pub kind: String,
    /// The decision's (or key question's) title.
    pub title: String,
    /// The decision's description.
    pub lead: String,
    pub facts: Vec<Fact>,
    pub generated_on: NaiveDate,
    /// "Underlag framtaget 29 november 2026".
    pub generated_line: String,
    pub warnings_title: String,
    pub warnings_intro: String,
    pub warnings: Vec<BriefWarning>,
    pub sections: Vec<Section>,
    /// "Sida {n} av {m}".
    pub page_label: String,
}

// ---------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------

pub(crate) struct Words {
    pub kind: &'static str,
    pub kind_question: &'static str,
    pub forum: &'static str,
    pub decision_date: &'static str,
    pub decision: &'static str,
    pub status: &'static str,
    pub outcome: &'static str,
    pub generated: &'static str,
    pub key_questions: &'static str,
    pub warnings_title: &'static str,
    pub summary: &'static str,
    pub no_summary: &'static str,
    pub question: &'static str,
    pub what_know: &'static str,
    pub when: &'static str,
    pub influence: &'static str,
    pub dialogue: &'static str,
    pub said: &'static str,
    pub insights: &'static str,
    pub we_do: &'static str,
    pub proposal: &'static str,
    pub no_proposal: &'static str,
    pub appendix: &'static str,
    pub owner: &'static str,
    pub answer: &'static str,
    pub no_description: &'static str,
    pub needed_by: &'static str,
    pub not_set: &'static str,
    pub level: &'static str,
    pub open_to: &'static str,
    pub fixed: &'static str,
    pub promise: &'static str,
    pub col_activity: &'static str,
    pub col_date: &'static str,
    pub col_method: &'static str,
    pub col_participants: &'static str,
    pub col_total: &'static str,
    pub planned: &'static str,
    pub no_activities: &'static str,
    pub not_reached: &'static str,
    pub all_reached: &'static str,
    pub chart_caption: &'static str,
    pub untagged: &'static str,
    pub examples: &'static str,
    pub no_needs: &'static str,
    pub no_insights: &'static str,
    pub col_insight: &'static str,
    pub col_response: &'static str,
    pub col_told: &'static str,
    pub told_no: &'static str,
    pub col_need: &'static str,
    pub col_quote: &'static str,
    pub col_tags: &'static str,
    pub no_related_needs: &'static str,
    pub page_label: &'static str,
    // Feedback sheet
    pub fb_title: &'static str,
    pub fb_thanks: &'static str,
    pub fb_asked: &'static str,
    pub fb_said: &'static str,
    pub fb_do: &'static str,
    pub fb_next: &'static str,
    pub fb_nothing_yet: &'static str,
    pub fb_no_next: &'static str,
    pub fb_no_needs: &'static str,
    pub fb_no_questions: &'static str,
    pub fb_decided: &'static str,
    pub fb_proposed: &'static str,
    pub fb_rejected: &'static str,
    pub fb_contact: &'static str,
}

const SV: Words = Words {
    kind: "Beslutsunderlag",
    kind_question: "Beslutsunderlag – nyckelfråga",
    forum: "Forum",
    decision_date: "Beslutsdatum",
    decision: "Beslut",
    status: "Status",
    outcome: "Utfall",
    generated: "Underlag framtaget",
    key_questions: "Nyckelfrågor",
    warnings_title: "Öppna planeringsvarningar",
    summary: "Sammanfattning",
    no_summary: "Ingen sammanfattning har skrivits ännu.",
    question: "Nyckelfråga",
    what_know: "Vad behövde vi veta",
    when: "När",
    influence: "Vad kunde invånarna påverka",
    dialogue: "Genomförd dialog",
    said: "Vad invånarna sa",
    insights: "Insikter",
    we_do: "Vi gör",
    proposal: "Förslag till beslut",
    no_proposal: "Inget förslag till beslut har skrivits ännu.",
    appendix: "Bilaga: alla behov",
    owner: "Ansvarig",
    answer: "Svar",
    no_description: "Ingen beskrivning.",
    needed_by: "Behövs senast",
    not_set: "ej angivet",
    level: "Delaktighetsnivå",
    open_to: "Öppet för påverkan",
    fixed: "Redan bestämt",
    promise: "Löfte till invånarna",
    col_activity: "Aktivitet",
    col_date: "Datum",
    col_method: "Metod",
    col_participants: "Deltagare per målgrupp",
    col_total: "Totalt",
    planned: "planerad",
    no_activities: "Ingen dialogaktivitet är kopplad till frågan.",
    not_reached: "Prioriterade målgrupper som inte nåddes: ",
    all_reached: "Alla prioriterade målgrupper nåddes.",
    chart_caption: "Behov per tema",
    untagged: "Utan tagg",
    examples: "Exempel på behov:",
    no_needs: "Inga behov är registrerade från aktiviteterna ännu.",
    no_insights: "Inga insikter är kopplade till frågan ännu.",
    col_insight: "Insikt",
    col_response: "Vi gör",
    col_told: "Återkopplat",
    told_no: "Nej, inte ännu",
    col_need: "Behov",
    col_quote: "Citat",
    col_tags: "Taggar",
    no_related_needs: "Inga behov hör till underlaget.",
    page_label: "Sida {n} av {m}",
    fb_title: "Ni sa – vi gör",
    fb_thanks: "Tack för att ni var med! Här berättar vi vad vi hörde och vad som händer nu.",
    fb_asked: "Det här frågade vi",
    fb_said: "Det här sa ni",
    fb_do: "Det här gör vi",
    fb_next: "Så här går det vidare",
    fb_nothing_yet: "Vi arbetar fortfarande med det ni sa. Vi berättar när vi vet mer.",
    fb_no_next: "Vi återkommer när nästa steg är bestämt.",
    fb_no_needs: "Vi sammanställer fortfarande det ni sa.",
    fb_no_questions: "Vi ville höra vad ni tycker om det nya stadsbiblioteket.",
    fb_decided: "Beslutat: ",
    fb_proposed: "Förslag: ",
    fb_rejected: "Det gör vi inte: ",
    fb_contact: "Ansvariga för dialogen: ",
};

const EN: Words = Words {
    kind: "Decision brief",
    kind_question: "Decision brief – key question",
    forum: "Forum",
    decision_date: "Decision date",
    decision: "Decision",
    status: "Status",
    outcome: "Outcome",
    generated: "Brief prepared",
    key_questions: "Key questions",
    warnings_title: "Open planning warnings",
    summary: "Summary",
    no_summary: "No summary has been written yet.",
    question: "Key question",
    what_know: "What did we need to know",
    when: "When",
    influence: "What could residents influence",
    dialogue: "Dialogue held",
    said: "What residents said",
    insights: "Insights",
    we_do: "What we do",
    proposal: "Proposed decision",
    no_proposal: "No proposed decision has been written yet.",
    appendix: "Appendix: all needs",
    owner: "Owner",
    answer: "Answer",
    no_description: "No description.",
    needed_by: "Needed by",
    not_set: "not set",
    level: "Participation level",
    open_to: "Open to influence",
    fixed: "Already fixed",
    promise: "Promise to residents",
    col_activity: "Activity",
    col_date: "Date",
    col_method: "Method",
    col_participants: "Participants by group",
    col_total: "Total",
    planned: "planned",
    no_activities: "No dialogue activity is linked to this question.",
    not_reached: "Priority groups not reached: ",
    all_reached: "All priority groups were reached.",
    chart_caption: "Needs per theme",
    untagged: "Untagged",
    examples: "Examples of needs:",
    no_needs: "No needs have been recorded from the activities yet.",
    no_insights: "No insights are linked to this question yet.",
    col_insight: "Insight",
    col_response: "What we do",
    col_told: "Told back",
    told_no: "Not yet",
    col_need: "Need",
    col_quote: "Quote",
    col_tags: "Tags",
    no_related_needs: "No needs belong to this brief.",
    page_label: "Page {n} of {m}",
    fb_title: "You said – we do",
    fb_thanks: "Thank you for taking part! Here is what we heard and what happens next.",
    fb_asked: "What we asked",
    fb_said: "What you said",
    fb_do: "What we do",
    fb_next: "What happens next",
    fb_nothing_yet:
        "We are still working with what you told us. We will let you know when we know more.",
    fb_no_next: "We will get back to you when the next step is set.",
    fb_no_needs: "We are still putting together what you told us.",
    fb_no_questions: "We wanted to hear what you think about the new city library.",
    fb_decided: "Decided: ",
    fb_proposed: "Proposed: ",
    fb_rejected: "We will not do this: ",
    fb_contact: "Organised by: ",
};

pub(crate) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

/// A stored date (or date-time) in long style; the raw text when it does not parse.
pub(crate) fn show_date(lang: Lang, s: Option<&str>) -> String {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => words(lang).not_set.to_string(),
        Some(s) => parse_date(s)
            .map(|d| long_date(lang, d))
            .unwrap_or_else(|| s.to_string()),
    }
}

pub(crate) fn method_name(lang: Lang, m: Method) -> &'static str {
    match (lang, m) {
        (Lang::Sv, Method::Workshop) => "Workshop",
        (Lang::Sv, Method::Popup) => "Pop-up",
        (Lang::Sv, Method::Survey) => "Enkät",
        (Lang::Sv, Method::Interview) => "Intervju",
        (Lang::Sv, Method::FocusGroup) => "Fokusgrupp",
        (Lang::Sv, Method::Walk) => "Promenad",
        (Lang::Sv, Method::Digital) => "Digital dialog",
        (Lang::Sv, Method::Information) => "Information",
        (Lang::Sv, Method::Other) => "Annat",
        (Lang::En, Method::Workshop) => "Workshop",
        (Lang::En, Method::Popup) => "Pop-up",
        (Lang::En, Method::Survey) => "Survey",
        (Lang::En, Method::Interview) => "Interview",
        (Lang::En, Method::FocusGroup) => "Focus group",
        (Lang::En, Method::Walk) => "Walk",
        (Lang::En, Method::Digital) => "Digital dialogue",
        (Lang::En, Method::Information) => "Information",
        (Lang::En, Method::Other) => "Other",
    }
}

/// Name of a step on the participation ladder and what it means, in one line.
pub fn influence_text(lang: Lang, l: InfluenceLevel) -> (&'static str, &'static str) {
    match (lang, l) {
        (Lang::Sv, InfluenceLevel::Inform) => (
            "Information",
            "invånarna får veta vad som händer och varför, men kan inte påverka beslutet.",
        ),
        (Lang::Sv, InfluenceLevel::Consult) => (
            "Konsultation",
            "invånarna tycker till om förslag, och synpunkterna vägs in i beslutet.",
        ),
        (Lang::Sv, InfluenceLevel::Dialogue) => (
            "Dialog",
            "invånare och projekt samtalar och utvecklar frågan tillsammans.",
        ),
        (Lang::Sv, InfluenceLevel::Influence) => (
            "Inflytande",
            "invånarna är med och tar fram de förslag som beslutet bygger på.",
        ),
        (Lang::Sv, InfluenceLevel::Codetermine) => (
            "Medbestämmande",
            "invånarna är med och fattar beslutet, helt eller delvis.",
        ),
        (Lang::En, InfluenceLevel::Inform) => (
            "Information",
            "residents are told what happens and why, but cannot change the decision.",
        ),
        (Lang::En, InfluenceLevel::Consult) => (
            "Consultation",
            "residents comment on proposals, and their views are weighed in the decision.",
        ),
        (Lang::En, InfluenceLevel::Dialogue) => (
            "Dialogue",
            "residents and the project discuss and develop the question together.",
        ),
        (Lang::En, InfluenceLevel::Influence) => (
            "Influence",
            "residents help develop the proposals the decision is based on.",
        ),
        (Lang::En, InfluenceLevel::Codetermine) => (
            "Co-decision",
            "residents take part in making the decision, in whole or in part.",
        ),
    }
}

fn question_status(lang: Lang, s: QuestionStatus) -> &'static str {
    match (lang, s) {
        (Lang::Sv, QuestionStatus::Open) => "Öppen",
        (Lang::Sv, QuestionStatus::InProgress) => "Pågår",
        (Lang::Sv, QuestionStatus::Answered) => "Besvarad",
        (Lang::En, QuestionStatus::Open) => "Open",
        (Lang::En, QuestionStatus::InProgress) => "In progress",
        (Lang::En, QuestionStatus::Answered) => "Answered",
    }
}

fn decision_status(lang: Lang, s: DecisionStatus) -> &'static str {
    match (lang, s) {
        (Lang::Sv, DecisionStatus::Planned) => "Planerat",
        (Lang::Sv, DecisionStatus::Decided) => "Fattat",
        (Lang::En, DecisionStatus::Planned) => "Planned",
        (Lang::En, DecisionStatus::Decided) => "Decided",
    }
}

fn response_status(lang: Lang, s: ResponseStatus) -> &'static str {
    match (lang, s) {
        (Lang::Sv, ResponseStatus::None) => "Inget svar ännu",
        (Lang::Sv, ResponseStatus::Proposed) => "Föreslås",
        (Lang::Sv, ResponseStatus::Adopted) => "Beslutat",
        (Lang::Sv, ResponseStatus::Rejected) => "Avslaget",
        (Lang::En, ResponseStatus::None) => "No response yet",
        (Lang::En, ResponseStatus::Proposed) => "Proposed",
        (Lang::En, ResponseStatus::Adopted) => "Adopted",
        (Lang::En, ResponseStatus::Rejected) => "Rejected",
    }
}

fn severity_label(lang: Lang, s: Severity) -> &'static str {
    match (lang, s) {
        (Lang::Sv, Severity::Error) => "Fel",
        (Lang::Sv, Severity::Warning) => "Varning",
        (Lang::Sv, Severity::Info) => "Info",
        (Lang::En, Severity::Error) => "Error",
        (Lang::En, Severity::Warning) => "Warning",
        (Lang::En, Severity::Info) => "Note",
    }
}

pub(crate) fn count_needs(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Sv => format!("{n} behov"),
        Lang::En if n == 1 => "1 need".into(),
        Lang::En => format!("{n} needs"),
    }
}

fn count_activities(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::Sv, 1) => "1 aktivitet".into(),
        (Lang::Sv, n) => format!("{n} aktiviteter"),
        (Lang::En, 1) => "1 activity".into(),
        (Lang::En, n) => format!("{n} activities"),
    }
}

pub(crate) fn and_more(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Sv => format!("… och {n} till"),
        Lang::En => format!("… and {n} more"),
    }
}

/// Split plain text into paragraphs at blank lines.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

// ---------------------------------------------------------------------------
// Project index
// ---------------------------------------------------------------------------

pub(crate) struct Index<'a> {
    pub p: &'a Project,
    pub tags: HashMap<&'a str, &'a Tag>,
    pub segments: HashMap<&'a str, &'a Segment>,
    pub activities: HashMap<&'a str, &'a Activity>,
    pub decisions: HashMap<&'a str, &'a Decision>,
    pub needs: HashMap<&'a str, &'a Need>,
    pub needs_by_activity: HashMap<&'a str, Vec<&'a Need>>,
}

impl<'a> Index<'a> {
    pub fn new(p: &'a Project) -> Index<'a> {
        let mut needs_by_activity: HashMap<&str, Vec<&Need>> = HashMap::new();
        for n in &p.needs {
            if let Some(a) = n.activity_id.as_deref() {
                needs_by_activity.entry(a).or_default().push(n);
            }
        }
        Index {
            p,
            tags: p.tags.iter().map(|t| (t.id.as_str(), t)).collect(),
            segments: p.segments.iter().map(|s| (s.id.as_str(), s)).collect(),
            activities: p.activities.iter().map(|a| (a.id.as_str(), a)).collect(),
            decisions: p.decisions.iter().map(|d| (d.id.as_str(), d)).collect(),
            needs: p.needs.iter().map(|n| (n.id.as_str(), n)).collect(),
            needs_by_activity,
        }
    }

    /// The top-level ancestor of a tag (the tag itself when it has no parent).
    pub fn top_tag(&self, id: &'a str) -> Option<&'a Tag> {
        let mut cur = *self.tags.get(id)?;
        let mut seen = HashSet::new();
        while let Some(parent) = cur.parent_id.as_deref() {
            if !seen.insert(cur.id.as_str()) {
                break;
            }
            match self.tags.get(parent) {
                Some(t) => cur = t,
                None => break,
            }
        }
        Some(cur)
    }

    pub fn tag_name(&self, id: &str) -> String {
        self.tags
            .get(id)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    pub fn segment_name(&self, id: &str) -> String {
        self.segments
            .get(id)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// Activities linked to a key question, by date then title.
    pub fn activities_of(&self, qid: &str) -> Vec<&'a Activity> {
        let mut v: Vec<&Activity> = self
            .p
            .activities
            .iter()
            .filter(|a| a.key_question_ids.iter().any(|k| k == qid))
            .collect();
        v.sort_by_key(|a| activity_order(a));
        v
    }

    /// Needs heard in the given activities, in activity order.
    pub fn needs_of(&self, acts: &[&'a Activity]) -> Vec<&'a Need> {
        let mut out = Vec::new();
        for a in acts {
            if let Some(v) = self.needs_by_activity.get(a.id.as_str()) {
                let mut v = v.clone();
                v.sort_by(|x, y| x.id.cmp(&y.id));
                out.extend(v);
            }
        }
        out
    }

    pub fn activity_title(&self, id: Option<&str>) -> String {
        id.and_then(|i| self.activities.get(i))
            .map(|a| a.title.clone())
            .unwrap_or_default()
    }
}

fn activity_order(a: &Activity) -> (String, String, String) {
    (
        a.starts_at.clone().unwrap_or_else(|| "9999".into()),
        a.title.clone(),
        a.id.clone(),
    )
}

/// Needs grouped by top-level tag: (tag name, needs), the largest group first, needs
/// without a tag last.
pub(crate) fn group_by_theme<'a>(
    ix: &Index<'a>,
    lang: Lang,
    needs: &[&'a Need],
) -> Vec<(String, Vec<&'a Need>)> {
    let mut groups: BTreeMap<&str, (String, Vec<&Need>)> = BTreeMap::new();
    let mut untagged = Vec::new();
    for n in needs {
        let mut tops: BTreeSet<&str> = BTreeSet::new();
        for t in &n.tag_ids {
            match ix.top_tag(t) {
                Some(top) => {
                    tops.insert(top.id.as_str());
                }
                None => {
                    tops.insert(t.as_str());
                }
            }
        }
        if tops.is_empty() {
            untagged.push(*n);
        }
        for t in tops {
            groups
                .entry(t)
                .or_insert_with(|| (ix.tag_name(t), Vec::new()))
                .1
                .push(*n);
        }
    }
    let mut out: Vec<(String, Vec<&Need>)> = groups.into_values().collect();
    out.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    if !untagged.is_empty() {
        out.push((words(lang).untagged.to_string(), untagged));
    }
    out
}

/// Needs ordered for quoting: important first, then those with a quote, then by id.
pub(crate) fn quote_order(needs: &mut [&Need]) {
    needs.sort_by(|a, b| {
        b.important
            .cmp(&a.important)
            .then_with(|| a.quote.trim().is_empty().cmp(&b.quote.trim().is_empty()))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// A quotation with the language's quotation marks (”…” in Swedish, “…” in English).
pub(crate) fn quoted(lang: Lang, q: &str) -> String {
    let q = q
        .trim()
        .trim_matches(|c| c == '"' || c == '”' || c == '“' || c == '»' || c == '«');
    match lang {
        Lang::Sv => format!("”{q}”"),
        Lang::En => format!("“{q}”"),
    }
}

// ---------------------------------------------------------------------------
// Building the brief
// ---------------------------------------------------------------------------

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
    ladder: &[crate::domain::ladder::LadderLevel],
) -> Result<BriefModel, BriefError> {
    let w = words(lang);
    let ix = Index::new(project);

    let (decision, questions, kind, title): (Option<&Decision>, Vec<&KeyQuestion>, &str, String) =
        match target {
            BriefTarget::Decision(id) => {
                let d = project
                    .decisions
                    .iter()
                    .find(|d| &d.id == id)
                    .ok_or_else(|| BriefError::UnknownDecision(id.clone()))?;
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
                (Some(d), qs, w.kind, d.title.clone())
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
                (d, vec![q], w.kind_question, q.title.clone())
            }
        };

    // Everything the brief is about, for picking warnings and the appendix.
    let qids: HashSet<&str> = questions.iter().map(|q| q.id.as_str()).collect();
    let mut act_ids: HashSet<&str> = HashSet::new();
    let mut all_acts: Vec<&Activity> = Vec::new();
    for q in &questions {
        for a in ix.activities_of(&q.id) {
            if act_ids.insert(a.id.as_str()) {
                all_acts.push(a);
            }
        }
    }
    all_acts.sort_by_key(|a| activity_order(a));
    let insights: Vec<&Insight> = project
        .insights
        .iter()
        .filter(|i| i.key_question_ids.iter().any(|k| qids.contains(k.as_str())))
        .collect();
    let insight_ids: HashSet<&str> = insights.iter().map(|i| i.id.as_str()).collect();

    let mut picked: Vec<&Warning> = warnings
        .iter()
        .filter(|wn| match wn.subject {
            Subject::Decision => decision.is_some_and(|d| d.id == wn.id),
            Subject::KeyQuestion => qids.contains(wn.id.as_str()),
            Subject::Activity => act_ids.contains(wn.id.as_str()),
            Subject::Insight => insight_ids.contains(wn.id.as_str()),
            Subject::Segment | Subject::Project => false,
        })
        .collect();
    picked.sort_by_key(|wn| wn.severity);
    let brief_warnings: Vec<BriefWarning> = picked
        .iter()
        .map(|wn| BriefWarning {
            severity: wn.severity,
            label: severity_label(lang, wn.severity).to_string(),
            code: wn.code,
            message: wn.message.clone(),
        })
        .collect();
    let warnings_intro = match (lang, brief_warnings.len()) {
        (_, 0) => String::new(),
        (Lang::Sv, 1) => {
            "Det finns en öppen planeringsvarning för det här underlaget. Se över den innan beslutet fattas.".into()
        }
        (Lang::Sv, n) => format!(
            "Det finns {n} öppna planeringsvarningar för det här underlaget. Se över dem innan beslutet fattas."
        ),
        (Lang::En, 1) => {
            "There is one open planning warning for this brief. Review it before the decision is taken.".into()
        }
        (Lang::En, n) => format!(
            "There are {n} open planning warnings for this brief. Review them before the decision is taken."
        ),
    };

    // Title block facts.
    let mut facts = Vec::new();
    if let (BriefTarget::Question(_), Some(d)) = (target, decision) {
        facts.push(Fact {
            label: w.decision.into(),
            value: d.title.clone(),
        });
    }
    if let Some(d) = decision {
        if !d.forum.trim().is_empty() {
            facts.push(Fact {
                label: w.forum.into(),
                value: d.forum.clone(),
            });
        }
        facts.push(Fact {
            label: w.decision_date.into(),
            value: show_date(lang, d.decision_date.as_deref()),
        });
        facts.push(Fact {
            label: w.status.into(),
            value: decision_status(lang, d.status).into(),
        });
        if d.status == DecisionStatus::Decided && !d.outcome.trim().is_empty() {
            facts.push(Fact {
                label: w.outcome.into(),
                value: d.outcome.trim().to_string(),
            });
        }
    }
    if matches!(target, BriefTarget::Decision(_)) {
        let list = if questions.is_empty() {
            "–".to_string()
        } else {
            questions
                .iter()
                .map(|q| q.title.clone())
                .collect::<Vec<_>>()
                .join("\n")
        };
        facts.push(Fact {
            label: w.key_questions.into(),
            value: list,
        });
    }

    let mut sections = Vec::new();

    // Sammanfattning
    if let Some(d) = decision {
        sections.push(Section {
            level: 1,
            title: w.summary.into(),
            page_break_before: false,
            content: vec![if d.brief_summary.trim().is_empty() {
                Content::Note {
                    text: w.no_summary.into(),
                }
            } else {
                Content::Markdown {
                    source: d.brief_summary.clone(),
                }
            }],
        });
    }

    let many = questions.len() > 1;
    for (qi, q) in questions.iter().enumerate() {
        let acts = ix.activities_of(&q.id);
        let heading = if many {
            format!("{} {}: {}", w.question, qi + 1, q.title)
        } else {
            format!("{}: {}", w.question, q.title)
        };
        sections.push(Section {
            level: 1,
            title: heading,
            page_break_before: false,
            content: Vec::new(),
        });
        question_sections(
            &ix,
            lang,
            q,
            decision,
            &acts,
            project,
            ladder,
            &mut sections,
        );
    }

    // Förslag till beslut
    if let Some(d) = decision {
        sections.push(Section {
            level: 1,
            title: w.proposal.into(),
            page_break_before: false,
            content: vec![if d.brief_proposal.trim().is_empty() {
                Content::Note {
                    text: w.no_proposal.into(),
                }
            } else {
                Content::Markdown {
                    source: d.brief_proposal.clone(),
                }
            }],
        });
    }

    // Bilaga: alla behov — needs from the activities, plus needs the insights cite.
    let mut related: Vec<&Need> = ix.needs_of(&all_acts);
    let mut seen: HashSet<&str> = related.iter().map(|n| n.id.as_str()).collect();
    let mut cited: Vec<&Need> = insights
        .iter()
        .flat_map(|i| i.need_ids.iter())
        .filter_map(|id| ix.needs.get(id.as_str()).copied())
        .filter(|n| seen.insert(n.id.as_str()))
        .collect();
    cited.sort_by(|a, b| a.id.cmp(&b.id));
    related.extend(cited);
    let appendix = if related.is_empty() {
        vec![Content::Note {
            text: w.no_related_needs.into(),
        }]
    } else {
        let rows = related
            .iter()
            .map(|n| {
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
            })
            .collect();
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
    sections.push(Section {
        level: 1,
        title: w.appendix.into(),
        page_break_before: true,
        content: appendix,
    });

    let lead = match target {
        BriefTarget::Decision(_) => decision.map(|d| d.description.clone()).unwrap_or_default(),
        BriefTarget::Question(_) => String::new(),
    };

    Ok(BriefModel {
        lang,
        project_name: project.project.name.clone(),
        kind: kind.to_string(),
        title,
        lead,
        facts,
        generated_on: today,
        generated_line: format!("{} {}", w.generated, long_date(lang, today)),
        warnings_title: w.warnings_title.into(),
        warnings_intro,
        warnings: brief_warnings,
        sections,
        page_label: w.page_label.into(),
    })
}

#[allow(clippy::too_many_arguments)]
fn question_sections(
    ix: &Index,
    lang: Lang,
    q: &KeyQuestion,
    decision: Option<&Decision>,
    acts: &[&Activity],
    project: &Project,
    ladder: &[crate::domain::ladder::LadderLevel],
    out: &mut Vec<Section>,
) {
    let w = words(lang);
    let sub = |title: &str, content: Vec<Content>| Section {
        level: 2,
        title: title.to_string(),
        page_break_before: false,
        content,
    };

    // Vad behövde vi veta
    let mut c: Vec<Content> = paragraphs(&q.description)
        .into_iter()
        .map(|p| Content::Text {
            inlines: vec![Inline::plain(p)],
        })
        .collect();
    if c.is_empty() {
        c.push(Content::Note {
            text: w.no_description.into(),
        });
    }
    let mut facts = vec![Fact {
        label: w.status.into(),
        value: question_status(lang, q.status).into(),
    }];
    if !q.owner.trim().is_empty() {
        facts.push(Fact {
            label: w.owner.into(),
            value: q.owner.clone(),
        });
    }
    if !q.answer.trim().is_empty() {
        facts.push(Fact {
            label: w.answer.into(),
            value: q.answer.clone(),
        });
    }
    c.push(Content::Facts { facts });
    out.push(sub(w.what_know, c));

    // När
    let mut facts = vec![Fact {
        label: w.needed_by.into(),
        value: show_date(lang, q.needed_by.as_deref()),
    }];
    if let Some(d) = decision {
        facts.push(Fact {
            label: w.decision_date.into(),
            value: show_date(lang, d.decision_date.as_deref()),
        });
    }
    out.push(sub(w.when, vec![Content::Facts { facts }]));

    // Vad kunde invånarna påverka
    let (default_name, default_expl) = influence_text(lang, q.influence_level);
    let own = ladder
        .iter()
        .find(|l| l.code == q.influence_level)
        .filter(|_| lang == Lang::Sv);
    let name = own.map_or(default_name, |l| l.name.as_str());
    let lowered;
    let expl = match own {
        Some(l) if !l.explanation.trim().is_empty() => {
            // The ladder's explanations are sentences; the brief writes "Name – explanation".
            let t = l.explanation.trim();
            let mut c = t.chars();
            lowered = match c.next() {
                Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
                None => String::new(),
            };
            lowered.as_str()
        }
        _ => default_expl,
    };
    let dash = |s: &str| {
        if s.trim().is_empty() {
            "–".to_string()
        } else {
            s.trim().to_string()
        }
    };
    out.push(sub(
        w.influence,
        vec![Content::Facts {
            facts: vec![
                Fact {
                    label: w.level.into(),
                    value: format!("{name} – {expl}"),
                },
                Fact {
                    label: w.open_to.into(),
                    value: dash(&q.open_to_influence),
                },
                Fact {
                    label: w.fixed.into(),
                    value: dash(&q.fixed),
                },
                Fact {
                    label: w.promise.into(),
                    value: dash(&q.promise),
                },
            ],
        }],
    ));

    // Genomförd dialog
    let mut c = Vec::new();
    if acts.is_empty() {
        c.push(Content::Note {
            text: w.no_activities.into(),
        });
    } else {
        let mut grand = 0u64;
        let rows = acts
            .iter()
            .map(|a| {
                let mut date = a
                    .starts_at
                    .as_deref()
                    .and_then(|s| s.get(..10))
                    .unwrap_or("–")
                    .to_string();
                if a.status == ActivityStatus::Planned {
                    date = format!("{date}\n({})", w.planned);
                }
                let parts: Vec<String> = a
                    .participants
                    .iter()
                    .filter(|p| p.count > 0)
                    .map(|p| format!("{}: {}", ix.segment_name(&p.segment_id), p.count))
                    .collect();
                let total: u64 = a.participants.iter().map(|p| u64::from(p.count)).sum();
                grand += total;
                vec![
                    a.title.clone(),
                    date,
                    method_name(lang, a.method).to_string(),
                    if parts.is_empty() {
                        "–".into()
                    } else {
                        parts.join("\n")
                    },
                    total.to_string(),
                ]
            })
            .collect();
        c.push(Content::Table {
            table: TableData {
                columns: vec![
                    w.col_activity.into(),
                    w.col_date.into(),
                    w.col_method.into(),
                    w.col_participants.into(),
                    w.col_total.into(),
                ],
                weights: vec![3.0, 1.55, 1.4, 3.0, 1.0],
                numeric: vec![false, false, false, false, true],
                rows,
                total: Some(vec![
                    w.col_total.into(),
                    String::new(),
                    String::new(),
                    String::new(),
                    grand.to_string(),
                ]),
                compact: false,
            },
        });
        let reached: HashSet<&str> = acts
            .iter()
            .flat_map(|a| a.participants.iter())
            .filter(|p| p.count > 0)
            .map(|p| p.segment_id.as_str())
            .collect();
        let priority: Vec<&Segment> = project.segments.iter().filter(|s| s.priority).collect();
        let missing: Vec<String> = priority
            .iter()
            .filter(|s| !reached.contains(s.id.as_str()))
            .map(|s| s.name.clone())
            .collect();
        if !priority.is_empty() {
            c.push(Content::Text {
                inlines: if missing.is_empty() {
                    vec![Inline::plain(w.all_reached)]
                } else {
                    vec![
                        Inline::bold(w.not_reached),
                        Inline::plain(format!("{}.", missing.join(", "))),
                    ]
                },
            });
        }
    }
    out.push(sub(w.dialogue, c));

    // Vad invånarna sa
    let needs = ix.needs_of(acts);
    let mut c = Vec::new();
    let groups = group_by_theme(ix, lang, &needs);
    if needs.is_empty() {
        c.push(Content::Note {
            text: w.no_needs.into(),
        });
        out.push(sub(w.said, c));
    } else {
        let with_needs = acts
            .iter()
            .filter(|a| ix.needs_by_activity.contains_key(a.id.as_str()))
            .count();
        let mut line = format!(
            "{} {} {}.",
            count_needs(lang, needs.len()),
            if lang == Lang::Sv { "från" } else { "from" },
            count_activities(lang, with_needs)
        );
        if groups.iter().map(|g| g.1.len()).sum::<usize>() > needs.len() {
            line.push_str(match lang {
                Lang::Sv => " Ett behov kan höra till flera teman.",
                Lang::En => " A need can belong to more than one theme.",
            });
        }
        c.push(Content::Text {
            inlines: vec![Inline::plain(line)],
        });
        c.push(Content::Chart {
            chart: ChartData {
                caption: w.chart_caption.into(),
                bars: groups
                    .iter()
                    .map(|(name, v)| ChartBar {
                        label: name.clone(),
                        value: v.len() as u64,
                    })
                    .collect(),
            },
        });
        out.push(sub(w.said, c));
        let mut shown: HashSet<&str> = HashSet::new();
        for (name, group) in &groups {
            let mut sorted = group.clone();
            quote_order(&mut sorted);
            // Prefer quotes not already shown under an earlier theme.
            let with_quote: Vec<&Need> = sorted
                .iter()
                .filter(|n| !n.quote.trim().is_empty())
                .copied()
                .collect();
            let mut quotes: Vec<&Need> = with_quote
                .iter()
                .filter(|n| !shown.contains(n.id.as_str()))
                .take(3)
                .copied()
                .collect();
            if quotes.is_empty() {
                quotes.extend(with_quote.first().copied());
            }
            shown.extend(quotes.iter().map(|n| n.id.as_str()));
            let mut c = Vec::new();
            if quotes.is_empty() {
                c.push(Content::Text {
                    inlines: vec![Inline::plain(w.examples)],
                });
                c.push(Content::Bullets {
                    items: sorted
                        .iter()
                        .take(3)
                        .map(|n| vec![Inline::plain(n.statement.clone())])
                        .collect(),
                });
            } else {
                for n in quotes {
                    let mut source: Vec<String> =
                        n.segment_ids.iter().map(|s| ix.segment_name(s)).collect();
                    let act = ix.activity_title(n.activity_id.as_deref());
                    if !act.is_empty() {
                        source.push(act);
                    }
                    let statement = n.statement.trim();
                    let source = if statement.is_empty() {
                        source.join(" · ")
                    } else if source.is_empty() {
                        statement.to_string()
                    } else {
                        format!("{statement} ({})", source.join(" · "))
                    };
                    c.push(Content::Quote {
                        text: quoted(lang, &n.quote),
                        source,
                    });
                }
            }
            out.push(Section {
                level: 3,
                title: format!("{name} – {}", count_needs(lang, group.len())),
                page_break_before: false,
                content: c,
            });
        }
    }

    // Insikter and Vi gör
    let insights: Vec<&Insight> = project
        .insights
        .iter()
        .filter(|i| i.key_question_ids.iter().any(|k| k == &q.id))
        .collect();
    if insights.is_empty() {
        out.push(sub(
            w.insights,
            vec![Content::Note {
                text: w.no_insights.into(),
            }],
        ));
        return;
    }
    let mut c = Vec::new();
    for i in &insights {
        let evidence: Vec<&Need> = i
            .need_ids
            .iter()
            .filter_map(|id| ix.needs.get(id.as_str()).copied())
            .collect();
        let acts: BTreeSet<&str> = evidence
            .iter()
            .filter_map(|n| n.activity_id.as_deref())
            .collect();
        let ev = match lang {
            Lang::Sv => format!(
                "Underlag: {} från {}",
                count_needs(lang, evidence.len()),
                count_activities(lang, acts.len())
            ),
            Lang::En => format!(
                "Evidence: {} from {}",
                count_needs(lang, evidence.len()),
                count_activities(lang, acts.len())
            ),
        };
        c.push(Content::Text {
            inlines: vec![Inline::bold(i.title.clone())],
        });
        if !i.statement.trim().is_empty() {
            c.push(Content::Text {
                inlines: vec![Inline::plain(i.statement.trim().to_string())],
            });
        }
        c.push(Content::Note { text: ev });
    }
    out.push(sub(w.insights, c));

    let rows = insights
        .iter()
        .map(|i| {
            vec![
                i.title.clone(),
                if i.response.trim().is_empty() {
                    "–".into()
                } else {
                    i.response.trim().to_string()
                },
                response_status(lang, i.response_status).to_string(),
                match i
                    .communicated_on
                    .as_deref()
                    .filter(|s| !s.trim().is_empty())
                {
                    Some(d) => match lang {
                        Lang::Sv => format!("Ja, {}", show_date(lang, Some(d))),
                        Lang::En => format!("Yes, {}", show_date(lang, Some(d))),
                    },
                    None => w.told_no.into(),
                },
            ]
        })
        .collect();
    out.push(sub(
        w.we_do,
        vec![Content::Table {
            table: TableData {
                columns: vec![
                    w.col_insight.into(),
                    w.col_response.into(),
                    w.status.into(),
                    w.col_told.into(),
                ],
                weights: vec![2.4, 4.0, 1.5, 1.8],
                numeric: vec![false; 4],
                rows,
                total: None,
                compact: false,
            },
        }],
    ));
}

// ---------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------

fn spans(inlines: &[Inline]) -> Vec<Span> {
    inlines
        .iter()
        .map(|i| Span {
            text: i.text.clone(),
            bold: i.bold,
            italic: i.italic,
            color: None,
        })
        .collect()
}

fn content_blocks(c: &Content, level: u8, out: &mut Vec<Block>) {
    match c {
        Content::Text { inlines } => out.push(Block::spans(spans(inlines))),
        Content::Note { text } => out.push(Block::note(text.clone())),
        Content::Markdown { source } => {
            out.extend(pdf::markdown::to_blocks(source, (level + 1).min(3)))
        }
        Content::Facts { facts } => out.push(Block::Facts(
            facts
                .iter()
                .map(|f| (f.label.clone(), vec![Span::plain(f.value.clone())]))
                .collect(),
        )),
        Content::Bullets { items } => {
            out.push(Block::bullets(items.iter().map(|i| spans(i)).collect()))
        }
        Content::Table { table } => {
            let columns = table
                .columns
                .iter()
                .enumerate()
                .map(|(i, title)| {
                    let col =
                        Column::new(title.clone(), table.weights.get(i).copied().unwrap_or(1.0));
                    if table.numeric.get(i).copied().unwrap_or(false) {
                        col.right()
                    } else {
                        col
                    }
                })
                .collect();
            let row = |r: &Vec<String>| r.iter().map(|c| vec![Span::plain(c.clone())]).collect();
            out.push(Block::Table(pdf::Table {
                columns,
                rows: table.rows.iter().map(row).collect(),
                footer: table
                    .total
                    .as_ref()
                    .map(|r| r.iter().map(|c| vec![Span::bold(c.clone())]).collect()),
                compact: table.compact,
            }));
        }
        Content::Chart { chart } => out.push(Block::BarChart(pdf::BarChart {
            caption: Some(chart.caption.clone()),
            bars: chart
                .bars
                .iter()
                .map(|b| (b.label.clone(), b.value))
                .collect(),
        })),
        Content::Quote { text, source } => out.push(Block::Quote {
            spans: vec![Span::plain(text.clone())],
            attribution: if source.is_empty() {
                None
            } else {
                Some(source.clone())
            },
        }),
    }
}

/// The PDF document for a brief (before rendering).
pub fn brief_document(model: &BriefModel) -> pdf::Document {
    let mut blocks = vec![Block::Title {
        kicker: model.kind.clone(),
        title: model.title.clone(),
        subtitle: Some(model.project_name.clone()),
    }];
    for p in paragraphs(&model.lead) {
        blocks.push(Block::Paragraph {
            spans: vec![Span::plain(p)],
            style: ParaStyle::Lead,
        });
    }
    if !model.facts.is_empty() {
        blocks.push(Block::Facts(
            model
                .facts
                .iter()
                .map(|f| (f.label.clone(), vec![Span::plain(f.value.clone())]))
                .collect(),
        ));
    }
    blocks.push(Block::note(model.generated_line.clone()));
    if !model.warnings.is_empty() {
        let serious = model.warnings.iter().any(|w| w.severity != Severity::Info);
        let items = model
            .warnings
            .iter()
            .map(|wn| {
                let mut s = vec![
                    Span::bold(format!("{}: ", wn.label)),
                    Span::plain(wn.message.clone()),
                ];
                if model.lang == Lang::En {
                    s.push(Span::plain(format!(" [{}]", wn.code.as_str())).colored(pdf::palette::MUTED));
                }
                s
            })
            .collect();
        blocks.push(Block::Notice {
            kind: if serious {
                NoticeKind::Warning
            } else {
                NoticeKind::Info
            },
            title: model.warnings_title.clone(),
            body: vec![
                Block::para(model.warnings_intro.clone()),
                Block::bullets(items),
            ],
        });
    }
    for s in &model.sections {
        if s.page_break_before {
            blocks.push(Block::PageBreak);
        }
        blocks.push(Block::heading(s.level, s.title.clone()));
        for c in &s.content {
            content_blocks(c, s.level, &mut blocks);
        }
    }
    pdf::Document {
        meta: pdf::Meta {
            title: format!("{}: {}", model.kind, model.title),
            author: model.project_name.clone(),
            subject: model.kind.clone(),
            lang: model.lang.tag().into(),
            date: model.generated_on,
        },
        setup: pdf::PageSetup {
            header_left: model.project_name.clone(),
            header_right: format!("{}: {}", model.kind, model.title),
            footer_left: format!("{} · {}", model.project_name, model.generated_line),
            page_label: model.page_label.clone(),
            base_size: 10.0,
        },
        blocks,
    }
}

/// Render the brief as PDF bytes. The same model gives the same bytes.
pub fn render_pdf(model: &BriefModel) -> Vec<u8> {
    pdf::render(&brief_document(model))
}

// ---------------------------------------------------------------------------
// HTML preview
// ---------------------------------------------------------------------------

/// Escape text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn esc_lines(s: &str) -> String {
    escape_html(s).replace('\n', "<br>")
}

fn html_inlines(inl: &[Inline]) -> String {
    let mut out = String::new();
    for i in inl {
        let t = esc_lines(&i.text);
        match (i.bold, i.italic) {
            (true, true) => {
                let _ = write!(out, "<strong><em>{t}</em></strong>");
            }
            (true, false) => {
                let _ = write!(out, "<strong>{t}</strong>");
            }
            (false, true) => {
                let _ = write!(out, "<em>{t}</em>");
            }
            (false, false) => out.push_str(&t),
        }
    }
    out
}

const HTML_STYLE: &str =
    "body{font-family:'Liberation Sans',Arial,Helvetica,sans-serif;color:#1b1f24;\
max-width:46rem;margin:2rem auto;padding:0 1.5rem;line-height:1.45;font-size:15px}\
.kicker{color:#1f4e79;font-weight:bold;margin:0}h1{font-size:1.9rem;margin:.2rem 0}\
.project{color:#5b646e;margin:0 0 .8rem}h2{color:#1f4e79;border-bottom:1px solid #c9d1d9;\
padding-bottom:.2rem;margin-top:2rem}h3{margin-top:1.4rem}h4{margin-top:1rem}\
.lead{font-size:1.1em}.note{color:#5b646e;font-size:.9em}\
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}\
dl.facts dt{color:#5b646e;font-weight:bold;font-size:.9em}dl.facts dd{margin:0}\
.notice{border-left:4px solid #c26a00;background:#fdf3e1;padding:.8rem 1rem;margin:1rem 0}\
.notice.info{border-color:#2b6cb0;background:#eaf1f8}.notice h2{border:0;color:#c26a00;\
font-size:1.05rem;margin:0 0 .4rem}table{border-collapse:collapse;width:100%;font-size:.9em;\
margin:.6rem 0}th{background:#e4ecf4;text-align:left;border-bottom:2px solid #1f4e79}\
th,td{padding:.3rem .45rem;vertical-align:top}td{border-bottom:1px solid #c9d1d9}\
tbody tr:nth-child(even){background:#f5f7f9}tfoot td{font-weight:bold;border-top:2px solid #1b1f24}\
.num{text-align:right}figure.chart{margin:.8rem 0}figure.chart figcaption{font-weight:bold}\
.bar-row{display:grid;grid-template-columns:minmax(8rem,35%) 1fr;align-items:center;gap:.6rem;\
font-size:.9em;margin:.2rem 0}.bar-track{display:flex;align-items:center;gap:.4rem;\
border-left:1px solid #5b646e}.bar{display:inline-block;height:.8em;background:#3a6ea5}\
blockquote{border-left:3px solid #9cb8d6;margin:.6rem 0;padding:.1rem .9rem}\
blockquote p{font-style:italic;margin:.2rem 0}blockquote footer{color:#5b646e;font-size:.85em}\
.appendix{break-before:page}";

/// An HTML preview of the brief: a complete document, everything escaped, Markdown
/// rendered with raw HTML shown as text.
pub fn render_html(model: &BriefModel) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<article class=\"brief\">\n<header>\n",
        model.lang.code(),
        escape_html(&format!("{}: {}", model.kind, model.title)),
        HTML_STYLE
    );
    let _ = writeln!(h, "<p class=\"kicker\">{}</p>", escape_html(&model.kind));
    let _ = writeln!(h, "<h1>{}</h1>", escape_html(&model.title));
    let _ = writeln!(
        h,
        "<p class=\"project\">{}</p>",
        escape_html(&model.project_name)
    );
    for p in paragraphs(&model.lead) {
        let _ = writeln!(h, "<p class=\"lead\">{}</p>", esc_lines(&p));
    }
    if !model.facts.is_empty() {
        h.push_str("<dl class=\"facts\">\n");
        for f in &model.facts {
            let _ = writeln!(
                h,
                "<dt>{}</dt><dd>{}</dd>",
                escape_html(&f.label),
                esc_lines(&f.value)
            );
        }
        h.push_str("</dl>\n");
    }
    let _ = writeln!(
        h,
        "<p class=\"note\">{}</p>\n</header>",
        escape_html(&model.generated_line)
    );
    if !model.warnings.is_empty() {
        let serious = model.warnings.iter().any(|w| w.severity != Severity::Info);
        let _ = writeln!(
            h,
            "<aside class=\"notice{}\">\n<h2>{}</h2>\n<p>{}</p>\n<ul>",
            if serious { "" } else { " info" },
            escape_html(&model.warnings_title),
            escape_html(&model.warnings_intro)
        );
        for wn in &model.warnings {
            let _ = writeln!(
                h,
                "<li><strong>{}:</strong> {} <span class=\"note\">[{}]</span></li>",
                escape_html(&wn.label),
                escape_html(&wn.message),
                escape_html(wn.code.as_str())
            );
        }
        h.push_str("</ul>\n</aside>\n");
    }
    for s in &model.sections {
        let tag = match s.level {
            0 | 1 => "h2",
            2 => "h3",
            _ => "h4",
        };
        let _ = writeln!(
            h,
            "<section{}>\n<{tag}>{}</{tag}>",
            if s.page_break_before {
                " class=\"appendix\""
            } else {
                ""
            },
            escape_html(&s.title)
        );
        for c in &s.content {
            html_content(&mut h, c);
        }
        h.push_str("</section>\n");
    }
    h.push_str("</article>\n</body>\n</html>\n");
    h
}

fn html_content(h: &mut String, c: &Content) {
    match c {
        Content::Text { inlines } => {
            let _ = writeln!(h, "<p>{}</p>", html_inlines(inlines));
        }
        Content::Note { text } => {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", esc_lines(text));
        }
        Content::Markdown { source } => {
            let _ = writeln!(
                h,
                "<div class=\"markdown\">{}</div>",
                crate::support::markdown::to_html(source)
            );
        }
        Content::Facts { facts } => {
            h.push_str("<dl class=\"facts\">\n");
            for f in facts {
                let _ = writeln!(
                    h,
                    "<dt>{}</dt><dd>{}</dd>",
                    escape_html(&f.label),
                    esc_lines(&f.value)
                );
            }
            h.push_str("</dl>\n");
        }
        Content::Bullets { items } => {
            h.push_str("<ul>\n");
            for i in items {
                let _ = writeln!(h, "<li>{}</li>", html_inlines(i));
            }
            h.push_str("</ul>\n");
        }
        Content::Table { table } => {
            let class = |i: usize| {
                if table.numeric.get(i).copied().unwrap_or(false) {
                    " class=\"num\""
                } else {
                    ""
                }
            };
            h.push_str("<table>\n<thead><tr>");
            for (i, col) in table.columns.iter().enumerate() {
                let _ = write!(h, "<th{}>{}</th>", class(i), escape_html(col));
            }
            h.push_str("</tr></thead>\n<tbody>\n");
            for row in &table.rows {
                h.push_str("<tr>");
                for (i, cell) in row.iter().enumerate() {
                    let _ = write!(h, "<td{}>{}</td>", class(i), esc_lines(cell));
                }
                h.push_str("</tr>\n");
            }
            h.push_str("</tbody>\n");
            if let Some(total) = &table.total {
                h.push_str("<tfoot><tr>");
                for (i, cell) in total.iter().enumerate() {
                    let _ = write!(h, "<td{}>{}</td>", class(i), esc_lines(cell));
                }
                h.push_str("</tr></tfoot>\n");
            }
            h.push_str("</table>\n");
        }
        Content::Chart { chart } => {
            let max = chart.bars.iter().map(|b| b.value).max().unwrap_or(1).max(1);
            let _ = writeln!(
                h,
                "<figure class=\"chart\">\n<figcaption>{}</figcaption>",
                escape_html(&chart.caption)
            );
            for b in &chart.bars {
                let pct = (b.value as f64 * 85.0 / max as f64).round() as u64;
                let _ = writeln!(
                    h,
                    "<div class=\"bar-row\"><span class=\"label\">{}</span><span class=\"bar-track\"><span class=\"bar\" style=\"width:{pct}%\"></span><strong>{}</strong></span></div>",
                    escape_html(&b.label),
                    b.value
                );
            }
            h.push_str("</figure>\n");
        }
        Content::Quote { text, source } => {
            let _ = write!(h, "<blockquote><p>{}</p>", esc_lines(text));
            if !source.is_empty() {
                let _ = write!(h, "<footer>{}</footer>", escape_html(source));
            }
            h.push_str("</blockquote>\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_codes() {
        assert_eq!(Lang::from_code("sv"), Some(Lang::Sv));
        assert_eq!(Lang::from_code("EN"), Some(Lang::En));
        assert_eq!(Lang::from_code("de"), None);
    }

    #[test]
    fn swedish_long_dates() {
        let d = NaiveDate::from_ymd_opt(2027, 3, 15).unwrap_or_default();
        assert_eq!(long_date(Lang::Sv, d), "15 mars 2027");
        assert_eq!(long_date(Lang::En, d), "15 March 2027");
        assert_eq!(
            show_date(Lang::Sv, Some("2027-01-10T14:00")),
            "10 januari 2027"
        );
        assert_eq!(show_date(Lang::Sv, None), "ej angivet");
    }

    #[test]
    fn top_tag_survives_cycles() {
        let mut p = Project::default();
        p.tags.push(Tag {
            id: "a".into(),
            name: "A".into(),
            parent_id: Some("b".into()),
            ..Tag::default()
        });
        p.tags.push(Tag {
            id: "b".into(),
            name: "B".into(),
            parent_id: Some("a".into()),
            ..Tag::default()
        });
        let ix = Index::new(&p);
        assert!(ix.top_tag("a").is_some());
    }

    #[test]
    fn html_escapes_everything() {
        let mut p = Project::default();
        p.project.name = "<script>x</script>".into();
        p.decisions.push(Decision {
            id: "d".into(),
            title: "Beslut & <b>".into(),
            brief_summary: "<img src=x onerror=alert(1)>".into(),
            ..Decision::default()
        });
        let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
        let m = build_brief(&p, &BriefTarget::Decision("d".into()), Lang::Sv, day, &[]);
        let html = render_html(&m.unwrap_or_else(|e| panic!("{e}")));
        assert!(!html.contains("<script>x"));
        assert!(!html.contains("<img"));
        assert!(html.contains("Beslut &amp; &lt;b&gt;"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
    }
}
