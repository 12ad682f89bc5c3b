//! Loading: paths → documents.
//!
//! Walks files and folders (hidden entries skipped, symlinked folders and special files never
//! followed or read), decodes each file (UTF-8, UTF-16 with BOM, anything else lossily) and
//! parses it by format: plain text, Markdown, HTML, JSON and JSON Lines; PDF, DOCX, ODT, EPUB,
//! RTF; e-mail (`.eml`, `.mbox`); archives (`.zip`, `.tar`, `.tar.gz`) read like folders. Every
//! problem is a [`Notice`] naming the file; loading goes on with the rest.

mod archive;
mod decode;
mod formats;
mod html;
mod json;
mod mail;
mod markdown;
mod meta;
mod office;
mod pdf;
mod rtf;
mod walk;

pub use archive::{ArchiveLimits, MEMBER_SEP};
pub use json::JsonFields;
pub use mail::address_aliases;
pub use meta::{
    date_from_path, infer_date, parse_date_prefix, split_date_header, title_from_text, DateFrom,
    DateSource,
};
pub use walk::{mtime_ns, Stamp, Walked};

use crate::model::{Document, Notice};
use std::borrow::Cow;
use std::path::Path;

thread_local! {
    static CATCHING: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// True while this thread runs a third-party parser whose panics the loader catches and reports
/// as a notice (the PDF reader). A panic hook should then stay quiet and leave the terminal as
/// it is: the panic does not end the program.
pub fn panic_is_caught() -> bool {
    CATCHING.with(|c| c.get() > 0)
}

/// Wraps the process's panic hook so that it stays quiet while [`panic_is_caught`]: a caught
/// parser panic is a notice, not a message and backtrace on standard error. For front ends
/// with nothing to restore (the command line, the fuzz targets).
pub fn quiet_caught_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !panic_is_caught() {
            previous(info);
        }
    }));
}

/// Runs `f`, turning a panic into `None`; [`panic_is_caught`] is true meanwhile.
pub(crate) fn catching<T>(f: impl FnOnce() -> T) -> Option<T> {
    CATCHING.with(|c| c.set(c.get() + 1));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok();
    CATCHING.with(|c| c.set(c.get().saturating_sub(1)));
    r
}

/// The bundled seed corpus, compiled into the binary so `docent` with no path opens it anywhere.
pub const SEEDS: &[(&str, &str)] = &[
    (
        "seeds/000_77394d53a3dca3f0.txt",
        include_str!("../../../../seeds/000_77394d53a3dca3f0.txt"),
    ),
    (
        "seeds/001_d360ea49c9fe5c61.txt",
        include_str!("../../../../seeds/001_d360ea49c9fe5c61.txt"),
    ),
    (
        "seeds/002_15a9bf1ca9f8b340.txt",
        include_str!("../../../../seeds/002_15a9bf1ca9f8b340.txt"),
    ),
    (
        "seeds/003_8bb517e88edb7f74.txt",
        include_str!("../../../../seeds/003_8bb517e88edb7f74.txt"),
    ),
];

/// How to load.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Files larger than this are skipped with a notice, never read.
    pub max_file_size: u64,
    /// Counts files as they are read, and `walked` files found, for a progress display.
    pub progress: Option<std::sync::Arc<Progress>>,
}

/// How to read formats: what the command line and the configuration say beyond
/// [`LoadOptions`] (kept apart so existing `LoadOptions { .. }` literals stay valid).
#[derive(Clone, Debug, Default)]
pub struct FormatOptions {
    /// JSON field names for text, title, date and URL (`--field text=TEXT`).
    pub json: JsonFields,
    /// Limits on what an archive may unpack.
    pub archive: ArchiveLimits,
    /// Counts pages as a PDF is read (set from [`LoadOptions::progress`] when loading paths).
    pub progress: Option<std::sync::Arc<Progress>>,
}

