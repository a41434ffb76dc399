//! Laid-out pages to printpdf operations, and the PDF file itself.

use std::collections::BTreeSet;

use printpdf::{
    FontId, Line as PdfLine, LinePoint, Op, PaintMode, PdfDocument, PdfFont, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem,
};

use super::fonts::{fonts, FontStyle};
use super::layout::{Item, Page, PAGE_H, PAGE_W};
use super::structure::{Tag, Tree};
use super::{archive, tagging, Color, Document};
use lopdf::Object;

fn pdf_color(c: Color) -> printpdf::Color {
    printpdf::Color::Rgb(Rgb {
        r: c.0.clamp(0.0, 1.0),
        g: c.1.clamp(0.0, 1.0),
        b: c.2.clamp(0.0, 1.0),
        icc_profile: None,
    })
}

fn point(x: f32, y_from_top: f32) -> LinePoint {
    LinePoint {
        p: Point {
            x: Pt(x),
            y: Pt(PAGE_H - y_from_top),
        },
        bezier: false,
    }
}

/// Marked content around each run of items with the same tag: `/Role <</MCID n>> BDC …
/// EMC` for content (`mcids[n]` is the structure element), `/Artifact BMC … EMC` for the
/// rest.
struct Marks<'a> {
    tree: &'a Tree,
    open: Option<Tag>,
    mcids: Vec<usize>,
}

impl Marks<'_> {
    fn mark(&mut self, ops: &mut Vec<Op>, tag: Tag) {
        if self.open == Some(tag) {
            return;
        }
        self.close(ops);
        match tag {
            Tag::Node(n) => {
                let role = self
                    .tree
                    .nodes
                    .get(n)
                    .map_or("Span", |node| node.role.name());
                let mut map = std::collections::BTreeMap::new();
                map.insert(
                    "MCID".to_string(),
                    printpdf::DictItem::Int(self.mcids.len() as i64),
                );
                ops.push(Op::BeginMarkedContentWithProperties {
                    tag: role.into(),
                    properties: printpdf::DictItem::Dict { map },
                });
                self.mcids.push(n);
            }
            Tag::Artifact | Tag::Inherit => ops.push(Op::BeginMarkedContent {
                tag: "Artifact".into(),
            }),
        }
        self.open = Some(tag);
    }

    fn close(&mut self, ops: &mut Vec<Op>) {
        if self.open.take().is_some() {
            ops.push(Op::EndMarkedContent);
        }
    }
}

/// The page's operations, and for each marked-content id on it the structure element it
/// belongs to.
fn page_ops(page: Page, tree: &Tree, used: &mut BTreeSet<FontStyle>) -> (Vec<Op>, Vec<usize>) {
    let mut ops = Vec::with_capacity(page.items.len() * 8);
    let mut marks = Marks {
        tree,
        open: None,
        mcids: Vec::new(),
    };
    let mut fill: Option<Color> = None;
    let mut set_fill = |ops: &mut Vec<Op>, c: Color| {
        if fill != Some(c) {
            ops.push(Op::SetFillColor { col: pdf_color(c) });
            fill = Some(c);
        }
    };
    // The font and size are text state, which outlives each text object (and the page
    // has no `q`/`Q`): `Tf` only where they change.
    let mut font: Option<(FontStyle, f32)> = None;
    for item in page.items {
        if matches!(&item, Item::Text { text, .. } if text.is_empty()) {
            continue;
        }
        marks.mark(&mut ops, item.tag());
        match item {
            Item::Rect {
                x, y, w, h, color, ..
            } => {
                set_fill(&mut ops, color);
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(x),
                        y: Pt(PAGE_H - y - h),
                        width: Pt(w),
                        height: Pt(h),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
                ..
            } => {
                ops.push(Op::SetOutlineColor {
                    col: pdf_color(color),
                });
                ops.push(Op::SetOutlineThickness { pt: Pt(width) });
                ops.push(Op::DrawLine {
                    line: PdfLine {
                        points: vec![point(x1, y1), point(x2, y2)],
                        is_closed: false,
                    },
                });
            }
            Item::Text {
                x,
                y,
                style,
                size,
                color,
                text,
                ..
            } => {
                used.insert(style);
                set_fill(&mut ops, color);
                ops.push(Op::StartTextSection);
                if font != Some((style, size)) {
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(FontId(style.resource_id().into())),
                        size: Pt(size),
                    });
                    font = Some((style, size));
                }
                ops.push(Op::SetTextCursor {
                    pos: Point {
                        x: Pt(x),
                        y: Pt(PAGE_H - y),
                    },
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text)],
                });
                ops.push(Op::EndTextSection);
            }
        }
    }
    marks.close(&mut ops);
    (ops, marks.mcids)
}

/// FNV-1a in two lanes, fed as text is written to it.
struct Digest {
    a: u64,
    b: u64,
}

impl Digest {
    fn new() -> Digest {
        Digest {
            a: 0xcbf2_9ce4_8422_2325,
            b: 0x8422_2325_cbf2_9ce4,
        }
    }

    fn hex(&self) -> String {
        format!("{:016x}{:016x}", self.a, self.b)
    }
}

