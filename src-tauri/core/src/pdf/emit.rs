//! Laid-out pages to printpdf operations, and the PDF file itself.

use std::collections::BTreeSet;

use printpdf::{
    FontId, Line as PdfLine, LinePoint, Op, PaintMode, PdfDocument, PdfFont, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem,
};

use super::fonts::{fonts, FontStyle};
use super::layout::{Item, Page, PAGE_H, PAGE_W};
use super::{Color, Document};

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

fn page_ops(page: &Page, used: &mut BTreeSet<FontStyle>) -> Vec<Op> {
    let mut ops = Vec::with_capacity(page.items.len() * 6);
    let mut fill: Option<Color> = None;
    let mut set_fill = |ops: &mut Vec<Op>, c: Color| {
        if fill != Some(c) {
            ops.push(Op::SetFillColor { col: pdf_color(c) });
            fill = Some(c);
        }
    };
    for item in &page.items {
        match item {
            Item::Rect { x, y, w, h, color } => {
                set_fill(&mut ops, *color);
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(PAGE_H - y - h),
                        width: Pt(*w),
                        height: Pt(*h),
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
            } => {
                ops.push(Op::SetOutlineColor {
                    col: pdf_color(*color),
                });
                ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                ops.push(Op::DrawLine {
                    line: PdfLine {
                        points: vec![point(*x1, *y1), point(*x2, *y2)],
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
            } => {
                if text.is_empty() {
                    continue;
                }
                used.insert(*style);
                set_fill(&mut ops, *color);
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(FontId(style.resource_id().into())),
                    size: Pt(*size),
                });
                ops.push(Op::SetTextCursor {
                    pos: Point {
                        x: Pt(*x),
                        y: Pt(PAGE_H - y),
                    },
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                });
                ops.push(Op::EndTextSection);
            }
        }
    }
    ops
}

/// A stable 128-bit hex digest (FNV-1a, two lanes) used as the document id.
fn digest(data: &str) -> String {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x8422_2325_cbf2_9ce4;
    for byte in data.bytes() {
        a ^= u64::from(byte);
        a = a.wrapping_mul(0x0000_0100_0000_01b3);
        b ^= u64::from(byte.rotate_left(3));
        b = b.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{a:016x}{b:016x}")
}

pub fn write_pdf(doc: &Document, pages: &[Page]) -> Vec<u8> {
    let set = fonts();
    let mut used = BTreeSet::new();
    let pdf_pages: Vec<PdfPage> = pages
        .iter()
        .map(|p| {
            PdfPage::new(
                printpdf::Mm::from(Pt(PAGE_W)),
                printpdf::Mm::from(Pt(PAGE_H)),
                page_ops(p, &mut used),
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
    let id = digest(&format!("{doc:?}"));
    let info = &mut pdf.metadata.info;
    info.author = doc.meta.author.clone();
    info.subject = doc.meta.subject.clone();
    info.creator = "Medskapa".into();
    info.producer = "Medskapa".into();
    info.identifier = id.clone();
    let ts = doc
        .meta
        .date
        .and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc().timestamp())
        .unwrap_or(0);
    if let Ok(when) = printpdf::OffsetDateTime::from_unix_timestamp(ts) {
        info.creation_date = when;
        info.modification_date = when;
        info.metadata_date = when;
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

    // printpdf writes a random trailer /ID; replace it with the content digest, and
    // declare the document language on the catalog (/Lang) with a string object made
    // from the same template.
    let mut lang_obj = None;
    if let Ok(arr) = lo.trailer.get_mut(b"ID").and_then(|o| o.as_array_mut()) {
        for o in arr.iter_mut() {
            if let Ok(s) = o.as_str_mut() {
                *s = id.as_bytes().to_vec();
            }
        }
        if let Some(first) = arr.first() {
            let mut l = first.clone();
            if let Ok(s) = l.as_str_mut() {
                *s = doc.meta.lang.as_bytes().to_vec();
                lang_obj = Some(l);
            }
        }
    }
    if let (Some(l), Ok(catalog)) = (lang_obj, lo.catalog_mut()) {
        catalog.set("Lang", l);
    }
    // printpdf also claims PDF/X conformance in the information dictionary; this
    // document makes no such claim.
    if let Ok(info_id) = lo.trailer.get(b"Info").and_then(|o| o.as_reference()) {
        if let Ok(info) = lo.get_object_mut(info_id).and_then(|o| o.as_dict_mut()) {
            info.remove(b"GTS_PDFXVersion");
            info.remove(b"Trapped");
            for key in [&b"Subject"[..], b"Keywords"] {
                if doc.meta.subject.is_empty() || key == b"Keywords" {
                    info.remove(key);
                }
            }
        }
    }
    lo.version = "1.7".into();
    compress_streams(&mut lo);
    let mut out = Vec::new();
    if lo.save_to(&mut out).is_err() {
        out.clear();
    }
    out
}

/// zlib level for the page streams. lopdf's own `compress` uses level 9, whose long match
/// search took a third of the time to render a 150-page brief; level 6 (zlib's default)
/// gives a file a few per cent larger in a fraction of the time.
const COMPRESSION_LEVEL: u32 = 6;

/// Deflate every stream that may be compressed and is not yet, as `lopdf::Document::compress`
/// does, at `COMPRESSION_LEVEL`.
fn compress_streams(lo: &mut lopdf::Document) {
    use std::io::Write;
    for obj in lo.objects.values_mut() {
        let lopdf::Object::Stream(stream) = obj else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut enc = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(stream.content.len() / 3),
            flate2::Compression::new(COMPRESSION_LEVEL),
        );
        let Ok(packed) = enc.write_all(&stream.content).and_then(|()| enc.finish()) else {
            continue;
        };
        // As lopdf: keep the stream as it is unless deflating saves more than the filter
        // entry costs.
        if packed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_is_stable_and_hex() {
        let d = digest("Beslutsunderlag");
        assert_eq!(d.len(), 32);
        assert_eq!(d, digest("Beslutsunderlag"));
        assert_ne!(d, digest("beslutsunderlag"));
    }
}
