//! The document store: a corpus as opened — every document (metadata and text), the linked
//! entities before corrections, the mention index, the files read and the notices they gave —
//! kept per corpus in the cache folder (`<corpus key>.docs`), memory-mapped: a warm open reads
//! no source file, parses nothing, runs no analysis and decodes no document or entity nor
//! copies any text or mention (the documents are decoded a chunk of 256 at a time on first
//! use: see [`Documents`]; the entities 64 at a time: see [`Entities`]; each document's
//! text borrows the map, checked on its first use: see [`crate::model::DocText`]; each
//! entity's mentions are a view on its postings,
//! [`crate::model::Mentions`]; the index reads each document's record when asked,
//! [`crate::index::SpanSource`]).
//!
//! It is valid for what a [`Validity`] says, checked the way the stored search is: the walk's
//! files (path, size, modification time in nanoseconds: one `stat` each, no read), the load
//! options (`fingerprint`) and the analyzer version. Corrections are not part of it: the store
//! holds the entities before them, and opening replays them as for any other open. Anything
//! changed, and the caller opens the corpus the ordinary way and writes the store anew.
//!
//! Nothing read from it is trusted: the tables read at open have a checksum each, and each
//! chunk of documents (its rows, its entries) and of entities (its rows, its names), each text, each entity's postings and each
//! document's record its own; every length and offset in the tables is bounds-checked at open,
//! every row's offsets when it is used; on a text's first use, its checksum, UTF-8 and every
//! range of its document — body start, quiet ranges, pages, mentions — on its character
//! boundaries; on a list's or a record's first use, its checksum, every mention within its
//! text, in order. Damaged tables are [`Problem::Damaged`] at open; a damaged chunk of
//! documents or entities gives placeholders, a damaged text is read from its file instead (or masked), a
//! damaged list gathered from the records (or empty), a damaged record shows no spans; each
//! with a notice, and the store is removed. Never a panic.
//!
//! Layout (format 7): a 176-byte header (magic, format, then the length and checksum of nine
//! sections: postings, meta, entity chunks, chunks, entity rows, entity names, rows,
//! documents, records; then the texts file's length and stamp), then the sections in that
//! order. The texts are in a file of their own beside it (`KEY.texts`, see [`textfile`]: in a
//! cold build the file they were set aside to while loading), whose trailer carries the same
//! stamp: a store beside another store's texts is damaged, not misread. Only meta and the two chunk
//! tables are read at open (each checked against its checksum); the rest is mapped and read
//! as it is used, each item or chunk checked against its own checksum (their header
//! checksums are 0). Postings: every entity's mentions, by entity, as 12-byte little-endian
//! (document, start, end) records, first in the file so that they lie 4-aligned in the map
//! and are read in place as [`crate::model::Mention`]s. Meta: version, validity, notices, the
//! files read and their document ranges, the counts, the least and greatest document path.
//! Entity chunks: per 64 entities, where their names start and the checksums of their rows
//! and names (24 bytes). Entity rows: per entity, 48 bytes (its postings' place, checksum,
//! mention and document counts; its names' offset; its ranks by lowercase name and by date
//! value, which the side list sorts by without the names; its kind; whether it has a value).
//! Entity names: each entity's kind, id, name, value and aliases. Chunks: per 256
//! documents, where their entries start in the documents section, the checksum of their rows
//! and of their entries (24 bytes). Rows: per document, 56 bytes (its entry's offset; its
//! text's offset, length and checksum; its record's offset, mention and entity counts and
//! checksum). Documents: each one's metadata (path, record, format, title, date, URL, body
//! start, source map, quiet ranges, pages, fields, parent). Records: per document, each of its
//! mentions (start, end, entity; in the index's order: start, longest first, entity) then the
//! index's entity counts (entity, count), as little-endian `u32`s.

