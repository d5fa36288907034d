//! A flat, read-only view of a parsed page: every element and text node in document order.
//!
//! The later stages ask the same questions many times ("how much text under this node?", "is this
//! node inside that one?"). Storing nodes in preorder makes a subtree a contiguous range, so those
//! questions are array lookups instead of tree walks, and nothing here recurses (a page nested
//! 100,000 deep must not overflow the stack).

use crate::attrs::{self, AttrFacts};
use crate::keyed::{HashKey, KeyedMap};
use crate::tags;
use ego_tree::NodeRef;
use html5ever::{local_name, ns, LocalName};
use rustc_hash::FxHashSet;
use scraper::node::Element;
use scraper::{Html, Node as ScraperNode};
use std::fmt::Write;
use std::ops::Range;

/// Index of a node in [`Doc::nodes`].
pub type NodeIdx = usize;

/// Chromium's parser stops nesting at this depth: deeper elements and text become siblings
/// under the last ancestor above it. We fold the tree the same way, so that a deep page keeps
/// its content and its elements keep their browser `element_index`.
pub const MAX_DEPTH: u32 = 512;

#[derive(Debug)]
pub enum Kind<'a> {
    Element(&'a Element),
    Text(&'a str),
}

/// The tree a node belongs to in the browser. A shadow root's contents are the host's children
/// here (what they show is part of the page), but the browser scopes CSS paths and sibling
/// positions to each shadow tree, and the extension must find its elements again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tree {
    /// The document itself (and an ordinary `<template>`'s contents).
    Document,
    /// A child of a shadow root: its parent here is the host, in the browser the root.
    RootChild,
    /// Deeper inside a shadow tree.
    Shadow,
}

#[derive(Debug)]
pub struct Node<'a> {
    pub kind: Kind<'a>,
    pub parent: Option<NodeIdx>,
    /// One past the last node of this node's subtree.
    pub end: NodeIdx,
    pub depth: u32,
    /// Position among the page's elements in document order, as `getElementsByTagName('*')`
    /// counts them in a browser; lets the extension find the element in the live page. A
    /// shadow root's elements follow its host's, before the host's own children (the extension
    /// counts them there, see `extension/in-place.js`); the `<template shadowrootmode>` that
    /// carried them is not in the live page and has no index.
    pub element_index: u32,
    pub tree: Tree,
}

/// The page as a preorder array, plus per-node text sums.
pub struct Doc<'a> {
    pub nodes: Vec<Node<'a>>,
    /// Normalised text length of each node's subtree (whitespace runs count as one).
    pub text_len: Vec<u32>,
    /// Text length under `<a href>` in each node's subtree.
    pub link_text_len: Vec<u32>,
    /// What each element's attributes say (default for text nodes).
    pub facts: Vec<AttrFacts>,
    /// Elements whose content is never text a reader sees ([`tags::is_non_content`]), except a
    /// `<button>` that holds paragraphs: left unclosed, it wraps the story that follows, and the
    /// browser shows it.
    pub non_content: Vec<bool>,
    /// Per element: its 1-based position among its parent's element children, and the element
    /// sibling before it (`NONE` if first). Precomputed: asking the siblings every time is
    /// quadratic on pages with 100,000 siblings.
    nth_element: Vec<u32>,
    prev_element: Vec<u32>,
    id_count: KeyedMap<&'a str, u32>,
    /// The secret key of the maps keyed by the page's own names, for the stages after this one.
    pub hash_key: HashKey,
}

const NONE: u32 = u32::MAX;

impl<'a> Doc<'a> {
    /// The page's flat tree, with a fresh secret key for its maps of names.
    pub fn new(html: &'a Html) -> Self {
        Self::keyed(html, HashKey::default())
    }

