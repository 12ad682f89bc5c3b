//! Arbitrary query and text through the fzf-syntax matcher: highlight positions stay in range.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let (q, text) = s.split_at(s.char_indices().nth(s.chars().count() / 3).map_or(0, |(i, _)| i));
    let query = docent::search::Query::parse(q);
    if let Some((_, positions)) = query.match_text(text) {
        let n = text.chars().count();
        assert!(positions.iter().all(|&p| p < n));
    }
});
