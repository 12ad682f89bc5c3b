//! The document and entity model every stage shares.
//!
//! Offsets are byte offsets, end exclusive. Inside docent they index [`Document::text`]; the
//! [`SourceMap`] turns them into offsets into the source file as it is on disk (identical for
//! plain text and Markdown that decoded cleanly; for HTML, lossily decoded or UTF-16 files, the map
//! carries the difference; for records inside JSON files they index the decoded text field).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod chunked;
mod documents;
mod entities;
mod mentions;
mod text;
pub use chunked::{ChunkSource, Chunkable, Chunked};
pub use documents::{DocSource, Documents, CHUNK as DOC_CHUNK};
pub use entities::CHUNK as ENTITY_CHUNK;
pub use entities::{placeholder as entity_placeholder, Entities, EntityRow, EntitySource};
pub use mentions::{MentionSource, MentionTable, Mentions};
pub(crate) use text::keep_notice;
pub use text::{text_notices, text_notices_since, DocText, TextSource};

/// Index of a document in [`Corpus::documents`].
pub type DocId = usize;

/// What an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Place,
    Organization,
    Date,
}

/// Everything docent says about one entity kind, in one row: the single table that the
/// extractor, the cache, the command line, the theme and the lists all read. Adding a kind is
/// one row here (and its colour in the themes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindInfo {
    pub kind: EntityKind,
    /// Lowercase name: ids, JSON, the command line, theme and configuration keys.
    pub name: &'static str,
    /// Heading of its group in lists.
    pub plural: &'static str,
    /// A three-letter tag (palette, search output).
    pub tag: &'static str,
    /// Its byte in the index cache (never 0, never reused).
    pub cache_code: u8,
}

/// The kinds, in the order lists show them.
pub const KINDS: [KindInfo; 4] = [
    KindInfo {
        kind: EntityKind::Person,
        name: "person",
        plural: "People",
        tag: "PER",
        cache_code: 1,
    },
    KindInfo {
        kind: EntityKind::Place,
        name: "place",
        plural: "Places",
        tag: "PLC",
        cache_code: 2,
    },
    KindInfo {
        kind: EntityKind::Organization,
        name: "organization",
        plural: "Organizations",
        tag: "ORG",
        cache_code: 3,
    },
    KindInfo {
        kind: EntityKind::Date,
        name: "date",
        plural: "Dates",
        tag: "DAT",
        cache_code: 4,
    },
];

impl EntityKind {
    pub const ALL: [EntityKind; 4] = [
        EntityKind::Person,
        EntityKind::Place,
        EntityKind::Organization,
        EntityKind::Date,
    ];

    /// Its row of [`KINDS`].
    pub fn info(self) -> &'static KindInfo {
        &KINDS[self.index()]
    }

    /// Its position in [`KINDS`] (and [`EntityKind::ALL`]): for per-kind arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The lowercase name used in ids, JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        self.info().name
    }

    /// Plural heading for lists ("People", "Places", ...).
    pub fn plural(self) -> &'static str {
        self.info().plural
    }

    /// A short tag ("PER", "PLC", ...).
    pub fn tag(self) -> &'static str {
        self.info().tag
    }

    /// The kind named `name` (as [`EntityKind::as_str`] gives it).
    pub fn from_name(name: &str) -> Option<EntityKind> {
        KINDS.iter().find(|k| k.name == name).map(|k| k.kind)
    }

    /// The kind stored as `code` in the index cache.
    pub fn from_cache_code(code: u8) -> Option<EntityKind> {
        KINDS.iter().find(|k| k.cache_code == code).map(|k| k.kind)
    }
}

#[cfg(test)]
mod kind_table_tests {
    use super::*;

    #[test]
    fn the_table_is_in_kind_order_and_codes_round_trip() {
        for (i, k) in EntityKind::ALL.iter().enumerate() {
            assert_eq!(KINDS[i].kind, *k);
            assert_eq!(k.index(), i);
            assert_eq!(EntityKind::from_name(k.as_str()), Some(*k));
            assert_eq!(EntityKind::from_cache_code(k.info().cache_code), Some(*k));
        }
        assert_eq!(EntityKind::from_cache_code(0), None);
        assert_eq!(EntityKind::from_name("People"), None);
    }
}

