//! Any bytes through the whole pipeline, as the CLI and the extension feed it: it must return
//! Ok or an Error, never panic or hang, and the reader document must stay sanitized.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/safety.rs"]
mod safety;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let options = declutter::Options {
        url: Some("https://news.example/world/story.html".to_string()),
        ..Default::default()
    };
    if let Ok(analysis) = declutter::analyze(&html, &options) {
        for doc in [&analysis.document, &analysis.article.content] {
            let problems = safety::unsafe_constructs(doc);
            assert!(problems.is_empty(), "{problems:?} in {doc}");
        }
    }
});
