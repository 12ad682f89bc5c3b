//! End-to-end benchmark of the pipeline on a generated corpus (issue 5's figures).
//!
//! ```sh
//! cargo bench --bench pipeline                          # 1,000 documents (~5 MB)
//! cargo bench --bench pipeline -- --docs 10000          # ~48 MB
//! cargo bench --bench pipeline -- --docs 100000 --runs 1 --scaling  # ~480 MB, on demand
//! cargo bench --bench pipeline -- --docs 1000000 --scale --runs 3  # 1k → 1M, on demand
//! cargo bench --bench pipeline -- --smoke               # CI: tiny, one run, proves it works
//! cargo bench --bench pipeline -- --docs 10000 --runs 1 --palette  # open, then section 4 only
//! cargo bench --bench pipeline -- --docs 10000 --open   # section 2 (warm open) only
//! cargo bench --bench pipeline -- --docs 10000 --runs 1 --find  # cold open, then n / N, the
//!                                                        # reader's / across documents, Ctrl-T
//! ```
//!
//! Sections, each reported as median (min–max) over `--runs`:
//! 1. cold open without cache, per stage: load (walk, read, decode, parse), extract (all cores),
//!    link, index (mention spans); "browsable" is all of them, the point where the TUI draws.
//!    Search candidates are built later, off the UI thread, on first search: reported apart.
//! 2. warm open through the index cache (every file read), then from the document store as the
//!    reader opens (walk + stat, no file read) to its first drawn frame; and the seeds to a
//!    first drawn frame.
//! 3. `docent search QUERY DIR --limit 1000000` (the real binary, answering from the stored
//!    search once a first search has written it: the files unchanged; every match)
//!    against `fzf --filter QUERY` (every match) over the same candidate lines, alternating
//!    runs; plus the in-process ranking alone, and how many lines each printed; then
//!    `docent search --words` (lines through the word index) for a few text queries.
//! 4. the palette as the TUI runs it (pipeline/palette.rs): the names tier (entities, titles,
//!    paths, ranked fully and shown first), the lines tier fuzzily (first lines, all) and
//!    through the word index, typing key by key; keystroke → redrawn frame on the UI thread;
//!    `n` / `N` across documents and through the reader's search hits, each with its frame.
//! 5. peak RSS of `docent dev stats DIR` (opens the corpus as the TUI does, builds the search
//!    candidates, runs a palette query), cold and warm.
//! 7. the on-disk text index: cold build in segments (MB/s), size on disk, open, text queries.

use docent::cache::{self, Cache};
use docent::index::Index;
use docent::load::{load_paths, LoadOptions};
use docent::model::Corpus;
use docent::search::{rank, Candidates, Query};
use docent::tui::app::{App, Msg};
use docent::tui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "pipeline/palette.rs"]
mod palette;
#[path = "pipeline/scale.rs"]
mod scale;

const QUERIES: [&str; 4] = ["madu", "nicolas maduro", "nov 21", "xq"];
/// `docent search --limit` for every match: `fzf --filter` prints every match, so the same
/// work is every match on both sides.
const EVERY_ARG: &str = "1000000";
const EVERY: usize = 1_000_000;

struct Args {
    docs: usize,
    runs: usize,
    smoke: bool,
    /// Only the open (cold, warm), stored-search and memory sections: for the 100,000-document
    /// scaling run.
    scaling: bool,
    /// After the open sections, only section 4 (the palette, `n` / `N`).
    palette: bool,
    /// Only the cold open, then `n` / `N` and the reader's search across documents, and the
    /// Sources text filter.
    find: bool,
    /// Only section 2 (warm open): for trying changes to opening.
    open_only: bool,
    /// The scaling run (pipeline/scale.rs): 1,000 documents up to `docs` by tens, each
    /// through the binary and from the store; cold builds killed above `rss_limit` MB.
    scale: bool,
    rss_limit: u64,
    /// Keep the scaling run's cache folders (and a corpus above 100,000 documents).
    keep: bool,
    corpus: Option<PathBuf>,
}

