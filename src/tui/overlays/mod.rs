//! What opens over the panes: the jump palette, the list overlays (timeline, seen-with,
//! mentions), the correction picker and the help. Each file holds the overlay's state and its
//! drawing from the read-only [`crate::tui::view::View`]. No overlay imports the v.

pub mod help;
pub mod list;
pub mod palette;
pub mod picker;
