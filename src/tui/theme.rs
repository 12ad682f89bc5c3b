//! Styles for every element the UI draws. The default uses the terminal's 16 colours so it works
//! on dark and light backgrounds; `dark`, `light` and `high-contrast` are the other built-in
//! themes ([`Theme::named`]), and [`Theme::element_mut`] lets the configuration recolour any
//! element by name, with colours parsed by [`parse_color`]. [`Theme::no_color`] (chosen whenever
//! `NO_COLOR` is set, whatever the configuration says) uses only modifiers: mentions underlined,
//! people bold, the active mention and search hits reversed.

use crate::model::EntityKind;
use ratatui::style::{Color, Modifier, Style};

/// The styles the view uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Mentions of each kind, in the order of [`crate::model::KINDS`] (see [`Theme::kind`]).
    pub kinds: [Style; 4],
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

/// The names of the built-in themes, as `--theme` and `theme = "…"` take them.
pub const THEME_NAMES: &[&str] = &["default", "dark", "light", "high-contrast"];

/// The elements the configuration's `[colors]` section can recolour, with what each styles.
pub const ELEMENTS: &[(&str, &str)] = &[
    ("person", "mentions of people"),
    ("place", "mentions of places"),
    ("organization", "mentions of organizations"),
    ("date", "mentions of dates"),
    ("active_entity", "the other mentions of the active entity"),
    ("active_mention", "the active mention"),
    ("search_hit", "a reader search hit"),
    ("flash", "the text a palette jump landed on"),
    ("matched", "characters a filter or the palette matched"),
    ("selected", "the selected row of the focused list"),
    ("selected_unfocused", "the selected row of another list"),
    ("dim", "secondary text: counts, dates, hints, boilerplate"),
    ("header", "group headings"),
    ("border", "pane borders"),
    ("border_focused", "the focused pane's border"),
    ("title", "titles"),
    ("status", "the status line"),
    (
        "status_key",
        "the status line's document number and key hints",
    ),
    ("message", "messages on the status line"),
    ("prompt", "filter and search prompts"),
];

/// True when `NO_COLOR` is set to anything non-empty.
pub fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Parses a colour: a name (`red`, `light_blue`, `dark-gray`, `reset`…; case, `-`, `_` and spaces
/// ignored), `#rrggbb`, or an ANSI index `0`–`255`.
pub fn parse_color(s: &str) -> Option<Color> {
    let t = s.trim();
    if let Some(hex) = t.strip_prefix('#') {
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let v = u32::from_str_radix(hex, 16).ok()?;
        let [_, r, g, b] = v.to_be_bytes();
        return Some(Color::Rgb(r, g, b));
    }
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
        return t.parse::<u8>().ok().map(Color::Indexed);
    }
    let key: String = t
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .collect::<String>()
        .to_ascii_lowercase();
    Some(match key.as_str() {
        "reset" | "default" | "none" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "darkgray" | "darkgrey" | "brightblack" => Color::DarkGray,
        "lightred" | "brightred" => Color::LightRed,
        "lightgreen" | "brightgreen" => Color::LightGreen,
        "lightyellow" | "brightyellow" => Color::LightYellow,
        "lightblue" | "brightblue" => Color::LightBlue,
        "lightmagenta" | "brightmagenta" => Color::LightMagenta,
        "lightcyan" | "brightcyan" => Color::LightCyan,
        "white" | "brightwhite" => Color::White,
        _ => return None,
    })
}

impl Theme {
    /// The default theme, or [`Theme::no_color`] when `NO_COLOR` is set to anything non-empty.
    pub fn from_env() -> Theme {
        if no_color_env() {
            Theme::no_color()
        } else {
            Theme::default()
        }
    }

    /// The built-in theme called `name` (see [`THEME_NAMES`]).
    pub fn named(name: &str) -> Option<Theme> {
        match name {
            "default" => Some(Theme::default()),
            "dark" => Some(Theme::dark()),
            "light" => Some(Theme::light()),
            "high-contrast" => Some(Theme::high_contrast()),
            _ => None,
        }
    }

    /// The style of element `name` (see [`ELEMENTS`]), to change it.
    pub fn element_mut(&mut self, name: &str) -> Option<&mut Style> {
        if let Some(k) = EntityKind::from_name(name) {
            return Some(&mut self.kinds[k.index()]);
        }
        Some(match name {
            "active_entity" => &mut self.active_entity,
            "active_mention" => &mut self.active_mention,
            "search_hit" => &mut self.search_hit,
            "flash" => &mut self.flash,
            "matched" => &mut self.matched,
            "selected" => &mut self.selected,
            "selected_unfocused" => &mut self.selected_unfocused,
            "dim" => &mut self.dim,
            "header" => &mut self.header,
            "border" => &mut self.border,
            "border_focused" => &mut self.border_focused,
            "title" => &mut self.title,
            "status" => &mut self.status,
            "status_key" => &mut self.status_key,
            "message" => &mut self.message,
            "prompt" => &mut self.prompt,
            _ => return None,
        })
    }

