//! Unit tests of `analyze::dates` (beside it, in their own file for length).
use super::super::tokenize::tokenize;
use super::*;

fn dates(text: &str, anchor: Option<&str>) -> Vec<(String, Option<String>)> {
    let t = tokenize(text);
    let a = anchor.and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
    find(&t, a)
        .into_iter()
        .map(|d| (text[d.start..d.end].to_string(), d.value))
        .collect()
}

fn v(s: &str, val: &str) -> (String, Option<String>) {
    (s.to_string(), Some(val.to_string()))
}

#[test]
fn absolute_dates() {
    assert_eq!(
        dates(
            "on November 21, 2021 and 21 November 2021, then 2021-11-21 and 11/21/2021.",
            None
        ),
        [
            v("November 21, 2021", "2021-11-21"),
            v("21 November 2021", "2021-11-21"),
            v("2021-11-21", "2021-11-21"),
            v("11/21/2021", "2021-11-21")
        ]
    );
    assert_eq!(
        dates("In May 2021 and Sept. 3, 2019", None),
        [v("May 2021", "2021-05"), v("Sept. 3, 2019", "2019-09-03")]
    );
    assert_eq!(
        dates(
            "boycotted elections in 2018 and 2020, and since 2006. The 2018 election.",
            None
        ),
        [
            v("2018", "2018"),
            v("2020", "2020"),
            v("2006", "2006"),
            v("2018", "2018")
        ]
    );
    assert_eq!(dates("in the 1990s", None), [v("1990s", "199X")]);
    assert_eq!(
        dates("in the 20th century and the nineteenth century", None),
        [v("20th century", "19XX"), v("nineteenth century", "18XX")]
    );
    assert_eq!(
        dates(
            "a 2015 report, her 2004 bid and Britain's 2005 budget",
            None
        ),
        [v("2015", "2015"), v("2004", "2004"), v("2005", "2005")]
    );
    assert_eq!(
        dates("in 2011-2012 and during the 1961-62 season", None),
        [v("2011-2012", "2011"), v("1961-62", "1961")]
    );
    // Times, not years.
    assert!(dates("kick-off at 1400 GMT, by 2000 GMT and 1000m", None).is_empty());
}

#[test]
fn relative_to_the_document_day() {
    let a = Some("2021-08-08");
    assert_eq!(
        dates(
            "The talks failed the previous day and resume the following week.",
            a
        ),
        [
            v("the previous day", "2021-08-07"),
            v("the following week", "2021-W32")
        ]
    );
    assert_eq!(
        dates(
            "Monday's vote was held earlier this week.",
            Some("2024-07-04")
        ),
        [
            v("Monday", "2024-07-01"),
            v("earlier this week", "2024-W27")
        ]
    );
    assert!(dates("the day before the vote", a).is_empty());
    assert_eq!(
        dates(
            "They fly this weekend; the deal of 7/8/07 held; at 12:00 UTC Monday.",
            a
        ),
        [
            v("this weekend", "2021-W31"),
            v("7/8/07", "2007-07-08"),
            v("Monday", "2021-08-02")
        ]
    );
}

#[test]
fn not_dates() {
    assert!(dates(
        "polls opened at 7 a.m. for four years over the last decade with 2018 people",
        Some("2021-08-08")
    )
    .is_empty());
    assert!(dates(
        "an election that may see; Theresa May said; June Carter sang. May I?",
        Some("2021-08-08")
    )
    .is_empty());
    assert!(dates(
        "3,082 offices and 2,471 councilors in the Sunday Times",
        Some("2021-08-08")
    )
    .is_empty());
}

#[test]
fn relative_dates() {
    let a = Some("2021-08-08"); // a Sunday
    assert_eq!(
        dates("The party on Sunday holds a primary; Moreno said on Tuesday that later this month talks start.", a),
        [v("Sunday", "2021-08-08"), v("Tuesday", "2021-08-03"), v("later this month", "2021-08")]
    );
    assert_eq!(
        dates(
            "elections in November and November 21; In May, and in June.",
            a
        ),
        [
            v("November", "2021-11"),
            v("November 21", "2021-11-21"),
            v("May", "2021-05"),
            v("June", "2021-06")
        ]
    );
    let b = Some("2024-07-02"); // a Tuesday
    assert_eq!(
        dates("talks this week; on Monday; next Wednesday; The July 28 election. Last year, two years ago, yesterday.", b),
        [v("this week", "2024-W27"), v("Monday", "2024-07-01"), v("next Wednesday", "2024-07-03"), v("July 28", "2024-07-28"), v("Last year", "2023"), v("two years ago", "2022"), v("yesterday", "2024-07-01")]
    );
    assert_eq!(
        dates("The vote will be held on Friday.", b),
        [v("Friday", "2024-07-05")]
    );
    assert_eq!(
        dates("in December", Some("2022-01-10")),
        [v("December", "2021-12")]
    );
}

