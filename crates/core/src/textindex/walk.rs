//! A query over one segment, walked: each term's lines come as a stream, the k-way merge of
//! its words' posting lists (a prefix matches many words), and the lines every term holds are
//! found by moving the streams forward together (each to the line the others have reached),
//! so no term's lines are gathered, sorted or kept: a line is listed, or only counted, as it
//! is found ([`super::Segment::count`]: how many lines a palette's full count needs, none kept).

use super::segment::{Segment, TermPostings};
use super::{phrase_lines, IndexError, TextQuery, TextTerm};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A term's distinct lines (as [`super::line_key`]s), in order.
enum Lines<'a> {
    /// One word's postings.
    One(TermPostings<'a>, Option<u64>),
    /// Several words' (a prefix): merged through a heap of each list's next line.
    Merged {
        lists: Vec<TermPostings<'a>>,
        heads: BinaryHeap<Reverse<(u64, usize)>>,
        last: Option<u64>,
    },
    /// A phrase's lines, found whole.
    Listed(std::vec::IntoIter<u64>),
}

/// A [`Lines`] with its current line: [`Stream::seek`] moves it to the first line at or past
/// a given one.
struct Stream<'a> {
    lines: Lines<'a>,
    head: Option<u64>,
    started: bool,
    /// How many postings (or lines) it holds: the fewest leads the walk.
    size: usize,
}

impl<'a> Stream<'a> {
    fn words(seg: &'a Segment, word: &str, prefix: bool) -> Result<Stream<'a>, IndexError> {
        let (mut lists, size) = seg.term_postings(word, prefix)?;
        let lines = if lists.len() == 1 {
            Lines::One(lists.remove(0), None)
        } else {
            let mut heads = BinaryHeap::with_capacity(lists.len());
            for (i, l) in lists.iter_mut().enumerate() {
                if let Some(k) = l.next_line(None) {
                    heads.push(Reverse((k, i)));
                }
            }
            Lines::Merged {
                lists,
                heads,
                last: None,
            }
        };
        Ok(Stream {
            lines,
            head: None,
            started: false,
            size,
        })
    }

    fn listed(v: Vec<u64>) -> Stream<'a> {
        Stream {
            size: v.len(),
            lines: Lines::Listed(v.into_iter()),
            head: None,
            started: false,
        }
    }

    /// The next distinct line.
    fn advance(&mut self) -> Option<u64> {
        match &mut self.lines {
            Lines::One(p, last) => {
                let k = p.next_line(*last)?;
                *last = Some(k);
                Some(k)
            }
            Lines::Merged { lists, heads, last } => loop {
                let Reverse((k, i)) = heads.pop()?;
                if let Some(next) = lists.get_mut(i).and_then(|l| l.next_line(Some(k))) {
                    heads.push(Reverse((next, i)));
                }
                if last.is_none_or(|l| k > l) {
                    *last = Some(k);
                    return Some(k);
                }
            },
            Lines::Listed(it) => it.next(),
        }
    }

    /// The first line at or past `at` (`None`: no more lines).
    fn seek(&mut self, at: u64) -> Option<u64> {
        if !self.started {
            self.started = true;
            self.head = self.advance();
        }
        while self.head.is_some_and(|h| h < at) {
            self.head = self.advance();
        }
        self.head
    }

    fn damaged(&self) -> bool {
        match &self.lines {
            Lines::One(p, _) => p.damaged,
            Lines::Merged { lists, .. } => lists.iter().any(|l| l.damaged),
            Lines::Listed(_) => false,
        }
    }
}

/// Calls `emit` with each line of `seg` that holds every term of `query` (and no `!not`
/// word), in order: what [`super::Segment::query`] lists and [`super::Segment::count`] counts.
pub(super) fn walk(
    query: &TextQuery,
    seg: &Segment,
    mut emit: impl FnMut(u64),
) -> Result<(), IndexError> {
    let mut all: Vec<Stream> = Vec::new();
    let mut nots: Vec<Stream> = Vec::new();
    for t in &query.terms {
        match t {
            TextTerm::Prefix(w) => all.push(Stream::words(seg, w, true)?),
            TextTerm::Word(w) => all.push(Stream::words(seg, w, false)?),
            TextTerm::Not(w) => nots.push(Stream::words(seg, w, false)?),
            TextTerm::Phrase(ws) => all.push(Stream::listed(phrase_lines(ws, seg)?)),
        }
    }
    // The fewest lines lead: the others are moved to each of its lines.
    let Some(lead) = (0..all.len()).min_by_key(|&i| all[i].size) else {
        return Ok(());
    };
    let mut lead_stream = all.swap_remove(lead);
    let mut x = lead_stream.seek(0);
    'lines: while let Some(at) = x {
        for s in &mut all {
            match s.seek(at) {
                None => break 'lines,
                Some(y) if y > at => {
                    x = lead_stream.seek(y);
                    continue 'lines;
                }
                Some(_) => {}
            }
        }
        if !nots.iter_mut().any(|n| n.seek(at) == Some(at)) {
            emit(at);
        }
        x = at.checked_add(1).and_then(|next| lead_stream.seek(next));
    }
    let damaged = std::iter::once(&lead_stream)
        .chain(&all)
        .chain(&nots)
        .any(Stream::damaged);
    if damaged {
        return Err(seg.damage());
    }
    Ok(())
}
