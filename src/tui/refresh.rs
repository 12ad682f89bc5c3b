//! The document store's freshness check, behind the first frame.
//!
//! A corpus opened from its document store is shown before its files are walked and stat'ed
//! ([`crate::open::open_unchecked`]): at 100,000 files the walk alone takes seconds. A thread
//! then runs the check; when a file changed, was added or removed since the store was
//! written, the reader is told on the status line and the corpus is opened again the ordinary
//! way (changed files read and analysed, the store rewritten), then swapped in where the
//! reader was ([`crate::tui::app::App::refreshed`]). Until then the reader shows the corpus as
//! stored, and says so.

use crate::open::{Changes, Freshness, FreshnessCheck, Opened};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};

/// Opens the corpus again, checking its files (the command line's [`crate::open::open`] with
/// the same options); the error as a message.
pub type Reopen = Box<dyn FnOnce() -> Result<Opened, String> + Send>;

/// The check left by an open from the document store, and how to open again if it fails.
/// Cloning shares it: it runs once.
#[derive(Clone)]
pub struct Refresh(Arc<Mutex<Option<(FreshnessCheck, Reopen)>>>);

impl std::fmt::Debug for Refresh {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Refresh")
    }
}

impl Refresh {
    pub fn new(check: FreshnessCheck, reopen: Reopen) -> Refresh {
        Refresh(Arc::new(Mutex::new(Some((check, reopen)))))
    }

    /// Runs the check (the first call only) and, when the files changed, opens the corpus
    /// again: `say` gets each step for the status line. `None`: nothing changed (or it already
    /// ran, or opening again failed, which `say` was told).
    pub fn run(&self, say: &mut dyn FnMut(String)) -> Option<Opened> {
        let (check, reopen) = self.0.lock().ok()?.take()?;
        match check.run() {
            Freshness::Fresh => None,
            Freshness::Stale(changes) => {
                say(stale_message(changes.as_ref()));
                match reopen() {
                    Ok(opened) => Some(opened),
                    Err(e) => {
                        say(format!(
                            "cannot read the files again ({}); showing the stored copy",
                            crate::sanitize::clean_line(&e)
                        ));
                        None
                    }
                }
            }
        }
    }
}

/// What the status line says while the changed files are read again.
pub fn stale_message(changes: Option<&Changes>) -> String {
    match changes {
        Some(c) => format!(
            "{c} on disk since the document store was written: reading them again (shown as \
             stored meanwhile)…"
        ),
        None => "the files changed on disk since the document store was written: reading them \
                 again (shown as stored meanwhile)…"
            .into(),
    }
}

/// What the refresh thread hands the event loop.
pub enum Update {
    /// A status-line message.
    Notice(String),
    /// The corpus opened again.
    Opened(Box<Opened>),
}

/// Runs `refresh` on its own thread, sending what it finds to `tx` (here, when no thread can
/// be started: the check is never skipped).
pub fn spawn(refresh: Refresh, tx: Sender<Update>) {
    let work = |refresh: Refresh, tx: Sender<Update>| {
        let mut say = |m: String| {
            let _ = tx.send(Update::Notice(m));
        };
        if let Some(opened) = refresh.run(&mut say) {
            let _ = tx.send(Update::Opened(Box::new(opened)));
        }
    };
    let (r, t) = (refresh.clone(), tx.clone());
    let spawned = std::thread::Builder::new()
        .name("docent-fresh".into())
        .spawn(move || work(r, t));
    if spawned.is_err() {
        work(refresh, tx);
    }
}
