//! Runs docent's HTML extraction over the article-extraction benchmark's pages
//! (scrapinghub/article-extraction-benchmark, MIT) and prints its prediction file:
//! `cargo run --release -p docent-core --example article_bench -- BENCH/html > BENCH/output/docent.json`
//! then `python3 evaluate.py` in BENCH.

use std::io::Read;

fn main() -> anyhow::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "html".into());
    let mut out = serde_json::Map::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let Some(key) = name.strip_suffix(".html.gz") else {
            continue;
        };
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&p)?).read_to_end(&mut bytes)?;
        let mut loaded = docent_core::load::Loaded::default();
        docent_core::load::load_bytes("page.html", &bytes, &mut loaded);
        let text = loaded
            .documents
            .first()
            .map(|d| d.text.clone())
            .unwrap_or_default();
        out.insert(key.to_string(), serde_json::json!({ "articleBody": text }));
    }
    println!("{}", serde_json::to_string(&out)?);
    Ok(())
}
