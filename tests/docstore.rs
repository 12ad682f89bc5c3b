//! The document store: an unchanged corpus opens from the cache folder without reading its
//! files; a changed file rebuilds it (and the change shows); a damaged store is said and
//! rebuilt; a cache folder that cannot be used only means opening the ordinary way.

#[path = "tui_common/mod.rs"]
mod tui_common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

struct Setup {
    home: tempfile::TempDir,
    docs: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        let s = Setup {
            home: tempfile::tempdir().expect("tmp"),
            docs: tempfile::tempdir().expect("tmp"),
        };
        s.write(
            "a.txt",
            "President Ana Torres met the United Nations in Geneva.",
        );
        s.write("b.txt", "Juan Perez arrived in Madrid on March 3, 2020.");
        s
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.docs.path().join(name), text).expect("write");
    }

    fn dir(&self) -> String {
        self.docs.path().to_string_lossy().into_owned()
    }

    /// (exit code, stdout, stderr) of `docent ARGS` with `cache` as the cache folder.
    fn run_with(&self, cache: &Path, args: &[&str]) -> (Option<i32>, String, String) {
        let o = Command::new(env!("CARGO_BIN_EXE_docent"))
            .args(args)
            .env("XDG_CACHE_HOME", cache)
            .env("XDG_STATE_HOME", self.home.path().join("state"))
            .env("XDG_CONFIG_HOME", "/nonexistent-docent-test-config")
            .env_remove("DOCENT_OPTS")
            .env_remove("DOCENT_CONFIG")
            .stdin(Stdio::null())
            .output()
            .expect("runs");
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    }

    /// `docent entities DIR`: (stdout, stderr), exit 0.
    fn entities(&self) -> (String, String) {
        let (code, out, err) = self.run_with(self.home.path(), &["entities", &self.dir()]);
        assert_eq!(code, Some(0), "{err}");
        (out, err)
    }

    /// The next export writes the store anew and the one after reads it: both give `cold`,
    /// quietly, and one store is left.
    fn assert_rebuilt_and_sound(&self, cold: &str) {
        for _ in 0..2 {
            let (code, out, err) = self.run_with(self.home.path(), &["export", &self.dir()]);
            assert_eq!(code, Some(0), "{err}");
            assert_eq!(out, cold);
            assert!(err.is_empty(), "{err}");
        }
        assert_eq!(self.stores().len(), 1);
    }

    fn stores(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.home.path().join("docent"))
            .map(|d| {
                d.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "docs"))
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn set_mtime(path: &Path, when: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(when))
        .expect("set mtime");
}

/// `corpus` written to a document store (in the folder returned, kept while they are used) and
/// opened from it: the reader on the stored corpus and the reader on `corpus` itself, both
/// sized `w`×`h`. Checks that the open decodes no document and no entity.
fn readers_from_store_and_corpus(
    corpus: docent::model::Corpus,
    sources: &[docent::load::SourceFile],
    (w, h): (u16, u16),
) -> (
    tempfile::TempDir,
    docent::tui::app::App,
    docent::tui::app::App,
) {
    use docent::cache::docstore;
    use docent::cache::searchfile::Validity;
    use docent::tui::app::{App, Msg};
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.docs");
    let validity = Validity {
        fingerprint: "f".into(),
        corrections: String::new(),
        files: sources
            .iter()
            .map(|s| (s.path.clone(), s.size, s.mtime_ns))
            .collect(),
    };
    docstore::write(
        &path,
        &validity,
        sources,
        &[],
        &corpus.documents,
        &corpus.entities,
    )
    .expect("written");
    let stored = docstore::open(&path, &validity).expect("opens");
    assert_eq!(
        stored.documents.decoded_chunks(),
        0,
        "no document decoded at open"
    );
    assert_eq!(
        stored.entities.decoded_chunks(),
        0,
        "no entity decoded at open"
    );
    let theme = docent::tui::theme::Theme::default();
    let from_store = docent::model::Corpus {
        documents: stored.documents,
        entities: stored.entities,
        notices: vec![],
    };
    let mut a = App::with_index(std::sync::Arc::new(from_store), theme.clone(), stored.index);
    let mut b = App::new(std::sync::Arc::new(corpus), theme);
    for app in [&mut a, &mut b] {
        app.update(Msg::Resize(w, h));
    }
    (dir, a, b)
}

