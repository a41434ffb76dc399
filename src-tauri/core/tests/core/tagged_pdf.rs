//! The brief and the feedback sheet are tagged PDF (PDF/UA-1) and PDF/A-2a: a structure
//! tree in reading order, artifacts kept out of it, alternative text for the chart, the
//! language, and the metadata that claims both standards. Checked with poppler's
//! `pdfinfo` and by reading the file with lopdf.

use std::process::Command;

use chrono::NaiveDate;
use lopdf::{Document as Pdf, Object};
use medskapa_core::documents::brief::{build_brief, render_pdf, BriefTarget, Lang};
use medskapa_core::documents::feedback::render_feedback;
use medskapa_core::domain::model::Project;

use crate::support::demo_project;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).expect("valid date")
}

/// The brief of the demo's first decision: held activities, so tables, quotes and the
/// chart of needs per theme.
fn held_brief(p: &Project, lang: Lang) -> Vec<u8> {
    let warnings = medskapa_core::domain::checks::check(p, today(), lang);
    let model = build_brief(
        p,
        &BriefTarget::Decision("d1".into()),
        lang,
        today(),
        &warnings,
    )
    .expect("brief builds");
    render_pdf(&model)
}

fn pdfinfo(args: &[&str], bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).expect("write pdf");
    let out = Command::new("pdfinfo")
        .args(args)
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("pdfinfo (poppler-utils) must be installed: {e}"));
    assert!(
        out.status.success(),
        "pdfinfo {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `pdfinfo -struct-text`: each line trimmed, attribute lines kept.
fn structure(bytes: &[u8]) -> Vec<String> {
    pdfinfo(&["-struct-text"], bytes)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn position(lines: &[String], pred: impl Fn(&str) -> bool, what: &str) -> usize {
    lines
        .iter()
        .position(|l| pred(l))
        .unwrap_or_else(|| panic!("no {what} in the structure:\n{}", lines.join("\n")))
}

/// A text string as PDF writes it: UTF-16BE after a byte order mark, or single bytes.
fn text(o: &Object) -> String {
    let Object::String(bytes, _) = o else {
        panic!("not a string: {o:?}")
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16(&units).expect("UTF-16")
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// Every structure element: (type, its parent's type, the dictionary).
fn elements(pdf: &Pdf) -> Vec<(String, String, lopdf::Dictionary)> {
    let name = |d: &lopdf::Dictionary| {
        d.get(b"S")
            .and_then(|s| s.as_name())
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default()
    };
    pdf.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"StructElem"))
        .map(|d| {
            let parent = d
                .get(b"P")
                .and_then(|p| p.as_reference())
                .and_then(|r| pdf.get_dictionary(r))
                .map(name)
                .unwrap_or_default();
            (name(d), parent, d.clone())
        })
        .collect()
}

fn catalog(pdf: &Pdf) -> lopdf::Dictionary {
    pdf.catalog().expect("catalog").clone()
}

#[test]
fn the_held_brief_is_tagged_in_reading_order() {
    let p = demo_project();
    let bytes = held_brief(&p, Lang::Sv);
    let info = pdfinfo(&[], &bytes);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(info.contains("Pages:           "), "{info}");

    let lines = structure(&bytes);
    // The title block first, as on the page: kicker, title, project, lead.
    assert_eq!(lines[0], "Document", "{lines:#?}");
    assert_eq!(lines[1], "P (block)");
    assert_eq!(lines[2], "\"Beslutsunderlag\"");
    assert_eq!(lines[3], "H1 (block)");
    assert_eq!(lines[4], "\"Inriktningsbeslut för verksamheten\"");
    assert_eq!(lines[5], "P (block)");
    assert_eq!(lines[6], "\"Nya stadsbiblioteket Helsingborg\"");
    // Then the facts as a table with row headers, and the first section.
    let facts = position(&lines, |l| l == "Table (block)", "table");
    assert_eq!(&lines[facts + 1..facts + 4], ["TR", "TH:", "/Scope /Row"]);
    assert_eq!(lines[facts + 4], "\"Forum\"");
    let summary = position(&lines, |l| l == "\"Sammanfattning\"", "summary heading");
    assert_eq!(lines[summary - 1], "H1 (block)");
    assert!(facts < summary);
    // (The warnings box before it may hold a list of its own.)
    let list = summary + position(&lines[summary..], |l| l == "L (block)", "list");
    assert!(summary < list);
    assert_eq!(
        &lines[list + 1..list + 5],
        ["LI (block)", "Lbl (block)", "\"•\"", "LBody (block)"]
    );
    // Subsections, a table with column headers, the chart after its caption.
    let h2 = position(&lines, |l| l == "H2 (block)", "H2");
    assert!(summary < h2);
    let col = position(&lines, |l| l == "/Scope /Column", "column header");
    assert_eq!(lines[col - 1], "TH:");
    assert_eq!(lines[col + 1], "\"Aktivitet\"");
    let caption = position(&lines, |l| l == "\"Behov per tema\"", "chart caption");
    assert_eq!(
        lines[caption + 1],
        "Figure",
        "the chart follows its caption"
    );
    // Lines that wrap keep the space between their words.
    let lead = lines[8].as_str();
    assert!(lead.contains("det utbyggda stadsbiblioteket"), "{lead}");

    // Running header and footer are artifacts: on the page, not in the structure.
    let all = lines.join("\n");
    assert!(!all.contains("Sida 1 av"), "page label in the structure");
    assert!(
        !all.contains("Nya stadsbiblioteket Helsingborg · Underlag"),
        "footer in the structure"
    );
}

#[test]
fn the_chart_has_alternative_text_in_the_brief_language() {
    let p = demo_project();
    // The needs per theme under each question, then the rates of the representation.
    for (lang, start, bar, reach, rate) in [
        (
            Lang::Sv,
            "Stapeldiagram: Behov per tema.",
            "Invånarnas mötesplats: ",
            "Stapeldiagram: Andel av invånarna som deltog, per målgrupp.",
            "Nyanlända: 0,4\u{a0}%",
        ),
        (
            Lang::En,
            "Bar chart: Needs per theme.",
            "Invånarnas mötesplats: ",
            "Bar chart: Share of residents who took part, by group.",
            "Nyanlända: 0.4%",
        ),
    ] {
        let pdf = Pdf::load_mem(&held_brief(&p, lang)).expect("parses");
        let alts: Vec<String> = elements(&pdf)
            .into_iter()
            .filter(|(s, _, _)| s == "Figure")
            .map(|(_, _, d)| text(d.get(b"Alt").expect("figure has /Alt")))
            .collect();
        let (reach_alts, needs_alts): (Vec<&String>, Vec<&String>) =
            alts.iter().partition(|a| a.starts_with(reach));
        assert_eq!(reach_alts.len(), 1, "{lang:?}: {alts:#?}");
        assert!(reach_alts[0].contains(rate), "{lang:?}: {}", reach_alts[0]);
        assert!(!needs_alts.is_empty(), "{lang:?}: no needs figure");
        for alt in needs_alts {
            assert!(alt.starts_with(start), "{lang:?}: {alt}");
            assert!(alt.contains(bar), "{lang:?}: {alt}");
        }
    }
}

#[test]
fn the_brief_declares_its_language_and_marks_quotes_in_another() {
    let p = demo_project();
    let sv = Pdf::load_mem(&held_brief(&p, Lang::Sv)).expect("parses");
    let en = Pdf::load_mem(&held_brief(&p, Lang::En)).expect("parses");
    for (pdf, tag) in [(&sv, "sv-SE"), (&en, "en-GB")] {
        let c = catalog(pdf);
        assert_eq!(text(c.get(b"Lang").expect("/Lang")), tag);
        let marked = c
            .get(b"MarkInfo")
            .and_then(|m| m.as_dict())
            .and_then(|m| m.get(b"Marked"))
            .and_then(|m| m.as_bool());
        assert_eq!(marked.ok(), Some(true), "{tag}: /MarkInfo");
        let title = c
            .get(b"ViewerPreferences")
            .and_then(|m| m.as_dict())
            .and_then(|m| m.get(b"DisplayDocTitle"))
            .and_then(|m| m.as_bool());
        assert_eq!(title.ok(), Some(true), "{tag}: /DisplayDocTitle");
    }
    // The residents' quotes are Swedish: in the English brief each is marked so.
    let quoted = |pdf: &Pdf| -> Vec<Option<String>> {
        elements(pdf)
            .into_iter()
            .filter(|(s, parent, d)| {
                s == "P" && parent == "BlockQuote" && d.get(b"K").and_then(|k| k.as_array()).is_ok()
            })
            .map(|(_, _, d)| d.get(b"Lang").ok().map(text))
            .collect()
    };
    let en_quotes = quoted(&en);
    assert!(
        en_quotes.iter().any(|l| l.as_deref() == Some("sv-SE")),
        "{en_quotes:?}"
    );
    assert!(
        quoted(&sv).iter().all(Option::is_none),
        "Swedish in Swedish"
    );
}

#[test]
fn brief_and_sheet_claim_pdfa_2a_and_pdfua_1_with_matching_metadata() {
    let p = demo_project();
    let brief = held_brief(&p, Lang::Sv);
    let sheet = render_feedback(&p, "a01", Lang::Sv).expect("feedback renders");
    for (what, bytes, title) in [
        (
            "brief",
            &brief,
            "Beslutsunderlag: Inriktningsbeslut för verksamheten",
        ),
        ("sheet", &sheet, ""),
    ] {
        let meta = pdfinfo(&["-meta"], bytes);
        for needle in [
            "<pdfaid:part>2</pdfaid:part>",
            "<pdfaid:conformance>A</pdfaid:conformance>",
            "<pdfuaid:part>1</pdfuaid:part>",
            "<dc:language><rdf:Bag><rdf:li>sv-SE</rdf:li></rdf:Bag></dc:language>",
            "<pdf:Producer>Medskapa</pdf:Producer>",
        ] {
            assert!(meta.contains(needle), "{what}: {needle} missing:\n{meta}");
        }
        let info = pdfinfo(&["-isodates"], bytes);
        assert!(info.contains("Tagged:          yes"), "{what}: {info}");
        // The dates are the document's own day (never the clock), the same in both.
        for (key, xmp_key) in [("CreationDate:", "CreateDate"), ("ModDate:", "ModifyDate")] {
            let date = info
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .map(str::trim)
                .and_then(|d| d.strip_suffix('Z'))
                .unwrap_or_else(|| panic!("{what}: no {key} in\n{info}"));
            let xmp = format!("<xmp:{xmp_key}>{date}+00:00</xmp:{xmp_key}>");
            assert!(meta.contains(&xmp), "{what}: {xmp} missing:\n{meta}");
        }
        if what == "brief" {
            assert!(meta.contains("<xmp:CreateDate>2026-11-29T00:00:00+00:00"));
        }
        let title_line = info
            .lines()
            .find_map(|l| l.strip_prefix("Title:"))
            .map(str::trim)
            .expect("a title");
        assert!(
            meta.contains(&format!(
                "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title_line}</rdf:li>"
            )),
            "{what}: dc:title is the information title {title_line:?}"
        );
        if !title.is_empty() {
            assert_eq!(title_line, title);
        }

        let pdf = Pdf::load_mem(bytes).expect("parses");
        let c = catalog(&pdf);
        let intents = c
            .get(b"OutputIntents")
            .and_then(|o| o.as_array())
            .expect("output intents");
        let intent = intents[0].as_dict().expect("intent");
        assert_eq!(
            intent.get(b"S").and_then(|s| s.as_name()).ok(),
            Some(&b"GTS_PDFA1"[..])
        );
        assert_eq!(
            text(intent.get(b"OutputConditionIdentifier").expect("id")),
            "sRGB IEC61966-2.1"
        );
        let icc = intent
            .get(b"DestOutputProfile")
            .and_then(|o| o.as_reference())
            .and_then(|r| pdf.get_object(r))
            .and_then(|o| o.as_stream())
            .expect("ICC profile stream");
        assert_eq!(icc.dict.get(b"N").and_then(|n| n.as_i64()).ok(), Some(3));
        let md = c
            .get(b"Metadata")
            .and_then(|o| o.as_reference())
            .and_then(|r| pdf.get_object(r))
            .and_then(|o| o.as_stream())
            .expect("metadata stream");
        assert!(
            md.dict.get(b"Filter").is_err(),
            "{what}: XMP is uncompressed"
        );
    }
}

#[test]
fn the_feedback_sheet_is_tagged_with_headings_and_lists() {
    let p = demo_project();
    let bytes = render_feedback(&p, "a01", Lang::En).expect("feedback renders");
    let lines = structure(&bytes);
    assert_eq!(
        &lines[..6],
        [
            "Document",
            "P (block)",
            "\"Nya stadsbiblioteket Helsingborg\"",
            "H1 (block)",
            "\"You said – we do\"",
            "P (block)",
        ],
        "{lines:#?}"
    );
    let asked = position(&lines, |l| l == "\"What we asked\"", "first H2");
    assert_eq!(lines[asked - 1], "H2 (block)");
    assert_eq!(
        &lines[asked + 1..asked + 5],
        ["L (block)", "LI (block)", "Lbl (block)", "\"•\""]
    );
    let said = position(&lines, |l| l == "\"What you said\"", "second H2");
    assert!(asked < said);
    let pdf = Pdf::load_mem(&bytes).expect("parses");
    assert_eq!(text(catalog(&pdf).get(b"Lang").expect("/Lang")), "en-GB");
    // The residents' Swedish quotes in the English sheet are marked Swedish.
    let quotes: Vec<Option<String>> = elements(&pdf)
        .into_iter()
        .filter(|(s, parent, _)| s == "P" && parent == "BlockQuote")
        .map(|(_, _, d)| d.get(b"Lang").ok().map(text))
        .collect();
    assert!(
        quotes.iter().any(|l| l.as_deref() == Some("sv-SE")),
        "{quotes:?}"
    );
}
