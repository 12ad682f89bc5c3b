//! The rules' tools for speed: a candidate's first token found from a nearby one, the word
//! sieves and sets before the fixed word lists. Each answers as the plain way does.
use super::*;

#[test]
fn the_first_token_from_a_byte_is_the_binary_search_s_from_any_starting_token() {
    let text = "The 65th Air Division, 3 Commando Brigade and Acme Corp met in Paris on Monday.";
    let t = tokenize(text);
    for start in 0..=text.len() + 1 {
        let want = t.toks.partition_point(|k| k.start < start);
        for near in 0..=t.len() + 1 {
            assert_eq!(
                spans::first_token_from(&t, start, near),
                want,
                "{start} {near}"
            );
        }
    }
}

#[test]
fn word_sieves_pass_every_word_of_their_list() {
    let sieve = words::WordSieve::new(["inc", "co.", "gmbh", "Été", ""]);
    for w in ["inc", "co.", "gmbh", "Été", ""] {
        assert!(sieve.may_hold(w), "{w}");
    }
    assert!(!sieve.may_hold("said"));
    let set = words::set_of(words::PARTICLES);
    assert!(words::PARTICLES.iter().all(|w| set.contains(w)));
    assert!(!set.contains("dee") && !set.contains("the"));
}
