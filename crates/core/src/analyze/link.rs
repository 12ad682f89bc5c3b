//! Linking: mentions → entities.
//!
//! First the kinds of unresolved and weakly cued mentions are settled by what the whole corpus
//! says about the same folded form (votes from cued and gazetteer mentions), or by the person
//! names they are part of. Then mentions are grouped:
//! - places and organizations by gazetteer canonical name or folded form; an acronym defined in
//!   parentheses joins its long form, and a shorter organization name that is part of exactly one
//!   longer one ("Socialist Party" in "United Socialist Party of …") joins it;
//! - people by full name (accents and case folded); a short form (a surname) joins the full name
//!   in its own document that contains it, else the corpus's unique full name ending with it;
//! - dates by normalized value, unresolved dates by surface text within their document.
//!
//! Display names: the gazetteer's canonical name, else the most complete form, preferring the
//! accented spelling. Ids are `kind:slug`, stable for the same input.

use super::dates::DateMention;
use super::lexicon::{FxHasher, FxMap, FxSet, LexEntry, Lexicon};
use super::names::{Cand, COMPANY_DESIGNATORS, LEXICON, MEDIUM, STRONG, WEAK};
use super::text::{non_ascii, slug};
use crate::model::{DocId, Entity, EntityKind, Mention};
use std::hash::{Hash, Hasher};

mod forms;
mod heads;
mod people;
use forms::{FormInfo, Forms, Interned, NO_FORM};
use people::group_people;

/// One document's raw mentions.
pub struct DocMentions<'a> {
    pub doc: DocId,
    /// Added to every offset (the body's start in the document text).
    pub offset: usize,
    pub text: &'a str,
    pub dates: &'a [DateMention],
    pub names: &'a [Cand],
}

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

/// A resolved name mention.
struct NameMention<'a> {
    doc: DocId,
    start: usize,
    end: usize,
    kind: EntityKind,
    key: &'a str,
    /// `key`'s number among the corpus's forms ([`Forms`]).
    form: u32,
    surface: &'a str,
    /// `surface`'s number among the distinct surfaces ([`Interned`]), set after settling.
    surface_id: u32,
    canon: Option<&'static str>,
    acronym_of: Option<&'a str>,
    /// The weight of this mention's kind in the corpus-wide vote.
    vote: u32,
}

impl<'a> NameMention<'a> {
    /// The words of the key (punctuation such as "-" left out).
    fn words(&self) -> impl Iterator<Item = &'a str> {
        self.key
            .split(' ')
            .filter(|w| w.chars().any(char::is_alphanumeric))
    }
}

