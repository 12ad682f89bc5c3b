//! The benchmark's cold open, phase by phase, for a profiler: load, extract (all cores), link,
//! index. Prints each phase's wall and process CPU time; under `valgrind --tool=callgrind` read
//! the phases' inclusive costs (`load_paths`, `analyze::extract`, `link_all`, `Index::build`).
//!
//!     cargo run --release --example prof_cold target/bench-corpus-10000

use std::time::Instant;

fn cpu() -> f64 {
    // utime + stime of the whole process, from /proc/self/stat (clock ticks of 10 ms).
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let f: Vec<&str> = s
        .rsplit_once(')')
        .map_or("", |(_, r)| r)
        .split_whitespace()
        .collect();
    let t = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (t(11) + t(12)) / 100.0
}

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let (t0, c0) = (Instant::now(), cpu());
    let loaded = match docent::load::load_paths(&paths, &Default::default()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let (t1, c1) = (Instant::now(), cpu());
    let x = docent::analyze::extract_all(&loaded.documents, None);
    let (t2, c2) = (Instant::now(), cpu());
    let entities = docent::analyze::link_all(&loaded.documents, &x);
    drop(x);
    let (t3, c3) = (Instant::now(), cpu());
    let corpus = docent::model::Corpus {
        documents: loaded.documents.into(),
        entities: entities.into(),
        notices: loaded.notices,
    };
    let idx = docent::index::Index::build(&corpus);
    std::hint::black_box(&idx);
    let (t4, c4) = (Instant::now(), cpu());
    let bytes: usize = corpus.documents.iter().map(|d| d.body().len()).sum();
    let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1e3;
    println!(
        "{:.1} MB, {} entities; wall ms load {:.0} extract {:.0} link {:.0} index {:.0}; \
         cpu s load {:.2} extract {:.2} link {:.2} index {:.2}",
        bytes as f64 / 1e6,
        corpus.entities.len(),
        ms(t0, t1),
        ms(t1, t2),
        ms(t2, t3),
        ms(t3, t4),
        c1 - c0,
        c2 - c1,
        c3 - c2,
        c4 - c3
    );
}
