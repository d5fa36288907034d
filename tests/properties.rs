//! Properties of the pipeline over generated pages: random nesting of common tags, attributes
//! (event handlers, `javascript:` and `data:` URLs, styles included) and text.
#![cfg(not(target_arch = "wasm32"))]

mod support {
    pub mod safety;
}

use declutter::dom::{Doc, Kind};
use declutter::segment::{is_hidden, segment, BlockKind};
use declutter::{analyze, Label, Options};
use proptest::prelude::*;
use std::collections::HashSet;
use support::safety::unsafe_constructs;

const TAGS: &[&str] = &[
    "div",
    "p",
    "span",
    "a",
    "b",
    "em",
    "strong",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "section",
    "article",
    "aside",
    "nav",
    "header",
    "footer",
    "main",
    "figure",
    "figcaption",
    "img",
    "picture",
    "source",
    "video",
    "table",
    "tr",
    "td",
    "blockquote",
    "pre",
    "br",
    "script",
    "style",
    "iframe",
    "form",
    "input",
    "button",
    "object",
    "embed",
    "svg",
    "math",
    "noscript",
    "template",
    "select",
    "textarea",
    "base",
    "meta",
    "link",
    "details",
    "summary",
    "time",
];

const ATTRIBUTES: &[(&str, &str)] = &[
    ("class", "story-body"),
    ("class", "ad-slot promo"),
    ("class", "related-links"),
    ("class", "caption"),
    ("id", "main"),
    ("href", "https://news.example/a"),
    ("href", "/relative/path"),
    ("href", "javascript:alert(1)"),
    ("href", " JaVa\tScRiPt:alert(1)"),
    ("href", "java&#x09;script&colon;alert(1)"),
    ("href", "vbscript:msgbox(1)"),
    ("href", "data:text/html,<script>alert(1)</script>"),
    ("src", "https://img.example/a.jpg"),
    ("src", "javascript:alert(1)"),
    ("src", "data:text/html;base64,PHNjcmlwdD4="),
    ("data-src", "javascript:alert(1)"),
    ("srcset", "javascript:alert(1) 1x, /b.jpg 2x"),
    ("poster", "javascript:alert(1)"),
    ("action", "javascript:alert(1)"),
    ("formaction", "javascript:alert(1)"),
    ("onclick", "alert(1)"),
    ("onerror", "alert(1)"),
    ("onload", "alert(1)"),
    ("onmouseover", "alert(1)"),
    ("style", "background:url(https://evil.example/t.png)"),
    ("style", "color:red"),
    ("style", "display:none"),
    ("hidden", ""),
    ("aria-hidden", "true"),
    ("title", "a \"quoted\" <title>"),
    ("xlink:href", "javascript:alert(1)"),
    ("http-equiv", "refresh"),
];

#[derive(Debug, Clone)]
enum Gen {
    Text(String),
    Element {
        tag: &'static str,
        attrs: Vec<(&'static str, &'static str)>,
        children: Vec<Gen>,
    },
}

fn words() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "the",
        "council",
        "said",
        "on",
        "Tuesday",
        "that",
        "read",
        "more",
        "subscribe",
        "share",
        "photo",
        "by",
        "advertisement",
        "<",
        "&",
        "&amp;",
        "\"",
        "tram",
        "line",
        "é",
        "—",
    ]);
    prop::collection::vec(word, 1..30).prop_map(|w| w.join(" "))
}

fn tree() -> impl Strategy<Value = Vec<Gen>> {
    let leaf = words().prop_map(Gen::Text);
    let node = leaf.prop_recursive(6, 120, 6, |inner| {
        (
            prop::sample::select(TAGS),
            prop::collection::vec(prop::sample::select(ATTRIBUTES), 0..4),
            prop::collection::vec(inner, 0..6),
        )
            .prop_map(|(tag, attrs, children)| {
                let mut seen = HashSet::new();
                let attrs = attrs.into_iter().filter(|(n, _)| seen.insert(*n)).collect();
                Gen::Element {
                    tag,
                    attrs,
                    children,
                }
            })
    });
    prop::collection::vec(node, 1..8)
}

/// How to write the same page: whitespace between block elements, attribute order.
#[derive(Clone, Copy)]
struct Style {
    spaced: bool,
    reversed_attrs: bool,
}

