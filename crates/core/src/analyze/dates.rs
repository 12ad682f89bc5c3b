//! Date mentions and their normalized values.
//!
//! Recognizes absolute dates (ISO `2021-11-21`, `11/21/2021`, "November 21, 2021", "21 November
//! 2021", "Nov. 21", "May 2021", bare months after a preposition, years in date context, decades,
//! quarters and seasons — the last three in `periods`)
//! and relative ones (weekdays, "this week", "last month", "later this month", "last year",
//! "two years ago", "yesterday", "today", "next Wednesday"), resolved against the document date.
//!
//! Span conventions follow the project's gold: prepositions are left out ("on Sunday" →
//! "Sunday"), modifiers that change the value are kept ("last year", "later this month", "next
//! Wednesday"). Durations ("four years", "the last decade") and clock times ("7 a.m.") are not
//! dates. Values are `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-Www`, a decade `YYYX` or a century
//! `YYXX` (ISO 8601-2 unspecified digits), a quarter `YYYY-Qn` or a season `YYYY-SU` (TimeML).

use super::tokenize::{Kind, Tokens};
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// One date mention: a token range and its resolved value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// Token range, end exclusive.
    pub tok_start: usize,
    pub tok_end: usize,
    /// Byte range in the tokenized text.
    pub start: usize,
    pub end: usize,
    /// Normalized value, or `None` when there is no anchor to resolve it.
    pub value: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Val {
    Day(NaiveDate),
    Month(i32, u32),
    Year(i32),
    Week(NaiveDate),
    Decade(i32),
    Century(i32),
    /// A year's quarter, 1 to 4.
    Quarter(i32, u32),
    /// A season by TimeML's code (SP, SU, FA, WI), in the year it begins.
    Season(i32, &'static str),
    Unresolved,
}

const MONTH_ABBR: [(&str, u32); 12] = [
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];
const WEEKDAY_ABBR: [(&str, Weekday); 11] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("tues", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("thur", Weekday::Thu),
    ("thurs", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
    ("weds", Weekday::Wed),
];

/// Prepositions and modifiers that make a bare month or a year a date.
fn date_prep(w: &str) -> bool {
    // A `match` (by length, then bytes), not a scan of a list: asked of most years.
    matches!(
        w,
        "in" | "for"
            | "since"
            | "until"
            | "till"
            | "by"
            | "from"
            | "during"
            | "through"
            | "throughout"
            | "before"
            | "after"
            | "early"
            | "late"
            | "mid"
            | "of"
            | "between"
            | "last"
            | "next"
            | "this"
            | "around"
            | "circa"
            | "fiscal"
            | "year"
            | "end"
            | "spring"
            | "summer"
            | "autumn"
            | "fall"
            | "winter"
            | "on"
            | "as"
    )
}
/// Prepositions after which a number is only a year when a date came just before
/// ("in 2018 and 2020", "from May to June").
const COORD: &[&str] = &["and", "or", "to", "-", "–", "through"];

const NUMBER_WORDS: &[(&str, i64)] = &[
    ("a", 1),
    ("an", 1),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fifteen", 15),
    ("twenty", 20),
    ("thirty", 30),
    ("fifty", 50),
    ("hundred", 100),
];

fn month_at(t: &Tokens<'_>, i: usize) -> Option<(u32, usize)> {
    if i >= t.len() || t.toks[i].kind != Kind::Word || !t.toks[i].cap {
        return None;
    }
    let w = t.norm(i);
    if !(3..=9).contains(&w.len()) {
        return None;
    }
    if let Some(m) = full_month(w) {
        return Some((m, i + 1));
    }
    let (_, m) = MONTH_ABBR.iter().find(|(a, _)| *a == w)?;
    // Abbreviations only with their period ("Nov. 21") or right before a number ("Nov 21").
    if t.is_punct(i + 1, '.') && !t.toks[i + 1].space_before {
        return Some((*m, i + 2));
    }
    if i + 1 < t.len() && t.toks[i + 1].kind == Kind::Num {
        return Some((*m, i + 1));
    }
    None
}

/// Does the capitalized word `w` (folded) before a weekday make the two one name of a day
/// ("Black Friday", "Super Tuesday", "Easter Monday")? A common word or a feast does, but not
/// a time word ("Earlier Saturday", "By Friday") nor a proper name: wire copy writes the day
/// straight after a place or a person ("released in Mogadishu Friday", "Yeutter Monday
/// said"), and the name stays a name beside the date.
fn names_a_day(w: &str) -> bool {
    if matches!(
        w,
        "on" | "by"
            | "since"
            | "until"
            | "till"
            | "from"
            | "before"
            | "after"
            | "every"
            | "each"
            | "earlier"
            | "later"
            | "late"
            | "early"
            | "last"
            | "next"
            | "this"
            | "that"
            | "through"
            | "utc"
            | "gmt"
            | "est"
            | "edt"
            | "pst"
            | "bst"
            | "cet"
    ) {
        return false;
    }
    // The common-word list holds frequent proper names too ("geneva"): a gazetteer name is
    // a place or a body, not part of a day's name.
    let lex = super::lexicon::get();
    matches!(
        w,
        "easter" | "shrove" | "maundy" | "whit" | "mothering" | "cyber" | "giving"
    ) || (lex.is_common(w) && lex.lookup(w).is_none())
}

fn weekday_at(t: &Tokens<'_>, i: usize) -> Option<(Weekday, usize)> {
    if i >= t.len() || t.toks[i].kind != Kind::Word || !t.toks[i].cap {
        return None;
    }
    let w = t.norm(i);
    if !(3..=9).contains(&w.len()) {
        return None;
    }
    if let Some(d) = full_weekday(w) {
        return Some((d, i + 1));
    }
    if let Some((_, d)) = WEEKDAY_ABBR.iter().find(|(n, _)| *n == w) {
        if t.is_punct(i + 1, '.') && !t.toks[i + 1].space_before {
            return Some((*d, i + 2));
        }
    }
    None
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn day_at(t: &Tokens<'_>, i: usize) -> Option<u32> {
    if i >= t.len() || t.toks[i].kind != Kind::Num {
        return None;
    }
    let n = t.norm(i);
    let n = n
        .strip_suffix("st")
        .or_else(|| n.strip_suffix("nd"))
        .or_else(|| n.strip_suffix("rd"))
        .or_else(|| n.strip_suffix("th"))
        .unwrap_or(n);
    if n.len() > 2 {
        return None;
    }
    digits(n).filter(|d| (1..=31).contains(d))
}

fn year_at(t: &Tokens<'_>, i: usize) -> Option<i32> {
    if i >= t.len() || t.toks[i].kind != Kind::Num {
        return None;
    }
    let n = t.norm(i);
    if n.len() != 4 {
        return None;
    }
    digits(n)
        .filter(|y| (1000..=2199).contains(y))
        .map(|y| y as i32)
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn add_months(y: i32, m: u32, delta: i64) -> (i32, u32) {
    let idx = y as i64 * 12 + (m as i64 - 1) + delta;
    (idx.div_euclid(12) as i32, idx.rem_euclid(12) as u32 + 1)
}

/// The month-and-day nearest the anchor (within the year before, of, or after it).
fn nearest_day(anchor: NaiveDate, m: u32, d: u32) -> Val {
    let mut best: Option<(i64, NaiveDate)> = None;
    for y in [anchor.year(), anchor.year() - 1, anchor.year() + 1] {
        if let Some(date) = ymd(y, m, d) {
            let dist = (date - anchor).num_days().abs();
            if best.is_none_or(|(b, _)| dist < b) {
                best = Some((dist, date));
            }
        }
    }
    best.map_or(Val::Unresolved, |(_, d)| Val::Day(d))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    Nearest,
    Last,
    Next,
    This,
    Past,
    Future,
}

fn month_value(anchor: Option<NaiveDate>, m: u32, dir: Dir) -> Val {
    let Some(a) = anchor else {
        return Val::Unresolved;
    };
    let here = a.year() * 12 + a.month() as i32 - 1;
    let cands = [a.year(), a.year() - 1, a.year() + 1];
    let idx = |y: i32| y * 12 + m as i32 - 1;
    let pick = match dir {
        Dir::Last => (a.year() - 2..=a.year())
            .rev()
            .find(|&y| idx(y) < here)
            .unwrap_or(a.year() - 1),
        Dir::Next => (a.year()..=a.year() + 2)
            .find(|&y| idx(y) > here)
            .unwrap_or(a.year() + 1),
        Dir::This => a.year(),
        // The latest such month up to the anchor's own, the first from it on.
        Dir::Past => (a.year() - 1..=a.year())
            .rev()
            .find(|&y| idx(y) <= here)
            .unwrap_or(a.year() - 1),
        Dir::Future => (a.year()..=a.year() + 1)
            .find(|&y| idx(y) >= here)
            .unwrap_or(a.year() + 1),
        _ => {
            let mut best = a.year();
            let mut bd = i32::MAX;
            for y in cands {
                let dist = (idx(y) - here).abs();
                if dist < bd {
                    bd = dist;
                    best = y;
                }
            }
            best
        }
    };
    Val::Month(pick, m)
}

fn weekday_value(anchor: Option<NaiveDate>, wd: Weekday, dir: Dir) -> Val {
    let Some(a) = anchor else {
        return Val::Unresolved;
    };
    let cur = a.weekday().num_days_from_monday() as i64;
    let want = wd.num_days_from_monday() as i64;
    let back = (cur - want).rem_euclid(7); // days back to the most recent such day (0 = today)
    let fwd = (want - cur).rem_euclid(7);
    let d = match dir {
        Dir::Last => a - Duration::days(if back == 0 { 7 } else { back }),
        Dir::Next => a + Duration::days(if fwd == 0 { 7 } else { fwd }),
        Dir::This => a + Duration::days(want - cur),
        Dir::Future => a + Duration::days(fwd),
        _ => a - Duration::days(back),
    };
    Val::Day(d)
}

/// Does the sentence around token `i` speak of the future before it ("will ... on Monday")?
fn future_tense(t: &Tokens<'_>, i: usize) -> bool {
    let lo = i.saturating_sub(12);
    for j in (lo..i).rev() {
        let w = t.norm(j);
        if matches!(
            w,
            "will"
                | "shall"
                | "scheduled"
                | "upcoming"
                | "expected"
                | "due"
                | "plans"
                | "planned"
                | "tomorrow"
        ) || w.ends_with("'ll")
        {
            return true;
        }
        if t.toks[j].sent_start {
            break;
        }
    }
    false
}

/// Words that make a month named after them the next one.
const AHEAD_WORDS: &[&str] = &[
    "will",
    "shall",
    "should",
    "would",
    "could",
    "might",
    "scheduled",
    "upcoming",
    "planned",
    "expected",
];

/// Does the sentence before a month named alone look ahead ("will close in October", "should be
/// completed in October")? Auxiliaries only: "plans announced in January" is the past.
fn month_ahead(t: &Tokens<'_>, i: usize) -> bool {
    let lo = i.saturating_sub(10);
    for j in (lo..i).rev() {
        let w = t.norm(j);
        if AHEAD_WORDS.contains(&w) || w.ends_with("'ll") {
            return true;
        }
        if t.toks[j].sent_start {
            break;
        }
    }
    false
}

/// Irregular past-tense verbs ("said will …" may look ahead, so not reporting verbs).
const PAST_VERBS: &[&str] = &[
    "was", "were", "had", "did", "fell", "rose", "began", "came", "went", "took", "made", "won",
    "lost", "saw", "left", "met", "became", "held", "sold", "bought", "grew", "gave", "got", "ran",
    "paid", "ago",
];

/// Does a past-tense verb ("-ed", or irregular; not "said") precede a month named alone?
fn month_past(t: &Tokens<'_>, i: usize) -> bool {
    let lo = i.saturating_sub(10);
    for j in (lo..i).rev() {
        if t.toks[j].kind == Kind::Word && !t.toks[j].cap || t.toks[j].sent_start {
            let w = t.norm(j);
            if (w.len() > 4 && w.ends_with("ed") && !matches!(w, "need" | "indeed" | "proceed"))
                || PAST_VERBS.contains(&w)
            {
                return true;
            }
        }
        if t.toks[j].sent_start {
            break;
        }
    }
    false
}

/// Is there a second-person pronoun in the paragraph of token `i` (an appeal to the reader,
/// "Become a member today", where "today" is not a date of the news)?
fn addresses_reader(t: &Tokens<'_>, i: usize) -> bool {
    let mut a = i;
    while a > 0 && t.toks[a].nl_before == 0 && i - a < 60 {
        a -= 1;
    }
    let mut b = i + 1;
    while b < t.len() && t.toks[b].nl_before == 0 && b - i < 60 {
        b += 1;
    }
    (a..b).any(|j| matches!(t.norm(j), "you" | "your" | "you're" | "you've"))
}

fn number_word(t: &Tokens<'_>, i: usize) -> Option<i64> {
    if i >= t.len() {
        return None;
    }
    if t.toks[i].kind == Kind::Num {
        return digits(t.norm(i)).map(i64::from).filter(|n| *n <= 200);
    }
    let w = t.norm(i);
    NUMBER_WORDS.iter().find(|(n, _)| *n == w).map(|(_, v)| *v)
}

/// Finds every date mention in `t`, resolving relative dates against `anchor`.
pub fn find(t: &Tokens<'_>, anchor: Option<NaiveDate>) -> Vec<DateMention> {
    let mut out: Vec<DateMention> = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if !starts::may_start(t, i) {
            i += 1;
            continue;
        }
        if let Some((end, val)) = match_at(t, i, anchor, &out) {
            let end = end.max(i + 1).min(t.len());
            out.push(DateMention {
                tok_start: i,
                tok_end: end,
                start: t.toks[i].start,
                end: t.toks[end - 1].end,
                value: val.format(),
            });
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Was there a date mention ending within two tokens before `i`?
fn date_just_before(out: &[DateMention], i: usize) -> bool {
    out.last()
        .is_some_and(|d| d.tok_end + 2 >= i && d.tok_end <= i)
}

fn prev_word<'a>(t: &'a Tokens<'_>, i: usize) -> &'a str {
    if i == 0 {
        ""
    } else {
        t.norm(i - 1)
    }
}

/// A date starting at token `i`, one [`starts::may_start`] lets through: (end token, value).
fn match_at(
    t: &Tokens<'_>,
    i: usize,
    anchor: Option<NaiveDate>,
    out: &[DateMention],
) -> Option<(usize, Val)> {
    let tok = &t.toks[i];
    match tok.kind {
        Kind::Num => {
            if t.is(i + 2, "ago") {
                if let Some(v) = number_word(t, i).and_then(|n| ago(t, i + 1, n, anchor)) {
                    return Some((i + 3, v));
                }
            }
            num_date(t, i, anchor, out)
        }
        Kind::Word => {
            let w = t.norm(i);
            // "the" (a word in ten) starts only a quarter ("the third quarter") or a day beside
            // the anchor ("the previous day"), told apart by the word after it; the rules
            // below that try every word would all say no.
            if w == "the" {
                let next = t.norm(i + 1);
                return if periods::quarter_ordinal(next).is_some() {
                    periods::quarter_at(t, i, anchor)
                } else {
                    anchored_relative(t, i, next, anchor)
                };
            }
            // Modifiers: last / next / this / coming / early / late / mid / earlier / later.
            match w {
                "last" | "next" | "this" | "coming" | "past" => {
                    let dir = match w {
                        "last" | "past" => Dir::Last,
                        "next" | "coming" => Dir::Next,
                        _ => Dir::This,
                    };
                    if let Some((wd, e)) = weekday_at(t, i + 1) {
                        if w == "past" {
                            return None;
                        }
                        return Some((e, weekday_value(anchor, wd, dir)));
                    }
                    if let Some((m, e)) = month_at(t, i + 1) {
                        if w == "past" || day_at(t, e).is_some() {
                            return None;
                        }
                        return Some((e, month_value(anchor, m, dir)));
                    }
                    if w == "past" || w == "coming" {
                        return None;
                    }
                    if let Some(s) = periods::season_at(t, i + 1, Some(w), anchor) {
                        return Some(s);
                    }
                    return relative_unit(t, i + 1, anchor, dir).map(|v| (i + 2, v));
                }
                "earlier" | "later" if t.is(i + 1, "this") => {
                    return relative_unit(t, i + 2, anchor, Dir::This).map(|v| (i + 3, v));
                }
                "early" | "late" | "mid" => {
                    let mut j = i + 1;
                    if w == "mid" && t.is_punct(j, '-') {
                        j += 1;
                    }
                    if let Some((m, e)) = month_at(t, j) {
                        if let Some(y) = counts::year_after(t, e) {
                            return Some((e + 1, Val::Month(y, m)));
                        }
                        if day_at(t, e).is_none() {
                            return Some((e, month_value(anchor, m, Dir::Nearest)));
                        }
                    }
                    return periods::season_at(t, j, Some(w), anchor);
                }
                "today" => {
                    if addresses_reader(t, i) {
                        return None;
                    }
                    return Some((i + 1, anchor.map_or(Val::Unresolved, Val::Day)));
                }
                "yesterday" => {
                    return Some((
                        i + 1,
                        anchor.map_or(Val::Unresolved, |a| Val::Day(a - Duration::days(1))),
                    ))
                }
                "tomorrow" => {
                    return Some((
                        i + 1,
                        anchor.map_or(Val::Unresolved, |a| Val::Day(a + Duration::days(1))),
                    ))
                }
                _ => {}
            }
            // Most words start none of the dates below ("two years ago" aside, a lowercase word
            // starts one only as a period; weekdays and months are capitalized).
            if !tok.cap && !t.is(i + 2, "ago") && !periods::may_start_period(w) {
                return None;
            }
            if let Some(c) = century_at(t, i) {
                return Some(c);
            }
            if let Some(q) = periods::quarter_at(t, i, anchor) {
                return Some(q);
            }
            if let Some(s) = periods::season_at(t, i, None, anchor) {
                return Some(s);
            }
            // "two years ago"
            if t.is(i + 2, "ago") {
                if let Some(v) = number_word(t, i).and_then(|n| ago(t, i + 1, n, anchor)) {
                    return Some((i + 3, v));
                }
            }
            if let Some((wd, e)) = weekday_at(t, i) {
                // "Sunday Times", "Black Friday": part of a name.
                if e < t.len()
                    && t.toks[e].cap
                    && month_at(t, e).is_none()
                    && t.toks[e].nl_before == 0
                {
                    return None;
                }
                if i > 0
                    && t.toks[i - 1].cap
                    && !t.toks[i].sent_start
                    && t.toks[i - 1].kind == Kind::Word
                    && names_a_day(t.norm(i - 1))
                {
                    return None;
                }
                // "Sunday, November 21, 2021": one mention.
                let mut j = e;
                if t.is_punct(j, ',') {
                    j += 1;
                }
                if let Some((end, v)) = month_date(t, j, anchor, true) {
                    return Some((end, v));
                }
                if let Some((end, v)) = num_date(t, j, anchor, out) {
                    // A day ("Saturday, 26 February", resolved or not), never a bare year.
                    if matches!(v, Val::Day(_)) || (matches!(v, Val::Unresolved) && end > j + 1) {
                        return Some((end, v));
                    }
                }
                let dir = if future_tense(t, i) {
                    Dir::Future
                } else {
                    Dir::Past
                };
                return Some((e, weekday_value(anchor, wd, dir)));
            }
            if month_at(t, i).is_some() {
                return month_date(t, i, anchor, false).or_else(|| bare_month(t, i, anchor, out));
            }
            None
        }
        _ => None,
    }
}

/// "the previous day", "the next day", "the following week", "the day before": relative to the
/// document date (`i` is "the", `next` the word after it).
fn anchored_relative(
    t: &Tokens<'_>,
    i: usize,
    next: &str,
    anchor: Option<NaiveDate>,
) -> Option<(usize, Val)> {
    let (step, unit) = match next {
        "previous" | "preceding" => (-1, t.norm(i + 2)),
        "next" | "following" => (1, t.norm(i + 2)),
        "day" => match t.norm(i + 2) {
            "before" => (-1, "day"),
            "after" => (1, "day"),
            _ => return None,
        },
        _ => return None,
    };
    let end = i + 3;
    if end > t.len() || !t.toks[i + 1].kind.eq(&Kind::Word) {
        return None;
    }
    // "the day before the vote": relative to an event, not the document.
    if next == "day" && (t.is(end, "the") || t.is(end, "his") || t.is(end, "her")) {
        return None;
    }
    if !matches!(unit, "day" | "week" | "month" | "year") {
        return None;
    }
    let Some(a) = anchor else {
        return Some((end, Val::Unresolved));
    };
    Some((
        end,
        match unit {
            "day" => Val::Day(a + Duration::days(step)),
            "week" => Val::Week(a + Duration::days(7 * step)),
            "month" => {
                let (y, m) = add_months(a.year(), a.month(), step);
                Val::Month(y, m)
            }
            _ => Val::Year(a.year() + step as i32),
        },
    ))
}

/// "week", "month", "year" after a modifier.
fn relative_unit(t: &Tokens<'_>, i: usize, anchor: Option<NaiveDate>, dir: Dir) -> Option<Val> {
    if i >= t.len() {
        return None;
    }
    let unit = t.norm(i);
    if !matches!(unit, "week" | "weekend" | "month" | "year") {
        return None;
    }
    // "this year's" is fine; "last year alone"? fine too. "the last year" is a duration.
    if i >= 2 && t.is(i - 2, "the") {
        return None;
    }
    let Some(a) = anchor else {
        return Some(Val::Unresolved);
    };
    let step: i64 = match dir {
        Dir::Last => -1,
        Dir::Next => 1,
        _ => 0,
    };
    Some(match unit {
        // "this weekend": the week it falls in (TimeML gives its week).
        "week" | "weekend" => Val::Week(a + Duration::days(7 * step)),
        "month" => {
            let (y, m) = add_months(a.year(), a.month(), step);
            Val::Month(y, m)
        }
        _ => Val::Year(a.year() + step as i32),
    })
}

/// "<n> years/months/weeks/days ago".
fn ago(t: &Tokens<'_>, i: usize, n: i64, anchor: Option<NaiveDate>) -> Option<Val> {
    if !t.is(i + 1, "ago") {
        return None;
    }
    let unit = t.norm(i);
    let unit = unit.strip_suffix('s').unwrap_or(unit);
    if !matches!(unit, "year" | "month" | "week" | "day") {
        return None;
    }
    let Some(a) = anchor else {
        return Some(Val::Unresolved);
    };
    Some(match unit {
        "year" => Val::Year(a.year() - n as i32),
        "month" => {
            let (y, m) = add_months(a.year(), a.month(), -n);
            Val::Month(y, m)
        }
        "week" => Val::Week(a - Duration::days(7 * n)),
        _ => Val::Day(a - Duration::days(n)),
    })
}

/// "November 21, 2021", "Nov. 21", "May 2021" starting at a month token.
fn month_date(
    t: &Tokens<'_>,
    i: usize,
    anchor: Option<NaiveDate>,
    after_weekday: bool,
) -> Option<(usize, Val)> {
    let (m, e) = month_at(t, i)?;
    if let Some(d) = day_at(t, e) {
        let mut j = e + 1;
        if t.is_punct(j, ',') {
            j += 1;
        }
        if let Some(y) = counts::year_after(t, j) {
            return ymd(y, m, d).map(|date| (j + 1, Val::Day(date)));
        }
        let v = anchor.map_or(Val::Unresolved, |a| nearest_day(a, m, d));
        return Some((e + 1, v));
    }
    if let Some(y) = counts::year_after(t, e) {
        return Some((e + 1, Val::Month(y, m)));
    }
    if t.is(e, "of") {
        if let Some(y) = counts::year_after(t, e + 1) {
            return Some((e + 2, Val::Month(y, m)));
        }
    }
    if after_weekday {
        return None;
    }
    None
}

/// A month named alone ("in June", "November's elections").
fn bare_month(
    t: &Tokens<'_>,
    i: usize,
    anchor: Option<NaiveDate>,
    out: &[DateMention],
) -> Option<(usize, Val)> {
    let (m, e) = month_at(t, i)?;
    let prev = prev_word(t, i);
    let prep = i > 0 && t.toks[i - 1].kind == Kind::Word && date_prep(prev)
        || COORD.contains(&prev) && date_just_before(out, i);
    let ambiguous = matches!(m, 3 | 5) || t.norm(i) == "august";
    if !prep {
        if ambiguous || t.toks[i].sent_start {
            return None;
        }
        // "June Carter", "Theresa May": part of a name.
        if e < t.len() && t.toks[e].cap && t.toks[e].kind == Kind::Word && t.toks[e].nl_before == 0
        {
            return None;
        }
        if i > 0 && t.toks[i - 1].cap && t.toks[i - 1].kind == Kind::Word {
            return None;
        }
    }
    // News reports what happened: a month named alone is the latest one up to the document's
    // ("in October" in a March story is last October) unless the sentence speaks of the future.
    let dir = if month_ahead(t, i) {
        Dir::Future
    } else if month_past(t, i) {
        Dir::Past
    } else {
        Dir::Nearest
    };
    Some((e, month_value(anchor, m, dir)))
}

mod counts;
mod format;
mod numeric;
use numeric::{century_at, num_date};
mod periods;
mod starts;
use starts::{full_month, full_weekday};
#[cfg(test)]
mod tests;
