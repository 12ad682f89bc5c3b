//! The palette's two tiers: names (entities, titles, paths) ranked fully and shown first, text
//! lines after them — fuzzily and progressively for a small corpus, through the word index
//! for a large one — and every new key cancelling the ranking before it.

mod tui_common;

use docent::model::{Corpus, Document, Format};
use docent::search::Target;
use docent::tui::app::Msg;
use docent::tui::theme::Theme;
use docent::tui::worker::{Job, JobKind, JobResult, PaletteItem, Words, WorkerCore};
use ratatui::crossterm::event::KeyCode;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tui_common::*;

fn job(query: &str, generation: u64) -> Job {
    Job {
        kind: JobKind::Palette,
        generation,
        query: query.into(),
        cancel: Arc::new(AtomicBool::new(false)),
    }
}

/// Every message a palette job sends, the final one last (`None` when cancelled).
fn stream(core: &mut WorkerCore, job: &Job) -> (Vec<JobResult>, Option<JobResult>) {
    let mut sent = Vec::new();
    let mut keep = |r: JobResult| sent.push(r);
    let last = core.run_streaming(job, Some(&mut keep));
    (sent, last)
}

fn parts(r: &JobResult) -> (&[PaletteItem], usize, bool, bool, Option<usize>) {
    match r {
        JobResult::Palette {
            items,
            names,
            names_done,
            done,
            total,
            ..
        } => (items, *names, *names_done, *done, *total),
        other => panic!("not a palette result: {other:?}"),
    }
}

/// `n` documents, each with a title, a line naming a colour and filler lines: many lines,
/// few names.
fn lines_pile(n: usize, filler: usize) -> Corpus {
    let colours = ["amber", "cobalt", "crimson", "teal"];
    let documents: Vec<Document> = (0..n)
        .map(|i| {
            let mut text = format!("Report {i}\n\nThe {} door of house {i}.\n", colours[i % 4]);
            for k in 0..filler {
                text.push_str(&format!("Filler line {k} of report {i}, nothing here.\n"));
            }
            Document {
                id: i,
                path: format!("pile/{i:04}.txt"),
                format: Format::Text,
                title: format!("Report {i}"),
                text: text.into(),
                ..Default::default()
            }
        })
        .collect();
    Corpus {
        documents: documents.into(),
        entities: Vec::new().into(),
        notices: Vec::new(),
    }
}

#[test]
fn names_come_first_ranked_fully_then_lines_after_them() {
    let (_, mut core) = app(120, 40);
    // "caracas": the place, and three lines of text naming it.
    let (sent, last) = stream(&mut core, &job("caracas", 1));
    let last = last.expect("not cancelled");
    let first = sent.first().expect("the names are sent before the lines");
    let (items, names, names_done, done, total) = parts(first);
    assert!(names_done && !done && total.is_none());
    assert_eq!(items.len(), names, "the first message holds names only");
    assert!(
        matches!(items.first().map(|i| i.target), Some(Target::Entity(_))),
        "{items:?}"
    );
    let (items, names, _, done, total) = parts(&last);
    assert!(done);
    assert!(names >= 1);
    let lines = &items[names..];
    assert!(
        items[..names]
            .iter()
            .all(|i| !matches!(i.target, Target::Line { .. })),
        "{items:?}"
    );
    assert!(
        !lines.is_empty()
            && lines
                .iter()
                .all(|i| matches!(i.target, Target::Line { .. })),
        "{items:?}"
    );
    // The names as the first message had them: the list does not move when lines arrive.
    assert_eq!(&items[..names], parts(first).0);
    // Honest count: every name and every distinct line.
    assert_eq!(total, Some(items.len()), "all of them fit: {items:?}");
}

