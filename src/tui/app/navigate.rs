//! Moving through the corpus: lists, opening documents, activating entities, stepping through
//! mentions (`n` / `N`) and jumping to palette targets.

use super::*;

impl App {
    pub(crate) fn move_in(&mut self, pane: Pane, a: Action) {
        match pane {
            Pane::Reader => {
                let h = self.text_height();
                let max = self.max_scroll();
                self.reader.scroll = match a {
                    Action::Down => self.reader.scroll.saturating_add(1),
                    Action::Up => self.reader.scroll.saturating_sub(1),
                    Action::HalfPageDown => self.reader.scroll.saturating_add((h / 2).max(1)),
                    Action::HalfPageUp => self.reader.scroll.saturating_sub((h / 2).max(1)),
                    Action::PageDown => self
                        .reader
                        .scroll
                        .saturating_add(h.saturating_sub(1).max(1)),
                    Action::PageUp => self
                        .reader
                        .scroll
                        .saturating_sub(h.saturating_sub(1).max(1)),
                    Action::Top => 0,
                    Action::Bottom => max,
                    _ => self.reader.scroll,
                }
                .min(max);
            }
            Pane::Sources => {
                let len = self.sources.rows.len();
                let h = self.list_height(Pane::Sources);
                let nav = &mut self.sources.nav;
                nav.selected = moved(nav.selected, len, h, a);
            }
            Pane::Entities => {
                let len = self.entities.rows.len();
                let h = self.list_height(Pane::Entities);
                let old = self.entities.nav.selected;
                let sel = moved(old, len, h, a);
                let rows = &self.entities.rows;
                let is_entity = |j: &usize| rows.get(*j).is_some_and(EntityRow::selectable);
                let sel = if sel >= old && a != Action::Top {
                    (sel..len)
                        .find(is_entity)
                        .or_else(|| (0..sel).rev().find(is_entity))
                } else {
                    (0..=sel)
                        .rev()
                        .find(is_entity)
                        .or_else(|| (sel..len).find(is_entity))
                }
                .unwrap_or(old);
                self.entities.nav.selected = sel;
            }
        }
    }

    pub(crate) fn first_entity_row_from(&self, i: usize) -> Option<usize> {
        (i..self.entities.rows.len())
            .chain((0..i).rev())
            .find(|&j| self.entities.rows.get(j).is_some_and(EntityRow::selectable))
    }

    pub(crate) fn activate(&mut self) {
        match self.focus {
            Pane::Sources => {
                if let Some(row) = self.sources.rows.get(self.sources.nav.selected) {
                    let d = row.doc;
                    if d != self.reader.doc {
                        self.remember_jump();
                    }
                    self.open_doc(d);
                    self.set_focus(Pane::Reader);
                }
            }
            Pane::Entities => {
                if let Some(EntityRow::Header {
                    collapsed: true, ..
                }) = self.entities.rows.get(self.entities.nav.selected)
                {
                    self.toggle_group();
                } else if let Some(EntityRow::Entity { entity, .. }) =
                    self.entities.rows.get(self.entities.nav.selected)
                {
                    let e = *entity;
                    // In document scope, the first mention in this document; otherwise the
                    // first in the corpus.
                    let k = match self.entities.scope {
                        Scope::Document => self
                            .corpus
                            .entities
                            .get(e)
                            .and_then(|ent| {
                                ent.mentions.iter().position(|m| m.doc() == self.reader.doc)
                            })
                            .unwrap_or(0),
                        Scope::Corpus => 0,
                    };
                    self.remember_jump();
                    self.goto_mention(e, k);
                }
            }
            Pane::Reader => {
                if self.reader.search.active() {
                    self.step_hit(true);
                }
            }
        }
    }

    /// Opens document `d` at the top.
    pub fn open_doc(&mut self, d: usize) {
        if d >= self.corpus.documents.len() {
            return;
        }
        if d != self.reader.doc {
            self.reader.doc = d;
            self.reader.scroll = 0;
            self.reader.flash = None;
            if self.reader.search.active() {
                let keep = self.reader.search.prompt.clone();
                let across = std::mem::take(&mut self.reader.search.across);
                self.reader.search = Search {
                    prompt: keep,
                    across,
                    ..Search::default()
                };
                self.relayout();
                let editing = self.reader.search.prompt.editing;
                self.reader.search.prompt.editing = true;
                let focus = self.focus;
                self.focus = Pane::Reader;
                self.run_search();
                self.focus = focus;
                self.reader.search.prompt.editing = editing;
            }
            if self.entities.scope == Scope::Document {
                self.rebuild_entities();
            }
        }
        if let Some(i) = self.sources.rows.iter().position(|r| r.doc == d) {
            self.sources.nav.selected = i;
        }
        self.relayout();
    }

