//! Text lines found through the on-disk inverted index ([`crate::textindex`]) instead of fuzzy
//! ranking over every line: what `docent search` does for a large corpus (more than
//! [`WORDS_ABOVE`] line candidates) or when asked (`--words`).
//!
//! The index lives beside the stored search (`<corpus key>.words/`), keyed by the same
//! validity (files, options, corrections): when the stored search is valid, so is an index
//! with its key. A missing, stale or damaged index is rebuilt from the corpus.

use super::searchfile::Validity;
use crate::model::Corpus;
use crate::search::{Searchable, Target};
use crate::textindex::{Builder, DiskIndex, IndexError, LineRef};
use std::path::{Path, PathBuf};

/// Above this many line candidates `docent search` finds lines through the word index: fuzzy
/// ranking of every line costs about 1.5 µs a line on one core (0.4 s for the 10,000-document
/// bench corpus's 255,000 lines), the index a few milliseconds at any size.
pub const WORDS_ABOVE: usize = 1_000_000;

/// How the index writes its words; a change makes every index built before it stale.
const WORDS_FORM: &str = "words folded in full (ß → ss)";

/// The word index's folder for the stored search at `search`.
pub fn dir_for(search: &Path) -> PathBuf {
    search.with_extension("words")
}

/// The key an index is built for: a hash of everything the stored search is valid for.
pub fn key(v: &Validity) -> String {
    let mut w = super::codec::Writer::default();
    w.str(super::ANALYZER_VERSION);
    w.str(WORDS_FORM);
    v.encode(&mut w);
    format!("{:016x}", super::codec::checksum(&w.buf))
}

/// Opens the index in `dir` for `key`, building it from `corpus` when it is missing, stale or
/// damaged. The build resumes after the segments an interrupted build finished.
pub fn open_or_build(dir: &Path, key: &str, corpus: &Corpus) -> Result<DiskIndex, IndexError> {
    open_or_build_counting(dir, key, corpus, &std::sync::atomic::AtomicUsize::new(0))
}

/// [`open_or_build`], storing in `done` how many documents the index covers as it builds
/// (for a progress display).
pub fn open_or_build_counting(
    dir: &Path,
    key: &str,
    corpus: &Corpus,
    done: &std::sync::atomic::AtomicUsize,
) -> Result<DiskIndex, IndexError> {
    use std::sync::atomic::Ordering;
    if let Ok(ix) = DiskIndex::open(dir, key) {
        if ix.documents() == corpus.documents.len() {
            return Ok(ix);
        }
    }
    let mut b = Builder::open(dir, key)?;
    done.store(b.resume_at(), Ordering::Relaxed);
    // Each text is read once: one from the document store's map gives its pages back, or the
    // build would leave the whole corpus's text resident (~5 GB at a million documents). In
    // batches, after the reads have moved on: a page fault maps the cached pages around it
    // (behind too), which would bring back a text just given back. The documents are
    // decoded a chunk at a time for the pass and dropped with their batch, not kept (~0.5 KB
    // of metadata a document: ~0.5 GB at a million).
    let mut failed = None;
    let mut batch = Batch::default();
    corpus.documents.chunks_passing(b.resume_at(), |_, docs| {
        for d in docs.iter() {
            if let Err(e) = b.add(d.id, &d.text, d.body_start) {
                failed = Some(e);
                return false;
            }
            done.fetch_add(1, Ordering::Relaxed);
        }
        batch.add(docs);
        true
    });
    batch.release();
    if let Some(e) = failed {
        return Err(e);
    }
    b.finish()?;
    DiskIndex::open(dir, key)
}

/// Text read by the index's build between two givings back of its pages ([`open_or_build`]).
const RELEASE_BYTES: usize = 8 << 20;

