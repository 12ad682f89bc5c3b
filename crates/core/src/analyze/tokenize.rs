//! Tokenizer: splits a document body into words, numbers, possessive markers and punctuation,
//! with byte offsets, capitalization flags, line breaks and sentence starts.
//!
//! Hand-written and linear: every character is looked at a bounded number of times. Dotted
//! abbreviations ("U.S.", "a.m.", "J.") are one token; possessive `'s` / `’s` is a token of its
//! own so that names come out without it; hyphens are separate tokens (`U.S.-backed`).

use super::text::fold_char_into;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Word,
    Num,
    /// A possessive `'s` / `’s`, or a bare apostrophe after a word ending in s.
    Poss,
    Punct,
}

/// One token; offsets are byte offsets into the tokenized text.
#[derive(Clone, Debug)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// First character is uppercase.
    pub cap: bool,
    /// At least two letters, all uppercase ("US", "U.S.", "NATO").
    pub upper: bool,
    /// A dotted abbreviation such as "U.S." or an initial "J.".
    pub dotted: bool,
    /// Whitespace (or the start of the text) right before the token.
    pub space_before: bool,
    /// Number of line breaks in the whitespace right before the token.
    pub nl_before: u32,
    /// First token of a sentence (or of a line).
    pub sent_start: bool,
    norm: (u32, u32),
    /// The first token of the next line (or the token count): [`Tokens::line_end`] without a
    /// walk along the line, which rules ask of a line's every candidate. (Fits in the padding
    /// the fields above leave.)
    line_end: u32,
}

/// A tokenized text.
pub struct Tokens<'a> {
    pub text: &'a str,
    pub toks: Vec<Token>,
    /// The text with ASCII letters lowercased, where the ASCII tokens' norms are, then the
    /// folds of the others.
    norms: String,
}

