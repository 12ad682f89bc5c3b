//! The application state and its update function (The Elm Architecture): [`App::update`] takes a
//! [`Msg`] — a key, a mouse event, a resize or a matcher result — and changes the state. No I/O
//! happens here: matching requests are queued as [`Job`]s for the caller to hand to the worker
//! ([`App::take_jobs`]), and quitting sets a flag. Everything is testable without a terminal.

pub use super::edit::Edits;
use super::edit::Picker;
use super::keymap::{Action, Context, KeyMap, KeySpec, Resolved};
use super::layout::{self, LayoutState, Pane, Rects, Widths};
use super::panels::{Panel, Places};
use super::reader;
use super::theme::Theme;
use super::worker::{EntityMatch, Job, JobKind, JobResult, PaletteItem, SourceMatch};
use crate::index::Index;
use crate::insight::Zoom;
use crate::model::{Corpus, Entity, EntityKind, Mention};
use crate::search::Target;
pub use crate::text::{date_key, entity_label, find_all, readable_date};
use chrono::{Datelike, NaiveDate};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Everything that can happen to the app.
#[derive(Clone, Debug)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    Job(JobResult),
    /// Something to tell the reader on the status line (a source file changed on disk).
    Notice(String),
}

/// Which entities the Entities pane lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Document,
    Corpus,
}

/// How the Entities pane orders each group (dates are always chronological).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    Count,
    Name,
}

/// What the configuration file decides about the app (see [`crate::config`]).
#[derive(Clone, Debug)]
pub struct Settings {
    pub keymap: KeyMap,
    pub widths: Widths,
    /// The sidebar shown first from 60 to 99 columns.
    pub sidebar: Pane,
    /// The sidebar starts pinned open.
    pub sidebar_open: bool,
    pub scope: Scope,
    pub sort: Sort,
    /// The kinds listed in Entities and coloured in the reader.
    pub kinds: Vec<EntityKind>,
    pub dim_boilerplate: bool,
    /// strftime format of document dates.
    pub date_format: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            keymap: KeyMap::default(),
            widths: Widths::default(),
            sidebar: Pane::Entities,
            sidebar_open: false,
            scope: Scope::Document,
            sort: Sort::Count,
            kinds: EntityKind::ALL.to_vec(),
            dim_boilerplate: true,
            date_format: "%Y-%m-%d".into(),
        }
    }
}

/// A one-line text input (the cursor is always at the end).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prompt {
    pub input: String,
    /// Keys go to the prompt.
    pub editing: bool,
}

impl Prompt {
    /// Shown: being typed or applied.
    pub fn visible(&self) -> bool {
        self.editing || !self.input.is_empty()
    }

    fn delete_word(&mut self) {
        let trimmed = self.input.trim_end().len();
        self.input.truncate(trimmed);
        let cut = self
            .input
            .rfind(char::is_whitespace)
            .map(|i| i + 1)
            .unwrap_or(0);
        self.input.truncate(cut);
    }
}

/// Selection and scroll offset of a list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListNav {
    pub selected: usize,
    pub offset: usize,
}

impl ListNav {
    /// Adjusts the offset so the selection is visible in `height` rows.
    pub fn scroll_into_view(&mut self, len: usize, height: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        if height == 0 {
            return;
        }
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }
}

/// One row of the Sources pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRow {
    pub doc: usize,
    /// Matched char positions in the title.
    pub positions: Vec<usize>,
    /// The matching text line, when the filter matched the text.
    pub line: Option<String>,
}

/// One row of the Entities pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntityRow {
    Header {
        label: &'static str,
        kind: EntityKind,
        count: usize,
    },
    Entity {
        entity: usize,
        /// Mentions in scope.
        count: usize,
        /// Matched char positions in the label.
        positions: Vec<usize>,
    },
}

/// The active entity and which of its mentions is current.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Active {
    pub entity: usize,
    /// Index into the entity's mentions (corpus order).
    pub mention: usize,
}

/// The reader's search.
#[derive(Clone, Debug, Default)]
pub struct Search {
    pub prompt: Prompt,
    /// Byte ranges of the hits in the open document.
    pub hits: Vec<Range<usize>>,
    pub current: Option<usize>,
}

impl Search {
    pub fn active(&self) -> bool {
        !self.prompt.input.is_empty()
    }
}

/// The Ctrl-P palette.
#[derive(Clone, Debug, Default)]
pub struct Palette {
    pub input: String,
    pub items: Vec<PaletteItem>,
    pub nav: ListNav,
    /// A query was sent and its full ranking has not arrived (partial results may show).
    pub pending: bool,
    /// Enter was pressed while results were pending: jump as soon as they arrive.
    pub accept_when_ready: bool,
    /// The job generation `items` came from: partial rankings of the same query keep the
    /// selection, a new query's first results reset it.
    pub items_generation: u64,
}

/// The wrapped open document.
#[derive(Clone, Debug, Default)]
pub struct ReaderLayout {
    pub doc: usize,
    pub width: usize,
    pub lines: Vec<Range<usize>>,
}

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
    pub keymap: KeyMap,
    /// Keys of a sequence typed so far (`g` of `g g`).
    pub pending: Vec<KeySpec>,
    pub widths: Widths,
    /// The kinds listed in Entities and coloured in the reader.
    pub kinds: Vec<EntityKind>,
    pub dim_boilerplate: bool,
    /// strftime format of document dates.
    pub date_format: String,
    /// The terminal area.
    pub area: Rect,
    pub focus: Pane,
    pub side: Pane,
    pub sidebar_pinned: bool,
    /// The open document.
    pub doc: usize,
    pub sources: ListNav,
    pub sources_filter: Prompt,
    sources_matches: Option<Vec<SourceMatch>>,
    pub source_rows: Vec<SourceRow>,
    pub entities: ListNav,
    pub entities_filter: Prompt,
    entity_matches: Option<HashMap<usize, EntityMatch>>,
    pub entity_rows: Vec<EntityRow>,
    pub scope: Scope,
    pub sort: Sort,
    pub scroll: usize,
    pub layout: ReaderLayout,
    pub active: Option<Active>,
    pub search: Search,
    /// Text a palette jump landed on.
    pub flash: Option<Range<usize>>,
    pub palette: Option<Palette>,
    /// The help overlay's scroll offset, when open.
    pub help: Option<usize>,
    /// The open list overlay (timeline, co-occurrence, mentions).
    pub panel: Option<Panel>,
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
    pub quit: bool,
    /// Set by the suspend action; the event loop suspends the process and clears it.
    pub suspend: bool,
    jobs: Vec<Job>,
    generation: u64,
    outstanding: HashMap<&'static str, Outstanding>,
}