/// Chunks of documents whose texts were read, kept until [`RELEASE_BYTES`] of text, then their
/// pages given back and the chunks dropped.
#[derive(Default)]
struct Batch<'a> {
    chunks: Vec<std::borrow::Cow<'a, [crate::model::Document]>>,
    bytes: usize,
}

impl<'a> Batch<'a> {
    fn add(&mut self, docs: std::borrow::Cow<'a, [crate::model::Document]>) {
        self.bytes += docs.iter().map(|d| d.text.len()).sum::<usize>();
        self.chunks.push(docs);
        if self.bytes >= RELEASE_BYTES {
            self.release();
        }
    }

    fn release(&mut self) {
        for c in self.chunks.drain(..) {
            c.iter().for_each(|d| d.text.release_pages());
        }
        self.bytes = 0;
    }
}

/// How many line candidates `corpus` has ([`crate::search::count_lines`]), counted no further
/// than just past `stop_above`, each text's pages given back once counted, in batches as the
/// index's build does (the documents decoded for the pass, not kept): at 100,000 documents
/// the count reads ~200 MB of text before it stops, which stayed resident (file-backed)
/// through the rest of a first `docent search --words`.
pub fn count_lines(corpus: &Corpus, stop_above: usize) -> usize {
    let (mut n, mut batch) = (0, Batch::default());
    corpus.documents.chunks_passing(0, |_, docs| {
        for d in docs.iter() {
            n += crate::search::doc_lines(d);
            if n > stop_above {
                break;
            }
        }
        batch.add(docs);
        n <= stop_above
    });
    batch.release();
    n
}

/// The word index for `docent search` over `corpus`: beside the stored search at `store`
/// (built when missing), or, with no cache, in a temporary folder removed once opened. `None`
/// (with a notice) when it cannot be built: lines are then ranked fuzzily.
pub fn build_for_search(
    store: Option<&(PathBuf, Validity)>,
    corpus: &Corpus,
    notices: &mut Vec<crate::model::Notice>,
) -> Option<crate::textindex::DiskIndex> {
    match store {
        Some((path, validity)) if validity.checkable() => {
            let dir = dir_for(path);
            match open_or_build(&dir, &key(validity), corpus) {
                Ok(ix) => Some(ix),
                Err(e) => {
                    notices.push(crate::model::Notice {
                        path: dir.display().to_string(),
                        message: format!("no word index ({e}): lines ranked fuzzily"),
                    });
                    None
                }
            }
        }
        // No cache (the seeds, standard input, --no-cache): built in a fresh temporary
        // folder and removed once opened (the mapped segments stay readable).
        _ => {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let dir =
                std::env::temp_dir().join(format!("docent-words-{}-{nanos}", std::process::id()));
            // create_dir fails on anything already there, a planted link included.
            let built = std::fs::create_dir(&dir)
                .map_err(|e| crate::textindex::IndexError(format!("{}: {e}", dir.display())))
                .and_then(|()| open_or_build(&dir, "temporary", corpus));
            let _ = std::fs::remove_dir_all(&dir);
            match built {
                Ok(ix) => Some(ix),
                Err(e) => {
                    notices.push(crate::model::Notice {
                        path: "search".into(),
                        message: format!("no word index ({e}): lines ranked fuzzily"),
                    });
                    None
                }
            }
        }
    }
}

/// How many candidates come before the first text line (entities and titles come first).
pub fn names_len<S: Searchable + ?Sized>(s: &S) -> usize {
    partition(s, |t| !matches!(t, Target::Line { .. }))
}

/// The candidates holding line `r` (a long line is stored in pieces), as an index range.
pub fn line_pieces<S: Searchable + ?Sized>(s: &S, r: LineRef) -> std::ops::Range<usize> {
    let before = |t: Target| match t {
        Target::Line { doc, line, .. } => (doc, line) < (r.doc, r.line),
        _ => true,
    };
    let from = partition(s, before);
    let to = partition(s, |t| match t {
        Target::Line { doc, line, .. } => (doc, line) <= (r.doc, r.line),
        _ => true,
    });
    from..to.max(from)
}

