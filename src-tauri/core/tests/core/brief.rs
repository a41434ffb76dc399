//! Decision briefs and feedback sheets, checked with poppler (pdftotext, pdffonts, pdfinfo).

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use medskapa_core::documents::brief::{
    build_brief, escape_html, render_html, render_pdf, BriefError, BriefTarget, Lang,
};
use medskapa_core::documents::feedback::render_feedback;
use medskapa_core::domain::model::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).expect("valid date")
}

fn small_project() -> Project {
    let mut p = Project::default();
    p.project.name = "Helsingborgs nya stadsbibliotek".into();
    p.segments = vec![
        Segment {
            id: "s1".into(),
            name: "Unga 13–19".into(),
            priority: true,
            ..Segment::default()
        },
        Segment {
            id: "s2".into(),
            name: "Icke-användare".into(),
            priority: true,
            ..Segment::default()
        },
        Segment {
            id: "s3".into(),
            name: "Barnfamiljer".into(),
            ..Segment::default()
        },
    ];
    p.tags = vec![
        Tag {
            id: "t1".into(),
            name: "Invånarnas mötesplats".into(),
            ..Tag::default()
        },
        Tag {
            id: "t2".into(),
            name: "Hållbarhet och delade resurser".into(),
            ..Tag::default()
        },
        Tag {
            id: "t11".into(),
            name: "Platser utan köptvång".into(),
            parent_id: Some("t1".into()),
            ..Tag::default()
        },
    ];
    p.decisions = vec![Decision {
        id: "d1".into(),
        title: "Val av gestaltningsförslag".into(),
        description: "Kulturnämnden väljer vilket gestaltningsförslag som ska arbetas vidare med.".into(),
        decision_date: Some("2027-03-15".into()),
        forum: "Kulturnämnden".into(),
        brief_summary: "Invånarna vill ha **en mötesplats** utan köptvång.\n\n- Tysta rum\n- Sociala ytor\n\n<script>alert(1)</script>".into(),
        brief_proposal: "Kulturnämnden föreslås besluta\n\n1. att välja förslag B,\n2. att återkoppla till invånarna.".into(),
        ..Decision::default()
    }];
    p.key_questions = vec![
        KeyQuestion {
            id: "q1".into(),
            title: "Vilka kvaliteter ska invånarna bedöma?".into(),
            description: "Vi behöver veta vad som gör förslagen begripliga för invånarna.".into(),
            decision_id: Some("d1".into()),
            needed_by: Some("2027-02-01".into()),
            influence_level: InfluenceLevel::Dialogue,
            open_to_influence: "Vilka kvaliteter som väger tyngst.".into(),
            fixed: "Budget och tomt.".into(),
            promise: "Vi redovisar hur synpunkterna vägts in.".into(),
            status: QuestionStatus::InProgress,
            ..KeyQuestion::default()
        },
        KeyQuestion {
            id: "q2".into(),
            title: "Hur ska Ungas rum utformas?".into(),
            decision_id: Some("d1".into()),
            influence_level: InfluenceLevel::Influence,
            ..KeyQuestion::default()
        },
    ];
    p.activities = vec![
        Activity {
            id: "a1".into(),
            title: "Pop-up i Stadsparken".into(),
            method: Method::Popup,
            starts_at: Some("2026-09-12T11:00".into()),
            place: "Stadsparken".into(),
            organisers: "Involveringsgruppen".into(),
            status: ActivityStatus::Held,
            key_question_ids: vec!["q1".into()],
            participants: vec![
                Participants {
                    segment_id: "s1".into(),
                    count: 12,
                },
                Participants {
                    segment_id: "s3".into(),
                    count: 25,
                },
            ],
            ..Activity::default()
        },
        Activity {
            id: "a2".into(),
            title: "Designverkstad: Ungas rum".into(),
            method: Method::Workshop,
            starts_at: Some("2026-10-03T13:00".into()),
            status: ActivityStatus::Held,
            key_question_ids: vec!["q2".into()],
            participants: vec![Participants {
                segment_id: "s1".into(),
                count: 18,
            }],
            ..Activity::default()
        },
    ];
    p.needs = vec![
        Need {
            id: "n1".into(),
            statement: "En plats att vara på utan att köpa något".into(),
            quote: "Jag vill kunna sitta här en hel lördag utan att någon tittar snett på mig, även när det är kallt ute.".into(),
            activity_id: Some("a1".into()),
            segment_ids: vec!["s1".into()],
            tag_ids: vec!["t11".into()],
            important: true,
        },
        Need {
            id: "n2".into(),
            statement: "Låna verktyg i stället för att köpa".into(),
            quote: "Vi borde kunna låna en borrmaskin här, så slipper alla äga en.".into(),
            activity_id: Some("a1".into()),
            segment_ids: vec!["s3".into()],
            tag_ids: vec!["t2".into()],
            important: false,
        },
        Need {
            id: "n3".into(),
            statement: "Ett eget rum för unga med plats för musik".into(),
            quote: "Ett rum där vi får höras och spela musik, inte bara vara tysta.".into(),
            activity_id: Some("a2".into()),
            segment_ids: vec!["s1".into()],
            tag_ids: vec!["t1".into()],
            important: true,
        },
    ];
    p.insights = vec![Insight {
        id: "i1".into(),
        title: "Biblioteket som vardagsrum".into(),
        statement: "Många vill kunna stanna länge utan krav.".into(),
        need_ids: vec!["n1".into(), "n3".into()],
        key_question_ids: vec!["q1".into()],
        response: "Vi planerar fler sittplatser utan köptvång i entréplanet.".into(),
        response_status: ResponseStatus::Adopted,
        communicated_on: Some("2026-11-02".into()),
        ..Insight::default()
    }];
    p
}

