//! Fuzzy search over a corpus: entities (names, aliases, date forms), document titles and text
//! lines, with fzf's query syntax, smart case and accent folding.
//!
//! - [`Query::parse`] understands fzf syntax: whitespace-separated terms that must all match (in
//!   any order), `'exact`, `^prefix`, `suffix$`, `!not`; smart case per term; accents fold both
//!   ways ("jose" finds "José", "núñez" finds "Nunez").
//! - [`Query::match_text`] scores one string and returns the matched *char* indices.
//! - [`Candidates::build`] lists everything searchable in a corpus once, with a folded key.
//! - [`rank`] scores all candidates on every core (cancellable) and returns the best hits.
//!
//! fuzzy-matcher's `SkimMatcherV2` scores each fuzzy term. It treats a space as an ordinary
//! character and folds no accents, so splitting and folding happen here; folding maps each char
//! to exactly one char, so match positions in the folded key are positions in the original.
//! Speed comes from a letters prefilter where the candidates keep their letters (a stored
//! search: [`letters`]), a cheap in-order character prefilter, scoring without positions for
//! everything and computing positions only for the hits returned, and one matcher per thread.

use crate::model::{Corpus, DocId, Document, EntityKind};
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use std::cmp::Reverse;
use std::collections::HashSet;
use std::sync::Arc;

/// Lines longer than this are searched in pieces (fuzzy scoring is quadratic-ish in length).
const MAX_PIECE: usize = 400;
/// Score bonus so an entity or a title outranks a text line matching equally well.
const ENTITY_BONUS: i64 = 30;
const TITLE_BONUS: i64 = 10;

/// What a search result points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// Index into `Corpus::entities`.
    Entity(usize),
    /// A document title.
    Document(DocId),
    /// A line of a document's text: `line` is 0-based, `start..end` its byte range in the text
    /// (a piece of the line when the line is very long).
    Line {
        doc: DocId,
        line: usize,
        start: usize,
        end: usize,
    },
}

/// One searchable string. A text line's text is not copied: it is read from the corpus when
/// needed (see [`Candidates::text`]), so the candidates cost a few words per line, not a second
/// copy of the corpus.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub target: Target,
    /// The string shown, when it is not the target's plain text slice (entities, titles,
    /// lines that needed sanitizing).
    own: Option<Box<str>>,
    /// The folded search key: one char per char of the text. `None` when folding changes
    /// nothing.
    key: Option<Box<str>>,
}

impl Candidate {
    fn owned(target: Target, text: String) -> Candidate {
        let key = fold_if_needed(&text).map(String::into_boxed_str);
        Candidate {
            target,
            own: Some(text.into_boxed_str()),
            key,
        }
    }

    /// The matched key and the shown text of a candidate that holds its own text (names,
    /// titles, paths); `None` for a line read from its document.
    pub fn own_text(&self) -> Option<(&str, &str)> {
        let own = self.own.as_deref()?;
        Some((self.key.as_deref().unwrap_or(own), own))
    }
}

/// Everything searchable in a corpus, built once.
#[derive(Clone, Debug, Default)]
pub struct Candidates {
    corpus: Arc<Corpus>,
    pub items: Vec<Candidate>,
}

/// `s` with accents folded (char for char).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Appends `s` folded to `out`, copying ASCII runs whole (most of any line).
fn fold_into(s: &str, out: &mut String) {
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = rest.bytes().position(|b| b >= 0x80).unwrap_or(rest.len());
        out.push_str(&rest[..ascii]);
        rest = &rest[ascii..];
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(crate::text::base_char(c));
            rest = chars.as_str();
        }
    }
}

