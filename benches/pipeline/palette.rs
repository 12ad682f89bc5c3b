//! Section 4 of the pipeline bench: the palette as the TUI runs it (names tier, lines tier
//! fuzzily and through the word index, typing key by key) and `n` / `N` across documents.
//! Each function takes a corpus and prints its rows, so the scaling run can call them too.

use docent::index::Index;
use docent::model::Corpus;
use docent::search::{count_lines, Candidates};
use docent::tui::app::{App, Msg};
use docent::tui::theme::Theme;
use docent::tui::worker::{Job, JobKind, JobResult, Words, WorkerCore};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn fmt(v: &[Duration]) -> String {
    let mut s = v.to_vec();
    s.sort();
    if s.is_empty() {
        return "       – ms".into();
    }
    format!(
        "{:>8.1} ms ({:.1}–{:.1})",
        ms(s[s.len() / 2]),
        ms(s[0]),
        ms(s[s.len() - 1])
    )
}

fn row(label: &str, v: &[Duration]) {
    println!("  {label:<34}{}", fmt(v));
}

fn job(query: &str, generation: u64) -> Job {
    Job {
        kind: JobKind::Palette,
        generation,
        query: query.into(),
        cancel: Arc::new(AtomicBool::new(false)),
    }
}

/// A query nothing grows from, so each timed ranking starts from scratch.
fn reset(core: &mut WorkerCore) {
    core.run(&job("#reset", 0));
}

/// One palette job's timeline: when the names arrived (the first message, ranked fully),
/// when the first lines arrived, when it was done; and how many names and lines it listed.
struct Timed {
    names: Duration,
    first_lines: Option<Duration>,
    done: Duration,
    listed: (usize, usize),
    total: usize,
}

fn timed(core: &mut WorkerCore, query: &str, generation: u64) -> Timed {
    let t = Instant::now();
    let mut names_at = None;
    let mut lines_at = None;
    let mut on = |r: JobResult| {
        if let JobResult::Palette { items, names, .. } = r {
            names_at.get_or_insert(t.elapsed());
            if items.len() > names {
                lines_at.get_or_insert(t.elapsed());
            }
        }
    };
    let last = core.run_streaming(&job(query, generation), Some(&mut on));
    let done = t.elapsed();
    let (listed, total) = match last {
        Some(JobResult::Palette {
            items,
            names,
            total,
            ..
        }) => ((names, items.len() - names), total.unwrap_or(0)),
        _ => ((0, 0), 0),
    };
    Timed {
        names: names_at.unwrap_or(done),
        first_lines: lines_at.or((listed.1 > 0).then_some(done)),
        done,
        listed,
        total,
    }
}

/// The palette: for each query, the names tier (entities with aliases and date forms,
/// titles, paths: ranked fully and shown first), then the lines tier ranked fuzzily (first
/// lines, all); the same queries with lines through the word index (built once in
/// `cache_home`, timed apart); typing a query key by key.
pub fn palette(corpus: &Arc<Corpus>, queries: &[&str], runs: usize, cache_home: &Path) {
    let names = Candidates::names(corpus).items.len();
    let lines = count_lines(corpus, usize::MAX);
    println!(
        "4. palette (the worker as in the TUI; {runs} runs per query; names tier: {names} \
         entity forms and titles + {} paths; lines tier: {lines} lines):",
        corpus.documents.len()
    );
    let mut core = WorkerCore::new(Arc::clone(corpus)).with_words(Words::new(usize::MAX, None));
    reset(&mut core);
    for (qi, q) in queries.iter().enumerate() {
        let (mut n, mut first, mut full) = (vec![], vec![], vec![]);
        let mut last = None;
        for g in 0..runs {
            reset(&mut core);
            let t = timed(&mut core, q, (qi * 100 + g) as u64 + 1);
            n.push(t.names);
            first.extend(t.first_lines);
            full.push(t.done);
            last = Some(t);
        }
        let (listed, total) = last.map_or(((0, 0), 0), |t| (t.listed, t.total));
        println!(
            "  {q:<15} names & titles, ranked fully {}   ({} listed)",
            fmt(&n),
            listed.0
        );
        println!(
            "  {:<15} lines, fuzzy: first {}   all {}   ({} listed, {total} results in all)",
            "",
            fmt(&first),
            fmt(&full),
            listed.1
        );
    }
    // Lines through the word index, as a corpus above the threshold finds them.
    let dir = cache_home.join(format!("palette-words-{}", corpus.documents.len()));
    let _ = std::fs::remove_dir_all(&dir);
    let key = format!("bench {}", corpus.documents.len());
    let mut core = WorkerCore::new(Arc::clone(corpus)).with_words(Words::new(0, Some((dir, key))));
    let t = Instant::now();
    core.run(&job("#build", 0));
    println!(
        "  word index for the lines tier built in {:.0} ms (once; then kept in the cache)",
        ms(t.elapsed())
    );
    let text_queries = [
        "nov",
        "maduro",
        "\"november 21\"",
        "'november !monday",
        "xq",
    ];
    for (qi, q) in queries.iter().chain(text_queries.iter()).enumerate() {
        let (mut n, mut lines_part, mut full) = (vec![], vec![], vec![]);
        let mut last = None;
        for g in 0..runs {
            reset(&mut core);
            let t = timed(&mut core, q, (qi * 100 + g) as u64 + 1);
            n.push(t.names);
            lines_part.push(t.done.saturating_sub(t.names));
            full.push(t.done);
            last = Some(t);
        }
        let (listed, total) = last.map_or(((0, 0), 0), |t| (t.listed, t.total));
        println!(
            "  {:<17} lines through the index {}   names + lines {}   ({} + {} listed, {total} in all)",
            q,
            fmt(&lines_part),
            fmt(&full),
            listed.0,
            listed.1
        );
    }
    // Typing a query one key at a time: each key's names, and its whole ranking (the TUI
    // cancels a ranking when the next key comes; here each runs to its end).
    let (mut names_key, mut full_key) = (vec![], vec![]);
    for r in 0..runs {
        let mut core = WorkerCore::new(Arc::clone(corpus)).with_words(Words::new(usize::MAX, None));
        reset(&mut core);
        let q = "nicolas maduro";
        for (k, (i, ch)) in q.char_indices().enumerate() {
            let t = timed(&mut core, &q[..i + ch.len_utf8()], (r * 100 + k) as u64 + 1);
            names_key.push(t.names);
            full_key.push(t.done);
        }
    }
    row("typing `nicolas maduro`: names/key", &names_key);
    row("  names and fuzzy lines, per key", &full_key);
}

