//! Rendering tests on ratatui's TestBackend with a hand-built corpus: snapshots of the main
//! screens, explicit buffer assertions (colours, NO_COLOR, sanitizing), and a sweep of sizes
//! from 1×1 to 300×100 in every state that must never panic.

mod tui_common;

use docent::model::Corpus;
use docent::tui::app::App;
use docent::tui::theme::Theme;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use tui_common::*;

#[test]
fn startup_screen() {
    let (mut app, _) = app(120, 30);
    let buf = render(&mut app);
    let t = text(&buf);
    assert!(t.contains("Sources 3"), "{t}");
    assert!(t.contains("Venezuela votes in regional elections"));
    assert!(t.contains("People"));
    assert!(
        t.contains("2021-11-21 · Sun 21 Nov 2021"),
        "dates show ISO and readable form"
    );
    assert!(t.contains("Unresolved dates"));
    assert!(status(&buf).contains("doc 1/3"));
    assert!(status(&buf).contains("2021-08-08"));
    insta::assert_snapshot!("startup_120x30", t);
}

#[test]
fn reader_search_crossing_into_the_next_document_screen() {
    let (mut app, mut core) = app(120, 30);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('/'));
    type_in(&mut app, &mut core, "maduro");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Char('n'));
    let buf = render(&mut app);
    let st = status(&buf);
    assert!(st.contains("doc 3/3"), "{st}");
    assert!(st.contains("hit 1/1 · document 2 of 2 with hits"), "{st}");
    insta::assert_snapshot!("search_across_120x30", text(&buf));
    // The hit is marked in the newly opened document: Esc clears the search and its mark.
    let (x, y) = find_text(&buf, "won. Nicolás Maduro").expect("shown");
    let x = x + "won. Nicolás ".chars().count() as u16;
    assert_eq!(buf[(x, y)].symbol(), "M");
    let marked = buf[(x, y)].style();
    key(&mut app, KeyCode::Esc);
    let plain = render(&mut app);
    assert_ne!(plain[(x, y)].style(), marked);
}

#[test]
fn entity_active_screen() {
    let (mut app, _) = app(120, 30);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Enter); // the first person: Nicolás Maduro
    key(&mut app, KeyCode::Char('n'));
    let buf = render(&mut app);
    let st = status(&buf);
    assert!(st.contains("Nicolás Maduro · mention 2/3 · 2 docs"), "{st}");
    // The active mention ("Maduro said") is drawn reversed.
    let (x, y) = find_text(&buf, "Maduro said").expect("shown");
    assert!(buf[(x, y)].modifier.contains(Modifier::REVERSED));
    insta::assert_snapshot!("entity_active_120x30", text(&buf));
}

#[test]
fn mentions_are_coloured_by_kind() {
    let (mut app, _) = app(120, 30);
    let buf = render(&mut app);
    let (x, y) = find_text(&buf, "Caracas before").expect("shown");
    assert_eq!(buf[(x, y)].fg, Color::Green);
    let (x, y) = find_text(&buf, "CNE will").expect("shown");
    assert_eq!(buf[(x, y)].fg, Color::Magenta);
    let (x, y) = find_text(&buf, "Nicolás Maduro spoke").expect("shown");
    assert_eq!(buf[(x, y)].fg, Color::Cyan);
    let (x, y) = find_text(&buf, "November 21, 2021. The").expect("shown");
    assert_eq!(buf[(x, y)].fg, Color::Yellow);
    // Plain text is not coloured.
    let (x, y) = find_text(&buf, "spoke in").expect("shown");
    assert_eq!(buf[(x, y)].fg, Color::Reset);
}

#[test]
fn no_color_uses_modifiers_only() {
    let (mut app, _) = app_with(corpus(), Theme::no_color(), 120, 30);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Enter);
    let buf = render(&mut app);
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            assert_eq!(c.fg, Color::Reset, "no foreground colour at {x},{y}");
            assert_eq!(c.bg, Color::Reset, "no background colour at {x},{y}");
        }
    }
    let (x, y) = find_text(&buf, "Caracas before").expect("shown");
    assert!(buf[(x, y)].modifier.contains(Modifier::UNDERLINED));
    let (x, y) = find_text(&buf, "Nicolás Maduro spoke").expect("shown");
    assert!(
        buf[(x, y)].modifier.contains(Modifier::REVERSED),
        "active mention reversed"
    );
}

