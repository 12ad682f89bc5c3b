//! Emitting a candidate: the span trimmed of what never starts or ends a name, its key and
//! parts; a company's possessive kept in the span; and the test for a portfolio word before a
//! role. Beside the name rules, for length.

use super::*;
use compact_str::CompactString;

impl Ctx<'_, '_> {
    pub(super) fn emit(
        &mut self,
        a: usize,
        b: usize,
        kind: Option<EntityKind>,
        strength: u8,
        canon: Option<&'static str>,
    ) {
        let t = self.t;
        let (mut a, mut b) = (a, b.min(t.len()));
        // A name never starts or ends with a lowercase word ("of Sony", "for Kensington") or
        // punctuation, nor starts with a weekday ("Wednesday Tony Blair"), unless "the" stands
        // before it: then the weekday is part of a title ("The Sunday Mail").
        while a < b
            && (t.toks[a].kind != Kind::Word
                || !t.toks[a].cap
                || (b - a > 1
                    && t.toks[a + 1].kind == Kind::Word
                    && is_weekday(self.word(a))
                    && !(a > 0 && t.toks[a - 1].kind == Kind::Word && self.word(a - 1) == "the")))
        {
            a += 1;
        }
        // Nor ends with one ("Clayton Yeutter Monday", "Tony Blair Wednesday"); a common word
        // before a weekday names a day ("Black Friday", "Super Tuesday"), not a name.
        let b0 = b;
        while b > a
            && (t.toks[b - 1].kind != Kind::Word
                || !t.toks[b - 1].cap
                || (b - a > 1 && is_weekday(self.word(b - 1))))
        {
            b -= 1;
        }
        if b < b0 && b == a + 1 && is_weekday(self.word(b)) && self.on(a, B_COMMON) {
            return;
        }
        if a >= b {
            return;
        }
        if b - a == 1 && self.no_name_alone(a, b) {
            return;
        }
        // Offsets are kept as u32 (see `cand`): a name past 4 GiB into a body is left out.
        let (Ok(start), Ok(end)) = (
            u32::try_from(t.toks[a].start),
            u32::try_from(t.toks[b - 1].end),
        ) else {
            return;
        };
        // A one-word name's key is its word; a longer one's is joined in the context's
        // scratch string and copied once: pushing onto a `CompactString` word by word costs
        // more than the copy.
        let mut parts = Parts::with_capacity(b - a);
        let key = if b == a + 1 {
            let w = self.word(a);
            parts.push(Part {
                start,
                end,
                norm: (0, w.len() as u32),
                word: t.toks[a].kind != Kind::Punct,
            });
            CompactString::from(w)
        } else {
            let mut joined = self.scratch.take();
            joined.clear();
            for i in a..b {
                if i > a {
                    joined.push(' ');
                }
                let ns = joined.len() as u32;
                joined.push_str(self.word(i));
                parts.push(Part {
                    // Within start..=end, so within u32.
                    start: t.toks[i].start as u32,
                    end: t.toks[i].end as u32,
                    norm: (ns, joined.len() as u32),
                    word: t.toks[i].kind != Kind::Punct,
                });
            }
            let key = CompactString::from(joined.as_str());
            self.scratch.set(joined);
            key
        };
        self.out.push(Cand {
            start: start as usize,
            end: end as usize,
            kind,
            strength,
            key,
            parts,
            canon,
            acronym_of: None,
        });
    }

    /// Is `a..b` one portfolio word ("Finance", "Defence") that no gazetteer knows ("Labour"
    /// is a party), before a lowercase role ("director", "chief")?
    pub(super) fn portfolio_before_role(&self, a: usize, b: usize) -> bool {
        let t = self.t;
        b == a + 1
            && self.is_complement(a)
            && self.lookup1(a).is_none()
            && t.is_lower_word(b)
            && self.on(b, B_ROLE)
    }

    /// Emits `a..b` as an organization whose name goes on through the possessive at `b`
    /// ("Moody's"): the 's joins the span as a part that is no word, but not the key, so the
    /// name still links with its other mentions ("Moody's Investors Service", "Moody said").
    pub(super) fn emit_possessive(&mut self, a: usize, b: usize, strength: u8) {
        let n = self.out.len();
        self.emit(a, b, Some(EntityKind::Organization), strength, None);
        let t = self.t;
        let Some(c) = self.out.get_mut(n) else {
            return;
        };
        if b < t.len() && t.toks[b].kind == Kind::Poss && c.end == t.toks[b - 1].end {
            let (Ok(start), Ok(end)) =
                (u32::try_from(t.toks[b].start), u32::try_from(t.toks[b].end))
            else {
                return;
            };
            let ns = c.key.len() as u32;
            c.parts.push(Part {
                start,
                end,
                norm: (ns, ns),
                word: false,
            });
            c.end = t.toks[b].end;
        }
    }
}
