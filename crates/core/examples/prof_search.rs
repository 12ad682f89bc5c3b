//! Stage timings of a search over a corpus, for profiling (not a benchmark: one run each).
//!
//! ```sh
//! cargo run --release -p docent-core --example prof_search -- DIR [--limit N] [--dump LINES_FILE]
//! ```
//! `--dump` writes every candidate's text, one per line, for `fzf --filter` on the same lines.
use std::sync::atomic::AtomicBool;
use std::time::Instant;

fn main() {
    let mut paths: Vec<String> = Vec::new();
    let mut limit = 50;
    let mut dump = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--limit" => limit = it.next().and_then(|v| v.parse().ok()).unwrap_or(limit),
            "--dump" => dump = it.next(),
            _ => paths.push(a),
        }
    }
    let t = Instant::now();
    let loaded = docent_core::load::load_paths(&paths, &Default::default()).expect("load");
    eprintln!("load {:?}", t.elapsed());
    let t = Instant::now();
    let a = docent_core::cache::analyze(
        &loaded,
        docent_core::cache::Cache::for_roots(&paths).as_ref(),
        None,
    );
    eprintln!("cache {:?}", t.elapsed());
    let corpus = std::sync::Arc::new(docent_core::model::Corpus {
        documents: loaded.documents.into(),
        entities: a.entities.into(),
        notices: vec![],
    });
    let t = Instant::now();
    let c = docent_core::search::Candidates::build(&corpus);
    eprintln!("candidates {:?} {}", t.elapsed(), c.items.len());
    if let Some(file) = dump {
        let mut all = String::new();
        for item in &c.items {
            all.push_str(c.text(item));
            all.push('\n');
        }
        std::fs::write(&file, all).expect("dump");
    }
    for q in ["madu", "nicolas maduro", "nov 21", "xq"] {
        let query = docent_core::search::Query::parse(q);
        let t = Instant::now();
        let hits = docent_core::search::rank(&query, &c, limit, &AtomicBool::new(false));
        eprintln!(
            "{q}: rank {:?}, {} hits",
            t.elapsed(),
            hits.map_or(0, |h| h.len())
        );
    }
}