    /// `key` is the secret of the maps keyed by the page's own names ([`crate::keyed`]).
    pub fn keyed(html: &'a Html, key: HashKey) -> Self {
        let mut nodes: Vec<Node<'a>> = Vec::with_capacity(html.tree.values().len());
        let mut element_count: u32 = 0;
        // Hosts that got a shadow root: a second declarative one stays an ordinary template.
        let mut hosts = FxHashSet::default();
        // (scraper node, parent idx, depth, inside template contents, tree)
        let mut stack = vec![(
            html.tree.root(),
            None::<NodeIdx>,
            0u32,
            false,
            Tree::Document,
        )];
        while let Some((node, parent, depth, in_template, tree)) = stack.pop() {
            let kind = match node.value() {
                ScraperNode::Element(e) => Some(Kind::Element(e)),
                ScraperNode::Text(t) => Some(Kind::Text(t)),
                _ => None,
            };
            let Some(kind) = kind else {
                // Document and fragment roots: walk through them.
                if node.value().is_document() {
                    for child in node.children().rev() {
                        stack.push((child, parent, depth, in_template, tree));
                    }
                }
                continue;
            };
            if !in_template && is_shadow_root(node) && hosts.insert(node.parent().map(|h| h.id())) {
                // The browser attaches it to the host instead of inserting the template (the
                // extension serialises open shadow roots this way): its contents take its place.
                for content in node.children().filter(|c| c.value().is_fragment()) {
                    for child in content.children().rev() {
                        stack.push((child, parent, depth, false, Tree::RootChild));
                    }
                }
                continue;
            }
            let is_element = matches!(kind, Kind::Element(_));
            let idx = nodes.len();
            let element_index = element_count;
            if is_element && !in_template {
                element_count += 1;
            }
            let is_template =
                matches!(kind, Kind::Element(e) if e.name.local == local_name!("template"));
            nodes.push(Node {
                kind,
                parent,
                end: idx + 1,
                depth,
                element_index,
                tree,
            });
            if is_element {
                let (child_parent, child_depth) = if depth < MAX_DEPTH {
                    (Some(idx), depth + 1)
                } else {
                    (parent, depth)
                };
                let child_tree = match tree {
                    Tree::Document => Tree::Document,
                    Tree::RootChild | Tree::Shadow => Tree::Shadow,
                };
                let child_in_template = in_template || is_template;
                let push_child = |stack: &mut Vec<_>, child| {
                    stack.push((
                        child,
                        child_parent,
                        child_depth,
                        child_in_template,
                        child_tree,
                    ));
                };
                for child in node.children().rev() {
                    if child.value().is_fragment() {
                        for grandchild in child.children().rev() {
                            push_child(&mut stack, grandchild);
                        }
                    } else {
                        push_child(&mut stack, child);
                    }
                }
            }
        }
        let total = nodes.len();
        // Parents precede their children, so a reverse pass sees every child before its parent.
        for idx in (0..total).rev() {
            if let Some(p) = nodes[idx].parent {
                nodes[p].end = nodes[p].end.max(nodes[idx].end);
            }
        }

        // Children come after parents, so a reverse pass accumulates sums bottom-up. (Names are
        // compared as the parser's atoms in these passes over every node: one integer, no bytes.)
        let mut paragraphs = vec![0u32; total];
        for idx in (0..total).rev() {
            if matches!(nodes[idx].kind, Kind::Element(e) if e.name.local == local_name!("p")) {
                paragraphs[idx] += 1;
            }
            if let Some(p) = nodes[idx].parent {
                paragraphs[p] += paragraphs[idx];
            }
        }
        let non_content: Vec<bool> = (0..total)
            .map(|idx| match nodes[idx].kind {
                Kind::Element(e) => {
                    tags::is_non_content(e.name()) && !(e.name() == "button" && paragraphs[idx] > 0)
                }
                Kind::Text(_) => false,
            })
            .collect();
        let mut text_len = vec![0u32; total];
        let mut link_text_len = vec![0u32; total];
        for idx in (0..total).rev() {
            if let Kind::Text(t) = nodes[idx].kind {
                // Script and style bodies are often most of a page's bytes and never shown.
                if nodes[idx].parent.is_none_or(|p| !non_content[p]) {
                    text_len[idx] = normalized_len(t);
                }
            }
            if let Kind::Element(e) = nodes[idx].kind {
                if non_content[idx] {
                    text_len[idx] = 0;
                    link_text_len[idx] = 0;
                } else if e.name.local == local_name!("a")
                    && attr(e, "href").is_some_and(leads_somewhere)
                    // Paragraphs of prose inside a link are a story the parser put there after
                    // an unclosed `<a>`, not a pointer to another page (a teaser card's
                    // headline and summary stay well under the length).
                    && (paragraphs[idx] < 2 || text_len[idx] < 400)
                {
                    link_text_len[idx] = text_len[idx];
                }
            }
            if let Some(p) = nodes[idx].parent {
                text_len[p] += text_len[idx];
                link_text_len[p] += link_text_len[idx];
            }
        }
        let mut nth_element = vec![0u32; total];
        let mut prev_element = vec![NONE; total];
        // Per parent, its last element child so far: light children at `2 * parent`, a shadow
        // root's at `2 * parent + 1` (each tree counts its own siblings).
        let mut last_child = vec![NONE; 2 * total];
        let mut id_count = KeyedMap::with_hasher(key);
        let mut facts = vec![AttrFacts::default(); total];
        let mut reader = attrs::Reader::new(key);
        for idx in 0..total {
            let Kind::Element(e) = nodes[idx].kind else {
                continue;
            };
            facts[idx] = reader.read(e);
            // A shadow tree's ids are its own: `#id` finds none of them from the document.
            if let Some(id) = e.id().filter(|_| nodes[idx].tree == Tree::Document) {
                *id_count.entry(id).or_insert(0) += 1;
            }
            if let Some(p) = nodes[idx].parent {
                let slot = 2 * p + usize::from(nodes[idx].tree == Tree::RootChild);
                prev_element[idx] = last_child[slot];
                nth_element[idx] = match last_child[slot] {
                    NONE => 1,
                    prev => nth_element[prev as usize] + 1,
                };
                last_child[slot] = idx as u32;
            }
        }
        Doc {
            nodes,
            text_len,
            link_text_len,
            facts,
            non_content,
            nth_element,
            prev_element,
            id_count,
            hash_key: key,
        }
    }

