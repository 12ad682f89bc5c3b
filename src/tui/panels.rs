//! The list overlays over the reader — the timeline (`t`), the entities seen with the active one
//! (`c`) and the active entity's mentions in context (`m`) — and the places the reader can go
//! back to: marks (`M` + letter sets, `'` + letter returns) and the jump list (`''`, Ctrl-O,
//! Ctrl-I). Like the rest of [`super::app`], pure state: no I/O.

use super::app::{App, Awaiting};
use super::keymap::{Action, Context};
use super::layout::Pane;
use crate::insight::{self, CoRow, MentionRow, TimelineRow};
use crate::model::EntityKind;
use std::collections::BTreeMap;

/// A place in the corpus: a document and a byte offset in its text (the top of the screen).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    pub doc: usize,
    pub offset: usize,
}

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
    pub nav: super::app::ListNav,
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

/// Marks and the jump list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Places {
    pub marks: BTreeMap<char, Pos>,
    /// Where jumps started, oldest first.
    pub jumps: Vec<Pos>,
    /// Where Ctrl-O / Ctrl-I are in `jumps` (`jumps.len()` when at the newest).
    pub at: usize,
    /// Where the last jump started (`''` goes there).
    pub before_jump: Option<Pos>,
}

/// At most this many jumps are kept.
const JUMPS: usize = 100;

impl App {
    // ----- positions ----------------------------------------------------------------------

    /// Where the reader is: the open document and the first byte on screen.
    pub fn position(&self) -> Pos {
        let offset = self
            .layout
            .lines
            .get(self.scroll)
            .map(|r| r.start)
            .unwrap_or(0);
        Pos {
            doc: self.doc,
            offset,
        }
    }

    /// Opens `p.doc` with the line holding `p.offset` at the top.
    pub fn go_to(&mut self, p: Pos) {
        if p.doc >= self.corpus.documents.len() {
            self.message = Some("that place is no longer in the corpus".into());
            return;
        }
        self.open_doc(p.doc);
        self.relayout();
        self.scroll = super::reader::line_of(&self.layout.lines, p.offset);
        self.relayout();
    }

    /// Records the current position as the start of a jump (before moving away).
    pub fn remember_jump(&mut self) {
        let here = self.position();
        let p = &mut self.places;
        p.jumps.truncate(p.at);
        if p.jumps.last() != Some(&here) {
            p.jumps.push(here);
        }
        if p.jumps.len() > JUMPS {
            p.jumps.remove(0);
        }
        p.at = p.jumps.len();
        p.before_jump = Some(here);
    }

    /// Ctrl-O (`forward == false`) and Ctrl-I.
    pub fn walk_jumps(&mut self, forward: bool) {
        let here = self.position();
        let p = &mut self.places;
        if forward {
            if p.at + 1 >= p.jumps.len() {
                self.message = Some("at the newest position".into());
                return;
            }
            p.at += 1;
        } else {
            if p.at == 0 || p.jumps.is_empty() {
                self.message = Some("at the oldest position".into());
                return;
            }
            if p.at >= p.jumps.len() {
                // Leaving the newest place: keep it so Ctrl-I can come back.
                if p.jumps.last() != Some(&here) {
                    p.jumps.push(here);
                }
                p.at = p.jumps.len() - 1;
            }
            p.at -= 1;
        }
        let Some(target) = p.jumps.get(p.at).copied() else {
            return;
        };
        let k = self.places.at + 1;
        let n = self.places.jumps.len();
        self.go_to(target);
        self.message = Some(format!("jump {k}/{n}"));
    }

    /// A key after `M` or `'`.
    pub(crate) fn finish_mark(&mut self, what: Awaiting, c: char) {
        match what {
            Awaiting::SetMark => {
                if !c.is_ascii_alphabetic() {
                    self.message = Some("marks are letters: a-z, A-Z".into());
                    return;
                }
                let here = self.position();
                self.places.marks.insert(c, here);
                self.message = Some(format!("mark {c} set"));
            }
            Awaiting::GotoMark if c == '\'' || c == '`' => {
                let Some(back) = self.places.before_jump else {
                    self.message = Some("no jump to go back from yet".into());
                    return;
                };
                let here = self.position();
                self.go_to(back);
                self.places.before_jump = Some(here);
            }
            Awaiting::GotoMark => match self.places.marks.get(&c).copied() {
                Some(p) => {
                    self.remember_jump();
                    self.go_to(p);
                    self.message = Some(format!("mark {c}"));
                }
                None => self.message = Some(format!("mark {c} is not set")),
            },
        }
    }