/// `s` folded, or `None` when folding changes nothing (no copy is made until a char changes).
fn fold_if_needed(s: &str) -> Option<String> {
    if s.is_ascii() {
        return None;
    }
    // Only non-ASCII chars can fold: jump from one to the next.
    let mut from = 0;
    let at = loop {
        let i = from + s.get(from..)?.bytes().position(|b| b >= 0x80)?;
        let c = s.get(i..)?.chars().next()?;
        if crate::text::base_char(c) != c {
            break i;
        }
        from = i + c.len_utf8();
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..at]);
    fold_into(&s[at..], &mut out);
    Some(out)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum TermKind {
    Fuzzy,
    Exact,
    Prefix,
    Suffix,
    /// `^word$`
    Whole,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Term {
    kind: TermKind,
    negate: bool,
    /// Folded; lowercased unless the term is case-sensitive.
    text: String,
    case_sensitive: bool,
}

/// The most distinct terms a query keeps.
pub const MAX_TERMS: usize = 32;

/// A parsed query.
#[derive(Clone, Debug, Default)]
pub struct Query {
    terms: Vec<Term>,
}

/// Score and highlight positions of a match.
pub type Match = (i64, Vec<usize>);

impl Query {
    /// Parses fzf's extended syntax. Empty terms and lone operators are ignored, a repeated
    /// term counts once, and only the first [`MAX_TERMS`] distinct terms are kept (each costs
    /// a match per candidate: 5,000 terms took 37 s).
    pub fn parse(input: &str) -> Query {
        let mut terms = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for raw in input.split_whitespace() {
            if terms.len() == MAX_TERMS {
                break;
            }
            let mut t = raw;
            let negate = t.starts_with('!');
            if negate {
                t = &t[1..];
            }
            let mut kind = if negate {
                TermKind::Exact
            } else {
                TermKind::Fuzzy
            };
            if let Some(rest) = t.strip_prefix('\'') {
                t = rest;
                kind = TermKind::Exact;
            }
            let prefix = t.starts_with('^');
            if prefix {
                t = &t[1..];
            }
            let suffix = t.len() > 1 && t.ends_with('$') || (t == "$" && prefix);
            if suffix {
                t = &t[..t.len() - 1];
            }
            kind = match (prefix, suffix) {
                (true, true) => TermKind::Whole,
                (true, false) => TermKind::Prefix,
                (false, true) => TermKind::Suffix,
                _ => kind,
            };
            if t.is_empty() {
                continue;
            }
            let case_sensitive = t.chars().any(char::is_uppercase);
            let folded = fold(t);
            let text = if case_sensitive {
                folded
            } else {
                lower(&folded)
            };
            let term = Term {
                kind,
                negate,
                text,
                case_sensitive,
            };
            if seen.insert(term.clone()) {
                terms.push(term);
            }
        }
        Query { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The query with its fuzzy terms made exact (as if written `'term`): words matched
    /// literally, for long text where scattered letters would match nearly anything. Terms
    /// with an operator keep it.
    pub fn literal(mut self) -> Query {
        for t in &mut self.terms {
            if t.kind == TermKind::Fuzzy {
                t.kind = TermKind::Exact;
            }
        }
        self
    }

    /// Scores `text` (any string; folded here) and returns the matched char indices.
    pub fn match_text(&self, text: &str) -> Option<Match> {
        let key = fold(text);
        self.match_key(&matcher(), &key, true)
    }

    /// Scores an already folded key (a candidate's [`Candidates::key`]) without positions.
    pub fn score_key(&self, m: &SkimMatcherV2, key: &str) -> Option<i64> {
        self.match_key(m, key, false).map(|(s, _)| s)
    }

    /// Matches a folded key; positions only when asked.
    fn match_key(&self, m: &SkimMatcherV2, key: &str, positions: bool) -> Option<Match> {
        // The terms' windows live in a stack array: a small one for the usual few terms
        // (clearing room for 32 on every call was a twentieth of ranking the names).
        if self.terms.len() <= 4 {
            self.match_key_in::<4>(m, key, positions)
        } else {
            self.match_key_in::<MAX_TERMS>(m, key, positions)
        }
    }

    /// [`Query::match_key`] with room for `N` terms (at least as many as there are).
    fn match_key_in<const N: usize>(
        &self,
        m: &SkimMatcherV2,
        key: &str,
        positions: bool,
    ) -> Option<Match> {
        if self.terms.is_empty() {
            return Some((0, Vec::new()));
        }
        let mut lowered: Option<String> = None;
        let mut total = 0i64;
        let mut pos = Vec::new();
        // First every cheap test (each fuzzy term's in-order window, the literal terms), so a
        // line failing any term costs no scoring; then the fuzzy scoring, window by window.
        let mut windows = [(0usize, 0usize); N];
        for (t, w) in self.terms.iter().zip(windows.iter_mut()) {
            if t.kind == TermKind::Fuzzy {
                *w = match_window(key, &t.text, t.case_sensitive)?;
                continue;
            }
            // An ASCII key needs no lowercased copy: compare ignoring ASCII case in place
            // (the copy per candidate was most of an exact term's cost).
            let in_place = !t.case_sensitive && key.is_ascii();
            let hay: &str = if t.case_sensitive || in_place {
                key
            } else {
                lowered.get_or_insert_with(|| lower(key))
            };
            let found = if in_place {
                find_ascii_case(key.as_bytes(), t.text.as_bytes(), t.kind)
            } else {
                match t.kind {
                    TermKind::Exact => hay.find(&t.text),
                    TermKind::Prefix => hay.starts_with(&t.text).then_some(0),
                    TermKind::Suffix => hay.ends_with(&t.text).then(|| hay.len() - t.text.len()),
                    TermKind::Whole => (hay == t.text).then_some(0),
                    TermKind::Fuzzy => None,
                }
            };
            match (found, t.negate) {
                (Some(_), true) | (None, false) => return None,
                (None, true) => {}
                (Some(at), false) => {
                    let n = t.text.chars().count() as i64;
                    // An exact run is worth what a perfect fuzzy run would score.
                    total += 16 * n + 16;
                    if positions {
                        let first = hay[..at].chars().count();
                        pos.extend(first..first + n as usize);
                    }
                }
            }
        }
        for (t, &(start, end)) in self.terms.iter().zip(windows.iter()) {
            if t.kind != TermKind::Fuzzy {
                continue;
            }
            // Score only the shortest in-order window (plus one char of context for
            // word-boundary bonuses): the DP then runs over a few chars, not a line. The
            // positions come from the same window, so they match the score.
            let window = &key[start..end];
            let offset = || {
                if key.is_ascii() {
                    start
                } else {
                    key[..start].chars().count()
                }
            };
            if window.len() > LONG_WINDOW {
                let (s, p) = scattered(window, &t.text, t.case_sensitive, positions);
                total += s;
                if positions {
                    let o = offset();
                    pos.extend(p.into_iter().map(|i| i + o));
                }
            } else if positions {
                let (s, p) = m.fuzzy_indices(window, &t.text)?;
                total += s;
                let o = offset();
                pos.extend(p.into_iter().map(|i| i + o));
            } else {
                total += m.fuzzy_match(window, &t.text)?;
            }
            total += word_bonus(key, &t.text, t.case_sensitive);
        }
        pos.sort_unstable();
        pos.dedup();
        Some((total, pos))
    }
}

/// Where a literal term (`kind`: exact, prefix, suffix or whole) holds in ASCII `hay`,
/// ignoring ASCII case; `needle` is lowercase. As searching a lowercased copy would, without
/// the copy.
fn find_ascii_case(hay: &[u8], needle: &[u8], kind: TermKind) -> Option<usize> {
    let n = needle.len();
    if hay.len() < n {
        return None;
    }
    match kind {
        TermKind::Prefix => hay[..n].eq_ignore_ascii_case(needle).then_some(0),
        TermKind::Suffix => {
            let at = hay.len() - n;
            hay[at..].eq_ignore_ascii_case(needle).then_some(at)
        }
        TermKind::Whole => hay.eq_ignore_ascii_case(needle).then_some(0),
        TermKind::Exact => {
            let Some(&first) = needle.first() else {
                return Some(0);
            };
            let last = hay.len() - n;
            memchr::memchr2_iter(first, first.to_ascii_uppercase(), &hay[..=last])
                .find(|&at| hay[at..at + n].eq_ignore_ascii_case(needle))
        }
        TermKind::Fuzzy => None,
    }
}

/// A fuzzy match spread over more bytes than this is scored by [`scattered`], not by the
/// matcher's dynamic programme (quadratic-ish, and the match ranks low whatever its score).
const LONG_WINDOW: usize = 96;

/// Score and char positions (within `window`) of a spread-out match, linear: the in-order match
/// ending last, a perfect run's score less one per skipped char, at least 1. The skim matcher
/// scores such a match about the same (16 a char, gap penalties), so rankings mix sensibly.
fn scattered(
    window: &str,
    needle: &str,
    case_sensitive: bool,
    positions: bool,
) -> (i64, Vec<usize>) {
    let fold = |c: char| {
        if case_sensitive {
            c
        } else {
            c.to_lowercase().next().unwrap_or(c)
        }
    };
    let total = window.chars().count();
    let mut pos = Vec::new();
    let mut want = needle.chars().rev().peekable();
    for (i, c) in window.chars().rev().enumerate() {
        let Some(&next) = want.peek() else { break };
        if fold(c) == next {
            want.next();
            if positions {
                pos.push(total - 1 - i);
            }
        }
    }
    pos.reverse();
    let p = needle.chars().count() as i64;
    let skipped = total as i64 - p;
    ((16 * p - skipped).max(1), pos)
}

fn lower(s: &str) -> String {
    s.chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect()
}

/// A matcher as the search uses it (smart case). One per thread: a shared one serializes.
/// A lower-case term matches any case at no cost: skim's default docks two points per char
/// whose case differs, so "opec" ranked "Opec Conference" above the all-caps "OPEC" it says
/// exactly (a capital in the term makes it case-sensitive, so nothing else mismatches).
pub fn matcher() -> SkimMatcherV2 {
    let config = fuzzy_matcher::skim::SkimScoreConfig {
        penalty_case_mismatch: 0,
        ..Default::default()
    };
    SkimMatcherV2::default().score_config(config).smart_case()
}

/// Extra score when a fuzzy term also occurs literally at the start of a word, more when it is a
/// whole word: "nov 21 2021" should prefer "Nov 21" to the "21" inside "2021". `needle` is
/// lowercased unless `case_sensitive`. ASCII needles are compared in place (no lowercased copy
/// of the candidate: that allocation was the hot path's largest cost).
fn word_bonus(hay: &str, needle: &str, case_sensitive: bool) -> i64 {
    let n = needle.chars().count() as i64;
    let score = |at: usize, len: usize| -> i64 {
        let before = hay.get(..at).and_then(|s| s.chars().next_back());
        let after = hay.get(at + len..).and_then(|s| s.chars().next());
        let starts = before.is_none_or(|c| !c.is_alphanumeric());
        let ends = after.is_none_or(|c| !c.is_alphanumeric());
        match (starts, ends) {
            (true, true) => 4 * n,
            (true, false) => 2 * n,
            _ => 0,
        }
    };
    let mut best = 0;
    if case_sensitive || !needle.is_ascii() {
        let lowered;
        let h: &str = if case_sensitive {
            hay
        } else {
            lowered = lower(hay);
            &lowered
        };
        if !case_sensitive && h.len() != hay.len() {
            return 0; // lowercasing changed byte lengths: offsets would not map back
        }
        for (at, _) in h.match_indices(needle) {
            best = best.max(score(at, needle.len()));
            if best == 4 * n {
                break;
            }
        }
        return best;
    }
    let (h, nb) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = nb.first() else { return 0 };
    if h.len() < nb.len() {
        return 0;
    }
    // Jump from one occurrence of the first byte (either case) to the next: memchr2 scans
    // many bytes an instruction.
    let last = h.len() - nb.len();
    for at in memchr::memchr2_iter(first, first.to_ascii_uppercase(), &h[..=last]) {
        if h[at..at + nb.len()].eq_ignore_ascii_case(nb) {
            best = best.max(score(at, nb.len()));
            if best == 4 * n {
                break;
            }
        }
    }
    best
}

/// The byte window of `hay` holding an in-order match of `needle`: a forward scan finds where
/// the first match ends, a backward scan from there finds the latest start (fzf's v1 algorithm).
/// The window starts one char early so the scorer sees what precedes the match.
fn match_window(hay: &str, needle: &str, case_sensitive: bool) -> Option<(usize, usize)> {
    let fold = |c: char| {
        if case_sensitive {
            c
        } else if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            c.to_lowercase().next().unwrap_or(c)
        }
    };
    if hay.is_ascii() && needle.is_ascii() {
        let h = hay.as_bytes();
        let n = needle.as_bytes();
        let fold_b = |b: u8| {
            if case_sensitive {
                b
            } else {
                b.to_ascii_lowercase()
            }
        };
        // Forward: jump to each needle byte in turn (either case) with memchr.
        let mut end = 0;
        for &c in n {
            let up = if case_sensitive {
                c
            } else {
                c.to_ascii_uppercase()
            };
            let rest = h.get(end..)?;
            let i = if up == c {
                memchr::memchr(c, rest)
            } else {
                memchr::memchr2(c, up, rest)
            }?;
            end += i + 1;
        }
        let mut ni = n.len();
        let mut start = end;
        while start > 0 && ni > 0 {
            start -= 1;
            if fold_b(h[start]) == n[ni - 1] {
                ni -= 1;
            }
        }
        return Some((start.saturating_sub(1), end));
    }
    // The needle's chars without an allocation when there are few (most queries).
    let mut stack = ['\0'; 32];
    let mut heap = Vec::new();
    let n: &[char] = if needle.len() <= stack.len() {
        let k = stack
            .iter_mut()
            .zip(needle.chars())
            .map(|(slot, c)| *slot = c)
            .count();
        &stack[..k]
    } else {
        heap.extend(needle.chars());
        &heap
    };
    if n.is_empty() {
        return Some((0, 0));
    }
    let mut ni = 0;
    let mut end = None;
    for (i, c) in hay.char_indices() {
        if fold(c) == n[ni] {
            ni += 1;
            if ni == n.len() {
                end = Some(i + c.len_utf8());
                break;
            }
        }
    }
    let end = end?;
    let mut ni = n.len();
    let mut start = end;
    for (i, c) in hay[..end].char_indices().rev() {
        if ni == 0 {
            break;
        }
        if fold(c) == n[ni - 1] {
            ni -= 1;
            start = i;
        }
    }
    let context = hay[..start].chars().next_back().map_or(0, char::len_utf8);
    Some((start - context, end))
}

/// Readable forms of a date value, so "nov 21 2021", "21 november" and "2021-11" all find it.
pub fn date_forms(value: &str) -> String {
    use chrono::{Datelike, NaiveDate};
    if let Ok(d) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return format!(
            "{} · {} {} · {} {}, {}",
            d.format("%a %-d %B %Y"),
            d.format("%b"),
            d.day(),
            d.format("%B"),
            d.day(),
            d.year()
        );
    }
    if let Ok(d) = NaiveDate::parse_from_str(&format!("{value}-01"), "%Y-%m-%d") {
        return d.format("%B %Y").to_string();
    }
    if let Some((y, w)) = value.split_once("-W") {
        return format!("week {} of {y}", w.trim_start_matches('0'));
    }
    if let Some((y, period)) = value.split_once('-') {
        let named = match period {
            "Q1" => "first quarter",
            "Q2" => "second quarter",
            "Q3" => "third quarter",
            "Q4" => "fourth quarter",
            "SP" => "spring",
            "SU" => "summer",
            "FA" => "autumn fall",
            "WI" => "winter",
            _ => "",
        };
        if !named.is_empty() {
            return format!("{named} {y} · {period} {y}");
        }
    }
    String::new()
}

impl Candidates {
    /// Lists the corpus's entities (with date forms), titles and text lines (long lines in
    /// pieces). Lines are listed on every core.
    pub fn build(corpus: &Arc<Corpus>) -> Candidates {
        Candidates::with_lines(corpus, name_items(corpus))
    }

    /// The text lines only (long lines in pieces), in document order: the palette ranks them
    /// as a second tier after the names.
    pub fn lines(corpus: &Arc<Corpus>) -> Candidates {
        Candidates::with_lines(corpus, Vec::new())
    }

    /// The text lines of document `doc` only (long lines in pieces), in order: the palette
    /// ranks the open document's lines fuzzily when the others come through the word index.
    pub fn lines_of(corpus: &Arc<Corpus>, doc: usize) -> Candidates {
        let mut items = Vec::new();
        if let Some(d) = corpus.documents.get(doc) {
            line_candidates(d, &mut |c| items.push(c));
        }
        Candidates {
            corpus: Arc::clone(corpus),
            items,
        }
    }

    /// `items` followed by every line candidate of the corpus, listed on every core.
    fn with_lines(corpus: &Arc<Corpus>, mut items: Vec<Candidate>) -> Candidates {
        let docs = &corpus.documents;
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        if threads < 2 || docs.len() < 64 {
            for d in docs {
                line_candidates(d, &mut |c| items.push(c));
            }
        } else {
            // Count first, then fill disjoint slices of one vector in place: no per-thread
            // vectors to concatenate, so the list never exists twice.
            let counts: Vec<usize> = docs.iter().map(|d| line_pieces(d, |_, _, _| {})).collect();
            let head = items.len();
            let placeholder = Candidate {
                target: Target::Document(0),
                own: None,
                key: None,
            };
            items.resize(head + counts.iter().sum::<usize>(), placeholder);
            // Contiguous shares of about equal bytes keep the documents' order.
            let total: usize = docs.iter().map(|d| d.text.len()).sum();
            let share = total / threads + 1;
            let mut cuts = vec![0];
            let mut acc = 0;
            for (i, d) in docs.iter().enumerate() {
                acc += d.text.len();
                if acc >= share * cuts.len() && cuts.len() < threads {
                    cuts.push(i + 1);
                }
            }
            cuts.push(docs.len());
            let mut rest = &mut items[head..];
            let mut jobs = Vec::new();
            for w in cuts.windows(2) {
                let n: usize = counts[w[0]..w[1]].iter().sum();
                let (slots, tail) = rest.split_at_mut(n);
                rest = tail;
                jobs.push((w[0]..w[1], slots));
            }
            std::thread::scope(|s| {
                for (part, slots) in jobs {
                    s.spawn(move || {
                        let mut it = slots.iter_mut();
                        for d in part.map(|i| &docs[i]) {
                            line_candidates(d, &mut |c| {
                                if let Some(slot) = it.next() {
                                    *slot = c;
                                }
                            });
                        }
                    });
                }
            });
        }
        Candidates {
            corpus: Arc::clone(corpus),
            items,
        }
    }

    /// The names only: entities (names, aliases, date forms) and titles, no text lines — what
    /// an index backend ranks fuzzily at any corpus size.
    pub fn names(corpus: &Arc<Corpus>) -> Candidates {
        Candidates {
            corpus: Arc::clone(corpus),
            items: name_items(corpus),
        }
    }

    /// These candidates and one per document path (`paths[d]` for document `d`, as
    /// [`Target::Document`]): a document found by its title or by its path is one result.
    pub fn with_paths<'a>(mut self, paths: impl IntoIterator<Item = &'a String>) -> Candidates {
        for (d, p) in paths.into_iter().enumerate() {
            self.items.push(path_candidate(d, p));
        }
        self
    }

    /// The corpus the candidates point into.
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// The text shown for a candidate (one line, sanitized).
    pub fn text<'a>(&'a self, c: &'a Candidate) -> &'a str {
        if let Some(t) = &c.own {
            return t;
        }
        match c.target {
            Target::Line {
                doc, start, end, ..
            } => self
                .corpus
                .documents
                .get(doc)
                .and_then(|d| d.text.get(start..end))
                .unwrap_or(""),
            _ => "",
        }
    }

    /// The string matched against: the folded key, else the text itself.
    pub fn key<'a>(&'a self, c: &'a Candidate) -> &'a str {
        c.key.as_deref().unwrap_or_else(|| self.text(c))
    }
}