    /// The element sibling just before this node's element, if any.
    /// The element's 1-based position among its parent's element children, as `:nth-child`
    /// counts (1 for the root element, 0 for text).
    pub fn nth_child(&self, idx: NodeIdx) -> u32 {
        if self.element(idx).is_some() {
            self.nth_element[idx].max(1)
        } else {
            0
        }
    }

    pub fn prev_element_sibling(&self, idx: NodeIdx) -> Option<NodeIdx> {
        match self.prev_element[idx] {
            NONE => None,
            prev => Some(prev as usize),
        }
    }

    pub fn element(&self, idx: NodeIdx) -> Option<&'a Element> {
        match self.nodes[idx].kind {
            Kind::Element(e) => Some(e),
            Kind::Text(_) => None,
        }
    }

    pub fn tag(&self, idx: NodeIdx) -> &'a str {
        self.element(idx).map(|e| e.name()).unwrap_or("#text")
    }

    /// [`Doc::tag`] as the parser's atom, which is copied without an allocation.
    pub fn name(&self, idx: NodeIdx) -> LocalName {
        self.element(idx)
            .map_or_else(|| LocalName::from("#text"), |e| e.name.local.clone())
    }

    pub fn attr(&self, idx: NodeIdx, name: &str) -> Option<&'a str> {
        self.element(idx).and_then(|e| attr(e, name))
    }

    /// Children of a node, in order.
    pub fn children(&self, idx: NodeIdx) -> Children<'_, 'a> {
        Children {
            doc: self,
            next: idx + 1,
            end: self.nodes[idx].end,
        }
    }

    pub fn element_children(&self, idx: NodeIdx) -> impl Iterator<Item = NodeIdx> + '_ {
        self.children(idx).filter(|&c| self.element(c).is_some())
    }

    /// Ancestors from the parent up to the root.
    pub fn ancestors(&self, idx: NodeIdx) -> impl Iterator<Item = NodeIdx> + '_ {
        std::iter::successors(self.nodes[idx].parent, |&p| self.nodes[p].parent)
    }

    /// Turns per-node counts into per-subtree totals: each node's count plus its descendants'.
    pub fn sum_subtrees(&self, counts: &mut [u32]) {
        for idx in (0..self.nodes.len()).rev() {
            if let Some(p) = self.nodes[idx].parent {
                counts[p] += counts[idx];
            }
        }
    }

    pub fn contains(&self, ancestor: NodeIdx, idx: NodeIdx) -> bool {
        ancestor <= idx && idx < self.nodes[ancestor].end
    }

    pub fn link_density(&self, idx: NodeIdx) -> f32 {
        let total = self.text_len[idx];
        if total == 0 {
            0.0
        } else {
            self.link_text_len[idx] as f32 / total as f32
        }
    }

    /// The visible text of a subtree, whitespace collapsed, skipping non-content elements.
    pub fn text(&self, idx: NodeIdx) -> String {
        let mut out = String::new();
        let mut i = idx;
        let end = self.nodes[idx].end;
        while i < end {
            match self.nodes[i].kind {
                Kind::Text(t) => push_collapsed(&mut out, t),
                Kind::Element(e) => {
                    if self.non_content[i] {
                        i = self.nodes[i].end;
                        continue;
                    }
                    if e.name() == "br" || tags::is_block(e.name()) {
                        push_space(&mut out);
                    }
                }
            }
            i += 1;
        }
        out.trim_end().to_string()
    }

    /// The first element with this tag name.
    pub fn find_tag(&self, tag: &str) -> Option<NodeIdx> {
        (0..self.nodes.len()).find(|&i| self.tag(i) == tag)
    }

    /// A CSS path (`html > body > div:nth-child(2) > p:nth-child(4)`) that finds this element.
    /// Ids are used as anchors when they are unique-looking (plain identifiers). Inside a shadow
    /// tree the path starts at its root (`:host > div:nth-child(2) > p:nth-child(1)`), without
    /// ids (they are scoped to each tree): a selector cannot cross into a shadow root, and a
    /// path starting with `:host` matches nothing in the document.
    pub fn selector(&self, idx: NodeIdx) -> String {
        Paths::new(self).of(idx).to_string()
    }

    /// [`Doc::selector`] of each element, in order. The elements of one page share most of
    /// their ancestors: each ancestor's path is written once and copied under it, instead of
    /// once per element below it.
    pub fn selectors(&self, idxs: impl IntoIterator<Item = NodeIdx>) -> Vec<String> {
        let mut paths = Paths::new(self);
        idxs.into_iter()
            .map(|idx| paths.of(idx).to_string())
            .collect()
    }

    /// The unique-looking id that anchors an element's path, if it has one (see
    /// [`Doc::selector`]).
    fn anchor_id(&self, idx: NodeIdx) -> Option<&'a str> {
        let in_document = self.nodes[idx].tree == Tree::Document;
        self.element(idx)?
            .id()
            .filter(|id| in_document && is_css_ident(id) && self.id_count.get(id) == Some(&1))
    }
}

