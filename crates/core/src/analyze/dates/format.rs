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

impl Val {
    pub(super) fn format(self) -> Option<String> {
        // The common values without the formatting machinery (one per date mention). (The
        // string made only for a value formatted here: an unresolved date has none.)
        match self {
            Val::Day(d) if FOUR_DIGITS.contains(&d.year()) => {
                let mut s = String::with_capacity(10);
                push_digits(&mut s, d.year() as u32, 4);
                s.push('-');
                push_digits(&mut s, d.month(), 2);
                s.push('-');
                push_digits(&mut s, d.day(), 2);
                Some(s)
            }
            Val::Month(y, m) if FOUR_DIGITS.contains(&y) && m < 100 => {
                let mut s = String::with_capacity(7);
                push_digits(&mut s, y as u32, 4);
                s.push('-');
                push_digits(&mut s, m, 2);
                Some(s)
            }
            Val::Year(y) if FOUR_DIGITS.contains(&y) => {
                let mut s = String::with_capacity(4);
                push_digits(&mut s, y as u32, 4);
                Some(s)
            }
            Val::Week(d) if FOUR_DIGITS.contains(&d.iso_week().year()) => {
                let w = d.iso_week();
                let mut s = String::with_capacity(8);
                push_digits(&mut s, w.year() as u32, 4);
                s.push_str("-W");
                push_digits(&mut s, w.week(), 2);
                Some(s)
            }
            Val::Decade(d) if (0..=999).contains(&d) => {
                let mut s = String::with_capacity(4);
                push_digits(&mut s, d as u32, 3);
                s.push('X');
                Some(s)
            }
            Val::Century(c) if (0..=99).contains(&c) => {
                let mut s = String::with_capacity(4);
                push_digits(&mut s, c as u32, 2);
                s.push_str("XX");
                Some(s)
            }
            Val::Quarter(y, q) if FOUR_DIGITS.contains(&y) && q < 10 => {
                let mut s = String::with_capacity(7);
                push_digits(&mut s, y as u32, 4);
                s.push_str("-Q");
                push_digits(&mut s, q, 1);
                Some(s)
            }
            Val::Season(y, code) if FOUR_DIGITS.contains(&y) => {
                let mut s = String::with_capacity(5 + code.len());
                push_digits(&mut s, y as u32, 4);
                s.push('-');
                s.push_str(code);
                Some(s)
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
