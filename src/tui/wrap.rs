//! Text layout for the reader: word wrapping measured in terminal cells (wide characters, emoji
//! and combining marks measured per grapheme the way ratatui draws them), and styling of one
//! visual line from byte ranges (mentions coloured by kind, the active mention, search hits).
//!
//! Wrapping keeps byte offsets into [`Document::text`](crate::model::Document::text), so mentions
//! and search hits are placed without re-searching. Only the line *breaks* of the open document
//! are computed for the whole text (cheap, cached per width); styled spans are built only for the
//! lines on screen. Every drawn character passes through [`crate::sanitize::placeholder`].

use crate::sanitize::placeholder;
use ratatui::buffer::CellWidth;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use std::borrow::Cow;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Columns a tab stop spans.
pub const TAB: usize = 4;

/// What a grapheme looks like on screen and how wide it is, at column `col`.
pub fn display(g: &str, col: usize) -> (Cow<'_, str>, usize) {
    if is_newline(g) {
        // Only a soft break (see `crate::tui::reflow`) is ever inside a visual line.
        return (Cow::Borrowed(" "), 1);
    }
    if g == "\t" {
        let n = TAB - col % TAB;
        return (Cow::Owned(" ".repeat(n)), n);
    }
    if g.chars()
        .any(|c| c.is_control() || placeholder(c).is_some())
    {
        let s: String = g
            .chars()
            .map(|c| match c {
                '\t' | '\n' => ' ',
                c => placeholder(c).unwrap_or(if c.is_control() { '�' } else { c }),
            })
            .collect();
        let w = width_of(&s);
        return (Cow::Owned(s), w);
    }
    (Cow::Borrowed(g), width_of(g))
}

/// Width of one grapheme as ratatui measures it (zero-width graphemes are not drawn).
fn width_of(g: &str) -> usize {
    if g.is_empty() {
        0
    } else {
        usize::from(g.cell_width())
    }
}

/// Display width of a whole string (sanitized, tabs expanded).
pub fn str_width(s: &str) -> usize {
    let mut col = 0;
    for g in s.graphemes(true) {
        col += display(g, col).1;
    }
    col
}

fn is_newline(g: &str) -> bool {
    g == "\n" || g == "\r\n"
}

/// Breaks `text` (which starts at byte `base` of the document) into visual lines of at most
/// `width` cells. Returns byte ranges into the document, newline excluded. Breaks after spaces
/// when it can, inside words only when a word is longer than the line. The newlines at
/// `soft` (document offsets, sorted; see [`crate::tui::reflow::soft_breaks`]) are laid out as
/// spaces, so a hard-wrapped paragraph flows to the width.
///
/// Runs of ASCII text (most of most corpora) take a byte-at-a-time path that gives the same
/// breaks as the grapheme path without segmenting: a 50 MB document wraps several times faster.
pub fn wrap(text: &str, base: usize, width: usize, soft: &[usize]) -> Vec<Range<usize>> {
    let mut w = Wrapper {
        width: width.max(1),
        lines: Vec::new(),
        line_start: base,
        col: 0,
        brk: None,
        soft,
    };
    // Widths of ASCII graphemes other than tab (which depends on the column).
    let mut ascii_width = [0usize; 128];
    for (b, slot) in ascii_width.iter_mut().enumerate() {
        let ch = [b as u8];
        *slot = std::str::from_utf8(&ch).map_or(1, |g| display(g, 0).1);
    }
    // Chunks end just after a newline, so no grapheme spans two chunks.
    let mut from = 0;
    while from < text.len() {
        let mut to = (from + 64 * 1024).min(text.len());
        if to < text.len() {
            // Search bytes: `to` may fall inside a character, a newline byte never does.
            to = text.as_bytes()[to..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(text.len(), |i| to + i + 1);
        }
        let chunk = &text[from..to];
        let at0 = base + from;
        if chunk.is_ascii() {
            let bytes = chunk.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                let b = bytes[i];
                let at = at0 + i;
                if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    w.newline(at, at + 2);
                    i += 2;
                    continue;
                }
                if b == b'\n' {
                    w.newline(at, at + 1);
                    i += 1;
                    continue;
                }
                let g_width = if b == b'\t' {
                    TAB - w.col % TAB
                } else {
                    ascii_width[usize::from(b & 0x7f)]
                };
                w.step(at, at + 1, b == b' ' || b == b'\t', g_width);
                i += 1;
            }
        } else {
            w.graphemes(chunk, at0);
        }
        from = to;
    }
    w.lines.push(w.line_start..base + text.len());
    w.lines
}

