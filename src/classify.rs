//! Labelling blocks: article, caption, promo, related-link (plus navigation, byline, other).
//!
//! Each rule is named, checked in order, and leaves its name in the block's `reasons` so a person
//! can see why a block got its label (the `www/` demo shows them). The thresholds sit in
//! [`params`] with the reason for their value.

use crate::article::{ArticleRoots, Flags};
use crate::cues;
use crate::dom::{Doc, Kind, NodeIdx};
use crate::features::{Features, Landmark};
use crate::keyed::KeyedMap;
use crate::segment::{Block, BlockKind};
use crate::tags;
use rustc_hash::FxHashMap as HashMap;
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
    /// From this share of linked text on, a line points somewhere: a "Read more" line, a
    /// menu-like row. Prose links a few words, well under it.
    pub const LINKED: f32 = 0.3;
    /// Three or more similar linked siblings make a grid or list of teasers.
    pub const CARD_SIBLINGS: u32 = 2;
    /// Look-alike siblings that make cards with linked headlines a feed of teasers.
    pub const TEASER_CARDS: u32 = 3;
    /// Prose this long with sentences keeps its label despite a promo-ish class around it.
    pub const PROSE_LEN: u32 = 200;
    /// Prose has at least this many sentence ends...
    pub const PROSE_MIN_SENTENCES: u32 = 2;
    /// ...and under this share of linked text.
    pub const PROSE_MAX_LINK_DENSITY: f32 = 0.25;
    /// A "Read more"-worded line this short is the pointer itself, linked or not ("Read more").
    pub const POINTER_LINE_LEN: u32 = 60;
    /// A byline is a name and a date: longer text with byline mark-up is an author box.
    pub const MAX_BYLINE_LEN: u32 = 100;
    /// A link this short outside the story is a menu item, not a teaser.
    pub const SHORT_LINK_LEN: u32 = 30;
    /// A sentence this long, without links, under content-like class names, is text to read even
    /// when a "related" class name sits further up.
    pub const UNLINKED_TEXT_LEN: u32 = 120;
    /// At most this many words in the bold lead-in of a "**Related reading:** <link>" line.
    pub const LEAD_IN_WORDS: usize = 4;
    /// The link after such a lead-in is (nearly) all the rest of the line: this many tenths.
    pub const LEAD_IN_LINKED_TENTHS: u32 = 8;
    /// Readability's conditional cleaning, with its values: containers with this many commas
    /// are kept as prose...
    pub const CLEAN_MIN_COMMAS: u32 = 10;
    /// ...list items beyond the paragraphs' count by this many make a non-list container a
    /// list of links...
    pub const CLEAN_LIST_ITEM_ALLOWANCE: f32 = 100.0;
    /// ...more than one image, and under this many paragraphs per image, is a gallery...
    pub const CLEAN_MIN_PARAGRAPHS_PER_IMAGE: f32 = 0.5;
    /// ...more inputs than a third of the paragraphs is a form...
    pub const CLEAN_PARAGRAPHS_PER_INPUT: f32 = 3.0;
    /// ...text under this length (not mostly headings, with none or several images) is a shell...
    pub const CLEAN_MIN_TEXT_LEN: u32 = 25;
    /// ...a container that is this much heading is a section title, kept...
    pub const CLEAN_HEADING_SHARE: f32 = 0.9;
    /// ...class weight under this, with more than the light link density, is furniture...
    pub const CLEAN_WEIGHT: i32 = 25;
    pub const CLEAN_LIGHT_LINK_DENSITY: f32 = 0.2;
    /// ...and with it, more than the heavy link density...
    pub const CLEAN_HEAVY_LINK_DENSITY: f32 = 0.5;
    /// ...one embed with text under this length is a player, more embeds a wall of them.
    pub const CLEAN_EMBED_TEXT_LEN: u32 = 75;
    /// A look-alike section this long is a part of the story, not a box beside it.
    pub const SECTION_MIN_LEN: u32 = 500;
    /// A box's title, or a teaser's date or author line, is short; longer text is read.
    pub const MAX_BOX_TITLE_LEN: u32 = 80;
    /// A sign-up or sales box's pitch is a few sentences; longer text is something to read.
    pub const MAX_BOX_BLURB_LEN: u32 = 300;
    /// How far above a short line the box of clutter it titles may start.
    pub const BOX_TITLE_LEVELS: usize = 4;
    /// A layout table has few rows; data tables this many or more.
    pub const DATA_TABLE_ROWS: u32 = 10;
    /// Two look-alike cards that each name a price and hold a button make a choice of plans or
    /// offers (one priced box alone may be a review's product box).
    pub const PRICE_CARDS: u32 = 2;
    /// Longest text of a price card: a plan's name, its price, a line and a button. A review's
    /// section about a product is longer.
    pub const MAX_PRICE_CARD_LEN: u32 = 300;
    /// How far above a line the box of price cards may start (line, card, box).
    pub const PRICE_BOX_LEVELS: usize = 4;
}

/// A rule of the cascade: the label it gives, how sure it is (from 0 to 1), and why, in words
/// (the demo and the CLI show the reason). Confidences rank the rules: 0.9 and up for a cue
/// that is seldom wrong (a caption beside its image, `<nav>`, promo wording), 0.7-0.8 for
/// structure and class names, 0.5-0.6 for what is left when nothing stronger spoke.
#[derive(Debug, PartialEq)]
pub struct Rule {
    pub label: Label,
    pub score: f32,
    pub reason: &'static str,
}

/// A block's decision is the rule that gave its label.
pub type Decision = &'static Rule;

const fn rule(label: Label, score: f32, reason: &'static str) -> Rule {
    Rule {
        label,
        score,
        reason,
    }
}

/// Every rule, grouped as [`decide`] tries them.
pub mod rules {
    use super::{rule, Label::*, Rule};

    // The story's own head.
    pub const HEADLINE: Rule = rule(Article, 0.9, "headline of the story");
    pub const LATER_COPY: Rule = rule(
        Other,
        0.8,
        "a later copy of the story, shown at another screen width",
    );
    pub const LEAD_PICTURE: Rule = rule(
        Article,
        0.8,
        "lead picture between the headline and the story",
    );

    // Empty slots and frames.
    pub const FRAME_IN_STORY: Rule = rule(Article, 0.5, "embedded frame inside the story");
    pub const EMPTY_SLOT: Rule = rule(Promo, 0.8, "empty slot or frame outside the story");

    // Images and players.
    pub const IMAGE_IN_CAPTION: Rule = rule(Caption, 0.6, "image inside a caption");
    pub const IMAGE_IN_PROMO: Rule = rule(Promo, 0.7, "image in a promo, author or comments box");
    pub const IMAGE_IN_STORY: Rule = rule(Article, 0.7, "image inside the story");
    pub const TEASER_IMAGE: Rule = rule(RelatedLink, 0.7, "image of a teaser card");
    pub const IMAGE_OUTSIDE: Rule = rule(Other, 0.5, "image outside the story");

