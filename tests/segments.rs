//! The cold build writes its extraction in segments and resumes after an interruption: a run
//! stopped after K segments (as a kill would stop it) leaves them in the cache folder, the next
//! run extracts only what they do not cover, and the result is the same as an uninterrupted
//! build's.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const GIVEN: [&str; 6] = ["Tomas", "Ilse", "Bertrand", "Oksana", "Dorian", "Priya"];
const FAMILY: [&str; 6] = [
    "Varnholt",
    "Brandacher",
    "Quillfeather",
    "Marchetti",
    "Olszewski",
    "Haverkamp",
];
const PLACES: [&str; 4] = ["Lisbon", "Nairobi", "Montreal", "Osaka"];

fn write_corpus(dir: &Path, files: usize) {
    for i in 0..files {
        let a = format!("{} {}", GIVEN[i % 6], FAMILY[(i / 2) % 6]);
        let b = format!("{} {}", GIVEN[(i + 3) % 6], FAMILY[(i + 1) % 6]);
        let text = format!(
            "Minister {a} met {b} in {} on {} March 2021.\n\nLater {} said the talks with \
             the Harbour Workers Union would go on in {}, and {a} agreed.\n",
            PLACES[i % 4],
            1 + i % 27,
            FAMILY[(i / 2) % 6],
            PLACES[(i + 1) % 4],
        );
        std::fs::write(dir.join(format!("f{i:02}.txt")), text).expect("write");
    }
}

fn docent(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_docent"));
    c.args(args)
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("DOCENT_OPTS")
        .env_remove("DOCENT_DEV_STOP_AFTER_SEGMENTS")
        .stdin(Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("docent runs")
}

/// The segment folder in the cache (there is one corpus), if any.
fn segment_dir(home: &Path) -> Option<PathBuf> {
    std::fs::read_dir(home.join("cache").join("docent"))
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(".idx.segs"))
}

/// The segment files in `dir`, by name, sorted.
fn seg_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("segments")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The source files each segment covers, in segment order.
fn covered(dir: &Path) -> Vec<Vec<String>> {
    let mut segs: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("segments")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "idx"))
        .collect();
    segs.sort();
    segs.iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("segment");
            let text = String::from_utf8_lossy(&bytes);
            (0..100)
                .map(|i| format!("f{i:02}.txt"))
                .filter(|n| text.contains(n.as_str()))
                .collect()
        })
        .collect()
}

/// A cold build of `dir` with `small` documents a segment, stopped after two more segments:
/// the segment folder and what its segments cover then.
fn stopped_after_two_segments(
    home: &Path,
    dir: &str,
    small: (&str, &str),
) -> (PathBuf, Vec<Vec<String>>) {
    let stopped = docent(
        home,
        &["export", dir],
        &[small, ("DOCENT_DEV_STOP_AFTER_SEGMENTS", "2")],
    );
    assert_eq!(stopped.status.code(), Some(75), "{stopped:?}");
    let segs = segment_dir(home).expect("a segment folder");
    let covers = covered(&segs);
    (segs, covers)
}

#[test]
fn an_interrupted_cold_build_resumes_from_its_segments_and_gives_the_same_export() {
    let home = tempfile::tempdir().expect("tmp");
    let docs = tempfile::tempdir().expect("tmp");
    write_corpus(docs.path(), 24);
    let dir = docs.path().to_string_lossy().into_owned();
    let small = ("DOCENT_DEV_SEGMENT_DOCS", "4");

    // Stopped after two segments of four files: two segments on disk.
    let (segs, first) = stopped_after_two_segments(home.path(), &dir, small);
    assert_eq!(first.len(), 2, "{first:?}");
    assert!(first.iter().all(|s| s.len() == 4), "{first:?}");

    // Stopped again: the two new segments cover files the first two did not.
    let (_, both) = stopped_after_two_segments(home.path(), &dir, small);
    assert_eq!(both.len(), 4, "{both:?}");
    let mut all: Vec<&String> = both.iter().flatten().collect();
    all.sort();
    let n = all.len();
    all.dedup();
    assert_eq!((n, all.len()), (16, 16), "a file extracted twice: {both:?}");

    // A file covered by a segment changes: its segment no longer answers for it.
    let changed = docs.path().join("f01.txt");
    std::fs::write(
        &changed,
        "Governor Marisol Ekwueme opened the bridge in Quito on Tuesday.\n",
    )
    .expect("rewrite");

    // Run to the end: the same export as a build without any cache, and the segments gone.
    let resumed = docent(home.path(), &["export", &dir], &[small]);
    assert!(resumed.status.success(), "{resumed:?}");
    let fresh = docent(home.path(), &["export", &dir, "--no-cache"], &[]);
    assert!(fresh.status.success(), "{fresh:?}");
    assert!(!fresh.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&resumed.stdout),
        String::from_utf8_lossy(&fresh.stdout)
    );
    assert!(
        String::from_utf8_lossy(&fresh.stdout).contains("Marisol Ekwueme"),
        "the changed file was read again"
    );
    // The segments stay, named by the index cache: together they cover every file.
    let mut all: Vec<String> = covered(&segs).into_iter().flatten().collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 24, "{all:?}");

    // And the index cache it left opens warm to the same export.
    let warm = docent(home.path(), &["export", &dir], &[]);
    assert_eq!(warm.stdout, fresh.stdout);
}

