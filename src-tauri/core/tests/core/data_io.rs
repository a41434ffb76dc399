//! Data in and out: reading survey exports (CSV in any encoding and separator, xlsx),
//! importing needs all-or-nothing, spreadsheet exports, the interchange JSON Schema, a
//! property test of the JSON importer, and backups.
//!
//! The fixtures in `tests/fixtures/` (repository root) are made by `make_fixtures` below:
//! `cargo test -p medskapa-core --test core -- --ignored make_fixtures`.

use std::path::Path;

use crate::support::{count, demo_store, fixture};

use medskapa_core::app::export::{export_activities, export_needs};
use medskapa_core::app::import_needs::{import_needs, preview_import, NeedMapping};
use medskapa_core::domain::model::*;
use medskapa_core::formats::table::{
    read_csv, read_table, read_xlsx, Separator, TableFormat, TextEncoding,
};
use medskapa_core::store::backup::{list_backups, restore_backup, rolling_backup};
use medskapa_core::store::{OpenOptions, Store};
use medskapa_core::support::lang::Lang;

// ---- helpers -------------------------------------------------------------------------

/// Needs, tags and segments: what an import may change.
fn counts(store: &Store) -> (i64, i64, i64, i64, i64) {
    (
        count(store, "need"),
        count(store, "tag"),
        count(store, "segment"),
        count(store, "need_tag"),
        count(store, "need_segment"),
    )
}

fn mapping(statement: &str, quote: &str, segment: &str, tags: &str) -> NeedMapping {
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    NeedMapping {
        statement: statement.into(),
        quote: opt(quote),
        segment: opt(segment),
        tags: opt(tags),
    }
}

fn cp1252_mapping() -> NeedMapping {
    mapping(
        "vad behöver du av det nya STADSBIBLIOTEKET?",
        "Citat  (anonymt)",
        "målgrupp",
        "Taggar",
    )
}

/// Tag ids of the need with this statement.
fn need_by_statement(store: &Store, statement: &str) -> Need {
    let p = store.load_project().expect("load");
    p.needs
        .into_iter()
        .find(|n| n.statement == statement)
        .unwrap_or_else(|| panic!("no need {statement:?}"))
}

// ---- reading tables --------------------------------------------------------------------

#[test]
fn a_windows_1252_semicolon_csv_with_line_breaks_in_cells_reads_intact() {
    let t = read_csv(&fixture("enkat-cp1252-semikolon.csv")).expect("reads");
    assert_eq!(t.format, TableFormat::Csv);
    assert_eq!(t.encoding, Some(TextEncoding::Windows1252));
    assert_eq!(t.separator, Some(Separator::Semicolon));
    assert_eq!(
        t.headers,
        [
            "Tidpunkt",
            "Vad behöver du av det nya stadsbiblioteket?",
            "Citat (anonymt)",
            "Målgrupp",
            "Taggar"
        ]
    );
    assert_eq!(t.rows.len(), 7);
    let second = &t.rows[1];
    assert_eq!(second.cell(1), "Längre öppettider på kvällar\noch helger");
    assert_eq!(
        second.cell(2),
        "Jag jobbar till sex.\nDå är biblioteket redan stängt."
    );
    assert_eq!(second.number, 3, "the line the row starts on");
    assert_eq!(t.rows[2].number, 6, "after a row of three lines");
    assert_eq!(
        t.rows[0].cell(2),
        "Hemma är det för trångt; här kan jag koncentrera mig."
    );
    assert!(t.rows[4].cell(2).contains("50 €"), "cp1252's euro sign");
    assert!(
        t.rows[6].cell(2).contains("framtiden – om"),
        "cp1252's en dash"
    );
}

#[test]
fn a_utf8_csv_with_bom_reads_without_the_bom_in_the_first_header() {
    let t = read_table(&fixture("enkat-utf8-bom.csv")).expect("reads");
    assert_eq!(t.encoding, Some(TextEncoding::Utf8Bom));
    assert_eq!(t.separator, Some(Separator::Comma));
    assert_eq!(t.headers[0], "Tidstämpel");
    assert_eq!(t.headers[1], "Vad saknar du i dag?", "trimmed");
    assert_eq!(t.rows.len(), 4);
    assert_eq!(t.rows[0].cell(1), "Ett rum för ungdomar, utan vuxna");
    assert_eq!(
        t.rows[0].cell(2),
        "\"Vi blir alltid utkastade\", sa en kille."
    );
    assert_eq!(t.column("vad SAKNAR du   i dag?").expect("found"), 1);
}

#[test]
fn a_tab_separated_file_is_detected() {
    let t = read_table(&fixture("enkat-tab.tsv")).expect("reads");
    assert_eq!(t.encoding, Some(TextEncoding::Utf8));
    assert_eq!(t.separator, Some(Separator::Tab));
    assert_eq!(t.headers, ["Svar", "Citat", "Grupp", "Kod"]);
    assert_eq!(t.rows.len(), 3);
    assert_eq!(
        t.rows[0].cell(0),
        "Mer plats för föreningar, studiecirklar; möten"
    );
}

#[test]
fn an_xlsx_header_is_the_first_non_empty_row_and_empty_rows_are_skipped() {
    let t = read_xlsx(&fixture("enkat.xlsx")).expect("reads");
    assert_eq!(t.format, TableFormat::Xlsx);
    assert_eq!(t.sheet.as_deref(), Some("Svar"));
    assert_eq!(t.encoding, None);
    assert_eq!(
        t.headers,
        ["Datum", "Ålder", "Behov", "Citat", "Målgrupp", "Taggar"]
    );
    assert_eq!(t.rows.len(), 4, "empty rows skipped: {:?}", t.rows);
    assert_eq!(t.rows[0].number, 4, "the sheet's own row number");
    assert_eq!(t.rows[0].cell(0), "2026-05-20", "a date cell as a date");
    assert_eq!(t.rows[0].cell(1), "67", "a whole number without decimals");
    assert_eq!(t.rows[0].cell(2), "Större text på skyltarna");
    assert!(t.rows[1].cell(3).contains('\n'), "line break inside a cell");
    assert_eq!(t.rows[3].number, 9);
    // read_table tells a workbook by its contents.
    assert_eq!(read_table(&fixture("enkat.xlsx")).expect("reads"), t);
}

#[test]
fn a_binary_file_given_as_csv_is_refused_clearly() {
    let e = read_csv(&fixture("binar.csv")).unwrap_err();
    assert_eq!(e.code, "not_text");
    // The reader says what is wrong; the caller names the file the way its user named it.
    assert!(!e.is_named(), "{}", e.message);
    let e = e.in_file(&fixture("binar.csv"));
    assert!(
        e.message
            .ends_with("binar.csv: a binary file, not CSV text; export the survey as CSV or xlsx"),
        "{}",
        e.message
    );
    assert!(!e.message.contains('\n'));
}

