//! The stored search: everything `docent search` ranks and prints, kept per corpus in the cache
//! folder (`<corpus key>.search`) and memory-mapped, so a search over an unchanged corpus reads
//! no source file and parses nothing whole.
//!
//! It holds every search candidate (entity names, aliases and date forms, titles, text lines:
//! each one's text, its folded key when folding changes it, and its target) — or, for a corpus
//! whose lines are found through the word index ([`super::words`]), the names alone and how
//! many line candidates the corpus has (the lines are then read from the document store as
//! they are printed, never listed) — the entity and
//! document details a result line prints, the notices the corpus gave when it was read, and
//! what it is valid for:
//! - the files: each walked file's path, size and modification time (nanoseconds). Cheap to
//!   check — one `stat` per file, no read — and a file rewritten in place with the same size
//!   within the same nanosecond is the one change it misses;
//! - the corrections file's size and modification time (renames, merges and hides change the
//!   results);
//! - the load options that change what is read (`fingerprint`) and the analyzer version.
//!
//! Anything else — a changed, added or removed file, other options, another version — and the
//! caller opens the corpus the ordinary way and writes the file anew. A damaged file (bad
//! magic, checksum, bounds, invalid UTF-8) is reported as [`Problem::Damaged`]: never a panic,
//! every offset read from it is checked.
//!
//! The candidates are checked in chunks of [`CHUNK`]: each chunk's records and letters
//! against its own checksum, then every string's bounds and UTF-8, once. [`SearchFile::open`]
//! checks every chunk as it opens; [`SearchFile::open_lazy`] (`docent search`, and the
//! palette's names, ranked many times in one process) checks a chunk when it is first used,
//! so opening reads only the header and a query pays for the chunks it reads (a `--words`
//! query over a file with lines would otherwise check every line it never reads), and a
//! ranking then reads its strings from the map unchecked (checking each string's UTF-8 as it
//! was read, per query, was a quarter of the names' ranking). A damaged chunk found so gives
//! no candidate and is said by [`SearchFile::damage`]: `docent search` then says it, rebuilds
//! the file and answers again.
//!
//! Layout: a 56-byte header (magic, format, then the length and checksum of the meta and the
//! tables, then the text's length), the meta (codec-encoded: version, fingerprint, stamps,
//! notices, counts, the chunk size; since format 3, how many line candidates the corpus has
//! and whether they are in the file), the tables (fixed 32-byte candidate records, each
//! candidate's [`crate::search::letters`] as 8 bytes, each chunk's checksum, then the offsets
//! and bytes of the entity and document records; the header's checksum covers the tables
//! from the chunks' checksums on), and the text: every candidate's text and key.

use super::codec::{checksum, u32_at, u64_at, Reader, Writer};
use crate::model::{Corpus, EntityKind, Notice};
use crate::search::{Candidates, Searchable, Target};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

const MAGIC: &[u8; 8] = b"DOCENTSF";
/// 2: the letters and a checksum per chunk. 3: the meta ends with the corpus's line count and
/// whether the lines are in the file (a format 2 file, or a 3 without them, holds its lines):
/// a binary that reads 2 only must not take a file of names alone for a whole one.
const FORMAT: u64 = 3;
/// Candidates per checked chunk (as many as a ranking's thread takes at once). Small in
/// tests, so that their files have many chunks; the file says its own.
#[cfg(not(test))]
const CHUNK: usize = 8192;
#[cfg(test)]
const CHUNK: usize = 64;
const HEADER_LEN: usize = 56;
const RECORD: usize = 32;

/// Why a stored search cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub enum Problem {
    /// No file (or not a regular file is not this: that is damage).
    Absent,
    /// Written for other files, options, corrections or by another docent version.
    Stale,
    /// Unreadable or inconsistent: the reason.
    Damaged(String),
}

impl From<super::file::Unopened> for Problem {
    fn from(u: super::file::Unopened) -> Problem {
        match u {
            super::file::Unopened::Absent => Problem::Absent,
            super::file::Unopened::Damaged(why) => Problem::Damaged(why),
        }
    }
}

