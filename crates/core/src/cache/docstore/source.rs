//! The opened store as what it lends: each document's text ([`TextSource`]), each entity's
//! postings ([`MentionSource`]) and each document's record ([`SpanSource`]), all read from one
//! memory map of the file as they are used — nothing of them is read at open — and each
//! checked against its own checksum, kept in the tables read at open.

use super::{checksum, decode_entry, u32_at, u64_at, Entry, Reader, Reload, CHUNK, ROW};
use super::{ENTITY_CHUNK, ENTITY_ROW};
use crate::index::{Span, SpanSource};
use crate::load::SourceFile;
use crate::model::{ChunkSource, TextSource};
use crate::model::{DocSource, DocText, Document, EntityKind, Mention, MentionSource, Notice};
use crate::model::{Entity, EntityRow, EntitySource, MentionTable};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::{Arc, Mutex, OnceLock, Weak};

/// One chunk of documents in the chunk table: where its entries start in the documents
/// section, and the checksums of its rows and of its entries.
#[derive(Clone, Copy, Debug)]
pub(super) struct Chunk {
    pub entries: usize,
    pub rows_sum: u64,
    pub entries_sum: u64,
}

/// One document's row, as read from the map (its chunk's rows checked).
#[derive(Clone, Copy, Debug)]
pub(super) struct Row {
    /// Its entry's start in the documents section.
    pub entry: usize,
    /// Its text's offset, length and checksum in the text section.
    pub text_at: usize,
    pub len: usize,
    pub text_sum: u64,
    /// Its record's start in the records section, its mention and entity counts, checksum.
    pub record: usize,
    pub mentions: u32,
    pub entities: u32,
    pub sum: u64,
}

/// One document's record as stored: its mentions (start, end, entity) and entity counts.
type Record = (Vec<(u32, u32, u32)>, Vec<(u32, u32)>);

pub(super) struct Store {
    /// Itself, for the texts of the documents it decodes.
    pub me: Weak<Store>,
    pub path: PathBuf,
    /// The whole file, read as it is used.
    pub map: memmap2::Mmap,
    /// Byte ranges of the file.
    pub postings: Range<usize>,
    pub entity_rows: Range<usize>,
    pub names: Range<usize>,
    pub rows: Range<usize>,
    pub docs: Range<usize>,
    pub records: Range<usize>,
    /// The texts file (its own map: [`super::textfile`]) and the texts' range in it.
    pub text_map: memmap2::Mmap,
    pub texts: Range<usize>,
    /// How many documents.
    pub n: usize,
    /// The least and greatest document path (byte order).
    pub path_bounds: (String, String),
    /// The chunk table (checked at open).
    pub chunks: Vec<Chunk>,
    /// Per chunk, once its rows have been checked: did they pass?
    pub rows_checked: Box<[OnceLock<bool>]>,
    /// How many entities.
    pub nents: usize,
    /// The entities' chunk table (checked at open): `entries` is where the chunk's names
    /// start in the names section.
    pub entity_chunks: Vec<Chunk>,
    /// Per chunk of entities, once its rows have been checked: did they pass?
    pub entity_rows_checked: Box<[OnceLock<bool>]>,
    pub sources: std::sync::Arc<Vec<SourceFile>>,
    pub reload: Option<Reload>,
    pub removed: AtomicBool,
    /// Documents whose damaged record has been said (once each).
    pub said: Mutex<Vec<usize>>,
}

impl Store {
    /// Chunk `k`'s rows, unchecked.
    fn chunk_rows(&self, k: usize) -> Option<&[u8]> {
        let from = k.checked_mul(CHUNK)?;
        let to = (from + CHUNK).min(self.n);
        if from >= to {
            return None;
        }
        self.map
            .get(self.rows.start + from * ROW..self.rows.start + to * ROW)
    }

