//! A list's selection and scroll offset.

use crate::tui::keymap::Action;

/// Selection and scroll offset of a list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListNav {
    pub selected: usize,
    pub offset: usize,
}

impl ListNav {
    /// Moves the selection by a list action (`Down`, `PageUp`, `Top`, …; `SelectNext` and
    /// `SelectPrev` are `Down` and `Up`) in a list of `len` rows showing `page` at once.
    /// Returns false for actions that are not movements.
    pub fn apply(&mut self, a: Action, len: usize, page: usize) -> bool {
        let a = match a {
            Action::SelectNext => Action::Down,
            Action::SelectPrev => Action::Up,
            other => other,
        };
        if !is_movement(a) {
            return false;
        }
        self.selected = moved(self.selected, len, page, a);
        self.scroll_into_view(len, page);
        true
    }

    /// Adjusts the offset so the selection is visible in `height` rows.
    pub fn scroll_into_view(&mut self, len: usize, height: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        if height == 0 {
            return;
        }
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }
}

/// True for the actions that move a selection.
pub fn is_movement(a: Action) -> bool {
    matches!(
        a,
        Action::Down
            | Action::Up
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom
    )
}

/// Where a selection `sel` goes on `a` in a list of `len` rows showing `page` at once.
pub fn moved(sel: usize, len: usize, page: usize, a: Action) -> usize {
    if len == 0 {
        return 0;
    }
    let last = len - 1;
    let page = page.max(1);
    match a {
        Action::Down => (sel + 1).min(last),
        Action::Up => sel.saturating_sub(1),
        Action::HalfPageDown => (sel + (page / 2).max(1)).min(last),
        Action::HalfPageUp => sel.saturating_sub((page / 2).max(1)),
        Action::PageDown => (sel + page).min(last),
        Action::PageUp => sel.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => last,
        _ => sel,
    }
    .min(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moved_clamps() {
        assert_eq!(moved(0, 0, 10, Action::Down), 0);
        assert_eq!(moved(3, 5, 10, Action::PageDown), 4);
        assert_eq!(moved(3, 5, 10, Action::PageUp), 0);
    }

    #[test]
    fn apply_moves_and_keeps_the_selection_in_view() {
        let mut n = ListNav::default();
        assert!(n.apply(Action::Bottom, 50, 10));
        assert_eq!((n.selected, n.offset), (49, 40));
        assert!(n.apply(Action::SelectPrev, 50, 10));
        assert_eq!(n.selected, 48);
        assert!(n.apply(Action::Top, 50, 10));
        assert_eq!((n.selected, n.offset), (0, 0));
        assert!(!n.apply(Action::Quit, 50, 10));
        assert!(n.apply(Action::Down, 0, 10));
        assert_eq!(n.selected, 0);
    }
}