/// What ranking needs of a list of candidates: for candidate `i`, its folded key, its shown
/// text and its target. [`Candidates`] (built from a corpus in memory) and the stored search
/// file ([`crate::cache::searchfile`], memory-mapped) both provide it.
pub trait Searchable: Sync {
    /// How many candidates.
    fn len(&self) -> usize;
    /// True when there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Candidate `i`: (key, text, target); `None` past the end (or, for a stored file, when its
    /// entry is damaged).
    fn entry(&self, i: usize) -> Option<(&str, &str, Target)>;
    /// The [`letters`] of the keys of candidates `range`, 8 bytes each (little-endian), when
    /// kept (a stored search keeps them): ranking skips a candidate lacking a letter the query
    /// needs without reading its text. Asked once per slice of candidates, not per candidate
    /// (a call per candidate was a fifth of a ranking's instructions).
    fn letters(&self, range: std::ops::Range<usize>) -> Option<&[u8]> {
        let _ = range;
        None
    }
    /// What a candidate pointing at `target` adds to its match score besides its kind's
    /// bonus: nothing, unless a wrapper such as [`Mentioned`] weighs entities by their use.
    fn weight(&self, target: &Target) -> i64 {
        let _ = target;
        0
    }
}

impl Searchable for Candidates {
    fn len(&self) -> usize {
        self.items.len()
    }