#[test]
fn a_workbook_given_as_csv_and_text_given_as_xlsx_say_what_they_are() {
    let e = read_csv(&fixture("enkat.xlsx")).unwrap_err();
    assert_eq!(e.code, "not_text");
    assert!(e.message.contains("Excel workbook"), "{}", e.message);
    assert!(e.message.contains("--xlsx"), "{}", e.message);
    let e = read_xlsx(&fixture("enkat-tab.tsv")).unwrap_err();
    assert_eq!(e.code, "not_workbook");
    assert!(e.message.contains("text"), "{}", e.message);
    assert!(e.message.contains("--csv"), "{}", e.message);
    let e = read_xlsx(&fixture("binar.csv")).unwrap_err();
    assert_eq!(e.code, "not_workbook");
}

#[test]
fn empty_missing_and_broken_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("tom.csv");
    std::fs::write(&empty, b"\xEF\xBB\xBF \r\n\r\n").unwrap();
    let e = read_csv(&empty).unwrap_err();
    assert!(e.message.contains("empty"), "{}", e.message);
    let e = read_table(&dir.path().join("finns-inte.csv")).unwrap_err();
    assert_eq!(e.code, "missing");
    // A zip that is not a workbook.
    let zip = dir.path().join("trasig.xlsx");
    std::fs::write(&zip, b"PK\x03\x04 not really a zip").unwrap();
    let e = read_table(&zip).unwrap_err();
    assert_eq!(e.code, "not_workbook", "{}", e.message);
    // UTF-16 with a BOM (Excel's "Unicode text") is text.
    let u16 = dir.path().join("unicode.txt");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "Behov\tGrupp\r\nTysta rum för läxor\tUnga\r\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    std::fs::write(&u16, bytes).unwrap();
    let t = read_table(&u16).expect("utf-16 reads");
    assert_eq!(t.encoding, Some(TextEncoding::Utf16Le));
    assert_eq!(t.rows[0].cells, ["Tysta rum för läxor", "Unga"]);
}

#[test]
fn the_preview_holds_headers_and_the_first_rows() {
    let t = read_csv(&fixture("enkat-cp1252-semikolon.csv")).unwrap();
    let p = t.preview(2);
    assert_eq!(p.headers, t.headers);
    assert_eq!(p.rows, t.rows[..2]);
    assert_eq!(p.row_count, 7);
    assert_eq!(p.separator, Some(Separator::Semicolon));
}

// ---- importing needs -----------------------------------------------------------------

#[test]
fn importing_a_cp1252_survey_matches_names_and_creates_the_missing_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    let before = counts(&store);
    let t = read_csv(&fixture("enkat-cp1252-semikolon.csv")).unwrap();
    let report = import_needs(&mut store, &t, &cp1252_mapping(), "a05").expect("imports");
    assert_eq!(report.needs_created, 6);
    assert_eq!(report.skipped_empty, 1);
    assert_eq!(report.tags_created, ["Cykel"]);
    assert_eq!(report.segments_created, ["Pendlare"]);
    let after = counts(&store);
    assert_eq!(after.0, before.0 + 6);
    assert_eq!(after.1, before.1 + 1);
    assert_eq!(after.2, before.2 + 1);

    let n = need_by_statement(&store, "Längre öppettider på kvällar\noch helger");
    assert_eq!(n.activity_id.as_deref(), Some("a05"));
    assert_eq!(
        n.quote,
        "Jag jobbar till sex.\nDå är biblioteket redan stängt."
    );
    assert_eq!(n.segment_ids, ["seg2"], "\"unga  13–19\" is Unga 13–19");
    assert_eq!(n.tag_ids, ["t1a"], "\"öppettider\" is Öppettider");
    assert!(!n.important);
    // `;` separates tags too.
    let n = need_by_statement(&store, "Ett ställe att träffas utan att köpa något");
    assert_eq!(n.tag_ids, ["t1", "t4c"]);
    assert_eq!(n.quote, "");
    // A codebook name with a comma in it stays one tag.
    let n = need_by_statement(&store, "Böcker på fler språk, även lättläst");
    assert_eq!(n.tag_ids, ["t2", "t2c"]);
    // Created names are stored clean, at the top level, with the default colour.
    let p = store.load_project().unwrap();
    let cykel = p.tags.iter().find(|t| t.name == "Cykel").expect("created");
    assert_eq!(cykel.parent_id, None);
    assert_eq!(cykel.color, default_color());
    let n = need_by_statement(&store, "Verkstad där man kan laga cykeln och låna verktyg");
    let pendlare = p.segments.iter().find(|s| s.name == "Pendlare").unwrap();
    assert_eq!(n.segment_ids, vec![pendlare.id.clone()]);
    assert_eq!(n.tag_ids.len(), 2);
    assert!(n.tag_ids.contains(&cykel.id) && n.tag_ids.contains(&"t4b".to_string()));
    // The project still validates as interchange JSON.
    medskapa_core::formats::interchange::parse(&medskapa_core::formats::interchange::to_json(&p))
        .expect("valid after import");
}

#[test]
fn a_second_import_reuses_what_the_first_created() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    let t = read_csv(&fixture("enkat-cp1252-semikolon.csv")).unwrap();
    import_needs(&mut store, &t, &cp1252_mapping(), "a05").unwrap();
    let tags = count(&store, "tag");
    let report = import_needs(&mut store, &t, &cp1252_mapping(), "a06").unwrap();
    assert_eq!(report.needs_created, 6);
    assert!(report.tags_created.is_empty() && report.segments_created.is_empty());
    assert_eq!(count(&store, "tag"), tags);
}

#[test]
fn utf8_tab_and_xlsx_surveys_import() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    let n0 = count(&store, "need");
    let t = read_table(&fixture("enkat-utf8-bom.csv")).unwrap();
    let r = import_needs(
        &mut store,
        &t,
        &mapping(
            "Vad saknar du i dag?",
            "berätta gärna mer",
            "Vem är du?",
            "Teman",
        ),
        "a05",
    )
    .unwrap();
    assert_eq!((r.needs_created, r.skipped_empty), (4, 0));
    let n = need_by_statement(&store, "Lugn barnhörna med sagostund på söndagar");
    assert_eq!(n.tag_ids, ["t1a", "t2a"]);
    assert_eq!(n.segment_ids, ["seg3"]);

    let t = read_table(&fixture("enkat-tab.tsv")).unwrap();
    let r = import_needs(
        &mut store,
        &t,
        &mapping("svar", "citat", "grupp", "kod"),
        "a05",
    )
    .unwrap();
    assert_eq!(r.needs_created, 3);

    let t = read_table(&fixture("enkat.xlsx")).unwrap();
    let r = import_needs(
        &mut store,
        &t,
        &mapping("Behov", "Citat", "Målgrupp", "Taggar"),
        "a05",
    )
    .unwrap();
    assert_eq!((r.needs_created, r.skipped_empty), (3, 1));
    let n = need_by_statement(&store, "Större text på skyltarna");
    assert_eq!(n.segment_ids, ["seg4"]);
    assert_eq!(count(&store, "need"), n0 + 10);
}

