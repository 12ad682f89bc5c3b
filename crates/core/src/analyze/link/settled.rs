//! Linking's per-mention lists kept out of the way between its passes: the settled name
//! mentions in document order ([`Store`]), read back a document at a time (twice: once to
//! gather the grouping's per-form aggregates, once to give each mention its entity), and each
//! mention's entity as it is given ([`Sink`]). When linking spills (the cached build,
//! [`super::LinkInput::spilling_to`]) both are files beside the segments, so what linking holds
//! follows the distinct names and one document, not the mentions; else they are in memory.
//! Fixed-size little-endian records and a checksum at the end: a file that does not read back
//! whole and intact makes linking give up ([`super::link`] returns `None`), never guess.

use super::*;
use crate::cache::codec::Checksum;
use crate::cache::direct::{DirectFile, DirectReader};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Bytes of a settled mention on disk.
const SETTLED: usize = 32;
/// Bytes of a (slot, mention) record on disk.
pub(super) const GIVEN: usize = 16;
/// Records read back at a time ([`TempFile::read`]): 1 MB of settled mentions.
const READ_RECORDS: usize = 1 << 15;

/// A temporary file being written: its records summed as they go, counted, and removed when
/// dropped.
pub(super) struct TempFile {
    pub(super) path: PathBuf,
    /// Around the page cache or not, as it was created. (Boxed: kept small where it is passed
    /// back in an error.)
    out: Option<Box<DirectFile>>,
    sum: Checksum,
    n: u64,
    /// What it holds (its name's part), and the bytes written: noted when it closes, with
    /// `DOCENT_DEV_PHASES` set.
    what: &'static str,
    bytes: u64,
}

impl TempFile {
    /// A new file in `dir` named after `what`, written around the page cache (it is read back
    /// once, in order, or mapped: the postings, whose pages are then read from the disk as
    /// they are touched, not copied into new page-cache pages as they are written); `None`
    /// when it cannot be made.
    pub(super) fn create(dir: &Path, what: &'static str) -> Option<TempFile> {
        TempFile::create_with_block(dir, what, 1 << 20)
    }

    /// [`TempFile::create`] writing `block` bytes at a time (its buffer's size): for files
    /// written many at once.
    pub(super) fn create_with_block(
        dir: &Path,
        what: &'static str,
        block: usize,
    ) -> Option<TempFile> {
        // Numbered within the process too: two builds in one process never share a file.
        static FILES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let k = FILES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // Named as the batches' records are, so a build that died leaves nothing the next
        // one does not remove.
        let path = dir.join(format!("link-{what}-{k:06}.rec.tmp{}", std::process::id()));
        let f = DirectFile::create_with_block(&path, block);
        Some(TempFile {
            path,
            out: Some(Box::new(f.ok()?)),
            sum: Checksum::new(0),
            n: 0,
            what,
            bytes: 0,
        })
    }

    pub(super) fn record(&mut self, b: &[u8]) -> std::io::Result<()> {
        self.sum.update(b);
        self.n += 1;
        self.bytes += b.len() as u64;
        match &mut self.out {
            Some(o) => o.write_all(b),
            None => Err(std::io::ErrorKind::Other.into()),
        }
    }

    /// Adds `n` records of `b.len() / n` bytes each, one after another in `b`: what `n`
    /// calls of [`TempFile::record`] write and sum (the sum of the pieces is the sum of the
    /// whole), in one call.
    pub(super) fn records(&mut self, b: &[u8], n: usize) -> std::io::Result<()> {
        self.sum.update(b);
        self.n += n as u64;
        self.bytes += b.len() as u64;
        match &mut self.out {
            Some(o) => o.write_all(b),
            None => Err(std::io::ErrorKind::Other.into()),
        }
    }

    /// Ends the writing: the count and the checksum last.
    pub(super) fn close(&mut self) -> std::io::Result<()> {
        let Some(mut o) = self.out.take() else {
            return Ok(());
        };
        let sum = std::mem::replace(&mut self.sum, Checksum::new(0)).finish();
        o.write_all(&self.n.to_le_bytes())?;
        o.write_all(&sum.to_le_bytes())?;
        let (what, bytes) = (self.what, self.bytes + 16);
        crate::phase::note(|| format!("link temp file {what}: {bytes} bytes"));
        o.into_file().map(drop)
    }