    /// Document `doc`'s row: `None` when its chunk's rows fail their checksum (said once, and
    /// the store removed) or a number in it is out of range.
    pub(super) fn row(&self, doc: usize) -> Option<Row> {
        let k = doc / CHUNK;
        let sum = self.chunks.get(k).map(|c| c.rows_sum);
        let table = ("documents", CHUNK, self.n);
        let b = self.checked_rows(&self.rows_checked, k, self.chunk_rows(k), sum, table)?;
        let at = (doc % CHUNK) * ROW;
        let u = |i: usize| u64_at(b, at + i).and_then(|v| usize::try_from(v).ok());
        Some(Row {
            entry: u(0)?,
            text_at: u(8)?,
            len: u(16)?,
            text_sum: u64_at(b, at + 24)?,
            record: u(32)?,
            mentions: u32_at(b, at + 40)?,
            entities: u32_at(b, at + 44)?,
            sum: u64_at(b, at + 48)?,
        })
    }

    /// Chunk `k`'s `rows` of a table (`what`, `per` rows to a chunk, `n` in all), once checked
    /// against `sum`: the check runs on the chunk's first use and is kept in `checked`; a
    /// failure is said once (and the store removed), and the rows are `None` from then on.
    fn checked_rows<'a>(
        &self,
        checked: &[OnceLock<bool>],
        k: usize,
        rows: Option<&'a [u8]>,
        sum: Option<u64>,
        (what, per, n): (&str, usize, usize),
    ) -> Option<&'a [u8]> {
        let ok = checked.get(k)?.get_or_init(|| {
            let fine = rows.zip(sum).is_some_and(|(b, sum)| checksum(b) == sum);
            if !fine {
                self.chunk_damaged(&format!("the rows of {what}"), (per, n), k, "");
            }
            fine
        });
        rows.filter(|_| *ok)
    }

    /// Says that chunk `k` of a table (`per` items to a chunk, `n` in all) is damaged, as
    /// "`label` 1–256 in the document store are damaged`detail`; …", once per chunk (each
    /// caller decodes or checks a chunk once), and removes the store so the next open
    /// rebuilds it. Gives the chunk's items.
    fn chunk_damaged(
        &self,
        label: &str,
        (per, n): (usize, usize),
        k: usize,
        detail: &str,
    ) -> Range<usize> {
        self.remove();
        let (from, to) = (k * per, ((k + 1) * per).min(n));
        crate::model::keep_notice(Notice {
            path: self.path.display().to_string(),
            message: format!(
                "{label} {}–{to} in the document store are damaged{detail}; the store is \
                 removed and rebuilt on the next open",
                from + 1
            ),
        });
        from..to
    }

    /// Document `doc`'s entry (decoded anew: for a notice's path and the text's check).
    fn entry(&self, doc: usize) -> Option<Entry> {
        let row = self.row(doc)?;
        let bytes = self
            .map
            .get(self.docs.start.checked_add(row.entry)?..self.docs.end)?;
        decode_entry(&mut Reader::new(bytes), row.len)
    }

    /// The path of the file holding document `doc` (for notices about it).
    fn file_of(&self, doc: usize) -> String {
        self.sources
            .iter()
            .find(|s| s.docs.contains(&doc))
            .map_or_else(|| format!("document {}", doc + 1), |s| s.path.clone())
    }

    /// Chunk `k`'s documents, checked (rows and entries against their checksums, each entry
    /// where its row says, each text in bounds): `Err` says why not.
    fn decode_chunk(&self, k: usize) -> Result<Vec<Document>, &'static str> {
        let from = k * CHUNK;
        let to = (from + CHUNK).min(self.n);
        let c = self.chunks.get(k).ok_or("no such chunk")?;
        let end = self
            .chunks
            .get(k + 1)
            .map_or(self.docs.len(), |n| n.entries);
        let bytes = self
            .map
            .get(self.docs.start + c.entries..self.docs.start + end)
            .ok_or("out of bounds")?;
        if checksum(bytes) != c.entries_sum {
            return Err("checksum mismatch");
        }
        let source: Arc<dyn TextSource> = self.me.upgrade().ok_or("closed")?;
        let mut r = Reader::new(bytes);
        let mut out = Vec::with_capacity(to - from);
        for id in from..to {
            let row = self.row(id).ok_or("damaged rows")?;
            if row.entry != c.entries + r.pos() {
                return Err("an entry out of place");
            }
            if row
                .text_at
                .checked_add(row.len)
                .is_none_or(|e| e > self.texts.len())
            {
                return Err("a text out of bounds");
            }
            let e = decode_entry(&mut r, row.len).ok_or("a bad entry")?;
            out.push(Document {
                id,
                path: e.path,
                record: e.record,
                format: e.format,
                title: e.title,
                date: e.date,
                date_inferred: e.date_inferred,
                url: e.url,
                text: DocText::stored(Arc::clone(&source), id, row.text_at, row.len, row.text_sum),
                body_start: e.body_start,
                source_map: e.source_map,
                quiet: e.quiet,
                pages: e.pages,
                fields: e.fields,
                parent: e.parent,
            });
        }
        if !r.at_end() {
            return Err("trailing bytes");
        }
        Ok(out)
    }

    /// Document `doc`'s record bytes, unchecked.
    fn record_bytes(&self, doc: usize) -> Option<&[u8]> {
        let a = self.row(doc)?;
        let len = 12 * a.mentions as usize + 8 * a.entities as usize;
        let start = self.records.start.checked_add(a.record)?;
        let end = start.checked_add(len)?;
        if end > self.records.end {
            return None;
        }
        self.map.get(start..end)
    }

    /// Document `doc`'s record, checked: its checksum, each mention within its text, naming
    /// an entity, in the index's order; each count naming an entity.
    fn record_checked(&self, doc: usize) -> Result<Record, &'static str> {
        let a = self.row(doc).ok_or("no such document")?;
        let bytes = self.record_bytes(doc).ok_or("out of bounds")?;
        if checksum(bytes) != a.sum {
            return Err("checksum mismatch");
        }
        let w = |i: usize| u32_at(bytes, i).unwrap_or(0);
        let nm = a.mentions as usize;
        let mut mentions = Vec::with_capacity(nm);
        let mut prev: Option<(u32, std::cmp::Reverse<u32>, u32)> = None;
        for k in 0..nm {
            let (start, end, e) = (w(12 * k), w(12 * k + 4), w(12 * k + 8));
            if start >= end || end as usize > a.len || e as usize >= self.nents {
                return Err("a mention off its text");
            }
            let key = (start, std::cmp::Reverse(end), e);
            if prev.is_some_and(|p| p > key) {
                return Err("out of order");
            }
            prev = Some(key);
            mentions.push((start, end, e));
        }
        let mut ents = Vec::with_capacity(a.entities as usize);
        for k in 0..a.entities as usize {
            let at = 12 * nm + 8 * k;
            let (e, c) = (w(at), w(at + 4));
            if e as usize >= self.nents {
                return Err("an unknown entity");
            }
            ents.push((e, c));
        }
        Ok((mentions, ents))
    }

    /// Entity chunk `k`'s rows, unchecked.
    fn entity_chunk_rows(&self, k: usize) -> Option<&[u8]> {
        let from = k.checked_mul(ENTITY_CHUNK)?;
        let to = (from + ENTITY_CHUNK).min(self.nents);
        if from >= to {
            return None;
        }
        self.map.get(
            self.entity_rows.start + from * ENTITY_ROW..self.entity_rows.start + to * ENTITY_ROW,
        )
    }

    /// Entity `i`'s row with its postings' place and checksum and its names' offset: `None`
    /// when its chunk's rows fail their checksum (said once, and the store removed) or a
    /// number in it is out of range.
    fn entity_row_full(&self, i: usize) -> Option<(EntityRow, usize, u64, usize)> {
        let k = i / ENTITY_CHUNK;
        let sum = self.entity_chunks.get(k).map(|c| c.rows_sum);
        let rows = self.entity_chunk_rows(k);
        let table = ("entities", ENTITY_CHUNK, self.nents);
        let b = self.checked_rows(&self.entity_rows_checked, k, rows, sum, table)?;
        let at = (i % ENTITY_CHUNK) * ENTITY_ROW;
        let u = |o: usize| u64_at(b, at + o).and_then(|v| usize::try_from(v).ok());
        let w = |o: usize| u32_at(b, at + o);
        let (posting, sum, names) = (u(0)?, u64_at(b, at + 8)?, u(16)?);
        let (mentions, docs) = (w(24)? as usize, w(28)? as usize);
        let kind = EntityKind::from_cache_code(*b.get(at + 40)?)?;
        let flags = *b.get(at + 41)?;
        // In bounds of the postings; never more documents than mentions.
        let end = posting.checked_add(mentions)?.checked_mul(12)?;
        if end > self.postings.len() || docs > mentions || flags > 1 {
            return None;
        }
        let row = EntityRow {
            kind,
            mentions,
            docs,
            has_value: flags == 1,
            name_rank: w(32)?,
            date_rank: w(36)?,
        };
        Some((row, posting, sum, names))
    }

    /// Entity `i`'s row (see [`Store::entity_row_full`]).
    pub(super) fn entity_row(&self, i: usize) -> Option<EntityRow> {
        self.entity_row_full(i).map(|r| r.0)
    }

    /// Entity chunk `k`'s entities, checked (rows and names against their checksums, each
    /// entry where its row says and of its row's kind), each with its postings as a view:
    /// `Err` says why not.
    fn decode_entity_chunk(&self, k: usize) -> Result<Vec<Entity>, &'static str> {
        let from = k * ENTITY_CHUNK;
        let to = (from + ENTITY_CHUNK).min(self.nents);
        let c = self.entity_chunks.get(k).ok_or("no such chunk")?;
        let end = self
            .entity_chunks
            .get(k + 1)
            .map_or(self.names.len(), |n| n.entries);
        let bytes = self
            .map
            .get(self.names.start + c.entries..self.names.start + end)
            .ok_or("out of bounds")?;
        if checksum(bytes) != c.entries_sum {
            return Err("checksum mismatch");
        }
        let mut r = Reader::new(bytes);
        let (mut out, mut items) = (Vec::with_capacity(to - from), Vec::with_capacity(to - from));
        for i in from..to {
            let (row, posting, sum, names) = self.entity_row_full(i).ok_or("damaged rows")?;
            if names != c.entries + r.pos() {
                return Err("an entry out of place");
            }
            let e = super::super::read_entity_head(&mut r).ok_or("a bad entry")?;
            if e.kind != row.kind || e.value.is_some() != row.has_value {
                return Err("an entry unlike its row");
            }
            items.push((posting, row.mentions, row.docs, sum));
            out.push(e);
        }
        if !r.at_end() {
            return Err("trailing bytes");
        }
        let me: Arc<dyn MentionSource> = self.me.upgrade().ok_or("closed")?;
        let table = MentionTable::new(me, from, items).ok_or("a count out of range")?;
        for (j, e) in out.iter_mut().enumerate() {
            e.mentions = MentionTable::mentions(&table, j);
        }
        Ok(out)
    }

    /// Removes the store (once), so that the next open rebuilds it; the map stays readable.
    fn remove(&self) {
        if !self.removed.swap(true, Relaxed) {
            let _ = std::fs::remove_file(&self.path);
            let _ = std::fs::remove_file(super::textfile::path_of(&self.path));
        }
    }
}

