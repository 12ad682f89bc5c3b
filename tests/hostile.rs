//! Hostile input, round two (issue 17): each test here failed before its fix. The core's side:
//! bounded mention context, corrections that cannot cost gigabytes or seconds and are shared
//! through links, state files with a byte order mark, leftovers of killed writes, UTF-32, many
//! search terms, a cache that notices rewritten files and non-UTF-8 names, standard input's size
//! limit.

use docent::corrections::{self, Correction, Corrections};
use docent::load::{load_bytes, load_paths, LoadOptions, Loaded};
use docent::model::{Corpus, Document, Entity, EntityKind, Format, Mention, SourceMap};
use std::path::Path;
use std::time::{Duration, Instant};

fn doc(text: &str) -> Document {
    Document {
        id: 0,
        path: "t.txt".into(),
        record: None,
        format: Format::Text,
        title: "t".into(),
        date: None,
        date_inferred: false,
        url: None,
        text: text.into(),
        body_start: 0,
        source_map: SourceMap::identity(),
        ..Default::default()
    }
}

fn entity(i: usize) -> Entity {
    Entity {
        id: format!("person:p{i}"),
        kind: EntityKind::Person,
        name: format!("Person Number {i}"),
        value: None,
        aliases: vec![format!("P. Number {i}"), format!("Number {i}")],
        mentions: Default::default(),
    }
}

/// A PID no process has: a child that has been waited for.
fn dead_pid() -> u32 {
    let mut c = std::process::Command::new("true")
        .spawn()
        .expect("spawn true");
    let pid = c.id();
    c.wait().expect("wait");
    pid
}

// ----- 9: replaying corrections is near-linear ------------------------------------------------

/// 20,000 corrections whose entities are gone, over 3,000 entities: every correction used to
/// fold every entity's every name (22 s for an open); each is now one map lookup per name.
#[test]
fn replaying_20000_stale_corrections_is_near_linear() {
    let entities: Vec<Entity> = (0..3_000).map(entity).collect();
    let c = Corrections {
        version: 1,
        corrections: (0..20_000)
            .map(|i| Correction::Hide {
                id: format!("person:gone-{i}"),
                names: vec![format!("Gone Person {i}"), format!("G. Person {i}")],
            })
            .collect(),
    };
    let t = Instant::now();
    let a = corrections::apply(entities, &Default::default(), &c);
    let took = t.elapsed();
    assert_eq!(a.skipped, 20_000);
    assert_eq!(a.entities.len(), 3_000);
    assert!(took < Duration::from_secs(2), "replay took {took:?}");
}

/// The index finds what the scan found: by id, by a folded name, in list order, through
/// renames, merges, splits and kind changes.
#[test]
fn indexed_replay_finds_entities_by_names_that_corrections_gave_them() {
    let d = doc("Ana Torres met Torres. Lima Airport is near Lima.");
    let at = |s: &str| {
        let i = d.text.find(s).expect("in text");
        Mention::new(0, i, i + s.len()).expect("mention")
    };
    let mut ana = entity(1);
    ana.id = "person:ana-torres".into();
    ana.name = "Ana Torres".into();
    ana.aliases = vec![];
    ana.mentions = vec![at("Ana Torres")].into();
    let mut torres = entity(2);
    torres.id = "person:torres".into();
    torres.name = "Torres".into();
    torres.aliases = vec![];
    torres.mentions = vec![at("Torres.")].into();
    let mut lima = entity(3);
    lima.id = "person:lima".into();
    lima.name = "Lima".into();
    lima.aliases = vec!["Lima Airport".into()];
    lima.mentions = vec![at("Lima Airport"), at("Lima.")].into();
    let ops = vec![
        // Found by a name it got from a rename.
        Correction::Rename {
            id: "person:ana-torres".into(),
            names: vec![],
            name: "Dr. Ána Torres".into(),
        },
        Correction::Merge {
            id: "person:torres".into(),
            names: vec![],
            into: "person:changed-id".into(),
            into_names: vec!["dr. ana torres".into()],
        },
        Correction::Kind {
            id: "person:lima".into(),
            names: vec![],
            kind: EntityKind::Place,
        },
        // The kind change gave it a new id; its old one finds nothing, its name does.
        Correction::Split {
            id: "place:lima-old".into(),
            names: vec!["LIMA".into()],
            alias: "Lima Airport".into(),
        },
        Correction::Hide {
            id: "place:x".into(),
            names: vec!["lima airport".into()],
        },
    ];
    let a = corrections::apply(
        vec![ana, torres, lima],
        &vec![d.clone()].into(),
        &Corrections {
            version: 1,
            corrections: ops,
        },
    );
    assert_eq!(a.skipped, 0, "{a:?}");
    let names: Vec<(&str, &str, usize)> = a
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str(), e.mentions.len()))
        .collect();
    assert_eq!(
        names,
        [
            ("person:ana-torres", "Dr. Ána Torres", 2),
            ("place:lima", "Lima", 1)
        ]
    );
    assert_eq!(a.hidden.len(), 1);
    assert_eq!(a.hidden[0].id, "place:lima-airport");
}

