//! The document store: a corpus as opened — every document (metadata and text), the linked
//! entities before corrections, the mention index, the files read and the notices they gave —
//! kept per corpus in the cache folder (`<corpus key>.docs`), memory-mapped: a warm open reads
//! no source file, parses nothing, runs no analysis and copies no text (each document's text
//! borrows the map, checked on its first use: see [`DocText`]).
//!
//! It is valid for what a [`Validity`] says, checked the way the stored search is: the walk's
//! files (path, size, modification time in nanoseconds: one `stat` each, no read), the load
//! options (`fingerprint`) and the analyzer version. Corrections are not part of it: the store
//! holds the entities before them, and opening replays them as for any other open. Anything
//! changed, and the caller opens the corpus the ordinary way and writes the store anew.
//!
//! Nothing read from it is trusted: every section has a checksum (each document's text its
//! own), every length and offset is bounds-checked at open; on a text's first use, its
//! checksum, UTF-8 and every range of its document — body start, quiet ranges, pages,
//! mentions — on its character boundaries. Damaged tables are [`Problem::Damaged`] at open; a
//! damaged text is read from its file instead (or masked), with a notice, and the store is
//! removed. Never a panic.
//!
//! Layout: a 96-byte header (magic, format, then the length and checksum of five sections:
//! meta, documents, entities, mentions, text; the text's checksum is 0, each document carrying
//! its own), then the sections. Meta: version, validity, notices, the files read and their
//! document ranges. Documents: each one's metadata and its text's offset, length and checksum
//! in the text section. Entities: each one without its mentions. Mentions: every mention by
//! entity, then again by document with the index's entity counts, as fixed-width
//! little-endian records.

use super::codec::{checksum, u32_at, u64_at, Reader, Writer};
use super::searchfile::{Problem, Validity};
use crate::index::{Index, Span};
use crate::load::SourceFile;
use crate::model::{DocText, Document, Entity, EntityKind, Format, Notice, SourceMap, TextSource};
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"DOCENTDS";
const FORMAT: u64 = 2;
const SECTIONS: usize = 5;
const HEADER_LEN: usize = 16 + SECTIONS * 16;
const TEMP: &str = ".docs.tmp";

/// The store's path for a corpus opened with `roots`, in `dir`.
pub fn path_in(dir: &Path, roots: &[String]) -> Option<PathBuf> {
    if roots.is_empty() || roots.iter().any(|r| r == "-") {
        return None;
    }
    Some(dir.join(format!("{}.docs", crate::store::corpus_key(roots))))
}

/// Is `name` (in the cache folder) a document store or one being written?
pub fn is_ours(name: &str) -> bool {
    name.ends_with(".docs") || name.contains(TEMP)
}