/// The CSS paths of [`Doc::selector`] written so far: one string holding them all, and where
/// each element's path is in it.
struct Paths<'d, 'a> {
    doc: &'d Doc<'a>,
    written: String,
    at: rustc_hash::FxHashMap<NodeIdx, Range<usize>>,
}

impl<'d, 'a> Paths<'d, 'a> {
    fn new(doc: &'d Doc<'a>) -> Self {
        Paths {
            doc,
            written: String::new(),
            at: Default::default(),
        }
    }

    /// The path of `idx` (empty for a text node): its parent's path, then its own step. Climbs
    /// to the nearest ancestor whose path is known or that starts one, then writes the paths on
    /// the way back down; nothing recurses.
    fn of(&mut self, idx: NodeIdx) -> &str {
        let doc = self.doc;
        let mut unwritten = Vec::new();
        let mut cur = Some(idx);
        while let Some(i) = cur.filter(|i| !self.at.contains_key(i)) {
            if doc.element(i).is_none() {
                break;
            }
            let anchor = doc.anchor_id(i);
            unwritten.push((i, anchor));
            let starts_path = anchor.is_some() || doc.nodes[i].tree == Tree::RootChild;
            cur = if starts_path {
                None
            } else {
                doc.nodes[i].parent
            };
        }
        for &(i, anchor) in unwritten.iter().rev() {
            let start = self.written.len();
            if let Some(id) = anchor {
                self.written.push('#');
                self.written.push_str(id);
            } else {
                let name = doc.tag(i);
                let parent = doc.nodes[i].parent;
                if doc.nodes[i].tree == Tree::RootChild {
                    self.written.push_str(":host > ");
                } else if let Some(p) = parent {
                    let prefix = self.at[&p].clone();
                    self.written.extend_from_within(prefix);
                    self.written.push_str(" > ");
                }
                match parent {
                    Some(_) => write!(self.written, "{name}:nth-child({})", doc.nth_element[i])
                        .expect("writing to a String"),
                    None => self.written.push_str(name),
                }
            }
            self.at.insert(i, start..self.written.len());
        }
        self.at
            .get(&idx)
            .map_or("", |range| &self.written[range.clone()])
    }
}

