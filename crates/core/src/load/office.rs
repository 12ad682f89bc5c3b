//! Office files and e-books, all zip + XML: DOCX (`word/document.xml`, footnotes, core
//! properties), ODT (`content.xml`, `meta.xml`) and EPUB (the chapters in spine order, each
//! rendered as HTML). Paragraphs and headings one each, tables as rows of cells joined with
//! ` | `, footnotes after the text. Offsets index the text.

use super::formats::{push, Parts};
use super::{notice, Loaded};
use crate::model::Format;
use quick_xml::events::Event;
use std::io::Read;

/// One XML part may unpack to at most this (a DOCX's document.xml is rarely over a few MB).
const MAX_PART: u64 = 64 * 1024 * 1024;
/// An EPUB's chapters together.
const MAX_BOOK: u64 = 256 * 1024 * 1024;

type Zip<'a> = zip::ZipArchive<std::io::Cursor<&'a [u8]>>;

fn open<'a>(path: &str, bytes: &'a [u8], what: &str, loaded: &mut Loaded) -> Option<Zip<'a>> {
    match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(z) => Some(z),
        Err(e) => {
            loaded.notices.push(notice(
                path,
                format!("not a readable {what} file (not a zip container: {e}), skipped"),
            ));
            None
        }
    }
}

/// A part's bytes, `None` when absent; an error when too large or damaged.
fn part(z: &mut Zip, name: &str, limit: u64) -> Result<Option<Vec<u8>>, String> {
    let mut f = match z.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("{name}: {e}")),
    };
    let mut out = Vec::new();
    (&mut f)
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| format!("{name}: {e}"))?;
    if out.len() as u64 > limit {
        return Err(format!("{name} unpacks to more than {limit} bytes"));
    }
    Ok(Some(out))
}

fn local(name: &[u8]) -> &[u8] {
    name.iter()
        .rposition(|&b| b == b':')
        .map_or(name, |i| &name[i + 1..])
}

/// Builds text from paragraphs, cells and rows.
#[derive(Default)]
struct Text {
    out: String,
    /// Open tables.
    tables: usize,
    /// Cells written in the current row.
    cells: usize,
}

impl Text {
    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn paragraph_end(&mut self) {
        if self.tables > 0 {
            if !self.out.ends_with([' ', '\n']) {
                self.out.push(' ');
            }
            return;
        }
        let trimmed = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(trimmed);
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push_str(if self.out.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            });
        }
    }

    fn cell_start(&mut self) {
        if self.cells > 0 {
            let t = self.out.trim_end().len();
            self.out.truncate(t);
            self.out.push_str(" | ");
        }
        self.cells += 1;
    }

    fn row_end(&mut self) {
        let t = self.out.trim_end().len();
        self.out.truncate(t);
        self.out.push('\n');
        self.cells = 0;
    }

    fn table_end(&mut self) {
        self.tables = self.tables.saturating_sub(1);
        if self.tables == 0 {
            self.paragraph_end();
        }
    }

    fn finish(self) -> String {
        self.out.trim().to_string()
    }
}

/// The text of a WordprocessingML part (document.xml, footnotes.xml).
fn docx_text(xml: &[u8]) -> Result<String, String> {
    let mut r = quick_xml::Reader::from_reader(xml);
    let mut t = Text::default();
    let mut in_t = false;
    let mut buf = Vec::new();
    loop {
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match local(e.name().as_ref()) {
                b"t" => in_t = true,
                b"tbl" => t.tables += 1,
                b"tc" => t.cell_start(),
                _ => {}
            },
            Ok(Event::Empty(e)) => match local(e.name().as_ref()) {
                b"tab" => t.push("\t"),
                b"br" | b"cr" => t.push("\n"),
                b"p" => t.paragraph_end(),
                _ => {}
            },
            Ok(Event::End(e)) => match local(e.name().as_ref()) {
                b"t" => in_t = false,
                b"p" => t.paragraph_end(),
                b"tr" => t.row_end(),
                b"tbl" => t.table_end(),
                _ => {}
            },
            Ok(Event::Text(e)) if in_t => {
                let s = e.decode().map_err(|e| e.to_string())?;
                t.push(&s);
            }
            Ok(Event::GeneralRef(e)) if in_t => {
                if let Ok(Some(c)) = e.resolve_char_ref() {
                    t.push(c.encode_utf8(&mut [0; 4]));
                } else {
                    let name = String::from_utf8_lossy(e.as_ref()).into_owned();
                    t.push(&html_escape::decode_html_entities(&format!("&{name};")));
                }
            }
            Ok(Event::CData(e)) if in_t => t.push(&String::from_utf8_lossy(&e)),
            Ok(Event::Eof) => break,
            Err(e) => return Err(format!("damaged XML at byte {}: {e}", r.error_position())),
            _ => {}
        }
        buf.clear();
    }
    Ok(t.finish())
}

