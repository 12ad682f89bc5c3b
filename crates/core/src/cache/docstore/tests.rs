use super::*;
use crate::model::{Corpus, Entity};

/// The seeds, with a few documents carrying every field the store keeps.
fn corpus() -> Corpus {
    let mut loaded = crate::load::load_seeds();
    let mut md = crate::load::Loaded::default();
    crate::load::load_bytes(
        "notes/a.md",
        "---\ntitle: Notes\ndate: 2021-11-21\n---\n# Ana Torres\n\nAna Torres met Luis Vega in Lima. `code Lima`\n\nÉlodie Roux wrote — from Genève.\n"
            .as_bytes(),
        &mut md,
    );
    crate::load::load_bytes(
        "x/recs.jsonl",
        b"{\"text\":\"Ana Torres flew to Quito.\",\"title\":\"one\"}\n{\"text\":\"Quito in May 2020.\"}\n",
        &mut md,
    );
    crate::load::load_bytes(
        "page.html",
        b"<p>Caf&eacute; in Lima &amp; Quito</p>",
        &mut md,
    );
    let base = loaded.documents.len();
    for (i, mut d) in md.documents.into_iter().enumerate() {
        d.id = base + i;
        d.fields.push(("From".into(), "ana@example.org".into()));
        loaded.documents.push(d);
    }
    if let Some(d) = loaded.documents.last_mut() {
        d.parent = Some("mail.eml".into());
        d.pages = vec![0..3, 5..8];
        d.date = chrono::NaiveDate::from_ymd_opt(-44, 3, 15);
    }
    let entities = crate::analyze::analyze(&loaded.documents);
    Corpus {
        documents: loaded.documents.into(),
        entities: entities.into(),
        notices: vec![Notice {
            path: "x.bin".into(),
            message: "skipped as binary".into(),
        }],
    }
}

fn validity() -> Validity {
    Validity {
        fingerprint: "opts".into(),
        corrections: String::new(),
        files: vec![("a.txt".into(), 10, 1), ("b.txt".into(), 20, 2)],
    }
}

fn sources(n: usize) -> Vec<SourceFile> {
    vec![
        SourceFile {
            path: "a.txt".into(),
            size: 10,
            mtime_ns: 1,
            docs: 0..1,
        },
        SourceFile {
            path: "b.txt".into(),
            size: 20,
            mtime_ns: 2,
            docs: 1..n,
        },
    ]
}

fn written() -> (tempfile::TempDir, PathBuf, Corpus, Index) {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.docs");
    let c = corpus();
    let index = Index::build(&c);
    write(
        &path,
        &validity(),
        &sources(c.documents.len()),
        &c.notices,
        &c.documents,
        &c.entities,
    )
    .expect("written");
    std::fs::copy(texts_path(&path), path.with_extension("keep")).expect("kept");
    (dir, path, c, index)
}

/// Puts `bytes` as the store at `path`, and its texts file back as written (a damaged store
/// is removed with its texts file).
fn put(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).expect("write");
    std::fs::copy(path.with_extension("keep"), texts_path(path)).expect("texts back");
}

#[test]
fn the_store_gives_back_the_corpus_as_written() {
    let (_dir, path, c, index) = written();
    let s = open(&path, &validity()).expect("opens");
    assert_eq!(s.documents.len(), c.documents.len());
    for (a, b) in s.documents.iter().zip(c.documents.iter()) {
        // Borrowed from the map, not copied out; equal to the text as loaded.
        assert!(a.text.is_stored() && !b.text.is_stored());
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }
    assert!(c.documents.iter().any(|d| !d.source_map.is_identity()));
    assert!(c.documents.iter().any(|d| !d.quiet.is_empty()));
    assert!(c.documents.iter().any(|d| d.record.is_some()));
    assert_eq!(s.entities, c.entities);
    assert!(s.entities.len() > 20);
    assert!(s.index.is_stored() && s.entities.iter().all(|e| e.mentions.is_stored()));
    assert_eq!(s.index.documents(), index.documents());
    for d in 0..c.documents.len() {
        assert_eq!(s.index.spans(d), index.spans(d));
        assert_eq!(s.index.doc_entities(d), index.doc_entities(d));
        assert_eq!(s.index.entity_count(d), index.entity_count(d));
    }
    for (a, b) in s.entities.iter().zip(&c.entities) {
        assert_eq!(
            (a.mentions.len(), a.doc_count()),
            (b.mentions.len(), b.doc_count())
        );
    }
    assert_eq!(s.notices, c.notices);
    assert_eq!(*s.sources, sources(c.documents.len()));
}

