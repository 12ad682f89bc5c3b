//! Opening a corpus for `docent search`: its stored search when one is valid (opened lazily),
//! else the corpus opened and its candidates built — every line among them for a small corpus;
//! the names alone when lines are found through the word index, written as the stored search
//! as they are made and ranked from it — and where a line found so is read from.

use super::{
    corrections_path, fingerprint, open, reload_for, stored_search_path, CacheWrite, OpenError,
    OpenOptions, Opened,
};
use crate::cache::searchfile::{Problem, SearchFile, Validity};
use crate::load;
use crate::model::Notice;
use crate::search::Candidates;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a search runs over: the stored search of an unchanged corpus (no source file read), or
/// the corpus opened now, with its candidates; and, for a large corpus or when asked, the word
/// index its lines are found through, their texts read from the candidates when they hold
/// them, else from the documents ([`SearchSource::line_reader`]).
pub struct SearchSource {
    pub candidates: SearchCandidates,
    /// The word index ([`crate::cache::words`]) when lines are found through it.
    pub words: Option<crate::textindex::DiskIndex>,
    /// Where and for what to store the search ([`SearchSource::store`]); `None` without a
    /// cache.
    store: Option<(PathBuf, Validity)>,
    /// The document store to read lines from when the stored search holds names alone: its
    /// path and what it must be valid for (opened on the first line printed).
    texts: Option<(PathBuf, Validity)>,
    /// How a stored text that fails its check is read again.
    reload: std::sync::Mutex<Option<crate::cache::docstore::Reload>>,
}

/// The candidates a search ranks.
pub enum SearchCandidates {
    Stored(SearchFile),
    Opened {
        /// Over the corpus opened ([`Candidates::corpus`]).
        candidates: Candidates,
        /// `None`: the candidates hold every line; else they are the names alone (lines are
        /// found through the word index) and the corpus has this many line candidates
        /// ([`crate::cache::words::count_lines`], counted to just past the threshold).
        lines: Option<usize>,
        /// Its index cache write (join it before exiting).
        cache_write: CacheWrite,
    },
    /// The corpus opened now, its names written as its stored search (a stream: no name
    /// held in memory, [`crate::cache::searchfile::names_writer::write_search`]) and ranked
    /// from that file; its lines are found through the word index and read from the corpus.
    Written {
        file: SearchFile,
        corpus: Arc<crate::model::Corpus>,
        /// Its index cache write (join it before exiting).
        cache_write: CacheWrite,
    },
}

impl SearchCandidates {
    /// Its index cache write, for a corpus opened now.
    pub fn into_cache_write(self) -> Option<CacheWrite> {
        match self {
            SearchCandidates::Stored(_) => None,
            SearchCandidates::Opened { cache_write, .. }
            | SearchCandidates::Written { cache_write, .. } => Some(cache_write),
        }
    }
}

impl SearchSource {
    /// Writes the stored search of a corpus just opened; the notice if that failed.
    pub fn store(&self) -> Option<Notice> {
        let (
            SearchCandidates::Opened {
                candidates, lines, ..
            },
            Some((path, validity)),
        ) = (&self.candidates, &self.store)
        else {
            return None;
        };
        if !validity.checkable() {
            return None;
        }
        let corpus = candidates.corpus();
        match lines {
            None => crate::cache::searchfile::write(path, validity, corpus, candidates),
            Some(n) => {
                crate::cache::searchfile::write_names(path, validity, corpus, candidates, *n)
            }
        }
        .err()
        .map(|e| Notice {
            path: path.display().to_string(),
            message: format!("cannot store the search: {e}"),
        })
    }

    /// The stored search's damage found while answering (it was opened lazily: a chunk is
    /// checked when first read), as the notice to give before answering again from a corpus
    /// opened anew ([`open_search`] without `reuse`).
    pub fn damaged(&self) -> Option<Notice> {
        let (SearchCandidates::Stored(file) | SearchCandidates::Written { file, .. }) =
            &self.candidates
        else {
            return None;
        };
        let why = file.damage()?;
        Some(Notice {
            path: self
                .store
                .as_ref()
                .map_or_else(String::new, |(p, _)| p.display().to_string()),
            message: format!("stored search damaged ({why}), rebuilt"),
        })
    }