impl<'a> Tokens<'a> {
    /// The token's text as written.
    #[inline]
    pub fn text(&self, i: usize) -> &'a str {
        let t = &self.toks[i];
        self.text.get(t.start..t.end).unwrap_or("")
    }

    /// The token's folded form (lowercase, no accents; dotted abbreviations without dots); ""
    /// past the last token, so rules may look ahead without a bounds check of their own.
    #[inline]
    pub fn norm(&self, i: usize) -> &str {
        let Some(&Token { norm: (a, b), .. }) = self.toks.get(i) else {
            return "";
        };
        self.norms.get(a as usize..b as usize).unwrap_or("")
    }

    /// Every token's [`Tokens::norm`], in order: one walk along the tokens, with no index to
    /// check per token.
    pub fn norms(&self) -> impl Iterator<Item = &str> + '_ {
        self.toks.iter().map(|t| {
            let (a, b) = t.norm;
            self.norms.get(a as usize..b as usize).unwrap_or("")
        })
    }

    /// [`Tokens::norm`] as bytes, for matching against byte strings: no char boundaries to
    /// check.
    #[inline]
    pub fn norm_bytes(&self, i: usize) -> &[u8] {
        let Some(&Token { norm: (a, b), .. }) = self.toks.get(i) else {
            return b"";
        };
        self.norms
            .as_bytes()
            .get(a as usize..b as usize)
            .unwrap_or(b"")
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    /// Folded key of tokens `a..b`: norms joined by single spaces.
    pub fn key(&self, a: usize, b: usize) -> String {
        let b = b.min(self.len());
        // One allocation of the exact size: the norms' bytes plus the spaces between them.
        let len = (a..b).map(|i| self.norm(i).len() + 1).sum::<usize>();
        let mut k = String::with_capacity(len.saturating_sub(1));
        for i in a..b {
            if i > a {
                k.push(' ');
            }
            k.push_str(self.norm(i));
        }
        k
    }

    /// Is token `i` a word whose folded form is `w`?
    #[inline]
    pub fn is(&self, i: usize, w: &str) -> bool {
        // The lengths first, from the token's own offsets (most words differ there, and the
        // dates ask this of every word: "two years ago"); bytes, as the norms are whole chars.
        self.toks.get(i).is_some_and(|t| {
            let (a, b) = (t.norm.0 as usize, t.norm.1 as usize);
            b.wrapping_sub(a) == w.len() && self.norms.as_bytes().get(a..b) == Some(w.as_bytes())
        })
    }

    /// Is token `i` a lowercase word (as written)?
    #[inline]
    pub fn is_lower_word(&self, i: usize) -> bool {
        i < self.len() && self.toks[i].kind == Kind::Word && !self.toks[i].cap
    }

    /// Is token `i` the punctuation character `c`?
    #[inline]
    pub fn is_punct(&self, i: usize, c: char) -> bool {
        i < self.len() && self.toks[i].kind == Kind::Punct && self.text(i).starts_with(c)
    }

    /// Where the line of token `a` ends: the first token after `a` that starts a new line (or
    /// the end).
    #[inline]
    pub fn line_end(&self, a: usize) -> usize {
        match self.toks.get(a) {
            Some(t) => t.line_end as usize,
            None => a + 1,
        }
    }

    /// The tokens of each line, in order, as index ranges.
    pub fn lines(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        let mut a = 0;
        std::iter::from_fn(move || {
            (a < self.len()).then(|| {
                let b = self.line_end(a);
                let line = a..b;
                a = b;
                line
            })
        })
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// ASCII letters and digits, by byte: one load a byte in the word scan, not three range tests.
static ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// What a token's first byte leads to in [`tokenize`]: one table load, not a chain of tests.
#[derive(Clone, Copy)]
enum Lead {
    /// ASCII whitespace and control bytes, as the general test classes them.
    Space,
    /// An ASCII letter: most words.
    Letter,
    /// ASCII punctuation but the apostrophe (which may be a possessive): the one byte.
    Punct,
    /// Digits, the apostrophe and non-ASCII: [`other_token`].
    Other,
}

static LEAD: [Lead; 256] = {
    let mut t = [Lead::Other; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c <= b' ' || c == 0x7f {
            Lead::Space
        } else if c.is_ascii_alphabetic() {
            Lead::Letter
        } else if c.is_ascii_digit() || c == b'\'' {
            Lead::Other
        } else {
            Lead::Punct
        };
        b += 1;
    }
    t
};

#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    let b = *s.as_bytes().get(i)?;
    if b < 0x80 {
        return Some(b as char);
    }
    s.get(i..).and_then(|r| r.chars().next())
}

/// Appends the folded form of `s` (dots dropped from dotted abbreviations).
#[inline]
fn fold_into(s: &str, drop_dots: bool, norms: &mut String) {
    if s.is_ascii() {
        let st = norms.len();
        if drop_dots {
            norms.extend(s.chars().filter(|&c| c != '.'));
        } else {
            norms.push_str(s);
        }
        norms[st..].make_ascii_lowercase();
        return;
    }
    for ch in s.chars() {
        if ch == '.' && drop_dots {
            continue;
        }
        fold_char_into(ch, norms);
    }
}

const OPENERS: &[char] = &['"', '\'', '\u{201C}', '\u{2018}', '(', '[', '\u{00AB}'];
const CLOSERS: &[char] = &['"', '\'', '\u{201D}', '\u{2019}', ')', ']', '\u{00BB}'];

/// Abbreviations whose trailing period does not end a sentence (a `match` on bytes: a decision
/// tree by length then byte, asked at every period after a word).
#[rustfmt::skip]
fn is_abbrev(w: &str) -> bool {
    matches!(
        w.as_bytes(),
        b"mr" | b"mrs" | b"ms" | b"dr" | b"st" | b"sen" | b"rep" | b"gov" | b"gen" | b"col"
            | b"lt" | b"capt" | b"sgt" | b"prof" | b"rev" | b"jr" | b"sr" | b"no" | b"vs"
            | b"jan" | b"feb" | b"mar" | b"apr" | b"jun" | b"jul" | b"aug" | b"sep" | b"sept"
            | b"oct" | b"nov" | b"dec" | b"mon" | b"tue" | b"tues" | b"wed" | b"thu" | b"thur"
            | b"thurs" | b"fri" | b"sat" | b"sun" | b"inc" | b"corp" | b"co" | b"ltd" | b"mt"
            | b"ft" | b"adm" | b"cmdr" | b"maj" | b"brig" | b"ave" | b"blvd"
    )
}

/// Words that, capitalized right after a dotted abbreviation, start a new sentence.
#[rustfmt::skip]
fn is_sentence_opener(w: &str) -> bool {
    matches!(
        w.as_bytes(),
        b"the" | b"a" | b"an" | b"he" | b"she" | b"it" | b"they" | b"we" | b"i" | b"in"
            | b"but" | b"and" | b"this" | b"that" | b"there" | b"his" | b"her" | b"their"
            | b"its" | b"on" | b"at" | b"after" | b"as" | b"if" | b"when" | b"while"
    )
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Tokens<'_> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut toks: Vec<Token> = Vec::with_capacity(n / 5 + 1);
    // The fold of ASCII text is its lowercase: the ASCII tokens (nearly all) take their norms
    // from one lowercase copy of the whole text, made in one pass, not from a copy each; the
    // others' folds follow it.
    let mut norms = String::with_capacity(n + n / 8);
    norms.push_str(text);
    norms.make_ascii_lowercase();
    let mut i = 0;
    let mut space_before = true;
    let mut nl_before = 0u32;
    // The token before is a word, a number or a possessive that is no dotted abbreviation.
    let mut plain_before = false;
    while let Some(&b0) = bytes.get(i) {
        let fast = match LEAD[usize::from(b0)] {
            // (A sixth of running text.)
            Lead::Space => {
                if b0 == b'\n' {
                    nl_before = nl_before.saturating_add(1);
                }
                space_before = true;
                i += 1;
                continue;
            }
            // Most tokens: a word of ASCII letters and digits.
            Lead::Letter => ascii_word(&bytes[i..]).map(|len| {
                let end = i + len;
                // (A lowercase first letter settles it.)
                let upper = b0.is_ascii_uppercase()
                    && !bytes[i + 1..end].iter().any(u8::is_ascii_lowercase)
                    && bytes[i..end]
                        .iter()
                        .filter(|b| b.is_ascii_alphabetic())
                        .count()
                        >= 2;
                Token {
                    start: i,
                    end,
                    kind: Kind::Word,
                    cap: b0.is_ascii_uppercase(),
                    upper,
                    dotted: false,
                    space_before,
                    nl_before: 0,
                    sent_start: false,
                    norm: (i as u32, end as u32),
                    line_end: 0,
                }
            }),
            Lead::Punct => Some(Token {
                start: i,
                end: i + 1,
                kind: Kind::Punct,
                cap: false,
                upper: false,
                dotted: false,
                space_before,
                nl_before: 0,
                sent_start: false,
                norm: (i as u32, i as u32 + 1),
                line_end: 0,
            }),
            Lead::Other => None,
        };
        let mut tok = match fast {
            Some(tok) => tok,
            None => match other_token(text, i, &toks, space_before, &mut norms) {
                Next::Token(t) => t,
                Next::Space(end) => {
                    space_before = true;
                    i = end;
                    continue;
                }
                Next::Skip(end) => {
                    i = end;
                    continue;
                }
            },
        };
        let end = tok.end;
        tok.nl_before = nl_before;
        let plain = tok.kind != Kind::Punct && !tok.dotted;
        toks.push(tok);
        // After a plain token (most), only a line break starts a sentence: no look back.
        if nl_before > 0 || !plain_before {
            let k = toks.len() - 1;
            toks[k].sent_start = sentence_start(&toks, text, &norms, k);
        }
        plain_before = plain;
        // The one space after most tokens is taken here, not by a turn of the loop of its own.
        if bytes.get(end) == Some(&b' ') {
            i = end + 1;
            space_before = true;
        } else {
            i = end;
            space_before = false;
        }
        nl_before = 0;
    }
    mark_line_ends(&mut toks);
    Tokens { text, toks, norms }
}

/// The length of the word `word` starts with (at a letter), where it is ASCII letters and
/// digits only: the run of them stops at a byte that no word goes on over (not an apostrophe,
/// "don't", nor a non-ASCII char, "Peñón") and it is no dotted abbreviation ("U.S.", "J.").
#[inline]
fn ascii_word(word: &[u8]) -> Option<usize> {
    let len = word
        .iter()
        .position(|&b| !ALNUM[usize::from(b)])
        .unwrap_or(word.len());
    match word.get(len) {
        Some(&b) if b >= 0x80 || b == b'\'' || (b == b'.' && len == 1) => None,
        _ => Some(len),
    }
}

/// What starts at byte `i`, past the ASCII whitespace.
enum Next {
    Token(Token),
    /// Non-ASCII whitespace, up to the byte given.
    Space(usize),
    /// Not a char boundary (never, as `i` moves by whole chars).
    Skip(usize),
}

/// The token at byte `i` in the general case (digits, apostrophes, non-ASCII, and the words
/// [`ascii_word`] turns down), its fold appended to `norms` where that is not the text's
/// lowercase; `toks` are the tokens before it. Its `nl_before` is left for the caller.
fn other_token(
    text: &str,
    i: usize,
    toks: &[Token],
    space_before: bool,
    norms: &mut String,
) -> Next {
    let bytes = text.as_bytes();
    let mut i = i;
    let Some(c) = char_at(text, i) else {
        return Next::Skip(i + 1);
    };
    let cl = c.len_utf8();
    // (ASCII whitespace and control bytes are the caller's.)
    let space = if c.is_ascii() {
        false
    } else {
        c.is_whitespace() || c.is_control() || c == '\u{FEFF}'
    };
    if space {
        // (Not a line break: '\n' is ASCII.)
        return Next::Space(i + cl);
    }
    let start = i;
    let kind;
    let mut dotted = false;
    let mut call = false;
    if c.is_alphabetic() {
        kind = Kind::Word;
        let mut j = i;
        let mut letters = 0;
        while let Some(d) = char_at(text, j) {
            if is_word_char(d) {
                j += d.len_utf8();
                letters += 1;
            } else if is_apostrophe(d) {
                // Possessive 's ends the word; other apostrophes inside words stay (don't, O'Neill).
                let after = j + d.len_utf8();
                match char_at(text, after) {
                    Some('s') | Some('S')
                        if !char_at(text, after + 1).is_some_and(is_word_char) =>
                    {
                        break
                    }
                    Some(e) if e.is_alphabetic() => {
                        j = after;
                    }
                    _ => break,
                }
            } else {
                break;
            }
        }
        // Dotted abbreviations: a single letter followed by '.', repeated ("U.S.", "a.m.").
        if letters == 1 && char_at(text, j) == Some('.') {
            let mut k = j + 1;
            loop {
                match (char_at(text, k), char_at(text, k + 1)) {
                    (Some(l), Some('.')) if l.is_alphabetic() && l.is_ascii() => k += 2,
                    _ => break,
                }
            }
            let c0 = c;
            if k > j + 1 || c0.is_uppercase() {
                // "U.S." or an initial "J."
                j = k;
                dotted = true;
            }
        }
        i = j;
    } else if let Some(j) = call_sign(bytes, i) {
        // "6PR", "3AW", "2GB": a broadcaster's call sign is one capitalized word, not a
        // number and an acronym.
        kind = Kind::Word;
        call = true;
        i = j;
    } else if c.is_numeric() {
        kind = Kind::Num;
        let mut j = i;
        while let Some(d) = char_at(text, j) {
            if d.is_numeric() {
                j += d.len_utf8();
            } else if matches!(d, ',' | '.' | ':' | '/' | '-')
                && char_at(text, j + 1).is_some_and(|e| e.is_ascii_digit())
                && j > start
            {
                j += 1;
            } else {
                break;
            }
        }
        // Ordinal and plural suffixes: 21st, 1990s.
        let mut k = j;
        while let Some(d) = char_at(text, k) {
            if d.is_ascii_alphabetic() && k - j < 2 {
                k += 1;
            } else {
                break;
            }
        }
        if k > j && !char_at(text, k).is_some_and(is_word_char) {
            let suf = &text[j..k];
            if matches!(
                suf.to_ascii_lowercase().as_str(),
                "st" | "nd" | "rd" | "th" | "s"
            ) {
                j = k;
            }
        }
        i = j;
    } else if is_apostrophe(c) && !space_before && toks.last().is_some_and(|t| t.kind == Kind::Word)
    {
        // Possessive marker after a word: 's or a bare apostrophe.
        let mut j = i + cl;
        if matches!(char_at(text, j), Some('s') | Some('S'))
            && !char_at(text, j + 1).is_some_and(is_word_char)
        {
            j += 1;
            kind = Kind::Poss;
        } else if toks
            .last()
            .is_some_and(|t| text[t.start..t.end].ends_with(['s', 'S']))
        {
            kind = Kind::Poss;
        } else {
            kind = Kind::Punct;
        }
        i = j;
    } else {
        kind = Kind::Punct;
        i += cl;
    }
    let end = i;
    // The fold ("'s" for "’s", "us" for "U.S."), where it is not the text's lowercase.
    let s = &text[start..end];
    let norm = if s.is_ascii() && !dotted {
        (start, end)
    } else {
        let a = norms.len();
        fold_into(s, dotted, norms);
        (a, norms.len())
    };
    let (cap, n_letters, all_upper) = if kind != Kind::Word {
        (false, 0, false)
    } else if call {
        (true, end - start - 1, true)
    } else if s.is_ascii() {
        let b = s.as_bytes();
        let letters = b.iter().filter(|c| c.is_ascii_alphabetic()).count();
        (
            b[0].is_ascii_uppercase(),
            letters,
            !b.iter().any(|c| c.is_ascii_lowercase()),
        )
    } else {
        let first = s.chars().next().unwrap_or(' ');
        let mut n_letters = 0;
        let mut all_upper = true;
        for ch in s.chars() {
            if ch.is_alphabetic() {
                n_letters += 1;
                if !ch.is_uppercase() {
                    all_upper = false;
                }
            }
        }
        (first.is_uppercase(), n_letters, all_upper)
    };
    Next::Token(Token {
        start,
        end,
        kind,
        cap: cap && kind == Kind::Word,
        upper: kind == Kind::Word && n_letters >= 2 && all_upper,
        dotted,
        space_before,
        nl_before: 0,
        sent_start: false,
        norm: (norm.0 as u32, norm.1 as u32),
        line_end: 0,
    })
}

/// The end of a call sign at byte `i` ("6PR", "3AW", "2GB"): one digit, then two to four
/// capitals, then no word character; not a time, a time zone or a unit ("9AM", "5GMT",
/// "4KM", "2MB": those stay a number and a word).
fn call_sign(bytes: &[u8], i: usize) -> Option<usize> {
    if !bytes.get(i)?.is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
        return None;
    }
    let mut k = i + 1;
    while k < bytes.len() && bytes[k].is_ascii_uppercase() && k - i <= 5 {
        k += 1;
    }
    let letters = &bytes[i + 1..k];
    let after = bytes.get(k).copied();
    if !(2..=4).contains(&letters.len())
        || after.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80)
    {
        return None;
    }
    const NOT_CALLS: &[&[u8]] = &[
        b"AM", b"PM", b"GMT", b"UTC", b"EST", b"EDT", b"CST", b"CDT", b"PST", b"PDT", b"BST",
        b"CET", b"CEST", b"KM", b"KG", b"MG", b"MM", b"CM", b"ML", b"KB", b"MB", b"GB", b"TB",
        b"KW", b"MW", b"GW", b"KWH", b"MWH", b"GWH", b"HP", b"MPH", b"KPH", b"BC", b"AD", b"BCE",
        b"CE", b"ST", b"ND", b"RD", b"TH", b"MLN", b"BLN", b"BN", b"MN", b"PCT", b"DLR", b"DLRS",
        b"YR", b"YRS", b"WD", b"WDS",
    ];
    (!NOT_CALLS.contains(&letters)).then_some(k)
}

