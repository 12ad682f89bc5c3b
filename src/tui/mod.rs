//! The terminal UI: app state (pure: key in, state out) and rendering (state → widgets).

use crate::model::Corpus;

/// Runs the TUI on an analysed corpus until the user quits.
pub fn run(corpus: Corpus) -> anyhow::Result<()> {
    let _ = corpus;
    anyhow::bail!("the TUI is not built yet")
}
