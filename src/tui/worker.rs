//! Matching off the render path. The app queues [`Job`]s; a worker thread runs them with
//! [`WorkerCore`] and sends [`JobResult`]s back. Each job carries its own cancel flag, which the
//! app sets when a newer job of the same kind supersedes it, so stale queries stop early and the
//! UI never waits on matching. Tests run the same [`WorkerCore`] synchronously.

use crate::model::{Corpus, Documents};
use crate::search::{Candidates, Query, Target};
use crate::tui::paths::ShownPaths;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;

/// What a job computes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobKind {
    /// The Ctrl-P palette over everything.
    Palette,
    /// The Sources filter: titles and paths, or (`text`) titles and every line of text.
    Sources { text: bool },
    /// The Entities filter: names, aliases, date forms.
    Entities,
    /// The reader's search: which documents have a hit (for `n` / `N` past the open
    /// document's hits).
    FindDocs,
    /// Match against this corpus from now on (corrections changed its entities). No result.
    Reload(SharedCorpus),
}

impl JobKind {
    /// Jobs of one slot supersede each other (a Sources filter in either mode is one slot).
    pub fn slot(&self) -> &'static str {
        match self {
            JobKind::Palette => "palette",
            JobKind::Sources { .. } => "sources",
            JobKind::Entities => "entities",
            JobKind::FindDocs => "find",
            JobKind::Reload(_) => "reload",
        }
    }
}

/// A corpus handed to the worker; equal when it is the same corpus.
#[derive(Clone, Debug)]
pub struct SharedCorpus(pub Arc<Corpus>);

impl PartialEq for SharedCorpus {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for SharedCorpus {}

/// A matching request.
#[derive(Clone, Debug)]
pub struct Job {
    pub kind: JobKind,
    /// Increases with every job the app sends; results of older jobs are dropped.
    pub generation: u64,
    pub query: String,
    pub cancel: Arc<AtomicBool>,
}

/// A palette result, self-contained so the app needs no copy of the candidates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaletteItem {
    pub target: Target,
    pub text: String,
    pub positions: Vec<usize>,
    pub score: i64,
}

/// A document matching the Sources filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceMatch {
    pub doc: usize,
    pub score: i64,
    /// Matched char positions in the title (empty when only the text matched).
    pub title_positions: Vec<usize>,
    /// Matched char positions in the shown path ([`crate::tui::paths::shown`]).
    pub path_positions: Vec<usize>,
    /// The best matching text line, when the text matched better than the title.
    pub line: Option<String>,
}

/// An entity matching the Entities filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityMatch {
    pub entity: usize,
    pub score: i64,
    /// Matched char positions in the entity's name (empty when an alias or date form matched).
    pub name_positions: Vec<usize>,
}

/// What a job produced.
#[derive(Clone, Debug)]
pub enum JobResult {
    /// The palette's state for one query, whole each time (it replaces the last): the names
    /// tier (entities, titles, paths: ranked fully first) then the lines tier.
    Palette {
        generation: u64,
        /// The names tier's items (at most [`PALETTE_LIMIT`]), then the lines tier's (at
        /// most [`PALETTE_LIMIT`]).
        items: Vec<PaletteItem>,
        /// How many of `items` are names (they come first).
        names: usize,
        /// The names tier is ranked fully: its items stay as they are for this query.
        names_done: bool,
        /// False while lines are still coming (a partial ranking, better ones first).
        done: bool,
        /// How many results there are in all (entities once, a repeated line once; through
        /// the word index, every matching line), when the ranking is done.
        total: Option<usize>,
        /// Why lines are missing or how they were found, when the list should say so.
        note: Option<String>,
    },
    /// The word index the palette finds lines through is built (or failed): a query waiting
    /// for it can run again.
    WordsReady,
    Sources {
        generation: u64,
        matches: Vec<SourceMatch>,
        /// Why the text could not be searched (yet: the word index being built), when it
        /// was asked for.
        note: Option<String>,
    },
    Entities {
        generation: u64,
        matches: Vec<EntityMatch>,
    },
    /// The documents with a hit for the reader's search, ascending; or why they are not
    /// known (yet: the word index is being built, and [`JobResult::WordsReady`] follows).
    FindDocs {
        generation: u64,
        docs: Option<Arc<Vec<u32>>>,
        note: Option<String>,
    },
}

