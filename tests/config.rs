//! The configuration file: parsing, every kind of error with its line and column, key map
//! changes (rebinding, unbinding, sequences, conflicts) and theme selection.

use docent::config::{Config, ConfigError, ErrorKind, Location};
use docent::model::EntityKind;
use docent::tui::app::{Scope, Sort};
use docent::tui::geometry::Pane;
use docent::tui::keymap::{Action, Context, KeySpec, Resolved};
use docent::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};

fn parse(text: &str) -> (Config, Vec<ConfigError>) {
    Config::parse(text, "test.toml")
}

/// The one error `text` gives: its kind, line and column.
fn one_error(text: &str) -> (ErrorKind, usize, usize, String) {
    let (_, errors) = parse(text);
    assert_eq!(errors.len(), 1, "one error expected: {errors:#?}");
    let e = &errors[0];
    (e.kind, e.line(), e.column(), e.message.clone())
}

fn key(c: char) -> KeyEvent {
    let mods = if c.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    KeyEvent::new(KeyCode::Char(c), mods)
}

fn spec(s: &str) -> KeySpec {
    KeySpec::parse(s).expect("a key")
}

#[test]
fn an_empty_file_is_the_defaults() {
    let (c, errors) = parse("");
    assert!(errors.is_empty());
    assert_eq!(c, Config::default());
}

#[test]
fn every_setting_parses() {
    let (c, errors) = parse(
        r##"
theme = "light"
mouse = false

[layout]
sources_width = 30
entities_width = 25
sidebar_width = 45
sidebar = "sources"
sidebar_open = true
wrap = 72

[entities]
scope = "corpus"
sort = "name"
kinds = ["person", "date"]

[reader]
dim_boilerplate = false
reflow = false
date_format = "%d %b %Y"

[files]
max_file_size = 1_000_000
cache = false

[colors]
person = "#ff8000"
place = 208
selected = { fg = "white", bg = "blue", bold = true, reverse = false }
"##,
    );
    assert_eq!(errors, vec![]);
    assert_eq!(c.theme, "light");
    assert!(!c.mouse);
    assert_eq!(
        (
            c.widths.sources,
            c.widths.entities,
            c.widths.sidebar,
            c.widths.wrap
        ),
        (30, 25, 45, 72)
    );
    assert_eq!(c.sidebar, Pane::Sources);
    assert!(c.sidebar_open);
    assert_eq!((c.scope, c.sort), (Scope::Corpus, Sort::Name));
    assert_eq!(c.kinds, vec![EntityKind::Person, EntityKind::Date]);
    assert!(!c.dim_boilerplate);
    assert!(!c.reflow && !c.settings().reflow);
    assert_eq!(c.date_format, "%d %b %Y");
    assert_eq!(c.max_file_size, 1_000_000);
    assert!(!c.cache);
    assert_eq!(c.colors.len(), 3);
    let s = c.settings();
    assert_eq!(s.scope, Scope::Corpus);
    assert_eq!(s.date_format, "%d %b %Y");
}

#[test]
fn json_fields_are_read_and_checked() {
    let (c, errors) = parse(
        "[files]\nfields = { text = \"TEXT\", date = [\"PUBLISHED_DATE\", \"meta.published\"] }\n",
    );
    assert_eq!(errors, vec![]);
    assert_eq!(
        c.fields,
        ["text=TEXT", "date=PUBLISHED_DATE", "date=meta.published"]
    );
    let (kind, line, col, msg) = one_error("[files.fields]\ntext = \"a\"\nbdy = \"b\"\n");
    assert_eq!((kind, line, col), (ErrorKind::UnknownKey, 3, 1));
    assert!(msg.contains("title") && msg.contains("url"), "{msg}");
    let (kind, line, col, _) = one_error("[files]\nfields = { text = 3 }\n");
    assert_eq!((kind, line, col), (ErrorKind::WrongType, 2, 19));
    let (kind, line, col, msg) = one_error("[files]\nfields = { title = [\"ok\", \" \"] }\n");
    assert_eq!((kind, line, col), (ErrorKind::BadValue, 2, 27));
    assert!(msg.contains("empty"), "{msg}");
    let (kind, _, _, _) = one_error("[files]\nfields = \"text=TEXT\"\n");
    assert_eq!(kind, ErrorKind::WrongType);
    // A mistake keeps the default: no fields.
    assert!(parse("[files]\nfields = { text = 3 }\n")
        .0
        .fields
        .is_empty());
}

