//! A cold build that extracts while it loads: the first segment is extracted as soon as its
//! files are read, while the walk's other files are still being read, rather than after the
//! whole corpus is loaded (at 100,000 files whose pages are not cached, reading them took
//! 11 s with both cores mostly idle before extraction began).
//!
//! The loader ([`crate::load::load_paths_streamed`]) sends each batch of files read, in the
//! walk's order, through a bounded channel; [`Incoming`] joins them into the corpus's
//! [`Loaded`] exactly as loading everything first would (same documents, numbers, sources and
//! notices, in the same order) and cuts the same segments (whole files, about
//! [`super::segments::segment_docs`] documents each), handing each segment's documents with
//! their texts to [`super::segments::drive`]. Each text is also set aside as it is read (the
//! store copies it from there), and the corpus keeps the documents without their texts.
//!
//! Only a build from nothing takes this way: no index cache and no segments left by an
//! interrupted build (resuming reads those against the whole corpus's files first, as before).

use super::segments::after_segments;
use super::segments::{self, SegDocs, SegIn, Streamed};
use super::texts::{AsideWriter, SetAside};
use super::{stamp, Cache, Extracted, Notice};
use crate::load::{self, FormatOptions, LoadError, LoadOptions, Loaded, Progress};
use crate::model::Document;
use std::collections::VecDeque;
use std::sync::mpsc::Receiver;

/// Batches of files read (32 files each) waiting for the segment builder: enough to keep
/// the loader reading while a segment is cut, and a bound on the texts held.
const BATCHES_AHEAD: usize = 64;

/// Whether a build of `paths` into `cache` can extract while it loads: no standard input,
/// nothing of an earlier build to reuse.
pub fn can_stream(paths: &[String], cache: &Cache) -> bool {
    !paths.is_empty()
        && paths.iter().all(|p| p != "-")
        && !cache.path.exists()
        && segments::list(&segments::dir_for(&cache.path)).is_empty()
}

/// What extracting while loading left for [`extract_after`].
pub struct Streaming {
    st: Streamed,
    notices: Vec<Notice>,
    /// Why the segments stopped, if they did.
    stopped: Option<String>,
}

/// Loads `paths` (as [`crate::load::load_paths_aside`] does, texts set aside to `aside`) and
/// extracts them in segments as they come. The corpus as loaded (texts aside, as
/// [`Loaded::aside`] says) and the extraction's state. `walked`: the files of `paths` as
/// walked already for the store's file list (read without walking again).
pub fn load_extracting(
    paths: &[String],
    opts: &LoadOptions,
    formats: &FormatOptions,
    aside: &AsideWriter,
    walked: Option<(&[load::Stamp], &load::Walked)>,
    cache: &Cache,
    progress: Option<&Progress>,
) -> Result<(Loaded, Streaming), LoadError> {
    let mut notices = Vec::new();
    if let Some(dir) = cache.path.parent() {
        crate::store::remove_stale_temps(dir, |n| {
            let at = n.rfind(".idx.tmp")?;
            crate::store::pid_after(&n[at..], ".idx.tmp")
        });
    }
    let segs = segments::dir_for(&cache.path);
    let mut st = Streamed::growing(&segs);
    crate::store::remove_stale_temps(&segs, |n| {
        let at = n.rfind(".idx.tmp")?;
        crate::store::pid_after(&n[at..], ".idx.tmp")
    });
    let (send, rx) = std::sync::mpsc::sync_channel(BATCHES_AHEAD);
    let mut incoming = Incoming {
        rx,
        loaded: Loaded::default(),
        queue: VecDeque::new(),
        texts: VecDeque::new(),
        size: segments::segment_docs(),
        progress,
    };
    let done = progress.map(|p| &p.analysed);
    let (loading, stopped) = std::thread::scope(|s| {
        let loader = s.spawn(move || {
            let r = load::load_paths_streamed(paths, opts, formats, aside, walked, &send);
            drop(send);
            r
        });
        let stopped = segments::drive(&segs, 0, &mut incoming, &mut st, done, &mut notices).err();
        // The loader stops once nothing receives (a segment's documents lost).
        drop(std::mem::replace(
            &mut incoming.rx,
            std::sync::mpsc::sync_channel(0).1,
        ));
        let loading = loader
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (loading, stopped)
    });
    loading?;
    let loaded = incoming.loaded;
    if loaded.documents.is_empty() {
        // Nothing was written: no folder left behind.
        let _ = std::fs::remove_dir(&segs);
    }
    Ok((
        loaded,
        Streaming {
            st,
            notices,
            stopped,
        },
    ))
}

