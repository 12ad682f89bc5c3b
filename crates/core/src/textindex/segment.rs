//! One segment file of the text index.
//!
//! ```text
//! 0   magic "DOCTIX01"
//! 8   first document u32 · document count u32 · term count u32 · 0 u32
//! 24  strings offset u64 · postings offset u64 · file length u64
//! 48  FNV-1a of bytes 0..48, u64
//! 64  term table: per term, sorted by its bytes: string offset u32, string length u32,
//!     postings offset u64, postings length u32, posting count u32   (24 bytes)
//! ..  strings: the terms' bytes
//! ..  postings: per posting, varints: document delta, line (delta within a document),
//!     word position (delta within a line)
//! ```
//! All integers little-endian. The file length in the header catches truncation; every other
//! read is bounds-checked.

use super::{err, evaluate, line_key, IndexError, LineRef, Posting, PostingSource, TextQuery};
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"DOCTIX01";
const HEADER: usize = 64;
const ENTRY: usize = 24;

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// One term's postings as the builder keeps them: already in the segment's encoding (varint
/// deltas), so a buffered posting costs ~3 bytes rather than a 12-byte [`Posting`], and
/// writing the segment copies them.
#[derive(Default)]
pub(super) struct Encoded {
    pub bytes: Vec<u8>,
    pub count: u32,
    last: Posting,
}

impl Encoded {
    /// Appends `p` (postings come in order) to a segment whose first document is `first`.
    pub fn push(&mut self, p: Posting, first: u32) {
        let prev = if self.count == 0 {
            Posting {
                doc: first,
                line: 0,
                pos: 0,
            }
        } else {
            self.last
        };
        varint(&mut self.bytes, p.doc - prev.doc);
        let line = if p.doc == prev.doc {
            p.line - prev.line
        } else {
            p.line
        };
        varint(&mut self.bytes, line);
        let pos = if p.doc == prev.doc && p.line == prev.line {
            p.pos - prev.pos
        } else {
            p.pos
        };
        varint(&mut self.bytes, pos);
        self.last = p;
        self.count += 1;
    }
}

/// Writes the segment for documents `first..first + count` with these postings to `out`.
/// `terms` sorted by term (bytes). Streams: only the term table is put together in memory.
pub(super) fn write(
    out: &mut impl std::io::Write,
    first: u32,
    count: u32,
    terms: &[(&str, &Encoded)],
) -> std::io::Result<()> {
    let mut table = Vec::with_capacity(terms.len() * ENTRY);
    let (mut strings, mut postings) = (0usize, 0usize);
    for &(term, ps) in terms {
        table.extend_from_slice(&(strings as u32).to_le_bytes());
        table.extend_from_slice(&(term.len() as u32).to_le_bytes());
        table.extend_from_slice(&(postings as u64).to_le_bytes());
        table.extend_from_slice(&(ps.bytes.len() as u32).to_le_bytes());
        table.extend_from_slice(&ps.count.to_le_bytes());
        strings += term.len();
        postings += ps.bytes.len();
    }
    let strings_off = (HEADER + table.len()) as u64;
    let postings_off = strings_off + strings as u64;
    let total = postings_off + postings as u64;
    let mut head = Vec::with_capacity(HEADER);
    head.extend_from_slice(MAGIC);
    for v in [first, count, terms.len() as u32, 0] {
        head.extend_from_slice(&v.to_le_bytes());
    }
    for v in [strings_off, postings_off, total] {
        head.extend_from_slice(&v.to_le_bytes());
    }
    let check = fnv(&head);
    head.extend_from_slice(&check.to_le_bytes());
    head.resize(HEADER, 0);
    out.write_all(&head)?;
    out.write_all(&table)?;
    for &(term, _) in terms {
        out.write_all(term.as_bytes())?;
    }
    for &(_, ps) in terms {
        out.write_all(&ps.bytes)?;
    }
    Ok(())
}

/// A segment file, memory-mapped.
pub struct Segment {
    path: PathBuf,
    map: memmap2::Mmap,
    first: u32,
    count: u32,
    terms: usize,
    strings: usize,
    postings: usize,
}

use crate::cache::codec::{u32_at, u64_at};