pub struct Children<'d, 'a> {
    doc: &'d Doc<'a>,
    next: NodeIdx,
    end: NodeIdx,
}

impl Iterator for Children<'_, '_> {
    type Item = NodeIdx;
    fn next(&mut self) -> Option<NodeIdx> {
        if self.next >= self.end {
            return None;
        }
        let idx = self.next;
        self.next = self.doc.nodes[idx].end;
        Some(idx)
    }
}

/// Whether `node` is a `<template shadowrootmode>` that a browser's parser attaches to its
/// parent as a declarative shadow root (the host must be one that may have a shadow root).
fn is_shadow_root(node: NodeRef<'_, ScraperNode>) -> bool {
    let Some(template) = node.value().as_element() else {
        return false;
    };
    // The name first: every element of the page is asked.
    if template.name.local != local_name!("template") || template.name.ns != ns!(html) {
        return false;
    }
    let mode = attr(template, "shadowrootmode");
    if !mode.is_some_and(|m| m.eq_ignore_ascii_case("open") || m.eq_ignore_ascii_case("closed")) {
        return false;
    }
    node.parent()
        .and_then(|p| p.value().as_element())
        .is_some_and(|host| host.name.ns == ns!(html) && tags::may_host_shadow_root(host.name()))
}

/// `Element::attr`, without building the interned name that it binary-searches for: elements
/// have a handful of attributes, and comparing their names directly is several times cheaper.
fn attr<'a>(e: &'a Element, name: &str) -> Option<&'a str> {
    e.attrs
        .iter()
        .find(|(n, _)| n.prefix.is_none() && n.ns == ns!() && *n.local == *name)
        .map(|(_, v)| &**v)
}

/// A `javascript:` link runs a script on this page instead of leading to another one: its text
/// is the page's own, not a link away.
fn leads_somewhere(href: &str) -> bool {
    !href
        .trim_start()
        .get(..11)
        .is_some_and(|s| s.eq_ignore_ascii_case("javascript:"))
}

fn is_css_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

pub fn normalized_len(t: &str) -> u32 {
    if t.is_ascii() {
        return ascii_normalized_len(t.as_bytes());
    }
    let (mut len, mut in_space) = (0u32, true);
    for (i, &b) in t.as_bytes().iter().enumerate() {
        let space = if b < 0x80 {
            ascii_space(b)
        } else if b < 0xC0 {
            // A continuation byte: its character was counted at its first byte.
            continue;
        } else {
            t[i..].chars().next().is_some_and(char::is_whitespace)
        };
        len += !(space && in_space) as u32;
        in_space = space;
    }
    len
}

/// [`normalized_len`] of ASCII text: every byte counts but a space that follows a space or starts
/// the text. Pairs of neighbours rather than a running state, so that the loop has no branch and
/// the compiler can run it over many bytes at once.
fn ascii_normalized_len(t: &[u8]) -> u32 {
    let Some(&first) = t.first() else {
        return 0;
    };
    let rest: u32 = t
        .iter()
        .zip(&t[1..])
        .map(|(&before, &b)| u32::from(!(ascii_space(before) && ascii_space(b))))
        .sum();
    u32::from(!ascii_space(first)) + rest
}

/// Whether the character at byte `i` of `t` is whitespace (as `char::is_whitespace`), and its
/// length. Decides ASCII on the byte: page text is mostly ASCII, and this runs over all of it.
fn space_at(t: &str, i: usize) -> (bool, usize) {
    let b = t.as_bytes()[i];
    if b < 0x80 {
        (ascii_space(b), 1)
    } else {
        let c = t[i..].chars().next().unwrap_or_default();
        (c.is_whitespace(), c.len_utf8())
    }
}

