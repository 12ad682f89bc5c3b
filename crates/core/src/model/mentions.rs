//! An entity's mentions: owned (analysis, the entity cache, corrections) or stored (a view on
//! the document store's postings, memory-mapped, checked on first use).
//!
//! A warm open from the document store ([`crate::cache::docstore`]) reads no mention: each
//! entity's [`Mentions`] knows where its postings lie in the mapped store, how many there are,
//! in how many documents, and their checksum. Counts ([`Mentions::len`],
//! [`Mentions::doc_count`]) come from that table without reading the postings; the first read
//! of the list itself checks it — checksum, every mention in a document and within its text's
//! length, sorted by document then start — and then reads it in place. A list that fails gives
//! a [`Notice`] (kept with the texts' notices, [`super::text_notices`]), the store is removed
//! so that the next open rebuilds it, and the list is read from the store's by-document part
//! instead (or is empty when that fails too). Never a panic.
//!
//! [`Mentions`] dereferences to `&[Mention]`, so reading it is the same as reading a `Vec`.

use super::{Mention, Notice};
use std::sync::{Arc, OnceLock};

/// Where stored mention lists come from: the document store implements it.
pub trait MentionSource: Send + Sync {
    /// The `n` mentions at mention `at` of the postings, in place (`None` when out of bounds):
    /// read only once [`MentionSource::check`] passed.
    fn postings(&self, at: usize, n: usize) -> Option<&[Mention]>;
    /// Are the `n` mentions at `at` what was written — checksum `sum`, each in a document and
    /// within its text, sorted by document then start? `Err` says why not.
    fn check(&self, at: usize, n: usize, sum: u64) -> Result<(), String>;
    /// Entity `entity`'s mentions gathered from the by-document records, for a list that
    /// failed its check (`None` when those fail too).
    fn gather(&self, entity: usize) -> Option<Vec<Mention>>;
    /// Entity `entity`'s stored list failed its check (`why`): the store is not to be trusted
    /// again.
    fn damaged(&self, entity: usize, why: &str) -> Notice;
}

/// An entity's mentions, sorted by document, then start (see the module documentation).
#[derive(Clone, Default)]
pub struct Mentions(Repr);

#[derive(Clone)]
enum Repr {
    Owned(Vec<Mention>),
    /// Item `.1` of a table shared by every entity of the store: no allocation per entity.
    Stored(Arc<MentionTable>, u32),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Owned(Vec::new())
    }
}

/// Where every stored entity's postings lie: one table for the whole store, so that a warm
/// open makes no allocation per entity. Item `i` is entity `base + i` of the source.
pub struct MentionTable {
    source: Arc<dyn MentionSource>,
    base: usize,
    items: Box<[Item]>,
    /// Set on an item's first use: `None` when its postings passed their check (they are then
    /// read in place), else the list used instead.
    checked: Box<[OnceLock<Option<Vec<Mention>>>]>,
}

/// One entity's postings: `n` mentions in `docs` documents at mention `at`, checksum `sum`.
#[derive(Clone, Copy)]
struct Item {
    at: usize,
    n: u32,
    docs: u32,
    sum: u64,
}

impl MentionTable {
    /// The table of `source`'s entities `base..`, each given as (at, n, docs, sum): `n`
    /// mentions in `docs` documents at mention `at` of the postings, with checksum `sum`.
    /// `None` when a count does not fit in 32 bits.
    pub fn new(
        source: Arc<dyn MentionSource>,
        base: usize,
        items: impl IntoIterator<Item = (usize, usize, usize, u64)>,
    ) -> Option<Arc<MentionTable>> {
        let items = items
            .into_iter()
            .map(|(at, n, docs, sum)| {
                Some(Item {
                    at,
                    n: u32::try_from(n).ok()?,
                    docs: u32::try_from(docs).ok()?,
                    sum,
                })
            })
            .collect::<Option<Box<[Item]>>>()?;
        let checked = (0..items.len()).map(|_| OnceLock::new()).collect();
        Some(Arc::new(MentionTable {
            source,
            base,
            items,
            checked,
        }))
    }

    /// How many entities it holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Item `i`'s mentions (an empty owned list past the end).
    pub fn mentions(table: &Arc<MentionTable>, i: usize) -> Mentions {
        match u32::try_from(i) {
            Ok(k) if i < table.items.len() => Mentions(Repr::Stored(Arc::clone(table), k)),
            _ => Mentions::default(),
        }
    }
}

