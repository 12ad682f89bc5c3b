//! Cues that keep things which are not people, places or organizations out of the names:
//! events and named days ("Davis Cup", "Election Day", "Black Friday"), model numbers and
//! products ("737 Max", "Destiny 2", "Wi-Fi 6"), table labels ("Oper Shr loss 40 cts"), and
//! the postal abbreviations of US states after a town ("Whitehall, Pa."). General knowledge of
//! English news text, none taken from any corpus.

use super::super::tokenize::{Kind, Tokens};
use super::words::{is_unit_abbrev, WordSet};

/// Last words of events, prizes, named days and laws: such a name is none of the three kinds.
pub(super) const EVENT_HEADS: &[&str] = &[
    "cup",
    "cups",
    "championship",
    "championships",
    "trophy",
    "prize",
    "award",
    "awards",
    "festival",
    "bowl",
    "day",
    "finals",
    "olympics",
    "paralympics",
    "marathon",
    "prix",
    "war",
    "act",
    "amendment",
    "week",
    "eve",
    "revolution",
    "games",
    "ages",
    "uprising",
    "rebellion",
    "massacre",
    "election",
    "elections",
    "show",
    "expo",
];

/// A Roman numeral of a sequel or a numbered event ("II", "XL"), folded.
pub(super) fn is_roman(w: &str) -> bool {
    (1..=6).contains(&w.len()) && w.bytes().all(|b| matches!(b, b'i' | b'v' | b'x' | b'l'))
}

/// Lowercase nouns after a name that make it a site ("the Terra Nova field").
pub(super) const SITE_AFTER: &[&str] = &[
    "field",
    "fields",
    "oilfield",
    "mine",
    "mines",
    "refinery",
    "pipeline",
    "basin",
    "reservoir",
    "dam",
    "deposit",
    "airport",
    "airfield",
];

/// Nouns of work before "at" that make what follows an employer, not a place: "10,000 jobs at
/// Opel", "an analyst at Nomura", "costs at Acme".
pub(super) const WORK_AT: &[&str] = &[
    "jobs",
    "job",
    "workers",
    "worker",
    "employees",
    "employee",
    "staff",
    "executive",
    "executives",
    "analyst",
    "analysts",
    "economist",
    "economists",
    "costs",
    "layoffs",
    "strike",
    "shareholders",
    "shareholder",
    "stake",
];

/// Holidays and feasts named alone ("before Easter"): dates, never names.
pub(super) const HOLIDAYS: &[&str] = &[
    "easter",
    "christmas",
    "thanksgiving",
    "ramadan",
    "hanukkah",
    "diwali",
    "eid",
    "passover",
    "lent",
    "pentecost",
    "halloween",
    "xmas",
];

/// AP-style abbreviations of US states, written with their dot after a town ("Dixon, Ill.").
pub(super) const AP_STATES: &[(&str, &str)] = &[
    ("ala", "Alabama"),
    ("ariz", "Arizona"),
    ("ark", "Arkansas"),
    ("calif", "California"),
    ("colo", "Colorado"),
    ("conn", "Connecticut"),
    ("del", "Delaware"),
    ("fla", "Florida"),
    ("ga", "Georgia"),
    ("ill", "Illinois"),
    ("ind", "Indiana"),
    ("kan", "Kansas"),
    ("kans", "Kansas"),
    ("ky", "Kentucky"),
    ("la", "Louisiana"),
    ("md", "Maryland"),
    ("mass", "Massachusetts"),
    ("mich", "Michigan"),
    ("minn", "Minnesota"),
    ("miss", "Mississippi"),
    ("mo", "Missouri"),
    ("mont", "Montana"),
    ("neb", "Nebraska"),
    ("nebr", "Nebraska"),
    ("nev", "Nevada"),
    ("okla", "Oklahoma"),
    ("ore", "Oregon"),
    ("pa", "Pennsylvania"),
    ("tenn", "Tennessee"),
    ("tex", "Texas"),
    ("vt", "Vermont"),
    ("va", "Virginia"),
    ("wash", "Washington"),
    ("wis", "Wisconsin"),
    ("wyo", "Wyoming"),
];

