//! Where docent keeps what it remembers about a corpus between runs: the XDG state directory
//! (`$XDG_STATE_HOME/docent/`, else `~/.local/state/docent/`) holds where the reader was and the
//! marks (`<key>.session.json`, written by the reader) and the analyst's corrections
//! (`<key>.corrections.json`, see [`crate::corrections`]); the cache directory holds the index
//! (see [`crate::cache`]). The key is a hash of the paths the
//! corpus was opened with, as for the index cache; the bundled seeds have their own key and
//! standard input has none (nothing is remembered).
//!
//! Writes are atomic: a temporary file in the same folder (`.NAME.tmpPID`), then a rename; a
//! symbolic link is written through to its target. Temporary files of a process that died
//! mid-write are removed when the file is next read. Reads take regular files only, checked on
//! the opened descriptor (a FIFO never blocks), accept a UTF-8 byte order mark, and are
//! size-limited. A file that cannot be read or parsed is reported (the caller puts the message
//! on the status line or standard error) and ignored; it is replaced by the next save.
//! [`lock`] serializes writers of one file across processes (see
//! [`crate::corrections::save_merged`]); [`check_writable`] says plainly when the state folder
//! cannot be written.

use serde::{de::DeserializeOwned, Serialize};
use std::path::{Path, PathBuf};

/// The state folder: `$XDG_STATE_HOME/docent`, else `$HOME/.local/state/docent`.
pub fn state_dir() -> Option<PathBuf> {
    xdg_dir("XDG_STATE_HOME", ".local/state")
}

/// The name a corpus's files go by, in the state and cache folders: a hash of the paths as
/// given and as they resolve (so the same folder opened from elsewhere is another corpus, and
/// a folder replaced under the same name is too). No paths: the bundled seeds.
pub fn corpus_key(roots: &[String]) -> String {
    let mut key = Vec::new();
    if roots.is_empty() {
        key.extend_from_slice(b"\0bundled seeds");
    }
    for r in roots {
        key.extend_from_slice(r.as_bytes());
        key.push(0);
        let canon = std::fs::canonicalize(r).unwrap_or_else(|_| PathBuf::from(r));
        key.extend_from_slice(canon.to_string_lossy().as_bytes());
        key.push(0);
    }
    format!("{:016x}", crate::cache::codec::checksum(&key))
}

/// docent's folder under an XDG base directory: `$VAR/docent`, else `$HOME/<fallback>/docent`.
/// Relative values are ignored, as the XDG specification asks.
pub fn xdg_dir(var: &str, fallback: &str) -> Option<PathBuf> {
    let base = std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .map(|h| h.join(fallback))
        })?;
    Some(base.join("docent"))
}

/// Where one corpus's state files live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Store {
    pub dir: PathBuf,
    pub key: String,
}

/// Why a corpus has no store, in words for the status line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoStore {
    /// Standard input has no identity to remember it by.
    StandardInput,
    /// Neither `XDG_STATE_HOME` nor `HOME` is set (to an absolute path).
    NoStateFolder,
}

impl std::fmt::Display for NoStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NoStore::StandardInput => "standard input: use --annotations FILE",
            NoStore::NoStateFolder => {
                "no state folder (neither XDG_STATE_HOME nor HOME is set): use --annotations FILE"
            }
        })
    }
}

impl Store {
    /// The store of a corpus opened with `roots` (empty: the bundled seeds); `None` for
    /// standard input or when there is no state folder ([`Store::locate`] says which).
    pub fn for_roots(roots: &[String]) -> Option<Store> {
        Store::locate(roots).ok()
    }

    /// [`Store::for_roots`], or why there is none.
    pub fn locate(roots: &[String]) -> Result<Store, NoStore> {
        Store::locate_in(state_dir().as_deref(), roots)
    }

    /// [`Store::locate`] with the state folder given (`None`: there is none).
    pub fn locate_in(dir: Option<&Path>, roots: &[String]) -> Result<Store, NoStore> {
        if roots.iter().any(|r| r == "-") {
            return Err(NoStore::StandardInput);
        }
        let dir = dir.ok_or(NoStore::NoStateFolder)?;
        Store::in_dir(dir, roots).ok_or(NoStore::StandardInput)
    }

