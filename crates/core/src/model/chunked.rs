//! One list type for what a corpus holds either in memory or in the document store: owned (read
//! from files now, analysis, a test) or stored (decoded from the memory-mapped store a chunk at
//! a time, on first use, then kept).
//!
//! [`Chunked`] is a cheap handle (cloning it shares the items) read as a slice is:
//! [`Chunked::len`], indexing, [`Chunked::get`], [`Chunked::iter`]. [`super::Documents`] and
//! [`super::Entities`] are it over their item and source; what only one of them has (a
//! document's path bounds, an entity's stored row) is in its own file. A source that gives a
//! chunk of the wrong length is padded with placeholders or cut, and an index past the end
//! reads an empty item, so a bad number read from a file never panics.

use std::sync::{Arc, OnceLock};

/// An item a [`Chunked`] list holds: how many a stored chunk holds and what stands in for one
/// that could not be read.
pub trait Chunkable: Clone + Send + Sync + 'static {
    /// How many items a stored chunk holds.
    const CHUNK: usize;
    /// A stand-in for item `i` of a chunk that could not be read (a source's short chunk).
    fn placeholder(i: usize) -> Self;
    /// What indexing past the end reads: empty.
    fn empty() -> &'static Self;
}

/// Where stored items come from: the document store implements it for each list.
pub trait ChunkSource<T>: Send + Sync {
    /// How many items there are.
    fn count(&self) -> usize;
    /// Chunk `k`'s items ([`Chunkable::CHUNK`] of them, fewer for the last), checked; when
    /// they fail, placeholders (the source gives the notice and removes the store).
    fn chunk(&self, k: usize) -> Vec<T>;
}

/// A list of `T`, owned or lent by a source `S` (see the module documentation).
pub struct Chunked<T, S: ?Sized>(Arc<Repr<T, S>>);

enum Repr<T, S: ?Sized> {
    Owned(Vec<T>),
    Stored {
        source: Arc<S>,
        len: usize,
        chunks: Box<[OnceLock<Box<[T]>>]>,
    },
}

impl<T: Clone, S: ?Sized> Clone for Repr<T, S> {
    fn clone(&self) -> Self {
        match self {
            Repr::Owned(v) => Repr::Owned(v.clone()),
            Repr::Stored {
                source,
                len,
                chunks,
            } => Repr::Stored {
                source: Arc::clone(source),
                len: *len,
                chunks: chunks.clone(),
            },
        }
    }
}

impl<T, S: ?Sized> Clone for Chunked<T, S> {
    fn clone(&self) -> Self {
        Chunked(Arc::clone(&self.0))
    }
}

impl<T, S: ?Sized> Default for Chunked<T, S> {
    fn default() -> Self {
        Chunked(Arc::new(Repr::Owned(Vec::new())))
    }
}

impl<T, S: ?Sized> From<Vec<T>> for Chunked<T, S> {
    fn from(v: Vec<T>) -> Self {
        Chunked(Arc::new(Repr::Owned(v)))
    }
}

impl<T: std::fmt::Debug, S: ?Sized> std::fmt::Debug for Chunked<T, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &*self.0 {
            Repr::Owned(v) => f.debug_list().entries(v).finish(),
            Repr::Stored { len, .. } => f
                .debug_struct("Stored")
                .field("len", len)
                .field("decoded_chunks", &self.decoded_chunks())
                .finish(),
        }
    }
}

/// Equal when they hold equal items (decoding stored ones).
impl<T: Chunkable + PartialEq, S: ?Sized + ChunkSource<T>> PartialEq for Chunked<T, S> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

impl<T, S: ?Sized> Chunked<T, S> {
    pub fn len(&self) -> usize {
        match &*self.0 {
            Repr::Owned(v) => v.len(),
            Repr::Stored { len, .. } => *len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The items as a slice, when they are owned (a cold open, a test).
    pub fn as_owned(&self) -> Option<&[T]> {
        match &*self.0 {
            Repr::Owned(v) => Some(v),
            Repr::Stored { .. } => None,
        }
    }

    /// Are they decoded from the document store on demand?
    pub fn is_stored(&self) -> bool {
        matches!(&*self.0, Repr::Stored { .. })
    }

    /// The source lending them, when they are stored.
    pub(super) fn source(&self) -> Option<&S> {
        match &*self.0 {
            Repr::Owned(_) => None,
            Repr::Stored { source, .. } => Some(source),
        }
    }

    /// How many stored chunks have been decoded (0 for owned items): for tests and the
    /// benchmark, which check that a first frame decodes only what it shows.
    pub fn decoded_chunks(&self) -> usize {
        match &*self.0 {
            Repr::Owned(_) => 0,
            Repr::Stored { chunks, .. } => chunks.iter().filter(|c| c.get().is_some()).count(),
        }
    }

    /// Are `a` and `b` the same list (one shared handle)?
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

impl<T: Chunkable, S: ?Sized + ChunkSource<T>> Chunked<T, S> {
    /// The items `source` lends, none decoded yet.
    pub fn stored(source: Arc<S>) -> Self {
        let len = source.count();
        let chunks = (0..len.div_ceil(T::CHUNK))
            .map(|_| OnceLock::new())
            .collect();
        Chunked(Arc::new(Repr::Stored {
            source,
            len,
            chunks,
        }))
    }

    /// Item `i` (decoding its chunk on first use).
    pub fn get(&self, i: usize) -> Option<&T> {
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
                let k = i / T::CHUNK;
                let chunk = chunks.get(k)?.get_or_init(|| {
                    let want = T::CHUNK.min(len - k * T::CHUNK);
                    let mut items = source.chunk(k);
                    // A source that gave the wrong number is padded or cut, so indexing holds.
                    items.truncate(want);
                    while items.len() < want {
                        items.push(T::placeholder(k * T::CHUNK + items.len()));
                    }
                    items.into_boxed_slice()
                });
                chunk.get(i % T::CHUNK)
            }
        }
    }

    /// Item `i`, only when it is owned or its chunk is decoded already.
    pub fn decoded(&self, i: usize) -> Option<&T> {
        match &*self.0 {
            Repr::Owned(v) => v.get(i),
            Repr::Stored { chunks, .. } => chunks.get(i / T::CHUNK)?.get()?.get(i % T::CHUNK),
        }
    }

    /// Every item in order (decoding each chunk as it is reached).
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator + Clone + '_ {
        (0..self.len()).map(move |i| &self[i])
    }

