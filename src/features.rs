//! Features of a block: the measurable facts the classifier decides from.
//!
//! Text shape (length, punctuation, links), where the block sits (inside the story, a figure, a
//! landmark such as `<nav>`), what class names and short texts suggest, and whether it repeats
//! like a card in a grid of teasers.

use crate::article::ArticleRoots;
use crate::cards;
use crate::cues::{text_cues, ClassCues, TextCues};
use crate::dom::{Doc, NodeIdx};
use crate::keyed::KeyedMap;
use crate::segment::{Block, BlockKind};
use crate::tags;
use html5ever::{local_name, LocalName};
use rustc_hash::FxHashMap as HashMap;
use url::Url;

/// Thresholds, each with why it has its value.
pub mod params {
    /// Longest text (characters) of a container whose class name can make it a promo: ad
    /// slots, share bars, newsletter and paywall boxes hold a few hundred characters, a grid of
    /// sponsored teasers a couple of thousand; page wrappers hold the whole page.
    pub const MAX_PROMO_WIDGET_LEN: u32 = 2500;
    /// How far up a link around a block is looked for: a card's headline or summary sits a
    /// level or two inside the link that the whole card is.
    pub const LINK_LEVELS: usize = 3;
    /// A category menu lists a site's sections, a dozen or so; a story's tag list names a
    /// handful of topics, rarely more than seven.
    pub const MENU_TILES: u32 = 8;
    /// Most words of a menu tile's name ("Skin Care & Beauty"); a teaser's headline is longer.
    pub const MENU_TILE_WORDS: u32 = 4;
    /// Longest mean text of a menu's tiles (characters).
    pub const MENU_TILE_LEN: u32 = 30;
    /// How far up from a block outside any form its box of fields is looked for: a field's
    /// label sits a level or two inside the row of fields, the box's heading beside that row.
    pub const FIELD_BOX_LEVELS: usize = 4;
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Features {
    /// The parser's atom, not a copy: each story attempt measures every block again, and most
    /// element names are static atoms that cost nothing to copy or drop.
    #[serde(serialize_with = "as_str")]
    pub tag: LocalName,
    pub kind: BlockKind,
    pub text_len: u32,
    pub words: u32,
    /// Share of the block's text inside links.
    pub link_density: f32,
    /// Sentence-ending punctuation marks: prose has several, teasers and buttons none.
    pub sentence_ends: u32,
    pub heading: bool,
    /// Inside one of the containers that [`crate::article::locate_with`] chose.
    pub in_article: bool,
    pub in_figure: bool,
    pub in_figcaption: bool,
    /// An image sits right before or around the block (a caption candidate).
    pub near_media: bool,
    /// The nearest landmark around it.
    pub landmark: Option<Landmark>,
    /// Cues of the class names and ids from the block up to the article container (or body).
    pub class: ClassCues,
    /// A menu name sits nearer the block than any related name: the links are the site's menu
    /// even where an item is called "more" or the menu sits in a "related" wrapper.
    pub menu_over_related: bool,
    /// A related name on a box of links sits nearer the block than any promo name: a box of
    /// teasers inside a column or slot that an ad word names.
    pub related_over_promo: bool,
    /// The outermost box a promo name marks holds a picture or a video: a gallery or a photo
    /// embed, which a site may name a "promo" of itself (its parts too), rather than a pitch.
    pub promo_box_media: bool,
    pub text: TextCues,
    /// Siblings shaped like the block's card (same tag and class), when the block sits in one.
    pub card_siblings: u32,
    /// That card has a headline that is a link: a teaser for another page, not a story's section.
    pub card_headline_link: bool,
    /// Link density of the nearest list or section around the block.
    pub group_link_density: f32,
    /// Inside a link to another page (within a few levels): a card's headline or summary.
    pub in_link: bool,
    /// Under a promo name, the block's link (around it, else the first inside it) leads to
    /// another page of this site: ads and sponsored cards lead to advertisers and to the
    /// networks' redirects, a site's teasers to its own pages. Not measured elsewhere: only a
    /// promo name makes it matter.
    pub site_link: bool,
    /// Every link of the group points into this page (`#...`): a table of contents or a
    /// live blog's "key events", which is navigation, not a pointer to other stories.
    pub in_page_links: bool,
    /// The block is a tile of a category menu: itself a short link, one of many look-alike
    /// siblings that are all short links and all their parent holds.
    pub menu_tile: bool,
    /// In a form that asks for an email address and no password: a sign-up or a request for
    /// contact (a pitch), not the site's search or log-in. Outside any form, in the nearest box
    /// of fields a few levels up that does.
    pub asks_email: bool,
}

/// A landmark a block can sit in (`<nav>`, `<header>`, `<footer>`, `<aside>`, `<form>` or their
/// roles): a value, not a string allocated per block and story attempt; the report shows its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Landmark {
    Nav,
    Header,
    Footer,
    Aside,
    Form,
}

