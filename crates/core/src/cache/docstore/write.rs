//! The document store's write ([`write`], [`write_with`]): the postings in one pass over the
//! entities' lists, the records in one pass over the documents (each entity's list read from
//! where the last window of documents stopped), the entity tables and the documents' rows
//! encoded a chunk at a time, each section written in its place and the tables whose sizes
//! are known first written last; nothing that grows with the corpus is held whole but the
//! per-entity and per-document items (24 bytes each).

use super::*;
/// The entity tables: per chunk of [`ENTITY_CHUNK`] entities, where their names start in the
/// names section and the checksums of their rows and of their names (24 bytes); per entity
/// its row (its postings' place, count, document count and checksum, its names' offset, its
/// ranks by name and by date, kind, whether it has a value); per entity its names (kind, id,
/// name, value, aliases). Each chunk's rows and names are given to `each` (chunk number,
/// rows, names) as made, not held (they grow with the entities: ~0.2 GB at a million
/// documents); returns the chunk table and the names' length.
fn encode_entity_tables(
    entities: &Entities,
    postings: &[Item],
    mut each: impl FnMut(usize, &[u8], &[u8]) -> std::io::Result<()>,
) -> std::io::Result<(Vec<u8>, u64)> {
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
        Vec::with_capacity(ENTITY_CHUNK * ENTITY_ROW),
        Writer::default(),
    );
    let (mut at, mut names_at) = (0u64, 0u64);
    let n32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    for (k, from) in (0..n).step_by(ENTITY_CHUNK).enumerate() {
        rows.clear();
        names.buf.clear();
        for i in from..(from + ENTITY_CHUNK).min(n) {
            let (e, p) = (&entities[i], postings.get(i).copied().unwrap_or_default());
            for v in [at, p.sum, names_at + names.buf.len() as u64] {
                rows.extend_from_slice(&v.to_le_bytes());
            }
            for v in [n32(p.mentions), n32(p.other), name_rank[i], date_rank[i]] {
                rows.extend_from_slice(&v.to_le_bytes());
            }
            rows.push(crate::cache::kind_code(e.kind));
            rows.push(u8::from(e.value.is_some()));
            rows.extend_from_slice(&[0; 6]);
            crate::cache::write_entity_head(&mut names, e);
            at += p.mentions as u64;
        }
        for v in [names_at, checksum(&rows), checksum(&names.buf)] {
            chunks.extend_from_slice(&v.to_le_bytes());
        }
        names_at += names.buf.len() as u64;
        each(k, &rows, &names.buf)?;
    }
    Ok((chunks, names_at))
}