/// The state of [`wrap`] between graphemes.
struct Wrapper<'s> {
    width: usize,
    lines: Vec<Range<usize>>,
    line_start: usize,
    col: usize,
    /// (content end, next line start, column after the break) of the last space seen.
    brk: Option<(usize, usize, usize)>,
    /// Soft breaks not yet passed (see [`wrap`]).
    soft: &'s [usize],
}

impl Wrapper<'_> {
    /// Feeds `text` (at byte `at0` of the document) one grapheme at a time.
    fn graphemes(&mut self, text: &str, at0: usize) {
        for (i, g) in text.grapheme_indices(true) {
            let at = at0 + i;
            let end = at + g.len();
            if is_newline(g) {
                self.newline(at, end);
                continue;
            }
            let gw = display(g, self.col).1;
            self.step(at, end, g == " " || g == "\t", gw);
        }
    }

    /// A newline at `at..end`: the end of a line, or a space when it is a soft break.
    fn newline(&mut self, at: usize, end: usize) {
        while self.soft.first().is_some_and(|&s| s < at) {
            self.soft = &self.soft[1..];
        }
        if self.soft.first() == Some(&at) {
            self.soft = &self.soft[1..];
            self.step(at, end, true, 1);
            return;
        }
        self.lines.push(self.line_start..at);
        self.line_start = end;
        self.col = 0;
        self.brk = None;
    }

    /// One grapheme at `at..end`, `w` cells wide.
    fn step(&mut self, at: usize, end: usize, is_space: bool, w: usize) {
        if self.col + w > self.width && self.col > 0 {
            if is_space {
                self.lines.push(self.line_start..at);
                self.line_start = end;
                self.col = 0;
                self.brk = None;
                return;
            }
            if let Some((content_end, next, c)) = self.brk.take() {
                self.lines.push(self.line_start..content_end);
                self.line_start = next;
                self.col -= c;
            }
            if self.col + w > self.width && self.col > 0 {
                self.lines.push(self.line_start..at);
                self.line_start = at;
                self.col = 0;
            }
        }
        self.col += w;
        if is_space {
            self.brk = Some((at, end, self.col));
        }
    }
}

/// The grapheme-only wrap, kept for tests that check the ASCII path against it.
#[cfg(test)]
fn wrap_graphemes(text: &str, base: usize, width: usize) -> Vec<Range<usize>> {
    let mut w = Wrapper {
        width: width.max(1),
        lines: Vec::new(),
        line_start: base,
        col: 0,
        brk: None,
        soft: &[],
    };
    w.graphemes(text, base);
    w.lines.push(w.line_start..base + text.len());
    w.lines
}

/// The visual line containing byte `offset` (the last line starting at or before it).
pub fn line_of(lines: &[Range<usize>], offset: usize) -> usize {
    lines
        .partition_point(|r| r.start <= offset)
        .saturating_sub(1)
}

/// A styled byte range for [`styled_line`]. Later layers patch earlier ones.
#[derive(Clone, Debug)]
pub struct Layer<'a> {
    /// Sorted by start, non-overlapping.
    pub ranges: &'a [(Range<usize>, Style)],
}

/// The ranges of `sorted` (sorted by start, non-overlapping) that overlap `line`.
pub fn overlapping<T>(sorted: &[(Range<usize>, T)], line: &Range<usize>) -> Range<usize> {
    let from = sorted.partition_point(|(r, _)| r.end <= line.start);
    let to = sorted.partition_point(|(r, _)| r.start < line.end.max(line.start + 1));
    from..to.max(from)
}

