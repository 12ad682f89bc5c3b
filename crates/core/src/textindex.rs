//! The full-text inverted index of document lines, on disk, and the one interface every index
//! backend answers ([`IndexBackend`]).
//!
//! **Format** (one folder per corpus, in the cache folder): a `manifest` and numbered segment
//! files. A segment covers a contiguous range of documents; it holds a sorted term table
//! (fixed-size entries, binary-searched in place), the terms' bytes, and the postings — every
//! (document, line, word position) of each term, varint delta-coded. Segments are
//! memory-mapped: opening reads the headers only, a query touches the table pages it
//! binary-searches and the postings of its terms.
//!
//! **Build**: documents stream through a [`Builder`] that holds at most one segment's postings
//! in memory, already encoded (flushed every [`SEGMENT_BYTES`] of text), streams each segment
//! to a temporary file and renames it into place, then appends it to the manifest. An
//! interrupted build keeps its finished segments: the next build with the same corpus key
//! resumes after them.
//!
//! **Damage**: a truncated or corrupt segment, or a manifest that does not parse, is an error
//! with a message naming the file ([`IndexError`]); the caller rebuilds. Every read is
//! bounds-checked: no byte of a segment can panic the reader.
//!
//! Words are maximal runs of alphanumeric characters, accents folded and lowercased, so the
//! index answers "maduro" for "Maduro" and "nunez" for "Núñez".

use crate::model::DocId;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

mod segment;
#[cfg(test)]
mod tests;

pub use segment::Segment;

/// Text (bytes) a builder indexes before it writes a segment: bounds the build's memory
/// (buffered postings are kept encoded, as the segment stores them: at 10,000 documents a
/// full buffer's peak is ~24 MB of postings plus the terms; 119 MB before, as 12-byte
/// postings and a second copy while the segment was put together).
pub const SEGMENT_BYTES: usize = 32 << 20;

/// Why an on-disk index cannot be used: the message names the file and the fault.
#[derive(Debug)]
pub struct IndexError(pub String);

impl std::fmt::Display for IndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for IndexError {}

fn err(path: &Path, what: impl std::fmt::Display) -> IndexError {
    IndexError(format!("index {}: {what} (rebuild it)", path.display()))
}

/// A line found by a text query.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineRef {
    pub doc: DocId,
    /// 0-based line number in the document's text.
    pub line: usize,
}

/// One interface for every index backend: the local on-disk index today, a distributed engine
/// (Quickwit, OpenSearch: see docs/scale.md) as another implementation.
pub trait IndexBackend: Send + Sync {
    /// How many documents the backend covers.
    fn documents(&self) -> usize;
    /// Lines matching a text query, in document and line order, at most `limit`.
    fn text_query(&self, query: &TextQuery, limit: usize) -> Result<Vec<LineRef>, IndexError>;
    /// Fuzzy ranking over the search candidates (names, aliases, date forms, titles, paths),
    /// best first, as [`crate::search::rank`] returns it. `None` when cancelled.
    fn rank_names(
        &self,
        query: &crate::search::Query,
        limit: usize,
        cancel: &std::sync::atomic::AtomicBool,
    ) -> Option<Vec<crate::search::Hit>>;
}

/// The words of `text`, folded in full as the reader's search folds them (`Straße` →
/// `strasse`, `Łódź` → `lodz`), so a word the reader finds in the open document is the word the
/// index finds in the others.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut out = String::with_capacity(w.len());
            fold_word_into(w, &mut out);
            out
        })
}

/// Appends the fold of word `w` to `out` (an ASCII word: its lowercase).
fn fold_word_into(w: &str, out: &mut String) {
    if w.is_ascii() {
        let start = out.len();
        out.push_str(w);
        out[start..].make_ascii_lowercase();
    } else {
        for c in w.chars() {
            crate::text::fold_char_into(c, out);
        }
    }
}