fn write_temp(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write pdf");
    path
}

fn poppler(tool: &str, args: &[&str], path: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(path)
        .args(if tool == "pdftotext" {
            vec!["-"]
        } else {
            vec![]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} must be installed: {e}"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pages(info: &str) -> usize {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("pdfinfo prints Pages")
}

#[test]
fn decision_brief_pdf_has_content_fonts_and_is_deterministic() {
    let p = small_project();
    let warnings = medskapa_core::domain::checks::check(&p, today(), Lang::Sv);
    let model = build_brief(
        &p,
        &BriefTarget::Decision("d1".into()),
        Lang::Sv,
        today(),
        &warnings,
    )
    .expect("brief builds");
    let bytes = render_pdf(&model);
    assert_eq!(bytes, render_pdf(&model), "same model, same bytes");
    let again = build_brief(
        &p,
        &BriefTarget::Decision("d1".into()),
        Lang::Sv,
        today(),
        &warnings,
    )
    .expect("brief builds");
    assert_eq!(bytes, render_pdf(&again), "same input, same bytes");

    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_temp(dir.path(), "brief.pdf", &bytes);

    let text = poppler("pdftotext", &[], &path);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Beslutsunderlag",
        "Val av gestaltningsförslag",
        "Vilka kvaliteter ska invånarna bedöma?",
        "Hur ska Ungas rum utformas?",
        "Pop-up i Stadsparken",
        "Designverkstad: Ungas rum",
        "Underlag framtaget 29 november 2026",
        "15 mars 2027",
        "Sammanfattning",
        "Vad behövde vi veta",
        "Vad kunde invånarna påverka",
        "Dialog",
        "Genomförd dialog",
        "Vad invånarna sa",
        "Behov per tema",
        "Insikter",
        "Vi gör",
        "Förslag till beslut",
        "Bilaga: alla behov",
        "Icke-användare",
        "Sida 1 av",
    ] {
        assert!(flat.contains(needle), "missing {needle:?} in:\n{text}");
    }
    // Participant total for the first question (12 + 25).
    assert!(flat.contains("37"), "participant total missing:\n{text}");
    // A quote with å ä ö, intact.
    assert!(
        flat.contains("tittar snett på mig"),
        "quote missing:\n{text}"
    );
    assert!(
        flat.contains("även när det är kallt ute"),
        "quote missing:\n{text}"
    );
    // Raw HTML from Markdown is literal text.
    assert!(
        flat.contains("<script>alert(1)</script>"),
        "raw html not literal:\n{text}"
    );
    let n = pages(&poppler("pdfinfo", &[], &path));
    assert!(
        flat.contains(&format!("Sida 1 av {n}")),
        "page label:\n{text}"
    );

    let fonts = poppler("pdffonts", &[], &path);
    let lines: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!lines.is_empty(), "no fonts:\n{fonts}");
    for l in lines {
        let cols: Vec<&str> = l.split_whitespace().collect();
        // name type... encoding emb sub uni object ID
        let k = cols.len();
        assert!(k >= 7, "{l}");
        assert_eq!(
            &cols[k - 5..k - 2],
            &["yes", "yes", "yes"],
            "font not embedded+subset: {l}"
        );
    }

    let info = poppler("pdfinfo", &[], &path);
    assert!(
        info.contains("Helsingborgs nya stadsbibliotek"),
        "author:\n{info}"
    );
    assert!(
        info.contains("Val av gestaltningsförslag"),
        "title:\n{info}"
    );
}