impl Store {
    /// Gives back the pages of the map's `len` bytes at `start` (in bounds): see
    /// [`drop_pages`].
    fn drop_pages(&self, start: usize, len: usize) {
        drop_pages(&self.map, start, len);
    }
}

/// Gives back the pages of `map`'s `len` bytes at `start` (in bounds): every page they touch
/// (memmap2 aligns the start down, the kernel rounds the length up). A neighbour on a shared
/// page is read again from the page cache if it is used.
fn drop_pages(map: &memmap2::Mmap, start: usize, len: usize) {
    #[cfg(unix)]
    if len > 0 {
        // SAFETY: the map is a read-only shared map of a file docent never writes in place
        // (see where it is made): dropping its pages loses nothing, a later read faults them
        // in again with the same bytes, and every `&str` into them stays valid. memmap2
        // checks the range against the map.
        let _ =
            unsafe { map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, start, len) };
    }
    #[cfg(not(unix))]
    let _ = (map, start, len);
}

impl TextSource for Store {
    fn bytes(&self, at: usize, len: usize) -> Option<&[u8]> {
        let start = self.texts.start.checked_add(at)?;
        let end = start.checked_add(len)?;
        if end > self.texts.end {
            return None;
        }
        self.text_map.get(start..end)
    }

    fn release(&self, doc: usize, at: usize, len: usize) {
        // The text, and the record its first read checked (the mentions' ranges).
        if let Some(start) = self.texts.start.checked_add(at) {
            if start.checked_add(len).is_some_and(|e| e <= self.texts.end) {
                drop_pages(&self.text_map, start, len);
            }
        }
        if let Some(r) = self.record_bytes(doc) {
            let start = r.as_ptr() as usize - self.map.as_ptr() as usize;
            self.drop_pages(start, r.len());
        }
    }

