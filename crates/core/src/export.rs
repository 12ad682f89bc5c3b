//! The export contract: every document and entity with its mentions, as JSON or CSV.
//!
//! Mention offsets in the export are byte offsets into the source file as on disk, end exclusive
//! (for records of JSON / JSON Lines files: into the decoded text field). `text` is the mention's
//! text, equal to the source bytes at `start..end` whenever the file decoded cleanly.

use crate::model::{Corpus, Document};
use serde::Serialize;

/// What every per-document record says first: where it came from and what it is.
#[derive(Serialize)]
struct DocumentHead<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<usize>,
    format: crate::model::Format,
    title: &'a str,
    date: Option<String>,
}

impl<'a> DocumentHead<'a> {
    fn of(d: &'a Document) -> DocumentHead<'a> {
        DocumentHead {
            path: &d.path,
            record: d.record,
            format: d.format,
            title: &d.title,
            date: d.date.map(|d| d.format("%Y-%m-%d").to_string()),
        }
    }
}

/// What a per-document record says last, when the format has it: pages, header fields, parent.
#[derive(Serialize)]
struct DocumentTail<'a> {
    /// For paged formats (PDF): each page as `[start, end)` of the document's text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pages: Vec<[usize; 2]>,
    /// Header fields (e-mail From / To / Cc, author) as `[name, value]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<[&'a str; 2]>,
    /// The document this one came inside (an e-mail's attachment: the message).
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a str>,
}

impl<'a> DocumentTail<'a> {
    fn of(d: &'a Document) -> DocumentTail<'a> {
        DocumentTail {
            pages: d.pages.iter().map(|r| [r.start, r.end]).collect(),
            fields: d
                .fields
                .iter()
                .map(|(k, v)| [k.as_str(), v.as_str()])
                .collect(),
            parent: d.parent.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct ExportDocument<'a> {
    id: usize,
    #[serde(flatten)]
    head: DocumentHead<'a>,
    date_inferred: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    bytes: usize,
    /// `"text"` when mention offsets index the document's text rather than the file's bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    offsets: Option<&'static str>,
    #[serde(flatten)]
    tail: DocumentTail<'a>,
}

#[derive(Serialize)]
struct ExportMention<'a> {
    doc: usize,
    start: usize,
    end: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct ExportEntity<'a> {
    id: &'a str,
    kind: &'a str,
    name: &'a str,
    value: Option<&'a str>,
    aliases: &'a [String],
    documents: usize,
    mentions: Vec<ExportMention<'a>>,
}

#[derive(Serialize)]
struct Export<'a> {
    documents: Vec<ExportDocument<'a>>,
    entities: Vec<ExportEntity<'a>>,
}

fn mention_text(doc: Option<&Document>, start: usize, end: usize) -> &str {
    doc.and_then(|d| d.text.get(start..end)).unwrap_or("")
}

/// The corpus as the export JSON (pretty-printed).
pub fn to_json(corpus: &Corpus) -> anyhow::Result<String> {
    let documents = corpus
        .documents
        .iter()
        .map(|d| ExportDocument {
            id: d.id,
            head: DocumentHead::of(d),
            date_inferred: d.date_inferred,
            url: d.url.as_deref(),
            bytes: d.text.len(),
            offsets: d.format.offsets_index_text().then_some("text"),
            tail: DocumentTail::of(d),
        })
        .collect();
    let entities = corpus
        .entities
        .iter()
        .map(|e| ExportEntity {
            id: &e.id,
            kind: e.kind.as_str(),
            name: &e.name,
            value: e.value.as_deref(),
            aliases: &e.aliases,
            documents: e.doc_count(),
            mentions: e
                .mentions
                .iter()
                .map(|m| {
                    let doc = corpus.documents.get(m.doc());
                    ExportMention {
                        doc: m.doc(),
                        start: doc.map_or(m.start(), |d| d.source_offset(m.start())),
                        end: doc.map_or(m.end(), |d| d.source_offset(m.end())),
                        text: mention_text(doc, m.start(), m.end()),
                    }
                })
                .collect(),
        })
        .collect();
    let json = serde_json::to_string_pretty(&Export {
        documents,
        entities,
    })?;
    // C1 controls and bidi overrides as `\u` escapes: the same JSON, safe on a terminal.
    Ok(crate::sanitize::escape_json(json))
}

/// A CSV field, quoted when it must be.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One row per mention: the document and the entity it belongs to.
pub fn to_csv(corpus: &Corpus) -> String {
    let mut out = String::from("doc,path,title,date,entity_id,kind,name,value,start,end,text\n");
    for e in &corpus.entities {
        for m in &e.mentions {
            let doc = corpus.documents.get(m.doc());
            let row = [
                m.doc.to_string(),
                doc.map_or(String::new(), |d| d.path.clone()),
                doc.map_or(String::new(), |d| d.title.clone()),
                doc.and_then(|d| d.date)
                    .map_or(String::new(), |d| d.format("%Y-%m-%d").to_string()),
                e.id.clone(),
                e.kind.as_str().to_string(),
                e.name.clone(),
                e.value.clone().unwrap_or_default(),
                doc.map_or(m.start(), |d| d.source_offset(m.start()))
                    .to_string(),
                doc.map_or(m.end(), |d| d.source_offset(m.end()))
                    .to_string(),
                mention_text(doc, m.start(), m.end()).to_string(),
            ];
            let row: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
            out.push_str(&row.join(","));
            out.push('\n');
        }
    }
    out
}

/// How a document is named in `docent text`'s header lines: its path, and its record for
/// records of JSON files and messages of mailboxes (`box.mbox#3`).
pub fn document_label(d: &Document) -> String {
    match (d.record, d.format) {
        (Some(r), crate::model::Format::Email) => format!("{}#{}", d.path, r + 1),
        (Some(r), _) => format!("{} [record {}]", d.path, r + 1),
        (None, _) => d.path.clone(),
    }
}

/// `docent text`: each document's readable text as the reader shows it (unwrapped), one after
/// another, each after a `==> path <==` line as `tail` prints them, with a blank line between.
pub fn to_text(documents: &[Document]) -> String {
    let mut out = String::new();
    for (i, d) in documents.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("==> {} <==\n", document_label(d)));
        out.push_str(&d.text);
        if !d.text.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

#[derive(Serialize)]
struct TextDocument<'a> {
    #[serde(flatten)]
    head: DocumentHead<'a>,
    text: &'a str,
    #[serde(flatten)]
    tail: DocumentTail<'a>,
}

