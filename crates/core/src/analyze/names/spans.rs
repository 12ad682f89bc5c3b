//! Span helpers of the name rules, beside them for length: title runs, gazetteer phrases, role
//! appositions and place lists inside a chunk, and two passes over a document's candidates
//! (acronyms defined in parentheses, surnames that are city names), and the drops at the end
//! (common nouns written capitalized, a designator alone).

use super::super::lexicon::{LexEntry, Lexicon};
use super::*;
use compact_str::CompactString;

impl Ctx<'_, '_> {
    /// The last run of title words in `a..b` that is followed by a name, or ends the chunk.
    pub(super) fn last_title_run(&self, a: usize, b: usize) -> Option<(usize, usize)> {
        let t = self.t;
        let mut k = b;
        while k > a {
            k -= 1;
            // "General Motors", "General Dynamics Corp": a title word that an organization's
            // head word follows is part of its name.
            if self.is_title(k) && !(k + 1 < b && t.toks[k + 1].cap && self.on(k + 1, B_ORG_SUFFIX))
            {
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
                    if e < b && t.toks[c].cap && !self.on(c, B_GIVEN) && self.on(e, B_GIVEN) {
                        te = e;
                    } else if let Some(k) = self.body_before_name(c, b) {
                        // Or an organization's name: "Governor of the Bank of England Robin
                        // Leigh-Pemberton".
                        te = k;
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
                return Some((ts, te));
            }
        }
        None
    }

    /// The start of a person's name after an organization's name that starts at `c` (after
    /// an office's "of"), within the chunk `..b`: capitalized words (and "of", "the", "and")
    /// headed as an organization ("Bank of England", "World Bank"), then a given name and at
    /// least one more word. `None` when no such split is sure.
    pub(super) fn body_before_name(&self, c: usize, b: usize) -> Option<usize> {
        let t = self.t;
        let k = (c + 1..b.saturating_sub(1)).find(|&k| {
            t.toks[k].cap
                && !t.toks[k].upper
                && self.on(k, B_GIVEN)
                && t.toks[k + 1].kind == Kind::Word
                && t.toks[k + 1].cap
                && (self.on(k + 1, B_SURNAME) || !self.on(k + 1, B_COMMON))
        })?;
        self.org_body(c, k).then_some(k)
    }

    /// Is what follows the title run `ts..te` in the chunk `..b` a name (or nothing)? Not a
    /// common word ("Premier League"), unless a given name, a surname, or after an office.
    pub(super) fn name_after_title(&self, ts: usize, te: usize, b: usize) -> bool {
        te >= b
            || !self.on(te, B_COMMON)
            || self.on(te, B_GIVEN | B_SURNAME)
            || self.surname_after_title(ts, te, b)
            || self.name_ends_in_surname(te, b)
    }

    /// Two capitalized words after a title that end the chunk, the second a surname, the
    /// first no head of a place or an organization: a name whose given name the lists lack
    /// or know as a common word ("Financial Secretary Piers Jacobs").
    fn name_ends_in_surname(&self, te: usize, b: usize) -> bool {
        let t = self.t;
        // A hard-wrapped line may break between the title and the name (one newline).
        let word = |i: usize| {
            let tok = &t.toks[i];
            tok.kind == Kind::Word
                && tok.cap
                && (!tok.upper || tok.dotted)
                && (!tok.sent_start || tok.nl_before == 1)
        };
        te + 2 == b
            && word(te)
            && word(te + 1)
            && self.on(te + 1, B_SURNAME)
            && !self.on(te, B_TITLE | B_COMPLEMENT | B_ORG_SUFFIX | B_PLACE_SUFFIX)
            && !self.on(te + 1, B_ORG_SUFFIX | B_PLACE_SUFFIX)
    }

    /// A run of two title words or more ("Vice President", "Foreign Minister") or a title that
    /// names only a person ("Mr", "President"), at `ts..te`, before one last word `te` of the
    /// chunk `..b`: that word is a surname even when it is also a common word ("Vice President
    /// Lantern"), unless a sentence starts there ("Attorney General. According").
    pub(super) fn surname_after_title(&self, ts: usize, te: usize, b: usize) -> bool {
        let t = self.t;
        if te >= b {
            return false;
        }
        let tok = &t.toks[te];
        // A full stop before the word ends the sentence unless it ends an abbreviated title
        // ("Sen.", "Mr.").
        let stop =
            t.is_punct(te - 1, '.') && !(te >= 2 && PERSON_TITLES.contains(&self.word(te - 2)));
        te + 1 == b
            && tok.kind == Kind::Word
            && tok.cap
            && !tok.upper
            && !tok.sent_start
            && !stop
            && !self.on(te, B_TITLE | B_COMPLEMENT | B_ORG_SUFFIX | B_PLACE_SUFFIX)
            && ((ts..te)
                .filter(|&i| self.is_title(i) || self.is_complement(i))
                .count()
                >= 2
                || (ts..te).any(|i| PERSON_TITLES.contains(&self.word(i))))
    }

    /// Longest gazetteer phrase starting at `a` within `a..b`: its end.
    pub(super) fn lex_match(&self, a: usize, b: usize) -> Option<usize> {
        let mut best = None;
        let end = b.min(a + self.lex.max_phrase);
        if a >= end {
            return None;
        }
        // The first word alone needs no key of its own; most phrases stop there.
        let w = self.t.norm(a);
        if self.lookup1(a).is_some() {
            best = Some(a + 1);
        }
        if !self.on(a, B_EXTENDS) {
            return best;
        }
        // (In the context's scratch string: no allocation per call.)
        let mut key = self.scratch.take();
        key.clear();
        key.push_str(w);
        for j in a + 1..end {
            key.push(' ');
            key.push_str(self.t.norm(j));
            if self.lex.lookup(&key).is_some() {
                best = Some(j + 1);
            }
            if !self.lex.extends(&key) {
                break;
            }
        }
        self.scratch.set(key);
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
            if self.on(k, B_ROLE) || w == "head" || w == "representative" {
                return true;
            }
        }
        false
    }

