//! Reading spreadsheets into a [`Table`]: CSV with its encoding and separator detected, and
//! the first sheet of a workbook (xlsx, xlsm, xlsb, xls, ods).

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::support::error::{CoreError, ErrorCode, Result};

/// Larger inputs are refused: a survey export is far smaller, and the whole file is read
/// into memory.
const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// The most a zipped workbook (xlsx, ods) may unpack to: the limit of a CSV file, for the
/// XML that holds the same text. A small file that unpacks to far more (a zip bomb) is
/// refused before the sheet is read.
const MAX_UNPACKED_BYTES: u64 = MAX_INPUT_BYTES;

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
                CoreError::new(
                    ErrorCode::MissingColumn,
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
            CoreError::new(ErrorCode::Missing, "no such file")
        } else {
            CoreError::new(ErrorCode::Io, format!("cannot read: {e}"))
        }
    })?;
    if meta.is_dir() {
        return Err(CoreError::new(ErrorCode::Io, "is a folder, not a file"));
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
        return Err(CoreError::new(
            ErrorCode::NotText,
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
                return Err(CoreError::new(
                    ErrorCode::NotText,
                    "starts as UTF-8 text but holds bytes that are not UTF-8",
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
    CoreError::new(
        ErrorCode::NotText,
        "a binary file, not CSV text; export the survey as CSV or xlsx",
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

/// Where (a byte offset) a quote opens a cell that is still open at the end of `body`, read
/// as the csv reader reads it: a quote opens a quoted cell only as a cell's first character,
/// `""` inside one is a quote, and the quoted cell ends at the next lone quote. The reader
/// itself ends such a cell at the end of the file without a word.
fn open_quote(body: &[u8], separator: u8) -> Option<usize> {
    enum State {
        CellStart,
        Cell,
        Quoted(usize),
        QuoteInQuoted(usize),
    }
    let mut state = State::CellStart;
    for (i, &b) in body.iter().enumerate() {
        let ends_cell = b == separator || b == b'\n' || b == b'\r';
        state = match state {
            State::CellStart if b == b'"' => State::Quoted(i),
            State::CellStart | State::Cell if ends_cell => State::CellStart,
            State::CellStart | State::Cell => State::Cell,
            State::Quoted(at) if b == b'"' => State::QuoteInQuoted(at),
            State::Quoted(at) => State::Quoted(at),
            State::QuoteInQuoted(at) if b == b'"' => State::Quoted(at),
            State::QuoteInQuoted(_) if ends_cell => State::CellStart,
            State::QuoteInQuoted(_) => State::Cell,
        };
    }
    match state {
        State::Quoted(at) => Some(at),
        _ => None,
    }
}

/// Parse CSV bytes (encoding and separator detected). `name` is used in messages.
pub fn table_from_csv(bytes: &[u8], name: &str) -> Result<Table> {
    let (text, encoding) = decode(bytes)?;
    if text.trim().is_empty() {
        return Err(CoreError::invalid("the file is empty"));
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
    if let Some(at) = open_quote(body.as_bytes(), separator.as_char() as u8) {
        let line = 1
            + line_offset
            + body.as_bytes()[..at]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
        return Err(CoreError::invalid(format!(
            "line {line}: a quote (\") opens a cell here and is never closed, so every line after it would be read into that one cell; close the quote or remove it"
        )));
    }
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
        return Err(CoreError::invalid("no header row (the file is empty)"));
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

/// Refuse a zipped workbook whose parts unpack to more than [`MAX_UNPACKED_BYTES`], by the
/// sizes its zip directory declares (the zip reader never unpacks more than a part
/// declares, so they bound what calamine reads). Other workbooks (xls) pass.
fn check_unpacked_size(bytes: &[u8], name: &str) -> Result<()> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Ok(());
    }
    let unreadable = |e: zip::result::ZipError| {
        CoreError::of(
            ErrorCode::NotWorkbook,
            name,
            format!("not a readable Excel workbook ({e})"),
        )
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(unreadable)?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        total = total.saturating_add(zip.by_index_raw(i).map_err(unreadable)?.size());
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(CoreError::of(
            ErrorCode::Invalid,
            name,
            format!(
                "the workbook unpacks to {} MB, more than the {} MB a workbook may hold to be imported",
                total / (1024 * 1024),
                MAX_UNPACKED_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(())
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
        return Err(CoreError::new(
            ErrorCode::NotWorkbook,
            format!("not an Excel workbook: the file is {what}"),
        ));
    }
    check_unpacked_size(&bytes, name)?;
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| {
            CoreError::new(
                ErrorCode::NotWorkbook,
                format!("not a readable Excel workbook ({e})"),
            )
        })?;
    let Some(sheet) = book.sheet_names().first().cloned() else {
        return Err(CoreError::invalid("the workbook has no sheets"));
    };
    let range = book.worksheet_range(&sheet).map_err(|e| {
        CoreError::new(
            ErrorCode::NotWorkbook,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
