//! Arbitrary bytes as a file of any format → load → analyze → index → search → export.
//! Panics, and spans outside the text or off char boundaries, are crashes.
#![no_main]

use docent::load::{load_bytes, Loaded};
use docent::model::Corpus;
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 16] = [
    "a.txt", "a.md", "a.html", "a.json", "a.jsonl", "a", "a.pdf", "a.docx", "a.odt", "a.epub",
    "a.eml", "a.mbox", "a.zip", "a.tar", "a.tar.gz", "a.rtf",
];


// libFuzzer's hook aborts on every panic; the PDF reader's panics are caught by the loader and
// become notices, so those are not crashes.
fuzz_target!(init: docent::load::quiet_caught_panics(), |data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let mut loaded = Loaded::default();
    load_bytes(NAMES[first as usize % NAMES.len()], rest, &mut loaded);
    for d in &loaded.documents {
        for r in d.pages.iter().chain(&d.quiet) {
            assert!(r.start <= r.end && r.end <= d.text.len());
        }
    }
    let entities = docent::analyze::analyze(&loaded.documents);
    for e in &entities {
        for m in &e.mentions {
            let d = &loaded.documents[m.doc()];
            assert!(m.start < m.end && m.end() <= d.text.len());
            assert!(d.text.is_char_boundary(m.start()) && d.text.is_char_boundary(m.end()));
        }
    }
    let corpus = Corpus { documents: loaded.documents.into(), entities, notices: loaded.notices };
    let _ = docent::index::Index::build(&corpus);
    let c = docent::search::Candidates::build(&std::sync::Arc::new(corpus.clone()));
    let q = docent::search::Query::parse("an 'e ^t");
    let _ = docent::search::rank(&q, &c, 10, &std::sync::atomic::AtomicBool::new(false));
    let _ = docent::export::to_json(&corpus);
});
