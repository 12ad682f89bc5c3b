//! Linking: mentions → entities.
//!
//! First the kinds of unresolved and weakly cued mentions are settled by what the whole corpus
//! says about the same folded form (votes from cued and gazetteer mentions), or by the person
//! names they are part of. Then mentions are grouped:
//! - places and organizations by gazetteer canonical name or folded form; an acronym defined in
//!   parentheses joins its long form, as does a one-word short form of the company its documents
//!   name in full with a legal form; legal-form variants are one company; a shorter organization
//!   name that is part of exactly one longer one ("Farmers Party" in "United Farmers Party of
//!   …") joins it;
//! - people by full name (accents and case folded); a short form (a surname) joins the full name
//!   in its own document that contains it, else the corpus's unique full name ending with it;
//! - dates by normalized value, unresolved dates by surface text within their document.
//!
//! Display names: the gazetteer's canonical name, else the most complete form, preferring the
//! accented spelling. Ids are `kind:slug`, stable for the same input.

use super::lexicon::{FxHasher, FxMap, FxSet, LexEntry, Lexicon};
use super::names::{is_company_designator, Cand, LEXICON, MEDIUM, STRONG, WEAK};
use super::text::{non_ascii, slug};
use crate::model::{DocId, Entity, EntityKind, Mention};
use std::hash::{Hash, Hasher};

mod casing;
mod dates;
mod decide;
mod decided;
mod finish;
mod forms;
mod given;
mod groups;
mod heads;
mod input;
mod people;
mod postings;
mod settled;
mod shorts;
mod spill;

/// A plain-text document dated 2021-08-08, for the linker's tests.
#[cfg(test)]
fn test_doc(id: usize, text: &str) -> crate::model::Document {
    crate::model::Document {
        id,
        path: format!("doc{id}.txt"),
        format: crate::model::Format::Text,
        date: chrono::NaiveDate::from_ymd_opt(2021, 8, 8),
        text: text.into(),
        source_map: crate::model::SourceMap::identity(),
        ..Default::default()
    }
}
mod strings;
use dates::Dates;
use forms::{Forms, Interned, NO_FORM};
use groups::Dsu;
pub use input::LinkInput;
use input::{CandRec, Chunk, DateRec, DocRec, Open, PartRec, HAS_AT, SHOUTS};

fn kind_index(k: EntityKind) -> usize {
    k.index()
}

const KINDS: [EntityKind; 3] = [
    EntityKind::Person,
    EntityKind::Place,
    EntityKind::Organization,
];

fn weight(strength: u8) -> u32 {
    match strength {
        LEXICON => 4,
        STRONG => 3,
        MEDIUM => 1,
        _ => 0,
    }
}

#[derive(Default, Clone, Copy)]
struct Votes {
    all: [u32; 3],
    strong: [u32; 3],
}

impl Votes {
    fn best(arr: &[u32; 3]) -> Option<EntityKind> {
        let (i, &v) = arr
            .iter()
            .enumerate()
            .max_by_key(|(i, v)| (**v, std::cmp::Reverse(*i)))?;
        (v > 0).then_some(KINDS[i])
    }

    /// The kind of the corpus's sure votes, where two sure mentions at least give it: one "New
    /// mexico" makes no place of every headline's "NEW".
    fn sure(&self) -> Option<EntityKind> {
        Votes::best(&self.strong).filter(|&k| self.strong[kind_index(k)] >= 2 * weight(STRONG))
    }
}

/// A folded form with its hash, computed once: the linker looks each mention's form up in
/// several maps (votes, tallies, clusters), and hashing the string each time was a good part of
/// its work. Equal forms have equal hashes; the string still decides equality.
#[derive(Clone, Copy)]
struct Key<'a> {
    h: u64,
    s: &'a str,
}

impl<'a> Key<'a> {
    fn new(s: &'a str) -> Key<'a> {
        let mut f = FxHasher::default();
        s.hash(&mut f);
        Key { h: f.finish(), s }
    }
}

impl Hash for Key<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.h);
    }
}

