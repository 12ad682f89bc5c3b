//! Linking's result without every mention in memory: when linking spills (the cached cold
//! build), each entity's mentions are sorted on disk from the (slot, mention) files the
//! [`Sink`] wrote, and the entities are given views on the sorted file, memory-mapped
//! ([`MentionTable`]), instead of lists of their own. What reads them until the corpus is
//! opened from the document store (the index cache's entity section, the store's postings
//! and per-document records) reads the map; what it holds is the page cache's, given back
//! as it goes ([`OnDisk`] drops the map's pages from the process every [`RELEASE`] bytes).
//!
//! The sort is a counting sort on disk, in bounded windows: the sink dealt the slots to its
//! bucket files by their number (slot `s` to bucket `s % k`, `k` chosen for half a
//! [`WINDOW`] of mentions each), so each bucket holds whole slots; the slots' counts are
//! known, so each bucket is read into one list at its slots' offsets (keeping the order
//! given), each slot's part sorted and its repeats dropped, as [`groups::entity`] does with a
//! list in memory, and written out around the page cache, as linking's other temporary files
//! (written buffered, the postings, 1.3 GB at a million documents, filled as many new
//! page-cache pages: dear on the machine measured, see [`crate::cache::direct`]; the map reads
//! its pages from the disk as the writers touch them). A bucket that came to more than a
//! window is split again by runs of its slots (a larger slot alone). The sorted file follows
//! the buckets' order; each slot's item says where its list is. Memory: O(slots + window).
//! The file is removed once mapped (the map keeps it until the last entity drops it), so a
//! build that stops leaves nothing behind but what the next build removes (named as the
//! other record files are).

use super::settled::{Buckets, Sink, TempFile, GIVEN};
use super::*;
use crate::model::{MentionSource, MentionTable, Mentions, Notice};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Mentions sorted in memory at a time: 48 MB of them.
pub(super) const WINDOW: usize = 4 << 20;
/// Bytes handed out from the map between two releases of its pages (a release is one
/// `madvise` over the map: cheap beside the pages it keeps from piling up). The pages
/// resident between two releases are more than the bytes handed: the lists are read in the
/// entities' order, not the file's (the buckets' order), and most lists are shorter than a
/// page, so each may bring in a page of its own: at 16 MB, once the file left the slots'
/// order, the store's write and the index cache's entities (read at once) rose to 1,865–1,885
/// MiB at a million documents, at 4 MB to 1,774.
const RELEASE: usize = 4 << 20;
/// Mentions of a sorted bucket written at a time (256 KB).
const WRITE_MENTIONS: usize = (256 << 10) / 12;

/// Every slot's mentions: lists in memory (linking did not spill) or views on the file sorted
/// on disk.
pub(super) enum Lists {
    Mem(Vec<Vec<Mention>>),
    Disk(Arc<MentionTable>),
}

impl Lists {
    /// How many slots.
    pub(super) fn len(&self) -> usize {
        match self {
            Lists::Mem(v) => v.len(),
            Lists::Disk(t) => t.len(),
        }
    }

    /// Slot `i`'s mentions, sorted by (document, start, end), without repeats.
    pub(super) fn take(&mut self, i: usize) -> Mentions {
        match self {
            Lists::Mem(v) => {
                let mut l = v.get_mut(i).map(std::mem::take).unwrap_or_default();
                l.sort();
                l.dedup();
                l.shrink_to_fit();
                l.into()
            }
            Lists::Disk(t) => MentionTable::mentions(t, i),
        }
    }
}

/// The sink's mentions as lists: sorted on disk when it wrote a file, else gathered in memory.
/// `None` when a file does not read back (or cannot be written: linking then gives up as for
/// a damaged file, and the corpus is analysed again in memory).
pub(super) fn lists(mut sink: Sink) -> Option<Lists> {
    sink.written()?;
    // The map is read in place as little-endian records.
    if sink.files.is_none() || cfg!(target_endian = "big") {
        return sink.gather().map(Lists::Mem);
    }
    sort_on_disk(sink, WINDOW).map(Lists::Disk)
}

