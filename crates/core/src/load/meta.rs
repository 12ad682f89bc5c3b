//! Document metadata from text: the ` date YYYY-MM-DD ` header, titles, and dates inferred from
//! the most frequent complete explicit date.

use chrono::NaiveDate;

const MAX_TITLE: usize = 80;

/// Navigation phrases web scrapes leave at the top of a page.
const NAV_PHRASES: &[&str] = &[
    "skip to main content",
    "skip to content",
    "skip to footer",
    "skip to navigation",
    "skip navigation",
    "toggle navigation",
    "main menu",
    "menu",
    "search",
    "home",
    "subscribe",
    "sign in",
    "sign up",
    "log in",
    "login",
    "donate",
    "share",
    "close",
    "advertisement",
    "newsletter",
];

/// If `text` opens with ` date YYYY-MM-DD ` (any surrounding white space), returns the date and
/// the byte offset where the content after the header starts.
pub fn split_date_header(text: &str) -> Option<(NaiveDate, usize)> {
    let trimmed = text.trim_start();
    let lead = text.len() - trimmed.len();
    let rest = trimmed.strip_prefix("date")?;
    let after_kw = rest.trim_start();
    if after_kw.len() == rest.len() {
        return None; // "date" must be followed by white space
    }
    let date = parse_date_prefix(after_kw)?;
    if after_kw
        .as_bytes()
        .get(10)
        .is_some_and(|b| !b.is_ascii_whitespace())
    {
        return None;
    }
    let after_date = &after_kw[10..];
    let body = after_date.trim_start();
    Some((date, lead + (trimmed.len() - body.len())))
}

/// Parses a leading `YYYY-MM-DD` (as in `2021-08-08T10:00:00Z`).
pub fn parse_date_prefix(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head = s.get(..10)?;
    let b = head.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i32 = head.get(..4)?.parse().ok()?;
    let m: u32 = head.get(5..7)?.parse().ok()?;
    let d: u32 = head.get(8..10)?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

fn is_nav_line(line: &str) -> bool {
    let mut rest = line.to_lowercase();
    for p in NAV_PHRASES {
        rest = rest.replace(p, " ");
    }
    rest.chars().all(|c| !c.is_alphanumeric())
}

/// A title from the text: the first real heading or sentence (at most ~80 characters),
/// skipping navigation lines and Markdown heading marks.
pub fn title_from_text(body: &str) -> String {
    for line in body.lines() {
        let line = line.trim().trim_start_matches('#').trim();
        if line.is_empty() || is_nav_line(line) {
            continue;
        }
        let sentence = first_sentence(line);
        return shorten(sentence.trim_end_matches('.'), MAX_TITLE);
    }
    String::new()
}

fn first_sentence(line: &str) -> &str {
    let b = line.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if matches!(c, b'.' | b'!' | b'?') && b.get(i + 1).is_none_or(|n| *n == b' ') {
            // "U.S. officials": a capital letter right before the period is an abbreviation.
            let prev_upper = i > 0 && b[i - 1].is_ascii_uppercase();
            if !prev_upper && i + 1 >= 12 {
                return &line[..=i];
            }
        }
    }
    line
}

