//! Ranking: scoring every candidate on every core, keeping the best, deduplicating and
//! computing highlight positions for what is returned.
use super::{bonus, matcher, Hit, Query, Ranked, Searchable, Target};
use std::cmp::Reverse;
use std::sync::atomic::{AtomicBool, Ordering};

/// Ranks `candidates` against `query`, best first, at most `limit`, one hit per entity.
/// Returns `None` when `cancel` was set before it finished. An empty query returns nothing.
/// One pass over every candidate on every core (no partial results): with a `limit` above the
/// number of matches this is every match, as `fzf --filter` prints them.
pub fn rank<S: Searchable + ?Sized>(
    query: &Query,
    candidates: &S,
    limit: usize,
    cancel: &AtomicBool,
) -> Option<Vec<Hit>> {
    rank_marked(query, candidates, limit, cancel, true)
}

/// [`rank`], with highlight positions only when `positions` (a plain listing does not show
/// them: computing them was a tenth of a search printing every match).
pub fn rank_marked<S: Searchable + ?Sized>(
    query: &Query,
    candidates: &S,
    limit: usize,
    cancel: &AtomicBool,
    positions: bool,
) -> Option<Vec<Hit>> {
    if query.is_empty() || limit == 0 {
        return Some(Vec::new());
    }
    let order = Order::All(candidates.len());
    let want = pool_size(limit);
    let (mut pool, _) = score_indices(query, candidates, order, want, cancel, false)?;
    sort_pool(&mut pool);
    let mut hits = finish_unmarked(candidates, &pool, limit);
    if positions {
        mark(query, candidates, &mut hits);
    }
    Some(hits)
}

/// Entities can appear under several forms and lines repeat: keep extra so dedup still fills
/// `limit`.
fn pool_size(limit: usize) -> usize {
    limit.saturating_mul(2).saturating_add(32)
}

/// Best first.
fn sort_pool(pool: &mut [Ranked]) {
    pool.sort_unstable_by(|a, b| b.cmp(a));
}

/// How many candidates the first round of [`rank_progressive`] scores: small enough for first
/// results in a few milliseconds at any corpus size. Later rounds double.
pub const FIRST_ROUND: usize = 16_384;

/// [`rank`], in rounds over growing slices of the candidates (entities and titles come first),
/// calling `partial` with the best hits so far after every round but the last. A UI shows
/// those at once and refines them as the rest is scored.
pub fn rank_progressive<S: Searchable + ?Sized>(
    query: &Query,
    candidates: &S,
    limit: usize,
    cancel: &AtomicBool,
    partial: impl FnMut(Vec<Hit>),
) -> Option<Vec<Hit>> {
    rank_within(query, candidates, limit, cancel, None, partial).map(|r| r.hits)
}

/// What [`rank_within`] found: the best hits, and every candidate that matched (in candidate
/// order), so a longer query can search only those.
#[derive(Default)]
pub struct Ranking {
    pub hits: Vec<Hit>,
    pub matched: Vec<u32>,
}

/// Can every match of `new` be found among the matches of `old`? True when `new` only adds to
/// `old`: more characters at the end of the last term or more terms (a fuzzy, exact or prefix
/// term only gets stricter as it grows; a capital makes a term case-sensitive, which is
/// stricter too). Negations and suffix anchors can widen as they grow, so they never narrow.
pub fn narrows(old: &str, new: &str) -> bool {
    !old.trim().is_empty()
        && new.starts_with(old)
        && !old.contains('!')
        && !old.contains('$')
        && !new[old.len()..].contains('!')
        && !new[old.len()..].contains('$')
}

/// Which candidates to score: all of `0..n`, or the listed indices (ascending).
#[derive(Clone, Copy)]
enum Order<'a> {
    All(usize),
    Some(&'a [u32]),
}

impl<'a> Order<'a> {
    /// The candidates `within` names, else all `n`.
    fn new(within: Option<&'a [u32]>, n: usize) -> Order<'a> {
        within.map_or(Order::All(n), Order::Some)
    }

    fn len(&self) -> usize {
        match self {
            Order::All(n) => *n,
            Order::Some(v) => v.len(),
        }
    }

    fn get(&self, j: usize) -> u32 {
        match self {
            Order::All(_) => u32::try_from(j).unwrap_or(u32::MAX),
            Order::Some(v) => v.get(j).copied().unwrap_or(u32::MAX),
        }
    }

    /// The first `to` positions.
    fn upto(&self, to: usize) -> Order<'_> {
        match self {
            Order::All(n) => Order::All(to.min(*n)),
            Order::Some(v) => Order::Some(v.get(..to).unwrap_or(v)),
        }
    }
}