    /// Reads every record back in order (`each` given its bytes); `None` when the file does not
    /// hold what was written. The file is read (and summed) a block ahead on a thread of its
    /// own: the disk's time is not added to `each`'s (the passes that read these files back
    /// waited on each block in turn).
    pub(super) fn read(
        &self,
        size: usize,
        mut each: impl FnMut(&[u8]) -> Option<()>,
    ) -> Option<()> {
        let mut r = DirectReader::open(&self.path).ok()?;
        if r.file_len().ok()? != self.n.checked_mul(size as u64)?.checked_add(16)? {
            return None;
        }
        let block = size.checked_mul(READ_RECORDS)?;
        let n = self.n;
        std::thread::scope(|s| -> Option<()> {
            // A block read, to `each`; `None` when one does not read. Blocks handed out come
            // back for their room.
            let (ahead, blocks) = std::sync::mpsc::sync_channel::<Option<Vec<u8>>>(1);
            let (back, room) = std::sync::mpsc::channel::<Vec<u8>>();
            let reader = s.spawn(move || -> Option<()> {
                // Summed a block at a time (the sum of the pieces is the sum of the whole), not
                // a sum per record.
                let mut sum = Checksum::new(0);
                let mut left = n;
                while left > 0 {
                    let k = left.min(READ_RECORDS as u64) as usize;
                    let mut b = room.try_recv().unwrap_or_else(|_| vec![0u8; block]);
                    b.resize(k * size, 0);
                    let got = r.read_exact(&mut b).is_ok();
                    if got {
                        sum.update(&b);
                    }
                    if ahead.send(got.then_some(b)).is_err() || !got {
                        return None;
                    }
                    left -= k as u64;
                }
                let mut tail = [0u8; 16];
                r.read_exact(&mut tail).ok()?;
                let count = crate::cache::codec::u64_at(&tail, 0)?;
                let summed = crate::cache::codec::u64_at(&tail, 8)?;
                (count == n && summed == sum.finish()).then_some(())
            });
            for b in blocks {
                let b = b?;
                for rec in b.chunks_exact(size) {
                    each(rec)?;
                }
                let _ = back.send(b);
            }
            reader
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e))
        })
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        self.out = None;
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Records handed to [`Behind`]'s thread at a time.
const HANDED: usize = 1 << 15;

/// A [`TempFile`] written on a thread of its own: records are handed over in batches, so their
/// encoding, checksum and writing run on the second core while linking goes on. Dropped
/// unfinished, the thread ends with the batches and the file is removed.
pub(super) struct Behind<T> {
    tx: Option<std::sync::mpsc::SyncSender<Vec<T>>>,
    /// Batches written, given back for their room.
    back: std::sync::mpsc::Receiver<Vec<T>>,
    done: Option<std::thread::JoinHandle<Option<TempFile>>>,
    batch: Vec<T>,
}

impl<T: Send + 'static> Behind<T> {
    /// Starts writing `file` with `write` (one record); `Err` gives the file back when no
    /// thread can be started.
    pub(super) fn start(
        file: TempFile,
        write: fn(&T, &mut TempFile) -> std::io::Result<()>,
    ) -> Result<Behind<T>, TempFile> {
        // Two batches in flight at most: what waits to be written stays small.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<T>>(2);
        let (back_tx, back) = std::sync::mpsc::channel::<Vec<T>>();
        let (ftx, frx) = std::sync::mpsc::channel::<TempFile>();
        let started = std::thread::Builder::new()
            .name("docent-link-write".into())
            .spawn(move || {
                let mut file = frx.recv().ok()?;
                let mut ok = true;
                for mut v in rx {
                    if ok {
                        ok = v.iter().try_for_each(|x| write(x, &mut file)).is_ok();
                    }
                    v.clear();
                    let _ = back_tx.send(v);
                }
                crate::phase::thread_done("a file written behind");
                ok.then_some(file)
            });
        match started {
            Ok(done) => match ftx.send(file) {
                Ok(()) => Ok(Behind {
                    tx: Some(tx),
                    back,
                    done: Some(done),
                    batch: Vec::with_capacity(HANDED),
                }),
                Err(e) => Err(e.0),
            },
            Err(_) => Err(file),
        }
    }

    /// Adds a record; `None` when the thread is gone.
    pub(super) fn push(&mut self, x: T) -> Option<()> {
        self.batch.push(x);
        if self.batch.len() >= HANDED {
            self.hand()?;
        }
        Some(())
    }

    fn hand(&mut self) -> Option<()> {
        let next = self
            .back
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(HANDED));
        let full = std::mem::replace(&mut self.batch, next);
        self.tx.as_ref()?.send(full).ok()
    }

    /// Every record written: the file, closed; `None` when it could not be written.
    pub(super) fn finish(mut self) -> Option<TempFile> {
        if !self.batch.is_empty() {
            self.hand()?;
        }
        self.tx = None;
        let mut file = self
            .done
            .take()?
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))?;
        file.close().ok()?;
        Some(file)
    }
}

