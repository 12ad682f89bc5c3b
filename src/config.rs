//! The configuration file: TOML at `$XDG_CONFIG_HOME/docent/config.toml` (else
//! `~/.config/docent/config.toml`), or the file named by `--config FILE` or `DOCENT_CONFIG`.
//!
//! Everything has a default and an absent file is normal. [`DEFAULT_CONFIG`] (what
//! `docent config --default` prints, with the built-in key table appended by [`default_text`])
//! is the full default configuration, commented; a test checks that it parses to exactly
//! [`Config::default`].
//!
//! Parsing never fails as a whole. The text is parsed into a spanned TOML tree first, then every
//! setting is checked on its own: a TOML syntax error, an unknown key, a wrong type, an unknown
//! action, key or colour, a value out of range or two bindings on one key in one context each
//! give a [`ConfigError`] with the file, line and column and what was expected, and only that
//! setting keeps its default ([`Config::parse`] returns the configuration *and* the errors).
//! A syntax error leaves nothing to check, so the whole file falls back to the defaults.
//!
//! The settings feed the app ([`Config::settings`]), the key map ([`Config::keymap`]), the theme
//! ([`Config::theme`]) and loading (`[files]`).

use crate::model::EntityKind;
use crate::tui::app::{Scope, Settings, Sort};
use crate::tui::geometry::{Pane, Widths};
use crate::tui::keymap::{self, Action, Context, KeyMap, KeySeq, DEFAULT_BINDINGS};
use crate::tui::theme::{self, Theme, ELEMENTS, THEME_NAMES};
use ratatui::style::{Color, Modifier, Style};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

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
    /// A name from [`THEME_NAMES`].
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
    /// A chrono strftime format for document dates.
    pub date_format: String,
    pub max_file_size: u64,
    /// The on-disk index cache (`--no-cache` turns it off for one run).
    pub cache: bool,
    /// Colour changes per element, in file order.
    pub colors: Vec<(String, StyleSpec)>,
    /// Key map changes, in file order.
    pub keys: Vec<KeyRule>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            theme: "default".into(),
            mouse: true,
            widths: Widths::default(),
            sidebar: Pane::Entities,
            sidebar_open: false,
            scope: Scope::Document,
            sort: Sort::Count,
            kinds: EntityKind::ALL.to_vec(),
            dim_boilerplate: true,
            date_format: "%Y-%m-%d".into(),
            max_file_size: crate::load::LoadOptions::default().max_file_size,
            cache: true,
            colors: Vec::new(),
            keys: Vec::new(),
        }
    }
}

/// The default configuration file, commented. [`default_text`] appends the key table.
pub const DEFAULT_CONFIG: &str = r##"# docent configuration.
#
# docent reads $XDG_CONFIG_HOME/docent/config.toml (~/.config/docent/config.toml when
# XDG_CONFIG_HOME is unset), or the file named by --config FILE or DOCENT_CONFIG. Every setting
# is optional: keep only what you change. `docent config --check` validates a file; a mistake
# is reported with its line and column, and docent starts anyway with the default for that
# setting.

# Colours: "default" (the terminal's 16 colours; works on dark and light backgrounds), "dark",
# "light" or "high-contrast". `--theme NAME` overrides it; NO_COLOR always wins.
theme = "default"

# Mouse: click to focus and select, wheel to scroll. false leaves the mouse to the terminal
# (select and copy text as usual).
mouse = true

[layout]
# Side pane widths in percent of the terminal width, when all three panes show (100 columns
# or more). The panes stay within sensible bounds and the reader always keeps room.
sources_width = 22
entities_width = 28
# The sidebar's width in percent from 60 to 99 columns.
sidebar_width = 38
# The sidebar shown first from 60 to 99 columns: "entities" (right) or "sources" (left).
sidebar = "entities"
# Keep the sidebar open while reading from 60 to 99 columns (the toggle_sidebar key flips it).
sidebar_open = false
# The reader wraps text at most this many columns wide; 0 wraps at the pane's full width.
wrap = 100

[entities]
# What the Entities pane lists first: "document" (the open document) or "corpus".
scope = "document"
# "count" (most mentioned first) or "name". Dates are always in date order.
sort = "count"
# The kinds shown in the Entities pane and coloured in the reader.
kinds = ["person", "place", "organization", "date"]

