//! A cached cold build ends as an open from the document store: the texts are set aside once
//! extracted (e-mails' kept for linking), the store is written, and the corpus comes back from
//! it — the same entities and texts as an open without the cache, nothing left behind.
//!
//! One test: it sets the cache folder for the whole process.

mod private_home;

use docent::open::{open, OpenOptions, Opened};
use private_home::PrivateHome;

/// An entity as compared: id, name, aliases, mentions (document, start, end).
type Seen = (String, String, Vec<String>, Vec<(usize, u32, u32)>);

fn entities(c: &docent::model::Corpus) -> Vec<Seen> {
    c.entities
        .iter()
        .map(|e| {
            let ms = e
                .mentions
                .iter()
                .map(|m| (m.doc(), m.start, m.end))
                .collect();
            (e.id.clone(), e.name.clone(), e.aliases.clone(), ms)
        })
        .collect()
}

fn texts(c: &docent::model::Corpus) -> Vec<(String, String)> {
    c.documents
        .iter()
        .map(|d| (d.path.clone(), d.text.to_string()))
        .collect()
}

/// The corpus opened without the cache: what every cached build must give.
fn uncached(paths: &[String]) -> Opened {
    open(
        paths,
        &OpenOptions {
            use_cache: false,
            ..OpenOptions::default()
        },
    )
    .expect("opens")
}

/// A cached build that wrote the store, checked against `plain`: the caches written, the
/// corpus opened from the store (every text from its map), the same entities and texts, and
/// the e-mail's addresses linked (its text was kept for that).
fn assert_opened_from_store(built: &mut Opened, plain: &Opened) {
    assert!(
        std::mem::take(&mut built.cache_write).finish().is_none(),
        "the caches are written"
    );
    assert!(built.store_written, "the store is written");
    assert!(built.index.is_some(), "the index comes from the store");
    assert!(
        built.corpus.documents.iter().all(|d| d.text.is_stored()),
        "every text is read from the store's map"
    );
    assert_eq!(entities(&built.corpus), entities(&plain.corpus));
    assert_eq!(texts(&built.corpus), texts(&plain.corpus));
    assert!(built
        .corpus
        .entities
        .iter()
        .any(|e| e.aliases.iter().any(|a| a == "marta@example.org")));
}

#[test]
fn a_cold_build_is_opened_from_the_store_it_wrote() {
    let home = PrivateHome::new();
    let write = |name: &str, text: &str| home.write(name, text);
    write(
        "a.txt",
        "President Ana Torres met the United Nations in Geneva on May 2, 2019.",
    );
    write(
        "b.txt",
        "Juan Perez arrived in Madrid. Perez left for Quito.",
    );
    write(
        "c.eml",
        "From: Marta Ruiz <marta@example.org>\nTo: Juan Perez <juan@example.org>\n\
         Subject: Lisbon\n\nMarta Ruiz will be in Lisbon with Juan Perez.\n",
    );
    // A titled surname that goes to the corpus's dominant full name, not its document's
    // relative: the cached build reads link's records back from disk, where the flag must
    // survive.
    write(
        "d.txt",
        "Karl Vann spoke in Lima. Later Karl Vann left. Karl Vann returned to Lima.",
    );
    write(
        "e.txt",
        "Lena Vann visited Lima. President Vann was not there.",
    );
    let paths = home.paths();
    let plain = uncached(&paths);
    let mut cold = open(&paths, &OpenOptions::default()).expect("opens");
    assert!(!plain.corpus.entities.is_empty());
    let karl = entities(&plain.corpus)
        .into_iter()
        .find(|e| e.1 == "Karl Vann")
        .map(|e| e.3.len());
    assert_eq!(karl, Some(4), "\"President Vann\" joins Karl Vann");
    assert_opened_from_store(&mut cold, &plain);
    let left: Vec<String> = std::fs::read_dir(home.cache())
        .expect("the cache folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        left.iter().all(|n| !n.contains(".tmp")),
        "no temporary file is left: {left:?}"
    );
    // And the warm open gives the same again.
    let warm = open(&paths, &OpenOptions::default()).expect("opens");
    assert_eq!(entities(&warm.corpus), entities(&cold.corpus));
    // One file changed: the build that follows reuses the others' extraction with their texts
    // set aside as they load (never all in memory), and gives what an open without the cache
    // gives.
    write(
        "b.txt",
        "Juan Perez arrived in Madrid. Perez left for Quito with Karl Vann.",
    );
    let plain = uncached(&paths);
    let mut again = open(&paths, &OpenOptions::default()).expect("opens");
    assert_opened_from_store(&mut again, &plain);
}