/// A build that extracts while it loads (more files than one loading batch of 32, so the
/// loading threads hand batches over in turn) is stopped after two segments, whether or not
/// every file was read by then: its segments hold the walk's first files in order, the
/// resumed build reuses them and gives what a build without the cache gives, and so does an
/// uninterrupted cold build.
#[test]
fn a_build_stopped_while_still_loading_resumes_to_the_same_export() {
    let home = tempfile::tempdir().expect("tmp");
    let docs = tempfile::tempdir().expect("tmp");
    write_corpus(docs.path(), 100);
    let dir = docs.path().to_string_lossy().into_owned();
    let small = ("DOCENT_DEV_SEGMENT_DOCS", "3");

    let (segs, first) = stopped_after_two_segments(home.path(), &dir, small);
    // The walk's first files, in order, three to a segment.
    let names =
        |r: std::ops::Range<usize>| -> Vec<String> { r.map(|i| format!("f{i:02}.txt")).collect() };
    assert_eq!(first, vec![names(0..3), names(3..6)], "{first:?}");

    let resumed = docent(home.path(), &["export", &dir], &[small]);
    assert!(resumed.status.success(), "{resumed:?}");
    // The segments stay, each file in exactly one.
    let mut all: Vec<String> = covered(&segs).into_iter().flatten().collect();
    all.sort();
    let n = all.len();
    all.dedup();
    assert_eq!((n, all.len()), (100, 100));
    let fresh = docent(home.path(), &["export", &dir, "--no-cache"], &[]);
    assert!(fresh.status.success(), "{fresh:?}");
    assert!(String::from_utf8_lossy(&fresh.stdout).contains("f99.txt"));
    assert_eq!(resumed.stdout, fresh.stdout);

    // Uninterrupted, in a cache of its own.
    let other = tempfile::tempdir().expect("tmp");
    let whole = docent(other.path(), &["export", &dir], &[small]);
    assert!(whole.status.success(), "{whole:?}");
    assert_eq!(whole.stdout, fresh.stdout);
}

/// The export of `dir` with the cache (small segments) and without it: they must agree, and
/// the cached run must give no notice. Returns the cached run's standard error.
fn export_matches_a_fresh_one(home: &Path, dir: &str, small: (&str, &str)) -> String {
    let cached = docent(home, &["export", dir], &[small]);
    assert!(cached.status.success(), "{cached:?}");
    let fresh = docent(home, &["export", dir, "--no-cache"], &[]);
    assert!(
        fresh.status.success() && !fresh.stdout.is_empty(),
        "{fresh:?}"
    );
    assert_eq!(
        String::from_utf8_lossy(&cached.stdout),
        String::from_utf8_lossy(&fresh.stdout)
    );
    String::from_utf8_lossy(&cached.stderr).into_owned()
}