    /// Like [`Store::for_roots`] with an explicit folder.
    pub fn in_dir(dir: &Path, roots: &[String]) -> Option<Store> {
        if roots.iter().any(|r| r == "-") {
            return None;
        }
        Some(Store {
            dir: dir.to_path_buf(),
            key: corpus_key(roots),
        })
    }

    pub fn session_path(&self) -> PathBuf {
        self.dir.join(format!("{}.session.json", self.key))
    }

    pub fn corrections_path(&self) -> PathBuf {
        self.dir.join(format!("{}.corrections.json", self.key))
    }
}

/// The largest state file [`read_json`] reads (a session is a few kilobytes; corrections have
/// their own limit, see [`crate::corrections`]).
pub const MAX_STATE_BYTES: u64 = 16 << 20;

/// Reads JSON state: `Ok(None)` when the file does not exist, `Err` with a message naming the
/// file when it cannot be read or parsed. A UTF-8 byte order mark is accepted; temporary files
/// left next to it by a process that died mid-write are removed first.
pub fn read_json<T: DeserializeOwned>(path: &Path) -> Result<Option<T>, String> {
    clean_stale_temps(path);
    let Some(bytes) = read_bytes(path, MAX_STATE_BYTES)? else {
        return Ok(None);
    };
    parse_json(&bytes)
        .map(Some)
        .map_err(|e| format!("{}: damaged ({e}); ignored", path.display()))
}

/// Parses JSON state from bytes, a leading UTF-8 byte order mark skipped.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|e| e.to_string())
}

/// Reads a regular file of at most `limit` bytes: `Ok(None)` when it does not exist, `Err`
/// with a message naming it otherwise (special file, too large, unreadable).
pub fn read_bytes(path: &Path, limit: u64) -> Result<Option<Vec<u8>>, String> {
    use std::io::Read;
    let f = match open_regular(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let mut bytes = Vec::new();
    f.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "{}: over the {limit} byte limit, not read",
            path.display()
        ));
    }
    Ok(Some(bytes))
}

/// Opens `path` for reading if — checked on the opened descriptor — it is a regular file. The
/// open itself never blocks: a FIFO put where a file was (after a walk or a `stat`) is opened
/// with `O_NONBLOCK` and refused, instead of waiting forever for a writer.
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let f = o.open(path)?;
    if !f.metadata()?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a folder, FIFO, socket or device), not read",
        ));
    }
    #[cfg(unix)]
    {
        // Back to blocking reads (a regular file ignores the flag, but say what we mean).
        use std::os::unix::io::AsRawFd;
        let fd = f.as_raw_fd();
        // SAFETY: fcntl on a descriptor this function owns; no memory is passed.
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
            }
        }
    }
    Ok(f)
}

/// The file a path finally names, following symbolic links (relative ones from the link's
/// folder), so a write replaces the target and keeps the link. A path that is not a link is
/// itself; a dangling link gives its (missing) target.
pub fn resolve_link(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)?;
                p = if to.is_absolute() {
                    to
                } else {
                    p.parent().unwrap_or(Path::new("")).join(to)
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// Writes `bytes` to `path` atomically (temporary file in the same folder, then a rename),
/// creating the folder. A symbolic link is written through: its target is replaced, the link
/// stays.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let path = resolve_link(path)?;
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("no folder"))?;
    if !dir.as_os_str().is_empty() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = temp_path(&path)?;
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `.NAME.tmpPID` next to `path`: this process's temporary file for it.
fn temp_path(path: &Path) -> std::io::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("no file name"))?;
    let mut tmp = std::ffi::OsString::from(".");
    tmp.push(name);
    tmp.push(format!(".tmp{}", std::process::id()));
    Ok(path.with_file_name(tmp))
}

/// Writes `value` as pretty JSON, atomically.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    let mut text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    text.push('\n');
    write_atomic(path, text.as_bytes())
}

