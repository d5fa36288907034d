//! The hand-written news pages of `tests/fixtures/`: every block under a labelled element gets
//! that label, the story holds the expected sentences and none of the clutter, and the metadata
//! is read right. One test per page, so a failure names the page.

use declutter::{analyze, Analysis, Options};
use scraper::{ElementRef, Html, Selector};
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Deserialize)]
struct Expected {
    title: String,
    byline: Option<String>,
    published: Option<String>,
    site_name: String,
    lang: String,
    article_contains: Vec<String>,
    article_excludes: Vec<String>,
    labels: Vec<ExpectedLabel>,
}

#[derive(Deserialize)]
struct ExpectedLabel {
    selector: String,
    label: String,
}

fn load(name: &str) -> (String, Expected) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let source = std::fs::read_to_string(dir.join("source.html")).expect("source.html");
    let expected = serde_json::from_str(
        &std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"),
    )
    .expect("expected.json parses");
    (source, expected)
}

/// Every block whose element is `target` or inside it, as (label, block text, block selector).
fn blocks_under<'a>(
    parsed: &Html,
    analysis: &'a Analysis,
    target: ElementRef<'_>,
) -> Vec<(&'a str, &'a str, &'a str)> {
    analysis
        .blocks
        .iter()
        .filter(|b| {
            let selector = Selector::parse(&b.selector).expect("block selector parses");
            parsed.select(&selector).next().is_some_and(|el| {
                el.id() == target.id() || el.ancestors().any(|a| a.id() == target.id())
            })
        })
        .map(|b| (b.label.as_str(), b.text.as_str(), b.selector.as_str()))
        .collect()
}

/// The words reader mode shows: the text of its HTML, whitespace collapsed.
fn shown_text(content: &str) -> String {
    let fragment = Html::parse_fragment(content);
    let text: String = fragment.root_element().text().collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check(name: &str) {
    let (source, expected) = load(name);
    let analysis = analyze(&source, &Options::default()).expect("analyze succeeds");
    let parsed = Html::parse_document(&source);
    let article = &analysis.article;
    let mut failures = Vec::new();

    for mark in &expected.labels {
        let selector = Selector::parse(&mark.selector).expect("fixture selector parses");
        let targets: Vec<_> = parsed.select(&selector).collect();
        assert_eq!(
            targets.len(),
            1,
            "{name}: {} must match one element",
            mark.selector
        );
        let mut blocks = blocks_under(&parsed, &analysis, targets[0]);
        if blocks.is_empty() {
            // An inline element (a link, a tag) belongs to the innermost block around it.
            blocks.extend(
                analysis
                    .blocks
                    .iter()
                    .rev()
                    .find(|b| {
                        let sel = Selector::parse(&b.selector).expect("block selector parses");
                        parsed
                            .select(&sel)
                            .next()
                            .is_some_and(|el| targets[0].ancestors().any(|a| a.id() == el.id()))
                    })
                    .map(|b| (b.label.as_str(), b.text.as_str(), b.selector.as_str())),
            );
        }
        if blocks.is_empty() {
            // Without text of its own (a button), the element goes with the container the
            // extension hides around it.
            let hidden_as = analysis.hide.iter().find_map(|h| {
                let sel = Selector::parse(&h.selector).expect("hide selector parses");
                parsed
                    .select(&sel)
                    .next()
                    .is_some_and(|el| {
                        el.id() == targets[0].id()
                            || targets[0].ancestors().any(|a| a.id() == el.id())
                    })
                    .then_some(h.label.as_str())
            });
            if hidden_as != Some(mark.label.as_str()) {
                failures.push(format!(
                    "{}: no block found, hidden as {hidden_as:?}",
                    mark.selector
                ));
            }
        }
        for (label, text, at) in blocks {
            if label != mark.label {
                failures.push(format!(
                    "{}: expected {}, got {label} for {at} {text:?}",
                    mark.selector, mark.label
                ));
            }
        }
    }
    let shown = shown_text(&article.content);
    for sentence in &expected.article_contains {
        if !article.text.contains(sentence.as_str()) {
            failures.push(format!("article text lacks {sentence:?}"));
        }
        if !shown.contains(sentence.as_str()) {
            failures.push(format!("reader mode does not show {sentence:?}"));
        }
    }
    for clutter in &expected.article_excludes {
        if article.text.contains(clutter.as_str()) || analysis.document.contains(clutter.as_str()) {
            failures.push(format!("article contains {clutter:?}"));
        }
    }
    if expected.article_contains.is_empty() && analysis.is_article {
        failures.push("a page without a story is taken for an article".to_string());
    }
    if !expected.article_contains.is_empty() && !analysis.is_article {
        failures.push("the story was not found".to_string());
    }
    let metadata = [
        (
            "title",
            Some(expected.title.as_str()),
            Some(article.meta.title.as_str()),
        ),
        (
            "byline",
            expected.byline.as_deref(),
            article.meta.byline.as_deref(),
        ),
        (
            "published",
            expected.published.as_deref(),
            article.meta.published.as_deref(),
        ),
        (
            "site_name",
            Some(expected.site_name.as_str()),
            article.meta.site_name.as_deref(),
        ),
        (
            "lang",
            Some(expected.lang.as_str()),
            article.meta.lang.as_deref(),
        ),
    ];
    for (field, want, got) in metadata {
        if want != got {
            failures.push(format!("{field}: expected {want:?}, got {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{name}: {} problem(s):\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

macro_rules! fixtures {
    ($($test:ident => $folder:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                check($folder);
            }
        )*

        /// A new fixture folder must get its own test above.
        #[test]
        fn every_fixture_folder_has_a_test() {
            let listed = [$($folder),*];
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
            for entry in std::fs::read_dir(dir).expect("fixtures folder") {
                let path = entry.expect("entry").path();
                if path.join("expected.json").exists() {
                    let name = path.file_name().unwrap().to_string_lossy().into_owned();
                    assert!(listed.contains(&name.as_str()), "no test for fixture {name}");
                }
            }
        }
    };
}

fixtures! {
    mission_example_is_labelled_right => "mission-example",
    ad_slots_are_promo => "ad-slots",
    french_lemonde_like_page_is_labelled_right => "french-lemonde-like",
    inline_read_more_links_are_related_links => "inline-read-more",
    live_blog_entries_are_the_story => "live-blog",
    a_post_written_as_bulleted_lists_beats_the_newsletter_form => "list-post",
    newsletter_and_app_promos_are_promo => "newsletter-and-app-promo",
    section_front_has_no_article => "no-article",
    a_product_page_is_not_a_story => "product-page",
    photo_captions_are_captions => "photo-captions",
    related_cards_with_hashed_classes_are_related_links => "related-cards-hashed",
    share_bar_and_comments_are_hidden => "share-bar-and-comments",
    strict_csp_page_is_extracted => "strict-csp",
    xss_vectors_do_not_reach_the_reader => "xss-vectors",
}