/// [`rank_progressive`] over `within` (candidate indices, ascending) when given, else over all
/// candidates; also returns every candidate that matched.
pub fn rank_within<S: Searchable + ?Sized>(
    query: &Query,
    candidates: &S,
    limit: usize,
    cancel: &AtomicBool,
    within: Option<&[u32]>,
    mut partial: impl FnMut(Vec<Hit>),
) -> Option<Ranking> {
    if query.is_empty() || limit == 0 {
        return Some(Ranking::default());
    }
    let order = Order::new(within, candidates.len());
    let want = pool_size(limit);
    let mut pool: Vec<Ranked> = Vec::new();
    let mut matched: Vec<u32> = Vec::new();
    let mut from = 0;
    let mut round = FIRST_ROUND;
    while from < order.len() {
        let to = (from + round).min(order.len());
        let (best, hit) = score_range(query, candidates, order.upto(to), from, want, cancel, true)?;
        pool.extend(best);
        matched.extend(hit);
        sort_pool(&mut pool);
        pool.truncate(want);
        from = to;
        round = round.saturating_mul(2);
        if from < order.len() {
            partial(finish(query, candidates, &pool, limit));
        }
    }
    Some(Ranking {
        hits: finish(query, candidates, &pool, limit),
        matched,
    })
}

/// [`rank_within`] in one pass, without partial results: for a list small enough to rank whole
/// at once (the palette's names), where rounds would only add work.
pub fn rank_whole<S: Searchable + ?Sized>(
    query: &Query,
    candidates: &S,
    limit: usize,
    cancel: &AtomicBool,
    within: Option<&[u32]>,
) -> Option<Ranking> {
    if query.is_empty() || limit == 0 {
        return Some(Ranking::default());
    }
    let order = Order::new(within, candidates.len());
    let (mut pool, matched) =
        score_indices(query, candidates, order, pool_size(limit), cancel, true)?;
    sort_pool(&mut pool);
    Some(Ranking {
        hits: finish(query, candidates, &pool, limit),
        matched,
    })
}

/// Scores every candidate of `order`: see [`score_range`].
fn score_indices<S: Searchable + ?Sized>(
    query: &Query,
    candidates: &S,
    order: Order<'_>,
    want: usize,
    cancel: &AtomicBool,
    keep_matched: bool,
) -> Option<(Vec<Ranked>, Vec<u32>)> {
    score_range(query, candidates, order, 0, want, cancel, keep_matched)
}

/// Scores the candidates at positions `skip..` of `order` on every core: the best `want` of
/// them (unordered) and, when asked, every index that matched (in order).
fn score_range<S: Searchable + ?Sized>(
    query: &Query,
    candidates: &S,
    order: Order<'_>,
    skip: usize,
    want: usize,
    cancel: &AtomicBool,
    keep_matched: bool,
) -> Option<(Vec<Ranked>, Vec<u32>)> {
    let n = order.len().saturating_sub(skip);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    // Small chunks, taken in turn by the threads: lines differ in cost, so equal halves would
    // leave one core idle at the end.
    let chunk = 8192;
    let want = want.min(n);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let need = query.needs();
    let run = || -> Option<Vec<Scored>> {
        let m = matcher();
        let mut out = Vec::new();
        loop {
            let c0 = next.fetch_add(1, Ordering::Relaxed);
            let from = skip + c0.saturating_mul(chunk);
            if from >= order.len() {
                return Some(out);
            }
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let to = (from + chunk).min(order.len());
            let mut best: Vec<Ranked> = Vec::new();
            let mut hit = Vec::new();
            // The letters first: most candidates lack one, and their text is not read.
            let (lo, hi) = (order.get(from) as usize, order.get(to - 1) as usize);
            let letters = (need != 0 && lo <= hi)
                .then(|| candidates.letters(lo..hi + 1))
                .flatten();
            for j in from..to {
                let i = order.get(j);
                let have = letters.and_then(|l| {
                    let at = (i as usize).checked_sub(lo)?.checked_mul(8)?;
                    Some(u64::from_le_bytes(l.get(at..at + 8)?.try_into().ok()?))
                });
                if have.is_some_and(|have| !Query::may_match(need, have)) {
                    continue;
                }
                let Some((key, text, target)) = candidates.entry(i as usize) else {
                    continue;
                };
                if let Some((score, _)) = query.match_key(&m, key, false) {
                    if keep_matched {
                        hit.push(i);
                    }
                    best.push(Ranked(
                        score + bonus(&target) + candidates.weight(&target),
                        Reverse(text.len()),
                        Reverse(i as usize),
                    ));
                }
            }
            keep_best(&mut best, want);
            out.push((c0, best, hit));
        }
    };
    let mut parts: Vec<Scored> = if threads < 2 || n <= chunk {
        run()?
    } else {
        let results: Vec<Option<_>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|_| s.spawn(run)).collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        let mut all = Vec::new();
        for r in results {
            all.extend(r?);
        }
        all
    };
    parts.sort_unstable_by_key(|p| p.0);
    let (mut best, mut hit) = (Vec::new(), Vec::new());
    for (_, b, h) in parts {
        best.extend(b);
        keep_best(&mut best, want);
        hit.extend(h);
    }
    Some((best, hit))
}

