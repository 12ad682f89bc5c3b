//! Edges and lone words of the name rules, beside them for length: month names at a chunk's
//! ends, and the one-word candidates that are no names (numbers in words, acronyms of things,
//! a line's label, a time stamp's participle), and the things named like names that are none
//! (a ticker code's exchange suffix, a share class, a currency, a rate).

use super::super::lexicon::B_STOP;
use super::*;

impl Ctx<'_, '_> {
    /// A month's full name at an end of chunk `a..b` is a date beside a name, no part of it
    /// ("February U.S.", "New York July", "January Maya", "Pay April One"),
    /// unless the gazetteer knows the whole. The months that are also given names ("April",
    /// "May", "June", "August") are cut only beside an acronym, a number in words, a
    /// nationality or a name the gazetteer knows ("June Carter" stays a person).
    pub(super) fn trim_months(&self, a: &mut usize, b: &mut usize) {
        let t = self.t;
        let month = |i: usize| t.toks[i].kind == Kind::Word && is_month(self.word(i));
        // "Pay April One": a date in words ends the chunk.
        if *b - *a >= 2 && month(*b - 2) && is_number_word(self.word(*b - 1)) {
            *b -= 2;
        }
        if *b - *a < 2 || !(month(*a) || month(*b - 1)) || self.lookup_span(*a, *b).is_some() {
            return;
        }
        // The word `k` beside a month at `m`, the rest of the chunk `r0..r1`: is the month no
        // part of the name?
        let apart = |m: usize, k: usize, r0: usize, r1: usize| {
            let tk = &t.toks[k];
            if tk.kind != Kind::Word || !tk.cap {
                return false;
            }
            if !matches!(self.word(m), "april" | "may" | "june" | "august") {
                return true;
            }
            (tk.upper && (tk.dotted || !t.toks[m].upper))
                || is_number_word(self.word(k))
                || self.on(k, B_NATIONALITY)
                || self.lookup_span(r0, r1).is_some()
        };
        if month(*a) && apart(*a, *a + 1, *a + 1, *b) {
            *a += 1;
        }
        if *b - *a >= 2 && month(*b - 1) && apart(*b - 1, *b - 2, *a, *b - 1) {
            *b -= 1;
        }
    }

    /// Is the one word `a..b` (`b == a + 1`) no name by itself?
    pub(super) fn no_name_alone(&self, a: usize, b: usize) -> bool {
        let t = self.t;
        // No one-letter names: the "S" of S&P, the "T" of AT&T or T-Mobile; no number in
        // words alone ("Nine mths", "Pay April One"); no acronym of a thing alone ("pay-TV");
        // no dollar or yen alone ("a weaker Dollar"; other currencies' names are close to a
        // name's or a place's: "Franc", "Lira", "Sterling"); no medium or scripture ("the
        // Internet", "the Web", "the Bible").
        if t.text(a)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .nth(1)
            .is_none()
            || is_number_word(self.word(a))
            || is_thing_acronym(self.word(a))
            || is_thing_word(self.word(a))
        {
            return true;
        }
        // "Photo: Jane Doe, AP", "Source: …": a common word opening its line before a colon
        // is the line's label; "Updated 1:39 am EST", "Posted at 4:07 PM": a participle
        // before a time or a date is a time stamp's. No name either.
        if self.on(a, B_COMMON) && !self.on(a, B_GIVEN | B_SURNAME) && self.lookup1(a).is_none() {
            let num =
                |i: usize| i < t.len() && (t.toks[i].kind == Kind::Num || is_blocked(self, i));
            let label = (a == 0 || t.toks[a].nl_before > 0) && t.is_punct(b, ':');
            let stamp = self.word(a).len() > 4
                && self.word(a).ends_with("ed")
                && (num(b) || ((t.is(b, "at") || t.is(b, "on")) && num(b + 1)));
            return label || stamp;
        }
        false
    }

    /// Cuts from chunk `a..b` what is named like a name but is none of our kinds; false when
    /// nothing is left. A ticker code's exchange suffix ("<ACME.HK>", "<ACME.PA>") is no place;
    /// a share class ("Class B") and a rate ("London Interbank Offered Rate") no organization;
    /// a currency after its country ("Swiss Franc", "U.S. Dollar") is none, the country stays.
    pub(super) fn trim_things(&self, a: usize, b: &mut usize) -> bool {
        let t = self.t;
        let last = *b - 1;
        if last > 0
            && t.is_punct(*b, '>')
            && t.is_punct(last - 1, '.')
            && !t.toks[last].space_before
            && !t.toks[last - 1].space_before
        {
            if last - 1 <= a {
                return false;
            }
            *b = last - 1;
        }
        let last = *b - 1;
        let word = |i: usize| t.toks[i].kind == Kind::Word;
        // "Class B", "Each Class B" (the chunk's leading function words go later).
        if last > a
            && t.is(last - 1, "class")
            && t.text(last).chars().count() == 1
            && (a..last - 1).all(|i| self.stop_at(i))
        {
            return false;
        }
        if last > a && word(last) && matches!(self.word(last), "rate" | "rates") {
            return false;
        }
        if last > a
            && word(last)
            && is_currency(self.word(last))
            && (self.on(last - 1, B_NATIONALITY)
                || self
                    .lookup1(last - 1)
                    .is_some_and(|e| e.kind == LexKind::Place))
        {
            *b = last;
        }
        true
    }

    /// "Northrop Grumman said": a common word that is also a surname, then a capitalized word
    /// no list knows, open a company's or a person's name, not a sentence ("Young Zorbix").
    pub(super) fn surname_then_unknown(&self, a: usize) -> bool {
        let t = self.t;
        let n = a + 1;
        self.on(a, B_SURNAME)
            && n < t.len()
            && t.toks[n].kind == Kind::Word
            && t.toks[n].cap
            && !t.toks[n].upper
            && t.toks[n].space_before
            && self.bits(n) & !(flags::PROBED | flags::SPACED | B_STOP) == 0
    }
}
