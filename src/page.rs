//! The core's one pass: parse a page once, decide about it once, then produce what a caller
//! asks for (the hide list, the reader article, the block report) from those decisions.
//!
//! The extension's de-clutter pass asks for the hide list and the article; the demo and the
//! CLI ask for everything ([`Decisions::analysis`]). Nothing is built that nobody asked for.

use crate::article::{self, ArticleRoots};
use crate::classify::{self, Decision, Label};
use crate::dom::{Doc, NodeIdx};
use crate::features::{self, Features};
use crate::keyed::HashKey;
use crate::segment::{self, Block};
use crate::{copies, gate, hide, limits, metadata, reader, site_rules};
use crate::{Analysis, Article, BlockReport, Error, HideTarget, Options};
use scraper::Html;
use serde_json::Value;
use std::ops::Range;
use url::Url;

/// A page parsed within [`crate::Limits`], with the address its links resolve against.
pub struct Page {
    html: Html,
    base: Option<Url>,
    ungated: bool,
    hash_key: HashKey,
}

impl Page {
    pub fn parse(html: &str, options: &Options) -> Result<Page, Error> {
        let parsed = limits::parse_document(html, &options.limits)?;
        // The parse counts elements and comments as it goes; text nodes count too once it is
        // done (they are what the later stages hold per node).
        let nodes = parsed
            .tree
            .values()
            .filter(|n| n.is_element() || n.is_text())
            .count();
        options.limits.check_nodes(nodes)?;
        Ok(Page {
            html: parsed,
            base: options.url.as_deref().and_then(|u| Url::parse(u).ok()),
            ungated: options.ungated,
            hash_key: options.hash_key,
        })
    }

    /// Every decision about the page: blocks, where the story is, labels, the page gate.
    pub fn decide(&self) -> Decisions<'_> {
        let doc = Doc::keyed(&self.html, self.hash_key);
        let blocks = segment::segment(&doc);
        let Attempt {
            roots,
            features,
            decisions,
            headline,
        } = find_story(&doc, &blocks, self.base.as_ref());
        let labels: Vec<Label> = decisions.iter().map(|d| d.label).collect();
        let ld = metadata::json_ld(&doc);
        let verdict = gate::decide(gate::signals(
            &doc,
            &ld,
            &gate::Story {
                blocks: &blocks,
                features: &features,
                labels: &labels,
            },
            self.base.as_ref(),
        ));
        // A few words without chrome (a test page, a note) still extract as a document, but the
        // gate does not take them for a story worth changing the live page for.
        let is_article = verdict.story || (self.ungated && !roots.is_empty());
        Decisions {
            base: self.base.as_ref(),
            doc,
            blocks,
            roots,
            features,
            decisions,
            labels,
            headline,
            ld,
            verdict,
            is_article,
        }
    }
}

/// What the core decided about one page; the outputs are derived from it on demand.
pub struct Decisions<'p> {
    base: Option<&'p Url>,
    doc: Doc<'p>,
    blocks: Vec<Block>,
    roots: ArticleRoots,
    features: Vec<Features>,
    decisions: Vec<Decision>,
    labels: Vec<Label>,
    headline: Option<NodeIdx>,
    ld: Vec<Value>,
    /// The gate's answer, its reasons and the signals it read.
    pub verdict: gate::Verdict,
    /// A story page (or `Options::ungated`): only then is anything hidden in place.
    pub is_article: bool,
}

