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

mod dates;
mod forms;
mod groups;
mod heads;
mod people;
use dates::group_dates;
use forms::{Forms, Interned, NO_FORM};
use groups::{build, group_places_orgs, Dsu};
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

    fn doc(&self) -> DocId {
        self.at.doc()
    }
}

/// A number of no string (no canonical name, no acronym's long form).
const NONE: u32 = u32::MAX;

/// One half of the corpus's settled mentions, with the strings they number, and the mentions
/// whose form the corpus's table does not number yet (by index, with that form).
#[derive(Default)]
struct Settled<'a> {
    mentions: Vec<NameMention>,
    strings: Interned<'a>,
    unnumbered: Vec<(usize, &'a str)>,
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
    // Each half numbers its mentions' surfaces as written (in document order, while it reads
    // each document's text), so grouping counts forms by number without reading the texts again.
    let settle = |part: &[DocMentions<'a>], ids: &[Vec<u32>]| -> Settled<'a> {
        let mut out = Settled {
            mentions: Vec::with_capacity(part.iter().map(|d| d.names.len()).sum()),
            ..Settled::default()
        };
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
                    Some(k) => out.push(d, c, id, 0, c.parts.len(), k, c.canon, &forms),
                    None if c.strength == WEAK => {
                        sub_matches(d, c, &forms, &votes, &person_words, lex, &mut out);
                    }
                    None => {}
                }
            }
        }
        out
    };
    let (one, two) = std::thread::scope(|s| {
        let h = s.spawn(|| settle(second, ids2));
        let m = settle(first, ids1);
        (m, h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    });
    let Settled {
        mut mentions,
        mut strings,
        unnumbered,
    } = one;
    let Settled {
        mentions: mut rest,
        strings: strings2,
        unnumbered: unnumbered2,
    } = two;
    let remap = strings.absorb(strings2);
    let renumber = |i: u32| remap.get(i as usize).copied().unwrap_or(NONE);
    for m in rest.iter_mut() {
        m.surface = renumber(m.surface);
        m.canon = renumber(m.canon);
    }
    drop(remap);
    // Parts of unresolved chunks that no candidate had as its whole form get their numbers now.
    for (i, key) in unnumbered {
        mentions[i].form = forms.intern(Key::new(key), lex, &companies);
    }
    for (i, key) in unnumbered2 {
        rest[i].form = forms.intern(Key::new(key), lex, &companies);
    }
    votes.resize(forms.len(), Votes::default());
    for k in &forms.keys[person_word.len()..] {
        person_word.push(person_word_of(k));
    }
    // One string, one kind: every mention of a form takes the kind its mentions vote for across
    // the corpus ("Chelsea" is the club in the table and in the text). Each half tallies its
    // own mentions; the two tallies are added up.
    let tally_of = |mentions: &[NameMention]| -> Vec<[u32; 3]> {
        let mut tally: Vec<[u32; 3]> = vec![[0; 3]; forms.len()];
        for m in mentions {
            // A city's name from the gazetteer alone votes no more than a context cue does, so a
            // club or an institution named after it wins where the text treats it as one ("Leeds
            // beat Chelsea", "Leeds manager").
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
    // Both sets hold (document, word) as numbers: each form's words are numbered once.
    let fw = FormWords::of(&forms);
    type DocWords = FxSet<(u32, u32)>;
    let doc_words = |halves: &[&[NameMention]]| -> (DocWords, DocWords) {
        let surnames: DocWords = halves
            .iter()
            .flat_map(|h| h.iter())
            .filter(|m| m.kind == EntityKind::Person)
            .filter_map(|m| {
                let w = fw.last[m.form as usize];
                (w != NONE).then_some((m.at.doc, w))
            })
            .collect();
        let org_words_in_doc: DocWords = halves
            .iter()
            .flat_map(|h| h.iter())
            .filter(|m| m.kind == EntityKind::Organization && fw.spaced[m.form as usize])
            .flat_map(|m| fw.words(m.form).iter().map(move |&w| (m.at.doc, w)))
            .collect();
        (surnames, org_words_in_doc)
    };
    let first_docs: FxSet<DocId> = first.iter().map(|d| d.doc).collect();
    let apart = !second.iter().any(|d| first_docs.contains(&d.doc));
    // Each half takes the voted kinds and drops what is no name, on its own core; the halves
    // are joined in document order.
    let decide = |mentions: &mut Vec<NameMention>,
                  (surnames, org_words_in_doc): &(DocWords, DocWords)| {
        for m in mentions.iter_mut() {
            let t = tally[m.form as usize];
            let info = &forms.info[m.form as usize];
            let f = m.form as usize;
            let one = !fw.spaced[f];
            let vote = u32::from(m.vote);
            if let Some(k) = Votes::best(&t) {
                m.kind = k;
            }
            if m.kind != EntityKind::Person
                && m.canon == NONE
                && m.acronym_of == NONE
                && vote <= 1 + weight(MEDIUM)
                && one
                && fw.own[f] != NONE
                && surnames.contains(&(m.at.doc, fw.own[f]))
                && !org_words_in_doc.contains(&(m.at.doc, fw.own[f]))
            {
                m.kind = EntityKind::Person;
            }
            // One word that no name list knows and no full name in the corpus holds ("Ryanair",
            // "Aeroflot"), a person on no strong cue anywhere in the corpus ("Minister Subroto"
            // is one), that the corpus also reads as a company or a place: that.
            if m.kind == EntityKind::Person
                && one
                && vote <= 1 + weight(MEDIUM)
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
                && m.canon == NONE
                && m.acronym_of == NONE
                && one
                && fw.plural_of[f] != NONE
                && surnames.contains(&(m.at.doc, fw.plural_of[f]))
            {
                m.kind = EntityKind::Person;
            }
        }
        // A common word alone that is no known name ("Visa", "Chemical"), or any common word
        // in capitals ("WHEAT", "LOAN"), is a person only on a strong cue of its own or as the
        // surname of a person the corpus names in full.
        mentions.retain(|m| {
            let info = &forms.info[m.form as usize];
            let surface = strings.strs.get(m.surface as usize).copied().unwrap_or("");
            !(m.kind == EntityKind::Person
                && !fw.spaced[m.form as usize]
                && u32::from(m.vote) <= 1 + weight(MEDIUM)
                && info.common
                && !person_word[m.form as usize]
                && ((!info.surname && !info.given)
                    || (surface.chars().count() >= 3 && !surface.chars().any(char::is_lowercase))))
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
    // The halves joined: the first grown in place where the allocator can, not a third list.
    mentions.reserve_exact(rest.len());
    mentions.append(&mut rest);
    drop(rest);
    heads::join_lone_heads(&mut mentions, &forms);
    // 3. Group each kind: independent, so on separate cores.
    let (places_orgs, people, dates) = std::thread::scope(|s| {
        let po = s.spawn(|| group_places_orgs(&mentions, &forms, &strings.strs));
        let pe = s.spawn(|| group_people(&mentions, &forms, &strings.strs));
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

/// Per form, the numbers of the words that settle a one-word mention by its document's other
/// names ([`link`]'s `decide`): each distinct word numbered once, so the per-document sets hold
/// numbers, not strings.
struct FormWords {
    /// A form of several words (it has a space).
    spaced: Vec<bool>,
    /// A several-word form's last word (after its last space), or [`NONE`].
    last: Vec<u32>,
    /// A one-word form itself, or [`NONE`] if no form has it as a last or inner word.
    own: Vec<u32>,
    /// A one-word form ending in "s", without it (longer than two bytes), or [`NONE`].
    plural_of: Vec<u32>,
    /// A several-word form's words ([`NameMention::words`]): a range of `all`.
    range: Vec<(u32, u32)>,
    all: Vec<u32>,
}

impl FormWords {
    fn of(forms: &Forms<'_>) -> FormWords {
        let n = forms.len();
        let mut ids: Interned<'_> = Interned::default();
        let mut fw = FormWords {
            spaced: Vec::with_capacity(n),
            last: Vec::with_capacity(n),
            own: Vec::new(),
            plural_of: Vec::new(),
            range: Vec::with_capacity(n),
            all: Vec::new(),
        };
        for k in &forms.keys {
            let spaced = k.s.contains(' ');
            fw.spaced.push(spaced);
            fw.last.push(
                k.s.rsplit_once(' ')
                    .map_or(NONE, |(_, last)| ids.intern(last)),
            );
            let from = fw.all.len() as u32;
            if spaced {
                for w in
                    k.s.split(' ')
                        .filter(|w| w.chars().any(char::is_alphanumeric))
                {
                    let id = ids.intern(w);
                    fw.all.push(id);
                }
            }
            fw.range.push((from, fw.all.len() as u32));
        }
        // Looked up only once every several-word form's words are numbered: a word no such form
        // has is in no set.
        for k in &forms.keys {
            let one = !k.s.contains(' ');
            fw.own.push(if one { ids.get(k.s) } else { NONE });
            fw.plural_of.push(match k.s.strip_suffix('s') {
                Some(p) if one && p.len() > 2 => ids.get(p),
                _ => NONE,
            });
        }
        fw
    }

    fn words(&self, form: u32) -> &[u32] {
        let (a, b) = self.range.get(form as usize).copied().unwrap_or((0, 0));
        self.all.get(a as usize..b as usize).unwrap_or(&[])
    }
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

impl<'a> Settled<'a> {
    /// Adds mention `a..b` of candidate `c`; `form` is the number of its folded form, or
    /// [`NO_FORM`]. (A mention past 4 GiB of its document, or of a document past the 4 Gi-th,
    /// is left out: no entity holds one.)
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        d: &DocMentions<'a>,
        c: &'a Cand,
        form: u32,
        a: usize,
        b: usize,
        kind: EntityKind,
        canon: Option<&'static str>,
        forms: &Forms<'a>,
    ) {
        let start = c.parts.get(a).map_or(c.start, |p| p.start);
        let end = b
            .checked_sub(1)
            .and_then(|l| c.parts.get(l))
            .map_or(c.end, |p| p.end);
        let Some(at) = Mention::new(d.doc, start + d.offset, end + d.offset) else {
            return;
        };
        let whole = a == 0 && b == c.parts.len();
        if form == NO_FORM {
            let key = if whole { &c.key } else { c.sub_key(a, b) };
            self.unnumbered.push((self.mentions.len(), key));
        }
        let vote = if c.kind == Some(kind) {
            1 + weight(c.strength)
        } else {
            1
        };
        self.mentions.push(NameMention {
            at,
            kind,
            vote: vote as u8,
            form,
            surface: self.strings.intern(d.text.get(start..end).unwrap_or("")),
            canon: canon.map_or(NONE, |s| self.strings.intern(s)),
            acronym_of: match &c.acronym_of {
                Some(long) if whole => forms.get(long).unwrap_or(NONE),
                _ => NONE,
            },
        });
    }
}

/// Known parts of an unresolved chunk ("Dear Acme Community" → "Acme").
fn sub_matches<'a>(
    d: &DocMentions<'a>,
    c: &'a Cand,
    forms: &Forms<'a>,
    votes: &[Votes],
    person_words: &FxSet<&str>,
    lex: &Lexicon,
    out: &mut Settled<'a>,
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
                out.push(d, c, form.unwrap_or(NO_FORM), i, e, k, canon, forms);
                i = e;
            }
            None => i += 1,
        }
    }
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
