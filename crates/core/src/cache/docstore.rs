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
//! Layout (format 6): a 176-byte header (magic, format, then the length and checksum of ten
//! sections: postings, meta, entity chunks, chunks, entity rows, entity names, rows,
//! documents, records, text), then the sections in that order. Only meta and the two chunk
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
const FORMAT: u64 = 6;
const SECTIONS: usize = 10;
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
    name.ends_with(".docs") || name.contains(TEMP)
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

/// The entity tables: per chunk of [`ENTITY_CHUNK`] entities, where their names start in the
/// names section and the checksums of their rows and of their names (24 bytes); per entity
/// its row (its postings' place, count, document count and checksum, its names' offset, its
/// ranks by name and by date, kind, whether it has a value); per entity its names (kind, id,
/// name, value, aliases). Returns (chunk table, rows, names).
fn encode_entity_tables(entities: &Entities, postings: &[Item]) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let n = entities.len();
    let rank = |mut order: Vec<usize>| {
        let mut ranks = vec![0u32; n];
        for (r, i) in order.drain(..).enumerate() {
            ranks[i] = u32::try_from(r).unwrap_or(u32::MAX);
        }
        ranks
    };
    // The side list's orders, so that it sorts by kind and count without the names.
    let by_name = by_lowercase_name(entities);
    let mut by_date: Vec<usize> = (0..n)
        .filter(|&i| entities[i].kind == EntityKind::Date)
        .collect();
    by_date.sort_by_cached_key(|&i| {
        let v = entities[i].value.as_deref().unwrap_or_default();
        (crate::text::date_key(v), i)
    });
    let (name_rank, date_rank) = (rank(by_name), rank(by_date));
    let (mut chunks, mut rows, mut names) = (
        Vec::new(),
        Vec::with_capacity(n * ENTITY_ROW),
        Writer::default(),
    );
    let mut at = 0u64;
    let n32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    for from in (0..n).step_by(ENTITY_CHUNK) {
        let (names_from, rows_from) = (names.buf.len(), rows.len());
        for i in from..(from + ENTITY_CHUNK).min(n) {
            let (e, p) = (&entities[i], postings.get(i).copied().unwrap_or_default());
            for v in [at, p.sum, names.buf.len() as u64] {
                rows.extend_from_slice(&v.to_le_bytes());
            }
            for v in [n32(p.mentions), n32(p.other), name_rank[i], date_rank[i]] {
                rows.extend_from_slice(&v.to_le_bytes());
            }
            rows.push(super::kind_code(e.kind));
            rows.push(u8::from(e.value.is_some()));
            rows.extend_from_slice(&[0; 6]);
            super::write_entity_head(&mut names, e);
            at += p.mentions as u64;
        }
        for v in [
            names_from as u64,
            checksum(&rows[rows_from..]),
            checksum(&names.buf[names_from..]),
        ] {
            chunks.extend_from_slice(&v.to_le_bytes());
        }
    }
    (chunks, rows, names.buf)
}

/// The entities' numbers sorted by lowercase name, ties by number. The lowercased names lie
/// in one buffer (an ASCII name lowercased byte by byte, as `to_lowercase` would), not a
/// `String` each: a sort key per entity was ~60 bytes (2 million entities at a million
/// documents).
fn by_lowercase_name(entities: &Entities) -> Vec<usize> {
    let n = entities.len();
    let (mut lower, mut ends) = (Vec::new(), Vec::with_capacity(n + 1));
    ends.push(0usize);
    for e in entities.iter() {
        if e.name.is_ascii() {
            lower.extend(e.name.bytes().map(|b| b.to_ascii_lowercase()));
        } else {
            lower.extend_from_slice(e.name.to_lowercase().as_bytes());
        }
        ends.push(lower.len());
    }
    let key = |i: usize| lower.get(ends[i]..ends[i + 1]).unwrap_or_default();
    let mut order: Vec<usize> = (0..n).collect();
    // Byte order is `String`'s order; the number breaks ties, so unstable is stable here.
    order.sort_unstable_by(|&a, &b| key(a).cmp(key(b)).then(a.cmp(&b)));
    order
}

