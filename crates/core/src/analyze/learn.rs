//! The learned layer: an averaged perceptron that classifies each name candidate (a run of
//! capitalized words found by [`super::names`]) as person, place, organization or none.
//!
//! Its features are the rule cascade's own verdict (kind and strength), the lexicons (given
//! names, surnames, common words, gazetteer hits, organization and place heads, titles), the
//! words themselves, their shape and affixes, the words around the span and the line's kind
//! (headline, results table, sentence start). Features are hashed into a fixed table of
//! [`BUCKETS`] rows of four weights, so scoring a candidate is a few dozen additions.
//!
//! The weights (`data/ner.bin`) are built by `cargo run --release --example train_ner` from the
//! training halves of the development sets (see that example and the README); without them
//! (an empty file) the rules decide alone.

use super::lexicon::{
    LexKind, Lexicon, W_COMMON, W_GIVEN, W_NATIONALITY, W_ORG_SUFFIX, W_PHRASE, W_PLACE_SUFFIX,
    W_SURNAME, W_TITLE,
};
use super::names::{Cand, LEXICON, MEDIUM, STRONG, WEAK};
use super::tokenize::{Kind, Tokens};
use crate::model::EntityKind;
use std::sync::OnceLock;

/// Rows of the hashed feature table.
pub const BUCKETS: usize = 1 << 18;
/// Classes: none, person, place, organization.
pub const CLASSES: usize = 4;
const MAGIC: &[u8; 8] = b"DOCNER01";

/// The classes in the order of the weights.
pub fn class_kind(c: usize) -> Option<EntityKind> {
    match c {
        1 => Some(EntityKind::Person),
        2 => Some(EntityKind::Place),
        3 => Some(EntityKind::Organization),
        _ => None,
    }
}

/// The class index of a kind (`None`: 0).
pub fn kind_class(k: Option<EntityKind>) -> usize {
    match k {
        Some(EntityKind::Person) => 1,
        Some(EntityKind::Place) => 2,
        Some(EntityKind::Organization) => 3,
        _ => 0,
    }
}

/// A trained model: `BUCKETS × CLASSES` weights.
pub struct Model {
    pub w: Vec<f32>,
}

impl Model {
    /// Reads the weight file: magic, bucket count (u32 LE), then f32 LE weights.
    pub fn from_bytes(b: &[u8]) -> Option<Model> {
        let rest = b.strip_prefix(MAGIC.as_slice())?;
        let n = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
        if n != BUCKETS {
            return None;
        }
        let data = rest.get(4..4 + n * CLASSES * 4)?;
        let w = data
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Some(Model { w })
    }

    /// The weight file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(12 + self.w.len() * 4);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(BUCKETS as u32).to_le_bytes());
        for x in &self.w {
            out.extend_from_slice(&x.to_le_bytes());
        }
        out
    }

    /// Class scores for a feature list.
    pub fn scores(&self, feats: &[u32]) -> [f32; CLASSES] {
        let mut s = [0f32; CLASSES];
        for &f in feats {
            let row = f as usize * CLASSES;
            if let Some(w) = self.w.get(row..row + CLASSES) {
                for (a, b) in s.iter_mut().zip(w) {
                    *a += b;
                }
            }
        }
        s
    }
}

static WEIGHTS: &[u8] = include_bytes!("data/ner.bin");

/// The built-in model, if the weight file holds one.
pub fn model() -> Option<&'static Model> {
    static M: OnceLock<Option<Model>> = OnceLock::new();
    M.get_or_init(|| {
        if std::env::var_os("DOCENT_NO_MODEL").is_some() {
            return None;
        }
        // For comparing retrained weights without a rebuild; a file that cannot be read or is
        // not a weight file leaves the built-in weights.
        if let Some(m) = std::env::var_os("DOCENT_NER_WEIGHTS")
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|b| Model::from_bytes(&b))
        {
            return Some(m);
        }
        Model::from_bytes(WEIGHTS)
    })
    .as_ref()
}