impl Mentions {
    /// Entity `entity`'s postings in the store: `n` mentions in `docs` documents at mention
    /// `at` of `source`, with checksum `sum` (a table of one: a store makes one
    /// [`MentionTable`] for all its entities).
    pub fn stored(
        source: Arc<dyn MentionSource>,
        entity: usize,
        at: usize,
        n: usize,
        docs: usize,
        sum: u64,
    ) -> Mentions {
        MentionTable::new(source, entity, [(at, n, docs, sum)])
            .map_or_else(Mentions::default, |t| MentionTable::mentions(&t, 0))
    }

    /// The mentions (checking stored ones on first use).
    pub fn as_slice(&self) -> &[Mention] {
        match &self.0 {
            Repr::Owned(v) => v,
            Repr::Stored(t, i) => t.get(*i as usize),
        }
    }

    /// How many there are, without reading (or checking) stored postings: the store's count
    /// until the list is first read, then the list's length (the same, unless the postings
    /// failed their check and the list read instead is shorter).
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Owned(v) => v.len(),
            Repr::Stored(t, i) => match t.checked[*i as usize].get() {
                Some(Some(list)) => list.len(),
                _ => t.items[*i as usize].n as usize,
            },
        }
    }

    /// Are there none (without reading stored postings)?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// In how many distinct documents, without reading stored postings.
    pub fn doc_count(&self) -> usize {
        match &self.0 {
            Repr::Owned(v) => distinct_docs(v),
            Repr::Stored(t, i) => t.items[*i as usize].docs as usize,
        }
    }

    /// Is it a view on the document store (rather than an owned list)?
    pub fn is_stored(&self) -> bool {
        matches!(self.0, Repr::Stored(..))
    }

    /// The list to change: stored postings are copied out first.
    pub fn make_mut(&mut self) -> &mut Vec<Mention> {
        if let Repr::Stored(t, i) = &self.0 {
            self.0 = Repr::Owned(t.get(*i as usize).to_vec());
        }
        match &mut self.0 {
            Repr::Owned(v) => v,
            // Just made owned above.
            Repr::Stored(..) => unreachable!("stored mentions were made owned"),
        }
    }

    /// The list as an owned `Vec`.
    pub fn into_vec(self) -> Vec<Mention> {
        match self.0 {
            Repr::Owned(v) => v,
            Repr::Stored(t, i) => t.get(i as usize).to_vec(),
        }
    }
}

/// Distinct documents of a list sorted by document.
pub(crate) fn distinct_docs(mentions: &[Mention]) -> usize {
    let mut n = 0;
    let mut last = None;
    for m in mentions {
        if last != Some(m.doc) {
            n += 1;
            last = Some(m.doc);
        }
    }
    n
}

impl MentionTable {
    /// Item `i`'s list (`i` in bounds: only [`MentionTable::mentions`] makes references).
    fn get(&self, i: usize) -> &[Mention] {
        let (Some(item), Some(checked)) = (self.items.get(i), self.checked.get(i)) else {
            return &[];
        };
        match checked.get_or_init(|| self.check(i, *item)) {
            Some(list) => list,
            // Passed its check (the only way `check` returns `None`).
            None => self
                .source
                .postings(item.at, item.n as usize)
                .unwrap_or_default(),
        }
    }

    fn check(&self, i: usize, item: Item) -> Option<Vec<Mention>> {
        let (n, entity) = (item.n as usize, self.base + i);
        let why = match self.source.check(item.at, n, item.sum) {
            Ok(()) => match self.source.postings(item.at, n) {
                Some(list) if distinct_docs(list) == item.docs as usize => return None,
                Some(_) => "document count off".to_string(),
                None => "out of bounds".to_string(),
            },
            Err(why) => why,
        };
        let mut notice = self.source.damaged(entity, &why);
        let list = match self.source.gather(entity) {
            Some(list) => {
                notice
                    .message
                    .push_str(": read from the store's records by document instead");
                list
            }
            None => {
                notice.message.push_str(": shown without its mentions");
                Vec::new()
            }
        };
        super::text::keep_notice(notice);
        Some(list)
    }
}

impl std::ops::Deref for Mentions {
    type Target = [Mention];
    fn deref(&self) -> &[Mention] {
        self.as_slice()
    }
}

impl<'a> IntoIterator for &'a Mentions {
    type Item = &'a Mention;
    type IntoIter = std::slice::Iter<'a, Mention>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl From<Vec<Mention>> for Mentions {
    fn from(v: Vec<Mention>) -> Self {
        Mentions(Repr::Owned(v))
    }
}

