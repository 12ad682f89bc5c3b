//! HTML → visible text, with offsets mapped back to the page.
//!
//! A small forgiving scanner rather than a full parser: tags are dropped (block tags become line
//! breaks), `script`/`style`/`head` content is skipped, character references are decoded and
//! white space is collapsed. Title from `og:title`, `<title>` or the first `<h1>`; date from the
//! publication meta, `<time datetime>`, JSON-LD `datePublished` or a dated URL; URL from the
//! canonical link or `og:url`.

use super::meta::header_date;
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

/// Tags whose content is a container a reader may pick as the article.
const CONTAINER: &[&str] = &[
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "form",
    "ul",
    "ol",
    "dl",
    "table",
    "tbody",
    "tr",
    "td",
    "th",
    "p",
    "li",
    "dd",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "body",
    "button",
    "select",
    "dialog",
    "menu",
    "address",
];

/// Elements whose text is never article text.
const CHROME_TAGS: &[&str] = &[
    "nav", "aside", "footer", "form", "button", "select", "dialog", "menu",
];

/// Class / id fragments of page furniture (after Mozilla's Readability).
const UNLIKELY: &[&str] = &[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "cookie",
    "consent",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "share",
    "sharing",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "newsletter",
    "subscribe",
    "promo",
    "masthead",
    "navbar",
    "nav-",
    "toolbar",
    "outbrain",
    "taboola",
    "tags",
    "skip-link",
    "signup",
];
/// Fragments that rescue an unlikely-looking name ("article-header-menu" is not furniture).
const MAYBE: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "shadow",
];
const NEGATIVE: &[&str] = &[
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "foot",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "tool",
    "widget",
];
const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text",
    "blog", "story",
];

/// An element of the page's outline (containers only; inline tags are not kept).
#[derive(Debug)]
struct Elem {
    name: String,
    parent: Option<usize>,
    /// Class / id weight: +25 article-like, -25 furniture-like.
    weight: f32,
    /// Never article text: navigation, forms, hidden elements.
    chrome: bool,
    /// Named like furniture ("sidebar", "share"): dropped unless that leaves too little.
    unlikely: bool,
    text_len: usize,
    link_len: usize,
    score: f32,
    scored: bool,
}

/// A run of text between two block breaks.
#[derive(Debug)]
struct Block {
    start: usize,
    end: usize,
    elem: Option<usize>,
    link_len: usize,
    commas: usize,
}

struct Out {
    page: Page,
    /// Page offset just after the last character emitted.
    next_src: usize,
    pending_space: bool,
    newlines: usize,
    elems: Vec<Elem>,
    stack: Vec<usize>,
    blocks: Vec<Block>,
    /// Depth of open `<a>` elements.
    in_link: usize,
}

/// Deeper nesting than this is flattened (a page cannot make the outline grow without bound
/// in depth; its size is bounded by the page's).
const MAX_DEPTH: usize = 256;

impl Out {
    /// Emits `s`, which stands for the `src_len` page bytes at `src`.
    fn emit_str(&mut self, s: &str, src: usize, src_len: usize) {
        if s.chars().all(char::is_whitespace) {
            if !self.page.text.is_empty() && self.newlines == 0 {
                self.pending_space = true;
            }
            return;
        }
        if self.pending_space {
            self.page.text.push(' ');
            self.pending_space = false;
        }
        if self.blocks.last().is_none_or(|b| b.end != usize::MAX) {
            self.blocks.push(Block {
                start: self.page.text.len(),
                end: usize::MAX,
                elem: self.stack.last().copied(),
                link_len: 0,
                commas: 0,
            });
        }
        if src != self.next_src || self.page.points.is_empty() {
            self.page.points.push((self.page.text.len(), src));
        }
        self.page.text.push_str(s);
        self.next_src = src + src_len;
        self.newlines = 0;
        if let Some(b) = self.blocks.last_mut() {
            if self.in_link > 0 {
                b.link_len += s.len();
            }
            b.commas += s.matches([',', '，', '、']).count();
        }
        if s.len() != src_len {
            // A decoded reference: realign right after it.
            self.page.points.push((self.page.text.len(), self.next_src));
        }
    }

    fn block_break(&mut self) {
        self.pending_space = false;
        self.close_block();
        if self.page.text.is_empty() {
            return;
        }
        while self.newlines < 2 {
            self.page.text.push('\n');
            self.newlines += 1;
        }
    }

