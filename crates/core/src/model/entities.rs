//! The corpus's entities: owned (analysis, the entity cache, corrections) or stored (decoded
//! from the memory-mapped document store a chunk at a time, on first use).
//!
//! A warm open from the document store ([`crate::cache::docstore`]) decodes no entity: each
//! has a fixed row in the map (kind, mention and document counts, its rank by name and by
//! date, where its postings and its names lie), and the first read of any entity of a chunk of
//! [`CHUNK`] decodes (and checks) that chunk, which is then kept. What lists every entity by
//! kind and count (the side list's corpus scope, its sorts) reads the rows, not the names:
//! [`Entities::kind`], [`Entities::mention_count`], [`Entities::rank`]. A chunk that fails its
//! check gives placeholder entities with a [`super::Notice`] kept for
//! [`super::text_notices`], and the store is removed so the next open rebuilds it.
//!
//! [`Entities`] is a cheap handle (cloning it shares the entities) read as a slice is:
//! [`Entities::len`], indexing, [`Entities::get`], [`Entities::iter`].

use super::{Entity, EntityKind};
use std::sync::{Arc, OnceLock};

/// How many entities a stored chunk holds: small, since a document's entities lie anywhere
/// in the table and the side list decodes the chunk of each.
pub const CHUNK: usize = 64;

/// What an entity's stored row says, read without decoding its names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntityRow {
    pub kind: EntityKind,
    /// How many mentions, in how many documents.
    pub mentions: usize,
    pub docs: usize,
    /// Does it have a value (a resolved date)?
    pub has_value: bool,
    /// Its place among all the store's entities by lowercase name (then number).
    pub name_rank: u32,
    /// For dates: its place by [`crate::text::date_key`] of its value (then number).
    pub date_rank: u32,
}

/// Where stored entities come from: the document store implements it.
pub trait EntitySource: Send + Sync {
    /// How many entities there are.
    fn count(&self) -> usize;
    /// Chunk `k`'s entities (`CHUNK` of them, fewer for the last), checked, with their
    /// mentions; when they fail, placeholders (the source gives the notice and removes the
    /// store).
    fn chunk(&self, k: usize) -> Vec<Entity>;
    /// Entity `i`'s row (`None` when its chunk's rows fail their check).
    fn row(&self, i: usize) -> Option<EntityRow>;
}

/// The corpus's entities (see the module documentation).
#[derive(Clone, Default)]
pub struct Entities(Arc<Repr>);

#[derive(Clone)]
enum Repr {
    Owned(Vec<Entity>),
    Stored {
        source: Arc<dyn EntitySource>,
        len: usize,
        chunks: Box<[OnceLock<Box<[Entity]>>]>,
    },
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Owned(Vec::new())
    }
}

impl From<Vec<Entity>> for Entities {
    fn from(v: Vec<Entity>) -> Self {
        Entities(Arc::new(Repr::Owned(v)))
    }
}

impl std::fmt::Debug for Entities {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &*self.0 {
            Repr::Owned(v) => f.debug_list().entries(v).finish(),
            Repr::Stored { len, .. } => f
                .debug_struct("Entities::Stored")
                .field("len", len)
                .field("decoded_chunks", &self.decoded_chunks())
                .finish(),
        }
    }
}

/// Equal when they hold equal entities (decoding stored ones).
impl PartialEq for Entities {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

impl Entities {
    /// The entities `source` lends, none decoded yet.
    pub fn stored(source: Arc<dyn EntitySource>) -> Entities {
        let len = source.count();
        let chunks = (0..len.div_ceil(CHUNK)).map(|_| OnceLock::new()).collect();
        Entities(Arc::new(Repr::Stored {
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

    /// Entity `i` (decoding its chunk on first use).
    pub fn get(&self, i: usize) -> Option<&Entity> {
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
                    let mut es = source.chunk(k);
                    // A source that gave the wrong number is padded or cut, so indexing holds.
                    es.truncate(want);
                    while es.len() < want {
                        es.push(placeholder(k * CHUNK + es.len(), EntityKind::Person));
                    }
                    es.into_boxed_slice()
                });
                chunk.get(i % CHUNK)
            }
        }
    }

