use super::*;

fn date(s: &str) -> NaiveDate {
    parse_date_prefix(s).expect("valid date")
}

#[test]
fn header_is_split_off() {
    let (d, at) = split_date_header(" date 2021-08-08 Venice's council met.").expect("header");
    assert_eq!(d, date("2021-08-08"));
    assert_eq!(
        &" date 2021-08-08 Venice's council met."[at..],
        "Venice's council met."
    );
    assert!(split_date_header("dated 2021-08-08 x").is_none());
    assert!(split_date_header("date 2021-13-08 x").is_none());
    assert!(split_date_header("The date 2021-08-08").is_none());
}

#[test]
fn title_skips_navigation() {
    let t =
        title_from_text("Skip to content Skip to footer\n\nRebels Win Big in Local Vote\n\nText.");
    assert_eq!(t, "Rebels Win Big in Local Vote");
    assert_eq!(title_from_text("Menu | Search\n# A Heading\n"), "A Heading");
}

#[test]
fn title_is_first_sentence_shortened() {
    let t = title_from_text("The U.S. mayor spoke. Then more.");
    assert_eq!(t, "The U.S. mayor spoke");
    let long = "word ".repeat(40);
    let t = title_from_text(&long);
    assert!(t.chars().count() <= 81, "{t}");
    assert!(t.ends_with('…'));
}

#[test]
fn month_words_of_any_case_and_only_them() {
    let m: Vec<Option<u32>> = ["Sept.", "DEC", "june", "Mayday", "Xmas", "sun", "Octo"]
        .iter()
        .map(|w| month_number(w))
        .collect();
    assert_eq!(m, [Some(9), Some(12), Some(6), None, None, None, None]);
    // A line without a digit gives no date, and is skipped before it is read.
    assert_eq!(
        infer_date("a\nb\nc\nNovember twenty\nNovember twenty"),
        None
    );
}

#[test]
fn infers_a_dateline_or_a_repeated_date() {
    let text = "Vote count\nNovember 21, 2021\n\nOn 21 November 2021 voters... Back on 2020-01-02.";
    assert_eq!(infer_date(text), Some(date("2021-11-21")));
    // Else a date the running text repeats.
    let text = "On November 21, 2021 voters... 21 November 2021 again. Back on 2020-01-02, and Nov. 21, 2021.";
    assert_eq!(infer_date(text), Some(date("2021-11-21")));
    // Unless a word on its line makes it another date.
    let text = "BOND ISSUE\nThe bank is issuing a bond due March 30, 1990 at par.\nIt is listed in Luxembourg.\nThe payment date is March 30, 1990 for all holders.\n";
    assert_eq!(infer_date(text), None);
    // Nor is a date on a wrapped line of the story, or a maturity near the top.
    let text = "EUROBOND ISSUE\n\nThe bank is issuing a 100 mln dlr eurobond\ndue March 30, 1990, paying 7 pct.\n";
    assert_eq!(infer_date(text), None);
    let text = "RESULTS\nFor the year ended March 31, 1985, it reported\n";
    assert_eq!(infer_date(text), None);
    assert_eq!(
        infer_date("QTR NET\n\nPeriods end January 31, 1987 and 1986\n"),
        None
    );
    // Nor a date "as of" which a figure is given, on its line or after a line break.
    let text = "BANK MERGER\n\nBrindle Bancorp, which has 600,000 shares, as of\nDec 31, 1986 \
                had assets of 186 mln dlrs.\n    Tamsett Corp as of Dec 31, 1986 had assets \
                of 1.4 billion dlrs.\n";
    assert_eq!(infer_date(text), None);
    let text = "BANK RESULTS\n\nProfits rose, it said on\nMarch 3, 1987. It said on March 3, 1987 \
                that costs fell.\n";
    assert_eq!(infer_date(text), Some(date("1987-03-03")));
    // A headline ending in such a word leaves the dateline after it one.
    let text = "OUTPUT HITS RECORD\nMarch 3, 1987\n\nOutput rose.\n";
    assert_eq!(infer_date(text), Some(date("1987-03-03")));
    // A single date deep in the text is not sure enough.
    let long = "x ".repeat(50);
    assert_eq!(
        infer_date(&format!("{long}\n{long}\n{long}\nOn 3 May 2001 it rained.")),
        None
    );
    assert_eq!(infer_date("no dates, only 2021 and May"), None);
    assert_eq!(
        explicit_dates("Sept. 3 2019 and 5 Jan 2020"),
        vec![date("2019-09-03"), date("2020-01-05")]
    );
}