// ----- 7: limits on untrusted corrections ---------------------------------------------------

#[test]
fn overlong_names_and_too_many_corrections_are_limited() {
    let t = tempfile::tempdir().expect("tmp");
    let p = t.path().join("c.json");
    let huge = "N".repeat(1_000_000);
    let mut ops = vec![
        Correction::Rename {
            id: "person:p1".into(),
            names: vec![huge.clone()],
            name: huge.clone(),
        },
        Correction::Split {
            id: "person:p2".into(),
            names: vec![],
            alias: huge.clone(),
        },
        Correction::Hide {
            id: "person:p3".into(),
            names: vec![huge.clone(), "Person Number 3".into()],
        },
    ];
    ops.extend((0..corrections::MAX_CORRECTIONS).map(|i| Correction::Hide {
        id: format!("person:gone-{i}"),
        names: vec![],
    }));
    corrections::save(
        &p,
        &Corrections {
            version: 1,
            corrections: ops,
        },
    )
    .expect("saves");
    let (c, notices) = corrections::load_with_notices(&p).expect("loads");
    assert_eq!(c.corrections.len(), corrections::MAX_CORRECTIONS - 2);
    assert!(
        c.corrections.iter().all(|op| match op {
            Correction::Hide { names, .. } => names.iter().all(|n| n.len() <= 300),
            _ => false,
        }),
        "the rename and the split with a huge name are dropped"
    );
    assert_eq!(notices.len(), 3, "{notices:?}");
    // What is left applies: p3 is hidden by its short name.
    let a = corrections::apply((0..5).map(entity).collect(), &Default::default(), &c);
    assert_eq!(a.hidden.len(), 1);
    assert!(a.entities.iter().all(|e| e.name.len() < 300));
    // A huge name typed in the reader is refused by the replay itself.
    let typed = Corrections {
        version: 1,
        corrections: vec![Correction::Rename {
            id: "person:p1".into(),
            names: vec![],
            name: huge,
        }],
    };
    let a = corrections::apply((0..5).map(entity).collect(), &Default::default(), &typed);
    assert_eq!(a.skipped, 1);
}

#[test]
fn a_corrections_file_over_the_size_limit_is_not_read() {
    let t = tempfile::tempdir().expect("tmp");
    let p = t.path().join("c.json");
    let mut text = String::from("{\"version\":1,\"corrections\":[]}");
    text.push_str(&" ".repeat(corrections::MAX_FILE_BYTES as usize));
    std::fs::write(&p, text).expect("writes");
    let err = corrections::load(&p).expect_err("too large");
    assert!(err.contains("limit"), "{err}");
}

// ----- 12: links, byte order marks ----------------------------------------------------------

#[cfg(unix)]
#[test]
fn an_annotations_symlink_is_written_through_to_its_target() {
    let t = tempfile::tempdir().expect("tmp");
    let shared = t.path().join("shared");
    std::fs::create_dir(&shared).expect("mkdir");
    let target = shared.join("team.json");
    let link = t.path().join("mine.json");
    std::os::unix::fs::symlink("shared/team.json", &link).expect("symlink");
    let c = Corrections {
        version: 1,
        corrections: vec![Correction::Hide {
            id: "person:p1".into(),
            names: vec![],
        }],
    };
    corrections::save(&link, &c).expect("saves");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("stat")
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert_eq!(corrections::load(&target), Ok(c.clone()));
    assert_eq!(corrections::load(&link), Ok(c));
}

#[test]
fn a_utf8_byte_order_mark_is_accepted_in_state_files() {
    let t = tempfile::tempdir().expect("tmp");
    let p = t.path().join("c.json");
    std::fs::write(
        &p,
        "\u{FEFF}{\"version\":1,\"corrections\":[{\"op\":\"hide\",\"id\":\"person:p1\"}]}",
    )
    .expect("writes");
    assert_eq!(corrections::load(&p).map(|c| c.corrections.len()), Ok(1));
    let s = t.path().join("s.json");
    std::fs::write(&s, "\u{FEFF}{\"version\":1,\"place\":null,\"marks\":{}}").expect("writes");
    let read = docent::store::read_json::<docent::tui::session::Session>(&s);
    assert!(matches!(read, Ok(Some(_))), "{read:?}");
}

// ----- 13: leftovers, UTF-32, search terms --------------------------------------------------