/// Calls `f` with each word of `text` folded as [`words`] folds it, in order, from one reused
/// buffer (the index's build: no allocation per word).
fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut folded = String::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII letters and digits run by bytes; anything else decides by its char.
        let start = i;
        let mut end = i;
        while end < bytes.len() {
            let b = bytes[end];
            if b.is_ascii_alphanumeric() {
                end += 1;
            } else if b < 0x80 {
                break;
            } else {
                let Some(c) = text.get(end..).and_then(|r| r.chars().next()) else {
                    break;
                };
                if !c.is_alphanumeric() {
                    break;
                }
                end += c.len_utf8();
            }
        }
        if end > start {
            folded.clear();
            fold_word_into(&text[start..end], &mut folded);
            f(&folded);
            i = end;
        } else {
            // A separator: one char.
            i += text
                .get(i..)
                .and_then(|r| r.chars().next())
                .map_or(1, char::len_utf8);
        }
    }
}

/// One term of a [`TextQuery`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextTerm {
    /// `word`: any word starting with it.
    Prefix(String),
    /// `'word`: that word exactly.
    Word(String),
    /// `"several words"`: consecutive, the last one as a prefix.
    Phrase(Vec<String>),
    /// `!word`: lines with that word (exactly) are left out.
    Not(String),
}

/// A text query: every term must hold on the line (fzf's syntax where it has a meaning for
/// words: `'exact`, `!not`; plain terms are prefixes; quotes make phrases).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextQuery {
    pub terms: Vec<TextTerm>,
}

impl TextQuery {
    pub fn parse(input: &str) -> TextQuery {
        let mut terms = Vec::new();
        let mut rest = input;
        while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
            rest = &rest[start..];
            if let Some(body) = rest.strip_prefix('"') {
                let end = body.find('"').unwrap_or(body.len());
                let ws: Vec<String> = words(&body[..end]).collect();
                if ws.len() > 1 {
                    terms.push(TextTerm::Phrase(ws));
                } else if let Some(w) = ws.into_iter().next() {
                    terms.push(TextTerm::Prefix(w));
                }
                rest = body.get(end + 1..).unwrap_or("");
                continue;
            }
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let raw = &rest[..end];
            rest = &rest[end..];
            let (make, body): (fn(String) -> TextTerm, &str) =
                if let Some(b) = raw.strip_prefix('!') {
                    (TextTerm::Not, b.trim_start_matches('\''))
                } else if let Some(b) = raw.strip_prefix('\'') {
                    (TextTerm::Word, b)
                } else {
                    (TextTerm::Prefix, raw)
                };
            // A term of several words ("e-mail") is a phrase of them.
            let ws: Vec<String> = words(body).collect();
            match (ws.len(), make(String::new())) {
                (0, _) => {}
                (1, _) => terms.extend(ws.into_iter().next().map(make)),
                (_, TextTerm::Not(_)) => terms.extend(ws.into_iter().map(TextTerm::Not)),
                _ => terms.push(TextTerm::Phrase(ws)),
            }
        }
        TextQuery { terms }
    }

    pub fn is_empty(&self) -> bool {
        !self.terms.iter().any(|t| !matches!(t, TextTerm::Not(_)))
    }
}

/// A posting: where a word occurs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Posting {
    pub doc: u32,
    pub line: u32,
    pub pos: u32,
}

/// Streams documents into segments with bounded memory; resumes an interrupted build.
pub struct Builder {
    dir: PathBuf,
    /// Documents already covered by finished segments (the resume point).
    done: usize,
    segments: usize,
    /// Each term's postings, in the order added and already encoded as the segment stores
    /// them; sorted by term when a segment is written.
    buffer: crate::fxhash::FxMap<String, segment::Encoded>,
    buffered_bytes: usize,
    first: Option<u32>,
    next_doc: u32,
    segment_bytes: usize,
}

const MANIFEST_HEAD: &str = "docent text index 1";

/// The manifest's segments: (file name, first document, document count).
type Listed = Vec<(String, u32, u32)>;

