//! docent: read a pile of documents and find your way through them by the people, places,
//! organizations and dates they mention.
//!
//! The data flows one way, and the modules follow it:
//! [`load`] (files → [`model::Document`]s) → [`analyze`] (documents → mentions → entities)
//! (through [`cache`], which keeps analysis results on disk between runs)
//! → [`index`] (what the UI and search query) → [`tui`] (app state and rendering) and [`cli`]
//! (the scriptable subcommands). [`config`] reads the configuration file that tunes the last two.

pub mod analyze;
pub mod cache;
pub mod cli;
pub mod config;
pub mod corrections;
pub mod dev;
pub mod export;
pub mod index;
pub mod insight;
pub mod load;
pub mod model;
pub mod sanitize;
pub mod search;
pub mod state;
pub mod tui;
