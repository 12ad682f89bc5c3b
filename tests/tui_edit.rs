//! State tests for corrections in the Entities pane: rename, merge, split, kind, hide and
//! restore — keys in, corrected entities and the corrections to save out.

mod tui_common;

use docent::corrections::Correction;
use docent::model::EntityKind;
use docent::tui::app::{App, EntityRow};
use docent::tui::worker::JobKind;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

fn find(app: &App, name: &str) -> Option<usize> {
    app.corpus.entities.iter().position(|e| e.name == name)
}

/// Focuses Entities in corpus scope and selects `name`.
fn select(app: &mut App, name: &str) {
    if app.focus != docent::tui::geometry::Pane::Entities {
        key(app, KeyCode::Char('3'));
    }
    if app.entities.scope == docent::tui::app::Scope::Document {
        key(app, KeyCode::Char('e'));
    }
    let e = find(app, name).expect("entity exists");
    let row = app
        .entities
        .rows
        .iter()
        .position(|r| matches!(r, EntityRow::Entity { entity, .. } if *entity == e))
        .expect("listed");
    app.entities.nav.selected = row;
}

fn selected_name(app: &App) -> String {
    match app.entities.rows.get(app.entities.nav.selected) {
        Some(EntityRow::Entity { entity, .. }) => app.corpus.entities[*entity].name.clone(),
        _ => String::new(),
    }
}

#[test]
fn rename_keeps_the_id_the_selection_and_the_active_entity() {
    let (mut app, _) = app(120, 40);
    select(&mut app, "Nicolás Maduro");
    key(&mut app, KeyCode::Enter); // active
    key(&mut app, KeyCode::Char('3'));
    select(&mut app, "Nicolás Maduro");
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(
        app.picker.as_ref().map(|p| p.input.text.as_str()),
        Some("Nicolás Maduro"),
        "the input starts with the name"
    );
    ctrl(&mut app, 'u');
    app.type_str("Ana Torres");
    key(&mut app, KeyCode::Enter);
    assert!(app.picker.is_none());
    let e = find(&app, "Ana Torres").expect("renamed");
    assert_eq!(app.corpus.entities[e].id, "person:nicolas-maduro");
    assert!(app.corpus.entities[e]
        .aliases
        .contains(&"Nicolás Maduro".to_string()));
    assert_eq!(selected_name(&app), "Ana Torres");
    assert_eq!(app.active.map(|a| a.entity), Some(e));
    assert!(app.edits.dirty, "to be saved");
    assert!(matches!(
        app.edits.corrections.corrections.as_slice(),
        [Correction::Rename { name, .. }] if name == "Ana Torres"
    ));
    let jobs = app.take_jobs();
    assert!(
        jobs.iter().any(|j| matches!(j.kind, JobKind::Reload(_))),
        "the matcher gets the corrected corpus"
    );
}

#[test]
fn merge_picks_a_target_of_the_same_kind_fuzzily() {
    let (mut app, _) = app(120, 40);
    select(&mut app, "Caracas");
    key(&mut app, KeyCode::Char('M'));
    let labels: Vec<String> = app
        .picker
        .as_ref()
        .expect("the picker")
        .items
        .iter()
        .map(|i| i.label.clone())
        .collect();
    assert_eq!(labels, ["Miraflores"], "places only, not itself");
    app.type_str("zzz");
    assert!(app.picker.as_ref().is_some_and(|p| p.items.is_empty()));
    ctrl(&mut app, 'u');
    app.type_str("mira");
    key(&mut app, KeyCode::Enter);
    assert!(find(&app, "Caracas").is_none());
    let m = find(&app, "Miraflores").expect("the target");
    assert_eq!(app.corpus.entities[m].mentions.len(), 4);
    assert_eq!(selected_name(&app), "Miraflores", "the selection follows");
    // n walks the merged mentions.
    assert_eq!(app.corpus.entities.len(), 7);
}

#[test]
fn split_off_an_alias_makes_a_new_entity() {
    let (mut app, _) = app(120, 40);
    select(&mut app, "Nicolás Maduro");
    key(&mut app, KeyCode::Char('A'));
    let items = &app.picker.as_ref().expect("the picker").items;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].label, "Maduro");
    assert_eq!(items[0].count, Some(1), "mentions written that way");
    key(&mut app, KeyCode::Enter);
    let full = find(&app, "Nicolás Maduro").expect("kept");
    let short = find(&app, "Maduro").expect("split off");
    assert_eq!(app.corpus.entities[full].mentions.len(), 2);
    assert_eq!(app.corpus.entities[short].mentions.len(), 1);
    assert_eq!(app.corpus.entities[short].id, "person:maduro");
}

#[test]
fn kind_changes_move_the_entity_to_its_new_group() {
    let (mut app, _) = app(120, 40);
    select(&mut app, "CNE");
    key(&mut app, KeyCode::Char('K'));
    let kinds: Vec<String> = app
        .picker
        .as_ref()
        .expect("the picker")
        .items
        .iter()
        .map(|i| i.label.clone())
        .collect();
    assert!(!kinds.contains(&"organization".to_string()));
    app.type_str("pla");
    key(&mut app, KeyCode::Enter);
    let e = find(&app, "CNE").expect("kept");
    assert_eq!(app.corpus.entities[e].kind, EntityKind::Place);
    assert_eq!(app.corpus.entities[e].id, "place:cne");
    // Listed under Places now.
    let places = app
        .entities
        .rows
        .iter()
        .position(|r| {
            matches!(
                r,
                EntityRow::Header {
                    label: "Places",
                    ..
                }
            )
        })
        .expect("places");
    let orgs = app
        .entities
        .rows
        .iter()
        .position(|r| {
            matches!(
                r,
                EntityRow::Header {
                    label: "Organizations",
                    ..
                }
            )
        })
        .expect("organizations");
    let row = app.entities.nav.selected;
    assert!(places < row && row < orgs, "{:?}", app.entities.rows);
}

#[test]
fn hide_and_restore() {
    let (mut app, _) = app(120, 40);
    key(&mut app, KeyCode::Char('X'));
    assert!(app.picker.is_none(), "nothing hidden yet");
    select(&mut app, "Sunday");
    key(&mut app, KeyCode::Char('x'));
    assert!(find(&app, "Sunday").is_none());
    assert_eq!(app.edits.hidden.len(), 1);
    assert!(app
        .message
        .as_deref()
        .is_some_and(|m| m.contains("hidden") && m.contains("X")));
    key(&mut app, KeyCode::Char('X'));
    let items = &app.picker.as_ref().expect("the hidden list").items;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].label, "Sunday");
    key(&mut app, KeyCode::Enter);
    assert!(find(&app, "Sunday").is_some(), "restored");
    assert!(app.edits.hidden.is_empty());
    assert!(app.edits.corrections.corrections.is_empty());
    // Esc cancels a picker without changing anything.
    select(&mut app, "Sunday");
    key(&mut app, KeyCode::Char('r'));
    key(&mut app, KeyCode::Esc);
    assert!(app.picker.is_none());
    assert!(find(&app, "Sunday").is_some());
}

#[test]
fn picker_renders_its_rows_and_input() {
    let (mut app, _) = app(120, 30);
    select(&mut app, "Caracas");
    key(&mut app, KeyCode::Char('M'));
    let t = text(&render(&mut app));
    assert!(t.contains("Merge Caracas into…"), "{t}");
    assert!(t.contains("PLC Miraflores"), "{t}");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('r'));
    let t = text(&render(&mut app));
    assert!(t.contains("❯ Caracas"), "{t}");
}
