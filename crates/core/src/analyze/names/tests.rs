//! Unit tests of `analyze::names` (beside it, in their own file for length).
use super::super::lexicon;
use super::super::tokenize::tokenize;
use super::*;

/// The rule cascade's candidates (the learned layer is tested in `learn` and end to end).
pub(super) fn cands(text: &str) -> Vec<(String, Option<EntityKind>)> {
    let t = tokenize(text);
    let blocked = vec![false; t.len()];
    extract_rules(&t, lexicon::get(), &blocked)
        .cands
        .into_iter()
        .map(|c| (text[c.start..c.end].to_string(), c.kind))
        .collect()
}

/// The candidates as [`extract`] gives them (the rules, then the learned layer and the
/// passes after it), as (text, kind).
pub(super) fn found(text: &str) -> Vec<(String, Option<EntityKind>)> {
    let t = tokenize(text);
    let blocked = vec![false; t.len()];
    extract(&t, lexicon::get(), &blocked)
        .into_iter()
        .map(|c| (text[c.start..c.end].to_string(), c.kind))
        .collect()
}

fn has(v: &[(String, Option<EntityKind>)], s: &str, k: EntityKind) -> bool {
    v.iter().any(|(x, kk)| x == s && *kk == Some(k))
}

#[test]
fn titles_split_chunks() {
    let v = cands("Later, U.S. Secretary of State Antonio Brenner condemned the vote.");
    assert!(has(&v, "U.S.", EntityKind::Place), "{v:?}");
    assert!(has(&v, "Antonio Brenner", EntityKind::Person), "{v:?}");
    let v = cands("The visit by Venezuelan Defense Minister Vladimir Castro López was brief.");
    assert!(
        has(&v, "Vladimir Castro López", EntityKind::Person),
        "{v:?}"
    );
    assert!(!v.iter().any(|(s, _)| s.contains("Venezuelan")), "{v:?}");
}

#[test]
fn heads_and_cues() {
    let v = cands("He met the head of the Carter Center and the National Electoral Council in the state of Oaxaca.");
    assert!(has(&v, "Carter Center", EntityKind::Organization), "{v:?}");
    assert!(
        has(&v, "National Electoral Council", EntityKind::Organization),
        "{v:?}"
    );
    assert!(has(&v, "Oaxaca", EntityKind::Place), "{v:?}");
    let v = cands("Voters queued at the Colegio San Marcos Rivera in the Tabay Parish early on.");
    assert!(
        has(&v, "Colegio San Marcos Rivera", EntityKind::Place),
        "{v:?}"
    );
    assert!(has(&v, "Tabay Parish", EntityKind::Place), "{v:?}");
}

#[test]
fn names_never_hold_lowercase_words_and_or_single_letters() {
    let v = cands(
        "The MP for Kensington and Chelsea met Alex Ferguson and Arsene Wenger on Monday. \
         Shares of S&P, AT&T and T-Mobile rose, said Wednesday Tony Blair. \
         Fresquito Fresquet & Angelo played in Major League Baseball.",
    );
    for (s, _) in &v {
        assert!(
            s.chars().next().is_some_and(char::is_uppercase),
            "{s:?} in {v:?}"
        );
        assert!(!s.contains(" and "), "{s:?} in {v:?}");
        assert!(
            s.chars().filter(|c| c.is_alphanumeric()).count() >= 2,
            "{s:?} in {v:?}"
        );
        assert!(!s.starts_with("Wednesday "), "{s:?} in {v:?}");
    }
    assert!(has(&v, "Alex Ferguson", EntityKind::Person), "{v:?}");
    assert!(v.iter().any(|(s, _)| s == "Arsene Wenger"), "{v:?}");
    assert!(v.iter().all(|(s, _)| !s.contains(" & ")), "{v:?}");
    assert!(!has(&v, "League Baseball", EntityKind::Person), "{v:?}");
    assert!(
        !v.iter()
            .any(|(s, k)| s.contains("Kensington") && *k == Some(EntityKind::Person)),
        "{v:?}"
    );
}

#[test]
fn one_word_before_said_is_left_to_the_corpus() {
    let v = cands("The carmaker grew, Chrysler said on Monday.");
    assert!(!has(&v, "Chrysler", EntityKind::Person), "{v:?}");
}

#[test]
fn acronym_defined_in_parentheses() {
    let t =
        tokenize("observers from the Council of Electoral Experts of Latin America (CEAL) came");
    let blocked = vec![false; t.len()];
    let c = extract(&t, lexicon::get(), &blocked);
    let acr = c
        .iter()
        .find(|c| t.text[c.start..c.end] == *"CEAL")
        .map(|c| c.acronym_of.clone());
    assert_eq!(
        acr,
        Some(Some(
            "council of electoral experts of latin america".to_string()
        ))
    );
}

#[test]
fn contractions_are_never_names() {
    for text in [
        "You’ll see the results. I’ve said so before.",
        "You'll see. They're gone. We'd know. I'm here. Can't stop.",
    ] {
        let v = cands(text);
        assert!(
            v.iter().all(|(s, _)| !s.contains(['\'', '\u{2019}'])),
            "{text}: {v:?}"
        );
    }
    let v = cands("The report by Shane O'Neill was long.");
    assert!(has(&v, "Shane O'Neill", EntityKind::Person), "{v:?}");
}

#[test]
fn currency_codes_and_capitalized_common_nouns_are_not_names() {
    let v = cands("The firm asked for US$5 billion while US officials waited.");
    assert_eq!(v.iter().filter(|(s, _)| s == "US").count(), 1, "{v:?}");
    let v = cands("Scientists joined the Laboratory in 1950, and the Senate voted.");
    assert!(
        !v.iter().any(|(s, k)| s == "Laboratory" && k.is_some()),
        "{v:?}"
    );
    assert!(has(&v, "Senate", EntityKind::Organization), "{v:?}");
    let v = cands("The bridge crosses Hancock Brook near Elm Pond.");
    assert!(has(&v, "Hancock Brook", EntityKind::Place), "{v:?}");
    assert!(has(&v, "Elm Pond", EntityKind::Place), "{v:?}");
}

