//! Opening a corpus the way every front end does: [`crate::load`] the paths (the bundled seeds
//! when none are given) → [`crate::analyze`] them through the index [`crate::cache`] → replay the
//! analyst's [`crate::corrections`] over the entities.
//!
//! No terminal here: progress is reported through shared counters ([`Progress`]) that a caller
//! may poll and display; problems that do not stop opening become [`Notice`]s on the corpus;
//! problems that do are an [`OpenError`]. The index cache is written on a background thread
//! (a cold build's store beside it; then the built corpus is freed and the palette's names file
//! written on threads of their own), handed back as a [`CacheWrite`] for the caller to join
//! before it exits.

use crate::cache::searchfile::{Problem, Validity};
use crate::corrections::{self, Corrections};
use crate::edits::Edits;
use crate::load::{self, LoadError, LoadOptions, Progress, SourceFile};
use crate::model::{Corpus, Notice};
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod held;
mod search;
pub use search::{open_search, SearchCandidates, SearchSource};

/// How to open a corpus.
#[derive(Clone, Debug)]
pub struct OpenOptions {
    /// Files larger than this many bytes are skipped unread.
    pub max_file_size: u64,
    /// Read and write the on-disk index cache.
    pub use_cache: bool,
    /// The corrections file named by the user (`--annotations`); `None`: the corpus's own, in
    /// the state folder.
    pub annotations: Option<PathBuf>,
    /// Counters updated while loading and analysing, for a progress display.
    pub progress: Option<Arc<Progress>>,
    /// Where document dates come from, in order (`[files] date_from`, `--date-from`).
    pub date_from: load::DateFrom,
    /// How formats are read: JSON field names (`--field`), archive limits.
    pub formats: load::FormatOptions,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            max_file_size: LoadOptions::default().max_file_size,
            use_cache: true,
            annotations: None,
            progress: None,
            date_from: load::DateFrom::default(),
            formats: load::FormatOptions::default(),
        }
    }
}