/// The format a document was read from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Text,
    Markdown,
    Html,
    Json,
    Jsonl,
    Pdf,
    Docx,
    Odt,
    Epub,
    Email,
    Rtf,
}

impl Format {
    /// True when offsets index the document's text rather than the source file's bytes:
    /// formats whose text is not the file's bytes (JSON records, PDF, office files, e-books,
    /// e-mail).
    pub fn offsets_index_text(self) -> bool {
        !matches!(self, Format::Text | Format::Markdown | Format::Html)
    }
}

/// Maps offsets in a document's decoded text back to offsets in its source.
///
/// A sorted list of breakpoints `(text_offset, source_offset)`; between two breakpoints the
/// mapping is linear. Empty means identity.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    points: Vec<(usize, usize)>,
}

impl SourceMap {
    pub fn identity() -> Self {
        SourceMap { points: Vec::new() }
    }

    pub fn is_identity(&self) -> bool {
        self.points.is_empty()
    }

    /// Its breakpoints `(text_offset, source_offset)`, in order (for the document store).
    pub fn points(&self) -> &[(usize, usize)] {
        &self.points
    }

    /// A map of breakpoints as [`SourceMap::points`] gave them; `None` when one goes back
    /// in text order.
    pub fn from_points(points: Vec<(usize, usize)>) -> Option<SourceMap> {
        points
            .windows(2)
            .all(|w| w[0].0 <= w[1].0)
            .then_some(SourceMap { points })
    }

    /// Adds a breakpoint; callers push them in increasing text order.
    pub fn push(&mut self, text_offset: usize, source_offset: usize) {
        if let Some(&(t, s)) = self.points.last() {
            // Skip points the linear mapping already implies.
            if text_offset >= t && source_offset >= s && text_offset - t == source_offset - s {
                return;
            }
            if text_offset <= t {
                self.points.pop();
            }
        }
        self.points.push((text_offset, source_offset));
    }

    /// The map of `self` followed by `inner`: `self` maps text to an intermediate text (e.g.
    /// decoded HTML), `inner` maps that to source bytes. `text_len` bounds the last segment.
    pub fn then(&self, inner: &SourceMap, text_len: usize) -> SourceMap {
        let identity = [(0, 0)];
        let outer: &[(usize, usize)] = if self.points.is_empty() {
            &identity
        } else {
            &self.points
        };
        let mut out = SourceMap::identity();
        for (i, &(t, s)) in outer.iter().enumerate() {
            let t_end = outer.get(i + 1).map_or(text_len.max(t), |p| p.0);
            let s_end = s + (t_end - t);
            out.push(t, inner.to_source(s));
            let from = inner.points.partition_point(|&(m, _)| m <= s);
            for &(m, src) in inner.points[from..].iter().take_while(|&&(m, _)| m < s_end) {
                out.push(t + (m - s), src);
            }
        }
        out
    }

    /// The source offset of a text offset.
    pub fn to_source(&self, text_offset: usize) -> usize {
        if self.points.is_empty() {
            return text_offset;
        }
        let i = self.points.partition_point(|&(t, _)| t <= text_offset);
        if i == 0 {
            return text_offset;
        }
        let (t, s) = self.points[i - 1];
        s + (text_offset - t)
    }
}

