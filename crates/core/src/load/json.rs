//! JSON and JSON Lines: each object a document.
//!
//! Field names match case-insensitively, ignoring `_`, `-` and spaces (`PUBLISHED_DATE` is
//! `publishedDate`), among common synonyms; the user may name fields (dotted paths for nested
//! ones, `meta.published`), tried first. A record's title is analysed with its text: the
//! document's text is the title, a blank line, then the text field, and offsets index it.

use super::formats::{push, Parts};
use super::meta::{parse_date_prefix, split_date_header};
use super::{notice, Loaded};
use crate::model::{Format, SourceMap};
use serde_json::{Map, Value};

/// Which record fields hold the text, title, date and URL, beyond the built-in names. Each a
/// list of names or dotted paths (`meta.published`), tried in order before the built-ins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonFields {
    pub text: Vec<String>,
    pub title: Vec<String>,
    pub date: Vec<String>,
    pub url: Vec<String>,
}

impl JsonFields {
    /// Adds one mapping given as `ROLE=NAME` (`text=TEXT`, `date=meta.published`), as the
    /// command line's `--field` and the configuration give it.
    pub fn set(&mut self, spec: &str) -> Result<(), String> {
        let Some((role, name)) = spec.split_once('=') else {
            return Err(format!(
                "`{spec}`: expected ROLE=FIELD, e.g. text=CONTENT or date=meta.published"
            ));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(format!("`{spec}`: the field name is empty"));
        }
        let list = match role.trim().to_ascii_lowercase().as_str() {
            "text" | "body" => &mut self.text,
            "title" => &mut self.title,
            "date" => &mut self.date,
            "url" => &mut self.url,
            other => {
                return Err(format!(
                    "`{other}`: unknown role, expected text, title, date or url"
                ))
            }
        };
        list.push(name.to_string());
        Ok(())
    }
}

/// Built-in names, normalized (lowercase, no `_`, `-` or spaces), most likely first.
const TEXT: &[&str] = &[
    "text",
    "body",
    "content",
    "articlebody",
    "fulltext",
    "maintext",
    "articletext",
    "bodytext",
    "contenttext",
    "story",
    "transcript",
    "message",
    "plaintext",
    "abstract",
    "summary",
    "description",
];
const TITLE: &[&str] = &[
    "title",
    "headline",
    "contenttitle",
    "articletitle",
    "heading",
    "subject",
];
const DATE: &[&str] = &[
    "date",
    "published",
    "publishedat",
    "publisheddate",
    "publishdate",
    "publicationdate",
    "pubdate",
    "datepublished",
    "releasedate",
    "created",
    "createdat",
    "datecreated",
    "creationdate",
    "timestamp",
    "datetime",
    "time",
];
const URL: &[&str] = &[
    "url",
    "link",
    "href",
    "sourceurl",
    "uri",
    "permalink",
    "canonicalurl",
];

fn normalize(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The value at a dotted path, each step matched case-insensitively.
fn at_path<'a>(obj: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    if let Some(v) = obj.get(path) {
        return Some(v);
    }
    let mut cur = obj;
    let mut steps = path.split('.').peekable();
    while let Some(step) = steps.next() {
        let v = cur.get(step).or_else(|| {
            cur.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(step))
                .map(|(_, v)| v)
        })?;
        if steps.peek().is_none() {
            return Some(v);
        }
        cur = v.as_object()?;
    }
    None
}

/// A string value; an array of strings (paragraphs) is joined with blank lines.
fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_string) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("\n\n"),
        ),
        _ => None,
    }
}

fn find(obj: &Map<String, Value>, user: &[String], builtin: &[&str]) -> Option<String> {
    if let Some(v) = user.iter().find_map(|p| at_path(obj, p).and_then(as_text)) {
        return Some(v);
    }
    builtin.iter().find_map(|name| {
        obj.iter()
            .find(|(k, _)| normalize(k) == *name)
            .and_then(|(_, v)| as_text(v))
    })
}