#[test]
fn palette_with_results() {
    let (mut app, mut core) = app(120, 30);
    ctrl(&mut app, 'p');
    type_in(&mut app, &mut core, "caracas");
    let buf = render(&mut app);
    let t = text(&buf);
    assert!(t.contains("Jump to"), "{t}");
    assert!(t.contains("PLC Caracas"), "tagged by kind: {t}");
    assert!(
        t.contains("place · 3 mentions in 3 documents"),
        "preview: {t}"
    );
    let (x, y) = find_text(&buf, "PLC Caracas").expect("shown");
    assert!(
        buf[(x + 4, y)].modifier.contains(Modifier::BOLD),
        "matched chars highlighted"
    );
    insta::assert_snapshot!("palette_120x30", t);
}

#[test]
fn help_lists_keys_and_legend() {
    let (mut app, _) = app(120, 50);
    key(&mut app, KeyCode::Char('?'));
    let buf = render(&mut app);
    let t = text(&buf);
    for needle in [
        "docent · help",
        "Ctrl-P",
        "next mention / search hit (any doc)",
        "entity scope",
        "Colours",
        "person",
        "organization",
    ] {
        assert!(t.contains(needle), "{needle} in help:\n{t}");
    }
    let (x, y) = find_text(&buf, "place ").expect("legend");
    assert_eq!(buf[(x, y)].fg, Color::Green);
    insta::assert_snapshot!("help_120x50", t);
}

#[test]
fn narrow_terminal_folds_the_sidebar() {
    let (mut app, _) = app(80, 24);
    key(&mut app, KeyCode::Char('2'));
    let buf = render(&mut app);
    let t = text(&buf);
    assert!(!t.contains("Entities"), "{t}");
    assert!(!t.contains("Sources"), "{t}");
    assert!(status(&buf).contains("b sidebar"));
    insta::assert_snapshot!("narrow_reader_80x24", t);
    key(&mut app, KeyCode::Char('3'));
    let t = text(&render(&mut app));
    assert!(t.contains("Entities"), "focusing a side pane shows it: {t}");
    // Below 60 columns only the focused pane shows.
    app.update(docent::tui::app::Msg::Resize(50, 20));
    let t = text(&render(&mut app));
    assert!(
        t.contains("Entities") && !t.contains("Nicolás Maduro spoke"),
        "{t}"
    );
}

fn hostile_corpus() -> Corpus {
    let mut c = corpus();
    let text = "Evil \u{1b}]52;c;aGk=\u{7} title\n\u{1b}[2J\u{1b}[31mred\u{202e}reversed \t tab\r\nwide 日本語 e\u{301} 👩‍👩‍👧 \u{0}\u{7f}\u{9b}end";
    c.documents.make_mut()[1].text = text.into();
    c.documents.make_mut()[1].title = "Evil \u{1b}[31m title\u{202e}".into();
    c.documents.make_mut()[1].body_start = 0;
    for e in c.entities.make_mut() {
        e.mentions.make_mut().retain(|m| m.doc != 1);
    }
    c
}

#[test]
fn document_text_cannot_drive_the_terminal() {
    let (mut app, _) = app_with(hostile_corpus(), Theme::default(), 120, 30);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    let buf = render(&mut app);
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let s = buf[(x, y)].symbol();
            assert!(
                !s.chars()
                    .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
                "control char drawn at {x},{y}: {s:?}"
            );
        }
    }
    let t = text(&buf);
    assert!(t.contains("␛"), "{t}");
    assert!(t.contains("日本語"));
}

/// Puts an app into a state.
type Setup = Box<dyn Fn(&mut App, &mut docent::tui::worker::WorkerCore)>;