    fn close_block(&mut self) {
        let len = self.page.text.trim_end().len();
        if let Some(b) = self.blocks.last_mut() {
            if b.end == usize::MAX {
                b.end = len.max(b.start);
            }
        }
    }

    fn open(&mut self, name: &str, tag: &Tag) {
        // An open paragraph or list item ends where the next one starts.
        if matches!(name, "p" | "li" | "dt" | "dd" | "tr" | "td" | "th")
            && self
                .stack
                .last()
                .is_some_and(|&top| self.elems[top].name == name)
        {
            self.stack.pop();
        }
        if self.stack.len() >= MAX_DEPTH {
            return;
        }
        let parent = self.stack.last().copied();
        let names = format!(
            "{} {}",
            tag.attr("class").unwrap_or_default(),
            tag.attr("id").unwrap_or_default()
        )
        .to_ascii_lowercase();
        let has = |list: &[&str]| list.iter().any(|w| names.contains(w));
        let mut weight = 0.0;
        if has(NEGATIVE) {
            weight -= 25.0;
        }
        if has(POSITIVE) {
            weight += 25.0;
        }
        if matches!(name, "article" | "main") {
            weight += 25.0;
        }
        if tag
            .attr("itemprop")
            .is_some_and(|v| v.to_ascii_lowercase().contains("articlebody"))
        {
            weight += 50.0;
        }
        let role = tag.attr("role").unwrap_or_default().to_ascii_lowercase();
        let hidden = tag.attr("hidden").is_some()
            || tag
                .attr("aria-hidden")
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
            || tag.attr("style").is_some_and(|v| {
                let v = v.to_ascii_lowercase().replace(' ', "");
                v.contains("display:none") || v.contains("visibility:hidden")
            });
        let unlikely = !matches!(name, "body" | "article" | "main") && has(UNLIKELY) && !has(MAYBE);
        let chrome = CHROME_TAGS.contains(&name)
            || hidden
            || matches!(
                role.as_str(),
                "navigation"
                    | "menu"
                    | "menubar"
                    | "dialog"
                    | "alertdialog"
                    | "banner"
                    | "contentinfo"
                    | "complementary"
                    | "search"
            );
        self.elems.push(Elem {
            name: name.to_string(),
            parent,
            weight,
            chrome,
            unlikely,
            text_len: 0,
            link_len: 0,
            score: 0.0,
            scored: false,
        });
        self.stack.push(self.elems.len() - 1);
    }

    fn close(&mut self, name: &str) {
        // Close the nearest open element of that name, and whatever was left open inside it.
        if let Some(pos) = self.stack.iter().rposition(|&e| self.elems[e].name == name) {
            self.stack.truncate(pos);
        }
    }
}

/// Extracts the readable text of `html`: the article when one stands out, else the visible text
/// without navigation, forms and page furniture.
pub fn extract(html: &str) -> Page {
    let mut out = scan(html);
    out.close_block();
    select(&mut out);
    let mut page = out.page;
    while page.text.ends_with(['\n', ' ']) {
        page.text.pop();
    }
    page
}

/// The visible text of `html` without picking the article (for HTML e-mail bodies and
/// documents that are not web pages).
pub fn extract_all(html: &str) -> Page {
    let mut out = scan(html);
    out.close_block();
    let mut page = out.page;
    while page.text.ends_with(['\n', ' ']) {
        page.text.pop();
    }
    page
}