/// What a stored search is valid for. Compare with `==`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validity {
    /// Load options that change what is read and found, as one string.
    pub fingerprint: String,
    /// The corrections file's `size:mtime`, or empty when there is none.
    pub corrections: String,
    /// (path as shown, size, modification time in ns) of every file walked, in walk order.
    pub files: Vec<(String, u64, u64)>,
}

impl Validity {
    /// How the stored search's and the document store's meta sections start: the analyzer's
    /// version, what the file is valid for, the corpus's notices.
    pub(super) fn meta_head(&self, notices: &[Notice]) -> Writer {
        let mut meta = Writer::default();
        meta.str(super::ANALYZER_VERSION);
        self.encode(&mut meta);
        meta.usize(notices.len());
        for n in notices {
            meta.str(&n.path);
            meta.str(&n.message);
        }
        meta
    }

    /// Appends what the stored search is valid for (options, corrections, files) to `w`: the
    /// stored search's meta and the word index's key are made of it.
    pub fn encode(&self, w: &mut Writer) {
        w.str(&self.fingerprint);
        w.str(&self.corrections);
        w.usize(self.files.len());
        for (p, size, mtime) in &self.files {
            w.str(p);
            w.u64(*size);
            w.u64(*mtime);
        }
    }

    /// Usable only when every file's modification time is known.
    pub fn checkable(&self) -> bool {
        self.files.iter().all(|f| f.2 != 0)
    }
}

/// The stamp of a corrections file: `size:mtime`, empty when absent.
pub fn file_stamp(path: Option<&Path>) -> String {
    let Some(meta) = path.and_then(|p| std::fs::metadata(p).ok()) else {
        return String::new();
    };
    format!("{}:{}", meta.len(), crate::load::mtime_ns(&meta))
}

/// The stored search's path for a corpus opened with `roots`, in `dir`.
pub fn path_in(dir: &Path, roots: &[String]) -> Option<PathBuf> {
    if roots.is_empty() || roots.iter().any(|r| r == "-") {
        return None;
    }
    Some(dir.join(format!("{}.search", crate::store::corpus_key(roots))))
}

/// An entity as a search result prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityRow<'a> {
    pub kind: EntityKind,
    pub id: &'a str,
    pub name: &'a str,
    pub value: Option<&'a str>,
    /// [`crate::text::entity_label`].
    pub label: std::borrow::Cow<'a, str>,
    pub mentions: usize,
    pub docs: usize,
}

/// A document as a search result prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocRow<'a> {
    pub path: &'a str,
    pub record: Option<usize>,
}

/// Candidates that can also describe their entities and documents: what a search listing
/// needs. Provided by [`Candidates`] (in memory) and [`SearchFile`] (stored).
pub trait Described: Searchable {
    fn entity_row(&self, e: usize) -> Option<EntityRow<'_>>;
    fn doc_row(&self, d: usize) -> Option<DocRow<'_>>;
}

impl<'a> EntityRow<'a> {
    /// The row of entity `e`, as a search result prints it.
    pub fn of(e: &'a crate::model::Entity) -> EntityRow<'a> {
        EntityRow {
            kind: e.kind,
            id: &e.id,
            name: &e.name,
            value: e.value.as_deref(),
            label: crate::text::entity_label(e).into(),
            mentions: e.mentions.len(),
            docs: e.doc_count(),
        }
    }

    /// Appends the row as the file stores it ([`SearchFile::entity_row`] reads it).
    fn encode(&self, out: &mut Vec<u8>) {
        let mut w = Writer::default();
        w.u8(self.kind.info().cache_code);
        w.str(self.id);
        w.str(self.name);
        w.opt_str(self.value);
        w.str(&self.label);
        w.usize(self.mentions);
        w.usize(self.docs);
        out.extend_from_slice(&w.buf);
    }
}

/// Appends document `d`'s row as the file stores it ([`SearchFile::doc_row`] reads it).
fn encode_doc_row(d: &crate::model::Document, out: &mut Vec<u8>) {
    let mut w = Writer::default();
    w.str(&d.path);
    w.u64(d.record.map_or(0, |r| r as u64 + 1));
    out.extend_from_slice(&w.buf);
}

impl Described for Candidates {
    fn entity_row(&self, e: usize) -> Option<EntityRow<'_>> {
        self.corpus().entities.get(e).map(EntityRow::of)
    }

