//! Span helpers of the name rules, beside them for length: title runs, gazetteer phrases, role
//! appositions and place lists inside a chunk, and two passes over a document's candidates
//! (acronyms defined in parentheses, surnames that are city names), and the drops at the end
//! (common nouns written capitalized, a designator alone).

use super::super::lexicon::Lexicon;
use super::*;

impl Ctx<'_, '_> {
    /// The last run of title words in `a..b` that is followed by a name, or ends the chunk.
    pub(super) fn last_title_run(&self, a: usize, b: usize) -> Option<(usize, usize)> {
        let t = self.t;
        let mut k = b;
        while k > a {
            k -= 1;
            if self.is_title(k) {
                // Extend to the run: complements, connectors, dots.
                let mut te = k + 1;
                while te < b
                    && (self.is_complement(te)
                        || self.is_title(te)
                        || t.is_punct(te, '.')
                        || (t.is_lower_word(te)
                            && matches!(self.word(te), "of" | "for" | "the")
                            && te + 1 < b
                            && (self.is_complement(te + 1) || self.is_title(te + 1))))
                {
                    te += 1;
                }
                // "Chancellor of the Exchequer Nigel Lawson": one capitalized word after "of".
                if te + 2 < b && t.is_lower_word(te) && matches!(self.word(te), "of" | "for") {
                    let c = te + 1 + usize::from(t.is(te + 1, "the"));
                    // Or a country: "President of the United States Barack Obama".
                    let e = self.lex_match(c, b).unwrap_or(c + 1);
                    if e < b
                        && t.toks[c].cap
                        && !self.lex.is_given(self.word(c))
                        && self.lex.is_given(self.word(e))
                    {
                        te = e;
                    }
                }
                let mut ts = k;
                while ts > a
                    && (self.is_complement(ts - 1)
                        || self.is_title(ts - 1)
                        || t.is_punct(ts - 1, '-'))
                {
                    ts -= 1;
                }
                // "Prime Minister" inside "Office of the Prime Minister" is not a title use.
                if te < b || ts > a {
                    return Some((ts, te));
                }
                return Some((ts, te));
            }
        }
        None
    }

    /// Longest gazetteer phrase starting at `a` within `a..b`: its end.
    pub(super) fn lex_match(&self, a: usize, b: usize) -> Option<usize> {
        let mut best = None;
        let mut key = String::with_capacity(64);
        for j in a..b.min(a + self.lex.max_phrase) {
            if j > a {
                key.push(' ');
            }
            key.push_str(self.t.norm(j));
            if self.lex.lookup(&key).is_some() {
                best = Some(j + 1);
            }
            if !self.lex.extends(&key) {
                break;
            }
        }
        best
    }

    /// ", a former diplomat", ", head of …", ", the high representative": a role apposition.
    pub(super) fn apposition_role(&self, i: usize) -> bool {
        let t = self.t;
        let mut j = i;
        if matches!(self.word(j), "a" | "an" | "the") {
            j += 1;
        }
        for k in j..(j + 4).min(t.len()) {
            if !t.is_lower_word(k) {
                return false;
            }
            let w = self.word(k);
            if self.lex.roles.contains(w) || w == "head" || w == "representative" {
                return true;
            }
        }
        false
    }

    /// `a..b` starts a comma-separated list of names that ends in a known place and follows a
    /// locative preposition or starts a line (a dateline).
    pub(super) fn place_list(&self, a: usize, b: usize) -> bool {
        let t = self.t;
        let intro = a == 0
            || t.toks[a].nl_before > 0
            || (t.is_lower_word(a - 1) && LOCATIVE.contains(&self.prev_word(a)));
        if !intro || !t.is_punct(b, ',') {
            return false;
        }
        let mut j = b;
        for _ in 0..3 {
            if !t.is_punct(j, ',') {
                return false;
            }
            let s = j + 1;
            if !is_cap_word(self, s) {
                return false;
            }
            let mut e = s + 1;
            while e < t.len() && is_cap_word(self, e) && e - s < 4 {
                e += 1;
            }
            if let Some(x) = self.lex.lookup(&t.key(s, e)) {
                return x.kind == LexKind::Place;
            }
            j = e;
        }
        false
    }
}

