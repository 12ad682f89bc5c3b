//! One document's extraction ([`DocExtract`]) as the index cache and its segments store it.
//!
//! Every byte the cold build writes costs CPU (the segments are written during extraction and
//! copied into the index cache at its end), so the encoding is compact. Each document's bytes
//! stand alone: the index cache copies them out of the segments one document at a time.
//!
//! Layout (varints; "Δ" is a signed, zigzag delta):
//! - dates: their count, then per date: Δ `tok_start` from the previous date's, `tok_end −
//!   tok_start`, Δ `start` from the previous date's, `end − start`, and the value: 0 none,
//!   1 a new value, 2 + i the i-th value remembered in this document. A new value is
//!   `1 + 4n + f` for `YYYY` (f 0, n the year), `YYYY-MM` (1, year·100 + month),
//!   `YYYY-MM-DD` (2, year·10⁴ + month·100 + day) and `YYYY-Www` (3, year·100 + week), or 0
//!   and its text.
//! - names: their count, then per name: Δ `start` from the previous name's; a head —
//!   kind code (3 bits), strength mod 4 (2 bits), canonical name (2 bits: none, the
//!   gazetteer's entry for the key, or its text follows), then `acronym_of` present + 2 ·
//!   (strength / 4) above bit 7; the shape (below); the canonical name's text and
//!   `acronym_of` when flagged.
//! - A name's shape is its key, `end − start` and parts: written in full the first time
//!   (index = shapes remembered so far), then referred to by its index. In full: the key,
//!   the length, parts count · 2 + 1 when the parts' folded ranges are the key's
//!   space-separated words in order (as the extractor builds keys), then per part: only
//!   when they are not the key's words, Δ `norm.0` from the previous `norm.1` and
//!   `norm.1 − norm.0`; then `zigzag(start − previous end) · 4 + word · 2 + 1 when its
//!   length is its folded form's` (the first from the name's start), and else `end − start`.
//!
//! A name repeated in a document thus costs its start, its head and one index: three or four
//! bytes where it took forty. The gazetteer's canonical names are static strings, found again
//! by lookup. Decoding is strict: anything truncated, out of range or going below zero is
//! `None` (the cache is rebuilt). Only short shapes and values are remembered for reference
//! ([`SHARE_KEY`], [`SHARE_PARTS`], [`SHARE_VALUE`]), so a reference of one byte never brings
//! more than about a kilobyte: corrupt bytes cannot make a huge allocation.

use super::codec::{unzigzag, zigzag, Reader, Writer};
use super::{kind_code, kind_of};
use crate::analyze::dates::DateMention;
use crate::analyze::lexicon::{self, FxMap, Lexicon};
use crate::analyze::names::{Cand, Part, Parts};
use crate::analyze::DocExtract;
use crate::fxhash::{le_u64, tail_u64, FxHasher};
use crate::model::EntityKind;
use compact_str::CompactString;
use std::hash::{Hash, Hasher};

/// The longest key a shape may have to be referred to again.
const SHARE_KEY: usize = 128;
/// The most parts a shape may have to be referred to again.
const SHARE_PARTS: usize = 16;
/// The longest date value that may be referred to again.
const SHARE_VALUE: usize = 32;

/// Canonical name: none, the gazetteer's entry for the key, or its text follows.
const CANON_NONE: u64 = 0;
const CANON_OF_KEY: u64 = 1;
const CANON_TEXT: u64 = 2;

/// Encodes `n` extracts, as the index cache and its segments store them; with each one's
/// byte range in the result.
pub(super) fn encode_extracts_iter<'a>(
    n: usize,
    extracts: impl Iterator<Item = &'a DocExtract>,
) -> (Vec<u8>, Vec<(u64, u64)>) {
    let mut w = Writer::default();
    w.usize(n);
    let mut ranges = Vec::with_capacity(n);
    for x in extracts {
        let at = w.buf.len() as u64;
        encode_extract(&mut w, x);
        ranges.push((at, w.buf.len() as u64));
    }
    (w.buf, ranges)
}

