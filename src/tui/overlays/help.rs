//! The help overlay (`?`): every key as configured, and the colour legend.

use crate::model::EntityKind;
use crate::tui::geometry::{self};
use crate::tui::keymap::{Action, Context};
use crate::tui::view::View;
use crate::tui::widgets::paint::*;
use crate::tui::wrap::{self};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The help overlay's two halves: every key as bound (left), then the mouse, the other
/// contexts and the colour legend (right). Narrow screens show them one after the other.
pub fn help_lines(v: &View<'_>) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
    let theme = &v.theme;
    let heading = |s: &str| Line::styled(s.to_string(), theme.header.patch(theme.prompt));
    let rows = v.keymap.help_rows();
    let section = |lines: &mut Vec<Line<'static>>, ctx: Context, title: &str| {
        lines.push(heading(title));
        for (c, action, keys) in &rows {
            if *c != ctx {
                continue;
            }
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<18} "), theme.title),
                Span::raw(action.description().to_string()),
            ]));
        }
        lines.push(Line::raw(""));
    };
    let mut left = Vec::new();
    section(&mut left, Context::Global, "Keys");
    // Pane-specific bindings exist only when the configuration adds them.
    for (ctx, title) in [
        (Context::Sources, "In Sources"),
        (Context::Reader, "In the reader"),
        (Context::Entities, "In Entities"),
    ] {
        if rows.iter().any(|r| r.0 == ctx) {
            section(&mut left, ctx, title);
        }
    }
    let mut right = Vec::new();
    let palette = match v.keymap.key_label(Context::Global, Action::OpenPalette) {
        Some(k) => format!("In the {k} palette (type to search)"),
        None => "In the palette (type to search)".to_string(),
    };
    section(&mut right, Context::Palette, &palette);
    section(
        &mut right,
        Context::Prompt,
        "In a / filter or search (type to filter)",
    );
    right.push(heading("Mouse"));
    right.push(Line::raw(
        "  click: focus a pane, select a row (again: open)",
    ));
    right.push(Line::raw(
        "  click a kind's header (Entities): fold / unfold",
    ));
    right.push(Line::raw("  click a mention: make its entity active"));
    right.push(Line::raw("  wheel: scroll the pane under the pointer"));
    right.push(Line::raw(""));
    right.push(heading("Colours"));
    let sample = |label: &str, style: Style, what: &str| {
        Line::from(vec![
            Span::raw("  "),
            Span::styled(label.to_string(), style),
            Span::raw(format!(
                "{:<pad$}{what}",
                "",
                pad = 19usize.saturating_sub(wrap::str_width(label))
            )),
        ])
    };
    for kind in EntityKind::ALL {
        right.push(sample(
            kind.as_str(),
            theme.kind(kind),
            &format!(
                "a mention of {} {}",
                if kind == EntityKind::Organization {
                    "an"
                } else {
                    "a"
                },
                kind.as_str()
            ),
        ));
    }
    right.push(sample(
        "active entity",
        theme.kind(EntityKind::Person).patch(theme.active_entity),
        "its other mentions",
    ));
    right.push(sample(
        "active mention",
        theme.kind(EntityKind::Person).patch(theme.active_mention),
        "where n / N are",
    ));
    right.push(sample("search hit", theme.search_hit, "a / search hit"));
    right.push(sample(
        "matched",
        theme.matched,
        "characters a filter matched",
    ));
    right.push(sample(
        "2021-11-21~",
        theme.dim.add_modifier(Modifier::ITALIC),
        "date inferred from the text",
    ));
    right.push(Line::raw(""));
    right.push(heading("Queries"));
    right.push(Line::raw(
        "  terms in any order · 'exact ^prefix suffix$ !not",
    ));
    right.push(Line::raw("  smart case · accents fold (lodz = Łódź)"));
    right.push(Line::raw(
        "  palette: names and titles first, then text lines",
    ));
    right.push(Line::raw(
        "  over 16 MB of text, lines by word: word (prefix)",
    ));
    right.push(Line::raw("    'word (exactly) \"two words\" !word"));
    right.push(Line::raw("    (the open document's lines fuzzily, first)"));
    right.push(Line::raw(""));
    // The lists move like every list: only what is their own is shown.
    right.push(heading(
        "In the lists: timeline, mentions, seen-with, notices",
    ));
    let moves = [
        Action::Down,
        Action::Up,
        Action::HalfPageDown,
        Action::HalfPageUp,
        Action::PageDown,
        Action::PageUp,
        Action::Top,
        Action::Bottom,
    ];
    for (c, action, keys) in &rows {
        if *c == Context::List && !moves.contains(action) {
            right.push(Line::from(vec![
                Span::styled(format!("  {keys:<18} "), theme.title),
                Span::raw(action.description().to_string()),
            ]));
        }
    }
    right.push(Line::raw(
        "  and the list moves (j k, Ctrl-D Ctrl-U, PgDn PgUp, g G)",
    ));
    (left, right)
}