/// Links every document's mentions into entities.
pub fn link<'a>(docs: Vec<DocMentions<'a>>, lex: &'a Lexicon) -> Vec<Entity> {
    let companies = company_names(&docs);
    // 0. Number the distinct forms: each half of the corpus on its own core, then the second
    // half's table is added to the first's.
    let (first, second) = docs.split_at(docs.len() / 2);
    let ((mut forms, mut form_of), (forms2, form_of2)) = std::thread::scope(|s| {
        let h = s.spawn(|| Forms::number(second, lex, &companies));
        let f = Forms::number(first, lex, &companies);
        (f, h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    });
    let remap = forms.absorb(forms2);
    form_of.extend(
        form_of2
            .into_iter()
            .map(|ids| ids.into_iter().map(|i| remap[i as usize]).collect()),
    );
    // 1. Votes per folded form, and the words of cued person names: counted over each half of
    // the corpus on its own core, then added up (sums and unions, so the order is no matter).
    let count = |part: &[DocMentions<'a>],
                 ids: &[Vec<u32>]|
     -> (Vec<Votes>, FxSet<&'a str>, FxSet<&'a str>, WordCounts<'a>) {
        let mut votes: Vec<Votes> = vec![Votes::default(); forms.len()];
        let mut person_words: FxSet<&str> = FxSet::default();
        // Words of organization names the rules are sure of ("Salomon Brothers Inc", "Eastman
        // Kodak Co"): a one-word mention of such a word ("Salomon said") is the company, not a
        // person, unless the corpus also names a person with it.
        let mut org_words: FxSet<&str> = FxSet::default();
        // How often each such word is part of a sure organization name, and of a person's
        // name: a word in both ("Hughes" of "Hughes Tool Co" and of one "Patrick Hughes")
        // goes with the more frequent.
        let mut word_n: WordCounts = FxMap::default();
        for (d, ids) in part.iter().zip(ids) {
            for (c, &id) in d.names.iter().zip(ids) {
                if let Some(k) = c.kind {
                    let info = &forms.info[id as usize];
                    let v = &mut votes[id as usize];
                    let i = kind_index(k);
                    // A city from the gazetteer alone is no stronger than a context cue: a club or
                    // institution named after it can win the vote.
                    let strength = if c.strength == LEXICON && k == EntityKind::Place && info.city()
                    {
                        MEDIUM
                    } else {
                        c.strength
                    };
                    v.all[i] += weight(strength);
                    if strength >= STRONG {
                        v.strong[i] += weight(strength);
                    }
                    if k == EntityKind::Person
                        && c.n_words() >= 2
                        && c.strength >= MEDIUM
                        && !info.company
                    {
                        // Not a common word that is no name ("Federal" of a "First Federal" taken
                        // for a person): such a word alone never joins a person.
                        for w in c.words().skip(1) {
                            if c.strength >= STRONG
                                || !lex.is_common(w)
                                || lex.surnames.contains(w)
                                || lex.is_given(w)
                            {
                                person_words.insert(w);
                                word_n.entry(w).or_default()[0] += 1;
                            }
                        }
                    }
                    if k == EntityKind::Organization && c.n_words() >= 2 && c.strength >= STRONG {
                        for w in c.words() {
                            // Not "Japanese" of "Japanese Parliament", "North" of "North
                            // American Rockwell": such a word alone is no company.
                            if !lex.org_suffix.contains(w)
                                && !lex.is_given(w)
                                && !lex.is_nationality(w)
                                && !lex.compass.contains(w)
                            {
                                org_words.insert(w);
                                word_n.entry(w).or_default()[1] += 1;
                            }
                        }
                    }
                }
            }
        }
        (votes, person_words, org_words, word_n)
    };
    let (first, second) = docs.split_at(docs.len() / 2);
    let (ids1, ids2) = form_of.split_at(first.len());
    let (
        (mut votes, mut person_words, mut org_words, mut word_n),
        (votes2, person_words2, org_words2, word_n2),
    ) = std::thread::scope(|s| {
        let h = s.spawn(|| count(second, ids2));
        let c = count(first, ids1);
        (c, h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    });
    for (v, v2) in votes.iter_mut().zip(votes2) {
        for i in 0..3 {
            v.all[i] += v2.all[i];
            v.strong[i] += v2.strong[i];
        }
    }
    person_words.extend(person_words2);
    org_words.extend(org_words2);
    for (w, n2) in word_n2 {
        let n = word_n.entry(w).or_default();
        n[0] += n2[0];
        n[1] += n2[1];
    }
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
    // 2. Settle kinds: per document, given the corpus-wide votes (read-only), so halves of the
    // corpus settle on separate cores; the halves are joined in document order.
    let settle = |part: &[DocMentions<'a>], ids: &[Vec<u32>]| -> Vec<NameMention<'a>> {
        let mut mentions = Vec::new();
        for (d, ids) in part.iter().zip(ids) {
            for (c, &id) in d.names.iter().zip(ids) {
                let info = &forms.info[id as usize];
                let v = votes[id as usize];
                let one = c.n_words() == 1;
                let company = (one && company_word[id as usize]) || (!one && info.company);
                let kind = match c.kind {
                    Some(EntityKind::Person | EntityKind::Organization)
                        if company && c.strength < LEXICON =>
                    {
                        Some(EntityKind::Organization)
                    }
                    Some(k) if c.strength >= STRONG => Some(k),
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
                    None if one && shouts(d.text, c) => if lex.is_common(&c.key) {
                        v.sure()
                    } else {
                        Votes::best(&v.all)
                    }
                    .filter(|&k| k != EntityKind::Person),
                    None => Votes::best(&v.all).or_else(|| {
                        (one && person_word[id as usize] && (c.strength >= MEDIUM || !info.common))
                            .then_some(EntityKind::Person)
                    }),
                };
                match kind {
                    Some(k) => mentions.push(name_mention(d, c, id, 0, c.parts.len(), k, c.canon)),
                    None if c.strength == WEAK => {
                        sub_matches(d, c, &forms, &votes, &person_words, lex, &mut mentions);
                    }
                    None => {}
                }
            }
        }
        mentions
    };
    // Each half numbers its mentions' surfaces as written (in document order, while it reads
    // each document's text), so grouping counts forms by number without reading the texts again.
    let settle_and_number = |part: &[DocMentions<'a>], ids: &[Vec<u32>]| {
        let mut ms = settle(part, ids);
        let mut surfaces = Interned::default();
        for m in ms.iter_mut() {
            m.surface_id = surfaces.intern(m.surface);
        }
        (ms, surfaces)
    };
    let ((mut mentions, mut surfaces), (mut rest, surfaces2)) = std::thread::scope(|s| {
        let h = s.spawn(|| settle_and_number(second, ids2));
        let m = settle_and_number(first, ids1);
        (m, h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    });
    let remap = surfaces.absorb(surfaces2);
    for m in rest.iter_mut() {
        m.surface_id = remap[m.surface_id as usize];
    }
    // Parts of unresolved chunks that no candidate had as its whole form get their numbers now.
    for m in mentions.iter_mut().chain(rest.iter_mut()) {
        if m.form == NO_FORM {
            m.form = forms.intern(Key::new(m.key), lex, &companies);
        }
    }
    votes.resize(forms.len(), Votes::default());
    for k in &forms.keys[person_word.len()..] {
        person_word.push(person_word_of(k));
    }
    // One string, one kind: every mention of a form takes the kind its mentions vote for across
    // the corpus ("Chelsea" is the club in the table and in the text). Each half tallies its
    // own mentions; the two tallies are added up.
    let tally_of = |mentions: &[NameMention<'a>]| -> Vec<[u32; 3]> {
        let mut tally: Vec<[u32; 3]> = vec![[0; 3]; forms.len()];
        for m in mentions {
            // A city's name from the gazetteer alone votes no more than a context cue does, so a
            // club or an institution named after it wins where the text treats it as one ("Leeds
            // beat Chelsea", "Leeds manager").
            let vote = if m.kind == EntityKind::Place
                && m.vote > 1 + weight(MEDIUM)
                && forms.info[m.form as usize].city()
            {
                1 + weight(MEDIUM)
            } else {
                m.vote
            };
            tally[m.form as usize][kind_index(m.kind)] += vote;
        }
        tally
    };
    let (mut tally, tally2) = std::thread::scope(|s| {
        let h = s.spawn(|| tally_of(&rest));
        let t = tally_of(&mentions);
        (t, h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    });
    for (t, t2) in tally.iter_mut().zip(tally2) {
        for i in 0..3 {
            t[i] += t2[i];
        }
    }
    // The surnames of the people each document names in full, before the corpus-wide vote:
    // "Baker" after "Treasury Secretary James Baker" is that person in that document, whatever
    // a company called Baker does elsewhere.
    // Not where the document also names a company with the word ("Casa Luiz Caloi", founded
    // by Luigi Caloi): there the word alone may be either.
    // Both sets are keyed by document, so each half builds its own, on its own core, when no
    // document has mentions in both halves (else both use the sets of the whole).
    type DocWords<'w> = FxSet<(DocId, &'w str)>;
    let doc_words = |halves: &[&[NameMention<'a>]]| -> (DocWords<'a>, DocWords<'a>) {
        let surnames: DocWords<'a> = halves
            .iter()
            .flat_map(|h| h.iter())
            .filter(|m| m.kind == EntityKind::Person)
            .filter_map(|m| m.key.rsplit_once(' ').map(|(_, last)| (m.doc, last)))
            .collect();
        let org_words_in_doc: DocWords<'a> = halves
            .iter()
            .flat_map(|h| h.iter())
            .filter(|m| m.kind == EntityKind::Organization && m.key.contains(' '))
            .flat_map(|m| m.words().map(move |w| (m.doc, w)))
            .collect();
        (surnames, org_words_in_doc)
    };
    let first_docs: FxSet<DocId> = first.iter().map(|d| d.doc).collect();
    let apart = !second.iter().any(|d| first_docs.contains(&d.doc));
    // Each half takes the voted kinds and drops what is no name, on its own core; the halves
    // are joined in document order.
    let decide = |mentions: &mut Vec<NameMention<'a>>,
                  (surnames, org_words_in_doc): &(DocWords<'a>, DocWords<'a>)| {
        for m in mentions.iter_mut() {
            let t = tally[m.form as usize];
            let info = &forms.info[m.form as usize];
            if let Some(k) = Votes::best(&t) {
                m.kind = k;
            }
            if m.kind != EntityKind::Person
                && m.canon.is_none()
                && m.acronym_of.is_none()
                && m.vote <= 1 + weight(MEDIUM)
                && !m.key.contains(' ')
                && surnames.contains(&(m.doc, m.key))
                && !org_words_in_doc.contains(&(m.doc, m.key))
            {
                m.kind = EntityKind::Person;
            }
            // One word that no name list knows and no full name in the corpus holds ("Ryanair",
            // "Aeroflot"), a person on no strong cue anywhere in the corpus ("Minister Subroto"
            // is one), that the corpus also reads as a company or a place: that.
            if m.kind == EntityKind::Person
                && !m.key.contains(' ')
                && m.vote <= 1 + weight(MEDIUM)
                && !info.common
                && !info.given
                && !info.surname
                && !person_word[m.form as usize]
                && votes[m.form as usize].strong[kind_index(EntityKind::Person)] == 0
            {
                // Only where the corpus also reads it as a place or a company: a one-word
                // name in an encyclopedia ("Novalis", "Liberace") stays a person.
                let [_, place, org] = t;
                if place > org {
                    m.kind = EntityKind::Place;
                } else if org > 0 {
                    m.kind = EntityKind::Organization;
                }
            }
            // "the Bidens": the family of the person its document names in full.
            if m.kind != EntityKind::Person
                && m.canon.is_none()
                && m.acronym_of.is_none()
                && !m.key.contains(' ')
                && m.key
                    .strip_suffix('s')
                    .is_some_and(|k| k.len() > 2 && surnames.contains(&(m.doc, k)))
            {
                m.kind = EntityKind::Person;
            }
        }
        // A common word alone that is no known name ("Visa", "Chemical"), or any common word
        // in capitals ("WHEAT", "LOAN"), is a person only on a strong cue of its own or as the
        // surname of a person the corpus names in full.
        mentions.retain(|m| {
            let info = &forms.info[m.form as usize];
            !(m.kind == EntityKind::Person
                && !m.key.contains(' ')
                && m.vote <= 1 + weight(MEDIUM)
                && info.common
                && !person_word[m.form as usize]
                && ((!info.surname && !info.given)
                    || (m.surface.chars().count() >= 3
                        && !m.surface.chars().any(char::is_lowercase))))
        });
    };
    if apart {
        std::thread::scope(|s| {
            let h = s.spawn(|| {
                let words = doc_words(&[&rest]);
                decide(&mut rest, &words)
            });
            let words = doc_words(&[&mentions]);
            decide(&mut mentions, &words);
            h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        });
    } else {
        let words = doc_words(&[&mentions, &rest]);
        std::thread::scope(|s| {
            let h = s.spawn(|| decide(&mut rest, &words));
            decide(&mut mentions, &words);
            h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        });
    }
    mentions.append(&mut rest);
    heads::join_lone_heads(&mut mentions);
    // 3. Group each kind: independent, so on separate cores.
    let n_forms = forms.len();
    let (places_orgs, people, dates) = std::thread::scope(|s| {
        let po = s.spawn(|| group_places_orgs(&mentions, &forms.info, &surfaces.strs));
        let pe = s.spawn(|| group_people(&mentions, n_forms, &surfaces.strs));
        let da = group_dates(&docs);
        (
            po.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            pe.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            da,
        )
    });
    let mut entities = places_orgs;
    entities.extend(people);
    entities.extend(dates);
    finish(entities)
}

/// Per word: how often it is part of a cued person's name, and of a sure organization's.
type WordCounts<'a> = FxMap<&'a str, [u32; 2]>;

/// Names of two words or more that stand right before a company's designator in a name the
/// rules are sure is an organization ("baker hughes" of "Baker Hughes Inc", "joe gold" of "St.
/// Joe Gold Corp"): their other mentions are the company, not a person.
fn company_names<'a>(docs: &[DocMentions<'a>]) -> FxSet<&'a str> {
    let mut out = FxSet::default();
    for d in docs {
        for c in d.names {
            if c.kind != Some(EntityKind::Organization) || c.strength < STRONG || c.n_words() < 3 {
                continue;
            }
            let Some(dp) = c.parts.iter().enumerate().skip(1).find_map(|(i, p)| {
                (p.word && COMPANY_DESIGNATORS.contains(&c.norm(p))).then_some(i)
            }) else {
                continue;
            };
            for i in 0..dp {
                if c.parts[i].word && c.parts[i..dp].iter().filter(|p| p.word).count() >= 2 {
                    out.insert(c.sub_key(i, dp));
                }
            }
        }
    }
    out
}

/// Is candidate `c` written in capitals only ("WHEAT"), and not a dotted abbreviation?
fn shouts(text: &str, c: &Cand) -> bool {
    let s = text.get(c.start..c.end).unwrap_or("");
    s.chars().filter(|ch| ch.is_alphabetic()).count() >= 3
        && !s.contains('.')
        && s.chars().all(|ch| !ch.is_lowercase())
}

/// Mention `a..b` of candidate `c`; `form` is the number of its folded form, or [`NO_FORM`].
fn name_mention<'a>(
    d: &DocMentions<'a>,
    c: &'a Cand,
    form: u32,
    a: usize,
    b: usize,
    kind: EntityKind,
    canon: Option<&'static str>,
) -> NameMention<'a> {
    let start = c.parts.get(a).map_or(c.start, |p| p.start);
    let end = b
        .checked_sub(1)
        .and_then(|l| c.parts.get(l))
        .map_or(c.end, |p| p.end);
    let whole = a == 0 && b == c.parts.len();
    NameMention {
        doc: d.doc,
        start: start + d.offset,
        end: end + d.offset,
        kind,
        key: if whole { &c.key } else { c.sub_key(a, b) },
        form,
        surface: d.text.get(start..end).unwrap_or(""),
        surface_id: 0,
        canon,
        acronym_of: if whole { c.acronym_of.as_deref() } else { None },
        vote: if c.kind == Some(kind) {
            1 + weight(c.strength)
        } else {
            1
        },
    }
}

