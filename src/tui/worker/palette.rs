//! The palette's job, in two tiers. First the names — entities (names, aliases, date forms),
//! document titles and paths — ranked fully (a few tens of thousands of candidates: fast at
//! any corpus size the reader opens) and sent at once; then the text lines: ranked fuzzily,
//! progressively, for a corpus of up to [`Words::above`] lines (as today), or found through the
//! on-disk word index ([`crate::textindex`]) for a larger one, with `docent search`'s
//! threshold and syntax (words as prefixes, `'exact`, `"phrases"`, `!not`). Every message
//! carries the whole state of the query (names, then lines), so the list never loses what
//! it showed. Only names whose matched letters lie in their words lead; a name matched by
//! letters strewn inside its words is ranked among the lines by score.

use super::{Job, JobResult, PaletteItem, WorkerCore, PALETTE_LIMIT};
use crate::cache::searchfile::Validity;
use crate::model::Corpus;
use crate::search::{pieces_of, rank_within, Candidates, Hit, Query, Searchable, Target};
use crate::textindex::{DiskIndex, TextQuery};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Up to this many names (entity forms, titles, paths) are ranked in one pass; more in rounds
/// with partial results.
pub const NAMES_IN_ONE_PASS: usize = 250_000;

/// The reader's palette and Sources text filter match every line up to this many bytes of
/// text in all, as the reader's `/` reads every text ([`super::find::DIRECT_BYTES`]: 16 MB,
/// about 3,300 documents of the bench corpus); above, lines come through the word index.
pub const FUZZY_BYTES: usize = super::find::DIRECT_BYTES;

/// How the palette finds text lines, and where the word index (the palette's lines on a large
/// corpus, the reader's search across documents) is kept.
#[derive(Clone)]
pub struct Words {
    /// Above this many line candidates, lines come through the word index (as for
    /// `docent search`: [`crate::cache::words::WORDS_ABOVE`]).
    pub above: usize,
    /// Where the index is kept and the key it is built for (the cache folder, beside the
    /// stored search); `None` builds it in a temporary folder, removed once it is open.
    pub dir: Option<(PathBuf, String)>,
    /// Finds `dir` when it is not given, when the index is first needed (on the thread that
    /// builds it): the key stats every file of the corpus, which would delay the first frame.
    locate: Option<Locate>,
    /// The reader's search finds the other documents with a hit by reading every text up to
    /// this many bytes of text in all ([`super::find::DIRECT_BYTES`]), through the word index
    /// above.
    pub direct_bytes: usize,
    /// The files the corpus was read from, as they were then: the index is kept in `dir`
    /// only while they still are (its key was computed from the files after they were read).
    stamps: Option<Arc<Vec<crate::load::SourceFile>>>,
    /// Above this many bytes of text in all, lines come through the word index whatever
    /// their number (the reader: [`FUZZY_BYTES`]; `usize::MAX` in [`Words::new`]): ranking
    /// every line fuzzily reads every text, which at 10,000 documents (47.7 MB) takes
    /// 0.4–0.8 s and brings every text's pages into memory.
    pub fuzzy_bytes: usize,
    /// The reader's open document: when lines come through the word index (or while it is
    /// built), its own lines are still ranked fuzzily and shown first.
    open_document: Option<Arc<AtomicUsize>>,
    /// Whether the palette ranks lines fuzzily (decided once, when first asked).
    lines_fuzzy: Option<bool>,
    state: State,
    /// Where the palette's names tier is kept on disk and what it is valid for
    /// ([`crate::open::names_location`]): ranked there, mapped, when the file is valid (no
    /// entity or document decoded); else built in memory and written there for the next
    /// open. `None` (no store, a corpus changed since it was opened): in memory only.
    pub names: Option<(PathBuf, Validity)>,
}

impl Default for Words {
    fn default() -> Self {
        Words::new(crate::cache::words::WORDS_ABOVE, None)
    }
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Words")
            .field("above", &self.above)
            .field("dir", &self.dir)
            .field("direct_bytes", &self.direct_bytes)
            .field("fuzzy_bytes", &self.fuzzy_bytes)
            .finish_non_exhaustive()
    }
}

