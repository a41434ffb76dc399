//! Personal data in residents' words: Swedish personal identity numbers (personnummer and
//! samordningsnummer), e-mail addresses and phone numbers, found by position in a text and
//! shown only masked. Pure and allocation-free for texts without a digit or an `@`, which
//! is most of them: the planning check runs it over every need.

use crate::support::codes::codes;

codes! {
    /// What kind of personal data a text holds.
    pub enum FindingKind {
        IdentityNumber = "identity_number",
        Email = "email",
        Phone = "phone",
    }
}

codes! {
    /// The texts that carry residents' words, by the field that holds them.
    pub enum TextField {
        /// A need's statement.
        Statement = "statement",
        /// A need's quote.
        Quote = "quote",
        /// An activity's notes.
        Notes = "notes",
        /// An activity's feedback to its residents.
        Feedback = "feedback",
        /// A commitment's description.
        Description = "description",
    }
}

/// One piece of personal data: its kind and where it is (byte offsets into the text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    pub start: usize,
    pub end: usize,
}

/// Every piece of personal data in `text`, in the order they appear. An identity number is
/// reported as such and not again as a phone number.
pub fn scan(text: &str) -> Vec<Finding> {
    let bytes = text.as_bytes();
    if !bytes.iter().any(|b| b.is_ascii_digit() || *b == b'@') {
        return Vec::new();
    }
    let mut found = identity_numbers(bytes);
    let ids = found.clone();
    found.extend(
        phones(bytes)
            .into_iter()
            .filter(|p| !ids.iter().any(|i| i.start < p.end && p.start < i.end)),
    );
    found.extend(emails(text));
    found.sort_by_key(|f| (f.start, f.end));
    found
}

/// The first piece of personal data in `text`, if any.
pub fn first(text: &str) -> Option<Finding> {
    scan(text).into_iter().next()
}

/// The found value with enough hidden that it never shows whole: an identity number keeps
/// its date (`850709-****`), an e-mail address the first letter and the host
/// (`a***@example.se`), a phone number its area code and last two digits (`070-*** ** 67`).
pub fn masked(text: &str, f: &Finding) -> String {
    let value = text.get(f.start..f.end).unwrap_or("");
    match f.kind {
        FindingKind::IdentityNumber => {
            let keep = value.len().saturating_sub(4);
            format!("{}****", &value[..keep])
        }
        FindingKind::Email => {
            let at = value.find('@').unwrap_or(0);
            let first = value.chars().next().map(String::from).unwrap_or_default();
            format!("{first}***{}", &value[at..])
        }
        FindingKind::Phone => mask_phone(value),
    }
}

fn mask_phone(value: &str) -> String {
    let digits = value.bytes().filter(u8::is_ascii_digit).count();
    // The area code: the first group (up to four digits), or three digits when there are
    // no separators; an international prefix shows only itself.
    let keep_head = if value.starts_with('+') || value.starts_with("00") {
        if value.starts_with('+') {
            2
        } else {
            4
        }
    } else {
        let group = value.bytes().take_while(u8::is_ascii_digit).count();
        if group == digits {
            3
        } else {
            group.min(4)
        }
    };
    let keep_tail = 2;
    let mut seen = 0;
    value
        .chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                return c;
            }
            seen += 1;
            if seen <= keep_head || seen > digits - keep_tail {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// The length of the run of ASCII digits at `i`.
fn digit_run(b: &[u8], i: usize) -> usize {
    b[i..].iter().take_while(|c| c.is_ascii_digit()).count()
}

fn digit_before(b: &[u8], i: usize) -> bool {
    i > 0 && b[i - 1].is_ascii_digit()
}

/// Identity numbers: YYMMDD-NNNN, YYMMDD+NNNN, YYMMDDNNNN, YYYYMMDD-NNNN, YYYYMMDDNNNN,
/// not part of a longer run of digits, with a plausible date and a valid checksum.
fn identity_numbers(b: &[u8]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let run = digit_run(b, i);
        let found = match run {
            10 | 12 => {
                let ten = &b[i + run - 10..i + run];
                (run == 10 || century(&b[i..i + 2]))
                    .then_some(())
                    .and_then(|_| {
                        valid_ten(ten).then_some(Finding {
                            kind: FindingKind::IdentityNumber,
                            start: i,
                            end: i + run,
                        })
                    })
            }
            6 | 8 => separated_id(b, i, run),
            _ => None,
        };
        match found {
            Some(f) if !digit_before(b, i) => {
                i = f.end;
                out.push(f);
            }
            _ => i += run,
        }
    }
    out
}

