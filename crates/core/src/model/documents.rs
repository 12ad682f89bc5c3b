//! The corpus's documents: owned (read from files now) or stored (decoded from the memory-mapped
//! document store a chunk at a time, on first use).
//!
//! A warm open from the document store ([`crate::cache::docstore`]) decodes no document: the
//! store lends them through a [`DocSource`], in chunks of [`CHUNK`] documents; the first read
//! of any document of a chunk decodes (and checks) that chunk, which is then kept. A chunk that
//! fails its check gives placeholder documents (an empty text, a path saying where they were)
//! with a [`super::Notice`] kept for [`super::text_notices`], and the store is removed so the
//! next open rebuilds it: never a panic.
//!
//! [`Documents`] is a [`Chunked`] list: a cheap handle (cloning it shares the documents) read
//! as a slice is.

use super::chunked::{ChunkSource, Chunkable, Chunked};
use super::Document;
use std::sync::OnceLock;

/// How many documents a stored chunk holds.
pub const CHUNK: usize = 256;

/// Where stored documents come from: the document store implements it (with
/// [`ChunkSource`]'s `count` and `chunk`: each document with its `id`).
pub trait DocSource: ChunkSource<Document> {
    /// The least and the greatest of the documents' paths (byte order), when known without
    /// decoding them: what every path shares is what these two share.
    fn path_bounds(&self) -> Option<(&str, &str)> {
        None
    }
    /// The bytes of all their texts together, when known without decoding them.
    fn text_bytes(&self) -> Option<usize> {
        None
    }
}

impl Chunkable for Document {
    const CHUNK: usize = CHUNK;
    fn placeholder(id: usize) -> Self {
        Document {
            id,
            path: format!("document {id}"),
            ..Default::default()
        }
    }
    fn empty() -> &'static Self {
        static EMPTY: OnceLock<Document> = OnceLock::new();
        EMPTY.get_or_init(Document::default)
    }
}

/// The corpus's documents (see the module documentation).
pub type Documents = Chunked<Document, dyn DocSource>;

impl Documents {
    /// The least and the greatest document path (byte order) when the store gives them without
    /// decoding the documents (`None` for owned documents: read them).
    pub fn path_bounds(&self) -> Option<(&str, &str)> {
        self.source().and_then(|s| s.path_bounds())
    }

    /// The bytes of every text together: from the store without decoding a document when
    /// they are stored (the size of its text section), else summed.
    pub fn text_bytes(&self) -> usize {
        self.source()
            .and_then(|s| s.text_bytes())
            .unwrap_or_else(|| self.iter().map(|d| d.text.len()).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    use std::sync::Arc;

    struct Counting {
        n: usize,
        calls: AtomicUsize,
        short: bool,
    }

    impl DocSource for Counting {}

    impl ChunkSource<Document> for Counting {
        fn count(&self) -> usize {
            self.n
        }
        fn chunk(&self, k: usize) -> Vec<Document> {
            self.calls.fetch_add(1, Relaxed);
            let end = ((k + 1) * CHUNK).min(self.n) - usize::from(self.short);
            (k * CHUNK..end)
                .map(|id| Document {
                    id,
                    path: format!("p{id}"),
                    ..Default::default()
                })
                .collect()
        }
    }

    #[test]
    fn stored_documents_decode_only_the_chunks_read() {
        let src = Arc::new(Counting {
            n: 3 * CHUNK + 5,
            calls: AtomicUsize::new(0),
            short: false,
        });
        let docs = Documents::stored(src.clone());
        assert_eq!(docs.len(), 3 * CHUNK + 5);
        assert_eq!(docs.decoded_chunks(), 0);
        assert_eq!(docs[CHUNK + 3].path, format!("p{}", CHUNK + 3));
        assert_eq!(docs[CHUNK + 4].id, CHUNK + 4);
        assert_eq!(docs.decoded_chunks(), 1);
        assert_eq!(src.calls.load(Relaxed), 1);
        // No total known to this source: summed, decoding every chunk.
        assert_eq!(docs.text_bytes(), 0);
        assert!(docs.get(3 * CHUNK + 5).is_none());
        assert_eq!(docs.iter().count(), 3 * CHUNK + 5);
        assert_eq!(docs.iter().next_back().map(|d| d.id), Some(3 * CHUNK + 4));
        assert_eq!(src.calls.load(Relaxed), 4);
        let owned: Documents = vec![Document {
            text: "four".into(),
            ..Default::default()
        }]
        .into();
        assert_eq!(owned.text_bytes(), 4);
    }

    #[test]
    fn a_pass_from_an_item_on_gives_the_same_items_and_keeps_none_decoded() {
        let src = Arc::new(Counting {
            n: 3 * CHUNK + 5,
            calls: AtomicUsize::new(0),
            short: false,
        });
        let docs = Documents::stored(src.clone());
        let owned: Documents = Documents::stored(src.clone()).to_vec().into();
        assert_eq!(docs.decoded_chunks(), 0);
        let from = CHUNK + 7;
        for list in [&docs, &owned] {
            let before = list.decoded_chunks();
            let mut seen = Vec::new();
            list.chunks_passing(from, |base, items| {
                assert_eq!(items.first().map(|d| d.id), Some(base));
                seen.extend(items.iter().map(|d| d.id));
                true
            });
            assert_eq!(seen, (from..3 * CHUNK + 5).collect::<Vec<_>>());
            assert_eq!(list.decoded_chunks(), before);
        }
        // Stopped after the first chunk: the next is not decoded.
        let calls = src.calls.load(Relaxed);
        let fresh = Documents::stored(src.clone());
        let mut chunks = 0;
        fresh.chunks_passing(0, |_, _| {
            chunks += 1;
            false
        });
        assert_eq!((chunks, src.calls.load(Relaxed) - calls), (1, 1));
    }

    #[test]
    fn a_short_chunk_is_padded_and_an_index_past_the_end_is_empty() {
        let docs = Documents::stored(Arc::new(Counting {
            n: 10,
            calls: AtomicUsize::new(0),
            short: true,
        }));
        assert_eq!(docs[9].id, 9);
        assert_eq!(docs[9].path, "document 9");
        assert_eq!(docs[8].path, "p8");
        assert_eq!(docs[10].path, "");
        let owned: Documents = vec![Document::default()].into();
        assert_eq!(owned.len(), 1);
        assert!(owned.as_owned().is_some());
    }
}