    // Text, by what it says or sits in, wherever it is.
    pub const CAPTION: Rule = rule(Caption, 0.9, "caption next to an image");
    pub const IN_NAV: Rule = rule(Navigation, 0.9, "inside <nav>");
    pub const SHARE_BUTTON: Rule = rule(
        Promo,
        0.8,
        "share or follow button (a network's name as a link)",
    );
    pub const PROMO_WORDING: Rule = rule(
        Promo,
        0.9,
        "promo wording (listen, sign up, advertisement...)",
    );
    pub const READ_MORE: Rule = rule(
        RelatedLink,
        0.85,
        "\"read more\"-style link to another page",
    );
    pub const COMMENTS_OR_BIO: Rule = rule(
        Promo,
        0.7,
        "comments or author box: invites taking part, not the story",
    );
    pub const BYLINE: Rule = rule(Byline, 0.8, "byline or author mark-up");
    pub const PROMO_CLASS: Rule = rule(Promo, 0.75, "promo class name (ad, newsletter, share...)");
    pub const OWN_TEASER: Rule = rule(
        RelatedLink,
        0.7,
        "teaser card in a box of the site's own stories (named only \"promo\")",
    );
    pub const SITE_TEASER: Rule = rule(
        RelatedLink,
        0.7,
        "teaser card linking to the site's own pages, under an ad-like class name",
    );
    pub const RELATED_IN_PROMO_NAME: Rule = rule(
        RelatedLink,
        0.65,
        "box of links with a related name, nearer than the ad-like name around it",
    );
    pub const TEASER_CARD_IN_STORY: Rule = rule(
        RelatedLink,
        0.7,
        "teaser card (linked headline, look-alike siblings) inside the story",
    );

    // Text inside the story's containers.
    pub const HEADING_IN_STORY: Rule = rule(Article, 0.8, "heading inside the story");
    pub const LINK_LIST_IN_STORY: Rule = rule(RelatedLink, 0.75, "list of links inside the story");
    pub const LEAD_IN_LINK: Rule = rule(
        RelatedLink,
        0.75,
        "bold lead-in and a link (\"Related reading: ...\") inside the story",
    );
    pub const PROSE_IN_STORY: Rule = rule(Article, 0.95, "inside the story's container");
    pub const TEXT_IN_STORY: Rule = rule(Article, 0.7, "inside the story's container");

    // Text in a container of the story that Readability's conditional cleaning removed.
    pub const FORM_IN_STORY: Rule = rule(Promo, 0.6, "form or comments inside the story");
    pub const NAV_CLASS_IN_STORY: Rule =
        rule(Navigation, 0.6, "navigation class name inside the story");
    pub const RELATED_BOX_IN_STORY: Rule = rule(RelatedLink, 0.6, "related box inside the story");
    pub const AD_BOX: Rule = rule(Promo, 0.6, "link in a box that an ad label heads");
    pub const PROMO_BOX_TITLE: Rule = rule(Promo, 0.6, "title or date line of a promo box");
    pub const RELATED_BOX_TITLE: Rule =
        rule(RelatedLink, 0.6, "title or date line of a box of links");
    pub const BOX_IN_STORY: Rule = rule(Other, 0.5, "box inside the story that is not prose");
    pub const PRICE_CARD: Rule = rule(
        Promo,
        0.6,
        "line of a box of look-alike price cards (plans or offers with a button)",
    );

    // Text outside the story.
    pub const HEADER_FOOTER: Rule = rule(Navigation, 0.7, "in the page header/footer");
    pub const EMAIL_FORM: Rule = rule(
        Promo,
        0.6,
        "form asking for an email (sign-up, request for contact) outside the story",
    );
    pub const EMAIL_FIELDS: Rule = rule(
        Promo,
        0.55,
        "line of a box of fields asking for an email (no form) outside the story",
    );
    pub const SITE_FORM: Rule = rule(Navigation, 0.6, "search or login form outside the story");
    pub const ACCOUNT: Rule = rule(Navigation, 0.6, "log-in or account line outside the story");
    pub const IN_PAGE_LINKS: Rule = rule(Navigation, 0.7, "links to places within the page");
    pub const NAV_CLASS: Rule = rule(Navigation, 0.7, "navigation class name");
    pub const TEASERS_OUTSIDE: Rule = rule(
        RelatedLink,
        0.7,
        "teaser or list of links outside the story",
    );
    pub const SHORT_LINK: Rule = rule(Navigation, 0.5, "short link outside the story");
    pub const MENU_TILE: Rule = rule(
        Navigation,
        0.6,
        "tile of a category menu (many look-alike short links) outside the story",
    );
    pub const LINK_OUTSIDE: Rule = rule(RelatedLink, 0.55, "link outside the story");
    pub const REPEATED_CARD: Rule = rule(RelatedLink, 0.55, "repeated card outside the story");
    pub const OUTSIDE: Rule = rule(Other, 0.5, "outside the story");
}

/// Where the story is, as the classifier needs it.
pub struct Story<'s> {
    pub roots: &'s ArticleRoots,
    /// The story's headline block ([`headline`]).
    pub headline: Option<NodeIdx>,
    /// Between the headline and the story's first container, where sites put the lead picture
    /// ([`crate::article::lead_span`]).
    pub lead: Option<Range<NodeIdx>>,
    /// Nodes inside a later copy of the story ([`crate::copies::later_copies`]), found once per
    /// page, not once per attempt.
    pub copies: &'s [bool],
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
    let mut decisions: Vec<Decision> = blocks
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
            let decision = decide(
                doc,
                b,
                f,
                &cleaned,
                story.headline == Some(b.node),
                lead_image,
            );
            // Clutter in a copy is hidden like any other; the story is read once.
            if story.copies[b.node] && decision.label.is_story() {
                &rules::LATER_COPY
            } else {
                decision
            }
        })
        .collect();
    label_price_cards(doc, blocks, features, &mut decisions);
    label_box_titles(doc, blocks, features, &mut decisions);
    label_ad_boxes(doc, blocks, &mut decisions);
    decisions
}

/// A box of look-alike cards that each name a price and hold a button or link ("Monthly $39
/// Get Started", "Annual $399 Save 15%") offers plans or products to buy: a pitch, wherever it
/// sits. Its lines that no rule kept (a plan's name, its price, "Save 15%") join the pitch.
/// Only lines labelled `other` move: a review's own words about a price stay the story's.
fn label_price_cards(
    doc: &Doc<'_>,
    blocks: &[Block],
    features: &[Features],
    decisions: &mut [Decision],
) {
    let mut boxes: HashMap<NodeIdx, bool> = HashMap::default();
    for ((b, f), d) in blocks.iter().zip(features).zip(decisions.iter_mut()) {
        if !(d.label == Label::Other || std::ptr::eq(*d, &rules::REPEATED_CARD)) || is_prose(f) {
            continue;
        }
        let in_box = doc
            .ancestors(b.node)
            .take(params::PRICE_BOX_LEVELS)
            .any(|a| *boxes.entry(a).or_insert_with(|| holds_price_cards(doc, a)));
        if in_box {
            *d = &rules::PRICE_CARD;
        }
    }
}

/// Two or more children of one tag each short, holding a link or button, naming a price and
/// linking nowhere inside the page, and they are at least half of that tag's children that
/// hold a link or button.
fn holds_price_cards(doc: &Doc<'_>, idx: NodeIdx) -> bool {
    if doc.text_len[idx] > crate::features::params::MAX_PROMO_WIDGET_LEN {
        return false;
    }
    let acts = |c: NodeIdx| (c..doc.nodes[c].end).any(|i| matches!(doc.tag(i), "a" | "button"));
    let jumps_in_page = |c: NodeIdx| {
        (c..doc.nodes[c].end).any(|i| {
            doc.tag(i) == "a"
                && doc
                    .attr(i, "href")
                    .is_some_and(|h| h.trim_start().starts_with('#'))
        })
    };
    let mut per_tag: Vec<(&str, u32, u32)> = Vec::new();
    for c in doc.element_children(idx) {
        if !acts(c) {
            continue;
        }
        // A card that links into the page is an entry of a table of contents (a buying guide's
        // list of its picks), which is navigation, whatever its prices.
        let priced = doc.text_len[c] <= params::MAX_PRICE_CARD_LEN
            && !jumps_in_page(c)
            && cues::names_price(&doc.text(c));
        let tag = doc.tag(c);
        match per_tag.iter_mut().find(|(t, _, _)| *t == tag) {
            Some(entry) => {
                entry.1 += 1;
                entry.2 += u32::from(priced);
            }
            None => per_tag.push((tag, 1, u32::from(priced))),
        }
    }
    per_tag
        .iter()
        .any(|&(_, cards, priced)| priced >= params::PRICE_CARDS && priced * 2 >= cards)
}