/// Why a corpus could not be opened.
#[derive(Debug)]
pub enum OpenError {
    /// A path given does not exist.
    Load(LoadError),
    /// Nothing readable was found in `paths`; `notices` says what was skipped.
    NoDocuments {
        paths: Vec<String>,
        notices: Vec<Notice>,
    },
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Load(e) => write!(f, "{e}"),
            OpenError::NoDocuments { paths, notices } => {
                write!(f, "no documents found")?;
                if !paths.is_empty() {
                    write!(f, " in {}", paths.join(", "))?;
                }
                if !notices.is_empty() {
                    write!(f, " ({} files skipped, see above)", notices.len())?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for OpenError {}

/// Background work of a build: the index cache's write, and after a cold build's store the
/// built corpus's freeing and the palette's names file. [`CacheWrite::finish`] waits
/// for them and returns the first one's notice if it failed; dropping it waits too, so a write
/// is never cut short.
#[derive(Debug, Default)]
#[must_use = "join the cache write before exiting (CacheWrite::finish)"]
pub struct CacheWrite {
    writes: Vec<std::thread::JoinHandle<Option<Notice>>>,
    /// The palette's names file being written ([`CacheWrite::names_written`]).
    names: Option<std::thread::JoinHandle<Option<Notice>>>,
}

impl CacheWrite {
    fn of(writes: Vec<std::thread::JoinHandle<Option<Notice>>>) -> CacheWrite {
        CacheWrite {
            writes,
            names: None,
        }
    }

    /// Waits for the palette's names file, when this open writes one: a reader that maps it
    /// asks for it first (without it, it builds every name in memory).
    pub fn names_written(&mut self) {
        if let Some(h) = self.names.take() {
            let _ = h.join();
        }
    }

    /// Waits for the writes; the first notice of one that failed.
    pub fn finish(mut self) -> Option<Notice> {
        let mut first = None;
        for h in self.names.take().into_iter().chain(self.writes.drain(..)) {
            let n = h.join().ok().flatten();
            first = first.or(n);
        }
        first
    }
}

impl Drop for CacheWrite {
    fn drop(&mut self) {
        for h in self.names.take().into_iter().chain(self.writes.drain(..)) {
            let _ = h.join();
        }
    }
}

/// A corpus as opened, with what the reader needs besides it.
#[derive(Debug)]
pub struct Opened {
    pub corpus: Corpus,
    /// The files read (for the reader's change watcher).
    pub sources: Arc<Vec<SourceFile>>,
    /// The corrections applied, their file (none for standard input without `--annotations`),
    /// the entities before them, and the hidden ones.
    pub edits: Edits,
    /// The index cache and document store being written, if they are.
    pub cache_write: CacheWrite,
    /// The mention index, when it came from the document store with the corpus (and no
    /// correction changed the entities since): the reader uses it instead of building it.
    pub index: Option<crate::index::Index>,
    /// Opened from the document store by [`open_unchecked`]: the files are still to be
    /// compared with those the store was written for ([`FreshnessCheck::run`]).
    pub unchecked: Option<FreshnessCheck>,
    /// When the corpus came from the document store: that file's size, modification time and
    /// inode, taken just after it was read. What the palette's stored names are keyed on
    /// ([`names_location`]): a store written anew is another file.
    pub store_stamp: Option<String>,
    /// The document store was written by this open (a cold build) and the corpus comes from
    /// it: the palette's names file is written for it too ([`open`]).
    pub store_written: bool,
}

/// The check an open from the document store left for later ([`open_unchecked`]): walk and
/// stat every file, and compare them with the files the store was written for.
#[derive(Debug)]
pub struct FreshnessCheck {
    paths: Vec<String>,
    stored: crate::cache::docstore::Files,
}

/// What [`FreshnessCheck::run`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Freshness {
    /// Every file is as the store was written for.
    Fresh,
    /// Files changed (size or modification time), added or removed since; `None` when the
    /// walk could not be done (a path given is gone) or a time is unknown.
    Stale(Option<Changes>),
}

/// How many files differ from those a store was written for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub changed: usize,
    pub added: usize,
    pub removed: usize,
}

impl std::fmt::Display for Changes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        for (n, what) in [
            (self.changed, "changed"),
            (self.added, "added"),
            (self.removed, "removed"),
        ] {
            if n > 0 {
                let s = if n == 1 { "file" } else { "files" };
                parts.push(format!("{n} {s} {what}"));
            }
        }
        if parts.is_empty() {
            // Same paths, sizes and times, in another order.
            parts.push("the files moved".into());
        }
        write!(f, "{}", parts.join(", "))
    }
}

impl FreshnessCheck {
    /// Walks and stats every file (none is read) and compares them with the store's.
    pub fn run(&self) -> Freshness {
        let Some(now) = load::stat_paths(&self.paths) else {
            return Freshness::Stale(None);
        };
        if crate::cache::docstore::same_files(&self.stored, &now) {
            return Freshness::Fresh;
        }
        if now.iter().any(|f| f.2 == 0) {
            return Freshness::Stale(None);
        }
        let before: std::collections::HashMap<&str, (u64, u64)> = self
            .stored
            .iter()
            .map(|f| (f.0.as_str(), (f.1, f.2)))
            .collect();
        let mut c = Changes::default();
        let mut seen = 0;
        for f in &now {
            match before.get(f.0.as_str()) {
                Some(&stamp) => {
                    seen += 1;
                    if stamp != (f.1, f.2) {
                        c.changed += 1;
                    }
                }
                None => c.added += 1,
            }
        }
        c.removed = before.len().saturating_sub(seen);
        Freshness::Stale(Some(c))
    }
}

/// Where the corrections of a corpus opened with `paths` live: `annotations` when given, else
/// the corpus's file in the state folder (`None` for standard input or without a home).
pub fn corrections_path(paths: &[String], annotations: Option<&Path>) -> Option<PathBuf> {
    locate_corrections(paths, annotations).ok()
}