#[test]
fn temporary_files_of_killed_writes_are_cleaned_on_start() {
    let t = tempfile::tempdir().expect("tmp");
    let p = t.path().join("k.corrections.json");
    let dead = t
        .path()
        .join(format!(".k.corrections.json.tmp{}", dead_pid()));
    let mine = t
        .path()
        .join(format!(".k.corrections.json.tmp{}", std::process::id()));
    let other = t.path().join(format!(".other.json.tmp{}", dead_pid()));
    for f in [&dead, &mine, &other] {
        std::fs::write(f, "partial").expect("writes");
    }
    assert_eq!(corrections::load(&p), Ok(Corrections::default()));
    assert!(!dead.exists(), "a dead writer's temporary file is removed");
    assert!(mine.exists(), "a live writer's is not");
    assert!(other.exists(), "nor another file's");

    // The index cache's `.idx.tmpPID`.
    let docs = tempfile::tempdir().expect("tmp");
    std::fs::write(docs.path().join("a.txt"), "Ana Torres went to Lima.").expect("writes");
    let cache_dir = tempfile::tempdir().expect("tmp");
    let roots = [docs.path().to_string_lossy().into_owned()];
    let cache = docent::cache::Cache::in_dir(cache_dir.path(), &roots).expect("cache");
    let stale = cache.path.with_extension(format!("idx.tmp{}", dead_pid()));
    std::fs::write(&stale, "torn").expect("writes");
    let loaded = load_paths(&roots, &LoadOptions::default()).expect("loads");
    let mut a = docent::cache::analyze(&loaded, Some(&cache), None);
    assert_eq!(a.finish_write(), None);
    assert!(!stale.exists(), "a killed cache write's file is removed");
    assert!(cache.path.exists());
}

#[test]
fn utf32_with_a_byte_order_mark_is_not_read_as_utf16() {
    let text = "Ana Torres visited Quito.";
    for le in [true, false] {
        let mut bytes: Vec<u8> = if le {
            vec![0xFF, 0xFE, 0, 0]
        } else {
            vec![0, 0, 0xFE, 0xFF]
        };
        for c in text.chars() {
            let u = c as u32;
            bytes.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        let mut loaded = Loaded::default();
        load_bytes("u32.txt", &bytes, &mut loaded);
        assert_eq!(loaded.documents.len(), 1, "{:?}", loaded.notices);
        let d = &loaded.documents[0];
        assert_eq!(d.text, text);
        let at = d.text.find("Quito").expect("found");
        assert_eq!(d.source_offset(at), 4 + 4 * 19, "offsets index the file");
    }
}

/// 5,000 query terms cost 5,000 matches per candidate (37 s for a corpus): repeated terms are
/// matched once and the number of terms is capped.
#[test]
fn thousands_of_query_terms_are_deduplicated_and_capped() {
    let q = docent::search::Query::parse(&"torres ".repeat(5_000));
    let lines: Vec<String> = (0..300)
        .map(|i| format!("Ana Torres, line {i}, went to Lima"))
        .collect();
    let t = Instant::now();
    assert!(lines.iter().all(|l| q.match_text(l).is_some()));
    let took = t.elapsed();
    assert!(took < Duration::from_millis(500), "matching took {took:?}");
}

// ----- 3: bounded mention context -----------------------------------------------------------

/// Without a sentence end the "sentence" around a mention was the whole document, printed once
/// per mention: output grew with the square of the text.
#[test]
fn mention_context_is_bounded_without_sentence_ends() {
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(if i % 50 == 0 { "Torres " } else { "and so on " });
    }
    let d = doc(&text);
    let mentions: Vec<Mention> = text
        .match_indices("Torres")
        .filter_map(|(i, m)| Mention::new(0, i, i + m.len()))
        .collect();
    let n = mentions.len();
    let mut e = entity(1);
    e.mentions = mentions.into();
    let corpus = Corpus {
        documents: vec![d].into(),
        entities: vec![e].into(),
        notices: vec![],
    };
    let t = Instant::now();
    let rows = docent::insight::mention_list(&corpus, 0);
    assert_eq!(rows.len(), n);
    let mut total = 0;
    for r in &rows {
        assert!(r.sentence.start <= r.span.start && r.span.end <= r.sentence.end);
        assert!(
            r.sentence.len() <= 400,
            "context of {} bytes",
            r.sentence.len()
        );
        let (line, hit) = docent::insight::kwic_line(&text, r.sentence.clone(), r.span.clone());
        let marked: String = line.chars().skip(hit.start).take(hit.len()).collect();
        assert_eq!(marked, "Torres");
        total += line.len();
    }
    assert!(total < n * 400, "{total} bytes of context for {n} mentions");
    assert!(t.elapsed() < Duration::from_secs(2));
}

