//! Terminal setup and teardown, and the event loop that connects the terminal, the app and the
//! matcher thread.
//!
//! The terminal is always restored: on quit, on error (every exit path of [`run`] goes through
//! [`restore`]), on panic (a hook restores first, then lets the default hook print the message
//! on the normal screen) and on SIGTERM / SIGHUP (a flag the loop checks at least every 200 ms).
//!
//! A watchdog thread backs that up: crossterm's reader spins forever inside `event::poll` once
//! the terminal hangs up (a closed tmux or ssh session: every read returns EOF or EIO and its
//! loop never breaks), where the loop cannot see the flag. The watchdog notices the hang-up
//! itself (poll(2) reports POLLHUP on the terminal) and, if the loop has not finished within a
//! second of a stop being asked, restores what it can and exits the process.

use super::app::App;
use super::msg::{Effect, Msg};
use super::{view, worker};
use crate::model::Corpus;
use anyhow::Context as _;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::Terminal;
use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Once};
use std::time::Duration;

/// Whether the terminal is in docent's mode (so restoring twice is harmless).
static ACTIVE: AtomicBool = AtomicBool::new(false);
static HOOK: Once = Once::new();
/// Whether to capture the mouse (the configuration's `mouse`).
static MOUSE: AtomicBool = AtomicBool::new(true);

/// Puts the terminal back: cooked mode, main screen, no mouse capture, cursor shown.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = disable_raw_mode();
        let _ = execute!(
            io::stdout(),
            DisableBracketedPaste,
            DisableMouseCapture,
            LeaveAlternateScreen,
            ratatui::crossterm::cursor::Show
        );
    }
}

/// Restores the terminal before the default panic hook prints.
fn install_panic_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // A panic the loader catches (a damaged PDF) is a notice, not the end: leave the
            // terminal and the message alone.
            if crate::load::panic_is_caught() {
                return;
            }
            restore();
            previous(info);
        }));
    });
}

/// Raw mode, alternate screen, mouse capture (unless configured off).
fn enter() -> anyhow::Result<()> {
    enable_raw_mode().context("cannot put the terminal in raw mode")?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(io::stdout(), EnterAlternateScreen)
        .context("cannot switch to the alternate screen")?;
    // A paste arrives as one event (one insert into the focused input), not as keys.
    let _ = execute!(io::stdout(), EnableBracketedPaste);
    if MOUSE.load(Ordering::SeqCst) {
        execute!(io::stdout(), EnableMouseCapture).context("cannot capture the mouse")?;
    }
    Ok(())
}

fn setup() -> anyhow::Result<Terminal<CrosstermBackend<Stdout>>> {
    install_panic_hook();
    enter()?;
    let terminal =
        Terminal::new(CrosstermBackend::new(io::stdout())).context("cannot open the terminal")?;
    Ok(terminal)
}