/// `dc:title`, `dc:creator`, `dc:date` and the like from a properties part.
fn properties(xml: &[u8]) -> Vec<(String, String)> {
    let mut r = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut buf = Vec::new();
    loop {
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                current = Some(String::from_utf8_lossy(local(e.name().as_ref())).into_owned())
            }
            Ok(Event::Text(e)) => {
                if let (Some(k), Ok(v)) = (&current, e.decode()) {
                    let v = v.trim();
                    if !v.is_empty() && out.len() < 64 {
                        out.push((k.clone(), v.to_string()));
                    }
                }
            }
            Ok(Event::End(_)) => current = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

fn prop<'a>(props: &'a [(String, String)], keys: &[&str]) -> Option<&'a str> {
    keys.iter()
        .find_map(|k| props.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()))
}

fn finish(
    path: &str,
    format: Format,
    text: String,
    props: &[(String, String)],
    loaded: &mut Loaded,
) {
    let mut fields = Vec::new();
    if let Some(a) = prop(props, &["creator", "initial-creator"]) {
        fields.push(("Author".to_string(), a.to_string()));
    }
    push(
        path,
        Parts {
            format,
            title: prop(props, &["title"]).map(str::to_string),
            text,
            fields,
            ..Default::default()
        },
        loaded,
    );
}

pub fn docx(path: &str, bytes: &[u8], loaded: &mut Loaded) {
    let Some(mut z) = open(path, bytes, "DOCX", loaded) else {
        return;
    };
    let body = match part(&mut z, "word/document.xml", MAX_PART) {
        Ok(Some(x)) => x,
        Ok(None) => {
            loaded.notices.push(notice(
                path,
                "no word/document.xml: not a DOCX file, skipped",
            ));
            return;
        }
        Err(e) => {
            loaded.notices.push(notice(path, format!("{e}, skipped")));
            return;
        }
    };
    let mut text = match docx_text(&body) {
        Ok(t) => t,
        Err(e) => {
            loaded
                .notices
                .push(notice(path, format!("word/document.xml: {e}, skipped")));
            return;
        }
    };
    for notes in ["word/footnotes.xml", "word/endnotes.xml"] {
        if let Ok(Some(x)) = part(&mut z, notes, MAX_PART) {
            if let Ok(n) = docx_text(&x) {
                if !n.trim().is_empty() {
                    text.push_str("\n\n");
                    text.push_str(&n);
                }
            }
        }
    }
    let props = match part(&mut z, "docProps/core.xml", MAX_PART) {
        Ok(Some(x)) => properties(&x),
        _ => Vec::new(),
    };
    finish(path, Format::Docx, text, &props, loaded);
}

