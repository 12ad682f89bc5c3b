//! Parsing decoded files by format into documents.

use super::decode::Decoded;
use super::meta::{parse_date_prefix, shorten, split_date_header, title_from_text, DateFrom};
use super::{notice, Loaded};
use crate::model::{Document, Format, SourceMap};
use chrono::NaiveDate;

/// A file's format, from its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Markdown,
    Html,
    Json,
    Jsonl,
}

impl Kind {
    pub fn from_path(path: &str) -> Option<Kind> {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let ext = match name.rfind('.') {
            Some(i) if i > 0 => name[i + 1..].to_ascii_lowercase(),
            _ => return Some(Kind::Text), // no extension
        };
        match ext.as_str() {
            "txt" | "text" => Some(Kind::Text),
            "md" | "markdown" => Some(Kind::Markdown),
            "html" | "htm" | "xhtml" => Some(Kind::Html),
            "json" => Some(Kind::Json),
            "jsonl" | "ndjson" => Some(Kind::Jsonl),
            _ => None,
        }
    }
}

/// Parses one decoded file into zero or more documents.
pub fn parse(path: &str, kind: Kind, decoded: Decoded, loaded: &mut Loaded) {
    match kind {
        Kind::Text => text_doc(path, decoded, loaded),
        Kind::Markdown => markdown_doc(path, decoded, loaded),
        Kind::Html => html_doc(path, decoded, loaded),
        Kind::Json => json_docs(path, &decoded.text, loaded),
        Kind::Jsonl => jsonl_docs(path, &decoded.text, loaded),
    }
}

struct Parts {
    format: Format,
    record: Option<usize>,
    title: Option<String>,
    date: Option<NaiveDate>,
    url: Option<String>,
    text: String,
    body_start: usize,
    map: SourceMap,
}

/// Finishes a document: empty ones are skipped with a notice; a missing title or date is
/// derived from the text.
fn push(path: &str, p: Parts, loaded: &mut Loaded) {
    let body = p.text.get(p.body_start..).unwrap_or("");
    if body.trim().is_empty() {
        let what = match p.record {
            Some(r) => format!("record {} is empty, skipped", r + 1),
            None => "empty document, skipped".to_string(),
        };
        loaded.notices.push(notice(path, what));
        return;
    }
    let title = p
        .title
        .map(|t| {
            shorten(
                t.split_whitespace().collect::<Vec<_>>().join(" ").as_str(),
                200,
            )
        })
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| title_from_text(body));
    // The default sources (header, path, text); `load::apply_date_from` redoes this for others.
    let (date, date_inferred) = DateFrom::default().decide(p.date, path, body, 0);
    loaded.documents.push(Document {
        id: 0,
        path: path.to_string(),
        record: p.record,
        format: p.format,
        title,
        date,
        date_inferred,
        url: p.url,
        text: p.text,
        body_start: p.body_start,
        source_map: p.map,
    });
}

fn text_doc(path: &str, d: Decoded, loaded: &mut Loaded) {
    let (date, body_start) = match split_date_header(&d.text) {
        Some((date, at)) => (Some(date), at),
        None => (None, 0),
    };
    push(
        path,
        Parts {
            format: Format::Text,
            record: None,
            title: None,
            date,
            url: None,
            text: d.text,
            body_start,
            map: d.map,
        },
        loaded,
    );
}

fn markdown_doc(path: &str, d: Decoded, loaded: &mut Loaded) {
    let mut title = None;
    let mut date = None;
    let mut url = None;
    let mut body_start = 0;
    let t = &d.text;
    if t.starts_with("---\n") || t.starts_with("---\r\n") {
        let first_nl = t.find('\n').unwrap_or(0) + 1;
        let mut pos = first_nl;
        let mut end = None;
        for line in t[first_nl..].split_inclusive('\n') {
            let l = line.trim_end();
            if l == "---" || l == "..." {
                end = Some(pos + line.len());
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                let v = v.trim().trim_matches(['"', '\'']).trim();
                match k.trim().to_ascii_lowercase().as_str() {
                    "title" if !v.is_empty() => title = Some(v.to_string()),
                    "date" | "published" => date = parse_date_prefix(v),
                    "url" if !v.is_empty() => url = Some(v.to_string()),
                    _ => {}
                }
            }
            pos += line.len();
        }
        match end {
            Some(e) => body_start = e,
            None => {
                let line = 1;
                loaded.notices.push(notice(
                    path,
                    format!("front matter opened at line {line} never ends; read as plain text"),
                ));
                title = None;
                date = None;
                url = None;
            }
        }
    }
    if date.is_none() {
        if let Some((dt, at)) = split_date_header(&t[body_start..]) {
            date = Some(dt);
            body_start += at;
        }
    }
    push(
        path,
        Parts {
            format: Format::Markdown,
            record: None,
            title,
            date,
            url,
            text: d.text,
            body_start,
            map: d.map,
        },
        loaded,
    );
}