/// Runs the UI on `corpus` with `options` until the user quits or a signal asks to stop.
pub fn run(corpus: Corpus, options: super::Options) -> anyhow::Result<()> {
    let corpus = Arc::new(corpus);
    let stop = Arc::new(AtomicBool::new(false));
    let suspend_asked = Arc::new(AtomicBool::new(false));
    // Every way out restores the terminal and saves the session: signals from outside only set
    // flags the loop reads (in raw mode Ctrl-C and Ctrl-Z are keys, not signals).
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
        for sig in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
            signal_hook::flag::register(sig, Arc::clone(&stop))
                .context("cannot install the signal handler")?;
        }
        signal_hook::flag::register(SIGTSTP, Arc::clone(&suspend_asked))
            .context("cannot install the signal handler")?;
    }
    let last_session: LastSession = Arc::new(std::sync::Mutex::new(None));
    spawn_watchdog(Arc::clone(&stop), Arc::clone(&last_session));
    MOUSE.store(options.mouse, Ordering::SeqCst);
    let mut app = match options.index {
        Some(index) => App::with_index(Arc::clone(&corpus), options.theme, index),
        None => App::new(Arc::clone(&corpus), options.theme),
    };
    app.apply_settings(options.settings);
    if let Some(m) = options.message {
        app.add_message(m);
    }
    app.edits = options.edits;
    let store = options.state;
    let session = store
        .as_ref()
        .map(|s| crate::store::read_json::<crate::tui::session::Session>(&s.session_path()));
    let sources = options.sources;
    let current = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let words = options
        .words
        .clone()
        .with_stamps(Arc::clone(&sources))
        .with_open_document(Arc::clone(&current));
    let (jobs, results) = worker::spawn(corpus, words, Some(Arc::clone(&app.sources.paths)));
    let (notice_tx, notices) = std::sync::mpsc::channel();
    let watching = Arc::new(AtomicBool::new(false));
    super::watch::spawn(
        sources,
        Arc::clone(&current),
        notice_tx.clone(),
        Arc::clone(&watching),
    );
    let (refreshed_tx, refreshed) = std::sync::mpsc::channel();
    let mut channels = Channels {
        jobs,
        results,
        notices,
        notice_tx,
        watching,
        current,
        suspend_asked,
        last_session: store.as_ref().map(|s| (s.session_path(), last_session)),
        refresh: options.refresh.map(|r| (r, refreshed_tx)),
        refreshed,
        writes: Vec::new(),
    };
    let result = setup().and_then(|mut terminal| {
        if let Ok(size) = terminal.size() {
            app.update(Msg::Resize(size.width, size.height));
        }
        // Back where the last session left off (once the screen size is known).
        match &session {
            Some(Ok(Some(s))) => crate::tui::session::restore(&mut app, s),
            Some(Err(e)) => app.add_message(format!("session state {e}")),
            _ => {}
        }
        event_loop(&mut terminal, &mut app, &mut channels, &stop)
    });
    channels.watching.store(true, Ordering::Relaxed);
    restore();
    for write in channels.writes.drain(..) {
        if let Some(n) = write.finish() {
            eprintln!("docent: {}", crate::sanitize::clean_line(&n.to_string()));
        }
    }
    // What loading skipped or repaired, in one line that stays on the screen.
    let key = app.settings.keymap.key_label(
        super::keymap::Context::Global,
        super::keymap::Action::Notices,
    );
    if let Some(s) = super::overlays::notices::summary(&app.notices, key.as_deref()) {
        eprintln!("docent: {}", crate::sanitize::clean_line(&s));
    }
    // Said on the status line when it happened; said again where it stays visible.
    if let Some(e) = &app.edits.save_error {
        eprintln!("docent: {}", crate::sanitize::clean_line(e));
    }
    if let Some(s) = &store {
        let path = s.session_path();
        if let Err(e) = crate::store::write_json(&path, &crate::tui::session::capture(&app)) {
            eprintln!(
                "docent: cannot remember the position in {}: {e}",
                crate::sanitize::clean_line(&path.display().to_string())
            );
        }
    }
    result
}

/// Saves the app's corrections where they belong (atomically); problems go to the status line.
fn save_corrections(app: &mut App) {
    let Some(path) = app.edits.path.clone() else {
        let why = app
            .edits
            .unsaved_reason
            .clone()
            .unwrap_or_else(|| "no place to save them".into());
        app.add_message(format!("corrections apply to this session only ({why})"));
        return;
    };
    // Merged with what other readers saved meanwhile, under a lock: nobody's work is lost.
    match crate::corrections::save_merged(&path, &app.edits.saved, &app.edits.corrections) {
        Ok(merged) => {
            app.edits.save_error = None;
            app.edits.saved = merged.clone();
            if merged != app.edits.corrections {
                // Another reader's corrections arrived: show them too.
                app.edits.corrections = merged;
                app.reapply_corrections();
                app.edits.dirty = false;
            }
        }
        Err(e) => {
            let message = crate::sanitize::clean_line(&e.to_string()).into_owned();
            app.add_message(message.clone());
            app.edits.save_error = Some(message);
        }
    }
}

/// Exit status when the watchdog ends the process (128 + SIGHUP, as a shell reports it).
const HANGUP_EXIT: i32 = 129;

/// Starts the watchdog described in the module docs.
fn spawn_watchdog(stop: Arc<AtomicBool>, last_session: LastSession) {
    let spawned = std::thread::Builder::new()
        .name("docent-watchdog".into())
        .spawn(move || {
            let mut asked: Option<std::time::Instant> = None;
            loop {
                std::thread::sleep(Duration::from_millis(250));
                if terminal_hung_up() {
                    stop.store(true, Ordering::SeqCst);
                }
                if stop.load(Ordering::SeqCst) {
                    let since = *asked.get_or_insert_with(std::time::Instant::now);
                    if since.elapsed() >= Duration::from_secs(1) {
                        restore();
                        // The loop could not save the session on its way out: save its
                        // latest state here.
                        if let Some((path, session)) =
                            last_session.lock().ok().and_then(|mut s| s.take())
                        {
                            let _ = crate::store::write_json(&path, &session);
                        }
                        std::process::exit(HANGUP_EXIT);
                    }
                }
            }
        });
    // Without it docent still works; it only loses the hang-up safety net.
    drop(spawned);
}

