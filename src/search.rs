//! Fuzzy search over a corpus: entities (names, aliases, date forms), document titles and text
//! lines, with fzf's query syntax, smart case and accent folding.
//!
//! API (stable; used by the `search` subcommand and the TUI):
//! - [`Query::parse`] understands fzf syntax: whitespace-separated terms that must all match,
//!   `'exact`, `^prefix`, `suffix$`, `!not`; smart case; accents fold both ways.
//! - [`Query::match_text`] scores one string and returns the matched *char* indices.
//! - [`Candidates::build`] lists everything searchable in a corpus once.
//! - [`rank`] scores all candidates (in parallel, cancellable) and returns the best hits.

use crate::model::{Corpus, DocId};
use std::sync::atomic::AtomicBool;

/// What a search result points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// Index into `Corpus::entities`.
    Entity(usize),
    /// A document title.
    Document(DocId),
    /// A line of a document's text: `line` is 0-based, `start..end` its byte range in the text.
    Line {
        doc: DocId,
        line: usize,
        start: usize,
        end: usize,
    },
}

/// One searchable string.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub target: Target,
    /// The string shown (already one line).
    pub text: String,
}

/// Everything searchable in a corpus, built once.
#[derive(Clone, Debug, Default)]
pub struct Candidates {
    pub items: Vec<Candidate>,
}

/// A parsed query.
#[derive(Clone, Debug, Default)]
pub struct Query {}

/// A ranked result: `candidate` indexes `Candidates::items`; `positions` are char indices into
/// the candidate's `text` to highlight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub candidate: usize,
    pub score: i64,
    pub positions: Vec<usize>,
}

impl Query {
    pub fn parse(_input: &str) -> Query {
        Query {}
    }
    pub fn is_empty(&self) -> bool {
        true
    }
    pub fn match_text(&self, _text: &str) -> Option<(i64, Vec<usize>)> {
        None
    }
}

impl Candidates {
    pub fn build(_corpus: &Corpus) -> Candidates {
        Candidates::default()
    }
}

/// Ranks `candidates` against `query`, best first, at most `limit`. Returns `None` when
/// `cancel` was set before it finished.
pub fn rank(
    _query: &Query,
    _candidates: &Candidates,
    _limit: usize,
    _cancel: &AtomicBool,
) -> Option<Vec<Hit>> {
    Some(Vec::new())
}
