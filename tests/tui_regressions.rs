//! Regression tests for bugs the duplicated code of earlier versions caused (issue 12): each
//! failed before the prompts, the folds and the corrections were written once.

mod tui_common;

use docent::model::{Corpus, Document, Format, SourceMap};
use docent::tui::app::App;
use docent::tui::theme::Theme;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

/// Ctrl-W after `a`, a no-break space and `b` panicked in the `/` filters and the palette
/// (`Prompt::delete_word` cut inside the two-byte space).
#[test]
fn ctrl_w_after_a_no_break_space_deletes_the_word_everywhere() {
    let (mut app, mut core) = app(120, 40);
    // The Sources filter.
    key(&mut app, KeyCode::Char('/'));
    type_in(&mut app, &mut core, "a\u{a0}b");
    ctrl(&mut app, 'w');
    assert_eq!(app.sources.filter.text, "a\u{a0}");
    key(&mut app, KeyCode::Esc);
    // The Entities filter.
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('/'));
    type_in(&mut app, &mut core, "a\u{a0}b");
    ctrl(&mut app, 'w');
    assert_eq!(app.entities.filter.text, "a\u{a0}");
    key(&mut app, KeyCode::Esc);
    // The reader's search.
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('/'));
    type_in(&mut app, &mut core, "a\u{a0}b");
    ctrl(&mut app, 'w');
    assert_eq!(app.reader.search.prompt.text, "a\u{a0}");
    key(&mut app, KeyCode::Esc);
    // The palette.
    ctrl(&mut app, 'p');
    type_in(&mut app, &mut core, "a\u{a0}b");
    ctrl(&mut app, 'w');
    assert_eq!(
        app.palette.as_ref().map(|p| p.input.text.as_str()),
        Some("a\u{a0}")
    );
}

fn one_document(text: &str) -> Corpus {
    Corpus {
        documents: vec![Document {
            id: 0,
            path: "synthetic/000.txt".into(),
            record: None,
            format: Format::Text,
            title: "Cities".into(),
            date: None,
            date_inferred: false,
            url: None,
            text: text.into(),
            body_start: 0,
            source_map: SourceMap::identity(),
            ..Default::default()
        }]
        .into(),
        entities: Vec::new().into(),
        notices: Vec::new(),
    }
}

fn search(app: &mut App, core: &mut docent::tui::worker::WorkerCore, q: &str) -> Vec<String> {
    key(app, KeyCode::Char('2'));
    key(app, KeyCode::Char('/'));
    ctrl(app, 'u');
    type_in(app, core, q);
    let text = app.corpus.documents[0].text.clone();
    let hits = app
        .reader
        .search
        .hits
        .iter()
        .map(|r| text[r.clone()].to_string())
        .collect();
    key(app, KeyCode::Esc);
    hits
}

/// The reader's `/` folded like the palette: `/lodz` found nothing in "Łódź", `/strasse`
/// nothing in "Straße".
#[test]
fn the_reader_search_folds_like_the_palette() {
    let corpus = one_document("Łódź and Lodz.\nStraße, STRASSE and strasse.\nNicolás Maduro.");
    let (mut app, mut core) = app_with(corpus, Theme::default(), 120, 40);
    assert_eq!(search(&mut app, &mut core, "lodz"), ["Łódź", "Lodz"]);
    assert_eq!(
        search(&mut app, &mut core, "strasse"),
        ["Straße", "STRASSE", "strasse"]
    );
    // Smart case still holds: an upper-case letter makes the search case-sensitive.
    assert_eq!(search(&mut app, &mut core, "Strasse"), ["Straße"]);
    assert_eq!(search(&mut app, &mut core, "nicolas"), ["Nicolás"]);
}

/// Every correction cloned the whole corpus text (48 MB per rename at 10,000 documents): the
/// corrected corpus must share its documents with the one before.
#[test]
fn a_correction_shares_the_document_texts() {
    let (mut app, _) = app(120, 40);
    let before = app.corpus.documents.clone();
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('e')); // corpus scope
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('r'));
    ctrl(&mut app, 'u');
    app.type_str("Someone Else");
    key(&mut app, KeyCode::Enter);
    assert!(
        app.corpus.entities.iter().any(|e| e.name == "Someone Else"),
        "the rename happened"
    );
    assert!(
        docent::model::Documents::ptr_eq(&before, &app.corpus.documents),
        "the texts are shared, not copied"
    );
}

/// Paged documents (PDF) say on the status line which page is at the top of the screen.
#[test]
fn the_status_line_names_the_page_of_a_paged_document() {
    let first = "First page.\n".repeat(60);
    let second = "Second page.\n".repeat(60);
    let text = format!("{first}\n\n{second}");
    let mut corpus = one_document(&text);
    corpus.documents.make_mut()[0].pages = vec![0..first.len(), first.len() + 2..text.len()];
    let (mut app, _) = app_with(corpus, Theme::default(), 120, 30);
    key(&mut app, KeyCode::Char('2'));
    assert!(status(&render(&mut app)).contains("p. 1/2"));
    key(&mut app, KeyCode::Char('G'));
    assert!(status(&render(&mut app)).contains("p. 2/2"));
}

