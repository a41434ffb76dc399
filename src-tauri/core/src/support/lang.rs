//! The languages the core writes in, and how each writes dates and numbers.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Output language: of planning warnings, briefs, sheets and file names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    /// `sv` or `en` (case-insensitive); anything else is `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "sv" | "sv-se" => Some(Lang::Sv),
            "en" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// The BCP 47 tag written into documents.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Sv => "sv-SE",
            Lang::En => "en-GB",
        }
    }

    /// The same text in this language: `lang.pick("behov", "needs")`.
    pub fn pick<T>(self, sv: T, en: T) -> T {
        match self {
            Lang::Sv => sv,
            Lang::En => en,
        }
    }
}

const MONTHS_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "15 mars 2027" / "15 March 2027".
pub fn long_date(lang: Lang, d: NaiveDate) -> String {
    let months = lang.pick(&MONTHS_SV, &MONTHS_EN);
    format!(
        "{} {} {}",
        d.day(),
        months[d.month0() as usize % 12],
        d.year()
    )
}

/// A stored date, or the date of a stored date-time (`2027-03-15`, `2027-03-15T18:00`), in
/// the language's long form: "15 mars 2027" / "15 March 2027". Text that does not start
/// with a date is given back trimmed, as it was written.
pub fn long_date_of(lang: Lang, stored: &str) -> String {
    let s = stored.trim();
    match super::dates::date_of(s) {
        Some(d) => long_date(lang, d),
        None => s.to_string(),
    }
}

/// A count with its noun, singular for exactly one:
/// `counted(Lang::Sv, 1, ["nyckelfråga", "nyckelfrågor"], ["key question", "key questions"])`
/// is "1 nyckelfråga", with 2 "2 nyckelfrågor" (and 0 "0 nyckelfrågor", "0 key questions").
/// The number is grouped as [`number`] does it.
pub fn counted(lang: Lang, n: impl Into<i128>, sv: [&str; 2], en: [&str; 2]) -> String {
    let n: i128 = n.into();
    let forms = lang.pick(sv, en);
    format!("{} {}", number(lang, n), one_or_many(n, forms[0], forms[1]))
}

/// `one` for exactly one, else `many`: for words that agree with a count, such as
/// "besvarad"/"besvarade".
pub fn one_or_many<'a>(n: impl Into<i128>, one: &'a str, many: &'a str) -> &'a str {
    if n.into() == 1 {
        one
    } else {
        many
    }
}

/// A whole number grouped the way the language writes it: "6 015" (with a no-break
/// space, as Swedish typesetting does) or "6,015". Numbers below 10,000 are grouped too,
/// as the UI does it.
pub fn number(lang: Lang, n: impl Into<i128>) -> String {
    let n: i128 = n.into();
    let digits = n.unsigned_abs().to_string();
    let sep = lang.pick('\u{a0}', ',');
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_language() {
        assert_eq!(number(Lang::Sv, 6015), "6\u{a0}015");
        assert_eq!(number(Lang::En, 6015), "6,015");
        assert_eq!(number(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(number(Lang::Sv, 999), "999");
        assert_eq!(number(Lang::En, -12_000), "-12,000");
        assert_eq!(number(Lang::Sv, 0), "0");
    }

    #[test]
    fn long_dates_in_both_languages() {
        let d = NaiveDate::from_ymd_opt(2027, 3, 14).unwrap();
        assert_eq!(long_date(Lang::Sv, d), "14 mars 2027");
        assert_eq!(long_date(Lang::En, d), "14 March 2027");
    }

    #[test]
    fn stored_dates_and_date_times_read_as_long_dates() {
        assert_eq!(long_date_of(Lang::Sv, "2027-03-15"), "15 mars 2027");
        assert_eq!(long_date_of(Lang::En, "2027-03-15T18:30"), "15 March 2027");
        assert_eq!(long_date_of(Lang::Sv, " 2027-12-01 "), "1 december 2027");
        assert_eq!(long_date_of(Lang::En, "next spring"), "next spring");
        assert_eq!(long_date_of(Lang::En, "2027-13-01"), "2027-13-01");
    }

    #[test]
    fn counted_nouns_agree_with_their_number() {
        let kq_sv = ["nyckelfråga", "nyckelfrågor"];
        let kq_en = ["key question", "key questions"];
        assert_eq!(counted(Lang::Sv, 1, kq_sv, kq_en), "1 nyckelfråga");
        assert_eq!(counted(Lang::Sv, 2, kq_sv, kq_en), "2 nyckelfrågor");
        assert_eq!(counted(Lang::Sv, 0, kq_sv, kq_en), "0 nyckelfrågor");
        assert_eq!(counted(Lang::En, 1, kq_sv, kq_en), "1 key question");
        assert_eq!(counted(Lang::En, 0, kq_sv, kq_en), "0 key questions");
        assert_eq!(counted(Lang::En, 6015, kq_sv, kq_en), "6,015 key questions");
        assert_eq!(one_or_many(1, "besvarad", "besvarade"), "besvarad");
        assert_eq!(one_or_many(2, "besvarad", "besvarade"), "besvarade");
    }

    #[test]
    fn language_codes() {
        assert_eq!(Lang::from_code("SV"), Some(Lang::Sv));
        assert_eq!(Lang::from_code("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_code("de"), None);
    }
}
