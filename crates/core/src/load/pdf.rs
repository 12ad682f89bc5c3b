//! PDF: the text layer, page by page (by `pdf-extract` over `lopdf`), pages joined by a blank
//! line, each page's range of the text kept in [`crate::model::Document::pages`].
//!
//! No text layer (a scan) or a password: a notice says so. A page the library cannot read is
//! left empty with a notice; a panic inside the library is caught and reported the same way.
//! Offsets index the text.

use super::formats::{push, Parts};
use super::{notice, Loaded, Progress};
use crate::model::Format;
use pdf_extract::{Document, MediaBox, Object, ObjectId, OutputDev, OutputError, Transform};
use std::sync::atomic::Ordering;

/// The document information dictionary's string entry `key`, decoded (UTF-16 with BOM or
/// PDFDocEncoding, read as Latin-1).
fn info(doc: &Document, key: &[u8]) -> Option<String> {
    let id = doc.trailer.get(b"Info").ok()?.as_reference().ok()?;
    let dict = doc.get_dictionary(id).ok()?;
    let bytes = match dict.get(key).ok()? {
        Object::String(b, _) => b.clone(),
        _ => return None,
    };
    let s = if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    };
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

/// Tidies one page's text: typographic ligatures (ﬁ, ﬀ, ﬃ…) spelled out, line ends
/// normalised, runs of blank lines cut to one, trailing spaces dropped, hyphenated line ends
/// ("recog-\nnized") joined.
fn tidy(page: &str) -> String {
    let page = if page.contains(|c: char| ('\u{FB00}'..='\u{FB06}').contains(&c)) {
        page.replace('\u{FB00}', "ff")
            .replace('\u{FB01}', "fi")
            .replace('\u{FB02}', "fl")
            .replace('\u{FB03}', "ffi")
            .replace('\u{FB04}', "ffl")
            .replace(['\u{FB05}', '\u{FB06}'], "st")
    } else {
        page.to_string()
    };
    let mut out = String::with_capacity(page.len());
    let mut blank = 0;
    for line in page.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            if blank > 0 {
                out.push_str("\n\n");
            } else if out.ends_with('-')
                && out[..out.len() - 1]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphabetic)
                && line.chars().next().is_some_and(char::is_lowercase)
            {
                out.pop();
            } else {
                out.push('\n');
            }
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

/// Whether `content` may use the `'` or `"` operators (next line, then show a string): a quote
/// after `)`, `>` or white space and before white space or the end. A quote inside a string can
/// match too; that only costs a closer look.
fn may_use_quote_operators(content: &[u8]) -> bool {
    content.iter().enumerate().any(|(i, &b)| {
        (b == b'\'' || b == b'"')
            && i > 0
            && matches!(content[i - 1], b')' | b'>' | b' ' | b'\n' | b'\r' | b'\t')
            && content.get(i + 1).is_none_or(|c| c.is_ascii_whitespace())
    })
}

/// `'` and `"` (next line, then show a string) are not read by pdf-extract, which loses their
/// text (Ghostscript's `ps2pdf` writes them). Pages that use them get their content rewritten
/// with the equivalent operators: `T*` then `Tj` (after `Tw` and `Tc` for `"`). The file is
/// never written; this is the copy in memory.
fn spell_out_quote_operators(doc: &mut Document, page_ids: &[ObjectId]) {
    use pdf_extract::content::{Content, Operation};
    for &id in page_ids {
        let Ok(content) = doc.get_page_content(id) else {
            continue;
        };
        if !may_use_quote_operators(&content) {
            continue;
        }
        let Ok(mut ops) = Content::decode(&content) else {
            continue;
        };
        if !ops
            .operations
            .iter()
            .any(|o| o.operator == "'" || o.operator == "\"")
        {
            continue;
        }
        let mut out = Vec::with_capacity(ops.operations.len() + 16);
        for op in ops.operations.drain(..) {
            match (op.operator.as_str(), op.operands.as_slice()) {
                ("'", [s @ Object::String(..)]) => {
                    out.push(Operation::new("T*", vec![]));
                    out.push(Operation::new("Tj", vec![s.clone()]));
                }
                ("\"", [aw, ac, s @ Object::String(..)]) => {
                    out.push(Operation::new("Tw", vec![aw.clone()]));
                    out.push(Operation::new("Tc", vec![ac.clone()]));
                    out.push(Operation::new("T*", vec![]));
                    out.push(Operation::new("Tj", vec![s.clone()]));
                }
                _ => out.push(op),
            }
        }
        ops.operations = out;
        if let Ok(bytes) = ops.encode() {
            let _ = doc.change_page_content(id, bytes);
        }
    }
}

