//! The scaling run, `cargo bench --bench pipeline -- --docs 1000000 --scale`: for 1,000,
//! 10,000, 100,000 and 1,000,000 documents (the ladder up to `--docs`), what issue 16 asks to
//! see grow. Nothing here holds a whole corpus in this process: the cold build runs in the
//! real binary, and the rest opens from the document store as the reader does.
//!
//! Per size: the cold build (`docent entities DIR`, a fresh cache folder: wall time, MB/s and
//! the child's peak RSS; killed above `--rss-limit` MB, default 16,000, and said so), the cache
//! folder's size on disk, the first text search (`docent search --words`: builds the word
//! index), the warm RSS (`docent dev stats`, once opened and at its peak with a palette query),
//! then in this process from the store: the reader's open to its first frame (files checked
//! behind it), the palette's names tier (first results) and its full ranking (the lines
//! fuzzily up to 16 MB of text, through the word index above, as the reader does), text queries through the index, and `n` / `N` across documents. A table of
//! every size follows. Corpora up to 100,000 documents are kept in `target/` for the next run;
//! a larger one, and every cache folder, is removed after its size unless `--keep`.

use super::{first_frame, fmt, median, ms, palette, row, text_queries};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What one size measured, for the closing table.
#[derive(Default)]
struct Size {
    docs: usize,
    mb: f64,
    cold: Option<Duration>,
    cold_rss_mb: u64,
    killed: bool,
    disk_mb: f64,
    words_build: Option<Duration>,
    warm_frame: Option<Duration>,
    warm_rss: String,
    names_first: Option<Duration>,
    names_full: Option<Duration>,
    text_query: Option<Duration>,
    step: Option<Duration>,
}

/// Bytes of the files under `dir`, and how many.
fn tree_size(dir: &Path) -> (u64, usize) {
    let mut total = (0, 0);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return total;
    };
    for e in entries.flatten() {
        let Ok(meta) = e.metadata() else { continue };
        if meta.is_dir() {
            let (b, n) = tree_size(&e.path());
            total = (total.0 + b, total.1 + n);
        } else {
            total = (total.0 + meta.len(), total.1 + 1);
        }
    }
    total
}

