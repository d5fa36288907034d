//! Site rules: a selector that finds "the same box" on other pages of a site, and the check that
//! a rule does not hide the story.
//!
//! The extension remembers a person's corrections ("hide this", "show this") and the clutter the
//! core hid on several pages of a site as CSS selectors, and applies them on later pages (before
//! the page paints). [`Doc::selector`]'s `nth-child` path is exact on one page but means nothing
//! on the next, and many sites give their boxes hashed or numbered class names and ids
//! (`css-1x2y3z`, `sc-kPQzXC`, `Teaser_card__a8Bc2`, `post-1234`) that change with every build or
//! page. [`stable_selector`] keeps the class names and ids that look written by a person, and
//! falls back to the exact path only when nothing stable tells the element apart.
//!
//! The selectors are a small subset of CSS that both browsers and [`Rule::matches`] read the
//! same way: compound steps `tag#id.class1.class2:nth-child(n)` joined by descendant spaces.

use crate::dom::{Doc, NodeIdx};
use html5ever::LocalName;

/// Bounds, each with why it has its value.
pub mod params {
    /// Class names taken per step: two or three say what a box is; more only add ways to break.
    pub const MAX_CLASSES: usize = 3;
    /// Ancestors a selector may name above the element: beyond that it describes the page's
    /// layout more than the box, and the exact path is as good.
    pub const MAX_ANCESTORS: usize = 4;
    /// Longer class names or ids are generated (serialised state, base64).
    pub const MAX_TOKEN_LEN: usize = 40;
    /// Characters of example text kept with a correction, for the options page.
    pub const EXAMPLE_LEN: usize = 80;
}

/// A class name or id that a build or a page number generated: it will not be the same on the
/// next page or after the site's next deploy. Digits (`post-1234`, `css-1x2y3z`, `item3`),
/// CSS-in-JS prefixes, and short mixed-case runs (`kPQzXC`, the `aBcDe` after a CSS module's
/// `__`) are generated; `article-body`, `NewsletterBox`, `related_links` are not.
pub fn is_volatile(token: &str) -> bool {
    const PREFIXES: [&str; 6] = ["css-", "sc-", "jsx-", "svelte-", "emotion-", "tw-"];
    token.is_empty()
        || token.len() > params::MAX_TOKEN_LEN
        || !is_ident(token)
        || token.bytes().any(|b| b.is_ascii_digit())
        || PREFIXES.iter().any(|p| token.starts_with(p))
        || token.split(['-', '_']).any(is_hash_like)
}

/// A run of 5 to 8 letters with two or more capitals after the first letter and some lower-case
/// ones: what base-62 hashes look like, and what words in CamelCase (one capital per word, and
/// longer) mostly do not.
fn is_hash_like(segment: &str) -> bool {
    let b = segment.as_bytes();
    (5..=8).contains(&b.len())
        && b.iter().any(u8::is_ascii_lowercase)
        && b[1..].iter().filter(|c| c.is_ascii_uppercase()).count() >= 2
}

/// A plain CSS identifier (no escaping needed).
fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    let first = match chars.next() {
        Some('-') => chars.next(),
        c => c,
    };
    first.is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// One compound step of a rule: `tag#id.class:nth-child(n)`. The tag is the parser's atom:
/// each selector is checked against every element of the page, and atoms compare as numbers.
#[derive(Debug, Clone, PartialEq)]
struct Step {
    tag: LocalName,
    id: Option<String>,
    classes: Vec<String>,
    nth: Option<u32>,
}

impl Step {
    /// The element's stable id and class names (none: `None`).
    fn stable(doc: &Doc<'_>, idx: NodeIdx) -> Option<Step> {
        let el = doc.element(idx)?;
        if !is_ident(el.name()) {
            return None;
        }
        let id = el.id().filter(|id| !is_volatile(id)).map(str::to_string);
        let classes: Vec<String> = el
            .classes()
            .filter(|c| !is_volatile(c))
            .take(params::MAX_CLASSES)
            .map(str::to_string)
            .collect();
        (id.is_some() || !classes.is_empty()).then(|| Step {
            tag: el.name.local.clone(),
            id,
            classes,
            nth: None,
        })
    }

