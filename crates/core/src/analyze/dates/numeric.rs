//! Dates that start with a number: ISO and US numeric dates ("2021-11-21", "11/21/2021"), a
//! day before its month ("21 November 2021"), decades, years and year ranges ("2011-12"), and
//! centuries ("the 19th century"). Beside the date rules, for length.

use super::*;

/// Words before a year used as a modifier ("a 2015 report", "her 2004 bid").
const MODIFIER_BEFORE: &[&str] = &[
    "a", "an", "his", "her", "its", "their", "our", "my", "your", "whose", "this", "that",
];

/// "2011-2012", "1961-62", "2011/12": (first year, last year).
fn year_range(n: &str) -> Option<(i32, i32)> {
    // Four digits, then the separator (0xE2 starts "–"): most numbers are no range, and are
    // told so without a search of their chars.
    if !matches!(n.as_bytes().get(4), Some(b'-' | b'/' | 0xE2)) {
        return None;
    }
    let (a, b) = n.split_once(['-', '/', '–'])?;
    if a.len() != 4 || !(b.len() == 2 || b.len() == 4) {
        return None;
    }
    let y = digits(a).filter(|y| (1000..=2199).contains(y))? as i32;
    let e = digits(b)? as i32;
    let e = if b.len() == 2 { y / 100 * 100 + e } else { e };
    (e > y && e - y <= 10).then_some((y, e))
}

/// "20th century", "19th-century", "twentieth century" at `i` (the ordinal): the century.
pub(super) fn century_at(t: &Tokens<'_>, i: usize) -> Option<(usize, Val)> {
    let w = t.norm(i);
    let n: i32 = match w {
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        _ if !w.starts_with(|c: char| c.is_ascii_digit()) => return None, // before 4 suffix tests
        _ => {
            let d = w
                .strip_suffix("th")
                .or_else(|| w.strip_suffix("st"))
                .or_else(|| w.strip_suffix("nd"))
                .or_else(|| w.strip_suffix("rd"))?;
            (d.len() == 2).then_some(())?;
            digits(d)? as i32
        }
    };
    if !(10..=22).contains(&n) {
        return None;
    }
    let mut j = i + 1;
    if t.is_punct(j, '-') {
        j += 1;
    }
    (t.is(j, "century")).then_some((j + 1, Val::Century(n - 1)))
}

/// "2021-11-21", "11/21/2021": the three parts between `-` or `/`, if there are three (not
/// collected in a list, an allocation for every number).
fn three_parts(n: &str) -> Option<(&str, &str, &str)> {
    // Most numbers have no separator to split on.
    if !n.bytes().any(|b| b == b'-' || b == b'/') {
        return None;
    }
    let mut parts = n.split(['-', '/']);
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(a), Some(b), Some(c), None) => Some((a, b, c)),
        _ => None,
    }
}