use super::codec::{checksum, u32_at, u64_at, Checksum, Reader, Writer};
use super::searchfile::{Problem, Validity};
use crate::index::Index;
use crate::load::SourceFile;
use crate::model::SourceMap;
use crate::model::{Document, Documents, Entities, EntityKind, Format, Notice};
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"DOCENTDS";
const FORMAT: u64 = 7;
/// The header's entries: nine sections of this file, then the texts file's (length, stamp).
const SECTIONS: usize = 10;
/// The sections in this file (the texts are in their own: [`textfile`]).
const IN_FILE: usize = SECTIONS - 1;
/// A document's row: five `u64`s, two `u32`s, one `u64`.
const ROW: usize = 56;
/// A chunk's entry in the chunk table: three `u64`s.
const CHUNK_ENTRY: usize = 24;
use crate::model::DOC_CHUNK as CHUNK;
const HEADER_LEN: usize = 16 + SECTIONS * 16;
const TEMP: &str = ".docs.tmp";

/// The store's path for a corpus opened with `roots`, in `dir` (none on a big-endian machine:
/// the postings are read in place as little-endian records).
pub fn path_in(dir: &Path, roots: &[String]) -> Option<PathBuf> {
    if cfg!(target_endian = "big") || roots.is_empty() || roots.iter().any(|r| r == "-") {
        return None;
    }
    Some(dir.join(format!("{}.docs", crate::store::corpus_key(roots))))
}

/// Is `name` (in the cache folder) a document store or one being written?
pub fn is_ours(name: &str) -> bool {
    name.ends_with(".docs") || name.ends_with(".texts") || name.contains(TEMP)
}

/// A corpus as the store gives it back.
#[derive(Debug)]
pub struct Stored {
    /// Decoded a chunk at a time, on first use.
    pub documents: Documents,
    /// Before corrections; decoded a chunk at a time, on first use.
    pub entities: Entities,
    /// The mention index over `documents` and `entities` (its records read from the store).
    pub index: Index,
    /// The notices loading gave.
    pub notices: Vec<Notice>,
    /// The files read, with their documents (for the reader's change watcher; shared with
    /// the store, which reads a damaged text's file again).
    pub sources: std::sync::Arc<Vec<SourceFile>>,
}

fn format_code(f: Format) -> u8 {
    match f {
        Format::Text => 1,
        Format::Markdown => 2,
        Format::Html => 3,
        Format::Json => 4,
        Format::Jsonl => 5,
        Format::Pdf => 6,
        Format::Docx => 7,
        Format::Odt => 8,
        Format::Epub => 9,
        Format::Email => 10,
        Format::Rtf => 11,
    }
}

fn format_of(c: u8) -> Option<Format> {
    Some(match c {
        1 => Format::Text,
        2 => Format::Markdown,
        3 => Format::Html,
        4 => Format::Json,
        5 => Format::Jsonl,
        6 => Format::Pdf,
        7 => Format::Docx,
        8 => Format::Odt,
        9 => Format::Epub,
        10 => Format::Email,
        11 => Format::Rtf,
        _ => return None,
    })
}

fn ranges(w: &mut Writer, rs: &[std::ops::Range<usize>]) {
    w.usize(rs.len());
    for r in rs {
        w.usize(r.start);
        w.usize(r.end);
    }
}

/// One item's place in a lazily read section: how many mentions (and, for a document's record,
/// entities) it holds, and its checksum.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Item {
    mentions: usize,
    /// A record's entity counts; an entity's number of distinct documents.
    other: usize,
    sum: u64,
}