    fn doc_row(&self, d: usize) -> Option<DocRow<'_>> {
        let d = self.corpus().documents.get(d)?;
        Some(DocRow {
            path: &d.path,
            record: d.record,
        })
    }
}

fn put_u32(out: &mut Vec<u8>, v: usize) {
    out.extend_from_slice(&u32::try_from(v).unwrap_or(u32::MAX).to_le_bytes());
}

/// Writes the stored search for `candidates` (built over `corpus`) to `path`, atomically (a
/// temporary file, then a rename). The candidates' texts are streamed to the file, not
/// gathered first: only the fixed-size tables are held in memory.
pub fn write(
    path: &Path,
    validity: &Validity,
    corpus: &Corpus,
    candidates: &Candidates,
) -> std::io::Result<()> {
    write_with(path, validity, Some(corpus), candidates, None)
}

/// The meta section every stored search starts with: the analyzer's version, what the file
/// is valid for, the corpus's notices, the candidates' count, the corpus's (entities,
/// documents) rows, the chunk size, and the corpus's lines (`Some(n)`: the candidates are the
/// names alone and the corpus has `n` lines; `None`: the candidates are all there is).
fn meta(
    validity: &Validity,
    notices: &[Notice],
    candidates: usize,
    (entities, documents): (usize, usize),
    lines: Option<usize>,
) -> Writer {
    let mut meta = validity.meta_head(notices);
    meta.usize(candidates);
    meta.usize(entities);
    meta.usize(documents);
    meta.usize(CHUNK);
    meta.usize(lines.unwrap_or(0));
    meta.u8(u8::from(lines.is_none()));
    meta
}

/// The file's header: magic, format, the meta's length and checksum, the tables' length and
/// the checksum of their checked part, the texts' length.
fn header(meta: &Writer, tables_len: u64, tables_sum: u64, text_len: u64) -> Vec<u8> {
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(MAGIC);
    for w in [
        FORMAT,
        meta.buf.len() as u64,
        checksum(&meta.buf),
        tables_len,
        tables_sum,
        text_len,
    ] {
        header.extend_from_slice(&w.to_le_bytes());
    }
    header
}

/// Writes `candidates` alone as a stored search at `path` (atomically): no notices and no
/// entity or document rows, so opening it checksums only the candidates' table. The reader's
/// palette keeps its names tier so ([`crate::open::names_location`]) and ranks it mapped;
/// [`Described`] on such a file finds no row.
pub fn write_candidates(
    path: &Path,
    validity: &Validity,
    candidates: &Candidates,
) -> std::io::Result<()> {
    write_with(path, validity, None, candidates, None)
}

/// Writes the stored search of a corpus whose lines are found through the word index:
/// `candidates` are its names alone ([`Candidates::names`]), and `lines` how many line
/// candidates the corpus has ([`crate::search::count_lines`], counted no further than needed
/// to know it is above [`super::words::WORDS_ABOVE`]). Such a file ranks names and says how
/// the lines are to be found ([`SearchFile::lines_counted`]).
pub fn write_names(
    path: &Path,
    validity: &Validity,
    corpus: &Corpus,
    candidates: &Candidates,
    lines: usize,
) -> std::io::Result<()> {
    write_with(path, validity, Some(corpus), candidates, Some(lines))
}

