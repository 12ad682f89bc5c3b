//! The file formats whose text is not the file's bytes, one at a time: the whole input is a
//! file of the format `DOCENT_FUZZ_EXT` names (pdf, docx, odt, epub, rtf, eml, mbox, zip, tar,
//! tar.gz), so a run can start from real files of that format (see README: *Fuzzing*).
//! Without it the first byte picks the format. Load → pages, quiet ranges, header labels and
//! page breaks inside the text → analyze (e-mail address aliases included) → `docent text`.
#![no_main]

use docent::load::{load_bytes, Loaded};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const EXTS: [&str; 10] = [
    "pdf", "docx", "odt", "epub", "rtf", "eml", "mbox", "zip", "tar", "tar.gz",
];

fn fixed() -> Option<&'static str> {
    static EXT: OnceLock<Option<&'static str>> = OnceLock::new();
    *EXT.get_or_init(|| {
        let want = std::env::var("DOCENT_FUZZ_EXT").ok()?;
        EXTS.iter().copied().find(|e| *e == want)
    })
}


// libFuzzer's hook aborts on every panic; the PDF reader's panics are caught by the loader and
// become notices, so those are not crashes.
fuzz_target!(init: docent::load::quiet_caught_panics(), |data: &[u8]| {
    let (ext, bytes) = match fixed() {
        Some(e) => (e, data),
        None => {
            let Some((&first, rest)) = data.split_first() else { return };
            (EXTS[first as usize % EXTS.len()], rest)
        }
    };
    let mut loaded = Loaded::default();
    load_bytes(&format!("a.{ext}"), bytes, &mut loaded);
    for (i, d) in loaded.documents.iter_mut().enumerate() {
        d.id = i;
    }
    for d in &loaded.documents {
        for r in d.pages.iter().chain(&d.quiet).chain(&d.header_labels()) {
            assert!(r.start <= r.end && r.end <= d.text.len());
            assert!(d.text.is_char_boundary(r.start) && d.text.is_char_boundary(r.end));
        }
        for w in d.pages.windows(2) {
            assert!(w[0].end <= w[1].start, "pages in order");
        }
        for r in &d.pages {
            let _ = d.page_break_at(r.end + 1..r.end + 1);
        }
    }
    let entities = docent::analyze::analyze(&loaded.documents);
    for e in &entities {
        for m in &e.mentions {
            let d = &loaded.documents[m.doc()];
            assert!(m.start < m.end && m.end() <= d.text.len());
        }
    }
    let _ = docent::export::to_text(&loaded.documents);
    let _ = docent::export::to_text_jsonl(&loaded.documents);
});
