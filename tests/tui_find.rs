//! Finding your way in a big pile: paths in Sources, the reader and the palette; the Sources
//! filter's two modes; Esc back to the open document; the notices list; kind groups in
//! Entities and folders in Sources; the `/` filter of every list; the palette's capped count.

mod tui_common;

use docent::model::{Corpus, Document, EntityKind, Format, Notice};
use docent::search::Target;
use docent::tui::app::Msg;
use docent::tui::app::{App, EntityRow};
use docent::tui::geometry::Pane;
use docent::tui::overlays::notices::Notices;
use docent::tui::theme::Theme;
use docent::tui::worker::WorkerCore;
use ratatui::crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use tui_common::*;

/// `n` documents in `folders`, round robin: `pile/<folder>/<i>.txt`, titled "Story i".
fn pile(n: usize, folders: &[&str]) -> Corpus {
    let documents: Vec<Document> = (0..n)
        .map(|i| {
            let folder = folders[i * folders.len() / n];
            Document {
                id: i,
                path: format!("pile/{folder}/{i:03}.txt"),
                format: Format::Text,
                title: format!("Story {i}"),
                text: format!("Story {i}\n\nA line about the weather in number {i}.").into(),
                ..Default::default()
            }
        })
        .collect();
    Corpus {
        documents: documents.into(),
        entities: Vec::new().into(),
        notices: Vec::new(),
    }
}

fn pile_app(n: usize, folders: &[&str], w: u16, h: u16) -> (App, WorkerCore) {
    app_with(pile(n, folders), Theme::default(), w, h)
}

fn shown_docs(app: &App) -> Vec<usize> {
    app.sources.rows.iter().map(|r| r.doc).collect()
}

#[test]
fn sources_rows_show_the_path_past_the_shared_folder() {
    let (mut app, _) = pile_app(6, &["politics", "sport"], 100, 30);
    assert_eq!(
        app.sources.paths.get(4).map(String::as_str),
        Some("pile/sport/004.txt")
    );
    assert_eq!(app.sources.root, "pile/".len());
    let t = text(&render(&mut app));
    assert!(t.contains("politics/000.txt"), "{t}");
    assert!(t.contains("sport/005.txt"), "{t}");
    assert!(
        !t.contains("pile/politics/000.txt ·"),
        "the shared folder is left out:\n{t}"
    );
    // The reader's frame names the open document's whole path.
    assert!(t.contains("pile/politics/000.txt"), "{t}");
}

#[test]
fn the_sources_filter_matches_paths_and_marks_them() {
    let (mut app, mut core) = pile_app(40, &["politics", "sport"], 160, 40);
    key(&mut app, KeyCode::Char('/'));
    type_in(&mut app, &mut core, "'sport/");
    assert_eq!(shown_docs(&app), (20..40).collect::<Vec<_>>());
    type_in(&mut app, &mut core, "03");
    assert_eq!(shown_docs(&app)[0], 30);
    assert!(
        !app.sources.rows[0].path_positions.is_empty(),
        "path chars marked"
    );
    // The text is one explicit step away: "weather" is in every text, no title or path.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('/'));
    type_in(&mut app, &mut core, "'weather");
    assert!(app.sources.rows.is_empty());
    let t = text(&render(&mut app));
    assert!(
        t.contains("title+path"),
        "the prompt says what it matches:\n{t}"
    );
    ctrl(&mut app, 't');
    pump(&mut app, &mut core);
    assert_eq!(app.sources.rows.len(), 40);
    let t = text(&render(&mut app));
    assert!(t.contains("text 40/40"), "{t}");
    // In the text, words match literally: the letters of "weather" scattered do not.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('/'));
    ctrl(&mut app, 't');
    type_in(&mut app, &mut core, "wthr");
    assert!(app.sources.rows.is_empty(), "{}", app.sources.rows.len());
    ctrl(&mut app, 'u');
    type_in(&mut app, &mut core, "weath");
    assert_eq!(app.sources.rows.len(), 40);
}

#[test]
fn the_sources_text_filter_goes_through_the_word_index_on_a_large_corpus() {
    use docent::tui::worker::Words;
    let dir = tempfile::tempdir().expect("tmp");
    let corpus = std::sync::Arc::new(pile(40, &["politics", "sport"]));
    let mut app = App::new(std::sync::Arc::clone(&corpus), Theme::default());
    app.update(Msg::Resize(160, 40));
    // Any line at all counts as many: the lines come through the index.
    let words = Words::new(0, Some((dir.path().join("w"), "k".into())));
    let mut core = WorkerCore::new(corpus).with_words(words);
    key(&mut app, KeyCode::Char('/'));
    ctrl(&mut app, 't');
    // The index's syntax: a prefix, a phrase, a word left out.
    type_in(&mut app, &mut core, "weath");
    assert_eq!(app.sources.rows.len(), 40);
    assert_eq!(
        app.sources.rows[0].line.as_deref(),
        Some("A line about the weather in number 0.")
    );
    ctrl(&mut app, 'u');
    type_in(&mut app, &mut core, "\"number 17\"");
    assert_eq!(shown_docs(&app), [17]);
    ctrl(&mut app, 'u');
    type_in(&mut app, &mut core, "weather !'number");
    assert!(app.sources.rows.is_empty());
}