fn delta(a: usize, b: usize) -> i64 {
    (a as i64).wrapping_sub(b as i64)
}

fn add(base: usize, d: i64) -> Option<usize> {
    base.checked_add_signed(isize::try_from(d).ok()?)
}

/// One document's extraction, as the index cache stores it.
pub(super) fn encode_extract(w: &mut Writer, x: &DocExtract) {
    w.usize(x.dates.len());
    let (mut tok, mut at) = (0usize, 0usize);
    // Sized for the document at once: grown from empty, a map is built again several times.
    let mut values: FxMap<&str, usize> =
        FxMap::with_capacity_and_hasher(x.dates.len(), Default::default());
    for d in &x.dates {
        w.i64(delta(d.tok_start, tok));
        w.usize(d.tok_end.saturating_sub(d.tok_start));
        w.i64(delta(d.start, at));
        w.usize(d.end.saturating_sub(d.start));
        (tok, at) = (d.tok_start, d.start);
        match d.value.as_deref() {
            None => w.u8(0),
            Some(v) => match values.get(v) {
                Some(&i) => w.usize(2 + i),
                None => {
                    w.u8(1);
                    match pack_value(v) {
                        Some(n) => w.u64(1 + n),
                        None => {
                            w.u8(0);
                            w.str(v);
                        }
                    }
                    if v.len() <= SHARE_VALUE {
                        let i = values.len();
                        values.insert(v, i);
                    }
                }
            },
        }
    }
    w.usize(x.names.len());
    let lex = lexicon::get();
    let mut shapes = Shapes::new(x.names.len());
    let mut remembered = 0usize;
    let mut at = 0usize;
    for c in &x.names {
        w.i64(delta(c.start, at));
        at = c.start;
        let canon = match c.canon {
            None => CANON_NONE,
            Some(k) if lex.lookup(&c.key).is_some_and(|e| e.canon == k) => CANON_OF_KEY,
            Some(_) => CANON_TEXT,
        };
        let kind = u64::from(c.kind.map_or(0, kind_code));
        let strength = u64::from(c.strength);
        w.u64(
            kind | ((strength & 3) << 3)
                | (canon << 5)
                | ((u64::from(c.acronym_of.is_some()) | ((strength >> 2) << 1)) << 7),
        );
        // The first name remembered with this key (its shape's index, the name): the same
        // shape is referred to, compared field by field (no bytes built, nothing hashed but
        // the key).
        // One lookup for both the reference and the remembering.
        let found = shapes.find(c);
        match found {
            Ok((i, first)) if same_shape(first, c) => w.usize(i),
            found => {
                w.usize(remembered);
                encode_shape(w, c);
                if c.key.len() <= SHARE_KEY && c.parts.len() <= SHARE_PARTS {
                    if let Err(slot) = found {
                        shapes.remember(slot, c, remembered);
                    }
                    remembered += 1;
                }
            }
        }
        if let (CANON_TEXT, Some(k)) = (canon, c.canon) {
            w.str(k);
        }
        if let Some(a) = &c.acronym_of {
            w.str(a);
        }
    }
}

/// One document's first remembered name per key, with its shape's index: open addressing
/// over the keys' hashes, sized at once to stay at most half full, so a name costs a hash of
/// its key and a probe or two (hashbrown's entry, out of line, cost twice that).
struct Shapes<'x> {
    /// Slot → 1 + a number among `firsts`, or 0: empty.
    slots: Vec<usize>,
    /// (key's hash, the name, its shape's index).
    firsts: Vec<(u64, &'x Cand, usize)>,
}