impl Decisions<'_> {
    /// Every block's label, in document order.
    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    /// The elements to hide in place: none unless the page is a story page.
    pub fn hide(&self) -> Vec<HideTarget> {
        if !self.is_article {
            return Vec::new();
        }
        let plan = hide::plan(
            &self.doc,
            &self.blocks,
            &self.features,
            &self.labels,
            &self.roots,
        );
        let selectors = self.doc.selectors(plan.iter().map(|&(node, _)| node));
        plan.into_iter()
            .zip(selectors)
            .map(|((node, label), selector)| HideTarget {
                selector,
                element_index: self.doc.nodes[node].element_index,
                label,
            })
            .collect()
    }

    /// The story's metadata and its body as reader mode shows it (built on any page: reader
    /// mode on demand does its best where the gate said no).
    pub fn article(&self) -> Article {
        let byline_block = self.byline().map(|b| b.text.as_str());
        let headline_text = self.headline.map(|h| self.doc.text(h));
        let meta = metadata::extract(&self.doc, &self.ld, headline_text.as_deref(), byline_block);
        let body = (!self.roots.is_empty()).then(|| {
            let scope = reader::scope(&self.doc, &self.roots, self.lead());
            reader::build(
                &self.doc,
                &reader::Story {
                    scope: &scope,
                    blocks: &self.blocks,
                    labels: &self.labels,
                    headline: self.headline,
                },
                self.base,
            )
        });
        let body = body.unwrap_or_default();
        Article {
            meta,
            text: body.text,
            content: body.html,
            word_count: body.word_count,
            reading_minutes: body.reading_minutes,
        }
    }

    /// Every block with its label, the rule that gave it, and what was measured.
    pub fn blocks(&self) -> Vec<BlockReport> {
        self.report(self.blocks.clone(), self.features.clone())
    }

    /// Everything at once, for the CLI and the demo page. Takes the decisions: the block report
    /// is made of the blocks' texts and features themselves, not of copies.
    pub fn analysis(mut self) -> Analysis {
        let article = self.article();
        let hide = self.hide();
        let blocks = std::mem::take(&mut self.blocks);
        let features = std::mem::take(&mut self.features);
        Analysis {
            is_article: self.is_article,
            blocks: self.report(blocks, features),
            page: self.verdict,
            hide,
            document: article.document(),
            article,
        }
    }

    /// The byline block the article's byline falls back to: the first one, on a story page
    /// only (outside a story, an "author" in the layout is a reviewer's or poster's name).
    fn byline(&self) -> Option<&Block> {
        self.blocks
            .iter()
            .zip(&self.labels)
            .filter(|_| self.verdict.story)
            .find(|(_, &l)| l == Label::Byline)
            .map(|(b, _)| b)
    }

    /// The block report of the page's blocks and their features.
    fn report(&self, blocks: Vec<Block>, features: Vec<Features>) -> Vec<BlockReport> {
        let selectors = self.doc.selectors(blocks.iter().map(|b| b.node));
        blocks
            .into_iter()
            .zip(features)
            .zip(&self.decisions)
            .zip(selectors)
            .map(|(((b, f), d), selector)| BlockReport {
                label: d.label,
                score: d.score,
                selector,
                element_index: self.doc.nodes[b.node].element_index,
                kind: b.kind,
                reason: d.reason,
                text: b.text,
                features: f,
            })
            .collect()
    }

    fn lead(&self) -> Option<Range<NodeIdx>> {
        article::lead_span(&self.doc, &self.roots, self.headline)
    }
}

/// The pass the sieve keeps: where the story is, what was measured from there, the labels.
struct Attempt {
    roots: ArticleRoots,
    features: Vec<Features>,
    decisions: Vec<Decision>,
    headline: Option<NodeIdx>,
}

/// Readability's sieve: when the story comes out shorter than
/// [`article::params::RETRY_BELOW_LEN`], look again with one more rule relaxed, and keep the
/// longest story found. Captions do not count: a story whose paragraphs were all cleaned away
/// leaves its photos' captions behind. At most four passes, each linear in the page; a pass that
/// finds the same containers as the one before reuses what was measured from them (most short
/// pages find the same ones every time).
fn find_story(doc: &Doc<'_>, blocks: &[Block], site: Option<&Url>) -> Attempt {
    // Each distinct set of containers found, with its features and headline.
    let mut located: Vec<(ArticleRoots, Vec<Features>, Option<NodeIdx>)> = Vec::new();
    // The longest story so far: which containers, the labels, the story's length.
    let mut best: Option<(usize, Vec<Decision>, u32)> = None;
    let copies = copies::later_copies(doc);
    for flags in article::Flags::attempts() {
        let roots = article::locate_with(doc, blocks, flags);
        if located.last().is_none_or(|(r, ..)| r.roots != roots.roots) {
            let features = features::extract(doc, blocks, &roots, site);
            let headline = classify::headline(doc, blocks, &features, &roots);
            located.push((roots, features, headline));
        }
        let at = located.len() - 1;
        let (roots, features, headline) = &located[at];
        let decisions = classify::classify_with(
            doc,
            blocks,
            features,
            &classify::Story {
                roots,
                headline: *headline,
                lead: article::lead_span(doc, roots, *headline),
                copies: &copies,
            },
            flags,
        );
        let story_len = features
            .iter()
            .zip(&decisions)
            .filter(|(f, d)| f.in_article && d.label == Label::Article)
            .map(|(f, _)| f.text_len)
            .sum();
        if story_len >= article::params::RETRY_BELOW_LEN {
            best = Some((at, decisions, story_len));
            break;
        }
        if best.as_ref().is_none_or(|b| story_len > b.2) {
            best = Some((at, decisions, story_len));
        }
    }
    let (at, decisions, _) = best.expect("at least one attempt");
    let (roots, features, headline) = located.swap_remove(at);
    Attempt {
        roots,
        features,
        decisions,
        headline,
    }
}

/// What the extension remembers per site (see [`crate::site_rules`]): for a hidden element, a
/// selector that finds the same box on the site's other pages and the rule that decided it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SiteRule {
    pub selector: String,
    /// The reason of the rule that labelled the first clutter block inside (as `BlockReport`'s).
    pub rule: &'static str,
}