fn read_manifest(dir: &Path) -> Result<Option<(String, Listed)>, IndexError> {
    let path = dir.join("manifest");
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(err(&path, e)),
    };
    let mut lines = text.lines();
    if lines.next() != Some(MANIFEST_HEAD) {
        return Err(err(&path, "not a docent text index manifest"));
    }
    let key = lines
        .next()
        .and_then(|l| l.strip_prefix("key "))
        .ok_or_else(|| err(&path, "no corpus key"))?
        .to_string();
    let mut listed = Vec::new();
    let mut expect = 0u32;
    for l in lines {
        let mut f = l.split(' ');
        let parsed = (|| {
            let name = f.next()?.to_string();
            let first = f.next()?.parse::<u32>().ok()?;
            let count = f.next()?.parse::<u32>().ok()?;
            Some((name, first, count))
        })();
        let Some((name, first, count)) = parsed else {
            // A line cut by an interrupted append: the segments before it stand.
            break;
        };
        if first != expect || name.contains('/') || name.contains('\\') {
            return Err(err(&path, "segments out of order"));
        }
        expect = first.saturating_add(count);
        listed.push((name, first, count));
    }
    Ok(Some((key, listed)))
}

impl Builder {
    /// Opens (or starts) the index in `dir` for the corpus identified by `key` (anything that
    /// changes when the documents do). Finished segments of an earlier build with the same key
    /// are kept: feed documents from [`Builder::resume_at`].
    pub fn open(dir: &Path, key: &str) -> Result<Builder, IndexError> {
        fs::create_dir_all(dir).map_err(|e| err(dir, e))?;
        let key = key.replace('\n', " ");
        let listed = match read_manifest(dir) {
            Ok(Some((k, listed))) if k == key => listed,
            _ => Vec::new(),
        };
        // Keep only the listed segments that still open.
        let mut kept = Vec::new();
        for (name, first, count) in listed {
            if Segment::open(&dir.join(&name)).is_err() {
                break;
            }
            kept.push((name, first, count));
        }
        let mut manifest = format!("{MANIFEST_HEAD}\nkey {key}\n");
        for (name, first, count) in &kept {
            manifest.push_str(&format!("{name} {first} {count}\n"));
        }
        write_atomic(&dir.join("manifest"), manifest.as_bytes())?;
        let done = kept
            .last()
            .map_or(0, |(_, f, c)| f.saturating_add(*c) as usize);
        Ok(Builder {
            dir: dir.to_path_buf(),
            done,
            segments: kept.len(),
            buffer: Default::default(),
            buffered_bytes: 0,
            first: None,
            next_doc: done as u32,
            segment_bytes: SEGMENT_BYTES,
        })
    }

    /// A smaller segment size (tests, and builds that must stay in less memory).
    pub fn with_segment_bytes(mut self, bytes: usize) -> Builder {
        self.segment_bytes = bytes.max(1);
        self
    }

    /// The first document the index does not cover yet: feed [`Builder::add`] from here.
    pub fn resume_at(&self) -> usize {
        self.done
    }

