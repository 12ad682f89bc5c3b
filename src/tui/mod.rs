//! The terminal UI, in The Elm Architecture: [`app`] holds the state and its update function
//! (key in, state out, no I/O), [`view`] draws state as widgets, [`keymap`] maps keys to named
//! actions as data, [`reader`] wraps and styles document text, [`worker`] runs fuzzy matching on a
//! thread so typing never waits, and [`terminal`] sets the terminal up and always restores it.

pub mod app;
pub mod geometry;
pub mod keymap;
pub mod msg;
pub mod overlays;
pub mod panes;
pub mod paths;
pub mod places;
pub mod reflow;
pub mod refresh;
pub mod session;
pub mod settings;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod watch;
pub mod widgets;
pub mod worker;
pub mod wrap;

pub use geometry::{Pane, Widths};
pub use panes::entities::{Scope, Sort};
pub use settings::Settings;

use crate::model::Corpus;

/// How to run the TUI: what the configuration and the command line decided.
#[derive(Clone, Debug)]
pub struct Options {
    pub theme: theme::Theme,
    pub settings: app::Settings,
    /// Capture the mouse.
    pub mouse: bool,
    /// A message for the status line at startup (configuration problems).
    pub message: Option<String>,
    /// The files the documents came from, watched for changes while docent runs.
    pub sources: std::sync::Arc<Vec<crate::load::SourceFile>>,
    /// Where this corpus's session (position, marks) is remembered; `None` remembers nothing.
    pub state: Option<crate::store::Store>,
    /// The corrections in effect and where to save new ones.
    pub edits: app::Edits,
    /// How the palette finds text lines (through the word index for a large corpus, kept
    /// where this says).
    pub words: worker::Words,
    /// The mention index when opening gave it (from the document store); else it is built.
    pub index: Option<crate::index::Index>,
    /// The freshness check of a corpus opened from its document store, run behind the first
    /// frame ([`refresh`]).
    pub refresh: Option<refresh::Refresh>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            theme: theme::Theme::from_env(),
            settings: app::Settings::default(),
            mouse: true,
            message: None,
            sources: std::sync::Arc::default(),
            state: None,
            edits: app::Edits::default(),
            words: worker::Words::default(),
            index: None,
            refresh: None,
        }
    }
}

/// Runs the TUI on an analysed corpus until the user quits.
pub fn run(corpus: Corpus) -> anyhow::Result<()> {
    terminal::run(corpus, Options::default())
}

/// Runs the TUI with `options`.
pub fn run_with(corpus: Corpus, options: Options) -> anyhow::Result<()> {
    terminal::run(corpus, options)
}
