//! Views over an analysed corpus that go beyond a list of names: the [`timeline`] of every date
//! (bucketed by [`Zoom`], with the documents dated in each bucket), the entities that appear
//! with one entity ([`cooccurrence`]), and a keyword-in-context list of an entity's mentions
//! ([`mention_list`]). All are pure functions of a [`Corpus`] and its [`Index`], shared by the
//! TUI overlays and the `entities --with` / `mentions` subcommands.
//!
//! Sentences are found by [`sentences`]: a paragraph break, or `.`, `!`, `?` (optionally
//! followed by a closing quote or bracket) followed by white space, ends one. A mention's
//! context is its sentence clipped to a window around it ([`context`]: [`CONTEXT_WORDS`] words
//! and at most [`CONTEXT_BYTES`] bytes each side), so text without sentence ends never makes
//! every mention carry the whole document.

use crate::index::Index;
use crate::model::{Corpus, DocId, EntityKind};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use std::ops::Range;

/// How finely the timeline buckets dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Zoom {
    /// Every date at its own precision (day, week, month or year).
    #[default]
    Day,
    /// Days and weeks folded into their month.
    Month,
    /// Everything folded into its year.
    Year,
}

impl Zoom {
    pub fn name(self) -> &'static str {
        match self {
            Zoom::Day => "day",
            Zoom::Month => "month",
            Zoom::Year => "year",
        }
    }

    /// One step finer (`+`), staying at day.
    pub fn finer(self) -> Zoom {
        match self {
            Zoom::Year => Zoom::Month,
            _ => Zoom::Day,
        }
    }

    /// One step coarser (`-`), staying at year.
    pub fn coarser(self) -> Zoom {
        match self {
            Zoom::Day => Zoom::Month,
            _ => Zoom::Year,
        }
    }
}

/// The first day an ISO date value (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-Www`, a quarter
/// `YYYY-Qn` or a season `YYYY-SP|SU|FA|WI`) covers.
pub fn value_start(value: &str) -> Option<NaiveDate> {
    if let Some((y, period)) = value.split_once('-') {
        let month = match period {
            "Q1" | "Q2" | "Q3" | "Q4" => {
                Some((u32::from(period.as_bytes()[1]) - u32::from(b'1')) * 3 + 1)
            }
            "SP" => Some(3),
            "SU" => Some(6),
            "FA" => Some(9),
            "WI" => Some(12),
            _ => None,
        };
        if let Some(m) = month {
            return NaiveDate::from_ymd_opt(y.parse().ok()?, m, 1);
        }
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .or_else(|| {
            if value.len() == 7 && value.as_bytes().get(4) == Some(&b'-') {
                NaiveDate::parse_from_str(&format!("{value}-01"), "%Y-%m-%d").ok()
            } else {
                None
            }
        })
        .or_else(|| {
            let (y, w) = value.split_once("-W")?;
            NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, chrono::Weekday::Mon)
        })
        .or_else(|| {
            if value.len() == 4 {
                NaiveDate::from_ymd_opt(value.parse().ok()?, 1, 1)
            } else {
                None
            }
        })
}

/// The bucket a date value falls in at `zoom`: itself at day zoom, its month at month zoom
/// (a year stays a year), its year at year zoom. `None` when the value is not an ISO date.
pub fn bucket(value: &str, zoom: Zoom) -> Option<String> {
    let start = value_start(value)?;
    Some(match zoom {
        Zoom::Day => value.to_string(),
        Zoom::Month if value.len() == 4 => value.to_string(),
        Zoom::Month => format!("{:04}-{:02}", start.year(), start.month()),
        Zoom::Year => format!("{:04}", start.year()),
    })
}

/// The bucket a document date falls in at `zoom`.
fn day_bucket(d: NaiveDate, zoom: Zoom) -> String {
    match zoom {
        Zoom::Day => d.format("%Y-%m-%d").to_string(),
        Zoom::Month => d.format("%Y-%m").to_string(),
        Zoom::Year => d.format("%Y").to_string(),
    }
}