#[test]
fn lists_of_titled_names_are_not_headlines() {
    let v = cands(
        "Commanders\nColonel Jesse Auton, 10 April 1943; General Ross G. Hoyt, 4 June 1943\n",
    );
    assert!(has(&v, "Jesse Auton", EntityKind::Person), "{v:?}");
    assert!(has(&v, "Ross G. Hoyt", EntityKind::Person), "{v:?}");
}

#[test]
fn weekdays_months_and_sign_offs_are_not_names() {
    let v = cands("Agriculture Secretary Clayton Yeutter Monday said prices fell.");
    assert!(has(&v, "Clayton Yeutter", EntityKind::Person), "{v:?}");
    let v = cands("Routine sales were made. Butter for March/April sold at 4,340 dlrs.\n Reuter\n");
    assert!(
        !v.iter()
            .any(|(s, k)| (s == "March" || s == "Reuter") && k.is_some()),
        "{v:?}"
    );
}

#[test]
fn players_on_scorer_lines_and_pairs_before_a_role() {
    // On a results line, clubs; on a line of scorers, players, whatever their first names.
    let v = cands("Barnsley 2 Bolton 1\nScorers: Tomas Varga 12, Piet van Oordt 67.\n");
    assert!(has(&v, "Barnsley", EntityKind::Organization), "{v:?}");
    assert!(has(&v, "Tomas Varga", EntityKind::Person), "{v:?}");
    assert!(has(&v, "Piet van Oordt", EntityKind::Person), "{v:?}");
    // "Sony and Intel shares": the cue after the pair is for both.
    let v = cands("Prices were steady. Quorvex and Brindle shares fell on Thursday.");
    assert!(has(&v, "Quorvex", EntityKind::Organization), "{v:?}");
    assert!(has(&v, "Brindle", EntityKind::Organization), "{v:?}");
}

#[test]
fn clubs_named_with_a_prefix_and_a_city_are_organizations() {
    let v =
        cands("Real Madrid won. He joined Atletico Madrid from Borussia Dortmund and FC Porto.");
    for club in [
        "Real Madrid",
        "Atletico Madrid",
        "Borussia Dortmund",
        "FC Porto",
    ] {
        assert!(has(&v, club, EntityKind::Organization), "{club}: {v:?}");
    }
}

#[test]
fn a_members_constituency_is_a_place() {
    let v = cands("The Tory MP for Bexley and Sidcup, Jane Holt, disagreed.");
    assert!(has(&v, "Bexley", EntityKind::Place), "{v:?}");
    assert!(has(&v, "Sidcup", EntityKind::Place), "{v:?}");
    assert!(has(&v, "Jane Holt", EntityKind::Person), "{v:?}");
    assert!(!v.iter().any(|(s, _)| s.contains("MP")), "{v:?}");
}

#[test]
fn month_abbreviations_end_no_name() {
    // Futures contracts are quoted as a market and a month: the month is no part of a name.
    let v = cands("Sales went at 2.27 times Kansas City Dec and 35 dlrs under Chicago Sept, while Aug/Sept sold at 1,870 dlrs.");
    assert!(
        !v.iter()
            .any(|(s, _)| s.ends_with("Dec") || s.contains("Sept")),
        "{v:?}"
    );
    assert!(v.iter().any(|(s, _)| s == "Kansas City"), "{v:?}");
    let v = cands("Barges were quoted at 150 pct for Nov Lower Mississippi River loading.");
    assert!(
        v.iter().any(|(s, _)| s == "Lower Mississippi River"),
        "{v:?}"
    );
    // Shouted, it is an acronym and may be a company.
    let v = cands("Shares of DEC rose.");
    assert!(v.iter().any(|(s, _)| s == "DEC"), "{v:?}");
}

#[test]
fn names_run_on_across_the_soft_breaks_of_wrapped_text() {
    let v = cands(
        "The report said the President and Secretary of State George\nShultz were more interested in the talks than\nanyone else.\n",
    );
    assert!(has(&v, "George\nShultz", EntityKind::Person), "{v:?}");
    // A short line (a headline) still ends a name.
    let v = cands("Talks with George\nShultz said he would go.");
    assert!(!v.iter().any(|(s, _)| s.contains('\n')), "{v:?}");
}

fn person(v: &[(String, Option<EntityKind>)], s: &str) -> bool {
    has(v, s, EntityKind::Person)
}

#[test]
fn events_named_days_and_products_are_not_people() {
    let v = cands(
        "Spain won the Davis Cup in Madrid. Voters went out on Election Day, and shoppers \
         queued before Black Friday. It was back on Prime Day 2019. Doris Day sang.",
    );
    for s in [
        "Davis Cup",
        "Election Day",
        "Black",
        "Black Friday",
        "Day",
        "Prime Day",
    ] {
        assert!(!v.iter().any(|(x, _)| x == s), "{s}: {v:?}");
    }
    assert!(person(&v, "Doris Day"), "{v:?}");
    let v = cands("Crashes grounded the 737 Max jet. The only game is Destiny 2 on launch.");
    assert!(!person(&v, "Max") && !person(&v, "Destiny"), "{v:?}");
    let v = cands("Fans watched its Blue Moon lander fly.");
    assert!(!person(&v, "Blue Moon"), "{v:?}");
    // A given name then a common word can still be a person.
    let v = cands("The bank appointed Christian Sewing's deputy.");
    assert!(person(&v, "Christian Sewing"), "{v:?}");
    let v = cands("Shoppers bought Apple AirPods for the trip.");
    assert!(has(&v, "Apple", EntityKind::Organization), "{v:?}");
    assert!(!v.iter().any(|(x, _)| x.contains("AirPods")), "{v:?}");
    let v = cands("He paid before Easter. The company said March sales fell.");
    assert!(
        !v.iter().any(|(x, _)| x == "Easter" || x == "March"),
        "{v:?}"
    );
}

