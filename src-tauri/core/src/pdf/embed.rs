//! The fonts as the file embeds them: each face used is subset to the glyphs the pages
//! show and written as a Type 0 font over a CIDFontType2 (Identity-H, so a string is a
//! run of two-byte glyph ids), with the widths, the font descriptor and a ToUnicode map
//! that lets readers and screen readers get the text back.

use std::collections::BTreeMap;

use super::file::{self, Dict, Id, Objects, Stream};
use super::fonts::{fonts, Face, FontStyle, TABLE_SIZE};
use super::layout::{Item, Page};

/// For one face: the code a character is written with, once the face is subset.
pub(super) struct Codes {
    /// Code per code point below `TABLE_SIZE`.
    table: Vec<u16>,
    /// Code per original glyph id, for the rest.
    by_glyph: Vec<u16>,
    face: &'static Face,
}

impl Codes {
    pub fn code(&self, c: char) -> u16 {
        match self.table.get(c as usize) {
            Some(code) => *code,
            None => self
                .by_glyph
                .get(usize::from(self.face.glyph(c)))
                .copied()
                .unwrap_or(0),
        }
    }
}

/// The glyphs each face shows on `pages`, with a character for each (for ToUnicode);
/// `None` for a face no text is set in. (A face set only in characters it has no glyph
/// for is still used: the page names it.)
fn used_glyphs(pages: &[Page]) -> [Option<BTreeMap<u16, char>>; 4] {
    let set = fonts();
    let mut seen: [Vec<bool>; 4] = Default::default();
    let mut used: [Option<BTreeMap<u16, char>>; 4] = Default::default();
    for item in pages.iter().flat_map(|p| &p.items) {
        let Item::Text { style, text, .. } = item else {
            continue;
        };
        if text.is_empty() {
            continue;
        }
        let i = style.index();
        let used = used[i].get_or_insert_with(BTreeMap::new);
        let face = set.face(*style);
        for c in text.chars() {
            let cp = c as usize;
            if seen[i].get(cp).copied().unwrap_or(false) {
                continue;
            }
            if cp < TABLE_SIZE {
                if seen[i].is_empty() {
                    seen[i] = vec![false; TABLE_SIZE];
                }
                seen[i][cp] = true;
            }
            let gid = face.glyph(c);
            if gid != 0 {
                used.entry(gid).or_insert(c);
            }
        }
    }
    used
}

/// One face, subset and ready to write.
pub(super) struct Embedded {
    pub style: FontStyle,
    pub codes: Codes,
    program: Vec<u8>,
    /// (code, original glyph, character), codes ascending.
    glyphs: Vec<(u16, u16, char)>,
}

/// Subset every face `pages` uses.
pub(super) fn subset_faces(pages: &[Page]) -> Vec<Embedded> {
    FontStyle::ALL
        .iter()
        .zip(used_glyphs(pages))
        .filter_map(|(style, used)| Some(Embedded::new(*style, &used?)))
        .collect()
}

impl Embedded {
    /// The face of `style` subset to the glyphs in `used`. A face whose subsetting fails
    /// is embedded whole, with glyph ids as codes.
    fn new(style: FontStyle, used: &BTreeMap<u16, char>) -> Embedded {
        let face = fonts().face(style);
        let wanted: BTreeMap<u16, String> = used.iter().map(|(g, c)| (*g, c.to_string())).collect();
        let (program, remap): (Vec<u8>, BTreeMap<u16, u16>) =
            match printpdf::font::subset_font(&face.parsed, &wanted) {
                Ok(subset) => {
                    let remap = subset
                        .glyph_mapping
                        .iter()
                        .map(|(old, (new, _))| (*old, *new))
                        .collect();
                    (subset.bytes, remap)
                }
                Err(_) => (
                    face.parsed
                        .source_bytes()
                        .map(|b| b.as_slice().to_vec())
                        .unwrap_or_default(),
                    used.keys().map(|g| (*g, *g)).collect(),
                ),
            };
        let max = remap.keys().max().copied().unwrap_or(0);
        let mut by_glyph = vec![0u16; usize::from(max) + 1];
        for (old, new) in &remap {
            by_glyph[usize::from(*old)] = *new;
        }
        let table = (0..TABLE_SIZE as u32)
            .map(|cp| {
                char::from_u32(cp)
                    .and_then(|c| by_glyph.get(usize::from(face.glyph(c))).copied())
                    .unwrap_or(0)
            })
            .collect();
        let mut glyphs: Vec<(u16, u16, char)> = used
            .iter()
            .filter_map(|(g, c)| Some((*remap.get(g)?, *g, *c)))
            .collect();
        glyphs.sort_unstable();
        Embedded {
            style,
            codes: Codes {
                table,
                by_glyph,
                face,
            },
            program,
            glyphs,
        }
    }