/// Whether process `pid` may still be running (unknown counts as running).
pub fn pid_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(p) = libc::pid_t::try_from(pid) else {
            return true;
        };
        if p <= 0 {
            return true;
        }
        // SAFETY: signal 0 only checks that the process exists; nothing is sent.
        if unsafe { libc::kill(p, 0) } == 0 {
            return true;
        }
        std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Removes the regular files in `dir` that `temp_pid` recognizes as temporary files of a
/// process no longer running (it gives the PID in the name); returns how many.
pub fn remove_stale_temps(dir: &Path, temp_pid: impl Fn(&str) -> Option<u32>) -> usize {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let me = std::process::id();
    let mut n = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(&temp_pid) else {
            continue;
        };
        if pid != me
            && !pid_alive(pid)
            && entry.file_type().is_ok_and(|t| t.is_file())
            && std::fs::remove_file(entry.path()).is_ok()
        {
            n += 1;
        }
    }
    n
}

/// The PID of a name `PREFIX` + digits, as temporary files are named.
pub fn pid_after(name: &str, prefix: &str) -> Option<u32> {
    let digits = name.strip_prefix(prefix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Removes `.NAME.tmpPID` files that a killed docent left next to `path` (or next to the file
/// a symbolic link at `path` names); returns how many.
pub fn clean_stale_temps(path: &Path) -> usize {
    let path = resolve_link(path).unwrap_or_else(|_| path.to_path_buf());
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return 0;
    };
    let prefix = format!(".{name}.tmp");
    remove_stale_temps(dir, |n| pid_after(n, &prefix))
}

/// Checks that state files can be written in `dir` (creating it), by writing and removing a
/// probe file: the message says plainly what will not be saved, for the UI to show at start.
pub fn check_writable(dir: &Path) -> Result<(), String> {
    let fail = |e: std::io::Error| {
        format!(
            "cannot write in the state folder {} ({e}): corrections and the reading position \
             will NOT be saved",
            dir.display()
        )
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let probe = dir.join(format!(".docent-probe.tmp{}", std::process::id()));
    std::fs::File::create(&probe).map_err(fail)?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// An exclusive lock on a file, held while alive: `flock(2)` on `.NAME.lock` in its folder.
/// The kernel releases it if the process dies, so a lock is never stale; the lock file is
/// removed on release.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    _file: std::fs::File,
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked: whoever opened it meanwhile sees it is gone and retries.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Takes the lock of `target` (see [`Lock`]), waiting at most `wait` for another holder.
pub fn lock(target: &Path, wait: std::time::Duration) -> std::io::Result<Lock> {
    let name = target
        .file_name()
        .ok_or_else(|| std::io::Error::other("no file name"))?;
    let mut lock_name = std::ffi::OsString::from(".");
    lock_name.push(name);
    lock_name.push(".lock");
    let path = target.with_file_name(lock_name);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let deadline = std::time::Instant::now() + wait;
    loop {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)?;
        match try_lock(&file) {
            Ok(true) => {
                if same_file(&file, &path) {
                    return Ok(Lock { path, _file: file });
                }
                // Removed by the holder we waited for: lock the new one.
                continue;
            }
            Ok(false) => {}
            Err(e) => return Err(e),
        }
        if std::time::Instant::now() >= deadline {
            return Err(std::io::Error::new(
                std::io::ErrorKind::WouldBlock,
                format!(
                    "{} is held by another docent for over {} s",
                    path.display(),
                    wait.as_secs_f32()
                ),
            ));
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// `Ok(true)` when locked, `Ok(false)` when another holds it.
#[cfg(unix)]
fn try_lock(f: &std::fs::File) -> std::io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock on a descriptor owned by `f`; no memory is passed.
    if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EWOULDBLOCK) | Some(libc::EINTR) => Ok(false),
        // A file system without locks: go on unlocked rather than refuse to save.
        Some(libc::ENOLCK) | Some(libc::EOPNOTSUPP) | Some(libc::EINVAL) => Ok(true),
        _ => Err(e),
    }
}

#[cfg(not(unix))]
fn try_lock(_f: &std::fs::File) -> std::io::Result<bool> {
    Ok(true)
}

/// Whether the open `file` is still the one at `path`.
#[cfg(unix)]
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &std::fs::File, path: &Path) -> bool {
    path.exists()
}

/// Gives memory freed in the allocator's heaps back to the system (glibc keeps small freed
/// blocks for reuse): the cold build calls it after dropping the texts and the corpus, whose
/// many small allocations otherwise stay in its resident set. Does nothing elsewhere.
pub fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the heaps; it touches no live block.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_per_corpus_and_stdin_has_none() {
        let d = Path::new("/tmp/x");
        let seeds = Store::in_dir(d, &[]).expect("seeds have a key");
        let other = Store::in_dir(d, &["some/folder".into()]).expect("a key");
        assert_ne!(seeds.key, other.key);
        assert_eq!(Store::in_dir(d, &[]), Some(seeds.clone()));
        assert!(Store::in_dir(d, &["-".into()]).is_none());
        assert!(seeds
            .session_path()
            .to_string_lossy()
            .ends_with(".session.json"));
    }

    #[test]
    fn atomic_writes_and_damaged_files_are_reported() {
        let t = tempfile::tempdir().expect("tmp");
        let p = t.path().join("sub").join("a.json");
        assert_eq!(read_json::<Vec<u32>>(&p), Ok(None));
        write_json(&p, &vec![1u32, 2, 3]).expect("writes");
        assert_eq!(read_json::<Vec<u32>>(&p), Ok(Some(vec![1, 2, 3])));
        let left: Vec<_> = std::fs::read_dir(p.parent().expect("dir"))
            .expect("lists")
            .collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
        std::fs::write(&p, "{ not json").expect("writes");
        let err = read_json::<Vec<u32>>(&p).expect_err("damaged");
        assert!(err.contains("damaged"), "{err}");
    }

    #[test]
    fn no_store_says_why() {
        let d = Path::new("/tmp/x");
        assert_eq!(
            Store::locate_in(None, &["docs".into()]),
            Err(NoStore::NoStateFolder)
        );
        let why = NoStore::NoStateFolder.to_string();
        assert!(
            why.contains("HOME") && !why.contains("standard input"),
            "{why}"
        );
        assert_eq!(
            Store::locate_in(Some(d), &["-".into()]),
            Err(NoStore::StandardInput)
        );
        assert_eq!(
            Store::locate_in(None, &["-".into()]),
            Err(NoStore::StandardInput)
        );
        assert!(Store::locate_in(Some(d), &[]).is_ok());
    }

    #[test]
    fn an_unwritable_state_folder_is_a_clear_error() {
        let t = tempfile::tempdir().expect("tmp");
        // A file where the folder should be: unwritable even for root.
        let blocked = t.path().join("state");
        std::fs::write(&blocked, "").expect("writes");
        let err = check_writable(&blocked.join("docent")).expect_err("unwritable");
        assert!(err.contains("NOT be saved"), "{err}");
        assert!(check_writable(&t.path().join("fine")).is_ok());
        assert_eq!(
            std::fs::read_dir(t.path().join("fine"))
                .expect("ls")
                .count(),
            0
        );
    }

    #[test]
    fn the_lock_is_exclusive_and_released() {
        let t = tempfile::tempdir().expect("tmp");
        let p = t.path().join("c.json");
        let held = lock(&p, std::time::Duration::from_secs(1)).expect("locks");
        let t0 = std::time::Instant::now();
        let err = lock(&p, std::time::Duration::from_millis(100)).expect_err("held");
        assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
        assert!(t0.elapsed() >= std::time::Duration::from_millis(100));
        drop(held);
        assert!(
            !t.path().join(".c.json.lock").exists(),
            "removed on release"
        );
        drop(lock(&p, std::time::Duration::from_millis(100)).expect("free again"));
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_without_blocking() {
        let t = tempfile::tempdir().expect("tmp");
        let p = t.path().join("fifo.json");
        let made = std::process::Command::new("mkfifo")
            .arg(&p)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        let err = open_regular(&p).expect_err("a FIFO");
        assert!(err.to_string().contains("not a regular file"), "{err}");
        assert!(read_json::<Vec<u32>>(&p).is_err());
    }
}
