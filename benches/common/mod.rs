//! The corpus, the three pipeline stages and a peer extractor, shared by the native benchmarks.

use declutter::{analyze, Options};
use std::path::PathBuf;

/// The corpus pages as (name, html), smallest first. The folder comes from `DECLUTTER_CORPUS`
/// (default `../shared/corpus/readability`); it is never part of the repository.
pub fn corpus() -> Vec<(String, String)> {
    let dir = PathBuf::from(
        std::env::var("DECLUTTER_CORPUS")
            .unwrap_or_else(|_| "../shared/corpus/readability".to_string()),
    );
    let mut pages: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("corpus {}: {e} (set DECLUTTER_CORPUS)", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let html = std::fs::read(path.join("source.html")).ok()?;
            let name = path.file_name()?.to_string_lossy().into_owned();
            Some((name, String::from_utf8_lossy(&html).into_owned()))
        })
        .collect();
    pages.sort_by_key(|(_, html)| html.len());
    pages
}

/// html5ever via scraper: the floor no extractor can beat.
pub fn parse_only(html: &str) -> usize {
    scraper::Html::parse_document(html).tree.values().count()
}

/// Labels for every block, as `analyze` finds them (bounded parse, story retries included).
pub fn parse_and_classify(html: &str) -> usize {
    declutter::labels(html, &Options::default()).map_or(0, |l| l.len())
}

/// Everything `analyze` does: classify, hide list and reader document.
pub fn full(html: &str) -> usize {
    analyze(html, &Options::default())
        .map(|a| a.article.content.len())
        .unwrap_or(0)
}

/// What the peer produces, from our pipeline: the story's metadata, sanitized reader HTML and
/// plain text (`Decisions::article`), without the per-block report and the standalone reader
/// document that `analyze` adds for the CLI and the demo.
pub fn reader_article(html: &str) -> usize {
    declutter::Page::parse(html, &Options::default())
        .map(|page| page.decide().article().content.len())
        .unwrap_or(0)
}

/// The peer: dom_smoothie, a Rust port of Mozilla's Readability.js (html5ever via dom_query),
/// parsing the page and extracting its article with its default configuration, as `full` does
/// with ours. Not one of our stages: timed on the same pages in the same run, for the ratio.
pub fn dom_smoothie(html: &str) -> usize {
    dom_smoothie::Readability::new(html, None, None)
        .and_then(|mut r| r.parse())
        .map_or(0, |a| a.content.len())
}

pub type Stage = fn(&str) -> usize;
/// Our stages (the first three; each includes the one before), the reader article alone (the
/// peer's output), and the peer, last.
pub const STAGES: [(&str, Stage); 5] = [
    ("parse", parse_only),
    ("parse+classify", parse_and_classify),
    ("parse+classify+reader", full),
    ("reader article", reader_article),
    ("dom_smoothie", dom_smoothie),
];
