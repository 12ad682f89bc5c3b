//! The word lists the name classifier reads (function words, title-case exceptions, name
//! particles, locative and role cues), general knowledge of English, none from any corpus.

use super::super::lexicon::FxSet;

/// A quick test before a probe of a few words (a set's or a list's): the words' lengths, as
/// bits, and their first and last letters (bit `last` of `ends[first]`, for words that begin
/// and end in a–z; `odd`: a word that does not). Most words are passed over by these alone.
pub(super) struct WordSieve {
    lens: u64,
    ends: [u32; 26],
    odd: bool,
}

impl WordSieve {
    pub(super) fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let mut sieve = WordSieve {
            lens: 0,
            ends: [0; 26],
            odd: false,
        };
        for w in words {
            sieve.lens |= 1 << w.len().min(63);
            match Self::az(w) {
                Some((f, l)) => sieve.ends[f] |= 1 << l,
                None => sieve.odd = true,
            }
        }
        sieve
    }

    /// Can `w` be one of the words? (False: surely not.)
    #[inline]
    pub(super) fn may_hold(&self, w: &str) -> bool {
        self.lens & 1 << w.len().min(63) != 0
            && match Self::az(w) {
                Some((f, l)) => self.ends[f] >> l & 1 != 0,
                None => self.odd,
            }
    }

    #[inline]
    fn az(w: &str) -> Option<(usize, u8)> {
        match (w.as_bytes().first(), w.as_bytes().last()) {
            (Some(&f @ b'a'..=b'z'), Some(&l @ b'a'..=b'z')) => {
                Some((usize::from(f - b'a'), l - b'a'))
            }
            _ => None,
        }
    }
}

/// Words that are never a name on their own, even capitalized (also a bit of each word's
/// lexicon bits, [`B_STOP`](super::super::lexicon::B_STOP): see [`Ctx::stop_at`](super::Ctx)).
pub(crate) const STOP: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "and",
    "but",
    "or",
    "nor",
    "in",
    "on",
    "at",
    "of",
    "for",
    "to",
    "as",
    "if",
    "when",
    "while",
    "with",
    "by",
    "from",
    "after",
    "before",
    "during",
    "since",
    "it",
    "he",
    "she",
    "we",
    "they",
    "i",
    "you",
    "there",
    "here",
    "what",
    "who",
    "whom",
    "whose",
    "how",
    "why",
    "where",
    "which",
    "not",
    "no",
    "all",
    "some",
    "many",
    "most",
    "more",
    "each",
    "every",
    "both",
    "then",
    "so",
    "yet",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "also",
    "just",
    "only",
    "even",
    "still",
    "however",
    "meanwhile",
    "instead",
    "despite",
    "although",
    "though",
    "because",
    "unlike",
    "like",
    "about",
    "over",
    "under",
    "into",
    "through",
    "against",
    "among",
    "between",
    "without",
    "within",
    "upon",
    "per",
    "via",
    "mr",
    "mrs",
    "ms",
    "dear",
    "please",
    "thank",
    "thanks",
    "yes",
    "oh",
    "let",
    "let's",
    "we're",
    "we've",
    "it's",
    "i'm",
    "don't",
    "up",
    "down",
    "out",
    "off",
    "new",
    "now",
    "one",
    "two",
    "three",
    "other",
    "another",
    "such",
];

/// Words a Title-Case headline leaves in lowercase.
pub(super) const TITLE_LOWER: &[&str] = &[
    "a", "an", "the", "of", "in", "to", "at", "with", "for", "and", "or", "but", "on", "by",
    "from", "into", "over", "under", "as", "vs", "via", "per", "nor", "up", "off", "out", "de",
    "la", "del",
];