    fn entry(&self, i: usize) -> Option<(&str, &str, Target)> {
        let c = self.items.get(i)?;
        Some((self.key(c), self.text(c), c.target))
    }
}

/// The candidates for entities (names, aliases, date forms) and document titles.
fn name_items(corpus: &Corpus) -> Vec<Candidate> {
    let mut items = Vec::new();
    for_each_name(corpus, |c| items.push(c));
    items
}

/// Calls `f` with each candidate for entities (names, aliases, date forms) and document titles,
/// in [`Candidates::names`]' order; stored entities and documents are decoded a chunk at a
/// time and not kept (the palette's names file streamed by a cold build).
pub fn for_each_name(corpus: &Corpus, mut f: impl FnMut(Candidate)) {
    corpus.entities.for_each_passing(|i, e| {
        let target = Target::Entity(i);
        if e.kind == EntityKind::Date {
            let v = e.value.as_deref().unwrap_or(&e.name);
            let forms = date_forms(v);
            let mut text = v.to_string();
            if !forms.is_empty() {
                text.push_str(" · ");
                text.push_str(&forms);
            }
            for a in std::iter::once(&e.name).chain(&e.aliases) {
                if !text.to_lowercase().contains(&a.to_lowercase()) {
                    text.push_str(" · ");
                    text.push_str(a);
                }
            }
            f(Candidate::owned(
                target,
                crate::sanitize::clean_line(&text).into_owned(),
            ));
            return;
        }
        let mut seen = HashSet::new();
        for form in std::iter::once(&e.name).chain(&e.aliases) {
            let folded = fold(form).to_lowercase();
            if seen.insert(folded) {
                f(Candidate::owned(
                    target,
                    crate::sanitize::clean_line(form).into_owned(),
                ));
            }
        }
    });
    corpus.documents.for_each_passing(|_, d| {
        f(Candidate::owned(
            Target::Document(d.id),
            crate::sanitize::clean_line(&d.title).into_owned(),
        ));
    });
}

