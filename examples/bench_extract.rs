//! Extraction speed: runs `docent::analyze::analyze` over a corpus repeated until it is at least
//! 20 MB, and prints MB/s on one core (per second of this thread's CPU time where Linux tells
//! it, so that other processes on a shared machine do not count). `BENCH_STAGES=1` also times
//! tokenizing, dates and names separately.
//!
//!     cargo run --release --example bench_extract [PATH...]
//!
//! Without paths it uses the bundled seed articles.

use docent::analyze::analyze;
use docent::model::Document;
use std::time::Instant;

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let loaded = if paths.is_empty() {
        docent::load::load_seeds()
    } else {
        match docent::load::load_paths(&paths, &Default::default()) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        }
    };
    let one: usize = loaded.documents.iter().map(|d| d.body().len()).sum();
    if one == 0 {
        eprintln!("no text");
        std::process::exit(1);
    }
    let copies = (20_000_000 / one).max(1);
    let mut docs: Vec<Document> = Vec::with_capacity(copies * loaded.documents.len());
    for c in 0..copies {
        for d in &loaded.documents {
            let mut d = d.clone();
            d.id = docs.len();
            d.path = format!("{c}/{}", d.path);
            docs.push(d);
        }
    }
    let bytes: usize = docs.iter().map(|d| d.body().len()).sum();
    // Warm up (builds the lexicon once).
    let _ = analyze(&docs[..loaded.documents.len()]);
    let t = Instant::now();
    let cpu0 = cpu_ns();
    let entities = analyze(&docs);
    let wall = t.elapsed().as_secs_f64();
    // On a shared machine wall time counts other processes too: prefer this thread's CPU time.
    let secs = match (cpu0, cpu_ns()) {
        (Some(a), Some(b)) if b > a => {
            let cpu = (b - a) as f64 / 1e9;
            println!("wall {wall:.2} s, cpu {cpu:.2} s (MB/s below per CPU second)");
            cpu
        }
        _ => wall,
    };
    // Stage by stage (tokenize, + dates, + names), to see where the time goes.
    if std::env::var_os("BENCH_STAGES").is_none() {
        report(&entities, docs.len(), bytes, secs);
        return;
    }
    let lex = docent::analyze::lexicon::get();
    let t0 = Instant::now();
    let mut n = 0;
    for d in &docs {
        n += docent::analyze::tokenize::tokenize(d.body()).len();
    }
    let tok = t0.elapsed().as_secs_f64();
    let t0 = Instant::now();
    for d in &docs {
        let t = docent::analyze::tokenize::tokenize(d.body());
        n += docent::analyze::dates::find(&t, d.date).len();
    }
    let dat = t0.elapsed().as_secs_f64();
    let t0 = Instant::now();
    for d in &docs {
        let t = docent::analyze::tokenize::tokenize(d.body());
        let blocked = vec![false; t.len()];
        n += docent::analyze::names::extract(&t, lex, &blocked).len();
    }
    let nam = t0.elapsed().as_secs_f64();
    println!(
        "stages: tokenize {tok:.2} s, tokenize+dates {dat:.2} s, tokenize+names {nam:.2} s ({n})"
    );
    report(&entities, docs.len(), bytes, secs);
}

/// Time this thread has spent on a CPU, in ns (Linux `/proc/thread-self/schedstat`).
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn report(entities: &[docent::model::Entity], docs: usize, bytes: usize, secs: f64) {
    let mentions: usize = entities.iter().map(|e| e.mentions.len()).sum();
    println!(
        "{} documents, {:.1} MB, {} entities, {} mentions in {:.2} s: {:.1} MB/s",
        docs,
        bytes as f64 / 1e6,
        entities.len(),
        mentions,
        secs,
        bytes as f64 / 1e6 / secs
    );
}
