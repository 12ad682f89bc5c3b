//! People: full names (accents and case folded) are one person; a short form (a surname)
//! joins the full name in its own document that contains it, else the corpus's unique full
//! name ending with it; after a title it may prefer the corpus's dominant full name
//! ([`prefer_dominant`]).

use super::*;

/// (word's number, inner, start, full name's cluster): a full name's word after its first,
/// in a document. Words by number ([`People::word_id`]), not by string: each document's list
/// is sorted and searched, and comparing strings was most of that work.
type Near = (u32, bool, u32, usize);

/// People, gathered over the settled mentions ([`People::add`]: each distinct form's words and
/// uses), their full names joined once all are known ([`People::close`]), then each
/// document's mentions given their clusters ([`People::doc`]). Held per distinct name and
/// per document, not per mention.
pub(super) struct People<'a> {
    /// Per form: its number among the person keys, or [`NONE`].
    key_of: Vec<u32>,
    /// Per key: its words, and its person mentions.
    key_words: Vec<Vec<&'a str>>,
    /// Per key: its words' numbers (`ids[ids_at[k]..]` up to the next key's), one number per
    /// distinct word ([`People::word_id`]).
    ids: Vec<u32>,
    ids_at: Vec<u32>,
    word_id: FxMap<&'a str, u32>,
    /// Per word number: is it the last word of a full name?
    is_last: Vec<bool>,
    key_count: Vec<usize>,
    /// Per key: its full name's number (two words or more), or [`NONE`].
    full_of_key: Vec<u32>,
    /// Per full name: its first key (for its words), and its mentions.
    full_key: Vec<u32>,
    full_count: Vec<usize>,
    dsu: Dsu,
    /// Corpus-wide indexes for short forms: full names ending with a word, and with it inside.
    last_word: FxMap<&'a str, FxSet<usize>>,
    inner_word: FxMap<&'a str, FxSet<usize>>,
    /// The one cluster a word points to corpus-wide (its root and its full names' mentions),
    /// memoized: no unions happen once closed.
    memo: FxMap<&'a str, Option<(usize, usize)>>,
    short_ids: FxMap<&'a str, usize>,
    next_id: usize,
    near: Vec<Near>,
    /// The document's full names' first words' numbers (see [`People::doc`]).
    firsts: Vec<(u32, usize)>,
    /// The document's person mentions: (its index in the document's list, its key).
    here: Vec<(u32, u32)>,
}

