//! A document's text: owned (read from a file and decoded now) or stored (borrowed from the
//! memory-mapped document store, checked on first use).
//!
//! A warm open from the document store ([`crate::cache::docstore`]) reads no text: each
//! document's [`DocText`] points into the store's mapped bytes, and the first read of it checks
//! them — the text's own checksum, UTF-8, and every range the store holds for that document
//! (body start, quiet ranges, pages, mentions) on its character boundaries. Text that fails is
//! read again from its file ([`TextSource::fallback`]); and when the file no longer gives the
//! same text either, the stored bytes are shown with every non-ASCII byte as `?` (the same
//! length, so every offset the store holds lies on a character boundary and no slice panics).
//! Either way a [`Notice`] is kept for [`text_notices`], never a panic.
//!
//! [`DocText`] dereferences to `&str`, so reading it is the same as reading a `String`; only
//! the first read of a stored text costs its check (and the pages it lies on).

use super::Notice;
use std::sync::{Arc, Mutex, OnceLock};

/// Where stored texts come from: the document store implements it.
pub trait TextSource: Send + Sync {
    /// The stored bytes of a text: `len` bytes at `at` (`None` when out of bounds).
    fn bytes(&self, at: usize, len: usize) -> Option<&[u8]>;
    /// Do the ranges stored for document `doc` (body start, quiet ranges, pages, mentions) lie
    /// on character boundaries of `text`?
    fn ranges_fit(&self, doc: usize, text: &str) -> bool;
    /// Document `doc`'s text read again from its file, when it is there and still gives a
    /// text of `len` bytes with checksum `sum`. Called once, for a text that failed its check.
    fn fallback(&self, doc: usize, len: usize, sum: u64) -> Option<String>;
    /// The stored text of `doc` failed its check (`why`): the store is not to be trusted again.
    fn damaged(&self, doc: usize, why: &str) -> Notice;
    /// Document `doc`'s text (`len` bytes at `at`) has been read through and is not needed
    /// soon: a source over a file map gives back the pages it read for it (they count as the
    /// process's memory until then, and are read again from the page cache if used). Nothing
    /// by default.
    fn release(&self, _doc: usize, _at: usize, _len: usize) {}
}

/// A document's decoded text (see the module documentation).
#[derive(Clone, Default)]
pub struct DocText(Repr);

#[derive(Clone)]
enum Repr {
    Owned(String),
    // Boxed: a document's text is 24 bytes, not 80, while every document is held (a cold
    // build's loaded corpus).
    Stored(Box<Stored>),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Owned(String::new())
    }
}

#[derive(Clone)]
struct Stored {
    source: Arc<dyn TextSource>,
    doc: usize,
    at: usize,
    len: usize,
    sum: u64,
    /// Set on first use: `None` when the stored bytes passed their check (they are then read
    /// in place), else the text used instead.
    checked: OnceLock<Option<Box<str>>>,
}

/// Notices about stored texts (and mention lists) that failed their check on first use (at most [`MAX_NOTICES`]).
static NOTICES: Mutex<Vec<Notice>> = Mutex::new(Vec::new());

/// How many [`text_notices`] are kept (a damaged store gives one per text read).
pub const MAX_NOTICES: usize = 1000;

/// The notices given so far in this process by stored texts that failed their check (each read
/// from its file instead, or masked), oldest first: front ends show them with loading's.
pub fn text_notices() -> Vec<Notice> {
    text_notices_since(0)
}

/// The [`text_notices`] after the first `seen`: what a front end that has shown `seen` of them
/// has yet to show (cheap when there is nothing new).
pub fn text_notices_since(seen: usize) -> Vec<Notice> {
    NOTICES
        .lock()
        .map(|v| v.get(seen..).map(<[Notice]>::to_vec).unwrap_or_default())
        .unwrap_or_default()
}

/// Keeps a notice for [`text_notices`] (up to [`MAX_NOTICES`]).
pub(crate) fn keep_notice(notice: Notice) {
    if let Ok(mut v) = NOTICES.lock() {
        if v.len() < MAX_NOTICES {
            v.push(notice);
        }
    }
}

