//! Unit tests of the fuzzy search (kept beside it, in their own file for length).
#[test]
fn repeated_terms_count_once_and_terms_are_capped() {
    let q = super::Query::parse("madu madu 'madu madu !x !x");
    assert_eq!(q.terms.len(), 3);
    let many: String = (0..5_000).map(|i| format!("t{i} ")).collect();
    assert_eq!(super::Query::parse(&many).terms.len(), super::MAX_TERMS);
}

use super::*;
use std::sync::atomic::AtomicBool;

#[test]
fn accents_fold_both_ways() {
    assert!(Query::parse("nicolas")
        .match_text("Nicolás Moreno")
        .is_some());
    assert!(Query::parse("núñez").match_text("Juan Nunez").is_some());
    let (_, pos) = Query::parse("las").match_text("Nicolás").expect("match");
    assert_eq!(pos, vec![4, 5, 6]);
}

#[test]
fn terms_must_all_match_in_any_order() {
    let q = Query::parse("moreno nicolas");
    assert!(q.match_text("Nicolás Moreno").is_some());
    assert!(q.match_text("Moreno said").is_none());
}

#[test]
fn operators() {
    assert!(Query::parse("'reno").match_text("Moreno").is_some());
    assert!(Query::parse("'mrn").match_text("Moreno").is_none());
    assert!(Query::parse("mrn").match_text("Moreno").is_some());
    assert!(Query::parse("^mor").match_text("Moreno").is_some());
    assert!(Query::parse("^ren").match_text("Moreno").is_none());
    assert!(Query::parse("eno$").match_text("Moreno").is_some());
    assert!(Query::parse("mor !eno").match_text("Moreno").is_none());
    assert!(Query::parse("mor !xyz").match_text("Moreno").is_some());
    assert!(Query::parse("^moreno$").match_text("moreno").is_some());
}

#[test]
fn a_literal_query_matches_words_not_scattered_letters() {
    let text = "the rump of the matter";
    assert!(Query::parse("trump").match_text(text).is_some());
    assert!(Query::parse("trump").literal().match_text(text).is_none());
    assert!(Query::parse("rump matter")
        .literal()
        .match_text(text)
        .is_some());
    // Operators keep their meaning.
    assert!(Query::parse("^the !xyz")
        .literal()
        .match_text(text)
        .is_some());
    assert!(Query::parse("tter$").literal().match_text(text).is_some());
    assert!(Query::parse("rump !matter")
        .literal()
        .match_text(text)
        .is_none());
}

#[test]
fn smart_case() {
    assert!(Query::parse("MOR").match_text("moreno").is_none());
    assert!(Query::parse("mor").match_text("MORENO").is_some());
    assert!(Query::parse("'Mor").match_text("moreno").is_none());
}

#[test]
fn prefilter_agrees_with_order() {
    // The in-order window scan is the prefilter.
    assert!(match_window("hello world", "hwd", false).is_some());
    assert!(match_window("hello world", "dwh", false).is_none());
    assert!(match_window("Ñandú", "ñd", false).is_some());
    assert!(match_window("ab", "abc", false).is_none());
}

#[test]
fn windows_are_short_and_on_char_boundaries() {
    let hay = "a long line where m goes and then more appears";
    let (s, e) = match_window(hay, "more", false).expect("window");
    assert_eq!(&hay[s..e], " more");
    let hay = "Señor Muñoz mañana";
    let (s, e) = match_window(hay, "mana", false).expect("window");
    assert!(hay.is_char_boundary(s) && hay.is_char_boundary(e));
    assert!(match_window("abc", "abd", false).is_none());
    assert!(match_window("ABC", "abc", true).is_none());
}

#[test]
fn whole_words_outrank_scattered_digits() {
    let day = format!("2021-11-21 · {}", date_forms("2021-11-21"));
    let month = format!("2021-11 · {}", date_forms("2021-11"));
    let items = vec![
        Candidate::owned(Target::Entity(0), month),
        Candidate::owned(Target::Entity(1), day),
    ];
    let c = Candidates {
        items,
        ..Default::default()
    };
    let hits = rank(&Query::parse("nov 21 2021"), &c, 5, &AtomicBool::new(false)).expect("ran");
    assert_eq!(c.items[hits[0].candidate].target, Target::Entity(1));
    let all = rank(
        &Query::parse("nov"),
        &c,
        usize::MAX,
        &AtomicBool::new(false),
    )
    .expect("ran");
    assert_eq!(all.len(), 2, "a huge limit is fine");
}