impl<T> Drop for Behind<T> {
    fn drop(&mut self) {
        self.tx = None;
        if let Some(d) = self.done.take() {
            let _ = d.join();
        }
    }
}

fn encode(m: &NameMention) -> [u8; SETTLED] {
    let mut b = [0u8; SETTLED];
    for (i, v) in [
        m.at.doc,
        m.at.start,
        m.at.end,
        m.form,
        m.surface,
        m.canon,
        m.acronym_of,
    ]
    .into_iter()
    .enumerate()
    {
        b[4 * i..4 * i + 4].copy_from_slice(&v.to_le_bytes());
    }
    b[28] = super::spill::kind_byte(Some(m.kind));
    b[29] = m.vote;
    b[30] = u8::from(m.titled);
    b
}

fn decode(b: &[u8]) -> Option<NameMention> {
    let w = |i: usize| crate::cache::codec::u32_at(b, 4 * i);
    Some(NameMention {
        at: Mention {
            doc: w(0)?,
            start: w(1)?,
            end: w(2)?,
        },
        form: w(3)?,
        surface: w(4)?,
        canon: w(5)?,
        acronym_of: w(6)?,
        kind: super::spill::kind_of(*b.get(28)?)??,
        vote: *b.get(29)?,
        titled: *b.get(30)? != 0,
    })
}

/// The settled name mentions, in document order.
pub(super) struct Store {
    mem: Vec<NameMention>,
    /// The file being written (on its thread), then, once closed, read.
    writing: Option<Behind<NameMention>>,
    file: Option<TempFile>,
}

/// Writes a settled mention to `f`.
fn write_settled(m: &NameMention, f: &mut TempFile) -> std::io::Result<()> {
    f.record(&encode(m))
}

impl Store {
    /// A file in `dir` when given (and it can be made), else a list made for `n` mentions.
    pub(super) fn new(dir: Option<&Path>, n: usize) -> Store {
        let file = dir.and_then(|d| TempFile::create(d, "settled"));
        let spills = file.is_some();
        let (writing, file) = match file.map(|f| Behind::start(f, write_settled)) {
            Some(Ok(w)) => (Some(w), None),
            Some(Err(f)) => (None, Some(f)),
            None => (None, None),
        };
        Store {
            // Sized once: a list grown by doubling would hold up to twice the mentions.
            mem: if spills {
                Vec::new()
            } else {
                Vec::with_capacity(n)
            },
            writing,
            file,
        }
    }

    /// Adds mentions after the ones added (documents in order); `None` when the file cannot
    /// be written.
    pub(super) fn push(&mut self, ms: &[NameMention]) -> Option<()> {
        match (&mut self.writing, &mut self.file) {
            (Some(w), _) => ms.iter().try_for_each(|&m| w.push(m)),
            (None, Some(f)) => ms.iter().try_for_each(|m| f.record(&encode(m)).ok()),
            (None, None) => {
                self.mem.extend_from_slice(ms);
                Some(())
            }
        }
    }

    /// Done adding.
    pub(super) fn close(&mut self) -> Option<()> {
        self.mem.shrink_to_fit();
        if let Some(w) = self.writing.take() {
            self.file = Some(w.finish()?);
        }
        match &mut self.file {
            Some(f) => f.close().ok(),
            None => Some(()),
        }
    }