#[test]
fn titles_stay_apart_from_names_and_sentence_ends() {
    let v = cands("Neumann stepped down as CEO. In addition, the firm said more.");
    assert!(!v.iter().any(|(x, _)| x.contains("In")), "{v:?}");
    let v = cands("Secretary of State Mike Pompeo said so.");
    assert!(person(&v, "Mike Pompeo"), "{v:?}");
    assert!(!v.iter().any(|(x, _)| x.starts_with("State")), "{v:?}");
    let v = cands("Chancellor of the Exchequer Nigel Lawson said so.");
    assert!(person(&v, "Nigel Lawson"), "{v:?}");
    let v = cands("In a speech, President of the United States Barack Obama spoke.");
    assert!(person(&v, "Barack Obama"), "{v:?}");
    assert!(has(&v, "United States", EntityKind::Place), "{v:?}");
}

#[test]
fn tables_sign_offs_states_and_companies() {
    let v = cands(
        "Results follow.\nOper Shr loss 40 cts vs loss 10 cts\nNet profit rose.\n\nREUTER...\n",
    );
    assert!(
        !v.iter().any(|(x, _)| x == "Oper Shr" || x == "REUTER"),
        "{v:?}"
    );
    let v = cands("It completed the sale of its Whitehall, Pa., office last year.");
    assert!(has(&v, "Pa", EntityKind::Place), "{v:?}");
    let v =
        cands("The firm named Kidder, Peabody and Co as manager. Merrill Lynch and Co said so.");
    assert!(has(&v, "Kidder", EntityKind::Organization), "{v:?}");
    assert!(has(&v, "Merrill Lynch", EntityKind::Organization), "{v:?}");
    let v = cands("Analysts expect more, Petro-Canada said on the call.");
    assert!(has(&v, "Petro-Canada", EntityKind::Organization), "{v:?}");
}

#[test]
fn sites_and_partnerships_are_not_people() {
    let v = cands("The company believes the Terra Nova field is commercial.");
    assert!(has(&v, "Terra Nova", EntityKind::Place), "{v:?}");
    let v = cands("The deal was led by manager Smith Barney, Harris Upham and Co Inc.");
    assert!(has(&v, "Smith Barney", EntityKind::Organization), "{v:?}");
    let v = cands("Analysts expect more, Caisse Centrale Desjardins said on Monday.");
    assert!(!person(&v, "Caisse Centrale Desjardins"), "{v:?}");
    let v = cands("Geonex said Southern Bell will let the work go on.");
    assert!(!person(&v, "Southern Bell"), "{v:?}");
}

#[test]
fn company_words_and_numbers_never_end_a_given_name() {
    let v = cands("He joined Merrill Lynch Capital Markets last year, effective April One.");
    assert!(!person(&v, "Merrill Lynch Capital Markets"), "{v:?}");
    assert!(!person(&v, "April One"), "{v:?}");
}

#[test]
fn affiliations_handles_and_companies_stay_out_of_people() {
    let v = cands(
        "The state is led by Republican Phil Bryant, wrote @MattBevin on the day. \
         He was an aide to Vice President Pence on Trump's call. \
         The launch of Karma Automotive Andreas Thurner said was late.",
    );
    assert!(has(&v, "Phil Bryant", EntityKind::Person), "{v:?}");
    assert!(
        !v.iter()
            .any(|(s, _)| s.contains("Republican") || s.contains("MattBevin")),
        "{v:?}"
    );
    assert!(has(&v, "Pence", EntityKind::Person), "{v:?}");
    assert!(!v.iter().any(|(s, _)| s.contains(" on ")), "{v:?}");
    assert!(
        has(&v, "Karma Automotive", EntityKind::Organization),
        "{v:?}"
    );
    assert!(has(&v, "Andreas Thurner", EntityKind::Person), "{v:?}");
    // An organization head before "on" still joins: "Committee on Intelligence".
    let v = cands("He spoke to the House Select Committee on Intelligence on Monday.");
    assert!(
        has(
            &v,
            "House Select Committee on Intelligence",
            EntityKind::Organization
        ),
        "{v:?}"
    );
    // Spanish and Portuguese places named after saints, or new ones, are places.
    let v = cands("They sailed from Nueva Castilla to Santa Inés and on to San Marcos.");
    assert!(has(&v, "Nueva Castilla", EntityKind::Place), "{v:?}");
    assert!(has(&v, "Santa Inés", EntityKind::Place), "{v:?}");
}

#[test]
fn money_words_and_possessive_companies() {
    let v = cands("Volume in Eurodollar futures and Euroyen deposits rose, as did Eurobonds.");
    assert!(v.iter().all(|(s, _)| !s.starts_with("Euro")), "{v:?}");
    let v =
        cands("Advanced said Sterling's board agreed. Holders get one share of Pantera's stock.");
    assert!(has(&v, "Sterling", EntityKind::Organization), "{v:?}");
    assert!(has(&v, "Pantera", EntityKind::Organization), "{v:?}");
    let v = cands("Pantera's Corp said it agreed to buy the chain.");
    assert!(has(&v, "Pantera's", EntityKind::Organization), "{v:?}");
}

#[test]
fn a_surname_that_is_a_head_word_or_a_city_stays_a_person() {
    let text = "\"Not a day anybody can be prepared for,\" said Jim Press, the Vice Chairman. \
                GM named Fritz Henderson chief executive. Henderson described the plan.";
    let v = found(text);
    assert!(has(&v, "Jim Press", EntityKind::Person), "{v:?}");
    assert!(has(&v, "Henderson", EntityKind::Person), "{v:?}");
    assert!(!has(&v, "Henderson", EntityKind::Place), "{v:?}");
}