impl std::fmt::Write for Digest {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        for byte in s.bytes() {
            self.a ^= u64::from(byte);
            self.a = self.a.wrapping_mul(0x0000_0100_0000_01b3);
            self.b ^= u64::from(byte.rotate_left(3));
            self.b = self.b.wrapping_mul(0x0000_0100_0000_01b3);
        }
        Ok(())
    }
}

/// A stable 128-bit hex digest of `value`'s debug form, used as the document id; the
/// form is hashed as it is written, never held whole.
fn digest(value: &impl std::fmt::Debug) -> String {
    use std::fmt::Write;
    let mut d = Digest::new();
    // Writing to the digest cannot fail.
    let _ = write!(d, "{value:?}");
    d.hex()
}

/// The PDF file: tagged (the structure tree `tree` and the marked content of every
/// page), PDF/A-2a and PDF/UA-1, with the same bytes for the same document.
pub fn write_pdf(doc: &Document, pages: Vec<Page>, tree: &Tree) -> Vec<u8> {
    // The document id is a digest of the whole document, worked out beside the pages.
    std::thread::scope(|s| {
        let id = s.spawn(|| digest(doc));
        write_pdf_with(doc, pages, tree, || {
            id.join().unwrap_or_else(|_| digest(doc))
        })
    })
}

fn write_pdf_with(
    doc: &Document,
    pages: Vec<Page>,
    tree: &Tree,
    id: impl FnOnce() -> String,
) -> Vec<u8> {
    let set = fonts();
    let mut used = BTreeSet::new();
    let mut marked = Vec::with_capacity(pages.len());
    let pdf_pages: Vec<PdfPage> = pages
        .into_iter()
        .map(|p| {
            let (ops, mcids) = page_ops(p, tree, &mut used);
            marked.push(mcids);
            PdfPage::new(
                printpdf::Mm::from(Pt(PAGE_W)),
                printpdf::Mm::from(Pt(PAGE_H)),
                ops,
            )
        })
        .collect();

    let mut pdf = PdfDocument::new(&doc.meta.title);
    for style in &used {
        pdf.resources.fonts.map.insert(
            FontId(style.resource_id().into()),
            PdfFont::new(set.face(*style).parsed.clone()),
        );
    }
    pdf.with_pages(pdf_pages);

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    let id = id();

    // printpdf writes a random trailer /ID; the content digest replaces it.
    let id_string = || Object::String(id.as_bytes().to_vec(), lopdf::StringFormat::Literal);
    lo.trailer
        .set("ID", Object::Array(vec![id_string(), id_string()]));
    tagging::write_structure(&mut lo, tree, &marked);
    archive::write_archive_entries(&mut lo, &doc.meta, &id);
    lo.version = "1.7".into();
    compress_streams(&mut lo);
    // The structure tree is thousands of small dictionaries (one per table cell): object
    // streams deflate them along with the rest, which PDF 1.5 and later (PDF/A-2) allow.
    let save = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .compression_level(COMPRESSION_LEVEL)
        .build();
    let mut out = Vec::new();
    if lo.save_with_options(&mut out, save).is_err() {
        out.clear();
    }
    out
}

/// zlib level for the page streams. lopdf's own `compress` uses level 9, whose long match
/// search took a third of the time to render a 150-page brief; level 6 (zlib's default)
/// gives a file a few per cent larger in a fraction of the time. Lower levels save little
/// more: on the 5,000-need brief level 3 was ~5 % faster and the file 24 % larger, level 1
/// ~11 % faster and 74 % larger.
const COMPRESSION_LEVEL: u32 = 6;

/// Deflate every stream that may be compressed and is not yet, as `lopdf::Document::compress`
/// does, at `COMPRESSION_LEVEL`: half of them on a second thread (each stream's bytes
/// are the same whichever thread deflates it).
fn compress_streams(lo: &mut lopdf::Document) {
    let mut todo: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|obj| match obj {
            lopdf::Object::Stream(stream)
                if stream.allows_compression && stream.dict.get(b"Filter").is_err() =>
            {
                Some(stream)
            }
            _ => None,
        })
        .collect();
    let half = todo.len() / 2;
    let (first, second) = todo.split_at_mut(half);
    std::thread::scope(|s| {
        s.spawn(|| first.iter_mut().for_each(|st| compress_stream(st)));
        second.iter_mut().for_each(|st| compress_stream(st));
    });
}

fn compress_stream(stream: &mut lopdf::Stream) {
    use std::io::Write;
    let mut enc = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(stream.content.len() / 3),
        flate2::Compression::new(COMPRESSION_LEVEL),
    );
    let Ok(packed) = enc.write_all(&stream.content).and_then(|()| enc.finish()) else {
        return;
    };
    // As lopdf: keep the stream as it is unless deflating saves more than the filter
    // entry costs.
    if packed.len() + 19 < stream.content.len() {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(packed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_is_stable_and_hex() {
        let d = digest(&"Beslutsunderlag");
        assert_eq!(d.len(), 32);
        assert!(d.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(d, digest(&"Beslutsunderlag"));
        assert_ne!(d, digest(&"beslutsunderlag"));
    }
}