/// Shared counters a progress display polls while loading and analysing.
#[derive(Debug, Default)]
pub struct Progress {
    /// Files found by the walk so far.
    pub walked: std::sync::atomic::AtomicUsize,
    /// Files read and parsed.
    pub read: std::sync::atomic::AtomicUsize,
    /// Documents analysed (extraction), out of `documents`.
    pub analysed: std::sync::atomic::AtomicUsize,
    pub documents: std::sync::atomic::AtomicUsize,
    /// Pages of paged files (PDF) found so far, and read so far: progress inside one big file.
    pub pages: std::sync::atomic::AtomicUsize,
    pub pages_read: std::sync::atomic::AtomicUsize,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_size: 64 * 1024 * 1024,
            progress: None,
        }
    }
}

/// What loading produced.
#[derive(Debug, Default)]
pub struct Loaded {
    pub documents: Vec<Document>,
    pub notices: Vec<Notice>,
    /// The files read, with what identifies their content for the index cache.
    pub sources: Vec<SourceFile>,
    /// For each of `sources` (same index): the file's real path and a hash of its bytes.
    pub content: Vec<SourceContent>,
    /// Documents whose text was set aside as it was loaded ([`load_paths_aside`]; their
    /// `text` is empty), with where it went.
    pub aside: Vec<(usize, crate::cache::texts::Place)>,
}

/// What tells a read file apart beyond its shown path, size and time (kept beside
/// [`SourceFile`], one per source).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceContent {
    /// The path as on disk when it is not valid UTF-8 ([`SourceFile::path`], for display,
    /// is then not that string); `None` otherwise, so a corpus's every path is not held
    /// twice more through its build.
    pub odd_path: Option<std::path::PathBuf>,
    /// A fast hash of the bytes read ([`crate::cache::codec::checksum`]).
    pub hash: u64,
}

impl SourceContent {
    /// The key the index cache files this source under: the shown path, made unique when the
    /// real one is not valid UTF-8 (two such names can show the same).
    pub fn cache_key(&self, shown: &str) -> String {
        let Some(path) = &self.odd_path else {
            return shown.to_string();
        };
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let mut k = format!("{shown}\0");
            for chunk in path.as_os_str().as_bytes().utf8_chunks() {
                k.push_str(chunk.valid());
                for b in chunk.invalid() {
                    k.push_str(&format!("\\x{b:02X}"));
                }
            }
            k
        }
        #[cfg(not(unix))]
        {
            format!("{shown}\0{}", path.display())
        }
    }
}

/// A file that was read, and the documents it gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// As shown to the user (the same string as its documents' `path`).
    pub path: String,
    pub size: u64,
    /// Nanoseconds since the Unix epoch; 0 when unknown (never cached).
    pub mtime_ns: u64,
    /// Indices of its documents in [`Loaded::documents`].
    pub docs: std::ops::Range<usize>,
}

/// Errors that stop loading altogether (as opposed to notices).
#[derive(Debug, PartialEq, Eq)]
pub enum LoadError {
    /// A path given on the command line does not exist.
    NotFound(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NotFound(p) => write!(f, "{p}: no such file or directory"),
        }
    }
}

impl std::error::Error for LoadError {}

/// The bundled seed documents.
pub fn load_seeds() -> Loaded {
    let mut loaded = Loaded::default();
    for (path, text) in SEEDS {
        formats::parse(
            path,
            formats::Kind::Text,
            decode::Decoded::utf8(text.to_string()),
            &FormatOptions::default(),
            &mut loaded,
        );
    }
    number(&mut loaded);
    loaded
}

/// Loads every document under `paths` (`-` reads standard input as plain text).
pub fn load_paths(paths: &[String], opts: &LoadOptions) -> Result<Loaded, LoadError> {
    load_paths_with(paths, opts, &FormatOptions::default())
}

/// [`load_paths`] with format options (JSON field names, archive limits).
pub fn load_paths_with(
    paths: &[String],
    opts: &LoadOptions,
    formats: &FormatOptions,
) -> Result<Loaded, LoadError> {
    load_paths_to(paths, opts, formats, None)
}

