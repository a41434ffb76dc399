//! Spreadsheets in and out: reading CSV (encoding and separator detected) and xlsx into a
//! [`Table`], and writing the needs and activities exports as CSV (UTF-8 with BOM, `;`,
//! CRLF — what Swedish Excel expects) or xlsx.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::support::error::{CoreError, ErrorCode, Result};
use crate::store::Store;

/// Larger inputs are refused: a survey export is far smaller, and the whole file is read
/// into memory.
const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;
/// Excel's limit for the text of one cell.
const XLSX_MAX_CELL_CHARS: usize = 32_767;
/// Excel's limit for rows in a sheet.
const XLSX_MAX_ROWS: usize = 1_048_576;
/// Excel's limit for columns in a sheet.
const XLSX_MAX_COLUMNS: usize = 16_384;

// ---- reading -------------------------------------------------------------------------

/// How a table was stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TableFormat {
    Csv,
    /// Any workbook calamine reads (xlsx, xlsm, xlsb, xls, ods).
    Xlsx,
}

/// The text encoding a CSV file was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    Utf8,
    /// UTF-8 starting with a byte order mark (what Excel writes as "CSV UTF-8").
    Utf8Bom,
    /// UTF-16 with a byte order mark (Excel's "Unicode text").
    Utf16Le,
    Utf16Be,
    /// The legacy Windows encoding of Western Europe (Excel's plain "CSV").
    Windows1252,
}

/// The separator a CSV file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Separator {
    Comma,
    Semicolon,
    Tab,
}

impl Separator {
    pub fn as_char(self) -> char {
        match self {
            Separator::Comma => ',',
            Separator::Semicolon => ';',
            Separator::Tab => '\t',
        }
    }
    fn from_char(c: char) -> Option<Separator> {
        match c {
            ',' => Some(Separator::Comma),
            ';' => Some(Separator::Semicolon),
            '\t' => Some(Separator::Tab),
            _ => None,
        }
    }
}

/// One data row of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TableRow {
    /// Where the row is in the source: the line it starts on in a CSV file, the row number
    /// in a sheet (both 1-based), for messages like "row 17: …".
    pub number: u32,
    /// The cells, as text; may be shorter or longer than the header row.
    pub cells: Vec<String>,
}

impl TableRow {
    /// The cell in column `i`, or `""` when the row is shorter.
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map(String::as_str).unwrap_or("")
    }
}

/// A spreadsheet read from a file: a header row and the data rows below it (rows with no
/// text at all are left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Table {
    /// The file's name (without folders), for messages.
    pub file_name: String,
    pub format: TableFormat,
    /// CSV only.
    pub encoding: Option<TextEncoding>,
    /// CSV only.
    pub separator: Option<Separator>,
    /// The sheet that was read (the first one); workbooks only.
    pub sheet: Option<String>,
    /// The header row, each name trimmed.
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
}

/// What the import dialog shows of a table: the headers and the first rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TablePreview {
    pub file_name: String,
    pub format: TableFormat,
    pub encoding: Option<TextEncoding>,
    pub separator: Option<Separator>,
    pub sheet: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
    /// How many data rows the whole table has.
    pub row_count: u32,
}