#[test]
fn other_files_options_or_versions_are_stale() {
    let (_dir, path, ..) = written();
    let mut v = validity();
    v.files[1].2 = 3;
    assert!(matches!(open(&path, &v), Err(Problem::Stale)));
    let mut v = validity();
    v.files.pop();
    assert!(matches!(open(&path, &v), Err(Problem::Stale)));
    let mut v = validity();
    v.fingerprint = "other".into();
    assert!(matches!(open(&path, &v), Err(Problem::Stale)));
    let mut v = validity();
    v.files[0].2 = 0;
    assert!(matches!(open(&path, &v), Err(Problem::Stale)));
    let missing = path.with_extension("nothing");
    assert!(matches!(open(&missing, &validity()), Err(Problem::Absent)));
}

#[test]
fn damage_anywhere_is_reported_never_a_panic() {
    let (_dir, path, ..) = written();
    let good = std::fs::read(&path).expect("read");
    let sections: Vec<(usize, usize)> = {
        let mut at = HEADER_LEN;
        (0..IN_FILE)
            .map(|s| {
                let len = u64_at(&good, 16 + 16 * s).expect("len") as usize;
                at += len;
                (at - len, len)
            })
            .collect()
    };
    // Truncated, and one flipped byte per stretch: the checksums catch them.
    for cut in [0, 7, HEADER_LEN, good.len() / 2, good.len() - 1] {
        put(&path, &good[..cut]);
        assert!(matches!(open(&path, &validity()), Err(Problem::Damaged(_))));
    }
    // The tables (meta, entities, chunk table) are checked at open; the rows, the entries,
    // the postings and the records on first use.
    let (tables_at, _) = sections[1];
    let (rows_at, _) = sections[4];
    for at in (tables_at..rows_at).step_by((rows_at / 60).max(1)) {
        let mut bad = good.clone();
        bad[at] ^= 0x5a;
        put(&path, &bad);
        // A flipped byte in the meta can fall in a path: that reads as another corpus.
        assert!(
            matches!(
                open(&path, &validity()),
                Err(Problem::Damaged(_) | Problem::Stale)
            ),
            "byte {at}"
        );
    }
    // Changed bytes under a recomputed checksum reach the bounds checks: whatever they say,
    // opening returns (checked by not panicking), and a store that opens is in bounds.
    // (The chunk table sparsely: a store that opens with a damaged one gives a notice per
    // text and per list read below, and the notices are kept per process, at most
    // `MAX_NOTICES`, shared with the other tests.)
    for (s, &(start, len)) in sections.iter().enumerate().take(4).skip(1) {
        let (step, flips): (usize, &[u8]) = if s == 3 {
            (11, &[0x01])
        } else {
            (5, &[0x01, 0xff])
        };
        for at in (start..start + len).step_by(step) {
            for &flip in flips {
                let mut bad = good.clone();
                bad[at] ^= flip;
                let sum = checksum(&bad[start..start + len]);
                bad[24 + 16 * s..32 + 16 * s].copy_from_slice(&sum.to_le_bytes());
                put(&path, &bad);
                if let Ok(st) = open(&path, &validity()) {
                    for e in &st.entities {
                        for m in &e.mentions {
                            let d = &st.documents[m.doc()];
                            assert!(d.text.get(m.range()).is_some());
                        }
                    }
                    for (i, d) in st.documents.iter().enumerate() {
                        assert!(d.body().len() <= d.text.len());
                        for sp in st.index.spans(i).iter() {
                            assert!(d.text.get(sp.start()..sp.end()).is_some());
                            assert!(sp.entity() < st.entities.len());
                        }
                    }
                }
            }
        }
    }
    // A text changed in place opens (texts are checked on first use), fails its own checksum
    // when read: without its file to read it from, it is masked (ASCII, the same length,
    // said); the store is removed, and the other texts are as written.
    let c = corpus();
    put(&path, &good);
    let mut bad = std::fs::read(texts_path(&path)).expect("read");
    bad[3] ^= 0x20;
    std::fs::write(texts_path(&path), &bad).expect("write");
    let st = open(&path, &validity()).expect("opens: texts are checked when read");
    assert!(st.documents.iter().all(|d| d.text.is_stored()));
    assert_eq!(st.documents[0].text.len(), c.documents[0].text.len());
    assert!(st.documents[0].text.is_ascii());
    for (a, b) in st.documents.iter().zip(c.documents.iter()).skip(1) {
        assert_eq!(a.text, b.text);
    }
    assert!(!path.exists(), "a damaged store is removed");
    let notices = crate::model::text_notices();
    assert!(
        notices
            .iter()
            .any(|n| n.path == c.documents[0].path && n.message.contains("checksum mismatch")),
        "{notices:?}"
    );
}

