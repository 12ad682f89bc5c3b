//! State tests for the timeline, the mention and seen-with lists, marks, the jump list and the
//! remembered session: keys in, app state out.

mod tui_common;

use docent::insight::Zoom;
use docent::tui::app::App;
use docent::tui::app::Pos;
use docent::tui::geometry::Pane;
use docent::tui::overlays::{mentions::Mentions, seen_with::SeenWith, timeline::Timeline};
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

fn entity(app: &App, id: &str) -> usize {
    app.corpus
        .entities
        .iter()
        .position(|e| e.id == id)
        .expect("entity exists")
}

fn timeline_buckets(app: &App) -> Vec<Option<String>> {
    match app.panel.as_ref().and_then(|p| p.get::<Timeline>()) {
        Some(t) => t.rows.iter().map(|r| r.bucket.clone()).collect(),
        None => panic!("the timeline is open"),
    }
}

fn select_bucket(app: &mut App, bucket: &str) {
    for _ in 0..20 {
        if app
            .selected_timeline_row()
            .is_some_and(|r| r.bucket.as_deref() == Some(bucket))
        {
            return;
        }
        key(app, KeyCode::Char('j'));
    }
    panic!("no row {bucket}");
}

#[test]
fn timeline_enter_makes_the_date_active_and_n_walks_it() {
    let (mut app, _) = app(120, 40);
    key(&mut app, KeyCode::Char('t'));
    assert_eq!(
        timeline_buckets(&app),
        [Some("2021-08-08".into()), Some("2021-11-21".into()), None]
    );
    // Starts on the open document's own date.
    assert_eq!(app.panel.as_ref().map(|p| p.nav.selected), Some(0));
    select_bucket(&mut app, "2021-11-21");
    let row = app.selected_timeline_row().expect("selected");
    assert_eq!(row.mentions, 2);
    assert_eq!(row.dated, vec![(2, true)]);
    key(&mut app, KeyCode::Enter);
    assert!(app.panel.is_none());
    let date = entity(&app, "date:2021-11-21");
    assert_eq!(app.active.map(|a| (a.entity, a.mention)), Some((date, 0)));
    assert_eq!(app.reader.doc, 0);
    assert_eq!(app.focus, Pane::Reader);
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.active.map(|a| a.mention), Some(1));
    assert_eq!(app.reader.doc, 2);
    // Reopened, the timeline starts on the active date.
    key(&mut app, KeyCode::Char('t'));
    assert_eq!(
        app.selected_timeline_row().and_then(|r| r.bucket),
        Some("2021-11-21".into())
    );
    // q and t close it without quitting.
    key(&mut app, KeyCode::Char('q'));
    assert!(app.panel.is_none() && !app.quit);
}

#[test]
fn timeline_zooms_aggregate_and_keep_the_selection() {
    let (mut app, _) = app(120, 40);
    key(&mut app, KeyCode::Char('t'));
    select_bucket(&mut app, "2021-11-21");
    key(&mut app, KeyCode::Char('-'));
    assert_eq!(app.zoom, Zoom::Month);
    assert_eq!(
        timeline_buckets(&app),
        [Some("2021-08".into()), Some("2021-11".into()), None]
    );
    assert_eq!(
        app.selected_timeline_row().and_then(|r| r.bucket),
        Some("2021-11".into())
    );
    key(&mut app, KeyCode::Char('-'));
    assert_eq!(timeline_buckets(&app), [Some("2021".into()), None]);
    let year = app.selected_timeline_row().expect("selected");
    assert_eq!(year.mentions, 2);
    assert_eq!(year.dated.len(), 2, "both dated documents fall in 2021");
    key(&mut app, KeyCode::Char('-'));
    assert_eq!(app.zoom, Zoom::Year, "year is the coarsest");
    key(&mut app, KeyCode::Char('+'));
    key(&mut app, KeyCode::Char('+'));
    assert_eq!(app.zoom, Zoom::Day);
    assert_eq!(
        app.selected_timeline_row().and_then(|r| r.bucket),
        Some("2021-08-08".into()),
        "zooming in lands on the first day of the bucket"
    );
}

#[test]
fn mention_list_enter_jumps_to_that_mention() {
    let (mut app, _) = app(120, 40);
    key(&mut app, KeyCode::Char('m'));
    assert!(app.panel.is_none(), "no active entity");
    assert!(app
        .message
        .as_deref()
        .is_some_and(|m| m.contains("no active entity")));
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Enter); // Nicolás Maduro, mention 1
    key(&mut app, KeyCode::Char('m'));
    let rows = match app.panel.as_ref().and_then(|p| p.get::<Mentions>()) {
        Some(m) => m.rows.clone(),
        None => panic!("the mention list is open"),
    };
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows.iter().map(|r| r.doc).collect::<Vec<_>>(),
        [0, 0, 2],
        "corpus order"
    );
    let text = &app.corpus.documents[0].text;
    assert!(text[rows[0].sentence.clone()].starts_with("President Nicolás Maduro spoke"));
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.active.map(|a| a.mention), Some(2));
    assert_eq!(app.reader.doc, 2);
    // Opened again, the list starts on the current mention.
    key(&mut app, KeyCode::Char('m'));
    assert_eq!(app.panel.as_ref().map(|p| p.nav.selected), Some(2));
}