impl Words {
    pub fn new(above: usize, dir: Option<(PathBuf, String)>) -> Words {
        Words {
            above,
            dir,
            locate: None,
            direct_bytes: super::find::DIRECT_BYTES,
            stamps: None,
            fuzzy_bytes: usize::MAX,
            open_document: None,
            lines_fuzzy: None,
            state: State::NotStarted,
            names: None,
        }
    }

    /// The palette's names tier kept at `names` ([`Words::names`]).
    pub fn with_names(mut self, names: Option<(PathBuf, Validity)>) -> Words {
        self.names = names;
        self
    }

    /// The index kept where `locate` says, asked when the index is first needed.
    pub fn located_by(above: usize, locate: Locate) -> Words {
        Words {
            locate: Some(locate),
            ..Words::new(above, None)
        }
    }

    /// Where the index is kept and its key: `dir`, or what `locate` finds (`None`: a
    /// temporary folder).
    fn location(&self) -> Option<(PathBuf, String)> {
        self.dir
            .clone()
            .or_else(|| self.locate.as_ref().and_then(|f| f()))
    }

    /// Lines are ranked fuzzily only up to `bytes` of text in all (and [`Words::above`]
    /// lines); above, they come through the word index.
    pub fn with_fuzzy_bytes(mut self, bytes: usize) -> Words {
        self.fuzzy_bytes = bytes;
        self
    }

    /// The reader's open document, kept current by the event loop (see
    /// [`Words::open_document`]).
    pub fn with_open_document(mut self, doc: Arc<AtomicUsize>) -> Words {
        self.open_document = Some(doc);
        self
    }

    /// The reader's search reads every text to find the documents with a hit up to `bytes`
    /// of text, and asks the word index above (0: always the index).
    pub fn with_direct_bytes(mut self, bytes: usize) -> Words {
        self.direct_bytes = bytes;
        self
    }

    /// The files the corpus was read from: when one has changed since, the index is built
    /// in a temporary folder instead of `dir`, so the cache never files old text under the
    /// key of new files.
    pub fn with_stamps(mut self, stamps: Arc<Vec<crate::load::SourceFile>>) -> Words {
        self.stamps = Some(stamps);
        self
    }

    /// The corpus was read again (its files changed): the line count and the index are
    /// decided again. The stamps stay those of the first read, so a new index is built in a
    /// temporary folder, never filed in the cache under the changed files' key.
    pub(super) fn forget_corpus(&mut self) {
        self.lines_fuzzy = None;
        self.state = State::NotStarted;
    }
}

/// Where the word index is kept and its key, found when first needed.
pub type Locate = Arc<dyn Fn() -> Option<(PathBuf, String)> + Send + Sync>;

/// A word index being built on its own thread: its progress, then its result.
type Building = (
    Arc<AtomicUsize>,
    Arc<Mutex<Option<Result<DiskIndex, String>>>>,
);

#[derive(Clone, Default)]
enum State {
    /// Not asked for yet.
    #[default]
    NotStarted,
    Building(Building),
    Ready(Arc<DiskIndex>),
    Failed(String),
}

/// How this query's lines are found.
enum Mode {
    Fuzzy,
    Index(Arc<DiskIndex>),
    /// No lines: the index is being built, or could not be.
    Without(String),
}

/// Builds (or opens) the word index of `corpus` where `dir` says, counting documents in
/// `done`.
fn build(
    corpus: &Corpus,
    dir: Option<(PathBuf, String)>,
    stamps: Option<&[crate::load::SourceFile]>,
    done: &AtomicUsize,
) -> Result<DiskIndex, String> {
    use crate::cache::words::open_or_build_counting;
    let changed = |files: &[crate::load::SourceFile]| {
        files
            .iter()
            .any(|f| crate::tui::watch::check(f) != crate::tui::watch::State::Unchanged)
    };
    let dir = dir.filter(|_| !stamps.is_some_and(changed));
    match dir {
        Some((dir, key)) => {
            open_or_build_counting(&dir, &key, corpus, done).map_err(|e| e.to_string())
        }
        None => {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let tmp = std::env::temp_dir();
            remove_stale_builds(&tmp);
            let dir = tmp.join(format!("{TEMP_PREFIX}{}-{nanos}", std::process::id()));
            // create_dir fails on anything already there, a planted link included.
            let built = std::fs::create_dir(&dir)
                .map_err(|e| format!("{}: {e}", dir.display()))
                .and_then(|()| {
                    open_or_build_counting(&dir, "temporary", corpus, done)
                        .map_err(|e| e.to_string())
                });
            // The open index keeps its mapped segments readable.
            let _ = std::fs::remove_dir_all(&dir);
            built
        }
    }
}

