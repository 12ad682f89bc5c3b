use super::*;
use crate::search::{rank, Query};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

fn corpus() -> Arc<Corpus> {
    let loaded = crate::load::load_seeds();
    let entities = crate::analyze::analyze(&loaded.documents);
    Arc::new(Corpus {
        documents: loaded.documents.into(),
        entities: entities.into(),
        notices: vec![Notice {
            path: "x.bin".into(),
            message: "skipped as binary".into(),
        }],
    })
}

fn validity() -> Validity {
    Validity {
        fingerprint: "opts".into(),
        corrections: String::new(),
        files: vec![("a.txt".into(), 10, 1), ("b.txt".into(), 20, 2)],
    }
}

fn written() -> (tempfile::TempDir, PathBuf, Candidates) {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.search");
    let candidates = Candidates::build(&corpus());
    write(&path, &validity(), candidates.corpus(), &candidates).expect("written");
    (dir, path, candidates)
}

#[test]
fn a_stored_search_gives_what_the_corpus_gives() {
    let (_dir, path, candidates) = written();
    let file = SearchFile::open(&path, &validity()).expect("opens");
    assert_eq!(file.len(), candidates.len());
    assert!(file.len() > 100);
    for i in 0..candidates.len() {
        let (k, t, target) = candidates.entry(i).expect("in memory");
        let (sk, st, starget) = file.entry(i).expect("stored");
        assert_eq!((k, t), (sk, st));
        match (target, starget) {
            (
                Target::Line { doc, line, .. },
                Target::Line {
                    doc: d, line: l, ..
                },
            ) => {
                assert_eq!((doc, line), (d, l));
            }
            (a, b) => assert_eq!(a, b),
        }
    }
    for e in 0..candidates.corpus().entities.len() {
        assert_eq!(file.entity_row(e), candidates.entity_row(e));
    }
    for d in 0..candidates.corpus().documents.len() {
        assert_eq!(file.doc_row(d), candidates.doc_row(d));
    }
    assert_eq!(file.entity_row(usize::MAX), None);
    assert_eq!(file.entry(file.len()), None);
    assert_eq!(file.notices.len(), 1);
    let lazy = SearchFile::open_lazy(&path, &validity()).expect("opens");
    assert!(
        lazy.checked.len() > 2,
        "several chunks: {}",
        lazy.checked.len()
    );
    let queries = [
        "maduro",
        "nov 21",
        "'caracas !venezuela",
        "xq",
        "Maduro",
        "MADURO",
        "nicolás",
        "José",
        "jose",
        "São",
        "Bogotá",
        "ü",
        "^Ca",
        "ela$",
        "e",
    ];
    let cancel = AtomicBool::new(false);
    for q in queries {
        let q = Query::parse(q);
        let want = rank(&q, &candidates, 1000, &cancel);
        assert_eq!(rank(&q, &file, 1000, &cancel), want);
        // Prefiltered by the stored letters, the chunks checked as first used: the same.
        assert_eq!(rank(&q, &lazy, 1000, &cancel), want);
    }
    assert_eq!(lazy.damage(), None);
    // The letters do reject: a query no candidate can match skips them all.
    let need = Query::parse("xqzj").needs();
    let letters = lazy.letters(0..lazy.len()).expect("kept");
    assert_eq!(letters.len(), 8 * lazy.len());
    let rejected = letters
        .chunks_exact(8)
        .filter(|l| !Query::may_match(need, u64_at(l, 0).unwrap_or(0)))
        .count();
    assert_eq!(lazy.letters(0..lazy.len() + 1), None);
    assert!(rejected > lazy.len() / 2, "{rejected} of {}", lazy.len());
}

#[test]
fn a_changed_file_options_or_corrections_make_it_stale() {
    let (_dir, path, _) = written();
    let mut v = validity();
    v.files[1].2 = 3; // b.txt modified
    assert!(matches!(SearchFile::open(&path, &v), Err(Problem::Stale)));
    let mut v = validity();
    v.files[0].1 = 11; // a.txt grew
    assert!(matches!(SearchFile::open(&path, &v), Err(Problem::Stale)));
    let mut v = validity();
    v.files.pop(); // b.txt removed
    assert!(matches!(SearchFile::open(&path, &v), Err(Problem::Stale)));
    let mut v = validity();
    v.files.push(("c.txt".into(), 1, 1)); // c.txt added
    assert!(matches!(SearchFile::open(&path, &v), Err(Problem::Stale)));
    let mut v = validity();
    v.fingerprint = "other".into();
    assert!(matches!(SearchFile::open(&path, &v), Err(Problem::Stale)));
    let mut v = validity();
    v.corrections = "12:34".into();
    assert!(matches!(SearchFile::open(&path, &v), Err(Problem::Stale)));
    let mut v = validity();
    v.files[0].2 = 0; // modification time unknown: never trusted
    assert!(matches!(SearchFile::open(&path, &v), Err(Problem::Stale)));
    assert!(matches!(
        SearchFile::open(&path.with_extension("none"), &validity()),
        Err(Problem::Absent)
    ));
}