/// A line outside the story that only `other` or `byline` rules spoke for, which may belong to
/// the box of clutter around it.
#[derive(Clone, Copy, PartialEq)]
enum BoxLine {
    /// A title, date or author line: short, no sentence. Joins a box of promos or of links.
    Title,
    /// A few sentences ("Abonnez-vous à Libération", a sales pitch, a form's help text). Joins
    /// only a box of promos: beside teasers it may be a summary of the story itself.
    Blurb,
}

fn box_line(f: &Features, decision: Decision) -> Option<BoxLine> {
    if !matches!(decision.label, Label::Other | Label::Byline) || f.in_article {
        return None;
    }
    if f.text_len <= params::MAX_BOX_TITLE_LEN && f.sentence_ends == 0 {
        Some(BoxLine::Title)
    } else if decision.label == Label::Other && f.text_len <= params::MAX_BOX_BLURB_LEN {
        Some(BoxLine::Blurb)
    } else {
        None
    }
}

/// A box of teasers or promos is hidden whole only when nothing in it is kept, so its title
/// ("Features & Analysis"), its teasers' dates and authors, or a sign-up box's pitch would stay
/// behind on the page, alone. Such a line takes the label of the clutter around it: the nearest
/// ancestor that holds clutter, within a few levels, holding nothing else but such lines (and
/// no pitch where it holds links: see [`BoxLine::Blurb`]). One promo is enough when it is text
/// (a "Sign up" button, an "Advertisement" label) and the box holds no links elsewhere; an empty
/// frame alone is too little (an embedded video's heading is not a promo's).
fn label_box_titles(
    doc: &Doc<'_>,
    blocks: &[Block],
    features: &[Features],
    decisions: &mut [Decision],
) {
    let n = doc.nodes.len();
    // Per node, the blocks below it: promos (and those of them that are text), related links,
    // pitches, and the others.
    let mut promo = vec![0u32; n];
    let mut promo_text = vec![0u32; n];
    let mut related = vec![0u32; n];
    let mut blurbs = vec![0u32; n];
    let mut kept = vec![0u32; n];
    for ((b, f), &d) in blocks.iter().zip(features).zip(decisions.iter()) {
        match (d.label, box_line(f, d)) {
            (Label::Promo, _) => {
                promo[b.node] += 1;
                promo_text[b.node] += u32::from(b.kind == BlockKind::Text);
            }
            (Label::RelatedLink, _) => related[b.node] += 1,
            (_, Some(BoxLine::Title)) => {}
            (_, Some(BoxLine::Blurb)) => blurbs[b.node] += 1,
            _ => kept[b.node] += 1,
        }
    }
    for counts in [
        &mut promo,
        &mut promo_text,
        &mut related,
        &mut blurbs,
        &mut kept,
    ] {
        doc.sum_subtrees(counts);
    }
    for ((b, f), d) in blocks.iter().zip(features).zip(decisions.iter_mut()) {
        if box_line(f, d).is_none() {
            continue;
        }
        let around = doc
            .ancestors(b.node)
            .take(params::BOX_TITLE_LEVELS)
            .find(|&a| promo[a] + related[a] >= 2 || (promo_text[a] >= 1 && related[a] == 0));
        let fits = |a: NodeIdx| {
            let promos_only = related[a] == 0;
            kept[a] == 0
                && (blurbs[a] == 0 || promos_only)
                // A byline beside share buttons is the story's; beside teasers, a teaser's.
                && (d.label != Label::Byline || promo[a] == 0)
        };
        if let Some(a) = around.filter(|&a| fits(a)) {
            *d = if promo[a] > related[a] {
                &rules::PROMO_BOX_TITLE
            } else {
                &rules::RELATED_BOX_TITLE
            };
        }
    }
}

/// A box that an ad label heads ("Anzeige" or "Paid Partner" over a list of links) is an
/// advertiser's: its links are text ads, not the site's teasers. The label must come first
/// (an "Advertisement" line after a box of teasers is the next slot's) and the box must hold
/// nothing but clutter, a few levels up at most, and no ad slot or frame: there the label is
/// the slot's own, in a grid of teasers.
fn label_ad_boxes(doc: &Doc<'_>, blocks: &[Block], decisions: &mut [Decision]) {
    if !blocks
        .iter()
        .zip(decisions.iter())
        .any(|(b, d)| d.label == Label::Promo && cues::is_ad_label(&b.text))
    {
        return;
    }
    let n = doc.nodes.len();
    // Per node: the first ad label inside it (by position), and the blocks kept or slots.
    let mut first_label = vec![NodeIdx::MAX; n];
    let mut kept = vec![0u32; n];
    for (b, d) in blocks.iter().zip(decisions.iter()) {
        if b.kind == BlockKind::Slot {
            kept[b.node] += 1;
        } else if d.label == Label::Promo && cues::is_ad_label(&b.text) {
            first_label[b.node] = first_label[b.node].min(b.node);
        } else if !d.label.is_clutter() {
            kept[b.node] += 1;
        }
    }
    for idx in (0..n).rev() {
        if let Some(p) = doc.nodes[idx].parent {
            first_label[p] = first_label[p].min(first_label[idx]);
        }
    }
    doc.sum_subtrees(&mut kept);
    for (b, d) in blocks.iter().zip(decisions.iter_mut()) {
        if d.label != Label::RelatedLink {
            continue;
        }
        let headed = doc
            .ancestors(b.node)
            .take(params::BOX_TITLE_LEVELS)
            .find(|&a| first_label[a] != NodeIdx::MAX)
            .is_some_and(|a| first_label[a] < b.node && kept[a] == 0);
        if headed {
            *d = &rules::AD_BOX;
        }
    }
}

fn is_prose(f: &Features) -> bool {
    f.text_len >= params::PROSE_LEN
        && f.link_density < params::PROSE_MAX_LINK_DENSITY
        && f.sentence_ends >= params::PROSE_MIN_SENTENCES
}

/// The cascade: the story's head first, then by the kind of block; a text block by its cues
/// wherever it sits, else by where it sits (in the story, in a part of it that Readability's
/// cleaning removed, or outside it).
fn decide(
    doc: &Doc<'_>,
    b: &Block,
    f: &Features,
    cleaned: &[bool],
    is_headline: bool,
    lead_image: bool,
) -> Decision {
    if is_headline {
        return &rules::HEADLINE;
    }
    if lead_image {
        return &rules::LEAD_PICTURE;
    }
    match b.kind {
        BlockKind::Slot => slot(f),
        BlockKind::Media => media(f, cleaned[b.node]),
        BlockKind::Text => {
            by_cue(doc, b.node, f).unwrap_or_else(|| match (f.in_article, cleaned[b.node]) {
                (true, false) => in_story(doc, b.node, f),
                (true, true) => cleaned_from_story(f),
                (false, _) => outside_story(f),
            })
        }
    }
}