/// The entities' numbers sorted by lowercase name, ties by number. The lowercased names lie
/// in one buffer (an ASCII name lowercased byte by byte, as `to_lowercase` would), not a
/// `String` each: a sort key per entity was ~60 bytes (2 million entities at a million
/// documents).
pub(super) fn by_lowercase_name(entities: &Entities) -> Vec<usize> {
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
        if let Some(bytes) = crate::model::Mention::slice_as_le_bytes(ms) {
            // Written from the list in place (mapped, as a rule), not copied first.
            sum.update(bytes);
            f.write_all(bytes)?;
        } else {
            for part in ms.chunks(4096) {
                buf.clear();
                buf.extend(part.iter().flat_map(|m| m.to_le_bytes()));
                sum.update(&buf);
                f.write_all(&buf)?;
            }
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
pub(super) struct ByDoc<'e> {
    pub(super) entities: &'e Entities,
    /// Where each document's mentions start among all, and their end last.
    pub(super) starts: Vec<usize>,
    /// The window's documents, and their mentions: document `lo + i`'s at `starts[lo + i] -
    /// starts[lo]`.
    pub(super) lo: usize,
    pub(super) hi: usize,
    pub(super) spans: Vec<(u32, u32, u32)>,
    /// Every entity's list sorted by document (as linking and the store give them); else the
    /// window is the whole corpus, each list walked whole.
    pub(super) sorted: bool,
    /// Mentions gathered at a time ([`WINDOW`]).
    pub(super) window: usize,
    /// Per entity, its next unread mention (sorted lists; set for windows from `hi`)...
    pub(super) cursor: Vec<usize>,
    /// ...and that mention's document (`u32::MAX` past the list's end), so that a window
    /// skips a list with nothing in it without reading the list.
    pub(super) next_doc: Vec<u32>,
}

/// Mentions gathered at a time by [`ByDoc`] (at least one document's).
pub(super) const WINDOW: usize = 4 << 20;

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
    pub(super) fn of(documents: &Documents, entities: &'e Entities) -> ByDoc<'e> {
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
    #[cfg(test)]
    pub(super) fn doc(&mut self, i: usize) -> &mut [(u32, u32, u32)] {
        if i < self.lo || i >= self.hi {
            self.gather(i);
        }
        let base = self.starts[self.lo];
        let (a, b) = (self.starts[i] - base, self.starts[i + 1] - base);
        self.spans.get_mut(a..b).unwrap_or_default()
    }
}

/// One document's record appended to `out`: every mention of it (start, end, entity; in the
/// index's order: start, longest first, entity), then the index's entity counts; and its
/// item. The entity counts are the index's ([`Index::build`]), computed a document at a time
/// rather than from an index of the whole corpus.
fn encode_record(
    ms: &mut [(u32, u32, u32)],
    (room, counts): &mut (crate::index::SortRoom, Vec<(u32, u32)>),
    out: &mut Vec<u8>,
) -> Item {
    let put = |out: &mut Vec<u8>, v: u32| out.extend_from_slice(&v.to_le_bytes());
    let at = out.len();
    crate::index::sort_and_count(ms, room, counts);
    for &(start, end, e) in ms.iter() {
        put(out, start);
        put(out, end);
        put(out, e);
    }
    for &(e, c) in counts.iter() {
        put(out, e);
        put(out, c);
    }
    Item {
        mentions: ms.len(),
        other: counts.len(),
        sum: checksum(out.get(at..).unwrap_or_default()),
    }
}

/// Room to encode records in: the counting's lists, the bytes and the items.
#[derive(Default)]
struct Encoding {
    bufs: (crate::index::SortRoom, Vec<(u32, u32)>),
    out: Vec<u8>,
    items: Vec<Item>,
}

impl Encoding {
    /// The records of the documents whose mentions start at `starts` (from the first
    /// document's to one past the last's) in `spans` (which starts at the first's), after
    /// what it holds.
    fn encode(&mut self, starts: &[usize], spans: &mut [(u32, u32, u32)]) {
        let base = starts.first().copied().unwrap_or_default();
        for doc in starts.windows(2) {
            let ms = spans.get_mut(doc[0] - base..doc[1] - base);
            let item = encode_record(ms.unwrap_or_default(), &mut self.bufs, &mut self.out);
            self.items.push(item);
        }
    }
}

/// Mentions in a window below which its records are encoded on one thread.
pub(super) const ENCODE_ALONE: usize = 1 << 14;

/// Writes the records section, encoded once: each document's item, and the section's length.
/// The windows are gathered on a thread of their own while the one before is encoded and
/// written here; each half the size of [`WINDOW`] (two at most in hand: as much as one whole).
/// A window of `alone` mentions or more is encoded on two threads.
pub(super) fn write_records(
    f: &mut impl std::io::Write,
    by_doc: &mut ByDoc<'_>,
    alone: usize,
) -> std::io::Result<(Vec<Item>, u64)> {
    let n = by_doc.starts.len().saturating_sub(1);
    let mut items = Vec::with_capacity(n);
    let mut total = 0u64;
    by_doc.window = (by_doc.window / 2).max(1);
    // A window: its documents' starts (from its first to one past its last), its mentions.
    type Gathered = (Vec<usize>, Vec<(u32, u32, u32)>);
    let (ahead, gathered) = std::sync::mpsc::sync_channel::<Gathered>(0);
    let (back, room) = std::sync::mpsc::channel::<Vec<(u32, u32, u32)>>();
    std::thread::scope(|s| -> std::io::Result<()> {
        s.spawn(move || {
            let mut lo = 0;
            while lo < n {
                by_doc.spans = room.try_recv().unwrap_or_default();
                by_doc.gather(lo);
                let starts = by_doc.starts[by_doc.lo..=by_doc.hi].to_vec();
                if ahead
                    .send((starts, std::mem::take(&mut by_doc.spans)))
                    .is_err()
                {
                    break;
                }
                lo = by_doc.hi;
            }
        });
        // Dropped on return (a write that failed): the gathering thread then stops.
        let gathered = gathered;
        let (mut first, mut second) = (Encoding::default(), Encoding::default());
        for (starts, mut spans) in gathered.iter() {
            // The window's documents in two halves by their mentions, the second half's
            // records encoded on a thread of its own (sorting each document's mentions is
            // most of the work).
            let base = starts.first().copied().unwrap_or_default();
            let half = if spans.len() < alone {
                starts.len()
            } else {
                starts.partition_point(|&s| s - base < spans.len() / 2)
            }
            .clamp(1, starts.len());
            let (a, b) = spans.split_at_mut(starts[half - 1] - base);
            let (starts_a, starts_b) = (&starts[..half], &starts[half - 1..]);
            std::thread::scope(|s| {
                if starts_b.len() > 1 {
                    s.spawn(|| second.encode(starts_b, b));
                }
                first.encode(starts_a, a);
            });
            for e in [&mut first, &mut second] {
                total += e.out.len() as u64;
                f.write_all(&e.out)?;
                items.append(&mut e.items);
                e.out.clear();
            }
            let _ = back.send(spans);
        }
        Ok(())
    })?;
    Ok((items, total))
}

/// Encodes the documents' rows and entries ([`encode_row`], [`encode_doc`]) a chunk of
/// [`CHUNK`] documents at a time, each chunk's given to `each` (rows, entries). Without
/// `rows` (the records' items, and the texts file for each text's place) the entries alone
/// (the rows empty). Called once as the entries are written, then once for the rows and the
/// chunk table: encoding is cheap beside holding every document's (~0.5 KB each).
fn doc_chunks(
    documents: &Documents,
    mut rows_of: Option<(&[Item], &mut super::textfile::Made)>,
    aside: Option<&crate::cache::texts::SetAside>,
    mut each: impl FnMut(&[u8], &[u8]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let (mut docs, mut rows) = (Writer::default(), Vec::with_capacity(CHUNK * ROW));
    let (mut entry_at, mut record_at) = (0u64, 0u64);
    for from in (0..documents.len()).step_by(CHUNK) {
        docs.buf.clear();
        rows.clear();
        for i in from..(from + CHUNK).min(documents.len()) {
            let d = &documents[i];
            if let Some((per_doc, texts)) = rows_of.as_mut() {
                let rec = per_doc.get(i).copied().unwrap_or_default();
                let place = texts.place(i, d.text.as_bytes(), aside);
                encode_row(
                    &mut rows,
                    entry_at + docs.buf.len() as u64,
                    place,
                    record_at,
                    rec,
                );
                record_at += (12 * rec.mentions + 8 * rec.other) as u64;
            }
            encode_doc(&mut docs, d);
        }
        entry_at += docs.buf.len() as u64;
        each(&rows, &docs.buf)?;
    }
    Ok(())
}

/// Writes the store for a corpus opened from `sources` (which gave `notices`), atomically (a
/// temporary file, then a rename), its texts to the texts file beside it.
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

/// [`write`], the texts `aside` holds left in its file, which becomes the store's texts file
/// (the others appended to it), instead of written from `documents`.
///
/// Neither file is synced: a crash (or power loss) mid-write leaves at worst a store or texts
/// file whose bytes are not all there, and nothing of either is trusted unchecked — the
/// tables read at open have their checksums, every chunk, list, record and text its own,
/// checked on first use, and the texts file's trailer must name the store's stamp. So such a
/// store opens as damaged (rebuilt) or says which part failed and is removed, never wrong.
/// The order still matters: the texts file is put in place first and the store renamed
/// last, so a store never names texts that were not written before it. (The sync waited for
/// every page of both files, the texts' ~5 GB at a million documents, before the build
/// could end.)
pub fn write_with(
    path: &Path,
    validity: &Validity,
    sources: &[SourceFile],
    notices: &[Notice],
    documents: &Documents,
    entities: &Entities,
    aside: Option<&crate::cache::texts::SetAside>,
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
    let mark = crate::phase::mark;
    mark("store: meta");
    // Written in one pass over the postings and one over the records, each section in its
    // place; the chunk table, the rows (which hold each record's item) and the header are
    // written last, over the room left for them (their sizes are known first).
    let n = documents.len();
    let mut texts = super::textfile::make(path, documents, aside)?;
    mark("store: texts file made");
    crate::cache::file::write_atomic_direct(path, "docs", move |f| {
        use std::io::{Seek, SeekFrom, Write};
        f.write_all(&[0u8; HEADER_LEN])?;
        let mut by_doc = ByDoc::new(documents, entities);
        let mut per_entity = Vec::new();
        let postings_len = write_postings(f, entities, &mut by_doc, &mut per_entity)?;
        mark("store: postings written");
        // Each section dropped once written: the header keeps only its length and checksum
        // (the meta lists every file).
        let meta = {
            let buf = meta.buf;
            f.write_all(&buf)?;
            (buf.len() as u64, checksum(&buf))
        };
        // The entity chunk table, the documents' chunk table and the entity rows have sizes
        // known now: room is left for them, the entities' names are written after it as they
        // are encoded, each chunk's rows in its place, and the tables last.
        let ents = entities.len();
        let ent_chunks_at = f.stream_position()?;
        let ent_chunks_len = ents.div_ceil(ENTITY_CHUNK) * 24;
        let chunks_at = ent_chunks_at + ent_chunks_len as u64;
        let chunks_len = n.div_ceil(CHUNK) * CHUNK_ENTRY;
        let ent_rows_at = chunks_at + chunks_len as u64;
        let ent_rows_len = (ents * ENTITY_ROW) as u64;
        f.seek(SeekFrom::Start(ent_rows_at + ent_rows_len))?;
        let (ent_chunks, ent_names_len) =
            encode_entity_tables(entities, &per_entity, |k, rows, names| {
                f.write_all(names)?;
                let at = ent_rows_at + (k * ENTITY_CHUNK * ENTITY_ROW) as u64;
                f.write_at(rows, at)
            })?;
        drop(per_entity);
        mark("store: entity tables");
        let ent_names = (ent_names_len, 0);
        let ent_rows = (ent_rows_len, 0);
        let rows_at = f.stream_position()?;
        let rows_len = (n * ROW) as u64;
        f.seek(SeekFrom::Current(rows_len as i64))?;
        let mut docs_len = 0u64;
        doc_chunks(documents, None, aside, |_, docs| {
            docs_len += docs.len() as u64;
            f.write_all(docs)
        })?;
        mark("store: documents written");
        let (per_doc, records_len) = write_records(f, &mut by_doc, ENCODE_ALONE)?;
        drop(by_doc);
        mark("store: records written");
        // Per chunk of documents: where its entries start, the checksum of its rows and of
        // its entries.
        f.seek(SeekFrom::Start(rows_at))?;
        let (mut chunks, mut entries_at) = (Vec::with_capacity(chunks_len), 0u64);
        doc_chunks(
            documents,
            Some((&per_doc, &mut texts)),
            aside,
            |rows, docs| {
                for v in [entries_at, checksum(rows), checksum(docs)] {
                    chunks.extend_from_slice(&v.to_le_bytes());
                }
                entries_at += docs.len() as u64;
                f.write_all(rows)
            },
        )?;
        f.seek(SeekFrom::Start(ent_chunks_at))?;
        f.write_all(&ent_chunks)?;
        f.write_all(&chunks)?;
        let ent_chunks = (ent_chunks.len() as u64, checksum(&ent_chunks));
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
        header.extend_from_slice(&texts.len.to_le_bytes());
        header.extend_from_slice(&texts.stamp.to_le_bytes());
        f.seek(SeekFrom::Start(0))?;
        f.write_all(&header)?;
        mark("store: rows and header written");
        // The texts in place before the store is renamed to its own.
        texts.seal(path)
    })
}
