//! Each document's extraction as the index cache and its segments store it: encoded, decoded
//! and checked against the document's body, and reused for the documents of unchanged files.
//! A segment's extraction section holds every document of its file table in order; the index
//! cache's holds the numbers of the segments its documents are in, and inline the extraction
//! of those in none.

use super::extract::{decode_extract, encode_extract};
use super::*;

/// The index cache's extraction section: the number of documents, those no segment holds
/// (each its number and its extraction, encoded from `extracts`), then the numbers of the
/// segments that hold the others (`locs`: an index into `segs`). With the segments named.
pub(super) fn encode_index_extracts(
    extracts: &[Option<Box<DocExtract>>],
    locs: &[Option<u32>],
    segs: &[u64],
) -> std::io::Result<(Vec<u8>, Vec<u64>)> {
    let n = extracts.len();
    let mut named: Vec<u64> = Vec::new();
    let mut inline: Vec<(usize, &DocExtract)> = Vec::new();
    for (i, x) in extracts.iter().enumerate() {
        match (locs.get(i).copied().flatten(), x) {
            (Some(l), _) => named.extend(segs.get(l as usize).copied()),
            (None, Some(x)) => inline.push((i, x)),
            (None, None) => return Err(std::io::Error::other("an extraction is missing")),
        }
    }
    named.sort_unstable();
    named.dedup();
    let mut w = Writer::default();
    w.usize(n);
    w.usize(inline.len());
    for (i, x) in inline {
        w.usize(i);
        encode_extract(&mut w, x);
    }
    w.usize(named.len());
    for &s in &named {
        w.u64(s);
    }
    Ok((w.buf, named))
}

/// Reads what [`encode_index_extracts`] wrote, for a cache whose file table is `files`: the
/// documents stored inline and the segments named. `None` when it does not hold together.
pub(super) fn decode_index_extracts(
    bytes: &[u8],
    files: &[Stamp],
) -> Option<(StoredExtracts, Vec<u64>)> {
    let lex = lexicon::get();
    let mut r = Reader::new(bytes);
    let n = r.usize()?;
    if files.iter().try_fold(0usize, |a, f| a.checked_add(f.docs)) != Some(n) {
        return None;
    }
    let k = r.count()?;
    let mut stored = StoredExtracts::default();
    for _ in 0..k {
        let i = r.usize()?;
        if i >= n || stored.at.last().is_some_and(|&p| p >= i) {
            return None;
        }
        let at = r.pos() as u64;
        stored.x.push(decode_extract(&mut r, lex)?);
        stored.at.push(i);
        stored.ranges.push((at, r.pos() as u64));
    }
    let m = r.count()?;
    let mut named = Vec::with_capacity(m);
    for _ in 0..m {
        named.push(r.u64()?);
    }
    r.at_end().then_some((stored, named))
}

/// Stored extractions as decoded: for the documents at `at` (their numbers in the stored file
/// table's order, increasing), each extraction with the largest byte offset it uses (`None`:
/// it failed the checks), and its byte range in the section.
#[derive(Default)]
pub(super) struct StoredExtracts {
    at: Vec<usize>,
    x: Vec<Option<(DocExtract, usize)>>,
    ranges: Vec<(u64, u64)>,
}

impl StoredExtracts {
    /// A segment's extraction section: every document of its file table, in order. `None`
    /// when damaged (the segment gives nothing).
    pub(super) fn of_segment(bytes: &[u8]) -> Option<StoredExtracts> {
        let lex = lexicon::get();
        let mut r = Reader::new(bytes);
        let n = r.count()?;
        let mut stored = StoredExtracts {
            at: (0..n).collect(),
            x: Vec::with_capacity(n),
            ranges: Vec::with_capacity(n),
        };
        for _ in 0..n {
            let at = r.pos() as u64;
            stored.x.push(decode_extract(&mut r, lex)?);
            stored.ranges.push((at, r.pos() as u64));
        }
        Some(stored)
    }

    fn find(&self, i: usize) -> Option<usize> {
        self.at.binary_search(&i).ok()
    }
}

/// What [`reuse`] filled: each document with its byte range in the stored section, and the
/// sources (numbers in `loaded.sources`) every document of which was filled.
#[derive(Default)]
pub(super) struct Reused {
    pub docs: Vec<(usize, u64, u64)>,
    pub whole: Vec<usize>,
}

