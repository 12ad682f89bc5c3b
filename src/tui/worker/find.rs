//! The reader's search across documents: which documents have a hit for the reader's `/`
//! query, so `n` past the open document's last hit (or `N` before its first) goes on to the
//! next (or previous) document with one.
//!
//! A hit is what the reader marks in a document ([`crate::text::find_all`]: folded, smart
//! case, every occurrence). Up to [`DIRECT_BYTES`] of text in all, every document is read
//! (exact). Above, the word index (the one the palette and `docent search` share) names the
//! documents where the query's words begin words (`/varn` finds "Varnholt", not a word with
//! "varn" inside it; several words as a phrase on one line), and each of those is checked
//! for a hit as the reader marks them; while the index is being built the answer is that it
//! is, and the app asks again when it is ready ([`super::JobResult::WordsReady`]).

use super::{JobResult, WorkerCore};
use crate::model::Document;
use crate::textindex::{TextQuery, TextTerm};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Up to this many bytes of text in all, the documents with a hit are found by reading every
/// text (1.4 s for the 47.7 MB bench corpus on this machine under load, so about 0.5 s for
/// 16 MB); above, through the word index.
pub const DIRECT_BYTES: usize = 16 << 20;

/// Where the reader's search starts in `d`: its body (a title line repeated above it is not
/// searched), or the whole text when the body's start is no char boundary.
pub fn search_from(d: &Document) -> usize {
    if d.text.is_char_boundary(d.body_start) {
        d.body_start
    } else {
        0
    }
}

/// The byte offset where line `line` (0-based) of `text` starts; the text's end past its last.
fn line_start(text: &str, line: usize) -> usize {
    match line.checked_sub(1) {
        None => 0,
        Some(k) => text
            .match_indices('\n')
            .nth(k)
            .map_or(text.len(), |(i, _)| i + 1),
    }
}

/// True when document `d` has a hit for `query` as the reader marks them.
pub fn has_hit(d: &Document, query: &str) -> bool {
    !crate::text::find_all(&d.text, search_from(d), query, 1).is_empty()
}

/// The word-index query naming every document where `query`'s words begin words: one word a
/// prefix, several a phrase (the last one a prefix). `None` when it has no word.
pub fn index_query(query: &str) -> Option<TextQuery> {
    let mut ws: Vec<String> = crate::textindex::words(query).collect();
    let term = match ws.len() {
        0 => return None,
        1 => TextTerm::Prefix(ws.pop()?),
        _ => TextTerm::Phrase(ws),
    };
    Some(TextQuery { terms: vec![term] })
}

impl WorkerCore {
    /// Bytes of text in the corpus (summed once).
    pub(super) fn text_bytes(&mut self) -> usize {
        let corpus = &self.corpus;
        *self
            .text_bytes
            .get_or_insert_with(|| corpus.documents.text_bytes())
    }

    /// The documents with a hit for `query`, ascending; `Err` says why they cannot be named
    /// yet (the word index being built) or at all. `None` when cancelled.
    pub fn documents_with_hits(
        &mut self,
        query: &str,
        cancel: &AtomicBool,
    ) -> Option<Result<Vec<u32>, String>> {
        let corpus = Arc::clone(&self.corpus);
        let docs = &corpus.documents;
        if self.text_bytes() <= self.words.direct_bytes {
            let mut out = Vec::new();
            for (i, doc) in docs.iter().enumerate() {
                if i % 64 == 0 && cancel.load(Ordering::Relaxed) {
                    return None;
                }
                if has_hit(doc, query) {
                    out.push(u32::try_from(i).ok()?);
                }
            }
            return Some(Ok(out));
        }
        let Some(tq) = index_query(query) else {
            return Some(Err(
                "other documents: only letters and digits are looked up in the word index".into(),
            ));
        };
        let ix = match self.word_index() {
            Ok(ix) => ix,
            Err(why) => return Some(Err(format!("other documents: {why}"))),
        };
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let firsts = match ix.first_lines(&tq) {
            Ok(l) => l,
            Err(e) => return Some(Err(format!("other documents: {e}"))),
        };
        // Each named document is checked from the first line the index found (where the hit
        // nearly always is), and whole only when that line has none.
        let mut out = Vec::new();
        for (i, r) in firsts.iter().enumerate() {
            if i % 64 == 0 && cancel.load(Ordering::Relaxed) {
                return None;
            }
            let Some(d) = docs.get(r.doc) else { continue };
            let from = line_start(&d.text, r.line).max(search_from(d));
            let hit =
                !crate::text::find_all(&d.text, from, query, 1).is_empty() || has_hit(d, query);
            if hit {
                out.push(u32::try_from(r.doc).ok()?);
            }
        }
        Some(Ok(out))
    }