    /// `a..b` is a country, then a body of its state ("US Air Force", "United States Senate",
    /// "U.S. Treasury", "UK RAF"): the end of the country's name. The country is then a place of
    /// its own, as the news annotation conventions have it.
    pub(super) fn country_body(&self, a: usize, b: usize) -> Option<(usize, Option<&'static str>)> {
        let t = self.t;
        // The longest country name that starts the chunk and leaves words after it (none when
        // the first word is no phrase and starts none).
        if self.lookup1(a).is_none() && !self.on(a, B_EXTENDS) {
            return None;
        }
        let mut e = None;
        let mut key = self.scratch.take();
        key.clear();
        for j in a..b.min(a + self.lex.max_phrase) {
            if j > a {
                key.push(' ');
            }
            key.push_str(self.t.norm(j));
            if j + 1 < b
                && self
                    .lex
                    .lookup(&key)
                    .is_some_and(|x| self.lex.is_country(x))
            {
                e = Some(j + 1);
            }
            if !self.lex.extends(&key) {
                break;
            }
        }
        self.scratch.set(key);
        let e = e?;
        // A known body ("U.S. Senate", "US Treasury"): its canonical name.
        if let Some(x) = self.lookup_span(a, b) {
            return (x.kind == LexKind::Org).then_some((e, Some(x.canon)));
        }
        let rest: Vec<usize> = (e..b).filter(|&i| t.toks[i].kind == Kind::Word).collect();
        let (&first, &last) = (rest.first()?, rest.last()?);
        if rest.len() > 4 || first != e || !t.toks[first].cap || t.is_lower_word(last) {
            return None;
        }
        let lw = self.word(last);
        let acronym = rest.len() == 1
            && t.toks[last].upper
            && !t.toks[last].dotted
            && (2..=5).contains(&lw.len())
            && !NOT_ORG_ACRONYMS.contains(&lw)
            && !self.on(last, B_TITLE)
            && self.lookup1(last).is_none()
            && !caps_line(t, a);
        // "Department of Defense", "Ministry of Finance".
        let of_body = rest.len() >= 2
            && matches!(self.word(first), "department" | "ministry")
            && t.is(first + 1, "of");
        (STATE_BODIES.contains(&lw) || GENERIC_BODIES.contains(&lw) || acronym || of_body)
            .then_some((e, None))
    }