#[test]
fn question_brief_and_english() {
    let p = small_project();
    let model = build_brief(
        &p,
        &BriefTarget::Question("q2".into()),
        Lang::En,
        today(),
        &[],
    )
    .expect("brief builds");
    assert_eq!(model.title, "Hur ska Ungas rum utformas?");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_temp(dir.path(), "q.pdf", &render_pdf(&model));
    let text = poppler("pdftotext", &[], &path);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Decision brief"), "{text}");
    assert!(flat.contains("Hur ska Ungas rum utformas?"), "{text}");
    assert!(
        !flat.contains("Vilka kvaliteter ska invånarna bedöma?"),
        "other question leaked:\n{text}"
    );
    assert!(flat.contains("Page 1 of"), "{text}");
    assert!(flat.contains("Influence"), "{text}");
}

#[test]
fn warnings_about_the_decision_are_shown_first() {
    let p = small_project();
    let warnings = vec![medskapa_core::domain::checks::Warning {
        code: medskapa_core::domain::checks::WarningCode::DecisionUnprepared,
        severity: medskapa_core::domain::checks::Severity::Warning,
        subject: medskapa_core::domain::checks::Subject::Decision,
        id: "d1".into(),
        message: "Beslutet ”Val av gestaltningsförslag” har obesvarade nyckelfrågor.".into(),
    }];
    let model = build_brief(
        &p,
        &BriefTarget::Decision("d1".into()),
        Lang::Sv,
        today(),
        &warnings,
    )
    .expect("brief builds");
    assert_eq!(model.warnings.len(), 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_temp(dir.path(), "w.pdf", &render_pdf(&model));
    let text = poppler("pdftotext", &[], &path);
    let box_at = text.find("Öppna planeringsvarningar").expect("warning box");
    let summary_at = text.find("Sammanfattning").expect("summary");
    assert!(box_at < summary_at, "warnings must come before the summary");
    assert!(text.contains("har obesvarade nyckelfrågor"));
}

#[test]
fn unknown_ids_are_errors() {
    let p = small_project();
    let e = build_brief(
        &p,
        &BriefTarget::Decision("x".into()),
        Lang::Sv,
        today(),
        &[],
    )
    .err();
    assert_eq!(e, Some(BriefError::UnknownDecision("x".into())));
    assert_eq!(
        e.map(|e| e.to_string()).as_deref(),
        Some("unknown decision \"x\"")
    );
    let e = build_brief(
        &p,
        &BriefTarget::Question("y".into()),
        Lang::Sv,
        today(),
        &[],
    )
    .err();
    assert_eq!(e, Some(BriefError::UnknownQuestion("y".into())));
    assert!(render_feedback(&p, "z", Lang::Sv).is_err());
}

#[test]
fn html_preview_is_escaped() {
    let p = small_project();
    let model = build_brief(
        &p,
        &BriefTarget::Decision("d1".into()),
        Lang::Sv,
        today(),
        &[],
    )
    .expect("brief builds");
    let html = medskapa_core::documents::brief::render_html_document(&model);
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("Val av gestaltningsförslag"));
    assert!(
        !html.contains("<script>alert(1)</script>"),
        "raw html must be escaped"
    );
    assert!(html.contains("&lt;script&gt;"));
}

/// The text of an HTML fragment without its tags, entities decoded.
fn html_text(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Every heading of an HTML document in order: its level and its text.
fn html_headings(html: &str) -> Vec<(u8, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<h") {
        rest = &rest[i + 2..];
        let b = rest.as_bytes();
        let Some(level) = b.first().filter(|d| (b'1'..=b'6').contains(d)) else {
            continue;
        };
        let level = level - b'0';
        let close = format!("</h{level}>");
        let (Some(start), Some(end)) = (rest.find('>'), rest.find(&close)) else {
            panic!("heading h{level} is not closed")
        };
        out.push((level, html_text(&rest[start + 1..end])));
        rest = &rest[end..];
    }
    out
}

/// The headings of the PDF the same model makes, in order: the title, the warnings box's
/// title, and every section and Markdown heading.
fn pdf_headings(model: &medskapa_core::documents::brief::BriefModel) -> Vec<String> {
    use medskapa_core::pdf::Block;
    medskapa_core::documents::brief::brief_document(model)
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Title { title, .. } => Some(title.clone()),
            Block::Notice { title, .. } => Some(title.clone()),
            Block::Heading { spans, .. } => {
                Some(spans.iter().map(|s| s.text.as_str()).collect::<String>())
            }
            _ => None,
        })
        .collect()
}

/// The parts of `html` between each `open` and the next `close`.
fn html_elements<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        let Some(end) = rest[i..].find(close) else {
            panic!("{open} is not closed")
        };
        out.push(&rest[i..i + end + close.len()]);
        rest = &rest[i + end + close.len()..];
    }
    out
}

