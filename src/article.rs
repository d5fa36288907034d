//! Locating the main text: which container holds the story.
//!
//! The scoring follows Mozilla Readability, whose results people already trust: every paragraph
//! of real prose gives points to its ancestors (more for commas and length), containers are
//! weighted by their tag and class names and discounted by their link density, and the best one
//! wins. Its siblings that look like more of the story join it.

use crate::cards;
use crate::dom::{Doc, Kind, NodeIdx};
use crate::segment::{Block, BlockKind};
use crate::tags;
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

/// Tuning, in one place. Values are Readability's, which the corpus evaluation keeps.
pub mod params {
    /// A paragraph shorter than this gives no points.
    pub const MIN_PARAGRAPH_LEN: u32 = 25;
    /// A list item scores like a paragraph when under this share of its text is links.
    pub const PROSE_ITEM_MAX_LINK_DENSITY: f32 = 0.2;
    /// How many ancestors a paragraph gives points to.
    pub const ANCESTOR_LEVELS: usize = 5;
    /// How many of the best candidates are considered when looking for a common ancestor.
    pub const TOP_CANDIDATES: usize = 5;
    /// A sibling of the winner joins the article above this share of the winner's score.
    pub const SIBLING_SHARE: f32 = 0.2;
    /// How far above the winner to look for a story cut into look-alike sections: a section's
    /// paragraphs sit a few wrappers below it (section, container, column, rich text).
    pub const SECTION_LEVELS: usize = 4;
    /// Below this many characters of prose, the page has no article.
    pub const MIN_ARTICLE_LEN: u32 = 140;
    /// A story shorter than this (in characters) makes Readability look again with relaxed
    /// rules: most real articles are longer, so a short result usually means the rules threw
    /// the story away with the chrome.
    pub const RETRY_BELOW_LEN: u32 = 500;
    /// A page without a scoring paragraph is still a document (a note, a list, a few
    /// headings) when less than this share of its text is links; above it, it is a page of
    /// links (a section front, an index) and has no story.
    pub const FALLBACK_MAX_LINK_DENSITY: f32 = 0.5;
    /// Readability's `isProbablyReaderable`: paragraphs shorter than this count for nothing...
    pub const READERABLE_MIN_LEN: u32 = 140;
    /// ...and the page needs this much of `sum(sqrt(len - min))` over its long paragraphs.
    /// Firefox uses these values to decide whether to offer reader view.
    pub const READERABLE_MIN_SCORE: f32 = 20.0;
}

/// Readability's flags: each can be switched off when the result comes out too short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flags {
    /// Skip containers whose class or id says chrome ("sidebar", "comment"...) when scoring.
    pub strip_unlikely: bool,
    /// Weigh containers by their class and id ("article" up, "footer" down).
    pub weight_classes: bool,
    /// Drop furniture-looking containers inside the story (see `classify`).
    pub clean_conditionally: bool,
}

impl Flags {
    pub const ALL: Flags = Flags {
        strip_unlikely: true,
        weight_classes: true,
        clean_conditionally: true,
    };

    /// The attempts in Readability's order: all flags, then one more switched off each time.
    pub fn attempts() -> [Flags; 4] {
        let mut out = [Flags::ALL; 4];
        out[1].strip_unlikely = false;
        out[2] = Flags {
            weight_classes: false,
            ..out[1]
        };
        out[3] = Flags {
            clean_conditionally: false,
            ..out[2]
        };
        out
    }
}

/// The story's containers (the winner and the siblings that join it), in document order.
#[derive(Debug, Clone, Default)]
pub struct ArticleRoots {
    pub roots: Vec<NodeIdx>,
}

impl ArticleRoots {
    pub fn contains(&self, doc: &Doc<'_>, idx: NodeIdx) -> bool {
        self.roots.iter().any(|&r| doc.contains(r, idx))
    }

    pub fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }
}