/// `char::is_whitespace` on ASCII: space, tab, line feed, vertical tab, form feed, carriage return.
fn ascii_space(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

fn push_space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Appends `t` with each whitespace run as one space (none at the start of `out`), copying
/// words whole: this runs over all of a page's text.
pub fn push_collapsed(out: &mut String, t: &str) {
    let mut i = 0;
    while i < t.len() {
        let word = i;
        while i < t.len() {
            let (space, n) = space_at(t, i);
            if space {
                break;
            }
            i += n;
        }
        out.push_str(&t[word..i]);
        if i == t.len() {
            break;
        }
        push_space(out);
        while i < t.len() {
            let (space, n) = space_at(t, i);
            if !space {
                break;
            }
            i += n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_of(html: &str) -> Html {
        Html::parse_document(html)
    }

    #[test]
    fn subtrees_are_contiguous_ranges() {
        let html = doc_of("<div id=a><p>one <b>two</b></p><p>three</p></div><p>four</p>");
        let doc = Doc::new(&html);
        let a = (0..doc.nodes.len())
            .find(|&i| doc.attr(i, "id") == Some("a"))
            .unwrap();
        assert_eq!(doc.text(a), "one two three");
        let ps: Vec<_> = (0..doc.nodes.len())
            .filter(|&i| doc.tag(i) == "p")
            .collect();
        assert!(doc.contains(a, ps[0]) && doc.contains(a, ps[1]) && !doc.contains(a, ps[2]));
    }

    #[test]
    fn link_density_counts_anchor_text() {
        let html = doc_of("<p id=p>abcd <a href='/x'>efgh</a></p>");
        let doc = Doc::new(&html);
        let p = doc.find_tag("p").unwrap();
        assert!((doc.link_density(p) - 4.0 / 9.0).abs() < 1e-6);
    }

    #[test]
    fn selector_finds_the_element_again() {
        let src = "<body><div><p>a</p><p>b</p></div><div id='x'><span>c</span></div></body>";
        let html = doc_of(src);
        let doc = Doc::new(&html);
        let ps: Vec<_> = (0..doc.nodes.len())
            .filter(|&i| doc.tag(i) == "p")
            .collect();
        let sel = doc.selector(ps[1]);
        assert_eq!(
            sel,
            "html > body:nth-child(2) > div:nth-child(1) > p:nth-child(2)"
        );
        let span = doc.find_tag("span").unwrap();
        assert_eq!(doc.selector(span), "#x > span:nth-child(1)");
        let found = html
            .select(&scraper::Selector::parse(&sel).unwrap())
            .count();
        assert_eq!(found, 1);
    }

    #[test]
    fn element_index_matches_browser_document_order() {
        let html = doc_of("<p>a</p><template><p>x</p></template><div></div>");
        let doc = Doc::new(&html);
        let div = doc.find_tag("div").unwrap();
        // html, head, body, p, template, div
        assert_eq!(doc.nodes[div].element_index, 5);
    }

    #[test]
    fn a_declarative_shadow_root_takes_its_templates_place_among_the_hosts_children() {
        let html = doc_of(
            "<div></div><x-card id=host><template shadowrootmode=open><p>shadow <b>text</b></p>\
             <aside><i>promo</i></aside></template> <span>light</span></x-card><div id=after></div>",
        );
        let doc = Doc::new(&html);
        let index = |tag| doc.nodes[doc.find_tag(tag).unwrap()].element_index;
        // html, head, body, div, x-card, then the root's p, b, aside, i, then span: the
        // template is not in the live page.
        assert_eq!(
            [index("p"), index("b"), index("aside"), index("span")],
            [5, 6, 7, 9]
        );
        assert_eq!(doc.nodes[doc.find_tag("div").unwrap()].element_index, 3);
        assert!(doc.find_tag("template").is_none());
        let host = doc.find_tag("x-card").unwrap();
        assert_eq!(doc.text(host), "shadow text promo light");
        assert_eq!(doc.nodes[doc.find_tag("p").unwrap()].parent, Some(host));
        // Each tree counts its own children; a path starts at the root it is in.
        let aside = doc.find_tag("aside").unwrap();
        assert_eq!(doc.selector(aside), ":host > aside:nth-child(2)");
        assert_eq!(
            doc.selector(doc.find_tag("i").unwrap()),
            ":host > aside:nth-child(2) > i:nth-child(1)"
        );
        assert_eq!(
            doc.selector(doc.find_tag("span").unwrap()),
            "#host > span:nth-child(1)"
        );
        assert_eq!(doc.prev_element_sibling(aside), doc.find_tag("p"));
        assert_eq!(
            doc.prev_element_sibling(doc.find_tag("span").unwrap()),
            None
        );
    }

    #[test]
    fn ids_inside_a_shadow_root_are_no_anchors() {
        let html = doc_of(
            "<x-card><template shadowrootmode=open><div id=a><p>x</p></div></template></x-card>",
        );
        let doc = Doc::new(&html);
        let p = doc.find_tag("p").unwrap();
        assert_eq!(doc.selector(p), ":host > div:nth-child(1) > p:nth-child(1)");
    }

    #[test]
    fn a_template_the_browser_does_not_attach_stays_a_template() {
        // A link cannot host a shadow root, and a host has one at most.
        let html = doc_of(
            "<a href=/x><template shadowrootmode=open><p>a</p></template></a>\
             <x-card><template shadowrootmode=open><p>b</p></template>\
             <template shadowrootmode=open><p>c</p></template></x-card>",
        );
        let doc = Doc::new(&html);
        let templates = (0..doc.nodes.len())
            .filter(|&i| doc.tag(i) == "template")
            .count();
        assert_eq!(templates, 2);
        let host = doc.find_tag("x-card").unwrap();
        assert_eq!(doc.text(host), "b");
    }

    /// The byte-level text helpers agree with their definitions on `char::is_whitespace`.
    /// (proptest is a native dev-dependency only.)
    #[cfg(not(target_arch = "wasm32"))]
    mod text {
        use super::super::{normalized_len, push_collapsed};
        use proptest::prelude::*;

        fn collapsed_by_char(out: &str, t: &str) -> String {
            let mut out = out.to_string();
            for c in t.chars() {
                if !c.is_whitespace() {
                    out.push(c);
                } else if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            out
        }

        /// The byte-level helpers, appending `t` after `before`, against `collapsed_by_char`.
        fn agree(before: &str, t: &str) -> Result<(), TestCaseError> {
            let mut out = before.to_string();
            push_collapsed(&mut out, t);
            prop_assert_eq!(&out, &collapsed_by_char(before, t));
            let by_char = collapsed_by_char("", t);
            prop_assert_eq!(normalized_len(t) as usize, by_char.chars().count());
            Ok(())
        }

        proptest! {
            #[test]
            fn whitespace_runs_collapse_as_chars_would(
                before in "[a ]{0,3}",
                t in "[a-zé,。 \t\n\u{0B}\u{A0}\u{85}\u{2003}\u{3000}\u{1C}]{0,40}",
            ) {
                agree(&before, &t)?;
            }

            /// ASCII text takes a path of its own in `normalized_len`.
            #[test]
            fn ascii_text_is_collapsed_and_measured_as_chars_would(
                before in "[a ]{0,3}",
                t in "[ab, \t\n\u{0B}\u{0C}\r\u{1C}]{0,40}",
            ) {
                agree(&before, &t)?;
            }
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        // Built directly: html5ever takes minutes to parse this (limits.rs refuses such pages).
        let mut html = doc_of("<div id=top></div>");
        let top = scraper::Selector::parse("#top").unwrap();
        let mut cur = html.select(&top).next().unwrap().id();
        for _ in 0..100_000 {
            let name = html5ever::QualName::new(None, html5ever::ns!(html), "div".into());
            let div = Element::new(name, Vec::new());
            cur = html
                .tree
                .get_mut(cur)
                .unwrap()
                .append(ScraperNode::Element(div))
                .id();
        }
        let doc = Doc::new(&html);
        assert_eq!(doc.nodes.len(), 100_004);
        assert!(doc.nodes.iter().all(|n| n.depth <= MAX_DEPTH));
    }

    #[test]
    fn nesting_past_the_cap_is_flattened_like_chromium() {
        let src = "<div>".repeat(600) + "<p>deep</p><b>text</b>";
        let html = doc_of(&src);
        let doc = Doc::new(&html);
        // html, head, body, 600 divs, p, b: nothing dropped, so element indices stay true.
        let b = doc.find_tag("b").unwrap();
        assert_eq!(doc.nodes[b].element_index, 604);
        let p = doc.find_tag("p").unwrap();
        assert_eq!(doc.nodes[p].depth, MAX_DEPTH);
        assert_eq!(doc.nodes[b].parent, doc.nodes[p].parent);
        assert_eq!(doc.text(doc.nodes[p].parent.unwrap()), "deeptext");
        assert!(doc.nodes.iter().all(|n| n.depth <= MAX_DEPTH));
    }
}