/// [`line_pieces`] for lines asked in ascending order, as a listing of every matching line
/// asks them: each search starts where the previous line's pieces ended and gallops forward,
/// so a line costs a few candidates' reads (the gap's logarithm), not two binary searches
/// over the whole list (at 100,000 documents, 2.5 M candidates: ~45 reads, each checking its
/// strings as UTF-8 when the list is the stored search).
#[derive(Default)]
pub struct LineCursor {
    /// The last line asked and where its pieces ended.
    last: Option<(LineRef, usize)>,
}

impl LineCursor {
    /// The candidates holding line `r`, as [`line_pieces`] finds them; a line not after the
    /// previous one is searched for over the whole list.
    pub fn pieces<S: Searchable + ?Sized>(&mut self, s: &S, r: LineRef) -> std::ops::Range<usize> {
        let found = match self.last {
            Some((prev, from)) if r > prev => {
                let before = |t: Target| match t {
                    Target::Line { doc, line, .. } => (doc, line) < (r.doc, r.line),
                    _ => true,
                };
                let start = gallop(s, from, before);
                // A line's pieces are a handful of consecutive candidates.
                let mut end = start;
                while s.entry(end).is_some_and(|(_, _, t)| {
                    matches!(t, Target::Line { doc, line, .. } if (doc, line) == (r.doc, r.line))
                }) {
                    end += 1;
                }
                start..end
            }
            _ => line_pieces(s, r),
        };
        self.last = Some((r, found.end));
        found
    }
}

/// The first index at or after `from` where `pred` stops holding (it holds for a prefix, and
/// at least up to `from`): probes `from`, `from + 1`, `from + 3`, `from + 7`… then a binary
/// search in the last step.
fn gallop<S: Searchable + ?Sized>(s: &S, from: usize, pred: impl Fn(Target) -> bool) -> usize {
    let holds = |i: usize| s.entry(i).is_some_and(|(_, _, t)| pred(t));
    if !holds(from) {
        return from;
    }
    // `lo` holds; find `hi` that does not (or the end).
    let (mut lo, mut step) = (from, 1usize);
    let mut hi = loop {
        let probe = lo.saturating_add(step);
        if probe >= s.len() {
            break s.len();
        }
        if !holds(probe) {
            break probe;
        }
        lo = probe;
        step = step.saturating_mul(2);
    };
    let mut lo = lo + 1;
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if holds(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The first index where `pred` stops holding (it holds for a prefix). A damaged entry counts
/// as past the end.
fn partition<S: Searchable + ?Sized>(s: &S, pred: impl Fn(Target) -> bool) -> usize {
    let (mut lo, mut hi) = (0, s.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if s.entry(mid).is_some_and(|(_, _, t)| pred(t)) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Where the texts of lines found through the word index are read, a document at a time.
pub trait LineReader {
    /// Pushes to `out` the text of each of `lines` (ascending) of document `doc`, as its line
    /// candidates show it: its pieces, each sanitized, joined by a space (nothing for a line
    /// with none). `Err`, with why, when the texts cannot be read at all.
    fn texts(&mut self, doc: usize, lines: &[usize], out: &mut Vec<String>) -> Result<(), String>;
}

/// Lines read from a list of candidates that holds them (a stored search with its lines):
/// their pieces found by a [`LineCursor`].
pub struct CandidateLines<'a, S: ?Sized> {
    candidates: &'a S,
    cursor: LineCursor,
}

impl<'a, S: Searchable + ?Sized> CandidateLines<'a, S> {
    pub fn new(candidates: &'a S) -> Self {
        CandidateLines {
            candidates,
            cursor: LineCursor::default(),
        }
    }
}

impl<S: Searchable + ?Sized> LineReader for CandidateLines<'_, S> {
    fn texts(&mut self, doc: usize, lines: &[usize], out: &mut Vec<String>) -> Result<(), String> {
        for &line in lines {
            // The pieces that read, joined by spaces, as `join(" ")` would join them.
            let (mut text, mut pieces) = (String::new(), 0);
            for i in self.cursor.pieces(self.candidates, LineRef { doc, line }) {
                if let Some(e) = self.candidates.entry(i) {
                    if pieces > 0 {
                        text.push(' ');
                    }
                    text.push_str(e.1);
                    pieces += 1;
                }
            }
            out.push(text);
        }
        Ok(())
    }
}

/// Lines read from the documents' texts ([`crate::search::pieces_of`]): no line is listed
/// beforehand, a document's text is read when one of its lines is printed.
pub struct DocumentLines<'a>(pub &'a crate::model::Documents);

impl LineReader for DocumentLines<'_> {
    fn texts(&mut self, doc: usize, lines: &[usize], out: &mut Vec<String>) -> Result<(), String> {
        let Some(d) = self.0.get(doc) else {
            out.extend(lines.iter().map(|_| String::new()));
            return Ok(());
        };
        pieces_texts(d, lines, out);
        Ok(())
    }
}