/// Encodes one document's metadata (its text's place and its record are in its row).
fn encode_doc(w: &mut Writer, d: &Document) {
    w.str(&d.path);
    w.u64(d.record.map_or(0, |r| r as u64 + 1));
    w.u8(format_code(d.format));
    w.str(&d.title);
    match d.date {
        None => w.u8(0),
        Some(date) => {
            w.u8(1);
            // Days as a two's-complement i64: dates before year 1 round-trip too.
            w.u64(i64::from(chrono::Datelike::num_days_from_ce(&date)) as u64);
        }
    }
    w.u8(u8::from(d.date_inferred));
    w.opt_str(d.url.as_deref());
    w.usize(d.body_start);
    let points = d.source_map.points();
    w.usize(points.len());
    for &(t, s) in points {
        w.usize(t);
        w.usize(s);
    }
    ranges(w, &d.quiet);
    ranges(w, &d.pages);
    w.usize(d.fields.len());
    for (k, v) in &d.fields {
        w.str(k);
        w.str(v);
    }
    w.opt_str(d.parent.as_deref());
}

/// One document's fixed-size row (`ROW` bytes, little-endian): its entry's offset in the
/// documents section, its text's offset, length and checksum, its record's offset, mention
/// and entity counts and checksum.
fn encode_row(out: &mut Vec<u8>, entry: u64, text: (u64, u64, u64), record: u64, rec: Item) {
    for v in [entry, text.0, text.1, text.2, record] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let n32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    out.extend_from_slice(&n32(rec.mentions).to_le_bytes());
    out.extend_from_slice(&n32(rec.other).to_le_bytes());
    out.extend_from_slice(&rec.sum.to_le_bytes());
}

/// An entity's row: three `u64`s, four `u32`s, its kind's code, its flags, six zero bytes.
const ENTITY_ROW: usize = 48;
use crate::model::ENTITY_CHUNK;

mod write;
#[cfg(test)]
use write::{by_lowercase_name, ByDoc};
pub use write::{write, write_with};

/// The walk's files as a [`Validity`] lists them: (path as shown, size, mtime in ns).
pub type Files = Vec<(String, u64, u64)>;

/// Reads one source file again (its path as the store lists it), giving its documents as a
/// load with the store's options gives them: a stored text that fails its check on first use
/// is read from there instead.
pub type Reload = Box<dyn Fn(&str) -> Option<Vec<Document>> + Send + Sync>;

/// Opens the store at `path` if it is valid for `want`, and gives its corpus back, every part
/// checked (each text on its first use: see [`crate::model::DocText`]).
pub fn open(path: &Path, want: &Validity) -> Result<Stored, Problem> {
    open_while(path, &want.fingerprint, &want.corrections, None, || {
        Some(want.files.clone())
    })
    .0
}

/// [`open`] for the files `stat` finds, which it runs on another thread while the store is
/// read (the walk is mostly waiting on the file system): the store is used only when they
/// are the files it was written for. Also returns what `stat` found (`None`: nothing to key
/// a store on). A text that fails its check on first use is read again through `reload`.
pub fn open_while(
    path: &Path,
    fingerprint: &str,
    corrections: &str,
    reload: Option<Reload>,
    stat: impl FnOnce() -> Option<Files> + Send,
) -> (Result<Stored, Problem>, Option<Files>) {
    std::thread::scope(|s| {
        let walk = s.spawn(stat);
        let read = read(path, fingerprint, corrections, reload);
        let files = walk.join().ok().flatten();
        let result = match (read, &files) {
            (Ok((stored, written_for)), Some(now)) => {
                if same_files(&written_for, now) {
                    Ok(stored)
                } else {
                    Err(Problem::Stale)
                }
            }
            (Ok(_), None) => Err(Problem::Stale),
            (Err(e), _) => Err(e),
        };
        (result, files)
    })
}

/// [`open_while`] without the walk: the store's corpus and the files it was written for, which
/// the caller compares with [`same_files`] later (the reader, behind its first frame). Only
/// the store itself is checked here (its tables, each item on first use).
pub fn open_unchecked(
    path: &Path,
    fingerprint: &str,
    corrections: &str,
    reload: Option<Reload>,
) -> Result<(Stored, Files), Problem> {
    read(path, fingerprint, corrections, reload)
}