impl PartialEq for Key<'_> {
    fn eq(&self, o: &Self) -> bool {
        self.h == o.h && self.s == o.s
    }
}

impl Eq for Key<'_> {}

/// A resolved name mention: 32 bytes, its strings numbers into the linker's tables (a corpus
/// has a million mentions, and far fewer distinct strings).
#[derive(Clone, Copy)]
struct NameMention {
    at: Mention,
    kind: EntityKind,
    /// The weight of this mention's kind in the corpus-wide vote.
    vote: u8,
    /// Its folded form's number among the corpus's forms ([`Forms`]).
    form: u32,
    /// Its surface as written: a number among the linker's strings ([`Interned`]).
    surface: u32,
    /// The gazetteer's canonical name: a number among the linker's strings, or [`NONE`].
    canon: u32,
    /// For an acronym defined in parentheses: its long form's number among the forms, or
    /// [`NONE`].
    acronym_of: u32,
    /// A one-word person after a title ([`input::TITLED`]).
    titled: bool,
}

impl NameMention {
    /// The folded form.
    fn key<'a>(&self, forms: &Forms<'a>) -> &'a str {
        forms.keys.get(self.form as usize).map_or("", |k| k.s)
    }

    /// The words of the key (punctuation such as "-" left out).
    fn words<'a>(&self, forms: &Forms<'a>) -> impl Iterator<Item = &'a str> {
        self.key(forms)
            .split(' ')
            .filter(|w| w.chars().any(char::is_alphanumeric))
    }
}

/// No number: no string (no canonical name, no acronym's long form), no mention.
const NONE: u32 = u32::MAX;

/// One half of the corpus's settled mentions, and the mentions whose form the corpus's table
/// does not number yet (by index, with that form).
#[derive(Default)]
struct Settled<'a> {
    mentions: Vec<NameMention>,
    unnumbered: Vec<(usize, &'a str)>,
}

/// An unresolved chunk being settled: its record, its document, its parts, the text they
/// cover (and where it starts in the body) and its folded form.
struct OpenChunk<'r, 'a> {
    rec: &'r CandRec,
    doc: &'r DocRec,
    parts: &'r [PartRec],
    cover: &'a str,
    cover_start: u32,
    key: &'a str,
}

impl<'a> OpenChunk<'_, 'a> {
    /// The folded form of parts `a..b` (a slice of the chunk's form), as [`Cand::sub_key`].
    fn sub_key(&self, a: usize, b: usize) -> &'a str {
        super::names::sub_key_of(self.key, |i| self.parts.get(i).map(|p| p.norm), a, b)
    }
}

/// Sorts the batches by their first document, or, when a resumed build gave them interleaved,
/// makes one batch of them in document order.
fn order_chunks(chunks: &mut Vec<Chunk>) -> Option<()> {
    let first = |c: &Chunk| c.docs.first().map_or(0, |d| d.doc);
    chunks.retain(|c| !c.docs.is_empty());
    chunks.sort_by_key(first);
    let ordered = chunks
        .iter()
        .all(|c| c.docs.windows(2).all(|w| w[0].doc < w[1].doc))
        && chunks
            .windows(2)
            .all(|w| w[0].docs.last().map_or(0, |d| d.doc) < first(&w[1]));
    if ordered {
        return Some(());
    }
    for c in chunks.iter_mut() {
        if let Some(path) = c.spilled.take() {
            spill::unspill(c, &path)?;
        }
    }
    // (document, batch, its index there)
    let mut order: Vec<(DocId, usize, usize)> = chunks
        .iter()
        .enumerate()
        .flat_map(|(c, ch)| ch.docs.iter().enumerate().map(move |(i, d)| (d.doc, c, i)))
        .collect();
    order.sort_unstable();
    let mut one = Chunk::default();
    for (_, c, i) in order {
        let ch = &chunks[c];
        let d = ch.docs[i];
        let (c0, d0) = match i.checked_sub(1).map(|p| ch.docs[p]) {
            Some(p) => (p.cands_end as usize, p.dates_end as usize),
            None => (0, 0),
        };
        for rec in ch.cands.get(c0..d.cands_end as usize).unwrap_or(&[]) {
            let mut rec = *rec;
            if let Some(o) = ch.opens.get(rec.open as usize) {
                let from = one.parts.len() as u32;
                one.parts.extend_from_slice(
                    ch.parts
                        .get(o.parts.0 as usize..o.parts.1 as usize)
                        .unwrap_or(&[]),
                );
                one.opens.push(Open {
                    parts: (from, one.parts.len() as u32),
                    ..*o
                });
                rec.open = one.opens.len() as u32 - 1;
            }
            one.cands.push(rec);
        }
        one.dates
            .extend_from_slice(ch.dates.get(d0..d.dates_end as usize).unwrap_or(&[]));
        one.docs.push(DocRec {
            cands_end: one.cands.len() as u32,
            dates_end: one.dates.len() as u32,
            ..d
        });
    }
    *chunks = vec![one];
    Some(())
}

