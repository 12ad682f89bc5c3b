//! Lone head words ("the Commission said", "the Bank"): each is the organization its document
//! names in full with that word — the nearest such name before it, else the first after it —
//! or no entity at all. A corpus never holds one "Commission" that is every commission.

use super::{Forms, NameMention, NONE};
use crate::model::EntityKind;

/// Generic heads of organization names: alone, capitalized, they refer back to a name, and
/// name no one organization of their own. (Not "Congress", "Parliament", "Senate", "House":
/// news writes those alone as names.)
const HEADS: &[&str] = &[
    "academy",
    "administration",
    "agency",
    "assembly",
    "association",
    "authority",
    "bank",
    "board",
    "bureau",
    "cabinet",
    "college",
    "commission",
    "committee",
    "community",
    "company",
    "corporation",
    "council",
    "court",
    "department",
    "exchange",
    "federation",
    "foundation",
    "fund",
    "government",
    "group",
    "institute",
    "institution",
    "laboratory",
    "league",
    "ministry",
    "office",
    "organisation",
    "organization",
    "party",
    "society",
    "tribunal",
    "union",
    "university",
];

/// The words of a folded key (punctuation such as "-" left out), as [`NameMention::words`].
fn words(key: &str) -> impl Iterator<Item = &str> {
    key.split(' ')
        .filter(|w| w.chars().any(char::is_alphanumeric))
}

/// `key`'s number among the generic heads (folded), if it is one alone.
fn head(key: &str) -> Option<u8> {
    // Most words are no head: a table of the heads' first and last letters and a length check
    // end them before the search's string comparisons.
    const ENDS: [u32; 26] = head_ends();
    let (&f, &l) = (key.as_bytes().first()?, key.as_bytes().last()?);
    if !(4..=14).contains(&key.len())
        || !f.is_ascii_lowercase()
        || !l.is_ascii_lowercase()
        || ENDS[usize::from(f - b'a')] >> (l - b'a') & 1 == 0
    {
        return None;
    }
    HEADS.binary_search(&key).ok().map(|i| i as u8)
}

/// Per first letter of [`HEADS`] (a = 0), their last letters as bits (a = bit 0).
const fn head_ends() -> [u32; 26] {
    let mut m = [0u32; 26];
    let mut i = 0;
    while i < HEADS.len() {
        let w = HEADS[i].as_bytes();
        m[(w[0] - b'a') as usize] |= 1 << (w[w.len() - 1] - b'a');
        i += 1;
    }
    m
}

/// Is `key` (folded) a generic head word alone?
#[cfg(test)]
fn is_lone_head(key: &str) -> bool {
    head(key).is_some()
}

/// Per form, asked once: a generic head alone ([`LONE`] and the head's number), a name of
/// several words with one head ([`HOLDS_ONE`] and its number) or more ([`HOLDS`]), or
/// neither. The heads' numbers are kept so that the mentions, millions of them, do not split
/// their forms into words and look each word up again.
pub(super) struct Heads {
    class: Vec<u8>,
}

const NOTHING: u8 = 0;
/// A generic head alone: `LONE + h`, `h` its number in [`HEADS`].
const LONE: u8 = 1;
/// A name of several words holding more than one head (each looked up again when used).
const HOLDS: u8 = LONE + HEADS.len() as u8;
/// A name of several words holding one head: `HOLDS_ONE + h`.
const HOLDS_ONE: u8 = HOLDS + 1;
const _: () = assert!(HOLDS_ONE as usize + HEADS.len() <= u8::MAX as usize);

fn is_lone(c: u8) -> bool {
    (LONE..HOLDS).contains(&c)
}

fn holds(c: u8) -> bool {
    c >= HOLDS
}

impl Heads {
    pub(super) fn of(forms: &Forms<'_>) -> Heads {
        let class = forms
            .keys
            .iter()
            .map(|k| {
                if !k.s.contains(' ') {
                    head(k.s).map_or(NOTHING, |h| LONE + h)
                } else {
                    let mut hs = words(k.s).filter_map(head);
                    match (hs.next(), hs.next()) {
                        (None, _) => NOTHING,
                        (Some(h), None) => HOLDS_ONE + h,
                        (Some(_), Some(_)) => HOLDS,
                    }
                }
            })
            .collect();
        Heads { class }
    }

    /// Joins each one-word mention of a generic head to its document's organization named
    /// in full with that word (taking its form, so it groups with it), and drops the ones its
    /// document names no such organization for. (`mentions`: one document's or more, in
    /// order.) `orig` (each mention's number before deciding) is kept beside `mentions`, and
    /// the numbers of the mentions joined are added to `joined`, so the decisions can be
    /// noted ([`super::decided`]).
    pub(super) fn join(
        &self,
        mentions: &mut Vec<NameMention>,
        forms: &Forms<'_>,
        orig: &mut Vec<u32>,
        joined: &mut Vec<u32>,
    ) {
        join_lone_heads(&self.class, mentions, forms, orig, joined);
    }
}

