//! What the UI and search query: per-document mention lists and the corpus-wide mention order.

use crate::model::{Corpus, EntityKind, Mention};

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

/// Lookup tables built once after analysis.
#[derive(Clone, Debug, Default)]
pub struct Index {
    /// For each document, its mentions sorted by start (overlaps removed: first, longest wins).
    pub doc_spans: Vec<Vec<Span>>,
    /// For each document, the entities mentioned in it with their mention counts (as `u32`,
    /// eight bytes a pair: see [`Index::entities_of`] for them as indices).
    pub doc_entities: Vec<Vec<(u32, u32)>>,
}

impl Index {
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
        }
    }

    /// The entities mentioned in `doc`, with their mention counts.
    pub fn entities_of(&self, doc: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.doc_entities
            .get(doc)
            .into_iter()
            .flatten()
            .map(|&(e, c)| (e as usize, c as usize))
    }

    /// The span of `doc` containing byte `offset`, if any.
    pub fn span_at(&self, doc: usize, offset: usize) -> Option<&Span> {
        let spans = self.doc_spans.get(doc)?;
        let i = spans.partition_point(|s| s.end() <= offset);
        spans.get(i).filter(|s| s.start() <= offset)
    }
}

/// Sorts one document's spans by start (overlaps removed: first, longest wins) and counts its
/// entities.
fn finish_doc(spans: &mut Vec<Span>, counts: &mut Vec<(u32, u32)>) {
    spans.sort_unstable_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.entity.cmp(&b.entity))
    });
    let mut last_end = 0;
    let mut first = true;
    spans.retain(|s| {
        let keep = first || s.start >= last_end;
        if keep {
            last_end = s.end;
            first = false;
        }
        keep
    });
    spans.shrink_to_fit();
    let mut ents: Vec<u32> = spans.iter().map(|s| s.entity).collect();
    ents.sort_unstable();
    for e in ents {
        match counts.last_mut() {
            Some((last, c)) if *last == e => *c += 1,
            _ => counts.push((e, 1)),
        }
    }
    counts.shrink_to_fit();
}

/// Position of `m` in `mentions` (sorted by doc, start), for "mention k/M".
pub fn mention_position(mentions: &[Mention], m: &Mention) -> Option<usize> {
    mentions.binary_search(m).ok()
}