/// Fills `extracts` for documents of unchanged files (stamped as `loaded.sources` are now)
/// from the stored extraction (`stored`, for the file table `files`). Texts set aside are read
/// back from `aside` for the check (one that cannot be is not reused).
pub(super) fn reuse(
    files: &[Stamp],
    stored: &mut StoredExtracts,
    loaded: &Loaded,
    extracts: &mut [Option<Box<DocExtract>>],
    aside: Option<&texts::SetAside>,
) -> Reused {
    let mut filled = Reused::default();
    if stored.at.is_empty() {
        return filled;
    }
    let mut first = 0usize;
    let mut by_path: std::collections::HashMap<&str, (&Stamp, usize)> =
        std::collections::HashMap::with_capacity(files.len());
    for f in files {
        by_path.insert(f.path.as_str(), (f, first));
        first += f.docs;
    }
    for (si, s) in loaded.sources.iter().enumerate() {
        // Looked up by the borrowed path first: a segment's reuse walks every source.
        let found = match loaded.content.get(si) {
            Some(c) if c.odd_path.is_some() => by_path.get(c.cache_key(&s.path).as_str()),
            _ => by_path.get(s.path.as_str()),
        };
        let Some(&(f, at)) = found else {
            continue;
        };
        let Some(stamp) = stamp(loaded, si) else {
            continue;
        };
        if stamp.mtime_ns == 0 || *f != stamp || f.docs != s.docs.len() {
            continue;
        }
        let mut all = true;
        for (k, doc_i) in s.docs.clone().enumerate() {
            let Some(j) = stored.find(at + k) else {
                all = false;
                continue;
            };
            let (Some(Some((x, max_end))), Some(doc)) =
                (stored.x.get_mut(j), loaded.documents.get(doc_i))
            else {
                all = false;
                continue;
            };
            let back = match aside.map(|a| a.text(doc_i)) {
                Some(Err(_)) => {
                    all = false;
                    continue;
                }
                Some(Ok(t)) => t,
                None => None,
            };
            let body = match &back {
                Some(t) => t.get(doc.body_start..).unwrap_or(""),
                None => doc.body(),
            };
            if *max_end <= body.len() && spans_on_boundaries(x, body) {
                extracts[doc_i] = Some(Box::new(std::mem::take(x)));
                if let Some(&(a, b)) = stored.ranges.get(j) {
                    filled.docs.push((doc_i, a, b));
                }
            } else {
                all = false;
            }
        }
        if all && !s.docs.is_empty() {
            filled.whole.push(si);
        }
    }
    filled
}

fn spans_on_boundaries(x: &DocExtract, body: &str) -> bool {
    let ok = |a: usize, b: usize| body.is_char_boundary(a) && body.is_char_boundary(b);
    x.dates.iter().all(|d| ok(d.start, d.end))
        && x.names.iter().all(|c| {
            ok(c.start, c.end) && c.parts.iter().all(|p| ok(p.start as usize, p.end as usize))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::dates::DateMention;

    fn stamp(path: &str, docs: usize) -> Stamp {
        Stamp {
            path: path.into(),
            size: 10,
            mtime_ns: 1,
            hash: 2,
            docs,
        }
    }

    fn dated(start: usize) -> Box<DocExtract> {
        Box::new(DocExtract {
            dates: vec![DateMention {
                tok_start: 0,
                tok_end: 1,
                start,
                end: start + 4,
                value: Some("2031".into()),
            }],
            names: Vec::new(),
        })
    }

    /// The index cache's extraction section names each segment in use once and holds only
    /// the documents of none; what does not hold together (the count, the order) is refused.
    #[test]
    fn the_index_section_names_segments_and_holds_only_the_rest() {
        let extracts = vec![None, Some(dated(3)), None, Some(dated(7))];
        let locs = vec![Some(1), None, Some(1), Some(0)];
        let (bytes, named) = encode_index_extracts(&extracts, &locs, &[4, 9]).expect("encoded");
        assert_eq!(named, vec![4, 9]);
        let files = [stamp("a.txt", 3), stamp("b.txt", 1)];
        let (stored, segs) = decode_index_extracts(&bytes, &files).expect("decoded");
        assert_eq!(segs, vec![4, 9]);
        assert_eq!(stored.at, vec![1]);
        let x = stored.x[0].as_ref().expect("checked");
        assert_eq!((x.0.dates[0].start, x.1), (3, 7));
        // Another file table (a document more): refused, not misread.
        assert!(decode_index_extracts(&bytes, &[stamp("a.txt", 5)]).is_none());
        // A document with neither: nothing is written.
        assert!(encode_index_extracts(&[None], &[None], &[]).is_err());
        // Inline documents out of order are refused.
        let mut w = Writer::default();
        w.usize(4);
        w.usize(2);
        for i in [2, 1] {
            w.usize(i);
            encode_extract(&mut w, &dated(0));
        }
        w.usize(0);
        assert!(decode_index_extracts(&w.buf, &files).is_none());
    }
}
