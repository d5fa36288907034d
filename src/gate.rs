//! The page gate: is this a story page, one main text a person reads top to bottom?
//!
//! The extension runs on every page a person opens. De-cluttering a shop, a forum thread or a
//! section front hides what the visitor came for, so the page is changed only when it is a story
//! (a news article, a blog post, a guide). The gate reads what the page says about itself (JSON-LD
//! `@type`, `og:type`, a publication date, its address) and what the story finder found (one long
//! text, or many look-alike teasers and short posts), and gives its answer with the reasons.

use crate::classify::Label;
use crate::dom::Doc;
use crate::features::Features;
use crate::segment::{Block, BlockKind};
use serde::Serialize;
use serde_json::Value;

/// What the page declares itself to be, strongest claim first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Declared {
    /// JSON-LD `Article`, `NewsArticle`, `BlogPosting`... or `og:type` article.
    Article,
    /// JSON-LD `Product` / `og:type` product.
    Product,
    /// JSON-LD `DiscussionForumPosting`, `QAPage`, `SocialMediaPosting`.
    Discussion,
    /// JSON-LD `CollectionPage`, `ItemList`, `SearchResultsPage`.
    Listing,
    /// Nothing of the above.
    #[default]
    Nothing,
}

/// The measurements the gate decides from (shown in the demo and the CLI).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Signals {
    pub declared: Declared,
    /// Every JSON-LD `@type` on the page that says "article", of any kind.
    pub ld_article: bool,
    pub ld_product: bool,
    pub ld_discussion: bool,
    pub ld_listing: bool,
    /// `og:type`, lower-cased.
    pub og_type: Option<String>,
    /// A publication date in the page's metadata (meta tags or JSON-LD `datePublished`).
    pub published: bool,
    /// `article:published_time` in the meta tags: blog and news systems give it to posts, not to
    /// pages (whose JSON-LD `WebPage` still carries a `datePublished`).
    pub meta_published: bool,
    /// An author: meta `author` / `article:author`, a JSON-LD `author`, or byline mark-up.
    pub author: bool,
    /// `<time datetime>` elements in the body.
    pub time_elements: u32,
    /// Code blocks (`<pre>`): documentation shows code, news rarely does.
    pub code_blocks: u32,
    /// Text blocks under a comment-like class (posts of a thread, a comment section).
    pub comment_blocks: u32,
    /// Forms with a text input other than search, and buttons: shops and services ask to act.
    pub buttons: u32,
    /// Characters of story text (article blocks inside the story's containers).
    pub story_chars: u32,
    /// Story paragraphs of prose: 80+ characters with a sentence end.
    pub story_paragraphs: u32,
    /// Story text over all visible text of the body.
    pub story_share: f32,
    /// Share of the body's text inside links.
    pub link_density: f32,
    /// Headings that are links, anywhere: the headlines of teasers.
    pub linked_headings: u32,
    /// Text blocks that sit in repeated cards outside the story.
    pub card_blocks: u32,
    /// The address: a date in its path (`/2025/09/04/`), and the words of its last segment.
    pub url_date: bool,
    pub url_slug_words: u32,
    /// The address's path names a shop, forum, listing or documentation section.
    pub url_non_story: bool,
    /// The host names one (`docs.`, `shop.`, `forum.`...).
    pub host_non_story: bool,
    /// The address is the site's home page.
    pub url_home: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// A story page: the extension may de-clutter it.
    pub story: bool,
    /// Why, in the order the rules looked.
    pub reasons: Vec<&'static str>,
    pub signals: Signals,
}

/// Thresholds, each with why it has its value. The shares and the link density were fitted on
/// half of the modern corpus and the readability pages (`tests/eval/fit_gate.py`,
/// `docs/EVALUATION.md`).
pub mod params {
    /// A prose paragraph: longer than a teaser's summary line.
    pub const PARAGRAPH_LEN: u32 = 80;
    /// Less story text than this is a note, not a story worth changing the page for.
    pub const MIN_STORY_CHARS: u32 = 140;
    /// A page that declares itself an article needs this share of its text in the story: news
    /// pages carry heavy chrome (menus, most-read lists), so the bar is low.
    pub const DECLARED_STORY_SHARE: f32 = 0.05;
    /// A page that declares nothing must be mostly story: service and landing pages hold a few
    /// paragraphs among much else.
    pub const UNDECLARED_STORY_SHARE: f32 = 0.5;
    /// A page that declares nothing but carries a story's dates (see `is_dated`) is between the
    /// two: on the corpus no page that is not a story both is dated and passes this bar.
    pub const DATED_STORY_SHARE: f32 = 0.3;
    /// Above this share of linked text, an undeclared page is a hub of links.
    pub const UNDECLARED_LINK_DENSITY: f32 = 0.45;
}

