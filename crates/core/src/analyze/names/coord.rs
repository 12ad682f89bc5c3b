//! Two names joined by "and" inside one capitalized run: "Credit Suisse and Swiss Bank Corp",
//! "Bank of England and U.S.", "Department of Homeland Security and Alex Azar". A run that ends
//! in an organization's or place's head is kept whole ("Food and Drug Administration",
//! "Department of Trade and Industry"); it is two names when each side is complete on its own.
//! Beside the name rules, for length.

use super::super::lexicon::{
    LexKind, Lexicon, B_COMMON, B_GIVEN, B_ORG_PREFIX, B_ORG_SUFFIX, B_PLACE_SUFFIX, B_TITLE,
};
use super::super::tokenize::{Kind, Tokens};
use super::cues::is_company_designator;
use super::words::WordSieve;
use super::{Cand, Ctx, Part, LEXICON, STRONG};
use crate::model::EntityKind;

/// Legal forms that close a company's name ("Inc", "Ltd", "S.A."), folded and without dots:
/// unlike the broader designators ("Securities", "Capital", "Group",
/// [`super::cues::is_company_designator`], which takes these too), nothing of the same name
/// follows them. The one list of them: a new form is added here.
pub const LEGAL_FORMS: &[&str] = &[
    "inc",
    "corp",
    "co",
    "cos",
    "ltd",
    "plc",
    "llc",
    "lp",
    "ag",
    "sa",
    "nv",
    "gmbh",
    "bv",
    "spa",
    "ab",
    "oy",
    "oyj",
    "asa",
    "bhd",
    "berhad",
    "pty",
    "corporation",
    "company",
];

/// Is `w` (folded) one of the [`LEGAL_FORMS`], dots aside ("S.A.", "Inc.")?
pub fn legal_form(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    // (A copy without the dots only for a word that has some: most have none.)
    if w.contains('.') {
        LEGAL_FORMS.contains(&w.replace('.', "").as_str())
    } else {
        LEGAL_FORMS.contains(&w)
    }
}

/// "Moody's Investors Service Inc": a name, its possessive and a company closed by its legal
/// form right after it are one company, not a name and a company "Investors Service Inc".
/// The left name is unresolved or an organization (not "Britain's Barclays Bank Plc"), the
/// company opens with a common word ("Investors", "Finance"): a parent's subsidiary has a name
/// of its own ("PepsiCo's Taco Bell Corp").
pub(super) fn possessive_companies(t: &Tokens<'_>, lex: &Lexicon, out: &mut Vec<Cand>) {
    // "Carl Icahn ... Icahn's Transworld Airlines Inc": a person's surname in the document.
    let surname = |out: &[Cand], key: &str| {
        out.iter().any(|c| {
            c.kind == Some(EntityKind::Person) && c.n_words() >= 2 && c.words().last() == Some(key)
        })
    };
    let mut i = 1;
    while i < out.len() {
        let (x, y) = (&out[i - 1], &out[i]);
        let joined = x.kind.is_none_or(|k| k == EntityKind::Organization)
            && x.n_words() <= 2
            && y.kind == Some(EntityKind::Organization)
            && y.n_words() >= 2
            && y.words().last().is_some_and(legal_form)
            && y.words().next().is_some_and(|w| lex.is_common(w))
            && possessive_between(t, x.end, y.start)
            && !surname(out, &x.key);
        if !joined {
            i += 1;
            continue;
        }
        let y = out.remove(i);
        let x = &mut out[i - 1];
        let ns = x.key.len() as u32;
        // The 's joins the span as a part that is no word (as in `emit_possessive`).
        x.parts.push(Part {
            // Between two candidates' offsets, so within u32 as theirs are.
            start: x.end as u32,
            end: y.start.saturating_sub(1) as u32,
            norm: (ns, ns),
            word: false,
        });
        x.key.push(' ');
        let shift = x.key.len() as u32;
        x.key.push_str(&y.key);
        x.parts.extend(y.parts.into_iter().map(|mut p| {
            p.norm = (p.norm.0 + shift, p.norm.1 + shift);
            p
        }));
        x.end = y.end;
        x.kind = Some(EntityKind::Organization);
        x.strength = x.strength.max(y.strength);
        x.canon = None;
    }
}