    pub(crate) fn step_document(&mut self, forward: bool) {
        let n = self.corpus.documents.len();
        if n == 0 {
            return;
        }
        let d = if forward {
            (self.reader.doc + 1) % n
        } else {
            (self.reader.doc + n - 1) % n
        };
        self.open_doc(d);
    }

    /// Makes entity `e` active at its mention `k`, opening its document and scrolling to it.
    pub fn goto_mention(&mut self, e: usize, k: usize) {
        let Some(m) = self
            .corpus
            .entities
            .get(e)
            .and_then(|ent| ent.mentions.get(k))
            .copied()
        else {
            return;
        };
        self.active = Some(Active {
            entity: e,
            mention: k,
        });
        self.open_doc(m.doc());
        self.scroll_to(m.start());
        self.select_entity_row(e);
    }

    pub(crate) fn select_entity_row(&mut self, e: usize) {
        if let Some(i) = self
            .entities
            .rows
            .iter()
            .position(|r| matches!(r, EntityRow::Entity { entity, .. } if *entity == e))
        {
            self.entities.nav.selected = i;
        }
    }

    /// n / N: the next or previous mention of the active entity in corpus order (or search hit
    /// during a reader search, across documents: `find.rs`), wrapping with a message.
    pub(crate) fn step(&mut self, forward: bool) {
        if self.focus == Pane::Reader && self.reader.search.active() {
            self.step_hit(forward);
            return;
        }
        let Some(act) = self.active else {
            self.message = Some(self.settings.keymap.no_active_entity());
            return;
        };
        let Some(ent) = self.corpus.entities.get(act.entity) else {
            return;
        };
        let n = ent.mentions.len();
        if n == 0 {
            return;
        }
        if n == 1 {
            self.message = Some("the only mention".into());
            self.goto_mention(act.entity, 0);
            return;
        }
        let cur = ent.mentions.get(act.mention).copied();
        let (k, wrapped) = if cur.is_some_and(|m| m.doc() == self.reader.doc) {
            if forward {
                if act.mention + 1 < n {
                    (act.mention + 1, false)
                } else {
                    (0, true)
                }
            } else if act.mention > 0 {
                (act.mention - 1, false)
            } else {
                (n - 1, true)
            }
        } else {
            // The reader moved to another document: continue from where it is.
            let top = self
                .reader
                .layout
                .lines
                .get(self.reader.scroll)
                .map(|r| r.start)
                .unwrap_or(0);
            let here = Mention::new(self.reader.doc, top, top).unwrap_or(Mention {
                doc: u32::MAX,
                start: 0,
                end: 0,
            });
            let i = ent
                .mentions
                .partition_point(|m| (m.doc, m.start) < (here.doc, here.start));
            if forward {
                if i < n {
                    (i, false)
                } else {
                    (0, true)
                }
            } else if i > 0 {
                (i - 1, false)
            } else {
                (n - 1, true)
            }
        };
        self.remember_jump();
        if wrapped {
            self.message = Some(if forward {
                "no more mentions: wrapped to the first".into()
            } else {
                "no earlier mentions: wrapped to the last".into()
            });
        }
        self.goto_mention(act.entity, k);
    }

    /// Goes where a search target points.
    pub fn jump(&mut self, target: Target) {
        self.remember_jump();
        match target {
            Target::Entity(e) => {
                self.goto_mention(e, 0);
                self.set_focus(Pane::Reader);
            }
            Target::Document(d) => {
                self.open_doc(d);
                self.reader.scroll = 0;
                self.set_focus(Pane::Reader);
            }
            Target::Line {
                doc, start, end, ..
            } => {
                self.open_doc(doc);
                self.reader.flash = Some(start..end);
                self.scroll_to(start);
                self.set_focus(Pane::Reader);
            }
        }
    }

    /// "mention k/M · d docs" facts for the status line.
    pub fn active_info(&self) -> Option<(&Entity, usize, usize, usize)> {
        let a = self.active?;
        let e = self.corpus.entities.get(a.entity)?;
        Some((e, a.mention + 1, e.mentions.len(), e.doc_count()))
    }

    /// The year of a document's date, for compact columns.
    pub fn doc_year(&self, d: usize) -> Option<i32> {
        self.corpus.documents.get(d)?.date.map(|x| x.year())
    }
}
