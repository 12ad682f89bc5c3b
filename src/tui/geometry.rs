//! Screen geometry shared by the view (where to draw) and the app (what a click hits, how wide
//! the reader wraps, how far a page scrolls). Pure functions of the terminal size and a little
//! state, so both sides always agree.
//!
//! - 100 columns or more: Sources | reader | Entities.
//! - 60–99 columns: the reader plus one sidebar (the focused or last used side pane), folded away
//!   unless a side pane has focus or the sidebar is pinned open (`t`).
//! - under 60 columns: only the focused pane.

use ratatui::layout::Rect;

/// The three panes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pane {
    Sources,
    Reader,
    Entities,
}

impl Pane {
    pub const ALL: [Pane; 3] = [Pane::Sources, Pane::Reader, Pane::Entities];

    pub fn next(self) -> Pane {
        match self {
            Pane::Sources => Pane::Reader,
            Pane::Reader => Pane::Entities,
            Pane::Entities => Pane::Sources,
        }
    }

    pub fn prev(self) -> Pane {
        match self {
            Pane::Sources => Pane::Entities,
            Pane::Reader => Pane::Sources,
            Pane::Entities => Pane::Reader,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Pane::Sources => "Sources",
            Pane::Reader => "Reader",
            Pane::Entities => "Entities",
        }
    }
}

/// Widths at which the layout changes.
pub const WIDE: u16 = 100;
pub const NARROW: u16 = 60;
/// Screen rows per document in the Sources list (title, then date and entity count).
pub const SOURCE_ROW_HEIGHT: usize = 2;
/// The reader never wraps wider than this many cells (long lines are hard to read).
pub const MAX_MEASURE: u16 = 100;

/// Where each visible pane goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rects {
    pub sources: Option<Rect>,
    pub reader: Option<Rect>,
    pub entities: Option<Rect>,
    pub status: Option<Rect>,
}

impl Rects {
    pub fn get(&self, pane: Pane) -> Option<Rect> {
        match pane {
            Pane::Sources => self.sources,
            Pane::Reader => self.reader,
            Pane::Entities => self.entities,
        }
    }

    /// The pane under a screen position.
    pub fn pane_at(&self, x: u16, y: u16) -> Option<Pane> {
        Pane::ALL
            .into_iter()
            .find(|&p| self.get(p).is_some_and(|r| contains(r, x, y)))
    }
}

pub fn contains(r: Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x.saturating_add(r.width) && y >= r.y && y < r.y.saturating_add(r.height)
}

/// Configured pane widths (`[layout]` in the configuration file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Widths {
    /// Sources, in percent of the width, when three panes show.
    pub sources: u16,
    /// Entities, in percent of the width, when three panes show.
    pub entities: u16,
    /// The sidebar, in percent of the width, in the 60–99 column layout.
    pub sidebar: u16,
    /// The reader wraps at most this many cells wide (0: the whole text column).
    pub wrap: u16,
}

impl Default for Widths {
    fn default() -> Self {
        Widths {
            sources: 22,
            entities: 28,
            sidebar: 38,
            wrap: MAX_MEASURE,
        }
    }
}

/// `pct` percent of `w`, kept within bounds that scale with the setting: at the default
/// percentage `def` the pane stays within `min`..=`max` cells.
fn share(w: u16, pct: u16, def: u16, min: u16, max: u16) -> u16 {
    let cells = |v: u32| u16::try_from(v).unwrap_or(u16::MAX);
    let scaled = |b: u16| cells(u32::from(b) * u32::from(pct) / u32::from(def.max(1)));
    let want = cells(u32::from(w) * u32::from(pct) / 100);
    let (lo, hi) = (scaled(min).max(8), scaled(max).max(8));
    want.clamp(lo.min(hi), hi)
}

/// What decides the layout besides the size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayoutState {
    pub focus: Pane,
    /// The side pane shown in the 60–99 column layout when the reader has focus.
    pub side: Pane,
    /// The sidebar stays open in the 60–99 column layout.
    pub sidebar_pinned: bool,
    pub widths: Widths,
}

/// The fewest cells the reader keeps between the side panes.
const MIN_READER: u16 = 24;

/// Splits the screen.
pub fn panes(area: Rect, st: LayoutState) -> Rects {
    let mut rects = Rects::default();
    if area.width == 0 || area.height == 0 {
        return rects;
    }
    let main_h = area.height.saturating_sub(1);
    rects.status = Some(Rect::new(area.x, area.y + main_h, area.width, 1));
    if main_h == 0 {
        return rects;
    }
    let main = Rect::new(area.x, area.y, area.width, main_h);
    let w = main.width;
    if w >= WIDE {
        let ws = st.widths;
        let mut left = share(w, ws.sources, 22, 24, 44);
        let mut right = share(w, ws.entities, 28, 32, 48);
        // The reader keeps room: shrink the side panes, the wider first.
        while left.saturating_add(right).saturating_add(MIN_READER) > w && (left > 8 || right > 8) {
            if right >= left {
                right -= 1;
            } else {
                left -= 1;
            }
        }
        let mid = w.saturating_sub(left.saturating_add(right));
        rects.sources = Some(Rect::new(main.x, main.y, left, main.height));
        rects.reader = Some(Rect::new(main.x + left, main.y, mid, main.height));
        rects.entities = Some(Rect::new(main.x + left + mid, main.y, right, main.height));
    } else if w >= NARROW {
        let side = if st.focus == Pane::Reader {
            st.side
        } else {
            st.focus
        };
        let show_side = st.focus != Pane::Reader || st.sidebar_pinned;
        if !show_side {
            rects.reader = Some(main);
            return rects;
        }
        let sw = share(w, st.widths.sidebar, 38, 24, 36).min(w.saturating_sub(MIN_READER));
        let rw = w - sw;
        match side {
            Pane::Sources => {
                rects.sources = Some(Rect::new(main.x, main.y, sw, main.height));
                rects.reader = Some(Rect::new(main.x + sw, main.y, rw, main.height));
            }
            _ => {
                rects.reader = Some(Rect::new(main.x, main.y, rw, main.height));
                rects.entities = Some(Rect::new(main.x + rw, main.y, sw, main.height));
            }
        }
    } else {
        match st.focus {
            Pane::Sources => rects.sources = Some(main),
            Pane::Reader => rects.reader = Some(main),
            Pane::Entities => rects.entities = Some(main),
        }
    }
    rects
}