/// `site` is the page's address, if known: without it only relative links count as the site's.
pub fn extract(
    doc: &Doc<'_>,
    blocks: &[Block],
    article: &ArticleRoots,
    site: Option<&Url>,
) -> Vec<Features> {
    let mut look_alikes = HashMap::default();
    let mut headline_links = HashMap::default();
    let mut in_page: HashMap<NodeIdx, bool> = HashMap::default();
    let mut form_controls: HashMap<NodeIdx, bool> = HashMap::default();
    let mut holds_media: HashMap<NodeIdx, bool> = HashMap::default();
    let mut email_forms: HashMap<NodeIdx, bool> = HashMap::default();
    blocks
        .iter()
        .map(|b| {
            let node = b.node;
            let tag = doc.name(node);
            let text = &b.text;
            let in_article = article.contains(doc, node);
            let mut class = ClassCues::default();
            let mut landmark = None;
            let mut in_figure = false;
            let mut in_figcaption = tag == local_name!("figcaption");
            let (mut menu_at, mut related_at) = (usize::MAX, usize::MAX);
            let (mut promo_at, mut related_links_at) = (usize::MAX, usize::MAX);
            let mut promo_box = None;
            // The form whose landmark the block takes.
            let mut form = None;
            for (depth, a) in std::iter::once(node).chain(doc.ancestors(node)).enumerate() {
                if article.roots.contains(&a) || doc.tag(a) == "body" {
                    break;
                }
                let c = doc.facts[a].names.cues;
                // An ad, share bar or sign-up box is small; a page wrapper that happens to be
                // called `app` or `ad-portal` is not a promo.
                let widget = doc.text_len[a] <= params::MAX_PROMO_WIDGET_LEN;
                class.promo |= c.promo && widget;
                if c.promo && widget {
                    promo_at = promo_at.min(depth);
                    promo_box = Some(a);
                }
                class.sells |= c.sells && widget;
                class.paid |= c.paid && widget;
                // A box of links to other stories sits beside the story, never around it: a
                // wrapper that holds the story (Next.js's `#__next`) names the page, not the block.
                if c.related && !article.roots.iter().any(|&r| doc.contains(a, r)) {
                    class.related = true;
                    related_at = related_at.min(depth);
                    if doc.link_text_len[a] > 0 {
                        related_links_at = related_links_at.min(depth);
                    }
                }
                if c.menu {
                    class.menu = true;
                    menu_at = menu_at.min(depth);
                }
                class.navigation |= c.navigation;
                class.caption |= c.caption;
                class.comment |= c.comment;
                class.bio |= c.bio;
                class.weight += c.weight;
                let t = doc.tag(a);
                in_figure |= t == "figure";
                in_figcaption |= t == "figcaption";
                if landmark.is_none() {
                    landmark = landmark_of(doc, a).filter(|&l| {
                        // A form left unclosed wraps the story that follows it; only a form
                        // with controls is one a visitor sees as a form.
                        l != Landmark::Form
                            || *form_controls
                                .entry(a)
                                .or_insert_with(|| has_controls(doc, a))
                    });
                    if landmark == Some(Landmark::Form) {
                        form = Some(a);
                    }
                }
            }
            let group = doc
                .ancestors(node)
                .take(4)
                .find(|&a| tags::is_group(doc.tag(a)))
                .unwrap_or(node);
            let shape = TextShape::of(text);
            // Only the story's blocks are told apart by their card's headline.
            let headlines = in_article.then_some(&mut headline_links);
            let card = cards::card_of(doc, node, &mut look_alikes, headlines);
            let link_around = doc
                .ancestors(node)
                .take(params::LINK_LEVELS)
                .find(|&a| doc.tag(a) == "a" && doc.link_text_len[a] > 0);
            let site_link = class.promo
                && link_around
                    .or_else(|| (node..doc.nodes[node].end).find(|&i| doc.tag(i) == "a"))
                    .and_then(|a| doc.attr(a, "href"))
                    .is_some_and(|href| leads_within(href, site));
            Features {
                heading: tags::is_heading(&tag),
                kind: b.kind,
                text_len: shape.chars,
                words: shape.words,
                link_density: doc.link_density(node),
                sentence_ends: shape.sentence_ends,
                in_article,
                in_figure,
                in_figcaption,
                near_media: near_media(doc, node),
                landmark,
                class,
                menu_over_related: menu_at < related_at,
                related_over_promo: related_links_at < promo_at,
                promo_box_media: promo_box.is_some_and(|a| {
                    *holds_media.entry(a).or_insert_with(|| {
                        (a..doc.nodes[a].end).any(|i| tags::is_visual(doc.tag(i)))
                    })
                }),
                text: text_cues(text),
                card_siblings: card.siblings,
                card_headline_link: card.headline_link,
                group_link_density: doc.link_density(group),
                in_link: link_around.is_some(),
                site_link,
                in_page_links: *in_page
                    .entry(group)
                    .or_insert_with(|| links_stay_in_page(doc, group)),
                // Without a form around it, the nearest widget-sized box of fields a few levels up,
                // when it holds no form: many sites' contact boxes post their fields by
                // script, with no `<form>`.
                asks_email: form
                    .or_else(|| {
                        doc.ancestors(node)
                            .take(params::FIELD_BOX_LEVELS)
                            // (No larger box asks: see `asks_email`. Bounds the scans.)
                            .take_while(|&a| doc.text_len[a] <= params::MAX_PROMO_WIDGET_LEN)
                            .find(|&a| {
                                *form_controls
                                    .entry(a)
                                    .or_insert_with(|| has_controls(doc, a))
                            })
                            // A box around a form is more than the form (a footer's menus
                            // beside its sign-up form): only the form's own lines are its.
                            .filter(|&a| !(a..doc.nodes[a].end).any(|i| doc.tag(i) == "form"))
                    })
                    .is_some_and(|f| *email_forms.entry(f).or_insert_with(|| asks_email(doc, f))),
                menu_tile: shape.words <= params::MENU_TILE_WORDS
                    && shape.sentence_ends == 0
                    && is_menu_tile(doc, node, &mut look_alikes),
                tag,
            }
        })
        .collect()
}

