//! The formats read from files made by real tools (tests/fixtures/formats/README.md says how):
//! PDF, DOCX, ODT, EPUB, e-mail, archives; and the robustness of their parsers on damaged and
//! arbitrary bytes.

use docent::load::{load_bytes, load_paths, LoadOptions, Loaded};
use docent::model::Format;
use proptest::prelude::*;

const DIR: &str = "tests/fixtures/formats";

fn load(name: &str) -> Loaded {
    load_paths(&[format!("{DIR}/{name}")], &LoadOptions::default()).expect("loads")
}

fn one(name: &str) -> docent::model::Document {
    let l = load(name);
    assert_eq!(l.documents.len(), 1, "{name}: {:?}", l.notices);
    l.documents.into_iter().next().expect("one")
}

fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn pdf_text_layer_in_pages() {
    for name in ["report.pdf", "report-ps2pdf.pdf"] {
        let d = one(name);
        assert_eq!(d.format, Format::Pdf);
        assert_eq!(d.pages.len(), 2, "{name}");
        let p1 = &d.text[d.pages[0].clone()];
        let p2 = &d.text[d.pages[1].clone()];
        let flat = words(p1);
        assert!(
            flat.contains("Harbour Authority Annual Review"),
            "{name}: {p1}"
        );
        // Ligatures (fi, ffi) come out as letters; non-Latin-1 letters survive.
        assert!(flat.contains("finance office"), "{name}: {flat}");
        assert!(flat.contains("efficient handling"), "{name}");
        assert!(flat.contains("Valparaíso"), "{name}");
        assert!(words(p2).contains("Antofagasta"), "{name}");
        assert!(!flat.contains("Antofagasta"));
        assert_eq!(
            d.page_of(d.text.find("Antofagasta").expect("in text")),
            Some(1)
        );
    }
}

/// Ghostscript's `ps2pdf` sets word spaces as character spacing after a word's last letter,
/// closes up spaces with a negative word spacing, and shows lines with the `'` operator; the
/// text read from its PDF is the text read from groff's own PDF of the same source, word for
/// word (it ran words together and lost the lines shown with `'`).
#[test]
fn a_ps2pdf_pdf_reads_word_for_word_as_groffs_own() {
    let (a, b) = (one("report.pdf"), one("report-ps2pdf.pdf"));
    assert_eq!(words(&a.text), words(&b.text));
    for phrase in [
        "Carlos Vega answered",
        "attended the hearing on 21 November 2021",
    ] {
        assert!(words(&b.text).contains(phrase), "{phrase}: {}", b.text);
    }
}

/// Reading a PDF counts its pages for the progress display: found, then read.
#[test]
fn reading_a_pdf_counts_its_pages_for_progress() {
    use std::sync::atomic::Ordering;
    let progress = std::sync::Arc::new(docent::load::Progress::default());
    let opts = LoadOptions {
        progress: Some(progress.clone()),
        ..Default::default()
    };
    let names = ["report.pdf", "report-ps2pdf.pdf"].map(|n| format!("{DIR}/{n}"));
    let l = load_paths(&names, &opts).expect("loads");
    assert_eq!(l.documents.len(), 2);
    assert_eq!(progress.pages.load(Ordering::Relaxed), 4);
    assert_eq!(progress.pages_read.load(Ordering::Relaxed), 4);
}

/// A message written by Python's `email` module: a "Last, First" sender is one person in
/// reading order, a one-word name and a bare address are people carrying their addresses, and
/// an attachment without a name is read as the PDF its content type says (the image is left).
#[test]
fn mail_names_bare_addresses_and_unnamed_attachments() {
    let mut l = load("names.eml");
    assert!(l.notices.is_empty(), "{:?}", l.notices);
    let paths: Vec<&str> = l.documents.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "tests/fixtures/formats/names.eml",
            "tests/fixtures/formats/names.eml!/attachment-1.pdf"
        ]
    );
    assert_eq!(l.documents[1].format, Format::Pdf);
    assert!(l.documents[0]
        .text
        .starts_with("From: Beatriz Molina <bmolina@harbour.example>\n"));
    for (i, d) in l.documents.iter_mut().enumerate() {
        d.id = i;
    }
    let entities = docent::analyze::analyze(&l.documents);
    let person = |name: &str| {
        entities
            .iter()
            .find(|e| e.name == name && e.kind == docent::model::EntityKind::Person)
            .unwrap_or_else(|| {
                panic!(
                    "{name}: {:?}",
                    entities
                        .iter()
                        .map(|e| (&e.name, e.kind))
                        .collect::<Vec<_>>()
                )
            })
    };
    assert!(person("Beatriz Molina")
        .aliases
        .contains(&"bmolina@harbour.example".to_string()));
    assert!(person("Ana")
        .aliases
        .contains(&"ana@harbour.example".to_string()));
    assert!(!person("press@harbour.example").mentions.is_empty());
    assert!(entities.iter().all(|e| e.name != "Molina"));
}