/// True when the terminal on standard output has hung up (its other end closed).
#[cfg(unix)]
fn terminal_hung_up() -> bool {
    let mut fds = [libc::pollfd {
        fd: libc::STDOUT_FILENO,
        events: 0,
        revents: 0,
    }];
    // SAFETY: `fds` is a valid array of one pollfd for the duration of the call; a zero
    // timeout never blocks.
    let n = unsafe { libc::poll(fds.as_mut_ptr(), 1, 0) };
    n > 0 && fds[0].revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

#[cfg(not(unix))]
fn terminal_hung_up() -> bool {
    false
}

/// The OSC 52 sequence that puts `text` on the terminal's clipboard (tmux with
/// `set-clipboard on` takes it as a paste buffer and passes it on). The text travels as
/// base64, so nothing in it can act on the terminal.
pub fn osc52(text: &str) -> String {
    use base64::Engine as _;
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(text)
    )
}

fn copy_to_clipboard(out: &mut impl io::Write, text: &str) -> io::Result<()> {
    out.write_all(osc52(text).as_bytes())?;
    out.flush()
}

/// Ctrl-Z: gives the terminal back, stops the process like any job, and on `fg` takes the
/// terminal again and redraws everything.
fn suspend(terminal: &mut Terminal<CrosstermBackend<Stdout>>) -> anyhow::Result<()> {
    restore();
    #[cfg(unix)]
    {
        // SIGTSTP is ours (it only sets a flag), so stop with SIGSTOP: the shell sees a stopped
        // job as usual, and execution continues here on SIGCONT.
        let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
    }
    enter()?;
    terminal.clear().context("cannot redraw")?;
    Ok(())
}

/// How the event loop talks to the threads around it.
struct Channels {
    jobs: std::sync::mpsc::Sender<worker::Job>,
    results: std::sync::mpsc::Receiver<worker::JobResult>,
    /// Status-line messages from the source watcher.
    notices: std::sync::mpsc::Receiver<String>,
    /// Where a new source watcher sends them (after the corpus is read again).
    notice_tx: std::sync::mpsc::Sender<String>,
    /// Stops the source watcher.
    watching: Arc<AtomicBool>,
    /// The document store's freshness check, started after the first frame, and where it
    /// reports ([`super::refresh`]).
    refresh: Option<(
        super::refresh::Refresh,
        std::sync::mpsc::Sender<super::refresh::Update>,
    )>,
    refreshed: std::sync::mpsc::Receiver<super::refresh::Update>,
    /// The index cache and store writes of a corpus read again, joined at exit.
    writes: Vec<crate::open::CacheWrite>,
    /// The open document, for the source watcher.
    current: Arc<std::sync::atomic::AtomicUsize>,
    /// SIGTSTP from outside: suspend as Ctrl-Z does, with the terminal given back.
    suspend_asked: Arc<AtomicBool>,
    /// Where the session goes and its latest state, for the watchdog to save when it has to
    /// end the process.
    last_session: Option<(std::path::PathBuf, LastSession)>,
}

