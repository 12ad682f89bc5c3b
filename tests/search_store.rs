//! `docent search` over an unchanged corpus answers from the stored search in the cache folder
//! (no source file read); a changed file rebuilds it; a damaged one is said and rebuilt.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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

    /// (exit code, stdout, stderr) of `docent ARGS`.
    fn run(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let o = Command::new(env!("CARGO_BIN_EXE_docent"))
            .args(args)
            .env("XDG_CACHE_HOME", self.home.path())
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

    fn search(&self, q: &str) -> String {
        let (code, out, err) = self.run(&["search", q, &self.dir(), "--limit", "1000"]);
        assert_eq!(code, Some(0), "{err}");
        out
    }

    fn stored(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.home.path().join("docent"))
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "search"))
                    // The palette's names file, written by the cold build beside it.
                    .filter(|p| !p.to_string_lossy().ends_with(".names.search"))
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn mtime(p: &Path) -> std::time::SystemTime {
    std::fs::metadata(p)
        .and_then(|m| m.modified())
        .expect("mtime")
}

#[test]
fn an_unchanged_corpus_is_searched_from_the_store_and_a_changed_one_rebuilt() {
    let s = Setup::new();
    let fresh = s.search("torres");
    assert!(fresh.contains("Ana Torres"), "{fresh}");
    assert_eq!(s.stored().len(), 1, "the search is stored");
    assert_eq!(
        s.search("torres"),
        fresh,
        "the stored search answers the same"
    );

    // Same size, same modification time, other words: the store answers without reading
    // the file, so it still finds the old text (the one change size+mtime cannot see).
    let a = s.docs.path().join("a.txt");
    let when = mtime(&a);
    s.write(
        "a.txt",
        "President Ana Flores met the United Nations in Geneva.",
    );
    std::fs::File::options()
        .write(true)
        .open(&a)
        .and_then(|f| f.set_modified(when))
        .expect("set mtime");
    assert!(
        s.search("torres").contains("Torres"),
        "answered from the store"
    );

    // A real change (new size and time): rebuilt from the files.
    s.write(
        "a.txt",
        "President Ana Lopez met the United Nations in Geneva, Switzerland.",
    );
    let (code, out, _) = s.run(&["search", "torres", &s.dir()]);
    assert_eq!(code, Some(1), "nothing matches any more: {out}");
    assert!(s.search("lopez").contains("Lopez"));
    // An added file is found.
    s.write("c.txt", "Maria Torres visited Quito.");
    assert!(s.search("torres").contains("Maria Torres"));
    // Other options than the store was written for: not used.
    let (_, out, _) = s.run(&["search", "quito", &s.dir(), "--max-file-size", "10"]);
    assert!(
        !out.contains("Quito"),
        "files over 10 bytes are skipped: {out}"
    );
}

