//! The brief as plain data: built once from the project, then presented by both the PDF
//! and the HTML preview, so the two can never disagree on content.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::checks::{Severity, WarningCode};
use crate::support::lang::Lang;

/// What was asked for is not in the project.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BriefError {
    #[error("unknown decision \"{0}\"")]
    UnknownDecision(String),
    #[error("unknown question \"{0}\"")]
    UnknownQuestion(String),
    #[error("unknown activity \"{0}\"")]
    UnknownActivity(String),
}

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
    /// The bar's length, relative to the other bars.
    pub value: u64,
    /// The value as written at the bar's end and in the chart's table ("12", "0,4 %").
    pub shown: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartData {
    pub caption: String,
    /// The heads of the table that carries the chart on the web: what the bars are, what
    /// their values are.
    pub columns: [String; 2],
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

/// Split plain text into paragraphs at blank lines.
pub(super) fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}
