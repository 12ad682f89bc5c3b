//! Which tokens can start a date: the date rules ask this of every token first, so the many
//! words that cannot ("Smith", "said") cost one table lookup, not a call of each rule. Every
//! word a rule in `match_at` starts on must be here (a word missing here is a date missed),
//! the counts before "ago" ("two years ago") among them.

use super::periods::SEASONS;
use super::{Kind, Tokens, Weekday, MONTH_ABBR, NUMBER_WORDS, WEEKDAY_ABBR};
use crate::fxhash::FxSet;
use crate::text::MONTHS;
use std::sync::OnceLock;

/// The words (folded) a date can start with besides the months, their abbreviations, the
/// weekdays' abbreviations, the seasons and the counts before "ago" (added from their own
/// tables), and numbers.
const WORDS: [&str; 37] = [
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
    // Weekdays written in full.
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The words a date can start with, for the exact test of the words that pass [`ENDS`].
fn words() -> &'static FxSet<&'static str> {
    static WORDS_SET: OnceLock<FxSet<&'static str>> = OnceLock::new();
    WORDS_SET.get_or_init(|| {
        let mut words: FxSet<&'static str> = WORDS.into_iter().collect();
        words.extend(MONTHS);
        words.extend(MONTH_ABBR.iter().map(|(w, _)| *w));
        words.extend(WEEKDAY_ABBR.iter().map(|(w, _)| *w));
        words.extend(SEASONS.iter().map(|(w, _, _)| *w));
        words.extend(NUMBER_WORDS.iter().map(|(w, _)| *w));
        words
    })
}

/// The longest word a date can start with ("nineteenth").
const LONGEST: usize = 10;

/// For a quick "no", per length and first letter, the last letters of the words a date can
/// start with: `ENDS[len][first]` has bit `last` set for each such word of `len` bytes from
/// `first` to `last` (letters a–z as 0–25). Built at compile time: the table is read for
/// every word, and a lazily built one costs a check of its state on each read.
static ENDS: [[u32; 26]; LONGEST + 1] = {
    let mut ends = [[0u32; 26]; LONGEST + 1];
    let mut k = 0;
    while k < WORDS.len() {
        set_end(&mut ends, WORDS[k]);
        k += 1;
    }
    k = 0;
    while k < MONTHS.len() {
        set_end(&mut ends, MONTHS[k]);
        k += 1;
    }
    k = 0;
    while k < MONTH_ABBR.len() {
        set_end(&mut ends, MONTH_ABBR[k].0);
        k += 1;
    }
    k = 0;
    while k < WEEKDAY_ABBR.len() {
        set_end(&mut ends, WEEKDAY_ABBR[k].0);
        k += 1;
    }
    k = 0;
    while k < SEASONS.len() {
        set_end(&mut ends, SEASONS[k].0);
        k += 1;
    }
    k = 0;
    while k < NUMBER_WORDS.len() {
        set_end(&mut ends, NUMBER_WORDS[k].0);
        k += 1;
    }
    ends
};

/// Sets word `w`'s bit in [`ENDS`] (a word longer than [`LONGEST`] fails the build).
const fn set_end(ends: &mut [[u32; 26]; LONGEST + 1], w: &str) {
    let b = w.as_bytes();
    let (f, l) = (b[0], b[b.len() - 1]);
    if f.is_ascii_lowercase() && l.is_ascii_lowercase() {
        ends[b.len()][(f - b'a') as usize] |= 1 << (l - b'a');
    }
}

/// A word's first and last bytes as letters a–z (0–25), if both are.
fn letters(w: &str) -> Option<(usize, usize)> {
    let b = w.as_bytes();
    let (f, l) = (*b.first()?, *b.last()?);
    (f.is_ascii_lowercase() && l.is_ascii_lowercase())
        .then(|| (usize::from(f - b'a'), usize::from(l - b'a')))
}

/// Can token `i` start a date? A number may, a word that starts with a digit ("19th century")
/// and a word listed here; punctuation never. (Inline: asked of every token, and most are
/// answered by the kind or the table, cheaper than the call.)
#[inline]
pub(super) fn may_start(t: &Tokens<'_>, i: usize) -> bool {
    match t.toks[i].kind {
        Kind::Num => return true,
        Kind::Word => {}
        Kind::Poss | Kind::Punct => return false,
    }
    let w = t.norm(i);
    // (A first byte, not a decoded char: a digit is one byte.)
    if w.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return true;
    }
    match letters(w) {
        // Most words stop at the table of first and last letters; "the", the most frequent
        // word that passes it, needs no hashing.
        Some((f, l)) => {
            w.len() <= LONGEST
                && ENDS[w.len()][f] >> l & 1 != 0
                && (w == "the" || words().contains(w))
        }
        None => words().contains(w),
    }
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
        let s = words();
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