/// `YYMMDD-NNNN` / `YYMMDD+NNNN` / `YYYYMMDD-NNNN` with the date run at `i` of `run` digits.
fn separated_id(b: &[u8], i: usize, run: usize) -> Option<Finding> {
    let sep = i + run;
    if !matches!(b.get(sep), Some(b'-' | b'+')) || sep + 1 >= b.len() {
        return None;
    }
    if digit_run(b, sep + 1) != 4 || (run == 8 && !century(&b[i..i + 2])) {
        return None;
    }
    let mut ten = [0u8; 10];
    ten[..6].copy_from_slice(&b[sep - 6..sep]);
    ten[6..].copy_from_slice(&b[sep + 1..sep + 5]);
    valid_ten(&ten).then_some(Finding {
        kind: FindingKind::IdentityNumber,
        start: i,
        end: sep + 5,
    })
}

/// A four-digit year's century a living person can have been born in.
fn century(two: &[u8]) -> bool {
    matches!(two, b"18" | b"19" | b"20")
}

fn num2(b: &[u8]) -> u32 {
    u32::from(b[0] - b'0') * 10 + u32::from(b[1] - b'0')
}

/// Ten digits YYMMDDNNNN: a month 01–12, a day 01–31 (61–91 for a samordningsnummer) and
/// a valid Luhn checksum.
fn valid_ten(d: &[u8]) -> bool {
    let month = num2(&d[2..4]);
    let day = num2(&d[4..6]);
    if !(1..=12).contains(&month) || !((1..=31).contains(&day) || (61..=91).contains(&day)) {
        return false;
    }
    let sum: u32 = d
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let v = u32::from(c - b'0') * if k.is_multiple_of(2) { 2 } else { 1 };
            v / 10 + v % 10
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A separator inside a phone number: a space (also no-break) or a hyphen.
fn phone_separator(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b' ' | b'-') => 1,
        Some(0xC2) if b.get(i + 1) == Some(&0xA0) => 2,
        _ => 0,
    }
}

/// Swedish phone numbers: `0` or `+46`/`0046`, an area code of one to three more digits,
/// then groups of digits separated by single spaces or hyphens; 8–13 digits in all.
fn phones(b: &[u8]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let begins = b[i] == b'0' || (b[i] == b'+' && b[i + 1..].starts_with(b"46"));
        // Not inside a word, a longer number or a date (`2027-03-14`).
        let starts = begins
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b"-+/.,".contains(&b[i - 1])));
        if starts {
            if let Some(end) = phone_at(b, i) {
                out.push(Finding {
                    kind: FindingKind::Phone,
                    start: i,
                    end,
                });
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The end of the phone number starting at `i`, if one does.
fn phone_at(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    let mut digits = 0;
    if b[j] == b'+' {
        j += 3;
        digits += 2;
        j += phone_separator(b, j);
    } else if b[j..].starts_with(b"0046") {
        j += 4;
        digits += 4;
        j += phone_separator(b, j);
    }
    // The area code (after the leading 0, or after the country code with the 0 left out).
    let area = digit_run(b, j);
    if area == 0 {
        return None;
    }
    let mut groups = 1;
    j += area;
    digits += area;
    loop {
        let sep = phone_separator(b, j);
        let next = if sep > 0 { digit_run(b, j + sep) } else { 0 };
        if next == 0 {
            break;
        }
        groups += 1;
        j += sep + next;
        digits += next;
    }
    // The area code with its 0 (which the international form leaves out).
    let national = if b[i] == b'0' && !b[i..].starts_with(b"0046") {
        area
    } else {
        area + 1
    };
    // With separators, the first group is the area code: 0 and one to three digits.
    let area_ok = groups == 1 || (2..=4).contains(&national);
    let end_ok = j >= b.len() || !b[j].is_ascii_alphanumeric();
    ((8..=13).contains(&digits) && area_ok && end_ok).then_some(j)
}

/// E-mail addresses: a local part of letters (any script), digits and `._%+-`, an `@`, and
/// a host of at least two labels whose last is two or more letters.
fn emails(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let local = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    let mut from = 0;
    while let Some(off) = text[from..].find('@') {
        let at = from + off;
        from = at + 1;
        let start = text[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| local(*c))
            .last()
            .map(|(k, _)| k);
        let Some(mut start) = start else { continue };
        while text[start..].starts_with('.') {
            start += 1;
        }
        if start == at {
            continue;
        }
        let host_len = text[at + 1..]
            .char_indices()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '-' || *c == '.')
            .last()
            .map(|(k, c)| k + c.len_utf8())
            .unwrap_or(0);
        let host = text[at + 1..at + 1 + host_len].trim_end_matches(['.', '-']);
        let mut labels = host.split('.');
        let tld = host.rsplit('.').next().unwrap_or("");
        let ok = host.contains('.')
            && labels.all(|l| !l.is_empty())
            && tld.chars().count() >= 2
            && tld.chars().all(char::is_alphabetic);
        if ok {
            let end = at + 1 + host.len();
            out.push(Finding {
                kind: FindingKind::Email,
                start,
                end,
            });
            from = end;
        }
    }
    out
}