/// A corpus as the store gives it back.
#[derive(Debug)]
pub struct Stored {
    pub documents: Vec<Document>,
    /// Before corrections.
    pub entities: Vec<Entity>,
    /// The mention index over `documents` and `entities`.
    pub index: Index,
    /// The notices loading gave.
    pub notices: Vec<Notice>,
    /// The files read, with their documents (for the reader's change watcher).
    pub sources: Vec<SourceFile>,
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

/// Encodes one document's metadata; its text is at `text_at` in the text section.
fn encode_doc(w: &mut Writer, d: &Document, text_at: u64) {
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
    w.u64(text_at);
    w.usize(d.text.len());
    w.u64(checksum(d.text.as_bytes()));
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

/// The entities without their mentions: kind, id, name, value, aliases, mention count.
fn encode_entities(entities: &[Entity]) -> Vec<u8> {
    let mut w = Writer::default();
    w.usize(entities.len());
    for e in entities {
        super::write_entity_head(&mut w, e);
        w.usize(e.mentions.len());
    }
    w.buf
}

/// Every mention twice, as fixed-width little-endian `u32` records: first by entity (each
/// entity's mentions in its order: document, start, end), then by document (per document, the
/// number of mentions and of entities, each mention — start, end, entity — in the index's
/// order: start, longest first, entity — then the index's entity counts). A warm open copies
/// the first part into the entities as it lies, and checks the second against the texts, in
/// document order where each text is hot, building the index spans from it; a keyed sum over
/// both parts proves they hold the same mentions.
fn encode_mentions(documents: &[Document], entities: &[Entity], index: &Index) -> Vec<u8> {
    let n32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let mut by_doc: Vec<Vec<(u32, u32, u32)>> = vec![Vec::new(); documents.len()];
    let mut out = Vec::new();
    for (ei, e) in entities.iter().enumerate() {
        for m in &e.mentions {
            for v in [m.doc, m.start, m.end] {
                out.extend_from_slice(&v.to_le_bytes());
            }
            if let Some(v) = by_doc.get_mut(m.doc()) {
                v.push((m.start, m.end, n32(ei)));
            }
        }
    }
    let put = |out: &mut Vec<u8>, v: u32| out.extend_from_slice(&v.to_le_bytes());
    let none = Vec::new();
    for (d, mut ms) in by_doc.into_iter().enumerate() {
        ms.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let ents = index.doc_entities.get(d).unwrap_or(&none);
        put(&mut out, n32(ms.len()));
        put(&mut out, n32(ents.len()));
        for (start, end, e) in ms {
            put(&mut out, start);
            put(&mut out, end);
            put(&mut out, e);
        }
        for &(e, c) in ents {
            put(&mut out, e);
            put(&mut out, c);
        }
    }
    out
}

/// Writes the store for a corpus opened from `sources` (which gave `notices`), atomically (a
/// temporary file, then a rename). `index` is built here when not given. The texts are
/// streamed to the file, not gathered first.
pub fn write(
    path: &Path,
    validity: &Validity,
    sources: &[SourceFile],
    notices: &[Notice],
    documents: &[Document],
    entities: &[Entity],
    index: &Index,
) -> std::io::Result<()> {
    let mut meta = Writer::default();
    meta.str(super::ANALYZER_VERSION);
    validity.encode(&mut meta);
    meta.usize(notices.len());
    for n in notices {
        meta.str(&n.path);
        meta.str(&n.message);
    }
    meta.usize(sources.len());
    for s in sources {
        meta.str(&s.path);
        meta.u64(s.size);
        meta.u64(s.mtime_ns);
        meta.usize(s.docs.start);
        meta.usize(s.docs.end);
    }
    meta.usize(documents.len());
    meta.usize(entities.len());
    let mut docs = Writer::default();
    let mut text_len = 0u64;
    for d in documents {
        encode_doc(&mut docs, d, text_len);
        text_len += d.text.len() as u64;
    }
    let ents = encode_entities(entities);
    let idx = encode_mentions(documents, entities, index);
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&FORMAT.to_le_bytes());
    for sec in [&meta.buf, &docs.buf, &ents, &idx] {
        header.extend_from_slice(&(sec.len() as u64).to_le_bytes());
        header.extend_from_slice(&checksum(sec).to_le_bytes());
    }
    header.extend_from_slice(&text_len.to_le_bytes());
    header.extend_from_slice(&0u64.to_le_bytes());
    super::file::write_atomic(path, "docs", |f| {
        use std::io::Write;
        f.write_all(&header)?;
        for sec in [&meta.buf, &docs.buf, &ents, &idx] {
            f.write_all(sec)?;
        }
        for d in documents {
            f.write_all(d.text.as_bytes())?;
        }
        Ok(())
    })
}

/// The walk's files as a [`Validity`] lists them: (path as shown, size, mtime in ns).
pub type Files = Vec<(String, u64, u64)>;

/// Reads one source file again (its path as the store lists it), giving its documents as a
/// load with the store's options gives them: a stored text that fails its check on first use
/// is read from there instead.
pub type Reload = Box<dyn Fn(&str) -> Option<Vec<Document>> + Send + Sync>;

/// Opens the store at `path` if it is valid for `want`, and gives its corpus back, every part
/// checked (each text on its first use: see [`DocText`]).
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
                let checkable = now.iter().all(|f| f.2 != 0);
                let same = written_for.len() == now.len()
                    && written_for
                        .iter()
                        .zip(now)
                        .all(|(a, b)| a.0 == b.0 && a.1 == b.1 && a.2 == b.2);
                if checkable && same {
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

/// The store as its documents' texts borrow it: the texts mapped (their pages read as texts
/// are used), and the file, to read back one document's entry and mention records for the
/// check of its text on first use (read, not mapped: they stay out of the resident set).
struct Texts {
    path: PathBuf,
    file: std::fs::File,
    /// The text section; `None` when it is empty.
    texts: Option<memmap2::Mmap>,
    /// The documents and mentions sections: byte ranges of the file.
    docs: std::ops::Range<usize>,
    mentions: std::ops::Range<usize>,
    /// Per document: where its entry starts in the documents section, and its record in the
    /// mentions section; each ends where the next document's starts (or its section does).
    at: Vec<(usize, usize)>,
    sources: Vec<SourceFile>,
    reload: Option<Reload>,
    removed: std::sync::atomic::AtomicBool,
}

impl Texts {
    /// Document `doc`'s bytes in a section: `part` picks its start from `at`.
    fn part(
        &self,
        doc: usize,
        section: &std::ops::Range<usize>,
        part: fn(&(usize, usize)) -> usize,
    ) -> Option<Vec<u8>> {
        let start = part(self.at.get(doc)?);
        let end = self
            .at
            .get(doc + 1)
            .map_or(section.len(), part)
            .min(section.len());
        let mut buf = vec![0u8; end.checked_sub(start)?];
        read_at(&self.file, &mut buf, (section.start + start) as u64).ok()?;
        Some(buf)
    }

    fn entry(&self, doc: usize) -> Option<Entry> {
        decode_entry(&mut Reader::new(&self.part(doc, &self.docs, |a| a.0)?))
    }
}

impl TextSource for Texts {
    fn bytes(&self, at: usize, len: usize) -> Option<&[u8]> {
        match &self.texts {
            Some(m) => m.get(at..at.checked_add(len)?),
            None => (at == 0 && len == 0).then_some(&[][..]),
        }
    }

    fn ranges_fit(&self, doc: usize, text: &str) -> bool {
        let fits = || -> Option<bool> {
            let e = self.entry(doc)?;
            let b = |i: usize| text.is_char_boundary(i);
            let mut ranges = e.quiet.iter().chain(&e.pages);
            if e.len != text.len() || !b(e.body_start) || !ranges.all(|r| b(r.start) && b(r.end)) {
                return Some(false);
            }
            let bytes = self.part(doc, &self.mentions, |a| a.1)?;
            let n = u32_at(&bytes, 0)? as usize;
            for k in 0..n {
                let at = 8 + 12 * k;
                let (start, end) = (u32_at(&bytes, at)?, u32_at(&bytes, at + 4)?);
                if !b(start as usize) || !b(end as usize) {
                    return Some(false);
                }
            }
            Some(true)
        };
        fits().unwrap_or(false)
    }

    fn fallback(&self, doc: usize, len: usize, sum: u64) -> Option<String> {
        let source = self.sources.iter().find(|s| s.docs.contains(&doc))?;
        let docs = (self.reload.as_ref()?)(&source.path)?;
        let text = docs.into_iter().nth(doc - source.docs.start)?.text;
        (text.len() == len && checksum(text.as_bytes()) == sum).then(|| text.into_string())
    }

    fn damaged(&self, doc: usize, why: &str) -> Notice {
        use std::sync::atomic::Ordering::Relaxed;
        // The store is not trusted again: removed, so that the next open rebuilds it (the map
        // stays readable until it is dropped).
        if !self.removed.swap(true, Relaxed) {
            let _ = std::fs::remove_file(&self.path);
        }
        Notice {
            path: self
                .entry(doc)
                .map_or_else(|| format!("document {doc}"), |e| e.path),
            message: format!(
                "its text in the document store is damaged ({why}); the store is removed and \
                 rebuilt on the next open"
            ),
        }
    }
}

/// Reads and checks the store; also returns the files it was written for. The texts stay in
/// the map, each checked on its first use.
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
    let mut lens = [0usize; SECTIONS];
    for (s, len) in lens.iter_mut().enumerate() {
        *len = u64_at(&header, 16 + 16 * s)
            .and_then(|l| usize::try_from(l).ok())
            .ok_or_else(|| damaged("bad length"))?;
    }
    // The tables are mapped and read whole below (their pages brought in at once rather than
    // fault by fault); the texts are mapped apart, and read only as they are used.
    let text_at = lens[..SECTIONS - 1]
        .iter()
        .try_fold(HEADER_LEN, |a, &l| a.checked_add(l))
        .ok_or_else(|| damaged("bad length"))?;
    let text_len = lens[SECTIONS - 1];
    if text_at.checked_add(text_len).map(|e| e as u64) != Some(size) {
        return Err(damaged("truncated or trailing bytes"));
    }
    // SAFETY: the maps are read only; docent replaces this file by rename, never in place, so
    // the mapped bytes do not change under them (another program truncating it could fault,
    // as with any mapped file).
    let tables = unsafe {
        memmap2::MmapOptions::new()
            .len(text_at)
            .populate()
            .map(&file)
    }
    .map_err(|e| Problem::Damaged(e.to_string()))?;
    let texts = if text_len == 0 {
        None
    } else {
        // SAFETY: as above.
        let m = unsafe {
            memmap2::MmapOptions::new()
                .offset(text_at as u64)
                .len(text_len)
                .map(&file)
        }
        .map_err(|e| Problem::Damaged(e.to_string()))?;
        Some(m)
    };
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::with_capacity(SECTIONS - 1);
    let mut at = HEADER_LEN;
    for (s, &len) in lens[..SECTIONS - 1].iter().enumerate() {
        let bytes = tables
            .get(at..at + len)
            .ok_or_else(|| damaged("truncated"))?;
        if u64_at(&header, 24 + 16 * s) != Some(checksum(bytes)) {
            return Err(damaged("checksum mismatch"));
        }
        ranges.push(at..at + len);
        at += len;
    }
    let sec = |s: usize| &tables[ranges[s].clone()];
    let (written_for, notices, sources, ndocs, nents) =
        read_meta(sec(0), fingerprint, corrections)?;
    // The documents are decoded while the entities are, each part on its own core.
    let (docs, entities) = std::thread::scope(|s| {
        let ents = s.spawn(|| read_entities(sec(2)));
        let docs = read_docs(sec(1), text_len, ndocs);
        (docs, ents.join().ok().flatten())
    });
    let (mut documents, doc_at) = docs.ok_or_else(|| damaged("bad document"))?;
    let mut entities = entities
        .filter(|e| e.0.len() == nents)
        .ok_or_else(|| damaged("bad entities"))?;
    if sources
        .iter()
        .any(|s| s.docs.start > s.docs.end || s.docs.end > documents.len())
    {
        return Err(damaged("bad file table"));
    }
    let lens: Vec<usize> = documents.iter().map(|d| d.1).collect();
    let (index, mention_at) =
        read_mentions(sec(3), &lens, &mut entities).ok_or_else(|| damaged("bad mentions"))?;
    let entities = entities.0;
    // Everything needed from the tables is now in memory: their map is dropped (the first use
    // of a text reads back the few bytes it checks against).
    drop(tables);
    let (docs_range, mentions_range) = (ranges[1].clone(), ranges[3].clone());
    let source = std::sync::Arc::new(Texts {
        path: path.to_path_buf(),
        file,
        texts,
        docs: docs_range,
        mentions: mentions_range,
        at: doc_at.into_iter().zip(mention_at).collect(),
        sources: sources.clone(),
        reload,
        removed: std::sync::atomic::AtomicBool::new(false),
    });
    for (id, (d, len, e)) in documents.iter_mut().enumerate() {
        let shared: std::sync::Arc<dyn TextSource> = source.clone();
        d.text = DocText::stored(shared, id, e.0, *len, e.1);
    }
    Ok((
        Stored {
            documents: documents.into_iter().map(|d| d.0).collect(),
            entities,
            index,
            notices,
            sources,
        },
        written_for,
    ))
}

/// Fills `buf` from `file` at byte `at`.
#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

/// Fills `buf` from `file` at byte `at`.
#[cfg(not(unix))]
fn read_at(mut file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek};
    file.seek(std::io::SeekFrom::Start(at))?;
    file.read_exact(buf)
}

