//! Opening, moving in and accepting the list overlays (timeline, seen-with, mentions).

use super::*;

impl App {
    /// Opens the overlay for `a` (timeline, co-occurrence, mentions).
    pub fn open_panel(&mut self, a: Action) {
        let corpus = std::sync::Arc::clone(&self.corpus);
        let active = self.active.map(|x| x.entity);
        let need_active = |app: &mut App, what: &str| {
            app.message = Some(format!(
                "no active entity: activate one to see {what} (Enter in Entities, or Ctrl-P)"
            ));
        };
        let (rows, selected) = match a {
            Action::Timeline => {
                let rows = insight::timeline(&corpus, self.zoom);
                let sel = self.timeline_selection(&rows);
                (PanelRows::Timeline(rows), sel)
            }
            Action::Cooccurrence => {
                let Some(e) = active else {
                    need_active(self, "what appears with it");
                    return;
                };
                let rows = insight::cooccurrence(&corpus, &self.index, e);
                (PanelRows::Cooccurrence { subject: e, rows }, 0)
            }
            Action::MentionList => {
                let Some(e) = active else {
                    need_active(self, "its mentions");
                    return;
                };
                let rows = insight::mention_list(&corpus, e);
                let cur = self.active.map_or(0, |x| x.mention);
                let sel = rows.iter().position(|r| r.mention == cur).unwrap_or(0);
                (PanelRows::Mentions { subject: e, rows }, sel)
            }
            _ => return,
        };
        let mut panel = Panel {
            rows,
            nav: ListNav::default(),
        };
        panel.nav.selected = selected;
        self.panel = Some(panel);
        let h = self.panel_list_height();
        if let Some(p) = &mut self.panel {
            let len = p.len();
            p.nav.scroll_into_view(len, h);
        }
    }

    /// The timeline row to start on: the active date's bucket, else the open document's date.
    pub(crate) fn timeline_selection(&self, rows: &[TimelineRow]) -> usize {
        if let Some(a) = self.active {
            if let Some(i) = rows.iter().position(|r| r.entities.contains(&a.entity)) {
                return i;
            }
        }
        rows.iter()
            .position(|r| r.dated.iter().any(|&(d, _)| d == self.doc))
            .unwrap_or(0)
    }

    /// A key in a list overlay.
    pub(crate) fn panel_action(&mut self, a: Action) {
        match a {
            Action::ForceQuit => self.quit = true,
            Action::Cancel => self.panel = None,
            Action::Accept | Action::Activate => self.accept_panel(),
            Action::ZoomIn | Action::ZoomOut => {
                let Some(PanelRows::Timeline(_)) = self.panel.as_ref().map(|p| &p.rows) else {
                    return;
                };
                let old = self.zoom;
                self.zoom = if a == Action::ZoomIn {
                    old.finer()
                } else {
                    old.coarser()
                };
                if self.zoom == old {
                    self.message = Some(format!("timeline: already by {}", old.name()));
                    return;
                }
                // Keep the selected date in view: pick the bucket it falls in now.
                let keep = self.selected_timeline_row().and_then(|r| r.bucket);
                let rows = insight::timeline(&self.corpus, self.zoom);
                let sel = keep
                    .and_then(|b| {
                        let nb = insight::bucket(&b, self.zoom)?;
                        rows.iter()
                            .position(|r| r.bucket.as_deref() == Some(nb.as_str()))
                            .or_else(|| {
                                // Zooming in: the first finer bucket inside the old one.
                                rows.iter().position(|r| {
                                    r.bucket
                                        .as_deref()
                                        .and_then(|v| insight::bucket(v, old))
                                        .is_some_and(|ob| ob == b)
                                })
                            })
                    })
                    .unwrap_or(0);
                let h = self.panel_list_height();
                if let Some(p) = &mut self.panel {
                    p.rows = PanelRows::Timeline(rows);
                    p.nav.selected = sel;
                    p.nav.offset = 0;
                    let len = p.len();
                    p.nav.scroll_into_view(len, h);
                }
                self.message = Some(format!("timeline by {}", self.zoom.name()));
            }
            Action::Timeline | Action::Cooccurrence | Action::MentionList => {
                let same = matches!(
                    (a, self.panel.as_ref().map(|p| &p.rows)),
                    (Action::Timeline, Some(PanelRows::Timeline(_)))
                        | (Action::Cooccurrence, Some(PanelRows::Cooccurrence { .. }))
                        | (Action::MentionList, Some(PanelRows::Mentions { .. }))
                );
                if same {
                    self.panel = None;
                } else {
                    self.open_panel(a);
                }
            }
            Action::Down
            | Action::Up
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom
            | Action::SelectNext
            | Action::SelectPrev => {
                let h = self.panel_list_height();
                let Some(p) = &mut self.panel else { return };
                let mv = match a {
                    Action::SelectNext => Action::Down,
                    Action::SelectPrev => Action::Up,
                    other => other,
                };
                let len = p.len();
                p.nav.selected = moved(p.nav.selected, len, h, mv);
                p.nav.scroll_into_view(len, h);
            }
            _ => {}
        }
    }

    /// The selected timeline row, when the timeline is open.
    pub fn selected_timeline_row(&self) -> Option<TimelineRow> {
        let p = self.panel.as_ref()?;
        match &p.rows {
            PanelRows::Timeline(rows) => rows.get(p.nav.selected).cloned(),
            _ => None,
        }
    }

    /// Enter in a list overlay: go to what the row names.
    pub(crate) fn accept_panel(&mut self) {
        let Some(p) = self.panel.take() else { return };
        let sel = p.nav.selected;
        match p.rows {
            PanelRows::Timeline(rows) => {
                let Some(row) = rows.get(sel) else { return };
                if let Some(&e) = row.entities.first() {
                    self.remember_jump();
                    self.goto_mention(e, 0);
                } else if let Some(&(d, _)) = row.dated.first() {
                    self.remember_jump();
                    self.open_doc(d);
                    self.scroll = 0;
                }
            }
            PanelRows::Cooccurrence { rows, .. } => {
                let Some(row) = rows.get(sel) else { return };
                let e = row.entity;
                // Start at its first mention in this document when it has one here.
                let k = self
                    .corpus
                    .entities
                    .get(e)
                    .and_then(|x| x.mentions.iter().position(|m| m.doc() == self.doc))
                    .unwrap_or(0);
                self.remember_jump();
                self.goto_mention(e, k);
            }
            PanelRows::Mentions { subject, rows } => {
                let Some(row) = rows.get(sel) else { return };
                self.remember_jump();
                self.goto_mention(subject, row.mention);
            }
        }
        self.set_focus(Pane::Reader);
    }

    /// The context keys go to while an overlay of this module is open.
    pub(crate) fn panel_context(&self) -> Option<Context> {
        self.panel.as_ref().map(|_| Context::List)
    }

    /// True when `e` is a date entity (the timeline's Enter makes one active).
    pub fn is_date(&self, e: usize) -> bool {
        self.corpus
            .entities
            .get(e)
            .is_some_and(|x| x.kind == EntityKind::Date)
    }
}