/// Every state worth drawing.
fn states() -> Vec<(&'static str, Setup)> {
    vec![
        ("startup", Box::new(|_, _| {})),
        (
            "active",
            Box::new(|a, _| {
                key(a, KeyCode::Char('3'));
                key(a, KeyCode::Enter);
            }),
        ),
        (
            "palette",
            Box::new(|a, c| {
                ctrl(a, 'p');
                type_in(a, c, "nov 21");
            }),
        ),
        ("help", Box::new(|a, _| key(a, KeyCode::Char('?')))),
        (
            "filter",
            Box::new(|a, c| {
                key(a, KeyCode::Char('/'));
                type_in(a, c, "cara");
            }),
        ),
        (
            "search",
            Box::new(|a, _| {
                key(a, KeyCode::Char('2'));
                key(a, KeyCode::Char('/'));
                a.type_str("the");
            }),
        ),
        (
            "entities",
            Box::new(|a, _| {
                key(a, KeyCode::Char('3'));
                key(a, KeyCode::Char('e'));
                key(a, KeyCode::Char('G'));
            }),
        ),
        ("timeline", Box::new(|a, _| key(a, KeyCode::Char('t')))),
        (
            "timeline by year",
            Box::new(|a, _| {
                key(a, KeyCode::Char('t'));
                key(a, KeyCode::Char('-'));
                key(a, KeyCode::Char('-'));
            }),
        ),
        (
            "mentions",
            Box::new(|a, _| {
                key(a, KeyCode::Char('3'));
                key(a, KeyCode::Enter);
                key(a, KeyCode::Char('m'));
            }),
        ),
        (
            "seen with",
            Box::new(|a, _| {
                key(a, KeyCode::Char('3'));
                key(a, KeyCode::Enter);
                key(a, KeyCode::Char('c'));
            }),
        ),
    ]
}

#[test]
fn no_size_panics() {
    let widths: Vec<u16> = (1..=12)
        .chain([20, 30, 45, 59, 60, 61, 79, 80, 99, 100, 101, 160, 250, 300])
        .collect();
    let heights: Vec<u16> = (1..=6).chain([8, 12, 24, 40, 70, 100]).collect();
    for (name, setup) in states() {
        for corpus in [corpus(), hostile_corpus(), Corpus::default()] {
            let (mut app, mut core) = app_with(corpus, Theme::default(), 120, 40);
            setup(&mut app, &mut core);
            for &w in &widths {
                for &h in &heights {
                    app.update(docent::tui::app::Msg::Resize(w, h));
                    let buf = render(&mut app);
                    assert_eq!(buf.area.width, w, "{name} {w}x{h}");
                    // Keys still work after a resize.
                    key(&mut app, KeyCode::Char('j'));
                    key(&mut app, KeyCode::Char('k'));
                }
            }
        }
    }
}

#[test]
fn empty_corpus_and_entityless_documents_render() {
    let (mut app, _) = app_with(Corpus::default(), Theme::default(), 120, 30);
    let t = text(&render(&mut app));
    assert!(t.contains("no documents"), "{t}");
    let mut c = corpus();
    c.entities.make_mut().clear();
    let (mut app, _) = app_with(c, Theme::default(), 120, 30);
    let t = text(&render(&mut app));
    assert!(t.contains("no entities in this document"), "{t}");
}

// ----- configuration ----------------------------------------------------------------------------

#[test]
fn help_and_hints_show_the_keys_as_configured() {
    let (mut app, _) = app_config(
        "[keys.global]\n\"?\" = \"none\"\nf1 = \"help\"\n\"g g\" = \"top\"\n[keys.reader]\nx = \"next_document\"\n",
        120,
        50,
    );
    assert!(status(&render(&mut app)).contains("F1 help"));
    key(&mut app, KeyCode::Char('?'));
    assert!(app.help.is_none(), "? is unbound");
    key(&mut app, KeyCode::F(1));
    let t = text(&render(&mut app));
    assert!(t.contains("docent · help"), "{t}");
    let line = |needle: &str| {
        t.lines()
            .find(|l| l.contains(needle))
            .unwrap_or("")
            .to_string()
    };
    assert!(line("this help").contains("F1"), "{t}");
    assert!(!line("this help").contains('?'), "{t}");
    assert!(line("go to the top").contains("gg"), "{t}");
    assert!(
        t.contains("In the reader"),
        "pane bindings get a section: {t}"
    );
    let lines: Vec<&str> = t.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("In the reader"))
        .unwrap_or(0);
    let next = lines.get(at + 1).copied().unwrap_or("");
    assert!(
        next.contains(" x ") && next.contains("open the next document"),
        "{t}"
    );
}