#[test]
fn a_role_companies_share_is_no_person_cue_for_an_unknown_word() {
    let v = cands("Aer Lingus rival Ryanair has been attempting a bid, said rival Smith.");
    assert!(!has(&v, "Ryanair", EntityKind::Person), "{v:?}");
    assert!(has(&v, "Smith", EntityKind::Person), "{v:?}");
}

#[test]
fn places_by_context_based_travel_and_office() {
    let v = cands(
        "The Zarnovan-based company grew. She flew to Ruvania on Friday, met the mayor of \
         Kestrol and talked to Smith.",
    );
    assert!(has(&v, "Zarnovan", EntityKind::Place), "{v:?}");
    assert!(has(&v, "Ruvania", EntityKind::Place), "{v:?}");
    assert!(has(&v, "Kestrol", EntityKind::Place), "{v:?}");
    assert!(!has(&v, "Smith", EntityKind::Place), "{v:?}");
}

#[test]
fn a_common_word_capitalized_and_also_lowercase_in_the_document_is_no_name() {
    let text = "He joined the Laboratory in 1990, and SUGAR prices rose. The laboratory was small \
                and sugar was cheap. The Senate and the senate staff met Zorvair.";
    let t = tokenize(text);
    let blocked = vec![false; t.len()];
    let v: Vec<String> = extract(&t, lexicon::get(), &blocked)
        .into_iter()
        .map(|c| text[c.start..c.end].to_string())
        .collect();
    assert!(
        !v.iter().any(|s| s == "Laboratory" || s == "SUGAR"),
        "{v:?}"
    );
    assert!(
        v.iter().any(|s| s == "Senate") && v.iter().any(|s| s == "Zorvair"),
        "{v:?}"
    );
}

#[test]
fn a_country_before_a_body_of_its_state_is_a_place_of_its_own() {
    let v = cands(
        "The bid went to the U.S. Air Force and was rejected in the United States Senate. \
         GM told the US Treasury it would repay, and the UK RAF signed. Then the US \
         Department of Defense agreed.",
    );
    for p in ["U.S.", "United States", "US", "UK"] {
        assert!(has(&v, p, EntityKind::Place), "{p}: {v:?}");
    }
    for o in [
        "Air Force",
        "Senate",
        "Treasury",
        "RAF",
        "Department of Defense",
    ] {
        assert!(has(&v, o, EntityKind::Organization), "{o}: {v:?}");
    }
    // A generic body is no organization by itself; a capitalized verb in a headline is no
    // acronym.
    let v = cands("Shares rose after the U.S. Government said so.\n\nU.S. SETS RECORD\n");
    assert!(has(&v, "U.S.", EntityKind::Place), "{v:?}");
    assert!(
        !v.iter().any(|(s, _)| s == "Government" || s == "SETS"),
        "{v:?}"
    );
    // Companies named after a country stay whole.
    let v = cands("He flew with Singapore Airlines and China Eastern Airlines to Japan.");
    assert!(
        has(&v, "Singapore Airlines", EntityKind::Organization),
        "{v:?}"
    );
    assert!(
        has(&v, "China Eastern Airlines", EntityKind::Organization),
        "{v:?}"
    );
}

#[test]
fn the_place_of_an_office_without_a_name_is_a_place() {
    let v = cands(
        "Guests included the Prime Minister of Singapore, and the Governor General of Canada came.",
    );
    assert!(has(&v, "Singapore", EntityKind::Place), "{v:?}");
    assert!(has(&v, "Canada", EntityKind::Place), "{v:?}");
    assert!(
        !v.iter()
            .any(|(s, _)| s.contains("Minister") || s.contains("Governor")),
        "{v:?}"
    );
    // The seat of a government is a place; a press secretary's title is no organization.
    let v =
        cands("Mara Quinlan, the White House Press Secretary, said the White House would wait.");
    assert!(has(&v, "White House", EntityKind::Place), "{v:?}");
    assert!(!v.iter().any(|(s, _)| s.contains("Press")), "{v:?}");
}

#[test]
fn every_use_of_a_defined_acronym_is_the_long_form() {
    // "GAO" is also a city (Gao, Mali) in the gazetteer.
    let v = cands(
        "It protested before the Government Accountability Office (GAO), claiming bias. \
         Later the GAO upheld the protest.",
    );
    let gao: Vec<_> = v.iter().filter(|(s, _)| s == "GAO").collect();
    assert_eq!(gao.len(), 2, "{v:?}");
    assert!(
        gao.iter()
            .all(|(_, k)| *k == Some(EntityKind::Organization)),
        "{v:?}"
    );
}

#[test]
fn definitions_and_appositions_give_the_kind() {
    let v = cands("Bahus-Soubiran is a village and commune in France. Zorblatt, a rock band from Ohio, played.");
    assert!(has(&v, "Bahus-Soubiran", EntityKind::Place), "{v:?}");
    assert!(has(&v, "Zorblatt", EntityKind::Organization), "{v:?}");
    // A person's name before a role is no organization ("a band leader").
    let v = cands("They hired Mike Dorn, a band leader from Ohio.");
    assert!(!has(&v, "Mike Dorn", EntityKind::Organization), "{v:?}");
    // Street, river and venue words.
    let v = cands("It stands at Nagle Place on the River Mersey near the Sojka Pavilion.");
    for p in ["Nagle Place", "River Mersey", "Sojka Pavilion"] {
        assert!(has(&v, p, EntityKind::Place), "{p}: {v:?}");
    }
}