/// FNV-1a over a feature's name and its value's pieces, reduced to a bucket; no allocation.
#[derive(Clone, Copy)]
struct Fnv(u64);

/// [`Fnv::new`] of a literal name, computed at compile time.
macro_rules! nf {
    ($name:literal) => {{
        const H: Fnv = Fnv::new($name);
        H
    }};
}

/// The word lists a candidate's word can be on, each a feature with the word's position, in the
/// order the weights were trained with.
const WORD_LIST_FEATURES: [(u16, Fnv); 7] = [
    (W_GIVEN, Fnv::new("given")),
    (W_SURNAME, Fnv::new("surname")),
    (W_COMMON, Fnv::new("common")),
    (W_ORG_SUFFIX, Fnv::new("orgsuf")),
    (W_PLACE_SUFFIX, Fnv::new("placesuf")),
    (W_TITLE, Fnv::new("title")),
    (W_NATIONALITY, Fnv::new("nat")),
];

impl Fnv {
    /// The hash state after a feature's name and its separator (`const`, so that [`nf!`] folds
    /// the names away: the same state as hashing them at run time).
    const fn new(name: &str) -> Fnv {
        let b = name.as_bytes();
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        let mut i = 0;
        while i < b.len() {
            h = (h ^ b[i] as u64).wrapping_mul(0x0000_0100_0000_01b3);
            i += 1;
        }
        Fnv((h ^ 0x1f).wrapping_mul(0x0000_0100_0000_01b3))
    }
    fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
    }
    fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.byte(x);
        }
    }
    fn str(mut self, s: &str) -> Fnv {
        self.bytes(s.as_bytes());
        self
    }
    fn sep(mut self) -> Fnv {
        self.byte(b'|');
        self
    }
    fn space(mut self) -> Fnv {
        self.byte(b' ');
        self
    }
    /// The word's shape ("Xx", "XX", "X.X.", "Xx-Xx", "dx"): character classes, runs collapsed.
    fn shape(mut self, w: &str) -> Fnv {
        shape_chars(w, |k| {
            let mut buf = [0u8; 4];
            self.bytes(k.encode_utf8(&mut buf).as_bytes());
        });
        self
    }
    fn raw(mut self, b: &[u8]) -> Fnv {
        self.bytes(b);
        self
    }
    fn done(self) -> u32 {
        (self.0 % BUCKETS as u64) as u32
    }
}

/// The characters of `w`'s shape ([`Fnv::shape`]), in order, to `out`.
#[inline]
fn shape_chars(w: &str, mut out: impl FnMut(char)) {
    let mut last = '\0';
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if k != last {
            out(k);
            last = k;
        }
    }
}

/// `w`'s shape as UTF-8 in `buf`, or `None` where it does not fit: worked out once for the
/// two features that hash it.
fn shape_into<'a>(w: &str, buf: &'a mut [u8; 48]) -> Option<&'a [u8]> {
    if w.is_ascii() {
        // Most words: the classes by byte, with no char decoded or encoded (the same classes:
        // an ASCII character is upper- or lowercase or numeric exactly as its ASCII test says).
        let (mut n, mut last) = (0, 0u8);
        for &c in w.as_bytes() {
            let k = match c {
                b'A'..=b'Z' => b'X',
                b'a'..=b'z' => b'x',
                b'0'..=b'9' => b'd',
                _ => c,
            };
            if k != last {
                *buf.get_mut(n)? = k;
                n += 1;
                last = k;
            }
        }
        return buf.get(..n);
    }
    let mut n = 0;
    let mut fits = true;
    shape_chars(w, |k| {
        let mut b4 = [0u8; 4];
        let e = k.encode_utf8(&mut b4).as_bytes();
        match buf.get_mut(n..n + e.len()) {
            Some(d) if fits => {
                d.copy_from_slice(e);
                n += e.len();
            }
            _ => fits = false,
        }
    });
    if fits {
        buf.get(..n)
    } else {
        None
    }
}

#[cfg(test)]
fn hash(name: &str, value: &str) -> u32 {
    Fnv::new(name).str(value).done()
}