/// `node` and its look-alike siblings (same tag and class) are many, nearly all link and all
/// the text of their parent, and short: a grid of section names ("Heart Health", "Nutrition"),
/// not teaser cards (a headline with a date or summary) nor a card's own section tag. List
/// items are left out: a list of short links is a story's tags or a column of guides (related
/// links) as often as a menu, which its class name tells apart; a grid of tiles is not a list.
fn is_menu_tile<'a>(
    doc: &Doc<'a>,
    node: NodeIdx,
    tallies: &mut HashMap<NodeIdx, KeyedMap<cards::Shape<'a>, cards::Tally>>,
) -> bool {
    let Some(parent) = doc.nodes[node].parent else {
        return false;
    };
    if doc.link_text_len[node] == 0 || doc.tag(node) == "li" {
        return false;
    }
    tallies
        .entry(parent)
        .or_insert_with(|| cards::tally(doc, parent))
        .get(&cards::shape(doc, node))
        .is_some_and(|t| {
            t.count >= params::MENU_TILES
                && t.text_len == doc.text_len[parent]
                && t.link_text_len * 10 >= t.text_len * 9
                && t.text_len <= t.count * params::MENU_TILE_LEN
        })
}

fn as_str<S: serde::Serializer>(tag: &LocalName, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(tag)
}

/// Counts over a block's text, in one pass over its characters.
#[derive(Default)]
struct TextShape {
    chars: u32,
    words: u32,
    sentence_ends: u32,
}

impl TextShape {
    /// Decides ASCII characters on their byte: this runs over all of the blocks' text.
    fn of(text: &str) -> TextShape {
        let mut shape = TextShape::default();
        let mut in_word = false;
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let space = if b < 0x80 {
                shape.sentence_ends += matches!(b, b'.' | b'!' | b'?') as u32;
                b == b' ' || (b'\t'..=b'\r').contains(&b)
            } else if b >= 0xC0 {
                // The first byte of a character: decode it.
                let c = text[i..].chars().next().unwrap_or_default();
                shape.sentence_ends += matches!(c, '。' | '؟') as u32;
                c.is_whitespace()
            } else {
                continue;
            };
            shape.chars += 1;
            shape.words += (!space && !in_word) as u32;
            in_word = !space;
        }
        shape
    }
}

/// At least two links under `group`, and all of them to `#fragments`.
fn links_stay_in_page(doc: &Doc<'_>, group: NodeIdx) -> bool {
    let mut links = 0;
    for i in group..doc.nodes[group].end {
        if doc.tag(i) != "a" {
            continue;
        }
        match doc.attr(i, "href") {
            Some(h) if h.trim_start().starts_with('#') => links += 1,
            Some(_) => return false,
            None => {}
        }
    }
    links >= 2
}

