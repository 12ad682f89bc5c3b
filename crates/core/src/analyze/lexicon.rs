//! Word lists the extractor consults: gazetteers (countries, regions, cities), well-known
//! organizations, given names and surnames, nationality adjectives, common English words, and
//! cue words (titles, roles, reporting verbs, organization and place heads).
//!
//! The lists live in `data/` (each file notes its source) and are compiled in with
//! `include_str!`; they are parsed once, on first use. Every key is folded the way the tokenizer
//! folds text ([`Lexicon::key`]), so lookups compare like with like.

mod recent;

use super::tokenize::{tokenize, Kind};
use std::sync::OnceLock;

pub use crate::fxhash::{FxBuild, FxHasher, FxMap, FxSet};

/// What a gazetteer entry names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LexKind {
    Place,
    Org,
}

/// One gazetteer entry: its kind and canonical display name.
#[derive(Clone, Debug)]
pub struct LexEntry {
    pub kind: LexKind,
    pub canon: &'static str,
    /// A country or first-level region (not just a city).
    pub region: bool,
}

/// All word lists.
pub struct Lexicon {
    pub phrases: FxMap<String, LexEntry>,
    /// Canonical names of the countries (GeoNames), to tell a country from a region or a city.
    pub countries: FxSet<&'static str>,
    /// Every proper word-prefix of a multi-word phrase ("bosnia", "bosnia and").
    pub phrase_prefixes: FxSet<String>,
    pub max_phrase: usize,
    pub given: FxSet<String>,
    pub surnames: FxSet<String>,
    pub common: FxSet<String>,
    pub nationalities: FxSet<String>,
    /// Organization and place heads and titles, in one set.
    pub heads: FxSet<String>,
    pub org_suffix: FxSet<String>,
    pub org_prefix: FxSet<String>,
    pub place_suffix: FxSet<String>,
    pub place_prefix: FxSet<String>,
    pub place_of: FxSet<String>,
    pub compass: FxSet<String>,
    pub titles: FxSet<String>,
    pub complements: FxSet<String>,
    pub roles: FxSet<String>,
    pub verbs: FxSet<String>,
    /// Per word, the lists above it is on (see [`Lexicon::word_flags`]); built on first use, by
    /// the extractor only, so an index read from the cache never holds it.
    word_flags: OnceLock<FxMap<String, u32>>,
}

/// [`Lexicon::word_flags`] bits: on the given names, surnames, common words, nationalities,
/// organization suffixes, place suffixes, titles; a gazetteer phrase of one word.
pub const W_GIVEN: u16 = 1;
pub const W_SURNAME: u16 = 1 << 1;
pub const W_COMMON: u16 = 1 << 2;
pub const W_NATIONALITY: u16 = 1 << 3;
pub const W_ORG_SUFFIX: u16 = 1 << 4;
pub const W_PLACE_SUFFIX: u16 = 1 << 5;
pub const W_TITLE: u16 = 1 << 6;
pub const W_PHRASE: u16 = 1 << 7;

/// [`Lexicon::word_bits`] bits: the [`Lexicon::word_flags`] bits above (`B_GIVEN` is
/// [`W_GIVEN`], …), then organization and place prefixes, the "province of" words, compass
/// words, title complements, roles, reporting verbs, heads ([`Lexicon::heads`]),
/// [`Lexicon::extends`] (a longer gazetteer phrase can start with the word), and the name
/// rules' stop words (`names::words::STOP`: never a name alone), so that the rules ask a
/// token's bits, probed once, instead of a set of their own at every call.
pub const B_GIVEN: u32 = W_GIVEN as u32;
pub const B_SURNAME: u32 = W_SURNAME as u32;
pub const B_COMMON: u32 = W_COMMON as u32;
pub const B_NATIONALITY: u32 = W_NATIONALITY as u32;
pub const B_ORG_SUFFIX: u32 = W_ORG_SUFFIX as u32;
pub const B_PLACE_SUFFIX: u32 = W_PLACE_SUFFIX as u32;
pub const B_TITLE: u32 = W_TITLE as u32;
pub const B_PHRASE: u32 = W_PHRASE as u32;
pub const B_ORG_PREFIX: u32 = 1 << 8;
pub const B_PLACE_PREFIX: u32 = 1 << 9;
pub const B_PLACE_OF: u32 = 1 << 10;
pub const B_COMPASS: u32 = 1 << 11;
pub const B_COMPLEMENT: u32 = 1 << 12;
pub const B_ROLE: u32 = 1 << 13;
pub const B_VERB: u32 = 1 << 14;
pub const B_HEAD: u32 = 1 << 15;
pub const B_EXTENDS: u32 = 1 << 16;
pub const B_STOP: u32 = 1 << 17;
/// The word holds a space (a folded token can): worked out with the lists' bits, so that the
/// recent words' cache remembers it with them and no caller scans the word again.
pub const B_SPACED: u32 = 1 << 18;

