//! Labelling blocks: article, caption, promo, related-link (plus navigation, byline, other).
//!
//! Each rule is named, checked in order, and leaves its name in the block's `reasons` so a person
//! can see why a block got its label (the `www/` demo shows them). The thresholds sit in
//! [`params`] with the reason for their value.

use crate::article::{ArticleRoots, Flags};
use crate::dom::{Doc, Kind, NodeIdx};
use crate::features::Features;
use crate::segment::{Block, BlockKind};
use crate::tags;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Label {
    /// The story: headline, paragraphs, its headings, lists, quotes and images.
    Article,
    /// Text that describes or credits an image.
    Caption,
    /// Selling something or asking the reader to act: ads, newsletter sign-ups, app and
    /// audio-player promos, share bars, paywall flags, author boxes, comment sections.
    Promo,
    /// Pointing to other pages: "Read more:" lines, teaser cards, "most read" lists.
    RelatedLink,
    /// The site's own chrome: menus, breadcrumbs, header and footer.
    Navigation,
    /// Who wrote the story and when: shown in the reader's header, not in its body.
    Byline,
    /// Anything else outside the story (legal text, a lone date): kept in place.
    Other,
}

impl Label {
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Article => "article",
            Label::Caption => "caption",
            Label::Promo => "promo",
            Label::RelatedLink => "related-link",
            Label::Navigation => "navigation",
            Label::Byline => "byline",
            Label::Other => "other",
        }
    }

    /// Clutter is what in-place de-cluttering hides.
    pub fn is_clutter(self) -> bool {
        matches!(self, Label::Promo | Label::RelatedLink)
    }

    /// What the reader document's body and the extracted text keep.
    pub fn is_story(self) -> bool {
        matches!(self, Label::Article | Label::Caption)
    }
}

/// Thresholds, each with why it has its value.
pub mod params {
    /// A caption is short: longer text near an image is a paragraph.
    pub const MAX_CAPTION_LEN: u32 = 400;
    /// A caption this much inside links is a link's text.
    pub const LINKED_CAPTION: f32 = 0.9;
    /// A linked caption of this many words is a teaser's title, not a credit or source line.
    pub const TEASER_TITLE_WORDS: u32 = 4;
    /// How far up from a caption a link that wraps it is looked for (`a > figure > figcaption`).
    pub const CAPTION_LINK_DEPTH: usize = 3;
    /// Above this share of linked text a block is a list of links, not prose.
    pub const LINK_DENSE: f32 = 0.5;
    /// Three or more similar linked siblings make a grid or list of teasers.
    pub const CARD_SIBLINGS: u32 = 2;
    /// Look-alike siblings that make cards with linked headlines a feed of teasers.
    pub const TEASER_CARDS: u32 = 3;
    /// Prose this long with sentences keeps its label despite a promo-ish class around it.
    pub const PROSE_LEN: u32 = 200;
    /// A sentence this long, without links, under content-like class names, is text to read even
    /// when a "related" class name sits further up.
    pub const UNLINKED_TEXT_LEN: u32 = 120;
    /// At most this many words in the bold lead-in of a "**Related reading:** <link>" line.
    pub const LEAD_IN_WORDS: usize = 4;
    /// Readability's conditional cleaning: containers with this many commas are kept as prose.
    pub const CLEAN_MIN_COMMAS: u32 = 10;
}

#[derive(Debug, Clone)]
pub struct Decision {
    pub label: Label,
    /// How sure the rule that decided is, from 0 to 1.
    pub score: f32,
    /// The rule that decided, in words.
    pub reason: &'static str,
}

/// Where the story is, as the classifier needs it.
pub struct Story<'s> {
    pub roots: &'s ArticleRoots,
    /// The story's headline block ([`headline`]).
    pub headline: Option<NodeIdx>,
    /// Between the headline and the story's first container, where sites put the lead picture
    /// ([`crate::article::lead_span`]).
    pub lead: Option<Range<NodeIdx>>,
}