impl std::fmt::Debug for Mentions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl PartialEq for Mentions {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Mentions {}

impl PartialOrd for Mentions {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Mentions {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_slice().cmp(other.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    struct Fake {
        list: Vec<Mention>,
        good: bool,
        damaged: AtomicUsize,
    }

    impl MentionSource for Fake {
        fn postings(&self, at: usize, n: usize) -> Option<&[Mention]> {
            self.list.get(at..at + n)
        }
        fn check(&self, _at: usize, _n: usize, _sum: u64) -> Result<(), String> {
            if self.good {
                Ok(())
            } else {
                Err("checksum mismatch".into())
            }
        }
        fn gather(&self, _entity: usize) -> Option<Vec<Mention>> {
            Some(self.list.clone())
        }
        fn damaged(&self, entity: usize, why: &str) -> Notice {
            self.damaged.fetch_add(1, Relaxed);
            Notice {
                path: format!("entity {entity}"),
                message: why.to_string(),
            }
        }
    }

    fn m(doc: u32, start: u32) -> Mention {
        Mention {
            doc,
            start,
            end: start + 1,
        }
    }

    #[test]
    fn counts_come_from_the_table_and_the_list_from_the_source() {
        let fake = Arc::new(Fake {
            list: vec![m(0, 1), m(0, 5), m(3, 2)],
            good: true,
            damaged: AtomicUsize::new(0),
        });
        let s = Mentions::stored(fake.clone(), 0, 1, 2, 2, 0);
        assert_eq!((s.len(), s.doc_count()), (2, 2));
        assert_eq!(&*s, &[m(0, 5), m(3, 2)]);
        assert_eq!(s.binary_search(&m(3, 2)), Ok(1));
        assert_eq!(s, Mentions::from(vec![m(0, 5), m(3, 2)]));
        let mut owned = s.clone();
        owned.make_mut().push(m(4, 0));
        assert!(!owned.is_stored() && s.is_stored());
        assert_eq!(owned.len(), 3);
        assert_eq!(fake.damaged.load(Relaxed), 0);
    }

    #[test]
    fn one_table_lends_every_entity_its_postings() {
        let fake = Arc::new(Fake {
            list: vec![m(0, 1), m(0, 5), m(3, 2)],
            good: true,
            damaged: AtomicUsize::new(0),
        });
        let t = MentionTable::new(fake, 0, [(0, 2, 1, 0), (2, 1, 1, 0)]).expect("fits");
        assert_eq!(t.len(), 2);
        let (a, b) = (MentionTable::mentions(&t, 0), MentionTable::mentions(&t, 1));
        assert_eq!(&*a, &[m(0, 1), m(0, 5)]);
        assert_eq!(&*b, &[m(3, 2)]);
        assert!(
            MentionTable::mentions(&t, 2).is_empty() && !MentionTable::mentions(&t, 2).is_stored()
        );
        assert!(MentionTable::new(Arc::new(Lost), 0, [(0, usize::MAX, 1, 0)]).is_none());
    }

    struct Lost;
    impl MentionSource for Lost {
        fn postings(&self, _: usize, _: usize) -> Option<&[Mention]> {
            None
        }
        fn check(&self, _: usize, _: usize, _: u64) -> Result<(), String> {
            Err("out of bounds".into())
        }
        fn gather(&self, _: usize) -> Option<Vec<Mention>> {
            None
        }
        fn damaged(&self, entity: usize, why: &str) -> Notice {
            Notice {
                path: format!("entity {entity}"),
                message: why.to_string(),
            }
        }
    }

    #[test]
    fn a_list_that_fails_its_check_is_gathered_again_with_a_notice() {
        let fake = Arc::new(Fake {
            list: vec![m(0, 1), m(2, 5)],
            good: false,
            damaged: AtomicUsize::new(0),
        });
        let s = Mentions::stored(fake.clone(), 7, 0, 2, 2, 0);
        assert_eq!(&*s, &[m(0, 1), m(2, 5)]);
        assert_eq!(s.iter().count(), 2);
        assert_eq!(fake.damaged.load(Relaxed), 1, "said once");
        assert!(super::super::text_notices()
            .iter()
            .any(|n| n.path == "entity 7" && n.message.contains("by document instead")));
        // A document count that does not match the list is damage too.
        let good = Arc::new(Fake {
            list: vec![m(0, 1), m(2, 5)],
            good: true,
            damaged: AtomicUsize::new(0),
        });
        let off = Mentions::stored(good.clone(), 8, 0, 2, 1, 0);
        assert_eq!(off.len(), 2);
        assert_eq!(off.as_slice().len(), 2);
        assert_eq!(good.damaged.load(Relaxed), 1);
        // Nothing to gather from either: empty, and its length says so once read.
        let lost = Mentions::stored(Arc::new(Lost), 9, 0, 3, 1, 0);
        assert_eq!(lost.len(), 3, "the table's count before it is read");
        assert!(lost.as_slice().is_empty());
        assert_eq!(lost.len(), 0);
        assert_eq!(lost.first(), None);
    }
}