#[test]
fn company_partners_and_designators() {
    // The partner before "and" belongs to the company's name.
    let v = cands("The agency acted.\nStandard and Poor's Corp said it placed the debt on review.");
    assert!(
        has(&v, "Standard and Poor's", EntityKind::Organization),
        "{v:?}"
    );
    assert!(!v.iter().any(|(s, _)| s == "Standard"), "{v:?}");
    // A designator alone is no name, whichever rule proposes it.
    let t = tokenize("Analysts at Goldman Sachs and Co. said so. Co and Kestrel Ltd agreed.");
    let blocked = vec![false; t.len()];
    let all = extract(&t, lexicon::get(), &blocked);
    assert!(
        all.iter()
            .all(|c| !matches!(c.key.as_str(), "co" | "co." | "ltd")),
        "{all:?}"
    );
}

#[test]
fn a_role_before_a_name_beats_a_place_head() {
    let v = cands("In one of the most direct criticisms, board chairman John Tower, a longtime supporter, spoke.");
    assert!(has(&v, "John Tower", EntityKind::Person), "{v:?}");
    // Without the role it is still read by its head.
    let v = cands("They met at the foot of Clifton Tower on a cold day.");
    assert!(has(&v, "Clifton Tower", EntityKind::Place), "{v:?}");
}

#[test]
fn an_adviser_is_a_title() {
    let v =
        cands("The panel included former National Security Adviser Brent Scowcroft and others.");
    assert!(has(&v, "Brent Scowcroft", EntityKind::Person), "{v:?}");
}

#[test]
fn a_possessive_with_nothing_after_it_is_a_company_name() {
    let v =
        cands("The notes are rated AA by Standard and Poor's and A-2 by Moody's. Fitch agreed.");
    // The 's is part of the company's name.
    assert!(
        has(&v, "Standard and Poor's", EntityKind::Organization),
        "{v:?}"
    );
    assert!(has(&v, "Moody's", EntityKind::Organization), "{v:?}");
    assert!(!v.iter().any(|(s, _)| s == "Standard"), "{v:?}");
    // A possessive before a noun stays a possessive.
    let v = cands("The plan was Kessler's idea, said the report.");
    assert!(!has(&v, "Kessler", EntityKind::Organization), "{v:?}");
    assert!(!v.iter().any(|(s, _)| s.ends_with("'s")), "{v:?}");
    // Before a possessed noun the 's stays out of the company's name.
    let v = cands("Advanced said Sterling's board agreed.");
    assert!(has(&v, "Sterling", EntityKind::Organization), "{v:?}");
}

#[test]
fn a_portfolio_word_before_a_title_is_no_name() {
    let v = cands("It rained. Finance Minister Edouard Marchetti said the figure was revised.");
    assert!(has(&v, "Edouard Marchetti", EntityKind::Person), "{v:?}");
    assert!(!v.iter().any(|(s, _)| s == "Finance"), "{v:?}");
}

#[test]
fn wars_revolutions_and_games_are_no_names() {
    let v = cands(
        "After World War II and the French Revolution, he won gold at the Pan American Games \
         in Lima during the Middle Ages.",
    );
    for s in [
        "World War II",
        "French Revolution",
        "Pan American Games",
        "Middle Ages",
    ] {
        assert!(!v.iter().any(|(x, k)| x == s && k.is_some()), "{s}: {v:?}");
    }
    assert!(has(&v, "Lima", EntityKind::Place), "{v:?}");
    // A king's numeral is no event's.
    let v = cands("The court of King Louis XIV moved to Versailles.");
    assert!(v.iter().any(|(x, _)| x.contains("Louis XIV")), "{v:?}");
}

#[test]
fn ampersand_abbreviations_are_candidates() {
    let v = cands("It rained. AT&T said it would buy shares. The B&SR locomotives ran.");
    assert!(v.iter().any(|(s, _)| s == "AT&T"), "{v:?}");
    assert!(v.iter().any(|(s, _)| s == "B&SR"), "{v:?}");
}

#[test]
fn a_country_before_common_words_is_the_country_alone() {
    let v = cands(
        "The talks ended, U.S. Officials said. Reserves rose to 50 billion U.S. Dollars in May.",
    );
    assert_eq!(
        v.iter()
            .filter(|(s, k)| s == "U.S." && *k == Some(EntityKind::Place))
            .count(),
        2,
        "{v:?}"
    );
    assert!(!v.iter().any(|(s, _)| s.starts_with("U.S. ")), "{v:?}");
    // A head keeps the organization ("U.S. Steel", "Japan Airlines"), and a country written
    // out keeps its words ("China Eastern").
    let v = cands("Shares of Japan Airlines rose. Talks with China Eastern ended.");
    assert!(has(&v, "Japan Airlines", EntityKind::Organization), "{v:?}");
    assert!(v.iter().any(|(s, _)| s == "China Eastern"), "{v:?}");
}

#[test]
fn a_misspelt_opener_and_a_hyphenated_pair_split_from_names() {
    let v = cands("It rained. Athough Kessler said he would meet Varnholt, the Kessler-Varnholt summit was delayed.");
    assert!(v.iter().any(|(s, _)| s == "Kessler"), "{v:?}");
    assert!(!v.iter().any(|(s, _)| s.contains("Athough")), "{v:?}");
    assert!(!v.iter().any(|(s, _)| s.contains('-')), "{v:?}");
    assert!(misspelt_opener("athough") && misspelt_opener("howver") && misspelt_opener("hwoever"));
    assert!(!misspelt_opener("although") && !misspelt_opener("kessler"));
    // A company's hyphenated name before another noun stays whole.
    let v = cands("It rained. Shares of Hewlett-Packard rose.");
    assert!(v.iter().any(|(s, _)| s == "Hewlett-Packard"), "{v:?}");
}