fn args() -> Args {
    let mut a = Args {
        docs: 1000,
        runs: 5,
        smoke: false,
        scaling: false,
        palette: false,
        find: false,
        open_only: false,
        scale: false,
        rss_limit: 16_000,
        keep: false,
        corpus: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--docs" => a.docs = it.next().and_then(|v| v.parse().ok()).unwrap_or(a.docs),
            "--runs" => a.runs = it.next().and_then(|v| v.parse().ok()).unwrap_or(a.runs),
            "--corpus" => a.corpus = it.next().map(PathBuf::from),
            "--smoke" => a.smoke = true,
            "--scaling" => a.scaling = true,
            "--palette" => a.palette = true,
            "--find" => a.find = true,
            "--open" => a.open_only = true,
            "--scale" => a.scale = true,
            "--keep" => a.keep = true,
            "--rss-limit" => {
                a.rss_limit = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(a.rss_limit)
            }
            _ => {} // cargo passes --bench
        }
    }
    if a.smoke {
        a.docs = a.docs.min(100);
        a.runs = 1;
    }
    a.runs = a.runs.max(1);
    a
}

fn median(v: &[Duration]) -> Duration {
    let mut s = v.to_vec();
    s.sort();
    s[s.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn fmt(v: &[Duration]) -> String {
    let mut s = v.to_vec();
    s.sort();
    format!(
        "{:>8.1} ms ({:.1}–{:.1})",
        ms(median(v)),
        ms(s[0]),
        ms(s[s.len() - 1])
    )
}

fn row(label: &str, v: &[Duration]) {
    println!("  {label:<34}{}", fmt(v));
}

fn open_cold(paths: &[String]) -> (Corpus, [Duration; 4]) {
    let t0 = Instant::now();
    let loaded = load_paths(paths, &LoadOptions::default()).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1);
    });
    let t1 = Instant::now();
    let extracts = docent::analyze::extract_all(&loaded.documents, None);
    let t2 = Instant::now();
    let entities = docent::analyze::link_all(&loaded.documents, &extracts);
    drop(extracts);
    let t3 = Instant::now();
    let corpus = Corpus {
        documents: loaded.documents.into(),
        entities: entities.into(),
        notices: loaded.notices,
    };
    (corpus, [t1 - t0, t2 - t1, t3 - t2, t3 - t0])
}

fn draw(app: &mut App, term: &mut Terminal<TestBackend>) {
    let Ok(size) = term.size();
    app.update(docent::tui::msg::Msg::Resize(size.width, size.height));
    if term
        .draw(|f| docent::tui::view::draw(f, &app.view()))
        .is_err()
    {
        eprintln!("draw failed");
    }
}

/// The reader on an opened corpus: `App` with the store's index when there is one, and its
/// first frame drawn on a TestBackend.
/// The reader's first frame over `corpus`; how many of its documents' and its entities'
/// chunks it decoded, of how many (a warm open decodes both from the store on demand).
fn first_frame(corpus: Corpus, index: Option<Index>) -> [(usize, usize); 2] {
    let corpus = Arc::new(corpus);
    let mut app = match index {
        Some(index) => App::with_index(Arc::clone(&corpus), Theme::default(), index),
        None => App::new(Arc::clone(&corpus), Theme::default()),
    };
    app.update(Msg::Resize(160, 50));
    let mut term = Terminal::new(TestBackend::new(160, 50)).expect("backend");
    draw(&mut app, &mut term);
    let (docs, ents) = (&app.corpus.documents, &app.corpus.entities);
    [
        (
            docs.decoded_chunks(),
            docs.len().div_ceil(docent::model::DOC_CHUNK),
        ),
        (
            ents.decoded_chunks(),
            ents.len().div_ceil(docent::model::ENTITY_CHUNK),
        ),
    ]
}