    /// Where the texts of lines found through the word index are read: the candidates when
    /// they hold the lines, else the corpus's documents, or the document store (opened on the
    /// first line asked: a store that cannot be used makes every read fail, and the caller
    /// answers again from a corpus opened anew).
    pub fn line_reader(&self) -> Box<dyn crate::cache::words::LineReader + '_> {
        use crate::cache::words::{CandidateLines, DocumentLines};
        match &self.candidates {
            SearchCandidates::Stored(file) if file.lines_counted().is_none() => {
                Box::new(CandidateLines::new(file))
            }
            SearchCandidates::Stored(_) => Box::new(StoreLines {
                source: self,
                stored: None,
            }),
            SearchCandidates::Opened {
                candidates,
                lines: None,
                ..
            } => Box::new(CandidateLines::new(candidates)),
            SearchCandidates::Opened { candidates, .. } => {
                Box::new(DocumentLines(&candidates.corpus().documents))
            }
            SearchCandidates::Written { corpus, .. } => Box::new(DocumentLines(&corpus.documents)),
        }
    }
}

/// Lines read from the document store, opened on the first line asked.
struct StoreLines<'a> {
    source: &'a SearchSource,
    stored: Option<crate::cache::docstore::Stored>,
}

impl crate::cache::words::LineReader for StoreLines<'_> {
    fn texts(&mut self, doc: usize, lines: &[usize], out: &mut Vec<String>) -> Result<(), String> {
        if self.stored.is_none() {
            let Some((path, want)) = &self.source.texts else {
                return Err("no document store".into());
            };
            let reload = self.source.reload.lock().ok().and_then(|mut r| r.take());
            // The files were stat'ed for the stored search: no second walk.
            let (opened, _) = crate::cache::docstore::open_while(
                path,
                &want.fingerprint,
                &want.corrections,
                reload,
                || Some(want.files.clone()),
            );
            let stored = opened.map_err(|p| format!("document store: {p:?}"))?;
            // Written with the stored search from one opening: the same documents.
            if let SearchCandidates::Stored(file) = &self.source.candidates {
                if stored.documents.len() != file.documents() {
                    return Err("document store: other documents".into());
                }
            }
            self.stored = Some(stored);
        }
        let Some(stored) = &self.stored else {
            return Err("no document store".into());
        };
        crate::cache::words::DocumentLines(&stored.documents).texts(doc, lines, out)
    }
}

/// Does a search over `s` find lines through the word index? When asked (`words`), or when
/// it has more than [`crate::cache::words::WORDS_ABOVE`] lines.
fn wants_words<S: crate::search::Searchable>(s: &S, words: bool) -> bool {
    words || s.len() - crate::cache::words::names_len(s) > crate::cache::words::WORDS_ABOVE
}

