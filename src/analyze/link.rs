//! Linking: mentions → entities.
//!
//! First the kinds of unresolved and weakly cued mentions are settled by what the whole corpus
//! says about the same folded form (votes from cued and gazetteer mentions), or by the person
//! names they are part of. Then mentions are grouped:
//! - places and organizations by gazetteer canonical name or folded form; an acronym defined in
//!   parentheses joins its long form, and a shorter organization name that is part of exactly one
//!   longer one ("Socialist Party" in "United Socialist Party of …") joins it;
//! - people by full name (accents and case folded); a short form (a surname) joins the full name
//!   in its own document that contains it, else the corpus's unique full name ending with it;
//! - dates by normalized value, unresolved dates by surface text.
//!
//! Display names: the gazetteer's canonical name, else the most complete form, preferring the
//! accented spelling. Ids are `kind:slug`, stable for the same input.

use super::dates::DateMention;
use super::lexicon::{FxMap, FxSet, Lexicon};
use super::names::{Cand, Part, LEXICON, MEDIUM, STRONG, WEAK};
use super::text::{fold, non_ascii, slug};
use crate::model::{DocId, Entity, EntityKind, Mention};

/// One document's raw mentions.
pub struct DocMentions {
    pub doc: DocId,
    /// Added to every offset (the body's start in the document text).
    pub offset: usize,
    pub text: String,
    pub dates: Vec<DateMention>,
    pub names: Vec<Cand>,
}

fn kind_index(k: EntityKind) -> usize {
    match k {
        EntityKind::Person => 0,
        EntityKind::Place => 1,
        EntityKind::Organization => 2,
        EntityKind::Date => 3,
    }
}

const KINDS: [EntityKind; 3] = [
    EntityKind::Person,
    EntityKind::Place,
    EntityKind::Organization,
];

fn weight(strength: u8) -> u32 {
    match strength {
        LEXICON => 4,
        STRONG => 3,
        MEDIUM => 1,
        _ => 0,
    }
}

#[derive(Default, Clone, Copy)]
struct Votes {
    all: [u32; 3],
    strong: [u32; 3],
}

impl Votes {
    fn best(arr: &[u32; 3]) -> Option<EntityKind> {
        let (i, &v) = arr
            .iter()
            .enumerate()
            .max_by_key(|(i, v)| (**v, std::cmp::Reverse(*i)))?;
        (v > 0).then_some(KINDS[i])
    }
}

/// A resolved name mention.
struct NameMention {
    doc: DocId,
    start: usize,
    end: usize,
    kind: EntityKind,
    key: String,
    words: Vec<String>,
    surface: String,
    canon: Option<&'static str>,
    acronym_of: Option<String>,
}

