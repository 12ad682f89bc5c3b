//! Hard-wrapped paragraphs: a name broken over two lines is one name.
use super::*;

#[test]
fn a_short_first_line_runs_on() {
    // The paragraph's first line is short (a wire story's dateline cut off), the next long.
    let v = cands(
        "Treasury balances at the Federal\nReserve rose on Feb 25 to 4.151 billion dlrs on \
         Wednesday from 3.308 billion.\n",
    );
    assert!(
        has(&v, "Federal\nReserve", EntityKind::Organization),
        "{v:?}"
    );
    assert!(!v.iter().any(|(s, _)| s == "Federal"), "{v:?}");
}

#[test]
fn a_short_line_of_names_stays_apart() {
    // No running text on the short line (a list, a signature): the line ends the name.
    let v = cands(
        "Maria Lopez\nCentral Statistics Bureau said output in the quarter fell by two percent.\n",
    );
    assert!(
        !v.iter().any(|(s, _)| s.contains("Lopez\nCentral")),
        "{v:?}"
    );
}
