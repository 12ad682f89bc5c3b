//! Name mentions: capitalized chunks classified as person, place or organization.
//!
//! A chunk is a run of capitalized words on one line, joined by hyphens, `&`, name particles
//! (de, da, van, bin, …) and — inside organization and place names and titles — by "of", "for",
//! "and", "the". Each chunk is split at titles ("U.S. Secretary of State Jane Doe" → a
//! place, a title, a person), then classified by, in order: the gazetteers, organization and
//! place heads ("… Party", "… Parish"), context cues ("the province of X", "said X",
//! "leader X", "X, who", "the X administration"), given-name and surname lists, and the shape of
//! the name. Chunks in weak positions (sentence starts, Title-Case or ALL-CAPS headlines) and
//! lone words without a cue are left unresolved; the linker decides them from what the rest of
//! the corpus says about the same form.

use super::lexicon::{LexKind, Lexicon};
use super::lexicon::{
    B_COMMON, B_COMPASS, B_COMPLEMENT, B_EXTENDS, B_GIVEN, B_HEAD, B_NATIONALITY, B_ORG_PREFIX,
    B_ORG_SUFFIX, B_PLACE_OF, B_PLACE_PREFIX, B_PLACE_SUFFIX, B_ROLE, B_SURNAME, B_TITLE, B_VERB,
};
use super::tokenize::{Kind, Tokens};
use crate::model::EntityKind;
use std::cell::Cell;

/// Is `w` on the fixed word list `list`? A [`words::WordSet`] of the list, built on first use,
/// for lists asked of many words: a scan of the slice compares each entry.
macro_rules! on_list {
    ($list:expr, $w:expr) => {{
        static SET: std::sync::OnceLock<$crate::analyze::names::words::WordSet> =
            std::sync::OnceLock::new();
        SET.get_or_init(|| $crate::analyze::names::words::set_of($list))
            .contains($w)
    }};
}

mod alone;
mod cand;
mod chunks;
mod coord;
mod cues;
mod emit;
mod flags;
mod lines;
mod spans;
pub(crate) mod words;
pub use cand::{sub_key_of, Cand, Part, Parts};
use chunks::*;
pub use coord::legal_form;
use cues::*;
pub use cues::{beside_number, is_company_designator, is_number_word};
use lines::{headline_lines, lineup_line, score_lines};
use spans::{
    common_nouns_capitalized, companies_over_cities, drop_designators, halls_of_fame,
    link_acronyms, numbered_units, places_in_lists, surnames_over_cities,
};
use words::*;
pub use words::{is_month, is_weekday};

/// Is `w` a noun that, after a name, makes it a person's ("the Biden administration")?
pub fn is_person_after(w: &str) -> bool {
    PERSON_AFTER.contains(&w)
}

/// How sure a candidate's kind is.
pub const WEAK: u8 = 0;
pub const MEDIUM: u8 = 1;
pub const STRONG: u8 = 2;
pub const LEXICON: u8 = 3;

struct Ctx<'a, 'b> {
    t: &'a Tokens<'b>,
    norms: Norms<'a>,
    lex: &'static Lexicon,
    blocked: &'a [bool],
    weak_line: Vec<bool>,
    score_line: Vec<bool>,
    /// Each token's word-list bits ([`Lexicon::word_bits`]) once probed, or 0: the rules ask
    /// about the same token from many places, and one probe answers for every list.
    bits: Vec<Cell<u32>>,
    out: Vec<Cand>,
    /// A phrase key being built: its memory kept from chunk to chunk, not allocated per chunk.
    scratch: Cell<String>,
}

/// Each token's folded form ([`Tokens::norm`]), cut from the tokens once per document: the
/// rules ask for the same forms a few times per token, and an entry of a slice costs less than
/// a cut with its bounds and boundary checks. `Copy`, so a rule can hold it while it emits.
#[derive(Clone, Copy)]
struct Norms<'a>(&'a [&'a str]);

impl<'a> Norms<'a> {
    /// Token `i`'s folded form; "" past the last token, as [`Tokens::norm`].
    #[inline]
    fn of(self, i: usize) -> &'a str {
        self.0.get(i).copied().unwrap_or("")
    }
}

/// Finds the name mentions of a tokenized text; `blocked[i]` marks tokens already taken (dates).
/// The rules propose, and the learned layer ([`super::learn`]), when built in, decides kinds.
pub fn extract(t: &Tokens<'_>, lex: &'static Lexicon, blocked: &[bool]) -> Vec<Cand> {
    let mut raw = extract_rules(t, lex, blocked);
    if let Some(m) = super::learn::model() {
        let cx = super::learn::Context {
            t,
            lex,
            weak_line: &raw.weak_line,
            score_line: &raw.score_line,
        };
        super::learn::apply(m, &cx, &mut raw.cands);
    }
    surnames_over_cities(&mut raw.cands, lex);
    companies_over_cities(t, &mut raw.cands, lex);
    common_nouns_capitalized(t, &mut raw.cands, lex);
    numbered_units(t, &mut raw.cands, lex, blocked);
    halls_of_fame(t, &mut raw.cands);
    coord::partners_of_a_company(&mut raw.cands);
    drop_designators(&mut raw.cands);
    cand::settle(raw.cands)
}