#[test]
fn a_damaged_text_is_read_from_its_file_when_the_file_still_gives_it() {
    let (_dir, path, c, _) = written();
    let mut bytes = std::fs::read(texts_path(&path)).expect("read");
    // The second document's first byte (the texts lie in order, from the file's start).
    let at = c.documents[0].text.len();
    bytes[at] ^= 0x01;
    std::fs::write(texts_path(&path), &bytes).expect("write");
    let docs = c.documents.clone();
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = std::sync::Arc::clone(&asked);
    let reload: Reload = Box::new(move |file: &str| {
        if let Ok(mut v) = seen.lock() {
            v.push(file.to_string());
        }
        // The file "b.txt" holds documents 1.. (see `sources`).
        Some(docs.iter().skip(1).cloned().collect())
    });
    let (st, _) = open_while(&path, "opts", "", Some(reload), || Some(validity().files));
    let st = st.expect("opens");
    assert_eq!(st.documents[1].text, c.documents[1].text);
    assert_eq!(st.documents[2].text, c.documents[2].text);
    assert_eq!(*asked.lock().expect("lock"), ["b.txt"]);
    let notices = crate::model::text_notices();
    assert!(
        notices
            .iter()
            .any(|n| n.path == c.documents[1].path
                && n.message.contains("read from its file instead")),
        "{notices:?}"
    );
}

#[test]
fn a_folder_or_a_fifo_in_its_place_is_damage() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.docs");
    std::fs::create_dir(&path).expect("mkdir");
    assert!(matches!(open(&path, &validity()), Err(Problem::Damaged(_))));
}

#[test]
fn a_mention_inside_a_character_is_never_sliced_even_under_a_good_checksum() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.docs");
    let doc = Document {
        path: "a.txt".into(),
        text: "Éva Kovács met Ana Torres.".into(),
        ..Default::default()
    };
    let entity = |start: u32| Entity {
        id: "person:x".into(),
        kind: EntityKind::Person,
        name: "X".into(),
        value: None,
        aliases: vec![],
        mentions: vec![crate::model::Mention {
            doc: 0,
            start,
            end: 4,
        }]
        .into(),
    };
    let mut results = vec![];
    for start in [0u32, 1] {
        let c = Corpus {
            documents: vec![doc.clone()].into(),
            entities: vec![entity(start)].into(),
            notices: vec![],
        };
        write(
            &path,
            &validity(),
            &sources(1)[..1],
            &[],
            &c.documents,
            &c.entities,
        )
        .expect("written");
        let st = open(&path, &validity()).expect("opens: texts are checked when read");
        results.push((st.entities, st.documents[0].text.to_string()));
    }
    assert_eq!(results[0].0[0].mentions.len(), 1);
    assert_eq!(results[0].1, doc.text);
    // Byte 1 is inside "É": the text is never given with a mention inside a character, but
    // masked (every offset a boundary), and said.
    let (entities, text) = &results[1];
    assert_eq!(text, "??va Kov??cs met Ana Torres.");
    assert_eq!(text.get(entities[0].mentions[0].range()), Some("?va"));
    assert!(crate::model::text_notices()
        .iter()
        .any(|n| n.path == "a.txt" && n.message.contains("ranges off its text")));
}

