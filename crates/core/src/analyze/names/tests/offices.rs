//! Offices held in an organization: "Governor of the Bank of England Robin Leigh-Pemberton" is
//! an organization and a person, and the office is neither.
use super::*;

#[test]
fn office_of_an_organization_then_a_person() {
    let v = cands("He met Governor of the Bank of Canada John Crow on Monday.");
    assert!(has(&v, "Bank of Canada", EntityKind::Organization), "{v:?}");
    assert!(has(&v, "John Crow", EntityKind::Person), "{v:?}");
    assert!(!v.iter().any(|(s, _)| s.contains("Governor")), "{v:?}");
}

#[test]
fn office_of_an_organization_alone() {
    let v = cands("He met the Chairman of the National Grain Council on Monday.");
    assert!(
        has(&v, "National Grain Council", EntityKind::Organization),
        "{v:?}"
    );
    assert!(!v.iter().any(|(s, _)| s.contains("Chairman")), "{v:?}");
    // A title word an organization's head follows is part of the name.
    let v = cands("He met the Chairman of General Holdings on Monday.");
    assert!(
        has(&v, "General Holdings", EntityKind::Organization),
        "{v:?}"
    );
}

#[test]
fn two_office_holders_joined_by_and() {
    let v = cands(
        "They met Foreign Secretary Anna Berger and Governor of the Bank of England \
         Peter Lowe.",
    );
    assert!(has(&v, "Anna Berger", EntityKind::Person), "{v:?}");
    assert!(has(&v, "Peter Lowe", EntityKind::Person), "{v:?}");
    assert!(
        has(&v, "Bank of England", EntityKind::Organization),
        "{v:?}"
    );
}

#[test]
fn an_office_of_state_is_no_organization() {
    // "State" heads organizations ("Ohio State"), but "of State for Trade" is an office.
    let v = cands("Secretary of State for Trade Maria Lopez said so.");
    assert!(!v.iter().any(|(s, _)| s.starts_with("State for")), "{v:?}");
}

#[test]
fn a_title_then_a_name_the_lists_lack() {
    // The given name is no given name of the lists but a common word; the surname ends the
    // chunk, and a hard-wrapped line breaks between the title and the name.
    let v = cands(
        "The fund grew by a third over the year to the end of March, Financial Secretary\n\
         Piers Jacobs said.",
    );
    assert!(has(&v, "Piers Jacobs", EntityKind::Person), "{v:?}");
    // Not after a single title word and a word that heads a place.
    let v = cands("The ship sailed past the Governor Mill Harbor on the way out.");
    assert!(!has(&v, "Mill Harbor", EntityKind::Person), "{v:?}");
}

#[test]
fn a_company_then_its_officer() {
    let v = cands("The offer was too low, Hughes Tool Co Chairman W.A. Kistler said on Monday.");
    assert!(has(&v, "Hughes Tool Co", EntityKind::Organization), "{v:?}");
    assert!(has(&v, "W.A. Kistler", EntityKind::Person), "{v:?}");
    // A portfolio word after the company is the office's, not a company head.
    let v = cands("The talks failed, White House Press Secretary Mara Quinlan said on Monday.");
    assert!(has(&v, "Mara Quinlan", EntityKind::Person), "{v:?}");
    assert!(!v.iter().any(|(s, _)| s == "White House Press"), "{v:?}");
}
