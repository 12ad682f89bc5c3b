//! State → widgets. [`draw`] renders the whole screen from an [`App`]: the three panes, the
//! status line and the overlays (palette, help). Nothing heavy happens here: lists draw only
//! their visible rows, the reader styles only the lines on screen, and every piece of document
//! text goes through the sanitizer (via [`reader::display`]).

use super::app::{entity_label, App, EntityRow, Scope, Sort};
use super::keymap::{self, Action, Context};
use super::layout::{self, Pane};
use super::reader::{self, Layer};
use super::theme::Theme;
use super::worker::PaletteItem;
use crate::insight;
use crate::model::{Corpus, Document, EntityKind};
use crate::sanitize::clean_line;
use crate::search::Target;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, BorderType, Clear, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
};
use ratatui::Frame;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &mut App) {
    let area = frame.area();
    if app.area != area {
        app.area = area;
    }
    app.relayout();
    let rects = app.rects();
    if let Some(r) = rects.sources {
        draw_sources(frame, app, r);
    }
    if let Some(r) = rects.reader {
        draw_reader(frame, app, r);
    }
    if let Some(r) = rects.entities {
        draw_entities(frame, app, r);
    }
    if let Some(r) = rects.status {
        draw_status(frame, app, r);
    }
    if app.panel.is_some() {
        draw_panel(frame, app);
    }
    if app.palette.is_some() {
        draw_palette(frame, app);
    }
    if app.picker.is_some() {
        draw_picker(frame, app);
    }
    if app.help.is_some() {
        draw_help(frame, app);
    }
}

// ----- helpers ----------------------------------------------------------------------------------

fn pane_block<'a>(app: &App, pane: Pane, r: Rect) -> Block<'a> {
    let focused = app.focus == pane && app.context() != Context::Palette;
    let (border, btype) = if focused {
        (app.theme.border_focused, BorderType::Thick)
    } else {
        (app.theme.border, BorderType::Rounded)
    };
    let _ = r;
    Block::bordered().border_type(btype).border_style(border)
}

/// A one-line string with matched chars highlighted, sanitized and cut to `max` cells. When the
/// first match would fall beyond the cut, the start is elided (`…`) so it shows.
pub fn highlighted(
    text: &str,
    positions: &[usize],
    max: usize,
    base: Style,
    matched: Style,
) -> (Vec<Span<'static>>, usize) {
    if max == 0 {
        return (Vec::new(), 0);
    }
    let text = clean_line(text);
    let graphemes: Vec<(usize, &str)> = {
        // Char index of each grapheme's first char.
        let mut ci = 0;
        text.graphemes(true)
            .map(|g| {
                let at = ci;
                ci += g.chars().count();
                (at, g)
            })
            .collect()
    };
    let is_match = |ci: usize, g: &str| {
        let n = g.chars().count();
        positions.iter().any(|&p| p >= ci && p < ci + n)
    };
    let total: usize = {
        let mut col = 0;
        for (_, g) in &graphemes {
            col += reader::display(g, col).1;
        }
        col
    };
    // Where to start: elide the head if the first match lies past two thirds of the room.
    let mut start = 0;
    let mut elided = false;
    if total > max {
        if let Some(&first) = positions.iter().min() {
            let mut col = 0;
            let mut first_col = 0;
            for (ci, g) in &graphemes {
                if *ci + g.chars().count() > first {
                    first_col = col;
                    break;
                }
                col += reader::display(g, col).1;
            }
            if first_col > max * 2 / 3 {
                let skip_to = first_col.saturating_sub(max / 3);
                let mut col = 0;
                for (i, (_, g)) in graphemes.iter().enumerate() {
                    if col >= skip_to {
                        start = i;
                        break;
                    }
                    col += reader::display(g, col).1;
                }
                elided = start > 0;
            }
        }
    }
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut col = 0;
    if elided {
        spans.push(Span::styled("…", base));
        col += 1;
    }
    let rest_width: usize = {
        let mut c = col;
        for (_, g) in &graphemes[start..] {
            c += reader::display(g, c).1;
        }
        c
    };
    let cut = rest_width > max;
    let room = if cut { max.saturating_sub(1) } else { max };
    let mut cur = String::new();
    let mut cur_style = base;
    for (ci, g) in &graphemes[start..] {
        let (shown, w) = reader::display(g, col);
        if col + w > room {
            break;
        }
        let style = if is_match(*ci, g) {
            base.patch(matched)
        } else {
            base
        };
        if style != cur_style && !cur.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut cur), cur_style));
        }
        cur_style = style;
        cur.push_str(&shown);
        col += w;
    }
    if !cur.is_empty() {
        spans.push(Span::styled(cur, cur_style));
    }
    if cut && col < max {
        spans.push(Span::styled("…", base));
        col += 1;
    }
    (spans, col)
}

/// Pads a row to `width` cells with spaces in `style`.
fn pad(spans: &mut Vec<Span<'static>>, used: usize, width: usize, style: Style) {
    if used < width {
        spans.push(Span::styled(" ".repeat(width - used), style));
    }
}

/// Draws a prompt row: `/query` with a count on the right.
fn draw_prompt(
    frame: &mut Frame<'_>,
    theme: &Theme,
    r: Rect,
    input: &str,
    editing: bool,
    info: &str,
) {
    let w = usize::from(r.width);
    let info_w = reader::str_width(info);
    let (mut spans, used) = highlighted(
        &format!("/{input}"),
        &[],
        w.saturating_sub(info_w + 1).max(1),
        if editing { theme.prompt } else { theme.dim },
        Style::new(),
    );
    let mut used = used;
    if editing {
        frame.set_cursor_position(Position::new(
            r.x.saturating_add(u16::try_from(used).unwrap_or(u16::MAX))
                .min(r.right().saturating_sub(1)),
            r.y,
        ));
    }
    if used + info_w < w {
        pad(&mut spans, used, w - info_w, Style::new());
        spans.push(Span::styled(info.to_string(), theme.dim));
        used = w;
    }
    let _ = used;
    frame.render_widget(Paragraph::new(Line::from(spans)), r);
}