/// The state an AP abbreviation at token `i` names: the word right after "Town," and right
/// before its dot.
pub(super) fn ap_state(t: &Tokens<'_>, i: usize) -> Option<&'static str> {
    if i < 2 || i + 1 >= t.len() || !t.is_punct(i - 1, ',') || !t.is_punct(i + 1, '.') {
        return None;
    }
    let prev = &t.toks[i - 2];
    if prev.kind != Kind::Word || !prev.cap || t.toks[i + 1].space_before {
        return None;
    }
    let w = t.norm(i);
    AP_STATES.iter().find(|(a, _)| *a == w).map(|(_, s)| *s)
}

/// Is `s` a year-like number ("2019" before a name is a date, not a model number)?
fn year_like(s: &str) -> bool {
    s.len() == 4
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s.starts_with("1") || s.starts_with("20"))
}

/// Does a number stand right beside the span `a..b` on its line, as in a model or a sequel
/// ("737 Max", "Destiny 2", "Wi-Fi 6", "Day 3")? Not a year before it ("in 2019 Smith").
pub fn beside_number(t: &Tokens<'_>, a: usize, b: usize) -> bool {
    let after = b < t.len()
        && t.toks[b].kind == Kind::Num
        && t.toks[b].space_before
        && t.toks[b].nl_before == 0;
    let before = a > 0
        && a < t.len()
        && t.toks[a - 1].kind == Kind::Num
        && t.toks[a].space_before
        && t.toks[a].nl_before == 0
        && !year_like(t.text(a - 1));
    after || before
}

/// The numbers up to twelve written as words, as a byte-string pattern: [`table_label`] and
/// [`is_number_word`] match it in one `match` (a test of the length, then of each byte in
/// turn, where `&str` patterns compare whole words one after another), not one list and then
/// another.
macro_rules! small_number_word {
    () => {
        b"one"
            | b"two"
            | b"three"
            | b"four"
            | b"five"
            | b"six"
            | b"seven"
            | b"eight"
            | b"nine"
            | b"ten"
            | b"eleven"
            | b"twelve"
    };
}

/// Is the span starting at `a` the label of a table row: first on its line, on a line with two
/// numbers or more and few lowercase words ("Oper Shr loss 40 cts vs loss 10 cts", "Wheat
/// 2.55 2.40")?
/// (Inline: most words asked do not start their line, and are answered without a call.)
#[inline]
pub(super) fn table_label(t: &Tokens<'_>, a: usize) -> bool {
    a < t.len() && (a == 0 || t.toks[a].nl_before > 0) && table_line(t, a)
}

/// [`table_label`]'s test of the line that token `a` starts.
fn table_line(t: &Tokens<'_>, a: usize) -> bool {
    let (mut nums, mut lower) = (0, 0);
    let end = t.line_end(a).min(t.len());
    for (i, tok) in (a..end).zip(&t.toks[a..end]) {
        // A prose line (most lines) is settled long before its end: the lowercase words
        // already outnumber what its remaining tokens could make up as numbers.
        if lower > nums + 2 + (end - i) {
            return false;
        }
        match tok.kind {
            Kind::Num => nums += 1,
            // "Shr six cts vs five cts": amounts spelled out.
            Kind::Word if !tok.cap => match t.norm_bytes(i) {
                small_number_word!() => nums += 1,
                b"vs" => {}
                _ => lower += 1,
            },
            _ => {}
        }
    }
    nums >= 2 && lower <= nums + 2
}