/// [`write`]; without `corpus`, no notices and no rows; with `lines`, the candidates are the
/// names alone and the corpus has that many line candidates.
fn write_with(
    path: &Path,
    validity: &Validity,
    corpus: Option<&Corpus>,
    candidates: &Candidates,
    lines: Option<usize>,
) -> std::io::Result<()> {
    let notices = corpus.map_or(&[][..], |c| &c.notices[..]);
    let n = candidates.len();
    let (entities, documents) = corpus.map_or((0, 0), |c| (c.entities.len(), c.documents.len()));
    let meta = meta(validity, notices, n, (entities, documents), lines);

    // The tables, with each text's offset counted, not copied.
    let mut text_len = 0u64;
    let mut tables = Vec::with_capacity(n * (RECORD + 8));
    let mut letters = Vec::with_capacity(n * 8);
    for i in 0..n {
        let (key, shown, target) = candidates.entry(i).unwrap_or(("", "", Target::Entity(0)));
        let key_len = if key == shown { 0 } else { key.len() };
        let (kind, a, line) = match target {
            Target::Entity(e) => (0, e, 0),
            Target::Document(d) => (1, d, 0),
            Target::Line { doc, line, .. } => (2, doc, line),
        };
        tables.extend_from_slice(&text_len.to_le_bytes());
        put_u32(&mut tables, shown.len());
        put_u32(&mut tables, key_len);
        put_u32(&mut tables, kind);
        put_u32(&mut tables, a);
        put_u32(&mut tables, line);
        put_u32(&mut tables, 0);
        letters.extend_from_slice(&crate::search::letters(key).to_le_bytes());
        text_len += (shown.len() + key_len) as u64;
    }
    let sums: Vec<u64> = tables
        .chunks(CHUNK * RECORD)
        .zip(letters.chunks(CHUNK * 8))
        .map(|(r, l)| chunk_sum(r, l))
        .collect();
    tables.extend_from_slice(&letters);
    drop(letters);
    let checked_from = tables.len();
    for s in sums {
        tables.extend_from_slice(&s.to_le_bytes());
    }
    let mut records = Vec::new();
    let mut offsets = Vec::new();
    for i in 0..entities {
        offsets.push(records.len() as u64);
        if let Some(e) = candidates.entity_row(i) {
            e.encode(&mut records);
        }
    }
    for d in corpus.iter().flat_map(|c| c.documents.iter()) {
        offsets.push(records.len() as u64);
        encode_doc_row(d, &mut records);
    }
    offsets.push(records.len() as u64);
    for o in offsets {
        tables.extend_from_slice(&o.to_le_bytes());
    }
    tables.extend_from_slice(&records);
    drop(records);

    let header = header(
        &meta,
        tables.len() as u64,
        checksum(&tables[checked_from..]),
        text_len,
    );
    super::file::write_atomic(path, "search", |f| {
        use std::io::Write;
        f.write_all(&header)?;
        f.write_all(&meta.buf)?;
        f.write_all(&tables)?;
        for i in 0..n {
            let (key, shown, _) = candidates.entry(i).unwrap_or(("", "", Target::Entity(0)));
            f.write_all(shown.as_bytes())?;
            if key != shown {
                f.write_all(key.as_bytes())?;
            }
        }
        Ok(())
    })
}

/// What a temporary file's name holds before the writer's PID.
const TEMP: &str = ".search.tmp";

/// Is `name` (in the cache folder) a stored search or one being written?
pub fn is_ours(name: &str) -> bool {
    name.ends_with(".search") || name.contains(TEMP)
}

/// A chunk's checksum: its records', then its letters'.
fn chunk_sum(records: &[u8], letters: &[u8]) -> u64 {
    checksum(records).rotate_left(17) ^ checksum(letters)
}

/// A chunk's state in [`SearchFile::checked`].
const UNCHECKED: u8 = 0;
const GOOD: u8 = 1;
const BAD: u8 = 2;

/// A stored search, memory-mapped and checked.
pub struct SearchFile {
    map: memmap2::Mmap,
    /// Byte ranges in `map`.
    cands: std::ops::Range<usize>,
    letters: std::ops::Range<usize>,
    sums: std::ops::Range<usize>,
    offsets: std::ops::Range<usize>,
    records: std::ops::Range<usize>,
    text: std::ops::Range<usize>,
    n: usize,
    entities: usize,
    documents: usize,
    /// Candidates per chunk.
    chunk: usize,
    /// Each chunk's state: [`UNCHECKED`], [`GOOD`] (its strings are read unchecked) or
    /// [`BAD`] (it gives no candidate).
    checked: Box<[AtomicU8]>,
    /// Why the first damaged chunk found was refused.
    damage: OnceLock<String>,
    /// `None`: the file holds the corpus's line candidates; else it holds its names alone and
    /// the corpus has this many line candidates (counted to just past the word index's
    /// threshold).
    lines: Option<usize>,
    /// The notices the corpus gave when it was read.
    pub notices: Vec<Notice>,
}

impl std::fmt::Debug for SearchFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SearchFile({} candidates)", self.n)
    }
}

fn half(b: &[u8], at: usize) -> Option<usize> {
    u32_at(b, at).map(|v| v as usize)
}