/// [`corrections_path`], or why there is none (standard input, no state folder).
pub fn locate_corrections(
    paths: &[String],
    annotations: Option<&Path>,
) -> Result<PathBuf, crate::store::NoStore> {
    match annotations {
        Some(a) => Ok(a.to_path_buf()),
        None => crate::store::Store::locate(paths).map(|s| s.corrections_path()),
    }
}

/// Loads `paths` (the bundled seeds when empty), analyses them (through the index cache when
/// `options.use_cache`) and applies the corpus's corrections. A damaged corrections file is a
/// notice, applies nothing and is never overwritten.
pub fn open(paths: &[String], options: &OpenOptions) -> Result<Opened, OpenError> {
    open_with(paths, options, false)
}

/// [`open`] for the reader's first frame: an unchanged-looking corpus comes from its document
/// store without walking and stat'ing its files first (2.3 s at 100,000 files); the caller
/// runs [`Opened::unchecked`]'s check behind the first frame and opens again ([`open`]) when
/// it finds the files changed. Every other open checks first, as [`open`] does.
pub fn open_unchecked(paths: &[String], options: &OpenOptions) -> Result<Opened, OpenError> {
    open_with(paths, options, true)
}

fn open_with(paths: &[String], options: &OpenOptions, defer: bool) -> Result<Opened, OpenError> {
    let mut opened = open_uncorrected_with(paths, options, defer)?;
    match locate_corrections(paths, options.annotations.as_deref()) {
        Ok(path) => apply_saved_corrections(&mut opened, Some(path)),
        Err(why) => {
            apply_saved_corrections(&mut opened, None);
            opened.edits.unsaved_reason = Some(why.to_string());
        }
    }
    // A cold build writes the palette's names file (after the corrections: they are what
    // the reader ranks), so the reader's first query maps it rather than building every name.
    if opened.store_written {
        crate::phase::mark("names file starts");
        let names =
            crate::cache::searchfile::names_writer::after_cold_build(paths, options, &opened);
        opened.cache_write.names = names;
    }
    Ok(opened)
}

/// Loads and analyses `paths`, before corrections (`edits` is empty). An unchanged corpus
/// comes from its document store ([`crate::cache::docstore`]) without reading a source file;
/// otherwise it is read and analysed, and the store written in the background.
pub fn open_uncorrected(paths: &[String], options: &OpenOptions) -> Result<Opened, OpenError> {
    open_uncorrected_with(paths, options, false)
}

