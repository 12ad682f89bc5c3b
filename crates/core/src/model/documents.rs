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
//! [`Documents`] is a cheap handle (cloning it shares the documents) read as a slice is:
//! [`Documents::len`], indexing, [`Documents::get`], [`Documents::iter`].

use super::Document;
use std::sync::{Arc, OnceLock};

/// How many documents a stored chunk holds.
pub const CHUNK: usize = 256;

/// Where stored documents come from: the document store implements it.
pub trait DocSource: Send + Sync {
    /// How many documents there are.
    fn count(&self) -> usize;
    /// Chunk `k`'s documents (`CHUNK` of them, fewer for the last), checked; when they fail,
    /// placeholders (the source gives the notice and removes the store). Always the right
    /// number of documents, each with its `id`.
    fn chunk(&self, k: usize) -> Vec<Document>;
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

/// The corpus's documents (see the module documentation).
#[derive(Clone, Default)]
pub struct Documents(Arc<Repr>);

#[derive(Clone)]
enum Repr {
    Owned(Vec<Document>),
    Stored {
        source: Arc<dyn DocSource>,
        len: usize,
        chunks: Box<[OnceLock<Box<[Document]>>]>,
    },
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Owned(Vec::new())
    }
}

impl From<Vec<Document>> for Documents {
    fn from(v: Vec<Document>) -> Self {
        Documents(Arc::new(Repr::Owned(v)))
    }
}

impl std::fmt::Debug for Documents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &*self.0 {
            Repr::Owned(v) => f.debug_list().entries(v).finish(),
            Repr::Stored { len, chunks, .. } => f
                .debug_struct("Documents::Stored")
                .field("len", len)
                .field(
                    "decoded_chunks",
                    &chunks.iter().filter(|c| c.get().is_some()).count(),
                )
                .finish(),
        }
    }
}

impl Documents {
    /// The documents `source` lends, none decoded yet.
    pub fn stored(source: Arc<dyn DocSource>) -> Documents {
        let len = source.count();
        let chunks = (0..len.div_ceil(CHUNK)).map(|_| OnceLock::new()).collect();
        Documents(Arc::new(Repr::Stored {
            source,
            len,
            chunks,
        }))
    }

    pub fn len(&self) -> usize {
        match &*self.0 {
            Repr::Owned(v) => v.len(),
            Repr::Stored { len, .. } => *len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Document `i` (decoding its chunk on first use).
    pub fn get(&self, i: usize) -> Option<&Document> {
        match &*self.0 {
            Repr::Owned(v) => v.get(i),
            Repr::Stored {
                source,
                len,
                chunks,
            } => {
                if i >= *len {
                    return None;
                }
                let k = i / CHUNK;
                let chunk = chunks.get(k)?.get_or_init(|| {
                    let want = CHUNK.min(len - k * CHUNK);
                    let mut docs = source.chunk(k);
                    // A source that gave the wrong number is padded or cut, so indexing holds.
                    docs.truncate(want);
                    while docs.len() < want {
                        let id = k * CHUNK + docs.len();
                        docs.push(Document {
                            id,
                            path: format!("document {id}"),
                            ..Default::default()
                        });
                    }
                    docs.into_boxed_slice()
                });
                chunk.get(i % CHUNK)
            }
        }
    }

    /// Every document in order (decoding each chunk as it is reached).
    pub fn iter(
        &self,
    ) -> impl DoubleEndedIterator<Item = &Document> + ExactSizeIterator + Clone + '_ {
        (0..self.len()).map(move |i| &self[i])
    }

    /// The documents as a slice, when they are owned (a cold open, a test).
    pub fn as_owned(&self) -> Option<&[Document]> {
        match &*self.0 {
            Repr::Owned(v) => Some(v),
            Repr::Stored { .. } => None,
        }
    }

    /// Are they decoded from the document store on demand?
    pub fn is_stored(&self) -> bool {
        matches!(&*self.0, Repr::Stored { .. })
    }

    /// How many stored chunks have been decoded (0 for owned documents): for tests and the
    /// benchmark, which check that a first frame decodes only what it shows.
    pub fn decoded_chunks(&self) -> usize {
        match &*self.0 {
            Repr::Owned(_) => 0,
            Repr::Stored { chunks, .. } => chunks.iter().filter(|c| c.get().is_some()).count(),
        }
    }

    /// The least and the greatest document path (byte order) when the store gives them without
    /// decoding the documents (`None` for owned documents: read them).
    pub fn path_bounds(&self) -> Option<(&str, &str)> {
        match &*self.0 {
            Repr::Owned(_) => None,
            Repr::Stored { source, .. } => source.path_bounds(),
        }
    }

    /// The bytes of every text together: from the store without decoding a document when
    /// they are stored (the size of its text section), else summed.
    pub fn text_bytes(&self) -> usize {
        match &*self.0 {
            Repr::Owned(v) => v.iter().map(|d| d.text.len()).sum(),
            Repr::Stored { source, .. } => source
                .text_bytes()
                .unwrap_or_else(|| self.iter().map(|d| d.text.len()).sum()),
        }
    }

    /// Are `a` and `b` the same documents (one shared list)?
    pub fn ptr_eq(a: &Documents, b: &Documents) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }

    /// The documents to change, as an owned list: copied first when shared or stored.
    pub fn make_mut(&mut self) -> &mut Vec<Document> {
        if !matches!(&*self.0, Repr::Owned(_)) {
            self.0 = Arc::new(Repr::Owned(self.to_vec()));
        }
        match Arc::make_mut(&mut self.0) {
            Repr::Owned(v) => v,
            // Made owned just above.
            Repr::Stored { .. } => unreachable!("stored documents were made owned"),
        }
    }

    /// Every document as an owned list (cloning them).
    pub fn to_vec(&self) -> Vec<Document> {
        self.iter().cloned().collect()
    }
}

/// An empty document stands in for an index past the end, so `docs[i]` never panics on a bad
/// number read from a file; callers check `len()` for meaning.
static EMPTY: OnceLock<Document> = OnceLock::new();

impl std::ops::Index<usize> for Documents {
    type Output = Document;
    fn index(&self, i: usize) -> &Document {
        self.get(i)
            .unwrap_or_else(|| EMPTY.get_or_init(Document::default))
    }
}

impl<'a> IntoIterator for &'a Documents {
    type Item = &'a Document;
    type IntoIter = Box<dyn Iterator<Item = &'a Document> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    struct Counting {
        n: usize,
        calls: AtomicUsize,
        short: bool,
    }

    impl DocSource for Counting {
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