/// Labels every block. `features[i]` belongs to `blocks[i]`. Some of Readability's rules can be
/// switched off (see [`Flags`]).
pub fn classify_with(
    doc: &Doc<'_>,
    blocks: &[Block],
    features: &[Features],
    story: &Story<'_>,
    flags: Flags,
) -> Vec<Decision> {
    let cleaned = if flags.clean_conditionally {
        conditionally_cleaned(doc, story.roots, flags.weight_classes)
    } else {
        vec![false; doc.nodes.len()]
    };
    blocks
        .iter()
        .zip(features)
        .map(|(b, f)| {
            let lead_image = b.kind == BlockKind::Media
                && f.in_figure
                && !f.in_figcaption
                && story
                    .lead
                    .as_ref()
                    .is_some_and(|span| span.contains(&b.node));
            decide(
                doc,
                b,
                f,
                &cleaned,
                story.headline == Some(b.node),
                lead_image,
            )
        })
        .collect()
}

fn d(label: Label, score: f32, reason: &'static str) -> Decision {
    Decision {
        label,
        score,
        reason,
    }
}

fn is_prose(f: &Features) -> bool {
    f.text_len >= params::PROSE_LEN && f.link_density < 0.25 && f.sentence_ends >= 2
}

fn decide(
    doc: &Doc<'_>,
    b: &Block,
    f: &Features,
    cleaned: &[bool],
    is_headline: bool,
    lead_image: bool,
) -> Decision {
    if is_headline {
        return d(Label::Article, 0.9, "headline of the story");
    }
    if lead_image {
        return d(
            Label::Article,
            0.8,
            "lead picture between the headline and the story",
        );
    }
    match b.kind {
        BlockKind::Slot => {
            return if f.in_article && !f.class.promo {
                d(Label::Article, 0.5, "embedded frame inside the story")
            } else {
                d(Label::Promo, 0.8, "empty slot or frame outside the story")
            };
        }
        BlockKind::Media => {
            return if f.in_figcaption {
                d(Label::Caption, 0.6, "image inside a caption")
            } else if (f.class.promo && !f.in_figure)
                || (!f.in_article && (f.class.bio || f.class.comment))
            {
                d(
                    Label::Promo,
                    0.7,
                    "image in a promo, author or comments box",
                )
            } else if f.in_article && !cleaned[b.node] {
                d(Label::Article, 0.7, "image inside the story")
            } else if f.card_siblings >= params::CARD_SIBLINGS || f.class.related {
                d(Label::RelatedLink, 0.7, "image of a teaser card")
            } else {
                d(Label::Other, 0.5, "image outside the story")
            };
        }
        BlockKind::Text => {}
    }
    let prose = is_prose(f);
    if (f.in_figcaption || f.class.caption || f.text.caption)
        && (f.in_figure || f.near_media || f.text.caption)
        && !f.heading
        && f.text_len <= params::MAX_CAPTION_LEN
        && !links_to_a_page(doc, b.node, f.words)
    {
        return d(Label::Caption, 0.9, "caption next to an image");
    }
    if f.landmark.as_deref() == Some("nav") && !f.in_article {
        return d(Label::Navigation, 0.9, "inside <nav>");
    }
    // In the site's menus and header or footer, a network's link is the site's own "follow us"
    // navigation, part of the page's frame.
    if f.text.share_target
        && f.link_density > params::LINK_DENSE
        && !f.class.navigation
        && !matches!(f.landmark.as_deref(), Some("nav" | "header" | "footer"))
    {
        return d(
            Label::Promo,
            0.8,
            "share or follow button (a network's name as a link)",
        );
    }
    if f.text.promo && !prose {
        return d(
            Label::Promo,
            0.9,
            "promo wording (listen, sign up, advertisement...)",
        );
    }
    let related_text = (f.text.related && (f.link_density > 0.3 || f.text_len < 60))
        || (f.text.teaser_tag && f.link_density > 0.3);
    if related_text && !prose && !f.class.promo {
        return d(
            Label::RelatedLink,
            0.85,
            "\"read more\"-style link to another page",
        );
    }
    if !f.in_article && (f.class.comment || f.class.bio) {
        return d(
            Label::Promo,
            0.7,
            "comments or author box: invites taking part, not the story",
        );
    }
    if is_byline(doc, b.node) && f.text_len < 100 {
        return d(Label::Byline, 0.8, "byline or author mark-up");
    }
    if f.class.promo && !prose && !f.class.caption {
        return d(
            Label::Promo,
            0.75,
            "promo class name (ad, newsletter, share...)",
        );
    }
    if f.in_article && f.card_siblings >= params::TEASER_CARDS && f.card_headline_link {
        return d(
            Label::RelatedLink,
            0.7,
            "teaser card (linked headline, look-alike siblings) inside the story",
        );
    }
    if f.in_article && !cleaned[b.node] {
        if f.heading {
            return d(Label::Article, 0.8, "heading inside the story");
        }
        let dense = f.link_density > params::LINK_DENSE;
        if dense && f.class.related {
            return d(Label::RelatedLink, 0.75, "list of links inside the story");
        }
        if dense && is_lead_in_link(doc, b.node) {
            return d(
                Label::RelatedLink,
                0.75,
                "bold lead-in and a link (\"Related reading: ...\") inside the story",
            );
        }
        return d(
            Label::Article,
            if prose { 0.95 } else { 0.7 },
            "inside the story's container",
        );
    }
    if f.in_article {
        // Readability's conditional cleaning removed its container.
        if f.landmark.as_deref() == Some("form") || f.class.comment {
            return d(Label::Promo, 0.6, "form or comments inside the story");
        }
        if f.in_page_links {
            return d(Label::Navigation, 0.7, "links to places within the page");
        }
        if f.class.navigation && !f.class.related && f.link_density > 0.3 {
            return d(
                Label::Navigation,
                0.6,
                "navigation class name inside the story",
            );
        }
        if f.class.related {
            return d(Label::RelatedLink, 0.6, "related box inside the story");
        }
        return d(Label::Other, 0.5, "box inside the story that is not prose");
    }
    match f.landmark.as_deref() {
        Some("header" | "footer") => return d(Label::Navigation, 0.7, "in the page header/footer"),
        // Sign-up forms were caught above by their class or wording; what is left is the
        // site's own tools (search, log in).
        Some("form") => {
            return d(
                Label::Navigation,
                0.6,
                "search or login form outside the story",
            )
        }
        _ => {}
    }
    if f.in_page_links {
        return d(Label::Navigation, 0.7, "links to places within the page");
    }
    if f.class.navigation && !f.class.related && f.link_density > 0.3 {
        return d(Label::Navigation, 0.7, "navigation class name");
    }
    // Unlinked sentences under content-like class names: a "related" word further up does not
    // make the story's own text a pointer elsewhere.
    let unlinked_text = f.link_density == 0.0
        && f.sentence_ends >= 1
        && f.text_len >= params::UNLINKED_TEXT_LEN
        && f.class.weight > 0;
    let related_class = f.class.related && !unlinked_text;
    if f.link_density > params::LINK_DENSE || related_class {
        if f.card_siblings >= 1 || related_class || f.group_link_density > 0.5 {
            return d(
                Label::RelatedLink,
                0.7,
                "teaser or list of links outside the story",
            );
        }
        if f.text_len < 30 {
            return d(Label::Navigation, 0.5, "short link outside the story");
        }
        return d(Label::RelatedLink, 0.55, "link outside the story");
    }
    // Paragraphs of prose inside look-alike sections (a review's one section per product) are
    // read, not followed: a teaser card holds a headline and a line or two.
    if f.card_siblings >= params::CARD_SIBLINGS && !prose {
        return d(Label::RelatedLink, 0.55, "repeated card outside the story");
    }
    d(Label::Other, 0.5, "outside the story")
}