impl SearchFile {
    /// Opens the stored search at `path` if it is valid for `want`, every chunk checked.
    pub fn open(path: &Path, want: &Validity) -> Result<SearchFile, Problem> {
        let file = SearchFile::open_lazy(path, want)?;
        for k in 0..file.checked.len() {
            if !file.chunk_ok(k) {
                let why = file.damage().unwrap_or("damaged candidates");
                return Err(Problem::Damaged(why.to_string()));
            }
        }
        Ok(file)
    }

    /// Opens the stored search at `path` if it is valid for `want`, checking its header,
    /// meta and rows now and each chunk of candidates when it is first used.
    pub fn open_lazy(path: &Path, want: &Validity) -> Result<SearchFile, Problem> {
        let damaged = |why: &str| Problem::Damaged(why.to_string());
        let (file, _) = super::file::open(path).map_err(Problem::from)?;
        // SAFETY: the map is read only; docent replaces this file by rename, never in place,
        // so the mapped bytes do not change under it (another program truncating it could
        // fault, as with any mapped file).
        let map =
            unsafe { memmap2::Mmap::map(&file) }.map_err(|e| Problem::Damaged(e.to_string()))?;
        let b: &[u8] = &map;
        if b.len() < HEADER_LEN || &b[..8] != MAGIC {
            return Err(damaged("not a docent search file"));
        }
        let h = |i: usize| u64_at(b, 8 + 8 * i).unwrap_or(u64::MAX);
        let format = h(0);
        if format != FORMAT && format != 2 {
            return Err(Problem::Stale);
        }
        let size = |v: u64| usize::try_from(v).map_err(|_| damaged("bad length"));
        let (meta_len, tables_len, text_len) = (size(h(1))?, size(h(3))?, size(h(5))?);
        let meta_end = HEADER_LEN
            .checked_add(meta_len)
            .ok_or_else(|| damaged("bad length"))?;
        let tables_end = meta_end
            .checked_add(tables_len)
            .ok_or_else(|| damaged("bad length"))?;
        let text_end = tables_end
            .checked_add(text_len)
            .ok_or_else(|| damaged("bad length"))?;
        if text_end != b.len() {
            return Err(damaged("truncated or trailing bytes"));
        }
        let meta_bytes = &b[HEADER_LEN..meta_end];
        if checksum(meta_bytes) != h(2) {
            return Err(damaged("checksum mismatch"));
        }
        let mut r = Reader::new(meta_bytes);
        if r.str() != Some(super::ANALYZER_VERSION) {
            return Err(Problem::Stale);
        }
        let bad = || damaged("bad header");
        let fingerprint = r.str().ok_or_else(bad)?;
        let corrections = r.str().ok_or_else(bad)?;
        if fingerprint != want.fingerprint || corrections != want.corrections {
            return Err(Problem::Stale);
        }
        let nfiles = r.count().ok_or_else(bad)?;
        if nfiles != want.files.len() || !want.checkable() {
            return Err(Problem::Stale);
        }
        for (p, size, mtime) in &want.files {
            let (sp, ss, sm) = (
                r.str().ok_or_else(bad)?,
                r.u64().ok_or_else(bad)?,
                r.u64().ok_or_else(bad)?,
            );
            if sp != p || ss != *size || sm != *mtime {
                return Err(Problem::Stale);
            }
        }
        let nnotices = r.count().ok_or_else(bad)?;
        let mut notices = Vec::with_capacity(nnotices);
        for _ in 0..nnotices {
            let path = r.str().ok_or_else(bad)?.to_string();
            let message = r.str().ok_or_else(bad)?.to_string();
            notices.push(Notice { path, message });
        }
        let n = r.usize().ok_or_else(bad)?;
        let entities = r.usize().ok_or_else(bad)?;
        let documents = r.usize().ok_or_else(bad)?;
        let chunk = r.usize().filter(|&c| c > 0).ok_or_else(bad)?;
        // Format 2 holds its lines and its meta stops here; a 3 says how many lines and
        // whether it holds them.
        let lines = match (format, r.at_end()) {
            (FORMAT, true) => return Err(bad()),
            (FORMAT, false) => {
                let count = r.usize().ok_or_else(bad)?;
                match r.u8().ok_or_else(bad)? {
                    0 => Some(count),
                    1 => None,
                    _ => return Err(bad()),
                }
            }
            (_, false) => return Err(bad()),
            _ => None,
        };
        let chunks = n.div_ceil(chunk);
        let short = || damaged("tables too short");
        let cands_len = n.checked_mul(RECORD).ok_or_else(bad)?;
        let letters_at = meta_end.checked_add(cands_len).ok_or_else(short)?;
        let sums_at = letters_at
            .checked_add(n.checked_mul(8).ok_or_else(bad)?)
            .ok_or_else(short)?;
        let offsets_at = sums_at
            .checked_add(chunks.checked_mul(8).ok_or_else(bad)?)
            .filter(|&k| k <= tables_end)
            .ok_or_else(short)?;
        if checksum(&b[sums_at..tables_end]) != h(4) {
            return Err(damaged("checksum mismatch"));
        }
        let offsets_len = entities
            .checked_add(documents)
            .and_then(|k| k.checked_add(1))
            .and_then(|k| k.checked_mul(8))
            .ok_or_else(bad)?;
        let records_at = offsets_at
            .checked_add(offsets_len)
            .filter(|&k| k <= tables_end)
            .ok_or_else(short)?;
        Ok(SearchFile {
            cands: meta_end..letters_at,
            letters: letters_at..sums_at,
            sums: sums_at..offsets_at,
            offsets: offsets_at..records_at,
            records: records_at..tables_end,
            text: tables_end..text_end,
            n,
            entities,
            documents,
            chunk,
            checked: (0..chunks).map(|_| AtomicU8::new(UNCHECKED)).collect(),
            damage: OnceLock::new(),
            lines,
            notices,
            map,
        })
    }