#[test]
fn a_missing_mapped_column_is_named_with_the_headers_found_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    let before = counts(&store);
    let t = read_csv(&fixture("saknad-kolumn.csv")).unwrap();
    let e = import_needs(&mut store, &t, &mapping("Svar", "", "", "Taggar"), "a05").unwrap_err();
    assert_eq!(e.code, "missing_column");
    assert_eq!(e.field.as_deref(), Some("tags"));
    assert!(e.message.contains("no column \"Taggar\""), "{}", e.message);
    assert!(
        e.message.contains("\"Datum\", \"Svar\", \"Kommentar\""),
        "lists the headers: {}",
        e.message
    );
    assert_eq!(counts(&store), before);
    let e = preview_import(&store, &t, &mapping("Behov", "", "", ""), 5).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("statement"));
}

#[test]
fn an_unknown_activity_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    let before = counts(&store);
    let t = read_csv(&fixture("enkat-cp1252-semikolon.csv")).unwrap();
    let e = import_needs(&mut store, &t, &cp1252_mapping(), "nope").unwrap_err();
    assert_eq!(e.code, "unknown_ref");
    assert!(
        e.message.contains("unknown activity \"nope\""),
        "{}",
        e.message
    );
    assert_eq!(counts(&store), before);
}

#[test]
fn the_import_is_all_or_nothing_when_a_late_row_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    let before = counts(&store);
    let csv = dir.path().join("lang.csv");
    let long = "x".repeat(20_001);
    std::fs::write(
        &csv,
        format!("Behov;Taggar\nFörsta;Ny tagg A\nAndra;Ny tagg B\n{long};Ny tagg C\n"),
    )
    .unwrap();
    let t = read_csv(&csv).unwrap();
    let e = import_needs(&mut store, &t, &mapping("Behov", "", "", "Taggar"), "a05").unwrap_err();
    assert_eq!(e.code, "too_long");
    assert!(e.message.starts_with("row 4: "), "{}", e.message);
    assert_eq!(counts(&store), before, "no need, tag or link from rows 2-3");
}

#[test]
fn the_preview_shows_rows_and_new_names_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let before = counts(&store);
    let t = read_csv(&fixture("enkat-cp1252-semikolon.csv")).unwrap();
    let p = preview_import(&store, &t, &cp1252_mapping(), 3).unwrap();
    assert_eq!(p.rows.len(), 3);
    assert_eq!(p.row_count, 7);
    assert_eq!(p.need_count, 6);
    assert_eq!(p.empty_statements, 1);
    assert_eq!(p.new_tags, ["Cykel"]);
    assert_eq!(p.new_segments, ["Pendlare"]);
    assert_eq!(p.rows[0].row, 2);
    assert_eq!(p.rows[0].segments, ["Studenter"]);
    assert_eq!(p.rows[0].tags, ["Tysta rum", "Läxhjälp och studiestöd"]);
    assert_eq!(p.rows[1].segments, ["Unga 13–19"], "the stored spelling");
    assert_eq!(counts(&store), before);
}

#[test]
fn a_read_only_project_refuses_an_import() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path())
        .path()
        .expect("a project file")
        .to_path_buf();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let mut store = Store::open(&path, OpenOptions::default()).unwrap();
    if !store.read_only() {
        return; // running as a user that ignores permissions
    }
    let t = read_csv(&fixture("enkat-cp1252-semikolon.csv")).unwrap();
    let e = import_needs(&mut store, &t, &cp1252_mapping(), "a05").unwrap_err();
    assert_eq!(e.code, "read_only");
}

// ---- the command line ----------------------------------------------------------------

// ---- spreadsheet exports -------------------------------------------------------------

/// A demo store with a need whose quote holds `;`, a line break and quotes.
fn store_with_tricky_need(dir: &Path) -> Store {
    let mut store = demo_store(dir);
    store
        .save_need(&Need {
            id: "tricky".into(),
            statement: "Åtgärda ärendet: öppna på söndagar".into(),
            quote: "Jag sa \"öppna\"; de svarade:\nkanske".into(),
            activity_id: Some("a01".into()),
            segment_ids: vec!["seg2".into(), "seg4".into()],
            tag_ids: vec!["t1a".into()],
            important: false,
        })
        .expect("save");
    store
}

#[test]
fn the_needs_csv_is_utf8_with_bom_semicolons_and_crlf_as_swedish_excel_expects() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_tricky_need(dir.path());
    let out = dir.path().join("behov.csv");
    let n = export_needs(&store, &out, Lang::Sv).unwrap();
    assert_eq!(n as i64, count(&store, "need"));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM");
    let text = std::str::from_utf8(&bytes[3..]).expect("UTF-8");
    assert!(text.starts_with("Behov;Citat;Dialogaktivitet;Datum;Målgrupper;Taggar;Insikter\r\n"));
    assert!(text.contains(
        "Åtgärda ärendet: öppna på söndagar;\"Jag sa \"\"öppna\"\"; de svarade:\nkanske\";\
         Framtidsverkstad: Vad ska stadsbiblioteket vara 2031?;2026-01-24;Seniorer, Unga 13–19;Öppettider;\r\n"
    ), "the tricky row, quoted:\n{}", &text[..400.min(text.len())]);
    // Every record ends in CRLF; the only bare LF is inside the quoted cell.
    assert_eq!(text.matches('\n').count() - text.matches("\r\n").count(), 1);
    // Insights are listed by title.
    let p = store.load_project().unwrap();
    let with_insight = p.insights.iter().find(|i| !i.need_ids.is_empty()).unwrap();
    assert!(text.contains(&with_insight.title));
    assert!(
        !text.contains("seg2") && !text.contains(";t1a"),
        "names, not ids"
    );
}

#[test]
fn an_exported_csv_reads_back_cell_for_cell() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_tricky_need(dir.path());
    let out = dir.path().join("behov.csv");
    export_needs(&store, &out, Lang::Sv).unwrap();
    let t = read_table(&out).unwrap();
    assert_eq!(t.encoding, Some(TextEncoding::Utf8Bom));
    assert_eq!(t.separator, Some(Separator::Semicolon));
    assert_eq!(t.rows.len() as i64, count(&store, "need"));
    let row = t
        .rows
        .iter()
        .find(|r| r.cell(0) == "Åtgärda ärendet: öppna på söndagar")
        .unwrap();
    assert_eq!(row.cell(1), "Jag sa \"öppna\"; de svarade:\nkanske");
    assert_eq!(row.cell(4), "Seniorer, Unga 13–19");
}

#[test]
fn the_activities_csv_has_swedish_methods_statuses_and_a_column_per_segment() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let out = dir.path().join("aktiviteter.csv");
    let n = export_activities(&store, &out, Lang::Sv).unwrap();
    let p = store.load_project().unwrap();
    assert_eq!(n, p.activities.len());
    let t = read_table(&out).unwrap();
    let mut names: Vec<String> = p.segments.iter().map(|s| s.name.clone()).collect();
    names.sort();
    let mut expected: Vec<String> = [
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
    expected.extend(names.clone());
    expected.push("Totalt".into());
    assert_eq!(t.headers, expected);
    let a = p.activities.iter().find(|a| a.id == "a02").unwrap();
    let row = t.rows.iter().find(|r| r.cell(0) == a.title).unwrap();
    assert_eq!(row.cell(1), "Pop-up");
    assert_eq!(row.cell(2), "2026-02-03 15:00");
    let total: u32 = a.participants.iter().map(|x| x.count).sum();
    assert_eq!(row.cell(t.headers.len() - 1), total.to_string());
    let col = 8 + names.iter().position(|n| n == "Icke-användare").unwrap();
    assert_eq!(row.cell(col), "31");
    let swedish = [
        "Workshop",
        "Pop-up",
        "Enkät",
        "Intervju",
        "Fokusgrupp",
        "Promenad",
        "Digital dialog",
        "Information",
        "Annat",
    ];
    let statuses = ["Planerad", "Genomförd", "Återkopplad"];
    for r in &t.rows {
        assert!(swedish.contains(&r.cell(1)), "{:?}", r.cell(1));
        assert!(statuses.contains(&r.cell(6)), "{:?}", r.cell(6));
    }
    let q = p
        .key_questions
        .iter()
        .find(|q| a.key_question_ids.contains(&q.id))
        .unwrap();
    assert!(row.cell(7).contains(&q.title));
}