/// The rule cascade's candidates, with the line kinds the learned layer reads.
pub struct RuleOutput {
    pub cands: Vec<Cand>,
    /// Tokens on headline lines.
    pub weak_line: Vec<bool>,
    /// Tokens on results lines.
    pub score_line: Vec<bool>,
}

/// The rule cascade alone (see [`extract`]).
pub fn extract_rules(t: &Tokens<'_>, lex: &'static Lexicon, blocked: &[bool]) -> RuleOutput {
    let weak_line = headline_lines(t);
    let score_line = score_lines(t);
    let norms: Vec<&str> = t.norms().collect();
    let mut cx = Ctx {
        t,
        norms: Norms(&norms),
        lex,
        blocked,
        weak_line,
        score_line,
        bits: vec![Cell::new(0); t.len()],
        out: cand::scratch(),
        scratch: Cell::new(String::new()),
    };
    let mut i = 0;
    while i < t.len() {
        if starts_chunk(&cx, i) {
            let end = chunk_end(&cx, i);
            cx.chunk(i, end);
            i = end;
        } else {
            i += 1;
        }
    }
    places_in_lists(t, &mut cx.out, lex);
    coord::possessive_companies(t, lex, &mut cx.out);
    link_acronyms(&mut cx);
    RuleOutput {
        cands: cx.out,
        weak_line: cx.weak_line,
        score_line: cx.score_line,
    }
}

