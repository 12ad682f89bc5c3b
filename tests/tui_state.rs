//! State tests: key and mouse events in, app state out — no terminal involved.

mod tui_common;

use docent::tui::app::{EntityRow, Msg, Scope, Sort};
use docent::tui::geometry::Pane;
use ratatui::crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use tui_common::*;

fn entity_index(app: &docent::tui::app::App, name: &str) -> usize {
    app.corpus
        .entities
        .iter()
        .position(|e| e.name == name)
        .expect("entity exists")
}

fn select_entity(app: &mut docent::tui::app::App, name: &str) {
    let e = entity_index(app, name);
    let row = app
        .entities
        .rows
        .iter()
        .position(|r| matches!(r, EntityRow::Entity { entity, .. } if *entity == e))
        .expect("entity listed");
    app.entities.nav.selected = row;
}

#[test]
fn starts_on_the_first_document_with_sources_focused() {
    let (app, _) = app(120, 40);
    assert_eq!(app.reader.doc, 0);
    assert_eq!(app.focus, Pane::Sources);
    assert!(app.active.is_none());
    assert_eq!(app.sources.rows.len(), 3);
    // Document scope: grouped by kind, headers first, only entities of document 0.
    assert!(matches!(
        app.entities.rows.first(),
        Some(EntityRow::Header {
            label: "People",
            ..
        })
    ));
    let maduro = entity_index(&app, "Nicolás Maduro");
    let guaido = entity_index(&app, "Juan Guaidó");
    let listed: Vec<usize> = app
        .entities
        .rows
        .iter()
        .filter_map(|r| match r {
            EntityRow::Entity { entity, .. } => Some(*entity),
            _ => None,
        })
        .collect();
    assert!(listed.contains(&maduro));
    assert!(!listed.contains(&guaido));
    // The unresolved date is listed apart, after the resolved ones.
    let labels: Vec<&str> = app
        .entities
        .rows
        .iter()
        .filter_map(|r| match r {
            EntityRow::Header { label, .. } => Some(*label),
            _ => None,
        })
        .collect();
    assert_eq!(
        labels,
        [
            "People",
            "Places",
            "Organizations",
            "Dates",
            "Unresolved dates"
        ]
    );
}

#[test]
fn focus_keys_cycle_and_jump() {
    let (mut app, _) = app(120, 40);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Reader);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Entities);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Sources);
    app.update(Msg::Key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::BackTab,
        KeyModifiers::SHIFT,
    )));
    assert_eq!(app.focus, Pane::Entities);
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(app.focus, Pane::Sources);
    key(&mut app, KeyCode::Char('2'));
    assert_eq!(app.focus, Pane::Reader);
}

#[test]
fn enter_in_sources_opens_the_document() {
    let (mut app, _) = app(120, 40);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.reader.doc, 0, "moving does not open");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.reader.doc, 2);
    assert_eq!(app.focus, Pane::Reader);
    key(&mut app, KeyCode::Char('['));
    assert_eq!(app.reader.doc, 1);
}

#[test]
fn entity_enter_and_n_walk_mentions_across_documents_and_wrap() {
    let (mut app, _) = app(120, 40);
    key(&mut app, KeyCode::Char('3'));
    select_entity(&mut app, "Nicolás Maduro");
    key(&mut app, KeyCode::Enter);
    let maduro = entity_index(&app, "Nicolás Maduro");
    let (_, k, m, d) = app.active_info().expect("active");
    assert_eq!((k, m, d), (1, 3, 2));
    assert_eq!(app.active.map(|a| a.entity), Some(maduro));
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.active_info().map(|i| i.1), Some(2));
    assert_eq!(app.reader.doc, 0);
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.active_info().map(|i| i.1), Some(3));
    assert_eq!(app.reader.doc, 2, "n crosses into the next document");
    assert!(app.message.is_none());
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.active_info().map(|i| i.1), Some(1));
    assert_eq!(app.reader.doc, 0);
    assert!(app.message.as_deref().unwrap_or("").contains("wrapped"));
    app.update(Msg::Key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('N'),
        KeyModifiers::SHIFT,
    )));
    assert_eq!(app.active_info().map(|i| i.1), Some(3));
    assert!(app.message.as_deref().unwrap_or("").contains("wrapped"));
}