/// The export gives a PDF its pages as `[start, end)` ranges of its text, marked as text
/// offsets; each range holds that page's text.
#[test]
fn the_export_gives_pages_as_text_ranges() {
    let l = load("report.pdf");
    let corpus = docent::model::Corpus {
        entities: docent::analyze::analyze(&l.documents).into(),
        documents: l.documents.into(),
        notices: vec![],
    };
    let v: serde_json::Value =
        serde_json::from_str(&docent::export::to_json(&corpus).expect("export")).expect("json");
    let d = &v["documents"][0];
    assert_eq!(d["offsets"], "text");
    let text = &corpus.documents[0].text;
    let pages = d["pages"].as_array().expect("pages");
    assert_eq!(pages.len(), 2);
    let second = &pages[1];
    let (s, e) = (
        second[0].as_u64().expect("start") as usize,
        second[1].as_u64().expect("end") as usize,
    );
    assert!(text[s..e].contains("Antofagasta"));
    assert!(!text[..s].contains("Antofagasta"));
}

#[test]
fn pdf_without_text_or_with_password_is_a_notice() {
    let l = load("scan.pdf");
    assert!(l.documents.is_empty());
    assert!(
        l.notices
            .iter()
            .any(|n| n.message.contains("no text layer")),
        "{:?}",
        l.notices
    );
    let l = load("encrypted.pdf");
    assert!(l.documents.is_empty());
    assert!(
        l.notices.iter().any(|n| n.message.contains("encrypted")),
        "{:?}",
        l.notices
    );
}

#[test]
fn office_files_and_epub() {
    for (name, format) in [
        ("report.docx", Format::Docx),
        ("report.odt", Format::Odt),
        ("report.epub", Format::Epub),
    ] {
        let d = one(name);
        assert_eq!(d.format, format);
        assert_eq!(d.title, "Port Strike Report", "{name}");
        let t = &d.text;
        assert!(
            t.contains("Port strike spreads to Valparaíso"),
            "{name}: {t}"
        );
        // Paragraph lines are joined by the writer; tables come out as rows.
        assert!(
            words(t).contains("Dock workers in Valparaíso joined the strike on Monday"),
            "{name}: {t}"
        );
        assert!(
            t.contains("Olena Kovalenko") && t.contains("Київ"),
            "{name}"
        );
        assert!(t.contains("Radio Bío-Bío"), "{name}: footnote missing: {t}");
        assert!(d.format.offsets_index_text());
    }
    let d = one("report.docx");
    assert!(d.text.contains("Ana Torres | Lima"), "{}", d.text);
}

/// RTF written by two real tools: pandoc (`\uN` escapes, tables, a `{\*\footnote}`) and
/// AbiWord (`\ansicpg1252` with `\'hh` escapes, style sheet, bookmarks, `\info`).
#[test]
fn rtf_from_pandoc_and_abiword() {
    for name in ["report.rtf", "report-abiword.rtf"] {
        let d = one(name);
        assert_eq!(d.format, Format::Rtf);
        assert_eq!(d.title, "Port Strike Report", "{name}");
        let t = &d.text;
        assert!(
            t.contains("Dock workers in Valparaíso joined the strike on Monday, said union leader Carlos Vega."),
            "{name}: {t}"
        );
        assert!(
            t.contains("Ana Torres | Lima\nOlena Kovalenko | Київ"),
            "{name}: {t}"
        );
        // The footnote comes after the text.
        let note = t.find("Reported by Radio Bío-Bío").expect("footnote");
        assert!(
            note > t.find("Corine Mauch").expect("last paragraph"),
            "{name}"
        );
        // Nothing of the font, colour or style tables.
        for junk in [
            "Helvetica",
            "Times New Roman",
            "Footnote Text",
            "red255",
            "\\",
        ] {
            assert!(!t.contains(junk), "{name}: {junk} in {t}");
        }
        assert!(d.format.offsets_index_text());
    }
    let d = one("report-abiword.rtf");
    assert!(d
        .fields
        .iter()
        .any(|(k, v)| k == "Author" && v == "Ana Torres"));
    let l = load_bytes_one("not.rtf", b"plain text, not RTF");
    assert!(l.documents.is_empty());
    assert!(
        l.notices[0].message.contains("not an RTF document"),
        "{:?}",
        l.notices
    );
}

