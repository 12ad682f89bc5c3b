//! The document store: a corpus as opened — every document (metadata and text), the linked
//! entities before corrections, the mention index, the files read and the notices they gave —
//! kept per corpus in the cache folder (`<corpus key>.docs`) and memory-mapped, so that a warm
//! open reads no source file, parses nothing and runs no analysis.
//!
//! It is valid for what a [`Validity`] says, checked the way the stored search is: the walk's
//! files (path, size, modification time in nanoseconds: one `stat` each, no read), the load
//! options (`fingerprint`) and the analyzer version. Corrections are not part of it: the store
//! holds the entities before them, and opening replays them as for any other open. Anything
//! changed, and the caller opens the corpus the ordinary way and writes the store anew.
//!
//! Nothing read from it is trusted: every section has a checksum (each document's text its
//! own), every length and offset is bounds-checked, texts must be UTF-8, and every range —
//! body start, quiet ranges, pages, mentions, index spans — must lie on character boundaries
//! of its text. A damaged file is [`Problem::Damaged`], never a panic.
//!
//! Layout: a 96-byte header (magic, format, then the length and checksum of five sections:
//! meta, documents, entities, index, text; the text's checksum is 0, each document carrying
//! its own), then the sections. Meta: version, validity, notices, the files read and their
//! document ranges. Documents: each one's metadata and its text's offset, length and checksum
//! in the text section. Entities: as in the index cache. Index: per document, its spans and
//! entity counts as fixed-width little-endian records.

use super::codec::{checksum, u32_at, u64_at, Reader, Writer};
use super::searchfile::{Problem, Validity};
use crate::index::{Index, Span};
use crate::load::SourceFile;
use crate::model::{Document, Entity, EntityKind, Format, Notice, SourceMap};
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"DOCENTDS";
const FORMAT: u64 = 1;
const SECTIONS: usize = 5;
const HEADER_LEN: usize = 16 + SECTIONS * 16;
const SPAN: usize = 13;
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

fn encode_index(index: &Index) -> Vec<u8> {
    let mut out = Vec::new();
    let put = |out: &mut Vec<u8>, v: u32| out.extend_from_slice(&v.to_le_bytes());
    let n32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    for (spans, ents) in index.doc_spans.iter().zip(&index.doc_entities) {
        put(&mut out, n32(spans.len()));
        put(&mut out, n32(ents.len()));
        for s in spans {
            put(&mut out, n32(s.start()));
            put(&mut out, n32(s.end()));
            put(&mut out, n32(s.entity()));
            out.push(s.kind.info().cache_code);
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
    let ents = super::encode_entities(entities);
    let idx = encode_index(index);
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&FORMAT.to_le_bytes());
    for sec in [&meta.buf, &docs.buf, &ents, &idx] {
        header.extend_from_slice(&(sec.len() as u64).to_le_bytes());
        header.extend_from_slice(&checksum(sec).to_le_bytes());
    }
    header.extend_from_slice(&text_len.to_le_bytes());
    header.extend_from_slice(&0u64.to_le_bytes());
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("no cache folder"))?;
    std::fs::create_dir_all(dir)?;
    crate::store::remove_stale_temps(dir, |name| {
        let at = name.rfind(TEMP)?;
        crate::store::pid_after(&name[at..], TEMP)
    });
    let tmp = path.with_extension(format!("docs.tmp{}", std::process::id()));
    let result = (|| {
        use std::io::Write;
        let mut f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
        f.write_all(&header)?;
        for sec in [&meta.buf, &docs.buf, &ents, &idx] {
            f.write_all(sec)?;
        }
        for d in documents {
            f.write_all(d.text.as_bytes())?;
        }
        let f = f.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Opens the store at `path` if it is valid for `want`, and gives its corpus back, every part
/// checked.
pub fn open(path: &Path, want: &Validity) -> Result<Stored, Problem> {
    let damaged = |why: &str| Problem::Damaged(why.to_string());
    let meta = std::fs::symlink_metadata(path).map_err(|_| Problem::Absent)?;
    if !meta.is_file() {
        return Err(damaged("not a regular file"));
    }
    let file = crate::store::open_regular(path).map_err(|e| Problem::Damaged(e.to_string()))?;
    // SAFETY: the map is read only; docent replaces this file by rename, never in place, so
    // the mapped bytes do not change under it (another program truncating it could fault, as
    // with any mapped file).
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| Problem::Damaged(e.to_string()))?;
    let b: &[u8] = &map;
    if b.len() < HEADER_LEN || &b[..8] != MAGIC {
        return Err(damaged("not a docent document store"));
    }
    if u64_at(b, 8) != Some(FORMAT) {
        return Err(Problem::Stale);
    }
    let mut secs: Vec<&[u8]> = Vec::with_capacity(SECTIONS);
    let mut at = HEADER_LEN;
    for s in 0..SECTIONS {
        let len = u64_at(b, 16 + 16 * s)
            .and_then(|l| usize::try_from(l).ok())
            .ok_or_else(|| damaged("bad length"))?;
        let end = at.checked_add(len).ok_or_else(|| damaged("bad length"))?;
        let bytes = b.get(at..end).ok_or_else(|| damaged("truncated"))?;
        // The text is checked per document, as it is read.
        if s + 1 < SECTIONS && u64_at(b, 24 + 16 * s) != Some(checksum(bytes)) {
            return Err(damaged("checksum mismatch"));
        }
        secs.push(bytes);
        at = end;
    }
    if at != b.len() {
        return Err(damaged("truncated or trailing bytes"));
    }
    let (notices, sources, ndocs, nents) = read_meta(secs[0], want)?;
    let documents = read_docs(secs[1], secs[4], ndocs).ok_or_else(|| damaged("bad document"))?;
    let entities = super::decode_entities(secs[2], &documents)
        .filter(|e| e.len() == nents)
        .ok_or_else(|| damaged("bad entities"))?;
    if sources
        .iter()
        .any(|s| s.docs.start > s.docs.end || s.docs.end > documents.len())
    {
        return Err(damaged("bad file table"));
    }
    let index =
        read_index(secs[3], &documents, entities.len()).ok_or_else(|| damaged("bad index"))?;
    Ok(Stored {
        documents,
        entities,
        index,
        notices,
        sources,
    })
}

type Meta = (Vec<Notice>, Vec<SourceFile>, usize, usize);

/// The meta section: stale unless written for `want` by this version.
fn read_meta(bytes: &[u8], want: &Validity) -> Result<Meta, Problem> {
    let bad = || Problem::Damaged("bad header".into());
    let mut r = Reader::new(bytes);
    if r.str() != Some(super::ANALYZER_VERSION) {
        return Err(Problem::Stale);
    }
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
    let rest = (|| {
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
        r.at_end().then_some((notices, sources, ndocs, nents))
    })();
    rest.ok_or_else(bad)
}

fn read_ranges(r: &mut Reader<'_>, text: &str) -> Option<Vec<std::ops::Range<usize>>> {
    let n = r.count()?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let (s, e) = (r.usize()?, r.usize()?);
        if s > e || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            return None;
        }
        out.push(s..e);
    }
    Some(out)
}