fn slot(f: &Features) -> Decision {
    if f.in_article && !f.class.promo {
        &rules::FRAME_IN_STORY
    } else {
        &rules::EMPTY_SLOT
    }
}

fn media(f: &Features, cleaned: bool) -> Decision {
    if f.in_figcaption {
        &rules::IMAGE_IN_CAPTION
    } else if (f.class.promo && !f.in_figure && (f.in_link || !is_own_embed(f)))
        || (!f.in_article && (f.class.bio || f.class.comment))
    {
        &rules::IMAGE_IN_PROMO
    } else if f.in_article && !cleaned {
        &rules::IMAGE_IN_STORY
    } else if f.card_siblings >= params::CARD_SIBLINGS || f.class.related {
        &rules::TEASER_IMAGE
    } else {
        &rules::IMAGE_OUTSIDE
    }
}

/// What a text block says or sits in decides, wherever it is; `None` when nothing does.
fn by_cue(doc: &Doc<'_>, node: NodeIdx, f: &Features) -> Option<Decision> {
    let prose = is_prose(f);
    if (f.in_figcaption || f.class.caption || f.text.caption)
        && (f.in_figure || f.near_media || f.text.caption)
        && !f.heading
        && f.text_len <= params::MAX_CAPTION_LEN
        && !links_to_a_page(doc, node, f.words)
    {
        return Some(&rules::CAPTION);
    }
    if f.landmark == Some(Landmark::Nav) && !f.in_article {
        return Some(&rules::IN_NAV);
    }
    // In the site's menus and header or footer, a network's link is the site's own "follow us"
    // navigation, part of the page's frame.
    if f.text.share_target
        && f.link_density > params::LINK_DENSE
        && !f.class.navigation
        && !matches!(
            f.landmark,
            Some(Landmark::Nav | Landmark::Header | Landmark::Footer)
        )
    {
        return Some(&rules::SHARE_BUTTON);
    }
    // A site menu's "Subscribe" or "Newsletter" item is part of the menu.
    let menu_item = f.class.menu && f.link_density > params::LINKED;
    let try_offer = f.text.try_offer && f.link_density > params::LINK_DENSE;
    if (f.text.promo || try_offer) && !prose && !menu_item {
        return Some(&rules::PROMO_WORDING);
    }
    let related_text = (f.text.related
        && (f.link_density > params::LINKED || f.text_len < params::POINTER_LINE_LEN))
        || (f.text.teaser_tag && f.link_density > params::LINKED);
    // A menu's "See all recipes" is the menu's own item, unless a related name sits nearer.
    let menu_own = menu_item && f.menu_over_related;
    if related_text && !prose && !f.class.promo && !menu_own {
        return Some(&rules::READ_MORE);
    }
    // Headlines linked under a comments name and a related one ("most commented", an
    // opinion section's list) point to other stories; a short "Sign in", "Next" is the thread's.
    let commented_stories = f.class.related
        && f.link_density > params::LINK_DENSE
        && f.text_len > params::SHORT_LINK_LEN;
    if !f.in_article && (f.class.comment || f.class.bio) && !commented_stories {
        return Some(&rules::COMMENTS_OR_BIO);
    }
    if is_byline(doc, node) && f.text_len < params::MAX_BYLINE_LEN {
        return Some(&rules::BYLINE);
    }
    if is_own_teaser(f) {
        return Some(&rules::OWN_TEASER);
    }
    // An item of the page's header or footer menu is the menu's, whatever the box's name,
    // unless it says it sells (a call to sign up) or follows (a network's name).
    let frame_menu_item = menu_item
        && !f.text.promo
        && !f.text.share_target
        && matches!(f.landmark, Some(Landmark::Header | Landmark::Footer));
    if f.class.promo && !prose && !f.class.caption && !frame_menu_item && !is_own_embed(f) {
        return Some(if is_site_teaser(f) {
            &rules::SITE_TEASER
        } else if f.related_over_promo && promo_name_may_be_layout(f) {
            &rules::RELATED_IN_PROMO_NAME
        } else {
            &rules::PROMO_CLASS
        });
    }
    if f.in_article && f.card_siblings >= params::TEASER_CARDS && f.card_headline_link {
        return Some(&rules::TEASER_CARD_IN_STORY);
    }
    None
}

/// Unlinked text in the story, in a box with pictures that only the bare word "promo" names:
/// the site's own embed (a photo gallery's "promo stub", its controls and blurb), part of the
/// story's pictures, not a pitch. A linked line there is a pointer, and a box without pictures
/// (a "Listen live" box in a live blog) is a pitch.
fn is_own_embed(f: &Features) -> bool {
    f.in_article && !f.class.sells && f.link_density == 0.0 && f.promo_box_media
}

/// A card among look-alike cards, linked, in a box that only the bare word "promo" names: a
/// site promoting its own stories (BBC's `top-stories-promo`), which sells nothing.
fn is_own_teaser(f: &Features) -> bool {
    f.class.promo && !f.class.sells && is_teaser_card(f)
}

/// A promo name that may be a layout's (a column, a slot that also holds the ads) rather than
/// the block's: not a sponsor's or a paid network's, and the block's own words neither call to
/// act nor name a network.
fn promo_name_may_be_layout(f: &Features) -> bool {
    !f.class.paid && !f.text.promo && !f.text.share_target
}

/// A teaser card under such a name that leads to another page of the site: ads lead elsewhere.
fn is_site_teaser(f: &Features) -> bool {
    is_teaser_card(f) && f.site_link && promo_name_may_be_layout(f)
}

/// A card among look-alike cards that is, or sits in, a link.
fn is_teaser_card(f: &Features) -> bool {
    f.card_siblings >= params::CARD_SIBLINGS && (f.in_link || f.link_density > params::LINK_DENSE)
}

fn in_story(doc: &Doc<'_>, node: NodeIdx, f: &Features) -> Decision {
    if f.heading {
        return &rules::HEADING_IN_STORY;
    }
    let dense = f.link_density > params::LINK_DENSE;
    if dense && f.class.related {
        return &rules::LINK_LIST_IN_STORY;
    }
    if dense && is_lead_in_link(doc, node) {
        return &rules::LEAD_IN_LINK;
    }
    if is_prose(f) {
        &rules::PROSE_IN_STORY
    } else {
        &rules::TEXT_IN_STORY
    }
}

/// Inside the story, in a container that Readability's conditional cleaning removed.
fn cleaned_from_story(f: &Features) -> Decision {
    if f.landmark == Some(Landmark::Form) || f.class.comment {
        &rules::FORM_IN_STORY
    } else if f.in_page_links {
        &rules::IN_PAGE_LINKS
    } else if f.class.navigation
        && (f.menu_over_related || !f.class.related)
        && f.link_density > params::LINKED
    {
        &rules::NAV_CLASS_IN_STORY
    } else if f.class.related {
        &rules::RELATED_BOX_IN_STORY
    } else {
        &rules::BOX_IN_STORY
    }
}