/// The candidate for document `d`'s shown path `path`, as [`Candidates::with_paths`] adds it.
pub fn path_candidate(d: DocId, path: &str) -> Candidate {
    Candidate::owned(
        Target::Document(d),
        crate::sanitize::clean_line(path).into_owned(),
    )
}

/// Calls `f(line number, start, end)` for every searchable piece of `d`'s body: each line,
/// trimmed, long lines cut at a space near [`MAX_PIECE`] bytes. Returns how many.
fn line_pieces(d: &Document, mut f: impl FnMut(usize, usize, usize)) -> usize {
    let mut n = 0;
    let mut offset = 0;
    for (line_no, line) in d.text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        if start + line.len() <= d.body_start {
            continue;
        }
        let from = start.max(d.body_start);
        let mut s = from;
        let end = start + line.trim_end().len();
        while s < end {
            let mut e = (s + MAX_PIECE).min(end);
            while !d.text.is_char_boundary(e) {
                e -= 1;
            }
            if e < end {
                // Break at a space so words stay whole.
                if let Some(sp) = d.text[s..e].rfind(' ').filter(|&sp| sp > MAX_PIECE / 2) {
                    e = s + sp + 1;
                }
            }
            let piece = &d.text[s..e];
            let trimmed = piece.trim();
            if !trimmed.is_empty() {
                let ps = s + (piece.len() - piece.trim_start().len());
                f(line_no, ps, ps + trimmed.len());
                n += 1;
            }
            s = e;
        }
    }
    n
}

