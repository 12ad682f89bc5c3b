//! The application state and its update function (The Elm Architecture): [`App::update`] takes a
//! [`Msg`] — a key, a mouse event, a resize or a matcher result — and changes the state. No I/O
//! happens here: matching requests are queued as [`Job`]s for the caller to hand to the worker
//! ([`App::take_jobs`]), and quitting sets a flag. Everything is testable without a terminal.
//!
//! This file composes the pieces and routes keys; each concern's update code is one file in
//! `app/`, and each pane's and overlay's state and drawing is in `panes/` and `overlays/`,
//! which never import this module. [`App::view`] is what drawing sees.

mod corrections;
mod find;
mod geometry_of;
mod groups;
mod jobs;
mod lists;
mod mouse;
mod navigate;
mod palette;
mod places;
mod prompts;
mod rows;
mod yank;

use super::geometry::{self, LayoutState, Pane, Rects};
pub use super::msg::{Effect, Msg};
pub use super::overlays::list::ListOverlay;
pub use super::overlays::palette::Palette;
pub use super::overlays::picker::{PickFor, PickItem, PickValue, Picker};
pub use super::panes::entities::{EntitiesPane, EntityRow, Scope, Sort};
pub use super::panes::reader::{ReaderLayout, ReaderPane, Search};
pub use super::panes::sources::{SourceRow, SourcesPane};
pub use super::places::{Active, Places, Pos};
pub use super::settings::Settings;
use super::theme::Theme;
use super::view::View;
pub use super::widgets::{moved, ListNav, TextInput};
use super::{reflow, wrap};
pub use crate::edits::Edits;
use crate::index::Index;
use crate::insight::{TimelineRow, Zoom};
use crate::model::{Corpus, Entity, EntityKind, Mention};
use crate::search::Target;
pub use crate::text::{date_key, entity_label, find_all, readable_date};
use crate::tui::keymap::{Action, Context, KeySpec, Resolved};
use crate::tui::worker::{Job, JobKind, JobResult};
use chrono::{Datelike, NaiveDate};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A key the app waits for after `M` (set a mark) or `'` (go to a mark).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Awaiting {
    SetMark,
    GotoMark,
}

/// Pending job bookkeeping for one kind.
#[derive(Clone, Debug, Default)]
struct Outstanding {
    generation: u64,
    cancel: Option<Arc<AtomicBool>>,
}

/// The whole UI state.
pub struct App {
    pub corpus: Arc<Corpus>,
    pub index: Index,
    pub theme: Theme,
    /// What the configuration decided (key map, widths, kinds, …); the sidebar, scope and sort
    /// it starts with are copied into the live state.
    pub settings: Settings,
    /// Keys of a sequence typed so far (`g` of `g g`).
    pub pending: Vec<KeySpec>,
    /// The terminal area.
    pub area: Rect,
    pub focus: Pane,
    pub side: Pane,
    pub sidebar_pinned: bool,
    pub sources: SourcesPane,
    pub reader: ReaderPane,
    pub entities: EntitiesPane,
    pub active: Option<Active>,
    pub palette: Option<Palette>,
    /// The help overlay's scroll offset, when open.
    pub help: Option<usize>,
    /// The open list overlay (timeline, co-occurrence, mentions).
    pub panel: Option<ListOverlay>,
    /// The timeline's zoom.
    pub zoom: Zoom,
    /// A mark letter is awaited.
    pub awaiting: Option<Awaiting>,
    /// Marks and the jump list.
    pub places: Places,
    /// The corrections in effect.
    pub edits: Edits,
    /// The correction picker (rename input, merge target, alias, kind, hidden entity).
    pub picker: Option<Picker>,
    /// A transient message for the status line (cleared by the next key).
    pub message: Option<String>,
    /// What loading skipped or repaired, then what went wrong later (a stored text that
    /// failed its check): the `!` list.
    pub notices: Vec<crate::model::Notice>,
    pub quit: bool,
    /// Set by the suspend action; the event loop suspends the process and clears it.
    pub suspend: bool,
    /// Set by the yank action: text for the terminal's clipboard, taken by the event loop.
    pub copy: Option<String>,
    jobs: Vec<Job>,
    generation: u64,
    outstanding: HashMap<&'static str, Outstanding>,
}

