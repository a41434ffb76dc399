//! Briefs and feedback sheets from a project in the store.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::documents::brief::{self, BriefModel, Content};
use crate::domain::ladder::LadderLevel;
use crate::domain::model::{BriefTarget, Need, Project};
use crate::store::rule_warnings_with;
use crate::store::Store;
use crate::support::error::{CoreError, Result};
use crate::support::lang::{counted, number, Lang};

/// What a brief is about, as the UI names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BriefKind {
    Decision,
    Question,
}

/// A brief the UI asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BriefRequest {
    pub kind: BriefKind,
    pub id: String,
    pub lang: Lang,
}

impl BriefRequest {
    pub fn target(&self) -> BriefTarget {
        match self.kind {
            BriefKind::Decision => BriefTarget::Decision(self.id.clone()),
            BriefKind::Question => BriefTarget::Question(self.id.clone()),
        }
    }
}

/// What a brief is made from: its part of the project, the needs the planning rules read and
/// the participation ladder. Reading it needs the store; making the brief from it (the rules
/// included) does not, so a window's project is held only while it is read.
pub struct BriefSource {
    project: Project,
    rule_needs: Vec<Need>,
    ladder: Vec<LadderLevel>,
}

impl BriefSource {
    pub fn read(store: &Store, target: &BriefTarget) -> Result<BriefSource> {
        let project = store.load_project_for_brief(target)?;
        let rule_needs = store.rule_needs(&project)?;
        let ladder = store.ladder()?;
        Ok(BriefSource {
            project,
            rule_needs,
            ladder,
        })
    }

    /// The personal data in what the brief shows (its needs' statements and quotes): an
    /// export checks what it read once, instead of reading the project again to check.
    pub fn personal_data(&self) -> Vec<crate::app::personal_data::PersonalDataFinding> {
        crate::app::personal_data::in_brief_needs(&self.project.needs)
    }

    /// The brief model for `target` (as read), in `lang`, with the project's warnings.
    pub fn into_model(
        self,
        target: &BriefTarget,
        lang: Lang,
        today: NaiveDate,
    ) -> Result<BriefModel> {
        let BriefSource {
            mut project,
            rule_needs,
            ladder,
        } = self;
        let warnings = rule_warnings_with(&mut project, rule_needs, today, lang);
        brief::build_brief_with_ladder(&project, target, lang, today, &warnings, &ladder)
            .map_err(|e| CoreError::not_found(e.to_string()))
    }
}

/// The brief model for a decision or key question, with this project's warnings.
pub fn brief_model(
    store: &Store,
    target: &BriefTarget,
    lang: Lang,
    today: NaiveDate,
) -> Result<BriefModel> {
    BriefSource::read(store, target)?.into_model(target, lang, today)
}

/// The PDF decision brief.
pub fn brief_pdf(
    store: &Store,
    target: &BriefTarget,
    lang: Lang,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    Ok(brief::render_pdf(&brief_model(store, target, lang, today)?))
}

/// The most rows of one table the window's preview draws; the PDF and the web page hold
/// them all. (A brief of a large project lists thousands of needs in its appendix: drawing
/// them would keep the window busy for seconds, for rows no one reads in a preview.)
pub const PREVIEW_ROWS: usize = 50;

/// The brief as the HTML preview the window shows: every table of `model` cut at
/// [`PREVIEW_ROWS`], with a note of how many rows the exported brief has beyond them.
pub fn preview_html(mut model: BriefModel) -> String {
    cut_for_preview(&mut model, PREVIEW_ROWS);
    brief::render_html(&model)
}

/// Cut every table of `model` at `rows`, and say after it how many rows are left out.
pub fn cut_for_preview(model: &mut BriefModel, rows: usize) {
    let lang = model.lang;
    for section in &mut model.sections {
        let mut cut = Vec::new();
        for (i, content) in section.content.iter_mut().enumerate() {
            if let Content::Table { table } = content {
                let left = table.rows.len().saturating_sub(rows);
                if left > 0 {
                    table.rows.truncate(rows);
                    cut.push((i + 1, left));
                }
            }
        }
        for (at, left) in cut.into_iter().rev() {
            let text = match lang {
                Lang::Sv => format!(
                    "Förhandsvisningen visar de första {} raderna. Ytterligare {} finns i den exporterade PDF:en och webbsidan.",
                    number(lang, rows as i128),
                    counted(lang, left as u64, ["rad", "rader"], ["row", "rows"]),
                ),
                Lang::En => format!(
                    "The preview shows the first {} rows. Another {} are in the exported PDF and web page.",
                    number(lang, rows as i128),
                    counted(lang, left as u64, ["rad", "rader"], ["row", "rows"]),
                ),
            };
            section.content.insert(at, Content::Note { text });
        }
    }
}

/// The brief as a standalone, accessible web page (one file, nothing loaded from
/// elsewhere), from the same model as the PDF.
pub fn brief_html_document(
    store: &Store,
    target: &BriefTarget,
    lang: Lang,
    today: NaiveDate,
) -> Result<String> {
    Ok(brief::render_html_document(&brief_model(
        store, target, lang, today,
    )?))
}

/// The one-page "Ni sa – vi gör" sheet for the residents of one activity.
pub fn feedback_pdf(store: &Store, activity_id: &str, lang: Lang) -> Result<Vec<u8>> {
    Ok(feedback_sheet(store, activity_id, lang)?.1)
}

/// The feedback sheet and the title of its activity (for the file name), from one read.
pub fn feedback_sheet(store: &Store, activity_id: &str, lang: Lang) -> Result<(String, Vec<u8>)> {
    let project = store.load_project()?;
    let pdf = crate::documents::feedback::render_feedback(&project, activity_id, lang)
        .map_err(|e| CoreError::not_found(e.to_string()))?;
    let title = project
        .activities
        .iter()
        .find(|a| a.id == activity_id)
        .map(|a| a.title.clone())
        .unwrap_or_default();
    Ok((title, pdf))
}

/// Whom the dialogues behind a decision or a key question reached, per segment (see
/// [`crate::domain::representation`]).
pub fn reach(store: &Store, target: &BriefTarget) -> Result<crate::domain::representation::Reach> {
    let project = store.load_project_for_brief(target)?;
    crate::domain::representation::of_target(&project, target).ok_or_else(|| {
        CoreError::not_found(match target {
            BriefTarget::Decision(id) => format!("unknown decision \"{id}\""),
            BriefTarget::Question(id) => format!("unknown question \"{id}\""),
        })
    })
}
