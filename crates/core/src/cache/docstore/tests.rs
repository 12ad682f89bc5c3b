use super::*;
use crate::model::Corpus;

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
        entities,
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
        &index,
    )
    .expect("written");
    (dir, path, c, index)
}

#[test]
fn the_store_gives_back_the_corpus_as_written() {
    let (_dir, path, c, index) = written();
    let s = open(&path, &validity()).expect("opens");
    assert_eq!(s.documents.len(), c.documents.len());
    for (a, b) in s.documents.iter().zip(c.documents.iter()) {
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }
    assert!(c.documents.iter().any(|d| !d.source_map.is_identity()));
    assert!(c.documents.iter().any(|d| !d.quiet.is_empty()));
    assert!(c.documents.iter().any(|d| d.record.is_some()));
    assert_eq!(s.entities, c.entities);
    assert!(s.entities.len() > 20);
    assert_eq!(s.index.doc_spans, index.doc_spans);
    assert_eq!(s.index.doc_entities, index.doc_entities);
    assert_eq!(s.notices, c.notices);
    assert_eq!(s.sources, sources(c.documents.len()));
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
        (0..SECTIONS)
            .map(|s| {
                let len = u64_at(&good, 16 + 16 * s).expect("len") as usize;
                at += len;
                (at - len, len)
            })
            .collect()
    };
    // Truncated, and one flipped byte per stretch: the checksums catch them.
    for cut in [0, 7, HEADER_LEN, good.len() / 2, good.len() - 1] {
        std::fs::write(&path, &good[..cut]).expect("write");
        assert!(matches!(open(&path, &validity()), Err(Problem::Damaged(_))));
    }
    for at in (HEADER_LEN..good.len()).step_by((good.len() / 60).max(1)) {
        let mut bad = good.clone();
        bad[at] ^= 0x5a;
        std::fs::write(&path, &bad).expect("write");
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
    for (s, &(start, len)) in sections.iter().enumerate().take(SECTIONS - 1) {
        for at in (start..start + len).step_by(5) {
            for flip in [0x01u8, 0xff] {
                let mut bad = good.clone();
                bad[at] ^= flip;
                let sum = checksum(&bad[start..start + len]);
                bad[24 + 16 * s..32 + 16 * s].copy_from_slice(&sum.to_le_bytes());
                std::fs::write(&path, &bad).expect("write");
                if let Ok(st) = open(&path, &validity()) {
                    for e in &st.entities {
                        for m in &e.mentions {
                            let d = &st.documents[m.doc()];
                            assert!(d.text.get(m.range()).is_some());
                        }
                    }
                    for (d, spans) in st.documents.iter().zip(&st.index.doc_spans) {
                        assert!(d.body().len() <= d.text.len());
                        for sp in spans {
                            assert!(d.text.get(sp.start()..sp.end()).is_some());
                            assert!(sp.entity() < st.entities.len());
                        }
                    }
                }
            }
        }
    }
    // A text changed in place fails its own checksum.
    let (text_at, _) = sections[SECTIONS - 1];
    let mut bad = good.clone();
    bad[text_at + 3] ^= 0x20;
    std::fs::write(&path, &bad).expect("write");
    assert!(matches!(open(&path, &validity()), Err(Problem::Damaged(_))));
}

#[test]
fn a_folder_or_a_fifo_in_its_place_is_damage() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.docs");
    std::fs::create_dir(&path).expect("mkdir");
    assert!(matches!(open(&path, &validity()), Err(Problem::Damaged(_))));
}

#[test]
fn a_mention_inside_a_character_is_damage_even_under_a_good_checksum() {
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
        }],
    };
    let mut results = vec![];
    for start in [0u32, 1] {
        let c = Corpus {
            documents: vec![doc.clone()].into(),
            entities: vec![entity(start)],
            notices: vec![],
        };
        let index = Index::build(&c);
        write(
            &path,
            &validity(),
            &sources(1)[..1],
            &[],
            &c.documents,
            &c.entities,
            &index,
        )
        .expect("written");
        results.push(open(&path, &validity()).map(|s| s.entities));
    }
    assert_eq!(results[0].as_ref().map(|e| e[0].mentions.len()), Ok(1));
    // Byte 1 is inside "É".
    assert_eq!(
        results[1].as_ref().err(),
        Some(&Problem::Damaged("bad mentions".into()))
    );
}
