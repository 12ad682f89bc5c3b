//! Every mention of the active entity in context (`m`): document, date and the words around
//! the mention, marked; Enter jumps there.

use super::list::{Go, ListSource};
use crate::insight::{self, MentionRow};
use crate::text::entity_label;
use crate::tui::keymap::Action;
use crate::tui::view::{date_str, doc_title, View};
use crate::tui::widgets::paint::*;
use ratatui::style::Style;
use ratatui::text::Span;
use std::any::Any;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mentions {
    pub subject: usize,
    pub rows: Vec<MentionRow>,
}

/// The active entity's mentions, on the current one.
pub fn open(v: &View<'_>) -> Result<(Box<dyn ListSource>, usize), String> {
    let active = v.active.ok_or_else(|| v.keymap.no_active_entity())?;
    let rows = insight::mention_list(v.corpus, active.entity);
    let selected = rows
        .iter()
        .position(|r| r.mention == active.mention)
        .unwrap_or(0);
    Ok((
        Box::new(Mentions {
            subject: active.entity,
            rows,
        }),
        selected,
    ))
}

impl ListSource for Mentions {
    fn action(&self) -> Action {
        Action::MentionList
    }

    fn title(&self, _v: &View<'_>) -> String {
        "Mentions".into()
    }

    fn heading(&self, v: &View<'_>) -> String {
        let Some(ent) = v.corpus.entities.get(self.subject) else {
            return String::new();
        };
        let n = self.rows.len();
        format!(
            "{} · {n} mention{} in {} document{}",
            entity_label(ent),
            if n == 1 { "" } else { "s" },
            ent.doc_count(),
            if ent.doc_count() == 1 { "" } else { "s" }
        )
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn empty_text(&self) -> &'static str {
        "no mentions"
    }

    fn row(&self, i: usize, v: &View<'_>, w: usize, base: Style) -> (Vec<Span<'static>>, usize) {
        let theme = v.theme;
        let (Some(row), Some(ent)) = (self.rows.get(i), v.corpus.entities.get(self.subject)) else {
            return (Vec::new(), 0);
        };
        let Some(doc) = v.corpus.documents.get(row.doc) else {
            return (Vec::new(), 0);
        };
        let title_w = ((w + 1) / 4).clamp(8, 28);
        let mark = theme.kind(ent.kind).patch(theme.active_mention);
        let mut spans = Vec::new();
        let (t, u) = highlighted(
            &doc_title(v, row.doc),
            &[],
            title_w,
            base.patch(theme.title),
            Style::new(),
        );
        spans.extend(t);
        pad(&mut spans, u, title_w + 1, base);
        let mut used = title_w + 1;
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
        let (line, hit) = insight::kwic_line(&doc.text, row.sentence.clone(), row.span.clone());
        let positions: Vec<usize> = hit.collect();
        if used < w {
            let (t, u) = highlighted(&line, &positions, w - used, base, mark);
            spans.extend(t);
            used += u;
        }
        (spans, used)
    }

    fn accept(&self, i: usize, _v: &View<'_>) -> Option<Go> {
        self.rows.get(i).map(|r| Go::Mention {
            entity: self.subject,
            mention: r.mention,
        })
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