/// The index cache refers to the segments rather than copying them: a warm open reads none of
/// them, an edit extracts only its file again into a new segment, a segment nothing uses any
/// more is deleted and one mostly stale is rewritten with what is still used; every export is
/// a fresh build's.
#[test]
fn the_index_cache_names_its_segments_and_edits_extract_only_their_files() {
    let home = tempfile::tempdir().expect("tmp");
    let docs = tempfile::tempdir().expect("tmp");
    write_corpus(docs.path(), 24);
    let dir = docs.path().to_string_lossy().into_owned();
    let small = ("DOCENT_DEV_SEGMENT_DOCS", "4");
    let quiet = |err: String| assert!(!err.contains("segment"), "{err}");
    quiet(export_matches_a_fresh_one(home.path(), &dir, small));
    let segs = segment_dir(home.path()).expect("the segments stay");
    let cold = seg_names(&segs);
    assert_eq!(cold.len(), 6, "{cold:?}");

    // Warm: the segments are not read (gone for a while, nothing is noticed).
    let away = home.path().join("away");
    std::fs::rename(&segs, &away).expect("move");
    quiet(export_matches_a_fresh_one(home.path(), &dir, small));
    std::fs::rename(&away, &segs).expect("move back");

    // One file of the first segment changes: extracted alone, into a new segment.
    let edit = |name: &str| {
        std::fs::write(
            docs.path().join(name),
            format!("Governor Marisol Ekwueme opened the bridge in Quito ({name}).\n"),
        )
        .expect("rewrite");
    };
    edit("f01.txt");
    quiet(export_matches_a_fresh_one(home.path(), &dir, small));
    let now = seg_names(&segs);
    assert_eq!(now.len(), 7, "{now:?}");
    assert_eq!(covered(&segs).last(), Some(&vec!["f01.txt".to_string()]));

    // Three of the second segment's four: it is rewritten with the one still used, and gone.
    for f in ["f05.txt", "f06.txt", "f07.txt"] {
        edit(f);
    }
    quiet(export_matches_a_fresh_one(home.path(), &dir, small));
    let now = seg_names(&segs);
    assert!(!now.contains(&"000001.idx".to_string()), "{now:?}");
    let covers = covered(&segs);
    let holding = |f: &str| covers.iter().filter(|c| c.iter().any(|n| n == f)).count();
    assert_eq!(holding("f04.txt"), 1, "{covers:?}");
    assert_eq!(holding("f05.txt"), 1, "{covers:?}");

    // Every file of the third segment removed, one added: that segment is deleted.
    for i in 8..12 {
        std::fs::remove_file(docs.path().join(format!("f{i:02}.txt"))).expect("rm");
    }
    std::fs::write(
        docs.path().join("f40.txt"),
        "Senator Ilse Brandacher visited Osaka on 2 May 2022.\n",
    )
    .expect("add");
    quiet(export_matches_a_fresh_one(home.path(), &dir, small));
    let now = seg_names(&segs);
    assert!(!now.contains(&"000002.idx".to_string()), "{now:?}");
    let covers = covered(&segs);
    assert!(
        covers.iter().flatten().all(|f| f != "f08.txt"),
        "{covers:?}"
    );
    assert!(
        covers.iter().flatten().any(|f| f == "f40.txt"),
        "{covers:?}"
    );

    // `docent cache clear` removes the segments with the index cache.
    let cleared = docent(home.path(), &["cache", "clear"], &[]);
    assert!(cleared.status.success(), "{cleared:?}");
    assert!(!segs.exists());
}

/// A segment the index cache names that is damaged or missing: a notice, its documents
/// extracted again, the same export as a fresh build; the next open is warm and quiet.
#[test]
fn a_damaged_or_missing_segment_is_noticed_and_rebuilt() {
    let home = tempfile::tempdir().expect("tmp");
    let docs = tempfile::tempdir().expect("tmp");
    write_corpus(docs.path(), 16);
    let dir = docs.path().to_string_lossy().into_owned();
    let small = ("DOCENT_DEV_SEGMENT_DOCS", "4");
    export_matches_a_fresh_one(home.path(), &dir, small);
    let segs = segment_dir(home.path()).expect("the segments stay");
    // A byte changed in the middle of one, another cut short, a third gone; and a file of
    // the fourth changed, so the open must extract.
    let one = segs.join("000000.idx");
    let mut b = std::fs::read(&one).expect("read");
    let mid = b.len() / 2;
    b[mid] ^= 0x20;
    std::fs::write(&one, b).expect("damage");
    let two = segs.join("000001.idx");
    let b = std::fs::read(&two).expect("read");
    std::fs::write(&two, &b[..b.len() / 2]).expect("truncate");
    std::fs::remove_file(segs.join("000002.idx")).expect("rm");
    std::fs::write(
        docs.path().join("f13.txt"),
        "Mayor Dorian Olszewski spoke in Lisbon.\n",
    )
    .expect("edit");
    let err = export_matches_a_fresh_one(home.path(), &dir, small);
    assert!(
        err.contains("000000.idx: extraction segment damaged"),
        "{err}"
    );
    assert!(
        err.contains("000001.idx: extraction segment damaged"),
        "{err}"
    );
    assert!(
        err.contains("000002.idx: extraction segment missing"),
        "{err}"
    );
    let now = seg_names(&segs);
    for gone in ["000000.idx", "000001.idx", "000002.idx"] {
        assert!(!now.contains(&gone.to_string()), "{now:?}");
    }
    let warm = export_matches_a_fresh_one(home.path(), &dir, small);
    assert!(warm.is_empty(), "{warm}");
}