/// Each token's line end, from the back: the next token's, or the next token itself where it
/// starts a line.
fn mark_line_ends(toks: &mut [Token]) {
    let mut end = toks.len();
    for (i, t) in toks.iter_mut().enumerate().rev() {
        t.line_end = end as u32;
        if t.nl_before > 0 {
            end = i;
        }
    }
}

/// The character of punctuation token `k` (always one character; `None` for other kinds):
/// compared as a `char`, not as the token's text.
#[inline]
fn punct_char(toks: &[Token], text: &str, k: usize) -> Option<char> {
    let tok = &toks[k];
    if tok.kind == Kind::Punct {
        char_at(text, tok.start)
    } else {
        None
    }
}

/// Does token `i` start a sentence? Asked as it is pushed: reads only the tokens up to `i`
/// (never `sent_start`) and their norms.
fn sentence_start(toks: &[Token], text: &str, norms: &str, i: usize) -> bool {
    let norm = |k: usize| {
        let (a, b) = toks[k].norm;
        norms.get(a as usize..b as usize).unwrap_or("")
    };
    let punct_char = |k: usize| punct_char(toks, text, k);
    if i == 0 || toks[i].nl_before > 0 {
        return true;
    }
    // After a word, a number or a possessive that is no dotted abbreviation (most tokens):
    // no opener or closer to skip, and no sentence's end.
    let before = &toks[i - 1];
    if before.kind != Kind::Punct && !before.dotted {
        return false;
    }
    // Skip back over opening quotes and brackets.
    let mut j = i;
    let mut newline = false;
    while j > 0 {
        if punct_char(j - 1).is_some_and(|c| OPENERS.contains(&c)) {
            if toks[j - 1].nl_before > 0 {
                newline = true;
            }
            j -= 1;
        } else {
            break;
        }
    }
    if j == 0 || newline {
        return true;
    }
    // The token before (skipping closing quotes).
    let mut k = j - 1;
    while k > 0 && punct_char(k).is_some_and(|c| CLOSERS.contains(&c)) {
        k -= 1;
    }
    let prev = &toks[k];
    match punct_char(k) {
        Some(pc @ ('.' | '!' | '?' | '\u{2026}')) => {
            // "Mr. Smith": the period of an abbreviation does not end the sentence.
            let abbrev = pc == '.'
                && k > 0
                && !prev.space_before
                && toks[k - 1].kind == Kind::Word
                && is_abbrev(norm(k - 1));
            !abbrev || is_sentence_opener(norm(i))
        }
        Some(_) => false,
        None if prev.dotted => is_sentence_opener(norm(i)) && toks[i].cap,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_signs_are_one_word_times_and_units_are_not() {
        let t = tokenize("Radio 6PR and 3AW aired it at 9AM; 2GB of data, 40KM away, 1990s.");
        let words: Vec<_> = (0..t.len())
            .filter(|&i| t.toks[i].kind == Kind::Word && t.toks[i].cap)
            .map(|i| t.text(i))
            .collect();
        assert!(
            words.contains(&"6PR") && words.contains(&"3AW"),
            "{words:?}"
        );
        assert!(
            !words
                .iter()
                .any(|w| w.starts_with(|c: char| c.is_ascii_digit()) && !w.ends_with(['R', 'W'])),
            "{words:?}"
        );
        let i = (0..t.len()).find(|&i| t.text(i) == "6PR").unwrap_or(0);
        assert!(t.toks[i].upper && t.norm(i) == "6pr");
    }

    #[test]
    fn norm_past_the_last_token_is_empty() {
        let t = tokenize("Nov 21");
        assert_eq!((t.norm(0), t.norm(1)), ("nov", "21"));
        assert_eq!((t.norm(2), t.norm(usize::MAX)), ("", ""));
    }

    #[test]
    fn lines_are_the_token_ranges_between_line_breaks() {
        let t = tokenize("Ana met Luis.\nThen\n\nLima 2");
        let lines: Vec<_> = t.lines().collect();
        assert_eq!(lines, vec![0..4, 4..5, 5..7]);
        assert_eq!(t.line_end(1), 4);
        assert_eq!(t.line_end(5), 7);
        assert_eq!(tokenize("").lines().count(), 0);
        // The stored line ends are where a walk to the next line break stops.
        let t = tokenize("a b\n\nc\nd e f\n g. H i\n");
        for a in 0..t.len() + 2 {
            let mut b = a + 1;
            while b < t.len() && t.toks[b].nl_before == 0 {
                b += 1;
            }
            assert_eq!(t.line_end(a), b, "{a}");
        }
    }

    fn words(s: &str) -> Vec<String> {
        let t = tokenize(s);
        (0..t.len()).map(|i| t.text(i).to_string()).collect()
    }

    #[test]
    fn possessives_and_compounds_split() {
        assert_eq!(words("Moreno's"), ["Moreno", "'s"]);
        assert_eq!(words("Moreno’s party"), ["Moreno", "’s", "party"]);
        assert_eq!(words("U.S.-backed"), ["U.S.", "-", "backed"]);
        assert_eq!(words("Reuters' report"), ["Reuters", "'", "report"]);
        assert_eq!(words("don't O'Neill"), ["don't", "O'Neill"]);
    }

    #[test]
    fn numbers_and_abbreviations() {
        assert_eq!(
            words("on 2021-11-21, 3,082 at 7 a.m."),
            ["on", "2021-11-21", ",", "3,082", "at", "7", "a.m."]
        );
        assert_eq!(words("the 1990s and 21st"), ["the", "1990s", "and", "21st"]);
        let t = tokenize("U.S. sanctions");
        assert_eq!(t.norm(0), "us");
        assert!(t.toks[0].upper && t.toks[0].dotted);
    }

    #[test]
    fn sentence_starts() {
        let t =
            tokenize("He left. The rest stayed with Mr. Smith in the U.S. The end.\n“Quote” here");
        let starts: Vec<&str> = (0..t.len())
            .filter(|&i| t.toks[i].sent_start)
            .map(|i| t.text(i))
            .collect();
        assert_eq!(starts, ["He", "The", "The", "“", "Quote"]);
        // After "!", "?", "…" and a closing quote; not after a comma, nor after "U.S." before
        // a word that opens no sentence.
        let t = tokenize("Go! Now? Wait… Then \"Yes.\" Next, U.S. Steel and (Here) it");
        let starts: Vec<&str> = (0..t.len())
            .filter(|&i| t.toks[i].sent_start)
            .map(|i| t.text(i))
            .collect();
        // (the closing quote after "Yes." is read as the next sentence's first token)
        assert_eq!(starts, ["Go", "Now", "Wait", "Then", "\"", "Next"]);
    }

    #[test]
    fn words_are_folded_with_or_without_capitals() {
        let t = tokenize("McDONALD mcdonald X7 abc123");
        let norms: Vec<&str> = (0..t.len()).map(|i| t.norm(i)).collect();
        assert_eq!(norms, ["mcdonald", "mcdonald", "x7", "abc123"]);
        assert!(t.norms().eq(norms));
    }
}
