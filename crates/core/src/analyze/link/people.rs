//! People: full names (accents and case folded) are one person; a short form (a surname)
//! joins the full name in its own document that contains it, else the corpus's unique full
//! name ending with it; after a title it may prefer the corpus's dominant full name
//! ([`prefer_dominant`]).

use super::*;

pub(super) fn group_people<'a>(
    mentions: &[NameMention],
    forms: &Forms<'a>,
    strings: &[&'a str],
) -> Vec<Entity> {
    // Words of each distinct key, computed once: mentions repeat far fewer keys.
    let mut key_of: Vec<usize> = vec![usize::MAX; forms.len()];
    let mut key_words: Vec<Vec<&str>> = Vec::new();
    // The person mentions by their numbers in `mentions`, and their keys' numbers: 8 bytes a
    // mention (each mention's words and full name are looked up by its key).
    let mut ms: Vec<u32> = Vec::new();
    let mut mkey: Vec<u32> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.kind != EntityKind::Person {
            continue;
        }
        let Some(slot) = key_of.get_mut(m.form as usize) else {
            continue;
        };
        if *slot == usize::MAX {
            key_words.push(m.words(forms).collect());
            *slot = key_words.len() - 1;
        }
        let k = *slot;
        if key_words[k].is_empty() {
            continue;
        }
        ms.push(i as u32);
        mkey.push(k as u32);
    }
    let m_at = |i: usize| mentions[ms[i] as usize].at;
    let mwords = |i: usize| &key_words[mkey[i] as usize];
    // Full names first: one id per distinct word sequence.
    let mut ids: FxMap<&[&str], usize> = FxMap::default();
    let mut keys: Vec<&[&str]> = Vec::new();
    let full_of_key: Vec<Option<usize>> = key_words
        .iter()
        .map(|w| {
            (w.len() >= 2).then(|| {
                let n = ids.len();
                *ids.entry(w.as_slice()).or_insert_with(|| {
                    keys.push(w.as_slice());
                    n
                })
            })
        })
        .collect();
    let of = |i: usize| full_of_key[mkey[i] as usize];
    let n_full = ids.len();
    let mut full_count = vec![0usize; n_full];
    for i in 0..ms.len() {
        if let Some(c) = of(i) {
            full_count[c] += 1;
        }
    }
    let mut dsu = Dsu((0..n_full).collect());
    // "Ana Ruiz" joins the unique "Ana Ruiz Soto". A longer name that can hold "Ana Ruiz" has
    // its first word and, after it, its last word: indexed by those pairs, each name is tested
    // against those few, not against every name with its first word.
    let mut by_first_and: FxMap<(&str, &str), Vec<usize>> = FxMap::default();
    for (id, k) in keys.iter().enumerate() {
        for w in &k[1..] {
            let list = by_first_and.entry((k[0], w)).or_default();
            // A word twice in one name ("Ana Li Li") lists the name once.
            if list.last() != Some(&id) {
                list.push(id);
            }
        }
    }
    for (id, k) in keys.iter().enumerate() {
        let Some(group) = k.last().and_then(|l| by_first_and.get(&(k[0], *l))) else {
            continue;
        };
        let mut longer = group
            .iter()
            .copied()
            .filter(|&l| keys[l].len() > k.len() && is_subsequence(&k[1..], &keys[l][1..]));
        if let (Some(l), None) = (longer.next(), longer.next()) {
            dsu.union(id, l);
        }
    }
    // Corpus-wide indexes for short forms: full names ending with a word, and with it inside.
    let mut last_word: FxMap<&str, FxSet<usize>> = FxMap::default();
    let mut inner_word: FxMap<&str, FxSet<usize>> = FxMap::default();
    for (id, k) in keys.iter().enumerate() {
        if let Some(l) = k.last() {
            last_word.entry(l).or_default().insert(id);
        }
        for w in &k[1..] {
            inner_word.entry(w).or_default().insert(id);
        }
    }
    // The nearest full name before `start`, else the nearest after, among the full names of
    // `near` (sorted) with `word` last (`inner` false) or inside (`inner` true).
    type Near<'w> = (&'w str, bool, u32, usize); // (word, inner, start, cluster)
    let nearest = |near: &[Near<'_>], word: &str, inner: bool, start: u32| -> Option<usize> {
        let lo = near.partition_point(|x| (x.0, x.1) < (word, inner));
        let hi = lo + near[lo..].partition_point(|x| (x.0, x.1) == (word, inner));
        let list = &near[lo..hi];
        let i = list.partition_point(|x| x.2 <= start);
        i.checked_sub(1)
            .and_then(|p| list.get(p))
            .or_else(|| list.get(i))
            .map(|x| x.3)
    };
    // The one cluster a word points to corpus-wide, memoized: no unions happen in this loop.
    let mut unique_memo: FxMap<&str, Option<(usize, usize)>> = FxMap::default();
    // (Its root and its full names' mentions.)
    let mut corpus_name = |w: &'a str, dsu: &mut Dsu| -> Option<(usize, usize)> {
        *unique_memo.entry(w).or_insert_with(|| {
            // The one full name with this word, or the dominant one by a clear margin (three
            // times the mentions of the next).
            let unique = |set: Option<&FxSet<usize>>, dsu: &mut Dsu| -> Option<(usize, usize)> {
                let set = set?;
                let mut roots: FxMap<usize, usize> = FxMap::default();
                for &c in set {
                    *roots.entry(dsu.find(c)).or_default() += full_count[c];
                }
                let mut by: Vec<(usize, usize)> = roots.into_iter().map(|(r, n)| (n, r)).collect();
                by.sort_unstable_by(|x, y| y.cmp(x));
                match by.as_slice() {
                    [(n, r)] => Some((*r, *n)),
                    [(n1, r), (n2, _), ..] if *n1 >= 3 * (*n2).max(1) => Some((*r, *n1)),
                    _ => None,
                }
            };
            unique(last_word.get(w), dsu).or_else(|| unique(inner_word.get(w), dsu))
        })
    };
    let mut short_ids: FxMap<&str, usize> = FxMap::default();
    let mut next_id = n_full;
    // Each mention's cluster: its full name's, else the one its short form joins.
    let mut cluster: Vec<u32> = vec![u32::MAX; ms.len()];
    // One document at a time (in the order the documents first come, mentions in their order):
    // its full names' words, sorted, then its short forms. Settled mentions come a document
    // at a time, so the order is theirs (sorted only if they do not).
    let by_doc = ms
        .windows(2)
        .all(|w| mentions[w[0] as usize].doc() <= mentions[w[1] as usize].doc());
    let mut rank: FxMap<DocId, u32> = FxMap::default();
    let mut order: Vec<(u32, u32)> = Vec::new();
    if !by_doc {
        order = (0..ms.len())
            .map(|i| {
                let n = rank.len() as u32;
                (*rank.entry(m_at(i).doc()).or_insert(n), i as u32)
            })
            .collect();
        order.sort_unstable();
    }
    drop(rank);
    let order_at = |j: usize| -> (u32, u32) {
        match order.get(j) {
            Some(&o) => o,
            None => (m_at(j).doc, j as u32),
        }
    };
    let mut near: Vec<Near<'_>> = Vec::new();
    let mut run = 0;
    while run < ms.len() {
        let doc = order_at(run).0;
        let mut end = run + 1;
        while end < ms.len() && order_at(end).0 == doc {
            end += 1;
        }
        let here = (run..end).map(|j| order_at(j).1 as usize);
        run = end;
        near.clear();
        for i in here.clone() {
            if let Some(c) = of(i) {
                let words = mwords(i);
                for (j, w) in words.iter().enumerate().skip(1) {
                    near.push((w, j + 1 != words.len(), m_at(i).start, c));
                }
            }
        }
        near.sort_unstable();
        for i in here {
            if of(i).is_some() {
                continue;
            }
            let Some(&w) = mwords(i).first() else {
                continue;
            };
            let start = m_at(i).start;
            // Same document: a full name containing the word (not as the given name),
            // preferring one that ends with it, then the nearest before the mention.
            let in_doc = nearest(&near, w, false, start).or_else(|| nearest(&near, w, true, start));
            // A surname after a title ("Mr X", "Vice President X") whose document names in full
            // only someone with another first name whom the corpus seldom names ("Hunter X",
            // a relative in passing) is the corpus's dominant full name ("Joe X").
            let in_doc = match in_doc {
                Some(c) if mentions[ms[i] as usize].titled => match corpus_name(w, &mut dsu) {
                    Some((d, n)) if prefer_dominant(c, d, n, &keys, &full_count, &mut dsu) => {
                        Some(d)
                    }
                    _ => Some(c),
                },
                other => other,
            };
            let chosen = in_doc.or_else(|| corpus_name(w, &mut dsu).map(|(c, _)| c));
            cluster[i] = match chosen {
                Some(c) => c,
                None => *short_ids.entry(w).or_insert_with(|| {
                    next_id += 1;
                    next_id - 1
                }),
            } as u32;
        }
    }
    drop(order);
    for (i, slot) in cluster.iter_mut().enumerate() {
        let c = match of(i) {
            Some(c) => dsu.find(c),
            None => {
                let c = *slot as usize;
                if c < n_full {
                    dsu.find(c)
                } else {
                    c
                }
            }
        };
        *slot = c as u32;
    }
    drop(mkey);
    let members = super::groups::Members::gather(&ms, &cluster, next_id);
    drop((ms, cluster));
    build(EntityKind::Person, mentions, members, strings)
}

/// Does a titled surname go to `dominant` (the corpus's full name for it, a cluster's root)
/// rather than to `in_doc` (its document's)? When they are two people with different first
/// names and the dominant has three times the document's mentions in full (the clear margin
/// a bare surname needs corpus-wide).
fn prefer_dominant(
    in_doc: usize,
    dominant: usize,
    mentions: usize,
    keys: &[&[&str]],
    full_count: &[usize],
    dsu: &mut Dsu,
) -> bool {
    let first = |c: usize| keys.get(c).and_then(|k| k.first());
    dsu.find(in_doc) != dsu.find(dominant)
        && first(in_doc) != first(dominant)
        && 3 * full_count.get(in_doc).copied().unwrap_or(0) <= mentions
}

/// Are the words of `a` found in `b` in order?
fn is_subsequence(a: &[&str], b: &[&str]) -> bool {
    let mut it = b.iter();
    a.iter().all(|w| it.any(|x| x == w))
}