[reader]
# Dim boilerplate lines: navigation, "Advertisement", sharing, copyright and credit lines.
dim_boilerplate = true
# How document dates are shown, in strftime syntax: "%Y-%m-%d", "%d %b %Y", "%a %-d %B %Y"…
date_format = "%Y-%m-%d"

[files]
# Files larger than this many bytes are skipped unread (--max-file-size overrides it).
max_file_size = 67108864
# Keep an on-disk index cache so a large corpus opens fast (--no-cache overrides it).
cache = true

[colors]
# Colours over the theme, per element. A colour alone sets the text colour: a name (black, red,
# green, yellow, blue, magenta, cyan, gray, dark_gray, light_red, light_green, light_yellow,
# light_blue, light_magenta, light_cyan, white, reset), "#rrggbb", or an ANSI index 0-255.
# A table sets more: { fg = "white", bg = "#005f87", bold = true } (also italic, underline,
# reverse, dim; false removes what the theme set).
# Elements: person, place, organization, date (mentions of each kind), active_entity,
# active_mention, search_hit, flash, matched (characters a filter matched), selected,
# selected_unfocused, dim, header, border, border_focused, title, status (the status line),
# status_key, message, prompt.
# person = "light_cyan"
# matched = { fg = "#ff5f00", bold = true }
# selected = { fg = "white", bg = 24 }

# Keys, per context: global (everywhere, unless a pane binds the key itself), sources, reader,
# entities, palette (Ctrl-P and the correction pickers), prompt (a / filter or search), help (the
# ? overlay), list (the timeline, mention and seen-with lists).
#   "key" = "action"   binds the key, replacing its built-in binding in that context
#   "key" = "none"     unbinds it
#   "g g" = "top"      a sequence: g, then g (it replaces a built-in g in that context)
# Keys: a character (j, G, ?, "["), ctrl-x, alt-x, shift-tab, enter, esc, tab, backspace,
# delete, up, down, left, right, home, end, pgup, pgdn, space, f1-f12. Ctrl-C always quits.
"##;

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
        let mut ck = Checker {
            src: text,
            file: file.to_string(),
            errors: Vec::new(),
        };
        let mut config = Config::default();
        match DeTable::parse(text) {
            Ok(root) => ck.root(&mut config, root.get_ref()),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let msg = e.message().trim().to_string();
                ck.error(
                    span,
                    ErrorKind::Syntax,
                    format!("TOML syntax error: {msg}; nothing in this file was applied"),
                );
            }
        }
        let mut errors = ck.errors;
        errors.sort_by_key(|e| e.position);
        (config, errors)
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

// ----- DOCENT_OPTS ------------------------------------------------------------------------------

/// Splits `s` into words the way a POSIX shell would (without expansions): whitespace separates,
/// `'…'` is literal, `"…"` keeps spaces and honours `\"` `\\` `\$` `` \` ``, and a backslash outside
/// quotes escapes the next character. An unterminated quote runs to the end.
pub fn split_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    cur.push(q);
                }
            }
            '"' => {
                in_word = true;
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some(e @ ('"' | '\\' | '$' | '`')) => cur.push(e),
                            Some('\n') => {}
                            Some(e) => {
                                cur.push('\\');
                                cur.push(e);
                            }
                            None => cur.push('\\'),
                        },
                        q => cur.push(q),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') => {}
                    Some(e) => cur.push(e),
                    None => cur.push('\\'),
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

/// The command line with the words of `opts` (`DOCENT_OPTS`) inserted after the program name,
/// or after the subcommand when the command line starts with one of `subcommands`, so flags
/// given on the command line come later and win. `help` gets none.
pub fn with_default_opts(
    args: impl IntoIterator<Item = std::ffi::OsString>,
    opts: &str,
    subcommands: &[&str],
) -> Vec<std::ffi::OsString> {
    let mut args = args.into_iter();
    let mut out: Vec<std::ffi::OsString> = args.next().into_iter().collect();
    let rest: Vec<std::ffi::OsString> = args.collect();
    let first = rest.first().and_then(|a| a.to_str());
    if first == Some("help") {
        out.extend(rest);
        return out;
    }
    let at = usize::from(first.is_some_and(|f| subcommands.contains(&f)));
    out.extend(rest[..at].iter().cloned());
    out.extend(split_words(opts).into_iter().map(Into::into));
    out.extend(rest[at..].iter().cloned());
    out
}

