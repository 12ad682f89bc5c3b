//! A batch's records written to disk once taken ([`LinkInput::spilling_to`]), and read back
//! when linking settles them: what the linker holds per mention until then is on disk, not in
//! memory. Fixed-size little-endian records, a checksum at the end; a file that does not read
//! back whole and intact makes linking give up ([`super::link`] returns `None`), never guess.

use super::input::{CandRec, Chunk, DateRec, Open, PartRec};
use super::*;
use std::io::Write;
use std::path::{Path, PathBuf};

const CAND: usize = 36;
const OPEN: usize = 16;
const PART: usize = 17;
const DATE: usize = 21;

/// An optional kind as one byte in linking's files (0 for none); [`kind_of`] reads it back.
pub(super) fn kind_byte(k: Option<EntityKind>) -> u8 {
    k.map_or(0, |k| {
        KINDS
            .iter()
            .position(|&x| x == k)
            .map_or(255, |i| i as u8 + 1)
    })
}

pub(super) fn kind_of(b: u8) -> Option<Option<EntityKind>> {
    match b {
        0 => Some(None),
        b => KINDS.get(usize::from(b) - 1).map(|&k| Some(k)),
    }
}

/// Writes bytes and sums them as they go.
struct Out {
    f: std::io::BufWriter<std::fs::File>,
    sum: crate::cache::codec::Checksum,
}

impl Out {
    fn bytes(&mut self, b: &[u8]) -> std::io::Result<()> {
        self.sum.update(b);
        self.f.write_all(b)
    }
    fn u32(&mut self, v: u32) -> std::io::Result<()> {
        self.bytes(&v.to_le_bytes())
    }
}

/// Writes `chunk`'s records to a file in `dir` (`n` numbers it) and empties them; returns the
/// file, or `None` (the records stay in memory) when it cannot be written.
pub(super) fn spill(chunk: &mut Chunk, dir: &Path, n: usize) -> Option<PathBuf> {
    // Numbered within the process too: two builds in one process never share a file.
    static FILES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let k = FILES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = dir.join(format!("link-{k:06}-{n:06}.rec.tmp{}", std::process::id()));
    if write(chunk, &path).is_err() {
        let _ = std::fs::remove_file(&path);
        return None;
    }
    chunk.cands = Vec::new();
    chunk.opens = Vec::new();
    chunk.parts = Vec::new();
    chunk.dates = Vec::new();
    Some(path)
}

fn write(c: &Chunk, path: &Path) -> std::io::Result<()> {
    let len = 32
        + c.cands.len() * CAND
        + c.opens.len() * OPEN
        + c.parts.len() * PART
        + c.dates.len() * DATE;
    let mut o = Out {
        f: std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(path)?),
        sum: crate::cache::codec::Checksum::new(len as u64),
    };
    for n in [c.cands.len(), c.opens.len(), c.parts.len(), c.dates.len()] {
        o.bytes(&(n as u64).to_le_bytes())?;
    }
    for r in &c.cands {
        for v in [
            r.at.doc, r.at.start, r.at.end, r.form, r.acronym, r.surface, r.canon, r.open,
        ] {
            o.u32(v)?;
        }
        o.bytes(&[kind_byte(r.kind), r.strength, r.flags, 0])?;
    }
    for r in &c.opens {
        for v in [r.cover, r.cover_start, r.parts.0, r.parts.1] {
            o.u32(v)?;
        }
    }
    for p in &c.parts {
        for v in [p.start, p.end, p.norm.0, p.norm.1] {
            o.u32(v)?;
        }
        o.bytes(&[u8::from(p.word)])?;
    }
    for d in &c.dates {
        for v in [d.at.doc, d.at.start, d.at.end, d.value, d.surface] {
            o.u32(v)?;
        }
        o.bytes(&[u8::from(d.has_at)])?;
    }
    let Out { mut f, sum } = o;
    f.write_all(&sum.finish().to_le_bytes())?;
    f.flush()
}

