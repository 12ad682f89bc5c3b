//! Links the extraction of PATHS in memory and prints linking's wall time and the process's
//! CPU time over it (user + system, every thread; Linux's /proc), for comparing link code.
//! With `PROF_SPILL=DIR` linking's records and lists go to files in DIR, as in the cached
//! build.

/// The process's CPU time so far, in clock ticks (0 where /proc is not there).
fn cpu_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<u64> = rest
        .split_whitespace()
        .map(|v| v.parse().unwrap_or(0))
        .collect();
    f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0)
}

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let loaded = docent::load::load_paths(&paths, &Default::default()).expect("load");
    let x = docent::analyze::extract_all(&loaded.documents, None);
    let mut input = match std::env::var_os("PROF_SPILL") {
        Some(d) => docent::analyze::link::LinkInput::spilling_to(d.into()),
        None => docent::analyze::link::LinkInput::new(),
    };
    let (t, c) = (std::time::Instant::now(), cpu_ticks());
    docent::analyze::take_for_link(&mut input, loaded.documents.iter().zip(&x));
    let e = docent::analyze::finish_link(&loaded.documents, input);
    eprintln!(
        "link {:?} cpu {} ticks {}",
        t.elapsed(),
        cpu_ticks() - c,
        e.len()
    );
}
