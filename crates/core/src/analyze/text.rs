//! Text helpers shared by the analysis stages: accent- and case-folding, slugs.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Appends the folded form of `c` (lowercase, accents removed, curly apostrophes straightened).
pub fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        'ß' => out.push_str("ss"),
        'ø' | 'Ø' => out.push('o'),
        'ł' | 'Ł' => out.push('l'),
        'đ' | 'Đ' => out.push('d'),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'ı' => out.push('i'),
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => out.push('\''),
        _ => decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                for l in d.to_lowercase() {
                    out.push(l);
                }
            }
        }),
    }
}

/// Folded form of a string: lowercase, accents removed, whitespace runs collapsed to one space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        fold_char_into(c, &mut out);
    }
    out
}

/// A stable id slug: folded, letters and digits kept, everything else one hyphen.
pub fn slug(s: &str) -> String {
    let f = fold(s);
    let mut out = String::with_capacity(f.len());
    let mut dash = false;
    for c in f.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

/// Number of non-ASCII characters (a proxy for "accented spelling").
pub fn non_ascii(s: &str) -> usize {
    s.chars().filter(|c| !c.is_ascii()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_apostrophes() {
        assert_eq!(fold("Nicolás  MORENO"), "nicolas moreno");
        assert_eq!(fold("Peñón’s"), "penon's");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn slugs_are_ascii_hyphenated() {
        assert_eq!(slug("Nicolás Moreno"), "nicolas-moreno");
        assert_eq!(slug("U.S."), "u-s");
        assert_eq!(slug("  --- "), "x");
        assert_eq!(slug("2021-W27"), "2021-w27");
    }
}
