//! What an element's attributes say, read once per element when the page is flattened.
//!
//! Segmenting, locating the story (up to four times: see `lib.rs`), extracting features and
//! classifying all ask the same questions about the same elements: is it hidden, what do its
//! class names and id say, is it a byline. Answering them in one pass over each element's
//! attributes turns every later question into an array lookup.

use crate::cues::{value_cues, NameCues, ValueCues};
use crate::keyed::{HashKey, KeyedMap};
use html5ever::{local_name, ns};
use scraper::node::Element;

#[derive(Debug, Default, Clone, Copy)]
pub struct AttrFacts {
    /// Hidden by the page itself: a reader never sees it.
    pub hidden: bool,
    /// What the class names and id suggest.
    pub names: NameCues,
    /// A role that Readability takes for page chrome (menus, navigation, dialogs).
    pub chrome_role: bool,
    /// Author mark-up: `rel=author`, an `itemprop` about the author, or a byline class or id.
    pub byline: bool,
}

/// Reads the elements of one page. Class values repeat (a list's items, a grid's cards), so
/// each distinct one is read once.
pub struct Reader<'a> {
    classes: KeyedMap<&'a str, ValueCues>,
}

impl<'a> Reader<'a> {
    pub fn new(key: HashKey) -> Self {
        Reader {
            classes: KeyedMap::with_hasher(key),
        }
    }

    pub fn read(&mut self, e: &'a Element) -> AttrFacts {
        let Scanned {
            facts,
            class,
            id,
            role,
        } = scan(e);
        let class = class.map(|c| *self.classes.entry(c).or_insert_with(|| value_cues(c)));
        let id = id.filter(|id| !is_slug(id, e.name()));
        let mut names = NameCues::of(class.into_iter().chain(id.map(value_cues)));
        // The page's own header is named for its role ("banner", "masthead"): not an ad banner.
        if e.name() == "header" || role == Some("banner") {
            names.cues.promo = false;
        }
        AttrFacts {
            names,
            byline: facts.byline || names.byline,
            ..facts
        }
    }
}

/// An id made from a sentence (`h-how-to-use-social-shopping`, `expenditures-as-a-share-of-budget`):
/// an anchor for a heading or a chart, whose words say what it is about, not what it is. A
/// documentation section's id is its heading's words, shorter: four words that read as a
/// phrase (`respond-to-review-comments`, not a widget's `taboola-below-article-thumbnails`).
fn is_slug(id: &str, tag: &str) -> bool {
    let words: Vec<&str> = id.split(['-', '_']).filter(|w| !w.is_empty()).collect();
    let phrase = || {
        words.iter().any(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "a" | "an"
                    | "the"
                    | "to"
                    | "of"
                    | "and"
                    | "for"
                    | "in"
                    | "on"
                    | "with"
                    | "how"
                    | "what"
                    | "why"
                    | "your"
                    | "is"
                    | "are"
            )
        })
    };
    words.len() >= 5 || (tag == "section" && words.len() == 4 && phrase())
}

/// What one pass over an element's attributes finds.
struct Scanned<'a> {
    /// Everything but the names' cues.
    facts: AttrFacts,
    class: Option<&'a str>,
    id: Option<&'a str>,
    role: Option<&'a str>,
}

/// One pass over the attributes (the plain HTML ones, but for hiding, which counts in any
/// namespace).
fn scan(e: &Element) -> Scanned<'_> {
    let (mut class, mut id, mut role) = (None, None, None);
    let (mut hidden, mut hidden_attr, mut aria_hidden, mut fallback_image) =
        (false, false, false, false);
    let mut facts = AttrFacts::default();
    for (name, value) in e.attrs.iter() {
        let value: &str = value;
        // Hiding counts in any namespace; the other attributes are plain HTML ones.
        match &*name.local {
            "hidden" => hidden_attr = true,
            "aria-hidden" => aria_hidden = value == "true",
            "class" => fallback_image = value.contains("fallback-image"),
            "style" => hidden |= hides(value),
            _ => {}
        }
        if name.ns != ns!() {
            continue;
        }
        match name.local {
            local_name!("class") => class = Some(value),
            local_name!("id") => id = Some(value),
            local_name!("role") => {
                role = Some(value);
                facts.chrome_role = matches!(
                    value,
                    "menu"
                        | "menubar"
                        | "complementary"
                        | "navigation"
                        | "alert"
                        | "alertdialog"
                        | "dialog"
                )
            }
            local_name!("rel") => facts.byline |= value == "author",
            local_name!("itemprop") => facts.byline |= value.contains("author"),
            _ => {}
        }
    }
    hidden |= hidden_attr && !id.is_some_and(is_streamed_segment);
    facts.hidden = hidden || (aria_hidden && !fallback_image);
    Scanned {
        facts,
        class,
        id,
        role,
    }
}

/// React's streamed server rendering sends a late part of the page (often the whole story) as a
/// `<div hidden id="S:n">` at the end of the body, which its script then moves into place: what
/// a reader sees, though served hidden.
fn is_streamed_segment(id: &str) -> bool {
    id.strip_prefix("S:")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `display: none` or `visibility: hidden` in a style attribute, in any case and spacing.
fn hides(style: &str) -> bool {
    let has = |word: &str| {
        style
            .as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    };
    if !has("none") && !has("hidden") {
        return false;
    }
    let s: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}