/// Opens `paths` for `docent search`: the stored search when the cache holds one valid for
/// these files (path, size, modification time), options and corrections, opened lazily (each
/// chunk checked when first read: [`SearchSource::damaged`] says what a query found); else
/// [`open`] and the candidates built. Without `reuse` (answering again after damage found
/// while answering), the stored search is not read. Lines are found through the word index
/// when asked (`words`) or for a corpus of more than [`crate::cache::words::WORDS_ABOVE`]
/// line candidates: the index is built when missing, and the candidates are then the names
/// alone (no line is listed; the stored search is written so). Returns the source and
/// notices about the stored search and index themselves (a damaged one is rebuilt).
pub fn open_search(
    paths: &[String],
    options: &OpenOptions,
    words: bool,
    reuse: bool,
) -> Result<(SearchSource, Vec<Notice>), OpenError> {
    use crate::cache::words as w;
    let mut notices = Vec::new();
    let store = if options.use_cache {
        stored_search_path(paths).and_then(|path| {
            let corrections = corrections_path(paths, options.annotations.as_deref());
            let validity = Validity {
                fingerprint: fingerprint(options),
                corrections: crate::cache::searchfile::file_stamp(corrections.as_deref()),
                files: load::stat_paths(paths)?,
            };
            Some((path, validity))
        })
    } else {
        None
    };
    let source = |candidates, words, store, texts| SearchSource {
        candidates,
        words,
        store,
        texts,
        reload: std::sync::Mutex::new(Some(reload_for(options))),
    };
    if let Some((path, validity)) = store.as_ref().filter(|_| reuse) {
        match SearchFile::open_lazy(path, validity) {
            Ok(file) => {
                let big = match file.lines_counted() {
                    Some(n) => n > w::WORDS_ABOVE,
                    None => wants_words(&file, false),
                };
                if !words && !big && file.lines_counted().is_none() {
                    return Ok((
                        source(SearchCandidates::Stored(file), None, store, None),
                        notices,
                    ));
                }
                // A file of names alone over a small corpus searched fuzzily: opened anew
                // below, every line listed.
                if words || big {
                    match crate::textindex::DiskIndex::open(&w::dir_for(path), &w::key(validity)) {
                        // A build that was interrupted covers fewer documents: finish it
                        // below.
                        Ok(ix) if ix.documents() == file.documents() => {
                            // The store holds the entities before corrections: keyed
                            // without them.
                            let texts = crate::cache::cache_dir()
                                .and_then(|d| crate::cache::docstore::path_in(&d, paths))
                                .map(|p| {
                                    let want = Validity {
                                        corrections: String::new(),
                                        ..validity.clone()
                                    };
                                    (p, want)
                                });
                            return Ok((
                                source(SearchCandidates::Stored(file), Some(ix), store, texts),
                                notices,
                            ));
                        }
                        // No word index yet (or a damaged one): open the corpus and build it.
                        _ => {}
                    }
                }
            }
            Err(Problem::Damaged(why)) => notices.push(Notice {
                path: path.display().to_string(),
                message: format!("stored search damaged ({why}), rebuilt"),
            }),
            Err(Problem::Absent | Problem::Stale) => {}
        }
    }
    let Opened {
        mut corpus,
        cache_write,
        ..
    } = open(paths, options)?;
    // Notices about the cache itself are said once, not stored and repeated.
    let cache_dir = crate::cache::cache_dir();
    let (own, kept): (Vec<Notice>, Vec<Notice>) = corpus.notices.drain(..).partition(|n| {
        cache_dir
            .as_ref()
            .is_some_and(|d| Path::new(&n.path).starts_with(d))
    });
    notices.extend(own);
    corpus.notices = kept;
    let corpus = Arc::new(corpus);
    // Lines through the word index list no line: the names alone are candidates. Counted no
    // further than needed to know the corpus is large.
    let lines = w::count_lines(&corpus, w::WORDS_ABOVE);
    let index = if words || lines > w::WORDS_ABOVE {
        w::build_for_search(store.as_ref(), &corpus, &mut notices)
    } else {
        None
    };
    // With an index, the names are written as the stored search as they are made, and
    // ranked from it: never all in memory (at 100,000 documents ~200 MB with the entities
    // and documents decoded for them). Should that fail, they are built in memory and the
    // store tried again after the answer, which says why it failed.
    if index.is_some() {
        if let Some(file) = store
            .as_ref()
            .and_then(|s| write_streamed(s, &corpus, lines))
        {
            return Ok((
                source(
                    SearchCandidates::Written {
                        file,
                        corpus,
                        cache_write,
                    },
                    index,
                    store,
                    None,
                ),
                notices,
            ));
        }
    }
    // Without an index (it could not be built) every line is ranked fuzzily, as for a small
    // corpus.
    let (candidates, lines) = match index {
        Some(_) => (Candidates::names(&corpus), Some(lines)),
        None => (Candidates::build(&corpus), None),
    };
    Ok((
        source(
            SearchCandidates::Opened {
                candidates,
                lines,
                cache_write,
            },
            index,
            store,
            None,
        ),
        notices,
    ))
}

/// Writes the stored search of `corpus` (names alone, `lines` line candidates) at the
/// store's path, streamed, and opens it; `None` when it cannot be written or read back.
fn write_streamed(
    (path, validity): &(PathBuf, Validity),
    corpus: &crate::model::Corpus,
    lines: usize,
) -> Option<SearchFile> {
    if !validity.checkable() {
        return None;
    }
    crate::cache::searchfile::names_writer::write_search(path, validity, corpus, lines).ok()?;
    SearchFile::open_lazy(path, validity).ok()
}