/// The rest of [`super::extract_aside`] for a corpus loaded by [`load_extracting`]: `aside`
/// holds its texts (or `None` when they were given back to the documents).
pub fn extract_after(
    loaded: &Loaded,
    cache: &Cache,
    streaming: Streaming,
    progress: Option<&Progress>,
    aside: Option<&SetAside>,
) -> Extracted {
    let Streaming {
        mut st,
        notices,
        stopped,
    } = streaming;
    if let Some(why) = stopped {
        return Extracted::TextsLost(why);
    }
    let n = loaded.documents.len();
    st.fed.resize(n, false);
    st.locs.resize(n, None);
    // Every document of a file that gave any, as a cold build's list of what to extract.
    let extracted = loaded.sources.iter().map(|s| s.docs.len()).sum();
    after_segments(
        loaded,
        cache,
        vec![None; n],
        st,
        segments::dir_for(&cache.path),
        notices,
        aside,
        progress.map(|p| &p.analysed),
        0,
        extracted,
    )
}

/// The segments of a corpus as its files are read: joins the loader's batches into `loaded`
/// and cuts a segment whenever about `size` documents of whole files have come.
struct Incoming<'p> {
    rx: Receiver<Loaded>,
    loaded: Loaded,
    /// Sources joined into `loaded` and not yet in a segment, in order.
    queue: VecDeque<usize>,
    /// Their documents with their texts, in order.
    texts: VecDeque<Document>,
    size: usize,
    progress: Option<&'p Progress>,
}

impl Incoming<'_> {
    /// Joins the next batch; false once the loader is done.
    fn receive(&mut self) -> bool {
        let Ok(part) = self.rx.recv() else {
            return false;
        };
        let loaded = &mut self.loaded;
        let base = loaded.documents.len();
        let mut set_aside = vec![false; part.documents.len()];
        for &(i, _) in &part.aside {
            if let Some(a) = set_aside.get_mut(i) {
                *a = true;
            }
        }
        for (k, mut d) in part.documents.into_iter().enumerate() {
            d.id = base + k;
            // The corpus keeps the document without its text when that was set aside (with
            // it otherwise, as loading first keeps it); the segment gets a copy with it. The
            // copy is the short-lived one: the corpus keeps what the loading thread allocated,
            // as loading first does, not copies made among the segments' texts (that left
            // ~55 MB more resident at 10,000 documents once extraction's heap was given back).
            let mut whole = if set_aside.get(k).copied().unwrap_or(false) {
                let text = std::mem::take(&mut d.text);
                let mut c = d.clone();
                c.text = text;
                c
            } else {
                d.clone()
            };
            whole.id = d.id;
            loaded.documents.push(d);
            self.texts.push_back(whole);
        }
        loaded.notices.extend(part.notices);
        loaded.content.extend(part.content);
        loaded
            .aside
            .extend(part.aside.into_iter().map(|(i, at)| (i + base, at)));
        for mut s in part.sources {
            s.docs = s.docs.start + base..s.docs.end + base;
            self.queue.push_back(loaded.sources.len());
            loaded.sources.push(s);
        }
        if let Some(p) = self.progress {
            p.documents
                .store(loaded.documents.len(), std::sync::atomic::Ordering::Relaxed);
        }
        true
    }
}

impl Iterator for Incoming<'_> {
    type Item = Result<SegIn<'static>, String>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut stamps = Vec::new();
        let mut which = Vec::new();
        let mut docs = Vec::new();
        while which.len() < self.size {
            let Some(s) = self.queue.pop_front() else {
                if self.receive() {
                    continue;
                }
                break;
            };
            let range = self.loaded.sources[s].docs.clone();
            // A file that gave no document is in no segment, as when cut after loading.
            if range.is_empty() {
                continue;
            }
            stamps.extend(stamp(&self.loaded, s));
            for i in range {
                which.push(i);
                docs.push(self.texts.pop_front()?);
            }
        }
        if which.is_empty() {
            return None;
        }
        Some(Ok(SegIn {
            stamps,
            which: which.clone(),
            docs: SegDocs::Restored { which, docs },
        }))
    }
}