    /// Indexes document `doc` (ids must come in order from [`Builder::resume_at`]): its lines
    /// from `body_start` on. Writes a segment when the buffer is full.
    pub fn add(&mut self, doc: DocId, text: &str, body_start: usize) -> Result<(), IndexError> {
        let id = u32::try_from(doc).map_err(|_| err(&self.dir, "too many documents"))?;
        if id != self.next_doc {
            return Err(err(&self.dir, format!("document {doc} out of order")));
        }
        self.next_doc = id
            .checked_add(1)
            .ok_or_else(|| err(&self.dir, "too many documents"))?;
        self.first.get_or_insert(id);
        let mut offset = 0;
        for (line_no, line) in text.split_inclusive('\n').enumerate() {
            let start = offset;
            offset += line.len();
            if offset <= body_start {
                continue;
            }
            let from = body_start.saturating_sub(start).min(line.len());
            let piece = line.get(from..).unwrap_or("");
            let mut pos = 0u32;
            let buffer = &mut self.buffer;
            let first = self.first.unwrap_or(id);
            for_each_word(piece, |w| {
                let posting = Posting {
                    doc: id,
                    line: line_no as u32,
                    pos,
                };
                match buffer.get_mut(w) {
                    Some(ps) => ps.push(posting, first),
                    None => {
                        let mut ps = segment::Encoded::default();
                        ps.push(posting, first);
                        buffer.insert(w.to_string(), ps);
                    }
                }
                pos += 1;
            });
        }
        self.buffered_bytes += text.len();
        if self.buffered_bytes >= self.segment_bytes {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the buffered documents as one segment and lists it in the manifest.
    fn flush(&mut self) -> Result<(), IndexError> {
        let Some(first) = self.first else {
            return Ok(());
        };
        let count = self.next_doc - first;
        let name = format!("seg-{:06}.dtx", self.segments);
        let mut terms: Vec<(&str, &segment::Encoded)> =
            self.buffer.iter().map(|(t, ps)| (t.as_str(), ps)).collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
        // Streamed to the file: the segment is never a second copy of the buffer in memory.
        let path = self.dir.join(&name);
        let tmp = path.with_extension("tmp");
        fs::File::create(&tmp)
            .and_then(|f| {
                let mut out = std::io::BufWriter::with_capacity(1 << 20, f);
                segment::write(&mut out, first, count, &terms)?;
                out.into_inner().map(drop).map_err(|e| e.into_error())
            })
            .and_then(|()| fs::rename(&tmp, &path))
            .map_err(|e| err(&path, e))?;
        let path = self.dir.join("manifest");
        let mut f = fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .map_err(|e| err(&path, e))?;
        f.write_all(format!("{name} {first} {count}\n").as_bytes())
            .and_then(|()| f.sync_data())
            .map_err(|e| err(&path, e))?;
        self.segments += 1;
        self.done = self.next_doc as usize;
        self.buffer = Default::default();
        self.buffered_bytes = 0;
        self.first = None;
        Ok(())
    }

    /// Writes what is buffered: the index is complete up to the last document added.
    pub fn finish(mut self) -> Result<usize, IndexError> {
        self.flush()?;
        Ok(self.done)
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), IndexError> {
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, bytes)
        .and_then(|()| fs::rename(&tmp, path))
        .map_err(|e| err(path, e))
}

/// The on-disk index, opened: its segments, memory-mapped.
pub struct DiskIndex {
    segments: Vec<Segment>,
    documents: usize,
}

impl DiskIndex {
    /// Opens the index in `dir` built for `key`. Reads the manifest and each segment's header
    /// only. An index for another key, a missing one or a damaged one is an error.
    pub fn open(dir: &Path, key: &str) -> Result<DiskIndex, IndexError> {
        let (k, listed) =
            read_manifest(dir)?.ok_or_else(|| err(&dir.join("manifest"), "missing"))?;
        if k != key.replace('\n', " ") {
            return Err(err(&dir.join("manifest"), "built for other documents"));
        }
        let mut segments = Vec::with_capacity(listed.len());
        for (name, first, count) in &listed {
            let s = Segment::open(&dir.join(name))?;
            if s.doc_base() != *first || s.doc_count() != *count {
                return Err(err(&dir.join(name), "does not match the manifest"));
            }
            segments.push(s);
        }
        let documents = listed
            .last()
            .map_or(0, |(_, f, c)| f.saturating_add(*c) as usize);
        Ok(DiskIndex {
            segments,
            documents,
        })
    }

    /// Bytes on disk (segments).
    pub fn size(&self) -> u64 {
        self.segments.iter().map(|s| s.len() as u64).sum()
    }

    pub fn documents(&self) -> usize {
        self.documents
    }

    /// The documents with a line matching `query`, ascending, each with its first such line
    /// (a segment's lines at a time: memory stays bounded by the segments' matches).
    pub fn first_lines(&self, query: &TextQuery) -> Result<Vec<LineRef>, IndexError> {
        let mut out: Vec<LineRef> = Vec::new();
        if query.is_empty() {
            return Ok(out);
        }
        let firsts = self.per_segment(|s| {
            let mut v: Vec<LineRef> = s.query(query)?;
            v.dedup_by_key(|r| r.doc);
            Ok(v)
        })?;
        for r in firsts.into_iter().flatten() {
            if out.last().is_none_or(|l| l.doc != r.doc) {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// Lines matching `query`, in order, at most `limit`. Every line (a limit beyond what one
    /// segment can hold) is found on all cores, a segment at a time each; a small limit stops
    /// at the first segments that fill it.
    pub fn query(&self, query: &TextQuery, limit: usize) -> Result<Vec<LineRef>, IndexError> {
        let mut out = Vec::new();
        if query.is_empty() {
            return Ok(out);
        }
        self.segments.iter().for_each(|s| s.prefetch(query));
        if limit == usize::MAX {
            let all = self.per_segment(|s| s.query(query))?;
            out.reserve(all.iter().map(Vec::len).sum());
            for v in all {
                out.extend(v);
            }
            return Ok(out);
        }
        for s in &self.segments {
            for r in s.query(query)? {
                if out.len() == limit {
                    return Ok(out);
                }
                out.push(r);
            }
        }
        Ok(out)
    }

    /// Lines matching `query`, in order, handed to `take` a segment at a time until it says
    /// it has enough (`false`); the segments after are counted, not listed (on all cores).
    /// Returns how many lines match in all. What the palette shows (a page) and says (the
    /// count) without every matching line listed: at a million documents `workers` matches
    /// 2.5 million lines.
    pub fn lines_then_count(
        &self,
        query: &TextQuery,
        mut take: impl FnMut(&[LineRef]) -> bool,
    ) -> Result<usize, IndexError> {
        if query.is_empty() {
            return Ok(0);
        }
        let mut total = 0;
        self.segments.iter().for_each(|s| s.prefetch(query));
        for (i, s) in self.segments.iter().enumerate() {
            let lines = s.query(query)?;
            total += lines.len();
            if !take(&lines) {
                let rest = DiskIndex::per_segment_of(&self.segments[i + 1..], |s| s.count(query))?;
                return Ok(total + rest.iter().sum::<usize>());
            }
        }
        Ok(total)
    }

    /// `f` of every segment, in segment order, the segments shared out over the cores.
    fn per_segment<T: Send>(
        &self,
        f: impl Fn(&Segment) -> Result<T, IndexError> + Sync,
    ) -> Result<Vec<T>, IndexError> {
        DiskIndex::per_segment_of(&self.segments, f)
    }

    /// `f` of each of `segments`, in order, shared out over the cores.
    fn per_segment_of<T: Send>(
        segments: &[Segment],
        f: impl Fn(&Segment) -> Result<T, IndexError> + Sync,
    ) -> Result<Vec<T>, IndexError> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(segments.len());
        if threads <= 1 {
            return segments.iter().map(&f).collect();
        }
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut done: Vec<(usize, Result<T, IndexError>)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut mine = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(s) = segments.get(i) else {
                                return mine;
                            };
                            mine.push((i, f(s)));
                        }
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap_or_default())
                .collect()
        });
        if done.len() != segments.len() {
            return Err(err(Path::new("text index"), "a query thread failed"));
        }
        done.sort_unstable_by_key(|(i, _)| *i);
        done.into_iter().map(|(_, r)| r).collect()
    }
}