#[test]
fn credit_ratings_are_no_names() {
    let v = cands(
        "The notes are rated AAA, and A-2 by Kestrel and AA by Varnholt Ratings. It was cut to \
         Aa-1 from Aaa. The AA said motorists were safe.",
    );
    assert!(
        !v.iter()
            .any(|(s, _)| matches!(s.as_str(), "AAA" | "Aa" | "Aaa")),
        "{v:?}"
    );
    // The motoring association, with no rating around it, is still a name.
    assert_eq!(v.iter().filter(|(s, _)| s == "AA").count(), 1, "{v:?}");
}

#[test]
fn months_and_numbers_in_words_are_no_part_of_a_name() {
    let v = cands(
        "Qtly div 35 cts vs 35 cts prior\n    Pay April One\n    Record March 14\n\
         Prices rose at New York July, while February U.S. output fell and January Maya crude \
         was cheaper. Nine pct of the shares went to June Carter.",
    );
    for (s, _) in &v {
        let low = s.to_lowercase();
        assert!(
            !["april", "one", "july", "february", "january", "nine"]
                .iter()
                .any(|w| low.split(' ').any(|x| x == *w)),
            "{s:?} in {v:?}"
        );
    }
    assert!(v.iter().any(|(s, _)| s == "New York"), "{v:?}");
    assert!(v.iter().any(|(s, _)| s == "U.S."), "{v:?}");
    assert!(v.iter().any(|(s, _)| s == "Maya"), "{v:?}");
    assert!(has(&v, "June Carter", EntityKind::Person), "{v:?}");
}

#[test]
fn one_word_banks_are_organizations() {
    let v = cands("The telex came from committee chairman Zentrobank, and Bankers noted Citibank had held up a deal.");
    assert!(has(&v, "Zentrobank", EntityKind::Organization), "{v:?}");
    assert!(has(&v, "Citibank", EntityKind::Organization), "{v:?}");
}

#[test]
fn a_table_rows_label_is_no_name_in_its_document() {
    let text = "ACME TOOL CORP 3RD QTR JAN 31 NET\n\nShr 23 cts vs 18 cts\nNet 12.6 mln vs 15.8 mln\nRevs 337.3 mln vs 315.2 mln\n";
    let t = tokenize(text);
    let got: Vec<String> = extract(&t, lexicon::get(), &vec![false; t.len()])
        .into_iter()
        .map(|c| text[c.start..c.end].to_string())
        .collect();
    assert!(!got.iter().any(|s| s == "NET" || s == "Net"), "{got:?}");
    // Without the table, the headline's word is left to the corpus.
    let text = "ACME TOOL CORP 3RD QTR JAN 31 NET\n\nThe company had a good quarter.\n";
    let t = tokenize(text);
    let got: Vec<String> = extract(&t, lexicon::get(), &vec![false; t.len()])
        .into_iter()
        .map(|c| text[c.start..c.end].to_string())
        .collect();
    assert!(got.iter().any(|s| s == "NET"), "{got:?}");
}

#[test]
fn acronyms_of_things_and_line_labels_are_no_names() {
    let v = cands("The service has movies and TV shows, a blow to the pay-TV bundle.\nPhoto: Damian Dovarganes, AP\nThe SUV sold well.");
    assert!(
        !v.iter()
            .any(|(s, _)| s == "TV" || s == "SUV" || s == "Photo"),
        "{v:?}"
    );
    assert!(v.iter().any(|(s, _)| s == "Damian Dovarganes"), "{v:?}");
}

#[test]
fn time_stamp_labels_are_no_names() {
    let v = cands("Updated 1:39 am EST, Wednesday.\nPublished Nov 18 at 4:07 PM | Updated at 5:36 PM CST\nUnited said on Monday it would fly.");
    assert!(!v.iter().any(|(s, _)| s == "Updated"), "{v:?}");
    assert!(v.iter().any(|(s, _)| s == "United"), "{v:?}");
}

#[test]
fn shows_are_events() {
    let v = cands("The concept car was unveiled at the Zarnovan Auto Show on Tuesday.");
    assert!(
        !v.iter().any(|(s, k)| s.contains("Show") && k.is_some()),
        "{v:?}"
    );
}

#[test]
fn a_name_set_off_before_a_country_or_state_is_a_place() {
    let v = cands("The wing moved to Zorbeck, England, on 4 June, then to Vellmar, Ohio.");
    assert!(has(&v, "Zorbeck", EntityKind::Place), "{v:?}");
    assert!(has(&v, "Vellmar", EntityKind::Place), "{v:?}");
    // A full name, or a country's possessive after the name, is no such place.
    let v = cands("The rider was Peter Hansen, Denmark, and later Zorbeck, Britain's envoy.");
    assert!(!has(&v, "Peter Hansen", EntityKind::Place), "{v:?}");
    assert!(!has(&v, "Zorbeck", EntityKind::Place), "{v:?}");
}

#[test]
fn a_noun_of_a_body_or_a_place_before_a_name_gives_its_kind() {
    let v = cands(
        "He joined the band Zorvex in 1994 and later the German airline Kestrair. \
         She founded a label called Brightloom. The town is in the district Vellmark.",
    );
    assert!(has(&v, "Zorvex", EntityKind::Organization), "{v:?}");
    assert!(has(&v, "Kestrair", EntityKind::Organization), "{v:?}");
    assert!(has(&v, "Brightloom", EntityKind::Organization), "{v:?}");
    assert!(has(&v, "Vellmark", EntityKind::Place), "{v:?}");
    // A relative clause: the name is the subject, a person.
    let v = cands("It was the band Lennon formed in 1957.");
    assert!(!has(&v, "Lennon", EntityKind::Organization), "{v:?}");
}