/// The standalone web page is accessible and says what the PDF says: for every decision
/// and key question of the demo, in both languages.
#[test]
fn html_brief_is_an_accessible_page_with_the_pdfs_headings() {
    use medskapa_core::app::briefs::{brief_html_document, brief_model};
    use medskapa_core::documents::brief::render_html_document;
    let dir = tempfile::tempdir().expect("temp dir");
    let store = crate::support::demo_store(dir.path());
    let project = store.load_project().expect("loads");
    let targets = project
        .decisions
        .iter()
        .map(|d| BriefTarget::Decision(d.id.clone()))
        .chain(
            project
                .key_questions
                .iter()
                .map(|q| BriefTarget::Question(q.id.clone())),
        );
    let mut charts = 0;
    let mut tables = 0;
    for target in targets {
        for lang in [Lang::Sv, Lang::En] {
            let model = brief_model(&store, &target, lang, today()).expect("builds");
            let html = render_html_document(&model);
            let about = format!("{target:?} {lang:?}");
            assert!(html.starts_with("<!DOCTYPE html>\n"), "{about}");
            assert!(
                html.contains(&format!("<html lang=\"{}\">", lang.code())),
                "{about}"
            );
            let title = html_elements(&html, "<title>", "</title>");
            assert_eq!(title.len(), 1, "{about}");
            assert!(html_text(title[0]).contains(&model.title), "{about}");
            assert_eq!(html.matches("<main>").count(), 1, "{about}");

            // One h1, and no heading deeper than one below the one before it.
            let headings = html_headings(&html);
            assert_eq!(
                headings.iter().filter(|(l, _)| *l == 1).count(),
                1,
                "{about}: {headings:?}"
            );
            assert_eq!(headings[0], (1, model.title.clone()), "{about}");
            for pair in headings.windows(2) {
                assert!(
                    pair[1].0 <= pair[0].0 + 1,
                    "{about}: {:?} skips a level after {:?}",
                    pair[1],
                    pair[0]
                );
            }
            // The same headings in the same order as the PDF.
            let texts: Vec<String> = headings.iter().map(|(_, t)| t.clone()).collect();
            assert_eq!(texts, pdf_headings(&model), "{about}");

            // Tables: captioned (a chart's table by its figure), every head cell scoped.
            for table in html_elements(&html, "<table", "</table>") {
                tables += 1;
                assert!(table.contains("<th "), "{about}: no head cell in {table}");
                assert_eq!(
                    table.matches("<th ").count() + table.matches("<th>").count(),
                    table.matches("<th scope=\"").count(),
                    "{about}: a head cell without scope in {table}"
                );
                assert!(
                    table.contains("<caption") || table.contains("class=\"chart-table\""),
                    "{about}: no caption in {table}"
                );
            }
            for figure in html_elements(&html, "<figure class=\"chart\">", "</figure>") {
                charts += 1;
                assert!(figure.contains("<figcaption>"), "{about}");
                assert!(figure.contains("<table class=\"chart-table\">"), "{about}");
                assert!(figure.contains("<th scope=\"row\">"), "{about}");
            }
            assert_eq!(
                html.matches("<table class=\"chart-table\">").count(),
                html.matches("<figure class=\"chart\">").count(),
                "{about}: a chart table outside its figure"
            );

            // Nothing runs, nothing is loaded from elsewhere; printing is styled for A4.
            let lower = html.to_lowercase();
            for bad in [
                "<script", "src=", "<link", "url(", "@import", "<iframe", "<img",
            ] {
                assert!(!lower.contains(bad), "{about}: {bad}");
            }
            assert_eq!(
                lower.matches("http").count(),
                lower.matches("href=\"http").count(),
                "{about}: an address outside a link"
            );
            assert!(html.contains("@media print{"), "{about}");
            assert!(html.contains("size:A4"), "{about}");
            assert!(html.contains("break-inside:avoid"), "{about}");

            // Swedish letters stay letters.
            assert!(!html.contains("Ã"), "{about}: mojibake");
            assert!(!html.contains("&#2"), "{about}: letters as entities");
            assert!(html.contains(&escape_html(&model.project_name)), "{about}");

            // The same project and date give the same bytes.
            assert_eq!(
                brief_html_document(&store, &target, lang, today()).expect("renders"),
                html,
                "{about}"
            );
        }
    }
    assert!(
        charts > 0 && tables > charts,
        "the demo has charts and tables"
    );
    let sv = brief_html_document(
        &store,
        &BriefTarget::Decision(project.decisions[0].id.clone()),
        Lang::Sv,
        today(),
    )
    .expect("renders");
    assert!(sv.contains("ä") && sv.contains("ö") && sv.contains("å"));
}

