//! Arbitrary bytes as a corrections file: parsing never panics, the limits hold, and whatever
//! parses replays over the seeds' entities without panicking, leaving every mention in range.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn seeds() -> &'static (Vec<docent::model::Document>, Vec<docent::model::Entity>) {
    static SEEDS: OnceLock<(Vec<docent::model::Document>, Vec<docent::model::Entity>)> =
        OnceLock::new();
    SEEDS.get_or_init(|| {
        let docs = docent::load::load_seeds().documents;
        let entities = docent::analyze::analyze(&docs);
        (docs, entities)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok((c, _notices)) = docent::corrections::parse(data) else {
        return;
    };
    assert!(c.corrections.len() <= docent::corrections::MAX_CORRECTIONS);
    let (docs, entities) = seeds();
    let applied = docent::corrections::apply(entities.clone(), docs, &c);
    for e in applied.entities.iter().chain(&applied.hidden) {
        for m in &e.mentions {
            let d = &docs[m.doc()];
            assert!(d.text.get(m.start()..m.end()).is_some());
        }
    }
    // What parsed saves and parses back the same (limits already applied).
    let text = serde_json::to_vec(&c).expect("serializes");
    let (again, notices) = docent::corrections::parse(&text).expect("parses back");
    assert_eq!(again.corrections, c.corrections);
    assert!(notices.is_empty());
});
