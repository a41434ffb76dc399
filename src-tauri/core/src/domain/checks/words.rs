//! The planning warnings' sentences, in Swedish and English. Dates are written in the
//! language's long form ("15 mars 2027", "15 March 2027"), as the brief and the sheet
//! around them write them, and counted nouns agree with their number.

use chrono::NaiveDate;

use super::Severity;
use crate::domain::model::InfluenceLevel;
use crate::domain::personal_data::{FindingKind, TextField};
use crate::support::lang::{counted, long_date, long_date_of, Lang};

pub(super) fn question_after_decision(
    lang: Lang,
    question: &str,
    needed_by: NaiveDate,
    decision: &str,
    decided_on: NaiveDate,
) -> String {
    let needed_by = long_date(lang, needed_by);
    let decided_on = long_date(lang, decided_on);
    match lang {
        Lang::Sv => format!(
            "Nyckelfrågan ”{question}” behöver svar {needed_by}, efter beslutet ”{decision}” den {decided_on}."
        ),
        Lang::En => format!(
            "The key question “{question}” needs an answer by {needed_by}, after the decision “{decision}” on {decided_on}."
        ),
    }
}

pub(super) fn question_without_activity(lang: Lang, question: &str, deadline: NaiveDate) -> String {
    let deadline = long_date(lang, deadline);
    match lang {
        Lang::Sv => format!(
            "Nyckelfrågan ”{question}” har ingen dialogaktivitet som hinner ge svar före {deadline}."
        ),
        Lang::En => format!(
            "The key question “{question}” has no dialogue activity that can give an answer before {deadline}."
        ),
    }
}

pub(super) fn activity_after_deadline(
    lang: Lang,
    activity: &str,
    deadline: NaiveDate,
    question: &str,
) -> String {
    let deadline = long_date(lang, deadline);
    match lang {
        Lang::Sv => format!(
            "Dialogen ”{activity}” äger rum efter {deadline}, då svaret på ”{question}” behövs."
        ),
        Lang::En => format!(
            "The dialogue “{activity}” takes place after {deadline}, when the answer to “{question}” is needed."
        ),
    }
}

pub(super) fn dialogue_on_closed_question(lang: Lang, question: &str, activity: &str) -> String {
    match lang {
        Lang::Sv => format!(
            "”{question}” är inte öppen för påverkan (information), men dialogen ”{activity}” hålls om den. Informera i stället."
        ),
        Lang::En => format!(
            "“{question}” is not open to influence (information), but the dialogue “{activity}” is held about it. Inform instead."
        ),
    }
}

pub(super) fn feedback_overdue(lang: Lang, activity: &str, days: i64) -> String {
    let days = counted(lang, days, ["dag", "dagar"], ["day", "days"]);
    match lang {
        Lang::Sv => {
            format!("Deltagarna i ”{activity}” har inte fått återkoppling ({days} sedan dialogen).")
        }
        Lang::En => format!(
            "The participants in “{activity}” have not heard back ({days} since the dialogue)."
        ),
    }
}

pub(super) fn segment_unheard(lang: Lang, segment: &str) -> String {
    match lang {
        Lang::Sv => format!(
            "Den prioriterade målgruppen ”{segment}” har inte deltagit i någon genomförd dialog."
        ),
        Lang::En => {
            format!("The priority group “{segment}” has not taken part in any dialogue held.")
        }
    }
}

/// `date` is the decision's stored date, written here in long form.
pub(super) fn decision_unprepared(lang: Lang, decision: &str, date: &str, open: usize) -> String {
    let date = long_date_of(lang, date);
    let open = counted(
        lang,
        open as u64,
        ["obesvarad nyckelfråga", "obesvarade nyckelfrågor"],
        ["unanswered key question", "unanswered key questions"],
    );
    match lang {
        Lang::Sv => format!("Beslutet ”{decision}” ({date}) har {open}."),
        Lang::En => format!("The decision “{decision}” ({date}) has {open}."),
    }
}

pub(super) fn insight_without_response(lang: Lang, insight: &str) -> String {
    match lang {
        Lang::Sv => {
            format!("Insikten ”{insight}” saknar svar (vi gör) inför ett nära förestående beslut.")
        }
        Lang::En => format!(
            "The insight “{insight}” has no response (what we do) before an imminent decision."
        ),
    }
}

