//! A small per-thread cache of recent words' list bits, in front of [`Lexicon::word_bits`]'s
//! table. That table holds every word of every list (a few hundred thousand keys, megabytes),
//! so a probe costs two or three cache misses (control bytes, the entry, the key's bytes);
//! running text repeats its words ("the", "said", a story's names) and this cache answers them
//! from a few kilobytes that stay in the CPU's cache. It only remembers answers: the bits are the
//! table's, so output cannot change.

use super::Lexicon;
use crate::fxhash::{le_u64, tail_u64};
use std::cell::RefCell;

/// Slots (a power of two): 4,096 × 32 bytes, well within a core's L2.
const SLOTS: usize = 1 << 12;
/// Longer words bypass the cache (few are, and they repeat less).
const LONGEST: usize = 24;

/// One remembered word: its bytes zero-padded to [`LONGEST`], its length, its bits.
#[derive(Clone, Copy)]
struct Slot {
    key: [u64; 3],
    len: u32,
    bits: u32,
}

/// An empty slot: no word has this length.
const EMPTY: Slot = Slot {
    key: [0; 3],
    len: u32::MAX,
    bits: 0,
};

struct Recent {
    /// The lexicon the answers came from (its address): another one starts afresh.
    owner: usize,
    slots: Vec<Slot>,
}

thread_local! {
    static RECENT: RefCell<Recent> = const {
        RefCell::new(Recent {
            owner: 0,
            slots: Vec::new(),
        })
    };
}

/// `w`'s bytes as three little-endian words, zero-padded (`None`: too long to cache); read
/// with whole-word loads, not a copy of a variable length (a `memcpy` call per word).
#[inline]
fn padded(w: &[u8]) -> Option<[u64; 3]> {
    if w.len() > LONGEST {
        return None;
    }
    let mut key = [0u64; 3];
    for (k, c) in key.iter_mut().zip(w.chunks(8)) {
        *k = if c.len() == 8 { le_u64(c) } else { tail_u64(c) };
    }
    Some(key)
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
    let at = (h >> (64 - SLOTS.trailing_zeros())) as usize;
    let owner = lex as *const Lexicon as usize;
    RECENT
        .try_with(|r| {
            let Ok(mut r) = r.try_borrow_mut() else {
                return lex.word_bits_uncached(w);
            };
            if r.owner != owner || r.slots.len() != SLOTS {
                r.owner = owner;
                r.slots.clear();
                r.slots.resize(SLOTS, EMPTY);
            }
            match r.slots.get_mut(at) {
                Some(s) if s.len == len && s.key == key => s.bits,
                Some(s) => {
                    let bits = lex.word_bits_uncached(w);
                    *s = Slot { key, len, bits };
                    bits
                }
                None => lex.word_bits_uncached(w),
            }
        })
        .unwrap_or_else(|_| lex.word_bits_uncached(w))
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
