//! A small per-thread cache of recent words' list bits, in front of [`Lexicon::word_bits`]'s
//! table. That table holds every word of every list (a few hundred thousand keys, megabytes),
//! so a probe costs two or three cache misses (control bytes, the entry, the key's bytes);
//! running text repeats its words ("the", "said", a story's names) and this cache answers them
//! from a few kilobytes that stay in the CPU's cache. It only remembers answers: the bits are the
//! table's, so output cannot change.

use super::Lexicon;
use crate::fxhash::{le_u64, tail_u64};
use std::cell::Cell;

/// Slots (a power of two): 4,096 × 32 bytes, well within a core's L2.
const SLOTS_N: usize = 1 << 12;
/// Longer words bypass the cache (few are, and they repeat less).
const LONGEST: usize = 24;

/// One remembered word: its bytes zero-padded to [`LONGEST`], its length plus one (0: an empty
/// slot, so that the cache starts as zeros), its bits.
#[derive(Clone, Copy)]
struct Slot {
    key: [u64; 3],
    len1: u32,
    bits: u32,
}

const EMPTY: Slot = Slot {
    key: [0; 3],
    len1: 0,
    bits: 0,
};

thread_local! {
    /// The slots, as plain cells (no borrow flag, no vector to check, nothing to drop).
    static SLOTS: [Cell<Slot>; SLOTS_N] = const { [const { Cell::new(EMPTY) }; SLOTS_N] };
    /// The lexicon the answers came from (its address): another one starts afresh.
    static OWNER: Cell<usize> = const { Cell::new(0) };
}

/// `w`'s bytes as three little-endian words, zero-padded (`None`: too long to cache); read
/// with whole-word loads, not a copy of a variable length (a `memcpy` call per word).
#[inline]
fn padded(w: &[u8]) -> Option<[u64; 3]> {
    Some(match w.len() {
        0..=8 => [tail_u64(w), 0, 0],
        9..=16 => [le_u64(w), tail_u64(&w[8..]), 0],
        17..=LONGEST => [le_u64(w), le_u64(&w[8..]), tail_u64(&w[16..])],
        _ => return None,
    })
}

/// `lex.word_bits_uncached(w)`, answered from this thread's recent words where it can be.
#[inline]
pub(super) fn word_bits(lex: &Lexicon, w: &str) -> u32 {
    let Some(key) = padded(w.as_bytes()) else {
        return lex.word_bits_uncached(w);
    };
    let len = w.len() as u32;
    let h = (key[0] ^ key[1].rotate_left(21) ^ key[2].rotate_left(42) ^ u64::from(len))
        .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let at = (h >> (64 - SLOTS_N.trailing_zeros())) as usize;
    let owner = lex as *const Lexicon as usize;
    if OWNER.get() != owner {
        OWNER.set(owner);
        SLOTS.with(|slots| slots.iter().for_each(|s| s.set(EMPTY)));
    }
    SLOTS.with(|slots| {
        let Some(slot) = slots.get(at) else {
            return lex.word_bits_uncached(w);
        };
        let s = slot.get();
        if s.len1 == len + 1 && s.key == key {
            return s.bits;
        }
        miss(lex, w, slot, key)
    })
}

/// A word not in its slot: the table's answer, remembered there (out of line, so that the
/// answers from the cache need no frame of their own).
#[cold]
#[inline(never)]
fn miss(lex: &Lexicon, w: &str, slot: &Cell<Slot>, key: [u64; 3]) -> u32 {
    let bits = lex.word_bits_uncached(w);
    slot.set(Slot {
        key,
        len1: w.len() as u32 + 1,
        bits,
    });
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_the_zero_padded_bytes() {
        for w in [
            "",
            "a",
            "said",
            "abcdefgh",
            "abcdefghi",
            "internationalisation",
            "x".repeat(24).as_str(),
        ] {
            let mut b = [0u8; LONGEST];
            b[..w.len()].copy_from_slice(w.as_bytes());
            let want: Vec<u64> = b
                .chunks(8)
                .map(|c| c.iter().rev().fold(0u64, |x, &y| x << 8 | u64::from(y)))
                .collect();
            assert_eq!(padded(w.as_bytes()).map(|k| k.to_vec()), Some(want), "{w}");
        }
        assert_eq!(padded("y".repeat(25).as_bytes()), None);
    }

    #[test]
    fn cached_answers_are_the_tables() {
        let lex = super::super::get();
        // Twice each (the second from the cache), with enough words to evict and refill slots.
        let words: Vec<&str> = lex.given.iter().take(20_000).map(String::as_str).collect();
        for _ in 0..2 {
            for w in words
                .iter()
                .copied()
                .chain(["the", "said", "zzqx", "", &"q".repeat(30)])
            {
                assert_eq!(word_bits(lex, w), lex.word_bits_uncached(w), "{w}");
            }
        }
    }
}