/// The caption is (inside) a link to another page: a teaser's title under its thumbnail, not
/// words about the picture. A link to the picture's full size, and a linked credit or source
/// line ("Source", a photographer's name) are still a caption's.
fn links_to_a_page(doc: &Doc<'_>, node: NodeIdx, words: u32) -> bool {
    let to_page = |a: NodeIdx| {
        doc.tag(a) == "a"
            && doc.attr(a, "href").is_some_and(|href| {
                let path = href
                    .split(['?', '#'])
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                !href.starts_with('#')
                    && ![".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"]
                        .iter()
                        .any(|ext| path.ends_with(ext))
            })
    };
    let linked_inside = words >= params::TEASER_TITLE_WORDS
        && doc.link_density(node) >= params::LINKED_CAPTION
        && (node..doc.nodes[node].end).any(to_page);
    linked_inside
        || doc
            .ancestors(node)
            .take(params::CAPTION_LINK_DEPTH)
            .any(to_page)
}

/// A line that points elsewhere by its shape, whatever its wording: a few bold words ending in a
/// colon ("**Related reading:**", "**Helpful guide:**"), then a link that is the rest of it.
fn is_lead_in_link(doc: &Doc<'_>, idx: NodeIdx) -> bool {
    let Some(lead) = doc.element_children(idx).next() else {
        return false;
    };
    let text = doc.text(lead);
    let text = text.trim();
    let rest = doc.text_len[idx].saturating_sub(doc.text_len[lead]);
    matches!(doc.tag(lead), "strong" | "b")
        && text.ends_with(':')
        && text.split_whitespace().count() <= params::LEAD_IN_WORDS
        && doc.link_text_len[lead] == 0
        && rest > 0
        && doc.link_text_len[idx] * 10 >= rest * 8
}