/// A name as it is compared: trimmed, inner whitespace collapsed to one space, lowercase.
pub fn name_key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A name as it is stored when created from a cell: trimmed, inner whitespace collapsed.
pub fn clean_name(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Table {
    /// The headers and the first `rows` data rows.
    pub fn preview(&self, rows: usize) -> TablePreview {
        TablePreview {
            file_name: self.file_name.clone(),
            format: self.format,
            encoding: self.encoding,
            separator: self.separator,
            sheet: self.sheet.clone(),
            headers: self.headers.clone(),
            rows: self.rows.iter().take(rows).cloned().collect(),
            row_count: self.rows.len() as u32,
        }
    }

    /// The index of the column whose header matches `name` (case- and
    /// whitespace-insensitively), or an error that names the column and lists the headers.
    pub fn column(&self, name: &str) -> Result<usize> {
        let key = name_key(name);
        self.headers
            .iter()
            .position(|h| name_key(h) == key)
            .ok_or_else(|| {
                CoreError::new(ErrorCode::MissingColumn,
                    format!(
                        "no column \"{}\"; the headers are: {}",
                        name.trim(),
                        self.header_list()
                    ),
                )
            })
    }

    /// The headers, quoted and comma-separated, for messages.
    pub fn header_list(&self) -> String {
        if self.headers.is_empty() {
            return "(none)".into();
        }
        self.headers
            .iter()
            .map(|h| format!("\"{h}\""))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_else(|| path.display().to_string())
}

fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            CoreError::new(ErrorCode::Missing, format!("no such file"))
        } else {
            CoreError::new(ErrorCode::Io, format!("cannot read: {e}"))
        }
    })?;
    if meta.is_dir() {
        return Err(CoreError::new(ErrorCode::Io,
            format!("is a folder, not a file"),
        ));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(CoreError::invalid(format!(
            "too large to import ({} MB; at most {} MB)",
            meta.len() / (1024 * 1024),
            MAX_INPUT_BYTES / (1024 * 1024)
        )));
    }
    std::fs::read(path).map_err(|e| CoreError::new(ErrorCode::Io, format!("cannot read: {e}")))
}

/// What the first bytes of a file say it is, when it is not text.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04") {
        Some("an Excel workbook or another zip file")
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some("an old Excel (.xls) or other Office file")
    } else if bytes.starts_with(b"%PDF") {
        Some("a PDF document")
    } else if bytes.starts_with(b"SQLite format 3\0") {
        Some("an SQLite database")
    } else {
        None
    }
}

fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// Read a spreadsheet, CSV or workbook, deciding by the file's contents (and its
/// extension): the format, encoding and separator found are reported in the table.
pub fn read_table(path: &Path) -> Result<Table> {
    let bytes = read_bytes(path)?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let workbook_ext = matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods");
    if is_workbook(&bytes) || workbook_ext {
        table_from_workbook(bytes, &file_name(path))
    } else {
        table_from_csv(&bytes, &file_name(path))
    }
}

/// Read a CSV file (whatever its extension): encoding and separator detected.
pub fn read_csv(path: &Path) -> Result<Table> {
    let bytes = read_bytes(path)?;
    table_from_csv(&bytes, &file_name(path))
}

/// Read the first sheet of a workbook (xlsx, xlsm, xlsb, xls or ods).
pub fn read_xlsx(path: &Path) -> Result<Table> {
    let bytes = read_bytes(path)?;
    table_from_workbook(bytes, &file_name(path))
}

