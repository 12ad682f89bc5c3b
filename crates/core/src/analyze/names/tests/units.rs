//! Abbreviations of figures' units and financial tables' labels ("Shr", "Revs", "Mths",
//! "Dlrs") are no names, nor a name's first or last word.
use super::*;

#[test]
fn a_table_label_alone_is_no_name() {
    let text = "TORVELL HOLDINGS 4TH QTR NET\n\nShr loss six cts vs not available\nNet loss \
                562,231 vs profit 10,253\nRevs 1.2 mln\nSix Mths\nShr profit nil vs loss nil\n";
    let v = cands(text);
    for label in ["Shr", "Revs", "Mths", "Six Mths", "NET", "QTR NET"] {
        assert!(!v.iter().any(|(s, _)| s == label), "{label}: {v:?}");
    }
}

#[test]
fn a_unit_is_cut_off_the_name_beside_it() {
    let v = cands("Exports reached 13.6 billion U.S. Dlrs last year, it said.");
    assert!(!v.iter().any(|(s, _)| s.contains("Dlrs")), "{v:?}");
    assert!(v.iter().any(|(s, _)| s == "U.S."), "{v:?}");
    let v = cands("Final results:\n    Shr Halvarn Mining Corp 1.38 dlrs vs 1.65 dlrs\n");
    assert!(!v.iter().any(|(s, _)| s.starts_with("Shr")), "{v:?}");
    assert!(v.iter().any(|(s, _)| s == "Halvarn Mining Corp"), "{v:?}");
}

#[test]
fn a_name_after_a_unit_in_a_capital_headline_stays() {
    let v = cands("QUARN TRADING HAS 9.9 PCT OF BELLWOOD STORES\n\nQuarn Trading said it bought.");
    assert!(v.iter().any(|(s, _)| s.contains("BELLWOOD")), "{v:?}");
    assert!(!v.iter().any(|(s, _)| s.contains("PCT")), "{v:?}");
}
