//! PDF: the text layer, page by page (by `pdf-extract` over `lopdf`), pages joined by a blank
//! line, each page's range of the text kept in [`crate::model::Document::pages`].
//!
//! No text layer (a scan) or a password: a notice says so. A page the library cannot read is
//! left empty with a notice; a panic inside the library is caught and reported the same way.
//! Offsets index the text.

use super::formats::{push, Parts};
use super::{notice, Loaded};
use crate::model::Format;
use pdf_extract::{Document, Object};

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

pub fn pdf(path: &str, bytes: &[u8], loaded: &mut Loaded) {
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
    let mut text = String::new();
    let mut ranges = Vec::with_capacity(pages.len());
    let mut failed = 0;
    for &num in pages.keys() {
        let mut s = String::new();
        let ok = super::catching(|| {
            let mut out = pdf_extract::PlainTextOutput::new(&mut s);
            pdf_extract::output_doc_page(&doc, &mut out, num).is_ok()
        })
        .unwrap_or(false);
        if !ok {
            failed += 1;
        }
        let page = tidy(&s);
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
    fn garbage_is_a_notice() {
        for bytes in [
            &b""[..],
            b"%PDF-1.4",
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
            b"hello",
            &[0x25u8; 100],
        ] {
            let mut l = Loaded::default();
            pdf("g.pdf", bytes, &mut l);
            assert!(l.documents.is_empty());
            assert!(!l.notices.is_empty());
        }
    }
}