/// One document: a file, one record of a JSON / JSON Lines file, one e-mail message, one
/// attachment, or one member of an archive.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub id: DocId,
    /// The path as given on the command line (joined with the walked part for folders).
    pub path: String,
    /// For records of JSON / JSON Lines files: the record's index in its file.
    pub record: Option<usize>,
    pub format: Format,
    pub title: String,
    pub date: Option<NaiveDate>,
    /// True when `date` was inferred from the text rather than given.
    pub date_inferred: bool,
    pub url: Option<String>,
    /// The decoded text. For plain text this is the whole file, date header included. Owned
    /// when read from a file, borrowed from the document store's map on a warm open (checked
    /// on first use): see [`DocText`].
    pub text: DocText,
    /// Where the content starts in `text`: after a ` date YYYY-MM-DD ` header or front matter.
    /// Analysis looks at `text[body_start..]` only.
    pub body_start: usize,
    pub source_map: SourceMap,
    /// Ranges of `text` shown to the reader but not analysed (code in Markdown), sorted.
    pub quiet: Vec<std::ops::Range<usize>>,
    /// For paged formats (PDF): each page's range of `text`, in order. Empty otherwise.
    pub pages: Vec<std::ops::Range<usize>>,
    /// Header fields shown with the document, as (name, value): an e-mail's `From`, `To`, `Cc`,
    /// an office file's author. Analysed as part of nothing; for display and export.
    pub fields: Vec<(String, String)>,
    /// For a document inside another (an e-mail's attachment): the container document's path.
    pub parent: Option<String>,
}

impl Document {
    /// The analysed content.
    pub fn body(&self) -> &str {
        self.text.get(self.body_start..).unwrap_or("")
    }

    /// The body as the analyser sees it: [`Document::body`] with the quiet ranges blanked out
    /// (same length, so offsets hold).
    pub fn analysed_body(&self) -> std::borrow::Cow<'_, str> {
        let body = self.body();
        if self.quiet.is_empty() {
            return std::borrow::Cow::Borrowed(body);
        }
        let mut out = String::with_capacity(body.len());
        let mut at = 0;
        for r in &self.quiet {
            let (Some(s), Some(e)) = (
                r.start.checked_sub(self.body_start),
                r.end.checked_sub(self.body_start),
            ) else {
                continue;
            };
            let (s, e) = (s.max(at).min(body.len()), e.min(body.len()));
            if s >= e || !body.is_char_boundary(s) || !body.is_char_boundary(e) {
                continue;
            }
            out.push_str(&body[at..s]);
            for c in body[s..e].chars() {
                if c == '\n' {
                    out.push('\n');
                } else {
                    out.extend(std::iter::repeat_n(' ', c.len_utf8()));
                }
            }
            at = e;
        }
        out.push_str(&body[at..]);
        std::borrow::Cow::Owned(out)
    }

    /// The page (0-based) holding a text offset, for paged formats.
    pub fn page_of(&self, text_offset: usize) -> Option<usize> {
        let i = self.pages.partition_point(|r| r.end <= text_offset);
        self.pages
            .get(i)
            .filter(|r| r.start <= text_offset)
            .map(|_| i)
    }

    /// For paged documents (PDF, whose pages are joined by a blank line): when `line` (a line
    /// of the text, newline excluded) is the blank line between two pages, the page (0-based)
    /// it leads into. The reader draws a page rule there; the text and its offsets stay as
    /// they are.
    pub fn page_break_at(&self, line: std::ops::Range<usize>) -> Option<usize> {
        if !line.is_empty() || line.start == 0 {
            return None;
        }
        let k = self.pages.partition_point(|r| r.end + 1 < line.start);
        let page = self.pages.get(k)?;
        let next = self.pages.get(k + 1)?;
        (page.end + 1 == line.start && line.start < next.start).then_some(k + 1)
    }

    /// For e-mail messages: the ranges of the `From:`, `To:`, `Cc:`, `Date:` and `Subject:`
    /// labels of the header lines that head the text (the reader draws them apart from the
    /// values). Empty for other formats.
    pub fn header_labels(&self) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        if self.format != Format::Email {
            return out;
        }
        let mut at = 0;
        for line in self.text.split_inclusive('\n') {
            let Some(label) = ["From:", "To:", "Cc:", "Date:", "Subject:"]
                .iter()
                .find(|k| line.starts_with(**k))
            else {
                break;
            };
            out.push(at..at + label.len());
            at += line.len();
        }
        out
    }

    /// Source offset of a text offset (see [`SourceMap`]).
    pub fn source_offset(&self, text_offset: usize) -> usize {
        self.source_map.to_source(text_offset)
    }

    /// File name without folders, for compact display.
    pub fn file_name(&self) -> &str {
        self.path.rsplit(['/', '\\']).next().unwrap_or(&self.path)
    }
}

