//! Places in the corpus the reader can go back to: a [`Pos`] (document and offset), the marks
//! and the jump list ([`Places`]). Plain data; moving between them is the app's.

use std::collections::BTreeMap;

/// A place in the corpus: a document and a byte offset in its text (the top of the screen).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    pub doc: usize,
    pub offset: usize,
}

/// Marks and the jump list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Places {
    pub marks: BTreeMap<char, Pos>,
    /// Where jumps started, oldest first.
    pub jumps: Vec<Pos>,
    /// Where Ctrl-O / Ctrl-I are in `jumps` (`jumps.len()` when at the newest).
    pub at: usize,
    /// Where the last jump started (`''` goes there).
    pub before_jump: Option<Pos>,
}

/// At most this many jumps are kept.
pub const JUMPS: usize = 100;

/// The active entity and which of its mentions is current.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Active {
    pub entity: usize,
    /// Index into the entity's mentions (corpus order).
    pub mention: usize,
}
