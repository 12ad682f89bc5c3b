//! Keeps document content from driving the terminal.
//!
//! Every piece of document text docent draws (reader, titles, lists, palette, status line,
//! subcommand output to a terminal) goes through [`clean`]: control characters, escape
//! sequence introducers and bidirectional overrides become visible one-column placeholders, so
//! no byte of a document can move the cursor, set a title, write the clipboard or reorder text.

use std::borrow::Cow;

/// The visible stand-in for a character that must not reach the terminal, or `None` when the
/// character is safe to draw. Newline and tab are left to the caller (layout decides).
pub fn placeholder(c: char) -> Option<char> {
    match c {
        '\n' | '\t' => None,
        // C0 controls map onto the Unicode "Control Pictures" block: ESC becomes ␛.
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('␡'),
        // C1 controls (CSI, OSC, DCS, APC... as single code points).
        '\u{80}'..='\u{9f}' => Some('�'),
        // Bidirectional embeddings, overrides, isolates and marks that can reorder what is shown.
        '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061c}'
        | '\u{200e}'
        | '\u{200f}' => Some('⁞'),
        _ => None,
    }
}

/// `s` with every unsafe character replaced by its placeholder (one char for one char).
/// Tabs and newlines are kept.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| placeholder(c).is_some()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| placeholder(c).unwrap_or(c))
            .collect::<String>(),
    )
}

/// True when `b` holds a char [`clean_line`] replaces, decided on bytes: ASCII controls and
/// DEL, C1 controls (`C2 80..9F`), U+061C (`D8 9C`), U+200E/F and U+202A..E (`E2 80 ..`),
/// U+2066..9 (`E2 81 A6..A9`). Accented letters and other marks pass at byte speed.
fn line_needs_cleaning(b: &[u8]) -> bool {
    let mut i = 0;
    while let Some(off) = b.get(i..).and_then(|r| {
        r.iter()
            .position(|&x| x < 0x20 || matches!(x, 0x7f | 0xc2 | 0xd8 | 0xe2))
    }) {
        let at = i + off;
        let next = |k: usize| b.get(at + k).copied();
        let hit = match b.get(at).copied() {
            Some(0xc2) => next(1).is_some_and(|y| (0x80..=0x9f).contains(&y)),
            Some(0xd8) => next(1) == Some(0x9c),
            Some(0xe2) => match (next(1), next(2)) {
                (Some(0x80), Some(z)) => matches!(z, 0x8e | 0x8f | 0xaa..=0xae),
                (Some(0x81), Some(z)) => (0xa6..=0xa9).contains(&z),
                _ => false,
            },
            _ => true,
        };
        if hit {
            return true;
        }
        i = at + 1;
    }
    false
}

/// Like [`clean`], for one-line contexts: newlines and tabs become spaces too.
pub fn clean_line(s: &str) -> Cow<'_, str> {
    if !line_needs_cleaning(s.as_bytes()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' | '\t' | '\r' => ' ',
                c => placeholder(c).unwrap_or(c),
            })
            .collect(),
    )
}

/// JSON text with the characters [`placeholder`] would replace written as `\uXXXX` escapes
/// (serde escapes C0 controls already; C1 controls and bidirectional overrides it leaves raw).
/// Still the same JSON value, byte-exact in meaning, and safe to print on a terminal. Such
/// characters can only occur inside JSON strings, where an escape is always valid.
pub fn escape_json(json: String) -> String {
    if !json.chars().any(|c| placeholder(c).is_some()) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if placeholder(c).is_some() {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{:04x}", u));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_check_agrees_with_the_char_rule_for_every_char() {
        let needs = |c: char| matches!(c, '\n' | '\t' | '\r') || placeholder(c).is_some();
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let s = format!("aé{c}z");
            assert_eq!(
                line_needs_cleaning(s.as_bytes()),
                needs(c),
                "{:x}",
                c as u32
            );
        }
    }

    #[test]
    fn escape_sequences_become_visible() {
        let s = "a\u{1b}]52;c;aGk=\u{7}b\u{9b}31mc\u{202e}d";
        let out = clean(s);
        assert!(!out
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'));
        assert!(out.contains('␛'));
        assert!(out.contains('␇'));
        assert!(!out.contains('\u{202e}'));
        assert_eq!(out.chars().count(), s.chars().count());
    }

    #[test]
    fn safe_text_is_borrowed() {
        assert!(matches!(clean("Nicolás said\n\tok"), Cow::Borrowed(_)));
        assert_eq!(clean_line("a\nb\tc"), "a b c");
    }
}