#[test]
fn a_syntax_error_has_its_position_and_leaves_the_defaults() {
    let (c, errors) = parse("theme = \"dark\"\n[layout\nwrap = 60\n");
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert_eq!((e.line(), e.column()), (2, 8));
    assert!(e.message.contains("expected"), "{}", e.message);
    assert_eq!(c, Config::default(), "nothing applied");
    assert_eq!(
        e.to_string(),
        format!("test.toml:2:8: {}", e.message),
        "file:line:column: message"
    );
    // A duplicate key is a TOML error too.
    let (kind, line, col, _) = one_error("mouse = true\nmouse = false\n");
    assert_eq!((kind, line, col), (ErrorKind::Syntax, 2, 1));
}

#[test]
fn unknown_keys_are_reported_with_a_suggestion() {
    let (kind, line, col, msg) = one_error("[layout]\nwrp = 80\n");
    assert_eq!((kind, line, col), (ErrorKind::UnknownKey, 2, 1));
    assert!(msg.contains("did you mean `wrap`"), "{msg}");
    assert!(
        msg.contains("sidebar_width"),
        "lists what is expected: {msg}"
    );
    let (kind, line, col, _) = one_error("\n\n[colours]\n");
    assert_eq!((kind, line, col), (ErrorKind::UnknownKey, 3, 2));
    let (kind, line, col, msg) = one_error("[colors]\nsidebar = \"red\"\n");
    assert_eq!((kind, line, col), (ErrorKind::UnknownKey, 2, 1));
    assert!(msg.contains("person"), "{msg}");
    let (kind, line, col, msg) = one_error("[keys.everywhere]\nx = \"quit\"\n");
    assert_eq!((kind, line, col), (ErrorKind::UnknownKey, 1, 7));
    assert!(msg.contains("global") && msg.contains("palette"), "{msg}");
}

#[test]
fn wrong_types_say_what_was_expected_and_only_that_setting_falls_back() {
    let (c, errors) = parse(
        "theme = \"dark\"\nmouse = \"yes\"\n[layout]\nwrap = \"wide\"\nsidebar_open = true\n",
    );
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(errors[0].kind, ErrorKind::WrongType);
    assert_eq!((errors[0].line(), errors[0].column()), (2, 9));
    assert!(errors[0].message.contains("true or false"));
    assert!(errors[0].message.contains("not a string"));
    assert_eq!((errors[1].line(), errors[1].column()), (4, 8));
    assert!(errors[1].message.contains("whole number"));
    // The good settings around them still apply.
    assert_eq!(c.theme, "dark");
    assert!(c.sidebar_open);
    assert!(c.mouse, "the default");
    assert_eq!(c.widths.wrap, Config::default().widths.wrap);
    // A section that is not a table.
    let (kind, line, col, _) = one_error("layout = 3\n");
    assert_eq!((kind, line, col), (ErrorKind::WrongType, 1, 10));
}

#[test]
fn bad_values_are_reported() {
    let (kind, line, col, msg) = one_error("theme = \"drak\"\n");
    assert_eq!((kind, line, col), (ErrorKind::BadValue, 1, 9));
    assert!(msg.contains("did you mean `dark`"), "{msg}");
    assert!(msg.contains("high-contrast"), "{msg}");
    let (kind, line, col, msg) = one_error("[layout]\nsources_width = 95\n");
    assert_eq!((kind, line, col), (ErrorKind::BadValue, 2, 17));
    assert!(msg.contains("5 to 60"), "{msg}");
    let (kind, line, col, _) = one_error("[reader]\ndate_format = \"%Y-%Q\"\n");
    assert_eq!((kind, line, col), (ErrorKind::BadValue, 2, 15));
    let (c, errors) = parse("[entities]\nkinds = [\"person\", \"planet\"]\n");
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0].kind, errors[0].line(), errors[0].column()),
        (ErrorKind::BadValue, 2, 20)
    );
    assert_eq!(
        c.kinds,
        EntityKind::ALL.to_vec(),
        "the whole list falls back"
    );
}

