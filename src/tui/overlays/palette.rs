//! The Ctrl-P jump palette: one fuzzy query over entities, titles and lines (ranked on the
//! worker, partial results first) with a preview of the selected target.

use crate::model::Corpus;
use crate::search::Target;
use crate::text::entity_label;
use crate::tui::geometry::{self};
use crate::tui::panes::reader::mention_layer;
use crate::tui::theme::Theme;
use crate::tui::view::{date_str, View};
use crate::tui::widgets::paint::*;
use crate::tui::widgets::{ListNav, TextInput};
use crate::tui::worker::PaletteItem;
use crate::tui::wrap::{self, Layer};
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;
use std::ops::Range;

/// The Ctrl-P palette.
#[derive(Clone, Debug, Default)]
pub struct Palette {
    pub input: TextInput,
    /// The names tier (entities, titles, paths: the first `names` items), then the lines.
    pub items: Vec<PaletteItem>,
    /// How many of `items` are names.
    pub names: usize,
    /// How many results the finished ranking found in all (`items` holds the best of them).
    pub total: Option<usize>,
    /// How the lines were found or why there are none (the word index), said below the list.
    pub note: Option<String>,
    pub nav: ListNav,
    /// A query was sent and its full ranking has not arrived (partial results may show).
    pub pending: bool,
    /// The names of the query sent are not ranked yet: what is listed may still change.
    pub names_pending: bool,
    /// Enter was pressed while results were pending: jump as soon as they arrive.
    pub accept_when_ready: bool,
    /// The job generation `items` came from: partial rankings of the same query keep the
    /// selection, a new query's first results reset it.
    pub items_generation: u64,
}

pub fn target_style(theme: &Theme, corpus: &Corpus, t: &Target) -> (&'static str, Style) {
    match t {
        Target::Entity(e) => match corpus.entities.get(*e) {
            Some(ent) => (ent.kind.tag(), theme.kind(ent.kind)),
            None => ("???", theme.dim),
        },
        Target::Document(_) => ("DOC", theme.title),
        Target::Line { .. } => ("TXT", theme.dim),
    }
}