fn load_bytes_one(name: &str, bytes: &[u8]) -> Loaded {
    let mut l = Loaded::default();
    load_bytes(name, bytes, &mut l);
    l
}

#[test]
fn email_messages_and_attachments() {
    let l = load("strike.eml");
    assert!(l.documents.len() >= 2, "{:?}", l.notices);
    let m = &l.documents[0];
    assert_eq!(m.format, Format::Email);
    assert_eq!(m.title, "Strike in Valparaíso: notes from Santiago");
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2021-11-22"));
    assert!(m.text.contains("The strike reached Valparaíso on Monday."));
    assert!(!m.text.contains("<b>"), "text/plain is preferred");
    assert!(m
        .fields
        .iter()
        .any(|(k, v)| k == "Cc" && v.contains("bmolina@example.org")));
    let a = &l.documents[1];
    assert!(a.path.ends_with("strike.eml!/report.docx"), "{}", a.path);
    assert_eq!(a.parent.as_deref(), Some(m.path.as_str()));
    assert_eq!(a.format, Format::Docx);
    // The picture is not a readable format: no document, no error.
    assert!(l.documents.iter().all(|d| !d.path.ends_with(".png")));

    // The people the headers name carry their addresses as aliases (and so in the export).
    let entities = docent::analyze::analyze(&l.documents);
    for (name, address) in [
        ("Ana Torres", "ana.torres@example.org"),
        ("Carlos Vega", "cvega@example.net"),
        ("Beatriz Molina", "bmolina@example.org"),
    ] {
        let e = entities
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("{name} is found"));
        assert!(
            e.aliases.iter().any(|a| a == address),
            "{name}: {:?}",
            e.aliases
        );
    }
    let corpus = docent::model::Corpus {
        documents: l.documents.clone().into(),
        entities: entities.into(),
        notices: vec![],
    };
    let json = docent::export::to_json(&corpus).expect("export");
    assert!(json.contains("\"ana.torres@example.org\""));

    let l = load("desk.mbox");
    let msgs: Vec<_> = l
        .documents
        .iter()
        .filter(|d| d.format == Format::Email)
        .collect();
    assert_eq!(msgs.len(), 2, "{:?}", l.notices);
    assert_eq!(msgs[1].title, "Київ update");
    assert!(msgs[1].text.contains("Officials in Київ and Lviv"));
    assert_eq!(msgs[1].record, Some(1));
}

#[test]
fn archives_read_like_folders() {
    let l = load("bundle.zip");
    let paths: Vec<&str> = l.documents.iter().map(|d| d.path.as_str()).collect();
    assert!(
        paths.iter().any(|p| p.ends_with("bundle.zip!/report.docx")),
        "{paths:?}"
    );
    assert!(paths.iter().any(|p| p.ends_with("bundle.zip!/report.md")));
    assert!(paths
        .iter()
        .any(|p| p.ends_with("bundle.zip!/strike.eml!/report.docx")));
    let l = load("bundle.tar.gz");
    let paths: Vec<&str> = l.documents.iter().map(|d| d.path.as_str()).collect();
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with("bundle.tar.gz!/report.pdf")),
        "{paths:?}"
    );
    assert!(paths
        .iter()
        .any(|p| p.ends_with("bundle.tar.gz!/report.odt")));
}