#[test]
fn n_without_an_active_entity_says_so() {
    let (mut app, _) = app(120, 40);
    key(&mut app, KeyCode::Char('n'));
    assert!(app.active.is_none());
    assert!(app
        .message
        .as_deref()
        .unwrap_or("")
        .contains("no active entity"));
    key(&mut app, KeyCode::Char('j'));
    assert!(app.message.is_none(), "messages are transient");
}

#[test]
fn scope_and_sort_toggle() {
    let (mut app, _) = app(120, 40);
    assert_eq!(app.entities.scope, Scope::Document);
    let n_doc = app.entities.rows.len();
    key(&mut app, KeyCode::Char('e'));
    assert_eq!(app.entities.scope, Scope::Corpus);
    assert!(app.entities.rows.len() > n_doc);
    let guaido = entity_index(&app, "Juan Guaidó");
    assert!(app
        .entities
        .rows
        .iter()
        .any(|r| matches!(r, EntityRow::Entity { entity, .. } if *entity == guaido)));
    // By count: Maduro (3) before Guaidó (1); by name: Juan before Nicolás.
    let people = |app: &docent::tui::app::App| -> Vec<String> {
        app.entities
            .rows
            .iter()
            .filter_map(|r| match r {
                EntityRow::Entity { entity, .. } => app.corpus.entities.get(*entity),
                _ => None,
            })
            .filter(|e| e.kind == docent::model::EntityKind::Person)
            .map(|e| e.name.clone())
            .collect()
    };
    assert_eq!(people(&app), ["Nicolás Maduro", "Juan Guaidó"]);
    key(&mut app, KeyCode::Char('s'));
    assert_eq!(app.entities.sort, Sort::Name);
    assert_eq!(people(&app), ["Juan Guaidó", "Nicolás Maduro"]);
}

#[test]
fn palette_jumps_to_an_entity_at_its_first_mention() {
    let (mut app, mut core) = app(120, 40);
    ctrl(&mut app, 'p');
    assert!(app.palette.is_some());
    type_in(&mut app, &mut core, "maduro");
    let p = app.palette.as_ref().expect("open");
    assert!(!p.items.is_empty(), "results arrived");
    key(&mut app, KeyCode::Enter);
    assert!(app.palette.is_none());
    let (e, k, _, _) = app.active_info().expect("active");
    assert_eq!(e.name, "Nicolás Maduro");
    assert_eq!(k, 1);
}

#[test]
fn palette_enter_before_results_jumps_when_they_arrive() {
    let (mut app, mut core) = app(120, 40);
    ctrl(&mut app, 'p');
    app.type_str("nov 21 2021");
    key(&mut app, KeyCode::Enter);
    assert!(app.palette.is_some(), "still waiting for results");
    pump(&mut app, &mut core);
    assert!(app.palette.is_none());
    let (e, _, _, _) = app.active_info().expect("active");
    assert_eq!(e.value.as_deref(), Some("2021-11-21"));
}

#[test]
fn palette_esc_closes_and_ctrl_c_quits_from_anywhere() {
    let (mut app, mut core) = app(120, 40);
    ctrl(&mut app, 'p');
    type_in(&mut app, &mut core, "car");
    key(&mut app, KeyCode::Esc);
    assert!(app.palette.is_none());
    assert!(!app.quit);
    ctrl(&mut app, 'p');
    ctrl(&mut app, 'c');
    assert!(app.quit);
}

#[test]
fn q_in_a_prompt_types_instead_of_quitting() {
    let (mut app, _) = app(120, 40);
    key(&mut app, KeyCode::Char('/'));
    key(&mut app, KeyCode::Char('q'));
    assert!(!app.quit);
    assert_eq!(app.sources.filter.text, "q");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('q'));
    assert!(app.quit);
}

