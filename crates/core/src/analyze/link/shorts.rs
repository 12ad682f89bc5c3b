//! One-word short forms of companies ("Varnelco said" after "Varnelco Motor Company"): each is
//! the organization its document names in full starting with that word, when the document
//! names exactly one such organization (its legal forms aside) and writes it once at least with
//! a legal form ("Co", "Corp", "GmbH": a company). Such a word is noted as an acronym is, its
//! long form that name ([`NameMention::acronym_of`]), and grouping joins the word's cluster to
//! the name's when every document that joins the word names the same company
//! ([`super::groups`]): "Varnelco" joined to "Varnelco Bank" in one document and to "Varnelco
//! Motors" in another joins neither. A document naming two ("Varnelco Bank", "Varnelco
//! Motors") or the word with only a legal form after it ("Varnelco Corp", grouped by
//! [`super::groups`] too) leaves it alone.

use super::{Forms, NameMention, NONE};
use crate::analyze::names::legal_form;
use crate::model::EntityKind;

/// `key` (folded) without the legal forms and punctuation that end it ("acme motor co ." →
/// "acme motor"), and its words left; the first word always stays.
pub(super) fn stem(key: &str) -> (&str, usize) {
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut pos = 0;
    for w in key.split(' ') {
        words.push((pos, w));
        pos += w.len() + 1;
    }
    let alnum = |w: &str| w.chars().any(char::is_alphanumeric);
    let mut end = words.len();
    while end > 1 {
        let w = words[end - 1].1;
        if !alnum(w) || legal_form(w) {
            end -= 1;
        } else {
            break;
        }
    }
    let n = words[..end].iter().filter(|(_, w)| alnum(w)).count();
    let last = words[end - 1];
    (&key[..last.0 + last.1.len()], n)
}

/// Notes one document's (or more, in order) one-word organization mentions as short forms of
/// the one company their document names in full with that first word, as described above. `orig`
/// is kept beside `mentions`; the numbers of the mentions joined are added to `joined`.
pub(super) fn join(
    mentions: &mut [NameMention],
    forms: &Forms<'_>,
    strings: &[&str],
    orig: &[u32],
    joined: &mut Vec<u32>,
) {
    let mut start = 0;
    for doc in mentions.chunk_by_mut(|a, b| a.at.doc == b.at.doc) {
        let end = start + doc.len();
        join_doc(
            doc,
            forms,
            strings,
            orig.get(start..end).unwrap_or(&[]),
            joined,
        );
        start = end;
    }
}

/// A one-word organization mention that may be a short form: a word no list knows, or a
/// company the gazetteer knows by that word (grouping joins that one only where the corpus
/// mostly names it in full, [`super::groups`]).
fn short(m: &NameMention, forms: &Forms<'_>, strings: &[&str]) -> bool {
    m.kind == EntityKind::Organization
        && m.acronym_of == NONE
        && (m.canon == NONE || super::groups::known_word(m, forms, strings))
        && {
            let k = m.key(forms);
            !k.contains(' ')
                && !possessive(k)
                && k.chars().filter(|c| c.is_alphabetic()).count() >= 2
        }
}

/// A word in the possessive ("varnel's").
fn possessive(w: &str) -> bool {
    w.ends_with("'s") || w.ends_with("\u{2019}s")
}

