//! Held-out-style checks: news text written for these tests (wire copy with datelines, ALL-CAPS
//! headlines, sports results, business news), none of it from the seed corpus. Each test asserts
//! the entities a reader would expect and the false friends that must not appear.

use docent::analyze::analyze;
use docent::load::{load_bytes, Loaded};
use docent::model::{Entity, EntityKind};

fn run(text: &str) -> Vec<Entity> {
    let mut loaded = Loaded::default();
    load_bytes("story.txt", text.as_bytes(), &mut loaded);
    analyze(&loaded.documents)
}

fn find<'a>(ents: &'a [Entity], kind: EntityKind, name: &str) -> Option<&'a Entity> {
    ents.iter().find(|e| e.kind == kind && e.name == name)
}

fn assert_has(ents: &[Entity], kind: EntityKind, name: &str) {
    assert!(
        find(ents, kind, name).is_some(),
        "missing {kind:?} {name:?}; got {:?}",
        ents.iter()
            .map(|e| (e.kind, e.name.as_str()))
            .collect::<Vec<_>>()
    );
}

fn assert_no_name(ents: &[Entity], name: &str) {
    assert!(
        ents.iter().all(|e| e.name != name),
        "unexpected {name:?}: {ents:?}"
    );
}

const WIRE: &str = "SOCCER - LEADERS ARSENAL HELD BY STUBBORN EVERTON .

LONDON 1997-03-02

Arsenal were held to a 1-1 draw by Everton at Highbury on Saturday , leaving the London club two points clear of Manchester United at the top of the Premier League .

Dennis Bergkamp gave Arsenal the lead after 20 minutes but Duncan Ferguson equalised shortly after halftime .

\" We should have killed the game off , \" Arsenal manager Arsene Wenger told reporters .

Results of English first division matches on Saturday :

Barnsley 2 Bolton 1
Ipswich 0 Norwich 3

GERMANY'S KOHL SAYS EURO MUST START ON TIME .

BONN 1997-03-03

German Chancellor Helmut Kohl said on Monday the single European currency must be launched on schedule in 1999 , rejecting calls from the Social Democrats for a delay .

Kohl told a news conference in Bonn that Germany and France were committed to the timetable agreed at Maastricht .

WASHINGTON (Reuters) - President Bill Clinton will meet Russian President Boris Yeltsin in Helsinki next month , the White House said on Tuesday .

Israeli Prime Minister Benjamin Netanyahu met Palestinian President Yasser Arafat at the Erez crossing in the Gaza Strip .
";

#[test]
fn wire_copy_with_caps_headlines_and_results() {
    let e = run(WIRE);
    for p in [
        "Helmut Kohl",
        "Boris Yeltsin",
        "Bill Clinton",
        "Arsene Wenger",
        "Dennis Bergkamp",
        "Benjamin Netanyahu",
        "Yasser Arafat",
    ] {
        assert_has(&e, EntityKind::Person, p);
    }
    for p in [
        "London",
        "Bonn",
        "Germany",
        "France",
        "Helsinki",
        "Washington",
    ] {
        assert_has(&e, EntityKind::Place, p);
    }
    for o in [
        "Arsenal",
        "Manchester United",
        "Premier League",
        "Reuters",
        "Barnsley",
        "Norwich",
    ] {
        assert_has(&e, EntityKind::Organization, o);
    }
    // The headline's "KOHL" joins the chancellor; "GERMANY'S" is Germany.
    let kohl = find(&e, EntityKind::Person, "Helmut Kohl").map(|k| k.mentions.len());
    assert_eq!(kohl, Some(3));
    for bad in [
        "SOCCER", "LEADERS", "SAYS", "EURO", "Results", "English", "German", "Russian", "Israeli",
        "League", "Prime",
    ] {
        assert_no_name(&e, bad);
    }
    assert!(e
        .iter()
        .all(|x| x.kind != EntityKind::Person || !x.name.contains("Minister")));
}

const BUSINESS: &str = "NEW YORK (AP) — Shares of Apple Inc. fell 3% on Thursday after the iPhone maker warned that sales in China would slow, Chief Executive Tim Cook said in a letter to investors.

The company, based in Cupertino, California, said revenue for the quarter ending in December would be about $84 billion. Analysts at Goldman Sachs cut their price target.

\"We did not foresee the magnitude of the economic deceleration,\" Cook wrote.

In Brussels, European Commission President Jean-Claude Juncker told lawmakers that the European Union would not reopen talks with Britain. Prime Minister Theresa May is due to return to parliament next week.

FRANKFURT, Jan 3 (Reuters) - Deutsche Bank said on Friday it had appointed Christian Sewing's deputy, Karl von Rohr, as head of its private bank.
";

#[test]
fn business_news_and_datelines() {
    let e = run(BUSINESS);
    for p in [
        "Tim Cook",
        "Jean-Claude Juncker",
        "Theresa May",
        "Christian Sewing",
        "Karl von Rohr",
    ] {
        assert_has(&e, EntityKind::Person, p);
    }
    for p in [
        "New York",
        "China",
        "Cupertino",
        "California",
        "Brussels",
        "United Kingdom",
        "Frankfurt",
    ] {
        assert_has(&e, EntityKind::Place, p);
    }
    for o in [
        "Apple Inc",
        "Goldman Sachs",
        "European Commission",
        "European Union",
        "Deutsche Bank",
        "Reuters",
        "Associated Press",
    ] {
        assert_has(&e, EntityKind::Organization, o);
    }
    // "Cook wrote" joins Tim Cook; "May" the name is no date.
    assert_eq!(
        find(&e, EntityKind::Person, "Tim Cook").map(|p| p.mentions.len()),
        Some(2)
    );
    assert!(e.iter().filter(|x| x.kind == EntityKind::Date).all(|d| !d
        .aliases
        .iter()
        .chain([&d.name])
        .any(|a| a == "May")));
    for bad in [
        "Shares",
        "Analysts",
        "The",
        "YORK",
        "Chief Executive",
        "Prime Minister",
    ] {
        assert_no_name(&e, bad);
    }
}

#[test]
fn dated_story_resolves_relative_dates() {
    let text = " date 2019-03-14 Officials said on Tuesday that the vote, first planned for May, would now be held next month. The central bank cut rates last week and again in January, two years after the 2017 crisis. Today the minister resigned.";
    let e = run(text);
    let value = |surface: &str| {
        e.iter()
            .filter(|d| d.kind == EntityKind::Date)
            .find(|d| {
                d.mentions
                    .iter()
                    .any(|m| text.get(m.start()..m.end()) == Some(surface))
            })
            .and_then(|d| d.value.clone())
    };
    assert_eq!(value("Tuesday").as_deref(), Some("2019-03-12"));
    assert_eq!(value("May").as_deref(), Some("2019-05"));
    assert_eq!(value("next month").as_deref(), Some("2019-04"));
    assert_eq!(value("last week").as_deref(), Some("2019-W10"));
    assert_eq!(value("January").as_deref(), Some("2019-01"));
    assert_eq!(value("2017").as_deref(), Some("2017"));
    assert_eq!(value("Today").as_deref(), Some("2019-03-14"));
}
