//! Unit tests of `load::html` (beside it, in their own file for length).
use super::*;
use crate::model::SourceMap;

#[test]
fn visible_text_title_and_date() {
    let html = r#"<html><head><title>Flood &amp; Fire</title>
<meta property="article:published_time" content="2020-03-04T10:00:00Z">
<style>p { color: red }</style></head>
<body><script>var x = "<p>hidden</p>";</script><h1>Big Flood</h1>
<p>Rain hit   Oslo on <b>Monday</b>.</p><p>Caf&eacute; closed.</p></body></html>"#;
    let p = extract(html);
    assert_eq!(p.title.as_deref(), Some("Flood & Fire"));
    assert_eq!(p.date, NaiveDate::from_ymd_opt(2020, 3, 4));
    assert!(!p.text.contains("hidden"));
    assert!(!p.text.contains("color"));
    assert!(p.text.contains("Rain hit Oslo on Monday."), "{}", p.text);
    assert!(p.text.contains("Café closed."));
    let mut map = SourceMap::identity();
    for &(t, s) in &p.points {
        map.push(t, s);
    }
    let t = p.text.find("Oslo").expect("in text");
    let s = map.to_source(t);
    assert_eq!(&html[s..s + 4], "Oslo");
    let t = p.text.find("closed").expect("in text");
    let s = map.to_source(t);
    assert_eq!(&html[s..s + 6], "closed");
}

#[test]
fn article_is_kept_and_furniture_dropped() {
    let para = "Rain hit Oslo on Monday, flooding streets, and the mayor, Marianne Borgen, \
                called it the worst storm in decades, according to officials.";
    let html = format!(
        r##"<html><head><title>Storm - Site News</title>
<meta property="og:title" content="Storm floods Oslo"></head><body>
<nav><ul><li><a href="/uk">UK</a></li><li><a href="/africa">Africa</a></li><li><a href="/ar">Argentina</a></li></ul></nav>
<div class="share-tools"><a href="#">Tweet</a> <a href="#">Share this</a></div>
<div class="cookie-banner">We use cookies to improve your experience, and to show ads, and more.</div>
<article><h1>Storm floods Oslo</h1><p>{para}</p><p>{para}</p><p>Second para &raquo; with &copy; 2020 &middot; &bull; 5&deg; &CounterClockwiseContourIntegral; &#x41;.</p></article>
<div class="related"><ul><li><a href="/a">Other story about Bergen</a></li></ul></div>
<footer>Copyright Site News, Lisbon office</footer></body></html>"##
    );
    let p = extract(&html);
    assert_eq!(p.title.as_deref(), Some("Storm floods Oslo"));
    assert!(
        p.text.starts_with("Storm floods Oslo\n\nRain hit Oslo"),
        "{}",
        p.text
    );
    for gone in ["Argentina", "Tweet", "cookies", "Bergen", "Lisbon"] {
        assert!(!p.text.contains(gone), "{gone} in {}", p.text);
    }
    assert!(
        p.text.contains("Second para » with © 2020 · • 5° ∳ A."),
        "{}",
        p.text
    );
    let mut map = SourceMap::identity();
    for &(t, s) in &p.points {
        map.push(t, s);
    }
    let t = p.text.find("with ©").expect("in text");
    let s = map.to_source(t);
    assert_eq!(&html[s..s + 4], "with");
    let t = p.text.find("2020").expect("in text");
    let s = map.to_source(t);
    assert_eq!(&html[s..s + 4], "2020");
}

#[test]
fn deep_and_wide_pages_stay_linear() {
    let mut html = "<div class=a>".repeat(5000);
    for i in 0..20_000 {
        html.push_str(&format!(
            "<p>Paragraph {i}, with words, in Oslo and Lima.</p>"
        ));
    }
    html.push_str(&"<li><a href=x>link</a>".repeat(20_000));
    let t = std::time::Instant::now();
    let p = extract(&html);
    assert!(p.text.contains("Paragraph 19999"));
    assert!(t.elapsed().as_secs() < 20, "{:?}", t.elapsed());
}

#[test]
fn soup_does_not_panic() {
    for s in [
        "<",
        "<<>>",
        "<a href='x",
        "&#xFFFFFF;",
        "<script>",
        "a<b>c</",
        "&",
        "<!--",
        "<h1>",
    ] {
        let _ = extract(s);
    }
    let p = extract("<time datetime=\"2019-05-06\">x</time><h1>Head</h1>");
    assert_eq!(p.title.as_deref(), Some("Head"));
    assert_eq!(p.date, NaiveDate::from_ymd_opt(2019, 5, 6));
}

#[test]
fn publication_dates_as_pages_write_them() {
    let date = |head: &str| {
        extract(&format!(
            "<html><head>{head}</head><body><p>Text.</p></body></html>"
        ))
        .date
    };
    let nov19 = NaiveDate::from_ymd_opt(2019, 11, 19);
    // itemprop listing two properties; a property name without "_time".
    assert_eq!(
        date(
            r#"<meta property="article:published" itemprop="datePublished dateCreated" content="2019-11-19T11:00:09.000Z">"#
        ),
        nov19
    );
    assert_eq!(
        date(r#"<meta name="sailthru.date" content="2019/11/19">"#),
        nov19
    );
    assert_eq!(
        date(
            r#"<meta property="article:published_time" content="November 19, 2019, 07:47 PM EST">"#
        ),
        nov19
    );
    assert_eq!(date(r#"<meta name="pubdate" content="20191119">"#), nov19);
    // schema.org JSON-LD, then a dated canonical URL.
    assert_eq!(
        date(
            r#"<script type="application/ld+json">{"@type":"NewsArticle", "datePublished" : "19 Nov 2019 07:09 GMT"}</script>"#
        ),
        nov19
    );
    assert_eq!(
        date(r#"<link rel="canonical" href="https://example.com/2019/11/19/politics/story.html">"#),
        nov19
    );
    // A placeholder is skipped for the next JSON-LD date.
    assert_eq!(
        date(
            r#"<script>{"datePublished": "0001-01-01T00:00:00Z"} {"datePublished":""} {"datePublished": "2019-11-19"}</script>"#
        ),
        nov19
    );
    // A modification date or an undated URL is not a publication date.
    assert_eq!(
        date(
            r#"<meta property="article:modified_time" content="2019-11-20"><link rel="canonical" href="https://example.com/politics/story-2019">"#
        ),
        None
    );
}