/// The session file and the latest session, kept current by the loop.
type LastSession =
    Arc<std::sync::Mutex<Option<(std::path::PathBuf, crate::tui::session::Session)>>>;

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    ch: &mut Channels,
    stop: &AtomicBool,
) -> anyhow::Result<()> {
    let (jobs, results) = (&ch.jobs, &ch.results);
    let mut dirty = true;
    // How many of the stored texts' late notices the app has been given.
    let mut late_seen = 0usize;
    loop {
        let mut quit = false;
        let mut suspended = false;
        for effect in app.take_effects() {
            match effect {
                // A dead worker only means no results: the UI keeps working.
                Effect::Match(job) => {
                    let _ = jobs.send(job);
                }
                Effect::SaveCorrections => save_corrections(app),
                Effect::Suspend => suspended = true,
                Effect::Copy(text) => {
                    // The clipboard is a convenience: a terminal that refuses it costs nothing.
                    let _ = copy_to_clipboard(terminal.backend_mut(), &text);
                }
                Effect::Quit => quit = true,
            }
        }
        if quit || stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if suspended {
            suspend(terminal)?;
            dirty = true;
            continue;
        }
        // The app learns the screen size as a message, so drawing never has to change it.
        if let Ok(size) = terminal.size() {
            if (app.area.width, app.area.height) != (size.width, size.height) {
                app.update(Msg::Resize(size.width, size.height));
                dirty = true;
            }
        }
        if dirty {
            terminal
                .draw(|frame| view::draw(frame, &app.view()))
                .context("cannot draw")?;
            dirty = false;
        }
        // The first frame is out: now the files are walked and compared with the store's.
        if let Some((refresh, tx)) = ch.refresh.take() {
            super::refresh::spawn(refresh, tx);
        }
        let timeout = if app.busy() {
            Duration::from_millis(8)
        } else {
            Duration::from_millis(200)
        };
        // Handle every event already waiting before drawing again (fast typing, pastes).
        let mut wait = timeout;
        let mut drained = 0usize;
        while event::poll(wait).context("cannot read the terminal")? {
            let ev = event::read().context("cannot read the terminal")?;
            // Not zero: crossterm's /dev/tty source returns at once for a zero timeout without
            // looking at what it has already read; a microsecond drains its buffer too.
            wait = Duration::from_micros(1);
            drained += 1;
            let msg = match ev {
                Event::Key(k) if k.kind != KeyEventKind::Release => Some(Msg::Key(k)),
                Event::Mouse(m) => Some(Msg::Mouse(m)),
                Event::Resize(w, h) => Some(Msg::Resize(w, h)),
                Event::Paste(text) => Some(Msg::Paste(text)),
                _ => None,
            };
            if let Some(msg) = msg {
                app.update(msg);
                dirty = true;
            }
            // A signal must be seen even when events never stop coming (a vanished terminal
            // can report readiness forever), and a flood must not starve drawing. The event
            // read is always handled first: breaking before it lost every 1,025th key.
            if app.quit || stop.load(Ordering::Relaxed) || drained >= 1024 {
                break;
            }
        }
        while let Ok(r) = results.try_recv() {
            app.update(Msg::Job(r));
            dirty = true;
        }
        while let Ok(text) = ch.notices.try_recv() {
            app.update(Msg::Notice(text));
            dirty = true;
        }
        while let Ok(update) = ch.refreshed.try_recv() {
            match update {
                super::refresh::Update::Notice(text) => app.update(Msg::Notice(text)),
                super::refresh::Update::Opened(mut opened) => {
                    // The store's rewrite is joined at exit, not here on the UI thread.
                    ch.writes.push(std::mem::take(&mut opened.cache_write));
                    // The watcher follows the files as read now.
                    ch.watching.store(true, Ordering::Relaxed);
                    ch.watching = Arc::new(AtomicBool::new(false));
                    super::watch::spawn(
                        Arc::clone(&opened.sources),
                        Arc::clone(&ch.current),
                        ch.notice_tx.clone(),
                        Arc::clone(&ch.watching),
                    );
                    app.refreshed(*opened);
                }
            }
            dirty = true;
        }
        let late = crate::model::text_notices_since(late_seen);
        if !late.is_empty() {
            late_seen += late.len();
            app.update(Msg::LateNotices(late));
            dirty = true;
        }
        ch.current.store(app.reader.doc, Ordering::Relaxed);
        if ch.suspend_asked.swap(false, Ordering::SeqCst) {
            suspend(terminal)?;
            dirty = true;
        }
        if let Some((path, last)) = &ch.last_session {
            let now = crate::tui::session::capture(app);
            if let Ok(mut slot) = last.lock() {
                if slot.as_ref().map(|(_, s)| s) != Some(&now) {
                    *slot = Some((path.clone(), now));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::osc52;

    #[test]
    fn osc52_carries_the_text_as_base64_with_nothing_raw() {
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
        let evil = osc52("a\x1b]52;c;x\x07\nb");
        // One introducer and one terminator: the text's own escapes are encoded.
        assert_eq!(evil.matches('\x1b').count(), 1);
        assert_eq!(evil.matches('\x07').count(), 1);
    }
}
