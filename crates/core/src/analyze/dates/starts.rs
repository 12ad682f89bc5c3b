//! Which words can start a date: the date rules ask this of every word first, so the many
//! that cannot ("Smith", "said") cost one table lookup, not a call of each rule. Every word a
//! rule in `match_at` starts on must be here (a word missing here is a date missed).

use super::periods::SEASONS;
use super::{Tokens, Weekday, MONTH_ABBR, WEEKDAY_ABBR};
use crate::fxhash::FxSet;
use crate::text::MONTHS;
use std::sync::OnceLock;

/// The words (folded) a date can start with, besides numbers and counts before "ago"; and
/// for a quick "no", per length and first letter, the last letters those words have.
struct Starts {
    words: FxSet<&'static str>,
    /// `ends[len][first]`: bit `last` set for each word of `len` bytes from `first` to
    /// `last` (letters a–z as 0–25).
    ends: [[u32; 26]; LONGEST + 1],
}

/// The longest word in [`Starts`] ("nineteenth").
const LONGEST: usize = 10;

fn starts() -> &'static Starts {
    static STARTS: OnceLock<Starts> = OnceLock::new();
    STARTS.get_or_init(|| {
        let mut words: FxSet<&'static str> = [
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
            // Weekdays written in full (the months are added below).
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
        words.extend(MONTHS);
        words.extend(MONTH_ABBR.iter().map(|(w, _)| *w));
        words.extend(WEEKDAY_ABBR.iter().map(|(w, _)| *w));
        words.extend(SEASONS.iter().map(|(w, _, _)| *w));
        let mut ends = [[0u32; 26]; LONGEST + 1];
        for w in &words {
            if let Some((f, l)) = letters(w) {
                if let Some(e) = ends.get_mut(w.len()) {
                    e[f] |= 1 << l;
                }
            }
        }
        Starts { words, ends }
    })
}

/// A word's first and last bytes as letters a–z (0–25), if both are.
fn letters(w: &str) -> Option<(usize, usize)> {
    let b = w.as_bytes();
    let (f, l) = (*b.first()?, *b.last()?);
    (f.is_ascii_lowercase() && l.is_ascii_lowercase())
        .then(|| (usize::from(f - b'a'), usize::from(l - b'a')))
}

/// Can word `i` (folded: `w`) start a date? A word that starts with a digit may ("19th
/// century"), and any word two before "ago" ("two years ago"). (Inline: asked of every word,
/// and most words are answered by the table, cheaper than the call.)
#[inline]
pub(super) fn may_start(t: &Tokens<'_>, i: usize, w: &str) -> bool {
    // (A first byte, not a decoded char: a digit is one byte.)
    if w.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return true;
    }
    let s = starts();
    let listed = match letters(w) {
        // Most words stop at the table of first and last letters.
        Some((f, l)) => {
            w.len() <= LONGEST && s.ends[w.len()][f] >> l & 1 != 0 && s.words.contains(w)
        }
        None => s.words.contains(w),
    };
    listed || t.is(i + 2, "ago")
}

pub(super) fn full_month(w: &str) -> Option<u32> {
    let i = MONTHS.iter().position(|m| *m == w)?;
    u32::try_from(i + 1).ok()
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
        let s = &starts().words;
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
        assert!(s.iter().all(|w| w.len() <= LONGEST));
    }
}
