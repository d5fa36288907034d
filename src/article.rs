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
    /// A paragraph scores one point per this many characters...
    pub const CHARS_PER_POINT: u32 = 100;
    /// ...up to this many.
    pub const MAX_LENGTH_POINTS: u32 = 3;
    /// The parent gets all of a paragraph's points, the grandparent half, an ancestor further
    /// up its level times this less.
    pub const FAR_ANCESTOR_DIVIDER: f32 = 3.0;
    /// How many of the best candidates are considered when looking for a common ancestor.
    pub const TOP_CANDIDATES: usize = 5;
    /// A candidate scoring at least this share of the winner's score is an alternative...
    pub const ALTERNATIVE_SHARE: f32 = 0.75;
    /// ...and this many alternatives under one ancestor make the ancestor the story.
    pub const MIN_ALTERNATIVES: usize = 3;
    /// Climbing from the winner stops at a parent scoring under its score divided by this.
    pub const CLIMB_CUTOFF_DIVISOR: f32 = 3.0;
    /// A sibling of the winner joins the article above this share of the winner's score...
    pub const SIBLING_SHARE: f32 = 0.2;
    /// ...and never below this score.
    pub const MIN_SIBLING_SCORE: f32 = 10.0;
    /// A sibling `<p>` longer than this joins when few of its words are links; a shorter one
    /// when it is an unlinked sentence.
    pub const SIBLING_PARAGRAPH_LEN: usize = 80;
    pub const SIBLING_PARAGRAPH_MAX_LINK_DENSITY: f32 = 0.25;
    /// A `<div>` around a single `<p>` is unwrapped below this share of linked text.
    pub const WRAPPER_MAX_LINK_DENSITY: f32 = 0.25;
    /// How far above the winner to look for a story cut into look-alike sections: a section's
    /// paragraphs sit a few wrappers below it (section, container, column, rich text).
    pub const SECTION_LEVELS: usize = 4;
    /// Sections with no class of their own sit further up: a bare `<div>` around a row, a
    /// column and a named section, then the paragraphs' wrappers.
    pub const DEEP_SECTION_LEVELS: usize = 12;
    /// Unnamed look-alikes are common (any list of bare `<div>`s): it takes this many.
    pub const MIN_UNNAMED_SECTIONS: usize = 3;
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
    let unlikely = unlikely_mask(doc, flags);
    let (scores, prose_len) = score_paragraphs(doc, blocks, &unlikely, flags);
    if prose_len < params::MIN_ARTICLE_LEN {
        return whole_body(doc, body);
    }
    let candidates = rank(doc, &scores);
    let final_score: HashMap<NodeIdx, f32> = candidates.iter().copied().collect();
    let Some(&(top, top_score)) = candidates.first() else {
        return whole_body(doc, body);
    };
    if is_section_front(doc, body, top) {
        return ArticleRoots::default();
    }
    if Some(top) == body {
        return ArticleRoots { roots: vec![top] };
    }
    let inside = |p: NodeIdx| Some(p) != body && doc.tag(p) != "html";
    let named_fragment = owes_win_to_name(doc, &scores, top, flags);
    let top = common_ancestor(doc, &candidates, inside).unwrap_or(top);
    let top = climb_to_better_parent(doc, &final_score, top, top_score, inside);
    let top = if named_fragment {
        rival_ancestor(doc, &final_score, top, inside)
    } else {
        top
    };
    let top = climb_only_children(doc, top, inside);
    if let Some(sections) = split_story(doc, top, &final_score, inside, &unlikely) {
        return ArticleRoots { roots: sections };
    }
    let top_final = final_score.get(&top).copied().unwrap_or(top_score);
    ArticleRoots {
        roots: join_siblings(doc, top, top_final, &final_score, &unlikely),
    }
}

/// Readability's strip-unlikely: every node of a chrome-looking subtree (see [`is_unlikely`]).
fn unlikely_mask(doc: &Doc<'_>, flags: Flags) -> Vec<bool> {
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
    unlikely
}