/// A document's date in the configured format.
fn date_str(app: &App, doc: &Document) -> Option<String> {
    doc.date.map(|d| app.format_date(d))
}

// ----- Sources ----------------------------------------------------------------------------------

fn draw_sources(frame: &mut Frame<'_>, app: &mut App, r: Rect) {
    let theme = app.theme.clone();
    let total = app.corpus.documents.len();
    let shown = app.source_rows.len();
    let filtered = app.sources_filter.visible();
    let title = if filtered {
        format!(" Sources {shown}/{total} ")
    } else {
        format!(" Sources {total} ")
    };
    let block = pane_block(app, Pane::Sources, r).title(Line::styled(title, theme.title));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let (list, prompt) = layout::list_and_prompt(inner, filtered);
    let per = layout::SOURCE_ROW_HEIGHT;
    let rows_shown = usize::from(list.height).div_ceil(per);
    app.sources
        .scroll_into_view(app.source_rows.len(), rows_shown);
    let focused = app.focus == Pane::Sources;
    let w = usize::from(list.width);
    let mut lines = Vec::new();
    for (i, row) in app
        .source_rows
        .iter()
        .enumerate()
        .skip(app.sources.offset)
        .take(rows_shown)
    {
        let Some(doc) = app.corpus.documents.get(row.doc) else {
            continue;
        };
        let selected = i == app.sources.selected && focused;
        let open = row.doc == app.doc;
        let base = if selected {
            theme.selected
        } else if open {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let marker = if open { "▌" } else { " " };
        let marker_style = base.patch(theme.prompt);
        // Line 1: the title.
        let title_w = w.saturating_sub(1);
        let mut spans = vec![Span::styled(marker, marker_style)];
        let title_text = if doc.title.trim().is_empty() {
            doc.file_name().to_string()
        } else {
            doc.title.clone()
        };
        let (t, used) = highlighted(&title_text, &row.positions, title_w, base, theme.matched);
        spans.extend(t);
        pad(&mut spans, 1 + used, w, base);
        lines.push(Line::from(spans));
        // Line 2: date (dimmed and marked when inferred), entity count, and the matching text
        // line when the filter matched the text.
        let count = app
            .index
            .doc_entities
            .get(row.doc)
            .map(|v| v.len())
            .unwrap_or(0);
        let dim = base.patch(theme.dim);
        let date_style = if doc.date_inferred {
            dim.add_modifier(Modifier::ITALIC)
        } else {
            base
        };
        let date = match (date_str(app, doc), doc.date_inferred) {
            (Some(d), true) => format!("{d}~"),
            (Some(d), false) => d,
            (None, _) => "no date".into(),
        };
        let mut meta: Vec<(String, Style)> = vec![(date, date_style)];
        meta.push((
            format!(" · {count} entit{}", if count == 1 { "y" } else { "ies" }),
            dim,
        ));
        if let Some(line) = &row.line {
            meta.push((
                format!(" · {}", line.trim()),
                dim.add_modifier(Modifier::ITALIC),
            ));
        }
        let mut spans = vec![Span::styled(marker, marker_style), Span::styled(" ", base)];
        let mut used = 2;
        for (text, style) in meta {
            if used >= w {
                break;
            }
            let (t, u) = highlighted(&text, &[], w - used, style, Style::new());
            spans.extend(t);
            used += u;
        }
        pad(&mut spans, used, w, base);
        lines.push(Line::from(spans));
    }
    if app.source_rows.is_empty() && list.height > 0 {
        lines.push(Line::styled(
            if filtered {
                " no match"
            } else {
                " no documents"
            },
            theme.dim,
        ));
    }
    frame.render_widget(Paragraph::new(lines), list);
    if let Some(p) = prompt {
        let info = format!("{shown}/{total}");
        let editing = app.sources_filter.editing && focused;
        draw_prompt(frame, &theme, p, &app.sources_filter.input, editing, &info);
    }
}

// ----- Entities ---------------------------------------------------------------------------------

fn draw_entities(frame: &mut Frame<'_>, app: &mut App, r: Rect) {
    let theme = app.theme.clone();
    let scope = match app.scope {
        Scope::Document => "doc",
        Scope::Corpus => "all",
    };
    let sort = match app.sort {
        Sort::Count => "by count",
        Sort::Name => "by name",
    };
    let n_entities = app
        .entity_rows
        .iter()
        .filter(|r| matches!(r, EntityRow::Entity { .. }))
        .count();
    let title = format!(" Entities {n_entities} ");
    let block = pane_block(app, Pane::Entities, r)
        .title(Line::styled(title, theme.title))
        .title(Line::styled(format!(" {scope} · {sort} "), theme.dim).right_aligned());
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let filtered = app.entities_filter.visible();
    let (list, prompt) = layout::list_and_prompt(inner, filtered);
    app.entities
        .scroll_into_view(app.entity_rows.len(), usize::from(list.height));
    let focused = app.focus == Pane::Entities;
    let active = app.active.map(|a| a.entity);
    let w = usize::from(list.width);
    let mut lines = Vec::new();
    for (i, row) in app
        .entity_rows
        .iter()
        .enumerate()
        .skip(app.entities.offset)
        .take(usize::from(list.height))
    {
        match row {
            EntityRow::Header { label, kind, count } => {
                let style = theme.kind(*kind).patch(theme.header);
                let (mut spans, used) = highlighted(label, &[], w, style, Style::new());
                let c = format!(" {count}");
                if used + c.len() <= w {
                    spans.push(Span::styled(c, theme.dim));
                }
                lines.push(Line::from(spans));
            }
            EntityRow::Entity {
                entity,
                count,
                positions,
            } => {
                let Some(ent) = app.corpus.entities.get(*entity) else {
                    continue;
                };
                let selected = i == app.entities.selected && focused;
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
    if app.entity_rows.is_empty() && list.height > 0 {
        let msg = if filtered {
            " no match"
        } else if app.scope == Scope::Document {
            " no entities in this document (e: whole corpus)"
        } else {
            " no entities found"
        };
        lines.push(Line::styled(msg, theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), list);
    if let Some(p) = prompt {
        let info = format!("{n_entities}");
        let editing = app.entities_filter.editing && focused;
        draw_prompt(frame, &theme, p, &app.entities_filter.input, editing, &info);
    }
}

// ----- Reader -----------------------------------------------------------------------------------

/// The mention layer of `doc` over byte range `range`: kind colours, the active entity, the
/// active mention.
fn mention_layer(app: &App, doc: usize, range: Range<usize>) -> Vec<(Range<usize>, Style)> {
    let theme = &app.theme;
    let Some(spans) = app.index.doc_spans.get(doc) else {
        return Vec::new();
    };
    let from = spans.partition_point(|s| s.end() <= range.start);
    let active = app.active.map(|a| a.entity);
    let mut out: Vec<(Range<usize>, Style)> = spans[from..]
        .iter()
        .take_while(|s| s.start() < range.end)
        .filter(|s| app.shows(s.kind) || Some(s.entity()) == active)
        .map(|s| {
            let mut st = theme.kind(s.kind);
            if Some(s.entity()) == active {
                st = st.patch(theme.active_entity);
            }
            (s.start()..s.end(), st)
        })
        .collect();
    out.sort_by_key(|(r, _)| r.start);
    out
}

/// The active mention's range in `doc`, if it is there.
fn active_range(app: &App, doc: usize) -> Vec<(Range<usize>, Style)> {
    let Some((ent, k, _, _)) = app.active_info() else {
        return Vec::new();
    };
    match ent.mentions.get(k - 1) {
        Some(m) if m.doc() == doc => {
            let st = app.theme.kind(ent.kind).patch(app.theme.active_mention);
            vec![(m.start()..m.end(), st)]
        }
        _ => Vec::new(),
    }
}

fn draw_reader(frame: &mut Frame<'_>, app: &mut App, r: Rect) {
    let theme = app.theme.clone();
    let Some(doc) = app.corpus.documents.get(app.doc) else {
        let block = pane_block(app, Pane::Reader, r).title(" Reader ");
        frame.render_widget(block, r);
        return;
    };
    let date = match (date_str(app, doc), doc.date_inferred) {
        (Some(d), true) => format!(" {d} (inferred) "),
        (Some(d), false) => format!(" {d} "),
        (None, _) => " no date ".to_string(),
    };
    let title_room = usize::from(r.width).saturating_sub(4 + reader::str_width(&date));
    let title_text = if doc.title.trim().is_empty() {
        doc.file_name().to_string()
    } else {
        doc.title.clone()
    };
    let (mut title_spans, _) = highlighted(
        &title_text,
        &[],
        title_room.saturating_sub(2),
        theme.title,
        Style::new(),
    );
    title_spans.insert(0, Span::raw(" "));
    title_spans.push(Span::raw(" "));
    let date_style = if doc.date_inferred {
        theme.dim.add_modifier(Modifier::ITALIC)
    } else {
        theme.dim
    };
    let lines_total = app.layout.lines.len();
    let text_rect = app.text_rect();
    let h = usize::from(text_rect.height);
    let pos = if lines_total <= h {
        " all ".to_string()
    } else {
        let last = (app.scroll + h).min(lines_total);
        let pct = last * 100 / lines_total.max(1);
        format!(" {}–{last}/{lines_total} {pct}% ", app.scroll + 1)
    };
    let mut block = pane_block(app, Pane::Reader, r).title(Line::from(title_spans));
    if title_room > 10 {
        block = block.title(Line::styled(date, date_style).right_aligned());
    }
    block = block.title_bottom(Line::styled(pos, theme.dim).right_aligned());
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let prompt_visible = app.search.prompt.visible();
    let (_, prompt) = layout::list_and_prompt(inner, prompt_visible);

    // The lines on screen, and the layers over their byte range.
    let visible: Vec<Range<usize>> = app
        .layout
        .lines
        .iter()
        .skip(app.scroll)
        .take(h)
        .cloned()
        .collect();
    if let (Some(first), Some(last)) = (visible.first(), visible.last()) {
        let span = first.start..last.end.max(first.start + 1);
        let mentions = mention_layer(app, app.doc, span.clone());
        let hits: Vec<(Range<usize>, Style)> = {
            let hits = &app.search.hits;
            let from = hits.partition_point(|h| h.end <= span.start);
            hits[from..]
                .iter()
                .enumerate()
                .take_while(|(_, h)| h.start < span.end)
                .map(|(j, h)| {
                    let st = if app.search.current == Some(from + j) {
                        theme.search_hit.patch(theme.active_mention)
                    } else {
                        theme.search_hit
                    };
                    (h.clone(), st)
                })
                .collect()
        };
        let flash: Vec<(Range<usize>, Style)> = app
            .flash
            .clone()
            .map(|f| vec![(f, theme.flash)])
            .unwrap_or_default();
        let active = active_range(app, app.doc);
        let boilerplate: Vec<(Range<usize>, Style)> = if app.dim_boilerplate {
            reader::boilerplate_in(&doc.text, span.clone())
                .into_iter()
                .map(|r| (r, theme.dim))
                .collect()
        } else {
            Vec::new()
        };
        let layers = [
            Layer {
                ranges: &boilerplate,
            },
            Layer { ranges: &mentions },
            Layer { ranges: &flash },
            Layer { ranges: &hits },
            Layer { ranges: &active },
        ];
        let width = usize::from(text_rect.width);
        let lines: Vec<Line<'static>> = visible
            .iter()
            .map(|l| reader::styled_line(&doc.text, l.clone(), Style::new(), &layers, width))
            .collect();
        frame.render_widget(Paragraph::new(lines), text_rect);
    } else if text_rect.height > 0 {
        frame.render_widget(
            Paragraph::new(Line::styled("(empty document)", theme.dim)),
            text_rect,
        );
    }
    // Scrollbar on the right border.
    if lines_total > h && r.height > 2 {
        let mut state = ScrollbarState::new(lines_total.saturating_sub(h) + 1)
            .position(app.scroll)
            .viewport_content_length(h);
        let bar_area = Rect::new(r.x, r.y + 1, r.width, r.height - 2);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None)
                .track_symbol(Some("│"))
                .track_style(theme.border)
                .thumb_style(if app.focus == Pane::Reader {
                    theme.border_focused
                } else {
                    theme.dim
                }),
            bar_area,
            &mut state,
        );
    }
    if let Some(p) = prompt {
        let n = app.search.hits.len();
        let info = match app.search.current {
            Some(c) if n > 0 => format!("{}/{n}", c + 1),
            _ if app.search.active() => "no match".to_string(),
            _ => String::new(),
        };
        let editing = app.search.prompt.editing && app.focus == Pane::Reader;
        let input = app.search.prompt.input.clone();
        draw_prompt(frame, &theme, p, &input, editing, &info);
    }
}

// ----- Status line ------------------------------------------------------------------------------

fn draw_status(frame: &mut Frame<'_>, app: &App, r: Rect) {
    let theme = &app.theme;
    let w = usize::from(r.width);
    let n = app.corpus.documents.len();
    let mut parts: Vec<(String, Style)> = Vec::new();
    parts.push((format!(" doc {}/{} ", app.doc + 1, n), theme.status_key));
    if let Some(doc) = app.corpus.documents.get(app.doc) {
        let d = match (date_str(app, doc), doc.date_inferred) {
            (Some(d), true) => format!(" {d} (inferred) "),
            (Some(d), false) => format!(" {d} "),
            (None, _) => " no date ".into(),
        };
        parts.push((d, theme.status));
    }
    if let Some((ent, k, m, d)) = app.active_info() {
        parts.push(("│ ".into(), theme.status));
        let label = clean_line(&entity_label(ent)).into_owned();
        parts.push((
            label,
            theme
                .status
                .patch(theme.kind(ent.kind))
                .add_modifier(Modifier::BOLD),
        ));
        let docs = if d == 1 { "doc" } else { "docs" };
        parts.push((format!(" · mention {k}/{m} · {d} {docs} "), theme.status));
    }
    if let Some(msg) = &app.message {
        parts.push(("│ ".into(), theme.status));
        parts.push((format!("{} ", clean_line(msg)), theme.message));
    }
    if !app.pending.is_empty() {
        parts.push(("│ ".into(), theme.status));
        parts.push((
            format!("{}… ", keymap::sequence_label(&app.pending)),
            theme.message,
        ));
    }
    // Key hints name the keys as bound.
    let km = &app.keymap;
    let global = |a: Action, what: &str| {
        km.key_label(Context::Global, a)
            .map(|k| format!("{k} {what}"))
    };
    let hints: Vec<String> = match app.context() {
        Context::Palette => vec!["↑↓ select · Enter jump · Esc close".into()],
        Context::Prompt => vec!["Enter keep · Esc clear".into()],
        Context::Help => vec!["Esc close".into()],
        Context::List => vec!["Enter go · Esc close".into()],
        _ if app.area.width < layout::WIDE && app.focus == Pane::Reader => [
            global(Action::ToggleSidebar, "sidebar"),
            global(Action::Help, "help"),
        ]
        .into_iter()
        .flatten()
        .collect(),
        _ => global(Action::Help, "help").into_iter().collect(),
    };
    let hint = if hints.is_empty() {
        String::new()
    } else {
        format!(" {} ", clean_line(&hints.join(" · ")))
    };
    let mut spans = Vec::new();
    let mut used = 0;
    for (text, style) in parts {
        if used >= w {
            break;
        }
        let (s, u) = highlighted(&text, &[], w - used, style, Style::new());
        spans.extend(s);
        used += u;
    }
    let hint_w = reader::str_width(&hint);
    if used + hint_w <= w {
        pad(&mut spans, used, w - hint_w, theme.status);
        spans.push(Span::styled(hint, theme.status_key));
    } else {
        pad(&mut spans, used, w, theme.status);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), r);
}

// ----- Palette ----------------------------------------------------------------------------------

/// Where the palette goes on a screen of `area`.
pub fn palette_rect(area: Rect) -> Rect {
    let w = area.width.saturating_sub(4).min(120);
    let h = area.height.saturating_sub(2).min(32);
    let mut r = layout::centered(area, w, h);
    // Sit in the upper part of the screen, like most launchers.
    r.y = area.y + (area.height.saturating_sub(h)) / 3;
    r
}

fn target_style(theme: &Theme, corpus: &Corpus, t: &Target) -> (&'static str, Style) {
    match t {
        Target::Entity(e) => match corpus.entities.get(*e) {
            Some(ent) => (ent.kind.tag(), theme.kind(ent.kind)),
            None => ("???", theme.dim),
        },
        Target::Document(_) => ("DOC", theme.title),
        Target::Line { .. } => ("TXT", theme.dim),
    }
}

/// Clears `r` and frames it as an overlay with a title and a hint; the inside, or `None` when
/// `r` is too small to hold anything.
fn overlay(frame: &mut Frame<'_>, r: Rect, theme: &Theme, title: &str, hint: &str) -> Option<Rect> {
    if r.width < 3 || r.height < 3 {
        return None;
    }
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.border_focused)
        .title(Line::styled(title.to_string(), theme.title))
        .title_bottom(Line::styled(hint.to_string(), theme.dim).right_aligned());
    let inner = block.inner(r);
    frame.render_widget(block, r);
    Some(inner)
}

fn draw_palette(frame: &mut Frame<'_>, app: &mut App) {
    let theme = app.theme.clone();
    let r = palette_rect(app.area);
    let Some(inner) = overlay(frame, r, &theme, " Jump to… ", " entities · titles · text ")
    else {
        return;
    };
    let Some(p) = app.palette.as_mut() else {
        return;
    };
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    // Input row.
    let input_row = Rect::new(inner.x, inner.y, inner.width, 1);
    let info = if p.pending {
        "…".to_string()
    } else if p.input.trim().is_empty() {
        String::new()
    } else {
        format!("{}", p.items.len())
    };
    let w = usize::from(inner.width);
    let info_w = reader::str_width(&info);
    let (mut spans, used) = highlighted(
        &format!("❯ {}", p.input),
        &[],
        w.saturating_sub(info_w + 1).max(1),
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
    if used + info_w < w {
        pad(&mut spans, used, w - info_w, Style::new());
        spans.push(Span::styled(info, theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), input_row);
    if inner.height < 3 {
        return;
    }
    let sep = Rect::new(inner.x, inner.y + 1, inner.width, 1);
    frame.render_widget(
        Paragraph::new(Line::styled("─".repeat(w), theme.border)),
        sep,
    );
    let body = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2);
    let (list, preview) = if body.width >= 70 {
        let lw = body.width * 11 / 20;
        (
            Rect::new(body.x, body.y, lw, body.height),
            Some(Rect::new(body.x + lw, body.y, body.width - lw, body.height)),
        )
    } else {
        (body, None)
    };
    if p.input.trim().is_empty() {
        let hint = vec![
            Line::styled(
                " Type to search people, places, organizations, dates,",
                theme.dim,
            ),
            Line::styled(" document titles and text.", theme.dim),
            Line::raw(""),
            Line::styled(
                " 'exact  ^prefix  suffix$  !not   — terms in any order",
                theme.dim,
            ),
            Line::styled(
                " dates: \"nov 21 2021\", \"21 november\", \"2021-11\"",
                theme.dim,
            ),
        ];
        frame.render_widget(Paragraph::new(hint), body);
        return;
    }
    p.nav
        .scroll_into_view(p.items.len(), usize::from(list.height));
    let lw = usize::from(list.width);
    let mut lines = Vec::new();
    for (i, item) in p
        .items
        .iter()
        .enumerate()
        .skip(p.nav.offset)
        .take(usize::from(list.height))
    {
        let selected = i == p.nav.selected;
        let base = if selected {
            theme.selected
        } else {
            Style::new()
        };
        let (tag, tag_style) = target_style(&theme, &app.corpus, &item.target);
        let mut spans = vec![
            Span::styled(if selected { "▌" } else { " " }, base.patch(theme.prompt)),
            Span::styled(tag, base.patch(tag_style)),
            Span::styled(" ", base),
        ];
        let room = lw.saturating_sub(5);
        let (t, mut used) = highlighted(&item.text, &item.positions, room, base, theme.matched);
        spans.extend(t);
        // An entity found by an alias or a date form: name what it is.
        if let Target::Entity(e) = item.target {
            if let Some(ent) = app.corpus.entities.get(e) {
                let label = entity_label(ent);
                if !item.text.starts_with(&label) && used + 4 < room {
                    let (t, u) = highlighted(
                        &format!(" → {label}"),
                        &[],
                        room - used,
                        base.patch(theme.dim),
                        Style::new(),
                    );
                    spans.extend(t);
                    used += u;
                }
            }
        }
        pad(&mut spans, 5 + used, lw, base);
        lines.push(Line::from(spans));
    }
    if p.items.is_empty() && !p.pending {
        lines.push(Line::styled(" nothing matches", theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), list);
    let selected = p.items.get(p.nav.selected).cloned();
    if let (Some(pr), Some(item)) = (preview, selected) {
        draw_preview(frame, app, pr, &item);
    }
}

/// Context lines around byte range `focus` of `doc`, wrapped to `width`, at most `max` lines,
/// with mentions coloured and `focus` marked in `focus_style`.
fn context_lines(
    app: &App,
    doc: usize,
    focus: Range<usize>,
    before: usize,
    width: usize,
    max: usize,
    focus_style: Style,
) -> Vec<Line<'static>> {
    let Some(d) = app.corpus.documents.get(doc) else {
        return Vec::new();
    };
    let text = &d.text;
    let body = if text.is_char_boundary(d.body_start) {
        d.body_start
    } else {
        0
    };
    let mut start = focus.start.saturating_sub(before).max(body).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    // Start at a line, sentence or word boundary.
    let head = &text[start..focus.start.min(text.len()).max(start)];
    if let Some(nl) = head.rfind('\n') {
        start += nl + 1;
    } else if let Some(dot) = head.rfind(". ") {
        start += dot + 2;
    } else if start > body {
        if let Some(sp) = head.find(' ') {
            start += sp + 1;
        }
    }
    let mut end = (focus.end + width * max).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let end = end.max(start);
    let lines = reader::wrap(&text[start..end], start, width.max(1));
    let mentions = mention_layer(app, doc, start..end);
    let marks = vec![(focus.clone(), focus_style)];
    let layers = [Layer { ranges: &mentions }, Layer { ranges: &marks }];
    // Show the focus line in the first third.
    let fl = reader::line_of(&lines, focus.start);
    let skip = fl.saturating_sub(max / 3);
    lines
        .iter()
        .skip(skip)
        .take(max)
        .map(|l| reader::styled_line(text, l.clone(), Style::new(), &layers, width))
        .collect()
}

fn draw_preview(frame: &mut Frame<'_>, app: &App, r: Rect, item: &PaletteItem) {
    let theme = &app.theme;
    let block = Block::new()
        .borders(ratatui::widgets::Borders::LEFT)
        .border_style(theme.border);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let inner = Rect::new(
        inner.x.saturating_add(1),
        inner.y,
        inner.width.saturating_sub(1),
        inner.height,
    );
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    if w == 0 || h == 0 {
        return;
    }
    let mut lines: Vec<Line<'static>> = Vec::new();
    let doc_title = |d: usize| {
        app.corpus
            .documents
            .get(d)
            .map(|doc| {
                let date = date_str(app, doc).unwrap_or_default();
                format!("{} {date}", doc.title)
            })
            .unwrap_or_default()
    };
    match item.target {
        Target::Entity(e) => {
            let Some(ent) = app.corpus.entities.get(e) else {
                return;
            };
            let (name, _) = highlighted(
                &entity_label(ent),
                &[],
                w,
                theme.kind(ent.kind).add_modifier(Modifier::BOLD),
                Style::new(),
            );
            lines.push(Line::from(name));
            let n = ent.mentions.len();
            let d = ent.doc_count();
            let facts = format!(
                "{} · {n} mention{} in {d} document{}",
                ent.kind.as_str(),
                if n == 1 { "" } else { "s" },
                if d == 1 { "" } else { "s" }
            );
            lines.push(Line::from(
                highlighted(&facts, &[], w, theme.dim, Style::new()).0,
            ));
            if !ent.aliases.is_empty() {
                let aka = format!("also: {}", ent.aliases.join(", "));
                lines.push(Line::from(
                    highlighted(&aka, &[], w, theme.dim, Style::new()).0,
                ));
            }
            let focus_style = theme.kind(ent.kind).patch(theme.active_mention);
            let mut last_doc = None;
            for m in ent.mentions.iter() {
                if lines.len() + 2 > h {
                    break;
                }
                lines.push(Line::raw(""));
                if last_doc != Some(m.doc) {
                    let t = doc_title(m.doc());
                    lines.push(Line::from(
                        highlighted(&t, &[], w, theme.title, Style::new()).0,
                    ));
                    last_doc = Some(m.doc);
                }
                let room = h.saturating_sub(lines.len()).min(3);
                lines.extend(context_lines(
                    app,
                    m.doc(),
                    m.start()..m.end(),
                    80,
                    w,
                    room,
                    focus_style,
                ));
            }
        }
        Target::Document(d) => {
            let Some(doc) = app.corpus.documents.get(d) else {
                return;
            };
            lines.push(Line::from(
                highlighted(&doc.title, &item.positions, w, theme.title, theme.matched).0,
            ));
            let facts = format!(
                "{} · {}{}",
                doc.path,
                date_str(app, doc).unwrap_or_else(|| "no date".into()),
                if doc.date_inferred { " (inferred)" } else { "" }
            );
            lines.push(Line::from(
                highlighted(&facts, &[], w, theme.dim, Style::new()).0,
            ));
            lines.push(Line::raw(""));
            let start = if doc.text.is_char_boundary(doc.body_start) {
                doc.body_start
            } else {
                0
            };
            let room = h.saturating_sub(lines.len());
            lines.extend(context_lines(
                app,
                d,
                start..start,
                0,
                w,
                room,
                Style::new(),
            ));
        }
        Target::Line {
            doc, start, end, ..
        } => {
            lines.push(Line::from(
                highlighted(&doc_title(doc), &[], w, theme.title, Style::new()).0,
            ));
            lines.push(Line::raw(""));
            let room = h.saturating_sub(lines.len());
            lines.extend(context_lines(
                app,
                doc,
                start..end,
                300,
                w,
                room,
                theme.flash,
            ));
        }
    }
    lines.truncate(h);
    frame.render_widget(Paragraph::new(lines), inner);
}

// ----- Help -------------------------------------------------------------------------------------

/// The help overlay's two halves: every key as bound (left), then the mouse, the other
/// contexts and the colour legend (right). Narrow screens show them one after the other.
pub fn help_lines(app: &App) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
    let theme = &app.theme;
    let heading = |s: &str| Line::styled(s.to_string(), theme.header.patch(theme.prompt));
    let rows = app.keymap.help_rows();
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
    let palette = match app.keymap.key_label(Context::Global, Action::OpenPalette) {
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
                pad = 19usize.saturating_sub(reader::str_width(label))
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
        theme.person.patch(theme.active_entity),
        "its other mentions",
    ));
    right.push(sample(
        "active mention",
        theme.person.patch(theme.active_mention),
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
    right.push(Line::raw("  smart case · accents fold (nicolas = Nicolás)"));
    right.push(Line::raw(""));
    // The lists move like every list: only what is their own is shown.
    right.push(heading("In the timeline, mention and seen-with lists"));
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

/// Cuts a line to `w` cells (sanitized, measured).
fn fit(l: Line<'static>, w: usize) -> Line<'static> {
    let mut used = 0;
    let mut spans = Vec::new();
    for s in l.spans {
        if used >= w {
            break;
        }
        let (t, u) = highlighted(&s.content, &[], w - used, s.style, Style::new());
        spans.extend(t);
        used += u;
    }
    Line::from(spans)
}

fn draw_help(frame: &mut Frame<'_>, app: &mut App) {
    let theme = app.theme.clone();
    let (left, right) = help_lines(app);
    let w = app.area.width.saturating_sub(4).min(124);
    // Two columns from 110 inner cells: the box is as tall as the taller column needs.
    let rows = if w >= 113 {
        left.len().max(right.len())
    } else {
        left.len() + right.len()
    };
    let want = u16::try_from(rows + 2).unwrap_or(u16::MAX);
    let r = layout::centered(app.area, w, app.area.height.saturating_sub(2).min(want));
    let Some(inner) = overlay(
        frame,
        r,
        &theme,
        " docent · help ",
        " j/k scroll · Esc close ",
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
    let scroll = app.help.unwrap_or(0).min(longest.saturating_sub(h));
    app.help = Some(scroll);
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

// ----- List overlays ----------------------------------------------------------------------------

/// A histogram bar of `n` out of `max` in `width` cells, in eighths.
pub fn bar(n: usize, max: usize, width: usize) -> String {
    if n == 0 || max == 0 || width == 0 {
        return String::new();
    }
    let eighths = (n * width * 8).div_ceil(max).clamp(1, width * 8);
    let mut s = "█".repeat(eighths / 8);
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    s.push_str(PARTS[eighths % 8]);
    s
}

/// The label of a timeline bucket: the ISO value and its readable form.
pub fn bucket_label(value: &str) -> String {
    match super::app::readable_date(value) {
        Some(r) => format!("{value} {r}"),
        None => value.to_string(),
    }
}

/// Appends `(text, style)` pieces to `spans`, each cut to the room left in `w` cells.
fn push_pieces(
    spans: &mut Vec<Span<'static>>,
    used: &mut usize,
    w: usize,
    pieces: Vec<(String, Style)>,
) {
    for (text, style) in pieces {
        if *used >= w {
            break;
        }
        let (t, u) = highlighted(&text, &[], w - *used, style, Style::new());
        spans.extend(t);
        *used += u;
    }
}

fn doc_title(app: &App, d: usize) -> String {
    app.corpus
        .documents
        .get(d)
        .map(|doc| {
            if doc.title.trim().is_empty() {
                doc.file_name().to_string()
            } else {
                doc.title.clone()
            }
        })
        .unwrap_or_default()
}

fn draw_panel(frame: &mut Frame<'_>, app: &mut App) {
    // Taken out while drawing (no copy of a long list per frame) and put back.
    let r = app.panel_rect();
    let Some(mut panel) = app.panel.take() else {
        return;
    };
    draw_panel_rows(frame, app, &mut panel, r);
    app.panel = Some(panel);
}

fn draw_panel_rows(frame: &mut Frame<'_>, app: &App, panel: &mut super::panels::Panel, r: Rect) {
    use super::panels::PanelRows;
    let theme = app.theme.clone();
    let (title, hint) = match &panel.rows {
        PanelRows::Timeline(_) => (
            format!(" Timeline · by {} ", app.zoom.name()),
            " j/k move · Enter jump · +/- zoom · Esc close ",
        ),
        PanelRows::Cooccurrence { .. } => (
            " Seen with… ".to_string(),
            " j/k move · Enter make active · Esc close ",
        ),
        PanelRows::Mentions { .. } => (
            " Mentions ".to_string(),
            " j/k move · Enter jump · Esc close ",
        ),
    };
    let Some(inner) = overlay(frame, r, &theme, &title, hint) else {
        return;
    };
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let w = usize::from(inner.width);
    let list_h = usize::from(inner.height.saturating_sub(1));
    let mut nav = panel.nav;
    nav.scroll_into_view(panel.len(), list_h);
    panel.nav = nav;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let row_style = |i: usize| {
        if i == nav.selected {
            theme.selected
        } else {
            Style::new()
        }
    };
    let entity_name = |e: usize| {
        app.corpus
            .entities
            .get(e)
            .map(entity_label)
            .unwrap_or_default()
    };
    match &panel.rows {
        PanelRows::Timeline(rows) => {
            let resolved = rows.iter().filter(|r| r.bucket.is_some()).count();
            let mentions: usize = rows.iter().map(|r| r.mentions).sum();
            let head = format!(
                "{resolved} dates · {mentions} mentions · {} unresolved · ■ dated documents (~ inferred)",
                rows.len() - resolved
            );
            lines.push(Line::from(
                highlighted(&head, &[], w, theme.dim, Style::new()).0,
            ));
            let max = rows.iter().map(|r| r.mentions).max().unwrap_or(0);
            let label_of = |r: &insight::TimelineRow| match &r.bucket {
                Some(b) => bucket_label(b),
                None => format!(
                    "? {}",
                    r.entities
                        .first()
                        .map(|&e| entity_name(e))
                        .unwrap_or_default()
                ),
            };
            let label_w = rows
                .iter()
                .map(|r| reader::str_width(&label_of(r)))
                .max()
                .unwrap_or(0)
                .min(30)
                .min(w / 3);
            let bar_w = (w / 5).clamp(4, 20);
            for (i, row) in rows.iter().enumerate().skip(nav.offset).take(list_h) {
                let base = row_style(i);
                let mut spans = vec![Span::styled(
                    if i == nav.selected { "▌" } else { " " },
                    base.patch(theme.prompt),
                )];
                let mut used = 1;
                let label = label_of(row);
                let style = if row.bucket.is_some() {
                    base.patch(theme.date)
                } else {
                    base.patch(theme.dim)
                };
                let (t, u) = highlighted(&label, &[], label_w.min(w - used), style, Style::new());
                spans.extend(t);
                used += u;
                pad(&mut spans, used, 1 + label_w + 1, base);
                used = used.max(1 + label_w + 1);
                let b = bar(row.mentions, max, bar_w);
                let count = if row.mentions == 0 {
                    "   ·".to_string()
                } else {
                    format!("{:>4}", row.mentions)
                };
                let mut pieces = vec![
                    (format!("{b:<bar_w$}"), base.patch(theme.date)),
                    (format!("{count} "), base.patch(theme.dim)),
                ];
                for &(d, inferred) in &row.dated {
                    let mut t = format!(" ■ {}", doc_title(app, d));
                    if inferred {
                        t.push('~');
                    }
                    let st = if inferred {
                        base.patch(theme.title).add_modifier(Modifier::ITALIC)
                    } else {
                        base.patch(theme.title)
                    };
                    pieces.push((t, st));
                }
                if !row.docs.is_empty() {
                    let titles: Vec<String> = row.docs.iter().map(|&d| doc_title(app, d)).collect();
                    let n = row.docs.len();
                    pieces.push((
                        format!(
                            " {n} doc{}: {}",
                            if n == 1 { "" } else { "s" },
                            titles.join(", ")
                        ),
                        base.patch(theme.dim),
                    ));
                }
                push_pieces(&mut spans, &mut used, w, pieces);
                pad(&mut spans, used, w, base);
                lines.push(Line::from(spans));
            }
            if rows.is_empty() {
                lines.push(Line::styled(" no dates in this corpus", theme.dim));
            }
        }
        PanelRows::Cooccurrence { subject, rows } => {
            let head = format!(
                "with {} · same sentence · same document",
                entity_name(*subject)
            );
            lines.push(Line::from(
                highlighted(&head, &[], w, theme.dim, Style::new()).0,
            ));
            for (i, row) in rows.iter().enumerate().skip(nav.offset).take(list_h) {
                let Some(ent) = app.corpus.entities.get(row.entity) else {
                    continue;
                };
                let base = row_style(i);
                let counts = format!("{:>5} sent {:>4} docs", row.sentences, row.documents);
                let cw = counts.len();
                let mut spans = vec![
                    Span::styled(
                        if i == nav.selected { "▌" } else { " " },
                        base.patch(theme.prompt),
                    ),
                    Span::styled(ent.kind.tag(), base.patch(theme.kind(ent.kind))),
                    Span::styled(" ", base),
                ];
                let room = w.saturating_sub(5 + cw + 1);
                let (t, u) = highlighted(&entity_label(ent), &[], room, base, Style::new());
                spans.extend(t);
                pad(&mut spans, 5 + u, w.saturating_sub(cw), base);
                if w > cw + 5 {
                    spans.push(Span::styled(counts, base.patch(theme.dim)));
                }
                lines.push(Line::from(spans));
            }
            if rows.is_empty() {
                lines.push(Line::styled(" nothing appears with it", theme.dim));
            }
        }
        PanelRows::Mentions { subject, rows } => {
            let Some(ent) = app.corpus.entities.get(*subject) else {
                return;
            };
            let n = rows.len();
            let head = format!(
                "{} · {n} mention{} in {} document{}",
                entity_label(ent),
                if n == 1 { "" } else { "s" },
                ent.doc_count(),
                if ent.doc_count() == 1 { "" } else { "s" }
            );
            lines.push(Line::from(
                highlighted(&head, &[], w, theme.dim, Style::new()).0,
            ));
            let title_w = (w / 4).clamp(8, 28);
            let mark = theme.kind(ent.kind).patch(theme.active_mention);
            for (i, row) in rows.iter().enumerate().skip(nav.offset).take(list_h) {
                let Some(doc) = app.corpus.documents.get(row.doc) else {
                    continue;
                };
                let base = row_style(i);
                let mut spans = vec![Span::styled(
                    if i == nav.selected { "▌" } else { " " },
                    base.patch(theme.prompt),
                )];
                let (t, u) = highlighted(
                    &doc_title(app, row.doc),
                    &[],
                    title_w,
                    base.patch(theme.title),
                    Style::new(),
                );
                spans.extend(t);
                pad(&mut spans, 1 + u, 1 + title_w + 1, base);
                let mut used = 1 + title_w + 1;
                let date = match (date_str(app, doc), doc.date_inferred) {
                    (Some(d), true) => format!("{d}~ "),
                    (Some(d), false) => format!("{d}  "),
                    (None, _) => "no date ".into(),
                };
                push_pieces(
                    &mut spans,
                    &mut used,
                    w,
                    vec![(date, base.patch(theme.dim))],
                );
                let (line, hit) =
                    insight::kwic_line(&doc.text, row.sentence.clone(), row.span.clone());
                let positions: Vec<usize> = hit.collect();
                if used < w {
                    let (t, u) = highlighted(&line, &positions, w - used, base, mark);
                    spans.extend(t);
                    used += u;
                }
                pad(&mut spans, used, w, base);
                lines.push(Line::from(spans));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

// ----- Correction picker ------------------------------------------------------------------------

fn draw_picker(frame: &mut Frame<'_>, app: &mut App) {
    use super::edit::PickFor;
    let theme = app.theme.clone();
    let Some(p) = app.picker.clone() else {
        return;
    };
    let rename = matches!(p.purpose, PickFor::Rename(_));
    let mut r = palette_rect(app.area);
    let want = if rename { 3 } else { p.items.len().max(1) + 4 };
    r.height = r.height.min(u16::try_from(want).unwrap_or(u16::MAX));
    let hint = if rename {
        " Enter rename · Esc cancel "
    } else {
        " type to filter · Enter choose · Esc cancel "
    };
    let Some(inner) = overlay(frame, r, &theme, &format!(" {} ", p.title), hint) else {
        return;
    };
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let w = usize::from(inner.width);
    let (spans, used) = highlighted(
        &format!("❯ {}", p.input),
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
    if let Some(pk) = &mut app.picker {
        pk.nav = nav;
    }
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