/// The sink's bucket files sorted on disk `window` mentions at a time (see the module
/// documentation).
fn sort_on_disk(mut sink: Sink, window: usize) -> Option<Arc<MentionTable>> {
    sink.written()?;
    let count = std::mem::take(&mut sink.count);
    let files = std::mem::take(&mut sink.files.as_mut()?.files);
    let dir = files.first()?.path.parent()?.to_path_buf();
    let k = files.len();
    let mut out = TempFile::create(&dir, "postings")?;
    // Each slot's (at, mentions, documents, sum), filled as its part comes.
    let mut items: Vec<(usize, usize, usize, u64)> = vec![(0, 0, 0, 0); count.len()];
    let mut filled = 0usize;
    let mut at = 0usize;
    // Each part (a bucket, or a run of a bucket's slots when it holds more than a window) is
    // read into a window of its own on a thread while the one before is written (two windows
    // at most: the one read gives its room back before the next is taken); the thread also
    // sorts each slot's mentions and drops their repeats, so what is left for this one is the
    // part's bytes and its slots' counts. `None` is a part that did not read back.
    type Filled = (Vec<Mention>, Vec<(usize, usize)>, Slots);
    let (ahead, read) = std::sync::mpsc::sync_channel::<Option<Filled>>(0);
    let (back, room) = std::sync::mpsc::channel::<(Vec<Mention>, Vec<(usize, usize)>)>();
    let count = &count[..];
    let dir = &dir;
    std::thread::scope(|s| -> Option<()> {
        s.spawn(move || {
            let mut next: Vec<usize> = Vec::new();
            let mut send = |part: &TempFile, slots: Slots, n: usize| {
                let (mut buf, mut lists) = room.try_recv().unwrap_or_default();
                let counts: Vec<u32> = slots.iter().map(|s| count[s]).collect();
                let got = fill(part, &counts, slots, n, &mut buf, &mut next)
                    .and_then(|()| dedup(&mut buf, &counts, &mut lists));
                ahead.send(got.map(|()| (buf, lists, slots))).is_ok() && got.is_some()
            };
            for (b, file) in files.into_iter().enumerate() {
                let runs = runs(count, b, k, window);
                let ok = match &runs[..] {
                    [] => true,
                    [(slots, n)] => send(&file, *slots, *n),
                    _ => {
                        // Split again by runs of its slots, each a window at most.
                        let parts = runs
                            .iter()
                            .map(|_| TempFile::create(dir, "bucket"))
                            .collect::<Option<Vec<_>>>();
                        let of = |rec: &[u8]| {
                            let s = crate::cache::codec::u32_at(rec, 0)? as usize;
                            runs.iter().position(|(slots, _)| slots.holds(s))
                        };
                        let parts = parts.and_then(|p| split(&file, p, of));
                        drop(file);
                        match parts {
                            Some(parts) => parts
                                .iter()
                                .zip(&runs)
                                .all(|(p, (slots, n))| send(p, *slots, *n)),
                            None => {
                                let _ = ahead.send(None);
                                false
                            }
                        }
                    }
                };
                if !ok {
                    break;
                }
            }
            crate::phase::thread_done("postings' buckets read and sorted");
        });
        for got in read.iter() {
            let (buf, lists, slots) = got?;
            // Written in pieces (gathered into whole blocks by the file's writer).
            for piece in buf.chunks(WRITE_MENTIONS) {
                out.records(as_bytes(piece), piece.len()).ok()?;
            }
            for (slot, &(n, docs)) in slots.iter().zip(&lists) {
                *items.get_mut(slot)? = (at, n, docs, 0);
                filled += 1;
                at += n;
            }
            let _ = back.send((buf, lists));
        }
        Some(())
    })?;
    // Every part came (a thread that stopped early leaves slots without their items).
    if filled != count.len() {
        return None;
    }
    map(out, at, items)
}

/// A `u32` divisor, divided by with two multiplications (a division by a number known only
/// when running is ~30 cycles: once a given mention it was ~1 s of the bucket's thread at a
/// million documents). Lemire, Kaser and Kurz, "Faster remainder by direct computation"
/// (2019): exact for every `u32` dividend.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Divisor {
    d: u32,
    m: u64,
}

impl Divisor {
    /// `d` (0 is taken as 1).
    pub(super) fn new(d: u32) -> Divisor {
        let d = d.max(1);
        Divisor {
            d,
            m: (u64::MAX / u64::from(d)).wrapping_add(1),
        }
    }