/// Collects each page's text as [`pdf_extract::PlainTextOutput`] does, with two differences:
/// the gap before *every* glyph is measured, not only before the first of a string (so a word
/// space drawn as a `TJ` displacement or a move inside a string, as Ghostscript's `ps2pdf`
/// writes them, is a space), a glyph on another line always starts a new line, and a gap of
/// more than 1.5 lines is a paragraph break.
struct PageText<'a> {
    pages: Vec<String>,
    page: String,
    /// Page height, to flip y so it grows downwards.
    height: f64,
    last_end: f64,
    last_y: f64,
    progress: Option<&'a Progress>,
}

impl<'a> PageText<'a> {
    fn new(progress: Option<&'a Progress>) -> Self {
        PageText {
            pages: Vec::new(),
            page: String::new(),
            height: 0.0,
            last_end: 0.0,
            last_y: 0.0,
            progress,
        }
    }
}

impl OutputDev for PageText<'_> {
    fn begin_page(
        &mut self,
        _num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page.clear();
        self.height = media_box.ury - media_box.lly;
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        self.pages.push(std::mem::take(&mut self.page));
        page_read(self.progress);
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        let (x, y) = (trm.m31, self.height - trm.m32);
        // Text space to device space: the side of the square of the same area.
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = font_size * scale;
        // A space drawn with no advance (ps2pdf closes up a space it had to set with a
        // negative word spacing: "eg a" with `-2.25 Tw` for "ega") is no space.
        if ch.chars().all(char::is_whitespace) && (width * font_size + spacing) * scale < size * 0.1
        {
            self.last_y = y;
            self.last_end = x;
            return Ok(());
        }
        if !self.page.is_empty() && size.is_finite() {
            let dy = (y - self.last_y).abs();
            if dy > size * 1.5 {
                self.page.push_str("\n\n");
            } else if dy > size * 0.5 {
                self.page.push('\n');
            } else if x > self.last_end + size * 0.1
                && !self.page.ends_with(char::is_whitespace)
                && !ch.starts_with(char::is_whitespace)
            {
                self.page.push(' ');
            }
        }
        self.page.push_str(ch);
        self.last_y = y;
        // Without the character spacing (`Tc`) that follows the glyph: ps2pdf draws the space
        // between two words as the spacing after the first word's last letter ("eO" with
        // `2.5 Tc` for "e O"), so that spacing counts in the gap.
        self.last_end = x + width * size;
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Counts one more page read (or given up on) for the progress display.
fn page_read(progress: Option<&Progress>) {
    if let Some(p) = progress {
        p.pages_read.fetch_add(1, Ordering::Relaxed);
    }
}

/// Whether some page's chain of `/Parent` references comes back on itself: the text library
/// follows that chain for inherited attributes without a bound, so it would never finish (a
/// fuzzed file ran for minutes).
fn parent_chain_loops(doc: &Document, ids: &[ObjectId]) -> bool {
    ids.iter().any(|&id| {
        let mut seen = std::collections::HashSet::new();
        let mut at = id;
        loop {
            if !seen.insert(at) {
                return true;
            }
            match doc.get_dictionary(at).and_then(|d| d.get(b"Parent")) {
                Ok(Object::Reference(parent)) => at = *parent,
                _ => return false,
            }
        }
    })
}

/// Each page's raw text, in page order, and how many pages could not be read (left with what
/// was read of them). One pass over the document; when the library fails or panics on a page,
/// the pages after it are read one at a time.
fn page_texts(
    doc: &Document,
    numbers: &[u32],
    progress: Option<&Progress>,
) -> (Vec<String>, usize) {
    if let Some(p) = progress {
        p.pages.fetch_add(numbers.len(), Ordering::Relaxed);
    }
    let mut out = PageText::new(progress);
    let _ = super::catching(|| pdf_extract::output_doc(doc, &mut out));
    if out.pages.len() >= numbers.len() {
        out.pages.truncate(numbers.len());
        return (out.pages, 0);
    }
    // The page that failed keeps what was read of it.
    let mut failed = 1;
    let mut texts = std::mem::take(&mut out.pages);
    texts.push(std::mem::take(&mut out.page));
    page_read(progress);
    for &num in numbers.iter().skip(texts.len()) {
        let mut one = PageText::new(progress);
        let ok = super::catching(|| pdf_extract::output_doc_page(doc, &mut one, num).is_ok());
        match one.pages.pop() {
            Some(page) if ok == Some(true) => texts.push(page),
            _ => {
                failed += 1;
                page_read(progress);
                texts.push(one.page);
            }
        }
    }
    (texts, failed)
}

pub fn pdf(path: &str, bytes: &[u8], progress: Option<&Progress>, loaded: &mut Loaded) {
    if !bytes.starts_with(b"%PDF")
        && !bytes
            .get(..1024)
            .is_some_and(|h| h.windows(5).any(|w| w == b"%PDF-"))
    {
        loaded
            .notices
            .push(notice(path, "not a PDF file (no %PDF header), skipped"));
        return;
    }
    let loaded_doc = super::catching(|| Document::load_mem(bytes));
    let mut doc = match loaded_doc {
        Some(Ok(d)) => d,
        Some(Err(e)) => {
            let msg = e.to_string();
            let why = if msg.to_ascii_lowercase().contains("decrypt")
                || msg.to_ascii_lowercase().contains("encrypt")
            {
                "encrypted PDF (a password is needed), skipped".to_string()
            } else {
                format!("damaged PDF ({msg}), skipped")
            };
            loaded.notices.push(notice(path, why));
            return;
        }
        None => {
            loaded
                .notices
                .push(notice(path, "damaged PDF (the PDF reader failed), skipped"));
            return;
        }
    };
    if doc.is_encrypted() && super::catching(|| doc.decrypt("").is_ok()) != Some(true) {
        loaded.notices.push(notice(
            path,
            "encrypted PDF (a password is needed), skipped",
        ));
        return;
    }
    let Some(pages) = super::catching(|| doc.get_pages()) else {
        loaded
            .notices
            .push(notice(path, "damaged PDF (no readable page tree), skipped"));
        return;
    };
    let numbers: Vec<u32> = pages.keys().copied().collect();
    let ids: Vec<ObjectId> = pages.values().copied().collect();
    if parent_chain_loops(&doc, &ids) {
        loaded
            .notices
            .push(notice(path, "damaged PDF (its page tree loops), skipped"));
        return;
    }
    let _ = super::catching(|| spell_out_quote_operators(&mut doc, &ids));
    let (texts, failed) = page_texts(&doc, &numbers, progress);
    let mut text = String::new();
    let mut ranges = Vec::with_capacity(texts.len());
    for s in &texts {
        let page = tidy(s);
        // Every page after the first behind a blank line, empty pages too: the reader draws
        // the page rule on that line.
        if !ranges.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(&page);
        ranges.push(start..text.len());
    }
    if failed > 0 {
        loaded.notices.push(notice(
            path,
            format!(
                "{failed} of {} pages could not be read (left empty)",
                pages.len()
            ),
        ));
    }
    if text.trim().is_empty() {
        loaded.notices.push(notice(
            path,
            format!(
                "no text layer ({} pages of images, a scan?); docent does no OCR, skipped",
                pages.len()
            ),
        ));
        return;
    }
    let mut fields = Vec::new();
    if let Some(a) = info(&doc, b"Author") {
        fields.push(("Author".to_string(), a));
    }
    push(
        path,
        Parts {
            format: Format::Pdf,
            title: info(&doc, b"Title"),
            date: None,
            text,
            pages: ranges,
            fields,
            ..Default::default()
        },
        loaded,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_joins_hyphens_and_blank_runs() {
        assert_eq!(
            tidy("The recog-\nnized  \n\n\n\nname of Ana-\nMaria o\u{FB03}ce\r\n"),
            "The recognized\n\nname of Ana-\nMaria office"
        );
    }

    #[test]
    fn quote_operators_are_found_after_a_string_and_not_inside_words() {
        assert!(may_use_quote_operators(b"12 TL\n(nied.)'\n25 -15.6 Td"));
        assert!(may_use_quote_operators(b"1 2 (x)\""));
        assert!(!may_use_quote_operators(b"(the People's party) Tj"));
        assert!(!may_use_quote_operators(b"(\"quoted\") Tj"));
    }

    #[test]
    fn garbage_is_a_notice() {
        for bytes in [
            &b""[..],
            b"%PDF-1.4",
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
            b"hello",
            &[0x25u8; 100],
        ] {
            let mut l = Loaded::default();
            pdf("g.pdf", bytes, None, &mut l);
            assert!(l.documents.is_empty());
            assert!(!l.notices.is_empty());
        }
    }
}
