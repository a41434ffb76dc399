//! Escaping text for HTML and XML: one table of entities for the brief's web page, the
//! search highlights and the PDF's XMP metadata.

/// Escape `s` for element content and attribute values, appending to `out`. Control
/// characters other than tab and line feed (not allowed in XML 1.0) become spaces.
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
}

/// `s` escaped for element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_are_escaped_and_letters_kept() {
        assert_eq!(
            escape("<a href=\"x\">Råå & 'Söder'</a>\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;Råå &amp; &#39;Söder&#39;&lt;/a&gt; "
        );
        assert_eq!(escape("rad ett\nrad två\tflik"), "rad ett\nrad två\tflik");
    }
}
