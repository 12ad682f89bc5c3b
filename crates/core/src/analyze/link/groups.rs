//! Clusters of mentions made entities: places and organizations grouped (by canonical name or
//! folded form, acronyms and one-word short forms of companies ([`super::shorts`]) with their
//! long forms, a name with its legal-form variants, a shorter organization name with the one
//! longer name that holds it), and every kind's entities built from its clusters (display name,
//! aliases, mentions).

use super::*;
use crate::analyze::lexicon::LexKind;

/// Union-find over cluster indices.
pub(super) struct Dsu(pub(super) Vec<usize>);

impl Dsu {
    pub(super) fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    pub(super) fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a] = b;
        }
    }
}

/// An entity of `kind` from its cluster's counts: the canonical names and the surfaces its
/// mentions give (string, uses), and its mentions (any order, repeats allowed).
pub(super) fn entity(
    kind: EntityKind,
    canon: &[(&str, usize)],
    forms: Vec<(&str, usize)>,
    mentions: crate::model::Mentions,
) -> Entity {
    let name = if let Some((c, _)) = canon
        .iter()
        .max_by_key(|(c, n)| (*n, std::cmp::Reverse(*c)))
    {
        c.to_string()
    } else {
        // The most used form of two words or more (a full name, not a surname alone, and
        // not a rare overlong one such as "Robert Dole of Kansas"), as the text writes it
        // rather than shouted in a headline ("Texas Instruments", not "TEXAS INSTRUMENTS"),
        // accented forms first.
        // A company's name ends at its legal form: "Corvane" and "Corvane Corp" are both
        // one-word names (the more used shows), and so is "Hoechst AG of West Germany".
        let org = kind == EntityKind::Organization;
        let words = |s: &str| {
            let all = s.split_whitespace();
            if org {
                let legal = |(i, w): &(usize, &str)| {
                    *i > 0 && crate::analyze::names::legal_form(&w.to_lowercase())
                };
                all.enumerate().take_while(|iw| !legal(iw)).count()
            } else {
                all.count()
            }
        };
        // A company's full name shows when it is well attested (its forms' uses a quarter of
        // the most used form's at least), not when one document of many names it in full
        // ("Vantor Group SpA" once beside "Vantor" 17 times).
        let most = forms.iter().map(|&(_, n)| n).max().unwrap_or(0);
        let full: usize = forms
            .iter()
            .filter(|(s, _)| words(s) >= 2)
            .map(|&(_, n)| n)
            .sum();
        let attested = !org || full * 4 >= most;
        let rank = |(s, n): &(&str, usize)| {
            let words = words(s);
            (words >= 2 && attested, !shouted(s), non_ascii(s), *n, words)
        };
        // Of a company's forms used as often, the fullest ("Kestrel Corporation", not
        // "Kestrel"; "Acme Motor Company", not "Acme Motor Co").
        let longer = |a: &str, b: &str| {
            if org {
                a.len().cmp(&b.len())
            } else {
                std::cmp::Ordering::Equal
            }
        };
        let best = forms.iter().max_by(|a, b| {
            rank(a)
                .cmp(&rank(b))
                .then_with(|| longer(a.0, b.0))
                .then_with(|| b.0.cmp(a.0))
        });
        // A name wrapped over two lines is shown on one ("Carl C.\nIcahn").
        best.map(|&(s, _)| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    let mut aliases: Vec<(&str, usize)> = forms.into_iter().filter(|(s, _)| *s != name).collect();
    aliases.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let aliases = one_line_aliases(&name, aliases);
    Entity {
        id: String::new(),
        kind,
        name,
        value: None,
        aliases,
        mentions,
    }
}

/// Is a name form written in capitals, as a headline shouts it: two words or more ("TEXAS
/// INSTRUMENTS"), or one long word ("REUTERS"); a short acronym ("NATO") is how it is written.
fn shouted(form: &str) -> bool {
    let letters = form.chars().filter(|c| c.is_alphabetic()).count();
    !form.chars().any(char::is_lowercase) && (form.split_whitespace().count() >= 2 || letters > 5)
}

/// The aliases with each one's whitespace runs made single spaces, without the name itself and
/// without repeats (most used first, as given).
fn one_line_aliases(name: &str, aliases: Vec<(&str, usize)>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(aliases.len());
    let mut seen: FxSet<String> = FxSet::default();
    for (s, _) in aliases {
        let a = if s.contains(char::is_whitespace) {
            s.split_whitespace().collect::<Vec<_>>().join(" ")
        } else {
            s.to_string()
        };
        if a != name && seen.insert(a.clone()) {
            out.push(a);
        }
    }
    out
}

/// One kind's places or organizations: the clusters' keys gathered over the settled mentions
/// ([`PlaceOrg::add`], in their order), joined once all are known ([`PlaceOrg::close`]), then
/// each mention's cluster given ([`PlaceOrg::root`]). Held per distinct key, not per mention.
pub(super) struct PlaceOrg<'a> {
    pub(super) kind: EntityKind,
    /// Cluster keys, numbered in the order the mentions first give them: (true, canonical
    /// name) or (false, folded form).
    ids: FxMap<(bool, &'a str), u32>,
    keys: Vec<(bool, &'a str)>,
    /// A form without a canonical name of its own always takes the same cluster: looked up
    /// in the gazetteer once per form, not once per mention.
    by_form: Vec<u32>,
    /// Acronyms defined in parentheses: (form, long form), each pair once, in order.
    acronyms: Vec<(u32, u32)>,
    seen_acronyms: FxSet<(u32, u32)>,
    /// Per form of a one-word company the gazetteer knows by that word ("Acme" of
    /// [`known_word`]): (documents writing it, documents joining it to a name in full
    /// ([`super::shorts`]), the last document seen + 1).
    known_words: FxMap<u32, (u32, u32, u32)>,
    dsu: Dsu,
    /// Each key's cluster, once closed and [`PlaceOrg::freeze`]d: read without the
    /// union-find's `&mut`, so roots are found on the reading thread.
    frozen: Vec<u32>,
}

impl<'a> PlaceOrg<'a> {
    pub(super) fn new(kind: EntityKind, forms: &Forms<'a>) -> PlaceOrg<'a> {
        PlaceOrg {
            kind,
            ids: FxMap::default(),
            keys: Vec::new(),
            by_form: vec![NONE; forms.len()],
            acronyms: Vec::new(),
            seen_acronyms: FxSet::default(),
            known_words: FxMap::default(),
            dsu: Dsu(Vec::new()),
            frozen: Vec::new(),
        }
    }

    /// Clusters that may hold mentions (their numbers are below it).
    pub(super) fn clusters(&self) -> usize {
        self.keys.len()
    }

    /// Mention `m`'s cluster key: (true, its canonical name) or (false, its folded form).
    fn cluster_key(m: &NameMention, forms: &Forms<'a>, strings: &[&'a str]) -> (bool, &'a str) {
        if let Some(&c) = strings.get(m.canon as usize) {
            (true, c)
        } else if let Some(e) = forms.info.get(m.form as usize).and_then(|i| i.entry) {
            (true, e.canon)
        } else {
            (false, m.key(forms))
        }
    }

    /// Mention `m`'s cluster key's number (numbered now if new).
    fn key_of(&mut self, m: &NameMention, forms: &Forms<'a>, strings: &[&'a str]) -> u32 {
        if m.canon == NONE {
            if let Some(&id) = self.by_form.get(m.form as usize).filter(|&&id| id != NONE) {
                return id;
            }
        }
        let k = Self::cluster_key(m, forms, strings);
        let n = self.keys.len() as u32;
        let keys = &mut self.keys;
        let id = *self.ids.entry(k).or_insert_with(|| {
            keys.push(k);
            n
        });
        if m.canon == NONE {
            if let Some(slot) = self.by_form.get_mut(m.form as usize) {
                *slot = id;
            }
        }
        id
    }

    /// Takes a settled mention's key (if it is of this kind).
    pub(super) fn add(&mut self, m: &NameMention, forms: &Forms<'a>, strings: &[&'a str]) {
        if m.kind != self.kind {
            return;
        }
        self.key_of(m, forms, strings);
        if m.canon != NONE && known_word(m, forms, strings) {
            let doc = m.at.doc.saturating_add(1);
            let (docs, joined, last) = self.known_words.entry(m.form).or_default();
            if *last != doc {
                *last = doc;
                *docs += 1;
                *joined += u32::from(m.acronym_of != NONE);
            }
        }
        if m.acronym_of != NONE && self.seen_acronyms.insert((m.form, m.acronym_of)) {
            self.acronyms.push((m.form, m.acronym_of));
        }
    }

    /// Joins the clusters: acronyms with their long forms, a shorter organization name with
    /// the one longer name that holds it.
    pub(super) fn close(&mut self, forms: &Forms<'a>) {
        let keys = &self.keys;
        let mut dsu = Dsu((0..keys.len()).collect());
        // A one-word short form of companies of more than one name (by their stems) joins
        // none ([`super::shorts`]).
        let mut stems: FxMap<u32, &str> = FxMap::default();
        let mut torn: FxSet<u32> = FxSet::default();
        for &(form, long) in &self.acronyms {
            if let (Some(short), Some(long)) =
                (forms.keys.get(form as usize), forms.keys.get(long as usize))
            {
                if long
                    .s
                    .split_once(' ')
                    .is_some_and(|(first, _)| first == short.s)
                {
                    let (stem, _) = super::shorts::stem(long.s);
                    if *stems.entry(form).or_insert(stem) != stem {
                        torn.insert(form);
                    }
                }
            }
        }
        drop(stems);
        for &(form, long) in &self.acronyms {
            if torn.contains(&form) {
                continue;
            }
            if let (Some(short), Some(long)) =
                (forms.keys.get(form as usize), forms.keys.get(long as usize))
            {
                // A company the gazetteer knows by the word ("Acme" beside "Acme Motor Co")
                // is the entity of every document that writes the word: it is that company
                // only when half of those documents at least name it in full.
                let known = self.known_words.get(&form).and_then(|&(docs, joined, _)| {
                    let e = forms.info.get(form as usize)?.entry?;
                    (joined * 2 >= docs).then_some(e.canon)
                });
                let short = match known {
                    Some(canon) => self.ids.get(&(true, canon)),
                    None => self.ids.get(&(false, short.s)),
                };
                if let (Some(&a), Some(&b)) = (short, self.ids.get(&(false, long.s))) {
                    dsu.union(a as usize, b as usize);
                }
            }
        }
        self.acronyms = Vec::new();
        self.seen_acronyms = FxSet::default();
        self.known_words = FxMap::default();
        if self.kind == EntityKind::Organization {
            // A shorter name inside exactly one longer one.
            let mut sub_index: FxMap<&str, FxSet<usize>> = FxMap::default();
            for (id, &(canon, k)) in keys.iter().enumerate() {
                if canon {
                    continue;
                }
                // Word boundaries: (start, end) byte offsets of each word in `k`.
                let mut bounds: Vec<(usize, usize)> = Vec::new();
                let mut pos = 0;
                for w in k.split(' ') {
                    bounds.push((pos, pos + w.len()));
                    pos += w.len() + 1;
                }
                let n = bounds.len();
                if n > 12 {
                    continue;
                }
                for a in 0..n {
                    for b in a + 1..=n {
                        if b - a < n {
                            let sub = &k[bounds[a].0..bounds[b - 1].1];
                            sub_index.entry(sub).or_default().insert(id);
                        }
                    }
                }
            }
            // A name and the same name with nothing after it but legal forms ("Corvane" and
            // "Corvane Corp", "Kodak Co.", "Acme Motor Co" and "Acme Motor Corporation"): one
            // company. Nothing else may follow: a one-word name inside a longer one
            // ("National" in "National Westminster Bank") says nothing.
            let mut by_stem: FxMap<&str, usize> = FxMap::default();
            for (id, &(canon, k)) in keys.iter().enumerate() {
                if canon {
                    continue;
                }
                let (stem, _) = super::shorts::stem(k);
                match by_stem.get(stem) {
                    Some(&other) => dsu.union(other, id),
                    None => {
                        by_stem.insert(stem, id);
                    }
                }
            }
            // A company the gazetteer knows ("Acme") and its name with legal forms ("Acme
            // Corp", not in the gazetteer): one too, by the forms that give its name.
            for (f, info) in forms.info.iter().enumerate() {
                let Some(e) = info.entry.filter(|e| e.kind == LexKind::Org) else {
                    continue;
                };
                if let (Some(k), Some(&id)) = (forms.keys.get(f), self.ids.get(&(true, e.canon))) {
                    if let Some(&other) = by_stem.get(k.s) {
                        dsu.union(other, id as usize);
                    }
                }
            }
            drop(by_stem);
            let mut order: Vec<usize> = (0..keys.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(keys[i].1.split(' ').count()));
            for id in order {
                let (canon, k) = keys[id];
                if canon || !k.contains(' ') {
                    continue;
                }
                if let Some(longer) = sub_index.get(k) {
                    let roots: FxSet<usize> = longer.iter().map(|&l| dsu.find(l)).collect();
                    if roots.len() == 1 {
                        if let Some(&l) = longer.iter().next() {
                            dsu.union(id, l);
                        }
                    }
                }
            }
        }
        self.dsu = dsu;
    }

    /// Every key's root, found once after [`PlaceOrg::close`] (no unions come after it).
    pub(super) fn freeze(&mut self) {
        let n = self.dsu.0.len();
        self.frozen = (0..n).map(|i| self.dsu.find(i) as u32).collect();
    }

    /// [`PlaceOrg::root`] after [`PlaceOrg::freeze`], without changing `self`: a key the first
    /// pass did not number (none, as both passes read the same mentions) is numbered in
    /// `extra`, after the others, as [`PlaceOrg::root`] would number it.
    pub(super) fn frozen_root(
        &self,
        m: &NameMention,
        forms: &Forms<'a>,
        strings: &[&'a str],
        extra: &mut FxMap<(bool, &'a str), u32>,
    ) -> u32 {
        if m.canon == NONE {
            if let Some(&id) = self.by_form.get(m.form as usize).filter(|&&id| id != NONE) {
                return self.frozen.get(id as usize).copied().unwrap_or(id);
            }
        }
        let k = Self::cluster_key(m, forms, strings);
        let id = match self.ids.get(&k) {
            Some(&id) => id,
            None => {
                let n = (self.keys.len() + extra.len()) as u32;
                *extra.entry(k).or_insert(n)
            }
        };
        self.frozen.get(id as usize).copied().unwrap_or(id)
    }
}

/// Is `m` a one-word company the gazetteer knows by that word ("Acme" whose canonical name is
/// "Acme"; not an alias such as an acronym, nor a place)?
pub(super) fn known_word(m: &NameMention, forms: &Forms<'_>, strings: &[&str]) -> bool {
    let k = m.key(forms);
    !k.contains(' ')
        && forms
            .info
            .get(m.form as usize)
            .and_then(|i| i.entry)
            .is_some_and(|e| e.kind == LexKind::Org && e.canon.eq_ignore_ascii_case(k))
        && strings
            .get(m.canon as usize)
            .is_some_and(|c| c.eq_ignore_ascii_case(k))
}

#[cfg(test)]
mod tests {
    use super::super::test_doc as doc;
    use crate::analyze::analyze;
    use crate::model::EntityKind;

    #[test]
    fn a_company_and_its_name_with_a_legal_form_are_one() {
        let docs = [
            doc(
                0,
                "Varnelco Corp said on Monday it would cut 500 jobs. Varnelco said the cuts \
                 were needed.",
            ),
            doc(
                1,
                "Shares of Varnelco rose 2 pct, traders said. Varnelco declined to comment.",
            ),
            doc(
                2,
                "Quillmarsh Savings Bank said it would merge. Quillmarsh will pay a dividend, \
                 Quillmarsh said.",
            ),
        ];
        let ents = analyze(&docs);
        let orgs: Vec<_> = ents
            .iter()
            .filter(|e| e.kind == EntityKind::Organization)
            .collect();
        let varnelco: Vec<_> = orgs
            .iter()
            .filter(|e| e.name.starts_with("Varnelco"))
            .collect();
        assert_eq!(varnelco.len(), 1, "{orgs:?}");
        // The more used form shows, the legal form aside.
        assert_eq!(varnelco[0].name, "Varnelco", "{orgs:?}");
        assert!(
            varnelco[0].aliases.iter().any(|a| a == "Varnelco Corp"),
            "{orgs:?}"
        );
        // A one-word name inside a longer name that is more than a legal form stays apart.
        assert!(
            !orgs.iter().any(|e| e.name == "Quillmarsh Savings Bank"
                && e.aliases.iter().any(|a| a == "Quillmarsh")),
            "{orgs:?}"
        );
    }

    #[test]
    fn a_company_the_gazetteer_knows_joins_its_names_in_full() {
        let docs = [
            doc(
                0,
                "Boeing Co said on Monday it would build 40 jets. Boeing said orders rose.",
            ),
            doc(
                1,
                "Boeing said on Tuesday its deliveries fell, analysts said.",
            ),
            doc(
                2,
                "Toyota Motor Corp said it would recall 9,000 cars. Toyota said the fault was \
                 minor.",
            ),
            doc(
                3,
                "Toyota Motor Corp posted a profit. Analysts said Toyota had done well.",
            ),
            doc(4, "Toyota raised its prices on Friday, dealers said."),
            doc(
                5,
                "Congress Lumber Corp said it would close a mill. Congress said 90 jobs would go.",
            ),
            doc(6, "Congress passed the farm bill on Monday, aides said."),
            doc(7, "Congress will vote on the budget next week, aides said."),
        ];
        let ents = analyze(&docs);
        let orgs: Vec<_> = ents
            .iter()
            .filter(|e| e.kind == EntityKind::Organization)
            .collect();
        let named = |p: &str| orgs.iter().filter(|e| e.name.starts_with(p)).count();
        // The name without its legal form, and the one-word name with the company in full.
        assert_eq!(named("Boeing"), 1, "{orgs:?}");
        assert!(
            orgs.iter()
                .any(|e| e.name == "Boeing" && e.aliases.iter().any(|a| a == "Boeing Co")),
            "{orgs:?}"
        );
        assert_eq!(named("Toyota"), 1, "{orgs:?}");
        assert!(
            orgs.iter()
                .any(|e| e.name.starts_with("Toyota") && e.mentions.len() >= 5),
            "{orgs:?}"
        );
        // A word most of whose documents name no company stays apart from the one that does.
        assert!(
            orgs.iter()
                .any(|e| e.name == "Congress Lumber Corp" && e.mentions.len() == 1),
            "{orgs:?}"
        );
    }
}