/// One occurrence of an entity: a byte span of a document's text. Twelve bytes (a corpus
/// holds millions): documents and offsets past 4 Gi are not represented, which the loader's
/// file size limit keeps far away. `repr(C)`: three `u32`s, no padding, any bits valid — the
/// document store's postings are read in place as these (on little-endian machines).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Mention {
    pub doc: u32,
    pub start: u32,
    pub end: u32,
}

impl Mention {
    /// A mention, or `None` when a number does not fit in 32 bits.
    pub fn new(doc: usize, start: usize, end: usize) -> Option<Mention> {
        Some(Mention {
            doc: u32::try_from(doc).ok()?,
            start: u32::try_from(start).ok()?,
            end: u32::try_from(end).ok()?,
        })
    }
    /// The document's index in [`Corpus::documents`].
    pub fn doc(&self) -> usize {
        self.doc as usize
    }
    pub fn start(&self) -> usize {
        self.start as usize
    }
    pub fn end(&self) -> usize {
        self.end as usize
    }
    /// The byte range in the document's text.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    /// The mention as files hold it: (document, start, end), little-endian.
    pub(crate) fn to_le_bytes(self) -> [u8; 12] {
        let mut b = [0u8; 12];
        for (i, v) in [self.doc, self.start, self.end].into_iter().enumerate() {
            b[4 * i..4 * i + 4].copy_from_slice(&v.to_le_bytes());
        }
        b
    }

    /// The mentions' bytes as files hold them ([`Mention::to_le_bytes`], one after another)
    /// taken in place; `None` on a big-endian machine, where they are not those bytes.
    pub(crate) fn slice_as_le_bytes(ms: &[Mention]) -> Option<&[u8]> {
        // SAFETY: `Mention` is `repr(C)`, three `u32`s: 12 bytes, no padding, so every byte of
        // the slice is initialized; on a little-endian machine they are the bytes
        // `to_le_bytes` gives.
        cfg!(target_endian = "little").then(|| unsafe {
            std::slice::from_raw_parts(ms.as_ptr().cast::<u8>(), std::mem::size_of_val(ms))
        })
    }
}

/// One real-world thing and every mention of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Stable id, `kind:slug` (e.g. `person:ana-torres`, `date:2021-11-21`).
    pub id: String,
    pub kind: EntityKind,
    /// Display name: the most complete form seen, accented spelling preferred.
    pub name: String,
    /// For dates: the normalized ISO value (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-Www`), or
    /// `None` when it cannot be resolved.
    pub value: Option<String>,
    /// Other surface forms seen.
    pub aliases: Vec<String>,
    /// Sorted by document, then start. Owned, or read in place from the document store's
    /// postings on a warm open: see [`Mentions`].
    pub mentions: Mentions,
}

impl Entity {
    /// Number of distinct documents the entity is mentioned in (without reading stored
    /// postings).
    pub fn doc_count(&self) -> usize {
        self.mentions.doc_count()
    }
}

/// A message about something skipped or repaired while loading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub path: String,
    pub message: String,
}

/// Why a notice was given, in the order lists show them: (what the group is called, what its
/// message contains). The first match wins; anything else is "other". Kept beside
/// [`Notice`] so a new message is classified where it is written; `tests/notices.rs` loads
/// real failing inputs and checks none falls under "other".
pub const NOTICE_REASONS: &[(&str, &[&str])] = &[
    ("skipped as binary", &["binary content"]),
    (
        "too large",
        &["byte limit", "member limit", "over its limit", ":1 limit"],
    ),
    ("unsupported file type", &["unsupported file type"]),
    ("empty", &["empty document", "is empty, skipped"]),
    (
        "malformed record",
        &[
            "malformed JSON",
            "not an object",
            "no text field",
            "neither an object",
            "message ",
        ],
    ),
    ("decoded lossily", &["decoded lossily"]),
    ("legacy encoding", &["not UTF-8: decoded as"]),
    ("encrypted or scanned", &["encrypted PDF", "no text layer"]),
    (
        "damaged or not what its name says",
        &[
            "damaged",
            "not a readable",
            "not a PDF",
            "not an RTF",
            "could not be read",
            "not an e-mail",
            "not an mbox",
            "not a DOCX",
            "not an ODT",
            "no messages",
            "cannot unpack",
            "cannot be parsed",
            "not a tar",
            "content.xml",
            "document.xml",
        ],
    ),
    ("unreadable", &["cannot read", "cannot list"]),
    ("index cache", &["index cache"]),
    ("corrections", &["correction"]),
];