#[test]
fn a_damaged_record_or_postings_are_said_on_first_use_never_a_panic() {
    let (_dir, path, c, index) = written();
    let good = std::fs::read(&path).expect("read");
    let len = |s: usize| u64_at(&good, 16 + 16 * s).expect("len") as usize;
    let records_at = HEADER_LEN + (0..8).map(len).sum::<usize>();
    assert!(len(8) > 0 && len(0) > 0);
    // A byte of the first document with a record: its spans are withheld, the others'
    // are as written, and it is said once.
    let doc = (0..c.documents.len())
        .find(|&d| !index.spans(d).is_empty())
        .expect("a document with mentions");
    let before: usize = (0..doc).map(|d| 12 * index.spans(d).len()).sum::<usize>();
    let mut bad = good.clone();
    let at = records_at
        + before
        + (0..doc)
            .map(|d| 8 * index.doc_entities(d).len())
            .sum::<usize>();
    bad[at] ^= 0x10;
    put(&path, &bad);
    let st = open(&path, &validity()).expect("opens: records are checked when read");
    assert!(st.index.spans(doc).is_empty() && st.index.doc_entities(doc).is_empty());
    for d in (0..c.documents.len()).filter(|&d| d != doc) {
        assert_eq!(st.index.spans(d), index.spans(d));
    }
    let _ = st.index.spans(doc);
    let said = |needle: &str| {
        crate::model::text_notices()
            .iter()
            .filter(|n| n.path == c.documents[doc].path && n.message.contains(needle))
            .count()
    };
    assert_eq!(said("its mentions in the document store are damaged"), 1);
    assert!(!path.exists(), "removed");
    // Any byte of the postings changed: every list still reads in bounds (as written, or
    // gathered from the records, or empty), never a panic.
    for at in (HEADER_LEN..HEADER_LEN + len(0)).step_by(7) {
        let mut bad = good.clone();
        bad[at] ^= 0xff;
        put(&path, &bad);
        let st = open(&path, &validity()).expect("opens");
        for (e, want) in st.entities.iter().zip(&c.entities) {
            assert_eq!(e.mentions.len(), want.mentions.len(), "the table's count");
            for m in &e.mentions {
                assert!(st.documents[m.doc()].text.get(m.range()).is_some());
            }
            assert_eq!(&*e.mentions, &*want.mentions, "read from the records");
        }
    }
}

#[test]
fn a_damaged_row_or_entry_gives_placeholders_and_a_notice_never_a_panic() {
    let (_dir, path, c, _) = written();
    let good = std::fs::read(&path).expect("read");
    let len = |s: usize| u64_at(&good, 16 + 16 * s).expect("len") as usize;
    let rows_at = HEADER_LEN + (0..6).map(len).sum::<usize>();
    let lazy = len(6) + len(7);
    assert!(len(6) == ROW * c.documents.len() && len(7) > 0);
    // A few bytes only: each damaged open gives a notice per entity, and the notices are
    // kept per process (at most `MAX_NOTICES`), shared with the other tests.
    let picks = [9, len(6) + 1, lazy - 1];
    for at in picks.map(|p| rows_at + p) {
        let mut bad = good.clone();
        bad[at] ^= 0x44;
        put(&path, &bad);
        let st = open(&path, &validity()).expect("opens: rows and entries are checked when read");
        assert_eq!(st.documents.decoded_chunks(), 0, "nothing decoded at open");
        assert_eq!(st.documents.len(), c.documents.len());
        // Every document reads (as written, or a placeholder with its file's path), every
        // mention lies within its document's text, every span too.
        for (i, d) in st.documents.iter().enumerate() {
            assert_eq!(d.id, i);
            assert!(d.body().len() <= d.text.len());
            for sp in st.index.spans(i).iter() {
                assert!(d.text.get(sp.start()..sp.end()).is_some());
            }
        }
        // (A few entities: each list that fails its check is one more notice.)
        for e in st.entities.iter().take(3) {
            for m in &e.mentions {
                assert!(st.documents[m.doc()].text.get(m.range()).is_some());
            }
        }
        let same = st
            .documents
            .iter()
            .zip(c.documents.iter())
            .all(|(a, b)| a.path == b.path && a.title == b.title && a.text == b.text);
        if !same {
            assert!(!path.exists(), "a damaged store is removed (byte {at})");
            assert!(crate::model::text_notices()
                .iter()
                .any(|n| n.message.contains("in the document store are damaged")));
        }
    }
    // Undamaged: every document as written, decoded a chunk at a time; the texts' total
    // known without decoding one.
    put(&path, &good);
    let st = open(&path, &validity()).expect("opens");
    assert_eq!(st.documents.text_bytes(), c.documents.text_bytes());
    assert_eq!(st.documents.decoded_chunks(), 0);
    assert_eq!(st.documents[0].path, c.documents[0].path);
    assert_eq!(st.documents.decoded_chunks(), 1);
    for (a, b) in st.documents.iter().zip(c.documents.iter()) {
        assert_eq!(
            (&a.path, &a.title, a.date, a.record),
            (&b.path, &b.title, b.date, b.record)
        );
        assert_eq!(
            (a.body_start, &a.quiet, &a.pages, &a.fields),
            (b.body_start, &b.quiet, &b.pages, &b.fields)
        );
        assert_eq!(a.text, b.text);
    }
}

