//! The configuration file: TOML at `$XDG_CONFIG_HOME/docent/config.toml` (else
//! `~/.config/docent/config.toml`), or the file named by `--config FILE` or `DOCENT_CONFIG`.
//!
//! - this module: [`Config`] (every setting with its default), [`locate`] and [`load`] the
//!   file, and the conversion to what the reader takes ([`Config::settings`], [`Config::keymap`],
//!   [`Config::theme`]);
//! - `check`: the positioned TOML checker, driven by one table of the plain settings (table, key,
//!   how the value is checked);
//! - `default.toml`: the full default configuration, commented ([`DEFAULT_CONFIG`]).
//!
//! Everything has a default and an absent file is normal. [`DEFAULT_CONFIG`] (what
//! `docent config --default` prints, with the built-in key table appended by [`default_text`])
//! is the full default configuration, commented; a test checks that it parses to exactly
//! [`Config::default`]. The reader's settings have their defaults in one place,
//! [`Settings::default`]; [`Config::default`] starts from it.
//!
//! Parsing never fails as a whole. The text is parsed into a spanned TOML tree first, then every
//! setting is checked on its own: a TOML syntax error, an unknown key, a wrong type, an unknown
//! action, key or colour, a value out of range or two bindings on one key in one context each
//! give a [`ConfigError`] with the file, line and column and what was expected, and only that
//! setting keeps its default ([`Config::parse`] returns the configuration *and* the errors).
//! A syntax error leaves nothing to check, so the whole file falls back to the defaults.

mod check;

use crate::model::EntityKind;
use crate::tui::keymap::{Action, Context, KeyMap, KeySeq, DEFAULT_BINDINGS};
use crate::tui::theme::Theme;
use crate::tui::{Pane, Scope, Settings, Sort, Widths};
use ratatui::style::{Color, Modifier, Style};
use std::fmt;
use std::path::{Path, PathBuf};
/// Configuration files larger than this are not read.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// What kind of mistake a [`ConfigError`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file could not be read (missing when named explicitly, unreadable, not UTF-8, too big).
    Read,
    /// Not valid TOML.
    Syntax,
    /// A setting, section, context or colour element docent does not know.
    UnknownKey,
    /// A value of the wrong TOML type (a string where a number belongs, …).
    WrongType,
    /// A value of the right type that is not allowed (a theme that does not exist, a number out
    /// of range, a bad date format).
    BadValue,
    /// An action name docent does not know.
    UnknownAction,
    /// A key name that cannot be parsed (`ctrl-`, `hyper-x`, …).
    UnknownKeyName,
    /// A colour that is neither a name, `#rrggbb` nor an index 0–255.
    UnknownColour,
    /// Two bindings on one key (or a key and a sequence it starts) in one context.
    Conflict,
}

/// One problem in a configuration file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub file: String,
    /// 1-based line and column (in characters) where the problem is; `None` for read errors.
    pub position: Option<(usize, usize)>,
    pub kind: ErrorKind,
    /// What is wrong and what was expected.
    pub message: String,
}

impl ConfigError {
    pub fn line(&self) -> usize {
        self.position.map_or(0, |p| p.0)
    }

    pub fn column(&self) -> usize {
        self.position.map_or(0, |p| p.1)
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((l, c)) => write!(f, "{}:{l}:{c}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// A colour change for one element: a colour alone sets the foreground; a table can set the
/// background and modifiers too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StyleSpec {
    pub fg: Option<Color>,
    pub bg: Option<Color>,
    pub add: Modifier,
    pub remove: Modifier,
}

impl StyleSpec {
    pub fn apply(&self, mut style: Style) -> Style {
        if let Some(c) = self.fg {
            style = style.fg(c);
        }
        if let Some(c) = self.bg {
            style = style.bg(c);
        }
        style.add_modifier(self.add).remove_modifier(self.remove)
    }
}

/// One `[keys.CONTEXT]` entry: bind `keys` to `action`, or unbind them (`"none"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRule {
    pub context: Context,
    pub keys: KeySeq,
    pub action: Option<Action>,
}

/// Every setting, with its default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// A name from [`crate::tui::theme::THEME_NAMES`].
    pub theme: String,
    pub mouse: bool,
    pub widths: Widths,
    /// The sidebar shown first from 60 to 99 columns: Sources or Entities.
    pub sidebar: Pane,
    pub sidebar_open: bool,
    pub scope: Scope,
    pub sort: Sort,
    /// The kinds shown in the Entities pane and coloured in the reader.
    pub kinds: Vec<EntityKind>,
    pub dim_boilerplate: bool,
    /// Hard-wrapped paragraphs flow to the reader's width.
    pub reflow: bool,
    /// A chrono strftime format for document dates.
    pub date_format: String,
    pub max_file_size: u64,
    /// The on-disk index cache (`--no-cache` turns it off for one run).
    pub cache: bool,
    /// Where document dates come from, in order (`--date-from` overrides it).
    pub date_from: crate::load::DateFrom,
    /// Which JSON fields hold a record's text, title, date or URL, as `ROLE=FIELD` specs
    /// (`[files] fields`; `--field` adds its own before them).
    pub fields: Vec<String>,
    /// Colour changes per element, in file order.
    pub colors: Vec<(String, StyleSpec)>,
    /// Key map changes, in file order.
    pub keys: Vec<KeyRule>,
}

