//! The export contract: every document and entity with its mentions, as JSON or CSV.
//!
//! Mention offsets in the export are byte offsets into the source file as on disk, end exclusive
//! (for records of JSON / JSON Lines files: into the decoded text field). `text` is the mention's
//! text, equal to the source bytes at `start..end` whenever the file decoded cleanly.

use crate::model::{Corpus, Document};
use serde::Serialize;

#[derive(Serialize)]
struct ExportDocument<'a> {
    id: usize,
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<usize>,
    format: crate::model::Format,
    title: &'a str,
    date: Option<String>,
    date_inferred: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    bytes: usize,
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
            path: &d.path,
            record: d.record,
            format: d.format,
            title: &d.title,
            date: d.date.map(|d| d.format("%Y-%m-%d").to_string()),
            date_inferred: d.date_inferred,
            url: d.url.as_deref(),
            bytes: d.text.len(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_it() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
    }
}