/// Between the headline and the story's first container: sites often put the lead picture
/// there, outside the container that holds the text.
pub fn lead_span(
    doc: &Doc<'_>,
    article: &ArticleRoots,
    headline: Option<NodeIdx>,
) -> Option<Range<NodeIdx>> {
    headline
        .zip(article.roots.first())
        .map(|(h, &first)| doc.nodes[h].end..first)
}

/// Readability's "unlikely candidate": page chrome that is skipped when scoring (by role, or by
/// the class and id words of `cues`, read once per element in `attrs`).
pub fn is_unlikely(doc: &Doc<'_>, idx: NodeIdx) -> bool {
    let Some(e) = doc.element(idx) else {
        return false;
    };
    if matches!(e.name(), "body" | "a" | "html" | "main" | "article") {
        return false;
    }
    let facts = &doc.facts[idx];
    facts.chrome_role
        || (facts.names.unlikely
            && !doc
                .ancestors(idx)
                .any(|a| matches!(doc.tag(a), "table" | "code")))
}

fn commas(text: &str) -> usize {
    text.chars()
        .filter(|c| {
            matches!(
                c,
                ',' | '，' | '、' | '،' | '﹐' | '︐' | '︑' | '⹁' | '⸴' | '⸲'
            )
        })
        .count()
}

/// Readability's `isProbablyReaderable` score: long visible paragraphs outside chrome and lists.
/// A section front's teaser summaries are short; an article has a few long paragraphs.
pub fn readerable_score(doc: &Doc<'_>) -> f32 {
    let mut score = 0.0;
    let mut idx = 0;
    while idx < doc.nodes.len() {
        if is_unlikely(doc, idx) || crate::segment::is_hidden(doc, idx) {
            idx = doc.nodes[idx].end;
            continue;
        }
        if matches!(doc.tag(idx), "p" | "pre" | "article")
            && doc.text_len[idx] >= params::READERABLE_MIN_LEN
            && !doc.ancestors(idx).any(|a| doc.tag(a) == "li")
        {
            score += ((doc.text_len[idx] - params::READERABLE_MIN_LEN) as f32).sqrt();
            if score > params::READERABLE_MIN_SCORE {
                return score;
            }
        }
        idx += 1;
    }
    score
}