impl Segment {
    /// Maps `path` and checks its header (magic, checksum, length, offsets). Reads nothing
    /// else.
    pub fn open(path: &Path) -> Result<Segment, IndexError> {
        let file = std::fs::File::open(path).map_err(|e| err(path, e))?;
        // SAFETY: the file is docent's own, written once and renamed into place; it is never
        // written again while mapped (a rebuild writes new files). Reads are bounds-checked, so
        // a file truncated by another process could at worst fault, not read out of bounds.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| err(path, e))?;
        let b: &[u8] = &map;
        if b.len() < HEADER || b.get(..8) != Some(MAGIC.as_slice()) {
            return Err(err(path, "not a docent index segment, or truncated"));
        }
        let check = u64_at(b, 48).unwrap_or(0);
        if fnv(&b[..48]) != check {
            return Err(err(path, "damaged header"));
        }
        let bad = || err(path, "damaged header");
        let first = u32_at(b, 8).ok_or_else(bad)?;
        let count = u32_at(b, 12).ok_or_else(bad)?;
        let terms = u32_at(b, 16).ok_or_else(bad)? as usize;
        let strings = u64_at(b, 24).ok_or_else(bad)? as usize;
        let postings = u64_at(b, 32).ok_or_else(bad)? as usize;
        let total = u64_at(b, 40).ok_or_else(bad)?;
        if total != b.len() as u64 {
            return Err(err(
                path,
                format!("truncated: {} of {total} bytes", b.len()),
            ));
        }
        if HEADER.checked_add(terms.saturating_mul(ENTRY)) != Some(strings)
            || strings > postings
            || postings > b.len()
        {
            return Err(bad());
        }
        // The term table and strings a query binary-searches, read ahead now (asynchronously):
        // a query over an index not in the page cache otherwise faults them in page by page,
        // one segment after the other (~6 ms a fault measured on this machine's disk).
        let _ = map.advise_range(memmap2::Advice::WillNeed, 0, postings);
        Ok(Segment {
            path: path.to_path_buf(),
            map,
            first,
            count,
            terms,
            strings,
            postings,
        })
    }

    pub fn doc_base(&self) -> u32 {
        self.first
    }

    pub fn doc_count(&self) -> u32 {
        self.count
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms == 0
    }

    fn damaged(&self) -> IndexError {
        err(&self.path, "damaged term table or postings")
    }

    /// Term `i`'s bytes and its postings' byte range and count.
    fn entry(&self, i: usize) -> Result<(&[u8], usize, usize, usize), IndexError> {
        let b: &[u8] = &self.map;
        let at = HEADER + i * ENTRY;
        let get = || -> Option<(&[u8], usize, usize, usize)> {
            let so = u32_at(b, at)? as usize;
            let sl = u32_at(b, at + 4)? as usize;
            let po = u64_at(b, at + 8)? as usize;
            let pl = u32_at(b, at + 16)? as usize;
            let n = u32_at(b, at + 20)? as usize;
            let s = self.strings.checked_add(so)?;
            let term = b.get(s..s.checked_add(sl)?)?;
            let p = self.postings.checked_add(po)?;
            p.checked_add(pl).filter(|&e| e <= b.len())?;
            Some((term, p, pl, n))
        };
        get().ok_or_else(|| self.damaged())
    }