type Meta = (Files, Vec<Notice>, Vec<SourceFile>, usize, usize);

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
        r.at_end()
            .then_some((files, notices, sources, ndocs, nents))
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

/// One document's entry in the documents section: its metadata, where its text lies (offset,
/// length, checksum), and its ranges bounds-checked against that length.
struct Entry {
    path: String,
    record: Option<usize>,
    format: Format,
    title: String,
    date: Option<chrono::NaiveDate>,
    date_inferred: bool,
    url: Option<String>,
    at: usize,
    len: usize,
    sum: u64,
    body_start: usize,
    source_map: SourceMap,
    quiet: Vec<std::ops::Range<usize>>,
    pages: Vec<std::ops::Range<usize>>,
    fields: Vec<(String, String)>,
    parent: Option<String>,
}

fn decode_entry(r: &mut Reader<'_>) -> Option<Entry> {
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
    let at = r.usize()?;
    let len = r.usize()?;
    let sum = r.u64()?;
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
        at,
        len,
        sum,
        body_start,
        source_map,
        quiet,
        pages,
        fields,
        parent,
    })
}

/// A document as decoded, before its text is attached: (document without text, text length,
/// (text offset, checksum)).
type Decoded = (Document, usize, (usize, u64));

/// The documents' metadata from `table`, each text's place in the text section of `text_len`
/// bytes (in bounds), and where each entry starts in `table`.
fn read_docs(table: &[u8], text_len: usize, n: usize) -> Option<(Vec<Decoded>, Vec<usize>)> {
    let mut r = Reader::new(table);
    if n > table.len() {
        return None;
    }
    let mut out = Vec::with_capacity(n);
    let mut starts = Vec::with_capacity(n);
    for id in 0..n {
        starts.push(r.pos());
        let e = decode_entry(&mut r)?;
        if e.at.checked_add(e.len)? > text_len {
            return None;
        }
        let doc = Document {
            id,
            path: e.path,
            record: e.record,
            format: e.format,
            title: e.title,
            date: e.date,
            date_inferred: e.date_inferred,
            url: e.url,
            text: DocText::default(),
            body_start: e.body_start,
            source_map: e.source_map,
            quiet: e.quiet,
            pages: e.pages,
            fields: e.fields,
            parent: e.parent,
        };
        out.push((doc, e.len, (e.at, e.sum)));
    }
    r.at_end().then_some((out, starts))
}