    /// Calls `f` with every item in order, a stored chunk not yet decoded decoded for the
    /// call and dropped after it (one decoded already is used as kept): a pass over
    /// everything (the palette's names file written by a cold build) that leaves the list's
    /// memory as it found it.
    pub fn for_each_passing(&self, mut f: impl FnMut(usize, &T)) {
        self.chunks_passing(0, |base, items| {
            items.iter().enumerate().for_each(|(i, t)| f(base + i, t));
            true
        });
    }

    /// [`Chunked::for_each_passing`] a chunk at a time, from item `from` on: `f` gets the
    /// first item's index and the items (all of a chunk but the first, which starts at
    /// `from`), borrowed when owned or kept decoded, else the chunk decoded for the pass
    /// (`f` may keep it a while: the word index's build gives back a few chunks' texts'
    /// pages at once), and stops the pass by returning `false`.
    pub fn chunks_passing<'a>(
        &'a self,
        from: usize,
        mut f: impl FnMut(usize, std::borrow::Cow<'a, [T]>) -> bool,
    ) {
        use std::borrow::Cow;
        let (source, len, chunks) = match &*self.0 {
            Repr::Owned(v) => {
                let rest = v.get(from..).unwrap_or_default();
                for (k, items) in rest.chunks(T::CHUNK).enumerate() {
                    if !f(from + k * T::CHUNK, Cow::Borrowed(items)) {
                        return;
                    }
                }
                return;
            }
            Repr::Stored {
                source,
                len,
                chunks,
            } => (source, len, chunks),
        };
        for (k, kept) in chunks.iter().enumerate().skip(from / T::CHUNK) {
            let base = k * T::CHUNK;
            let skip = from.saturating_sub(base);
            let items = match kept.get() {
                Some(items) => Cow::Borrowed(items.get(skip..).unwrap_or_default()),
                None => {
                    let want = T::CHUNK.min(len.saturating_sub(base));
                    let mut items = source.chunk(k);
                    // Padded or cut as [`Chunked::get`] does, so the items are the same.
                    items.truncate(want);
                    while items.len() < want {
                        items.push(T::placeholder(base + items.len()));
                    }
                    items.drain(..skip.min(items.len()));
                    Cow::Owned(items)
                }
            };
            if !f(base + skip, items) {
                return;
            }
        }
    }

    /// The items to change, as an owned list: copied first when shared or stored.
    pub fn make_mut(&mut self) -> &mut Vec<T> {
        if !matches!(&*self.0, Repr::Owned(_)) {
            self.0 = Arc::new(Repr::Owned(self.to_vec()));
        }
        match Arc::make_mut(&mut self.0) {
            Repr::Owned(v) => v,
            // Made owned just above.
            Repr::Stored { .. } => unreachable!("stored items were made owned"),
        }
    }

    /// Every item as an owned list (cloning them).
    pub fn to_vec(&self) -> Vec<T> {
        self.iter().cloned().collect()
    }

    /// The items as an owned list, without a copy when this is the only handle on owned ones.
    pub fn into_vec(self) -> Vec<T> {
        match Arc::try_unwrap(self.0) {
            Ok(Repr::Owned(v)) => v,
            Ok(stored) => Chunked(Arc::new(stored)).to_vec(),
            Err(shared) => Chunked(shared).to_vec(),
        }
    }
}

impl<T: Chunkable, S: ?Sized + ChunkSource<T>> std::ops::Index<usize> for Chunked<T, S> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        self.get(i).unwrap_or_else(|| T::empty())
    }
}

impl<'a, T: Chunkable, S: ?Sized + ChunkSource<T>> IntoIterator for &'a Chunked<T, S> {
    type Item = &'a T;
    type IntoIter = Box<dyn Iterator<Item = &'a T> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}
