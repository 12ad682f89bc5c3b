//! Unit tests of the on-disk text index.
use super::*;

fn docs() -> Vec<String> {
    vec![
        "Title one\nNicolás Maduro spoke on Nov 21.\nThe minister said nothing.\n".into(),
        "Second\nMaduro and Torres met.\nTorres left early; maduro stayed.\n".into(),
        "Third\nNothing about him here.\nMadurez is another word.\n".into(),
    ]
}

fn build(dir: &Path, seg_bytes: usize) -> DiskIndex {
    let mut b = Builder::open(dir, "k")
        .expect("open")
        .with_segment_bytes(seg_bytes);
    for (i, d) in docs().iter().enumerate().skip(b.resume_at()) {
        b.add(i, d, 0).expect("add");
    }
    b.finish().expect("finish");
    DiskIndex::open(dir, "k").expect("reopen")
}

fn q(ix: &DiskIndex, s: &str) -> Vec<(usize, usize)> {
    ix.query(&TextQuery::parse(s), usize::MAX)
        .expect("query")
        .into_iter()
        .map(|r| (r.doc, r.line))
        .collect()
}

#[test]
fn words_prefixes_exact_phrases_and_not() {
    for seg in [1, 1 << 20] {
        let dir = tempfile::tempdir().expect("tmp");
        let ix = build(dir.path(), seg);
        assert_eq!(ix.documents(), 3);
        // Prefix, accents folded, case ignored.
        assert_eq!(q(&ix, "madur"), vec![(0, 1), (1, 1), (1, 2), (2, 2)]);
        assert_eq!(q(&ix, "'maduro"), vec![(0, 1), (1, 1), (1, 2)]);
        assert_eq!(q(&ix, "nicolas"), vec![(0, 1)]);
        assert_eq!(q(&ix, "maduro torres"), vec![(1, 1), (1, 2)]);
        assert_eq!(q(&ix, "'maduro !torres"), vec![(0, 1)]);
        assert_eq!(q(&ix, "\"nicolas maduro\""), vec![(0, 1)]);
        assert_eq!(q(&ix, "\"maduro nicolas\""), Vec::<(usize, usize)>::new());
        assert_eq!(q(&ix, "\"nov 2\""), vec![(0, 1)]);
        assert_eq!(q(&ix, "xq"), Vec::<(usize, usize)>::new());
        assert!(q(&ix, "!maduro").is_empty(), "only negations find nothing");
        assert_eq!(ix.query(&TextQuery::parse("madur"), 2).expect("q").len(), 2);
    }
}

#[test]
fn small_segments_keep_memory_bounded_and_resume() {
    let dir = tempfile::tempdir().expect("tmp");
    // Index the first document only, as if interrupted after its segment.
    let mut b = Builder::open(dir.path(), "k")
        .expect("open")
        .with_segment_bytes(1);
    b.add(0, &docs()[0], 0).expect("add");
    drop(b);
    let b = Builder::open(dir.path(), "k").expect("reopen");
    assert_eq!(b.resume_at(), 1, "the finished segment is kept");
    drop(b);
    let ix = build(dir.path(), 1);
    assert_eq!(q(&ix, "'maduro"), vec![(0, 1), (1, 1), (1, 2)]);
    // Another corpus key starts over.
    let b = Builder::open(dir.path(), "other").expect("open");
    assert_eq!(b.resume_at(), 0);
    assert!(DiskIndex::open(dir.path(), "k").is_err());
}