#[test]
fn an_english_export_has_english_headers_methods_and_statuses() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let acts = dir.path().join("activities.csv");
    export_activities(&store, &acts, Lang::En).unwrap();
    let t = read_table(&acts).unwrap();
    assert_eq!(&t.headers[..3], ["Title", "Method", "Start"]);
    assert_eq!(t.headers.last().map(String::as_str), Some("Total"));
    let english = [
        "Workshop",
        "Pop-up",
        "Survey",
        "Interview",
        "Focus group",
        "Walk",
        "Digital dialogue",
        "Information",
        "Other",
    ];
    for r in &t.rows {
        assert!(english.contains(&r.cell(1)), "{:?}", r.cell(1));
        assert!(
            ["Planned", "Held", "Reported back"].contains(&r.cell(6)),
            "{:?}",
            r.cell(6)
        );
    }
    let needs = dir.path().join("needs.xlsx");
    export_needs(&store, &needs, Lang::En).unwrap();
    let t = read_table(&needs).unwrap();
    assert_eq!(t.headers[0], "Need");
    assert_eq!(t.headers[4], "Groups");
}

#[test]
fn xlsx_exports_open_with_calamine_and_hold_the_rows() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_tricky_need(dir.path());
    let needs = dir.path().join("behov.XLSX");
    let n = export_needs(&store, &needs, Lang::Sv).unwrap();
    let mut book = calamine::open_workbook_auto(&needs).expect("opens");
    assert_eq!(book.sheet_names(), ["Behov"]);
    let range = book.worksheet_range("Behov").unwrap();
    assert_eq!(range.height(), n + 1);
    assert_eq!(range.get((0, 4)), Some(&Data::String("Målgrupper".into())));
    let tricky = range
        .rows()
        .find(|r| r[0] == Data::String("Åtgärda ärendet: öppna på söndagar".into()))
        .expect("the row");
    assert_eq!(
        tricky[1],
        Data::String("Jag sa \"öppna\"; de svarade:\nkanske".into())
    );

    let acts = dir.path().join("aktiviteter.xlsx");
    let n = export_activities(&store, &acts, Lang::Sv).unwrap();
    let mut book = calamine::open_workbook_auto(&acts).expect("opens");
    let range = book.worksheet_range("Dialogaktiviteter").unwrap();
    assert_eq!(range.height(), n + 1);
    let last = range.width() - 1;
    assert_eq!(range.get((0, last)), Some(&Data::String("Totalt".into())));
    assert!(
        matches!(range.get((1, last)), Some(Data::Float(_))),
        "counts are numbers"
    );
    // Our own reader gives the same table as the CSV export.
    let csv = dir.path().join("aktiviteter.csv");
    export_activities(&store, &csv, Lang::Sv).unwrap();
    assert_eq!(
        read_table(&acts).unwrap().rows.len(),
        read_table(&csv).unwrap().rows.len()
    );
}

#[test]
fn formulas_in_resident_text_stay_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(dir.path());
    store
        .save_need(&Need {
            statement: "=HYPERLINK(\"http://x\";\"klicka\")".into(),
            ..Need::default()
        })
        .unwrap();
    let out = dir.path().join("behov.csv");
    export_needs(&store, &out, Lang::Sv).unwrap();
    let text = String::from_utf8(std::fs::read(&out).unwrap()).unwrap();
    assert!(text.contains("\"'=HYPERLINK("), "guarded in CSV");
}

#[test]
fn exporting_100k_needs_streams_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    crate::support::sql(&store)
        .execute_batch(
            "BEGIN;
             WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 100000)
             INSERT INTO need(id, statement, quote, activity_id)
               SELECT printf('g%06d', i), 'Behov nummer ' || i || ' – åäö',
                      CASE WHEN i % 3 = 0 THEN 'Citat; med \"citattecken\"' ELSE '' END,
                      printf('a%02d', 1 + i % 5)
               FROM c;
             INSERT INTO need_tag(nid, tag_id) SELECT nid, 't1' FROM need WHERE id LIKE 'g%';
             INSERT INTO need_tag(nid, tag_id) SELECT nid, 't2' FROM need WHERE id LIKE 'g%' AND nid % 2 = 0;
             INSERT INTO need_segment(nid, segment_id) SELECT nid, 'seg1' FROM need WHERE id LIKE 'g%';
             COMMIT;",
        )
        .unwrap();
    let total = count(&store, "need");
    assert!(total > 100_000);
    let started = std::time::Instant::now();
    let out = dir.path().join("alla.csv");
    assert_eq!(export_needs(&store, &out, Lang::Sv).unwrap() as i64, total);
    let csv_time = started.elapsed();
    let t = read_table(&out).unwrap();
    assert_eq!(t.rows.len() as i64, total);
    let row = t
        .rows
        .iter()
        .find(|r| r.cell(0) == "Behov nummer 12 – åäö")
        .unwrap();
    assert_eq!(row.cell(1), "Citat; med \"citattecken\"");
    assert_eq!(
        row.cell(5),
        "En plats för läsinspiration, information och kunskap, Invånarnas mötesplats"
    );
    eprintln!("100k needs: CSV written in {csv_time:?}");
}

// ---- JSON Schema ---------------------------------------------------------------------

/// The JSON Schema of interchange version `version` (1 or 2).
fn schema(version: u32) -> &'static serde_json::Value {
    static SCHEMAS: std::sync::OnceLock<[serde_json::Value; 2]> = std::sync::OnceLock::new();
    let all = SCHEMAS.get_or_init(|| {
        [1, 2].map(|v| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("../../schema/medskapa-project-v{v}.schema.json"));
            serde_json::from_str(&std::fs::read_to_string(path).expect("schema file"))
                .expect("JSON")
        })
    });
    &all[if version == 1 { 0 } else { 1 }]
}

fn validator(version: u32) -> &'static jsonschema::Validator {
    static V: std::sync::OnceLock<[jsonschema::Validator; 2]> = std::sync::OnceLock::new();
    let all = V.get_or_init(|| {
        [1, 2].map(|v| jsonschema::validator_for(schema(v)).expect("schema compiles"))
    });
    &all[if version == 1 { 0 } else { 1 }]
}