/// Readability's scoring: each paragraph of prose gives points (one, one per comma, one per
/// hundred characters up to three) to its ancestors, less the further up they are. Returns the
/// candidates' scores and how much prose scored.
fn score_paragraphs(
    doc: &Doc<'_>,
    blocks: &[Block],
    unlikely: &[bool],
    flags: Flags,
) -> (HashMap<NodeIdx, f32>, u32) {
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
        let score = 1.0
            + commas(&block.text) as f32
            + (len / params::CHARS_PER_POINT).min(params::MAX_LENGTH_POINTS) as f32;
        for (level, ancestor) in doc
            .ancestors(block.node)
            .filter(|&a| !is_paragraph_wrapper(doc, a))
            .take(params::ANCESTOR_LEVELS)
            .enumerate()
        {
            if doc.nodes[ancestor].parent.is_none() || doc.tag(ancestor) == "html" {
                break;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f32 * params::FAR_ANCESTOR_DIVIDER,
            };
            *scores
                .entry(ancestor)
                .or_insert_with(|| initial_score(doc, ancestor, flags.weight_classes)) +=
                score / divider;
        }
    }
    (scores, prose_len)
}

/// The candidates by final score (discounted by their link density), best first; ties go to
/// the earlier element.
fn rank(doc: &Doc<'_>, scores: &HashMap<NodeIdx, f32>) -> Vec<(NodeIdx, f32)> {
    let mut candidates: Vec<(NodeIdx, f32)> = scores
        .iter()
        .map(|(&idx, &s)| (idx, s * (1.0 - doc.link_density(idx))))
        .collect();
    candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    candidates
}

/// Teaser summaries can add up to a story's worth of prose. A page whose paragraphs are all
/// short (Firefox would not offer reader view) and that is mostly links, or whose best
/// container is one teaser card among look-alikes (or a grid of them), is a section front: no
/// story.
fn is_section_front(doc: &Doc<'_>, body: Option<NodeIdx>, top: NodeIdx) -> bool {
    readerable_score(doc) <= params::READERABLE_MIN_SCORE
        && (body.is_some_and(|b| doc.link_density(b) >= params::FALLBACK_MAX_LINK_DENSITY)
            || cards::is_one_of_many(doc, top)
            || cards::holds_grid(doc, top))
}

/// Several strong candidates under one ancestor: the story is split, and the ancestor is it.
fn common_ancestor(
    doc: &Doc<'_>,
    candidates: &[(NodeIdx, f32)],
    inside: impl Fn(NodeIdx) -> bool,
) -> Option<NodeIdx> {
    let &(top, top_score) = candidates.first()?;
    let alternatives: Vec<NodeIdx> = candidates
        .iter()
        .skip(1)
        .take(params::TOP_CANDIDATES - 1)
        .filter(|(_, s)| *s / top_score >= params::ALTERNATIVE_SHARE)
        .map(|&(i, _)| i)
        .collect();
    if alternatives.len() < params::MIN_ALTERNATIVES {
        return None;
    }
    let mut parent = doc.nodes[top].parent;
    while let Some(p) = parent.filter(|&p| inside(p)) {
        if alternatives.iter().filter(|&&a| doc.contains(p, a)).count() >= params::MIN_ALTERNATIVES
        {
            return Some(p);
        }
        parent = doc.nodes[p].parent;
    }
    None
}

/// Climbs while the parent scores better: the winner was a fragment of the story. A parent
/// scoring under a fraction of the winner ends the climb.
fn climb_to_better_parent(
    doc: &Doc<'_>,
    final_score: &HashMap<NodeIdx, f32>,
    top: NodeIdx,
    top_score: f32,
    inside: impl Fn(NodeIdx) -> bool,
) -> NodeIdx {
    let mut last_score = final_score.get(&top).copied().unwrap_or(top_score);
    let threshold = last_score / params::CLIMB_CUTOFF_DIVISOR;
    let mut parent = doc.nodes[top].parent;
    while let Some(p) = parent.filter(|&p| inside(p)) {
        if let Some(&ps) = final_score.get(&p) {
            if ps < threshold {
                break;
            }
            if ps > last_score {
                return p;
            }
            last_score = ps;
        }
        parent = doc.nodes[p].parent;
    }
    top
}

/// The winner's class and id gave it more points than its paragraphs did: a panel named
/// "content" beats the story it sits in.
fn owes_win_to_name(
    doc: &Doc<'_>,
    scores: &HashMap<NodeIdx, f32>,
    top: NodeIdx,
    flags: Flags,
) -> bool {
    let name = if flags.weight_classes {
        doc.facts[top].names.cues.weight as f32
    } else {
        0.0
    };
    let prose =
        scores.get(&top).copied().unwrap_or(0.0) - initial_score(doc, top, flags.weight_classes);
    name > 0.0 && prose < name
}