#[test]
fn damaged_segments_are_errors_never_panics() {
    let dir = tempfile::tempdir().expect("tmp");
    drop(build(dir.path(), 1 << 20));
    let seg = dir.path().join("seg-000000.dtx");
    let good = std::fs::read(&seg).expect("read");
    // Truncated anywhere: a clear error.
    for cut in [0, 10, 63, 64, good.len() / 2, good.len() - 1] {
        std::fs::write(&seg, &good[..cut]).expect("write");
        let e = DiskIndex::open(dir.path(), "k").err().expect("an error");
        assert!(e.to_string().contains("rebuild"), "{e}");
    }
    // Any byte flipped: an error or some answer, never a panic.
    for i in (0..good.len()).step_by(3) {
        let mut bad = good.clone();
        bad[i] ^= 0xa5;
        std::fs::write(&seg, &bad).expect("write");
        if let Ok(ix) = DiskIndex::open(dir.path(), "k") {
            for s in ["madur", "'maduro !torres", "\"nicolas maduro\"", "a"] {
                let _ = ix.query(&TextQuery::parse(s), 100);
            }
        }
    }
    // A damaged segment is dropped by the next build, which rebuilds from there.
    std::fs::write(&seg, &good[..20]).expect("write");
    let b = Builder::open(dir.path(), "k").expect("open");
    assert_eq!(b.resume_at(), 0);
}

#[test]
fn queries_parse_as_documented() {
    use TextTerm::*;
    let t = TextQuery::parse("Madu 'Núñez !x \"a b\" e-mail");
    assert_eq!(
        t.terms,
        vec![
            Prefix("madu".into()),
            Word("nunez".into()),
            Not("x".into()),
            Phrase(vec!["a".into(), "b".into()]),
            Phrase(vec!["e".into(), "mail".into()]),
        ]
    );
    assert!(TextQuery::parse("!x").is_empty());
    assert!(TextQuery::parse("  ' ! \"\" ").terms.is_empty());
}

#[test]
fn first_lines_name_each_document_once_with_its_first_matching_line() {
    for seg in [1, 1 << 20] {
        let dir = tempfile::tempdir().expect("tmp");
        let ix = build(dir.path(), seg);
        let first = |s: &str| -> Vec<(usize, usize)> {
            ix.first_lines(&TextQuery::parse(s))
                .expect("query")
                .into_iter()
                .map(|r| (r.doc, r.line))
                .collect()
        };
        assert_eq!(first("madur"), vec![(0, 1), (1, 1), (2, 2)]);
        assert_eq!(first("torres !met"), vec![(1, 2)]);
        assert!(first("absent").is_empty());
        assert!(first("!maduro").is_empty());
    }
}

#[test]
fn words_fold_as_the_readers_search_does() {
    // The reader finds "Straße" with /strasse and "Łódź" with /lodz: so must the index.
    assert_eq!(
        words("Straße, ŁÓDŹ").collect::<Vec<_>>(),
        ["strasse", "lodz"]
    );
    let dir = tempfile::tempdir().expect("tmp");
    let mut b = Builder::open(dir.path(), "k").expect("open");
    b.add(0, "Head\nThe Hauptstraße was closed.\n", 0)
        .expect("add");
    b.finish().expect("finish");
    let ix = DiskIndex::open(dir.path(), "k").expect("reopen");
    assert_eq!(q(&ix, "hauptstrasse"), vec![(0, 1)]);
    assert_eq!(q(&ix, "'Hauptstraße"), vec![(0, 1)]);
}

#[test]
fn the_builds_word_scan_splits_and_folds_as_words_does() {
    let mut samples = vec![
        String::new(),
        "Straße, ŁÓDŹ".into(),
        "e\u{301}te\u{301} don't O'Neill 21st 1990s".into(),
        "北京 2021年 emoji🙂x tab\tnul\0end".into(),
        "a-b_c.d/e…f—g «h» \u{FEFF}i ÆØÅ ǅ ﬁ".into(),
    ];
    // Every char class the scan branches on, in a fixed pseudo-random mix.
    let alphabet: Vec<char> = "aZ9 ,.'é\u{301}ß北🙂\n\tİﬁ".chars().collect();
    let mut x = 7u64;
    for _ in 0..200 {
        let mut s = String::new();
        for _ in 0..(x % 40) {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            s.push(alphabet[(x >> 33) as usize % alphabet.len()]);
        }
        samples.push(s);
    }
    for s in &samples {
        let mut scanned = Vec::new();
        super::for_each_word(s, |w| scanned.push(w.to_string()));
        assert_eq!(scanned, words(s).collect::<Vec<_>>(), "{s:?}");
    }
}