/// Inside a bordered block.
pub fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x.saturating_add(1),
        r.y.saturating_add(1),
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

/// Splits a list pane's inner area into the list and, when a prompt shows, its bottom row.
pub fn list_and_prompt(inner: Rect, prompt: bool) -> (Rect, Option<Rect>) {
    if prompt && inner.height >= 2 {
        let list = Rect::new(inner.x, inner.y, inner.width, inner.height - 1);
        let p = Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1);
        (list, Some(p))
    } else {
        (inner, None)
    }
}

/// The reader's text column inside its inner area: one cell of padding on each side when there
/// is room, at most `measure` wide (0: no limit), centred.
pub fn text_column(area: Rect, measure: u16) -> Rect {
    let pad = if area.width > 20 { 1 } else { 0 };
    let avail = area.width.saturating_sub(2 * pad);
    let w = if measure == 0 {
        avail
    } else {
        avail.min(measure)
    };
    let x = area.x + pad + (avail - w) / 2;
    Rect::new(x, area.y, w, area.height)
}

/// A centred rectangle of at most `w`×`h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Where the palette goes on a screen of `area`.
pub fn palette_rect(area: Rect) -> Rect {
    let w = area.width.saturating_sub(4).min(120);
    // A short terminal gives the overlay every row but the status line's: with a margin,
    // 5 rows showed no result.
    let h = if area.height < 12 {
        area.height.saturating_sub(1)
    } else {
        area.height.saturating_sub(2).min(32)
    };
    let mut r = centered(area, w, h);
    // Sit in the upper part of the screen, like most launchers.
    r.y = area.y + (area.height.saturating_sub(h)) / 3;
    r
}

/// Whether the palette draws a rule under its prompt: not when the rows are few enough that
/// the rule would take a result's place.
pub fn palette_rule(inner_height: u16) -> bool {
    inner_height >= 5
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(focus: Pane) -> LayoutState {
        LayoutState {
            focus,
            side: Pane::Entities,
            sidebar_pinned: false,
            widths: Widths::default(),
        }
    }

    #[test]
    fn three_panes_when_wide() {
        let r = panes(Rect::new(0, 0, 120, 40), st(Pane::Sources));
        let (s, m, e) = (
            r.sources.expect("sources"),
            r.reader.expect("reader"),
            r.entities.expect("entities"),
        );
        assert_eq!(s.width + m.width + e.width, 120);
        assert_eq!(r.status.map(|s| s.y), Some(39));
    }

    #[test]
    fn sidebar_folds_below_100_and_only_focus_below_60() {
        let r = panes(Rect::new(0, 0, 80, 24), st(Pane::Reader));
        assert!(r.sources.is_none() && r.entities.is_none());
        assert_eq!(r.reader.map(|r| r.width), Some(80));
        let r = panes(Rect::new(0, 0, 80, 24), st(Pane::Entities));
        assert!(r.entities.is_some() && r.reader.is_some() && r.sources.is_none());
        let r = panes(Rect::new(0, 0, 50, 24), st(Pane::Entities));
        assert!(r.entities.is_some() && r.reader.is_none());
    }

    #[test]
    fn tiny_sizes_do_not_underflow() {
        for w in 0..5 {
            for h in 0..4 {
                let r = panes(Rect::new(0, 0, w, h), st(Pane::Reader));
                if let Some(reader) = r.reader {
                    let _ = text_column(inner(reader), MAX_MEASURE);
                }
            }
        }
    }

    #[test]
    fn default_widths_keep_the_old_proportions() {
        // The bounds the layout always had: 22 % within 24..=44, 28 % within 32..=48.
        for w in [100u16, 120, 160, 200, 300] {
            let r = panes(Rect::new(0, 0, w, 30), st(Pane::Sources));
            assert_eq!(
                r.sources.map(|r| r.width),
                Some((w * 22 / 100).clamp(24, 44))
            );
            assert_eq!(
                r.entities.map(|r| r.width),
                Some((w * 28 / 100).clamp(32, 48))
            );
        }
        let r = panes(Rect::new(0, 0, 80, 24), st(Pane::Entities));
        assert_eq!(
            r.entities.map(|r| r.width),
            Some((80 * 38 / 100).clamp(24, 36))
        );
    }

    #[test]
    fn configured_widths_apply_and_the_reader_keeps_room() {
        let mut s = st(Pane::Sources);
        s.widths.sources = 40;
        s.widths.entities = 20;
        let r = panes(Rect::new(0, 0, 150, 30), s);
        assert_eq!(r.sources.map(|r| r.width), Some(60));
        assert_eq!(r.entities.map(|r| r.width), Some(30));
        s.widths.sources = 90;
        s.widths.entities = 90;
        let r = panes(Rect::new(0, 0, 100, 30), s);
        assert!(r.reader.is_some_and(|m| m.width >= MIN_READER), "{r:?}");
        let col = text_column(Rect::new(0, 0, 200, 10), 0);
        assert_eq!(col.width, 198, "wrap = 0: the whole width");
        assert_eq!(text_column(Rect::new(0, 0, 200, 10), 60).width, 60);
    }
}