#[test]
fn entities_are_read_a_chunk_at_a_time_their_rows_without_decoding() {
    let (_dir, path, c, _) = written();
    let st = open(&path, &validity()).expect("opens");
    let n = c.entities.len();
    assert!(n > crate::model::ENTITY_CHUNK, "more than one chunk: {n}");
    assert!(st.entities.is_stored() && st.entities.decoded_chunks() == 0);
    for (i, e) in c.entities.iter().enumerate() {
        assert_eq!(st.entities.kind(i), Some(e.kind));
        assert_eq!(st.entities.mention_count(i), e.mentions.len());
        assert_eq!(st.entities.has_value(i), e.value.is_some());
    }
    // The ranks order as the side list orders by name, and dates by their values.
    let rank = |i: usize| st.entities.rank(i).expect("a row");
    let mut by_rank: Vec<usize> = (0..n).collect();
    by_rank.sort_by_key(|&i| rank(i).0);
    let mut by_name: Vec<usize> = (0..n).collect();
    by_name.sort_by_key(|&i| (c.entities[i].name.to_lowercase(), i));
    assert_eq!(by_rank, by_name);
    let dates: Vec<usize> = (0..n)
        .filter(|&i| c.entities[i].kind == EntityKind::Date)
        .collect();
    assert!(dates.len() > 1);
    let mut by_rank = dates.clone();
    by_rank.sort_by_key(|&i| rank(i).1);
    let mut by_value = dates;
    by_value.sort_by_key(|&i| {
        let v = c.entities[i].value.clone().unwrap_or_default();
        (crate::text::date_key(&v), i)
    });
    assert_eq!(by_rank, by_value);
    assert_eq!(st.entities.decoded_chunks(), 0, "rows only");
    assert_eq!(st.entities[n - 1], c.entities[n - 1]);
    assert_eq!(st.entities.decoded_chunks(), 1);
    assert_eq!(st.entities, c.entities);
}

#[test]
fn damaged_entity_rows_or_names_give_placeholders_and_a_notice_never_a_panic() {
    let (_dir, path, c, _) = written();
    let good = std::fs::read(&path).expect("read");
    let len = |s: usize| u64_at(&good, 16 + 16 * s).expect("len") as usize;
    let rows_at = HEADER_LEN + (0..4).map(len).sum::<usize>();
    assert_eq!(len(4), ENTITY_ROW * c.entities.len());
    // A byte of the first row, of the last, of the first names, of the last.
    for at in [1, len(4) - 8, len(4) + 2, len(4) + len(5) - 1].map(|p| rows_at + p) {
        let mut bad = good.clone();
        bad[at] ^= 0x21;
        put(&path, &bad);
        let st = open(&path, &validity()).expect("opens: entities are checked when read");
        assert_eq!(st.entities.decoded_chunks(), 0);
        assert_eq!(st.entities.len(), c.entities.len());
        let mut unlike = 0;
        for (i, (a, b)) in st.entities.iter().zip(c.entities.iter()).enumerate() {
            unlike += usize::from(a != b);
            for m in a.mentions.iter() {
                assert!(st.documents[m.doc()].text.get(m.range()).is_some());
            }
            for sp in st.index.spans(i.min(st.documents.len() - 1)).iter() {
                assert!(sp.entity() < st.entities.len());
            }
        }
        assert!(
            unlike > 0,
            "byte {at}: a damaged chunk is shown as placeholders"
        );
        assert!(!path.exists(), "a damaged store is removed (byte {at})");
        assert!(crate::model::text_notices()
            .iter()
            .any(|n| n.message.contains("in the document store are damaged")));
    }
}