#[test]
fn unknown_colours_are_reported() {
    let (c, errors) = parse("[colors]\nperson = \"bleu\"\nplace = \"#12345\"\ndate = 300\norganization = { fg = \"green\", bg = \"nope\" }\nmatched = \"red\"\n");
    let kinds: Vec<_> = errors
        .iter()
        .map(|e| (e.kind, e.line(), e.column()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (ErrorKind::UnknownColour, 2, 10),
            (ErrorKind::UnknownColour, 3, 9),
            (ErrorKind::UnknownColour, 4, 8),
            (ErrorKind::UnknownColour, 5, 37),
        ]
    );
    assert!(errors[0].message.contains("did you mean `blue`"));
    assert!(errors[0].message.contains("#rrggbb"));
    // Only the good one applies.
    assert_eq!(c.colors.len(), 1);
    assert_eq!(c.colors[0].0, "matched");
}

#[test]
fn unknown_actions_and_keys_are_reported() {
    let (kind, line, col, msg) = one_error("[keys.reader]\nx = \"next_mentoin\"\n");
    assert_eq!((kind, line, col), (ErrorKind::UnknownAction, 2, 5));
    assert!(msg.contains("did you mean `next_mention`"), "{msg}");
    let (kind, line, col, msg) = one_error("[keys.reader]\n\"ctrl-\" = \"down\"\n");
    assert_eq!((kind, line, col), (ErrorKind::UnknownKeyName, 2, 1));
    assert!(msg.contains("enter, esc"), "{msg}");
    let (kind, line, col, msg) = one_error("[keys.global]\n\"g hyper-x\" = \"top\"\n");
    assert_eq!((kind, line, col), (ErrorKind::UnknownKeyName, 2, 1));
    assert!(msg.contains("`hyper-x` in `g hyper-x`"), "{msg}");
    // Control characters are no key names (and never reach the terminal in messages).
    let (kind, line, col, _) = one_error("[keys.global]\n\"\\u001b\" = \"help\"\n");
    assert_eq!((kind, line, col), (ErrorKind::UnknownKeyName, 2, 1));
    let (kind, line, col, _) = one_error("[keys.global]\nx = 3\n");
    assert_eq!((kind, line, col), (ErrorKind::WrongType, 2, 5));
}

#[test]
fn rebinding_changes_the_key_and_keeps_the_others() {
    let (c, errors) = parse("[keys.global]\nx = \"next_mention\"\nn = \"down\"\n");
    assert!(errors.is_empty(), "{errors:#?}");
    let km = c.keymap();
    assert_eq!(
        km.lookup(Context::Reader, &key('x')),
        Some(Action::NextMention)
    );
    assert_eq!(km.lookup(Context::Reader, &key('n')), Some(Action::Down));
    assert_eq!(
        km.lookup(Context::Reader, &key('N')),
        Some(Action::PrevMention),
        "untouched"
    );
    // Per context: only the reader's j changes.
    let (c, _) = parse("[keys.reader]\nj = \"next_document\"\n");
    let km = c.keymap();
    assert_eq!(
        km.lookup(Context::Reader, &key('j')),
        Some(Action::NextDocument)
    );
    assert_eq!(km.lookup(Context::Sources, &key('j')), Some(Action::Down));
    // The help rows show the keys as configured.
    let rows = km.help_rows();
    assert!(rows
        .iter()
        .any(|(ctx, a, k)| *ctx == Context::Reader && *a == Action::NextDocument && k == "j"));
}

