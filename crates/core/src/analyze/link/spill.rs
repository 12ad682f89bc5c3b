//! A batch's records written to disk once taken ([`LinkInput::spilling_to`]), and read back
//! when linking settles them: what the linker holds per mention until then is on disk, not in
//! memory. Varint records (steps between spans, [`NONE`] as one byte), a checksum at the end; a file that does not read
//! back whole and intact makes linking give up ([`super::link`] returns `None`), never guess.

use super::input::{CandRec, Chunk, DateRec, Open, PartRec};
use super::*;
use crate::cache::codec::{Checksum, Reader, Writer};
use crate::cache::direct::{DirectFile, DirectReader};
use std::io::Write;
use std::path::{Path, PathBuf};

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

/// A step from `prev` to `v` as a varint's worth: small either way (zigzag), exact for any
/// pair (wrapping). [`undelta`] reverses it.
fn delta(v: u32, prev: u32) -> u64 {
    let x = v.wrapping_sub(prev) as i32;
    u64::from(((x << 1) ^ (x >> 31)) as u32)
}

fn undelta(z: u64, prev: u32) -> Option<u32> {
    let z = u32::try_from(z).ok()?;
    let x = ((z >> 1) as i32) ^ -((z & 1) as i32);
    Some(prev.wrapping_add(x as u32))
}

/// The step before a file's first record.
const START: Mention = Mention {
    doc: 0,
    start: 0,
    end: 0,
};

/// Where a record's span starts from: the previous record's start in the same document, 0 in
/// a new one.
fn base(doc: u32, prev: Mention) -> u32 {
    if doc == prev.doc {
        prev.start
    } else {
        0
    }
}

/// A mention as varints: the step from the previous record's document and start, then its
/// length (spans come in order, so most take a byte or two each).
fn put_at(w: &mut Writer, at: Mention, prev: &mut Mention) {
    w.u64(delta(at.doc, prev.doc));
    w.u64(delta(at.start, base(at.doc, *prev)));
    w.u64(u64::from(at.end.wrapping_sub(at.start)));
    *prev = at;
}

fn get_at(r: &mut Reader, prev: &mut Mention) -> Option<Mention> {
    let doc = undelta(r.u64()?, prev.doc)?;
    let start = undelta(r.u64()?, base(doc, *prev))?;
    let end = start.wrapping_add(u32v(r)?);
    *prev = Mention { doc, start, end };
    Some(*prev)
}

fn u32v(r: &mut Reader) -> Option<u32> {
    u32::try_from(r.u64()?).ok()
}

/// A number that may be [`NONE`], shifted by one so that NONE takes a byte ([`opt_of`]).
fn opt(v: u32) -> u64 {
    u64::from(v.wrapping_add(1))
}