/// Overlay hints were fixed strings: they name the keys as configured now.
#[test]
fn overlay_hints_name_the_keys_as_configured() {
    let (mut app, _) = app_config(
        "[keys.list]\nenter = \"none\"\no = \"accept\"\n[keys.help]\nx = \"cancel\"\n",
        120,
        40,
    );
    key(&mut app, KeyCode::Char('t'));
    let t = text(&render(&mut app));
    let frame = t.lines().find(|l| l.contains("close ╯")).unwrap_or("");
    assert!(frame.contains("o jump"), "{t}");
    assert!(!frame.contains("Enter"), "{t}");
    assert!(frame.contains("+/- zoom"), "{t}");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('?'));
    let t = text(&render(&mut app));
    assert!(
        t.contains("j/k scroll · Esc/x close") || t.contains("j/k scroll · Esc close"),
        "{t}"
    );
}

#[test]
fn themes_colour_the_screen() {
    let (mut app, _) = app_config("theme = \"light\"\n", 120, 30);
    let buf = render(&mut app);
    let (x, y) = find_text(&buf, "Caracas before").expect("shown");
    assert_eq!(
        buf[(x, y)].fg,
        Theme::light()
            .kind(docent::model::EntityKind::Place)
            .fg
            .unwrap_or(Color::Reset)
    );
    assert_ne!(buf[(x, y)].fg, Color::Green);
    let (mut app, _) = app_config("theme = \"dark\"\n[colors]\nplace = \"#010203\"\n", 120, 30);
    let buf = render(&mut app);
    let (x, y) = find_text(&buf, "Caracas before").expect("shown");
    assert_eq!(buf[(x, y)].fg, Color::Rgb(1, 2, 3));
    let (x, y) = find_text(&buf, "CNE will").expect("shown");
    assert_eq!(buf[(x, y)].fg, Color::LightMagenta, "the dark theme's");
}

#[test]
fn hidden_kinds_are_not_coloured_and_dates_use_the_format() {
    let (mut app, _) = app_config(
        "[entities]\nkinds = [\"person\"]\n[reader]\ndate_format = \"%d %b %Y\"\n",
        120,
        30,
    );
    let buf = render(&mut app);
    let (x, y) = find_text(&buf, "Caracas before").expect("shown");
    assert_eq!(buf[(x, y)].fg, Color::Reset, "places hidden");
    let (x, y) = find_text(&buf, "Nicolás Maduro spoke").expect("shown");
    assert_eq!(buf[(x, y)].fg, Color::Cyan);
    assert!(status(&buf).contains("08 Aug 2021"), "{}", status(&buf));
    let t = text(&buf);
    assert!(!t.contains("Places"), "{t}");
}

#[test]
fn boilerplate_is_dimmed_unless_turned_off() {
    let mut c = corpus();
    let text = "Story title\n\nAdvertisement\nThe story itself goes on here.";
    c.documents.make_mut().truncate(1);
    c.documents.make_mut()[0].text = text.into();
    c.documents.make_mut()[0].body_start = 0;
    c.entities.make_mut().clear();
    let (mut app, _) = app_with(c.clone(), Theme::default(), 120, 30);
    let buf = render(&mut app);
    let (x, y) = find_text(&buf, "Advertisement").expect("shown");
    assert_eq!(
        buf[(x, y)].fg,
        Theme::default().dim.fg.unwrap_or(Color::Reset)
    );
    let (x, y) = find_text(&buf, "The story").expect("shown");
    assert_eq!(buf[(x, y)].fg, Color::Reset);
    let (mut app, _) = app_with(c, Theme::default(), 120, 30);
    let (config, _) = docent::config::Config::parse("[reader]\ndim_boilerplate = false\n", "t");
    app.apply_settings(config.settings());
    let buf = render(&mut app);
    let (x, y) = find_text(&buf, "Advertisement").expect("shown");
    assert_eq!(buf[(x, y)].fg, Color::Reset);
}

