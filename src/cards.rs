//! Teaser cards: look-alike siblings (same tag, same class) that each hold a link.
//!
//! A grid or list of them points to other pages; one of them is never a story. The story
//! finder asks whether its winner is a card or a grid of cards, and the features ask how many
//! look-alikes a block's card has and whether its headline is a link. All of it reads one
//! shape ([`tally`]).

use crate::dom::{Doc, NodeIdx};
use crate::keyed::KeyedMap;
use crate::tags;
use rustc_hash::FxHashMap as HashMap;

/// Thresholds, each with why it has its value.
pub mod params {
    /// A teaser card's headline is a link: at least this share of a card grid's text is linked
    /// (an article's paragraphs link a few words, well under it).
    pub const GRID_MIN_LINK_SHARE: f32 = 0.3;
    /// Three look-alike cards make a grid (two can be a pair of paragraphs).
    pub const GRID_MIN_CARDS: u32 = 3;
    /// Longest text of a teaser card: a headline, a summary line or two and a byline. A
    /// look-alike section with a linked heading, more text than this and paragraphs (not one
    /// long excerpt) is a part of the story (a buying guide's section per product), not a
    /// pointer elsewhere.
    pub const MAX_TEASER_CARD_LEN: u32 = 600;
    /// A paragraph, not a summary line or a byline.
    pub const CARD_PARAGRAPH_LEN: u32 = 80;
    /// How far up from a block its card is looked for.
    pub const CARD_LEVELS: usize = 5;
}

/// What makes siblings look alike: their tag and class attribute.
pub type Shape<'a> = (&'a str, Option<&'a str>);

/// Look-alike children of one parent that hold a link, per shape.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub count: u32,
    pub text_len: u32,
    pub link_text_len: u32,
}

pub fn shape<'a>(doc: &Doc<'a>, idx: NodeIdx) -> Shape<'a> {
    (doc.tag(idx), doc.attr(idx, "class"))
}

/// The children of `parent` that hold a link, counted per shape.
pub fn tally<'a>(doc: &Doc<'a>, parent: NodeIdx) -> KeyedMap<Shape<'a>, Tally> {
    let mut tally: KeyedMap<Shape<'a>, Tally> = KeyedMap::with_hasher(doc.hash_key);
    for c in doc.element_children(parent) {
        if doc.link_text_len[c] > 0 {
            let t = tally.entry(shape(doc, c)).or_default();
            t.count += 1;
            t.text_len += doc.text_len[c];
            t.link_text_len += doc.link_text_len[c];
        }
    }
    tally
}

/// `idx` holds a link and two or more siblings look like it.
pub fn is_one_of_many(doc: &Doc<'_>, idx: NodeIdx) -> bool {
    let Some(parent) = doc.nodes[idx].parent else {
        return false;
    };
    doc.link_text_len[idx] > 0
        && tally(doc, parent)
            .get(&shape(doc, idx))
            .is_some_and(|t| t.count >= params::GRID_MIN_CARDS)
}

/// Most of the text of `idx` sits in three or more look-alike children that hold links: a
/// grid of teaser cards. Paragraphs with links are prose, not cards.
pub fn holds_grid(doc: &Doc<'_>, idx: NodeIdx) -> bool {
    tally(doc, idx).iter().any(|((tag, _), t)| {
        *tag != "p"
            && t.count >= params::GRID_MIN_CARDS
            && t.text_len * 2 >= doc.text_len[idx]
            && t.link_text_len as f32 >= t.text_len as f32 * params::GRID_MIN_LINK_SHARE
    })
}

/// The card a block sits in: how many siblings share its shape, and whether it is a teaser
/// with a linked headline.
pub struct Card {
    pub siblings: u32,
    pub headline_link: bool,
}

/// The block's card: the ancestor (or the block) with the most look-alike siblings, a few
/// levels up at most. `tallies` caches [`tally`] per parent; `headline_links` remembers per
/// card whether it is a teaser with a linked headline (the blocks of one card share it), and
/// without it the headline is not looked for.
pub fn card_of<'a>(
    doc: &Doc<'a>,
    node: NodeIdx,
    tallies: &mut HashMap<NodeIdx, KeyedMap<Shape<'a>, Tally>>,
    mut headline_links: Option<&mut HashMap<NodeIdx, bool>>,
) -> Card {
    let mut best = Card {
        siblings: 0,
        headline_link: false,
    };
    for item in std::iter::once(node)
        .chain(doc.ancestors(node))
        .take(params::CARD_LEVELS)
    {
        let Some(parent) = doc.nodes[item].parent else {
            break;
        };
        if tags::is_page_frame(doc.tag(item)) {
            break;
        }
        if doc.link_text_len[item] == 0 {
            continue;
        }
        let similar = tallies
            .entry(parent)
            .or_insert_with(|| tally(doc, parent))
            .get(&shape(doc, item))
            .map_or(1, |t| t.count)
            .saturating_sub(1);
        if similar > best.siblings {
            best = Card {
                siblings: similar,
                headline_link: headline_links.as_deref_mut().is_some_and(|known| {
                    *known
                        .entry(item)
                        .or_insert_with(|| teaser_sized(doc, item) && has_headline_link(doc, item))
                }),
            };
        }
    }
    best
}

/// A teaser card holds a headline and a summary (however long its excerpt), not paragraphs.
fn teaser_sized(doc: &Doc<'_>, card: NodeIdx) -> bool {
    doc.text_len[card] <= params::MAX_TEASER_CARD_LEN
        || (card + 1..doc.nodes[card].end)
            .filter(|&p| doc.tag(p) == "p" && doc.text_len[p] >= params::CARD_PARAGRAPH_LEN)
            .nth(1)
            .is_none()
}

/// A heading inside `card` whose text is (nearly) all one link to another page (not an anchor
/// within this one, as documentation headings often are). A card that is itself a heading is a
/// story's section (a listicle's linked item names), not a teaser.
fn has_headline_link(doc: &Doc<'_>, card: NodeIdx) -> bool {
    (card + 1..doc.nodes[card].end).any(|h| {
        tags::is_subheading(doc.tag(h))
            && doc.text_len[h] > 0
            && (h..doc.nodes[h].end).any(|a| {
                doc.tag(a) == "a"
                    && doc
                        .attr(a, "href")
                        .is_some_and(|href| !href.starts_with('#'))
                    && doc.text_len[a] * 10 >= doc.text_len[h] * 9
            })
    })
}