/// Trims the abbreviations of figures' units and table labels ([`is_unit_abbrev`]) off both
/// ends of chunk `a..b`: "U.S. Dlrs" is "U.S.", "Shr Shell Transport" is "Shell Transport".
/// False when no name is left: the chunk was all units ("Shr", "Revs"), or one word is left
/// of a headline's run in capitals a unit was cut from ("4TH QTR NET", "150 MLN DLRS DEBT":
/// the figure's own word).
#[inline]
pub(super) fn trim_units(
    t: &Tokens<'_>,
    nm: super::Norms<'_>,
    a: &mut usize,
    b: &mut usize,
) -> bool {
    // (A function with an inline hint, not a closure: called from both loops, either stays a
    // call of its own, and this one costs fewer instructions per call.)
    #[inline]
    fn unit(t: &Tokens<'_>, nm: super::Norms<'_>, i: usize) -> bool {
        t.toks[i].kind == Kind::Word && is_unit_abbrev(nm.of(i))
    }
    let (a0, b0) = (*a, *b);
    while *b > *a && unit(t, nm, *b - 1) {
        *b -= 1;
    }
    while *a < *b && unit(t, nm, *a) {
        *a += 1;
    }
    let caps_cut = (*a > a0 && t.toks[a0].upper) || (*b < b0 && t.toks[b0 - 1].upper);
    *a < *b && !(caps_cut && *b - *a == 1)
}

/// Is the word at `a` a table row's label: numbers after it ("Net 3,660,273 vs 2,437,914"),
/// or a date (`blocked`) and nothing else ("Pay April 15", "Record March 13")?
pub(super) fn row_label(t: &Tokens<'_>, blocked: &[bool], a: usize) -> bool {
    if table_label(t, a) {
        return true;
    }
    // Only a word that starts its line: its line is walked then, not for every word.
    (a == 0 || t.toks[a].nl_before > 0) && {
        let end = t.line_end(a);
        a + 1 < end
            && (a + 1..end)
                .all(|i| blocked.get(i).copied().unwrap_or(false) || t.toks[i].kind == Kind::Punct)
    }
}

/// Is `w` (folded) a number written as a word ("nine", "twenty", "hundred")? Alone, it is no
/// name ("Nine mths Shr", "Nine pct of Husky"), however a sentence or a table capitalizes it.
pub fn is_number_word(w: &str) -> bool {
    matches!(
        w.as_bytes(),
        small_number_word!()
            | b"thirteen"
            | b"fourteen"
            | b"fifteen"
            | b"sixteen"
            | b"seventeen"
            | b"eighteen"
            | b"nineteen"
            | b"twenty"
            | b"thirty"
            | b"forty"
            | b"fifty"
            | b"sixty"
            | b"seventy"
            | b"eighty"
            | b"ninety"
            | b"hundred"
            | b"thousand"
            | b"million"
            | b"billion"
    )
}

/// Is `a..b` the only word run on its line, with nothing but punctuation around it (a sign-off
/// such as "REUTER...", a table's heading)?
pub(super) fn alone_on_line(t: &Tokens<'_>, a: usize, b: usize) -> bool {
    let mut s = a;
    while s > 0 && t.toks[s].nl_before == 0 {
        s -= 1;
        if t.toks[s].kind != Kind::Punct {
            return false;
        }
    }
    let mut e = b;
    while e < t.len() && t.toks[e].nl_before == 0 {
        if t.toks[e].kind != Kind::Punct {
            return false;
        }
        e += 1;
    }
    true
}

/// Words that end a company's name besides its [`LEGAL_FORMS`](super::coord::LEGAL_FORMS)
/// ("Baker Hughes Inc", "First Boston Ltd"): their dotted spellings and the broader
/// designators. A name right before one of them names the company.
pub const COMPANY_DESIGNATORS_BEYOND_LEGAL_FORMS: &[&str] = &[
    "inc.",
    "corp.",
    "co.",
    "ltd.",
    "group",
    "holdings",
    "bancorp",
    "capital",
    "securities",
    "industries",
    "enterprises",
    "partners",
    "associates",
    "brothers",
];

/// Is `w` (folded) a word that ends a company's name: a legal form as written in the list
/// ("inc", not "s.a.") or one of [`COMPANY_DESIGNATORS_BEYOND_LEGAL_FORMS`]? A sieve, then one
/// hash probe, not a scan of the lists: asked of every candidate, most no designator.
pub fn is_company_designator(w: &str) -> bool {
    static SET: std::sync::OnceLock<WordSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        WordSet::new(
            super::coord::LEGAL_FORMS
                .iter()
                .chain(COMPANY_DESIGNATORS_BEYOND_LEGAL_FORMS)
                .copied(),
        )
    })
    .contains(w)
}