fn main() {
    let a = args();
    if a.scale {
        scale::scale(a.docs, a.runs, a.rss_limit, a.keep);
        return;
    }
    let dir = a.corpus.clone().unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-corpus-{}", a.docs))
    });
    if !dir.exists() {
        eprintln!("generating {} documents into {}", a.docs, dir.display());
        if let Err(e) = docent::dev::generate(a.docs, 1, &dir) {
            eprintln!("cannot generate the corpus: {e}");
            std::process::exit(1);
        }
    }
    let paths = vec![dir.to_string_lossy().into_owned()];
    let cache_home = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-cache");
    // In-process opens (section 2's document store) use the bench's cache folder too; set
    // before any thread starts.
    std::env::set_var("XDG_CACHE_HOME", &cache_home);
    let cache = Cache::in_dir(&cache_home.join("docent"), &paths);

    // 1. Cold.
    let (mut load, mut extract, mut link, mut index, mut browsable, mut cands) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    let mut corpus = Arc::new(Corpus::default());
    for _ in 0..if a.open_only { 0 } else { a.runs } {
        drop(corpus);
        let (c, [l, x, k, _]) = open_cold(&paths);
        let c = Arc::new(c);
        let t = Instant::now();
        let idx = Index::build(&c);
        let ti = t.elapsed();
        std::hint::black_box(&idx);
        let t = Instant::now();
        let cs = Candidates::build(&c);
        cands.push(t.elapsed());
        std::hint::black_box(&cs);
        load.push(l);
        extract.push(x);
        link.push(k);
        index.push(ti);
        browsable.push(l + x + k + ti);
        corpus = c;
    }
    let bytes: usize = corpus.documents.iter().map(|d| d.text.len()).sum();
    let mb = bytes as f64 / 1e6;
    if !a.open_only {
        println!(
            "corpus: {} documents, {:.1} MB, {} entities, {} mentions",
            corpus.documents.len(),
            mb,
            corpus.entities.len(),
            corpus
                .entities
                .iter()
                .map(|e| e.mentions.len())
                .sum::<usize>()
        );
        cold_rows(
            a.runs,
            mb,
            [&load, &extract, &link, &index, &browsable, &cands],
        );
    }

    if a.find {
        let cache_home = cache_home.clone();
        let runs = a.runs.max(5);
        palette::steps(&corpus, runs);
        palette::across(&corpus, runs, &cache_home);
        palette::sources_text(&corpus, runs, &cache_home);
        return;
    }

    // 2. Warm.
    if let Some(c) = &cache {
        let _ = std::fs::remove_file(&c.path);
        let loaded = load_paths(&paths, &LoadOptions::default()).unwrap_or_default();
        let mut prime = cache::analyze(&loaded, Some(c), None);
        prime.finish_write();
    }
    let (mut wload, mut wcache, mut windex, mut wtotal) = (vec![], vec![], vec![], vec![]);
    let mut whole = true;
    for _ in 0..a.runs {
        let t0 = Instant::now();
        let loaded = load_paths(&paths, &LoadOptions::default()).unwrap_or_default();
        let t1 = Instant::now();
        let mut an = cache::analyze(&loaded, cache.as_ref(), None);
        an.finish_write();
        whole &= an.stats.whole;
        let t2 = Instant::now();
        let c = Corpus {
            documents: loaded.documents.into(),
            entities: an.entities.into(),
            notices: loaded.notices,
        };
        let idx = Index::build(&c);
        let t3 = Instant::now();
        std::hint::black_box(&idx);
        wload.push(t1 - t0);
        wcache.push(t2 - t1);
        windex.push(t3 - t2);
        wtotal.push(t3 - t0);
    }
    println!(
        "2. warm open ({} runs), through the entity cache, reading every file{}:",
        a.runs,
        if whole { "" } else { " (CACHE MISSED)" }
    );
    row("load", &wload);
    row("cache (entities)", &wcache);
    row("index", &windex);
    row("browsable (sum)", &wtotal);
    warm_from_store(&paths, a.runs);
    if a.open_only {
        return;
    }
    let mut seeds = vec![];
    for _ in 0..a.runs.max(5) {
        let t = Instant::now();
        let loaded = docent::load::load_seeds();
        let entities = docent::analyze::analyze(&loaded.documents);
        let c = Arc::new(Corpus {
            documents: loaded.documents.into(),
            entities: entities.into(),
            notices: loaded.notices,
        });
        let mut app = App::new(c, Theme::default());
        app.update(Msg::Resize(120, 40));
        let mut term = Terminal::new(TestBackend::new(120, 40)).expect("backend");
        draw(&mut app, &mut term);
        seeds.push(t.elapsed());
    }
    row("seeds: start to first frame", &seeds);

    let bin = env!("CARGO_BIN_EXE_docent");
    let runs = a.runs.max(5);
    if a.palette {
        palette::palette(&corpus, &QUERIES, runs, &cache_home);
        palette::steps(&corpus, runs);
        palette::across(&corpus, runs, &cache_home);
        palette::sources_text(&corpus, runs, &cache_home);
        return;
    }
    if a.scaling {
        search_scaling(&dir, &cache_home, bytes, a.runs);
    } else {
        search_and_palette(&a, &dir, &cache_home, &corpus, bytes, runs);
    }
    memory(&a, &dir, &cache_home, mb, bin);
    text_index(&a, &corpus, &cache_home, mb, runs);
}