pub fn draw_palette(frame: &mut Frame<'_>, v: &View<'_>) {
    let theme = v.theme.clone();
    let r = geometry::palette_rect(v.area);
    let Some(inner) = overlay(
        frame,
        r,
        &theme,
        " Jump to… ",
        " entities · titles · paths · text ",
    ) else {
        return;
    };
    let Some(p) = v.palette else {
        return;
    };
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    // Input row.
    let input_row = Rect::new(inner.x, inner.y, inner.width, 1);
    let info = if p.pending && p.items.is_empty() {
        "…".to_string()
    } else if p.pending {
        // At least these; more may come.
        format!("{}…", p.items.len())
    } else if p.input.query().is_empty() {
        String::new()
    } else if let Some(total) = p.total.filter(|&t| t > p.items.len()) {
        // Only the best are listed: say how many there are in all.
        format!("{}/{total}", p.items.len())
    } else if p.names >= crate::tui::worker::PALETTE_LIMIT
        || p.items.len() - p.names.min(p.items.len()) >= crate::tui::worker::PALETTE_LIMIT
    {
        format!("{}+", p.items.len())
    } else {
        format!("{}", p.items.len())
    };
    let w = usize::from(inner.width);
    let info_w = wrap::str_width(&info);
    let (mut spans, used) = highlighted(
        &format!("❯ {}", p.input.text),
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
    if inner.height < 2 {
        return;
    }
    let head = if geometry::palette_rule(inner.height) {
        let sep = Rect::new(inner.x, inner.y + 1, inner.width, 1);
        frame.render_widget(
            Paragraph::new(Line::styled("─".repeat(w), theme.border)),
            sep,
        );
        2
    } else {
        1
    };
    let body = Rect::new(inner.x, inner.y + head, inner.width, inner.height - head);
    let (list, preview) = if body.width >= 70 {
        let lw = body.width * 11 / 20;
        (
            Rect::new(body.x, body.y, lw, body.height),
            Some(Rect::new(body.x + lw, body.y, body.width - lw, body.height)),
        )
    } else {
        (body, None)
    };
    if p.input.query().is_empty() {
        let hint = vec![
            Line::styled(
                " Type to search people, places, organizations, dates,",
                theme.dim,
            ),
            Line::styled(" document titles, paths and text.", theme.dim),
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
        // Wrapped at word boundaries: a narrow terminal cut it mid-word.
        frame.render_widget(Paragraph::new(hint).wrap(Wrap { trim: false }), body);
        return;
    }
    // The app keeps the selection in view; this only guards against a height it did not
    // foresee (drawing never changes the state).
    let mut nav = p.nav;
    nav.scroll_into_view(p.items.len(), usize::from(list.height));
    let lw = usize::from(list.width);
    let mut lines = Vec::new();
    for (i, item) in p
        .items
        .iter()
        .enumerate()
        .skip(nav.offset)
        .take(usize::from(list.height))
    {
        let selected = i == nav.selected;
        let base = if selected {
            theme.selected
        } else {
            Style::new()
        };
        let (tag, tag_style) = target_style(&theme, v.corpus, &item.target);
        let mut spans = vec![
            Span::styled(if selected { "▌" } else { " " }, base.patch(theme.prompt)),
            Span::styled(tag, base.patch(tag_style)),
            Span::styled(" ", base),
        ];
        let room = lw.saturating_sub(5);
        let (t, mut used) = highlighted(&item.text, &item.positions, room, base, theme.matched);
        spans.extend(t);
        // What the match stands for, when its text does not say: the entity an alias or a date
        // form names, the title of a document found by its path.
        let stands_for = match item.target {
            Target::Entity(e) => v
                .corpus
                .entities
                .get(e)
                .map(entity_label)
                .filter(|label| !item.text.starts_with(label.as_str())),
            Target::Document(d) => v
                .corpus
                .documents
                .get(d)
                .filter(|doc| item.text != doc.title)
                .map(|doc| doc.title.clone()),
            _ => None,
        };
        if let Some(name) = stands_for.filter(|_| used + 4 < room) {
            let (t, u) = highlighted(
                &format!(" → {name}"),
                &[],
                room - used,
                base.patch(theme.dim),
                Style::new(),
            );
            spans.extend(t);
            used += u;
        }
        pad(&mut spans, 5 + used, lw, base);
        lines.push(Line::from(spans));
    }
    if p.items.is_empty() && !p.pending {
        lines.push(Line::styled(" nothing matches", theme.dim));
    }
    if let Some(note) = &p.note {
        if lines.len() < usize::from(list.height) {
            let (t, _) = highlighted(&format!(" {note}"), &[], lw, theme.dim, Style::new());
            lines.push(Line::from(t));
        }
    }
    frame.render_widget(Paragraph::new(lines), list);
    let selected = p.items.get(p.nav.selected).cloned();
    if let (Some(pr), Some(item)) = (preview, selected) {
        draw_preview(frame, v, pr, &item);
    }
}

/// Context lines around byte range `focus` of `doc`, wrapped to `width`, at most `max` lines,
/// with mentions coloured and `focus` marked in `focus_style`.
pub fn context_lines(
    v: &View<'_>,
    doc: usize,
    focus: Range<usize>,
    before: usize,
    width: usize,
    max: usize,
    focus_style: Style,
) -> Vec<Line<'static>> {
    let Some(d) = v.corpus.documents.get(doc) else {
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
    let lines = wrap::wrap(&text[start..end], start, width.max(1), &[]);
    let mentions = mention_layer(v, doc, start..end);
    let marks = vec![(focus.clone(), focus_style)];
    let layers = [Layer { ranges: &mentions }, Layer { ranges: &marks }];
    // Show the focus line in the first third.
    let fl = wrap::line_of(&lines, focus.start);
    let skip = fl.saturating_sub(max / 3);
    lines
        .iter()
        .skip(skip)
        .take(max)
        .map(|l| wrap::styled_line(text, l.clone(), Style::new(), &layers, width))
        .collect()
}

pub fn draw_preview(frame: &mut Frame<'_>, v: &View<'_>, r: Rect, item: &PaletteItem) {
    let theme = &v.theme;
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
        v.corpus
            .documents
            .get(d)
            .map(|doc| {
                let date = date_str(v, doc).unwrap_or_default();
                format!("{} {date}", doc.title)
            })
            .unwrap_or_default()
    };
    match item.target {
        Target::Entity(e) => {
            let Some(ent) = v.corpus.entities.get(e) else {
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
                    v,
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
            let Some(doc) = v.corpus.documents.get(d) else {
                return;
            };
            // Matched by title or by path: mark the one that matched.
            let by_title = item.text == doc.title;
            let none: &[usize] = &[];
            let (title_pos, path_pos) = if by_title {
                (item.positions.as_slice(), none)
            } else {
                (none, item.positions.as_slice())
            };
            lines.push(Line::from(
                highlighted(&doc.title, title_pos, w, theme.title, theme.matched).0,
            ));
            let path = v.source_paths.get(d).map_or("", String::as_str);
            let (mut facts, used) = highlighted(path, path_pos, w, theme.dim, theme.matched);
            let date = format!(
                " · {}{}",
                date_str(v, doc).unwrap_or_else(|| "no date".into()),
                if doc.date_inferred { " (inferred)" } else { "" }
            );
            facts
                .extend(highlighted(&date, &[], w.saturating_sub(used), theme.dim, Style::new()).0);
            lines.push(Line::from(facts));
            lines.push(Line::raw(""));
            let start = if doc.text.is_char_boundary(doc.body_start) {
                doc.body_start
            } else {
                0
            };
            let room = h.saturating_sub(lines.len());
            lines.extend(context_lines(v, d, start..start, 0, w, room, Style::new()));
        }
        Target::Line {
            doc, start, end, ..
        } => {
            lines.push(Line::from(
                highlighted(&doc_title(doc), &[], w, theme.title, Style::new()).0,
            ));
            lines.push(Line::raw(""));
            let room = h.saturating_sub(lines.len());
            lines.extend(context_lines(v, doc, start..end, 300, w, room, theme.flash));
        }
    }
    lines.truncate(h);
    frame.render_widget(Paragraph::new(lines), inner);
}