#[test]
fn date_forms_read_naturally() {
    let f = date_forms("2021-11-21");
    assert!(f.contains("Sun 21 November 2021"), "{f}");
    assert!(Query::parse("nov 21 2021")
        .match_text(&format!("2021-11-21 · {f}"))
        .is_some());
    assert_eq!(date_forms("2021-11"), "November 2021");
    assert_eq!(date_forms("2021-W46"), "week 46 of 2021");
    assert_eq!(date_forms("2009-Q3"), "third quarter 2009 · Q3 2009");
    assert_eq!(date_forms("2008-SU"), "summer 2008 · SU 2008");
}

#[test]
fn rank_is_best_first_and_cancellable() {
    let items = [
        "xx moreno yy",
        "moreno",
        "m o r e n o spread out",
        "nothing",
    ]
    .iter()
    .enumerate()
    .map(|(i, t)| Candidate::owned(Target::Document(i), t.to_string()))
    .collect();
    let c = Candidates {
        items,
        ..Default::default()
    };
    let q = Query::parse("moreno");
    let hits = rank(&q, &c, 10, &AtomicBool::new(false)).expect("not cancelled");
    assert_eq!(hits.len(), 3);
    assert_eq!(c.text(&c.items[hits[0].candidate]), "moreno");
    assert!(hits[0].score >= hits[1].score && hits[1].score >= hits[2].score);
    assert_eq!(hits[0].positions, vec![0, 1, 2, 3, 4, 5]);
    assert!(rank(&q, &c, 10, &AtomicBool::new(true)).is_none());
}

#[test]
fn identical_lines_collapse() {
    let line = |doc| Target::Line {
        doc,
        line: 0,
        start: 0,
        end: 7,
    };
    let c = Candidates {
        items: vec![
            Candidate::owned(line(0), "caption".into()),
            Candidate::owned(line(1), "caption".into()),
            Candidate::owned(Target::Document(0), "caption".into()),
        ],
        ..Default::default()
    };
    let hits = rank(&Query::parse("cap"), &c, 10, &AtomicBool::new(false)).expect("ran");
    assert_eq!(hits.len(), 2, "one line and the title");
}

#[test]
fn narrowing_rules() {
    assert!(narrows("mad", "madu"));
    assert!(narrows("mad", "mad ro"));
    assert!(narrows("'ma", "'mad"));
    assert!(narrows("^ma", "^mad"));
    assert!(narrows("mad", "madU"), "a capital makes the term stricter");
    assert!(!narrows("", "a"));
    assert!(!narrows("mad", "ma"));
    assert!(!narrows("mad", "mud"));
    assert!(!narrows("!ma", "!mad"), "a growing negation excludes less");
    assert!(!narrows("mad", "mad !x"));
    assert!(!narrows("ma$", "mad$"));
    assert!(!narrows("ma", "ma$"));
}

#[test]
fn a_growing_query_searched_within_the_last_matches_ranks_as_from_scratch() {
    let texts = [
        "Ana Torres met the minister",
        "The madrasa in Madrid",
        "Madera spoke",
        "nothing here",
        "MADERA in capitals",
        "made up, rode on",
        "Mad Rodrigo",
        "mud road",
        "Nicolás Madero",
    ];
    let items = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Candidate::owned(Target::Document(i), t.to_string()))
        .collect();
    let c = Candidates {
        items,
        ..Default::default()
    };
    let stop = AtomicBool::new(false);
    let mut last: Option<(String, Vec<u32>)> = None;
    for q in ["m", "ma", "mad", "mad ", "mad r", "mad ro", "mad roD"] {
        let query = Query::parse(q);
        let within = last
            .as_ref()
            .filter(|(old, _)| narrows(old, q))
            .map(|(_, m)| m.as_slice());
        assert!(within.is_some() || q == "m", "{q} narrows");
        let narrowed = rank_within(&query, &c, 10, &stop, within, |_| {}).expect("ran");
        let fresh = rank_within(&query, &c, 10, &stop, None, |_| {}).expect("ran");
        assert_eq!(narrowed.hits, fresh.hits, "{q}");
        assert_eq!(narrowed.matched, fresh.matched, "{q}");
        last = Some((q.to_string(), narrowed.matched));
    }
    assert!(last.is_some_and(|(_, m)| m.len() < texts.len()));
}