/// Chronological order of buckets: by first day, then coarser first (`2021` before
/// `2021-01` before `2021-01-01`).
fn bucket_key(value: &str) -> (NaiveDate, usize) {
    (value_start(value).unwrap_or(NaiveDate::MAX), value.len())
}

/// One row of the timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineRow {
    /// The bucket's ISO value, or `None` for an unresolved date.
    pub bucket: Option<String>,
    /// Mentions of the dates in the bucket.
    pub mentions: usize,
    /// The date entities in the bucket, most mentioned first.
    pub entities: Vec<usize>,
    /// Documents mentioning a date of the bucket, in corpus order.
    pub docs: Vec<DocId>,
    /// Documents whose own date falls in the bucket, with whether that date was inferred.
    pub dated: Vec<(DocId, bool)>,
}

/// Every resolved date bucket in chronological order (with documents placed by their own
/// date), then one row per unresolved date entity, most mentioned first.
pub fn timeline(corpus: &Corpus, zoom: Zoom) -> Vec<TimelineRow> {
    let mut rows: HashMap<String, TimelineRow> = HashMap::new();
    let mut unresolved = Vec::new();
    for (i, e) in corpus.entities.iter().enumerate() {
        if e.kind != EntityKind::Date {
            continue;
        }
        let b = e.value.as_deref().and_then(|v| bucket(v, zoom));
        let Some(b) = b else {
            let mut docs: Vec<DocId> = e.mentions.iter().map(|m| m.doc()).collect();
            docs.dedup();
            unresolved.push(TimelineRow {
                bucket: None,
                mentions: e.mentions.len(),
                entities: vec![i],
                docs,
                dated: Vec::new(),
            });
            continue;
        };
        let row = rows.entry(b.clone()).or_insert_with(|| TimelineRow {
            bucket: Some(b),
            mentions: 0,
            entities: Vec::new(),
            docs: Vec::new(),
            dated: Vec::new(),
        });
        row.mentions += e.mentions.len();
        row.entities.push(i);
        row.docs.extend(e.mentions.iter().map(|m| m.doc()));
    }
    for d in corpus.documents.iter() {
        let Some(date) = d.date else { continue };
        let b = day_bucket(date, zoom);
        rows.entry(b.clone())
            .or_insert_with(|| TimelineRow {
                bucket: Some(b),
                mentions: 0,
                entities: Vec::new(),
                docs: Vec::new(),
                dated: Vec::new(),
            })
            .dated
            .push((d.id, d.date_inferred));
    }
    let count = |e: &usize| corpus.entities.get(*e).map_or(0, |x| x.mentions.len());
    let mut out: Vec<TimelineRow> = rows.into_values().collect();
    for r in &mut out {
        r.docs.sort_unstable();
        r.docs.dedup();
        r.entities
            .sort_by_key(|e| (std::cmp::Reverse(count(e)), *e));
    }
    out.sort_by_cached_key(|r| bucket_key(r.bucket.as_deref().unwrap_or("")));
    unresolved.sort_by_key(|r| (std::cmp::Reverse(r.mentions), r.entities.first().copied()));
    out.extend(unresolved);
    out
}

/// The sentences of `text[from..]` as byte ranges (trimmed, non-empty), in order.
pub fn sentences(text: &str, from: usize) -> Vec<Range<usize>> {
    let from = if text.is_char_boundary(from) { from } else { 0 };
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = from;
    let push = |s: usize, e: usize, out: &mut Vec<Range<usize>>| {
        let piece = &text[s..e];
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            out.push(s + lead..s + lead + trimmed.len());
        }
    };
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            // A blank line (only spaces between two newlines) ends a paragraph.
            let mut j = i + 1;
            while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t' || bytes[j] == b'\r') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'\n' {
                push(start, i, &mut out);
                start = j + 1;
                i = j + 1;
                continue;
            }
        } else if matches!(b, b'.' | b'!' | b'?') {
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b')' | b']') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j].is_ascii_whitespace() {
                push(start, j, &mut out);
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if start < text.len() {
        push(start, text.len(), &mut out);
    }
    out
}

