//! Stamps the cache with a hash of the code that decides what it holds (loaders, analyzer, model
//! weights, cache codec, data model), so a cache written by other code is never read as current.
//! A hand-bumped version string was forgotten once; this cannot be.
use std::collections::hash_map::DefaultHasher;
use std::hash::Hasher;
use std::path::Path;

const INPUTS: &[&str] = &["src/analyze", "src/load", "src/cache", "src/model.rs"];

fn main() {
    let mut files = Vec::new();
    for input in INPUTS {
        println!("cargo:rerun-if-changed={input}");
        collect(Path::new(input), &mut files);
    }
    files.sort();
    let mut h = DefaultHasher::new();
    for f in &files {
        h.write(f.to_string_lossy().as_bytes());
        // A file that cannot be read still changes the hash through its name.
        h.write(&std::fs::read(f).unwrap_or_default());
    }
    println!("cargo:rustc-env=DOCENT_CODE_HASH={:016x}", h.finish());
}

fn collect(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        if let Ok(entries) = std::fs::read_dir(path) {
            for e in entries.flatten() {
                collect(&e.path(), out);
            }
        }
    } else if path.is_file() {
        out.push(path.to_path_buf());
    }
}
