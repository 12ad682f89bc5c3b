//! Markdown → readable text, with offsets mapped back to the source (CommonMark with tables,
//! footnotes, strikethrough and task lists, by `pulldown-cmark`).
//!
//! Paragraphs are joined into one line each (hard-wrapped source lines become spaces), headings,
//! list items, quotes and table rows each get their own line, links show their text (the URL is
//! dropped), raw HTML is dropped, and code (blocks and inline) is kept for the reader but marked
//! quiet so it is not analysed.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Rendered Markdown.
#[derive(Debug, Default)]
pub struct Rendered {
    pub text: String,
    /// Breakpoints (text offset, source offset) for a [`crate::model::SourceMap`].
    pub points: Vec<(usize, usize)>,
    /// Code: shown, not analysed.
    pub quiet: Vec<Range<usize>>,
}

struct Out {
    r: Rendered,
    next_src: usize,
    /// Line breaks owed before the next text: 1 (new line) or 2 (new paragraph).
    owed: usize,
    base: usize,
}

impl Out {
    fn brk(&mut self, n: usize) {
        self.owed = self.owed.max(n);
    }

    fn settle(&mut self) {
        if self.r.text.is_empty() {
            self.owed = 0;
            return;
        }
        if self.owed > 0 {
            let have = self.r.text.len() - self.r.text.trim_end_matches('\n').len();
            while self.r.text.ends_with(' ') {
                self.r.text.pop();
            }
            for _ in have..self.owed {
                self.r.text.push('\n');
            }
            self.owed = 0;
        }
    }

    /// Text that is the source's `range` (or stands for it, when decoded).
    fn text(&mut self, s: &str, range: &Range<usize>) {
        if s.is_empty() {
            return;
        }
        self.settle();
        let src = self.base + range.start;
        if src != self.next_src || self.r.points.is_empty() {
            self.r.points.push((self.r.text.len(), src));
        }
        self.r.text.push_str(s);
        self.next_src = self.base + range.end;
        if s.len() != range.len() {
            self.r.points.push((self.r.text.len(), self.next_src));
        }
    }

    /// Text docent adds (a list bullet, a cell separator), placed at source offset `at`.
    fn synth(&mut self, s: &str, at: usize) {
        self.settle();
        self.r.points.push((self.r.text.len(), self.base + at));
        self.r.text.push_str(s);
        self.next_src = usize::MAX;
    }
}