/// The documents: metadata from `table`, each text from `texts` (checksum, UTF-8).
fn read_docs(table: &[u8], texts: &[u8], n: usize) -> Option<Vec<Document>> {
    let mut r = Reader::new(table);
    if n > table.len() {
        return None;
    }
    let mut out = Vec::with_capacity(n);
    for id in 0..n {
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
        let bytes = texts.get(at..at.checked_add(len)?)?;
        if checksum(bytes) != sum {
            return None;
        }
        let text = std::str::from_utf8(bytes).ok()?;
        let body_start = r.usize()?;
        if !text.is_char_boundary(body_start) {
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
        let quiet = read_ranges(&mut r, text)?;
        let pages = read_ranges(&mut r, text)?;
        let nf = r.count()?;
        let mut fields = Vec::with_capacity(nf);
        for _ in 0..nf {
            fields.push((r.str()?.to_string(), r.str()?.to_string()));
        }
        let parent = r.opt_str()?.map(str::to_string);
        out.push(Document {
            id,
            path,
            record,
            format,
            title,
            date,
            date_inferred,
            url,
            text: text.to_string(),
            body_start,
            source_map,
            quiet,
            pages,
            fields,
            parent,
        });
    }
    r.at_end().then_some(out)
}

/// The mention index, each span checked against its document's text and the entities.
fn read_index(bytes: &[u8], docs: &[Document], entities: usize) -> Option<Index> {
    let mut at = 0usize;
    let mut next = |width: usize| {
        let v = if width == 1 {
            u32::from(*bytes.get(at)?)
        } else {
            u32_at(bytes, at)?
        };
        at += width;
        Some(v)
    };
    let mut doc_spans = Vec::with_capacity(docs.len());
    let mut doc_entities = Vec::with_capacity(docs.len());
    for d in docs {
        let (ns, ne) = (next(4)? as usize, next(4)? as usize);
        // Each record takes bytes: a count past what is left is damage, not an allocation.
        if ns.checked_mul(SPAN)? > bytes.len() || ne.checked_mul(8)? > bytes.len() {
            return None;
        }
        let mut spans = Vec::with_capacity(ns);
        let mut last_end = 0u32;
        for _ in 0..ns {
            let (start, end, entity) = (next(4)?, next(4)?, next(4)?);
            let kind = EntityKind::from_cache_code(u8::try_from(next(1)?).ok()?)?;
            let ok = start < end
                && start >= last_end
                && (entity as usize) < entities
                && (end as usize) <= d.text.len()
                && d.text.is_char_boundary(start as usize)
                && d.text.is_char_boundary(end as usize);
            if !ok {
                return None;
            }
            last_end = end;
            spans.push(Span::new(start, end, entity, kind));
        }
        let mut ents = Vec::with_capacity(ne);
        for _ in 0..ne {
            let (e, c) = (next(4)?, next(4)?);
            if e as usize >= entities {
                return None;
            }
            ents.push((e, c));
        }
        doc_spans.push(spans);
        doc_entities.push(ents);
    }
    (at == bytes.len()).then_some(Index {
        doc_spans,
        doc_entities,
    })
}

#[cfg(test)]
mod tests;