fn is_byline(doc: &Doc<'_>, idx: NodeIdx) -> bool {
    std::iter::once(idx)
        .chain(doc.ancestors(idx).take(2))
        .any(|a| doc.facts[a].byline)
}

/// The story's headline: the first `<h1>` (else an `<h2>` that the `<title>` repeats) before or at the
/// top of the article. The reader leaves it out of the body (it shows the title).
pub fn headline(
    doc: &Doc<'_>,
    blocks: &[Block],
    features: &[Features],
    article: &ArticleRoots,
) -> Option<NodeIdx> {
    let first_root = *article.roots.first()?;
    let article_end = doc.nodes[*article.roots.last()?].end;
    let title = doc
        .find_tag("title")
        .map(|t| doc.text(t).to_lowercase())
        .unwrap_or_default();
    ["h1", "h2"].iter().find_map(|&level| {
        blocks
            .iter()
            .zip(features)
            .filter(|(b, f)| {
                doc.tag(b.node) == level
                    && b.node < article_end
                    && f.link_density < 0.5
                    && f.landmark.as_deref() != Some("nav")
            })
            .map(|(b, _)| b.node)
            .filter(|&n| level == "h1" || (n >= first_root && echoes_title(doc, &title, n)))
            // Counted in elements: whitespace between tags must not move the headline.
            .min_by_key(|&n| {
                doc.nodes[n]
                    .element_index
                    .abs_diff(doc.nodes[first_root].element_index)
            })
    })
}

/// An `<h2>` is the headline only when the page's `<title>` repeats it (as Readability's
/// `_headerDuplicatesTitle`): otherwise it is the story's first section heading.
fn echoes_title(doc: &Doc<'_>, title: &str, heading: NodeIdx) -> bool {
    let text = doc.text(heading).to_lowercase();
    !text.is_empty() && title.contains(text.trim())
}