    /// Calls `each` with every document's mentions in turn, in document order (a copy it may
    /// change); `None` when the file does not read back.
    #[cfg(test)]
    pub(super) fn each_doc(&self, each: impl FnMut(&mut Vec<NameMention>)) -> Option<()> {
        each_doc_of(&self.mem, self.file.as_ref(), each)
    }
}

/// [`Store::each_doc`] over a store's list or file.
fn each_doc_of(
    mem: &[NameMention],
    file: Option<&TempFile>,
    mut each: impl FnMut(&mut Vec<NameMention>),
) -> Option<()> {
    let mut doc: Vec<NameMention> = Vec::new();
    let mut next = |m: NameMention, doc: &mut Vec<NameMention>| {
        if doc.first().is_some_and(|f| f.at.doc != m.at.doc) {
            each(doc);
            doc.clear();
        }
        doc.push(m);
    };
    match file {
        Some(f) => f.read(SETTLED, |b| {
            next(decode(b)?, &mut doc);
            Some(())
        })?,
        None => mem.iter().for_each(|&m| next(m, &mut doc)),
    }
    if !doc.is_empty() {
        each(&mut doc);
    }
    Some(())
}

/// Mentions handed at a time from [`Store::each_decided`]'s reading thread: ~2 MB of them.
const BATCH: usize = 1 << 16;

/// Documents' mentions one after another, and where each document's end; what the deciding
/// stage made of each mention that stays (see [`Store::each_decided`]), and how many
/// mentions each document had before it was decided.
#[derive(Default)]
struct Docs {
    ms: Vec<NameMention>,
    ends: Vec<usize>,
    made: Vec<u32>,
    had: Vec<usize>,
}

impl Docs {
    /// `d`, or a new one, emptied.
    fn reuse(d: Option<Docs>) -> Docs {
        let mut d = d.unwrap_or_default();
        d.ms.clear();
        d.ends.clear();
        d.made.clear();
        d.had.clear();
        d
    }
}

