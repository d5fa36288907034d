//! Reader output for known sanitizer-bypass vectors (tests/xss-vectors.txt), each embedded in an
//! otherwise normal article, both inside a body paragraph and as a block of its own.
#![cfg(not(target_arch = "wasm32"))]

mod support {
    pub mod safety;
}

use declutter::{analyze, Options};
use support::safety::unsafe_constructs;

const VECTORS: &str = include_str!("xss-vectors.txt");

fn vectors() -> Vec<&'static str> {
    VECTORS
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect()
}

const PARAGRAPHS: [&str; 4] = [
    "The city council voted on Tuesday to extend the riverside tram line by four kilometres, \
     ending a debate that had run for most of the decade and divided the two largest parties.",
    "Supporters said the extension would cut commuting times for thousands of residents in the \
     eastern districts, where bus journeys into the centre often take more than an hour.",
    "Opponents warned that the cost, now estimated at 310 million euros, could rise further once \
     work begins on the bridge over the old harbour basin, as happened with the first line.",
    "Construction is expected to start next spring, and the first trams should run on the new \
     section within three years if the regional government confirms its share of the funding.",
];

fn page(vector: &str, inline: bool) -> String {
    let mut body = String::new();
    for (i, p) in PARAGRAPHS.iter().enumerate() {
        if i == 2 {
            if inline {
                body.push_str(&format!("<p>{p} {vector} And the debate goes on.</p>\n"));
                continue;
            }
            body.push_str(&format!("<div>{vector}</div>\n"));
        }
        body.push_str(&format!("<p>{p}</p>\n"));
    }
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Council approves tram extension | City Gazette</title>
<meta property="og:title" content="Council approves tram extension">
<script>window.tracker = 1;</script></head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>Council approves tram extension</h1>
<p class="byline">By Ana Example</p>
{body}</article></main>
<footer><a href="/about">About us</a> <a href="/contact">Contact</a></footer></body></html>"#
    )
}

#[test]
fn the_vector_list_is_long_enough_to_mean_something() {
    assert!(vectors().len() >= 30, "only {} vectors", vectors().len());
}

#[test]
fn reader_output_contains_no_dangerous_construct_for_any_vector() {
    let options = Options {
        url: Some("https://gazette.example/city/tram.html".into()),
        ..Default::default()
    };
    let mut failures = Vec::new();
    for vector in vectors() {
        for inline in [true, false] {
            let analysis = analyze(&page(vector, inline), &options).expect("page is analysed");
            // The vector must have been in a page the reader actually extracted; otherwise the
            // check below would pass vacuously. (Some vectors turn the rest of the page into
            // raw text, in browsers too, so only the paragraphs before them are certain.)
            assert!(analysis.is_article, "not an article with {vector}");
            assert!(
                analysis
                    .article
                    .text
                    .contains("commuting times for thousands"),
                "story text missing with {vector}: {}",
                analysis.article.text
            );
            for (name, doc) in [
                ("html", &analysis.document),
                ("content", &analysis.article.content),
            ] {
                let problems = unsafe_constructs(doc);
                if !problems.is_empty() {
                    failures.push(format!(
                        "{vector} (inline: {inline}) -> {name}: {problems:?}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_checker_flags_what_it_must() {
    // The safety check itself must catch each construct, or the test above proves nothing.
    for bad in [
        "<script>x</script>",
        "<p onclick=x>a</p>",
        "<a href=' java&#9;script:x'>a</a>",
        "<a href='VBScript:x'>a</a>",
        "<a href='data:text/html,x'>a</a>",
        "<iframe></iframe>",
        "<form></form>",
        "<object></object>",
        "<embed>",
        "<style>p{}</style>",
        "<p style='color:red'>a</p>",
        "<svg></svg>",
        "<img srcset='x.jpg 1x, javascript:x 2x'>",
    ] {
        assert!(!unsafe_constructs(bad).is_empty(), "not flagged: {bad}");
    }
    for good in [
        "<p>javascript: is a word here</p>",
        "<a href='https://x.example/a'>a</a>",
        "<a href='/relative:path'>a</a>",
        "<img src='https://x.example/i.jpg' alt='javascript:'>",
    ] {
        assert!(unsafe_constructs(good).is_empty(), "flagged: {good}");
    }
}
