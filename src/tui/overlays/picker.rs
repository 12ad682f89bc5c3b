//! The correction picker: a small fuzzy picker (or, for renames, a text input) over entities,
//! aliases, kinds or hidden entities.

use crate::model::EntityKind;
use crate::tui::geometry::{self};
use crate::tui::keymap::{Action, Context};
use crate::tui::view::View;
use crate::tui::widgets::paint::*;
use crate::tui::widgets::{ListNav, TextInput};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// What a picker chooses for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickFor {
    /// A new name for the entity (the input is the name).
    Rename(usize),
    /// The entity to merge this one into.
    Merge(usize),
    /// The alias to split off.
    Split(usize),
    /// The new kind.
    Kind(usize),
    /// A hidden entity to restore.
    Restore,
}

/// What a picker row stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickValue {
    Entity(usize),
    Alias(String),
    Kind(EntityKind),
    Hidden(usize),
}

/// One picker row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickItem {
    pub label: String,
    pub kind: Option<EntityKind>,
    /// Matched char positions in the label.
    pub positions: Vec<usize>,
    /// A count shown on the right (mentions).
    pub count: Option<usize>,
    pub value: PickValue,
}

/// A small fuzzy picker (or, for renames, a text input).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picker {
    pub purpose: PickFor,
    pub title: String,
    pub input: TextInput,
    pub items: Vec<PickItem>,
    pub nav: ListNav,
}

/// At most this many picker rows.
pub const PICK_LIMIT: usize = 200;

pub fn draw_picker(frame: &mut Frame<'_>, v: &View<'_>) {
    let theme = v.theme.clone();
    let Some(p) = v.picker else {
        return;
    };
    let rename = matches!(p.purpose, PickFor::Rename(_));
    let mut r = geometry::palette_rect(v.area);
    let want = if rename { 3 } else { p.items.len().max(1) + 4 };
    r.height = r.height.min(u16::try_from(want).unwrap_or(u16::MAX));
    let keys = v.keymap.hint(
        Context::Palette,
        &[
            (&[Action::Accept], if rename { "rename" } else { "choose" }),
            (&[Action::Cancel], "cancel"),
        ],
    );
    let hint = if rename {
        format!(" {keys} ")
    } else {
        format!(" type to filter · {keys} ")
    };
    let Some(inner) = overlay(frame, r, &theme, &format!(" {} ", p.title), &hint) else {
        return;
    };
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let w = usize::from(inner.width);
    let (spans, used) = highlighted(
        &format!("❯ {}", p.input.text),
        &[],
        w.saturating_sub(1).max(1),
        theme.prompt,
        Style::new(),
    );
    frame.set_cursor_position(Position::new(
        inner
            .x
            .saturating_add(u16::try_from(used).unwrap_or(u16::MAX))
            .min(inner.right().saturating_sub(1)),
        inner.y,
    ));
    frame.render_widget(
        Paragraph::new(Line::from(spans)),
        Rect::new(inner.x, inner.y, inner.width, 1),
    );
    if rename || inner.height < 3 {
        return;
    }
    frame.render_widget(
        Paragraph::new(Line::styled("─".repeat(w), theme.border)),
        Rect::new(inner.x, inner.y + 1, inner.width, 1),
    );
    let list = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2);
    let h = usize::from(list.height);
    let mut nav = p.nav;
    nav.scroll_into_view(p.items.len(), h);
    let mut lines = Vec::new();
    for (i, item) in p.items.iter().enumerate().skip(nav.offset).take(h) {
        let base = if i == nav.selected {
            theme.selected
        } else {
            Style::new()
        };
        let (tag, tag_style) = match item.kind {
            Some(k) => (k.tag(), theme.kind(k)),
            None => ("   ", theme.dim),
        };
        let count = item.count.map(|c| format!(" {c}")).unwrap_or_default();
        let mut spans = vec![
            Span::styled(
                if i == nav.selected { "▌" } else { " " },
                base.patch(theme.prompt),
            ),
            Span::styled(tag, base.patch(tag_style)),
            Span::styled(" ", base),
        ];
        let room = w.saturating_sub(5 + count.len());
        let (t, u) = highlighted(&item.label, &item.positions, room, base, theme.matched);
        spans.extend(t);
        pad(&mut spans, 5 + u, w.saturating_sub(count.len()), base);
        if w > count.len() + 5 {
            spans.push(Span::styled(count, base.patch(theme.dim)));
        }
        lines.push(Line::from(spans));
    }
    if p.items.is_empty() {
        lines.push(Line::styled(" nothing matches", theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), list);
}
