//! What opens over the panes: the jump palette, the list overlays (timeline, seen-with,
//! mentions, notices), the correction picker and the help. Each file holds the overlay's state and its
//! drawing from the read-only [`crate::tui::view::View`]. No overlay imports the app.

pub mod help;
pub mod list;
pub mod mentions;
pub mod notices;
pub mod palette;
pub mod picker;
pub mod seen_with;
pub mod timeline;

use crate::tui::keymap::Action;
use crate::tui::view::View;
use list::ListSource;

/// Opens a list: the list and the row to start on, or why it cannot open.
pub type OpenList = fn(&View<'_>) -> Result<(Box<dyn ListSource>, usize), String>;

/// Every list overlay, by the action that opens it: a new list is one row here.
pub const LISTS: &[(Action, OpenList)] = &[
    (Action::Timeline, timeline::open),
    (Action::Cooccurrence, seen_with::open),
    (Action::MentionList, mentions::open),
    (Action::Notices, notices::open),
];

/// The list `a` opens, if it opens one.
pub fn list_for(a: Action) -> Option<OpenList> {
    LISTS.iter().find(|(x, _)| *x == a).map(|&(_, f)| f)
}