fn record(
    path: &str,
    index: usize,
    line: Option<usize>,
    v: &Value,
    fields: &JsonFields,
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
    let Some(text) = find(obj, &fields.text, TEXT) else {
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).take(8).collect();
        if obj.len() > 8 {
            keys.push("…");
        }
        loaded.notices.push(notice(
            path,
            format!(
                "{where_}: no text field (text, body, content… or one named with --field \
                 text=NAME; it has {}), skipped",
                keys.join(", ")
            ),
        ));
        return;
    };
    let title = find(obj, &fields.title, TITLE)
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty());
    let (date, skip) = match find(obj, &fields.date, DATE)
        .as_deref()
        .and_then(parse_date_prefix)
    {
        Some(d) => (Some(d), 0),
        None => match split_date_header(&text) {
            Some((d, at)) => (Some(d), at),
            None => (None, 0),
        },
    };
    let body = text.get(skip..).unwrap_or("");
    let (full, body_start) = match &title {
        // The title is analysed like the text.
        Some(t) if !body.trim().is_empty() => (format!("{t}\n\n{body}"), 0),
        _ => (text.clone(), skip),
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
            title,
            date,
            url: find(obj, &fields.url, URL),
            text: full,
            body_start,
            map: SourceMap::identity(),
            ..Default::default()
        },
        loaded,
    );
}

pub fn json_docs(path: &str, text: &str, fields: &JsonFields, loaded: &mut Loaded) {
    let value: Value = match serde_json::from_str(text) {
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
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                record(path, i, None, v, fields, loaded);
            }
        }
        Value::Object(_) => record(path, 0, None, &value, fields, loaded),
        _ => loaded.notices.push(notice(
            path,
            "JSON is neither an object nor an array of objects, skipped",
        )),
    }
}

pub fn jsonl_docs(path: &str, text: &str, fields: &JsonFields, loaded: &mut Loaded) {
    let mut index = 0;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(v) => {
                record(path, index, Some(n + 1), &v, fields, loaded);
                index += 1;
            }
            Err(e) => loaded.notices.push(notice(
                path,
                format!("line {}: malformed JSON record ({e}), skipped", n + 1),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_case_and_synonym_fields_map() {
        let mut l = Loaded::default();
        let src = r#"[{"TEXT": "Rain hit Oslo.", "CONTENT_TITLE": "Floods in Norway",
                      "PUBLISHED_DATE": "2020-03-04T10:00:00Z", "Link": "https://x"}]"#;
        json_docs("a.json", src, &JsonFields::default(), &mut l);
        assert!(l.notices.is_empty(), "{:?}", l.notices);
        let d = &l.documents[0];
        assert_eq!(d.title, "Floods in Norway");
        assert_eq!(d.date, parse_date_prefix("2020-03-04"));
        assert!(!d.date_inferred);
        assert_eq!(d.url.as_deref(), Some("https://x"));
        // The title is part of the analysed text.
        assert_eq!(d.body(), "Floods in Norway\n\nRain hit Oslo.");
    }

    #[test]
    fn user_fields_and_dotted_paths() {
        let mut f = JsonFields::default();
        f.set("text=doc.words").expect("ok");
        f.set("date=Meta.Published").expect("ok");
        assert!(f.set("colour=x").is_err());
        assert!(f.set("text").is_err());
        let mut l = Loaded::default();
        let src = r#"{"doc": {"words": ["Para one in Lima.", "Para two."]},
                      "meta": {"published": "2019-05-06"}}"#;
        json_docs("b.json", src, &f, &mut l);
        let d = &l.documents[0];
        assert_eq!(d.text, "Para one in Lima.\n\nPara two.");
        assert_eq!(d.date, parse_date_prefix("2019-05-06"));
    }

    #[test]
    fn unmapped_record_names_its_fields() {
        let mut l = Loaded::default();
        json_docs(
            "c.json",
            r#"{"zzz": "x", "n": 3}"#,
            &JsonFields::default(),
            &mut l,
        );
        assert!(l.documents.is_empty());
        assert!(
            l.notices[0].message.contains("no text field"),
            "{:?}",
            l.notices
        );
        assert!(l.notices[0].message.contains("zzz"));
    }
}
