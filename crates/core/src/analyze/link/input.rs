//! What the linker keeps of each document's extraction: compact records taken as the
//! extraction comes (a segment of documents at a time), so the extraction itself can be dropped
//! at once. Per name candidate a 36-byte [`CandRec`] (its span, its folded form and surface as
//! numbers, its kind, strength and the two bits of its text the linker reads); per date a
//! 24-byte [`DateRec`]; the distinct strings once each, owned. The corpus-wide counts that need
//! no other document (votes per form, the words of cued names, the names before a company's
//! designator) are added up as the records are taken; the rest of linking runs at
//! [`super::link`] over the records.

use super::*;
use crate::analyze::lexicon::{
    B_COMMON, B_COMPASS, B_GIVEN, B_NATIONALITY, B_ORG_SUFFIX, B_SURNAME, W_TITLE,
};
use crate::analyze::DocExtract;

pub(super) use super::casing::Casing;
pub(super) use super::strings::Strings;

/// One name candidate: what the linker reads of it.
#[derive(Clone, Copy)]
pub(super) struct CandRec {
    /// The whole candidate's span in its document (absolute offsets).
    pub at: Mention,
    /// Its folded form's number among [`LinkInput::forms`].
    pub form: u32,
    /// For an acronym defined in parentheses: its long form's number, or [`NONE`].
    pub acronym: u32,
    /// Its surface as written: a number among [`LinkInput::strings`].
    pub surface: u32,
    /// The gazetteer's canonical name: a number among [`LinkInput::strings`], or [`NONE`].
    pub canon: u32,
    /// An unresolved chunk's parts: a number among the chunk's [`Open`]s, or [`NONE`].
    pub open: u32,
    pub kind: Option<EntityKind>,
    pub strength: u8,
    /// [`ONE_WORD`], [`SHOUTS`], [`HAS_AT`], [`TITLED`] (all of them: [`FLAGS`]).
    pub flags: u8,
}

/// One word (not punctuation) in the candidate.
pub(super) const ONE_WORD: u8 = 1;
/// Written in capitals only, not a dotted abbreviation ([`shouts`]).
pub(super) const SHOUTS: u8 = 2;
/// Its span fits the 32-bit [`Mention`] (else it gives no mention).
pub(super) const HAS_AT: u8 = 4;
/// A one-word person right after a capitalized title ("Mr Blair", "Vice President Biden"):
/// the title says which family member it is not always the one its document names in full.
pub(super) const TITLED: u8 = 8;
/// Every flag: what a record read back from disk keeps ([`super::spill`]).
pub(super) const FLAGS: u8 = ONE_WORD | SHOUTS | HAS_AT | TITLED;

/// Is the word right before byte `start` of `text` a capitalized title ("Mr", "Mr.",
/// "President")?
fn after_title(text: &str, start: usize, lex: &Lexicon) -> bool {
    let before = text
        .get(..start)
        .unwrap_or("")
        .trim_end_matches([' ', '\t']);
    let before = before.strip_suffix('.').unwrap_or(before);
    let word = before
        .rsplit(|ch: char| !ch.is_alphabetic())
        .next()
        .unwrap_or("");
    word.chars().next().is_some_and(char::is_uppercase)
        && lex.word_flags(&word.to_lowercase()) & W_TITLE != 0
}

impl CandRec {
    pub(super) fn one(&self) -> bool {
        self.flags & ONE_WORD != 0
    }
}

/// An unresolved chunk's parts, for the known names inside it ([`super::sub_matches`]).
#[derive(Clone, Copy)]
pub(super) struct Open {
    /// The text the parts cover, a number among [`LinkInput::strings`], and where it starts
    /// (relative to the body).
    pub cover: u32,
    pub cover_start: u32,
    /// Its parts: a range of the chunk's parts.
    pub parts: (u32, u32),
}

/// One part of an unresolved chunk: its span (relative to the body), its folded form's range
/// in the chunk's form, and whether it is a word.
#[derive(Clone, Copy)]
pub(super) struct PartRec {
    pub start: u32,
    pub end: u32,
    pub norm: (u32, u32),
    pub word: bool,
}