impl<'x> Shapes<'x> {
    /// Room for `names` keys.
    fn new(names: usize) -> Shapes<'x> {
        let size = names.saturating_mul(2).max(1).next_power_of_two();
        Shapes {
            slots: vec![0; size],
            firsts: Vec::with_capacity(names),
        }
    }

    /// The shape's index and the name first remembered with `c`'s key; else the slot to
    /// remember `c` in.
    fn find(&self, c: &Cand) -> Result<(usize, &'x Cand), (usize, u64)> {
        let h = {
            let mut f = FxHasher::default();
            c.key.as_str().hash(&mut f);
            f.finish()
        };
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let Some(&(fh, first, index)) = self.slots[i]
                .checked_sub(1)
                .and_then(|n| self.firsts.get(n))
            else {
                return Err((i, h));
            };
            if fh == h && first.key == c.key {
                return Ok((index, first));
            }
            i = (i + 1) & mask;
        }
    }

    /// Remembers `c` with shape `index` at the slot [`Shapes::find`] gave.
    fn remember(&mut self, (slot, h): (usize, u64), c: &'x Cand, index: usize) {
        self.firsts.push((h, c, index));
        self.slots[slot] = self.firsts.len();
    }
}

/// Do `a` and `b` (of the same key) have the same length and parts, relative to their starts?
fn same_shape(a: &Cand, b: &Cand) -> bool {
    let rel = |c: &Cand, v: usize| delta(v, c.start);
    a.end.wrapping_sub(a.start) == b.end.wrapping_sub(b.start)
        && a.parts.len() == b.parts.len()
        && a.parts.iter().zip(&b.parts).all(|(p, q)| {
            rel(a, p.start as usize) == rel(b, q.start as usize)
                && rel(a, p.end as usize) == rel(b, q.end as usize)
                && p.norm == q.norm
                && p.word == q.word
        })
}

/// Are the parts' folded ranges the key's space-separated words, in order? So when they tile
/// the key with one space between neighbours and the key has no other space: read as
/// positions and one count of the spaces (splitting the key cost a search per word).
fn norms_are_words(c: &Cand) -> bool {
    let key = c.key.as_bytes();
    let mut at = 0usize;
    let tiled = c.parts.iter().enumerate().all(|(i, p)| {
        let (a, b) = (p.norm.0 as usize, p.norm.1 as usize);
        let ok = a == at
            && b >= a
            && if i + 1 == c.parts.len() {
                b == key.len()
            } else {
                key.get(b) == Some(&b' ')
            };
        at = b + 1;
        ok
    });
    tiled && !c.parts.is_empty() && spaces(key) == c.parts.len() - 1
}

/// How many bytes of `b` are spaces, counted eight at a time (a byte at a time cost five
/// instructions a byte): per word, its bytes XOR spaces, and the zero bytes of that counted
/// exactly (a byte's low seven bits plus 0x7f carry into its top bit unless all zero; the
/// zero bytes' ones then summed into the top byte by one multiply).
fn spaces(b: &[u8]) -> usize {
    const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
    const LOW7: u64 = u64::from_ne_bytes([0x7f; 8]);
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    let zero_bytes = |x: u64| {
        let top = !(((x & LOW7) + LOW7) | x | LOW7);
        ((top >> 7).wrapping_mul(ONES) >> 56) as usize
    };
    let mut words = b.chunks_exact(8);
    let mut n = 0;
    for w in &mut words {
        n += zero_bytes(le_u64(w) ^ SPACES);
    }
    // The tail's padding is zeros, no space.
    let rest = words.remainder();
    if !rest.is_empty() {
        n += zero_bytes(tail_u64(rest) ^ SPACES);
    }
    n
}

fn encode_shape(w: &mut Writer, c: &Cand) {
    w.str(&c.key);
    w.usize(c.end.saturating_sub(c.start));
    let words = norms_are_words(c);
    w.usize(c.parts.len() * 2 + usize::from(words));
    let (mut end, mut norm) = (c.start, 0u32);
    for p in &c.parts {
        if !words {
            w.i64(i64::from(p.norm.0) - i64::from(norm));
            w.u64(u64::from(p.norm.1.saturating_sub(p.norm.0)));
            norm = p.norm.1;
        }
        let len = p.end.saturating_sub(p.start);
        let same = len == p.norm.1.saturating_sub(p.norm.0);
        w.u64(
            (zigzag(delta(p.start as usize, end)) << 2)
                | (u64::from(p.word) << 1)
                | u64::from(same),
        );
        if !same {
            w.u64(u64::from(len));
        }
        end = p.end as usize;
    }
}

