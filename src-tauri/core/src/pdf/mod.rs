//! A small typesetting layer that writes its own PDF files.
//!
//! A [`Document`] is a list of [`Block`]s (headings, paragraphs, lists, tables, boxes,
//! bar charts …). [`render`] lays them out on A4 pages — real glyph widths, word wrap,
//! keep-with-next, repeated table headers — adds the running header and footer (the
//! page total is known because layout runs before any operation is emitted) and writes
//! a PDF with embedded, subset fonts. The output depends only on the input: no random
//! ids and no clock.

mod archive;
mod content;
mod embed;
mod emit;
mod file;
pub mod fonts;
mod layout;
pub mod markdown;
pub mod structure;
mod tagging;

use chrono::NaiveDate;

pub use fonts::FontStyle;

/// An RGB colour, components 0.0–1.0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color(pub f32, pub f32, pub f32);

impl Color {
    pub const fn rgb8(r: u8, g: u8, b: u8) -> Color {
        Color(r as f32 / 255.0, g as f32 / 255.0, b as f32 / 255.0)
    }
}

/// The document palette.
pub mod palette {
    use super::Color;
    pub const TEXT: Color = Color::rgb8(0x1b, 0x1f, 0x24);
    pub const MUTED: Color = Color::rgb8(0x5b, 0x64, 0x6e);
    pub const ACCENT: Color = Color::rgb8(0x1f, 0x4e, 0x79);
    pub const ACCENT_LIGHT: Color = Color::rgb8(0xe4, 0xec, 0xf4);
    pub const BAR: Color = Color::rgb8(0x3a, 0x6e, 0xa5);
    pub const RULE: Color = Color::rgb8(0xc9, 0xd1, 0xd9);
    pub const ZEBRA: Color = Color::rgb8(0xf5, 0xf7, 0xf9);
    pub const LINK: Color = Color::rgb8(0x1a, 0x5f, 0xb4);
    pub const WARN_FILL: Color = Color::rgb8(0xfd, 0xf3, 0xe1);
    pub const WARN_ACCENT: Color = Color::rgb8(0xc2, 0x6a, 0x00);
    pub const INFO_FILL: Color = Color::rgb8(0xea, 0xf1, 0xf8);
    pub const INFO_ACCENT: Color = Color::rgb8(0x2b, 0x6c, 0xb0);
    pub const QUOTE_BAR: Color = Color::rgb8(0x9c, 0xb8, 0xd6);
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub color: Option<Color>,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            ..Span::default()
        }
    }
    pub fn bold(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            bold: true,
            ..Span::default()
        }
    }
    pub fn italic(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            italic: true,
            ..Span::default()
        }
    }
    pub fn colored(mut self, color: Color) -> Span {
        self.color = Some(color);
        self
    }
}

/// Paragraph flavours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParaStyle {
    #[default]
    Body,
    /// Slightly larger introductory text.
    Lead,
    /// Smaller, muted text (notes, captions).
    Note,
}

/// Horizontal alignment inside a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Relative width; when any column has 0 the widths are computed from the content.
    pub weight: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: impl Into<String>, weight: f32) -> Column {
        Column {
            title: title.into(),
            weight,
            align: Align::Left,
        }
    }
    pub fn right(mut self) -> Column {
        self.align = Align::Right;
        self
    }
}

/// A table whose header row repeats on every page it spans.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Vec<Span>>>,
    /// An emphasised last row (totals).
    pub footer: Option<Vec<Vec<Span>>>,
    /// Use a smaller type size (long appendix tables).
    pub compact: bool,
}

/// A horizontal bar chart: one labelled bar per entry, the count at the end of the bar.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BarChart {
    pub caption: Option<String>,
    /// What the chart shows, in words, for readers who cannot see it (`/Alt`); when
    /// empty, the caption and every bar's label and count.
    pub alt: String,
    pub bars: Vec<(String, u64)>,
    /// The text at the end of each bar, by index ("0,4 %"); the count where missing.
    pub shown: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Warning,
}