/// Every single-byte change and every truncation of a small stored search is refused as
/// damaged, or (in the text, still UTF-8) opens and answers without panicking. Opened lazily,
/// a change in the candidates' chunks is found when they are used, and said.
#[test]
fn damage_is_refused_or_harmless_never_a_panic() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("small.search");
    let mut loaded = crate::load::Loaded::default();
    crate::load::load_bytes(
        "a.txt",
        "Ana Torres met Juan Perez in Lima on 3 March 2020.\nPérez left.".as_bytes(),
        &mut loaded,
    );
    let entities = crate::analyze::analyze(&loaded.documents);
    let corpus = Arc::new(Corpus {
        documents: loaded.documents.into(),
        entities: entities.into(),
        notices: Vec::new(),
    });
    let candidates = Candidates::build(&corpus);
    write(&path, &validity(), &corpus, &candidates).expect("written");
    let good = std::fs::read(&path).expect("read");
    let text_at = good.len() - u64_at(&good, 48).map_or(0, |n| n as usize);
    let use_it = |file: &SearchFile| {
        for i in 0..file.len() + 2 {
            if let Some((_, _, Target::Entity(e))) = file.entry(i) {
                std::hint::black_box(file.entity_row(e));
            }
            if let Some((_, _, Target::Line { doc, .. } | Target::Document(doc))) = file.entry(i) {
                std::hint::black_box(file.doc_row(doc));
            }
        }
        let q = Query::parse("pe");
        std::hint::black_box(rank(&q, file, 100, &AtomicBool::new(false)));
    };
    for at in 0..good.len() {
        for flip in [0x01u8, 0x80] {
            let mut bad = good.clone();
            bad[at] ^= flip;
            std::fs::write(&path, &bad).expect("write");
            match SearchFile::open(&path, &validity()) {
                Ok(file) => {
                    assert!(at >= text_at, "a change at byte {at} went unnoticed");
                    use_it(&file);
                }
                Err(Problem::Damaged(_) | Problem::Stale) => {}
                Err(Problem::Absent) => panic!("the file is there"),
            }
            match SearchFile::open_lazy(&path, &validity()) {
                Ok(file) => {
                    use_it(&file);
                    assert!(
                        at >= text_at || file.damage().is_some(),
                        "a change at byte {at} went unnoticed when used"
                    );
                }
                Err(Problem::Damaged(_) | Problem::Stale) => {}
                Err(Problem::Absent) => panic!("the file is there"),
            }
        }
    }
    for cut in 0..good.len() {
        std::fs::write(&path, &good[..cut]).expect("write");
        assert!(matches!(
            SearchFile::open(&path, &validity()),
            Err(Problem::Damaged(_))
        ));
    }
}

#[test]
fn a_stored_search_of_names_alone_says_so_and_ranks_the_names() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("n.search");
    let corpus = corpus();
    let names = Candidates::names(&corpus);
    let all = Candidates::build(&corpus);
    assert!(all.len() > names.len());
    write_names(&path, &validity(), &corpus, &names, 1_234_567).expect("written");
    let file = SearchFile::open_lazy(&path, &validity()).expect("opens");
    assert_eq!(file.lines_counted(), Some(1_234_567));
    assert_eq!(file.len(), names.len());
    for i in 0..names.len() {
        assert_eq!(
            file.entry(i).map(|e| (e.0, e.1)),
            names.entry(i).map(|e| (e.0, e.1))
        );
    }
    assert_eq!(
        file.doc_row(3),
        all.doc_row(3),
        "the documents' rows are kept"
    );
    // A file with its lines says none were left out.
    let (_dir, full, _) = written();
    let file = SearchFile::open_lazy(&full, &validity()).expect("opens");
    assert_eq!(file.lines_counted(), None);
}
