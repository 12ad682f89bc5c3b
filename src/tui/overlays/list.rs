//! One list overlay for every list over the reader. A list is a [`ListSource`] — its rows, how
//! one is drawn, where Enter goes — and this file does the rest the same way for all of them:
//! the frame with the keys as configured, the heading, the selection marker, scrolling, the
//! mouse rows. Adding a list is one file implementing [`ListSource`] and one row in
//! [`super::LISTS`] (with its action in the keymap).

use crate::insight::Zoom;
use crate::tui::geometry;
use crate::tui::keymap::{Action, Context};
use crate::tui::view::View;
use crate::tui::widgets::paint::*;
use crate::tui::widgets::{ListNav, TextInput};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::any::Any;
use std::fmt::Debug;

/// Where Enter on a row goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Go {
    /// Make `entity` active at its mention `mention` (corpus order).
    Mention { entity: usize, mention: usize },
    /// Make `entity` active at its first mention in the open document (or its first at all).
    Entity(usize),
    /// Open a document at the top.
    Document(usize),
}

/// What a list did with a key of its own (the timeline's zoom).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Handled {
    pub message: Option<String>,
    /// Select this row (and scroll from the top).
    pub select: Option<usize>,
    /// The timeline's zoom changed (the app remembers it for the next opening).
    pub zoom: Option<Zoom>,
}