/// [`open_uncorrected`]; with `defer`, the store's files are not compared with the walk's
/// here but left to [`Opened::unchecked`].
fn open_uncorrected_with(
    paths: &[String],
    options: &OpenOptions,
    defer: bool,
) -> Result<Opened, OpenError> {
    crate::phase::mark("open");
    let mut store_notices: Vec<Notice> = Vec::new();
    let mut store = None;
    let mut walked = None;
    let path = options
        .use_cache
        .then(crate::cache::cache_dir)
        .flatten()
        .and_then(|dir| crate::cache::docstore::path_in(&dir, paths));
    if let Some(path) = path {
        let fingerprint = fingerprint(options);
        // The files are stat'ed (never read) while the store is read, and before any file is
        // read below: a file that changes while it is read leaves a stamp that no longer
        // matches. The store holds the entities before corrections (replayed on every open).
        // A stored text that fails its check on first use is read from its file, as loaded now.
        let reload = reload_for(options);
        // The walk's files are kept for the loader, which then does not walk them again.
        let walk_stamped = |walked: &mut Option<load::Walked>| {
            let (stamps, rest) = load::Walked::paths(paths)?;
            crate::phase::mark("walked");
            *walked = Some(rest);
            Some(stamps)
        };
        let (result, files, unchecked) = if defer {
            match crate::cache::docstore::open_unchecked(&path, &fingerprint, "", Some(reload)) {
                Ok((stored, written_for)) => {
                    let check = FreshnessCheck {
                        paths: paths.to_vec(),
                        stored: written_for,
                    };
                    (Ok(stored), None, Some(check))
                }
                // No store to use: the files are walked now, as without `defer`.
                Err(e) => (Err(e), walk_stamped(&mut walked), None),
            }
        } else {
            let (result, files) =
                crate::cache::docstore::open_while(&path, &fingerprint, "", Some(reload), || {
                    walk_stamped(&mut walked)
                });
            (result, files, None)
        };
        match result {
            Ok(stored) => {
                if let Some(p) = &options.progress {
                    use std::sync::atomic::Ordering::Relaxed;
                    let n = stored.documents.len();
                    let walked = files.as_ref().map_or(stored.sources.len(), Vec::len);
                    p.walked.store(walked, Relaxed);
                    p.read.store(stored.sources.len(), Relaxed);
                    p.documents.store(n, Relaxed);
                    p.analysed.store(n, Relaxed);
                }
                return Ok(Opened {
                    corpus: Corpus {
                        documents: stored.documents,
                        entities: stored.entities,
                        notices: stored.notices,
                    },
                    sources: stored.sources,
                    edits: Edits::default(),
                    cache_write: CacheWrite::default(),
                    index: Some(stored.index),
                    unchecked,
                    store_stamp: store_stamp(&path),
                    store_written: false,
                });
            }
            Err(Problem::Damaged(why)) => store_notices.push(Notice {
                path: path.display().to_string(),
                message: format!("document store damaged ({why}), rebuilt"),
            }),
            Err(Problem::Absent | Problem::Stale) => {}
        }
        store = files.map(|files| {
            let validity = Validity {
                fingerprint,
                corrections: String::new(),
                files,
            };
            (path, validity)
        });
    }
    // Extraction resolves relative dates against the document's date, and the cache keys on
    // the files alone: date sources other than the default bypass it.
    let cache = if options.use_cache && options.date_from == load::DateFrom::default() {
        crate::cache::Cache::for_roots(paths)
    } else {
        None
    };
    // A build that is to be stored sets its texts aside as they are loaded: extraction (and
    // the check of what an earlier build's index cache and segments hold) reads them back a
    // segment at a time, so they are never all in memory, whether the build starts from
    // nothing, resumes, or follows a few files that changed in a corpus of millions.
    let writer = match (&store, &cache) {
        (Some((path, v)), Some(_)) if v.checkable() => {
            crate::cache::texts::AsideWriter::create(path).ok()
        }
        _ => None,
    };
    // Such a build extracts while it loads when nothing of an earlier one is to be reused.
    let mut streaming = None;
    let mut loaded = if paths.is_empty() {
        load::load_seeds()
    } else {
        let load_options = LoadOptions {
            max_file_size: options.max_file_size,
            progress: options.progress.clone(),
        };
        match (&writer, &cache) {
            (Some(w), Some(c)) if crate::cache::stream::can_stream(paths, c) => {
                let (l, s) = crate::cache::stream::load_extracting(
                    paths,
                    &load_options,
                    &options.formats,
                    w,
                    // The store's file list is the walk's: read from it, not walked again.
                    walked
                        .as_ref()
                        .zip(store.as_ref())
                        .map(|(w, (_, v))| (&v.files[..], w)),
                    c,
                    options.progress.as_deref(),
                )
                .map_err(OpenError::Load)?;
                streaming = Some(s);
                Ok(l)
            }
            (Some(w), _) => load::load_paths_aside(paths, &load_options, &options.formats, w),
            (None, _) => load::load_paths_with(paths, &load_options, &options.formats),
        }
        .map_err(OpenError::Load)?
    };
    if loaded.documents.is_empty() {
        return Err(OpenError::NoDocuments {
            paths: paths.to_vec(),
            notices: loaded.notices,
        });
    }
    crate::phase::mark("loaded");
    load::apply_date_from(&mut loaded, &options.date_from);
    // Only a corpus whose every file kept its stamp while read is stored, and opened from the
    // store; its texts stay aside (linking reads none but the e-mails', and the file becomes
    // the store's texts file).
    let storing = store.as_ref().is_some_and(|(_, v)| v.checkable())
        && loaded.sources.iter().all(|s| s.mtime_ns != 0);
    let mut aside = None;
    if let Some(w) = writer {
        let placed = std::mem::take(&mut loaded.aside);
        let set = w.finish(loaded.documents.len(), &placed);
        crate::store::give_back_freed_memory();
        match set {
            Ok(a) if storing => aside = Some(a),
            // A file changed while read: not stored, so its texts are held as before.
            Ok(a) if a.restore(&mut loaded.documents).is_ok() => {}
            // Texts lost on the way: loaded again, without the cache.
            _ => return open_uncorrected_with(paths, &uncached(options), false),
        }
    }
    crate::phase::mark("texts aside");
    let progress = options.progress.as_deref();
    let extracted = match (streaming, &cache) {
        (Some(s), Some(c)) => {
            crate::cache::stream::extract_after(&loaded, c, s, progress, aside.as_ref())
        }
        _ => crate::cache::extract_aside(&loaded, cache.as_ref(), progress, aside.as_ref()),
    };
    let mut index_write = None;
    let mut analysed = match extracted {
        crate::cache::Extracted::Done(a) => a,
        crate::cache::Extracted::TextsLost(_) => {
            return open_uncorrected_with(paths, &uncached(options), false)
        }
        crate::cache::Extracted::Linking(l) => {
            if let Some((path, _)) = store.as_ref().filter(|_| storing && aside.is_none()) {
                // Not set aside while loading (the aside file could not be made: no room on
                // disk): set aside now that extraction is done, else kept in memory.
                aside = crate::cache::texts::SetAside::write(path, &mut loaded.documents).ok();
            }
            // What extraction freed (its segments' texts and lists) goes back before
            // linking grows.
            crate::store::give_back_freed_memory();
            crate::phase::mark("extracted");
            held::report(
                &loaded,
                aside.as_ref(),
                store.as_ref().map(|(_, v)| &v.files[..]),
            );
            // Texts held in memory need no giving back.
            let restore = |docs: &mut [crate::model::Document]| {
                aside.as_ref().is_none_or(|a| a.restore(docs).is_ok())
            };
            match l.link_restoring(&mut loaded.documents, restore) {
                Some((analysed, write)) => {
                    index_write = Some(write);
                    analysed
                }
                // The texts could not be given back for an analysis in memory.
                None => return open_uncorrected_with(paths, &uncached(options), false),
            }
        }
    };
    crate::phase::mark("linked");
    let mut writes: Vec<_> = analysed.writing.take().into_iter().collect();
    let documents = crate::model::Documents::from(loaded.documents);
    let loaded_sources = Arc::new(loaded.sources);
    let mut notices = loaded.notices;
    let mut corpus = Corpus {
        documents,
        entities: crate::model::Entities::from(std::mem::take(&mut analysed.entities)),
        notices: Vec::new(),
    };
    if let Some(write) = index_write {
        // Before the store's write, the index cache's entities are encoded beside it, on the
        // cache's thread (which shares the list until then); else here, so that no later
        // change to the entities copies a list still shared.
        writes.extend(match corpus.entities.as_owned() {
            Some(list) if !storing => write.start(list),
            _ => write.start_shared(corpus.entities.clone()),
        });
    }
    if let Some((path, mut validity)) = store {
        // Only a corpus whose every file kept its stamp while read is stored.
        if storing {
            // Written now, then opened from: the texts, every mention and the index built for
            // the store are dropped, and the corpus comes back as a warm open gives it (texts
            // and postings in the store's map), so the cold build's memory ends here.
            corpus.notices = notices;
            // What linking freed (its tables, the dates' records) goes back before the
            // store's write grows.
            crate::store::give_back_freed_memory();
            crate::phase::mark("store's write starts");
            let written = write_store(&path, &validity, &loaded_sources, &corpus, aside.as_ref());
            notices = std::mem::take(&mut corpus.notices);
            // Not stored: the texts set aside come back (or, failing that, the corpus is
            // opened again without the cache, below).
            let mut lost = false;
            let written = match (written, &aside) {
                (Err(e), Some(a)) => match a.restore(corpus.documents.make_mut()) {
                    Ok(()) => Err(e),
                    Err(why) => {
                        lost = true;
                        Err(std::io::Error::other(format!("{e}; {why}")))
                    }
                },
                (w, _) => w,
            };
            drop(aside);
            match written {
                Ok(()) => {
                    crate::phase::mark("store written");
                    // Freeing every mention and text takes seconds at a million documents: on
                    // a thread of its own, beside the store's reopening and the names file
                    // (which map the store, allocating little). Dropped here if none starts.
                    let built = std::mem::take(&mut corpus);
                    writes.extend(
                        std::thread::Builder::new()
                            .name("docent-drop".into())
                            .spawn(move || {
                                drop(built);
                                crate::store::give_back_freed_memory();
                                crate::phase::mark("corpus dropped");
                                None
                            })
                            .ok(),
                    );
                    // The walk's files moved, not copied (~0.2 KB a file): the store was
                    // written for them a moment ago.
                    let files = std::mem::take(&mut validity.files);
                    match crate::cache::docstore::open_while(
                        &path,
                        &validity.fingerprint,
                        "",
                        Some(reload_for(options)),
                        || Some(files),
                    )
                    .0
                    {
                        Ok(stored) => {
                            crate::phase::mark("store reopened");
                            let mut notices = stored.notices;
                            notices.extend(analysed.notices);
                            notices.extend(store_notices);
                            return Ok(Opened {
                                corpus: Corpus {
                                    documents: stored.documents,
                                    entities: stored.entities,
                                    notices,
                                },
                                sources: stored.sources,
                                edits: Edits::default(),
                                cache_write: CacheWrite::of(writes),
                                index: Some(stored.index),
                                unchecked: None,
                                store_stamp: store_stamp(&path),
                                store_written: true,
                            });
                        }
                        // Just written, so not expected: the corpus is opened again without
                        // the cache rather than given back half.
                        Err(e) => {
                            let why = match e {
                                Problem::Damaged(why) => why,
                                Problem::Absent => "absent".into(),
                                Problem::Stale => "stale".into(),
                            };
                            let mut again =
                                open_uncorrected_with(paths, &uncached(options), false)?;
                            for w in writes.drain(..) {
                                let _ = w.join();
                            }
                            again.corpus.notices.push(Notice {
                                path: path.display().to_string(),
                                message: format!(
                                    "document store unreadable just after it was written \
                                     ({why}); opened without the cache"
                                ),
                            });
                            return Ok(again);
                        }
                    }
                }
                Err(e) => {
                    store_notices.push(Notice {
                        path: path.display().to_string(),
                        message: format!("cannot write the document store: {e}"),
                    });
                    if lost {
                        // Texts set aside and not given back: opened again from the files.
                        let mut again = open_uncorrected_with(paths, &uncached(options), false)?;
                        again.corpus.notices.extend(store_notices);
                        return Ok(again);
                    }
                }
            }
        }
    }
    notices.extend(analysed.notices);
    notices.extend(store_notices);
    corpus.notices = notices;
    Ok(Opened {
        corpus,
        sources: loaded_sources,
        edits: Edits::default(),
        cache_write: CacheWrite::of(writes),
        index: None,
        unchecked: None,
        store_stamp: None,
        store_written: false,
    })
}