#[test]
fn unanchored_relative_dates_stay_unresolved() {
    assert_eq!(
        dates("returned Friday; last month; in November; in 2018", None),
        [
            ("Friday".into(), None),
            ("last month".into(), None),
            ("November".into(), None),
            v("2018", "2018")
        ]
    );
}

#[test]
fn today_in_an_appeal_is_not_a_date() {
    assert!(dates(
        "Become a member today. If you feel fear today, you are not alone.",
        Some("2021-01-01")
    )
    .is_empty());
    assert_eq!(
        dates("The court ruled today.", Some("2021-01-01")),
        [v("today", "2021-01-01")]
    );
}

#[test]
fn a_bare_month_is_the_latest_one_unless_the_sentence_looks_ahead() {
    let a = Some("2021-03-15");
    assert_eq!(
        dates(
            "The plant closed in October, and talks began in January.",
            a
        ),
        [v("October", "2020-10"), v("January", "2021-01")]
    );
    assert_eq!(dates("Sales fell in March.", a), [v("March", "2021-03")]);
    assert_eq!(
        dates(
            "The vote will be held in October. It will end in February.",
            a
        ),
        [v("October", "2021-10"), v("February", "2022-02")]
    );
    assert_eq!(
        dates(
            "Cuts came on top of plans announced in January.",
            Some("2021-08-19")
        ),
        [v("January", "2021-01")]
    );
}

#[test]
fn counts_and_house_numbers_are_no_years() {
    // Scores, quantities, changes and addresses: the numbers are amounts.
    assert_eq!(
        dates(
            "single-core scores increased from 1061 to 1128 and earned a total score of 2072 \
             and a 2182 score; arrested a man of 1119 Eighth St. after that; trading opens by \
             1000 London time, from 1800 to 2100 local Chicago time",
            None
        ),
        []
    );
    // The same words around real years still make dates.
    assert_eq!(
        dates(
            "prices rose in 2019, it ran from 1998 to 2004, a 2015 report, the class of 1999",
            None
        ),
        [
            v("2019", "2019"),
            v("1998", "1998"),
            v("2004", "2004"),
            v("2015", "2015"),
            v("1999", "1999")
        ]
    );
}

#[test]
fn quarters_seasons_and_short_decades() {
    let a = Some("2009-11-03");
    assert_eq!(
        dates(
            "Profit rose in the third quarter of this year; third-quarter results were good, \
             and Q4 2008 was worse. The fourth quarter of 2010 will be better than the final \
             quarter of 2008.",
            a
        ),
        vec![
            v("the third quarter of this year", "2009-Q3"),
            v("third-quarter", "2009-Q3"),
            v("Q4 2008", "2008-Q4"),
            v("The fourth quarter of 2010", "2010-Q4"),
            v("the final quarter of 2008", "2008-Q4"),
        ]
    );
    assert_eq!(
        dates(
            "The Eagles led 14-7 at halftime before scoring 24 points in the third quarter.",
            a
        ),
        vec![]
    );
    // A quarter not begun by the document's day is last year's, unless the future is spoken of.
    assert_eq!(
        dates("Sales fell in the fourth quarter.", Some("2010-01-28")),
        vec![v("the fourth quarter", "2009-Q4")]
    );
    assert_eq!(
        dates(
            "Sales rose last summer and will rise next spring; in the spring of 2008 they fell. \
             Donna Summer sang. The fall in prices was steep.",
            a
        ),
        vec![
            v("last summer", "2009-SU"),
            v("next spring", "2010-SP"),
            v("spring of 2008", "2008-SP"),
        ]
    );
    assert_eq!(
        dates("It snowed last winter.", Some("2010-01-15")),
        vec![v("last winter", "2008-WI")]
    );
    assert_eq!(
        dates(
            "The boxy cars of the 70s and '80s, and of the late 1990s. Now in his 70s, he \
             recalls highs in the 70s.",
            Some("2007-02-09")
        ),
        vec![v("70s", "197X"), v("80s", "198X"), v("1990s", "199X")]
    );
    assert_eq!(
        dates("A film of the 20s.", Some("2025-02-09")),
        vec![v("20s", "202X")]
    );
}