/// Every query kind against a plain scan of the lines, over documents with many repeated
/// words (long postings, a word several times on a line, phrases overlapping themselves).
#[test]
fn queries_equal_a_scan_of_every_line() {
    const VOCAB: [&str; 9] = [
        "the", "plan", "vote", "votes", "the", "budget", "plan", "x", "the",
    ];
    let mut seed: u64 = 7;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    let texts: Vec<String> = (0..40)
        .map(|_| {
            (0..1 + next(6))
                .map(|_| {
                    let words: Vec<&str> =
                        (0..next(12)).map(|_| VOCAB[next(VOCAB.len())]).collect();
                    words.join(" ") + "\n"
                })
                .collect()
        })
        .collect();
    let dir = tempfile::tempdir().expect("tmp");
    let mut b = Builder::open(dir.path(), "k")
        .expect("open")
        .with_segment_bytes(200);
    for (i, t) in texts.iter().enumerate() {
        b.add(i, t, 0).expect("add");
    }
    b.finish().expect("finish");
    let ix = DiskIndex::open(dir.path(), "k").expect("reopen");
    let holds = |line: &[String], t: &TextTerm| match t {
        TextTerm::Prefix(w) => line.iter().any(|x| x.starts_with(w.as_str())),
        TextTerm::Word(w) => line.iter().any(|x| x == w),
        TextTerm::Not(w) => !line.iter().any(|x| x == w),
        TextTerm::Phrase(ws) => line.windows(ws.len()).any(|win| {
            win.iter().zip(ws).enumerate().all(|(i, (x, w))| {
                if i + 1 == ws.len() {
                    x.starts_with(w.as_str())
                } else {
                    x == w
                }
            })
        }),
    };
    let queries = [
        "the",
        "pla",
        "'vote",
        "vote",
        "\"the plan\"",
        "\"the the\"",
        "\"plan the vo\"",
        "the !plan",
        "'the !plan !x",
        "\"the plan\" !vote",
        "budget \"plan the\"",
        "zz",
    ];
    for s in queries {
        let query = TextQuery::parse(s);
        let mut want = vec![];
        for (d, t) in texts.iter().enumerate() {
            for (l, line) in t.split_inclusive('\n').enumerate() {
                let ws: Vec<String> = words(line).collect();
                if query.terms.iter().all(|t| holds(&ws, t)) {
                    want.push((d, l));
                }
            }
        }
        assert_eq!(q(&ix, s), want, "query {s}");
    }
}

#[test]
fn a_page_then_a_count_equals_every_line_listed() {
    let dir = tempfile::tempdir().expect("tmp");
    // A segment per document: a page ends in one, the rest are counted.
    let ix = build(dir.path(), 1);
    assert_eq!(ix.segments.len(), 3);
    for s in [
        "madur",
        "m",
        "n",
        "'maduro !torres",
        "\"nicolas maduro\"",
        "a !the",
        "zz",
        "!the",
    ] {
        let query = TextQuery::parse(s);
        let all = ix.query(&query, usize::MAX).expect("query");
        // Everything taken: the same lines, in order.
        let mut taken = Vec::new();
        let n = ix
            .lines_then_count(&query, |v| {
                taken.extend_from_slice(v);
                true
            })
            .expect("taken");
        assert_eq!((n, &taken), (all.len(), &all), "{s}");
        // One segment taken: the count still covers every line.
        let mut first = 0;
        let n = ix
            .lines_then_count(&query, |_| {
                first += 1;
                assert!(first == 1, "asked again after saying enough");
                false
            })
            .expect("counted");
        assert_eq!(n, all.len(), "{s}");
    }
}