#[test]
fn markdown_renders_readable_text() {
    let d = one("report.md");
    assert_eq!(d.title, "Port Strike Report");
    assert!(d
        .text
        .contains("joined the strike on Monday, said union leader Carlos Vega."));
    assert!(!d.text.contains("title:"));
    // Offsets still index the file's bytes.
    let src = std::fs::read_to_string(format!("{DIR}/report.md")).expect("read");
    let t = d.text.find("Carlos Vega").expect("in text");
    let s = d.source_offset(t);
    assert_eq!(&src[s..s + 11], "Carlos Vega");
}

#[test]
fn truncated_fixtures_never_panic() {
    for name in [
        "report.pdf",
        "report.docx",
        "report.odt",
        "report.epub",
        "report.rtf",
        "report-abiword.rtf",
        "strike.eml",
        "bundle.zip",
        "bundle.tar.gz",
    ] {
        let bytes = std::fs::read(format!("{DIR}/{name}")).expect("read");
        for cut in [
            1,
            10,
            100,
            bytes.len() / 3,
            bytes.len() / 2,
            bytes.len() - 1,
        ] {
            let mut l = Loaded::default();
            load_bytes(name, &bytes[..cut.min(bytes.len())], &mut l);
            // Something is said: a document or a notice.
            assert!(
                !l.documents.is_empty() || !l.notices.is_empty(),
                "{name} cut at {cut}"
            );
        }
        // A damaged middle.
        let mut bad = bytes.clone();
        let mid = bad.len() / 2;
        for b in bad.iter_mut().skip(mid).take(64) {
            *b ^= 0x5A;
        }
        let mut l = Loaded::default();
        load_bytes(name, &bad, &mut l);
    }
}

/// Cases per property: 256, or `FORMATS_CASES` for longer runs.
fn cases() -> u32 {
    std::env::var("FORMATS_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048),
                                   ext in prop::sample::select(vec!["pdf", "docx", "odt", "epub", "rtf", "eml", "mbox", "zip", "tar", "tar.gz"])) {
        let mut l = Loaded::default();
        load_bytes(&format!("x.{ext}"), &bytes, &mut l);
        for d in &l.documents {
            for r in &d.pages {
                prop_assert!(r.start <= r.end && r.end <= d.text.len());
            }
        }
    }

    #[test]
    fn prefixed_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..1024),
                                  which in 0usize..5) {
        let head: &[u8] = [&b"%PDF-1.4\n"[..], b"PK\x03\x04", b"From a@b Mon Jan  1 00:00:00 2000\nSubject: x\n\n", b"\x1f\x8b\x08\x00", b"{\\rtf1\\ansi\\ansicpg932 "][which];
        let ext = ["pdf", "zip", "mbox", "tar.gz", "rtf"][which];
        let mut bytes = head.to_vec();
        bytes.extend_from_slice(&tail);
        let mut l = Loaded::default();
        load_bytes(&format!("x.{ext}"), &bytes, &mut l);
    }

    #[test]
    fn mutated_fixtures_never_panic(which in 0usize..10,
                                    flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..24),
                                    cut in any::<prop::sample::Index>()) {
        let names = ["report.pdf", "report-ps2pdf.pdf", "report.docx", "report.odt", "report.epub", "strike.eml", "bundle.zip", "bundle.tar.gz", "report.rtf", "report-abiword.rtf"];
        let name = names[which];
        let mut bytes = fixture(name);
        for (at, b) in &flips {
            let i = at.index(bytes.len());
            bytes[i] = *b;
        }
        let keep = bytes.len() - cut.index(bytes.len() / 4 + 1);
        bytes.truncate(keep);
        let mut l = Loaded::default();
        load_bytes(name, &bytes, &mut l);
        for d in &l.documents {
            for r in &d.pages {
                prop_assert!(r.start <= r.end && r.end <= d.text.len());
            }
        }
    }
}

type Fixtures = std::sync::Mutex<Vec<(String, Vec<u8>)>>;

fn fixture(name: &str) -> Vec<u8> {
    use std::sync::OnceLock;
    static CACHE: OnceLock<Fixtures> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut c = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, b)) = c.iter().find(|(n, _)| n == name) {
        return b.clone();
    }
    let b = std::fs::read(format!("{DIR}/{name}")).expect("fixture");
    c.push((name.to_string(), b.clone()));
    b
}