/// How many palette results each tier keeps (names, then lines).
pub const PALETTE_LIMIT: usize = 200;

mod find;
mod names;
mod palette;
pub use find::{has_hit, index_query, search_from, DIRECT_BYTES};
pub use palette::{Words, FUZZY_BYTES};

/// The matching engine: the corpus and its candidates (built on first use, off the UI thread).
pub struct WorkerCore {
    corpus: Arc<Corpus>,
    /// Entities (names, aliases, date forms) and titles.
    names: Option<Candidates>,
    /// Every text line (in pieces); built only when lines are ranked fuzzily.
    lines: Option<Candidates>,
    /// The last completed names ranking's query and every name candidate it matched: a query
    /// that only grows from it (typing on) searches just those.
    last_names: Option<(String, Vec<u32>)>,
    /// The same for the lines tier.
    last_lines: Option<(String, Vec<u32>)>,
    /// Every document's shown path (built on first use).
    paths: Option<Arc<ShownPaths>>,
    /// The palette's names: entities and titles as [`WorkerCore::names`], and the paths;
    /// mapped from their file when it is valid ([`names::Names`]).
    palette_names: Option<names::Names>,
    /// Said with the next palette result: the names' file was found damaged and rebuilt.
    names_damaged: Option<String>,
    /// How the palette finds text lines: fuzzily, or through the word index.
    words: Words,
    /// Where to say that a word index built in the background is ready; without it (tests,
    /// the bench) the index is built at once, on the calling thread.
    notify: Option<Sender<JobResult>>,
    /// More names than this are ranked in rounds, with partial results.
    names_in_one_pass: usize,
    /// Bytes of text in the corpus (summed on first use).
    text_bytes: Option<usize>,
}

impl WorkerCore {
    pub fn new(corpus: Arc<Corpus>) -> WorkerCore {
        WorkerCore {
            corpus,
            names: None,
            lines: None,
            last_names: None,
            last_lines: None,
            paths: None,
            palette_names: None,
            names_damaged: None,
            words: Words::default(),
            notify: None,
            names_in_one_pass: palette::NAMES_IN_ONE_PASS,
            text_bytes: None,
        }
    }

    /// Finds the palette's lines through the word index when the corpus has more than
    /// `words.above` line candidates, the index kept where `words` says.
    pub fn with_words(mut self, words: Words) -> WorkerCore {
        self.words = words;
        self
    }

    /// Ranks more names than `n` in rounds, with partial results (tests of a large corpus).
    pub fn with_names_in_one_pass(mut self, n: usize) -> WorkerCore {
        self.names_in_one_pass = n;
        self
    }

    fn paths(&mut self) -> Arc<ShownPaths> {
        let docs = &self.corpus.documents;
        Arc::clone(
            self.paths
                .get_or_insert_with(|| Arc::new(ShownPaths::new(docs))),
        )
    }

    fn names(&mut self) -> &Candidates {
        let corpus = &self.corpus;
        self.names.get_or_insert_with(|| Candidates::names(corpus))
    }

    fn lines(&mut self) -> &Candidates {
        let corpus = &self.corpus;
        self.lines.get_or_insert_with(|| Candidates::lines(corpus))
    }

    /// Runs one job; `None` when it was cancelled.
    pub fn run(&mut self, job: &Job) -> Option<JobResult> {
        self.run_streaming(job, None)
    }

