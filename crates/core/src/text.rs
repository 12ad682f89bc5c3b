//! Text helpers every layer shares, written once: the fold (accents, case, ß and other letters
//! that do not decompose), the reader's find-all over folded text, and how entities and date
//! values are labelled for a person.
//!
//! One fold table ([`fold_char_with`]) serves three callers: the extractor's keys (lowercased,
//! expanded: `Straße` → `strasse`), the reader's `/` search (the same, with smart case), and the
//! fuzzy search's char-for-char keys ([`base_char`], which keeps one char per char so match
//! positions stay positions in the original).

use crate::model::{Entity, EntityKind};
use chrono::NaiveDate;
use std::ops::Range;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// The month names, lowercase, in order: one table for the loaders' date headers and the
/// extractor's dates.
pub const MONTHS: [&str; 12] = [
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

/// Calls `out` with the folded form of `c`: accents dropped, letters that do not decompose
/// spelled out (`ß` → `ss`, `æ` → `ae`, `ø` → `o`, `ł` → `l`), typographic quotes and dashes
/// straightened, and lowercased unless `keep_case`.
pub fn fold_char_with(c: char, keep_case: bool, mut out: impl FnMut(char)) {
    let mut emit = |ch: char| {
        if keep_case {
            out(ch)
        } else if ch.is_ascii() {
            out(ch.to_ascii_lowercase())
        } else {
            ch.to_lowercase().for_each(&mut out)
        }
    };
    if c.is_ascii() {
        return emit(c);
    }
    let spelled: Option<&str> = match c {
        'ß' => Some("ss"),
        'ẞ' => Some("SS"),
        'ø' => Some("o"),
        'Ø' => Some("O"),
        'ł' => Some("l"),
        'Ł' => Some("L"),
        'đ' => Some("d"),
        'Đ' => Some("D"),
        'æ' => Some("ae"),
        'Æ' => Some("AE"),
        'œ' => Some("oe"),
        'Œ' => Some("OE"),
        'ı' => Some("i"),
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '´' => Some("'"),
        '“' | '”' => Some("\""),
        '–' | '—' => Some("-"),
        _ => None,
    };
    match spelled {
        Some(s) => s.chars().for_each(emit),
        None => decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                emit(d)
            }
        }),
    }
}

/// Appends the lowercase fold of `c` to `out`.
pub fn fold_char_into(c: char, out: &mut String) {
    fold_char_with(c, false, |f| out.push(f));
}

/// The first char of `c`'s fold, case kept: one char for one char, for keys whose match
/// positions must stay positions in the original (`ß` → `s`, `é` → `e`).
pub fn base_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    let mut first = None;
    fold_char_with(c, true, |f| {
        first.get_or_insert(f);
    });
    first.unwrap_or(c)
}

/// Folded form of a string: lowercase, accents removed, whitespace runs collapsed to one space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        fold_char_into(c, &mut out);
    }
    out
}

/// Non-overlapping occurrences of `query` in `text[from..]`, at most `limit`, as byte ranges
/// of `text`: folded on both sides ([`fold_char_with`]), smart case (an upper-case letter in the
/// query makes it case-sensitive). `/lodz` finds `Łódź`, `/strasse` finds `Straße`. Streams the
/// text: nothing is copied, whatever its size.
pub fn find_all(text: &str, from: usize, query: &str, limit: usize) -> Vec<Range<usize>> {
    let keep_case = query.chars().any(|c| c.is_uppercase());
    let mut q: Vec<char> = Vec::with_capacity(query.len());
    for c in query.chars() {
        fold_char_with(space_for_whitespace(c), keep_case, |f| q.push(f));
    }
    let mut hits = Vec::new();
    if q.is_empty() || limit == 0 {
        return hits;
    }
    let body = match text.get(from..) {
        Some(b) => b,
        None => return hits,
    };
    let mut starts = body.char_indices().peekable();
    // Folded chars of the text from the candidate start onwards: (folded char, source char's
    // byte offset in `body`, its end).
    let mut buf: Vec<(char, usize, usize)> = Vec::new();
    let mut rest = body.char_indices();
    while let Some((start, _)) = starts.next() {
        // Drop folded chars that belong to source chars before `start`.
        let drop = buf.iter().take_while(|&&(_, s, _)| s < start).count();
        buf.drain(..drop);
        // Fill until the buffer holds as many folded chars as the query.
        while buf.len() < q.len() {
            match rest.next() {
                Some((i, c)) => {
                    let end = i + c.len_utf8();
                    fold_char_with(space_for_whitespace(c), keep_case, |f| {
                        buf.push((f, i, end))
                    });
                }
                None => break,
            }
        }
        if buf.len() < q.len() {
            break;
        }
        // A match starts at a source char's first folded char and ends at a source char's end.
        let whole_end = buf
            .get(q.len())
            .map(|&(_, s, _)| s != buf[q.len() - 1].1)
            .unwrap_or(true);
        if whole_end && buf.iter().zip(&q).all(|(&(f, _, _), &qc)| f == qc) {
            let end = buf[q.len() - 1].2;
            hits.push(from + start..from + end);
            if hits.len() >= limit {
                break;
            }
            // Continue after the match.
            while starts.peek().is_some_and(|&(i, _)| i < end) {
                starts.next();
            }
        }
    }
    hits
}