fn key(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// Presses `code` and redraws the frame: how long the two took.
fn key_and_frame(app: &mut App, term: &mut Terminal<TestBackend>, code: KeyCode) -> Duration {
    let t = Instant::now();
    key(app, code);
    draw(app, term);
    t.elapsed()
}

fn draw(app: &mut App, term: &mut Terminal<TestBackend>) {
    if term
        .draw(|f| docent::tui::view::draw(f, &app.view()))
        .is_err()
    {
        eprintln!("draw failed");
    }
}

/// `n` / `N`: the entity mentioned in the most documents made active, then `n` and `N`
/// pressed in turn (each step opens another document more often than not), each with the
/// frame it redraws; then the reader's `/` search stepping through the hits of one document.
pub fn steps(corpus: &Arc<Corpus>, runs: usize) {
    steps_with(corpus, None, runs, "");
}

/// [`steps`] with the reader given `index` (the document store's, read per document) when
/// there is one; `label` says where the corpus came from. The median `n` + frame.
pub fn steps_with(
    corpus: &Arc<Corpus>,
    index: Option<Index>,
    runs: usize,
    label: &str,
) -> Option<Duration> {
    let Some((e, ent)) = corpus
        .entities
        .iter()
        .enumerate()
        .max_by_key(|(_, e)| e.doc_count())
    else {
        println!("  n / N: no entity");
        return None;
    };
    let mut app = match index {
        Some(index) => App::with_index(Arc::clone(corpus), Theme::default(), index),
        None => App::new(Arc::clone(corpus), Theme::default()),
    };
    app.update(Msg::Resize(160, 50));
    let mut term = Terminal::new(TestBackend::new(160, 50)).expect("backend");
    app.goto_mention(e, 0);
    draw(&mut app, &mut term);
    let (mut fwd, mut back) = (vec![], vec![]);
    let mut docs = std::collections::HashSet::new();
    for _ in 0..runs.max(5) * 8 {
        for _ in 0..2 {
            fwd.push(key_and_frame(&mut app, &mut term, KeyCode::Char('n')));
            docs.insert(app.reader.doc);
        }
        back.push(key_and_frame(&mut app, &mut term, KeyCode::Char('N')));
    }
    println!(
        "  n / N{label} over {} ({} mentions in {} documents; {} documents visited):",
        docent::text::entity_label(ent),
        ent.mentions.len(),
        ent.doc_count(),
        docs.len()
    );
    row("  n + frame", &fwd);
    row("  N + frame", &back);
    let median_step = {
        let mut s = fwd.clone();
        s.sort();
        s.get(s.len() / 2).copied()
    };
    if !label.is_empty() {
        return median_step;
    }
    // The reader's search: the longest document, a common word, n through its hits.
    let Some(d) = (0..corpus.documents.len()).max_by_key(|&d| corpus.documents[d].text.len())
    else {
        return median_step;
    };
    app.open_doc(d);
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('2'),
        KeyModifiers::NONE,
    )));
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('/'),
        KeyModifiers::NONE,
    )));
    app.type_str("the");
    key(&mut app, KeyCode::Enter);
    let hits = app.reader.search.hits.len();
    let mut step = vec![];
    for _ in 0..runs.max(5) * 8 {
        let t = Instant::now();
        key(&mut app, KeyCode::Char('n'));
        draw(&mut app, &mut term);
        step.push(t.elapsed());
    }
    row(&format!("  reader /the: n + frame ({hits} hits)"), &step);
    median_step
}