/// [`load_paths_with`], every text [`crate::cache::texts::sets_aside`] picks written to `aside`
/// as its file is read and dropped from memory ([`Loaded::aside`] says where each went): a cold
/// build that is stored never holds the corpus's texts. A text that cannot be written is kept.
pub fn load_paths_aside(
    paths: &[String],
    opts: &LoadOptions,
    formats: &FormatOptions,
    aside: &crate::cache::texts::AsideWriter,
) -> Result<Loaded, LoadError> {
    load_paths_to(paths, opts, formats, Some(aside))
}

fn load_paths_to(
    paths: &[String],
    opts: &LoadOptions,
    formats: &FormatOptions,
    aside: Option<&crate::cache::texts::AsideWriter>,
) -> Result<Loaded, LoadError> {
    for p in paths {
        if p != "-" && std::fs::symlink_metadata(Path::new(p)).is_err() {
            return Err(LoadError::NotFound(p.clone()));
        }
    }
    let formats = &with_progress(opts, formats);
    let mut loaded = Loaded::default();
    for p in paths {
        if p == "-" {
            read_stream(
                "-",
                std::io::stdin().lock(),
                opts.max_file_size,
                &mut loaded,
            );
            continue;
        }
        let mut files = Vec::new();
        walk::walk(Path::new(p), p, &mut files, &mut loaded.notices);
        crate::phase::mark("walked");
        if let Some(pr) = &opts.progress {
            pr.walked
                .fetch_add(files.len(), std::sync::atomic::Ordering::Relaxed);
        }
        load_files(&files, opts, formats, aside, &mut loaded);
        crate::phase::mark("read");
    }
    number(&mut loaded);
    Ok(loaded)
}

/// `formats` counting a PDF's pages into `opts`' progress when it has no counter of its own.
fn with_progress<'a>(opts: &LoadOptions, formats: &'a FormatOptions) -> Cow<'a, FormatOptions> {
    match (&opts.progress, &formats.progress) {
        (Some(p), None) => Cow::Owned(FormatOptions {
            progress: Some(p.clone()),
            ..formats.clone()
        }),
        _ => Cow::Borrowed(formats),
    }
}

/// [`load_paths_aside`] for a build that extracts while it loads: each batch of files read is
/// sent to `send` as its own [`Loaded`] (documents numbered from 0 in it, as
/// [`load_paths_with`]'s would be before they are joined), in the walk's order, so the
/// receiver joins them into what [`load_paths_aside`] gives. The texts picked by
/// [`crate::cache::texts::sets_aside`] are written to `aside` and also kept in the documents
/// sent (the receiver drops them once extracted); [`Loaded::aside`] says where each went.
/// Stops early when the receiver is gone. Not for standard input. `walked` is the walk of
/// `paths` already done (for the store's file list), else they are walked here.
pub fn load_paths_streamed(
    paths: &[String],
    opts: &LoadOptions,
    formats: &FormatOptions,
    aside: &crate::cache::texts::AsideWriter,
    walked: Option<(&[walk::Stamp], &walk::Walked)>,
    send: &std::sync::mpsc::SyncSender<Loaded>,
) -> Result<(), LoadError> {
    for p in paths {
        if p == "-" || std::fs::symlink_metadata(Path::new(p)).is_err() {
            return Err(LoadError::NotFound(p.clone()));
        }
    }
    let formats = &with_progress(opts, formats);
    // The walk done for the store's file list, when it covers these paths: not done again
    // (at 300,000 files whose inodes were not cached, the second walk took seconds).
    let own;
    let (stamps, walked) = match walked.filter(|(_, w)| w.roots.len() == paths.len()) {
        Some(given) => given,
        None => {
            own = walk::Walked::paths(paths).ok_or_else(|| LoadError::NotFound(paths.join(" ")))?;
            crate::phase::mark("walked");
            (&own.0[..], &own.1)
        }
    };
    let mut first = 0;
    for (count, notices) in walked.roots.iter() {
        let files = first..first + count;
        first += count;
        if let Some(pr) = &opts.progress {
            pr.walked
                .fetch_add(files.len(), std::sync::atomic::Ordering::Relaxed);
        }
        let notices = Loaded {
            notices: notices.clone(),
            ..Loaded::default()
        };
        if !notices.notices.is_empty() && send.send(notices).is_err() {
            return Ok(());
        }
        let entry = |i: usize| walked.entry(stamps, i);
        if !stream_files(files, &entry, opts, formats, aside, send) {
            return Ok(());
        }
        crate::phase::mark("read");
    }
    Ok(())
}

