//! Splitting a page into blocks: the units that get one label each.
//!
//! A *text block* is the nearest block-level element around a run of visible text (a `<p>`, an
//! `<li>`, a `<figcaption>`, a `<div>` holding text directly...). Elements that show something
//! without text (images, players, ad slots) become *media* and *slot* blocks, so that they can be
//! kept with the story or hidden with the clutter around them.

use crate::dom::{push_collapsed, Doc, Kind, NodeIdx};
use crate::tags;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    Text,
    Media,
    Slot,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub node: NodeIdx,
    pub kind: BlockKind,
    /// The block's own text: its text nodes, without those of blocks nested inside it.
    pub text: String,
}

/// Blocks of the page in document order. Every element holding visible text is in exactly one.
pub fn segment(doc: &Doc<'_>) -> Vec<Block> {
    let mut owner_of_text: Vec<NodeIdx> = Vec::new();
    let mut is_owner = vec![false; doc.nodes.len()];
    let mut blocks = Vec::new();
    let mut i = 0;
    let n = doc.nodes.len();
    // Stack of the nearest block ancestors, as (node, end).
    let mut containers: Vec<(NodeIdx, NodeIdx)> = Vec::new();
    let mut hidden_until: NodeIdx = 0;
    while i < n {
        while containers.last().is_some_and(|&(_, end)| i >= end) {
            containers.pop();
        }
        match doc.nodes[i].kind {
            Kind::Element(e) => {
                let tag = e.name();
                if doc.non_content[i] && tag != "iframe" {
                    i = doc.nodes[i].end;
                    continue;
                }
                if i >= hidden_until && is_hidden(doc, i) {
                    hidden_until = doc.nodes[i].end;
                }
                if i < hidden_until {
                    i += 1;
                    continue;
                }
                if tags::is_block(tag) {
                    containers.push((i, doc.nodes[i].end));
                }
                if tags::is_media(tag) && !inside_picture(doc, i) {
                    blocks.push(Block {
                        node: i,
                        kind: BlockKind::Media,
                        text: String::new(),
                    });
                    if tag != "picture" && tag != "figure" {
                        i = doc.nodes[i].end;
                        continue;
                    }
                } else if doc.text_len[i] == 0 && is_slot(doc, i) {
                    blocks.push(Block {
                        node: i,
                        kind: BlockKind::Slot,
                        text: String::new(),
                    });
                    i = doc.nodes[i].end;
                    continue;
                }
            }
            // Text reached here is outside non-content elements (skipped above), so `text_len`
            // counts all of it: non-zero exactly when it is not all whitespace.
            Kind::Text(_) => {
                if i >= hidden_until && doc.text_len[i] > 0 {
                    if let Some(&(owner, _)) = containers.last() {
                        if !is_owner[owner] {
                            is_owner[owner] = true;
                            owner_of_text.push(owner);
                        }
                    }
                }
            }
        }
        i += 1;
    }
    for owner in owner_of_text {
        let text = own_text(doc, owner);
        if !text.is_empty() {
            blocks.push(Block {
                node: owner,
                kind: BlockKind::Text,
                text,
            });
        }
    }
    blocks.sort_by_key(|b| b.node);
    blocks
}

fn inside_picture(doc: &Doc<'_>, idx: NodeIdx) -> bool {
    doc.tag(idx) == "img"
        && doc.nodes[idx]
            .parent
            .is_some_and(|p| doc.tag(p) == "picture")
}

/// An empty element that stands for something: an embedded frame or an ad/promo placeholder.
fn is_slot(doc: &Doc<'_>, idx: NodeIdx) -> bool {
    let tag = doc.tag(idx);
    if tag == "iframe" {
        return true;
    }
    (tag == "div" || tag == "aside" || tag == "section") && doc.facts[idx].names.cues.promo
}

/// Hidden by the page itself: a reader never sees it, so it is not a block.
pub fn is_hidden(doc: &Doc<'_>, idx: NodeIdx) -> bool {
    doc.facts[idx].hidden
}

/// Text of `owner` that belongs to no nested block.
fn own_text(doc: &Doc<'_>, owner: NodeIdx) -> String {
    let mut out = String::new();
    let mut i = owner + 1;
    let end = doc.nodes[owner].end;
    while i < end {
        match doc.nodes[i].kind {
            Kind::Element(e) => {
                let tag = e.name();
                // A player's fallback text is not shown where players work.
                let fallback = matches!(tag, "video" | "audio");
                if doc.non_content[i] || tags::is_block(tag) || fallback || is_hidden(doc, i) {
                    if tags::is_block(tag) && !out.ends_with(' ') && !out.is_empty() {
                        out.push(' ');
                    }
                    i = doc.nodes[i].end;
                    continue;
                }
                if tag == "br" && !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
            }
            Kind::Text(t) => push_collapsed(&mut out, t),
        }
        i += 1;
    }
    // Only pushed spaces can trail (none lead): drop them in place.
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn blocks_of(src: &str) -> Vec<(String, BlockKind, String)> {
        let html = Html::parse_document(src);
        let doc = Doc::new(&html);
        segment(&doc)
            .into_iter()
            .map(|b| (doc.tag(b.node).to_string(), b.kind, b.text))
            .collect()
    }

    #[test]
    fn paragraphs_and_list_items_are_blocks() {
        let blocks = blocks_of("<div><p>One <em>two</em></p><ul><li>three</li></ul></div>");
        assert_eq!(
            blocks,
            vec![
                ("p".into(), BlockKind::Text, "One two".into()),
                ("li".into(), BlockKind::Text, "three".into()),
            ]
        );
    }

    #[test]
    fn a_div_with_direct_text_keeps_only_its_own_text() {
        let blocks = blocks_of("<div>Intro <p>para</p> outro</div>");
        assert_eq!(blocks[0].2, "Intro outro");
        assert_eq!(blocks[1].2, "para");
    }

    #[test]
    fn scripts_styles_and_hidden_elements_are_not_blocks() {
        let blocks = blocks_of(
            "<p>seen</p><script>var x</script><style>p{}</style><div hidden><p>no</p></div>\
             <p style='display: none'>no</p><div aria-hidden='true'>no</div>",
        );
        assert_eq!(blocks.len(), 1);
    }

    #[test]
    fn images_and_ad_slots_are_blocks_without_text() {
        let blocks = blocks_of(
            "<figure><img src=a.jpg><figcaption>Cap</figcaption></figure>\
             <div class='ad-slot' id='div-gpt-ad-1'></div>",
        );
        let kinds: Vec<_> = blocks.iter().map(|b| (b.0.as_str(), b.1)).collect();
        assert_eq!(
            kinds,
            vec![
                ("img", BlockKind::Media),
                ("figcaption", BlockKind::Text),
                ("div", BlockKind::Slot)
            ]
        );
    }
}