/// What the features need about the text around the candidates.
pub struct Context<'a, 'b> {
    pub t: &'a Tokens<'b>,
    pub lex: &'a Lexicon,
    /// Tokens on headline (Title-Case or ALL-CAPS) lines.
    pub weak_line: &'a [bool],
    /// Tokens on results lines.
    pub score_line: &'a [bool],
}

/// Candidate `c`'s token range: its first token and the first token past it (not clamped);
/// found once per candidate, for all the steps below.
fn span(t: &Tokens<'_>, c: &Cand) -> (usize, usize) {
    let a = t.toks.partition_point(|k| k.start < c.start);
    // The end a few tokens on (the tokens are in order): a walk, not a second search.
    let b = a + t.toks[a.min(t.len())..]
        .iter()
        .take_while(|k| k.start < c.end)
        .count();
    (a, b)
}

/// The hashed features of candidate `c`.
pub fn features(cx: &Context<'_, '_>, c: &Cand, out: &mut Vec<u32>) {
    let (a, b) = span(cx.t, c);
    features_at(cx, c, a, b, out);
}

/// [`features`] of `c` at its tokens `a..b` (as [`span`] gives them).
fn features_at(cx: &Context<'_, '_>, c: &Cand, a: usize, b: usize, out: &mut Vec<u32>) {
    out.clear();
    let t = cx.t;
    let lex = cx.lex;
    let b = b.max(a + 1);
    if a >= t.len() {
        return;
    }
    let mut f = |h: Fnv| out.push(h.done());
    f(nf!("bias"));
    let rule = match c.kind {
        Some(EntityKind::Person) => "person",
        Some(EntityKind::Place) => "place",
        Some(EntityKind::Organization) => "org",
        _ => "none",
    };
    let strength = match c.strength {
        LEXICON => "lex",
        STRONG => "strong",
        MEDIUM => "medium",
        WEAK => "weak",
        _ => "?",
    };
    f(nf!("rule").str(rule));
    f(nf!("rule+s").str(rule).str(strength));
    if c.canon.is_some() {
        f(nf!("canon").str(rule));
    }
    let n = c.n_words();
    const SMALL: [&str; 6] = ["0", "1", "2", "3", "4", "5"];
    f(nf!("n").str(SMALL[n.min(5)]));
    f(nf!("rule+n").str(rule).str(SMALL[n.min(4)]));
    f(nf!("lex").str(match lex.lookup(&c.key) {
        Some(e) => match (e.kind, e.region) {
            (LexKind::Place, true) => "region",
            (LexKind::Place, false) => "place",
            (LexKind::Org, _) => "org",
        },
        None => "-",
    }));
    let (mut first, mut last) = ("", "");
    for (i, w) in c.words().enumerate() {
        let (pos, pos_h) = if i == 0 {
            ("first", nf!("first"))
        } else if i + 1 == n {
            ("last", nf!("last"))
        } else {
            ("mid", nf!("mid"))
        };
        if i == 0 {
            first = w;
        }
        last = w;
        f(nf!("w").str(w));
        f(pos_h.str(w));
        // All the word lists in one probe (a folded word has no space, so a gazetteer phrase
        // of one word is all `lookup(w)` could find).
        let fl = lex.word_flags(w);
        let on = |bit: u16| fl & bit != 0;
        for &(bit, name) in &WORD_LIST_FEATURES {
            if on(bit) {
                f(name.str(pos));
            }
        }
        if n > 1 && (on(W_PHRASE) || (w.contains(' ') && lex.lookup(w).is_some())) {
            f(nf!("lexpart").str(pos));
        }
        if w.len() > 3 {
            let cut = w.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
            f(nf!("suf3").str(&w[cut..]));
        }
    }
    if n > 1 {
        f(nf!("first+last").str(first).sep().str(last));
    } else if lex.word_flags(first) & (W_GIVEN | W_SURNAME) == 0 {
        // One word known as neither a given name nor a surname, with the word after it
        // ("Ryanair said" is not "Blair said").
        f(nf!("unnamed+n1").str(t.norm(b)));
        f(nf!("unnamed").str(rule));
    }
    // After a number ("100 mln Dlrs", "five Debentures"): a unit or a quantity's noun.
    if a > 0
        && (t.toks[a - 1].kind == Kind::Num
            || (a > 1 && t.toks[a - 2].kind == Kind::Num && t.is_lower_word(a - 1)))
    {
        f(nf!("after_num").str(SMALL[n.min(2)]));
    }
    // "Ferguson and Arsene Wenger": a given name after "and" makes the pair two people.
    if t.norm(b) == "and" && b + 1 < t.len() && t.toks[b + 1].cap && lex.is_given(t.norm(b + 1)) {
        f(nf!("and_given"));
    }
    let mut shapes = nf!("shapes");
    let mut buf = [0u8; 48];
    for i in a..b.min(t.len()) {
        let k = &t.toks[i];
        let word = k.kind == Kind::Word || k.kind == Kind::Num;
        match shape_into(t.text(i), &mut buf) {
            Some(sh) => {
                if word {
                    f(nf!("shape").raw(sh));
                }
                shapes = shapes.raw(sh).space();
            }
            None => {
                if word {
                    f(nf!("shape").shape(t.text(i)));
                }
                shapes = shapes.shape(t.text(i)).space();
            }
        }
    }
    f(shapes);
    let word_at = |i: isize| -> &str {
        if i < 0 || i as usize >= t.len() {
            "<s>"
        } else if t.toks[i as usize].kind == Kind::Punct {
            t.text(i as usize)
        } else {
            t.norm(i as usize)
        }
    };
    let (ai, bi) = (a as isize, b as isize);
    f(nf!("p1").str(word_at(ai - 1)));
    f(nf!("p2").str(word_at(ai - 2)).sep().str(word_at(ai - 1)));
    f(nf!("n1").str(word_at(bi)));
    f(nf!("n2").str(word_at(bi)).sep().str(word_at(bi + 1)));
    if a > 0 && t.toks[a - 1].kind == Kind::Word && lex.titles.contains(t.norm(a - 1)) {
        f(nf!("after_title"));
    }
    if t.toks[a].sent_start {
        f(nf!("sent_start").str(rule));
    }
    if cx.weak_line.get(a).copied().unwrap_or(false) {
        f(nf!("headline").str(rule));
    }
    if cx.score_line.get(a).copied().unwrap_or(false) {
        f(nf!("results").str(rule));
    }
    if b < t.len() && t.toks[b].kind == Kind::Poss {
        f(nf!("poss"));
    }
    if t.toks[a].upper {
        f(nf!("upper").str(SMALL[n.min(3)]));
    }
}