#[test]
fn stale_matcher_results_are_dropped() {
    let (mut app, mut core) = app(120, 40);
    ctrl(&mut app, 'p');
    app.type_str("guai");
    let old = app.take_jobs();
    app.type_str("x");
    let new = app.take_jobs();
    assert!(
        old[0].cancel.load(std::sync::atomic::Ordering::Relaxed),
        "superseded job cancelled"
    );
    // The old result arrives late (computed despite the flag): ignored.
    let mut stale = old[0].clone();
    stale.cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    if let Some(r) = core.run(&stale) {
        app.update(Msg::Job(r));
    }
    assert!(app
        .palette
        .as_ref()
        .is_some_and(|p| p.items.is_empty() && p.pending));
    for j in new {
        if let Some(r) = core.run(&j) {
            app.update(Msg::Job(r));
        }
    }
    assert!(app.palette.as_ref().is_some_and(|p| !p.pending));
}

#[test]
fn sources_filter_matches_titles_and_paths_and_text_on_ctrl_t() {
    let (mut app, mut core) = app(120, 40);
    key(&mut app, KeyCode::Char('/'));
    type_in(&mut app, &mut core, "'ballot");
    assert_eq!(app.sources.rows.len(), 1);
    assert_eq!(app.sources.rows[0].doc, 1);
    assert!(
        !app.sources.rows[0].positions.is_empty(),
        "title chars highlighted"
    );
    // Text only: "Miraflores" appears in document 2's text, not in any title or path, so
    // the filter finds it once Ctrl-T turns on the text.
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.sources.rows.len(), 3, "Esc clears");
    key(&mut app, KeyCode::Char('/'));
    type_in(&mut app, &mut core, "miraflores");
    assert!(app.sources.rows.is_empty(), "titles and paths only");
    ctrl(&mut app, 't');
    pump(&mut app, &mut core);
    assert!(app.sources.text_mode);
    assert_eq!(
        app.sources.rows.iter().map(|r| r.doc).collect::<Vec<_>>(),
        [2]
    );
    key(&mut app, KeyCode::Enter);
    assert!(!app.sources.filter.editing);
    assert_eq!(app.sources.rows.len(), 1, "Enter keeps the filter");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.reader.doc, 2);
}

#[test]
fn entities_filter_matches_names_aliases_and_date_forms() {
    let (mut app, mut core) = app(120, 40);
    key(&mut app, KeyCode::Char('e'));
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('/'));
    type_in(&mut app, &mut core, "nicolas");
    let listed: Vec<String> = app
        .entities
        .rows
        .iter()
        .filter_map(|r| match r {
            EntityRow::Entity { entity, .. } => {
                app.corpus.entities.get(*entity).map(|e| e.name.clone())
            }
            _ => None,
        })
        .collect();
    assert_eq!(listed, ["Nicolás Maduro"]);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('/'));
    type_in(&mut app, &mut core, "21 november");
    assert!(app.entities.rows.iter().any(|r| matches!(r,
        EntityRow::Entity { entity, .. } if app.corpus.entities[*entity].value.as_deref() == Some("2021-11-21"))));
}

#[test]
fn reader_search_highlights_and_n_steps_hits() {
    let (mut app, mut core) = app(120, 40);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('/'));
    app.type_str("maduro");
    assert_eq!(app.reader.search.hits.len(), 2);
    assert_eq!(app.reader.search.current, Some(0));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.reader.search.current, Some(1));
    assert_eq!(app.message.as_deref(), Some("hit 2/2"));
    // Past the last hit before the worker said which documents have one: the step waits.
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.reader.doc, 0);
    assert_eq!(
        app.message.as_deref(),
        Some("searching the other documents…")
    );
    pump(&mut app, &mut core);
    // Then it goes on: document 1 has no Maduro, document 2 has one.
    assert_eq!(app.reader.doc, 2);
    assert_eq!(app.reader.search.current, Some(0));
    assert_eq!(
        app.message.as_deref(),
        Some("hit 1/1 · document 2 of 2 with hits")
    );
    // Around the list to the first document's first hit, and back with N to the last.
    key(&mut app, KeyCode::Char('n'));
    assert_eq!((app.reader.doc, app.reader.search.current), (0, Some(0)));
    assert!(app
        .message
        .as_deref()
        .unwrap_or("")
        .contains("wrapped to the first document"));
    key(&mut app, KeyCode::Char('N'));
    assert_eq!((app.reader.doc, app.reader.search.current), (2, Some(0)));
    assert!(app
        .message
        .as_deref()
        .unwrap_or("")
        .contains("wrapped to the last document"));
    key(&mut app, KeyCode::Char('N'));
    assert_eq!((app.reader.doc, app.reader.search.current), (0, Some(1)));
    assert_eq!(
        app.message.as_deref(),
        Some("hit 2/2 · document 1 of 2 with hits")
    );
    key(&mut app, KeyCode::Esc);
    assert!(!app.reader.search.active());
}