/// Written like an acronym: no lower-case letter, and dotted or of four letters at most
/// ("CTS", "H.R.S."), so not the common word its letters spell.
fn acronym(surface: &str) -> bool {
    !surface.chars().any(char::is_lowercase)
        && (surface.contains('.') || surface.chars().filter(|c| c.is_alphabetic()).count() <= 4)
}

/// Is `word` a word of a person's full name among a document's candidates, or a company's
/// whole name before its legal form ("Sharp Corp")?
fn in_a_full_name(cands: &[CandRec], word: &str, forms: &Forms<'_>) -> bool {
    cands.iter().any(|r| {
        let Some(k) = forms.keys.get(r.form as usize).filter(|_| !r.one()) else {
            return false;
        };
        match r.kind {
            Some(EntityKind::Person) => k.s.split(' ').any(|w| w == word),
            Some(EntityKind::Organization) => k.s.strip_prefix(word).is_some_and(|rest| {
                rest.starts_with(' ') && rest.split_whitespace().all(is_company_designator)
            }),
            _ => false,
        }
    })
}

/// Threads reading the batches' records back while settling goes on.
const READERS: usize = 2;

/// Links every document's mentions into entities.
/// `None` only when records written to disk ([`LinkInput::spilling_to`]) cannot be read back.
pub fn link(input: LinkInput, lex: &Lexicon) -> Option<Vec<Entity>> {
    let LinkInput {
        mut chunks,
        forms: form_strs,
        city: _,
        mut votes,
        strings: owned_strings,
        date_values,
        date_surfaces,
        companies: owned_companies,
        person_cues,
        org_cues,
        casing,
        spill: spill_dir,
    } = input;
    crate::phase::mark("link: start");
    // 0. The tables below borrow the strings the records number (owned by the input).
    let form_strs = form_strs.into_strs();
    let strs = owned_strings.into_strs();
    let companies: FxSet<&str> = owned_companies.iter().map(|s| &**s).collect();
    let mut forms = Forms::of(&form_strs, lex, &companies);
    // 1. The words of cued person names (unless the form is a company's name), and of sure
    // organization names, from their counts per form.
    let mut person_words: FxSet<&str> = FxSet::default();
    // Words of organization names the rules are sure of ("Salomon Brothers Inc", "Eastman
    // Kodak Co"): a one-word mention of such a word ("Salomon said") is the company, not a
    // person, unless the corpus also names a person with it.
    let mut org_words: FxSet<&str> = FxSet::default();
    // How often each such word is part of a sure organization name, and of a person's
    // name: a word in both ("Hughes" of "Hughes Tool Co" and of one "Patrick Hughes")
    // goes with the more frequent.
    let mut word_n: WordCounts = FxMap::default();
    let word = |(id, a, b): (u32, u32, u32)| -> &str {
        form_strs
            .get(id as usize)
            .and_then(|k| k.get(a as usize..b as usize))
            .unwrap_or("")
    };
    for (&key, &n) in &person_cues {
        if forms.info.get(key.0 as usize).is_some_and(|i| i.company) {
            continue;
        }
        let w = word(key);
        person_words.insert(w);
        word_n.entry(w).or_default()[0] += n;
    }
    for (&key, &n) in &org_cues {
        let w = word(key);
        org_words.insert(w);
        word_n.entry(w).or_default()[1] += n;
    }
    drop((person_cues, org_cues));
    // Organization names without their head word ("Popular Will" of "Popular Will Party").
    let mut headless: Vec<&str> = Vec::new();
    for (k, v) in forms.keys.iter().zip(&votes) {
        if Votes::best(&v.strong) == Some(EntityKind::Organization) {
            if let Some((rest, last)) = k.s.rsplit_once(' ') {
                if rest.contains(' ') && lex.org_suffix.contains(last) {
                    headless.push(rest);
                }
            }
        }
    }
    for k in headless {
        let id = forms.intern(Key::new(k), lex, &companies) as usize;
        votes.resize(forms.len(), Votes::default());
        votes[id].all[kind_index(EntityKind::Organization)] += 1;
    }
    // Per form: a word of the corpus's people's names, and a one-word company name.
    let person_word_of = |k: &Key<'_>| person_words.contains(k.s);
    let company_word_of =
        |k: &Key<'_>| org_words.contains(k.s) && word_n.get(k.s).is_some_and(|n| n[1] > n[0]);
    let mut person_word: Vec<bool> = forms.keys.iter().map(person_word_of).collect();
    let company_word: Vec<bool> = forms.keys.iter().map(company_word_of).collect();
    // An ordinary word the corpus writes in lower case and seldom capitalized alone
    // mid-sentence ("National" of "National Westminster Bank", "Trade" of "Board of Trade")
    // is no company by itself: its longer names stay organizations, its one-word uses are left
    // to their own cues. (Not an acronym: "CTS" is not "cts".)
    let plain: Vec<bool> = forms
        .keys
        .iter()
        .zip(&company_word)
        .map(|(k, &c)| c && casing.plain(k.s))
        .collect();
    drop(casing);
    // 2. Settle kinds: per document, given the corpus-wide votes, in document order. Each
    // batch's records are dropped once settled, its mentions added to the store (a file when
    // linking spills) and to the tally.
    order_chunks(&mut chunks)?;
    crate::phase::mark("link: chunks ordered");
    let mut strings: Interned<'_> = Interned::default();
    for s in &strs {
        strings.intern(s);
    }
    // (Counted from the documents: a spilled batch's lists are empty until read back.)
    let n_cands: usize = chunks.iter().map(|c| c.held().0).sum();
    let mut store = settled::Store::new(spill_dir.as_deref(), n_cands);
    let mut out = Settled::default();
    // One string, one kind: every mention of a form takes the kind its mentions vote for
    // across the corpus ("Chelsea" is the club in the table and in the text).
    let mut tally: Vec<[u32; 3]> = Vec::new();
    // The dates are grouped beside settling, a batch at a time as it reads them.
    let n_dates: usize = chunks.iter().map(|c| c.held().1).sum();
    let dates = Dates::start(date_values, date_surfaces, spill_dir.clone(), n_dates)?;
    // The batches' records are read back from disk while the one before is settled, on
    // `READERS` threads of their own taking the batches in turn (a batch ahead each: `None`
    // when its file does not read back). Reading a batch back takes about as long as settling
    // it: one reader held settling to its pace.
    let mut lanes: Vec<Vec<Chunk>> = (0..READERS).map(|_| Vec::new()).collect();
    for (i, chunk) in chunks.into_iter().enumerate() {
        lanes[i % READERS].push(chunk);
    }
    let (aheads, reads): (Vec<_>, Vec<_>) = (0..READERS)
        .map(|_| std::sync::mpsc::sync_channel::<Option<Chunk>>(0))
        .unzip();
    std::thread::scope(|sc| -> Option<()> {
        for (lane, ahead) in lanes.into_iter().zip(aheads) {
            sc.spawn(move || {
                for mut chunk in lane {
                    let ok = match chunk.spilled.take() {
                        Some(path) => spill::unspill(&mut chunk, &path).is_some(),
                        None => true,
                    };
                    if ahead.send(ok.then_some(chunk)).is_err() || !ok {
                        break;
                    }
                }
                crate::phase::thread_done("batches' records read back");
            });
        }
        // Owned here: returning early drops them, which ends the readers.
        let reads = reads;
        // The batches in order: each reader's in turn, until the one whose turn it is has
        // none left.
        let in_order = (0..).map_while(|i| reads.get(i % READERS)?.recv().ok());
        for chunk in in_order {
            let chunk = chunk?;
            let Chunk {
                docs,
                cands,
                opens,
                parts,
                dates: batch_dates,
                spilled: _,
            } = chunk;
            dates.add(batch_dates)?;
            let mut from = 0usize;
            for d in &docs {
                let to = (d.cands_end as usize).min(cands.len());
                let doc_cands = cands.get(from..to).unwrap_or(&[]);
                let info_key = |id: u32| forms.keys.get(id as usize).map_or("", |k| k.s);
                for rec in doc_cands {
                    let id = rec.form;
                    let info = &forms.info[id as usize];
                    let v = votes[id as usize];
                    let one = rec.one();
                    // A one-word use of an ordinary word that is part of a company's name
                    // ("Sales rose", "Trade sources said"): only the corpus's sure votes give
                    // it a kind, not the company's name nor a person's ("Rick Sales").
                    // (Unless its document names a person in full with it: "Rick Sales
                    // said … Sales added".)
                    let ordinary = one
                        && plain[id as usize]
                        && !acronym(strs.get(rec.surface as usize).map_or("", |s| s))
                        && !in_a_full_name(doc_cands, info_key(id), &forms);
                    let company =
                        (one && company_word[id as usize] && !ordinary) || (!one && info.company);
                    let kind = match rec.kind {
                        Some(EntityKind::Person | EntityKind::Organization) | None
                            if ordinary && rec.strength < STRONG =>
                        {
                            v.sure()
                        }
                        Some(EntityKind::Person | EntityKind::Organization)
                            if company && rec.strength < LEXICON =>
                        {
                            Some(EntityKind::Organization)
                        }
                        Some(k) if rec.strength >= STRONG => Some(k),
                        Some(k) => {
                            let own = v.strong[kind_index(k)];
                            // A weak kind yields to the corpus's sure one, unless its own votes
                            // outweigh it ("Terra Nova field" seven times, one "Terra Nova" cue).
                            match Votes::best(&v.strong) {
                                Some(b)
                                    if own == 0
                                        && b != k
                                        && v.strong[kind_index(b)] >= v.all[kind_index(k)] =>
                                {
                                    Some(b)
                                }
                                _ => Some(k),
                            }
                        }
                        None if company => Some(EntityKind::Organization),
                        // An ALL-CAPS word the rules left open (a headline's "WHEAT", "LOAN") is
                        // not a person by the votes of its capitalized namesakes.
                        // A common word among them ("NEW", "NET") takes a kind only from the
                        // corpus's sure votes, not from a stray guess elsewhere.
                        None if one && rec.flags & SHOUTS != 0 => if info.common {
                            v.sure()
                        } else {
                            Votes::best(&v.all)
                        }
                        .filter(|&k| k != EntityKind::Person),
                        None => Votes::best(&v.all).or_else(|| {
                            (one && person_word[id as usize]
                                && (rec.strength >= MEDIUM || !info.common))
                                .then_some(EntityKind::Person)
                        }),
                    };
                    match kind {
                        Some(k) => out.push_whole(rec, k),
                        None if rec.strength == WEAK => {
                            if let Some(o) = opens.get(rec.open as usize) {
                                let ps = parts
                                    .get(o.parts.0 as usize..o.parts.1 as usize)
                                    .unwrap_or(&[]);
                                let chunk = OpenChunk {
                                    rec,
                                    doc: d,
                                    parts: ps,
                                    cover: strs.get(o.cover as usize).map_or("", |s| s),
                                    cover_start: o.cover_start,
                                    key: forms.keys.get(id as usize).map_or("", |k| k.s),
                                };
                                sub_matches(
                                    &chunk,
                                    &forms,
                                    &votes,
                                    &person_words,
                                    lex,
                                    &mut strings,
                                    &mut out,
                                );
                            }
                        }
                        None => {}
                    }
                }
                from = to;
            }
            drop((docs, cands, opens, parts));
            // Parts of unresolved chunks that no candidate had as its whole form get their
            // numbers now, in the order they came (as if numbered once all were settled).
            let Settled {
                mentions,
                unnumbered,
            } = &mut out;
            for (i, key) in unnumbered.drain(..) {
                mentions[i].form = forms.intern(Key::new(key), lex, &companies);
            }
            // A form numbered here has no votes: a later batch that looks it up finds none, as it
            // found no form before.
            votes.resize(forms.len(), Votes::default());
            tally.resize(forms.len(), [0; 3]);
            for m in mentions.iter() {
                // A city's name from the gazetteer alone votes no more than a context cue does, so
                // a club or an institution named after it wins where the text treats it as one
                // ("Leeds beat Chelsea", "Leeds manager").
                let vote = u32::from(m.vote);
                let vote = if m.kind == EntityKind::Place
                    && vote > 1 + weight(MEDIUM)
                    && forms.info[m.form as usize].city()
                {
                    1 + weight(MEDIUM)
                } else {
                    vote
                };
                tally[m.form as usize][kind_index(m.kind)] += vote;
            }
            store.push(mentions)?;
            mentions.clear();
        }
        Some(())
    })?;
    drop(out);
    store.close()?;
    crate::phase::note(|| format!("link temp files spill: {} bytes", spill::spilled_bytes()));
    crate::phase::mark("link: settled");
    // Settling's batches came and went (read back, decided, dropped): their heap goes back
    // before the grouping's tables grow.
    crate::store::give_back_freed_memory();
    for k in &forms.keys[person_word.len()..] {
        person_word.push(person_word_of(k));
    }
    let fw = decide::FormWords::of(&forms);
    let heads = heads::Heads::of(&forms);
    crate::phase::mark("link: trimmed, form words, heads");
    let decider = decide::Decider {
        forms: &forms,
        fw: &fw,
        tally: &tally,
        votes: &votes,
        person_word: &person_word,
        strings: &strings.strs,
        heads: &heads,
    };
    // 3. The grouping's aggregates, per distinct key, over the decided mentions read back a
    // document at a time (the dates' lists sorted meanwhile, on their own thread).
    let mut places = groups::PlaceOrg::new(EntityKind::Place, &forms);
    let mut orgs = groups::PlaceOrg::new(EntityKind::Organization, &forms);
    let mut people = people::People::new(&forms);
    // Each document's decisions are noted as made, and applied in the entity pass (4). The
    // documents are decided on two threads, a batch each in turn.
    let mut noted = decided::Decisions::default();
    let deciders: Vec<_> = (0..2)
        .map(|_| {
            let mut sets = decide::DocSets::default();
            let decider = &decider;
            move |ms: &mut Vec<NameMention>, made: &mut Vec<u32>| {
                decider.doc_made(ms, &mut sets, made)
            }
        })
        .collect();
    store.each_decided(
        |_, _| {},
        deciders,
        |ms, made, had| {
            noted.note(had, ms, made);
            for m in ms.iter() {
                places.add(m, &forms, &strings.strs);
                orgs.add(m, &forms, &strings.strs);
                people.add(m, &forms);
            }
        },
    )?;
    drop((tally, fw, heads));
    let dates = dates.finish()?;
    crate::phase::mark("link: grouping pass, dates joined");
    places.close(&forms);
    orgs.close(&forms);
    places.freeze();
    orgs.freeze();
    people.close();
    crate::phase::mark("link: groups closed");
    // 4. Each mention its entity, a document at a time again: (slot, mention) given to the
    // sink (a file when linking spills) with its surface and canonical name counted per slot.
    // Slots: the places' clusters, then the organizations', then the people's.
    let org_base = places.clusters() as u32;
    let people_base = org_base + orgs.clusters() as u32;
    let mut sink = settled::Sink::new(spill_dir.as_deref(), n_cands);
    let pass = given::Pass {
        forms: &forms,
        strs: &strings.strs,
        places: &places,
        orgs: &orgs,
    };
    let (surf, can) = pass.give(&store, &noted, &mut people, &mut sink)?;
    crate::phase::mark("link: entity pass (given)");
    drop((store, noted, places, orgs, people));
    // And the grouping's, before the postings are sorted and the entities made.
    crate::store::give_back_freed_memory();
    // 5. The entities, a slot at a time in the slots' order (then sorted). Their mentions are
    // sorted on disk and mapped when linking spills (`postings`), else lists in memory.
    let mut lists = postings::lists(sink)?;
    // The sort's windows (a bucket's mentions, ~17 MB each at a million documents, small
    // enough that the allocator keeps them in its heap once freed) go back too.
    crate::store::give_back_freed_memory();
    crate::phase::mark("link: trimmed, postings sorted, trimmed");
    let (mut si, mut ci) = (0, 0);
    let mut entities: Vec<Entity> = Vec::new();
    for slot in 0..lists.len() {
        let list = lists.take(slot);
        let slot = slot as u32;
        // This slot's (string, count) rows of a list sorted by slot, from `*at` on.
        let here = |rows: &[(u32, u32, u32)], at: &mut usize| {
            let mut out: Vec<(&str, usize)> = Vec::new();
            while let Some(&(s, x, n)) = rows.get(*at).filter(|r| r.0 <= slot) {
                if let Some(t) = strings.strs.get(x as usize).filter(|_| s == slot) {
                    out.push((t, n as usize));
                }
                *at += 1;
            }
            out
        };
        let forms_here = here(&surf, &mut si);
        let canon_here = here(&can, &mut ci);
        if list.is_empty() {
            continue;
        }
        let kind = if slot < org_base {
            EntityKind::Place
        } else if slot < people_base {
            EntityKind::Organization
        } else {
            EntityKind::Person
        };
        entities.push(groups::entity(kind, &canon_here, forms_here, list));
    }
    entities.extend(dates);
    crate::phase::mark("link: entities built");
    // The dates' lists join the names' on disk (a cold build's: ~0.4 GB at a million
    // documents), and are read from there until the corpus is opened from the store.
    if let Some(dir) = spill_dir.as_deref() {
        postings::to_disk(&mut entities, dir);
    }
    crate::phase::mark("link: dates to disk");
    let e = finish::finish(entities);
    crate::phase::mark("link: finished (sorted, ids)");
    Some(e)
}

