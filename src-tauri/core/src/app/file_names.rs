//! The names the app suggests in save dialogs and shows as file types, in the user's
//! language.

use crate::support::lang::Lang;

/// A project file's extension.
pub const PROJECT_EXT: &str = "medskapa";

/// `name` with the characters file systems refuse replaced by `-`.
pub fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| if "/\\:*?\"<>|".contains(c) { '-' } else { c })
        .collect()
}

/// The file type of a project in dialogs.
pub fn project_filter(lang: Lang) -> &'static str {
    lang.pick("Medskapa-projekt", "Medskapa project")
}

/// The file type of interchange JSON in dialogs.
pub fn json_filter(lang: Lang) -> &'static str {
    lang.pick("Medskapa-JSON", "Medskapa JSON")
}

/// The file types a survey can be imported from.
pub fn survey_filter(lang: Lang) -> &'static str {
    lang.pick("Enkätsvar (CSV, Excel)", "Survey answers (CSV, Excel)")
}

/// "Beslutsunderlag – Val av gestaltningsförslag.pdf"
pub fn brief_file(lang: Lang, title: &str) -> String {
    let word = lang.pick("Beslutsunderlag", "Decision brief");
    file_safe(&format!("{word} – {title}.pdf"))
}

/// "Beslutsunderlag – Val av gestaltningsförslag.html"
pub fn brief_html_file(lang: Lang, title: &str) -> String {
    let word = lang.pick("Beslutsunderlag", "Decision brief");
    file_safe(&format!("{word} – {title}.html"))
}

/// The file type of a web page in dialogs.
pub fn html_filter(lang: Lang) -> &'static str {
    lang.pick("Webbsida (HTML)", "Web page (HTML)")
}

/// "Ni sa – vi gör – Pop-up i Stadsparken.pdf"
pub fn feedback_file(lang: Lang, activity: &str) -> String {
    let word = lang.pick("Ni sa – vi gör", "You said – we do");
    file_safe(&format!("{word} – {activity}.pdf"))
}

/// "Projektet (kopia).medskapa"
pub fn copy_file(lang: Lang, project: &str) -> String {
    let word = lang.pick("kopia", "copy");
    file_safe(&format!("{project} ({word}).{PROJECT_EXT}"))
}

/// "Projektet (återställd).medskapa"
pub fn restored_file(lang: Lang, stem: &str) -> String {
    let word = lang.pick("återställd", "restored");
    file_safe(&format!("{stem} ({word}).{PROJECT_EXT}"))
}

/// The suffix a duplicated activity's title gets.
pub fn copy_suffix(lang: Lang) -> &'static str {
    lang.pick(" (kopia)", " (copy)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_language_and_are_safe() {
        assert_eq!(
            brief_file(Lang::Sv, "Ja/nej?"),
            "Beslutsunderlag – Ja-nej-.pdf"
        );
        assert_eq!(brief_file(Lang::En, "Plan"), "Decision brief – Plan.pdf");
        assert_eq!(
            brief_html_file(Lang::Sv, "Torg: nytt?"),
            "Beslutsunderlag – Torg- nytt-.html"
        );
        assert_eq!(html_filter(Lang::En), "Web page (HTML)");
        assert_eq!(
            feedback_file(Lang::En, "Walk"),
            "You said – we do – Walk.pdf"
        );
        assert_eq!(
            copy_file(Lang::Sv, "Bibliotek"),
            "Bibliotek (kopia).medskapa"
        );
        assert_eq!(restored_file(Lang::En, "B"), "B (restored).medskapa");
    }
}