// ----- checking --------------------------------------------------------------------------------

type Val<'i> = Spanned<DeValue<'i>>;
type Key<'i> = Spanned<std::borrow::Cow<'i, str>>;

/// The entries of a table in file order.
fn entries<'a, 'i>(t: &'a DeTable<'i>) -> Vec<(&'a Key<'i>, &'a Val<'i>)> {
    let mut v: Vec<_> = t.iter().collect();
    v.sort_by_key(|(k, _)| k.span().start);
    v
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// Levenshtein distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// " (did you mean `x`?)" when a candidate is close to `got`.
fn suggest<'a>(got: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let best = candidates
        .into_iter()
        .map(|c| (distance(got, c), c))
        .min_by_key(|&(d, _)| d);
    match best {
        Some((d, c)) if d <= 2.max(got.chars().count() / 3) => format!(" (did you mean `{c}`?)"),
        _ => String::new(),
    }
}

struct Checker<'s> {
    src: &'s str,
    file: String,
    errors: Vec<ConfigError>,
}

const ROOT_KEYS: &[&str] = &[
    "theme", "mouse", "layout", "entities", "reader", "files", "colors", "keys",
];
const LAYOUT_KEYS: &[&str] = &[
    "sources_width",
    "entities_width",
    "sidebar_width",
    "sidebar",
    "sidebar_open",
    "wrap",
];
const ENTITIES_KEYS: &[&str] = &["scope", "sort", "kinds"];
const READER_KEYS: &[&str] = &["dim_boilerplate", "date_format"];
const FILES_KEYS: &[&str] = &["max_file_size", "cache"];
const STYLE_KEYS: &[&str] = &["fg", "bg", "bold", "italic", "underline", "reverse", "dim"];
const KIND_NAMES: &[&str] = &["person", "place", "organization", "date"];

