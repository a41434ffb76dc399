//! The decision brief (beslutsunderlag): what a manager or politician reads before a
//! decision.
//!
//! [`build_brief`] gathers everything from the project into a plain [`BriefModel`];
//! [`render_pdf`], [`render_html`] and [`render_html_document`] present the same model
//! as a PDF, as the window's HTML preview and as a standalone web page.
//!
//! | module | owns |
//! | --- | --- |
//! | `model` | the brief as plain data |
//! | `words` | every word the brief and the feedback sheet write, in Swedish and English |
//! | `index` | look-ups into the project, and the grouping of needs by theme |
//! | `build` | the model: scope, warnings, title block, summary, proposal, appendix |
//! | `questions` | the sections under each key question |
//! | `followup` | what was promised and whom the dialogues reached |
//! | `pdf` | the model as a PDF |
//! | `html` | the model as the HTML preview and as an accessible web page |

mod build;
mod followup;
mod html;
mod index;
mod model;
mod pdf;
mod questions;
mod words;

pub use crate::domain::model::BriefTarget;
pub use crate::support::lang::{long_date, Lang};
pub use build::{build_brief, build_brief_with_ladder};
pub(crate) use html::quote_lang;
pub use html::{escape_html, render_html, render_html_document};
pub use model::{
    BriefError, BriefModel, BriefWarning, ChartBar, ChartData, Content, Fact, Inline, Section,
    TableData,
};
pub use pdf::{brief_document, render_pdf};
pub use words::influence_text;

// The feedback sheet speaks with the brief's words and reads the project the same way.
pub(crate) use index::{quote_order, Index};
pub(crate) use words::{and_more, commitment_status, quoted, words};