/// One block of content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document's title block.
    Title {
        kicker: String,
        title: String,
        subtitle: Option<String>,
    },
    /// Level 1–3.
    Heading {
        level: u8,
        spans: Vec<Span>,
    },
    Paragraph {
        spans: Vec<Span>,
        style: ParaStyle,
    },
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Table(Table),
    /// Label/value pairs in two columns.
    Facts(Vec<(String, Vec<Span>)>),
    /// A shaded box with an accent stripe.
    Notice {
        kind: NoticeKind,
        title: String,
        body: Vec<Block>,
    },
    /// A quotation with an optional attribution line.
    Quote {
        spans: Vec<Span>,
        attribution: Option<String>,
        /// BCP 47 tag when the quote is in another language than the document.
        lang: Option<String>,
    },
    /// Indented blocks with a bar on the left (Markdown block quotes).
    Indented(Vec<Block>),
    BarChart(BarChart),
    Rule,
    Spacer(f32),
    PageBreak,
}

impl Block {
    pub fn heading(level: u8, text: impl Into<String>) -> Block {
        Block::Heading {
            level,
            spans: vec![Span::plain(text)],
        }
    }
    pub fn para(text: impl Into<String>) -> Block {
        Block::Paragraph {
            spans: vec![Span::plain(text)],
            style: ParaStyle::Body,
        }
    }
    pub fn spans(spans: Vec<Span>) -> Block {
        Block::Paragraph {
            spans,
            style: ParaStyle::Body,
        }
    }
    pub fn note(text: impl Into<String>) -> Block {
        Block::Paragraph {
            spans: vec![Span::plain(text)],
            style: ParaStyle::Note,
        }
    }
    pub fn bullets(items: Vec<Vec<Span>>) -> Block {
        Block::List {
            ordered: false,
            start: 1,
            items: items.into_iter().map(|s| vec![Block::spans(s)]).collect(),
        }
    }
}

/// Document information written to the PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    /// BCP 47 tag, e.g. `sv-SE`.
    pub lang: String,
    /// Creation date written to the document information (midnight UTC).
    pub date: NaiveDate,
}

/// Running header and footer, type size.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSetup {
    pub header_left: String,
    pub header_right: String,
    pub footer_left: String,
    /// Page label with `{n}` and `{m}` placeholders, e.g. `Sida {n} av {m}`.
    pub page_label: String,
    /// Body type size in points; headings scale with it.
    pub base_size: f32,
}