fn kind_key(kind: &JobKind) -> &'static str {
    match kind {
        JobKind::Palette => "palette",
        JobKind::Sources => "sources",
        JobKind::Entities => "entities",
        JobKind::Reload(_) => "reload",
    }
}

impl App {
    pub fn new(corpus: Arc<Corpus>, theme: Theme) -> App {
        let index = Index::build(&corpus);
        let mut app = App {
            index,
            theme,
            keymap: KeyMap::default(),
            pending: Vec::new(),
            widths: Widths::default(),
            kinds: EntityKind::ALL.to_vec(),
            dim_boilerplate: true,
            date_format: "%Y-%m-%d".into(),
            area: Rect::new(0, 0, 80, 24),
            focus: Pane::Sources,
            side: Pane::Entities,
            sidebar_pinned: false,
            doc: 0,
            sources: ListNav::default(),
            sources_filter: Prompt::default(),
            sources_matches: None,
            source_rows: Vec::new(),
            entities: ListNav::default(),
            entities_filter: Prompt::default(),
            entity_matches: None,
            entity_rows: Vec::new(),
            scope: Scope::Document,
            sort: Sort::Count,
            scroll: 0,
            layout: ReaderLayout::default(),
            active: None,
            search: Search::default(),
            flash: None,
            palette: None,
            help: None,
            panel: None,
            zoom: Zoom::default(),
            awaiting: None,
            places: Places::default(),
            edits: Edits::default(),
            picker: None,
            message: None,
            quit: false,
            suspend: false,
            jobs: Vec::new(),
            generation: 0,
            outstanding: HashMap::new(),
            corpus,
        };
        app.rebuild_sources();
        app.rebuild_entities();
        app.relayout();
        let notices = app.corpus.notices.len();
        if let Some(first) = app.corpus.notices.first() {
            let more = if notices > 1 {
                format!(" (+{} more notices)", notices - 1)
            } else {
                String::new()
            };
            app.message = Some(format!("{first}{more}"));
        }
        app
    }

    /// Applies configured settings (at startup, before the first key).
    pub fn apply_settings(&mut self, s: Settings) {
        self.keymap = s.keymap;
        self.pending.clear();
        self.widths = s.widths;
        self.side = s.sidebar;
        self.sidebar_pinned = s.sidebar_open;
        self.scope = s.scope;
        self.sort = s.sort;
        self.kinds = s.kinds;
        self.dim_boilerplate = s.dim_boilerplate;
        self.date_format = s.date_format;
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
        self.kinds.contains(&kind)
    }

    /// A document date in the configured format (ISO when the format cannot be written).
    pub fn format_date(&self, d: NaiveDate) -> String {
        use std::fmt::Write as _;
        let mut s = String::new();
        if write!(s, "{}", d.format(&self.date_format)).is_err() {
            s = d.format("%Y-%m-%d").to_string();
        }
        s
    }

    // ----- geometry -------------------------------------------------------------------------

    pub fn layout_state(&self) -> LayoutState {
        LayoutState {
            focus: self.focus,
            side: self.side,
            sidebar_pinned: self.sidebar_pinned,
            widths: self.widths,
        }
    }

    /// Where the panes are now.
    pub fn rects(&self) -> Rects {
        layout::panes(self.area, self.layout_state())
    }

    /// The reader's pane as it is, or as it would be if it had focus.
    fn reader_rect(&self) -> Rect {
        self.rects().reader.unwrap_or_else(|| {
            let mut st = self.layout_state();
            st.focus = Pane::Reader;
            layout::panes(self.area, st).reader.unwrap_or_default()
        })
    }

    /// The reader's text column (where wrapped lines go).
    pub fn text_rect(&self) -> Rect {
        let inner = layout::inner(self.reader_rect());
        let (text, _) = layout::list_and_prompt(inner, self.search.prompt.visible());
        layout::text_column(text, self.widths.wrap)
    }

    fn text_height(&self) -> usize {
        usize::from(self.text_rect().height).max(1)
    }

    fn list_height(&self, pane: Pane) -> usize {
        let prompt = match pane {
            Pane::Sources => self.sources_filter.visible(),
            Pane::Entities => self.entities_filter.visible(),
            Pane::Reader => false,
        };
        let r = self.rects().get(pane).unwrap_or_else(|| {
            let mut st = self.layout_state();
            st.focus = pane;
            layout::panes(self.area, st).get(pane).unwrap_or_default()
        });
        let (list, _) = layout::list_and_prompt(layout::inner(r), prompt);
        let rows = usize::from(list.height);
        match pane {
            Pane::Sources => rows.div_ceil(layout::SOURCE_ROW_HEIGHT).max(1),
            _ => rows.max(1),
        }
    }