/// The start of a temporary index folder's name; the process id and a number follow.
const TEMP_PREFIX: &str = "docent-palette-words-";

/// Removes the temporary index folders in `tmp` left by docent processes that are gone (an
/// interrupted build never reached its own removal). A folder of a live process, another
/// user's, or anything but a folder (a link) is left alone.
fn remove_stale_builds(tmp: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(TEMP_PREFIX))
            .and_then(|rest| rest.split('-').next())
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == std::process::id() || process_alive(pid) {
            continue;
        }
        // symlink_metadata: a link planted under that name is not followed.
        let Ok(meta) = std::fs::symlink_metadata(e.path()) else {
            continue;
        };
        if meta.is_dir() && owned_by_me(&meta) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

#[cfg(unix)]
fn owned_by_me(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: getuid has no preconditions and cannot fail.
    meta.uid() == unsafe { libc::getuid() }
}

#[cfg(not(unix))]
fn owned_by_me(_meta: &std::fs::Metadata) -> bool {
    false
}

/// What the last query matched, when `text` only narrows it (adds to it): the next ranking
/// searches just those.
pub(super) fn narrowed<'a>(last: &'a Option<(String, Vec<u32>)>, text: &str) -> Option<&'a [u32]> {
    last.as_ref()
        .filter(|(q, _)| crate::search::narrows(q, text))
        .map(|(_, m)| m.as_slice())
}

impl WorkerCore {
    /// The word index: ready, or why not yet (being built: how far; or failed). Starts
    /// building it the first time (on its own thread when a UI waits, else here).
    pub(super) fn word_index(&mut self) -> Result<Arc<DiskIndex>, String> {
        if let State::NotStarted = self.words.state {
            self.words.state = if let Some(notify) = self.notify.clone() {
                let done = Arc::new(AtomicUsize::new(0));
                let slot = Arc::new(Mutex::new(None));
                let corpus = Arc::clone(&self.corpus);
                let words = self.words.clone();
                let (d, s) = (Arc::clone(&done), Arc::clone(&slot));
                let started = std::thread::Builder::new()
                    .name("docent-words".into())
                    .spawn(move || {
                        let stamps = words.stamps.as_deref().map(Vec::as_slice);
                        let r = build(&corpus, words.location(), stamps, &d);
                        if let Ok(mut g) = s.lock() {
                            *g = Some(r);
                        }
                        let _ = notify.send(JobResult::WordsReady);
                    });
                match started {
                    Ok(_) => State::Building((done, slot)),
                    Err(e) => State::Failed(e.to_string()),
                }
            } else {
                let stamps = self.words.stamps.as_deref().map(Vec::as_slice);
                match build(
                    &self.corpus,
                    self.words.location(),
                    stamps,
                    &AtomicUsize::new(0),
                ) {
                    Ok(ix) => State::Ready(Arc::new(ix)),
                    Err(e) => State::Failed(e),
                }
            };
        }
        if let State::Building((_, slot)) = &self.words.state {
            let finished = slot.lock().ok().and_then(|mut g| g.take());
            match finished {
                Some(Ok(ix)) => self.words.state = State::Ready(Arc::new(ix)),
                Some(Err(e)) => self.words.state = State::Failed(e),
                None => {}
            }
        }
        match &self.words.state {
            State::Ready(ix) => Ok(Arc::clone(ix)),
            State::Building((done, _)) => Err(format!(
                "indexing the text ({} of {} documents)…",
                done.load(Ordering::Relaxed),
                self.corpus.documents.len()
            )),
            State::Failed(e) => Err(format!("no word index ({e})")),
            State::NotStarted => Err("no word index".into()),
        }
    }

    /// Starts building (or opening) the word index in the background as soon as the worker
    /// has its corpus, when the texts' bytes alone (no text is read) say the palette's lines
    /// or the reader's search across documents will come through it: at 100,000 documents a
    /// build reads every text and takes about a minute, which the first query then no longer
    /// waits for in full. Only with a UI to notify: without one the index is built when
    /// first asked, on the asking thread.
    pub(super) fn warm_words(&mut self) {
        let bound = self.words.fuzzy_bytes.min(self.words.direct_bytes);
        if self.notify.is_some() && self.text_bytes() > bound {
            let _ = self.word_index();
        }
    }