/// The texts of `lines` (ascending) of `d` as its line candidates show them.
fn pieces_texts(d: &crate::model::Document, lines: &[usize], out: &mut Vec<String>) {
    let pieces = crate::search::pieces_of(d, lines);
    let mut p = pieces.iter().peekable();
    for &line in lines {
        let mut text = String::new();
        let mut first = true;
        while let Some(&&(l, start, end)) = p.peek() {
            if l > line {
                break;
            }
            p.next();
            if l < line {
                continue;
            }
            if !first {
                text.push(' ');
            }
            first = false;
            text.push_str(&crate::sanitize::clean_line(
                d.text.get(start..end).unwrap_or(""),
            ));
        }
        out.push(text);
    }
}

/// The first `n` candidates of another list: the names, for fuzzy ranking apart from lines.
pub struct Head<'a, S: ?Sized>(pub &'a S, pub usize);

impl<S: Searchable + ?Sized> Searchable for Head<'_, S> {
    fn len(&self) -> usize {
        self.1.min(self.0.len())
    }

    fn entry(&self, i: usize) -> Option<(&str, &str, Target)> {
        if i < self.1 {
            self.0.entry(i)
        } else {
            None
        }
    }

    fn weight(&self, target: &Target) -> i64 {
        self.0.weight(target)
    }
}