pub(super) fn untagged_needs(lang: Lang, count: usize) -> String {
    let needs = counted(lang, count as u64, ["behov", "behov"], ["need", "needs"]);
    match (lang, count) {
        (Lang::Sv, _) => format!("{needs} saknar taggar."),
        (Lang::En, 1) => format!("{needs} has no tags."),
        (Lang::En, _) => format!("{needs} have no tags."),
    }
}

/// `personal_data`: the field (with the title of the activity or commitment it belongs to),
/// what it holds and that value masked, never whole.
pub(super) fn personal_data(
    lang: Lang,
    field: TextField,
    title: Option<&str>,
    kind: FindingKind,
    masked: &str,
) -> String {
    let what = match (lang, kind) {
        (Lang::Sv, FindingKind::IdentityNumber) => "ett personnummer",
        (Lang::Sv, FindingKind::Email) => "en e-postadress",
        (Lang::Sv, FindingKind::Phone) => "ett telefonnummer",
        (Lang::En, FindingKind::IdentityNumber) => "a personal identity number",
        (Lang::En, FindingKind::Email) => "an e-mail address",
        (Lang::En, FindingKind::Phone) => "a phone number",
    };
    let a = title.unwrap_or("");
    let place = match (lang, field) {
        (Lang::Sv, TextField::Statement) => "Behovet innehåller".to_string(),
        (Lang::Sv, TextField::Quote) => "Citatet innehåller".to_string(),
        (Lang::Sv, TextField::Notes) => format!("Anteckningarna från ”{a}” innehåller"),
        (Lang::Sv, TextField::Feedback) => format!("Återkopplingen efter ”{a}” innehåller"),
        (Lang::En, TextField::Statement) => "The need holds".to_string(),
        (Lang::En, TextField::Quote) => "The quote holds".to_string(),
        (Lang::En, TextField::Notes) => format!("The notes from “{a}” hold"),
        (Lang::En, TextField::Feedback) => format!("The feedback after “{a}” holds"),
        (Lang::Sv, TextField::Description) => format!("Beskrivningen av löftet ”{a}” innehåller"),
        (Lang::En, TextField::Description) => {
            format!("The description of the commitment “{a}” holds")
        }
    };
    format!("{place} {what} ({masked}).")
}

pub(super) fn commitment_overdue(lang: Lang, commitment: &str, due: NaiveDate) -> String {
    let due = long_date(lang, due);
    match lang {
        Lang::Sv => format!("Löftet ”{commitment}” skulle vara klart {due} men är inte klart."),
        Lang::En => format!("The commitment “{commitment}” was due on {due} and is not done."),
    }
}

/// `untold` names the segments not told; empty when the commitment names none and no
/// activity has given feedback since.
pub(super) fn commitment_not_reported(
    lang: Lang,
    commitment: &str,
    days: i64,
    untold: &[&str],
) -> String {
    let days = counted(lang, days, ["dag", "dagar"], ["day", "days"]);
    let groups = untold
        .iter()
        .map(|s| lang.pick(format!("”{s}”"), format!("“{s}”")))
        .collect::<Vec<_>>()
        .join(", ");
    match (lang, untold.is_empty()) {
        (Lang::Sv, true) => format!(
            "Löftet ”{commitment}” blev klart för {days} sedan, men ingen dialog har återkopplat sedan dess."
        ),
        (Lang::Sv, false) => format!(
            "Löftet ”{commitment}” blev klart för {days} sedan, men {groups} har inte fått veta det."
        ),
        (Lang::En, true) => format!(
            "The commitment “{commitment}” was done {days} ago, but no dialogue has reported back since."
        ),
        (Lang::En, false) => format!(
            "The commitment “{commitment}” was done {days} ago, but {groups} have not been told."
        ),
    }
}

pub(super) fn insight_rejected_without_reason(lang: Lang, insight: &str) -> String {
    match lang {
        Lang::Sv => format!("Insikten ”{insight}” är avslagen utan att svaret säger varför."),
        Lang::En => format!("The insight “{insight}” is rejected without a response saying why."),
    }
}

