//! Spreadsheet exports as the window asks for them: which content, in which format.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::store::Store;
use crate::support::error::Result;
use crate::support::lang::Lang;

/// What a spreadsheet export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SheetContent {
    Needs,
    Activities,
}

impl SheetContent {
    /// The word a suggested file name starts with.
    pub fn file_word(self, lang: Lang) -> &'static str {
        match self {
            SheetContent::Needs => lang.pick("Behov", "Needs"),
            SheetContent::Activities => lang.pick("Dialoger", "Dialogues"),
        }
    }
}

/// The file format of a spreadsheet export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SheetFormat {
    /// UTF-8 with BOM, `;`-separated, as Swedish Excel expects.
    Csv,
    Xlsx,
}

impl SheetFormat {
    pub fn extension(self) -> &'static str {
        match self {
            SheetFormat::Csv => "csv",
            SheetFormat::Xlsx => "xlsx",
        }
    }

    /// The file type's name in the save dialog.
    pub fn filter_name(self, lang: Lang) -> &'static str {
        match self {
            SheetFormat::Csv => lang.pick("CSV (Excel, semikolon)", "CSV (Excel, semicolon)"),
            SheetFormat::Xlsx => lang.pick("Excel-arbetsbok", "Excel workbook"),
        }
    }
}

/// Write `what` to `out` (the format follows the file's extension). Returns the number of
/// rows written.
pub fn export(store: &Store, what: SheetContent, out: &Path, lang: Lang) -> Result<usize> {
    match what {
        SheetContent::Needs => crate::app::export::export_needs(store, out, lang),
        SheetContent::Activities => crate::app::export::export_activities(store, out, lang),
    }
}