    /// `a..b` is a dotted country ("U.S.", whose full stop may end a sentence), then one
    /// capitalized common word that is no head, no gazetteer entry and no name ("U.S.
    /// Officials", "U.S. Dollars", "U.S. To"): the end of the country's name.
    pub(super) fn country_then_common(&self, a: usize, b: usize) -> Option<usize> {
        let t = self.t;
        if b != a + 2 || !t.toks[a].dotted {
            return None;
        }
        let e = self.lex_match(a, b).filter(|&e| e == a + 1)?;
        if !self
            .lookup_span(a, e)
            .is_some_and(|x| self.lex.is_country(x))
        {
            return None;
        }
        (e..b)
            .all(|i| {
                let w = self.word(i);
                t.toks[i].kind == Kind::Word
                    && (self.on(i, B_COMMON) || self.stop_at(i))
                    && !self.on(i, B_HEAD | B_GIVEN | B_SURNAME)
                    && self.lookup1(i).is_none()
                    && !STATE_BODIES.contains(&w)
                    && !GENERIC_BODIES.contains(&w)
            })
            .then_some(e)
    }

    /// What stands before a title run at `ts` in the chunk `a..`: "Foreign Secretary Geoffrey
    /// Howe and" before "Governor Robin Leigh-Pemberton" is a chunk of its own, with its own
    /// title, when it holds one and ends in "and" or a comma; else a title-free segment.
    pub(super) fn before_title(&mut self, a: usize, ts: usize) {
        let t = self.t;
        let joined =
            t.is_punct(ts - 1, ',') || (t.is_lower_word(ts - 1) && self.word(ts - 1) == "and");
        if joined && ts - 1 > a && (a..ts - 1).any(|i| self.is_title(i)) {
            self.chunk(a, ts - 1);
        } else {
            self.segment(a, ts, false);
        }
    }

    /// Is `c..e` an organization's name after an office's "of": capitalized words, joined by
    /// "of", "the", "and" or "&", headed as an organization ("Bank of England", "World Bank"),
    /// capitalized at both ends ("State for" in "Secretary of State for Trade" is none).
    pub(super) fn org_body(&self, c: usize, e: usize) -> bool {
        let t = self.t;
        c < e
            && t.toks[c].cap
            && t.toks[e - 1].cap
            && (c..e).all(|i| self.joins_body(i))
            && self.headed(c, e)
    }

    /// Can token `i` be part of an organization's name after an office: a capitalized word,
    /// "of", "the", "and" or "&".
    fn joins_body(&self, i: usize) -> bool {
        let t = self.t;
        (t.toks[i].kind == Kind::Word && t.toks[i].cap)
            || (t.is_lower_word(i) && matches!(self.word(i), "of" | "the" | "and"))
            || t.is_punct(i, '&')
            // "Rio de Janeiro Coffee Trade Association".
            || (t.is_lower_word(i) && is_particle(self.word(i)) && i > 0 && t.toks[i - 1].cap)
    }

    /// "Chairman of General Motors", "Governor of the Bank of Japan": after a title run ending
    /// at `te`, "of (the)" and an organization's name (headed as one) that ends the chunk:
    /// where the name starts. The office is no mention; the organization is.
    ///
    /// The run may have taken the name's first word for an office's ("Chairman of General
    /// Motors"): its first "of" is where the office ends.
    pub(super) fn office_body(&self, ts: usize, te: usize, b: usize) -> Option<usize> {
        let t = self.t;
        let of = (ts + 1..=te.min(b - 1)).find(|&k| t.is_lower_word(k) && self.word(k) == "of")?;
        let c = of + 1 + usize::from(t.is(of + 1, "the"));
        // The chunk may go on in lower case ("… Council on Monday"): the name ends before.
        let mut e = (c..b).find(|&i| !self.joins_body(i)).unwrap_or(b);
        while e > c && t.is_lower_word(e - 1) {
            e -= 1;
        }
        (c + 1 < e && self.org_body(c, e) && self.body_before_name(c, e).is_none()).then_some(c)
    }