/// Decode CSV bytes: UTF-16 or UTF-8 by byte order mark, UTF-8 when the bytes are valid
/// UTF-8, else Windows-1252. Refuses binary data.
fn decode(bytes: &[u8]) -> Result<(String, TextEncoding)> {
    if let Some(kind) = binary_kind(bytes) {
        let hint = if is_workbook(bytes) {
            "; import it as xlsx (--xlsx)"
        } else {
            ""
        };
        return Err(CoreError::new(ErrorCode::NotText,
            format!("not CSV text: the file is {kind}{hint}"),
        ));
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let (t, had_errors) = encoding_rs::UTF_16LE.decode_without_bom_handling(rest);
        if had_errors {
            return Err(binary());
        }
        (t.into_owned(), TextEncoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let (t, had_errors) = encoding_rs::UTF_16BE.decode_without_bom_handling(rest);
        if had_errors {
            return Err(binary());
        }
        (t.into_owned(), TextEncoding::Utf16Be)
    } else if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        match std::str::from_utf8(rest) {
            Ok(t) => (t.to_string(), TextEncoding::Utf8Bom),
            Err(_) => {
                return Err(CoreError::new(ErrorCode::NotText,
                    format!("starts as UTF-8 text but holds bytes that are not UTF-8"),
                ))
            }
        }
    } else if bytes.contains(&0) {
        return Err(binary());
    } else if let Ok(t) = std::str::from_utf8(bytes) {
        (t.to_string(), TextEncoding::Utf8)
    } else {
        let (t, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        (t.into_owned(), TextEncoding::Windows1252)
    };
    // Text has (almost) no control characters; binary data has many.
    let total = text.chars().count();
    let control = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        .count();
    if control > 0 && (control * 100 > total || text.contains('\0')) {
        return Err(binary());
    }
    Ok((text, encoding))
}

fn binary() -> CoreError {
    CoreError::new(ErrorCode::NotText,
        format!("a binary file, not CSV text; export the survey as CSV or xlsx"),
    )
}

/// The separator of the first non-empty line, counting only characters outside quotes.
/// An Excel `sep=;` line decides by itself.
fn detect_separator(text: &str) -> (Separator, bool) {
    let first = text
        .split(['\n', '\r'])
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    if let Some(rest) = first.trim().strip_prefix("sep=") {
        let mut chars = rest.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if let Some(s) = Separator::from_char(c) {
                return (s, true);
            }
        }
    }
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for c in text.trim_start_matches(['\n', '\r']).chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\n' | '\r' if !in_quotes => break,
            ';' if !in_quotes => counts[0] += 1,
            '\t' if !in_quotes => counts[1] += 1,
            ',' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    // The most frequent wins; ties go to `;`, then tab, then `,` (the Swedish default).
    let order = [Separator::Semicolon, Separator::Tab, Separator::Comma];
    let mut best = 2;
    for i in [1, 0] {
        if counts[i] >= counts[best] && counts[i] > 0 {
            best = i;
        }
    }
    if counts.iter().all(|&n| n == 0) {
        // One column: pick a separator the text never uses, so that a comma in a
        // resident's answer does not cut it in two.
        let unused = [Separator::Tab, Separator::Semicolon, Separator::Comma]
            .into_iter()
            .find(|s| !text.contains(s.as_char()));
        return (unused.unwrap_or(Separator::Tab), false);
    }
    (order[best], false)
}

fn blank_row(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

fn clean_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}').trim().to_string()
}

