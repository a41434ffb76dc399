//! The brief as HTML: the body the window's preview shows ([`render_html`]), and the
//! same body as a standalone, accessible web page with its own style sheet
//! ([`render_html_document`]). Every text is escaped, so project data can never inject
//! markup; the page loads nothing from elsewhere and runs no script.

use std::fmt::Write as _;

use super::model::*;
use crate::domain::checks::Severity;
use crate::support::lang::Lang;

/// The deepest heading the brief writes: the PDF has three levels under the title.
const MAX_HEADING: u8 = 4;

pub use crate::support::markup::escape as escape_html;

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

/// The brief's body: one `<article>` in the PDF's order (title block, warnings,
/// sections). Headings start at `h1` for the title and never skip a level; tables have a
/// caption and scoped header cells; the chart is a figure whose bars sit in a table.
pub fn render_html(model: &BriefModel) -> String {
    let mut w = Writer {
        h: String::new(),
        last: 1,
        lang: model.lang,
    };
    w.h.push_str("<article class=\"brief\">\n<header>\n");
    html_title_block(&mut w.h, model);
    if !model.warnings.is_empty() {
        w.warnings(model);
    }
    for s in &model.sections {
        w.section(s);
    }
    w.h.push_str("</article>\n");
    w.h
}

/// The brief as one self-contained web page: `lang`, title, the body in `<main>`, and
/// an inline style sheet for screen and A4 print. The same model gives the same bytes.
pub fn render_html_document(model: &BriefModel) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n<main>\n{}</main>\n</body>\n</html>\n",
        model.lang.code(),
        escape_html(&format!(
            "{}: {} – {}",
            model.kind, model.title, model.project_name
        )),
        document_css(),
        render_html(model)
    )
}

/// The colours of the page. Every text colour has at least 4.5:1 contrast against every
/// background here (WCAG AA), and the bars 3:1 against white.
mod palette {
    pub const TEXT: &str = "#1b1f24";
    pub const MUTED: &str = "#4d5560";
    pub const ACCENT: &str = "#1f4e79";
    pub const WARN_TEXT: &str = "#8a4b00";
    pub const PAPER: &str = "#ffffff";
    pub const WARN_BG: &str = "#fdf3e1";
    pub const INFO_BG: &str = "#eaf1f8";
    pub const HEAD_BG: &str = "#e4ecf4";
    pub const STRIPE: &str = "#f5f7f9";
    pub const LINE: &str = "#c9d1d9";
    pub const WARN_LINE: &str = "#c26a00";
    pub const INFO_LINE: &str = "#2b6cb0";
    pub const QUOTE_LINE: &str = "#9cb8d6";
    pub const BAR: &str = "#3a6ea5";
}