    /// The job: the documents with a hit, or why not (yet).
    pub(super) fn find_docs(
        &mut self,
        generation: u64,
        query: &str,
        cancel: &AtomicBool,
    ) -> Option<JobResult> {
        let found = self.documents_with_hits(query, cancel)?;
        Some(match found {
            Ok(docs) => JobResult::FindDocs {
                generation,
                docs: Some(Arc::new(docs)),
                note: None,
            },
            Err(note) => JobResult::FindDocs {
                generation,
                docs: None,
                note: Some(note),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Corpus;
    use crate::tui::worker::Words;

    fn corpus(texts: &[&str]) -> Arc<Corpus> {
        let documents: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Document {
                id: i,
                path: format!("d/{i}.txt"),
                title: format!("Doc {i}"),
                text: (*t).into(),
                ..Default::default()
            })
            .collect();
        Arc::new(Corpus {
            documents: documents.into(),
            entities: Vec::new().into(),
            notices: Vec::new(),
        })
    }

    const TEXTS: [&str; 6] = [
        "Nothing here.",
        "The minister met Tomás Varnholt on Monday.",
        "A report about the weather.",
        "VARNHOLT in capitals, then tomas  varnholt with two spaces.",
        "Łódź and Straße.",
        "Varnholt again: tomas varnholt.",
    ];

    fn found(core: &mut WorkerCore, q: &str) -> Vec<u32> {
        match core.documents_with_hits(q, &AtomicBool::new(false)) {
            Some(Ok(d)) => d,
            other => panic!("{q}: {other:?}"),
        }
    }

    #[test]
    fn reading_every_text_finds_what_the_reader_marks() {
        let mut core = WorkerCore::new(corpus(&TEXTS));
        assert_eq!(found(&mut core, "varnholt"), [1, 3, 5]);
        // Smart case: an upper-case letter keeps case.
        assert_eq!(found(&mut core, "Varnholt"), [1, 5]);
        assert_eq!(found(&mut core, "tomas varnholt"), [1, 5]);
        // Folded: accents and ß.
        assert_eq!(found(&mut core, "lodz"), [4]);
        assert_eq!(found(&mut core, "strasse"), [4]);
        // Inside a word too, as in the document.
        assert_eq!(found(&mut core, "port"), [2]);
        assert!(found(&mut core, "absent").is_empty());
    }

    #[test]
    fn through_the_word_index_documents_are_named_by_word_starts_and_checked() {
        let dir = tempfile::tempdir().expect("tmp");
        let words =
            Words::new(usize::MAX, Some((dir.path().join("w"), "k".into()))).with_direct_bytes(0);
        let mut core = WorkerCore::new(corpus(&TEXTS)).with_words(words);
        assert_eq!(found(&mut core, "varnholt"), [1, 3, 5]);
        assert_eq!(found(&mut core, "varn"), [1, 3, 5]);
        // The index names 3 too (case folded); the check keeps case as the reader does.
        assert_eq!(found(&mut core, "Varnholt"), [1, 5]);
        // A phrase; two spaces between the words are no hit for one space.
        assert_eq!(found(&mut core, "tomas varnholt"), [1, 5]);
        assert_eq!(found(&mut core, "lodz"), [4]);
        // Inside a word: not through the index (documented).
        assert!(found(&mut core, "port").is_empty());
        // No word to look up: said, not scanned.
        let r = core.documents_with_hits("…", &AtomicBool::new(false));
        assert!(
            matches!(r, Some(Err(ref m)) if m.contains("letters and digits")),
            "{r:?}"
        );
        // Cancelled: no answer.
        assert!(core
            .documents_with_hits("varnholt", &AtomicBool::new(true))
            .is_none());
    }

    #[test]
    fn lines_start_after_their_newline() {
        let t = "ab\ncd\n\nef";
        assert_eq!(line_start(t, 0), 0);
        assert_eq!(line_start(t, 1), 3);
        assert_eq!(line_start(t, 2), 6);
        assert_eq!(line_start(t, 3), 7);
        assert_eq!(line_start(t, 9), t.len());
    }

    #[test]
    fn index_queries_are_prefixes_and_phrases() {
        assert_eq!(
            index_query("Varn"),
            Some(TextQuery {
                terms: vec![TextTerm::Prefix("varn".into())]
            })
        );
        assert_eq!(
            index_query("don't stop"),
            Some(TextQuery {
                terms: vec![TextTerm::Phrase(vec![
                    "don".into(),
                    "t".into(),
                    "stop".into()
                ])]
            })
        );
        assert_eq!(index_query(" -- "), None);
    }
}