/// Known parts of an unresolved chunk ("Dear Acme Community" → "Acme").
fn sub_matches<'a>(
    d: &DocMentions<'a>,
    c: &'a Cand,
    forms: &Forms<'_>,
    votes: &[Votes],
    person_words: &FxSet<&str>,
    lex: &Lexicon,
    out: &mut Vec<NameMention<'a>>,
) {
    let parts = &c.parts;
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
                    forms.get(&c.key)
                } else {
                    forms.get(c.sub_key(i, e))
                };
                out.push(name_mention(d, c, form.unwrap_or(NO_FORM), i, e, k, canon));
                i = e;
            }
            None => i += 1,
        }
    }
}

/// Union-find over cluster indices.
struct Dsu(Vec<usize>);

impl Dsu {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a] = b;
        }
    }
}

/// Builds entities from clusters of mentions (cluster index per mention).
/// `surfaces` holds each mention's surface by its `surface_id`.
fn build<'a>(
    kind: EntityKind,
    members: Vec<Vec<&NameMention>>,
    surfaces: &[&'a str],
) -> Vec<Entity> {
    let mut out = Vec::new();
    // Uses of each surface in the current cluster (by number; reset after each), and the
    // surfaces seen in it, in order.
    let mut uses: Vec<usize> = vec![0; surfaces.len()];
    let mut seen: Vec<u32> = Vec::new();
    for ms in members {
        if ms.is_empty() {
            continue;
        }
        let mut canon: FxMap<&'static str, usize> = FxMap::default();
        seen.clear();
        for m in &ms {
            if let Some(c) = m.canon {
                *canon.entry(c).or_default() += 1;
            }
            if let Some(u) = uses.get_mut(m.surface_id as usize) {
                if *u == 0 {
                    seen.push(m.surface_id);
                }
                *u += 1;
            }
        }
        let forms: Vec<(&'a str, usize)> = seen
            .iter()
            .filter_map(|&id| {
                let n = std::mem::take(uses.get_mut(id as usize)?);
                Some((*surfaces.get(id as usize)?, n))
            })
            .collect();
        let name = if let Some((c, _)) = canon
            .iter()
            .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))
        {
            c.to_string()
        } else {
            // The most used form of two words or more (a full name, not a surname alone, and
            // not a rare overlong one such as "Robert Dole of Kansas"), as the text writes it
            // rather than shouted in a headline ("Texas Instruments", not "TEXAS INSTRUMENTS"),
            // accented forms first.
            let best = forms.iter().max_by(|a, b| {
                let many = |s: &str| s.split_whitespace().count() >= 2;
                let ka = (
                    many(a.0),
                    !shouted(a.0),
                    non_ascii(a.0),
                    a.1,
                    a.0.split_whitespace().count(),
                );
                let kb = (
                    many(b.0),
                    !shouted(b.0),
                    non_ascii(b.0),
                    b.1,
                    b.0.split_whitespace().count(),
                );
                ka.cmp(&kb).then_with(|| b.0.cmp(a.0))
            });
            // A name wrapped over two lines is shown on one ("Carl C.\nIcahn").
            best.map(|&(s, _)| s.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default()
        };
        let mut aliases: Vec<(&str, usize)> =
            forms.into_iter().filter(|(s, _)| *s != name).collect();
        aliases.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let aliases = one_line_aliases(&name, aliases);
        let mut mentions: Vec<Mention> = ms
            .iter()
            .filter_map(|m| Mention::new(m.doc, m.start, m.end))
            .collect();
        mentions.sort();
        mentions.dedup();
        out.push(Entity {
            id: String::new(),
            kind,
            name,
            value: None,
            aliases,
            mentions: mentions.into(),
        });
    }
    out
}

