//! Linking's last step: the entities sorted (by kind, most mentioned first, then by name)
//! and given unique stable ids, each kind on a thread of its own (a large kind in two halves).

use super::*;

/// Sorts entities (kind, mentions, name) and assigns unique stable ids.
pub(super) fn finish(entities: Vec<Entity>) -> Vec<Entity> {
    finish_split(entities, SPLIT_AT)
}

/// A kind with this many entities (the people, at scale) is sorted in two halves, on two
/// threads, then merged.
const SPLIT_AT: usize = 1 << 14;

/// [`finish`], splitting kinds of `split_at` entities or more.
fn finish_split(mut entities: Vec<Entity>, split_at: usize) -> Vec<Entity> {
    entities.retain(|e| !e.mentions.is_empty());
    // The kind is the order's first key: each kind's entities, brought together in place in
    // the kinds' order (they come one kind after another), are sorted and given their ids'
    // bases on threads of their own, which is what one sort of all gives (a large kind in
    // two halves, each sorted, then merged: the sort is stable, and so is the merge). The
    // ids are made unique after, in order.
    let sort_and_base = |run: &mut [Entity]| {
        sort_entities(run);
        for e in run.iter_mut() {
            e.id = id_base(e);
        }
        crate::phase::thread_done("a kind's entities sorted");
    };
    match kind_runs(&mut entities) {
        Some(runs) => {
            // Split runs: (start, middle, end).
            let mut halves: Vec<(usize, usize, usize)> = Vec::new();
            std::thread::scope(|s| {
                let mut rest = &mut entities[..];
                let mut at = 0;
                for n in runs {
                    let (run, after) = rest.split_at_mut(n);
                    rest = after;
                    if n >= split_at.max(2) {
                        let (a, b) = run.split_at_mut(n / 2);
                        halves.push((at, at + n / 2, at + n));
                        s.spawn(move || sort_and_base(a));
                        s.spawn(move || sort_and_base(b));
                    } else {
                        s.spawn(move || sort_and_base(run));
                    }
                    at += n;
                }
            });
            if !halves.is_empty() {
                entities = merge_halves(entities, &halves);
            }
        }
        None => {
            sort_entities(&mut entities);
            for e in &mut entities {
                e.id = id_base(e);
            }
        }
    }
    unique_ids(&mut entities);
    entities
}

/// Makes the ids unique in order, as [`unique_id`] over each in turn does (an id taken by an
/// entity before becomes `base-2`, `base-3`…, the first not taken), without a copy of every
/// id: the set borrows the ids kept, and owns only the few made (at a million documents the
/// copies were ~100 MB at linking's end, its peak).
fn unique_ids(entities: &mut [Entity]) {
    let mut renamed: Vec<(usize, String)> = Vec::new();
    {
        let mut kept: FxSet<&str> = FxSet::default();
        kept.reserve(entities.len());
        let mut made: FxSet<String> = FxSet::default();
        for (i, e) in entities.iter().enumerate() {
            let base = e.id.as_str();
            if !kept.contains(base) && !made.contains(base) {
                kept.insert(base);
                continue;
            }
            let mut n = 2;
            loop {
                let id = format!("{base}-{n}");
                if !kept.contains(id.as_str()) && !made.contains(&id) {
                    made.insert(id.clone());
                    renamed.push((i, id));
                    break;
                }
                n += 1;
            }
        }
    }
    for (i, id) in renamed {
        if let Some(e) = entities.get_mut(i) {
            e.id = id;
        }
    }
}

/// `entities` with each of `halves` (start, middle, end: two sorted runs side by side)
/// merged in the entities' order, the first half's first where they tie.
fn merge_halves(mut entities: Vec<Entity>, halves: &[(usize, usize, usize)]) -> Vec<Entity> {
    let mut order: Vec<usize> = Vec::with_capacity(entities.len());
    let mut at = 0;
    for &(a, m, b) in halves {
        order.extend(at..a);
        let (mut i, mut j) = (a, m);
        while i < m && j < b {
            if entity_order(&entities[j], &entities[i]) == std::cmp::Ordering::Less {
                order.push(j);
                j += 1;
            } else {
                order.push(i);
                i += 1;
            }
        }
        order.extend(i..m);
        order.extend(j..b);
        at = b;
    }
    order.extend(at..entities.len());
    permute(&mut entities, &mut order);
    entities
}

/// Puts `v[order[k]]` at `k` for every `k`, in place (`order`, a permutation of `v`'s
/// indices, is used up): one cycle at a time, by swaps. A second list of the entities (~130
/// bytes each) was made before, at linking's peak.
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len().min(v.len()) {
        let mut k = start;
        loop {
            let from = std::mem::replace(&mut order[k], DONE);
            if from == DONE || from == start || from >= v.len() {
                break;
            }
            v.swap(k, from);
            k = from;
        }
    }
}

/// Puts each kind's entities together in the kinds' order, in place and keeping their order,
/// when each kind's are one run of the list (as linking makes them); gives the runs' lengths,
/// or `None` (the list unchanged) when a kind's are not one run.
fn kind_runs(entities: &mut [Entity]) -> Option<Vec<usize>> {
    let kinds = EntityKind::ALL.len();
    let mut seen = vec![false; kinds];
    for (i, e) in entities.iter().enumerate() {
        let k = e.kind.index();
        let new_run = i == 0 || entities[i - 1].kind != e.kind;
        if new_run {
            if *seen.get(k)? {
                return None;
            }
            seen[k] = true;
        }
    }
    let mut runs = Vec::with_capacity(kinds);
    let mut at = 0;
    for k in EntityKind::ALL {
        let Some(from) = entities[at..].iter().position(|e| e.kind == k) else {
            continue;
        };
        let n = entities[at + from..]
            .iter()
            .take_while(|e| e.kind == k)
            .count();
        // The run moved to `at`, what was between shifted after it in its order.
        entities[at..at + from + n].rotate_right(n);
        runs.push(n);
        at += n;
    }
    Some(runs)
}

