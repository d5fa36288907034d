//! What must never reach the reader document: the checks shared by tests/xss.rs,
//! tests/properties.rs and the fuzz target. The output is parsed as a browser would parse it,
//! then its elements and attributes are inspected; grepping the text would miss encodings and
//! flag harmless words.

use scraper::{Html, Node};

/// Elements that run code, load documents or styles, submit data, or switch parser modes.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script",
    "style",
    "link",
    "meta",
    "base",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "param",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "option",
    "svg",
    "math",
    "noscript",
    "template",
    "xmp",
    "plaintext",
    "noembed",
    "noframes",
    "portal",
    "isindex",
    "keygen",
    "marquee",
];

/// Attributes whose value is a URL a browser may load or navigate to.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "background",
    "cite",
    "data",
    "poster",
    "xlink:href",
    "dynsrc",
    "lowsrc",
    "ping",
    "longdesc",
    "manifest",
    "codebase",
    "usemap",
];

/// Every forbidden construct in `html`, described; empty when the document is safe.
pub fn unsafe_constructs(html: &str) -> Vec<String> {
    let doc = Html::parse_fragment(html);
    let mut found = Vec::new();
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let name = el.name();
        if FORBIDDEN_ELEMENTS.contains(&name) || el.name.ns != html5ever::ns!(html) {
            found.push(format!("element <{name}>"));
        }
        for (attr, value) in el.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") || attr == "style" || attr == "http-equiv" {
                found.push(format!("attribute {attr}= on <{name}>"));
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) {
                let urls: Vec<&str> = if attr == "srcset" {
                    value.split(',').collect()
                } else {
                    vec![value]
                };
                for url in urls {
                    if let Some(scheme) = dangerous_scheme(url) {
                        found.push(format!("{scheme}: URL in {attr}= on <{name}>"));
                    }
                }
            }
        }
    }
    found
}

/// The scheme of a URL unless it is one a reader may follow (http, https, mailto) or the URL
/// is relative. Normalised as browsers do: leading controls and spaces trimmed, tabs and
/// newlines inside removed, case folded.
fn dangerous_scheme(url: &str) -> Option<String> {
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let end = url.find([':', '/', '?', '#'])?;
    if url.as_bytes()[end] != b':' {
        return None;
    }
    let scheme = &url[..end];
    (!matches!(scheme, "http" | "https" | "mailto")).then(|| scheme.to_string())
}