/// Is a name form written in capitals, as a headline shouts it: two words or more ("TEXAS
/// INSTRUMENTS"), or one long word ("REUTERS"); a short acronym ("NATO") is how it is written.
fn shouted(form: &str) -> bool {
    let letters = form.chars().filter(|c| c.is_alphabetic()).count();
    !form.chars().any(char::is_lowercase) && (form.split_whitespace().count() >= 2 || letters > 5)
}

/// The aliases with each one's whitespace runs made single spaces, without the name itself and
/// without repeats (most used first, as given).
fn one_line_aliases(name: &str, aliases: Vec<(&str, usize)>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(aliases.len());
    let mut seen: FxSet<String> = FxSet::default();
    for (s, _) in aliases {
        let a = if s.contains(char::is_whitespace) {
            s.split_whitespace().collect::<Vec<_>>().join(" ")
        } else {
            s.to_string()
        };
        if a != name && seen.insert(a.clone()) {
            out.push(a);
        }
    }
    out
}

fn group_places_orgs<'a>(
    mentions: &[NameMention<'a>],
    info: &[FormInfo<'a>],
    surfaces: &[&'a str],
) -> Vec<Entity> {
    let mut out = Vec::new();
    for kind in [EntityKind::Place, EntityKind::Organization] {
        let ms: Vec<&NameMention> = mentions.iter().filter(|m| m.kind == kind).collect();
        // Cluster key: the gazetteer's canonical name, else the folded form.
        // (true, canonical name) or (false, folded form).
        let cluster_key = |m: &NameMention<'a>| -> (bool, &'a str) {
            if let Some(c) = m.canon {
                return (true, c);
            }
            if let Some(e) = info.get(m.form as usize).and_then(|i| i.entry) {
                return (true, e.canon);
            }
            (false, m.key)
        };
        let mut ids: FxMap<(bool, &str), usize> = FxMap::default();
        let mut keys: Vec<(bool, &str)> = Vec::new();
        let mut of: Vec<usize> = Vec::with_capacity(ms.len());
        // A form without a canonical name of its own always takes the same cluster: looked up
        // in the gazetteer once per form, not once per mention.
        let mut by_form: Vec<usize> = vec![usize::MAX; info.len()];
        for m in &ms {
            if m.canon.is_none() {
                if let Some(&id) = by_form.get(m.form as usize).filter(|&&id| id != usize::MAX) {
                    of.push(id);
                    continue;
                }
            }
            let k = cluster_key(m);
            let n = ids.len();
            let id = *ids.entry(k).or_insert_with(|| {
                keys.push(k);
                n
            });
            if m.canon.is_none() {
                if let Some(slot) = by_form.get_mut(m.form as usize) {
                    *slot = id;
                }
            }
            of.push(id);
        }
        let mut dsu = Dsu((0..keys.len()).collect());
        // Acronyms defined in parentheses.
        for m in &ms {
            if let Some(long) = &m.acronym_of {
                if let (Some(&a), Some(&b)) = (ids.get(&(false, m.key)), ids.get(&(false, long))) {
                    dsu.union(a, b);
                }
            }
        }
        if kind == EntityKind::Organization {
            // A shorter name inside exactly one longer one.
            let mut sub_index: FxMap<&str, FxSet<usize>> = FxMap::default();
            for (id, &(canon, k)) in keys.iter().enumerate() {
                if canon {
                    continue;
                }
                // Word boundaries: (start, end) byte offsets of each word in `k`.
                let mut bounds: Vec<(usize, usize)> = Vec::new();
                let mut pos = 0;
                for w in k.split(' ') {
                    bounds.push((pos, pos + w.len()));
                    pos += w.len() + 1;
                }
                let n = bounds.len();
                if n > 12 {
                    continue;
                }
                for a in 0..n {
                    for b in a + 1..=n {
                        if b - a < n {
                            let sub = &k[bounds[a].0..bounds[b - 1].1];
                            sub_index.entry(sub).or_default().insert(id);
                        }
                    }
                }
            }
            let mut order: Vec<usize> = (0..keys.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(keys[i].1.split(' ').count()));
            for id in order {
                let (canon, k) = keys[id];
                if canon || !k.contains(' ') {
                    continue;
                }
                if let Some(longer) = sub_index.get(k) {
                    let roots: FxSet<usize> = longer.iter().map(|&l| dsu.find(l)).collect();
                    if roots.len() == 1 {
                        if let Some(&l) = longer.iter().next() {
                            dsu.union(id, l);
                        }
                    }
                }
            }
        }
        let mut groups: FxMap<usize, Vec<&NameMention>> = FxMap::default();
        for (m, id) in ms.iter().zip(of) {
            let root = dsu.find(id);
            groups.entry(root).or_default().push(m);
        }
        let mut gs: Vec<(usize, Vec<&NameMention>)> = groups.into_iter().collect();
        gs.sort_by_key(|(r, _)| *r);
        out.extend(build(
            kind,
            gs.into_iter().map(|(_, v)| v).collect(),
            surfaces,
        ));
    }
    out
}

fn group_dates(docs: &[DocMentions<'_>]) -> Vec<Entity> {
    type Group<'a> = (Option<&'a str>, FxMap<&'a str, usize>, Vec<Mention>);
    let mut groups: FxMap<std::borrow::Cow<'_, str>, Group<'_>> = FxMap::default();
    for d in docs {
        for m in d.dates {
            let surface = d.text.get(m.start..m.end).unwrap_or("");
            let key = match &m.value {
                Some(v) => std::borrow::Cow::Borrowed(v.as_str()),
                // With no anchor, "Monday" means a different day in each document.
                None => std::borrow::Cow::Owned(format!("unresolved:{}:{}", d.doc, slug(surface))),
            };
            let g = groups
                .entry(key)
                .or_insert_with(|| (m.value.as_deref(), FxMap::default(), Vec::new()));
            *g.1.entry(surface).or_default() += 1;
            g.2.extend(Mention::new(d.doc, m.start + d.offset, m.end + d.offset));
        }
    }
    let mut out = Vec::new();
    for (key, (value, forms, mut mentions)) in groups {
        mentions.sort();
        mentions.dedup();
        let mut forms: Vec<(&str, usize)> = forms.into_iter().collect();
        forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let name = match value {
            Some(v) => v.to_string(),
            None => forms.first().map(|f| f.0.to_string()).unwrap_or_default(),
        };
        out.push(Entity {
            id: format!("date:{key}"),
            kind: EntityKind::Date,
            value: value.map(str::to_string),
            aliases: forms
                .into_iter()
                .filter(|f| f.0 != name)
                .map(|f| f.0.to_string())
                .collect(),
            name,
            mentions: mentions.into(),
        });
    }
    out
}

/// Sorts entities (kind, mentions, name) and assigns unique stable ids.
fn finish(mut entities: Vec<Entity>) -> Vec<Entity> {
    entities.retain(|e| !e.mentions.is_empty());
    sort_entities(&mut entities);
    let mut seen: FxSet<String> = FxSet::default();
    for e in &mut entities {
        e.id = unique_id(&mut seen, id_base(e));
    }
    entities
}

/// The entities' order: by kind, most mentioned first, then by name.
pub(crate) fn sort_entities(entities: &mut [Entity]) {
    entities.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then_with(|| b.mentions.len().cmp(&a.mentions.len()))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.mentions.cmp(&b.mentions))
    });
}

/// What an entity's id is made from: `kind:slug-of-name` (a date keeps its `date:` id).
pub(crate) fn id_base(e: &Entity) -> String {
    if e.kind == EntityKind::Date {
        e.id.clone()
    } else {
        format!("{}:{}", e.kind.as_str(), slug(&e.name))
    }
}

/// `base`, or `base-2`, `base-3`… : the first not in `seen`, which then holds it.
pub(crate) fn unique_id<S: std::hash::BuildHasher>(
    seen: &mut std::collections::HashSet<String, S>,
    base: String,
) -> String {
    let mut id = base.clone();
    let mut n = 2;
    while !seen.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}
