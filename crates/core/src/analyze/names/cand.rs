//! A name candidate ([`Cand`]) and its parts ([`Part`]), as the rules emit them and the cache
//! keeps them.
//!
//! Every document yields dozens of candidates, each built, moved through the rules, held until
//! linking and freed, often on another thread: a heap allocation each for the key and the parts
//! was a tenth of the cold build's CPU. So both are inline for the common name — a key of up to
//! 24 bytes ([`CompactString`]) and up to four parts ([`Parts`]) — and on the heap only past
//! that. A part's offsets are `u32` (20 bytes a part, not 32): the emitters leave out what lies
//! past 4 GiB into a body, which no document reaches under the 64 MB file limit.
//!
//! The list the rules build a document's candidates in starts with the room the thread's lists
//! grew to ([`scratch`]), so it is seldom grown, and is then cut to its exact size in place
//! ([`settle`]), the list held until linking: no copy of the candidates.

use crate::model::EntityKind;
use compact_str::CompactString;
use smallvec::SmallVec;
use std::cell::Cell;

/// One token of a candidate: byte range and folded form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub start: u32,
    pub end: u32,
    /// Byte range of the folded form in the candidate's `key`.
    pub norm: (u32, u32),
    /// A word (not punctuation inside the name).
    pub word: bool,
}

/// A candidate's parts: up to four inline (most names have one to three words).
pub type Parts = SmallVec<[Part; 4]>;

/// A name mention before linking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cand {
    pub start: usize,
    pub end: usize,
    /// `None`: unresolved, decided by the linker.
    pub kind: Option<EntityKind>,
    pub strength: u8,
    /// Folded key: the parts' norms joined by spaces.
    pub key: CompactString,
    pub parts: Parts,
    /// Canonical name from the gazetteer.
    pub canon: Option<&'static str>,
    /// For an acronym defined in parentheses: the long form's key.
    pub acronym_of: Option<String>,
}

impl Cand {
    /// The folded form of one of this candidate's parts.
    pub fn norm(&self, p: &Part) -> &str {
        self.key
            .get(p.norm.0 as usize..p.norm.1 as usize)
            .unwrap_or("")
    }
    /// Folded key of the parts `a..b` (a slice of `key`).
    pub fn sub_key(&self, a: usize, b: usize) -> &str {
        sub_key_of(&self.key, |i| self.parts.get(i).map(|p| p.norm), a, b)
    }
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter(|p| p.word).map(|p| self.norm(p))
    }
    pub fn n_words(&self) -> usize {
        self.parts.iter().filter(|p| p.word).count()
    }
}

/// The folded form of parts `a..b` of a name whose key is `key`, part `i`'s folded range in it
/// being `norm(i)` ("" for an empty or out-of-range span): a candidate's, or linking's record
/// of one.
pub fn sub_key_of(
    key: &str,
    norm: impl Fn(usize) -> Option<(u32, u32)>,
    a: usize,
    b: usize,
) -> &str {
    match (norm(a), b.checked_sub(1).and_then(&norm)) {
        (Some(x), Some(y)) if a < b => key.get(x.0 as usize..y.1 as usize).unwrap_or(""),
        _ => "",
    }
}

thread_local! {
    /// The room the thread's lists have grown to (in candidates): its next document's list
    /// starts with it, so that the list is seldom grown while the rules fill it.
    static ROOM: Cell<usize> = const { Cell::new(0) };
}

/// The most candidates [`ROOM`] asks for: 96 KiB of them, under the size past which the
/// allocator maps a block of its own (128 KiB in glibc), so that a list comes from the heap
/// and, cut to size, stays a small block there; and one outsized document does not set the
/// room of the thread's every list after it.
const ROOM_KEPT: usize = (96 << 10) / std::mem::size_of::<Cand>();

/// An empty list to build a document's candidates in, with the thread's room.
pub(super) fn scratch() -> Vec<Cand> {
    Vec::with_capacity(ROOM.get())
}

/// `list`, cut to its exact size: shrunk where it lies (the allocator gives back its end), not
/// copied to a list of that size; the room it grew to is kept for the thread's next document
/// (see [`scratch`]).
pub(super) fn settle(mut list: Vec<Cand>) -> Vec<Cand> {
    if list.capacity() <= ROOM_KEPT {
        ROOM.set(list.capacity());
    }
    list.shrink_to_fit();
    list
}