impl<'a> Ctx<'a, '_> {
    #[inline]
    fn word(&self, i: usize) -> &'a str {
        self.norms.of(i)
    }

    #[inline]
    fn prev_word(&self, a: usize) -> &'a str {
        if a == 0 {
            ""
        } else {
            self.word(a - 1)
        }
    }

    #[inline]
    fn is_title(&self, i: usize) -> bool {
        let tok = &self.t.toks[i];
        tok.kind == Kind::Word && tok.cap && self.on(i, B_TITLE) && !amp_joined(self.t, i)
    }

    #[inline]
    fn is_complement(&self, i: usize) -> bool {
        let tok = &self.t.toks[i];
        tok.kind == Kind::Word && tok.cap && self.on(i, B_COMPLEMENT)
    }

    /// Classifies chunk `a..b`.
    fn chunk(&mut self, mut a: usize, mut b: usize) {
        let t = self.t;
        let nm = self.norms;
        // A month's abbreviation in title case is a date, not a name or its end: "New York Dec"
        // (a futures contract), "Nov Lower Mississippi River"; nor is a figure's ("U.S. Dlrs").
        let month = |i: usize| !t.toks[i].upper && is_month_abbrev(nm.of(i));
        while b > a && month(b - 1) {
            b -= 1;
        }
        while a < b && month(a) {
            a += 1;
        }
        if a >= b || !trim_units(t, nm, &mut a, &mut b) || !self.trim_things(a, &mut b) {
            return;
        }
        self.trim_months(&mut a, &mut b);
        if a >= b {
            return;
        }
        // A handle or a hashtag ("@MattBevin", "#MeToo"): no name in running text.
        if a > 0 && !t.toks[a].space_before && (t.is_punct(a - 1, '@') || t.is_punct(a - 1, '#')) {
            return;
        }
        // "Standard and Poor's Corp": a possessive and a company's designator after the whole
        // make it one company.
        let poss_company = b + 1 < t.len()
            && t.toks[b].kind == Kind::Poss
            && t.toks[b + 1].cap
            && is_company_designator(nm.of(b + 1));
        // Leading function words ("The", "In", "But") and, at a sentence start, common words.
        while a < b {
            let w = self.word(a);
            if t.toks[a].kind != Kind::Word {
                a += 1;
                continue;
            }
            let stop = self.stop_at(a);
            if stop && self.lex_match(a, b).is_none_or(|e| e <= a + 1) && !amp_joined(t, a) {
                a += 1;
                continue;
            }
            // "Republican Phil Bryant", "French Alain Prost": the affiliation is no part of a
            // person's name (a gazetteer phrase such as "Democratic Republic of …" stays).
            if b - a >= 3
                && (on_list!(PARTY_BEFORE, w) || self.on(a, B_NATIONALITY))
                && t.toks[a + 1].kind == Kind::Word
                && self.on(a + 1, B_GIVEN)
                && self.lex_match(a, b).is_none()
            {
                a += 1;
                continue;
            }
            if self.weak_line[a] {
                break;
            }
            // "Athough Reagan said": a misspelt opening word ("although") is no part of a name.
            if t.toks[a].sent_start
                && b - a >= 2
                && !self.on(a, B_GIVEN | B_SURNAME | B_COMMON)
                && self.lookup1(a).is_none()
                && misspelt_opener(w)
            {
                a += 1;
                continue;
            }
            // "Finance director Jim Brown", "Defence chief": a portfolio word before a
            // lowercase role is part of the office, no name.
            if self.portfolio_before_role(a, b) {
                a += 1;
                continue;
            }
            // "undersecretary of Economic Affairs Robert Ortner": portfolio words right before
            // a given name and a surname end an office, no part of the name.
            let mut g = a;
            while g < b && self.is_complement(g) && !self.is_title(g) {
                g += 1;
            }
            if g > a
                && b - g >= 2
                && t.toks[g].kind == Kind::Word
                && self.on(g, B_GIVEN)
                && self.lex_match(a, b).is_none()
            {
                a = g;
                continue;
            }
            // "Finance Minister Edouard Balladur": a portfolio word before a title is part of
            // the title, not a word left to the linker.
            let portfolio = self.is_complement(a) && a + 1 < b && self.is_title(a + 1);
            let weak =
                t.toks[a].sent_start && !self.score_line[a] && !self.is_title(a) && !portfolio;
            if weak
                && !amp_joined(t, a)
                && self.on(a, B_COMMON)
                && !self.on(a, B_GIVEN)
                && self.lookup1(a).is_none()
                && !(self.weak_line[a] && t.toks[a].upper)
                && !(b - a >= 2
                    && !self.weak_line[a]
                    && (self.headed(a, b)
                        || poss_company
                        || self.airline(a, b).is_some()
                        || on_list!(CLUB_PREFIXES, w)
                        || self.surname_then_unknown(a)))
            {
                if let Some(k) = self.lex_match(a, b) {
                    if k > a + 1 {
                        break;
                    }
                }
                // Left for the linker: a known name ("Trump said") or a common word ("Voters");
                // a table row's label ("Net 3,660,273 vs 2,437,914", "Pay April 15") is neither.
                if !row_label(t, self.blocked, a) {
                    self.emit(a, a + 1, None, WEAK, None);
                }
                a += 1;
                continue;
            }
            break;
        }
        if a >= b {
            return;
        }
        // "Tory MP for Kensington and Chelsea": a member's constituency is a place, and what
        // comes before the title (the party) a name of its own.
        if let Some(k) = (a..b.saturating_sub(2)).find(|&k| {
            t.is_lower_word(k + 1)
                && t.is(k + 1, "for")
                && matches!(
                    self.word(k),
                    "mp" | "mps" | "mep" | "meps" | "msp" | "mla" | "td"
                )
        }) {
            if k > a {
                self.chunk(a, k);
            }
            // "Kensington and Chelsea": each a place (a name never holds "and").
            let mut s = k + 2;
            for e in (k + 3..b).filter(|&e| t.is(e, "and")).chain([b]) {
                if e > s {
                    self.emit(s, e, Some(EntityKind::Place), MEDIUM, None);
                }
                s = e + 1;
            }
            return;
        }
        // "Alex Ferguson and Arsene Wenger": "and" joins two names unless the whole is a known
        // name or ends in an organization or place head ("Foreign Affairs and Security Policy").
        // A spaced "&" after a name of two words or more joins two names too ("Fresquito
        // Fresquet & Angelo"), unlike "Procter & Gamble" or "AT&T".
        let split = (a + 1..b.saturating_sub(1)).find(|&k| {
            (t.is_lower_word(k) && t.is(k, "and"))
                || (t.toks[k].space_before
                    && t.toks[k].end == t.toks[k].start + 1
                    && t.text(k) == "&"
                    && (a..k).filter(|&i| t.toks[i].kind == Kind::Word).count() >= 2)
        });
        if let Some(k) = split {
            // Two names each whole on its own ("Bank of England and U.S.") are split even
            // under a head.
            let known = self.lookup_span(a, b).is_some();
            if !known
                && !self.business_after_and(k)
                && (!self.headed(a, b) && !poss_company || self.two_names_joined(a, k, b))
            {
                self.chunk(a, k);
                self.chunk(k + 1, b);
                return;
            }
        }
        // "the Reagan-Gorbachev summit", "the Iran-Iraq war": two names joined by a hyphen
        // before a word of what is between them are two names.
        if b == a + 3
            && t.is_punct(a + 1, '-')
            && !t.toks[a + 1].space_before
            && !t.toks[a + 2].space_before
            && t.toks[a + 2].cap
            && t.is_lower_word(b)
            && BETWEEN_TWO.contains(&self.word(b))
            && [a, a + 2].iter().all(|&i| {
                !self.on(i, B_COMMON) || self.on(i, B_SURNAME) || self.lookup1(i).is_some()
            })
        {
            self.chunk(a, a + 1);
            self.chunk(a + 2, b);
            return;
        }
        // "Karma Automotive Andreas Thurner", "Chrysler LLC Jim Press": a company's head word,
        // then a given name and a surname: the company, then its person.
        let person_after = |k: usize| {
            let n = (k + 1..b).filter(|&i| t.toks[i].kind == Kind::Word).count();
            (2..=3).contains(&n)
                && t.toks[k + 1].kind == Kind::Word
                && self.on(k + 1, B_GIVEN)
                && (k + 1..b).all(|i| self.name_like(i))
        };
        if let Some(k) = (a + 1..b.saturating_sub(2)).find(|&k| {
            t.toks[k].cap
                && (self.on(k, B_ORG_SUFFIX) || is_company_designator(self.word(k)))
                && !self.on(k, B_TITLE)
                && (person_after(k) || (!self.is_complement(k) && self.title_then_name(k + 1, b)))
        }) {
            self.chunk(a, k + 1);
            self.chunk(k + 1, b);
            return;
        }
        // "US Air Force", "U.S. Senate": the country is a place of its own.
        if let Some((e, body)) = self.country_body(a, b) {
            let canon = self.lookup_span(a, e).map(|x| x.canon);
            self.emit(a, e, Some(EntityKind::Place), LEXICON, canon);
            // "the U.S. Government": no organization named "Government".
            if !(b == e + 1 && GENERIC_BODIES.contains(&self.word(e))) {
                let s = if body.is_some() { LEXICON } else { STRONG };
                self.emit(e, b, Some(EntityKind::Organization), s, body);
            }
            return;
        }
        // "U.S. Officials said", "billion U.S. Dlrs", "the U.S. To preserve": a country, then
        // one or two common words that head no organization or place: the country alone.
        if let Some(e) = self.country_then_common(a, b) {
            let canon = self.lookup_span(a, e).map(|x| x.canon);
            self.emit(a, e, Some(EntityKind::Place), LEXICON, canon);
            return;
        }
        if self.weak_line[a] {
            // Headlines: only what the gazetteers or the rest of the corpus vouch for; no office
            // alone ("PORT SUBSIDY TO END - MINISTER" cites a source).
            if let Some(e) = self.lookup_span(a, b) {
                let kind = lex_kind(e.kind);
                self.emit(a, b, Some(kind), LEXICON, Some(e.canon));
            } else if !(b == a + 1 && self.is_title(a) && self.on(a, B_ROLE)) {
                self.emit(a, b, None, WEAK, None);
            }
            return;
        }
        // Titles: "U.S. Secretary of State Jane Doe".
        if let Some((ts, te)) = self.last_title_run(a, b) {
            // "the Prime Minister of Singapore": the place is a mention, the office none.
            if let Some(c) = self.office_place(te, b) {
                if ts > a {
                    self.segment(a, ts, false);
                }
                let canon = self.lookup_span(c, b).map(|x| x.canon);
                self.emit(c, b, Some(EntityKind::Place), LEXICON, canon);
                return;
            }
            if let Some(c) = self.office_body(ts, te, b) {
                if ts > a {
                    self.before_title(a, ts);
                }
                self.segment(c, b, false);
                return;
            }
            // "Premier League", "Prince Edward Island", "Major League Baseball": not a title
            // before a name (the word after it is a common word, not a given name or surname).
            let name_after = self.name_after_title(ts, te, b);
            // "Prime Day 2019": an event after a title word, no person.
            if self.lookup_span(a, b).is_none()
                && !(te < b && self.headed(te, b))
                && !on_list!(EVENT_HEADS, self.word(b - 1))
                && name_after
            {
                if ts > a {
                    self.before_title(a, ts);
                }
                // "President of the United States": the country ending a title is a place.
                if let Some(k) = (ts..te).find(|&k| t.is_lower_word(k) && self.word(k) == "of") {
                    let c = k + 1 + usize::from(t.is(k + 1, "the"));
                    if let Some(x) = self.lookup_span(c, te).filter(|_| c < te) {
                        self.emit(c, te, Some(lex_kind(x.kind)), LEXICON, Some(x.canon));
                    } else if c + 1 < te && self.org_body(c, te) {
                        // "Governor of the Bank of England": the bank is a mention.
                        self.segment(c, te, false);
                    }
                }
                if te < b {
                    if t.is_lower_word(te) {
                        // "MP for Kensington": a constituency or a body, not a person.
                        self.segment(te + 1, b, false);
                    } else {
                        self.segment(te, b, true);
                    }
                }
                return;
            }
        }
        self.segment(a, b, false);
    }

    /// Classifies a title-free segment `a..b`; `after_title` when a title stands before it.
    fn segment(&mut self, a: usize, b: usize, after_title: bool) {
        let t = self.t;
        let nm = self.norms;
        let lex = self.lex;
        // The gazetteer's entry for the whole segment, looked up once for the tests below (no
        // key built for one word, nor for words that start no phrase).
        let entry = self.lookup_span(a, b);
        // The segment's words (not its punctuation), walked where needed: no list of them.
        let words = || (a..b).filter(|&i| t.toks[i].kind == Kind::Word);
        let (Some(first), Some(last)) = (words().next(), words().next_back()) else {
            return;
        };
        let n = words().count();
        let fw: &str = nm.of(first);
        let lw: &str = nm.of(last);
        // The first and the last word's lists.
        let (f, l) = (self.bits(first), self.bits(last));

        // A currency's country code ("US$14 billion", "A$5", "HK$"): not a mention.
        if n == 1 && t.is_punct(b, '$') && !t.toks[b].space_before {
            return;
        }

        // 0. Teams on results lines: countries stay places, the rest are clubs; but a given
        // name and a surname, or any name on a line of scorers, is a player.
        if self.score_line[a] && b < t.len() && t.toks[b].kind == Kind::Num {
            let player = (n >= 2 && f & B_GIVEN != 0 && l & B_SURNAME != 0) || lineup_line(t, a);
            match entry {
                _ if player => self.emit(a, b, Some(EntityKind::Person), MEDIUM, None),
                Some(e) if e.region => {
                    self.emit(a, b, Some(EntityKind::Place), LEXICON, Some(e.canon))
                }
                _ => self.emit(a, b, Some(EntityKind::Organization), MEDIUM, None),
            }
            return;
        }
        if self.portfolio_before_role(first, b) {
            return;
        }
        // "Air Canada", "Air New Zealand": an airline, not the place inside it.
        if let Some(e) = self.airline(first, b) {
            self.emit(a, e, Some(EntityKind::Organization), STRONG, None);
            return;
        }
        // "French Sudan", "British Honduras": a territory, not an organization.
        if n >= 2 && self.colony(first, b) {
            self.emit(a, b, Some(EntityKind::Place), STRONG, None);
            return;
        }
        // "Whitehall, Pa.": a US state's abbreviation after a town.
        if n == 1 {
            if let Some(state) = ap_state(t, first) {
                self.emit(
                    a,
                    b,
                    Some(EntityKind::Place),
                    LEXICON,
                    lex.lookup(state).map(|e| e.canon),
                );
                return;
            }
        }
        // A table row's label ("Oper Shr loss 40 cts vs loss 10 cts") or a word alone on its
        // line (a sign-off, a heading): no name, unless the gazetteer knows it.
        let listed = entry.is_some();
        if !listed && f & B_GIVEN == 0 && (table_label(t, a) || (n == 1 && alone_on_line(t, a, b)))
        {
            return;
        }
        // A month or weekday name alone ("said March sales", "March/April"): no name.
        if n == 1 && (is_weekday(fw) || (is_month(fw) && fw != "may") || on_list!(HOLIDAYS, fw)) {
            return;
        }
        // "rated AA by", "upgraded to Aaa from Aa-1": a credit rating, no name.
        if n == 1 && credit_rating(t, first) {
            return;
        }
        // "Eurodollar", "Euroyen", "Eurobonds": money, no name.
        if n == 1
            && fw
                .strip_prefix("euro")
                .is_some_and(|r| on_list!(EURO_MONEY, r))
        {
            return;
        }
        // "Citibank", "Bundesbank": one word ending in "bank" that no name list knows is a bank
        // (whatever cue stands before it: "committee chairman Citibank").
        if n == 1
            && entry.is_none()
            && f & (B_GIVEN | B_SURNAME | B_COMMON) == 0
            && fw.len() > 6
            && fw.ends_with("bank")
        {
            self.emit(a, b, Some(EntityKind::Organization), STRONG, None);
            return;
        }
        // 1. Gazetteers; a city may name a club or a company (see `city_as_org`).
        if let Some(e) = entry {
            if let Some(s) = self.city_as_org(e, a, b) {
                self.emit(a, b, Some(EntityKind::Organization), s, None);
                return;
            }
            let kind = lex_kind(e.kind);
            // A person's name that happens to be a city ("Washington") after a title stays a person.
            if !(after_title && kind == EntityKind::Place && !e.region) {
                self.emit(a, b, Some(kind), LEXICON, Some(e.canon));
                return;
            }
        }
        // "the band Deadsy", "German airline Lufthansa": a noun of a body before the name (not
        // a nationality: "the airline American" would make every "American" a company).
        let known = f & (B_GIVEN | B_SURNAME) != 0;
        if f & B_NATIONALITY == 0
            && (org_noun_before(t, a, b, known) || (f & B_GIVEN == 0 && club_verb_before(t, a)))
        {
            return self.emit(a, b, Some(EntityKind::Organization), STRONG, None);
        }
        if place_noun_before(t, a, b, known) {
            return self.emit(a, b, Some(EntityKind::Place), STRONG, None);
        }
        // "Zarnovan-based", "Kestrol-born": the place a company or a person comes from.
        if t.is_lower_word(b + 1)
            && !t.toks[b + 1].space_before
            && !t.toks[b].space_before
            && t.is_punct(b, '-')
            && matches!(self.word(b + 1), "based" | "born" | "headquartered")
            && f & B_NATIONALITY == 0
        {
            self.emit(a, b, Some(EntityKind::Place), STRONG, None);
            return;
        }
        // 2. Nationality adjectives and their compounds are not places.
        // (The first word's bits answer for most segments without the walk.)
        if f & (B_NATIONALITY | B_COMPASS) != 0
            && words().all(|i| self.on(i, B_NATIONALITY | B_COMPASS))
        {
            return;
        }
        if after_title {
            self.emit(a, b, Some(EntityKind::Person), STRONG, None);
            return;
        }
        // Events, prizes, named days ("Davis Cup", "Election Day"), but not "Doris Day"; a
        // common word before a weekday ("Black Friday"): none of the three kinds.
        // ("World War II", "Super Bowl XL": the head before a numeral.)
        let event_head = if n >= 3 && is_roman(lw) {
            words().nth(n - 2).map_or("", |i| nm.of(i))
        } else {
            lw
        };
        if n >= 2 && on_list!(EVENT_HEADS, event_head) && !(f & B_GIVEN != 0 && l & B_SURNAME != 0)
        {
            return;
        }
        if n == 1
            && b < t.len()
            && t.toks[b].cap
            && is_weekday(nm.of(b))
            && f & B_COMMON != 0
            && f & B_GIVEN == 0
        {
            return;
        }
        // A product after its maker ("Apple AirPods", "Google Stadia"): the maker alone.
        if n >= 2 && !self.headed(a, b) {
            if let Some(e) = self.lex_match(a, b).filter(|&e| e < b) {
                if let Some(x) = self.lookup_span(a, e).filter(|x| x.kind == LexKind::Org) {
                    self.emit(a, e, Some(EntityKind::Organization), LEXICON, Some(x.canon));
                    return;
                }
            }
        }
        // A model number or a sequel beside it ("737 Max", "Destiny 2", "Wi-Fi 6"): a product,
        // left open (the learned layer skips it too) for the corpus to decide.
        if beside_number(t, a, b) && (n == 1 || f & B_GIVEN == 0) {
            self.emit(a, b, None, WEAK, None);
            return;
        }
        // 3. "X is a village in …", "X, a rock band": the definition, then heads.
        let person_like = n >= 2 && f & B_GIVEN != 0;
        let defined = (f & B_NATIONALITY == 0 && !person_like)
            .then(|| defined_as(t, b))
            .flatten();
        if let Some(k) = defined {
            self.emit(a, b, Some(k), STRONG, None);
            return;
        }
        let org_inner = words()
            .take(n - 1)
            .any(|i| self.on(i, B_ORG_SUFFIX) && i + 1 < b && t.is_lower_word(i + 1));
        // "board chairman John Tower": a given name and a surname that is also a place's head
        // word, after a person's role, is the person.
        let role_person = n == 2
            && f & B_GIVEN != 0
            && l & B_SURNAME != 0
            && a > 0
            && t.is_lower_word(a - 1)
            && self.on(a - 1, B_ROLE);
        if role_person && l & B_PLACE_SUFFIX != 0 {
            self.emit(a, b, Some(EntityKind::Person), STRONG, None);
            return;
        }
        if n >= 2 && l & B_PLACE_SUFFIX != 0 && l & B_ORG_SUFFIX == 0 {
            self.emit(a, b, Some(EntityKind::Place), STRONG, None);
            return;
        }
        // "said Jim Press, the vice chairman": a given name, a surname that is also a head
        // word, and a person's cue around them.
        // (Asked last: the apposition's walk costs more than the tests before it.)
        let comma_after = t.is_punct(b, ',');
        let person_cue = || {
            comma_after
                && (matches!(self.word(b + 1), "who" | "whose")
                    || self.apposition_role(b + 1)
                    || (matches!(self.word(b + 1), "the" | "a" | "an")
                        && (b + 2..(b + 5).min(t.len()))
                            .any(|k| t.toks[k].kind == Kind::Word && self.on(k, B_TITLE))))
        };
        if n == 2
            && f & B_GIVEN != 0
            && !t.toks[first].sent_start
            && !is_company_designator(lw)
            && person_cue()
        {
            self.emit(a, b, Some(EntityKind::Person), STRONG, None);
            return;
        }
        if n >= 2 && (l & B_ORG_SUFFIX != 0 || f & B_ORG_PREFIX != 0 || org_inner) {
            self.emit(a, b, Some(EntityKind::Organization), STRONG, None);
            return;
        }
        if n >= 2 && l & B_PLACE_SUFFIX != 0 {
            self.emit(a, b, Some(EntityKind::Place), STRONG, None);
            return;
        }
        // "San José", "Santa Inés", "Nueva Castilla": a Spanish or Portuguese place even before
        // a given name; "Rio Ferdinand", "St. Peter" or "Fort William" are left to the rest.
        // "Lake Chad", "Mount Victoria": a prefix before a place the gazetteer knows is a place
        // even where that place is also a given name.
        if n >= 2
            && f & B_PLACE_PREFIX != 0
            && (l & B_GIVEN == 0
                || matches!(fw, "san" | "santa" | "santo" | "sao" | "nueva" | "nuevo")
                || self
                    .lookup_span(first + 1, b)
                    .is_some_and(|e| e.kind == LexKind::Place))
        {
            self.emit(a, b, Some(EntityKind::Place), STRONG, None);
            return;
        }
        // "South Florida": a compass word before a known place; but "played with North
        // Melbourne", "North Melbourne beat Hawthorn 5-2": the club named after it.
        if n >= 2 && f & B_COMPASS != 0 {
            if let Some(e) = self.lookup_span(first + 1, b) {
                if e.kind == LexKind::Place {
                    if !e.region && (club_verb_before(t, a) || match_side(t, a, b)) {
                        self.emit(a, b, Some(EntityKind::Organization), STRONG, None);
                        return;
                    }
                    self.emit(a, b, Some(EntityKind::Place), LEXICON, None);
                    return;
                }
            }
        }
        // 4. "the province of X", "the city of X".
        if self.prev_word(a) == "of" && a >= 2 && self.on(a - 2, B_PLACE_OF) {
            self.emit(a, b, Some(EntityKind::Place), STRONG, None);
            return;
        }
        // "in Tabay, Merida, Venezuela": a list that ends in a known place.
        if self.place_list(a, b) {
            self.emit(a, b, Some(EntityKind::Place), STRONG, None);
            return;
        }
        // "Debden, England, 4 June": a place in a country or a state (not "Jan Smit, Netherlands").
        if !(n >= 2 && f & B_GIVEN != 0 && l & B_SURNAME != 0) && self.region_after(b) {
            self.emit(a, b, Some(EntityKind::Place), STRONG, None);
            return;
        }
        // "the Terra Nova field", "the Hemlo mine": a place.
        if t.is_lower_word(b) && on_list!(SITE_AFTER, nm.of(b)) {
            self.emit(a, b, Some(EntityKind::Place), MEDIUM, None);
            return;
        }
        // "Merrill Lynch and Co", "Kidder, Peabody and Co": a company.
        if company_after(t, b) {
            self.emit(a, b, Some(EntityKind::Organization), STRONG, None);
            return;
        }
        // "Petro-Canada": a compound with a country in it is no one's name.
        let country_part = (a..b).any(|i| nm.of(i).contains('-'))
            && (t.key(a, b).split(['-', ' '])).any(|w| lex.lookup(w).is_some_and(|e| e.region));
        if country_part {
            self.emit(a, b, Some(EntityKind::Organization), MEDIUM, None);
            return;
        }
        // "Pantera's Corp", "Sterling's board", "Acme's shares": a company.
        if b + 1 < t.len() && t.toks[b].kind == Kind::Poss {
            let after = self.word(b + 1);
            let desig = t.toks[b + 1].cap
                && matches!(
                    after,
                    "corp" | "inc" | "co" | "ltd" | "plc" | "llc" | "company"
                );
            // "rated by Moody's.", "Standard and Poor's said": a possessive that nothing
            // possessed follows is a company's name ("Moody's"), not a person's possessive.
            let alone = (t.toks[b + 1].kind == Kind::Punct
                && matches!(t.text(b + 1), "." | "," | ";" | ")" | ":"))
                || (t.is_lower_word(b + 1)
                    && (matches!(after, "and" | "or") || self.on(b + 1, B_VERB)));
            let alone = alone && !(n >= 2 && f & B_GIVEN != 0);
            if desig || alone || (t.is_lower_word(b + 1) && on_list!(ORG_POSS_AFTER, after)) {
                // "Standard and Poor's Corp": the partner before "and" is part of the name, not
                // a candidate of its own.
                let partner = (desig || alone)
                    && a >= 2
                    && t.is_lower_word(a - 1)
                    && t.is(a - 1, "and")
                    && t.toks[a - 2].kind == Kind::Word
                    && t.toks[a - 2].cap
                    && t.toks[a - 1].nl_before == 0
                    && t.toks[a].nl_before == 0;
                let a = if partner {
                    let from = t.toks[a - 2].start;
                    self.out.retain(|c| c.end <= from);
                    a - 2
                } else {
                    a
                };
                let strength = if desig || !alone { STRONG } else { MEDIUM };
                // "Moody's", "Standard and Poor's", "Pantera's Corp": the 's is part of the
                // company's name; before a possessed noun ("Sterling's board") it is not.
                if desig || alone {
                    self.emit_possessive(a, b, strength);
                } else {
                    self.emit(a, b, Some(EntityKind::Organization), strength, None);
                }
                return;
            }
        }
        // 5. Person cues.
        let prev: &str = if a > 0 { nm.of(a - 1) } else { "" };
        let prev_lower = a > 0 && t.is_lower_word(a - 1);
        let next: &str = nm.of(b);
        // "rival Ryanair", "partner Acme": roles that companies have too are no person's cue
        // for one word no name list knows.
        let shared_role = n == 1
            && matches!(
                prev,
                "rival" | "rivals" | "partner" | "partners" | "competitor"
            )
            && f & (B_GIVEN | B_SURNAME) == 0;
        let role_before = prev_lower && self.on(a - 1, B_ROLE) && !shared_role;
        let said_before = prev_lower && self.on(a - 1, B_VERB) && prev != "told";
        let said_after = b < t.len() && t.is_lower_word(b) && self.on(b, B_VERB);
        let who_after = comma_after && matches!(self.word(b + 1), "who" | "whose");
        // (An apposition's walk only when no cheaper cue has answered.)
        let appos = || comma_after && self.apposition_role(b + 1);
        let admin_after = t.is_lower_word(b) && PERSON_AFTER.contains(&next);
        let poss_admin =
            b < t.len() && t.toks[b].kind == Kind::Poss && PERSON_AFTER.contains(&self.word(b + 1));
        let acronym = n == 1 && t.toks[first].upper && !t.toks[first].dotted;
        // A common word that is no name ("said Southern Bell", "said Euroyen") is left to
        // the corpus even after a cue.
        let plain = f & B_COMPASS != 0 || f & B_COMMON != 0 && f & (B_GIVEN | B_SURNAME) == 0;
        if (role_before || said_before || who_after || appos() || admin_after)
            && (!acronym || role_before)
        {
            // ("the Biden administration" keeps its cue: a name the word list has as common.)
            if plain && !role_before && (n >= 2 || (said_before && !admin_after)) {
                self.emit(a, b, None, MEDIUM, None);
            } else {
                self.emit(a, b, Some(EntityKind::Person), STRONG, None);
            }
            return;
        }
        // 6. "the X": not a person.
        let after_the = prev == "the" && a > 0 && t.toks[a - 1].kind == Kind::Word;
        if after_the && !(n == 1 && poss_admin) {
            // "the Laboratory", "the Universe", "the Symposium": a common noun capitalized, not
            // a name by itself; left open like the modifier below (the model and the corpus
            // decide; "the Senate" keeps its organization head word).
            let plain_noun = n == 1 && !acronym && f & B_COMMON != 0 && f & B_ORG_SUFFIX == 0;
            if (n == 1 && !acronym && t.is_lower_word(b)) || plain_noun {
                // "the Acme community", "the Smith camp": a modifier; the corpus decides.
                self.emit(a, b, None, WEAK, None);
                return;
            }
            let kind = if acronym || lw.ends_with('s') {
                EntityKind::Organization
            } else if a >= 2 && on_list!(PLACE_PREPS, self.word(a - 2)) && n >= 2 {
                EntityKind::Place
            } else {
                EntityKind::Organization
            };
            self.emit(a, b, Some(kind), MEDIUM, None);
            return;
        }
        // 7. Given names and surnames.
        let given_first = f & B_GIVEN != 0
            && !t.toks[first].sent_start
            && words().all(|i| {
                let tok = &t.toks[i];
                let w = self.word(i);
                tok.cap
                    && (tok.dotted || !tok.upper)
                    && !self.on(i, B_ORG_SUFFIX)
                    && !is_company_designator(w)
                    && !self.stop_at(i)
            });
        if (2..=4).contains(&n) && given_first {
            self.emit(a, b, Some(EntityKind::Person), STRONG, None);
            return;
        }
        // Every word name-like, and the first no common word unless a given name ("Blue Moon").
        let name_first = f & B_GIVEN != 0 || f & B_COMMON == 0;
        if (2..=5).contains(&n) && name_first && words().all(|i| self.name_like(i)) {
            let strong = f & B_GIVEN != 0 || l & B_SURNAME != 0;
            self.emit(
                a,
                b,
                Some(EntityKind::Person),
                if strong { STRONG } else { MEDIUM },
                None,
            );
            return;
        }
        // "Chrysler said": one word before "said" is as often a company as a person; the
        // corpus decides unless it is a given name or the administration of someone.
        if (said_after || poss_admin) && !acronym && n <= 4 {
            // "Southern Bell said": a common word first is as often a company.
            if (n >= 2 && name_first) || poss_admin || f & B_GIVEN != 0 {
                self.emit(a, b, Some(EntityKind::Person), MEDIUM, None);
            } else {
                // Kind left open, but a person if the corpus names someone so ("Cook wrote").
                self.emit(a, b, None, MEDIUM, None);
            }
            return;
        }
        if n == 1 {
            let w = fw;
            let weak = t.toks[first].sent_start;
            // A word alone on its line (a sign-off such as "Reuter", a table's heading) or a
            // month or weekday name alone ("March/April sold at"): no name by itself.
            let alone = (a == 0 || line_break(self, a)) && (b >= t.len() || line_break(self, b));
            if alone || is_weekday(w) || (is_month(w) && w != "may") {
                return;
            }
            if acronym && !on_list!(NOT_ORG_ACRONYMS, w) && (2..=6).contains(&w.chars().count()) {
                self.emit(a, b, Some(EntityKind::Organization), MEDIUM, None);
                return;
            }
            if weak && f & B_COMMON != 0 && f & B_GIVEN == 0 {
                return;
            }
            if prev_lower
                && (prev == "told"
                    || (prev == "with"
                        && a >= 2
                        && matches!(self.word(a - 2), "interview" | "interviews" | "partnership")))
            {
                self.emit(a, b, Some(EntityKind::Organization), MEDIUM, None);
                return;
            }
            // "Intel shares", and the first of a pair: "Sony and Intel shares".
            let pair_role = matches!(next, "and" | "or")
                && b + 2 < t.len()
                && is_cap_word(self, b + 1)
                && t.is_lower_word(b + 2)
                && on_list!(ORG_ROLE_AFTER, nm.of(b + 2));
            if t.is_lower_word(b) && (on_list!(ORG_ROLE_AFTER, next) || pair_role) {
                self.emit(a, b, Some(EntityKind::Organization), MEDIUM, None);
                return;
            }
            // "in Quellor", "flew to Ruvania".
            let motion_to = prev == "to"
                && a >= 2
                && t.is_lower_word(a - 2)
                && on_list!(MOTION_TO, self.word(a - 2));
            // "10,000 jobs at Opel", "an analyst at Nomura": an employer.
            if prev_lower
                && prev == "at"
                && a >= 2
                && t.is_lower_word(a - 2)
                && on_list!(WORK_AT, self.word(a - 2))
                && self.lookup_span(a, b).is_none()
            {
                self.emit(a, b, Some(EntityKind::Organization), MEDIUM, None);
                return;
            }
            if prev_lower
                && (matches!(prev, "in" | "near" | "outside" | "across" | "from" | "at")
                    || motion_to)
                && f & (B_COMMON | B_GIVEN) == 0
            {
                self.emit(a, b, Some(EntityKind::Place), MEDIUM, None);
                return;
            }
            self.emit(a, b, None, WEAK, None);
            return;
        }
        // Unresolved multi-word chunk: the linker looks for known parts.
        self.emit(a, b, None, WEAK, None);
    }
}

#[cfg(test)]
mod tests;