/// "Kidder, Peabody and Co Inc" … "Sole manager Kidder Peabody said": a person's name whose
/// every word the same document names as a company (by its designator or legal form) is that
/// company, a partnership named after its founders. Lexicon names stay.
pub(super) fn partners_of_a_company(cands: &mut [Cand]) {
    // One pass for the companies' keys, borrowed (no copies), and whether anyone is named: the
    // people to change are found first, then changed.
    let mut keys: Vec<&str> = Vec::new();
    let mut people = false;
    for c in cands.iter() {
        match c.kind {
            Some(EntityKind::Organization) if c.strength >= STRONG => keys.push(&c.key),
            Some(EntityKind::Person) => people = true,
            _ => {}
        }
    }
    if keys.is_empty() || !people {
        return;
    }
    // A document names a few companies: a sieve and a scan, no hash set built.
    let sieve = WordSieve::new(keys.iter().copied());
    let known = |w: &str| sieve.may_hold(w) && keys.contains(&w);
    let partners: Vec<usize> = cands
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.kind == Some(EntityKind::Person)
                && c.strength < LEXICON
                && c.n_words() >= 2
                && (known(&c.key) || c.words().all(known))
        })
        .map(|(i, _)| i)
        .collect();
    drop(keys);
    for i in partners {
        if let Some(c) = cands.get_mut(i) {
            c.kind = Some(EntityKind::Organization);
            c.strength = STRONG;
        }
    }
}

/// Is the text between byte `end` and byte `start` exactly a possessive and one space?
fn possessive_between(t: &Tokens<'_>, end: usize, start: usize) -> bool {
    let Ok(p) = t.toks.binary_search_by_key(&end, |k| k.start) else {
        return false;
    };
    t.toks[p].kind == Kind::Poss
        && !t.toks[p].space_before
        && t.toks[p].end + 1 == start
        && t.text.as_bytes().get(t.toks[p].end) == Some(&b' ')
}