/// An ancestor that scores nearly as well as the winner from prose of its own: the winner is a
/// fragment (an accordion panel named "content", one section of a long guide).
fn rival_ancestor(
    doc: &Doc<'_>,
    final_score: &HashMap<NodeIdx, f32>,
    top: NodeIdx,
    inside: impl Fn(NodeIdx) -> bool,
) -> NodeIdx {
    let Some(&top_score) = final_score.get(&top) else {
        return top;
    };
    doc.ancestors(top)
        .take_while(|&p| inside(p))
        .find(|p| {
            final_score
                .get(p)
                .is_some_and(|&s| s >= top_score * params::ALTERNATIVE_SHARE)
        })
        .unwrap_or(top)
}

/// An only child says nothing its parent doesn't.
fn climb_only_children(
    doc: &Doc<'_>,
    mut top: NodeIdx,
    inside: impl Fn(NodeIdx) -> bool,
) -> NodeIdx {
    while let Some(p) = doc.nodes[top].parent.filter(|&p| inside(p)) {
        if doc.element_children(p).count() != 1 {
            break;
        }
        top = p;
    }
    top
}

/// The winner's siblings that look like more of the story join it: those that score well
/// enough (more so with the winner's class), and paragraphs of prose.
fn join_siblings(
    doc: &Doc<'_>,
    top: NodeIdx,
    top_final: f32,
    final_score: &HashMap<NodeIdx, f32>,
    unlikely: &[bool],
) -> Vec<NodeIdx> {
    let Some(parent) = doc.nodes[top].parent.filter(|&p| doc.tag(p) != "html") else {
        return vec![top];
    };
    let threshold = (top_final * params::SIBLING_SHARE).max(params::MIN_SIBLING_SCORE);
    let top_class = doc.attr(top, "class").unwrap_or("");
    doc.element_children(parent)
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
                return (len > params::SIBLING_PARAGRAPH_LEN
                    && ld < params::SIBLING_PARAGRAPH_MAX_LINK_DENSITY)
                    || (len > 0
                        && len < params::SIBLING_PARAGRAPH_LEN
                        && ld == 0.0
                        && ends_sentence(&text));
            }
            false
        })
        .collect()
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
    inside: impl Fn(NodeIdx) -> bool,
    unlikely: &[bool],
) -> Option<Vec<NodeIdx>> {
    let score = |i: NodeIdx| scores.get(&i).copied().unwrap_or(0.0);
    // Candidates in document order, sorted once for every level that weighs unnamed sections.
    let by_position = std::cell::OnceCell::new();
    let mut section = top;
    for level in 0..params::DEEP_SECTION_LEVELS {
        let parent = doc.nodes[section].parent.filter(|&p| inside(p))?;
        let (tag, class) = (doc.tag(section), doc.attr(section, "class"));
        let classed = class.is_some_and(|c| !c.trim().is_empty());
        if classed && level < params::SECTION_LEVELS {
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
        } else if !classed {
            let ordered = || {
                by_position
                    .get_or_init(|| {
                        let mut v: Vec<(NodeIdx, f32)> =
                            scores.iter().map(|(&c, &v)| (c, v)).collect();
                        v.sort_unstable_by_key(|&(c, _)| c);
                        v
                    })
                    .as_slice()
            };
            if let Some(sections) = unnamed_sections(doc, section, parent, ordered, unlikely) {
                return Some(sections);
            }
        }
        section = parent;
    }
    None
}

