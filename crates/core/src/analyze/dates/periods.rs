//! Dates that name a period rather than a day or a month: quarters ("the third quarter of
//! 2009", "third-quarter results", "Q3"), seasons ("last summer", "in the spring of 2008") and
//! decades written short ("the 70s", "'80s"). Beside the date rules, for length.

use super::{future_tense, year_at, Val};
use super::{Kind, Tokens};
use chrono::{Datelike, NaiveDate};

/// The season words and their codes (TimeML's SP, SU, FA, WI) and first months.
pub(super) const SEASONS: &[(&str, &str, u32)] = &[
    ("spring", "SP", 3),
    ("summer", "SU", 6),
    ("autumn", "FA", 9),
    ("fall", "FA", 9),
    ("winter", "WI", 12),
];

fn season(w: &str) -> Option<(&'static str, u32)> {
    SEASONS
        .iter()
        .find(|(s, _, _)| *s == w)
        .map(|(_, code, month)| (*code, *month))
}

/// Can the lowercase word `w` start a century ("nineteenth century", "19th-century"), a quarter
/// ("the third quarter"), a season or "the previous day"? What `century_at`, [`quarter_at`],
/// [`season_at`] and `anchored_relative` need of a word that is not capitalized: the date rules
/// skip the rest of the words without calling each of them.
pub(super) fn may_start_period(w: &str) -> bool {
    w.as_bytes().first().is_some_and(u8::is_ascii_digit)
        || season(w).is_some()
        || matches!(
            w,
            "the"
                | "eighteenth"
                | "nineteenth"
                | "twentieth"
                | "first"
                | "1st"
                | "second"
                | "2nd"
                | "third"
                | "3rd"
                | "fourth"
                | "4th"
                | "final"
        )
}

/// The quarter an ordinal names ("third", "3rd", "final"), if it names one.
pub(super) fn quarter_ordinal(w: &str) -> Option<u32> {
    // Bytes: a test of the length, then of each byte (the word after every "the").
    Some(match w.as_bytes() {
        b"first" | b"1st" => 1,
        b"second" | b"2nd" => 2,
        b"third" | b"3rd" => 3,
        b"fourth" | b"4th" | b"final" => 4,
        _ => return None,
    })
}

/// "of 2009", "of this year", "of last year", "of next year" at `j`: (end, year).
fn of_year(t: &Tokens<'_>, j: usize, anchor: Option<NaiveDate>) -> Option<(usize, Option<i32>)> {
    if !t.is(j, "of") {
        return None;
    }
    if let Some(y) = year_at(t, j + 1) {
        return Some((j + 2, Some(y)));
    }
    let step = match t.norm(j + 1) {
        "this" => 0,
        "last" => -1,
        "next" => 1,
        _ => return None,
    };
    t.is(j + 2, "year")
        .then(|| (j + 3, anchor.map(|a| a.year() + step)))
}

/// A quarter at `i` ("the third quarter", "third-quarter", "the fourth quarter of this year",
/// "Q3 2009"): (end, value). Without a year it is the anchor's, or the year before when that
/// quarter has not begun by the anchor and nothing speaks of the future.
pub(super) fn quarter_at(
    t: &Tokens<'_>,
    i: usize,
    anchor: Option<NaiveDate>,
) -> Option<(usize, Val)> {
    let w = t.norm(i);
    let (q, mut j) = if let Some(q) = w
        .strip_prefix('q')
        .and_then(|d| d.parse::<u32>().ok())
        .filter(|q| w.len() == 2 && (1..=4).contains(q))
    {
        if !t.toks[i].cap {
            return None;
        }
        (q, i + 1)
    } else {
        let mut j = i;
        if w == "the" {
            j += 1;
        }
        let q = quarter_ordinal(t.norm(j))?;
        if t.toks[j].kind != Kind::Word && t.toks[j].kind != Kind::Num {
            return None;
        }
        j += 1;
        if t.is_punct(j, '-') && !t.toks[j].space_before {
            j += 1;
        }
        if !t.is(j, "quarter") {
            return None;
        }
        (q, j + 1)
    };
    // "scored 24 points in the third quarter": a game's quarter, not the year's.
    let game = |k: usize| {
        matches!(
            t.norm(k),
            "halftime"
                | "touchdown"
                | "touchdowns"
                | "quarterback"
                | "scored"
                | "scoring"
                | "yards"
                | "interception"
                | "buzzer"
                | "rebounds"
                | "overtime"
        )
    };
    if (i.saturating_sub(15)..(j + 15).min(t.len())).any(game) {
        return None;
    }
    let year = if let Some((end, y)) = of_year(t, j, anchor) {
        j = end;
        y
    } else if let Some(y) = year_at(t, j) {
        j += 1;
        Some(y)
    } else {
        anchor.map(|a| {
            let begun = (q - 1) * 3 < a.month();
            if begun || future_tense(t, i) {
                a.year()
            } else {
                a.year() - 1
            }
        })
    };
    Some((j, year.map_or(Val::Unresolved, |y| Val::Quarter(y, q))))
}