fn kind_key(kind: &JobKind) -> &'static str {
    kind.slot()
}

impl App {
    pub fn new(corpus: Arc<Corpus>, theme: Theme) -> App {
        let index = Index::build(&corpus);
        App::with_index(corpus, theme, index)
    }

    /// [`App::new`] with the corpus's mention index already built (the document store keeps
    /// it); one for another number of documents is built again.
    pub fn with_index(corpus: Arc<Corpus>, theme: Theme, index: Index) -> App {
        let index = if index.documents() == corpus.documents.len() {
            index
        } else {
            Index::build(&corpus)
        };
        let mut app = App {
            index,
            theme,
            settings: Settings::default(),
            pending: Vec::new(),
            area: Rect::new(0, 0, 80, 24),
            focus: Pane::Sources,
            side: Pane::Entities,
            sidebar_pinned: false,
            sources: SourcesPane::default(),
            reader: ReaderPane::default(),
            entities: EntitiesPane::default(),
            active: None,
            palette: None,
            help: None,
            panel: None,
            zoom: Zoom::default(),
            awaiting: None,
            places: Places::default(),
            edits: Edits::default(),
            picker: None,
            message: None,
            notices: corpus.notices.clone(),
            quit: false,
            suspend: false,
            copy: None,
            jobs: Vec::new(),
            generation: 0,
            outstanding: HashMap::new(),
            corpus,
        };
        app.sources.paths = Arc::new(super::paths::ShownPaths::new(&app.corpus.documents));
        app.sources.root = app.sources.paths.root();
        app.rebuild_sources();
        app.rebuild_entities();
        app.relayout();
        app.message = app.notices_message();
        app
    }

    /// The first notice on the status line, how many more there are and the key that lists
    /// them.
    fn notices_message(&self) -> Option<String> {
        self.notice_message(self.notices.first()?)
    }

    /// `notice` on the status line, with how many more there are and the key that lists them.
    fn notice_message(&self, notice: &crate::model::Notice) -> Option<String> {
        let first = notice;
        let n = self.notices.len();
        let key = self
            .settings
            .keymap
            .key_label(Context::Global, Action::Notices);
        let more = match (n, key) {
            (1, Some(k)) => format!(" ({k} lists notices)"),
            (1, None) => String::new(),
            (n, Some(k)) => format!(" (+{} more: {k} lists them)", n - 1),
            (n, None) => format!(" (+{} more notices)", n - 1),
        };
        Some(format!("{first}{more}"))
    }

    /// Applies configured settings (at startup, before the first key).
    pub fn apply_settings(&mut self, s: Settings) {
        let notices = self.notices_message();
        self.pending.clear();
        self.side = s.sidebar;
        self.sidebar_pinned = s.sidebar_open;
        self.entities.scope = s.scope;
        self.entities.sort = s.sort;
        self.settings = s;
        if self.message.is_some() && self.message == notices {
            self.message = self.notices_message();
        }
        self.rebuild_entities();
        self.relayout();
    }

    /// Puts a message on the status line, after any already there.
    pub fn add_message(&mut self, m: String) {
        self.message = Some(match self.message.take() {
            Some(old) => format!("{m} · {old}"),
            None => m,
        });
    }

    /// True when mentions of `kind` are shown.
    pub fn shows(&self, kind: EntityKind) -> bool {
        self.settings.kinds.contains(&kind)
    }

    /// A document date in the configured format (ISO when the format cannot be written).
    pub fn format_date(&self, d: NaiveDate) -> String {
        use std::fmt::Write as _;
        let mut s = String::new();
        if write!(s, "{}", d.format(&self.settings.date_format)).is_err() {
            s = d.format("%Y-%m-%d").to_string();
        }
        s
    }

