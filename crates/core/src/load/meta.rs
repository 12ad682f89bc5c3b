//! Document metadata from text: the ` date YYYY-MM-DD ` header, titles, and dates inferred from
//! the most frequent complete explicit date.

use chrono::{Datelike, NaiveDate};

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

/// A date as a page's metadata writes it: ISO (`2019-11-19T11:00:09Z`), `20191119`,
/// `2019/11/19`, or in words on one line (`November 19, 2019, 07:47 PM EST`); years 1800–2199.
pub fn header_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.len() > 100 {
        return None;
    }
    let compact = || {
        let d = s
            .get(..8)
            .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
        let next_is_digit = s.as_bytes().get(8).is_some_and(u8::is_ascii_digit);
        if next_is_digit {
            return None;
        }
        NaiveDate::parse_from_str(d, "%Y%m%d").ok()
    };
    parse_date_prefix(s)
        .or_else(compact)
        .or_else(|| date_from_path(s))
        .or_else(|| line_dates(s).first().copied())
        // Placeholders such as Go's zero time (`0001-01-01T00:00:00Z`) are no date.
        .filter(|d| (1800..=2199).contains(&d.year()))
}

fn is_nav_line(line: &str) -> bool {
    let mut rest = line.to_lowercase();
    // Only the phrases' letters go, so the first letter left must start a phrase, and that
    // phrase's first word (a run of letters, unbroken by what went before it) follows it
    // as it was: most lines open with none and are not scanned once per phrase.
    let Some(first) = rest.find(char::is_alphanumeric) else {
        return true;
    };
    let opens = &rest.as_bytes()[first..];
    let opens_phrase = |p: &&str| {
        let p = p.as_bytes();
        p.first() == opens.first() && {
            let word = p.iter().position(|&b| b == b' ').unwrap_or(p.len());
            opens.starts_with(&p[..word])
        }
    };
    if !NAV_PHRASES.iter().any(opens_phrase) {
        return false;
    }
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

use crate::text::MONTHS;

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    // Month names are ASCII and at most 9 letters: lowercase on the stack, no allocation
    // (this runs on every word of every document without a date header).
    if w.len() < 3 || w.len() > 9 || !w.is_ascii() {
        return None;
    }
    // Every month name starts with one of these letters: most words stop here.
    if !matches!(
        w.as_bytes()[0] | 0x20,
        b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd'
    ) {
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
    tokens_into(text, &mut out);
    out
}

/// [`tokens`] into `out` (emptied first): a caller walking many lines keeps one list. ASCII
/// (most text) is read byte by byte, without decoding.
fn tokens_into<'a>(text: &'a str, out: &mut Vec<Tok<'a>>) {
    out.clear();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        if b.is_ascii_digit() {
            i = digits_end(bytes, i + 1);
            out.push(Tok::Num(&text[start..i]));
        } else if b.is_ascii_alphabetic() {
            i = word_end(text, i + 1);
            out.push(Tok::Word(&text[start..i]));
        } else if b.is_ascii() {
            i += 1;
            // `char::is_whitespace` of ASCII.
            if !matches!(b, b'\t'..=b'\r' | b' ') {
                out.push(Tok::Punct(char::from(b)));
            }
        } else {
            let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
                return;
            };
            i += c.len_utf8();
            if c.is_alphabetic() {
                i = word_end(text, i);
                out.push(Tok::Word(&text[start..i]));
            } else if !c.is_whitespace() {
                out.push(Tok::Punct(c));
            }
        }
    }
}

/// Where the word going on at `i` in `text` ends: it runs on over letters and dots.
#[inline]
fn word_end(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    while let Some(&c) = b.get(i) {
        if c.is_ascii_alphabetic() || c == b'.' {
            i += 1;
        } else if c.is_ascii() {
            break;
        } else {
            match text.get(i..).and_then(|r| r.chars().next()) {
                Some(d) if d.is_alphabetic() => i += d.len_utf8(),
                _ => break,
            }
        }
    }
    i
}

/// Can `line` hold a date [`dates_in`] reads? Each has a year of four digits, a number token
/// (a run of ASCII digits) of exactly that length, either before "-" ("2021-11-21") or after
/// a month's name and what may stand between them ("November 21, 2021", "21 Nov 2021"): a
/// byte scan for such runs rules out most lines before they are tokenized. It lets through
/// more than it must (any non-ASCII byte is taken for white space, as `char::is_whitespace`
/// takes some; any word opening with a month's first three letters for its name), never less.
fn may_hold_date(line: &str) -> bool {
    let b = line.as_bytes();
    let mut i = 0;
    while let Some(start) = next_digit(b, i) {
        i = digits_end(b, start);
        if i - start == 4 && (b.get(space_end(b, i)) == Some(&b'-') || month_before(b, start)) {
            return true;
        }
    }
    false
}

