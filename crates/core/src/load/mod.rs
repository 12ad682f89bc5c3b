//! Loading: paths → documents.
//!
//! Walks files and folders (hidden entries skipped, symlinked folders and special files never
//! followed or read), decodes each file (UTF-8, UTF-16 with BOM, anything else lossily) and
//! parses it by format: plain text, Markdown, HTML, JSON and JSON Lines. Every problem is a
//! [`Notice`] naming the file; loading goes on with the rest.

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
mod walk;

pub use archive::ArchiveLimits;
pub use json::JsonFields;
pub use meta::{infer_date, parse_date_prefix, split_date_header, title_from_text};

use crate::model::{Document, Notice};
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
    for p in paths {
        if p != "-" && std::fs::symlink_metadata(Path::new(p)).is_err() {
            return Err(LoadError::NotFound(p.clone()));
        }
    }
    let mut loaded = Loaded::default();
    for p in paths {
        if p == "-" {
            read_stdin(&mut loaded);
            continue;
        }
        let mut files = Vec::new();
        walk::walk(Path::new(p), p, &mut files, &mut loaded.notices);
        if let Some(pr) = &opts.progress {
            pr.walked
                .fetch_add(files.len(), std::sync::atomic::Ordering::Relaxed);
        }
        load_files(&files, opts, formats, &mut loaded);
    }
    number(&mut loaded);
    Ok(loaded)
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
    match decode::decode(bytes) {
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
    loaded: &mut Loaded,
) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || files.len() < 16 {
        for file in files {
            load_file(file, opts, formats, loaded);
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
                            load_file(file, opts, formats, &mut part);
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
        loaded.sources.extend(part.sources.into_iter().map(|mut s| {
            s.docs = s.docs.start + base..s.docs.end + base;
            s
        }));
    }
}

fn load_file(
    file: &walk::FileEntry,
    opts: &LoadOptions,
    formats: &FormatOptions,
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
    match read_limited(&file.path, opts.max_file_size) {
        Ok(bytes) => {
            let first = loaded.documents.len();
            load_bytes_with(path, &bytes, formats, loaded);
            loaded.sources.push(SourceFile {
                path: path.clone(),
                size: bytes.len() as u64,
                mtime_ns: if bytes.len() as u64 == file.len {
                    file.mtime_ns
                } else {
                    0 // changed between the walk and the read: do not trust the stamp
                },
                docs: first..loaded.documents.len(),
            });
        }
        Err(e) => loaded
            .notices
            .push(notice(path, format!("cannot read: {e}"))),
    }
}

/// Reads a file opened read-only, never more than `limit` bytes (it may grow after the check).
fn read_limited(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let f = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    f.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::other(
            "grew over the size limit while reading",
        ));
    }
    Ok(bytes)
}

fn read_stdin(loaded: &mut Loaded) {
    use std::io::Read;
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
        loaded
            .notices
            .push(notice("-", format!("cannot read standard input: {e}")));
        return;
    }
    match decode::decode(&bytes) {
        Ok(decoded) => {
            if let Some(msg) = decoded.notice.clone() {
                loaded.notices.push(notice("-", msg));
            }
            formats::parse(
                "-",
                formats::Kind::Text,
                decoded,
                &FormatOptions::default(),
                loaded,
            );
        }
        Err(why) => loaded.notices.push(notice("-", why)),
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
