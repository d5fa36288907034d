//! A story inside a web component (`tests/fixtures/live/shadow`): its markup lives in an open
//! shadow root built by a script, which `outerHTML` leaves out. The extension serialises open
//! roots as declarative ones, a `<template shadowrootmode="open">` first in each host (what
//! `getHTML` writes); these tests give the core the page in that form.

use declutter::{analyze, Analysis, Options};
use scraper::Html;

const TEMPLATE: &str = r#"<template id="news-story-template">"#;
const HOST: &str = r#"<news-story id="host">"#;

fn fixture() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/live/shadow/source.html"
    );
    std::fs::read_to_string(path).expect("source.html")
}

/// What the page's script puts in the shadow root: the template's markup.
fn shadow_markup(source: &str) -> &str {
    let start = source.find(TEMPLATE).expect("the story's template") + TEMPLATE.len();
    let end = start + source[start..].find("</template>").expect("its end");
    &source[start..end]
}

/// The page as the extension serialises it once the script has run.
fn serialised(source: &str) -> String {
    let root = format!(
        r#"{HOST}<template shadowrootmode="open">{}</template>"#,
        shadow_markup(source)
    );
    source.replacen(HOST, &root, 1)
}

fn label_of<'a>(analysis: &'a Analysis, text: &str) -> Vec<&'a str> {
    analysis
        .blocks
        .iter()
        .filter(|b| b.text.contains(text))
        .map(|b| b.label.as_str())
        .collect()
}

#[test]
fn a_story_in_an_open_shadow_root_is_read_labelled_and_its_clutter_hidden() {
    let source = fixture();
    let analysis = analyze(&serialised(&source), &Options::default()).expect("analyze succeeds");
    assert!(analysis.is_article, "the page is a story page");
    let story = "The town's lifeboat station threw open its doors on Saturday";
    assert!(analysis.article.text.contains(story));
    assert!(analysis
        .article
        .text
        .contains("A new exhibition in the boathouse"));
    assert!(!analysis
        .article
        .text
        .contains("Sign up to our morning briefing"));
    assert!(!analysis.article.text.contains("Harbour dredging plan"));
    assert_eq!(label_of(&analysis, story), ["article"]);
    assert!(label_of(&analysis, "Sign up to our morning briefing")
        .iter()
        .all(|&l| l == "promo"));
    assert!(label_of(&analysis, "Harbour dredging plan")
        .iter()
        .all(|&l| l == "related-link"));

    let hidden: Vec<&str> = analysis.hide.iter().map(|h| h.selector.as_str()).collect();
    // Paths inside the root start at it: each tree counts its own children.
    assert!(
        hidden.contains(&":host > article:nth-child(1) > div:nth-child(3) > aside:nth-child(4)")
    );
    assert!(hidden.contains(&":host > section:nth-child(2)"));
    assert!(hidden.contains(&"#most-read"));
    assert!(!hidden
        .iter()
        .any(|s| s.contains("news-story") || *s == "#host"));

    // In the live page (as the extension counts): 18 elements up to the host (html, head and
    // its 6, body, the masthead and its 6, main, the host), then the shadow root's, then the
    // slotted byline, then the most-read box. The template the root came in is not counted.
    let fragment = Html::parse_fragment(shadow_markup(&source));
    let in_root = fragment
        .root_element()
        .descendants()
        .filter(|n| n.value().is_element())
        .count()
        - 1;
    let most_read = analysis
        .hide
        .iter()
        .find(|h| h.selector == "#most-read")
        .expect("hidden");
    assert_eq!(most_read.element_index as usize, 18 + in_root + 1);
}

#[test]
fn slotted_light_content_is_counted_once() {
    // The byline stays in the light DOM and shows at the root's `<slot>`: the core reads it
    // where it is in the light DOM, after the root's contents, and the empty slot adds nothing.
    let analysis = analyze(&serialised(&fixture()), &Options::default()).expect("analyze succeeds");
    let bylines = analysis
        .blocks
        .iter()
        .filter(|b| b.text.contains("Fiona Reid"))
        .count();
    assert_eq!(bylines, 1);
}