/// Where the first ASCII digit at or after `i` in `b` is. Eight bytes are tested at once
/// (most hold none): XOR with '0' makes exactly the digits bytes below 10, and subtracting 10
/// from each byte borrows into the top bit of some byte if and only if one is (the classic
/// "has a byte less than n" test).
fn next_digit(b: &[u8], mut i: usize) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    if let Some(rest) = b.get(i..) {
        for eight in rest.chunks_exact(8) {
            let Ok(eight) = <[u8; 8]>::try_from(eight) else {
                break;
            };
            let x = u64::from_le_bytes(eight) ^ (ONES * u64::from(b'0'));
            if x.wrapping_sub(ONES * 10) & !x & (ONES * 0x80) != 0 {
                break;
            }
            i += 8;
        }
    }
    b.get(i..)?
        .iter()
        .position(u8::is_ascii_digit)
        .map(|at| i + at)
}

/// Does a word that can be a month's name end before the year at `year` in `b`, with at most
/// a day and a comma between ("November 21, 2021", "21 Nov, 2021")?
fn month_before(b: &[u8], year: usize) -> bool {
    let mut end = space_start(b, year);
    if end > 0 && b[end - 1] == b',' {
        end = space_start(b, end - 1);
    }
    let mut day = end;
    while day > 0 && b[day - 1].is_ascii_digit() {
        day -= 1;
    }
    if day < end {
        end = space_start(b, day);
    }
    // The word is letters and dots; dots before its first letter are not its own.
    let mut start = end;
    while start > 0 && (b[start - 1].is_ascii_alphabetic() || b[start - 1] == b'.') {
        start -= 1;
    }
    while start < end && b[start] == b'.' {
        start += 1;
    }
    end - start >= 3 && is_month_start([b[start], b[start + 1], b[start + 2]])
}

/// Where the run of ASCII digits at `i` in `b` ends.
fn digits_end(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

/// Where the white space that ends at `i` in `b` starts ([`space_end`] backwards).
fn space_start(b: &[u8], mut i: usize) -> usize {
    while i > 0 && is_space_or_wide(b[i - 1]) {
        i -= 1;
    }
    i
}

/// White space, or a byte of a character that may be ([`may_hold_date`]).
fn is_space_or_wide(c: u8) -> bool {
    matches!(c, b'\t'..=b'\r' | b' ') || !c.is_ascii()
}

/// Where the white space at `i` in `b` ends, any non-ASCII byte taken for white space.
fn space_end(b: &[u8], mut i: usize) -> usize {
    while b.get(i).copied().is_some_and(is_space_or_wide) {
        i += 1;
    }
    i
}

/// Are the letters `three` (any case) a month's first three ([`MONTHS`])?
fn is_month_start(three: [u8; 3]) -> bool {
    let three = three.map(|c| c.to_ascii_lowercase());
    MONTHS
        .iter()
        .any(|m| m.as_bytes().get(..3) == Some(&three[..]))
}

/// Complete explicit dates in `text`, in order: ISO dates, "November 21, 2021",
/// "Nov. 21 2021" and "21 November 2021", each within one line. A year that is really a time
/// ("26 February, 2000 GMT", "1400 hrs"), a distance ("1000m") or a life date ("born 5 April
/// 1920") does not make a date.
#[cfg(test)]
fn explicit_dates(text: &str) -> Vec<NaiveDate> {
    dated_lines(text).into_iter().map(|(d, _)| d).collect()
}

/// [`explicit_dates`] with the index of each date's line among the non-blank lines.
#[cfg(test)]
fn dated_lines(text: &str) -> Vec<(NaiveDate, usize)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        for d in line_dates(line) {
            out.push((d, n));
        }
    }
    out
}

/// Words that put a date in the past of a life, not on the page.
const LIFE: &[&str] = &[
    "born", "died", "b.", "d.", "birth", "death", "dies", "buried", "née", "nee",
];
/// Words after a year that make it a clock time.
const CLOCK: &[&str] = &[
    "gmt", "utc", "bst", "cet", "cest", "est", "edt", "pst", "pdt", "cst", "cdt", "hrs", "hours",
    "h", "local", "am", "pm", "a.m.", "p.m.", "m", "km", "metres", "meters",
];