/// Resident memory of process `pid` now (VmRSS), in kB; 0 once it is gone.
fn rss_kb(pid: u32) -> u64 {
    let Ok(f) = std::fs::File::open(format!("/proc/{pid}/status")) else {
        return 0;
    };
    std::io::BufReader::new(f)
        .lines()
        .map_while(Result::ok)
        .find_map(|l| {
            l.strip_prefix("VmRSS:")
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Runs `cmd` to its end with stdout discarded: its wall time, its peak RSS in MB (from the
/// kernel's accounting of the child), and whether it was killed for passing `limit_mb`
/// (watched every 100 ms). `None` when it could not start or failed.
fn run_watched(mut cmd: Command, limit_mb: u64) -> Option<(Duration, u64, bool)> {
    let t = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let pid = child.id();
    let done = Arc::new(AtomicBool::new(false));
    let killed = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(AtomicU64::new(0));
    let watch = {
        let (done, killed, seen) = (Arc::clone(&done), Arc::clone(&killed), Arc::clone(&seen));
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                let kb = rss_kb(pid);
                seen.fetch_max(kb, Ordering::Relaxed);
                if kb / 1024 > limit_mb {
                    killed.store(true, Ordering::Relaxed);
                    // SAFETY: a signal to our own child, not yet reaped (wait4 below).
                    unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    };
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; `status` and `usage` outlive the call.
    let r = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = t.elapsed();
    done.store(true, Ordering::Relaxed);
    let _ = watch.join();
    // The child is reaped: std must not wait for it again.
    std::mem::forget(child);
    let killed = killed.load(Ordering::Relaxed);
    let peak_mb = (usage.ru_maxrss.max(0) as u64).max(seen.load(Ordering::Relaxed)) / 1024;
    let ok = r == pid as libc::pid_t && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    (ok || killed).then_some((wall, peak_mb, killed))
}

/// The ladder of sizes up to `max`: 1,000, 10,000, 100,000, 1,000,000 (and `max` itself).
fn sizes(max: usize) -> Vec<usize> {
    let mut v: Vec<usize> = [1_000, 10_000, 100_000, 1_000_000]
        .into_iter()
        .filter(|&n| n <= max)
        .collect();
    if v.last() != Some(&max) {
        v.push(max);
    }
    v
}

pub fn scale(max_docs: usize, runs: usize, rss_limit_mb: u64, keep: bool) {
    let bin = env!("CARGO_BIN_EXE_docent");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target");
    println!(
        "scaling run: {} documents at most, {runs} runs per timing, cold builds killed above \
         {rss_limit_mb} MB; {} cores",
        max_docs,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let mut table = Vec::new();
    for n in sizes(max_docs) {
        let dir = root.join(format!("bench-corpus-{n}"));
        if !dir.exists() {
            let t = Instant::now();
            if let Err(e) = docent::dev::generate(n, 1, &dir) {
                println!("{n} documents: cannot generate the corpus: {e}");
                return;
            }
            println!(
                "{n} documents: generated in {:.1} s",
                t.elapsed().as_secs_f64()
            );
        }
        let (bytes, files) = tree_size(&dir);
        let mb = bytes as f64 / 1e6;
        println!("\n== {n} documents ({files} files, {mb:.1} MB) ==");
        let mut size = Size {
            docs: n,
            mb,
            ..Size::default()
        };
        let cache_home = root.join(format!("bench-scale-cache/{n}"));
        let _ = std::fs::remove_dir_all(&cache_home);
        let _ = std::fs::create_dir_all(&cache_home);
        let child = |args: &[&str]| {
            let mut cmd = Command::new(bin);
            cmd.args(args)
                .arg(&dir)
                .env("XDG_CACHE_HOME", &cache_home)
                .env("XDG_STATE_HOME", cache_home.join("state"))
                .env("XDG_CONFIG_HOME", cache_home.join("config"))
                .env_remove("DOCENT_OPTS")
                .env_remove("DOCENT_CONFIG")
                .stdin(Stdio::null());
            cmd
        };

        // The cold build, in the binary. The corpus just generated is written out first: the
        // kernel's writeback of gigabytes of dirty pages would otherwise run beside the build
        // and be timed as part of it.
        // SAFETY: sync(2) takes no arguments and cannot fail.
        unsafe { libc::sync() };
        match run_watched(child(&["entities"]), rss_limit_mb) {
            Some((wall, peak, killed)) => {
                size.cold = Some(wall);
                size.cold_rss_mb = peak;
                size.killed = killed;
                if killed {
                    println!(
                        "  cold build (docent entities)      KILLED after {:.1} s at {peak} MB",
                        wall.as_secs_f64()
                    );
                } else {
                    println!(
                        "  cold build (docent entities)      {:>8.1} s, {:.1} MB/s, peak RSS {peak} MB",
                        wall.as_secs_f64(),
                        mb / wall.as_secs_f64()
                    );
                }
            }
            None => println!("  cold build (docent entities)      FAILED"),
        }
        if size.killed || size.cold.is_none() {
            table.push(size);
            if !keep {
                let _ = std::fs::remove_dir_all(&cache_home);
            }
            break;
        }
        let (cache_bytes, _) = tree_size(&cache_home.join("docent"));
        size.disk_mb = cache_bytes as f64 / 1e6;
        println!(
            "  cache folder on disk              {:>8.1} MB ({:.2}× the text)",
            size.disk_mb,
            size.disk_mb / mb
        );

        // The first text search builds the word index.
        match run_watched(
            child(&["search", "--words", "nov", "--limit", "1"]),
            rss_limit_mb,
        ) {
            Some((wall, peak, false)) => {
                size.words_build = Some(wall);
                println!(
                    "  first search --words (builds it)  {:>8.1} s, peak RSS {peak} MB",
                    wall.as_secs_f64()
                );
            }
            _ => println!("  first search --words              FAILED"),
        }
        let out = child(&["dev", "stats"]).output();
        size.warm_rss = match out {
            Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().to_string(),
            _ => "failed".into(),
        };
        println!("  warm: docent dev stats            {}", size.warm_rss);

        // In this process, from the store, as the reader opens.
        std::env::set_var("XDG_CACHE_HOME", &cache_home);
        std::env::set_var("XDG_STATE_HOME", cache_home.join("state"));
        in_process(&dir, runs, &mut size);
        table.push(size);
        if !keep {
            let _ = std::fs::remove_dir_all(&cache_home);
            if n > 100_000 {
                let _ = std::fs::remove_dir_all(&dir);
            }
        }
    }
    summary(&table);
}

/// The reader's open, the palette and the word index, `n` / `N`: from the store in this
/// process.
fn in_process(dir: &Path, runs: usize, size: &mut Size) {
    use docent::open::{open_unchecked, words_location, OpenOptions};
    use docent::textindex::DiskIndex;
    use docent::tui::worker::{Job, JobKind, Words, WorkerCore};
    let paths = vec![dir.to_string_lossy().into_owned()];
    let options = OpenOptions::default();
    let mut frames = vec![];
    for _ in 0..runs {
        let t = Instant::now();
        let Ok(opened) = open_unchecked(&paths, &options) else {
            println!("  open from the store: failed");
            return;
        };
        if opened.unchecked.is_none() {
            println!("  (not from the store: opened the ordinary way)");
        }
        first_frame(opened.corpus, opened.index);
        frames.push(t.elapsed());
    }
    row("reader: open to first frame", &frames);
    size.warm_frame = Some(median(&frames));

    let Ok(opened) = open_unchecked(&paths, &options) else {
        return;
    };
    // The palette's names tier from its file, as the reader ranks it (written by the first
    // `docent dev stats` above, or by the first query here).
    let home = docent::tui::paths::home();
    let names = docent::open::names_location(&paths, &options, &opened, home.as_deref());
    let corpus = Arc::new(opened.corpus);
    let location = words_location(&paths, &options);
    let words = Words::new(docent::cache::words::WORDS_ABOVE, location.clone())
        .with_fuzzy_bytes(docent::tui::worker::FUZZY_BYTES)
        .with_names(names);
    let mut core = WorkerCore::new(Arc::clone(&corpus)).with_words(words);
    let job = |q: &str, g: u64| Job {
        kind: JobKind::Palette,
        generation: g,
        query: q.into(),
        cancel: Arc::new(AtomicBool::new(false)),
    };
    // The names tier's candidates are made at the first query.
    let t = Instant::now();
    core.run(&job("#reset", 0));
    row("palette: first query (candidates)", &[t.elapsed()]);
    let (mut first_all, mut full_all) = (vec![], vec![]);
    for (qi, q) in ["madu", "nicolas maduro", "nov 21", "xq"]
        .iter()
        .enumerate()
    {
        let (mut first, mut full) = (vec![], vec![]);
        for g in 0..runs {
            core.run(&job("#reset", 0));
            let t = Instant::now();
            let mut names_at = None;
            let mut on = |_r: docent::tui::worker::JobResult| {
                names_at.get_or_insert(t.elapsed());
            };
            core.run_streaming(&job(q, (qi * 100 + g) as u64 + 1), Some(&mut on));
            let done = t.elapsed();
            first.push(names_at.unwrap_or(done));
            full.push(done);
        }
        println!(
            "  palette {q:<15} first {}   all {}",
            fmt(&first),
            fmt(&full)
        );
        first_all.extend(first);
        full_all.extend(full);
    }
    size.names_first = Some(median(&first_all));
    size.names_full = Some(median(&full_all));

    match location.map(|(d, key)| DiskIndex::open(&d, &key)) {
        Some(Ok(ix)) => size.text_query = Some(median(&text_queries(&ix, runs))),
        Some(Err(e)) => println!("  word index: {e}"),
        None => println!("  word index: no location"),
    }
    size.step = palette::steps_with(&corpus, opened.index, runs.max(5), " from the store");
}

/// "opened / peak" from `docent dev stats`'s line ("peak RSS 44 MB for … (opened: 30 MB; …").
fn warm_rss_short(line: &str) -> String {
    let after = |key: &str, end: &str| {
        line.split_once(key)
            .and_then(|(_, rest)| rest.split_once(end))
            .map(|(v, _)| v.trim().to_string())
    };
    match (after("opened: ", ";"), after("peak RSS ", " for")) {
        (Some(o), Some(p)) => format!("{o} / {p}"),
        _ => line.to_string(),
    }
}

fn opt_ms(d: Option<Duration>) -> String {
    d.map_or("–".into(), |d| format!("{:.1}", ms(d)))
}

fn summary(table: &[Size]) {
    println!("\nsummary (times in ms unless said; RSS in MB):");
    println!(
        "  {:>9} {:>8} {:>9} {:>7} {:>9} {:>9} {:>9} {:>8} {:>8} {:>8} {:>7}  warm RSS opened / peak",
        "docs", "MB", "cold s", "MB/s", "cold RSS", "disk MB", "words s", "frame", "names", "all", "query"
    );
    for s in table {
        let cold = s.cold.map_or(0.0, |d| d.as_secs_f64());
        println!(
            "  {:>9} {:>8.1} {:>9.1} {:>7.1} {:>9} {:>9.1} {:>9} {:>8} {:>8} {:>8} {:>7}  {}{}",
            s.docs,
            s.mb,
            cold,
            if cold > 0.0 { s.mb / cold } else { 0.0 },
            s.cold_rss_mb,
            s.disk_mb,
            s.words_build
                .map_or("–".into(), |d| format!("{:.1}", d.as_secs_f64())),
            opt_ms(s.warm_frame),
            opt_ms(s.names_first),
            opt_ms(s.names_full),
            opt_ms(s.text_query),
            warm_rss_short(&s.warm_rss),
            if s.killed { " (cold build KILLED)" } else { "" }
        );
        if let Some(d) = s.step {
            println!("  {:>9} n + frame {:.1} ms", "", ms(d));
        }
    }
}