impl Ctx<'_, '_> {
    /// The words of `a..b` (no punctuation).
    fn words_in(&self, a: usize, b: usize) -> impl Iterator<Item = usize> + '_ {
        (a..b).filter(|&i| self.t.toks[i].kind == Kind::Word)
    }

    /// Is `a..b` a whole name on its own: a gazetteer name, a company closed by its legal
    /// form, a head "of" a known place ("Bank of Taiwan"), or a place with its head ("Bay
    /// Area", "Los Angeles County")?
    pub(super) fn complete_name(&self, a: usize, b: usize) -> bool {
        let t = self.t;
        let words = self.words_in(a, b).count();
        if words == 0 || !t.toks[a].cap {
            return false;
        }
        if self.lookup_span(a, b).is_some() {
            return true;
        }
        if words >= 2 && self.ends_in_legal_form(a, b) {
            return true;
        }
        let last = self.words_in(a, b).last().unwrap_or(a);
        if words >= 2 && self.on(last, B_PLACE_SUFFIX) && !self.on(last, B_TITLE) {
            return true;
        }
        (a + 1..b).any(|i| {
            t.is_lower_word(i)
                && t.is(i, "of")
                && self.on(i - 1, B_ORG_SUFFIX)
                && self
                    .lookup_span(i + 1, b)
                    .is_some_and(|e| e.kind == LexKind::Place)
        })
    }

    /// Does `a..b` end in a legal form, also one written with inner dots that the tokenizer
    /// splits ("Cypress Partners L.P", "Foo S.A")?
    fn ends_in_legal_form(&self, a: usize, b: usize) -> bool {
        let t = self.t;
        let Some(last) = self.words_in(a, b).last() else {
            return false;
        };
        if legal_form(self.word(last)) {
            return true;
        }
        // Glue the unspaced letters and dots before the last word: "L" "." "P" → "lp".
        let mut s = self.word(last).to_string();
        let mut i = last;
        while i > a + 1 && !t.toks[i].space_before && s.len() < 6 {
            i -= 1;
            s.insert_str(0, self.word(i));
        }
        i > a && s != self.word(last) && legal_form(&s)
    }

    /// Is `a..b` a company's name by its shape: two words or more, opening with an
    /// organization's prefix ("Credit Suisse", "Banco Central") or holding an organization's
    /// head ("Swiss Bank", "Cypress Partners")?
    fn org_shaped(&self, a: usize, b: usize) -> bool {
        self.words_in(a, b).count() >= 2
            && (self.on(a, B_ORG_PREFIX)
                || self
                    .words_in(a, b)
                    .any(|i| self.on(i, B_ORG_SUFFIX) || is_company_designator(self.word(i))))
    }

    /// Is `a..b` shaped as a person's name: a given name and one or two more capitalized
    /// words, none of them a head, a designator or a title?
    fn person_shaped(&self, a: usize, b: usize) -> bool {
        let t = self.t;
        (2..=3).contains(&(b - a))
            && self.on(a, B_GIVEN)
            && (a..b).all(|i| {
                t.toks[i].kind == Kind::Word
                    && t.toks[i].cap
                    && !t.toks[i].upper
                    && !self.on(i, B_ORG_SUFFIX | B_PLACE_SUFFIX | B_TITLE)
                    && !is_company_designator(self.word(i))
            })
            && self.lookup_span(a, b).is_none()
    }

    /// Is what follows "and" at `k` one common word closed by a legal form: a line of
    /// business ("Sumitomo Trust and Banking Co Ltd", "Fiat Finance and Trade Ltd") or a
    /// partner ("Bell and Howell Co")? It names no company of its own: the run is one company.
    pub(super) fn business_after_and(&self, k: usize) -> bool {
        let t = self.t;
        let r = k + 1;
        if r >= t.len() || t.toks[r].kind != Kind::Word || !t.toks[r].cap {
            return false;
        }
        // "Merrill Lynch and Co Inc": a partnership's "and Co", read by its own cue.
        let w = self.word(r);
        if !self.on(r, B_COMMON) || self.on(r, B_GIVEN) || legal_form(w) || is_company_designator(w)
        {
            return false;
        }
        // A place and a company ("Canada and Pearson Plc"), or two companies each closed by
        // its legal form ("Gordon Capital Corp and Dominion Securities Inc"), are two names.
        if k == 0
            || legal_form(self.word(k - 1))
            || self
                .lookup1(k - 1)
                .is_some_and(|e| e.kind == LexKind::Place)
        {
            return false;
        }
        // The capitalized words after it, with the dots glued to them ("Co.", "S.A.").
        let mut b = r + 1;
        while b < t.len()
            && t.toks[b].nl_before == 0
            && (t.toks[b].kind == Kind::Word && t.toks[b].cap
                || t.is_punct(b, '.') && !t.toks[b].space_before)
        {
            b += 1;
        }
        b > r + 1
            && self
                .words_in(r + 1, b)
                .all(|i| legal_form(self.word(i)) || is_company_designator(self.word(i)))
            && self.ends_in_legal_form(r, b)
    }

    /// Does "and" at `k` join two names in `a..b` that the run's head would otherwise keep
    /// together? The right side must open with a name's word (not "Co", "the"), and be a
    /// person's name, or be whole beside a left side that is whole too.
    pub(super) fn two_names_joined(&self, a: usize, k: usize, b: usize) -> bool {
        let t = self.t;
        let r = k + 1;
        if r >= b || a >= k || t.toks[r].kind != Kind::Word || !t.toks[r].cap {
            return false;
        }
        if is_company_designator(self.word(r)) || legal_form(self.word(r)) {
            return false;
        }
        if self.person_shaped(r, b) {
            return true;
        }
        // "Fidelity Bank and Trust Co": a right side of heads and legal forms alone names no
        // company of its own.
        if self.words_in(r, b).all(|i| {
            self.on(i, B_ORG_SUFFIX)
                || is_company_designator(self.word(i))
                || legal_form(self.word(i))
        }) {
            return false;
        }
        let right_whole =
            self.complete_name(r, b) || (self.words_in(r, b).count() >= 2 && self.headed(r, b));
        if right_whole && self.complete_name(a, k) {
            return true;
        }
        // Two companies: the right one closed by its legal form and opening with a name of its
        // own (not "Trust Co" of "Fidelity Bank and Trust Co"), the left one a company by its
        // shape ("Credit Suisse and Swiss Bank Corp").
        self.words_in(r, b).count() >= 2
            && self.ends_in_legal_form(r, b)
            && !self.on(r, B_ORG_SUFFIX | B_ORG_PREFIX)
            && self.org_shaped(a, k)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::cands;
    use crate::model::EntityKind;

    #[test]
    fn a_persons_possessive_before_a_company_stays_apart() {
        let v = cands("Carl Icahn made a bid. Icahn's Transworld Airlines Inc offered cash.");
        assert!(
            v.iter().any(|(s, _)| s == "Transworld Airlines Inc"),
            "{v:?}"
        );
        let v = cands("It reports to undersecretary of Economic Affairs Robert Ortner today.");
        assert!(v.iter().any(|(s, _)| s == "Robert Ortner"), "{v:?}");
    }

    #[test]
    fn a_partnership_named_as_a_company_in_its_document_is_no_person() {
        let text = "Sole manager Kidder Peabody said the notes sold well. The notes were \
                    offered by Kidder, Peabody and Co Inc on Monday. Jack Kirnan said so.";
        let v = super::super::tests::found(text);
        assert!(
            v.iter()
                .any(|(s, k)| s == "Kidder Peabody" && *k == Some(EntityKind::Organization)),
            "{v:?}"
        );
        assert!(
            v.iter()
                .any(|(s, k)| s == "Jack Kirnan" && *k == Some(EntityKind::Person)),
            "{v:?}"
        );
    }

    #[test]
    fn two_whole_names_joined_by_and_are_two_names() {
        for (text, parts) in [
            (
                "It signed with Bank of America and First Los Angeles Bank on Monday.",
                ["Bank of America", "First Los Angeles Bank"],
            ),
            (
                "Officials of the Department of Homeland Security and Alex Azar spoke.",
                ["Department of Homeland Security", "Alex Azar"],
            ),
            (
                "The firm bought Bennes Marrel SA and Juster Steel Corp last year.",
                ["Bennes Marrel SA", "Juster Steel Corp"],
            ),
            (
                "The loans came from Credit Suisse and Swiss Bank Corp, the bank said.",
                ["Credit Suisse", "Swiss Bank Corp"],
            ),
            (
                "The debt of Acme Corp was cut by Moody's Investors Service Inc last week.",
                ["Acme Corp", "Moody's Investors Service Inc"],
            ),
            (
                "It owns 20 pct of PepsiCo's Quellor Foods Corp, a food chain.",
                ["PepsiCo", "Quellor Foods Corp"],
            ),
            (
                "It sold the unit to Britain's Barclays Bank Plc last week.",
                ["Britain", "Barclays Bank Plc"],
            ),
            (
                "The stake is held by Cypress Partners L.P and Driftwood Ltd, it said.",
                ["Cypress Partners L.P", "Driftwood Ltd"],
            ),
        ] {
            let v = cands(text);
            for p in parts {
                assert!(v.iter().any(|(s, _)| s == p), "{p} in {text}: {v:?}");
            }
        }
        // One name under its head: the left side is not whole on its own.
        for (text, whole) in [
            (
                "A ruling by the Food and Drug Administration came.",
                "Food and Drug Administration",
            ),
            (
                "He led the Department of Trade and Industry for years.",
                "Department of Trade and Industry",
            ),
            (
                "He wrote to the Securities and Exchange Commission twice.",
                "Securities and Exchange Commission",
            ),
        ] {
            let v = cands(text);
            assert!(v.iter().any(|(s, _)| s == whole), "{whole}: {v:?}");
        }
    }
}