#[test]
fn a_store_of_the_previous_format_is_stale_not_misread() {
    let (_dir, path, ..) = written();
    let mut bytes = std::fs::read(&path).expect("read");
    bytes[8..16].copy_from_slice(&6u64.to_le_bytes());
    put(&path, &bytes);
    assert!(matches!(open(&path, &validity()), Err(Problem::Stale)));
}

/// The texts file missing, cut short, of another store (its stamp), or not a file: the store
/// is damaged at open (and rebuilt by its caller), never read with texts not its own.
#[test]
fn a_missing_or_foreign_texts_file_is_damage_not_misread() {
    let (_dir, path, c, _) = written();
    let texts = texts_path(&path);
    let good = std::fs::read(&texts).expect("read");
    let text_len: usize = c.documents.iter().map(|d| d.text.len()).sum();
    assert_eq!(good.len(), text_len + textfile::TRAILER);
    std::fs::remove_file(&texts).expect("removed");
    let damaged = |why: &str| match open(&path, &validity()) {
        Err(Problem::Damaged(w)) => assert!(w.contains(why), "{w}"),
        other => panic!("{why}: {:?}", other.map(|_| ())),
    };
    damaged("missing");
    std::fs::write(&texts, &good[..good.len() - 1]).expect("write");
    damaged("length");
    let mut other = good.clone();
    let at = good.len() - 16;
    other[at] ^= 1;
    std::fs::write(&texts, &other).expect("write");
    damaged("another store's");
    // A second write of the same corpus: its texts file has a new stamp, so the first
    // store's header does not name it.
    let first = std::fs::read(&path).expect("read");
    std::fs::write(&texts, &good).expect("write");
    write(
        &path,
        &validity(),
        &sources(c.documents.len()),
        &c.notices,
        &c.documents,
        &c.entities,
    )
    .expect("written again");
    assert_ne!(std::fs::read(&texts).expect("read"), good, "another stamp");
    std::fs::write(&path, &first).expect("write");
    damaged("another store's");
    std::fs::remove_file(&texts).expect("removed");
    std::fs::create_dir(&texts).expect("mkdir");
    damaged("texts file");
}

/// In a cold build the texts set aside while loading become the store's texts file: the
/// file is linked into place, not copied, the texts not set aside (an e-mail's, empty ones)
/// appended after them; the store reads every text back, and the set-aside name goes with
/// its set while the texts file stays.
#[test]
fn the_texts_set_aside_become_the_texts_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.docs");
    let mut c = corpus();
    if let Some(d) = c.documents.make_mut().get_mut(1) {
        d.format = Format::Email;
    }
    let want: Vec<String> = c.documents.iter().map(|d| d.text.to_string()).collect();
    let set = crate::cache::texts::SetAside::write(&path, c.documents.make_mut()).expect("aside");
    assert!(set.place(0).is_some() && set.place(1).is_none());
    assert_eq!(c.documents[0].text, "", "set aside");
    let n = c.documents.len();
    write_with(
        &path,
        &validity(),
        &sources(n),
        &c.notices,
        &c.documents,
        &c.entities,
        Some(&set),
    )
    .expect("written");
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let (a, b) = (
            std::fs::metadata(set.path()).expect("aside"),
            std::fs::metadata(texts_path(&path)).expect("texts"),
        );
        assert_eq!(
            (a.dev(), a.ino()),
            (b.dev(), b.ino()),
            "the same file, linked"
        );
    }
    let aside_name = set.path().to_path_buf();
    drop(set);
    assert!(!aside_name.exists() && texts_path(&path).exists());
    let st = open(&path, &validity()).expect("opens");
    let back: Vec<String> = st.documents.iter().map(|d| d.text.to_string()).collect();
    assert_eq!(back, want);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.len(),
        2,
        "the store and its texts, no temporary: {names:?}"
    );
}

