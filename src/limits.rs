//! Bounds on what the core accepts, so hostile pages end in a clear error, not a hang.
//!
//! html5ever has no nesting cap, and its tree builder checks element scopes by walking the
//! stack of open elements: parsing costs (elements × nesting depth), so 100,000 nested `<div>`s
//! take minutes. [`parse_document`] therefore parses in slices and stops as soon as the tree
//! passes [`Limits::max_depth`], [`Limits::max_depth_sum`] or [`Limits::max_nodes`] (which
//! also bounds memory).

use ego_tree::{NodeId, Tree};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{driver, ns, Attribute, QualName};
use rustc_hash::FxHashMap as HashMap;
use scraper::{Html, HtmlTreeSink};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Larger inputs are refused before parsing.
    pub max_bytes: usize,
    /// Pages with more nodes than this are refused (elements and comments while parsing,
    /// every node after).
    pub max_nodes: usize,
    /// Pages nested deeper than this are refused while parsing.
    pub max_depth: u32,
    /// Pages whose elements' depths add up to more than this are refused while parsing: it is
    /// what the parse costs, and many elements each a few hundred levels deep cost minutes.
    pub max_depth_sum: u64,
}

impl Default for Limits {
    fn default() -> Self {
        // The largest corpus page is ~1.5 MB; real pages seldom pass 10 MB or 500k nodes.
        // Chromium flattens nesting past 512 (see `dom::MAX_DEPTH`), so real pages never need
        // more; twice that leaves room for broken markup while keeping the parse's
        // (elements × depth) cost to a few seconds at worst (docs/RELIABILITY.md).
        Limits {
            max_bytes: 32 * 1024 * 1024,
            max_nodes: 2_000_000,
            max_depth: 1024,
            // A 10 MB page of 200k elements 30 deep sums to 6M; this is ~1 s of parsing.
            max_depth_sum: 100_000_000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    TooLarge { bytes: usize, limit: usize },
    TooManyNodes { nodes: usize, limit: usize },
    TooDeep { depth: u32, limit: u32 },
    TooNested { depth_sum: u64, limit: u64 },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::TooLarge { bytes, limit } => {
                write!(f, "page too large: {bytes} bytes (limit {limit})")
            }
            Error::TooManyNodes { nodes, limit } => {
                write!(f, "page too complex: {nodes} nodes (limit {limit})")
            }
            Error::TooDeep { depth, limit } => {
                write!(
                    f,
                    "page too deeply nested: elements {depth} levels deep (limit {limit})"
                )
            }
            Error::TooNested { depth_sum, limit } => {
                write!(
                    f,
                    "page too complex: element depths sum to {depth_sum} (limit {limit})"
                )
            }
        }
    }
}

impl std::error::Error for Error {}

impl Limits {
    pub fn check_input(&self, html: &str) -> Result<(), Error> {
        if html.len() > self.max_bytes {
            return Err(Error::TooLarge {
                bytes: html.len(),
                limit: self.max_bytes,
            });
        }
        Ok(())
    }

    pub fn check_nodes(&self, nodes: usize) -> Result<(), Error> {
        if nodes > self.max_nodes {
            return Err(Error::TooManyNodes {
                nodes,
                limit: self.max_nodes,
            });
        }
        Ok(())
    }

    fn check_parse(&self, guard: &Guard) -> Result<(), Error> {
        self.check_nodes(guard.nodes.get())?;
        let depth = guard.max_depth.get();
        if depth > self.max_depth {
            return Err(Error::TooDeep {
                depth,
                limit: self.max_depth,
            });
        }
        let depth_sum = guard.depth_sum.get();
        if depth_sum > self.max_depth_sum {
            return Err(Error::TooNested {
                depth_sum,
                limit: self.max_depth_sum,
            });
        }
        Ok(())
    }
}

/// Input is fed to the parser in slices of this size; limits are checked between slices, so a
/// slice can overshoot the depth limit by at most a few thousand levels.
const SLICE: usize = 8 * 1024;

/// Parses a page like `scraper::Html::parse_document`, within `limits`.
pub fn parse_document(html: &str, limits: &Limits) -> Result<Html, Error> {
    limits.check_input(html)?;
    let parser = driver::parse_document(Guard::new(Html::new_document(), html), Default::default());
    feed(parser, html, limits)
}

/// Parses a fragment in a `<body>` context like `scraper::Html::parse_fragment`, within `limits`.
pub fn parse_fragment(html: &str, limits: &Limits) -> Result<Html, Error> {
    limits.check_input(html)?;
    let parser = driver::parse_fragment(
        Guard::new(Html::new_fragment(), html),
        Default::default(),
        QualName::new(None, ns!(html), "body".into()),
        Vec::new(),
        false,
    );
    feed(parser, html, limits)
}

fn feed(mut parser: driver::Parser<Guard>, html: &str, limits: &Limits) -> Result<Html, Error> {
    let mut start = 0;
    while start < html.len() {
        let mut end = (start + SLICE).min(html.len());
        while !html.is_char_boundary(end) {
            end += 1;
        }
        parser.process(StrTendril::from_slice(&html[start..end]));
        limits.check_parse(&parser.tokenizer.sink.sink)?;
        start = end;
    }
    Ok(parser.finish())
}

/// scraper's tree sink, plus the counts the limits need: elements and comments created, and
/// the depth of every element inserted.
struct Guard {
    inner: HtmlTreeSink,
    depth: RefCell<HashMap<NodeId, u32>>,
    max_depth: Cell<u32>,
    depth_sum: Cell<u64>,
    nodes: Cell<usize>,
}