    /// True when the text is small enough ([`Words::fuzzy_bytes`]) and its lines few enough
    /// ([`Words::above`]) to match them all (the palette's fuzzy lines, the Sources text
    /// filter); decided once. The bytes are known without reading a text; counting the lines
    /// reads them (until there are more than `above`).
    pub(super) fn lines_fuzzy(&mut self) -> bool {
        match self.words.lines_fuzzy {
            Some(f) => f,
            None => {
                let f = self.text_bytes() <= self.words.fuzzy_bytes && {
                    let n = crate::search::count_lines(&self.corpus, self.words.above);
                    n <= self.words.above
                };
                self.words.lines_fuzzy = Some(f);
                f
            }
        }
    }

    /// How lines are found for the next query: counts the lines once; a large corpus asks
    /// the word index.
    fn lines_mode(&mut self) -> Mode {
        if self.lines_fuzzy() {
            return Mode::Fuzzy;
        }
        match self.word_index() {
            Ok(ix) => Mode::Index(ix),
            Err(why) => Mode::Without(format!("lines: {why}")),
        }
    }

    /// The palette job: names first (sent through `partial` as soon as they are ranked),
    /// then lines. `None` when cancelled.
    pub(super) fn palette(
        &mut self,
        job: &Job,
        query: &Query,
        partial: &mut Option<&mut dyn FnMut(JobResult)>,
    ) -> Option<JobResult> {
        let cancel = &*job.cancel;
        // Decided after the names unless a quote needs it (counting lines the first time
        // would delay the first names).
        let mut mode = job.query.contains('"').then(|| self.lines_mode());
        // Quotes group a phrase for the word index; for names they are no character to match
        // (as in `docent search --words`).
        let unquoted;
        let names_query = if matches!(mode, Some(Mode::Index(_))) {
            unquoted = Query::parse(&job.query.replace('"', " "));
            &unquoted
        } else {
            query
        };
        let mut names_partial = |names: Vec<PaletteItem>| {
            if let Some(send) = partial.as_mut() {
                send(JobResult::Palette {
                    generation: job.generation,
                    names: names.len(),
                    items: names,
                    names_done: false,
                    done: false,
                    total: None,
                    note: None,
                });
            }
        };
        let (names, names_total) =
            self.rank_names(names_query, &job.query, cancel, &mut names_partial)?;
        // Names whose letters lie in words (a run per word, or at word starts) lead; names
        // matched by letters scattered through them ("bevin" in "Bosnia and Herzegovina")
        // take their place among the lines by score, so a line that says the word comes first.
        let (strong, weak): (Vec<PaletteItem>, Vec<PaletteItem>) =
            names.into_iter().partition(in_words);
        let names_note = self.names_damaged.take();
        let state = |lines: &[PaletteItem], done: bool, total: Option<usize>, note| {
            let mut items = strong.clone();
            items.extend(merge_by_score(&weak, lines));
            let note = match (names_note.as_deref(), note) {
                (Some(n), Some(l)) => Some(format!("{n}; {l}")),
                (n, l) => l.or_else(|| n.map(str::to_string)),
            };
            JobResult::Palette {
                generation: job.generation,
                items,
                names: strong.len(),
                names_done: true,
                done,
                total,
                note,
            }
        };
        if let Some(send) = partial.as_mut() {
            send(state(&[], false, None, None));
        }
        // Superseded while the names were ranked: deciding how to find lines may read every
        // text (counting them) or start the word index.
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let mode = match mode.take() {
            Some(m) => m,
            None => self.lines_mode(),
        };
        let (lines, lines_total, note) = match mode {
            Mode::Fuzzy => {
                let mut on_partial = |lines: Vec<PaletteItem>| {
                    if let Some(send) = partial.as_mut() {
                        send(state(&lines, false, None, None));
                    }
                };
                let (lines, total) = self.rank_lines(query, &job.query, cancel, &mut on_partial)?;
                (lines, total, None)
            }
            Mode::Index(ix) => {
                let (lines, total, note) = index_lines(&self.corpus, &ix, &job.query, cancel)?;
                self.with_open_document_lines(query, cancel, lines, total, note)?
            }
            Mode::Without(note) => {
                self.with_open_document_lines(query, cancel, Vec::new(), 0, Some(note))?
            }
        };
        Some(state(&lines, true, Some(names_total + lines_total), note))
    }