pub struct Story<'s> {
    pub blocks: &'s [Block],
    pub features: &'s [Features],
    pub labels: &'s [Label],
}

/// Measures the page for the gate.
/// `ld` is the page's JSON-LD ([`crate::metadata::json_ld`]).
pub fn signals(doc: &Doc<'_>, ld: &[Value], story: &Story<'_>, url: Option<&url::Url>) -> Signals {
    let mut s = Signals::default();
    for v in ld {
        visit_types(v, &mut s, 0);
    }
    let body = doc.find_tag("body").unwrap_or(0);
    read_elements(doc, body, &mut s);
    s.declared = if s.ld_article || s.og_type.as_deref() == Some("article") {
        Declared::Article
    } else if s.ld_product || s.og_type.as_deref() == Some("product") {
        Declared::Product
    } else if s.ld_discussion {
        Declared::Discussion
    } else if s.ld_listing {
        Declared::Listing
    } else {
        Declared::Nothing
    };
    let page_chars = doc.text_len.get(body).copied().unwrap_or(0);
    s.link_density = doc.link_density(body);
    for ((b, f), &l) in story.blocks.iter().zip(story.features).zip(story.labels) {
        if b.kind != BlockKind::Text {
            continue;
        }
        if f.class.comment {
            s.comment_blocks += 1;
        }
        if f.heading && f.link_density > 0.5 {
            s.linked_headings += 1;
        }
        if f.in_article && l == Label::Article {
            s.story_chars += f.text_len;
            if f.text_len >= params::PARAGRAPH_LEN && f.sentence_ends > 0 && !f.heading {
                s.story_paragraphs += 1;
            }
        } else if f.card_siblings >= 2 {
            s.card_blocks += 1;
        }
    }
    s.story_share = if page_chars == 0 {
        0.0
    } else {
        s.story_chars as f32 / page_chars as f32
    };
    if let Some(u) = url {
        read_url(u, &mut s);
    }
    s
}

/// Decides from the signals: what the page says it is first, then what its text shows. The
/// first rule that refuses gives the reason; a story gets the reasons it passed on.
pub fn decide(s: Signals) -> Verdict {
    let (story, reasons) = match refusal(&s) {
        Some(why) => (false, vec![why]),
        None => (
            true,
            vec![if declares_article(&s) {
                "declares itself an article and has a story's text"
            } else if is_dated(&s) && s.story_share < params::UNDECLARED_STORY_SHARE {
                "dated like a story (in its address, or an author and a date) and has a story's text"
            } else {
                "one main text makes up most of the page"
            }],
        ),
    };
    Verdict {
        story,
        reasons,
        signals: s,
    }
}

/// The page says it is an article: in JSON-LD, or in `og:type` when an author or a
/// publication time backs it (SEO plug-ins stamp `og:type` article on every page of a site,
/// services and landing pages included, but give those neither).
fn declares_article(s: &Signals) -> bool {
    s.ld_article || (s.og_type.as_deref() == Some("article") && (s.author || s.meta_published))
}

/// JSON-LD says article but `og:type` names something else (`website`): site builders stamp
/// `Article` on every page, and the page's own Open Graph tag is the more specific claim. Such a
/// page is held to the bar of a dated one.
fn og_disagrees(s: &Signals) -> bool {
    s.og_type
        .as_deref()
        .is_some_and(|og| !og.contains("article") && !og.contains("blog"))
}

/// The page does not declare an article, but dates itself as one: a date in its address
/// (`/2018/11/...`), or an author with a publication date.
fn is_dated(s: &Signals) -> bool {
    s.url_date || (s.author && s.published)
}