/// Dates starting with a number: ISO, US numeric, "21 November 2021", decades, years.
pub(super) fn num_date(
    t: &Tokens<'_>,
    i: usize,
    anchor: Option<NaiveDate>,
    out: &[DateMention],
) -> Option<(usize, Val)> {
    if i >= t.len() || t.toks[i].kind != Kind::Num {
        return None;
    }
    let n = t.norm(i);
    // ISO 2021-11-21 or 2021/11/21.
    if let Some((a, b, c)) = three_parts(n) {
        if let (Some(n0), Some(n1), Some(n2)) = (digits(a), digits(b), digits(c)) {
            let nums = (n0, n1, n2);
            if a.len() == 4 {
                return ymd(nums.0 as i32, nums.1, nums.2).map(|d| (i + 1, Val::Day(d)));
            }
            if c.len() == 4 && n.contains('/') {
                // US order: month/day/year.
                return ymd(nums.2 as i32, nums.0, nums.1).map(|d| (i + 1, Val::Day(d)));
            }
            if c.len() == 2 && a.len() <= 2 && b.len() <= 2 && !n.contains('-') {
                // "7/8/07": month/day/two-digit year (1950–2049).
                let y = nums.2 as i32;
                let y = if y < 50 { 2000 + y } else { 1900 + y };
                return ymd(y, nums.0, nums.1).map(|d| (i + 1, Val::Day(d)));
            }
            return None;
        }
    }
    // "21 November 2021", "21 Nov".
    if let Some(d) = day_at(t, i) {
        if let Some((m, e)) = month_at(t, i + 1) {
            let mut j = e;
            if t.is_punct(j, ',') && counts::year_after(t, j + 1).is_some() {
                j += 1;
            }
            if let Some(y) = counts::year_after(t, j) {
                return ymd(y, m, d).map(|date| (j + 1, Val::Day(date)));
            }
            // "3 May" needs care: "3 May" is fine, May after a number is a month.
            let v = anchor.map_or(Val::Unresolved, |a| nearest_day(a, m, d));
            return Some((e, v));
        }
    }
    // Centuries: "the 20th century", "the 19th-century".
    if let Some(c) = century_at(t, i) {
        return Some(c);
    }
    // Year ranges: "2011-2012", "1961-62" (one token), a year each.
    if let Some((a, _)) = year_range(n) {
        let prev = prev_word(t, i);
        let ctx = i > 0 && (date_prep(prev) || MODIFIER_BEFORE.contains(&prev) || prev == "the");
        return ctx.then_some((i + 1, Val::Year(a)));
    }
    // Decades: "the 1990s", "the late 1990s", "mid-1990s", "the 1970s and 1980s"; written
    // short, "the 70s", "'80s".
    if let Some(v) = periods::short_decade(t, i, anchor, date_just_before(out, i)) {
        return Some((i + 1, v));
    }
    if n.len() == 5 && n.ends_with('s') {
        if let Some(y) = digits(&n[..4]) {
            let prev = prev_word(t, i);
            let ctx = matches!(prev, "the" | "early" | "late" | "mid")
                || (prev == "-" && t.is(i.wrapping_sub(2), "mid"))
                || (COORD.contains(&prev) && date_just_before(out, i));
            if (1000..=2190).contains(&y) && y % 10 == 0 && ctx {
                return Some((i + 1, Val::Decade(y as i32 / 10)));
            }
        }
        return None;
    }
    let y = year_at(t, i)?;
    let prev = prev_word(t, i);
    let next_lower = i + 1 < t.len() && t.is_lower_word(i + 1);
    if counts::not_a_year(t, i, y) {
        return None;
    }
    let ok = if i == 0 {
        false
    } else if COORD.contains(&prev) || prev == "," {
        date_just_before(out, i)
    } else if matches!(prev, "of" | "by" | "around" | "to") {
        !next_lower
            || matches!(
                t.norm(i + 1),
                "and" | "or" | "when" | "as" | "after" | "before"
            )
    } else if prev == "the" || MODIFIER_BEFORE.contains(&prev) {
        // "the 2018 election", "a 2015 report", "her 2004 bid", "the 2008 Beijing Olympics"
        next_lower || name_after(t, i, y)
    } else if t.toks[i - 1].kind == Kind::Poss {
        // "Britain's 2004 budget"
        next_lower || name_after(t, i, y)
    } else if prev == "(" {
        t.is_punct(i + 1, ')')
    } else {
        t.toks[i - 1].kind == Kind::Word && date_prep(prev)
    };
    ok.then_some((i + 1, Val::Year(y)))
}

/// A modern year before a capitalized word names that year's edition of something: "the 2008
/// Beijing Olympics", "her 2016 Senate run" (not "the 2000 GMT" bulletin: capitals are no name).
fn name_after(t: &Tokens<'_>, i: usize, y: i32) -> bool {
    (1900..=2100).contains(&y)
        && i + 1 < t.len()
        && t.toks[i + 1].kind == Kind::Word
        && t.toks[i + 1].cap
        && !t.toks[i + 1].upper
        && t.toks[i + 1].nl_before == 0
}