    pub(super) fn div(self, a: u32) -> u32 {
        if self.d == 1 {
            return a;
        }
        ((u128::from(self.m) * u128::from(a)) >> 64) as u32
    }

    pub(super) fn rem(self, a: u32) -> u32 {
        let low = self.m.wrapping_mul(u64::from(a));
        ((u128::from(low) * u128::from(self.d)) >> 64) as u32
    }
}

/// Slots `first`, `first + step`, … (`len` of them): a bucket's, or a run of them.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Slots {
    first: usize,
    step: Divisor,
    len: usize,
}

impl Slots {
    fn iter(self) -> impl Iterator<Item = usize> {
        (0..self.len).map(move |i| self.first + i * self.step.d as usize)
    }

    /// Slot `s`'s place among these, if it is one of them.
    fn index(self, s: usize) -> Option<usize> {
        let d = u32::try_from(s.checked_sub(self.first)?).ok()?;
        let q = self.step.div(d);
        (q * self.step.d == d && (q as usize) < self.len).then_some(q as usize)
    }

    fn holds(self, s: usize) -> bool {
        self.index(s).is_some()
    }
}

/// Bucket `b`'s slots (of `k` buckets, slot `s` in bucket `s % k`) cut into runs of at most
/// `window` mentions (a larger slot alone), with each run's mentions: one run when the bucket
/// fits a window, none when it has no slots.
fn runs(count: &[u32], b: usize, k: usize, window: usize) -> Vec<(Slots, usize)> {
    let mut out: Vec<(Slots, usize)> = Vec::new();
    let step = k.max(1);
    let divisor = Divisor::new(u32::try_from(step).unwrap_or(u32::MAX));
    for s in (b..count.len()).step_by(step) {
        let n = count[s] as usize;
        match out.last_mut() {
            Some((slots, m)) if *m + n <= window => {
                slots.len += 1;
                *m += n;
            }
            _ => out.push((
                Slots {
                    first: s,
                    step: divisor,
                    len: 1,
                },
                n,
            )),
        }
    }
    out
}

/// The records of `given` written to `files`, each to the one `bucket_of` says, in the order
/// given (as a sink deals them: [`Buckets`]), the files closed; `None` when `given` does not
/// read back or a file cannot be written.
fn split(
    given: &TempFile,
    files: Vec<TempFile>,
    bucket_of: impl Fn(&[u8]) -> Option<usize>,
) -> Option<Vec<TempFile>> {
    let mut to = Buckets::over(files);
    given.read(GIVEN, |r| to.put(bucket_of(r)?, r))?;
    to.into_files()
}

/// Reads file `part` (`n` mentions of `slots`, counted in `count`) into `buf`, each slot's
/// mentions at its offset in the order given, then each slot's sorted; `None` when the file
/// does not read back or holds a slot not among them.
fn fill(
    part: &TempFile,
    count: &[u32],
    slots: Slots,
    n: usize,
    buf: &mut Vec<Mention>,
    next: &mut Vec<usize>,
) -> Option<()> {
    next.clear();
    let mut o = 0;
    for &c in count {
        next.push(o);
        o += c as usize;
    }
    buf.clear();
    buf.resize(
        n,
        Mention {
            doc: 0,
            start: 0,
            end: 0,
        },
    );
    let slot_of = |b: &[u8]| crate::cache::codec::u32_at(b, 0).map(|s| s as usize);
    part.read(GIVEN, |b| {
        let w = |i: usize| crate::cache::codec::u32_at(b, 4 * i);
        let i = next.get_mut(slots.index(slot_of(b)?)?)?;
        *buf.get_mut(*i)? = Mention {
            doc: w(1)?,
            start: w(2)?,
            end: w(3)?,
        };
        *i += 1;
        Some(())
    })?;
    let mut from = 0;
    for &c in count {
        let to = from + c as usize;
        // A total order: the unstable sort gives what the stable one does.
        buf.get_mut(from..to)?.sort_unstable();
        from = to;
    }
    Some(())
}