fn outside_story(f: &Features) -> Decision {
    match f.landmark {
        Some(Landmark::Header | Landmark::Footer) => return &rules::HEADER_FOOTER,
        // A form that asks for an email and no password signs the reader up or asks them to
        // get in touch, whatever its class or wording.
        Some(Landmark::Form) if f.asks_email => return &rules::EMAIL_FORM,
        // Sign-up forms were caught by their class or wording; what is left is the site's own
        // tools (search, log in).
        Some(Landmark::Form) => return &rules::SITE_FORM,
        _ => {}
    }
    if f.in_page_links {
        return &rules::IN_PAGE_LINKS;
    }
    if f.text.account {
        return &rules::ACCOUNT;
    }
    // A menu's items, and its short unlinked heading ("About" over a footer menu).
    let menu_heading = f.class.menu && f.text_len < params::SHORT_LINK_LEN;
    if f.class.navigation
        && (f.menu_over_related || !f.class.related)
        && (f.link_density > params::LINKED || menu_heading)
    {
        return &rules::NAV_CLASS;
    }
    // Unlinked sentences under content-like class names: a "related" word further up does not
    // make the story's own text a pointer elsewhere.
    let unlinked_text = f.link_density == 0.0
        && f.sentence_ends >= 1
        && f.text_len >= params::UNLINKED_TEXT_LEN
        && f.class.weight > 0;
    let related_class = f.class.related && !unlinked_text;
    if f.link_density > params::LINK_DENSE || related_class {
        // A grid of section names is the site's menu, unless a related name calls it a box of
        // topics.
        return if f.menu_tile && !f.class.related {
            &rules::MENU_TILE
        } else if f.card_siblings >= 1 || related_class || f.group_link_density > params::LINK_DENSE
        {
            &rules::TEASERS_OUTSIDE
        } else if f.text_len < params::SHORT_LINK_LEN {
            &rules::SHORT_LINK
        } else {
            &rules::LINK_OUTSIDE
        };
    }
    // Paragraphs of prose inside look-alike sections (a review's one section per product) are
    // read, not followed: a teaser card holds a headline and a line or two.
    if f.card_siblings >= params::CARD_SIBLINGS && !is_prose(f) {
        return &rules::REPEATED_CARD;
    }
    // A box of fields without a form that asks for an email (a contact box posted by script):
    // its labels, heading and help text that nothing else spoke for are the pitch's.
    if f.asks_email {
        return &rules::EMAIL_FIELDS;
    }
    &rules::OUTSIDE
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
        && doc.link_text_len[idx] * 10 >= rest * params::LEAD_IN_LINKED_TENTHS
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
                    && f.link_density < params::LINK_DENSE
                    && f.landmark != Some(Landmark::Nav)
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
        let mut classes = SiblingClasses::default();
        // Inside a review section (see `is_review_section`) its parts share its chrome word.
        let mut section_end = idx;
        while idx < end {
            let c = &counts[idx - root];
            let opens_section = idx >= section_end && is_review_section(doc, idx, c, &mut classes);
            let in_section = idx < section_end || opens_section;
            if removes(doc, idx, c, weight_classes, in_section, &mut classes) {
                cleaned[idx..doc.nodes[idx].end].fill(true);
                idx = doc.nodes[idx].end;
            } else {
                if opens_section {
                    section_end = doc.nodes[idx].end;
                }
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

fn removes<'a>(
    doc: &Doc<'a>,
    idx: NodeIdx,
    c: &Counts,
    weight_classes: bool,
    in_section: bool,
    classes: &mut SiblingClasses<'a>,
) -> bool {
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
    if is_headed_section(doc, idx, c, classes) {
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
    if weight < 0 && !in_section {
        return true;
    }
    if c.commas >= params::CLEAN_MIN_COMMAS {
        return false;
    }
    let in_figure = doc.ancestors(idx).any(|a| doc.tag(a) == "figure");
    let is_list = matches!(tag, "ul" | "ol");
    let p = c.p as f32;
    let img = c.img as f32;
    let li = c.li as f32 - params::CLEAN_LIST_ITEM_ALLOWANCE;
    let content_len = doc.text_len[idx];
    let link_density = doc.link_density(idx);
    let heading_density = if content_len == 0 {
        0.0
    } else {
        c.heading_text as f32 / content_len as f32
    };
    (img > 1.0 && p / img < params::CLEAN_MIN_PARAGRAPHS_PER_IMAGE && !in_figure)
        || (!is_list && li > p)
        || (c.input as f32 > (p / params::CLEAN_PARAGRAPHS_PER_INPUT).floor())
        || (!is_list
            && heading_density < params::CLEAN_HEADING_SHARE
            && content_len < params::CLEAN_MIN_TEXT_LEN
            && (c.img == 0 || c.img > 2)
            && !in_figure)
        || (!is_list
            && weight < params::CLEAN_WEIGHT
            && link_density > params::CLEAN_LIGHT_LINK_DENSITY)
        || (weight >= params::CLEAN_WEIGHT && link_density > params::CLEAN_HEAVY_LINK_DENSITY)
        || ((c.embed == 1 && content_len < params::CLEAN_EMBED_TEXT_LEN) || c.embed > 1)
}

/// One of several look-alike sections of prose (a review's box per product): a chrome word in
/// its class name ("widget") does not make the story's own text furniture.
fn is_review_section<'a>(
    doc: &Doc<'a>,
    idx: NodeIdx,
    c: &Counts,
    classes: &mut SiblingClasses<'a>,
) -> bool {
    c.p >= 2
        && doc.link_density(idx) < params::PROSE_MAX_LINK_DENSITY
        && is_look_alike_section(doc, idx, classes)
}

/// One of several look-alike sections that each open with their own (unlinked) heading over
/// prose: a listicle's item. Its links ("More on ...") do not make the item furniture; its
/// parts are judged one by one.
fn is_headed_section<'a>(
    doc: &Doc<'a>,
    idx: NodeIdx,
    c: &Counts,
    classes: &mut SiblingClasses<'a>,
) -> bool {
    let unlinked_heading = || {
        (idx + 1..doc.nodes[idx].end).any(|i| {
            tags::is_heading(doc.tag(i)) && doc.text_len[i] > 0 && doc.link_text_len[i] == 0
        })
    };
    c.p >= 1 && is_look_alike_section(doc, idx, classes) && unlinked_heading()
}

/// A long box with the class of at least two of its siblings, not named as clutter (promo,
/// related, comments, author, navigation).
fn is_look_alike_section<'a>(
    doc: &Doc<'a>,
    idx: NodeIdx,
    classes: &mut SiblingClasses<'a>,
) -> bool {
    let cues = doc.facts[idx].names.cues;
    !(cues.promo || cues.related || cues.comment || cues.bio || cues.navigation)
        && doc.text_len[idx] >= params::SECTION_MIN_LEN
        && classes.others_like(doc, idx) >= params::CARD_SIBLINGS
}

/// How many children of a parent carry each class value, counted once per parent: asking it
/// of every child must not walk all its siblings each time.
#[derive(Default)]
struct SiblingClasses<'a> {
    by_parent: HashMap<NodeIdx, KeyedMap<&'a str, u32>>,
}

impl<'a> SiblingClasses<'a> {
    /// Siblings of `idx` with its (non-empty) class; 0 without one.
    fn others_like(&mut self, doc: &Doc<'a>, idx: NodeIdx) -> u32 {
        let (Some(parent), Some(class)) = (
            doc.nodes[idx].parent,
            doc.attr(idx, "class").filter(|c| !c.trim().is_empty()),
        ) else {
            return 0;
        };
        let counts = self.by_parent.entry(parent).or_insert_with(|| {
            let mut counts = KeyedMap::with_hasher(doc.hash_key);
            for class in doc
                .element_children(parent)
                .filter_map(|s| doc.attr(s, "class"))
            {
                *counts.entry(class).or_insert(0) += 1;
            }
            counts
        });
        counts.get(class).map_or(0, |n| n - 1)
    }
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
    rows >= params::DATA_TABLE_ROWS || doc.attr(idx, "summary").is_some()
}

