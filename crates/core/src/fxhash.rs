//! FxHash (rustc's hasher): fast for the short keys docent hashes by the million — words in
//! the lexicon and linking, terms in the word index's build, the search's dedup sets. Not
//! resistant to chosen collisions, which none of these tables need: their keys come from the
//! documents, but an attacker gains nothing from a slow table (no I/O, bounded sizes).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A small fast hasher (FxHash) for short string keys.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.hash;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            h = (h.rotate_left(5) ^ le_u64(c)).wrapping_mul(SEED);
        }
        // The tail (up to 7 bytes) as one zero-padded word: one multiply, not one per byte
        // (most keys are short words, so the tail was most of the work).
        let rest = chunks.remainder();
        if !rest.is_empty() {
            h = (h.rotate_left(5) ^ tail_u64(rest)).wrapping_mul(SEED);
        }
        self.hash = h;
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.hash = (self.hash.rotate_left(5) ^ i as u64).wrapping_mul(SEED);
    }
    fn write_usize(&mut self, i: usize) {
        self.hash = (self.hash.rotate_left(5) ^ i as u64).wrapping_mul(SEED);
    }
    fn finish(&self) -> u64 {
        // The multiplies leave the low bits depending on the key's first bytes only, and the
        // tables index buckets by the low bits: without this, words sharing a prefix ("2021…"
        // in a table of a million numbers) crowd into a few buckets and each insert walks
        // them all. The rotation brings well-mixed high bits down (as rustc-hash 2 does).
        self.hash.rotate_left(26)
    }
}

/// Eight bytes as a little-endian word.
#[inline]
pub(crate) fn le_u64(c: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&c[..8]);
    u64::from_le_bytes(a)
}

/// One to seven bytes as a zero-padded little-endian word, read with two overlapping loads (no
/// copy of a variable length, which costs a `memcpy` call per key): the same value as copying
/// the bytes into a zeroed `[u8; 8]`.
#[inline]
pub(crate) fn tail_u64(r: &[u8]) -> u64 {
    let n = r.len();
    if n >= 4 {
        let lo = u32::from_le_bytes([r[0], r[1], r[2], r[3]]) as u64;
        let hi = u32::from_le_bytes([r[n - 4], r[n - 3], r[n - 2], r[n - 1]]) as u64;
        lo | hi << (8 * (n - 4))
    } else if n > 0 {
        (r[0] as u64) | (r[n / 2] as u64) << (8 * (n / 2)) | (r[n - 1] as u64) << (8 * (n - 1))
    } else {
        0
    }
}

pub type FxBuild = BuildHasherDefault<FxHasher>;
pub type FxMap<K, V> = HashMap<K, V, FxBuild>;
pub type FxSet<K> = HashSet<K, FxBuild>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn the_hash_tail_is_the_zero_padded_word() {
        let bytes: Vec<u8> = (0..8u8)
            .map(|i| i.wrapping_mul(37).wrapping_add(0xa1))
            .collect();
        for n in 0..8 {
            let mut a = [0u8; 8];
            a[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(tail_u64(&bytes[..n]), u64::from_le_bytes(a), "{n} bytes");
        }
        assert_eq!(
            le_u64(&bytes),
            u64::from_le_bytes([
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7]
            ])
        );
    }

    #[test]
    fn keys_sharing_their_first_bytes_spread_over_the_buckets() {
        // Eight-digit numbers from one table of a document: the same first bytes. Buckets are
        // chosen by the low bits; before the final rotation these took 32 values here (19,015
        // now; a random function ~41,000), and inserting 160,000 such words took 1.4 s instead
        // of 43 ms (quadratic: measured with a throwaway program, not kept).
        let build = FxBuild::default();
        let low: FxSet<u64> = (0..65_536u32)
            .map(|i| build.hash_one(format!("{:08}", 20_000_000 + i).as_str()) & 0xffff)
            .collect();
        assert!(low.len() > 10_000, "{} distinct low 16 bits", low.len());
    }
}
