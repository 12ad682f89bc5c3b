//! Which words can start a date: the date rules ask this of every word first, so the many
//! that cannot ("Smith", "said") cost one table lookup, not a call of each rule. Every word a
//! rule in `match_at` starts on must be here (a word missing here is a date missed).

use super::periods::SEASONS;
use super::{Tokens, Weekday, MONTH_ABBR, WEEKDAY_ABBR};
use crate::fxhash::FxSet;
use std::sync::OnceLock;

/// The words (folded) a date can start with, besides numbers and counts before "ago".
fn starts() -> &'static FxSet<&'static str> {
    static STARTS: OnceLock<FxSet<&'static str>> = OnceLock::new();
    STARTS.get_or_init(|| {
        let mut s: FxSet<&'static str> = [
            // Modifiers and relative days (`match_at`).
            "last",
            "next",
            "this",
            "coming",
            "past",
            "earlier",
            "later",
            "early",
            "late",
            "mid",
            "today",
            "yesterday",
            "tomorrow",
            // "the previous day", "the third quarter".
            "the",
            // Centuries and quarters (`century_at`, `quarter_at`).
            "eighteenth",
            "nineteenth",
            "twentieth",
            "first",
            "1st",
            "second",
            "2nd",
            "third",
            "3rd",
            "fourth",
            "4th",
            "final",
            "q1",
            "q2",
            "q3",
            "q4",
            // Months and weekdays written in full.
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
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ]
        .into_iter()
        .collect();
        s.extend(MONTH_ABBR.iter().map(|(w, _)| *w));
        s.extend(WEEKDAY_ABBR.iter().map(|(w, _)| *w));
        s.extend(SEASONS.iter().map(|(w, _, _)| *w));
        s
    })
}

/// Can word `i` (folded: `w`) start a date? A word that starts with a digit may ("19th
/// century"), and any word two before "ago" ("two years ago").
pub(super) fn may_start(t: &Tokens<'_>, i: usize, w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit()) || starts().contains(w) || t.is(i + 2, "ago")
}

pub(super) fn full_month(w: &str) -> Option<u32> {
    Some(match w {
        "january" => 1,
        "february" => 2,
        "march" => 3,
        "april" => 4,
        "may" => 5,
        "june" => 6,
        "july" => 7,
        "august" => 8,
        "september" => 9,
        "october" => 10,
        "november" => 11,
        "december" => 12,
        _ => return None,
    })
}

pub(super) fn full_weekday(w: &str) -> Option<Weekday> {
    Some(match w {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_month_weekday_and_season_may_start_a_date() {
        let s = starts();
        for w in s.iter() {
            assert!(!w.is_empty());
        }
        for w in [
            "may", "sept", "thurs", "fall", "q4", "the", "weds", "december",
        ] {
            assert!(s.contains(w), "{w}");
        }
        assert!(full_month("may").is_some() && full_weekday("sunday").is_some());
        assert!(!s.contains("smith") && !s.contains("said"));
    }
}
