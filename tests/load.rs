//! Loading: every format, the header/title/date rules, and each skip path.

use docent::load::{load_paths, load_seeds, LoadError, LoadOptions, Loaded};
use docent::model::Format;
use std::fs;
use std::path::Path;

fn load_dir(dir: &Path) -> Loaded {
    load_paths(
        &[dir.to_string_lossy().into_owned()],
        &LoadOptions::default(),
    )
    .expect("loads")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(p, bytes).expect("write");
}

fn has_notice(l: &Loaded, file: &str, words: &str) -> bool {
    l.notices
        .iter()
        .any(|n| n.path.ends_with(file) && n.message.contains(words))
}

#[test]
fn seeds_have_their_titles_and_dates() {
    let l = load_seeds();
    assert_eq!(l.documents.len(), 4);
    let d = &l.documents;
    assert_eq!(
        d[0].date.map(|d| d.to_string()).as_deref(),
        Some("2021-08-08")
    );
    assert!(!d[0].date_inferred);
    assert!(
        !d[0].title.contains("date 2021"),
        "header is not title: {}",
        d[0].title
    );
    assert!(d[0].title.starts_with("Venezuela's ruling"));
    assert_eq!(d[1].date, None);
    assert!(!d[1].date_inferred);
    assert_eq!(
        d[2].date.map(|d| d.to_string()).as_deref(),
        Some("2024-07-02")
    );
    assert_eq!(
        d[3].title,
        "Socialists Secure Massive Victory in Venezuelan Elections"
    );
    assert_eq!(
        d[3].date.map(|d| d.to_string()).as_deref(),
        Some("2021-11-21")
    );
    assert!(d[3].date_inferred);
    for doc in d {
        assert!(doc.title.chars().count() <= 81, "{}", doc.title);
        assert!(doc.body_start <= doc.text.len() && doc.text.is_char_boundary(doc.body_start));
    }
    // The bundled copy is byte for byte the seeds folder.
    let from_disk = load_dir(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")));
    assert_eq!(from_disk.documents.len(), 4);
    for (a, b) in from_disk.documents.iter().zip(&l.documents) {
        assert_eq!(a.text, b.text);
        assert_eq!(a.title, b.title);
        assert_eq!(a.date, b.date);
    }
}

#[test]
fn markdown_front_matter() {
    let t = tempfile::tempdir().expect("tmp");
    write(
        t.path(),
        "a.md",
        b"---\ntitle: \"Harbour Strike\"\ndate: 2019-04-02\n---\n# Ignored heading\nDockers walked out.\n",
    );
    write(t.path(), "b.md", b"# Plain Heading\n\nSome text here.\n");
    write(t.path(), "c.md", b"---\ntitle: never closed\nSome text.\n");
    // TOML front matter as Hugo and Zola write it; a table's keys are not the page's.
    write(
        t.path(),
        "d.md",
        b"+++\ntitle = \"Rust 1.0\"\ndate = 2015-05-15\n[extra]\ntitle = \"not this\"\n+++\n\nThe release is out.\n",
    );
    let l = load_dir(t.path());
    let a = l
        .documents
        .iter()
        .find(|d| d.path.ends_with("a.md"))
        .expect("a");
    assert_eq!(a.title, "Harbour Strike");
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2019-04-02"));
    assert_eq!(a.format, Format::Markdown);
    // Rendered: the heading's text, then the paragraph; front matter is not in the text.
    assert!(a
        .body()
        .starts_with("Ignored heading\n\nDockers walked out."));
    let b = l
        .documents
        .iter()
        .find(|d| d.path.ends_with("b.md"))
        .expect("b");
    assert_eq!(b.title, "Plain Heading");
    assert!(has_notice(&l, "c.md", "never ends"));
    let d = l
        .documents
        .iter()
        .find(|d| d.path.ends_with("d.md"))
        .expect("d");
    assert_eq!(d.title, "Rust 1.0");
    assert_eq!(d.date.map(|d| d.to_string()).as_deref(), Some("2015-05-15"));
    assert!(d.body().starts_with("The release is out."), "{}", d.body());
    assert!(
        l.documents.iter().any(|d| d.path.ends_with("c.md")),
        "the rest still loads"
    );
}

#[test]
fn html_visible_text_title_date_and_offsets() {
    let t = tempfile::tempdir().expect("tmp");
    let html = "<html><head><title>Port News</title><meta property=\"article:published_time\" content=\"2022-02-03T08:00Z\"><script>alert('x')</script></head><body><h1>Ships</h1><p>Cargo reached&nbsp;Rotterdam &amp; Oslo.</p></body></html>";
    write(t.path(), "p.html", html.as_bytes());
    write(
        t.path(),
        "q.htm",
        b"<body><h1>Only Heading</h1><time datetime=\"2020-01-01\">then</time></body>",
    );
    let l = load_dir(t.path());
    let p = l
        .documents
        .iter()
        .find(|d| d.path.ends_with("p.html"))
        .expect("p");
    assert_eq!(p.title, "Port News");
    assert_eq!(p.date.map(|d| d.to_string()).as_deref(), Some("2022-02-03"));
    assert!(!p.text.contains("alert"));
    assert!(!p.text.contains('<'));
    let at = p.text.find("Oslo").expect("visible");
    let src = p.source_offset(at);
    assert_eq!(&html[src..src + 4], "Oslo");
    let q = l
        .documents
        .iter()
        .find(|d| d.path.ends_with("q.htm"))
        .expect("q");
    assert_eq!(q.title, "Only Heading");
    assert_eq!(q.date.map(|d| d.to_string()).as_deref(), Some("2020-01-01"));
}

#[test]
fn json_and_jsonl_records() {
    let t = tempfile::tempdir().expect("tmp");
    write(
        t.path(),
        "arr.json",
        br#"[{"headline":"One","body":"First text.","published_at":"2020-05-06T00:00:00Z","url":"http://x/1"},
             {"title":"Two","content":"Second text."},
             {"title":"No text"}, 7]"#,
    );
    write(
        t.path(),
        "obj.json",
        br#"{"text":"Lone object. On March 3, 2020 it rained.","date":"bad"}"#,
    );
    write(t.path(), "bad.json", b"{\"text\": ");
    write(
        t.path(),
        "lines.jsonl",
        b"{\"text\":\"Line one.\",\"date\":\"2021-01-02\"}\n{oops\n\n{\"text\":\"Line three.\"}\n",
    );
    let l = load_dir(t.path());
    let one = l.documents.iter().find(|d| d.title == "One").expect("one");
    // The record's title is analysed with its text.
    assert_eq!(one.text, "One\n\nFirst text.");
    assert_eq!(
        one.date.map(|d| d.to_string()).as_deref(),
        Some("2020-05-06")
    );
    assert_eq!(one.url.as_deref(), Some("http://x/1"));
    assert_eq!(one.record, Some(0));
    assert_eq!(one.format, Format::Json);
    assert!(l
        .documents
        .iter()
        .any(|d| d.title == "Two" && d.text == "Two\n\nSecond text."));
    assert!(has_notice(&l, "arr.json", "record 3: no text"));
    assert!(has_notice(&l, "arr.json", "record 4: not an object"));
    let lone = l
        .documents
        .iter()
        .find(|d| d.path.ends_with("obj.json"))
        .expect("obj");
    assert_eq!(
        lone.date.map(|d| d.to_string()).as_deref(),
        Some("2020-03-03")
    );
    assert!(
        lone.date_inferred,
        "an unparseable date field falls back to inference"
    );
    assert!(has_notice(&l, "bad.json", "malformed JSON at line 1"));
    let jl: Vec<_> = l
        .documents
        .iter()
        .filter(|d| d.path.ends_with("lines.jsonl"))
        .collect();
    assert_eq!(jl.len(), 2);
    assert_eq!(jl[0].format, Format::Jsonl);
    assert!(has_notice(&l, "lines.jsonl", "line 2: malformed"));
}