    /// The first term index whose bytes are ≥ `word` (binary search over the mapped table).
    fn lower_bound(&self, word: &[u8]) -> Result<usize, IndexError> {
        let (mut lo, mut hi) = (0, self.terms);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.entry(mid)?.0 < word {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        Ok(lo)
    }

    /// Calls `f` with each of a term's postings, in order.
    fn decode(
        &self,
        at: usize,
        len: usize,
        n: usize,
        mut f: impl FnMut(Posting),
    ) -> Result<(), IndexError> {
        let b = self.map.get(at..at + len).ok_or_else(|| self.damaged())?;
        let mut i = 0;
        let mut next = || -> Option<u32> {
            let mut v: u32 = 0;
            for shift in (0..35).step_by(7) {
                let byte = *b.get(i)?;
                i += 1;
                v |= u32::from(byte & 0x7f).checked_shl(shift)?;
                if byte < 0x80 {
                    return Some(v);
                }
            }
            None
        };
        let mut prev = Posting {
            doc: self.first,
            line: 0,
            pos: 0,
        };
        for _ in 0..n {
            let (dd, dl, dp) = match (next(), next(), next()) {
                (Some(a), Some(b), Some(c)) => (a, b, c),
                _ => return Err(self.damaged()),
            };
            let doc = prev.doc.checked_add(dd).ok_or_else(|| self.damaged())?;
            let line = if dd == 0 {
                prev.line.checked_add(dl).ok_or_else(|| self.damaged())?
            } else {
                dl
            };
            let pos = if dd == 0 && dl == 0 {
                prev.pos.checked_add(dp).ok_or_else(|| self.damaged())?
            } else {
                dp
            };
            prev = Posting { doc, line, pos };
            f(prev);
        }
        Ok(())
    }

    /// Calls `f` with each term matching `word` (every term starting with it when `prefix`):
    /// its postings' byte range and count.
    fn matching_terms(
        &self,
        word: &str,
        prefix: bool,
        mut f: impl FnMut(usize, usize, usize) -> Result<(), IndexError>,
    ) -> Result<usize, IndexError> {
        let w = word.as_bytes();
        let mut i = self.lower_bound(w)?;
        let first = i;
        while i < self.terms {
            let (term, at, len, n) = self.entry(i)?;
            let hit = if prefix {
                term.starts_with(w)
            } else {
                term == w
            };
            if !hit {
                break;
            }
            f(at, len, n)?;
            i += 1;
        }
        Ok(i - first)
    }

    /// Asks for the postings `query` will read to be read ahead (asynchronously): a query
    /// then waits for the disk once for every segment together, not a fault at a time, one
    /// segment after the other. Only a hint: nothing is read here but the term table.
    pub fn prefetch(&self, query: &TextQuery) {
        for term in &query.terms {
            let words: Vec<(&str, bool)> = match term {
                super::TextTerm::Prefix(w) => vec![(w, true)],
                super::TextTerm::Word(w) | super::TextTerm::Not(w) => vec![(w, false)],
                super::TextTerm::Phrase(ws) => ws
                    .iter()
                    .enumerate()
                    .map(|(i, w)| (w.as_str(), i + 1 == ws.len()))
                    .collect(),
            };
            for (w, prefix) in words {
                // The postings are written in the terms' order: a prefix's terms' postings
                // are one span, asked for in one call.
                let mut span: Option<(usize, usize)> = None;
                let _ = self.matching_terms(w, prefix, |at, len, _| {
                    let (from, to) = span.unwrap_or((at, at));
                    span = Some((from.min(at), to.max(at + len)));
                    Ok(())
                });
                if let Some((from, to)) = span {
                    let _ = self
                        .map
                        .advise_range(memmap2::Advice::WillNeed, from, to - from);
                }
            }
        }
    }

    /// The lines of this segment matching `query`.
    pub fn query(&self, query: &TextQuery) -> Result<Vec<LineRef>, IndexError> {
        evaluate(query, self)
    }

    /// How many lines of this segment match `query` (none turned into a [`LineRef`]).
    pub fn count(&self, query: &TextQuery) -> Result<usize, IndexError> {
        super::evaluate_keys(query, self).map(|v| v.len())
    }
}

impl PostingSource for Segment {
    fn postings(&self, word: &str, prefix: bool) -> Result<Vec<Posting>, IndexError> {
        let mut out = Vec::new();
        let terms = self.matching_terms(word, prefix, |at, len, n| {
            out.reserve(n.min(len));
            self.decode(at, len, n, |p| out.push(p))
        })?;
        if terms > 1 {
            out.sort_unstable();
        }
        Ok(out)
    }

    fn lines(&self, word: &str, prefix: bool) -> Result<Vec<u64>, IndexError> {
        let mut out: Vec<u64> = Vec::new();
        let terms = self.matching_terms(word, prefix, |at, len, n| {
            // A term's postings come in order: a line repeated is the one just pushed.
            let start = out.len();
            self.decode(at, len, n, |p| {
                let k = line_key(p.doc, p.line);
                if out.len() == start || out.last() != Some(&k) {
                    out.push(k);
                }
            })
        })?;
        if terms > 1 {
            // Each word's lines are a sorted run: the stable sort finds the runs and merges
            // them (a k-way merge), where an unstable sort sorted the whole list anew.
            out.sort();
            out.dedup();
        }
        Ok(out)
    }
}