/// Markdown written by the project group fits into the page: its headings continue the
/// brief's levels, its tables get scoped head cells.
#[test]
fn html_brief_fits_markdown_headings_and_tables() {
    let mut p = small_project();
    p.decisions[0].brief_summary =
        "# Bakgrund\n\ntext\n\n### Detaljer\n\n| Plats | Antal |\n|---|--:|\n| Torget | 3 |\n\n###### Djupt"
            .into();
    let model = build_brief(
        &p,
        &BriefTarget::Decision("d1".into()),
        Lang::Sv,
        today(),
        &[],
    )
    .expect("brief builds");
    let html = medskapa_core::documents::brief::render_html_document(&model);
    let headings = html_headings(&html);
    let at = |t: &str| headings.iter().find(|(_, h)| h == t).map(|(l, _)| *l);
    assert_eq!(at("Sammanfattning"), Some(2), "{headings:?}");
    assert_eq!(at("Bakgrund"), Some(3), "{headings:?}");
    assert_eq!(at("Detaljer"), Some(4), "{headings:?}");
    assert_eq!(at("Djupt"), Some(4), "{headings:?}");
    assert_eq!(headings.iter().filter(|(l, _)| *l == 1).count(), 1);
    assert!(html.contains("<th scope=\"col\">Plats</th>"), "{html}");
    let texts: Vec<String> = headings.into_iter().map(|(_, t)| t).collect();
    assert_eq!(texts, pdf_headings(&model));
}

/// A resident's quote, or a text of the project's, in another language than the brief's
/// is marked with its language.
#[test]
fn html_brief_marks_quotes_in_another_language() {
    let p = small_project();
    let quoted: Vec<&str> = p
        .needs
        .iter()
        .map(|n| n.quote.as_str())
        .filter(|q| !q.is_empty())
        .collect();
    assert!(!quoted.is_empty(), "the project has quotes");
    for (lang, other) in [(Lang::En, "sv"), (Lang::Sv, "en")] {
        let model = build_brief(&p, &BriefTarget::Decision("d1".into()), lang, today(), &[])
            .expect("brief builds");
        let html = medskapa_core::documents::brief::render_html_document(&model);
        let quotes = html_elements(&html, "<blockquote", "</blockquote>");
        assert!(!quotes.is_empty(), "{lang:?}");
        if lang == Lang::En {
            // The residents spoke Swedish: every quote says so in an English brief.
            for q in &quotes {
                assert!(
                    q.starts_with(&format!("<blockquote lang=\"{other}\">")),
                    "{q}"
                );
            }
            // So are the project's own texts, such as the needs in the appendix's table.
            assert!(html.contains("<th scope=\"row\" lang=\"sv\">"), "{html}");
        } else {
            for q in &quotes {
                assert!(q.starts_with("<blockquote>"), "{q}");
            }
            assert_eq!(
                html.matches(" lang=\"").count(),
                1,
                "only <html lang>: {html}"
            );
        }
    }
}

#[test]
fn large_project_spans_many_pages() {
    let mut p = small_project();
    let acts = ["a1", "a2"];
    for i in 0..5000 {
        p.needs.push(Need {
            id: format!("x{i:05}"),
            statement: format!(
                "Behov {i}: fler platser för läsning, möten och lärande i gröna miljöer"
            ),
            quote: if i % 3 == 0 {
                format!("Citat {i} – här vill jag vara, även på söndagar när allt annat är stängt.")
            } else {
                String::new()
            },
            activity_id: Some(acts[i % 2].into()),
            segment_ids: vec!["s1".into()],
            tag_ids: if i % 7 == 0 {
                vec![]
            } else {
                vec![["t1", "t2", "t11"][i % 3].into()]
            },
            important: i % 11 == 0,
        });
    }
    let model = build_brief(
        &p,
        &BriefTarget::Decision("d1".into()),
        Lang::Sv,
        today(),
        &[],
    )
    .expect("brief builds");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_temp(dir.path(), "big.pdf", &render_pdf(&model));
    let n = pages(&poppler("pdfinfo", &[], &path));
    assert!(n > 20, "only {n} pages");
    let text = poppler(
        "pdftotext",
        &["-f", &n.to_string(), "-l", &n.to_string()],
        &path,
    );
    assert!(text.contains(&format!("Sida {n} av {n}")), "{text}");
}