/// Section 1's rows: load, extract, link, index, browsable, search candidates.
fn cold_rows(
    runs: usize,
    mb: f64,
    [load, extract, link, index, browsable, cands]: [&[Duration]; 6],
) {
    println!("1. cold open, no cache ({runs} runs): median (min–max)");
    row("load (walk, read, decode, parse)", load);
    row("extract (all cores)", extract);
    row("link", link);
    row("index (mention spans)", index);
    row("browsable (sum)", browsable);
    println!(
        "  throughput                        {:>8.1} MB/s",
        mb / median(browsable).as_secs_f64()
    );
    row("search candidates (on first search)", cands);
}

/// Section 2, from the document store: `open::open` as the reader calls it (walk + stat, the
/// store's documents, entities and index, corrections), then the reader's first frame.
fn warm_from_store(paths: &[String], runs: usize) {
    use docent::open::{open, OpenOptions};
    // Primed by a first open, which writes the store.
    let primed = open(paths, &OpenOptions::default()).map(|o| o.cache_write.finish());
    if let Ok(Some(n)) = &primed {
        println!("  document store not written: {n}");
    }
    let (mut stat, mut store, mut frame, mut total) = (vec![], vec![], vec![], vec![]);
    let mut cpu = vec![];
    let mut hit = true;
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(docent::load::stat_paths(paths));
        stat.push(t.elapsed());
        // (After the walk timed alone: its CPU is not the open's.)
        let c0 = cpu_time();
        let t0 = Instant::now();
        let Ok(opened) = open(paths, &OpenOptions::default()) else {
            println!("  document store: open failed");
            return;
        };
        let t1 = Instant::now();
        hit &= opened.index.is_some();
        first_frame(opened.corpus, opened.index);
        let t2 = Instant::now();
        cpu.push(cpu_time().saturating_sub(c0));
        store.push(t1 - t0);
        frame.push(t2 - t1);
        total.push(t2 - t0);
    }
    let size = docent::cache::cache_dir()
        .and_then(|d| docent::cache::docstore::path_in(&d, paths))
        .and_then(|p| std::fs::metadata(p).ok())
        .map_or(0, |m| m.len());
    println!(
        "  from the document store ({:.1} MB on disk){}:",
        size as f64 / 1e6,
        if hit { "" } else { " STORE MISSED" }
    );
    row("walk + stat (alone)", &stat);
    row("open (stat, store, entities, index)", &store);
    row("reader: App + first frame", &frame);
    row("warm start to first frame (sum)", &total);
    row("  its CPU time, all threads", &cpu);
    // The reader's own path: the files are checked behind the first frame (tui::refresh).
    let (mut unchecked, mut total, mut cpu, mut check) = (vec![], vec![], vec![], vec![]);
    let mut decoded = [(0, 0); 2];
    for _ in 0..runs {
        let c0 = cpu_time();
        let t0 = Instant::now();
        let Ok(opened) = docent::open::open_unchecked(paths, &OpenOptions::default()) else {
            println!("  document store: open failed");
            return;
        };
        let t1 = Instant::now();
        hit &= opened.unchecked.is_some();
        decoded = first_frame(opened.corpus, opened.index);
        let t2 = Instant::now();
        cpu.push(cpu_time().saturating_sub(c0));
        unchecked.push(t1 - t0);
        total.push(t2 - t0);
        if let Some(c) = opened.unchecked {
            let t = Instant::now();
            std::hint::black_box(c.run());
            check.push(t.elapsed());
        }
    }
    println!(
        "  as the reader opens (files checked behind the first frame){}:",
        if hit { "" } else { " STORE MISSED" }
    );
    row("open from the store, unchecked", &unchecked);
    row("warm start to first frame (sum)", &total);
    row("  its CPU time, all threads", &cpu);
    println!(
        "    documents decoded for it: {} of {} chunks of {}; entities: {} of {} chunks of {}",
        decoded[0].0,
        decoded[0].1,
        docent::model::DOC_CHUNK,
        decoded[1].0,
        decoded[1].1,
        docent::model::ENTITY_CHUNK
    );
    if !check.is_empty() {
        row("then the check (walk + stat)", &check);
    }
    // n / N with the entity's postings and the documents' spans read from the store.
    if let Ok(opened) = open(paths, &OpenOptions::default()) {
        let stored = opened.index.as_ref().is_some_and(|i| i.is_stored());
        let corpus = Arc::new(opened.corpus);
        let label = if stored {
            " from the store"
        } else {
            " (STORE MISSED)"
        };
        palette::steps_with(&corpus, opened.index, runs.max(5), label);
    }
}