/// A fixed list of words and the test of a word against it, a `match` on its bytes (a test of
/// the length, then of each byte in turn: no set to build, probe or hash, and no `&str`
/// patterns compared word after word). The list, as text, is for the tests.
macro_rules! word_list {
    ($(#[$m:meta])* $list:ident, $test:ident: $($w:literal)|+) => {
        $(#[$m])*
        #[cfg(test)]
        pub(super) const $list: &[&str] = &[$(utf8($w)),+];
        #[inline]
        pub(super) fn $test(w: &str) -> bool {
            matches!(w.as_bytes(), $($w)|+)
        }
    };
}

/// A [`word_list!`]'s word as text (a word that is not UTF-8 fails the build).
#[cfg(test)]
const fn utf8(w: &'static [u8]) -> &'static str {
    match std::str::from_utf8(w) {
        Ok(s) => s,
        Err(_) => panic!("a listed word is not UTF-8"),
    }
}

/// A fixed list of words as a set behind a [`WordSieve`]: most words asked are on no list, and
/// the sieve turns them away without hashing them.
pub(super) struct WordSet {
    sieve: WordSieve,
    set: FxSet<&'static str>,
}

impl WordSet {
    pub(super) fn new(words: impl Iterator<Item = &'static str> + Clone) -> Self {
        WordSet {
            sieve: WordSieve::new(words.clone()),
            set: words.collect(),
        }
    }

    #[inline]
    pub(super) fn contains(&self, w: &str) -> bool {
        self.sieve.may_hold(w) && self.set.contains(w)
    }
}

pub(super) fn set_of(list: &'static [&'static str]) -> WordSet {
    WordSet::new(list.iter().copied())
}

/// "you'll", "i've", "they're", "we'd", "i'm", "can't" (folded, either apostrophe): a pronoun or
/// verb with a clitic is never a name, while "o'neill" and "d'arcy" keep their letters after it.
pub(super) fn is_contraction(w: &str) -> bool {
    // The clitic is the end of the word and holds no apostrophe, so the last apostrophe is
    // the one right before it: tested from the end, no search back through the word (each
    // last letter has one clitic). Bytes: constant slices, compared without a call.
    let w = w.as_bytes();
    let clitic = match w {
        [.., b'l', b'l'] | [.., b'v' | b'r', b'e'] => 2,
        [.., b'd' | b'm' | b't'] => 1,
        _ => return false,
    };
    let rest = &w[..w.len() - clitic];
    rest.strip_suffix(b"'")
        .or_else(|| rest.strip_suffix("\u{2019}".as_bytes()))
        .is_some_and(|head| !head.is_empty())
}

pub(super) fn is_title_lower(w: &str) -> bool {
    on_list!(TITLE_LOWER, w)
}

/// Is `w` (folded) a month's full name?
#[inline]
pub fn is_month(w: &str) -> bool {
    matches!(
        w.as_bytes(),
        b"january"
            | b"february"
            | b"march"
            | b"april"
            | b"may"
            | b"june"
            | b"july"
            | b"august"
            | b"september"
            | b"october"
            | b"november"
            | b"december"
    )
}

/// Is `w` (folded) a month's abbreviation that names no one ("Dec", "Sept")? "Jan", "Jun" are
/// given names and "Mar" ends place names ("Del Mar"), so they are left out.
#[inline]
pub(super) fn is_month_abbrev(w: &str) -> bool {
    matches!(
        w.as_bytes(),
        b"feb" | b"apr" | b"jul" | b"aug" | b"sep" | b"sept" | b"oct" | b"nov" | b"dec"
    )
}

/// Is `w` (folded) the abbreviation of a figure's unit or a financial table's label, in
/// any case: "Shr 24 cts", "Six Mths", "Revs 1.2 mln", "Qtr", "Avg", "U.S. Dlrs", "15 Pct"?
/// Never a name or a name's first or last word. General English newswire shorthand.
#[inline]
pub(super) fn is_unit_abbrev(w: &str) -> bool {
    matches!(
        w.as_bytes(),
        b"shr"
            | b"shrs"
            | b"revs"
            | b"qtr"
            | b"qtrs"
            | b"qtly"
            | b"qtrly"
            | b"mths"
            | b"oper"
            | b"avg"
            | b"avge"
            | b"ytd"
            | b"dlr"
            | b"dlrs"
            | b"mln"
            | b"mlns"
            | b"bln"
            | b"blns"
            | b"pct"
    )
}

/// Is `w` (folded) a currency's name ("franc", "yen", "dollars")? After its country ("Swiss
/// Franc") it ends no name. Those that are also given names or common words ("Mark", "Pound",
/// "Rand", "Won") are left out. General knowledge.
pub(super) fn is_currency(w: &str) -> bool {
    matches!(
        w.as_bytes(),
        b"dollar"
            | b"dollars"
            | b"franc"
            | b"francs"
            | b"yen"
            | b"yuan"
            | b"renminbi"
            | b"sterling"
            | b"euro"
            | b"euros"
            | b"peso"
            | b"pesos"
            | b"lira"
            | b"lire"
            | b"cruzado"
            | b"cruzados"
            | b"rupee"
            | b"rupees"
            | b"guilder"
            | b"guilders"
            | b"krona"
            | b"kronor"
            | b"krone"
            | b"kroner"
            | b"schilling"
            | b"schillings"
            | b"drachma"
            | b"drachmas"
            | b"escudo"
            | b"escudos"
            | b"peseta"
            | b"pesetas"
            | b"ringgit"
            | b"rupiah"
            | b"baht"
            | b"rouble"
            | b"roubles"
            | b"ruble"
            | b"rubles"
            | b"dinar"
            | b"dinars"
            | b"riyal"
            | b"riyals"
            | b"shekel"
            | b"shekels"
            | b"zloty"
            | b"forint"
            | b"austral"
            | b"australs"
            | b"deutschemark"
            | b"deutschemarks"
    )
}

/// First words of sports clubs' names that are also common words ("Real Madrid", "Inter
/// Milan"): at a sentence's start they stay part of the name.
pub(super) const CLUB_PREFIXES: &[&str] = &[
    "real",
    "atletico",
    "sporting",
    "olympique",
    "dynamo",
    "dinamo",
    "borussia",
    "inter",
];

/// Weekday names (folded), full and abbreviated.
#[inline]
pub fn is_weekday(w: &str) -> bool {
    matches!(
        w.as_bytes(),
        b"monday"
            | b"tuesday"
            | b"wednesday"
            | b"thursday"
            | b"friday"
            | b"saturday"
            | b"sunday"
            | b"mon"
            | b"tue"
            | b"tues"
            | b"wed"
            | b"thu"
            | b"thur"
            | b"thurs"
            | b"fri"
            | b"sat"
            | b"sun"
    )
}

/// Party and affiliation adjectives that stand before a person's name ("Republican Phil Bryant",
/// "Labour MP"): never part of the name.
pub(super) const PARTY_BEFORE: &[&str] = &[
    "republican",
    "democrat",
    "democratic",
    "conservative",
    "labour",
    "labor",
    "liberal",
    "tory",
    "socialist",
    "communist",
    "libertarian",
    "independent",
    "progressive",
    "gop",
];

/// Connectors allowed inside organization and place names and titles.
pub(super) const INNER: &[&str] = &[
    "of", "for", "and", "the", "o", "e", "et", "und", "on", "de", "del", "la",
];
word_list! {
    /// Name particles allowed inside any name.
    PARTICLES, is_particle:
    b"de" | b"del" | b"della" | b"di" | b"da" | b"do" | b"dos" | b"das" | b"du" | b"des" | b"la"
        | b"le" | b"van" | b"von" | b"der" | b"den" | b"ten" | b"ter" | b"bin" | b"ibn" | b"al"
        | b"el" | b"y" | b"zu"
}
/// Acronyms that are not organizations.
pub(super) const NOT_ORG_ACRONYMS: &[&str] = &[
    "tv", "ceo", "cfo", "coo", "gdp", "covid", "dna", "hiv", "aids", "pm", "am", "id", "ok", "usd",
    "eur", "gmt", "utc", "ap", "mp", "mps", "phd", "ii", "iii", "iv", "vi", "vii", "viii", "ix",
    "xi", "faq", "pdf", "url", "html", "ai", "it", "pr", "vip", "diy", "suv", "atm", "lgbt",
    "lgbtq", "ngo", "ngos", "ipo", "ev", "evs", "ufo", "rip", "asap", "etc", "st", "jr", "sr",
    "ad", "bc", "vs", "nb", "ps", "fm", "hq", "mph", "kg", "km", "cm", "mm", "gb", "mb", "usb",
    "pc", "pcs", "sms", "gps", "cctv", "npc", "mvp", "ot", "ko", "qb", "nd", "fob", "cif",
];
/// Of [`NOT_ORG_ACRONYMS`], those that never name anything alone ("pay-TV", "the SUV", "a
/// CEO"): no candidate at all ("AP", "IT", "ID", "St" or "BC" may still be names).
/// Is `w` (folded) a capitalized common thing that is no person, place or body: the dollar or
/// the yen (other currencies' names are close to a name's or a place's: "Franc", "Lira"), a
/// medium ("internet", "web") or a scripture ("bible", "koran")? General knowledge.
pub(super) fn is_thing_word(w: &str) -> bool {
    matches!(
        w.as_bytes(),
        b"dollar"
            | b"dollars"
            | b"yen"
            | b"internet"
            | b"web"
            | b"bible"
            | b"koran"
            | b"quran"
            | b"qur'an"
            | b"torah"
            | b"talmud"
    )
}

pub(super) fn is_thing_acronym(w: &str) -> bool {
    matches!(
        w.as_bytes(),
        b"tv" | b"id"
            | b"gnp"
            | b"frn"
            | b"frns"
            | b"est"
            | b"edt"
            | b"cst"
            | b"cdt"
            | b"pst"
            | b"pdt"
            | b"libor"
            | b"libid"
            | b"euribor"
            | b"pibor"
            | b"fibor"
            | b"hibor"
            | b"sibor"
            | b"tibor"
            | b"ceo"
            | b"cfo"
            | b"coo"
            | b"gdp"
            | b"covid"
            | b"dna"
            | b"hiv"
            | b"aids"
            | b"usd"
            | b"eur"
            | b"gmt"
            | b"utc"
            | b"phd"
            | b"faq"
            | b"pdf"
            | b"url"
            | b"html"
            | b"vip"
            | b"diy"
            | b"suv"
            | b"suvs"
            | b"atm"
            | b"lgbt"
            | b"lgbtq"
            | b"ipo"
            | b"ufo"
            | b"asap"
            | b"mph"
            | b"usb"
            | b"sms"
            | b"gps"
            | b"cctv"
            | b"mvp"
            // A computer, and the trade terms of a price ("per tonne FOB", "CIF Rotterdam").
            | b"pc"
            | b"pcs"
            | b"fob"
            | b"cif"
    )
}
pub(super) const LOCATIVE: &[&str] = &[
    "at", "in", "inside", "near", "outside", "from", "to", "into", "toward", "towards", "across",
    "around", "visits", "visited", "visit", "visiting", "past", "behind", "opposite", "beside",
];
/// Verbs of travel before "to X": X is a place ("flew to Ruvania").
pub(super) const MOTION_TO: &[&str] = &[
    "flew",
    "fly",
    "flying",
    "travelled",
    "traveled",
    "travel",
    "travelling",
    "traveling",
    "returned",
    "return",
    "returning",
    "moved",
    "move",
    "went",
    "go",
    "going",
    "headed",
    "fled",
    "flee",
    "deported",
    "emigrated",
    "migrated",
    "sailed",
    "drove",
    "driven",
    "arrived",
    "exported",
    "trip",
    "visit",
    "journey",
    "route",
    "flights",
    "flight",
];
/// Prepositions and verbs after which "the X Y" is a place.
pub(super) const PLACE_PREPS: &[&str] = &[
    "at", "in", "inside", "near", "outside", "into", "across", "around", "visits", "visited",
    "visit", "visiting", "behind", "opposite", "beside",
];
/// Roles that, right after a name, make it the organization the person works for
/// ("Arsenal manager", "Acme spokesman").
pub(super) const ORG_ROLE_AFTER: &[&str] = &[
    "manager",
    "coach",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "captain",
    "chairman",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "officials",
    "executive",
    "executives",
    "shares",
    "stock",
    "fans",
    "players",
    "boss",
    "board",
    "shareholders",
    "forward",
    "winger",
];
/// Nouns after a name's possessive that make it a company ("Pantera's stock", "Sterling's board").
pub(super) const ORG_POSS_AFTER: &[&str] = &[
    "shares",
    "stock",
    "board",
    "shareholders",
    "subsidiary",
    "subsidiaries",
    "unit",
    "units",
    "directors",
    "common",
    "stake",
    "earnings",
    "revenue",
    "revenues",
    "profit",
    "profits",
    "sales",
    "customers",
    "employees",
    "headquarters",
    "stores",
    "plants",
    "products",
];
/// Currencies and money-market words that follow "Euro" in one word ("Eurodollar", "Euroyen",
/// "Eurobond"): no names.
pub(super) const EURO_MONEY: &[&str] = &[
    "dollar",
    "dollars",
    "yen",
    "mark",
    "marks",
    "bond",
    "bonds",
    "note",
    "notes",
    "currency",
    "currencies",
    "sterling",
    "franc",
    "francs",
    "lira",
    "guilder",
    "guilders",
    "ecu",
    "deposit",
    "deposits",
    "market",
    "markets",
    "loan",
    "loans",
    "credit",
    "credits",
];
pub(super) const PERSON_AFTER: &[&str] = &[
    "administration",
    "presidency",
    "government",
    "regime",
    "campaign",
    "era",
];
/// Last words of a state's bodies that a country's name may lead ("US Air Force", "United
/// States Senate", "UK Treasury"); general knowledge.
#[rustfmt::skip]
pub(super) const STATE_BODIES: &[&str] = &[
    "senate", "congress", "parliament", "treasury", "army", "navy", "force", "forces", "corps",
    "guard", "court", "department", "ministry", "embassy", "consulate", "representatives",
    "commons", "lords", "reserve", "agency", "commission", "bureau", "office", "service", "mint",
    "customs",
];
/// Bodies too generic to name an organization alone after a country ("the U.S. Government":
/// the country is the mention).
pub(super) const GENERIC_BODIES: &[&str] = &[
    "government",
    "administration",
    "military",
    "cabinet",
    "police",
];

/// Heads of a military unit's name after its number ("65th Air Division", "3 Commando Brigade").
pub(super) const UNIT_HEADS: &[&str] = &[
    "division",
    "divisions",
    "wing",
    "corps",
    "army",
    "fleet",
    "brigade",
    "regiment",
    "battalion",
    "squadron",
    "force",
    "command",
    "flotilla",
    "infantry",
    "cavalry",
    "artillery",
    "commando",
];

/// Titles that name only a person: the one capitalized word after them is a surname even when
/// it is also a common word ("President Lantern", "Mr Kettle"), unlike "Premier League".
pub(super) const PERSON_TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "sen",
    "rep",
    "gov",
    "president",
    "senator",
    "congressman",
    "congresswoman",
    "chancellor",
];
