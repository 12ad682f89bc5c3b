//! The reader opens from the document store before checking the files (`open_unchecked`) and
//! checks them behind its first frame (`tui::refresh`): a file changed, added or removed
//! between two opens is noticed then, said on the status line, and the corpus read again and
//! swapped in where the reader was; the scriptable commands check before they print.
//!
//! One test: it sets the cache folder for the whole process.

mod private_home;
#[path = "tui_common/mod.rs"]
mod tui_common;

use docent::open::{open, open_unchecked, Changes, Freshness, OpenOptions};
use docent::tui::app::{App, Msg};
use docent::tui::refresh::Refresh;
use private_home::PrivateHome;
use std::process::{Command, Stdio};
use std::sync::Arc;

fn app_of(opened: docent::open::Opened) -> App {
    let theme = docent::tui::theme::Theme::default();
    let corpus = Arc::new(opened.corpus);
    let mut app = match opened.index {
        Some(index) => App::with_index(corpus, theme, index),
        None => App::new(corpus, theme),
    };
    app.update(Msg::Resize(120, 30));
    app
}

fn doc_of(app: &App, name: &str) -> usize {
    app.corpus
        .documents
        .iter()
        .position(|d| d.path.ends_with(name))
        .expect("the document is there")
}

#[test]
fn a_file_changed_between_two_opens_is_noticed_behind_the_first_frame() {
    let home = PrivateHome::new();
    let write = |name: &str, text: &str| home.write(name, text);
    write(
        "a.txt",
        "President Ana Torres met the United Nations in Geneva.",
    );
    write("b.txt", "Juan Perez arrived in Madrid on March 3, 2020.");
    let paths = home.paths();
    let options = OpenOptions::default();

    // A cold open writes the store; the reader's next open comes from it, check left for later.
    let cold = open(&paths, &options).expect("opens");
    assert!(cold.unchecked.is_none(), "a cold open checked its files");
    assert!(cold.cache_write.finish().is_none(), "the store is written");
    let warm = open_unchecked(&paths, &options).expect("opens");
    let check = warm.unchecked.as_ref().expect("from the store, unchecked");
    assert!(warm.index.is_some());
    assert_eq!(check.run(), Freshness::Fresh);

    // Changed and added between two opens.
    write(
        "b.txt",
        "Marta Ruiz arrived in Lisbon on April 9, 2021, with her lawyers.",
    );
    write("c.txt", "Pedro Gomez spoke in Quito.");
    let mut stale = open_unchecked(&paths, &options).expect("opens");
    let check = stale.unchecked.take().expect("from the store, unchecked");
    let mut app = app_of(stale);
    // The first frame is drawn from the store as it was: the check has not run yet.
    let b = doc_of(&app, "b.txt");
    assert!(app.corpus.documents[b].text.contains("Juan Perez"));
    assert_eq!(app.corpus.documents.len(), 2);
    app.go_to(docent::tui::places::Pos { doc: b, offset: 0 });
    assert!(tui_common::text(&tui_common::render(&mut app)).contains("Juan Perez"));

    let counted = open_unchecked(&paths, &options).expect("opens");
    assert_eq!(
        counted.unchecked.expect("from the store").run(),
        Freshness::Stale(Some(Changes {
            changed: 1,
            added: 1,
            removed: 0
        }))
    );

    // The refresh the reader runs behind its first frame: said, read again, swapped in.
    let reopen_paths = paths.clone();
    let refresh = Refresh::new(
        check,
        Box::new(move || open(&reopen_paths, &OpenOptions::default()).map_err(|e| e.to_string())),
    );
    let mut said = Vec::new();
    let mut opened = refresh
        .run(&mut |m| said.push(m))
        .expect("the files changed: read again");
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].contains("1 file changed, 1 file added"), "{said:?}");
    assert!(refresh.run(&mut |m| said.push(m)).is_none(), "it runs once");
    assert!(std::mem::take(&mut opened.cache_write).finish().is_none());
    // The check can land while the user types: what they were doing carries over.
    let ana = app
        .corpus
        .entities
        .iter()
        .position(|e| e.name == "Ana Torres")
        .expect("Ana Torres");
    app.active = Some(docent::tui::places::Active {
        entity: ana,
        mention: 0,
    });
    tui_common::ctrl(&mut app, 'p');
    app.type_str("pedro");
    assert!(app.palette.as_ref().is_some_and(|p| p.items.is_empty()));
    app.refreshed(opened);
    assert_eq!(
        app.palette.as_ref().map(|p| p.input.query()),
        Some("pedro"),
        "the palette stays open with its query"
    );
    let active = app
        .active
        .expect("the active entity is found again by its id");
    assert_eq!(app.corpus.entities[active.entity].name, "Ana Torres");
    // The query is asked again of the corpus read again (the worker is told first).
    let mut core = docent::tui::worker::WorkerCore::new(Arc::new(docent::model::Corpus::default()));
    tui_common::pump(&mut app, &mut core);
    let found = app.palette.as_ref().map_or(Vec::new(), |p| {
        p.items.iter().map(|i| i.text.clone()).collect::<Vec<_>>()
    });
    assert!(found.iter().any(|t| t.contains("Pedro Gomez")), "{found:?}");
    assert_eq!(app.corpus.documents.len(), 3);
    let b = doc_of(&app, "b.txt");
    assert_eq!(app.reader.doc, b, "the reader stays on its document");
    assert!(app.corpus.documents[b].text.contains("Marta Ruiz"));
    assert!(app
        .corpus
        .entities
        .iter()
        .any(|e| e.name.contains("Pedro Gomez")));
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("read again")),
        "{:?}",
        app.message
    );
    tui_common::key(&mut app, crossterm::event::KeyCode::Esc);
    assert!(app.palette.is_none());
    let frame = tui_common::text(&tui_common::render(&mut app));
    assert!(frame.contains("Marta Ruiz"), "{frame}");
    // The refresh rewrote the store: the next open is from it, and fresh.
    let next = open_unchecked(&paths, &options).expect("opens");
    assert_eq!(next.corpus.documents.len(), 3);
    assert_eq!(
        next.unchecked.expect("from the store").run(),
        Freshness::Fresh
    );

    // The command line checks before it prints: a file removed now shows at once.
    std::fs::remove_file(home.doc("c.txt")).expect("rm");
    let out = Command::new(env!("CARGO_BIN_EXE_docent"))
        .args(["entities", &paths[0]])
        .env("XDG_CONFIG_HOME", "/nonexistent-docent-test-config")
        .env_remove("DOCENT_OPTS")
        .env_remove("DOCENT_CONFIG")
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(listed.contains("Marta Ruiz"), "{listed}");
    assert!(!listed.contains("Pedro Gomez"), "{listed}");
    assert!(!listed.contains("Juan Perez"), "{listed}");
}
