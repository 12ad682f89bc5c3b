//! Analysis: documents → mentions → entities.
//!
//! The extractor is rule- and lexicon-based (no model weights): it finds person, place,
//! organization and date mentions in each document's body, then links mentions that name the
//! same real-world thing into one [`Entity`].
//!
//! Stages, one module each: [`tokenize`] (words with offsets and capitalization), [`dates`]
//! (date mentions and ISO values), [`names`] (capitalized chunks → person / place / organization
//! candidates), [`link`] (corpus-wide kind decisions, grouping, display names, ids), with the word
//! lists in [`lexicon`] and folding helpers in [`text`].

pub mod dates;
pub mod learn;
pub mod lexicon;
pub mod link;
pub mod names;
pub mod text;
pub mod tokenize;

use crate::model::{Document, Entity};
use std::sync::atomic::{AtomicUsize, Ordering};

/// One document's mentions before linking: everything the linker needs that depends on this
/// document alone, so it can be computed in parallel and cached per file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocExtract {
    /// Date mentions, offsets relative to the body.
    pub dates: Vec<dates::DateMention>,
    /// Name candidates, offsets relative to the body.
    pub names: Vec<names::Cand>,
}

/// Finds the date and name mentions of one document.
pub fn extract(doc: &Document) -> DocExtract {
    let lex = lexicon::get();
    let body = doc.analysed_body();
    let toks = tokenize::tokenize(&body);
    let dates = dates::find(&toks, doc.date);
    let mut blocked = vec![false; toks.len()];
    for d in &dates {
        for b in blocked.iter_mut().take(d.tok_end).skip(d.tok_start) {
            *b = true;
        }
    }
    let mut names = names::extract(&toks, lex, &blocked);
    if !reads_as_english(&toks) {
        // The name rules and the model read English capitalization; in German every noun is
        // capitalized, in Russian or Indonesian the signals differ. Keep what the gazetteer
        // vouches for and full names led by a known given name, drop the guesses.
        names.retain(|c| {
            lex.lookup(&c.key).is_some()
                || (c.parts.iter().filter(|p| p.word).count() >= 2
                    && c.parts.first().is_some_and(|p| lex.is_given(c.norm(p))))
        });
    }
    DocExtract { dates, names }
}

/// Whether a body reads as English: among its first 2,000 words, English function words make up
/// a share that only English prose reaches (about 30–45% in news; a few percent in German,
/// French, Spanish, Russian or Indonesian, where only loans like "in" or "a" match). Short
/// bodies (under 40 words: headlines, captions, records) get the benefit of the doubt.
pub fn reads_as_english(t: &tokenize::Tokens<'_>) -> bool {
    // A `match` on the words' bytes: byte-string patterns are matched as slices, by length
    // then byte by byte (a decision tree), where `str` patterns are compared one by one.
    #[rustfmt::skip]
    fn function_word(w: &[u8]) -> bool {
        matches!(
            w,
            b"the" | b"of" | b"and" | b"to" | b"a" | b"in" | b"is" | b"that" | b"for" | b"on"
                | b"with" | b"as" | b"was" | b"by" | b"at" | b"from" | b"it" | b"be" | b"are"
                | b"this" | b"have" | b"has" | b"he" | b"she" | b"they" | b"said" | b"an"
                | b"but" | b"not" | b"or" | b"his" | b"her" | b"their" | b"will" | b"were"
                | b"been" | b"which" | b"who" | b"we" | b"you" | b"i" | b"would" | b"about"
                | b"its" | b"had"
        )
    }
    let (mut words, mut function) = (0usize, 0usize);
    for (i, tok) in t.toks.iter().enumerate() {
        if tok.kind != tokenize::Kind::Word {
            continue;
        }
        words += 1;
        if function_word(t.norm_bytes(i)) {
            function += 1;
            // 240 function words pass the share below at any count up to 2,000: decided.
            if function >= 240 {
                return true;
            }
        }
        if words >= 2000 {
            break;
        }
    }
    words < 40 || function * 100 >= words * 12
}

