use super::*;
use crate::model::{Document, EntityKind, KINDS};

fn encode(x: &DocExtract) -> Vec<u8> {
    let mut w = Writer::default();
    encode_extract(&mut w, x);
    w.buf
}

/// Decodes `b` as one whole extraction: `None` when damaged or not all read.
fn decode(b: &[u8]) -> Option<Option<(DocExtract, usize)>> {
    let mut r = Reader::new(b);
    let x = decode_extract(&mut r, lexicon::get())?;
    r.at_end().then_some(x)
}

fn round_trip(x: &DocExtract) -> Vec<u8> {
    let b = encode(x);
    let (back, max_end) = decode(&b)
        .expect("decodes")
        .expect("canonical names found again");
    assert_eq!(&back, x);
    let want = x
        .dates
        .iter()
        .map(|d| d.end)
        .chain(x.names.iter().map(|c| c.end))
        .chain(
            x.names
                .iter()
                .flat_map(|c| c.parts.iter().map(|p| p.end as usize)),
        )
        .max()
        .unwrap_or(0);
    assert_eq!(max_end, want);
    b
}

/// A name whose parts are the words of `text` at `start`, as the extractor builds them.
fn name(text: &str, start: usize, kind: Option<EntityKind>, strength: u8) -> Cand {
    let (mut parts, mut key, mut at) = (Parts::new(), CompactString::default(), start);
    for w in text.split(' ') {
        if !key.is_empty() {
            key.push(' ');
        }
        let ns = key.len() as u32;
        key.push_str(&w.to_lowercase());
        parts.push(Part {
            start: at as u32,
            end: (at + w.len()) as u32,
            norm: (ns, key.len() as u32),
            word: w.chars().all(char::is_alphanumeric),
        });
        at += w.len() + 1;
    }
    Cand {
        start,
        end: at - 1,
        kind,
        strength,
        key,
        parts,
        canon: None,
        acronym_of: None,
    }
}

fn date(tok: (usize, usize), span: (usize, usize), value: Option<&str>) -> DateMention {
    DateMention {
        tok_start: tok.0,
        tok_end: tok.1,
        start: span.0,
        end: span.1,
        value: value.map(str::to_string),
    }
}

/// A gazetteer entry whose canonical name is the lookup of its own key.
fn a_gazetteer_name() -> (String, &'static str) {
    let lex = lexicon::get();
    let key = Lexicon::key("France");
    let canon = lex.lookup(&key).expect("a country in the gazetteer").canon;
    (key, canon)
}

fn sample() -> DocExtract {
    let (fkey, fcanon) = a_gazetteer_name();
    let mut place = name("France", 40, Some(EntityKind::Place), 3);
    assert_eq!(place.key, fkey);
    place.canon = Some(fcanon);
    // The same canonical name on a key that does not look it up: stored as text.
    let mut other = name("Frankish Realm", 60, Some(EntityKind::Place), 3);
    other.canon = Some(fcanon);
    let mut acr = name("QXR", 90, Some(EntityKind::Organization), 1);
    acr.acronym_of = Some("quorax research".into());
    // Folded ranges that are not the key's words (an empty one, as for a dropped part).
    let mut odd = name("Dr. Velm Ostrand", 120, Some(EntityKind::Person), 2);
    odd.parts[0].norm = (0, 0);
    // Strength past two bits, a part before the name's start, out of order.
    let mut strong = name("Velm Ostrand", 20, None, 9);
    strong.parts[0].start = 18;
    let long = "Ab ".repeat(70).trim_end().to_string();
    DocExtract {
        dates: vec![
            date((3, 5), (10, 22), Some("2019-04-02")),
            date((9, 10), (30, 34), Some("2019")),
            date((1, 2), (2, 6), Some("2019-04-02")),
            date((12, 13), (50, 58), Some("2019-04")),
            date((14, 15), (60, 68), Some("2019-W07")),
            date((15, 15), (70, 74), None),
            date((16, 18), (80, 95), Some("PRESENT_REF")),
            date((20, 22), (99, 110), Some(&"X".repeat(40))),
            date((23, 25), (120, 131), Some(&"X".repeat(40))),
            date((26, 27), (140, 150), Some("0007-01-09")),
        ],
        names: vec![
            name("Velm Ostrand", 4, Some(EntityKind::Person), 2),
            place.clone(),
            other,
            acr,
            odd,
            name("Velm Ostrand", 200, Some(EntityKind::Person), 1),
            name("Velm  Ostrand", 230, None, 0),
            strong,
            place,
            name(&long, 300, Some(EntityKind::Organization), 0),
            name(&long, 600, Some(EntityKind::Organization), 0),
            name("Velm Ostrand", 900, Some(EntityKind::Person), 2),
        ],
    }
}