impl Default for PageSetup {
    fn default() -> Self {
        PageSetup {
            header_left: String::new(),
            header_right: String::new(),
            footer_left: String::new(),
            page_label: "Sida {n} av {m}".into(),
            base_size: 10.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub meta: Meta,
    pub setup: PageSetup,
    pub blocks: Vec<Block>,
}

/// Number of pages `doc` lays out to.
pub fn page_count(doc: &Document) -> usize {
    layout::layout(doc).len()
}

/// Lay out and write `doc` as PDF bytes.
pub fn render(doc: &Document) -> Vec<u8> {
    let (pages, tree) = layout::layout_tagged(doc);
    emit::write_pdf(doc, &pages, &tree)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> Document {
        let mut blocks = vec![
            Block::Title {
                kicker: "Beslutsunderlag".into(),
                title: "Val av gestaltningsförslag för det nya stadsbiblioteket".into(),
                subtitle: Some("Helsingborgs nya stadsbibliotek".into()),
            },
            Block::Facts(vec![
                ("Forum".into(), vec![Span::plain("Kulturnämnden")]),
                ("Beslutsdatum".into(), vec![Span::plain("15 mars 2027")]),
            ]),
            Block::Notice {
                kind: NoticeKind::Warning,
                title: "Öppna planeringsvarningar".into(),
                body: vec![Block::bullets(vec![vec![
                    Span::bold("Varning: "),
                    Span::plain("Nyckelfrågan saknar dialogaktivitet före sin deadline."),
                ]])],
            },
            Block::heading(1, "Sammanfattning"),
        ];
        blocks.extend(markdown::to_blocks(
            "Invånarna vill ha **en mötesplats** för *alla*. Se [mer](https://helsingborg.se).\n\n- ett\n- två\n\n<b>rå html</b>",
            2,
            crate::support::lang::Lang::Sv,
        ));
        blocks.push(Block::BarChart(BarChart {
            caption: Some("Behov per tema".into()),
            alt: String::new(),
            bars: vec![
                ("Invånarnas mötesplats".into(), 42),
                ("Hållbarhet och delade resurser".into(), 7),
            ],
            shown: vec![],
        }));
        blocks.push(Block::Quote {
            spans: vec![Span::plain(
                "”Jag vill kunna sitta här en hel lördag utan att köpa något.”",
            )],
            attribution: Some("Unga 13–19, pop-up i Stadsparken".into()),
            lang: Some("en-GB".into()),
        });
        let rows = (0..80)
            .map(|i| {
                vec![
                    vec![Span::plain(format!(
                        "Behov nummer {i} med en lite längre beskrivning av vad som behövs"
                    ))],
                    vec![Span::plain("åäö")],
                    vec![Span::plain(i.to_string())],
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("Behov", 3.0),
                Column::new("Citat", 2.0),
                Column::new("Antal", 1.0).right(),
            ],
            rows,
            footer: Some(vec![
                vec![Span::plain("Totalt")],
                vec![],
                vec![Span::plain("80")],
            ]),
            compact: false,
        }));
        Document {
            meta: Meta {
                title: "Beslutsunderlag".into(),
                author: "Helsingborgs nya stadsbibliotek".into(),
                subject: String::new(),
                lang: "sv-SE".into(),
                date: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default(),
            },
            setup: PageSetup {
                header_left: "Helsingborgs nya stadsbibliotek".into(),
                header_right: "Beslutsunderlag".into(),
                footer_left: "Helsingborgs nya stadsbibliotek".into(),
                ..PageSetup::default()
            },
            blocks,
        }
    }

    #[test]
    fn renders_deterministically() {
        let doc = sample();
        let a = render(&doc);
        let b = render(&doc);
        assert!(a.starts_with(b"%PDF"));
        assert_eq!(a, b);
        assert!(page_count(&doc) >= 2);

        // The id follows the content: one word changed in the body gives another id.
        let id = |bytes: &[u8]| {
            let pdf = lopdf::Document::load_mem(bytes).expect("parses");
            let id = pdf.trailer.get(b"ID").and_then(|o| o.as_array()).cloned();
            id.expect("/ID")
        };
        let mut other = doc.clone();
        other.blocks.push(Block::para("Ett ord till."));
        assert_ne!(id(&a), id(&render(&other)));
        assert_eq!(id(&a), id(&b));
    }

    /// Structure elements of `pdf` by type: (type, /Lang, number of kids).
    fn elements(pdf: &lopdf::Document) -> Vec<(String, Option<String>, usize)> {
        pdf.objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"StructElem"))
            .map(|d| {
                let s = d.get(b"S").and_then(|s| s.as_name()).unwrap_or(b"");
                let lang = d.get(b"Lang").and_then(|l| l.as_str()).ok();
                let kids = d.get(b"K").and_then(|k| k.as_array()).map_or(0, Vec::len);
                (
                    String::from_utf8_lossy(s).into_owned(),
                    lang.map(|l| String::from_utf8_lossy(l).into_owned()),
                    kids,
                )
            })
            .collect()
    }

    #[test]
    fn a_table_over_pages_has_its_header_once_and_a_quote_its_language() {
        let doc = sample();
        let bytes = render(&doc);
        let pdf = lopdf::Document::load_mem(&bytes).expect("parses");
        assert!(pdf.get_pages().len() >= 2);
        let els = elements(&pdf);
        let count = |s: &str| els.iter().filter(|(t, _, _)| t == s).count();
        // Two facts rows and the table's 80 rows, header and totals; the header's three
        // cells once (the copies on later pages are artifacts), and the facts' two labels.
        assert_eq!(count("TR"), 2 + 80 + 2);
        assert_eq!(count("TH"), 3 + 2);
        assert_eq!(count("TD"), 2 + 81 * 3);
        for (t, _, kids) in &els {
            if t == "TH" {
                assert_eq!(*kids, 1, "a header cell is content on one page only");
            }
        }
        assert_eq!(count("Figure"), 1);
        let langs: Vec<_> = els
            .iter()
            .filter_map(|(t, l, _)| Some((t, l.as_ref()?)))
            .collect();
        assert_eq!(langs, [(&"P".to_string(), &"en-GB".to_string())]);
        // The trailer /ID is the content digest, not random.
        let id = pdf
            .trailer
            .get(b"ID")
            .and_then(|o| o.as_array())
            .expect("/ID");
        assert_eq!(id.len(), 2);
        assert_eq!(id[0], id[1]);
        assert_eq!(id[0].as_str().map(<[u8]>::len).ok(), Some(32));
    }
}