fn line_dates(line: &str) -> Vec<NaiveDate> {
    if !may_hold_date(line) {
        return Vec::new();
    }
    dates_in(line, &tokens(line))
}

/// [`line_dates`] of `line` tokenized as `toks`.
fn dates_in(line: &str, toks: &[Tok<'_>]) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let num = |t: Option<&Tok>| match t {
        Some(Tok::Num(n)) if n.len() <= 4 => n.parse::<u32>().ok(),
        _ => None,
    };
    // The year at `i`, if it is one: not glued to letters ("1000m"), not followed by a clock
    // word or ":" and minutes.
    let year_at = |i: usize| -> Option<i32> {
        let y = year(toks.get(i))?;
        if let Some(Tok::Num(n)) = toks.get(i) {
            let end = n.as_ptr() as usize - line.as_ptr() as usize + n.len();
            if line[end..].starts_with(|c: char| c.is_alphanumeric()) {
                return None;
            }
        }
        match toks.get(i + 1) {
            Some(Tok::Punct(':')) if matches!(toks.get(i + 2), Some(Tok::Num(_))) => None,
            Some(Tok::Word(w)) if CLOCK.iter().any(|c| c.eq_ignore_ascii_case(w)) => None,
            _ => Some(y),
        }
    };
    let life = |i: usize| {
        toks[i.saturating_sub(4)..i].iter().any(|t| match t {
            Tok::Word(w) => LIFE.iter().any(|l| l.eq_ignore_ascii_case(w)),
            _ => false,
        })
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
            // (The day first: most words have no number after them.)
            Tok::Word(w) => num(toks.get(i + 1))
                .filter(|d| (1..=31).contains(d))
                .and_then(|d| {
                    let m = month_number(w)?;
                    let (yi, extra) = match toks.get(i + 2) {
                        Some(Tok::Punct(',')) => (i + 3, 4),
                        _ => (i + 2, 3),
                    };
                    let y = year_at(yi)?;
                    NaiveDate::from_ymd_opt(y, m, d).map(|dt| (dt, extra))
                }),
            // 21 November 2021
            Tok::Num(d) if d.len() <= 2 => match toks.get(i + 1) {
                Some(Tok::Word(w)) => month_number(w).and_then(|m| {
                    let (yi, extra) = match toks.get(i + 2) {
                        Some(Tok::Punct(',')) => (i + 3, 4),
                        _ => (i + 2, 3),
                    };
                    let y = year_at(yi)?;
                    NaiveDate::from_ymd_opt(y, m, d.parse().ok()?).map(|dt| (dt, extra))
                }),
                _ => None,
            },
            _ => None,
        };
        match found {
            Some((dt, used)) => {
                if !life(i) {
                    out.push(dt);
                }
                i += used;
            }
            None => i += 1,
        }
    }
    out
}