#[cfg(test)]
mod tests {
    use crate::{analyze, Label, Options};

    const PROSE: &str = "The dishwasher cleaned every load we tried, from baked-on lasagne to \
        dried oatmeal, and it did so quietly, at 42 decibels, which makes it one of the quietest \
        models we have tested in our lab this year.";

    const REVIEW: &str = "Our tester ran it twice a day for a month, with hard water, cheap \
        detergent and pans left overnight, and it never needed a second cycle.";

    #[test]
    fn look_alike_review_boxes_named_widget_stay_in_the_story() {
        let review = format!(
            "<div class=product-widget><div class=product-widget__body><h3>Best overall</h3>\
             <p>{REVIEW}</p><p>{REVIEW}</p><p>{REVIEW}</p><p>{REVIEW}</p>\
             <p><a href=/review>Read our full review.</a></p>\
             </div></div>"
        );
        let src = format!(
            "<html><body><article><h1>The best dishwashers of the year</h1>\
             {}{}</article></body></html>",
            format!("<p>{PROSE}</p>").repeat(4),
            review.repeat(3)
        );
        let in_boxes: Vec<Label> =
            labels_where(&src, &Options::default(), |t| t.starts_with("Our tester"));
        assert_eq!(in_boxes, [Label::Article; 12]);
    }

    #[test]
    fn a_listicle_item_with_its_own_links_keeps_its_prose() {
        let item = |n: u32| {
            format!(
                "<div class=hub-item><div class=hub-item__content><h2>{n}. School number {n}</h2>\
                 <div><p>{REVIEW}</p></div><p>{REVIEW}</p><p>{REVIEW}</p></div>\
                 <div class=hub-item__links>More on it: <a href=/a{n}>Essay guide for this \
                 school</a> <a href=/b{n}>Interview questions and answers</a> \
                 <a href=/c{n}>Class profile and statistics</a> <a href=/d{n}>Scholarships \
                 and fellowships</a> <a href=/e{n}>Deadlines for every round</a></div></div>"
            )
        };
        let src = format!(
            "<html><body><article><h1>The best business schools</h1>{}{}</article></body></html>",
            format!("<p>{PROSE}</p>").repeat(4),
            (1..=4).map(item).collect::<String>()
        );
        let in_items: Vec<Label> =
            labels_where(&src, &Options::default(), |t| t.starts_with("Our tester"));
        assert_eq!(in_items, [Label::Article; 12]);
    }

    /// A box of plans after the story: each card a name, a price, a line and a button. With
    /// `look_alike`, the cards share one class (a grid of repeated cards); else each has its own.
    fn plan_box(card_href: &str, look_alike: bool) -> String {
        let card = |(name, price, line): (&str, &str, &str)| {
            let class = if look_alike { "card" } else { name };
            format!(
                "<div class={class}><p class=card-title>{name}</p><p>{price}</p><p>{line}</p>\
                 <a href={card_href}>Get Started</a></div>"
            )
        };
        let cards: String = [
            ("Monthly", "$39", "Totals $468 per year"),
            ("Starter", "$30", "for 3 months, then $399/year"),
            ("Annual", "$399", "Save 15%"),
        ]
        .into_iter()
        .map(card)
        .collect();
        format!(
            "<html><body><article><h1>The hospital merger nobody wanted</h1>{}</article>\
             <div class=breaker><div class=cards>{cards}</div></div></body></html>",
            format!("<p>{PROSE}</p>").repeat(5)
        )
    }

    fn plan_lines(src: &str) -> Vec<Label> {
        labels_where(src, &Options::default(), |t| {
            ["Monthly", "$399", "Save 15%"].contains(&t)
        })
    }

    #[test]
    fn price_cards_with_buttons_are_a_promo() {
        assert_eq!(
            plan_lines(&plan_box("/subscribe", false)),
            [Label::Promo; 3]
        );
    }

    #[test]
    fn repeated_price_cards_outside_the_story_are_a_promo_not_teasers() {
        assert_eq!(plan_lines(&plan_box("/subscribe", true)), [Label::Promo; 3]);
    }

    #[test]
    fn priced_cards_that_jump_within_the_page_are_no_price_box() {
        let labels = plan_lines(&plan_box("#pick", false));
        assert_eq!(labels.len(), 3);
        assert!(labels.iter().all(|&l| l != Label::Promo), "{labels:?}");
    }

    #[test]
    fn prices_in_the_story_text_stay_the_story() {
        let para = |n: u32| {
            format!(
                "<div class=pick><h3>Pick number {n}</h3><p>{REVIEW} At $39 a month it costs \
                 less than the rest, and $399 a year buys the whole of it.</p>\
                 <p><a href=/shop{n}>See it</a></p></div>"
            )
        };
        let src = format!(
            "<html><body><article><h1>The best meal kits</h1>{}{}</article></body></html>",
            format!("<p>{PROSE}</p>").repeat(3),
            (1..=3).map(para).collect::<String>()
        );
        let reviews: Vec<Label> = labels_where(&src, &Options::default(), |t| {
            t.starts_with("Our tester") || t.starts_with("Pick number")
        });
        assert_eq!(reviews, [Label::Article; 6]);
    }

    /// The labels of `lines` on a page whose story is followed by `box_html`.
    fn labels_after_story(box_html: &str, lines: &[&str]) -> Vec<Label> {
        let src = format!(
            "<html><body><article><h1>How we moved our servers</h1>{}</article>{box_html}\
             </body></html>",
            format!("<p>{PROSE}</p>").repeat(5)
        );
        labels_where(&src, &Options::default(), |t| lines.contains(&t))
    }

    const FIELDS: &str = "<div class=row><div><p>Full Name</p><input name=txtname></div>\
        <div><p>Work address</p><input name=txtemail></div>\
        <div><p>Tell us about your project</p><textarea name=msg></textarea></div>\
        <button>Send</button></div>";

    #[test]
    fn a_box_of_fields_asking_for_an_email_without_a_form_is_a_promo() {
        let contact = format!("<section><h2>Work with us</h2>{FIELDS}</section>");
        let lines = ["Work with us", "Full Name", "Work address"];
        assert_eq!(labels_after_story(&contact, &lines), [Label::Promo; 3]);
    }

    #[test]
    fn a_footer_box_around_a_sign_up_form_keeps_its_other_lines() {
        let footer = "<div class=site-end><p>Registered in Nowhere, company number 123456, \
             all of it ours</p><form><input type=email name=email><button>Go</button></form>\
             </div>";
        let labels = labels_after_story(
            footer,
            &["Registered in Nowhere, company number \
             123456, all of it ours"],
        );
        assert_eq!(labels, [Label::Other]);
    }

    /// A sidebar box of linked cards under `name`, beside a story.
    fn sidebar_cards(name: &str) -> Vec<Label> {
        let card = |n: u32| {
            format!(
                "<a class={name}-story href=/news/{n}><h3>Story number {n}</h3>\
                 <p>What happened next in the story number {n}</p></a>"
            )
        };
        let src = format!(
            "<html><body><article><h1>A story</h1>{}</article>\
             <div class={name}><h2>Top Stories</h2>{}</div></body></html>",
            format!("<p>{PROSE}</p>").repeat(4),
            (1..=4).map(card).collect::<String>()
        );
        labels_where(&src, &Options::default(), |t| {
            t.starts_with("What happened")
        })
    }

