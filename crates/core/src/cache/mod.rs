//! The on-disk index cache: analysis results kept between runs, so reopening a corpus skips
//! extraction and linking.
//!
//! One file per corpus (the paths it was opened with) under `$XDG_CACHE_HOME/docent/`
//! (`~/.cache/docent/` when unset), `KEY.idx`, beside its folder of extraction segments
//! `KEY.idx.segs/` ([`segments`]). `KEY.idx` holds a table of the files read — path (the real
//! one when it is not valid UTF-8), size, modification time, a hash of the bytes and how many
//! documents each gave — then the linked entities, then the extraction's small remainder: the
//! numbers of the segments that hold the documents' extraction ([`DocExtract`]), and inline the
//! extraction of any document no segment holds (one of no file, or whose segment could not be
//! written). The extraction itself stays in the segments, each with its own table of the files
//! it covers: it is not copied into `KEY.idx`. On open:
//! - every file unchanged: the entities are used as stored (no analysis at all; no segment is
//!   read);
//! - some files changed, added or removed: the documents of unchanged files reuse their
//!   extraction from the segments (each checked against its own file table) or inline, the
//!   others are extracted again into new segments, and the corpus is linked anew. A segment
//!   `KEY.idx` names that is missing or damaged gives a notice, and its documents are extracted
//!   again. Once the new `KEY.idx` is written, the segments no document uses any more are
//!   deleted, and a segment that is mostly stale is rewritten with what is still used
//!   ([`segments`]): the folder stays within about twice the live extraction;
//! - the cache is unreadable, damaged (checksum, bounds) or written by another analyzer version:
//!   it is set aside with a notice and rebuilt (from the segments that still answer for their
//!   files). Nothing read from it is trusted without checks.
//!
//! Writes are atomic (a temporary file in the same folder, then a rename), so a crash or a
//! second docent never leaves a torn file; the temporary file of a write that was killed is
//! removed on a later open. A location that cannot be written only disables
//! caching, with a notice. Only regular files are opened, so a FIFO planted there cannot block.

pub mod codec;
pub mod direct;
pub mod docstore;
mod ents;
mod extract;
use ents::EncodedEntities;
mod extracts;
use extract::encode_extracts_iter;
use extracts::{decode_index_extracts, encode_index_extracts, reuse, StoredExtracts};
pub mod file;
pub mod searchfile;
pub mod segments;
pub mod stream;
pub mod texts;
mod tolink;
pub mod words;

pub use tolink::{IndexWrite, ToLink};

use crate::analyze::lexicon;
use crate::analyze::{self as an, DocExtract};
use crate::load::{Loaded, Progress, SourceFile};
use crate::model::{Document, Entity, EntityKind, Mention, Notice};
use codec::{checksum, Reader, Writer};
use std::path::{Path, PathBuf};

/// Changes whenever extraction or linking could give different results: `build.rs` hashes the
/// loaders, the analyzer (word lists and model weights included), this codec and the data model,
/// so old caches are rebuilt rather than trusted.
pub const ANALYZER_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "/code-",
    env!("DOCENT_CODE_HASH")
);
const MAGIC: &[u8; 8] = b"DOCENTIX";
/// 3: the extraction stays in the segments, `KEY.idx` names them (2 held a copy of it); each
/// document's extraction in the compact form of [`extract`].
const FORMAT: u64 = 3;
/// Magic, format, then (length, checksum) of the three sections.
const HEADER_LEN: usize = 8 + 8 + 3 * 16;

/// Where one corpus's cache lives.
#[derive(Clone, Debug)]
pub struct Cache {
    pub path: PathBuf,
}

/// The cache folder: `$XDG_CACHE_HOME/docent`, else `$HOME/.cache/docent`.
pub fn cache_dir() -> Option<PathBuf> {
    crate::store::xdg_dir("XDG_CACHE_HOME", ".cache")
}

impl Cache {
    /// The cache for a corpus opened with `roots` (as typed) from the current folder.
    /// `None` for standard input, which has no identity to key on.
    pub fn for_roots(roots: &[String]) -> Option<Cache> {
        Cache::in_dir(&cache_dir()?, roots)
    }

