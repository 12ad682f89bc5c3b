//! A cold build's stages timed (a development aid): with `DOCENT_DEV_PHASES` set, each stage
//! boundary (loading, extraction, linking, the store's write) prints to standard error the wall time since the first mark, the process's and
//! the calling thread's CPU time, and the resident size, so linking's wall time is
//! attributed by measure on a loaded machine (CPU beside wall says whether a stage had a
//! core).

use std::sync::OnceLock;
use std::time::Instant;

/// Is the aid on (read once)?
fn on() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("DOCENT_DEV_PHASES").is_some())
}

/// User + system CPU seconds from a `/proc/.../stat` file (fields 14 and 15, in ticks of
/// 1/100 s on Linux).
fn cpu(path: &str) -> f64 {
    let Ok(s) = std::fs::read_to_string(path) else {
        return 0.0;
    };
    // The command name (field 2) may hold spaces: fields are counted after its ')'.
    let rest = s.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let t = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (t(11) + t(12)) / 100.0
}

/// The resident size, its anonymous part and its peak, in MB.
fn rss_mb() -> (u64, u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let mb = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    (mb("VmRSS:"), mb("RssAnon:"), mb("VmHWM:"))
}

/// Prints the mark `what` when the aid is on.
pub fn mark(what: &str) {
    if !on() {
        return;
    }
    static START: OnceLock<Instant> = OnceLock::new();
    let t = START.get_or_init(Instant::now).elapsed().as_secs_f64();
    let (rss, anon, peak) = rss_mb();
    eprintln!(
        "phase {t:8.2}s cpu {:7.2}s thread {:7.2}s rss {rss:5} MB anon {anon:5} peak {peak:5}  {what}",
        cpu("/proc/self/stat"),
        cpu("/proc/thread-self/stat"),
    );
}

/// Prints `what` (made only when the aid is on), e.g. the bytes a temporary file took.
pub fn note(what: impl FnOnce() -> String) {
    if on() {
        eprintln!("phase note  {}", what());
    }
}

/// Marks its stage's end when dropped (the end of a thread, whichever way it ends).
pub struct OnDrop(pub &'static str);

impl Drop for OnDrop {
    fn drop(&mut self) {
        mark(self.0);
    }
}

/// Prints the calling thread's CPU time when the aid is on, as it ends its part (`what`).
pub fn thread_done(what: &str) {
    if on() {
        eprintln!(
            "phase thread {:7.2}s  {what}",
            cpu("/proc/thread-self/stat")
        );
    }
}

/// CPU time summed over every thread that does one kind of recurring work (each segment's
/// extraction, each batch's link records), printed once with [`Tally::print`]: the work runs
/// on several threads beside others, so no stage boundary can time it.
pub struct Tally {
    what: &'static str,
    nanos: std::sync::atomic::AtomicU64,
}

/// The calling thread's CPU time in nanoseconds, when the aid is on (else 0).
#[cfg(target_os = "linux")]
fn thread_cpu_nanos() -> u64 {
    if !on() {
        return 0;
    }
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the timespec it is given; the clock id is a constant Linux
    // always has.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0;
    if !ok {
        return 0;
    }
    (ts.tv_sec as u64).saturating_mul(1_000_000_000) + ts.tv_nsec as u64
}

/// Elsewhere the tallies stay at zero.
#[cfg(not(target_os = "linux"))]
fn thread_cpu_nanos() -> u64 {
    0
}

impl Tally {
    pub const fn new(what: &'static str) -> Tally {
        Tally {
            what,
            nanos: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// The calling thread's CPU time now, to give to [`Tally::stop`].
    pub fn start(&self) -> u64 {
        thread_cpu_nanos()
    }

    /// Adds the calling thread's CPU time since `from` ([`Tally::start`]).
    pub fn stop(&self, from: u64) {
        if on() {
            let d = thread_cpu_nanos().saturating_sub(from);
            self.nanos
                .fetch_add(d, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Prints the sum so far when the aid is on.
    pub fn print(&self) {
        if on() {
            let s = self.nanos.load(std::sync::atomic::Ordering::Relaxed) as f64 / 1e9;
            eprintln!("phase tally  {s:7.2}s  {}", self.what);
        }
    }
}
