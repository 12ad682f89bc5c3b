//! How the corpus writes its common words: per common English word (the lexicon's list), how
//! often its texts write it in lower case, and how often capitalized on its own in the middle of
//! a sentence (after a lower-case word, not before another capitalized word).
//!
//! A word of a sure organization's name spreads to the word's one-word uses ("Salomon" of
//! "Salomon Brothers Inc"). An ordinary word does not: "National" of "National Westminster
//! Bank", "Trade" of "Board of Trade" start sentences and headlines ("Trade sources said")
//! and are written "national", "trade" all through the corpus, while a company known by a
//! common word is written capitalized mid-sentence where it is meant ("shares of Apple
//! rose"). Counted over the whole corpus as the records are taken, so a word's one-word uses
//! are judged by every text, not by the document at hand.
//!
//! The counts are proportions, so a large corpus is sampled ([`Casing::counts_doc`]): every
//! document up to [`ALL_UP_TO`], then one in [`SAMPLE_EVERY`]. Reading every word of a
//! million documents cost about a tenth of the cold build's CPU; by document number, so the
//! sample is the same however the work is split.

use crate::analyze::lexicon::{FxMap, Lexicon};

/// [`Casing::plain`]: a word written in lower case at least this often…
const MIN_LOWER: u32 = 5;
/// …and more than this many times as often as it stands capitalized alone mid-sentence (plus
/// one) is an ordinary word, not a name by itself.
const LOWER_PER_NAME: u32 = 6;
/// Longer words are not looked up (the list's words are shorter).
const MAX_LEN: usize = 24;

/// Every document up to this number has its words counted…
pub(super) const ALL_UP_TO: usize = 20_000;
/// …and one in this many after it.
pub(super) const SAMPLE_EVERY: usize = 10;

/// Per common word: [times written in lower case, times capitalized alone mid-sentence].
#[derive(Default)]
pub(super) struct Casing {
    counts: FxMap<Box<str>, [u32; 2]>,
}

/// [`CLASS`]: a byte of a word: an ASCII letter, or part of a non-ASCII character (so a word
/// is always cut at an ASCII byte, a character boundary)…
const WORD: u8 = 1;
/// …an ASCII capital…
const UPPER: u8 = 2;
/// …part of a non-ASCII character.
const HIGH: u8 = 4;

/// Per byte value: its [`WORD`], [`UPPER`] and [`HIGH`] bits. A text's every byte is read:
/// one lookup a byte, where the tests one by one cost three times the instructions.
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            WORD | HIGH
        } else if c.is_ascii_uppercase() {
            WORD | UPPER
        } else if c.is_ascii_lowercase() {
            WORD
        } else {
            0
        };
        b += 1;
    }
    t
};

fn word_byte(b: u8) -> bool {
    CLASS[usize::from(b)] & WORD != 0
}

/// Does the gap between two words keep them in one sentence and one line of prose: only
/// spaces, tabs and commas, and at most one line break not followed by an indent (a wrapped
/// line; an indented line starts a paragraph or a table's row)?
fn same_sentence(gap: &[u8]) -> bool {
    let mut breaks = 0;
    for (i, &b) in gap.iter().enumerate() {
        match b {
            b' ' | b'\t' | b',' => {}
            b'\n' => {
                breaks += 1;
                if breaks > 1 || matches!(gap.get(i + 1), Some(b' ' | b'\t' | b'\r')) {
                    return false;
                }
            }
            _ => return false,
        }
    }
    true
}

/// Is the word ending at byte `end` followed by a capitalized word (after an optional "'s" and
/// white space): part of a longer name?
fn before_capital(b: &[u8], end: usize) -> bool {
    let mut i = end;
    if b.get(i) == Some(&b'\'')
        && b.get(i + 1) == Some(&b's')
        && !b.get(i + 2).is_some_and(|&c| word_byte(c))
    {
        i += 2;
    }
    while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
        i += 1;
    }
    b.get(i).is_some_and(u8::is_ascii_uppercase)
}