    /// Like [`Cache::for_roots`] with an explicit folder (tests, benchmarks).
    pub fn in_dir(dir: &Path, roots: &[String]) -> Option<Cache> {
        if roots.is_empty() || roots.iter().any(|r| r == "-") {
            return None;
        }
        Some(Cache {
            path: dir.join(format!("{}.idx", crate::store::corpus_key(roots))),
        })
    }
}

/// How a cached analysis went, for benchmarks and the status line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Every file was unchanged: entities came straight from the cache.
    pub whole: bool,
    /// Documents whose extraction came from the cache.
    pub reused: usize,
    /// Documents extracted in this run.
    pub extracted: usize,
}

/// The result of [`analyze`]: entities, problems worth a notice, and a cache write still
/// running in the background (join it before the process exits).
pub struct Analysed {
    pub entities: Vec<Entity>,
    pub notices: Vec<Notice>,
    pub stats: Stats,
    pub writing: Option<std::thread::JoinHandle<Option<Notice>>>,
}

impl Analysed {
    /// Waits for the background cache write; its notice, if it failed.
    pub fn finish_write(&mut self) -> Option<Notice> {
        self.writing.take().and_then(|h| h.join().ok().flatten())
    }
}

/// Analyses `loaded`, reusing and refreshing `cache` when given.
pub fn analyze(loaded: &Loaded, cache: Option<&Cache>, progress: Option<&Progress>) -> Analysed {
    match extract(loaded, cache, progress) {
        Extracted::Done(a) => a,
        Extracted::Linking(l) => l.link(&loaded.documents),
        // No texts were set aside here: not reached, and analysed in memory if it were.
        Extracted::TextsLost(_) => Analysed {
            entities: an::analyze_with_progress(&loaded.documents, None),
            notices: Vec::new(),
            stats: Stats::default(),
            writing: None,
        },
    }
}

/// How [`extract`] left an analysis: done (no cache, or every file unchanged), or extracted
/// with linking still to run ([`ToLink::link`]), which reads no text but the e-mails'.
pub enum Extracted {
    Done(Analysed),
    Linking(Box<ToLink>),
    /// Texts set aside while loading could not be read back (why): nothing to link. Only
    /// from [`extract_aside`].
    TextsLost(String),
}

/// [`analyze`]'s first half: everything but linking (and the index cache's write after it).
/// A caller that holds the documents' texts may set them aside between the halves: linking
/// reads none but the e-mails' ([`crate::load::address_aliases`]).
pub fn extract(loaded: &Loaded, cache: Option<&Cache>, progress: Option<&Progress>) -> Extracted {
    extract_aside(loaded, cache, progress, None)
}