    /// Why a chunk of candidates was found damaged, when one was: the file should be
    /// written anew (its damaged chunks gave no candidate).
    pub fn damage(&self) -> Option<&str> {
        self.damage.get().map(String::as_str)
    }

    /// Is chunk `k` sound? Checked on its first use (by whichever thread comes first:
    /// two threads may both check it, with one result), remembered.
    fn chunk_ok(&self, k: usize) -> bool {
        let Some(state) = self.checked.get(k) else {
            return false;
        };
        match state.load(Ordering::Relaxed) {
            GOOD => true,
            BAD => false,
            _ => {
                let checked = self.check_chunk(k);
                if let Err(why) = &checked {
                    let _ = self.damage.set(why.clone());
                }
                let ok = checked.is_ok();
                state.store(if ok { GOOD } else { BAD }, Ordering::Relaxed);
                ok
            }
        }
    }

    /// Checks chunk `k`: its records and letters against its checksum, then each
    /// candidate's kind, and its strings' bounds and UTF-8.
    fn check_chunk(&self, k: usize) -> Result<(), String> {
        let from = k.saturating_mul(self.chunk);
        let to = from.saturating_add(self.chunk).min(self.n);
        let part = |range: &std::ops::Range<usize>, size: usize| {
            let at = range.start.checked_add(from.checked_mul(size)?)?;
            self.map
                .get(at..at.checked_add((to.checked_sub(from)?).checked_mul(size)?)?)
        };
        let short = || "tables too short".to_string();
        let records = part(&self.cands, RECORD).ok_or_else(short)?;
        let letters = part(&self.letters, 8).ok_or_else(short)?;
        let sum = self
            .map
            .get(self.sums.clone())
            .and_then(|s| u64_at(s, k.checked_mul(8)?))
            .ok_or_else(short)?;
        if chunk_sum(records, letters) != sum {
            return Err(format!("checksum mismatch in candidates {from}–{to}"));
        }
        let text = self.map.get(self.text.clone()).ok_or_else(short)?;
        let bad = || format!("a bad candidate in {from}–{to}");
        for c in records.chunks_exact(RECORD) {
            let off = u64_at(c, 0).and_then(|o| usize::try_from(o).ok());
            let (Some(off), Some(len), Some(key_len), Some(0..=2)) =
                (off, half(c, 8), half(c, 12), half(c, 16))
            else {
                return Err(bad());
            };
            let shown_end = off.checked_add(len).ok_or_else(bad)?;
            let key_end = shown_end.checked_add(key_len).ok_or_else(bad)?;
            let utf8 = |r: std::ops::Range<usize>| {
                text.get(r).is_some_and(|s| std::str::from_utf8(s).is_ok())
            };
            if !utf8(off..shown_end) || !utf8(shown_end..key_end) {
                return Err(format!("invalid text in candidates {from}–{to}"));
            }
        }
        Ok(())
    }