/// Does a company's designator follow the name ending before token `b`: "Merrill Lynch and
/// Co", "Kidder, Peabody and Co", "Procter & Gamble Co", "Acme, Inc."? Or does "its" take the
/// name up as the speaker's own ("Acme Smith said in its weekly review"): a firm, no person.
pub(super) fn company_after(t: &Tokens<'_>, b: usize) -> bool {
    // Within a paragraph: hard-wrapped newswire breaks lines anywhere.
    let word = |i: usize| i < t.len() && t.toks[i].kind == Kind::Word && t.toks[i].nl_before <= 1;
    if t.is(b + 1, "in")
        && t.is(b + 2, "its")
        && word(b)
        && matches!(t.norm_bytes(b), b"said" | b"says" | b"reported")
        && word(b + 2)
    {
        return true;
    }
    let desig = |i: usize| {
        word(i) && t.toks[i].cap && matches!(t.norm_bytes(i), b"co" | b"cos" | b"company" | b"sons")
    };
    let mut j = b;
    let comma = t.is_punct(j, ',');
    if comma {
        j += 1;
        if word(j)
            && t.toks[j].cap
            && matches!(t.norm_bytes(j), b"inc" | b"ltd" | b"corp" | b"llc" | b"plc")
        {
            return true;
        }
        // Partners' names after the comma: "Kidder, Peabody and Co", "Smith Barney, Harris
        // Upham and Co".
        for _ in 0..2 {
            if word(j) && t.toks[j].cap {
                j += 1;
            }
        }
    }
    // "and Co", "& Sons", "Pierce Fenner and Smith Inc".
    let last = |i: usize| {
        word(i)
            && t.toks[i].cap
            && matches!(
                t.norm_bytes(i),
                b"inc" | b"corp" | b"ltd" | b"co" | b"llc" | b"plc"
            )
    };
    (word(j) && t.norm_bytes(j) == b"and" || t.is_punct(j, '&'))
        && (desig(j + 1) || (word(j + 1) && t.toks[j + 1].cap && last(j + 2)))
}

/// "X is a village in …", "X, a town near …", "X was an American rock band": the kind a
/// definition or an apposition right after `a..b` gives its subject (a place or an
/// organization), from the noun it names within five words. General English nouns.
pub(super) fn defined_as(t: &Tokens<'_>, b: usize) -> Option<crate::model::EntityKind> {
    use crate::model::EntityKind;
    const PLACE: &[&str] = &[
        "village",
        "town",
        "city",
        "commune",
        "municipality",
        "suburb",
        "hamlet",
        "parish",
        "county",
        "district",
        "province",
        "region",
        "island",
        "river",
        "lake",
        "mountain",
        "peninsula",
        "neighborhood",
        "neighbourhood",
        "borough",
        "township",
        "country",
        "capital",
        "valley",
        "settlement",
        "locality",
        "street",
        "road",
        "avenue",
        "square",
        "station",
        "airport",
        "stadium",
        "arena",
        "racetrack",
        "bridge",
        "castle",
        "palace",
        "canal",
        "bay",
        "beach",
        "desert",
        "forest",
        "reservoir",
        "dam",
        "volcano",
        "archipelago",
        "seaport",
    ];
    const ORG: &[&str] = &[
        "company",
        "band",
        "club",
        "team",
        "party",
        "organization",
        "organisation",
        "corporation",
        "firm",
        "manufacturer",
        "airline",
        "carrier",
        "bank",
        "newspaper",
        "magazine",
        "publisher",
        "label",
        "university",
        "college",
        "institute",
        "association",
        "federation",
        "union",
        "league",
        "agency",
        "foundation",
        "charity",
        "ensemble",
        "orchestra",
        "choir",
        "society",
        "conglomerate",
        "retailer",
        "broadcaster",
        "franchise",
        "subsidiary",
        "automaker",
        "carmaker",
        "insurer",
        "lender",
        "startup",
        "duo",
        "trio",
        "quartet",
    ];
    let mut j = b;
    let comma = t.is_punct(j, ',');
    if comma {
        j += 1;
    }
    // (`Tokens::is` for the few words: no folded form cut out for most tokens, which are none.)
    let copula = t.is_lower_word(j) && (t.is(j, "is") || t.is(j, "was"));
    if copula {
        j += 1;
    }
    if !(comma || copula) || !(t.is_lower_word(j) && (t.is(j, "a") || t.is(j, "an"))) {
        return None;
    }
    let mut prev = "";
    for k in j + 1..(j + 6).min(t.len()) {
        if t.toks[k].kind != Kind::Word || t.toks[k].nl_before > 0 {
            return None;
        }
        let w = t.norm(k);
        // The noun heads the phrase: "a band from", "a village.", not "a band leader".
        let head = !t.is_lower_word(k + 1)
            || matches!(
                t.norm_bytes(k + 1),
                b"in"
                    | b"of"
                    | b"on"
                    | b"at"
                    | b"near"
                    | b"from"
                    | b"and"
                    | b"that"
                    | b"which"
                    | b"based"
                    | b"located"
                    | b"founded"
                    | b"formed"
                    | b"situated"
                    | b"whose"
                    | b"with"
                    | b"by"
            );
        if !t.toks[k].cap && head {
            if on_list!(PLACE, w) && !matches!(prev, "radio" | "television" | "tv") {
                return Some(EntityKind::Place);
            }
            if on_list!(ORG, w) || w == "station" {
                return Some(EntityKind::Organization);
            }
        }
        if matches!(
            w.as_bytes(),
            b"of" | b"in" | b"on" | b"and" | b"that" | b"which" | b"who" | b"with"
        ) {
            return None;
        }
        prev = w;
    }
    None
}