/// [`extract`] for documents whose texts were set aside as they were loaded (`aside`, made
/// from [`Loaded::aside`]): each segment's are read back for its extraction and checks, then
/// dropped. With texts aside, the index cache's entities are not taken whole (their check
/// reads every text at random): the documents' extraction is reused and linked again.
pub fn extract_aside(
    loaded: &Loaded,
    cache: Option<&Cache>,
    progress: Option<&Progress>,
    aside: Option<&texts::SetAside>,
) -> Extracted {
    let docs = &loaded.documents;
    let done = progress.map(|p| &p.analysed);
    if let Some(p) = progress {
        p.documents
            .store(docs.len(), std::sync::atomic::Ordering::Relaxed);
    }
    let Some(cache) = cache else {
        return Extracted::Done(Analysed {
            entities: an::analyze_with_progress(docs, done),
            notices: Vec::new(),
            stats: Stats {
                extracted: docs.len(),
                ..Stats::default()
            },
            writing: None,
        });
    };
    let mut notices = Vec::new();
    if let Some(dir) = cache.path.parent() {
        crate::store::remove_stale_temps(dir, |n| {
            let at = n.rfind(".idx.tmp")?;
            crate::store::pid_after(&n[at..], ".idx.tmp")
        });
    }
    let set_aside = |why: &str, notices: &mut Vec<Notice>| {
        let aside = cache.path.with_extension("idx.bad");
        let moved = std::fs::rename(&cache.path, &aside).is_ok();
        notices.push(note(
            &cache.path,
            format!(
                "index cache damaged ({why}); {}rebuilt",
                if moved {
                    format!("set aside as {}, ", aside.display())
                } else {
                    String::new()
                }
            ),
        ));
    };
    let mut stored = match open(&cache.path) {
        Ok(s) => Some(s),
        Err(Problem::Absent) => None,
        Err(Problem::Foreign) => {
            notices.push(note(
                &cache.path,
                "index cache from another docent version, rebuilt",
            ));
            None
        }
        Err(Problem::Damaged(why)) => {
            set_aside(&why, &mut notices);
            None
        }
    };
    // Everything unchanged: the stored entities, checked against the texts. Only that section
    // is read.
    if let Some(st) = stored.as_mut().filter(|_| aside.is_none()) {
        if st.files == stamps(loaded) && st.files.iter().all(|f| f.mtime_ns != 0) {
            let decoded = st
                .section(ENTITIES)
                .map(|bytes| decode_entities(&bytes, docs));
            match decoded {
                Ok(Some(entities)) => {
                    if let Some(d) = done {
                        d.store(docs.len(), std::sync::atomic::Ordering::Relaxed);
                    }
                    return Extracted::Done(Analysed {
                        entities,
                        notices,
                        stats: Stats {
                            whole: true,
                            reused: docs.len(),
                            extracted: 0,
                        },
                        writing: None,
                    });
                }
                Ok(None) => notices.push(note(
                    &cache.path,
                    "index cache does not match the documents, rebuilt",
                )),
                Err(why) => {
                    set_aside(&why, &mut notices);
                    stored = None;
                }
            }
        }
    }
    // Reuse what unchanged files had (held until linking: an incremental build), extract the
    // rest.
    // Boxed: a slot per document, nearly all empty in a cold build (8 bytes, not 48).
    let mut extracts: Vec<Option<Box<DocExtract>>> = vec![None; docs.len()];
    // The segments the index cache names: each should answer for its documents.
    let mut named: Vec<u64> = Vec::new();
    if let Some(st) = &mut stored {
        match st.section(EXTRACTS).and_then(|b| {
            decode_index_extracts(&b, &st.files).ok_or_else(|| "bad extraction table".to_string())
        }) {
            Ok((mut inline, segs)) => {
                reuse(&st.files, &mut inline, loaded, &mut extracts, aside);
                named = segs;
            }
            Err(why) => set_aside(&why, &mut notices),
        }
    }
    drop(stored);
    // The segments' extraction (the index cache's, and what an interrupted build had written),
    // then the rest, written in segments as it goes. Linking takes each segment's records as it
    // comes; the extraction is then dropped, and the index cache names the segments at the end.
    let segs = segments::dir_for(&cache.path);
    let mut st = segments::Streamed::new(docs.len(), &segs);
    let next = match segments::reuse_all(
        &segs,
        loaded,
        &mut extracts,
        &mut st,
        aside,
        (&named, &mut notices),
    ) {
        Ok(n) => n,
        Err(why) => return Extracted::TextsLost(why),
    };
    let reused = (0..docs.len())
        .filter(|&i| extracts[i].is_some() || st.fed[i])
        .count();
    if let Some(d) = done {
        d.fetch_add(reused, std::sync::atomic::Ordering::Relaxed);
    }
    // Whole files: a segment holds every document of its files.
    let mut todo: Vec<usize> = Vec::new();
    for src in &loaded.sources {
        let range = src.docs.clone();
        if range.clone().any(|i| {
            extracts.get(i).is_some_and(Option::is_none) && !st.fed.get(i).copied().unwrap_or(true)
        }) {
            for i in range {
                if let Some(x) = extracts.get_mut(i) {
                    *x = None;
                }
                todo.push(i);
            }
        }
    }
    let extracted = todo.iter().filter(|&&i| !st.fed[i]).count();
    if let Err(why) = segments::extract_in_segments(
        &segs,
        next,
        loaded,
        &todo,
        &mut st,
        done,
        &mut notices,
        aside,
    ) {
        return Extracted::TextsLost(why);
    }
    segments::after_segments(
        loaded, cache, extracts, st, segs, notices, aside, done, reused, extracted,
    )
}

