//! Copies of one subtree that a site renders once per screen size.
//!
//! Site builders such as Framer server-render a page once per breakpoint (`ssr-variant`
//! siblings) and let media queries show one of them. The core sees no style sheet, so it would
//! read the story two or three times; the browser shows it once. A later sibling whose text is
//! exactly an earlier sibling's is such a copy.

use crate::dom::{Doc, Kind, NodeIdx};
use rustc_hash::FxHashMap;

/// Shortest text (characters) of a copy worth dropping: a story or a large part of one. Short
/// look-alike boxes (two cards with the same caption, a repeated "Share" row) are not copies.
pub const MIN_COPY_LEN: u32 = 1000;

/// `true` for every node inside a later copy of an earlier sibling.
pub fn later_copies(doc: &Doc<'_>) -> Vec<bool> {
    let mut copy = vec![false; doc.nodes.len()];
    let mut by_len: FxHashMap<u32, Vec<NodeIdx>> = FxHashMap::default();
    for parent in 0..doc.nodes.len() {
        if copy[parent]
            || doc.text_len[parent] < 2 * MIN_COPY_LEN
            || !matches!(doc.nodes[parent].kind, Kind::Element(_))
        {
            continue;
        }
        by_len.clear();
        for child in doc.element_children(parent) {
            let len = doc.text_len[child];
            if len < MIN_COPY_LEN {
                continue;
            }
            let earlier = by_len.entry(len).or_default();
            if !earlier.is_empty() {
                let text = doc.text(child);
                if earlier.iter().any(|&e| doc.text(e) == text) {
                    copy[child..doc.nodes[child].end].fill(true);
                    continue;
                }
            }
            earlier.push(child);
        }
    }
    copy
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(html: &str) -> Vec<String> {
        let parsed = scraper::Html::parse_document(html);
        let doc = Doc::new(&parsed);
        let copies = later_copies(&doc);
        (0..doc.nodes.len())
            .filter(|&i| copies[i] && doc.attr(i, "id").is_some())
            .map(|i| doc.attr(i, "id").unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn later_siblings_with_the_same_long_text_are_copies() {
        let long = "The council voted to close the old bridge. ".repeat(30);
        let html = format!(
            "<div id=a><p>{long}</p></div><div id=b><p>{long}</p></div><div id=c><p>{long}!</p></div>"
        );
        assert_eq!(marked(&html), ["b"]);
    }

    #[test]
    fn short_look_alike_boxes_are_not_copies() {
        let html = "<div id=a><p>Share this story</p></div><div id=b><p>Share this story</p></div>";
        assert!(marked(html).is_empty());
    }
}