/// Reads and parses `files` as [`load_files`] does, sending each batch in the walk's order
/// (a thread that finished a batch early waits for its turn). False when the receiver is gone.
fn stream_files(
    files: std::ops::Range<usize>,
    entry: &(dyn Fn(usize) -> Option<walk::FileEntry> + Sync),
    opts: &LoadOptions,
    formats: &FormatOptions,
    aside: &crate::cache::texts::AsideWriter,
    send: &std::sync::mpsc::SyncSender<Loaded>,
) -> bool {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
    const BATCH: usize = 32;
    let batches = files.len().div_ceil(BATCH);
    let load_batch = |b: usize| {
        let mut part = Loaded::default();
        let start = files.start + b * BATCH;
        for file in (start..(start + BATCH).min(files.end)).filter_map(entry) {
            load_file(&file, opts, formats, Some(aside), true, &mut part);
            if let Some(p) = &opts.progress {
                p.read.fetch_add(1, Relaxed);
            }
        }
        part
    };
    // More threads than cores: reading files whose pages are not cached waits for the disk,
    // and the extraction running beside takes the cores it needs.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()) * 2;
    if threads < 2 || batches < 2 {
        return (0..batches).all(|b| send.send(load_batch(b)).is_ok());
    }
    let next = AtomicUsize::new(0);
    let gone = AtomicBool::new(false);
    let turn = std::sync::Mutex::new(0usize);
    let turned = std::sync::Condvar::new();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let b = next.fetch_add(1, Relaxed);
                if b >= batches || gone.load(Relaxed) {
                    break;
                }
                // A panic stops the others rather than leaving them waiting for its turn; the
                // scope then passes it on.
                let part = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    load_batch(b)
                })) {
                    Ok(part) => part,
                    Err(e) => {
                        // Under the lock, so no thread misses it between its check and its wait.
                        let held = turn.lock().unwrap_or_else(|e| e.into_inner());
                        gone.store(true, Relaxed);
                        turned.notify_all();
                        drop(held);
                        std::panic::resume_unwind(e)
                    }
                };
                // A poisoned lock only means another loading thread panicked: the count is
                // still right.
                let mut t = turn.lock().unwrap_or_else(|e| e.into_inner());
                while *t != b && !gone.load(Relaxed) {
                    t = turned.wait(t).unwrap_or_else(|e| e.into_inner());
                }
                if send.send(part).is_err() {
                    gone.store(true, Relaxed);
                }
                *t += 1;
                turned.notify_all();
            });
        }
    });
    !gone.load(Relaxed)
}

/// Every regular file under `paths` as [`load_paths_with`] walks them — (path as shown, size,
/// modification time in ns) — without reading any. `None` for standard input or a missing path.
pub fn stat_paths(paths: &[String]) -> Option<Vec<(String, u64, u64)>> {
    walk::Walked::paths(paths).map(|(stamps, _)| stamps)
}

/// Parses in-memory text as if it were a file at `path` (format from the extension).
pub fn load_bytes(path: &str, bytes: &[u8], loaded: &mut Loaded) {
    load_bytes_with(path, bytes, &FormatOptions::default(), loaded)
}

/// [`load_bytes`] with format options.
pub fn load_bytes_with(path: &str, bytes: &[u8], opts: &FormatOptions, loaded: &mut Loaded) {
    load_member(path, bytes, opts, 0, loaded)
}

