//! End-to-end benchmark of the pipeline on a generated corpus.
//!
//! ```sh
//! cargo bench --bench pipeline                     # 1,000 documents (~4 MB)
//! cargo bench --bench pipeline -- --docs 10000     # ~40 MB
//! cargo bench --bench pipeline -- --smoke          # CI: tiny, one run, just proves it works
//! ```
//!
//! Reports, per stage (load = walk + read + decode + parse, analyze = extract + link, index =
//! mention index + search candidates), the median and min–max of several cold runs, throughput in
//! MB/s, fuzzy search latency over every candidate, the ratio to `fzf --filter` over the same
//! lines when fzf is installed, and peak RSS.

use docent::index::Index;
use docent::load::{load_paths, LoadOptions};
use docent::model::Corpus;
use docent::search::{rank, Candidates, Query};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

struct Args {
    docs: usize,
    runs: usize,
    smoke: bool,
    corpus: Option<PathBuf>,
}

fn args() -> Args {
    let mut a = Args {
        docs: 1000,
        runs: 5,
        smoke: false,
        corpus: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--docs" => a.docs = it.next().and_then(|v| v.parse().ok()).unwrap_or(a.docs),
            "--runs" => a.runs = it.next().and_then(|v| v.parse().ok()).unwrap_or(a.runs),
            "--corpus" => a.corpus = it.next().map(PathBuf::from),
            "--smoke" => a.smoke = true,
            _ => {} // cargo passes --bench
        }
    }
    if a.smoke {
        a.docs = a.docs.min(100);
        a.runs = 1;
    }
    a
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn fmt(v: &[Duration]) -> String {
    let mut s = v.to_vec();
    let m = median(&mut s);
    format!(
        "{:>8.1} ms  ({:.1}–{:.1})",
        m.as_secs_f64() * 1e3,
        s[0].as_secs_f64() * 1e3,
        s[s.len() - 1].as_secs_f64() * 1e3
    )
}

fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let a = args();
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
    let opts = LoadOptions::default();
    let (mut t_load, mut t_analyze, mut t_index, mut t_total) = (vec![], vec![], vec![], vec![]);
    let (mut t_extract, mut t_link) = (vec![], vec![]);
    let mut corpus = Corpus::default();
    let mut bytes = 0usize;
    for _ in 0..a.runs {
        let t0 = Instant::now();
        let loaded = match load_paths(&paths, &opts) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        };
        let t1 = Instant::now();
        let extracts = docent::analyze::extract_all(&loaded.documents, None);
        let t_x = Instant::now();
        let entities = docent::analyze::link_all(&loaded.documents, &extracts);
        drop(extracts);
        let t2 = Instant::now();
        t_extract.push(t_x - t1);
        t_link.push(t2 - t_x);
        corpus = Corpus {
            documents: loaded.documents,
            entities,
            notices: loaded.notices,
        };
        let index = Index::build(&corpus);
        let candidates = Candidates::build(&corpus);
        let t3 = Instant::now();
        std::hint::black_box((&index, &candidates));
        bytes = corpus.documents.iter().map(|d| d.text.len()).sum();
        t_load.push(t1 - t0);
        t_analyze.push(t2 - t1);
        t_index.push(t3 - t2);
        t_total.push(t3 - t0);
    }
    let mb = bytes as f64 / 1e6;
    let mut tt = t_total.clone();
    let total = median(&mut tt).as_secs_f64();
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
    println!("cold load + analyze, {} runs: median (min–max)", a.runs);
    println!("  load (walk, read, decode, parse) {}", fmt(&t_load));
    println!("  analyze (extract, link)          {}", fmt(&t_analyze));
    println!("    extract (both cores)           {}", fmt(&t_extract));
    println!("    link                           {}", fmt(&t_link));
    println!("  index (spans, search candidates) {}", fmt(&t_index));
    println!(
        "  total                            {}   {:.1} MB/s",
        fmt(&t_total),
        mb / total
    );

    let candidates = Candidates::build(&corpus);
    println!(
        "search over {} candidates (in process, warm):",
        candidates.items.len()
    );
    let lines_file = std::env::temp_dir().join(format!("docent-bench-lines-{}.txt", a.docs));
    let have_fzf = Command::new("fzf")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok();
    if have_fzf {
        let all: String = candidates
            .items
            .iter()
            .map(|c| c.text.clone() + "\n")
            .collect();
        if std::fs::write(&lines_file, all).is_err() {
            eprintln!("cannot write {}", lines_file.display());
        }
    }
    for q in ["madu", "nicolas maduro", "nov 21", "xq"] {
        let query = Query::parse(q);
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        let mut n_hits = 0;
        for _ in 0..a.runs.max(1) {
            let t = Instant::now();
            let hits = rank(&query, &candidates, 50, &AtomicBool::new(false)).unwrap_or_default();
            ours.push(t.elapsed());
            n_hits = hits.len();
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
        let mut o = ours.clone();
        let om = median(&mut o);
        let ratio = if theirs.is_empty() {
            "fzf not installed".to_string()
        } else {
            let mut f = theirs.clone();
            let fm = median(&mut f);
            format!(
                "fzf --filter {}  ratio {:.2}×",
                fmt(&theirs),
                om.as_secs_f64() / fm.as_secs_f64()
            )
        };
        println!("  {q:<16} {} {n_hits:>3} hits | {ratio}", fmt(&ours));
    }
    let _ = std::fs::remove_file(&lines_file);
    if let Some(rss) = peak_rss_mb() {
        println!(
            "peak RSS {:.0} MB (target ≤ 2.5 × {:.1} MB + 40 MB = {:.0} MB)",
            rss,
            mb,
            2.5 * mb + 40.0
        );
    }
}