    /// Applies one message.
    pub fn update(&mut self, msg: Msg) {
        match msg {
            Msg::Key(k) => {
                if k.kind == KeyEventKind::Release {
                    return;
                }
                self.message = None;
                self.on_key(k);
            }
            Msg::Mouse(m) => {
                self.pending.clear();
                self.on_mouse(m)
            }
            Msg::Resize(w, h) => self.area = Rect::new(0, 0, w, h),
            Msg::Paste(text) => self.paste(&text),
            Msg::Job(r) => self.on_result(r),
            Msg::Notice(text) => {
                self.message = Some(crate::sanitize::clean_line(&text).into_owned());
            }
            Msg::LateNotices(late) => {
                self.notices.extend(late);
                self.message = self
                    .notices
                    .last()
                    .and_then(|n| self.notice_message(n))
                    .map(|m| crate::sanitize::clean_line(&m).into_owned());
            }
        }
        self.relayout();
    }

    /// Pasted text goes into the input being typed, in one piece (one query, not one per char).
    fn paste(&mut self, text: &str) {
        // A paste is text, never a command: bounded, control chars made spaces.
        const MAX_PASTE: usize = 4096;
        let text = match text.char_indices().nth(MAX_PASTE) {
            Some((cut, _)) => &text[..cut],
            None => text,
        };
        if let Some(p) = &mut self.picker {
            p.input.paste(text);
            self.refresh_picker();
        } else if let Some(p) = &mut self.palette {
            p.input.paste(text);
            self.palette_changed();
        } else if let Some(p) = self.prompt_mut() {
            p.paste(text);
            self.prompt_changed();
        } else {
            self.message = Some("paste: open a prompt first (/ or Ctrl-P)".into());
        }
    }

    /// Convenience for tests and scripts: a plain key press.
    pub fn press(&mut self, code: KeyCode) {
        self.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    /// Convenience: type every char of `s`.
    pub fn type_str(&mut self, s: &str) {
        for c in s.chars() {
            let mods = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            self.update(Msg::Key(KeyEvent::new(KeyCode::Char(c), mods)));
        }
    }

    /// The key context now.
    pub fn context(&self) -> Context {
        if self.help.is_some() {
            Context::Help
        } else if self.palette.is_some() || self.picker.is_some() {
            Context::Palette
        } else if let Some(c) = self.panel_context() {
            c
        } else if self.editing_prompt().is_some() {
            Context::Prompt
        } else {
            match self.focus {
                Pane::Sources => Context::Sources,
                Pane::Reader => Context::Reader,
                Pane::Entities => Context::Entities,
            }
        }
    }

    /// The pane whose prompt is being typed, if any.
    pub fn editing_prompt(&self) -> Option<Pane> {
        match self.focus {
            Pane::Sources if self.sources.filter.editing => Some(Pane::Sources),
            Pane::Entities if self.entities.filter.editing => Some(Pane::Entities),
            Pane::Reader if self.reader.search.prompt.editing => Some(Pane::Reader),
            _ => None,
        }
    }

    fn on_key(&mut self, k: KeyEvent) {
        if let Some(what) = self.awaiting.take() {
            self.pending.clear();
            match k.code {
                KeyCode::Char(c)
                    if !k
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
                {
                    self.finish_mark(what, c)
                }
                KeyCode::Char('c') => self.quit = true,
                _ => {}
            }
            return;
        }
        let ctx = self.context();
        let action = match self.settings.keymap.resolve(ctx, &self.pending, &k) {
            Resolved::Pending => {
                self.pending.push(KeySpec::from_event(&k));
                return;
            }
            Resolved::Action(a) => Some(a),
            Resolved::Unbound => None,
        };
        self.pending.clear();
        if action == Some(Action::Suspend) {
            self.suspend = true;
            return;
        }
        let typed = match k.code {
            KeyCode::Char(c)
                if !k
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(c)
            }
            _ => None,
        };
        match ctx {
            Context::Help => match action {
                Some(Action::ForceQuit) => self.quit = true,
                Some(Action::Cancel) | Some(Action::Help) => self.help = None,
                Some(a) => self.help_scroll(a),
                None => {}
            },
            Context::List => {
                if let Some(a) = action {
                    self.panel_action(a);
                }
            }
            Context::Palette if self.picker.is_some() => self.picker_key(action, typed),
            Context::Palette => match (action, typed) {
                (Some(a), _) => self.palette_action(a),
                (None, Some(c))
                    if self
                        .palette
                        .as_mut()
                        .is_some_and(|p| p.input.edit(None, Some(c))) =>
                {
                    self.palette_changed();
                }
                _ => {}
            },
            Context::Prompt => match (action, typed) {
                (Some(a), _) => self.prompt_action(a),
                (None, Some(c)) if self.prompt_mut().is_some_and(|p| p.edit(None, Some(c))) => {
                    self.prompt_changed();
                }
                _ => {}
            },
            _ => {
                if let Some(a) = action {
                    self.act(a);
                }
            }
        }
    }

