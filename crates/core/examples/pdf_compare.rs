//! Measures the two pure-Rust PDF text extractors docent considered, on the given PDFs:
//! pdf-extract (used) and lopdf's own `extract_text`. Prints time, characters and the first page.
//! `cargo run --release -p docent-core --example pdf_compare -- FILE.pdf...`

fn main() {
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("{path}: cannot read");
            continue;
        };
        let t = std::time::Instant::now();
        let mut l = docent_core::load::Loaded::default();
        docent_core::load::load_bytes(&path, &bytes, &mut l);
        let n: usize = l.documents.iter().map(|d| d.text.len()).sum();
        let pages: usize = l.documents.iter().map(|d| d.pages.len()).sum();
        println!(
            "{path}: docent (pdf-extract) {:?}, {pages} pages, {n} bytes of text",
            t.elapsed()
        );
        if let Some(d) = l.documents.first() {
            println!("{}", &d.text[..d.text.len().min(600)]);
        }
        let t = std::time::Instant::now();
        match pdf_extract::Document::load_mem(&bytes) {
            Ok(doc) => {
                let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
                let text = doc.extract_text(&pages).unwrap_or_default();
                println!(
                    "{path}: lopdf extract_text {:?}, {} pages, {} bytes of text",
                    t.elapsed(),
                    pages.len(),
                    text.len()
                );
                println!("{}", &text[..text.len().min(600)]);
            }
            Err(e) => println!("{path}: lopdf: {e}"),
        }
    }
}