/// `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY-Www` as one number (see the module docs), if `v`
/// is one of them. It reads back the same ([`unpack_value`]) without being tried: every byte of
/// `v` is checked here (its length, each digit, each separator), and each field's digits are
/// the width `unpack_value` writes it (trying it formatted a string per date: 15% of encoding).
fn pack_value(v: &str) -> Option<u64> {
    let b = v.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u64> {
        let s = b.get(r)?;
        s.iter()
            .all(u8::is_ascii_digit)
            .then(|| s.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')))
    };
    let year = num(0..4)?;
    let (f, n) = match (b.len(), b.get(4), b.get(5), b.get(7)) {
        (4, ..) => (0, year),
        (7, Some(b'-'), ..) => (1, year * 100 + num(5..7)?),
        (10, Some(b'-'), _, Some(b'-')) => (2, (year * 100 + num(5..7)?) * 100 + num(8..10)?),
        (8, Some(b'-'), Some(b'W'), _) => (3, year * 100 + num(6..8)?),
        _ => return None,
    };
    Some(4 * n + f)
}

fn unpack_value(p: u64) -> Option<String> {
    let n = p / 4;
    Some(match p % 4 {
        0 if n < 10_000 => format!("{n:04}"),
        1 if n < 1_000_000 => format!("{:04}-{:02}", n / 100, n % 100),
        2 if n < 100_000_000 => format!("{:04}-{:02}-{:02}", n / 10_000, n / 100 % 100, n % 100),
        3 if n < 1_000_000 => format!("{:04}-W{:02}", n / 100, n % 100),
        _ => return None,
    })
}

/// A shape as decoded: key, length, parts with offsets from the name's start.
struct Shape {
    key: CompactString,
    len: usize,
    parts: Vec<(i64, i64, (u32, u32), bool)>,
}

fn decode_shape(r: &mut Reader<'_>) -> Option<Shape> {
    let key = CompactString::from(r.str()?);
    let len = r.usize()?;
    let np = r.usize()?;
    let words = np & 1 == 1;
    let np = np / 2;
    if np > r.remaining() {
        return None;
    }
    let mut parts = Vec::with_capacity(np);
    let mut word_at = key.split(' ');
    let (mut end, mut norm, mut at) = (0i64, 0u32, 0usize);
    for _ in 0..np {
        let n = if words {
            let wd = word_at.next()?;
            let n = (u32::try_from(at).ok()?, u32::try_from(at + wd.len()).ok()?);
            at += wd.len() + 1;
            n
        } else {
            let n0 = i64::from(norm).checked_add(r.i64()?)?;
            let n0 = u32::try_from(n0).ok()?;
            let n1 = n0.checked_add(u32::try_from(r.u64()?).ok()?)?;
            norm = n1;
            (n0, n1)
        };
        let g = r.u64()?;
        let len = match g & 1 {
            1 => (n.1 - n.0) as usize,
            _ => r.usize()?,
        };
        let start = end.checked_add(unzigzag(g >> 2))?;
        let pend = start.checked_add(i64::try_from(len).ok()?)?;
        key.get(n.0 as usize..n.1 as usize)?;
        parts.push((start, pend, n, (g >> 1) & 1 == 1));
        end = pend;
    }
    if words && word_at.next().is_some() {
        return None;
    }
    Some(Shape { key, len, parts })
}

/// One document's stored extraction; with the largest byte offset it uses, for the caller's
/// bounds check. `Some(None)`: well formed, but a canonical name is no longer in the
/// gazetteer.
pub(super) fn decode_extract(
    r: &mut Reader<'_>,
    lex: &Lexicon,
) -> Option<Option<(DocExtract, usize)>> {
    let mut max_end = 0usize;
    let nd = r.count()?;
    let mut dates = Vec::with_capacity(nd);
    let mut values: Vec<String> = Vec::new();
    let (mut tok, mut at) = (0usize, 0usize);
    for _ in 0..nd {
        let tok_start = add(tok, r.i64()?)?;
        let tok_end = tok_start.checked_add(r.usize()?)?;
        let start = add(at, r.i64()?)?;
        let len = r.usize()?;
        let end = start.checked_add(len)?;
        (tok, at) = (tok_start, start);
        let value = match r.u64()? {
            0 => None,
            1 => {
                let v = match r.u64()? {
                    0 => r.str()?.to_string(),
                    p => unpack_value(p - 1)?,
                };
                if v.len() <= SHARE_VALUE {
                    values.push(v.clone());
                }
                Some(v)
            }
            i => Some(values.get(usize::try_from(i - 2).ok()?)?.clone()),
        };
        if len == 0 {
            return None;
        }
        max_end = max_end.max(end);
        dates.push(DateMention {
            tok_start,
            tok_end,
            start,
            end,
            value,
        });
    }
    let nn = r.count()?;
    let mut names = Vec::with_capacity(nn);
    let mut shapes: Vec<Shape> = Vec::new();
    let mut ok = true;
    let mut at = 0usize;
    for _ in 0..nn {
        let start = add(at, r.i64()?)?;
        at = start;
        let head = r.u64()?;
        // A name is a person, a place, an organization or unresolved: never a date.
        let kind = match head & 7 {
            0 => None,
            c => Some(kind_of(c as u8).filter(|k| *k != EntityKind::Date)?),
        };
        let strength = u8::try_from(((head >> 3) & 3) + ((head >> 8) << 2)).ok()?;
        let canon_mode = (head >> 5) & 3;
        let acronym = (head >> 7) & 1 == 1;
        let i = r.usize()?;
        let new;
        let shape = match i.cmp(&shapes.len()) {
            std::cmp::Ordering::Less => &shapes[i],
            std::cmp::Ordering::Equal => {
                let s = decode_shape(r)?;
                if s.key.len() <= SHARE_KEY && s.parts.len() <= SHARE_PARTS {
                    shapes.push(s);
                    &shapes[i]
                } else {
                    new = s;
                    &new
                }
            }
            std::cmp::Ordering::Greater => return None,
        };
        let end = start.checked_add(shape.len)?;
        let mut parts = Parts::with_capacity(shape.parts.len());
        for &(s, e, norm, word) in &shape.parts {
            let p = Part {
                start: u32::try_from(add(start, s)?).ok()?,
                end: u32::try_from(add(start, e)?).ok()?,
                norm,
                word,
            };
            max_end = max_end.max(p.end as usize);
            parts.push(p);
        }
        let key = shape.key.clone();
        // The gazetteer's canonical names are static: find the same one again.
        let canon = match canon_mode {
            CANON_NONE => None,
            CANON_OF_KEY => {
                let found = lex.lookup(&key).map(|e| e.canon);
                ok &= found.is_some();
                found
            }
            CANON_TEXT => {
                let c = r.str()?;
                let found = lex
                    .lookup(&Lexicon::key(c))
                    .map(|e| e.canon)
                    .filter(|k| *k == c);
                ok &= found.is_some();
                found
            }
            _ => return None,
        };
        let acronym_of = if acronym {
            Some(r.str()?.to_string())
        } else {
            None
        };
        if start >= end {
            return None;
        }
        max_end = max_end.max(end);
        names.push(Cand {
            start,
            end,
            kind,
            strength,
            key,
            parts,
            canon,
            acronym_of,
        });
    }
    Some(ok.then_some((DocExtract { dates, names }, max_end)))
}

#[cfg(test)]
mod tests;
