//! Text: spans cut into measured words, greedy word wrap, and ellipsis for lines that
//! must stay one line.

use crate::pdf::fonts::{clean_text, FontSet, FontStyle};
use crate::pdf::{Color, Span};

/// A measured piece of a word in one style.
#[derive(Debug, Clone)]
pub(super) struct Part {
    pub text: String,
    pub style: FontStyle,
    pub color: Color,
    pub width: f32,
}

/// What wrapping sees: words (possibly in several styles), spaces, forced line breaks.
#[derive(Debug, Clone)]
pub(super) enum Tok {
    Word(Vec<Part>),
    Space(Part),
    Newline,
}

/// One wrapped line: runs with x offsets relative to the line start.
#[derive(Debug, Clone, Default)]
pub(super) struct Line {
    pub runs: Vec<(f32, Part2)>,
    pub width: f32,
    /// The line ends where the text had a space or a line break (not inside a word), so
    /// the text read from the document needs a space after it.
    pub soft_break: bool,
}

/// A run of one style within a wrapped line.
#[derive(Debug, Clone)]
pub(super) struct Part2 {
    pub text: String,
    pub style: FontStyle,
    pub color: Color,
}

/// Text style applied to spans when they are tokenised.
#[derive(Clone, Copy)]
pub(super) struct TextStyle {
    pub size: f32,
    pub color: Color,
    pub bold: bool,
    pub italic: bool,
}

pub(super) fn tokenize(set: &FontSet, spans: &[Span], ts: TextStyle) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::new();
    let mut word: Vec<Part> = Vec::new();
    for span in spans {
        let style = FontStyle::new(span.bold || ts.bold, span.italic || ts.italic);
        let color = span.color.unwrap_or(ts.color);
        let text = clean_text(&span.text);
        let mut buf = String::new();
        let flush_buf = |buf: &mut String, word: &mut Vec<Part>| {
            if !buf.is_empty() {
                let text = std::mem::take(buf);
                let width = set.width(style, &text, ts.size);
                word.push(Part {
                    text,
                    style,
                    color,
                    width,
                });
            }
        };
        for c in text.chars() {
            if c == ' ' || c == '\n' {
                flush_buf(&mut buf, &mut word);
                if !word.is_empty() {
                    toks.push(Tok::Word(std::mem::take(&mut word)));
                }
                if c == '\n' {
                    toks.push(Tok::Newline);
                } else {
                    toks.push(Tok::Space(Part {
                        text: " ".into(),
                        style,
                        color,
                        width: set.width(style, " ", ts.size),
                    }));
                }
            } else {
                buf.push(c);
            }
        }
        flush_buf(&mut buf, &mut word);
    }
    if !word.is_empty() {
        toks.push(Tok::Word(word));
    }
    toks
}

/// The lines wrapped so far and the one being filled.
struct LineBuilder {
    lines: Vec<Line>,
    cur: Vec<(f32, Part)>,
    cur_w: f32,
}

impl LineBuilder {
    fn push(&mut self, p: Part) {
        let x = self.cur_w;
        self.cur_w += p.width;
        self.cur.push((x, p));
    }
    fn finish(&mut self, soft_break: bool) {
        let mut runs: Vec<(f32, Part2)> = Vec::new();
        for (x, p) in self.cur.drain(..) {
            if let Some((_, last)) = runs.last_mut() {
                if last.style == p.style && last.color == p.color {
                    last.text.push_str(&p.text);
                    continue;
                }
            }
            runs.push((
                x,
                Part2 {
                    text: p.text,
                    style: p.style,
                    color: p.color,
                },
            ));
        }
        // Trailing spaces do not count (widths are recomputed by `wrap`).
        if let Some((_, last)) = runs.last_mut() {
            let trimmed = last.text.trim_end_matches(' ').len();
            last.text.truncate(trimmed);
        }
        runs.retain(|(_, r)| !r.text.is_empty());
        self.lines.push(Line {
            runs,
            width: 0.0,
            soft_break,
        });
        self.cur_w = 0.0;
    }