    /// Re-wraps the open document if its width changed, and keeps scroll positions valid.
    pub fn relayout(&mut self) {
        let width = usize::from(self.text_rect().width).max(1);
        if self.layout.doc != self.doc || self.layout.width != width || self.layout.lines.is_empty()
        {
            // Keep the first visible byte in view across a re-wrap.
            let anchor = if self.layout.doc == self.doc {
                self.layout.lines.get(self.scroll).map(|r| r.start)
            } else {
                None
            };
            let lines = match self.corpus.documents.get(self.doc) {
                Some(d) => {
                    let start = if d.text.is_char_boundary(d.body_start) {
                        d.body_start
                    } else {
                        0
                    };
                    reader::wrap(&d.text[start..], start, width)
                }
                None => Vec::new(),
            };
            self.layout = ReaderLayout {
                doc: self.doc,
                width,
                lines,
            };
            if let Some(a) = anchor {
                self.scroll = reader::line_of(&self.layout.lines, a);
            }
        }
        self.clamp_scroll();
        let h = self.list_height(Pane::Sources);
        self.sources.scroll_into_view(self.source_rows.len(), h);
        let h = self.list_height(Pane::Entities);
        let len = self.entity_rows.len();
        self.entities.scroll_into_view(len, h);
        if let Some(p) = &mut self.palette {
            p.nav.selected = p.nav.selected.min(p.items.len().saturating_sub(1));
        }
    }

    fn max_scroll(&self) -> usize {
        self.layout.lines.len().saturating_sub(self.text_height())
    }

    fn clamp_scroll(&mut self) {
        self.scroll = self.scroll.min(self.max_scroll());
    }

    /// Scrolls so that byte `offset` of the open document is visible (a third down the page
    /// when it has to move).
    pub fn scroll_to(&mut self, offset: usize) {
        self.relayout();
        let line = reader::line_of(&self.layout.lines, offset);
        let h = self.text_height();
        if line < self.scroll || line >= self.scroll + h {
            self.scroll = line.saturating_sub(h / 3);
        }
        self.clamp_scroll();
    }

    // ----- jobs -----------------------------------------------------------------------------

    /// Matching requests queued since the last call.
    pub fn take_jobs(&mut self) -> Vec<Job> {
        std::mem::take(&mut self.jobs)
    }

    /// True while a job's result is awaited.
    pub fn busy(&self) -> bool {
        self.outstanding.values().any(|o| o.cancel.is_some())
    }

    fn send_job(&mut self, kind: JobKind, query: String) {
        self.generation += 1;
        let slot = self.outstanding.entry(kind_key(&kind)).or_default();
        if let Some(old) = slot.cancel.take() {
            old.store(true, Ordering::Relaxed);
        }
        let cancel = Arc::new(AtomicBool::new(false));
        slot.generation = self.generation;
        slot.cancel = Some(Arc::clone(&cancel));
        self.jobs.retain(|j| j.kind != kind);
        self.jobs.push(Job {
            kind,
            generation: self.generation,
            query,
            cancel,
        });
    }

    fn cancel_job(&mut self, kind: JobKind) {
        if let Some(slot) = self.outstanding.get_mut(kind_key(&kind)) {
            if let Some(c) = slot.cancel.take() {
                c.store(true, Ordering::Relaxed);
            }
            slot.generation = u64::MAX;
        }
        self.jobs.retain(|j| j.kind != kind);
    }

    fn is_current(&mut self, kind: JobKind, generation: u64) -> bool {
        match self.outstanding.get_mut(kind_key(&kind)) {
            Some(slot) if slot.generation == generation => {
                slot.cancel = None;
                true
            }
            _ => false,
        }
    }

