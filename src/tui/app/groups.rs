//! Groups in the side lists: `}` / `{` jump to the next / previous kind group in Entities (or
//! folder in Sources), `z` folds the selected entity's group to its header, `Z` folds or unfolds
//! them all.

use super::*;

impl App {
    /// `}` / `{`: the first row of the next / previous group of the focused list.
    pub(crate) fn step_group(&mut self, forward: bool) {
        match self.focus {
            Pane::Entities => self.step_entity_group(forward),
            Pane::Sources => self.step_folder(forward),
            Pane::Reader => {
                self.message = Some("groups: in Sources (folders) and Entities (kinds)".into())
            }
        }
    }

    /// The header row of the group holding row `i` of Entities.
    fn header_of(&self, i: usize) -> Option<usize> {
        (0..=i.min(self.entities.rows.len().saturating_sub(1)))
            .rev()
            .find(|&j| matches!(self.entities.rows.get(j), Some(EntityRow::Header { .. })))
    }

    fn step_entity_group(&mut self, forward: bool) {
        let rows = &self.entities.rows;
        let headers: Vec<usize> = (0..rows.len())
            .filter(|&j| matches!(rows.get(j), Some(EntityRow::Header { .. })))
            .collect();
        if headers.is_empty() {
            return;
        }
        let here = self.header_of(self.entities.nav.selected).unwrap_or(0);
        let at = headers.iter().position(|&h| h == here).unwrap_or(0);
        let next = if forward {
            headers.get(at + 1).copied()
        } else {
            at.checked_sub(1).and_then(|k| headers.get(k).copied())
        };
        let Some(h) = next else {
            self.message = Some(if forward {
                "the last group".into()
            } else {
                "the first group".into()
            });
            return;
        };
        self.entities.nav.selected = self.first_entity_row_from(h).unwrap_or(h);
        self.keep_entities_selection_in_view(true);
    }

    /// Scrolls Entities so the selection shows; `top` puts its group's header at the top.
    fn keep_entities_selection_in_view(&mut self, top: bool) {
        let h = self.list_height(Pane::Entities);
        let len = self.entities.rows.len();
        if top {
            if let Some(head) = self.header_of(self.entities.nav.selected) {
                self.entities.nav.offset = head.min(len.saturating_sub(h));
            }
        }
        self.entities.nav.scroll_into_view(len, h);
    }

    fn step_folder(&mut self, forward: bool) {
        fn folder_of(app: &App, row: usize) -> Option<&str> {
            let d = app.sources.rows.get(row)?.doc;
            Some(crate::tui::paths::folder(app.sources.paths.get(d)?))
        }
        let sel = self.sources.nav.selected;
        let Some(here) = folder_of(self, sel).map(str::to_string) else {
            return;
        };
        let len = self.sources.rows.len();
        let target = if forward {
            (sel + 1..len).find(|&j| folder_of(self, j) != Some(here.as_str()))
        } else {
            // The start of this folder's run, or of the one before when already there.
            let start = (0..sel)
                .rev()
                .find(|&j| folder_of(self, j) != Some(here.as_str()))
                .map_or(0, |j| j + 1);
            if start < sel {
                Some(start)
            } else {
                start.checked_sub(1).map(|prev| {
                    let f = folder_of(self, prev).map(str::to_string);
                    (0..prev)
                        .rev()
                        .find(|&j| folder_of(self, j).map(str::to_string) != f)
                        .map_or(0, |j| j + 1)
                })
            }
        };
        match target {
            Some(t) => {
                self.sources.nav.selected = t;
                let folder = folder_of(self, t).unwrap_or("").to_string();
                self.message = Some(format!(
                    "folder {}",
                    if folder.is_empty() { "." } else { &folder }
                ));
                self.keep_sources_selection_in_view();
            }
            None => {
                self.message = Some(if forward {
                    "the last folder".into()
                } else {
                    "the first folder".into()
                })
            }
        }
    }

    /// `z`: folds the selected row's kind group to its header, or unfolds it.
    pub(crate) fn toggle_group(&mut self) {
        if self.focus != Pane::Entities {
            self.message = Some("folding: kind groups in Entities".into());
            return;
        }
        let Some(h) = self.header_of(self.entities.nav.selected) else {
            return;
        };
        let Some(EntityRow::Header { label, .. }) = self.entities.rows.get(h) else {
            return;
        };
        let label = *label;
        if let Some(i) = self.entities.collapsed.iter().position(|l| *l == label) {
            self.entities.collapsed.remove(i);
            self.rebuild_entities();
            // On the group's first entity.
            let h = self
                .entities
                .rows
                .iter()
                .position(|r| matches!(r, EntityRow::Header { label: l, .. } if *l == label));
            if let Some(h) = h {
                self.entities.nav.selected = self.first_entity_row_from(h).unwrap_or(h);
            }
        } else {
            self.entities.collapsed.push(label);
            self.rebuild_entities();
            if let Some(h) = self
                .entities
                .rows
                .iter()
                .position(|r| matches!(r, EntityRow::Header { label: l, .. } if *l == label))
            {
                self.entities.nav.selected = h;
            }
        }
        self.keep_entities_selection_in_view(false);
    }

    /// `Z`: folds every kind group, or unfolds them all when all are folded.
    pub(crate) fn toggle_all_groups(&mut self) {
        if self.focus != Pane::Entities {
            self.message = Some("folding: kind groups in Entities".into());
            return;
        }
        let labels: Vec<&'static str> = self
            .entities
            .rows
            .iter()
            .filter_map(|r| match r {
                EntityRow::Header { label, .. } => Some(*label),
                _ => None,
            })
            .collect();
        let all = labels.iter().all(|l| self.entities.collapsed.contains(l));
        let here = self.header_of(self.entities.nav.selected).and_then(|h| {
            match self.entities.rows.get(h) {
                Some(EntityRow::Header { label, .. }) => Some(*label),
                _ => None,
            }
        });
        if all {
            self.entities.collapsed.clear();
        } else {
            for l in labels {
                if !self.entities.collapsed.contains(&l) {
                    self.entities.collapsed.push(l);
                }
            }
        }
        self.rebuild_entities();
        if !all {
            if let Some(h) = here.and_then(|label| {
                self.entities
                    .rows
                    .iter()
                    .position(|r| matches!(r, EntityRow::Header { label: l, .. } if *l == label))
            }) {
                self.entities.nav.selected = h;
            }
        }
        self.keep_entities_selection_in_view(false);
    }
}
