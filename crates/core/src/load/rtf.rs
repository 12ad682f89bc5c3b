//! RTF: a small reader of its own (no dependency). Groups, control words and symbols; text in
//! `\'hh` escapes decoded with the document's code page (`\ansicpg`, `\mac`) or the current
//! font's (`\fcharset` in the font table); `\uN` Unicode with its `\ucN` fallback skipped
//! (surrogate pairs joined); `\bin` data skipped. Destinations that are not text — the font,
//! colour and style tables, pictures, objects, headers and footers, field instructions, hidden
//! text and every unknown `{\*\…}` group — are skipped. Paragraphs are separated by a blank
//! line, table cells joined by ` | ` with a row per line, footnotes go after the text; the
//! `\info` group gives the title and author. Offsets index the text.

use super::formats::{push, Parts};
use super::{notice, Loaded};
use crate::model::Format;

/// Groups nested deeper than this are read as flat text (a hostile file cannot grow the stack
/// of states without bound).
const MAX_DEPTH: usize = 4096;

/// Where a group's text goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dest {
    Body,
    Skip,
    FontTable,
    Footnote,
    /// `\info`: nothing but its title and author.
    Info,
    Title,
    Author,
}

#[derive(Clone, Copy, Debug)]
struct State {
    dest: Dest,
    /// Fallback characters after `\uN`.
    uc: usize,
    /// The code page of `\'hh` bytes here (the current font's, else the document's).
    codepage: u16,
    hidden: bool,
}

/// The encoding of a Windows code page number, as far as `encoding_rs` has one.
fn encoding(codepage: u16) -> &'static encoding_rs::Encoding {
    use encoding_rs::*;
    match codepage {
        874 => WINDOWS_874,
        932 => SHIFT_JIS,
        936 => GBK,
        949 => EUC_KR,
        950 => BIG5,
        866 => IBM866,
        1250 => WINDOWS_1250,
        1251 => WINDOWS_1251,
        1253 => WINDOWS_1253,
        1254 => WINDOWS_1254,
        1255 => WINDOWS_1255,
        1256 => WINDOWS_1256,
        1257 => WINDOWS_1257,
        1258 => WINDOWS_1258,
        10000 => MACINTOSH,
        _ => WINDOWS_1252,
    }
}

/// The code page of a font's `\fcharsetN` (0: the document's).
fn charset_codepage(charset: i32, document: u16) -> u16 {
    match charset {
        77 => 10000,
        128 => 932,
        129 => 949,
        134 => 936,
        136 => 950,
        161 => 1253,
        162 => 1254,
        163 => 1258,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        204 => 1251,
        222 => 874,
        238 => 1250,
        _ => document,
    }
}

/// Control words whose group is a destination that holds no readable text.
const SKIPPED: &[&str] = &[
    "colortbl",
    "stylesheet",
    "listtable",
    "listoverridetable",
    "revtbl",
    "rsidtbl",
    "generator",
    "pict",
    "object",
    "objdata",
    "themedata",
    "colorschememapping",
    "datastore",
    "latentstyles",
    "xmlnstbl",
    "header",
    "headerl",
    "headerr",
    "headerf",
    "footer",
    "footerl",
    "footerr",
    "footerf",
    "fldinst",
    "nonshppict",
    "bkmkstart",
    "bkmkend",
    "pgdsctbl",
    "filetbl",
    "operator",
    "keywords",
    "comment",
    "doccomm",
    "subject",
    "company",
    "category",
    "manager",
    "hlinkbase",
    "template",
    "xe",
    "tc",
    "txe",
    "sp",
    "private",
    "userprops",
    "mmathPr",
    "wgrffmtfilter",
    "passwordhash",
    "protusertbl",
    "defchp",
    "defpap",
    "aftnsep",
    "ftnsep",
    "ftnsepc",
    "ftncn",
    "aftnsepc",
    "aftncn",
];

/// What the parser built.
struct Out {
    body: String,
    notes: Vec<String>,
    title: String,
    author: String,
    /// Bytes from `\'hh` escapes waiting to be decoded together (a double-byte code page
    /// splits characters across escapes), and their code page.
    pending: Vec<u8>,
    pending_cp: u16,
    /// A high surrogate from `\uN` waiting for its low half.
    high: Option<u16>,
    in_table: bool,
}

impl Out {
    fn target(&mut self, dest: Dest) -> Option<&mut String> {
        match dest {
            Dest::Body => Some(&mut self.body),
            Dest::Footnote => self.notes.last_mut(),
            Dest::Title => Some(&mut self.title),
            Dest::Author => Some(&mut self.author),
            Dest::Skip | Dest::FontTable | Dest::Info => None,
        }
    }