/// Removes every cache file docent wrote; returns how many.
pub fn clear() -> std::io::Result<usize> {
    let Some(dir) = cache_dir() else {
        return Ok(0);
    };
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut n = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.ends_with(".idx")
            || name.ends_with(".idx.bad")
            || name.contains(".idx.tmp")
            || searchfile::is_ours(&name)
            || docstore::is_ours(&name);
        if ours && entry.file_type().is_ok_and(|t| t.is_file()) {
            std::fs::remove_file(entry.path())?;
            n += 1;
        } else if segments::is_ours(&name) && entry.file_type().is_ok_and(|t| t.is_dir()) {
            std::fs::remove_dir_all(entry.path())?;
            n += 1;
        }
    }
    Ok(n)
}

fn note(path: &Path, message: impl Into<String>) -> Notice {
    Notice {
        path: path.display().to_string(),
        message: message.into(),
    }
}

/// A file's identity as stored: path (made unique for names that are not UTF-8), size,
/// mtime, a hash of its bytes (a file rewritten with the same size and time is not the same),
/// number of documents.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stamp {
    path: String,
    size: u64,
    mtime_ns: u64,
    hash: u64,
    docs: usize,
}

/// One stamp per source (a source without its content hash gets time 0: never trusted).
fn stamps(loaded: &Loaded) -> Vec<Stamp> {
    (0..loaded.sources.len())
        .filter_map(|i| stamp(loaded, i))
        .collect()
}

/// Source `i`'s stamp, made when needed: a list of them held through the build would repeat
/// every path.
fn stamp(loaded: &Loaded, i: usize) -> Option<Stamp> {
    let s: &SourceFile = loaded.sources.get(i)?;
    let content = loaded.content.get(i);
    Some(Stamp {
        path: content.map_or_else(|| s.path.clone(), |c| c.cache_key(&s.path)),
        size: s.size,
        mtime_ns: if content.is_some() { s.mtime_ns } else { 0 },
        hash: content.map_or(0, |c| c.hash),
        docs: s.docs.len(),
    })
}

/// An open cache file: its file table, read and checked; the other sections are read on
/// demand, each checked against its checksum.
struct Stored {
    files: Vec<Stamp>,
    file: std::fs::File,
    /// (offset, length, checksum) of each section.
    sections: [(u64, u64, u64); 3],
}

const ENTITIES: usize = 1;
const EXTRACTS: usize = 2;

impl Stored {
    fn section(&mut self, i: usize) -> Result<Vec<u8>, String> {
        use std::io::{Read, Seek, SeekFrom};
        let (at, len, sum) = self.sections[i];
        let mut buf = vec![0u8; usize::try_from(len).map_err(|_| "bad length".to_string())?];
        self.file
            .seek(SeekFrom::Start(at))
            .and_then(|_| self.file.read_exact(&mut buf))
            .map_err(|e| format!("cannot read: {e}"))?;
        if checksum(&buf) != sum {
            return Err("checksum mismatch".into());
        }
        Ok(buf)
    }
}

enum Problem {
    Absent,
    Foreign,
    Damaged(String),
}

impl From<file::Unopened> for Problem {
    fn from(u: file::Unopened) -> Problem {
        match u {
            file::Unopened::Absent => Problem::Absent,
            file::Unopened::Damaged(why) => Problem::Damaged(why),
        }
    }
}