#[test]
fn folding_copies_ascii_runs_and_folds_the_rest() {
    for s in [
        "",
        "plain",
        "Nicolás Núñez",
        "é",
        "aé",
        "éa",
        "日本 Ñ x ’s",
        "a\u{301}b",
    ] {
        let slow: String = s.chars().map(crate::text::base_char).collect();
        assert_eq!(fold(s), slow, "{s:?}");
        assert_eq!(
            fold_if_needed(s),
            (slow != s).then_some(slow.clone()),
            "{s:?}"
        );
    }
}

#[test]
fn long_scattered_matches_score_low_and_highlight_the_right_chars() {
    let line = format!(
        "m{}a{}d{}u and the rest",
        "x".repeat(60),
        "y".repeat(60),
        "z".repeat(60)
    );
    let q = Query::parse("madu");
    let (score, pos) = q
        .match_text(&line)
        .expect("a scattered match still matches");
    let chars: Vec<char> = line.chars().collect();
    let picked: String = pos.iter().map(|&i| chars[i]).collect();
    assert_eq!(picked, "madu");
    let (tight, _) = q.match_text("Nicolás Maduro").expect("match");
    assert!(
        score < tight,
        "scattered {score} should rank below tight {tight}"
    );
    assert!(score >= 1);
    // Positions in a non-ASCII line are char indices.
    let accented = format!("é{}m{}adu", "ñ".repeat(70), "ü".repeat(70));
    let (_, pos) = q.match_text(&accented).expect("match");
    let chars: Vec<char> = accented.chars().collect();
    let picked: String = pos.iter().map(|&i| chars[i]).collect();
    assert_eq!(picked, "madu");
}

#[test]
fn every_match_is_returned_when_the_limit_allows() {
    let loaded = crate::load::load_seeds();
    let entities = crate::analyze::analyze(&loaded.documents);
    let corpus = crate::model::Corpus {
        documents: loaded.documents.into(),
        entities: entities.into(),
        notices: loaded.notices,
    };
    let c = Candidates::build(&std::sync::Arc::new(corpus));
    let q = Query::parse("a");
    let m = matcher();
    let expected = c
        .items
        .iter()
        .filter(|i| q.score_key(&m, c.key(i)).is_some())
        .count();
    let hits = rank(&q, &c, usize::MAX / 4, &AtomicBool::new(false)).expect("ran");
    assert!(!hits.is_empty());
    // One hit per entity and per distinct line: never more than the matches, and sorted.
    assert!(hits.len() <= expected);
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    let progressive =
        rank_progressive(&q, &c, usize::MAX / 4, &AtomicBool::new(false), |_| {}).expect("ran");
    assert_eq!(hits.len(), progressive.len());
}

#[test]
fn unmarked_ranking_is_the_same_ranking_without_positions() {
    let items = ["Nicolás Maduro", "madurez", "Maduro said", "nothing"]
        .iter()
        .enumerate()
        .map(|(i, t)| Candidate::owned(Target::Entity(i), t.to_string()))
        .collect();
    let c = Candidates {
        items,
        ..Default::default()
    };
    let q = Query::parse("madu");
    let cancel = AtomicBool::new(false);
    let marked = rank(&q, &c, 10, &cancel).expect("ran");
    let plain = rank_marked(&q, &c, 10, &cancel, false).expect("ran");
    assert_eq!(marked.len(), 3);
    let strip = |h: &Hit| (h.candidate, h.score);
    assert_eq!(
        marked.iter().map(strip).collect::<Vec<_>>(),
        plain.iter().map(strip).collect::<Vec<_>>()
    );
    assert!(plain.iter().all(|h| h.positions.is_empty()));
    assert!(marked.iter().all(|h| h.positions.len() == 4));
}