    fn flush(&mut self, st: &State) {
        if self.pending.is_empty() {
            return;
        }
        let bytes = std::mem::take(&mut self.pending);
        let (text, _, _) = encoding(self.pending_cp).decode(&bytes);
        let text: String = text.into_owned();
        self.put_str(st, &text);
    }

    fn put_str(&mut self, st: &State, s: &str) {
        if st.hidden {
            return;
        }
        if let Some(t) = self.target(st.dest) {
            t.push_str(s);
        }
    }

    fn put(&mut self, st: &State, c: char) {
        self.flush(st);
        self.high = None;
        let mut buf = [0u8; 4];
        self.put_str(st, c.encode_utf8(&mut buf));
    }

    fn byte(&mut self, st: &State, b: u8) {
        if self.pending_cp != st.codepage {
            self.flush(st);
            self.pending_cp = st.codepage;
        }
        self.pending.push(b);
    }

    fn unicode(&mut self, st: &State, n: i32) {
        self.flush(st);
        let unit = (n.rem_euclid(65536)) as u16;
        match unit {
            0xD800..=0xDBFF => self.high = Some(unit),
            0xDC00..=0xDFFF => {
                if let Some(h) = self.high.take() {
                    let c = 0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                    if let Some(c) = char::from_u32(c) {
                        self.put_str(st, c.encode_utf8(&mut [0u8; 4]));
                    }
                }
            }
            0 => {}
            _ => {
                self.high = None;
                if let Some(c) = char::from_u32(u32::from(unit)) {
                    self.put_str(st, c.encode_utf8(&mut [0u8; 4]));
                }
            }
        }
    }
}