/// What the schema of the document's version (version 2 for anything but 1) says of it.
fn schema_errors(v: &serde_json::Value) -> Vec<String> {
    let version = if v["version"] == 1 { 1 } else { 2 };
    validator(version)
        .iter_errors(v)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_schema_is_a_valid_draft_2020_12_schema() {
    for version in [1, 2] {
        assert_eq!(
            schema(version)["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        jsonschema::meta::validate(schema(version)).expect("valid against the meta-schema");
    }
}

#[test]
fn exports_are_version_2_and_v1_documents_stay_valid_against_v1() {
    let demo: serde_json::Value =
        serde_json::from_str(medskapa_core::app::demo::DEMO_JSON).unwrap();
    let exported: serde_json::Value =
        serde_json::from_str(&medskapa_core::formats::interchange::to_json(
            &medskapa_core::formats::interchange::parse(medskapa_core::app::demo::DEMO_JSON)
                .unwrap(),
        ))
        .unwrap();
    assert_eq!(exported["version"], 2);
    assert!(!validator(1).is_valid(&exported), "v1 refuses version 2");
    assert_eq!(schema_errors(&exported), Vec::<String>::new());
    // A version 1 document (the demo without what version 2 added) is valid against v1.
    let mut v1 = demo.clone();
    v1["version"] = 1.into();
    v1.as_object_mut().unwrap().remove("commitments");
    v1["project"]
        .as_object_mut()
        .unwrap()
        .remove("representation");
    for s in v1["segments"].as_array_mut().unwrap() {
        s.as_object_mut().unwrap().remove("residents");
        s.as_object_mut().unwrap().remove("residents_source");
    }
    assert_eq!(schema_errors(&v1), Vec::<String>::new());
    assert!(validator(1).is_valid(&v1));
}

#[test]
fn the_demo_and_store_exports_validate_against_the_schema() {
    let demo: serde_json::Value =
        serde_json::from_str(medskapa_core::app::demo::DEMO_JSON).unwrap();
    assert_eq!(schema_errors(&demo), Vec::<String>::new());
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_tricky_need(dir.path());
    let t = read_csv(&fixture("enkat-cp1252-semikolon.csv")).unwrap();
    import_needs(&mut store, &t, &cp1252_mapping(), "a05").unwrap();
    let exported: serde_json::Value = serde_json::from_str(
        &medskapa_core::formats::interchange::to_json(&store.load_project().unwrap()),
    )
    .unwrap();
    assert_eq!(schema_errors(&exported), Vec::<String>::new());
    let empty = Store::create(&dir.path().join("tom.medskapa"), "Tomt").unwrap();
    let exported: serde_json::Value = serde_json::from_str(
        &medskapa_core::formats::interchange::to_json(&empty.load_project().unwrap()),
    )
    .unwrap();
    assert_eq!(schema_errors(&exported), Vec::<String>::new());
}

#[test]
fn an_activity_known_only_by_its_day_is_valid_in_the_schema_and_the_importer() {
    let mut v: serde_json::Value =
        serde_json::from_str(medskapa_core::app::demo::DEMO_JSON).unwrap();
    v["activities"][0]["starts_at"] = "2027-01-10".into();
    v["activities"][0]["ends_at"] = "2027-01-10".into();
    assert_eq!(schema_errors(&v), Vec::<String>::new());
    let p = medskapa_core::formats::interchange::parse(&v.to_string()).expect("imports");
    assert_eq!(p.activities[0].starts_at.as_deref(), Some("2027-01-10"));
    // A day alone and a time on the same day are in order either way round.
    v["activities"][0]["starts_at"] = "2027-01-10T14:00".into();
    assert!(medskapa_core::formats::interchange::parse(&v.to_string()).is_ok());
    v["activities"][0]["ends_at"] = "2027-01-09".into();
    let e = medskapa_core::formats::interchange::parse(&v.to_string()).unwrap_err();
    assert!(e.message.contains("activities[0].ends_at"), "{}", e.message);
}

#[test]
fn the_schema_rejects_wrong_enums_dates_times_and_missing_fields() {
    let demo: serde_json::Value =
        serde_json::from_str(medskapa_core::app::demo::DEMO_JSON).unwrap();
    let bad = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = demo.clone();
        f(&mut v);
        let errors = schema_errors(&v);
        assert!(!errors.is_empty(), "accepted a bad document");
        // The importer refuses it too.
        assert!(medskapa_core::formats::interchange::parse(&v.to_string()).is_err());
    };
    bad(&|v| v["format"] = "annat".into());
    bad(&|v| v["version"] = 3.into());
    bad(&|v| v["version"] = 0.into());
    bad(&|v| {
        v.as_object_mut().unwrap().remove("needs");
    });
    bad(&|v| v["activities"][0]["method"] = "picnic".into());
    bad(&|v| v["activities"][0]["status"] = "done".into());
    bad(&|v| v["activities"][0]["starts_at"] = "2027-01-10 14:00".into());
    bad(&|v| v["activities"][0]["starts_at"] = "2027-01-10T".into());
    bad(&|v| v["activities"][0]["ends_at"] = "2027-01".into());
    bad(&|v| v["activities"][0]["participants"][0]["count"] = (-1).into());
    bad(&|v| v["decisions"][0]["decision_date"] = "14/3/2027".into());
    bad(&|v| v["decisions"][0]["status"] = "maybe".into());
    bad(&|v| v["key_questions"][0]["influence_level"] = "veto".into());
    bad(&|v| v["insights"][0]["response_status"] = "ok".into());
    bad(&|v| v["tags"][0]["color"] = "blue".into());
    bad(&|v| v["needs"][0]["statement"] = "   ".into());
    bad(&|v| v["needs"][0]["id"] = "".into());
    bad(&|v| v["needs"][0]["id"] = "x".repeat(65).into());
    bad(&|v| v["needs"][0]["important"] = "ja".into());
    bad(&|v| {
        v["needs"][0].as_object_mut().unwrap().remove("statement");
    });
    bad(&|v| v["project"]["name"] = serde_json::Value::Null);
    // Added fields are fine, at the top and inside.
    let mut v = demo.clone();
    v["exported_by"] = "Medskapa 2".into();
    v["needs"][0]["sentiment"] = 0.5.into();
    assert_eq!(schema_errors(&v), Vec::<String>::new());
    medskapa_core::formats::interchange::parse(&v.to_string()).expect("the importer agrees");
}

// ---- property test: the JSON importer never panics and never leaves a file -----------

mod json_import_props {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{json, Value};

    /// Text without U+FEFF (JSON Schema's `\s` counts it as space, Rust's `trim` does not).
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zåäöÅÄÖ0-9 ,;:–\\-]{0,12}",
            "\\PC{0,8}".prop_map(|s| s.replace('\u{feff}', "")),
            Just(String::new()),
            Just("   ".to_string()),
        ]
    }

    fn id() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z]{1,3}[0-9]{0,2}",
            prop::sample::select(vec![
                "seg1", "t1", "t2a", "a01", "a05", "n001", "d1", "kq1", "e1", "i1"
            ])
            .prop_map(str::to_string),
            Just(String::new()),
            Just("x".repeat(65)),
            Just("x".repeat(64)),
        ]
    }

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            (0u32..50).prop_map(|n| json!(n)),
            any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
                .map(Value::Number)),
            text().prop_map(Value::String),
            id().prop_map(Value::String),
            prop::sample::select(vec![
                "2027-03-14",
                "2027-02-30",
                "2027-01-10T14:00",
                "2027-01-10T25:00",
                "#3366aa",
                "planned",
                "held",
                "workshop",
                "medskapa-project",
                "inform",
                "none",
            ])
            .prop_map(|s| Value::String(s.to_string())),
        ]
    }

    fn json_value() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(4, 40, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::btree_map(
                    prop_oneof![
                        "[a-z_]{1,12}",
                        prop::sample::select(vec![
                            "id",
                            "name",
                            "title",
                            "statement",
                            "segment_id",
                            "count",
                            "tag_ids",
                            "parent_id",
                            "activity_id",
                            "need_ids",
                            "starts_at",
                            "color",
                        ])
                        .prop_map(str::to_string),
                    ],
                    inner,
                    0..6
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    const SECTIONS: [&str; 9] = [
        "project",
        "effect_goals",
        "segments",
        "tags",
        "decisions",
        "key_questions",
        "activities",
        "needs",
        "insights",
    ];

    /// Something shaped like a project: the right format and version, arbitrary sections.
    fn project_like() -> impl Strategy<Value = Value> {
        prop::collection::btree_map(prop::sample::select(SECTIONS.to_vec()), json_value(), 0..10)
            .prop_map(|m| {
                let mut o = serde_json::Map::new();
                o.insert("format".into(), json!("medskapa-project"));
                o.insert("version".into(), json!(1));
                for (k, v) in m {
                    o.insert(k.to_string(), v);
                }
                Value::Object(o)
            })
    }

    #[derive(Debug, Clone)]
    enum Step {
        Key(String),
        Index(usize),
    }

    fn all_paths(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    here.push(Step::Key(k.clone()));
                    out.push(here.clone());
                    all_paths(child, here, out);
                    here.pop();
                }
            }
            Value::Array(a) => {
                for (i, child) in a.iter().enumerate() {
                    here.push(Step::Index(i));
                    out.push(here.clone());
                    all_paths(child, here, out);
                    here.pop();
                }
            }
            _ => {}
        }
    }

    fn parent_mut<'a>(root: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
        let mut cur = root;
        for step in &path[..path.len() - 1] {
            cur = match step {
                Step::Key(k) => cur.get_mut(k.as_str())?,
                Step::Index(i) => cur.get_mut(*i)?,
            };
        }
        Some(cur)
    }

    #[derive(Debug, Clone)]
    enum Mutation {
        /// Remove a field or an array element.
        Drop(usize),
        /// Put an arbitrary value in its place (a wrong type, mostly).
        Replace(usize, Value),
        /// Put a random id in the place of a string (ids and references).
        RandomId(usize, String),
        /// Repeat an array element (duplicate ids, twice-listed references).
        Duplicate(usize),
        /// Change a string, number or boolean to another of the same type (mostly valid).
        SameType(usize, String, u32, bool),
    }

    fn mutation() -> impl Strategy<Value = Mutation> {
        prop_oneof![
            1 => any::<usize>().prop_map(Mutation::Drop),
            1 => (any::<usize>(), leaf()).prop_map(|(i, v)| Mutation::Replace(i, v)),
            1 => (any::<usize>(), json_value()).prop_map(|(i, v)| Mutation::Replace(i, v)),
            1 => (any::<usize>(), id()).prop_map(|(i, s)| Mutation::RandomId(i, s)),
            1 => any::<usize>().prop_map(Mutation::Duplicate),
            4 => (any::<usize>(), text(), 0u32..1000, any::<bool>())
                .prop_map(|(i, s, n, b)| Mutation::SameType(i, s, n, b)),
        ]
    }

    fn apply(doc: &mut Value, m: &Mutation) {
        let mut paths = Vec::new();
        all_paths(doc, &mut Vec::new(), &mut paths);
        if paths.is_empty() {
            return;
        }
        match m {
            Mutation::Drop(i) => {
                let path = &paths[i % paths.len()];
                if let Some(parent) = parent_mut(doc, path) {
                    match (parent, path.last()) {
                        (Value::Object(o), Some(Step::Key(k))) => {
                            o.remove(k);
                        }
                        (Value::Array(a), Some(Step::Index(j))) if *j < a.len() => {
                            a.remove(*j);
                        }
                        _ => {}
                    }
                }
            }
            Mutation::Replace(i, v) => set(doc, &paths[i % paths.len()], v.clone()),
            Mutation::RandomId(i, id) => {
                let strings: Vec<&Vec<Step>> = paths
                    .iter()
                    .filter(|p| {
                        matches!(p.last(), Some(Step::Key(k)) if k == "id" || k.ends_with("_id"))
                            || matches!(p.iter().rev().nth(1), Some(Step::Key(k)) if k.ends_with("_ids"))
                    })
                    .collect();
                if !strings.is_empty() {
                    set(doc, strings[i % strings.len()], Value::String(id.clone()));
                }
            }
            Mutation::SameType(i, text, n, b) => {
                let path = paths[i % paths.len()].clone();
                let mut cur = &*doc;
                for step in &path {
                    cur = match step {
                        Step::Key(k) => &cur[k.as_str()],
                        Step::Index(j) => &cur[*j],
                    };
                }
                let v = match cur {
                    Value::String(_) => Value::String(text.clone()),
                    Value::Number(_) => json!(n),
                    Value::Bool(_) => Value::Bool(*b),
                    _ => return,
                };
                set(doc, &path, v);
            }
            Mutation::Duplicate(i) => {
                let elements: Vec<&Vec<Step>> = paths
                    .iter()
                    .filter(|p| matches!(p.last(), Some(Step::Index(_))))
                    .collect();
                if elements.is_empty() {
                    return;
                }
                let path = elements[i % elements.len()];
                if let (Some(Value::Array(a)), Some(Step::Index(j))) =
                    (parent_mut(doc, path), path.last())
                {
                    if let Some(e) = a.get(*j).cloned() {
                        a.push(e);
                    }
                }
            }
        }
    }

    fn set(doc: &mut Value, path: &[Step], v: Value) {
        if let Some(parent) = parent_mut(doc, path) {
            match (parent, path.last()) {
                (Value::Object(o), Some(Step::Key(k))) => {
                    o.insert(k.clone(), v);
                }
                (Value::Array(a), Some(Step::Index(j))) if *j < a.len() => a[*j] = v,
                _ => {}
            }
        }
    }

    fn demo_value() -> &'static Value {
        static DEMO: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
        DEMO.get_or_init(|| {
            serde_json::from_str(medskapa_core::app::demo::DEMO_JSON).expect("demo JSON")
        })
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
            .collect();
        v.sort();
        v
    }

    /// Parse and create: a project (whose file opens and holds it) or an error with
    /// nothing left in the folder. Anything `parse` accepts, the schema accepts too.
    fn import_outcome(text: &str) -> std::result::Result<(), TestCaseError> {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = dir.path().join("p.medskapa");
        match medskapa_core::formats::interchange::parse(text) {
            Err(e) => {
                prop_assert!(!e.message.is_empty());
                prop_assert!(names_in(dir.path()).is_empty());
            }
            Ok(project) => {
                if let Ok(v) = serde_json::from_str::<Value>(text) {
                    let errors = schema_errors(&v);
                    prop_assert!(
                        errors.is_empty(),
                        "parse accepted what the schema refuses: {errors:?}"
                    );
                }
                match Store::create_from(&path, &project) {
                    Ok(store) => {
                        prop_assert_eq!(
                            store
                                .load_project()
                                .map_err(|e| TestCaseError::fail(e.message))?,
                            project
                        );
                        drop(store);
                        prop_assert_eq!(names_in(dir.path()), vec!["p.medskapa".to_string()]);
                    }
                    Err(e) => {
                        prop_assert!(!e.message.is_empty());
                        prop_assert!(
                            names_in(dir.path()).is_empty(),
                            "left behind: {:?}",
                            names_in(dir.path())
                        );
                    }
                }
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_strings_end_in_a_project_or_an_error(text in prop_oneof![
            any::<String>(),
            "[\\[\\]{}\",:0-9a-z \\n]{0,40}",
            "\\{\"format\":\"medskapa-project\",\"version\":1[,\\[\\]{}\":a-z0-9]{0,30}",
        ]) {
            import_outcome(&text)?;
        }

        #[test]
        fn arbitrary_json_ends_in_a_project_or_an_error(v in prop_oneof![json_value(), project_like()]) {
            import_outcome(&v.to_string())?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 160, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn demo_mutations_end_in_a_project_or_an_error(mutations in prop::collection::vec(mutation(), 1..4)) {
            let mut doc = demo_value().clone();
            for m in &mutations {
                apply(&mut doc, m);
            }
            import_outcome(&doc.to_string())?;
        }
    }
}

// ---- backups -------------------------------------------------------------------------

#[test]
fn save_copy_of_an_open_edited_project_holds_the_edits() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path())
        .path()
        .expect("a project file")
        .to_path_buf();
    let mut store = Store::open(&path, OpenOptions { lock: true }).unwrap();
    let n = store
        .save_need(&Need {
            statement: "Sparad precis innan kopian".into(),
            activity_id: Some("a01".into()),
            ..Need::default()
        })
        .unwrap();
    let copy = dir.path().join("kopia.medskapa");
    store.save_copy(&copy).expect("copy while open");
    // The original is still open and editable.
    store
        .save_need(&Need {
            statement: "Efter kopian".into(),
            ..Need::default()
        })
        .unwrap();
    let c = Store::open(&copy, OpenOptions { lock: true }).expect("the copy opens");
    assert_eq!(c.integrity_check().unwrap(), "ok");
    let p = c.load_project().unwrap();
    assert!(p.needs.iter().any(|x| x.id == n.id), "holds the edit");
    assert!(!p.needs.iter().any(|x| x.statement == "Efter kopian"));
    assert_eq!(p.needs.len() as i64, count(&store, "need") - 1);
    drop(c);
    // Replacing an earlier copy is fine.
    store.save_copy(&copy).expect("replace the old copy");
    assert_eq!(
        count(&Store::open(&copy, OpenOptions::default()).unwrap(), "need"),
        count(&store, "need")
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn save_copy_refuses_the_open_file_itself_and_a_project_open_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_store(dir.path())
        .path()
        .expect("a project file")
        .to_path_buf();
    let store = Store::open(&path, OpenOptions { lock: true }).unwrap();
    let before = std::fs::read(&path).unwrap();
    let e = store.save_copy(&path).unwrap_err();
    assert_eq!(e.code, "same_file");
    let roundabout = dir.path().join(".").join("demo.medskapa");
    assert_eq!(store.save_copy(&roundabout).unwrap_err().code, "same_file");
    assert_eq!(std::fs::read(&path).unwrap(), before, "untouched");
    let other = Store::create(&dir.path().join("annan.medskapa"), "Annan").unwrap();
    let _lock = Store::open(
        other.path().expect("a project file"),
        OpenOptions { lock: true },
    )
    .unwrap();
    assert_eq!(
        store
            .save_copy(other.path().expect("a project file"))
            .unwrap_err()
            .code,
        "locked"
    );
    let e = store
        .save_copy(&dir.path().join("saknas/kopia.medskapa"))
        .unwrap_err();
    assert_eq!(e.code, "io");
}

#[test]
fn rolling_backups_make_one_a_day_and_keep_14() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    // Files that are not this project's backups stay.
    std::fs::write(backups.join("annat-2026-01-01.medskapa"), "x").unwrap();
    std::fs::write(backups.join("demo-anteckningar.txt"), "x").unwrap();
    std::fs::write(backups.join("demo-2026-13-01.medskapa"), "x").unwrap();
    let day0 = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    for i in 0..20 {
        let day = day0 + chrono::Days::new(i);
        let made = rolling_backup(&store, &backups, day, 14).unwrap();
        let expected = backups.join(format!("demo-{}.medskapa", day.format("%Y-%m-%d")));
        assert_eq!(made.as_deref(), Some(expected.as_path()));
        assert_eq!(
            rolling_backup(&store, &backups, day, 14).unwrap(),
            None,
            "one a day"
        );
    }
    let list = list_backups(&backups, "demo");
    assert_eq!(list.len(), 14);
    assert_eq!(list[0].date, "2026-03-20", "newest first");
    assert_eq!(list[13].date, "2026-03-07", "the six oldest are gone");
    assert!(list.iter().all(|b| b.size > 0 && b.path.exists()));
    for other in [
        "annat-2026-01-01.medskapa",
        "demo-anteckningar.txt",
        "demo-2026-13-01.medskapa",
    ] {
        assert!(backups.join(other).exists(), "{other} kept");
    }
    let b = Store::open(&list[0].path, OpenOptions::default()).expect("a backup opens");
    assert_eq!(b.load_project().unwrap(), store.load_project().unwrap());
    // A missing folder is made.
    let fresh = dir.path().join("ny/mapp");
    assert!(rolling_backup(&store, &fresh, day0, 14).unwrap().is_some());
}