/// One date mention.
#[derive(Clone, Copy)]
pub(super) struct DateRec {
    pub at: Mention,
    pub has_at: bool,
    /// Its normalized value, a number among [`LinkInput::date_values`], or [`NONE`].
    pub value: u32,
    /// Its surface as written, a number among [`LinkInput::date_surfaces`].
    pub surface: u32,
}

/// One document's records in its chunk.
#[derive(Clone, Copy)]
pub(super) struct DocRec {
    pub doc: DocId,
    /// Added to every body offset.
    pub offset: usize,
    /// Where its candidates and dates end in the chunk's lists.
    pub cands_end: u32,
    pub dates_end: u32,
}

/// The records of one batch of documents (a segment), in document order.
#[derive(Default)]
pub(super) struct Chunk {
    pub docs: Vec<DocRec>,
    pub cands: Vec<CandRec>,
    pub opens: Vec<Open>,
    pub parts: Vec<PartRec>,
    pub dates: Vec<DateRec>,
    /// The file the records were written to (then emptied here), if they were.
    pub spilled: Option<std::path::PathBuf>,
}

impl Chunk {
    /// Empty, with room for the documents' records (and their candidates' and dates').
    fn sized_for(docs: &[Taken<'_>]) -> Chunk {
        let mut chunk = Chunk::default();
        chunk.docs.reserve_exact(docs.len());
        chunk
            .cands
            .reserve_exact(docs.iter().map(|d| d.3.names.len()).sum());
        chunk
            .dates
            .reserve_exact(docs.iter().map(|d| d.3.dates.len()).sum());
        chunk
    }

    /// The name candidates and the dates it holds, spilled or not (its last document's ends).
    pub fn held(&self) -> (usize, usize) {
        self.docs
            .last()
            .map_or((0, 0), |d| (d.cands_end as usize, d.dates_end as usize))
    }
}

/// One document as [`LinkInput::add_chunk`] takes it: (document, body offset, body, extraction).
type Taken<'x> = (DocId, usize, &'x str, &'x DocExtract);

/// Documents a thread takes at least: fewer are not worth a thread's start.
const MIN_SHARE: usize = 64;

/// Numbers `from`'s strings in `into`, in `from`'s order: per number in `from`, its number in
/// `into`.
fn renumber(into: &mut Strings, from: &Strings) -> Vec<u32> {
    (0..from.len())
        .map(|i| {
            from.entry(i)
                .map_or(NONE, |(s, h)| into.intern_hashed(s, h))
        })
        .collect()
}

/// A number in another table's numbering, in this one's ([`NONE`] stays [`NONE`]).
fn to_id(ids: &[u32], i: u32) -> u32 {
    ids.get(i as usize).copied().unwrap_or(NONE)
}

/// Everything the linker keeps of the corpus's extraction (see the module documentation).
#[derive(Default)]
pub struct LinkInput {
    pub(super) chunks: Vec<Chunk>,
    /// The folded forms of the candidates (and acronyms' long forms), each numbered once.
    pub(super) forms: Strings,
    /// Per form: a city from the gazetteer ([`FormInfo::city`]).
    pub(super) city: Vec<bool>,
    pub(super) votes: Vec<Votes>,
    /// Surfaces, covered texts and canonical names.
    pub(super) strings: Strings,
    pub(super) date_values: Strings,
    pub(super) date_surfaces: Strings,
    /// Names of two words or more before a company's designator ([`company_names`]).
    pub(super) companies: FxSet<Box<str>>,
    /// (form, word's range in it) → how many cued person names of that form give the word
    /// (counted for the corpus's person words unless the form turns out a company's name).
    pub(super) person_cues: FxMap<(u32, u32, u32), u32>,
    /// The same for the words of sure organization names.
    pub(super) org_cues: FxMap<(u32, u32, u32), u32>,
    /// How the corpus writes its common words ([`Casing`]).
    pub(super) casing: Casing,
    /// Where each batch's records are written once taken, if anywhere.
    pub(super) spill: Option<std::path::PathBuf>,
}

impl LinkInput {
    pub fn new() -> LinkInput {
        LinkInput::default()
    }

    /// Records written to files in `dir` (which must exist) as each batch is taken, and read
    /// back one batch at a time when linking settles them; removed once read.
    pub fn spilling_to(dir: std::path::PathBuf) -> LinkInput {
        LinkInput {
            spill: Some(dir),
            ..LinkInput::default()
        }
    }

