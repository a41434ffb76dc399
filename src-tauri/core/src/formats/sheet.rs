//! Writing spreadsheets a row at a time — CSV as Swedish Excel expects it (formulas guarded)
//! or xlsx — and the Swedish words the exports write.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::support::error::{CoreError, ErrorCode, Result};
use crate::support::fsio::{Guard, Output};

/// Excel's limit for the text of one cell.
const XLSX_MAX_CELL_CHARS: usize = 32_767;
/// Excel's limit for rows in a sheet.
const XLSX_MAX_ROWS: usize = 1_048_576;
/// Excel's limit for columns in a sheet.
const XLSX_MAX_COLUMNS: usize = 16_384;

/// The kind of spreadsheet an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SheetKind {
    /// UTF-8 with BOM, `;`-separated, CRLF line ends.
    Csv,
    Xlsx,
}

impl SheetKind {
    /// `.xlsx` (any case) gives xlsx, anything else CSV.
    pub fn for_path(path: &Path) -> SheetKind {
        match path.extension() {
            Some(e) if e.eq_ignore_ascii_case("xlsx") => SheetKind::Xlsx,
            _ => SheetKind::Csv,
        }
    }
}

/// One cell of an export.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl Cell {
    /// Text, or an empty cell for empty text.
    pub(crate) fn text(s: String) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }
}