#[test]
fn dates_never_come_from_times_distances_lives_or_two_lines() {
    // A kick-off time on the next line is no year.
    assert_eq!(
        explicit_dates("Saturday, 26 February\n1400 Chelsea v Arsenal"),
        vec![]
    );
    assert_eq!(
        explicit_dates("Saturday, 26 February, 2000 GMT kick-off"),
        vec![]
    );
    assert_eq!(explicit_dates("on 26 February 1000m final"), vec![]);
    assert_eq!(explicit_dates("He was born 5 April 1920 in Leeds."), vec![]);
    assert_eq!(
        explicit_dates("26 February 2005 12:00"),
        vec![date("2005-02-26")]
    );
    let long = "word ".repeat(30);
    let obit = format!(
        "Title\n\n{long}. He was born on 5 April 1920 in Leeds. {long}\n\nHe died on 3 May 2005."
    );
    assert_eq!(infer_date(&obit), None);
    // A dateline wins over a date repeated in the text.
    let t = format!("Title\nMarch 01, 2008\n\n{long} on 5 May 2001 and 5 May 2001.");
    assert_eq!(infer_date(&t), Some(date("2008-03-01")));
}

/// The byte scan that rules lines out lets every line with a date through: lines made of
/// every sequence of four pieces of dates and what goes between them.
#[test]
fn the_scan_before_tokenizing_keeps_every_dated_line() {
    let pieces = [
        "Nov ",
        "Sept.",
        "march",
        "21",
        "21 ",
        "2021",
        " 1000",
        ", 2021",
        "-",
        "-11",
        " ",
        "\u{a0}",
        "\u{b}",
        "x",
        "é",
        ".",
        ":",
        "0031",
        "pm",
        "born ",
        "2021-11-21",
    ];
    let n = pieces.len();
    let mut dated = 0;
    for k in 0..n.pow(4) {
        let line: String = (0..4).map(|p| pieces[k / n.pow(p) % n]).collect();
        let found = !dates_in(&line, &tokens(&line)).is_empty();
        dated += usize::from(found);
        assert!(!found || may_hold_date(&line), "{line:?}");
    }
    assert!(dated > 100, "{dated}");
    assert!(!may_hold_date("about 1884 people met in May."));
}

/// The tokenizer as first written, a character at a time.
fn tokens_by_char(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let mut end = i + c.len_utf8();
        let mut take = |ok: &dyn Fn(char) -> bool| {
            while let Some(&(j, d)) = chars.peek().filter(|(_, d)| ok(*d)) {
                end = j + d.len_utf8();
                chars.next();
            }
        };
        if c.is_ascii_digit() {
            take(&|d| d.is_ascii_digit());
            out.push(Tok::Num(&text[i..end]));
        } else if c.is_alphabetic() {
            take(&|d| d.is_alphabetic() || d == '.');
            out.push(Tok::Word(&text[i..end]));
        } else if !c.is_whitespace() {
            out.push(Tok::Punct(c));
        }
    }
    out
}

/// Tokens as a character at a time gives them, and a line's last two words give the end
/// of its tokens.
#[test]
fn tokens_by_byte_are_tokens_by_char() {
    let pieces = [
        "Nov.", "21", "é", "Zürich", "\u{a0}", "\u{b}", " ", "\t", "as", "of", "²", "—", ".",
        "x2021", "東京", "\u{1c}",
    ];
    let n = pieces.len();
    for k in 0..n.pow(4) {
        let line: String = (0..4).map(|p| pieces[k / n.pow(p) % n]).collect();
        let toks = tokens(&line);
        assert_eq!(toks, tokens_by_char(&line), "{line:?}");
        let tail = tokens(last_two_words(&line));
        assert!(toks.ends_with(&tail), "{line:?}");
        assert!(tail.len() >= 2.min(toks.len()), "{line:?}");
    }
}

