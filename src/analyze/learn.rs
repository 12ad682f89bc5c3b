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

use super::lexicon::{LexKind, Lexicon};
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
        Model::from_bytes(WEIGHTS)
    })
    .as_ref()
}

/// FNV-1a over a feature's name and value, reduced to a bucket.
fn hash(name: &str, value: &str) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes().chain([0x1f]).chain(value.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (h % BUCKETS as u64) as u32
}

/// "Xxxx", "XX", "X.X.", "Xx-Xx", "dd": the word's shape, runs collapsed.
fn shape(w: &str) -> String {
    let mut s = String::new();
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
        if !s.ends_with(k) {
            s.push(k);
        }
    }
    s
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

/// The hashed features of candidate `c`.
pub fn features(cx: &Context<'_, '_>, c: &Cand, out: &mut Vec<u32>) {
    out.clear();
    let t = cx.t;
    let lex = cx.lex;
    let a = t.toks.partition_point(|k| k.start < c.start);
    let b = t.toks.partition_point(|k| k.start < c.end).max(a + 1);
    if a >= t.len() {
        return;
    }
    let mut f = |name: &str, value: &str| out.push(hash(name, value));
    f("bias", "");
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
    f("rule", rule);
    f("rule+s", &format!("{rule}{strength}"));
    if c.canon.is_some() {
        f("canon", rule);
    }
    let words: Vec<&str> = c.words().collect();
    let n = words.len();
    f("n", &n.min(5).to_string());
    f("rule+n", &format!("{rule}{}", n.min(4)));
    let key = c.key.as_str();
    match lex.lookup(key) {
        Some(e) => f(
            "lex",
            match (e.kind, e.region) {
                (LexKind::Place, true) => "region",
                (LexKind::Place, false) => "place",
                (LexKind::Org, _) => "org",
            },
        ),
        None => f("lex", "-"),
    }
    for (i, w) in words.iter().enumerate() {
        let pos = if i == 0 {
            "first"
        } else if i + 1 == n {
            "last"
        } else {
            "mid"
        };
        f("w", w);
        f(pos, w);
        if lex.is_given(w) {
            f("given", pos);
        }
        if lex.surnames.contains(*w) {
            f("surname", pos);
        }
        if lex.is_common(w) {
            f("common", pos);
        }
        if lex.org_suffix.contains(*w) {
            f("orgsuf", pos);
        }
        if lex.place_suffix.contains(*w) {
            f("placesuf", pos);
        }
        if lex.titles.contains(*w) {
            f("title", pos);
        }
        if lex.is_nationality(w) {
            f("nat", pos);
        }
        if lex.lookup(w).is_some() && n > 1 {
            f("lexpart", pos);
        }
        if w.len() > 3 {
            let suf: String = w.chars().rev().take(3).collect();
            f("suf3", &suf);
        }
    }
    if n > 1 {
        f("first+last", &format!("{}|{}", words[0], words[n - 1]));
    }
    for i in a..b.min(t.len()) {
        let k = &t.toks[i];
        if k.kind == Kind::Word || k.kind == Kind::Num {
            f("shape", &shape(t.text(i)));
        }
    }
    let sh: Vec<String> = (a..b.min(t.len())).map(|i| shape(t.text(i))).collect();
    f("shapes", &sh.join(" "));
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
    f("p1", word_at(ai - 1));
    f("p2", &format!("{}|{}", word_at(ai - 2), word_at(ai - 1)));
    f("n1", word_at(bi));
    f("n2", &format!("{}|{}", word_at(bi), word_at(bi + 1)));
    if a > 0 && t.toks[a - 1].kind == Kind::Word && lex.titles.contains(t.norm(a - 1)) {
        f("after_title", "");
    }
    if t.toks[a].sent_start {
        f("sent_start", rule);
    }
    if cx.weak_line.get(a).copied().unwrap_or(false) {
        f("headline", rule);
    }
    if cx.score_line.get(a).copied().unwrap_or(false) {
        f("results", rule);
    }
    if b < t.len() && t.toks[b].kind == Kind::Poss {
        f("poss", "");
    }
    if t.toks[a].upper {
        f("upper", &n.min(3).to_string());
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
        if c.kind.is_some() || c.acronym_of.is_some() {
            continue;
        }
        let a = cx.t.toks.partition_point(|k| k.start < c.start);
        if cx.weak_line.get(a).copied().unwrap_or(false)
            || cx.score_line.get(a).copied().unwrap_or(false)
        {
            continue;
        }
        if c.n_words() == 1 && c.words().any(|w| is_calendar_word(w)) {
            continue;
        }
        features(cx, c, &mut feats);
        let s = m.scores(&feats);
        let best = (0..CLASSES).fold(0, |b, i| if s[i] > s[b] { i } else { b });
        let second = (0..CLASSES)
            .filter(|&i| i != best)
            .map(|i| s[i])
            .fold(f32::MIN, f32::max);
        let margin = s[best] - second;
        if let Some(k) = class_kind(best).filter(|_| margin >= RESOLVE) {
            c.kind = Some(k);
            c.strength = if margin > SURE { STRONG } else { MEDIUM };
        }
    }
}

/// Weekday and month names (folded).
fn is_calendar_word(w: &str) -> bool {
    super::names::is_weekday(w)
        || matches!(
            w,
            "january"
                | "february"
                | "march"
                | "april"
                | "may"
                | "june"
                | "july"
                | "august"
                | "september"
                | "october"
                | "november"
                | "december"
        )
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

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape("McDonald"), "XxXx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("1990s"), "dx");
        assert_ne!(hash("w", "paris"), hash("w", "london"));
    }
}