/// Any whitespace char as a space: a query's space finds a line break (the reader draws a
/// reflowed paragraph's breaks as spaces) or a tab.
fn space_for_whitespace(c: char) -> char {
    if c.is_whitespace() {
        ' '
    } else {
        c
    }
}

/// A readable form of an ISO date value: `2021-11-21` → `Sun 21 Nov 2021`, `2021-11` →
/// `Nov 2021`, `2021-W47` → `week 47 of 2021`; `None` when there is nothing to add.
pub fn readable_date(value: &str) -> Option<String> {
    if let Ok(d) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return Some(d.format("%a %-d %b %Y").to_string());
    }
    if let Some((y, w)) = value.split_once("-W") {
        let (y, w) = (y.parse::<i32>().ok()?, w.parse::<u32>().ok()?);
        return Some(format!("week {w} of {y}"));
    }
    if value.len() == 7 {
        if let Ok(d) = NaiveDate::parse_from_str(&format!("{value}-01"), "%Y-%m-%d") {
            return Some(d.format("%b %Y").to_string());
        }
    }
    None
}

/// The chronological sort key of an ISO date value.
pub fn date_key(value: &str) -> (NaiveDate, usize) {
    let d = NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .or_else(|| NaiveDate::parse_from_str(&format!("{value}-01"), "%Y-%m-%d").ok())
        .or_else(|| {
            let (y, w) = value.split_once("-W")?;
            NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, chrono::Weekday::Mon)
        })
        .or_else(|| NaiveDate::from_ymd_opt(value.get(..4)?.parse().ok()?, 1, 1))
        .unwrap_or(NaiveDate::MAX);
    (d, value.len())
}

/// How an entity is listed: its name, or for a resolved date its ISO value and a readable form.
pub fn entity_label(e: &Entity) -> String {
    match (&e.kind, &e.value) {
        (EntityKind::Date, Some(v)) => match readable_date(v) {
            Some(r) => format!("{v} · {r}"),
            None => v.clone(),
        },
        _ => e.name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'a>(text: &'a str, q: &str) -> Vec<&'a str> {
        find_all(text, 0, q, usize::MAX)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn readable_dates() {
        assert_eq!(
            readable_date("2021-11-21").as_deref(),
            Some("Sun 21 Nov 2021")
        );
        assert_eq!(readable_date("2021-11").as_deref(), Some("Nov 2021"));
        assert_eq!(
            readable_date("2021-W47").as_deref(),
            Some("week 47 of 2021")
        );
        assert_eq!(readable_date("2021"), None);
        assert!(date_key("2021") < date_key("2021-01"));
        assert!(date_key("2020-12-31") < date_key("2021"));
        assert!(date_key("2021-W47") < date_key("2021-12-01"));
    }

    #[test]
    fn find_all_matches_a_space_across_a_line_break() {
        let text = "is not under\npressure to act, not under\tpressure";
        let hits = find_all(text, 0, "under pressure", 10);
        assert_eq!(hits.len(), 2);
        assert_eq!(&text[hits[0].clone()], "under\npressure");
        assert!(find_all("underpressure", 0, "under pressure", 10).is_empty());
    }

    #[test]
    fn find_all_is_smart_case_and_folds_accents() {
        assert_eq!(found("Łódź and lodz", "lodz"), ["Łódź", "lodz"]);
        assert_eq!(found("Straße, STRASSE", "strasse"), ["Straße", "STRASSE"]);
        assert_eq!(found("Straße, STRASSE", "Strasse"), ["Straße"]);
        assert_eq!(
            found("Varnholt VARNHOLT varnholt", "Varnholt"),
            ["Varnholt"]
        );
        assert_eq!(found("Tomás Varnholt", "tomas"), ["Tomás"]);
        assert_eq!(found("aaaa", "aa"), ["aa", "aa"]);
        // A match never ends inside a char that folds to two.
        assert_eq!(found("Straße", "stras"), Vec::<&str>::new());
        assert!(found("abc", "").is_empty());
        let t = "x Łódź y Łódź";
        let from = t.find('y').expect("y");
        assert_eq!(find_all(t, from, "lodz", 9).len(), 1);
        assert_eq!(find_all(t, 0, "lodz", 1).len(), 1);
        assert!(find_all(t, 1000, "lodz", 9).is_empty());
    }

    #[test]
    fn base_chars_keep_one_char_per_char() {
        for (c, b) in [
            ('é', 'e'),
            ('ß', 's'),
            ('Ł', 'L'),
            ('’', '\''),
            ('a', 'a'),
            ('中', '中'),
        ] {
            assert_eq!(base_char(c), b, "{c}");
        }
        assert_eq!(fold("  Tomás   VARNHOLT "), "tomas varnholt");
        assert_eq!(fold("Straße"), "strasse");
    }
}