impl DocText {
    /// A text in the document store: `len` bytes at `at` in `source`, with checksum `sum`.
    pub fn stored(
        source: Arc<dyn TextSource>,
        doc: usize,
        at: usize,
        len: usize,
        sum: u64,
    ) -> DocText {
        DocText(Repr::Stored(Box::new(Stored {
            source,
            doc,
            at,
            len,
            sum,
            checked: OnceLock::new(),
        })))
    }

    /// The text (checking a stored one on first use).
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Owned(s) => s,
            Repr::Stored(s) => s.get(),
        }
    }

    /// Its length in bytes, without reading (or checking) a stored text.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Owned(s) => s.len(),
            Repr::Stored(s) => s.len,
        }
    }

    /// Is it empty (without reading a stored text)?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Does it borrow the document store's bytes (rather than own a string)?
    pub fn is_stored(&self) -> bool {
        matches!(self.0, Repr::Stored(_))
    }

    /// The text as a `String` to change: a stored text is copied out first.
    pub fn make_mut(&mut self) -> &mut String {
        if let Repr::Stored(s) = &self.0 {
            self.0 = Repr::Owned(s.get().to_string());
        }
        match &mut self.0 {
            Repr::Owned(s) => s,
            // Just made owned above.
            Repr::Stored(_) => unreachable!("a stored text was made owned"),
        }
    }

    /// Says that a stored text has been read through and will not be needed soon (the word
    /// index's build reads every text once): the store gives back the pages it lies on, so
    /// such a pass does not leave the whole corpus's text resident. Nothing for an owned text.
    pub fn release_pages(&self) {
        if let Repr::Stored(s) = &self.0 {
            s.source.release(s.doc, s.at, s.len);
        }
    }

    /// The text as an owned `String`.
    pub fn into_string(self) -> String {
        match self.0 {
            Repr::Owned(s) => s,
            Repr::Stored(s) => s.get().to_string(),
        }
    }
}

impl Stored {
    fn get(&self) -> &str {
        let checked = self.checked.get_or_init(|| self.check());
        match checked {
            Some(text) => text,
            None => {
                let bytes = self.source.bytes(self.at, self.len).unwrap_or_default();
                // SAFETY: `check` found these bytes to be UTF-8 (it returned `None` only then),
                // and they are the store's memory map, which docent never writes: the store is
                // replaced by rename, never in place, so the mapped bytes do not change while
                // the map (kept alive by `source`) exists.
                unsafe { std::str::from_utf8_unchecked(bytes) }
            }
        }
    }

    /// `None` when the stored bytes are the text; else the text to use instead.
    fn check(&self) -> Option<Box<str>> {
        let bytes = self.source.bytes(self.at, self.len);
        let why = match bytes {
            None => "out of bounds",
            Some(b) if crate::cache::codec::checksum(b) != self.sum => "checksum mismatch",
            Some(b) => match std::str::from_utf8(b) {
                Err(_) => "not UTF-8",
                Ok(text) if !self.source.ranges_fit(self.doc, text) => "ranges off its text",
                Ok(_) => return None,
            },
        };
        let mut notice = self.source.damaged(self.doc, why);
        let text = match self
            .source
            .fallback(self.doc, self.len, self.sum)
            .filter(|t| self.source.ranges_fit(self.doc, t))
        {
            Some(t) => {
                notice.message.push_str(": read from its file instead");
                t
            }
            None => {
                notice
                    .message
                    .push_str(": its file changed too, shown with `?` for non-ASCII bytes");
                mask(bytes.unwrap_or_default(), self.len)
            }
        };
        keep_notice(notice);
        Some(text.into_boxed_str())
    }
}

/// `len` bytes of `bytes` (padded with spaces) with every non-ASCII byte as `?`: every offset
/// is then a character boundary.
fn mask(bytes: &[u8], len: usize) -> String {
    let mut out: String = bytes
        .iter()
        .take(len)
        .map(|&b| if b.is_ascii() { b as char } else { '?' })
        .collect();
    while out.len() < len {
        out.push(' ');
    }
    out
}

