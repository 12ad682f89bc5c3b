//! The corpus's distinct folded forms, numbered once, and what the word lists say about each.

use super::*;

/// A form's number among the corpus's forms, for a mention whose form is not numbered yet.
pub(super) const NO_FORM: u32 = u32::MAX;

/// What the linker asks the word lists about a folded form: looked up once per distinct form,
/// not once per mention.
#[derive(Clone, Copy, Default)]
pub(super) struct FormInfo<'a> {
    pub entry: Option<&'a LexEntry>,
    pub common: bool,
    pub given: bool,
    pub surname: bool,
    /// A name right before a company's designator ([`company_names`]).
    pub company: bool,
}

impl<'a> FormInfo<'a> {
    pub(super) fn of(s: &str, lex: &'a Lexicon, companies: &FxSet<&str>) -> FormInfo<'a> {
        FormInfo {
            entry: lex.lookup(s),
            common: lex.is_common(s),
            given: lex.is_given(s),
            surname: lex.surnames.contains(s),
            company: companies.contains(s),
        }
    }

    /// A city from the gazetteer (not a country or region).
    pub(super) fn city(&self) -> bool {
        self.entry.is_some_and(|e| !e.region)
    }
}

/// The corpus's distinct folded forms, each numbered once (hashed and compared as a string
/// once), so the linker's votes, tallies and clusters are vectors indexed by number instead of
/// maps keyed by strings.
pub(super) struct Forms<'a> {
    ids: FxMap<Key<'a>, u32>,
    pub keys: Vec<Key<'a>>,
    pub info: Vec<FormInfo<'a>>,
}

impl<'a> Forms<'a> {
    /// The table of `strs`, distinct forms numbered in order.
    pub(super) fn of(
        strs: &'a [std::sync::Arc<str>],
        lex: &'a Lexicon,
        companies: &FxSet<&str>,
    ) -> Forms<'a> {
        let mut f = Forms {
            ids: FxMap::default(),
            keys: Vec::with_capacity(strs.len()),
            info: Vec::with_capacity(strs.len()),
        };
        f.ids.reserve(strs.len());
        for s in strs {
            f.intern(Key::new(s), lex, companies);
        }
        f
    }

    pub(super) fn intern(&mut self, k: Key<'a>, lex: &'a Lexicon, companies: &FxSet<&str>) -> u32 {
        let n = self.keys.len() as u32;
        let id = *self.ids.entry(k).or_insert(n);
        if id == n {
            self.keys.push(k);
            self.info.push(FormInfo::of(k.s, lex, companies));
        }
        id
    }

    pub(super) fn get(&self, s: &str) -> Option<u32> {
        self.ids.get(&Key::new(s)).copied()
    }

    pub(super) fn len(&self) -> usize {
        self.keys.len()
    }
}

/// Distinct strings, numbered in the order they are first met.
#[derive(Default)]
pub(super) struct Interned<'a> {
    ids: FxMap<Key<'a>, u32>,
    pub strs: Vec<&'a str>,
}

impl<'a> Interned<'a> {
    pub(super) fn intern(&mut self, s: &'a str) -> u32 {
        let n = self.strs.len() as u32;
        let id = *self.ids.entry(Key::new(s)).or_insert(n);
        if id == n {
            self.strs.push(s);
        }
        id
    }

    /// `s`'s number, or [`NONE`] if it has none.
    pub(super) fn get(&self, s: &str) -> u32 {
        self.ids.get(&Key::new(s)).copied().unwrap_or(NONE)
    }
}
