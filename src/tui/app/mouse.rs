//! Mouse: a click focuses a pane and selects a row, a second click opens it, a click on a
//! mention activates its entity, the wheel scrolls the pane under the pointer.

use super::*;

impl App {
    pub(crate) fn on_mouse(&mut self, m: MouseEvent) {
        let (x, y) = (m.column, m.row);
        if self.help.is_some() {
            match m.kind {
                MouseEventKind::ScrollDown => self.help_scroll(Action::Down),
                MouseEventKind::ScrollUp => self.help_scroll(Action::Up),
                MouseEventKind::Down(_) => self.help = None,
                _ => {}
            }
            return;
        }
        if self.panel.is_some() {
            match m.kind {
                MouseEventKind::ScrollDown => self.panel_action(Action::Down),
                MouseEventKind::ScrollUp => self.panel_action(Action::Up),
                MouseEventKind::Down(MouseButton::Left) => {
                    let r = self.panel_rect();
                    if !geometry::contains(r, x, y) {
                        self.panel = None;
                    } else if let Some(p) = &mut self.panel {
                        if let Some(row) = crate::tui::overlays::list::row_at(r, y, p) {
                            if p.nav.selected == row {
                                self.panel_action(Action::Accept);
                            } else {
                                p.nav.selected = row;
                            }
                        }
                    }
                }
                _ => {}
            }
            return;
        }
        if self.picker.is_some() {
            match m.kind {
                MouseEventKind::ScrollDown => self.picker_key(Some(Action::SelectNext), None),
                MouseEventKind::ScrollUp => self.picker_key(Some(Action::SelectPrev), None),
                MouseEventKind::Down(MouseButton::Left)
                    if !geometry::contains(geometry::palette_rect(self.area), x, y) =>
                {
                    self.picker = None;
                }
                _ => {}
            }
            return;
        }
        if self.palette.is_some() {
            match m.kind {
                MouseEventKind::ScrollDown => self.palette_action(Action::SelectNext),
                MouseEventKind::ScrollUp => self.palette_action(Action::SelectPrev),
                MouseEventKind::Down(MouseButton::Left)
                    if !geometry::contains(geometry::palette_rect(self.area), x, y) =>
                {
                    self.palette_action(Action::Cancel);
                }
                _ => {}
            }
            return;
        }
        let rects = self.rects();
        let Some(pane) = rects.pane_at(x, y) else {
            return;
        };
        match m.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let down = m.kind == MouseEventKind::ScrollDown;
                match pane {
                    Pane::Reader => {
                        let max = self.max_scroll();
                        self.reader.scroll = if down {
                            self.reader.scroll.saturating_add(3).min(max)
                        } else {
                            self.reader.scroll.saturating_sub(3)
                        };
                    }
                    _ => {
                        for _ in 0..3 {
                            self.move_in(pane, if down { Action::Down } else { Action::Up });
                        }
                    }
                }
            }
            MouseEventKind::Down(MouseButton::Left) => {
                self.set_focus(pane);
                // The layout may change with focus (narrow screens): hit-test the new one.
                let rects = self.rects();
                let Some(r) = rects.get(pane) else { return };
                match pane {
                    Pane::Reader => self.click_text(x, y),
                    Pane::Sources | Pane::Entities => {
                        let prompt = if pane == Pane::Sources {
                            self.sources.filter.visible()
                        } else {
                            self.entities.filter.visible()
                        };
                        let (list, _) = geometry::list_and_prompt(geometry::inner(r), prompt);
                        if !geometry::contains(list, x, y) {
                            return;
                        }
                        let nav = if pane == Pane::Sources {
                            self.sources.nav
                        } else {
                            self.entities.nav
                        };
                        let per = if pane == Pane::Sources {
                            geometry::SOURCE_ROW_HEIGHT
                        } else {
                            1
                        };
                        let row = nav.offset + usize::from(y - list.y) / per;
                        let was = nav.selected;
                        match pane {
                            Pane::Sources if row < self.sources.rows.len() => {
                                self.sources.nav.selected = row;
                                if row == was {
                                    self.activate();
                                }
                            }
                            Pane::Entities => match self.entities.rows.get(row) {
                                Some(EntityRow::Entity { .. }) => {
                                    self.entities.nav.selected = row;
                                    if row == was {
                                        self.activate();
                                    }
                                }
                                // A click on a kind's header folds or unfolds its group.
                                Some(EntityRow::Header { .. }) => {
                                    self.entities.nav.selected = row;
                                    self.toggle_group();
                                }
                                None => {}
                            },
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// A click in the reader's text: a mention under the pointer becomes active.
    pub(crate) fn click_text(&mut self, x: u16, y: u16) {
        let text = self.text_rect();
        if !geometry::contains(text, x, y) {
            return;
        }
        let line = self.reader.scroll + usize::from(y - text.y);
        let Some(range) = self.reader.layout.lines.get(line).cloned() else {
            return;
        };
        let Some(doc) = self.corpus.documents.get(self.reader.doc) else {
            return;
        };
        let slice = doc.text.get(range.clone()).unwrap_or("");
        let target = usize::from(x - text.x);
        let mut col = 0;
        let mut offset = None;
        for (i, g) in unicode_segmentation::UnicodeSegmentation::grapheme_indices(slice, true) {
            let w = wrap::display(g, col).1;
            if target < col + w {
                offset = Some(range.start + i);
                break;
            }
            col += w;
        }
        let Some(offset) = offset else { return };
        let Some(span) = self.index.span_at(self.reader.doc, offset) else {
            return;
        };
        let Some(ent) = self.corpus.entities.get(span.entity()) else {
            return;
        };
        let probe = Mention::new(self.reader.doc, span.start(), span.end()).unwrap_or(Mention {
            doc: u32::MAX,
            start: 0,
            end: 0,
        });
        let k = crate::index::mention_position(&ent.mentions, &probe)
            .or_else(|| {
                ent.mentions
                    .iter()
                    .position(|m| m.doc() == self.reader.doc && m.start() == span.start())
            })
            .unwrap_or(0);
        self.goto_mention(span.entity(), k);
    }
}