#[test]
fn wrap_width_limits_the_reader_column() {
    let (mut app, _) = app_config("[layout]\nwrap = 30\n", 160, 30);
    key(&mut app, KeyCode::Char('2'));
    assert_eq!(app.text_rect().width, 30);
    let (mut app, _) = app_config(
        "[layout]\nwrap = 0\nsources_width = 10\nentities_width = 10\n",
        300,
        30,
    );
    key(&mut app, KeyCode::Char('2'));
    assert!(app.text_rect().width > 100, "{:?}", app.text_rect());
}

#[test]
fn timeline_overlay_shows_bars_documents_and_unresolved_dates() {
    let (mut app, _) = app(120, 30);
    key(&mut app, KeyCode::Char('t'));
    let buf = render(&mut app);
    let t = text(&buf);
    assert!(t.contains("Timeline · by day"), "{t}");
    let row = t
        .lines()
        .find(|l| l.contains("2021-11-21 Sun 21 Nov 2021"))
        .expect("the date's row");
    assert!(row.contains('█'), "a bar: {row}");
    assert!(
        row.contains("■ Results~"),
        "the inferred document date: {row}"
    );
    assert!(row.contains("2 docs"), "{row}");
    let dated = t
        .lines()
        .find(|l| l.contains("2021-08-08"))
        .expect("the document-only row");
    assert!(dated.contains("■ Venezuela votes"), "{dated}");
    assert!(!dated.contains('█'), "no mentions, no bar: {dated}");
    let unresolved = t
        .lines()
        .position(|l| l.contains("? Sunday"))
        .expect("listed");
    let resolved = t
        .lines()
        .position(|l| l.contains("2021-11-21 Sun"))
        .expect("listed");
    assert!(unresolved > resolved, "unresolved dates last");
    // The longest bar is the most mentioned date, drawn in the date colour.
    let (x, y) = find_text(&buf, "██").expect("a full bar");
    assert_eq!(buf[(x, y)].fg, Color::Yellow);
    insta::assert_snapshot!("timeline_120x30", t);
    key(&mut app, KeyCode::Char('-'));
    let t = text(&render(&mut app));
    assert!(t.contains("Timeline · by month"), "{t}");
    assert!(t.contains("2021-11 Nov 2021"), "{t}");
    assert!(!t.contains("2021-11-21 Sun"), "{t}");
}

#[test]
fn mention_list_highlights_each_mention_in_its_sentence() {
    let (mut app, _) = app(120, 30);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Enter); // Nicolás Maduro
    key(&mut app, KeyCode::Char('m'));
    let buf = render(&mut app);
    let t = text(&buf);
    assert!(t.contains("3 mentions in 2 documents"), "{t}");
    assert!(
        t.contains("Maduro said the opposition would take part."),
        "{t}"
    );
    assert!(t.contains("2021-11-21~"), "inferred date marked: {t}");
    // The mention itself is marked (reversed), the rest of the sentence is not.
    let (x, y) = find_text(&buf, "Maduro said").expect("shown");
    assert!(buf[(x, y)].modifier.contains(Modifier::REVERSED));
    let (x, y) = find_text(&buf, "said the opposition").expect("shown");
    assert!(!buf[(x, y)].modifier.contains(Modifier::REVERSED));
    insta::assert_snapshot!("mentions_120x30", t);
}

#[test]
fn seen_with_overlay_ranks_with_counts() {
    let (mut app, _) = app(120, 30);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Enter); // Nicolás Maduro
    key(&mut app, KeyCode::Char('c'));
    let t = text(&render(&mut app));
    let rows: Vec<&str> = t.lines().filter(|l| l.contains(" sent ")).collect();
    assert!(rows[0].contains("PLC Caracas"), "{t}");
    assert!(rows[0].contains("1 sent    2 docs"), "{t}");
    assert!(rows.iter().any(|r| r.contains("Miraflores")), "{t}");
    insta::assert_snapshot!("seen_with_120x30", t);
}