#[test]
fn a_city_beside_a_match_result_or_in_capitals_after_the_is_an_organization() {
    let v = cands("In the league, Leeds beat Chelsea 2-1 and Paris drew with Lyon 1-1.");
    assert!(has(&v, "Leeds", EntityKind::Organization), "{v:?}");
    assert!(has(&v, "Lyon", EntityKind::Organization), "{v:?}");
    let v = cands("He filed a protest before the GAO, and flew to Gao in May.");
    assert!(has(&v, "GAO", EntityKind::Organization), "{v:?}");
    assert!(has(&v, "Gao", EntityKind::Place), "{v:?}");
}

#[test]
fn an_unknown_word_listed_beside_a_known_place_is_a_place() {
    let v = cands("They lived in Brittany, Zorbeque and Vellmarsh, near the coast.");
    assert!(has(&v, "Zorbeque", EntityKind::Place), "{v:?}");
    assert!(has(&v, "Vellmarsh", EntityKind::Place), "{v:?}");
    // Not the subject of a clause after a place set off by commas.
    let v = cands("Born in Bentheim, Germany, Zorbeque was raised by farmers.");
    assert!(!has(&v, "Zorbeque", EntityKind::Place), "{v:?}");
}

#[test]
fn company_designators_are_found_by_probe_as_in_the_list() {
    let lists = coord::LEGAL_FORMS
        .iter()
        .chain(cues::COMPANY_DESIGNATORS_BEYOND_LEGAL_FORMS);
    for w in lists {
        assert!(cues::is_company_designator(w), "{w}");
    }
    for w in ["", "c", "incorporated", "acme", "Inc", "co inc", "partner"] {
        assert!(!cues::is_company_designator(w), "{w}");
    }
}

#[test]
fn a_surname_before_an_unknown_word_opens_a_name_at_a_sentence_start() {
    let v = cands("Porter Zellweg won the contract. Mason Vrillar said profits rose.");
    assert!(v.iter().any(|(s, _)| s == "Porter Zellweg"), "{v:?}");
    assert!(v.iter().any(|(s, _)| s == "Mason Vrillar"), "{v:?}");
    // A common word that is no surname still opens a sentence, not a name.
    let v = cands("Analysts Zellweg and Vrillar disagreed.");
    assert!(!v.iter().any(|(s, _)| s == "Analysts Zellweg"), "{v:?}");
    // Nor before a word a list knows ("Porter Street" is left as before).
    let v = cands("Turner Said was the first to leave.");
    assert!(!v.iter().any(|(s, _)| s == "Turner Said"), "{v:?}");
}

#[test]
fn a_city_alone_is_the_company_its_document_names_after_it() {
    let text = "Dayton Zelcor Inc said on Monday it would cut jobs. Dayton said sales fell, \
                and Dayton's board met. Its plant in Dayton stays open.";
    let v = found(text);
    let kinds: Vec<_> = v
        .iter()
        .filter(|(s, _)| s == "Dayton")
        .map(|x| x.1)
        .collect();
    assert_eq!(
        kinds,
        [
            Some(EntityKind::Organization),
            Some(EntityKind::Organization),
            Some(EntityKind::Place)
        ],
        "{v:?}"
    );
    // A country stays a place; a region only before a company's cue.
    let text = "Japan Zelcor Co said Japan would buy more. Ohio Zelcor Corp expanded; Ohio \
                said it was glad, and Ohio now leads. The plant in Ohio is new. Texas Zelcor \
                Inc grew, and Texas now leads.";
    let v = found(text);
    assert!(has(&v, "Japan", EntityKind::Place), "{v:?}");
    let kinds: Vec<_> = v.iter().filter(|(s, _)| s == "Ohio").map(|x| x.1).collect();
    assert_eq!(
        kinds,
        [
            Some(EntityKind::Organization),
            Some(EntityKind::Organization),
            Some(EntityKind::Place)
        ],
        "{v:?}"
    );
    assert!(has(&v, "Texas", EntityKind::Place), "{v:?}");
    // Without the company, the city stays a place.
    let v = cands("Dayton said sales fell.");
    assert!(!has(&v, "Dayton", EntityKind::Organization), "{v:?}");
}

#[test]
fn trade_terms_and_computers_are_no_candidates() {
    let v =
        cands("Wheat sold at 89 dlrs per tonne FOB, and the FOB premium rose; CIF prices fell.");
    assert!(!v.iter().any(|(s, _)| s == "FOB" || s == "CIF"), "{v:?}");
    let v = cands("The software runs on any PC at home.");
    assert!(!v.iter().any(|(s, _)| s == "PC"), "{v:?}");
}

#[test]
fn an_office_before_a_surname_that_is_a_common_word_leaves_the_surname_alone() {
    // "Lantern", "Kettle" and "Meadow" are common words no name list knows.
    let v = cands("He urged them to investigate former Vice President Lantern, she said.");
    assert!(person(&v, "Lantern"), "{v:?}");
    assert!(!v.iter().any(|(x, _)| x.contains("Vice")), "{v:?}");
    let v = cands("Later, President Kettle met Foreign Minister Meadow in the capital.");
    assert!(person(&v, "Kettle"), "{v:?}");
    assert!(person(&v, "Meadow"), "{v:?}");
    assert!(!v.iter().any(|(x, _)| x.contains("President")), "{v:?}");
    // No surname after a title word that is no office here, nor across a sentence's end.
    let v = cands("He watched the Premier League and the Major League Baseball games.");
    assert!(has(&v, "Premier League", EntityKind::Organization), "{v:?}");
    assert!(!person(&v, "League"), "{v:?}");
    let v = cands("She spoke to the Deputy Attorney General. According to him, it was over.");
    assert!(!person(&v, "According"), "{v:?}");
}

#[test]
fn an_office_alone_on_a_headline_is_no_name() {
    let v =
        cands("PORT SUBSIDY TO END JULY 1 - MINISTER\nThe subsidy ends, Minister Jan Kettle said.");
    assert!(!v.iter().any(|(x, _)| x == "MINISTER"), "{v:?}");
}

