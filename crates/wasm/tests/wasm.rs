//! The wasm bindings, run in headless Chromium and Firefox by wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]

use declutter_wasm::{analyze_page, declutter, pick, reader};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PAGE: &str = r#"<html lang="en"><head><title>Bridge to close | Daily Gazette</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Council votes to close the old bridge</h1>
<p>The council voted on Tuesday, after a long debate, to close the old bridge to traffic, a decision that residents, shop owners and commuters had feared for months.</p>
<p>Engineers said the structure, built in 1902, had cracks in two of its five arches, and that repairs would cost more than a new crossing, according to the report.</p>
<p><strong>Read more:</strong> <a href="/news/other">Ferry service to resume in spring</a></p>
<p>Work on a replacement, paid for by the county and the city, could start next year, officials said, if the plans are approved.</p>
<p onclick="window.__pwned=1">A public meeting will be held on Friday, at the town hall, to answer questions from residents.<script>window.__pwned=1</script></p>
</article>
<section><h2>More news</h2><ul>
<li><a href="/a">Library reopens after flood repairs</a></li>
<li><a href="/b">School wins national chess title</a></li>
<li><a href="/c">New bus timetable starts Monday</a></li></ul></section></body></html>"#;

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

#[wasm_bindgen_test]
fn declutter_returns_the_elements_to_hide() {
    let out = declutter(
        PAGE,
        Some("https://gazette.example/news/bridge".into()),
        None,
    )
    .unwrap();
    assert_eq!(get(&out, "is_article").as_bool(), Some(true));
    let hide = js_sys::Array::from(&get(&out, "hide"));
    assert!(
        hide.length() >= 2,
        "the read-more line and the more-news section"
    );
    let labels = js_sys::Array::from(&get(&out, "labels"));
    assert!(labels
        .iter()
        .all(|l| l.as_string().as_deref() == Some("related-link")));
}

/// The content script checks each index against a CSS path, so both must describe one element.
#[wasm_bindgen_test]
fn declutter_names_each_hidden_element_by_index_and_css_path() {
    let out = declutter(
        PAGE,
        Some("https://gazette.example/news/bridge".into()),
        None,
    )
    .unwrap();
    let hide = js_sys::Array::from(&get(&out, "hide"));
    let selectors = js_sys::Array::from(&get(&out, "selectors"));
    assert_eq!(selectors.length(), hide.length());
    for s in selectors.iter() {
        let s = s.as_string().unwrap();
        assert!(s.starts_with("html > ") || s.starts_with('#'), "{s}");
    }
}

#[wasm_bindgen_test]
fn reader_gives_sanitized_story_with_absolute_links() {
    let out = reader(PAGE, Some("https://gazette.example/news/bridge".into())).unwrap();
    let article = get(&out, "article");
    let content = get(&article, "content").as_string().unwrap();
    assert!(content.contains("Engineers said the structure"));
    assert!(!content.contains("onclick") && !content.contains("<script"));
    assert!(
        !content.contains("Ferry service"),
        "related link left out of the reader"
    );
    assert_eq!(
        get(&article, "title").as_string().as_deref(),
        Some("Council votes to close the old bridge")
    );
}

/// The extension opens reader mode from the de-clutter answer, so it must be the reader's article;
/// neither carries the standalone document or the plain text, which reader mode does not show.
#[wasm_bindgen_test]
fn declutter_carries_the_reader_article_without_its_document_and_text() {
    let url = Some("https://gazette.example/news/bridge".to_string());
    let json = |v: &JsValue| js_sys::JSON::stringify(v).unwrap().as_string().unwrap();
    let from_declutter = get(&declutter(PAGE, url.clone(), None).unwrap(), "article");
    let from_reader = get(&reader(PAGE, url).unwrap(), "article");
    let content = get(&from_declutter, "content").as_string().unwrap();
    assert!(content.contains("Engineers said the structure"));
    for key in ["html", "document", "text"] {
        assert!(get(&from_declutter, key).is_undefined(), "{key}");
    }
    assert_eq!(json(&from_declutter), json(&from_reader));
}

#[wasm_bindgen_test]
fn analyze_page_labels_every_block() {
    let out = analyze_page(PAGE, None).unwrap();
    let blocks = js_sys::Array::from(&get(&out, "blocks"));
    let labels: Vec<String> = blocks
        .iter()
        .map(|b| get(&b, "label").as_string().unwrap())
        .collect();
    assert!(labels.contains(&"article".to_string()));
    assert!(labels.contains(&"related-link".to_string()));
    assert!(labels.contains(&"navigation".to_string()));
}

#[wasm_bindgen_test]
fn a_page_of_links_has_no_story_and_hides_nothing() {
    let front = r#"<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><ul>
        <li><a href="/a">Library reopens after flood repairs</a></li>
        <li><a href="/b">School wins national chess title</a></li>
        <li><a href="/c">New bus timetable starts Monday</a></li>
        <li><a href="/d">Council approves the budget for next year</a></li></ul></body>"#;
    let out = declutter(front, None, None).unwrap();
    assert_eq!(get(&out, "is_article").as_bool(), Some(false));
    assert_eq!(js_sys::Array::from(&get(&out, "hide")).length(), 0);
}

#[wasm_bindgen_test]
fn declutter_gives_site_selectors_and_checks_rules_against_the_story() {
    let rules = vec!["section".to_string(), "article".to_string()];
    let out = declutter(PAGE, None, Some(rules)).unwrap();
    let hide = js_sys::Array::from(&get(&out, "hide")).length();
    assert_eq!(js_sys::Array::from(&get(&out, "stable")).length(), hide);
    assert_eq!(js_sys::Array::from(&get(&out, "rules")).length(), hide);
    let story: Vec<bool> = js_sys::Array::from(&get(&out, "story_rules"))
        .iter()
        .map(|b| b.as_bool().unwrap())
        .collect();
    assert_eq!(
        story,
        [false, true],
        "a rule over the article hides story text"
    );
}

/// Where the article is read from: the extension leaves changes outside it alone.
#[wasm_bindgen_test]
fn declutter_and_reader_say_where_the_story_is() {
    // html, head, title, body, nav, a, a: the article is element 7.
    for out in [
        declutter(PAGE, None, None).unwrap(),
        reader(PAGE, None).unwrap(),
    ] {
        let story = get(&out, "story");
        assert_eq!(get(&story, "index").as_f64(), Some(7.0));
        assert_eq!(
            get(&story, "selector").as_string().as_deref(),
            Some("html > body:nth-child(2) > article:nth-child(2)")
        );
    }
    let links = "<body><ul><li><a href=/a>Library reopens</a></li></ul></body>";
    assert!(get(&declutter(links, None, None).unwrap(), "story").is_null());
}

#[wasm_bindgen_test]
fn pick_gives_a_selector_path_and_text() {
    // html, head, title, body, nav: the nav is element 4.
    let out = pick(PAGE, None, 4).unwrap();
    assert_eq!(
        get(&out, "path").as_string().as_deref(),
        Some("html > body:nth-child(2) > nav:nth-child(1)")
    );
    assert_eq!(get(&out, "text").as_string().as_deref(), Some("Home News"));
    assert!(pick(PAGE, None, 10_000).unwrap().is_null());
}