/// Is word `i` one side of an unspaced "&" ("AT&T", "B&SR"): a letter group of an
/// abbreviation, not a stop word ("at") or a title ("SR") of its own?
pub(super) fn amp_joined(t: &Tokens<'_>, i: usize) -> bool {
    let tight = |j: usize| j < t.len() && t.is_punct(j, '&') && !t.toks[j].space_before;
    (i > 0 && tight(i - 1) && !t.toks[i].space_before) || tight(i + 1)
}

/// Nouns of what happens between two parties ("the Reagan-Gorbachev summit", "the Iran-Iraq
/// war"): after "X-Y", they make X and Y two names.
pub(super) const BETWEEN_TWO: &[&str] = &[
    "summit",
    "summits",
    "talks",
    "meeting",
    "meetings",
    "accord",
    "pact",
    "treaty",
    "war",
    "border",
    "relations",
    "ties",
    "dispute",
    "conflict",
    "negotiations",
    "ceasefire",
    "truce",
    "debate",
    "debates",
    "rivalry",
    "clash",
];

/// Words that open sentences ("although", "however"): a capitalized word one letter away from
/// one of them ("Athough", "Howver") is a misspelling of it, not a name.
const OPENERS: &[&str] = &[
    "although",
    "however",
    "because",
    "though",
    "after",
    "before",
    "while",
    "since",
    "during",
    "meanwhile",
    "despite",
    "therefore",
    "moreover",
    "furthermore",
    "nevertheless",
    "instead",
    "earlier",
    "later",
    "yesterday",
    "today",
    "according",
    "following",
];

/// Is folded `w` one edit (a letter dropped, added, changed or two swapped) from an opener?
pub(super) fn misspelt_opener(w: &str) -> bool {
    w.len() >= 5
        && w.is_ascii()
        && OPENERS
            .iter()
            .any(|o| w != *o && one_edit(w.as_bytes(), o.as_bytes()))
}

fn one_edit(a: &[u8], b: &[u8]) -> bool {
    let (s, l) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if l.len() - s.len() > 1 {
        return false;
    }
    let p = s.iter().zip(l).take_while(|(x, y)| x == y).count();
    if s.len() == l.len() {
        // One letter changed, or two neighbours swapped.
        s[p + 1..] == l[p + 1..]
            || (p + 1 < s.len() && s[p] == l[p + 1] && s[p + 1] == l[p] && s[p + 2..] == l[p + 2..])
    } else {
        s[p..] == l[p + 1..]
    }
}