const GIVEN: &str = include_str!("data/given_names.txt");
const NAMES_EXTRA: &str = include_str!("data/names_extra.txt");
const SURNAMES: &str = include_str!("data/surnames.txt");
const COMMON: &str = include_str!("data/common_words.txt");
const CITIES: &str = include_str!("data/cities.txt");
const COUNTRIES: &str = include_str!("data/countries_geonames.txt");
const US_STATES: &str = include_str!("data/us_states.txt");
const PLACES_EXTRA: &str = include_str!("data/places_extra.txt");
const NATIONALITIES: &str = include_str!("data/nationalities.txt");
const ORGS: &str = include_str!("data/orgs.txt");
const ORG_WORDS: &str = include_str!("data/org_words.txt");
const PLACE_WORDS: &str = include_str!("data/place_words.txt");
const PEOPLE_WORDS: &str = include_str!("data/people_words.txt");

fn lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Whitespace-separated words of a list file, grouped by `[section]`.
fn sections(data: &'static str) -> FxMap<&'static str, Vec<&'static str>> {
    let mut out: FxMap<&'static str, Vec<&'static str>> = FxMap::default();
    let mut cur = "";
    for l in lines(data) {
        if l.starts_with('[') && l.ends_with(']') {
            cur = &l[1..l.len() - 1];
            continue;
        }
        out.entry(cur).or_default().extend(l.split_whitespace());
    }
    out
}

impl Lexicon {
    /// The folded key of a phrase, as the extractor builds it from tokens.
    pub fn key(phrase: &str) -> String {
        let t = tokenize(phrase);
        let mut parts: Vec<&str> = Vec::new();
        for i in 0..t.len() {
            if t.toks[i].kind == Kind::Punct && t.text(i) == "." && i + 1 == t.len() && i > 0 {
                continue; // "Sen." → "sen"
            }
            parts.push(t.norm(i));
        }
        parts.join(" ")
    }