#[test]
fn reader_search_in_one_document_wraps_inside_it() {
    let (mut app, mut core) = app(120, 40);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('/'));
    type_in(&mut app, &mut core, "european");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.reader.search.hits.len(), 1);
    key(&mut app, KeyCode::Char('n'));
    assert_eq!((app.reader.doc, app.reader.search.current), (0, Some(0)));
    assert_eq!(
        app.message.as_deref(),
        Some("hit 1/1 · document 1 of 1 with hits · wrapped to the top")
    );
    // A search no document has.
    key(&mut app, KeyCode::Char('/'));
    key(&mut app, KeyCode::Backspace);
    type_in(&mut app, &mut core, "zzz");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.message.as_deref(), Some("no match in any document"));
}

#[test]
fn reader_search_in_a_document_without_a_hit_says_where_n_goes() {
    let (mut app, mut core) = app(120, 40);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char(']'));
    assert_eq!(app.reader.doc, 1);
    key(&mut app, KeyCode::Char('/'));
    type_in(&mut app, &mut core, "maduro");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.message.as_deref(),
        Some("no match in this document; n goes to the next document with one")
    );
    key(&mut app, KeyCode::Char('n'));
    assert_eq!((app.reader.doc, app.reader.search.current), (2, Some(0)));
    key(&mut app, KeyCode::Char('N'));
    assert_eq!((app.reader.doc, app.reader.search.current), (0, Some(1)));
}

#[test]
fn reader_search_across_documents_follows_the_sources_filter() {
    let (mut app, mut core) = app(120, 40);
    // Sources filtered to the third document alone.
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('/'));
    type_in(&mut app, &mut core, "'results");
    let listed: Vec<usize> = app.sources.rows.iter().map(|r| r.doc).collect();
    assert_eq!(listed, [2]);
    key(&mut app, KeyCode::Enter);
    // Caracas is in every document; from the first (not listed) `n` goes to the listed one
    // and stays there.
    key(&mut app, KeyCode::Char('2'));
    assert_eq!(app.reader.doc, 0);
    key(&mut app, KeyCode::Char('/'));
    type_in(&mut app, &mut core, "caracas");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.reader.search.hits.len(), 1);
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.reader.doc, 2);

    assert_eq!(
        app.message.as_deref(),
        Some("hit 1/1 · document 1 of 1 with hits")
    );
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.reader.doc, 2);
    assert_eq!(
        app.message.as_deref(),
        Some("hit 1/1 · document 1 of 1 with hits · wrapped to the top")
    );
}

#[test]
fn reader_scrolls_and_clamps() {
    let (mut app, _) = app(40, 8);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('G'));
    let bottom = app.reader.scroll;
    assert!(bottom > 0, "the document is longer than the screen");
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.reader.scroll, bottom, "no scrolling past the end");
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(app.reader.scroll, 0);
    ctrl(&mut app, 'd');
    assert!(app.reader.scroll > 0);
}

#[test]
fn help_opens_and_closes() {
    let (mut app, _) = app(120, 40);
    key(&mut app, KeyCode::Char('?'));
    assert!(app.help.is_some());
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Esc);
    assert!(app.help.is_none());
    assert!(!app.quit);
}

