//! What the UI and search query: per-document mention lists and the corpus-wide mention order.

use crate::model::{Corpus, EntityKind, Mention};
use std::borrow::Cow;

/// A mention placed in its document, pointing back at its entity. Kept in 16 bytes (there is
/// one per mention in the corpus).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    start: u32,
    end: u32,
    entity: u32,
    pub kind: EntityKind,
}

impl Span {
    /// A span as the document store gives it back (the caller checks it against the text).
    pub(crate) fn new(start: u32, end: u32, entity: u32, kind: EntityKind) -> Span {
        Span {
            start,
            end,
            entity,
            kind,
        }
    }
    pub fn start(&self) -> usize {
        self.start as usize
    }
    pub fn end(&self) -> usize {
        self.end as usize
    }
    /// Index into [`Corpus::entities`].
    pub fn entity(&self) -> usize {
        self.entity as usize
    }
}

/// Where a stored index's per-document records come from: the document store implements it.
pub trait SpanSource: Send + Sync {
    /// How many documents it covers.
    fn documents(&self) -> usize;
    /// How many entities document `doc` mentions (from the store's table, nothing read).
    fn entity_count(&self, doc: usize) -> usize;
    /// Document `doc`'s spans (overlaps removed, as [`Index::build`] gives them) and its
    /// entities with their mention counts, read from the store and checked; both empty, with
    /// a notice, when its record fails its check.
    fn record(&self, doc: usize) -> (Vec<Span>, Vec<(u32, u32)>);
}

/// Lookup tables built once after analysis: each document's spans and entity counts, held in
/// memory ([`Index::build`]) or read per document from the document store's records.
#[derive(Clone, Default)]
pub struct Index {
    /// For each document, its mentions sorted by start (overlaps removed: first, longest wins).
    doc_spans: Vec<Vec<Span>>,
    /// For each document, the entities mentioned in it with their mention counts (as `u32`,
    /// eight bytes a pair: see [`Index::entities_of`] for them as indices).
    doc_entities: Vec<Vec<(u32, u32)>>,
    /// Set when the records are read from the document store instead.
    stored: Option<std::sync::Arc<dyn SpanSource>>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("documents", &self.documents())
            .field("stored", &self.stored.is_some())
            .finish()
    }
}

impl Index {
    /// An index whose records are read from `source` as they are asked for.
    pub fn stored(source: std::sync::Arc<dyn SpanSource>) -> Index {
        Index {
            stored: Some(source),
            ..Index::default()
        }
    }

    /// Are its records read from the document store (rather than held in memory)?
    pub fn is_stored(&self) -> bool {
        self.stored.is_some()
    }

    /// How many documents it covers.
    pub fn documents(&self) -> usize {
        match &self.stored {
            Some(s) => s.documents(),
            None => self.doc_spans.len(),
        }
    }

