//! Types that cross the IPC boundary and are not part of the interchange model, and the
//! read models the views use. Their TypeScript twins are generated into
//! `ui/src/lib/bindings/`; a test fails when the committed files are stale.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checks::parse_date;
use crate::error::Result;
use crate::model::*;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProjectSummary {
    pub name: String,
    pub file_name: String,
    pub read_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecentProject {
    pub index: u32,
    pub name: String,
    pub file_name: String,
    pub folder: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub project: Option<ProjectSummary>,
    pub recent: Vec<RecentProject>,
    /// `sv` or `en`
    pub lang: String,
    /// The app's date (`YYYY-MM-DD`): what planning checks compare against.
    pub today: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DecisionReadiness {
    pub decision: Decision,
    pub answered: u32,
    pub total: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Overview {
    pub next_decisions: Vec<DecisionReadiness>,
    pub activities_held: u32,
    pub activities_planned: u32,
    pub needs: u32,
    pub insights: u32,
    pub upcoming_activities: Vec<Activity>,
    pub overdue_feedback: Vec<Activity>,
}

impl Store {
    pub fn summary(&self) -> Result<ProjectSummary> {
        Ok(ProjectSummary {
            name: self.project_info()?.name,
            file_name: self
                .path()
                .file_name()
                .map(|f| f.to_string_lossy().to_string())
                .unwrap_or_default(),
            read_only: self.read_only(),
        })
    }

    /// The Översikt read model for `today`.
    pub fn overview(&self, today: NaiveDate) -> Result<Overview> {
        let p = self.load_project_shallow()?;
        let warnings = self.planning_warnings(today)?;
        let mut next: Vec<DecisionReadiness> = p
            .decisions
            .iter()
            .filter(|d| d.status == DecisionStatus::Planned)
            .map(|d| {
                let qs: Vec<&KeyQuestion> = p
                    .key_questions
                    .iter()
                    .filter(|q| q.decision_id.as_deref() == Some(d.id.as_str()))
                    .collect();
                DecisionReadiness {
                    decision: d.clone(),
                    answered: qs
                        .iter()
                        .filter(|q| q.status == QuestionStatus::Answered)
                        .count() as u32,
                    total: qs.len() as u32,
                }
            })
            .collect();
        next.sort_by(|a, b| {
            (
                a.decision.decision_date.is_none(),
                &a.decision.decision_date,
                &a.decision.id,
            )
                .cmp(&(
                    b.decision.decision_date.is_none(),
                    &b.decision.decision_date,
                    &b.decision.id,
                ))
        });
        next.truncate(5);
        let held = p
            .activities
            .iter()
            .filter(|a| a.status != ActivityStatus::Planned)
            .count() as u32;
        let planned = p.activities.len() as u32 - held;
        let mut upcoming: Vec<Activity> = p
            .activities
            .iter()
            .filter(|a| {
                a.status == ActivityStatus::Planned
                    && a.starts_at
                        .as_deref()
                        .and_then(parse_date)
                        .is_none_or(|d| d >= today)
            })
            .cloned()
            .collect();
        upcoming.sort_by(|a, b| a.starts_at.cmp(&b.starts_at));
        upcoming.truncate(5);
        let overdue_ids: Vec<&str> = warnings
            .iter()
            .filter(|w| w.code == "feedback_overdue")
            .map(|w| w.id.as_str())
            .collect();
        let mut overdue: Vec<Activity> = p
            .activities
            .iter()
            .filter(|a| overdue_ids.contains(&a.id.as_str()))
            .cloned()
            .collect();
        overdue.sort_by(|a, b| a.starts_at.cmp(&b.starts_at));
        Ok(Overview {
            next_decisions: next,
            activities_held: held,
            activities_planned: planned,
            needs: self.need_count()?,
            insights: p.insights.len() as u32,
            upcoming_activities: upcoming,
            overdue_feedback: overdue,
        })
    }
}

/// What a brief is for, as the UI names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BriefRequest {
    /// `decision` or `question`
    pub kind: String,
    pub id: String,
    /// `sv` or `en`
    pub lang: String,
}

impl BriefRequest {
    pub fn target(&self) -> Result<crate::brief::BriefTarget> {
        match self.kind.as_str() {
            "decision" => Ok(crate::brief::BriefTarget::Decision(self.id.clone())),
            "question" => Ok(crate::brief::BriefTarget::Question(self.id.clone())),
            other => Err(crate::error::CoreError::invalid(format!(
                "kind: \"{other}\" is not decision or question"
            ))),
        }
    }
    pub fn language(&self) -> Result<crate::brief::Lang> {
        crate::brief::Lang::from_code(&self.lang).ok_or_else(|| {
            crate::error::CoreError::invalid(format!("lang: \"{}\" is not sv or en", self.lang))
        })
    }
}

impl Store {
    /// The brief model for a decision or key question, with this project's warnings.
    pub fn brief_model(
        &self,
        target: &crate::brief::BriefTarget,
        lang: crate::brief::Lang,
        today: NaiveDate,
    ) -> Result<crate::brief::BriefModel> {
        let mut project = self.load_project_for_brief(target)?;
        let warnings = self.warnings_of(&mut project, today)?;
        let ladder = self.ladder()?;
        crate::brief::build_brief_with_ladder(&project, target, lang, today, &warnings, &ladder)
            .map_err(|e| crate::error::CoreError::not_found(e.to_string()))
    }

    /// The PDF decision brief.
    pub fn brief_pdf(
        &self,
        target: &crate::brief::BriefTarget,
        lang: crate::brief::Lang,
        today: NaiveDate,
    ) -> Result<Vec<u8>> {
        Ok(crate::brief::render_pdf(
            &self.brief_model(target, lang, today)?,
        ))
    }
}

/// Every generated binding: file name and its TypeScript text.
pub fn bindings() -> Vec<(String, String)> {
    use crate::backup::BackupInfo;
    use crate::checks::{Severity, Warning};
    use crate::edit::{LadderLevel, QuestionsOnDelete, SegmentUsage};
    use crate::error::CoreError;
    use crate::import_needs::{ImportPreview, ImportReport, NeedMapping, PreviewRow};
    use crate::query::{MatrixCell, NeedFilter, NeedRow, NeedsPage, TagCount, TagMode};
    use crate::tabular::{Separator, TableFormat, TablePreview, TableRow, TextEncoding};
    use crate::undo::UndoResult;
    let cfg = ts_rs::Config::new();
    let mut out = Vec::new();
    macro_rules! gen {
        ($($t:ty),* $(,)?) => {
            $(
                out.push((
                    format!("{}.ts", <$t as TS>::ident(&cfg)),
                    <$t as TS>::export_to_string(&cfg).unwrap_or_default(),
                ));
            )*
        };
    }
    gen!(
        Project,
        ProjectInfo,
        EffectGoal,
        Segment,
        Tag,
        DecisionStatus,
        Decision,
        InfluenceLevel,
        QuestionStatus,
        KeyQuestion,
        Method,
        ActivityStatus,
        Participants,
        Activity,
        Need,
        ResponseStatus,
        Insight,
        Severity,
        Warning,
        CoreError,
        LadderLevel,
        QuestionsOnDelete,
        SegmentUsage,
        NeedFilter,
        NeedRow,
        NeedsPage,
        TagCount,
        TagMode,
        ProjectSummary,
        RecentProject,
        AppInfo,
        DecisionReadiness,
        Overview,
        BriefRequest,
        MatrixCell,
        UndoResult,
        TableRow,
        TablePreview,
        TableFormat,
        TextEncoding,
        Separator,
        NeedMapping,
        PreviewRow,
        ImportPreview,
        ImportReport,
        BackupInfo,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed TypeScript twins must match the Rust types. Regenerate with
    /// `make bindings` (which runs this test with `UPDATE_BINDINGS=1`).
    #[test]
    fn typescript_bindings_are_current() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings");
        let update = std::env::var("UPDATE_BINDINGS").is_ok_and(|v| v == "1");
        let mut stale = Vec::new();
        for (file, text) in bindings() {
            let path = dir.join(&file);
            if update {
                std::fs::create_dir_all(&dir).expect("create bindings folder");
                std::fs::write(&path, &text).expect("write binding");
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                stale.push(file);
            }
        }
        assert!(
            stale.is_empty(),
            "stale TypeScript bindings (run `make bindings`): {stale:?}"
        );
    }
}
