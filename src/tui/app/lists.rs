//! The list overlays from the app's side: open the list an action names (from
//! [`crate::tui::overlays::LISTS`]), route its keys, and go where Enter points.

use super::*;
use crate::tui::overlays::list::{self, Go, ListOverlay};

impl App {
    /// Opens the list `a` names (timeline, seen-with, mentions), or says why it cannot.
    pub fn open_panel(&mut self, a: Action) {
        let Some(open) = crate::tui::overlays::list_for(a) else {
            return;
        };
        match open(&self.view()) {
            Ok((source, selected)) => {
                self.panel = Some(ListOverlay::new(source, selected));
                self.keep_list_selection_in_view();
            }
            Err(why) => self.message = Some(why),
        }
    }

    /// Rows the open list shows.
    pub fn panel_list_height(&self) -> usize {
        let prompt = self.panel.as_ref().is_some_and(|p| p.filter.visible());
        list::list_height(self.panel_rect(), prompt)
    }

    /// The open list's filter is being typed.
    pub(crate) fn panel_editing(&self) -> bool {
        self.panel.as_ref().is_some_and(|p| p.filter.editing)
    }

    /// Matches the open list's filter again (it changed).
    pub(crate) fn panel_filter_changed(&mut self) {
        let Some(mut p) = self.panel.take() else {
            return;
        };
        p.refilter(&self.view());
        self.panel = Some(p);
        self.keep_list_selection_in_view();
    }

    /// Esc on a filtered list: every row again, the selection kept.
    pub(crate) fn clear_panel_filter(&mut self) {
        if let Some(p) = &mut self.panel {
            p.filter = TextInput::default();
        }
        self.panel_filter_changed();
    }

    pub(crate) fn keep_list_selection_in_view(&mut self) {
        let h = self.panel_list_height();
        if let Some(p) = &mut self.panel {
            let len = p.len();
            p.nav.scroll_into_view(len, h);
        }
    }

    /// A key in a list overlay.
    pub(crate) fn panel_action(&mut self, a: Action) {
        let h = self.panel_list_height();
        let Some(p) = &mut self.panel else { return };
        let len = p.len();
        if p.nav.apply(a, len, h) {
            return;
        }
        match a {
            Action::ForceQuit => self.quit = true,
            Action::Cancel if p.filter.visible() => self.clear_panel_filter(),
            Action::Cancel => self.panel = None,
            Action::Filter => p.filter.editing = true,
            Action::Accept | Action::Activate => self.accept_panel(),
            // The key that opened this list closes it; another list's key opens that one.
            _ if p.source.action() == a => self.panel = None,
            _ if crate::tui::overlays::list_for(a).is_some() => self.open_panel(a),
            _ => {
                let Some(mut p) = self.panel.take() else {
                    return;
                };
                let selected = p.selected().unwrap_or(0);
                let handled = p.source.key(a, selected, &self.view());
                if let Some(h) = &handled {
                    if h.zoom.is_some() {
                        p.rows_changed(&self.view());
                    }
                }
                self.panel = Some(p);
                if let Some(h) = handled {
                    if let Some(z) = h.zoom {
                        self.zoom = z;
                    }
                    if let (Some(sel), Some(p)) = (h.select, &mut self.panel) {
                        p.nav = ListNav {
                            selected: p.position_of(sel).unwrap_or(0),
                            offset: 0,
                        };
                    }
                    self.message = h.message;
                    self.keep_list_selection_in_view();
                }
            }
        }
    }

    /// The selected timeline row, when the timeline is open.
    pub fn selected_timeline_row(&self) -> Option<TimelineRow> {
        let p = self.panel.as_ref()?;
        p.get::<crate::tui::overlays::timeline::Timeline>()?
            .rows
            .get(p.selected()?)
            .cloned()
    }

    /// Enter in a list overlay: go where the row points.
    pub(crate) fn accept_panel(&mut self) {
        let Some(p) = self.panel.take() else { return };
        let Some(i) = p.selected() else {
            self.panel = Some(p);
            return;
        };
        let Some(go) = p.source.accept(i, &self.view()) else {
            self.message = p.source.refusal(i, &self.view());
            self.panel = Some(p);
            return;
        };
        self.remember_jump();
        match go {
            Go::Mention { entity, mention } => self.goto_mention(entity, mention),
            Go::Entity(e) => {
                // Start at its first mention in this document when it has one here.
                let k = self
                    .corpus
                    .entities
                    .get(e)
                    .and_then(|x| x.mentions.iter().position(|m| m.doc() == self.reader.doc))
                    .unwrap_or(0);
                self.goto_mention(e, k);
            }
            Go::Document(d) => {
                self.open_doc(d);
                self.reader.scroll = 0;
            }
        }
        self.set_focus(Pane::Reader);
    }

    /// The context keys go to while a list is open.
    pub(crate) fn panel_context(&self) -> Option<Context> {
        self.panel.as_ref().map(|p| {
            if p.filter.editing {
                Context::Prompt
            } else {
                Context::List
            }
        })
    }

    /// True when `e` is a date entity (the timeline's Enter makes one active).
    pub fn is_date(&self, e: usize) -> bool {
        self.corpus
            .entities
            .get(e)
            .is_some_and(|x| x.kind == EntityKind::Date)
    }
}
