//! The terminal UI, in The Elm Architecture: [`app`] holds the state and its update function
//! (key in, state out, no I/O), [`view`] draws state as widgets, [`keymap`] maps keys to named
//! actions as data, [`reader`] wraps and styles document text, [`worker`] runs fuzzy matching on a
//! thread so typing never waits, and [`terminal`] sets the terminal up and always restores it.

pub mod app;
pub mod keymap;
pub mod layout;
pub mod reader;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod worker;

use crate::model::Corpus;

/// Runs the TUI on an analysed corpus until the user quits.
pub fn run(corpus: Corpus) -> anyhow::Result<()> {
    terminal::run(corpus)
}