/// Why this page is not a story, if it is not.
fn refusal(s: &Signals) -> Option<&'static str> {
    let og = s.og_type.as_deref().unwrap_or("");
    let product = s.ld_product || og.contains("product") || og.ends_with(":item");
    // An article that reviews a product declares both; only the article claim makes it a story.
    if !s.ld_article {
        if product {
            return Some("declares itself a product");
        }
        if s.ld_discussion {
            return Some("declares itself a discussion");
        }
        if s.ld_listing {
            return Some("declares itself a list or collection");
        }
        if s.url_non_story || s.host_non_story {
            return Some("its address names a shop, forum, listing or documentation section");
        }
    }
    if s.url_home {
        return Some("it is a site's home page");
    }
    if s.story_chars < params::MIN_STORY_CHARS {
        return Some("no story text found");
    }
    let declared = declares_article(s);
    let share = if declared && !og_disagrees(s) {
        params::DECLARED_STORY_SHARE
    } else if declared || is_dated(s) {
        params::DATED_STORY_SHARE
    } else {
        params::UNDECLARED_STORY_SHARE
    };
    if s.story_share < share {
        return Some("the story is a small part of the page's text");
    }
    if !declared && s.link_density > params::UNDECLARED_LINK_DENSITY {
        return Some("most of the page's text is links");
    }
    None
}

/// Reads `@type` of top-level items, `@graph` members and a page's `mainEntity`, not of nested
/// values such as an article's `publisher` or a product's `review`.
fn visit_types(v: &Value, s: &mut Signals, depth: u32) {
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|i| visit_types(i, s, depth + 1)),
        Value::Object(map) => {
            match map.get("@type") {
                Some(Value::String(t)) => note_type(t, s),
                Some(Value::Array(ts)) => ts
                    .iter()
                    .filter_map(Value::as_str)
                    .for_each(|t| note_type(t, s)),
                _ => {}
            }
            if map.contains_key("datePublished") {
                s.published = true;
            }
            if map.contains_key("author") {
                s.author = true;
            }
            for key in ["@graph", "mainEntity"] {
                if let Some(inner) = map.get(key) {
                    visit_types(inner, s, depth + 1);
                }
            }
        }
        _ => {}
    }
}

fn note_type(t: &str, s: &mut Signals) {
    let t = t.rsplit(['/', ':']).next().unwrap_or(t);
    match t {
        "Product" | "ProductGroup" | "IndividualProduct" | "Car" | "SoftwareApplication" => {
            s.ld_product = true
        }
        // Not `Question`: an article's FAQ block (`FAQPage`) is made of them.
        "DiscussionForumPosting" | "QAPage" | "SocialMediaPosting" => s.ld_discussion = true,
        "CollectionPage" | "ItemList" | "SearchResultsPage" | "OfferCatalog" => s.ld_listing = true,
        _ if t.ends_with("Article")
            || t == "BlogPosting"
            || t == "LiveBlogPosting"
            || t == "Report" =>
        {
            s.ld_article = true
        }
        _ => {}
    }
}

/// One pass over the elements: meta tags anywhere, and what the body shows (dates, code,
/// buttons, byline mark-up).
fn read_elements(doc: &Doc<'_>, body: usize, s: &mut Signals) {
    let body_end = doc.nodes.get(body).map_or(body, |n| n.end);
    for i in 0..doc.nodes.len() {
        if doc.tag(i) == "meta" {
            read_meta(doc, i, s);
        }
        if !(body..body_end).contains(&i) {
            continue;
        }
        match doc.tag(i) {
            "time" if doc.attr(i, "datetime").is_some() => s.time_elements += 1,
            "pre" => s.code_blocks += 1,
            _ if doc.facts[i].byline => s.author = true,
            "button" => s.buttons += 1,
            _ => {}
        }
    }
}

