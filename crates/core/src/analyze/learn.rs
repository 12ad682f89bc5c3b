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
    LexEntry, LexKind, Lexicon, B_EXTENDS, B_PHRASE, B_SPACED, W_COMMON, W_GIVEN, W_NATIONALITY,
    W_ORG_SUFFIX, W_PHRASE, W_PLACE_SUFFIX, W_SURNAME, W_TITLE,
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
            self.add(&mut s, f);
        }
        s
    }

    /// Adds feature `f`'s weights to the class scores `s` (features added one by one, in the
    /// list's order, sum as [`Model::scores`] does).
    #[inline]
    fn add(&self, s: &mut [f32; CLASSES], f: u32) {
        let row = f as usize * CLASSES;
        if let Some(w) = self.w.get(row..row + CLASSES) {
            for (a, b) in s.iter_mut().zip(w) {
                *a += b;
            }
        }
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

/// The values of the features that take few: the rule's verdict by class ([`kind_class`]), its
/// strength by [`WEAK`] … [`LEXICON`] (any other "?"), a word's position in the candidate, and
/// small counts.
const RULES: [&str; CLASSES] = ["none", "person", "place", "org"];
const STRENGTHS: [&str; 5] = ["weak", "medium", "strong", "lex", "?"];
const _: () = assert!(WEAK == 0 && MEDIUM == 1 && STRONG == 2 && LEXICON == 3);
const POSITIONS: [&str; 3] = ["first", "last", "mid"];
const SMALL: [&str; 6] = ["0", "1", "2", "3", "4", "5"];

/// The hash states after each position's name, for the features of a word by its position.
const POSITION_NAMES: [Fnv; 3] = [Fnv::new("first"), Fnv::new("last"), Fnv::new("mid")];

// The features of those values, hashed at compile time ([`each`]): the same buckets as hashing
// the names and values per candidate.
const F_BIAS: u32 = Fnv::new("bias").done();
const F_RULE: [u32; CLASSES] = each(Fnv::new("rule"), RULES);
const F_RULE_STRENGTH: [[u32; 5]; CLASSES] = each_rule(Fnv::new("rule+s"), STRENGTHS);
const F_CANON: [u32; CLASSES] = each(Fnv::new("canon"), RULES);
const F_N: [u32; 6] = each(Fnv::new("n"), SMALL);
const F_RULE_N: [[u32; 5]; CLASSES] = each_rule(Fnv::new("rule+n"), ["0", "1", "2", "3", "4"]);
const F_LEX: [u32; 4] = each(Fnv::new("lex"), ["region", "place", "org", "-"]);
const F_LEXPART: [u32; 3] = each(Fnv::new("lexpart"), POSITIONS);
const F_UNNAMED: [u32; CLASSES] = each(Fnv::new("unnamed"), RULES);
const F_AFTER_NUM: [u32; 3] = each(Fnv::new("after_num"), ["0", "1", "2"]);
const F_AND_GIVEN: u32 = Fnv::new("and_given").done();
const F_AFTER_TITLE: u32 = Fnv::new("after_title").done();
const F_SENT_START: [u32; CLASSES] = each(Fnv::new("sent_start"), RULES);
const F_HEADLINE: [u32; CLASSES] = each(Fnv::new("headline"), RULES);
const F_RESULTS: [u32; CLASSES] = each(Fnv::new("results"), RULES);
const F_POSS: u32 = Fnv::new("poss").done();
const F_UPPER: [u32; 4] = each(Fnv::new("upper"), ["0", "1", "2", "3"]);

/// The word lists a candidate's word can be on, each a feature with the word's position (by
/// [`POSITIONS`]), in the order the weights were trained with.
const WORD_LIST_FEATURES: [(u16, [u32; 3]); 7] = [
    (W_GIVEN, each(Fnv::new("given"), POSITIONS)),
    (W_SURNAME, each(Fnv::new("surname"), POSITIONS)),
    (W_COMMON, each(Fnv::new("common"), POSITIONS)),
    (W_ORG_SUFFIX, each(Fnv::new("orgsuf"), POSITIONS)),
    (W_PLACE_SUFFIX, each(Fnv::new("placesuf"), POSITIONS)),
    (W_TITLE, each(Fnv::new("title"), POSITIONS)),
    (W_NATIONALITY, each(Fnv::new("nat"), POSITIONS)),
];

/// The feature `name` of each of `values`, at compile time.
const fn each<const N: usize>(name: Fnv, values: [&str; N]) -> [u32; N] {
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = name.with(values[i]).done();
        i += 1;
    }
    out
}