    /// Document `doc`'s spans, sorted by start (overlaps removed: first, longest wins); empty
    /// for a document it does not cover.
    pub fn spans(&self, doc: usize) -> Cow<'_, [Span]> {
        match &self.stored {
            Some(s) if doc < s.documents() => Cow::Owned(s.record(doc).0),
            Some(_) => Cow::Borrowed(&[]),
            None => Cow::Borrowed(self.doc_spans.get(doc).map_or(&[][..], |v| v.as_slice())),
        }
    }

    /// The entities mentioned in `doc` with their mention counts, as stored (`u32` pairs).
    pub fn doc_entities(&self, doc: usize) -> Cow<'_, [(u32, u32)]> {
        match &self.stored {
            Some(s) if doc < s.documents() => Cow::Owned(s.record(doc).1),
            Some(_) => Cow::Borrowed(&[]),
            None => Cow::Borrowed(self.doc_entities.get(doc).map_or(&[][..], |v| v.as_slice())),
        }
    }

    /// How many entities `doc` mentions (no record read).
    pub fn entity_count(&self, doc: usize) -> usize {
        match &self.stored {
            Some(s) if doc < s.documents() => s.entity_count(doc),
            Some(_) => 0,
            None => self.doc_entities.get(doc).map_or(0, Vec::len),
        }
    }

    pub fn build(corpus: &Corpus) -> Index {
        let n = corpus.documents.len();
        // Exact capacities first: one allocation per document, no regrowth.
        let mut counts = vec![0usize; n];
        for e in &corpus.entities {
            for m in &e.mentions {
                if let Some(c) = counts.get_mut(m.doc()) {
                    *c += 1;
                }
            }
        }
        let mut doc_spans: Vec<Vec<Span>> = counts.iter().map(|&c| Vec::with_capacity(c)).collect();
        for (ei, e) in corpus.entities.iter().enumerate() {
            let Ok(entity) = u32::try_from(ei) else {
                continue;
            };
            for m in &e.mentions {
                let Some(spans) = doc_spans.get_mut(m.doc()) else {
                    continue;
                };
                spans.push(Span {
                    start: m.start,
                    end: m.end,
                    entity,
                    kind: e.kind,
                });
            }
        }
        let mut doc_entities = vec![Vec::new(); n];
        // Sorting and counting are per document: spread them over the cores.
        let threads = std::thread::available_parallelism()
            .map_or(1, |t| t.get())
            .min(8);
        let per = n.div_ceil(threads).max(256);
        std::thread::scope(|s| {
            for (spans, ents) in doc_spans.chunks_mut(per).zip(doc_entities.chunks_mut(per)) {
                s.spawn(move || {
                    for (sp, en) in spans.iter_mut().zip(ents.iter_mut()) {
                        finish_doc(sp, en);
                    }
                });
            }
        });
        Index {
            doc_spans,
            doc_entities,
            stored: None,
        }
    }

    /// The entities mentioned in `doc`, with their mention counts.
    pub fn entities_of(&self, doc: usize) -> std::vec::IntoIter<(usize, usize)> {
        self.doc_entities(doc)
            .iter()
            .map(|&(e, c)| (e as usize, c as usize))
            .collect::<Vec<_>>()
            .into_iter()
    }

    /// The span of `doc` containing byte `offset`, if any.
    pub fn span_at(&self, doc: usize, offset: usize) -> Option<Span> {
        let spans = self.spans(doc);
        let i = spans.partition_point(|s| s.end() <= offset);
        spans.get(i).filter(|s| s.start() <= offset).copied()
    }
}

/// Sorts one document's spans by start (overlaps removed: first, longest wins) and counts its
/// entities.
pub(crate) fn finish_doc(spans: &mut Vec<Span>, counts: &mut Vec<(u32, u32)>) {
    spans.sort_unstable_by_key(|s| span_order(s.start, s.end, s.entity));
    let mut kept = Overlaps::default();
    spans.retain(|s| kept.keeps(s.start, s.end));
    spans.shrink_to_fit();
    let mut ents: Vec<u32> = spans.iter().map(|s| s.entity).collect();
    count_entities(&mut ents, counts);
    counts.shrink_to_fit();
}

/// Room for [`sort_and_count`] to work in, kept from one document to the next.
#[derive(Default)]
pub(crate) struct SortRoom {
    keys: Vec<u128>,
    ents: Vec<u32>,
}

/// A document's mentions (start, end, entity) sorted as [`finish_doc`] sorts its spans, and
/// the entities of those it keeps counted into `counts` (cleared first) as it counts them.
/// The document store's records are made with it, a document at a time, without building
/// the spans.
pub(crate) fn sort_and_count(
    ms: &mut [(u32, u32, u32)],
    room: &mut SortRoom,
    counts: &mut Vec<(u32, u32)>,
) {
    let SortRoom { keys, ents } = room;
    // Mentions gathered entity after entity (as the store gathers them) are counted as they
    // come, and the few that overlap another taken off after: no second sort, of the
    // entities. Else the kept ones' entities are sorted and counted.
    counts.clear();
    let mut grouped = true;
    for &(_, _, e) in ms.iter() {
        match counts.last_mut() {
            Some((last, c)) if *last == e => *c += 1,
            Some((last, _)) if *last > e => {
                grouped = false;
                break;
            }
            _ => counts.push((e, 1)),
        }
    }
    // The keys made once and sorted as plain integers, then read back: fewer instructions
    // than making two keys at every comparison. (A key holds its whole mention, so the
    // order is the same.)
    keys.clear();
    keys.extend(
        ms.iter()
            .map(|&(start, end, entity)| span_order(start, end, entity)),
    );
    keys.sort_unstable();
    let mut kept = Overlaps::default();
    // The entities of the mentions dropped (grouped), or of those kept (not).
    ents.clear();
    for (m, &k) in ms.iter_mut().zip(keys.iter()) {
        let (start, end, entity) = ((k >> 64) as u32, !((k >> 32) as u32), k as u32);
        *m = (start, end, entity);
        if kept.keeps(start, end) != grouped {
            ents.push(entity);
        }
    }
    if grouped {
        for &e in ents.iter() {
            if let Ok(i) = counts.binary_search_by_key(&e, |&(x, _)| x) {
                counts[i].1 -= 1;
            }
        }
        counts.retain(|&(_, c)| c > 0);
    } else {
        counts.clear();
        count_entities(ents, counts);
    }
}

