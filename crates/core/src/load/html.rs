//! HTML → visible text, with offsets mapped back to the page.
//!
//! A small forgiving scanner rather than a full parser: tags are dropped (block tags become line
//! breaks), `script`/`style`/`head` content is skipped, character references are decoded and
//! white space is collapsed. Title from `<title>` (else the first `<h1>`), date from
//! `article:published_time` or `<time datetime>`, URL from the canonical link or `og:url`.

use super::meta::parse_date_prefix;
use chrono::NaiveDate;

/// The visible text of a page and what it says about itself.
#[derive(Debug, Default)]
pub struct Page {
    pub text: String,
    /// Breakpoints (text offset, page offset) for a [`crate::model::SourceMap`].
    pub points: Vec<(usize, usize)>,
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub url: Option<String>,
}

const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "object",
];
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "hr",
    "nav",
    "aside",
    "main",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "form",
    "body",
    "title",
];

struct Out {
    page: Page,
    /// Page offset just after the last character emitted.
    next_src: usize,
    pending_space: bool,
    newlines: usize,
}

impl Out {
    fn emit(&mut self, c: char, src: usize, src_len: usize) {
        if c.is_whitespace() {
            if !self.page.text.is_empty() && self.newlines == 0 {
                self.pending_space = true;
            }
            return;
        }
        if self.pending_space {
            self.page.text.push(' ');
            self.pending_space = false;
        }
        if src != self.next_src || self.page.points.is_empty() {
            self.page.points.push((self.page.text.len(), src));
        }
        self.page.text.push(c);
        self.next_src = src + src_len;
        self.newlines = 0;
        if c.len_utf8() != src_len {
            // A decoded reference: realign right after it.
            self.page.points.push((self.page.text.len(), self.next_src));
        }
    }

    fn block_break(&mut self) {
        self.pending_space = false;
        if self.page.text.is_empty() {
            return;
        }
        while self.newlines < 2 {
            self.page.text.push('\n');
            self.newlines += 1;
        }
    }
}

