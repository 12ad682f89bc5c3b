//! The letters prefilter: a 64-bit set of the (lowercased) characters a candidate's key holds,
//! kept beside each candidate of a stored search, and the set a query needs. A candidate
//! whose set lacks a needed character cannot match, so ranking skips it without reading its
//! text: most names miss a letter of most queries.
//!
//! Exact by construction: a term's character matches a key's character only when both fall
//! in the same class here (see [`Query::needs`]), so the prefilter rejects no match.

use super::Query;

/// The class (bit number) of an already lowercased char: letters and digits one each, other
/// ASCII and other chars sharing the rest by code.
fn class(l: char) -> u32 {
    match l {
        'a'..='z' => l as u32 - 'a' as u32,
        '0'..='9' => 26 + (l as u32 - '0' as u32),
        _ if l.is_ascii() => 36 + l as u32 % 12,
        _ => 48 + l as u32 % 16,
    }
}

/// A char lowercased as the matcher folds it (the first char of its lowercase).
fn lowered(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// The set of classes of `key`'s chars, each lowercased as the matcher folds a key's char.
pub fn letters(key: &str) -> u64 {
    let mut set = 0u64;
    for &b in key.as_bytes() {
        if b < 0x80 {
            set |= 1 << class(char::from(b.to_ascii_lowercase()));
        }
    }
    if !key.is_ascii() {
        for c in key.chars().filter(|c| !c.is_ascii()) {
            set |= 1 << class(lowered(c));
        }
    }
    set
}

impl Query {
    /// The classes every match's key holds (see [`letters`]): each char of each term that
    /// must occur (negations need nothing). A case-insensitive term's text is lowercased
    /// already and matches a key char whose lowered form equals it; a case-sensitive term's
    /// char equals the key's char, whose lowered form is then the term char's.
    pub fn needs(&self) -> u64 {
        let mut set = 0u64;
        for t in self.terms.iter().filter(|t| !t.negate) {
            for c in t.text.chars() {
                set |= 1 << class(if t.case_sensitive { lowered(c) } else { c });
            }
        }
        set
    }

    /// Can a key with the classes `have` match? False only when it cannot.
    pub fn may_match(need: u64, have: u64) -> bool {
        have & need == need
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::matcher;

    /// Over many keys and queries (accents, capitals, non-Latin scripts, every operator), no
    /// key the matcher matches is rejected by the prefilter; and it does reject some.
    #[test]
    fn the_prefilter_rejects_no_match() {
        let keys = [
            "Nicolás Maduro",
            "Nicolas Maduro",
            "NICOLAS MADURO",
            "Nov 21 · Sun 21 November 2021 · November 21, 2021",
            "2021-11-21",
            "São Paulo",
            "Sao Paulo",
            "İstanbul",
            "KELVIN \u{212A}",
            "Straße",
            "Ærø Øresund",
            "Москва",
            "москва",
            "東京 Tokyo",
            "docs/2004/12/report_final-v2.txt",
            "McDonald's",
            "x",
            "",
            "Ελλάδα",
            "ΣΊΣΥΦΟΣ",
        ];
        let queries = [
            "madu",
            "nicolas maduro",
            "nov 21",
            "xq",
            "Madu",
            "MADURO",
            "sao",
            "São",
            "SÃO",
            "istanbul",
            "İstanbul",
            "i̇st",
            "kelvin k",
            "K",
            "strasse",
            "straße",
            "STRASSE",
            "ærø",
            "ÆRØ",
            "oresund",
            "москва",
            "Москва",
            "МОСКВА",
            "東京",
            "tokyo",
            "'final",
            "^docs",
            "txt$",
            "^x$",
            "!madu",
            "mc'd",
            "'mcdonald's",
            "v2",
            "_",
            "-",
            "/",
            "ελλ",
            "σίσυφος",
            "ΣΊΣ",
            "2021-11",
            "a",
            "e",
        ];
        let m = matcher();
        let mut rejected = 0;
        for q in queries {
            let query = Query::parse(q);
            let need = query.needs();
            for key in keys {
                let key = crate::search::fold(key);
                let may = Query::may_match(need, letters(&key));
                if query.match_key(&m, &key, false).is_some() {
                    assert!(may, "{q:?} matches {key:?} but the prefilter rejects it");
                } else if !may {
                    rejected += 1;
                }
            }
        }
        assert!(rejected > 300, "rejects most non-matches: {rejected}");
    }

    #[test]
    fn classes_are_as_described() {
        assert_eq!(letters("ab"), 0b11);
        assert_eq!(letters("AB"), 0b11);
        assert_eq!(letters("9") >> 26, 1 << 9);
        assert_eq!(Query::parse("Ab").needs(), 0b11);
        assert_eq!(Query::parse("!z ab").needs(), 0b11);
        assert!(!Query::may_match(
            Query::parse("abz").needs(),
            letters("ab")
        ));
        assert!(Query::may_match(0, 0));
    }
}
