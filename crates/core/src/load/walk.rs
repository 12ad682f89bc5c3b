//! Walking paths into a sorted list of regular files, without following what could loop or block.

use crate::model::Notice;
use std::fs;
use std::path::{Path, PathBuf};

/// A file's modification time in nanoseconds since the Unix epoch, 0 when unknown.
pub fn mtime_ns(meta: &fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(0))
}

/// A regular file to read.
#[derive(Debug)]
pub struct FileEntry {
    pub path: PathBuf,
    /// The path as the user sees it: the argument, joined with the walked part.
    pub display: String,
    pub len: u64,
    /// Modification time in nanoseconds since the Unix epoch, 0 when unknown.
    pub mtime_ns: u64,
}

/// Collects the regular files under `path`. `display` is how `path` is shown.
/// An explicit stack keeps deep trees from overflowing the call stack.
pub fn walk(path: &Path, display: &str, out: &mut Vec<FileEntry>, notices: &mut Vec<Notice>) {
    let mut stack: Vec<(PathBuf, String, bool)> =
        vec![(path.to_path_buf(), display.to_string(), true)];
    while let Some((path, display, top)) = stack.pop() {
        let meta = match fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                notices.push(super::notice(&display, format!("cannot read: {e}")));
                continue;
            }
        };
        let ft = meta.file_type();
        let meta = if ft.is_symlink() {
            // A link to a file is read; a link to a folder is not followed (it could loop).
            match fs::metadata(&path) {
                Ok(m) if m.is_file() => m,
                Ok(m) if m.is_dir() && top => m,
                Ok(m) if m.is_dir() => {
                    notices.push(super::notice(
                        &display,
                        "symbolic link to a folder, not followed",
                    ));
                    continue;
                }
                Ok(_) => {
                    notices.push(super::notice(
                        &display,
                        "symbolic link to a special file, not read",
                    ));
                    continue;
                }
                Err(e) => {
                    notices.push(super::notice(
                        &display,
                        format!("broken or looping symbolic link, not followed: {e}"),
                    ));
                    continue;
                }
            }
        } else {
            meta
        };
        if meta.is_file() {
            let mtime_ns = mtime_ns(&meta);
            out.push(FileEntry {
                path,
                display,
                len: meta.len(),
                mtime_ns,
            });
        } else if meta.is_dir() {
            let entries = match fs::read_dir(&path) {
                Ok(rd) => rd,
                Err(e) => {
                    notices.push(super::notice(&display, format!("cannot read folder: {e}")));
                    continue;
                }
            };
            let mut children: Vec<(String, PathBuf)> = Vec::new();
            for entry in entries {
                match entry {
                    Ok(entry) => {
                        let name = entry.file_name().to_string_lossy().into_owned();
                        if name.starts_with('.') {
                            continue; // hidden files and folders, .git among them
                        }
                        children.push((name, entry.path()));
                    }
                    Err(e) => notices.push(super::notice(&display, format!("cannot list: {e}"))),
                }
            }
            // Reverse order onto the stack so files come out sorted by name.
            children.sort();
            for (name, child) in children.into_iter().rev() {
                let shown = if display.ends_with('/') {
                    format!("{display}{name}")
                } else {
                    format!("{display}/{name}")
                };
                stack.push((child, shown, false));
            }
        } else {
            notices.push(super::notice(
                &display,
                "not a regular file (FIFO, socket or device), not read",
            ));
        }
    }
}

/// A file as (path as shown, size, modification time in ns): the store's file list's rows.
pub type Stamp = (String, u64, u64);

/// What walking the paths given found beside the files' stamps, kept so a cold build walks
/// once: the store's file list is the stamps, and the loader reads the same files from them
/// (the walk's [`FileEntry`] list held the path twice more while the corpus loaded).
#[derive(Debug, Default)]
pub struct Walked {
    /// Per path given, in order: how many files it gave and the notices its walk raised.
    pub roots: Vec<(usize, Vec<Notice>)>,
    /// The real paths that are not their shown path (names not valid UTF-8), by the file's
    /// number in the walk, ascending.
    pub odd: Vec<(usize, PathBuf)>,
}

impl Walked {
    /// Walks every path: the files' stamps in the walk's order, and the rest. `None` for
    /// standard input or a path that does not exist.
    pub fn paths(paths: &[String]) -> Option<(Vec<Stamp>, Walked)> {
        let mut stamps = Vec::new();
        let mut walked = Walked::default();
        for p in paths {
            if p == "-" || fs::symlink_metadata(Path::new(p)).is_err() {
                return None;
            }
            let (mut files, mut notices) = (Vec::new(), Vec::new());
            walk(Path::new(p), p, &mut files, &mut notices);
            walked.roots.push((files.len(), notices));
            for f in files {
                if f.path.to_str() != Some(f.display.as_str()) {
                    walked.odd.push((stamps.len(), f.path));
                }
                stamps.push((f.display, f.len, f.mtime_ns));
            }
        }
        Some((stamps, walked))
    }

    /// The `i`th file of the walk whose stamps are `stamps`, to read.
    pub fn entry(&self, stamps: &[Stamp], i: usize) -> Option<FileEntry> {
        let (display, len, mtime_ns) = stamps.get(i)?;
        let path = match self.odd.binary_search_by_key(&i, |(k, _)| *k) {
            Ok(k) => self.odd[k].1.clone(),
            Err(_) => PathBuf::from(display),
        };
        Some(FileEntry {
            path,
            display: display.clone(),
            len: *len,
            mtime_ns: *mtime_ns,
        })
    }
}