#[test]
fn esc_after_a_filter_returns_to_the_open_document_in_view() {
    let (mut app, mut core) = pile_app(120, &["a", "b", "c"], 120, 30);
    // Open document 90 from a filter, then move away inside the filter.
    key(&mut app, KeyCode::Char('/'));
    type_in(&mut app, &mut core, "'story 9");
    key(&mut app, KeyCode::Enter);
    let at = shown_docs(&app)
        .iter()
        .position(|&d| d == 90)
        .expect("listed");
    app.sources.nav.selected = at;
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.reader.doc, 90);
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('k'));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.sources.rows.len(), 120);
    assert_eq!(app.sources.rows[app.sources.nav.selected].doc, 90);
    let t = text(&render(&mut app));
    assert!(
        t.contains("Story 90"),
        "the open document is on screen:\n{t}"
    );
}

#[test]
fn the_palette_finds_documents_by_path_and_says_when_it_is_capped() {
    let (mut app, mut core) = pile_app(300, &["politics", "sport"], 120, 30);
    ctrl(&mut app, 'p');
    type_in(&mut app, &mut core, "sport/2");
    let p = app.palette.as_ref().expect("palette");
    let first = p.items.first().expect("a result");
    assert!(
        matches!(first.target, Target::Document(d) if d >= 150),
        "{first:?}"
    );
    assert!(first.text.contains("sport/2"), "{first:?}");
    // Enter opens it.
    let Target::Document(d) = first.target else {
        unreachable!()
    };
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.reader.doc, d);
    // 300 stories, each a title and a first line: only the best 200 of each tier (names,
    // then lines) are kept, and the count says how many there are in all.
    ctrl(&mut app, 'p');
    type_in(&mut app, &mut core, "story");
    assert_eq!(app.palette.as_ref().map(|p| p.items.len()), Some(400));
    assert_eq!(app.palette.as_ref().map(|p| p.names), Some(200));
    let t = text(&render(&mut app));
    assert!(t.contains("400/600"), "{t}");
}

#[test]
fn control_characters_in_a_path_never_reach_the_screen() {
    let mut c = pile(2, &["x"]);
    let mut docs = c.documents.to_vec();
    docs[0].path = "pile/\u{1b}[2Jevil\u{7}.txt".into();
    c.documents = docs.into();
    let (mut app, _) = app_with(c, Theme::default(), 120, 30);
    let buf = render(&mut app);
    let t = text(&buf);
    assert!(!t.contains('\u{1b}') && !t.contains('\u{7}'), "{t:?}");
    assert!(t.contains("evil"), "{t}");
}

fn noticed() -> Corpus {
    let mut c = pile(3, &["a"]);
    c.notices = vec![
        Notice {
            path: "pile/a/001.txt".into(),
            message: "invalid UTF-8 (2 sequences) decoded lossily".into(),
        },
        Notice {
            path: "pile/a/blob.bin".into(),
            message: "binary content (NUL bytes), skipped".into(),
        },
        Notice {
            path: "pile/a/other.bin".into(),
            message: "binary content (NUL bytes), skipped".into(),
        },
    ];
    c
}

#[test]
fn the_notices_list_groups_by_reason_and_opens_the_document() {
    let (mut app, mut core) = app_with(noticed(), Theme::default(), 120, 30);
    let startup = app.message.clone().unwrap_or_default();
    assert!(startup.contains("+2 more: ! lists them"), "{startup}");
    key(&mut app, KeyCode::Char('!'));
    let p = app.panel.as_ref().expect("the list opens");
    let n = p.get::<Notices>().expect("notices");
    assert_eq!(n.rows.len(), 5, "two reasons and three notices");
    let t = text(&render(&mut app));
    assert!(t.contains("skipped as binary 2"), "{t}");
    assert!(t.contains("decoded lossily 1"), "{t}");
    // The first row is a notice of a skipped file: Enter says why it goes nowhere.
    key(&mut app, KeyCode::Enter);
    assert!(app.panel.is_some(), "stays open");
    assert_eq!(
        app.message.as_deref(),
        Some("nothing was read from that file")
    );
    // Filter down to the lossy one and open its document.
    key(&mut app, KeyCode::Char('/'));
    app.type_str("lossily");
    pump(&mut app, &mut core);
    key(&mut app, KeyCode::Enter);
    let p = app.panel.as_ref().expect("open");
    assert_eq!(p.len(), 2, "its reason and itself");
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    assert!(app.panel.is_none());
    assert_eq!(app.reader.doc, 1);
    assert_eq!(app.focus, Pane::Reader);
}