/// One chunk's result: its number, its best matches, the indices that matched.
type Scored = (usize, Vec<Ranked>, Vec<u32>);

/// Keeps the best `want` of `v` (unordered) once it holds twice that: linear, not a heap.
fn keep_best(v: &mut Vec<Ranked>, want: usize) {
    if v.len() > want.saturating_mul(2).max(64) {
        let k = want.min(v.len());
        if k > 0 {
            v.select_nth_unstable_by(k - 1, |a, b| b.cmp(a));
        }
        v.truncate(k);
    }
}

/// The dedup sets hash fast (SipHash was a twentieth of a full-corpus search).
type FastSet<T> = crate::fxhash::FxSet<T>;

/// The best `limit` of a sorted pool as hits: one per entity, one per repeated line, with
/// match positions (computed on every core when there are many).
fn finish<S: Searchable + ?Sized>(
    query: &Query,
    candidates: &S,
    pool: &[Ranked],
    limit: usize,
) -> Vec<Hit> {
    let mut hits = finish_unmarked(candidates, pool, limit);
    mark(query, candidates, &mut hits);
    hits
}

/// What makes matches one result: an entity however many of its names matched, a line however
/// often its text repeats (boilerplate such as captions and footers would fill the list with
/// one line), a document by its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Distinct<'a> {
    Entity(usize),
    Document(usize),
    Line(&'a str),
}

impl<'a> Distinct<'a> {
    /// The result a candidate with `text` and `target` is.
    pub fn of(text: &'a str, target: Target) -> Distinct<'a> {
        match target {
            Target::Entity(e) => Distinct::Entity(e),
            Target::Document(d) => Distinct::Document(d),
            Target::Line { .. } => Distinct::Line(text),
        }
    }
}

/// [`finish`] without the positions.
fn finish_unmarked<S: Searchable + ?Sized>(
    candidates: &S,
    pool: &[Ranked],
    limit: usize,
) -> Vec<Hit> {
    let room = limit.min(pool.len());
    let mut seen: FastSet<Distinct> = FastSet::with_capacity_and_hasher(room, Default::default());
    let mut hits = Vec::with_capacity(limit.min(pool.len()));
    for &Ranked(score, _, Reverse(idx)) in pool {
        let Some((_, text, target)) = candidates.entry(idx) else {
            continue;
        };
        if !seen.insert(Distinct::of(text, target)) {
            continue;
        }
        hits.push(Hit {
            candidate: idx,
            score,
            positions: Vec::new(),
        });
        if hits.len() == limit {
            break;
        }
    }
    hits
}

/// Fills in the hits' highlight positions, on every core when there are many.
fn mark<S: Searchable + ?Sized>(query: &Query, candidates: &S, hits: &mut [Hit]) {
    let fill = |part: &mut [Hit]| {
        let m = matcher();
        for h in part {
            if let Some((key, _, _)) = candidates.entry(h.candidate) {
                h.positions = query
                    .match_key(&m, key, true)
                    .map(|(_, p)| p)
                    .unwrap_or_default();
            }
        }
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads < 2 || hits.len() < 4096 {
        fill(hits);
    } else {
        let per = hits.len().div_ceil(threads);
        std::thread::scope(|s| {
            for part in hits.chunks_mut(per) {
                s.spawn(move || fill(part));
            }
        });
    }
}

/// The most an entity's mention count adds to its score ([`Mentioned`]): half a matched char,
/// so it orders near-equal matches and never lifts a worse match over a better.
pub const MENTIONS_BONUS_MAX: i64 = 8;

/// What `mentions` add to an entity's score: one point per doubling, at most
/// [`MENTIONS_BONUS_MAX`] (256 mentions and more).
pub fn mentions_bonus(mentions: usize) -> i64 {
    i64::from(mentions.max(1).ilog2()).min(MENTIONS_BONUS_MAX)
}

/// `candidates` whose entities score [`mentions_bonus`] of their mention count
/// (`mentions(entity index)`) more: of near-equal matches the most-mentioned entity leads
/// ("opec" finds the organization said 200 times before a conference said once). Weighed
/// while scoring, so an entity just past the limit on its match alone still gets in.
pub struct Mentioned<'a, S: ?Sized, F> {
    pub candidates: &'a S,
    pub mentions: F,
}

impl<S, F> Searchable for Mentioned<'_, S, F>
where
    S: Searchable + ?Sized,
    F: Fn(usize) -> usize + Sync,
{
    fn len(&self) -> usize {
        self.candidates.len()
    }

    fn entry(&self, i: usize) -> Option<(&str, &str, Target)> {
        self.candidates.entry(i)
    }

    fn letters(&self, range: std::ops::Range<usize>) -> Option<&[u8]> {
        self.candidates.letters(range)
    }

    fn weight(&self, target: &Target) -> i64 {
        let own = self.candidates.weight(target);
        match target {
            Target::Entity(e) => own + mentions_bonus((self.mentions)(*e)),
            _ => own,
        }
    }
}