#[test]
fn unbinding_removes_a_key() {
    let (c, errors) = parse("[keys.global]\nq = \"none\"\n\"?\" = \"none\"\n");
    assert!(errors.is_empty());
    let km = c.keymap();
    assert_eq!(km.lookup(Context::Sources, &key('q')), None);
    assert_eq!(km.lookup(Context::Sources, &key('?')), None);
    assert!(km.keys_for(Context::Global, Action::Quit).is_empty());
    // Ctrl-C still quits.
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(
        km.lookup(Context::Sources, &ctrl_c),
        Some(Action::ForceQuit)
    );
}

#[test]
fn sequences_bind_two_keys() {
    let (c, errors) = parse("[keys.global]\n\"g g\" = \"top\"\n\"z t\" = \"toggle_sidebar\"\n");
    assert!(errors.is_empty(), "{errors:#?}");
    let km = c.keymap();
    let g = key('g');
    assert_eq!(km.resolve(Context::Reader, &[], &g), Resolved::Pending);
    assert_eq!(
        km.resolve(Context::Reader, &[spec("g")], &g),
        Resolved::Action(Action::Top)
    );
    assert_eq!(
        km.resolve(Context::Reader, &[spec("z")], &key('t')),
        Resolved::Action(Action::ToggleSidebar)
    );
    // A broken sequence: the second key counts alone.
    assert_eq!(
        km.resolve(Context::Reader, &[spec("z")], &key('j')),
        Resolved::Action(Action::Down)
    );
    assert!(km
        .keys_for(Context::Global, Action::Top)
        .contains(&vec![spec("g"), spec("g")]));
}

#[test]
fn conflicts_are_reported_and_the_later_binding_dropped() {
    let (c, errors) = parse(
        "[keys.global]\npgdn = \"top\"\npagedown = \"bottom\"\n\n[keys.reader]\nz = \"top\"\n\"z z\" = \"bottom\"\n",
    );
    let found: Vec<_> = errors
        .iter()
        .map(|e| (e.kind, e.line(), e.column()))
        .collect();
    assert_eq!(
        found,
        vec![(ErrorKind::Conflict, 3, 1), (ErrorKind::Conflict, 7, 1)]
    );
    assert!(
        errors[0].message.contains("`pgdn` (line 2)"),
        "{}",
        errors[0].message
    );
    assert!(
        errors[1].message.contains("would hide the sequence"),
        "{}",
        errors[1].message
    );
    let km = c.keymap();
    let pgdn = KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE);
    assert_eq!(
        km.lookup(Context::Sources, &pgdn),
        Some(Action::Top),
        "the first one stays"
    );
    assert_eq!(km.lookup(Context::Reader, &key('z')), Some(Action::Top));
    // The same key in two contexts is no conflict.
    let (_, errors) = parse("[keys.global]\nz = \"top\"\n[keys.reader]\nz = \"bottom\"\n");
    assert!(errors.is_empty());
}

#[test]
fn themes_are_selected_by_name_flag_and_no_color() {
    let (c, _) = parse("theme = \"high-contrast\"\n");
    assert_eq!(c.theme(None, false), Theme::high_contrast());
    assert_eq!(
        c.theme(Some("light"), false),
        Theme::light(),
        "--theme wins"
    );
    assert_eq!(
        c.theme(Some("dark"), true),
        Theme::no_color(),
        "NO_COLOR wins"
    );
    assert_eq!(Config::default().theme(None, false), Theme::default());
    let (c, _) = parse(
        "theme = \"dark\"\n[colors]\nperson = \"#102030\"\nstatus = { bg = 17, bold = true }\nmatched = { bold = false }\n",
    );
    let t = c.theme(None, false);
    assert_eq!(
        t.kind(docent::model::EntityKind::Person).fg,
        Some(Color::Rgb(16, 32, 48))
    );
    assert_eq!(t.status.bg, Some(Color::Indexed(17)));
    assert_eq!(
        t.status.fg,
        Theme::dark().status.fg,
        "the rest stays the theme's"
    );
    assert!(t.status.add_modifier.contains(Modifier::BOLD));
    assert!(!t.matched.add_modifier.contains(Modifier::BOLD));
    assert_eq!(
        t.kind(docent::model::EntityKind::Place),
        Theme::dark().kind(docent::model::EntityKind::Place)
    );
    // Custom colours lose to NO_COLOR too.
    assert_eq!(c.theme(None, true), Theme::no_color());
}

