//! The cold-open stages alone (load, extract, link), timed per stage, for profiling:
//! `cargo run --release -p docent-core --example cold -- DIR [RUNS] [STAGE]`, STAGE one of
//! `all` (default), `extract` or `link` (that stage repeated RUNS times on one load), e.g.
//! `perf record -g target/release/examples/cold target/bench-corpus-10000 3 link`; STAGE `dump`
//! prints every entity (debug form) after the timings, to compare two builds' results. Each
//! repeated run prints its wall time and its CPU time (all threads).

use docent_core::analyze::{extract_all, link_all};
use docent_core::load::{load_paths, LoadOptions};
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .unwrap_or_else(|| "target/bench-corpus-10000".into());
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1);
    let stage = args.next().unwrap_or_else(|| "all".into());
    let paths = vec![dir];
    let t = Instant::now();
    let loaded = load_paths(&paths, &LoadOptions::default())?;
    let tl = t.elapsed();
    let t = Instant::now();
    let extracts = extract_all(&loaded.documents, None);
    let tx = t.elapsed();
    let t = Instant::now();
    let entities = link_all(&loaded.documents, &extracts);
    let tk = t.elapsed();
    println!(
        "load {:.0} / extract {:.0} / link {:.0} ms; {} entities, {} mentions",
        tl.as_secs_f64() * 1e3,
        tx.as_secs_f64() * 1e3,
        tk.as_secs_f64() * 1e3,
        entities.len(),
        entities.iter().map(|e| e.mentions.len()).sum::<usize>()
    );
    if stage == "dump" {
        for e in &entities {
            println!("{e:?}");
        }
    }
    for _ in 1..runs {
        let t = Instant::now();
        let cpu = cpu_ms();
        match stage.as_str() {
            "extract" => drop(std::hint::black_box(extract_all(&loaded.documents, None))),
            "link" => drop(std::hint::black_box(link_all(&loaded.documents, &extracts))),
            "load" => drop(std::hint::black_box(load_paths(
                &paths,
                &LoadOptions::default(),
            )?)),
            _ => {
                let x = extract_all(&loaded.documents, None);
                drop(std::hint::black_box(link_all(&loaded.documents, &x)));
            }
        }
        println!(
            "{stage} {:.0} ms, CPU {:.0} ms",
            t.elapsed().as_secs_f64() * 1e3,
            cpu_ms() - cpu
        );
    }
    Ok(())
}

/// The process's CPU time so far (user and system, every thread), in ms, from /proc/self/stat
/// (10 ms ticks on Linux; 0 elsewhere): less disturbed by a loaded machine than wall time.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let ticks: f64 = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|f| f.parse::<f64>().ok())
        .sum();
    ticks * 10.0
}
