//! Strict, bounded input and guarded spreadsheet output: formulas in CSV exports, one table
//! of text limits for every way text comes in, the unpacked size of a workbook, repeated
//! JSON keys, four-digit years, and a CSV quote that is never closed.

use crate::support::{demo_project, demo_store, sql};

use medskapa_core::app::export::{export_activities, export_needs};
use medskapa_core::domain::model::*;
use medskapa_core::domain::validate::{Texts, MAX_NEED_TEXT};
use medskapa_core::formats::interchange::{parse, to_json};
use medskapa_core::formats::table::{read_table, table_from_csv, table_from_workbook};
use medskapa_core::support::error::ErrorCode;
use medskapa_core::support::lang::Lang;

// ---- formulas in exports --------------------------------------------------------------

/// OWASP's examples of CSV injection, and the ways a cell may start that they name.
const RISKY: [&str; 7] = [
    "=1+1",
    "-cmd|' /C calc'!A0",
    "-HYPERLINK(\"http://x\";\"klicka\")",
    "+46 42",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
];

/// A project whose needs (planted as another program could write them: untrimmed) start
/// in each risky way, with a segment whose name does too.
fn store_with_risky_text(dir: &std::path::Path) -> medskapa_core::store::Store {
    let store = demo_store(dir);
    let conn = sql(&store);
    for (i, text) in RISKY.iter().enumerate() {
        conn.execute(
            "INSERT INTO need(id, statement, quote, activity_id) VALUES (?1, ?2, '', 'a01')",
            rusqlite::params![format!("risky{i}"), text],
        )
        .unwrap();
    }
    conn.execute(
        "INSERT INTO segment(id, name, description, priority) VALUES ('segx', '=cmd', '', 0)",
        [],
    )
    .unwrap();
    store
}

#[test]
fn every_owasp_formula_start_is_guarded_in_csv_and_numbers_stay_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_risky_text(dir.path());
    let out = dir.path().join("behov.csv");
    export_needs(&store, &out, Lang::Sv).unwrap();
    let table = read_table(&out).unwrap();
    for text in RISKY {
        let guarded = format!("'{text}");
        assert!(
            table.rows.iter().any(|r| r.cell(0) == guarded),
            "{text:?} is written as {guarded:?}"
        );
        assert!(
            !table.rows.iter().any(|r| r.cell(0) == text),
            "{text:?} is never written bare"
        );
    }
    let acts = dir.path().join("dialoger.csv");
    export_activities(&store, &acts, Lang::Sv).unwrap();
    let table = read_table(&acts).unwrap();
    assert!(
        table.headers.iter().any(|h| h == "'=cmd"),
        "a segment's name as a header is guarded: {:?}",
        table.headers
    );
    let total = table.headers.len() - 1;
    for row in &table.rows {
        assert!(
            row.cell(total).parse::<u32>().is_ok(),
            "a total is a plain number: {:?}",
            row.cell(total)
        );
    }
}

#[test]
fn xlsx_writes_risky_text_as_strings_not_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_risky_text(dir.path());
    let out = dir.path().join("behov.xlsx");
    export_needs(&store, &out, Lang::Sv).unwrap();
    let table = read_table(&out).unwrap();
    for text in RISKY {
        // A formula would read back as its (absent) cached value, not as its text.
        assert!(
            table.rows.iter().any(|r| r.cell(0) == text),
            "{text:?} is a string cell, unchanged"
        );
    }
}

// ---- one table of text limits ---------------------------------------------------------

/// The demo project as JSON with `f` applied.
fn demo_with(f: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(&to_json(&demo_project())).unwrap();
    f(&mut v);
    v.to_string()
}

/// Every text field of every section, with its limit, from the table itself.
fn limited_fields() -> Vec<(String, &'static str, usize)> {
    let mut out = Vec::new();
    let mut add = |section: &str, texts: Vec<(&'static str, &str, usize)>| {
        for (field, _, max) in texts {
            out.push((section.to_string(), field, max));
        }
    };
    add("project", ProjectInfo::default().texts());
    add("effect_goals[0]", EffectGoal::default().texts());
    add("segments[0]", Segment::default().texts());
    add("tags[0]", Tag::default().texts());
    add("decisions[0]", Decision::default().texts());
    add("key_questions[0]", KeyQuestion::default().texts());
    add("activities[0]", Activity::default().texts());
    add("needs[0]", Need::default().texts());
    add("insights[0]", Insight::default().texts());
    out
}

/// `needs[0]` as a JSON pointer's steps: `needs/0`.
fn pointer(path: &str) -> String {
    path.replace("[0]", "/0")
}

#[test]
fn json_import_holds_every_text_field_to_the_limit_a_form_has() {
    let fields = limited_fields();
    assert!(fields.len() >= 30, "every text field is in the table");
    for (section, field, max) in fields {
        let at = format!("/{}/{field}", pointer(&section));
        let fits = demo_with(|v| *v.pointer_mut(&at).unwrap() = "x".repeat(max).into());
        assert!(
            parse(&fits).is_ok(),
            "{section}.{field}: {max} characters fit"
        );
        let long = demo_with(|v| *v.pointer_mut(&at).unwrap() = "ö".repeat(max + 1).into());
        let e = parse(&long).unwrap_err();
        assert_eq!(e.code, ErrorCode::TooLong, "{}", e.message);
        assert!(
            e.message
                .starts_with(&format!("{section}.{field}: too long")),
            "{}",
            e.message
        );
    }
}