#[test]
fn extractions_round_trip() {
    round_trip(&DocExtract::default());
    let b = round_trip(&sample());
    assert!(!b.is_empty());
    // Invented text through the real extractor.
    let text = "Mara Quillfeather met officials of the Norvane Shipping Company in Paris \
        on 3 March 2020. Quillfeather said the Norvane Shipping Company (NSC) would \
        open an office in France by June 2021. Mara Quillfeather left on Monday.";
    let doc = Document {
        text: text.into(),
        date: chrono::NaiveDate::from_ymd_opt(2020, 3, 4),
        ..Default::default()
    };
    let x = crate::analyze::extract(&doc);
    assert!(!x.names.is_empty() && !x.dates.is_empty(), "{x:?}");
    round_trip(&x);
}

#[test]
fn a_repeated_name_costs_a_few_bytes() {
    let one = DocExtract {
        dates: Vec::new(),
        names: vec![name("Velm Ostrand Kessary", 4, Some(EntityKind::Person), 2)],
    };
    let mut two = one.clone();
    two.names.push(name(
        "Velm Ostrand Kessary",
        300,
        Some(EntityKind::Person),
        2,
    ));
    let (a, b) = (round_trip(&one).len(), round_trip(&two).len());
    assert!(b - a <= 4, "{a} then {b} bytes");
    // Dates' repeated values likewise, and a day is packed.
    let d = |n: usize| DocExtract {
        dates: (0..n)
            .map(|i| {
                date(
                    (i * 3, i * 3 + 2),
                    (i * 20, i * 20 + 12),
                    Some("2021-11-30"),
                )
            })
            .collect(),
        names: Vec::new(),
    };
    let (a, b) = (round_trip(&d(1)).len(), round_trip(&d(2)).len());
    assert!(a <= 11 && b - a <= 5, "{a} then {b} bytes");
}

#[test]
fn spaces_counts_every_space() {
    let text = "a b  c\u{a0}d é f\t g        h i j k l m n o p q r s t uvwxyz ";
    for a in 0..text.len() {
        for b in a..=text.len() {
            let s = &text.as_bytes()[a..b];
            assert_eq!(
                spaces(s),
                s.iter().filter(|&&c| c == b' ').count(),
                "{a}..{b}"
            );
        }
    }
}

#[test]
fn norms_are_words_as_the_key_splits() {
    // The definition: the parts' folded ranges are the pieces of the key split at its spaces.
    let by_split = |c: &Cand| {
        let mut at = 0usize;
        let mut words = c.key.split(' ');
        c.parts.iter().all(|p| {
            let ok = words
                .next()
                .is_some_and(|wd| p.norm.0 as usize == at && p.norm.1 as usize == at + wd.len());
            at = p.norm.1 as usize + 1;
            ok
        }) && words.next().is_none()
    };
    let mut tried = 0;
    for text in [
        "Ann",
        "Ann Lee",
        "Bank of New York",
        "A  B",
        " A",
        "A ",
        "de la Cruz",
    ] {
        let base = name(text, 3, None, 1);
        assert_eq!(norms_are_words(&base), by_split(&base), "{text:?}");
        // Every part's range moved by one byte either way, at either end; and one part fewer.
        for i in 0..base.parts.len() {
            for (d0, d1) in [(-1i64, 0i64), (1, 0), (0, -1), (0, 1), (1, 1), (-1, -1)] {
                let mut c = base.clone();
                let n = &mut c.parts[i].norm;
                let moved = (i64::from(n.0) + d0, i64::from(n.1) + d1);
                let (Ok(a), Ok(b)) = (u32::try_from(moved.0), u32::try_from(moved.1)) else {
                    continue;
                };
                *n = (a, b);
                assert_eq!(norms_are_words(&c), by_split(&c), "{text:?} {i} {d0} {d1}");
                tried += 1;
            }
            let mut c = base.clone();
            c.parts.remove(i);
            assert_eq!(norms_are_words(&c), by_split(&c), "{text:?} without {i}");
        }
    }
    assert!(tried > 50);
}

#[test]
fn every_kind_code_fits_the_head() {
    for k in KINDS {
        assert!(k.cache_code > 0 && k.cache_code < 8, "{k:?}");
    }
}

#[test]
fn packed_values_read_back_the_same() {
    for v in [
        "2019",
        "0000",
        "9999-12-31",
        "2019-04",
        "2019-W52",
        "2019-00-00",
    ] {
        let p = pack_value(v).expect(v);
        assert_eq!(unpack_value(p).as_deref(), Some(v));
    }
    for v in [
        "",
        "201",
        "20190",
        "2019-4",
        "2019-04-1",
        "2019/04/01",
        "2019-W5",
        "+019",
        "２０１９",
    ] {
        assert_eq!(pack_value(v), None, "{v}");
    }
    assert_eq!(unpack_value(4 * 10_000), None);
    assert_eq!(unpack_value(4 * 100_000_000 + 2), None);
    // Whatever packs reads back the same (`pack_value` no longer tries it): every value one
    // byte away from each form.
    for form in ["2019", "2019-04", "2019-04-01", "2019-W05"] {
        for at in 0..form.len() {
            for b in *b"09-W/ x" {
                let mut v = form.as_bytes().to_vec();
                v[at] = b;
                let v = String::from_utf8(v).expect("ascii");
                if let Some(p) = pack_value(&v) {
                    assert_eq!(unpack_value(p).as_deref(), Some(v.as_str()));
                }
            }
        }
    }
}

