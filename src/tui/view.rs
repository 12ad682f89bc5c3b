//! State → widgets. [`View`] is an immutable snapshot of what the screen shows, taken from the
//! app after each update ([`crate::tui::app::App::view`]); [`draw`] hands it to each pane and
//! overlay, which draw from it and change nothing. Nothing heavy happens here: lists draw only
//! their visible rows, the reader styles only the lines on screen, and every piece of document
//! text goes through the sanitizer (via [`crate::tui::wrap::display`]).

use super::geometry::{Pane, Rects};
use super::keymap::{Context, KeyMap, KeySpec};
use super::overlays::{self, list::ListOverlay, palette::Palette, picker::Picker};
use super::panes::{self, entities::EntityRow, entities::Scope, entities::Sort};
use super::panes::{reader::ReaderLayout, reader::Search, sources::SourceRow};
use super::places::Active;
use super::theme::Theme;
use super::widgets::{ListNav, TextInput};
use crate::index::Index;
use crate::insight::Zoom;
use crate::model::{Corpus, Document, Entity, EntityKind};
use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, BorderType};
use ratatui::Frame;
use std::ops::Range;

/// Everything drawing reads, borrowed from the app: plain data and references, no methods that
/// change anything.
pub struct View<'a> {
    pub corpus: &'a Corpus,
    /// The `!` list: loading's notices, then later ones.
    pub notices: &'a [crate::model::Notice],
    pub index: &'a Index,
    pub theme: &'a Theme,
    pub keymap: &'a KeyMap,
    /// Keys of a sequence typed so far.
    pub pending: &'a [KeySpec],
    pub area: Rect,
    pub rects: Rects,
    /// The reader's text column.
    pub text_rect: Rect,
    /// Where the open list overlay goes.
    pub panel_rect: Rect,
    pub context: Context,
    pub focus: Pane,
    pub doc: usize,
    pub scroll: usize,
    pub layout: &'a ReaderLayout,
    pub search: &'a Search,
    pub flash: Option<&'a Range<usize>>,
    pub sources: ListNav,
    pub sources_filter: &'a TextInput,
    pub source_rows: &'a [SourceRow],
    /// Every document's shown path, and the chars of the folder they all share.
    pub source_paths: &'a crate::tui::paths::ShownPaths,
    pub source_root: usize,
    /// The Sources filter looks at every line of text.
    pub sources_text: bool,
    pub entities: ListNav,
    pub entities_filter: &'a TextInput,
    pub entity_rows: &'a [EntityRow],
    pub scope: Scope,
    pub sort: Sort,
    pub active: Option<Active>,
    /// The active entity, its current mention's number, its mention count and document count.
    pub active_info: Option<(&'a Entity, usize, usize, usize)>,
    pub palette: Option<&'a Palette>,
    pub picker: Option<&'a Picker>,
    pub panel: Option<&'a ListOverlay>,
    /// The help overlay's scroll offset, when open.
    pub help: Option<usize>,
    pub zoom: Zoom,
    pub message: Option<&'a str>,
    pub kinds: &'a [EntityKind],
    pub dim_boilerplate: bool,
    pub date_format: &'a str,
}

impl View<'_> {
    /// True when mentions of `kind` are shown.
    pub fn shows(&self, kind: EntityKind) -> bool {
        self.kinds.contains(&kind)
    }

    /// A document date in the configured format (ISO when the format cannot be written).
    pub fn format_date(&self, d: NaiveDate) -> String {
        format_date(self.date_format, d)
    }
}

/// `d` in the strftime `format`, ISO when the format cannot be written.
pub fn format_date(format: &str, d: NaiveDate) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    if write!(s, "{}", d.format(format)).is_err() {
        s = d.format("%Y-%m-%d").to_string();
    }
    s
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, v: &View<'_>) {
    let rects = v.rects;
    if let Some(r) = rects.sources {
        panes::sources::draw_sources(frame, v, r);
    }
    if let Some(r) = rects.reader {
        panes::reader::draw_reader(frame, v, r);
    }
    if let Some(r) = rects.entities {
        panes::entities::draw_entities(frame, v, r);
    }
    if let Some(r) = rects.status {
        panes::status::draw_status(frame, v, r);
    }
    if v.panel.is_some() {
        overlays::list::draw_list(frame, v);
    }
    if v.palette.is_some() {
        overlays::palette::draw_palette(frame, v);
    }
    if v.picker.is_some() {
        overlays::picker::draw_picker(frame, v);
    }
    if v.help.is_some() {
        overlays::help::draw_help(frame, v);
    }
}

pub fn pane_block<'a>(v: &View<'_>, pane: Pane, r: Rect) -> Block<'a> {
    let focused = v.focus == pane && v.context != Context::Palette;
    let (border, btype) = if focused {
        (v.theme.border_focused, BorderType::Thick)
    } else {
        (v.theme.border, BorderType::Rounded)
    };
    let _ = r;
    Block::bordered().border_type(btype).border_style(border)
}

/// A document's date in the configured format.
pub fn date_str(v: &View<'_>, doc: &Document) -> Option<String> {
    doc.date.map(|d| v.format_date(d))
}

pub fn doc_title(v: &View<'_>, d: usize) -> String {
    v.corpus
        .documents
        .get(d)
        .map(|doc| {
            if doc.title.trim().is_empty() {
                doc.file_name().to_string()
            } else {
                doc.title.clone()
            }
        })
        .unwrap_or_default()
}
