//! The correction set the reader edits: the corrections in effect, where they are saved, the
//! entities before them and the hidden ones. Plain data: the reader changes it, the event loop
//! saves it, [`crate::corrections`] replays it.

use crate::corrections::Corrections;
use crate::model::Entity;
use std::path::PathBuf;
use std::sync::Arc;

/// The corrections in effect and what editing them needs.
#[derive(Clone, Debug, Default)]
pub struct Edits {
    /// Where they are saved (`None`: nowhere, e.g. standard input without `--annotations`).
    pub path: Option<PathBuf>,
    pub corrections: Corrections,
    /// What this reader last loaded from or saved to `path`: saving merges what changed since
    /// then with what other readers saved meanwhile ([`crate::corrections::save_merged`]).
    pub saved: Corrections,
    /// The entities before any correction (taken at the first correction when none were
    /// applied at load).
    pub base: Option<Arc<Vec<Entity>>>,
    /// Entities hidden by the corrections.
    pub hidden: Vec<Entity>,
    /// Changed since the last save.
    pub dirty: bool,
    /// Why new corrections cannot be saved (`path` is `None`), for the status line.
    pub unsaved_reason: Option<String>,
    /// Why the last save failed, if it did: said on the status line and again on exit.
    pub save_error: Option<String>,
}