/// The sentence of `sentences` containing byte `offset` (or the nearest one before it).
pub fn sentence_of(sentences: &[Range<usize>], offset: usize) -> Option<Range<usize>> {
    let i = sentences.partition_point(|s| s.end <= offset);
    match sentences.get(i) {
        Some(s) if s.start <= offset => Some(s.clone()),
        _ => i.checked_sub(1).and_then(|j| sentences.get(j)).cloned(),
    }
}

/// An entity appearing with another, with how often.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoRow {
    pub entity: usize,
    /// Sentences mentioning both.
    pub sentences: usize,
    /// Documents mentioning both.
    pub documents: usize,
}

/// The entities that appear with entity `e`, ranked: most shared sentences first, then most
/// shared documents, then name.
pub fn cooccurrence(corpus: &Corpus, index: &Index, e: usize) -> Vec<CoRow> {
    let Some(ent) = corpus.entities.get(e) else {
        return Vec::new();
    };
    let mut counts: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut docs: Vec<DocId> = ent.mentions.iter().map(|m| m.doc()).collect();
    docs.dedup();
    for d in docs {
        let Some(doc) = corpus.documents.get(d) else {
            continue;
        };
        for (other, _) in index.entities_of(d) {
            if other != e {
                counts.entry(other).or_default().1 += 1;
            }
        }
        let sents = sentences(&doc.text, doc.body_start);
        let mut mine: Vec<Range<usize>> = ent
            .mentions
            .iter()
            .filter(|m| m.doc() == d)
            .filter_map(|m| sentence_of(&sents, m.start()))
            .collect();
        mine.dedup();
        let spans = index.spans(d);
        for s in mine {
            let from = spans.partition_point(|sp| sp.end() <= s.start);
            let mut seen: Vec<usize> = spans[from..]
                .iter()
                .take_while(|sp| sp.start() < s.end)
                .map(|sp| sp.entity())
                .filter(|&o| o != e)
                .collect();
            seen.sort_unstable();
            seen.dedup();
            for o in seen {
                counts.entry(o).or_default().0 += 1;
            }
        }
    }
    let name = |i: usize| {
        corpus
            .entities
            .get(i)
            .map(|x| x.name.to_lowercase())
            .unwrap_or_default()
    };
    let mut rows: Vec<CoRow> = counts
        .into_iter()
        .map(|(entity, (sentences, documents))| CoRow {
            entity,
            sentences,
            documents,
        })
        .collect();
    rows.sort_by_cached_key(|r| {
        (
            std::cmp::Reverse(r.sentences),
            std::cmp::Reverse(r.documents),
            name(r.entity),
            r.entity,
        )
    });
    rows
}

/// Words of context a mention keeps on each side (fewer where its sentence ends sooner).
pub const CONTEXT_WORDS: usize = 12;
/// Bytes of context a mention keeps on each side at most (text without spaces, long words).
pub const CONTEXT_BYTES: usize = 160;

/// A mention's context, keyword-in-context style: `sentence` (the one around `span`, as
/// [`sentence_of`] gives it) clipped to at most `words` words and `bytes` bytes on each side
/// of `span` (`words` at least 1). Clipping by bytes drops a partial word at the cut when there is a space to cut
/// at. Always contains `span`; costs the window, not the sentence.
pub fn context(
    text: &str,
    sentence: Range<usize>,
    span: Range<usize>,
    words: usize,
    bytes: usize,
) -> Range<usize> {
    let (s0, s1) = (sentence.start.min(span.start), sentence.end.max(span.end));
    if text.get(s0..s1).is_none() || text.get(span.clone()).is_none() {
        return span;
    }
    // Before the mention: back over `words` words or to the byte limit.
    let mut lo = s0.max(span.start.saturating_sub(bytes));
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let (last, by_words) = walk_words(text[lo..span.start].char_indices().rev(), words);
    let mut start = last.map_or(span.start, |(i, _)| lo + i);
    if !by_words && start > s0 && !text[..start].ends_with(char::is_whitespace) {
        // Cut inside a word: start after its end, if a space follows within the window.
        if let Some(k) = text[start..span.start].find(char::is_whitespace) {
            start += k;
        }
    }
    // After the mention: on over `words` words or to the byte limit.
    let mut hi = s1.min(span.end.saturating_add(bytes));
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let (last, by_words) = walk_words(text[span.end..hi].char_indices(), words);
    let mut end = last.map_or(span.end, |(i, c)| span.end + i + c.len_utf8());
    if !by_words && end < s1 && !text[end..].starts_with(char::is_whitespace) {
        if let Some(k) = text[span.end..end].rfind(char::is_whitespace) {
            end = span.end + k;
        }
    }
    let inner = &text[start..end];
    let lead = inner.len() - inner.trim_start().len();
    let trail = inner.len() - inner.trim_end().len();
    (start + lead).min(span.start)..(end - trail).max(span.end)
}

