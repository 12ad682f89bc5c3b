use std::sync::atomic::AtomicBool;
fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let loaded = docent::load::load_paths(&paths, &Default::default()).expect("load");
    let a = docent::cache::analyze(
        &loaded,
        docent::cache::Cache::for_roots(&paths).as_ref(),
        None,
    );
    let corpus = docent::model::Corpus {
        documents: loaded.documents.into(),
        entities: a.entities,
        notices: vec![],
    };
    let t = std::time::Instant::now();
    let c = docent::search::Candidates::build(&std::sync::Arc::new(corpus.clone()));
    eprintln!("build {:?} {}", t.elapsed(), c.items.len());
    for q in ["madu", "nicolas maduro", "nov 21", "xq"] {
        let query = docent::search::Query::parse(q);
        let t = std::time::Instant::now();
        for _ in 0..3 {
            std::hint::black_box(docent::search::rank(
                &query,
                &c,
                50,
                &AtomicBool::new(false),
            ));
        }
        eprintln!("{q} {:?}", t.elapsed() / 3);
    }
}