// ----- 11: the cache checks content and keeps names apart -----------------------------------

fn set_mtime(p: &Path, t: std::time::SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(p)
        .and_then(|f| f.set_modified(t))
        .expect("set mtime");
}

fn names_in(entities: &[Entity]) -> Vec<String> {
    let mut n: Vec<String> = entities.iter().map(|e| e.name.clone()).collect();
    n.sort();
    n
}

#[test]
fn a_file_rewritten_with_the_same_size_and_time_is_analysed_again() {
    let docs = tempfile::tempdir().expect("tmp");
    let store = tempfile::tempdir().expect("tmp");
    let f = docs.path().join("a.txt");
    let when = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
    std::fs::write(&f, "President Ana Torres flew to Lima on Monday.").expect("writes");
    set_mtime(&f, when);
    let roots = [docs.path().to_string_lossy().into_owned()];
    let cache = docent::cache::Cache::in_dir(store.path(), &roots).expect("cache");
    let open = || {
        let loaded = load_paths(&roots, &LoadOptions::default()).expect("loads");
        let mut a = docent::cache::analyze(&loaded, Some(&cache), None);
        assert_eq!(a.finish_write(), None);
        a
    };
    let first = open();
    assert!(names_in(&first.entities).contains(&"Ana Torres".to_string()));
    // Same length, same modification time, other people.
    std::fs::write(&f, "In Oslo envoys of Spain thanked Juan Perez!.").expect("writes");
    set_mtime(&f, when);
    let second = open();
    let names = names_in(&second.entities);
    assert!(names.contains(&"Juan Perez".to_string()), "{names:?}");
    assert!(!names.contains(&"Ana Torres".to_string()), "{names:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn file_names_that_are_not_utf8_keep_their_own_cache_entries() {
    use std::os::unix::ffi::OsStrExt;
    let docs = tempfile::tempdir().expect("tmp");
    let store = tempfile::tempdir().expect("tmp");
    let when = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
    let a = docs
        .path()
        .join(std::ffi::OsStr::from_bytes(b"news-\xFF.txt"));
    let b = docs
        .path()
        .join(std::ffi::OsStr::from_bytes(b"news-\xFE.txt"));
    let c = docs.path().join("other.txt");
    // Same size and time: only the content (and the real name) tells them apart.
    std::fs::write(&a, "President Ana Torres flew to Lima on Monday.").expect("writes");
    std::fs::write(&b, "In Oslo envoys of Spain thanked Juan Perez!.").expect("writes");
    std::fs::write(&c, "Officials in Madrid said so.").expect("writes");
    for p in [&a, &b, &c] {
        set_mtime(p, when);
    }
    let roots = [docs.path().to_string_lossy().into_owned()];
    let cache = docent::cache::Cache::in_dir(store.path(), &roots).expect("cache");
    let open = || {
        let loaded = load_paths(&roots, &LoadOptions::default()).expect("loads");
        let mut an = docent::cache::analyze(&loaded, Some(&cache), None);
        assert_eq!(an.finish_write(), None);
        (loaded, an)
    };
    let (_, fresh) = open();
    // Another file changes, so the stored extractions are matched file by file.
    std::fs::write(&c, "Officials in Madrid and Rome said so.").expect("writes");
    let (loaded, warm) = open();
    let truth = docent::analyze::analyze(&loaded.documents);
    assert_eq!(names_in(&warm.entities), names_in(&truth));
    assert!(names_in(&fresh.entities).contains(&"Juan Perez".to_string()));
    // The real names of the two files whose names are not UTF-8 are kept (they key the cache);
    // the third's shown path is its real one.
    let odd: Vec<_> = loaded
        .content
        .iter()
        .filter_map(|c| c.odd_path.as_ref())
        .collect();
    assert_eq!(odd.len(), 2, "{odd:?}");
    for p in odd {
        assert!(p.exists(), "{p:?}");
    }
}

// ----- 6: standard input's size limit -------------------------------------------------------

#[test]
fn standard_input_over_the_size_limit_is_not_read_whole() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_docent"))
        .args(["export", "-", "--max-file-size", "1000"])
        .env("XDG_CONFIG_HOME", "/nonexistent-docent-test-config")
        .env_remove("DOCENT_OPTS")
        .env_remove("DOCENT_CONFIG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        // docent may stop reading (and exit) before all of it is written.
        let _ = stdin.write_all("Ana Torres went to Lima. ".repeat(4_000).as_bytes());
    });
    let o = child.wait_with_output().expect("output");
    let _ = writer.join();
    let stderr = String::from_utf8_lossy(&o.stderr);
    // Nothing else to read: no documents, exit 1, and the reason.
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(o.stdout.is_empty());
    assert!(stderr.contains("1000 byte limit"), "{stderr}");
}
