//! Where a name chunk starts and ends: a run of capitalized words, continued by hyphens,
//! particles, "of"/"for"/"and" after head words, and across the soft line breaks of hard-wrapped
//! text. Beside the name rules, for length.

use super::*;

#[inline]
pub(super) fn is_blocked(cx: &Ctx<'_, '_>, i: usize) -> bool {
    cx.blocked.get(i).copied().unwrap_or(false)
}

#[inline]
pub(super) fn is_cap_word(cx: &Ctx<'_, '_>, i: usize) -> bool {
    i < cx.t.len() && cx.t.toks[i].kind == Kind::Word && cx.t.toks[i].cap && !is_blocked(cx, i)
}

#[inline]
pub(super) fn starts_chunk(cx: &Ctx<'_, '_>, i: usize) -> bool {
    is_cap_word(cx, i)
}

/// The end of the chunk starting at `a` (exclusive).
pub(super) fn chunk_end(cx: &Ctx<'_, '_>, a: usize) -> usize {
    let t = cx.t;
    let lex = cx.lex;
    // A gazetteer phrase may span connectors ("Bosnia and Herzegovina").
    let mut end = a + 1;
    // Most chunks start with a word that starts no longer phrase: no key to build for them.
    // For the others, the word's own bit answers `lex.extends` of the first word alone.
    if cx.on(a, B_EXTENDS) {
        let reach = (a + lex.max_phrase).min(t.len());
        let mut key = cx.scratch.take();
        key.clear();
        key.push_str(cx.word(a));
        for j in a + 1..reach {
            if line_break(cx, j) || is_blocked(cx, j) {
                break;
            }
            key.push(' ');
            key.push_str(cx.word(j));
            if t.toks[j].kind != Kind::Punct && lex.lookup(&key).is_some() {
                end = j + 1;
            }
            if !lex.extends(&key) {
                break;
            }
        }
        cx.scratch.set(key);
    }
    let mut has_head = (a..end).any(|k| head_word(cx, k));
    let mut j = end;
    while j < t.len() {
        let tok = &t.toks[j];
        if line_break(cx, j) || is_blocked(cx, j) {
            break;
        }
        if is_cap_word(cx, j) {
            has_head |= head_word(cx, j);
            j += 1;
            continue;
        }
        if tok.kind == Kind::Num && t.toks[j - 1].kind == Kind::Word && !tok.space_before {
            break;
        }
        // Jean-Pierre, Guinea-Bissau, AT&T, Procter & Gamble.
        if tok.kind == Kind::Punct
            && (t.text(j) == "-" && !tok.space_before || t.text(j) == "&")
            && is_cap_word(cx, j + 1)
            && (t.text(j) == "&" || !t.toks[j + 1].space_before)
        {
            j += 2;
            continue;
        }
        // "Mr. Smith", "St. Louis"; not a sentence's end after a title ("as CEO. In").
        if tok.kind == Kind::Punct
            && t.text(j) == "."
            && !tok.space_before
            && (cx.on(j - 1, B_TITLE) || cx.word(j - 1) == "st")
            && !t.toks[j - 1].upper
            && is_cap_word(cx, j + 1)
            && !cx.stop_at(j + 1)
        {
            j += 1;
            continue;
        }
        if tok.kind == Kind::Word && !tok.cap {
            let w = cx.word(j);
            let particle = is_particle(w);
            // "and" joins "Foreign Affairs and Security Policy", not "the X Center and the Y
            // Council" nor after a head ("the World Bank and Japan"), but for a company's
            // last word before its legal form ("Sumitomo Trust and Banking Co Ltd").
            let business = w == "and" && cx.business_after_and(j);
            let and_ok = w != "and" || business || !head_word(cx, j - 1) && !t.is(j + 1, "the");
            // "on" only after an organization's head ("Committee on Intelligence"; not "Vice
            // President Pence on Trump", "Nagle Place on the River Mersey").
            let on_ok = w != "on" || cx.on(j - 1, B_ORG_SUFFIX);
            let inner = INNER.contains(&w) && (has_head || business) && and_ok && on_ok;
            if particle || inner {
                // "of the", "de la": up to two connectors before the next capitalized word.
                let mut k = j + 1;
                if k < t.len()
                    && t.is_lower_word(k)
                    && (is_particle(cx.word(k)) || cx.word(k) == "the")
                {
                    k += 1;
                }
                if is_cap_word(cx, k) && !line_break(cx, k) {
                    j = k;
                    continue;
                }
            }
        }
        break;
    }
    j
}

/// Does a line end before token `j`? Not the soft break of a hard-wrapped paragraph (newswire,
/// mail, plain-text books: "Secretary of State George\nShultz"): one newline after a long line
/// (50 bytes or more) that runs on with a word, outside a headline, before an unindented line.
#[inline]
pub(super) fn line_break(cx: &Ctx<'_, '_>, j: usize) -> bool {
    // Inlined for the usual token, on the line of the one before it; a newline goes out of line.
    match cx.t.toks[j].nl_before {
        0 => false,
        1 if j > 0 => soft_break_ends_line(cx, j),
        _ => true,
    }
}

/// [`line_break`] at a token after one newline (not the first token).
#[inline(never)]
fn soft_break_ends_line(cx: &Ctx<'_, '_>, j: usize) -> bool {
    let t = cx.t;
    let tok = &t.toks[j];
    let prev = &t.toks[j - 1];
    if prev.kind != Kind::Word || cx.weak_line.get(j - 1).copied().unwrap_or(true) {
        return true;
    }
    let Some(nl) = t.text.get(..tok.start).and_then(|s| s.rfind('\n')) else {
        return true;
    };
    if tok.start != nl + 1 {
        return true;
    }
    let line = t.text.get(..nl).unwrap_or("");
    let line_start = line.rfind('\n').map_or(0, |p| p + 1);
    if nl - line_start >= 50 {
        return false;
    }
    // A paragraph's short first line ("Treasury balances at the Federal\nReserve rose on Feb 25
    // to 4.151 billion dlrs…", its dateline cut off) runs on too: a line of running text (two
    // lowercase words or more) before a long one.
    let next = t.text.get(nl + 1..).unwrap_or("");
    let next_len = next.find('\n').unwrap_or(next.len());
    let running = line[line_start..]
        .split_whitespace()
        .filter(|w| w.starts_with(|c: char| c.is_lowercase()))
        .count()
        >= 2;
    !(next_len >= 50 && running)
}

/// Organization or place head, or a title: lets "of"/"for"/"and" continue a chunk.
#[inline]
pub(super) fn head_word(cx: &Ctx<'_, '_>, i: usize) -> bool {
    cx.on(i, B_HEAD)
}