#[test]
fn skips_with_notices_and_loads_the_rest() {
    let t = tempfile::tempdir().expect("tmp");
    write(t.path(), "good.txt", b"Good text about Lima.");
    write(t.path(), "noext", b"No extension is plain text.");
    write(t.path(), "image.png", b"\x89PNG\r\n");
    write(t.path(), "blob.txt", b"abc\x00\x01\x02def");
    write(t.path(), "empty.txt", b"");
    write(t.path(), "blank.txt", b"   \n\t\n");
    write(t.path(), "latin1.txt", b"Caf\xe9 in Quito.");
    write(t.path(), ".hidden/secret.txt", b"hidden");
    write(t.path(), ".git/HEAD.txt", b"ref");
    write(t.path(), "deep/a/b/c/d/nested.txt", b"Nested text.");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(t.path(), t.path().join("loop")).expect("symlink");
        std::os::unix::fs::symlink(t.path().join("nowhere"), t.path().join("dangling.txt"))
            .expect("symlink");
        let fifo = t.path().join("pipe.txt");
        let ok = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .map(|s| s.success());
        assert!(matches!(ok, Ok(true)), "mkfifo");
    }
    let l = load_dir(t.path());
    let names: Vec<&str> = l.documents.iter().map(|d| d.file_name()).collect();
    assert!(names.contains(&"good.txt"));
    assert!(names.contains(&"noext"));
    assert!(names.contains(&"nested.txt"));
    assert!(names.contains(&"latin1.txt"));
    assert!(!names.contains(&"secret.txt") && !names.contains(&"HEAD.txt"));
    assert!(has_notice(&l, "image.png", "unsupported file type"));
    assert!(has_notice(&l, "blob.txt", "binary"));
    assert!(has_notice(&l, "empty.txt", "empty"));
    assert!(has_notice(&l, "blank.txt", "empty"));
    assert!(has_notice(&l, "latin1.txt", "decoded as windows-1252"));
    #[cfg(unix)]
    {
        assert!(has_notice(&l, "loop", "not followed"));
        assert!(has_notice(&l, "dangling.txt", "broken"));
        assert!(has_notice(&l, "pipe.txt", "not a regular file"));
    }
    let latin = l
        .documents
        .iter()
        .find(|d| d.file_name() == "latin1.txt")
        .expect("latin1");
    assert!(latin.text.starts_with("Café"), "legacy encoding detected");
    let at = latin.text.find("Quito").expect("decoded");
    assert_eq!(at, 9, "é is 2 bytes in the text");
    assert_eq!(latin.source_offset(at), 8, "offsets index the file's bytes");
}

