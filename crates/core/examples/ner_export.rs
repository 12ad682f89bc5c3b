//! The export JSON of a folder, without the command line (for quick scoring while working on
//! the extractor; `docent export DIR --no-cache` prints the same):
//! `cargo run --release -p docent-core --example ner_export -- DIR > out.json`.

fn main() -> anyhow::Result<()> {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let options = docent_core::open::OpenOptions {
        use_cache: false,
        ..Default::default()
    };
    let opened = docent_core::open::open_uncorrected(&paths, &options)?;
    println!("{}", docent_core::export::to_json(&opened.corpus)?);
    Ok(())
}
