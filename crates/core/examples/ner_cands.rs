//! Every name candidate of a folder, one line each, for error analysis of the extractor:
//! file, surface, the rules' kind and strength, the learned layer's, and the line around it.
//! `cargo run --release -p docent-core --example ner_cands -- DIR | grep 'Blue Moon'`.

use docent_core::analyze::{lexicon, names, tokenize};

fn kind(c: &names::Cand) -> String {
    format!(
        "{}/{}",
        c.kind.map_or("-", |k| k.as_str()),
        ["weak", "medium", "strong", "lex"]
            .get(c.strength as usize)
            .unwrap_or(&"?")
    )
}

fn main() -> anyhow::Result<()> {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let options = docent_core::open::OpenOptions {
        use_cache: false,
        ..Default::default()
    };
    let opened = docent_core::open::open_uncorrected(&paths, &options)?;
    let lex = lexicon::get();
    for doc in opened.corpus.documents.iter() {
        let body = doc.analysed_body();
        let toks = tokenize::tokenize(&body);
        let dates = docent_core::analyze::dates::find(&toks, doc.date);
        let mut blocked = vec![false; toks.len()];
        for d in &dates {
            for b in blocked.iter_mut().take(d.tok_end).skip(d.tok_start) {
                *b = true;
            }
        }
        let rules = names::extract_rules(&toks, lex, &blocked).cands;
        let full = names::extract(&toks, lex, &blocked);
        let file = doc.path.rsplit('/').next().unwrap_or("");
        // The full pass drops some of the rules' candidates: pair them by span, not by place.
        for r in &rules {
            let f = full.iter().find(|f| (f.start, f.end) == (r.start, r.end));
            let ls = body[..r.start].rfind('\n').map_or(0, |p| p + 1);
            let le = body[r.end..].find('\n').map_or(body.len(), |p| r.end + p);
            let line: String = body[ls..le].chars().take(160).collect();
            println!(
                "{file}\t{}\t{}\t{}\t{}",
                &body[r.start..r.end],
                kind(r),
                f.map_or_else(|| "dropped".to_string(), kind),
                line
            );
        }
    }
    Ok(())
}
