//! Markdown preview: one renderer (pulldown-cmark) for the whole app.
//!
//! Raw HTML in the source is shown as text, never passed through.

use pulldown_cmark::{html, Event, Options, Parser};

pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Render Markdown to safe HTML: raw HTML becomes escaped text, and links keep only
/// http(s) and mailto targets.
pub fn to_html(src: &str) -> String {
    let parser = Parser::new_ext(src, options()).map(|ev| match ev {
        Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
        Event::Start(pulldown_cmark::Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let safe = dest_url.starts_with("http://")
                || dest_url.starts_with("https://")
                || dest_url.starts_with("mailto:");
            Event::Start(pulldown_cmark::Tag::Link {
                link_type,
                dest_url: if safe { dest_url } else { "".into() },
                title,
                id,
            })
        }
        Event::Start(pulldown_cmark::Tag::Image { dest_url, .. }) => Event::Text(dest_url),
        Event::End(pulldown_cmark::TagEnd::Image) => Event::Text("".into()),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, parser);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_emphasis_and_lists() {
        let h = to_html("**Viktigt**: läs *detta*\n\n- ett\n- två");
        assert!(h.contains("<strong>Viktigt</strong>"));
        assert!(h.contains("<em>detta</em>"));
        assert!(h.contains("<li>två</li>"));
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let h = to_html("hej <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>");
        assert!(!h.contains("<script>"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains("&lt;script&gt;"));
    }

    #[test]
    fn javascript_links_are_dropped() {
        let h = to_html("[klicka](javascript:alert(1)) [ok](https://helsingborg.se)");
        assert!(!h.contains("javascript:"), "{h}");
        assert!(h.contains("href=\"https://helsingborg.se\""));
    }
}
