//! A cached cold build ends as an open from the document store: the texts are set aside once
//! extracted (e-mails' kept for linking), the store is written, and the corpus comes back from
//! it — the same entities and texts as an open without the cache, nothing left behind.
//!
//! One test: it sets the cache folder for the whole process.

mod private_home;

use docent::open::{open, OpenOptions};
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
    let plain = open(
        &paths,
        &OpenOptions {
            use_cache: false,
            ..OpenOptions::default()
        },
    )
    .expect("opens");
    let cold = open(&paths, &OpenOptions::default()).expect("opens");
    assert!(
        cold.cache_write.finish().is_none(),
        "the caches are written"
    );
    assert!(cold.index.is_some(), "the index comes from the store");
    assert!(
        cold.corpus.documents.iter().all(|d| d.text.is_stored()),
        "every text is read from the store's map"
    );
    assert!(!plain.corpus.entities.is_empty());
    let karl = entities(&plain.corpus)
        .into_iter()
        .find(|e| e.1 == "Karl Vann")
        .map(|e| e.3.len());
    assert_eq!(karl, Some(4), "\"President Vann\" joins Karl Vann");
    assert_eq!(entities(&cold.corpus), entities(&plain.corpus));
    assert_eq!(texts(&cold.corpus), texts(&plain.corpus));
    // The e-mail's addresses were linked (its text was kept for that).
    assert!(cold
        .corpus
        .entities
        .iter()
        .any(|e| e.aliases.iter().any(|a| a == "marta@example.org")));
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
    let plain = open(
        &paths,
        &OpenOptions {
            use_cache: false,
            ..OpenOptions::default()
        },
    )
    .expect("opens");
    let again = open(&paths, &OpenOptions::default()).expect("opens");
    assert!(
        again.cache_write.finish().is_none(),
        "the caches are written"
    );
    assert!(again.store_written, "the store is written again");
    assert!(
        again.corpus.documents.iter().all(|d| d.text.is_stored()),
        "every text is read from the store's map"
    );
    assert_eq!(entities(&again.corpus), entities(&plain.corpus));
    assert_eq!(texts(&again.corpus), texts(&plain.corpus));
    assert!(again
        .corpus
        .entities
        .iter()
        .any(|e| e.aliases.iter().any(|a| a == "marta@example.org")));
}
