//! A small binary codec for the index cache: LEB128 varints, length-prefixed strings, and a
//! reader that fails (returns `None`) on any truncation or nonsense instead of panicking, so a
//! damaged file is only ever a miss.

/// Appends values to a byte buffer.
#[derive(Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn u64(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.buf.push(b);
                return;
            }
            self.buf.push(b | 0x80);
        }
    }
    pub fn usize(&mut self, v: usize) {
        self.u64(v as u64);
    }
    /// A signed value, zigzag-encoded (small magnitudes of either sign stay small).
    pub fn i64(&mut self, v: i64) {
        self.u64(zigzag(v));
    }
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub fn str(&mut self, s: &str) {
        self.usize(s.len());
        self.buf.extend_from_slice(s.as_bytes());
    }
    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }
}

/// Reads values back; every method returns `None` past the end or on malformed data.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }
    /// How many bytes have been read.
    pub fn pos(&self) -> usize {
        self.pos
    }
    pub fn at_end(&self) -> bool {
        self.pos == self.buf.len()
    }
    #[inline]
    pub fn u64(&mut self) -> Option<u64> {
        // Most values take one byte: read without the loop (and inlined at the caller).
        let b = *self.buf.get(self.pos)?;
        if b < 0x80 {
            self.pos += 1;
            return Some(u64::from(b));
        }
        self.u64_long()
    }
    /// [`Reader::u64`] of more than one byte.
    fn u64_long(&mut self) -> Option<u64> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = *self.buf.get(self.pos)?;
            self.pos += 1;
            v |= u64::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
    pub fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }
    /// What [`Writer::i64`] wrote.
    pub fn i64(&mut self) -> Option<i64> {
        Some(unzigzag(self.u64()?))
    }
    /// How many bytes are left.
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }
    /// A count of items that each take at least one byte: bounded by what is left, so a
    /// corrupt length cannot make a huge allocation.
    pub fn count(&mut self) -> Option<usize> {
        let n = self.usize()?;
        (n <= self.buf.len() - self.pos).then_some(n)
    }
    pub fn u8(&mut self) -> Option<u8> {
        let b = *self.buf.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }
    pub fn str(&mut self) -> Option<&'a str> {
        let n = self.count()?;
        let bytes = self.buf.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        std::str::from_utf8(bytes).ok()
    }
    pub fn opt_str(&mut self) -> Option<Option<&'a str>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.str()?)),
            _ => None,
        }
    }
}

/// A signed value as an unsigned one: 0, -1, 1, -2, … become 0, 1, 2, 3, …
pub fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

/// The inverse of [`zigzag`].
pub fn unzigzag(u: u64) -> i64 {
    ((u >> 1) as i64) ^ -((u & 1) as i64)
}

/// The little-endian `u64` at byte `at` of `b`, if all eight bytes are there.
pub fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(
        b.get(at..at.checked_add(8)?)?.try_into().ok()?,
    ))
}

/// The little-endian `u32` at byte `at` of `b`, if all four bytes are there.
pub fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// A fast 64-bit checksum (not cryptographic): catches torn writes and bit rot.
pub fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = bytes.len() as u64 ^ K;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    h ^ (h >> 29)
}

/// [`checksum`] computed over bytes given in pieces: `len`, the total, must be known first.
pub struct Checksum {
    h: u64,
    word: [u8; 8],
    fill: usize,
}

impl Checksum {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;

    pub fn new(len: u64) -> Checksum {
        Checksum {
            h: len ^ Self::K,
            word: [0; 8],
            fill: 0,
        }
    }

    pub fn update(&mut self, mut bytes: &[u8]) {
        // The word in hand topped up first; then whole words straight from the bytes (the
        // same sum, without copying each byte through the word: the store's postings are
        // summed 12 bytes at a time); the rest kept in hand.
        if self.fill > 0 {
            let take = (8 - self.fill).min(bytes.len());
            self.word[self.fill..self.fill + take].copy_from_slice(&bytes[..take]);
            self.fill += take;
            bytes = &bytes[take..];
            if self.fill < 8 {
                return;
            }
            self.mix(self.word);
            self.fill = 0;
        }
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            self.mix(word);
        }
        let rest = words.remainder();
        self.word[..rest.len()].copy_from_slice(rest);
        self.fill = rest.len();
    }

    fn mix(&mut self, word: [u8; 8]) {
        self.h = (self.h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(Self::K);
    }

    pub fn finish(self) -> u64 {
        let mut h = self.h;
        for &b in &self.word[..self.fill] {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(Self::K);
        }
        h ^ (h >> 29)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_checksum_in_pieces_is_the_checksum_of_the_whole() {
        let bytes: Vec<u8> = (0..1000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for n in [0usize, 1, 7, 8, 9, 63, 64, 999, 1000] {
            let whole = checksum(&bytes[..n]);
            for step in [1usize, 3, 8, 13, 1000] {
                let mut c = Checksum::new(n as u64);
                for piece in bytes[..n].chunks(step) {
                    c.update(piece);
                }
                assert_eq!(c.finish(), whole, "{n} bytes in pieces of {step}");
            }
        }
    }

    use super::*;

    #[test]
    fn round_trips_and_rejects_truncation() {
        let mut w = Writer::default();
        for v in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            w.u64(v);
        }
        w.str("héllo");
        for v in [0i64, -1, 1, -64, 63, i64::MIN, i64::MAX] {
            w.i64(v);
        }
        w.opt_str(None);
        w.opt_str(Some(""));
        let mut r = Reader::new(&w.buf);
        for v in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(r.u64(), Some(v));
        }
        assert_eq!(r.str(), Some("héllo"));
        for v in [0i64, -1, 1, -64, 63, i64::MIN, i64::MAX] {
            assert_eq!(r.i64(), Some(v));
        }
        assert_eq!(r.opt_str(), Some(None));
        assert_eq!(r.opt_str(), Some(Some("")));
        assert!(r.at_end());
        for cut in 0..w.buf.len() {
            let mut r = Reader::new(&w.buf[..cut]);
            let ok = (0..7).all(|_| r.u64().is_some())
                && r.str().is_some()
                && (0..7).all(|_| r.i64().is_some())
                && r.opt_str().is_some()
                && r.opt_str().is_some();
            assert!(!ok, "truncated at {cut} still decoded");
        }
    }

    #[test]
    fn huge_lengths_and_overlong_varints_are_refused() {
        let mut w = Writer::default();
        w.u64(u64::MAX);
        assert_eq!(Reader::new(&w.buf).count(), None);
        assert_eq!(Reader::new(&[0xff; 11]).u64(), None);
        assert_ne!(checksum(b"abcdefgh1"), checksum(b"abcdefgh2"));
    }
}