#[test]
fn a_huge_statement_in_json_is_refused_by_its_path_before_anything_else() {
    let text = demo_with(|v| v["needs"][12]["statement"] = "a".repeat(50 << 20).into());
    let started = std::time::Instant::now();
    let e = parse(&text).unwrap_err();
    assert!(
        e.message
            .starts_with("needs[12].statement: too long (52428800 characters; at most 20000)"),
        "{}",
        e.message
    );
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

#[test]
fn the_forms_refuse_what_json_refuses_with_the_field_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    let mut a = store.load_project().unwrap().activities[0].clone();
    a.place = "x".repeat(501);
    let e = store.save_activity(&a).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::TooLong, Some("place"))
    );
    let e = store
        .save_need(&Need {
            statement: "x".repeat(MAX_NEED_TEXT + 1),
            ..Need::default()
        })
        .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::TooLong, Some("statement"))
    );
    let mut d = store.load_project().unwrap().decisions[0].clone();
    d.forum = "x".repeat(501);
    assert_eq!(
        store.save_decision(&d).unwrap_err().field.as_deref(),
        Some("forum")
    );
}

fn survey_csv(rows: &[&str]) -> Vec<u8> {
    let mut s = String::from("Behov;Citat;Grupp;Taggar\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s.into_bytes()
}

fn plan_error(table: &medskapa_core::formats::table::Table) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    let mapping = medskapa_core::app::import_needs::NeedMapping {
        statement: "Behov".into(),
        quote: Some("Citat".into()),
        segment: Some("Grupp".into()),
        tags: Some("Taggar".into()),
    };
    let before = store.load_project().unwrap().needs.len();
    let e = medskapa_core::app::import_needs::import_needs(&mut store, table, &mapping, "a01")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::TooLong, "{}", e.message);
    assert_eq!(store.load_project().unwrap().needs.len(), before);
    e.message
}

#[test]
fn csv_and_xlsx_imports_hold_cells_to_the_same_limits() {
    let long = "x".repeat(MAX_NEED_TEXT + 1);
    let name = "y".repeat(501);
    let cases = [
        (format!("ok;{long};;"), "row 3: quote: too long"),
        (format!("{long};;;"), "row 3: statement: too long"),
        (format!("ok;;{name};"), "row 3: segment name: too long"),
        (format!("ok;;;{name}"), "row 3: tag name: too long"),
    ];
    for (row, expected) in &cases {
        let csv = survey_csv(&["fint;;;", row]);
        let table = table_from_csv(&csv, "enkat.csv").unwrap();
        let message = plan_error(&table);
        assert!(message.starts_with(expected), "CSV: {message}");

        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (r, line) in ["Behov;Citat;Grupp;Taggar", "fint;;;", row]
            .iter()
            .enumerate()
        {
            for (c, cell) in line.split(';').enumerate() {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
        let bytes = book.save_to_buffer().unwrap();
        let table = table_from_workbook(bytes, "enkat.xlsx").unwrap();
        let message = plan_error(&table);
        assert!(message.starts_with(expected), "xlsx: {message}");
    }
}

// ---- the unpacked size of a workbook ---------------------------------------------------

fn small_workbook() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Behov").unwrap();
    sheet.write_string(1, 0, "Fler stolar").unwrap();
    book.save_to_buffer().unwrap()
}

/// Set the uncompressed size the zip directory declares for `name`.
fn declare_size(bytes: &mut [u8], name: &str, size: u32) {
    let mut i = 0;
    let mut found = false;
    while i + 46 <= bytes.len() {
        if bytes[i..i + 4] == *b"PK\x01\x02" {
            let len = u16::from_le_bytes([bytes[i + 28], bytes[i + 29]]) as usize;
            if &bytes[i + 46..i + 46 + len] == name.as_bytes() {
                bytes[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
                found = true;
            }
        }
        i += 1;
    }
    assert!(found, "{name} is in the zip directory");
}

#[test]
fn a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_read() {
    let bytes = small_workbook();
    assert!(table_from_workbook(bytes.clone(), "enkat.xlsx").is_ok());
    let mut bomb = bytes.clone();
    declare_size(&mut bomb, "xl/worksheets/sheet1.xml", 400 << 20);
    let e = table_from_workbook(bomb, "bomb.xlsx").unwrap_err();
    assert!(
        e.message
            .starts_with("bomb.xlsx: the workbook unpacks to 400 MB"),
        "{}",
        e.message
    );
    // A part that holds more than it declares is not read past what it declares.
    let mut liar = bytes;
    declare_size(&mut liar, "xl/worksheets/sheet1.xml", 10);
    assert!(table_from_workbook(liar, "liar.xlsx").is_err());
}

// ---- repeated JSON keys -----------------------------------------------------------------

fn project_json(needs: &str) -> String {
    format!(
        r#"{{"format": "medskapa-project", "version": 1, "project": {{"name": "P"}}, "effect_goals": [], "tags": [], "decisions": [], "key_questions": [], "insights": [],
            "activities": [{{"id": "a1", "title": "Samtal", "participants": [{{"segment_id": "s1", "count": 2}}]}}],
            "segments": [{{"id": "s1", "name": "Unga"}}],
            "needs": {needs}}}"#
    )
}