#[test]
fn size_limit_skips_without_reading() {
    let t = tempfile::tempdir().expect("tmp");
    write(t.path(), "big.txt", &vec![b'a'; 5000]);
    write(t.path(), "small.txt", b"Small.");
    let l = load_paths(
        &[t.path().to_string_lossy().into_owned()],
        &LoadOptions {
            max_file_size: 1000,
            ..Default::default()
        },
    )
    .expect("loads");
    assert!(has_notice(&l, "big.txt", "over the 1000 byte limit"));
    assert_eq!(l.documents.len(), 1);
}

#[test]
fn missing_path_is_an_error() {
    let e =
        load_paths(&["/definitely/not/here".into()], &LoadOptions::default()).expect_err("missing");
    assert_eq!(e, LoadError::NotFound("/definitely/not/here".into()));
}

#[test]
fn utf16_with_bom() {
    let t = tempfile::tempdir().expect("tmp");
    let mut bytes = vec![0xFF, 0xFE];
    for u in "Wide text from Kyiv.".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    write(t.path(), "wide.txt", &bytes);
    let l = load_dir(t.path());
    assert_eq!(l.documents[0].text, "Wide text from Kyiv.");
    let at = l.documents[0].text.find("Kyiv").expect("decoded");
    assert_eq!(l.documents[0].source_offset(at), 2 + 15 * 2);
}

