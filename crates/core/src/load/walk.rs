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