    fn word_set(words: &[&'static str]) -> FxSet<String> {
        words.iter().map(|w| Lexicon::key(w)).collect()
    }

    fn build() -> Lexicon {
        let mut lex = Lexicon {
            phrases: FxMap::default(),
            countries: FxSet::default(),
            phrase_prefixes: FxSet::default(),
            max_phrase: 1,
            given: lines(GIVEN).map(str::to_string).collect(),
            surnames: lines(SURNAMES).map(str::to_string).collect(),
            common: lines(COMMON).map(str::to_string).collect(),
            nationalities: FxSet::default(),
            heads: FxSet::default(),
            org_suffix: FxSet::default(),
            org_prefix: FxSet::default(),
            place_suffix: FxSet::default(),
            place_prefix: FxSet::default(),
            place_of: FxSet::default(),
            compass: FxSet::default(),
            titles: FxSet::default(),
            complements: FxSet::default(),
            roles: FxSet::default(),
            verbs: FxSet::default(),
            word_flags: OnceLock::new(),
        };
        for l in lines(NAMES_EXTRA) {
            for w in l.split_whitespace() {
                lex.given.insert(Lexicon::key(w));
            }
        }
        for l in lines(NATIONALITIES) {
            for w in l.split_whitespace() {
                let k = Lexicon::key(w);
                lex.nationalities.insert(format!("{k}s"));
                if let Some(stem) = k.strip_suffix('y') {
                    lex.nationalities.insert(format!("{stem}ies"));
                }
                lex.nationalities.insert(k);
            }
        }
        let add = |lex: &mut Lexicon, line: &'static str, kind: LexKind, region: bool| {
            let mut forms = line.split('|').map(str::trim).filter(|f| !f.is_empty());
            let Some(canon) = forms.next() else { return };
            for f in std::iter::once(canon).chain(forms) {
                let k = Lexicon::key(f);
                if k.is_empty() {
                    continue;
                }
                let n = k.split(' ').count();
                lex.max_phrase = lex.max_phrase.max(n);
                // First entry wins: countries before cities of the same name.
                lex.phrases.entry(k).or_insert(LexEntry {
                    kind,
                    canon,
                    region,
                });
            }
        };
        for l in lines(PLACES_EXTRA) {
            add(&mut lex, l, LexKind::Place, true);
        }
        for l in lines(COUNTRIES) {
            add(&mut lex, l, LexKind::Place, true);
            if let Some(canon) = l.split('|').next() {
                lex.countries.insert(canon.trim());
            }
        }
        for l in lines(US_STATES) {
            add(&mut lex, l, LexKind::Place, true);
        }
        for l in lines(ORGS) {
            add(&mut lex, l, LexKind::Org, false);
        }
        for l in lines(CITIES) {
            add(&mut lex, l, LexKind::Place, false);
        }
        let mut prefixes = FxSet::default();
        for k in lex.phrases.keys() {
            let mut end = 0;
            for w in k.split(' ') {
                if end > 0 {
                    prefixes.insert(k[..end].to_string());
                    end += 1;
                }
                end += w.len();
            }
        }
        lex.phrase_prefixes = prefixes;
        let org = sections(ORG_WORDS);
        let place = sections(PLACE_WORDS);
        let people = sections(PEOPLE_WORDS);
        let get = |m: &FxMap<&'static str, Vec<&'static str>>, s: &str| {
            Lexicon::word_set(m.get(s).map(Vec::as_slice).unwrap_or(&[]))
        };
        lex.org_suffix = get(&org, "suffix");
        lex.org_prefix = get(&org, "prefix");
        lex.place_suffix = get(&place, "suffix");
        lex.place_prefix = get(&place, "prefix");
        lex.place_of = get(&place, "of");
        lex.compass = get(&place, "compass");
        lex.titles = get(&people, "title");
        lex.complements = get(&people, "complement");
        lex.roles = get(&people, "role");
        lex.verbs = get(&people, "verb");
        lex.heads = lex
            .org_suffix
            .iter()
            .chain(&lex.org_prefix)
            .chain(&lex.place_suffix)
            .chain(&lex.place_prefix)
            .chain(&lex.titles)
            .cloned()
            .collect();
        lex
    }

    /// Which of the word lists hold `w` ([`W_GIVEN`] …): one hash probe for what would be one
    /// probe per list. `w` is a folded word; a gazetteer phrase counts when `w` is all of it.
    pub fn word_flags(&self, w: &str) -> u16 {
        (self.word_bits(w) & 0xff) as u16
    }

    /// [`Lexicon::word_flags`] and the other word lists ([`B_ORG_PREFIX`] …), in one probe.
    /// [`B_PHRASE`] is for a key of one word (no space) only; [`B_EXTENDS`] for any key;
    /// [`B_SPACED`]: `w` holds a space.
    #[inline]
    pub fn word_bits(&self, w: &str) -> u32 {
        recent::word_bits(self, w)
    }