impl<'a> People<'a> {
    pub(super) fn new(forms: &Forms<'a>) -> People<'a> {
        People {
            key_of: vec![NONE; forms.len()],
            key_words: Vec::new(),
            ids: Vec::new(),
            ids_at: Vec::new(),
            word_id: FxMap::default(),
            is_last: Vec::new(),
            key_count: Vec::new(),
            full_of_key: Vec::new(),
            full_key: Vec::new(),
            full_count: Vec::new(),
            dsu: Dsu(Vec::new()),
            last_word: FxMap::default(),
            inner_word: FxMap::default(),
            memo: FxMap::default(),
            short_ids: FxMap::default(),
            next_id: 0,
            near: Vec::new(),
            firsts: Vec::new(),
            here: Vec::new(),
        }
    }

    /// Mention `m`'s key (numbered now if new), if it is a person with words.
    fn key(&mut self, m: &NameMention, forms: &Forms<'a>) -> Option<u32> {
        if m.kind != EntityKind::Person {
            return None;
        }
        let slot = self.key_of.get_mut(m.form as usize)?;
        if *slot == NONE {
            let words: Vec<&'a str> = m.words(forms).collect();
            self.ids_at.push(self.ids.len() as u32);
            for w in &words {
                let n = self.word_id.len() as u32;
                self.ids.push(*self.word_id.entry(w).or_insert(n));
            }
            self.key_words.push(words);
            self.key_count.push(0);
            *slot = self.key_words.len() as u32 - 1;
        }
        let k = *slot;
        (!self.key_words[k as usize].is_empty()).then_some(k)
    }

    /// Takes a settled mention (if it is a person).
    pub(super) fn add(&mut self, m: &NameMention, forms: &Forms<'a>) {
        if let Some(k) = self.key(m, forms) {
            self.key_count[k as usize] += 1;
        }
    }

    /// Joins the full names: "Ana Ruiz" with the unique "Ana Ruiz Soto".
    pub(super) fn close(&mut self) {
        // Full names first: one id per distinct word sequence.
        let mut ids: FxMap<&[&str], usize> = FxMap::default();
        let mut keys: Vec<&[&'a str]> = Vec::new();
        let mut full_key: Vec<u32> = Vec::new();
        let full_of_key: Vec<u32> = self
            .key_words
            .iter()
            .enumerate()
            .map(|(k, w)| {
                if w.len() < 2 {
                    return NONE;
                }
                let n = ids.len();
                *ids.entry(w.as_slice()).or_insert_with(|| {
                    keys.push(w.as_slice());
                    full_key.push(k as u32);
                    n
                }) as u32
            })
            .collect();
        let n_full = ids.len();
        let mut full_count = vec![0usize; n_full];
        for (k, &c) in full_of_key.iter().enumerate() {
            if c != NONE {
                full_count[c as usize] += self.key_count[k];
            }
        }
        let mut dsu = Dsu((0..n_full).collect());
        // A longer name that can hold "Ana Ruiz" has its first word and, after it, its last
        // word: indexed by those pairs, each name is tested against those few, not against
        // every name with its first word.
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
        drop(by_first_and);
        let mut is_last = vec![false; self.word_id.len()];
        for (id, k) in keys.iter().enumerate() {
            if let Some(l) = k.last() {
                self.last_word.entry(l).or_default().insert(id);
                if let Some(&n) = self.word_id.get(l) {
                    is_last[n as usize] = true;
                }
            }
            for w in &k[1..] {
                self.inner_word.entry(w).or_default().insert(id);
            }
        }
        drop((ids, keys));
        self.full_of_key = full_of_key;
        self.full_key = full_key;
        self.full_count = full_count;
        self.is_last = is_last;
        self.dsu = dsu;
        self.next_id = n_full;
        self.key_count = Vec::new();
    }

    /// Key `k`'s words' numbers.
    fn ids_of(&self, k: u32) -> &[u32] {
        let k = k as usize;
        let from = self.ids_at.get(k).map_or(0, |&a| a as usize);
        let to = self
            .ids_at
            .get(k + 1)
            .map_or(self.ids.len(), |&a| a as usize);
        self.ids.get(from..to).unwrap_or(&[])
    }

    /// Full name `c`'s words.
    fn words_of(&self, c: usize) -> &[&'a str] {
        self.full_key
            .get(c)
            .and_then(|&k| self.key_words.get(k as usize))
            .map_or(&[], |w| w.as_slice())
    }

    /// The one cluster word `w` points to corpus-wide: the one full name with it (last, else
    /// inside), or the dominant one by a clear margin (three times the mentions of the next).
    fn corpus_name(&mut self, w: &'a str) -> Option<(usize, usize)> {
        if let Some(&got) = self.memo.get(w) {
            return got;
        }
        let (dsu, full_count) = (&mut self.dsu, &self.full_count);
        let mut unique = |set: Option<&FxSet<usize>>| -> Option<(usize, usize)> {
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
        let got = unique(self.last_word.get(w)).or_else(|| unique(self.inner_word.get(w)));
        self.memo.insert(w, got);
        got
    }

    /// Gives each person mention of one document (`ms`, in order) its cluster: `give(index in
    /// ms, cluster)`. A full name is its own (joined) one; a short form (a surname) joins a
    /// full name of its document containing it (not as the given name), preferring one that
    /// ends with it, then the nearest before it; else the corpus's ([`People::corpus_name`]);
    /// else a cluster of its own per word.
    pub(super) fn doc(
        &mut self,
        ms: &[NameMention],
        forms: &Forms<'a>,
        mut give: impl FnMut(usize, u32),
    ) {
        self.here.clear();
        for (i, m) in ms.iter().enumerate() {
            if let Some(k) = self.key(m, forms) {
                self.here.push((i as u32, k));
            }
        }
        let here = std::mem::take(&mut self.here);
        let mut near = std::mem::take(&mut self.near);
        near.clear();
        for &(i, k) in &here {
            let c = self.full_of_key[k as usize];
            if c != NONE {
                let words = self.ids_of(k);
                for (j, &w) in words.iter().enumerate().skip(1) {
                    near.push((w, j + 1 != words.len(), ms[i as usize].at.start, c as usize));
                }
            }
        }
        near.sort_unstable();
        // The full names' first words, for a short form no full name ends with or holds:
        // "Xi" after "Xi Jinping" (a family name written first), "Mike" after "Mike Ford".
        // (first word, full name's cluster root)
        let mut firsts = std::mem::take(&mut self.firsts);
        firsts.clear();
        for &(_, k) in &here {
            let c = self.full_of_key[k as usize];
            if let (true, Some(&w)) = (c != NONE, self.ids_of(k).first()) {
                firsts.push((w, self.dsu.find(c as usize)));
            }
        }
        firsts.sort_unstable();
        firsts.dedup();
        for &(i, k) in &here {
            let m = &ms[i as usize];
            let full = self.full_of_key[k as usize];
            let c = if full != NONE {
                self.dsu.find(full as usize)
            } else {
                let Some(&w) = self.key_words[k as usize].first() else {
                    continue;
                };
                let wn = self.ids_of(k).first().copied().unwrap_or(NONE);
                let start = m.at.start;
                let in_doc = nearest(&near, wn, false, start)
                    .or_else(|| nearest(&near, wn, true, start))
                    // Not a word the corpus has as someone's surname: "Reagan" is Ronald
                    // Reagan's, not the "Reagan-Gorbachev" summit's.
                    .or_else(|| {
                        (!self.is_last.get(wn as usize).copied().unwrap_or(false))
                            .then(|| only_first(&firsts, wn))
                            .flatten()
                    });
                // A surname after a title ("Mr X", "Vice President X") whose document names in
                // full only someone with another first name whom the corpus seldom names
                // ("Hunter X", a relative in passing) is the corpus's dominant full name ("Joe
                // X").
                let in_doc = match in_doc {
                    Some(c) if m.titled => match self.corpus_name(w) {
                        Some((d, n)) if self.prefer_dominant(c, d, n) => Some(d),
                        _ => Some(c),
                    },
                    other => other,
                };
                let chosen = in_doc.or_else(|| self.corpus_name(w).map(|(c, _)| c));
                match chosen {
                    Some(c) => self.dsu.find(c),
                    None => {
                        let next = &mut self.next_id;
                        *self.short_ids.entry(w).or_insert_with(|| {
                            *next += 1;
                            *next - 1
                        })
                    }
                }
            };
            give(i as usize, c as u32);
        }
        self.here = here;
        self.near = near;
        self.firsts = firsts;
    }

    /// Does a titled surname go to `dominant` (the corpus's full name for it, a cluster's
    /// root) rather than to `in_doc` (its document's)? When they are two people with
    /// different first names and the dominant has three times the document's mentions in full
    /// (the clear margin a bare surname needs corpus-wide).
    fn prefer_dominant(&mut self, in_doc: usize, dominant: usize, mentions: usize) -> bool {
        self.dsu.find(in_doc) != self.dsu.find(dominant)
            && self.words_of(in_doc).first() != self.words_of(dominant).first()
            && 3 * self.full_count.get(in_doc).copied().unwrap_or(0) <= mentions
    }
}

/// The nearest full name before `start`, else the nearest after, among the full names of
/// `near` (sorted) with `word` last (`inner` false) or inside (`inner` true).
fn nearest(near: &[Near], word: u32, inner: bool, start: u32) -> Option<usize> {
    let lo = near.partition_point(|x| (x.0, x.1) < (word, inner));
    let hi = lo + near[lo..].partition_point(|x| (x.0, x.1) == (word, inner));
    let list = &near[lo..hi];
    let i = list.partition_point(|x| x.2 <= start);
    i.checked_sub(1)
        .and_then(|p| list.get(p))
        .or_else(|| list.get(i))
        .map(|x| x.3)
}

/// The one person of the document whose full name starts with `word` (`firsts` sorted and
/// without repeats), if there is exactly one.
fn only_first(firsts: &[(u32, usize)], word: u32) -> Option<usize> {
    let lo = firsts.partition_point(|x| x.0 < word);
    match firsts.get(lo..)? {
        [(w, c), rest @ ..] if *w == word && rest.first().is_none_or(|x| x.0 != word) => Some(*c),
        _ => None,
    }
}

/// Are the words of `a` found in `b` in order?
fn is_subsequence(a: &[&str], b: &[&str]) -> bool {
    let mut it = b.iter();
    a.iter().all(|w| it.any(|x| x == w))
}

#[cfg(test)]
mod tests {
    use super::super::test_doc as doc;
    use crate::analyze::analyze;
    use crate::model::EntityKind;

    #[test]
    fn a_short_form_is_the_one_full_name_it_starts_in_its_document() {
        let docs = [
            doc(
                0,
                "President Zhuo Lanping met the delegation on Monday. Mr Zhuo said the talks \
                 went well, and Mr Zhuo will travel to Paris next week.",
            ),
            // A word the corpus has as a surname keeps going to that person.
            doc(
                1,
                "Senator Ellery Tavistrom spoke on Monday. Tavistrom said he was pleased.",
            ),
            doc(
                2,
                "Tavistrom Ostrova, a lawyer, spoke on Tuesday. Tavistrom said he would appeal.",
            ),
        ];
        let ents = analyze(&docs);
        let people: Vec<_> = ents
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
            .collect();
        let zhuo: Vec<_> = people
            .iter()
            .filter(|e| e.name.starts_with("Zhuo"))
            .collect();
        assert_eq!(zhuo.len(), 1, "{people:?}");
        assert_eq!(zhuo[0].name, "Zhuo Lanping", "{people:?}");
        assert_eq!(zhuo[0].mentions.len(), 3, "{people:?}");
        let ellery = people
            .iter()
            .find(|e| e.name == "Ellery Tavistrom")
            .map_or(0, |e| e.mentions.len());
        assert_eq!(ellery, 3, "{people:?}");
    }
}