/// `docent text --json`: one JSON object per line (path, record, format, title, date, text,
/// pages, fields, parent), so other tools can read docent's extraction.
pub fn to_text_jsonl(documents: &[Document]) -> anyhow::Result<String> {
    let mut out = String::new();
    for d in documents {
        let t = TextDocument {
            head: DocumentHead::of(d),
            text: &d.text,
            tail: DocumentTail::of(d),
        };
        out.push_str(&serde_json::to_string(&t)?);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_output_has_headers_and_pages() {
        let docs = vec![
            Document {
                path: "a.txt".into(),
                text: "Hello Oslo.".into(),
                ..Default::default()
            },
            Document {
                path: "b.pdf".into(),
                format: crate::model::Format::Pdf,
                text: "One\n\nTwo".into(),
                pages: vec![0..3, 5..8],
                ..Default::default()
            },
        ];
        assert_eq!(
            to_text(&docs),
            "==> a.txt <==\nHello Oslo.\n\n==> b.pdf <==\nOne\n\nTwo\n"
        );
        let j = to_text_jsonl(&docs).expect("json");
        let second: serde_json::Value =
            serde_json::from_str(j.lines().nth(1).expect("two lines")).expect("parses");
        assert_eq!(second["pages"], serde_json::json!([[0, 3], [5, 8]]));
        assert_eq!(second["format"], "pdf");
    }

    #[test]
    fn csv_quotes_what_needs_it() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
    }
}