    // ----- overlays -----------------------------------------------------------------------

    /// Where the open list overlay goes: the palette's place, no taller than its rows need.
    pub fn panel_rect(&self) -> ratatui::layout::Rect {
        let mut r = super::view::palette_rect(self.area);
        let rows = self.panel.as_ref().map_or(0, Panel::len).max(1);
        let want = u16::try_from(rows + 3).unwrap_or(u16::MAX);
        r.height = r.height.min(want);
        r
    }

    /// Rows a list overlay shows.
    pub fn panel_list_height(&self) -> usize {
        usize::from(self.panel_rect().height.saturating_sub(3)).max(1)
    }

    /// Opens the overlay for `a` (timeline, co-occurrence, mentions).
    pub fn open_panel(&mut self, a: Action) {
        let corpus = std::sync::Arc::clone(&self.corpus);
        let active = self.active.map(|x| x.entity);
        let need_active = |app: &mut App, what: &str| {
            app.message = Some(format!(
                "no active entity: activate one to see {what} (Enter in Entities, or Ctrl-P)"
            ));
        };
        let (rows, selected) = match a {
            Action::Timeline => {
                let rows = insight::timeline(&corpus, self.zoom);
                let sel = self.timeline_selection(&rows);
                (PanelRows::Timeline(rows), sel)
            }
            Action::Cooccurrence => {
                let Some(e) = active else {
                    need_active(self, "what appears with it");
                    return;
                };
                let rows = insight::cooccurrence(&corpus, &self.index, e);
                (PanelRows::Cooccurrence { subject: e, rows }, 0)
            }
            Action::MentionList => {
                let Some(e) = active else {
                    need_active(self, "its mentions");
                    return;
                };
                let rows = insight::mention_list(&corpus, e);
                let cur = self.active.map_or(0, |x| x.mention);
                let sel = rows.iter().position(|r| r.mention == cur).unwrap_or(0);
                (PanelRows::Mentions { subject: e, rows }, sel)
            }
            _ => return,
        };
        let mut panel = Panel {
            rows,
            nav: super::app::ListNav::default(),
        };
        panel.nav.selected = selected;
        self.panel = Some(panel);
        let h = self.panel_list_height();
        if let Some(p) = &mut self.panel {
            let len = p.len();
            p.nav.scroll_into_view(len, h);
        }
    }

    /// The timeline row to start on: the active date's bucket, else the open document's date.
    fn timeline_selection(&self, rows: &[TimelineRow]) -> usize {
        if let Some(a) = self.active {
            if let Some(i) = rows.iter().position(|r| r.entities.contains(&a.entity)) {
                return i;
            }
        }
        rows.iter()
            .position(|r| r.dated.iter().any(|&(d, _)| d == self.doc))
            .unwrap_or(0)
    }