    /// `lines` (found through the word index, or none while it is built) after the open
    /// document's own lines ranked fuzzily, a line once; `total` and `note` counted and said
    /// accordingly. `None` when cancelled.
    fn with_open_document_lines(
        &mut self,
        query: &Query,
        cancel: &AtomicBool,
        lines: Vec<PaletteItem>,
        total: usize,
        note: Option<String>,
    ) -> Option<(Vec<PaletteItem>, usize, Option<String>)> {
        let Some(doc) = self
            .words
            .open_document
            .as_ref()
            .map(|d| d.load(Ordering::Relaxed))
            .filter(|&d| d < self.corpus.documents.len())
        else {
            return Some((lines, total, note));
        };
        let own = Candidates::lines_of(&self.corpus, doc);
        let ranking = rank_within(query, &own, PALETTE_LIMIT, cancel, None, |_| {})?;
        if ranking.hits.is_empty() {
            return Some((lines, total, note));
        }
        let line_of = |t: &Target| match *t {
            Target::Line { doc, line, .. } => Some((doc, line)),
            _ => None,
        };
        let mine = items(&own, ranking.hits);
        let shown: HashSet<(usize, usize)> =
            mine.iter().filter_map(|i| line_of(&i.target)).collect();
        let matched: HashSet<(usize, usize)> = ranking
            .matched
            .iter()
            .filter_map(|&i| own.items.get(i as usize))
            .filter_map(|c| line_of(&c.target))
            .collect();
        let in_index = lines
            .iter()
            .filter(|i| line_of(&i.target).is_some_and(|l| matched.contains(&l)))
            .count();
        let mut out = mine;
        out.extend(
            lines
                .into_iter()
                .filter(|i| !line_of(&i.target).is_some_and(|l| shown.contains(&l))),
        );
        out.truncate(PALETTE_LIMIT);
        let total = total + matched.len().saturating_sub(in_index);
        let note = Some(match note {
            Some(n) => format!("open document's lines first; {n}"),
            None => "open document's lines first".to_string(),
        });
        Some((out, total, note))
    }

    /// The lines tier, fuzzily: every line ranked in growing rounds (`partial` gets the best
    /// so far after each), best first, at most [`PALETTE_LIMIT`]; and how many distinct lines
    /// matched. A query that grows the last one searches only what that one matched.
    fn rank_lines(
        &mut self,
        query: &Query,
        text: &str,
        cancel: &AtomicBool,
        partial: &mut dyn FnMut(Vec<PaletteItem>),
    ) -> Option<(Vec<PaletteItem>, usize)> {
        let last = self.last_lines.take();
        let within = narrowed(&last, text);
        let corpus = Arc::clone(&self.corpus);
        let lines = self.lines.get_or_insert_with(|| Candidates::lines(&corpus));
        let ranking = rank_within(query, lines, PALETTE_LIMIT, cancel, within, |hits| {
            partial(items(lines, hits))
        });
        let Some(ranking) = ranking else {
            self.last_lines = last;
            return None;
        };
        let total = ranking
            .matched
            .iter()
            .filter_map(|&i| lines.entry(i as usize).map(|e| e.1))
            .collect::<HashSet<&str>>()
            .len();
        let found = items(lines, ranking.hits);
        self.last_lines = Some((text.to_string(), ranking.matched));
        Some((found, total))
    }
}

/// True when an item's matched letters lie in its words: every run of consecutive matched
/// letters but one starts a word (a name's words typed in full or by their first letters).
fn in_words(item: &PaletteItem) -> bool {
    let chars: Vec<char> = item.text.chars().collect();
    let starts_word = |i: usize| {
        let Some(&c) = chars.get(i) else { return false };
        match i.checked_sub(1).and_then(|p| chars.get(p)) {
            None => true,
            Some(&prev) => !prev.is_alphanumeric() || (prev.is_lowercase() && c.is_uppercase()),
        }
    };
    let mut inside = 0;
    let mut prev: Option<usize> = None;
    for &p in &item.positions {
        if prev.is_none_or(|q| p != q + 1) && !starts_word(p) {
            inside += 1;
        }
        prev = Some(p);
    }
    inside <= 1
}