#[test]
fn a_year_before_a_name_is_a_date() {
    assert_eq!(
        dates(
            "In time for the 2008 Beijing Olympic Games, after her 2016 Senate run. The 2000 GMT \
             bulletin was late.",
            Some("2005-01-29")
        ),
        vec![v("2008", "2008"), v("2016", "2016")]
    );
}

#[test]
fn lowercase_starts_of_periods_are_still_read() {
    // The words `periods::may_start_period` lets through: each still starts its date.
    let found = dates(
        "in the nineteenth century, the 19th-century mills; the third quarter of 2009; \
         the final quarter; in the spring; the previous day; two years ago.",
        Some("2010-06-15"),
    );
    let texts: Vec<&str> = found.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        texts,
        [
            "nineteenth century",
            "19th-century",
            "the third quarter of 2009",
            "the final quarter",
            "spring",
            "the previous day",
            "two years ago"
        ]
    );
    for w in ["the", "nineteenth", "19th", "final", "spring", "fall"] {
        assert!(periods::may_start_period(w), "{w}");
    }
    for w in ["government", "said", "quarter", "century", "q3"] {
        assert!(!periods::may_start_period(w), "{w}");
    }
}

#[test]
fn a_date_alone_on_its_line_takes_no_year_from_the_next_line() {
    // A sports report's heading, the kick-off time below it.
    assert_eq!(
        dates(
            "Saturday, 26 February\n1400 kick-off at the stadium.",
            Some("2005-02-20")
        ),
        [v("Saturday, 26 February", "2005-02-26")]
    );
    assert_eq!(
        dates("26 February\n\n2005 was a good year.", Some("2005-02-20")),
        [v("26 February", "2005-02-26")]
    );
    // Without a document date: one mention still, unresolved (as "Saturday, February 26").
    assert_eq!(
        dates("Saturday, 26 February\n1400 kick-off.", None),
        [("Saturday, 26 February".to_string(), None)]
    );
    // A wrapped sentence keeps its year.
    assert_eq!(
        dates(
            "The talks ended on Saturday, 26 February\n2005, in Geneva.",
            None
        ),
        [v("Saturday, 26 February\n2005", "2005-02-26")]
    );
    assert_eq!(
        dates(
            "The minister resigned in February\n2005 after the vote.",
            None
        ),
        [v("February\n2005", "2005-02")]
    );
}

#[test]
fn values_format_as_the_general_formatter_does() {
    let mut vals = Vec::new();
    for y in [-44, 0, 7, 99, 476, 1066, 1999, 2024, 9999, 12345] {
        vals.push(Val::Year(y));
        vals.extend([
            Val::Decade(y / 10),
            Val::Century(y / 100),
            Val::Season(y, "SU"),
        ]);
        vals.extend((1..=4).map(|q| Val::Quarter(y, q)));
        for m in 1..=12 {
            vals.push(Val::Month(y, m));
            for d in [1, 9, 10, 28] {
                vals.extend(NaiveDate::from_ymd_opt(y, m, d).map(Val::Day));
                vals.extend(NaiveDate::from_ymd_opt(y, m, d).map(Val::Week));
            }
        }
    }
    for v in vals {
        assert_eq!(v.format(), v.format_general(), "{v:?}");
    }
    assert_eq!(
        Val::Day(NaiveDate::from_ymd_opt(7, 3, 9).unwrap_or_default())
            .format()
            .as_deref(),
        Some("0007-03-09")
    );
}

#[test]
fn a_weekday_after_a_place_or_a_time_word_is_a_date_and_after_a_common_word_a_day_name() {
    // Wire copy: the day straight after a place or a person, or after "Earlier".
    assert_eq!(
        dates(
            "Aid reached Zarnovia Friday. Earlier Saturday, Kestrel Monday said no.",
            Some("1998-03-14")
        ),
        vec![
            v("Friday", "1998-03-13"),
            v("Saturday", "1998-03-14"),
            v("Monday", "1998-03-09"),
        ]
    );
    // A common word before the weekday names a day; so does a feast.
    assert!(dates(
        "Black Friday sales and Super Tuesday votes fell by Easter Monday.",
        Some("1998-03-14")
    )
    .is_empty());
}
