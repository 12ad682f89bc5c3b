//! Each token's word lists, probed once: the name rules ask whether the same token is a given
//! name, a common word, a title, a head, a gazetteer phrase… from many rules and call sites, and
//! one probe of [`word_bits`](super::super::lexicon::Lexicon::word_bits) answers for every list. Beside the name rules, for length.

use super::super::lexicon::{
    LexEntry, LexKind, B_COMMON, B_COMPLEMENT, B_EXTENDS, B_GIVEN, B_NATIONALITY, B_ORG_SUFFIX,
    B_PHRASE, B_PLACE_SUFFIX, B_SPACED, B_STOP, B_SURNAME, B_TITLE,
};
use super::super::tokenize::Kind;
use super::words::{is_contraction, is_particle};
use super::Ctx;

/// Set in [`Ctx::bits`] on every probed token (a word on no list too).
pub(super) const PROBED: u32 = 1 << 31;
/// Set in [`Ctx::bits`] on a token whose folded form holds a space: the gazetteer is asked of
/// it as of a phrase ([`Ctx::lookup1`]). The lexicon's own bit, so that the form is searched
/// once per distinct word, not per rule nor per token.
pub(super) const SPACED: u32 = B_SPACED;

impl Ctx<'_, '_> {
    /// Token `i`'s word-list bits ([`Lexicon::word_bits`]; none past the end), probed once.
    ///
    /// Inlined: the rules ask this a few million times per thousand documents, mostly of a
    /// token already probed; only the first probe goes out of line ([`Ctx::probe`]).
    #[inline]
    pub(super) fn bits(&self, i: usize) -> u32 {
        let Some(c) = self.bits.get(i) else {
            return 0;
        };
        match c.get() {
            0 => self.probe(i),
            v => v,
        }
    }

    /// The first probe of token `i`'s bits, remembered for [`Ctx::bits`].
    #[cold]
    #[inline(never)]
    fn probe(&self, i: usize) -> u32 {
        let v = self.lex.word_bits(self.t.norm(i)) | PROBED;
        if let Some(c) = self.bits.get(i) {
            c.set(v);
        }
        v
    }

    /// Is token `i` a stop word (on [`super::words::STOP`], or a contraction), from its bits.
    #[inline]
    pub(super) fn stop_at(&self, i: usize) -> bool {
        self.on(i, B_STOP) || is_contraction(self.word(i))
    }

    /// Is token `i` on the word list `bit` ([`B_GIVEN`](super::super::lexicon::B_GIVEN) …), or on one of the lists in `bit`?
    #[inline]
    pub(super) fn on(&self, i: usize, bit: u32) -> bool {
        self.bits(i) & bit != 0
    }