    /// [`WorkerCore::run`], sending partial palette rankings to `partial` as they improve.
    pub fn run_streaming(
        &mut self,
        job: &Job,
        mut partial: Option<&mut dyn FnMut(JobResult)>,
    ) -> Option<JobResult> {
        let cancel = &*job.cancel;
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        if let JobKind::Reload(c) = &job.kind {
            // Corrections change entities, not the text: the lines stay valid. A corpus read
            // again from changed files ([`crate::tui::refresh`]) has other documents.
            if !Documents::ptr_eq(&self.corpus.documents, &c.0.documents) {
                self.lines = None;
                self.last_lines = None;
                self.paths = None;
                self.text_bytes = None;
                self.words.forget_corpus();
                self.corpus = Arc::clone(&c.0);
                self.warm_words();
            }
            self.corpus = Arc::clone(&c.0);
            self.names = None;
            // The stored names describe the corpus as opened, not as corrected or read again.
            self.words.names = None;
            self.palette_names = None;
            self.last_names = None;
            return None;
        }
        let query = Query::parse(&job.query);
        match job.kind {
            JobKind::Palette => self.palette(job, &query, &mut partial),
            JobKind::FindDocs => self.find_docs(job.generation, &job.query, cancel),
            JobKind::Sources { text } => {
                let corpus = Arc::clone(&self.corpus);
                let n = corpus.documents.len();
                let paths = self.paths();
                let mut best: Vec<Option<SourceMatch>> = vec![None; n];
                for (d, doc) in corpus.documents.iter().enumerate() {
                    if d % 512 == 0 && cancel.load(Ordering::Relaxed) {
                        return None;
                    }
                    let title = query.match_text(&doc.title);
                    let path = paths.get(d).and_then(|p| query.match_text(p));
                    let score = match (&title, &path) {
                        (None, None) => continue,
                        (t, p) => t.iter().chain(p.iter()).map(|m| m.0).max().unwrap_or(0),
                    };
                    best[d] = Some(SourceMatch {
                        doc: d,
                        score,
                        title_positions: title.map(|m| m.1).unwrap_or_default(),
                        path_positions: path.map(|m| m.1).unwrap_or_default(),
                        line: None,
                    });
                }
                let mut note = None;
                if text && !self.lines_fuzzy() {
                    // A large corpus: the documents the word index names, with `docent
                    // search --words`'s syntax, each with its first matching line.
                    match self.word_index() {
                        Ok(ix) => {
                            if let Err(e) = index_docs(&corpus, &ix, &job.query, cancel, &mut best)?
                            {
                                note = Some(format!("text: {e}"));
                            }
                        }
                        Err(why) => note = Some(format!("text: {why}")),
                    }
                } else if text {
                    // Lines match their words literally: fuzzy letters scattered over a long
                    // line matched nearly every document ("trump" kept 172 of 181 pages).
                    let query = query.clone().literal();
                    let cands = self.lines();
                    let m = crate::search::matcher();
                    for (i, c) in cands.items.iter().enumerate() {
                        if i % 512 == 0 && cancel.load(Ordering::Relaxed) {
                            return None;
                        }
                        let Target::Line { doc, .. } = c.target else {
                            continue;
                        };
                        let Some(slot) = best.get_mut(doc) else {
                            continue;
                        };
                        if let Some(score) = query.score_key(&m, cands.key(c)) {
                            match slot {
                                Some(m) if m.score >= score => {}
                                Some(m) if m.line.is_none() => {
                                    // The title or path matched: keep its highlight, note the
                                    // better line.
                                    m.score = score;
                                    m.line = Some(cands.text(c).to_string());
                                }
                                _ => {
                                    *slot = Some(SourceMatch {
                                        doc,
                                        score,
                                        title_positions: Vec::new(),
                                        path_positions: Vec::new(),
                                        line: Some(cands.text(c).to_string()),
                                    })
                                }
                            }
                        }
                    }
                }
                let mut matches: Vec<SourceMatch> = best.into_iter().flatten().collect();
                matches.sort_by(|a, b| b.score.cmp(&a.score).then(a.doc.cmp(&b.doc)));
                Some(JobResult::Sources {
                    generation: job.generation,
                    matches,
                    note,
                })
            }
            JobKind::Entities => {
                let corpus = Arc::clone(&self.corpus);
                let cands = self.names();
                let m = crate::search::matcher();
                let n = corpus.entities.len();
                let mut best: Vec<Option<EntityMatch>> = vec![None; n];
                for (e, ent) in corpus.entities.iter().enumerate() {
                    let label = super::app::entity_label(ent);
                    if let Some((score, pos)) = query.match_text(&label) {
                        best[e] = Some(EntityMatch {
                            entity: e,
                            score,
                            name_positions: pos,
                        });
                    }
                    for alias in &ent.aliases {
                        if let Some((score, _)) = query.match_text(alias) {
                            upgrade(&mut best[e], e, score);
                        }
                    }
                }
                for (i, c) in cands.items.iter().enumerate() {
                    if i % 512 == 0 && cancel.load(Ordering::Relaxed) {
                        return None;
                    }
                    let Target::Entity(e) = c.target else {
                        continue;
                    };
                    if e >= n {
                        continue;
                    }
                    if let Some(score) = query.score_key(&m, cands.key(c)) {
                        upgrade(&mut best[e], e, score);
                    }
                }
                let mut matches: Vec<EntityMatch> = best.into_iter().flatten().collect();
                matches.sort_by(|a, b| b.score.cmp(&a.score).then(a.entity.cmp(&b.entity)));
                Some(JobResult::Entities {
                    generation: job.generation,
                    matches,
                })
            }
            JobKind::Reload(_) => None,
        }
    }
}

