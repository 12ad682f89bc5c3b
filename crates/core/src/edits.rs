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
    /// The entities before any correction (taken at the first correction when none were
    /// applied at load).
    pub base: Option<Arc<Vec<Entity>>>,
    /// Entities hidden by the corrections.
    pub hidden: Vec<Entity>,
    /// Changed since the last save.
    pub dirty: bool,
    /// Why new corrections cannot be saved (`path` is `None`), for the status line.
    pub unsaved_reason: Option<String>,
}