/// Reads a control word at `i` (just after the backslash): its name, parameter and where the
/// next token starts (a single space delimiter is consumed).
fn control_word(b: &[u8], mut i: usize) -> (&str, Option<i32>, usize) {
    let start = i;
    while i < b.len() && b[i].is_ascii_alphabetic() && i - start < 32 {
        i += 1;
    }
    let name = std::str::from_utf8(&b[start..i]).unwrap_or("");
    let mut param = None;
    let num_start = i;
    if i < b.len() && (b[i] == b'-' || b[i].is_ascii_digit()) {
        let neg = b[i] == b'-';
        if neg {
            i += 1;
        }
        let digits = i;
        let mut v: i64 = 0;
        while i < b.len() && b[i].is_ascii_digit() && i - digits < 10 {
            v = v * 10 + i64::from(b[i] - b'0');
            i += 1;
        }
        if i > digits {
            let v = if neg { -v } else { v };
            param = Some(v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32);
        } else {
            i = num_start; // a lone '-' is text
        }
    }
    if i < b.len() && b[i] == b' ' {
        i += 1;
    }
    (name, param, i)
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// The text of an RTF document, its notes, title and author; `None` when it is not RTF.
fn parse(bytes: &[u8]) -> Option<(String, String, String)> {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = b.iter().position(|c| !c.is_ascii_whitespace())?;
    if !b[start..].starts_with(b"{\\rtf") {
        return None;
    }
    let mut out = Out {
        body: String::new(),
        notes: Vec::new(),
        title: String::new(),
        author: String::new(),
        pending: Vec::new(),
        pending_cp: 1252,
        high: None,
        in_table: false,
    };
    let mut document_cp: u16 = 1252;
    let mut fonts: Vec<(i32, u16)> = Vec::new();
    let mut font_being_defined: Option<i32> = None;
    let mut st = State {
        dest: Dest::Body,
        uc: 1,
        codepage: 1252,
        hidden: false,
    };
    let mut stack: Vec<State> = Vec::new();
    // Groups opened past MAX_DEPTH, closed without a state to restore.
    let mut overflow = 0usize;
    // Fallback characters left to skip after `\uN`.
    let mut skip = 0usize;
    // After `\*`: the next control word starts an optional destination.
    let mut starred = false;
    // True right after `{`: the next control word may name the group's destination.
    let mut group_start = false;
    let mut i = start;
    while i < b.len() {
        let c = b[i];
        match c {
            b'{' => {
                out.flush(&st);
                skip = 0;
                if stack.len() < MAX_DEPTH {
                    stack.push(st);
                } else {
                    overflow += 1;
                }
                group_start = true;
                starred = false;
                i += 1;
                continue;
            }
            b'}' => {
                out.flush(&st);
                skip = 0;
                if st.dest == Dest::FontTable {
                    font_being_defined = None;
                }
                if overflow > 0 {
                    overflow -= 1;
                } else {
                    match stack.pop() {
                        Some(s) => st = s,
                        None => break, // the document's closing brace
                    }
                }
                group_start = false;
                starred = false;
                i += 1;
                continue;
            }
            b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'\\' => {}
            _ => {
                if skip > 0 {
                    skip -= 1;
                } else if st.dest == Dest::FontTable {
                    // `;` ends a font's entry.
                    if c == b';' {
                        font_being_defined = None;
                    }
                } else if c < 0x80 {
                    out.put(&st, c as char);
                } else {
                    out.byte(&st, c); // 8-bit text outside escapes: the code page's too
                }
                group_start = false;
                i += 1;
                continue;
            }
        }
        // A backslash.
        let Some(&next) = b.get(i + 1) else { break };
        if next.is_ascii_alphabetic() {
            let (name, param, after) = control_word(b, i + 1);
            i = after;
            let was_start = group_start;
            let was_starred = starred;
            group_start = false;
            starred = false;
            if skip > 0 && !matches!(name, "bin") {
                skip -= 1;
                continue;
            }
            if name == "bin" {
                let n = usize::try_from(param.unwrap_or(0)).unwrap_or(0);
                i = i.saturating_add(n).min(b.len());
                continue;
            }
            if st.dest == Dest::Skip {
                continue;
            }
            // Destinations.
            if was_start || was_starred {
                let dest = match name {
                    "fonttbl" => Some(Dest::FontTable),
                    "footnote" => Some(Dest::Footnote),
                    "title" if st.dest == Dest::Info => Some(Dest::Title),
                    "author" if st.dest == Dest::Info => Some(Dest::Author),
                    "info" => Some(Dest::Info),
                    n if SKIPPED.contains(&n) => Some(Dest::Skip),
                    _ if was_starred => Some(Dest::Skip),
                    _ => None,
                };
                if let Some(d) = dest {
                    out.flush(&st);
                    st.dest = d;
                    if d == Dest::Footnote {
                        out.notes.push(String::new());
                    }
                    continue;
                }
            }
            let p = param.unwrap_or(1);
            match name {
                "ansicpg" => {
                    if let Some(cp) = param.and_then(|p| u16::try_from(p).ok()) {
                        document_cp = cp;
                        st.codepage = cp;
                    }
                }
                "mac" => {
                    document_cp = 10000;
                    st.codepage = 10000;
                }
                "uc" => st.uc = usize::try_from(p).unwrap_or(1).min(8),
                "u" => {
                    if let Some(n) = param {
                        out.unicode(&st, n);
                        skip = st.uc;
                    }
                }
                "f" => {
                    if st.dest == Dest::FontTable {
                        font_being_defined = param;
                    } else if let Some(&(_, cp)) = fonts.iter().find(|(f, _)| Some(*f) == param) {
                        out.flush(&st);
                        st.codepage = cp;
                    }
                }
                "fcharset" => {
                    if let Some(f) = font_being_defined {
                        let cp = charset_codepage(p, document_cp);
                        fonts.retain(|(g, _)| *g != f);
                        fonts.push((f, cp));
                    }
                }
                "cpg" => {
                    if let (Some(f), Some(cp)) = (
                        font_being_defined,
                        param.and_then(|p| u16::try_from(p).ok()),
                    ) {
                        fonts.retain(|(g, _)| *g != f);
                        fonts.push((f, cp));
                    }
                }
                "v" => st.hidden = p != 0,
                "par" | "sect" | "page" => {
                    if out.in_table {
                        out.put(&st, ' ');
                    } else {
                        out.put(&st, '\n');
                        out.put(&st, '\n');
                    }
                }
                "line" => out.put(&st, '\n'),
                "tab" => out.put(&st, '\t'),
                "cell" | "nestcell" => {
                    out.flush(&st);
                    if let Some(t) = out.target(st.dest) {
                        let kept = t.trim_end_matches(' ').len();
                        t.truncate(kept);
                        t.push_str(" | ");
                    }
                }
                "row" | "nestrow" => {
                    out.flush(&st);
                    if let Some(t) = out.target(st.dest) {
                        let kept = t.trim_end_matches([' ', '|']).len();
                        t.truncate(kept);
                        t.push('\n');
                    }
                    out.in_table = false;
                }
                "intbl" => out.in_table = true,
                "pard" => out.in_table = false,
                "emdash" => out.put(&st, '—'),
                "endash" => out.put(&st, '–'),
                "lquote" => out.put(&st, '‘'),
                "rquote" => out.put(&st, '’'),
                "ldblquote" => out.put(&st, '“'),
                "rdblquote" => out.put(&st, '”'),
                "bullet" => out.put(&st, '•'),
                "emspace" | "enspace" | "qmspace" => out.put(&st, ' '),
                _ => {}
            }
            continue;
        }
        // A control symbol.
        i += 2;
        group_start = false;
        if next == b'*' {
            starred = true;
            continue;
        }
        starred = false;
        if skip > 0 {
            skip -= 1;
            if next == b'\'' {
                i = (i + 2).min(b.len());
            }
            continue;
        }
        match next {
            b'\'' => {
                let h = b.get(i).copied().and_then(hex);
                let l = b.get(i + 1).copied().and_then(hex);
                if let (Some(h), Some(l)) = (h, l) {
                    i += 2;
                    if st.dest != Dest::FontTable {
                        out.byte(&st, h * 16 + l);
                    }
                }
            }
            b'\\' | b'{' | b'}' => out.put(&st, next as char),
            b'~' => out.put(&st, '\u{a0}'),
            b'_' => out.put(&st, '\u{2011}'),
            b'\r' | b'\n' => {
                out.put(&st, '\n');
                out.put(&st, '\n');
            }
            _ => {} // \- (optional hyphen), \| and the rest
        }
    }
    out.flush(&st);
    let mut text = tidy(&out.body);
    let notes: Vec<String> = out
        .notes
        .iter()
        .map(|n| tidy(n))
        .filter(|n| !n.is_empty())
        .collect();
    if !notes.is_empty() {
        text.push_str("\n\n");
        text.push_str(&notes.join("\n\n"));
    }
    Some((text, tidy(&out.title), tidy(&out.author)))
}

/// Trailing spaces dropped, runs of blank lines cut to one, ends trimmed; no control
/// characters but newline and tab.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        let line: String = line
            .chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .collect();
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line.trim_start());
    }
    out
}