/// Are the files found now the ones a store was written for (same paths in the same order,
/// sizes and modification times, every time known)?
pub fn same_files(written_for: &Files, now: &Files) -> bool {
    now.iter().all(|f| f.2 != 0)
        && written_for.len() == now.len()
        && written_for
            .iter()
            .zip(now)
            .all(|(a, b)| a.0 == b.0 && a.1 == b.1 && a.2 == b.2)
}

/// Reads and checks the store's tables; also returns the files it was written for. The
/// postings, the records and the texts stay in the map, each checked on its first use.
fn read(
    path: &Path,
    fingerprint: &str,
    corrections: &str,
    reload: Option<Reload>,
) -> Result<(Stored, Files), Problem> {
    let damaged = |why: &str| Problem::Damaged(why.to_string());
    let (mut file, size) = super::file::open(path).map_err(Problem::from)?;
    let mut header = [0u8; HEADER_LEN];
    {
        use std::io::Read;
        if file.read_exact(&mut header).is_err() || &header[..8] != MAGIC {
            return Err(damaged("not a docent document store"));
        }
    }
    if u64_at(&header, 8) != Some(FORMAT) {
        return Err(Problem::Stale);
    }
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::with_capacity(IN_FILE);
    let mut at = HEADER_LEN;
    for s in 0..IN_FILE {
        let len = u64_at(&header, 16 + 16 * s)
            .and_then(|l| usize::try_from(l).ok())
            .ok_or_else(|| damaged("bad length"))?;
        let end = at.checked_add(len).ok_or_else(|| damaged("bad length"))?;
        ranges.push(at..end);
        at = end;
    }
    if at as u64 != size {
        return Err(damaged("truncated or trailing bytes"));
    }
    // SAFETY: the maps are read only; docent replaces this file by rename, never in place, so
    // the mapped bytes do not change under them (another program truncating it could fault,
    // as with any mapped file).
    let map = unsafe { memmap2::MmapOptions::new().len(at).map(&file) }
        .map_err(|e| Problem::Damaged(e.to_string()))?;
    // The tables (meta, entities, chunk table) are mapped apart and read whole (their pages
    // brought in at once rather than fault by fault), then dropped.
    let tables_range = ranges[1].start..ranges[3].end;
    // SAFETY: as above.
    let tables = unsafe {
        memmap2::MmapOptions::new()
            .offset(tables_range.start as u64)
            .len(tables_range.len())
            .populate()
            .map(&file)
    }
    .map_err(|e| Problem::Damaged(e.to_string()))?;
    let sec = |s: usize| {
        let r = &ranges[s];
        &tables[r.start - tables_range.start..r.end - tables_range.start]
    };
    for s in 1..=3 {
        if u64_at(&header, 16 + 16 * s + 8) != Some(checksum(sec(s))) {
            return Err(damaged("checksum mismatch"));
        }
    }
    let (written_for, notices, sources, ndocs, nents, path_bounds) =
        read_meta(sec(1), fingerprint, corrections)?;
    // A row per entity and a chunk entry per chunk of them (each entry's offset in bounds and
    // in order); the rows and names themselves are checked a chunk at a time, on first use.
    let ent_chunks = read_entity_chunks(sec(2), ranges[5].len())
        .filter(|c| c.len() == nents.div_ceil(ENTITY_CHUNK))
        .ok_or_else(|| damaged("bad entities"))?;
    if nents.checked_mul(ENTITY_ROW) != Some(ranges[4].len()) || !ranges[0].len().is_multiple_of(12)
    {
        return Err(damaged("bad entities"));
    }
    // A row per document, a chunk entry per chunk of them (each entry's offset in bounds and
    // in order); the rows and entries themselves are checked a chunk at a time, on first use.
    let chunk_table = read_chunks(sec(3), ranges[7].len())
        .filter(|c| c.len() == ndocs.div_ceil(CHUNK))
        .ok_or_else(|| damaged("bad chunk table"))?;
    if ndocs.checked_mul(ROW) != Some(ranges[6].len()) {
        return Err(damaged("bad document rows"));
    }
    if sources
        .iter()
        .any(|s| s.docs.start > s.docs.end || s.docs.end > ndocs)
    {
        return Err(damaged("bad file table"));
    }
    drop(tables);
    let texts_len = u64_at(&header, 16 + 16 * IN_FILE).ok_or_else(|| damaged("bad length"))?;
    let texts_stamp = u64_at(&header, 24 + 16 * IN_FILE).ok_or_else(|| damaged("bad length"))?;
    let text_map = textfile::open(path, texts_len, texts_stamp).map_err(Problem::Damaged)?;
    let texts = 0..usize::try_from(texts_len).map_err(|_| damaged("bad length"))?;
    let sources = std::sync::Arc::new(sources);
    let store = std::sync::Arc::new_cyclic(|me| source::Store {
        me: me.clone(),
        path: path.to_path_buf(),
        map,
        postings: ranges[0].clone(),
        entity_rows: ranges[4].clone(),
        names: ranges[5].clone(),
        rows: ranges[6].clone(),
        docs: ranges[7].clone(),
        records: ranges[8].clone(),
        text_map,
        texts,
        n: ndocs,
        path_bounds,
        chunks: chunk_table,
        rows_checked: (0..ndocs.div_ceil(CHUNK))
            .map(|_| std::sync::OnceLock::new())
            .collect(),
        nents,
        entity_chunks: ent_chunks,
        entity_rows_checked: (0..nents.div_ceil(ENTITY_CHUNK))
            .map(|_| std::sync::OnceLock::new())
            .collect(),
        sources: std::sync::Arc::clone(&sources),
        reload,
        removed: std::sync::atomic::AtomicBool::new(false),
        said: std::sync::Mutex::new(Vec::new()),
    });
    let entities: std::sync::Arc<dyn crate::model::EntitySource> = store.clone();
    let shared: std::sync::Arc<dyn crate::model::DocSource> = store.clone();
    Ok((
        Stored {
            documents: Documents::stored(shared),
            entities: Entities::stored(entities),
            index: Index::stored(store),
            notices,
            sources,
        },
        written_for,
    ))
}