/// Per word: how often it is part of a cued person's name, and of a sure organization's.
type WordCounts<'a> = FxMap<&'a str, [u32; 2]>;

/// Is candidate `c` written in capitals only ("WHEAT"), and not a dotted abbreviation?
fn shouts(text: &str, c: &Cand) -> bool {
    let s = text.get(c.start..c.end).unwrap_or("");
    // The same test on bytes while they are ASCII: most names end it at their second letter.
    let mut letters = 0;
    for b in s.bytes() {
        if b >= 0x80 {
            return shouts_unicode(s);
        }
        if b.is_ascii_lowercase() || b == b'.' {
            return false;
        }
        letters += usize::from(b.is_ascii_alphabetic());
    }
    letters >= 3
}

/// [`shouts`] for text that is not all ASCII.
fn shouts_unicode(s: &str) -> bool {
    s.chars().filter(|ch| ch.is_alphabetic()).count() >= 3
        && !s.contains('.')
        && s.chars().all(|ch| !ch.is_lowercase())
}

impl<'a> Settled<'a> {
    /// Adds the whole of candidate `rec` as a mention of kind `kind`. (A mention past 4 GiB of
    /// its document, or of a document past the 4 Gi-th, is left out: no entity holds one.)
    fn push_whole(&mut self, rec: &CandRec, kind: EntityKind) {
        if rec.flags & HAS_AT == 0 {
            return;
        }
        let vote = if rec.kind == Some(kind) {
            1 + weight(rec.strength)
        } else {
            1
        };
        self.mentions.push(NameMention {
            at: rec.at,
            kind,
            vote: vote as u8,
            form: rec.form,
            surface: rec.surface,
            canon: rec.canon,
            acronym_of: rec.acronym,
            titled: rec.flags & input::TITLED != 0,
        });
    }