pub(super) fn commitment_dropped_without_reason(lang: Lang, commitment: &str) -> String {
    match lang {
        Lang::Sv => format!("Löftet ”{commitment}” är struket utan att skälet står."),
        Lang::En => format!("The commitment “{commitment}” is dropped without a reason."),
    }
}

pub(super) fn ladder_mismatch(lang: Lang, question: &str, level: InfluenceLevel) -> String {
    let level = match (lang, level) {
        (Lang::Sv, InfluenceLevel::Codetermine) => "medbestämmande",
        (Lang::Sv, _) => "inflytande",
        (Lang::En, InfluenceLevel::Codetermine) => "co-decision",
        (Lang::En, _) => "influence",
    };
    match lang {
        Lang::Sv => format!(
            "Nyckelfrågan ”{question}” ger invånarna {level}, men dess dialoger är bara enkäter, digitala kanaler eller information. Träffa invånarna."
        ),
        Lang::En => format!(
            "The key question “{question}” gives residents {level}, but its dialogues are only surveys, digital channels or information. Meet the residents."
        ),
    }
}

/// `rate` and `best` are percentages, written as the language writes them.
pub(super) fn underrepresented_segment(
    lang: Lang,
    segment: &str,
    decision: &str,
    rate: &str,
    best: &str,
) -> String {
    match lang {
        Lang::Sv => format!(
            "Inför beslutet ”{decision}” nådde dialogerna {rate} av den prioriterade målgruppen ”{segment}”, mot {best} av den bäst nådda."
        ),
        Lang::En => format!(
            "Before the decision “{decision}”, the dialogues reached {rate} of the priority group “{segment}”, against {best} of the best-reached group."
        ),
    }
}

pub(super) fn no_warnings(lang: Lang) -> &'static str {
    lang.pick("Inga planeringsvarningar.", "No planning warnings.")
}

pub(super) fn severity_tag(lang: Lang, s: Severity) -> &'static str {
    match (lang, s) {
        (Lang::Sv, Severity::Error) => "FEL",
        (Lang::Sv, Severity::Warning) => "VARNING",
        (Lang::Sv, Severity::Info) => "INFO",
        (Lang::En, Severity::Error) => "ERROR",
        (Lang::En, Severity::Warning) => "WARNING",
        (Lang::En, Severity::Info) => "INFO",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_are_written_in_the_long_form_of_the_language() {
        let sv = question_after_decision(Lang::Sv, "Q", day(2027, 3, 15), "D", day(2027, 3, 1));
        assert!(sv.contains("svar 15 mars 2027"), "{sv}");
        assert!(sv.contains("den 1 mars 2027"), "{sv}");
        let en = question_without_activity(Lang::En, "Q", day(2027, 3, 15));
        assert!(en.ends_with("before 15 March 2027."), "{en}");
        let en = activity_after_deadline(Lang::En, "A", day(2027, 1, 2), "Q");
        assert!(en.contains("after 2 January 2027,"), "{en}");
        let sv = decision_unprepared(Lang::Sv, "D", "2027-03-15", 2);
        assert_eq!(
            sv,
            "Beslutet ”D” (15 mars 2027) har 2 obesvarade nyckelfrågor."
        );
        for text in [sv, en] {
            assert!(!text.contains("2027-"), "no ISO date: {text}");
        }
    }

    #[test]
    fn counted_nouns_agree_in_both_languages() {
        assert_eq!(
            decision_unprepared(Lang::Sv, "D", "2027-03-15", 1),
            "Beslutet ”D” (15 mars 2027) har 1 obesvarad nyckelfråga."
        );
        assert_eq!(
            decision_unprepared(Lang::En, "D", "2027-03-15", 1),
            "The decision “D” (15 March 2027) has 1 unanswered key question."
        );
        assert_eq!(untagged_needs(Lang::En, 1), "1 need has no tags.");
        assert_eq!(untagged_needs(Lang::En, 1200), "1,200 needs have no tags.");
        assert_eq!(untagged_needs(Lang::Sv, 1), "1 behov saknar taggar.");
        assert!(feedback_overdue(Lang::Sv, "A", 50).contains("(50 dagar sedan"));
        assert!(feedback_overdue(Lang::En, "A", 1).contains("(1 day since"));
    }
}