/// Opens a cache file and reads its header and file table. Only a regular file is opened, so
/// a FIFO there never blocks.
fn open(path: &Path) -> Result<Stored, Problem> {
    use std::io::Read;
    let damaged = |why: &str| Problem::Damaged(why.to_string());
    let (mut file, size) = file::open(path).map_err(Problem::from)?;
    let mut header = [0u8; HEADER_LEN];
    if file.read_exact(&mut header).is_err() || &header[..8] != MAGIC {
        return Err(damaged("not a docent index"));
    }
    let word = |i: usize| -> u64 {
        let mut w = [0u8; 8];
        w.copy_from_slice(&header[i..i + 8]);
        u64::from_le_bytes(w)
    };
    if word(8) != FORMAT {
        return Err(Problem::Foreign);
    }
    let mut sections = [(0u64, 0u64, 0u64); 3];
    let mut at = HEADER_LEN as u64;
    for (s, sec) in sections.iter_mut().enumerate() {
        let len = word(16 + s * 16);
        *sec = (at, len, word(24 + s * 16));
        at = at.checked_add(len).ok_or_else(|| damaged("bad length"))?;
    }
    if at != size {
        return Err(damaged("truncated or trailing bytes"));
    }
    let mut st = Stored {
        files: Vec::new(),
        file,
        sections,
    };
    let table = st.section(0).map_err(Problem::Damaged)?;
    let mut r = Reader::new(&table);
    if r.str() != Some(ANALYZER_VERSION) {
        return Err(Problem::Foreign);
    }
    st.files = (|| {
        let n = r.count()?;
        let mut files = Vec::with_capacity(n);
        for _ in 0..n {
            files.push(Stamp {
                path: r.str()?.to_string(),
                size: r.u64()?,
                mtime_ns: r.u64()?,
                hash: r.u64()?,
                docs: r.usize()?,
            });
        }
        r.at_end().then_some(files)
    })()
    .ok_or_else(|| damaged("bad file table"))?;
    Ok(st)
}

/// Writes the index cache: the file table (`meta`, encoded), the entities (`ents`, encoded),
/// and the extraction's remainder ([`encode_index_extracts`]): the numbers of the segments that
/// hold the documents' extraction (`locs`: a number among `segs`, the segments' numbers), and
/// inline from `extracts` that of documents in none. Returns the segments named. Not synced
/// and around the page cache ([`file::write_atomic_direct`]: nothing reads it back in the
/// build that writes it): every section is checked against its checksum when read, so one
/// torn by a crash is damage (rebuilt), never a wrong extraction; the sync made the build's
/// end wait for its pages to reach the disk.
fn write_index(
    path: &Path,
    meta: &[u8],
    ents: &mut EncodedEntities,
    extracts: &[Option<Box<DocExtract>>],
    locs: &[Option<u32>],
    segs: &[u64],
) -> std::io::Result<Vec<u64>> {
    use std::io::{Seek, SeekFrom, Write};
    let (exts, named) = encode_index_extracts(extracts, locs, segs)?;
    file::write_atomic_direct(path, "idx", |f| {
        f.write_all(&[0u8; HEADER_LEN])?;
        f.write_all(meta)?;
        let (ents_len, ents_sum) = ents.copy_to(f)?;
        f.write_all(&exts)?;
        let mut header = Vec::with_capacity(HEADER_LEN);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&FORMAT.to_le_bytes());
        for (l, c) in [
            (meta.len() as u64, checksum(meta)),
            (ents_len, ents_sum),
            (exts.len() as u64, checksum(&exts)),
        ] {
            header.extend_from_slice(&l.to_le_bytes());
            header.extend_from_slice(&c.to_le_bytes());
        }
        f.seek(SeekFrom::Start(0))?;
        f.write_all(&header)
    })?;
    Ok(named)
}

/// The index cache's meta section: the analyzer's version and the files' stamps.
fn encode_meta(files: &[Stamp]) -> Writer {
    let mut meta = Writer::default();
    meta.str(ANALYZER_VERSION);
    meta.usize(files.len());
    for f in files {
        meta.str(&f.path);
        meta.u64(f.size);
        meta.u64(f.mtime_ns);
        meta.u64(f.hash);
        meta.usize(f.docs);
    }
    meta
}

/// Writes an extraction segment (an index cache file with the entities and extracts already
/// encoded), not synced and around the page cache ([`file::write_atomic_direct`]): nothing
/// reads it back in the build that writes it. Returns where the extraction
/// section starts in the file.
fn write_encoded(path: &Path, files: &[Stamp], ents: &[u8], exts: &[u8]) -> std::io::Result<u64> {
    use std::io::Write;
    let meta = encode_meta(files);
    file::write_atomic_direct(path, "idx", |f| {
        let mut header = Vec::with_capacity(HEADER_LEN);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&FORMAT.to_le_bytes());
        for sec in [&meta.buf[..], ents, exts] {
            header.extend_from_slice(&(sec.len() as u64).to_le_bytes());
            header.extend_from_slice(&checksum(sec).to_le_bytes());
        }
        f.write_all(&header)?;
        f.write_all(&meta.buf)?;
        f.write_all(ents)?;
        f.write_all(exts)
    })?;
    Ok((HEADER_LEN + meta.buf.len() + ents.len()) as u64)
}