    /// The gazetteer's entry for token `i` alone: no probe for a word that is no phrase.
    pub(super) fn lookup1(&self, i: usize) -> Option<&'static LexEntry> {
        if self.on(i, B_PHRASE | SPACED) {
            self.lex.lookup(self.word(i))
        } else {
            None
        }
    }

    /// The gazetteer's entry for tokens `a..b`, as `lex.lookup(&t.key(a, b))` is, without
    /// building the key when no phrase can start at `a`.
    pub(super) fn lookup_span(&self, a: usize, b: usize) -> Option<&'static LexEntry> {
        let b = b.min(self.t.len());
        if a >= b {
            None
        } else if b == a + 1 {
            self.lookup1(a)
        } else if self.on(a, B_EXTENDS) || self.word(a).is_empty() {
            // `t.key(a, b)`, built in the context's scratch string (no allocation per probe).
            let mut key = self.scratch.take();
            key.clear();
            for i in a..b {
                if i > a {
                    key.push(' ');
                }
                key.push_str(self.t.norm(i));
            }
            let e = self.lex.lookup(&key);
            self.scratch.set(key);
            e
        } else {
            None
        }
    }

    /// Is `a..b` an organization or place name by its head ("… Party", "… of …", "… Parish")?
    pub(super) fn headed(&self, a: usize, b: usize) -> bool {
        let t = self.t;
        let l = b - 1;
        self.on(l, B_ORG_SUFFIX)
            || (self.on(l, B_PLACE_SUFFIX) && !self.on(l, B_TITLE))
            || (a..l).any(|i| self.on(i, B_ORG_SUFFIX) && t.is_lower_word(i + 1))
    }

    /// The end of an airline's name at `a` within `..b`: "Air" and a country, a city or a
    /// people ("Air Canada", "Air New Zealand", "Air Malawi"). No place is named "Air …"; the
    /// place inside is the carrier. What follows ("Flight 447") is no part of the name.
    pub(super) fn airline(&self, a: usize, b: usize) -> Option<usize> {
        let t = self.t;
        if !(b >= a + 2
            && t.toks[a].kind == Kind::Word
            && t.norm(a) == "air"
            && t.toks[a + 1].kind == Kind::Word
            && t.toks[a + 1].cap)
        {
            return None;
        }
        let place = (a + 2..=b.min(a + 4)).rev().find(|&e| {
            self.lookup_span(a + 1, e)
                .is_some_and(|x| x.kind == LexKind::Place)
        });
        place.or_else(|| self.on(a + 1, B_NATIONALITY).then_some(a + 2))
    }

    /// Is `a..b` a people's word and a country ("French Sudan", "British Honduras", "American
    /// Samoa"): a colony or a territory, a place. ("Canadian Pacific" names no country.)
    /// A name the gazetteer knows whole ("New Mexico": "new" is a word of "New Zealander") is
    /// left to it.
    pub(super) fn colony(&self, a: usize, b: usize) -> bool {
        self.on(a, B_NATIONALITY)
            && a + 1 < b
            && self.t.toks[a + 1].cap
            && self.lookup_span(a, b).is_none()
            && self
                .lookup_span(a + 1, b)
                .is_some_and(|e| e.kind == LexKind::Place && self.lex.countries.contains(e.canon))
    }

    /// `a..b` is a title, then a name of one to three words ("Chairman W.A. Kistler"): after
    /// a company's head ("Tool Co Chairman W.A. Kistler") the company's officer.
    pub(super) fn title_then_name(&self, a: usize, b: usize) -> bool {
        let t = self.t;
        let words = (a + 1..b).filter(|&i| t.toks[i].kind == Kind::Word).count();
        a + 1 < b
            && self.is_title(a)
            && !t.toks[a].upper
            && (1..=3).contains(&words)
            && t.toks[a + 1].kind == Kind::Word
            && t.toks[a + 1].cap
            && t.toks[b - 1].kind == Kind::Word
            && t.text(b - 1).len() >= 2
            && (a + 1..b).all(|i| match t.toks[i].kind {
                // Initials ("W.A."), a common word as a given name ("Dam Teutong").
                Kind::Word => {
                    t.toks[i].cap
                        && (!t.toks[i].upper || t.toks[i].dotted)
                        && !self.on(i, B_TITLE | B_COMPLEMENT | B_ORG_SUFFIX | B_PLACE_SUFFIX)
                        && !self.stop_at(i)
                }
                _ => matches!(t.text(i), "-" | "."),
            })
    }

    /// Can token `i` be part of a name (a capitalized word that is no stop word, nationality
    /// or plain common word; a particle; a hyphen or a dot)?
    pub(super) fn name_like(&self, i: usize) -> bool {
        let t = self.t;
        let tok = &t.toks[i];
        if tok.kind == Kind::Punct {
            return matches!(t.text(i), "-" | ".");
        }
        let w = t.norm(i);
        if !tok.cap {
            return is_particle(w);
        }
        if tok.upper && !tok.dotted {
            return false;
        }
        if (self.on(i, B_NATIONALITY) && !self.on(i, B_GIVEN)) || self.stop_at(i) {
            return false;
        }
        !self.on(i, B_COMMON) || self.on(i, B_GIVEN | B_SURNAME)
    }
}