/// [`extract`] for every document, spread over the machine's cores. `done` (if given) counts
/// finished documents, for progress reports.
pub fn extract_all(documents: &[Document], done: Option<&AtomicUsize>) -> Vec<DocExtract> {
    let todo: Vec<usize> = (0..documents.len()).collect();
    let mut out: Vec<Option<DocExtract>> = vec![None; documents.len()];
    for (i, x) in extract_some(documents, &todo, done) {
        out[i] = Some(x);
    }
    out.into_iter().map(Option::unwrap_or_default).collect()
}

/// [`extract`] for the documents at `which`, in parallel; returns (index, extract) pairs.
pub fn extract_some(
    documents: &[Document],
    which: &[usize],
    done: Option<&AtomicUsize>,
) -> Vec<(usize, DocExtract)> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(which.len().max(1));
    // Largest first, so one big file at the end does not leave a core idle.
    let mut order: Vec<usize> = which.to_vec();
    order.sort_by_key(|&i| std::cmp::Reverse(documents.get(i).map_or(0, |d| d.text.len())));
    let next = AtomicUsize::new(0);
    let work = || {
        let cpu = EXTRACTION_CPU.start();
        let _tally = OnEnd(|| EXTRACTION_CPU.stop(cpu));
        let mut got = Vec::new();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some(&i) = order.get(k) else { break };
            if let Some(doc) = documents.get(i) {
                got.push((i, compact(extract(doc))));
            }
            if let Some(d) = done {
                d.fetch_add(1, Ordering::Relaxed);
            }
        }
        got
    };
    if threads <= 1 {
        return work();
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Every thread's CPU time in [`extract_some`] (`DOCENT_DEV_PHASES`).
static EXTRACTION_CPU: crate::phase::Tally = crate::phase::Tally::new("extraction (all threads)");

/// Every thread's CPU time taking link's records of a batch (`link::LinkInput::add_chunk`).
pub(crate) static LINK_RECORDS_CPU: crate::phase::Tally =
    crate::phase::Tally::new("link's records taken (all threads)");

/// Runs its closure when dropped: a tally stopped however its thread's work ends.
struct OnEnd<F: FnMut()>(F);

impl<F: FnMut()> Drop for OnEnd<F> {
    fn drop(&mut self) {
        (self.0)();
    }
}

/// `x` without the spare capacity its lists grew while it was built: every document's
/// extraction is held until linking, so the slack would be held for the whole corpus. (The
/// names come exact from `names::extract` unless a filter here dropped some; the few keys and
/// parts too long to be inline are left as they are: shrinking a million of them cost more
/// CPU than the memory was worth.)
fn compact(mut x: DocExtract) -> DocExtract {
    x.dates.shrink_to_fit();
    x.names.shrink_to_fit();
    x
}

/// Links per-document extracts (one per document, same order) into the corpus's entities.
pub fn link_all(documents: &[Document], extracts: &[DocExtract]) -> Vec<Entity> {
    let mut input = link::LinkInput::new();
    take_for_link(&mut input, documents.iter().zip(extracts));
    finish_link(documents, input)
}

/// Takes what linking needs of a batch of documents' extractions (in document order) into
/// `input`; the extractions can then be dropped.
pub fn take_for_link<'x>(
    input: &mut link::LinkInput,
    batch: impl IntoIterator<Item = (&'x Document, &'x DocExtract)>,
) {
    input.add_chunk(
        batch.into_iter().map(|(doc, x)| {
            let body = doc.body();
            (
                doc.id,
                if body.is_empty() { 0 } else { doc.body_start },
                body,
                x,
            )
        }),
        lexicon::get(),
    );
}

/// Links what [`take_for_link`] took into the corpus's entities.
pub fn finish_link(documents: &[Document], input: link::LinkInput) -> Vec<Entity> {
    try_finish_link(documents, input).unwrap_or_default()
}

/// [`finish_link`]; `None` only when records written to disk
/// ([`link::LinkInput::spilling_to`]) cannot be read back.
pub fn try_finish_link(documents: &[Document], input: link::LinkInput) -> Option<Vec<Entity>> {
    EXTRACTION_CPU.print();
    LINK_RECORDS_CPU.print();
    let mut entities = link::link(input, lexicon::get())?;
    crate::load::address_aliases(documents, &mut entities);
    crate::phase::mark("aliases addressed");
    Some(entities)
}

