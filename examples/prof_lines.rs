//! CPU and wall time of the palette's lines tier through the word index, and of a text query
//! through it, over a corpus already opened once (its document store, names file and word
//! index in the cache: `docent search --words x DIR` builds the index). Per query Q, N runs:
//! `query` times `DiskIndex::query(Q, every line)` (the benchmark's text query); `palette`
//! runs the palette job as the reader does (names from their file, lines through the index)
//! and reports the names and the whole job apart. Medians; CPU from `getrusage`; the first
//! run apart with its major page faults (run after dropping the cache's pages from the page
//! cache, it shows what reading the index from disk costs).
//!
//! ```sh
//! cargo build --release --example prof_lines
//! target/release/examples/prof_lines DIR query|palette N Q...
//! ```

use docent::tui::worker::{Job, JobKind, JobResult, Words, WorkerCore};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn cpu() -> Duration {
    // SAFETY: getrusage fills the struct it is given; RUSAGE_SELF is always valid.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let t = |v: libc::timeval| Duration::new(v.tv_sec as u64, v.tv_usec as u32 * 1000);
    t(u.ru_utime) + t(u.ru_stime)
}

/// Major page faults so far (pages read from disk, not found in the page cache).
fn majflt() -> i64 {
    // SAFETY: as in `cpu`.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    u.ru_majflt
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v.get(v.len() / 2).map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(mode), Some(n)) = (args.first(), args.get(1), args.get(2)) else {
        eprintln!("usage: prof_lines DIR query|palette N Q...");
        std::process::exit(2);
    };
    let n: usize = n.parse().unwrap_or(5);
    let paths = vec![dir.clone()];
    let options = docent::open::OpenOptions::default();
    let opened = match docent::open::open(&paths, &options) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let Some((ixdir, _)) = docent::open::words_location(&paths, &options) else {
        eprintln!("no word index location");
        std::process::exit(1);
    };
    // The key the index was built for (by `docent search --words`, whose options may differ
    // from the defaults here in ways that do not change the text).
    let key = std::fs::read_to_string(ixdir.join("manifest"))
        .ok()
        .and_then(|m| {
            m.lines()
                .nth(1)
                .and_then(|l| l.strip_prefix("key "))
                .map(str::to_string)
        })
        .unwrap_or_default();
    let home = docent::tui::paths::home();
    let names = docent::open::names_location(&paths, &options, &opened, home.as_deref());
    let corpus = Arc::new(opened.corpus);
    let ix = match docent::textindex::DiskIndex::open(&ixdir, &key) {
        Ok(ix) => ix,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let words = Words::new(0, Some((ixdir, key))).with_names(names);
    let mut core = WorkerCore::new(corpus).with_words(words);
    let job = |q: &str, g: u64| Job {
        kind: JobKind::Palette,
        generation: g,
        query: q.into(),
        cancel: Arc::new(AtomicBool::new(false)),
    };
    // Names file mapped, index opened, before the timed runs.
    core.run(&job("#warm", 0));
    for q in &args[3..] {
        let (mut wall, mut cpus, mut names, mut faults) = (vec![], vec![], vec![], vec![]);
        let mut said = String::new();
        for g in 0..n {
            core.run(&job("#reset", 1));
            let (t, c, f) = (Instant::now(), cpu(), majflt());
            if mode == "query" {
                let tq = docent::textindex::TextQuery::parse(q);
                let found = ix.query(&tq, usize::MAX).map_or(0, |v| v.len());
                said = format!("{found} lines");
            } else {
                let mut names_at = None;
                let mut on = |r: JobResult| {
                    if let JobResult::Palette {
                        names_done: true, ..
                    } = r
                    {
                        names_at.get_or_insert(t.elapsed());
                    }
                };
                let r = core.run_streaming(&job(q, g as u64 + 2), Some(&mut on));
                if let Some(JobResult::Palette { items, total, .. }) = r {
                    said = format!("{} listed, {total:?} in all", items.len());
                }
                names.push(names_at.unwrap_or_default());
            }
            wall.push(t.elapsed());
            cpus.push(cpu() - c);
            faults.push(majflt() - f);
        }
        // The first run apart: after the cache's pages were dropped, it reads from disk.
        let first = |v: &[Duration]| v.first().map_or(0.0, |d| d.as_secs_f64() * 1e3);
        println!(
            "  first run: wall {:.1} ms, CPU {:.1} ms, {} major faults; later runs' faults {:?}",
            first(&wall),
            first(&cpus),
            faults.first().copied().unwrap_or(0),
            faults.get(1..).unwrap_or_default()
        );
        println!(
            "{mode} {q:?}: median wall {:.1} ms, CPU {:.1} ms{} ({said})",
            median(wall),
            median(cpus),
            if names.is_empty() {
                String::new()
            } else {
                format!(", names ranked at {:.1} ms", median(names))
            }
        );
    }
}