/// Is the word at `i` a credit rating ("AAA", "Aa", "Baa", "BB") in a rating's context: a
/// rating verb a few words before it, a grade after a hyphen ("AA-minus", "Aa-1"), or "by"
/// and an agency after it ("AA by Standard and Poor's")?
pub(super) fn credit_rating(t: &Tokens<'_>, i: usize) -> bool {
    let w = t.text(i);
    let grade = matches!(
        w,
        "AAA" | "AA" | "Aaa" | "Aa" | "BBB" | "BB" | "Baa" | "Ba" | "CCC" | "CC" | "Caa" | "Ca"
    );
    if !grade {
        return false;
    }
    let hyphen_grade = t.is_punct(i + 1, '-')
        && !t.toks.get(i + 1).is_some_and(|k| k.space_before)
        && t.toks
            .get(i + 2)
            .is_some_and(|k| k.kind == Kind::Num || matches!(t.norm(i + 2), "minus" | "plus"));
    let by_agency =
        t.is_lower_word(i + 1) && t.norm(i + 1) == "by" && t.toks.get(i + 2).is_some_and(|k| k.cap);
    let verb_before = (i.saturating_sub(6)..i).any(|j| {
        t.is_lower_word(j)
            && matches!(
                t.norm(j),
                "rated"
                    | "rating"
                    | "ratings"
                    | "upgraded"
                    | "downgraded"
                    | "cut"
                    | "upgrade"
                    | "downgrade"
                    | "affirmed"
                    | "assigned"
                    | "lowered"
                    | "raised"
            )
    });
    hyphen_grade || by_agency || verb_before
}

/// Lowercase nouns that, right before a name, say what kind of body it is ("the band Deadsy",
/// "German airline Lufthansa", "software giant Acme", "a label called Zorb"). Nouns a person
/// could be too ("developer", "operator", "rival", "partner") and the makers of things
/// ("filmmaker") are left out.
pub(super) fn is_org_noun(w: &[u8]) -> bool {
    matches!(
        w,
        b"band"
            | b"group"
            | b"club"
            | b"team"
            | b"company"
            | b"firm"
            | b"manufacturer"
            | b"airline"
            | b"bank"
            | b"newspaper"
            | b"magazine"
            | b"publisher"
            | b"label"
            | b"agency"
            | b"retailer"
            | b"broadcaster"
            | b"automaker"
            | b"carmaker"
            | b"chipmaker"
            | b"drugmaker"
            | b"planemaker"
            | b"insurer"
            | b"lender"
            | b"conglomerate"
            | b"startup"
            | b"franchise"
            | b"subsidiary"
            | b"orchestra"
            | b"choir"
            | b"giant"
            | b"chain"
    )
}

/// Does a noun of [`is_org_noun`] stand right before token `a` (past an opening quote, and
/// "called" or "named")? Not when a known name follows it with a verb in the past ("the band
/// Lennon formed": a relative clause, the name a person's).
pub(super) fn org_noun_before(t: &Tokens<'_>, a: usize, b: usize, known_name: bool) -> bool {
    let mut p = a;
    if p > 0 && t.toks[p - 1].kind == Kind::Punct && matches!(t.text(p - 1), "\"" | "“" | "'") {
        p -= 1;
    }
    if p > 1 && t.is_lower_word(p - 1) && matches!(t.norm_bytes(p - 1), b"called" | b"named") {
        p -= 1;
    }
    if p == 0 || !t.is_lower_word(p - 1) || !is_org_noun(t.norm_bytes(p - 1)) {
        return false;
    }
    !(known_name && t.is_lower_word(b) && t.norm_bytes(b).ends_with(b"ed"))
}