#[test]
fn restore_makes_a_new_project_and_refuses_to_overwrite_or_restore_a_non_project() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    let backups = dir.path().join("b");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let backup = rolling_backup(&store, &backups, day, 14).unwrap().unwrap();
    let backup_bytes = std::fs::read(&backup).unwrap();

    let e = restore_backup(&backup, store.path().expect("a project file")).unwrap_err();
    assert_eq!(e.code, "exists");
    let existing = dir.path().join("finns.txt");
    std::fs::write(&existing, "behåll mig").unwrap();
    assert_eq!(
        restore_backup(&backup, &existing).unwrap_err().code,
        "exists"
    );
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "behåll mig");

    let dest = dir.path().join("återställd.medskapa");
    restore_backup(&backup, &dest).expect("restores");
    let r = Store::open(&dest, OpenOptions { lock: true }).unwrap();
    assert_eq!(r.load_project().unwrap(), store.load_project().unwrap());
    assert_eq!(
        std::fs::read(&backup).unwrap(),
        backup_bytes,
        "the backup is unchanged"
    );

    // Not a project: text, a foreign SQLite database.
    let text = dir.path().join("inte.medskapa");
    std::fs::write(&text, "hej").unwrap();
    let dest2 = dir.path().join("ny.medskapa");
    assert_eq!(
        restore_backup(&text, &dest2).unwrap_err().code,
        "not_sqlite"
    );
    let foreign = dir.path().join("främmande.medskapa");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t(x);")
        .unwrap();
    assert_eq!(
        restore_backup(&foreign, &dest2).unwrap_err().code,
        "not_medskapa"
    );
    assert!(!dest2.exists(), "nothing made");
    assert_eq!(
        restore_backup(&dir.path().join("saknas.medskapa"), &dest2)
            .unwrap_err()
            .code,
        "missing"
    );
}

