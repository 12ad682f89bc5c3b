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
        entities: entities.into(),
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
        entities: docent::analyze::analyze(&loaded.documents).into(),
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

/// The seeds, analysed once, for the corrections properties.
fn seeds() -> &'static (Vec<docent::model::Document>, Vec<docent::model::Entity>) {
    static SEEDS: std::sync::OnceLock<(Vec<docent::model::Document>, Vec<docent::model::Entity>)> =
        std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let docs = docent::load::load_seeds().documents;
        let entities = docent::analyze::analyze(&docs);
        (docs, entities)
    })
}

/// The corrections replay as it was before it indexed the entities (issue 17, item 9): every
/// lookup scans every entity. The indexed replay must give exactly what this gives.
mod reference {
    use docent::analyze::text::{fold, slug};
    use docent::corrections::{names_of, Applied, Correction, Corrections};
    use docent::model::{Document, Entity, EntityKind, Mention};

    fn find(entities: &[Entity], id: &str, names: &[String]) -> Option<usize> {
        if let Some(i) = entities.iter().position(|e| e.id == id) {
            return Some(i);
        }
        let kind = id.split_once(':').map(|(k, _)| k);
        let wanted: Vec<String> = names.iter().map(|n| fold(n).to_lowercase()).collect();
        if wanted.is_empty() {
            return None;
        }
        entities.iter().position(|e| {
            kind.is_none_or(|k| k == e.kind.as_str())
                && names_of(e)
                    .iter()
                    .any(|n| wanted.contains(&fold(n).to_lowercase()))
        })
    }

