//! CPU cost of the palette's tiers, for `/usr/bin/time` (wall times on a shared machine are
//! noisy; user CPU time per run is not): opens DIR as the reader does (warm cache), then runs
//! the palette query Q N times, stopping after the names tier (`names`) or running both tiers
//! (`all`). Run it with N = 0 too and subtract: the difference over N is the CPU per query.
//!
//! `stored` is `names` with the names tier ranked from its file as the reader does
//! ([`docent::open::names_location`]; written by the first run), and prints the first query's
//! time and the median per query (first message / names ranked fully).
//!
//! ```sh
//! cargo build --release --example prof_palette
//! /usr/bin/time -v target/release/examples/prof_palette DIR names madu 200
//! ```

use docent::tui::worker::{Job, JobKind, JobResult, Words, WorkerCore};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(mode), Some(query)) = (args.first(), args.get(1), args.get(2)) else {
        eprintln!("usage: prof_palette DIR names|stored|all|index QUERY [N]");
        std::process::exit(2);
    };
    let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(100);
    let options = docent::open::OpenOptions::default();
    let opened = match docent::open::open(std::slice::from_ref(dir), &options) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let stored = mode == "stored";
    let names = stored
        .then(|| {
            let home = docent::tui::paths::home();
            docent::open::names_location(
                std::slice::from_ref(dir),
                &options,
                &opened,
                home.as_deref(),
            )
        })
        .flatten();
    let corpus = Arc::new(opened.corpus);
    let words = if mode == "index" {
        Words::new(0, None)
    } else {
        Words::new(usize::MAX, None).with_names(names)
    };
    let names_only = mode == "names" || stored;
    let mut core = WorkerCore::new(corpus).with_words(words);
    let run = |core: &mut WorkerCore, q: &str, g: u64, names_only: bool| {
        let job = Job {
            kind: JobKind::Palette,
            generation: g,
            query: q.into(),
            cancel: Arc::new(AtomicBool::new(false)),
        };
        let flag = Arc::clone(&job.cancel);
        let t = std::time::Instant::now();
        let mut first = None;
        let mut on = |r: JobResult| {
            first.get_or_insert(t.elapsed());
            if names_only
                && matches!(
                    r,
                    JobResult::Palette {
                        names_done: true,
                        ..
                    }
                )
            {
                flag.store(true, Ordering::Relaxed);
            }
        };
        let r = core.run_streaming(&job, Some(&mut on));
        let done = t.elapsed();
        (r, first.unwrap_or(done), done)
    };
    // Candidates built and the index (if any) made before the timed runs.
    let (_, _, warm) = run(&mut core, "#warm", 0, stored);
    let mut listed = 0;
    let (mut firsts, mut dones) = (vec![], vec![]);
    for g in 0..n {
        // A query nothing grows from between runs: each ranking starts from scratch.
        run(&mut core, "#reset", 1, names_only);
        let (r, first, done) = run(&mut core, query, g as u64 + 2, names_only);
        if let Some(JobResult::Palette { items, .. }) = r {
            listed = items.len();
        }
        firsts.push(first);
        dones.push(done);
    }
    firsts.sort();
    dones.sort();
    let ms = |v: &[std::time::Duration]| v.get(v.len() / 2).map_or(0.0, |d| d.as_secs_f64() * 1e3);
    println!(
        "{n} runs of {query:?} ({mode}); last listed {listed}; first query {:.1} ms; median \
         first message {:.1} ms, done {:.1} ms",
        warm.as_secs_f64() * 1e3,
        ms(&firsts),
        ms(&dones)
    );
}