/// Each slot's part of `buf` (sorted, `count` of them a slot, one after another) without its
/// repeats, moved down so the slots' parts follow one another again; `lists` given each
/// slot's (mentions, documents) left. `None` when the counts do not fit the buffer.
fn dedup(buf: &mut Vec<Mention>, count: &[u32], lists: &mut Vec<(usize, usize)>) -> Option<()> {
    lists.clear();
    let (mut from, mut to) = (0usize, 0usize);
    for &c in count {
        let end = from.checked_add(c as usize)?;
        if end > buf.len() {
            return None;
        }
        let (mut n, mut docs) = (0usize, 0usize);
        let mut last: Option<Mention> = None;
        for i in from..end {
            let m = buf[i];
            if last == Some(m) {
                continue;
            }
            docs += usize::from(last.is_none_or(|l| l.doc != m.doc));
            buf[to] = m;
            to += 1;
            last = Some(m);
            n += 1;
        }
        lists.push((n, docs));
        from = end;
    }
    buf.truncate(to);
    Some(())
}

/// The mentions' bytes as the file holds them: [`lists`] sorts on disk only on a
/// little-endian machine, where they are the mentions' own.
fn as_bytes(ms: &[Mention]) -> &[u8] {
    Mention::slice_as_le_bytes(ms).unwrap_or_default()
}

/// Moves the lists of `entities` still in memory (the dates') to a file in `dir`, mapped as
/// [`lists`] maps the names'; leaves them as they are when it cannot.
pub(super) fn to_disk(entities: &mut [Entity], dir: &Path) {
    if cfg!(target_endian = "big") {
        return;
    }
    let owned: Vec<usize> = (0..entities.len())
        .filter(|&i| !entities[i].mentions.is_stored() && !entities[i].mentions.is_empty())
        .collect();
    // (The dates' lists are on disk already unless their file could not be made.)
    if owned.is_empty() {
        return;
    }
    let Some(out) = TempFile::create(dir, "postings") else {
        return;
    };
    let Some(table) = write_mapped(out, owned.iter().map(|&i| &entities[i].mentions[..])) else {
        return;
    };
    for (k, &i) in owned.iter().enumerate() {
        entities[i].mentions = MentionTable::mentions(&table, k);
    }
}

/// Writes `lists` (each sorted, without repeats) one after another to `out` and maps it.
fn write_mapped<'m>(
    mut out: TempFile,
    lists: impl Iterator<Item = &'m [Mention]>,
) -> Option<Arc<MentionTable>> {
    let mut items: Vec<(usize, usize, usize, u64)> = Vec::new();
    let mut at = 0usize;
    for list in lists {
        for m in list {
            out.record(&m.to_le_bytes()).ok()?;
        }
        let docs = usize::from(!list.is_empty())
            + list.windows(2).filter(|w| w[0].doc != w[1].doc).count();
        items.push((at, list.len(), docs, 0));
        at += list.len();
    }
    map(out, at, items)
}

/// Maps `out`'s `len` mentions (closing it, and removing it from its folder) as the table of
/// `items`.
fn map(
    mut out: TempFile,
    len: usize,
    items: Vec<(usize, usize, usize, u64)>,
) -> Option<Arc<MentionTable>> {
    out.close().ok()?;
    let file = std::fs::File::open(&out.path).ok()?;
    // SAFETY: the file is this process's own, removed from its folder just below and never
    // written again, so the map does not change under the slices it gives.
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    drop(out);
    if map.len() < len.checked_mul(12)? {
        return None;
    }
    let source = OnDisk {
        map,
        len,
        handed: AtomicUsize::new(0),
    };
    MentionTable::new(Arc::new(source), 0, items)
}

/// The sorted mentions, memory-mapped: every slot's list read in place.
struct OnDisk {
    map: memmap2::Mmap,
    /// Mentions in the file (its count and checksum follow them).
    len: usize,
    /// Bytes handed out so far.
    handed: AtomicUsize,
}