/// Links every document's mentions into entities.
pub fn link(docs: Vec<DocMentions>, lex: &Lexicon) -> Vec<Entity> {
    // 1. Votes per folded form, and the words of cued person names.
    let mut votes: FxMap<String, Votes> = FxMap::default();
    let mut person_words: FxSet<String> = FxSet::default();
    for d in &docs {
        for c in &d.names {
            if let Some(k) = c.kind {
                let v = votes.entry(c.key.clone()).or_default();
                let i = kind_index(k);
                v.all[i] += weight(c.strength);
                if c.strength >= STRONG {
                    v.strong[i] += weight(c.strength);
                }
                if k == EntityKind::Person && c.n_words() >= 2 && c.strength >= MEDIUM {
                    for w in c.words().skip(1) {
                        person_words.insert(w.to_string());
                    }
                }
            }
        }
    }
    // Organization names without their head word ("Popular Will" of "Popular Will Party").
    let mut headless: Vec<String> = Vec::new();
    for (k, v) in &votes {
        if Votes::best(&v.strong) == Some(EntityKind::Organization) {
            if let Some((rest, last)) = k.rsplit_once(' ') {
                if rest.contains(' ') && lex.org_suffix.contains(last) {
                    headless.push(rest.to_string());
                }
            }
        }
    }
    for k in headless {
        let v = votes.entry(k).or_default();
        v.all[kind_index(EntityKind::Organization)] += 1;
    }
    // 2. Settle kinds.
    let mut mentions: Vec<NameMention> = Vec::new();
    for d in &docs {
        for c in &d.names {
            let v = votes.get(&c.key).copied().unwrap_or_default();
            let kind = match c.kind {
                Some(k) if c.strength >= STRONG => Some(k),
                Some(k) => {
                    let own = v.strong[kind_index(k)];
                    match Votes::best(&v.strong) {
                        Some(b) if own == 0 && b != k => Some(b),
                        _ => Some(k),
                    }
                }
                None => Votes::best(&v.all).or_else(|| {
                    (c.n_words() == 1 && person_words.contains(&c.key) && !lex.is_common(&c.key))
                        .then_some(EntityKind::Person)
                }),
            };
            match kind {
                Some(k) => mentions.push(name_mention(d, c, &c.parts, k, c.canon)),
                None if c.strength == WEAK => {
                    sub_matches(d, c, &votes, &person_words, lex, &mut mentions);
                }
                None => {}
            }
        }
    }
    let mut entities = Vec::new();
    entities.extend(group_places_orgs(&mentions, lex));
    entities.extend(group_people(&mentions));
    entities.extend(group_dates(&docs));
    finish(entities)
}

fn name_mention(
    d: &DocMentions,
    c: &Cand,
    parts: &[Part],
    kind: EntityKind,
    canon: Option<&'static str>,
) -> NameMention {
    let start = parts.first().map_or(c.start, |p| p.start);
    let end = parts.last().map_or(c.end, |p| p.end);
    let words: Vec<String> = parts
        .iter()
        .filter(|p| p.word)
        .map(|p| p.norm.clone())
        .collect();
    let key = parts
        .iter()
        .map(|p| p.norm.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    NameMention {
        doc: d.doc,
        start: start + d.offset,
        end: end + d.offset,
        kind,
        key,
        words,
        surface: d.text.get(start..end).unwrap_or("").to_string(),
        canon,
        acronym_of: c.acronym_of.clone(),
    }
}

/// Known parts of an unresolved chunk ("Dear Acme Community" → "Acme").
fn sub_matches(
    d: &DocMentions,
    c: &Cand,
    votes: &FxMap<String, Votes>,
    person_words: &FxSet<String>,
    lex: &Lexicon,
    out: &mut Vec<NameMention>,
) {
    let parts = &c.parts;
    let n = parts.len();
    let mut i = 0;
    while i < n {
        if !parts[i].word {
            i += 1;
            continue;
        }
        let mut found: Option<(usize, EntityKind, Option<&'static str>)> = None;
        let mut key = String::new();
        for j in i..n.min(i + 6) {
            if j > i {
                key.push(' ');
            }
            key.push_str(&parts[j].norm);
            if !parts[j].word {
                continue;
            }
            if let Some(e) = lex.lookup(&key) {
                let k = match e.kind {
                    super::lexicon::LexKind::Place => EntityKind::Place,
                    super::lexicon::LexKind::Org => EntityKind::Organization,
                };
                found = Some((j + 1, k, Some(e.canon)));
            } else if let Some(k) = votes.get(&key).and_then(|v| Votes::best(&v.all)) {
                found = Some((j + 1, k, None));
            } else if j == i && person_words.contains(&key) && !lex.is_common(&key) {
                found = Some((j + 1, EntityKind::Person, None));
            }
        }
        match found {
            Some((e, k, canon)) => {
                let mut sub = name_mention(d, c, &parts[i..e], k, canon);
                sub.acronym_of = None;
                out.push(sub);
                i = e;
            }
            None => i += 1,
        }
    }
}

/// Union-find over cluster indices.
struct Dsu(Vec<usize>);

impl Dsu {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a] = b;
        }
    }
}