    /// [`Lexicon::word_bits`] from the table itself (the first call builds it).
    fn word_bits_uncached(&self, w: &str) -> u32 {
        let map = self.word_flags.get_or_init(|| {
            let mut m: FxMap<String, u32> = FxMap::default();
            let sets: [(&FxSet<String>, u32); 16] = [
                (&self.given, B_GIVEN),
                (&self.surnames, B_SURNAME),
                (&self.common, B_COMMON),
                (&self.nationalities, B_NATIONALITY),
                (&self.org_suffix, B_ORG_SUFFIX),
                (&self.place_suffix, B_PLACE_SUFFIX),
                (&self.titles, B_TITLE),
                (&self.org_prefix, B_ORG_PREFIX),
                (&self.place_prefix, B_PLACE_PREFIX),
                (&self.place_of, B_PLACE_OF),
                (&self.compass, B_COMPASS),
                (&self.complements, B_COMPLEMENT),
                (&self.roles, B_ROLE),
                (&self.verbs, B_VERB),
                (&self.heads, B_HEAD),
                (&self.phrase_prefixes, B_EXTENDS),
            ];
            for (set, bit) in sets {
                for w in set {
                    *m.entry(w.clone()).or_default() |= bit;
                }
            }
            for k in self.phrases.keys().filter(|k| !k.contains(' ')) {
                *m.entry(k.clone()).or_default() |= B_PHRASE;
            }
            for w in super::names::words::STOP {
                *m.entry((*w).to_string()).or_default() |= B_STOP;
            }
            m
        });
        let spaced = if w.contains(' ') { B_SPACED } else { 0 };
        map.get(w).copied().unwrap_or(0) | spaced
    }

    pub fn lookup(&self, key: &str) -> Option<&LexEntry> {
        self.phrases.get(key)
    }

    /// Can a longer phrase start with `key`?
    pub fn extends(&self, key: &str) -> bool {
        self.phrase_prefixes.contains(key)
    }

    /// Is `e` a country (not a region, a continent or a city)?
    pub fn is_country(&self, e: &LexEntry) -> bool {
        e.kind == LexKind::Place && e.region && self.countries.contains(e.canon)
    }

    pub fn is_given(&self, w: &str) -> bool {
        self.given.contains(w)
    }

    pub fn is_common(&self, w: &str) -> bool {
        self.common.contains(w)
    }

    pub fn is_nationality(&self, w: &str) -> bool {
        self.nationalities.contains(w)
    }
}