/// Sections that carry no class of their own (a bare `<div>` per heading, each wrapping the
/// same named layout a few levels deep) are too far above their paragraphs to be scored: they
/// are told apart by their first child's name and weighed by the best candidate each holds.
/// It takes several of them, and the rest must outweigh the winner's.
fn unnamed_sections<'o>(
    doc: &Doc<'_>,
    section: NodeIdx,
    parent: NodeIdx,
    ordered: impl FnOnce() -> &'o [(NodeIdx, f32)],
    unlikely: &[bool],
) -> Option<Vec<NodeIdx>> {
    let shape = |s: NodeIdx| {
        let first = doc.element_children(s).next()?;
        let class = doc.attr(first, "class").filter(|c| !c.trim().is_empty())?;
        Some((doc.tag(s), doc.tag(first), class))
    };
    let own = shape(section)?;
    let sections: Vec<NodeIdx> = doc
        .element_children(parent)
        .filter(|&s| {
            s == section
                || (!unlikely[s]
                    && doc.attr(s, "class").is_none_or(|c| c.trim().is_empty())
                    && shape(s) == Some(own))
        })
        .collect();
    if sections.len() < params::MIN_UNNAMED_SECTIONS {
        return None;
    }
    // Candidates in document order: each section's are one run of them (sections are disjoint).
    let ordered = ordered();
    let best = |s: NodeIdx| {
        let from = ordered.partition_point(|&(c, _)| c <= s);
        let to = ordered.partition_point(|&(c, _)| c < doc.nodes[s].end);
        ordered[from..to]
            .iter()
            .map(|&(_, v)| v)
            .fold(0.0f32, f32::max)
    };
    let rest: f32 = sections
        .iter()
        .filter(|&&s| s != section)
        .map(|&s| best(s))
        .sum();
    (rest >= best(section)).then_some(sections)
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

/// Readability unwraps a `<div>` that holds one `<p>` and nothing else (sites that wrap each
/// paragraph in its own `<div>`): the paragraph then scores its real container, not the wrapper.
fn is_paragraph_wrapper(doc: &Doc<'_>, idx: NodeIdx) -> bool {
    if doc.tag(idx) != "div" || doc.link_density(idx) >= params::WRAPPER_MAX_LINK_DENSITY {
        return false;
    }
    let mut children = doc.element_children(idx);
    let only_p = matches!((children.next(), children.next()), (Some(c), None) if doc.tag(c) == "p");
    only_p
        && doc.children(idx).all(|c| match doc.nodes[c].kind {
            Kind::Text(t) => t.trim().is_empty(),
            _ => true,
        })
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

    const ASIDE: &str = "Elsewhere, the regional rail operator said on Monday, after months of \
        talks, that it would add two trains an hour, a change that riders, unions and councils \
        had asked for.";

    /// The text of the story's containers.
    fn story_text(src: &str) -> String {
        let html = Html::parse_document(src);
        let doc = Doc::new(&html);
        let roots = locate_with(&doc, &segment(&doc), Flags::ALL);
        roots.roots.iter().map(|&r| doc.text(r)).collect()
    }

    #[test]
    fn paragraphs_wrapped_one_per_div_score_the_story_around_them() {
        let wrapped = format!("<div><p>{PROSE}</p></div>").repeat(5);
        let src = format!(
            "<body><div class=col><div class=prose>{wrapped}</div></div>\
             <div class=rail><div><div>{}</div></div></div></body>",
            format!("<p>{ASIDE}</p>").repeat(3)
        );
        let story = story_text(&src);
        assert!(story.contains("The council voted") && !story.contains("Elsewhere"));
    }

    #[test]
    fn a_panel_that_wins_by_its_name_gives_way_to_the_story_around_it() {
        let src = format!(
            "<body><div id=story>{}<h2>Costs</h2><ul><li>Tuition is $400 a credit.</li></ul>\
             <div class=faq><div id=content-1 class=accordion-content>\
             <p>Yes, most programmes accept transfer credit.</p><p>Ask the admissions office.</p>\
             </div></div></div><div class=rail><div><div><p>{ASIDE}</p></div></div></div></body>",
            format!("<p>{PROSE}</p>").repeat(4)
        );
        let story = story_text(&src);
        assert!(story.contains("Tuition is") && story.contains("transfer credit"));
    }

    #[test]
    fn sections_in_bare_divs_far_above_their_paragraphs_make_one_story() {
        // Each section: a bare <div> around a row, a column, a named section and two wrappers,
        // too far up for its paragraphs to score it; the comma-heavy references win alone.
        let section = |heading: &str, body: &str| {
            format!(
                "<div><div class=row><div class=col><div class=sec><h2>{heading}</h2>\
                 <div class=rich><div class=text>{body}</div></div></div></div></div></div>"
            )
        };
        let reference =
            "<p>Smith A, Jones B, Lee C, et al. Title, of, a, paper. J Med. 2020;1(2):3-4.</p>";
        let src = format!(
            "<body><main><div class=row><div class=col>{}{}{}{}</div></div></main>\
             <div class=rail><p>{ASIDE}</p></div></body>",
            section("Uses", &format!("<p>{PROSE}</p>").repeat(2)),
            section("Safety", &format!("<p>{PROSE}</p>").repeat(2)),
            section("Costs", &format!("<p>{PROSE}</p>").repeat(2)),
            section("References", &reference.repeat(8)),
        );
        let story = story_text(&src);
        assert!(story.contains("Uses") && story.contains("Costs") && story.contains("Smith A"));
        assert!(!story.contains("Elsewhere"));
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
