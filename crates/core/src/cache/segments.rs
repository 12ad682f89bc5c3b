//! Extraction written in segments as it goes, kept as the index cache's extraction: a cold
//! build that is interrupted (killed, the machine stopped) resumes from its last complete
//! segment instead of starting over, and the index cache refers to the segments rather than
//! copying them.
//!
//! Beside a corpus's index cache `KEY.idx` lives a folder `KEY.idx.segs/`. While documents are
//! extracted, every [`segment_docs`] documents (whole files: a file's documents are never split)
//! their extraction is written there as one file, `NNNNNN.idx`, in the index cache's own format
//! (the analyzer's version, the table of the files it covers with their size, modification
//! time, content hash and document count, then their documents' extraction; no entities). Each
//! is written atomically (a temporary file, then a rename; not synced: one torn by a crash
//! fails its checksums on the resume and is extracted again), on a thread of its own while the
//! next segment is extracted. On the next open that needs extraction (some file changed, or no
//! index cache yet), before extracting anything, every segment is read and checked as the
//! index cache is — another docent version's, a damaged one, or one whose files changed gives
//! nothing for them — and the documents of its unchanged files are not extracted again
//! ([`reuse_all`]). A segment the index cache names that is missing or damaged gives a notice.
//!
//! The segments stay once the index cache is written: `KEY.idx` names the segments its
//! documents' extraction is in (a warm open with every file unchanged reads none of them).
//! After that write, every segment no document uses any more (its files all changed or gone,
//! or superseded) is deleted ([`remove_unused`]). A segment still used but mostly stale (its
//! used extraction under half its extraction section) is rewritten when it is read, as a new
//! segment of only its still-used files ([`reuse_all`]); the old one is then unused. So the
//! folder holds at most about twice the live extraction, plus the segments written since the
//! last open that read them.
//!
//! Linking takes each segment's records ([`crate::analyze::link::LinkInput`]) once the segment
//! is on disk (or read back from it), and the extraction is dropped: the build holds one or two
//! segments' extraction at a time, not the corpus's. The index cache then names the segments
//! each document's extraction is in ([`Streamed::locs`]).
//!
//! When the texts were set aside as they were loaded ([`super::texts::AsideWriter`]), each
//! segment's are read back for its extraction and its records, and dropped with them
//! ([`SegDocs`]), the next segment's on a thread of their own while one is extracted: the build
//! then never holds more than three segments' texts.
//!
//! A build from nothing cuts the same segments while its files are still being read
//! ([`super::stream`]): [`drive`] extracts and writes segments from either source.
//!
//! `DOCENT_DEV_SEGMENT_TIMES` (set to anything) prints each segment's times to standard error:
//! waiting for its texts, extracting, waiting for the previous segment's writer; and the
//! writer's encoding, writing and giving the records to linking.

use super::texts::SetAside;
use super::{
    encode_meta, open, reuse, stamp, stamps, write_encoded, Cache, DocExtract, Extracted, Notice,
    Problem, Stamp, Stats, StoredExtracts, ToLink, EXTRACTS,
};
use crate::analyze::link::LinkInput;
use crate::load::Loaded;
use crate::model::Document;
use std::path::{Path, PathBuf};

/// Some documents as extraction and linking read them: the corpus's own, or copies with
/// their texts read back from where they were set aside.
pub(super) enum SegDocs<'a> {
    Corpus(&'a [Document]),
    /// `docs[k]` is document `which[k]` (`which` sorted).
    Restored {
        which: Vec<usize>,
        docs: Vec<Document>,
    },
}