impl Notice {
    /// The group of [`NOTICE_REASONS`] this notice falls under ("other" when none).
    pub fn reason(&self) -> &'static str {
        NOTICE_REASONS
            .iter()
            .find(|(_, keys)| keys.iter().any(|k| self.message.contains(k)))
            .map_or("other", |(name, _)| name)
    }
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Everything loaded and analysed.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    /// Shared, never copied: a corrected corpus reuses its texts (see `tui::app`'s corrections).
    /// Owned after a cold open, decoded from the document store a chunk at a time on a warm
    /// one: see [`Documents`].
    pub documents: Documents,
    /// Owned after a cold open or a correction, decoded from the document store a chunk at a
    /// time on a warm one: see [`Entities`].
    pub entities: Entities,
    pub notices: Vec<Notice>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_map_identity_and_breakpoints() {
        let mut m = SourceMap::identity();
        assert_eq!(m.to_source(7), 7);
        m.push(0, 10);
        m.push(5, 15); // implied by the first point: dropped
        m.push(8, 30);
        assert_eq!(m.to_source(0), 10);
        assert_eq!(m.to_source(6), 16);
        assert_eq!(m.to_source(9), 31);
    }

    #[test]
    fn composed_maps_keep_inner_breakpoints() {
        // text "ab" comes from intermediate offsets 10.. ; the intermediate has a 3-byte
        // replacement char at 11 standing for 1 source byte.
        let mut outer = SourceMap::identity();
        outer.push(0, 10);
        let mut inner = SourceMap::identity();
        inner.push(11, 11);
        inner.push(14, 12);
        let m = outer.then(&inner, 5);
        assert_eq!(m.to_source(0), 10);
        assert_eq!(m.to_source(1), 11);
        assert_eq!(m.to_source(4), 12);
    }

    #[test]
    fn page_breaks_are_the_blank_lines_between_pages() {
        // Pages "One", "" (empty) and "Three", joined by blank lines.
        let d = Document {
            text: "One\n\n\n\nThree".into(),
            pages: vec![0..3, 5..5, 7..12],
            ..Default::default()
        };
        let marks: Vec<Option<usize>> = [0..3, 4..4, 5..5, 6..6, 7..12]
            .into_iter()
            .map(|l| d.page_break_at(l))
            .collect();
        assert_eq!(marks, [None, Some(1), None, Some(2), None]);
        assert_eq!(d.page_break_at(0..0), None);
        let plain = Document {
            text: "a\n\nb".into(),
            ..Default::default()
        };
        assert_eq!(plain.page_break_at(2..2), None);
    }

    #[test]
    fn header_labels_are_the_e_mail_header_lines() {
        let mut d = Document {
            format: Format::Email,
            text: "From: A <a@b>\nSubject: Hi\n\nTo: not a header\n".into(),
            ..Default::default()
        };
        assert_eq!(d.header_labels(), [0..5, 14..22]);
        d.format = Format::Text;
        assert!(d.header_labels().is_empty());
    }

    #[test]
    fn doc_count_counts_distinct_documents() {
        let e = Entity {
            id: "person:x".into(),
            kind: EntityKind::Person,
            name: "X".into(),
            value: None,
            aliases: vec![],
            mentions: vec![
                Mention {
                    doc: 0,
                    start: 0,
                    end: 1,
                },
                Mention {
                    doc: 0,
                    start: 5,
                    end: 6,
                },
                Mention {
                    doc: 2,
                    start: 0,
                    end: 1,
                },
            ]
            .into(),
        };
        assert_eq!(e.doc_count(), 2);
    }
}