/// `options` without the cache: how a cold build that lost its way is opened again.
fn uncached(options: &OpenOptions) -> OpenOptions {
    OpenOptions {
        use_cache: false,
        ..options.clone()
    }
}

/// Writes the document store of a corpus just opened.
fn write_store(
    path: &Path,
    validity: &Validity,
    sources: &[SourceFile],
    corpus: &Corpus,
    aside: Option<&crate::cache::texts::SetAside>,
) -> std::io::Result<()> {
    crate::cache::docstore::write_with(
        path,
        validity,
        sources,
        &corpus.notices,
        &corpus.documents,
        &corpus.entities,
        aside,
    )
}

/// Reads one file again as the store's texts need when one fails its check: with `options`'
/// limits and formats, no progress.
fn reload_for(options: &OpenOptions) -> crate::cache::docstore::Reload {
    let (load_options, formats) = (
        LoadOptions {
            max_file_size: options.max_file_size,
            progress: None,
        },
        load::FormatOptions {
            progress: None,
            ..options.formats.clone()
        },
    );
    Box::new(move |file: &str| {
        load::load_paths_with(&[file.to_string()], &load_options, &formats)
            .ok()
            .map(|l| l.documents)
    })
}

/// Where the word index of `paths` is kept and the key it is built for, as `docent search`
/// keeps it (beside the stored search), so the reader's palette and `docent search` share
/// one index. `None` without a cache (`--no-cache`, standard input, no cache folder).
pub fn words_location(paths: &[String], options: &OpenOptions) -> Option<(PathBuf, String)> {
    if !options.use_cache {
        return None;
    }
    let path = stored_search_path(paths)?;
    let corrections = corrections_path(paths, options.annotations.as_deref());
    let validity = Validity {
        fingerprint: fingerprint(options),
        corrections: crate::cache::searchfile::file_stamp(corrections.as_deref()),
        files: load::stat_paths(paths)?,
    };
    validity.checkable().then(|| {
        (
            crate::cache::words::dir_for(&path),
            crate::cache::words::key(&validity),
        )
    })
}