#[test]
fn an_unchanged_corpus_opens_from_the_store_without_reading_its_files() {
    let s = Setup::new();
    let when = SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
    let a = s.docs.path().join("a.txt");
    set_mtime(&a, when);
    let (cold, _) = s.entities();
    assert!(cold.contains("Ana Torres"), "{cold}");
    assert_eq!(
        s.stores().len(),
        1,
        "the store is written after a cold open"
    );
    // Same size, same modification time, other words: a stat cannot tell, so the store
    // answers, which shows the file was not read.
    s.write(
        "a.txt",
        "President Rosa Colon met the United Nations in Berlin.",
    );
    set_mtime(&a, when);
    let (warm, err) = s.entities();
    assert_eq!(warm, cold);
    assert!(err.is_empty(), "{err}");
    // Touched: the stamp changed, the file is read again and the store rebuilt.
    set_mtime(&a, when + Duration::from_secs(60));
    let (changed, _) = s.entities();
    assert!(changed.contains("Rosa Colon"), "{changed}");
    assert!(!changed.contains("Ana Torres"), "{changed}");
    let (again, err) = s.entities();
    assert_eq!(again, changed);
    assert!(err.is_empty(), "{err}");
}

#[test]
fn added_and_removed_files_rebuild_the_store() {
    let s = Setup::new();
    let (cold, _) = s.entities();
    assert!(cold.contains("Juan Perez"));
    s.write("c.txt", "Marta Ruiz spoke in Lisbon.");
    let (added, _) = s.entities();
    assert!(added.contains("Marta Ruiz"), "{added}");
    std::fs::remove_file(s.docs.path().join("b.txt")).expect("rm");
    let (removed, _) = s.entities();
    assert!(!removed.contains("Juan Perez"), "{removed}");
    assert!(removed.contains("Marta Ruiz"), "{removed}");
}

#[test]
fn a_damaged_store_is_said_and_rebuilt() {
    let s = Setup::new();
    let (cold, _) = s.entities();
    let store = s.stores().pop().expect("a store");
    let mut bytes = std::fs::read(&store).expect("read");
    // A byte in the middle of the meta section (the second, after the postings), read at open.
    let len = |s: usize| {
        let at = 16 + 16 * s;
        u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes")) as usize
    };
    let at = 176 + len(0) + len(1) / 2;
    bytes[at] ^= 0x41;
    std::fs::write(&store, &bytes).expect("write");
    let (out, err) = s.entities();
    assert_eq!(out, cold);
    assert!(err.contains("document store damaged"), "{err}");
    // Rebuilt: said once.
    let (out, err) = s.entities();
    assert_eq!(out, cold);
    assert!(err.is_empty(), "{err}");
    // Cut short, or not a store at all.
    for bad in [
        &bytes[..10],
        b"DOCENTDS and then nothing that makes sense".as_slice(),
    ] {
        std::fs::write(&store, bad).expect("write");
        let (out, err) = s.entities();
        assert_eq!(out, cold);
        assert!(err.contains("document store damaged"), "{err}");
    }
}

#[test]
fn an_unusable_cache_folder_opens_without_it() {
    let s = Setup::new();
    let (code, plain, _) = s.run_with(s.home.path(), &["entities", &s.dir(), "--no-cache"]);
    assert_eq!(code, Some(0));
    // The cache folder is a file: nothing can be stored under it.
    let blocker = s.home.path().join("cache-is-a-file");
    std::fs::write(&blocker, "not a folder").expect("write");
    for _ in 0..2 {
        let (code, out, err) = s.run_with(&blocker, &["entities", &s.dir()]);
        assert_eq!(code, Some(0), "{err}");
        assert_eq!(out, plain);
    }
    // A store that cannot be read (a folder in its place) is damage, never a hang or a crash.
    let (_, _) = s.entities();
    let store = s.stores().pop().expect("a store");
    std::fs::remove_file(&store).expect("rm");
    std::fs::create_dir(&store).expect("mkdir");
    let (code, out, err) = s.run_with(s.home.path(), &["entities", &s.dir()]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, plain);
}