#[test]
fn a_notice_given_after_loading_joins_the_list_and_the_status_line() {
    let (mut app, _core) = app_with(noticed(), Theme::default(), 120, 30);
    app.update(Msg::LateNotices(vec![Notice {
        path: "pile/a/002.txt".into(),
        message: "its text in the document store is damaged (checksum); the store is removed \
                  and rebuilt on the next open"
            .into(),
    }]));
    let status = app.message.clone().unwrap_or_default();
    assert!(
        status.starts_with("pile/a/002.txt: its text in the document store is damaged"),
        "{status}"
    );
    assert!(status.contains("+3 more: ! lists them"), "{status}");
    key(&mut app, KeyCode::Char('!'));
    let p = app.panel.as_ref().expect("the list opens");
    let n = p.get::<Notices>().expect("notices");
    assert_eq!(n.rows.len(), 7, "three reasons and four notices");
    let t = text(&render(&mut app));
    assert!(t.contains("4 notices (1 since loading)"), "{t}");
    assert!(t.contains("damaged or not what its name says 1"), "{t}");
}

#[test]
fn the_exit_summary_counts_notices_by_reason() {
    let c = noticed();
    let s = docent::tui::overlays::notices::summary(&c.notices, Some("!")).expect("a line");
    assert_eq!(
        s,
        "3 notices while loading: 2 skipped as binary, 1 decoded lossily; ! in the reader lists them"
    );
}

fn header_at(app: &App, i: usize) -> Option<(&'static str, bool)> {
    match app.entities.rows.get(i)? {
        EntityRow::Header {
            label, collapsed, ..
        } => Some((label, *collapsed)),
        _ => None,
    }
}

fn selected_kind(app: &App) -> Option<EntityKind> {
    match app.entities.rows.get(app.entities.nav.selected)? {
        EntityRow::Entity { entity, .. } => app.corpus.entities.get(*entity).map(|e| e.kind),
        _ => None,
    }
}

#[test]
fn kind_groups_jump_and_fold() {
    let (mut app, _) = app(120, 40);
    key(&mut app, KeyCode::Char('e'));
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(selected_kind(&app), Some(EntityKind::Person));
    key(&mut app, KeyCode::Char('}'));
    assert_eq!(selected_kind(&app), Some(EntityKind::Place));
    key(&mut app, KeyCode::Char('}'));
    assert_eq!(selected_kind(&app), Some(EntityKind::Organization));
    key(&mut app, KeyCode::Char('{'));
    assert_eq!(selected_kind(&app), Some(EntityKind::Place));
    // Fold Places: its header stays, with its count, and the selection sits on it.
    let rows = app.entities.rows.len();
    key(&mut app, KeyCode::Char('z'));
    assert_eq!(app.entities.rows.len(), rows - 2);
    assert_eq!(
        header_at(&app, app.entities.nav.selected),
        Some(("Places", true))
    );
    let t = text(&render(&mut app));
    assert!(t.contains("Places 2 …"), "{t}");
    // j leaves it, k comes back to it; Enter unfolds.
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(selected_kind(&app), Some(EntityKind::Organization));
    key(&mut app, KeyCode::Char('k'));
    assert_eq!(
        header_at(&app, app.entities.nav.selected),
        Some(("Places", true))
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.entities.rows.len(), rows);
    assert_eq!(selected_kind(&app), Some(EntityKind::Place));
    // Z folds all, Z again unfolds all.
    key(&mut app, KeyCode::Char('Z'));
    assert!(app.entities.rows.iter().all(|r| matches!(
        r,
        EntityRow::Header {
            collapsed: true,
            ..
        }
    )));
    key(&mut app, KeyCode::Char('Z'));
    assert_eq!(app.entities.rows.len(), rows);
}

#[test]
fn folders_jump_in_sources() {
    let (mut app, _) = pile_app(9, &["a", "b", "c"], 120, 40);
    key(&mut app, KeyCode::Char('}'));
    assert_eq!(app.sources.nav.selected, 3);
    assert_eq!(app.message.as_deref(), Some("folder pile/b"));
    key(&mut app, KeyCode::Char('}'));
    assert_eq!(app.sources.nav.selected, 6);
    key(&mut app, KeyCode::Char('}'));
    assert_eq!(app.message.as_deref(), Some("the last folder"));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('{'));
    assert_eq!(app.sources.nav.selected, 6, "the start of this folder");
    key(&mut app, KeyCode::Char('{'));
    assert_eq!(app.sources.nav.selected, 3, "then the one before");
}