/// The page's style sheet: readable on screen, and on paper A4 with margins, headings
/// kept with what follows, table rows never split and table heads repeated.
fn document_css() -> String {
    use palette::*;
    format!(
        "body{{font-family:'Liberation Sans',Arial,Helvetica,sans-serif;color:{TEXT};\
background:{PAPER};max-width:46rem;margin:2rem auto;padding:0 1.5rem;line-height:1.5;\
font-size:1rem}}\n\
a{{color:{ACCENT};text-decoration:underline}}\n\
.kicker{{color:{ACCENT};font-weight:bold;margin:0}}\n\
h1{{font-size:1.9rem;margin:.2rem 0}}\n\
.project{{color:{MUTED};margin:0 0 .8rem}}\n\
h2{{color:{ACCENT};font-size:1.4rem;border-bottom:1px solid {LINE};padding-bottom:.2rem;\
margin-top:2rem}}\n\
h3{{font-size:1.15rem;margin-top:1.4rem}}\n\
h4{{font-size:1rem;margin-top:1rem}}\n\
.lead{{font-size:1.1em}}\n\
.note{{color:{MUTED};font-size:.9em}}\n\
dl.facts{{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}}\n\
dl.facts dt{{color:{MUTED};font-weight:bold;font-size:.9em}}\n\
dl.facts dd{{margin:0}}\n\
.notice{{border-left:4px solid {WARN_LINE};background:{WARN_BG};padding:.8rem 1rem;\
margin:1rem 0}}\n\
.notice.info{{border-color:{INFO_LINE};background:{INFO_BG}}}\n\
.notice h2{{border:0;color:{WARN_TEXT};font-size:1.05rem;margin:0 0 .4rem}}\n\
.notice.info h2{{color:{ACCENT}}}\n\
table{{border-collapse:collapse;width:100%;font-size:.9em;margin:.6rem 0}}\n\
th,td{{padding:.3rem .45rem;vertical-align:top;text-align:left}}\n\
thead th{{background:{HEAD_BG};border-bottom:2px solid {ACCENT}}}\n\
tbody th,tbody td,tfoot th,tfoot td{{border-bottom:1px solid {LINE}}}\n\
tbody th{{font-weight:normal}}\n\
tbody tr:nth-child(even){{background:{STRIPE}}}\n\
tfoot th,tfoot td{{font-weight:bold;border-top:2px solid {TEXT}}}\n\
.num{{text-align:right}}\n\
.visually-hidden{{position:absolute;width:1px;height:1px;padding:0;margin:-1px;\
overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}}\n\
figure{{margin:.8rem 0}}\n\
figure.chart figcaption{{font-weight:bold}}\n\
table.chart-table tbody tr:nth-child(even){{background:none}}\n\
table.chart-table th{{width:40%}}\n\
.bar-cell{{white-space:nowrap}}\n\
.bar-cell svg{{width:70%;height:.8em;vertical-align:middle;margin-right:.4rem}}\n\
figure.quote{{border-left:3px solid {QUOTE_LINE};margin:.6rem 0;padding:.1rem .9rem}}\n\
figure.quote blockquote{{margin:0}}\n\
figure.quote blockquote p{{font-style:italic;margin:.2rem 0}}\n\
figure.quote figcaption{{color:{MUTED};font-size:.85em}}\n\
.markdown blockquote{{border-left:3px solid {QUOTE_LINE};margin:.6rem 0;padding:0 .9rem}}\n\
@media print{{\n\
@page{{size:A4;margin:20mm 18mm 22mm}}\n\
body{{max-width:none;margin:0;padding:0;font-size:10.5pt;background:none}}\n\
h1,h2,h3,h4,figcaption{{break-after:avoid;page-break-after:avoid}}\n\
tr,li,figure.quote,dl.facts{{break-inside:avoid;page-break-inside:avoid}}\n\
thead{{display:table-header-group}}\n\
tfoot{{display:table-footer-group}}\n\
.appendix{{break-before:page;page-break-before:always}}\n\
.notice,thead th,tbody tr{{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n\
}}\n"
    )
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
        let _ = writeln!(
            h,
            "<p class=\"lead\"{}>{}</p>",
            lang_attr(&p, model.lang),
            esc_lines(&p)
        );
    }
    if !model.facts.is_empty() {
        html_facts(h, &model.facts, model.lang);
    }
    let _ = writeln!(
        h,
        "<p class=\"note\">{}</p>\n</header>",
        escape_html(&model.generated_line)
    );
}

/// Writes the body, keeping track of the last heading so no level is ever skipped.
struct Writer {
    h: String,
    last: u8,
    lang: Lang,
}

impl Writer {
    /// The heading level for one that would be `wanted`: never deeper than one below the
    /// last heading, nor than [`MAX_HEADING`].
    fn level(&mut self, wanted: u8) -> u8 {
        let l = wanted.clamp(2, MAX_HEADING).min(self.last + 1);
        self.last = l;
        l
    }

