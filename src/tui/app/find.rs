//! The reader's search across documents: `n` past the open document's last hit goes to the
//! first hit of the next document (in the Sources list's order, as filtered) that has one, `N`
//! before its first hit to the previous one's last; both wrap around the list, with a message.
//! Which documents have a hit comes from the worker ([`JobKind::FindDocs`]: every text read
//! on a small corpus, the word index on a large one), so stepping never scans texts here.

use super::*;

impl App {
    /// Asks the worker which documents have a hit for the search as typed now.
    pub(crate) fn request_docs(&mut self) {
        self.reader.search.across = Default::default();
        let q = self.reader.search.prompt.text.clone();
        if q.is_empty() {
            self.cancel_job(JobKind::FindDocs);
        } else {
            self.send_job(JobKind::FindDocs, q);
        }
    }

    /// The worker named the documents with a hit (or said why not yet).
    pub(crate) fn on_docs(
        &mut self,
        generation: u64,
        docs: Option<Arc<Vec<u32>>>,
        note: Option<String>,
    ) {
        if !self.is_current(JobKind::FindDocs, generation) {
            return;
        }
        let known = docs.is_some();
        let a = &mut self.reader.search.across;
        a.docs = docs;
        a.note = note.clone();
        let waiting = a.waiting.take();
        self.refresh_across_rows();
        match (waiting, known) {
            (Some(forward), true) => self.step_hit(forward),
            (Some(_), false) => self.message = note,
            _ => {}
        }
    }

    /// The word index is ready: a search that waited for it asks again.
    pub(crate) fn docs_index_ready(&mut self) {
        let a = &self.reader.search.across;
        if self.reader.search.active() && a.docs.is_none() && a.note.is_some() {
            self.request_docs();
        }
    }

    /// Recomputes which Sources rows have a hit (the list or the documents changed).
    pub(crate) fn refresh_across_rows(&mut self) {
        let rows = match &self.reader.search.across.docs {
            Some(docs) => self
                .sources
                .rows
                .iter()
                .enumerate()
                .filter(|(_, r)| u32::try_from(r.doc).is_ok_and(|d| docs.binary_search(&d).is_ok()))
                .map(|(i, _)| i)
                .collect(),
            None => Vec::new(),
        };
        self.reader.search.across.rows = rows;
    }

    /// The open document's row in Sources, if it is listed.
    fn open_row(&self) -> Option<usize> {
        let sel = self.sources.nav.selected;
        if self
            .sources
            .rows
            .get(sel)
            .is_some_and(|r| r.doc == self.reader.doc)
        {
            return Some(sel);
        }
        self.sources
            .rows
            .iter()
            .position(|r| r.doc == self.reader.doc)
    }

    /// "hit k/n · document i of m with hits" for the status line.
    pub(crate) fn hit_message(&self) -> String {
        let s = &self.reader.search;
        let n = s.hits.len();
        let mut m = match s.current {
            Some(c) if n > 0 => format!("hit {}/{n}", c + 1),
            _ => "no hit in this document".to_string(),
        };
        let a = &s.across;
        if a.docs.is_some() {
            let total = a.rows.len();
            match self.open_row().and_then(|r| a.rows.binary_search(&r).ok()) {
                Some(i) => m.push_str(&format!(" · document {} of {total} with hits", i + 1)),
                None if total == 1 => m.push_str(" · 1 document with hits"),
                None => m.push_str(&format!(" · {total} documents with hits")),
            }
        } else if let Some(note) = &a.note {
            m.push_str(&format!(" · {note}"));
        }
        m
    }

    /// `n` / `N` during a search: the next or previous hit, past the open document's ends
    /// into the next or previous document with one.
    pub(crate) fn step_hit(&mut self, forward: bool) {
        let n = self.reader.search.hits.len();
        if n > 0 {
            let cur = self.reader.search.current.unwrap_or(0);
            let inside = if forward { cur + 1 < n } else { cur > 0 };
            if inside {
                let next = if forward { cur + 1 } else { cur - 1 };
                self.goto_hit(next);
                self.message = Some(self.hit_message());
                return;
            }
        }
        self.cross(forward);
    }

    fn goto_hit(&mut self, i: usize) {
        self.reader.search.current = Some(i);
        if let Some(r) = self.reader.search.hits.get(i) {
            let s = r.start;
            self.scroll_to(s);
        }
    }

    /// Past the open document's last hit (or before its first): the next document in the
    /// Sources list with a hit, wrapping around the list; the open document's own other end
    /// when it is the only one.
    fn cross(&mut self, forward: bool) {
        let n = self.reader.search.hits.len();
        if self.reader.search.across.docs.is_none() {
            match self.reader.search.across.note.clone() {
                Some(note) => {
                    self.wrap_within(forward);
                    self.add_message(note);
                }
                None => {
                    self.reader.search.across.waiting = Some(forward);
                    self.message = Some("searching the other documents…".into());
                }
            }
            return;
        }
        let rows = self.reader.search.across.rows.clone();
        let here = self.open_row();
        let len = rows.len();
        // Rows at or before the open one, and before it.
        let upto = here.map_or(0, |h| rows.partition_point(|&r| r <= h));
        let before = here.map_or(len, |h| rows.partition_point(|&r| r < h));
        let order: Box<dyn Iterator<Item = usize>> = if forward {
            Box::new((upto..len).chain(0..upto))
        } else {
            Box::new((0..before).rev().chain((before..len).rev()))
        };
        let mut jumped = false;
        for i in order {
            let Some(&row) = rows.get(i) else { continue };
            if Some(row) == here {
                // Around the list and back: the open document is the only one with a hit.
                break;
            }
            let Some(doc) = self.sources.rows.get(row).map(|r| r.doc) else {
                continue;
            };
            if !jumped {
                self.remember_jump();
                jumped = true;
            }
            self.open_doc(doc);
            let hits = self.reader.search.hits.len();
            if hits == 0 {
                continue;
            }
            self.goto_hit(if forward { 0 } else { hits - 1 });
            let wrapped = if forward { i < upto } else { i >= before };
            let mut m = self.hit_message();
            if wrapped {
                m.push_str(if forward {
                    " · wrapped to the first document"
                } else {
                    " · wrapped to the last document"
                });
            }
            self.message = Some(m);
            return;
        }
        if n > 0 {
            self.wrap_within(forward);
        } else if self
            .reader
            .search
            .across
            .docs
            .as_ref()
            .is_some_and(|d| !d.is_empty())
        {
            self.message = Some("no match in the documents Sources lists".into());
        } else {
            self.message = Some("no match in any document".into());
        }
    }

    /// The open document's other end (its first hit after the last, or the last before the
    /// first), with a message.
    fn wrap_within(&mut self, forward: bool) {
        let n = self.reader.search.hits.len();
        if n == 0 {
            self.message = Some("no match in this document".into());
            return;
        }
        self.goto_hit(if forward { 0 } else { n - 1 });
        let mut m = self.hit_message();
        m.push_str(if forward {
            " · wrapped to the top"
        } else {
            " · wrapped to the bottom"
        });
        self.message = Some(m);
    }
}