    /// Write the font's objects; the Type 0 font's id is what a page's resources name.
    pub fn write(&self, objects: &mut Objects) -> Id {
        let face = self.codes.face;
        let tag = self.style.resource_id();
        let base = face
            .parsed
            .font_name
            .clone()
            .unwrap_or_else(|| "LiberationSans".into());
        // The first six capitals of the resource name are the subset tag.
        let face_name = format!("{}+{base}", &tag[..6.min(tag.len())]);

        let program = objects.add_stream(Stream::deflated(
            Dict::new().int("Length1", self.program.len() as i64),
            self.program.clone(),
        ));
        let descriptor = objects.add(self.descriptor(&face_name, program));
        let to_unicode = objects.add_stream(Stream::deflated(Dict::new(), self.to_unicode()));

        let cid_font = Dict::new()
            .name("Type", "Font")
            .name("Subtype", "CIDFontType2")
            .name("BaseFont", &face_name)
            .raw(
                "CIDSystemInfo",
                b"<</Registry (Adobe) /Ordering (Identity) /Supplement 0>>",
            )
            .reference("FontDescriptor", descriptor)
            .raw("W", &self.widths())
            .int("DW", 1000)
            .name("CIDToGIDMap", "Identity")
            .finish();
        let mut descendants = b"[".to_vec();
        descendants.extend_from_slice(&cid_font);
        descendants.push(b']');
        objects.add(
            Dict::new()
                .name("Type", "Font")
                .name("Subtype", "Type0")
                .name("BaseFont", &face_name)
                .name("Encoding", "Identity-H")
                .reference("ToUnicode", to_unicode)
                .raw("DescendantFonts", &descendants)
                .finish(),
        )
    }

    /// The descriptor's metrics in thousandths of an em.
    fn descriptor(&self, face_name: &str, program: Id) -> Vec<u8> {
        let face = self.codes.face;
        let scale = 1000.0 / face.units_per_em();
        let m = &face.parsed.pdf_font_metrics;
        let ascent = (face.parsed.font_metrics.ascent * scale).round() as i64;
        let descent = (face.parsed.font_metrics.descent * scale).round() as i64;
        let cap_height = face
            .parsed
            .font_metrics
            .cap_height
            .map_or(ascent, |c| (c * scale).round() as i64);
        // The slant in degrees, counter-clockwise from vertical: negative for italics.
        let italic_angle = if m.caret_slope_rise == 0 {
            0
        } else {
            (-f32::from(m.caret_slope_run)
                .atan2(f32::from(m.caret_slope_rise))
                .to_degrees())
            .round() as i64
        };
        // Nonsymbolic (Latin), and italic when slanted.
        let flags = 32 | if italic_angle != 0 { 64 } else { 0 };
        // Stem width estimated from the weight class, as PDF producers conventionally do.
        let stem_v = if m.us_weight_class == 0 {
            80
        } else {
            50 + (f32::from(m.us_weight_class) / 65.0).powi(2).round() as i64
        };
        let scaled = |v: i16| (f32::from(v) * scale).round() as i64;
        let bbox = format!(
            "[{} {} {} {}]",
            scaled(m.x_min),
            scaled(m.y_min),
            scaled(m.x_max),
            scaled(m.y_max)
        );
        Dict::new()
            .name("Type", "FontDescriptor")
            .name("FontName", face_name)
            .int("Ascent", ascent)
            .int("Descent", descent)
            .int("CapHeight", cap_height)
            .int("ItalicAngle", italic_angle)
            .int("Flags", flags)
            .int("StemV", stem_v)
            .raw("FontBBox", bbox.as_bytes())
            .reference("FontFile2", program)
            .finish()
    }