#[test]
fn every_list_filters_with_slash() {
    let (mut app, mut core) = app(120, 40);
    // The timeline: keep the rows of November 2021.
    key(&mut app, KeyCode::Char('t'));
    let all = app.panel.as_ref().map(|p| p.len()).unwrap_or(0);
    key(&mut app, KeyCode::Char('/'));
    app.type_str("'2021-11-21");
    pump(&mut app, &mut core);
    let kept = app.panel.as_ref().map_or(0, |p| p.len());
    assert!(kept >= 1 && kept < all, "{kept} of {all}");
    let t = text(&render(&mut app));
    assert!(t.contains(&format!("{kept}/{all}")), "{t}");
    key(&mut app, KeyCode::Enter);
    assert!(app.panel.as_ref().is_some_and(|p| !p.filter.editing));
    let row = app.selected_timeline_row().expect("a row");
    assert!(row
        .bucket
        .as_deref()
        .is_some_and(|b| b.starts_with("2021-11")));
    // Esc clears the filter first, then closes.
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.panel.as_ref().map(|p| p.len()), Some(all));
    key(&mut app, KeyCode::Esc);
    assert!(app.panel.is_none());
    // The mentions of Maduro: keep the one in "Results"; Enter goes there.
    ctrl(&mut app, 'p');
    type_in(&mut app, &mut core, "maduro");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('m'));
    assert_eq!(app.panel.as_ref().map(|p| p.len()), Some(3));
    key(&mut app, KeyCode::Char('/'));
    app.type_str("celebrated");
    pump(&mut app, &mut core);
    assert_eq!(app.panel.as_ref().map(|p| p.len()), Some(1));
    // The kept row shows what matched in the theme's match style.
    let buf = render(&mut app);
    let matched = app.theme.matched;
    let marked = (0..buf.area.height).any(|y| {
        (0..buf.area.width).any(|x| {
            let c = &buf[(x, y)];
            c.symbol() == "c"
                && c.fg == matched.fg.unwrap_or_default()
                && c.modifier.contains(matched.add_modifier)
        })
    });
    assert!(marked, "{}", text(&buf));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.reader.doc, 2);
    // Seen-with filters the same way.
    key(&mut app, KeyCode::Char('c'));
    key(&mut app, KeyCode::Char('/'));
    app.type_str("zzzz");
    let t = text(&render(&mut app));
    assert!(t.contains("no match"), "{t}");
}

#[test]
fn notices_list_at_80_columns() {
    let (mut app, _) = app_with(noticed(), Theme::default(), 80, 24);
    key(&mut app, KeyCode::Char('!'));
    insta::assert_snapshot!("notices_80x24", text(&render(&mut app)));
}

#[test]
fn a_filtered_timeline_at_80_columns() {
    let (mut app, mut core) = app(80, 24);
    key(&mut app, KeyCode::Char('t'));
    key(&mut app, KeyCode::Char('/'));
    app.type_str("2021");
    pump(&mut app, &mut core);
    insta::assert_snapshot!("timeline_filtered_80x24", text(&render(&mut app)));
}

#[test]
fn a_click_on_a_kind_header_folds_and_unfolds_it() {
    let (mut app, _) = app(120, 40);
    let click = |app: &mut App, (x, y): (u16, u16)| {
        app.update(Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        }))
    };
    let at = find_text(&render(&mut app), "Places").expect("the header");
    let rows = app.entities.rows.len();
    click(&mut app, at);
    assert_eq!(app.focus, Pane::Entities);
    assert_eq!(app.entities.rows.len(), rows - 1, "Caracas folded away");
    assert_eq!(
        header_at(&app, app.entities.nav.selected),
        Some(("Places", true))
    );
    click(&mut app, at);
    assert_eq!(app.entities.rows.len(), rows);
    assert_eq!(selected_kind(&app), Some(EntityKind::Place));
}

#[test]
fn a_five_row_terminal_still_shows_a_timeline_row_and_a_palette_result() {
    let (mut app, mut core) = app(80, 5);
    key(&mut app, KeyCode::Char('t'));
    let t = text(&render(&mut app));
    assert!(t.contains("▌2021-08-08"), "{t}");
    assert!(t.contains("Esc close"), "the status line stays:\n{t}");
    key(&mut app, KeyCode::Esc);
    ctrl(&mut app, 'p');
    type_in(&mut app, &mut core, "maduro");
    let t = text(&render(&mut app));
    assert!(t.contains("Maduro → Nicolás Maduro"), "{t}");
}