    fn ranges_fit(&self, doc: usize, text: &str) -> bool {
        let fits = || -> Option<bool> {
            let e = self.entry(doc)?;
            let b = |i: usize| text.is_char_boundary(i);
            let mut ranges = e.quiet.iter().chain(&e.pages);
            if self.row(doc)?.len != text.len()
                || !b(e.body_start)
                || !ranges.all(|r| b(r.start) && b(r.end))
            {
                return Some(false);
            }
            let bytes = self.record_bytes(doc)?;
            for k in 0..self.row(doc)?.mentions as usize {
                let (start, end) = (u32_at(bytes, 12 * k)?, u32_at(bytes, 12 * k + 4)?);
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
        self.remove();
        Notice {
            path: self
                .entry(doc)
                .map_or_else(|| self.file_of(doc), |e| e.path),
            message: format!(
                "its text in the document store is damaged ({why}); the store is removed and \
                 rebuilt on the next open"
            ),
        }
    }
}

impl MentionSource for Store {
    fn postings(&self, at: usize, n: usize) -> Option<&[Mention]> {
        let start = self.postings.start.checked_add(at.checked_mul(12)?)?;
        let end = start.checked_add(n.checked_mul(12)?)?;
        if end > self.postings.end || cfg!(target_endian = "big") {
            return None;
        }
        let bytes = self.map.get(start..end)?;
        if !(bytes.as_ptr() as usize).is_multiple_of(std::mem::align_of::<Mention>()) {
            return None;
        }
        // SAFETY: `Mention` is `repr(C)`, three `u32`s (12 bytes, no padding, every bit
        // pattern valid); `bytes` is `12 * n` bytes, aligned for it (checked above), and
        // stored little-endian, as this machine reads them (big-endian refused above). The
        // map is never written (the store is replaced by rename, never in place) and lives as
        // long as `self`.
        Some(unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<Mention>(), n) })
    }