    fn help_scroll(&mut self, a: Action) {
        let max = super::overlays::help::max_scroll(&self.view());
        let Some(s) = &mut self.help else { return };
        let page = usize::from(self.area.height.saturating_sub(4)).max(1);
        *s = match a {
            Action::Down => s.saturating_add(1),
            Action::Up => s.saturating_sub(1),
            Action::HalfPageDown => s.saturating_add(page / 2),
            Action::HalfPageUp => s.saturating_sub(page / 2),
            Action::PageDown => s.saturating_add(page),
            Action::PageUp => s.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => max,
            _ => *s,
        }
        .min(max);
    }

    /// Runs a named action in normal mode.
    pub fn act(&mut self, a: Action) {
        match a {
            Action::Quit | Action::ForceQuit => self.quit = true,
            Action::Suspend => self.suspend = true,
            Action::FocusNext => self.set_focus(self.focus.next()),
            Action::FocusPrev => self.set_focus(self.focus.prev()),
            Action::FocusSources => self.set_focus(Pane::Sources),
            Action::FocusReader => self.set_focus(Pane::Reader),
            Action::FocusEntities => self.set_focus(Pane::Entities),
            Action::Down
            | Action::Up
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom => self.move_in(self.focus, a),
            Action::Activate | Action::Accept => self.activate(),
            Action::NextMention => self.step(true),
            Action::PrevMention => self.step(false),
            Action::NextDocument => self.step_document(true),
            Action::PrevDocument => self.step_document(false),
            Action::Filter => match self.focus {
                Pane::Sources => self.sources.filter.editing = true,
                Pane::Entities => self.entities.filter.editing = true,
                Pane::Reader => self.reader.search.prompt.editing = true,
            },
            Action::OpenPalette => {
                self.palette = Some(Palette::default());
            }
            Action::ToggleScope => {
                self.entities.scope = match self.entities.scope {
                    Scope::Document => Scope::Corpus,
                    Scope::Corpus => Scope::Document,
                };
                self.message = Some(match self.entities.scope {
                    Scope::Document => "entities: this document".into(),
                    Scope::Corpus => "entities: whole corpus".into(),
                });
                self.rebuild_entities();
            }
            Action::ToggleSort => {
                self.entities.sort = match self.entities.sort {
                    Sort::Count => Sort::Name,
                    Sort::Name => Sort::Count,
                };
                self.message = Some(match self.entities.sort {
                    Sort::Count => "entities sorted by count (dates by date)".into(),
                    Sort::Name => "entities sorted by name (dates by date)".into(),
                });
                self.rebuild_entities();
            }
            Action::ToggleSidebar => {
                if self.area.width >= geometry::WIDE {
                    self.message = Some("all panes are shown at this width".into());
                } else {
                    self.sidebar_pinned = !self.sidebar_pinned;
                    if self.focus != Pane::Reader && !self.sidebar_pinned {
                        self.side = self.focus;
                        self.focus = Pane::Reader;
                    }
                }
            }
            Action::ToggleReflow => {
                self.settings.reflow = !self.settings.reflow;
                self.relayout();
                self.message = Some(
                    match (self.settings.reflow, self.reader.layout.soft_breaks.len()) {
                        (false, _) => "reader: lines as written".into(),
                        (true, 0) => {
                            "reader: reflow on (this document has no hard-wrapped paragraphs)"
                                .into()
                        }
                        (true, n) => format!(
                            "reader: hard-wrapped paragraphs reflowed ({n} line breaks joined)"
                        ),
                    },
                );
            }
            Action::Yank => self.yank(),
            Action::Help => self.help = Some(0),
            Action::Cancel => self.cancel(),
            Action::SelectNext | Action::SelectPrev => {
                self.move_in(
                    self.focus,
                    if a == Action::SelectNext {
                        Action::Down
                    } else {
                        Action::Up
                    },
                );
            }
            Action::SetMark => {
                self.awaiting = Some(Awaiting::SetMark);
                self.message = Some("mark: type a letter".into());
            }
            Action::GotoMark => {
                self.awaiting = Some(Awaiting::GotoMark);
                self.message = Some("go to mark: type a letter (' = before the last jump)".into());
            }
            Action::NextGroup => self.step_group(true),
            Action::PrevGroup => self.step_group(false),
            Action::ToggleGroup => self.toggle_group(),
            Action::ToggleAllGroups => self.toggle_all_groups(),
            Action::JumpBack => self.walk_jumps(false),
            Action::JumpForward => self.walk_jumps(true),
            Action::Rename
            | Action::Merge
            | Action::SplitAlias
            | Action::ChangeKind
            | Action::Hide
            | Action::ShowHidden => self.correction_action(a),
            // The list overlays (timeline, seen-with, mentions, …): see `overlays::LISTS`.
            _ if super::overlays::list_for(a).is_some() => self.open_panel(a),
            // Keys of prompts and lists only.
            _ => {}
        }
    }

