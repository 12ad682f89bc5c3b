//! Linking's entity pass: each settled mention, decided as the first pass noted
//! ([`decided`]), given its entity's slot and handed to the [`settled::Sink`], with each
//! slot's surfaces and canonical names counted. The work is split between two threads: the
//! thread reading the mentions back also applies their decisions, finds the places' and the
//! organizations' clusters (closed and frozen: read only) and counts their surfaces; the
//! calling thread gives the people their clusters (which memoizes, so needs `&mut`), counts
//! theirs and hands every mention to the sink in the order it always did.

use super::*;

/// Each slot's (slot, string, count) rows, sorted: its surfaces, and its canonical names.
pub(super) type Counted = (Vec<(u32, u32, u32)>, Vec<(u32, u32, u32)>);

/// The rows of `maps` (one count per (slot, string) in each), sorted, the counts of a key in
/// both added up.
fn rows(maps: [FxMap<(u32, u32), u32>; 2]) -> Vec<(u32, u32, u32)> {
    let mut all: Vec<(u32, u32, u32)> = maps
        .into_iter()
        .flat_map(|m| m.into_iter().map(|((s, x), n)| (s, x, n)))
        .collect();
    all.sort_unstable();
    let mut out: Vec<(u32, u32, u32)> = Vec::with_capacity(all.len());
    for (s, x, n) in all {
        match out.last_mut() {
            Some(l) if (l.0, l.1) == (s, x) => l.2 += n,
            _ => out.push((s, x, n)),
        }
    }
    out
}

/// The linker's tables the entity pass reads.
pub(super) struct Pass<'p, 'a> {
    pub forms: &'p Forms<'a>,
    pub strs: &'p [&'a str],
    pub places: &'p groups::PlaceOrg<'a>,
    pub orgs: &'p groups::PlaceOrg<'a>,
}

impl<'a> Pass<'_, 'a> {
    /// Gives every settled mention of `store` its slot (the places' clusters, then the
    /// organizations', then the people's) in `sink`; the slots' surfaces and canonical names
    /// counted. `None` when the store does not read back or the sink cannot be written.
    pub(super) fn give(
        &self,
        store: &settled::Store,
        noted: &decided::Decisions,
        people: &mut people::People<'a>,
        sink: &mut settled::Sink,
    ) -> Option<Counted> {
        let (forms, strs) = (self.forms, self.strs);
        let (places, orgs) = (self.places, self.orgs);
        let org_base = places.clusters() as u32;
        let people_base = org_base + orgs.clusters() as u32;
        let count = |surfaces: &mut FxMap<(u32, u32), u32>,
                     canons: &mut FxMap<(u32, u32), u32>,
                     m: &NameMention,
                     slot: u32| {
            *surfaces.entry((slot, m.surface)).or_default() += 1;
            if m.canon != NONE {
                *canons.entry((slot, m.canon)).or_default() += 1;
            }
        };
        // The reading thread's counts (places and organizations), then the caller's (people).
        let (mut read_surfaces, mut read_canons) = (FxMap::default(), FxMap::default());
        let (mut surfaces, mut canons) = (FxMap::default(), FxMap::default());
        let (mut extra_places, mut extra_orgs) = (FxMap::default(), FxMap::default());
        let mut apply = noted.apply();
        let mut failed = false;
        store.each_decided(
            |ms, slots| {
                apply.doc(ms);
                for m in ms.iter() {
                    let slot = match m.kind {
                        EntityKind::Place => places.frozen_root(m, forms, strs, &mut extra_places),
                        EntityKind::Organization => {
                            org_base + orgs.frozen_root(m, forms, strs, &mut extra_orgs)
                        }
                        _ => NONE,
                    };
                    if slot != NONE {
                        count(&mut read_surfaces, &mut read_canons, m, slot);
                    }
                    slots.push(slot);
                }
            },
            |ms, slots| {
                for (m, &slot) in ms.iter().zip(slots) {
                    if slot != NONE {
                        failed |= sink.give(slot, m.at).is_none();
                    }
                }
                people.doc(ms, forms, |i, c| {
                    if let Some(m) = ms.get(i) {
                        count(&mut surfaces, &mut canons, m, people_base + c);
                        failed |= sink.give(people_base + c, m.at).is_none();
                    }
                });
            },
        )?;
        if failed {
            return None;
        }
        Some((rows([read_surfaces, surfaces]), rows([read_canons, canons])))
    }
}