    fn matches(&self, doc: &Doc<'_>, idx: NodeIdx) -> bool {
        let Some(el) = doc.element(idx) else {
            return false;
        };
        el.name.local == self.tag
            && self.id.as_deref().is_none_or(|id| el.id() == Some(id))
            && self.classes.iter().all(|c| el.has_class(c, CASE))
            && self.nth.is_none_or(|n| doc.nth_child(idx) == n)
    }

    fn parse(s: &str) -> Option<Step> {
        let (s, nth) = match s.split_once(":nth-child(") {
            Some((head, n)) => (head, Some(n.strip_suffix(')')?.parse().ok()?)),
            None => (s, None),
        };
        let cut = s.find(['#', '.']).unwrap_or(s.len());
        let (tag, mut rest) = s.split_at(cut);
        let mut step = Step {
            tag: LocalName::from(tag),
            id: None,
            classes: Vec::new(),
            nth,
        };
        while !rest.is_empty() {
            let end = rest[1..].find(['#', '.']).map_or(rest.len(), |e| e + 1);
            let (part, tail) = rest.split_at(end);
            let name = &part[1..];
            if !is_ident(name) {
                return None;
            }
            if part.starts_with('#') {
                step.id = Some(name.to_string());
            } else {
                step.classes.push(name.to_string());
            }
            rest = tail;
        }
        is_ident(&step.tag).then_some(step)
    }
}

const CASE: scraper::CaseSensitivity = scraper::CaseSensitivity::CaseSensitive;

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.tag)?;
        if let Some(id) = &self.id {
            write!(f, "#{id}")?;
        }
        for c in &self.classes {
            write!(f, ".{c}")?;
        }
        if let Some(n) = self.nth {
            write!(f, ":nth-child({n})")?;
        }
        Ok(())
    }
}

/// A selector of the subset above, read back: steps from the outermost to the element, each a
/// descendant of the one before.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    steps: Vec<Step>,
}

impl Rule {
    /// `None` for anything outside the subset (an imported rule the core cannot check).
    pub fn parse(selector: &str) -> Option<Rule> {
        let steps = selector
            .split(' ')
            .filter(|s| !s.is_empty() && *s != ">")
            .map(Step::parse)
            .collect::<Option<Vec<_>>>()?;
        (!steps.is_empty() && !selector.contains('>')).then_some(Rule { steps })
    }

    /// Whether the element at `idx` matches. Descendant steps
    /// only, so taking the nearest matching ancestor for each step is exact.
    fn matches(&self, doc: &Doc<'_>, idx: NodeIdx) -> bool {
        let (last, outer) = self.steps.split_last().expect("a rule has a step");
        if !last.matches(doc, idx) {
            return false;
        }
        let mut ancestors = doc.ancestors(idx);
        outer
            .iter()
            .rev()
            .all(|step| ancestors.any(|a| step.matches(doc, a)))
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, s) in self.steps.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{s}")?;
        }
        Ok(())
    }
}

/// A selector for the element at `idx` that will find the same box on other pages of the site:
/// its stable class names or id (with its `nth-child` position and a named ancestor when it has
/// none), narrowed by
/// up to [`params::MAX_ANCESTORS`] ancestors with stable names until every other element it
/// matches on this page is one `also(node)` accepts (for a hidden box: other hidden clutter; for
/// a person's pick: none). When nothing stable is enough, [`Doc::selector`]'s exact path.
pub fn stable_selector(doc: &Doc<'_>, idx: NodeIdx, also: impl Fn(NodeIdx) -> bool) -> String {
    let Some(el) = doc.element(idx) else {
        return String::new();
    };
    let own = Step::stable(doc, idx).unwrap_or_else(|| Step {
        tag: el.name.local.clone(),
        id: None,
        classes: Vec::new(),
        nth: Some(doc.nth_child(idx)),
    });
    if !is_ident(&own.tag) {
        return doc.selector(idx);
    }
    let mut rule = Rule { steps: vec![own] };
    // Elements the rule matches besides the element itself that `also` refuses.
    let mut others: Vec<NodeIdx> = (0..doc.nodes.len())
        .filter(|&i| i != idx && rule.matches(doc, i) && !also(i))
        .collect();
    let mut ancestors = doc.ancestors(idx);
    // A position alone (`div:nth-child(2)`) would pick a random box on another page: it needs
    // a stable name around it.
    let mut anchored = rule.steps[0].nth.is_none();
    while !others.is_empty() || !anchored {
        anchored = true;
        if rule.steps.len() > params::MAX_ANCESTORS {
            return doc.selector(idx);
        }
        let Some(step) = ancestors.by_ref().find_map(|a| Step::stable(doc, a)) else {
            return doc.selector(idx);
        };
        rule.steps.insert(0, step);
        others.retain(|&i| rule.matches(doc, i));
    }
    rule.to_string()
}

