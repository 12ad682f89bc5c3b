//! The list overlays over the reader — the timeline (`t`), the entities seen with the active
//! one (`c`) and the active entity's mentions in context (`m`).

use crate::insight;
use crate::insight::{CoRow, MentionRow, TimelineRow};
use crate::text::entity_label;
use crate::tui::view::{date_str, doc_title, View};
use crate::tui::widgets::paint::*;
use crate::tui::widgets::ListNav;
use crate::tui::wrap::{self};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// What a list overlay shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PanelRows {
    Timeline(Vec<TimelineRow>),
    /// The entities seen with `subject`.
    Cooccurrence {
        subject: usize,
        rows: Vec<CoRow>,
    },
    /// Every mention of `subject`.
    Mentions {
        subject: usize,
        rows: Vec<MentionRow>,
    },
}

/// An open list overlay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Panel {
    pub rows: PanelRows,
    pub nav: ListNav,
}

impl Panel {
    pub fn len(&self) -> usize {
        match &self.rows {
            PanelRows::Timeline(r) => r.len(),
            PanelRows::Cooccurrence { rows, .. } => rows.len(),
            PanelRows::Mentions { rows, .. } => rows.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

pub fn draw_panel(frame: &mut Frame<'_>, v: &View<'_>) {
    let Some(panel) = v.panel else {
        return;
    };
    draw_panel_rows(frame, v, panel, v.panel_rect);
}

pub fn draw_panel_rows(frame: &mut Frame<'_>, v: &View<'_>, panel: &Panel, r: Rect) {
    let theme = v.theme.clone();
    let (title, hint) = match &panel.rows {
        PanelRows::Timeline(_) => (
            format!(" Timeline · by {} ", v.zoom.name()),
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
    let mut lines: Vec<Line<'static>> = Vec::new();
    let row_style = |i: usize| {
        if i == nav.selected {
            theme.selected
        } else {
            Style::new()
        }
    };
    let entity_name = |e: usize| {
        v.corpus
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
                .map(|r| wrap::str_width(&label_of(r)))
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
                    let mut t = format!(" ■ {}", doc_title(v, d));
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
                    let titles: Vec<String> = row.docs.iter().map(|&d| doc_title(v, d)).collect();
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
                let Some(ent) = v.corpus.entities.get(row.entity) else {
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
            let Some(ent) = v.corpus.entities.get(*subject) else {
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
                let Some(doc) = v.corpus.documents.get(row.doc) else {
                    continue;
                };
                let base = row_style(i);
                let mut spans = vec![Span::styled(
                    if i == nav.selected { "▌" } else { " " },
                    base.patch(theme.prompt),
                )];
                let (t, u) = highlighted(
                    &doc_title(v, row.doc),
                    &[],
                    title_w,
                    base.patch(theme.title),
                    Style::new(),
                );
                spans.extend(t);
                pad(&mut spans, 1 + u, 1 + title_w + 1, base);
                let mut used = 1 + title_w + 1;
                let date = match (date_str(v, doc), doc.date_inferred) {
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
