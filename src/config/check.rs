//! The positioned TOML checker: the file is parsed into a spanned TOML tree, then every setting
//! is checked on its own against [`SETTINGS`] (one row per plain setting: its table, its key and
//! how its value is checked and stored), `[colors]` and `[keys]`. Each mistake becomes a
//! [`ConfigError`] with its line and column and what was expected; only that setting keeps its
//! default.

use super::{Config, ConfigError, ErrorKind, KeyRule, StyleSpec};
use crate::model::{EntityKind, KINDS};
use crate::tui::keymap::{self, Action, Context};
use crate::tui::theme::{self, ELEMENTS, THEME_NAMES};
use crate::tui::{Pane, Scope, Sort};
use ratatui::style::{Color, Modifier};
use std::collections::HashMap;
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

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

/// Checks one file's text, collecting the problems.
struct Checker<'s> {
    src: &'s str,
    /// Byte offset of every line's start, for positions in O(log n): counting newlines from
    /// the top for each problem made 68,000 bad bindings take half a minute.
    line_starts: Vec<usize>,
    file: String,
    errors: Vec<ConfigError>,
}

impl<'s> Checker<'s> {
    fn new(src: &'s str, file: &str) -> Checker<'s> {
        let line_starts = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Checker {
            src,
            line_starts,
            file: file.to_string(),
            errors: Vec::new(),
        }
    }
}

/// One plain setting of the file: the table it is in, its key, and how its value is checked
/// and stored into a [`Config`] (on a mistake: reported, and the default kept).
pub(super) struct Setting {
    /// The table (`"layout"`, …); `""` for the top level.
    pub section: &'static str,
    pub key: &'static str,
    apply: fn(&mut Checker<'_>, &Val<'_>, &mut Config),
}

/// Parses configuration `text` (from `file`, for messages): the configuration with the default
/// for every setting that was wrong, and the problems in file order.
pub(super) fn parse(text: &str, file: &str) -> (Config, Vec<ConfigError>) {
    let mut ck = Checker::new(text, file);
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

/// Every plain setting, in the order of `default.toml` (the order "expected one of" lists
/// them). `[colors]` and `[keys]` are tables of their own, checked by [`Checker::colors`] and
/// [`Checker::keys`].
pub(super) const SETTINGS: &[Setting] = &[
    Setting {
        section: "",
        key: "theme",
        apply: |ck, v, c| {
            if let Some(i) = ck.choice(v, "theme", THEME_NAMES) {
                c.theme = THEME_NAMES[i].to_string();
            }
        },
    },
    Setting {
        section: "",
        key: "mouse",
        apply: |ck, v, c| store(ck.bool(v, "mouse"), &mut c.mouse),
    },
    Setting {
        section: "layout",
        key: "sources_width",
        apply: |ck, v, c| {
            let n = ck.int(v, "sources_width", 5..61, " (percent)");
            store(n.map(|n| n as u16), &mut c.widths.sources)
        },
    },
    Setting {
        section: "layout",
        key: "entities_width",
        apply: |ck, v, c| {
            let n = ck.int(v, "entities_width", 5..61, " (percent)");
            store(n.map(|n| n as u16), &mut c.widths.entities)
        },
    },
    Setting {
        section: "layout",
        key: "sidebar_width",
        apply: |ck, v, c| {
            let n = ck.int(v, "sidebar_width", 10..81, " (percent)");
            store(n.map(|n| n as u16), &mut c.widths.sidebar)
        },
    },
    Setting {
        section: "layout",
        key: "sidebar",
        apply: |ck, v, c| {
            let pane = ck.choice(v, "sidebar", &["entities", "sources"]);
            store(
                pane.map(|i| [Pane::Entities, Pane::Sources][i]),
                &mut c.sidebar,
            )
        },
    },
    Setting {
        section: "layout",
        key: "sidebar_open",
        apply: |ck, v, c| store(ck.bool(v, "sidebar_open"), &mut c.sidebar_open),
    },
    Setting {
        section: "layout",
        key: "wrap",
        apply: |ck, v, c| {
            let Some(n) = ck.int(v, "wrap", 0..1001, " (columns; 0: no limit)") else {
                return;
            };
            if (1..20).contains(&n) {
                ck.error(
                    v.span(),
                    ErrorKind::BadValue,
                    "`wrap` is too narrow: expected 0 (no limit) or 20 to 1000 columns".into(),
                );
            } else {
                c.widths.wrap = n as u16;
            }
        },
    },
    Setting {
        section: "entities",
        key: "scope",
        apply: |ck, v, c| {
            let scope = ck.choice(v, "scope", &["document", "corpus"]);
            store(
                scope.map(|i| [Scope::Document, Scope::Corpus][i]),
                &mut c.scope,
            )
        },
    },
    Setting {
        section: "entities",
        key: "sort",
        apply: |ck, v, c| {
            let sort = ck.choice(v, "sort", &["count", "name"]);
            store(sort.map(|i| [Sort::Count, Sort::Name][i]), &mut c.sort)
        },
    },
    Setting {
        section: "entities",
        key: "kinds",
        apply: |ck, v, c| store(ck.kinds(v), &mut c.kinds),
    },
    Setting {
        section: "reader",
        key: "dim_boilerplate",
        apply: |ck, v, c| store(ck.bool(v, "dim_boilerplate"), &mut c.dim_boilerplate),
    },
    Setting {
        section: "reader",
        key: "reflow",
        apply: |ck, v, c| store(ck.bool(v, "reflow"), &mut c.reflow),
    },
    Setting {
        section: "reader",
        key: "date_format",
        apply: |ck, v, c| store(ck.date_format(v), &mut c.date_format),
    },
    Setting {
        section: "files",
        key: "max_file_size",
        apply: |ck, v, c| {
            let n = ck.int(v, "max_file_size", 1..i64::MAX, " (bytes)");
            store(n.map(|n| n as u64), &mut c.max_file_size)
        },
    },
    Setting {
        section: "files",
        key: "cache",
        apply: |ck, v, c| store(ck.bool(v, "cache"), &mut c.cache),
    },
    Setting {
        section: "files",
        key: "date_from",
        apply: |ck, v, c| store(ck.date_from(v), &mut c.date_from),
    },
    Setting {
        section: "files",
        key: "fields",
        apply: |ck, v, c| store(ck.fields(v), &mut c.fields),
    },
];

/// Stores a checked value; `None` (a mistake, already reported) keeps the default.
fn store<T>(checked: Option<T>, setting: &mut T) {
    if let Some(value) = checked {
        *setting = value;
    }
}

/// The row of [`SETTINGS`] for `key` in `section`.
fn setting(section: &str, key: &str) -> Option<&'static Setting> {
    SETTINGS
        .iter()
        .find(|s| s.section == section && s.key == key)
}

/// The keys of `section` in [`SETTINGS`], in order.
pub(super) fn keys_in(section: &str) -> Vec<&'static str> {
    SETTINGS
        .iter()
        .filter(|s| s.section == section)
        .map(|s| s.key)
        .collect()
}