#[test]
fn dates_in_paths() {
    assert_eq!(
        date_from_path("bbc/2004/12/31/story.txt"),
        Some(date("2004-12-31"))
    );
    assert_eq!(
        date_from_path("posts/2004-12-31-title.md"),
        Some(date("2004-12-31"))
    );
    assert_eq!(
        date_from_path("a/news_2004_1_5.txt"),
        Some(date("2004-01-05"))
    );
    assert_eq!(date_from_path("a/2004-13-31.txt"), None);
    assert_eq!(date_from_path("a/12004-12-31.txt"), None);
    assert_eq!(date_from_path("a/2004/12/story.txt"), None);
    assert_eq!(date_from_path("a/1000-12-31.txt"), None);
}

#[test]
fn date_sources_in_order() {
    let def = DateFrom::default();
    let body = "Title\nMarch 01, 2008\n";
    let h = Some(date("2001-01-01"));
    assert_eq!(def.decide(h, "2004/12/31/a.txt", body, 0), (h, false));
    assert_eq!(
        def.decide(None, "2004/12/31/a.txt", body, 0),
        (Some(date("2004-12-31")), true)
    );
    assert_eq!(
        def.decide(None, "a.txt", body, 0),
        (Some(date("2008-03-01")), true)
    );
    let none = DateFrom::parse_list("none").expect("list");
    assert_eq!(none.decide(h, "a.txt", body, 0), (None, false));
    let mt = DateFrom::parse_list("mtime").expect("list");
    assert_eq!(
        mt.decide(None, "a.txt", "", 86_400_000_000_000),
        (Some(date("1970-01-02")), true)
    );
    assert!(DateFrom::parse_list("header,bogus").is_err());
    assert_eq!(
        DateFrom::parse_list(" text , header").map(|d| d.0),
        Ok(vec![DateSource::Text, DateSource::Header])
    );
}

/// Whether a line is navigation, by every phrase taken out in turn (as [`is_nav_line`] does
/// for the lines its first test lets through).
fn is_nav_line_by_every_phrase(line: &str) -> bool {
    let mut rest = line.to_lowercase();
    for p in NAV_PHRASES {
        rest = rest.replace(p, " ");
    }
    rest.chars().all(|c| !c.is_alphanumeric())
}

/// The first test changes no answer: lines made of every sequence of four pieces of phrases,
/// words and what goes between them ("signhomein" is navigation: taking out "home" leaves
/// "sign in").
#[test]
fn navigation_lines_are_found_as_by_every_phrase() {
    let pieces = [
        "sign", "home", "in", " ", "Menu", "|", "x", "log", "skip to", " content", "Ünder", "2",
        "search", "The",
    ];
    let n = pieces.len();
    let mut nav = 0;
    for k in 0..n.pow(4) {
        let line: String = (0..4).map(|p| pieces[k / n.pow(p) % n]).collect();
        let by_every = is_nav_line_by_every_phrase(&line);
        nav += usize::from(by_every);
        assert_eq!(is_nav_line(&line), by_every, "{line:?}");
    }
    assert!(nav > 100, "{nav}");
    assert!(is_nav_line("signhomein"));
}

#[test]
fn words_that_make_another_date_in_any_case() {
    for w in ["due", "Due", "ENDED", "record", "Commencing", "redemption"] {
        assert!(not_dateline(w), "{w}");
    }
    for w in [
        "",
        "du",
        "recorded",
        "endx",
        "commencings",
        "dué",
        "ĖND",
        "May",
    ] {
        assert!(!not_dateline(w), "{w}");
    }
}

/// The first digit found eight bytes at a time is the first digit.
#[test]
fn next_digit_finds_the_first() {
    let fill = [b'a', b'/', b':', 0xB0, 0x39 + 0x80, b' ', 0x2F, 0x00, 0xFF];
    for len in 0..40 {
        for at in 0..=len {
            for &f in &fill {
                let mut b = vec![f; len];
                if at < len {
                    b[at] = b'0' + (at % 10) as u8;
                }
                let want = (at < len).then_some(at);
                for from in 0..=len.min(at) {
                    assert_eq!(next_digit(&b, from), want, "{b:?} {from}");
                }
                assert_eq!(next_digit(&b, len + 1), None);
            }
        }
    }
}