/// Finds the story's containers under Readability's `flags`. Empty when the page has no
/// article.
pub fn locate_with(doc: &Doc<'_>, blocks: &[Block], flags: Flags) -> ArticleRoots {
    let body = doc.find_tag("body");
    let mut unlikely = vec![false; doc.nodes.len()];
    let mut i = 0;
    while flags.strip_unlikely && i < doc.nodes.len() {
        if is_unlikely(doc, i) {
            unlikely[i..doc.nodes[i].end].fill(true);
            i = doc.nodes[i].end;
        } else {
            i += 1;
        }
    }

    let mut scores: HashMap<NodeIdx, f32> = HashMap::default();
    let mut prose_len = 0u32;
    for block in blocks.iter().filter(|b| b.kind == BlockKind::Text) {
        let tag = doc.tag(block.node);
        // Beyond Readability: a post written as bulleted sentences has few `<p>`s, and without
        // its list items a sign-up form's paragraphs can outscore it. Link lists stay unscored.
        let prose_item =
            tag == "li" && doc.link_density(block.node) < params::PROSE_ITEM_MAX_LINK_DENSITY;
        if unlikely[block.node] || !(tags::is_scored(tag) || prose_item) {
            continue;
        }
        let len = block.text.chars().count() as u32;
        if len < params::MIN_PARAGRAPH_LEN {
            continue;
        }
        prose_len += len;
        let score = 1.0 + commas(&block.text) as f32 + (len / 100).min(3) as f32;
        for (level, ancestor) in doc
            .ancestors(block.node)
            .take(params::ANCESTOR_LEVELS)
            .enumerate()
        {
            if doc.nodes[ancestor].parent.is_none() || doc.tag(ancestor) == "html" {
                break;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f32 * 3.0,
            };
            *scores
                .entry(ancestor)
                .or_insert_with(|| initial_score(doc, ancestor, flags.weight_classes)) +=
                score / divider;
        }
    }
    if prose_len < params::MIN_ARTICLE_LEN {
        return whole_body(doc, body);
    }

    let mut candidates: Vec<(NodeIdx, f32)> = scores
        .iter()
        .map(|(&idx, &s)| (idx, s * (1.0 - doc.link_density(idx))))
        .collect();
    candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let final_score: HashMap<NodeIdx, f32> = candidates.iter().copied().collect();
    let Some(&(mut top, top_score)) = candidates.first() else {
        return whole_body(doc, body);
    };
    // Teaser summaries can add up to a story's worth of prose. A page whose paragraphs are all
    // short (Firefox would not offer reader view) and that is mostly links, or whose best
    // container is one teaser card among look-alikes (or a grid of them), is a section front:
    // no story.
    if readerable_score(doc) <= params::READERABLE_MIN_SCORE
        && (body.is_some_and(|b| doc.link_density(b) >= params::FALLBACK_MAX_LINK_DENSITY)
            || cards::is_one_of_many(doc, top)
            || cards::holds_grid(doc, top))
    {
        return ArticleRoots::default();
    }
    if Some(top) == body {
        return ArticleRoots { roots: vec![top] };
    }

    // Several strong candidates under one ancestor: the story is split, take the ancestor.
    let alternatives: Vec<NodeIdx> = candidates
        .iter()
        .skip(1)
        .take(params::TOP_CANDIDATES - 1)
        .filter(|(_, s)| *s / top_score >= 0.75)
        .map(|&(i, _)| i)
        .collect();
    if alternatives.len() >= 3 {
        let mut parent = doc.nodes[top].parent;
        while let Some(p) = parent.filter(|&p| Some(p) != body && doc.tag(p) != "html") {
            if alternatives.iter().filter(|&&a| doc.contains(p, a)).count() >= 3 {
                top = p;
                break;
            }
            parent = doc.nodes[p].parent;
        }
    }

    // Climb while the parent scores better: the winner was a fragment of the story.
    let mut last_score = final_score.get(&top).copied().unwrap_or(top_score);
    let threshold = last_score / 3.0;
    let mut parent = doc.nodes[top].parent;
    while let Some(p) = parent.filter(|&p| Some(p) != body && doc.tag(p) != "html") {
        if let Some(&ps) = final_score.get(&p) {
            if ps < threshold {
                break;
            }
            if ps > last_score {
                top = p;
                break;
            }
            last_score = ps;
        }
        parent = doc.nodes[p].parent;
    }
    // An only child says nothing its parent doesn't.
    while let Some(p) = doc.nodes[top]
        .parent
        .filter(|&p| Some(p) != body && doc.tag(p) != "html")
    {
        if doc.element_children(p).count() != 1 {
            break;
        }
        top = p;
    }

    if let Some(sections) = split_story(doc, top, &final_score, body, &unlikely) {
        return ArticleRoots { roots: sections };
    }

    let top_final = final_score.get(&top).copied().unwrap_or(top_score);
    let mut roots = vec![top];
    if let Some(parent) = doc.nodes[top].parent.filter(|&p| doc.tag(p) != "html") {
        let threshold = (top_final * params::SIBLING_SHARE).max(10.0);
        let top_class = doc.attr(top, "class").unwrap_or("");
        roots = doc
            .element_children(parent)
            .filter(|&sib| {
                if sib == top {
                    return true;
                }
                if unlikely[sib] {
                    return false;
                }
                let bonus = if !top_class.is_empty() && doc.attr(sib, "class") == Some(top_class) {
                    top_final * params::SIBLING_SHARE
                } else {
                    0.0
                };
                if final_score.get(&sib).copied().unwrap_or(0.0) + bonus >= threshold {
                    return true;
                }
                if doc.tag(sib) == "p" {
                    let text = doc.text(sib);
                    let len = text.chars().count();
                    let ld = doc.link_density(sib);
                    return (len > 80 && ld < 0.25)
                        || (len > 0 && len < 80 && ld == 0.0 && ends_sentence(&text));
                }
                false
            })
            .collect();
    }
    ArticleRoots { roots }
}

