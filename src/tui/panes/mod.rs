//! The three panes and the status line: each file holds a pane's row types and its drawing,
//! from the read-only [`crate::tui::view::View`]. No pane imports the v.

pub mod entities;
pub mod reader;
pub mod sources;
pub mod status;