/// Reads back what [`spill`] wrote into `chunk`, and removes the file.
pub(super) fn unspill(chunk: &mut Chunk, path: &Path) -> Option<()> {
    let b = std::fs::read(path).ok();
    let _ = std::fs::remove_file(path);
    let b = b?;
    let (body, sum) = b.split_at(b.len().checked_sub(8)?);
    if crate::cache::codec::u64_at(sum, 0)? != crate::cache::codec::checksum(body) {
        return None;
    }
    let u64_at =
        |at: usize| crate::cache::codec::u64_at(body, at).and_then(|v| usize::try_from(v).ok());
    let (nc, no, np, nd) = (u64_at(0)?, u64_at(8)?, u64_at(16)?, u64_at(24)?);
    let want = nc
        .checked_mul(CAND)?
        .checked_add(no.checked_mul(OPEN)?)?
        .checked_add(np.checked_mul(PART)?)?
        .checked_add(nd.checked_mul(DATE)?)?
        .checked_add(32)?;
    if want != body.len() {
        return None;
    }
    let u32_at = |at: usize| crate::cache::codec::u32_at(body, at);
    let mut at = 32;
    let mut cands = Vec::with_capacity(nc);
    for _ in 0..nc {
        let w = |i: usize| u32_at(at + 4 * i);
        let m = |i: usize| {
            Some(Mention {
                doc: w(i)?,
                start: w(i + 1)?,
                end: w(i + 2)?,
            })
        };
        let flags = *body.get(at + 34)?;
        cands.push(CandRec {
            at: m(0)?,
            form: w(3)?,
            acronym: w(4)?,
            surface: w(5)?,
            canon: w(6)?,
            open: w(7)?,
            kind: kind_of(*body.get(at + 32)?)?,
            strength: *body.get(at + 33)?,
            flags: flags & super::input::FLAGS,
        });
        at += CAND;
    }
    let mut opens = Vec::with_capacity(no);
    for _ in 0..no {
        let w = |i: usize| u32_at(at + 4 * i);
        opens.push(Open {
            cover: w(0)?,
            cover_start: w(1)?,
            parts: (w(2)?, w(3)?),
        });
        at += OPEN;
    }
    let mut parts = Vec::with_capacity(np);
    for _ in 0..np {
        let w = |i: usize| u32_at(at + 4 * i);
        parts.push(PartRec {
            start: w(0)?,
            end: w(1)?,
            norm: (w(2)?, w(3)?),
            word: *body.get(at + 16)? != 0,
        });
        at += PART;
    }
    let mut dates = Vec::with_capacity(nd);
    for _ in 0..nd {
        let w = |i: usize| u32_at(at + 4 * i);
        dates.push(DateRec {
            at: Mention {
                doc: w(0)?,
                start: w(1)?,
                end: w(2)?,
            },
            value: w(3)?,
            surface: w(4)?,
            has_at: *body.get(at + 20)? != 0,
        });
        at += DATE;
    }
    chunk.cands = cands;
    chunk.opens = opens;
    chunk.parts = parts;
    chunk.dates = dates;
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every flag a record carries comes back from disk: the cached build reads its records
    /// from here, and a flag lost on the way would make it link otherwise than `--no-cache`.
    #[test]
    fn records_come_back_from_disk_with_every_flag() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut chunk = Chunk::default();
        for flags in 0..=super::super::input::FLAGS {
            chunk.cands.push(CandRec {
                at: Mention {
                    doc: 1,
                    start: u32::from(flags),
                    end: u32::from(flags) + 3,
                },
                form: 7,
                acronym: NONE,
                surface: 9,
                canon: NONE,
                open: NONE,
                kind: Some(EntityKind::Person),
                strength: STRONG,
                flags,
            });
        }
        let path = spill(&mut chunk, dir.path(), 0).expect("written");
        assert!(chunk.cands.is_empty(), "spilled records are not held");
        unspill(&mut chunk, &path).expect("read back");
        let flags: Vec<u8> = chunk.cands.iter().map(|c| c.flags).collect();
        let want: Vec<u8> = (0..=super::super::input::FLAGS).collect();
        assert_eq!(flags, want);
        let starts: Vec<u32> = chunk.cands.iter().map(|c| c.at.start).collect();
        assert_eq!(
            starts,
            want.iter().map(|&f| u32::from(f)).collect::<Vec<_>>()
        );
        assert!(!path.exists(), "the file is removed once read");
    }
}
