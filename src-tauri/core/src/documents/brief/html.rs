//! The brief as an HTML preview: one self-contained page, every text escaped, so project
//! data can never inject markup into the window that shows it.

use std::fmt::Write as _;

use super::model::*;
use crate::domain::checks::Severity;
use crate::support::lang::Lang;

/// Escape text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn esc_lines(s: &str) -> String {
    escape_html(s).replace('\n', "<br>")
}

fn html_inlines(inl: &[Inline]) -> String {
    let mut out = String::new();
    for i in inl {
        let t = esc_lines(&i.text);
        match (i.bold, i.italic) {
            (true, true) => {
                let _ = write!(out, "<strong><em>{t}</em></strong>");
            }
            (true, false) => {
                let _ = write!(out, "<strong>{t}</strong>");
            }
            (false, true) => {
                let _ = write!(out, "<em>{t}</em>");
            }
            (false, false) => out.push_str(&t),
        }
    }
    out
}

const HTML_STYLE: &str =
    "body{font-family:'Liberation Sans',Arial,Helvetica,sans-serif;color:#1b1f24;\
max-width:46rem;margin:2rem auto;padding:0 1.5rem;line-height:1.45;font-size:15px}\
.kicker{color:#1f4e79;font-weight:bold;margin:0}h1{font-size:1.9rem;margin:.2rem 0}\
.project{color:#5b646e;margin:0 0 .8rem}h2{color:#1f4e79;border-bottom:1px solid #c9d1d9;\
padding-bottom:.2rem;margin-top:2rem}h3{margin-top:1.4rem}h4{margin-top:1rem}\
.lead{font-size:1.1em}.note{color:#5b646e;font-size:.9em}\
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}\
dl.facts dt{color:#5b646e;font-weight:bold;font-size:.9em}dl.facts dd{margin:0}\
.notice{border-left:4px solid #c26a00;background:#fdf3e1;padding:.8rem 1rem;margin:1rem 0}\
.notice.info{border-color:#2b6cb0;background:#eaf1f8}.notice h2{border:0;color:#c26a00;\
font-size:1.05rem;margin:0 0 .4rem}table{border-collapse:collapse;width:100%;font-size:.9em;\
margin:.6rem 0}th{background:#e4ecf4;text-align:left;border-bottom:2px solid #1f4e79}\
th,td{padding:.3rem .45rem;vertical-align:top}td{border-bottom:1px solid #c9d1d9}\
tbody tr:nth-child(even){background:#f5f7f9}tfoot td{font-weight:bold;border-top:2px solid #1b1f24}\
.num{text-align:right}figure.chart{margin:.8rem 0}figure.chart figcaption{font-weight:bold}\
.bar-row{display:grid;grid-template-columns:minmax(8rem,35%) 1fr;align-items:center;gap:.6rem;\
font-size:.9em;margin:.2rem 0}.bar-track{display:flex;align-items:center;gap:.4rem;\
border-left:1px solid #5b646e}.bar{display:inline-block;height:.8em;background:#3a6ea5}\
blockquote{border-left:3px solid #9cb8d6;margin:.6rem 0;padding:.1rem .9rem}\
blockquote p{font-style:italic;margin:.2rem 0}blockquote footer{color:#5b646e;font-size:.85em}\
.appendix{break-before:page}";

/// An HTML preview of the brief: a complete document, everything escaped, Markdown
/// rendered with raw HTML shown as text.
pub fn render_html(model: &BriefModel) -> String {
    let mut h = String::new();
    html_head(&mut h, model);
    html_title_block(&mut h, model);
    if !model.warnings.is_empty() {
        html_warnings(&mut h, model);
    }
    for s in &model.sections {
        html_section(&mut h, s, model.lang);
    }
    h.push_str("</article>\n</body>\n</html>\n");
    h
}

/// Everything up to the opening of the brief's header, with the style sheet inline so
/// the preview needs no other file.
fn html_head(h: &mut String, model: &BriefModel) {
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<article class=\"brief\">\n<header>\n",
        model.lang.code(),
        escape_html(&format!("{}: {}", model.kind, model.title)),
        HTML_STYLE
    );
}

/// The header: kicker, title, project, lead, facts and the date the brief was prepared.
fn html_title_block(h: &mut String, model: &BriefModel) {
    let _ = writeln!(h, "<p class=\"kicker\">{}</p>", escape_html(&model.kind));
    let _ = writeln!(h, "<h1>{}</h1>", escape_html(&model.title));
    let _ = writeln!(
        h,
        "<p class=\"project\">{}</p>",
        escape_html(&model.project_name)
    );
    for p in paragraphs(&model.lead) {
        let _ = writeln!(h, "<p class=\"lead\">{}</p>", esc_lines(&p));
    }
    if !model.facts.is_empty() {
        html_facts(h, &model.facts);
    }
    let _ = writeln!(
        h,
        "<p class=\"note\">{}</p>\n</header>",
        escape_html(&model.generated_line)
    );
}