impl Default for Config {
    /// The reader's settings as [`Settings::default`] has them; the rest here.
    fn default() -> Self {
        let Settings {
            keymap: _,
            widths,
            sidebar,
            sidebar_open,
            scope,
            sort,
            kinds,
            dim_boilerplate,
            reflow,
            date_format,
        } = Settings::default();
        Config {
            theme: "default".into(),
            mouse: true,
            widths,
            sidebar,
            sidebar_open,
            scope,
            sort,
            kinds,
            dim_boilerplate,
            reflow,
            date_format,
            max_file_size: crate::load::LoadOptions::default().max_file_size,
            cache: true,
            date_from: crate::load::DateFrom::default(),
            fields: Vec::new(),
            colors: Vec::new(),
            keys: Vec::new(),
        }
    }
}

/// The default configuration file, commented. [`default_text`] appends the key table.
pub const DEFAULT_CONFIG: &str = include_str!("default.toml");

/// The complete default configuration: [`DEFAULT_CONFIG`], the action names, and every built-in
/// binding (commented out: they are already in effect).
pub fn default_text() -> String {
    let mut out = String::from(DEFAULT_CONFIG);
    out.push_str("# Actions:\n");
    for a in Action::ALL {
        out.push_str(&format!("#   {:<16} {}\n", a.name(), a.description()));
    }
    out.push_str("# The built-in bindings follow.\n");
    for ctx in Context::ALL {
        out.push_str(&format!("\n[keys.{}]\n", ctx.name()));
        for &(c, key, action) in DEFAULT_BINDINGS {
            if c == ctx {
                out.push_str(&format!("# {} = \"{}\"\n", toml_key(key), action.name()));
            }
        }
    }
    out
}