    /// "(the) Prime Minister of Singapore", "Mayor of Labasa": after a title run ending at `te`,
    /// "of (the)" and a known place that ends the chunk: where the place starts.
    pub(super) fn office_place(&self, te: usize, b: usize) -> Option<usize> {
        let t = self.t;
        if te >= b || !t.is_lower_word(te) || self.word(te) != "of" {
            return None;
        }
        let c = te + 1 + usize::from(t.is(te + 1, "the"));
        if c >= b || self.lex_match(c, b) != Some(b) {
            return None;
        }
        let x = self.lookup_span(c, b)?;
        (x.kind == LexKind::Place).then_some(c)
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
            if let Some(x) = self.lookup_span(s, e) {
                return x.kind == LexKind::Place;
            }
            j = e;
        }
        false
    }

    /// A city's entry read as an organization: before a club's or a company's role ("Leeds
    /// manager"), after a noun of a body ("the club Barcelona"), beside a match result ("Leeds
    /// beat Chelsea 2-1"), or its own name in capitals after "the" ("the GAO": no city takes
    /// the article). The strength, or `None`.
    pub(super) fn city_as_org(&self, e: &LexEntry, a: usize, b: usize) -> Option<u8> {
        let t = self.t;
        if e.kind != LexKind::Place || e.region {
            return None;
        }
        if (t.is_lower_word(b) && ORG_ROLE_AFTER.contains(&t.norm(b)))
            || org_noun_before(t, a, b, false)
            || match_side(t, a, b)
            || club_verb_before(t, a)
        {
            return Some(MEDIUM);
        }
        let acronym = b == a + 1
            && t.toks[a].upper
            && !t.toks[a].dotted
            && (2..=5).contains(&t.norm(a).len())
            && a > 0
            && t.is(a - 1, "the")
            && e.canon.eq_ignore_ascii_case(t.norm(a));
        acronym.then_some(STRONG)
    }

    /// Is `b` a comma, then a country or a first-level region (a US state) set off by a comma,
    /// a full stop, a bracket, a number or a lowercase word ("Debden, England, 4 June",
    /// "Fairmont, West Virginia (population", "Harrison, Maine.")? Not one followed by its
    /// possessive or by another name ("Blair, Britain's", "Smith, France and Germany").
    pub(super) fn region_after(&self, b: usize) -> bool {
        let t = self.t;
        if !t.is_punct(b, ',') || !is_cap_word(self, b + 1) || t.toks[b + 1].nl_before > 0 {
            return false;
        }
        let Some(e) = self.lex_match(b + 1, t.line_end(b + 1)) else {
            return false;
        };
        if !self.lookup_span(b + 1, e).is_some_and(|x| x.region) {
            return false;
        }
        if e >= t.len() || t.toks[e].nl_before > 0 {
            return true;
        }
        match t.toks[e].kind {
            Kind::Num => true,
            Kind::Punct => matches!(t.text(e), "," | "." | ";" | ")" | "(" | ":"),
            Kind::Word => t.is_lower_word(e) && !matches!(t.norm(e), "and" | "or"),
            _ => false,
        }
    }
}

/// Is the line of token `a` written without a lowercase word (an all-caps headline, where
/// every word looks like an acronym)?
fn caps_line(t: &Tokens<'_>, a: usize) -> bool {
    let mut s = a;
    while s > 0 && t.toks[s].nl_before == 0 {
        s -= 1;
    }
    !(s..t.line_end(a)).any(|i| t.is_lower_word(i))
}

/// A city's name alone that is the surname of a person named in full in the same document
/// ("Fritz Henderson … Henderson described"): the person.
pub(super) fn surnames_over_cities(cands: &mut [Cand], lex: &Lexicon) {
    // One pass for the surnames and the cities alone, borrowed (no copies): the cities to
    // change are found first, then changed.
    let mut surnames: Vec<&str> = Vec::new();
    let mut cities: Vec<usize> = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        match c.kind {
            Some(EntityKind::Person) if c.strength >= MEDIUM && c.n_words() >= 2 => {
                surnames.extend(c.words().last());
            }
            Some(EntityKind::Place) if c.n_words() == 1 => cities.push(i),
            _ => {}
        }
    }
    if surnames.is_empty() {
        return;
    }
    // Most cities are no surname: the sieve passes over them without a scan of the surnames.
    let sieve = WordSieve::new(surnames.iter().copied());
    cities.retain(|&i| {
        cands.get(i).is_some_and(|c| {
            sieve.may_hold(&c.key)
                && surnames.contains(&c.key.as_str())
                && lex.lookup(&c.key).is_some_and(|e| !e.region)
        })
    });
    drop(surnames);
    for i in cities {
        if let Some(c) = cands.get_mut(i) {
            c.kind = Some(EntityKind::Person);
            c.strength = STRONG;
            c.canon = None;
        }
    }
}