    /// Documents whose records were taken.
    pub fn documents(&self) -> usize {
        self.chunks.iter().map(|c| c.docs.len()).sum()
    }

    /// Takes the records of a batch of documents: (document, body offset, body, extraction),
    /// in document order. The extractions can be dropped afterwards.
    pub fn add_chunk<'x>(
        &mut self,
        docs: impl IntoIterator<Item = (DocId, usize, &'x str, &'x DocExtract)>,
        lex: &Lexicon,
    ) {
        let docs: Vec<_> = docs.into_iter().collect();
        // Sized once: lists grown by doubling would hold up to twice the batch's records.
        let mut chunk = Chunk::sized_for(&docs);
        self.take_shares(&mut chunk, &docs, lex);
        chunk.docs.shrink_to_fit();
        if let Some(dir) = &self.spill {
            chunk.spilled = super::spill::spill(&mut chunk, dir, self.chunks.len());
        }
        // Held until settled: without the spare room their lists grew.
        chunk.cands.shrink_to_fit();
        chunk.opens.shrink_to_fit();
        chunk.parts.shrink_to_fit();
        chunk.dates.shrink_to_fit();
        self.chunks.push(chunk);
    }

    /// [`LinkInput::add_doc`] for every document of a batch, on every core: the first share
    /// straight into these tables, each other share into tables of its own on a thread of its
    /// own, merged after in document order, so every string gets the number it would have got
    /// on one thread.
    fn take_shares(&mut self, chunk: &mut Chunk, docs: &[Taken<'_>], lex: &Lexicon) {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(docs.len() / MIN_SHARE)
            .max(1);
        let per = docs.len().div_ceil(threads).max(1);
        let mut shares = docs.chunks(per);
        let first = shares.next().unwrap_or(&[]);
        let rest: Vec<&[Taken<'_>]> = shares.collect();
        let taken: Vec<(LinkInput, Chunk)> = std::thread::scope(|s| {
            let handles: Vec<_> = rest
                .iter()
                .map(|share| {
                    s.spawn(move || {
                        let cpu = crate::analyze::LINK_RECORDS_CPU.start();
                        let mut input = LinkInput::default();
                        let mut own = Chunk::sized_for(share);
                        for &(doc, offset, text, x) in *share {
                            input.add_doc(&mut own, doc, offset, text, x, lex);
                        }
                        crate::analyze::LINK_RECORDS_CPU.stop(cpu);
                        (input, own)
                    })
                })
                .collect();
            let cpu = crate::analyze::LINK_RECORDS_CPU.start();
            for &(doc, offset, text, x) in first {
                self.add_doc(chunk, doc, offset, text, x, lex);
            }
            crate::analyze::LINK_RECORDS_CPU.stop(cpu);
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        let cpu = crate::analyze::LINK_RECORDS_CPU.start();
        for (input, own) in taken {
            self.merge(chunk, input, own);
        }
        crate::analyze::LINK_RECORDS_CPU.stop(cpu);
    }

    /// Adds the records another [`LinkInput`] took of the documents after this one's (`own`,
    /// numbered by `other`'s tables): its strings numbered here in its order, its counts added.
    fn merge(&mut self, chunk: &mut Chunk, other: LinkInput, own: Chunk) {
        let LinkInput {
            forms,
            city,
            votes,
            strings,
            date_values,
            date_surfaces,
            companies,
            person_cues,
            org_cues,
            casing,
            ..
        } = other;
        self.casing.merge(casing);
        let mut form_ids: Vec<u32> = Vec::with_capacity(forms.len());
        for i in 0..forms.len() {
            let Some((s, h)) = forms.entry(i) else { break };
            let id = self.forms.intern_hashed(s, h);
            if id as usize == self.city.len() {
                self.city.push(city.get(i).copied().unwrap_or(false));
                self.votes.push(Votes::default());
            }
            if let (Some(to), Some(from)) = (self.votes.get_mut(id as usize), votes.get(i)) {
                for k in 0..3 {
                    to.all[k] += from.all[k];
                    to.strong[k] += from.strong[k];
                }
            }
            form_ids.push(id);
        }
        let str_ids = renumber(&mut self.strings, &strings);
        let value_ids = renumber(&mut self.date_values, &date_values);
        let surface_ids = renumber(&mut self.date_surfaces, &date_surfaces);
        self.companies.extend(companies);
        for ((f, a, b), n) in person_cues {
            *self
                .person_cues
                .entry((to_id(&form_ids, f), a, b))
                .or_default() += n;
        }
        for ((f, a, b), n) in org_cues {
            *self
                .org_cues
                .entry((to_id(&form_ids, f), a, b))
                .or_default() += n;
        }
        let (c0, d0) = (chunk.cands.len() as u32, chunk.dates.len() as u32);
        let (o0, p0) = (chunk.opens.len() as u32, chunk.parts.len() as u32);
        chunk.cands.extend(own.cands.iter().map(|r| CandRec {
            form: to_id(&form_ids, r.form),
            acronym: to_id(&form_ids, r.acronym),
            surface: to_id(&str_ids, r.surface),
            canon: to_id(&str_ids, r.canon),
            open: if r.open == NONE { NONE } else { r.open + o0 },
            ..*r
        }));
        chunk.opens.extend(own.opens.iter().map(|o| Open {
            cover: to_id(&str_ids, o.cover),
            parts: (o.parts.0 + p0, o.parts.1 + p0),
            ..*o
        }));
        chunk.parts.extend_from_slice(&own.parts);
        chunk.dates.extend(own.dates.iter().map(|d| DateRec {
            value: to_id(&value_ids, d.value),
            surface: to_id(&surface_ids, d.surface),
            ..*d
        }));
        chunk.docs.extend(own.docs.iter().map(|d| DocRec {
            cands_end: d.cands_end + c0,
            dates_end: d.dates_end + d0,
            ..*d
        }));
    }

    /// Inlined: it is called for every candidate.
    #[inline]
    fn intern_form(&mut self, s: &str, lex: &Lexicon) -> u32 {
        let id = self.forms.intern(s);
        if id as usize == self.city.len() {
            self.city.push(lex.lookup(s).is_some_and(|e| !e.region));
            self.votes.push(Votes::default());
        }
        id
    }

    fn add_doc(
        &mut self,
        chunk: &mut Chunk,
        doc: DocId,
        offset: usize,
        text: &str,
        x: &DocExtract,
        lex: &Lexicon,
    ) {
        if Casing::counts_doc(doc) {
            self.casing.add_text(text, lex);
        }
        for c in &x.names {
            // Counted once: three of the tests below read it.
            let n_words = c.n_words();
            self.add_company_names(c, n_words);
            let id = self.intern_form(&c.key, lex);
            let acronym = match &c.acronym_of {
                Some(long) => self.intern_form(long, lex),
                None => NONE,
            };
            self.count(c, n_words, id, lex);
            let start = c.parts.first().map_or(c.start, |p| p.start as usize);
            let end = c.parts.last().map_or(c.end, |p| p.end as usize);
            let at = Mention::new(doc, start + offset, end + offset);
            let mut flags = 0;
            if n_words == 1 {
                flags |= ONE_WORD;
            }
            if shouts(text, c) {
                flags |= SHOUTS;
            }
            if at.is_some() {
                flags |= HAS_AT;
            }
            if c.kind == Some(EntityKind::Person) && n_words == 1 && after_title(text, c.start, lex)
            {
                flags |= TITLED;
            }
            let open = if c.kind.is_none() && c.strength == WEAK {
                let lo = c
                    .parts
                    .iter()
                    .map(|p| p.start as usize)
                    .fold(c.start, usize::min);
                let hi = c
                    .parts
                    .iter()
                    .map(|p| p.end as usize)
                    .fold(c.end, usize::max);
                let from = chunk.parts.len() as u32;
                chunk.parts.extend(c.parts.iter().map(|p| PartRec {
                    start: p.start,
                    end: p.end,
                    norm: p.norm,
                    word: p.word,
                }));
                chunk.opens.push(Open {
                    cover: self.strings.intern(text.get(lo..hi).unwrap_or("")),
                    cover_start: u32::try_from(lo).unwrap_or(u32::MAX),
                    parts: (from, chunk.parts.len() as u32),
                });
                chunk.opens.len() as u32 - 1
            } else {
                NONE
            };
            chunk.cands.push(CandRec {
                at: at.unwrap_or(Mention {
                    doc: 0,
                    start: 0,
                    end: 0,
                }),
                form: id,
                acronym,
                surface: self.strings.intern(text.get(start..end).unwrap_or("")),
                canon: c.canon.map_or(NONE, |s| self.strings.intern(s)),
                open,
                kind: c.kind,
                strength: c.strength,
                flags,
            });
        }
        for d in &x.dates {
            let at = Mention::new(doc, d.start + offset, d.end + offset);
            chunk.dates.push(DateRec {
                at: at.unwrap_or(Mention {
                    doc: u32::try_from(doc).unwrap_or(u32::MAX),
                    start: 0,
                    end: 0,
                }),
                has_at: at.is_some(),
                value: d
                    .value
                    .as_deref()
                    .map_or(NONE, |v| self.date_values.intern(v)),
                surface: self
                    .date_surfaces
                    .intern(text.get(d.start..d.end).unwrap_or("")),
            });
        }
        chunk.docs.push(DocRec {
            doc,
            offset,
            cands_end: chunk.cands.len() as u32,
            dates_end: chunk.dates.len() as u32,
        });
    }

    /// [`company_names`] for one candidate of `n_words` words.
    fn add_company_names(&mut self, c: &Cand, n_words: usize) {
        if c.kind != Some(EntityKind::Organization) || c.strength < STRONG || n_words < 3 {
            return;
        }
        let Some(dp) = c
            .parts
            .iter()
            .enumerate()
            .skip(1)
            .find_map(|(i, p)| (p.word && is_company_designator(c.norm(p))).then_some(i))
        else {
            return;
        };
        for i in 0..dp {
            if c.parts[i].word && c.parts[i..dp].iter().filter(|p| p.word).count() >= 2 {
                let k = c.sub_key(i, dp);
                if !self.companies.contains(k) {
                    self.companies.insert(k.into());
                }
            }
        }
    }

    /// The corpus-wide votes of one candidate of form `id` and `n_words` words, and the words
    /// of cued names.
    fn count(&mut self, c: &Cand, n_words: usize, id: u32, lex: &Lexicon) {
        let Some(k) = c.kind else { return };
        let city = self.city.get(id as usize).copied().unwrap_or(false);
        let Some(v) = self.votes.get_mut(id as usize) else {
            return;
        };
        let i = kind_index(k);
        // A city from the gazetteer alone is no stronger than a context cue: a club or
        // institution named after it can win the vote.
        let strength = if c.strength == LEXICON && k == EntityKind::Place && city {
            MEDIUM
        } else {
            c.strength
        };
        v.all[i] += weight(strength);
        if strength >= STRONG {
            v.strong[i] += weight(strength);
        }
        if k == EntityKind::Person && n_words >= 2 && c.strength >= MEDIUM {
            // Not a common word that is no name ("Federal" of a "First Federal" taken for a
            // person): such a word alone never joins a person. (The form's being a company's
            // name is known only once the corpus is in: see `link`.)
            for p in c.parts.iter().filter(|p| p.word).skip(1) {
                if c.strength >= STRONG || {
                    // The lists as one probe (a probe per list cost four).
                    let bits = lex.word_bits(c.norm(p));
                    bits & B_COMMON == 0 || bits & (B_SURNAME | B_GIVEN) != 0
                } {
                    *self
                        .person_cues
                        .entry((id, p.norm.0, p.norm.1))
                        .or_default() += 1;
                }
            }
        }
        if k == EntityKind::Organization && n_words >= 2 && c.strength >= STRONG {
            for p in c.parts.iter().filter(|p| p.word) {
                // Not "Japanese" of "Japanese Parliament", "North" of "North American
                // Rockwell": such a word alone is no company. (The four lists in one probe.)
                let not_alone = B_ORG_SUFFIX | B_GIVEN | B_NATIONALITY | B_COMPASS;
                if lex.word_bits(c.norm(p)) & not_alone == 0 {
                    *self.org_cues.entry((id, p.norm.0, p.norm.1)).or_default() += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_records_are_as_small_as_documented() {
        assert_eq!(std::mem::size_of::<super::CandRec>(), 36);
        assert_eq!(std::mem::size_of::<super::DateRec>(), 24);
        assert_eq!(std::mem::size_of::<super::PartRec>(), 20);
    }
}