#[test]
fn a_repeated_key_is_refused_naming_the_key_and_its_path() {
    let ok = project_json(r#"[{"id": "n1", "statement": "a"}, {"id": "n2", "statement": "b"}]"#);
    assert_eq!(
        parse(&ok).unwrap().needs.len(),
        2,
        "the same key in two objects"
    );
    let twice = project_json(
        r#"[{"id": "n1", "statement": "a"}, {"id": "n2", "statement": "b", "statement": "c"}]"#,
    );
    let e = parse(&twice).unwrap_err();
    assert!(
        e.message
            .starts_with("needs[1].statement: the key \"statement\" appears twice"),
        "{}",
        e.message
    );
    assert!(e.message.contains("line 4"), "{}", e.message);
    let deep = ok.replace(r#""count": 2"#, r#""count": 2, "segment_id": "s1""#);
    let e = parse(&deep).unwrap_err();
    assert!(
        e.message.starts_with(
            "activities[0].participants[0].segment_id: the key \"segment_id\" appears twice"
        ),
        "{}",
        e.message
    );
    let top = ok.replace(
        r#""version": 1,"#,
        r#""version": 1, "format": "medskapa-project","#,
    );
    let e = parse(&top).unwrap_err();
    assert!(e.message.starts_with("format: the key"), "{}", e.message);
}

// ---- four-digit years ---------------------------------------------------------------------

const BAD_DATES: [&str; 6] = [
    "+999-01-01",
    "0999-01-01",
    "999-01-01",
    "10000-01-01",
    "+2027-01-01",
    "2027-1-01",
];

#[test]
fn dates_have_four_digit_years_in_json_and_in_the_forms() {
    for bad in BAD_DATES {
        let text = demo_with(|v| v["key_questions"][0]["needed_by"] = bad.into());
        let e = parse(&text).unwrap_err();
        assert!(
            e.message.starts_with("key_questions[0].needed_by: ")
                && e.message.contains("not a date"),
            "{bad}: {}",
            e.message
        );
        let text = demo_with(|v| v["activities"][0]["starts_at"] = format!("{bad}T10:00").into());
        let e = parse(&text).unwrap_err();
        assert!(
            e.message.starts_with("activities[0].starts_at: "),
            "{bad}: {}",
            e.message
        );
    }
    let ok = demo_with(|v| v["key_questions"][0]["needed_by"] = "1000-01-01".into());
    assert!(parse(&ok).is_ok());

    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    let p = store.load_project().unwrap();
    let mut q = p.key_questions[0].clone();
    q.needed_by = Some("+999-01-01".into());
    let e = store.save_key_question(&q).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::NotADate, Some("needed_by"))
    );
    let mut a = p.activities[0].clone();
    a.starts_at = Some("+999-01-01T10:00".into());
    a.ends_at = None;
    let e = store.save_activity(&a).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::NotATime, Some("starts_at"))
    );
    q.needed_by = Some("2027-03-14".into());
    assert!(store.save_key_question(&q).is_ok());
}

// ---- a CSV quote that is never closed ----------------------------------------------------

#[test]
fn an_unterminated_quote_is_an_error_naming_the_line_it_opens_on() {
    let csv = "Behov;Citat\nFler stolar;a\n\"Mer böcker;b\nTysta rum;c\nKafé;d\n";
    let e = table_from_csv(csv.as_bytes(), "enkat.csv").unwrap_err();
    assert!(
        e.message
            .starts_with("line 3: a quote (\") opens a cell here and is never closed"),
        "{}",
        e.message
    );
    // After a closed multi-line cell and with a `sep=` line, the line is still the file's.
    let csv = "sep=;\r\nBehov;Citat\r\n\"två\r\nrader\";a\r\nok;\"b\r\nc;d\r\n";
    let e = table_from_csv(csv.as_bytes(), "enkat.csv").unwrap_err();
    assert!(e.message.starts_with("line 5: "), "{}", e.message);
}

#[test]
fn quotes_that_close_or_do_not_open_a_cell_read_as_before() {
    let csv = "Behov;Citat\n\"Säg \"\"hej\"\"\";a\n5\" skärm;b\n\"x\"y;c\n\"\";d\n";
    let t = table_from_csv(csv.as_bytes(), "enkat.csv").unwrap();
    let cells: Vec<&str> = t.rows.iter().map(|r| r.cell(0)).collect();
    assert_eq!(cells, ["Säg \"hej\"", "5\" skärm", "xy", ""]);
}