/// Builds entities from clusters of mentions (cluster index per mention).
fn build(kind: EntityKind, members: Vec<Vec<&NameMention>>) -> Vec<Entity> {
    let mut out = Vec::new();
    for ms in members {
        if ms.is_empty() {
            continue;
        }
        let mut canon: FxMap<&'static str, usize> = FxMap::default();
        let mut forms: FxMap<&str, usize> = FxMap::default();
        for m in &ms {
            if let Some(c) = m.canon {
                *canon.entry(c).or_default() += 1;
            }
            *forms.entry(m.surface.as_str()).or_default() += 1;
        }
        let name = if let Some((c, _)) = canon
            .iter()
            .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))
        {
            c.to_string()
        } else {
            let best = forms.iter().max_by(|a, b| {
                let ka = (a.0.split_whitespace().count(), non_ascii(a.0), *a.1);
                let kb = (b.0.split_whitespace().count(), non_ascii(b.0), *b.1);
                ka.cmp(&kb).then_with(|| b.0.cmp(a.0))
            });
            best.map(|(s, _)| s.to_string()).unwrap_or_default()
        };
        let mut aliases: Vec<(&str, usize)> =
            forms.into_iter().filter(|(s, _)| *s != name).collect();
        aliases.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let mut mentions: Vec<Mention> = ms
            .iter()
            .map(|m| Mention {
                doc: m.doc,
                start: m.start,
                end: m.end,
            })
            .collect();
        mentions.sort();
        mentions.dedup();
        out.push(Entity {
            id: String::new(),
            kind,
            name,
            value: None,
            aliases: aliases.into_iter().map(|(s, _)| s.to_string()).collect(),
            mentions,
        });
    }
    out
}

