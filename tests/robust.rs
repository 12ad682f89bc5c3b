//! Hostile input: arbitrary bytes through loading, extraction, indexing and search never panic,
//! and every span stays inside its text on character boundaries.

use docent::load::{load_bytes, Loaded};
use docent::model::Corpus;
use proptest::prelude::*;

/// Bytes that look like documents often enough to reach deep code paths.
fn doc_bytes() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop_oneof![
        Just(b" date 2021-08-08 ".to_vec()),
        Just(b"---\ntitle: x\ndate: 2020-01-02\n".to_vec()),
        Just(b"---\n".to_vec()),
        Just(
            "President Ana María López-Núñez said on Sunday"
                .as_bytes()
                .to_vec()
        ),
        Just(b"the U.S.-backed Council of Elders (COE) met in Paris on May 3, 2019.".to_vec()),
        Just("Sunday\u{2019}s vote in S\u{e3}o Paulo".as_bytes().to_vec()),
        Just(b"<html><title>T</title><script>x</script><p>a &amp; b</p>".to_vec()),
        Just(b"{\"text\":\"Oslo\",\"date\":\"2020-01-01\"}\n".to_vec()),
        Just(b"\x1b]52;c;AAAA\x07\x1b[2J\xc2\x9b\xe2\x80\xae".to_vec()),
        Just(b"\n\n\t  ".to_vec()),
        Just(vec![0xff, 0xfe]),
        Just(vec![0xc3]),
        proptest::collection::vec(any::<u8>(), 0..40),
        "[A-Z][a-z]{0,8}( [A-Z][a-z]{0,8}){0,3}[.,;'’]? ".prop_map(|s| s.into_bytes()),
    ];
    proptest::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

fn check_corpus(loaded: Loaded) -> Result<(), TestCaseError> {
    for d in &loaded.documents {
        prop_assert!(d.body_start <= d.text.len());
        prop_assert!(d.text.is_char_boundary(d.body_start));
    }
    let entities = docent::analyze::analyze(&loaded.documents);
    for e in &entities {
        prop_assert!(!e.mentions.is_empty());
        for m in &e.mentions {
            let d = &loaded.documents[m.doc()];
            prop_assert!(
                m.start() < m.end() && m.end() <= d.text.len(),
                "span {m:?} in {} bytes",
                d.text.len()
            );
            prop_assert!(d.text.is_char_boundary(m.start()) && d.text.is_char_boundary(m.end()));
        }
    }
    let corpus = Corpus {
        documents: loaded.documents.into(),
        entities,
        notices: loaded.notices,
    };
    let _ = docent::index::Index::build(&corpus);
    let c = docent::search::Candidates::build(&std::sync::Arc::new(corpus.clone()));
    let q = docent::search::Query::parse("a 'b ^c d$ !e");
    let hits = docent::search::rank(&q, &c, 20, &std::sync::atomic::AtomicBool::new(false));
    prop_assert!(hits.is_some());
    let json = docent::export::to_json(&corpus);
    prop_assert!(json.is_ok());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_in_any_format(bytes in doc_bytes(), ext in prop_oneof![
        Just("txt"), Just("md"), Just("html"), Just("json"), Just("jsonl"), Just("")
    ]) {
        let mut loaded = Loaded::default();
        let name = if ext.is_empty() { "doc".to_string() } else { format!("doc.{ext}") };
        load_bytes(&name, &bytes, &mut loaded);
        for d in &loaded.documents {
            // Source offsets never point past the input.
            prop_assert!(d.source_offset(d.text.len()) <= bytes.len() + 3);
        }
        check_corpus(loaded)?;
    }

    #[test]
    fn any_query_parses_and_matches(q in "\\PC{0,30}", text in "\\PC{0,60}") {
        let query = docent::search::Query::parse(&q);
        if let Some((_, positions)) = query.match_text(&text) {
            let n = text.chars().count();
            prop_assert!(positions.iter().all(|&p| p < n));
        }
    }
}

#[test]
fn one_huge_line_and_many_short_lines_load() {
    let mut loaded = Loaded::default();
    let long = "word ".repeat(2_000_000); // one 10 MB line
    load_bytes("long.txt", long.as_bytes(), &mut loaded);
    let many = "A short line.\n".repeat(200_000);
    load_bytes("many.txt", many.as_bytes(), &mut loaded);
    assert_eq!(loaded.documents.len(), 2);
    let corpus = Corpus {
        entities: docent::analyze::analyze(&loaded.documents),
        documents: loaded.documents.into(),
        notices: loaded.notices,
    };
    let c = docent::search::Candidates::build(&std::sync::Arc::new(corpus.clone()));
    assert!(c.items.len() > 200_000, "long lines are searched in pieces");
    assert!(c.items.iter().all(|i| c.text(i).len() <= 512));
}

/// A log with a date on every line: inferring the document date counts dates in a map. (Counting
/// each date against every other made this quadratic: minutes for 100,000 lines.)
#[test]
fn a_log_with_a_date_on_every_line_loads() {
    let mut log = String::new();
    for i in 0..100_000 {
        log.push_str(&format!(
            "March {}, 2021 12:00 service restarted ({i})\n",
            i % 28 + 1
        ));
    }
    let mut loaded = Loaded::default();
    docent::load::load_bytes("service.log.txt", log.as_bytes(), &mut loaded);
    assert_eq!(loaded.documents.len(), 1);
    let d = &loaded.documents[0];
    assert_eq!(
        d.date.map(|d| d.to_string()),
        Some("2021-03-01".to_string()),
        "the most frequent date, ties to the first seen"
    );
    assert!(d.date_inferred);
}
