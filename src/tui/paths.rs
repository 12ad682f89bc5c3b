//! How a document's path is shown: `~` for the home folder, a record's number after `#`
//! (`feed.jsonl#12`), every control character made visible; and the folder all documents share,
//! which Sources leaves out so each row shows what tells it apart. The shown path itself is
//! made in the core ([`docent_core::paths`]): the cold build writes the palette's names with it.

use crate::model::{Documents, DOC_CHUNK};
use crate::sanitize::clean_line;

pub use docent_core::paths::{home, shown, tilde};

/// Every document's shown path ([`shown`]), made a chunk of documents at a time when first
/// asked for: the Sources list draws the rows on screen, so a first frame over documents read
/// from the store on demand decodes only those (plus what the palette and filters ask for).
#[derive(Debug, Default)]
pub struct ShownPaths {
    docs: Documents,
    home: Option<String>,
    chunks: Box<[std::sync::OnceLock<Box<[String]>>]>,
}

impl ShownPaths {
    /// The shown paths of `docs` (none made yet), with the home folder as `~`.
    pub fn new(docs: &Documents) -> ShownPaths {
        ShownPaths::with_home(docs, home())
    }

    /// [`ShownPaths::new`] with the home folder given.
    pub fn with_home(docs: &Documents, home: Option<String>) -> ShownPaths {
        let n = docs.len().div_ceil(DOC_CHUNK);
        ShownPaths {
            docs: docs.clone(),
            home,
            chunks: (0..n).map(|_| std::sync::OnceLock::new()).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Document `i`'s shown path.
    pub fn get(&self, i: usize) -> Option<&String> {
        if i >= self.len() {
            return None;
        }
        let k = i / DOC_CHUNK;
        let chunk = self.chunks.get(k)?.get_or_init(|| {
            let end = ((k + 1) * DOC_CHUNK).min(self.len());
            (k * DOC_CHUNK..end)
                .map(|d| shown(&self.docs[d], self.home.as_deref()))
                .collect()
        });
        chunk.get(i % DOC_CHUNK)
    }

    /// Every shown path, in corpus order.
    pub fn iter(&self) -> impl Iterator<Item = &String> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// The length in chars of the folder every shown path starts with ([`common_folder`]):
    /// from the least and greatest path when the store gives them (no document decoded),
    /// else from every path.
    pub fn root(&self) -> usize {
        self.docs
            .path_bounds()
            .and_then(|(least, most)| root_from_bounds(least, most, self.home.as_deref()))
            .unwrap_or_else(|| {
                let all: Vec<String> = self.iter().cloned().collect();
                common_folder(&all)
            })
    }
}

/// [`common_folder`] of the shown paths of documents whose paths lie between `least` and
/// `most` (byte order) — every path shares what these two share — with the home folder as
/// `~`; `None` when that cannot be told without every path (some paths may lie in the home
/// folder and some not).
pub fn root_from_bounds(least: &str, most: &str, home: Option<&str>) -> Option<usize> {
    let common = least
        .bytes()
        .zip(most.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let folder = &least[..least[..common].rfind('/').map_or(0, |i| i + 1)];
    let Some(h) = home else {
        return Some(clean_line(folder).chars().count());
    };
    let under = |p: &str| p.strip_prefix(h).is_some_and(|rest| rest.starts_with('/'));
    match (under(least), under(most)) {
        // All in the home folder (every path between the two is): `~` for it.
        (true, true) => folder
            .strip_prefix(h)
            .map(|rest| 1 + clean_line(rest).chars().count()),
        (false, false) if folder.is_empty() => Some(0),
        // None in it, unless the home folder lies within what they share.
        (false, false) if !format!("{h}/").starts_with(folder) => {
            Some(clean_line(folder).chars().count())
        }
        _ => None,
    }
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
    use crate::model::Document;

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
    fn the_root_from_the_bounds_is_the_root_of_every_path() {
        let docs = |ps: &[&str]| -> Documents {
            ps.iter()
                .map(|p| Document {
                    path: p.to_string(),
                    ..Default::default()
                })
                .collect::<Vec<_>>()
                .into()
        };
        let cases: &[&[&str]] = &[
            &["bbc/politics/1.txt", "bbc/sport/2.txt", "bbc/sport/3.txt"],
            &["bbc/politics/1.txt", "md/2.md"],
            &["/home/ana/news/a.txt", "/home/ana/news/b/c.txt"],
            &["/home/ana/a.txt", "/home/ana/news/b.txt"],
            &["/srv/x/a.txt", "/srv/x/b.txt"],
            &["a.zip!/docs/a.txt", "a.zip!/docs/b.txt"],
            &["ñu/a.txt", "ñu/b.txt"],
            &["one/file.json", "one/file.json"],
        ];
        for ps in cases {
            for home in [None, Some("/home/ana"), Some("/srv")] {
                let shown = ShownPaths::with_home(&docs(ps), home.map(str::to_string));
                let all: Vec<String> = shown.iter().cloned().collect();
                let (least, most) = (
                    ps.iter().min().copied().unwrap_or(""),
                    ps.iter().max().copied().unwrap_or(""),
                );
                let want = common_folder(&all);
                assert_eq!(
                    root_from_bounds(least, most, home).unwrap_or(want),
                    want,
                    "{ps:?} {home:?}"
                );
            }
        }
        // Some paths in the home folder and some not: not told from the bounds.
        assert_eq!(
            root_from_bounds("/a/x.txt", "/z/y.txt", Some("/home/ana")),
            None
        );
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
