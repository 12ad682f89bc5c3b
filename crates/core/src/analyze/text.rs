//! Text helpers shared by the analysis stages: accent- and case-folding, slugs.

// The one fold (lowercase, accents removed, ß → ss, whitespace collapsed) lives in
// `crate::text`, shared with the reader's search and the fuzzy search.
pub use crate::text::{fold, fold_char_into};

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
