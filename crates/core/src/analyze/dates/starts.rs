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

/// Runs `$body` with `$w` bound to each word a date can start with, list after list: [`WORDS`]
/// and the tables it names. A `while` per list, so that it serves in const context too (no
/// `for` there), where [`ENDS`] is built from the same lists as [`words`].
macro_rules! each_start_word {
    ($w:ident => $body:block) => {
        each_start_word!(@list WORDS; $w => $body);
        each_start_word!(@list MONTHS; $w => $body);
        each_start_word!(@list MONTH_ABBR.0; $w => $body);
        each_start_word!(@list WEEKDAY_ABBR.0; $w => $body);
        each_start_word!(@list SEASONS.0; $w => $body);
        each_start_word!(@list NUMBER_WORDS.0; $w => $body);
    };
    (@list $list:ident $(. $field:tt)?; $w:ident => $body:block) => {{
        let mut k = 0;
        while k < $list.len() {
            let $w: &'static str = $list[k] $(. $field)?;
            $body
            k += 1;
        }
    }};
}

/// The words a date can start with, for the exact test of the words that pass [`ENDS`].
fn words() -> &'static FxSet<&'static str> {
    static WORDS_SET: OnceLock<FxSet<&'static str>> = OnceLock::new();
    WORDS_SET.get_or_init(|| {
        let mut words: FxSet<&'static str> = FxSet::default();
        each_start_word!(w => {
            words.insert(w);
        });
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
    each_start_word!(w => {
        set_end(&mut ends, w);
    });
    ends
};

/// [`ENDS`] whatever the length, for a word's letters as written: `PAIRS[first][last]`, the
/// letters a–z as 0–25 and anything else as [`OTHER`] (which rules nothing out), from
/// [`LETTER`].
static PAIRS: [u32; 27] = {
    let mut pairs = [1u32 << OTHER; 27];
    pairs[OTHER] = u32::MAX;
    let mut len = 0;
    while len <= LONGEST {
        let mut f = 0;
        while f < 26 {
            pairs[f] |= ENDS[len][f];
            f += 1;
        }
        len += 1;
    }
    pairs
};

/// A byte that is no ASCII letter, in [`PAIRS`].
const OTHER: usize = 26;

/// Each byte's letter, either case, as 0–25, or [`OTHER`]: a lookup, cheaper than lowering
/// and testing the byte.
static LETTER: [u8; 256] = {
    let mut letter = [OTHER as u8; 256];
    let mut k = 0;
    while k < 26 {
        letter[b'a' as usize + k] = k as u8;
        letter[b'A' as usize + k] = k as u8;
        k += 1;
    }
    letter
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
fn letters(b: &[u8]) -> Option<(usize, usize)> {
    let (f, l) = (*b.first()?, *b.last()?);
    (f.is_ascii_lowercase() && l.is_ascii_lowercase())
        .then(|| (usize::from(f - b'a'), usize::from(l - b'a')))
}

/// Can token `i` start a date? A number may, a word that starts with a digit ("19th century")
/// and a word listed here; punctuation never. (Inline: asked of every token, and most are
/// answered by the kind or the table, cheaper than the call.)
#[inline]
pub(super) fn may_start(t: &Tokens<'_>, i: usize) -> bool {
    let tok = &t.toks[i];
    match tok.kind {
        Kind::Num => return true,
        Kind::Word => {}
        Kind::Poss | Kind::Punct => return false,
    }
    // The word as written first, without slicing its folded form: an ASCII letter that ends
    // it either side ends the folded form too, lowercased (folding lowercases and drops
    // accents and the dots of "U.S.", and an ASCII letter has none), so the pair rules out
    // most words whatever their length.
    let raw = t.text.as_bytes();
    if let (Some(&f), Some(&l)) = (raw.get(tok.start), raw.get(tok.end.wrapping_sub(1))) {
        let (f, l) = (LETTER[usize::from(f)], LETTER[usize::from(l)]);
        if PAIRS[usize::from(f)] >> l & 1 == 0 {
            return false;
        }
    }
    // The folded form's bytes (no char boundaries to check) until a word must be hashed.
    let w = t.norm_bytes(i);
    // (A first byte, not a decoded char: a digit is one byte.)
    if w.first().is_some_and(u8::is_ascii_digit) {
        return true;
    }
    match letters(w) {
        // Most words stop at the table of first and last letters; "the" and "a", the most
        // frequent words that pass it, need no hashing.
        Some((f, l)) => {
            w.len() <= LONGEST
                && ENDS[w.len()][f] >> l & 1 != 0
                && (w == b"the" || w == b"a" || words().contains(t.norm(i)))
        }
        None => words().contains(t.norm(i)),
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

    /// The raw-letter pretest in [`may_start`] relies on the fold keeping an ASCII letter at
    /// either end of a word, lowercased; and it must say what the word set says.
    #[test]
    fn the_letters_as_written_end_the_folded_word_too() {
        let text = "U.S. Ångström O'Neill's naïve Zoë café rock'n'roll Straße ÆON \
                    IJssel 6PR Mid-1990s mid-May Sept. THE The the a An Q3 sunday Weds \
                    twentieth hundred Fall said Smith's";
        let t = crate::analyze::tokenize::tokenize(text);
        for i in 0..t.len() {
            let tok = &t.toks[i];
            let w = t.norm(i);
            if tok.kind == Kind::Word {
                let raw = t.text(i).as_bytes();
                if let (Some(f), Some(l)) = (raw.first(), raw.last()) {
                    if f.is_ascii_alphabetic() {
                        assert_eq!(w.as_bytes().first(), Some(&f.to_ascii_lowercase()), "{w}");
                    }
                    if l.is_ascii_alphabetic() {
                        assert_eq!(w.as_bytes().last(), Some(&l.to_ascii_lowercase()), "{w}");
                    }
                }
            }
            let expected = match tok.kind {
                Kind::Num => true,
                Kind::Word => {
                    w.as_bytes().first().is_some_and(u8::is_ascii_digit) || words().contains(w)
                }
                _ => false,
            };
            assert_eq!(may_start(&t, i), expected, "{w}");
        }
    }
}