/// An element a person picked ("hide this"), as the extension stores it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Picked {
    /// Finds the element again on this page and the same box on the site's other pages.
    pub selector: String,
    /// The exact CSS path, to check the element index against the live page.
    pub path: String,
    /// The start of its text, to show with the correction.
    pub text: String,
}

impl Decisions<'_> {
    /// The node of each element index (as `getElementsByTagName('*')` counts), in one pass over
    /// the page.
    fn nodes_of(&self, indices: &[u32]) -> Vec<Option<NodeIdx>> {
        let mut wanted: Vec<(u32, usize)> = indices.iter().copied().zip(0..).collect();
        wanted.sort_unstable();
        let mut nodes = vec![None; indices.len()];
        for i in 0..self.doc.nodes.len() {
            if self.doc.element(i).is_none() {
                continue;
            }
            let index = self.doc.nodes[i].element_index;
            let from = wanted.partition_point(|&(e, _)| e < index);
            for &(_, at) in wanted[from..].iter().take_while(|&&(e, _)| e == index) {
                nodes[at].get_or_insert(i);
            }
        }
        nodes
    }

    /// For each element of `hide` (as [`Decisions::hide`] lists them), in the same order: a
    /// selector that matches it and, on this page, nothing but hidden clutter; and the rule that
    /// decided it.
    pub fn site_rules(&self, hide: &[HideTarget]) -> Vec<SiteRule> {
        let indices: Vec<u32> = hide.iter().map(|h| h.element_index).collect();
        let nodes = self.nodes_of(&indices);
        // Every node under a hidden element, marked once: each selector below is checked
        // against the whole page.
        let mut hidden = vec![false; self.doc.nodes.len()];
        for &node in nodes.iter().flatten() {
            hidden[node..self.doc.nodes[node].end].fill(true);
        }
        nodes
            .iter()
            .zip(hide)
            .filter_map(|(node, h)| node.map(|node| (node, h)))
            .map(|(node, h)| {
                let end = self.doc.nodes[node].end;
                let rule = self
                    .blocks
                    .iter()
                    .zip(&self.decisions)
                    .find(|(b, d)| (node..end).contains(&b.node) && d.label == h.label)
                    .map_or("", |(_, d)| d.reason);
                SiteRule {
                    selector: site_rules::stable_selector(&self.doc, node, |i| hidden[i]),
                    rule,
                }
            })
            .collect()
    }

    /// The element at `element_index` (as `getElementsByTagName('*')` counts), as a person's
    /// pick is stored: a selector that matches it alone on this page, its path and its text.
    pub fn pick(&self, element_index: u32) -> Option<Picked> {
        let node = self.nodes_of(&[element_index])[0]?;
        Some(Picked {
            selector: site_rules::stable_selector(&self.doc, node, |_| false),
            path: self.doc.selector(node),
            text: site_rules::example_text(&self.doc, node),
        })
    }

    /// The smallest element that holds everything the reader's article is read from in the
    /// body: the story's containers, the lead figures, the headline and the byline block (the
    /// rest comes from `<head>`, `<meta>`, `<time>` and JSON-LD). Text and attributes changed
    /// outside it cannot change the article's text, so the extension does not ask again for
    /// them. None when the page has no story.
    pub fn story_extent(&self) -> Option<NodeIdx> {
        if self.roots.is_empty() {
            return None;
        }
        let byline = self.byline().map(|b| b.node);
        let scope = reader::scope(&self.doc, &self.roots, self.lead());
        let mut parts = scope.into_iter().chain(self.headline).chain(byline);
        let first = parts.next()?;
        let mut extent = Some(first);
        for part in parts {
            while let Some(e) = extent.filter(|&e| !self.doc.contains(e, part)) {
                extent = self.doc.nodes[e].parent;
            }
        }
        // A text node (a block's own text) stands for its element.
        extent.and_then(|e| {
            std::iter::once(e)
                .chain(self.doc.ancestors(e))
                .find(|&a| self.doc.element(a).is_some())
        })
    }

    /// The element index and CSS path of [`Decisions::story_extent`], as the extension finds it.
    pub fn story_at(&self) -> Option<(u32, String)> {
        self.story_extent()
            .map(|e| (self.doc.nodes[e].element_index, self.doc.selector(e)))
    }

    /// For each selector, whether it would hide story text on this page (a story block of the
    /// story's container, or an element around one). Nothing is story text on a page that is
    /// not a story.
    pub fn hiding_story(&self, selectors: &[String]) -> Vec<bool> {
        if !self.is_article {
            return vec![false; selectors.len()];
        }
        let story: Vec<NodeIdx> = self
            .blocks
            .iter()
            .zip(&self.labels)
            .zip(&self.features)
            .filter(|((_, l), f)| l.is_story() && f.in_article)
            .map(|((b, _), _)| b.node)
            .collect();
        site_rules::hiding_story(&self.doc, &story, selectors)
    }
}