    /// Entity `i`, only when it is owned or its chunk is decoded already.
    fn decoded(&self, i: usize) -> Option<&Entity> {
        match &*self.0 {
            Repr::Owned(v) => v.get(i),
            Repr::Stored { chunks, .. } => chunks.get(i / CHUNK)?.get()?.get(i % CHUNK),
        }
    }

    /// Entity `i`'s stored row, unless it is decoded already (or owned).
    fn row(&self, i: usize) -> Option<EntityRow> {
        match &*self.0 {
            Repr::Stored { source, len, .. } if i < *len && self.decoded(i).is_none() => {
                source.row(i)
            }
            _ => None,
        }
    }

    /// Entity `i`'s kind, from its row when it is not decoded.
    pub fn kind(&self, i: usize) -> Option<EntityKind> {
        match self.row(i) {
            Some(r) => Some(r.kind),
            None => self.get(i).map(|e| e.kind),
        }
    }

    /// How many mentions entity `i` has ([`super::Mentions::len`]), from its row when it is
    /// not decoded.
    pub fn mention_count(&self, i: usize) -> usize {
        match self.row(i) {
            Some(r) => r.mentions,
            None => self.get(i).map_or(0, |e| e.mentions.len()),
        }
    }

    /// Has entity `i` a value (a resolved date), from its row when it is not decoded.
    pub fn has_value(&self, i: usize) -> bool {
        match self.row(i) {
            Some(r) => r.has_value,
            None => self.get(i).is_some_and(|e| e.value.is_some()),
        }
    }

    /// Entity `i`'s (name rank, date rank) as stored, when it is stored and its row reads:
    /// ordering by them is ordering by lowercase name (dates: by [`crate::text::date_key`] of
    /// the value), then number. `None` for owned entities: order by their names.
    pub fn rank(&self, i: usize) -> Option<(u32, u32)> {
        match &*self.0 {
            Repr::Stored { source, len, .. } if i < *len => {
                source.row(i).map(|r| (r.name_rank, r.date_rank))
            }
            _ => None,
        }
    }

    /// Every entity in order (decoding each chunk as it is reached).
    pub fn iter(
        &self,
    ) -> impl DoubleEndedIterator<Item = &Entity> + ExactSizeIterator + Clone + '_ {
        (0..self.len()).map(move |i| &self[i])
    }

    /// Are they decoded from the document store on demand?
    pub fn is_stored(&self) -> bool {
        matches!(&*self.0, Repr::Stored { .. })
    }

    /// How many stored chunks have been decoded (0 for owned entities): for tests and the
    /// benchmark, which check that a first frame decodes only what it shows.
    pub fn decoded_chunks(&self) -> usize {
        match &*self.0 {
            Repr::Owned(_) => 0,
            Repr::Stored { chunks, .. } => chunks.iter().filter(|c| c.get().is_some()).count(),
        }
    }

    /// Are `a` and `b` the same entities (one shared list)?
    pub fn ptr_eq(a: &Entities, b: &Entities) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }

    /// The entities to change, as an owned list: copied first when shared or stored.
    pub fn make_mut(&mut self) -> &mut Vec<Entity> {
        if !matches!(&*self.0, Repr::Owned(_)) {
            self.0 = Arc::new(Repr::Owned(self.to_vec()));
        }
        match Arc::make_mut(&mut self.0) {
            Repr::Owned(v) => v,
            // Made owned just above.
            Repr::Stored { .. } => unreachable!("stored entities were made owned"),
        }
    }

    /// Every entity as an owned list (cloning them).
    pub fn to_vec(&self) -> Vec<Entity> {
        self.iter().cloned().collect()
    }

    /// The entities as an owned list, without a copy when this is the only handle on owned
    /// ones.
    pub fn into_vec(self) -> Vec<Entity> {
        match Arc::try_unwrap(self.0) {
            Ok(Repr::Owned(v)) => v,
            Ok(stored) => Entities(Arc::new(stored)).to_vec(),
            Err(shared) => Entities(shared).to_vec(),
        }
    }
}