impl std::ops::Deref for DocText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for DocText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for DocText {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for DocText {
    fn from(s: String) -> Self {
        DocText(Repr::Owned(s))
    }
}

impl From<&str> for DocText {
    fn from(s: &str) -> Self {
        DocText(Repr::Owned(s.to_string()))
    }
}

impl std::fmt::Debug for DocText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for DocText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for DocText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq for DocText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for DocText {}

impl PartialEq<str> for DocText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for DocText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for DocText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<DocText> for &str {
    fn eq(&self, other: &DocText) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<DocText> for String {
    fn eq(&self, other: &DocText) -> bool {
        self.as_str() == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store of one text whose ranges must fall on `fits` and whose file gives `file`.
    struct One {
        bytes: Vec<u8>,
        fits: Vec<usize>,
        file: Option<String>,
    }

    impl TextSource for One {
        fn bytes(&self, at: usize, len: usize) -> Option<&[u8]> {
            self.bytes.get(at..at.checked_add(len)?)
        }
        fn ranges_fit(&self, _doc: usize, text: &str) -> bool {
            self.fits.iter().all(|&i| text.is_char_boundary(i))
        }
        fn fallback(&self, _doc: usize, len: usize, sum: u64) -> Option<String> {
            self.file
                .clone()
                .filter(|t| t.len() == len && crate::cache::codec::checksum(t.as_bytes()) == sum)
        }
        fn damaged(&self, doc: usize, why: &str) -> Notice {
            Notice {
                path: format!("doc {doc}"),
                message: format!("stored text {why}"),
            }
        }
    }

    fn stored(one: One, sum_of: &str) -> DocText {
        let len = sum_of.len();
        let sum = crate::cache::codec::checksum(sum_of.as_bytes());
        DocText::stored(Arc::new(one), 7, 0, len, sum)
    }

    #[test]
    fn a_sound_stored_text_is_read_in_place() {
        let t = stored(
            One {
                bytes: "Ana Torres".into(),
                fits: vec![4],
                file: None,
            },
            "Ana Torres",
        );
        assert!(t.is_stored());
        assert_eq!(t.len(), 10);
        assert_eq!(t, "Ana Torres");
        assert_eq!(&t[4..], "Torres");
        let mut owned = t.clone();
        owned.make_mut().push('!');
        assert!(!owned.is_stored());
        assert_eq!(owned, "Ana Torres!");
        assert_eq!(t, "Ana Torres");
    }

    #[test]
    fn damaged_bytes_are_read_from_the_file_or_masked_never_used() {
        // One byte flipped in the store: the checksum fails; the file still has the text.
        let flipped = One {
            bytes: "Ana Tprres".into(),
            fits: vec![],
            file: Some("Ana Torres".into()),
        };
        let t = stored(flipped, "Ana Torres");
        assert_eq!(t, "Ana Torres");
        // Not UTF-8, and the file changed: masked, same length.
        let mut bytes = "né à".as_bytes().to_vec();
        bytes[1] = 0xff;
        let broken = One {
            bytes: bytes.clone(),
            fits: vec![],
            file: Some("changed".into()),
        };
        let len = bytes.len();
        let sum = crate::cache::codec::checksum(&bytes);
        let t = DocText::stored(Arc::new(broken), 7, 0, len, sum);
        assert_eq!(t.as_str(), "n?? ??");
        assert_eq!(t.len(), len);
        // Sound bytes whose stored ranges fall inside a character: masked too.
        let off = One {
            bytes: "né".into(),
            fits: vec![2],
            file: None,
        };
        let t = stored(off, "né");
        assert_eq!(t.as_str(), "n??");
        assert!(t.is_char_boundary(2));
        let notices = text_notices();
        let ours = |m: &str| {
            notices
                .iter()
                .any(|n| n.path == "doc 7" && n.message.contains(m))
        };
        assert!(ours("checksum mismatch: read from its file"), "{notices:?}");
        assert!(ours("not UTF-8: its file changed too"), "{notices:?}");
        assert!(
            ours("ranges off its text: its file changed too"),
            "{notices:?}"
        );
    }
}