/// The lexicon, built on first use.
pub fn get() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(Lexicon::build)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load_and_fold() {
        let l = get();
        assert!(l.given.len() > 4000 && l.surnames.len() > 10000 && l.common.len() > 20000);
        let us = l.lookup(&Lexicon::key("U.S.")).map(|e| e.canon);
        assert_eq!(us, Some("United States"));
        assert_eq!(l.lookup("us").map(|e| e.canon), Some("United States"));
        assert_eq!(
            l.lookup("mexico city").map(|e| e.kind),
            Some(LexKind::Place)
        );
        assert_eq!(l.lookup("eu").map(|e| e.canon), Some("European Union"));
        assert!(l.is_nationality("venezuelans") && l.is_nationality("argentine"));
        assert!(l.titles.contains("sen") && l.titles.contains("president"));
        assert!(l.org_suffix.contains("party") && l.place_suffix.contains("parish"));
        assert!(l.extends("mexico") && l.extends("bosnia and") && !l.extends("mexico city"));
        let country = |k: &str| l.lookup(k).is_some_and(|e| l.is_country(e));
        assert!(country("us") && country(&Lexicon::key("U.K.")) && country("germany"));
        assert!(!country("texas") && !country("europe") && !country("paris"));
    }

    #[test]
    fn word_flags_answer_as_the_lists_do() {
        let l = get();
        let words = l
            .given
            .iter()
            .chain(&l.surnames)
            .chain(l.common.iter().take(3000))
            .chain(&l.titles)
            .chain(&l.org_suffix)
            .map(String::as_str)
            .chain(["paris", "us", "new york", "", "zzqx", "venezuelans"]);
        for w in words {
            let f = l.word_flags(w);
            let on = |bit: u16| f & bit != 0;
            assert_eq!(on(W_GIVEN), l.is_given(w), "{w}");
            assert_eq!(on(W_SURNAME), l.surnames.contains(w), "{w}");
            assert_eq!(on(W_COMMON), l.is_common(w), "{w}");
            assert_eq!(on(W_NATIONALITY), l.is_nationality(w), "{w}");
            assert_eq!(on(W_ORG_SUFFIX), l.org_suffix.contains(w), "{w}");
            assert_eq!(on(W_PLACE_SUFFIX), l.place_suffix.contains(w), "{w}");
            assert_eq!(on(W_TITLE), l.titles.contains(w), "{w}");
            assert_eq!(
                on(W_PHRASE),
                !w.contains(' ') && l.lookup(w).is_some(),
                "{w}"
            );
        }
        assert!(l.word_flags("paris") & W_PHRASE != 0);
        assert_eq!(l.word_flags("zzqx"), 0);
    }

    #[test]
    fn word_bits_answer_as_the_lists_do() {
        let l = get();
        let sets: [(&FxSet<String>, u32); 16] = [
            (&l.given, B_GIVEN),
            (&l.surnames, B_SURNAME),
            (&l.common, B_COMMON),
            (&l.nationalities, B_NATIONALITY),
            (&l.org_suffix, B_ORG_SUFFIX),
            (&l.place_suffix, B_PLACE_SUFFIX),
            (&l.titles, B_TITLE),
            (&l.org_prefix, B_ORG_PREFIX),
            (&l.place_prefix, B_PLACE_PREFIX),
            (&l.place_of, B_PLACE_OF),
            (&l.compass, B_COMPASS),
            (&l.complements, B_COMPLEMENT),
            (&l.roles, B_ROLE),
            (&l.verbs, B_VERB),
            (&l.heads, B_HEAD),
            (&l.phrase_prefixes, B_EXTENDS),
        ];
        // Every word of every list, a sample of the gazetteer, and words on no list.
        let words = sets
            .iter()
            .flat_map(|(s, _)| s.iter().map(String::as_str))
            .chain(l.phrases.keys().step_by(7).map(String::as_str))
            .chain(["paris", "new york", "bosnia and", "", "zzqx", "the", "said"])
            .chain(crate::analyze::names::words::STOP.iter().copied());
        for w in words {
            let bits = l.word_bits(w);
            for (set, bit) in sets {
                assert_eq!(bits & bit != 0, set.contains(w), "{w} {bit:#x}");
            }
            let phrase = !w.contains(' ') && l.lookup(w).is_some();
            assert_eq!(bits & B_PHRASE != 0, phrase, "{w}");
            let stop = crate::analyze::names::words::STOP.contains(&w);
            assert_eq!(bits & B_STOP != 0, stop, "{w}");
            assert_eq!(bits & B_SPACED != 0, w.contains(' '), "{w}");
            assert_eq!(bits & !0x7_ffff, 0, "{w}");
            assert_eq!(l.word_flags(w) as u32, bits & 0xff, "{w}");
        }
        assert_eq!(l.word_bits(""), 0);
        assert!(l.word_bits("said") & B_VERB != 0 && l.word_bits("bosnia") & B_EXTENDS != 0);
        assert!(l.word_bits("the") & B_STOP != 0 && l.word_bits("paris") & B_STOP == 0);
    }

    #[test]
    fn word_names_are_not_given_names() {
        // Frequent English words rare as names are out (make_lists.py `word_names`); names that
        // are words too and common as names stay.
        let l = get();
        for w in [
            "in", "star", "destiny", "karma", "season", "numbers", "my", "so",
        ] {
            assert!(!l.is_given(w), "{w}");
        }
        for w in ["mark", "will", "rose", "john", "grace", "dick", "moon"] {
            assert!(l.is_given(w), "{w}");
        }
    }
}
