//! The reader pane: the open document wrapped to the pane ([`ReaderLayout`]), mentions coloured
//! by kind, the active mention, search hits ([`Search`]) and boilerplate dimmed; only the lines
//! on screen are styled.

use crate::tui::geometry::{self, Pane};
use crate::tui::view::{date_str, pane_block, View};
use crate::tui::widgets::paint::*;
use crate::tui::widgets::TextInput;
use crate::tui::wrap::{self, Layer};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};
use ratatui::Frame;
use std::ops::Range;

/// The reader's state: the open document, how it is wrapped and scrolled, the search in it,
/// and the text a palette jump landed on.
#[derive(Clone, Debug, Default)]
pub struct ReaderPane {
    /// The open document.
    pub doc: usize,
    /// The first line on screen.
    pub scroll: usize,
    pub layout: ReaderLayout,
    pub search: Search,
    /// Text a palette jump landed on.
    pub flash: Option<Range<usize>>,
}

/// The wrapped open document.
#[derive(Clone, Debug, Default)]
pub struct ReaderLayout {
    pub doc: usize,
    pub width: usize,
    /// Laid out with hard-wrapped paragraphs reflowed.
    pub reflow: bool,
    /// The line breaks laid out as spaces (document offsets, sorted): they depend on the
    /// document and the mode, not on the width, so a resize reuses them.
    pub soft_breaks: Vec<usize>,
    pub lines: Vec<Range<usize>>,
}

/// The reader's search.
#[derive(Clone, Debug, Default)]
pub struct Search {
    pub prompt: TextInput,
    /// Byte ranges of the hits in the open document.
    pub hits: Vec<Range<usize>>,
    pub current: Option<usize>,
    /// The other documents: which have a hit, for `n` / `N` past the open document's ends.
    pub across: Across,
}

/// Which documents have a hit for the reader's search (found on the worker), and where they
/// are in the Sources list.
#[derive(Clone, Debug, Default)]
pub struct Across {
    /// The documents with a hit, ascending; `None` until the worker says.
    pub docs: Option<std::sync::Arc<Vec<u32>>>,
    /// Why `docs` is not known (the word index being built), when the worker said so.
    pub note: Option<String>,
    /// `n` (true) or `N` pressed past an end before `docs` came: the step to take then.
    pub waiting: Option<bool>,
    /// The Sources rows (indices, ascending) whose document has a hit.
    pub rows: Vec<usize>,
}

impl Search {
    pub fn active(&self) -> bool {
        !self.prompt.text.is_empty()
    }
}

/// The mention layer of `doc` over byte range `range`: kind colours, the active entity, the
/// active mention.
pub fn mention_layer(v: &View<'_>, doc: usize, range: Range<usize>) -> Vec<(Range<usize>, Style)> {
    let theme = &v.theme;
    let spans = v.index.spans(doc);
    let from = spans.partition_point(|s| s.end() <= range.start);
    let active = v.active.map(|a| a.entity);
    let mut out: Vec<(Range<usize>, Style)> = spans[from..]
        .iter()
        .take_while(|s| s.start() < range.end)
        .filter(|s| v.shows(s.kind) || Some(s.entity()) == active)
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
pub fn active_range(v: &View<'_>, doc: usize) -> Vec<(Range<usize>, Style)> {
    let Some((ent, k, _, _)) = v.active_info else {
        return Vec::new();
    };
    match ent.mentions.get(k - 1) {
        Some(m) if m.doc() == doc => {
            let st = v.theme.kind(ent.kind).patch(v.theme.active_mention);
            vec![(m.start()..m.end(), st)]
        }
        _ => Vec::new(),
    }
}

/// `──── page 3/12 ────` across `width` cells: drawn over the blank line between two pages.
fn page_rule(page: usize, pages: usize, width: usize, style: Style) -> Line<'static> {
    let label = format!(" page {}/{pages} ", page + 1);
    let room = width.saturating_sub(wrap::str_width(&label));
    let left = room.min(4);
    let right = room - left;
    Line::styled(
        format!("{}{label}{}", "─".repeat(left), "─".repeat(right)),
        style,
    )
}