#[test]
fn a_name_matching_weakly_still_comes_before_a_line_matching_exactly() {
    // One ranking would put the exact line first (it scores far higher than scattered
    // letters); the names tier comes first whatever the lines score.
    let mut c = lines_pile(3, 0);
    let mut docs = c.documents.to_vec();
    docs[1].title = "Tea at the Lake Pavilion".into();
    docs[2]
        .text
        .make_mut()
        .push_str("We drank tealeaves tea.\n");
    c.documents = docs.into();
    let (_, mut core) = app_with(c, Theme::default(), 120, 40);
    let (_, last) = stream(&mut core, &job("teal", 2));
    let (items, names, ..) = parts(last.as_ref().expect("done"));
    assert!(names >= 1, "{items:?}");
    assert!(
        matches!(items[0].target, Target::Document(1)),
        "{:?}",
        items[0]
    );
    let line = items
        .iter()
        .position(|i| i.text.contains("tealeaves"))
        .expect("the line is listed");
    assert!(line >= names, "{items:?}");
}

#[test]
fn lines_arrive_progressively_and_a_new_key_cancels_them() {
    // 20,000 lines: more than the first round of the progressive ranking.
    let (_, mut core) = app_with(lines_pile(1000, 19), Theme::default(), 120, 40);
    let (sent, last) = stream(&mut core, &job("cobalt door", 1));
    let (items, names, ..) = parts(last.as_ref().expect("done"));
    assert_eq!(names, 0, "no title says cobalt");
    assert_eq!(items.len(), 200);
    let partial_lines = sent
        .iter()
        .filter(|r| {
            let (items, names, ..) = parts(r);
            items.len() > names
        })
        .count();
    assert!(
        partial_lines >= 1,
        "lines came before the ranking ended: {} messages",
        sent.len()
    );
    assert_eq!(parts(last.as_ref().expect("done")).4, Some(250));

    // A key pressed while the lines are ranked: the flag stops them.
    let j = job("amber", 2);
    let flag = Arc::clone(&j.cancel);
    let mut seen = 0;
    let mut on = |_r: JobResult| {
        seen += 1;
        flag.store(true, Ordering::Relaxed);
    };
    assert!(core.run_streaming(&j, Some(&mut on)).is_none(), "cancelled");
    assert_eq!(seen, 1, "only the names were sent");
    // The next query runs whole.
    let (_, last) = stream(&mut core, &job("amber", 3));
    assert_eq!(parts(last.as_ref().expect("done")).4, Some(250));
}

#[test]
fn a_key_after_the_names_arrived_still_cancels_the_lines_ranking() {
    let (mut app, mut core) = app(120, 40);
    ctrl(&mut app, 'p');
    app.type_str("car");
    let jobs = app.take_jobs();
    let first = jobs.first().expect("a job").clone();
    let (sent, _) = stream(&mut core, &first);
    // The names arrive and show while the lines are still ranked.
    app.update(Msg::Job(sent[0].clone()));
    let p = app.palette.as_ref().expect("open");
    assert!(p.pending && !p.names_pending && !p.items.is_empty());
    // The next key cancels the job still running.
    app.type_str("a");
    assert!(
        first.cancel.load(Ordering::Relaxed),
        "the running ranking was cancelled"
    );
    assert_eq!(app.take_jobs().len(), 1, "one job, the newest");
}

#[test]
fn the_screen_shows_names_first_then_lines_and_keeps_the_selection() {
    let (mut app, mut core) = app(120, 30);
    ctrl(&mut app, 'p');
    app.type_str("caracas");
    let j = app.take_jobs().pop().expect("a job");
    let (sent, last) = stream(&mut core, &j);
    app.update(Msg::Job(sent[0].clone()));
    let t = text(&render(&mut app));
    let names = app.palette.as_ref().map_or(0, |p| p.names);
    assert!(
        t.contains(&format!("{names}…")),
        "a count still growing:\n{t}"
    );
    assert!(t.contains("PLC Caracas"), "{t}");
    assert!(!t.contains("TXT"), "no lines yet:\n{t}");
    // Enter waits for nothing: a ranked name is final. (Checked below, after the lines.)
    key(&mut app, KeyCode::Down);
    let selected = app
        .palette
        .as_ref()
        .and_then(|p| p.items.get(p.nav.selected).map(|i| i.target));
    for r in sent.into_iter().skip(1).chain(last) {
        app.update(Msg::Job(r));
    }
    let p = app.palette.as_ref().expect("open");
    assert!(!p.pending);
    assert_eq!(
        p.items.get(p.nav.selected).map(|i| i.target),
        selected,
        "the selection stayed on its item"
    );
    let t = text(&render(&mut app));
    let name_row = t.find("PLC Caracas").expect("the place");
    let line_row = t.find("TXT").expect("lines listed");
    assert!(name_row < line_row, "names above lines:\n{t}");
}