/// The entities (their mention lists empty), their kinds and how many mentions each had.
type Entities = (Vec<Entity>, Vec<EntityKind>, Vec<usize>);

fn read_entities(bytes: &[u8]) -> Option<Entities> {
    let mut r = Reader::new(bytes);
    let n = r.count()?;
    let (mut out, mut kinds) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for _ in 0..n {
        let e = super::read_entity_head(&mut r)?;
        let nm = r.usize()?;
        kinds.push((e.kind, nm));
        out.push(e);
    }
    let (kinds, counts) = kinds.into_iter().unzip();
    r.at_end().then_some((out, kinds, counts))
}

/// One mention's share of the keyed sum that ties the two parts of the mentions section.
fn mix(key: u64, doc: u32, start: u32, end: u32, entity: u32) -> u64 {
    let f = |mut z: u64| {
        // splitmix64's finaliser.
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let a = f(key ^ (u64::from(doc) << 32 | u64::from(start)));
    let b = f(key.rotate_left(29) ^ (u64::from(end) << 32 | u64::from(entity)));
    a.wrapping_add(b.rotate_left(17))
}

/// The mentions section (see [`encode_mentions`]): the entities' lists from its first part,
/// each mention within its document's text (`lens`); the index from its second part, checked
/// the same way and for order, on another core, with where each document's record starts in
/// the section (its mentions are checked against its text's character boundaries on the text's
/// first use). The two parts must add up to the same keyed sum (a key drawn for this process),
/// so every mention in an entity's list is one of its document's records.
fn read_mentions(bytes: &[u8], lens: &[usize], ents: &mut Entities) -> Option<(Index, Vec<usize>)> {
    let (entities, kinds, counts) = ents;
    // Twelve bytes a mention: counts past the section's size are damage, not an allocation.
    let total = counts.iter().try_fold(0usize, |a, &n| a.checked_add(n))?;
    let split = total.checked_mul(12)?;
    let (by_entity, by_doc) = (bytes.get(..split)?, bytes.get(split..)?);
    let key = {
        use std::hash::{BuildHasher, Hasher};
        std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish()
    };
    let kinds: &[EntityKind] = kinds;
    let (lists, index) = std::thread::scope(|s| {
        let index = s.spawn(move || read_by_doc(by_doc, lens, kinds, key));
        (
            read_by_entity(by_entity, lens, counts, key),
            index.join().ok().flatten(),
        )
    });
    let ((lists, sum_e), (index, starts, sum_d)) = (lists?, index?);
    if sum_e != sum_d {
        return None;
    }
    for (e, list) in entities.iter_mut().zip(lists) {
        e.mentions = list;
    }
    Some((index, starts.into_iter().map(|a| a + split).collect()))
}

/// Each entity's mentions as stored (in the order analysis gave them), each within its
/// document's text; and their sum.
fn read_by_entity(
    bytes: &[u8],
    lens: &[usize],
    counts: &[usize],
    key: u64,
) -> Option<(Vec<Vec<crate::model::Mention>>, u64)> {
    let mut records = bytes.chunks_exact(12).map(|c| {
        let w = |i: usize| u32::from_le_bytes([c[i], c[i + 1], c[i + 2], c[i + 3]]);
        (w(0), w(4), w(8))
    });
    let mut sum = 0u64;
    let mut lists = Vec::with_capacity(counts.len());
    for (e, &n) in counts.iter().enumerate() {
        let entity = u32::try_from(e).ok()?;
        let mut list = Vec::with_capacity(n);
        for _ in 0..n {
            let (doc, start, end) = records.next()?;
            if start >= end || end as usize > *lens.get(doc as usize)? {
                return None;
            }
            sum = sum.wrapping_add(mix(key, doc, start, end, entity));
            list.push(crate::model::Mention { doc, start, end });
        }
        lists.push(list);
    }
    Some((lists, sum))
}

/// The index from the by-document part: every mention within its text (`lens`) and naming an
/// entity, in the index's order, kept as a span unless an earlier one overlaps it (as
/// [`Index::build`] does); where each document's record starts in `bytes`; and the sum of all
/// of them.
fn read_by_doc(
    bytes: &[u8],
    lens: &[usize],
    kinds: &[EntityKind],
    key: u64,
) -> Option<(Index, Vec<usize>, u64)> {
    let mut at = 0usize;
    let mut next = || {
        let v = u32_at(bytes, at)?;
        at += 4;
        Some(v)
    };
    let mut sum = 0u64;
    let mut doc_spans = Vec::with_capacity(lens.len());
    let mut doc_entities = Vec::with_capacity(lens.len());
    let mut starts = Vec::with_capacity(lens.len());
    let mut read = 0usize;
    for (di, &len) in lens.iter().enumerate() {
        starts.push(read);
        let doc = u32::try_from(di).ok()?;
        let (nm, ne) = (next()? as usize, next()? as usize);
        // Each record takes bytes: a count past what is left is damage, not an allocation.
        if nm.checked_mul(12)? > bytes.len() || ne.checked_mul(8)? > bytes.len() {
            return None;
        }
        let mut spans = Vec::with_capacity(nm);
        let mut last_end = 0u32;
        let mut prev: Option<(u32, u32, u32)> = None;
        for _ in 0..nm {
            let (start, end, e) = (next()?, next()?, next()?);
            let kind = *kinds.get(e as usize)?;
            if start >= end || end as usize > len {
                return None;
            }
            // In the index's order: start, longest first, entity.
            if let Some((ps, pe, pn)) = prev {
                if (ps, std::cmp::Reverse(pe), pn) > (start, std::cmp::Reverse(end), e) {
                    return None;
                }
            }
            prev = Some((start, end, e));
            sum = sum.wrapping_add(mix(key, doc, start, end, e));
            if spans.is_empty() || start >= last_end {
                last_end = end;
                spans.push(Span::new(start, end, e, kind));
            }
        }
        spans.shrink_to_fit();
        let mut ents = Vec::with_capacity(ne);
        for _ in 0..ne {
            let (e, c) = (next()?, next()?);
            if e as usize >= kinds.len() {
                return None;
            }
            ents.push((e, c));
        }
        doc_spans.push(spans);
        doc_entities.push(ents);
        read += 8 + 12 * nm + 8 * ne;
    }
    (at == bytes.len()).then_some((
        Index {
            doc_spans,
            doc_entities,
        },
        starts,
        sum,
    ))
}

#[cfg(test)]
mod tests;
