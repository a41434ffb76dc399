//! The `personal_data` rule: a text that carries residents' words (a need's statement and
//! quote, an activity's notes and feedback, a commitment's description) holds an identity number, an e-mail address or
//! a phone number. One warning per item and field, naming the first value found, masked.

use super::{warn, words, Severity, Subject, Warning, WarningCode};
use crate::domain::model::{Activity, Commitment};
use crate::domain::personal_data::{first, masked, TextField};
use crate::support::lang::Lang;

/// The warning for one field of one item, if its text holds personal data.
fn field_warning(
    subject: Subject,
    id: &str,
    field: TextField,
    text: &str,
    title: Option<&str>,
    lang: Lang,
) -> Option<Warning> {
    let f = first(text)?;
    Some(warn(
        WarningCode::PersonalData,
        Severity::Error,
        subject,
        id,
        words::personal_data(lang, field, title, f.kind, &masked(text, &f)),
    ))
}

/// The warnings about one need's statement and quote.
pub fn need_warnings(id: &str, statement: &str, quote: &str, lang: Lang, out: &mut Vec<Warning>) {
    for (field, text) in [(TextField::Statement, statement), (TextField::Quote, quote)] {
        out.extend(field_warning(Subject::Need, id, field, text, None, lang));
    }
}

/// The warnings about one activity's notes and feedback.
pub(super) fn activity_warnings(a: &Activity, lang: Lang, out: &mut Vec<Warning>) {
    for (field, text) in [
        (TextField::Notes, a.notes.as_str()),
        (TextField::Feedback, a.feedback.as_str()),
    ] {
        out.extend(field_warning(
            Subject::Activity,
            &a.id,
            field,
            text,
            Some(&a.title),
            lang,
        ));
    }
}

/// The warning about one commitment's description.
pub(super) fn commitment_warnings(c: &Commitment, lang: Lang, out: &mut Vec<Warning>) {
    out.extend(field_warning(
        Subject::Commitment,
        &c.id,
        TextField::Description,
        &c.description,
        Some(&c.title),
        lang,
    ));
}