pub fn draw_reader(frame: &mut Frame<'_>, v: &View<'_>, r: Rect) {
    let theme = v.theme.clone();
    let Some(doc) = v.corpus.documents.get(v.doc) else {
        let block = pane_block(v, Pane::Reader, r).title(" Reader ");
        frame.render_widget(block, r);
        return;
    };
    let date = match (date_str(v, doc), doc.date_inferred) {
        (Some(d), true) => format!(" {d} (inferred) "),
        (Some(d), false) => format!(" {d} "),
        (None, _) => " no date ".to_string(),
    };
    let title_room = usize::from(r.width).saturating_sub(4 + wrap::str_width(&date));
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
    let lines_total = v.layout.lines.len();
    let text_rect = v.text_rect;
    let h = usize::from(text_rect.height);
    let pos = if lines_total <= h {
        " all ".to_string()
    } else {
        let last = (v.scroll + h).min(lines_total);
        let pct = last * 100 / lines_total.max(1);
        format!(" {}–{last}/{lines_total} {pct}% ", v.scroll + 1)
    };
    let mut block = pane_block(v, Pane::Reader, r).title(Line::from(title_spans));
    if title_room > 10 {
        block = block.title(Line::styled(date, date_style).right_aligned());
    }
    block = block.title_bottom(Line::styled(pos.clone(), theme.dim).right_aligned());
    // Where the file is, cut from the left so the file name stays.
    if let Some(path) = v.source_paths.get(v.doc) {
        let room = usize::from(r.width).saturating_sub(wrap::str_width(&pos) + 6);
        if room >= 8 {
            let p = crate::tui::paths::cut_left(path, room - 2);
            block = block.title_bottom(Line::styled(format!(" {p} "), theme.dim));
        }
    }
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let prompt_visible = v.search.prompt.visible();
    let (_, prompt) = geometry::list_and_prompt(inner, prompt_visible);

    // The lines on screen, and the layers over their byte range.
    let visible: Vec<Range<usize>> = v
        .layout
        .lines
        .iter()
        .skip(v.scroll)
        .take(h)
        .cloned()
        .collect();
    if let (Some(first), Some(last)) = (visible.first(), visible.last()) {
        let span = first.start..last.end.max(first.start + 1);
        let mentions = mention_layer(v, v.doc, span.clone());
        let hits: Vec<(Range<usize>, Style)> = {
            let hits = &v.search.hits;
            let from = hits.partition_point(|h| h.end <= span.start);
            hits[from..]
                .iter()
                .enumerate()
                .take_while(|(_, h)| h.start < span.end)
                .map(|(j, h)| {
                    let st = if v.search.current == Some(from + j) {
                        theme.search_hit.patch(theme.active_mention)
                    } else {
                        theme.search_hit
                    };
                    (h.clone(), st)
                })
                .collect()
        };
        let flash: Vec<(Range<usize>, Style)> = v
            .flash
            .map(|f| vec![(f.clone(), theme.flash)])
            .unwrap_or_default();
        let active = active_range(v, v.doc);
        let boilerplate: Vec<(Range<usize>, Style)> = if v.dim_boilerplate {
            wrap::boilerplate_in(&doc.text, span.clone())
                .into_iter()
                .map(|r| (r, theme.dim))
                .collect()
        } else {
            Vec::new()
        };
        // An e-mail's header labels (From:, To:, Date:, …) set apart from their values.
        let labels: Vec<(Range<usize>, Style)> = doc
            .header_labels()
            .into_iter()
            .filter(|l| l.start < span.end && span.start < l.end)
            .map(|l| (l, theme.dim.add_modifier(Modifier::BOLD)))
            .collect();
        let layers = [
            Layer { ranges: &labels },
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
            .map(|l| match doc.page_break_at(l.clone()) {
                // The blank line between two PDF pages: a dim rule naming the next page.
                Some(p) => page_rule(p, doc.pages.len(), width, theme.dim),
                None => wrap::styled_line(&doc.text, l.clone(), Style::new(), &layers, width),
            })
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
            .position(v.scroll)
            .viewport_content_length(h);
        let bar_area = Rect::new(r.x, r.y + 1, r.width, r.height - 2);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None)
                .track_symbol(Some("│"))
                .track_style(theme.border)
                .thumb_style(if v.focus == Pane::Reader {
                    theme.border_focused
                } else {
                    theme.dim
                }),
            bar_area,
            &mut state,
        );
    }
    if let Some(p) = prompt {
        let n = v.search.hits.len();
        let info = match v.search.current {
            Some(c) if n > 0 => format!("{}/{n}", c + 1),
            _ if v.search.active() => "no match".to_string(),
            _ => String::new(),
        };
        let editing = v.search.prompt.editing && v.focus == Pane::Reader;
        let input = v.search.prompt.text.clone();
        draw_prompt(frame, &theme, p, &input, editing, &info);
    }
}