fn kind_code(k: EntityKind) -> u8 {
    k.info().cache_code
}

fn kind_of(c: u8) -> Option<EntityKind> {
    EntityKind::from_cache_code(c)
}

/// An entity's head as every cache file stores it: kind, id, name, value, aliases (its
/// mentions follow in each file's own way).
fn write_entity_head(w: &mut Writer, e: &Entity) {
    w.u8(kind_code(e.kind));
    w.str(&e.id);
    w.str(&e.name);
    w.opt_str(e.value.as_deref());
    w.usize(e.aliases.len());
    for a in &e.aliases {
        w.str(a);
    }
}

/// Reads what [`write_entity_head`] wrote: the entity with no mentions yet.
fn read_entity_head(r: &mut Reader<'_>) -> Option<Entity> {
    let kind = kind_of(r.u8()?)?;
    let id = r.str()?.to_string();
    let name = r.str()?.to_string();
    let value = r.opt_str()?.map(str::to_string);
    let na = r.count()?;
    let mut aliases = Vec::with_capacity(na);
    for _ in 0..na {
        aliases.push(r.str()?.to_string());
    }
    Some(Entity {
        id,
        kind,
        name,
        value,
        aliases,
        mentions: Default::default(),
    })
}

fn encode_entities(entities: &[Entity]) -> Vec<u8> {
    let mut w = Writer::default();
    w.usize(entities.len());
    for e in entities {
        encode_entity(&mut w, e);
    }
    w.buf
}

/// One entity as the index cache's entity section holds it.
fn encode_entity(w: &mut Writer, e: &Entity) {
    write_entity_head(w, e);
    // Mentions are sorted by (doc, start): deltas keep them small.
    w.usize(e.mentions.len());
    let (mut doc, mut start) = (0usize, 0usize);
    for m in &e.mentions {
        let same = m.doc() == doc;
        w.usize(m.doc().wrapping_sub(doc));
        w.usize(if same {
            m.start().wrapping_sub(start)
        } else {
            m.start()
        });
        w.usize(m.end().wrapping_sub(m.start()));
        doc = m.doc();
        start = m.start();
    }
}

/// Decodes entities and checks every mention against the documents' texts.
fn decode_entities(bytes: &[u8], docs: &[Document]) -> Option<Vec<Entity>> {
    let mut r = Reader::new(bytes);
    let n = r.count()?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let mut e = read_entity_head(&mut r)?;
        let nm = r.count()?;
        let mut mentions = Vec::with_capacity(nm);
        let (mut doc, mut start) = (0usize, 0usize);
        for _ in 0..nm {
            let dd = r.usize()?;
            let s = r.usize()?;
            let len = r.usize()?;
            let d = doc.checked_add(dd)?;
            let st = if dd == 0 { start.checked_add(s)? } else { s };
            let end = st.checked_add(len)?;
            if len == 0 || end > docs.get(d)?.text.len() {
                return None;
            }
            mentions.push(Mention::new(d, st, end)?);
            doc = d;
            start = st;
        }
        e.mentions = mentions.into();
        out.push(e);
    }
    (r.at_end() && on_char_boundaries(&out, docs)).then_some(out)
}

/// Every mention starts and ends on a character boundary of its text. Each check touches the
/// text at a random place (a cache miss, most of the decoding time), so halves of the entities
/// are checked on separate cores.
fn on_char_boundaries(entities: &[Entity], docs: &[Document]) -> bool {
    let check = |part: &[Entity]| {
        part.iter().all(|e| {
            e.mentions.iter().all(|m| {
                docs.get(m.doc()).is_some_and(|d| {
                    d.text.is_char_boundary(m.start()) && d.text.is_char_boundary(m.end())
                })
            })
        })
    };
    let (a, b) = entities.split_at(entities.len() / 2);
    std::thread::scope(|s| {
        let h = s.spawn(|| check(b));
        check(a) && h.join().unwrap_or(false)
    })
}