fn join_lone_heads(
    class: &[u8],
    mentions: &mut Vec<NameMention>,
    forms: &Forms<'_>,
    orig: &mut Vec<u32>,
    joined: &mut Vec<u32>,
) {
    let class_of = |m: &NameMention| class.get(m.form as usize).copied().unwrap_or(NOTHING);
    if !mentions.iter().any(|m| is_lone(class_of(m))) {
        return;
    }
    // The organizations named in full with a head: (document, head, start, index), sorted;
    // 16 bytes each, made to the number of such names (most hold one head), not grown by
    // doubling: a corpus has millions of them.
    let holding = |m: &&NameMention| m.kind == EntityKind::Organization && holds(class_of(m));
    let mut full: Vec<(u32, u8, u32, u32)> =
        Vec::with_capacity(mentions.iter().filter(holding).count());
    for (i, m) in mentions.iter().enumerate() {
        if holding(&m) {
            match class_of(m) {
                HOLDS => {
                    for h in words(m.key(forms)).filter_map(head) {
                        full.push((m.at.doc, h, m.at.start, i as u32));
                    }
                }
                c => full.push((m.at.doc, c - HOLDS_ONE, m.at.start, i as u32)),
            }
        }
    }
    full.sort_unstable();
    // (lone head, the mention whose form it takes, or NONE): 8 bytes each.
    let mut to: Vec<(u32, u32)> =
        Vec::with_capacity(mentions.iter().filter(|m| is_lone(class_of(m))).count());
    for (i, m) in mentions.iter().enumerate() {
        let c = class_of(m);
        if !is_lone(c) {
            continue;
        }
        let h = c - LONE;
        // Its document's names with the head: the nearest before it (the last listed of
        // those that start there), else the first.
        let lo = full.partition_point(|x| (x.0, x.1) < (m.at.doc, h));
        let hi = lo + full[lo..].partition_point(|x| (x.0, x.1) == (m.at.doc, h));
        let same = &full[lo..hi];
        let before = same.partition_point(|x| x.2 < m.at.start);
        let target = before
            .checked_sub(1)
            .or((hi > lo).then_some(0))
            .and_then(|p| same.get(p))
            .map_or(NONE, |x| x.3);
        to.push((i as u32, target));
    }
    drop(full);
    let mut gone = vec![false; mentions.len()];
    for (i, target) in to {
        let i = i as usize;
        match Some(target as usize).filter(|_| target != NONE) {
            Some(j) => {
                let (form, canon, acronym_of) = {
                    let f = &mentions[j];
                    (f.form, f.canon, f.acronym_of)
                };
                let m = &mut mentions[i];
                m.kind = EntityKind::Organization;
                m.form = form;
                m.canon = canon;
                m.acronym_of = acronym_of;
                joined.extend(orig.get(i).copied());
            }
            None => gone[i] = true,
        }
    }
    super::decided::retain_beside(mentions, orig, |i, _| !gone[i]);
}

#[cfg(test)]
mod tests {
    use super::super::test_doc as doc;
    use crate::analyze::analyze;
    use crate::model::EntityKind;

    #[test]
    fn the_heads_are_sorted_for_their_binary_search() {
        assert!(super::HEADS.windows(2).all(|w| w[0] < w[1]));
        assert!(super::is_lone_head("commission") && super::is_lone_head("academy"));
        // Every head passes the quick table before its search.
        assert!(super::HEADS.iter().all(|h| super::is_lone_head(h)));
        assert!(super::is_lone_head("university") && !super::is_lone_head("congress"));
    }

    #[test]
    fn a_lone_head_is_its_documents_full_name_or_nothing() {
        let docs = [
            doc(
                0,
                "The Varnland Trade Commission opened an inquiry on Monday. The Commission said \
                 prices fell, and the executive Commission will report in May.",
            ),
            doc(
                1,
                "Officials at the Bank said the rate would stay. Prices rose.",
            ),
        ];
        let ents = analyze(&docs);
        let full = ents
            .iter()
            .find(|e| e.name == "Varnland Trade Commission")
            .map(|e| (e.kind, e.mentions.len()));
        assert!(
            full.is_some_and(|(k, n)| k == EntityKind::Organization && n >= 2),
            "{ents:?}"
        );
        assert!(
            !ents.iter().any(|e| e.kind == EntityKind::Person),
            "{ents:?}"
        );
        // No entity is named by the head alone, in either document.
        assert!(
            !ents
                .iter()
                .any(|e| e.name == "Commission" || e.name == "Bank"),
            "{ents:?}"
        );
    }

    /// (A linker rule beside this one: a common word in capitals takes a kind only from two
    /// sure mentions at least.)
    #[test]
    fn one_stray_sure_mention_makes_no_headline_word_a_name() {
        let mut docs = vec![doc(0, "He moved to New mexico last year, officials said.")];
        for i in 1..4 {
            docs.push(doc(
                i,
                "KESTREL TO NAME NEW CHIEF\n\nKestrel Corp said it will name a chief in May.",
            ));
        }
        let ents = analyze(&docs);
        assert!(
            !ents
                .iter()
                .any(|e| e.name.eq_ignore_ascii_case("new") && e.kind != EntityKind::Date),
            "{ents:?}"
        );
    }

    /// (Beside it too: a surname's plural is the family of the person its document names.)
    #[test]
    fn a_surnames_plural_is_the_family() {
        let docs = [doc(
            0,
            "Senator Tomas Varnholt spoke on Monday. Later the Varnholts flew home to Ohio.",
        )];
        let ents = analyze(&docs);
        assert!(
            !ents
                .iter()
                .any(|e| e.name == "Varnholts" && e.kind != EntityKind::Person),
            "{ents:?}"
        );
    }
}
