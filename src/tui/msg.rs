//! What reaches the app ([`Msg`]: a key, a mouse event, a resize, a matcher result, a notice)
//! and what the app asks of the event loop in return ([`Effect`]s: run a match job, save the
//! corrections, suspend, quit). The app does no I/O; effects are how it gets some done.

use super::worker::{Job, JobResult};
use ratatui::crossterm::event::{KeyEvent, MouseEvent};

/// Everything that can happen to the app.
#[derive(Clone, Debug)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Text pasted into the terminal (bracketed paste): one insert into the input being typed.
    Paste(String),
    Job(JobResult),
    /// Something to tell the reader on the status line (a source file changed on disk).
    Notice(String),
    /// Notices given after loading (a stored text that failed its check when first read):
    /// they join the `!` list.
    LateNotices(Vec<crate::model::Notice>),
}

/// Something only the event loop can do, asked for by [`super::app::App::update`].
#[derive(Clone, Debug)]
pub enum Effect {
    /// Hand a matching job to the worker.
    Match(Job),
    /// Write the corrections file (they changed).
    SaveCorrections,
    /// Suspend the process (Ctrl-Z); the loop redraws everything on return.
    Suspend,
    /// Put text on the terminal's clipboard (OSC 52).
    Copy(String),
    /// Leave.
    Quit,
}