/// A key as a TOML key: bare when it can be, quoted otherwise.
fn toml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        k.to_string()
    } else {
        format!("\"{}\"", k.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Where the configuration comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    /// Named by `--config` or `DOCENT_CONFIG` (so a missing file is an error).
    pub explicit: bool,
}

/// The configuration file to read: `flag` (`--config`), else `DOCENT_CONFIG`, else the XDG
/// location. `None` when not even a home directory is known.
pub fn locate(flag: Option<&Path>) -> Option<Location> {
    locate_with(flag, |k| std::env::var_os(k))
}

/// [`locate`] with the environment given as a function (for tests).
pub fn locate_with(
    flag: Option<&Path>,
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Option<Location> {
    let nonempty = |k: &str| env(k).filter(|v| !v.is_empty());
    if let Some(p) = flag {
        return Some(Location {
            path: p.to_path_buf(),
            explicit: true,
        });
    }
    if let Some(p) = nonempty("DOCENT_CONFIG") {
        return Some(Location {
            path: PathBuf::from(p),
            explicit: true,
        });
    }
    let base = match nonempty("XDG_CONFIG_HOME") {
        Some(x) if Path::new(&x).is_absolute() => PathBuf::from(x),
        _ => PathBuf::from(nonempty("HOME")?).join(".config"),
    };
    Some(Location {
        path: base.join("docent").join("config.toml"),
        explicit: false,
    })
}

/// A configuration as loaded: the settings, the problems found, and the file read (if any).
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub config: Config,
    pub errors: Vec<ConfigError>,
    pub path: Option<PathBuf>,
}

impl Loaded {
    /// The status-line summary of the problems, if any.
    pub fn summary(&self) -> Option<String> {
        let first = self.errors.first()?;
        let n = self.errors.len();
        let what = if n == 1 {
            "1 problem".to_string()
        } else {
            format!("{n} problems")
        };
        let at = match first.position {
            Some((l, c)) => format!("{l}:{c}: "),
            None => String::new(),
        };
        Some(format!(
            "config: {what} in {}, defaults used for {} ({at}{}); see docent config --check",
            first.file,
            if n == 1 { "it" } else { "them" },
            first.message
        ))
    }
}

/// Reads and parses the configuration at `loc`. A missing file at the default location is
/// normal (defaults, no error); anything else that stops reading is one [`ErrorKind::Read`].
pub fn load(loc: Option<&Location>) -> Loaded {
    let Some(loc) = loc else {
        return Loaded::default();
    };
    let file = loc.path.display().to_string();
    let read_error = |message: String| Loaded {
        config: Config::default(),
        errors: vec![ConfigError {
            file: file.clone(),
            position: None,
            kind: ErrorKind::Read,
            message,
        }],
        path: Some(loc.path.clone()),
    };
    match std::fs::metadata(&loc.path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !loc.explicit => {
            return Loaded::default()
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return read_error("no such file".into())
        }
        Err(e) => return read_error(format!("cannot read: {e}")),
        Ok(m) if !m.is_file() => return read_error("not a regular file".into()),
        Ok(m) if m.len() > MAX_CONFIG_BYTES => {
            return read_error(format!(
                "too big for a configuration file ({} bytes; at most {MAX_CONFIG_BYTES})",
                m.len()
            ))
        }
        Ok(_) => {}
    }
    let bytes = match std::fs::read(&loc.path) {
        Ok(b) => b,
        Err(e) => return read_error(format!("cannot read: {e}")),
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return read_error("not UTF-8 text".into());
    };
    let (config, errors) = Config::parse(&text, &file);
    Loaded {
        config,
        errors,
        path: Some(loc.path.clone()),
    }
}

impl Config {
    /// Parses configuration `text` (from `file`, for messages): the configuration with the
    /// default for every setting that was wrong, and the problems in file order.
    pub fn parse(text: &str, file: &str) -> (Config, Vec<ConfigError>) {
        check::parse(text, file)
    }

    /// The app settings these options give, key map included.
    pub fn settings(&self) -> Settings {
        Settings {
            keymap: self.keymap(),
            widths: self.widths,
            sidebar: self.sidebar,
            sidebar_open: self.sidebar_open,
            scope: self.scope,
            sort: self.sort,
            kinds: self.kinds.clone(),
            dim_boilerplate: self.dim_boilerplate,
            reflow: self.reflow,
            date_format: self.date_format.clone(),
        }
    }

    /// The built-in key map with the `[keys]` changes applied in file order.
    pub fn keymap(&self) -> KeyMap {
        let mut km = KeyMap::default();
        for rule in &self.keys {
            match rule.action {
                Some(a) => km.bind_sequence(rule.context, rule.keys.clone(), a),
                None => km.unbind_sequence(rule.context, &rule.keys),
            }
        }
        km
    }

    /// The theme: `override_name` (`--theme`) or the configured one, with the `[colors]`
    /// changes; [`Theme::no_color`] when `no_color` (NO_COLOR) is set, whatever else says.
    pub fn theme(&self, override_name: Option<&str>, no_color: bool) -> Theme {
        if no_color {
            return Theme::no_color();
        }
        let name = override_name.unwrap_or(&self.theme);
        let mut t = Theme::named(name).unwrap_or_default();
        for (element, spec) in &self.colors {
            if let Some(style) = t.element_mut(element) {
                *style = spec.apply(*style);
            }
        }
        t
    }

    /// Whether the index cache is used, given the `--no-cache` flag.
    pub fn cache_enabled(&self, no_cache_flag: bool) -> bool {
        self.cache && !no_cache_flag
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_text_parses_to_the_defaults() {
        let (c, errors) = Config::parse(&default_text(), "default");
        assert_eq!(errors, vec![]);
        assert_eq!(c, Config::default());
        // Every action and every built-in binding is in the text.
        let text = default_text();
        for a in Action::ALL {
            assert!(text.contains(a.name()), "{}", a.name());
        }
        assert!(text.contains("# shift-tab = \"focus_prev\""));
        assert!(text.contains("# \"?\" = \"help\""));
        assert!(text.contains("[keys.palette]"));
    }

    #[test]
    fn locate_prefers_the_flag_then_the_variable_then_xdg() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| std::ffi::OsString::from(v))
            }
        };
        let all = env(&[
            ("DOCENT_CONFIG", "/e/c.toml"),
            ("XDG_CONFIG_HOME", "/x"),
            ("HOME", "/h"),
        ]);
        let flag = locate_with(Some(Path::new("/f.toml")), all).expect("some");
        assert_eq!((flag.path, flag.explicit), (PathBuf::from("/f.toml"), true));
        let var = locate_with(None, all).expect("some");
        assert_eq!(var.path, PathBuf::from("/e/c.toml"));
        let xdg =
            locate_with(None, env(&[("XDG_CONFIG_HOME", "/x"), ("HOME", "/h")])).expect("some");
        assert_eq!(
            (xdg.path, xdg.explicit),
            (PathBuf::from("/x/docent/config.toml"), false)
        );
        // A relative XDG_CONFIG_HOME is ignored, as the spec says.
        let home =
            locate_with(None, env(&[("XDG_CONFIG_HOME", "rel"), ("HOME", "/h")])).expect("some");
        assert_eq!(home.path, PathBuf::from("/h/.config/docent/config.toml"));
        assert!(locate_with(None, env(&[])).is_none());
    }

    #[test]
    fn cache_flag_and_setting_combine() {
        let mut c = Config::default();
        assert!(c.cache_enabled(false));
        assert!(!c.cache_enabled(true));
        c.cache = false;
        assert!(!c.cache_enabled(false));
    }
}