/// Margin (best class score minus the next) the model needs to resolve a candidate.
const RESOLVE: f32 = 2.0;
/// Margin above which a kind the model gives counts as a strong cue in the linker's votes.
const SURE: f32 = 10.0;

/// Lets the model resolve the candidates the rules left open, where it is sure enough. Kinds
/// the rules gave (from a gazetteer, a head word or a context cue) stand; so do headline and
/// results lines, which the training text lacks; weekday and month words are never names. A
/// "none" verdict leaves the candidate to the linker as before.
pub fn apply(m: &Model, cx: &Context<'_, '_>, cands: &mut [Cand]) {
    let mut feats = Vec::with_capacity(64);
    for c in cands.iter_mut() {
        let (a, b) = span(cx.t, c);
        if place_or_org_by_head(cx, c, a) {
            features_at(cx, c, a, b, &mut feats);
            let s = m.scores(&feats);
            let (here, other) = match c.kind {
                Some(EntityKind::Place) => (2, 3),
                _ => (3, 2),
            };
            // Only where the model is sure: the conventions differ by head ("the Sandy River
            // Railroad" is a line, a place, in encyclopedic text; "Hayward City Center" an
            // institution), which a head-word list cannot say.
            if s[other] - s[here] > SURE && s[other] >= s[0] && s[other] >= s[1] {
                c.kind = class_kind(other);
                c.strength = MEDIUM;
            }
            continue;
        }
        if !open_to_model_at(cx, c, a, b) {
            continue;
        }
        features_at(cx, c, a, b, &mut feats);
        let s = m.scores(&feats);
        let best = (0..CLASSES).fold(0, |b, i| if s[i] > s[b] { i } else { b });
        let second = (0..CLASSES)
            .filter(|&i| i != best)
            .map(|i| s[i])
            .fold(f32::MIN, f32::max);
        let margin = s[best] - second;
        // "the Moon", "The Sterling was": a name after "the" (any case) is not a person's,
        // unless a modifier of a person's office ("the Biden administration"). "its Blue Moon
        // lander", "A Reuter survey": nor after a possessive determiner, or after "a" before a
        // noun.
        let prev_word = |w: &[&str]| {
            a > 0 && cx.t.toks[a - 1].kind == Kind::Word && w.contains(&cx.t.norm(a - 1))
        };
        let after_the = prev_word(&["the"])
            && !(cx.t.is_lower_word(b) && super::names::is_person_after(cx.t.norm(b)));
        let after_det = prev_word(&["its", "their", "our", "your", "my", "his", "her"])
            || (prev_word(&["a", "an"])
                && cx.t.is_lower_word(b)
                && !STOP_AFTER.contains(&cx.t.norm(b)));
        // One word no name list knows ("rival Ryanair", "Underwriters are led by") is a person
        // by the model alone only where it is sure, and never a sure one: the corpus decides
        // (see `link`). (The given-name, surname and common-word lists in one probe.)
        let one_word_lists = if c.n_words() == 1 {
            Some(cx.lex.word_flags(&c.key))
        } else {
            None
        };
        let unknown_word =
            one_word_lists.is_some_and(|fl| fl & (W_GIVEN | W_SURNAME | W_COMMON) == 0);
        // One common English word ("Sterling", "Tate", "Harris") is as often a company, a
        // currency or a thing as a surname: the model's person is never a sure one there
        // either (a full name in its document or the corpus's cues make it one; see `link`).
        let common_word = one_word_lists.is_some_and(|fl| fl & W_COMMON != 0);
        // Nor one word before a plural noun ("polled by Reuter correspondents", "Acme
        // engineers"): a modifier, as often a company's as a person's ("Reagan aides").
        let before_plural = c.n_words() == 1 && cx.t.is_lower_word(b) && {
            let w = cx.t.norm(b);
            w.len() > 3
                && w.ends_with('s')
                && !w.ends_with("ss")
                && cx.lex.word_bits(w) & super::lexicon::B_VERB == 0
                && !super::names::is_person_after(w)
        };
        if let Some(k) = class_kind(best)
            .filter(|_| margin >= RESOLVE)
            .filter(|&k| !((after_the || after_det) && k == EntityKind::Person))
            .filter(|&k| !(unknown_word && k == EntityKind::Person && margin <= SURE))
        {
            c.kind = Some(k);
            let unsure_person =
                (unknown_word || common_word || before_plural) && k == EntityKind::Person;
            c.strength = if margin > SURE && !unsure_person {
                STRONG
            } else {
                MEDIUM
            };
        }
    }
}