/// Two best-first lists as one, best first; on equal scores the first list's item first.
fn merge_by_score(a: &[PaletteItem], b: &[PaletteItem]) -> Vec<PaletteItem> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let take_a = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => x.score >= y.score,
            (Some(_), None) => true,
            _ => false,
        };
        if take_a {
            out.push(a[i].clone());
            i += 1;
        } else {
            out.push(b[j].clone());
            j += 1;
        }
    }
    out
}

/// Hits as self-contained palette items.
pub(super) fn items<S: Searchable + ?Sized>(cands: &S, hits: Vec<Hit>) -> Vec<PaletteItem> {
    hits.into_iter()
        .filter_map(|h| {
            let (_, text, target) = cands.entry(h.candidate)?;
            Some(PaletteItem {
                target,
                text: text.to_string(),
                positions: h.positions,
                score: h.score,
            })
        })
        .collect()
}

/// The lines tier through the word index: the lines `text` finds (as `docent search --words`
/// reads it), in document order, a repeated line once, at most [`PALETTE_LIMIT`]; each shown
/// by its first piece where the query's words occur literally (those marked), else its first
/// piece. Also how many lines matched (all of them: those past the page counted, not
/// listed) and a note on how they were found. `None` when cancelled.
pub fn index_lines(
    corpus: &Corpus,
    ix: &DiskIndex,
    text: &str,
    cancel: &AtomicBool,
) -> Option<(Vec<PaletteItem>, usize, Option<String>)> {
    let literal = Query::parse(&text.replace('"', " ")).literal();
    let mut out = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut cancelled = false;
    // A segment's lines at a time until the page is full; the rest are only counted.
    let mut take = |found: &[crate::textindex::LineRef]| {
        let mut i = 0;
        while i < found.len() && out.len() < PALETTE_LIMIT {
            if cancel.load(Ordering::Relaxed) {
                cancelled = true;
                return false;
            }
            let doc = found[i].doc;
            let n = found[i..].iter().take_while(|r| r.doc == doc).count();
            let lines: Vec<usize> = found[i..i + n].iter().map(|r| r.line).collect();
            i += n;
            let Some(d) = corpus.documents.get(doc) else {
                continue;
            };
            page_lines(d, doc, &lines, &literal, &mut seen, &mut out);
        }
        out.len() < PALETTE_LIMIT
    };
    let total = match ix.lines_then_count(&TextQuery::parse(text), &mut take) {
        Ok(n) => n,
        Err(e) => return Some((Vec::new(), 0, Some(format!("lines: {e}")))),
    };
    if cancelled {
        return None;
    }
    let note = "lines through the word index, in document order".to_string();
    Some((out, total, Some(note)))
}

