//! The Sources pane: the documents, filtered by `/` (fuzzy, on the worker) — its rows and how
//! they are drawn (title, then date and entity count). Selection and filter state live in the
//! app's [`crate::tui::widgets::ListNav`] and [`crate::tui::widgets::TextInput`].

use crate::tui::geometry::{self, Pane};
use crate::tui::keymap::{Action, Context};
use crate::tui::view::{date_str, pane_block, View};
use crate::tui::widgets::paint::*;
use crate::tui::widgets::{ListNav, TextInput};
use crate::tui::worker::SourceMatch;
use crate::tui::wrap;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The Sources pane's state: the selection, the `/` filter, the worker's matches for it and
/// the rows shown.
#[derive(Clone, Debug, Default)]
pub struct SourcesPane {
    pub nav: ListNav,
    pub filter: TextInput,
    /// The filter matches every line of text too, not only titles and paths.
    pub text_mode: bool,
    /// The filter's matches, ranked (`None`: no filter, every document in order).
    pub matches: Option<Vec<SourceMatch>>,
    /// Why the text filter found no lines (yet: the word index being built), when it did not.
    pub note: Option<String>,
    pub rows: Vec<SourceRow>,
    /// Every document's shown path ([`crate::tui::paths::shown`]), in corpus order.
    pub paths: std::sync::Arc<crate::tui::paths::ShownPaths>,
    /// Chars of the folder all paths share, left out of the rows.
    pub root: usize,
}

/// One row of the Sources pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRow {
    pub doc: usize,
    /// Matched char positions in the title.
    pub positions: Vec<usize>,
    /// Matched char positions in the shown path.
    pub path_positions: Vec<usize>,
    /// The matching text line, when the filter matched the text.
    pub line: Option<String>,
}

pub fn draw_sources(frame: &mut Frame<'_>, v: &View<'_>, r: Rect) {
    let theme = v.theme.clone();
    let total = v.corpus.documents.len();
    let shown = v.source_rows.len();
    let filtered = v.sources_filter.visible();
    let title = if filtered {
        format!(" Sources {shown}/{total} ")
    } else {
        format!(" Sources {total} ")
    };
    let block = pane_block(v, Pane::Sources, r).title(Line::styled(title, theme.title));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let (list, prompt) = geometry::list_and_prompt(inner, filtered);
    let per = geometry::SOURCE_ROW_HEIGHT;
    let rows_shown = usize::from(list.height).div_ceil(per);
    let mut nav = v.sources;
    nav.scroll_into_view(v.source_rows.len(), rows_shown);
    let focused = v.focus == Pane::Sources;
    let w = usize::from(list.width);
    let mut lines = Vec::new();
    for (i, row) in v
        .source_rows
        .iter()
        .enumerate()
        .skip(nav.offset)
        .take(rows_shown)
    {
        let Some(doc) = v.corpus.documents.get(row.doc) else {
            continue;
        };
        let selected = i == nav.selected && focused;
        let open = row.doc == v.doc;
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
        let count = v.index.entity_count(row.doc);
        let dim = base.patch(theme.dim);
        let date_style = if doc.date_inferred {
            dim.add_modifier(Modifier::ITALIC)
        } else {
            base
        };
        // No date says nothing here (the reader's frame says "no date"): the path gets the room.
        let date = match (date_str(v, doc), doc.date_inferred) {
            (Some(d), true) => format!("{d}~"),
            (Some(d), false) => d,
            (None, _) => String::new(),
        };
        let mut spans = vec![Span::styled(marker, marker_style), Span::styled(" ", base)];
        let mut used = 2;
        let mut meta: Vec<(String, Style)> = vec![(date, date_style)];
        // Where it lives: the path past the folder every document shares, matched
        // characters marked.
        if let Some(path) = v.source_paths.get(row.doc) {
            let rel: String = path.chars().skip(v.source_root).collect();
            if !meta.iter().all(|(t, _)| t.is_empty()) {
                meta.push((" · ".into(), dim));
            }
            for (text, style) in meta.drain(..) {
                let (t, u) = highlighted(&text, &[], w.saturating_sub(used), style, Style::new());
                spans.extend(t);
                used += u;
            }
            let mut positions: Vec<usize> = row
                .path_positions
                .iter()
                .filter_map(|p| p.checked_sub(v.source_root))
                .collect();
            // Too long for the room: cut from the left, so the file name stays.
            let room = w.saturating_sub(used);
            let rel = if wrap::str_width(&rel) > room && room > 1 {
                let cut = crate::tui::paths::cut_left(&rel, room);
                let dropped = rel.chars().count() + 1 - cut.chars().count();
                positions = positions
                    .iter()
                    .filter_map(|p| p.checked_sub(dropped).map(|p| p + 1))
                    .collect();
                cut
            } else {
                rel
            };
            let (t, u) = highlighted(&rel, &positions, w.saturating_sub(used), dim, theme.matched);
            spans.extend(t);
            used += u;
        }
        if row.line.is_none() {
            meta.push((
                format!(" · {count} entit{}", if count == 1 { "y" } else { "ies" }),
                dim,
            ));
        }
        if let Some(line) = &row.line {
            meta.push((
                format!(" · {}", line.trim()),
                dim.add_modifier(Modifier::ITALIC),
            ));
        }
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
    if v.source_rows.is_empty() && list.height > 0 {
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
        // What the filter looks at, and the key that changes it.
        let key = v
            .keymap
            .key_label(Context::Prompt, Action::ToggleText)
            .unwrap_or_default();
        let (mode, other) = if v.sources_text {
            ("text", "title+path")
        } else {
            ("title+path", "text")
        };
        let editing = v.sources_filter.editing && focused;
        let counts = format!("{shown}/{total}");
        // The longest that leaves room for the query; the text mode is always said.
        let mut choices = Vec::new();
        if editing && !key.is_empty() {
            choices.push(format!("{mode} · {key} {other} {counts}"));
        }
        choices.push(format!("{mode} {counts}"));
        let short = if v.sources_text {
            format!("text {counts}")
        } else {
            counts
        };
        let info = choices
            .into_iter()
            .find(|c| {
                let input = wrap::str_width(&v.sources_filter.text).max(6);
                wrap::str_width(c) + input + 2 <= usize::from(p.width)
            })
            .unwrap_or(short);
        draw_prompt(frame, &theme, p, &v.sources_filter.text, editing, &info);
    }
}