fn opt_of(r: &mut Reader) -> Option<u32> {
    Some(u32v(r)?.wrapping_sub(1))
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

/// The records as varints (most fields take a byte or two, not four: the file was ~40% of
/// the bytes the build writes at 100,000 documents when they were fixed-size), encoded a
/// block at a time and written with their running checksum, which ends the file.
fn write(c: &Chunk, path: &Path) -> std::io::Result<()> {
    let mut o = Out {
        // Around the page cache: written once, read back once ([`DirectFile`]).
        f: DirectFile::create(path)?,
        w: Writer {
            buf: Vec::with_capacity(BLOCK + 64),
        },
        sum: Checksum::new(0),
    };
    for n in [c.cands.len(), c.opens.len(), c.parts.len(), c.dates.len()] {
        o.w.usize(n);
    }
    let mut prev = START;
    for r in &c.cands {
        let w = &mut o.w;
        put_at(w, r.at, &mut prev);
        w.u64(u64::from(r.form));
        w.u64(opt(r.acronym));
        w.u64(u64::from(r.surface));
        w.u64(opt(r.canon));
        w.u64(opt(r.open));
        w.buf
            .extend_from_slice(&[kind_byte(r.kind), r.strength, r.flags]);
        o.full()?;
    }
    for r in &c.opens {
        for v in [r.cover, r.cover_start, r.parts.0, r.parts.1] {
            o.w.u64(u64::from(v));
        }
        o.full()?;
    }
    for p in &c.parts {
        for v in [p.start, p.end, p.norm.0, p.norm.1] {
            o.w.u64(u64::from(v));
        }
        o.w.u8(u8::from(p.word));
        o.full()?;
    }
    let mut prev = START;
    for d in &c.dates {
        put_at(&mut o.w, d.at, &mut prev);
        o.w.u64(opt(d.value));
        o.w.u64(u64::from(d.surface));
        o.w.u8(u8::from(d.has_at));
        o.full()?;
    }
    o.flush()?;
    let sum = o.sum.finish();
    o.f.write_all(&sum.to_le_bytes())?;
    o.f.into_file().map(drop)
}

/// Bytes written to batches' files since [`spilled_bytes`] last took them (noted with
/// `DOCENT_DEV_PHASES` set).
static SPILLED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The bytes written to batches' files since the last call.
pub(super) fn spilled_bytes() -> u64 {
    SPILLED.swap(0, std::sync::atomic::Ordering::Relaxed)
}

/// Bytes encoded before they are summed and written.
const BLOCK: usize = 1 << 16;

/// The file being written, the block being encoded, and the sum of the blocks written.
struct Out {
    f: DirectFile,
    w: Writer,
    sum: Checksum,
}

impl Out {
    /// Writes the block once it is [`BLOCK`] bytes.
    fn full(&mut self) -> std::io::Result<()> {
        if self.w.buf.len() >= BLOCK {
            self.flush()?;
        }
        Ok(())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        SPILLED.fetch_add(
            self.w.buf.len() as u64,
            std::sync::atomic::Ordering::Relaxed,
        );
        self.sum.update(&self.w.buf);
        self.f.write_all(&self.w.buf)?;
        self.w.buf.clear();
        Ok(())
    }
}

/// Reads back what [`spill`] wrote into `chunk`, and removes the file.
pub(super) fn unspill(chunk: &mut Chunk, path: &Path) -> Option<()> {
    let b = DirectReader::open(path).ok().and_then(|mut r| {
        // Sized from the file, as `fs::read` does: not grown by doubling.
        let mut b = Vec::with_capacity(usize::try_from(r.file_len().ok()?).ok()?);
        std::io::Read::read_to_end(&mut r, &mut b).ok().map(|_| b)
    });
    let _ = std::fs::remove_file(path);
    let b = b?;
    let (body, sum) = b.split_at(b.len().checked_sub(8)?);
    let mut summed = Checksum::new(0);
    summed.update(body);
    if crate::cache::codec::u64_at(sum, 0)? != summed.finish() {
        return None;
    }
    let r = &mut Reader::new(body);
    // Every record takes a byte at least: the counts cannot ask for more than the file holds.
    let (nc, no, np, nd) = (r.count()?, r.count()?, r.count()?, r.count()?);
    let mut cands = Vec::with_capacity(nc);
    let mut prev = START;
    for _ in 0..nc {
        let at = get_at(r, &mut prev)?;
        let (form, acronym, surface, canon, open) =
            (u32v(r)?, opt_of(r)?, u32v(r)?, opt_of(r)?, opt_of(r)?);
        let (kind, strength, flags) = (kind_of(r.u8()?)?, r.u8()?, r.u8()?);
        cands.push(CandRec {
            at,
            form,
            acronym,
            surface,
            canon,
            open,
            kind,
            strength,
            flags: flags & super::input::FLAGS,
        });
    }
    let mut opens = Vec::with_capacity(no);
    for _ in 0..no {
        opens.push(Open {
            cover: u32v(r)?,
            cover_start: u32v(r)?,
            parts: (u32v(r)?, u32v(r)?),
        });
    }
    let mut parts = Vec::with_capacity(np);
    for _ in 0..np {
        parts.push(PartRec {
            start: u32v(r)?,
            end: u32v(r)?,
            norm: (u32v(r)?, u32v(r)?),
            word: r.u8()? != 0,
        });
    }
    let mut dates = Vec::with_capacity(nd);
    let mut prev = START;
    for _ in 0..nd {
        let at = get_at(r, &mut prev)?;
        dates.push(DateRec {
            at,
            value: opt_of(r)?,
            surface: u32v(r)?,
            has_at: r.u8()? != 0,
        });
    }
    if !r.at_end() {
        return None;
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

    /// Every field comes back exactly, whatever its value: steps back and forth between
    /// documents and spans, [`NONE`], the largest numbers, a span that ends before it starts.
    #[test]
    fn records_come_back_exactly_whatever_their_values() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut chunk = Chunk::default();
        let spans = [
            (3, 10, 15),
            (3, 2, 9),
            (1, 70_000, 70_004),
            (u32::MAX, 0, u32::MAX),
            (0, 9, 4),
        ];
        for (i, &(doc, start, end)) in spans.iter().enumerate() {
            let i = i as u32;
            let at = Mention { doc, start, end };
            chunk.cands.push(CandRec {
                at,
                form: i * 1_000_003,
                acronym: if i.is_multiple_of(2) { NONE } else { i },
                surface: u32::MAX - i,
                canon: if i == 1 { NONE } else { i << 20 },
                open: if i == 2 { 0 } else { NONE },
                kind: KINDS.get(i as usize % KINDS.len()).copied(),
                strength: STRONG,
                flags: (i as u8) & super::super::input::FLAGS,
            });
            chunk.opens.push(Open {
                cover: i,
                cover_start: u32::MAX - i,
                parts: (i, i + 2),
            });
            chunk.parts.push(PartRec {
                start,
                end,
                norm: (i, u32::MAX),
                word: i % 2 == 1,
            });
            chunk.dates.push(DateRec {
                at,
                has_at: i.is_multiple_of(2),
                value: if i == 3 { NONE } else { i * 7 },
                surface: i,
            });
        }
        let key = |c: &Chunk| {
            let cands: Vec<_> = c
                .cands
                .iter()
                .map(|r| {
                    (
                        (r.at.doc, r.at.start, r.at.end),
                        (r.form, r.acronym, r.surface, r.canon, r.open),
                        (kind_byte(r.kind), r.strength, r.flags),
                    )
                })
                .collect();
            let opens: Vec<_> = c
                .opens
                .iter()
                .map(|o| (o.cover, o.cover_start, o.parts))
                .collect();
            let parts: Vec<_> = c
                .parts
                .iter()
                .map(|p| (p.start, p.end, p.norm, p.word))
                .collect();
            let dates: Vec<_> = c
                .dates
                .iter()
                .map(|d| {
                    (
                        (d.at.doc, d.at.start, d.at.end),
                        d.has_at,
                        d.value,
                        d.surface,
                    )
                })
                .collect();
            (cands, opens, parts, dates)
        };
        let want = key(&chunk);
        let path = spill(&mut chunk, dir.path(), 0).expect("written");
        assert!(chunk.opens.is_empty() && chunk.dates.is_empty());
        unspill(&mut chunk, &path).expect("read back");
        assert_eq!(key(&chunk), want);
    }

    /// A file cut short or changed reads back as nothing, never as other records.
    #[test]
    fn a_damaged_file_reads_back_as_nothing() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut chunk = Chunk::default();
        for i in 0..50 {
            chunk.dates.push(DateRec {
                at: Mention {
                    doc: i / 5,
                    start: i * 3,
                    end: i * 3 + 2,
                },
                has_at: true,
                value: i,
                surface: i,
            });
        }
        let path = spill(&mut chunk, dir.path(), 0).expect("written");
        let bytes = std::fs::read(&path).expect("read");
        std::fs::write(&path, &bytes[..bytes.len() - 3]).expect("cut");
        assert!(unspill(&mut chunk, &path).is_none(), "a file cut short");
        let mut changed = bytes.clone();
        changed[10] ^= 1;
        std::fs::write(&path, &changed).expect("changed");
        assert!(unspill(&mut chunk, &path).is_none(), "a changed byte");
    }
}
