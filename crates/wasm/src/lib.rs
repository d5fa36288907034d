//! The browser edge: wasm-bindgen exports of the core for the extension's background script and
//! the demo page.
//!
//! Inputs are the page's HTML and address; outputs are plain objects (via serde-wasm-bindgen).
//! Each export asks the core for what its caller uses and nothing more. Errors become
//! JavaScript exceptions with the core's message, never a panic.

use declutter::keyed::HashKey;
use declutter::metadata::Metadata;
use declutter::{Article, Decisions, Options, Page};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What the extension's de-clutter pass uses: the elements to hide in place and the reader
/// article, so reader mode can open from the last de-clutter run without a second one.
#[derive(Serialize)]
struct DeclutterAnswer<'a> {
    /// The page gate's answer: only a story page is changed.
    is_article: bool,
    /// Why the gate said no, for the toolbar's tooltip.
    gate_reason: Option<&'static str>,
    /// Elements to hide, by their index in `document.getElementsByTagName('*')`.
    hide: Vec<u32>,
    /// A CSS path to each element, in the same order: the content script checks the index
    /// against it, since the live DOM and the parsed copy can differ (e.g. `<noscript>`).
    selectors: Vec<String>,
    /// Label of each hidden element, in the same order.
    labels: Vec<&'static str>,
    /// For each hidden element, in the same order: a selector that finds the same box on the
    /// site's other pages (see the core's `site_rules`), and the rule that decided it. The
    /// extension learns site rules from them.
    stable: Vec<String>,
    rules: Vec<&'static str>,
    /// For each selector the caller gave (`rules`), whether it would hide story text here.
    story_rules: Vec<bool>,
    article: ReaderView<'a>,
    story: Option<StoryAt>,
    /// Time spent in the core, so callers can tell it from serialising and messaging.
    core_ms: f64,
}

/// Where the article is read from on the page (the core's `story_extent`): the extension leaves
/// text and attribute changes outside it alone. `selector` checks `index` as for `hide`.
#[derive(Serialize)]
struct StoryAt {
    index: u32,
    selector: String,
}

fn story_at(d: &Decisions<'_>) -> Option<StoryAt> {
    d.story_at()
        .map(|(index, selector)| StoryAt { index, selector })
}

/// The article as reader mode shows it: metadata and the sanitized body, without the plain
/// text (which would double the answer the page receives after every de-clutter run).
#[derive(Serialize)]
struct ReaderView<'a> {
    #[serde(flatten)]
    meta: &'a Metadata,
    content: &'a str,
    word_count: usize,
    reading_minutes: usize,
}

impl<'a> From<&'a Article> for ReaderView<'a> {
    fn from(a: &'a Article) -> Self {
        Self {
            meta: &a.meta,
            content: &a.content,
            word_count: a.word_count,
            reading_minutes: a.reading_minutes,
        }
    }
}

#[derive(Serialize)]
struct ReaderAnswer<'a> {
    is_article: bool,
    article: ReaderView<'a>,
    story: Option<StoryAt>,
    core_ms: f64,
}

/// `performance.now()` of the calling scope (window, worker or service worker).
fn now() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or(0.0, |p| p.now())
}

/// 64 random bits from the browser (`Math.random` gives 52 at a time): the standard library has
/// no randomness on wasm, so the core's secret hash key comes from here.
fn random_u64() -> u64 {
    let half = || (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    half() << 32 | half()
}

fn parse(html: &str, url: Option<String>) -> Result<Page, JsError> {
    Page::parse(
        html,
        &Options {
            url,
            hash_key: HashKey(random_u64(), random_u64()),
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

fn gate_reason(d: &Decisions<'_>) -> Option<&'static str> {
    (!d.is_article)
        .then(|| d.verdict.reasons.first().copied())
        .flatten()
}

/// What to hide on the live page, and the reader article, from one pass of the core. `rules`:
/// the site rules the page was shown with, each checked for hiding story text.
#[wasm_bindgen]
pub fn declutter(
    html: &str,
    url: Option<String>,
    rules: Option<Vec<String>>,
) -> Result<JsValue, JsError> {
    let start = now();
    let page = parse(html, url)?;
    let decisions = page.decide();
    let hide = decisions.hide();
    let article = decisions.article();
    let site = decisions.site_rules(&hide);
    to_js(&DeclutterAnswer {
        stable: site.iter().map(|r| r.selector.clone()).collect(),
        rules: site.iter().map(|r| r.rule).collect(),
        story_rules: decisions.hiding_story(&rules.unwrap_or_default()),
        is_article: decisions.is_article,
        gate_reason: gate_reason(&decisions),
        hide: hide.iter().map(|h| h.element_index).collect(),
        labels: hide.iter().map(|h| h.label.as_str()).collect(),
        selectors: hide.into_iter().map(|h| h.selector).collect(),
        article: ReaderView::from(&article),
        story: story_at(&decisions),
        core_ms: now() - start,
    })
}

/// The reader article alone: for reader mode when the page changed since the last de-clutter
/// run, or when de-clutter is off.
#[wasm_bindgen]
pub fn reader(html: &str, url: Option<String>) -> Result<JsValue, JsError> {
    let start = now();
    let page = parse(html, url)?;
    let decisions = page.decide();
    let article = decisions.article();
    to_js(&ReaderAnswer {
        is_article: decisions.is_article,
        article: ReaderView::from(&article),
        story: story_at(&decisions),
        core_ms: now() - start,
    })
}

/// The element a person picked ("hide this"), by its index in `getElementsByTagName('*')`:
/// { selector (finds it alone on this page, and the same box on the site's other pages), path,
/// text }, or null when the page has no such element.
#[wasm_bindgen]
pub fn pick(html: &str, url: Option<String>, index: u32) -> Result<JsValue, JsError> {
    to_js(&parse(html, url)?.decide().pick(index))
}

/// Everything: every block with its label, score, reason and features, the hide list, the
/// article and the reader document (for the `www/` demo).
#[wasm_bindgen]
pub fn analyze_page(html: &str, url: Option<String>) -> Result<JsValue, JsError> {
    to_js(&parse(html, url)?.decide().analysis())
}

/// Parsing and labelling, as [`declutter::labels`]: the middle stage of the benchmarks. Returns
/// the block count (0 for a refused page).
#[cfg(feature = "bench")]
#[wasm_bindgen]
pub fn parse_and_classify(html: &str) -> usize {
    declutter::labels(html, &Options::default()).map_or(0, |l| l.len())
}

/// Parsing alone, exactly as the core parses, for the benchmarks: the floor every stage above
/// pays. Returns the node count so the work cannot be optimised away (0 for a refused page).
#[cfg(feature = "bench")]
#[wasm_bindgen]
pub fn parse_only(html: &str) -> usize {
    declutter::limits::parse_document(html, &declutter::Limits::default())
        .map_or(0, |parsed| parsed.tree.values().count())
}