fn year(t: Option<&Tok>) -> Option<i32> {
    match t {
        Some(Tok::Num(y)) if y.len() == 4 => y.parse().ok().filter(|y| (1800..=2199).contains(y)),
        _ => None,
    }
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Is `w` (any case) a word that makes a date on a line something other than the page's
/// date: a maturity, the end of a period, a start ("a eurobond due March 30, 1990", "the year
/// ended March 31, 1985")? One `match` of the word lowercased on the stack (the longest has
/// ten letters), not a comparison with each.
fn not_dateline(w: &str) -> bool {
    let mut low = [0u8; 10];
    let Some(low) = low.get_mut(..w.len()) else {
        return false;
    };
    for (l, c) in low.iter_mut().zip(w.bytes()) {
        *l = c.to_ascii_lowercase();
    }
    matches!(
        &*low,
        b"due"
            | b"prior"
            | b"commencing"
            | b"beginning"
            | b"starting"
            | b"maturity"
            | b"redeemable"
            | b"redemption"
            | b"callable"
            | b"end"
            | b"through"
            | b"between"
            | b"begin"
            | b"began"
            | b"begins"
            | b"ended"
            | b"ending"
            | b"ends"
            | b"until"
            | b"till"
            | b"since"
            | b"from"
            | b"maturing"
            | b"matures"
            | b"expires"
            | b"expiring"
            | b"before"
            | b"after"
            | b"effective"
            | b"dated"
            | b"payable"
            | b"record"
    )
}

/// The document's date as the text gives it, when it gives a sure one: a dateline, that is a
/// complete date on one of the first three non-blank lines, a short line (at most 80
/// characters) that holds little besides the date (at most six other words, none of them a
/// word like "due" or "ended" that makes it another date); else the most frequent complete date
/// the text gives at least twice, counting only lines free of such words (a maturity or a fiscal
/// year's end is not the document's date).
pub fn infer_date(text: &str) -> Option<NaiveDate> {
    let mut after_as_of = false;
    // One token list for every line walked, each line tokenized once.
    let mut toks = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()).take(3) {
        let line = line.trim();
        let dated = line.chars().count() <= 80 && may_hold_date(line);
        // A line read for no date but whether it ends in "as of": its last words will do.
        let read = if dated || after_as_of {
            line
        } else {
            last_two_words(line)
        };
        tokens_into(read, &mut toks);
        // A date going on from a line that ends in "as of" is no dateline.
        if std::mem::replace(&mut after_as_of, as_of(&toks)) && opens_with_date(&toks) {
            continue;
        }
        if !dated {
            continue;
        }
        let Some(&d) = dates_in(line, &toks).first() else {
            continue;
        };
        let words: Vec<&str> = toks
            .iter()
            .filter_map(|t| match t {
                Tok::Word(w) if w.chars().any(char::is_alphabetic) => Some(*w),
                _ => None,
            })
            .collect();
        let other = words.iter().filter(|w| month_number(w).is_none()).count();
        let blocked = words.iter().any(|w| not_dateline(w));
        if other <= 6 && !blocked {
            return Some(d);
        }
    }
    // Else a date the running text gives at least twice, counting only lines without a word
    // that makes it another date (a maturity, a period's end): the most frequent.
    let mut counts: std::collections::HashMap<NaiveDate, (usize, usize)> =
        std::collections::HashMap::new();
    let mut seen = 0;
    // The line before: if it ends in such a word, or in "as of", a date opening this line is
    // another.
    let mut prev = "";
    for line in text.lines() {
        let before = std::mem::replace(&mut prev, line);
        if !may_hold_date(line) {
            continue;
        }
        tokens_into(line, &mut toks);
        let dates = dates_in(line, &toks);
        if dates.is_empty() {
            continue;
        }
        let blocked = toks.iter().enumerate().any(|(i, t)| match t {
            Tok::Word(w) => not_dateline(w) || as_of(&toks[..=i]),
            _ => false,
        });
        if blocked || (opens_with_date(&toks) && ends_not_dateline(before)) {
            continue;
        }
        for d in dates {
            counts.entry(d).or_insert((0, seen)).0 += 1;
            seen += 1;
        }
    }
    counts
        .into_iter()
        .filter(|&(_, (n, _))| n >= 2)
        .max_by_key(|&(_, (n, first))| (n, std::cmp::Reverse(first)))
        .map(|(d, _)| d)
}

/// `line` from the white space before its last two words (runs without white space) on, or
/// all of it: its tokens end as the whole line's do, two of them at least when it has two
/// (no token spans white space).
fn last_two_words(line: &str) -> &str {
    let mut end = line.len();
    for _ in 0..2 {
        match line[..end].trim_end().rfind(char::is_whitespace) {
            Some(at) => end = at,
            None => return line,
        }
    }
    &line[end..]
}