impl Store {
    /// [`Store::each_doc`] with each document decided first: the reading back (the file's
    /// checksum, the records' decoding, then `first` on each document) on a thread of its own,
    /// the deciding (which needs nothing but the corpus-wide tables) on one thread per function
    /// of `deciders`, the batches of documents dealt to them in turn, each stage a batch or two
    /// ahead of the next, so the two cores share the stages. The documents come to `each` in
    /// the same order, decided the same. `first` and the deciders may also keep a number per
    /// mention that stays (what they made of it) in the document's list they are given (`first`
    /// an empty one, a decider what `first` left); `each` gets them beside the mentions (or
    /// none), and how many mentions the document had before `first`.
    pub(super) fn each_decided<D>(
        &self,
        mut first: impl FnMut(&mut Vec<NameMention>, &mut Vec<u32>) + Send,
        deciders: Vec<D>,
        mut each: impl FnMut(&[NameMention], &[u32], usize),
    ) -> Option<()>
    where
        D: FnMut(&mut Vec<NameMention>, &mut Vec<u32>) + Send,
    {
        use std::sync::mpsc::{channel, sync_channel, Receiver, SyncSender};
        let (mem, file) = (&self.mem[..], self.file.as_ref());
        let k = deciders.len().max(1);
        // Per decider: batches read, to it; batches decided, from it; lists given back to it.
        let mut to_decide: Vec<SyncSender<Docs>> = Vec::new();
        let mut decided: Vec<Receiver<Docs>> = Vec::new();
        let mut given_back: Vec<std::sync::mpsc::Sender<Docs>> = Vec::new();
        let mut stages = Vec::new();
        for d in deciders {
            let (raw_tx, raw_rx) = sync_channel::<Docs>(1);
            let (tx, rx) = sync_channel::<Docs>(1);
            let (back, recycled) = channel::<Docs>();
            to_decide.push(raw_tx);
            decided.push(rx);
            given_back.push(back);
            stages.push((d, raw_rx, tx, recycled));
        }
        let (raw_back, raw_recycled) = channel::<Docs>();
        std::thread::scope(|s| {
            let reader = s.spawn(move || {
                let mut docs = Docs::default();
                let mut open = true;
                let mut n = 0usize;
                let mut made: Vec<u32> = Vec::new();
                let read = each_doc_of(mem, file, |ms| {
                    docs.had.push(ms.len());
                    made.clear();
                    first(ms, &mut made);
                    docs.ms.extend_from_slice(ms);
                    docs.made.extend_from_slice(&made);
                    docs.ends.push(docs.ms.len());
                    if docs.ms.len() >= BATCH && open {
                        let next = Docs::reuse(raw_recycled.try_recv().ok());
                        let full = std::mem::replace(&mut docs, next);
                        open = to_decide.get(n % k).is_some_and(|t| t.send(full).is_ok());
                        n += 1;
                    }
                });
                if !docs.ends.is_empty() && open {
                    if let Some(t) = to_decide.get(n % k) {
                        let _ = t.send(docs);
                    }
                }
                crate::phase::thread_done("settled mentions read back");
                read
            });
            for (mut decide, raw_rx, tx, recycled) in stages {
                let raw_back = raw_back.clone();
                s.spawn(move || {
                    let (mut one, mut made): (Vec<NameMention>, Vec<u32>) = Default::default();
                    for raw in raw_rx {
                        let mut out = Docs::reuse(recycled.try_recv().ok());
                        let mut from = 0;
                        for (&to, &had) in raw.ends.iter().zip(&raw.had) {
                            one.clear();
                            one.extend_from_slice(raw.ms.get(from..to).unwrap_or(&[]));
                            made.clear();
                            made.extend_from_slice(raw.made.get(from..to).unwrap_or(&[]));
                            out.had.push(had);
                            decide(&mut one, &mut made);
                            out.ms.extend_from_slice(&one);
                            out.made.extend_from_slice(&made);
                            out.ends.push(out.ms.len());
                            from = to;
                        }
                        let _ = raw_back.send(raw);
                        if tx.send(out).is_err() {
                            break;
                        }
                    }
                    crate::phase::thread_done("settled mentions decided");
                });
            }
            drop(raw_back);
            // The batches in the order they were dealt: the next from each decider in turn,
            // until one has no more (the batch after the last).
            let mut n = 0usize;
            while let Some(Ok(docs)) = decided.get(n % k).map(|r| r.recv()) {
                let mut from = 0;
                for (&to, &had) in docs.ends.iter().zip(&docs.had) {
                    let made = docs.made.get(from..to).unwrap_or(&[]);
                    each(docs.ms.get(from..to).unwrap_or(&[]), made, had);
                    from = to;
                }
                if let Some(b) = given_back.get(n % k) {
                    let _ = b.send(docs);
                }
                n += 1;
            }
            drop(decided);
            reader
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e))
        })
    }
}

/// Each mention's entity (a slot number), as given: then read back to gather every entity's
/// mentions in lists made to size. When linking spills, the (slot, mention) records go to
/// [`Buckets`]: slot `s`'s to file `s % k`, so each file holds whole slots, few enough to be
/// sorted in memory ([`super::postings`]), written as they are given, not split from one file
/// after (at a million documents that was 1.8 GB more read and written).
pub(super) struct Sink {
    mem: Vec<(u32, Mention)>,
    pub(super) files: Option<Buckets>,
    /// Mentions given to each slot.
    pub(super) count: Vec<u32>,
}

/// Mentions a bucket is made for: half of what [`super::postings`] sorts at a time, so that
/// slots dealt in turn to buckets by their number seldom fill one past it (one that does is
/// split again).
const BUCKET_MENTIONS: usize = super::postings::WINDOW / 2;
/// Buckets at most: each is a file open while the pass runs (two descriptors: direct and
/// not), and a process may have ~1,000 open. Past 256 (~6 million documents) buckets grow
/// past half a window, and those over a whole one are split again.
const MAX_BUCKETS: usize = 256;
/// Bytes a bucket's file gathers before a write: small, as they are written all at once.
const BUCKET_BLOCK: usize = 256 << 10;
/// Bytes of records a bucket gathers before they are handed to its file (one message, one
/// checksum update and one copy a block, not a record).
const PENDING: usize = 16 << 10;

