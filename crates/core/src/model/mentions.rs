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
    Stored(Arc<Stored>),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Owned(Vec::new())
    }
}

struct Stored {
    source: Arc<dyn MentionSource>,
    entity: usize,
    at: usize,
    n: usize,
    docs: usize,
    sum: u64,
    /// Set on first use: `None` when the stored postings passed their check (they are then
    /// read in place), else the list used instead.
    checked: OnceLock<Option<Vec<Mention>>>,
}

impl Mentions {
    /// Entity `entity`'s postings in the store: `n` mentions in `docs` documents at mention
    /// `at` of `source`, with checksum `sum`.
    pub fn stored(
        source: Arc<dyn MentionSource>,
        entity: usize,
        at: usize,
        n: usize,
        docs: usize,
        sum: u64,
    ) -> Mentions {
        Mentions(Repr::Stored(Arc::new(Stored {
            source,
            entity,
            at,
            n,
            docs,
            sum,
            checked: OnceLock::new(),
        })))
    }

    /// The mentions (checking stored ones on first use).
    pub fn as_slice(&self) -> &[Mention] {
        match &self.0 {
            Repr::Owned(v) => v,
            Repr::Stored(s) => s.get(),
        }
    }

    /// How many there are, without reading (or checking) stored postings: the store's count
    /// until the list is first read, then the list's length (the same, unless the postings
    /// failed their check and the list read instead is shorter).
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Owned(v) => v.len(),
            Repr::Stored(s) => match s.checked.get() {
                Some(Some(list)) => list.len(),
                _ => s.n,
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
            Repr::Stored(s) => s.docs,
        }
    }

    /// Is it a view on the document store (rather than an owned list)?
    pub fn is_stored(&self) -> bool {
        matches!(self.0, Repr::Stored(_))
    }

    /// The list to change: stored postings are copied out first.
    pub fn make_mut(&mut self) -> &mut Vec<Mention> {
        if let Repr::Stored(s) = &self.0 {
            self.0 = Repr::Owned(s.get().to_vec());
        }
        match &mut self.0 {
            Repr::Owned(v) => v,
            // Just made owned above.
            Repr::Stored(_) => unreachable!("stored mentions were made owned"),
        }
    }

    /// The list as an owned `Vec`.
    pub fn into_vec(self) -> Vec<Mention> {
        match self.0 {
            Repr::Owned(v) => v,
            Repr::Stored(s) => s.get().to_vec(),
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

impl Stored {
    fn get(&self) -> &[Mention] {
        let checked = self.checked.get_or_init(|| self.check());
        match checked {
            Some(list) => list,
            // Passed its check (the only way `check` returns `None`).
            None => self.source.postings(self.at, self.n).unwrap_or_default(),
        }
    }

    fn check(&self) -> Option<Vec<Mention>> {
        let why = match self.source.check(self.at, self.n, self.sum) {
            Ok(()) => match self.source.postings(self.at, self.n) {
                Some(list) if distinct_docs(list) == self.docs => return None,
                Some(_) => "document count off".to_string(),
                None => "out of bounds".to_string(),
            },
            Err(why) => why,
        };
        let mut notice = self.source.damaged(self.entity, &why);
        let list = match self.source.gather(self.entity) {
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
        let lost = Mentions::stored(Arc::new(Lost), 9, 0, 3, 1, 0);
        assert_eq!(lost.len(), 3, "the table's count before it is read");
        assert!(lost.as_slice().is_empty());
        assert_eq!(lost.len(), 0);
        assert_eq!(lost.first(), None);
    }
}