/// The reader's `/` search across documents: which documents have a hit (the worker's job:
/// every text read, and through the word index, built once in `cache_home` and timed apart),
/// then `n` and `N` pressed in turn from the first document, each with its frame, counted
/// apart when they open another document.
pub fn across(corpus: &Arc<Corpus>, runs: usize, cache_home: &Path) {
    // The most mentioned entity's name, as a reader would type it.
    let Some(ent) = corpus.entities.iter().max_by_key(|e| e.doc_count()) else {
        return;
    };
    let q = ent.name.to_lowercase();
    let find = |generation: u64| Job {
        kind: JobKind::FindDocs,
        generation,
        query: q.clone(),
        cancel: Arc::new(AtomicBool::new(false)),
    };
    let docs_of = |r: &Option<JobResult>| match r {
        Some(JobResult::FindDocs { docs: Some(d), .. }) => d.len(),
        _ => 0,
    };
    let mut scan = vec![];
    let mut found = 0;
    for g in 0..runs {
        let mut direct = WorkerCore::new(Arc::clone(corpus))
            .with_words(Words::new(usize::MAX, None).with_direct_bytes(usize::MAX));
        let t = Instant::now();
        let r = direct.run(&find(g as u64 + 1));
        scan.push(t.elapsed());
        found = docs_of(&r);
    }
    let dir = cache_home.join(format!("reader-words-{}", corpus.documents.len()));
    let _ = std::fs::remove_dir_all(&dir);
    let words = Words::new(usize::MAX, Some((dir, "bench reader".into()))).with_direct_bytes(0);
    let mut core = WorkerCore::new(Arc::clone(corpus)).with_words(words);
    let t = Instant::now();
    let r = core.run(&find(1));
    let built = t.elapsed();
    let mut indexed = vec![];
    let mut via_index = 0;
    for g in 0..runs {
        let t = Instant::now();
        let r = core.run(&find(g as u64 + 2));
        indexed.push(t.elapsed());
        via_index = docs_of(&r);
    }
    println!(
        "  reader /{q}: documents with a hit: {found} by reading every text, {via_index} through \
         the word index (built with the first query in {:.0} ms; {} found then)",
        ms(built),
        docs_of(&r)
    );
    row("  every text read", &scan);
    row("  through the word index", &indexed);
    // n / N through the documents, as the TUI steps them once the worker has answered.
    let mut app = App::new(Arc::clone(corpus), Theme::default());
    app.update(Msg::Resize(160, 50));
    let mut term = Terminal::new(TestBackend::new(160, 50)).expect("backend");
    app.open_doc(0);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('/'));
    app.type_str(&q);
    key(&mut app, KeyCode::Enter);
    for job in app.take_jobs() {
        if let Some(r) = core.run(&job) {
            app.update(Msg::Job(r));
        }
    }
    draw(&mut app, &mut term);
    let (mut cross, mut inside, mut back) = (vec![], vec![], vec![]);
    let mut docs = std::collections::HashSet::new();
    for _ in 0..runs.max(5) * 8 {
        for _ in 0..2 {
            let before = app.reader.doc;
            let d = key_and_frame(&mut app, &mut term, KeyCode::Char('n'));
            if app.reader.doc == before {
                inside.push(d);
            } else {
                cross.push(d);
            }
            docs.insert(app.reader.doc);
        }
        back.push(key_and_frame(&mut app, &mut term, KeyCode::Char('N')));
    }
    println!(
        "  reader /{q}: n twice, N once, {} times ({} documents visited; {})",
        runs.max(5) * 8,
        docs.len(),
        app.message.as_deref().unwrap_or("")
    );
    row("  n into the next document + frame", &cross);
    row("  n inside a document + frame", &inside);
    row("  N + frame", &back);
}