    /// Bright colours for dark backgrounds (256-colour palette).
    pub fn dark() -> Theme {
        let plain = Style::new();
        let bar = plain.bg(Color::Indexed(236)).fg(Color::Indexed(252));
        Theme {
            // People, places, organizations, dates.
            kinds: [
                plain.fg(Color::LightCyan),
                plain.fg(Color::LightGreen),
                plain.fg(Color::LightMagenta),
                plain.fg(Color::LightYellow),
            ],
            search_hit: plain.fg(Color::Black).bg(Color::Indexed(221)),
            matched: plain.fg(Color::Indexed(209)).add_modifier(Modifier::BOLD),
            selected: plain.bg(Color::Indexed(24)).fg(Color::Indexed(255)),
            selected_unfocused: plain.bg(Color::Indexed(238)),
            dim: plain.fg(Color::Indexed(245)),
            border: plain.fg(Color::Indexed(240)),
            border_focused: plain.fg(Color::Indexed(75)).add_modifier(Modifier::BOLD),
            status: bar,
            status_key: bar.add_modifier(Modifier::BOLD),
            message: bar.fg(Color::Indexed(221)).add_modifier(Modifier::BOLD),
            prompt: plain.fg(Color::Indexed(75)).add_modifier(Modifier::BOLD),
            ..Theme::default()
        }
    }

    /// Deep colours for light backgrounds (256-colour palette).
    pub fn light() -> Theme {
        let plain = Style::new();
        let bar = plain.bg(Color::Indexed(252)).fg(Color::Indexed(235));
        Theme {
            // People, places, organizations, dates.
            kinds: [
                plain.fg(Color::Indexed(25)),
                plain.fg(Color::Indexed(28)),
                plain.fg(Color::Indexed(127)),
                plain.fg(Color::Indexed(130)),
            ],
            search_hit: plain.fg(Color::Black).bg(Color::Indexed(229)),
            matched: plain.fg(Color::Indexed(160)).add_modifier(Modifier::BOLD),
            selected: plain.bg(Color::Indexed(153)).fg(Color::Black),
            selected_unfocused: plain.bg(Color::Indexed(254)),
            dim: plain.fg(Color::Indexed(243)),
            border: plain.fg(Color::Indexed(249)),
            border_focused: plain.fg(Color::Indexed(25)).add_modifier(Modifier::BOLD),
            status: bar,
            status_key: bar.add_modifier(Modifier::BOLD),
            message: bar.fg(Color::Indexed(124)).add_modifier(Modifier::BOLD),
            prompt: plain.fg(Color::Indexed(25)).add_modifier(Modifier::BOLD),
            ..Theme::default()
        }
    }

    /// Maximum contrast: bright bold colours, reversed bars, no dimmed text.
    pub fn high_contrast() -> Theme {
        let plain = Style::new();
        let bold = plain.add_modifier(Modifier::BOLD);
        let bar = plain.add_modifier(Modifier::REVERSED | Modifier::BOLD);
        Theme {
            // People, places, organizations, dates.
            kinds: [
                bold.fg(Color::LightCyan),
                bold.fg(Color::LightGreen),
                bold.fg(Color::LightMagenta),
                bold.fg(Color::LightYellow),
            ],
            active_entity: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            active_mention: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            search_hit: bold.fg(Color::Black).bg(Color::Yellow),
            flash: plain.add_modifier(Modifier::REVERSED),
            matched: bold.fg(Color::LightRed).add_modifier(Modifier::UNDERLINED),
            selected: bar,
            selected_unfocused: plain.add_modifier(Modifier::REVERSED),
            dim: plain,
            header: bold.add_modifier(Modifier::UNDERLINED),
            border: plain,
            border_focused: bold.fg(Color::Yellow),
            title: bold,
            status: plain.add_modifier(Modifier::REVERSED),
            status_key: bar,
            message: bar,
            prompt: bold.fg(Color::Yellow),
        }
    }

    /// Styles made of modifiers only.
    pub fn no_color() -> Theme {
        let plain = Style::new();
        Theme {
            // People, places, organizations, dates.
            kinds: [
                plain.add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
                plain.add_modifier(Modifier::UNDERLINED),
                plain.add_modifier(Modifier::UNDERLINED | Modifier::ITALIC),
                plain.add_modifier(Modifier::UNDERLINED | Modifier::DIM),
            ],
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
        self.kinds[kind.index()]
    }
}

impl Default for Theme {
    fn default() -> Theme {
        let plain = Style::new();
        Theme {
            // People, places, organizations, dates.
            kinds: [
                plain.fg(Color::Cyan),
                plain.fg(Color::Green),
                plain.fg(Color::Magenta),
                plain.fg(Color::Yellow),
            ],
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_by_name_hex_and_index() {
        assert_eq!(parse_color("red"), Some(Color::Red));
        assert_eq!(parse_color("Light-Blue"), Some(Color::LightBlue));
        assert_eq!(parse_color("dark_gray"), Some(Color::DarkGray));
        assert_eq!(parse_color("#ff8000"), Some(Color::Rgb(255, 128, 0)));
        assert_eq!(parse_color("208"), Some(Color::Indexed(208)));
        assert_eq!(parse_color("256"), None);
        assert_eq!(parse_color("#ff80"), None);
        assert_eq!(parse_color("#gg0000"), None);
        assert_eq!(parse_color("bleu"), None);
    }

    #[test]
    fn every_theme_and_element_exists_and_themes_differ() {
        let themes: Vec<Theme> = THEME_NAMES.iter().filter_map(|n| Theme::named(n)).collect();
        assert_eq!(themes.len(), THEME_NAMES.len());
        for (i, a) in themes.iter().enumerate() {
            for b in &themes[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert!(Theme::named("solarized").is_none());
        let mut t = Theme::default();
        for (name, _) in ELEMENTS {
            assert!(t.element_mut(name).is_some(), "{name}");
        }
        assert!(t.element_mut("nothing").is_none());
    }
}
