//! Loading progress on standard error: a thread polls the core's shared [`Progress`] counters
//! and redraws one line ("docent: reading files 1,234 of 5,000"), on a terminal only and after a
//! short delay, and clears it when loading is done.

use crate::load::Progress;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Prints loading progress on standard error (a terminal only, after a short delay, on one
/// line it clears when done), from a thread polling the shared counters.
pub struct ProgressDisplay {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<bool>>,
}

impl ProgressDisplay {
    /// Starts showing `progress` (nothing when standard error is not a terminal).
    pub fn start(progress: &Arc<Progress>) -> ProgressDisplay {
        let stop = Arc::new(AtomicBool::new(false));
        let thread = std::io::stderr().is_terminal().then(|| {
            let (stop, progress) = (stop.clone(), progress.clone());
            std::thread::spawn(move || {
                let t0 = std::time::Instant::now();
                let mut shown = false;
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                    if t0.elapsed() < std::time::Duration::from_millis(300) {
                        continue;
                    }
                    eprint!("\r\x1b[K{}", progress_line(&progress));
                    shown = true;
                }
                shown
            })
        });
        ProgressDisplay { stop, thread }
    }
}

impl Drop for ProgressDisplay {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            if t.join().unwrap_or(false) {
                eprint!("\r\x1b[K");
            }
        }
    }
}

/// "docent: reading files 1,234 of 5,000" (with "(PDF pages 120 of 1,041)" while PDF pages
/// are being read) or "docent: analysing 45% (4,500 of 10,000 documents)".
pub fn progress_line(p: &Progress) -> String {
    let get = |a: &std::sync::atomic::AtomicUsize| a.load(Ordering::Relaxed);
    let (walked, read) = (get(&p.walked), get(&p.read));
    let (docs, done) = (get(&p.documents), get(&p.analysed));
    match (done * 100).checked_div(docs) {
        Some(percent) => format!(
            "docent: analysing {percent}% ({} of {} documents)",
            thousands(done),
            thousands(docs)
        ),
        None if walked == 0 => "docent: finding files…".to_string(),
        None => {
            let (pages, pages_read) = (get(&p.pages), get(&p.pages_read));
            let mut line = format!(
                "docent: reading files {} of {}",
                thousands(read),
                thousands(walked)
            );
            // A big PDF being read: its pages, so one file of 1,000 pages shows progress.
            if pages_read < pages {
                line += &format!(
                    " (PDF pages {} of {})",
                    thousands(pages_read),
                    thousands(pages)
                );
            }
            line
        }
    }
}

/// 1234567 → "1,234,567".
fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn progress_reads_then_analyses() {
        let p = Progress::default();
        assert_eq!(progress_line(&p), "docent: finding files…");
        p.walked.store(100_000, Ordering::Relaxed);
        p.read.store(12_345, Ordering::Relaxed);
        assert_eq!(progress_line(&p), "docent: reading files 12,345 of 100,000");
        p.pages.store(1_041, Ordering::Relaxed);
        p.pages_read.store(120, Ordering::Relaxed);
        assert_eq!(
            progress_line(&p),
            "docent: reading files 12,345 of 100,000 (PDF pages 120 of 1,041)"
        );
        p.pages_read.store(1_041, Ordering::Relaxed);
        assert_eq!(progress_line(&p), "docent: reading files 12,345 of 100,000");
        p.documents.store(100_000, Ordering::Relaxed);
        p.analysed.store(45_000, Ordering::Relaxed);
        assert_eq!(
            progress_line(&p),
            "docent: analysing 45% (45,000 of 100,000 documents)"
        );
    }
}