fn join_doc(
    mentions: &mut [NameMention],
    forms: &Forms<'_>,
    strings: &[&str],
    orig: &[u32],
    joined: &mut Vec<u32>,
) {
    let shorts: Vec<&str> = mentions
        .iter()
        .filter(|m| short(m, forms, strings))
        .map(|m| m.key(forms))
        .collect();
    if shorts.is_empty() {
        return;
    }
    // The document's full names that start with a short form's word: (word, stem, stem's
    // words, form, mention, written with a legal form), in order.
    let mut full: Vec<(&str, &str, usize, u32, usize, bool)> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.kind != EntityKind::Organization {
            continue;
        }
        let k = m.key(forms);
        let Some((first, rest)) = k.split_once(' ') else {
            continue;
        };
        // Not a firm named after its owner ("Varnel's Broadcasting Service Ltd"): the owner
        // alone is no short form of it.
        let surface = strings.get(m.surface as usize).copied().unwrap_or("");
        let written = surface.split_whitespace().next().unwrap_or("");
        if possessive(first) || possessive(written) || rest.starts_with(['\'', '\u{2019}']) {
            continue;
        }
        if shorts.contains(&first) {
            let (s, n) = stem(k);
            let legal = k
                .get(s.len()..)
                .is_some_and(|t| t.split(' ').any(legal_form));
            full.push((first, s, n, m.form, i, legal));
        }
    }
    if full.is_empty() {
        return;
    }
    let mut to: Vec<(usize, usize)> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if !short(m, forms, strings) {
            continue;
        }
        let k = m.key(forms);
        let mut same = full.iter().filter(|f| f.0 == k).peekable();
        let Some(&&(_, s0, ..)) = same.peek() else {
            continue;
        };
        // One organization, named by more than the word and a legal form, and once at least
        // with its legal form (a company in full: not a label's "Varnelco Records", a
        // product's "Varnelco Aspen", a league's "Varnelco Results").
        if !same.clone().all(|f| f.1 == s0 && f.2 >= 2) || !same.clone().any(|f| f.5) {
            continue;
        }
        // Its most used form in the document (the first of those most used).
        let mut best: Option<(usize, usize)> = None;
        for f in same.clone() {
            let uses = full.iter().filter(|g| g.3 == f.3).count();
            if best.is_none_or(|(n, _)| uses > n) {
                best = Some((uses, f.4));
            }
        }
        if let Some((_, j)) = best {
            to.push((i, j));
        }
    }
    for (i, j) in to {
        let form = mentions[j].form;
        if let Some(m) = mentions.get_mut(i) {
            m.acronym_of = form;
            joined.extend(orig.get(i).copied());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_doc as doc;
    use crate::analyze::analyze;
    use crate::model::EntityKind;

    #[test]
    fn a_stem_leaves_the_legal_forms_out() {
        assert_eq!(super::stem("acme motor co ."), ("acme motor", 2));
        assert_eq!(super::stem("acme motor corporation"), ("acme motor", 2));
        assert_eq!(super::stem("acme corp"), ("acme", 1));
        assert_eq!(super::stem("co"), ("co", 1));
        assert_eq!(super::stem("acme bank"), ("acme bank", 2));
    }

    #[test]
    fn a_short_form_joins_its_documents_one_full_name() {
        let docs = [
            doc(
                0,
                "Brevanta Motor Company said on Monday it would recall 9,000 cars. Brevanta \
                 said the fault was minor, and Brevanta shares fell.",
            ),
            doc(
                1,
                "Brevanta Motor Company posted a profit. Analysts said Brevanta had done well.",
            ),
            doc(
                2,
                "Tolvern Bank raised its rates on Tuesday. Tolvern Motors cut prices. Tolvern \
                 said nothing more.",
            ),
        ];
        let ents = analyze(&docs);
        let orgs: Vec<_> = ents
            .iter()
            .filter(|e| e.kind == EntityKind::Organization)
            .collect();
        let brevanta: Vec<_> = orgs
            .iter()
            .filter(|e| e.name.starts_with("Brevanta"))
            .collect();
        assert_eq!(brevanta.len(), 1, "{orgs:?}");
        assert_eq!(brevanta[0].name, "Brevanta Motor Company", "{orgs:?}");
        assert!(brevanta[0].mentions.len() >= 4, "{orgs:?}");
        // Two companies with the word: the word alone joins neither, and they stay apart.
        let bank = orgs.iter().find(|e| e.name == "Tolvern Bank");
        let motors = orgs.iter().find(|e| e.name == "Tolvern Motors");
        assert!(
            bank.is_some_and(|e| e.mentions.len() == 1)
                && motors.is_some_and(|e| e.mentions.len() == 1),
            "{orgs:?}"
        );
    }

    #[test]
    fn a_word_two_documents_give_two_companies_joins_neither() {
        let docs = [
            doc(
                0,
                "Kelvora Bank Corp raised its lending rate on Monday. Kelvora said deposits grew.",
            ),
            doc(
                1,
                "Kelvora Motors Inc recalled 4,000 trucks on Tuesday. Kelvora said the brakes \
                 were at fault.",
            ),
            doc(
                2,
                "Analysts expect Kelvora to report higher profit, traders said.",
            ),
        ];
        let ents = analyze(&docs);
        let orgs: Vec<_> = ents
            .iter()
            .filter(|e| e.kind == EntityKind::Organization)
            .collect();
        for full in ["Kelvora Bank Corp", "Kelvora Motors Inc"] {
            assert!(
                orgs.iter()
                    .any(|e| e.name == full && e.mentions.len() == 1 && e.aliases.is_empty()),
                "{orgs:?}"
            );
        }
    }

    #[test]
    fn legal_form_variants_are_one_company_named_in_full() {
        let docs = [
            doc(
                0,
                "Dunmere Motor Company said it would build a plant in Ohio. Dunmere said 900 \
                 jobs would follow.",
            ),
            doc(
                1,
                "Dunmere Motor Co posted a loss on Monday. Dunmere Motor Corp. declined to \
                 comment.",
            ),
            doc(
                2,
                "Dunmere said on Friday it would cut prices, a spokesman said.",
            ),
        ];
        let ents = analyze(&docs);
        let orgs: Vec<_> = ents
            .iter()
            .filter(|e| e.kind == EntityKind::Organization)
            .collect();
        let dunmere: Vec<_> = orgs
            .iter()
            .filter(|e| e.name.starts_with("Dunmere"))
            .collect();
        assert_eq!(dunmere.len(), 1, "{orgs:?}");
        // The fullest of the forms used as often.
        assert_eq!(dunmere[0].name, "Dunmere Motor Company", "{orgs:?}");
        assert!(dunmere[0].mentions.len() >= 5, "{orgs:?}");
    }

    #[test]
    fn an_owners_name_is_no_short_form_of_the_firm_named_after_them() {
        let docs = [doc(
            0,
            "Varnel's Broadcasting Service Ltd said it would open a station. Varnel said \
             nothing more.",
        )];
        let ents = analyze(&docs);
        assert!(
            !ents
                .iter()
                .any(|e| e.name.starts_with("Varnel's") && e.mentions.len() > 1),
            "{ents:?}"
        );
    }
}
