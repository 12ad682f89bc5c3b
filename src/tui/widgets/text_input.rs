//! A one-line text input: the `/` filters, the reader's search, the palette and the pickers all
//! edit their text through this one type, so a fix to editing is a fix everywhere.

use crate::tui::keymap::Action;

/// A one-line text input (the cursor is always at the end).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextInput {
    pub text: String,
    /// Keys go to the input.
    pub editing: bool,
}

impl TextInput {
    /// An input being typed, holding `text`.
    pub fn editing(text: &str) -> TextInput {
        TextInput {
            text: text.to_string(),
            editing: true,
        }
    }

    /// Shown: being typed or applied.
    pub fn visible(&self) -> bool {
        self.editing || !self.text.is_empty()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The text without surrounding whitespace (what a query is made of).
    pub fn query(&self) -> &str {
        self.text.trim()
    }

    /// Applies an editing action or a typed char. Returns true when the text changed; false
    /// for anything else (which the caller handles: Enter, Esc, movement).
    pub fn edit(&mut self, action: Option<Action>, typed: Option<char>) -> bool {
        let before = self.text.len();
        match (action, typed) {
            (Some(Action::DeleteChar), _) => {
                self.text.pop();
            }
            (Some(Action::DeleteWord), _) => self.delete_word(),
            (Some(Action::ClearInput), _) => self.text.clear(),
            (None, Some(c)) if !c.is_control() => self.text.push(c),
            _ => return false,
        }
        self.text.len() != before || typed.is_some()
    }

    /// Inserts pasted text, its control chars (newlines, escapes) turned into spaces.
    pub fn paste(&mut self, s: &str) {
        self.text
            .extend(s.chars().map(|c| if c.is_control() { ' ' } else { c }));
    }

    /// Ctrl-W: deletes the last word and the whitespace after it. Word boundaries are any
    /// Unicode whitespace (a no-break space too), and cuts always fall on char boundaries.
    pub fn delete_word(&mut self) {
        let trimmed = self.text.trim_end_matches(char::is_whitespace).len();
        self.text.truncate(trimmed);
        let cut = self
            .text
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(0);
        self.text.truncate(cut);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delete_word_cuts_at_char_boundaries_after_any_whitespace() {
        // Regression: a no-break space (two bytes) before the last word made the cut land
        // inside it, and `truncate` panicked.
        let mut t = TextInput::editing("a\u{a0}b");
        t.delete_word();
        assert_eq!(t.text, "a\u{a0}");
        t.delete_word();
        assert_eq!(t.text, "");
        let mut t = TextInput::editing("tomás  varnholt\u{3000} ");
        t.delete_word();
        assert_eq!(t.text, "tomás  ");
        t.delete_word();
        assert_eq!(t.text, "");
    }

    #[test]
    fn edit_reports_changes_and_leaves_other_actions_alone() {
        let mut t = TextInput::editing("");
        assert!(t.edit(None, Some('x')));
        assert!(t.edit(None, Some('y')));
        assert!(t.edit(Some(Action::DeleteChar), None));
        assert_eq!(t.text, "x");
        assert!(!t.edit(Some(Action::Accept), None));
        assert!(!t.edit(None, Some('\u{1b}')));
        assert!(t.edit(Some(Action::ClearInput), None));
        assert!(t.is_empty());
        t.paste("a\nb\u{1b}[2J");
        assert_eq!(t.text, "a b [2J");
    }
}