#[test]
fn narrow_sidebar_toggles() {
    let (mut app, _) = app(80, 24);
    key(&mut app, KeyCode::Char('2'));
    assert!(app.rects().entities.is_none() && app.rects().sources.is_none());
    key(&mut app, KeyCode::Char('b'));
    assert!(app.rects().entities.is_some() || app.rects().sources.is_some());
    key(&mut app, KeyCode::Char('b'));
    assert!(app.rects().entities.is_none() && app.rects().sources.is_none());
}

fn mouse(kind: MouseEventKind, x: u16, y: u16) -> Msg {
    Msg::Mouse(MouseEvent {
        kind,
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    })
}

#[test]
fn mouse_click_focuses_and_selects_and_wheel_scrolls() {
    let (mut app, _) = app(120, 40);
    let rects = app.rects();
    let ent = rects.entities.expect("entities shown");
    // Row 2 of the list (row 1 is the People header).
    app.update(mouse(
        MouseEventKind::Down(MouseButton::Left),
        ent.x + 3,
        ent.y + 2,
    ));
    assert_eq!(app.focus, Pane::Entities);
    assert_eq!(app.entities.nav.selected, 1);
    // Clicking the selected row again activates it.
    app.update(mouse(
        MouseEventKind::Down(MouseButton::Left),
        ent.x + 3,
        ent.y + 2,
    ));
    assert!(app.active.is_some());
    let src = rects.sources.expect("sources shown");
    app.update(mouse(
        MouseEventKind::Down(MouseButton::Left),
        src.x + 3,
        src.y + 3,
    ));
    assert_eq!(app.focus, Pane::Sources);
    assert_eq!(app.sources.nav.selected, 1);
    // The wheel over the reader scrolls it without focusing it.
    app.update(Msg::Resize(60, 12));
    let before = app.reader.scroll;
    let r = app.rects().reader.expect("reader");
    app.update(mouse(MouseEventKind::ScrollDown, r.x + 2, r.y + 2));
    assert!(app.reader.scroll > before || app.rects().reader.is_none());
}

#[test]
fn clicking_a_mention_in_the_reader_activates_it() {
    let (mut app, _) = app(120, 40);
    key(&mut app, KeyCode::Char('2'));
    let buf = render(&mut app);
    let (x, y) = find_text(&buf, "Caracas").expect("Caracas shown");
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), x + 1, y));
    let (e, k, _, _) = app.active_info().expect("active");
    assert_eq!(e.name, "Caracas");
    assert_eq!(k, 1);
}

// ----- configuration ----------------------------------------------------------------------------

#[test]
fn a_rebound_key_runs_its_action_and_the_old_key_no_longer_does() {
    let (mut app, _) = app_config(
        "[keys.global]\nx = \"focus_entities\"\n3 = \"none\"\n",
        120,
        40,
    );
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(app.focus, Pane::Sources, "3 is unbound");
    key(&mut app, KeyCode::Char('x'));
    assert_eq!(app.focus, Pane::Entities);
}

#[test]
fn an_unbound_quit_key_does_not_quit() {
    let (mut app, _) = app_config("[keys.global]\nq = \"none\"\nQ = \"quit\"\n", 120, 40);
    key(&mut app, KeyCode::Char('q'));
    assert!(!app.quit);
    app.update(Msg::Key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('Q'),
        KeyModifiers::SHIFT,
    )));
    assert!(app.quit);
}

#[test]
fn a_two_key_sequence_waits_then_acts() {
    let (mut app, _) = app_config("[keys.global]\n\"g g\" = \"bottom\"\n", 120, 40);
    assert_eq!(app.focus, Pane::Sources);
    assert_eq!(app.sources.nav.selected, 0);
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(app.pending.len(), 1, "waiting for the second key");
    assert_eq!(app.sources.nav.selected, 0);
    let buf = render(&mut app);
    assert!(status(&buf).contains("g…"), "{}", status(&buf));
    key(&mut app, KeyCode::Char('g'));
    assert!(app.pending.is_empty());
    assert_eq!(app.sources.nav.selected, 2, "g g went to the bottom");
    // g then k: the sequence is dropped and k moves up on its own.
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Char('k'));
    assert!(app.pending.is_empty());
    assert_eq!(app.sources.nav.selected, 1);
    assert!(!status(&render(&mut app)).contains("g…"));
}

