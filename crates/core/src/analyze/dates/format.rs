//! A date value's ISO 8601 text ("2024-08-18", "2024-08", "199X", "2024-Q3"), the form the
//! extractor stores and the linker groups on. Beside the date rules, for length.

use super::Val;
use chrono::Datelike;

/// Appends the last `width` decimal digits of `n`, as `format!("{n:0width$}")` writes an `n`
/// below 10^`width`. (A char each, the divisors constants once inlined: cheaper than a buffer
/// of digits and its UTF-8 check.)
#[inline]
fn push_digits(out: &mut String, n: u32, width: u32) {
    for k in (0..width).rev() {
        out.push(char::from(b'0' + (n / 10u32.pow(k) % 10) as u8));
    }
}

/// The years written here with four digits; the rest take `format!`'s sign and widths.
const FOUR_DIGITS: std::ops::RangeInclusive<i32> = 0..=9999;

/// A piece of a value's text for [`join`]: a number's last digits (`push_digits`'s `n` and
/// `width`), or text as it is.
enum Piece {
    Num(u32, u32),
    Text(&'static str),
}

/// The pieces' text, in one string of their length. (Inlined whole: each call's pieces are
/// constants, its loops unrolled.)
#[inline(always)]
fn join(pieces: &[Piece]) -> String {
    let len = pieces.iter().map(|p| match p {
        Piece::Num(_, width) => *width as usize,
        Piece::Text(t) => t.len(),
    });
    let mut s = String::with_capacity(len.sum());
    for p in pieces {
        match *p {
            Piece::Num(n, width) => push_digits(&mut s, n, width),
            Piece::Text(t) => s.push_str(t),
        }
    }
    s
}

impl Val {
    pub(super) fn format(self) -> Option<String> {
        use Piece::{Num, Text};
        // The common values without the formatting machinery (one per date mention). (The
        // string made only for a value formatted here: an unresolved date has none.)
        let year = |y: i32| Num(y as u32, 4);
        match self {
            Val::Day(d) if FOUR_DIGITS.contains(&d.year()) => Some(join(&[
                year(d.year()),
                Text("-"),
                Num(d.month(), 2),
                Text("-"),
                Num(d.day(), 2),
            ])),
            Val::Month(y, m) if FOUR_DIGITS.contains(&y) && m < 100 => {
                Some(join(&[year(y), Text("-"), Num(m, 2)]))
            }
            Val::Year(y) if FOUR_DIGITS.contains(&y) => Some(join(&[year(y)])),
            Val::Week(d) if FOUR_DIGITS.contains(&d.iso_week().year()) => {
                let w = d.iso_week();
                Some(join(&[year(w.year()), Text("-W"), Num(w.week(), 2)]))
            }
            Val::Decade(d) if (0..=999).contains(&d) => Some(join(&[Num(d as u32, 3), Text("X")])),
            Val::Century(c) if (0..=99).contains(&c) => Some(join(&[Num(c as u32, 2), Text("XX")])),
            Val::Quarter(y, q) if FOUR_DIGITS.contains(&y) && q < 10 => {
                Some(join(&[year(y), Text("-Q"), Num(q, 1)]))
            }
            Val::Season(y, code) if FOUR_DIGITS.contains(&y) => {
                Some(join(&[year(y), Text("-"), Text(code)]))
            }
            _ => self.format_general(),
        }
    }

    pub(super) fn format_general(self) -> Option<String> {
        match self {
            Val::Day(d) => Some(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())),
            Val::Month(y, m) => Some(format!("{y:04}-{m:02}")),
            Val::Year(y) => Some(format!("{y:04}")),
            Val::Week(d) => {
                let w = d.iso_week();
                Some(format!("{:04}-W{:02}", w.year(), w.week()))
            }
            // ISO 8601-2 / EDTF unspecified digits: the 1990s are 199X, the 20th century 19XX.
            Val::Decade(d) => Some(format!("{d:03}X")),
            Val::Century(c) => Some(format!("{c:02}XX")),
            Val::Quarter(y, q) => Some(format!("{y:04}-Q{q}")),
            Val::Season(y, code) => Some(format!("{y:04}-{code}")),
            Val::Unresolved => None,
        }
    }
}