/// A place or an organization the rules found by a head word or a strong context cue (not from
/// a gazetteer, an acronym, a headline or a results line, nor from a weaker cue such as "at the
/// X in"): the model may swap the two kinds.
fn place_or_org_by_head(cx: &Context<'_, '_>, c: &Cand, a: usize) -> bool {
    if !matches!(c.kind, Some(EntityKind::Place | EntityKind::Organization))
        || c.strength != STRONG
        || c.canon.is_some()
        || c.acronym_of.is_some()
    {
        return false;
    }
    !(cx.weak_line.get(a).copied().unwrap_or(false)
        || cx.score_line.get(a).copied().unwrap_or(false))
}

/// Is `c` one the model decides: unresolved by the rules, not an acronym defined in the text,
/// not on a headline or results line, not a lone weekday or month name or a common word opening
/// a sentence?
pub fn open_to_model(cx: &Context<'_, '_>, c: &Cand) -> bool {
    let (a, b) = span(cx.t, c);
    open_to_model_at(cx, c, a, b)
}

/// [`open_to_model`] of `c` at its tokens `a..b` (as [`span`] gives them).
fn open_to_model_at(cx: &Context<'_, '_>, c: &Cand, a: usize, b: usize) -> bool {
    if c.kind.is_some() || c.acronym_of.is_some() {
        return false;
    }
    if cx.weak_line.get(a).copied().unwrap_or(false)
        || cx.score_line.get(a).copied().unwrap_or(false)
    {
        return false;
    }
    // A model number or a sequel beside it ("737 Max", "Destiny 2"): a product, never a name
    // the model could find (see the rule in `names`).
    let b = b.max(a + 1);
    if super::names::beside_number(cx.t, a, b)
        && (c.n_words() == 1 || c.words().next().is_none_or(|w| !cx.lex.is_given(w)))
    {
        return false;
    }
    if c.n_words() == 1 && a > 0 {
        // After an amount ("five billion Ecus", "20 mln Ecus", "1,000 Ecus"): a unit or a
        // currency, never a name the model could find (a year before a name is no amount:
        // "in 1986 Chrysler earned").
        let p = a - 1;
        let tok = &cx.t.toks[p];
        let amount = match tok.kind {
            Kind::Num => {
                let s = cx.t.text(p);
                !(s.len() == 4 && s.bytes().all(|x| x.is_ascii_digit()))
            }
            Kind::Word => {
                let w = cx.t.norm(p);
                !tok.cap
                    && (super::names::is_number_word(w)
                        || matches!(w, "mln" | "bln" | "trillion" | "dozen"))
            }
            _ => false,
        };
        if amount {
            return false;
        }
    }
    if c.n_words() == 1 {
        // A lone calendar word, or a common word opening a sentence ("Voters", "However"):
        // never a name the model could find, and the most frequent open candidates.
        let w = c.key.as_str();
        if is_calendar_word(w)
            || (cx.t.toks.get(a).is_some_and(|k| k.sent_start) && cx.lex.is_common(w))
        {
            return false;
        }
    }
    true
}