    fn warnings(&mut self, model: &BriefModel) {
        let serious = model.warnings.iter().any(|w| w.severity != Severity::Info);
        let l = self.level(2);
        let _ = writeln!(
            self.h,
            "<section class=\"notice{}\">\n<h{l}>{}</h{l}>\n<p>{}</p>\n<ul>",
            if serious { "" } else { " info" },
            escape_html(&model.warnings_title),
            escape_html(&model.warnings_intro)
        );
        for wn in &model.warnings {
            let _ = writeln!(
                self.h,
                "<li><strong>{}:</strong> {}</li>",
                escape_html(&wn.label),
                escape_html(&wn.message)
            );
        }
        self.h.push_str("</ul>\n</section>\n");
    }

    /// A section; the one that starts a new page in the PDF starts one when printed.
    fn section(&mut self, s: &Section) {
        let l = self.level(s.level.max(1) + 1);
        let _ = writeln!(
            self.h,
            "<section{}>\n<h{l}>{}</h{l}>",
            if s.page_break_before {
                " class=\"appendix\""
            } else {
                ""
            },
            escape_html(&s.title)
        );
        for c in &s.content {
            self.content(c, l, &s.title);
        }
        self.h.push_str("</section>\n");
    }

    /// One element of a section whose heading is `h{level}`; `title` captions its tables.
    fn content(&mut self, c: &Content, level: u8, title: &str) {
        let h = &mut self.h;
        match c {
            Content::Text { inlines } => {
                let _ = writeln!(
                    h,
                    "<p{}>{}</p>",
                    lang_attr(&plain(inlines), self.lang),
                    html_inlines(inlines)
                );
            }
            Content::Note { text } => {
                let _ = writeln!(h, "<p class=\"note\">{}</p>", esc_lines(text));
            }
            Content::Markdown { source } => {
                let body = crate::support::markdown::to_html(source, self.lang);
                let body = fit_markdown(&body, level + 1, &mut self.last);
                let _ = writeln!(
                    self.h,
                    "<div class=\"markdown\"{}>{body}</div>",
                    lang_attr(source, self.lang)
                );
            }
            Content::Facts { facts } => html_facts(h, facts, self.lang),
            Content::Bullets { items } => {
                h.push_str("<ul>\n");
                for i in items {
                    let _ = writeln!(
                        h,
                        "<li{}>{}</li>",
                        lang_attr(&plain(i), self.lang),
                        html_inlines(i)
                    );
                }
                h.push_str("</ul>\n");
            }
            Content::Table { table } => html_table(h, table, title, self.lang),
            Content::Chart { chart } => html_chart(h, chart),
            Content::Quote { text, source } => html_quote(h, text, source, self.lang),
        }
    }
}

