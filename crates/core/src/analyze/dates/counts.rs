//! Four-digit numbers that are counts, measures, clock times or house numbers, not years: "2000
//! GMT", "1500 people", "a score of 2072", "increased from 1061 to 1128", "of 1119 Eighth St.",
//! "a 2182 score". General knowledge of English text, none taken from any corpus.

use super::super::tokenize::{Kind, Tokens};

/// Units and counted things after a number ("1500 people", "2000 points").
fn unit_after(w: &str) -> bool {
    // A `match` (by length, then bytes), not a scan of a list: asked of every year.
    matches!(
        w,
        "people"
            | "percent"
            | "per"
            | "troops"
            | "votes"
            | "members"
            | "times"
            | "km"
            | "miles"
            | "dollars"
            | "euros"
            | "pounds"
            | "tons"
            | "units"
            | "jobs"
            | "workers"
            | "points"
            | "delegates"
            | "seats"
            | "score"
            | "scores"
            | "pixels"
            | "frames"
            | "fps"
            | "rpm"
            | "mph"
            | "feet"
            | "metres"
            | "meters"
    )
}

/// Clock-time words after a number ("2000 GMT", "1400 hrs", "at 1900 local time").
fn clock_after(w: &str) -> bool {
    // A `match`, as [`unit_after`].
    matches!(
        w,
        "gmt"
            | "utc"
            | "bst"
            | "cet"
            | "est"
            | "edt"
            | "pst"
            | "pdt"
            | "hrs"
            | "hours"
            | "local"
            | "h"
    )
}

/// Nouns of quantity before "of" ("a score of 2072", "a total of 1500"): the number is the
/// quantity.
const QUANTITY_OF: &[&str] = &[
    "score",
    "total",
    "average",
    "sum",
    "maximum",
    "minimum",
    "max",
    "min",
    "rate",
    "price",
    "value",
    "number",
    "population",
    "height",
    "depth",
    "length",
    "count",
    "tally",
    "balance",
    "capacity",
    "size",
    "weight",
    "distance",
    "altitude",
    "elevation",
    "speed",
    "figure",
    "estimate",
    "reading",
    "index",
    "level",
];

/// Words of change before "from" ("increased from 1061 to 1128", "up from 1200"): the numbers
/// are amounts.
const CHANGE_FROM: &[&str] = &[
    "increase",
    "increased",
    "increases",
    "rise",
    "rose",
    "risen",
    "rises",
    "fall",
    "fell",
    "fallen",
    "falls",
    "grow",
    "grew",
    "grown",
    "jump",
    "jumped",
    "drop",
    "dropped",
    "climb",
    "climbed",
    "decline",
    "declined",
    "surge",
    "surged",
    "soar",
    "soared",
    "slip",
    "slipped",
    "gain",
    "gained",
    "improve",
    "improved",
    "up",
    "down",
    "boost",
    "boosted",
    "cut",
    "raise",
    "raised",
    "lower",
    "lowered",
    "reduce",
    "reduced",
    "shrank",
    "shrunk",
    "slid",
    "plunged",
    "tumbled",
    "went",
];

/// Street designators after a house number ("1119 Eighth St.", "2200 Pennsylvania Avenue").
fn street(w: &str) -> bool {
    // A `match`, as [`unit_after`].
    matches!(
        w,
        "st" | "street"
            | "ave"
            | "avenue"
            | "rd"
            | "road"
            | "blvd"
            | "boulevard"
            | "lane"
            | "ln"
            | "drive"
            | "dr"
            | "way"
            | "place"
            | "pl"
            | "court"
            | "ct"
            | "highway"
            | "hwy"
            | "parkway"
            | "pkwy"
            | "terrace"
            | "square"
            | "plaza"
            | "circle"
            | "pike"
    )
}

/// Is the four-digit number `y` at token `i` no year, whatever the word before it says?
pub(super) fn not_a_year(t: &Tokens<'_>, i: usize, y: i32) -> bool {
    let next = |k: usize| t.norm(i + k);
    let prev = |k: usize| {
        if i >= k && t.toks[i - k].kind == Kind::Word {
            t.norm(i - k)
        } else {
            ""
        }
    };
    let after = next(1);
    if unit_after(after) || t.is_punct(i + 1, '%') || clock_after(after) {
        return true;
    }
    // "1000 London time", "from 1800 to 2100 local Chicago time": clock times.
    if next(2) == "time" || (matches!(after, "to" | "-" | "and") && next(3) == "local") {
        return true;
    }
    // Far beyond any news date ("a 2182 score"): a count.
    if y > 2100 {
        return true;
    }
    if prev(1) == "of" && QUANTITY_OF.contains(&prev(2)) {
        return true;
    }
    if prev(1) == "from" && CHANGE_FROM.contains(&prev(2)) {
        return true;
    }
    // A house number: capitalized words, then a street designator, on the same line.
    for k in 1..=3 {
        let j = i + k;
        if j >= t.len() || t.toks[j].nl_before > 0 || t.toks[j].kind != Kind::Word {
            break;
        }
        if k > 1 && street(t.norm(j)) {
            return true;
        }
        if !t.toks[j].cap {
            break;
        }
    }
    false
}

/// The year written after a month or a day ("26 February 2005", "February 26,\n2005"), unless
/// it starts the next line under a line that holds the date alone: "Saturday, 26 February"
/// heading a sports report is not dated by the kick-off time "1400" below it. A wrapped
/// sentence would have kept four more characters on the date's line; a blank line between
/// never joins.
pub(super) fn year_after(t: &Tokens<'_>, j: usize) -> Option<i32> {
    let y = super::year_at(t, j)?;
    match t.toks[j].nl_before {
        0 => return Some(y),
        1 => {}
        _ => return None,
    }
    let mut k = j.saturating_sub(1);
    while k > 0 && t.toks[k].nl_before == 0 {
        k -= 1;
    }
    let date_alone = (k..j).all(|x| {
        matches!(t.toks[x].kind, Kind::Num | Kind::Punct)
            || super::month_at(t, x).is_some()
            || super::weekday_at(t, x).is_some()
            || matches!(t.norm(x), "the" | "of" | "on")
    });
    (!date_alone).then_some(y)
}
