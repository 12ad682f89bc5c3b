//! Companies whose names hold "and": the last word before the legal form is a line of business
//! or a partner, not a second company ("Sumitomo Trust and Banking Co Ltd" is one company).
use super::*;

#[test]
fn a_line_of_business_after_and_is_part_of_the_company() {
    for (text, name) in [
        (
            "The letter comes from Kestrow Trust and Banking Co Ltd, it said.",
            "Kestrow Trust and Banking Co Ltd",
        ),
        (
            "Valdane Finance and Trade Ltd is issuing a bond.",
            "Valdane Finance and Trade Ltd",
        ),
        (
            "Shares of Harlow Power and Light Co rose on Monday.",
            "Harlow Power and Light Co",
        ),
    ] {
        let v = cands(text);
        assert!(has(&v, name, EntityKind::Organization), "{text}: {v:?}");
        assert_eq!(
            v.iter()
                .filter(|(_, k)| *k == Some(EntityKind::Organization))
                .count(),
            1,
            "{text}: {v:?}"
        );
    }
}

#[test]
fn a_place_or_a_closed_company_before_and_stays_apart() {
    let v = cands("It sold units in Norway and Harvest Plc bought them.");
    assert!(has(&v, "Harvest Plc", EntityKind::Organization), "{v:?}");
    assert!(!v.iter().any(|(s, _)| s.contains("Norway and")), "{v:?}");
    let v = cands("Advisers were Tarrow Capital Corp and Harvest Securities Inc, it said.");
    assert!(
        has(&v, "Tarrow Capital Corp", EntityKind::Organization),
        "{v:?}"
    );
    assert!(
        has(&v, "Harvest Securities Inc", EntityKind::Organization),
        "{v:?}"
    );
}

#[test]
fn a_name_its_own_report_takes_up_is_a_firm() {
    let text = "Coffee shipments fell in the week, Taldora Perrin said in its weekly review.";
    let v = cands(text);
    assert!(has(&v, "Taldora Perrin", EntityKind::Organization), "{v:?}");
    // A person who speaks of someone else's report stays a person.
    let v = cands("Shipments fell, Daniel Perrin said on Monday.");
    assert!(!has(&v, "Daniel Perrin", EntityKind::Organization), "{v:?}");
}

#[test]
fn nordic_and_malaysian_legal_forms_close_a_company() {
    for (text, name) in [
        ("Velmora AB said its profit rose.", "Velmora AB"),
        ("Kestari Oy said its profit rose.", "Kestari Oy"),
        ("Sundal Berhad said its profit rose.", "Sundal Berhad"),
    ] {
        let v = cands(text);
        assert!(has(&v, name, EntityKind::Organization), "{text}: {v:?}");
    }
}
