//! What the configuration file decides about the reader ([`Settings`]), applied once at start.

use super::geometry::{Pane, Widths};
use super::keymap::KeyMap;
use super::panes::entities::{Scope, Sort};
use crate::model::EntityKind;

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
    /// Hard-wrapped paragraphs flow to the reader's width (see [`super::reflow`]).
    pub reflow: bool,
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
            reflow: true,
            date_format: "%Y-%m-%d".into(),
        }
    }
}