/// The help box on a screen of `area` and its columns of lines.
fn help_layout(v: &View<'_>) -> (Rect, bool, Vec<Line<'static>>, Vec<Line<'static>>) {
    let (left, right) = help_lines(v);
    let w = v.area.width.saturating_sub(4).min(124);
    // Two columns from 110 inner cells: the box is as tall as the taller column needs.
    let rows = if w >= 113 {
        left.len().max(right.len())
    } else {
        left.len() + right.len()
    };
    let want = u16::try_from(rows + 2).unwrap_or(u16::MAX);
    let r = geometry::centered(v.area, w, v.area.height.saturating_sub(2).min(want));
    // Inside the frame, less a one-cell left margin.
    let inner = geometry::inner(r);
    (r, inner.width.saturating_sub(1) >= 110, left, right)
}

/// How far the help can scroll: the update side clamps to it, drawing never writes it back.
pub fn max_scroll(v: &View<'_>) -> usize {
    let (r, two, left, right) = help_layout(v);
    let h = usize::from(geometry::inner(r).height);
    let longest = if two {
        left.len().max(right.len())
    } else {
        left.len() + right.len()
    };
    longest.saturating_sub(h)
}

pub fn draw_help(frame: &mut Frame<'_>, v: &View<'_>) {
    let theme = v.theme.clone();
    let (r, _, left, right) = help_layout(v);
    let Some(inner) = overlay(
        frame,
        r,
        &theme,
        " docent · help ",
        &format!(
            " {} ",
            v.keymap.hint(
                Context::Help,
                &[
                    (&[Action::Down, Action::Up], "scroll"),
                    (&[Action::Cancel], "close")
                ]
            )
        ),
    ) else {
        return;
    };
    let inner = Rect::new(
        inner.x.saturating_add(1),
        inner.y,
        inner.width.saturating_sub(1),
        inner.height,
    );
    let h = usize::from(inner.height);
    let two = inner.width >= 110;
    let columns: Vec<(Rect, Vec<Line<'static>>)> = if two {
        let lw = inner.width / 2;
        vec![
            (Rect::new(inner.x, inner.y, lw, inner.height), left),
            (
                Rect::new(inner.x + lw, inner.y, inner.width - lw, inner.height),
                right,
            ),
        ]
    } else {
        let mut all = left;
        all.extend(right);
        vec![(inner, all)]
    };
    let longest = columns.iter().map(|(_, l)| l.len()).max().unwrap_or(0);
    let scroll = v.help.unwrap_or(0).min(longest.saturating_sub(h));
    for (rect, lines) in columns {
        let w = usize::from(rect.width);
        let shown: Vec<Line<'static>> = lines
            .into_iter()
            .skip(scroll)
            .take(h)
            .map(|l| fit(l, w))
            .collect();
        frame.render_widget(Paragraph::new(shown), rect);
    }
}
