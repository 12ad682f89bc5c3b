//! The timeline (`t`): every resolved date of the corpus in order at its precision, with a
//! histogram bar of its mentions and the documents dated there; `+` / `-` change the buckets.

use super::list::{Go, Handled, ListSource};
use crate::insight::{self, TimelineRow, Zoom};
use crate::model::EntityKind;
use crate::text::entity_label;
use crate::tui::keymap::Action;
use crate::tui::view::{doc_title, View};
use crate::tui::widgets::paint::*;
use crate::tui::wrap;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use std::any::Any;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    pub rows: Vec<TimelineRow>,
    pub zoom: Zoom,
}

/// The timeline at the app's zoom, on the active date's bucket, else the open document's date.
pub fn open(v: &View<'_>) -> Result<(Box<dyn ListSource>, usize), String> {
    let rows = insight::timeline(v.corpus, v.zoom);
    let by_active = v
        .active
        .and_then(|a| rows.iter().position(|r| r.entities.contains(&a.entity)));
    let selected = by_active
        .or_else(|| {
            rows.iter()
                .position(|r| r.dated.iter().any(|&(d, _)| d == v.doc))
        })
        .unwrap_or(0);
    Ok((Box::new(Timeline { rows, zoom: v.zoom }), selected))
}

impl Timeline {
    fn label(&self, r: &TimelineRow, v: &View<'_>) -> String {
        match &r.bucket {
            Some(b) => bucket_label(b),
            None => format!(
                "? {}",
                r.entities
                    .first()
                    .and_then(|&e| v.corpus.entities.get(e))
                    .map(entity_label)
                    .unwrap_or_default()
            ),
        }
    }
}

impl ListSource for Timeline {
    fn action(&self) -> Action {
        Action::Timeline
    }

    fn title(&self, _v: &View<'_>) -> String {
        format!("Timeline · by {}", self.zoom.name())
    }

    fn heading(&self, _v: &View<'_>) -> String {
        let resolved = self.rows.iter().filter(|r| r.bucket.is_some()).count();
        let mentions: usize = self.rows.iter().map(|r| r.mentions).sum();
        format!(
            "{resolved} dates · {mentions} mentions · {} unresolved · ■ dated documents (~ inferred)",
            self.rows.len() - resolved
        )
    }

    fn extra_keys(&self) -> &'static [(&'static [Action], &'static str)] {
        &[(&[Action::ZoomIn, Action::ZoomOut], "zoom")]
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn empty_text(&self) -> &'static str {
        "no dates in this corpus"
    }

    fn row(&self, i: usize, v: &View<'_>, w: usize, base: Style) -> (Vec<Span<'static>>, usize) {
        let theme = v.theme;
        let Some(row) = self.rows.get(i) else {
            return (Vec::new(), 0);
        };
        // Columns line up over the visible rows: the label column fits the longest label.
        let label_w = self
            .rows
            .iter()
            .map(|r| wrap::str_width(&self.label(r, v)))
            .max()
            .unwrap_or(0)
            .min(30)
            .min((w + 1) / 3);
        let max = self.rows.iter().map(|r| r.mentions).max().unwrap_or(0);
        let bar_w = ((w + 1) / 5).clamp(4, 20);
        let mut spans = Vec::new();
        let style = if row.bucket.is_some() {
            base.patch(theme.kind(EntityKind::Date))
        } else {
            base.patch(theme.dim)
        };
        let (t, u) = highlighted(
            &self.label(row, v),
            &[],
            label_w.min(w),
            style,
            Style::new(),
        );
        spans.extend(t);
        pad(&mut spans, u, label_w + 1, base);
        let mut used = u.max(label_w + 1);
        let b = bar(row.mentions, max, bar_w);
        let count = if row.mentions == 0 {
            "   ·".to_string()
        } else {
            format!("{:>4}", row.mentions)
        };
        let mut pieces = vec![
            (
                format!("{b:<bar_w$}"),
                base.patch(theme.kind(EntityKind::Date)),
            ),
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
        (spans, used)
    }

    fn accept(&self, i: usize, _v: &View<'_>) -> Option<Go> {
        let row = self.rows.get(i)?;
        if let Some(&e) = row.entities.first() {
            return Some(Go::Mention {
                entity: e,
                mention: 0,
            });
        }
        row.dated.first().map(|&(d, _)| Go::Document(d))
    }

    /// `+` / `-`: finer or coarser buckets, keeping the selected date in view.
    fn key(&mut self, a: Action, selected: usize, v: &View<'_>) -> Option<Handled> {
        let old = self.zoom;
        let zoom = match a {
            Action::ZoomIn => old.finer(),
            Action::ZoomOut => old.coarser(),
            _ => return None,
        };
        if zoom == old {
            return Some(Handled {
                message: Some(format!("timeline: already by {}", old.name())),
                ..Handled::default()
            });
        }
        let keep = self.rows.get(selected).and_then(|r| r.bucket.clone());
        let rows = insight::timeline(v.corpus, zoom);
        let select = keep
            .and_then(|b| {
                let nb = insight::bucket(&b, zoom)?;
                rows.iter()
                    .position(|r| r.bucket.as_deref() == Some(nb.as_str()))
                    .or_else(|| {
                        // Zooming in: the first finer bucket inside the old one.
                        rows.iter().position(|r| {
                            r.bucket
                                .as_deref()
                                .and_then(|x| insight::bucket(x, old))
                                .is_some_and(|ob| ob == b)
                        })
                    })
            })
            .unwrap_or(0);
        self.rows = rows;
        self.zoom = zoom;
        Some(Handled {
            message: Some(format!("timeline by {}", zoom.name())),
            select: Some(select),
            zoom: Some(zoom),
        })
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
