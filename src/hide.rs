//! What in-place de-cluttering hides: the largest elements that hold clutter and nothing else.
//!
//! Hiding the whole "More Latest News" section, not each teaser inside it, leaves no empty
//! frames behind; stopping at any element that holds story, navigation or other kept text keeps
//! the site's own layout.

use crate::article::ArticleRoots;
use crate::classify::Label;
use crate::dom::{Doc, NodeIdx};
use crate::features::Features;
use crate::segment::Block;
use crate::tags;

/// Thresholds, each with why it has its value.
pub mod params {
    /// A paragraph of prose this long is never hidden as a related link: teaser summaries are
    /// shorter, and a wrong "related" label on story text must not take the text off the page.
    pub const PROSE_LEN: u32 = 250;
}

/// A block of prose: long, several sentences, few links. Story text that a related-link rule
/// caught looks like this; lists of links and teaser cards do not.
fn is_prose(f: &Features) -> bool {
    f.text_len >= params::PROSE_LEN && f.sentence_ends >= 2 && f.link_density < 0.25
}

/// Elements to hide, outermost first, with the label of the clutter inside (the most common).
pub fn plan(
    doc: &Doc<'_>,
    blocks: &[Block],
    features: &[Features],
    labels: &[Label],
    article: &ArticleRoots,
) -> Vec<(NodeIdx, Label)> {
    let n = doc.nodes.len();
    // Per node: blocks kept in place below it, promo and related-link blocks below it.
    let mut kept = vec![0u32; n];
    let mut promo = vec![0u32; n];
    let mut related = vec![0u32; n];
    for ((b, f), &label) in blocks.iter().zip(features).zip(labels) {
        match label {
            Label::Promo => promo[b.node] += 1,
            Label::RelatedLink if !is_prose(f) => related[b.node] += 1,
            _ => kept[b.node] += 1,
        }
    }
    for counts in [&mut kept, &mut promo, &mut related] {
        doc.sum_subtrees(counts);
    }
    let mut out = Vec::new();
    let mut idx = 0;
    while idx < n {
        let clutter = promo[idx] + related[idx];
        let protected = tags::is_never_hidden(doc.tag(idx))
            || article.roots.iter().any(|&r| doc.contains(idx, r));
        if doc.element(idx).is_some() && kept[idx] == 0 && clutter > 0 && !protected {
            let label = if promo[idx] >= related[idx] {
                Label::Promo
            } else {
                Label::RelatedLink
            };
            out.push((idx, label));
            idx = doc.nodes[idx].end;
        } else {
            idx += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::BlockKind;
    use scraper::Html;

    fn by_id(doc: &Doc<'_>, id: &str) -> NodeIdx {
        (0..doc.nodes.len())
            .find(|&i| doc.attr(i, "id") == Some(id))
            .unwrap()
    }

    /// The ids of the elements `plan` hides, given the text blocks by id with their labels and
    /// the story's container.
    fn hidden_ids(html: &str, blocks: &[(&str, Label)], story: &str) -> Vec<String> {
        let html = Html::parse_document(html);
        let doc = Doc::new(&html);
        let (blocks, labels): (Vec<Block>, Vec<Label>) = blocks
            .iter()
            .map(|&(id, label)| {
                let node = by_id(&doc, id);
                let text = doc.text(node);
                let kind = BlockKind::Text;
                (Block { node, kind, text }, label)
            })
            .unzip();
        let roots = ArticleRoots {
            roots: vec![by_id(&doc, story)],
        };
        let features = crate::features::extract(&doc, &blocks, &roots, None);
        plan(&doc, &blocks, &features, &labels, &roots)
            .into_iter()
            .map(|(n, _)| doc.attr(n, "id").unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn hides_the_outermost_container_of_clutter_only() {
        let hidden = hidden_ids(
            "<body><div id=story><p id=a>story</p><p id=r>Read more</p></div>\
             <section id=more><h2 id=h>More news</h2><ul><li id=l1>x</li><li id=l2>y</li></ul></section></body>",
            &[
                ("a", Label::Article),
                ("r", Label::RelatedLink),
                ("h", Label::RelatedLink),
                ("l1", Label::RelatedLink),
                ("l2", Label::RelatedLink),
            ],
            "story",
        );
        assert_eq!(hidden, ["r", "more"]);
    }

    #[test]
    fn a_paragraph_of_prose_labelled_related_stays_on_the_page() {
        let prose = "The council voted on Tuesday, after a long debate, to close the old bridge. \
                     Residents, shop owners and commuters had feared the decision for months. \
                     The works will start in spring and last until the end of next year, when a \
                     new crossing opens upstream of the old one.";
        let hidden = hidden_ids(
            &format!(
                "<body><div id=story><p id=a>{prose}</p></div>\
                 <div id=box><p id=p>{prose}</p><p id=l><a href=/x>Another story</a></p></div></body>"
            ),
            &[
                ("a", Label::Article),
                ("p", Label::RelatedLink),
                ("l", Label::RelatedLink),
            ],
            "story",
        );
        assert_eq!(hidden, ["l"]);
    }
}