/// A city's name alone that is the surname of a person named in full in the same document
/// ("Fritz Henderson … Henderson described"): the person.
pub(super) fn surnames_over_cities(cands: &mut [Cand], lex: &Lexicon) {
    let surnames: Vec<String> = cands
        .iter()
        .filter(|c| c.kind == Some(EntityKind::Person) && c.strength >= MEDIUM && c.n_words() >= 2)
        .filter_map(|c| c.words().last().map(str::to_string))
        .collect();
    if surnames.is_empty() {
        return;
    }
    for c in cands.iter_mut() {
        if c.kind == Some(EntityKind::Place)
            && c.n_words() == 1
            && surnames.contains(&c.key)
            && lex.lookup(&c.key).is_some_and(|e| !e.region)
        {
            c.kind = Some(EntityKind::Person);
            c.strength = STRONG;
            c.canon = None;
        }
    }
}

/// "Council of Electoral Experts of Latin America (CEAL)": the acronym joins the long form when
/// its letters are the long form's initials, in any order (translated acronyms keep them).
pub(super) fn link_acronyms(cx: &mut Ctx<'_, '_>) {
    let t = cx.t;
    for idx in 1..cx.out.len() {
        let (head, tail) = cx.out.split_at_mut(idx);
        let long = &head[idx - 1];
        let acr = &mut tail[0];
        if acr.n_words() != 1 || long.n_words() < 2 {
            continue;
        }
        let between = &t.text[long.end.min(acr.start)..acr.start];
        let after = t.text.get(acr.end..).unwrap_or("");
        if between.trim() != "(" || !after.trim_start().starts_with(')') {
            continue;
        }
        let letters: Vec<char> = t.text[acr.start..acr.end]
            .chars()
            .filter(|c| c.is_alphabetic())
            .collect();
        if letters.len() < 2 || !letters.iter().all(|c| c.is_uppercase()) {
            continue;
        }
        let mut initials: Vec<char> = long
            .parts
            .iter()
            .filter(|p| p.word)
            .filter_map(|p| t.text[p.start..p.end].chars().next())
            .filter(|c| c.is_uppercase())
            .collect();
        let mut ok = true;
        for c in &letters {
            if let Some(pos) = initials.iter().position(|x| x == c) {
                initials.swap_remove(pos);
            } else {
                ok = false;
                break;
            }
        }
        if !ok {
            continue;
        }
        acr.acronym_of = Some(long.key.clone());
        if long.kind.is_some() {
            acr.kind = long.kind;
            acr.strength = acr.strength.max(STRONG);
        }
    }
}

/// A common English word alone, capitalized ("the Laboratory", "the Scouts"), that the same
/// document also writes in lowercase, is a common noun there, not a name, unless the rules are
/// sure of it (a gazetteer, a head word, a strong cue).
pub(super) fn common_nouns_capitalized(t: &Tokens<'_>, cands: &mut Vec<Cand>, lex: &Lexicon) {
    let open = |c: &Cand| {
        c.n_words() == 1
            && c.strength <= MEDIUM
            && c.kind != Some(EntityKind::Person)
            && c.acronym_of.is_none()
            && lex.is_common(&c.key)
            && !lex.is_given(&c.key)
            && !lex.surnames.contains(c.key.as_str())
            && lex.lookup(&c.key).is_none()
            && !lex.org_suffix.contains(c.key.as_str())
    };
    if !cands.iter().any(open) {
        return;
    }
    let lower: FxSet<&str> = (0..t.len())
        .filter(|&i| t.is_lower_word(i))
        .map(|i| t.norm(i))
        .collect();
    cands.retain(|c| !(open(c) && lower.contains(c.key.as_str())));
}

/// A company's designator alone ("Co", "Corp", "Co Inc", left over from "Sachs and Co." or
/// "Hughes/Conserdyne Corp"), whichever rule proposed it, is no name.
pub(super) fn drop_designators(cands: &mut Vec<Cand>) {
    cands.retain(|c| !c.words().all(|w| COMPANY_DESIGNATORS.contains(&w)));
}