/// In CSV, text that a spreadsheet could take as a formula gets a leading apostrophe, so a
/// resident's "=HYPERLINK(…)" stays text (CSV injection). As OWASP advises, that is every
/// text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return — "- fler böcker"
/// too, since no rule that lets some of them through is safe in every spreadsheet program.
/// Numbers are written as numbers ([`Cell::Number`]) and are not text. xlsx cells are typed
/// (text is written as a string, never as a formula), so they need no guard.
fn guard_formula(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn csv_error(out: &Path, e: impl std::fmt::Display) -> CoreError {
    CoreError::of(ErrorCode::Io, out.display(), format!("cannot write: {e}"))
}

fn xlsx_error(out: &Path, e: XlsxError) -> CoreError {
    CoreError::of(
        ErrorCode::Io,
        out.display(),
        format!("cannot write the workbook: {e}"),
    )
}

/// An xlsx sheet being filled, with the widest text seen in each column.
struct XlsxSheet {
    sheet: Worksheet,
    widths: Vec<usize>,
    wrap: Format,
}

enum Body {
    Csv(Box<csv::Writer<Vec<u8>>>),
    Xlsx(Box<XlsxSheet>),
}

/// A sheet written row by row, kept in memory and written to its file atomically by
/// [`Sheet::finish`]: xlsx when the file name ends in `.xlsx`, else CSV.
pub(crate) struct Sheet {
    out: PathBuf,
    body: Body,
    rows: usize,
}

impl Sheet {
    /// A sheet named `sheet_name` (xlsx only) with a header row.
    pub(crate) fn new(out: &Path, sheet_name: &str, headers: &[String]) -> Result<Sheet> {
        let body = match SheetKind::for_path(out) {
            SheetKind::Csv => {
                let mut w = csv::WriterBuilder::new()
                    .delimiter(b';')
                    .terminator(csv::Terminator::CRLF)
                    .quote_style(csv::QuoteStyle::Necessary)
                    .from_writer(vec![0xEF, 0xBB, 0xBF]);
                // Headers hold names people typed (a column per segment), so they are guarded too.
                w.write_record(headers.iter().map(|h| guard_formula(h).into_owned()))
                    .map_err(|e| csv_error(out, e))?;
                Body::Csv(Box::new(w))
            }
            SheetKind::Xlsx => {
                if headers.len() > XLSX_MAX_COLUMNS {
                    return Err(CoreError::of(ErrorCode::Invalid, out.display(), format!("more columns than an Excel sheet holds ({XLSX_MAX_COLUMNS}); export as CSV instead")));
                }
                let mut sheet = Worksheet::new();
                sheet.set_name(sheet_name).map_err(|e| xlsx_error(out, e))?;
                let bold = Format::new().set_bold();
                for (c, h) in headers.iter().enumerate() {
                    sheet
                        .write_string_with_format(0, c as u16, h, &bold)
                        .map_err(|e| xlsx_error(out, e))?;
                }
                Body::Xlsx(Box::new(XlsxSheet {
                    sheet,
                    widths: headers.iter().map(|h| h.chars().count()).collect(),
                    wrap: Format::new().set_text_wrap(),
                }))
            }
        };
        Ok(Sheet {
            out: out.to_path_buf(),
            body,
            rows: 0,
        })
    }

    /// Add a data row.
    pub(crate) fn row(&mut self, cells: &[Cell]) -> Result<()> {
        let out = &self.out;
        match &mut self.body {
            Body::Csv(w) => {
                let fields: Vec<String> = cells
                    .iter()
                    .map(|c| match c {
                        Cell::Text(s) => guard_formula(s).into_owned(),
                        Cell::Number(x) => number_text(*x),
                        Cell::Empty => String::new(),
                    })
                    .collect();
                w.write_record(&fields).map_err(|e| csv_error(out, e))?;
            }
            Body::Xlsx(x) => {
                if self.rows + 1 >= XLSX_MAX_ROWS {
                    return Err(CoreError::of(ErrorCode::Invalid, out.display(), format!("more rows than an Excel sheet holds ({XLSX_MAX_ROWS}); export as CSV instead")));
                }
                x.row((self.rows + 1) as u32, cells)
                    .map_err(|e| xlsx_error(out, e))?;
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Write the sheet to its file (atomically), never over what `guard` protects.
    /// Returns the number of data rows.
    pub(crate) fn finish(self, guard: Guard) -> Result<usize> {
        let out = &self.out;
        let bytes = match self.body {
            Body::Csv(w) => (*w).into_inner().map_err(|e| csv_error(out, e.error()))?,
            Body::Xlsx(x) => x.finish().map_err(|e| xlsx_error(out, e))?,
        };
        Output::new(out, guard).write(&bytes)?;
        Ok(self.rows)
    }
}

impl XlsxSheet {
    fn row(&mut self, r: u32, cells: &[Cell]) -> std::result::Result<(), XlsxError> {
        for (c, cell) in cells.iter().enumerate() {
            let col = c as u16;
            match cell {
                Cell::Text(s) if s.is_empty() => {}
                Cell::Text(s) => {
                    let text: String = if s.chars().count() > XLSX_MAX_CELL_CHARS {
                        let mut t: String = s.chars().take(XLSX_MAX_CELL_CHARS - 1).collect();
                        t.push('…');
                        t
                    } else {
                        s.clone()
                    };
                    if let Some(w) = self.widths.get_mut(c) {
                        let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
                        *w = (*w).max(longest);
                    }
                    if text.contains('\n') {
                        self.sheet
                            .write_string_with_format(r, col, text, &self.wrap)?;
                    } else {
                        self.sheet.write_string(r, col, text)?;
                    }
                }
                Cell::Number(x) => {
                    self.sheet.write_number(r, col, *x)?;
                }
                Cell::Empty => {}
            }
        }
        Ok(())
    }

    fn finish(mut self) -> std::result::Result<Vec<u8>, XlsxError> {
        for (c, w) in self.widths.iter().enumerate() {
            let width = (*w as f64 + 2.0).clamp(8.0, 60.0);
            self.sheet.set_column_width(c as u16, width)?;
        }
        self.sheet.set_freeze_panes(1, 0)?;
        let mut book = Workbook::new();
        book.push_worksheet(self.sheet);
        book.save_to_buffer()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_guarded_in_csv_only_when_risky() {
        assert_eq!(guard_formula("=1+1"), "'=1+1");
        assert_eq!(guard_formula("+46 42"), "'+46 42");
        assert_eq!(guard_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(guard_formula("-2+3"), "'-2+3");
        assert_eq!(guard_formula("-cmd|' /C calc'!A0"), "'-cmd|' /C calc'!A0");
        assert_eq!(
            guard_formula("-HYPERLINK(\"http://x\")"),
            "'-HYPERLINK(\"http://x\")"
        );
        assert_eq!(guard_formula("\t=1+1"), "'\t=1+1");
        assert_eq!(guard_formula("\r=1+1"), "'\r=1+1");
        assert_eq!(guard_formula("- fler böcker"), "'- fler böcker");
        assert_eq!(guard_formula("Vanlig text"), "Vanlig text");
        assert_eq!(guard_formula("2027-01-10 14:00"), "2027-01-10 14:00");
        assert_eq!(guard_formula(" =1"), " =1");
    }
}