/// A (document, line) pair packed into one integer whose order is the pair's order: sorting,
/// deduplicating and intersecting lines is then work on plain `u64`s.
pub(crate) fn line_key(doc: u32, line: u32) -> u64 {
    (u64::from(doc) << 32) | u64::from(line)
}

/// What a query is evaluated over: one segment's postings.
pub(crate) trait PostingSource {
    /// The postings of `word`, or of every word starting with it when `prefix`, sorted.
    fn postings(&self, word: &str, prefix: bool) -> Result<Vec<Posting>, IndexError>;
    /// The distinct lines (as [`line_key`]s) `word` occurs on, or any word starting with it
    /// when `prefix`, sorted. Cheaper than [`PostingSource::postings`]: no positions kept.
    fn lines(&self, word: &str, prefix: bool) -> Result<Vec<u64>, IndexError>;
}

/// Lines of one segment that satisfy every term. Every step works on sorted lists (merges, no
/// hash sets): a query's cost is decoding its terms' postings once.
pub(crate) fn evaluate(
    query: &TextQuery,
    source: &impl PostingSource,
) -> Result<Vec<LineRef>, IndexError> {
    Ok(evaluate_keys(query, source)?
        .into_iter()
        .map(|k| LineRef {
            doc: (k >> 32) as DocId,
            line: (k & 0xffff_ffff) as usize,
        })
        .collect())
}