/// Every visible character, with the page's outline.
fn scan(html: &str) -> Out {
    let mut out = Out {
        page: Page::default(),
        next_src: 0,
        pending_space: false,
        newlines: 0,
        elems: Vec::new(),
        stack: Vec::new(),
        blocks: Vec::new(),
        in_link: 0,
    };
    let b = html.as_bytes();
    let mut i = 0;
    let mut in_head = false;
    let mut capture: Option<(&'static str, String)> = None; // "title" or "h1"
    let mut h1: Option<String> = None;
    let mut title_tag: Option<String> = None;
    let mut og_title: Option<String> = None;
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
                ("title", false) if title_tag.is_none() => capture = Some(("title", String::new())),
                ("h1", false) if h1.is_none() && capture.is_none() => {
                    capture = Some(("h1", String::new()))
                }
                ("title", true) | ("h1", true) => {
                    if let Some((which, s)) = capture.take() {
                        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
                        if !s.is_empty() {
                            if which == "title" {
                                title_tag = Some(s);
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
                        .or_else(|| tag.attr("itemprop"))
                        .unwrap_or_default();
                    let content = tag.attr("content").unwrap_or_default();
                    // `itemprop` may list several properties ("datePublished dateCreated").
                    let publishes = [tag.attr("property"), tag.attr("name"), tag.attr("itemprop")]
                        .iter()
                        .flatten()
                        .flat_map(|k| k.split_whitespace())
                        .any(|k| PUBLISHED.iter().any(|p| p.eq_ignore_ascii_case(k)));
                    if publishes && out.page.date.is_none() {
                        out.page.date = header_date(&content);
                    }
                    match key.to_ascii_lowercase().as_str() {
                        "og:url" if out.page.url.is_none() && !content.is_empty() => {
                            out.page.url = Some(content)
                        }
                        "og:title" if og_title.is_none() && !content.trim().is_empty() => {
                            og_title = Some(content)
                        }
                        _ => {}
                    }
                }
                ("time", false) if out.page.date.is_none() => {
                    out.page.date = tag.attr("datetime").and_then(|d| header_date(&d));
                }
                ("link", _)
                    if tag
                        .attr("rel")
                        .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
                {
                    out.page.url = tag.attr("href");
                }
                ("a", false) if !tag.self_closing => out.in_link += 1,
                ("a", true) => out.in_link = out.in_link.saturating_sub(1),
                _ => {}
            }
            if BLOCK.contains(&name) && !in_head {
                out.block_break();
            }
            if CONTAINER.contains(&name) && !in_head {
                if tag.closing {
                    out.close(name);
                } else if !tag.self_closing {
                    out.open(name, &tag);
                }
            }
            continue;
        }
        text_char(html, &mut i, &mut out, in_head, &mut capture);
    }
    out.page.title = og_title.or(title_tag).or(h1);
    if out.page.date.is_none() {
        // schema.org JSON-LD in a script ("datePublished": "…"), then a dated URL
        // (`/2019/11/19/`): where most pages without a meta date give theirs.
        out.page.date = json_ld_date(html).or_else(|| {
            out.page
                .url
                .as_deref()
                .and_then(super::meta::date_from_path)
        });
    }
    out
}

/// Meta properties that give the page's publication date.
const PUBLISHED: &[&str] = &[
    "article:published_time",
    "article:published",
    "og:published_time",
    "datePublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
];

/// The first `"datePublished": "…"` of the page's JSON-LD.
fn json_ld_date(html: &str) -> Option<NaiveDate> {
    const KEY: &str = "\"datePublished\"";
    let mut from = 0;
    while let Some(k) = html.get(from..)?.find(KEY) {
        let rest = html.get(from + k + KEY.len()..)?.trim_start();
        from += k + KEY.len();
        let Some(value) = rest.strip_prefix(':').map(str::trim_start) else {
            continue;
        };
        let Some(value) = value.strip_prefix('"') else {
            continue;
        };
        let end = value.find('"')?;
        if let Some(d) = header_date(&value[..end]) {
            return Some(d);
        }
    }
    None
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn density(e: &Elem) -> f32 {
    if e.text_len == 0 {
        0.0
    } else {
        e.link_len as f32 / e.text_len as f32
    }
}

fn final_score(e: &Elem) -> f32 {
    e.score * (1.0 - density(e))
}

/// Keeps the main article (the readability family of methods): paragraphs score their
/// ancestors by length and commas, names like "article" or "sidebar" weigh in, link-heavy
/// containers lose; the best container and its like siblings are kept, minus furniture.
fn select(out: &mut Out) {
    if out.blocks.is_empty() {
        return;
    }
    // As Readability does: first without furniture-named elements; when that leaves little
    // (a whole page wrapped in a "page-ad-margins" div), again with them.
    let block_len = |b: &Block| b.end.saturating_sub(b.start);
    let strict = pick(out, true);
    let strict_len: usize = strict.iter().map(|&i| block_len(&out.blocks[i])).sum();
    let kept = if strict_len < 500 {
        let loose = pick(out, false);
        let loose_len: usize = loose.iter().map(|&i| block_len(&out.blocks[i])).sum();
        if loose_len > strict_len {
            loose
        } else {
            strict
        }
    } else {
        strict
    };
    rebuild(out, &kept);
}

/// The blocks to keep; `strict` also drops furniture-named elements.
fn pick(out: &mut Out, strict: bool) -> Vec<usize> {
    for e in &mut out.elems {
        e.text_len = 0;
        e.link_len = 0;
        e.score = 0.0;
        e.scored = false;
    }
    // Furniture: under a chrome element (parents come before their children in `elems`).
    let mut chrome = vec![false; out.elems.len()];
    for i in 0..out.elems.len() {
        let e = &out.elems[i];
        chrome[i] = e.chrome || (strict && e.unlikely) || e.parent.is_some_and(|p| chrome[p]);
    }
    let block_len = |b: &Block| b.end.saturating_sub(b.start);
    // Text and link lengths of every container: each block counts for its element, then
    // children add up into parents (children come after their parents in `elems`).
    for b in &out.blocks {
        let len = block_len(b);
        if let Some(i) = b.elem {
            out.elems[i].text_len += len;
            out.elems[i].link_len += b.link_len.min(len);
        }
    }
    for i in (0..out.elems.len()).rev() {
        if let Some(p) = out.elems[i].parent {
            let (t, l) = (out.elems[i].text_len, out.elems[i].link_len);
            out.elems[p].text_len += t;
            out.elems[p].link_len += l;
        }
    }
    // Paragraphs score their ancestors.
    for b in &out.blocks {
        let len = block_len(b);
        let Some(first) = b.elem else { continue };
        if chrome[first] || len < 25 || b.link_len * 2 > len {
            continue;
        }
        let score = 1.0 + b.commas as f32 + (len / 100).min(3) as f32;
        // A paragraph scores its parent; a div holding text is a paragraph of its own.
        let mut e = match out.elems[first].name.as_str() {
            "p" | "pre" | "td" | "li" | "blockquote" | "dd" | "h1" | "h2" | "h3" | "h4" | "h5"
            | "h6" => out.elems[first].parent,
            _ => Some(first),
        };
        let mut level = 0;
        while let Some(i) = e {
            if level > 4 {
                break;
            }
            let el = &mut out.elems[i];
            if !el.scored {
                el.scored = true;
                el.score = el.weight
                    + match el.name.as_str() {
                        "div" | "article" | "main" => 5.0,
                        "pre" | "td" | "blockquote" => 3.0,
                        "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" | "address" => -3.0,
                        "th" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => -5.0,
                        _ => 0.0,
                    };
            }
            el.score += match level {
                0 => score,
                1 => score / 2.0,
                l => score / (l as f32 * 3.0),
            };
            level += 1;
            e = el.parent;
        }
    }
    let top = (0..out.elems.len())
        .filter(|&i| out.elems[i].scored && !chrome[i])
        .max_by(|&a, &b| final_score(&out.elems[a]).total_cmp(&final_score(&out.elems[b])));
    let mut roots: Vec<usize> = Vec::new();
    if let Some(top) = top {
        roots.push(top);
        let threshold = (final_score(&out.elems[top]) * 0.2).max(10.0);
        if let Some(parent) = out.elems[top].parent {
            for (i, e) in out.elems.iter().enumerate() {
                if i == top || e.parent != Some(parent) || chrome[i] {
                    continue;
                }
                let paragraph_like = e.name == "p" && e.text_len > 80 && density(e) < 0.25;
                if (e.scored && final_score(e) >= threshold) || paragraph_like {
                    roots.push(i);
                }
            }
        }
    }
    let elems = &out.elems;
    // Inside a kept root: a root, or under one (parents first, as above).
    let mut in_root = vec![false; elems.len()];
    for &r in &roots {
        in_root[r] = true;
    }
    for i in 0..elems.len() {
        if let Some(p) = elems[i].parent {
            in_root[i] = in_root[i] || in_root[p];
        }
    }
    let keep_block = |b: &Block, use_roots: bool| {
        let len = block_len(b);
        if len == 0 || b.elem.is_some_and(|e| chrome[e]) {
            return false;
        }
        if use_roots && !b.elem.is_some_and(|e| in_root[e]) {
            return false;
        }
        // Short link lists ("Share / Tweet / Related") are furniture wherever they are.
        let heading = b.elem.is_some_and(|e| is_heading(&elems[e].name));
        !(b.link_len * 2 > len && len < 200 && !heading)
    };
    let mut kept: Vec<usize> = (0..out.blocks.len())
        .filter(|&i| keep_block(&out.blocks[i], !roots.is_empty()))
        .collect();
    let kept_len: usize = kept.iter().map(|&i| block_len(&out.blocks[i])).sum();
    if kept_len < 200 {
        // No article stands out: the visible text without furniture, else everything.
        let all: Vec<usize> = (0..out.blocks.len())
            .filter(|&i| keep_block(&out.blocks[i], false))
            .collect();
        let all_len: usize = all.iter().map(|&i| block_len(&out.blocks[i])).sum();
        if all_len > kept_len {
            kept = all;
        }
    }
    if kept.is_empty() {
        kept = (0..out.blocks.len()).collect();
    }
    kept
}

/// The text of the kept blocks, one paragraph each, with the map moved along.
fn rebuild(out: &mut Out, kept: &[usize]) {
    let mut map = crate::model::SourceMap::identity();
    for &(t, s) in &out.page.points {
        map.push(t, s);
    }
    let old = std::mem::take(&mut out.page.text);
    let old_points = std::mem::take(&mut out.page.points);
    let mut text = String::with_capacity(old.len());
    let mut points = Vec::new();
    for &k in kept {
        let b = &out.blocks[k];
        let Some(part) = old.get(b.start..b.end) else {
            continue;
        };
        if part.trim().is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let at = text.len();
        points.push((at, map.to_source(b.start)));
        let from = old_points.partition_point(|&(t, _)| t <= b.start);
        for &(t, s) in old_points[from..].iter().take_while(|&&(t, _)| t < b.end) {
            points.push((at + (t - b.start), s));
        }
        text.push_str(part);
    }
    out.page.text = text;
    out.page.points = points;
}

fn text_char(
    html: &str,
    i: &mut usize,
    out: &mut Out,
    in_head: bool,
    capture: &mut Option<(&'static str, String)>,
) {
    let start = *i;
    let mut buf = [0u8; 4];
    let (s, len): (std::borrow::Cow<str>, usize) = if html.as_bytes()[start] == b'&' {
        decode_ref(&html[start..]).unwrap_or((std::borrow::Cow::Borrowed("&"), 1))
    } else {
        let c = html[start..].chars().next().unwrap_or(' ');
        (
            std::borrow::Cow::Borrowed(&*c.encode_utf8(&mut buf)),
            c.len_utf8(),
        )
    };
    *i += len;
    if let Some((_, cap)) = capture.as_mut() {
        cap.push_str(&s);
    }
    if !in_head {
        // A no-break space is a space.
        let s = if s.contains('\u{a0}') {
            std::borrow::Cow::Owned(s.replace('\u{a0}', " "))
        } else {
            s
        };
        out.emit_str(&s, start, len);
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

/// Decodes one character reference at the start of `s` (which holds '&'): its text and the
/// bytes used. Every named reference of HTML5 is known, numeric ones are checked.
fn decode_ref(s: &str) -> Option<(std::borrow::Cow<'static, str>, usize)> {
    // The longest name, "&CounterClockwiseContourIntegral;", is 33 bytes.
    let window = s.get(..40.min(s.len())).or_else(|| s.get(..s.len()))?;
    let end = window.find(';')?;
    let body = &s[1..end];
    if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        let c = match code {
            0 => '\u{FFFD}',
            // Windows-1252 code points the HTML5 spec maps (&#150; is an en dash).
            0x80..=0x9F => windows_1252(code).unwrap_or('\u{FFFD}'),
            _ => char::from_u32(code).unwrap_or('\u{FFFD}'),
        };
        return Some((std::borrow::Cow::Owned(c.to_string()), end + 1));
    }
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let decoded = html_escape::decode_html_entities(&s[..=end]);
    if decoded.as_ref() == &s[..=end] {
        return None;
    }
    Some((std::borrow::Cow::Owned(decoded.into_owned()), end + 1))
}

fn windows_1252(code: u32) -> Option<char> {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    HIGH.get(usize::try_from(code.checked_sub(0x80)?).ok()?)
        .copied()
}

fn decode_all(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s.as_bytes()[i] == b'&' {
            if let Some((c, n)) = decode_ref(&s[i..]) {
                out.push_str(&c);
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
mod tests;