/// One mention as the postings hold it: (document, start, end), little-endian.
fn posting(m: &crate::model::Mention) -> [u8; 12] {
    let mut b = [0u8; 12];
    for (i, v) in [m.doc, m.start, m.end].into_iter().enumerate() {
        b[4 * i..4 * i + 4].copy_from_slice(&v.to_le_bytes());
    }
    b
}

/// Writes the postings section: every entity's mentions in its order (document, start), 12
/// bytes each, in one pass over the lists that also gives each entity's item and counts each
/// document's mentions for `by_doc` (a list read once: at a million documents the lists are
/// ~1.4 GB, mapped). The section's length.
fn write_postings(
    f: &mut impl std::io::Write,
    entities: &Entities,
    by_doc: &mut ByDoc<'_>,
    items: &mut Vec<Item>,
) -> std::io::Result<u64> {
    items.reserve_exact(entities.len());
    let (mut buf, mut total) = (Vec::with_capacity(1 << 16), 0u64);
    for (ei, e) in entities.iter().enumerate() {
        let ms: &[crate::model::Mention] = &e.mentions;
        let mut sum = Checksum::new(12 * ms.len() as u64);
        for part in ms.chunks(4096) {
            buf.clear();
            for m in part {
                buf.extend_from_slice(&posting(m));
            }
            sum.update(&buf);
            f.write_all(&buf)?;
        }
        by_doc.count(ei, ms);
        total += 12 * ms.len() as u64;
        items.push(Item {
            mentions: ms.len(),
            other: e.mentions.doc_count(),
            sum: sum.finish(),
        });
    }
    by_doc.counted();
    Ok(total)
}

/// The documents' mentions (start, end, entity), a window of documents at a time: each
/// document's count first (a counting sort's), then the mentions of as many documents as hold
/// up to [`WINDOW`] mentions gathered from the entities' lists, document after document. 12
/// bytes a mention of the window, not of the corpus (the whole list was 12 bytes a mention,
/// ~1.4 GB at a million documents). The lists are sorted by document, so each entity keeps a
/// cursor (where its next unread mention is, and that mention's document): a window reads
/// only the lists with a mention in it, from where the last window stopped, so every mention
/// is read once whatever the number of windows (searching every list for every window grew
/// as entities × windows: with the corpus's square). Documents are asked for in order; a
/// window asked for out of order sets the cursors again by searching the lists.
struct ByDoc<'e> {
    entities: &'e Entities,
    /// Where each document's mentions start among all, and their end last.
    starts: Vec<usize>,
    /// The window's documents, and their mentions: document `lo + i`'s at `starts[lo + i] -
    /// starts[lo]`.
    lo: usize,
    hi: usize,
    spans: Vec<(u32, u32, u32)>,
    /// Every entity's list sorted by document (as linking and the store give them); else the
    /// window is the whole corpus, each list walked whole.
    sorted: bool,
    /// Mentions gathered at a time ([`WINDOW`]).
    window: usize,
    /// Per entity, its next unread mention (sorted lists; set for windows from `hi`)...
    cursor: Vec<usize>,
    /// ...and that mention's document (`u32::MAX` past the list's end), so that a window
    /// skips a list with nothing in it without reading the list.
    next_doc: Vec<u32>,
}

/// Mentions gathered at a time by [`ByDoc`] (at least one document's).
const WINDOW: usize = 4 << 20;

