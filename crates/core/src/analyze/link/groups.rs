//! Clusters of mentions made entities: places and organizations grouped (by canonical name or
//! folded form, acronyms with their long forms, a shorter organization name with the one longer
//! name that holds it), and every kind's entities built from its clusters (display name,
//! aliases, mentions).

use super::*;

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

/// Clusters of mentions as two lists of numbers (4 bytes a mention, where lists of references
/// per cluster took some 55): the mentions' numbers in `mentions`, cluster by cluster in the
/// clusters' order, each cluster's in the order the mentions came.
pub(super) struct Members {
    of: Vec<u32>,
    /// Where each cluster starts in `of`, and its end last.
    starts: Vec<u32>,
}

impl Members {
    /// Gathers mention `items[j]` into cluster `cluster[j]` (a number below `n`): a stable
    /// counting sort, so each cluster keeps its mentions' order; empty clusters are left out.
    pub(super) fn gather(items: &[u32], cluster: &[u32], n: usize) -> Members {
        let mut starts: Vec<u32> = vec![0; n + 1];
        for &c in cluster {
            starts[c as usize + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut of = vec![0u32; items.len()];
        for (&m, &c) in items.iter().zip(cluster) {
            let at = &mut next[c as usize];
            of[*at as usize] = m;
            *at += 1;
        }
        starts.dedup();
        Members { of, starts }
    }

    fn clusters(&self) -> impl Iterator<Item = &[u32]> {
        self.starts
            .windows(2)
            .map(|w| self.of.get(w[0] as usize..w[1] as usize).unwrap_or(&[]))
    }
}

/// Builds entities from clusters of mentions (`members`: numbers into `mentions`).
/// `strings` holds each mention's surface and canonical name by number.
pub(super) fn build<'a>(
    kind: EntityKind,
    mentions: &[NameMention],
    members: Members,
    strings: &[&'a str],
) -> Vec<Entity> {
    let mut out = Vec::new();
    // Uses of each string in the current cluster (by number; reset after each), and the
    // surfaces seen in it, in order.
    let mut uses: Vec<usize> = vec![0; strings.len()];
    let mut seen: Vec<u32> = Vec::new();
    for ms in members.clusters() {
        if ms.is_empty() {
            continue;
        }
        let ms = || ms.iter().filter_map(|&i| mentions.get(i as usize));
        let mut canon: FxMap<&str, usize> = FxMap::default();
        seen.clear();
        for m in ms() {
            if let Some(&c) = strings.get(m.canon as usize) {
                *canon.entry(c).or_default() += 1;
            }
            if let Some(u) = uses.get_mut(m.surface as usize) {
                if *u == 0 {
                    seen.push(m.surface);
                }
                *u += 1;
            }
        }
        let forms: Vec<(&'a str, usize)> = seen
            .iter()
            .filter_map(|&id| {
                let n = std::mem::take(uses.get_mut(id as usize)?);
                Some((*strings.get(id as usize)?, n))
            })
            .collect();
        let name = if let Some((c, _)) = canon
            .iter()
            .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))
        {
            c.to_string()
        } else {
            // The most used form of two words or more (a full name, not a surname alone, and
            // not a rare overlong one such as "Robert Dole of Kansas"), as the text writes it
            // rather than shouted in a headline ("Texas Instruments", not "TEXAS INSTRUMENTS"),
            // accented forms first.
            let best = forms.iter().max_by(|a, b| {
                let many = |s: &str| s.split_whitespace().count() >= 2;
                let ka = (
                    many(a.0),
                    !shouted(a.0),
                    non_ascii(a.0),
                    a.1,
                    a.0.split_whitespace().count(),
                );
                let kb = (
                    many(b.0),
                    !shouted(b.0),
                    non_ascii(b.0),
                    b.1,
                    b.0.split_whitespace().count(),
                );
                ka.cmp(&kb).then_with(|| b.0.cmp(a.0))
            });
            // A name wrapped over two lines is shown on one ("Carl C.\nIcahn").
            best.map(|&(s, _)| s.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default()
        };
        let mut aliases: Vec<(&str, usize)> =
            forms.into_iter().filter(|(s, _)| *s != name).collect();
        aliases.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let aliases = one_line_aliases(&name, aliases);
        let mut mentions: Vec<Mention> = ms().map(|m| m.at).collect();
        mentions.sort();
        mentions.dedup();
        out.push(Entity {
            id: String::new(),
            kind,
            name,
            value: None,
            aliases,
            mentions: mentions.into(),
        });
    }
    out
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

pub(super) fn group_places_orgs<'a>(
    mentions: &[NameMention],
    forms: &Forms<'a>,
    strings: &[&'a str],
) -> Vec<Entity> {
    let info = &forms.info;
    let mut out = Vec::new();
    for kind in [EntityKind::Place, EntityKind::Organization] {
        // This kind's mentions by their numbers in `mentions` (4 bytes each, not a reference).
        let ms: Vec<u32> = (0..mentions.len() as u32)
            .filter(|&i| mentions[i as usize].kind == kind)
            .collect();
        let ms_of = || ms.iter().map(|&i| &mentions[i as usize]);
        // Cluster key: the gazetteer's canonical name, else the folded form.
        // (true, canonical name) or (false, folded form).
        let cluster_key = |m: &NameMention| -> (bool, &'a str) {
            if let Some(&c) = strings.get(m.canon as usize) {
                return (true, c);
            }
            if let Some(e) = info.get(m.form as usize).and_then(|i| i.entry) {
                return (true, e.canon);
            }
            (false, m.key(forms))
        };
        let mut ids: FxMap<(bool, &str), usize> = FxMap::default();
        let mut keys: Vec<(bool, &str)> = Vec::new();
        let mut of: Vec<u32> = Vec::with_capacity(ms.len());
        // A form without a canonical name of its own always takes the same cluster: looked up
        // in the gazetteer once per form, not once per mention.
        let mut by_form: Vec<usize> = vec![usize::MAX; info.len()];
        for m in ms_of() {
            if m.canon == NONE {
                if let Some(&id) = by_form.get(m.form as usize).filter(|&&id| id != usize::MAX) {
                    of.push(id as u32);
                    continue;
                }
            }
            let k = cluster_key(m);
            let n = ids.len();
            let id = *ids.entry(k).or_insert_with(|| {
                keys.push(k);
                n
            });
            if m.canon == NONE {
                if let Some(slot) = by_form.get_mut(m.form as usize) {
                    *slot = id;
                }
            }
            of.push(id as u32);
        }
        let mut dsu = Dsu((0..keys.len()).collect());
        // Acronyms defined in parentheses.
        for m in ms_of() {
            if let Some(long) = forms.keys.get(m.acronym_of as usize) {
                if let (Some(&a), Some(&b)) =
                    (ids.get(&(false, m.key(forms))), ids.get(&(false, long.s)))
                {
                    dsu.union(a, b);
                }
            }
        }
        if kind == EntityKind::Organization {
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
        // Each mention's cluster is its root (in place), the clusters in the roots' order.
        for id in of.iter_mut() {
            *id = dsu.find(*id as usize) as u32;
        }
        let members = Members::gather(&ms, &of, keys.len());
        drop((ms, of));
        out.extend(build(kind, mentions, members, strings));
    }
    out
}