/// Records dealt to files, each file's in the order given: a [`Sink`]'s (slot, mention)
/// records, slot `s`'s in `files[s % files.len()]`, and a bucket split again
/// ([`super::postings`]). Each record is put in its file's block by the giver (a copy); whole
/// blocks go to a thread that sums and writes them (or are written at once when there is no
/// thread): one write and one checksum update a block, and the disk's time not added to the
/// giver's.
pub(super) struct Buckets {
    pending: Vec<Vec<u8>>,
    /// The number of buckets, as a divisor.
    k: super::postings::Divisor,
    writer: Option<Writer>,
    /// The files: here when written on this thread, and once written whole.
    pub(super) files: Vec<TempFile>,
}

/// The buckets' writing thread: (bucket, block) in, blocks back for their room, the files at
/// the end (`None` when one could not be written).
struct Writer {
    to_write: std::sync::mpsc::SyncSender<(usize, Vec<u8>)>,
    room: std::sync::mpsc::Receiver<Vec<u8>>,
    done: std::thread::JoinHandle<Option<Vec<TempFile>>>,
}

impl Buckets {
    /// `k` files in `dir` (at least one) for a sink's records; `None` when one cannot be made.
    fn create(dir: &Path, k: usize) -> Option<Buckets> {
        let files = (0..k.max(1))
            .map(|_| TempFile::create_with_block(dir, "given", BUCKET_BLOCK))
            .collect::<Option<Vec<_>>>()?;
        Some(Buckets::over(files))
    }

    /// Records to be dealt to `files`, written on a thread of their own when one starts.
    pub(super) fn over(mut files: Vec<TempFile>) -> Buckets {
        // Blocks in flight at most: what waits to be written stays small (~1 MB).
        const IN_FLIGHT: usize = 64;
        let n = files.len();
        let (to_write, blocks) = std::sync::mpsc::sync_channel::<(usize, Vec<u8>)>(IN_FLIGHT);
        let (back, room) = std::sync::mpsc::channel::<Vec<u8>>();
        let (ftx, frx) = std::sync::mpsc::channel::<Vec<TempFile>>();
        let started = std::thread::Builder::new()
            .name("docent-link-buckets".into())
            .spawn(move || {
                let mut files = frx.recv().ok()?;
                let mut ok = true;
                for (k, mut b) in blocks {
                    if ok {
                        ok = files
                            .get_mut(k)
                            .is_some_and(|f| f.records(&b, b.len() / GIVEN).is_ok());
                    }
                    b.clear();
                    let _ = back.send(b);
                }
                crate::phase::thread_done("the given buckets written");
                ok.then_some(files)
            });
        let writer = match started {
            Ok(done) => match ftx.send(files) {
                Ok(()) => {
                    files = Vec::new();
                    Some(Writer {
                        to_write,
                        room,
                        done,
                    })
                }
                Err(e) => {
                    files = e.0;
                    None
                }
            },
            Err(_) => None,
        };
        Buckets {
            pending: vec![Vec::new(); n],
            k: super::postings::Divisor::new(n as u32),
            writer,
            files,
        }
    }

    /// Adds a (slot, mention) record to its slot's bucket; `None` when it cannot be written.
    fn give(&mut self, slot: u32, m: Mention) -> Option<()> {
        let mut r = [0u8; GIVEN];
        r[..4].copy_from_slice(&slot.to_le_bytes());
        r[4..].copy_from_slice(&m.to_le_bytes());
        self.put(self.k.rem(slot) as usize, &r)
    }

    /// Adds record `r` (of [`GIVEN`] bytes) to file `k`; `None` when it cannot be written.
    pub(super) fn put(&mut self, k: usize, r: &[u8]) -> Option<()> {
        let p = self.pending.get_mut(k)?;
        if p.capacity() == 0 {
            p.reserve_exact(PENDING);
        }
        p.extend_from_slice(r);
        if p.len() + GIVEN > PENDING {
            self.hand(k)?;
        }
        Some(())
    }

    /// Every record written: the files, closed; `None` when one could not be.
    pub(super) fn into_files(mut self) -> Option<Vec<TempFile>> {
        self.close()?;
        Some(std::mem::take(&mut self.files))
    }

    /// Bucket `k`'s pending records to its file (through the thread when there is one).
    fn hand(&mut self, k: usize) -> Option<()> {
        match &self.writer {
            Some(w) => {
                let next = w
                    .room
                    .try_recv()
                    .unwrap_or_else(|_| Vec::with_capacity(PENDING));
                let full = std::mem::replace(self.pending.get_mut(k)?, next);
                w.to_write.send((k, full)).ok()
            }
            None => {
                let p = self.pending.get_mut(k)?;
                let r = self.files.get_mut(k)?.records(p, p.len() / GIVEN);
                p.clear();
                r.ok()
            }
        }
    }

