//! Where things are on screen for the update side: the panes, the reader's text column, list
//! and overlay heights, wrapping the open document, and keeping scroll positions valid. All from
//! [`crate::tui::geometry`], the one source the drawing uses too.

use super::*;

impl App {
    pub fn layout_state(&self) -> LayoutState {
        LayoutState {
            focus: self.focus,
            side: self.side,
            sidebar_pinned: self.sidebar_pinned,
            widths: self.settings.widths,
        }
    }

    /// Where the panes are now.
    pub fn rects(&self) -> Rects {
        geometry::panes(self.area, self.layout_state())
    }

    /// The reader's pane as it is, or as it would be if it had focus.
    pub(crate) fn reader_rect(&self) -> Rect {
        self.rects().reader.unwrap_or_else(|| {
            let mut st = self.layout_state();
            st.focus = Pane::Reader;
            geometry::panes(self.area, st).reader.unwrap_or_default()
        })
    }

    /// The reader's text column (where wrapped lines go).
    pub fn text_rect(&self) -> Rect {
        let inner = geometry::inner(self.reader_rect());
        let (text, _) = geometry::list_and_prompt(inner, self.reader.search.prompt.visible());
        geometry::text_column(text, self.settings.widths.wrap)
    }

    pub(crate) fn text_height(&self) -> usize {
        usize::from(self.text_rect().height).max(1)
    }

    pub(crate) fn list_height(&self, pane: Pane) -> usize {
        let prompt = match pane {
            Pane::Sources => self.sources.filter.visible(),
            Pane::Entities => self.entities.filter.visible(),
            Pane::Reader => false,
        };
        let r = self.rects().get(pane).unwrap_or_else(|| {
            let mut st = self.layout_state();
            st.focus = pane;
            geometry::panes(self.area, st).get(pane).unwrap_or_default()
        });
        let (list, _) = geometry::list_and_prompt(geometry::inner(r), prompt);
        let rows = usize::from(list.height);
        match pane {
            Pane::Sources => rows.div_ceil(geometry::SOURCE_ROW_HEIGHT).max(1),
            _ => rows.max(1),
        }
    }

    /// Re-wraps the open document if its width changed, and keeps scroll positions valid.
    pub fn relayout(&mut self) {
        let width = usize::from(self.text_rect().width).max(1);
        if self.reader.layout.doc != self.reader.doc
            || self.reader.layout.width != width
            || self.reader.layout.reflow != self.settings.reflow
            || self.reader.layout.lines.is_empty()
        {
            // Keep the first visible byte in view across a re-wrap.
            let anchor = if self.reader.layout.doc == self.reader.doc {
                self.reader
                    .layout
                    .lines
                    .get(self.reader.scroll)
                    .map(|r| r.start)
            } else {
                None
            };
            let same_breaks = self.reader.layout.doc == self.reader.doc
                && self.reader.layout.reflow == self.settings.reflow
                && !self.reader.layout.lines.is_empty();
            let (lines, soft) = match self.corpus.documents.get(self.reader.doc) {
                Some(d) => {
                    let start = if d.text.is_char_boundary(d.body_start) {
                        d.body_start
                    } else {
                        0
                    };
                    let body = &d.text[start..];
                    let soft = if !self.settings.reflow {
                        Vec::new()
                    } else if same_breaks {
                        std::mem::take(&mut self.reader.layout.soft_breaks)
                    } else {
                        reflow::soft_breaks(body, start)
                    };
                    (wrap::wrap(body, start, width, &soft), soft)
                }
                None => (Vec::new(), Vec::new()),
            };
            self.reader.layout = ReaderLayout {
                doc: self.reader.doc,
                width,
                reflow: self.settings.reflow,
                soft_breaks: soft,
                lines,
            };
            if let Some(a) = anchor {
                self.reader.scroll = wrap::line_of(&self.reader.layout.lines, a);
            }
        }
        self.clamp_scroll();
        let h = self.list_height(Pane::Sources);
        self.sources
            .nav
            .scroll_into_view(self.sources.rows.len(), h);
        let h = self.list_height(Pane::Entities);
        let len = self.entities.rows.len();
        self.entities.nav.scroll_into_view(len, h);
        if let Some(p) = &mut self.palette {
            p.nav.selected = p.nav.selected.min(p.items.len().saturating_sub(1));
        }
    }

    pub(crate) fn max_scroll(&self) -> usize {
        self.reader
            .layout
            .lines
            .len()
            .saturating_sub(self.text_height())
    }

    pub(crate) fn clamp_scroll(&mut self) {
        self.reader.scroll = self.reader.scroll.min(self.max_scroll());
    }

    /// Scrolls so that byte `offset` of the open document is visible (a third down the page
    /// when it has to move).
    pub fn scroll_to(&mut self, offset: usize) {
        self.relayout();
        let line = wrap::line_of(&self.reader.layout.lines, offset);
        let h = self.text_height();
        if line < self.reader.scroll || line >= self.reader.scroll + h {
            self.reader.scroll = line.saturating_sub(h / 3);
        }
        self.clamp_scroll();
    }

    /// Rows of results the palette shows.
    pub fn palette_list_height(&self) -> usize {
        let inner = geometry::palette_rect(self.area).height.saturating_sub(2);
        let head = if geometry::palette_rule(inner) { 2 } else { 1 };
        usize::from(inner.saturating_sub(head)).max(1)
    }

    /// Where the open list overlay goes.
    pub fn panel_rect(&self) -> ratatui::layout::Rect {
        // Sized by every row, so filtering does not make it jump.
        let rows = self
            .panel
            .as_ref()
            .map_or(0, |p| p.source.len() + usize::from(p.filter.visible()));
        crate::tui::overlays::list::rect(self.area, rows)
    }
}
