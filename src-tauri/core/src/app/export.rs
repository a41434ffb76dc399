//! The spreadsheet exports: the needs and the activities of a project, read from the store
//! a row at a time and written as CSV or xlsx (by the file's extension), in either language.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::words::{activity_status_name, method_name};
use crate::formats::sheet::{Cell, Sheet};
use crate::store::{Location, OpenOptions, Store};
use crate::support::error::{CoreError, Result};
use crate::support::fsio::Output;
use crate::support::lang::Lang;

/// The headers of the needs export.
fn needs_headers(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::Sv => [
            "Behov",
            "Citat",
            "Dialogaktivitet",
            "Datum",
            "Målgrupper",
            "Taggar",
            "Insikter",
        ],
        Lang::En => [
            "Need",
            "Quote",
            "Dialogue activity",
            "Date",
            "Groups",
            "Tags",
            "Insights",
        ],
    }
}

/// The headers of the activities export before its one column per segment (and the total
/// after them).
fn activity_headers(lang: Lang) -> [&'static str; 8] {
    match lang {
        Lang::Sv => [
            "Titel",
            "Metod",
            "Start",
            "Slut",
            "Plats",
            "Arrangörer",
            "Status",
            "Nyckelfrågor",
        ],
        Lang::En => [
            "Title",
            "Method",
            "Start",
            "End",
            "Place",
            "Organisers",
            "Status",
            "Key questions",
        ],
    }
}

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
        SheetContent::Needs => export_needs(store, out, lang),
        SheetContent::Activities => export_activities(store, out, lang),
    }
}

/// `2027-01-10T14:00` as `2027-01-10 14:00`, which Excel reads as a date and time.
fn time_sv(v: Option<String>) -> Cell {
    match v {
        Some(s) if !s.is_empty() => Cell::Text(s.replacen('T', " ", 1)),
        _ => Cell::Empty,
    }
}

/// Export every need (statement, quote, activity, date, segments, tags, insights — names,
/// several joined with ", ") to `out`: xlsx when it ends in `.xlsx`, else CSV. The rows
/// stream from one query. Returns the number of needs written.
pub fn export_needs(store: &Store, out: &Path, lang: Lang) -> Result<usize> {
    Output::new(out, store.output_guard()).check()?;
    let headers: Vec<String> = needs_headers(lang).iter().map(|h| h.to_string()).collect();
    let mut sheet = Sheet::new(out, lang.pick("Behov", "Needs"), &headers)?;
    store.each_need_for_sheet(|n| {
        sheet.row(&[
            Cell::text(n.statement),
            Cell::text(n.quote),
            Cell::text(n.activity),
            Cell::text(n.date),
            Cell::text(n.segments),
            Cell::text(n.tags),
            Cell::text(n.insights),
        ])
    })?;
    sheet.finish(store.output_guard())
}

/// Export every activity (title, method, start, end, place, organisers, status, key
/// questions, one column of participants per segment, total) to `out`: xlsx when it ends
/// in `.xlsx`, else CSV. Returns the number of activities written.
pub fn export_activities(store: &Store, out: &Path, lang: Lang) -> Result<usize> {
    Output::new(out, store.output_guard()).check()?;
    let segments = store.segment_names()?;
    let mut headers: Vec<String> = activity_headers(lang)
        .iter()
        .map(|h| h.to_string())
        .collect();
    headers.extend(segments.iter().map(|(_, name)| name.clone()));
    headers.push(lang.pick("Totalt", "Total").into());
    let mut sheet = Sheet::new(out, lang.pick("Dialogaktiviteter", "Activities"), &headers)?;
    store.each_activity_for_sheet(|a| {
        let mut cells = vec![
            Cell::text(a.title),
            Cell::Text(method_name(lang, a.method).into()),
            time_sv(a.starts_at),
            time_sv(a.ends_at),
            Cell::text(a.place),
            Cell::text(a.organisers),
            Cell::Text(activity_status_name(lang, a.status).into()),
            Cell::text(a.key_questions),
        ];
        let mut total = 0i64;
        for (segment, _) in &segments {
            match a.participants.iter().find(|p| &p.segment_id == segment) {
                Some(p) => {
                    total += i64::from(p.count);
                    cells.push(Cell::Number(f64::from(p.count)));
                }
                None => cells.push(Cell::Empty),
            }
        }
        cells.push(Cell::Number(total as f64));
        sheet.row(&cells)
    })?;
    sheet.finish(store.output_guard())
}

/// The spreadsheet exports of the command line's `export-csv`; one line for each file written.
/// The needs sheet is refused when a need holds personal data, unless `allow_personal_data`.
pub fn export_sheets(
    project: &Location,
    needs: Option<&PathBuf>,
    activities: Option<&PathBuf>,
    lang: Lang,
    allow_personal_data: bool,
) -> Result<Vec<String>> {
    if needs.is_none() && activities.is_none() {
        return Err(CoreError::invalid("give --needs OUT and/or --activities OUT").about(project));
    }
    let store = Store::open_at(project, OpenOptions::default())?;
    let mut lines = Vec::new();
    if let Some(out) = needs {
        let scope = crate::app::personal_data::ExportScope::Sheet {
            what: SheetContent::Needs,
        };
        crate::app::personal_data::refuse_unless_allowed(
            &store,
            &scope,
            allow_personal_data,
            project,
        )?;
        let n = export_needs(&store, out, lang)?;
        lines.push(format!("{}: wrote {n} needs", out.display()));
    }
    if let Some(out) = activities {
        let n = export_activities(&store, out, lang)?;
        lines.push(format!("{}: wrote {n} activities", out.display()));
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_ui_types_have_typescript_twins() {
        use crate::app::import_needs::{ImportPreview, ImportReport, NeedMapping, PreviewRow};
        use crate::formats::sheet::SheetKind;
        use crate::formats::table::{
            Separator, Table, TableFormat, TablePreview, TableRow, TextEncoding,
        };
        use crate::store::backup::BackupInfo;
        use ts_rs::TS;
        let cfg = ts_rs::Config::new();
        let all = [
            Table::export_to_string(&cfg),
            TableRow::export_to_string(&cfg),
            TablePreview::export_to_string(&cfg),
            TableFormat::export_to_string(&cfg),
            TextEncoding::export_to_string(&cfg),
            Separator::export_to_string(&cfg),
            SheetKind::export_to_string(&cfg),
            NeedMapping::export_to_string(&cfg),
            PreviewRow::export_to_string(&cfg),
            ImportPreview::export_to_string(&cfg),
            ImportReport::export_to_string(&cfg),
            BackupInfo::export_to_string(&cfg),
        ];
        for ts in &all {
            assert!(
                ts.as_ref().is_ok_and(|t| t.contains("export type")),
                "{ts:?}"
            );
        }
        let backup = all[11].as_ref().map(String::as_str).unwrap_or("");
        assert!(
            backup.contains("size: number") && !backup.contains("path"),
            "{backup}"
        );
    }
}
