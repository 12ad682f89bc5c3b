//! Positions, marks (`M`, `'`) and the jump list (Ctrl-O / Ctrl-I, `''`).

use super::*;
use crate::tui::places::JUMPS;

impl App {
    /// Where the reader is: the open document and the first byte on screen.
    pub fn position(&self) -> Pos {
        let offset = self
            .reader
            .layout
            .lines
            .get(self.reader.scroll)
            .map(|r| r.start)
            .unwrap_or(0);
        Pos {
            doc: self.reader.doc,
            offset,
        }
    }

    /// Opens `p.doc` with the line holding `p.offset` at the top.
    pub fn go_to(&mut self, p: Pos) {
        if p.doc >= self.corpus.documents.len() {
            self.message = Some("that place is no longer in the corpus".into());
            return;
        }
        self.open_doc(p.doc);
        self.relayout();
        self.reader.scroll = wrap::line_of(&self.reader.layout.lines, p.offset);
        self.relayout();
    }

    /// Records the current position as the start of a jump (before moving away).
    pub fn remember_jump(&mut self) {
        let here = self.position();
        let p = &mut self.places;
        p.jumps.truncate(p.at);
        if p.jumps.last() != Some(&here) {
            p.jumps.push(here);
        }
        if p.jumps.len() > JUMPS {
            p.jumps.remove(0);
        }
        p.at = p.jumps.len();
        p.before_jump = Some(here);
    }

    /// Ctrl-O (`forward == false`) and Ctrl-I.
    pub fn walk_jumps(&mut self, forward: bool) {
        let here = self.position();
        let p = &mut self.places;
        if forward {
            if p.at + 1 >= p.jumps.len() {
                self.message = Some("at the newest position".into());
                return;
            }
            p.at += 1;
        } else {
            if p.at == 0 || p.jumps.is_empty() {
                self.message = Some("at the oldest position".into());
                return;
            }
            if p.at >= p.jumps.len() {
                // Leaving the newest place: keep it so Ctrl-I can come back.
                if p.jumps.last() != Some(&here) {
                    p.jumps.push(here);
                }
                p.at = p.jumps.len() - 1;
            }
            p.at -= 1;
        }
        let Some(target) = p.jumps.get(p.at).copied() else {
            return;
        };
        let k = self.places.at + 1;
        let n = self.places.jumps.len();
        self.go_to(target);
        self.message = Some(format!("jump {k}/{n}"));
    }

    /// A key after `M` or `'`.
    pub(crate) fn finish_mark(&mut self, what: Awaiting, c: char) {
        match what {
            Awaiting::SetMark => {
                if !c.is_ascii_alphabetic() {
                    self.message = Some("marks are letters: a-z, A-Z".into());
                    return;
                }
                let here = self.position();
                self.places.marks.insert(c, here);
                self.message = Some(format!("mark {c} set"));
            }
            Awaiting::GotoMark if c == '\'' || c == '`' => {
                let Some(back) = self.places.before_jump else {
                    self.message = Some("no jump to go back from yet".into());
                    return;
                };
                let here = self.position();
                self.go_to(back);
                self.places.before_jump = Some(here);
            }
            Awaiting::GotoMark => match self.places.marks.get(&c).copied() {
                Some(p) => {
                    self.remember_jump();
                    self.go_to(p);
                    self.message = Some(format!("mark {c}"));
                }
                None => self.message = Some(format!("mark {c} is not set")),
            },
        }
    }
}
