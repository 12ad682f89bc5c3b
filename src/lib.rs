//! docent: read a pile of documents and find your way through them by the people, places,
//! organizations and dates they mention.
//!
//! Two crates, one direction: `docent-core` (`crates/core`: load → analyze → cache →
//! corrections → index, insight, search, export; no terminal) and this one, which puts it in
//! front of a person: [`tui`] (the reader) and [`cli`] (the scriptable subcommands), both tuned
//! by [`config`] (the configuration file). The core's modules are re-exported here under their
//! own names, so `docent::model` is `docent_core::model`.

pub use docent_core::{
    analyze, cache, corrections, dev, edits, export, index, insight, load, model, open, sanitize,
    search, store, text, textindex,
};

pub mod cli;
pub mod config;
pub mod tui;