    fn check(&self, at: usize, n: usize, sum: u64) -> Result<(), String> {
        let bytes = at
            .checked_mul(12)
            .and_then(|a| {
                Some(self.postings.start + a..self.postings.start + a + n.checked_mul(12)?)
            })
            .filter(|r| r.end <= self.postings.end)
            .and_then(|r| self.map.get(r))
            .ok_or("out of bounds")?;
        if checksum(bytes) != sum {
            return Err("checksum mismatch".into());
        }
        let list = self.postings(at, n).ok_or("not aligned")?;
        let mut last = (0u32, 0u32);
        for m in list {
            let len = self.row(m.doc()).map(|a| a.len);
            if m.start >= m.end || len.is_none_or(|l| m.end() > l) {
                return Err("a mention off its text".into());
            }
            if (m.doc, m.start) < last {
                return Err("out of order".into());
            }
            last = (m.doc, m.start);
        }
        Ok(())
    }

    fn gather(&self, entity: usize) -> Option<Vec<Mention>> {
        let e = u32::try_from(entity).ok()?;
        let mut out = Vec::new();
        for doc in 0..self.n {
            let (mentions, _) = self.record_checked(doc).ok()?;
            for (start, end, _) in mentions.into_iter().filter(|m| m.2 == e) {
                out.push(Mention::new(doc, start as usize, end as usize)?);
            }
        }
        out.sort_unstable();
        Some(out)
    }

    fn damaged(&self, entity: usize, why: &str) -> Notice {
        self.remove();
        Notice {
            path: self.path.display().to_string(),
            message: format!(
                "the mentions of entity {entity} in the document store are damaged ({why}); the \
                 store is removed and rebuilt on the next open"
            ),
        }
    }
}

impl SpanSource for Store {
    fn documents(&self) -> usize {
        self.n
    }