    /// A word wider than the line, broken between characters.
    fn push_broken(&mut self, set: &FontSet, parts: &[Part], width: f32, size: f32) {
        for p in parts {
            let mut chunk = String::new();
            for c in p.text.chars() {
                let cw = set.width(p.style, c.encode_utf8(&mut [0u8; 4]), size);
                let chunk_w = set.width(p.style, &chunk, size);
                if self.cur_w + chunk_w + cw > width && (!chunk.is_empty() || !self.cur.is_empty())
                {
                    if !chunk.is_empty() {
                        let text = std::mem::take(&mut chunk);
                        let w = set.width(p.style, &text, size);
                        self.push(Part {
                            text,
                            style: p.style,
                            color: p.color,
                            width: w,
                        });
                    }
                    self.finish(false);
                }
                chunk.push(c);
            }
            if !chunk.is_empty() {
                let w = set.width(p.style, &chunk, size);
                self.push(Part {
                    text: chunk,
                    style: p.style,
                    color: p.color,
                    width: w,
                });
            }
        }
    }
}

/// Greedy word wrap. Words wider than the line are broken between characters.
pub(super) fn wrap(set: &FontSet, toks: &[Tok], width: f32, size: f32) -> Vec<Line> {
    let width = width.max(size); // never zero
    let mut lb = LineBuilder {
        lines: Vec::new(),
        cur: Vec::new(),
        cur_w: 0.0,
    };
    let mut spaces: Vec<Part> = Vec::new();
    for tok in toks {
        match tok {
            Tok::Newline => {
                spaces.clear();
                lb.finish(true);
            }
            Tok::Space(p) => {
                if !lb.cur.is_empty() {
                    spaces.push(p.clone());
                }
            }
            Tok::Word(parts) => {
                let ww: f32 = parts.iter().map(|p| p.width).sum();
                let sw: f32 = spaces.iter().map(|p| p.width).sum();
                if !lb.cur.is_empty() && lb.cur_w + sw + ww > width {
                    spaces.clear();
                    lb.finish(true);
                }
                for s in spaces.drain(..) {
                    lb.push(s);
                }
                if ww <= width - lb.cur_w + 0.01 {
                    for p in parts {
                        lb.push(p.clone());
                    }
                } else {
                    lb.push_broken(set, parts, width, size);
                }
            }
        }
    }
    if !lb.cur.is_empty() {
        lb.finish(false);
    }
    // Recompute widths exactly (trailing spaces excluded).
    for line in &mut lb.lines {
        line.width = line
            .runs
            .last()
            .map(|(x, r)| x + set.width(r.style, &r.text, size))
            .unwrap_or(0.0);
    }
    lb.lines
}

/// Cut `text` with an ellipsis so that it fits `max` points.
pub(super) fn ellipsize(
    set: &FontSet,
    style: FontStyle,
    text: &str,
    size: f32,
    max: f32,
) -> String {
    let text = clean_text(text).replace('\n', " ");
    if set.width(style, &text, size) <= max {
        return text;
    }
    let mut out: String = String::new();
    for c in text.chars() {
        let mut next = out.clone();
        next.push(c);
        next.push('…');
        if set.width(style, &next, size) > max {
            break;
        }
        out.push(c);
    }
    out.trim_end().to_string() + "…"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fonts::fonts;
    use crate::pdf::palette;

    fn toks(s: &str) -> Vec<Tok> {
        tokenize(
            fonts(),
            &[Span::plain(s)],
            TextStyle {
                size: 10.0,
                color: palette::TEXT,
                bold: false,
                italic: false,
            },
        )
    }

    #[test]
    fn wrap_never_overflows() {
        let set = fonts();
        let text = "Invånarna vill ha en mötesplats där alla känner sig välkomna, \
                    även de som inte använder biblioteket idag. \
                    Ettmycketlångtordutanmellanslagsomintefårplatspåenrad och sedan slut.";
        for width in [40.0f32, 80.0, 150.0, 300.0] {
            let lines = wrap(set, &toks(text), width, 10.0);
            assert!(lines.len() > 1);
            for l in &lines {
                assert!(l.width <= width + 0.01, "line {:.1} > {width}", l.width);
            }
            let joined: String = lines
                .iter()
                .flat_map(|l| l.runs.iter().map(|(_, r)| r.text.clone()))
                .collect::<Vec<_>>()
                .join("");
            assert_eq!(joined.replace(' ', ""), text.replace(' ', ""));
        }
    }

    #[test]
    fn newline_breaks_line() {
        let lines = wrap(fonts(), &toks("a\nb"), 300.0, 10.0);
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn ellipsize_fits() {
        let s = ellipsize(
            fonts(),
            FontStyle::Regular,
            "Helsingborgs nya stadsbibliotek",
            10.0,
            60.0,
        );
        assert!(s.ends_with('…'));
        assert!(fonts().width(FontStyle::Regular, &s, 10.0) <= 60.0);
    }
}
