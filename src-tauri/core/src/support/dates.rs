//! Stored dates and times (`2027-03-15`, `2027-03-15T18:00`), read without chrono's format
//! parser: the planning check and the brief read every activity's dates, and a format string
//! parsed again for each of 10,000 activities cost more than the rules themselves.

use chrono::{NaiveDate, NaiveDateTime};

/// A calendar date written `YYYY-MM-DD`, the year 1000–9999; `None` for anything else,
/// including a date that does not exist (`2027-02-30`).
pub fn iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[0] != b'0'
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shape {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(&b[0..4]) as i32, digits(&b[5..7]), digits(&b[8..10]))
}

/// A date and time written `YYYY-MM-DDTHH:MM`, the year 1000–9999; `None` for anything else.
pub fn iso_time(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    let shape = b.len() == 16
        && b[10] == b'T'
        && b[13] == b':'
        && [11, 12, 14, 15].iter().all(|&i| b[i].is_ascii_digit());
    if !shape {
        return None;
    }
    iso_date(&s[..10])?.and_hms_opt(digits(&b[11..13]), digits(&b[14..16]), 0)
}

/// The date a stored date or date-time starts with (its first ten characters).
pub fn date_of(stored: &str) -> Option<NaiveDate> {
    iso_date(stored.get(..10)?)
}

/// The number written by ASCII digits (checked by the caller).
fn digits(b: &[u8]) -> u32 {
    b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_chrono_reads_and_refuses_the_rest() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(iso_date("2027-03-15"), d(2027, 3, 15));
        assert_eq!(iso_date("1000-01-01"), d(1000, 1, 1));
        assert_eq!(iso_date("2028-02-29"), d(2028, 2, 29));
        for bad in [
            "2027-02-29",
            "2027-13-01",
            "2027-00-10",
            "0999-01-01",
            "2027-3-15",
            "2027/03/15",
            "",
            "2027-03-15 ",
            " 2027-03-15",
            "２０２７-03-15",
        ] {
            assert_eq!(iso_date(bad), None, "{bad:?}");
        }
        assert_eq!(
            iso_time("2027-03-15T18:05"),
            d(2027, 3, 15).and_then(|x| x.and_hms_opt(18, 5, 0))
        );
        for bad in [
            "2027-03-15T24:00",
            "2027-03-15T18:60",
            "2027-03-15 18:00",
            "2027-03-15T18:0",
            "2027-03-15",
        ] {
            assert_eq!(iso_time(bad), None, "{bad:?}");
        }
        assert_eq!(date_of("2027-03-15T18:00"), d(2027, 3, 15));
        assert_eq!(date_of("15 mars"), None);
        assert_eq!(date_of("2027-03-1å"), None);
    }
}