/// Extracts the visible text of `html`.
pub fn extract(html: &str) -> Page {
    let mut out = Out {
        page: Page::default(),
        next_src: 0,
        pending_space: false,
        newlines: 0,
    };
    let b = html.as_bytes();
    let mut i = 0;
    let mut in_head = false;
    let mut capture: Option<(&'static str, String)> = None; // "title" or "h1"
    let mut h1: Option<String> = None;
    while i < b.len() {
        if b[i] == b'<' {
            if html[i..].starts_with("<!--") {
                i = html[i + 4..].find("-->").map_or(b.len(), |e| i + 4 + e + 3);
                continue;
            }
            let Some(tag) = parse_tag(html, i) else {
                // A lone '<' is text.
                text_char(html, &mut i, &mut out, in_head, &mut capture);
                continue;
            };
            i = tag.end;
            let name = tag.name.as_str();
            if !tag.closing && SKIP.contains(&name) && !tag.self_closing {
                let close = format!("</{name}");
                i = find_ci(html, i, &close).map_or(b.len(), |e| {
                    html[e..].find('>').map_or(b.len(), |g| e + g + 1)
                });
                continue;
            }
            match (name, tag.closing) {
                ("head", false) => in_head = true,
                ("head", true) | ("body", false) => in_head = false,
                ("title", false) if out.page.title.is_none() => {
                    capture = Some(("title", String::new()))
                }
                ("h1", false) if h1.is_none() && capture.is_none() => {
                    capture = Some(("h1", String::new()))
                }
                ("title", true) | ("h1", true) => {
                    if let Some((which, s)) = capture.take() {
                        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
                        if !s.is_empty() {
                            if which == "title" {
                                out.page.title = Some(s);
                            } else {
                                h1 = Some(s);
                            }
                        }
                    }
                }
                ("meta", _) => {
                    let key = tag
                        .attr("property")
                        .or_else(|| tag.attr("name"))
                        .unwrap_or_default();
                    let content = tag.attr("content").unwrap_or_default();
                    match key.to_ascii_lowercase().as_str() {
                        "article:published_time" | "date" | "pubdate" | "dc.date"
                            if out.page.date.is_none() =>
                        {
                            out.page.date = parse_date_prefix(&content);
                        }
                        "og:url" if out.page.url.is_none() && !content.is_empty() => {
                            out.page.url = Some(content)
                        }
                        "og:title" if out.page.title.is_none() && !content.is_empty() => {
                            out.page.title = Some(content)
                        }
                        _ => {}
                    }
                }
                ("time", false) if out.page.date.is_none() => {
                    out.page.date = tag.attr("datetime").and_then(|d| parse_date_prefix(&d));
                }
                ("link", _)
                    if tag
                        .attr("rel")
                        .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
                {
                    out.page.url = tag.attr("href");
                }
                _ => {}
            }
            if BLOCK.contains(&name) && !in_head {
                out.block_break();
            }
            continue;
        }
        text_char(html, &mut i, &mut out, in_head, &mut capture);
    }
    if out.page.title.is_none() {
        out.page.title = h1;
    }
    while out.page.text.ends_with(['\n', ' ']) {
        out.page.text.pop();
    }
    out.page
}

fn text_char(
    html: &str,
    i: &mut usize,
    out: &mut Out,
    in_head: bool,
    capture: &mut Option<(&'static str, String)>,
) {
    let start = *i;
    let (c, len) = if html.as_bytes()[start] == b'&' {
        decode_ref(&html[start..]).unwrap_or(('&', 1))
    } else {
        let c = html[start..].chars().next().unwrap_or(' ');
        (c, c.len_utf8())
    };
    *i += len;
    if let Some((_, s)) = capture.as_mut() {
        s.push(c);
    }
    if !in_head {
        out.emit(c, start, len);
    }
}

struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    attrs: String,
    end: usize,
}

impl Tag {
    fn attr(&self, key: &str) -> Option<String> {
        let a = &self.attrs;
        let lower = a.to_ascii_lowercase();
        let mut from = 0;
        while let Some(k) = lower[from..].find(key) {
            let at = from + k;
            from = at + key.len();
            let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
            let rest = lower[from..].trim_start();
            if !before_ok || !rest.starts_with('=') {
                continue;
            }
            let vstart = a.len() - rest.len() + 1;
            let v = a[vstart..].trim_start();
            let value = match v.chars().next() {
                Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or(""),
                _ => v
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or(""),
            };
            return Some(decode_all(value));
        }
        None
    }
}

/// Parses a tag starting at `at` (which holds '<'); `None` when it is not a tag.
fn parse_tag(html: &str, at: usize) -> Option<Tag> {
    let b = html.as_bytes();
    let mut i = at + 1;
    let closing = b.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    if b.get(i) == Some(&b'!') || b.get(i) == Some(&b'?') {
        let end = html[i..].find('>').map_or(b.len(), |e| i + e + 1);
        return Some(Tag {
            name: String::new(),
            closing: false,
            self_closing: true,
            attrs: String::new(),
            end,
        });
    }
    let name_start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
        i += 1;
    }
    if i == name_start || !b[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = html[name_start..i].to_ascii_lowercase();
    let attrs_start = i;
    let mut quote = None;
    while i < b.len() {
        match (quote, b[i]) {
            (None, b'>') => break,
            (None, q @ (b'"' | b'\'')) => quote = Some(q),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        i += 1;
    }
    let attrs = html[attrs_start..i.min(b.len())].to_string();
    Some(Tag {
        self_closing: attrs.trim_end().ends_with('/'),
        name,
        closing,
        attrs,
        end: (i + 1).min(b.len()),
    })
}

fn find_ci(html: &str, from: usize, needle: &str) -> Option<usize> {
    let hay = html.as_bytes();
    let n = needle.as_bytes();
    (from..hay.len().saturating_sub(n.len() - 1))
        .find(|&i| hay[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Decodes one character reference at the start of `s`: (char, bytes used).
fn decode_ref(s: &str) -> Option<(char, usize)> {
    let end = s.get(..12.min(s.len()))?.find(';')?;
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code)?
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => ' ',
            "rsquo" => '’',
            "lsquo" => '‘',
            "rdquo" => '”',
            "ldquo" => '“',
            "mdash" => '—',
            "ndash" => '–',
            "hellip" => '…',
            "eacute" => 'é',
            "aacute" => 'á',
            "iacute" => 'í',
            "oacute" => 'ó',
            "uacute" => 'ú',
            "ntilde" => 'ñ',
            "uuml" => 'ü',
            "ouml" => 'ö',
            "auml" => 'ä',
            "ccedil" => 'ç',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

fn decode_all(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s.as_bytes()[i] == b'&' {
            if let Some((c, n)) = decode_ref(&s[i..]) {
                out.push(c);
                i += n;
                continue;
            }
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceMap;

    #[test]
    fn visible_text_title_and_date() {
        let html = r#"<html><head><title>Flood &amp; Fire</title>
<meta property="article:published_time" content="2020-03-04T10:00:00Z">
<style>p { color: red }</style></head>
<body><script>var x = "<p>hidden</p>";</script><h1>Big Flood</h1>
<p>Rain hit   Oslo on <b>Monday</b>.</p><p>Caf&eacute; closed.</p></body></html>"#;
        let p = extract(html);
        assert_eq!(p.title.as_deref(), Some("Flood & Fire"));
        assert_eq!(p.date, parse_date_prefix("2020-03-04"));
        assert!(!p.text.contains("hidden"));
        assert!(!p.text.contains("color"));
        assert!(p.text.contains("Rain hit Oslo on Monday."), "{}", p.text);
        assert!(p.text.contains("Café closed."));
        let mut map = SourceMap::identity();
        for &(t, s) in &p.points {
            map.push(t, s);
        }
        let t = p.text.find("Oslo").expect("in text");
        let s = map.to_source(t);
        assert_eq!(&html[s..s + 4], "Oslo");
        let t = p.text.find("closed").expect("in text");
        let s = map.to_source(t);
        assert_eq!(&html[s..s + 6], "closed");
    }

    #[test]
    fn soup_does_not_panic() {
        for s in [
            "<",
            "<<>>",
            "<a href='x",
            "&#xFFFFFF;",
            "<script>",
            "a<b>c</",
            "&",
            "<!--",
            "<h1>",
        ] {
            let _ = extract(s);
        }
        let p = extract("<time datetime=\"2019-05-06\">x</time><h1>Head</h1>");
        assert_eq!(p.title.as_deref(), Some("Head"));
        assert_eq!(p.date, parse_date_prefix("2019-05-06"));
    }
}
