//! Bytes → text, keeping a map back to the bytes.
//!
//! UTF-8 is taken as is (a leading BOM is skipped); UTF-16 with a BOM is decoded; anything
//! else is decoded lossily (each invalid sequence becomes U+FFFD) with a notice. Content with
//! NUL bytes and no UTF-16 BOM is binary and refused.

use crate::model::SourceMap;
use std::borrow::Cow;

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
    decode_from(Cow::Borrowed(bytes))
}

/// [`decode`] of bytes it may keep: UTF-8 without a byte order mark (most files) becomes the
/// text as it is, not a copy.
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, String> {
    decode_from(Cow::Owned(bytes))
}

fn decode_from(owned: Cow<'_, [u8]>) -> Result<Decoded, String> {
    let bytes = &owned[..];
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
    // Without a NUL byte it is neither UTF-16 nor binary (most files: one fast scan).
    let nul = bytes.contains(&0);
    if skip == 0 && nul {
        if let Some(le) = utf16_without_bom(bytes) {
            let mut d = if le {
                utf16(bytes, 0, u16::from_le_bytes)
            } else {
                utf16(bytes, 0, u16::from_be_bytes)
            };
            let what = if le { "UTF-16LE" } else { "UTF-16BE" };
            d.notice = Some(match d.notice {
                Some(n) => format!("{what} without a byte order mark (detected); {n}"),
                None => format!("{what} without a byte order mark (detected)"),
            });
            return Ok(d);
        }
    }
    if nul && body.contains(&0) {
        return Err("binary content (NUL bytes), skipped".into());
    }
    let text = match owned {
        Cow::Owned(mut v) => {
            v.drain(..skip);
            String::from_utf8(v).map_err(|e| Cow::Owned(e.into_bytes()))
        }
        Cow::Borrowed(b) => {
            let body = &b[skip..];
            std::str::from_utf8(body)
                .map(str::to_owned)
                .map_err(|_| Cow::Borrowed(body))
        }
    };
    match text {
        Ok(text) => {
            let mut map = SourceMap::identity();
            if skip > 0 {
                map.push(0, skip);
            }
            Ok(Decoded {
                text,
                map,
                notice: None,
            })
        }
        Err(body) => Ok(legacy(&body, skip)),
    }
}

/// UTF-16 without a byte order mark: text in the Latin, Greek or Cyrillic ranges has one zero
/// byte in each pair, always on the same side. `Some(true)` for little-endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 8 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = head.len() / 2;
    let (mut even, mut odd) = (0, 0);
    for c in head.chunks_exact(2) {
        even += usize::from(c[0] == 0);
        odd += usize::from(c[1] == 0);
    }
    if odd * 10 >= pairs * 6 && even * 50 <= pairs {
        Some(true)
    } else if even * 10 >= pairs * 6 && odd * 50 <= pairs {
        Some(false)
    } else {
        None
    }
}

/// Not UTF-8: the legacy encoding is guessed as Firefox does (`chardetng`) and decoded
/// (`encoding_rs`), one byte at a time so every character maps back to its bytes. When the
/// guess is UTF-8 after all (broken UTF-8), it is decoded lossily.
fn legacy(bytes: &[u8], skip: usize) -> Decoded {
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let enc = det.guess(None, true);
    if enc == encoding_rs::UTF_8 {
        return lossy(bytes, skip);
    }
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut map = SourceMap::identity();
    let mut bad = false;
    let mut seq_start = 0;
    let room = decoder.max_utf8_buffer_length(1).unwrap_or(16).max(16);
    for i in 0..=bytes.len() {
        let before = text.len();
        text.reserve(room);
        let (input, last) = match bytes.get(i..i + 1) {
            Some(b) => (b, false),
            None => (&[][..], true),
        };
        let (_, _, errors) = decoder.decode_to_string(input, &mut text, last);
        bad |= errors;
        if text.len() > before {
            map.push(before, skip + seq_start);
            seq_start = (i + 1).min(bytes.len());
            map.push(text.len(), skip + seq_start);
        }
    }
    Decoded {
        text,
        map,
        notice: Some(format!(
            "not UTF-8: decoded as {} (detected){}",
            enc.name(),
            if bad { ", with invalid sequences" } else { "" }
        )),
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
    fn legacy_encodings_are_detected_and_offsets_hold() {
        let bytes = b"Le caf\xE9 de la r\xE9publique, \xE0 Qu\xE9bec, pr\xE8s de l'\xE9glise: Montr\xE9al et Gen\xE8ve";
        let d = decode(bytes).expect("text");
        assert!(d.text.contains("république, à Québec"), "{}", d.text);
        assert!(
            d.notice
                .as_deref()
                .is_some_and(|n| n.contains("windows-1252")),
            "{:?}",
            d.notice
        );
        let t = d.text.find("Genève").expect("found");
        let s = d.map.to_source(t);
        assert_eq!(&bytes[s..s + 3], b"Gen");
        let t = d.text.find("Montr").expect("found");
        assert_eq!(&bytes[d.map.to_source(t)..][..5], b"Montr");
    }

    #[test]
    fn utf16_without_bom_is_recognized() {
        let mut le = Vec::new();
        let mut be = Vec::new();
        for u in "Report from Kyiv and Lviv.".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        for bytes in [le, be] {
            let d = decode(&bytes).expect("text");
            assert_eq!(d.text, "Report from Kyiv and Lviv.");
            let t = d.text.find("Lviv").expect("found");
            assert_eq!(d.map.to_source(t), t * 2);
        }
        assert!(decode(b"PK\x03\x04\x00\x00\x01\x02\x00\x00").is_err());
    }

    #[test]
    fn lossy_offsets_still_index_the_file() {
        let bytes = b"caf\xE9 Lima and Quito \xF0\x9F\x98 \xE2\x82\xAC \xC3\xA9";
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