/// Do `toks` end in "as of" (a balance sheet's date, not the page's)?
fn as_of(toks: &[Tok<'_>]) -> bool {
    matches!(toks, [.., Tok::Word(a), Tok::Word(o)]
        if a.eq_ignore_ascii_case("as") && o.eq_ignore_ascii_case("of"))
}

/// Does the line tokenized as `toks` open with a number or a month's name (where a date it
/// gives starts)?
fn opens_with_date(toks: &[Tok<'_>]) -> bool {
    match toks.first() {
        Some(Tok::Num(_)) => true,
        Some(Tok::Word(w)) => month_number(w).is_some(),
        _ => false,
    }
}

/// Does `line` end in a word that makes a date after it another ([`not_dateline`]), or in
/// "as of"?
fn ends_not_dateline(line: &str) -> bool {
    let toks = tokens(line);
    as_of(&toks)
        || matches!(toks.last(), Some(Tok::Word(w))
            if not_dateline(w))
}

/// A complete date in a file's path: `2004/12/31/story.txt`, `2004-12-31-title.md`,
/// `news_2004_12_31.txt` (year 1800–2199, the parts separated by `/`, `-`, `_` or `.`).
pub fn date_from_path(path: &str) -> Option<NaiveDate> {
    let b = path.as_bytes();
    let digits_at = |i: usize, max: usize| -> usize {
        b[i..]
            .iter()
            .take(max)
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let mut i = 0;
    while i + 4 <= b.len() {
        let boundary = i == 0 || !b[i - 1].is_ascii_digit();
        if boundary && digits_at(i, 5) == 4 {
            let y: i32 = path[i..i + 4].parse().ok()?;
            let sep = b.get(i + 4).copied();
            if let Some(sep) = sep.filter(|c| matches!(c, b'/' | b'-' | b'_' | b'.')) {
                let m_at = i + 5;
                let ml = if m_at < b.len() {
                    digits_at(m_at, 3)
                } else {
                    0
                };
                if (1..=2).contains(&ml) && b.get(m_at + ml) == Some(&sep) {
                    let d_at = m_at + ml + 1;
                    let dl = if d_at < b.len() {
                        digits_at(d_at, 3)
                    } else {
                        0
                    };
                    if (1..=2).contains(&dl) && (1800..=2199).contains(&y) {
                        let m: u32 = path[m_at..m_at + ml].parse().ok()?;
                        let d: u32 = path[d_at..d_at + dl].parse().ok()?;
                        if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                            return Some(date);
                        }
                    }
                }
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    None
}

/// Where a document's date may come from, in the order tried (`[files] date_from`,
/// `--date-from`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateSource {
    /// The file's own date: the ` date YYYY-MM-DD ` header, front matter, HTML meta, a JSON field.
    Header,
    /// A complete date in the file's path (`2004/12/31/`, `2004-12-31-title.md`).
    Path,
    /// A sure date in the text (see [`infer_date`]).
    Text,
    /// The file's modification time.
    Mtime,
    /// No date (stops the list).
    None,
}

impl DateSource {
    /// Parses one source name: `header`, `path`, `text`, `mtime` or `none`.
    pub fn parse(s: &str) -> Option<DateSource> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "header" => DateSource::Header,
            "path" => DateSource::Path,
            "text" => DateSource::Text,
            "mtime" => DateSource::Mtime,
            "none" => DateSource::None,
            _ => return None,
        })
    }
}

/// The ordered list of date sources; the first that gives a date wins. Default: header, path,
/// text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateFrom(pub Vec<DateSource>);

/// [`DateFrom::default`]'s sources.
const DEFAULT_SOURCES: [DateSource; 3] = [DateSource::Header, DateSource::Path, DateSource::Text];

impl Default for DateFrom {
    fn default() -> Self {
        DateFrom(DEFAULT_SOURCES.to_vec())
    }
}

impl DateFrom {
    /// Parses a comma-separated list ("header,path,text"); an unknown name is an error that
    /// names it.
    pub fn parse_list(s: &str) -> Result<DateFrom, String> {
        let mut v = Vec::new();
        for part in s.split(',').filter(|p| !p.trim().is_empty()) {
            v.push(DateSource::parse(part).ok_or_else(|| {
                format!("unknown date source {part:?} (header, path, text, mtime, none)")
            })?);
        }
        Ok(DateFrom(v))
    }

    /// The date a document gets: (date, inferred). `header` is the file's own date, `path` the
    /// file's path, `text` the body, `mtime_ns` the file's modification time (0: unknown).
    pub fn decide(
        &self,
        header: Option<NaiveDate>,
        path: &str,
        text: &str,
        mtime_ns: u64,
    ) -> (Option<NaiveDate>, bool) {
        decide_from(&self.0, header, path, text, mtime_ns)
    }

    /// [`DateFrom::decide`] of the default sources, with no list made (the loaders' every
    /// document).
    pub(crate) fn decide_default(
        header: Option<NaiveDate>,
        path: &str,
        text: &str,
    ) -> (Option<NaiveDate>, bool) {
        decide_from(&DEFAULT_SOURCES, header, path, text, 0)
    }
}

/// [`DateFrom::decide`] from `sources`.
fn decide_from(
    sources: &[DateSource],
    header: Option<NaiveDate>,
    path: &str,
    text: &str,
    mtime_ns: u64,
) -> (Option<NaiveDate>, bool) {
    for s in sources {
        let got = match s {
            DateSource::Header => header.map(|d| (d, false)),
            DateSource::Path => date_from_path(path).map(|d| (d, true)),
            DateSource::Text => infer_date(text).map(|d| (d, true)),
            DateSource::Mtime => mtime_date(mtime_ns).map(|d| (d, true)),
            DateSource::None => return (None, false),
        };
        if let Some((d, inferred)) = got {
            return (Some(d), inferred);
        }
    }
    (None, false)
}

fn mtime_date(ns: u64) -> Option<NaiveDate> {
    if ns == 0 {
        return None;
    }
    chrono::DateTime::from_timestamp((ns / 1_000_000_000) as i64, 0).map(|t| t.date_naive())
}

#[cfg(test)]
mod tests;