    /// Every record written and every file closed (the count and checksum last); `None` when
    /// one could not be.
    fn close(&mut self) -> Option<()> {
        for k in 0..self.pending.len() {
            if self.pending.get(k).is_some_and(|p| !p.is_empty()) {
                self.hand(k)?;
            }
        }
        self.pending = Vec::new();
        if let Some(w) = self.writer.take() {
            drop(w.to_write);
            self.files = w
                .done
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e))?;
        }
        self.files.iter_mut().try_for_each(|f| f.close().ok())
    }
}

impl Drop for Buckets {
    fn drop(&mut self) {
        // The thread ends with its blocks; its files are removed as they drop.
        if let Some(w) = self.writer.take() {
            drop(w.to_write);
            let _ = w.done.join();
        }
    }
}

/// Buckets for `n` mentions: half a window each, one at least, [`MAX_BUCKETS`] at most.
fn buckets_for(n: usize) -> usize {
    n.div_ceil(BUCKET_MENTIONS).clamp(1, MAX_BUCKETS)
}

impl Sink {
    /// Bucket files in `dir` when given (and they can be made), enough for `n` mentions, else
    /// a list made for `n` mentions.
    pub(super) fn new(dir: Option<&Path>, n: usize) -> Sink {
        Sink::in_buckets(dir, n, buckets_for(n))
    }

    /// [`Sink::new`] with `k` buckets (at least one).
    pub(super) fn in_buckets(dir: Option<&Path>, n: usize, k: usize) -> Sink {
        let files = dir.and_then(|d| Buckets::create(d, k));
        Sink {
            mem: if files.is_some() {
                Vec::new()
            } else {
                Vec::with_capacity(n)
            },
            files,
            count: Vec::new(),
        }
    }

    pub(super) fn give(&mut self, slot: u32, m: Mention) -> Option<()> {
        let s = slot as usize;
        if self.count.len() <= s {
            self.count.resize(s + 1, 0);
        }
        self.count[s] += 1;
        match &mut self.files {
            Some(b) => b.give(slot, m),
            None => {
                self.mem.push((slot, m));
                Some(())
            }
        }
    }

    /// Done giving: the files written whole and closed (when there are some); `None` when
    /// they could not be.
    pub(super) fn written(&mut self) -> Option<()> {
        match &mut self.files {
            Some(b) => b.close(),
            None => Some(()),
        }
    }