/// How many line candidates [`Candidates::lines`] would list, counting no further than just
/// past `stop_above` (so a large corpus is not walked whole to learn that it is large).
pub fn count_lines(corpus: &Corpus, stop_above: usize) -> usize {
    let mut n = 0;
    for d in corpus.documents.iter() {
        n += line_pieces(d, |_, _, _| {});
        if n > stop_above {
            break;
        }
    }
    n
}

/// How many line candidates [`Candidates::lines`] would list for `d`.
pub fn doc_lines(d: &Document) -> usize {
    line_pieces(d, |_, _, _| {})
}

/// The line candidates' pieces (line number, start, end: as [`Target::Line`]) of the lines of
/// `d` listed in `lines` (ascending), in order. One pass over the document.
pub fn pieces_of(d: &Document, lines: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut want = lines.iter().copied().peekable();
    line_pieces(d, |line, start, end| {
        while want.peek().is_some_and(|&w| w < line) {
            want.next();
        }
        if want.peek() == Some(&line) {
            out.push((line, start, end));
        }
    });
    out
}

/// The line candidates of one document, in order.
fn line_candidates(d: &Document, out: &mut impl FnMut(Candidate)) {
    line_pieces(d, |line, start, end| {
        let target = Target::Line {
            doc: d.id,
            line,
            start,
            end,
        };
        let piece = d.text.get(start..end).unwrap_or("");
        out(match crate::sanitize::clean_line(piece) {
            std::borrow::Cow::Borrowed(t) => Candidate {
                target,
                own: None,
                key: fold_if_needed(t).map(String::into_boxed_str),
            },
            std::borrow::Cow::Owned(t) => Candidate::owned(target, t),
        });
    });
}

fn bonus(t: &Target) -> i64 {
    match t {
        Target::Entity(_) => ENTITY_BONUS,
        Target::Document(_) => TITLE_BONUS,
        Target::Line { .. } => 0,
    }
}

/// Heap entry ordered so the *worst* hit is on top: lower score, then longer text, then later.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Ranked(i64, Reverse<usize>, Reverse<usize>);

mod letters;
mod rank;
pub use letters::letters;
pub use rank::{
    mentions_bonus, narrows, rank, rank_marked, rank_progressive, rank_whole, rank_within,
    Distinct, Mentioned, Ranking, FIRST_ROUND, MENTIONS_BONUS_MAX,
};

/// A ranked result: `candidate` indexes `Candidates::items`; `positions` are char indices into
/// the candidate's `text` to highlight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub candidate: usize,
    pub score: i64,
    pub positions: Vec<usize>,
}

#[cfg(test)]
mod tests;