#[test]
fn enter_on_a_name_jumps_before_the_lines_are_ranked() {
    let (mut app, mut core) = app(120, 30);
    ctrl(&mut app, 'p');
    app.type_str("maduro");
    key(&mut app, KeyCode::Enter);
    assert!(app.palette.is_some(), "nothing ranked yet: Enter waits");
    let j = app.take_jobs().pop().expect("a job");
    let (sent, _) = stream(&mut core, &j);
    // Only the names message: the palette closes and the entity is active.
    app.update(Msg::Job(sent[0].clone()));
    assert!(app.palette.is_none());
    assert!(j.cancel.load(Ordering::Relaxed), "the lines were cancelled");
    let (e, ..) = app.active_info().expect("active");
    assert_eq!(e.name, "Nicolás Maduro");
}

/// The lines a palette result lists, as (document, line).
fn line_set(r: &JobResult) -> BTreeSet<(usize, usize)> {
    parts(r)
        .0
        .iter()
        .filter_map(|i| match i.target {
            Target::Line { doc, line, .. } => Some((doc, line)),
            _ => None,
        })
        .collect()
}

#[test]
fn through_the_word_index_the_lines_are_those_a_literal_fuzzy_query_finds() {
    for (corpus, queries) in [
        (corpus(), &["caracas", "opposition", "november 21"][..]),
        (
            lines_pile(40, 3),
            &["cobalt door", "house 17", "nothing"][..],
        ),
    ] {
        let corpus = Arc::new(corpus);
        let mut fuzzy = WorkerCore::new(Arc::clone(&corpus));
        // A threshold of no lines: every line comes through the word index.
        let mut indexed = WorkerCore::new(Arc::clone(&corpus)).with_words(Words::new(0, None));
        for q in queries {
            // The fuzzy tier with every word exact (`'word`), the index with words as
            // prefixes: the same lines when no word is part of a longer one.
            let exact: Vec<String> = q.split(' ').map(|w| format!("'{w}")).collect();
            let by_fuzzy = fuzzy.run(&job(&exact.join(" "), 1)).expect("done");
            let by_index = indexed.run(&job(q, 1)).expect("done");
            assert!(!line_set(&by_index).is_empty(), "{q}");
            assert_eq!(line_set(&by_index), line_set(&by_fuzzy), "{q}");
            let JobResult::Palette { note, .. } = &by_index else {
                unreachable!()
            };
            assert!(
                note.as_deref().is_some_and(|n| n.contains("word index")),
                "{note:?}"
            );
            // The names are ranked as ever.
            let names = fuzzy.run(&job(q, 2)).expect("done");
            assert_eq!(
                parts(&by_index).0[..parts(&by_index).1],
                parts(&names).0[..parts(&names).1],
                "{q}"
            );
        }
        // The index's own syntax: a phrase, a word left out.
        let phrase = indexed.run(&job("\"cobalt door\"", 2)).expect("done");
        let not = indexed.run(&job("door !cobalt", 3)).expect("done");
        if corpus.documents.len() == 40 {
            assert_eq!(line_set(&phrase).len(), 10);
            assert_eq!(line_set(&not).len(), 30);
            assert!(parts(&not).0.iter().all(|i| !i.text.contains("cobalt")));
        }
    }
}

#[test]
fn many_names_are_ranked_in_rounds_with_the_best_so_far_shown() {
    // 10,000 titles and 10,000 paths: more than one round of the progressive ranking.
    let corpus = Arc::new(lines_pile(10_000, 0));
    let mut core = WorkerCore::new(Arc::clone(&corpus)).with_names_in_one_pass(1000);
    let (sent, last) = stream(&mut core, &job("report 99", 1));
    let first = sent.first().expect("a message");
    let (items, names, names_done, ..) = parts(first);
    assert!(!names_done, "a partial names ranking comes first");
    assert_eq!(items.len(), names);
    let (items, names, names_done, done, _) = parts(last.as_ref().expect("done"));
    assert!(names_done && done);
    // The whole ranking in one pass finds the same names.
    let mut whole = WorkerCore::new(corpus);
    let (_, again) = stream(&mut whole, &job("report 99", 1));
    let (items2, names2, ..) = parts(again.as_ref().expect("done"));
    assert_eq!(&items[..names], &items2[..names2]);
}