#[test]
fn feedback_sheet_is_one_page() {
    let p = small_project();
    let bytes = render_feedback(&p, "a1", Lang::Sv).expect("feedback renders");
    assert_eq!(bytes, render_feedback(&p, "a1", Lang::Sv).expect("again"));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_temp(dir.path(), "fb.pdf", &bytes);
    assert_eq!(pages(&poppler("pdfinfo", &[], &path)), 1);
    let text = poppler("pdftotext", &[], &path);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Ni sa – vi gör",
        "Pop-up i Stadsparken",
        "12 september 2026",
        "Det här frågade vi",
        "Vilka kvaliteter ska invånarna bedöma?",
        "Det här sa ni",
        "Det här gör vi",
        "fler sittplatser utan köptvång",
        "Så här går det vidare",
        "15 mars 2027",
    ] {
        assert!(flat.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

#[test]
fn feedback_sheet_truncates_to_one_page() {
    let mut p = small_project();
    for i in 0..40 {
        p.key_questions.push(KeyQuestion {
            id: format!("qq{i}"),
            title: format!(
                "En lång nyckelfråga nummer {i} om hur biblioteket ska fungera för alla åldrar"
            ),
            decision_id: Some("d1".into()),
            ..KeyQuestion::default()
        });
        p.activities[0].key_question_ids.push(format!("qq{i}"));
        p.tags.push(Tag {
            id: format!("tt{i}"),
            name: format!("Tagg {i}"),
            ..Tag::default()
        });
        p.needs.push(Need {
            id: format!("nn{i}"),
            statement: "Ett behov".into(),
            quote: "Ett mycket långt citat ".repeat(30),
            activity_id: Some("a1".into()),
            tag_ids: vec![format!("tt{i}")],
            ..Need::default()
        });
        p.insights.push(Insight {
            id: format!("ii{i}"),
            title: "Insikt".into(),
            need_ids: vec![format!("nn{i}")],
            response: "Vi gör något åt det här, och vi berättar om det i god tid. ".repeat(6),
            response_status: ResponseStatus::Proposed,
            ..Insight::default()
        });
    }
    let bytes = render_feedback(&p, "a1", Lang::En).expect("feedback renders");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_temp(dir.path(), "fb.pdf", &bytes);
    assert_eq!(pages(&poppler("pdfinfo", &[], &path)), 1);
    let text = poppler("pdftotext", &[], &path);
    assert!(text.contains("You said – we do"), "{text}");
    assert!(text.contains("… and"), "{text}");
}

/// Renders the demo project's briefs; set MEDSKAPA_BRIEF_OUT to a directory to keep them.
#[test]
fn demo_project_renders() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/demo/helsingborg.json");
    let Ok(json) = std::fs::read_to_string(&path) else {
        return;
    };
    let Ok(p) = serde_json::from_str::<Project>(&json) else {
        return;
    };
    let out = std::env::var("MEDSKAPA_BRIEF_OUT").ok();
    let warnings = medskapa_core::domain::checks::check(&p, today(), Lang::Sv);
    for d in &p.decisions {
        let model = build_brief(
            &p,
            &BriefTarget::Decision(d.id.clone()),
            Lang::Sv,
            today(),
            &warnings,
        )
        .expect("brief builds");
        let bytes = render_pdf(&model);
        assert!(bytes.starts_with(b"%PDF"));
        if let Some(dir) = &out {
            std::fs::write(Path::new(dir).join(format!("brief-{}.pdf", d.id)), &bytes)
                .expect("write");
            std::fs::write(
                Path::new(dir).join(format!("brief-{}.html", d.id)),
                render_html(&model),
            )
            .expect("write");
        }
    }
    for a in &p.activities {
        for lang in [Lang::Sv, Lang::En] {
            let bytes = render_feedback(&p, &a.id, lang).expect("feedback renders");
            if let Some(dir) = &out {
                let name = format!("feedback-{}-{}.pdf", a.id, lang.code());
                std::fs::write(Path::new(dir).join(name), &bytes).expect("write");
            }
        }
    }
    if let (Some(dir), Some(d)) = (&out, p.decisions.first()) {
        let model = build_brief(
            &p,
            &BriefTarget::Decision(d.id.clone()),
            Lang::En,
            today(),
            &warnings,
        )
        .expect("brief builds");
        std::fs::write(
            Path::new(dir).join(format!("brief-{}-en.pdf", d.id)),
            render_pdf(&model),
        )
        .expect("write");
    }
}

/// A brief from the store reads only the needs it shows; it must be the same document as a
/// brief built from the whole project, for every decision and question of a generated
/// project (needs heard in the activities, needs only the insights cite, and needs in
/// neither).
#[test]
fn a_brief_from_the_store_equals_one_from_the_whole_project() {
    use medskapa_core::app::generate::{generate, GenerateOptions};
    use medskapa_core::documents::brief::build_brief_with_ladder;
    use medskapa_core::store::{OpenOptions, Store};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("g.medskapa");
    let mut p = generate(&GenerateOptions::scaled(1500, 7));
    // A question whose only evidence comes through an insight: no activity asks it.
    let q = p.key_questions[0].id.clone();
    for a in &mut p.activities {
        a.key_question_ids.retain(|k| k != &q);
    }
    let cited: Vec<String> = p.needs.iter().rev().take(3).map(|n| n.id.clone()).collect();
    p.insights[0].key_question_ids = vec![q.clone()];
    p.insights[0].need_ids = cited;
    Store::create_from(&path, &p).expect("writes");
    let store = Store::open(&path, OpenOptions::default()).expect("opens");
    let whole = store.load_project().expect("loads");
    let warnings = store.planning_warnings(today(), Lang::Sv).expect("checks");
    let ladder = store.ladder().expect("ladder");
    let targets = whole
        .decisions
        .iter()
        .map(|d| BriefTarget::Decision(d.id.clone()))
        .chain(
            whole
                .key_questions
                .iter()
                .map(|q| BriefTarget::Question(q.id.clone())),
        );
    let mut appendix_rows = 0usize;
    for target in targets {
        let model = build_brief_with_ladder(&whole, &target, Lang::Sv, today(), &warnings, &ladder)
            .expect("builds");
        appendix_rows += render_html(&model).matches("<tr").count();
        assert_eq!(
            medskapa_core::app::briefs::brief_pdf(&store, &target, Lang::Sv, today())
                .expect("renders"),
            render_pdf(&model),
            "{target:?}: the store's brief differs"
        );
    }
    assert!(appendix_rows > 100, "the briefs show needs");
    let only_cited = medskapa_core::app::briefs::brief_model(
        &store,
        &BriefTarget::Question(q),
        Lang::Sv,
        today(),
    )
    .expect("builds");
    assert!(
        render_html(&only_cited).contains(&whole.needs.last().expect("needs").statement),
        "a need only an insight cites is in the brief"
    );
}

/// What a sentence says outside the names it quotes (a name may be Swedish in an
/// English brief: it is the project's own words).
fn outside_quotes(s: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '“' | '”' | '"' if !quoted => quoted = true,
            '”' | '"' | '“' => quoted = false,
            _ if !quoted => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn an_english_brief_has_no_swedish_sentence_in_its_warnings_box() {
    use medskapa_core::app::briefs::brief_model;
    let dir = tempfile::tempdir().unwrap();
    let store = crate::support::demo_store(dir.path());
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let swedish_words = [
        "har",
        "inte",
        "och",
        "för",
        "efter",
        "före",
        "ingen",
        "som",
        "dialogen",
        "beslutet",
        "nyckelfrågan",
        "insikten",
        "målgruppen",
        "deltagarna",
        "saknar",
        "behov",
        "finns",
        "öppna",
        "planeringsvarningar",
        "underlaget",
    ];
    let mut seen = 0;
    for d in store.load_project().unwrap().decisions {
        let target = BriefTarget::Decision(d.id.clone());
        let model = brief_model(&store, &target, Lang::En, today).expect("builds");
        let mut texts = vec![model.warnings_title.clone(), model.warnings_intro.clone()];
        for w in &model.warnings {
            texts.push(w.label.clone());
            texts.push(w.message.clone());
        }
        seen += model.warnings.len();
        for text in texts {
            let bare = outside_quotes(&text).to_lowercase();
            assert!(
                !bare.contains(['å', 'ä', 'ö']),
                "Swedish letters in {text:?}"
            );
            for word in bare.split(|c: char| !c.is_alphanumeric()) {
                assert!(
                    !swedish_words.contains(&word),
                    "the Swedish word {word:?} in {text:?}"
                );
            }
        }
        // The Swedish brief of the same decision words the same warnings in Swedish.
        let sv = brief_model(&store, &target, Lang::Sv, today).expect("builds");
        assert_eq!(sv.warnings.len(), model.warnings.len());
        for (a, b) in sv.warnings.iter().zip(&model.warnings) {
            assert_eq!(a.code, b.code);
            assert_ne!(a.message, b.message, "the same sentence in both languages");
        }
    }
    assert!(
        seen > 0,
        "the demo's briefs show warnings, so the test checks something"
    );
}

/// The rows of every table in the subsections titled `title`, as one text per row.
fn table_rows(model: &medskapa_core::documents::brief::BriefModel, title: &str) -> Vec<String> {
    use medskapa_core::documents::brief::Content;
    model
        .sections
        .iter()
        .filter(|s| s.title == title)
        .flat_map(|s| s.content.iter())
        .filter_map(|c| match c {
            Content::Table { table } => Some(table.rows.iter().map(|r| r.join(" | "))),
            _ => None,
        })
        .flatten()
        .collect()
}

#[test]
fn a_planned_activity_is_listed_as_planned_never_as_held() {
    let mut p = small_project();
    p.activities.push(Activity {
        id: "a3".into(),
        title: "Skolbesök på Olympiaskolan".into(),
        method: Method::Workshop,
        starts_at: Some("2027-01-20".into()),
        status: ActivityStatus::Planned,
        key_question_ids: vec!["q1".into()],
        ..Activity::default()
    });
    for (lang, held, planned, day) in [
        (
            Lang::Sv,
            "Genomförd dialog",
            "Planerad dialog",
            "20 januari 2027",
        ),
        (
            Lang::En,
            "Dialogue held",
            "Dialogue planned",
            "20 January 2027",
        ),
    ] {
        let model = build_brief(&p, &BriefTarget::Decision("d1".into()), lang, today(), &[])
            .expect("brief builds");
        let held_rows = table_rows(&model, held);
        assert!(
            held_rows.iter().any(|r| r.contains("Pop-up i Stadsparken")),
            "{held_rows:?}"
        );
        assert!(
            held_rows.iter().all(|r| !r.contains("Olympiaskolan")),
            "a planned activity under {held:?}: {held_rows:?}"
        );
        let planned_rows = table_rows(&model, planned);
        assert_eq!(planned_rows.len(), 1, "{planned_rows:?}");
        assert!(
            planned_rows[0].contains("Olympiaskolan"),
            "{planned_rows:?}"
        );
        assert!(planned_rows[0].contains(day), "{planned_rows:?}");
    }
    // A question whose only activity is planned says nothing was held yet.
    p.activities.retain(|a| a.id != "a2");
    p.activities[1].key_question_ids = vec!["q2".into()];
    let model = build_brief(
        &p,
        &BriefTarget::Question("q2".into()),
        Lang::Sv,
        today(),
        &[],
    )
    .expect("brief builds");
    assert!(table_rows(&model, "Genomförd dialog").is_empty());
    assert_eq!(table_rows(&model, "Planerad dialog").len(), 1);
}

#[test]
fn the_warnings_box_names_each_warning_in_words_never_by_its_code() {
    let mut p = small_project();
    p.key_questions[1].influence_level = InfluenceLevel::Inform;
    for (lang, topic) in [
        (
            Lang::Sv,
            "Dialog om en fråga som inte är öppen för påverkan",
        ),
        (Lang::En, "Dialogue on a question not open to influence"),
    ] {
        let warnings = medskapa_core::domain::checks::check(&p, today(), lang);
        let model = build_brief(
            &p,
            &BriefTarget::Decision("d1".into()),
            lang,
            today(),
            &warnings,
        )
        .expect("brief builds");
        assert!(
            model.warnings.iter().any(|w| w.label.contains(topic)),
            "{:?}",
            model.warnings
        );
        let html = render_html(&model);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write_temp(dir.path(), "w.pdf", &render_pdf(&model));
        let text = poppler("pdftotext", &[], &path);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(html.contains(topic) && flat.contains(topic), "{flat}");
        for code in medskapa_core::domain::checks::WarningCode::ALL {
            assert!(!html.contains(code.as_str()), "{code} in the preview");
            assert!(!flat.contains(code.as_str()), "{code} in the PDF");
        }
    }
}

#[test]
fn counts_of_one_are_singular_in_the_brief_and_the_sheet() {
    let p = small_project();
    let said = |lang| {
        let model = build_brief(&p, &BriefTarget::Question("q2".into()), lang, today(), &[])
            .expect("brief builds");
        serde_json::to_string(&model).expect("json")
    };
    assert!(said(Lang::Sv).contains("1 behov från 1 aktivitet."));
    assert!(said(Lang::En).contains("1 need from 1 activity."));
    for (lang, intro, mention) in [
        (Lang::Sv, "Vi fick in 1 synpunkt.", "1 synpunkt"),
        (Lang::En, "We heard 1 point.", "1 mention"),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let bytes = render_feedback(&p, "a2", lang).expect("feedback renders");
        let path = write_temp(dir.path(), "fb.pdf", &bytes);
        let text = poppler("pdftotext", &[], &path);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(intro), "{flat}");
        assert!(flat.contains(&format!("– {mention}")), "{flat}");
        assert!(
            !flat.contains("1 synpunkter") && !flat.contains("1 points"),
            "{flat}"
        );
    }
}