    /// Every slot's mentions, in the order given; `None` when a file does not read back.
    pub(super) fn gather(mut self) -> Option<Vec<Vec<Mention>>> {
        self.written()?;
        let mut out: Vec<Vec<Mention>> = self
            .count
            .iter()
            .map(|&n| Vec::with_capacity(n as usize))
            .collect();
        match &self.files {
            // Each slot's records are in one file, in the order given.
            Some(b) => {
                for f in &b.files {
                    f.read(GIVEN, |b| {
                        let w = |i: usize| crate::cache::codec::u32_at(b, 4 * i);
                        out.get_mut(w(0)? as usize)?.push(Mention {
                            doc: w(1)?,
                            start: w(2)?,
                            end: w(3)?,
                        });
                        Some(())
                    })?;
                }
            }
            None => {
                for (slot, m) in std::mem::take(&mut self.mem) {
                    out.get_mut(slot as usize)?.push(m);
                }
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(doc: u32, start: u32) -> NameMention {
        NameMention {
            at: Mention {
                doc,
                start,
                end: start + 3,
            },
            kind: EntityKind::Organization,
            vote: 4,
            form: 7,
            surface: 9,
            canon: NONE,
            acronym_of: 2,
            titled: true,
        }
    }

    /// The file gives back every field, a document at a time; a damaged one gives nothing.
    #[test]
    fn settled_mentions_come_back_a_document_at_a_time() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut s = Store::new(Some(dir.path()), 0);
        assert!(s.writing.is_some());
        let ms = [m(0, 1), m(0, 9), m(3, 2)];
        s.push(&ms).expect("written");
        s.close().expect("closed");
        type Seen = (u32, u32, u8, bool, u32);
        let mut docs: Vec<Vec<Seen>> = Vec::new();
        s.each_doc(|d| {
            docs.push(
                d.iter()
                    .map(|x| (x.at.doc, x.at.start, x.vote, x.titled, x.acronym_of))
                    .collect(),
            )
        })
        .expect("read back");
        assert_eq!(
            docs,
            vec![
                vec![(0, 1, 4, true, 2), (0, 9, 4, true, 2)],
                vec![(3, 2, 4, true, 2)]
            ]
        );
        let path = s.file.as_ref().map(|f| f.path.clone()).expect("a file");
        let mut b = std::fs::read(&path).expect("file");
        b[5] ^= 1;
        std::fs::write(&path, b).expect("damaged");
        assert!(s.each_doc(|_| {}).is_none(), "a damaged file is refused");
        drop(s);
        assert!(!path.exists(), "the file is removed");
    }

    /// Read back and decided on a thread, the documents come as [`Store::each_doc`] gives
    /// them, decided, in order, batches or not (more mentions than a batch); a damaged file
    /// gives `None`.
    #[test]
    fn decided_a_batch_ahead_as_one_at_a_time() {
        let dir = tempfile::tempdir().expect("tmp");
        for d in [Some(dir.path()), None] {
            let mut s = Store::new(d, 0);
            let ms: Vec<NameMention> = (0..3 * BATCH as u32).map(|i| m(i / 5, i)).collect();
            s.push(&ms).expect("written");
            s.close().expect("closed");
            let drop_odd = |d: &mut Vec<NameMention>| d.retain(|x| x.at.start % 2 == 0);
            let mut want: Vec<Vec<u32>> = Vec::new();
            s.each_doc(|d| {
                drop_odd(d);
                want.push(d.iter().map(|x| x.at.start).collect());
            })
            .expect("read back");
            let mut got: Vec<Vec<u32>> = Vec::new();
            let decide = |d: &mut Vec<NameMention>, made: &mut Vec<u32>| {
                drop_odd(d);
                made.extend(d.iter().map(|x| x.at.end));
            };
            s.each_decided(
                |_, _| {},
                vec![decide, decide],
                |d, made, _| {
                    assert_eq!(made, d.iter().map(|x| x.at.end).collect::<Vec<_>>());
                    got.push(d.iter().map(|x| x.at.start).collect())
                },
            )
            .expect("read back");
            assert_eq!(got, want);
            assert_eq!(got.len(), (3 * BATCH).div_ceil(5));
            if let Some(path) = s.file.as_ref().map(|f| f.path.clone()) {
                let mut b = std::fs::read(&path).expect("file");
                b[40] ^= 1;
                std::fs::write(&path, b).expect("damaged");
                assert!(
                    s.each_decided(|_, _| {}, vec![decide], |_, _, _| {})
                        .is_none(),
                    "a damaged file"
                );
            }
        }
    }

    /// Half a window a bucket, one at least, never more files than a process may open.
    #[test]
    fn buckets_follow_the_mentions_up_to_a_limit() {
        assert_eq!(buckets_for(0), 1);
        assert_eq!(buckets_for(BUCKET_MENTIONS), 1);
        assert_eq!(buckets_for(BUCKET_MENTIONS + 1), 2);
        assert_eq!(buckets_for(136_000_000), 65);
        assert_eq!(buckets_for(usize::MAX), MAX_BUCKETS);
    }

    #[test]
    fn given_mentions_gather_by_slot_in_order() {
        let dir = tempfile::tempdir().expect("tmp");
        for (d, k) in [(Some(dir.path()), 1), (Some(dir.path()), 2), (None, 1)] {
            let mut s = Sink::in_buckets(d, 4, k);
            for (slot, at) in [(2, 5), (0, 1), (2, 3)] {
                s.give(slot, m(1, at).at).expect("given");
            }
            let got = s.gather().expect("gathered");
            let starts: Vec<Vec<u32>> = got
                .iter()
                .map(|v| v.iter().map(|x| x.start).collect())
                .collect();
            assert_eq!(starts, vec![vec![1], vec![], vec![5, 3]]);
        }
    }
}