/// A city's name alone in a document that names a company after it in full ("Piedmont
/// Aviation Inc … Piedmont said", "Piedmont's board"): the company, unless a locative stands
/// before it ("flights from Piedmont", "in Piedmont"). A country stays a place ("Japan Air Lines
/// Co … Japan"), and a region or a state is the company only where its document writes a
/// company's cue after it alone.
pub(super) fn companies_over_cities(t: &Tokens<'_>, cands: &mut [Cand], lex: &Lexicon) {
    // One pass for the companies' first words and the places of one part, borrowed (no
    // copies): the cities to change are found first, then changed.
    let mut firsts: Vec<&str> = Vec::new();
    let mut places: Vec<usize> = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        match c.kind {
            // (The last part alone is read: a name's last part is a word.)
            Some(EntityKind::Organization)
                if c.parts.len() >= 2
                    && c.parts
                        .last()
                        .is_some_and(|p| is_company_designator(c.norm(p))) =>
            {
                firsts.extend(c.words().next());
            }
            Some(EntityKind::Place) if c.parts.len() == 1 => places.push(i),
            _ => {}
        }
    }
    if firsts.is_empty() {
        return;
    }
    let at = |c: &Cand| {
        let a = t.toks.partition_point(|k| k.start < c.start);
        (a, t.toks.partition_point(|k| k.start < c.end))
    };
    // The lone mentions: places of one part that are a company's first word.
    places.retain(|&i| {
        cands
            .get(i)
            .is_some_and(|c| firsts.contains(&c.key.as_str()))
    });
    let lone = || places.iter().filter_map(|&i| cands.get(i).map(|c| (i, c)));
    // "Piedmont said", "Piedmont shares", "Piedmont's board": a company's cue after one of
    // the lone mentions.
    let cue = |c: &Cand| {
        let (_, b) = at(c);
        let w = |i: usize| {
            t.is_lower_word(i) && (t.is(i, "said") || ORG_ROLE_AFTER.contains(&t.norm(i)))
        };
        w(b) || (b < t.len() && t.toks[b].kind == Kind::Poss && w(b + 1))
    };
    let cued: Vec<&str> = lone()
        .filter(|(_, c)| cue(c))
        .map(|(_, c)| c.key.as_str())
        .collect();
    let companies: Vec<usize> = lone()
        .filter(|(_, c)| {
            let Some(e) = lex.lookup(&c.key).filter(|e| !lex.is_country(e)) else {
                return false;
            };
            let (a, _) = at(c);
            let locative = a > 0 && t.is_lower_word(a - 1) && LOCATIVE.contains(&t.norm(a - 1));
            // A region ("Piedmont", "Texas") only where its document gives a company's cue
            // after it alone.
            !locative && (!e.region || cued.contains(&c.key.as_str()))
        })
        .map(|(i, _)| i)
        .collect();
    drop((firsts, cued));
    for i in companies {
        if let Some(c) = cands.get_mut(i) {
            c.kind = Some(EntityKind::Organization);
            // As sure as the gazetteer's place it overrides: the document names the company.
            c.strength = LEXICON;
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
        // Most pairs end the text between them in another ASCII character than "(", seen
        // without a trim (which a non-ASCII byte, maybe a space, is left to).
        let last = between
            .bytes()
            .rev()
            .find(|&b| !(b.is_ascii() && char::from(b).is_whitespace()));
        if last.is_some_and(|b| b.is_ascii() && b != b'(') {
            continue;
        }
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
            .filter_map(|p| t.text.get(p.start as usize..p.end as usize)?.chars().next())
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
        acr.acronym_of = Some(long.key.to_string());
        if long.kind.is_some() {
            acr.kind = long.kind;
            acr.strength = acr.strength.max(STRONG);
        }
    }
    acronyms_elsewhere(cx);
}