/// The Sources filter with the text (Ctrl-T) as the worker runs it: every line matched
/// literally (the line candidates built on the first query, timed apart), and through the
/// word index (`docent search --words` syntax; the index `across` built, or built here).
pub fn sources_text(corpus: &Arc<Corpus>, runs: usize, cache_home: &Path) {
    let job = |q: &str, generation: u64| Job {
        kind: JobKind::Sources { text: true },
        generation,
        query: q.into(),
        cancel: Arc::new(AtomicBool::new(false)),
    };
    let listed = |r: &Option<JobResult>| match r {
        Some(JobResult::Sources { matches, .. }) => matches.len(),
        _ => 0,
    };
    let mut fuzzy = WorkerCore::new(Arc::clone(corpus)).with_words(Words::new(usize::MAX, None));
    let t = Instant::now();
    fuzzy.run(&job("#first", 0));
    println!(
        "  Sources text filter (Ctrl-T): every line, literally (first query, building the line \
         candidates: {:.0} ms)",
        ms(t.elapsed())
    );
    let dir = cache_home.join(format!("reader-words-{}", corpus.documents.len()));
    let words = Words::new(0, Some((dir, "bench reader".into())));
    let mut indexed = WorkerCore::new(Arc::clone(corpus)).with_words(words);
    let t = Instant::now();
    indexed.run(&job("#first", 0));
    println!(
        "  Sources text filter through the word index (opened or built: {:.0} ms)",
        ms(t.elapsed())
    );
    for q in ["madu", "workers", "nov", "\"november 21\""] {
        let (mut a, mut b, mut c) = (vec![], vec![], vec![]);
        let (mut na, mut nb, mut nc) = (0, 0, 0);
        for g in 0..runs {
            // Titles and paths alone (the filter without Ctrl-T), part of both.
            let t = Instant::now();
            let r = indexed.run(&Job {
                kind: JobKind::Sources { text: false },
                ..job(q, g as u64 + 1)
            });
            nc = listed(&r);
            c.push(t.elapsed());
            let t = Instant::now();
            na = listed(&fuzzy.run(&job(q, g as u64 + 1)));
            a.push(t.elapsed());
            let t = Instant::now();
            nb = listed(&indexed.run(&job(q, g as u64 + 1)));
            b.push(t.elapsed());
        }
        println!(
            "  {q:<15} every line {}  ({na} documents)   word index {}  ({nb} documents)   \
             titles and paths alone {}  ({nc})",
            fmt(&a),
            fmt(&b),
            fmt(&c)
        );
    }
}

/// The palette's names tier over a corpus opened from the document store, as the reader runs
/// it: the first query with the candidates built in memory from every entity and document
/// (no names file: it is written then), the first query over the names file (mapped), then
/// per query the first results (the first message) and the full ranking of the names (the
/// message with `names_done`; the lines tier is cancelled there).
pub fn names_from_store(paths: &[String], runs: usize) {
    use docent::open::{names_location, open_unchecked, OpenOptions};
    let options = OpenOptions::default();
    let home = docent::tui::paths::home();
    let open = || {
        let opened = open_unchecked(paths, &options).ok()?;
        let names = names_location(paths, &options, &opened, home.as_deref());
        let core = WorkerCore::new(Arc::new(opened.corpus))
            .with_words(Words::new(usize::MAX, None).with_names(names.clone()));
        Some((core, names))
    };
    // One names query, timed: (first message, names done).
    let names_job = |core: &mut WorkerCore, q: &str, g: u64| {
        let job = job(q, g);
        let cancel = Arc::clone(&job.cancel);
        let t = Instant::now();
        let (mut first, mut done) = (None, None);
        let mut on = |r: JobResult| {
            first.get_or_insert(t.elapsed());
            if let JobResult::Palette { names_done, .. } = r {
                if names_done && done.is_none() {
                    done = Some(t.elapsed());
                    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }
        };
        core.run_streaming(&job, Some(&mut on));
        let end = t.elapsed();
        (first.unwrap_or(end), done.unwrap_or(end))
    };
    let Some((mut core, names)) = open() else {
        println!("  palette names from the store: open failed");
        return;
    };
    let Some((path, _)) = names else {
        println!("  palette names from the store: not opened from the store");
        return;
    };
    println!(
        "  palette's names tier from the store (names file {}):",
        path.display()
    );
    let (mut memory, mut stored) = (vec![], vec![]);
    for _ in 0..runs {
        let _ = std::fs::remove_file(&path);
        let Some((mut core, _)) = open() else { return };
        memory.push(names_job(&mut core, "madu", 1).1);
        let Some((mut core, _)) = open() else { return };
        stored.push(names_job(&mut core, "madu", 1).1);
    }
    row("first query, candidates built", &memory);
    row("first query, from the names file", &stored);
    for (qi, q) in ["madu", "nicolas maduro", "nov 21", "xq"]
        .iter()
        .enumerate()
    {
        let (mut first, mut full) = (vec![], vec![]);
        for g in 0..runs {
            // A query nothing grows from (its lines cancelled too).
            names_job(&mut core, "#reset", 0);
            let (f, d) = names_job(&mut core, q, (qi * 100 + g) as u64 + 1);
            first.push(f);
            full.push(d);
        }
        println!(
            "  {q:<15} names: first {}   all {}",
            fmt(&first),
            fmt(&full)
        );
    }
}