/// The chunk table: per chunk, where its entries start in the documents section of
/// `entries_len` bytes (in order, in bounds), its rows' and its entries' checksums.
fn read_chunks(bytes: &[u8], entries_len: usize) -> Option<Vec<source::Chunk>> {
    if !bytes.len().is_multiple_of(CHUNK_ENTRY) {
        return None;
    }
    let mut out: Vec<source::Chunk> = Vec::with_capacity(bytes.len() / CHUNK_ENTRY);
    for c in bytes.chunks_exact(CHUNK_ENTRY) {
        let entries = usize::try_from(u64_at(c, 0)?).ok()?;
        if entries > entries_len || out.last().is_some_and(|p| p.entries > entries) {
            return None;
        }
        out.push(source::Chunk {
            entries,
            rows_sum: u64_at(c, 8)?,
            entries_sum: u64_at(c, 16)?,
        });
    }
    Some(out)
}

type Meta = (
    Files,
    Vec<Notice>,
    Vec<SourceFile>,
    usize,
    usize,
    (String, String),
);

/// The meta section: stale unless written with these options by this version.
fn read_meta(bytes: &[u8], fingerprint: &str, corrections: &str) -> Result<Meta, Problem> {
    let bad = || Problem::Damaged("bad header".into());
    let mut r = Reader::new(bytes);
    if r.str() != Some(super::ANALYZER_VERSION) {
        return Err(Problem::Stale);
    }
    if r.str() != Some(fingerprint) || r.str() != Some(corrections) {
        return Err(Problem::Stale);
    }
    let rest = (|| {
        let n = r.count()?;
        let mut files = Vec::with_capacity(n);
        for _ in 0..n {
            files.push((r.str()?.to_string(), r.u64()?, r.u64()?));
        }
        let n = r.count()?;
        let mut notices = Vec::with_capacity(n);
        for _ in 0..n {
            notices.push(Notice {
                path: r.str()?.to_string(),
                message: r.str()?.to_string(),
            });
        }
        let n = r.count()?;
        let mut sources = Vec::with_capacity(n);
        for _ in 0..n {
            sources.push(SourceFile {
                path: r.str()?.to_string(),
                size: r.u64()?,
                mtime_ns: r.u64()?,
                docs: r.usize()?..r.usize()?,
            });
        }
        let ndocs = r.usize()?;
        let nents = r.usize()?;
        let bounds = (r.str()?.to_string(), r.str()?.to_string());
        r.at_end()
            .then_some((files, notices, sources, ndocs, nents, bounds))
    })();
    rest.ok_or_else(bad)
}