/// Serializes the tree; each text node gets a unique token (`tok<n>x`) so that it can be
/// traced to the block that holds it.
fn write(nodes: &[Gen], style: Style, out: &mut String, counter: &mut usize) {
    for (i, node) in nodes.iter().enumerate() {
        match node {
            Gen::Text(t) => {
                *counter += 1;
                out.push_str(&format!("tok{counter}x {t} "));
            }
            Gen::Element {
                tag,
                attrs,
                children,
            } => {
                let block = declutter::tags::is_block(tag);
                let prev_block = i > 0
                    && matches!(&nodes[i - 1], Gen::Element { tag, .. } if declutter::tags::is_block(tag));
                if style.spaced && block && prev_block {
                    out.push_str("\n    ");
                }
                out.push('<');
                out.push_str(tag);
                let mut attrs = attrs.clone();
                if style.reversed_attrs {
                    attrs.reverse();
                }
                for (name, value) in attrs {
                    // Escaped so that inside raw text (`<script>`) a value cannot end the
                    // element, which would make attribute order matter.
                    let value = value
                        .replace('"', "&quot;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;");
                    out.push_str(&format!(" {name}=\"{value}\""));
                }
                out.push('>');
                write(children, style, out, counter);
                out.push_str(&format!("</{tag}>"));
            }
        }
    }
}

/// The generated nodes sit between the paragraphs of a plain story, so that the reader
/// document is built and the generated markup is a candidate for it.
fn page(nodes: &[Gen], style: Style) -> String {
    let mut body = String::new();
    write(nodes, style, &mut body, &mut 0);
    let para = "<p>The council voted on Tuesday to extend the riverside tram line by four \
                kilometres, ending a debate that had run for most of the decade and divided \
                the two largest parties in the chamber.</p>";
    format!(
        "<!doctype html><html><head><title>Generated</title>\
         <meta property=og:type content=article><meta name=author content=Desk></head><body>\
         <nav><a href=/>Home</a> <a href=/news>News</a></nav><article><h1>Tram line</h1>\
         {para}{para}<div>{body}</div>{para}{para}</article></body></html>"
    )
}

fn options() -> Options {
    Options {
        url: Some("https://news.example/world/story.html".into()),
        ..Default::default()
    }
}

const PLAIN: Style = Style {
    spaced: false,
    reversed_attrs: false,
};

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn reader_document_never_carries_active_content(nodes in tree()) {
        let analysis = analyze(&page(&nodes, PLAIN), &options()).unwrap();
        prop_assert!(analysis.is_article);
        for doc in [&analysis.document, &analysis.article.content] {
            let problems = unsafe_constructs(doc);
            prop_assert!(problems.is_empty(), "{:?} in {}", problems, doc);
        }
    }

    #[test]
    fn every_visible_text_is_in_exactly_one_block(nodes in tree()) {
        let src = page(&nodes, PLAIN);
        let html = declutter::limits::parse_document(&src, &Default::default()).unwrap();
        let doc = Doc::new(&html);
        let blocks = segment(&doc);

        let mut owners = HashSet::new();
        for b in &blocks {
            prop_assert!(owners.insert(b.node), "two blocks on one element");
            if b.kind == BlockKind::Text {
                prop_assert!(!b.text.is_empty());
            }
        }
        for (idx, node) in doc.nodes.iter().enumerate() {
            let Kind::Text(text) = node.kind else { continue };
            // Fallback content of players is not shown where players work.
            let visible = doc.ancestors(idx).all(|a| {
                let tag = doc.tag(a);
                !doc.non_content[a] && !is_hidden(&doc, a) && tag != "video" && tag != "audio"
            });
            for token in text.split_whitespace().filter(|w| w.starts_with("tok") && w.ends_with('x')) {
                let holders = blocks.iter().filter(|b| b.text.contains(token)).count();
                let expected = usize::from(visible);
                prop_assert_eq!(holders, expected, "{} (visible: {}) in {}", token, visible, src);
            }
        }
    }

    #[test]
    fn labels_ignore_whitespace_between_blocks_and_attribute_order(nodes in tree()) {
        let labels = |style| -> Vec<(u32, Label)> {
            let analysis = analyze(&page(&nodes, style), &options()).unwrap();
            analysis.blocks.iter().map(|b| (b.element_index, b.label)).collect()
        };
        let plain = labels(PLAIN);
        let spaced = labels(Style { spaced: true, reversed_attrs: false });
        let reordered = labels(Style { spaced: false, reversed_attrs: true });
        prop_assert_eq!(&plain, &spaced);
        prop_assert_eq!(&plain, &reordered);
    }
}
