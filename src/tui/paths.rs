//! How a document's path is shown: `~` for the home folder, a record's number after `#`
//! (`feed.jsonl#12`), every control character made visible; and the folder all documents share,
//! which Sources leaves out so each row shows what tells it apart.

use crate::model::{Document, Documents};
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

/// Every document's shown path, in corpus order.
pub fn all_shown(docs: &Documents) -> Vec<String> {
    let home = home();
    docs.iter().map(|d| shown(d, home.as_deref())).collect()
}

/// The length in chars of the folder every path starts with (up to and including a `/`): 0
/// when they share none.
pub fn common_folder(paths: &[String]) -> usize {
    let Some(first) = paths.first() else {
        return 0;
    };
    let mut len = first.rfind('/').map_or(0, |i| i + 1);
    for p in &paths[1..] {
        if len == 0 {
            break;
        }
        let common = first
            .bytes()
            .zip(p.bytes())
            .take(len)
            .take_while(|(a, b)| a == b)
            .count();
        len = first[..common].rfind('/').map_or(0, |i| i + 1);
    }
    first[..len].chars().count()
}

/// The folder of a shown path (up to its last `/`), `""` for a bare file name.
pub fn folder(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// The last `width` chars of `s`, with `…` in front when it was cut: a path cut from the left
/// keeps its file name.
pub fn cut_left(s: &str, width: usize) -> String {
    let n = crate::tui::wrap::str_width(s);
    if n <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: Vec<char> = Vec::new();
    let mut w = 1;
    for c in s.chars().rev() {
        let cw = crate::tui::wrap::str_width(c.encode_utf8(&mut [0; 4]));
        if w + cw > width {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out.into_iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_is_shortened_only_at_a_folder_boundary() {
        assert_eq!(
            tilde("/home/ana/news/a.txt", Some("/home/ana")),
            "~/news/a.txt"
        );
        assert_eq!(
            tilde("/home/anabel/a.txt", Some("/home/ana")),
            "/home/anabel/a.txt"
        );
        assert_eq!(tilde("news/a.txt", Some("/home/ana")), "news/a.txt");
        assert_eq!(tilde("/home/ana", Some("/home/ana")), "~");
        assert!(!tilde("a\u{1b}[2J.txt", None).contains('\u{1b}'));
    }

    #[test]
    fn records_get_their_number() {
        let d = Document {
            path: "feed.jsonl".into(),
            record: Some(11),
            ..Default::default()
        };
        assert_eq!(shown(&d, None), "feed.jsonl#12");
    }

    #[test]
    fn the_common_folder_ends_at_a_slash() {
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            common_folder(&p(&["bbc/politics/1.txt", "bbc/sport/2.txt"])),
            4
        );
        assert_eq!(common_folder(&p(&["bbc/politics/1.txt", "md/2.md"])), 0);
        assert_eq!(common_folder(&p(&["a/b/1.txt"])), 4);
        assert_eq!(common_folder(&p(&["news/a.txt", "newsroom/b.txt"])), 0);
        assert_eq!(common_folder(&p(&["ñu/a.txt", "ñu/b.txt"])), 3);
        assert_eq!(common_folder(&[]), 0);
    }

    #[test]
    fn cutting_from_the_left_keeps_the_file_name() {
        assert_eq!(cut_left("bbc/politics/010.txt", 12), "…ics/010.txt");
        assert_eq!(cut_left("a.txt", 12), "a.txt");
        assert_eq!(cut_left("abc", 0), "");
        assert_eq!(folder("bbc/politics/010.txt"), "bbc/politics");
        assert_eq!(folder("a.txt"), "");
    }
}