/// The tables of plain settings, in order (`layout`, `entities`, …).
fn sections() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for s in SETTINGS {
        if !s.section.is_empty() && !out.contains(&s.section) {
            out.push(s.section);
        }
    }
    out
}

/// What may be at the top level: the plain settings there, their tables, `colors` and `keys`.
fn root_keys() -> Vec<&'static str> {
    let mut out = keys_in("");
    out.extend(sections());
    out.extend(["colors", "keys"]);
    out
}

const STYLE_KEYS: &[&str] = &["fg", "bg", "bold", "italic", "underline", "reverse", "dim"];

impl Checker<'_> {
    /// 1-based line and column (in characters) of byte `at`.
    fn position(&self, at: usize) -> (usize, usize) {
        let mut at = at.min(self.src.len());
        while !self.src.is_char_boundary(at) {
            at -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= at).max(1);
        let line_start = self.line_starts.get(line - 1).copied().unwrap_or(0).min(at);
        let column = self.src[line_start..at].chars().count() + 1;
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

    /// Checks the whole file into `c`.
    fn root(&mut self, c: &mut Config, t: &DeTable<'_>) {
        for (k, v) in entries(t) {
            let name = k.get_ref().as_ref();
            if let Some(s) = setting("", name) {
                (s.apply)(self, v, c);
                continue;
            }
            match name {
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
                section if sections().contains(&section) => {
                    if let Some(t) = self.table(v, section) {
                        self.section(c, section, t);
                    }
                }
                _ => self.unknown_key(k, "", &root_keys()),
            }
        }
    }

    /// Checks the plain settings of one table (`[layout]`, …).
    fn section(&mut self, c: &mut Config, section: &str, t: &DeTable<'_>) {
        for (k, v) in entries(t) {
            match setting(section, k.get_ref()) {
                Some(s) => (s.apply)(self, v, c),
                None => self.unknown_key(k, section, &keys_in(section)),
            }
        }
    }

    /// `kinds`: an array of kind names (from [`KINDS`]), each kept once.
    fn kinds(&mut self, v: &Val<'_>) -> Option<Vec<EntityKind>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(
                v,
                "kinds",
                "an array of kinds, such as [\"person\", \"place\"]",
            );
            return None;
        };
        let names = KINDS.map(|k| k.name);
        let mut kinds = Vec::new();
        let mut ok = true;
        for item in items.iter() {
            match self.choice(item, "kinds", &names) {
                Some(i) => {
                    let kind = KINDS[i].kind;
                    if !kinds.contains(&kind) {
                        kinds.push(kind);
                    }
                }
                None => ok = false,
            }
        }
        ok.then_some(kinds)
    }

    /// `date_from`: an array of date sources, in order.
    fn date_from(&mut self, v: &Val<'_>) -> Option<crate::load::DateFrom> {
        const SOURCES: [&str; 5] = ["header", "path", "text", "mtime", "none"];
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(
                v,
                "date_from",
                "an array of date sources, such as [\"header\", \"path\", \"text\"]",
            );
            return None;
        };
        let mut sources = Vec::new();
        let mut ok = true;
        for item in items.iter() {
            match self
                .choice(item, "date_from", &SOURCES)
                .and_then(|i| crate::load::DateSource::parse(SOURCES[i]))
            {
                Some(s) if !sources.contains(&s) => sources.push(s),
                Some(_) => {}
                None => ok = false,
            }
        }
        ok.then_some(crate::load::DateFrom(sources))
    }

    /// `fields`: a table of JSON field roles (text, title, date, url), each a field name or
    /// an array of them, as `--field ROLE=FIELD` gives them: kept as `ROLE=FIELD` specs.
    fn fields(&mut self, v: &Val<'_>) -> Option<Vec<String>> {
        const ROLES: [&str; 4] = ["text", "title", "date", "url"];
        let t = self.table(v, "files.fields")?;
        let mut specs = Vec::new();
        let mut ok = true;
        for (k, val) in entries(t) {
            let role: &str = k.get_ref();
            if !ROLES.contains(&role) {
                self.unknown_key(k, "files.fields", &ROLES);
                ok = false;
                continue;
            }
            let expected = "a field name or an array of field names, such as \"CONTENT\" or [\"body\", \"meta.text\"]";
            let names: Vec<&Val<'_>> = match val.get_ref() {
                DeValue::String(_) => vec![val],
                DeValue::Array(items) => items.iter().collect(),
                _ => {
                    self.wrong_type(val, role, expected);
                    ok = false;
                    continue;
                }
            };
            for item in names {
                match item.get_ref() {
                    DeValue::String(name) if !name.trim().is_empty() => {
                        specs.push(format!("{role}={}", name.trim()));
                    }
                    DeValue::String(_) => {
                        self.error(
                            item.span(),
                            ErrorKind::BadValue,
                            format!("`fields.{role}`: the field name is empty"),
                        );
                        ok = false;
                    }
                    _ => {
                        self.wrong_type(item, role, expected);
                        ok = false;
                    }
                }
            }
        }
        ok.then_some(specs)
    }

    /// `date_format`: a strftime format chrono understands.
    fn date_format(&mut self, v: &Val<'_>) -> Option<String> {
        let f = self.string(v, "date_format", "a strftime format string")?;
        match check_date_format(f) {
            Ok(()) => Some(f.to_string()),
            Err(why) => {
                self.error(
                    v.span(),
                    ErrorKind::BadValue,
                    format!(
                        "`date_format` {why}: expected a strftime format such as \"%Y-%m-%d\" or \"%d %b %Y\""
                    ),
                );
                None
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
        // Indexed, so a file of tens of thousands of bindings is checked in near-linear time:
        // `whole` holds each kept binding's keys, `started` every proper prefix of them.
        let mut kept: Vec<(KeyRule, Range<usize>, String)> = Vec::new();
        let mut whole: HashMap<(Context, &[keymap::KeySpec]), usize> = HashMap::new();
        let mut started: HashMap<(Context, &[keymap::KeySpec]), usize> = HashMap::new();
        let keys_of: Vec<Vec<keymap::KeySpec>> = rules.iter().map(|r| r.0.keys.clone()).collect();
        for (i, (rule, span, written)) in rules.into_iter().enumerate() {
            let keys = &keys_of[i];
            // A kept binding equal to, or a prefix of, this one; or one this one starts.
            let clash_at = (1..=keys.len())
                .find_map(|n| whole.get(&(rule.context, &keys[..n])).copied())
                .or_else(|| started.get(&(rule.context, keys.as_slice())).copied());
            let clash = clash_at.and_then(|k| kept.get(k));
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
            whole.insert((rule.context, keys.as_slice()), kept.len());
            for n in 1..keys.len() {
                started
                    .entry((rule.context, &keys[..n]))
                    .or_insert(kept.len());
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
    fn positions_are_one_based_and_count_characters() {
        let ck = Checker::new("ab\nçd = 1\n", "");
        assert_eq!(ck.position(0), (1, 1));
        assert_eq!(ck.position(3), (2, 1));
        // After the two-byte ç.
        assert_eq!(ck.position(5), (2, 2));
    }

    #[test]
    fn suggestions_are_close_names_only() {
        assert_eq!(suggest("wrp", keys_in("layout")), " (did you mean `wrap`?)");
        assert_eq!(suggest("zzzzzzzz", keys_in("layout")), "");
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
    fn every_setting_is_in_the_default_text() {
        let text = super::super::DEFAULT_CONFIG;
        for s in SETTINGS {
            assert!(text.contains(&format!("\n{} = ", s.key)), "{}", s.key);
        }
    }
}