/// Extracts and links the entities of a corpus. Entities come out sorted by kind, then by
/// mention count (most first), then by name; each entity's mentions sorted by (doc, start).
pub fn analyze(documents: &[Document]) -> Vec<Entity> {
    analyze_with_progress(documents, None)
}

/// Documents extracted at a time by [`analyze_with_progress`]: linking takes each batch's
/// records and the extraction is dropped, so the corpus's extraction is never held whole.
const BATCH_DOCS: usize = 5_000;

/// [`analyze`], counting extracted documents in `done`. Documents are extracted in batches;
/// linking takes each batch's records on a thread of its own while the next is extracted.
pub fn analyze_with_progress(documents: &[Document], done: Option<&AtomicUsize>) -> Vec<Entity> {
    let all: Vec<usize> = (0..documents.len()).collect();
    let mut input = link::LinkInput::new();
    std::thread::scope(|s| {
        let mut taking: Option<std::thread::ScopedJoinHandle<'_, link::LinkInput>> = None;
        for batch in all.chunks(BATCH_DOCS) {
            let mut got = extract_some(documents, batch, done);
            got.sort_unstable_by_key(|&(i, _)| i);
            let mut inp = match taking.take() {
                Some(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                None => std::mem::take(&mut input),
            };
            taking = Some(s.spawn(move || {
                take_for_link(
                    &mut inp,
                    got.iter()
                        .filter_map(|(i, x)| Some((documents.get(*i)?, x))),
                );
                inp
            }));
        }
        if let Some(h) = taking.take() {
            input = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        }
    });
    finish_link(documents, input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_told_from_other_languages() {
        let en =
            "The minister said on Tuesday that the talks with the union would go on, and that \
                  a deal was close. It is the third round of talks this year, and the first \
                  since the strike began in the north of the country, where the mines are.";
        let de = "Die Versorgung des Patienten steht im Mittelpunkt der Einrichtung. Der Nutzen \
                  von Daten ist groß, sagte die Ministerin am Dienstag. Die Patientenakte soll \
                  bis zum Jahresende eingeführt werden, und die Kliniken bereiten sich darauf vor. \
                  Kritiker fordern mehr Schutz für die Daten der Versicherten.";
        let id = "Para sahabat nabi adalah orang yang bertemu dengan nabi dan beriman kepadanya \
                  serta meninggal dalam keadaan Islam. Mereka menjadi teladan bagi umat dalam \
                  ibadah, akhlak dan perjuangan menegakkan agama di masa awal sejarah. Kisah mereka \
                  diceritakan dari generasi ke generasi.";
        assert!(reads_as_english(&tokenize::tokenize(en)));
        assert!(!reads_as_english(&tokenize::tokenize(de)));
        assert!(!reads_as_english(&tokenize::tokenize(id)));
        assert!(reads_as_english(&tokenize::tokenize("Merkel Visits Paris")));
        // Long texts: decided early by English, still read to 2,000 words otherwise (a German
        // text with English quoted at its end stays German).
        let long_en = en.repeat(40);
        assert!(reads_as_english(&tokenize::tokenize(&long_en)));
        let mixed = format!("{} {}", de.repeat(60), en.repeat(5));
        assert!(!reads_as_english(&tokenize::tokenize(&mixed)));
    }
    use crate::model::{Entity, Format, SourceMap};

    fn doc(id: usize, text: &str, body_start: usize) -> Document {
        Document {
            id,
            path: format!("doc{id}.txt"),
            record: None,
            format: Format::Text,
            title: String::new(),
            date: chrono::NaiveDate::from_ymd_opt(2021, 8, 8),
            date_inferred: false,
            url: None,
            text: text.into(),
            body_start,
            source_map: SourceMap::identity(),
            ..Default::default()
        }
    }

    #[test]
    fn odd_inputs_never_panic_and_spans_stay_on_char_boundaries() {
        let long_word = "A".repeat(10_000);
        let long_lower = "é".repeat(10_000);
        let inputs = [
            String::new(),
            "...,,,;;;!!!???".to_string(),
            "😀 🇻🇪 👩‍👩‍👧 President 😀 Smith said".to_string(),
            "e\u{301}\u{301}\u{301} Ñ\u{303} \u{301}\u{301}Maria Lopez\u{301}".to_string(),
            "\u{0}\u{1}\u{7}\u{1b}[31m Juan Perez\u{8} said \r\n\t\u{feff}".to_string(),
            long_word.clone(),
            format!("{long_word} said {long_lower}"),
            "U.S.-U.K.-E.U. 's ’s ' ’ s S".to_string(),
            "November 31, 2021 February 30 2021-13-45 99/99/9999 0000 9999s the 1990s".to_string(),
            "'s Moreno ’".to_string(),
            "the of and the The The THE".to_string(),
            "Mr. Mr. Mr. Dr. . . . President President President".to_string(),
            "( ( ( ACME ) ) ) (ACME) Acme Council (AC".to_string(),
            "1 2 3 4 5 6 7 8 9 10 11 12 Ajax 1 2 3 4".to_string(),
            "\u{2028}\u{2029}\u{85}Line\u{2028}Breaks".to_string(),
        ];
        for (i, text) in inputs.iter().enumerate() {
            for body_start in [0, text.len().min(1), text.len()] {
                if !text.is_char_boundary(body_start) {
                    continue;
                }
                let docs = [doc(i, text, body_start)];
                for e in analyze(&docs) {
                    for m in &e.mentions {
                        assert!(m.start() < m.end() && m.end() <= text.len(), "{e:?}");
                        assert!(
                            text.is_char_boundary(m.start()) && text.is_char_boundary(m.end()),
                            "{e:?}"
                        );
                        assert!(m.start() >= body_start, "{e:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_name_before_a_company_designator_is_that_company_everywhere() {
        let docs = [
            doc(
                0,
                "Shares of Baker Hughes Inc rose after the merger was approved.",
                0,
            ),
            doc(
                1,
                "Analysts said the merger would help, Baker Hughes said on Monday.",
                0,
            ),
        ];
        let es = analyze(&docs);
        let bh: Vec<&Entity> = es
            .iter()
            .filter(|e| e.name.starts_with("Baker Hughes"))
            .collect();
        assert!(!bh.is_empty(), "{es:?}");
        assert!(
            bh.iter()
                .all(|e| e.kind == crate::model::EntityKind::Organization),
            "{bh:?}"
        );
    }

    fn no_date(id: usize, text: &str) -> Document {
        Document {
            date: None,
            ..doc(id, text, 0)
        }
    }

    #[test]
    fn bare_surname_joins_the_dominant_full_name_and_unanchored_weekdays_stay_apart() {
        let docs = [
            no_date(
                0,
                "Prime Minister Tony Blair spoke on Monday. Tony Blair left.",
            ),
            no_date(1, "Officials met Tony Blair. Later Tony Blair flew home."),
            no_date(2, "The bassist Mark Blair played."),
            no_date(3, "On Monday the talks ended, and Blair said nothing."),
        ];
        let ents = analyze(&docs);
        let tony = ents.iter().find(|e| e.name == "Tony Blair");
        let docs_of = |e: &Entity| e.mentions.iter().map(|m| m.doc()).collect::<Vec<_>>();
        assert!(
            tony.is_some_and(|t| docs_of(t).contains(&3)),
            "{:?}",
            ents.iter()
                .map(|e| (&e.name, docs_of(e)))
                .collect::<Vec<_>>()
        );
        let mondays: Vec<&Entity> = ents
            .iter()
            .filter(|e| e.kind == crate::model::EntityKind::Date && e.name == "Monday")
            .collect();
        assert_eq!(
            mondays.len(),
            2,
            "one unresolved Monday per document: {ents:?}"
        );
        assert!(mondays.iter().all(|m| m.value.is_none()));
    }

    #[test]
    fn an_office_and_a_surname_join_the_full_name_with_that_surname() {
        // "Lantern" is a common word no name list knows.
        let docs = [
            no_date(
                0,
                "Joan Lantern spoke. Later, Vice President Lantern said no.",
            ),
            no_date(1, "Officials met Joan Lantern. Joan Lantern flew home."),
            no_date(
                2,
                "He urged them to investigate former Vice President Lantern.",
            ),
        ];
        let ents = analyze(&docs);
        let people: Vec<(&str, usize)> = ents
            .iter()
            .filter(|e| e.kind == crate::model::EntityKind::Person)
            .map(|e| (e.name.as_str(), e.mentions.len()))
            .collect();
        assert_eq!(people, [("Joan Lantern", 5)], "{people:?}");
    }

    #[test]
    fn a_titled_surname_prefers_the_corpus_dominant_full_name_over_a_relative_in_passing() {
        // Made-up names: "Joe Kestrel" is named in full 12 times across the corpus; document 6
        // names only his son "Hunter Kestrel", once.
        let mut docs: Vec<Document> = (0..6)
            .map(|i| {
                no_date(
                    i,
                    "Joe Kestrel spoke in Ohio. Joe Kestrel said the plan works.",
                )
            })
            .collect();
        docs.push(no_date(
            6,
            "Vice President Kestrel met voters. His son Hunter Kestrel stayed home. He left, \
             and Mr. Kestrel said nothing.",
        ));
        // Untitled, the surname stays with the full name its own document gives.
        docs.push(no_date(
            7,
            "Hunter Kestrel opened a gallery. Kestrel said he was happy.",
        ));
        let ents = analyze(&docs);
        let of = |name: &str| -> Vec<(usize, String)> {
            ents.iter()
                .filter(|e| e.name == name)
                .flat_map(|e| e.mentions.iter())
                .map(|m| (m.doc(), docs[m.doc()].text[m.start()..m.end()].to_string()))
                .collect()
        };
        let joe = of("Joe Kestrel");
        let hunter = of("Hunter Kestrel");
        assert_eq!(joe.len(), 14, "{joe:?}");
        assert!(joe.iter().filter(|m| m.0 == 6).all(|m| m.1 == "Kestrel"));
        assert_eq!(
            hunter,
            [
                (6, "Hunter Kestrel".to_string()),
                (7, "Hunter Kestrel".to_string()),
                (7, "Kestrel".to_string())
            ]
        );
        // When the document's full name is itself often named, the document's wins.
        let mut docs: Vec<Document> = (0..4)
            .map(|i| no_date(i, "Joe Kestrel spoke in Ohio. Joe Kestrel said it works."))
            .collect();
        docs.push(no_date(4, "Hunter Kestrel and Hunter Kestrel again."));
        docs.push(no_date(5, "Hunter Kestrel spoke. Later Mr. Kestrel left."));
        let ents = analyze(&docs);
        let hunter = ents.iter().find(|e| e.name == "Hunter Kestrel");
        assert_eq!(hunter.map(|e| e.mentions.len()), Some(4), "{ents:?}");
    }

    #[test]
    fn a_numbered_unit_and_a_hall_of_fame_are_whole_organizations() {
        let docs = [no_date(
            0,
            "The wing joined the 65th Air Division in May, then the 3 Air Division, while the \
             3rd Infantry Division stayed. She entered the Baseball Hall of Fame later. He \
             sold 737 Max jets and 12 Army trucks.",
        )];
        let ents = analyze(&docs);
        let orgs: Vec<&str> = ents
            .iter()
            .filter(|e| e.kind == crate::model::EntityKind::Organization)
            .map(|e| e.name.as_str())
            .collect();
        for name in [
            "65th Air Division",
            "3 Air Division",
            "3rd Infantry Division",
            "Baseball Hall of Fame",
        ] {
            assert!(orgs.contains(&name), "{name}: {orgs:?}");
        }
        // A cardinal before one word is no unit's number ("12 Army trucks").
        assert!(!orgs.iter().any(|o| o.starts_with("12")), "{orgs:?}");
    }

    #[test]
    fn a_name_after_a_possessive_determiner_or_a_before_a_noun_is_no_person() {
        let docs = [
            doc(
                0,
                "Blue Origin will offer NASA its Blue Moon lander. The company unveiled its \
                 Blue Moon vehicle in May, and a Reuter survey found support for it.",
                0,
            ),
            doc(
                1,
                "The lander is based on its Blue Moon uncrewed vehicle.",
                0,
            ),
        ];
        let ents = analyze(&docs);
        for name in ["Blue Moon", "Reuter"] {
            assert!(
                !ents
                    .iter()
                    .any(|e| e.name == name && e.kind == crate::model::EntityKind::Person),
                "{name}: {ents:?}"
            );
        }
    }

    #[test]
    fn an_unknown_word_on_weak_person_cues_only_is_no_person() {
        // "Zorvair's campaign" is a medium person cue, "Zorvair shares" a company's; no name
        // list knows the word and no full name holds it, so it is not a person. "Minister
        // Qarbo" has a strong cue of its own.
        let docs = [
            doc(
                0,
                "The airline grew. Zorvair's campaign drew riders to Dublin. Zorvair shares rose.",
                0,
            ),
            doc(1, "Fares fell as Zorvair's campaign went on.", 0),
            doc(
                2,
                "Energy Minister Qarbo spoke. Qarbo's campaign went on.",
                0,
            ),
        ];
        let ents = analyze(&docs);
        let kind = |n: &str| ents.iter().find(|e| e.name == n).map(|e| e.kind);
        assert_ne!(
            kind("Zorvair"),
            Some(crate::model::EntityKind::Person),
            "{ents:?}"
        );
        assert_eq!(
            kind("Qarbo"),
            Some(crate::model::EntityKind::Person),
            "{ents:?}"
        );
    }

    #[test]
    fn one_string_is_one_kind_across_the_corpus() {
        let docs = [
            doc(
                0,
                "Chelsea manager Jose Mourinho said the team was ready.",
                0,
            ),
            doc(1, "Chelsea beat the visitors. Chelsea fans sang.", 0),
            doc(2, "Tickets for Chelsea sold out.", 0),
        ];
        let ents = analyze(&docs);
        let kinds: Vec<_> = ents
            .iter()
            .filter(|e| e.name == "Chelsea")
            .map(|e| e.kind)
            .collect();
        assert_eq!(kinds.len(), 1, "{:?}", ents);
    }

    #[test]
    fn a_word_of_a_company_name_is_the_company_and_headline_capitals_are_not_people() {
        let docs = [
            doc(
                0,
                "Shares of Salomon Brothers Inc rose. Salomon said it would buy the unit.",
                0,
            ),
            doc(
                1,
                "WHEAT EXPORTS RISE\n\nThe agency said Ann Wheat spoke.",
                0,
            ),
        ];
        let ents = analyze(&docs);
        let kinds = |name: &str| -> Vec<crate::model::EntityKind> {
            ents.iter()
                .filter(|e| {
                    e.mentions.iter().any(|m| {
                        docs.iter()
                            .any(|d| d.text.get(m.start()..m.end()) == Some(name))
                    })
                })
                .map(|e| e.kind)
                .collect()
        };
        assert!(
            !kinds("Salomon").contains(&crate::model::EntityKind::Person),
            "{ents:?}"
        );
        assert!(kinds("WHEAT").is_empty(), "{ents:?}");
    }

    #[test]
    fn a_city_is_a_club_where_the_corpus_treats_it_as_one() {
        let kind_of = |docs: &[Document], name: &str| -> Vec<crate::model::EntityKind> {
            analyze(docs)
                .into_iter()
                .filter(|e| e.name == name)
                .map(|e| e.kind)
                .collect()
        };
        let sport = [
            doc(
                0,
                "Leeds manager Kevin Blackwell said the squad was tired.",
                0,
            ),
            doc(1, "Leeds fans sang. Leeds players left the pitch.", 0),
            doc(2, "The striker moved to Leeds in March.", 0),
        ];
        assert_eq!(
            kind_of(&sport, "Leeds"),
            [crate::model::EntityKind::Organization]
        );
        let news = [
            doc(0, "Flooding hit Leeds on Sunday.", 0),
            doc(
                1,
                "Residents of Leeds and Bradford were told to stay home.",
                0,
            ),
        ];
        assert_eq!(kind_of(&news, "Leeds"), [crate::model::EntityKind::Place]);
    }

    #[test]
    fn header_is_skipped_and_offsets_index_the_whole_text() {
        let text = " date 2021-08-08 President Ana Torres said on Sunday in Lima.";
        let start = text.find("President").unwrap_or(0);
        let docs = [doc(0, text, start)];
        let ents = analyze(&docs);
        let person = ents
            .iter()
            .find(|e| e.kind == crate::model::EntityKind::Person);
        let m = person.map(|p| p.mentions[0]);
        assert_eq!(m.map(|m| &text[m.start()..m.end()]), Some("Ana Torres"));
        assert!(ents
            .iter()
            .all(|e| e.mentions.iter().all(|m| m.start() >= start)));
        let sunday = ents
            .iter()
            .find(|e| e.kind == crate::model::EntityKind::Date);
        assert_eq!(
            sunday.and_then(|d| d.value.clone()),
            Some("2021-08-08".into())
        );
    }

    /// The entities (kind, name) whose mentions cover `surface` somewhere in `docs`.
    fn entities_at(docs: &[Document], surface: &str) -> Vec<(crate::model::EntityKind, String)> {
        let ents = analyze(docs);
        let mut out = Vec::new();
        for e in &ents {
            for m in &e.mentions {
                let text = &docs[m.doc as usize].text;
                if text.get(m.start()..m.end()) == Some(surface) {
                    out.push((e.kind, e.name.clone()));
                    break;
                }
            }
        }
        out
    }

    #[test]
    fn a_shouted_headline_form_does_not_name_the_entity() {
        let docs = [doc(
            0,
            "KESTREL INSTRUMENTS RAISES DIVIDEND\n\nKestrel Instruments said it raised its \
             dividend. KESTREL INSTRUMENTS, the maker of gauges, said the payout rises in May.",
            0,
        )];
        let ents = analyze(&docs);
        let org = ents
            .iter()
            .find(|e| e.kind == crate::model::EntityKind::Organization);
        assert!(
            org.is_some_and(|e| e.name.starts_with("Kestrel Instruments")),
            "{ents:?}"
        );
    }

    #[test]
    fn a_bare_surname_is_the_person_its_document_names_in_full() {
        use crate::model::EntityKind::{Organization, Person};
        // Elsewhere in the corpus "Varnholt" is a company; in the first document it is the
        // minister it names in full.
        let mut docs = vec![doc(
            0,
            "Finance Minister Tomas Varnholt met bankers on Monday. Later Varnholt told \
             reporters that rates would fall.",
            0,
        )];
        for i in 1..4 {
            docs.push(doc(
                i,
                "Varnholt Industries Inc said its profit rose. Shares of Varnholt gained two \
                 pct in New York trading.",
                0,
            ));
        }
        let first: Vec<_> = entities_at(&docs[..1], "Varnholt");
        assert_eq!(first.first().map(|e| e.0), Some(Person), "{first:?}");
        let all = analyze(&docs);
        let person = all.iter().find(|e| e.name == "Tomas Varnholt");
        let bare = docs[0].text.find("Varnholt told").unwrap_or(0);
        assert!(
            person.is_some_and(|p| p.mentions.iter().any(|m| m.doc == 0 && m.start() == bare)),
            "{all:?}"
        );
        // The company's own documents keep it.
        assert!(all
            .iter()
            .any(|e| e.kind == Organization && e.mentions.iter().any(|m| m.doc == 2)));
    }

    #[test]
    fn a_nationality_in_an_organization_name_is_no_company_alone() {
        let docs = [
            doc(
                0,
                "There was confusion in the Japanese Parliament over the plan, officials said.",
                0,
            ),
            doc(
                1,
                "Japanese car makers will curb their exports this year, the ministry said.",
                0,
            ),
        ];
        let v = entities_at(&docs, "Japanese");
        assert!(v.is_empty(), "{v:?}");
    }

    /// Linking takes records a batch at a time (a cold build's segments, possibly out of order
    /// when a resumed build reuses some): the entities are those of the whole corpus at once.
    #[test]
    fn records_taken_in_batches_in_any_order_link_as_the_whole_corpus_does() {
        let texts = [
            "Finance Minister Tomas Varnholt met bankers in Lisbon on Monday. Later Varnholt \
             said rates would fall by March 2021.",
            "Varnholt Industries Inc said its profit rose. Shares of Varnholt gained two pct.",
            "The Harbour Workers Union (HWU) met in Osaka. The HWU said the Union would strike.",
            "Dear Acme Community, the Kestrel Trade Commission opened an inquiry on 3 May 2021.",
            "KESTREL INSTRUMENTS RAISES DIVIDEND\n\nKestrel Instruments said it raised its \
             dividend. Ilse Brandacher of Kestrel spoke in Nairobi.",
            "Brandacher told reporters on Friday that the Commission would report in June.",
            "Chelsea manager Dorian Haverkamp said the team was ready. Chelsea fans sang.",
        ];
        let docs: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| doc(i, t, 0))
            .collect();
        let xs = extract_all(&docs, None);
        let whole = link_all(&docs, &xs);
        assert!(whole
            .iter()
            .any(|e| e.kind == crate::model::EntityKind::Person));
        assert!(whole
            .iter()
            .any(|e| e.kind == crate::model::EntityKind::Date));
        let in_batches = |batches: Vec<Vec<usize>>| {
            let mut input = link::LinkInput::new();
            for b in batches {
                take_for_link(&mut input, b.iter().map(|&i| (&docs[i], &xs[i])));
            }
            assert_eq!(input.documents(), docs.len());
            finish_link(&docs, input)
        };
        // In order, in reverse, and interleaved (as a resumed build's segments may come).
        for batches in [
            vec![vec![0, 1], vec![2, 3, 4], vec![5, 6]],
            vec![vec![5, 6], vec![3, 4], vec![0, 1, 2]],
            vec![vec![1, 3, 5], vec![0, 2, 4, 6]],
            (0..docs.len()).map(|i| vec![i]).collect(),
        ] {
            assert_eq!(in_batches(batches.clone()), whole, "{batches:?}");
        }
        // Records written to disk per batch and read back: the same, and no file left.
        let dir = tempfile::tempdir().expect("temp dir");
        for batches in [
            vec![vec![0, 1, 2], vec![3, 4, 5, 6]],
            vec![vec![1, 3, 5], vec![0, 2, 4, 6]],
        ] {
            let mut input = link::LinkInput::spilling_to(dir.path().to_path_buf());
            for b in &batches {
                take_for_link(&mut input, b.iter().map(|&i| (&docs[i], &xs[i])));
            }
            let files = std::fs::read_dir(dir.path()).map_or(0, |d| d.count());
            assert_eq!(files, batches.len());
            assert_eq!(try_finish_link(&docs, input).as_ref(), Some(&whole));
            assert_eq!(std::fs::read_dir(dir.path()).map_or(0, |d| d.count()), 0);
        }
        // A record file damaged on disk: linking gives up rather than guess.
        let mut input = link::LinkInput::spilling_to(dir.path().to_path_buf());
        take_for_link(&mut input, docs.iter().zip(&xs));
        for f in std::fs::read_dir(dir.path()).expect("dir").flatten() {
            let mut b = std::fs::read(f.path()).expect("read");
            b[40] ^= 1;
            std::fs::write(f.path(), b).expect("write");
        }
        assert_eq!(try_finish_link(&docs, input), None);
    }

    #[test]
    fn records_taken_on_several_threads_link_as_on_one() {
        // Enough documents for a batch to be split across threads (`LinkInput::add_chunk`),
        // against one document per batch (one thread each): the same entities, ids and all.
        let texts = [
            "KESTREL INSTRUMENTS RAISES DIVIDEND\n\nKestrel Instruments said on Monday it \
             raised its dividend. Ilse Brandacher of Kestrel spoke in Nairobi.",
            "Brandacher told reporters on Friday that the Commission would report in June.",
            "Chelsea manager Dorian Haverkamp said the team was ready. Chelsea fans sang.",
            "The European Commission (EC) met in Brussels on 3 March 2021. The EC said so.",
        ];
        let docs: Vec<Document> = (0..300)
            .map(|i| doc(i, &format!("{} Doc {i}.", texts[i % texts.len()]), 0))
            .collect();
        let xs = extract_all(&docs, None);
        let whole = link_all(&docs, &xs);
        let mut input = link::LinkInput::new();
        for (d, x) in docs.iter().zip(&xs) {
            take_for_link(&mut input, [(d, x)]);
        }
        assert_eq!(finish_link(&docs, input), whole);
        assert!(whole.len() > 4);
    }

    #[test]
    fn results_tables_give_no_names() {
        let text = "WIDGET CORP 4TH QTR NET\n\nShr 81 cts vs 57 cts\n    Net 3,660,273 vs \
                    2,437,914\n    Sales 7.9 mln vs 9.4 mln\n    Shr six cts vs five cts\n    \
                    Pay April 15\n    Record March 13\n";
        let docs = [doc(0, text, 0)];
        for label in ["Net", "Sales", "Shr", "Pay", "Record"] {
            let v = entities_at(&docs, label);
            assert!(v.is_empty(), "{label}: {v:?}");
        }
    }
}