/// A stand-in for entity `i` of a chunk that could not be read.
pub fn placeholder(i: usize, kind: EntityKind) -> Entity {
    Entity {
        id: format!("{}:entity-{}", kind.as_str(), i + 1),
        kind,
        name: format!("entity {}", i + 1),
        value: None,
        aliases: Vec::new(),
        mentions: Default::default(),
    }
}

/// An empty entity stands in for an index past the end, so `entities[i]` never panics on a
/// bad number read from a file; callers check `len()` for meaning.
static EMPTY: OnceLock<Entity> = OnceLock::new();

impl std::ops::Index<usize> for Entities {
    type Output = Entity;
    fn index(&self, i: usize) -> &Entity {
        self.get(i).unwrap_or_else(|| {
            EMPTY.get_or_init(|| Entity {
                id: String::new(),
                name: String::new(),
                ..placeholder(0, EntityKind::Person)
            })
        })
    }
}

impl<'a> IntoIterator for &'a Entities {
    type Item = &'a Entity;
    type IntoIter = Box<dyn Iterator<Item = &'a Entity> + 'a>;
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
    }

    fn kind_of(i: usize) -> EntityKind {
        EntityKind::ALL[i % 4]
    }

    impl EntitySource for Counting {
        fn count(&self) -> usize {
            self.n
        }
        fn chunk(&self, k: usize) -> Vec<Entity> {
            self.calls.fetch_add(1, Relaxed);
            // One short, to check the padding.
            let end = ((k + 1) * CHUNK).min(self.n) - 1;
            (k * CHUNK..end)
                .map(|i| Entity {
                    name: format!("e{i}"),
                    ..placeholder(i, kind_of(i))
                })
                .collect()
        }
        fn row(&self, i: usize) -> Option<EntityRow> {
            (!i.is_multiple_of(7)).then_some(EntityRow {
                kind: kind_of(i),
                mentions: i,
                docs: 1,
                has_value: i.is_multiple_of(2),
                name_rank: (self.n - i) as u32,
                date_rank: 0,
            })
        }
    }

    #[test]
    fn stored_entities_decode_only_the_chunks_read_and_rows_need_none() {
        let src = Arc::new(Counting {
            n: 3 * CHUNK + 5,
            calls: AtomicUsize::new(0),
        });
        let es = Entities::stored(src.clone());
        assert_eq!(es.len(), 3 * CHUNK + 5);
        // Kinds, counts and ranks from the rows: nothing decoded.
        assert_eq!(es.kind(CHUNK + 1), Some(kind_of(CHUNK + 1)));
        assert_eq!(es.mention_count(CHUNK + 1), CHUNK + 1);
        assert!(!es.has_value(CHUNK + 1));
        assert_eq!(es.rank(1), Some(((3 * CHUNK + 4) as u32, 0)));
        assert_eq!(es.decoded_chunks(), 0);
        // A row that does not read: the entity is decoded instead.
        assert_eq!(es.kind(7), Some(kind_of(7)));
        assert_eq!(es.decoded_chunks(), 1);
        assert_eq!(es[CHUNK + 3].name, format!("e{}", CHUNK + 3));
        assert_eq!(es.decoded_chunks(), 2);
        // Once decoded, the count is the decoded list's (placeholders have none).
        assert_eq!(es.mention_count(CHUNK + 1), 0);
        // The chunk's last entity was missing: a placeholder.
        assert_eq!(es[2 * CHUNK - 1].name, format!("entity {}", 2 * CHUNK));
        assert!(es.get(3 * CHUNK + 5).is_none());
        assert_eq!(es[3 * CHUNK + 5].name, "", "past the end: empty");
        assert_eq!(es.iter().count(), 3 * CHUNK + 5);
        assert_eq!(src.calls.load(Relaxed), 4);
        assert_eq!(es.clone().into_vec().len(), 3 * CHUNK + 5);
    }

    #[test]
    fn owned_entities_have_no_rank_and_change_in_place() {
        let mut es: Entities = vec![placeholder(0, EntityKind::Date)].into();
        assert_eq!(es.rank(0), None);
        assert_eq!(es.kind(0), Some(EntityKind::Date));
        assert!(!es.has_value(0));
        es.make_mut()[0].value = Some("2021".into());
        assert!(es.has_value(0));
        assert_eq!(es.into_vec().len(), 1);
    }
}