/// Parses a file's bytes by the format its name says; `depth` counts the containers (archives,
/// e-mail messages) it came out of.
pub(crate) fn load_member(
    path: &str,
    bytes: &[u8],
    opts: &FormatOptions,
    depth: usize,
    loaded: &mut Loaded,
) {
    let Some(kind) = formats::Kind::from_path(path) else {
        loaded
            .notices
            .push(notice(path, "unsupported file type, skipped"));
        return;
    };
    if kind.is_binary() {
        formats::parse_binary(path, kind, bytes, opts, depth, loaded);
        return;
    }
    parse_decoded(path, kind, decode::decode(bytes), opts, loaded);
}

/// [`load_member`] of a file's own bytes (a file read, not a member): a text format's are
/// decoded in place.
fn load_read(path: &str, bytes: Vec<u8>, opts: &FormatOptions, loaded: &mut Loaded) {
    match formats::Kind::from_path(path) {
        Some(kind) if !kind.is_binary() => {
            parse_decoded(path, kind, decode::decode_owned(bytes), opts, loaded)
        }
        _ => load_member(path, &bytes, opts, 0, loaded),
    }
}

/// Parses a decoded text file, or says why it is not text.
fn parse_decoded(
    path: &str,
    kind: formats::Kind,
    decoded: Result<decode::Decoded, String>,
    opts: &FormatOptions,
    loaded: &mut Loaded,
) {
    match decoded {
        Ok(decoded) => {
            if let Some(msg) = decoded.notice.clone() {
                loaded.notices.push(notice(path, msg));
            }
            formats::parse(path, kind, decoded, opts, loaded);
        }
        Err(why) => loaded.notices.push(notice(path, why)),
    }
}

/// Reads and parses files on every core; documents and notices keep the walk's order.
fn load_files(
    files: &[walk::FileEntry],
    opts: &LoadOptions,
    formats: &FormatOptions,
    aside: Option<&crate::cache::texts::AsideWriter>,
    loaded: &mut Loaded,
) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || files.len() < 16 {
        for file in files {
            load_file(file, opts, formats, aside, false, loaded);
            if let Some(p) = &opts.progress {
                p.read.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
        return;
    }
    // Small interleaved batches balance a long tail of file sizes across threads.
    const BATCH: usize = 32;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let batches = files.len().div_ceil(BATCH);
    let mut results: Vec<(usize, Loaded)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let b = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if b >= batches {
                            break;
                        }
                        let mut part = Loaded::default();
                        for file in &files[b * BATCH..((b + 1) * BATCH).min(files.len())] {
                            load_file(file, opts, formats, aside, false, &mut part);
                            if let Some(p) = &opts.progress {
                                p.read.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            }
                        }
                        out.push((b, part));
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    results.sort_by_key(|(b, _)| *b);
    for (_, part) in results {
        let base = loaded.documents.len();
        loaded.documents.extend(part.documents);
        loaded.notices.extend(part.notices);
        loaded.content.extend(part.content);
        loaded
            .aside
            .extend(part.aside.into_iter().map(|(i, at)| (i + base, at)));
        loaded.sources.extend(part.sources.into_iter().map(|mut s| {
            s.docs = s.docs.start + base..s.docs.end + base;
            s
        }));
    }
}

/// Reads and parses one file into `loaded`; the texts [`crate::cache::texts::sets_aside`]
/// picks are written to `aside` and dropped, or kept too with `keep` (a build that extracts
/// them as they come).
fn load_file(
    file: &walk::FileEntry,
    opts: &LoadOptions,
    formats: &FormatOptions,
    aside: Option<&crate::cache::texts::AsideWriter>,
    keep: bool,
    loaded: &mut Loaded,
) {
    let path = &file.display;
    if formats::Kind::from_path(path).is_none() {
        let ext = Path::new(path)
            .extension()
            .map(|e| format!(" (.{})", e.to_string_lossy()))
            .unwrap_or_default();
        loaded
            .notices
            .push(notice(path, format!("unsupported file type{ext}, skipped")));
        return;
    }
    if file.len > opts.max_file_size {
        loaded.notices.push(notice(
            path,
            format!(
                "{} bytes is over the {} byte limit (--max-file-size), skipped",
                file.len, opts.max_file_size
            ),
        ));
        return;
    }
    match read_limited(&file.path, file.len, opts.max_file_size) {
        Ok(bytes) => {
            let first = loaded.documents.len();
            let (size, hash) = (bytes.len() as u64, crate::cache::codec::checksum(&bytes));
            load_read(path, bytes, formats, loaded);
            loaded.sources.push(SourceFile {
                path: path.clone(),
                size,
                mtime_ns: if size == file.len {
                    file.mtime_ns
                } else {
                    0 // changed between the walk and the read: do not trust the stamp
                },
                docs: first..loaded.documents.len(),
            });
            loaded.content.push(SourceContent {
                odd_path: file.path.to_str().is_none().then(|| file.path.clone()),
                hash,
            });
            if let Some(w) = aside {
                for (i, d) in loaded.documents.iter_mut().enumerate().skip(first) {
                    if crate::cache::texts::sets_aside(d) {
                        if let Ok(at) = w.put(d.text.as_bytes()) {
                            loaded.aside.push((i, at));
                            if !keep {
                                d.text = crate::model::DocText::default();
                            }
                        }
                    }
                }
            }
        }
        Err(e) => loaded
            .notices
            .push(notice(path, format!("cannot read: {e}"))),
    }
}

/// Reads a file opened read-only, never more than `limit` bytes (it may grow after the check).
/// The file is opened without blocking and must still be a regular file once open (a FIFO
/// swapped in after the walk is refused, not waited on). `len`, the size the walk saw, sizes
/// the buffer: the file is read in two calls (its bytes, then the end), not grown from a
/// 32-byte probe through about nine reads and as many reallocations.
fn read_limited(path: &Path, len: u64, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let f = crate::store::open_regular(path)?;
    let mut bytes =
        Vec::with_capacity(usize::try_from(len.min(limit)).map_or(0, |n| n.saturating_add(1)));
    f.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::other(
            "grew over the size limit while reading",
        ));
    }
    Ok(bytes)
}