impl Checker<'_> {
    /// 1-based line and column (in characters) of byte `at`.
    fn position(&self, at: usize) -> (usize, usize) {
        let mut at = at.min(self.src.len());
        while !self.src.is_char_boundary(at) {
            at -= 1;
        }
        let before = &self.src[..at];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    fn error(&mut self, span: Range<usize>, kind: ErrorKind, message: String) {
        let position = Some(self.position(span.start));
        self.errors.push(ConfigError {
            file: self.file.clone(),
            position,
            kind,
            message,
        });
    }

    fn unknown_key(&mut self, key: &Key<'_>, section: &str, expected: &[&str]) {
        let name = key.get_ref();
        let hint = suggest(name, expected.iter().copied());
        let place = if section.is_empty() {
            "at the top level".to_string()
        } else {
            format!("in [{section}]")
        };
        self.error(
            key.span(),
            ErrorKind::UnknownKey,
            format!(
                "unknown key `{name}` {place}{hint}; expected one of: {}",
                expected.join(", ")
            ),
        );
    }

    fn wrong_type(&mut self, v: &Val<'_>, what: &str, expected: &str) {
        self.error(
            v.span(),
            ErrorKind::WrongType,
            format!(
                "`{what}` must be {expected}, not {}",
                type_name(v.get_ref())
            ),
        );
    }

    fn bool(&mut self, v: &Val<'_>, what: &str) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(v, what, "true or false");
                None
            }
        }
    }

    fn string<'v>(&mut self, v: &'v Val<'_>, what: &str, expected: &str) -> Option<&'v str> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            _ => {
                self.wrong_type(v, what, expected);
                None
            }
        }
    }

    fn int(&mut self, v: &Val<'_>, what: &str, range: Range<i64>, unit: &str) -> Option<i64> {
        let (lo, hi) = (range.start, range.end - 1);
        let expected = format!("a whole number from {lo} to {hi}{unit}");
        let n = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            _ => {
                self.wrong_type(v, what, &expected);
                return None;
            }
        };
        match n {
            Some(n) if range.contains(&n) => Some(n),
            _ => {
                self.error(
                    v.span(),
                    ErrorKind::BadValue,
                    format!("`{what}` is out of range: expected {expected}"),
                );
                None
            }
        }
    }

    fn choice(&mut self, v: &Val<'_>, what: &str, options: &[&str]) -> Option<usize> {
        let expected = format!(
            "one of {}",
            options
                .iter()
                .map(|o| format!("\"{o}\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let s = self.string(v, what, &format!("a string, {expected}"))?;
        match options.iter().position(|o| *o == s) {
            Some(i) => Some(i),
            None => {
                let hint = suggest(s, options.iter().copied());
                self.error(
                    v.span(),
                    ErrorKind::BadValue,
                    format!("`{what}` cannot be \"{s}\"{hint}: expected {expected}"),
                );
                None
            }
        }
    }

    fn table<'v, 'i>(&mut self, v: &'v Val<'i>, what: &str) -> Option<&'v DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong_type(v, what, &format!("a table ([{what}])"));
                None
            }
        }
    }

    fn root(&mut self, c: &mut Config, t: &DeTable<'_>) {
        for (k, v) in entries(t) {
            match k.get_ref().as_ref() {
                "theme" => {
                    if let Some(i) = self.choice(v, "theme", THEME_NAMES) {
                        c.theme = THEME_NAMES[i].to_string();
                    }
                }
                "mouse" => {
                    if let Some(b) = self.bool(v, "mouse") {
                        c.mouse = b;
                    }
                }
                "layout" => {
                    if let Some(t) = self.table(v, "layout") {
                        self.layout(c, t);
                    }
                }
                "entities" => {
                    if let Some(t) = self.table(v, "entities") {
                        self.entities(c, t);
                    }
                }
                "reader" => {
                    if let Some(t) = self.table(v, "reader") {
                        self.reader(c, t);
                    }
                }
                "files" => {
                    if let Some(t) = self.table(v, "files") {
                        self.files(c, t);
                    }
                }
                "colors" => {
                    if let Some(t) = self.table(v, "colors") {
                        self.colors(c, t);
                    }
                }
                "keys" => {
                    if let Some(t) = self.table(v, "keys") {
                        self.keys(c, t);
                    }
                }
                _ => self.unknown_key(k, "", ROOT_KEYS),
            }
        }
    }

    fn layout(&mut self, c: &mut Config, t: &DeTable<'_>) {
        for (k, v) in entries(t) {
            let name = k.get_ref().as_ref();
            match name {
                "sources_width" | "entities_width" => {
                    if let Some(n) = self.int(v, name, 5..61, " (percent)") {
                        let n = n as u16;
                        if name == "sources_width" {
                            c.widths.sources = n;
                        } else {
                            c.widths.entities = n;
                        }
                    }
                }
                "sidebar_width" => {
                    if let Some(n) = self.int(v, name, 10..81, " (percent)") {
                        c.widths.sidebar = n as u16;
                    }
                }
                "wrap" => {
                    if let Some(n) = self.int(v, name, 0..1001, " (columns; 0: no limit)") {
                        if (1..20).contains(&n) {
                            self.error(
                                v.span(),
                                ErrorKind::BadValue,
                                "`wrap` is too narrow: expected 0 (no limit) or 20 to 1000 columns"
                                    .into(),
                            );
                        } else {
                            c.widths.wrap = n as u16;
                        }
                    }
                }
                "sidebar" => {
                    if let Some(i) = self.choice(v, name, &["entities", "sources"]) {
                        c.sidebar = if i == 0 {
                            Pane::Entities
                        } else {
                            Pane::Sources
                        };
                    }
                }
                "sidebar_open" => {
                    if let Some(b) = self.bool(v, name) {
                        c.sidebar_open = b;
                    }
                }
                _ => self.unknown_key(k, "layout", LAYOUT_KEYS),
            }
        }
    }

    fn entities(&mut self, c: &mut Config, t: &DeTable<'_>) {
        for (k, v) in entries(t) {
            let name = k.get_ref().as_ref();
            match name {
                "scope" => {
                    if let Some(i) = self.choice(v, name, &["document", "corpus"]) {
                        c.scope = if i == 0 {
                            Scope::Document
                        } else {
                            Scope::Corpus
                        };
                    }
                }
                "sort" => {
                    if let Some(i) = self.choice(v, name, &["count", "name"]) {
                        c.sort = if i == 0 { Sort::Count } else { Sort::Name };
                    }
                }
                "kinds" => {
                    let DeValue::Array(items) = v.get_ref() else {
                        self.wrong_type(
                            v,
                            name,
                            "an array of kinds, such as [\"person\", \"place\"]",
                        );
                        continue;
                    };
                    let mut kinds = Vec::new();
                    let mut ok = true;
                    for item in items.iter() {
                        match self.choice(item, "kinds", KIND_NAMES) {
                            Some(i) => {
                                let kind = EntityKind::ALL[i];
                                if !kinds.contains(&kind) {
                                    kinds.push(kind);
                                }
                            }
                            None => ok = false,
                        }
                    }
                    if ok {
                        c.kinds = kinds;
                    }
                }
                _ => self.unknown_key(k, "entities", ENTITIES_KEYS),
            }
        }
    }

    fn reader(&mut self, c: &mut Config, t: &DeTable<'_>) {
        for (k, v) in entries(t) {
            let name = k.get_ref().as_ref();
            match name {
                "dim_boilerplate" => {
                    if let Some(b) = self.bool(v, name) {
                        c.dim_boilerplate = b;
                    }
                }
                "date_format" => {
                    let Some(f) = self.string(v, name, "a strftime format string") else {
                        continue;
                    };
                    match check_date_format(f) {
                        Ok(()) => c.date_format = f.to_string(),
                        Err(why) => self.error(
                            v.span(),
                            ErrorKind::BadValue,
                            format!(
                                "`date_format` {why}: expected a strftime format such as \"%Y-%m-%d\" or \"%d %b %Y\""
                            ),
                        ),
                    }
                }
                _ => self.unknown_key(k, "reader", READER_KEYS),
            }
        }
    }

    fn files(&mut self, c: &mut Config, t: &DeTable<'_>) {
        for (k, v) in entries(t) {
            let name = k.get_ref().as_ref();
            match name {
                "max_file_size" => {
                    if let Some(n) = self.int(v, name, 1..i64::MAX, " (bytes)") {
                        c.max_file_size = n as u64;
                    }
                }
                "cache" => {
                    if let Some(b) = self.bool(v, name) {
                        c.cache = b;
                    }
                }
                _ => self.unknown_key(k, "files", FILES_KEYS),
            }
        }
    }

    fn color(&mut self, v: &Val<'_>, what: &str) -> Option<Color> {
        let expected = "a colour name (red, light_blue, …), \"#rrggbb\" or an ANSI index 0-255";
        let text = match v.get_ref() {
            DeValue::String(s) => s.to_string(),
            DeValue::Integer(i) => i.as_str().to_string(),
            _ => {
                self.wrong_type(v, what, expected);
                return None;
            }
        };
        match theme::parse_color(&text) {
            Some(c) => Some(c),
            None => {
                let names = [
                    "black",
                    "red",
                    "green",
                    "yellow",
                    "blue",
                    "magenta",
                    "cyan",
                    "gray",
                    "dark_gray",
                    "white",
                    "reset",
                ];
                let hint = suggest(&text.to_lowercase(), names);
                self.error(
                    v.span(),
                    ErrorKind::UnknownColour,
                    format!("unknown colour \"{text}\" for `{what}`{hint}; expected {expected}"),
                );
                None
            }
        }
    }

    fn colors(&mut self, c: &mut Config, t: &DeTable<'_>) {
        let names: Vec<&str> = ELEMENTS.iter().map(|(n, _)| *n).collect();
        for (k, v) in entries(t) {
            let element = k.get_ref().as_ref();
            if !names.contains(&element) {
                self.unknown_key(k, "colors", &names);
                continue;
            }
            let spec = match v.get_ref() {
                DeValue::Table(st) => {
                    let mut spec = StyleSpec::default();
                    let mut ok = true;
                    for (sk, sv) in entries(st) {
                        let what = format!("{element}.{}", sk.get_ref());
                        match sk.get_ref().as_ref() {
                            "fg" => match self.color(sv, &what) {
                                Some(col) => spec.fg = Some(col),
                                None => ok = false,
                            },
                            "bg" => match self.color(sv, &what) {
                                Some(col) => spec.bg = Some(col),
                                None => ok = false,
                            },
                            m @ ("bold" | "italic" | "underline" | "reverse" | "dim") => {
                                let flag = match m {
                                    "bold" => Modifier::BOLD,
                                    "italic" => Modifier::ITALIC,
                                    "underline" => Modifier::UNDERLINED,
                                    "reverse" => Modifier::REVERSED,
                                    _ => Modifier::DIM,
                                };
                                match self.bool(sv, &what) {
                                    Some(true) => spec.add |= flag,
                                    Some(false) => spec.remove |= flag,
                                    None => ok = false,
                                }
                            }
                            _ => {
                                self.unknown_key(sk, &format!("colors.{element}"), STYLE_KEYS);
                                ok = false;
                            }
                        }
                    }
                    ok.then_some(spec)
                }
                _ => self.color(v, element).map(|col| StyleSpec {
                    fg: Some(col),
                    ..StyleSpec::default()
                }),
            };
            if let Some(spec) = spec {
                c.colors.push((element.to_string(), spec));
            }
        }
    }

    fn keys(&mut self, c: &mut Config, t: &DeTable<'_>) {
        let contexts: Vec<&str> = Context::ALL.iter().map(|c| c.name()).collect();
        // (rule, where its key is, the key as written)
        let mut rules: Vec<(KeyRule, Range<usize>, String)> = Vec::new();
        for (k, v) in entries(t) {
            let Some(ctx) = Context::from_name(k.get_ref()) else {
                self.unknown_key(k, "keys", &contexts);
                continue;
            };
            let section = format!("keys.{}", ctx.name());
            let Some(table) = self.table(v, &section) else {
                continue;
            };
            for (key, val) in entries(table) {
                let written = key.get_ref().to_string();
                let keys = match keymap::parse_sequence(&written) {
                    Ok(s) if s.len() <= keymap::MAX_SEQUENCE => s,
                    Ok(_) => {
                        self.error(
                            key.span(),
                            ErrorKind::UnknownKeyName,
                            format!(
                                "`{written}` is too long a sequence: at most {} keys",
                                keymap::MAX_SEQUENCE
                            ),
                        );
                        continue;
                    }
                    Err(bad) => {
                        let what = if bad.is_empty() {
                            "an empty key".to_string()
                        } else if bad == written {
                            format!("unknown key `{bad}`")
                        } else {
                            format!("unknown key `{bad}` in `{written}`")
                        };
                        self.error(
                            key.span(),
                            ErrorKind::UnknownKeyName,
                            format!(
                                "{what} in [{section}]; expected a character (j, G, ?), ctrl-/alt-/shift- and a key, or a key name (enter, esc, tab, backspace, delete, up, down, left, right, home, end, pgup, pgdn, space, f1-f12), several separated by spaces for a sequence"
                            ),
                        );
                        continue;
                    }
                };
                let what = format!("{section}.{written}");
                let Some(name) = self
                    .string(val, &what, "an action name (a string) or \"none\"")
                    .map(str::to_string)
                else {
                    continue;
                };
                let action = if name == "none" {
                    None
                } else if let Some(a) = Action::from_name(&name) {
                    Some(a)
                } else {
                    let hint = suggest(&name, Action::ALL.iter().map(|a| a.name()));
                    self.error(
                        val.span(),
                        ErrorKind::UnknownAction,
                        format!(
                            "unknown action \"{name}\" for `{written}` in [{section}]{hint}; expected an action name (`docent config --default` lists them) or \"none\" to unbind"
                        ),
                    );
                    continue;
                };
                rules.push((
                    KeyRule {
                        context: ctx,
                        keys,
                        action,
                    },
                    key.span(),
                    written,
                ));
            }
        }
        rules.sort_by_key(|r| r.1.start);
        // Conflicts: the same keys twice, or a key and a sequence it starts, in one context.
        // The later entry is reported and dropped.
        let mut kept: Vec<(KeyRule, Range<usize>, String)> = Vec::new();
        for (rule, span, written) in rules {
            let clash = kept.iter().find(|(r, _, _)| {
                r.context == rule.context
                    && (r.keys.starts_with(&rule.keys) || rule.keys.starts_with(&r.keys))
            });
            if let Some((other, other_span, other_written)) = clash {
                let (line, _) = self.position(other_span.start);
                let section = format!("keys.{}", rule.context.name());
                let what = |r: &KeyRule| r.action.map_or("none", |a| a.name());
                let message = if other.keys == rule.keys {
                    format!(
                        "key conflict in [{section}]: `{written}` is the same key as `{other_written}` (line {line}), bound to both \"{}\" and \"{}\"; expected each key once per context",
                        what(other),
                        what(&rule)
                    )
                } else {
                    let (short, long) = if other.keys.len() < rule.keys.len() {
                        (other_written.as_str(), written.as_str())
                    } else {
                        (written.as_str(), other_written.as_str())
                    };
                    format!(
                        "key conflict in [{section}]: `{short}` would hide the sequence `{long}` (lines {line} and {}); expected a key to be either bound alone or start sequences, not both",
                        self.position(span.start).0
                    )
                };
                self.error(span, ErrorKind::Conflict, message);
                continue;
            }
            kept.push((rule, span, written));
        }
        c.keys = kept.into_iter().map(|(r, _, _)| r).collect();
    }
}

