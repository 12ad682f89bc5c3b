//! What docent remembers about a corpus between runs, in the XDG state directory
//! (`$XDG_STATE_HOME/docent/`, else `~/.local/state/docent/`): where the reader was and the
//! marks ([`Session`], `<key>.session.json`), and the analyst's corrections
//! (`<key>.corrections.json`, see [`crate::corrections`]). The key is a hash of the paths the
//! corpus was opened with, as for the index cache; the bundled seeds have their own key and
//! standard input has none (nothing is remembered).
//!
//! Writes are atomic: a temporary file in the same folder, then a rename. A file that cannot be
//! read or parsed is reported (the caller puts the message on the status line or standard
//! error) and ignored; it is replaced by the next save.
//!
//! Places are stored by document path and record (not by index), so they survive documents
//! being added or removed; a place whose document is gone is dropped.

use crate::model::Corpus;
use crate::tui::app::App;
use crate::tui::panels::Pos;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::collections::BTreeMap;
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

/// A place, by document path (and record, for JSON records) and byte offset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<usize>,
    pub offset: usize,
}

impl Place {
    pub fn of(corpus: &Corpus, p: Pos) -> Option<Place> {
        let d = corpus.documents.get(p.doc)?;
        Some(Place {
            path: d.path.clone(),
            record: d.record,
            offset: p.offset,
        })
    }

    /// The position in `corpus`, if the document is still there (offset kept within it).
    pub fn resolve(&self, corpus: &Corpus) -> Option<Pos> {
        let d = corpus
            .documents
            .iter()
            .find(|d| d.path == self.path && d.record == self.record)?;
        Some(Pos {
            doc: d.id,
            offset: self.offset.min(d.text.len()),
        })
    }
}

/// Where the reader was, and the marks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub version: u32,
    #[serde(default)]
    pub place: Option<Place>,
    /// Mark letter → place.
    #[serde(default)]
    pub marks: BTreeMap<char, Place>,
}

/// The app's session: its position and marks.
pub fn capture(app: &App) -> Session {
    Session {
        version: 1,
        place: Place::of(&app.corpus, app.position()),
        marks: app
            .places
            .marks
            .iter()
            .filter_map(|(&c, &p)| Some((c, Place::of(&app.corpus, p)?)))
            .collect(),
    }
}

/// Puts the app where `s` left it: the document and position, and the marks whose documents
/// are still there.
pub fn restore(app: &mut App, s: &Session) {
    for (&c, place) in &s.marks {
        if let Some(p) = place.resolve(&app.corpus) {
            app.places.marks.insert(c, p);
        }
    }
    if let Some(p) = s.place.as_ref().and_then(|p| p.resolve(&app.corpus)) {
        app.go_to(p);
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
        let p = t.path().join("sub").join("a.session.json");
        assert_eq!(read_json::<Session>(&p), Ok(None));
        let mut s = Session {
            version: 1,
            ..Session::default()
        };
        s.marks.insert(
            'a',
            Place {
                path: "x.txt".into(),
                record: None,
                offset: 3,
            },
        );
        write_json(&p, &s).expect("writes");
        assert_eq!(read_json::<Session>(&p), Ok(Some(s)));
        let left: Vec<_> = std::fs::read_dir(p.parent().expect("dir"))
            .expect("lists")
            .collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
        std::fs::write(&p, "{ not json").expect("writes");
        let err = read_json::<Session>(&p).expect_err("damaged");
        assert!(err.contains("damaged"), "{err}");
    }
}