/// Walks characters away from a mention (either direction) until `words` whole words have been
/// passed; returns the last character taken and whether the word count (not the window's end)
/// stopped it.
fn walk_words(
    chars: impl Iterator<Item = (usize, char)>,
    words: usize,
) -> (Option<(usize, char)>, bool) {
    let (mut count, mut in_word, mut last) = (0, false, None);
    for (i, c) in chars {
        if c.is_whitespace() {
            if in_word {
                count += 1;
                if count == words {
                    return (last, true);
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
        last = Some((i, c));
    }
    (last, false)
}

/// One mention of an entity in context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentionRow {
    /// Index into the entity's mentions.
    pub mention: usize,
    pub doc: DocId,
    /// The mention's bytes in the document's text.
    pub span: Range<usize>,
    /// The context around it: its sentence, clipped to a window (see [`context`]).
    pub sentence: Range<usize>,
}

/// Every mention of entity `e` with its context (see [`context`]), in corpus order.
pub fn mention_list(corpus: &Corpus, e: usize) -> Vec<MentionRow> {
    let Some(ent) = corpus.entities.get(e) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(ent.mentions.len());
    let mut cache: Option<(DocId, Vec<Range<usize>>)> = None;
    for (k, m) in ent.mentions.iter().enumerate() {
        let Some(doc) = corpus.documents.get(m.doc()) else {
            continue;
        };
        if cache.as_ref().is_none_or(|(d, _)| *d != m.doc()) {
            cache = Some((m.doc(), sentences(&doc.text, doc.body_start)));
        }
        let sentence = cache
            .as_ref()
            .and_then(|(_, s)| sentence_of(s, m.start()))
            .filter(|s| s.start <= m.start() && m.end() <= s.end)
            .unwrap_or(m.start()..m.end());
        let sentence = context(
            &doc.text,
            sentence,
            m.start()..m.end(),
            CONTEXT_WORDS,
            CONTEXT_BYTES,
        );
        out.push(MentionRow {
            mention: k,
            doc: m.doc(),
            span: m.start()..m.end(),
            sentence,
        });
    }
    out
}

/// A sentence on one line (runs of white space become one space) and the char range the
/// mention `span` covers in it.
pub fn kwic_line(text: &str, sentence: Range<usize>, span: Range<usize>) -> (String, Range<usize>) {
    let s = text.get(sentence.clone()).unwrap_or("");
    let mut line = String::with_capacity(s.len());
    let (mut from, mut to) = (None, None);
    let mut chars = 0;
    let mut space = false;
    for (i, c) in s.char_indices() {
        let at = sentence.start + i;
        if at == span.start {
            if space {
                line.push(' ');
                chars += 1;
                space = false;
            }
            from = Some(chars);
        }
        if at == span.end {
            to = Some(chars);
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            line.push(' ');
            chars += 1;
            space = false;
        }
        line.push(c);
        chars += 1;
    }
    let from = from.unwrap_or(0);
    let to = to.unwrap_or(chars).max(from);
    (line, from..to)
}

/// Words before a surname in a query ("Mr Blair").
const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "prof",
    "professor",
];

/// The entity a typed query means: an exact name, alias or id first (accents and case folded),
/// else the best fuzzy match of its name, aliases or date value; ties go to the most mentioned.
pub fn best_entity(corpus: &Corpus, query: &str) -> Option<usize> {
    let q = query.trim();
    if q.is_empty() {
        return None;
    }
    if let Some(i) = corpus.entities.iter().position(|e| e.id == q) {
        return Some(i);
    }
    let folded = crate::search::fold(q).to_lowercase();
    let forms = |e: &crate::model::Entity| {
        let mut f: Vec<String> = vec![e.name.clone()];
        f.extend(e.aliases.iter().cloned());
        if let Some(v) = &e.value {
            f.push(v.clone());
            f.push(crate::search::date_forms(v));
        }
        f
    };
    let exact = corpus
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            forms(e)
                .iter()
                .any(|f| crate::search::fold(f).to_lowercase() == folded)
        })
        .max_by_key(|(i, e)| (e.mentions.len(), std::cmp::Reverse(*i)))
        .map(|(i, _)| i);
    if exact.is_some() {
        return exact;
    }
    // "Mr Blair", "Dr. Smith": the most mentioned person whose name ends with the rest.
    let words: Vec<&str> = folded.split_whitespace().collect();
    if words.len() >= 2 && HONORIFICS.contains(&words[0].trim_end_matches('.')) {
        let rest = words[1..].join(" ");
        let tail = format!(" {rest}");
        let person = corpus
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == crate::model::EntityKind::Person)
            .filter(|(_, e)| {
                std::iter::once(&e.name).chain(&e.aliases).any(|f| {
                    let f = crate::search::fold(f).to_lowercase();
                    f == rest || f.ends_with(&tail)
                })
            })
            .max_by_key(|(i, e)| (e.mentions.len(), std::cmp::Reverse(*i)))
            .map(|(i, _)| i);
        if person.is_some() {
            return person;
        }
    }
    let query = crate::search::Query::parse(q);
    corpus
        .entities
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let score = forms(e)
                .iter()
                .filter_map(|f| query.match_text(f).map(|(s, _)| s))
                .max()?;
            Some((score, e.mentions.len(), std::cmp::Reverse(i), i))
        })
        .max()
        .map(|t| t.3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Entity, Format, Mention, SourceMap};

    fn doc(id: usize, text: &str, date: Option<&str>, inferred: bool) -> Document {
        Document {
            id,
            path: format!("t/{id}.txt"),
            record: None,
            format: Format::Text,
            title: format!("Doc {id}"),
            date: date.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            date_inferred: inferred,
            url: None,
            text: text.into(),
            body_start: 0,
            source_map: SourceMap::identity(),
            ..Default::default()
        }
    }

    fn ent(kind: EntityKind, name: &str, value: Option<&str>, docs: &[&Document]) -> Entity {
        let mut mentions = Vec::new();
        for d in docs {
            for (i, m) in d.text.match_indices(name) {
                mentions.extend(Mention::new(d.id, i, i + m.len()));
            }
        }
        Entity {
            id: format!("{}:{}", kind.as_str(), name.to_lowercase()),
            kind,
            name: name.into(),
            value: value.map(Into::into),
            aliases: vec![],
            mentions: mentions.into(),
        }
    }

    fn corpus() -> Corpus {
        let d0 = doc(
            0,
            "Ana Torres met Luis Vega in Lima on 2020-03-04. Luis Vega left.\n\nLima slept on 2020-03-04 and in 2021.",
            Some("2020-03-05"),
            false,
        );
        let d1 = doc(
            1,
            "Ana Torres wrote to Luis Vega from Quito in 2020-W12. Nobody else came.",
            Some("2020-03-20"),
            true,
        );
        let entities = vec![
            ent(EntityKind::Person, "Ana Torres", None, &[&d0, &d1]),
            ent(EntityKind::Person, "Luis Vega", None, &[&d0, &d1]),
            ent(EntityKind::Place, "Lima", None, &[&d0, &d1]),
            ent(EntityKind::Place, "Quito", None, &[&d0, &d1]),
            ent(EntityKind::Date, "2020-03-04", Some("2020-03-04"), &[&d0]),
            ent(EntityKind::Date, "2021", Some("2021"), &[&d0]),
            ent(EntityKind::Date, "2020-W12", Some("2020-W12"), &[&d1]),
            ent(EntityKind::Date, "Nobody", None, &[&d1]),
        ];
        Corpus {
            documents: vec![d0, d1].into(),
            entities: entities.into(),
            notices: vec![],
        }
    }

    #[test]
    fn buckets_follow_the_zoom() {
        assert_eq!(
            bucket("2021-11-21", Zoom::Day).as_deref(),
            Some("2021-11-21")
        );
        assert_eq!(
            bucket("2021-11-21", Zoom::Month).as_deref(),
            Some("2021-11")
        );
        assert_eq!(bucket("2021-W47", Zoom::Month).as_deref(), Some("2021-11"));
        // Quarters and seasons fall in their first month.
        assert_eq!(bucket("2009-Q3", Zoom::Month).as_deref(), Some("2009-07"));
        assert_eq!(bucket("2009-WI", Zoom::Year).as_deref(), Some("2009"));
        assert_eq!(bucket("2021", Zoom::Month).as_deref(), Some("2021"));
        assert_eq!(bucket("2021-11", Zoom::Year).as_deref(), Some("2021"));
        assert_eq!(bucket("soon", Zoom::Day), None);
        assert_eq!(Zoom::Day.coarser().coarser(), Zoom::Year);
        assert_eq!(Zoom::Year.coarser(), Zoom::Year);
        assert_eq!(Zoom::Year.finer().finer(), Zoom::Day);
    }

    #[test]
    fn timeline_is_chronological_with_documents_and_unresolved_last() {
        let c = corpus();
        let rows = timeline(&c, Zoom::Day);
        let buckets: Vec<Option<&str>> = rows.iter().map(|r| r.bucket.as_deref()).collect();
        assert_eq!(
            buckets,
            [
                Some("2020-03-04"),
                Some("2020-03-05"),
                Some("2020-W12"),
                Some("2020-03-20"),
                Some("2021"),
                None
            ]
        );
        assert_eq!(rows[0].mentions, 2);
        assert_eq!(rows[0].docs, vec![0]);
        assert_eq!(rows[1].dated, vec![(0, false)], "the document's own date");
        assert_eq!(rows[3].dated, vec![(1, true)], "inferred date marked");
        let month = timeline(&c, Zoom::Month);
        let m: Vec<(Option<&str>, usize)> = month
            .iter()
            .map(|r| (r.bucket.as_deref(), r.mentions))
            .collect();
        assert_eq!(m, [(Some("2020-03"), 3), (Some("2021"), 1), (None, 1)]);
        assert_eq!(month[0].dated.len(), 2);
        assert_eq!(month[0].entities.len(), 2);
        let year = timeline(&c, Zoom::Year);
        assert_eq!(year[0].bucket.as_deref(), Some("2020"));
        assert_eq!(year[1].mentions, 1);
    }

    #[test]
    fn sentences_split_on_stops_and_paragraphs() {
        let t = "One here. Two \"there.\" Three?\n\nFour\nstill four";
        let s: Vec<&str> = sentences(t, 0).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            s,
            ["One here.", "Two \"there.\"", "Three?", "Four\nstill four"]
        );
        let all = sentences(t, 0);
        assert_eq!(
            sentence_of(&all, t.find("still").expect("in")).map(|r| &t[r]),
            Some("Four\nstill four")
        );
        assert_eq!(sentences("2.5 kg. Ok", 0).len(), 2);
    }

    #[test]
    fn cooccurrence_ranks_sentences_then_documents() {
        let c = corpus();
        let idx = Index::build(&c);
        let rows = cooccurrence(&c, &idx, 0);
        let named: Vec<(&str, usize, usize)> = rows
            .iter()
            .map(|r| (c.entities[r.entity].name.as_str(), r.sentences, r.documents))
            .collect();
        assert_eq!(named[0], ("Luis Vega", 2, 2));
        assert!(named.contains(&("Quito", 1, 1)));
        assert!(named.contains(&("Lima", 1, 1)));
        assert!(named.contains(&("2021", 0, 1)), "same document only");
        assert!(!named.iter().any(|r| r.0 == "Ana Torres"));
        assert!(cooccurrence(&c, &idx, 99).is_empty());
    }

    #[test]
    fn best_entity_prefers_exact_then_fuzzy() {
        let c = corpus();
        assert_eq!(best_entity(&c, "luis vega"), Some(1));
        assert_eq!(best_entity(&c, "place:lima"), Some(2));
        assert_eq!(best_entity(&c, "quto"), Some(3));
        assert_eq!(best_entity(&c, "zzzz"), None);
        assert_eq!(best_entity(&c, "  "), None);
    }

    #[test]
    fn honorific_query_prefers_the_most_mentioned_person_with_that_surname() {
        let d = doc(
            0,
            "Tony Blair spoke. Tony Blair left. Tony Blair won. Mark Blair came.",
            None,
            false,
        );
        let mark = ent(EntityKind::Person, "Mark Blair", None, &[&d]);
        let tony = ent(EntityKind::Person, "Tony Blair", None, &[&d]);
        let c = Corpus {
            documents: vec![d].into(),
            entities: vec![mark, tony].into(),
            notices: vec![],
        };
        assert_eq!(best_entity(&c, "Mr Blair"), Some(1));
        assert_eq!(best_entity(&c, "mr. blair"), Some(1));
        assert_eq!(best_entity(&c, "Mark Blair"), Some(0));
    }

    #[test]
    fn mention_list_gives_sentences_and_kwic_marks_the_mention() {
        let c = corpus();
        let rows = mention_list(&c, 1);
        assert_eq!(rows.len(), 3);
        let t = &c.documents[0].text;
        assert_eq!(&t[rows[1].sentence.clone()], "Luis Vega left.");
        let (line, r) = kwic_line(t, rows[0].sentence.clone(), rows[0].span.clone());
        assert_eq!(line, "Ana Torres met Luis Vega in Lima on 2020-03-04.");
        let marked: String = line.chars().skip(r.start).take(r.len()).collect();
        assert_eq!(marked, "Luis Vega");
        let (line, r) = kwic_line("a \n\n  b c", 0..9, 6..7);
        assert_eq!(line, "a b c");
        assert_eq!(r, 2..3);
    }

    #[test]
    fn context_keeps_near_sentence_ends_and_clips_far_ones() {
        let t = "Short one. Then Vega came home. After that";
        let all = sentences(t, 0);
        let at = t.find("Vega").expect("in");
        let span = at..at + 4;
        let s = sentence_of(&all, at).expect("sentence");
        assert_eq!(
            &t[context(t, s.clone(), span.clone(), 12, 160)],
            "Then Vega came home."
        );
        assert_eq!(&t[context(t, s, span, 1, 160)], "Then Vega came");
        // Far from any sentence end: a window of words.
        let long = format!("{}Vega {}", "w ".repeat(1000), "x ".repeat(1000));
        let at = long.find("Vega").expect("in");
        let r = context(&long, 0..long.len(), at..at + 4, 3, 160);
        assert_eq!(&long[r], "w w w Vega x x x");
        // By bytes: a partial word at the cut is dropped; text without spaces is cut anywhere
        // on a character boundary.
        let words = format!("{}Vega{}", "abcdefgh ".repeat(40), " ijklmnop".repeat(40));
        let at = words.find("Vega").expect("in");
        let r = context(&words, 0..words.len(), at..at + 4, 100, 20);
        assert_eq!(&words[r], "abcdefgh abcdefgh Vega ijklmnop ijklmnop");
        let han = format!("{}維加{}", "中".repeat(500), "文".repeat(500));
        let at = han.find("維加").expect("in");
        let r = context(&han, 0..han.len(), at..at + 6, 12, 30);
        assert!(r.len() <= 6 + 60 && han.is_char_boundary(r.start) && han.is_char_boundary(r.end));
        assert!(han[r].contains("維加"));
    }
}