#[test]
fn seen_with_ranks_sentences_then_documents_and_enter_activates() {
    let (mut app, _) = app(120, 40);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Enter); // Nicolás Maduro
    key(&mut app, KeyCode::Char('c'));
    let rows = match app.panel.as_ref().and_then(|p| p.get::<SeenWith>()) {
        Some(s) => s.rows.clone(),
        None => panic!("the seen-with list is open"),
    };
    let caracas = entity(&app, "place:caracas");
    let miraflores = entity(&app, "place:miraflores");
    let cne = entity(&app, "organization:cne");
    assert_eq!(rows[0].entity, caracas);
    assert_eq!((rows[0].sentences, rows[0].documents), (1, 2));
    let m = rows
        .iter()
        .find(|r| r.entity == miraflores)
        .expect("listed");
    assert_eq!((m.sentences, m.documents), (1, 1));
    let c = rows.iter().find(|r| r.entity == cne).expect("listed");
    assert_eq!((c.sentences, c.documents), (0, 1), "same document only");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.active.map(|a| a.entity), Some(caracas));
    assert_eq!(app.reader.doc, 0, "its first mention in the open document");
}

#[test]
fn marks_set_and_return_and_quote_quote_goes_back() {
    let (mut app, _) = app(120, 40);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('M'));
    key(&mut app, KeyCode::Char('a'));
    assert!(app.places.marks.contains_key(&'a'));
    key(&mut app, KeyCode::Char(']'));
    key(&mut app, KeyCode::Char(']'));
    assert_eq!(app.reader.doc, 2);
    key(&mut app, KeyCode::Char('\''));
    key(&mut app, KeyCode::Char('a'));
    assert_eq!(app.reader.doc, 0);
    key(&mut app, KeyCode::Char('\''));
    key(&mut app, KeyCode::Char('\''));
    assert_eq!(app.reader.doc, 2, "'' returns to before the jump");
    key(&mut app, KeyCode::Char('\''));
    key(&mut app, KeyCode::Char('\''));
    assert_eq!(app.reader.doc, 0, "and back again");
    key(&mut app, KeyCode::Char('\''));
    key(&mut app, KeyCode::Char('z'));
    assert!(app
        .message
        .as_deref()
        .is_some_and(|m| m.contains("not set")));
    // The letter was consumed: z did nothing else, and keys work again.
    key(&mut app, KeyCode::Char('j'));
    assert!(!app.quit);
}

#[test]
fn ctrl_o_and_ctrl_i_walk_the_jump_list() {
    let (mut app, _) = app(120, 40);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Enter); // Maduro in doc 0
    let first = app.position();
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Char('n')); // doc 2
    assert_eq!(app.reader.doc, 2);
    let last = app.position();
    ctrl(&mut app, 'o');
    ctrl(&mut app, 'o');
    assert_eq!(app.position(), first);
    ctrl(&mut app, 'i');
    ctrl(&mut app, 'i');
    assert_eq!(app.position(), last);
    ctrl(&mut app, 'i');
    assert!(app.message.as_deref().is_some_and(|m| m.contains("newest")));
}

#[test]
fn the_session_is_captured_and_restored_by_document_path() {
    let (mut app, _) = app(50, 8);
    key(&mut app, KeyCode::Char(']'));
    key(&mut app, KeyCode::Char(']'));
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('j'));
    let here = app.position();
    assert!(here.offset > 0, "scrolled into the text");
    key(&mut app, KeyCode::Char('M'));
    key(&mut app, KeyCode::Char('b'));
    let s = docent::tui::session::capture(&app);
    let place = s.place.clone().expect("a place");
    assert_eq!(place.path, "synthetic/002.txt");
    let json = serde_json::to_string(&s).expect("serializes");

    let (mut again, _) = tui_common::app(50, 8);
    assert_eq!(again.reader.doc, 0);
    let back: docent::tui::session::Session = serde_json::from_str(&json).expect("parses");
    docent::tui::session::restore(&mut again, &back);
    assert_eq!(again.position(), here);
    assert_eq!(again.places.marks.get(&'b'), Some(&here));

    // A place in a document that is gone is dropped.
    let mut gone = back.clone();
    if let Some(p) = gone.place.as_mut() {
        p.path = "synthetic/elsewhere.txt".into();
    }
    let (mut third, _) = tui_common::app(50, 8);
    docent::tui::session::restore(&mut third, &gone);
    assert_eq!(third.position(), Pos { doc: 0, offset: 17 });
}