/// The document store's file as [`Opened::store_stamp`] gives it: `size:mtime:inode`.
fn store_stamp(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some(format!("{}:{}:{inode}", meta.len(), load::mtime_ns(&meta)))
}

/// Where the reader's palette keeps its names tier (entity names, aliases, date forms, titles,
/// shown paths: [`crate::cache::searchfile::write_candidates`]) for `opened`, and what it is
/// valid for: the document store it came from ([`Opened::store_stamp`]; `None` for a corpus
/// not opened from one), the options, the corrections file as it was at the open, the
/// corpus's counts and `home` (the shown paths write it `~`). No file is stat'ed but the
/// corrections file: the first query must not wait for a walk.
pub fn names_location(
    paths: &[String],
    options: &OpenOptions,
    opened: &Opened,
    home: Option<&str>,
) -> Option<(PathBuf, Validity)> {
    let stamp = opened
        .store_stamp
        .as_deref()
        .filter(|_| options.use_cache)?;
    let search = stored_search_path(paths)?;
    let path = search.with_extension("names.search");
    let corrections = corrections_path(paths, options.annotations.as_deref());
    let corpus = &opened.corpus;
    let validity = Validity {
        fingerprint: format!(
            "palette names|{}|store {stamp}|{} documents|{} entities|home {home:?}",
            fingerprint(options),
            corpus.documents.len(),
            corpus.entities.len(),
        ),
        corrections: crate::cache::searchfile::file_stamp(corrections.as_deref()),
        files: Vec::new(),
    };
    Some((path, validity))
}