    /// Adds parts `a..b` of unresolved chunk `c`; `form` is the number of their folded form,
    /// or [`NO_FORM`].
    #[allow(clippy::too_many_arguments)]
    fn push_parts(
        &mut self,
        c: &OpenChunk<'_, 'a>,
        form: u32,
        a: usize,
        b: usize,
        kind: EntityKind,
        canon: Option<&'static str>,
        strings: &mut Interned<'a>,
    ) {
        let rec = c.rec;
        let (Some(first), Some(last)) = (
            c.parts.get(a),
            b.checked_sub(1).and_then(|l| c.parts.get(l)),
        ) else {
            return;
        };
        let (start, end) = (first.start as usize, last.end as usize);
        let Some(at) = Mention::new(c.doc.doc, start + c.doc.offset, end + c.doc.offset) else {
            return;
        };
        let whole = a == 0 && b == c.parts.len();
        if form == NO_FORM {
            let key = if whole { c.key } else { c.sub_key(a, b) };
            self.unnumbered.push((self.mentions.len(), key));
        }
        let vote = if rec.kind == Some(kind) {
            1 + weight(rec.strength)
        } else {
            1
        };
        let cs = c.cover_start as usize;
        let surface = c
            .cover
            .get(start.wrapping_sub(cs)..end.wrapping_sub(cs))
            .unwrap_or("");
        self.mentions.push(NameMention {
            at,
            kind,
            vote: vote as u8,
            form,
            surface: strings.intern(surface),
            canon: canon.map_or(NONE, |s| strings.intern(s)),
            acronym_of: if whole { rec.acronym } else { NONE },
            titled: false,
        });
    }
}