/// Lowercase nouns that, right before a name, make it a place ("the district Wittenberg",
/// "the island Oahu").
pub(super) fn is_place_noun(w: &[u8]) -> bool {
    matches!(
        w,
        b"district"
            | b"province"
            | b"region"
            | b"town"
            | b"village"
            | b"island"
            | b"county"
            | b"municipality"
            | b"commune"
            | b"canton"
            | b"prefecture"
            | b"oblast"
            | b"parish"
            | b"borough"
            | b"suburb"
            | b"hamlet"
    )
}

/// Does a noun of [`is_place_noun`] stand right before token `a` (as
/// [`org_noun_before`])?
pub(super) fn place_noun_before(t: &Tokens<'_>, a: usize, b: usize, known_name: bool) -> bool {
    a > 0
        && t.is_lower_word(a - 1)
        && is_place_noun(t.norm_bytes(a - 1))
        && !(known_name && t.is_lower_word(b) && t.norm_bytes(b).ends_with(b"ed"))
}

/// Verbs of a match result ("Leeds beat Chelsea", "Lyon drew with Nice"): a city beside one is
/// the club named after it.
pub(super) fn is_match_verb(w: &[u8]) -> bool {
    matches!(
        w,
        b"beat"
            | b"beats"
            | b"defeated"
            | b"thrashed"
            | b"edged"
            | b"routed"
            | b"drew"
            | b"crushed"
            | b"outclassed"
            | b"overcame"
            | b"trounced"
    )
}

/// Is `a..b` the side of a match: before a match verb, or after one and before the score
/// ("beat Chelsea 2-1", "drew with Nice 1-1")?
pub(super) fn match_side(t: &Tokens<'_>, a: usize, b: usize) -> bool {
    let verb = |i: usize| t.is_lower_word(i) && is_match_verb(t.norm_bytes(i));
    if b < t.len() && verb(b) {
        return true;
    }
    let mut p = a;
    if p > 1 && t.is_lower_word(p - 1) && t.norm_bytes(p - 1) == b"with" {
        p -= 1;
    }
    p > 0 && verb(p - 1) && b < t.len() && t.toks[b].kind == Kind::Num
}

/// Is the name at `a` (or a list of names it ends) the object of a sportsman's club verb
/// ("played with Footscray and North Melbourne", "signed for Coburg", "coached Leeds")? A club,
/// whatever place it is named after.
pub(super) fn club_verb_before(t: &Tokens<'_>, a: usize) -> bool {
    // Back over a list of names ("Footscray and", "Leeds, Hull and"), at most a few tokens.
    let mut p = a;
    let mut steps = 0;
    while p > 0 && steps < 8 {
        let k = &t.toks[p - 1];
        let listed = match k.kind {
            Kind::Word => k.cap || t.norm_bytes(p - 1) == b"and",
            Kind::Punct => t.text(p - 1) == ",",
            Kind::Num | Kind::Poss => false,
        };
        if !listed || t.toks[p].nl_before > 0 {
            break;
        }
        p -= 1;
        steps += 1;
    }
    let verb = |i: usize| {
        t.is_lower_word(i)
            && matches!(
                t.norm_bytes(i),
                b"played"
                    | b"plays"
                    | b"playing"
                    | b"signed"
                    | b"signs"
                    | b"signing"
                    | b"coached"
                    | b"coaches"
                    | b"coaching"
                    | b"captained"
                    | b"captains"
            )
    };
    if p == 0 || t.toks[p].nl_before > 0 {
        return false;
    }
    if verb(p - 1) {
        // "coached Leeds", but not "played Hamlet" unless a preposition says it is a side.
        return matches!(
            t.norm_bytes(p - 1),
            b"coached" | b"coaches" | b"coaching" | b"captained" | b"captains"
        );
    }
    p > 1
        && t.toks[p - 1].nl_before == 0
        && t.is_lower_word(p - 1)
        && matches!(t.norm_bytes(p - 1), b"for" | b"with")
        && verb(p - 2)
}

/// The entity kind of a gazetteer entry's kind.
pub(super) fn lex_kind(k: super::LexKind) -> crate::model::EntityKind {
    match k {
        super::LexKind::Place => crate::model::EntityKind::Place,
        super::LexKind::Org => crate::model::EntityKind::Organization,
    }
}