/// Ranges within a text of `len` bytes (their character boundaries are checked with the text,
/// on its first use).
fn read_ranges(r: &mut Reader<'_>, len: usize) -> Option<Vec<std::ops::Range<usize>>> {
    let n = r.count()?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let (s, e) = (r.usize()?, r.usize()?);
        if s > e || e > len {
            return None;
        }
        out.push(s..e);
    }
    Some(out)
}

/// One document's entry in the documents section: its metadata, its ranges bounds-checked
/// against its text's length (kept in its row).
pub(super) struct Entry {
    pub path: String,
    pub record: Option<usize>,
    pub format: Format,
    pub title: String,
    pub date: Option<chrono::NaiveDate>,
    pub date_inferred: bool,
    pub url: Option<String>,
    pub body_start: usize,
    pub source_map: SourceMap,
    pub quiet: Vec<std::ops::Range<usize>>,
    pub pages: Vec<std::ops::Range<usize>>,
    pub fields: Vec<(String, String)>,
    pub parent: Option<String>,
}

/// One entry, for a text of `len` bytes.
pub(super) fn decode_entry(r: &mut Reader<'_>, len: usize) -> Option<Entry> {
    let path = r.str()?.to_string();
    let record = match r.u64()? {
        0 => None,
        k => Some(usize::try_from(k - 1).ok()?),
    };
    let format = format_of(r.u8()?)?;
    let title = r.str()?.to_string();
    let date = match r.u8()? {
        0 => None,
        1 => Some(chrono::NaiveDate::from_num_days_from_ce_opt(
            i32::try_from(r.u64()? as i64).ok()?,
        )?),
        _ => return None,
    };
    let date_inferred = r.u8()? != 0;
    let url = r.opt_str()?.map(str::to_string);
    let body_start = r.usize()?;
    if body_start > len {
        return None;
    }
    let np = r.count()?;
    let mut points = Vec::with_capacity(np);
    for _ in 0..np {
        let (t, s) = (r.usize()?, r.usize()?);
        // Offsets past 2^48 are nothing a loaded file gives: refused, so sums never overflow.
        if t >> 48 != 0 || s >> 48 != 0 {
            return None;
        }
        points.push((t, s));
    }
    let source_map = SourceMap::from_points(points)?;
    let quiet = read_ranges(r, len)?;
    let pages = read_ranges(r, len)?;
    let nf = r.count()?;
    let mut fields = Vec::with_capacity(nf);
    for _ in 0..nf {
        fields.push((r.str()?.to_string(), r.str()?.to_string()));
    }
    let parent = r.opt_str()?.map(str::to_string);
    Some(Entry {
        path,
        record,
        format,
        title,
        date,
        date_inferred,
        url,
        body_start,
        source_map,
        quiet,
        pages,
        fields,
        parent,
    })
}

/// The entity chunk table: per chunk, where its names start in the names section of
/// `names_len` bytes (in order, in bounds), its rows' and its names' checksums.
fn read_entity_chunks(bytes: &[u8], names_len: usize) -> Option<Vec<source::Chunk>> {
    // The same shape as the documents' chunk table.
    read_chunks(bytes, names_len)
}

mod source;
mod textfile;
pub use textfile::path_of as texts_path;

#[cfg(test)]
mod tests;