/// Where the stored search of `paths` lives (`None`: standard input, no cache folder).
fn stored_search_path(paths: &[String]) -> Option<PathBuf> {
    crate::cache::searchfile::path_in(&crate::cache::cache_dir()?, paths)
}

/// The options that change what a corpus's search finds, as one string (without the progress
/// counters a caller may attach to the format options: they change as files are read).
fn fingerprint(options: &OpenOptions) -> String {
    let formats = load::FormatOptions {
        progress: None,
        ..options.formats.clone()
    };
    format!(
        "{}|{:?}|{:?}",
        options.max_file_size, options.date_from, formats
    )
}

/// Reads the corrections at `path` and replays them over `opened`'s entities, keeping the
/// uncorrected entities in `opened.edits` for later edits. `None` (nowhere to save) and a
/// damaged file both leave the corrections unsaved, with the reason.
pub fn apply_saved_corrections(opened: &mut Opened, path: Option<PathBuf>) {
    let corpus = &mut opened.corpus;
    let mut path = path;
    let mut unsaved_reason = None;
    if path.is_none() {
        unsaved_reason = Some("standard input: use --annotations FILE".to_string());
    }
    let saved = match path.as_deref().map(corrections::load_with_notices) {
        Some(Ok((c, limited))) => {
            // Limits on untrusted files (name lengths, counts): each one said.
            for message in limited {
                corpus.notices.push(Notice {
                    path: "corrections".into(),
                    message,
                });
            }
            c
        }
        Some(Err(e)) => {
            corpus.notices.push(Notice {
                path: "corrections".into(),
                message: format!("{e} (not applied)"),
            });
            // Never overwrite the analyst's damaged file with a fresh list.
            path = None;
            unsaved_reason = Some("the corrections file is damaged: fix or remove it".into());
            Corrections::default()
        }
        None => Corrections::default(),
    };
    let mut edits = Edits {
        path,
        unsaved_reason,
        saved: saved.clone(),
        ..Default::default()
    };
    if !saved.is_empty() {
        let base = std::mem::take(&mut corpus.entities).into_vec();
        let applied = corrections::apply(base.clone(), &corpus.documents, &saved);
        if applied.skipped > 0 {
            corpus.notices.push(Notice {
                path: "corrections".into(),
                message: format!(
                    "{} correction(s) name entities no longer found (skipped)",
                    applied.skipped
                ),
            });
        }
        corpus.entities = applied.entities.into();
        // The stored index was for the entities before corrections.
        opened.index = None;
        edits.base = Some(Arc::new(base));
        edits.hidden = applied.hidden;
        edits.corrections = saved;
    }
    opened.edits = edits;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_open_without_paths() {
        let options = OpenOptions {
            use_cache: false,
            ..OpenOptions::default()
        };
        let opened = open_uncorrected(&[], &options).expect("the seeds open");
        assert!(!opened.corpus.documents.is_empty());
        assert!(opened.edits.corrections.is_empty());
        assert!(opened.cache_write.finish().is_none());
    }

    #[test]
    fn a_missing_path_and_an_empty_folder_are_errors() {
        let options = OpenOptions {
            use_cache: false,
            ..OpenOptions::default()
        };
        let missing = open(&["/no/such/place".into()], &options);
        assert!(matches!(missing, Err(OpenError::Load(_))));
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().to_string_lossy().to_string();
        let err = open(std::slice::from_ref(&path), &options)
            .expect_err("no documents")
            .to_string();
        assert_eq!(err, format!("no documents found in {path}"));
    }

    #[test]
    fn a_damaged_corrections_file_is_a_notice_and_is_not_saved_over() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = dir.path().join("c.json");
        std::fs::write(&file, "{not json").expect("write");
        let options = OpenOptions {
            use_cache: false,
            annotations: Some(file),
            ..OpenOptions::default()
        };
        let opened = open(&[], &options).expect("opens");
        assert!(opened.edits.path.is_none());
        assert!(opened.edits.unsaved_reason.is_some());
        assert!(opened
            .corpus
            .notices
            .iter()
            .any(|n| n.path == "corrections"));
    }

    #[test]
    fn the_search_fingerprint_ignores_progress_counters() {
        let plain = OpenOptions::default();
        let counting = OpenOptions {
            formats: load::FormatOptions {
                progress: Some(Arc::new(Progress::default())),
                ..Default::default()
            },
            ..Default::default()
        };
        if let Some(p) = &counting.formats.progress {
            p.pages_read
                .fetch_add(3, std::sync::atomic::Ordering::Relaxed);
        }
        assert_eq!(fingerprint(&plain), fingerprint(&counting));
        let other = OpenOptions {
            max_file_size: 7,
            ..Default::default()
        };
        assert_ne!(fingerprint(&plain), fingerprint(&other));
    }
}
