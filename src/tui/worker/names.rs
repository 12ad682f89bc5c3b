//! The palette's names tier: entity names, aliases and date forms, document titles and shown
//! paths, ranked fuzzily. Over a corpus opened from the document store it is ranked where it
//! is kept on disk ([`crate::open::names_location`], the stored search's format), mapped: the
//! text borrowed from the map, only the best [`PALETTE_LIMIT`] copied out, no entity or
//! document decoded; each chunk of the file checked on its first use (a damaged one makes
//! the names built anew, the file rewritten, and it is said with the results). Otherwise (no
//! store, no file yet, a corrected corpus) the candidates are built in memory from every
//! entity and document, as before, and written for the next open. A cold build writes the
//! file itself ([`crate::cache::searchfile::names_writer`]), so after one the first query maps it.
//! The candidates are the same in the same order either way, so the rankings are too.

use super::palette::{items, narrowed};
use super::{PaletteItem, WorkerCore, PALETTE_LIMIT};
use crate::cache::searchfile::{self, SearchFile};
use crate::search::{rank_whole, rank_within, Candidates, Mentioned, Query, Searchable, Target};
use std::collections::HashSet;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// The names tier's candidates: mapped from their file, or built in memory.
pub(super) enum Names {
    Stored(Arc<SearchFile>),
    Memory(Arc<Candidates>),
}

impl WorkerCore {
    /// The names tier's candidates: the stored file when it is valid for this corpus, else
    /// built from every entity and document (and written where [`super::Words::names`] says:
    /// on its own thread when a UI waits, else here).
    pub(super) fn palette_names(&mut self) -> Names {
        self.names_from(true)
    }

    /// [`WorkerCore::palette_names`]; the file is not tried unless `try_file` (it was found
    /// damaged: built anew, and written over it).
    fn names_from(&mut self, try_file: bool) -> Names {
        let location = self.words.names.clone();
        if let Some((path, validity)) = location.as_ref().filter(|_| try_file) {
            if let Ok(file) = SearchFile::open_lazy(path, validity) {
                return Names::Stored(Arc::new(file));
            }
        }
        let paths = self.paths();
        let built = Arc::new(Candidates::names(&self.corpus).with_paths(paths.iter()));
        if let Some((path, validity)) = location {
            let cands = Arc::clone(&built);
            // A file that cannot be written costs only the next open's speed: said nowhere.
            let write = move || {
                let _ = searchfile::write_candidates(&path, &validity, &cands);
            };
            if self.notify.is_some() {
                let _ = std::thread::Builder::new()
                    .name("docent-names".into())
                    .spawn(write);
            } else {
                write();
            }
        }
        Names::Memory(built)
    }

    /// Makes the names tier ready as the worker starts, with a UI to notify and a place to
    /// keep them: maps the file (its chunks are checked as they are first ranked), or builds
    /// the names and writes the file the first time after a store was written, so that the
    /// first palette query finds them ready.
    pub(super) fn warm_names(&mut self) {
        if self.notify.is_some() && self.words.names.is_some() && self.palette_names.is_none() {
            self.palette_names = Some(self.palette_names());
        }
    }

    /// Does `t` name an entity or document of this corpus? (A stored file is checked against
    /// the corpus's counts when opened; this keeps a damaged entry from pointing past them.)
    pub(super) fn in_corpus(&self, t: &Target) -> bool {
        match *t {
            Target::Entity(e) => e < self.corpus.entities.len(),
            Target::Document(d) | Target::Line { doc: d, .. } => d < self.corpus.documents.len(),
        }
    }