/// A list shown in the list overlay.
pub trait ListSource: Debug + Send {
    /// The action that opens (and, pressed again, closes) it.
    fn action(&self) -> Action;
    /// The frame's title.
    fn title(&self, v: &View<'_>) -> String;
    /// The line above the rows (what the list is of, totals).
    fn heading(&self, v: &View<'_>) -> String;
    /// What Enter does, for the hint ("jump", "make active").
    fn accept_label(&self) -> &'static str {
        "jump"
    }
    /// Keys of its own to name in the hint (actions shown together, `+/-`), with what they do.
    fn extra_keys(&self) -> &'static [(&'static [Action], &'static str)] {
        &[]
    }
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Shown when there are no rows.
    fn empty_text(&self) -> &'static str;
    /// Row `i` in `width` cells on the `base` style (selection already applied). Returns the
    /// spans and the cells they take.
    fn row(&self, i: usize, v: &View<'_>, width: usize, base: Style)
        -> (Vec<Span<'static>>, usize);
    /// Where Enter on row `i` goes.
    fn accept(&self, i: usize, v: &View<'_>) -> Option<Go>;
    /// Why Enter on row `i` goes nowhere (said on the status line; the list stays open).
    fn refusal(&self, _i: usize, _v: &View<'_>) -> Option<String> {
        None
    }
    /// The text the `/` filter matches row `i` against: by default what the row shows.
    fn filter_text(&self, i: usize, v: &View<'_>) -> String {
        let (spans, _) = self.row(i, v, 160, Style::new());
        spans.iter().map(|s| s.content.as_ref()).collect()
    }
    /// A key of its own; `None` when the list does not use it.
    fn key(&mut self, _a: Action, _selected: usize, _v: &View<'_>) -> Option<Handled> {
        None
    }
    /// For tests and callers that know the concrete list.
    fn as_any(&self) -> &dyn Any;
}

/// The open list overlay: a list, its `/` filter, and where the selection is (among the rows
/// the filter keeps).
#[derive(Debug)]
pub struct ListOverlay {
    pub source: Box<dyn ListSource>,
    pub nav: ListNav,
    pub filter: TextInput,
    /// The rows the filter keeps, as row numbers of the source (`None`: every row).
    pub shown: Option<Vec<usize>>,
    /// Each row's filter text, made when the filter is first typed.
    texts: Option<Vec<String>>,
    /// The query `shown` was matched for.
    matched: String,
}

impl ListOverlay {
    pub fn new(source: Box<dyn ListSource>, selected: usize) -> ListOverlay {
        ListOverlay {
            source,
            nav: ListNav {
                selected,
                offset: 0,
            },
            filter: TextInput::default(),
            shown: None,
            texts: None,
            matched: String::new(),
        }
    }

    /// Rows shown (after the filter).
    pub fn len(&self) -> usize {
        self.shown.as_ref().map_or(self.source.len(), Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The source's row shown at position `pos`.
    pub fn row(&self, pos: usize) -> Option<usize> {
        match &self.shown {
            Some(s) => s.get(pos).copied(),
            None => (pos < self.source.len()).then_some(pos),
        }
    }

    /// The source's selected row.
    pub fn selected(&self) -> Option<usize> {
        self.row(self.nav.selected)
    }

    /// Where the source's row `i` is shown, if it is.
    pub fn position_of(&self, i: usize) -> Option<usize> {
        match &self.shown {
            Some(s) => s.iter().position(|&r| r == i),
            None => (i < self.source.len()).then_some(i),
        }
    }

    /// Matches the filter against every row (the rows a longer query keeps are among those the
    /// shorter one kept, so typing on only looks at those) and keeps the selected row when it
    /// still shows.
    pub fn refilter(&mut self, v: &View<'_>) {
        let keep = self.selected();
        let q = self.filter.query().to_string();
        if q.is_empty() {
            self.shown = None;
            self.matched.clear();
        } else {
            let texts = self.texts.get_or_insert_with(|| {
                (0..self.source.len())
                    .map(|i| self.source.filter_text(i, v))
                    .collect()
            });
            let query = crate::search::Query::parse(&q);
            let from: Vec<usize> = match &self.shown {
                Some(s) if crate::search::narrows(&self.matched, &q) => s.clone(),
                _ => (0..texts.len()).collect(),
            };
            let kept = from
                .into_iter()
                .filter(|&i| texts.get(i).is_some_and(|t| query.match_text(t).is_some()))
                .collect();
            self.shown = Some(kept);
            self.matched = q;
        }
        self.nav = ListNav {
            selected: keep.and_then(|k| self.position_of(k)).unwrap_or(0),
            offset: 0,
        };
    }

    /// The rows changed (the timeline zoomed): the filter texts are made again.
    pub fn rows_changed(&mut self, v: &View<'_>) {
        self.texts = None;
        self.shown = None;
        self.matched.clear();
        if !self.filter.query().is_empty() {
            self.refilter(v);
        }
    }

    /// The concrete list, when it is a `T`.
    pub fn get<T: 'static>(&self) -> Option<&T> {
        self.source.as_any().downcast_ref::<T>()
    }
}

/// Rows above the first list row inside the overlay's rect: the border and the heading.
pub const HEAD_ROWS: u16 = 2;

/// Where the open list overlay goes on a screen of `area`: the palette's place, no taller than
/// its `rows` need.
pub fn rect(area: Rect, rows: usize) -> Rect {
    let mut r = geometry::palette_rect(area);
    let want = u16::try_from(rows.max(1) + 3).unwrap_or(u16::MAX);
    r.height = r.height.min(want);
    r
}

/// Rows of the list a rect shows (`prompt`: less the filter's row).
pub fn list_height(r: Rect, prompt: bool) -> usize {
    usize::from(r.height.saturating_sub(HEAD_ROWS + 1 + u16::from(prompt))).max(1)
}

/// The row under screen line `y`, if any.
pub fn row_at(r: Rect, y: u16, list: &ListOverlay) -> Option<usize> {
    let first = r.y.checked_add(HEAD_ROWS)?;
    if y < first || y >= r.bottom().saturating_sub(1) {
        return None;
    }
    let row = usize::from(y - first) + list.nav.offset;
    let bottom = list
        .len()
        .min(list.nav.offset + list_height(r, list.filter.visible()));
    (row < bottom).then_some(row)
}

/// The hint at the bottom of the frame, from the keys as configured.
fn hint(v: &View<'_>, source: &dyn ListSource) -> String {
    let mut items: Vec<(&[Action], &str)> = vec![
        (&[Action::Down, Action::Up], "move"),
        (&[Action::Accept], source.accept_label()),
        (&[Action::Filter], "filter"),
    ];
    items.extend(source.extra_keys().iter().copied());
    items.push((&[Action::Cancel], "close"));
    format!(" {} ", v.keymap.hint(Context::List, &items))
}

/// Draws the open list overlay.
pub fn draw_list(frame: &mut Frame<'_>, v: &View<'_>) {
    let Some(list) = v.panel else {
        return;
    };
    let theme = v.theme;
    let source = list.source.as_ref();
    let title = format!(" {} ", source.title(v));
    let Some(inner) = overlay(frame, v.panel_rect, theme, &title, &hint(v, source)) else {
        return;
    };
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let w = usize::from(inner.width);
    let (inner, prompt) = geometry::list_and_prompt(inner, list.filter.visible());
    let list_h = usize::from(inner.height.saturating_sub(1));
    // The app keeps the selection in view; a copy guards a height it did not foresee.
    let mut nav = list.nav;
    nav.scroll_into_view(list.len(), list_h);
    let mut lines: Vec<Line<'static>> = vec![Line::from(
        highlighted(&source.heading(v), &[], w, theme.dim, Style::new()).0,
    )];
    // What the filter matched is marked in each drawn row, as the palette and panes mark it.
    let query = Some(crate::search::Query::parse(list.filter.query())).filter(|q| !q.is_empty());
    for pos in (nav.offset..list.len()).take(list_h) {
        let Some(i) = list.row(pos) else { break };
        let base = if pos == nav.selected {
            theme.selected
        } else {
            Style::new()
        };
        let mut spans = vec![Span::styled(
            if pos == nav.selected { "▌" } else { " " },
            base.patch(theme.prompt),
        )];
        let (mut row, used) = source.row(i, v, w.saturating_sub(1), base);
        if let Some(q) = &query {
            let shown: String = row.iter().map(|s| s.content.as_ref()).collect();
            if let Some((_, positions)) = q.match_text(&shown) {
                row = mark_chars(row, &positions, theme.matched);
            }
        }
        spans.extend(row);
        pad(&mut spans, 1 + used, w, base);
        lines.push(Line::from(spans));
    }
    if list.is_empty() {
        let text = if list.shown.is_some() {
            "no match"
        } else {
            source.empty_text()
        };
        lines.push(Line::styled(format!(" {text}"), theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(p) = prompt {
        let info = format!("{}/{}", list.len(), source.len());
        let editing = list.filter.editing && v.context == Context::Prompt;
        draw_prompt(frame, theme, p, &list.filter.text, editing, &info);
    }
}