/// Function words that may follow "the X" without making X a modifier ("the Moon and Mars").
const STOP_AFTER: &[&str] = &[
    "and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "from", "by", "is", "was",
    "as", "that", "which", "has", "had", "will", "would", "could", "can", "are", "were", "be",
];

/// Weekday and month names (folded).
fn is_calendar_word(w: &str) -> bool {
    super::names::is_weekday(w) || super::names::is_month(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_round_trip_and_bad_files_are_refused() {
        let mut w = vec![0f32; BUCKETS * CLASSES];
        w[7] = 1.5;
        let m = Model { w };
        let b = m.to_bytes();
        let back = Model::from_bytes(&b).map(|m| m.w[7]);
        assert_eq!(back, Some(1.5));
        assert!(Model::from_bytes(&b[..100]).is_none());
        assert!(Model::from_bytes(b"").is_none());
        assert!(Model::from_bytes(b"NOTMAGIC\0\0\0\0").is_none());
    }

    /// The kind `apply` gives the candidate `key` of `text` under a model whose only weight is
    /// `person` on the bias feature (so every open candidate's margin is `person`).
    fn kind_with_person_margin(text: &str, key: &str, person: f32) -> Option<EntityKind> {
        let mut w = vec![0f32; BUCKETS * CLASSES];
        w[Fnv::new("bias").done() as usize * CLASSES + 1] = person;
        let m = Model { w };
        let t = super::super::tokenize::tokenize(text);
        let lex = super::super::lexicon::get();
        let mut raw = super::super::names::extract_rules(&t, lex, &vec![false; t.len()]);
        let cx = Context {
            t: &t,
            lex,
            weak_line: &raw.weak_line,
            score_line: &raw.score_line,
        };
        assert!(raw
            .cands
            .iter()
            .any(|c| c.key == key && open_to_model(&cx, c)));
        apply(&m, &cx, &mut raw.cands);
        raw.cands.iter().find(|c| c.key == key).and_then(|c| c.kind)
    }

    #[test]
    fn an_unknown_word_is_a_person_only_where_the_model_is_sure() {
        let text = "Shares rose after Zorblat agreed to the terms on Friday.";
        assert_eq!(kind_with_person_margin(text, "zorblat", SURE - 1.0), None);
        assert_eq!(
            kind_with_person_margin(text, "zorblat", SURE + 1.0),
            Some(EntityKind::Person)
        );
    }

    /// The kind and strength of candidate `key` in `text` under a model that makes every
    /// candidate a person by a sure margin.
    fn sure_person_model_says(text: &str, key: &str) -> Option<(Option<EntityKind>, u8)> {
        let t = super::super::tokenize::tokenize(text);
        let lex = super::super::lexicon::get();
        let mut w = vec![0f32; BUCKETS * CLASSES];
        w[Fnv::new("bias").done() as usize * CLASSES + 1] = SURE + 5.0;
        let m = Model { w };
        let mut raw = super::super::names::extract_rules(&t, lex, &vec![false; t.len()]);
        let cx = Context {
            t: &t,
            lex,
            weak_line: &raw.weak_line,
            score_line: &raw.score_line,
        };
        apply(&m, &cx, &mut raw.cands);
        raw.cands
            .iter()
            .find(|c| c.key == key)
            .map(|c| (c.kind, c.strength))
    }

    #[test]
    fn a_common_word_is_never_a_sure_person() {
        assert_eq!(
            sure_person_model_says(
                "Participants in the new well, along with Sterling, are two other companies.",
                "sterling"
            ),
            Some((Some(EntityKind::Person), MEDIUM))
        );
    }

    #[test]
    fn a_word_before_a_plural_noun_is_never_a_sure_person() {
        assert_eq!(
            sure_person_model_says(
                "The figures came from views polled by Kowalski correspondents last week.",
                "kowalski"
            ),
            Some((Some(EntityKind::Person), MEDIUM))
        );
    }

    #[test]
    fn a_word_after_an_amount_is_left_to_the_rules() {
        let text = "The shortfall is about five billion Zorbs this year, or 330 Zorbs a tonne, \
                    and in 1986 Zorblat earned more.";
        let t = super::super::tokenize::tokenize(text);
        let lex = super::super::lexicon::get();
        let raw = super::super::names::extract_rules(&t, lex, &vec![false; t.len()]);
        let cx = Context {
            t: &t,
            lex,
            weak_line: &raw.weak_line,
            score_line: &raw.score_line,
        };
        let open: Vec<&str> = raw
            .cands
            .iter()
            .filter(|c| open_to_model(&cx, c))
            .map(|c| c.key.as_str())
            .collect();
        assert_eq!(open, ["zorblat"]);
    }

    #[test]
    fn shapes_collapse_runs() {
        let sh = |w: &str| Fnv::new("s").shape(w).done();
        assert_eq!(sh("McDonald"), Fnv::new("s").str("XxXx").done());
        assert_eq!(sh("U.S."), Fnv::new("s").str("X.X.").done());
        assert_eq!(sh("1990s"), Fnv::new("s").str("dx").done());
        // The ASCII path and the general one class alike.
        assert_eq!(sh("Ab-9c'D"), Fnv::new("s").str("Xx-dx'X").done());
        assert_eq!(sh("Zürich-9"), Fnv::new("s").str("Xx-d").done());
        // Worked out into a buffer, the same bytes; none where they do not fit.
        let mut buf = [0u8; 48];
        assert_eq!(shape_into("Zürich-9", &mut buf), Some("Xx-d".as_bytes()));
        assert_eq!(shape_into("Ab-9c'D", &mut buf), Some("Xx-dx'X".as_bytes()));
        assert_eq!(shape_into(&"a-".repeat(30), &mut buf), None);
        assert_eq!(shape_into(&"ä-".repeat(30), &mut buf), None);
        assert_ne!(hash("w", "paris"), hash("w", "london"));
    }
}