/// The reader draws a rule naming the page over the blank line between two PDF pages; the
/// text keeps its offsets (the line is blank in it).
#[test]
fn the_reader_marks_page_boundaries() {
    let text = "First page text.\n\nSecond page text.";
    let mut corpus = one_document(text);
    {
        let d = &mut corpus.documents.make_mut()[0];
        d.format = Format::Pdf;
        d.pages = vec![0..16, 18..text.len()];
    }
    let (mut app, _) = app_with(corpus, Theme::default(), 120, 30);
    let screen = text_of(&mut app);
    let rule = screen
        .lines()
        .find(|l| l.contains("page 2/2"))
        .unwrap_or_else(|| panic!("no page rule:\n{screen}"));
    assert!(rule.contains("──── page 2/2 ───"), "{rule}");
    let first = screen.find("First page text.").expect("page 1 shown");
    let second = screen.find("Second page text.").expect("page 2 shown");
    let mark = screen.find("page 2/2").expect("rule");
    assert!(first < mark && mark < second);
    assert!(
        !screen.contains("page 1/2"),
        "no rule before the first page"
    );
}

/// An e-mail's header lines (From, To, Date, Subject) head the reader, labels set apart.
#[test]
fn the_reader_shows_an_e_mails_header_fields() {
    let mut l = docent::load::Loaded::default();
    docent::load::load_bytes(
        "m.eml",
        b"From: Ana Torres <ana@example.org>\r\nTo: Luis Pardo <luis@example.org>\r\nSubject: Lima report\r\nDate: Wed, 4 Mar 2020 10:00:00 +0000\r\n\r\nThe mayor of Lima met Carlos Vega.\r\n",
        &mut l,
    );
    let corpus = Corpus {
        documents: l.documents.into(),
        entities: Vec::new().into(),
        notices: Vec::new(),
    };
    let (mut app, _) = app_with(corpus, Theme::default(), 120, 30);
    let buf = render(&mut app);
    let screen = text(&buf);
    for field in [
        "From: Ana Torres <ana@example.org>",
        "To: Luis Pardo <luis@example.org>",
        "Date: Wed, 4 Mar 2020 10:00:00 +0000",
        "Subject: Lima report",
        "The mayor of Lima met Carlos Vega.",
    ] {
        assert!(screen.contains(field), "{field} missing:\n{screen}");
    }
    let (x, y) = find_text(&buf, "Subject:").expect("shown");
    let label = buf[(x, y)].style();
    let value = buf[(x + 9, y)].style();
    assert!(label.add_modifier.contains(ratatui::style::Modifier::BOLD));
    assert_ne!(label, value, "the label is drawn apart from its value");
}

fn text_of(app: &mut App) -> String {
    text(&render(app))
}

/// A wire story hard-wrapped at ~60 columns read in a reader narrower than that: every break
/// used to leave a ragged short line ("is not under" / "pressure to act …"). Its paragraphs
/// now flow to the width; `w` shows the lines as written; an indented line still starts a
/// paragraph.
#[test]
fn hard_wrapped_paragraphs_flow_to_the_readers_width_and_w_restores_them() {
    let story = "\
COMPANY SAYS NO HURRY ON SHARE OFFER

The company is not under
pressure to act quickly on its proposed equity offering and
would do well to delay it because of the stock's recent poor
performance, banking analysts said.
    Some analysts said they have recommended the company delay
its up to one-billion-dlr equity offering, which has yet to be
approved by the regulators.
";
    let mut l = docent::load::Loaded::default();
    docent::load::load_bytes("wire.txt", story.as_bytes(), &mut l);
    let corpus = Corpus {
        documents: l.documents.into(),
        entities: Vec::new().into(),
        notices: Vec::new(),
    };
    let (mut app, _) = app_with(corpus, Theme::default(), 90, 30);
    let screen = text_of(&mut app);
    assert!(
        screen.contains("The company is not under pressure to act"),
        "a wrapped paragraph flows on:\n{screen}"
    );
    assert!(
        screen.contains("analysts said.  ") || screen.contains("analysts said. │"),
        "the paragraph ends where it ends:\n{screen}"
    );
    assert!(
        screen.contains("│     Some analysts said"),
        "an indented line starts a new paragraph:\n{screen}"
    );
    key(&mut app, KeyCode::Char('w'));
    let screen = text_of(&mut app);
    assert!(
        screen.contains("│ The company is not under  ")
            && screen.contains("│ pressure to act quickly"),
        "w shows the lines as written:\n{screen}"
    );
    key(&mut app, KeyCode::Char('w'));
    assert!(text_of(&mut app).contains("The company is not under pressure to act"));
}
