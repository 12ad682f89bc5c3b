//! Things named like names that are none of our kinds: a ticker code's exchange suffix, a share
//! class, a currency after its country, a benchmark rate.
use super::*;

#[test]
fn a_ticker_codes_exchange_suffix_is_no_name() {
    let v = cands(
        "Dravenholt Holdings Ltd <DRVH.HK> said profits rose, and Lumeret SA <LMRT.PA> fell.",
    );
    for s in ["HK", "PA", "DRVH.HK"] {
        assert!(!v.iter().any(|(c, _)| c == s), "{s}: {v:?}");
    }
    assert!(
        v.iter().any(|(c, _)| c == "Dravenholt Holdings Ltd"),
        "{v:?}"
    );
}

#[test]
fn a_share_class_is_no_name() {
    let v = cands("Quenmoor Inc said its Class A and Class B common shares would split.");
    assert!(!v.iter().any(|(c, _)| c.starts_with("Class")), "{v:?}");
    assert!(v.iter().any(|(c, _)| c == "Quenmoor Inc"), "{v:?}");
}

#[test]
fn a_currency_after_its_country_is_no_name_but_the_country_stays() {
    let v = cands("The long-term rise of the Swiss Franc and the U.S. Dollar hurt Tarvel Corp.");
    assert!(
        !v.iter()
            .any(|(c, _)| c.ends_with("Franc") || c.ends_with("Dollar")),
        "{v:?}"
    );
    assert!(v.iter().any(|(c, _)| c == "U.S."), "{v:?}");
}

#[test]
fn a_benchmark_rate_is_no_name() {
    let v = cands(
        "The notes pay 1/4 point over LIBOR, the London Interbank Offered Rate, Brisk Bank said.",
    );
    assert!(
        !v.iter().any(|(c, _)| c == "LIBOR" || c.contains("Offered")),
        "{v:?}"
    );
    assert!(v.iter().any(|(c, _)| c == "Brisk Bank"), "{v:?}");
}

#[test]
fn a_share_class_after_a_function_word_or_a_currency_alone_is_no_name() {
    let v = cands("Each Class B share has ten votes. A weaker Dollar cut sales at Tremont Mills.");
    assert!(
        !v.iter().any(|(c, _)| c.contains("Class") || c == "Dollar"),
        "{v:?}"
    );
    assert!(v.iter().any(|(c, _)| c == "Tremont Mills"), "{v:?}");
}

#[test]
fn a_medium_or_a_scripture_alone_is_no_name() {
    let v = cands(
        "Orvanta Ltd said the Internet and the Web had changed trade. The Bible sold well, \
         Orvanta said.",
    );
    for s in ["Internet", "Web", "Bible"] {
        assert!(!v.iter().any(|(c, _)| c == s), "{s}: {v:?}");
    }
    assert!(v.iter().any(|(c, _)| c == "Orvanta Ltd"), "{v:?}");
}