pub fn rtf(path: &str, bytes: &[u8], loaded: &mut Loaded) {
    let Some((text, title, author)) = parse(bytes) else {
        loaded.notices.push(notice(
            path,
            "not an RTF document (does not start with {\\rtf), skipped",
        ));
        return;
    };
    let mut fields = Vec::new();
    if !author.is_empty() {
        fields.push(("Author".to_string(), author));
    }
    push(
        path,
        Parts {
            format: Format::Rtf,
            title: (!title.is_empty()).then_some(title),
            text,
            fields,
            ..Default::default()
        },
        loaded,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(src: &str) -> String {
        parse(src.as_bytes()).expect("rtf").0
    }

    #[test]
    fn groups_words_escapes_and_destinations() {
        let src = r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Helvetica;}{\f1\fcharset204 Arial Cyr;}}
{\colortbl;\red255\green0\blue0;}{\*\generator Writer;}{\info{\title Port report}{\author Ana Torres}{\creatim\yr2021}}
\pard Dock workers in Valpara\'edso joined {\b the strike}\par
{\f1 \'ca\'e8\'bf\'e2} and \u1050?\u1080?\u1111?\u1074? again\par
Smile \u-10179?\u-8704? done\line next\tab cell{\*\unknown hidden}\par
{\pict\pngblip 89504e47}{\footnote A note from Lima.}End\~here.\par}";
        let (t, title, author) = parse(src.as_bytes()).expect("rtf");
        assert_eq!(title, "Port report");
        assert_eq!(author, "Ana Torres");
        assert_eq!(
            t,
            "Dock workers in Valparaíso joined the strike\n\nКиїв and Київ again\n\nSmile 😀 done\nnext\tcell\n\nEnd\u{a0}here.\n\nA note from Lima."
        );
    }

    #[test]
    fn tables_become_rows_and_uc_fallbacks_are_skipped() {
        let t = text(
            r"{\rtf1{\trowd\cellx100\cellx200\intbl{\pard\intbl A\par}\cell{\pard\intbl B\par}\cell\row}{\uc2 x\u233\'65\'65y}\par}",
        );
        assert_eq!(t, "A | B\nxéy");
    }

    #[test]
    fn bin_data_and_double_byte_code_pages() {
        let t = text("{\\rtf1\\ansi\\ansicpg932 \\'93\\'fa\\'96\\'7b{\\bin3 }}}x}");
        assert_eq!(t, "日本x");
    }

    #[test]
    fn not_rtf_and_garbage() {
        let mut l = Loaded::default();
        rtf("a.rtf", b"hello", &mut l);
        assert!(l.notices[0].message.contains("not an RTF"));
        for bad in [
            &b"{\\rtf"[..],
            b"{\\rtf1\\",
            b"{\\rtf1\\'",
            b"{\\rtf1\\'4",
            b"{\\rtf1\\u",
            b"{\\rtf1\\u-",
            b"{\\rtf1\\bin99999999999 x",
            b"{\\rtf1}}}}}\\par x",
            b"{\\rtf1\\u-10179?",
            b"{\\rtf1\\uc99999999999\\u65 abc",
        ] {
            let mut l = Loaded::default();
            rtf("g.rtf", bad, &mut l);
        }
        let deep = format!("{{\\rtf1 {}x{}", "{".repeat(100_000), "}".repeat(100_000));
        assert_eq!(text(&deep), "x");
    }
}
