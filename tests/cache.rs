//! The on-disk index cache: a warm open gives exactly what a fresh analysis gives, a changed
//! file is re-analysed alone, and a damaged, foreign, blocked or unwritable cache never stops
//! loading.

use docent::cache::{self, Cache};
use docent::load::{load_paths, LoadOptions, Loaded};
use docent::model::Entity;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write fixture");
}

fn corpus(dir: &Path) {
    write(
        dir,
        "a.txt",
        " date 2021-11-21 President Ana Torres of Peru met officials of the United Nations in \
         Geneva on Sunday. Torres said the talks would go on.",
    );
    write(
        dir,
        "b.md",
        "---\ntitle: Talks\ndate: 2021-11-22\n---\nThe United States and Ana Torres spoke on \
         Monday. Officials in Lima said so.",
    );
    write(
        dir,
        "c.jsonl",
        "{\"title\":\"One\",\"text\":\"Juan Perez arrived in Madrid on March 3, 2020.\"}\n\
         {\"title\":\"Two\",\"text\":\"Perez left Madrid for the European Union summit.\"}\n",
    );
}

fn load(dir: &Path) -> Loaded {
    load_paths(
        &[dir.to_string_lossy().into_owned()],
        &LoadOptions::default(),
    )
    .expect("loads")
}

fn fresh(dir: &Path) -> Vec<Entity> {
    docent::analyze::analyze(&load(dir).documents)
}

fn cached(dir: &Path, cache: &Cache) -> cache::Analysed {
    let mut a = cache::analyze(&load(dir), Some(cache), None);
    assert_eq!(a.finish_write(), None, "the cache write succeeds");
    a
}

fn setup() -> (tempfile::TempDir, tempfile::TempDir, Cache) {
    let docs = tempfile::tempdir().expect("tmp");
    let store = tempfile::tempdir().expect("tmp");
    corpus(docs.path());
    let cache = Cache::in_dir(store.path(), &[docs.path().to_string_lossy().into_owned()])
        .expect("a cache for a real path");
    (docs, store, cache)
}

#[test]
fn warm_open_reuses_everything_and_matches_a_fresh_analysis() {
    let (docs, _store, cache) = setup();
    let cold = cached(docs.path(), &cache);
    assert!(!cold.stats.whole);
    assert_eq!(cold.stats.extracted, 4);
    assert!(cache.path.is_file());
    let warm = cached(docs.path(), &cache);
    assert!(warm.stats.whole, "{:?}", warm.stats);
    assert_eq!(warm.stats.extracted, 0);
    assert!(warm.notices.is_empty(), "{:?}", warm.notices);
    assert_eq!(warm.entities, fresh(docs.path()));
    assert_eq!(cold.entities, warm.entities);
    assert!(warm.entities.len() > 5);
}

#[test]
fn a_changed_file_is_analysed_alone() {
    let (docs, _store, cache) = setup();
    cached(docs.path(), &cache);
    // Different size, so the stamp changes even where mtime granularity is coarse.
    write(
        docs.path(),
        "b.md",
        "---\ntitle: Talks\ndate: 2021-11-22\n---\nThe United States and President Rosa Diaz spoke \
         Monday in Quito. Diaz said little.",
    );
    let warm = cached(docs.path(), &cache);
    assert!(!warm.stats.whole);
    assert_eq!(warm.stats.extracted, 1, "{:?}", warm.stats);
    assert_eq!(warm.stats.reused, 3, "{:?}", warm.stats);
    assert_eq!(warm.entities, fresh(docs.path()));
    assert!(warm.entities.iter().any(|e| e.name == "Rosa Diaz"));
    // Removing a file reuses the others too.
    std::fs::remove_file(docs.path().join("a.txt")).expect("rm");
    let after = cached(docs.path(), &cache);
    assert_eq!((after.stats.reused, after.stats.extracted), (3, 0));
    assert_eq!(after.entities, fresh(docs.path()));
}

#[test]
fn a_damaged_cache_is_set_aside_with_a_notice_and_rebuilt() {
    let (docs, _store, cache) = setup();
    let good = cached(docs.path(), &cache).entities;
    let bytes = std::fs::read(&cache.path).expect("read cache");
    for damage in ["flip", "truncate", "garbage"] {
        let bad = match damage {
            "flip" => {
                let mut b = bytes.clone();
                let i = b.len() / 2;
                b[i] ^= 0x20;
                b
            }
            "truncate" => bytes[..bytes.len() / 3].to_vec(),
            _ => b"not an index at all".to_vec(),
        };
        std::fs::write(&cache.path, bad).expect("damage");
        let a = cached(docs.path(), &cache);
        assert!(
            a.notices.iter().any(|n| n.message.contains("damaged")),
            "{damage}: {:?}",
            a.notices
        );
        assert!(cache.path.with_extension("idx.bad").is_file(), "{damage}");
        assert_eq!(a.entities, good, "{damage}");
        // Rebuilt: the next open is whole again.
        assert!(cached(docs.path(), &cache).stats.whole, "{damage}");
    }
}

