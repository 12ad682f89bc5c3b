//! Line kinds the name rules read: headlines (Title Case or ALL CAPS) and results lines.

use super::super::tokenize::{Kind, Tokens};
use super::words::is_title_lower;

/// Marks tokens on Title-Case or ALL-CAPS headline lines.
pub(super) fn headline_lines(t: &Tokens<'_>) -> Vec<bool> {
    let mut weak = vec![false; t.len()];
    let lines: Vec<std::ops::Range<usize>> = t.lines().collect();
    for (li, &std::ops::Range { start: a, end: b }) in lines.iter().enumerate() {
        let (mut words, mut cap, mut upper, mut lower_content) = (0, 0, 0, 0);
        let mut ends_sentence = false;
        for (i, tok) in (a..b).zip(&t.toks[a..b]) {
            if tok.kind == Kind::Word {
                words += 1;
                if tok.upper
                    || (tok.cap && tok.end - tok.start <= 4 && t.text(i).chars().count() == 1)
                {
                    upper += 1;
                }
                if tok.cap {
                    cap += 1;
                }
            }
            // A full stop inside the line, or a semicolon (a list: "Colonel Jesse Auton, 10
            // April 1943; General ..."), is running text, not a headline. (Compared as bytes:
            // one ASCII byte is a whole character.)
            if tok.kind == Kind::Punct {
                let text = t.text.as_bytes().get(tok.start..tok.end);
                if text == Some(b".") && i + 1 < b || text == Some(b";") {
                    ends_sentence = true;
                }
            }
        }
        let caps_line = words >= 2 && upper * 10 >= words * 7;
        // Headlines are short: a long Title-Case line is a list of names.
        let title_line =
            (3..=20).contains(&words) && cap >= 2 && cap * 2 >= words && !ends_sentence && {
                // Title Case leaves only short function words in lowercase.
                for i in a..b {
                    if t.toks[i].kind == Kind::Word && !t.toks[i].cap && !is_title_lower(t.norm(i))
                    {
                        lower_content += 1;
                        break;
                    }
                }
                lower_content == 0
            };
        if caps_line || (title_line && !inside_wrapped_sentence(t, &lines, li)) {
            weak[a..b].fill(true);
        }
    }
    weak
}

/// Is line `li` a piece of a sentence that hard-wrapped text broke across lines: the next
/// line, right below it, goes on in lower case ("Canadian Finance Minister Michael Wilson" /
/// "said he will ..."), or the line above ends mid-sentence ("... with Bank of America and" /
/// "First Los Angeles Bank.")? A headline stands apart from its text.
fn inside_wrapped_sentence(t: &Tokens<'_>, lines: &[std::ops::Range<usize>], li: usize) -> bool {
    let lower_word = |i: usize| {
        t.toks[i].kind == Kind::Word && t.text(i).chars().next().is_some_and(char::is_lowercase)
    };
    let next_goes_on = lines
        .get(li + 1)
        .is_some_and(|n| n.start < n.end && t.toks[n.start].nl_before == 1 && lower_word(n.start));
    let prev_runs_in = li > 0
        && t.toks[lines[li].start].nl_before == 1
        && lines[li - 1].end > lines[li - 1].start
        && {
            let last = lines[li - 1].end - 1;
            lower_word(last) || t.is_punct(last, ',')
        };
    next_goes_on || prev_runs_in
}

/// Words that head a line listing players ("Scorers: Wayne Rooney 23, Ruud van Nistelrooy
/// 67"): the names there are people, the numbers minutes or points.
const LINEUP_LABELS: &[&str] = &[
    "scorers",
    "scorer",
    "goalscorers",
    "goals",
    "tries",
    "try",
    "cons",
    "conversions",
    "pens",
    "penalties",
    "booked",
    "bookings",
    "subs",
    "substitutes",
    "replacements",
    "referee",
    "sent",
];

/// Is the line holding token `i` a list of players, headed by a label such as "Scorers:"?
pub(super) fn lineup_line(t: &Tokens<'_>, i: usize) -> bool {
    let mut a = i.min(t.len().saturating_sub(1));
    while a > 0 && t.toks[a].nl_before == 0 {
        a -= 1;
    }
    a < t.len() && t.toks[a].kind == Kind::Word && LINEUP_LABELS.contains(&t.norm(a))
}

/// Marks tokens on results lines ("Barnsley 2 Bolton 1", "Ajax 10 7 2 1 20 8 23"): names
/// followed by scores, few lowercase words. The names there are teams.
pub(super) fn score_lines(t: &Tokens<'_>) -> Vec<bool> {
    let mut out = vec![false; t.len()];
    for std::ops::Range { start: a, end: b } in t.lines() {
        let (mut named_scores, mut nums, mut lower) = (0, 0, 0);
        // Whether the token before, on this line, is a capitalized word.
        let mut after_name = false;
        for tok in &t.toks[a..b] {
            match tok.kind {
                Kind::Num => {
                    nums += 1;
                    if after_name {
                        named_scores += 1;
                    }
                }
                Kind::Word if !tok.cap => lower += 1,
                _ => {}
            }
            after_name = tok.kind == Kind::Word && tok.cap;
        }
        if lower <= 2 && (named_scores >= 2 || (named_scores == 1 && nums >= 4)) {
            out[a..b].fill(true);
        }
    }
    out
}