/// A story cut into look-alike sections (a `<section class=x>` per heading) scores each section
/// apart, and the winner is one of them. When the look-alike siblings of one of the winner's
/// ancestors score at least as much as that ancestor, the story is that ancestor and its
/// look-alikes, in document order. Only look-alikes: the author box or call to action beside
/// the sections is not one of them.
fn split_story(
    doc: &Doc<'_>,
    top: NodeIdx,
    scores: &HashMap<NodeIdx, f32>,
    body: Option<NodeIdx>,
    unlikely: &[bool],
) -> Option<Vec<NodeIdx>> {
    let score = |i: NodeIdx| scores.get(&i).copied().unwrap_or(0.0);
    let mut section = top;
    for _ in 0..params::SECTION_LEVELS {
        let parent = doc.nodes[section]
            .parent
            .filter(|&p| Some(p) != body && doc.tag(p) != "html")?;
        let (tag, class) = (doc.tag(section), doc.attr(section, "class"));
        if class.is_some_and(|c| !c.trim().is_empty()) {
            let sections: Vec<NodeIdx> = doc
                .element_children(parent)
                .filter(|&s| {
                    s == section
                        || (!unlikely[s] && doc.tag(s) == tag && doc.attr(s, "class") == class)
                })
                .collect();
            let rest: f32 = sections.iter().map(|&s| score(s)).sum::<f32>() - score(section);
            if rest > 0.0 && rest >= score(section) {
                return Some(sections);
            }
        }
        section = parent;
    }
    None
}

/// Readability's last resort when nothing scores: the body is the story, unless the page is
/// mostly links (then it has no story at all).
fn whole_body(doc: &Doc<'_>, body: Option<NodeIdx>) -> ArticleRoots {
    match body {
        Some(b)
            if doc.text_len[b] > 0 && doc.link_density(b) < params::FALLBACK_MAX_LINK_DENSITY =>
        {
            ArticleRoots { roots: vec![b] }
        }
        _ => ArticleRoots::default(),
    }
}

fn ends_sentence(text: &str) -> bool {
    text.contains(". ") || text.ends_with('.')
}

fn initial_score(doc: &Doc<'_>, idx: NodeIdx, weight_classes: bool) -> f32 {
    let Kind::Element(e) = doc.nodes[idx].kind else {
        return 0.0;
    };
    let class_weight = if weight_classes {
        doc.facts[idx].names.cues.weight as f32
    } else {
        0.0
    };
    tags::readability_weight(e.name()) + class_weight
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;
    use scraper::Html;

    const PROSE: &str =
        "The council voted on Tuesday, after a long debate, to close the old bridge \
        to traffic, a decision that residents, shop owners and commuters had feared for months.";

    #[test]
    fn the_container_of_the_prose_wins() {
        let src = format!(
            "<body><nav><a href=/>Home</a><a href=/news>News</a></nav>\
             <div id=story><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div>\
             <div class=sidebar><p>{PROSE}</p></div></body>"
        );
        let html = Html::parse_document(&src);
        let doc = Doc::new(&html);
        let roots = locate_with(&doc, &segment(&doc), Flags::ALL);
        assert_eq!(roots.roots.len(), 1);
        assert_eq!(doc.attr(roots.roots[0], "id"), Some("story"));
    }

    #[test]
    fn a_page_of_links_has_no_article() {
        let src =
            "<body><ul><li><a href=/a>One story</a></li><li><a href=/b>Two</a></li></ul></body>";
        let html = Html::parse_document(src);
        let doc = Doc::new(&html);
        assert!(locate_with(&doc, &segment(&doc), Flags::ALL).is_empty());
    }
}
