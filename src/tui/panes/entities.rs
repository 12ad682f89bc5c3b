//! The Entities pane: people, places, organizations and dates with their counts, grouped by
//! kind, in document or corpus scope ([`Scope`]), by count or name ([`Sort`]) — its rows and
//! how they are drawn.

use crate::model::EntityKind;
use crate::text::entity_label;
use crate::tui::geometry::{self, Pane};
use crate::tui::view::{pane_block, View};
use crate::tui::widgets::paint::*;
use crate::tui::widgets::{ListNav, TextInput};
use crate::tui::worker::EntityMatch;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::collections::HashMap;

/// The Entities pane's state: the selection, the `/` filter and its matches, the rows shown,
/// the scope and the order.
#[derive(Clone, Debug, Default)]
pub struct EntitiesPane {
    pub nav: ListNav,
    pub filter: TextInput,
    /// The filter's matches by entity (`None`: no filter).
    pub matches: Option<HashMap<usize, EntityMatch>>,
    pub rows: Vec<EntityRow>,
    pub scope: Scope,
    pub sort: Sort,
    /// The groups folded to their header (by label).
    pub collapsed: Vec<&'static str>,
}

/// Which entities the Entities pane lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    #[default]
    Document,
    Corpus,
}

/// How the Entities pane orders each group (dates are always chronological).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Count,
    Name,
}

/// One row of the Entities pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntityRow {
    Header {
        label: &'static str,
        kind: EntityKind,
        count: usize,
        /// Folded: its entities are not listed.
        collapsed: bool,
    },
    Entity {
        entity: usize,
        /// Mentions in scope.
        count: usize,
        /// Matched char positions in the label.
        positions: Vec<usize>,
    },
}

impl EntityRow {
    /// Rows the selection stops on: entities, and the header of a folded group.
    pub fn selectable(&self) -> bool {
        matches!(
            self,
            EntityRow::Entity { .. }
                | EntityRow::Header {
                    collapsed: true,
                    ..
                }
        )
    }
}

/// The title's right part — scope and sort — as much of it as fits beside the left part (`left`
/// columns) in a pane `width` wide, so that it never overwrites the count.
pub fn title_right(left: usize, width: usize, scope: &str, sort: &str) -> String {
    // Two corners, and a column of border between the two titles.
    let room = width.saturating_sub(left + 3);
    [
        format!(" {scope} · {sort} "),
        format!(" {scope} "),
        String::new(),
    ]
    .into_iter()
    .find(|s| s.chars().count() <= room)
    .unwrap_or_default()
}

pub fn draw_entities(frame: &mut Frame<'_>, v: &View<'_>, r: Rect) {
    let theme = v.theme.clone();
    let scope = match v.scope {
        Scope::Document => "doc",
        Scope::Corpus => "all",
    };
    let sort = match v.sort {
        Sort::Count => "by count",
        Sort::Name => "by name",
    };
    // Every entity in scope (and through the filter), folded groups included: a header's count.
    let n_entities: usize = v
        .entity_rows
        .iter()
        .map(|r| match r {
            EntityRow::Header { count, .. } => *count,
            EntityRow::Entity { .. } => 0,
        })
        .sum();
    let title = format!(" Entities {n_entities} ");
    let right = title_right(title.chars().count(), usize::from(r.width), scope, sort);
    let block = pane_block(v, Pane::Entities, r)
        .title(Line::styled(title, theme.title))
        .title(Line::styled(right, theme.dim).right_aligned());
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let filtered = v.entities_filter.visible();
    let (list, prompt) = geometry::list_and_prompt(inner, filtered);
    let mut nav = v.entities;
    nav.scroll_into_view(v.entity_rows.len(), usize::from(list.height));
    let focused = v.focus == Pane::Entities;
    let active = v.active.map(|a| a.entity);
    let w = usize::from(list.width);
    let mut lines = Vec::new();
    for (i, row) in v
        .entity_rows
        .iter()
        .enumerate()
        .skip(nav.offset)
        .take(usize::from(list.height))
    {
        match row {
            EntityRow::Header {
                label,
                kind,
                count,
                collapsed,
            } => {
                // A folded group is one row the selection stops on.
                let selected = *collapsed && i == nav.selected && focused;
                let base = if selected {
                    theme.selected
                } else {
                    Style::new()
                };
                let style = base.patch(theme.kind(*kind)).patch(theme.header);
                let (mut spans, mut used) = highlighted(label, &[], w, style, Style::new());
                let c = format!(" {count}");
                if used + c.len() <= w {
                    spans.push(Span::styled(c.clone(), base.patch(theme.dim)));
                    used += c.len();
                }
                if *collapsed && used + 2 <= w {
                    spans.push(Span::styled(" …", base.patch(theme.dim)));
                    used += 2;
                }
                if selected {
                    pad(&mut spans, used, w, base);
                }
                lines.push(Line::from(spans));
            }
            EntityRow::Entity {
                entity,
                count,
                positions,
            } => {
                let Some(ent) = v.corpus.entities.get(*entity) else {
                    continue;
                };
                let selected = i == nav.selected && focused;
                let is_active = active == Some(*entity);
                let mut base = if selected {
                    theme.selected
                } else {
                    Style::new()
                };
                if is_active {
                    base = base.add_modifier(Modifier::BOLD);
                }
                let marker = if is_active { "▸" } else { " " };
                let count_s = format!(" {count}");
                let label_w = w.saturating_sub(1 + count_s.len());
                let mut spans = vec![Span::styled(marker, base.patch(theme.kind(ent.kind)))];
                let label = entity_label(ent);
                let (t, used) = highlighted(&label, positions, label_w, base, theme.matched);
                spans.extend(t);
                pad(&mut spans, 1 + used, 1 + label_w, base);
                if w > count_s.len() {
                    spans.push(Span::styled(count_s, base.patch(theme.dim)));
                }
                lines.push(Line::from(spans));
            }
        }
    }
    if v.entity_rows.is_empty() && list.height > 0 {
        let msg = if filtered {
            " no match"
        } else if v.scope == Scope::Document {
            " no entities in this document (e: whole corpus)"
        } else {
            " no entities found"
        };
        lines.push(Line::styled(msg, theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), list);
    if let Some(p) = prompt {
        let info = format!("{n_entities}");
        let editing = v.entities_filter.editing && focused;
        draw_prompt(frame, &theme, p, &v.entities_filter.text, editing, &info);
    }
}

#[cfg(test)]
mod tests {
    use super::title_right;

    #[test]
    fn the_right_title_shrinks_rather_than_overwrite_the_count() {
        // " Entities 3003 " in a 30-column pane: the full right part would cover "03".
        assert_eq!(title_right(15, 30, "all", "by count"), " all ");
        assert_eq!(title_right(15, 40, "all", "by count"), " all · by count ");
        assert_eq!(title_right(15, 20, "all", "by count"), "");
    }
}