#[test]
fn cache_clear_removes_the_store() {
    let s = Setup::new();
    s.entities();
    assert_eq!(s.stores().len(), 1);
    let (code, _, err) = s.run_with(s.home.path(), &["cache", "clear"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(s.stores().is_empty());
}

#[test]
fn the_reader_from_the_store_draws_what_it_draws_from_the_corpus() {
    use docent::tui::app::App;
    use ratatui::crossterm::event::KeyCode;
    let corpus = tui_common::corpus();
    let sources = vec![docent::load::SourceFile {
        path: "a.txt".into(),
        size: 1,
        mtime_ns: 1,
        docs: 0..corpus.documents.len(),
    }];
    let (_dir, mut a, mut b): (_, App, App) =
        readers_from_store_and_corpus(corpus, &sources, (120, 30));
    assert!(a.corpus.entities.iter().all(|e| e.mentions.is_stored()));
    for app in [&mut a, &mut b] {
        // Into the reader, onto the mentions: the index's spans are drawn.
        tui_common::key(app, KeyCode::Enter);
        tui_common::key(app, KeyCode::Char('n'));
    }
    let (fa, fb) = (tui_common::render(&mut a), tui_common::render(&mut b));
    assert_eq!(fa, fb);
    assert!(tui_common::text(&fa).contains("Maduro"));
    // `n` / `N` through the stored postings, across documents and back: the same frames.
    let mut docs_seen = std::collections::BTreeSet::new();
    for app in [&mut a, &mut b] {
        tui_common::key(app, KeyCode::Char('3'));
        tui_common::key(app, KeyCode::Enter); // Maduro, in documents 0 and 2
    }
    for key in [KeyCode::Char('n'); 12]
        .into_iter()
        .chain([KeyCode::Char('N'); 12])
    {
        tui_common::key(&mut a, key);
        tui_common::key(&mut b, key);
        assert_eq!(tui_common::render(&mut a), tui_common::render(&mut b));
        docs_seen.insert(a.reader.doc);
    }
    assert!(
        docs_seen.len() > 1,
        "n went across documents: {docs_seen:?}"
    );
}

#[test]
fn damaged_postings_are_said_and_read_from_the_records() {
    let s = Setup::new();
    let (code, cold, _) = s.run_with(s.home.path(), &["export", &s.dir()]);
    assert_eq!(code, Some(0));
    let store = s.stores().pop().expect("a store");
    let mut bytes = std::fs::read(&store).expect("read");
    // The postings come first, after the 176-byte header: the first mention's start.
    bytes[176 + 4] ^= 0x01;
    std::fs::write(&store, &bytes).expect("write");
    let (code, out, err) = s.run_with(s.home.path(), &["export", &s.dir()]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, cold, "the list read from the records is the same");
    assert!(
        err.contains("in the document store are damaged (checksum mismatch)")
            && err.contains("by document instead"),
        "{err}"
    );
    assert!(s.stores().is_empty(), "removed");
    s.assert_rebuilt_and_sound(&cold);
}

/// The text section is the store's last: its final bytes are the last document's text.
/// Flips a byte of the last text: in the store's texts file (`KEY.texts`), before its 24-byte
/// trailer.
fn flip_last_text_byte(store: &Path) {
    let texts = store.with_extension("texts");
    let mut bytes = std::fs::read(&texts).expect("read");
    let at = bytes.len() - 24 - 3;
    bytes[at] ^= 0x01;
    std::fs::write(&texts, &bytes).expect("write");
}

#[test]
fn warm_exports_from_the_stored_texts_equal_cold_ones() {
    let s = Setup::new();
    s.write(
        "c.md",
        "# Élodie Roux\n\nÉlodie Roux wrote from Genève to Zürich.\n",
    );
    s.write(
        "d.jsonl",
        "{\"text\":\"Ana Torres flew to Quito.\"}\n{\"text\":\"Quito in May 2020.\"}\n",
    );
    s.write(
        "e.html",
        "<p>Caf&eacute; in Lima &amp; Quito with Juan Perez</p>",
    );
    let no_cache = |format: &str| {
        let (code, out, err) = s.run_with(
            s.home.path(),
            &["export", "--no-cache", "--format", format, &s.dir()],
        );
        assert_eq!(code, Some(0), "{err}");
        out
    };
    for format in ["json", "csv"] {
        let fresh = no_cache(format);
        assert!(
            fresh.contains("Zürich") || fresh.contains("Genève"),
            "{fresh}"
        );
        // Cold (the store written), then warm (the texts read from the store), twice.
        for _ in 0..3 {
            let (code, out, err) =
                s.run_with(s.home.path(), &["export", "--format", format, &s.dir()]);
            assert_eq!(code, Some(0), "{err}");
            assert_eq!(out, fresh);
            assert!(err.is_empty(), "{err}");
        }
        assert_eq!(s.stores().len(), 1);
    }
}

#[test]
fn a_damaged_stored_text_is_read_from_its_file_and_the_store_rebuilt() {
    let s = Setup::new();
    let (code, cold, _) = s.run_with(s.home.path(), &["export", &s.dir()]);
    assert_eq!(code, Some(0));
    let store = s.stores().pop().expect("a store");
    flip_last_text_byte(&store);
    // The store opens (texts are checked when read): the damaged one is read from its file.
    let (code, out, err) = s.run_with(s.home.path(), &["export", &s.dir()]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, cold);
    assert!(err.contains("read from its file instead"), "{err}");
    // Removed, so the next open reads the files and writes it anew; then it is sound.
    s.assert_rebuilt_and_sound(&cold);
}

#[test]
fn the_first_frame_from_the_store_decodes_only_the_documents_it_shows() {
    use docent::model::{Corpus, Document, DOC_CHUNK};
    use ratatui::crossterm::event::KeyCode;
    // Four chunks of documents and a bit, in two folders.
    let n = 4 * DOC_CHUNK + 9;
    let documents: Vec<Document> = (0..n)
        .map(|i| Document {
            id: i,
            path: format!("/corpus/{}/{i:04}.txt", if i % 2 == 0 { "a" } else { "b" }),
            title: format!("Title {i}"),
            text: format!("Title {i}\n\nBody of document {i}.\n").into(),
            ..Default::default()
        })
        .collect();
    let corpus = Corpus {
        documents: documents.into(),
        entities: vec![].into(),
        notices: vec![],
    };
    let (_dir, mut a, mut b) = readers_from_store_and_corpus(corpus, &[], (100, 30));
    assert_eq!(
        a.sources.root, b.sources.root,
        "the shared folder, from the bounds"
    );
    assert_eq!(tui_common::render(&mut a), tui_common::render(&mut b));
    assert_eq!(
        a.corpus.documents.decoded_chunks(),
        1,
        "only the rows on screen"
    );
    // Going to the last document decodes the chunks of the rows then on screen (the last nine
    // documents and a few of the chunk before), and draws the same.
    for app in [&mut a, &mut b] {
        tui_common::key(app, KeyCode::End);
    }
    assert_eq!(tui_common::render(&mut a), tui_common::render(&mut b));
    assert_eq!(a.corpus.documents.decoded_chunks(), 3);
}

#[test]
fn a_store_of_the_previous_format_is_rebuilt_cleanly() {
    let s = Setup::new();
    let (code, cold, _) = s.run_with(s.home.path(), &["export", &s.dir()]);
    assert_eq!(code, Some(0));
    let store = s.stores().pop().expect("a store");
    let mut bytes = std::fs::read(&store).expect("read");
    // The format number follows the 8-byte magic: an older store is stale, not damage.
    let format = u64::from_le_bytes(bytes[8..16].try_into().expect("8 bytes"));
    bytes[8..16].copy_from_slice(&(format - 1).to_le_bytes());
    std::fs::write(&store, &bytes).expect("write");
    let (code, out, err) = s.run_with(s.home.path(), &["export", &s.dir()]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, cold);
    assert!(err.is_empty(), "quietly: {err}");
    let again = std::fs::read(s.stores().pop().expect("rewritten")).expect("read");
    assert_eq!(
        u64::from_le_bytes(again[8..16].try_into().expect("8 bytes")),
        format
    );
    s.assert_rebuilt_and_sound(&cold);
}

#[test]
fn the_first_frame_from_the_store_decodes_only_the_entities_it_shows() {
    use docent::model::{Corpus, Document, Entity, EntityKind, Mention, ENTITY_CHUNK};
    use ratatui::crossterm::event::KeyCode;
    // A hundred chunks of entities over 1,600 documents: each document names four, a chunk
    // apart or more (entity j is in document j % 1,600), of every kind, dates with and
    // without a value.
    let (ndocs, nents) = (1600, 100 * ENTITY_CHUNK);
    let word = |j: usize| format!("w{j:04}");
    let documents: Vec<Document> = (0..ndocs)
        .map(|i| {
            let words: Vec<String> = (i..nents).step_by(ndocs).map(word).collect();
            Document {
                id: i,
                path: format!("/corpus/{i:04}.txt"),
                title: format!("Title {i}"),
                text: format!("Title {i}\n\n{}\n", words.join(" ")).into(),
                ..Default::default()
            }
        })
        .collect();
    let entities: Vec<Entity> = (0..nents)
        .map(|j| {
            let (doc, k) = (j % ndocs, j / ndocs);
            let start = format!("Title {doc}\n\n").len() + 6 * k;
            let kind = EntityKind::ALL[j % 4];
            Entity {
                id: format!("{}:{}", kind.as_str(), word(j)),
                kind,
                // Names out of number order, so that the name sort differs from it.
                name: format!("N{:04}", (j * 37) % nents),
                value: (kind == EntityKind::Date && j % 8 != 3)
                    .then(|| format!("{}-{:02}", 1990 + (j * 13) % 30, 1 + j % 12)),
                aliases: vec![word(j)],
                mentions: vec![Mention::new(doc, start, start + 5).expect("fits")].into(),
            }
        })
        .collect();
    let corpus = Corpus {
        documents: documents.into(),
        entities: entities.into(),
        notices: vec![],
    };
    let (_dir, mut a, mut b) = readers_from_store_and_corpus(corpus, &[], (100, 30));
    assert_eq!(tui_common::render(&mut a), tui_common::render(&mut b));
    // The open document's four entities, in four chunks: those only.
    let shown = a.corpus.entities.decoded_chunks();
    assert!((1..=4).contains(&shown), "{shown} chunks decoded");
    // The whole corpus, by count then by name: the same rows, the chunks of those on screen
    // (at most 30 rows a frame, names spread over the chunks).
    for key in [KeyCode::Char('e'), KeyCode::Char('s'), KeyCode::Char('s')] {
        tui_common::key(&mut a, key);
        tui_common::key(&mut b, key);
        assert_eq!(tui_common::render(&mut a), tui_common::render(&mut b));
        let rows: Vec<_> = a.entities.rows.iter().map(|r| format!("{r:?}")).collect();
        let want: Vec<_> = b.entities.rows.iter().map(|r| format!("{r:?}")).collect();
        assert_eq!(rows, want);
    }
    let decoded = a.corpus.entities.decoded_chunks();
    assert!(
        decoded <= shown + 3 * 30 && decoded < 100,
        "{decoded} of 100 chunks decoded for the corpus scope"
    );
}