/// Readability's `_cleanConditionally`: containers inside the story that look like furniture
/// (few commas, many links, images without text, forms). Marks every node of such a container.
fn conditionally_cleaned(doc: &Doc<'_>, article: &ArticleRoots, weight_classes: bool) -> Vec<bool> {
    let mut cleaned = vec![false; doc.nodes.len()];
    for &root in &article.roots {
        let end = doc.nodes[root].end;
        // A node's counts depend on its subtree only: the story's containers are all we count.
        let mut counts = vec![Counts::default(); end - root];
        for idx in (root..end).rev() {
            let mut c = counts[idx - root];
            match doc.nodes[idx].kind {
                // Script and style text is dropped with its element below: no need to count it.
                Kind::Text(_)
                    if doc.nodes[idx]
                        .parent
                        .is_some_and(|p| tags::is_uncounted(doc.tag(p))) => {}
                Kind::Text(t) => c.commas += t.matches(',').count() as u32,
                Kind::Element(e) => match e.name() {
                    "p" => c.p += 1,
                    "img" => c.img += 1,
                    "li" => c.li += 1,
                    "input" if e.attr("type") != Some("hidden") => c.input += 1,
                    "object" | "embed" | "iframe" => c.embed += 1,
                    tag if tags::is_heading(tag) => c.heading_text += doc.text_len[idx],
                    tag if tags::is_uncounted(tag) => c = Counts::default(),
                    _ => {}
                },
            }
            counts[idx - root] = c;
            if let Some(p) = doc.nodes[idx].parent.filter(|&p| p >= root) {
                let pc = &mut counts[p - root];
                pc.commas += c.commas;
                pc.p += c.p;
                pc.img += c.img;
                pc.li += c.li;
                pc.input += c.input;
                pc.embed += c.embed;
                pc.heading_text += c.heading_text;
            }
        }
        let mut idx = root + 1;
        while idx < end {
            if removes(doc, idx, &counts[idx - root], weight_classes) {
                cleaned[idx..doc.nodes[idx].end].fill(true);
                idx = doc.nodes[idx].end;
            } else {
                idx += 1;
            }
        }
    }
    cleaned
}

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    commas: u32,
    p: u32,
    img: u32,
    li: u32,
    input: u32,
    embed: u32,
    heading_text: u32,
}

fn removes(doc: &Doc<'_>, idx: NodeIdx, c: &Counts, weight_classes: bool) -> bool {
    let Some(e) = doc.element(idx) else {
        return false;
    };
    let tag = e.name();
    if tags::is_furniture(tag) {
        return true;
    }
    if !tags::is_cleanable(tag) {
        return false;
    }
    if tag == "table" && is_data_table(doc, idx) {
        return false;
    }
    // Readability turns a `<div>` of text without blocks into a paragraph before cleaning: a
    // short sentence in its own `<div>` is story unless it links elsewhere.
    if tag == "div" && doc.link_text_len[idx] == 0 && !has_block_inside(doc, idx) {
        return false;
    }
    if doc
        .ancestors(idx)
        .any(|a| matches!(doc.tag(a), "pre" | "code"))
    {
        return false;
    }
    let weight = if weight_classes {
        doc.facts[idx].names.cues.weight
    } else {
        0
    };
    if weight < 0 {
        return true;
    }
    if c.commas >= params::CLEAN_MIN_COMMAS {
        return false;
    }
    let in_figure = doc.ancestors(idx).any(|a| doc.tag(a) == "figure");
    let is_list = matches!(tag, "ul" | "ol");
    let p = c.p as f32;
    let img = c.img as f32;
    let li = c.li as f32 - 100.0;
    let content_len = doc.text_len[idx];
    let link_density = doc.link_density(idx);
    let heading_density = if content_len == 0 {
        0.0
    } else {
        c.heading_text as f32 / content_len as f32
    };
    (img > 1.0 && p / img < 0.5 && !in_figure)
        || (!is_list && li > p)
        || (c.input as f32 > (p / 3.0).floor())
        || (!is_list
            && heading_density < 0.9
            && content_len < 25
            && (c.img == 0 || c.img > 2)
            && !in_figure)
        || (!is_list && weight < 25 && link_density > 0.2)
        || (weight >= 25 && link_density > 0.5)
        || ((c.embed == 1 && content_len < 75) || c.embed > 1)
}

fn has_block_inside(doc: &Doc<'_>, idx: NodeIdx) -> bool {
    (idx + 1..doc.nodes[idx].end).any(|i| doc.element(i).is_some_and(|e| tags::is_block(e.name())))
}

/// Tables of data (with headers, captions, or many cells) are content, not layout.
fn is_data_table(doc: &Doc<'_>, idx: NodeIdx) -> bool {
    if doc.attr(idx, "role") == Some("presentation") {
        return false;
    }
    let mut rows = 0;
    for j in idx + 1..doc.nodes[idx].end {
        match doc.tag(j) {
            "th" | "caption" | "thead" | "colgroup" | "tfoot" => return true,
            "table" => return false,
            "tr" => rows += 1,
            _ => {}
        }
    }
    rows >= 10 || doc.attr(idx, "summary").is_some()
}
