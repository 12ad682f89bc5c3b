//! Arbitrary bytes as a session file (`<key>.session.json`), parsed as the reader parses it:
//! never a panic, and every place that parses resolves against the seeds within its document.
#![no_main]

use docent::tui::session::Session;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn corpus() -> &'static docent::model::Corpus {
    static CORPUS: OnceLock<docent::model::Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let documents = docent::load::load_seeds().documents;
        docent::model::Corpus {
            entities: Vec::new(),
            documents: documents.into(),
            notices: Vec::new(),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = docent::store::parse_json::<Session>(data) else {
        return;
    };
    let corpus = corpus();
    for place in s.place.iter().chain(s.marks.values()) {
        if let Some(p) = place.resolve(corpus) {
            assert!(p.offset <= corpus.documents[p.doc].text.len());
        }
    }
    let text = serde_json::to_vec(&s).expect("serializes");
    assert_eq!(docent::store::parse_json::<Session>(&text).ok(), Some(s));
});