#[test]
fn files_load_with_their_path_in_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "mouse = 1\n").expect("write");
    let loc = Location {
        path: path.clone(),
        explicit: false,
    };
    let loaded = docent::config::load(Some(&loc));
    assert_eq!(loaded.errors.len(), 1);
    let shown = loaded.errors[0].to_string();
    assert!(
        shown.starts_with(&format!("{}:1:9: ", path.display())),
        "{shown}"
    );
    let summary = loaded.summary().expect("a summary");
    assert!(
        summary.contains("1 problem") && summary.contains("1:9"),
        "{summary}"
    );
    // Absent at the default location: normal, no error.
    let absent = Location {
        path: dir.path().join("none.toml"),
        explicit: false,
    };
    let loaded = docent::config::load(Some(&absent));
    assert!(loaded.errors.is_empty());
    assert!(loaded.summary().is_none());
    // Absent when named explicitly: a read error without a position.
    let named = Location {
        path: dir.path().join("none.toml"),
        explicit: true,
    };
    let loaded = docent::config::load(Some(&named));
    assert_eq!(loaded.errors.len(), 1);
    assert_eq!(loaded.errors[0].kind, ErrorKind::Read);
    assert_eq!(loaded.errors[0].position, None);
    // Not UTF-8.
    std::fs::write(&path, b"theme = \"\xff\"\n").expect("write");
    let loaded = docent::config::load(Some(&loc));
    assert_eq!(loaded.errors.first().map(|e| e.kind), Some(ErrorKind::Read));
}

#[test]
fn the_readme_example_is_a_valid_configuration() {
    let readme = include_str!("../README.md");
    let section = readme
        .split("## Configuration")
        .nth(1)
        .expect("a Configuration section");
    let block = section
        .split("```toml\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a toml example");
    let (c, errors) = parse(block);
    assert_eq!(errors, vec![], "{block}");
    assert_ne!(c, Config::default());
    assert_eq!(c.theme, "dark");
    assert!(c.keys.len() >= 5);
}

/// Regression (issue 17): positions were found by counting lines from the top and conflicts by
/// comparing every binding with every other, so 68,000 bindings took half a minute. The
/// results stay exact at that size (the time is measured in the README, not here).
#[test]
fn tens_of_thousands_of_bindings_are_checked_exactly() {
    let mut text = String::from("[keys.global]\n");
    let letters: Vec<char> = ('a'..='z').collect();
    let mut n = 0;
    for a in &letters {
        for b in &letters {
            for c in &letters {
                text.push_str(&format!("\"{a} {b} {c}\" = \"next_mention\"\n"));
                n += 1;
            }
        }
    }
    for i in 0..20_000 {
        text.push_str(&format!("x{i} = \"no_such_action\"\n"));
    }
    // A key that would hide the bound sequences it starts.
    text.push_str("\"a\" = \"top\"\n");
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("big.toml");
    std::fs::write(&path, &text).expect("write");
    let loaded = docent::config::load(Some(&Location {
        path,
        explicit: true,
    }));
    let errors: Vec<String> = loaded.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 20_001, "{:?}", errors.last());
    let lines = n + 20_000;
    assert!(
        errors[19_999].contains(&format!(":{}:", lines + 1)),
        "{}",
        errors[19_999]
    );
    assert!(
        errors[20_000].contains(&format!(":{}:", lines + 2)),
        "{}",
        errors[20_000]
    );
    assert!(errors[20_000].contains("would hide"), "{}", errors[20_000]);
}
