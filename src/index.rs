//! What the UI and search query: per-document mention lists and the corpus-wide mention order.

use crate::model::{Corpus, EntityKind, Mention};

/// A mention placed in its document, pointing back at its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    /// Index into [`Corpus::entities`].
    pub entity: usize,
    pub kind: EntityKind,
}

/// Lookup tables built once after analysis.
#[derive(Clone, Debug, Default)]
pub struct Index {
    /// For each document, its mentions sorted by start (overlaps removed: first, longest wins).
    pub doc_spans: Vec<Vec<Span>>,
    /// For each document, the entities mentioned in it with their mention counts.
    pub doc_entities: Vec<Vec<(usize, usize)>>,
}

impl Index {
    pub fn build(corpus: &Corpus) -> Index {
        let n = corpus.documents.len();
        let mut doc_spans: Vec<Vec<Span>> = vec![Vec::new(); n];
        for (ei, e) in corpus.entities.iter().enumerate() {
            for m in &e.mentions {
                if let Some(spans) = doc_spans.get_mut(m.doc) {
                    spans.push(Span {
                        start: m.start,
                        end: m.end,
                        entity: ei,
                        kind: e.kind,
                    });
                }
            }
        }
        let mut doc_entities = Vec::with_capacity(n);
        for spans in &mut doc_spans {
            spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
            let mut kept: Vec<Span> = Vec::with_capacity(spans.len());
            for s in spans.drain(..) {
                if kept.last().is_none_or(|k| s.start >= k.end) {
                    kept.push(s);
                }
            }
            *spans = kept;
            let mut counts: Vec<(usize, usize)> = Vec::new();
            let mut ents: Vec<usize> = spans.iter().map(|s| s.entity).collect();
            ents.sort_unstable();
            for e in ents {
                match counts.last_mut() {
                    Some((last, c)) if *last == e => *c += 1,
                    _ => counts.push((e, 1)),
                }
            }
            doc_entities.push(counts);
        }
        Index {
            doc_spans,
            doc_entities,
        }
    }

    /// The span of `doc` containing byte `offset`, if any.
    pub fn span_at(&self, doc: usize, offset: usize) -> Option<&Span> {
        let spans = self.doc_spans.get(doc)?;
        let i = spans.partition_point(|s| s.end <= offset);
        spans.get(i).filter(|s| s.start <= offset)
    }
}

/// Position of `m` in `mentions` (sorted by doc, start), for "mention k/M".
pub fn mention_position(mentions: &[Mention], m: &Mention) -> Option<usize> {
    mentions.binary_search(m).ok()
}
