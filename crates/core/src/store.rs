//! Where docent keeps what it remembers about a corpus between runs: the XDG state directory
//! (`$XDG_STATE_HOME/docent/`, else `~/.local/state/docent/`) holds where the reader was and the
//! marks (`<key>.session.json`, written by the reader) and the analyst's corrections
//! (`<key>.corrections.json`, see [`crate::corrections`]); the cache directory holds the index
//! (see [`crate::cache`]). The key is a hash of the paths the
//! corpus was opened with, as for the index cache; the bundled seeds have their own key and
//! standard input has none (nothing is remembered).
//!
//! Writes are atomic: a temporary file in the same folder, then a rename. A file that cannot be
//! read or parsed is reported (the caller puts the message on the status line or standard
//! error) and ignored; it is replaced by the next save.

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

impl Store {
    /// The store of a corpus opened with `roots` (empty: the bundled seeds); `None` for
    /// standard input or when there is no state folder.
    pub fn for_roots(roots: &[String]) -> Option<Store> {
        Store::in_dir(&state_dir()?, roots)
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

/// Reads JSON state: `Ok(None)` when the file does not exist, `Err` with a message naming the
/// file when it cannot be read or parsed.
pub fn read_json<T: DeserializeOwned>(path: &Path) -> Result<Option<T>, String> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    if !meta.is_file() {
        return Err(format!("{}: not a regular file", path.display()));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| format!("{}: damaged ({e}); ignored", path.display()))
}

/// Writes `bytes` to `path` atomically (temporary file in the same folder, then a rename),
/// creating the folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("no folder"))?;
    if !dir.as_os_str().is_empty() {
        std::fs::create_dir_all(dir)?;
    }
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("no file name"))?
        .to_string_lossy()
        .into_owned();
    let tmp = path.with_file_name(format!(".{name}.tmp{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Writes `value` as pretty JSON, atomically.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    let mut text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    text.push('\n');
    write_atomic(path, text.as_bytes())
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
}