/// Reads a stream (standard input) as one plain-text document shown as `name`, never more
/// than `limit` bytes: a longer stream is not read to its end and gives no document, only a
/// notice (it held 200 MB in 3.3 GB when unlimited).
pub fn read_stream(name: &str, input: impl std::io::Read, limit: u64, loaded: &mut Loaded) {
    use std::io::Read;
    let mut bytes = Vec::new();
    if let Err(e) = input.take(limit.saturating_add(1)).read_to_end(&mut bytes) {
        loaded
            .notices
            .push(notice(name, format!("cannot read standard input: {e}")));
        return;
    }
    if bytes.len() as u64 > limit {
        loaded.notices.push(notice(
            name,
            format!("standard input is over the {limit} byte limit (--max-file-size), not read"),
        ));
        return;
    }
    parse_decoded(
        name,
        formats::Kind::Text,
        decode::decode_owned(bytes),
        &FormatOptions::default(),
        loaded,
    );
}

/// Re-decides every document's date from the sources in `from`, in order (the loaders use
/// [`DateFrom::default`]: header, path, text). A no-op for the default list.
pub fn apply_date_from(loaded: &mut Loaded, from: &DateFrom) {
    if *from == DateFrom::default() {
        return;
    }
    let mut mtime = vec![0u64; loaded.documents.len()];
    for s in &loaded.sources {
        for i in s.docs.clone() {
            if let Some(m) = mtime.get_mut(i) {
                *m = s.mtime_ns;
            }
        }
    }
    for (i, d) in loaded.documents.iter_mut().enumerate() {
        let header = if d.date_inferred { None } else { d.date };
        let (date, inferred) = from.decide(
            header,
            &d.path,
            d.body(),
            mtime.get(i).copied().unwrap_or(0),
        );
        d.date = date;
        d.date_inferred = inferred;
    }
}

fn number(loaded: &mut Loaded) {
    for (i, d) in loaded.documents.iter_mut().enumerate() {
        d.id = i;
    }
}