impl<'a> SegDocs<'a> {
    /// Documents `which` (sorted) of `docs`, their texts read back when `aside` holds them.
    pub fn new(
        docs: &'a [Document],
        which: &[usize],
        aside: Option<&SetAside>,
    ) -> std::io::Result<SegDocs<'a>> {
        Ok(match aside {
            None => SegDocs::Corpus(docs),
            Some(a) => SegDocs::Restored {
                which: which.to_vec(),
                docs: a.restored(docs, which)?,
            },
        })
    }

    /// Document `i` (its number in the corpus), if among these.
    pub fn get(&self, i: usize) -> Option<&Document> {
        match self {
            SegDocs::Corpus(d) => d.get(i),
            SegDocs::Restored { which, docs } => {
                which.binary_search(&i).ok().and_then(|k| docs.get(k))
            }
        }
    }

    /// Extracts documents `which` (the corpus's numbers), as [`crate::analyze::extract_some`].
    pub fn extract(
        &self,
        which: &[usize],
        done: Option<&std::sync::atomic::AtomicUsize>,
    ) -> Vec<(usize, DocExtract)> {
        match self {
            SegDocs::Corpus(d) => crate::analyze::extract_some(d, which, done),
            SegDocs::Restored { which: mine, docs } => {
                let local: Vec<usize> = which
                    .iter()
                    .filter_map(|i| mine.binary_search(i).ok())
                    .collect();
                crate::analyze::extract_some(docs, &local, done)
                    .into_iter()
                    .filter_map(|(k, x)| Some((*mine.get(k)?, x)))
                    .collect()
            }
        }
    }
}

/// A cold build's state as segments come: linking's records, which documents they hold, and
/// which segment each document's extraction is in.
pub(super) struct Streamed {
    pub input: LinkInput,
    /// Per document: its records are in `input`.
    pub fed: Vec<bool>,
    /// Per document: the segment its extraction is in (an index into `files`).
    pub locs: Vec<Option<u32>>,
    /// The segments' numbers (`NNNNNN.idx`).
    pub files: Vec<u64>,
    /// Extraction a segment could not be written with, kept for the index cache.
    pub kept: Vec<(usize, DocExtract)>,
}

impl Streamed {
    /// For `docs` documents; linking's records are written to `dir` as segments come (see
    /// [`LinkInput::spilling_to`]), or kept in memory when it cannot be made.
    pub fn new(docs: usize, dir: &Path) -> Streamed {
        let spill = docs > 0 && std::fs::create_dir_all(dir).is_ok();
        if spill {
            crate::store::remove_stale_temps(dir, |n| {
                let at = n.rfind(".rec.tmp")?;
                crate::store::pid_after(&n[at..], ".rec.tmp")
            });
        }
        Streamed {
            input: if spill {
                LinkInput::spilling_to(dir.to_path_buf())
            } else {
                LinkInput::new()
            },
            fed: vec![false; docs],
            locs: vec![None; docs],
            files: Vec::new(),
            kept: Vec::new(),
        }
    }

    /// For a corpus whose documents are still coming ([`super::stream`]): the per-document
    /// lists start empty and grow with the segments; linking's records are written to `dir`.
    pub fn growing(dir: &Path) -> Streamed {
        let mut st = Streamed::new(1, dir);
        st.fed.clear();
        st.locs.clear();
        st
    }

    /// Takes the records of `got` (sorted by document) not taken yet; `docs` has their texts.
    pub fn feed(&mut self, docs: &SegDocs<'_>, got: &[(usize, DocExtract)]) {
        let fed = &mut self.fed;
        let batch: Vec<(&Document, &DocExtract)> = got
            .iter()
            .filter(|(i, _)| fed.get(*i).is_some_and(|f| !*f))
            .filter_map(|(i, x)| Some((docs.get(*i)?, x)))
            .collect();
        for (i, _) in got {
            if let Some(f) = fed.get_mut(*i) {
                *f = true;
            }
        }
        // No batch for nothing: an empty one is spilled and never read back, a file left in
        // the folder, which now stays.
        if !batch.is_empty() {
            crate::analyze::take_for_link(&mut self.input, batch);
        }
    }
}

/// Documents per segment unless `DOCENT_DEV_SEGMENT_DOCS` says otherwise (tests).
pub const SEGMENT_DOCS: usize = 5_000;

