//! How a document's path is shown and matched: `~` for the home folder, a record's number
//! after `#` (`feed.jsonl#12`), every control character made visible. In the core because the
//! palette's names file, which holds the shown paths, is written by the cold build
//! ([`crate::cache::searchfile::names_writer`]); the reader shows the same strings.

use crate::model::Document;
use crate::sanitize::clean_line;

/// The home folder, from `HOME` (none when unset or empty).
pub fn home() -> Option<String> {
    std::env::var("HOME")
        .ok()
        .map(|h| h.trim_end_matches('/').to_string())
        .filter(|h| !h.is_empty())
}

/// `path` with the home folder written `~`, sanitized.
pub fn tilde(path: &str, home: Option<&str>) -> String {
    let short = match home {
        Some(h) if path == h => "~".to_string(),
        Some(h) => match path.strip_prefix(h) {
            Some(rest) if rest.starts_with('/') => format!("~{rest}"),
            _ => path.to_string(),
        },
        None => path.to_string(),
    };
    clean_line(&short).into_owned()
}

/// How `d`'s path is shown and matched: [`tilde`], then `#n` for the n-th record of a file
/// (JSON, JSON Lines, a mailbox).
pub fn shown(d: &Document, home: Option<&str>) -> String {
    let mut s = tilde(&d.path, home);
    if let Some(r) = d.record {
        s.push_str(&format!("#{}", r + 1));
    }
    s
}