/// `s` cut at a word boundary to at most `max` characters, with an ellipsis when cut.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let at = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':', ' ']))
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    // Month names are ASCII and at most 9 letters: lowercase on the stack, no allocation
    // (this runs on every word of every document without a date header).
    if w.len() < 3 || w.len() > 9 || !w.is_ascii() {
        return None;
    }
    let mut buf = [0u8; 9];
    for (slot, b) in buf.iter_mut().zip(w.bytes()) {
        *slot = b.to_ascii_lowercase();
    }
    let w = std::str::from_utf8(&buf[..w.len()]).ok()?;
    MONTHS
        .iter()
        .position(|m| {
            *m == w || (w.len() >= 3 && m.starts_with(w) && (w.len() == 3 || w == "sept"))
        })
        .map(|i| i as u32 + 1)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    Word(&'a str),
    Num(&'a str),
    Punct(char),
}

fn tokens(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_alphabetic() || c.is_ascii_digit() {
            let digit = c.is_ascii_digit();
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                let same = if digit {
                    d.is_ascii_digit()
                } else {
                    d.is_alphabetic() || d == '.'
                };
                if !same {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            let s = &text[i..end];
            out.push(if digit { Tok::Num(s) } else { Tok::Word(s) });
        } else if !c.is_whitespace() {
            out.push(Tok::Punct(c));
        }
    }
    out
}

/// Complete explicit dates in `text`, in order: ISO dates, "November 21, 2021",
/// "Nov. 21 2021" and "21 November 2021".
pub fn explicit_dates(text: &str) -> Vec<NaiveDate> {
    let toks = tokens(text);
    let mut out = Vec::new();
    let num = |t: Option<&Tok>| match t {
        Some(Tok::Num(n)) if n.len() <= 4 => n.parse::<u32>().ok(),
        _ => None,
    };
    let mut i = 0;
    while i < toks.len() {
        let found = match toks[i] {
            // 2021 - 11 - 21
            Tok::Num(y) if y.len() == 4 => {
                match (
                    toks.get(i + 1),
                    toks.get(i + 2),
                    toks.get(i + 3),
                    toks.get(i + 4),
                ) {
                    (
                        Some(Tok::Punct('-')),
                        Some(Tok::Num(m)),
                        Some(Tok::Punct('-')),
                        Some(Tok::Num(d)),
                    ) if m.len() == 2 && d.len() == 2 => ymd(y, m, d).map(|dt| (dt, 5)),
                    _ => None,
                }
            }
            // November 21 , 2021
            Tok::Word(w) => month_number(w).and_then(|m| {
                let d = num(toks.get(i + 1)).filter(|d| (1..=31).contains(d))?;
                let (yi, extra) = match toks.get(i + 2) {
                    Some(Tok::Punct(',')) => (i + 3, 4),
                    _ => (i + 2, 3),
                };
                let y = year(toks.get(yi))?;
                NaiveDate::from_ymd_opt(y, m, d).map(|dt| (dt, extra))
            }),
            // 21 November 2021
            Tok::Num(d) if d.len() <= 2 => match (toks.get(i + 1), toks.get(i + 2)) {
                (Some(Tok::Word(w)), y) => month_number(w).and_then(|m| {
                    let y = year(y)?;
                    NaiveDate::from_ymd_opt(y, m, d.parse().ok()?).map(|dt| (dt, 3))
                }),
                _ => None,
            },
            _ => None,
        };
        match found {
            Some((dt, used)) => {
                out.push(dt);
                i += used;
            }
            None => i += 1,
        }
    }
    out
}

fn year(t: Option<&Tok>) -> Option<i32> {
    match t {
        Some(Tok::Num(y)) if y.len() == 4 => y.parse().ok().filter(|y| (1000..=2999).contains(y)),
        _ => None,
    }
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// The most frequent complete explicit date in `text` (ties: the first seen).
pub fn infer_date(text: &str) -> Option<NaiveDate> {
    let dates = explicit_dates(text);
    // Counted in a map: a log with a date on each of a million lines must stay linear.
    let mut counts: std::collections::HashMap<NaiveDate, (usize, usize)> =
        std::collections::HashMap::new();
    for (i, d) in dates.iter().enumerate() {
        counts.entry(*d).or_insert((0, i)).0 += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(_, (n, first))| (n, std::cmp::Reverse(first)))
        .map(|(d, _)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        parse_date_prefix(s).expect("valid date")
    }

    #[test]
    fn header_is_split_off() {
        let (d, at) = split_date_header(" date 2021-08-08 Venice's council met.").expect("header");
        assert_eq!(d, date("2021-08-08"));
        assert_eq!(
            &" date 2021-08-08 Venice's council met."[at..],
            "Venice's council met."
        );
        assert!(split_date_header("dated 2021-08-08 x").is_none());
        assert!(split_date_header("date 2021-13-08 x").is_none());
        assert!(split_date_header("The date 2021-08-08").is_none());
    }

    #[test]
    fn title_skips_navigation() {
        let t = title_from_text(
            "Skip to content Skip to footer\n\nRebels Win Big in Local Vote\n\nText.",
        );
        assert_eq!(t, "Rebels Win Big in Local Vote");
        assert_eq!(title_from_text("Menu | Search\n# A Heading\n"), "A Heading");
    }

    #[test]
    fn title_is_first_sentence_shortened() {
        let t = title_from_text("The U.S. mayor spoke. Then more.");
        assert_eq!(t, "The U.S. mayor spoke");
        let long = "word ".repeat(40);
        let t = title_from_text(&long);
        assert!(t.chars().count() <= 81, "{t}");
        assert!(t.ends_with('…'));
    }

    #[test]
    fn infers_most_frequent_date() {
        let text = "On November 21, 2021 voters... 21 November 2021 again. Back on 2020-01-02, and Nov. 21, 2021.";
        assert_eq!(infer_date(text), Some(date("2021-11-21")));
        assert_eq!(infer_date("no dates, only 2021 and May"), None);
        assert_eq!(
            explicit_dates("Sept. 3 2019 and 5 Jan 2020"),
            vec![date("2019-09-03"), date("2020-01-05")]
        );
    }
}
