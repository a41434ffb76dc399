//! The embedded font family (Liberation Sans, SIL OFL 1.1) and its metrics.
//!
//! Text is measured with the real advance widths from each face's `hmtx` table, so the
//! line breaker and the PDF viewer agree on where every glyph ends.

use std::sync::OnceLock;

use printpdf::ParsedFont;

static REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../../../assets/fonts/LiberationSans-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../../../../assets/fonts/LiberationSans-Italic.ttf");
static BOLD_ITALIC: &[u8] =
    include_bytes!("../../../../assets/fonts/LiberationSans-BoldItalic.ttf");

/// Characters below this code point have their advance precomputed.
pub(super) const TABLE_SIZE: usize = 0x2200;

/// One of the four faces of the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum FontStyle {
    #[default]
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl FontStyle {
    pub const ALL: [FontStyle; 4] = [
        FontStyle::Regular,
        FontStyle::Bold,
        FontStyle::Italic,
        FontStyle::BoldItalic,
    ];

    pub fn new(bold: bool, italic: bool) -> FontStyle {
        match (bold, italic) {
            (false, false) => FontStyle::Regular,
            (true, false) => FontStyle::Bold,
            (false, true) => FontStyle::Italic,
            (true, true) => FontStyle::BoldItalic,
        }
    }

    pub(super) fn index(self) -> usize {
        match self {
            FontStyle::Regular => 0,
            FontStyle::Bold => 1,
            FontStyle::Italic => 2,
            FontStyle::BoldItalic => 3,
        }
    }

    /// The PDF resource name. Its first six capital letters double as the subset tag
    /// (`ABCDEF+FontName`), so they are fixed: output must not depend on random ids.
    pub fn resource_id(self) -> &'static str {
        match self {
            FontStyle::Regular => "MSKREG",
            FontStyle::Bold => "MSKBLD",
            FontStyle::Italic => "MSKITA",
            FontStyle::BoldItalic => "MSKBIT",
        }
    }

    fn bytes(self) -> &'static [u8] {
        match self {
            FontStyle::Regular => REGULAR,
            FontStyle::Bold => BOLD,
            FontStyle::Italic => ITALIC,
            FontStyle::BoldItalic => BOLD_ITALIC,
        }
    }
}

/// A parsed face with a width table in em.
pub struct Face {
    pub parsed: ParsedFont,
    units_per_em: f32,
    /// Advance per code point (em), `None` when the face has no glyph for it.
    table: Vec<Option<f32>>,
    /// Glyph id per code point, 0 (`.notdef`) when the face has none.
    glyphs: Vec<u16>,
}

impl Face {
    fn load(style: FontStyle) -> Face {
        let mut warnings = Vec::new();
        // The fonts are compiled into the binary; failing to parse them is a build defect,
        // never a property of user data (a unit test guards it).
        let parsed = ParsedFont::from_bytes(style.bytes(), 0, &mut warnings)
            .expect("bundled Liberation Sans font must parse");
        let upm = f32::from(parsed.font_metrics.units_per_em.max(1));
        let mut face = Face {
            parsed,
            units_per_em: upm,
            table: Vec::new(),
            glyphs: Vec::new(),
        };
        face.glyphs = (0..TABLE_SIZE as u32)
            .map(|cp| face.parsed.lookup_glyph_index(cp).unwrap_or(0))
            .collect();
        face.table = (0..TABLE_SIZE as u32)
            .map(|cp| char::from_u32(cp).and_then(|c| face.compute_advance(c)))
            .collect();
        face
    }

    /// The glyph id that shows `c`, 0 (`.notdef`) when the face has none.
    pub fn glyph(&self, c: char) -> u16 {
        match self.glyphs.get(c as usize) {
            Some(g) => *g,
            None => self.parsed.lookup_glyph_index(c as u32).unwrap_or(0),
        }
    }

    /// Advance of glyph `gid` in thousandths of an em, as a PDF font's widths give it.
    pub fn glyph_width(&self, gid: u16) -> i64 {
        let units = f32::from(self.parsed.get_horizontal_advance(gid));
        (units * 1000.0 / self.units_per_em).round() as i64
    }

    pub fn units_per_em(&self) -> f32 {
        self.units_per_em
    }

    fn compute_advance(&self, c: char) -> Option<f32> {
        let gid = self.glyph(c);
        if gid == 0 {
            return None;
        }
        Some(f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em)
    }

    /// Advance of one character in em (`None` when the face lacks the glyph).
    pub fn advance(&self, c: char) -> Option<f32> {
        match self.table.get(c as usize) {
            Some(v) => *v,
            None => self.compute_advance(c),
        }
    }

    /// Ascender in em.
    pub fn ascender(&self) -> f32 {
        let a = self.parsed.font_metrics.ascent / self.units_per_em;
        if a > 0.3 && a < 1.5 {
            a
        } else {
            0.905
        }
    }

    /// Descender in em (positive number).
    pub fn descender(&self) -> f32 {
        let d = (self.parsed.font_metrics.descent / self.units_per_em).abs();
        if d > 0.0 && d < 1.0 {
            d
        } else {
            0.212
        }
    }
}

/// The whole family.
pub struct FontSet {
    faces: [Face; 4],
}

static FONTS: OnceLock<FontSet> = OnceLock::new();

/// The family, parsed once per process.
pub fn fonts() -> &'static FontSet {
    FONTS.get_or_init(|| FontSet {
        faces: FontStyle::ALL.map(Face::load),
    })
}

impl FontSet {
    pub fn face(&self, style: FontStyle) -> &Face {
        &self.faces[style.index()]
    }

    /// Width of `text` in points at `size`.
    pub fn width(&self, style: FontStyle, text: &str, size: f32) -> f32 {
        let face = self.face(style);
        let fallback = face.advance('?').unwrap_or(0.5);
        text.chars()
            .map(|c| face.advance(c).unwrap_or(fallback))
            .sum::<f32>()
            * size
    }

    /// Whether every face can show `c`.
    pub fn has_glyph(&self, c: char) -> bool {
        self.faces.iter().all(|f| f.advance(c).is_some())
    }
}

/// Make text safe to set: tabs become spaces, control and invisible characters are
/// dropped, and characters the font cannot show become `?`. Newlines are kept.
pub fn clean_text(text: &str) -> String {
    let set = fonts();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            '\r' => {}
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            '\u{FE00}'..='\u{FE0F}' => {}
            c if c.is_control() => {}
            c if set.has_glyph(c) => out.push(c),
            '\u{2009}' | '\u{202F}' | '\u{2007}' => out.push('\u{00A0}'),
            c if c.is_whitespace() => out.push(' '),
            _ => out.push('?'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_parse_and_cover_swedish() {
        let set = fonts();
        for c in "åäöÅÄÖéü–—“”‘’…•·€".chars() {
            assert!(set.has_glyph(c), "missing glyph {c}");
        }
        let w = set.width(FontStyle::Regular, "Hej", 10.0);
        assert!(w > 10.0 && w < 25.0, "{w}");
        assert!(
            set.width(FontStyle::Bold, "MMMM", 10.0) > set.width(FontStyle::Regular, "iiii", 10.0)
        );
    }

    #[test]
    fn clean_text_replaces_unknown() {
        assert_eq!(clean_text("a\tb\u{0007}c"), "a bc");
        assert_eq!(clean_text("å\r\nä"), "å\nä");
        assert_eq!(clean_text("\u{1F600}"), "?");
    }
}