    // ----- update ---------------------------------------------------------------------------

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
            Msg::Job(r) => self.on_result(r),
            Msg::Notice(text) => {
                self.message = Some(crate::sanitize::clean_line(&text).into_owned());
            }
        }
        self.relayout();
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
            Pane::Sources if self.sources_filter.editing => Some(Pane::Sources),
            Pane::Entities if self.entities_filter.editing => Some(Pane::Entities),
            Pane::Reader if self.search.prompt.editing => Some(Pane::Reader),
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
        let action = match self.keymap.resolve(ctx, &self.pending, &k) {
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
                (None, Some(c)) => {
                    if let Some(p) = &mut self.palette {
                        p.input.push(c);
                    }
                    self.palette_changed();
                }
                _ => {}
            },
            Context::Prompt => match (action, typed) {
                (Some(a), _) => self.prompt_action(a),
                (None, Some(c)) => {
                    if let Some(p) = self.prompt_mut() {
                        p.input.push(c);
                    }
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
            Action::Bottom => usize::MAX / 2,
            _ => *s,
        };
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
                Pane::Sources => self.sources_filter.editing = true,
                Pane::Entities => self.entities_filter.editing = true,
                Pane::Reader => self.search.prompt.editing = true,
            },
            Action::OpenPalette => {
                self.palette = Some(Palette::default());
            }
            Action::ToggleScope => {
                self.scope = match self.scope {
                    Scope::Document => Scope::Corpus,
                    Scope::Corpus => Scope::Document,
                };
                self.message = Some(match self.scope {
                    Scope::Document => "entities: this document".into(),
                    Scope::Corpus => "entities: whole corpus".into(),
                });
                self.rebuild_entities();
            }
            Action::ToggleSort => {
                self.sort = match self.sort {
                    Sort::Count => Sort::Name,
                    Sort::Name => Sort::Count,
                };
                self.message = Some(match self.sort {
                    Sort::Count => "entities sorted by count (dates by date)".into(),
                    Sort::Name => "entities sorted by name (dates by date)".into(),
                });
                self.rebuild_entities();
            }
            Action::ToggleSidebar => {
                if self.area.width >= layout::WIDE {
                    self.message = Some("all panes are shown at this width".into());
                } else {
                    self.sidebar_pinned = !self.sidebar_pinned;
                    if self.focus != Pane::Reader && !self.sidebar_pinned {
                        self.side = self.focus;
                        self.focus = Pane::Reader;
                    }
                }
            }
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
            Action::Timeline | Action::Cooccurrence | Action::MentionList => self.open_panel(a),
            Action::SetMark => {
                self.awaiting = Some(Awaiting::SetMark);
                self.message = Some("mark: type a letter".into());
            }
            Action::GotoMark => {
                self.awaiting = Some(Awaiting::GotoMark);
                self.message = Some("go to mark: type a letter (' = before the last jump)".into());
            }
            Action::JumpBack => self.walk_jumps(false),
            Action::JumpForward => self.walk_jumps(true),
            Action::Rename
            | Action::Merge
            | Action::SplitAlias
            | Action::ChangeKind
            | Action::Hide
            | Action::ShowHidden => self.correction_action(a),
            Action::ZoomIn
            | Action::ZoomOut
            | Action::DeleteChar
            | Action::DeleteWord
            | Action::ClearInput => {}
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
            Pane::Sources if self.sources_filter.visible() => self.clear_filter(Pane::Sources),
            Pane::Entities if self.entities_filter.visible() => self.clear_filter(Pane::Entities),
            _ if self.search.active() => self.clear_search(),
            _ if self.flash.is_some() => self.flash = None,
            _ if self.active.is_some() => {
                self.active = None;
                self.message = Some("no active entity".into());
            }
            _ => {}
        }
    }

    fn clear_filter(&mut self, pane: Pane) {
        match pane {
            Pane::Sources => {
                self.sources_filter = Prompt::default();
                self.sources_matches = None;
                self.cancel_job(JobKind::Sources);
                self.rebuild_sources();
            }
            Pane::Entities => {
                self.entities_filter = Prompt::default();
                self.entity_matches = None;
                self.cancel_job(JobKind::Entities);
                self.rebuild_entities();
            }
            Pane::Reader => self.clear_search(),
        }
    }

    fn clear_search(&mut self) {
        self.search = Search::default();
    }

    fn prompt_mut(&mut self) -> Option<&mut Prompt> {
        match self.editing_prompt()? {
            Pane::Sources => Some(&mut self.sources_filter),
            Pane::Entities => Some(&mut self.entities_filter),
            Pane::Reader => Some(&mut self.search.prompt),
        }
    }

    fn prompt_action(&mut self, a: Action) {
        let Some(pane) = self.editing_prompt() else {
            return;
        };
        match a {
            Action::ForceQuit => self.quit = true,
            Action::Accept => {
                if let Some(p) = self.prompt_mut() {
                    p.editing = false;
                }
                if pane == Pane::Reader {
                    if self.search.hits.is_empty() && self.search.active() {
                        self.message = Some("no match in this document".into());
                    }
                    if !self.search.active() {
                        self.clear_search();
                    }
                } else if self.prompt_mut().is_some_and(|p| p.input.is_empty()) {
                    self.clear_filter(pane);
                }
            }
            Action::Cancel => self.clear_filter(pane),
            Action::SelectNext | Action::Down => match pane {
                Pane::Reader => self.step_hit(true),
                _ => self.move_in(pane, Action::Down),
            },
            Action::SelectPrev | Action::Up => match pane {
                Pane::Reader => self.step_hit(false),
                _ => self.move_in(pane, Action::Up),
            },
            Action::DeleteChar => {
                if let Some(p) = self.prompt_mut() {
                    p.input.pop();
                }
                self.prompt_changed();
            }
            Action::DeleteWord => {
                if let Some(p) = self.prompt_mut() {
                    p.delete_word();
                }
                self.prompt_changed();
            }
            Action::ClearInput => {
                if let Some(p) = self.prompt_mut() {
                    p.input.clear();
                }
                self.prompt_changed();
            }
            _ => {}
        }
    }

    fn prompt_changed(&mut self) {
        match self.editing_prompt() {
            Some(Pane::Sources) => {
                let q = self.sources_filter.input.trim().to_string();
                if q.is_empty() {
                    self.sources_matches = None;
                    self.cancel_job(JobKind::Sources);
                    self.rebuild_sources();
                } else {
                    self.send_job(JobKind::Sources, q);
                }
            }
            Some(Pane::Entities) => {
                let q = self.entities_filter.input.trim().to_string();
                if q.is_empty() {
                    self.entity_matches = None;
                    self.cancel_job(JobKind::Entities);
                    self.rebuild_entities();
                } else {
                    self.send_job(JobKind::Entities, q);
                }
            }
            Some(Pane::Reader) => self.run_search(),
            None => {}
        }
    }

    /// Searches the open document (bounded: one document, at most 10 000 hits) and moves to
    /// the first hit at or after the top of the page.
    fn run_search(&mut self) {
        let Some(d) = self.corpus.documents.get(self.doc) else {
            return;
        };
        let from = if d.text.is_char_boundary(d.body_start) {
            d.body_start
        } else {
            0
        };
        self.search.hits = find_all(&d.text, from, &self.search.prompt.input, 10_000);
        let top = self
            .layout
            .lines
            .get(self.scroll)
            .map(|r| r.start)
            .unwrap_or(0);
        self.search.current = if self.search.hits.is_empty() {
            None
        } else {
            Some(
                self.search
                    .hits
                    .partition_point(|r| r.start < top)
                    .min(self.search.hits.len() - 1),
            )
        };
        if let Some(r) = self.search.current.and_then(|i| self.search.hits.get(i)) {
            let s = r.start;
            self.scroll_to(s);
        }
    }

    fn step_hit(&mut self, forward: bool) {
        let n = self.search.hits.len();
        if n == 0 {
            self.message = Some("no match in this document".into());
            return;
        }
        let cur = self.search.current.unwrap_or(0);
        let next = if forward {
            if cur + 1 >= n {
                self.message = Some("search wrapped to the top".into());
                0
            } else {
                cur + 1
            }
        } else if cur == 0 {
            self.message = Some("search wrapped to the bottom".into());
            n - 1
        } else {
            cur - 1
        };
        self.search.current = Some(next);
        self.message
            .get_or_insert_with(|| format!("match {}/{}", next + 1, n));
        let s = self.search.hits[next].start;
        self.scroll_to(s);
    }

    // ----- lists ------------------------------------------------------------------------------

    fn move_in(&mut self, pane: Pane, a: Action) {
        match pane {
            Pane::Reader => {
                let h = self.text_height();
                let max = self.max_scroll();
                self.scroll = match a {
                    Action::Down => self.scroll.saturating_add(1),
                    Action::Up => self.scroll.saturating_sub(1),
                    Action::HalfPageDown => self.scroll.saturating_add((h / 2).max(1)),
                    Action::HalfPageUp => self.scroll.saturating_sub((h / 2).max(1)),
                    Action::PageDown => self.scroll.saturating_add(h.saturating_sub(1).max(1)),
                    Action::PageUp => self.scroll.saturating_sub(h.saturating_sub(1).max(1)),
                    Action::Top => 0,
                    Action::Bottom => max,
                    _ => self.scroll,
                }
                .min(max);
            }
            Pane::Sources => {
                let len = self.source_rows.len();
                let h = self.list_height(Pane::Sources);
                let nav = &mut self.sources;
                nav.selected = moved(nav.selected, len, h, a);
            }
            Pane::Entities => {
                let len = self.entity_rows.len();
                let h = self.list_height(Pane::Entities);
                let old = self.entities.selected;
                let sel = moved(old, len, h, a);
                let rows = &self.entity_rows;
                let is_entity = |j: &usize| matches!(rows.get(*j), Some(EntityRow::Entity { .. }));
                let sel = if sel >= old && a != Action::Top {
                    (sel..len)
                        .find(is_entity)
                        .or_else(|| (0..sel).rev().find(is_entity))
                } else {
                    (0..=sel)
                        .rev()
                        .find(is_entity)
                        .or_else(|| (sel..len).find(is_entity))
                }
                .unwrap_or(old);
                self.entities.selected = sel;
            }
        }
    }

    fn first_entity_row_from(&self, i: usize) -> Option<usize> {
        (i..self.entity_rows.len())
            .chain((0..i).rev())
            .find(|&j| matches!(self.entity_rows.get(j), Some(EntityRow::Entity { .. })))
    }

    fn activate(&mut self) {
        match self.focus {
            Pane::Sources => {
                if let Some(row) = self.source_rows.get(self.sources.selected) {
                    let d = row.doc;
                    if d != self.doc {
                        self.remember_jump();
                    }
                    self.open_doc(d);
                    self.set_focus(Pane::Reader);
                }
            }
            Pane::Entities => {
                if let Some(EntityRow::Entity { entity, .. }) =
                    self.entity_rows.get(self.entities.selected)
                {
                    let e = *entity;
                    // In document scope, the first mention in this document; otherwise the
                    // first in the corpus.
                    let k = match self.scope {
                        Scope::Document => self
                            .corpus
                            .entities
                            .get(e)
                            .and_then(|ent| ent.mentions.iter().position(|m| m.doc() == self.doc))
                            .unwrap_or(0),
                        Scope::Corpus => 0,
                    };
                    self.remember_jump();
                    self.goto_mention(e, k);
                }
            }
            Pane::Reader => {
                if self.search.active() {
                    self.step_hit(true);
                }
            }
        }
    }

    /// Opens document `d` at the top.
    pub fn open_doc(&mut self, d: usize) {
        if d >= self.corpus.documents.len() {
            return;
        }
        if d != self.doc {
            self.doc = d;
            self.scroll = 0;
            self.flash = None;
            if self.search.active() {
                let keep = self.search.prompt.clone();
                self.search = Search {
                    prompt: keep,
                    ..Search::default()
                };
                self.relayout();
                let editing = self.search.prompt.editing;
                self.search.prompt.editing = true;
                let focus = self.focus;
                self.focus = Pane::Reader;
                self.run_search();
                self.focus = focus;
                self.search.prompt.editing = editing;
            }
            if self.scope == Scope::Document {
                self.rebuild_entities();
            }
        }
        if let Some(i) = self.source_rows.iter().position(|r| r.doc == d) {
            self.sources.selected = i;
        }
        self.relayout();
    }

    fn step_document(&mut self, forward: bool) {
        let n = self.corpus.documents.len();
        if n == 0 {
            return;
        }
        let d = if forward {
            (self.doc + 1) % n
        } else {
            (self.doc + n - 1) % n
        };
        self.open_doc(d);
    }

    /// Makes entity `e` active at its mention `k`, opening its document and scrolling to it.
    pub fn goto_mention(&mut self, e: usize, k: usize) {
        let Some(m) = self
            .corpus
            .entities
            .get(e)
            .and_then(|ent| ent.mentions.get(k))
            .copied()
        else {
            return;
        };
        self.active = Some(Active {
            entity: e,
            mention: k,
        });
        self.open_doc(m.doc());
        self.scroll_to(m.start());
        self.select_entity_row(e);
    }

    /// Swaps in a corpus with corrected entities: the index is rebuilt, the worker told, the
    /// Entities filter run again; overlays holding entity indices close.
    pub(crate) fn replace_corpus(&mut self, corpus: Corpus) {
        self.corpus = Arc::new(corpus);
        self.index = Index::build(&self.corpus);
        self.panel = None;
        self.palette = None;
        self.cancel_job(JobKind::Palette);
        self.jobs.push(Job {
            kind: JobKind::Reload(super::worker::SharedCorpus(Arc::clone(&self.corpus))),
            generation: 0,
            query: String::new(),
            cancel: Arc::new(AtomicBool::new(false)),
        });
        self.entity_matches = None;
        let q = self.entities_filter.input.trim().to_string();
        if q.is_empty() {
            self.cancel_job(JobKind::Entities);
        } else {
            self.send_job(JobKind::Entities, q);
        }
        self.rebuild_entities();
    }

    pub(crate) fn select_entity_row(&mut self, e: usize) {
        if let Some(i) = self
            .entity_rows
            .iter()
            .position(|r| matches!(r, EntityRow::Entity { entity, .. } if *entity == e))
        {
            self.entities.selected = i;
        }
    }

    /// n / N: the next or previous mention of the active entity in corpus order (or search hit
    /// during a reader search), wrapping with a message.
    fn step(&mut self, forward: bool) {
        if self.focus == Pane::Reader && self.search.active() {
            self.step_hit(forward);
            return;
        }
        let Some(act) = self.active else {
            // Name the keys as bound.
            let label = |a: Action| self.keymap.key_label(Context::Global, a);
            let mut how = String::from("no active entity: activate one in Entities");
            if let Some(k) = label(Action::FocusEntities) {
                how.push_str(&format!(" ({k})"));
            }
            if let Some(k) = label(Action::OpenPalette) {
                how.push_str(&format!(", or find one with {k}"));
            }
            self.message = Some(how);
            return;
        };
        let Some(ent) = self.corpus.entities.get(act.entity) else {
            return;
        };
        let n = ent.mentions.len();
        if n == 0 {
            return;
        }
        if n == 1 {
            self.message = Some("the only mention".into());
            self.goto_mention(act.entity, 0);
            return;
        }
        let cur = ent.mentions.get(act.mention).copied();
        let (k, wrapped) = if cur.is_some_and(|m| m.doc() == self.doc) {
            if forward {
                if act.mention + 1 < n {
                    (act.mention + 1, false)
                } else {
                    (0, true)
                }
            } else if act.mention > 0 {
                (act.mention - 1, false)
            } else {
                (n - 1, true)
            }
        } else {
            // The reader moved to another document: continue from where it is.
            let top = self
                .layout
                .lines
                .get(self.scroll)
                .map(|r| r.start)
                .unwrap_or(0);
            let here = Mention::new(self.doc, top, top).unwrap_or(Mention {
                doc: u32::MAX,
                start: 0,
                end: 0,
            });
            let i = ent
                .mentions
                .partition_point(|m| (m.doc, m.start) < (here.doc, here.start));
            if forward {
                if i < n {
                    (i, false)
                } else {
                    (0, true)
                }
            } else if i > 0 {
                (i - 1, false)
            } else {
                (n - 1, true)
            }
        };
        self.remember_jump();
        if wrapped {
            self.message = Some(if forward {
                "no more mentions: wrapped to the first".into()
            } else {
                "no earlier mentions: wrapped to the last".into()
            });
        }
        self.goto_mention(act.entity, k);
    }

    // ----- rows -----------------------------------------------------------------------------

    fn rebuild_sources(&mut self) {
        let selected_doc = self.source_rows.get(self.sources.selected).map(|r| r.doc);
        self.source_rows = match &self.sources_matches {
            None => (0..self.corpus.documents.len())
                .map(|doc| SourceRow {
                    doc,
                    positions: Vec::new(),
                    line: None,
                })
                .collect(),
            Some(ms) => ms
                .iter()
                .filter(|m| m.doc < self.corpus.documents.len())
                .map(|m| SourceRow {
                    doc: m.doc,
                    positions: m.title_positions.clone(),
                    line: m.line.clone(),
                })
                .collect(),
        };
        self.sources.selected = if self.sources_filter.editing {
            0
        } else {
            selected_doc
                .or(Some(self.doc))
                .and_then(|d| self.source_rows.iter().position(|r| r.doc == d))
                .unwrap_or(0)
        };
    }

    /// Rebuilds the Entities rows from scope, sort and filter, keeping the selected entity.
    pub fn rebuild_entities(&mut self) {
        let keep = match self.entity_rows.get(self.entities.selected) {
            Some(EntityRow::Entity { entity, .. }) => Some(*entity),
            _ => None,
        };
        let corpus = Arc::clone(&self.corpus);
        let items: Vec<(usize, usize)> = match self.scope {
            Scope::Document => self.index.entities_of(self.doc).collect(),
            Scope::Corpus => corpus
                .entities
                .iter()
                .enumerate()
                .map(|(i, e)| (i, e.mentions.len()))
                .collect(),
        };
        let filter = self.entity_matches.as_ref();
        let score = |e: usize| filter.and_then(|f| f.get(&e)).map(|m| m.score);
        type Group = (&'static str, EntityKind, Vec<(usize, usize)>);
        let mut groups: Vec<Group> = vec![
            ("People", EntityKind::Person, Vec::new()),
            ("Places", EntityKind::Place, Vec::new()),
            ("Organizations", EntityKind::Organization, Vec::new()),
            ("Dates", EntityKind::Date, Vec::new()),
            ("Unresolved dates", EntityKind::Date, Vec::new()),
        ];
        for (e, count) in items {
            let Some(ent) = corpus.entities.get(e) else {
                continue;
            };
            if !self.kinds.contains(&ent.kind) {
                continue;
            }
            if filter.is_some() && score(e).is_none() {
                continue;
            }
            let g = match ent.kind {
                EntityKind::Person => 0,
                EntityKind::Place => 1,
                EntityKind::Organization => 2,
                EntityKind::Date if ent.value.is_some() => 3,
                EntityKind::Date => 4,
            };
            groups[g].2.push((e, count));
        }
        let name_key = |e: usize| {
            corpus
                .entities
                .get(e)
                .map(|x| x.name.to_lowercase())
                .unwrap_or_default()
        };
        for (gi, (_, _, list)) in groups.iter_mut().enumerate() {
            if gi == 3 {
                list.sort_by_cached_key(|&(e, _)| {
                    let v = corpus
                        .entities
                        .get(e)
                        .and_then(|x| x.value.clone())
                        .unwrap_or_default();
                    (date_key(&v), e)
                });
            } else if filter.is_some() {
                list.sort_by_key(|&(e, c)| (std::cmp::Reverse(score(e)), std::cmp::Reverse(c), e));
            } else {
                match self.sort {
                    Sort::Count => {
                        list.sort_by_cached_key(|&(e, c)| (std::cmp::Reverse(c), name_key(e), e))
                    }
                    Sort::Name => list.sort_by_cached_key(|&(e, _)| (name_key(e), e)),
                }
            }
        }
        let mut rows = Vec::new();
        for (label, kind, list) in groups {
            if list.is_empty() {
                continue;
            }
            rows.push(EntityRow::Header {
                label,
                kind,
                count: list.len(),
            });
            for (e, count) in list {
                let positions = filter
                    .and_then(|f| f.get(&e))
                    .map(|m| m.name_positions.clone())
                    .unwrap_or_default();
                rows.push(EntityRow::Entity {
                    entity: e,
                    count,
                    positions,
                });
            }
        }
        self.entity_rows = rows;
        let target = self.active.map(|a| a.entity).or(keep);
        let pos = target.and_then(|t| {
            self.entity_rows
                .iter()
                .position(|r| matches!(r, EntityRow::Entity { entity, .. } if *entity == t))
        });
        self.entities.selected = match pos {
            Some(p) if !self.entities_filter.editing => p,
            _ => self.first_entity_row_from(0).unwrap_or(0),
        };
    }

    // ----- palette --------------------------------------------------------------------------

    fn palette_changed(&mut self) {
        let Some(p) = &mut self.palette else { return };
        let q = p.input.trim().to_string();
        p.nav = ListNav::default();
        p.accept_when_ready = false;
        if q.is_empty() {
            p.items.clear();
            p.pending = false;
            self.cancel_job(JobKind::Palette);
        } else {
            p.pending = true;
            self.send_job(JobKind::Palette, q);
        }
    }

    fn palette_action(&mut self, a: Action) {
        match a {
            Action::ForceQuit => self.quit = true,
            Action::Cancel => {
                self.palette = None;
                self.cancel_job(JobKind::Palette);
            }
            Action::Accept => {
                let Some(p) = &mut self.palette else { return };
                if p.pending {
                    p.accept_when_ready = true;
                    return;
                }
                let item = p.items.get(p.nav.selected).cloned();
                match item {
                    Some(item) => {
                        self.palette = None;
                        self.jump(item.target);
                    }
                    None if p.input.trim().is_empty() => self.palette = None,
                    None => self.message = Some("nothing matches".into()),
                }
            }
            Action::SelectNext | Action::SelectPrev | Action::PageDown | Action::PageUp => {
                let h = self.palette_list_height();
                let Some(p) = &mut self.palette else { return };
                let len = p.items.len();
                let mv = match a {
                    Action::SelectNext => Action::Down,
                    Action::SelectPrev => Action::Up,
                    other => other,
                };
                p.nav.selected = moved(p.nav.selected, len, h, mv);
            }
            Action::DeleteChar => {
                if let Some(p) = &mut self.palette {
                    p.input.pop();
                }
                self.palette_changed();
            }
            Action::DeleteWord => {
                if let Some(p) = &mut self.palette {
                    let mut pr = Prompt {
                        input: std::mem::take(&mut p.input),
                        editing: true,
                    };
                    pr.delete_word();
                    p.input = pr.input;
                }
                self.palette_changed();
            }
            Action::ClearInput => {
                if let Some(p) = &mut self.palette {
                    p.input.clear();
                }
                self.palette_changed();
            }
            _ => {}
        }
    }

    /// Rows of results the palette shows.
    pub fn palette_list_height(&self) -> usize {
        let r = super::view::palette_rect(self.area);
        usize::from(r.height.saturating_sub(4)).max(1)
    }

    /// Goes where a search target points.
    pub fn jump(&mut self, target: Target) {
        self.remember_jump();
        match target {
            Target::Entity(e) => {
                self.goto_mention(e, 0);
                self.set_focus(Pane::Reader);
            }
            Target::Document(d) => {
                self.open_doc(d);
                self.scroll = 0;
                self.set_focus(Pane::Reader);
            }
            Target::Line {
                doc, start, end, ..
            } => {
                self.open_doc(doc);
                self.flash = Some(start..end);
                self.scroll_to(start);
                self.set_focus(Pane::Reader);
            }
        }
    }

    fn on_result(&mut self, r: JobResult) {
        match r {
            JobResult::Palette {
                generation,
                items,
                done,
            } => {
                if !self.is_current(JobKind::Palette, generation) {
                    return;
                }
                let Some(p) = &mut self.palette else { return };
                if p.items_generation != generation {
                    p.nav = ListNav::default();
                }
                p.items = items;
                p.items_generation = generation;
                p.pending = !done;
                if done && p.accept_when_ready {
                    p.accept_when_ready = false;
                    self.palette_action(Action::Accept);
                }
            }
            JobResult::Sources {
                generation,
                matches,
            } => {
                if !self.is_current(JobKind::Sources, generation) {
                    return;
                }
                self.sources_matches = Some(matches);
                self.rebuild_sources();
            }
            JobResult::Entities {
                generation,
                matches,
            } => {
                if !self.is_current(JobKind::Entities, generation) {
                    return;
                }
                self.entity_matches = Some(matches.into_iter().map(|m| (m.entity, m)).collect());
                self.rebuild_entities();
            }
        }
    }

    // ----- mouse ----------------------------------------------------------------------------

    fn on_mouse(&mut self, m: MouseEvent) {
        let (x, y) = (m.column, m.row);
        if self.help.is_some() {
            match m.kind {
                MouseEventKind::ScrollDown => self.help_scroll(Action::Down),
                MouseEventKind::ScrollUp => self.help_scroll(Action::Up),
                MouseEventKind::Down(_) => self.help = None,
                _ => {}
            }
            return;
        }
        if self.panel.is_some() {
            match m.kind {
                MouseEventKind::ScrollDown => self.panel_action(Action::Down),
                MouseEventKind::ScrollUp => self.panel_action(Action::Up),
                MouseEventKind::Down(MouseButton::Left) => {
                    let r = self.panel_rect();
                    if !layout::contains(r, x, y) {
                        self.panel = None;
                    } else if let Some(p) = &mut self.panel {
                        // Rows start below the border and the heading line.
                        let row = usize::from(y.saturating_sub(r.y + 2)) + p.nav.offset;
                        if y >= r.y + 2 && row < p.len() {
                            if p.nav.selected == row {
                                self.panel_action(Action::Accept);
                            } else {
                                p.nav.selected = row;
                            }
                        }
                    }
                }
                _ => {}
            }
            return;
        }
        if self.picker.is_some() {
            match m.kind {
                MouseEventKind::ScrollDown => self.picker_key(Some(Action::SelectNext), None),
                MouseEventKind::ScrollUp => self.picker_key(Some(Action::SelectPrev), None),
                MouseEventKind::Down(MouseButton::Left)
                    if !layout::contains(super::view::palette_rect(self.area), x, y) =>
                {
                    self.picker = None;
                }
                _ => {}
            }
            return;
        }
        if self.palette.is_some() {
            match m.kind {
                MouseEventKind::ScrollDown => self.palette_action(Action::SelectNext),
                MouseEventKind::ScrollUp => self.palette_action(Action::SelectPrev),
                MouseEventKind::Down(MouseButton::Left)
                    if !layout::contains(super::view::palette_rect(self.area), x, y) =>
                {
                    self.palette_action(Action::Cancel);
                }
                _ => {}
            }
            return;
        }
        let rects = self.rects();
        let Some(pane) = rects.pane_at(x, y) else {
            return;
        };
        match m.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let down = m.kind == MouseEventKind::ScrollDown;
                match pane {
                    Pane::Reader => {
                        let max = self.max_scroll();
                        self.scroll = if down {
                            self.scroll.saturating_add(3).min(max)
                        } else {
                            self.scroll.saturating_sub(3)
                        };
                    }
                    _ => {
                        for _ in 0..3 {
                            self.move_in(pane, if down { Action::Down } else { Action::Up });
                        }
                    }
                }
            }
            MouseEventKind::Down(MouseButton::Left) => {
                self.set_focus(pane);
                // The layout may change with focus (narrow screens): hit-test the new one.
                let rects = self.rects();
                let Some(r) = rects.get(pane) else { return };
                match pane {
                    Pane::Reader => self.click_text(x, y),
                    Pane::Sources | Pane::Entities => {
                        let prompt = if pane == Pane::Sources {
                            self.sources_filter.visible()
                        } else {
                            self.entities_filter.visible()
                        };
                        let (list, _) = layout::list_and_prompt(layout::inner(r), prompt);
                        if !layout::contains(list, x, y) {
                            return;
                        }
                        let nav = if pane == Pane::Sources {
                            self.sources
                        } else {
                            self.entities
                        };
                        let per = if pane == Pane::Sources {
                            layout::SOURCE_ROW_HEIGHT
                        } else {
                            1
                        };
                        let row = nav.offset + usize::from(y - list.y) / per;
                        let was = nav.selected;
                        match pane {
                            Pane::Sources if row < self.source_rows.len() => {
                                self.sources.selected = row;
                                if row == was {
                                    self.activate();
                                }
                            }
                            Pane::Entities => {
                                if let Some(EntityRow::Entity { .. }) = self.entity_rows.get(row) {
                                    self.entities.selected = row;
                                    if row == was {
                                        self.activate();
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// A click in the reader's text: a mention under the pointer becomes active.
    fn click_text(&mut self, x: u16, y: u16) {
        let text = self.text_rect();
        if !layout::contains(text, x, y) {
            return;
        }
        let line = self.scroll + usize::from(y - text.y);
        let Some(range) = self.layout.lines.get(line).cloned() else {
            return;
        };
        let Some(doc) = self.corpus.documents.get(self.doc) else {
            return;
        };
        let slice = doc.text.get(range.clone()).unwrap_or("");
        let target = usize::from(x - text.x);
        let mut col = 0;
        let mut offset = None;
        for (i, g) in unicode_segmentation::UnicodeSegmentation::grapheme_indices(slice, true) {
            let w = reader::display(g, col).1;
            if target < col + w {
                offset = Some(range.start + i);
                break;
            }
            col += w;
        }
        let Some(offset) = offset else { return };
        let Some(span) = self.index.span_at(self.doc, offset).copied() else {
            return;
        };
        let Some(ent) = self.corpus.entities.get(span.entity()) else {
            return;
        };
        let probe = Mention::new(self.doc, span.start(), span.end()).unwrap_or(Mention {
            doc: u32::MAX,
            start: 0,
            end: 0,
        });
        let k = crate::index::mention_position(&ent.mentions, &probe)
            .or_else(|| {
                ent.mentions
                    .iter()
                    .position(|m| m.doc() == self.doc && m.start() == span.start())
            })
            .unwrap_or(0);
        self.goto_mention(span.entity(), k);
    }

    // ----- queries for the view -------------------------------------------------------------

    /// "mention k/M · d docs" facts for the status line.
    pub fn active_info(&self) -> Option<(&Entity, usize, usize, usize)> {
        let a = self.active?;
        let e = self.corpus.entities.get(a.entity)?;
        Some((e, a.mention + 1, e.mentions.len(), e.doc_count()))
    }

    /// The year of a document's date, for compact columns.
    pub fn doc_year(&self, d: usize) -> Option<i32> {
        self.corpus.documents.get(d)?.date.map(|x| x.year())
    }
}

/// A list selection moved by `a` in a list of `len` rows showing `page` rows.
pub(crate) fn moved(sel: usize, len: usize, page: usize, a: Action) -> usize {
    if len == 0 {
        return 0;
    }
    let last = len - 1;
    let page = page.max(1);
    match a {
        Action::Down => (sel + 1).min(last),
        Action::Up => sel.saturating_sub(1),
        Action::HalfPageDown => (sel + (page / 2).max(1)).min(last),
        Action::HalfPageUp => sel.saturating_sub((page / 2).max(1)),
        Action::PageDown => (sel + page).min(last),
        Action::PageUp => sel.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => last,
        _ => sel,
    }
    .min(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moved_clamps() {
        assert_eq!(moved(0, 0, 10, Action::Down), 0);
        assert_eq!(moved(3, 5, 10, Action::PageDown), 4);
        assert_eq!(moved(3, 5, 10, Action::PageUp), 0);
    }
}