/// Parse CSV bytes (encoding and separator detected). `name` is used in messages.
pub fn table_from_csv(bytes: &[u8], name: &str) -> Result<Table> {
    let (text, encoding) = decode(bytes)?;
    if text.trim().is_empty() {
        return Err(CoreError::invalid(format!("the file is empty")));
    }
    let (separator, sep_line) = detect_separator(&text);
    // Without a `sep=` line the body is the whole text; with one, it starts at the line
    // break after it (so the reader's line numbers still count from the file's start).
    let (body, line_offset): (&str, u64) = if sep_line {
        let lead = text.len() - text.trim_start_matches(['\n', '\r']).len();
        match text[lead..].find(['\n', '\r']) {
            Some(i) => (
                &text[lead + i..],
                text[..lead + i].matches('\n').count() as u64,
            ),
            None => ("", 0),
        }
    } else {
        (&text, 0)
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator.as_char() as u8)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    // The reader's own line numbers lag behind after CRLF; count from byte offsets instead.
    let bytes = body.as_bytes();
    let (mut counted_to, mut line) = (0usize, 1 + line_offset);
    for record in reader.records() {
        let record = record.map_err(|e| {
            let at = e.position().map(|p| p.line() + line_offset).unwrap_or(0);
            CoreError::invalid(format!("line {at}: cannot read the CSV: {e}"))
        })?;
        let mut start = record.position().map(|p| p.byte() as usize).unwrap_or(0);
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > counted_to {
            line += bytes[counted_to..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            counted_to = start;
        }
        let number = line as u32;
        let cells: Vec<String> = record.iter().map(|c| c.replace("\r\n", "\n")).collect();
        if blank_row(&cells) {
            continue;
        }
        match headers {
            None => headers = Some(cells.iter().map(|c| clean_header(c)).collect()),
            Some(_) => rows.push(TableRow { number, cells }),
        }
    }
    let Some(headers) = headers else {
        return Err(CoreError::invalid(format!(
            "no header row (the file is empty)"
        )));
    };
    Ok(Table {
        file_name: name.to_string(),
        format: TableFormat::Csv,
        encoding: Some(encoding),
        separator: Some(separator),
        sheet: None,
        headers,
        rows,
    })
}

fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.replace("\r\n", "\n"),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                format!("{f}")
            }
        }
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            if dt.is_datetime() {
                let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
                if (h, mi, s) == (0, 0, 0) {
                    format!("{y:04}-{mo:02}-{d:02}")
                } else if s == 0 {
                    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}")
                } else {
                    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
                }
            } else {
                dt.as_f64().to_string()
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// Read the first sheet of a workbook held in `bytes`. The header row is the first
/// non-empty row; empty rows are skipped.
pub fn table_from_workbook(bytes: Vec<u8>, name: &str) -> Result<Table> {
    use calamine::Reader;
    if !is_workbook(&bytes) {
        let what = match binary_kind(&bytes) {
            Some(kind) => kind.to_string(),
            None if decode(&bytes).is_ok() => "text; import it as CSV (--csv)".to_string(),
            None => "not a spreadsheet".to_string(),
        };
        return Err(CoreError::new(ErrorCode::NotWorkbook,
            format!("not an Excel workbook: the file is {what}"),
        ));
    }
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| {
            CoreError::new(ErrorCode::NotWorkbook,
                format!("not a readable Excel workbook ({e})"),
            )
        })?;
    let Some(sheet) = book.sheet_names().first().cloned() else {
        return Err(CoreError::invalid(format!(
            "the workbook has no sheets"
        )));
    };
    let range = book.worksheet_range(&sheet).map_err(|e| {
        CoreError::new(ErrorCode::NotWorkbook,
            format!("cannot read sheet \"{sheet}\": {e}"),
        )
    })?;
    let first_row = range.start().map(|(r, _)| r).unwrap_or(0);
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        if blank_row(&cells) {
            continue;
        }
        let number = first_row + i as u32 + 1;
        match headers {
            None => headers = Some(cells.iter().map(|c| clean_header(c)).collect()),
            Some(_) => rows.push(TableRow { number, cells }),
        }
    }
    let Some(headers) = headers else {
        return Err(CoreError::invalid(format!(
            "the first sheet \"{sheet}\" is empty"
        )));
    };
    Ok(Table {
        file_name: name.to_string(),
        format: TableFormat::Xlsx,
        encoding: None,
        separator: None,
        sheet: Some(sheet),
        headers,
        rows,
    })
}

// ---- writing -------------------------------------------------------------------------

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