/// Adds to `out` (up to [`PALETTE_LIMIT`]) the lines `lines` of document `doc` (`d`) as the
/// palette shows them: each by its first piece where the query's words occur literally
/// (marked), else its first piece; a text already shown (in `seen`) once.
fn page_lines(
    d: &crate::model::Document,
    doc: usize,
    lines: &[usize],
    literal: &Query,
    seen: &mut HashSet<String>,
    out: &mut Vec<PaletteItem>,
) {
    let pieces = pieces_of(d, lines);
    for group in pieces.chunk_by(|a, b| a.0 == b.0) {
        let shown = |&(line, start, end): &(usize, usize, usize)| {
            let t = crate::sanitize::clean_line(d.text.get(start..end)?).into_owned();
            Some((line, start, end, t))
        };
        let marked = group.iter().find_map(|p| {
            let (line, start, end, t) = shown(p)?;
            let (_, pos) = literal.match_text(&t)?;
            Some((line, start, end, t, pos))
        });
        let Some((line, start, end, t, positions)) = marked.or_else(|| {
            let (line, start, end, t) = group.first().and_then(shown)?;
            Some((line, start, end, t, Vec::new()))
        }) else {
            continue;
        };
        if !seen.insert(t.clone()) {
            continue;
        }
        out.push(PaletteItem {
            target: Target::Line {
                doc,
                line,
                start,
                end,
            },
            text: t,
            positions,
            score: 0,
        });
        if out.len() == PALETTE_LIMIT {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_is_kept_in_the_cache_only_while_the_files_are_as_read() {
        let tmp = tempfile::tempdir().expect("tmp");
        let file = tmp.path().join("a.txt");
        std::fs::write(&file, "A kestrel flew.").expect("write");
        let meta = std::fs::metadata(&file).expect("stat");
        let stamp = crate::load::SourceFile {
            path: file.to_string_lossy().into_owned(),
            size: meta.len(),
            mtime_ns: crate::load::mtime_ns(&meta),
            docs: 0..1,
        };
        let corpus = Arc::new(Corpus {
            documents: vec![crate::model::Document {
                text: "A kestrel flew.".into(),
                ..Default::default()
            }]
            .into(),
            entities: Vec::new().into(),
            notices: Vec::new(),
        });
        let stamps = Arc::new(vec![stamp]);
        let build_in = |dir: &std::path::Path| {
            let words = Words::new(0, Some((dir.to_path_buf(), "k".into())))
                .with_stamps(Arc::clone(&stamps));
            let mut core = WorkerCore::new(Arc::clone(&corpus)).with_words(words);
            let ix = core.word_index().expect("built");
            let found = ix.query(&TextQuery::parse("kestrel"), 9).expect("query");
            assert_eq!(found.len(), 1);
        };
        // Unchanged: kept in the cache folder.
        let kept = tmp.path().join("kept");
        build_in(&kept);
        assert!(kept.join("manifest").exists());
        // Changed since it was read (the key would describe the new file): a temporary index
        // answers, nothing is filed in the cache.
        std::fs::write(&file, "Something else entirely.").expect("write");
        let cached = tmp.path().join("cached");
        build_in(&cached);
        assert!(!cached.exists(), "nothing written under the new files' key");
    }

    #[test]
    fn a_large_corpus_starts_its_word_index_before_the_first_query() {
        let tmp = tempfile::tempdir().expect("tmp");
        let corpus = Arc::new(Corpus {
            documents: vec![crate::model::Document {
                text: "A kestrel flew over the quarry.".into(),
                ..Default::default()
            }]
            .into(),
            entities: Vec::new().into(),
            notices: Vec::new(),
        });
        let core_with = |fuzzy_bytes: usize| {
            let words = Words::new(0, Some((tmp.path().join("ix"), "k".into())))
                .with_fuzzy_bytes(fuzzy_bytes);
            let (tx, rx) = std::sync::mpsc::channel();
            let mut core = WorkerCore::new(Arc::clone(&corpus)).with_words(words);
            core.notify = Some(tx);
            (core, rx)
        };
        // Small enough to rank its lines fuzzily: nothing is built.
        let (mut small, rx) = core_with(usize::MAX);
        small.words.direct_bytes = usize::MAX;
        small.warm_words();
        assert!(matches!(small.words.state, State::NotStarted));
        assert!(rx.try_recv().is_err());
        // Above the bound: built in the background, said when ready, then used.
        let (mut large, rx) = core_with(4);
        large.warm_words();
        assert!(matches!(
            rx.recv_timeout(std::time::Duration::from_secs(60)),
            Ok(JobResult::WordsReady)
        ));
        let ix = large.word_index().expect("ready");
        let found = ix.query(&TextQuery::parse("quarry"), 9).expect("query");
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn stale_temporary_indexes_of_gone_processes_are_removed() {
        let tmp = tempfile::tempdir().expect("tmp");
        // A process id no live process has (above the kernel's pid_max on Linux).
        let gone = tmp.path().join(format!("{TEMP_PREFIX}4194999-1"));
        let mine = tmp
            .path()
            .join(format!("{TEMP_PREFIX}{}-2", std::process::id()));
        let other = tmp.path().join("docent-something-else-4194999");
        for d in [&gone, &mine, &other] {
            std::fs::create_dir(d).expect("mkdir");
            std::fs::write(d.join("seg-000000.dtx"), b"x").expect("write");
        }
        remove_stale_builds(tmp.path());
        assert!(!gone.exists(), "a gone process's folder is removed");
        assert!(mine.exists(), "this process's folder stays");
        assert!(other.exists(), "other names stay");
    }
}
