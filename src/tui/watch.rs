//! Notices when the open document's source file changes or disappears on disk.
//!
//! docent reads every file once, at start, and shows that copy; it never reads a source again.
//! So a file edited, replaced or deleted while docent runs changes nothing on screen, but the
//! reader should know: a thread stats the open document's file about once a second (one
//! `stat`, off the UI thread) and sends a status-line message when its state changes.

use crate::load::SourceFile;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::Duration;

/// What a source file looks like now, compared with when it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    Unchanged,
    Changed,
    Gone,
}

/// Compares `file` on disk with the stamp taken when it was read.
pub fn check(file: &SourceFile) -> State {
    match std::fs::metadata(&file.path) {
        Err(_) => State::Gone,
        Ok(m) => {
            let mtime_ns = crate::load::mtime_ns(&m);
            if m.len() != file.size || (file.mtime_ns != 0 && mtime_ns != file.mtime_ns) {
                State::Changed
            } else {
                State::Unchanged
            }
        }
    }
}

/// The status-line message for a state, `None` when there is nothing to say.
pub fn message(file: &SourceFile, state: &State) -> Option<String> {
    let path = crate::sanitize::clean_line(&file.path);
    match state {
        State::Unchanged => None,
        State::Changed => Some(format!(
            "{path} changed on disk since it was read; showing the copy read at start"
        )),
        State::Gone => Some(format!(
            "{path} is no longer on disk; showing the copy read at start"
        )),
    }
}

/// Starts the watcher: `current` is the open document's index, `stop` ends the thread.
pub fn spawn(
    files: Arc<Vec<SourceFile>>,
    current: Arc<AtomicUsize>,
    tx: Sender<String>,
    stop: Arc<AtomicBool>,
) {
    if files.is_empty() {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("docent-watch".into())
        .spawn(move || {
            // The last state reported per file, so each change is said once.
            let mut said: Vec<State> = vec![State::Unchanged; files.len()];
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(1000));
                // Stopped while asleep (the corpus was read again: another watcher follows
                // the new stamps).
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                let doc = current.load(Ordering::Relaxed);
                let i = files.partition_point(|f| f.docs.end <= doc);
                let Some(file) = files.get(i).filter(|f| f.docs.contains(&doc)) else {
                    continue;
                };
                let state = check(file);
                if state != said[i] {
                    if let Some(m) = message(file, &state) {
                        if tx.send(m).is_err() {
                            return;
                        }
                    }
                    said[i] = state;
                }
            }
        });
    // Without the watcher docent works the same; it only stays silent about changes.
    drop(spawned);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(path: &std::path::Path) -> SourceFile {
        let m = std::fs::metadata(path).expect("stat");
        SourceFile {
            path: path.to_string_lossy().into_owned(),
            size: m.len(),
            mtime_ns: crate::load::mtime_ns(&m),
            docs: 0..1,
        }
    }

    #[test]
    fn changed_and_removed_files_are_noticed() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "one").expect("write");
        let f = stamp(&p);
        assert_eq!(check(&f), State::Unchanged);
        assert_eq!(message(&f, &State::Unchanged), None);
        std::fs::write(&p, "one and two").expect("write");
        assert_eq!(check(&f), State::Changed);
        assert!(message(&f, &State::Changed).is_some_and(|m| m.contains("changed on disk")));
        std::fs::remove_file(&p).expect("rm");
        assert_eq!(check(&f), State::Gone);
        assert!(message(&f, &State::Gone).is_some_and(|m| m.contains("no longer on disk")));
    }

    #[test]
    fn the_watcher_reports_a_change_to_the_open_document_once() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("b.txt");
        std::fs::write(&p, "text").expect("write");
        let f = stamp(&p);
        let (tx, rx) = std::sync::mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        spawn(
            Arc::new(vec![f]),
            Arc::new(AtomicUsize::new(0)),
            tx,
            stop.clone(),
        );
        std::fs::remove_file(&p).expect("rm");
        let m = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("a message within a few seconds");
        assert!(m.contains("no longer on disk"), "{m}");
        assert!(
            rx.recv_timeout(Duration::from_millis(2500)).is_err(),
            "said once"
        );
        stop.store(true, Ordering::Relaxed);
    }
}
