//! The kinds settled mentions finally take, a document at a time: the corpus's tally per form
//! decides, then the document's own names (the surnames it names in full, the organization
//! words it holds); what is no name is dropped and lone head words join their document's
//! organizations ([`heads`]), and so do one-word short forms of them ([`shorts`]). Everything
//! read is per form (corpus-wide) or per document, so linking runs it as the settled mentions
//! come back, one document at a time.

use super::*;

/// What a document's mentions are decided by: the corpus-wide tables, per form.
pub(super) struct Decider<'f, 'a> {
    pub forms: &'f Forms<'a>,
    pub fw: &'f FormWords,
    pub tally: &'f [[u32; 3]],
    pub votes: &'f [Votes],
    pub person_word: &'f [bool],
    pub strings: &'f [&'a str],
    pub heads: &'f heads::Heads,
}

/// A document's sets, kept between documents for their room.
#[derive(Default)]
pub(super) struct DocSets {
    /// The last words of the people it names in full.
    surnames: FxSet<u32>,
    /// The words of its organizations' names of several words.
    org_words: FxSet<u32>,
    /// Each staying mention's number in the document before deciding, and those of the ones
    /// joined to an organization ([`heads`]): what [`decided::Decisions`] notes.
    orig: Vec<u32>,
    joined: Vec<u32>,
}

impl Decider<'_, '_> {
    /// Decides one document's mentions (`ms`, in order) as [`Decider::doc`] does, and pushes
    /// to `made`, per mention that stays, what [`decided::Decisions::note`] notes of it.
    pub(super) fn doc_made(
        &self,
        ms: &mut Vec<NameMention>,
        sets: &mut DocSets,
        made: &mut Vec<u32>,
    ) {
        self.doc(ms, sets);
        made.extend(
            sets.orig
                .iter()
                .map(|&o| decided::made(o, sets.joined.contains(&o))),
        );
    }

    /// Decides one document's mentions (`ms`, in order): their kinds, which stay.
    pub(super) fn doc(&self, ms: &mut Vec<NameMention>, sets: &mut DocSets) {
        sets.orig.clear();
        sets.orig.extend(0..ms.len() as u32);
        sets.joined.clear();
        let fw = self.fw;
        // The surnames of the people the document names in full, before the corpus-wide
        // vote: "Baker" after "Treasury Secretary James Baker" is that person in that
        // document, whatever a company called Baker does elsewhere. Not where the document
        // also names a company with the word ("Casa Luiz Caloi", founded by Luigi Caloi):
        // there the word alone may be either.
        sets.surnames.clear();
        sets.org_words.clear();
        for m in ms.iter() {
            let f = m.form as usize;
            if m.kind == EntityKind::Person {
                let w = fw.last[f];
                if w != NONE {
                    sets.surnames.insert(w);
                }
            } else if m.kind == EntityKind::Organization && fw.spaced[f] {
                sets.org_words.extend(fw.words(m.form).iter().copied());
            }
        }
        let (surnames, org_words_in_doc) = (&sets.surnames, &sets.org_words);
        let forms = self.forms;
        for m in ms.iter_mut() {
            let t = self.tally[m.form as usize];
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
                && surnames.contains(&fw.own[f])
                && !org_words_in_doc.contains(&fw.own[f])
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
                && !self.person_word[f]
                && self.votes[f].strong[kind_index(EntityKind::Person)] == 0
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
                && surnames.contains(&fw.plural_of[f])
            {
                m.kind = EntityKind::Person;
            }
        }
        // A common word alone that is no known name ("Visa", "Chemical"), or any common word
        // in capitals ("WHEAT", "LOAN"), is a person only on a strong cue of its own or as the
        // surname of a person the corpus names in full.
        decided::retain_beside(ms, &mut sets.orig, |_, m| {
            let info = &forms.info[m.form as usize];
            let surface = self.strings.get(m.surface as usize).copied().unwrap_or("");
            !(m.kind == EntityKind::Person
                && !fw.spaced[m.form as usize]
                && u32::from(m.vote) <= 1 + weight(MEDIUM)
                && info.common
                && !self.person_word[m.form as usize]
                && ((!info.surname && !info.given)
                    || (surface.chars().count() >= 3 && !surface.chars().any(char::is_lowercase))))
        });
        self.heads.join(ms, forms, &mut sets.orig, &mut sets.joined);
        shorts::join(ms, forms, self.strings, &sets.orig, &mut sets.joined);
    }
}

/// Per form, the numbers of the words that settle a one-word mention by its document's other
/// names ([`link`]'s `decide`): each distinct word numbered once, so the per-document sets hold
/// numbers, not strings.
pub(super) struct FormWords {
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
    pub(super) fn of(forms: &Forms<'_>) -> FormWords {
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

    pub(super) fn words(&self, form: u32) -> &[u32] {
        let (a, b) = self.range.get(form as usize).copied().unwrap_or((0, 0));
        self.all.get(a as usize..b as usize).unwrap_or(&[])
    }
}