/// A season at `i`, the word after "this"/"last"/"next"/"early"/"late" or after "in (the)",
/// or followed by "of 2008": (end, value). `modifier` is the word before it that is part of
/// the mention ("last"), if any.
pub(super) fn season_at(
    t: &Tokens<'_>,
    i: usize,
    modifier: Option<&str>,
    anchor: Option<NaiveDate>,
) -> Option<(usize, Val)> {
    // "Donna Summer", "Winter Olympics": a capital mid-sentence makes it a name.
    if i >= t.len() || t.toks[i].kind != Kind::Word || (t.toks[i].cap && !t.toks[i].sent_start) {
        return None;
    }
    let (code, first) = season(t.norm(i))?;
    if let Some((end, y)) = of_year(t, i + 1, anchor) {
        return Some((end, y.map_or(Val::Unresolved, |y| Val::Season(y, code))));
    }
    // "in the fall" may be a fall in prices: a bare "fall" needs a modifier or its year.
    let bare_ok = {
        let at = if t.is(i.wrapping_sub(1), "the") {
            i.wrapping_sub(2)
        } else {
            i.wrapping_sub(1)
        };
        t.is(at, "in")
            && t.norm(i) != "fall"
            && (i + 1 >= t.len() || t.toks[i + 1].kind == Kind::Punct || t.is(i + 1, "and"))
    };
    if modifier.is_none() && !bare_ok {
        return None;
    }
    let Some(a) = anchor else {
        return Some((i + 1, Val::Unresolved));
    };
    // A season belongs to the year it begins in: in January, winter began the year before.
    let (y, m) = (a.year(), a.month());
    let winter = first == 12;
    let y = match modifier {
        Some("last") if winter => y - if m < 3 { 2 } else { 1 },
        Some("last") => y - i32::from(m < first + 3),
        Some("next") => y + i32::from(m >= first),
        _ if winter && m < 3 => y - 1,
        _ => y,
    };
    Some((i + 1, Val::Season(y, code)))
}

/// A decade written short at `i` ("70s" after "the", "'80s", "the 70s and 80s"): its value,
/// in the century that puts it at or before the anchor's decade. `after_date` is whether a
/// date just ended before `i` (a list of decades).
pub(super) fn short_decade(
    t: &Tokens<'_>,
    i: usize,
    anchor: Option<NaiveDate>,
    after_date: bool,
) -> Option<Val> {
    let n = t.norm(i);
    let d: i32 = n.strip_suffix('s')?.parse().ok()?;
    if n.len() != 3 || d % 10 != 0 {
        return None;
    }
    let prev = if i == 0 { "" } else { t.norm(i - 1) };
    let ok = match prev {
        "'" | "\u{2019}" => !t.toks[i].space_before,
        // "in his 70s" is an age; "highs in the 70s" a temperature.
        "the" | "early" | "late" | "mid" => !(i.saturating_sub(8)..i).any(|k| {
            matches!(
                t.norm(k),
                "his"
                    | "her"
                    | "their"
                    | "degrees"
                    | "temperatures"
                    | "temperature"
                    | "highs"
                    | "lows"
                    | "fahrenheit"
                    | "aged"
            )
        }),
        "and" | "or" | "to" | "-" | "," => after_date,
        _ => false,
    };
    if !ok {
        return None;
    }
    let century = anchor.map_or(1900, |a| a.year() / 100 * 100);
    let year = if century + d <= anchor.map_or(0, |a| a.year()) {
        century + d
    } else {
        century - 100 + d
    };
    Some(Val::Decade(year / 10))
}