/// What a `<meta>` tag says: `og:type`, an author, a publication time.
fn read_meta(doc: &Doc<'_>, i: usize, s: &mut Signals) {
    let key = doc
        .attr(i, "property")
        .or_else(|| doc.attr(i, "name"))
        .or_else(|| doc.attr(i, "itemprop"))
        .unwrap_or("");
    let content = doc.attr(i, "content").unwrap_or("").trim();
    if content.is_empty() {
        return;
    }
    let is = |keys: &[&str]| keys.iter().any(|k| key.eq_ignore_ascii_case(k));
    if is(&["og:type"]) {
        s.og_type = Some(content.to_ascii_lowercase());
    }
    if is(&["article:published_time"]) {
        s.meta_published = true;
    }
    if is(&["author", "article:author", "parsely-author", "dc.creator"]) {
        s.author = true;
    }
    if is(&[
        "article:published_time",
        "datePublished",
        "date",
        "parsely-pub-date",
    ]) {
        s.published = true;
    }
}

fn read_url(u: &url::Url, s: &mut Signals) {
    let segments: Vec<&str> = u
        .path_segments()
        .map(|p| p.filter(|x| !x.is_empty()).collect())
        .unwrap_or_default();
    let year =
        |x: &str| x.len() == 4 && x.starts_with("20") && x.bytes().all(|b| b.is_ascii_digit());
    s.url_date = segments.iter().any(|x| year(x))
        || segments.iter().any(|x| {
            x.split(['-', '_']).any(&year) && x.bytes().filter(|b| b.is_ascii_digit()).count() >= 6
        });
    if let Some(last) = segments.last() {
        let stem = last.split('.').next().unwrap_or(last);
        s.url_slug_words = stem
            .split(['-', '_'])
            .filter(|w| w.len() > 1 && w.bytes().any(|b| b.is_ascii_alphabetic()))
            .count() as u32;
    }
    s.url_home = segments.is_empty();
    s.host_non_story = u.host_str().is_some_and(|h| {
        let first = h.split('.').next().unwrap_or("");
        matches!(
            first,
            "docs"
                | "doc"
                | "developer"
                | "developers"
                | "help"
                | "support"
                | "shop"
                | "store"
                | "forum"
                | "forums"
                | "community"
                | "discuss"
                | "answers"
                | "learn"
                | "wiki"
        )
    });
    s.url_non_story = segments.iter().any(|x| {
        matches!(
            x.to_ascii_lowercase().as_str(),
            "product"
                | "products"
                | "shop"
                | "store"
                | "dp"
                | "item"
                | "collections"
                | "category"
                | "categories"
                | "forum"
                | "forums"
                | "thread"
                | "threads"
                | "t"
                | "topic"
                | "questions"
                | "community"
                | "docs"
                | "documentation"
                | "reference"
                | "api"
                | "tag"
                | "tags"
                | "search"
                | "browse"
                | "dictionary"
                | "definition"
        )
    });
    // A path that ends in a section's name (`/news`, `/blog`) is that section's front page: a
    // story's address goes on to name the story.
    s.url_non_story |= segments.last().is_some_and(|last| {
        let stem = last.split('.').next().unwrap_or(last).to_ascii_lowercase();
        matches!(
            stem.as_str(),
            "news"
                | "blog"
                | "blogs"
                | "articles"
                | "stories"
                | "latest"
                | "press"
                | "newsroom"
                | "insights"
                | "updates"
                | "posts"
                | "archive"
                | "archives"
                | "press-releases"
        )
    });
}

#[cfg(test)]
mod tests {
    use crate::{analyze, Options};

    const PROSE: &str = "<p>The council voted on Tuesday, after a long debate, to close the old \
        bridge to traffic, a decision that residents, shop owners and commuters had feared.</p>";

    fn verdict(head: &str, body: &str, url: &str) -> super::Verdict {
        let src = format!("<html><head>{head}</head><body>{body}</body></html>");
        let options = Options {
            url: Some(url.into()),
            ..Default::default()
        };
        analyze(&src, &options).unwrap().page
    }

    #[test]
    fn a_declared_news_article_is_a_story_despite_its_chrome() {
        let nav: String = (0..40)
            .map(|i| format!("<li><a href=/s{i}>Section number {i}</a></li>"))
            .collect();
        let v = verdict(
            r#"<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2025-01-02"}]}</script>"#,
            &format!(
                "<nav><ul>{nav}</ul></nav><article>{}</article>",
                PROSE.repeat(4)
            ),
            "https://news.example/2025/01/02/bridge-closes-to-traffic",
        );
        assert!(v.story, "{:?}", v);
        assert!(v.signals.ld_article && v.signals.published && v.signals.url_date);
    }