#[test]
fn a_weekday_after_the_stays_in_a_title() {
    let v = cands("The Sunday Mail said the talks had failed, and on Sunday Kowalski left.");
    assert!(has(&v, "Sunday Mail", EntityKind::Organization), "{v:?}");
    assert!(!v.iter().any(|(s, _)| s == "Sunday Kowalski"), "{v:?}");
}

#[test]
fn a_prefix_before_a_known_place_that_is_also_a_given_name_is_a_place() {
    // "Chad" is a given name and a country; "Fort William" stays open (no known place).
    let v = cands("The route ran between the Niger River and Lake Chad, far from Fort William.");
    assert!(has(&v, "Lake Chad", EntityKind::Place), "{v:?}");
    assert!(!has(&v, "Fort William", EntityKind::Place), "{v:?}");
}

#[test]
fn geographic_heads_and_foreign_honorifics() {
    let v = cands("The village lies on the Zorvan Plateau, near the Kestrel Highlands.");
    assert!(has(&v, "Zorvan Plateau", EntityKind::Place), "{v:?}");
    assert!(has(&v, "Kestrel Highlands", EntityKind::Place), "{v:?}");
    let v = cands("Later, Shri Ramesh Varkala met Datuk Tengku Azlan and Signor Bellovani.");
    assert!(has(&v, "Ramesh Varkala", EntityKind::Person), "{v:?}");
    assert!(has(&v, "Tengku Azlan", EntityKind::Person), "{v:?}");
    assert!(has(&v, "Bellovani", EntityKind::Person), "{v:?}");
}

#[test]
fn a_side_a_player_played_for_is_a_club() {
    let v = cands(
        "Varga played with Zorbury and Kestrelton, then lived in Leeds and played with John \
         Carter.",
    );
    assert!(has(&v, "Zorbury", EntityKind::Organization), "{v:?}");
    assert!(has(&v, "Kestrelton", EntityKind::Organization), "{v:?}");
    assert!(has(&v, "Leeds", EntityKind::Place), "{v:?}");
    assert!(!has(&v, "John Carter", EntityKind::Organization), "{v:?}");
}

#[test]
fn a_compass_place_a_player_played_with_is_a_club() {
    let v = cands(
        "Varga played with Zorbury and South Sydney in the league. He later lived in South \
         Sydney.",
    );
    assert!(has(&v, "South Sydney", EntityKind::Organization), "{v:?}");
    assert!(has(&v, "South Sydney", EntityKind::Place), "{v:?}");
}

#[test]
fn an_airline_named_air_and_a_place_is_an_organization() {
    let v = cands("Air Malta ordered two jets. The carrier flew to Malta and fares rose.");
    assert!(has(&v, "Air Malta", EntityKind::Organization), "{v:?}");
    assert!(!has(&v, "Malta", EntityKind::Organization), "{v:?}");
    assert!(has(&v, "Malta", EntityKind::Place), "{v:?}");
    let v = cands("He flew with Air New Zealand and Air India to Delhi.");
    assert!(
        has(&v, "Air New Zealand", EntityKind::Organization),
        "{v:?}"
    );
    assert!(!has(&v, "New Zealand", EntityKind::Place), "{v:?}");
}

#[test]
fn a_peoples_word_and_a_country_is_a_territory() {
    let v = cands("After leaving French Sudan in 1899 they crossed British Honduras by boat.");
    assert!(has(&v, "French Sudan", EntityKind::Place), "{v:?}");
    assert!(has(&v, "British Honduras", EntityKind::Place), "{v:?}");
}

#[test]
fn a_portfolio_word_before_a_lowercase_role_is_no_name() {
    let v = cands("Finance director Jim Brown agreed. The bank's Finance director left. Labour leader Ed Smith spoke.");
    assert!(!v.iter().any(|(s, _)| s == "Finance"), "{v:?}");
    assert!(has(&v, "Jim Brown", EntityKind::Person), "{v:?}");
    assert!(v.iter().any(|(s, _)| s == "Labour"), "{v:?}");
}

#[test]
fn an_airline_ends_before_a_flight() {
    let v = cands("Searchers looked for the recorders of Air France Flight 447 on Monday.");
    assert!(has(&v, "Air France", EntityKind::Organization), "{v:?}");
    assert!(!v.iter().any(|(s, _)| s.contains("Flight")), "{v:?}");
}

#[test]
fn an_administrator_is_a_title() {
    let v = cands("The launch was safe, agency Administrator Jane Kowalczyk said on Monday.");
    assert!(has(&v, "Jane Kowalczyk", EntityKind::Person), "{v:?}");
    assert!(!v.iter().any(|(s, _)| s.contains("Administrator")), "{v:?}");
}

#[test]
fn schools_and_hotels_are_organizations() {
    let v = cands(
        "She attended Kestrel Valley High School and met him at the Zorbury Hotel in Boston.",
    );
    assert!(
        has(&v, "Kestrel Valley High School", EntityKind::Organization),
        "{v:?}"
    );
    assert!(has(&v, "Zorbury Hotel", EntityKind::Organization), "{v:?}");
    assert!(has(&v, "Boston", EntityKind::Place), "{v:?}");
}

#[test]
fn an_employer_after_at_and_an_airport_by_its_noun() {
    let v = cands("The group said it will cut 10,000 jobs at Opel this year.");
    assert!(has(&v, "Opel", EntityKind::Organization), "{v:?}");
    let v = cands("They met at Quellor and then flew on.");
    assert!(has(&v, "Quellor", EntityKind::Place), "{v:?}");
    let v = cands("A jet landing at Quellor airport was delayed.");
    assert!(has(&v, "Quellor", EntityKind::Place), "{v:?}");
}
mod companies;
mod offices;
mod things;
mod tools;
mod units;
mod wrapped;