#[test]
fn literal_terms_on_ascii_text_ignore_case_in_place_as_on_a_lowered_copy() {
    use super::{find_ascii_case, lower, TermKind};
    // What the in-place comparison replaces: the term searched in a lowercased copy.
    let copy = |hay: &str, needle: &str, kind: TermKind| {
        let l = lower(hay);
        match kind {
            TermKind::Exact => l.find(needle),
            TermKind::Prefix => l.starts_with(needle).then_some(0),
            TermKind::Suffix => l.ends_with(needle).then(|| l.len() - needle.len()),
            TermKind::Whole => (l == needle).then_some(0),
            TermKind::Fuzzy => None,
        }
    };
    let hays = [
        "Talks in NOVEMBER and Nov",
        "nov",
        "NOV",
        "",
        "The vote on Monday, 21 Nov.",
        "aaaab",
        "xNoVx",
    ];
    let needles = [
        "nov",
        "n",
        "november",
        "talks in november and nov",
        "aab",
        "21 nov.",
        "x",
    ];
    let kinds = [
        TermKind::Exact,
        TermKind::Prefix,
        TermKind::Suffix,
        TermKind::Whole,
    ];
    for hay in hays {
        for needle in needles {
            for kind in kinds {
                assert_eq!(
                    find_ascii_case(hay.as_bytes(), needle.as_bytes(), kind),
                    copy(hay, needle, kind),
                    "{kind:?} {needle:?} in {hay:?}"
                );
            }
        }
    }
    // Through the query: case-insensitive unless a capital, positions of the run.
    assert_eq!(
        Query::parse("'vem").match_text("NOVEMBER").map(|m| m.1),
        Some(vec![2, 3, 4])
    );
    assert!(Query::parse("'Nov").match_text("NOVEMBER").is_none());
    assert!(Query::parse("!monday").match_text("On MONDAY").is_none());
    assert!(Query::parse("^on$").match_text("ON").is_some());
}

#[test]
fn a_lower_case_term_costs_nothing_for_the_case_it_matches() {
    let score = |text: &str| Query::parse("zelt").match_text(text).expect("match").0;
    assert_eq!(score("ZELT"), score("Zelt Assembly"));
    assert_eq!(score("ZELT"), score("zelt"));
    // A capital still makes the term case-sensitive.
    assert!(Query::parse("Zelt").match_text("ZELT").is_none());
}

/// Candidates for `names`, each its own entity in order.
struct Named(Vec<&'static str>);

impl Searchable for Named {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn entry(&self, i: usize) -> Option<(&str, &str, Target)> {
        let s = *self.0.get(i)?;
        Some((s, s, Target::Entity(i)))
    }
}

#[test]
fn of_near_equal_matches_the_most_mentioned_entity_leads() {
    let names = Named(vec!["Zelt Assembly", "ZELT", "Zeltwerk"]);
    let mentions = [1usize, 212, 40];
    let weighed = Mentioned {
        candidates: &names,
        mentions: |e: usize| mentions[e],
    };
    let hits = rank(&Query::parse("zelt"), &weighed, 10, &AtomicBool::new(false)).expect("ranked");
    let order: Vec<usize> = hits.iter().map(|h| h.candidate).collect();
    // The all-caps short name said 212 times first; the word inside a longer word stays last
    // (a worse match is not lifted over a better one by its mentions).
    assert_eq!(order, vec![1, 0, 2]);
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    // Weighed while scoring: with room for one hit, the most-mentioned of the near-equal
    // matches is that one, though on its match alone it loses the tie to a shorter name (a
    // re-sort after the cut would have kept the shorter one).
    let first = |hits: Vec<crate::search::Hit>| hits.first().map(|h| h.candidate);
    let plain = rank(&Query::parse("zelt"), &names, 1, &AtomicBool::new(false)).expect("ranked");
    assert_eq!(first(plain), Some(1));
    let longer_said_more = Mentioned {
        candidates: &names,
        mentions: |e: usize| [300, 1, 1][e],
    };
    let one = rank(
        &Query::parse("zelt"),
        &longer_said_more,
        1,
        &AtomicBool::new(false),
    );
    assert_eq!(first(one.expect("ranked")), Some(0));
    assert_eq!(mentions_bonus(1), 0);
    assert_eq!(mentions_bonus(212), 7);
    assert_eq!(mentions_bonus(1 << 20), MENTIONS_BONUS_MAX);
}