    #[test]
    fn a_box_of_the_site_s_own_stories_named_promo_is_related_links() {
        assert_eq!(sidebar_cards("top-stories-promo"), [Label::RelatedLink; 4]);
        // An ad's name says the cards are paid for.
        assert_eq!(sidebar_cards("sponsored-promo"), [Label::Promo; 4]);
    }

    #[test]
    fn teaser_cards_to_the_site_s_own_pages_under_an_ad_named_column_are_related_links() {
        let labels = |href: &str| {
            let card = |n: u32| {
                format!(
                    "<div class=card><a href={href}{n}><img src=/t{n}.jpg>\
                     <p>What happened next in the story number {n}</p></a></div>"
                )
            };
            let src = format!(
                "<html><body><article><h1>A story</h1>{}</article>\
                 <div class=sidebar_ad_fix><h2>Featured</h2>{}</div></body></html>",
                format!("<p>{PROSE}</p>").repeat(4),
                (1..=4).map(card).collect::<String>()
            );
            let options = Options {
                url: Some("https://www.example.com/news/a-story".into()),
                ..Default::default()
            };
            labels_where(&src, &options, |t| t.starts_with("What happened"))
        };
        assert_eq!(labels("/news/"), [Label::RelatedLink; 4]);
        assert_eq!(labels("https://example.com/news/"), [Label::RelatedLink; 4]);
        // Cards that lead to another site are the ads the name says they are.
        assert_eq!(
            labels("https://ads.example.net/click?id="),
            [Label::Promo; 4]
        );
    }

    #[test]
    fn a_related_box_inside_an_ad_named_column_is_related_links_a_paid_network_s_is_promo() {
        let column = |outer: &str| {
            format!(
                "<div class={outer}><div class=related-videos><h3>Videos</h3>\
                 <p><a href=https://video.example.org/1>Watch the first video of the day</a></p>\
                 <p><a href=https://video.example.org/2>Watch the second video of the day</a></p>\
                 </div></div>"
            )
        };
        let first = "Watch the first video of the day";
        assert_eq!(
            labels_beside_story(&column("sidebar_ad_fix"), [first]),
            [Label::RelatedLink]
        );
        assert_eq!(
            labels_beside_story(&column("taboola-feed"), [first]),
            [Label::Promo]
        );
        // A share bar's "more" button names a button, not a box of links.
        let bar = "<div class=share-bar><a href=/share?to=fb>Facebook</a>\
             <div class=more-options>More options</div></div>";
        assert_eq!(labels_beside_story(bar, ["More options"]), [Label::Promo]);
        // A network's name in a share bar's "more" menu is a share button.
        let more = "<div class=social-share><ul class=more-menu>\
             <li><a href=mailto:?subject=A>Email</a></li><li><a href=/print>Print</a></li></ul></div>";
        assert_eq!(labels_beside_story(more, ["Email"]), [Label::Promo]);
    }

    #[test]
    fn a_gallery_the_story_embeds_under_a_bare_promo_name_is_not_hidden_as_a_promo() {
        let labels = |embed: &str, texts: &[&str]| {
            let src = format!(
                "<html><body><article><h1>A story</h1><p>{PROSE}</p>{embed}{}</article>\
                 </body></html>",
                format!("<p>{PROSE}</p>").repeat(3)
            );
            let analysis = analyze(&src, &Options::default()).unwrap();
            texts
                .iter()
                .map(|&t| analysis.blocks.iter().find(|b| b.text == t).unwrap().label)
                .collect::<Vec<_>>()
        };
        let gallery = "<div class=\"gal gal-embed-promo\"><img src=/cover.jpg>\
             <div class=gal-buttons><div>Full Screen</div><div>Autoplay</div></div>\
             <div class=gal-blurb>Rescuers reached the village before dawn.</div></div>";
        let texts = [
            "Full Screen",
            "Autoplay",
            "Rescuers reached the village before dawn.",
        ];
        assert!(labels(gallery, &texts).iter().all(|&l| l != Label::Promo));
        // A box without pictures under the same name is a pitch.
        let pitch = "<aside class=liveblog-promo><p>Our radio station covers the storm live.</p>\
             </aside>";
        let said = labels(pitch, &["Our radio station covers the storm live."]);
        assert_eq!(said, [Label::Promo]);
        // An ad slot, and a linked pointer in a promo box, are still clutter in the story.
        let ad = "<div class=ad-slot><div>Kitchen knives by Acme</div></div>";
        assert_eq!(labels(ad, &["Kitchen knives by Acme"]), [Label::Promo]);
        let pointer = "<div class=inline-promo><a href=/other-story>The storm, a year on</a></div>";
        assert!(labels(pointer, &["The storm, a year on"])[0].is_clutter());
    }

    /// The labels of the page's blocks whose text `keep` accepts, in document order.
    fn labels_where(src: &str, options: &Options, keep: impl Fn(&str) -> bool) -> Vec<Label> {
        let analysis = analyze(src, options).unwrap();
        let kept = analysis.blocks.iter().filter(|b| keep(&b.text));
        kept.map(|b| b.label).collect()
    }

    /// The labels of the blocks with these texts, on a story page that begins with `chrome`.
    fn labels_beside_story<const N: usize>(chrome: &str, texts: [&str; N]) -> [Label; N] {
        let src = format!(
            "<html><body>{chrome}<article><h1>A story</h1>{}</article></body></html>",
            format!("<p>{PROSE}</p>").repeat(4)
        );
        let analysis = analyze(&src, &Options::default()).unwrap();
        texts.map(|t| analysis.blocks.iter().find(|b| b.text == t).unwrap().label)
    }

    #[test]
    fn a_sign_up_box_s_pitch_is_hidden_with_it_but_a_teaser_s_summary_only_with_links() {
        let pitch = "Get early access to new collections and sales. Members save ten percent.";
        let signup = format!(
            "<div class=box><div><h3>Join the club</h3><p>{pitch}</p></div>\
             <div><a href=/join>Sign up now</a></div><div><a href=/app>Get the app</a></div></div>"
        );
        assert_eq!(labels_beside_story(&signup, [pitch]), [Label::Promo]);
        // Beside links to stories a few sentences may be a story's own summary: kept.
        let teasers = format!(
            "<div class=box><div><h3>Elsewhere</h3><p>{pitch}</p></div>\
             <ul><li><a href=/a>The first story of the day, told</a></li>\
             <li><a href=/b>The second story of the day, told</a></li></ul></div>"
        );
        assert_eq!(labels_beside_story(&teasers, [pitch]), [Label::Other]);
    }

    #[test]
    fn one_sign_up_button_makes_its_box_a_promo_but_an_embedded_frame_does_not() {
        let signup = "<div class=box><h3>The weekly letter</h3>\
             <div><a href=/join>Sign up</a></div></div>";
        assert_eq!(
            labels_beside_story(signup, ["The weekly letter"]),
            [Label::Promo]
        );
        let video = "<div class=box><h3>The video of the day</h3>\
             <div><iframe src=https://video.example/1></iframe></div></div>";
        assert_eq!(
            labels_beside_story(video, ["The video of the day"]),
            [Label::Other]
        );
    }