/// User + system CPU time of this process so far (all threads): unlike wall time, it holds
/// still on a machine busy with other work.
fn cpu_time() -> Duration {
    #[cfg(unix)]
    {
        let mut u = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: getrusage writes the struct it is given.
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, u.as_mut_ptr()) } == 0 {
            // SAFETY: initialised by the successful call.
            let u = unsafe { u.assume_init() };
            let us = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
            return Duration::from_micros(us(u.ru_utime) + us(u.ru_stime));
        }
    }
    Duration::ZERO
}

/// Section 7: the on-disk text index (docent_core::textindex): a cold build in segments, its
/// size, opening it, and text queries through it.
fn text_index(a: &Args, corpus: &Corpus, cache_home: &Path, mb: f64, runs: usize) {
    use docent_core::textindex::{Builder, DiskIndex};
    let dir = cache_home.join(format!("textindex-{}", a.docs));
    let key = format!("bench {}", corpus.documents.len());
    let mut build = vec![];
    for _ in 0..a.runs {
        let _ = std::fs::remove_dir_all(&dir);
        let t = Instant::now();
        let built = Builder::open(&dir, &key).and_then(|mut b| {
            for d in corpus.documents.iter().skip(b.resume_at()) {
                b.add(d.id, &d.text, d.body_start)?;
            }
            b.finish()
        });
        if let Err(e) = built {
            println!("7. text index: cannot build: {e}");
            return;
        }
        build.push(t.elapsed());
    }
    let mut open = vec![];
    let mut index = None;
    for _ in 0..runs {
        let t = Instant::now();
        let ix = DiskIndex::open(&dir, &key);
        open.push(t.elapsed());
        index = ix.ok();
    }
    let Some(ix) = index else {
        println!("7. text index: cannot open");
        return;
    };
    println!(
        "7. on-disk text index ({} documents, {:.1} MB on disk, {:.2}× the text):",
        ix.documents(),
        ix.size() as f64 / 1e6,
        ix.size() as f64 / 1e6 / mb
    );
    row("cold build (segments)", &build);
    println!(
        "  throughput                        {:>8.1} MB/s",
        mb / median(&build).as_secs_f64()
    );
    row("open (manifest, segment headers)", &open);
    text_queries(&ix, runs);
    if a.smoke {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Text queries through the word index, every matching line, each `runs` times: one row
/// each; all the times. (Words the generated corpus has: "maduro" was asked before and
/// matched nothing.)
fn text_queries(ix: &docent_core::textindex::DiskIndex, runs: usize) -> Vec<Duration> {
    use docent_core::textindex::TextQuery;
    let mut all = vec![];
    for q in ["workers", "'budget !vote", "\"supreme court\"", "nov", "xq"] {
        let query = TextQuery::parse(q);
        let mut times = vec![];
        let mut n = 0;
        for _ in 0..runs {
            let t = Instant::now();
            n = ix.query(&query, usize::MAX).map_or(0, |v| v.len());
            times.push(t.elapsed());
        }
        row(&format!("query {q} ({n} lines)"), &times);
        all.extend(times);
    }
    all
}

/// `docent search ARGS DIR` with the bench's cache folder.
fn search_command(args: &[&str], dir: &Path, cache_home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_docent"));
    cmd.arg("search")
        .args(args)
        .arg(dir)
        .env("XDG_CACHE_HOME", cache_home);
    cmd
}

/// The first `docent search` of a corpus: it opens the corpus and writes the stored search
/// (timed, and its size reported); later searches answer from it.
fn stored_search(dir: &Path, cache_home: &Path, bytes: usize) {
    let t = Instant::now();
    let primed = search_command(&["prime", "--limit", "1"], dir, cache_home)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    let roots = [dir.to_string_lossy().into_owned()];
    let stored = docent::cache::searchfile::path_in(&cache_home.join("docent"), &roots)
        .and_then(|p| std::fs::metadata(p).ok())
        .map_or(0, |m| m.len());
    println!(
        "  first search (opens, stores the search){}: {:.0} ms; stored search {:.1} MB ({:.2}× the text)",
        if primed { "" } else { " FAILED" },
        ms(t.elapsed()),
        stored as f64 / 1e6,
        stored as f64 / bytes.max(1) as f64
    );
}

/// `docent search --words` (lines through the word index) for a few text queries: the first
/// run builds the index beside the stored search, the timed runs answer from both.
fn words_queries(dir: &Path, cache_home: &Path, runs: usize) {
    for q in ["nov", "'november !monday", "\"november 21\"", "xq"] {
        let run = || {
            let t = Instant::now();
            let out = search_command(&["--words", q, "--limit", EVERY_ARG], dir, cache_home)
                .stderr(Stdio::null())
                .output()
                .ok()?;
            Some((
                t.elapsed(),
                out.stdout.iter().filter(|&&b| b == b'\n').count(),
            ))
        };
        let first = run();
        let mut times = vec![];
        let mut lines = 0;
        for _ in 0..runs {
            if let Some((t, n)) = run() {
                times.push(t);
                lines = n;
            }
        }
        if let (Some((f, _)), false) = (first, times.is_empty()) {
            println!(
                "  --words {:<18} {} ({lines} lines printed; first run {:.0} ms)",
                q,
                fmt(&times),
                ms(f)
            );
        }
    }
}

/// Section 3 for the scaling run: the stored search, one every-match search from it, and the
/// word index's text queries (no fzf: its lines file would be the size of the corpus).
fn search_scaling(dir: &Path, cache_home: &Path, bytes: usize, runs: usize) {
    println!("3. docent search from the stored search:");
    stored_search(dir, cache_home, bytes);
    for q in ["madu", "xq"] {
        let mut times = vec![];
        for _ in 0..runs {
            let t = Instant::now();
            let ok = search_command(&[q, "--limit", EVERY_ARG], dir, cache_home)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok();
            if ok {
                times.push(t.elapsed());
            }
        }
        if !times.is_empty() {
            row(&format!("search {q} (every match)"), &times);
        }
    }
    words_queries(dir, cache_home, runs);
}

/// Sections 3, 4 and 6: search against fzf, the palette, a large document.
fn search_and_palette(
    a: &Args,
    dir: &Path,
    cache_home: &Path,
    corpus: &Arc<Corpus>,
    bytes: usize,
    runs: usize,
) {
    // 3. Search: the binary with a warm cache against fzf over the same lines.
    let candidates = Candidates::build(corpus);
    println!(
        "3. search over {} candidates (entities, titles, lines):",
        candidates.items.len()
    );
    let lines_file = std::env::temp_dir().join(format!("docent-bench-lines-{}.txt", a.docs));
    let have_fzf = Command::new("fzf")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok();
    if have_fzf {
        let mut all = String::with_capacity(bytes + candidates.items.len());
        for c in &candidates.items {
            all.push_str(candidates.text(c));
            all.push('\n');
        }
        if std::fs::write(&lines_file, all).is_err() {
            eprintln!("cannot write {}", lines_file.display());
        }
    }
    stored_search(dir, cache_home, bytes);
    for q in QUERIES {
        let query = Query::parse(q);
        let (mut inproc, mut ours, mut theirs) = (vec![], vec![], vec![]);
        for _ in 0..runs {
            let t = Instant::now();
            std::hint::black_box(rank(&query, &candidates, EVERY, &AtomicBool::new(false)));
            inproc.push(t.elapsed());
            let t = Instant::now();
            let ok = search_command(&[q, "--limit", EVERY_ARG], dir, cache_home)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if ok {
                ours.push(t.elapsed());
            }
            if have_fzf {
                let t = Instant::now();
                let ok = std::fs::File::open(&lines_file).ok().and_then(|f| {
                    Command::new("fzf")
                        .args(["--filter", q])
                        .stdin(f)
                        .stdout(Stdio::null())
                        .status()
                        .ok()
                });
                if ok.is_some() {
                    theirs.push(t.elapsed());
                }
            }
        }
        let ratio = match (ours.is_empty(), theirs.is_empty()) {
            (false, false) => format!(
                "ratio {:.2}×",
                median(&ours).as_secs_f64() / median(&theirs).as_secs_f64()
            ),
            _ => "no ratio (fzf missing or docent failed)".into(),
        };
        let count = |cmd: &mut Command| -> Option<usize> {
            let out = cmd.stderr(Stdio::null()).output().ok()?;
            Some(out.stdout.iter().filter(|&&b| b == b'\n').count())
        };
        let printed = count(&mut search_command(
            &[q, "--limit", EVERY_ARG],
            dir,
            cache_home,
        ));
        let theirs_printed = if have_fzf {
            std::fs::File::open(&lines_file)
                .ok()
                .and_then(|f| count(Command::new("fzf").args(["--filter", q]).stdin(f)))
        } else {
            None
        };
        println!(
            "  {q:<15} lines printed: docent {} (one per entity, repeated lines once), fzf {}",
            printed.map_or("?".into(), |n| n.to_string()),
            theirs_printed.map_or("?".into(), |n| n.to_string())
        );
        println!("  {:<15} in process        {}", "", fmt(&inproc));
        if !ours.is_empty() {
            println!("  {:<15} docent search      {}", "", fmt(&ours));
        }
        if !theirs.is_empty() {
            println!("  {:<15} fzf --filter       {}", "", fmt(&theirs));
        }
        println!("  {:<15} {ratio}", "");
    }
    let _ = std::fs::remove_file(&lines_file);
    words_queries(dir, cache_home, runs);

    // 4. The palette as the TUI runs it, and n / N.
    palette::palette(corpus, &QUERIES, runs, cache_home);
    let mut app = App::new(Arc::clone(corpus), Theme::default());
    app.update(Msg::Resize(160, 50));
    let mut term = Terminal::new(TestBackend::new(160, 50)).expect("backend");
    draw(&mut app, &mut term);
    let mut keys = vec![];
    let script = [
        KeyCode::Char('j'),
        KeyCode::Char('j'),
        KeyCode::Tab,
        KeyCode::PageDown,
        KeyCode::Char('j'),
        KeyCode::Tab,
        KeyCode::Char('j'),
        KeyCode::Tab,
    ];
    for _ in 0..runs {
        for code in script {
            let t = Instant::now();
            app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
            let _ = app.take_jobs();
            draw(&mut app, &mut term);
            keys.push(t.elapsed());
        }
    }
    row("keystroke → redrawn frame", &keys);
    palette::steps(corpus, runs);
    palette::across(corpus, runs, cache_home);
    palette::sources_text(corpus, runs, cache_home);

    // 6 (printed before memory, which runs in another process). A large single document.
    let para = "The council met on Sunday and the minister said the budget would pass. ".repeat(12);
    let size = if a.smoke { 1_000_000 } else { 50_000_000 };
    let mut text = String::with_capacity(size + para.len());
    while text.len() < size {
        text.push_str(&para);
        text.push_str("\n\n");
    }
    let big = Arc::new(Corpus {
        documents: vec![docent::model::Document {
            id: 0,
            path: "big.txt".into(),
            record: None,
            format: docent::model::Format::Text,
            title: "big".into(),
            date: None,
            date_inferred: false,
            url: None,
            text: text.into(),
            body_start: 0,
            source_map: docent::model::SourceMap::identity(),
            ..Default::default()
        }]
        .into(),
        entities: vec![].into(),
        notices: vec![],
    });
    let (mut open, mut page) = (vec![], vec![]);
    for _ in 0..runs {
        let t = Instant::now();
        let mut app = App::new(Arc::clone(&big), Theme::default());
        app.update(Msg::Resize(160, 50));
        let mut term = Terminal::new(TestBackend::new(160, 50)).expect("backend");
        draw(&mut app, &mut term);
        open.push(t.elapsed());
        app.update(Msg::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)));
        for code in [
            KeyCode::PageDown,
            KeyCode::PageDown,
            KeyCode::End,
            KeyCode::PageUp,
        ] {
            let t = Instant::now();
            app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
            draw(&mut app, &mut term);
            page.push(t.elapsed());
        }
    }
    println!("6. one {:.0} MB document:", size as f64 / 1e6);
    row("open: wrap + first frame", &open);
    row("page down / end / page up + frame", &page);
}

/// Section 5: memory, in a fresh process that opens the corpus as the TUI does.
fn memory(a: &Args, dir: &Path, cache_home: &Path, mb: f64, bin: &str) {
    println!(
        "5. peak RSS of `docent dev stats` (target ≤ 2.5 × {mb:.1} MB + 40 MB = {:.0} MB):",
        2.5 * mb + 40.0
    );
    for (label, extra) in [("cold, no cache", Some("--no-cache")), ("warm cache", None)] {
        let mut cmd = Command::new(bin);
        cmd.args(["dev", "stats"]).arg(dir);
        if let Some(x) = extra {
            cmd.arg(x);
        }
        let out = cmd.env("XDG_CACHE_HOME", cache_home).output();
        match out {
            Ok(o) if o.status.success() => {
                println!("  {label:<34}{}", String::from_utf8_lossy(&o.stdout).trim());
            }
            _ => println!("  {label:<34}failed"),
        }
    }
    if a.smoke {
        let _ = std::fs::remove_dir_all(cache_home.join("docent"));
    }
}