/// In CSV, text that Excel would take as a formula gets a leading apostrophe, so a
/// resident's "=HYPERLINK(…)" stays text (CSV injection). xlsx cells are typed, so they
/// need no guard.
fn guard_formula(s: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = s.chars();
    let risky = match chars.next() {
        Some('=' | '+' | '@') => true,
        // "- mer böcker" is a bullet; "-2+3" or "-A1" is not.
        Some('-') => matches!(chars.next(), Some(c) if !c.is_whitespace() && !c.is_alphabetic()),
        _ => false,
    };
    if risky {
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
    CoreError::new(ErrorCode::Io, format!("{}: cannot write: {e}", out.display()))
}

/// Write a sheet (headers, then rows as they stream in) to `out`, atomically. Returns the
/// number of data rows.
pub(crate) fn write_sheet<I>(
    out: &Path,
    sheet_name: &str,
    headers: &[String],
    rows: I,
) -> Result<usize>
where
    I: IntoIterator<Item = Result<Vec<Cell>>>,
{
    let (bytes, n) = match SheetKind::for_path(out) {
        SheetKind::Csv => {
            let mut buf = vec![0xEF, 0xBB, 0xBF];
            let mut n = 0;
            {
                let mut w = csv::WriterBuilder::new()
                    .delimiter(b';')
                    .terminator(csv::Terminator::CRLF)
                    .quote_style(csv::QuoteStyle::Necessary)
                    .from_writer(&mut buf);
                w.write_record(headers).map_err(|e| csv_error(out, e))?;
                for row in rows {
                    let row = row?;
                    let fields: Vec<String> = row
                        .iter()
                        .map(|c| match c {
                            Cell::Text(s) => guard_formula(s).into_owned(),
                            Cell::Number(x) => number_text(*x),
                            Cell::Empty => String::new(),
                        })
                        .collect();
                    w.write_record(&fields).map_err(|e| csv_error(out, e))?;
                    n += 1;
                }
                w.flush().map_err(|e| csv_error(out, e))?;
            }
            (buf, n)
        }
        SheetKind::Xlsx => xlsx_bytes(out, sheet_name, headers, rows)?,
    };
    crate::support::fsio::write_atomic(out, &bytes)?;
    Ok(n)
}

fn xlsx_error(out: &Path, e: rust_xlsxwriter::XlsxError) -> CoreError {
    CoreError::new(ErrorCode::Io,
        format!("{}: cannot write the workbook: {e}", out.display()),
    )
}

fn xlsx_bytes<I>(
    out: &Path,
    sheet_name: &str,
    headers: &[String],
    rows: I,
) -> Result<(Vec<u8>, usize)>
where
    I: IntoIterator<Item = Result<Vec<Cell>>>,
{
    use rust_xlsxwriter::{Format, Workbook};
    if headers.len() > XLSX_MAX_COLUMNS {
        return Err(CoreError::invalid(format!(
            "{}: more columns than an Excel sheet holds ({XLSX_MAX_COLUMNS}); export as CSV instead",
            out.display()
        )));
    }
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name).map_err(|e| xlsx_error(out, e))?;
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for (c, h) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, h, &bold)
            .map_err(|e| xlsx_error(out, e))?;
    }
    let mut n = 0usize;
    for row in rows {
        let row = row?;
        if n + 1 >= XLSX_MAX_ROWS {
            return Err(CoreError::invalid(format!(
                "{}: more rows than an Excel sheet holds ({XLSX_MAX_ROWS}); export as CSV instead",
                out.display()
            )));
        }
        let r = (n + 1) as u32;
        for (c, cell) in row.iter().enumerate() {
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
                    if let Some(w) = widths.get_mut(c) {
                        let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
                        *w = (*w).max(longest);
                    }
                    if text.contains('\n') {
                        sheet.write_string_with_format(r, col, text, &wrap)
                    } else {
                        sheet.write_string(r, col, text)
                    }
                    .map_err(|e| xlsx_error(out, e))?;
                }
                Cell::Number(x) => {
                    sheet
                        .write_number(r, col, *x)
                        .map_err(|e| xlsx_error(out, e))?;
                }
                Cell::Empty => {}
            }
        }
        n += 1;
    }
    for (c, w) in widths.iter().enumerate() {
        let width = (*w as f64 + 2.0).clamp(8.0, 60.0);
        sheet
            .set_column_width(c as u16, width)
            .map_err(|e| xlsx_error(out, e))?;
    }
    sheet
        .set_freeze_panes(1, 0)
        .map_err(|e| xlsx_error(out, e))?;
    let bytes = book.save_to_buffer().map_err(|e| xlsx_error(out, e))?;
    Ok((bytes, n))
}

// ---- the exports ---------------------------------------------------------------------

