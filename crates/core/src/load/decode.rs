//! Bytes → text, keeping a map back to the bytes.
//!
//! UTF-8 is taken as is (a leading BOM is skipped); UTF-16 with a BOM is decoded; anything
//! else is decoded lossily (each invalid sequence becomes U+FFFD) with a notice. Content with
//! NUL bytes and no UTF-16 BOM is binary and refused.

use crate::model::SourceMap;

/// Decoded text with its map back to source bytes.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub map: SourceMap,
    pub notice: Option<String>,
}

impl Decoded {
    pub fn utf8(text: String) -> Decoded {
        Decoded {
            text,
            map: SourceMap::identity(),
            notice: None,
        }
    }
}

/// Decodes `bytes`, or says why it is not text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    // UTF-32 first: its little-endian BOM starts with UTF-16's.
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE\x00\x00") {
        return Ok(utf32(rest, u32::from_le_bytes));
    }
    if let Some(rest) = bytes.strip_prefix(b"\x00\x00\xFE\xFF") {
        return Ok(utf32(rest, u32::from_be_bytes));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(utf16(rest, 2, u16::from_le_bytes));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(utf16(rest, 2, u16::from_be_bytes));
    }
    let (body, skip) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, 3),
        None => (bytes, 0),
    };
    if body.contains(&0) {
        return Err("binary content (NUL bytes), skipped".into());
    }
    match std::str::from_utf8(body) {
        Ok(s) => {
            let mut map = SourceMap::identity();
            if skip > 0 {
                map.push(0, skip);
            }
            Ok(Decoded {
                text: s.to_string(),
                map,
                notice: None,
            })
        }
        Err(_) => Ok(lossy(body, skip)),
    }
}

fn lossy(bytes: &[u8], skip: usize) -> Decoded {
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut map = SourceMap::identity();
    let mut src = skip;
    let mut invalid = 0usize;
    if skip > 0 {
        map.push(0, skip);
    }
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        src += chunk.valid().len();
        let bad = chunk.invalid();
        if !bad.is_empty() {
            map.push(text.len(), src);
            text.push('\u{FFFD}');
            src += bad.len();
            invalid += 1;
            map.push(text.len(), src);
        }
    }
    let binary_like = invalid * 20 > bytes.len().max(1) && bytes.len() > 64;
    Decoded {
        text,
        map,
        notice: Some(if binary_like {
            format!("mostly not UTF-8 ({invalid} invalid sequences); decoded lossily")
        } else {
            format!("invalid UTF-8 ({invalid} sequences) decoded lossily")
        }),
    }
}

fn utf16(bytes: &[u8], bom: usize, word: fn([u8; 2]) -> u16) -> Decoded {
    let units = bytes.chunks_exact(2).map(|c| word([c[0], c[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut map = SourceMap::identity();
    let mut src = bom;
    let mut bad = 0usize;
    for r in char::decode_utf16(units) {
        map.push(text.len(), src);
        match r {
            Ok(c) => {
                text.push(c);
                src += c.len_utf16() * 2;
            }
            Err(_) => {
                text.push('\u{FFFD}');
                src += 2;
                bad += 1;
            }
        }
    }
    map.push(text.len(), src);
    let notice = if bad > 0 {
        Some(format!("UTF-16 with {bad} invalid units, decoded lossily"))
    } else {
        None
    };
    Decoded { text, map, notice }
}

fn utf32(bytes: &[u8], word: fn([u8; 4]) -> u32) -> Decoded {
    let mut text = String::with_capacity(bytes.len() / 4);
    let mut map = SourceMap::identity();
    let mut src = 4;
    let mut bad = 0usize;
    let mut units = bytes.chunks_exact(4);
    for c in &mut units {
        map.push(text.len(), src);
        match char::from_u32(word([c[0], c[1], c[2], c[3]])) {
            Some(ch) => text.push(ch),
            None => {
                text.push('\u{FFFD}');
                bad += 1;
            }
        }
        src += 4;
    }
    if !units.remainder().is_empty() {
        bad += 1;
    }
    map.push(text.len(), src);
    let notice = (bad > 0).then(|| format!("UTF-32 with {bad} invalid units, decoded lossily"));
    Decoded { text, map, notice }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_identity() {
        let d = decode("Núñez said".as_bytes()).expect("text");
        assert_eq!(d.text, "Núñez said");
        assert!(d.map.is_identity());
        assert!(d.notice.is_none());
    }

    #[test]
    fn nul_bytes_are_binary() {
        assert!(decode(b"PK\x03\x04\x00\x00").is_err());
    }

    #[test]
    fn lossy_offsets_still_index_the_file() {
        let bytes = b"caf\xE9 Lima and Quito";
        let d = decode(bytes).expect("text");
        assert!(d.notice.is_some());
        let t = d.text.find("Quito").expect("found");
        let s = d.map.to_source(t);
        assert_eq!(&bytes[s..s + 5], b"Quito");
    }

    #[test]
    fn utf16_le_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Hi Oslo".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes).expect("text");
        assert_eq!(d.text, "Hi Oslo");
        let t = d.text.find("Oslo").expect("found");
        assert_eq!(d.map.to_source(t), 2 + 3 * 2);
    }
}
