fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let loaded = docent::load::load_paths(&paths, &Default::default()).expect("load");
    let x = docent::analyze::extract_all(&loaded.documents, None);
    let t = std::time::Instant::now();
    let e = docent::analyze::link_all(&loaded.documents, &x);
    eprintln!("link {:?} {}", t.elapsed(), e.len());
}
