//! The shape of the code, checked: which module may name which (the data flows one way), and
//! how long a source file may grow. Reads the source files as text; no compiler involved.
//!
//! The rules:
//! - nothing in `crates/` (the engine) names the reader, the command line or the configuration
//!   (`crate::tui`, `crate::cli`, `crate::config`, or anything of `docent::`);
//! - nothing in `src/tui/` names `crate::cli` or `crate::config`;
//! - panes and overlays (`src/tui/panes/`, `src/tui/overlays/`) never name the app
//!   (`super::app`, `crate::tui::app`);
//! - no `.rs` file is longer than [`MAX_LINES`].

use std::path::{Path, PathBuf};

/// The longest a source file may be, in lines.
const MAX_LINES: usize = 1_000;