impl<'e> ByDoc<'e> {
    /// Nothing counted yet: [`ByDoc::count`] each entity's list, then [`ByDoc::counted`].
    fn new(documents: &Documents, entities: &'e Entities) -> ByDoc<'e> {
        ByDoc {
            entities,
            starts: vec![0usize; documents.len() + 1],
            lo: 0,
            hi: 0,
            spans: Vec::new(),
            sorted: true,
            window: WINDOW,
            cursor: vec![0; entities.len()],
            next_doc: vec![u32::MAX; entities.len()],
        }
    }

    /// Counts entity `ei`'s mentions `ms` per document.
    fn count(&mut self, ei: usize, ms: &[crate::model::Mention]) {
        let n = self.starts.len() - 1;
        for m in ms {
            if let Some(c) = self.starts.get_mut(m.doc() + 1).filter(|_| m.doc() < n) {
                *c += 1;
            }
        }
        self.sorted &= ms.windows(2).all(|w| w[0].doc() <= w[1].doc());
        if let Some(d) = self.next_doc.get_mut(ei) {
            *d = ms.first().map_or(u32::MAX, |m| m.doc);
        }
    }

    /// Every list counted: the documents' starts.
    fn counted(&mut self) {
        for i in 0..self.starts.len() - 1 {
            self.starts[i + 1] += self.starts[i];
        }
    }

    /// Every list counted ([`ByDoc::new`], [`ByDoc::count`], [`ByDoc::counted`]).
    #[cfg(test)]
    fn of(documents: &Documents, entities: &'e Entities) -> ByDoc<'e> {
        let mut by = ByDoc::new(documents, entities);
        for (ei, e) in entities.iter().enumerate() {
            by.count(ei, &e.mentions);
        }
        by.counted();
        by
    }

    /// Gathers the window of documents from `lo`.
    fn gather(&mut self, lo: usize) {
        let n32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let n = self.starts.len() - 1;
        let base = self.starts[lo];
        let mut hi = (lo + 1).min(n);
        while hi < n && (!self.sorted || self.starts[hi + 1] - base <= self.window) {
            hi += 1;
        }
        let mut next: Vec<usize> = self.starts[lo..hi].iter().map(|s| s - base).collect();
        self.spans.clear();
        self.spans.resize(self.starts[hi] - base, (0, 0, 0));
        if self.sorted && lo != self.hi {
            // Not the window after the last one: each cursor set by a search of its list.
            for (ei, e) in self.entities.iter().enumerate() {
                let ms: &[crate::model::Mention] = &e.mentions;
                let at = ms.partition_point(|m| m.doc() < lo);
                self.cursor[ei] = at;
                self.next_doc[ei] = ms.get(at).map_or(u32::MAX, |m| m.doc);
            }
        }
        let spans = &mut self.spans;
        let mut put = |ei: usize, m: &crate::model::Mention| {
            if let Some(at) = (lo..hi)
                .contains(&m.doc())
                .then(|| next.get_mut(m.doc() - lo))
                .flatten()
            {
                if let Some(slot) = spans.get_mut(*at) {
                    *slot = (m.start, m.end, n32(ei));
                }
                *at += 1;
            }
        };
        if self.sorted {
            for (ei, d) in self.next_doc.iter_mut().enumerate() {
                if (*d as usize) >= hi {
                    continue;
                }
                let ms: &[crate::model::Mention] = &self.entities[ei].mentions;
                let mut c = self.cursor[ei];
                while let Some(m) = ms.get(c).filter(|m| m.doc() < hi) {
                    put(ei, m);
                    c += 1;
                }
                self.cursor[ei] = c;
                *d = ms.get(c).map_or(u32::MAX, |m| m.doc);
            }
        } else {
            for (ei, e) in self.entities.iter().enumerate() {
                for m in &e.mentions {
                    put(ei, m);
                }
            }
        }
        (self.lo, self.hi) = (lo, hi);
    }

    /// Document `i`'s mentions.
    fn doc(&mut self, i: usize) -> &mut [(u32, u32, u32)] {
        if i < self.lo || i >= self.hi {
            self.gather(i);
        }
        let base = self.starts[self.lo];
        let (a, b) = (self.starts[i] - base, self.starts[i + 1] - base);
        self.spans.get_mut(a..b).unwrap_or_default()
    }
}

/// One document's record into `out` (cleared first): every mention of it (start, end, entity;
/// in the index's order: start, longest first, entity), then the index's entity counts; and
/// its item. The entity counts are the index's ([`Index::build`]), computed a document at a
/// time rather than from an index of the whole corpus.
fn encode_record(
    ms: &mut [(u32, u32, u32)],
    (spans, ents): &mut (Vec<crate::index::Span>, Vec<(u32, u32)>),
    out: &mut Vec<u8>,
) -> Item {
    let put = |out: &mut Vec<u8>, v: u32| out.extend_from_slice(&v.to_le_bytes());
    out.clear();
    ms.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    // The kind plays no part in the counts.
    spans.clear();
    ents.clear();
    spans.extend(
        ms.iter()
            .map(|&(s, e, ent)| crate::index::Span::new(s, e, ent, EntityKind::Date)),
    );
    crate::index::finish_doc(spans, ents);
    for &(start, end, e) in ms.iter() {
        put(out, start);
        put(out, end);
        put(out, e);
    }
    for &(e, c) in ents.iter() {
        put(out, e);
        put(out, c);
    }
    Item {
        mentions: ms.len(),
        other: ents.len(),
        sum: checksum(out),
    }
}

/// Writes the records section, encoded once: each document's item, and the section's length.
fn write_records(
    f: &mut impl std::io::Write,
    by_doc: &mut ByDoc<'_>,
) -> std::io::Result<(Vec<Item>, u64)> {
    let n = by_doc.starts.len().saturating_sub(1);
    let mut items = Vec::with_capacity(n);
    let (mut bufs, mut out, mut total) = (Default::default(), Vec::new(), 0u64);
    for i in 0..n {
        items.push(encode_record(by_doc.doc(i), &mut bufs, &mut out));
        total += out.len() as u64;
        f.write_all(&out)?;
    }
    Ok((items, total))
}

/// Encodes the documents' rows and entries ([`encode_row`], [`encode_doc`]) a chunk of
/// [`CHUNK`] documents at a time, each chunk's given to `each` (rows, entries); the texts'
/// length. Without `per_doc` (the records' items) the entries alone (the rows empty, the
/// length 0). Called once as the entries are written, then once for the rows and the chunk
/// table: encoding is cheap beside holding every document's (~0.5 KB each).
fn doc_chunks(
    documents: &Documents,
    per_doc: Option<&[Item]>,
    aside: Option<&super::texts::SetAside>,
    mut each: impl FnMut(&[u8], &[u8]) -> std::io::Result<()>,
) -> std::io::Result<u64> {
    let (mut docs, mut rows) = (Writer::default(), Vec::with_capacity(CHUNK * ROW));
    let (mut entry_at, mut text_len, mut record_at) = (0u64, 0u64, 0u64);
    for from in (0..documents.len()).step_by(CHUNK) {
        docs.buf.clear();
        rows.clear();
        for i in from..(from + CHUNK).min(documents.len()) {
            let d = &documents[i];
            if let Some(per_doc) = per_doc {
                let rec = per_doc.get(i).copied().unwrap_or_default();
                let (len, sum) = aside
                    .and_then(|a| a.len_sum(i))
                    .unwrap_or_else(|| (d.text.len() as u64, checksum(d.text.as_bytes())));
                encode_row(
                    &mut rows,
                    entry_at + docs.buf.len() as u64,
                    (text_len, len, sum),
                    record_at,
                    rec,
                );
                text_len += len;
                record_at += (12 * rec.mentions + 8 * rec.other) as u64;
            }
            encode_doc(&mut docs, d);
        }
        entry_at += docs.buf.len() as u64;
        each(&rows, &docs.buf)?;
    }
    Ok(text_len)
}

/// Writes the store for a corpus opened from `sources` (which gave `notices`), atomically (a
/// temporary file, then a rename). The texts are streamed to the file, not gathered first.
pub fn write(
    path: &Path,
    validity: &Validity,
    sources: &[SourceFile],
    notices: &[Notice],
    documents: &Documents,
    entities: &Entities,
) -> std::io::Result<()> {
    write_with(path, validity, sources, notices, documents, entities, None)
}

/// [`write`], the texts `aside` holds copied from its file instead of `documents`.
pub fn write_with(
    path: &Path,
    validity: &Validity,
    sources: &[SourceFile],
    notices: &[Notice],
    documents: &Documents,
    entities: &Entities,
    aside: Option<&super::texts::SetAside>,
) -> std::io::Result<()> {
    let mut meta = validity.meta_head(notices);
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
    // The least and greatest path: the folder every document shares, without decoding them.
    let (mut least, mut most): (Option<&str>, Option<&str>) = (None, None);
    for d in documents.iter() {
        least = Some(least.map_or(d.path.as_str(), |l| l.min(d.path.as_str())));
        most = Some(most.map_or(d.path.as_str(), |m| m.max(d.path.as_str())));
    }
    meta.str(least.unwrap_or(""));
    meta.str(most.unwrap_or(""));
    let mark = super::phases::mark;
    mark("store: meta");
    // Written in one pass over the postings and one over the records, each section in its
    // place; the chunk table, the rows (which hold each record's item) and the header are
    // written last, over the room left for them (their sizes are known first).
    let n = documents.len();
    super::file::write_atomic(path, "docs", |f| {
        use std::io::{Seek, SeekFrom, Write};
        f.write_all(&[0u8; HEADER_LEN])?;
        let mut by_doc = ByDoc::new(documents, entities);
        let mut per_entity = Vec::new();
        let postings_len = write_postings(f, entities, &mut by_doc, &mut per_entity)?;
        mark("store: postings written");
        let (ent_chunks, ent_rows, ent_names) = encode_entity_tables(entities, &per_entity);
        drop(per_entity);
        mark("store: entity tables");
        // Each section dropped once written: the header keeps only its length and checksum
        // (the meta lists every file, the entity tables grow with the entities).
        let put = |f: &mut std::io::BufWriter<std::fs::File>, sec: Vec<u8>, summed: bool| {
            f.write_all(&sec)
                .map(|()| (sec.len() as u64, if summed { checksum(&sec) } else { 0 }))
        };
        let meta = put(f, meta.buf, true)?;
        let ent_chunks = put(f, ent_chunks, true)?;
        let chunks_at = f.stream_position()?;
        let chunks_len = n.div_ceil(CHUNK) * CHUNK_ENTRY;
        f.seek(SeekFrom::Current(chunks_len as i64))?;
        let ent_rows = put(f, ent_rows, false)?;
        let ent_names = put(f, ent_names, false)?;
        let rows_at = f.stream_position()?;
        let rows_len = (n * ROW) as u64;
        f.seek(SeekFrom::Current(rows_len as i64))?;
        let mut docs_len = 0u64;
        doc_chunks(documents, None, aside, |_, docs| {
            docs_len += docs.len() as u64;
            f.write_all(docs)
        })?;
        mark("store: documents written");
        let (per_doc, records_len) = write_records(f, &mut by_doc)?;
        drop(by_doc);
        mark("store: records written");
        match aside {
            Some(a) => a.copy_into(documents, f)?,
            None => {
                for d in documents.iter() {
                    f.write_all(d.text.as_bytes())?;
                }
            }
        }
        mark("store: texts copied");
        // Per chunk of documents: where its entries start, the checksum of its rows and of
        // its entries.
        f.seek(SeekFrom::Start(rows_at))?;
        let (mut chunks, mut entries_at) = (Vec::with_capacity(chunks_len), 0u64);
        let text_len = doc_chunks(documents, Some(&per_doc), aside, |rows, docs| {
            for v in [entries_at, checksum(rows), checksum(docs)] {
                chunks.extend_from_slice(&v.to_le_bytes());
            }
            entries_at += docs.len() as u64;
            f.write_all(rows)
        })?;
        f.seek(SeekFrom::Start(chunks_at))?;
        f.write_all(&chunks)?;
        let mut header = Vec::with_capacity(HEADER_LEN);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&FORMAT.to_le_bytes());
        // Meta and the two chunk tables are read at open; the postings and the rest carry a
        // checksum per item or chunk (in the rows and the chunk tables), not one whole.
        header.extend_from_slice(&postings_len.to_le_bytes());
        header.extend_from_slice(&0u64.to_le_bytes());
        for (len, sum) in [
            meta,
            ent_chunks,
            (chunks.len() as u64, checksum(&chunks)),
            ent_rows,
            ent_names,
            (rows_len, 0),
            (docs_len, 0),
        ] {
            header.extend_from_slice(&len.to_le_bytes());
            header.extend_from_slice(&sum.to_le_bytes());
        }
        // The records: their length, and no checksum of the whole (one per document's row).
        header.extend_from_slice(&records_len.to_le_bytes());
        header.extend_from_slice(&0u64.to_le_bytes());
        header.extend_from_slice(&text_len.to_le_bytes());
        header.extend_from_slice(&0u64.to_le_bytes());
        f.seek(SeekFrom::Start(0))?;
        f.write_all(&header)?;
        mark("store: rows and header written");
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
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::with_capacity(SECTIONS);
    let mut at = HEADER_LEN;
    for s in 0..SECTIONS {
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
        texts: ranges[9].clone(),
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

#[cfg(test)]
mod tests;
