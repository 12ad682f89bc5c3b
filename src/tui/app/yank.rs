//! `y`: copy the passage in view with its source, for the notes a reporter keeps. The passage
//! is the sentence of the current search hit, else of the active entity's mention in the open
//! document, else of the first line on screen; the source line names the document's title,
//! date and path. The event loop hands the text to the terminal's clipboard (OSC 52).

use super::*;
use crate::insight::{sentence_of, sentences};

/// The longest passage copied, in characters (terminals cap what OSC 52 may carry).
const MAX_CHARS: usize = 2_000;
/// How far around the offset the sentence is looked for, in bytes: a sentence longer than
/// this is cut, and a 50 MB document is not split whole for one key.
const WINDOW: usize = 8_192;

impl App {
    /// The passage in view, as [`Effect::Copy`] will carry it, and a status message.
    pub(crate) fn yank(&mut self) {
        let Some(d) = self.corpus.documents.get(self.reader.doc) else {
            self.message = Some("nothing to copy".into());
            return;
        };
        let Some(at) = self.yank_offset() else {
            self.message = Some("nothing to copy: the document is empty".into());
            return;
        };
        let passage = passage_at(&d.text, d.body_start, at);
        if passage.is_empty() {
            self.message = Some("nothing to copy here".into());
            return;
        }
        let date = d.date.map(|v| format!(" ({})", v.format("%Y-%m-%d")));
        let source = format!(
            "— {}{}, {}",
            clean(&d.title),
            date.unwrap_or_default(),
            clean(&crate::tui::paths::shown(d, None))
        );
        let preview: String = passage.chars().take(40).collect();
        let more = if passage.chars().count() > 40 {
            "…"
        } else {
            ""
        };
        self.message = Some(format!(
            "copied \"{preview}{more}\" with its source (sent to the terminal's clipboard by OSC 52)"
        ));
        self.copy = Some(format!("\"{passage}\"\n{source}"));
    }

    /// Where the passage is: the current search hit, the active mention in this document, or
    /// the first line on screen.
    fn yank_offset(&self) -> Option<usize> {
        let s = &self.reader.search;
        if let Some(hit) = s.current.and_then(|i| s.hits.get(i)) {
            return Some(hit.start);
        }
        if let Some(a) = &self.active {
            let m = self
                .corpus
                .entities
                .get(a.entity)
                .and_then(|e| e.mentions.as_slice().get(a.mention));
            if let Some(m) = m.filter(|m| m.doc as usize == self.reader.doc) {
                return Some(m.start as usize);
            }
        }
        self.reader
            .layout
            .lines
            .get(self.reader.scroll)
            .map(|r| r.start)
    }
}

/// The sentence of `text` around byte `at` (the body starts at `body_start`), whitespace runs
/// as one space, control characters as their visible stand-ins, at most [`MAX_CHARS`].
pub(crate) fn passage_at(text: &str, body_start: usize, at: usize) -> String {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let at = floor(at);
    let from = floor(at.saturating_sub(WINDOW).max(body_start.min(at)));
    let to = floor(at.saturating_add(WINDOW));
    let window = &text[from..to];
    let all = sentences(window, 0);
    let Some(r) = sentence_of(&all, at - from) else {
        return String::new();
    };
    let mut out = String::new();
    let mut count = 0;
    for word in window[r].split_whitespace() {
        if count >= MAX_CHARS {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            count += 1;
        }
        for c in word.chars() {
            out.push(crate::sanitize::placeholder(c).unwrap_or(c));
            count += 1;
        }
    }
    out
}

/// One line of metadata, safe to paste: control characters as their stand-ins.
fn clean(s: &str) -> String {
    s.split_whitespace()
        .flat_map(|w| w.chars().chain([' ']))
        .map(|c| crate::sanitize::placeholder(c).unwrap_or(c))
        .collect::<String>()
        .trim_end()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_passage_is_the_sentence_around_the_offset_on_one_line() {
        let text = "Title\n\nThe first sentence. The council met\non Sunday, the minister said. Then more.";
        let at = text.find("minister").unwrap_or(0);
        assert_eq!(
            passage_at(text, 7, at),
            "The council met on Sunday, the minister said."
        );
    }

    #[test]
    fn control_characters_and_long_sentences_are_made_safe() {
        let text = format!(
            "Evil \u{1b}[31mred\u{7} text {} end.",
            "word ".repeat(1_000)
        );
        let p = passage_at(&text, 0, 3);
        assert!(!p.chars().any(|c| c.is_control()), "{p:?}");
        assert!(p.starts_with("Evil ␛[31mred␇ text"), "{p:?}");
        assert!(
            p.ends_with('…') && p.chars().count() <= MAX_CHARS + 10,
            "{p:?}"
        );
    }

    #[test]
    fn any_offset_in_any_text_gives_a_passage_without_panicking() {
        let texts = ["", "é", "中文的新闻。报道", "a.\n\n\n", "\u{0}\u{0}"];
        for t in texts {
            for at in 0..t.len() + 3 {
                let _ = passage_at(t, 1, at);
            }
        }
        let big = "x".repeat(3 * WINDOW) + ". Ünïcode sentence here.";
        assert_eq!(passage_at(&big, 0, big.len() - 3), "Ünïcode sentence here.");
    }
}