    /// A key in a list overlay.
    pub(crate) fn panel_action(&mut self, a: Action) {
        match a {
            Action::ForceQuit => self.quit = true,
            Action::Cancel => self.panel = None,
            Action::Accept | Action::Activate => self.accept_panel(),
            Action::ZoomIn | Action::ZoomOut => {
                let Some(PanelRows::Timeline(_)) = self.panel.as_ref().map(|p| &p.rows) else {
                    return;
                };
                let old = self.zoom;
                self.zoom = if a == Action::ZoomIn {
                    old.finer()
                } else {
                    old.coarser()
                };
                if self.zoom == old {
                    self.message = Some(format!("timeline: already by {}", old.name()));
                    return;
                }
                // Keep the selected date in view: pick the bucket it falls in now.
                let keep = self.selected_timeline_row().and_then(|r| r.bucket);
                let rows = insight::timeline(&self.corpus, self.zoom);
                let sel = keep
                    .and_then(|b| {
                        let nb = insight::bucket(&b, self.zoom)?;
                        rows.iter()
                            .position(|r| r.bucket.as_deref() == Some(nb.as_str()))
                            .or_else(|| {
                                // Zooming in: the first finer bucket inside the old one.
                                rows.iter().position(|r| {
                                    r.bucket
                                        .as_deref()
                                        .and_then(|v| insight::bucket(v, old))
                                        .is_some_and(|ob| ob == b)
                                })
                            })
                    })
                    .unwrap_or(0);
                let h = self.panel_list_height();
                if let Some(p) = &mut self.panel {
                    p.rows = PanelRows::Timeline(rows);
                    p.nav.selected = sel;
                    p.nav.offset = 0;
                    let len = p.len();
                    p.nav.scroll_into_view(len, h);
                }
                self.message = Some(format!("timeline by {}", self.zoom.name()));
            }
            Action::Timeline | Action::Cooccurrence | Action::MentionList => {
                let same = matches!(
                    (a, self.panel.as_ref().map(|p| &p.rows)),
                    (Action::Timeline, Some(PanelRows::Timeline(_)))
                        | (Action::Cooccurrence, Some(PanelRows::Cooccurrence { .. }))
                        | (Action::MentionList, Some(PanelRows::Mentions { .. }))
                );
                if same {
                    self.panel = None;
                } else {
                    self.open_panel(a);
                }
            }
            Action::Down
            | Action::Up
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom
            | Action::SelectNext
            | Action::SelectPrev => {
                let h = self.panel_list_height();
                let Some(p) = &mut self.panel else { return };
                let mv = match a {
                    Action::SelectNext => Action::Down,
                    Action::SelectPrev => Action::Up,
                    other => other,
                };
                let len = p.len();
                p.nav.selected = super::app::moved(p.nav.selected, len, h, mv);
                p.nav.scroll_into_view(len, h);
            }
            _ => {}
        }
    }

    /// The selected timeline row, when the timeline is open.
    pub fn selected_timeline_row(&self) -> Option<TimelineRow> {
        let p = self.panel.as_ref()?;
        match &p.rows {
            PanelRows::Timeline(rows) => rows.get(p.nav.selected).cloned(),
            _ => None,
        }
    }

    /// Enter in a list overlay: go to what the row names.
    fn accept_panel(&mut self) {
        let Some(p) = self.panel.take() else { return };
        let sel = p.nav.selected;
        match p.rows {
            PanelRows::Timeline(rows) => {
                let Some(row) = rows.get(sel) else { return };
                if let Some(&e) = row.entities.first() {
                    self.remember_jump();
                    self.goto_mention(e, 0);
                } else if let Some(&(d, _)) = row.dated.first() {
                    self.remember_jump();
                    self.open_doc(d);
                    self.scroll = 0;
                }
            }
            PanelRows::Cooccurrence { rows, .. } => {
                let Some(row) = rows.get(sel) else { return };
                let e = row.entity;
                // Start at its first mention in this document when it has one here.
                let k = self
                    .corpus
                    .entities
                    .get(e)
                    .and_then(|x| x.mentions.iter().position(|m| m.doc() == self.doc))
                    .unwrap_or(0);
                self.remember_jump();
                self.goto_mention(e, k);
            }
            PanelRows::Mentions { subject, rows } => {
                let Some(row) = rows.get(sel) else { return };
                self.remember_jump();
                self.goto_mention(subject, row.mention);
            }
        }
        self.set_focus(Pane::Reader);
    }

    /// The context keys go to while an overlay of this module is open.
    pub(crate) fn panel_context(&self) -> Option<Context> {
        self.panel.as_ref().map(|_| Context::List)
    }

    /// True when `e` is a date entity (the timeline's Enter makes one active).
    pub fn is_date(&self, e: usize) -> bool {
        self.corpus
            .entities
            .get(e)
            .is_some_and(|x| x.kind == EntityKind::Date)
    }
}