/// How many documents found through the word index get their matching line read and shown
/// (the rest are listed by title).
const INDEX_LINES_SHOWN: usize = 2_000;

/// The Sources text filter through the word index: every document with a line matching
/// `query` (`docent search --words`'s syntax) is listed, after those whose title or path
/// matched, in document order; the first [`INDEX_LINES_SHOWN`] with their first matching line.
/// `None` when cancelled; `Some(Err)` when the index failed.
fn index_docs(
    corpus: &Corpus,
    ix: &crate::textindex::DiskIndex,
    query: &str,
    cancel: &AtomicBool,
    best: &mut [Option<SourceMatch>],
) -> Option<Result<(), String>> {
    let tq = crate::textindex::TextQuery::parse(query);
    let firsts = match ix.first_lines(&tq) {
        Ok(f) => f,
        Err(e) => return Some(Err(e.to_string())),
    };
    for (i, r) in firsts.iter().enumerate() {
        if i % 512 == 0 && cancel.load(Ordering::Relaxed) {
            return None;
        }
        let (Some(slot), Some(d)) = (best.get_mut(r.doc), corpus.documents.get(r.doc)) else {
            continue;
        };
        let line = (i < INDEX_LINES_SHOWN)
            .then(|| d.text.split_inclusive('\n').nth(r.line))
            .flatten()
            .map(|l| crate::sanitize::clean_line(l.trim()).into_owned());
        match slot {
            Some(m) => {
                if m.line.is_none() {
                    m.line = line;
                }
            }
            None => {
                *slot = Some(SourceMatch {
                    doc: r.doc,
                    score: 0,
                    title_positions: Vec::new(),
                    path_positions: Vec::new(),
                    line,
                })
            }
        }
    }
    Some(Ok(()))
}

fn upgrade(slot: &mut Option<EntityMatch>, entity: usize, score: i64) {
    match slot {
        Some(m) if m.score >= score => {}
        Some(m) => m.score = score,
        None => {
            *slot = Some(EntityMatch {
                entity,
                score,
                name_positions: Vec::new(),
            })
        }
    }
}

/// Runs jobs from `jobs` until the channel closes, skipping any job superseded by a newer one
/// of the same kind already waiting, and sends results to `results`.
pub fn serve(mut core: WorkerCore, jobs: Receiver<Job>, results: Sender<JobResult>) {
    core.notify = Some(results.clone());
    core.warm_words();
    core.warm_names();
    while let Ok(first) = jobs.recv() {
        let mut pending = vec![first];
        pending.extend(jobs.try_iter());
        // Keep only the newest job of each kind.
        let mut latest: Vec<Job> = Vec::new();
        for job in pending.into_iter().rev() {
            if !latest.iter().any(|j| j.kind.slot() == job.kind.slot()) {
                latest.push(job);
            }
        }
        for job in latest.into_iter().rev() {
            let mut send_partial = |r: JobResult| {
                let _ = results.send(r);
            };
            if let Some(r) = core.run_streaming(&job, Some(&mut send_partial)) {
                if results.send(r).is_err() {
                    return;
                }
            }
        }
    }
}

/// Starts the worker thread; the palette finds lines as `words` says.
/// `paths` are the documents' shown paths when the app has them already
/// ([`crate::tui::paths::ShownPaths`]: one list for both).
pub fn spawn(
    corpus: Arc<Corpus>,
    words: Words,
    paths: Option<Arc<ShownPaths>>,
) -> (Sender<Job>, Receiver<JobResult>) {
    let (job_tx, job_rx) = std::sync::mpsc::channel();
    let (res_tx, res_rx) = std::sync::mpsc::channel();
    let mut core = WorkerCore::new(corpus).with_words(words);
    core.paths = paths.filter(|p| p.len() == core.corpus.documents.len());
    std::thread::Builder::new()
        .name("docent-matcher".into())
        .spawn(move || serve(core, job_rx, res_tx))
        .ok();
    (job_tx, res_rx)
}
