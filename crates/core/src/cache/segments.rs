//! Extraction written in segments as it goes, so a cold build that is interrupted (killed, the
//! machine stopped) resumes from its last complete segment instead of starting over.
//!
//! Beside a corpus's index cache `KEY.idx` lives a folder `KEY.idx.segs/`. While documents are
//! extracted, every [`segment_docs`] documents (whole files: a file's documents are never split)
//! their extraction is written there as one file, `NNNNNN.idx`, in the index cache's own format
//! (the analyzer's version, the table of the files it covers with their size, modification
//! time, content hash and document count, then their documents' extraction; no entities). Each
//! is written atomically (a temporary file, then a rename), on a thread of its own while the
//! next segment is extracted. On the next open, before extracting anything, every segment is
//! read and checked as the index cache is — another docent version's, a damaged one, or one
//! whose files changed gives nothing — and the documents of its unchanged files are not
//! extracted again. Once the index cache itself is written the folder is removed.
//!
//! Linking still needs every document's extraction at once, so the segments bound the work
//! lost to an interruption, not the memory of the build.

use super::{open, reuse, write_encoded, DocExtract, Notice, Stamp, EXTRACTS};
use crate::load::Loaded;
use std::path::{Path, PathBuf};

/// Documents per segment unless `DOCENT_DEV_SEGMENT_DOCS` says otherwise (tests).
pub const SEGMENT_DOCS: usize = 5_000;

/// Documents per segment: [`SEGMENT_DOCS`], or the `DOCENT_DEV_SEGMENT_DOCS` environment
/// variable (a positive number) for tests that need small segments.
pub fn segment_docs() -> usize {
    std::env::var("DOCENT_DEV_SEGMENT_DOCS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(SEGMENT_DOCS)
}

/// For tests of resuming: `DOCENT_DEV_STOP_AFTER_SEGMENTS=K` ends the process (exit code 75)
/// once this run has written K segments, as a kill would, leaving them on disk.
fn stop_after() -> Option<usize> {
    std::env::var("DOCENT_DEV_STOP_AFTER_SEGMENTS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
}

/// The segment folder of the index cache at `idx`.
pub fn dir_for(idx: &Path) -> PathBuf {
    let mut name = idx.file_name().unwrap_or_default().to_os_string();
    name.push(".segs");
    idx.with_file_name(name)
}

/// Whether a cache folder entry is a segment folder (for `docent cache clear`).
pub fn is_ours(name: &str) -> bool {
    name.ends_with(".idx.segs")
}

/// The segment files in `dir`, in the order they were written (their numbers).
fn list(dir: &Path) -> Vec<(u64, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(u64, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name();
            let n = name.to_str()?.strip_suffix(".idx")?;
            (n.len() == 6 && n.bytes().all(|b| b.is_ascii_digit()))
                .then(|| Some((n.parse().ok()?, e.path())))?
        })
        .collect();
    out.sort();
    out
}

/// Fills `extracts` from the segments in `dir` for the documents of unchanged files (`now`:
/// the stamps of `loaded.sources`). A segment that cannot be used gives nothing (it is removed
/// with the folder once the index cache is written). Returns the next segment number.
pub(super) fn reuse_all(
    dir: &Path,
    loaded: &Loaded,
    now: &[Stamp],
    extracts: &mut [Option<DocExtract>],
) -> u64 {
    crate::store::remove_stale_temps(dir, |n| {
        let at = n.rfind(".idx.tmp")?;
        crate::store::pid_after(&n[at..], ".idx.tmp")
    });
    let mut next = 0;
    for (n, path) in list(dir) {
        next = next.max(n + 1);
        if let Ok(mut st) = open(&path) {
            if let Ok(bytes) = st.section(EXTRACTS) {
                reuse(&st.files, &bytes, loaded, now, extracts);
            }
        }
    }
    next
}

/// Extracts the documents at `todo` in segments of whole files, writing each to `dir` while
/// the next is extracted; fills `extracts`. `done` counts extracted documents.
#[allow(clippy::too_many_arguments)]
pub(super) fn extract_in_segments(
    dir: &Path,
    mut next: u64,
    loaded: &Loaded,
    now: &[Stamp],
    todo: &[usize],
    extracts: &mut [Option<DocExtract>],
    done: Option<&std::sync::atomic::AtomicUsize>,
    notices: &mut Vec<Notice>,
) {
    let docs = &loaded.documents;
    let mut wanted = vec![false; docs.len()];
    for &i in todo {
        if let Some(w) = wanted.get_mut(i) {
            *w = true;
        }
    }
    // Segments: runs of the files with documents to extract, about `size` documents each.
    let size = segment_docs();
    let mut segments: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut count = 0;
    for (s, src) in loaded.sources.iter().enumerate() {
        if !src
            .docs
            .clone()
            .any(|i| wanted.get(i).copied().unwrap_or(false))
        {
            continue;
        }
        current.push(s);
        count += src.docs.len();
        if count >= size {
            segments.push(std::mem::take(&mut current));
            count = 0;
        }
    }
    if !current.is_empty() {
        segments.push(current);
    }
    let stop = stop_after();
    let mut written = 0usize;
    let mut failed = false;
    type Written = (Vec<(usize, DocExtract)>, Option<String>);
    // Puts a finished write's extracts back; counts it, or says once why it failed.
    let mut collect = |result: Written, extracts: &mut [Option<DocExtract>]| {
        let (got, error) = result;
        for (i, x) in got {
            extracts[i] = Some(x);
        }
        match error {
            None => written += 1,
            Some(e) if !failed => {
                failed = true;
                notices.push(super::note(
                    dir,
                    format!("cannot write an extraction segment (no resume): {e}"),
                ));
            }
            Some(_) => {}
        }
        stop.is_some_and(|k| written >= k)
    };
    std::thread::scope(|scope| {
        // The previous segment's write: its thread gives back the extracts it encoded.
        let mut writing: Option<std::thread::ScopedJoinHandle<'_, Written>> = None;
        for seg in segments {
            let which: Vec<usize> = seg
                .iter()
                .flat_map(|&s| loaded.sources[s].docs.clone())
                .filter(|&i| wanted.get(i).copied().unwrap_or(false))
                .collect();
            let mut got = crate::analyze::extract_some(docs, &which, done);
            if let Some(h) = writing.take() {
                let result = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                if collect(result, extracts) {
                    std::process::exit(75);
                }
            }
            // The segment holds every document of its files, extracted now or reused earlier.
            let stamps: Vec<Stamp> = seg.iter().filter_map(|&s| now.get(s).cloned()).collect();
            let reused: Vec<(usize, DocExtract)> = seg
                .iter()
                .flat_map(|&s| loaded.sources[s].docs.clone())
                .filter(|&i| !wanted.get(i).copied().unwrap_or(false))
                .filter_map(|i| extracts.get_mut(i)?.take().map(|x| (i, x)))
                .collect();
            got.extend(reused);
            got.sort_unstable_by_key(|&(i, _)| i);
            let path = dir.join(format!("{next:06}.idx"));
            next += 1;
            writing = Some(scope.spawn(move || {
                let bytes = super::encode_extracts_iter(got.len(), got.iter().map(|(_, x)| x));
                let error = write_encoded(&path, &stamps, &super::encode_entities(&[]), &bytes)
                    .err()
                    .map(|e| e.to_string());
                (got, error)
            }));
        }
        if let Some(h) = writing.take() {
            let result = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            if collect(result, extracts) {
                std::process::exit(75);
            }
        }
    });
}