    /// How many documents the corpus had.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// `None` when the file holds the corpus's line candidates; else it holds the names alone
    /// (its lines are found through the word index and read from the document store) and the
    /// corpus has this many line candidates, counted no further than just past
    /// [`super::words::WORDS_ABOVE`].
    pub fn lines_counted(&self) -> Option<usize> {
        self.lines
    }

    /// `len` bytes of the text at `off`, read as a string of a checked chunk.
    fn text_at(&self, off: usize, len: usize) -> Option<&str> {
        let text = self.map.get(self.text.clone())?;
        let bytes = text.get(off..off.checked_add(len)?)?;
        // SAFETY: called only for a candidate of a chunk found GOOD, whose every string was
        // checked as UTF-8 (`check_chunk`); the mapped bytes do not change (see `open_lazy`).
        Some(unsafe { std::str::from_utf8_unchecked(bytes) })
    }

    /// The bytes of record `k` (entities first, then documents).
    fn record(&self, k: usize) -> Option<&[u8]> {
        let offs = self.map.get(self.offsets.clone())?;
        let from = usize::try_from(u64_at(offs, k * 8)?).ok()?;
        let to = usize::try_from(u64_at(offs, k * 8 + 8)?).ok()?;
        self.map.get(self.records.clone())?.get(from..to)
    }
}

impl Searchable for SearchFile {
    fn len(&self) -> usize {
        self.n
    }

    fn entry(&self, i: usize) -> Option<(&str, &str, Target)> {
        if i >= self.n || !self.chunk_ok(i / self.chunk) {
            return None;
        }
        let at = i.checked_mul(RECORD)?;
        let c = self.map.get(self.cands.clone())?.get(at..at + RECORD)?;
        let off = usize::try_from(u64_at(c, 0)?).ok()?;
        let (len, key_len) = (half(c, 8)?, half(c, 12)?);
        let (kind, a, line) = (half(c, 16)?, half(c, 20)?, half(c, 24)?);
        let shown = self.text_at(off, len)?;
        let key = if key_len == 0 {
            shown
        } else {
            self.text_at(off.checked_add(len)?, key_len)?
        };
        let target = match kind {
            0 => Target::Entity(a),
            1 => Target::Document(a),
            2 => Target::Line {
                doc: a,
                line,
                start: 0,
                end: 0,
            },
            _ => return None,
        };
        Some((key, shown, target))
    }

    fn letters(&self, range: std::ops::Range<usize>) -> Option<&[u8]> {
        if range.end > self.n || range.start >= range.end {
            return None;
        }
        // Every chunk the range touches is checked (a damaged one: no letters, and its
        // candidates give no entry).
        for k in range.start / self.chunk..=(range.end - 1) / self.chunk {
            if !self.chunk_ok(k) {
                return None;
            }
        }
        let bytes = self.map.get(self.letters.clone())?;
        bytes.get(range.start.checked_mul(8)?..range.end.checked_mul(8)?)
    }
}

impl Described for SearchFile {
    fn entity_row(&self, e: usize) -> Option<EntityRow<'_>> {
        if e >= self.entities {
            return None;
        }
        let mut r = Reader::new(self.record(e)?);
        Some(EntityRow {
            kind: EntityKind::from_cache_code(r.u8()?)?,
            id: r.str()?,
            name: r.str()?,
            value: r.opt_str()?,
            label: r.str()?.into(),
            mentions: r.usize()?,
            docs: r.usize()?,
        })
    }

    fn doc_row(&self, d: usize) -> Option<DocRow<'_>> {
        if d >= self.documents {
            return None;
        }
        let mut r = Reader::new(self.record(self.entities + d)?);
        let path = r.str()?;
        let record = match r.u64()? {
            0 => None,
            k => Some(usize::try_from(k - 1).ok()?),
        };
        Some(DocRow { path, record })
    }
}

pub mod names_writer;
#[cfg(test)]
mod tests;