    #[test]
    fn links_in_a_story_s_own_footer_are_not_the_page_s_footer_menu() {
        let src = format!(
            "<html><body><article><h1>A story</h1><div class=body>{}</div>\
             <footer><h3>More on this topic</h3><ul class=topics>\
             <li><a href=/a>The first story of the day, told in full</a></li>\
             <li><a href=/b>The second story of the day, told in full</a></li></ul></footer>\
             </article><footer><a href=/about>About us</a></footer></body></html>",
            format!("<p>{PROSE}</p>").repeat(4)
        );
        let analysis = analyze(&src, &Options::default()).unwrap();
        let label = |t: &str| analysis.blocks.iter().find(|b| b.text == t).unwrap().label;
        assert_eq!(
            label("The first story of the day, told in full"),
            Label::RelatedLink
        );
        assert_eq!(label("About us"), Label::Navigation);
    }

    #[test]
    fn a_header_menu_s_items_are_navigation_whatever_the_box_is_called() {
        let header = "<header><div class=menu-main><ul class=paywall-buttons>\
             <li><a href=/login>Log In</a></li><li><a href=/account>My Account</a></li>\
             <li><a href=/subscribe>Subscribe now</a></li></ul></div></header>";
        // A call to act is still one.
        assert_eq!(
            labels_beside_story(header, ["Log In", "My Account", "Subscribe now"]),
            [Label::Navigation, Label::Navigation, Label::Promo]
        );
    }

    #[test]
    fn a_menu_s_see_all_item_is_navigation() {
        let menu = "<div class=hamburger-menu><ul class=sub-menu>\
             <li><a href=/pasta>Pasta</a></li><li><a href=/soups>Soups</a></li>\
             <li><a href=/recipes>See all recipes</a></li></ul></div>";
        assert_eq!(
            labels_beside_story(menu, ["See all recipes"]),
            [Label::Navigation]
        );
    }

    #[test]
    fn the_most_commented_stories_are_related_links_the_thread_s_sign_in_is_promo() {
        let item = |n: u32| {
            format!(
                "<li><a href=/s{n}>The story number {n} that many readers argued about</a></li>"
            )
        };
        let sidebar = format!(
            "<aside><ul id=disqus-popular>{}</ul></aside>\
             <div class=comments><a href=/login>Sign in here</a></div>",
            (1..=3).map(item).collect::<String>()
        );
        let first = "The story number 1 that many readers argued about";
        assert_eq!(
            labels_beside_story(&sidebar, [first, "Sign in here"]),
            [Label::RelatedLink, Label::Promo]
        );
    }
    #[test]
    fn a_grid_of_section_names_is_navigation_a_list_of_tags_and_a_short_grid_are_related_links() {
        let names = [
            "Heart Health",
            "Nutrition",
            "Mental Health",
            "Wellness",
            "Primary Care",
            "Skin Care",
            "Orthopaedics",
            "Women's Health",
        ];
        let items = |tag: &str, n: usize| {
            names[..n]
                .iter()
                .enumerate()
                .map(|(i, name)| format!("<{tag} class=tile><a href=/c{i}>{name}</a></{tag}>"))
                .collect::<String>()
        };
        let grid = format!("<div class=grid>{}</div>", items("div", 8));
        assert_eq!(
            labels_beside_story(&grid, ["Heart Health", "Women's Health"]),
            [Label::Navigation; 2]
        );
        // The same names as a list: a story's tags or a column of guides.
        let list = format!("<ul class=topics>{}</ul>", items("li", 8));
        assert_eq!(
            labels_beside_story(&list, ["Heart Health"]),
            [Label::RelatedLink]
        );
        // Four tiles are a handful of topics, not a menu of the site's sections.
        let short = format!("<div class=grid>{}</div>", items("div", 4));
        assert_eq!(
            labels_beside_story(&short, ["Heart Health"]),
            [Label::RelatedLink]
        );
    }
    #[test]
    fn links_under_an_ad_label_are_promos_but_not_teasers_beside_an_ad_slot() {
        let ads = "<div class=list><p><a href=/media>Anzeige</a></p><ul class=links>\
             <li><a href=https://ads.example/1>Turn data into insight today</a></li>\
             <li><a href=https://ads.example/2>Webcast on protecting your laptops</a></li>\
             </ul></div>";
        assert_eq!(
            labels_beside_story(ads, ["Turn data into insight today"]),
            [Label::Promo]
        );
        // The label of an ad slot in a grid of teasers is the slot's, not the teasers'.
        let grid = "<div class=list><div><p>Advertisement</p><iframe src=https://ads.example/f>\
             </iframe></div><ul class=links>\
             <li><a href=/a>The first story of the day, told</a></li>\
             <li><a href=/b>The second story of the day, told</a></li></ul></div>";
        assert_eq!(
            labels_beside_story(grid, ["The first story of the day, told"]),
            [Label::RelatedLink]
        );
        // After the links, the label heads the next ad, not them.
        let after = "<div class=list><ul class=links>\
             <li><a href=/a>The first story of the day, told</a></li>\
             <li><a href=/b>The second story of the day, told</a></li></ul>\
             <p>Advertisement</p></div>";
        assert_eq!(
            labels_beside_story(after, ["The first story of the day, told"]),
            [Label::RelatedLink]
        );
    }
    #[test]
    fn a_linked_try_offer_in_the_story_is_a_promo_unlinked_advice_stays_the_story() {
        let src = format!(
            "<html><body><article><h1>A story</h1>{}\
             <p><a href=https://shop.example/go>Try Babbel for free!</a></p>\
             <h3>Try this at home</h3>{}</article></body></html>",
            format!("<p>{PROSE}</p>").repeat(3),
            format!("<p>{PROSE}</p>").repeat(2)
        );
        let analysis = analyze(&src, &Options::default()).unwrap();
        let label = |t: &str| analysis.blocks.iter().find(|b| b.text == t).unwrap().label;
        assert_eq!(label("Try Babbel for free!"), Label::Promo);
        assert_eq!(label("Try this at home"), Label::Article);
    }

    #[test]
    fn log_in_links_beside_the_story_are_navigation_not_teasers() {
        let account = "<div class=box><ul><li><a href=/login>Log in</a></li>\
             <li><a href=/reset>Forgot your password?</a></li></ul></div>";
        assert_eq!(
            labels_beside_story(account, ["Log in", "Forgot your password?"]),
            [Label::Navigation; 2]
        );
    }
    #[test]
    fn a_form_asking_for_an_email_is_a_promo_a_log_in_or_search_form_is_navigation() {
        let signup = "<form action=/join><p>Get the weekly letter</p>\
             <input type=email name=address><button>Go</button></form>";
        assert_eq!(
            labels_beside_story(signup, ["Get the weekly letter"]),
            [Label::Promo]
        );
        let login = "<form action=/login><p>Your account</p><input name=email>\
             <input type=password name=pw><button>Go</button></form>";
        assert_eq!(
            labels_beside_story(login, ["Your account"]),
            [Label::Navigation]
        );
        let search = "<form action=/search><p>Search the site</p><input name=q></form>";
        assert_eq!(
            labels_beside_story(search, ["Search the site"]),
            [Label::Navigation]
        );
        // A form around the whole page (ASP.NET's) is not a sign-up box.
        let src = format!(
            "<html><body><form action=/page><p>Around the page</p><input type=email name=e>\
             <article><h1>A story</h1>{}</article></form></body></html>",
            format!("<p>{PROSE}</p>").repeat(16)
        );
        let analysis = analyze(&src, &Options::default()).unwrap();
        let label = |t: &str| analysis.blocks.iter().find(|b| b.text == t).unwrap().label;
        assert_eq!(label("Around the page"), Label::Navigation);
    }
}