    /// `/W`: runs of consecutive codes with their widths.
    fn widths(&self) -> Vec<u8> {
        let face = self.codes.face;
        let mut out = b"[".to_vec();
        let mut next: Option<u16> = None;
        for (code, gid, _) in &self.glyphs {
            if next != Some(*code) {
                if next.is_some() {
                    out.extend_from_slice(b"] ");
                }
                file::int(&mut out, u64::from(*code));
                out.extend_from_slice(b" [");
            } else {
                out.push(b' ');
            }
            let w = face.glyph_width(*gid);
            if w < 0 {
                out.push(b'-');
            }
            file::int(&mut out, w.unsigned_abs());
            next = code.checked_add(1);
        }
        if next.is_some() {
            out.push(b']');
        }
        out.push(b']');
        out
    }

    fn to_unicode(&self) -> Vec<u8> {
        let cmap = printpdf::ToUnicodeCMap {
            mappings: self
                .glyphs
                .iter()
                .map(|(code, _, c)| (u32::from(*code), vec![*c as u32]))
                .collect(),
        };
        cmap.to_cmap_string(self.style.resource_id()).into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::structure::Tag;
    use crate::pdf::Color;

    fn text(style: FontStyle, text: &str) -> Item {
        Item::Text {
            x: 0.0,
            y: 0.0,
            style,
            size: 10.0,
            color: Color(0.0, 0.0, 0.0),
            text: text.into(),
            tag: Tag::Artifact,
        }
    }

    #[test]
    fn each_face_is_subset_to_its_own_characters_with_codes_for_them_all() {
        // '≥' and '●' lie beyond the per-character table, in the glyph-id fallback.
        let pages = vec![Page {
            items: vec![
                text(FontStyle::Regular, "Så ≥ ●"),
                text(FontStyle::Bold, "Ö"),
                // Set, but only in a character the face has no glyph for.
                text(FontStyle::Italic, "\u{E000}"),
                text(FontStyle::BoldItalic, ""),
            ],
        }];
        let faces = subset_faces(&pages);
        assert_eq!(
            faces.iter().map(|f| f.style).collect::<Vec<_>>(),
            [FontStyle::Regular, FontStyle::Bold, FontStyle::Italic]
        );
        assert!(faces[2].glyphs.is_empty());
        assert_eq!(faces[2].codes.code('\u{E000}'), 0);
        let regular = &faces[0];
        let codes: Vec<u16> = "Så ≥●".chars().map(|c| regular.codes.code(c)).collect();
        assert!(codes.iter().all(|c| *c != 0), "{codes:?}");
        let mut distinct = codes.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), codes.len(), "{codes:?}");
        // A character the pages do not show has no glyph in the subset.
        assert_eq!(regular.codes.code('x'), 0);
        // The ToUnicode map gives every code its character back.
        let cmap = String::from_utf8(regular.to_unicode()).expect("ascii");
        for (c, code) in "Så ≥●".chars().zip(&codes) {
            assert!(
                cmap.contains(&format!("<{code:04X}> <{:04X}>", c as u32)),
                "{c}: {cmap}"
            );
        }
        // Widths: runs of consecutive codes, `first [w w …]`, in thousandths of an em.
        let w = String::from_utf8(regular.widths()).expect("ascii");
        let inner = w
            .strip_prefix('[')
            .and_then(|w| w.strip_suffix(']'))
            .expect("array");
        let mut width_of = BTreeMap::new();
        for run in inner.split(']').filter(|r| !r.trim().is_empty()) {
            let (first, list) = run.split_once('[').expect("a run");
            let first: u16 = first.trim().parse().expect("a code");
            for (i, v) in list.split_whitespace().enumerate() {
                width_of.insert(first + i as u16, v.parse::<i64>().expect("a width"));
            }
        }
        assert_eq!(width_of.len(), regular.glyphs.len(), "{w}");
        // 'S' in Liberation Sans is 667/1000 em wide.
        assert_eq!(width_of.get(&regular.codes.code('S')), Some(&667), "{w}");
    }
}
