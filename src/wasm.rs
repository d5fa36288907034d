//! The browser edge: wasm-bindgen exports for the extension's service worker and the demo page.
//!
//! Inputs are the page's HTML and address; outputs are plain objects (via serde-wasm-bindgen).
//! Errors become JavaScript exceptions with the core's message, never a panic.

use crate::{analyze, Analysis, Article, Options};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What the extension needs from one analysis of the page: the elements to hide in place and the
/// reader article, so reader mode can open from the last de-clutter run without a second one.
#[derive(Serialize)]
struct Decisions<'a> {
    /// The page gate's answer: only a story page is changed.
    is_article: bool,
    /// Why the gate said no, for the toolbar's tooltip.
    gate_reason: Option<&'static str>,
    /// Elements to hide, by their index in `document.getElementsByTagName('*')`.
    hide: Vec<u32>,
    /// A CSS path to each element, in the same order: the content script checks the index
    /// against it, since the live DOM and the parsed copy can differ (e.g. `<noscript>`).
    selectors: Vec<&'a str>,
    /// Label of each hidden element, in the same order.
    labels: Vec<&'static str>,
    title: &'a str,
    article: ReaderView<'a>,
    /// Time spent in the core, so callers can tell it from serialising and messaging.
    core_ms: f64,
}

/// The article [`reader`] returns, less what reader mode does not show: the standalone document
/// (`html`) and the plain `text`, which would more than double the answer the page receives
/// after every de-clutter run.
#[derive(Serialize)]
struct ReaderView<'a> {
    title: &'a str,
    byline: Option<&'a str>,
    published: Option<&'a str>,
    site_name: Option<&'a str>,
    lang: Option<&'a str>,
    dir: Option<&'a str>,
    excerpt: Option<&'a str>,
    lead_image: Option<&'a str>,
    content: &'a str,
    word_count: usize,
    reading_minutes: usize,
}

impl<'a> From<&'a Article> for ReaderView<'a> {
    fn from(a: &'a Article) -> Self {
        Self {
            title: &a.title,
            byline: a.byline.as_deref(),
            published: a.published.as_deref(),
            site_name: a.site_name.as_deref(),
            lang: a.lang.as_deref(),
            dir: a.dir.as_deref(),
            excerpt: a.excerpt.as_deref(),
            lead_image: a.lead_image.as_deref(),
            content: &a.content,
            word_count: a.word_count,
            reading_minutes: a.reading_minutes,
        }
    }
}

#[derive(Serialize)]
struct ReaderAnswer<'a> {
    is_article: bool,
    article: &'a Article,
    core_ms: f64,
}

/// `performance.now()` of the calling scope (window, worker or service worker).
fn now() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or(0.0, |p| p.now())
}

fn run(html: &str, url: Option<String>) -> Result<Analysis, JsError> {
    analyze(
        html,
        &Options {
            url,
            ..Default::default()
        },
    )
    .map_err(|e| JsError::new(&e.to_string()))
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// What to hide on the live page, and the reader article (the core builds both in one pass).
#[wasm_bindgen]
pub fn declutter(html: &str, url: Option<String>) -> Result<JsValue, JsError> {
    let start = now();
    let a = run(html, url)?;
    to_js(&Decisions {
        is_article: a.is_article,
        gate_reason: (!a.is_article)
            .then(|| a.page.reasons.first().copied())
            .flatten(),
        hide: a.hide.iter().map(|h| h.element_index).collect(),
        selectors: a.hide.iter().map(|h| h.selector.as_str()).collect(),
        labels: a.hide.iter().map(|h| h.label.as_str()).collect(),
        title: &a.article.title,
        article: ReaderView::from(&a.article),
        core_ms: now() - start,
    })
}

/// The reader document: metadata, sanitized body HTML, text and reading time.
#[wasm_bindgen]
pub fn reader(html: &str, url: Option<String>) -> Result<JsValue, JsError> {
    let start = now();
    let a = run(html, url)?;
    to_js(&ReaderAnswer {
        is_article: a.is_article,
        article: &a.article,
        core_ms: now() - start,
    })
}

/// Everything: every block with its label, score, reasons and features, the hide list and the
/// article (for the `www/` demo).
#[wasm_bindgen]
pub fn analyze_page(html: &str, url: Option<String>) -> Result<JsValue, JsError> {
    to_js(&run(html, url)?)
}

/// Parsing and labelling, as [`crate::labels`]: the middle stage of the benchmarks. Returns the
/// block count (0 for a refused page).
#[wasm_bindgen]
pub fn parse_and_classify(html: &str) -> usize {
    crate::labels(html, &Options::default()).map_or(0, |l| l.len())
}

/// Parsing alone, exactly as [`analyze`] parses, for the benchmarks: the floor every stage above
/// pays. Returns the node count so the work cannot be optimised away (0 for a refused page).
#[wasm_bindgen]
pub fn parse_only(html: &str) -> usize {
    crate::limits::parse_document(html, &crate::Limits::default())
        .map_or(0, |parsed| parsed.tree.values().count())
}