#[test]
fn a_damaged_store_is_said_and_rebuilt_never_a_panic() {
    let s = Setup::new();
    let fresh = s.search("madrid");
    let stored = s.stored();
    assert_eq!(stored.len(), 1);
    let good = std::fs::read(&stored[0]).expect("read");
    for damage in [
        b"not a docent file at all".to_vec(),
        good[..good.len() / 2].to_vec(),
        {
            let mut b = good.clone();
            b[70] ^= 0x55; // inside the checked meta
            b
        },
    ] {
        std::fs::write(&stored[0], &damage).expect("damage");
        let (code, out, err) = s.run(&["search", "madrid", &s.dir(), "--limit", "1000"]);
        assert_eq!(code, Some(0), "{err}");
        assert_eq!(out, fresh);
        assert!(err.contains("stored search damaged"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        // Rebuilt: the next run is quiet.
        let (_, again, err) = s.run(&["search", "madrid", &s.dir(), "--limit", "1000"]);
        assert_eq!(again, fresh);
        assert!(!err.contains("damaged"), "{err}");
    }
    // `cache clear` removes it with the rest.
    let (code, _, _) = s.run(&["cache", "clear"]);
    assert_eq!(code, Some(0));
    assert!(s.stored().is_empty());
}

/// The stored search is opened lazily (each chunk of candidates checked when a query first
/// reads it): a chunk damaged past the first, found while answering, is said, the answer given
/// again from the corpus — the same as before the damage — and the file rebuilt.
#[test]
fn a_chunk_damaged_past_the_first_is_found_while_answering_and_rebuilt() {
    let s = Setup::new();
    // More candidates than a chunk holds (8,192): lines enough for three chunks.
    let many: String = (0..20_000)
        .map(|i| format!("row {i} of the ledger\n"))
        .collect();
    s.write("many.txt", &many);
    let fresh = s.search("ledger 1999");
    assert!(fresh.contains("row 1999 of the ledger"), "{fresh}");
    let stored = s.stored();
    assert_eq!(stored.len(), 1);
    let good = std::fs::read(&stored[0]).expect("read");
    let u64_at = |at: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&good[at..at + 8]);
        u64::from_le_bytes(b) as usize
    };
    // Header: magic, format, meta length (at 16); the candidates' 32-byte records follow the
    // 56-byte header and the meta. Candidate 17,000's text length, in the third chunk.
    let records = 56 + u64_at(16);
    let mut bad = good.clone();
    bad[records + 32 * 17_000 + 8] ^= 0x04;
    std::fs::write(&stored[0], &bad).expect("damage");
    let (code, out, err) = s.run(&["search", "ledger 1999", &s.dir(), "--limit", "1000"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, fresh, "answered again from the corpus");
    assert!(err.contains("stored search damaged"), "{err}");
    assert!(err.contains("checksum mismatch in candidates"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let (_, again, err) = s.run(&["search", "ledger 1999", &s.dir(), "--limit", "1000"]);
    assert_eq!(again, fresh);
    assert!(!err.contains("damaged"), "rebuilt: {err}");
    // A query through the word index reads the names and its lines' pieces only: a damaged
    // chunk it does not read leaves its answer as the intact file gives it, quietly. (The
    // index is built by a `--words` search, which stores the names alone; a fuzzy search then
    // stores every line again.)
    let (_, intact, _) = s.run(&["search", "--words", "torres", &s.dir()]);
    assert_eq!(s.search("ledger 1999"), fresh);
    assert_eq!(
        std::fs::read(&stored[0]).expect("read"),
        good,
        "rebuilt the same"
    );
    std::fs::write(&stored[0], &bad).expect("damage");
    let (code, words_out, err) = s.run(&["search", "--words", "torres", &s.dir()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(words_out.contains("Ana Torres"), "{words_out}");
    assert_eq!(words_out, intact);
    assert!(!err.contains("damaged"), "{err}");
}

#[test]
fn words_find_lines_through_the_word_index() {
    let s = Setup::new();
    s.write(
        "c.txt",
        "The talks in Geneva went on.\nNothing here.\nGeneva talks again, with Torres.",
    );
    let words = |q: &str| {
        let (code, out, err) = s.run(&["search", "--words", q, &s.dir(), "--limit", "100"]);
        assert!(!err.contains("panicked"), "{err}");
        (code, out)
    };
    let (code, out) = words("'talks");
    assert_eq!(code, Some(0));
    let lines: Vec<&str> = out.lines().filter(|l| l.starts_with("line")).collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].contains("c.txt:1"), "{out}");
    assert!(lines[1].contains("c.txt:3"), "{out}");
    // !not leaves lines out; a phrase needs its words in order.
    let (_, out) = words("'talks !torres");
    assert_eq!(
        out.lines().filter(|l| l.starts_with("line")).count(),
        1,
        "{out}"
    );
    let (_, out) = words("\"geneva talks\"");
    assert!(out.contains("c.txt:3") && !out.contains("c.txt:1"), "{out}");
    // A prefix; names are still ranked fuzzily, first.
    let (_, out) = words("gene");
    assert!(
        out.lines().next().is_some_and(|l| !l.starts_with("line")),
        "{out}"
    );
    assert!(out.contains("a.txt:1"), "{out}");
    // The index is kept beside the stored search and answers again once stored.
    assert!(s
        .home
        .path()
        .join("docent")
        .read_dir()
        .expect("cache")
        .flatten()
        .any(|e| e.file_name().to_string_lossy().ends_with(".words")));
    let (_, again) = words("gene");
    assert_eq!(again, out);
    // The stored search a `--words` search wrote holds the names alone: a fuzzy search of
    // this small corpus then lists every line again, as from a cache without it.
    let (code, fuzzy, err) = s.run(&["search", "talks", &s.dir(), "--limit", "100"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        fuzzy.contains("c.txt:1") && fuzzy.contains("c.txt:3"),
        "{fuzzy}"
    );
    let (_, uncached, _) = s.run(&["search", "--no-cache", "talks", &s.dir(), "--limit", "100"]);
    assert_eq!(fuzzy, uncached);
    let (_, again) = words("gene");
    assert_eq!(again, out, "from the stored search with its lines");
    // A damaged word index (every file in it cut short) is rebuilt, never a panic.
    let words_dir = s
        .home
        .path()
        .join("docent")
        .read_dir()
        .expect("cache")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "words"))
        .expect("a word index");
    for f in words_dir.read_dir().expect("index").flatten() {
        let bytes = std::fs::read(f.path()).expect("read");
        std::fs::write(f.path(), &bytes[..bytes.len() / 2]).expect("damage");
    }
    let (code, damaged) = words("gene");
    assert_eq!(code, Some(0));
    assert_eq!(damaged, out);
    // Without a cache the index is built in a temporary folder: the same lines.
    let (code, cached, _) = s.run(&["search", "--words", "'talks", &s.dir()]);
    let (code2, uncached, err) = s.run(&["search", "--no-cache", "--words", "'talks", &s.dir()]);
    assert_eq!((code, code2), (Some(0), Some(0)), "{err}");
    assert_eq!(cached, uncached);
    // Nothing found: exit 1, as grep.
    assert_eq!(words("zzzz").0, Some(1));
}