/// Every other use of an acronym defined in the document ("The GAO upheld it" after
/// "Government Accountability Office (GAO)") is the long form's too, even where a gazetteer
/// knows the letters as a place's name (Gao, a city in Mali).
fn acronyms_elsewhere(cx: &mut Ctx<'_, '_>) {
    let t = cx.t;
    let defined: Vec<(CompactString, String, Option<EntityKind>)> = cx
        .out
        .iter()
        .filter_map(|c| {
            // The long form first: most candidates have none, and their key is not copied.
            let long = c.acronym_of.clone()?;
            Some((c.key.clone(), long, c.kind))
        })
        .collect();
    if defined.is_empty() {
        return;
    }
    for c in cx.out.iter_mut() {
        if c.acronym_of.is_some() || c.n_words() != 1 {
            continue;
        }
        let Some((_, long, kind)) = defined.iter().find(|(k, _, _)| *k == c.key) else {
            continue;
        };
        // Written in capitals, as defined ("Gao" in running text stays the city).
        if !t.text[c.start..c.end]
            .chars()
            .all(|ch| !ch.is_alphabetic() || ch.is_uppercase())
        {
            continue;
        }
        c.acronym_of = Some(long.clone());
        if kind.is_some() {
            c.kind = *kind;
            c.strength = c.strength.max(STRONG);
            c.canon = None;
        }
    }
}

/// A common English word alone, capitalized ("the Laboratory", "the Scouts"), that the same
/// document also writes in lowercase, is a common noun there, not a name, unless the rules are
/// sure of it (a gazetteer, a head word, a strong cue).
pub(super) fn common_nouns_capitalized(t: &Tokens<'_>, cands: &mut Vec<Cand>, lex: &Lexicon) {
    let gone = common_nouns_to_drop(t, cands, lex);
    if gone.is_empty() {
        return;
    }
    // Dropped by index, in one pass: the rest keep their order.
    let mut gone = gone.into_iter().peekable();
    let mut i = 0;
    cands.retain(|_| {
        let drop = gone.next_if_eq(&i).is_some();
        i += 1;
        !drop
    });
}

/// The indices (ascending) of [`common_nouns_capitalized`]'s candidates to drop.
fn common_nouns_to_drop(t: &Tokens<'_>, cands: &[Cand], lex: &Lexicon) -> Vec<usize> {
    use super::super::lexicon::{FxMap, W_COMMON, W_GIVEN, W_ORG_SUFFIX, W_PHRASE, W_SURNAME};
    // (The candidate's own fields first, then its words, then the word lists: asked of every
    // candidate. A byte loop for the space: keys are short.)
    let open = |c: &Cand| {
        c.strength <= MEDIUM
            && c.kind != Some(EntityKind::Person)
            && c.acronym_of.is_none()
            && c.n_words() == 1
            && if c.key.bytes().any(|b| b == b' ') {
                lex.is_common(&c.key)
                    && !lex.is_given(&c.key)
                    && !lex.surnames.contains(c.key.as_str())
                    && lex.lookup(&c.key).is_none()
                    && !lex.org_suffix.contains(c.key.as_str())
            } else {
                // The same five lists in one probe.
                lex.word_flags(&c.key) & (W_COMMON | W_GIVEN | W_SURNAME | W_PHRASE | W_ORG_SUFFIX)
                    == W_COMMON
            }
    };
    // The open candidates (few) and their keys, then one pass over the lowercase words for
    // them: no set of every lowercase word in the document.
    let opens: Vec<usize> = (0..cands.len())
        .filter(|&i| cands.get(i).is_some_and(open))
        .collect();
    if opens.is_empty() {
        return Vec::new();
    }
    let mut keys: Vec<&str> = opens
        .iter()
        .filter_map(|&i| cands.get(i))
        .map(|c| c.key.as_str())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let index: FxMap<&str, usize> = if keys.len() > 8 {
        keys.iter().enumerate().map(|(i, k)| (*k, i)).collect()
    } else {
        FxMap::default()
    };
    let find = |w: &str| {
        if keys.len() > 8 {
            index.get(w).copied()
        } else {
            keys.iter().position(|k| *k == w)
        }
    };
    // Most words are passed over by the sieve alone, without a probe of the keys.
    let sieve = WordSieve::new(keys.iter().copied());
    let mut lower = vec![false; keys.len()];
    // Keys the document uses as a table row's label ("Net 12.6 mln vs 15.8 mln"): a word of
    // the table, not a name, where the rules left it open (the "NET" of an earnings report's
    // capitals headline).
    let mut label = vec![false; keys.len()];
    for (i, tok) in t.toks.iter().enumerate() {
        let lower_word = tok.kind == Kind::Word && !tok.cap;
        let line_start = i == 0 || tok.nl_before > 0;
        if lower_word || (line_start && tok.cap) {
            let w = t.norm(i);
            if !sieve.may_hold(w) {
                continue;
            }
            if let Some(k) = find(w) {
                if lower_word {
                    lower[k] = true;
                } else if !label[k] && table_label(t, i) {
                    label[k] = true;
                }
            }
        }
    }
    if !lower.contains(&true) && !label.contains(&true) {
        return Vec::new();
    }
    // The open candidates to drop (in order): only they were open, so only they are looked up.
    opens
        .iter()
        .copied()
        .filter(|&i| {
            cands.get(i).is_some_and(|c| {
                find(&c.key).is_some_and(|k| lower[k] || (c.kind.is_none() && label[k]))
            })
        })
        .collect()
}

