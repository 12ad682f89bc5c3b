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
/// An explicit stack keeps deep trees from overflowing the call stack. The entries of a folder
/// given are walked on a few threads (stat'ing a million files took 3 s on one), in runs of
/// consecutive entries whose files and notices are joined in order: the same list as one
/// thread's.
pub fn walk(path: &Path, display: &str, out: &mut Vec<FileEntry>, notices: &mut Vec<Notice>) {
    let top = (path.to_path_buf(), display.to_string(), true);
    let Some(entries) = visit(top, out, notices) else {
        return;
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if threads < 2 || entries.len() < 2 {
        walk_from(entries, out, notices);
        return;
    }
    // Runs small enough that the threads end together, large enough to cost little.
    let per = entries.len().div_ceil(16 * threads).max(1);
    // Each run's entries (moved, not copied), then its files and notices once walked.
    type Run = (Vec<Entry>, Vec<FileEntry>, Vec<Notice>);
    let mut runs: Vec<std::sync::Mutex<Run>> = Vec::new();
    let mut entries = entries.into_iter();
    loop {
        let run: Vec<Entry> = entries.by_ref().take(per).collect();
        if run.is_empty() {
            break;
        }
        runs.push(std::sync::Mutex::new((run, Vec::new(), Vec::new())));
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(run) = runs.get(k) else {
                    break;
                };
                // Each run is taken by one thread alone: the lock is never waited for.
                let mut run = run.lock().unwrap_or_else(|e| e.into_inner());
                let (to_walk, files, said) = &mut *run;
                walk_from(std::mem::take(to_walk), files, said);
            });
        }
    });
    for run in runs {
        let (_, files, said) = run.into_inner().unwrap_or_else(|e| e.into_inner());
        out.extend(files);
        notices.extend(said);
    }
}

/// A path to walk: (path, as shown, given by the user rather than found in a folder).
type Entry = (PathBuf, String, bool);

/// Walks `entries` (a folder's, sorted) and everything under them, in order.
fn walk_from(mut entries: Vec<Entry>, out: &mut Vec<FileEntry>, notices: &mut Vec<Notice>) {
    // Reverse order onto the stack so files come out sorted by name.
    entries.reverse();
    let mut stack = entries;
    while let Some(entry) = stack.pop() {
        if let Some(mut children) = visit(entry, out, notices) {
            children.reverse();
            stack.append(&mut children);
        }
    }
}

/// One path: a regular file is added to `out`; a folder gives its entries, sorted by name (its
/// hidden ones left out); anything else a notice.
fn visit(
    (path, display, top): Entry,
    out: &mut Vec<FileEntry>,
    notices: &mut Vec<Notice>,
) -> Option<Vec<Entry>> {
    let meta = match fs::symlink_metadata(&path) {
        Ok(m) => m,
        Err(e) => {
            notices.push(super::notice(&display, format!("cannot read: {e}")));
            return None;
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
                return None;
            }
            Ok(_) => {
                notices.push(super::notice(
                    &display,
                    "symbolic link to a special file, not read",
                ));
                return None;
            }
            Err(e) => {
                notices.push(super::notice(
                    &display,
                    format!("broken or looping symbolic link, not followed: {e}"),
                ));
                return None;
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
        None
    } else if meta.is_dir() {
        let entries = match fs::read_dir(&path) {
            Ok(rd) => rd,
            Err(e) => {
                notices.push(super::notice(&display, format!("cannot read folder: {e}")));
                return None;
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
        children.sort();
        Some(
            children
                .into_iter()
                .map(|(name, child)| {
                    let shown = if display.ends_with('/') {
                        format!("{display}{name}")
                    } else {
                        format!("{display}/{name}")
                    };
                    (child, shown, false)
                })
                .collect(),
        )
    } else {
        notices.push(super::notice(
            &display,
            "not a regular file (FIFO, socket or device), not read",
        ));
        None
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk on threads gives the files and notices one thread gives, in the same order.
    #[test]
    fn walking_on_threads_gives_one_threads_list() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = dir.path();
        for d in 0..40 {
            let sub = root.join(format!("d{d:02}"));
            std::fs::create_dir_all(sub.join("inner")).expect("dir");
            for f in 0..(d % 5) {
                std::fs::write(sub.join(format!("f{f}.txt")), "x").expect("file");
            }
            std::fs::write(sub.join("inner").join("deep.txt"), "y").expect("file");
            std::fs::write(sub.join(".hidden"), "z").expect("file");
        }
        std::fs::write(root.join("top.txt"), "t").expect("file");
        #[cfg(unix)]
        for d in [3, 17, 31] {
            let link = root.join(format!("d{d:02}")).join("up");
            std::os::unix::fs::symlink(root, link).expect("link");
        }
        let shown = root.display().to_string();
        let (mut files, mut notices) = (Vec::new(), Vec::new());
        walk(root, &shown, &mut files, &mut notices);
        let (mut one, mut one_said) = (Vec::new(), Vec::new());
        walk_from(
            vec![(root.to_path_buf(), shown, true)],
            &mut one,
            &mut one_said,
        );
        let names = |fs: &[FileEntry]| fs.iter().map(|f| f.display.clone()).collect::<Vec<_>>();
        assert_eq!(files.len(), 80 + 40 + 1);
        assert_eq!(names(&files), names(&one));
        let said = |ns: &[Notice]| {
            ns.iter()
                .map(|n| format!("{} {}", n.path, n.message))
                .collect::<Vec<_>>()
        };
        assert_eq!(said(&notices), said(&one_said));
        if cfg!(unix) {
            assert_eq!(notices.len(), 3, "{:?}", said(&notices));
        }
    }
}