/// The Swedish name of a method code, as the exports write it.
pub fn method_sv(code: &str) -> &'static str {
    match code {
        "workshop" => "Workshop",
        "popup" => "Pop-up",
        "survey" => "Enkät",
        "interview" => "Intervju",
        "focus_group" => "Fokusgrupp",
        "walk" => "Promenad",
        "digital" => "Digital dialog",
        "information" => "Information",
        _ => "Annat",
    }
}

/// The Swedish name of an activity status code.
pub fn activity_status_sv(code: &str) -> &'static str {
    match code {
        "held" => "Genomförd",
        "reported_back" => "Återkopplad",
        _ => "Planerad",
    }
}

/// `2027-01-10T14:00` as `2027-01-10 14:00`, which Excel reads as a date and time.
fn time_sv(v: Option<String>) -> Cell {
    match v {
        Some(s) if !s.is_empty() => Cell::Text(s.replacen('T', " ", 1)),
        _ => Cell::Empty,
    }
}

fn text(s: String) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s)
    }
}

/// The headers of the needs export.
pub const NEEDS_HEADERS: [&str; 7] = [
    "Behov",
    "Citat",
    "Dialogaktivitet",
    "Datum",
    "Målgrupper",
    "Taggar",
    "Insikter",
];

/// Export every need (statement, quote, activity, date, segments, tags, insights — names,
/// several joined with ", ") to `out`: xlsx when it ends in `.xlsx`, else CSV. The rows
/// stream from one query. Returns the number of needs written.
pub fn export_needs(store: &Store, out: &Path) -> Result<usize> {
    let headers: Vec<String> = NEEDS_HEADERS.iter().map(|h| h.to_string()).collect();
    let mut st = store.conn().prepare(
        "SELECT n.statement, n.quote, COALESCE(a.title, ''), COALESCE(substr(a.starts_at, 1, 10), ''),
           COALESCE((SELECT group_concat(s.name, ', ' ORDER BY s.name, s.id)
                     FROM need_segment ns JOIN segment s ON s.id = ns.segment_id WHERE ns.nid = n.nid), ''),
           COALESCE((SELECT group_concat(t.name, ', ' ORDER BY t.name, t.id)
                     FROM need_tag nt JOIN tag t ON t.id = nt.tag_id WHERE nt.nid = n.nid), ''),
           COALESCE((SELECT group_concat(i.title, ', ' ORDER BY i.title, i.id)
                     FROM insight_need x JOIN insight i ON i.id = x.insight_id WHERE x.nid = n.nid), '')
         FROM need n LEFT JOIN activity a ON a.id = n.activity_id
         ORDER BY a.starts_at IS NULL, a.starts_at, a.title, a.id, n.nid",
    )?;
    let rows = st.query_map([], |r| {
        Ok(vec![
            text(r.get(0)?),
            text(r.get(1)?),
            text(r.get(2)?),
            text(r.get(3)?),
            text(r.get(4)?),
            text(r.get(5)?),
            text(r.get(6)?),
        ])
    })?;
    write_sheet(
        out,
        "Behov",
        &headers,
        rows.map(|r| r.map_err(CoreError::from)),
    )
}

