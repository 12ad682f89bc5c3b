//! Prints each document's readable text, as `docent text` will:
//! `cargo run -p docent-core --example text -- PATH... [--json]`.

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let paths: Vec<String> = args.into_iter().filter(|a| a != "--json").collect();
    let loaded = docent_core::load::load_paths(&paths, &Default::default())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    for n in &loaded.notices {
        eprintln!("{n}");
    }
    if json {
        print!("{}", docent_core::export::to_text_jsonl(&loaded.documents)?);
    } else {
        print!("{}", docent_core::export::to_text(&loaded.documents));
    }
    Ok(())
}