#[test]
fn truncated_bytes_are_refused() {
    let b = encode(&sample());
    for cut in 0..b.len() {
        assert!(decode(&b[..cut]).is_none(), "cut at {cut}");
    }
}

/// Hand-written bytes: one date, or one name, after the given fields.
fn bytes(f: impl FnOnce(&mut Writer)) -> Vec<u8> {
    let mut w = Writer::default();
    f(&mut w);
    w.buf
}

#[test]
fn deltas_that_go_below_zero_are_refused() {
    let date = |tok: i64, start: i64| {
        bytes(|w| {
            w.usize(1);
            w.i64(tok);
            w.usize(1);
            w.i64(start);
            w.usize(4);
            w.u8(0);
            w.usize(0);
        })
    };
    assert!(matches!(decode(&date(2, 5)), Some(Some(_))));
    assert!(decode(&date(-1, 5)).is_none());
    assert!(decode(&date(2, -5)).is_none());
    let name = |start: i64, gap: i64, len: usize| {
        bytes(|w| {
            w.usize(0);
            w.usize(1);
            w.i64(start);
            w.u64(1); // a person
            w.usize(0); // a new shape
            w.str("vel");
            w.usize(len);
            w.usize(3); // one part, the key's words
            w.u64((zigzag(gap) << 2) | 3); // a word as long as its folded form
        })
    };
    assert!(matches!(decode(&name(10, 0, 3)), Some(Some(_))));
    assert!(decode(&name(-10, 0, 3)).is_none());
    assert!(decode(&name(10, -11, 3)).is_none());
    assert!(decode(&name(10, 0, 0)).is_none(), "an empty name");
    // Past the body: the caller's check, on the largest offset.
    let (_, max_end) = decode(&name(10, 2, 3)).flatten().expect("decodes");
    assert_eq!(max_end, 15);
}

#[test]
fn bad_references_and_codes_are_refused() {
    // Two names: the second refers to the first's shape (`shape`).
    let two = |key_len: usize, shape: usize, head: u64| {
        bytes(|w| {
            w.usize(0);
            w.usize(2);
            w.i64(0);
            w.u64(head);
            w.usize(0);
            w.str(&"q".repeat(key_len));
            w.usize(key_len);
            w.usize(3); // one part, the key's words
            w.u64(3); // at the name's start, a word as long as its folded form
            w.i64(200);
            w.u64(1);
            w.usize(shape);
        })
    };
    assert!(matches!(decode(&two(5, 0, 1)), Some(Some(_))));
    assert!(decode(&two(5, 1, 1)).is_none(), "a shape not yet written");
    assert!(
        decode(&two(SHARE_KEY + 1, 0, 1)).is_none(),
        "a long shape is not remembered"
    );
    assert!(decode(&two(5, 0, 6)).is_none(), "no kind has code 6");
    let date = u64::from(EntityKind::Date.info().cache_code);
    assert!(decode(&two(5, 0, date)).is_none(), "a name is never a date");
    assert!(
        decode(&two(5, 0, 1 | (3 << 5))).is_none(),
        "no canonical mode 3"
    );
    let value = |v: u64| {
        bytes(|w| {
            w.usize(1);
            w.i64(0);
            w.usize(1);
            w.i64(0);
            w.usize(4);
            w.u64(v);
            w.usize(0);
        })
    };
    assert!(decode(&value(2)).is_none(), "no value remembered yet");
    assert!(
        decode(&bytes(|w| w.u64(u64::MAX))).is_none(),
        "a huge count"
    );
}

#[test]
fn flipped_bytes_never_panic() {
    let b = encode(&sample());
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..20_000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut c = b.clone();
        let at = (seed % c.len() as u64) as usize;
        c[at] ^= ((seed >> 32) as u8) | 1;
        let _ = decode(&c);
    }
}

/// Every document's extraction of `loaded` round-trips; the bytes it took.
fn corpus_round_trips(loaded: &crate::load::Loaded) -> usize {
    let mut total = 0;
    for d in &loaded.documents {
        total += round_trip(&crate::analyze::extract(d)).len();
    }
    total
}

#[test]
fn the_seed_documents_round_trip() {
    let loaded = crate::load::load_seeds();
    assert!(!loaded.documents.is_empty());
    assert!(corpus_round_trips(&loaded) > 0);
}