    fn entity_count(&self, doc: usize) -> usize {
        self.row(doc).map_or(0, |a| a.entities as usize)
    }

    fn record(&self, doc: usize) -> (Vec<Span>, Vec<(u32, u32)>) {
        match self.record_checked(doc) {
            Ok((mentions, ents)) => {
                // Kept unless an earlier one overlaps it, as `Index::build` does.
                let mut spans: Vec<Span> = Vec::with_capacity(mentions.len());
                let mut last_end = 0;
                for (start, end, e) in mentions {
                    if spans.is_empty() || start >= last_end {
                        last_end = end;
                        let kind = self.entity_row(e as usize).map(|r| r.kind);
                        spans.extend(kind.map(|k| Span::new(start, end, e, k)));
                    }
                }
                (spans, ents)
            }
            Err(why) => {
                let first = self
                    .said
                    .lock()
                    .map(|mut v| {
                        let new = !v.contains(&doc);
                        if new {
                            v.push(doc);
                        }
                        new
                    })
                    .unwrap_or(false);
                if first {
                    self.remove();
                    crate::model::keep_notice(Notice {
                        path: self
                            .entry(doc)
                            .map_or_else(|| self.file_of(doc), |e| e.path),
                        message: format!(
                            "its mentions in the document store are damaged ({why}): shown \
                             without them; the store is removed and rebuilt on the next open"
                        ),
                    });
                }
                (Vec::new(), Vec::new())
            }
        }
    }
}

impl DocSource for Store {
    fn text_bytes(&self) -> Option<usize> {
        Some(self.texts.len())
    }

    fn path_bounds(&self) -> Option<(&str, &str)> {
        (self.n > 0).then_some((&self.path_bounds.0, &self.path_bounds.1))
    }
}

impl ChunkSource<Document> for Store {
    fn count(&self) -> usize {
        self.n
    }

    fn chunk(&self, k: usize) -> Vec<Document> {
        match self.decode_chunk(k) {
            Ok(docs) => docs,
            Err(why) => {
                let shown = format!(" ({why}): shown empty");
                let range = self.chunk_damaged("documents", (CHUNK, self.n), k, &shown);
                // Each keeps its text when its row is sound (the text has its own checksum),
                // so that its mentions, checked against the row, stay within it.
                let source: Option<Arc<dyn TextSource>> =
                    self.me.upgrade().map(|s| s as Arc<dyn TextSource>);
                range
                    .map(|id| Document {
                        id,
                        path: self.file_of(id),
                        text: match (self.row(id), &source) {
                            (Some(r), Some(s)) => {
                                DocText::stored(Arc::clone(s), id, r.text_at, r.len, r.text_sum)
                            }
                            _ => DocText::default(),
                        },
                        ..Default::default()
                    })
                    .collect()
            }
        }
    }
}

impl EntitySource for Store {
    fn row(&self, i: usize) -> Option<EntityRow> {
        self.entity_row(i)
    }
}

impl ChunkSource<Entity> for Store {
    fn count(&self) -> usize {
        self.nents
    }

    fn chunk(&self, k: usize) -> Vec<Entity> {
        match self.decode_entity_chunk(k) {
            Ok(es) => es,
            Err(why) => {
                let shown = format!(" ({why}): shown unnamed");
                let range = self.chunk_damaged("entities", (ENTITY_CHUNK, self.nents), k, &shown);
                // Each keeps its kind and its mentions when its row is sound (the postings
                // have their own checksum).
                let me: Option<Arc<dyn MentionSource>> =
                    self.me.upgrade().map(|s| s as Arc<dyn MentionSource>);
                range
                    .map(|i| {
                        let row = self.entity_row_full(i);
                        let kind = row.map_or(EntityKind::Person, |r| r.0.kind);
                        let mut e = crate::model::entity_placeholder(i, kind);
                        if let (Some((r, at, sum, _)), Some(me)) = (row, &me) {
                            e.mentions = crate::model::Mentions::stored(
                                Arc::clone(me),
                                i,
                                at,
                                r.mentions,
                                r.docs,
                                sum,
                            );
                        }
                        e
                    })
                    .collect()
            }
        }
    }
}