/// The first token starting at byte `start` or after, as `t.toks.partition_point(|k| k.start <
/// start)`: walked forward from token `near` when it lies a few tokens before (candidates
/// mostly come in text order), searched for otherwise.
pub(super) fn first_token_from(t: &Tokens<'_>, start: usize, near: usize) -> usize {
    let before = |i: usize| t.toks.get(i).is_some_and(|k| k.start < start);
    // (The answer lies at `near` or after only if the token before `near` starts before.)
    if near > 0 && !before(near - 1) {
        return t.toks.partition_point(|k| k.start < start);
    }
    (near..near + 16)
        .find(|&i| !before(i))
        .unwrap_or_else(|| t.toks.partition_point(|k| k.start < start))
}

/// A military unit after its number ("65th Air Division", "3 Commando Brigade", "101st
/// Airborne Division"): the number is part of the organization's name. The rules leave words
/// beside a number open, as a model number's ("737 Max"), and the learned layer skips them, so
/// this runs after it. An ordinal before any organization head; a cardinal only before two
/// words or more ending in a unit's head (not "12 Army trucks").
pub(super) fn numbered_units(t: &Tokens<'_>, cands: &mut [Cand], lex: &Lexicon, blocked: &[bool]) {
    let mut near = 0;
    for c in cands.iter_mut() {
        // The number first: most candidates have none before them.
        let a = first_token_from(t, c.start, near);
        near = a;
        let Some(num) = a.checked_sub(1).filter(|_| a < t.len()) else {
            continue;
        };
        let (tok, next) = (&t.toks[num], &t.toks[a]);
        if tok.kind != Kind::Num {
            continue;
        }
        let Some(last) = c.words().last() else {
            continue;
        };
        let unit = UNIT_HEADS.contains(&last);
        if !unit && lex.word_bits(last) & B_ORG_SUFFIX == 0 {
            continue;
        }
        let s = t.text(num);
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        let ordinal = matches!(s.get(digits..), Some("st" | "nd" | "rd" | "th"));
        let numbered = !blocked.get(num).copied().unwrap_or(false)
            && next.space_before
            && next.nl_before == 0
            && digits > 0
            && (digits == s.len() || ordinal)
            && (ordinal || digits < 4);
        if !numbered || !(ordinal || (unit && c.n_words() >= 2)) {
            continue;
        }
        let w = t.norm(num);
        let shift = w.len() as u32 + 1;
        for p in &mut c.parts {
            p.norm = (p.norm.0 + shift, p.norm.1 + shift);
        }
        c.key.insert(0, ' ');
        c.key.insert_str(0, w);
        let norm = (0, w.len() as u32);
        c.parts.insert(
            0,
            Part {
                // Before the candidate's start, so within u32 as its parts are.
                start: tok.start as u32,
                end: tok.end as u32,
                norm,
                word: true,
            },
        );
        c.start = tok.start;
        c.kind = Some(EntityKind::Organization);
        c.strength = STRONG;
    }
}