/// The records encoded on two threads (each window's documents in two halves) are the ones
/// encoded on one, whatever the window.
#[test]
fn records_encoded_on_two_threads_are_those_encoded_on_one() {
    let c = corpus();
    let records = |window: usize, alone: usize| {
        let mut by = ByDoc::of(&c.documents, &c.entities);
        by.window = window;
        let mut bytes = Vec::new();
        let (items, len) = write::write_records(&mut bytes, &mut by, alone).expect("in memory");
        assert_eq!(len, bytes.len() as u64);
        assert_eq!(items.len(), c.documents.len());
        (items, bytes)
    };
    let one = records(usize::MAX, usize::MAX);
    assert!(one.1.len() > 12 * 20);
    for window in [2, 7, 50, usize::MAX] {
        assert_eq!(records(window, 0), one, "window {window}");
    }
}

/// The records gathered a window of documents at a time are the ones gathered whole, whatever
/// the window (a window smaller than a document's mentions takes that document alone), and
/// an entity whose list is not sorted by document is still found.
#[test]
fn the_documents_mentions_gathered_by_windows_are_the_whole_lists() {
    let c = corpus();
    let all = |by: &mut ByDoc<'_>| -> Vec<Vec<(u32, u32, u32)>> {
        (0..c.documents.len()).map(|i| by.doc(i).to_vec()).collect()
    };
    let whole = all(&mut ByDoc {
        window: usize::MAX,
        ..ByDoc::of(&c.documents, &c.entities)
    });
    assert!(whole.iter().map(Vec::len).sum::<usize>() > 20);
    for window in [0, 1, 3, 50] {
        let mut by = ByDoc {
            window,
            ..ByDoc::of(&c.documents, &c.entities)
        };
        assert!(by.sorted);
        assert_eq!(all(&mut by), whole, "window {window}");
    }
    // Asked for out of order (each window's cursors set again), and in order after that.
    let mut by = ByDoc {
        window: 3,
        ..ByDoc::of(&c.documents, &c.entities)
    };
    let n = c.documents.len();
    let order: Vec<usize> = (0..n).rev().chain([n / 2, 0]).chain(0..n).collect();
    for i in order {
        assert_eq!(by.doc(i).to_vec(), whole[i], "document {i}");
    }
    // One list reversed: gathered whole, in one window.
    let mut ents: Vec<Entity> = c.entities.iter().cloned().collect();
    let Some(e) = ents.iter_mut().find(|e| {
        let first = e.mentions.first().map(|m| m.doc);
        e.mentions.iter().any(|m| Some(m.doc) != first)
    }) else {
        panic!("an entity named in two documents");
    };
    let mut ms: Vec<crate::model::Mention> = e.mentions.to_vec();
    ms.reverse();
    e.mentions = ms.into();
    let ents = crate::model::Entities::from(ents);
    let mut by = ByDoc {
        window: 1,
        ..ByDoc::of(&c.documents, &ents)
    };
    assert!(!by.sorted);
    let got: Vec<Vec<(u32, u32, u32)>> = all(&mut by)
        .into_iter()
        .map(|mut d| {
            d.sort_unstable();
            d
        })
        .collect();
    let want: Vec<Vec<(u32, u32, u32)>> = whole
        .into_iter()
        .map(|mut d| {
            d.sort_unstable();
            d
        })
        .collect();
    assert_eq!(got, want);
}

/// The order by lowercase name is `to_lowercase`'s, ties by number, non-ASCII names too
/// (one whose lowercase is longer than itself among them).
#[test]
fn the_entities_sorted_by_lowercase_name_as_to_lowercase_sorts_them() {
    let names = [
        "Zed",
        "ana",
        "Ana",
        "ÉLODIE",
        "élodie",
        "Émile",
        "İstanbul",
        "istanbul",
        "ǅemal",
        "Straße",
        "STRASSE",
        "",
        "a",
        "B",
        "ΣΟΦΊΑ",
        "σοφία",
        "Ana",
    ];
    let ents: Vec<Entity> = names
        .iter()
        .map(|n| Entity {
            id: format!("person:{n}"),
            kind: EntityKind::Person,
            name: (*n).to_string(),
            value: None,
            aliases: Vec::new(),
            mentions: Vec::new().into(),
        })
        .collect();
    let mut want: Vec<usize> = (0..ents.len()).collect();
    want.sort_by_cached_key(|&i| (ents[i].name.to_lowercase(), i));
    let ents = crate::model::Entities::from(ents);
    assert_eq!(by_lowercase_name(&ents), want);
}