/// The spans' order (by start, longest first, then entity) as one integer: a sort compares
/// it at once rather than field after field.
fn span_order(start: u32, end: u32, entity: u32) -> u128 {
    (u128::from(start) << 64) | (u128::from(!end) << 32) | u128::from(entity)
}

/// Which spans, taken in [`span_order`], a document keeps: the first, then each that starts
/// at or after the end of the one kept before it.
#[derive(Default)]
struct Overlaps {
    last_end: Option<u32>,
}

impl Overlaps {
    fn keeps(&mut self, start: u32, end: u32) -> bool {
        let keep = self.last_end.is_none_or(|last| start >= last);
        if keep {
            self.last_end = Some(end);
        }
        keep
    }
}

/// `ents` sorted, then counted into `counts` as (entity, mentions), by entity.
fn count_entities(ents: &mut [u32], counts: &mut Vec<(u32, u32)>) {
    ents.sort_unstable();
    for &e in ents.iter() {
        match counts.last_mut() {
            Some((last, c)) if *last == e => *c += 1,
            _ => counts.push((e, 1)),
        }
    }
}

/// Position of `m` in `mentions` (sorted by doc, start), for "mention k/M".
pub fn mention_position(mentions: &[Mention], m: &Mention) -> Option<usize> {
    mentions.binary_search(m).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mentions of a made-up document: `n` of them, from a small range of starts and lengths
    /// so that many overlap (and some repeat), gathered entity after entity or not.
    fn mentions(seed: u64, n: usize, grouped: bool) -> Vec<(u32, u32, u32)> {
        let mut x = seed | 1;
        let mut next = |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m) as u32
        };
        let mut ms: Vec<(u32, u32, u32)> = (0..n)
            .map(|_| {
                let start = next(200);
                (start, start + 1 + next(12), next(9))
            })
            .collect();
        if grouped {
            ms.sort_by_key(|&(s, _, e)| (e, s));
        }
        ms
    }

    #[test]
    fn sort_and_count_agrees_with_finish_doc() {
        let mut room = SortRoom::default();
        let mut counts = Vec::new();
        for seed in 1..400u64 {
            for grouped in [true, false] {
                let n = (seed % 60) as usize;
                let mut ms = mentions(seed, n, grouped);
                let mut spans: Vec<Span> = ms
                    .iter()
                    .map(|&(s, e, x)| Span::new(s, e, x, EntityKind::Person))
                    .collect();
                let mut want = Vec::new();
                finish_doc(&mut spans, &mut want);
                sort_and_count(&mut ms, &mut room, &mut counts);
                assert_eq!(counts, want, "seed {seed}, grouped {grouped}");
                let mut sorted = ms.clone();
                sorted.sort_by_key(|&(s, e, x)| span_order(s, e, x));
                assert_eq!(ms, sorted, "seed {seed}, grouped {grouped}");
                let mut kept = Overlaps::default();
                let kept: Vec<(u32, u32, u32)> = ms
                    .into_iter()
                    .filter(|&(s, e, _)| kept.keeps(s, e))
                    .collect();
                let spans: Vec<(u32, u32, u32)> =
                    spans.iter().map(|s| (s.start, s.end, s.entity)).collect();
                assert_eq!(kept, spans, "seed {seed}, grouped {grouped}");
            }
        }
    }
}