/// The text of an ODF content.xml; notes (footnotes, endnotes) go after the text.
fn odt_text(xml: &[u8]) -> Result<String, String> {
    let mut r = quick_xml::Reader::from_reader(xml);
    let mut t = Text::default();
    let mut notes = Text::default();
    let mut in_body = false;
    // Depth inside text:note-body, and inside text:note-citation (skipped).
    let mut note = 0usize;
    let mut citation = 0usize;
    let mut buf = Vec::new();
    loop {
        let ev = r.read_event_into(&mut buf);
        let target = if note > 0 { &mut notes } else { &mut t };
        match ev {
            Ok(Event::Start(e)) => match local(e.name().as_ref()) {
                b"body" => in_body = true,
                b"note-body" => note += 1,
                b"note-citation" => citation += 1,
                b"table" => target.tables += 1,
                b"table-cell" => target.cell_start(),
                _ => {}
            },
            Ok(Event::Empty(e)) => match local(e.name().as_ref()) {
                b"s" => target.push(" "),
                b"tab" => target.push("\t"),
                b"line-break" => target.push("\n"),
                b"p" | b"h" => target.paragraph_end(),
                _ => {}
            },
            Ok(Event::End(e)) => match local(e.name().as_ref()) {
                b"p" | b"h" => target.paragraph_end(),
                b"table-row" => target.row_end(),
                b"table" => target.table_end(),
                b"note-body" => note = note.saturating_sub(1),
                b"note-citation" => citation = citation.saturating_sub(1),
                _ => {}
            },
            Ok(Event::Text(e)) if in_body && citation == 0 => {
                let s = e.decode().map_err(|e| e.to_string())?;
                target.push(&s);
            }
            Ok(Event::GeneralRef(e)) if in_body && citation == 0 => {
                if let Ok(Some(c)) = e.resolve_char_ref() {
                    target.push(c.encode_utf8(&mut [0; 4]));
                } else {
                    let name = String::from_utf8_lossy(e.as_ref()).into_owned();
                    target.push(&html_escape::decode_html_entities(&format!("&{name};")));
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(format!("damaged XML at byte {}: {e}", r.error_position())),
            _ => {}
        }
        buf.clear();
    }
    let mut out = t.finish();
    let notes = notes.finish();
    if !notes.is_empty() {
        out.push_str("\n\n");
        out.push_str(&notes);
    }
    Ok(out)
}

pub fn odt(path: &str, bytes: &[u8], loaded: &mut Loaded) {
    let Some(mut z) = open(path, bytes, "ODT", loaded) else {
        return;
    };
    let text = match part(&mut z, "content.xml", MAX_PART) {
        Ok(Some(x)) => match odt_text(&x) {
            Ok(t) => t,
            Err(e) => {
                loaded
                    .notices
                    .push(notice(path, format!("content.xml: {e}, skipped")));
                return;
            }
        },
        Ok(None) => {
            loaded
                .notices
                .push(notice(path, "no content.xml: not an ODT file, skipped"));
            return;
        }
        Err(e) => {
            loaded.notices.push(notice(path, format!("{e}, skipped")));
            return;
        }
    };
    let props = match part(&mut z, "meta.xml", MAX_PART) {
        Ok(Some(x)) => properties(&x),
        _ => Vec::new(),
    };
    finish(path, Format::Odt, text, &props, loaded);
}

/// An attribute's value.
fn attr(e: &quick_xml::events::BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| local(a.key.as_ref()) == key)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// Joins an href relative to the folder of `base` (`OEBPS/content.opf` + `ch1.xhtml`).
fn join(base: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or(href);
    let href = percent_decode(href);
    let mut parts: Vec<&str> = base.split('/').collect();
    parts.pop();
    for p in href.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() && s.is_char_boundary(i + 3) {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn epub(path: &str, bytes: &[u8], loaded: &mut Loaded) {
    let Some(mut z) = open(path, bytes, "EPUB", loaded) else {
        return;
    };
    let fail = |loaded: &mut Loaded, why: String| {
        loaded.notices.push(notice(path, format!("{why}, skipped")));
    };
    // META-INF/container.xml names the package document.
    let opf_path = match part(&mut z, "META-INF/container.xml", MAX_PART) {
        Ok(Some(x)) => {
            let mut r = quick_xml::Reader::from_reader(&x[..]);
            let mut found = None;
            let mut buf = Vec::new();
            loop {
                match r.read_event_into(&mut buf) {
                    Ok(Event::Start(e) | Event::Empty(e))
                        if local(e.name().as_ref()) == b"rootfile" =>
                    {
                        found = attr(&e, b"full-path");
                        break;
                    }
                    Ok(Event::Eof) | Err(_) => break,
                    _ => {}
                }
                buf.clear();
            }
            found
        }
        Ok(None) => None,
        Err(e) => return fail(loaded, e),
    };
    let Some(opf_path) = opf_path else {
        return fail(
            loaded,
            "no META-INF/container.xml naming the book's package: not an EPUB".into(),
        );
    };
    let opf = match part(&mut z, &opf_path, MAX_PART) {
        Ok(Some(x)) => x,
        Ok(None) => return fail(loaded, format!("{opf_path} is missing")),
        Err(e) => return fail(loaded, e),
    };
    // The manifest (id → href), the spine (ids in reading order), the metadata.
    let mut manifest: Vec<(String, String)> = Vec::new();
    let mut spine: Vec<String> = Vec::new();
    let props = properties(&opf);
    let mut r = quick_xml::Reader::from_reader(&opf[..]);
    let mut buf = Vec::new();
    loop {
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match local(e.name().as_ref()) {
                b"item" => {
                    if let (Some(id), Some(href)) = (attr(&e, b"id"), attr(&e, b"href")) {
                        manifest.push((id, href));
                    }
                }
                b"itemref" => {
                    if let Some(id) = attr(&e, b"idref") {
                        spine.push(id);
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) => break,
            Err(e) => return fail(loaded, format!("{opf_path}: damaged XML ({e})")),
            _ => {}
        }
        buf.clear();
    }
    let mut text = String::new();
    let mut total = 0u64;
    let mut missing = 0;
    for id in spine.iter().take(10_000) {
        let Some((_, href)) = manifest.iter().find(|(i, _)| i == id) else {
            missing += 1;
            continue;
        };
        let name = join(&opf_path, href);
        let room = MAX_PART.min(MAX_BOOK.saturating_sub(total));
        match part(&mut z, &name, room) {
            Ok(Some(x)) => {
                total += x.len() as u64;
                let html = String::from_utf8_lossy(&x);
                let page = super::html::extract_all(&html);
                if !page.text.trim().is_empty() {
                    if !text.is_empty() {
                        text.push_str("\n\n");
                    }
                    text.push_str(&page.text);
                }
            }
            Ok(None) => missing += 1,
            Err(e) => {
                loaded.notices.push(notice(
                    path,
                    format!("{e}; the rest of the book is not read"),
                ));
                break;
            }
        }
    }
    if missing > 0 {
        loaded.notices.push(notice(
            path,
            format!("{missing} chapters named in the spine are missing"),
        ));
    }
    let date = prop(&props, &["date"]).and_then(super::meta::parse_date_prefix);
    let mut fields = Vec::new();
    if let Some(a) = prop(&props, &["creator"]) {
        fields.push(("Author".to_string(), a.to_string()));
    }
    push(
        path,
        Parts {
            format: Format::Epub,
            title: prop(&props, &["title"]).map(str::to_string),
            date,
            text,
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
    fn docx_paragraphs_tables_and_breaks() {
        let xml = br#"<?xml version="1.0"?><w:document xmlns:w="x"><w:body>
<w:p><w:r><w:t>First para in </w:t></w:r><w:r><w:t xml:space="preserve">Lima &amp; Quito.</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Name</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>City</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>Ana</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Oslo</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>After</w:t><w:br/><w:t>the table.</w:t></w:r></w:p></w:body></w:document>"#;
        let t = docx_text(xml).expect("parses");
        assert_eq!(
            t,
            "First para in Lima & Quito.\n\nName | City\nAna | Oslo\n\nAfter\nthe table."
        );
    }

    #[test]
    fn odt_notes_go_last() {
        let xml = br#"<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>
<text:h>Heading</text:h><text:p>Body<text:s/>text<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>A note.</text:p></text:note-body></text:note> goes on.</text:p>
</office:text></office:body></office:document-content>"#;
        let t = odt_text(xml).expect("parses");
        assert_eq!(t, "Heading\n\nBody text goes on.\n\nA note.");
    }

    #[test]
    fn garbage_is_a_notice() {
        for bytes in [&b""[..], b"PK\x03\x04", b"<w:p>", &[0xFFu8; 300]] {
            let mut l = Loaded::default();
            docx("g.docx", bytes, &mut l);
            odt("g.odt", bytes, &mut l);
            epub("g.epub", bytes, &mut l);
            assert!(l.documents.is_empty());
            assert_eq!(l.notices.len(), 3, "{:?}", l.notices);
        }
        assert!(docx_text(b"<w:t>unclosed").is_ok() || docx_text(b"<w:t>unclosed").is_err());
        assert_eq!(
            join("OEBPS/content.opf", "text/ch%201.xhtml#x"),
            "OEBPS/text/ch 1.xhtml"
        );
        assert_eq!(join("content.opf", "../a.xhtml"), "a.xhtml");
    }
}