fn html_doc(path: &str, d: Decoded, loaded: &mut Loaded) {
    let page = super::html::extract(&d.text);
    // Compose the two maps: text → decoded HTML → source bytes.
    let mut html_map = SourceMap::identity();
    for &(t, s) in &page.points {
        html_map.push(t, s);
    }
    let map = html_map.then(&d.map, page.text.len());
    push(
        path,
        Parts {
            format: Format::Html,
            record: None,
            title: page.title,
            date: page.date,
            url: page.url,
            text: page.text,
            body_start: 0,
            map,
        },
        loaded,
    );
}

const TEXT_FIELDS: &[&str] = &["text", "body", "content"];
const TITLE_FIELDS: &[&str] = &["title", "headline"];
const DATE_FIELDS: &[&str] = &["date", "published", "published_at"];

fn field<'a>(
    obj: &'a serde_json::Map<String, serde_json::Value>,
    names: &[&str],
) -> Option<&'a str> {
    names
        .iter()
        .find_map(|n| obj.get(*n).and_then(|v| v.as_str()))
}

fn record(
    path: &str,
    index: usize,
    line: Option<usize>,
    v: &serde_json::Value,
    loaded: &mut Loaded,
) {
    let where_ = match line {
        Some(l) => format!("line {l}"),
        None => format!("record {}", index + 1),
    };
    let Some(obj) = v.as_object() else {
        loaded
            .notices
            .push(notice(path, format!("{where_}: not an object, skipped")));
        return;
    };
    let Some(text) = field(obj, TEXT_FIELDS) else {
        loaded.notices.push(notice(
            path,
            format!("{where_}: no text, body or content field, skipped"),
        ));
        return;
    };
    let (date, body_start) = match field(obj, DATE_FIELDS).and_then(parse_date_prefix) {
        Some(d) => (Some(d), 0),
        None => match split_date_header(text) {
            Some((d, at)) => (Some(d), at),
            None => (None, 0),
        },
    };
    push(
        path,
        Parts {
            format: if line.is_some() {
                Format::Jsonl
            } else {
                Format::Json
            },
            record: Some(index),
            title: field(obj, TITLE_FIELDS).map(str::to_string),
            date,
            url: obj.get("url").and_then(|v| v.as_str()).map(str::to_string),
            text: text.to_string(),
            body_start,
            map: SourceMap::identity(),
        },
        loaded,
    );
}

fn json_docs(path: &str, text: &str, loaded: &mut Loaded) {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            loaded.notices.push(notice(
                path,
                format!(
                    "malformed JSON at line {}, column {}: {e}",
                    e.line(),
                    e.column()
                ),
            ));
            return;
        }
    };
    match &value {
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                record(path, i, None, v, loaded);
            }
        }
        serde_json::Value::Object(_) => record(path, 0, None, &value, loaded),
        _ => loaded.notices.push(notice(
            path,
            "JSON is neither an object nor an array of objects, skipped",
        )),
    }
}

fn jsonl_docs(path: &str, text: &str, loaded: &mut Loaded) {
    let mut index = 0;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<serde_json::Value>(line) {
            Ok(v) => {
                record(path, index, Some(n + 1), &v, loaded);
                index += 1;
            }
            Err(e) => loaded.notices.push(notice(
                path,
                format!("line {}: malformed JSON record ({e}), skipped", n + 1),
            )),
        }
    }
}
