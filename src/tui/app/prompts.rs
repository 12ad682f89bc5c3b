//! The `/` prompts: the Sources and Entities filters (ranked on the worker) and the reader's
//! search in the open document (across documents: `find.rs`).

use super::*;

impl App {
    pub(crate) fn clear_filter(&mut self, pane: Pane) {
        match pane {
            Pane::Sources => {
                self.sources.filter = TextInput::default();
                self.sources.text_mode = false;
                self.sources.matches = None;
                self.sources.note = None;
                self.cancel_job(JobKind::Sources { text: false });
                // Back on the open document, in view.
                self.sources.nav.selected = usize::MAX;
                self.rebuild_sources();
                self.keep_sources_selection_in_view();
            }
            Pane::Entities => {
                self.entities.filter = TextInput::default();
                self.entities.matches = None;
                self.cancel_job(JobKind::Entities);
                self.rebuild_entities();
            }
            Pane::Reader => self.clear_search(),
        }
    }

    /// Scrolls Sources so its selection shows.
    pub(crate) fn keep_sources_selection_in_view(&mut self) {
        let h = self.list_height(Pane::Sources);
        let len = self.sources.rows.len();
        self.sources.nav.scroll_into_view(len, h);
    }

    pub(crate) fn clear_search(&mut self) {
        self.reader.search = Search::default();
        self.cancel_job(JobKind::FindDocs);
    }

    pub(crate) fn prompt_mut(&mut self) -> Option<&mut TextInput> {
        if self.panel_editing() {
            return self.panel.as_mut().map(|p| &mut p.filter);
        }
        match self.editing_prompt()? {
            Pane::Sources => Some(&mut self.sources.filter),
            Pane::Entities => Some(&mut self.entities.filter),
            Pane::Reader => Some(&mut self.reader.search.prompt),
        }
    }

    pub(crate) fn prompt_action(&mut self, a: Action) {
        if self.panel_editing() {
            return self.panel_prompt_action(a);
        }
        let Some(pane) = self.editing_prompt() else {
            return;
        };
        match a {
            Action::ForceQuit => self.quit = true,
            Action::Accept => {
                if let Some(p) = self.prompt_mut() {
                    p.editing = false;
                }
                if pane == Pane::Reader {
                    if self.reader.search.hits.is_empty() && self.reader.search.active() {
                        let others = !self.reader.search.across.rows.is_empty();
                        self.message = Some(if others {
                            "no match in this document; n goes to the next document with one".into()
                        } else {
                            "no match in this document".into()
                        });
                    }
                    if !self.reader.search.active() {
                        self.clear_search();
                    }
                } else if self.prompt_mut().is_some_and(|p| p.is_empty()) {
                    self.clear_filter(pane);
                }
            }
            Action::Cancel => self.clear_filter(pane),
            Action::ToggleText if pane == Pane::Sources => {
                self.sources.text_mode = !self.sources.text_mode;
                self.message = Some(if self.sources.text_mode {
                    "Sources filter: titles, paths and every line of text".into()
                } else {
                    "Sources filter: titles and paths".into()
                });
                self.prompt_changed();
            }
            Action::SelectNext | Action::Down => match pane {
                Pane::Reader => self.step_hit(true),
                _ => self.move_in(pane, Action::Down),
            },
            Action::SelectPrev | Action::Up => match pane {
                Pane::Reader => self.step_hit(false),
                _ => self.move_in(pane, Action::Up),
            },
            _ => {
                if self.prompt_mut().is_some_and(|p| p.edit(Some(a), None)) {
                    self.prompt_changed();
                }
            }
        }
    }

    /// A key in an open list's `/` filter.
    fn panel_prompt_action(&mut self, a: Action) {
        let h = self.panel_list_height();
        match a {
            Action::ForceQuit => self.quit = true,
            Action::Accept => {
                if let Some(p) = &mut self.panel {
                    p.filter.editing = false;
                    if p.filter.is_empty() {
                        self.clear_panel_filter();
                    }
                }
            }
            Action::Cancel => self.clear_panel_filter(),
            Action::SelectNext | Action::Down | Action::SelectPrev | Action::Up => {
                if let Some(p) = &mut self.panel {
                    let len = p.len();
                    p.nav.apply(a, len, h);
                }
            }
            _ => {
                if self.prompt_mut().is_some_and(|p| p.edit(Some(a), None)) {
                    self.prompt_changed();
                }
            }
        }
    }

    pub(crate) fn prompt_changed(&mut self) {
        if self.panel_editing() {
            return self.panel_filter_changed();
        }
        if let Some(pane) = self.editing_prompt() {
            self.refilter(pane);
        }
    }

    /// Asks again for what `pane`'s prompt holds: the Sources or Entities filter (ranked on
    /// the worker) or the reader's search (an empty prompt: the whole list, no search).
    pub(crate) fn refilter(&mut self, pane: Pane) {
        match pane {
            Pane::Sources => {
                let q = self.sources.filter.text.trim().to_string();
                if q.is_empty() {
                    self.sources.matches = None;
                    self.cancel_job(JobKind::Sources { text: false });
                    self.rebuild_sources();
                } else {
                    let text = self.sources.text_mode;
                    self.send_job(JobKind::Sources { text }, q);
                }
            }
            Pane::Entities => {
                let q = self.entities.filter.text.trim().to_string();
                if q.is_empty() {
                    self.entities.matches = None;
                    self.cancel_job(JobKind::Entities);
                    self.rebuild_entities();
                } else {
                    self.send_job(JobKind::Entities, q);
                }
            }
            Pane::Reader => {
                self.run_search();
                self.request_docs();
            }
        }
    }

    /// Searches the open document (bounded: one document, at most 10 000 hits) and moves to
    /// the first hit at or after the top of the page.
    pub(crate) fn run_search(&mut self) {
        let Some(d) = self.corpus.documents.get(self.reader.doc) else {
            return;
        };
        let from = if d.text.is_char_boundary(d.body_start) {
            d.body_start
        } else {
            0
        };
        self.reader.search.hits = find_all(&d.text, from, &self.reader.search.prompt.text, 10_000);
        let top = self
            .reader
            .layout
            .lines
            .get(self.reader.scroll)
            .map(|r| r.start)
            .unwrap_or(0);
        self.reader.search.current = if self.reader.search.hits.is_empty() {
            None
        } else {
            Some(
                self.reader
                    .search
                    .hits
                    .partition_point(|r| r.start < top)
                    .min(self.reader.search.hits.len() - 1),
            )
        };
        if let Some(r) = self
            .reader
            .search
            .current
            .and_then(|i| self.reader.search.hits.get(i))
        {
            let s = r.start;
            self.scroll_to(s);
        }
    }
}
