//! Parsing decoded files by format into documents.

use super::decode::Decoded;
use super::meta::{parse_date_prefix, shorten, split_date_header, title_from_text, DateFrom};
use super::{notice, FormatOptions, Loaded};
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
    Pdf,
    Docx,
    Odt,
    Epub,
    Rtf,
    Eml,
    Mbox,
    Zip,
    Tar,
    TarGz,
}

impl Kind {
    /// Formats read from the file's bytes rather than decoded text.
    pub fn is_binary(self) -> bool {
        !matches!(
            self,
            Kind::Text | Kind::Markdown | Kind::Html | Kind::Json | Kind::Jsonl
        )
    }

    pub fn from_path(path: &str) -> Option<Kind> {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path).as_bytes();
        if name.len() > 7 && name[name.len() - 7..].eq_ignore_ascii_case(b".tar.gz") {
            return Some(Kind::TarGz);
        }
        let ext = match name.iter().rposition(|&b| b == b'.') {
            Some(i) if i > 0 => &name[i + 1..],
            _ => return Some(Kind::Text), // no extension
        };
        // Lowercased on the stack: every extension known is at most 8 bytes.
        let mut low = [0u8; 8];
        let low = low.get_mut(..ext.len())?;
        for (l, b) in low.iter_mut().zip(ext) {
            *l = b.to_ascii_lowercase();
        }
        match &*low {
            b"txt" | b"text" => Some(Kind::Text),
            b"md" | b"markdown" => Some(Kind::Markdown),
            b"html" | b"htm" | b"xhtml" => Some(Kind::Html),
            b"json" => Some(Kind::Json),
            b"jsonl" | b"ndjson" => Some(Kind::Jsonl),
            b"pdf" => Some(Kind::Pdf),
            b"docx" => Some(Kind::Docx),
            b"odt" => Some(Kind::Odt),
            b"epub" => Some(Kind::Epub),
            b"rtf" => Some(Kind::Rtf),
            b"eml" => Some(Kind::Eml),
            b"mbox" => Some(Kind::Mbox),
            b"zip" => Some(Kind::Zip),
            b"tar" => Some(Kind::Tar),
            b"tgz" => Some(Kind::TarGz),
            _ => None,
        }
    }
}

/// Parses one file of a binary kind (see [`Kind::is_binary`]) into zero or more documents.
/// `depth` counts the containers (archives, messages) it is inside.
pub fn parse_binary(
    path: &str,
    kind: Kind,
    bytes: &[u8],
    opts: &FormatOptions,
    depth: usize,
    loaded: &mut Loaded,
) {
    match kind {
        Kind::Pdf => super::pdf::pdf(path, bytes, opts.progress.as_deref(), loaded),
        Kind::Docx => super::office::docx(path, bytes, loaded),
        Kind::Odt => super::office::odt(path, bytes, loaded),
        Kind::Epub => super::office::epub(path, bytes, loaded),
        Kind::Rtf => super::rtf::rtf(path, bytes, loaded),
        Kind::Eml => super::mail::eml(path, bytes, opts, depth, loaded),
        Kind::Mbox => super::mail::mbox(path, bytes, opts, depth, loaded),
        Kind::Zip => super::archive::zip(path, bytes, opts, depth, loaded),
        Kind::Tar => super::archive::tar(path, bytes, false, opts, depth, loaded),
        Kind::TarGz => super::archive::tar(path, bytes, true, opts, depth, loaded),
        Kind::Text | Kind::Markdown | Kind::Html | Kind::Json | Kind::Jsonl => {}
    }
}

/// Parses one decoded file into zero or more documents.
pub fn parse(path: &str, kind: Kind, decoded: Decoded, opts: &FormatOptions, loaded: &mut Loaded) {
    match kind {
        Kind::Text => text_doc(path, decoded, loaded),
        Kind::Markdown => markdown_doc(path, decoded, loaded),
        Kind::Html => html_doc(path, decoded, loaded),
        Kind::Json => super::json::json_docs(path, &decoded.text, &opts.json, loaded),
        Kind::Jsonl => super::json::jsonl_docs(path, &decoded.text, &opts.json, loaded),
        _ => {}
    }
}

/// What a format parser found, before titles and dates are derived.
#[derive(Default)]
pub(crate) struct Parts {
    pub format: Format,
    pub record: Option<usize>,
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub url: Option<String>,
    pub text: String,
    pub body_start: usize,
    pub map: SourceMap,
    pub quiet: Vec<std::ops::Range<usize>>,
    pub pages: Vec<std::ops::Range<usize>>,
    pub fields: Vec<(String, String)>,
    pub parent: Option<String>,
}

/// Finishes a document: empty ones are skipped with a notice; a missing title or date is
/// derived from the text.
pub(crate) fn push(path: &str, p: Parts, loaded: &mut Loaded) {
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
    let (date, date_inferred) = DateFrom::decide_default(p.date, path, body);
    loaded.documents.push(Document {
        id: 0,
        path: path.to_string(),
        record: p.record,
        format: p.format,
        title,
        date,
        date_inferred,
        url: p.url,
        text: p.text.into(),
        body_start: p.body_start,
        source_map: p.map,
        quiet: p.quiet,
        pages: p.pages,
        fields: p.fields,
        parent: p.parent,
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
            ..Default::default()
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
    // YAML front matter (`---`, `key: value`) or TOML as Hugo and Zola write it (`+++`,
    // `key = "value"`, tables after `[name]` lines not read).
    let fence = ["---", "+++"].into_iter().find(|f| {
        t.strip_prefix(f)
            .is_some_and(|r| r.starts_with(['\n', '\r']))
    });
    if let Some(fence) = fence {
        let (sep, toml) = if fence == "+++" {
            ('=', true)
        } else {
            (':', false)
        };
        let first_nl = t.find('\n').unwrap_or(0) + 1;
        let mut pos = first_nl;
        let mut end = None;
        let mut in_table = false;
        for line in t[first_nl..].split_inclusive('\n') {
            let l = line.trim_end();
            if l == fence || (!toml && l == "...") {
                end = Some(pos + line.len());
                break;
            }
            in_table |= toml && l.trim_start().starts_with('[');
            if let Some((k, v)) = l.split_once(sep).filter(|_| !in_table) {
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
    let r = super::markdown::render(t.get(body_start..).unwrap_or(""), body_start);
    let mut md_map = SourceMap::identity();
    for &(tx, s) in &r.points {
        md_map.push(tx, s);
    }
    let map = md_map.then(&d.map, r.text.len());
    push(
        path,
        Parts {
            format: Format::Markdown,
            title,
            date,
            url,
            text: r.text,
            map,
            quiet: r.quiet,
            ..Default::default()
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
            ..Default::default()
        },
        loaded,
    );
}