#[test]
fn a_name_matched_by_scattered_letters_comes_after_a_line_saying_the_word() {
    // "bevin" is in "Bosnia and Herzegovina" only as letters strewn through its words: a
    // line with the word itself is the better answer, so it comes first; the title still
    // comes, by score, and is no final name until the lines are in.
    let mut c = lines_pile(3, 0);
    let mut docs = c.documents.to_vec();
    docs[1].title = "Bosnia and Herzegovina".into();
    docs[2]
        .text
        .make_mut()
        .push_str("The governor, Bevin, spoke last.\n");
    c.documents = docs.into();
    let (_, mut core) = app_with(c, Theme::default(), 120, 40);
    let (_, last) = stream(&mut core, &job("bevin", 3));
    let (items, names, ..) = parts(last.as_ref().expect("done"));
    assert_eq!(names, 0, "no name has the word: {items:?}");
    let line = items
        .iter()
        .position(|i| i.text.contains("Bevin,"))
        .expect("the line is listed");
    let title = items
        .iter()
        .position(|i| matches!(i.target, Target::Document(1)))
        .expect("the title is listed");
    assert!(line < title, "{items:?}");
}

#[test]
fn above_the_fuzzy_bytes_lines_come_through_the_index_and_the_open_documents_fuzzily_first() {
    let corpus = Arc::new(lines_pile(40, 3));
    // Few lines, but more text than the bound: the word index, as at 10,000 documents.
    let mut bounded = WorkerCore::new(Arc::clone(&corpus))
        .with_words(Words::new(usize::MAX, None).with_fuzzy_bytes(100));
    let r = bounded.run(&job("cobalt", 1)).expect("done");
    let JobResult::Palette { note, .. } = &r else {
        unreachable!()
    };
    assert!(
        note.as_deref().is_some_and(|n| n.contains("word index")),
        "{note:?}"
    );
    assert_eq!(line_set(&r).len(), 10);
    // Under the bound: every line fuzzily, no note.
    let mut small = WorkerCore::new(Arc::clone(&corpus))
        .with_words(Words::new(usize::MAX, None).with_fuzzy_bytes(usize::MAX));
    let JobResult::Palette { note, .. } = small.run(&job("cobalt", 1)).expect("done") else {
        unreachable!()
    };
    assert_eq!(note, None);

    // The open document's lines are ranked fuzzily and come first: "obal" begins no word, so
    // the index finds no line, but it lies inside document 5's "cobalt".
    let open = Arc::new(std::sync::atomic::AtomicUsize::new(5));
    let mut core = WorkerCore::new(Arc::clone(&corpus)).with_words(
        Words::new(usize::MAX, None)
            .with_fuzzy_bytes(100)
            .with_open_document(Arc::clone(&open)),
    );
    let r = core.run(&job("obal", 1)).expect("done");
    assert_eq!(line_set(&r), BTreeSet::from([(5, 2)]));
    let JobResult::Palette { note, total, .. } = &r else {
        unreachable!()
    };
    assert!(
        note.as_deref().is_some_and(|n| n.contains("open document")),
        "{note:?}"
    );
    assert!(total.is_some_and(|t| t >= 1), "{total:?}");
    // A word the index finds: the open document's line first, then the others once each.
    let r = core.run(&job("cobalt", 2)).expect("done");
    let (items, names, ..) = parts(&r);
    let lines: Vec<(usize, usize)> = items[names..]
        .iter()
        .filter_map(|i| match i.target {
            Target::Line { doc, line, .. } => Some((doc, line)),
            _ => None,
        })
        .collect();
    assert_eq!(lines.first(), Some(&(5, 2)), "{lines:?}");
    assert_eq!(lines.len(), 10, "{lines:?}");
    // Another open document without the word: the index's lines alone.
    open.store(4, Ordering::Relaxed);
    let r = core.run(&job("obal", 3)).expect("done");
    assert!(line_set(&r).is_empty());
}