pub(crate) fn notice(path: &str, message: impl Into<String>) -> Notice {
    Notice {
        path: path.to_string(),
        message: message.into(),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// The streamed loader reads the files of the walk it is given, not walking again: a file
    /// added after that walk is not read; without one, the paths are walked (and it is).
    #[test]
    fn the_streamed_loader_reads_the_walk_it_is_given() {
        let t = tempfile::tempdir().expect("tmp");
        let root = t.path().join("docs");
        std::fs::create_dir(&root).expect("dir");
        for name in ["a.txt", "b.txt"] {
            std::fs::write(root.join(name), "Ana Ruiz met Bo Lind.").expect("written");
        }
        let paths = vec![root.display().to_string()];
        let (stamps, walked) = Walked::paths(&paths).expect("walked");
        assert_eq!(stamps.len(), 2);
        std::fs::write(root.join("c.txt"), "A third one.").expect("written");
        let aside = crate::cache::texts::AsideWriter::create(&t.path().join("store.docs"))
            .expect("aside file");
        let read = |walked: Option<(&[Stamp], &Walked)>| {
            let (send, rx) = std::sync::mpsc::sync_channel(64);
            let opts = LoadOptions::default();
            load_paths_streamed(
                &paths,
                &opts,
                &FormatOptions::default(),
                &aside,
                walked,
                &send,
            )
            .expect("loaded");
            drop(send);
            rx.iter()
                .flat_map(|l| l.sources)
                .map(|s| s.path.rsplit('/').next().unwrap_or("").to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(read(Some((&stamps, &walked))), ["a.txt", "b.txt"]);
        assert_eq!(read(None), ["a.txt", "b.txt", "c.txt"]);
        // A walk of other paths than those given is not used.
        assert_eq!(
            read(Some((&stamps, &Walked::default()))),
            ["a.txt", "b.txt", "c.txt"]
        );
    }

    /// The walk saw a regular file; a FIFO took its place before the read. Opening it used to
    /// wait forever for a writer.
    #[test]
    fn a_fifo_swapped_in_after_the_walk_is_refused_without_blocking() {
        let t = tempfile::tempdir().expect("tmp");
        let p = t.path().join("swapped.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&p)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let entry = walk::FileEntry {
            path: p.clone(),
            display: "swapped.txt".into(),
            len: 10,
            mtime_ns: 1,
        };
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut l = Loaded::default();
            load_file(
                &entry,
                &LoadOptions::default(),
                &FormatOptions::default(),
                None,
                false,
                &mut l,
            );
            let _ = tx.send(l);
        });
        let got = rx.recv_timeout(std::time::Duration::from_secs(5));
        if got.is_err() {
            // Let the blocked reader go before failing.
            let _ = std::fs::OpenOptions::new().write(true).open(&p);
        }
        let l = got.expect("loading a FIFO must not block");
        assert!(l.documents.is_empty());
        assert!(
            l.notices
                .iter()
                .any(|n| n.message.contains("not a regular file")),
            "{:?}",
            l.notices
        );
    }

    /// Counts what was taken from a stream.
    struct Counting<R>(R, std::sync::Arc<std::sync::atomic::AtomicUsize>);

    impl<R: std::io::Read> std::io::Read for Counting<R> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.read(buf)?;
            self.1.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
            Ok(n)
        }
    }

    #[test]
    fn a_stream_over_the_limit_is_not_read_to_its_end() {
        use std::io::Read;
        let read = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let endless = Counting(std::io::repeat(b'a').take(50 << 20), read.clone());
        let mut l = Loaded::default();
        read_stream("-", endless, 1 << 20, &mut l);
        assert!(l.documents.is_empty());
        assert!(
            l.notices[0].message.contains("byte limit"),
            "{:?}",
            l.notices
        );
        assert!(read.load(std::sync::atomic::Ordering::Relaxed) <= (1 << 20) + 64 * 1024);
        let mut l = Loaded::default();
        read_stream("-", &b"Ana Torres went to Lima."[..], 1 << 20, &mut l);
        assert_eq!(l.documents.len(), 1);
    }
}