/// Builds the styled line for document bytes `range`, patching `base` with each layer's style
/// where a grapheme starts inside one of its ranges. At most `max_width` cells are produced.
pub fn styled_line(
    text: &str,
    range: Range<usize>,
    base: Style,
    layers: &[Layer<'_>],
    max_width: usize,
) -> Line<'static> {
    let slice = text.get(range.clone()).unwrap_or("");
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut cur = String::new();
    let mut cur_style = base;
    let mut col = 0usize;
    // Per layer: the index of the first range that may still apply.
    let mut idx: Vec<usize> = layers
        .iter()
        .map(|l| l.ranges.partition_point(|(r, _)| r.end <= range.start))
        .collect();
    for (i, g) in slice.grapheme_indices(true) {
        let at = range.start + i;
        if is_newline(g) && at + g.len() >= range.end {
            continue;
        }
        let (shown, w) = display(g, col);
        if col + w > max_width {
            break;
        }
        col += w;
        let mut style = base;
        for (li, layer) in layers.iter().enumerate() {
            let j = &mut idx[li];
            while *j < layer.ranges.len() && layer.ranges[*j].0.end <= at {
                *j += 1;
            }
            if let Some((r, s)) = layer.ranges.get(*j) {
                if r.start <= at && at < r.end {
                    style = style.patch(*s);
                }
            }
        }
        if style != cur_style && !cur.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut cur), cur_style));
        }
        cur_style = style;
        cur.push_str(&shown);
    }
    if !cur.is_empty() {
        spans.push(Span::styled(cur, cur_style));
    }
    Line::from(spans)
}

/// Cuts a one-line string to `max` cells, ending with `…` when cut. Sanitizes as it goes.
pub fn truncate(s: &str, max: usize) -> String {
    let mut out = String::new();
    let total = str_width(s);
    if total <= max {
        let mut col = 0;
        for g in s.graphemes(true) {
            let (shown, w) = display(g, col);
            col += w;
            out.push_str(&shown);
        }
        return out;
    }
    if max == 0 {
        return out;
    }
    let mut col = 0;
    for g in s.graphemes(true) {
        let (shown, w) = display(g, col);
        if col + w > max - 1 {
            break;
        }
        col += w;
        out.push_str(&shown);
    }
    out.push('…');
    out
}

/// How boilerplate lines start (lowercased): navigation, advertising, sharing, sign-ups,
/// copyright and credit lines that scraped articles carry around the story.
const BOILERPLATE_STARTS: &[&str] = &[
    "advertisement",
    "skip to ",
    "skip navigation",
    "toggle navigation",
    "back to top",
    "share this",
    "share on ",
    "share via ",
    "sign up ",
    "subscribe ",
    "follow us",
    "read more",
    "related:",
    "related articles",
    "related stories",
    "click here",
    "copyright",
    "©",
    "(c) ",
    "reporting by ",
    "additional reporting by ",
    "editing by ",
    "writing by ",
    "our standards:",
    "we use cookies",
    "listen to this article",
    "most read",
];

/// Longest line (in bytes) that can count as boilerplate: longer lines are prose.
const BOILERPLATE_MAX: usize = 200;

/// True when a line of text looks like boilerplate rather than the story.
pub fn is_boilerplate(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || t.len() > BOILERPLATE_MAX {
        return false;
    }
    let lower = t.to_lowercase();
    BOILERPLATE_STARTS.iter().any(|p| lower.starts_with(p)) || lower.contains("all rights reserved")
}

