//! A cached analysis between extraction and linking ([`super::extract`]): linking, then the
//! index cache's write ([`IndexWrite`]) started on a thread of its own.

use super::*;

/// A cached analysis between extraction and linking: linking's records, which segment each
/// document's extraction is in for the index cache, and what the run found so far.
pub struct ToLink {
    pub(super) cache: Cache,
    /// The index cache's meta section (the files' stamps), encoded.
    pub(super) meta: Vec<u8>,
    pub(super) extracts: Vec<Option<Box<DocExtract>>>,
    pub(super) input: crate::analyze::link::LinkInput,
    /// Per document: the segment its extraction is in (an index into `seg_files`).
    pub(super) locs: Vec<Option<u32>>,
    /// The segments' numbers.
    pub(super) seg_files: Vec<u64>,
    pub(super) segs: PathBuf,
    pub(super) notices: Vec<Notice>,
    pub(super) stats: Stats,
}

impl ToLink {
    /// [`analyze`]'s second half: links the records over `docs` (the documents [`extract`]
    /// was given; only the e-mails' texts are read, unless the records cannot be read back
    /// and the corpus is analysed again in memory) and starts the index cache's write.
    pub fn link(mut self, docs: &[Document]) -> Analysed {
        let entities = match self.linked(docs) {
            Some(e) => e,
            None => an::analyze_with_progress(docs, None),
        };
        let (mut analysed, write) = self.finish(entities);
        analysed.writing = write.start(&analysed.entities);
        analysed
    }

    /// [`ToLink::link`] for documents whose texts were set aside: `restore` gives them back
    /// before the corpus is analysed again in memory. `None` when it could not. The index
    /// cache's write is left to the caller ([`IndexWrite`]), to start once the entities are
    /// where they will be read from.
    pub fn link_restoring(
        mut self,
        docs: &mut [Document],
        restore: impl FnOnce(&mut [Document]) -> bool,
    ) -> Option<(Analysed, IndexWrite)> {
        let entities = match self.linked(docs) {
            Some(e) => e,
            None if restore(docs) => an::analyze_with_progress(docs, None),
            None => return None,
        };
        Some(self.finish(entities))
    }

    /// The records linked; `None` (with a notice) when they could not be read back.
    fn linked(&mut self, docs: &[Document]) -> Option<Vec<Entity>> {
        let input = std::mem::take(&mut self.input);
        let got = an::try_finish_link(docs, input);
        if got.is_none() {
            self.notices.push(note(
                &self.segs,
                "linking's records could not be read back from disk; analysed again in memory",
            ));
        }
        got
    }

    /// The analysis, and the index cache's write still to start.
    fn finish(self, entities: Vec<Entity>) -> (Analysed, IndexWrite) {
        let ToLink {
            cache,
            meta,
            extracts,
            locs,
            seg_files,
            notices,
            stats,
            ..
        } = self;
        let analysed = Analysed {
            entities,
            notices,
            stats,
            writing: None,
        };
        let write = IndexWrite {
            path: cache.path,
            meta,
            extracts,
            locs,
            seg_files,
        };
        (analysed, write)
    }
}

/// The index cache's write after linking, not started yet: [`IndexWrite::start`] encodes the
/// entities on the calling thread, [`IndexWrite::start_shared`] on the writer's.
pub struct IndexWrite {
    path: PathBuf,
    /// The index cache's meta section (the files' stamps), encoded.
    meta: Vec<u8>,
    extracts: Vec<Option<Box<DocExtract>>>,
    locs: Vec<Option<u32>>,
    seg_files: Vec<u64>,
}

impl IndexWrite {
    /// Encodes `entities` here, then writes the index cache on a thread of its own. Encoded
    /// rather than cloned for the writer: the bytes are a fraction of the list. Encoded to a
    /// file beside the segments (the cache's thread copies it), not to a list that grows with
    /// the mentions.
    pub fn start(self, entities: &[Entity]) -> Option<std::thread::JoinHandle<Option<Notice>>> {
        let ents = Self::encode(entities, &self.path);
        self.spawn(move |_| ents)
    }

    /// Encodes `entities` (a handle shared with the caller, let go of once encoded) and
    /// writes the index cache, both on a thread of its own: a cold build's store is written
    /// meanwhile, so the encoding has the core the store's write leaves idle.
    pub fn start_shared(
        self,
        entities: crate::model::Entities,
    ) -> Option<std::thread::JoinHandle<Option<Notice>>> {
        self.spawn(move |path| match entities.as_owned() {
            Some(list) => Self::encode(list, path),
            // Not reached (linking's entities are owned): encoded from a copy.
            None => Self::encode(&entities.iter().cloned().collect::<Vec<_>>(), path),
        })
    }

    fn encode(entities: &[Entity], path: &Path) -> EncodedEntities {
        crate::phase::mark("index cache's entities start");
        let ents = EncodedEntities::of(entities, &segments::dir_for(path));
        crate::phase::mark("index cache's entities encoded");
        ents
    }

    /// Writes the index cache on a thread of its own, its entities encoded there by
    /// `encoded` (given the cache's path).
    fn spawn(
        self,
        encoded: impl FnOnce(&Path) -> EncodedEntities + Send + 'static,
    ) -> Option<std::thread::JoinHandle<Option<Notice>>> {
        let IndexWrite {
            path,
            meta,
            extracts,
            locs,
            seg_files,
        } = self;
        std::thread::Builder::new()
            .name("docent-cache".into())
            .spawn(move || {
                let _end = crate::phase::OnDrop("index cache written");
                let mut ents = encoded(&path);
                match write_index(&path, &meta, &mut ents, &extracts, &locs, &seg_files) {
                    // The index cache names the segments it uses: the others are done with.
                    Ok(used) => {
                        segments::remove_unused(&segments::dir_for(&path), &used);
                        None
                    }
                    Err(e) => Some(note(
                        &path,
                        format!("cannot write the index cache, caching off: {e}"),
                    )),
                }
            })
            .ok()
    }
}
