//! Distinct strings, owned, numbered in the order they are first met: the linker's records
//! name every form, surface and date by such a number.
//!
//! An open-addressing table of numbers with each string's hash kept beside it, rather than a
//! map from strings: a lookup hashes the string once (a map's miss-then-insert hashed it
//! twice and kept a second pointer per string), and growing the table or merging another
//! table's strings ([`Strings::intern_hashed`]) never hashes a string again.

use crate::fxhash::{le_u64, tail_u64, FxHasher};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// A slot no string holds.
const EMPTY: u32 = u32::MAX;

#[derive(Default)]
pub(super) struct Strings {
    /// Slot → a string's number, or [`EMPTY`]; a power of two long (or empty).
    slots: Vec<u32>,
    /// Per number: the string's hash.
    hashes: Vec<u64>,
    pub strs: Vec<Arc<str>>,
}

/// `s`'s hash, as the linker's other string tables hash it.
pub(super) fn hash_of(s: &str) -> u64 {
    let mut f = FxHasher::default();
    s.hash(&mut f);
    f.finish()
}

/// `a == b`; the short strings most are compared by two word loads each, not a `memcmp` call
/// (a third of interning's instructions went to the calls).
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    match n {
        0..=7 => tail_u64(a) == tail_u64(b),
        8..=16 => le_u64(a) == le_u64(b) && le_u64(&a[n - 8..]) == le_u64(&b[n - 8..]),
        _ => a == b,
    }
}

impl Strings {
    /// `s`'s number, numbering it if it is new.
    pub(super) fn intern(&mut self, s: &str) -> u32 {
        self.intern_hashed(s, hash_of(s))
    }

    /// [`Strings::intern`] for a string whose hash ([`hash_of`]) is known.
    pub(super) fn intern_hashed(&mut self, s: &str, h: u64) -> u32 {
        // At most half full: probe runs stay short.
        if self.strs.len() * 2 >= self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let id = self.slots[i];
            if id == EMPTY {
                let n = self.strs.len() as u32;
                self.slots[i] = n;
                self.hashes.push(h);
                self.strs.push(Arc::from(s));
                return n;
            }
            if self.hashes[id as usize] == h
                && same(self.strs[id as usize].as_bytes(), s.as_bytes())
            {
                return id;
            }
            i = (i + 1) & mask;
        }
    }

    /// Doubles the slots and places every number again by its kept hash.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        let mask = size - 1;
        let mut slots = vec![EMPTY; size];
        for (id, &h) in self.hashes.iter().enumerate() {
            let mut i = h as usize & mask;
            while slots[i] != EMPTY {
                i = (i + 1) & mask;
            }
            slots[i] = id as u32;
        }
        self.slots = slots;
    }

    pub(super) fn get(&self, i: u32) -> &str {
        self.strs.get(i as usize).map_or("", |s| s)
    }

    /// The string numbered `i` with its hash, if there is one.
    pub(super) fn entry(&self, i: usize) -> Option<(&str, u64)> {
        Some((self.strs.get(i)?, *self.hashes.get(i)?))
    }

    pub(super) fn len(&self) -> usize {
        self.strs.len()
    }

    /// The strings alone: the table that numbers them is not needed once every record is in.
    pub(super) fn into_strs(self) -> Vec<Arc<str>> {
        self.strs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_first_sight_and_survive_growth() {
        let mut s = Strings::default();
        let words: Vec<String> = (0..1000).map(|i| format!("w{}", i % 300)).collect();
        let ids: Vec<u32> = words.iter().map(|w| s.intern(w)).collect();
        assert_eq!(s.len(), 300);
        for (w, id) in words.iter().zip(&ids) {
            assert_eq!(s.get(*id), w);
            assert_eq!(format!("w{id}"), *w);
        }
        let mut t = Strings::default();
        assert_eq!(t.intern("b"), 0);
        let (w, h) = s.entry(5).unwrap_or(("", 0));
        assert_eq!(t.intern_hashed(w, h), 1);
        assert_eq!(t.intern("w5"), 1);
    }
}