/// [`evaluate`]'s lines as [`line_key`]s (what a count needs).
pub(crate) fn evaluate_keys(
    query: &TextQuery,
    source: &impl PostingSource,
) -> Result<Vec<u64>, IndexError> {
    let mut lines: Option<Vec<u64>> = None;
    let mut excluded: Vec<u64> = Vec::new();
    for t in &query.terms {
        let found = match t {
            TextTerm::Prefix(w) => source.lines(w, true)?,
            TextTerm::Word(w) => source.lines(w, false)?,
            TextTerm::Not(w) => {
                let out = source.lines(w, false)?;
                excluded = if excluded.is_empty() {
                    out
                } else {
                    union(&excluded, &out)
                };
                continue;
            }
            TextTerm::Phrase(ws) => phrase_lines(ws, source)?,
        };
        lines = Some(match lines {
            None => found,
            Some(prev) => intersect(&prev, &found),
        });
        if lines.as_ref().is_some_and(Vec::is_empty) {
            break;
        }
    }
    let lines = lines.unwrap_or_default();
    Ok(if excluded.is_empty() {
        lines
    } else {
        difference(&lines, &excluded)
    })
}

/// The lines where `words` occur one after another (the last as a prefix). Each step keeps the
/// postings of the next word that sit one position after a kept posting: a merge of two sorted
/// lists, as a kept posting moved one word on keeps its order.
fn phrase_lines(words: &[String], source: &impl PostingSource) -> Result<Vec<u64>, IndexError> {
    let mut at: Vec<Posting> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let ps = source.postings(w, i + 1 == words.len())?;
        at = if i == 0 {
            ps
        } else {
            let (mut j, mut out) = (0, Vec::new());
            for p in ps {
                let want = (p.doc, p.line, p.pos);
                while let Some(a) = at.get(j) {
                    if (a.doc, a.line, a.pos.saturating_add(1)) < want {
                        j += 1;
                    } else {
                        break;
                    }
                }
                if p.pos > 0
                    && at
                        .get(j)
                        .is_some_and(|a| (a.doc, a.line, a.pos + 1) == want)
                {
                    out.push(p);
                }
            }
            out
        };
        if at.is_empty() {
            break;
        }
    }
    let mut v: Vec<u64> = at.iter().map(|p| line_key(p.doc, p.line)).collect();
    v.dedup();
    Ok(v)
}

fn intersect(a: &[u64], b: &[u64]) -> Vec<u64> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(*x);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// `a` without the lines in `b` (both sorted).
fn difference(a: &[u64], b: &[u64]) -> Vec<u64> {
    let mut j = 0;
    a.iter()
        .copied()
        .filter(|x| {
            while b.get(j).is_some_and(|y| y < x) {
                j += 1;
            }
            b.get(j) != Some(x)
        })
        .collect()
}

/// The lines of `a` and `b` (both sorted), sorted and distinct.
fn union(a: &[u64], b: &[u64]) -> Vec<u64> {
    let mut v: Vec<u64> = a.iter().chain(b).copied().collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The local backend: the on-disk text index and the in-memory name candidates.
pub struct LocalBackend {
    pub text: DiskIndex,
    pub names: crate::search::Candidates,
}

impl IndexBackend for LocalBackend {
    fn documents(&self) -> usize {
        self.text.documents()
    }

    fn text_query(&self, query: &TextQuery, limit: usize) -> Result<Vec<LineRef>, IndexError> {
        self.text.query(query, limit)
    }

    fn rank_names(
        &self,
        query: &crate::search::Query,
        limit: usize,
        cancel: &std::sync::atomic::AtomicBool,
    ) -> Option<Vec<crate::search::Hit>> {
        crate::search::rank(query, &self.names, limit, cancel)
    }
}
