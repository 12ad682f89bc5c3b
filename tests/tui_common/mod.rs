//! Shared fixtures for the TUI tests: a small hand-built corpus (independent of the extractor),
//! an app driver that runs matcher jobs synchronously, and buffer helpers.
#![allow(dead_code)]

use chrono::NaiveDate;
use docent::model::{Corpus, Document, Entity, EntityKind, Format, Mention, SourceMap};
use docent::tui::app::{App, Msg};
use docent::tui::theme::Theme;
use docent::tui::view;
use docent::tui::worker::WorkerCore;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use std::sync::Arc;

pub const DOC0: &str = " date 2021-08-08 Venezuela votes in regional elections\n\nPresident Nicolás Maduro spoke in Caracas before the vote on November 21, 2021. The CNE will count.\n\nMaduro said the opposition would take part. Observers from the European Union arrived on Sunday.";
pub const DOC1: &str = "Opposition returns to the ballot\n\nJuan Guaidó and the opposition in Caracas debated whether to take part. The CNE published rules.";
pub const DOC2: &str = "Results\n\nOn November 21, 2021 the socialists won. Nicolás Maduro celebrated in Miraflores. Caracas was calm.\n\n日本語のテキスト and an emoji 🇻🇪 stay aligned.";

fn doc(
    id: usize,
    title: &str,
    date: Option<&str>,
    inferred: bool,
    text: &str,
    body: usize,
) -> Document {
    Document {
        id,
        path: format!("synthetic/{id:03}.txt"),
        record: None,
        format: Format::Text,
        title: title.into(),
        date: date.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        date_inferred: inferred,
        url: None,
        text: text.into(),
        body_start: body,
        source_map: SourceMap::identity(),
        ..Default::default()
    }
}

/// Every occurrence of `needle` in `text` as mentions of document `doc`.
fn find(doc: usize, text: &str, needle: &str) -> Vec<Mention> {
    text.match_indices(needle)
        .filter_map(|(i, m)| Mention::new(doc, i, i + m.len()))
        .collect()
}

fn entity(kind: EntityKind, id: &str, name: &str, value: Option<&str>, forms: &[&str]) -> Entity {
    let texts = [DOC0, DOC1, DOC2];
    let mut mentions = Vec::new();
    for (d, t) in texts.iter().enumerate() {
        let mut ms: Vec<Mention> = Vec::new();
        for f in forms {
            for m in find(d, t, f) {
                if !ms.iter().any(|x| x.start < m.end && m.start < x.end) {
                    ms.push(m);
                }
            }
        }
        ms.sort();
        mentions.extend(ms);
    }
    Entity {
        id: id.into(),
        kind,
        name: name.into(),
        value: value.map(Into::into),
        aliases: forms
            .iter()
            .filter(|f| **f != name)
            .map(|f| f.to_string())
            .collect(),
        mentions: mentions.into(),
    }
}

/// Three documents; Maduro is mentioned twice in the first and once in the third.
pub fn corpus() -> Corpus {
    Corpus {
        documents: vec![
            doc(
                0,
                "Venezuela votes in regional elections",
                Some("2021-08-08"),
                false,
                DOC0,
                17,
            ),
            doc(1, "Opposition returns to the ballot", None, false, DOC1, 0),
            doc(2, "Results", Some("2021-11-21"), true, DOC2, 0),
        ]
        .into(),
        entities: vec![
            entity(
                EntityKind::Person,
                "person:nicolas-maduro",
                "Nicolás Maduro",
                None,
                &["Nicolás Maduro", "Maduro"],
            ),
            entity(
                EntityKind::Person,
                "person:juan-guaido",
                "Juan Guaidó",
                None,
                &["Juan Guaidó"],
            ),
            entity(
                EntityKind::Place,
                "place:caracas",
                "Caracas",
                None,
                &["Caracas"],
            ),
            entity(
                EntityKind::Place,
                "place:miraflores",
                "Miraflores",
                None,
                &["Miraflores"],
            ),
            entity(
                EntityKind::Organization,
                "organization:cne",
                "CNE",
                None,
                &["CNE"],
            ),
            entity(
                EntityKind::Organization,
                "organization:european-union",
                "European Union",
                None,
                &["European Union"],
            ),
            entity(
                EntityKind::Date,
                "date:2021-11-21",
                "November 21, 2021",
                Some("2021-11-21"),
                &["November 21, 2021"],
            ),
            entity(EntityKind::Date, "date:sunday", "Sunday", None, &["Sunday"]),
        ]
        .into(),
        notices: vec![],
    }
}

pub fn app_with(corpus: Corpus, theme: Theme, w: u16, h: u16) -> (App, WorkerCore) {
    let corpus = Arc::new(corpus);
    let mut app = App::new(Arc::clone(&corpus), theme);
    app.update(Msg::Resize(w, h));
    (app, WorkerCore::new(corpus))
}

pub fn app(w: u16, h: u16) -> (App, WorkerCore) {
    app_with(corpus(), Theme::default(), w, h)
}

/// An app configured by configuration file `text` (which must be free of errors), as the binary
/// sets it up: theme, settings, then the size.
pub fn app_config(text: &str, w: u16, h: u16) -> (App, WorkerCore) {
    let (config, errors) = docent::config::Config::parse(text, "test.toml");
    assert!(errors.is_empty(), "{errors:#?}");
    let corpus = Arc::new(corpus());
    let mut app = App::new(Arc::clone(&corpus), config.theme(None, false));
    app.apply_settings(config.settings());
    app.update(Msg::Resize(w, h));
    (app, WorkerCore::new(corpus))
}

/// Runs queued matcher jobs synchronously and feeds the results back.
pub fn pump(app: &mut App, core: &mut WorkerCore) {
    for _ in 0..4 {
        let jobs = app.take_jobs();
        if jobs.is_empty() {
            return;
        }
        for job in jobs {
            if let Some(r) = core.run(&job) {
                app.update(Msg::Job(r));
            }
        }
    }
}

pub fn key(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

pub fn ctrl(app: &mut App, c: char) {
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

/// Types `s` and lets the matcher answer.
pub fn type_in(app: &mut App, core: &mut WorkerCore, s: &str) {
    app.type_str(s);
    pump(app, core);
}

pub fn render(app: &mut App) -> Buffer {
    let area = app.area;
    let backend = TestBackend::new(area.width, area.height);
    let mut term = Terminal::new(backend).expect("test backend");
    term.draw(|f| view::draw(f, &app.view())).expect("draw");
    term.backend().buffer().clone()
}

/// The buffer as text, one line per row, trailing spaces trimmed.
pub fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let s = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(s).saturating_sub(1);
            line.push_str(s);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The last row (the status line).
pub fn status(buf: &Buffer) -> String {
    let t = text(buf);
    t.lines().last().unwrap_or("").to_string()
}

/// Position of the first cell whose symbol starts `needle` written across cells.
pub fn find_text(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    for y in 0..buf.area.height {
        let mut row = String::new();
        let mut xs = Vec::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let s = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(s).saturating_sub(1);
            for _ in s.chars() {
                xs.push(x);
            }
            row.push_str(s);
        }
        if let Some(i) = row.find(needle) {
            let ci = row[..i].chars().count();
            return xs.get(ci).map(|&x| (x, y));
        }
    }
    None
}
