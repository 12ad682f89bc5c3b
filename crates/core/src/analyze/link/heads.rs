//! Lone head words ("the Commission said", "the Bank"): each is the organization its document
//! names in full with that word — the nearest such name before it, else the first after it —
//! or no entity at all. A corpus never holds one "Commission" that is every commission.

use super::super::lexicon::FxMap;
use super::{Forms, NameMention};
use crate::model::{DocId, EntityKind};

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

/// Is `key` (folded) a generic head word alone?
pub(super) fn is_lone_head(key: &str) -> bool {
    HEADS.contains(&key)
}

/// Joins each one-word mention of a generic head to its document's organization named in full
/// with that word (taking its form, so it groups with it), and drops the ones its document
/// names no such organization for.
pub(super) fn join_lone_heads(mentions: &mut Vec<NameMention>, forms: &Forms<'_>) {
    if !mentions.iter().any(|m| is_lone_head(m.key(forms))) {
        return;
    }
    // (document, head word) → the organizations named in full with it: (start, index).
    let mut full: FxMap<(DocId, &str), Vec<(u32, usize)>> = FxMap::default();
    for (i, m) in mentions.iter().enumerate() {
        if m.kind == EntityKind::Organization && m.key(forms).contains(' ') {
            for w in m.words(forms).filter(|w| is_lone_head(w)) {
                full.entry((m.doc(), w)).or_default().push((m.at.start, i));
            }
        }
    }
    let mut to: Vec<(usize, Option<usize>)> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let key = m.key(forms);
        if !is_lone_head(key) {
            continue;
        }
        let target = full.get(&(m.doc(), key)).and_then(|v| {
            v.iter()
                .filter(|(s, _)| *s < m.at.start)
                .max_by_key(|(s, _)| *s)
                .or_else(|| v.iter().min_by_key(|(s, _)| *s))
                .map(|&(_, j)| j)
        });
        to.push((i, target));
    }
    let mut drop = vec![false; mentions.len()];
    for (i, target) in to {
        match target {
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
            }
            None => drop[i] = true,
        }
    }
    let mut k = 0;
    mentions.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

#[cfg(test)]
mod tests {
    use crate::analyze::analyze;
    use crate::model::{Document, EntityKind, Format, SourceMap};

    fn doc(id: usize, text: &str) -> Document {
        Document {
            id,
            path: format!("doc{id}.txt"),
            format: Format::Text,
            date: chrono::NaiveDate::from_ymd_opt(2021, 8, 8),
            text: text.into(),
            source_map: SourceMap::identity(),
            ..Default::default()
        }
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