/// Markdown's HTML fitted into the brief: its headings start at `h{base}` and never skip
/// a level after `last` (nor go deeper than [`MAX_HEADING`]), and its table header cells
/// are scoped to their columns. Raw HTML in the source is already escaped text, so every
/// tag here is one the Markdown renderer wrote.
fn fit_markdown(html: &str, base: u8, last: &mut u8) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    let mut open = base;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let b = rest.as_bytes();
        let digit = |at: usize| {
            b.get(at)
                .filter(|d| (b'1'..=b'6').contains(d))
                .map(|d| d - b'0')
        };
        if let (true, Some(n), Some(b'>')) = (b.starts_with(b"<h"), digit(2), b.get(3)) {
            open = (base + n - 1).min(MAX_HEADING).min(*last + 1).max(2);
            *last = open;
            let _ = write!(out, "<h{open}>");
            rest = &rest[4..];
        } else if let (true, Some(_), Some(b'>')) = (b.starts_with(b"</h"), digit(3), b.get(4)) {
            let _ = write!(out, "</h{open}>");
            rest = &rest[5..];
        } else if rest.starts_with("<th>") || rest.starts_with("<th ") {
            out.push_str("<th scope=\"col\"");
            rest = &rest[3..];
        } else {
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

fn html_facts(h: &mut String, facts: &[Fact], lang: Lang) {
    h.push_str("<dl class=\"facts\">\n");
    for f in facts {
        let _ = writeln!(
            h,
            "<dt>{}</dt><dd{}>{}</dd>",
            escape_html(&f.label),
            lang_attr(&f.value, lang),
            esc_lines(&f.value)
        );
    }
    h.push_str("</dl>\n");
}

/// A table captioned `caption` (for screen readers: on the page the section heading above
/// says it), column heads scoped to their columns, each row led by its first cell, and
/// cells clearly in another language than the brief's `lang` marked with theirs.
fn html_table(h: &mut String, table: &TableData, caption: &str, lang: Lang) {
    let class = |i: usize| {
        if table.numeric.get(i).copied().unwrap_or(false) {
            " class=\"num\""
        } else {
            ""
        }
    };
    let cells = |h: &mut String, row: &[String]| {
        for (i, cell) in row.iter().enumerate() {
            let tag = if i == 0 && !cell.trim().is_empty() {
                "th scope=\"row\""
            } else {
                "td"
            };
            let end = &tag[..2];
            let _ = write!(
                h,
                "<{tag}{}{}>{}</{end}>",
                class(i),
                lang_attr(cell, lang),
                esc_lines(cell)
            );
        }
    };
    let _ = write!(
        h,
        "<table{}>\n<caption class=\"visually-hidden\">{}</caption>\n<thead><tr>",
        if table.compact {
            " class=\"compact\""
        } else {
            ""
        },
        escape_html(caption)
    );
    for (i, col) in table.columns.iter().enumerate() {
        let _ = write!(h, "<th scope=\"col\"{}>{}</th>", class(i), escape_html(col));
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

/// The bar chart as a figure: its caption, and a table of each bar's label and count, the
/// bar drawn beside the count (hidden from screen readers, which read the number).
/// Bars are scaled so the longest fills the track.
fn html_chart(h: &mut String, chart: &ChartData) {
    let max = chart.bars.iter().map(|b| b.value).max().unwrap_or(1).max(1);
    let [label_col, value_col] = &chart.columns;
    let _ = writeln!(
        h,
        "<figure class=\"chart\">\n<figcaption>{}</figcaption>\n<table class=\"chart-table\">\n\
<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
        escape_html(&chart.caption),
        escape_html(label_col),
        escape_html(value_col)
    );
    for b in &chart.bars {
        let width = (b.value as f64 * 100.0 / max as f64).round() as u64;
        let _ = writeln!(
            h,
            "<tr><th scope=\"row\">{}</th><td class=\"bar-cell\">\
<svg viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">\
<rect width=\"{width}\" height=\"10\" fill=\"{}\"></rect></svg>{}</td></tr>",
            escape_html(&b.label),
            palette::BAR,
            escape_html(&b.shown)
        );
    }
    h.push_str("</tbody>\n</table>\n</figure>\n");
}

/// A resident's quote and who said it; the quote is marked with its language when it is
/// clearly not the brief's, so a screen reader pronounces it right.
fn html_quote(h: &mut String, text: &str, source: &str, lang: Lang) {
    let _ = write!(
        h,
        "<figure class=\"quote\"><blockquote{}><p>{}</p></blockquote>",
        lang_attr(text, lang),
        esc_lines(text)
    );
    if !source.is_empty() {
        let _ = write!(
            h,
            "<figcaption{}>{}</figcaption>",
            lang_attr(source, lang),
            escape_html(source)
        );
    }
    h.push_str("</figure>\n");
}

/// The text of styled runs, for telling its language.
fn plain(inlines: &[Inline]) -> String {
    inlines.iter().map(|i| i.text.as_str()).collect()
}

/// ` lang="…"` when `text` is clearly in another language than the brief's `lang` (the
/// project's own texts and the residents' words stay as written), else nothing.
fn lang_attr(text: &str, lang: Lang) -> String {
    match quote_lang(text) {
        Some(other) if other != lang => format!(" lang=\"{}\"", other.code()),
        _ => String::new(),
    }
}

/// The language of a short text, when its words say so clearly: Swedish letters and
/// common Swedish words against common English words, at least two and more than twice
/// the other's. `None` when unsure.
pub(crate) fn quote_lang(text: &str) -> Option<Lang> {
    const SV: &[&str] = &[
        "och", "att", "det", "är", "inte", "jag", "vi", "som", "för", "på", "med", "har", "vill",
        "kan", "man", "här", "till", "om", "mig", "ett", "en", "de", "sig", "också", "när",
        "eller", "finns", "skulle", "mer", "barn",
    ];
    const EN: &[&str] = &[
        "the", "and", "is", "are", "we", "to", "of", "it", "for", "not", "my", "want", "would",
        "have", "there", "you", "with", "this", "that", "can", "more", "when", "or", "be", "our",
        "children", "should",
    ];
    let mut sv = 0usize;
    let mut en = 0usize;
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let w = word.to_lowercase();
        if w.contains(['å', 'ä', 'ö']) || SV.contains(&w.as_str()) {
            sv += 1;
        }
        if EN.contains(&w.as_str()) {
            en += 1;
        }
    }
    match sv.cmp(&en) {
        std::cmp::Ordering::Greater if sv >= 2 && sv > 2 * en => Some(Lang::Sv),
        std::cmp::Ordering::Less if en >= 2 && en > 2 * sv => Some(Lang::En),
        _ => None,
    }
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
        let html = render_html_document(&m.unwrap_or_else(|e| panic!("{e}")));
        assert!(!html.contains("<script>x"));
        assert!(!html.contains("<img"));
        assert!(html.contains("Beslut &amp; &lt;b&gt;"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
    }

    #[test]
    fn markdown_headings_follow_the_section_and_never_skip() {
        let mut last = 2;
        let out = fit_markdown(
            "<h1>A</h1><h3>B</h3><h6>C</h6><table><thead><tr><th>x</th><th style=\"text-align: right\">y</th>",
            3,
            &mut last,
        );
        assert_eq!(
            out,
            "<h3>A</h3><h4>B</h4><h4>C</h4><table><thead><tr><th scope=\"col\">x</th><th scope=\"col\" style=\"text-align: right\">y</th>"
        );
        assert_eq!(last, 4);
        // A deep Markdown heading right under a section heading comes one level below it.
        let mut last = 2;
        assert_eq!(fit_markdown("<h3>D</h3>", 3, &mut last), "<h3>D</h3>");
    }

    #[test]
    fn quotes_are_told_apart_only_when_clear() {
        assert_eq!(
            quote_lang("Jag vill att biblioteket är öppet på kvällarna."),
            Some(Lang::Sv)
        );
        assert_eq!(
            quote_lang("We want the library to be open in the evenings."),
            Some(Lang::En)
        );
        assert_eq!(quote_lang("OK"), None);
        assert_eq!(quote_lang("Wifi, kaffe"), None);
        // An English sentence naming two Swedish groups stays English.
        assert_eq!(
            quote_lang("Priority groups not reached: Icke-användare, Nyanlända"),
            None
        );
        assert_eq!(
            lang_attr("Vi vill ha mer plats för barn", Lang::En),
            " lang=\"sv\""
        );
        assert_eq!(lang_attr("Vi vill ha mer plats för barn", Lang::Sv), "");
    }

    /// WCAG relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let c = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0)) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn text_colours_meet_aa_on_every_background() {
        use palette::*;
        for fg in [TEXT, MUTED, ACCENT, WARN_TEXT] {
            for bg in [PAPER, WARN_BG, INFO_BG, HEAD_BG, STRIPE] {
                let r = contrast(fg, bg);
                assert!(r >= 4.5, "{fg} on {bg}: {r:.2}");
            }
        }
        assert!(contrast(BAR, PAPER) >= 3.0);
        assert!(contrast("#777777", PAPER) < 4.5, "the check can fail");
    }
}