/// Byte ranges of the boilerplate lines (source lines, between newlines) of `text` that overlap
/// `range`, sorted; each range covers the line without its newline.
pub fn boilerplate_in(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let start = text
        .get(..range.start.min(text.len()))
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let mut out = Vec::new();
    let mut at = start;
    while at < range.end.min(text.len()) {
        let rest = text.get(at..).unwrap_or("");
        let len = rest.find('\n').unwrap_or(rest.len());
        if is_boilerplate(&rest[..len]) {
            out.push(at..at + len);
        }
        at += len + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(s: &'a str, lines: &[Range<usize>]) -> Vec<&'a str> {
        lines.iter().map(|r| &s[r.clone()]).collect()
    }

    #[test]
    fn wraps_at_spaces_and_hard_breaks_long_words() {
        let s = "the quick brown fox\njumps";
        let l = wrap(s, 0, 10, &[]);
        assert_eq!(texts(s, &l), vec!["the quick", "brown fox", "jumps"]);
        let s = "abcdefghijkl";
        assert_eq!(texts(s, &wrap(s, 0, 5, &[])), vec!["abcde", "fghij", "kl"]);
    }

    #[test]
    fn soft_breaks_flow_as_spaces_and_hard_ones_stay() {
        for nl in ["\n", "\r\n"] {
            let s = ["aaa bbb", "ccc ddd", "", "eee é fff"].join(nl);
            let soft = [7];
            // Wide: the soft break is a space inside the line; the blank line stays.
            let l = wrap(&s, 0, 40, &soft);
            assert_eq!(l.len(), 3, "{nl:?}");
            let line = styled_line(&s, l[0].clone(), Style::new(), &[], 40);
            let shown: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            assert_eq!(shown, "aaa bbb ccc ddd", "{nl:?}");
            // Narrow: the soft break is where the line breaks, like any space.
            let l = wrap(&s, 0, 9, &soft);
            assert_eq!(texts(&s, &l)[..2], ["aaa bbb", "ccc ddd"], "{nl:?}");
            // The grapheme path (a non-ASCII chunk) does the same.
            let t = format!("é{s}");
            let l = wrap(&t, 0, 40, &[9]);
            assert_eq!(texts(&t, &l)[0], format!("éaaa bbb{nl}ccc ddd"));
        }
    }

    #[test]
    fn wide_characters_take_two_cells() {
        let s = "日本語のテキスト";
        let l = wrap(s, 0, 5, &[]);
        assert_eq!(texts(s, &l), vec!["日本", "語の", "テキ", "スト"]);
        for r in &l {
            assert!(str_width(&s[r.clone()]) <= 5);
        }
        // An emoji with a variation selector is one grapheme of two cells.
        let s = "ab❤️cd";
        let l = wrap(s, 0, 3, &[]);
        assert_eq!(texts(s, &l)[0], "ab");
    }

    #[test]
    fn offsets_are_document_bytes() {
        let text = "HEADER body text here";
        let l = wrap(&text[7..], 7, 9, &[]);
        assert_eq!(l[0].start, 7);
        assert_eq!(texts(text, &l), vec!["body text", "here"]);
        assert_eq!(line_of(&l, 17), 1);
        assert_eq!(line_of(&l, 12), 0);
    }

    #[test]
    fn control_characters_are_shown_as_placeholders() {
        let text = "a\u{1b}[31mb\u{7}";
        let line = styled_line(text, 0..text.len(), Style::new(), &[], 80);
        let shown: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(shown, "a␛[31mb␇");
    }

    #[test]
    fn the_ascii_path_breaks_exactly_like_the_grapheme_path() {
        let mut rng: u64 = 0x9E37_79B9;
        let alphabet = b"abc de\tf\r\n\x01\x1b[31m  xyz\n\n";
        for round in 0..300 {
            let mut text = String::new();
            for _ in 0..(round * 7 % 400) {
                rng = rng
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push(alphabet[(rng >> 33) as usize % alphabet.len()] as char);
            }
            if round % 5 == 0 {
                text.push_str("é 日本 👩‍👩‍👧 x"); // mixed chunks take the grapheme path
            }
            for width in [1, 2, 3, 7, 20, 80] {
                assert_eq!(
                    wrap(&text, 5, width, &[]),
                    wrap_graphemes(&text, 5, width),
                    "{text:?} at width {width}"
                );
            }
        }
        // Chunks of 64 KiB: a long ASCII text with a non-ASCII paragraph in the middle.
        let mut long = "word ".repeat(30_000);
        long.push('\n');
        long.push_str(&"mot été ".repeat(10_000));
        long.push('\n');
        long.push_str(&"end of it ".repeat(20_000));
        assert_eq!(wrap(&long, 0, 33, &[]), wrap_graphemes(&long, 0, 33));
    }

    #[test]
    fn width_one_never_loops() {
        let s = "日本 x";
        let l = wrap(s, 0, 1, &[]);
        assert!(l.len() >= 3);
    }

    #[test]
    fn truncates_with_ellipsis() {
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("hi", 6), "hi");
        assert_eq!(truncate("日本語", 4), "日…");
    }

    #[test]
    fn boilerplate_lines_are_found_and_prose_is_not() {
        let text = "Title\nAdvertisement\nThe minister spoke in the morning.\nReporting by A. Writer; Editing by B. Editor\n© 2021 Some Agency. All rights reserved.\nSubscribers read more.";
        let ranges = boilerplate_in(text, 0..text.len());
        let lines: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            lines,
            vec![
                "Advertisement",
                "Reporting by A. Writer; Editing by B. Editor",
                "© 2021 Some Agency. All rights reserved."
            ]
        );
        // Only lines overlapping the range.
        let from = text.find("The minister").unwrap_or(0);
        assert_eq!(
            boilerplate_in(text, from..from + 3),
            Vec::<Range<usize>>::new()
        );
        assert!(
            !is_boilerplate(&"advertisement ".repeat(30)),
            "long lines are prose"
        );
    }

    /// Regression (issue 17): the chunk cut 64 KiB ahead sliced the text without checking for
    /// a character boundary, and the reader crashed on ordinary non-ASCII documents.
    #[test]
    fn long_non_ascii_texts_wrap_without_panicking() {
        let chinese = "中文的新闻报道。".repeat(100_000 / 24 + 1);
        let dash = format!("{}—{}", "a".repeat(65_535), "b".repeat(1000));
        let zalgo = format!("{}z", "e\u{301}\u{302}\u{303}".repeat(30_000));
        for text in [chinese.as_str(), dash.as_str(), zalgo.as_str()] {
            let lines = wrap(text, 0, 40, &[]);
            assert!(!lines.is_empty());
            assert_eq!(lines.last().map(|r| r.end), Some(text.len()));
            for r in &lines {
                assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            }
        }
    }

    use proptest::prelude::Strategy as _;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        /// Any UTF-8 of any length wraps into ordered lines on char boundaries.
        #[test]
        fn any_text_wraps_on_char_boundaries(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("a".to_string()),
                    proptest::strategy::Just(" ".to_string()),
                    proptest::strategy::Just("\n".to_string()),
                    proptest::strategy::Just("—".to_string()),
                    proptest::strategy::Just("中".to_string()),
                    proptest::strategy::Just("e\u{301}".to_string()),
                    proptest::prelude::any::<char>().prop_map(String::from),
                ],
                0..4000,
            ),
            repeat in 1usize..40,
            width in 1usize..120,
        ) {
            let text = pieces.concat().repeat(repeat);
            let lines = wrap(&text, 7, width, &[]);
            let mut prev = 7;
            for r in &lines {
                proptest::prop_assert!(r.start >= prev && r.end >= r.start);
                proptest::prop_assert!(text.is_char_boundary(r.start - 7));
                proptest::prop_assert!(text.is_char_boundary(r.end - 7));
                prev = r.start;
            }
        }

        /// Prose-like text of any shape: every soft break is a newline, and the reflowed
        /// layout keeps ordered lines on char boundaries within the width, newline-free at
        /// their ends, covering every non-newline byte.
        #[test]
        fn reflowed_text_lays_out_soundly(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("word ".to_string()),
                    proptest::strategy::Just("another ".to_string()),
                    proptest::strategy::Just("Capital ".to_string()),
                    proptest::strategy::Just("end. ".to_string()),
                    proptest::strategy::Just("\n".to_string()),
                    proptest::strategy::Just("\r\n".to_string()),
                    proptest::strategy::Just("    ".to_string()),
                    proptest::strategy::Just("- ".to_string()),
                    proptest::strategy::Just("中文 ".to_string()),
                    proptest::prelude::any::<char>().prop_map(String::from),
                ],
                0..3000,
            ),
            width in 1usize..120,
        ) {
            let text = pieces.concat();
            let soft = crate::tui::reflow::soft_breaks(&text, 7);
            for w in soft.windows(2) {
                proptest::prop_assert!(w[0] < w[1]);
            }
            for &at in &soft {
                let rest = &text.as_bytes()[at - 7..];
                proptest::prop_assert!(rest.starts_with(b"\n") || rest.starts_with(b"\r\n"));
            }
            let lines = wrap(&text, 7, width, &soft);
            let mut prev = 7;
            for r in &lines {
                proptest::prop_assert!(r.start >= prev && r.end >= r.start);
                let line = &text[r.start - 7..r.end - 7];
                proptest::prop_assert!(!line.ends_with('\n'));
                // Over the width only by one grapheme wider than the line (zero-width ones
                // such as U+FEFF are drawn as nothing and do not count).
                let drawn = unicode_segmentation::UnicodeSegmentation::graphemes(line, true)
                    .filter(|g| display(g, 0).1 > 0)
                    .count();
                proptest::prop_assert!(str_width(line) <= width || drawn <= 1, "{line:?}");
                prev = r.start;
            }
        }
    }
}
