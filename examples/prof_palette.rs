//! CPU cost of the palette's tiers, for `/usr/bin/time` (wall times on a shared machine are
//! noisy; user CPU time per run is not): opens DIR as the reader does (warm cache), then runs
//! the palette query Q N times, stopping after the names tier (`names`) or running both tiers
//! (`all`). Run it with N = 0 too and subtract: the difference over N is the CPU per query.
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
        eprintln!("usage: prof_palette DIR names|all|index QUERY [N]");
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
    let corpus = Arc::new(opened.corpus);
    let words = if mode == "index" {
        Words::new(0, None)
    } else {
        Words::new(usize::MAX, None)
    };
    let mut core = WorkerCore::new(corpus).with_words(words);
    let run = |core: &mut WorkerCore, q: &str, g: u64, names_only: bool| {
        let job = Job {
            kind: JobKind::Palette,
            generation: g,
            query: q.into(),
            cancel: Arc::new(AtomicBool::new(false)),
        };
        let flag = Arc::clone(&job.cancel);
        let mut on = |r: JobResult| {
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
        core.run_streaming(&job, Some(&mut on))
    };
    // Candidates built and the index (if any) made before the timed runs.
    run(&mut core, "#warm", 0, false);
    let mut listed = 0;
    for g in 0..n {
        // A query nothing grows from between runs: each ranking starts from scratch.
        run(&mut core, "#reset", 1, mode == "names");
        if let Some(JobResult::Palette { items, .. }) =
            run(&mut core, query, g as u64 + 2, mode == "names")
        {
            listed = items.len();
        }
    }
    println!("{n} runs of {query:?} ({mode}); last listed {listed}");
}
