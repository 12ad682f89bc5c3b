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
        list::list_height(self.panel_rect())
    }

    fn keep_list_selection_in_view(&mut self) {
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
            Action::Cancel => self.panel = None,
            Action::Accept | Action::Activate => self.accept_panel(),
            // The key that opened this list closes it; another list's key opens that one.
            _ if p.source.action() == a => self.panel = None,
            _ if crate::tui::overlays::list_for(a).is_some() => self.open_panel(a),
            _ => {
                let Some(mut p) = self.panel.take() else {
                    return;
                };
                let handled = p.source.key(a, p.nav.selected, &self.view());
                self.panel = Some(p);
                if let Some(h) = handled {
                    if let Some(z) = h.zoom {
                        self.zoom = z;
                    }
                    if let (Some(sel), Some(p)) = (h.select, &mut self.panel) {
                        p.nav = ListNav {
                            selected: sel,
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
            .get(p.nav.selected)
            .cloned()
    }

    /// Enter in a list overlay: go where the row points.
    pub(crate) fn accept_panel(&mut self) {
        let Some(p) = self.panel.take() else { return };
        let Some(go) = p.source.accept(p.nav.selected, &self.view()) else {
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