impl<S: super::searchfile::Described + ?Sized> super::searchfile::Described for Head<'_, S> {
    fn entity_row(&self, e: usize) -> Option<super::searchfile::EntityRow<'_>> {
        self.0.entity_row(e)
    }

    fn doc_row(&self, d: usize) -> Option<super::searchfile::DocRow<'_>> {
        self.0.doc_row(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Candidates;
    use std::sync::Arc;

    #[test]
    fn lines_are_found_by_word_and_mapped_to_their_pieces() {
        let mut loaded = crate::load::Loaded::default();
        let long = "word ".repeat(200);
        let text = format!("Ana Torres spoke.\n{long}needle at the end\nlast line here");
        crate::load::load_bytes("a.txt", text.as_bytes(), &mut loaded);
        crate::load::load_bytes(
            "b.txt",
            b"Another needle.\n  \x1b[31m needle in red \x07  \n\n\t\n",
            &mut loaded,
        );
        // Many lines, for the cursor's gallop over long gaps.
        let many: String = (0..300).map(|i| format!("row {i} of many\n")).collect();
        crate::load::load_bytes("c.txt", many.as_bytes(), &mut loaded);
        for (i, d) in loaded.documents.iter_mut().enumerate() {
            d.id = i;
        }
        let entities = crate::analyze::analyze(&loaded.documents);
        let corpus = Arc::new(Corpus {
            documents: loaded.documents.into(),
            entities: entities.into(),
            notices: Vec::new(),
        });
        let c = Candidates::build(&corpus);
        let names = names_len(&c);
        assert!(names >= 2, "titles at least");
        assert!(matches!(c.entry(names), Some((_, _, Target::Line { .. }))));
        assert!(!matches!(
            c.entry(names - 1),
            Some((_, _, Target::Line { .. }))
        ));
        let dir = tempfile::tempdir().expect("tmp");
        let ix = open_or_build(&dir.path().join("w"), "k", &corpus).expect("built");
        let q = crate::textindex::TextQuery::parse("needle");
        let found = ix.query(&q, usize::MAX).expect("query");
        assert_eq!(found.len(), 3, "{found:?}");
        let pieces = line_pieces(&c, found[0]);
        assert!(pieces.len() > 1, "the long line is in pieces: {pieces:?}");
        let joined: Vec<&str> = pieces.filter_map(|i| c.entry(i)).map(|e| e.1).collect();
        assert!(joined.join(" ").ends_with("needle at the end"));
        let other = line_pieces(&c, found[1]);
        assert_eq!(other.len(), 1);
        assert_eq!(c.entry(other.start).map(|e| e.1), Some("Another needle."));
        // A line that is not there maps to nothing.
        assert!(line_pieces(&c, LineRef { doc: 9, line: 0 }).is_empty());
        // The cursor finds what the binary searches find: every line in order (the long one
        // in pieces), then one asked again, one before it, one that is not there.
        let every: Vec<LineRef> = (names..c.len())
            .filter_map(|i| match c.entry(i)?.2 {
                Target::Line { doc, line, .. } => Some(LineRef { doc, line }),
                _ => None,
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert!(every.len() >= 4, "{every:?}");
        let mut cursor = LineCursor::default();
        for &r in every
            .iter()
            .chain([every[1], every[0], LineRef { doc: 9, line: 0 }].iter())
        {
            assert_eq!(cursor.pieces(&c, r), line_pieces(&c, r), "{r:?}");
        }
        for step in [2, 7, 61] {
            let mut cursor = LineCursor::default();
            for &r in every.iter().step_by(step) {
                assert_eq!(cursor.pieces(&c, r), line_pieces(&c, r), "{r:?}");
            }
        }
        // Read from the documents' texts, every line (and one that is not there, and one past
        // the last document) gives what the candidates give, a document at a time and in
        // parts.
        let mut by_doc: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for r in &every {
            by_doc.entry(r.doc).or_default().push(r.line);
        }
        by_doc.entry(1).or_default().push(2);
        by_doc.entry(7).or_default().push(0);
        let (mut from_lines, mut from_docs) =
            (CandidateLines::new(&c), DocumentLines(&corpus.documents));
        for (&doc, lines) in &by_doc {
            for part in [
                &lines[..],
                &lines[..lines.len() / 2],
                &lines[lines.len() / 2..],
            ] {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                assert!(from_lines.texts(doc, part, &mut a).is_ok());
                assert!(from_docs.texts(doc, part, &mut b).is_ok());
                assert_eq!(a.len(), part.len());
                assert_eq!(a, b, "document {doc}, lines {part:?}");
            }
        }
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let _ = from_docs.texts(1, &[0, 1], &mut b);
        let _ = CandidateLines::new(&c).texts(1, &[0, 1], &mut a);
        assert_eq!(b[1], a[1]);
        assert!(
            b[1].contains("needle in red") && !b[1].contains('\x1b'),
            "{b:?}"
        );
        // Reopened, not rebuilt; another key rebuilds.
        assert!(DiskIndex::open(&dir.path().join("w"), "k").is_ok());
        assert!(open_or_build(&dir.path().join("w"), "k2", &corpus).is_ok());
        assert!(DiskIndex::open(&dir.path().join("w"), "k").is_err());
    }
}