impl Casing {
    /// Are document `doc`'s words counted (the sample of a large corpus)?
    pub(super) fn counts_doc(doc: usize) -> bool {
        doc < ALL_UP_TO || doc.is_multiple_of(SAMPLE_EVERY)
    }

    /// Counts the common words of one text.
    pub(super) fn add_text(&mut self, text: &str, lex: &Lexicon) {
        let b = text.as_bytes();
        let mut i = 0;
        // The previous word's end, if it was written in lower case.
        let mut lower_before: Option<usize> = None;
        let mut buf = [0u8; MAX_LEN];
        while i < b.len() {
            if !word_byte(b[i]) {
                i += 1;
                continue;
            }
            // One pass over the word: its end, its capitals, whether it is all ASCII.
            let s = i;
            let (mut upper, mut any) = (0usize, 0u8);
            while i < b.len() {
                let k = CLASS[usize::from(b[i])];
                if k == 0 {
                    break;
                }
                upper += usize::from((k & UPPER) >> 1);
                any |= k;
                i += 1;
            }
            let w = &b[s..i];
            let prev = lower_before.take();
            if w.len() > MAX_LEN || any & HIGH != 0 {
                continue;
            }
            // All ASCII letters now: none a capital is all lower case.
            if upper == 0 {
                lower_before = Some(i);
                // Words of one or two letters ("a", "of": a third of the text's words) are
                // not looked up: no such word is taken for a company's name.
                if w.len() > 2 {
                    self.bump(text.get(s..i).unwrap_or(""), 0, lex);
                }
            } else if w.len() >= 2
                && upper == 1
                && w[0].is_ascii_uppercase()
                && prev.is_some_and(|p| same_sentence(&b[p..s]))
                && !before_capital(b, i)
            {
                let low = &mut buf[..w.len()];
                low.copy_from_slice(w);
                low[0] = low[0].to_ascii_lowercase();
                self.bump(std::str::from_utf8(low).unwrap_or(""), 1, lex);
            }
        }
    }

    fn bump(&mut self, w: &str, which: usize, lex: &Lexicon) {
        if let Some(c) = self.counts.get_mut(w) {
            c[which] += 1;
        } else if lex.is_common(w) {
            let mut c = [0; 2];
            c[which] = 1;
            self.counts.insert(w.into(), c);
        }
    }

    /// Adds another's counts.
    pub(super) fn merge(&mut self, other: Casing) {
        for (w, [l, m]) in other.counts {
            let c = self.counts.entry(w).or_default();
            c[0] += l;
            c[1] += m;
        }
    }

