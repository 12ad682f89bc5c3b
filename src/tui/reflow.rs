//! Hard-wrapped paragraphs read as paragraphs. Wire stories, e-mail, plain-text reports and
//! Markdown are often broken at 65–80 columns by whoever wrote them; in a reader narrower than
//! that, every such break leaves a ragged short line ("since early" / "January and …").
//! [`soft_breaks`] finds the line breaks that only wrap a paragraph, so the reader's layout can
//! treat them as spaces. The text and its offsets are untouched: a soft break is still the
//! newline byte, drawn as a space.
//!
//! The decision is conservative, first per document, then per break:
//! - a document is hard-wrapped when its lines have a common right margin: for most pairs of
//!   prose lines the next line's first word would not have fitted on the line before;
//! - a break is soft when both lines are prose (no list marker, quote, heading, table rule,
//!   field label, tab or column gap), the next line has the indent most lines have (an
//!   indented line starts a paragraph or a quote), and the first word of the next line would
//!   not have fitted, or the line runs on in lowercase after a line that ends without a full
//!   stop.

use std::ops::Range;

/// The byte offsets (in the document: `base` is added) of the newlines in `text` that wrap a
/// paragraph rather than end a line. For `"\r\n"` the offset is the `'\r'`. Sorted.
pub fn soft_breaks(text: &str, base: usize) -> Vec<usize> {
    let lines = line_ranges(text);
    if !may_have_a_margin(text, &lines) {
        return Vec::new();
    }
    let prose: Vec<Option<Line>> = lines.iter().map(|r| Line::of(&text[r.clone()])).collect();
    let Some(margin) = ninetieth(prose.iter().flatten().map(|l| l.len).collect()) else {
        return Vec::new();
    };
    if !(30..=110).contains(&margin) {
        // Short lines (verse, lists, tables) or one paragraph per line: nothing to join.
        return Vec::new();
    }
    // The indent of a continuation line: the most common one. A line indented otherwise
    // starts a paragraph (wire copy indents each paragraph's first line).
    let mut indents = [0usize; 17];
    for l in prose.iter().flatten() {
        indents[l.indent.min(16)] += 1;
    }
    let body_indent = (0..indents.len())
        .max_by_key(|&i| (indents[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    let mut pairs = 0usize;
    let mut full = 0usize;
    let mut soft = Vec::new();
    for (i, pair) in prose.windows(2).enumerate() {
        let (Some(a), Some(b)) = (&pair[0], &pair[1]) else {
            continue;
        };
        if b.indent != body_indent || b.indent > a.indent {
            continue;
        }
        pairs += 1;
        let would_not_fit = (a.len + 1 + b.first_word) * 10 > margin * 9;
        if would_not_fit {
            full += 1;
        }
        if would_not_fit || (b.starts_lowercase && !a.ends_sentence) {
            soft.push(base + lines[i].end);
        }
    }
    // A common right margin: most breaks between prose lines come where a word would not fit.
    if pairs == 0 || full * 10 < pairs * 6 {
        return Vec::new();
    }
    soft
}

/// A cheap first look by bytes (a character is one to four): when most non-blank lines are
/// far longer than any margin, as in a document with one paragraph per line, no line needs a
/// closer look.
fn may_have_a_margin(text: &str, lines: &[Range<usize>]) -> bool {
    let bytes = lines
        .iter()
        .filter(|r| !text[(*r).clone()].trim_start().is_empty())
        .map(|r| r.len())
        .collect();
    ninetieth(bytes).is_some_and(|b| b <= 4 * 110)
}

/// The 90th percentile of line lengths: the margin most lines reach. `None` under four lines.
fn ninetieth(mut lens: Vec<usize>) -> Option<usize> {
    if lens.len() < 4 {
        return None;
    }
    let at = lens.len() * 9 / 10;
    Some(*lens.select_nth_unstable(at).1)
}

/// Each line's byte range, without its newline (`"\r\n"` or `"\n"`).
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    // `split` finds the newlines with a fast byte search.
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let end = start + line.len();
        let content = if line.ends_with('\r') { end - 1 } else { end };
        out.push(start..content);
        start = end + 1;
    }
    out
}

/// What [`soft_breaks`] needs of a line of prose.
struct Line {
    /// Characters, trailing spaces excluded.
    len: usize,
    indent: usize,
    /// Characters in the first word.
    first_word: usize,
    starts_lowercase: bool,
    ends_sentence: bool,
}

impl Line {
    /// The line, or `None` when it is blank or not prose: a list item, a quote, a heading, a
    /// table row or rule, a code fence, or columns set apart by tabs or runs of spaces.
    fn of(s: &str) -> Option<Line> {
        let s = s.trim_end();
        let body = s.trim_start_matches(' ');
        if body.is_empty() || s.contains('\t') || has_column_gap(body) || is_marked(body) {
            return None;
        }
        let first = body.split(' ').next().unwrap_or("");
        Some(Line {
            len: s.chars().count(),
            indent: s.len() - body.len(),
            first_word: first.chars().count(),
            starts_lowercase: body.chars().next().is_some_and(char::is_lowercase),
            ends_sentence: body.ends_with(['.', '!', '?', ':', '"', '\u{201d}']),
        })
    }
}

/// Three or more spaces between words: columns of a table or a form.
fn has_column_gap(body: &str) -> bool {
    body.contains("   ")
}

/// A line that starts with a list marker, a quote, a heading, a table, a code fence or a
/// field label.
fn is_marked(body: &str) -> bool {
    let mut chars = body.chars();
    let first = chars.next().unwrap_or(' ');
    let second = chars.next().unwrap_or(' ');
    if matches!(first, '>' | '#' | '|' | '`' | '~' | '=' | '+') {
        return true;
    }
    if matches!(first, '-' | '*' | '•' | '–' | '—' | '·' | '◦' | '▪')
        && (second == ' ' || second == first)
    {
        return true;
    }
    let word = body.split(' ').next().unwrap_or("");
    // A field: "From:", "Subject:", "Re:", "Cc:", "Date:", "Note:".
    if word.len() > 1
        && word.ends_with(':')
        && word.starts_with(|c: char| c.is_uppercase())
        && word[..word.len() - 1]
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-')
    {
        return true;
    }
    // "1. ", "12) ", "(a) ", "a) "
    let inner = word.trim_start_matches('(');
    let marker = inner
        .strip_suffix('.')
        .or_else(|| inner.strip_suffix(')'))
        .unwrap_or("");
    body.len() > word.len()
        && !marker.is_empty()
        && marker.len() <= 3
        && (marker.bytes().all(|b| b.is_ascii_digit())
            || (marker.len() == 1 && marker.bytes().all(|b| b.is_ascii_lowercase())))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text with each soft break shown as `~` (a newline byte stays one byte).
    fn joined(text: &str) -> String {
        let soft = soft_breaks(text, 0);
        let mut bytes = text.as_bytes().to_vec();
        for at in soft {
            assert!(
                bytes[at] == b'\n' || bytes[at] == b'\r',
                "a soft break is a newline"
            );
            bytes[at] = b'~';
        }
        String::from_utf8(bytes).unwrap_or_default()
    }

    const WIRE: &str = "\
HEADLINE ABOUT A COMPANY

The company is not under
pressure to act quickly on its proposed equity offering and
would do well to delay it because of the stock's recent poor
performance, banking analysts said.
    Some analysts said they have recommended the company delay
its up to one-billion-dlr equity offering, which has yet to be
approved by the regulators.
    The stock traded around 12, down 1/8, this afternoon,
after falling to 11-1/2 earlier this week on the news.
    A one-line paragraph whose last word nearly reaches the margin.
    Another paragraph that starts on an indented line of its own, and
goes on below it.
";

    #[test]
    fn a_wire_story_joins_within_paragraphs_and_keeps_indented_starts() {
        let j = joined(WIRE);
        assert!(j.contains("not under~pressure"), "{j}");
        assert!(j.contains("offering and~would do well"), "{j}");
        assert!(j.contains("poor~performance"), "{j}");
        // A paragraph that starts indented is a new paragraph.
        assert!(j.contains("analysts said.\n    Some"), "{j}");
        assert!(j.contains("delay~its up"), "{j}");
        assert!(j.contains("regulators.\n    The stock"), "{j}");
        // Two indented lines in a row are two paragraphs, however full the first.
        assert!(j.contains("margin.\n    Another"), "{j}");
        assert!(j.contains("and~goes on"), "{j}");
        // The headline and the blank line stay.
        assert!(
            j.starts_with("HEADLINE ABOUT A COMPANY\n\nThe company"),
            "{j}"
        );
    }

    #[test]
    fn a_text_indented_as_a_whole_still_flows() {
        let text = WIRE.lines().map(|l| format!("  {l}\n")).collect::<String>();
        let j = joined(&text);
        assert!(j.contains("not under~  pressure"), "{j}");
        assert!(j.contains("said.\n      Some"), "{j}");
    }

    #[test]
    fn one_paragraph_per_line_is_left_alone() {
        let long = "This paragraph is written on one line, as text taken from a web page is, and it goes on well past any terminal's width before it ends.";
        let text = [long; 6].join("\n");
        assert_eq!(soft_breaks(&text, 0), Vec::<usize>::new());
    }

    #[test]
    fn short_lines_without_a_margin_are_left_alone() {
        let text = "\
Markets fall
Government announces a budget that cuts spending on roads and schools
Storm hits the coast
Team wins the final after extra time
Prices of homes rise again this spring, the fourth rise in a row
A new museum opens
Court rules on the election
Minister resigns after a report on the ministry's contracts is published
Rain expected
Talks on trade resume in the capital
";
        assert_eq!(soft_breaks(text, 0), Vec::<usize>::new());
    }

    #[test]
    fn lists_tables_quotes_and_headings_are_never_joined() {
        let text = "\
The report lists what the committee found in the course of its long
inquiry into the matter, and what it recommends the ministry do next:
- the budget was spent on projects that were never approved by anyone
- the accounts were kept in a way that made the spending hard to follow
1. publish every contract that the ministry signed in the past ten years
(a) name the officials who approved the payments that were not allowed
> a quoted line from a letter sent to the committee by a former official
# A heading that the report uses to start its second part on the budget
Item          Amount      Year
Roads         1,200       2019
The committee will meet again in the spring to hear from the ministers
and from the officials who were in charge of the budget at the time.
";
        let j = joined(text);
        assert!(j.contains("long~inquiry"), "{j}");
        assert!(j.contains("next:\n- the budget"), "{j}");
        assert!(j.contains("anyone\n- the accounts"), "{j}");
        assert!(j.contains("follow\n1. publish"), "{j}");
        assert!(j.contains("years\n(a) name"), "{j}");
        assert!(j.contains("allowed\n> a quoted"), "{j}");
        assert!(j.contains("official\n# A heading"), "{j}");
        assert!(j.contains("Year\nRoads"), "{j}");
        assert!(j.contains("ministers~and from"), "{j}");
    }

    #[test]
    fn header_fields_stay_on_their_lines() {
        let text = "From: Ana Torres <ana@example.org>\nTo: Luis Pardo <luis@example.org>\nDate: Wed, 4 Mar 2020 10:00:00 +0000\nSubject: A report on the roads\n\nThe mayor met the council on Monday to talk about the state of the\nroads in the north of the city, which the report says need repairs.\n";
        let j = joined(text);
        assert!(j.contains("org>\nTo:") && j.contains("org>\nDate:"), "{j}");
        assert!(j.contains("0000\nSubject:"), "{j}");
    }

    #[test]
    fn crlf_breaks_are_found_at_their_carriage_return_and_offsets_carry_the_base() {
        let text = WIRE.replace('\n', "\r\n");
        let soft = soft_breaks(&text, 100);
        assert!(!soft.is_empty());
        for at in soft {
            assert_eq!(&text[at - 100..at - 100 + 2], "\r\n");
        }
    }

    #[test]
    fn tiny_and_odd_inputs_give_nothing() {
        for text in [
            "",
            "\n",
            "one line",
            "a\nb\nc",
            "\r\n\r\n\r\n\r\n\r\n",
            "\u{0}\n\u{7f}\n\u{1b}[31m\n",
        ] {
            assert_eq!(soft_breaks(text, 0), Vec::<usize>::new(), "{text:?}");
        }
    }
}