#[test]
fn a_sequence_in_a_prompt_context_does_not_type_its_first_key() {
    let (mut app, mut core) = app_config(
        "[keys.prompt]\n\"ctrl-x ctrl-x\" = \"clear_input\"\n",
        120,
        40,
    );
    key(&mut app, KeyCode::Char('/'));
    type_in(&mut app, &mut core, "cara");
    ctrl(&mut app, 'x');
    assert_eq!(app.sources.filter.text, "cara");
    ctrl(&mut app, 'x');
    assert_eq!(app.sources.filter.text, "");
}

#[test]
fn settings_choose_scope_sort_kinds_and_sidebar() {
    let (app, _) = app_config(
        "[entities]\nscope = \"corpus\"\nsort = \"name\"\nkinds = [\"person\", \"date\"]\n[layout]\nsidebar = \"sources\"\nsidebar_open = true\n",
        80,
        24,
    );
    assert_eq!(app.entities.scope, Scope::Corpus);
    assert_eq!(app.entities.sort, Sort::Name);
    let kinds: Vec<_> = app
        .entities
        .rows
        .iter()
        .filter_map(|r| match r {
            EntityRow::Header { kind, .. } => Some(*kind),
            _ => None,
        })
        .collect();
    assert!(!kinds.is_empty());
    assert!(
        kinds.iter().all(|k| matches!(
            k,
            docent::model::EntityKind::Person | docent::model::EntityKind::Date
        )),
        "{kinds:?}"
    );
    // Corpus scope lists Guaidó (only in the second document) from the start.
    let guaido = entity_index(&app, "Juan Guaidó");
    assert!(app
        .entities
        .rows
        .iter()
        .any(|r| matches!(r, EntityRow::Entity { entity, .. } if *entity == guaido)));
    // Reading at 80 columns, the pinned sidebar is Sources.
    let mut app = app;
    key(&mut app, KeyCode::Char('2'));
    let r = app.rects();
    assert!(r.sources.is_some() && r.entities.is_none(), "{r:?}");
}

#[test]
fn configuration_problems_are_on_the_status_line() {
    let (mut app, _) = app(120, 30);
    let (_, errors) = docent::config::Config::parse("mouse = 3\n", "my.toml");
    let loaded = docent::config::Loaded {
        errors,
        ..Default::default()
    };
    app.add_message(loaded.summary().expect("a summary"));
    let st = status(&render(&mut app));
    assert!(st.contains("config: 1 problem in my.toml"), "{st}");
}

/// `y` copies the sentence of the current search hit with its source; with no hit, the
/// active mention's sentence; the event loop gets it as one clipboard effect.
#[test]
fn y_copies_the_passage_in_view_with_its_source() {
    let (mut app, mut core) = app(120, 40);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('/'));
    type_in(&mut app, &mut core, "observers");
    key(&mut app, KeyCode::Enter);
    let _ = app.take_effects();
    key(&mut app, KeyCode::Char('y'));
    let copied: Vec<String> = app
        .take_effects()
        .into_iter()
        .filter_map(|e| match e {
            docent::tui::app::Effect::Copy(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(copied.len(), 1, "one clipboard effect");
    let (quote, source) = copied[0].split_once('\n').unwrap_or_default();
    assert_eq!(
        quote,
        "\"Observers from the European Union arrived on Sunday.\""
    );
    assert!(
        source.starts_with("— Venezuela votes in regional elections (2021-08-08), "),
        "{source}"
    );
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with("copied \"Observers")),
        "{:?}",
        app.message
    );
    // Taken once: no second copy without a second key.
    assert!(!app
        .take_effects()
        .iter()
        .any(|e| matches!(e, docent::tui::app::Effect::Copy(_))));
}