/// The entities' order: by kind, most mentioned first, then by name.
pub(crate) fn sort_entities(entities: &mut [Entity]) {
    entities.sort_by(entity_order);
}

/// [`sort_entities`]' order.
fn entity_order(a: &Entity, b: &Entity) -> std::cmp::Ordering {
    a.kind
        .cmp(&b.kind)
        .then_with(|| b.mentions.len().cmp(&a.mentions.len()))
        .then_with(|| a.name.cmp(&b.name))
        .then_with(|| a.mentions.cmp(&b.mentions))
}

/// What an entity's id is made from: `kind:slug-of-name` (a date keeps its `date:` id).
pub(crate) fn id_base(e: &Entity) -> String {
    if e.kind == EntityKind::Date {
        e.id.clone()
    } else {
        format!("{}:{}", e.kind.as_str(), slug(&e.name))
    }
}

/// `base`, or `base-2`, `base-3`… : the first not in `seen`, which then holds it.
pub(crate) fn unique_id<S: std::hash::BuildHasher>(
    seen: &mut std::collections::HashSet<String, S>,
    base: String,
) -> String {
    let mut id = base.clone();
    let mut n = 2;
    while !seen.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(kind: EntityKind, name: &str, docs: &[u32]) -> Entity {
        Entity {
            id: if kind == EntityKind::Date {
                format!("date:{name}")
            } else {
                String::new()
            },
            kind,
            name: name.into(),
            value: None,
            aliases: Vec::new(),
            mentions: docs
                .iter()
                .map(|&doc| Mention {
                    doc,
                    start: 0,
                    end: 1,
                })
                .collect::<Vec<_>>()
                .into(),
        }
    }

    /// What [`finish`] gave before its kinds were sorted apart: one sort of all, then the ids.
    fn finished_whole(mut entities: Vec<Entity>) -> Vec<(String, EntityKind, String)> {
        entities.retain(|e| !e.mentions.is_empty());
        sort_entities(&mut entities);
        let mut seen: FxSet<String> = FxSet::default();
        entities
            .iter()
            .map(|e| (unique_id(&mut seen, id_base(e)), e.kind, e.name.clone()))
            .collect()
    }

    /// Kinds in runs (as linking makes them) or not, the kinds sorted apart give the order and
    /// the ids one sort of all gives, repeated names' ids numbered in that order.
    #[test]
    fn kinds_sorted_apart_as_one_sort() {
        use EntityKind::{Date, Organization as Org, Person, Place};
        let runs = vec![
            entity(Place, "Lima", &[1]),
            entity(Place, "Oslo", &[1, 2]),
            entity(Place, "Empty", &[]),
            entity(Org, "Acme", &[3]),
            entity(Org, "lima", &[4, 5, 6]),
            entity(Person, "Ann Bo", &[1]),
            entity(Person, "Ann  Bo", &[2]),
            entity(Person, "Cy", &[2, 3]),
            entity(Date, "2020-01-02", &[7]),
        ];
        let mut mixed = runs.clone();
        mixed.swap(0, 5);
        for es in [runs, mixed, Vec::new()] {
            let want = finished_whole(es.clone());
            // Whole kinds, and every kind of two or more in halves merged.
            for split_at in [SPLIT_AT, 2] {
                let got: Vec<_> = finish_split(es.clone(), split_at)
                    .into_iter()
                    .map(|e| (e.id, e.kind, e.name))
                    .collect();
                assert_eq!(got, want);
            }
        }
        let mut mixed = vec![entity(Place, "A", &[1]), entity(Person, "B", &[1])];
        mixed.push(entity(Place, "C", &[1]));
        assert!(kind_runs(&mut mixed).is_none(), "a kind in two runs");
        let mut one = vec![entity(Org, "A", &[1]), entity(Person, "B", &[1])];
        assert_eq!(kind_runs(&mut one), Some(vec![1, 1]));
        assert_eq!(one[0].kind, Person);
    }

    /// The ids made unique in place are the ones [`unique_id`] gives one at a time, where a
    /// made id (`a-2`) meets a name's own (`a-2`) before or after it.
    #[test]
    fn unique_ids_as_one_at_a_time() {
        let bases = [
            "p:a", "p:a", "p:a-2", "p:b-2", "p:b", "p:b", "p:a", "p:a-3", "p:a-2",
        ];
        let mut es: Vec<Entity> = bases
            .iter()
            .map(|b| {
                let mut e = entity(EntityKind::Person, "x", &[1]);
                e.id = (*b).to_string();
                e
            })
            .collect();
        let mut seen: FxSet<String> = FxSet::default();
        let want: Vec<String> = bases
            .iter()
            .map(|b| unique_id(&mut seen, (*b).to_string()))
            .collect();
        unique_ids(&mut es);
        let got: Vec<String> = es.into_iter().map(|e| e.id).collect();
        assert_eq!(got, want);
        assert_eq!(got[2], "p:a-2-2");
        assert_eq!(got[6], "p:a-3");
        assert_eq!(got[7], "p:a-3-2");
    }

    /// A permutation applied in place puts each item where the order says.
    #[test]
    fn permuted_in_place() {
        let mut order = vec![3, 0, 4, 1, 2, 5, 7, 6];
        let want: Vec<usize> = order.iter().map(|&i| i * 10).collect();
        let mut v: Vec<usize> = (0..order.len()).map(|i| i * 10).collect();
        permute(&mut v, &mut order);
        assert_eq!(v, want);
    }
}