    pub(crate) fn set_focus(&mut self, p: Pane) {
        if p != Pane::Reader {
            self.side = p;
        }
        self.focus = p;
    }

    /// Esc in normal mode: clear the focused pane's filter, else the search, else the active
    /// entity.
    fn cancel(&mut self) {
        match self.focus {
            Pane::Sources if self.sources.filter.visible() => self.clear_filter(Pane::Sources),
            Pane::Entities if self.entities.filter.visible() => self.clear_filter(Pane::Entities),
            _ if self.reader.search.active() => self.clear_search(),
            _ if self.reader.flash.is_some() => self.reader.flash = None,
            _ if self.active.is_some() => {
                self.active = None;
                self.message = Some("no active entity".into());
            }
            _ => {}
        }
    }

    /// What drawing sees: a read-only snapshot of the state.
    pub fn view(&self) -> View<'_> {
        View {
            corpus: &self.corpus,
            notices: &self.notices,
            index: &self.index,
            theme: &self.theme,
            keymap: &self.settings.keymap,
            pending: &self.pending,
            area: self.area,
            rects: self.rects(),
            text_rect: self.text_rect(),
            panel_rect: self.panel_rect(),
            context: self.context(),
            focus: self.focus,
            doc: self.reader.doc,
            scroll: self.reader.scroll,
            layout: &self.reader.layout,
            search: &self.reader.search,
            flash: self.reader.flash.as_ref(),
            sources: self.sources.nav,
            sources_filter: &self.sources.filter,
            source_rows: &self.sources.rows,
            source_paths: &self.sources.paths,
            source_root: self.sources.root,
            sources_text: self.sources.text_mode,
            entities: self.entities.nav,
            entities_filter: &self.entities.filter,
            entity_rows: &self.entities.rows,
            scope: self.entities.scope,
            sort: self.entities.sort,
            active: self.active,
            active_info: self.active_info(),
            palette: self.palette.as_ref(),
            picker: self.picker.as_ref(),
            panel: self.panel.as_ref(),
            help: self.help,
            zoom: self.zoom,
            message: self.message.as_deref(),
            kinds: &self.settings.kinds,
            dim_boilerplate: self.settings.dim_boilerplate,
            date_format: &self.settings.date_format,
        }
    }
}