#[test]
fn a_cache_from_another_version_is_rebuilt_with_a_notice() {
    let (docs, _store, cache) = setup();
    cached(docs.path(), &cache);
    let mut b = std::fs::read(&cache.path).expect("read");
    b[8] = 99; // format number
    std::fs::write(&cache.path, b).expect("write");
    let a = cached(docs.path(), &cache);
    assert!(a
        .notices
        .iter()
        .any(|n| n.message.contains("another docent version")));
    assert!(cached(docs.path(), &cache).stats.whole);
}

#[test]
fn an_unwritable_location_only_turns_caching_off() {
    let docs = tempfile::tempdir().expect("tmp");
    corpus(docs.path());
    let store = tempfile::tempdir().expect("tmp");
    // A regular file where the cache folder should be: no folder can be made there.
    let blocker = store.path().join("blocked");
    std::fs::write(&blocker, "x").expect("write");
    let cache =
        Cache::in_dir(&blocker, &[docs.path().to_string_lossy().into_owned()]).expect("cache");
    let mut a = cache::analyze(&load(docs.path()), Some(&cache), None);
    let n = a.finish_write().expect("a notice about the failed write");
    assert!(n.message.contains("caching off"), "{n:?}");
    assert_eq!(a.entities, fresh(docs.path()));
}

#[cfg(unix)]
#[test]
fn a_fifo_in_place_of_the_cache_never_blocks() {
    let (docs, _store, cache) = setup();
    if let Some(dir) = cache.path.parent() {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    let made = std::process::Command::new("mkfifo")
        .arg(&cache.path)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !made {
        eprintln!("mkfifo unavailable; skipped");
        return;
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let dir = docs.path().to_path_buf();
    let c = cache.clone();
    std::thread::spawn(move || {
        let mut a = cache::analyze(&load(&dir), Some(&c), None);
        a.finish_write();
        let _ = tx.send(a.notices);
    });
    let notices = rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("analysis finished without blocking on the FIFO");
    assert!(notices
        .iter()
        .any(|n| n.message.contains("not a regular file")));
}

#[test]
fn standard_input_and_no_paths_have_no_cache() {
    let dir = tempfile::tempdir().expect("tmp");
    assert!(Cache::in_dir(dir.path(), &[]).is_none());
    assert!(Cache::in_dir(dir.path(), &["-".to_string()]).is_none());
}

/// Damage that keeps the checksums right (a buggy writer, a deliberate edit) is caught by the
/// checks on what is decoded: nothing panics and every mention stays inside its text, on
/// character boundaries.
#[test]
fn forged_sections_with_valid_checksums_never_break_the_corpus() {
    let (docs, _store, cache) = setup();
    cached(docs.path(), &cache);
    let good = std::fs::read(&cache.path).expect("read");
    let word = |b: &[u8], i: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[i..i + 8]);
        u64::from_le_bytes(w) as usize
    };
    let header = 8 + 8 + 3 * 16;
    let mut rng: u64 = 7;
    let mut exercised = [0usize; 3];
    for round in 0..160 {
        // Entities (1) first, with every file unchanged so that section is what is read; then
        // the extractions (2), with one file changed so the others' are reused from it.
        let sec = if round < 80 { 1 } else { 2 };
        if round == 80 {
            write(docs.path(), "a.txt", " date 2021-11-21 A changed file.");
        }
        let mut b = good.clone();
        let start = header + (0..sec).map(|s| word(&b, 16 + s * 16)).sum::<usize>();
        let len = word(&b, 16 + sec * 16);
        rng = rng
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let at = start + (rng >> 33) as usize % len;
        b[at] ^= 1 << ((rng >> 20) % 8);
        let sum = docent::cache::codec::checksum(&b[start..start + len]);
        b[24 + sec * 16..32 + sec * 16].copy_from_slice(&sum.to_le_bytes());
        std::fs::write(&cache.path, &b).expect("write");
        let loaded = load(docs.path());
        let mut a = cache::analyze(&loaded, Some(&cache), None);
        a.finish_write();
        if a.stats.whole || a.stats.reused > 0 {
            exercised[sec] += 1;
        }
        for e in &a.entities {
            for m in &e.mentions {
                let text = &loaded.documents[m.doc()].text;
                assert!(
                    m.start < m.end && m.end() <= text.len(),
                    "round {round}: {e:?}"
                );
                assert!(text.is_char_boundary(m.start()) && text.is_char_boundary(m.end()));
            }
        }
    }
    // Some forgeries decode (a changed letter in a name): the checks, not luck, kept it sound.
    assert!(exercised[1] > 0 && exercised[2] > 0, "{exercised:?}");
}