// ---- fixtures ------------------------------------------------------------------------

/// Writes the fixture files. Run on purpose only:
/// `cargo test -p medskapa-core --test core -- --ignored make_fixtures`.
#[test]
#[ignore]
fn make_fixtures() {
    let dir = crate::support::fixture("");
    std::fs::create_dir_all(&dir).unwrap();

    // Excel's plain "CSV" on a Swedish Windows: Windows-1252, `;`, CRLF, a header cell
    // and quotes with line breaks, an empty statement, `€` and `–` (cp1252-only bytes).
    let cp1252 = "Tidpunkt;Vad behöver du av det nya stadsbiblioteket?;Citat (anonymt);Målgrupp;Taggar\r\n\
        2026-04-13 09:12;Tysta platser att läsa och plugga på;\"Hemma är det för trångt; här kan jag koncentrera mig.\";Studenter;Tysta rum, Läxhjälp och studiestöd\r\n\
        2026-04-13 09:40;\"Längre öppettider på kvällar\r\noch helger\";\"Jag jobbar till sex.\r\nDå är biblioteket redan stängt.\";unga  13–19;öppettider\r\n\
        2026-04-13 10:02;Ett ställe att träffas utan att köpa något;;Icke-användare;\"Invånarnas mötesplats; Avgiftsfritt och tillgängligt\"\r\n\
        2026-04-13 10:15;;Ingen kommentar;Seniorer;\r\n\
        2026-04-13 10:31;Hjälp med e-legitimation och digitala tjänster;\"Jag vill inte betala 50 € för en kurs.\";Seniorer;Digital kompetens och vägledning\r\n\
        2026-04-13 11:05;Böcker på fler språk, även lättläst;;NYANLÄNDA;\"En plats för läsinspiration, information och kunskap, Språk och flerspråkighet\"\r\n\
        2026-04-13 11:20;Verkstad där man kan laga cykeln och låna verktyg;\"Återbruk är framtiden – om det är gratis.\";Pendlare;Återbruk och lagning, Cykel\r\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(cp1252);
    assert!(!unmappable);
    std::fs::write(dir.join("enkat-cp1252-semikolon.csv"), &bytes).unwrap();

    // Excel's "CSV UTF-8" / a forms service: BOM, `,`, every cell quoted.
    let utf8 = "\u{feff}\"Tidstämpel\",\"  Vad saknar du i dag?  \",\"Berätta gärna mer\",\"Vem är du?\",\"Teman\"\n\
        \"2026/05/02 10:01:11\",\"Ett rum för ungdomar, utan vuxna\",\"\"\"Vi blir alltid utkastade\"\", sa en kille.\",\"Unga 13–19\",\"Kreativa rum och studios\"\n\
        \"2026/05/02 10:03:40\",\"Lugn barnhörna med sagostund på söndagar\",\"\",\"Barnfamiljer\",\"Läsfrämjande och boktips;Öppettider\"\n\
        \"2026/05/02 10:07:02\",\"Plats att öva svenska med andra\",\"Språkcafé varje dag!\",\"Nyanlända\",\"Språk och flerspråkighet\"\n\
        \"2026/05/02 10:12:55\",\"Skåp att ladda telefonen i\",\"\",\"\",\"\"\n";
    std::fs::write(dir.join("enkat-utf8-bom.csv"), utf8).unwrap();

    // Tab-separated UTF-8 without BOM (copied from a spreadsheet into a text file).
    let tsv = "Svar\tCitat\tGrupp\tKod\n\
        Mer plats för föreningar, studiecirklar; möten\t\tFöreningar och civilsamhälle\tLokaler för föreningar\n\
        Träffa politiker på biblioteket\t\"De lyssnar sällan\"\tIcke-användare\tMöten med politiker och förvaltningar\n\
        Låna verktyg och symaskiner\t\tBarnfamiljer\tLånemöjligheter för saker\n";
    std::fs::write(dir.join("enkat-tab.tsv"), tsv).unwrap();

    // A column the mapping asks for is missing.
    std::fs::write(
        dir.join("saknad-kolumn.csv"),
        "Datum;Svar;Kommentar\r\n2026-05-01;Fler sittplatser;\r\n",
    )
    .unwrap();

    // A binary file named .csv: a PNG header and bytes with NULs.
    let mut bin = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let mut x: u32 = 12345;
    for _ in 0..300 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        bin.push((x >> 16) as u8);
    }
    std::fs::write(dir.join("binar.csv"), bin).unwrap();

    // An xlsx with two empty rows above the header, an empty row and a blank-looking row
    // among the data, numbers, a date and a line break; a second sheet that is not read.
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    // A fixed creation time, so the file only changes when its contents do.
    let made = ExcelDateTime::parse_from_str("2026-05-20T12:00:00").unwrap();
    book.set_properties(&DocProperties::new().set_creation_datetime(&made));
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = book.add_worksheet();
    sheet.set_name("Svar").unwrap();
    let header = ["Datum", "Ålder", "Behov", "Citat", "Målgrupp", "Taggar"];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    let rows: [(u32, &str, f64, &str, &str, &str, &str); 4] = [
        (
            3,
            "2026-05-20",
            67.0,
            "Större text på skyltarna",
            "",
            "seniorer",
            "Avgiftsfritt och tillgängligt",
        ),
        (
            4,
            "2026-05-20",
            15.0,
            "Gaming-rum",
            "Vi vill ha\nen egen plats",
            "Unga 13–19",
            "Kreativa rum och studios, Gaming",
        ),
        (
            6,
            "2026-05-21",
            41.5,
            "",
            "Bara en kommentar",
            "Barnfamiljer",
            "",
        ),
        (
            8,
            "2026-05-21",
            33.0,
            "Cykelparkering vid entrén",
            "",
            "",
            "Hållbarhet och delade resurser",
        ),
    ];
    for (r, d, age, need, quote, seg, tags) in rows {
        let day = ExcelDateTime::parse_from_str(d).unwrap();
        sheet.write_datetime_with_format(r, 0, &day, &date).unwrap();
        sheet.write_number(r, 1, age).unwrap();
        for (c, v) in [(2u16, need), (3, quote), (4, seg), (5, tags)] {
            if !v.is_empty() {
                sheet.write_string(r, c, v).unwrap();
            }
        }
    }
    sheet.write_string(7, 3, "   ").unwrap(); // looks empty
    let other = book.add_worksheet();
    other.set_name("Om enkäten").unwrap();
    other.write_string(0, 0, "Inte svar").unwrap();
    book.save(dir.join("enkat.xlsx")).unwrap();
}