/// The feature `name` of each rule's verdict ([`RULES`]) then each of `values`.
const fn each_rule<const N: usize>(name: Fnv, values: [&str; N]) -> [[u32; N]; CLASSES] {
    let mut out = [[0; N]; CLASSES];
    let mut r = 0;
    while r < CLASSES {
        out[r] = each(name.with(RULES[r]), values);
        r += 1;
    }
    out
}

impl Fnv {
    /// The hash state after a feature's name and its separator (`const`, so that [`nf!`] folds
    /// the names away: the same state as hashing them at run time).
    const fn new(name: &str) -> Fnv {
        let h = Fnv(0xcbf2_9ce4_8422_2325).with(name).0;
        Fnv((h ^ 0x1f).wrapping_mul(0x0000_0100_0000_01b3))
    }
    /// [`Fnv::str`] at compile time.
    const fn with(mut self, s: &str) -> Fnv {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            self.0 = (self.0 ^ b[i] as u64).wrapping_mul(0x0000_0100_0000_01b3);
            i += 1;
        }
        self
    }
    fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
    }
    fn bytes(&mut self, b: &[u8]) {
        // Four bytes a step, then the rest one by one: the same state as a byte at a time, in
        // fewer instructions (a word's bytes are a good part of a candidate's cost).
        let mut rest = b;
        while let [w, x, y, z, tail @ ..] = rest {
            for &v in [w, x, y, z] {
                self.byte(v);
            }
            rest = tail;
        }
        for &v in rest {
            self.byte(v);
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
    #[cfg(test)]
    fn shape(mut self, w: &str) -> Fnv {
        shape_bytes(w, |k| self.byte(k));
        self
    }
    const fn done(self) -> u32 {
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

/// The UTF-8 bytes of `w`'s shape ([`Fnv::shape`]), in order, to `out`: for the two features
/// that hash it, at once (no buffer, no second pass).
#[inline]
fn shape_bytes(w: &str, mut out: impl FnMut(u8)) {
    if w.is_ascii() {
        // Most words: the classes by byte, with no char decoded or encoded (the same classes:
        // an ASCII character is upper- or lowercase or numeric exactly as its ASCII test says).
        let mut last = 0u8;
        for &c in w.as_bytes() {
            let k = match c {
                b'A'..=b'Z' => b'X',
                b'a'..=b'z' => b'x',
                b'0'..=b'9' => b'd',
                _ => c,
            };
            if k != last {
                out(k);
                last = k;
            }
        }
        return;
    }
    shape_chars(w, |k| {
        let mut buf = [0u8; 4];
        k.encode_utf8(&mut buf).bytes().for_each(&mut out);
    });
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
/// found once per candidate, for all the steps below. `near`: a token at or before the first
/// (the previous candidate's, in text order), walked from rather than searched anew.
fn span(t: &Tokens<'_>, c: &Cand, near: usize) -> (usize, usize) {
    let before = |i: usize| t.toks.get(i).is_some_and(|k| k.start < c.start);
    // (The first token lies at `near` or after only if the token before `near` starts before.)
    let a = if near == 0 || before(near - 1) {
        (near..near + 16)
            .find(|&i| !before(i))
            .unwrap_or_else(|| t.toks.partition_point(|k| k.start < c.start))
    } else {
        t.toks.partition_point(|k| k.start < c.start)
    };
    // The end a few tokens on (the tokens are in order): a walk, not a second search.
    let b = a + t.toks[a.min(t.len())..]
        .iter()
        .take_while(|k| k.start < c.end)
        .count();
    (a, b)
}

/// The hashed features of candidate `c`.
pub fn features(cx: &Context<'_, '_>, c: &Cand, out: &mut Vec<u32>) {
    out.clear();
    let (a, b) = span(cx.t, c, 0);
    features_at(cx, c, a, b, c.n_words(), &mut |h| out.push(h));
}

/// `lex.lookup(key)`, without the probe where the bits of the key's first word (its byte range
/// `first` in `key`) say no: a key of that word alone is a gazetteer phrase only with
/// [`B_PHRASE`], a longer one only if a phrase starts with the word ([`B_EXTENDS`]).
fn key_entry<'l>(
    lex: &'l Lexicon,
    key: &str,
    first: (usize, usize),
    bits: u32,
) -> Option<&'l LexEntry> {
    let (s, e) = first;
    // (The word's range in the key: `bits` are of `key[s..e]`, a word with no space.)
    let spaceless_word = e > s && key.is_char_boundary(e) && bits & B_SPACED == 0;
    let none = s == 0
        && spaceless_word
        && if e == key.len() {
            bits & B_PHRASE == 0
        } else {
            key.as_bytes().get(e) == Some(&b' ') && bits & B_EXTENDS == 0
        };
    if none {
        None
    } else {
        lex.lookup(key)
    }
}

/// [`features`] of `c` at its tokens `a..b` (as [`span`] gives them), `n` its word count, each
/// to `f` in order. Returns the word lists ([`Lexicon::word_flags`]) of `c`'s key where it is
/// one word alone, probed on the way.
fn features_at(
    cx: &Context<'_, '_>,
    c: &Cand,
    a: usize,
    b: usize,
    n: usize,
    f: &mut impl FnMut(u32),
) -> Option<u16> {
    let t = cx.t;
    let lex = cx.lex;
    let b = b.max(a + 1);
    if a >= t.len() {
        return None;
    }
    let r = kind_class(c.kind);
    f(F_BIAS);
    f(F_RULE[r]);
    f(F_RULE_STRENGTH[r][usize::from(c.strength).min(4)]);
    if c.canon.is_some() {
        f(F_CANON[r]);
    }
    f(F_N[n.min(5)]);
    f(F_RULE_N[r][n.min(4)]);
    // The first word's lists, probed once for the gazetteer's answer below and its features.
    let first_part = c.parts.iter().find(|p| p.word);
    let first_bits = first_part.map_or(0, |p| lex.word_bits(c.norm(p)));
    let first_range =
        first_part.map_or((0, usize::MAX), |p| (p.norm.0 as usize, p.norm.1 as usize));
    f(
        F_LEX[match key_entry(lex, &c.key, first_range, first_bits) {
            Some(e) => match (e.kind, e.region) {
                (LexKind::Place, true) => 0,
                (LexKind::Place, false) => 1,
                (LexKind::Org, _) => 2,
            },
            None => 3,
        }],
    );
    let (mut first, mut last) = ("", "");
    for (i, w) in c.words().enumerate() {
        let pos = if i == 0 {
            0
        } else if i + 1 == n {
            1
        } else {
            2
        };
        if i == 0 {
            first = w;
        }
        last = w;
        f(nf!("w").str(w).done());
        f(POSITION_NAMES[pos].str(w).done());
        // All the word lists in one probe (a folded word has no space, so a gazetteer phrase
        // of one word is all `lookup(w)` could find).
        let bits = if i == 0 { first_bits } else { lex.word_bits(w) };
        let fl = (bits & 0xff) as u16;
        let on = |bit: u16| fl & bit != 0;
        for &(bit, by_pos) in &WORD_LIST_FEATURES {
            if on(bit) {
                f(by_pos[pos]);
            }
        }
        if n > 1 && (on(W_PHRASE) || (bits & B_SPACED != 0 && lex.lookup(w).is_some())) {
            f(F_LEXPART[pos]);
        }
        if w.len() > 3 {
            let cut = w.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
            f(nf!("suf3").str(&w[cut..]).done());
        }
    }
    let first_flags = (first_bits & 0xff) as u16;
    if n > 1 {
        f(nf!("first+last").str(first).sep().str(last).done());
    } else if first_flags & (W_GIVEN | W_SURNAME) == 0 {
        // One word known as neither a given name nor a surname, with the word after it
        // ("Ryanair said" is not "Blair said").
        f(nf!("unnamed+n1").str(t.norm(b)).done());
        f(F_UNNAMED[r]);
    }
    // After a number ("100 mln Dlrs", "five Debentures"): a unit or a quantity's noun.
    if a > 0
        && (t.toks[a - 1].kind == Kind::Num
            || (a > 1 && t.toks[a - 2].kind == Kind::Num && t.is_lower_word(a - 1)))
    {
        f(F_AFTER_NUM[n.min(2)]);
    }
    // "Ferguson and Arsene Wenger": a given name after "and" makes the pair two people.
    if t.norm(b) == "and" && b + 1 < t.len() && t.toks[b + 1].cap && lex.is_given(t.norm(b + 1)) {
        f(F_AND_GIVEN);
    }
    // Each token's shape, and all of them in one feature, hashed as the shape is worked out.
    let mut shapes = nf!("shapes");
    for i in a..b.min(t.len()) {
        let k = &t.toks[i];
        let mut shape = nf!("shape");
        shape_bytes(t.text(i), |x| {
            shape.byte(x);
            shapes.byte(x);
        });
        if k.kind == Kind::Word || k.kind == Kind::Num {
            f(shape.done());
        }
        shapes = shapes.space();
    }
    f(shapes.done());
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
    let (prev, next) = (word_at(ai - 1), word_at(bi));
    f(nf!("p1").str(prev).done());
    f(nf!("p2").str(word_at(ai - 2)).sep().str(prev).done());
    f(nf!("n1").str(next).done());
    f(nf!("n2").str(next).sep().str(word_at(bi + 1)).done());
    if a > 0 && t.toks[a - 1].kind == Kind::Word && lex.titles.contains(t.norm(a - 1)) {
        f(F_AFTER_TITLE);
    }
    if t.toks[a].sent_start {
        f(F_SENT_START[r]);
    }
    if cx.weak_line.get(a).copied().unwrap_or(false) {
        f(F_HEADLINE[r]);
    }
    if cx.score_line.get(a).copied().unwrap_or(false) {
        f(F_RESULTS[r]);
    }
    if b < t.len() && t.toks[b].kind == Kind::Poss {
        f(F_POSS);
    }
    if t.toks[a].upper {
        f(F_UPPER[n.min(3)]);
    }
    // The key is the first word alone where that word's range is all of it.
    (n == 1 && first_range == (0, c.key.len())).then_some(first_flags)
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
    let mut near = 0;
    for c in cands.iter_mut() {
        let (a, b) = span(cx.t, c, near);
        near = a;
        // (Counted once: the steps below all ask it.)
        let n = c.n_words();
        if place_or_org_by_head(cx, c, a) {
            let mut s = [0f32; CLASSES];
            features_at(cx, c, a, b, n, &mut |f| m.add(&mut s, f));
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
        if !open_to_model_at(cx, c, a, b, n) {
            continue;
        }
        let mut s = [0f32; CLASSES];
        let key_flags = features_at(cx, c, a, b, n, &mut |f| m.add(&mut s, f));
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
        let one_word_lists = if n == 1 {
            Some(key_flags.unwrap_or_else(|| cx.lex.word_flags(&c.key)))
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
        let before_plural = n == 1 && cx.t.is_lower_word(b) && {
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
    let (a, b) = span(cx.t, c, 0);
    open_to_model_at(cx, c, a, b, c.n_words())
}

/// [`open_to_model`] of `c` at its tokens `a..b` (as [`span`] gives them), `n` its word count.
fn open_to_model_at(cx: &Context<'_, '_>, c: &Cand, a: usize, b: usize, n: usize) -> bool {
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
        && (n == 1 || c.words().next().is_none_or(|w| !cx.lex.is_given(w)))
    {
        return false;
    }
    if n == 1 && a > 0 {
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
    if n == 1 {
        // A lone calendar word, or a common word opening a sentence ("Voters", "However"):
        // never a name the model could find, and the most frequent open candidates. (The
        // common words from the recent words' cache, not their own set.)
        let w = c.key.as_str();
        if is_calendar_word(w)
            || (cx.t.toks.get(a).is_some_and(|k| k.sent_start)
                && cx.lex.word_flags(w) & W_COMMON != 0)
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
        // The ASCII path's bytes are the general path's, long words too.
        for w in [
            "Ab-9c'D",
            "McDonald",
            &"a-".repeat(30),
            "Zürich-9",
            &"ä-".repeat(30),
        ] {
            let (mut fast, mut chars) = (Vec::new(), String::new());
            shape_bytes(w, |b| fast.push(b));
            shape_chars(w, |k| chars.push(k));
            assert_eq!(fast, chars.as_bytes(), "{w}");
        }
        assert_ne!(hash("w", "paris"), hash("w", "london"));
    }

    #[test]
    fn compile_time_features_are_the_run_time_ones() {
        let h = |name: &str, values: &[&str]| {
            values.iter().fold(Fnv::new(name), |h, v| h.str(v)).done()
        };
        assert_eq!(F_BIAS, h("bias", &[]));
        assert_eq!(F_POSS, h("poss", &[]));
        for (r, rule) in RULES.iter().enumerate() {
            assert_eq!(F_RULE[r], h("rule", &[rule]));
            assert_eq!(F_CANON[r], h("canon", &[rule]));
            assert_eq!(F_HEADLINE[r], h("headline", &[rule]));
            for (i, st) in STRENGTHS.iter().enumerate() {
                assert_eq!(F_RULE_STRENGTH[r][i], h("rule+s", &[rule, st]));
            }
            for n in 0..5 {
                assert_eq!(F_RULE_N[r][n], h("rule+n", &[rule, SMALL[n]]));
            }
        }
        assert_eq!(F_N[5], h("n", &["5"]));
        assert_eq!(F_LEX[3], h("lex", &["-"]));
        assert_eq!(F_UPPER[2], h("upper", &["2"]));
        assert_eq!(WORD_LIST_FEATURES[6].1[2], h("nat", &["mid"]));
        assert_eq!(POSITION_NAMES[1].str("x").done(), h("last", &["x"]));
    }
}