/// Renders `src` (a file's text from `base` on) to readable text.
pub fn render(src: &str, base: usize) -> Rendered {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut out = Out {
        r: Rendered::default(),
        next_src: usize::MAX,
        owed: 0,
        base,
    };
    // Ordered lists' next numbers, innermost last (None: a bullet list).
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut code_start: Option<usize> = None;
    let mut cells = 0usize;
    for (event, range) in Parser::new_ext(src, opts).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::Table(_)
                | Tag::FootnoteDefinition(_)
                | Tag::HtmlBlock => out.brk(2),
                Tag::CodeBlock(_) => {
                    out.brk(2);
                    out.settle();
                    code_start = Some(out.r.text.len());
                }
                Tag::List(first) => {
                    out.brk(if lists.is_empty() { 2 } else { 1 });
                    lists.push(first);
                }
                Tag::Item => {
                    out.brk(1);
                    let mark = match lists.last_mut() {
                        Some(Some(n)) => {
                            let m = format!("{n}. ");
                            *n = n.saturating_add(1);
                            m
                        }
                        _ => "• ".to_string(),
                    };
                    let indent = "  ".repeat(lists.len().saturating_sub(1));
                    out.synth(&format!("{indent}{mark}"), range.start);
                }
                Tag::TableHead | Tag::TableRow => {
                    out.brk(1);
                    cells = 0;
                }
                Tag::TableCell => {
                    if cells > 0 {
                        out.synth(" | ", range.start);
                    }
                    cells += 1;
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::Table
                | TagEnd::FootnoteDefinition
                | TagEnd::HtmlBlock => out.brk(2),
                TagEnd::CodeBlock => {
                    if let Some(s) = code_start.take() {
                        let e = out.r.text.trim_end().len().max(s);
                        out.r.text.truncate(e);
                        if e > s {
                            out.r.quiet.push(s..e);
                        }
                    }
                    out.brk(2);
                }
                TagEnd::List(_) => {
                    lists.pop();
                    out.brk(if lists.is_empty() { 2 } else { 1 });
                }
                TagEnd::Item | TagEnd::TableHead | TagEnd::TableRow => out.brk(1),
                _ => {}
            },
            Event::Text(t) => out.text(&t, &range),
            Event::Code(t) => {
                out.settle();
                let s = out.r.text.len();
                // The code's own text sits inside the backticks.
                let inner = src
                    .get(range.clone())
                    .and_then(|raw| raw.find(&*t).map(|i| range.start + i))
                    .map_or(range.clone(), |at| at..at + t.len());
                out.text(&t, &inner);
                out.r.quiet.push(s..out.r.text.len());
            }
            Event::SoftBreak => out.text(" ", &(range.start..range.start + 1)),
            Event::HardBreak => {
                out.settle();
                out.r.text.push('\n');
            }
            Event::Rule => out.brk(2),
            Event::TaskListMarker(done) => {
                out.synth(if done { "[x] " } else { "[ ] " }, range.start)
            }
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => {}
        }
    }
    while out.r.text.ends_with(['\n', ' ']) {
        out.r.text.pop();
    }
    let len = out.r.text.len();
    for q in &mut out.r.quiet {
        q.end = q.end.min(len);
        q.start = q.start.min(q.end);
    }
    out.r.quiet.retain(|q| !q.is_empty());
    out.r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceMap;

    fn map(r: &Rendered) -> SourceMap {
        let mut m = SourceMap::identity();
        for &(t, s) in &r.points {
            m.push(t, s);
        }
        m
    }

    #[test]
    fn paragraphs_join_and_links_keep_their_text() {
        let src = "# The Go Blog\n\nToday we celebrate the release\nof Go's [open source\nrelease](https://go.dev/x) in Oslo.\n\n- one item\n- two\n";
        let r = render(src, 0);
        assert!(
            r.text.starts_with("The Go Blog\n\nToday we celebrate the release of Go's open source release in Oslo.\n\n• one item\n• two"),
            "{:?}",
            r.text
        );
        assert!(!r.text.contains("https"));
        let m = map(&r);
        let t = r.text.find("Oslo").expect("in text");
        let s = m.to_source(t);
        assert_eq!(&src[s..s + 4], "Oslo");
        let t = r.text.find("release in").expect("in text");
        let s = m.to_source(t);
        assert_eq!(&src[s..s + 7], "release");
    }

    #[test]
    fn code_is_shown_but_quiet() {
        let src = "Use `testing#T.Context` here.\n\n```go\nfunc T() { Paris }\n```\n\nAfter.";
        let r = render(src, 10);
        let code = r.text.find("func T()").expect("code shown");
        assert!(r.quiet.iter().any(|q| q.contains(&code)));
        let inline = r.text.find("testing#T").expect("inline shown");
        assert!(r.quiet.iter().any(|q| q.contains(&inline)));
        let after = r.text.find("After").expect("after");
        assert!(!r.quiet.iter().any(|q| q.contains(&after)));
        let m = map(&r);
        assert_eq!(m.to_source(inline), 10 + src.find("testing").expect("src"));
    }

    #[test]
    fn garbage_does_not_panic() {
        for s in [
            "",
            "`",
            "```",
            "[a](",
            "* * *",
            "|a|\n|-|\n|b",
            "<div>",
            "&amp",
            "1. \n2.",
        ] {
            let r = render(s, 0);
            for q in &r.quiet {
                assert!(q.end <= r.text.len());
            }
        }
    }
}