/// "Baseball Hall of Fame", "the Hall of Fame": one organization. The chunk stops at "of"
/// after "Hall" (no head word: a surname, a building), so the name before it and "Fame" are
/// joined here, after the learned layer, which never sees the whole.
pub(super) fn halls_of_fame(t: &Tokens<'_>, cands: &mut Vec<Cand>) {
    let mut fames: Vec<usize> = Vec::new();
    for c in cands.iter_mut() {
        // (The key's end first: a name's last word ends its key, and most are no hall.)
        if !c.key.ends_with("hall") || c.words().last() != Some("hall") {
            continue;
        }
        let b = t.toks.partition_point(|k| k.start < c.end);
        // Offsets are kept as u32 (see `cand`): a hall past 4 GiB into a body is not joined.
        let joined = u32::try_from(t.toks.get(b + 1).map_or(0, |k| k.end)).is_ok()
            && t.is_lower_word(b)
            && t.is(b, "of")
            && t.is(b + 1, "fame")
            && t.toks[b + 1].cap
            && t.toks[b].nl_before == 0
            && t.toks[b + 1].nl_before == 0;
        if !joined {
            continue;
        }
        for i in [b, b + 1] {
            let ns = c.key.len() as u32 + 1;
            c.key.push(' ');
            c.key.push_str(t.norm(i));
            let norm = (ns, c.key.len() as u32);
            c.parts.push(Part {
                start: t.toks[i].start as u32,
                end: t.toks[i].end as u32,
                norm,
                word: true,
            });
        }
        c.end = t.toks[b + 1].end;
        c.kind = Some(EntityKind::Organization);
        c.strength = STRONG;
        fames.push(t.toks[b + 1].start);
    }
    if !fames.is_empty() {
        cands.retain(|c| !(c.key == "fame" && fames.contains(&c.start)));
    }
}

/// A company's designator alone ("Co", "Corp", "Co Inc", left over from "Sachs and Co." or
/// "Hughes/Conserdyne Corp"), whichever rule proposed it, is no name.
pub(super) fn drop_designators(cands: &mut Vec<Cand>) {
    cands.retain(|c| !c.words().all(is_company_designator));
}

/// "Basque provinces, Bearn, Gascony and also Brittany": an open word in a list beside a place
/// the gazetteer knows (or one this rule made a place) is a place too.
pub(super) fn places_in_lists(t: &Tokens<'_>, cands: &mut [Cand], lex: &Lexicon) {
    // (The gap's length first: most neighbours stand far apart.)
    let joined = |x: &Cand, y: &Cand| {
        x.end <= y.start
            && y.start - x.end <= 12
            && matches!(
                t.text.get(x.end..y.start).map(str::trim),
                Some("," | "and" | ", and" | "or" | ", or" | "and also")
            )
    };
    // One word no name list knows: a band's or a company's name ("Kansas, Tangerine Dream")
    // is as often in a list beside a place.
    let open = |c: &Cand| {
        c.kind.is_none()
            && c.acronym_of.is_none()
            && c.n_words() == 1
            && !lex.is_given(&c.key)
            && !lex.is_common(&c.key)
            && !lex.surnames.contains(c.key.as_str())
    };
    // The open word's other side must be a list's too ("Bentheim, Germany, Langejans was born"
    // is no list): a separator or the sentence's end after it, a separator or a locative
    // before it.
    let list_after = |c: &Cand| {
        let r = t.text.get(c.end..).unwrap_or("").trim_start();
        r.is_empty()
            || r.starts_with([',', '.', ';', ')'])
            || r.starts_with("and ")
            || r.starts_with("or ")
    };
    let list_before = |c: &Cand| {
        let l = t.text.get(..c.start).unwrap_or("").trim_end();
        l.ends_with([',', '('])
            || [" and", " or", " in", " from", " to", " near"]
                .iter()
                .any(|w| l.ends_with(w))
    };
    let mut made = vec![false; cands.len()];
    let is_place = |c: &Cand, made: bool| {
        c.kind == Some(EntityKind::Place) && (made || (c.canon.is_some() && c.strength == LEXICON))
    };
    // Right to left, then left to right: a run of open names takes the place at either end.
    for i in (0..cands.len().saturating_sub(1)).rev() {
        // The cheap tests first: most candidates stand beside no place.
        if is_place(&cands[i + 1], made[i + 1])
            && joined(&cands[i], &cands[i + 1])
            && list_before(&cands[i])
            && open(&cands[i])
        {
            cands[i].kind = Some(EntityKind::Place);
            cands[i].strength = MEDIUM;
            made[i] = true;
        }
    }
    for i in 1..cands.len() {
        if is_place(&cands[i - 1], made[i - 1])
            && joined(&cands[i - 1], &cands[i])
            && list_after(&cands[i])
            && open(&cands[i])
        {
            cands[i].kind = Some(EntityKind::Place);
            cands[i].strength = MEDIUM;
            made[i] = true;
        }
    }
}