fn html_warnings(h: &mut String, model: &BriefModel) {
    let serious = model.warnings.iter().any(|w| w.severity != Severity::Info);
    let _ = writeln!(
        h,
        "<aside class=\"notice{}\">\n<h2>{}</h2>\n<p>{}</p>\n<ul>",
        if serious { "" } else { " info" },
        escape_html(&model.warnings_title),
        escape_html(&model.warnings_intro)
    );
    for wn in &model.warnings {
        let _ = writeln!(
            h,
            "<li><strong>{}:</strong> {} <span class=\"note\">[{}]</span></li>",
            escape_html(&wn.label),
            escape_html(&wn.message),
            escape_html(wn.code.as_str())
        );
    }
    h.push_str("</ul>\n</aside>\n");
}

/// A section; the one that starts a new page in the PDF gets a page break when printed.
fn html_section(h: &mut String, s: &Section, lang: Lang) {
    let tag = match s.level {
        0 | 1 => "h2",
        2 => "h3",
        _ => "h4",
    };
    let _ = writeln!(
        h,
        "<section{}>\n<{tag}>{}</{tag}>",
        if s.page_break_before {
            " class=\"appendix\""
        } else {
            ""
        },
        escape_html(&s.title)
    );
    for c in &s.content {
        html_content(h, c, lang);
    }
    h.push_str("</section>\n");
}

/// `lang` words the note under a Markdown table cut to the limits.
fn html_content(h: &mut String, c: &Content, lang: Lang) {
    match c {
        Content::Text { inlines } => {
            let _ = writeln!(h, "<p>{}</p>", html_inlines(inlines));
        }
        Content::Note { text } => {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", esc_lines(text));
        }
        Content::Markdown { source } => {
            let _ = writeln!(
                h,
                "<div class=\"markdown\">{}</div>",
                crate::support::markdown::to_html(source, lang)
            );
        }
        Content::Facts { facts } => html_facts(h, facts),
        Content::Bullets { items } => {
            h.push_str("<ul>\n");
            for i in items {
                let _ = writeln!(h, "<li>{}</li>", html_inlines(i));
            }
            h.push_str("</ul>\n");
        }
        Content::Table { table } => html_table(h, table),
        Content::Chart { chart } => html_chart(h, chart),
        Content::Quote { text, source } => {
            let _ = write!(h, "<blockquote><p>{}</p>", esc_lines(text));
            if !source.is_empty() {
                let _ = write!(h, "<footer>{}</footer>", escape_html(source));
            }
            h.push_str("</blockquote>\n");
        }
    }
}

fn html_facts(h: &mut String, facts: &[Fact]) {
    h.push_str("<dl class=\"facts\">\n");
    for f in facts {
        let _ = writeln!(
            h,
            "<dt>{}</dt><dd>{}</dd>",
            escape_html(&f.label),
            esc_lines(&f.value)
        );
    }
    h.push_str("</dl>\n");
}

fn html_table(h: &mut String, table: &TableData) {
    let class = |i: usize| {
        if table.numeric.get(i).copied().unwrap_or(false) {
            " class=\"num\""
        } else {
            ""
        }
    };
    let cells = |h: &mut String, row: &[String]| {
        for (i, cell) in row.iter().enumerate() {
            let _ = write!(h, "<td{}>{}</td>", class(i), esc_lines(cell));
        }
    };
    h.push_str("<table>\n<thead><tr>");
    for (i, col) in table.columns.iter().enumerate() {
        let _ = write!(h, "<th{}>{}</th>", class(i), escape_html(col));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        h.push_str("<tr>");
        cells(h, row);
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n");
    if let Some(total) = &table.total {
        h.push_str("<tfoot><tr>");
        cells(h, total);
        h.push_str("</tr></tfoot>\n");
    }
    h.push_str("</table>\n");
}

/// Bars scaled so the longest takes 85% of the track, leaving room for its count.
fn html_chart(h: &mut String, chart: &ChartData) {
    let max = chart.bars.iter().map(|b| b.value).max().unwrap_or(1).max(1);
    let _ = writeln!(
        h,
        "<figure class=\"chart\">\n<figcaption>{}</figcaption>",
        escape_html(&chart.caption)
    );
    for b in &chart.bars {
        let pct = (b.value as f64 * 85.0 / max as f64).round() as u64;
        let _ = writeln!(
            h,
            "<div class=\"bar-row\"><span class=\"label\">{}</span><span class=\"bar-track\"><span class=\"bar\" style=\"width:{pct}%\"></span><strong>{}</strong></span></div>",
            escape_html(&b.label),
            b.value
        );
    }
    h.push_str("</figure>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::brief::{build_brief, BriefTarget, Lang};
    use crate::domain::model::{Decision, Project};
    use chrono::NaiveDate;

    #[test]
    fn html_escapes_everything() {
        let mut p = Project::default();
        p.project.name = "<script>x</script>".into();
        p.decisions.push(Decision {
            id: "d".into(),
            title: "Beslut & <b>".into(),
            brief_summary: "<img src=x onerror=alert(1)>".into(),
            ..Decision::default()
        });
        let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
        let m = build_brief(&p, &BriefTarget::Decision("d".into()), Lang::Sv, day, &[]);
        let html = render_html(&m.unwrap_or_else(|e| panic!("{e}")));
        assert!(!html.contains("<script>x"));
        assert!(!html.contains("<img"));
        assert!(html.contains("Beslut &amp; &lt;b&gt;"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
    }
}