fn group_places_orgs(mentions: &[NameMention], lex: &Lexicon) -> Vec<Entity> {
    let mut out = Vec::new();
    for kind in [EntityKind::Place, EntityKind::Organization] {
        let ms: Vec<&NameMention> = mentions.iter().filter(|m| m.kind == kind).collect();
        // Cluster key: the gazetteer's canonical name, else the folded form.
        let cluster_key = |m: &NameMention| -> String {
            if let Some(c) = m.canon {
                return format!("={}", fold(c));
            }
            if let Some(e) = lex.lookup(&m.key) {
                return format!("={}", fold(e.canon));
            }
            m.key.clone()
        };
        let mut ids: FxMap<String, usize> = FxMap::default();
        let mut keys: Vec<String> = Vec::new();
        let mut of: Vec<usize> = Vec::with_capacity(ms.len());
        for m in &ms {
            let k = cluster_key(m);
            let n = ids.len();
            let id = *ids.entry(k.clone()).or_insert_with(|| {
                keys.push(k);
                n
            });
            of.push(id);
        }
        let mut dsu = Dsu((0..keys.len()).collect());
        // Acronyms defined in parentheses.
        for m in &ms {
            if let Some(long) = &m.acronym_of {
                if let (Some(&a), Some(&b)) = (ids.get(&m.key), ids.get(long)) {
                    dsu.union(a, b);
                }
            }
        }
        if kind == EntityKind::Organization {
            // A shorter name inside exactly one longer one.
            let mut sub_index: FxMap<String, FxSet<usize>> = FxMap::default();
            for (id, k) in keys.iter().enumerate() {
                if k.starts_with('=') {
                    continue;
                }
                let w: Vec<&str> = k.split(' ').collect();
                if w.len() > 12 {
                    continue;
                }
                for a in 0..w.len() {
                    for b in a + 1..=w.len() {
                        if b - a < w.len() {
                            sub_index.entry(w[a..b].join(" ")).or_default().insert(id);
                        }
                    }
                }
            }
            let mut order: Vec<usize> = (0..keys.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(keys[i].split(' ').count()));
            for id in order {
                let k = &keys[id];
                if k.starts_with('=') || !k.contains(' ') {
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
        let mut groups: FxMap<usize, Vec<&NameMention>> = FxMap::default();
        for (m, id) in ms.iter().zip(of) {
            let root = dsu.find(id);
            groups.entry(root).or_default().push(m);
        }
        let mut gs: Vec<(usize, Vec<&NameMention>)> = groups.into_iter().collect();
        gs.sort_by_key(|(r, _)| *r);
        out.extend(build(kind, gs.into_iter().map(|(_, v)| v).collect()));
    }
    out
}

fn group_people(mentions: &[NameMention]) -> Vec<Entity> {
    let ms: Vec<&NameMention> = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Person && !m.words.is_empty())
        .collect();
    let mut ids: FxMap<String, usize> = FxMap::default();
    let mut keys: Vec<Vec<String>> = Vec::new();
    let mut cluster_of_full = |words: &[String], ids: &mut FxMap<String, usize>| -> usize {
        let k = words.join(" ");
        let n = ids.len();
        *ids.entry(k).or_insert_with(|| {
            keys.push(words.to_vec());
            n
        })
    };
    // Full names first.
    let mut of: Vec<Option<usize>> = vec![None; ms.len()];
    for (i, m) in ms.iter().enumerate() {
        if m.words.len() >= 2 {
            of[i] = Some(cluster_of_full(&m.words, &mut ids));
        }
    }
    let n_full = ids.len();
    let mut dsu = Dsu((0..n_full).collect());
    // "Edmundo Gonzalez" joins the unique "Edmundo Gonzalez Urrutia".
    let mut by_first: FxMap<&str, Vec<usize>> = FxMap::default();
    for (id, k) in keys.iter().enumerate() {
        by_first.entry(k[0].as_str()).or_default().push(id);
    }
    for (id, k) in keys.iter().enumerate() {
        let Some(group) = by_first.get(k[0].as_str()) else {
            continue;
        };
        let longer: Vec<usize> = group
            .iter()
            .copied()
            .filter(|&l| keys[l].len() > k.len() && is_subsequence(&k[1..], &keys[l][1..]))
            .collect();
        if longer.len() == 1 {
            dsu.union(id, longer[0]);
        }
    }
    // Indexes for short forms: per document and corpus-wide.
    let mut doc_full: FxMap<DocId, Vec<(usize, usize, usize)>> = FxMap::default(); // (start, mention idx, cluster)
    let mut last_word: FxMap<&str, FxSet<usize>> = FxMap::default();
    let mut inner_word: FxMap<&str, FxSet<usize>> = FxMap::default();
    for (i, m) in ms.iter().enumerate() {
        if let Some(c) = of[i] {
            doc_full.entry(m.doc).or_default().push((m.start, i, c));
        }
    }
    for (id, k) in keys.iter().enumerate() {
        if let Some(l) = k.last() {
            last_word.entry(l.as_str()).or_default().insert(id);
        }
        for w in &k[1..] {
            inner_word.entry(w.as_str()).or_default().insert(id);
        }
    }
    let mut short_ids: FxMap<String, usize> = FxMap::default();
    let mut next_id = n_full;
    let mut short_of: Vec<usize> = vec![usize::MAX; ms.len()];
    for (i, m) in ms.iter().enumerate() {
        if of[i].is_some() {
            continue;
        }
        let w = m.words.join(" ");
        // Same document: a full name containing the word (not as the given name).
        let mut pick: Option<(u8, usize, usize)> = None; // (rank, distance, cluster)
        if let Some(list) = doc_full.get(&m.doc) {
            for &(start, mi, c) in list {
                let full = &ms[mi].words;
                let rank = if full.last() == Some(&w) {
                    2
                } else if full[1..].contains(&w) {
                    1
                } else {
                    continue;
                };
                let dist = start.abs_diff(m.start) + if start > m.start { 1 << 40 } else { 0 };
                let better = match pick {
                    None => true,
                    Some((r, d, _)) => rank > r || (rank == r && dist < d),
                };
                if better {
                    pick = Some((rank, dist, c));
                }
            }
        }
        let chosen = pick.map(|(_, _, c)| c).or_else(|| {
            let unique = |set: Option<&FxSet<usize>>, dsu: &mut Dsu| -> Option<usize> {
                let set = set?;
                let roots: FxSet<usize> = set.iter().map(|&c| dsu.find(c)).collect();
                (roots.len() == 1)
                    .then(|| roots.into_iter().next())
                    .flatten()
            };
            unique(last_word.get(w.as_str()), &mut dsu)
                .or_else(|| unique(inner_word.get(w.as_str()), &mut dsu))
        });
        short_of[i] = match chosen {
            Some(c) => c,
            None => *short_ids.entry(w).or_insert_with(|| {
                next_id += 1;
                next_id - 1
            }),
        };
    }
    let mut groups: FxMap<usize, Vec<&NameMention>> = FxMap::default();
    for (i, m) in ms.iter().enumerate() {
        let c = match of[i] {
            Some(c) => dsu.find(c),
            None => {
                let c = short_of[i];
                if c < n_full {
                    dsu.find(c)
                } else {
                    c
                }
            }
        };
        groups.entry(c).or_default().push(m);
    }
    let mut gs: Vec<(usize, Vec<&NameMention>)> = groups.into_iter().collect();
    gs.sort_by_key(|(r, _)| *r);
    build(EntityKind::Person, gs.into_iter().map(|(_, v)| v).collect())
}

/// Are the words of `a` found in `b` in order?
fn is_subsequence(a: &[String], b: &[String]) -> bool {
    let mut it = b.iter();
    a.iter().all(|w| it.any(|x| x == w))
}

fn group_dates(docs: &[DocMentions]) -> Vec<Entity> {
    let mut groups: FxMap<String, (Option<String>, FxMap<String, usize>, Vec<Mention>)> =
        FxMap::default();
    for d in docs {
        for m in &d.dates {
            let surface = d.text.get(m.start..m.end).unwrap_or("").to_string();
            let key = match &m.value {
                Some(v) => v.clone(),
                None => format!("unresolved:{}", slug(&surface)),
            };
            let g = groups
                .entry(key)
                .or_insert_with(|| (m.value.clone(), FxMap::default(), Vec::new()));
            *g.1.entry(surface).or_default() += 1;
            g.2.push(Mention {
                doc: d.doc,
                start: m.start + d.offset,
                end: m.end + d.offset,
            });
        }
    }
    let mut out = Vec::new();
    for (key, (value, forms, mut mentions)) in groups {
        mentions.sort();
        mentions.dedup();
        let mut forms: Vec<(String, usize)> = forms.into_iter().collect();
        forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let name = match &value {
            Some(v) => v.clone(),
            None => forms.first().map(|f| f.0.clone()).unwrap_or_default(),
        };
        out.push(Entity {
            id: format!("date:{key}"),
            kind: EntityKind::Date,
            name: name.clone(),
            value,
            aliases: forms
                .into_iter()
                .map(|f| f.0)
                .filter(|f| *f != name)
                .collect(),
            mentions,
        });
    }
    out
}

/// Sorts entities (kind, mentions, name) and assigns unique stable ids.
fn finish(mut entities: Vec<Entity>) -> Vec<Entity> {
    entities.retain(|e| !e.mentions.is_empty());
    entities.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then_with(|| b.mentions.len().cmp(&a.mentions.len()))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.mentions.cmp(&b.mentions))
    });
    let mut seen: FxSet<String> = FxSet::default();
    for e in &mut entities {
        let base = if e.kind == EntityKind::Date {
            e.id.clone()
        } else {
            format!("{}:{}", e.kind.as_str(), slug(&e.name))
        };
        let mut id = base.clone();
        let mut n = 2;
        while !seen.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        e.id = id;
    }
    entities
}
