//! Each settled mention's decision, noted in the first pass over the settled mentions and
//! applied in the second, so a document is decided once ([`super::decide`]'s work was done
//! twice, once per pass). Deciding only sets a mention's kind, drops it, or joins a lone head
//! word to an organization of its document (taking that one's form, canonical name and
//! acronym); so two bits a mention (its kind, or dropped) and, for the few joined, the three
//! numbers they took: ~28 MB at a million documents (~113 million mentions).

use super::*;

/// Two bits a mention: its kind's place in [`KINDS`], or this.
const DROPPED: u8 = 3;

/// What [`Decisions::note`] is given of a mention that stays: its number in its document
/// before deciding, with [`JOINED`] when it was joined to an organization.
pub(super) fn made(orig: u32, joined: bool) -> u32 {
    orig | if joined { JOINED } else { 0 }
}

/// The bit of [`made`] saying a mention was joined (a document has fewer mentions).
const JOINED: u32 = 1 << 31;

/// The decisions of every settled mention, in the settled mentions' order.
#[derive(Default)]
pub(super) struct Decisions {
    /// Four mentions a byte, the first in the low bits.
    codes: Vec<u8>,
    /// Mentions noted.
    n: u64,
    /// The mentions joined to an organization: (number, form, canonical name, acronym's long
    /// form), in order.
    joined: Vec<(u64, u32, u32, u32)>,
}

impl Decisions {
    fn push(&mut self, code: u8) {
        let (byte, shift) = ((self.n / 4) as usize, 2 * (self.n % 4) as u32);
        if byte == self.codes.len() {
            self.codes.push(0);
        }
        if let Some(b) = self.codes.get_mut(byte) {
            *b |= code << shift;
        }
        self.n += 1;
    }

    fn code(&self, at: u64) -> u8 {
        self.codes
            .get((at / 4) as usize)
            .map_or(DROPPED, |b| b >> (2 * (at % 4) as u32) & 3)
    }

    /// Notes one document's decisions: it had `n` mentions; `kept` are the ones that stay, as
    /// decided, and `made` what [`made`] made of each (its number before deciding, increasing,
    /// and whether it was joined to an organization).
    pub(super) fn note(&mut self, n: usize, kept: &[NameMention], made: &[u32]) {
        let base = self.n;
        let mut stay = kept.iter().zip(made).peekable();
        for i in 0..n as u32 {
            match stay.next_if(|(_, &o)| o & !JOINED == i) {
                Some((m, &o)) => {
                    let code = KINDS.iter().position(|&k| k == m.kind).unwrap_or(3) as u8;
                    self.push(code.min(DROPPED));
                    if o & JOINED != 0 {
                        self.joined
                            .push((base + u64::from(i), m.form, m.canon, m.acronym_of));
                    }
                }
                None => self.push(DROPPED),
            }
        }
    }

    /// The reader of the decisions, from the first mention.
    pub(super) fn apply(&self) -> Apply<'_> {
        Apply {
            of: self,
            at: 0,
            next_joined: 0,
        }
    }
}

/// Applies the noted decisions to the settled mentions as they come back, in order.
pub(super) struct Apply<'d> {
    of: &'d Decisions,
    at: u64,
    next_joined: usize,
}

impl Apply<'_> {
    /// Decides one document's mentions (`ms`, in order) as they were decided when noted.
    pub(super) fn doc(&mut self, ms: &mut Vec<NameMention>) {
        let mut w = 0;
        for r in 0..ms.len() {
            let at = self.at + r as u64;
            let code = self.of.code(at);
            let Some(&kind) = KINDS.get(code as usize) else {
                continue;
            };
            let mut m = ms[r];
            m.kind = kind;
            if let Some(&(_, form, canon, acronym_of)) =
                self.of.joined.get(self.next_joined).filter(|j| j.0 == at)
            {
                m.form = form;
                m.canon = canon;
                m.acronym_of = acronym_of;
                self.next_joined += 1;
            }
            ms[w] = m;
            w += 1;
        }
        self.at += ms.len() as u64;
        ms.truncate(w);
    }
}

/// [`Vec::retain`] on `ms` with `beside` (as long) kept in step; `keep` is given each
/// mention's index in `ms` as it was.
pub(super) fn retain_beside(
    ms: &mut Vec<NameMention>,
    beside: &mut Vec<u32>,
    mut keep: impl FnMut(usize, &NameMention) -> bool,
) {
    let mut w = 0;
    for r in 0..ms.len() {
        if keep(r, &ms[r]) {
            ms[w] = ms[r];
            if let (Some(&b), true) = (beside.get(r), w < beside.len()) {
                beside[w] = b;
            }
            w += 1;
        }
    }
    ms.truncate(w);
    beside.truncate(w);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(doc: u32, start: u32, kind: EntityKind) -> NameMention {
        NameMention {
            at: Mention {
                doc,
                start,
                end: start + 2,
            },
            kind,
            vote: 1,
            form: start,
            surface: start,
            canon: NONE,
            acronym_of: NONE,
            titled: false,
        }
    }

    /// A decision as deciding makes one: kinds changed, mentions dropped, one joined to
    /// another's form; `orig` and `joined` kept as [`super::super::decide`] keeps them.
    fn decide(ms: &mut Vec<NameMention>, orig: &mut Vec<u32>, joined: &mut Vec<u32>) {
        orig.clear();
        orig.extend(0..ms.len() as u32);
        joined.clear();
        for x in ms.iter_mut() {
            if x.at.start % 3 == 0 {
                x.kind = EntityKind::Place;
            }
        }
        retain_beside(ms, orig, |_, x| x.at.start % 5 != 1);
        let target = ms.first().map(|f| (f.form, f.canon));
        if let (Some((form, _)), Some(last)) = (target, ms.len().checked_sub(1)) {
            if last > 0 {
                ms[last].kind = EntityKind::Organization;
                ms[last].form = form;
                ms[last].canon = 77;
                joined.push(orig[last]);
            }
        }
        retain_beside(ms, orig, |i, _| i != 1);
    }

    /// Applied, the noted decisions give every document exactly what deciding it gave.
    #[test]
    fn noted_decisions_apply_as_made() {
        let docs: Vec<Vec<NameMention>> = (0..40u32)
            .map(|d| {
                (0..(d % 7))
                    .map(|i| m(d, 10 * i + d, KINDS[(i % 3) as usize]))
                    .collect()
            })
            .collect();
        let mut noted = Decisions::default();
        let (mut orig, mut joined) = (Vec::new(), Vec::new());
        let mut want = Vec::new();
        for d in &docs {
            let mut ms = d.clone();
            decide(&mut ms, &mut orig, &mut joined);
            let made: Vec<u32> = orig.iter().map(|&o| made(o, joined.contains(&o))).collect();
            noted.note(d.len(), &ms, &made);
            want.push(ms);
        }
        assert!(!noted.joined.is_empty(), "some mentions are joined");
        let mut apply = noted.apply();
        for (d, want) in docs.iter().zip(&want) {
            let mut ms = d.clone();
            apply.doc(&mut ms);
            let fields = |v: &[NameMention]| -> Vec<(u32, EntityKind, u32, u32)> {
                v.iter()
                    .map(|x| (x.at.start, x.kind, x.form, x.canon))
                    .collect()
            };
            assert_eq!(fields(&ms), fields(want));
        }
    }
}
