//! The window stays on the app: a link followed in rendered Markdown (a need's quote, a
//! brief's summary) opens in the system's browser or mail program, never in the window.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, Url};

/// A page of the app itself: the bundled UI, as each platform's webview serves it.
pub(crate) fn is_app_page(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        "about" => url.path() == "blank",
        _ => false,
    }
}

/// A link a person may follow out of the app.
pub(crate) fn is_outside_link(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https" | "mailto") && !is_app_page(url)
}

/// Refuse every navigation away from the app's pages; hand web and mail links to the
/// system instead.
pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation")
        .on_navigation(|_webview, url| {
            if is_app_page(url) {
                return true;
            }
            if is_outside_link(url) {
                if let Err(e) = open::that_detached(url.as_str()) {
                    eprintln!("medskapa: cannot open {url}: {e}");
                }
            }
            false
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("a URL")
    }

    #[test]
    fn only_the_apps_own_pages_load_in_the_window() {
        assert!(is_app_page(&url("tauri://localhost/index.html")));
        assert!(is_app_page(&url("http://tauri.localhost/")));
        assert!(!is_app_page(&url("https://helsingborg.se/")));
        assert!(!is_app_page(&url("tauri://evil.example/")));
        assert!(!is_app_page(&url("file:///etc/passwd")));
        assert!(!is_app_page(&url("http://tauri.localhost.evil.example/")));
    }

    #[test]
    fn web_and_mail_links_go_to_the_system_and_nothing_else_does() {
        assert!(is_outside_link(&url("https://helsingborg.se/bibliotek")));
        assert!(is_outside_link(&url("mailto:bibliotek@helsingborg.se")));
        assert!(!is_outside_link(&url("file:///etc/passwd")));
        assert!(!is_outside_link(&url("javascript:alert(1)")));
        assert!(!is_outside_link(&url("tauri://localhost/")));
    }

    #[test]
    fn the_page_gets_no_dialogs_and_its_policy_forbids_base_forms_and_plugins() {
        let caps: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/default.json")).expect("JSON");
        let permissions = caps["permissions"].as_array().expect("a list");
        assert!(
            permissions
                .iter()
                .all(|p| !p.as_str().unwrap_or_default().starts_with("dialog:")),
            "dialogs are opened from Rust only: {permissions:?}"
        );
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../../tauri.conf.json")).expect("JSON");
        let csp = conf["app"]["security"]["csp"].as_str().expect("a policy");
        for rule in ["base-uri 'none'", "form-action 'none'", "object-src 'none'"] {
            assert!(csp.contains(rule), "{rule} missing from {csp}");
        }
    }
}