/// Export every activity (title, method, start, end, place, organisers, status, key
/// questions, one column of participants per segment, total) to `out`: xlsx when it ends
/// in `.xlsx`, else CSV. Returns the number of activities written.
pub fn export_activities(store: &Store, out: &Path) -> Result<usize> {
    let conn = store.conn();
    let segments: Vec<(String, String)> = conn
        .prepare("SELECT id, name FROM segment ORDER BY name, id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut counts: HashMap<String, HashMap<String, i64>> = HashMap::new();
    {
        let mut st = conn.prepare("SELECT activity_id, segment_id, count FROM participation")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (a, s, n) = row?;
            counts.entry(a).or_default().insert(s, n);
        }
    }
    let mut headers: Vec<String> = [
        "Titel",
        "Metod",
        "Start",
        "Slut",
        "Plats",
        "Arrangörer",
        "Status",
        "Nyckelfrågor",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    headers.extend(segments.iter().map(|(_, name)| name.clone()));
    headers.push("Totalt".into());
    let mut st = conn.prepare(
        "SELECT a.id, a.title, a.method, a.starts_at, a.ends_at, a.place, a.organisers, a.status,
           COALESCE((SELECT group_concat(q.title, ', ' ORDER BY q.title, q.id)
                     FROM activity_question aq JOIN key_question q ON q.id = aq.key_question_id
                     WHERE aq.activity_id = a.id), '')
         FROM activity a
         ORDER BY a.starts_at IS NULL, a.starts_at, a.title, a.id",
    )?;
    let rows = st.query_map([], |r| {
        let id: String = r.get(0)?;
        let mut cells = vec![
            text(r.get(1)?),
            Cell::Text(method_sv(&r.get::<_, String>(2)?).into()),
            time_sv(r.get(3)?),
            time_sv(r.get(4)?),
            text(r.get(5)?),
            text(r.get(6)?),
            Cell::Text(activity_status_sv(&r.get::<_, String>(7)?).into()),
            text(r.get(8)?),
        ];
        let mine = counts.get(&id);
        let mut total = 0i64;
        for (seg, _) in &segments {
            match mine.and_then(|m| m.get(seg)) {
                Some(n) => {
                    total += n;
                    cells.push(Cell::Number(*n as f64));
                }
                None => cells.push(Cell::Empty),
            }
        }
        cells.push(Cell::Number(total as f64));
        Ok(cells)
    })?;
    write_sheet(
        out,
        "Dialogaktiviteter",
        &headers,
        rows.map(|r| r.map_err(CoreError::from)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ui_types_have_typescript_twins() {
        use crate::store::backup::BackupInfo;
        use crate::app::import_needs::{ImportPreview, ImportReport, NeedMapping, PreviewRow};
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

    #[test]
    fn separator_is_read_from_the_header_line_outside_quotes() {
        assert_eq!(detect_separator("a;b;c\n1,2,3").0, Separator::Semicolon);
        assert_eq!(detect_separator("\"a;b;c\",d,e\n").0, Separator::Comma);
        assert_eq!(detect_separator("a\tb\n").0, Separator::Tab);
        assert_eq!(detect_separator("\n\nfråga\n").0, Separator::Tab);
        assert_eq!(
            detect_separator("Behov\nMer böcker, fler stolar\n").0,
            Separator::Tab,
            "one column: commas in answers do not split them"
        );
        assert_eq!(detect_separator("Behov\na\tb, c\n").0, Separator::Semicolon);
        assert_eq!(detect_separator("sep=;\na,b;c").0, Separator::Semicolon);
        // A quoted header with a line break does not end the line early.
        assert_eq!(
            detect_separator("\"Vad\nbehöver du?\";Citat;Taggar\n").0,
            Separator::Semicolon
        );
    }

    #[test]
    fn names_compare_without_case_and_spacing() {
        assert_eq!(name_key("  Unga   13–19 "), "unga 13–19");
        assert_eq!(name_key("ÖPPETTIDER"), "öppettider");
        assert_eq!(name_key("Tysta\u{a0}rum"), "tysta rum");
    }

    #[test]
    fn formulas_are_guarded_in_csv_only_when_risky() {
        assert_eq!(guard_formula("=1+1"), "'=1+1");
        assert_eq!(guard_formula("+46 42"), "'+46 42");
        assert_eq!(guard_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(guard_formula("-2+3"), "'-2+3");
        assert_eq!(guard_formula("- fler böcker"), "- fler böcker");
        assert_eq!(guard_formula("-Fler böcker"), "-Fler böcker");
        assert_eq!(guard_formula("Vanlig text"), "Vanlig text");
    }
}
