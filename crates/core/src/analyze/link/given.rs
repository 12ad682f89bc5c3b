//! Linking's entity pass: each settled mention, decided as the first pass noted
//! ([`decided`]), given its entity's slot and handed to the [`settled::Sink`], with each
//! slot's surfaces and canonical names counted. Three stages on the two cores
//! ([`settled::Store::each_decided`]): the mentions read back, their decisions applied and the
//! places' and the organizations' clusters found (closed and frozen: read only); the people's
//! clusters ([`people::People::doc`], which memoizes and numbers, so in order on one thread);
//! the slots' counts and the sink, in the order the mentions were always given (a
//! document's places and organizations, then its people).

use super::*;

/// Each slot's (slot, string, count) rows, sorted: its surfaces, and its canonical names.
pub(super) type Counted = (Vec<(u32, u32, u32)>, Vec<(u32, u32, u32)>);

/// The rows of `map`, sorted.
fn rows(map: FxMap<(u32, u32), u32>) -> Vec<(u32, u32, u32)> {
    let mut all: Vec<(u32, u32, u32)> = map.into_iter().map(|((s, x), n)| (s, x, n)).collect();
    all.sort_unstable();
    all
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
        let (mut surfaces, mut canons) = (FxMap::default(), FxMap::default());
        let mut give = |m: &NameMention, slot: u32| {
            *surfaces.entry((slot, m.surface)).or_default() += 1;
            if m.canon != NONE {
                *canons.entry((slot, m.canon)).or_default() += 1;
            }
            sink.give(slot, m.at).is_some()
        };
        let (mut extra_places, mut extra_orgs) = (FxMap::default(), FxMap::default());
        let mut apply = noted.apply();
        let mut failed = false;
        // As read back: the decisions applied, the places' and organizations' clusters.
        let first = |ms: &mut Vec<NameMention>, slots: &mut Vec<u32>| {
            apply.doc(ms);
            for m in ms.iter() {
                slots.push(match m.kind {
                    EntityKind::Place => places.frozen_root(m, forms, strs, &mut extra_places),
                    EntityKind::Organization => {
                        org_base + orgs.frozen_root(m, forms, strs, &mut extra_orgs)
                    }
                    _ => NONE,
                });
            }
        };
        // Then the people's.
        let decide = |ms: &mut Vec<NameMention>, slots: &mut Vec<u32>| {
            people.doc(ms, forms, |i, c| {
                if let Some(s) = slots.get_mut(i) {
                    *s = people_base + c;
                }
            });
        };
        // One decider: the people's clusters are found in order (they memoize and number).
        store.each_decided(first, vec![decide], |ms, slots, _| {
            // People after the rest, as they were given.
            for person in [false, true] {
                for (m, &slot) in ms.iter().zip(slots) {
                    if slot != NONE && (m.kind == EntityKind::Person) == person {
                        failed |= !give(m, slot);
                    }
                }
            }
        })?;
        if failed {
            return None;
        }
        Some((rows(surfaces), rows(canons)))
    }
}