/// For each selector, whether it matches an element holding story text (a block labelled as
/// story, inside the story's container) on this page. A selector outside the subset is `false`:
/// the core cannot tell.
pub fn hiding_story(doc: &Doc<'_>, story_blocks: &[NodeIdx], selectors: &[String]) -> Vec<bool> {
    selectors
        .iter()
        .map(|s| {
            Rule::parse(s).is_some_and(|rule| {
                story_blocks.iter().any(|&b| {
                    std::iter::once(b)
                        .chain(doc.ancestors(b))
                        .any(|a| rule.matches(doc, a))
                })
            })
        })
        .collect()
}

/// The first [`params::EXAMPLE_LEN`] characters of an element's text, for the options page.
pub fn example_text(doc: &Doc<'_>, idx: NodeIdx) -> String {
    doc.text(idx).chars().take(params::EXAMPLE_LEN).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn by_id(doc: &Doc<'_>, id: &str) -> NodeIdx {
        (0..doc.nodes.len())
            .find(|&i| doc.attr(i, "data-t") == Some(id))
            .unwrap()
    }

    #[test]
    fn generated_names_are_volatile_written_ones_are_not() {
        for t in [
            "css-1x2y3z",
            "sc-kPQzXC",
            "kPQzXC",
            "Teaser_card__a8Bc2",
            "styles_box__aBcDe",
            "post-1234",
            "item3",
            "md:flex",
        ] {
            assert!(is_volatile(t), "{t}");
        }
        for t in [
            "article-body",
            "NewsletterBox",
            "related_links",
            "promo",
            "NavBar",
        ] {
            assert!(!is_volatile(t), "{t}");
        }
    }

    #[test]
    fn a_box_is_found_by_its_stable_names_and_the_same_on_another_page() {
        let page = |extra: &str| {
            format!(
                "<body><div class='layout css-9a8b7c'><main><p>story</p></main>\
                 <aside class='sidebar sc-kPQzXC'>{extra}<div class='newsletter box-77' data-t=n>Sign up</div></aside>\
                 <div class='newsletter' data-t=other>Keep</div></div></body>"
            )
        };
        let html = Html::parse_document(&page(""));
        let doc = Doc::new(&html);
        let sel = stable_selector(&doc, by_id(&doc, "n"), |_| false);
        assert_eq!(sel, "aside.sidebar div.newsletter");
        // The next page has another box first in the sidebar: the rule still finds the newsletter.
        let html2 = Html::parse_document(&page("<div class='ad'>x</div>"));
        let doc2 = Doc::new(&html2);
        let rule = Rule::parse(&sel).unwrap();
        let hits: Vec<_> = (0..doc2.nodes.len())
            .filter(|&i| rule.matches(&doc2, i))
            .collect();
        assert_eq!(hits, [by_id(&doc2, "n")]);
    }

    #[test]
    fn an_element_without_stable_names_gets_its_position_or_the_exact_path() {
        let html = Html::parse_document(
            "<body><section class='more'><div>a</div><div data-t=b>b</div></section><div>c</div></body>",
        );
        let doc = Doc::new(&html);
        let sel = stable_selector(&doc, by_id(&doc, "b"), |_| false);
        assert_eq!(sel, "section.more div:nth-child(2)");
        let html =
            Html::parse_document("<body><div><div>a</div><div data-t=b>b</div></div></body>");
        let doc = Doc::new(&html);
        let b = by_id(&doc, "b");
        assert_eq!(stable_selector(&doc, b, |_| false), doc.selector(b));
    }

    #[test]
    fn a_rule_hiding_story_text_is_found() {
        let html = Html::parse_document(
            "<body><div class='wrap'><article class='story'><p data-t=p>text</p></article>\
             <div class='promo'>x</div></div></body>",
        );
        let doc = Doc::new(&html);
        let p = by_id(&doc, "p");
        let rules = [
            "div.wrap".to_string(),
            "div.promo".to_string(),
            "div > p".to_string(),
            "article.story p:nth-child(1)".to_string(),
        ];
        assert_eq!(hiding_story(&doc, &[p], &rules), [true, false, false, true]);
    }
}
