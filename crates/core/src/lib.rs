//! docent's engine, with no terminal and no command line: everything here is data in, data out,
//! and nothing imports the reader (`tui`), the command line (`cli`) or the configuration file
//! (`config`) of the `docent` crate — the compiler keeps it that way.
//!
//! The data flows one way, and the modules follow it:
//! [`load`] (files → [`model::Document`]s) → [`analyze`] (documents → mentions → entities)
//! (through [`cache`], which keeps analysis results on disk between runs) → [`corrections`]
//! (the analyst's edits, replayed over the entities) → [`index`] (what the UI and search query),
//! with [`insight`] (timeline, co-occurrence, mention lists), [`search`] (fuzzy ranking) and
//! [`export`] on top; [`open`] runs load → cache → corrections for the front ends. [`store`]
//! knows where per-corpus files live; [`sanitize`] makes any text
//! safe for a terminal; [`dev`] generates benchmark corpora.

pub mod analyze;
pub mod cache;
pub mod corrections;
pub mod dev;
pub mod edits;
pub mod export;
pub mod fxhash;
pub mod index;
pub mod insight;
pub mod load;
pub mod model;
pub mod open;
pub mod paths;
pub mod phase;
pub mod sanitize;
pub mod search;
pub mod store;
pub mod text;
pub mod textindex;