/// Checks a strftime format: chrono must understand every specifier, and the result must be
/// printable (no control characters).
fn check_date_format(f: &str) -> Result<(), String> {
    use chrono::format::{Item, StrftimeItems};
    if f.trim().is_empty() {
        return Err("is empty".into());
    }
    if f.chars().any(char::is_control) {
        return Err("contains a control character".into());
    }
    if StrftimeItems::new(f).any(|i| matches!(i, Item::Error)) {
        return Err(format!("\"{f}\" has a specifier chrono does not know"));
    }
    Ok(())
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
    fn positions_are_one_based_and_count_characters() {
        let ck = Checker {
            src: "ab\nçd = 1\n",
            file: String::new(),
            errors: Vec::new(),
        };
        assert_eq!(ck.position(0), (1, 1));
        assert_eq!(ck.position(3), (2, 1));
        // After the two-byte ç.
        assert_eq!(ck.position(5), (2, 2));
    }

    #[test]
    fn suggestions_are_close_names_only() {
        assert_eq!(
            suggest("wrp", LAYOUT_KEYS.iter().copied()),
            " (did you mean `wrap`?)"
        );
        assert_eq!(suggest("zzzzzzzz", LAYOUT_KEYS.iter().copied()), "");
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn date_formats_are_checked() {
        assert!(check_date_format("%Y-%m-%d").is_ok());
        assert!(check_date_format("%a %-d %B %Y").is_ok());
        assert!(check_date_format("%Q").is_err());
        assert!(check_date_format("").is_err());
        assert!(check_date_format("%Y\u{1b}[2J").is_err());
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

    #[test]
    fn words_split_like_a_shell() {
        assert_eq!(
            split_words("  --theme dark  --config 'my file.toml' "),
            vec!["--theme", "dark", "--config", "my file.toml"]
        );
        assert_eq!(
            split_words(r#"--a="x \"y\"" b\ c ''"#),
            vec![r#"--a=x "y""#, "b c", ""]
        );
        assert_eq!(split_words("'open"), vec!["open"]);
        assert!(split_words("   ").is_empty());
        let os = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        let subs = ["export", "help"];
        assert_eq!(
            with_default_opts(os(&["docent", "export", "x"]), "--theme dark", &subs),
            os(&["docent", "export", "--theme", "dark", "x"])
        );
        assert_eq!(
            with_default_opts(os(&["docent", "help", "export"]), "--theme dark", &subs),
            os(&["docent", "help", "export"])
        );
        let argv = with_default_opts(
            ["docent", "--theme", "light"].map(std::ffi::OsString::from),
            "--theme dark",
            &subs,
        );
        assert_eq!(
            argv,
            ["docent", "--theme", "dark", "--theme", "light"].map(std::ffi::OsString::from)
        );
    }
}
