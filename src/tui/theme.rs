//! Styles for every element the UI draws. The default uses the terminal's 16 colours so it works
//! on dark and light backgrounds; [`Theme::no_color`] (chosen when `NO_COLOR` is set) uses only
//! modifiers: mentions underlined, people bold, the active mention and search hits reversed.

use crate::model::EntityKind;
use ratatui::style::{Color, Modifier, Style};

/// The styles the view uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    pub person: Style,
    pub place: Style,
    pub organization: Style,
    pub date: Style,
    /// Other mentions of the active entity in the open document.
    pub active_entity: Style,
    /// The active mention itself.
    pub active_mention: Style,
    /// A reader search hit.
    pub search_hit: Style,
    /// The text a palette jump landed on.
    pub flash: Style,
    /// Matched characters in filtered lists and the palette.
    pub matched: Style,
    /// The selected row of the focused list.
    pub selected: Style,
    /// The selected row of a list that is not focused.
    pub selected_unfocused: Style,
    pub dim: Style,
    pub header: Style,
    pub border: Style,
    pub border_focused: Style,
    pub title: Style,
    pub status: Style,
    pub status_key: Style,
    pub message: Style,
    pub prompt: Style,
}

impl Theme {
    /// The default theme, or [`Theme::no_color`] when `NO_COLOR` is set to anything non-empty.
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::no_color(),
            _ => Theme::default(),
        }
    }

    /// Styles made of modifiers only.
    pub fn no_color() -> Theme {
        let plain = Style::new();
        Theme {
            person: plain.add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            place: plain.add_modifier(Modifier::UNDERLINED),
            organization: plain.add_modifier(Modifier::UNDERLINED | Modifier::ITALIC),
            date: plain.add_modifier(Modifier::UNDERLINED | Modifier::DIM),
            active_entity: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            active_mention: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            search_hit: plain.add_modifier(Modifier::REVERSED),
            flash: plain.add_modifier(Modifier::REVERSED),
            matched: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selected: plain.add_modifier(Modifier::REVERSED),
            selected_unfocused: plain.add_modifier(Modifier::BOLD),
            dim: plain.add_modifier(Modifier::DIM),
            header: plain.add_modifier(Modifier::BOLD),
            border: plain.add_modifier(Modifier::DIM),
            border_focused: plain.add_modifier(Modifier::BOLD),
            title: plain.add_modifier(Modifier::BOLD),
            status: plain.add_modifier(Modifier::REVERSED),
            status_key: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            message: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            prompt: plain.add_modifier(Modifier::BOLD),
        }
    }

    /// The style of a mention of `kind`.
    pub fn kind(&self, kind: EntityKind) -> Style {
        match kind {
            EntityKind::Person => self.person,
            EntityKind::Place => self.place,
            EntityKind::Organization => self.organization,
            EntityKind::Date => self.date,
        }
    }
}

impl Default for Theme {
    fn default() -> Theme {
        let plain = Style::new();
        Theme {
            person: plain.fg(Color::Cyan),
            place: plain.fg(Color::Green),
            organization: plain.fg(Color::Magenta),
            date: plain.fg(Color::Yellow),
            active_entity: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            active_mention: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            search_hit: plain.fg(Color::Black).bg(Color::Yellow),
            flash: plain.add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            matched: plain.fg(Color::Red).add_modifier(Modifier::BOLD),
            selected: plain.bg(Color::Blue).fg(Color::White),
            selected_unfocused: plain.add_modifier(Modifier::REVERSED),
            dim: plain.fg(Color::DarkGray),
            header: plain.add_modifier(Modifier::BOLD),
            border: plain.fg(Color::DarkGray),
            border_focused: plain.fg(Color::Blue).add_modifier(Modifier::BOLD),
            title: plain.add_modifier(Modifier::BOLD),
            status: plain.bg(Color::DarkGray).fg(Color::White),
            status_key: plain
                .bg(Color::DarkGray)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            message: plain
                .bg(Color::DarkGray)
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            prompt: plain.fg(Color::Blue).add_modifier(Modifier::BOLD),
        }
    }
}