    /// Is the folded one-word form `w` an ordinary word in this corpus: a common word written
    /// in lower case often, and seldom capitalized alone mid-sentence?
    pub(super) fn plain(&self, w: &str) -> bool {
        self.counts
            .get(w)
            .is_some_and(|&[l, m]| l >= MIN_LOWER && l > LOWER_PER_NAME * (m + 1))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_large_corpus_is_sampled_by_document_number() {
        use super::{Casing, ALL_UP_TO, SAMPLE_EVERY};
        assert!((0..ALL_UP_TO).all(Casing::counts_doc));
        let after = (ALL_UP_TO..ALL_UP_TO + 1000).filter(|&d| Casing::counts_doc(d));
        assert_eq!(after.count(), 1000 / SAMPLE_EVERY);
    }

    use super::*;

    fn of(texts: &[&str]) -> Casing {
        let lex = crate::analyze::lexicon::get();
        let mut c = Casing::default();
        for t in texts {
            c.add_text(t, lex);
        }
        c
    }

    #[test]
    fn lower_case_and_mid_sentence_capitals_are_counted() {
        let c = of(&[
            "Trade sources said the trade gap and trade talks widened.\n\
                      Officials at Trade said so, and shares of Trade's rival fell.",
        ]);
        // Sentence-initial "Trade" is not counted; "at Trade said" and "of Trade's rival" are.
        assert_eq!(c.counts.get("trade"), Some(&[2, 2]));
    }

    #[test]
    fn capitals_inside_longer_names_or_after_a_break_are_not_mid_sentence() {
        let c = of(&[
            "a deal with National Grocers Ltd and the\nNational\nUnion of Bakers.\n\
                      net profit rose.\n    Net 1,200 vs 900\n cts.  Net loss",
        ]);
        assert_eq!(c.counts.get("national").map(|c| c[1]), None);
        // "profit rose.\n    Net" (after a sentence and an indent) and "cts.  Net": no.
        assert_eq!(c.counts.get("net"), Some(&[1, 0]));
    }

    #[test]
    fn a_word_with_a_second_capital_or_a_non_ascii_letter_is_not_counted() {
        let c = of(&["the trade and trade. at TRade said, at Tradé said, at Trade said"]);
        assert_eq!(c.counts.get("trade"), Some(&[2, 1]));
    }

    #[test]
    fn a_wrapped_line_keeps_the_sentence() {
        let c = of(&["dealers said\nFederal funds traded at six pct"]);
        assert_eq!(c.counts.get("federal"), Some(&[0, 1]));
    }

    #[test]
    fn plain_words_are_common_lower_case_and_seldom_capitalized_alone() {
        let ordinary = "Trade rose. the trade gap, trade talks, trade barriers and trade.";
        let c = of(&[ordinary, ordinary]);
        assert!(c.plain("trade"));
        // A company named by a common word and written so mid-sentence is not plain.
        let named = "shares of Apple rose as apple growers and apple juice and apple pie \
                     sold; analysts at Apple said, and Apple bought";
        let c = of(&[named, named]);
        assert!(!c.plain("apple"));
        // Too few lower-case uses to tell; and a word not on the common list is never plain.
        assert!(!of(&["the trade gap. Trade rose."]).plain("trade"));
        assert!(!of(&[&"the zqxvorp ".repeat(20)]).plain("zqxvorp"));
    }

    #[test]
    fn an_ordinary_word_of_a_bank_s_name_is_no_organization_alone() {
        use super::super::test_doc as doc;
        use crate::model::EntityKind;
        let docs = [
            doc(
                0,
                "HARROWGATE FARM LOANS FALL 12 MLN DLRS\n\nFarm loans on the\nbooks of the six \
                 largest Harrowgate lenders\nfell 12 mln dlrs to 4.06 billion in the week ended \
                 March\n18, the Reserve Bank of Harrowgate said.\n    Including leases, loans \
                 declined 14 mln dlrs to 4.89\nbillion.\n    National business loan data are \
                 scheduled to be released on\nFriday.\n",
            ),
            doc(
                1,
                "The Harrowgate National Bank Corp said on Monday it would\ncut 500 jobs at its \
                 branches.\n",
            ),
            doc(
                2,
                "The national budget and the national debt rose, and national\nsavings fell as \
                 national income and national output and national\nspending and national \
                 reserves slipped.\n",
            ),
            doc(3, "Beacon Mining Corp said it would sell a mine.\n"),
            doc(
                4,
                "Beacon said output rose. A beacon was lit, and a beacon and a beacon and a \
                 beacon and a beacon and a beacon and a beacon shone.\n",
            ),
            // Its short form where no full name is near (so not joined as a short form is).
            doc(
                5,
                "Shares of Beacon rose 2 pct, and analysts at Beacon said the sale was sound.\n",
            ),
        ];
        let ents = crate::analyze::analyze(&docs);
        let org = |name: &str| {
            ents.iter()
                .find(|e| e.kind == EntityKind::Organization && e.name == name)
                .map(|e| e.mentions.len())
        };
        // Without the counts (doc 2) "National" of doc 0 was an organization.
        assert_eq!(org("National"), None, "{ents:?}");
        assert!(!ents.iter().any(|e| e.name == "National"), "{ents:?}");
        assert_eq!(org("Harrowgate National Bank Corp"), Some(1), "{ents:?}");
        // A company written by a common word, capitalized where it is meant, stays.
        assert_eq!(org("Beacon"), Some(2), "{ents:?}");
    }

    #[test]
    fn merged_counts_add_up() {
        let mut a = of(&["the trade gap"]);
        a.merge(of(&["the trade gap, then at Trade said"]));
        assert_eq!(a.counts.get("trade"), Some(&[2, 1]));
    }
}
