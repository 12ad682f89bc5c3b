//! What appears with the active entity (`c`): entities sharing its sentences and documents,
//! ranked; Enter makes one active.

use super::list::{Go, ListSource};
use crate::insight::{self, CoRow};
use crate::text::entity_label;
use crate::tui::keymap::Action;
use crate::tui::view::View;
use crate::tui::widgets::paint::*;
use ratatui::style::Style;
use ratatui::text::Span;
use std::any::Any;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeenWith {
    pub subject: usize,
    pub rows: Vec<CoRow>,
}

pub fn open(v: &View<'_>) -> Result<(Box<dyn ListSource>, usize), String> {
    let subject = v
        .active
        .map(|a| a.entity)
        .ok_or_else(|| v.keymap.no_active_entity())?;
    let rows = insight::cooccurrence(v.corpus, v.index, subject);
    Ok((Box::new(SeenWith { subject, rows }), 0))
}

impl ListSource for SeenWith {
    fn action(&self) -> Action {
        Action::Cooccurrence
    }

    fn title(&self, _v: &View<'_>) -> String {
        "Seen with…".into()
    }

    fn heading(&self, v: &View<'_>) -> String {
        let name = v
            .corpus
            .entities
            .get(self.subject)
            .map(entity_label)
            .unwrap_or_default();
        format!("with {name} · same sentence · same document")
    }

    fn accept_label(&self) -> &'static str {
        "make active"
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn empty_text(&self) -> &'static str {
        "nothing appears with it"
    }

    fn row(&self, i: usize, v: &View<'_>, w: usize, base: Style) -> (Vec<Span<'static>>, usize) {
        let theme = v.theme;
        let Some(row) = self.rows.get(i) else {
            return (Vec::new(), 0);
        };
        let Some(ent) = v.corpus.entities.get(row.entity) else {
            return (Vec::new(), 0);
        };
        let counts = format!("{:>5} sent {:>4} docs", row.sentences, row.documents);
        let cw = counts.len();
        let mut spans = vec![
            Span::styled(ent.kind.tag(), base.patch(theme.kind(ent.kind))),
            Span::styled(" ", base),
        ];
        let room = w.saturating_sub(4 + cw + 1);
        let (t, u) = highlighted(&entity_label(ent), &[], room, base, Style::new());
        spans.extend(t);
        let mut used = 4 + u;
        if w > cw + 4 {
            pad(&mut spans, used, w - cw, base);
            spans.push(Span::styled(counts, base.patch(theme.dim)));
            used = w;
        }
        (spans, used)
    }

    /// Its first mention in the open document when it has one there.
    fn accept(&self, i: usize, _v: &View<'_>) -> Option<Go> {
        self.rows.get(i).map(|r| Go::Entity(r.entity))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