impl MentionSource for OnDisk {
    fn postings(&self, at: usize, n: usize) -> Option<&[Mention]> {
        let start = at.checked_mul(12)?;
        let end = start.checked_add(n.checked_mul(12)?)?;
        if end > self.len.checked_mul(12)? {
            return None;
        }
        let bytes = self.map.get(start..end)?;
        if !(bytes.as_ptr() as usize).is_multiple_of(std::mem::align_of::<Mention>()) {
            return None;
        }
        // What the writers read once (every list, in turn) would otherwise stay resident as
        // the map's pages, as large as the mentions: they are dropped from the process every
        // `RELEASE` bytes (they stay in the page cache; a slice still in use reads them again
        // from there, unchanged).
        let before = self.handed.fetch_add(end - start, Ordering::Relaxed);
        if before / RELEASE != (before + end - start) / RELEASE {
            // SAFETY: a read-only map of a file nobody writes: dropped pages read back the
            // same bytes on their next use.
            let _ = unsafe {
                self.map
                    .unchecked_advise(memmap2::UncheckedAdvice::DontNeed)
            };
        }
        // SAFETY: `Mention` is `repr(C)`, three `u32`s (12 bytes, no padding, every bit
        // pattern valid); `bytes` is `12 * n` bytes, aligned for it (checked above), written
        // little-endian by this machine (`lists` keeps big-endian ones in memory). The map is
        // never written and lives as long as `self`.
        Some(unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<Mention>(), n) })
    }

    fn check(&self, _at: usize, _n: usize, _sum: u64) -> Result<(), String> {
        // Written by this process a moment ago, and checked as it was read back.
        Ok(())
    }

    fn gather(&self, _entity: usize) -> Option<Vec<Mention>> {
        None
    }

    fn damaged(&self, entity: usize, why: &str) -> Notice {
        Notice {
            path: "linking".into(),
            message: format!("entity {entity}'s mentions sorted on disk: {why}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(doc: u32, start: u32) -> Mention {
        Mention {
            doc,
            start,
            end: start + 2,
        }
    }

    /// On disk, in one window or many, each slot's list is what the list in memory gives:
    /// sorted, without repeats, with its documents counted.
    #[test]
    fn sorted_on_disk_as_in_memory() {
        let dir = tempfile::tempdir().expect("tmp");
        let given = [
            (3, at(0, 9)),
            (0, at(0, 4)),
            (3, at(0, 1)),
            (1, at(1, 5)),
            (3, at(0, 9)),
            (0, at(2, 1)),
            (3, at(2, 0)),
            (5, at(2, 3)),
        ];
        let fill = |d: Option<&Path>, k: usize| {
            let mut s = Sink::in_buckets(d, 8, k);
            for (slot, m) in given {
                s.give(slot, m).expect("given");
            }
            s
        };
        let mut mem = lists(fill(None, 1)).expect("in memory");
        assert!(matches!(mem, Lists::Mem(_)));
        let mem: Vec<Vec<Mention>> = (0..mem.len()).map(|i| mem.take(i).to_vec()).collect();
        assert_eq!(mem[3], vec![at(0, 1), at(0, 9), at(2, 0)]);
        assert!(mem[2].is_empty() && mem[4].is_empty());
        // One bucket or three, each in one window, or split again into windows of a couple of
        // mentions each.
        for (k, window) in [(1, WINDOW), (1, 2), (3, WINDOW), (3, 2)] {
            let disk = sort_on_disk(fill(Some(dir.path()), k), window).expect("on disk");
            let mut disk = Lists::Disk(disk);
            assert!(matches!(disk, Lists::Disk(_)));
            assert_eq!(disk.len(), mem.len());
            for (i, want) in mem.iter().enumerate() {
                let got = disk.take(i);
                assert!(got.is_stored());
                assert_eq!(
                    &got[..],
                    &want[..],
                    "slot {i}, {k} buckets, window {window}"
                );
                assert_eq!(
                    got.doc_count(),
                    crate::model::Mentions::from(want.clone()).doc_count()
                );
            }
            // Nothing left beside the segments: the sorted file is removed once mapped.
            drop(disk);
            assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
        }
    }

    /// Division and remainder by a divisor are `/` and `%`, for divisors and dividends at
    /// their edges and between.
    #[test]
    fn a_divisor_divides_as_division_does() {
        let edges = [
            0u32,
            1,
            2,
            3,
            7,
            64,
            81,
            1000,
            65_535,
            65_536,
            1 << 31,
            u32::MAX - 1,
            u32::MAX,
        ];
        let mut x = 0x9e37_79b9u32;
        let mut some: Vec<u32> = edges.to_vec();
        for _ in 0..2000 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            some.push(x >> (x % 29));
        }
        for &d in &some {
            let div = Divisor::new(d);
            let d = d.max(1);
            for &a in &some {
                assert_eq!((div.div(a), div.rem(a)), (a / d, a % d), "{a} / {d}");
            }
        }
    }

    /// The mentions' bytes taken whole are the records `to_le_bytes` gives one by one.
    #[test]
    fn bytes_taken_whole_are_the_records() {
        if cfg!(target_endian = "big") {
            return;
        }
        let ms = [at(1, 2), at(0x0102_0304, 0x0a0b_0c0d), at(7, 0)];
        let one_by_one: Vec<u8> = ms.iter().flat_map(|m| m.to_le_bytes()).collect();
        assert_eq!(as_bytes(&ms), &one_by_one[..]);
    }

    /// Lists in memory moved to disk read back the same, with their document counts; lists
    /// already there, and empty ones, are left as they are.
    #[test]
    fn owned_lists_move_to_disk() {
        let dir = tempfile::tempdir().expect("tmp");
        let entity = |mentions: Vec<Mention>| Entity {
            id: String::new(),
            kind: EntityKind::Date,
            name: String::new(),
            value: None,
            aliases: Vec::new(),
            mentions: mentions.into(),
        };
        let lists = [vec![at(0, 1), at(0, 7), at(4, 2)], vec![], vec![at(9, 9)]];
        let mut es: Vec<Entity> = lists.iter().cloned().map(entity).collect();
        to_disk(&mut es, dir.path());
        for (e, want) in es.iter().zip(&lists) {
            assert_eq!(e.mentions.is_stored(), !want.is_empty());
            assert_eq!(&e.mentions[..], &want[..]);
        }
        assert_eq!(es[0].mentions.doc_count(), 2);
        assert_eq!(es[2].mentions.doc_count(), 1);
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
    }

    /// A sink given nothing gives no lists, on disk as in memory.
    #[test]
    fn nothing_given_gives_nothing() {
        let dir = tempfile::tempdir().expect("tmp");
        for d in [Some(dir.path()), None] {
            let l = lists(Sink::new(d, 0)).expect("lists");
            assert_eq!(l.len(), 0);
        }
    }

    /// A given file that does not read back gives no lists, whichever bucket it is, and
    /// whether its bucket is sorted whole or split again.
    #[test]
    fn a_damaged_given_file_gives_none() {
        let dir = tempfile::tempdir().expect("tmp");
        for (damaged, window) in [(0, WINDOW), (1, WINDOW), (1, 1)] {
            let mut s = Sink::in_buckets(Some(dir.path()), 2, 2);
            for slot in 0..4 {
                s.give(slot, at(0, slot)).expect("given");
            }
            s.written().expect("written");
            let files = s.files.as_ref().map(|b| &b.files[..]).unwrap_or_default();
            let path = files.get(damaged).map(|f| f.path.clone()).expect("a file");
            let mut b = std::fs::read(&path).expect("file");
            b[6] ^= 1;
            std::fs::write(&path, b).expect("damaged");
            assert!(sort_on_disk(s, window).is_none());
            assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
        }
    }

    /// A bucket's slots cut into runs of a window at most, a larger slot alone; an empty
    /// bucket has none.
    #[test]
    fn a_buckets_runs() {
        let count = [3, 1, 4, 1, 5, 9, 2, 6];
        let slots = |first, len| Slots {
            first,
            step: Divisor::new(2),
            len,
        };
        // Bucket 1 of 2: slots 1, 3, 5, 7 with 1, 1, 9, 6 mentions.
        assert_eq!(runs(&count, 1, 2, 20), vec![(slots(1, 4), 17)]);
        assert_eq!(
            runs(&count, 1, 2, 5),
            vec![(slots(1, 2), 2), (slots(5, 1), 9), (slots(7, 1), 6)]
        );
        assert!(runs(&count, 9, 10, 5).is_empty());
        let s = slots(1, 2);
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![1, 3]);
        assert_eq!((s.index(3), s.index(2), s.index(5)), (Some(1), None, None));
    }
}
