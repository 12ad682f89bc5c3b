//! Stage markers for measuring the cold build: with `DOCENT_DEV_PHASES` set (to anything),
//! [`mark`] prints to standard error the time since the process started, the process's CPU
//! time (user + system), its resident memory and peak, and the thread, so each stage's wall,
//! CPU and memory can be read off one run (docs/scale.md).

/// Prints one marker named `what` when `DOCENT_DEV_PHASES` is set; nothing otherwise.
pub fn mark(what: &str) {
    if std::env::var_os("DOCENT_DEV_PHASES").is_none() {
        return;
    }
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command's closing parenthesis (which may hold spaces).
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let field = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    // Clock ticks: 100 a second on Linux as configured everywhere docent runs.
    let ticks = 100.0;
    // Fields 14, 15 and 22 of stat(5), counted after the command: 11, 12 and 19.
    let cpu = field(11).unwrap_or(0.0) + field(12).unwrap_or(0.0);
    let uptime = std::fs::read_to_string("/proc/uptime")
        .ok()
        .and_then(|u| u.split_whitespace().next()?.parse::<f64>().ok())
        .unwrap_or(0.0);
    let started = field(19).unwrap_or(0.0) / ticks;
    // This thread's own CPU time (the process's runs on every thread at once).
    let own = std::fs::read_to_string("/proc/thread-self/stat")
        .ok()
        .and_then(|s| {
            let rest: Vec<f64> = s
                .rsplit_once(')')?
                .1
                .split_whitespace()
                .map(|f| f.parse().unwrap_or(0.0))
                .collect();
            Some(rest.get(11)? + rest.get(12)?)
        })
        .unwrap_or(0.0);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let thread = std::thread::current();
    eprintln!(
        "phase {what}: t={:.2}s cpu={:.2}s thread_cpu={:.2}s rss={}MB anon={}MB hwm={}MB [{}]",
        uptime - started,
        cpu / ticks,
        own / ticks,
        kb("VmRSS:") / 1024,
        kb("RssAnon:") / 1024,
        kb("VmHWM:") / 1024,
        thread.name().unwrap_or("?"),
    );
}

/// Marks its stage's end when dropped (the end of a thread, whichever way it ends).
pub struct OnDrop(pub &'static str);

impl Drop for OnDrop {
    fn drop(&mut self) {
        mark(self.0);
    }
}