/// Documents per segment: [`SEGMENT_DOCS`], or the `DOCENT_DEV_SEGMENT_DOCS` environment
/// variable (a positive number) for tests that need small segments.
pub fn segment_docs() -> usize {
    std::env::var("DOCENT_DEV_SEGMENT_DOCS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(SEGMENT_DOCS)
}

/// Gives the heap a segment freed (its texts, extraction and records) back to the system, on
/// its writer's thread beside the next segment's extraction, once the resident size has grown
/// [`TRIM_GROWTH`] bytes since the last time: left to extraction's end, the heap freed in
/// the loading and extraction threads' arenas was most of the build's peak (~650 of 950 MB at
/// 100,000 documents) and grew with the corpus. Not at every segment: each trim walks every
/// free block of every arena (~0.2 s of system time at 300,000 documents, more as the corpus
/// grows), and a segment's own working set makes ~200 MB of the resident size come and go at
/// 100,000 documents, so the margin is above that. The resident size (MB) before and after,
/// when it trimmed.
fn give_back_when_grown() -> Option<(u64, u64)> {
    use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
    static AFTER_LAST: AtomicU64 = AtomicU64::new(0);
    let before = resident_bytes()?;
    if before < AFTER_LAST.load(Relaxed).saturating_add(TRIM_GROWTH) {
        return None;
    }
    crate::store::give_back_freed_memory();
    let after = resident_bytes()?;
    AFTER_LAST.store(after, Relaxed);
    Some((before >> 20, after >> 20))
}

/// How far the resident size grows before [`give_back_when_grown`] trims again. Each trim
/// hands back pages the next segments fault in again (a candidate list, copied to its exact
/// size, lands in fresh pages): at 100,000 documents 256 MB gave 1.09 M page faults and a
/// 655 MB peak, 512 MB 0.50 M and 714 MB (`/usr/bin/time -v`, cold `docent entities`). At a
/// million documents the build's peak is the store's write, above extraction's with either.
const TRIM_GROWTH: u64 = 512 << 20;

/// The process's resident size in bytes (`/proc/self/statm`), `None` where unknown.
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// For tests of resuming: `DOCENT_DEV_STOP_AFTER_SEGMENTS=K` ends the process (exit code 75)
/// once this run has written K segments, as a kill would, leaving them on disk.
fn stop_after() -> Option<usize> {
    std::env::var("DOCENT_DEV_STOP_AFTER_SEGMENTS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
}

/// The segment folder of the index cache at `idx`.
pub fn dir_for(idx: &Path) -> PathBuf {
    let mut name = idx.file_name().unwrap_or_default().to_os_string();
    name.push(".segs");
    idx.with_file_name(name)
}

/// Whether a cache folder entry is a segment folder (for `docent cache clear`).
pub fn is_ours(name: &str) -> bool {
    name.ends_with(".idx.segs")
}

/// Segment `n`'s file in `dir`.
pub(super) fn path_of(dir: &Path, n: u64) -> PathBuf {
    dir.join(format!("{n:06}.idx"))
}

/// Deletes the segments in `dir` other than `used` (sorted), once the index cache that names
/// them is written.
pub(super) fn remove_unused(dir: &Path, used: &[u64]) {
    for (n, path) in list(dir) {
        if used.binary_search(&n).is_err() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The segment files in `dir`, in the order they were written (their numbers).
pub(super) fn list(dir: &Path) -> Vec<(u64, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(u64, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name();
            let n = name.to_str()?.strip_suffix(".idx")?;
            (n.len() >= 6 && n.bytes().all(|b| b.is_ascii_digit()))
                .then(|| Some((n.parse().ok()?, e.path())))?
        })
        .collect();
    out.sort();
    out
}

/// Reads the segments in `dir` for the documents of unchanged files (stamped as
/// `loaded.sources` are now): each segment's documents are given to linking (`st`) and their
/// extraction dropped, the segment they are in kept. A segment that cannot be used gives
/// nothing (it is deleted once the index cache is written); one of `named` (the segments the
/// index cache names) that is missing or damaged also gives a notice (`notices`). A segment
/// whose used extraction is under half its section is rewritten as a new segment of its
/// still-used files. Returns the next segment number, or why texts set aside (`aside`) could
/// not be read back.
pub(super) fn reuse_all(
    dir: &Path,
    loaded: &Loaded,
    extracts: &mut [Option<Box<DocExtract>>],
    st: &mut Streamed,
    aside: Option<&SetAside>,
    (named, notices): (&[u64], &mut Vec<Notice>),
) -> Result<u64, String> {
    crate::store::remove_stale_temps(dir, |n| {
        let at = n.rfind(".idx.tmp")?;
        crate::store::pid_after(&n[at..], ".idx.tmp")
    });
    let listed = list(dir);
    // Past every number in use or named: a missing segment's number is not given again.
    let mut next = listed
        .last()
        .map(|(n, _)| *n)
        .into_iter()
        .chain(named.iter().copied())
        .max()
        .map_or(0, |n| n.saturating_add(1));
    let bad = |n: u64, why: &str, notices: &mut Vec<Notice>| {
        if named.contains(&n) {
            notices.push(super::note(
                &path_of(dir, n),
                format!("extraction segment {why}; its documents are extracted again"),
            ));
        }
    };
    for &n in named {
        if listed.binary_search_by_key(&n, |(m, _)| *m).is_err() {
            bad(n, "missing", notices);
        }
    }
    for (n, path) in listed {
        let mut stored = match open(&path) {
            Ok(s) => s,
            Err(Problem::Absent) => {
                bad(n, "missing", notices);
                continue;
            }
            Err(Problem::Foreign) => {
                bad(n, "from another docent version", notices);
                continue;
            }
            Err(Problem::Damaged(why)) => {
                bad(n, &format!("damaged ({why})"), notices);
                continue;
            }
        };
        let bytes = match stored.section(EXTRACTS) {
            Ok(b) => b,
            Err(why) => {
                bad(n, &format!("damaged ({why})"), notices);
                continue;
            }
        };
        let files = std::mem::take(&mut stored.files);
        drop(stored);
        let Some(mut decoded) = StoredExtracts::of_segment(&bytes) else {
            bad(n, "damaged (bad extraction)", notices);
            continue;
        };
        let section = bytes.len() as u64;
        drop(bytes);
        let filled = reuse(&files, &mut decoded, loaded, extracts, aside);
        drop(decoded);
        let seg = st.files.len() as u32;
        st.files.push(n);
        let mut got: Vec<(usize, DocExtract)> = Vec::with_capacity(filled.docs.len());
        for &(i, _, _) in &filled.docs {
            if let Some(x) = extracts.get_mut(i).and_then(Option::take) {
                got.push((i, *x));
                st.locs[i] = Some(seg);
            }
        }
        got.sort_unstable_by_key(|&(i, _)| i);
        let used: u64 = filled.docs.iter().map(|&(_, a, b)| b - a).sum();
        if used > 0 && used * 2 < section && !filled.whole.is_empty() {
            // Mostly stale: its still-used files, to a new segment.
            if let Some(k) = rewrite(dir, next, loaded, &filled.whole, &got) {
                st.files.push(next);
                next += 1;
                for (i, _) in &got {
                    if k.binary_search(i).is_ok() {
                        st.locs[*i] = Some(seg + 1);
                    }
                }
            }
        }
        let which: Vec<usize> = got.iter().map(|&(i, _)| i).collect();
        let docs = SegDocs::new(&loaded.documents, &which, aside).map_err(|e| e.to_string())?;
        st.feed(&docs, &got);
    }
    Ok(next)
}

/// Writes segment `n` in `dir` with the extraction of the documents of `sources` (whole files,
/// in order) from `got` (sorted by document); the documents it holds (sorted), `None` when it
/// could not be written.
fn rewrite(
    dir: &Path,
    n: u64,
    loaded: &Loaded,
    sources: &[usize],
    got: &[(usize, DocExtract)],
) -> Option<Vec<usize>> {
    let mut stamps = Vec::with_capacity(sources.len());
    let mut docs = Vec::new();
    for &s in sources {
        stamps.push(stamp(loaded, s)?);
        docs.extend(loaded.sources.get(s)?.docs.clone());
    }
    let mut xs = Vec::with_capacity(docs.len());
    for i in &docs {
        let k = got.binary_search_by_key(i, |(j, _)| *j).ok()?;
        xs.push(&got.get(k)?.1);
    }
    let (bytes, _) = super::encode_extracts_iter(xs.len(), xs.into_iter());
    write_encoded(
        &path_of(dir, n),
        &stamps,
        &super::encode_entities(&[]),
        &bytes,
    )
    .ok()?;
    docs.sort_unstable();
    Some(docs)
}

/// Extracts the documents at `todo` (whole files) in segments, writing each to `dir` while the
/// next is extracted, and gives each written segment to linking (`st`) on the writer's thread.
/// `done` counts extracted documents. Texts set aside (`aside`) are read back a segment at a
/// time; an error doing so stops the build (the segments written so far stay, for a resume).
#[allow(clippy::too_many_arguments)]
pub(super) fn extract_in_segments(
    dir: &Path,
    next: u64,
    loaded: &Loaded,
    todo: &[usize],
    st: &mut Streamed,
    done: Option<&std::sync::atomic::AtomicUsize>,
    notices: &mut Vec<Notice>,
    aside: Option<&SetAside>,
) -> Result<(), String> {
    let docs = &loaded.documents;
    let mut wanted = vec![false; docs.len()];
    for &i in todo {
        if let Some(w) = wanted.get_mut(i) {
            *w = true;
        }
    }
    // Segments: runs of the files with documents to extract, about `size` documents each.
    let size = segment_docs();
    let mut segments: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut count = 0;
    for (s, src) in loaded.sources.iter().enumerate() {
        if !src
            .docs
            .clone()
            .any(|i| wanted.get(i).copied().unwrap_or(false))
        {
            continue;
        }
        current.push(s);
        count += src.docs.len();
        if count >= size {
            segments.push(std::mem::take(&mut current));
            count = 0;
        }
    }
    if !current.is_empty() {
        segments.push(current);
    }
    // A segment's documents, their texts read back: the driver reads the next segment's on a
    // thread of their own while one is extracted, so extraction does not wait for the disk
    // once the texts set aside are no longer in the page cache.
    let wanted = &wanted;
    let source = segments.into_iter().map(move |seg| {
        let which: Vec<usize> = seg
            .iter()
            .flat_map(|&s| loaded.sources[s].docs.clone())
            .filter(|&i| wanted.get(i).copied().unwrap_or(false))
            .collect();
        let stamps: Vec<Stamp> = seg.iter().filter_map(|&s| stamp(loaded, s)).collect();
        let docs = SegDocs::new(docs, &which, aside).map_err(|e| e.to_string())?;
        Ok(SegIn {
            stamps,
            which,
            docs,
        })
    });
    drive(dir, next, &mut source.into_iter(), st, done, notices)
}

/// One segment to extract: the stamps of its files, its documents' numbers (sorted) and the
/// documents with their texts.
pub(super) struct SegIn<'a> {
    pub stamps: Vec<Stamp>,
    pub which: Vec<usize>,
    pub docs: SegDocs<'a>,
}

/// Extracts the segments `source` gives, in order, numbering them from `next`: each is written
/// to `dir` (on a thread of its own, while the next is extracted) and given to linking (`st`)
/// on the writer's thread. The next segment is asked of `source` on a thread of its own while
/// one is extracted (texts read back, or documents still being loaded). Returns why a
/// segment's documents could not be had, if that stopped it.
pub(super) fn drive<'a, I>(
    dir: &Path,
    mut next: u64,
    source: &mut I,
    st: &mut Streamed,
    done: Option<&std::sync::atomic::AtomicUsize>,
    notices: &mut Vec<Notice>,
) -> Result<(), String>
where
    I: Iterator<Item = Result<SegIn<'a>, String>> + Send,
{
    let stop = stop_after();
    let mut written = 0usize;
    let mut failed = false;
    // A finished write: the state back, and why the write failed, if it did.
    type Written = (Streamed, Option<String>);
    let mut collect = |result: Written, st: &mut Streamed| {
        let (back, error) = result;
        *st = back;
        match error {
            None => written += 1,
            Some(e) if !failed => {
                failed = true;
                notices.push(super::note(
                    dir,
                    format!("cannot write an extraction segment (no resume): {e}"),
                ));
            }
            Some(_) => {}
        }
        stop.is_some_and(|k| written >= k)
    };
    let mut lost = None;
    let timing = std::env::var_os("DOCENT_DEV_SEGMENT_TIMES").is_some();
    std::thread::scope(|scope| {
        // The previous segment's write: its thread gives the state back.
        let mut writing: Option<std::thread::ScopedJoinHandle<'_, Written>> = None;
        let mut state = Some(std::mem::replace(st, Streamed::new(0, dir)));
        let mut ahead = source.next();
        let mut source = Some(source);
        let mut t0 = std::time::Instant::now();
        while let Some(seg) = ahead.take() {
            let SegIn {
                stamps,
                which,
                docs: seg_docs,
            } = match seg {
                Ok(d) => d,
                Err(e) => {
                    lost = Some(e);
                    break;
                }
            };
            let reading = source.take().map(|src| {
                scope.spawn(move || {
                    let item = src.next();
                    (src, item)
                })
            });
            let t1 = std::time::Instant::now();
            if next == 0 {
                crate::phase::mark("first segment's extraction");
            }
            let mut got = seg_docs.extract(&which, done);
            got.sort_unstable_by_key(|&(i, _)| i);
            let t2 = std::time::Instant::now();
            if let Some(h) = writing.take() {
                let result = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                let mut s = Streamed::new(0, dir);
                if collect(result, &mut s) {
                    std::process::exit(75);
                }
                state = Some(s);
            }
            if timing {
                eprintln!(
                    "seg {next} texts {:.3} extract {:.3} wait {:.3}",
                    (t1 - t0).as_secs_f64(),
                    (t2 - t1).as_secs_f64(),
                    t2.elapsed().as_secs_f64()
                );
            }
            let path = path_of(dir, next);
            let number = next;
            next += 1;
            let Some(mut s) = state.take() else { break };
            writing = Some(scope.spawn(move || {
                let w0 = std::time::Instant::now();
                // Documents still being loaded when the build began: the lists grow to them.
                if let Some(&last) = which.last() {
                    if s.fed.len() <= last {
                        s.fed.resize(last + 1, false);
                        s.locs.resize(last + 1, None);
                    }
                }
                let (bytes, _) = super::encode_extracts_iter(got.len(), got.iter().map(|(_, x)| x));
                let w1 = std::time::Instant::now();
                let written = write_encoded(&path, &stamps, &super::encode_entities(&[]), &bytes);
                drop(bytes);
                let w2 = std::time::Instant::now();
                s.feed(&seg_docs, &got);
                drop(seg_docs);
                let w3 = std::time::Instant::now();
                match written {
                    Ok(_) => {
                        let n = s.files.len() as u32;
                        s.files.push(number);
                        for (i, _) in &got {
                            if let Some(l) = s.locs.get_mut(*i) {
                                *l = Some(n);
                            }
                        }
                        drop(got);
                        let trimmed = give_back_when_grown();
                        if timing {
                            eprintln!(
                                "writer encode {:.3} write {:.3} feed {:.3} trim {:.3} {trimmed:?}",
                                (w1 - w0).as_secs_f64(),
                                (w2 - w1).as_secs_f64(),
                                (w3 - w2).as_secs_f64(),
                                w3.elapsed().as_secs_f64()
                            );
                        }
                        (s, None)
                    }
                    Err(e) => {
                        s.kept.extend(got);
                        (s, Some(e.to_string()))
                    }
                }
            }));
            if let Some(h) = reading {
                let (src, item) = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                source = Some(src);
                ahead = item;
            }
            t0 = std::time::Instant::now();
        }
        if let Some(h) = writing.take() {
            let result = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            let mut s = Streamed::new(0, dir);
            if collect(result, &mut s) {
                std::process::exit(75);
            }
            state = Some(s);
        }
        if let Some(s) = state {
            *st = s;
        }
    });
    lost.map_or(Ok(()), Err)
}

/// Extraction's end once the segments are done (here and in a build that extracts while it
/// loads, [`super::stream`]): what was kept or belongs to no segment is extracted or given to linking
/// from memory, and linking is set up.
#[allow(clippy::too_many_arguments)]
pub(super) fn after_segments(
    loaded: &Loaded,
    cache: &Cache,
    mut extracts: Vec<Option<Box<DocExtract>>>,
    mut st: Streamed,
    segs: PathBuf,
    notices: Vec<Notice>,
    aside: Option<&SetAside>,
    done: Option<&std::sync::atomic::AtomicUsize>,
    reused: usize,
    extracted: usize,
) -> Extracted {
    let docs = &loaded.documents;
    // Documents of no file (none today) are extracted without a segment, and what a failed
    // segment write held is kept: both are encoded into the index cache from memory.
    for (i, x) in std::mem::take(&mut st.kept) {
        // Stored inline: a segment it was read from before is not named for it.
        if let Some(l) = st.locs.get_mut(i) {
            *l = None;
        }
        extracts[i] = Some(Box::new(x));
    }
    let rest: Vec<usize> = (0..docs.len())
        .filter(|&i| extracts[i].is_none() && !st.fed[i] && st.locs[i].is_none())
        .collect();
    let rest_docs = match SegDocs::new(docs, &rest, aside) {
        Ok(d) => d,
        Err(e) => return Extracted::TextsLost(e.to_string()),
    };
    for (i, x) in rest_docs.extract(&rest, done) {
        extracts[i] = Some(Box::new(x));
    }
    drop(rest_docs);
    let unfed: Vec<usize> = (0..docs.len())
        .filter(|&i| !st.fed[i] && extracts[i].is_some())
        .collect();
    let unfed_docs = match SegDocs::new(docs, &unfed, aside) {
        Ok(d) => d,
        Err(e) => return Extracted::TextsLost(e.to_string()),
    };
    if !unfed.is_empty() {
        crate::analyze::take_for_link(
            &mut st.input,
            unfed
                .iter()
                .filter_map(|&i| Some((unfed_docs.get(i)?, extracts[i].as_deref()?))),
        );
    }
    drop(unfed_docs);
    let Streamed {
        input,
        locs,
        files: seg_files,
        ..
    } = st;
    Extracted::Linking(Box::new(ToLink {
        cache: cache.clone(),
        // Encoded now, not held as stamps: those repeat every path.
        meta: encode_meta(&stamps(loaded)).buf,
        extracts,
        input,
        locs,
        seg_files,
        segs,
        notices,
        stats: Stats {
            whole: false,
            reused,
            extracted,
        },
    }))
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// The trim's trigger reads the resident size, and sees memory touched.
    #[test]
    fn the_resident_size_is_read_and_follows_what_is_touched() {
        let before = super::resident_bytes().expect("statm read");
        assert!(before > 0);
        // Kept observable: an optimizer may drop a buffer nothing reads, with its pages.
        let held = std::hint::black_box(vec![1u8; 64 << 20]);
        let after = super::resident_bytes().expect("statm read");
        assert!(after >= before + (32 << 20), "{before} -> {after}");
        drop(held);
    }
}