/// A link to another page of the site at `site`: a relative address (not `#fragment`), or an
/// absolute one on the same host (`www.` aside).
fn leads_within(href: &str, site: Option<&Url>) -> bool {
    let href = href.trim();
    let scheme = href
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains(['/', '?', '#']));
    if !scheme && !href.starts_with("//") {
        return !href.is_empty() && !href.starts_with('#');
    }
    let bare = |h: &str| h.strip_prefix("www.").unwrap_or(h).to_ascii_lowercase();
    let host = site.and_then(Url::host_str).map(bare);
    host.is_some_and(|host| {
        site.and_then(|s| s.join(href).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .and_then(|u| u.host_str().map(bare))
            .is_some_and(|h| h == host)
    })
}

fn has_controls(doc: &Doc<'_>, form: NodeIdx) -> bool {
    (form + 1..doc.nodes[form].end).any(|i| tags::is_form_control(doc.tag(i)))
}

/// The form has an email field (by type, name or id) and no password field, and is the size of
/// a widget: a form around the whole page (as ASP.NET pages have) is no sign-up box.
fn asks_email(doc: &Doc<'_>, form: NodeIdx) -> bool {
    if doc.text_len[form] > params::MAX_PROMO_WIDGET_LEN {
        return false;
    }
    let inputs = || (form + 1..doc.nodes[form].end).filter(|&i| doc.tag(i) == "input");
    let email = |i: NodeIdx| {
        doc.attr(i, "type")
            .is_some_and(|t| t.eq_ignore_ascii_case("email"))
            || [doc.attr(i, "name"), doc.attr(i, "id")]
                .into_iter()
                .flatten()
                .any(|n| n.to_ascii_lowercase().contains("email"))
    };
    let password = |i: NodeIdx| {
        doc.attr(i, "type")
            .is_some_and(|t| t.eq_ignore_ascii_case("password"))
    };
    inputs().any(email) && !inputs().any(password)
}

fn landmark_of(doc: &Doc<'_>, idx: NodeIdx) -> Option<Landmark> {
    let tag = doc.tag(idx);
    let role = doc.attr(idx, "role");
    let landmark = match (tag, role) {
        (_, Some("navigation")) | ("nav", _) => Landmark::Nav,
        (_, Some("banner")) => Landmark::Header,
        (_, Some("contentinfo")) => Landmark::Footer,
        ("footer", _) if in_sectioning(doc, idx) => return None,
        ("header", _) => Landmark::Header,
        ("footer", _) => Landmark::Footer,
        (_, Some("complementary")) | ("aside", _) => Landmark::Aside,
        ("form", _) => Landmark::Form,
        _ => return None,
    };
    Some(landmark)
}

/// A `<footer>` inside an `<article>`, `<section>`, `<aside>`, `<main>` or `<nav>` is that
/// part's own (a story's tags, share bar and links on, a card's date), not the page's footer:
/// ARIA gives it no landmark role. (A `<header>` there is the same to ARIA, but taking its
/// landmark away had a forum page's cards hidden: see EVALUATION.md.)
fn in_sectioning(doc: &Doc<'_>, idx: NodeIdx) -> bool {
    doc.ancestors(idx)
        .any(|a| matches!(doc.tag(a), "article" | "section" | "aside" | "main" | "nav"))
}

/// An image in the block's parent or in the element just before it or its parent.
fn near_media(doc: &Doc<'_>, node: NodeIdx) -> bool {
    // Bounded: a caption's image is close; a huge neighbour is not a figure.
    let has_media =
        |i: NodeIdx| (i..doc.nodes[i].end.min(i + 64)).any(|j| tags::is_visual(doc.tag(j)));
    let mut cur = node;
    for _ in 0..2 {
        let Some(parent) = doc.nodes[cur].parent else {
            return false;
        };
        let prev = doc.prev_element_sibling(cur);
        if prev.is_some_and(has_media) {
            return true;
        }
        if doc.text_len[parent] > doc.text_len[node] + 40 {
            return false;
        }
        if has_media(parent) {
            return true;
        }
        cur = parent;
    }
    false
}

/// (proptest is a native dev-dependency only.)
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::TextShape;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn text_shape_counts_as_the_str_methods_do(
            t in "[a-zé.!?,。؟ \t\n\u{0B}\u{A0}\u{2003}\u{3000}\u{1C}]{0,40}",
        ) {
            let shape = TextShape::of(&t);
            prop_assert_eq!(shape.chars as usize, t.chars().count());
            prop_assert_eq!(shape.words as usize, t.split_whitespace().count());
            let ends = t.chars().filter(|c| matches!(c, '.' | '!' | '?' | '。' | '؟')).count();
            prop_assert_eq!(shape.sentence_ends as usize, ends);
        }
    }
}
