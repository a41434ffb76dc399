//! The planning warnings' sentences, in Swedish and English. Dates are written
//! YYYY-MM-DD in both, as planners write them.

use chrono::NaiveDate;

use super::Severity;
use crate::support::lang::{number, Lang};

pub(super) fn question_after_decision(
    lang: Lang,
    question: &str,
    needed_by: NaiveDate,
    decision: &str,
    decided_on: NaiveDate,
) -> String {
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
    let days_text = number(lang, days);
    match lang {
        Lang::Sv => format!(
            "Deltagarna i ”{activity}” har inte fått återkoppling ({days_text} dagar sedan dialogen)."
        ),
        Lang::En => format!(
            "The participants in “{activity}” have not heard back ({days_text} days since the dialogue)."
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

pub(super) fn decision_unprepared(lang: Lang, decision: &str, date: &str, open: usize) -> String {
    let n = number(lang, open as u64);
    match (lang, open) {
        (Lang::Sv, 1) => format!("Beslutet ”{decision}” ({date}) har 1 obesvarad nyckelfråga."),
        (Lang::Sv, _) => format!("Beslutet ”{decision}” ({date}) har {n} obesvarade nyckelfrågor."),
        (Lang::En, 1) => {
            format!("The decision “{decision}” ({date}) has 1 unanswered key question.")
        }
        (Lang::En, _) => {
            format!("The decision “{decision}” ({date}) has {n} unanswered key questions.")
        }
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
    let n = number(lang, count as u64);
    match (lang, count) {
        (Lang::Sv, _) => format!("{n} behov saknar taggar."),
        (Lang::En, 1) => "1 need has no tags.".into(),
        (Lang::En, _) => format!("{n} needs have no tags."),
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