    fn fresh_id(entities: &[Entity], kind: EntityKind, name: &str) -> String {
        let base = format!("{}:{}", kind.as_str(), slug(name));
        let mut id = base.clone();
        let mut n = 2;
        while entities.iter().any(|e| e.id == id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    pub fn apply(mut entities: Vec<Entity>, docs: &[Document], c: &Corrections) -> Applied {
        let mut hidden = Vec::new();
        let mut skipped = 0;
        for op in &c.corrections {
            let names: &[String] = match op {
                Correction::Rename { names, .. }
                | Correction::Merge { names, .. }
                | Correction::Split { names, .. }
                | Correction::Kind { names, .. }
                | Correction::Hide { names, .. } => names,
            };
            let Some(i) = find(&entities, op.id(), names) else {
                skipped += 1;
                continue;
            };
            match op {
                Correction::Rename { name, .. } => {
                    let name = name.trim();
                    if name.is_empty() {
                        skipped += 1;
                        continue;
                    }
                    let e = &mut entities[i];
                    if e.name != name {
                        let old = std::mem::replace(&mut e.name, name.to_string());
                        e.aliases.retain(|a| a != name);
                        if !e.aliases.contains(&old) {
                            e.aliases.push(old);
                        }
                    }
                }
                Correction::Merge {
                    into, into_names, ..
                } => {
                    let Some(j) = find(&entities, into, into_names).filter(|&j| j != i) else {
                        skipped += 1;
                        continue;
                    };
                    let from = entities.remove(i);
                    let j = if j > i { j - 1 } else { j };
                    let target = &mut entities[j];
                    for n in names_of(&from) {
                        if n != target.name && !target.aliases.contains(&n) {
                            target.aliases.push(n);
                        }
                    }
                    let list = target.mentions.make_mut();
                    list.extend(from.mentions.iter());
                    list.sort();
                    list.dedup();
                }
                Correction::Split { alias, .. } => {
                    let want = fold(alias).to_lowercase();
                    let surface = |m: &Mention| {
                        docs.get(m.doc())
                            .and_then(|d| d.text.get(m.start()..m.end()))
                            .map(|t| fold(t).to_lowercase())
                    };
                    let e = &mut entities[i];
                    if fold(&e.name).to_lowercase() == want {
                        skipped += 1;
                        continue;
                    }
                    let (off, keep): (Vec<Mention>, Vec<Mention>) = e
                        .mentions
                        .iter()
                        .partition(|m| surface(m).is_some_and(|s| s == want));
                    if off.is_empty() {
                        skipped += 1;
                        continue;
                    }
                    e.mentions = keep.into();
                    e.aliases.retain(|a| fold(a).to_lowercase() != want);
                    let kind = e.kind;
                    let value = if kind == EntityKind::Date {
                        e.value.clone()
                    } else {
                        None
                    };
                    let id = fresh_id(&entities, kind, alias);
                    entities.push(Entity {
                        id,
                        kind,
                        name: alias.clone(),
                        value,
                        aliases: Vec::new(),
                        mentions: off.into(),
                    });
                }
                Correction::Kind { kind, .. } => {
                    if entities[i].kind == *kind {
                        continue;
                    }
                    let slug_part = entities[i]
                        .id
                        .split_once(':')
                        .map_or(entities[i].id.clone(), |(_, s)| s.to_string());
                    let new_id = format!("{}:{slug_part}", kind.as_str());
                    let taken = entities.iter().any(|e| e.id == new_id);
                    let e = &mut entities[i];
                    e.kind = *kind;
                    if !taken {
                        e.id = new_id;
                    }
                    if *kind != EntityKind::Date {
                        e.value = None;
                    }
                }
                Correction::Hide { .. } => hidden.push(entities.remove(i)),
            }
        }
        Applied {
            entities,
            hidden,
            skipped,
        }
    }
}

/// One correction, drawn over a few of the seeds' entities:
/// `(op, entity, other, how it is found, name pick, kind)`.
type OpSeed = (u8, usize, usize, u8, usize, u8);

/// Names corrections use: the entities' names and aliases, and new names renames give (so
/// later corrections find entities by names earlier ones gave them).
fn name_pool(entities: &[docent::model::Entity]) -> Vec<String> {
    let mut pool = Vec::new();
    for e in entities {
        pool.extend(docent::corrections::names_of(e));
        pool.push(format!("{} II", e.name));
    }
    pool.push("nobody at all".into());
    pool
}

fn correction_of(
    s: OpSeed,
    entities: &[docent::model::Entity],
    pool: &[String],
) -> docent::corrections::Correction {
    use docent::corrections::Correction;
    use docent::model::EntityKind;
    let (op, a, b, how, pick, kind) = s;
    let kinds = [
        EntityKind::Person,
        EntityKind::Place,
        EntityKind::Organization,
        EntityKind::Date,
    ];
    let e = &entities[a % entities.len()];
    let o = &entities[b % entities.len()];
    let name = pool[pick % pool.len()].clone();
    let other_name = pool[(pick / 7).wrapping_add(b) % pool.len()].clone();
    // By id; by a changed id and a name (as after a re-extraction), of its kind or another.
    let (id, recorded) = match how % 4 {
        0 => (e.id.clone(), docent::corrections::names_of(e)),
        1 => (
            format!("{}:changed", e.kind.as_str()),
            vec![name.to_uppercase()],
        ),
        2 => (
            format!("{}:changed", kinds[kind as usize % 4].as_str()),
            vec![name.clone(), other_name.clone()],
        ),
        _ => ("nokind".into(), vec![name.clone()]),
    };
    match op % 5 {
        0 => Correction::Rename {
            id,
            names: recorded,
            name: other_name,
        },
        1 => Correction::Merge {
            id,
            names: recorded,
            into: if how % 2 == 0 {
                o.id.clone()
            } else {
                "x:changed".into()
            },
            into_names: vec![other_name],
        },
        2 => Correction::Split {
            id,
            names: recorded,
            alias: name,
        },
        3 => Correction::Kind {
            id,
            names: recorded,
            kind: kinds[kind as usize % 4],
        },
        _ => Correction::Hide {
            id,
            names: recorded,
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    /// The indexed replay gives exactly what the scan-based replay gave, over random sequences
    /// of renames, merges, splits, kind changes and hides, by id, by name and for gone entities.
    #[test]
    fn indexed_replay_matches_the_scan(
        ops in proptest::collection::vec(
            (any::<u8>(), any::<usize>(), any::<usize>(), any::<u8>(), any::<usize>(), any::<u8>()),
            0..60,
        )
    ) {
        let (docs, all) = seeds();
        // A few entities, so corrections meet each other often.
        let entities: Vec<docent::model::Entity> = all.iter().step_by(7).take(10).cloned().collect();
        let pool = name_pool(&entities);
        let c = docent::corrections::Corrections {
            version: 1,
            corrections: ops.into_iter().map(|s| correction_of(s, &entities, &pool)).collect(),
        };
        let fast = docent::corrections::apply(entities.clone(), &docs.clone().into(), &c);
        let slow = reference::apply(entities.clone(), docs, &c);
        prop_assert_eq!(fast, slow);
    }

    /// Arbitrary bytes as a corrections file or a session file: an error or a value, never a
    /// panic; what parses respects the limits and replays.
    #[test]
    fn any_bytes_as_corrections_or_session(bytes in proptest::collection::vec(any::<u8>(), 0..300),
                                           json in "\\{\"version\":1,\"corrections\":\\[(\\{\"op\":\"(hide|rename|merge|split|kind)\",\"id\":\"[a-z:]{0,12}\"(,\"name\":\"\\PC{0,8}\")?(,\"alias\":\"\\PC{0,8}\")?(,\"into\":\"[a-z:]{0,8}\")?(,\"kind\":\"(person|place|date)\")?(,\"names\":\\[(\"\\PC{0,6}\",?){0,3}\\])?\\},?){0,6}\\]\\}") {
        let (docs, entities) = seeds();
        for input in [&bytes[..], json.as_bytes()] {
            if let Ok((c, _)) = docent::corrections::parse(input) {
                prop_assert!(c.corrections.len() <= docent::corrections::MAX_CORRECTIONS);
                let a = docent::corrections::apply(entities.clone(), &docs.clone().into(), &c);
                for e in a.entities.iter().chain(&a.hidden) {
                    for m in &e.mentions {
                        prop_assert!(docs[m.doc()].text.get(m.start()..m.end()).is_some());
                    }
                }
            }
            let _ = docent::store::parse_json::<docent::tui::session::Session>(input);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// A mention's context on any text: inside the text on character boundaries, containing
    /// the mention and its sentence's part around it, never more than the window.
    #[test]
    fn mention_context_is_bounded_on_any_text(
        text in "(\\PC|[ \n.!?]){0,400}",
        a in any::<usize>(), b in any::<usize>(), c in any::<usize>(), d in any::<usize>(),
        words in 1usize..20, bytes in 0usize..200,
    ) {
        // Four char boundaries, sorted: sentence start <= span start <= span end <= sentence end.
        let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        let mut p = [a, b, c, d].map(|x| bounds[x % bounds.len()]);
        p.sort_unstable();
        let (sentence, span) = (p[0]..p[3], p[1]..p[2]);
        let r = docent::insight::context(&text, sentence.clone(), span.clone(), words, bytes);
        prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        prop_assert!(r.start <= span.start && span.end <= r.end);
        prop_assert!(sentence.start <= r.start && r.end <= sentence.end);
        prop_assert!(span.start - r.start <= bytes && r.end - span.end <= bytes);
        let _ = docent::insight::kwic_line(&text, r, span);
    }
}
