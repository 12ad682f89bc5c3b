//! A date value's ISO 8601 text ("2024-08-18", "2024-08", "199X", "2024-Q3"), the form the
//! extractor stores and the linker groups on. Beside the date rules, for length.

use super::Val;
use chrono::Datelike;

/// Appends `n` zero-padded to `width` digits, as `format!("{n:0width$}")` does for `n ≥ 0`.
fn push_padded(out: &mut String, n: u32, width: usize) {
    // The digits from the right into a buffer of zeros, then one append of the padded tail.
    let mut digits = [b'0'; 10];
    let mut k = digits.len();
    let mut m = n;
    loop {
        k -= 1;
        digits[k] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    let from = k.min(digits.len().saturating_sub(width));
    // ASCII digits: always UTF-8.
    out.push_str(std::str::from_utf8(&digits[from..]).unwrap_or_default());
}

impl Val {
    pub(super) fn format(self) -> Option<String> {
        // The common values without the formatting machinery (one per date mention); a year
        // before 0 takes `format!`'s sign handling below. (The string made only for a value
        // formatted here: an unresolved date has none.)
        match self {
            Val::Day(d) if d.year() >= 0 => {
                let mut s = String::with_capacity(10);
                push_padded(&mut s, d.year() as u32, 4);
                s.push('-');
                push_padded(&mut s, d.month(), 2);
                s.push('-');
                push_padded(&mut s, d.day(), 2);
                Some(s)
            }
            Val::Month(y, m) if y >= 0 => {
                let mut s = String::with_capacity(7);
                push_padded(&mut s, y as u32, 4);
                s.push('-');
                push_padded(&mut s, m, 2);
                Some(s)
            }
            Val::Year(y) if y >= 0 => {
                let mut s = String::with_capacity(4);
                push_padded(&mut s, y as u32, 4);
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