/// Many files and a very deep tree load (the walk keeps its own stack), and the progress
/// counters a display polls reach the number of files.
#[test]
fn many_files_and_deep_nesting_load_with_progress() {
    let t = tempfile::tempdir().expect("tmp");
    for i in 0..20_000 {
        write(
            t.path(),
            &format!("f{:03}/doc{i}.txt", i % 100),
            format!("Report {i} from the council.").as_bytes(),
        );
    }
    let mut deep = t.path().to_path_buf();
    for _ in 0..1_000 {
        deep.push("d");
    }
    write(&deep, "bottom.txt", b"At the bottom of the tree.");
    let progress = std::sync::Arc::new(docent::load::Progress::default());
    let l = load_paths(
        &[t.path().to_string_lossy().into_owned()],
        &LoadOptions {
            progress: Some(progress.clone()),
            ..Default::default()
        },
    )
    .expect("loads");
    assert_eq!(l.documents.len(), 20_001);
    assert!(l.documents.iter().any(|d| d.file_name() == "bottom.txt"));
    let read = progress.read.load(std::sync::atomic::Ordering::Relaxed);
    let walked = progress.walked.load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!((read, walked), (20_001, 20_001));
}

/// Sockets and devices are never read; an unreadable file is reported and the rest loads.
#[cfg(unix)]
#[test]
fn sockets_devices_and_unreadable_files_get_one_notice_each() {
    use std::os::unix::fs::PermissionsExt;
    let t = tempfile::tempdir().expect("tmp");
    write(t.path(), "good.txt", b"Good text.");
    let _sock = std::os::unix::net::UnixListener::bind(t.path().join("sock.txt")).expect("bind");
    std::os::unix::fs::symlink("/dev/zero", t.path().join("zero.txt")).expect("symlink");
    write(t.path(), "secret.txt", b"Private.");
    let secret = t.path().join("secret.txt");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let l = load_dir(t.path());
    assert!(has_notice(&l, "sock.txt", "not a regular file"));
    assert!(has_notice(&l, "zero.txt", "special file"));
    assert!(l.documents.iter().any(|d| d.file_name() == "good.txt"));
    if std::fs::read(&secret).is_err() {
        // Not root: the permission bits apply.
        assert!(has_notice(&l, "secret.txt", "cannot read"));
    } else {
        eprintln!(
            "running as root: permission bits do not stop reads; unreadable case not checked"
        );
    }
    assert!(!l.documents.iter().any(|d| d.file_name() == "zero.txt"));
}

#[test]
fn date_sources_are_applied_in_the_order_given() {
    use docent::load::{apply_date_from, load_bytes, DateFrom};
    let mut l = Loaded::default();
    load_bytes(
        "news/2004/12/31/story.txt",
        b"Title\nMarch 01, 2008\n\nBody text.",
        &mut l,
    );
    load_bytes("plain.txt", b" date 2001-02-03 Headed text.", &mut l);
    let dates = |l: &Loaded| {
        l.documents
            .iter()
            .map(|d| (d.date.map(|d| d.to_string()), d.date_inferred))
            .collect::<Vec<_>>()
    };
    // Default: header, path, text.
    assert_eq!(
        dates(&l),
        [
            (Some("2004-12-31".to_string()), true),
            (Some("2001-02-03".to_string()), false)
        ]
    );
    let text_first = DateFrom::parse_list("text,header").expect("list");
    apply_date_from(&mut l, &text_first);
    assert_eq!(
        dates(&l),
        [
            (Some("2008-03-01".to_string()), true),
            (Some("2001-02-03".to_string()), false)
        ]
    );
    apply_date_from(&mut l, &DateFrom::parse_list("none").expect("list"));
    assert_eq!(dates(&l), [(None, false), (None, false)]);
}
