//! What a cold build holds per document once extraction is done (a development aid: printed
//! to standard error when `DOCENT_DEV_SEGMENT_TIMES` is set), so the memory that grows with the
//! corpus is attributed by measure rather than estimated. Counts the owned bytes of the
//! loaded documents, their files, and the store's file list (allocator overhead excluded), and
//! the process's resident size.

use crate::load::{Loaded, SourceContent, SourceFile};
use crate::model::Document;
use std::mem::size_of;

/// Prints the bytes `loaded`, `aside` and `files` (the store's file list) hold.
pub(super) fn report(
    loaded: &Loaded,
    aside: Option<&crate::cache::texts::SetAside>,
    files: Option<&[(String, u64, u64)]>,
) {
    if std::env::var_os("DOCENT_DEV_SEGMENT_TIMES").is_none() {
        return;
    }
    let docs = &loaded.documents;
    let n = docs.len().max(1);
    let inline = docs.capacity() * size_of::<Document>();
    let strings: usize = docs
        .iter()
        .map(|d| {
            d.path.capacity()
                + d.title.capacity()
                + d.url.as_ref().map_or(0, String::capacity)
                + d.parent.as_ref().map_or(0, String::capacity)
                + d.fields.capacity() * size_of::<(String, String)>()
                + d.fields
                    .iter()
                    .map(|(a, b)| a.capacity() + b.capacity())
                    .sum::<usize>()
        })
        .sum();
    let sources = loaded.sources.capacity() * size_of::<SourceFile>()
        + loaded
            .sources
            .iter()
            .map(|s| s.path.capacity())
            .sum::<usize>();
    let content = loaded.content.capacity() * size_of::<SourceContent>();
    let aside = aside.map_or(0, |a| a.held_bytes());
    let files = files.map_or(0, |f| {
        std::mem::size_of_val(f) + f.iter().map(|f| f.0.capacity()).sum::<usize>()
    });
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse::<usize>().ok()
        })
        .unwrap_or(0);
    let per = |b: usize| b as f64 / n as f64;
    eprintln!(
        "held after extraction, {} documents, bytes a document: Document {} ({} inline), their \
         strings {:.0}, files {:.0}, content keys {:.0}, texts' places {:.0}, store's file list \
         {:.0}; resident {} MB",
        docs.len(),
        size_of::<Document>(),
        per(inline).round(),
        per(strings),
        per(sources),
        per(content),
        per(aside),
        per(files),
        rss / 1024
    );
}