    /// The names tier: entities (names, aliases, date forms), titles and paths ranked fuzzily
    /// in one pass (a document once, by its title or its path, whichever scores better);
    /// best first, at most [`PALETTE_LIMIT`], and how many names matched in all (an entity
    /// once, a document once).
    pub(super) fn rank_names(
        &mut self,
        query: &Query,
        text: &str,
        cancel: &AtomicBool,
        partial: &mut dyn FnMut(Vec<PaletteItem>),
    ) -> Option<(Vec<PaletteItem>, usize)> {
        let last = self.last_names.take();
        let within = narrowed(&last, text);
        if self.palette_names.is_none() {
            self.palette_names = Some(self.palette_names());
        }
        let corpus = Arc::clone(&self.corpus);
        let names: &dyn Searchable = match self.palette_names.as_ref()? {
            Names::Stored(f) => &**f,
            Names::Memory(c) => &**c,
        };
        // Of near-equal matches, the most-mentioned entity first.
        let weighed = Mentioned {
            candidates: names,
            mentions: |e| corpus.entities.mention_count(e),
        };
        // Ranked whole in one pass; in rounds with the best so far shown when there are so
        // many names (a corpus of hundreds of thousands of documents) that one pass would
        // keep the first results waiting.
        let ranking = if within.map_or(names.len(), <[u32]>::len) > self.names_in_one_pass {
            rank_within(query, &weighed, PALETTE_LIMIT, cancel, within, |hits| {
                partial(items(names, hits))
            })
        } else {
            rank_whole(query, &weighed, PALETTE_LIMIT, cancel, within)
        };
        // A damaged chunk gave no candidates: rank names built anew instead (the file is
        // written over), and say so.
        if let Some(Names::Stored(file)) = &self.palette_names {
            if let Some(why) = file.damage() {
                self.names_damaged = Some(format!("names file damaged ({why}), rebuilt"));
                self.palette_names = Some(self.names_from(false));
                return self.rank_names(query, text, cancel, partial);
            }
        }
        let Some(ranking) = ranking else {
            // Cancelled: the older ranking still narrows whatever comes next.
            self.last_names = last;
            return None;
        };
        let found: Vec<PaletteItem> = items(names, ranking.hits)
            .into_iter()
            .filter(|i| self.in_corpus(&i.target))
            .collect();
        let seen: HashSet<Target> = ranking
            .matched
            .iter()
            .filter_map(|&i| names.entry(i as usize))
            .map(|(_, _, t)| t)
            .filter(|t| self.in_corpus(t))
            .collect();
        self.last_names = Some((text.to_string(), ranking.matched));
        Some((found, seen.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::worker::{Job, JobKind, JobResult, Words};

    fn palette(core: &mut WorkerCore, query: &str) -> (Vec<PaletteItem>, usize, Option<usize>) {
        let job = Job {
            kind: JobKind::Palette,
            generation: 1,
            query: query.into(),
            cancel: Arc::new(AtomicBool::new(false)),
        };
        match core.run(&job) {
            Some(JobResult::Palette {
                items,
                names,
                total,
                ..
            }) => (items, names, total),
            other => panic!("no palette result: {other:?}"),
        }
    }

    /// A generated corpus of `docs` documents (seed `seed`) in a temporary folder, opened
    /// without the cache; the folder holds room for the test's files too.
    fn generated(docs: usize, seed: u64) -> (tempfile::TempDir, Arc<crate::model::Corpus>) {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("corpus");
        crate::dev::generate(docs, seed, &dir).expect("generate");
        let paths = vec![dir.to_string_lossy().into_owned()];
        let options = crate::open::OpenOptions {
            use_cache: false,
            ..Default::default()
        };
        let corpus = Arc::new(crate::open::open(&paths, &options).expect("open").corpus);
        (tmp, corpus)
    }

    #[test]
    fn the_stored_names_rank_as_the_names_built_in_memory() {
        let (tmp, corpus) = generated(400, 7);
        let file = tmp.path().join("k.names.search");
        let validity = searchfile::Validity {
            fingerprint: "test".into(),
            ..Default::default()
        };
        let core = |names: bool, one_pass: usize| {
            let location = names.then(|| (file.clone(), validity.clone()));
            WorkerCore::new(Arc::clone(&corpus))
                .with_words(Words::new(usize::MAX, None).with_names(location))
                .with_names_in_one_pass(one_pass)
        };
        let queries = [
            "madu",
            "nicolas maduro",
            "nov 21",
            "xq",
            "a",
            "e",
            "'ban",
            "^m",
            "son$",
            "2021",
            "txt",
            "José",
            "ve !a",
            // Mixed case (case-sensitive terms) and accents, folded both ways.
            "Madu",
            "MADURO",
            "Nicolás",
            "nicolás",
            "jose",
            "JOSÉ",
            "São",
            "Bogotá",
            "ü",
            "Ñ",
            "Ma r",
        ];
        // The first core finds no file: it builds the names in memory and writes them.
        let mut memory = core(true, usize::MAX);
        let first = palette(&mut memory, "madu");
        assert!(matches!(memory.palette_names, Some(Names::Memory(_))));
        let Some(Names::Memory(built)) = &memory.palette_names else {
            unreachable!()
        };
        assert!(built.len() > 3_000, "many candidates: {}", built.len());
        // The next ranks them from the file.
        let mut stored = core(true, usize::MAX);
        assert_eq!(palette(&mut stored, "madu"), first);
        assert!(matches!(stored.palette_names, Some(Names::Stored(_))));
        // In rounds with partial results (as a very large corpus is ranked) too.
        let mut stored_rounds = core(true, 100);
        let mut memory_rounds = core(false, 100);
        for q in queries {
            let want = palette(&mut memory, q);
            assert_eq!(palette(&mut stored, q), want, "{q}");
            assert_eq!(palette(&mut stored_rounds, q), want, "{q}, in rounds");
            assert_eq!(palette(&mut memory_rounds, q), want, "{q}, in rounds");
        }
        assert!(matches!(
            stored_rounds.palette_names,
            Some(Names::Stored(_))
        ));
        // Typing on narrows the last ranking: the same either way.
        for q in ["n", "ni", "nic", "nico", "nicol"] {
            assert_eq!(palette(&mut stored, q), palette(&mut memory, q), "{q}");
        }
        // Another corpus (another validity): not used, built anew.
        let other = searchfile::Validity {
            fingerprint: "other".into(),
            ..Default::default()
        };
        let mut stale = WorkerCore::new(Arc::clone(&corpus))
            .with_words(Words::new(usize::MAX, None).with_names(Some((file.clone(), other))));
        assert_eq!(palette(&mut stale, "madu"), first);
        assert!(matches!(stale.palette_names, Some(Names::Memory(_))));
    }

    #[test]
    fn a_damaged_names_file_is_said_rebuilt_and_ranked_as_in_memory() {
        let (tmp, corpus) = generated(60, 3);
        let file = tmp.path().join("k.names.search");
        let location = Some((file.clone(), searchfile::Validity::default()));
        let core = || {
            WorkerCore::new(Arc::clone(&corpus))
                .with_words(Words::new(usize::MAX, None).with_names(location.clone()))
        };
        let want = palette(&mut core(), "ma");
        let good = std::fs::read(&file).expect("written");
        // One byte of the first candidate's record (past the header and the meta) changed:
        // the file still opens (its chunks are checked when first used).
        let meta_len = u64::from_le_bytes(good[16..24].try_into().expect("8 bytes"));
        let mut bad = good.clone();
        bad[56 + meta_len as usize + 8] ^= 0x40;
        std::fs::write(&file, &bad).expect("write");
        let mut damaged = core();
        let job = Job {
            kind: JobKind::Palette,
            generation: 1,
            query: "ma".into(),
            cancel: Arc::new(AtomicBool::new(false)),
        };
        let Some(JobResult::Palette { items, note, .. }) = damaged.run(&job) else {
            panic!("no palette result");
        };
        assert_eq!(items, want.0);
        let note = note.unwrap_or_default();
        assert!(note.contains("names file damaged"), "said: {note:?}");
        assert!(matches!(damaged.palette_names, Some(Names::Memory(_))));
        // Written anew: the next worker maps it, finds no damage, and says nothing.
        let waited = std::time::Instant::now();
        while std::fs::read(&file).ok().as_ref() != Some(&good)
            && waited.elapsed() < std::time::Duration::from_secs(30)
        {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(std::fs::read(&file).expect("rewritten"), good);
        let mut next = core();
        let Some(JobResult::Palette { items, note, .. }) = next.run(&job) else {
            panic!("no palette result");
        };
        assert_eq!(items, want.0);
        assert!(!note.unwrap_or_default().contains("damaged"));
        assert!(matches!(next.palette_names, Some(Names::Stored(_))));
    }

    #[test]
    fn the_names_are_made_ready_as_the_worker_starts_only_with_a_ui_and_a_place() {
        let tmp = tempfile::tempdir().expect("tmp");
        let corpus = Arc::new(crate::model::Corpus {
            documents: vec![crate::model::Document {
                title: "Harbour report".into(),
                path: "a.txt".into(),
                text: "Harbour report".into(),
                ..Default::default()
            }]
            .into(),
            ..Default::default()
        });
        let file = tmp.path().join("k.names.search");
        let location = Some((file.clone(), searchfile::Validity::default()));
        let core = |location: Option<(std::path::PathBuf, searchfile::Validity)>| {
            WorkerCore::new(Arc::clone(&corpus))
                .with_words(Words::new(usize::MAX, None).with_names(location))
        };
        // No UI: left to the first query.
        let mut quiet = core(location.clone());
        quiet.warm_names();
        assert!(quiet.palette_names.is_none());
        // A UI but no place to keep them: left to the first query too.
        let (tx, _rx) = std::sync::mpsc::channel();
        let mut nowhere = core(None);
        nowhere.notify = Some(tx.clone());
        nowhere.warm_names();
        assert!(nowhere.palette_names.is_none());
        // Both: built (and written) now, then mapped by the next worker.
        let mut first = core(location.clone());
        first.notify = Some(tx.clone());
        first.warm_names();
        assert!(matches!(first.palette_names, Some(Names::Memory(_))));
        let waited = std::time::Instant::now();
        while !file.exists() && waited.elapsed() < std::time::Duration::from_secs(30) {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let mut next = core(location);
        next.notify = Some(tx);
        next.warm_names();
        assert!(matches!(next.palette_names, Some(Names::Stored(_))));
    }
}