    #[test]
    fn a_product_page_is_not_a_story_even_with_a_long_description() {
        let v = verdict(
            r#"<meta property="og:type" content="product">"#,
            &format!("<main><h1>Trail shoe</h1>{}</main>", PROSE.repeat(6)),
            "https://shop.example/trail-shoe",
        );
        assert!(!v.story);
        assert_eq!(v.reasons, ["declares itself a product"]);
    }

    #[test]
    fn a_forum_thread_is_not_a_story() {
        let v = verdict(
            r#"<script type="application/ld+json">{"@type":"DiscussionForumPosting"}</script>"#,
            &PROSE.repeat(6),
            "https://talk.example/how-to-close-a-bridge",
        );
        assert!(!v.story);
    }

    #[test]
    fn an_undeclared_page_where_the_text_is_a_small_part_is_not_a_story() {
        let teasers: String = (0..30)
            .map(|i| format!("<div class=card><h3><a href=/p{i}>Product {i}</a></h3><p>Price and colours of product number {i}.</p></div>"))
            .collect();
        let v = verdict(
            "",
            &format!("{teasers}<div>{}</div>", PROSE.repeat(2)),
            "https://example.com/services/bridges",
        );
        assert!(!v.story, "{:?}", v);
    }

    #[test]
    fn an_article_claim_that_og_type_contradicts_needs_more_story() {
        let offers: String = (0..40)
            .map(|i| {
                format!(
                    "<div class=card><h3><a href=/o{i}>Save ${i}0 on service</a></h3>\
                     <p>Use code SAVE{i} at checkout</p></div>"
                )
            })
            .collect();
        let body = format!("{offers}<div>{}</div>", PROSE.repeat(2));
        let ld = r#"<script type="application/ld+json">{"@type":"Article"}</script>"#;
        let og = r#"<meta property="og:type" content="website">"#;
        let url = "https://pests.example/coupons-and-discounts";
        let claimed = verdict(ld, &body, url);
        assert!(claimed.story, "{claimed:?}");
        let contradicted = verdict(&format!("{ld}{og}"), &body, url);
        assert!(!contradicted.story, "{contradicted:?}");
    }

    #[test]
    fn a_section_front_of_long_excerpts_is_not_a_story() {
        let excerpts = format!("<div class=item>{}</div>", PROSE.repeat(3)).repeat(4);
        let front = verdict("", &excerpts, "https://uni.example/institute/news");
        assert!(!front.story, "{:?}", front);
        assert!(verdict("", &excerpts, "https://uni.example/news/bridge-closes").story);
    }

    #[test]
    fn an_undeclared_page_dated_in_its_address_needs_a_smaller_share_of_story() {
        let teasers: String = (0..20)
            .map(|i| {
                format!(
                    "<div class=card><h3><a href=/p{i}>Story {i}</a></h3>\
                     <p>What the council said on day {i}</p></div>"
                )
            })
            .collect();
        let body = format!("{teasers}<div>{}</div>", PROSE.repeat(3));
        let dated = verdict("", &body, "https://blog.example/2018/11/cheap-fixes");
        assert!(dated.story, "{dated:?}");
        let undated = verdict("", &body, "https://blog.example/services/cheap-fixes");
        assert!(!undated.story, "{undated:?}");
    }

    #[test]
    fn a_dictionary_entry_or_a_browsed_category_is_not_a_story() {
        for url in [
            "https://words.example/browse/restaurant",
            "https://words.example/dictionary/restaurant",
            "https://shop.example/browse/fitness-equipment/1915",
        ] {
            let v = verdict("", &PROSE.repeat(6), url);
            assert!(!v.story && v.signals.url_non_story, "{url}: {v:?}");
        }
    }

    #[test]
    fn a_home_page_is_not_a_story() {
        let v = verdict("", &PROSE.repeat(6), "https://example.com/");
        assert_eq!(v.reasons, ["it is a site's home page"]);
    }
}