impl Guard {
    /// Sized for `source` up front: growing the tree and the depth map as nodes arrive copied
    /// them over and over (about 1 % of an analysis). A page has about as many nodes as `<`s
    /// (a start tag, an end tag and text between), and half as many elements.
    fn new(mut html: Html, source: &str) -> Self {
        let nodes = memchr::memchr_iter(b'<', source.as_bytes()).count();
        html.tree = Tree::with_capacity(html.tree.root().value().clone(), nodes);
        Guard {
            inner: HtmlTreeSink::new(html),
            depth: RefCell::new(HashMap::with_capacity_and_hasher(
                nodes / 2,
                Default::default(),
            )),
            max_depth: Cell::new(0),
            depth_sum: Cell::new(0),
            nodes: Cell::new(0),
        }
    }

    /// Depth of a node already in the tree. Nodes inserted through this sink are remembered;
    /// the others (the document, template contents) are found by walking up to one that is.
    fn depth_of(&self, node: NodeId) -> u32 {
        if let Some(&d) = self.depth.borrow().get(&node) {
            return d;
        }
        let html = self.inner.0.borrow();
        let Some(n) = html.tree.get(node) else {
            return 0;
        };
        let memo = self.depth.borrow();
        let mut steps = 0;
        for a in n.ancestors() {
            steps += 1;
            if let Some(&d) = memo.get(&a.id()) {
                return d + steps;
            }
        }
        steps
    }

    fn placed(&self, child: &NodeOrText<NodeId>, depth: u32) {
        if let NodeOrText::AppendNode(id) = child {
            self.depth.borrow_mut().insert(*id, depth);
            self.depth_sum.set(self.depth_sum.get() + u64::from(depth));
            if depth > self.max_depth.get() {
                self.max_depth.set(depth);
            }
        }
    }
}

impl TreeSink for Guard {
    type Handle = NodeId;
    type Output = Html;
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Html {
        self.inner.finish()
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg)
    }

    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        self.nodes.set(self.nodes.get() + 1);
        self.inner.create_element(name, attrs, flags)
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.nodes.set(self.nodes.get() + 1);
        self.inner.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.nodes.set(self.nodes.get() + 1);
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.placed(&child, self.depth_of(*parent) + 1);
        self.inner.append(parent, child)
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        self.placed(&child, self.depth_of(*prev_element) + 1);
        self.inner
            .append_based_on_parent_node(element, prev_element, child)
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id)
    }

    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node)
    }

    fn pop(&self, node: &NodeId) {
        self.inner.pop(node)
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.placed(&new_node, self.depth_of(*sibling));
        self.inner.append_before_sibling(sibling, new_node)
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }

    fn associate_with_form(
        &self,
        target: &NodeId,
        form: &NodeId,
        nodes: (&NodeId, Option<&NodeId>),
    ) {
        self.inner.associate_with_form(target, form, nodes)
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent)
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.inner
            .is_mathml_annotation_xml_integration_point(handle)
    }

    fn set_current_line(&self, line_number: u64) {
        self.inner.set_current_line(line_number)
    }

    fn allow_declarative_shadow_roots(&self, intended_parent: &NodeId) -> bool {
        self.inner.allow_declarative_shadow_roots(intended_parent)
    }

    fn attach_declarative_shadow(
        &self,
        location: &NodeId,
        template: &NodeId,
        attrs: &[Attribute],
    ) -> bool {
        self.inner
            .attach_declarative_shadow(location, template, attrs)
    }

    fn maybe_clone_an_option_into_selectedcontent(&self, option: &NodeId) {
        self.inner
            .maybe_clone_an_option_into_selectedcontent(option)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_matches_scraper_on_an_ordinary_page() {
        let src = "<!doctype html><title>t</title><table><tr><td>a<b>b<p>c</b>d</table>\
                   <template><p>x</p></template><svg><path/></svg><!-- c -->";
        let ours = parse_document(src, &Limits::default()).unwrap();
        assert_eq!(ours.html(), Html::parse_document(src).html());
    }

    #[test]
    fn nesting_past_the_limit_is_refused() {
        let limits = Limits::default();
        let src = "<div>".repeat(5000) + "x";
        let err = parse_document(&src, &limits).unwrap_err();
        assert!(matches!(err, Error::TooDeep { depth, limit: 1024 } if depth > 1024));
        let ok = "<div>".repeat(900) + "x";
        assert!(parse_document(&ok, &limits).is_ok());
    }

    #[test]
    fn deep_template_contents_count_too() {
        let src = "<template>".to_string() + &"<span>".repeat(3000);
        let err = parse_document(&src, &Limits::default()).unwrap_err();
        assert!(matches!(err, Error::TooDeep { .. }));
    }

    #[test]
    fn too_many_elements_are_refused_while_parsing() {
        let limits = Limits {
            max_nodes: 1000,
            ..Limits::default()
        };
        let src = "<p>x</p>".repeat(5000);
        let err = parse_document(&src, &limits).unwrap_err();
        assert!(matches!(err, Error::TooManyNodes { limit: 1000, .. }));
    }

    #[test]
    fn many_elements_nested_moderately_deep_are_refused() {
        let limits = Limits {
            max_depth_sum: 1_000_000,
            ..Limits::default()
        };
        let src = "<div>".repeat(200) + &"<p>x</p>".repeat(10_000);
        let err = parse_document(&src, &limits).unwrap_err();
        assert!(matches!(err, Error::TooNested { .. }), "{err}");
    }

    #[test]
    fn slices_never_split_a_character() {
        let src = "é".repeat(SLICE) + "<p>ünïcödé</p>";
        let html = parse_document(&src, &Limits::default()).unwrap();
        assert_eq!(html.html(), Html::parse_document(&src).html());
    }
}