/// Known parts of an unresolved chunk ("Dear Acme Community" → "Acme").
fn sub_matches<'a>(
    c: &OpenChunk<'_, 'a>,
    forms: &Forms<'a>,
    votes: &[Votes],
    person_words: &FxSet<&str>,
    lex: &Lexicon,
    strings: &mut Interned<'a>,
    out: &mut Settled<'a>,
) {
    let parts = c.parts;
    let n = parts.len();
    let mut i = 0;
    while i < n {
        if !parts[i].word {
            i += 1;
            continue;
        }
        let mut found: Option<(usize, EntityKind, Option<&'static str>)> = None;
        for (j, part) in parts.iter().enumerate().take(n.min(i + 6)).skip(i) {
            if !part.word {
                continue;
            }
            let key = c.sub_key(i, j + 1);
            if let Some(e) = lex.lookup(key) {
                let k = match e.kind {
                    super::lexicon::LexKind::Place => EntityKind::Place,
                    super::lexicon::LexKind::Org => EntityKind::Organization,
                };
                found = Some((j + 1, k, Some(e.canon)));
            } else if let Some(k) = forms.get(key).and_then(|id| {
                let v = &votes[id as usize];
                // A common word alone ("NET" of "QTR NET RISE") only on the corpus's sure votes.
                if j == i && lex.is_common(key) {
                    v.sure()
                } else {
                    Votes::best(&v.all)
                }
            }) {
                found = Some((j + 1, k, None));
            } else if j == i && person_words.contains(key) && !lex.is_common(key) {
                found = Some((j + 1, EntityKind::Person, None));
            }
        }
        match found {
            Some((e, k, canon)) => {
                let form = if i == 0 && e == n {
                    forms.get(c.key)
                } else {
                    forms.get(c.sub_key(i, e))
                };
                out.push_parts(c, form.unwrap_or(NO_FORM), i, e, k, canon, strings);
                i = e;
            }
            None => i += 1,
        }
    }
}

pub(crate) use finish::{id_base, sort_entities, unique_id};