#[test]
fn a_source_change_notice_shows_on_the_status_line_sanitized() {
    let (mut app, _core) = app(120, 30);
    app.update(docent::tui::app::Msg::Notice(
        "synthetic/000.txt\u{1b}]0;x\u{7} changed on disk since it was read".into(),
    ));
    let line = status(&render(&mut app));
    assert!(line.contains("changed on disk"), "{line}");
    assert!(
        !line.contains('\u{1b}') && !line.contains('\u{7}'),
        "{line:?}"
    );
}

/// At 80 columns the Entities title's right part (" all · by count ") overwrote the count:
/// 3003 entities read "Entities 30". And with every group folded the count fell to 0.
#[test]
fn the_entities_title_count_is_never_overwritten_or_folded_away() {
    use docent::tui::panes::entities::EntityRow;
    for w in [40, 60, 80, 120, 200] {
        let (mut app, _) = app(w, 24);
        key(&mut app, KeyCode::Char('3'));
        key(&mut app, KeyCode::Char('e')); // the whole corpus
        let total: usize = app
            .entities
            .rows
            .iter()
            .map(|r| match r {
                EntityRow::Header { count, .. } => *count,
                EntityRow::Entity { .. } => 0,
            })
            .sum();
        let want = format!("Entities {total} ");
        let buf = render(&mut app);
        let t = text(&buf);
        if w >= 80 {
            assert!(t.contains(&want), "{w} columns: {t}");
            assert!(w < 120 || t.contains("all · by count"), "{w} columns: {t}");
        }
        key(&mut app, KeyCode::Char('Z')); // fold every group
        let t = text(&render(&mut app));
        if w >= 80 {
            assert!(t.contains(&want), "folded, {w} columns: {t}");
        }
    }
}

/// The correction pickers (rename, kind, merge) said "Enter jump · Esc close" on the status line,
/// under an overlay that says "Enter choose · Esc cancel".
#[test]
fn the_status_line_names_what_a_correction_picker_does() {
    let (mut app, _) = app(80, 24);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('K'));
    let st = status(&render(&mut app));
    assert!(
        st.contains("Enter choose") && st.contains("Esc cancel"),
        "{st}"
    );
    assert!(!st.contains("jump"), "{st}");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('r'));
    let st = status(&render(&mut app));
    assert!(st.contains("Enter rename"), "{st}");
    key(&mut app, KeyCode::Esc);
    ctrl(&mut app, 'p');
    let st = status(&render(&mut app));
    assert!(st.contains("Enter jump"), "the palette still jumps: {st}");
}

/// `m` and `c` with no active entity said why in a message cut at 80 columns ("… (Enter…").
#[test]
fn the_no_active_entity_message_fits_80_columns() {
    for k in ['m', 'c'] {
        let (mut app, _) = app(80, 24);
        key(&mut app, KeyCode::Char(k));
        let st = status(&render(&mut app));
        assert!(st.contains("no active entity"), "{k}: {st}");
        assert!(st.contains("or Ctrl-P"), "{k}: the whole message: {st}");
    }
}

/// The message named "Ctrl-P" as fixed text: it names the palette's key as configured.
#[test]
fn the_no_active_entity_message_names_the_palette_key_as_bound() {
    let (mut app, _) = app_config(
        "[keys.global]\n\"ctrl-p\" = \"none\"\n\"ctrl-o\" = \"open_palette\"\n",
        80,
        24,
    );
    key(&mut app, KeyCode::Char('m'));
    let st = status(&render(&mut app));
    assert!(st.contains("or Ctrl-O"), "{st}");
    assert!(!st.contains("Ctrl-P"), "{st}");
}

/// At 40 columns the palette's opening hint was cut mid-word ("people, places, or"): it wraps
/// at word boundaries now.
#[test]
fn the_palette_hint_wraps_at_words_on_a_narrow_terminal() {
    let (mut app, _) = app(40, 20);
    ctrl(&mut app, 'p');
    let t = text(&render(&mut app));
    assert!(t.contains("organizations,"), "{t}");
    assert!(t.contains("document titles"), "{t}");
}
