//! The story's metadata: title, byline, date, site name, language, direction, lead image.
//!
//! Publishers state these for search engines and social cards (JSON-LD, Open Graph, `<meta>`),
//! which beats guessing from the layout; the layout is the fallback.

use crate::dom::{Doc, NodeIdx};
use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Metadata {
    pub title: String,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub site_name: Option<String>,
    pub lang: Option<String>,
    pub dir: Option<String>,
    pub excerpt: Option<String>,
    pub lead_image: Option<String>,
}

/// `ld` is the page's JSON-LD ([`json_ld`]).
pub fn extract(
    doc: &Doc<'_>,
    ld: &[Value],
    headline: Option<&str>,
    byline_block: Option<&str>,
) -> Metadata {
    // The page's `<meta>` elements, found once: each field below tries several names in turn.
    let metas: Vec<usize> = (0..doc.nodes.len())
        .filter(|&i| doc.tag(i) == "meta")
        .collect();
    let meta = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|key| {
            metas
                .iter()
                .copied()
                .find(|&i| {
                    [
                        doc.attr(i, "property"),
                        doc.attr(i, "name"),
                        doc.attr(i, "itemprop"),
                    ]
                    .into_iter()
                    .flatten()
                    .any(|v| v.split_whitespace().any(|v| v.eq_ignore_ascii_case(key)))
                })
                .and_then(|i| doc.attr(i, "content"))
                .map(clean)
                .filter(|s| !s.is_empty())
        })
    };
    let ld = ld.iter().cloned().find_map(find_article_object);
    let ld_str = |key: &str| ld.as_ref().and_then(|v| v.get(key)).and_then(text_of);

    let document_title = doc
        .find_tag("title")
        .map(|t| doc.text(t))
        .unwrap_or_default();
    let title = ld_str("headline")
        .or_else(|| {
            meta(&[
                "og:title",
                "twitter:title",
                "dc:title",
                "dcterm:title",
                "parsely-title",
            ])
        })
        .or_else(|| headline.map(clean))
        .unwrap_or_else(|| strip_site_suffix(&document_title));

    let ld_authors = ld
        .as_ref()
        .and_then(|v| v.get("author"))
        .and_then(author_names);
    let meta_author = meta(&["author", "dc:creator", "parsely-author"]);
    // Several authors: the page's own wording ("A and B", "A et B") names them all in its
    // language, which a comma-joined list does not.
    let ld_authors = match (ld_authors, &meta_author) {
        (Some(names), Some(m))
            if names.contains(", ") && names.split(", ").all(|n| m.contains(n)) =>
        {
            Some(m.clone())
        }
        (names, _) => names,
    };
    let byline = ld_authors
        .or(meta_author)
        .or_else(|| meta(&["article:author"]).filter(|a| !a.starts_with("http")))
        .or_else(|| byline_block.map(clean))
        .map(|b| strip_by(&b));

    let published = ld_str("datePublished")
        .or_else(|| {
            meta(&[
                "article:published_time",
                "parsely-pub-date",
                "datePublished",
                "date",
            ])
        })
        .or_else(|| {
            (0..doc.nodes.len())
                .find(|&i| doc.tag(i) == "time" && doc.attr(i, "datetime").is_some())
                .and_then(|i| doc.attr(i, "datetime"))
                .map(clean)
        });

    let site_name = meta(&["og:site_name"]).or_else(|| {
        ld.as_ref()
            .and_then(|v| v.get("publisher"))
            .and_then(|p| p.get("name"))
            .and_then(text_of)
    });

    let html = doc.find_tag("html");
    let body = doc.find_tag("body");
    let attr_of =
        |node: Option<NodeIdx>, name: &str| node.and_then(|n| doc.attr(n, name)).map(clean);
    Metadata {
        title,
        byline,
        published,
        site_name,
        lang: attr_of(html, "lang").filter(|l| !l.is_empty()),
        dir: attr_of(html, "dir").or_else(|| attr_of(body, "dir")),
        excerpt: meta(&["og:description", "description", "twitter:description"]),
        lead_image: meta(&["og:image", "twitter:image"]),
    }
}

/// The page's JSON-LD blocks, parsed once: the gate reads their types, the metadata their
/// article object.
pub fn json_ld(doc: &Doc<'_>) -> Vec<Value> {
    (0..doc.nodes.len())
        .filter(|&i| {
            doc.tag(i) == "script"
                && doc
                    .attr(i, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        })
        .filter_map(|i| {
            let raw: String = doc
                .children(i)
                .filter_map(|c| match doc.nodes[c].kind {
                    crate::dom::Kind::Text(t) => Some(t),
                    _ => None,
                })
                .collect();
            serde_json::from_str::<Value>(&raw).ok()
        })
        .collect()
}

fn find_article_object(v: Value) -> Option<Value> {
    match v {
        Value::Array(items) => items.into_iter().find_map(find_article_object),
        Value::Object(ref map) => {
            if let Some(graph) = map.get("@graph") {
                return find_article_object(graph.clone());
            }
            let is_article = match map.get("@type") {
                Some(Value::String(t)) => {
                    t.ends_with("Article") || t == "BlogPosting" || t == "Report"
                }
                Some(Value::Array(ts)) => ts.iter().any(|t| {
                    t.as_str()
                        .is_some_and(|t| t.ends_with("Article") || t == "BlogPosting")
                }),
                _ => false,
            };
            is_article.then_some(v)
        }
        _ => None,
    }
}

fn text_of(v: &Value) -> Option<String> {
    v.as_str().map(clean).filter(|s| !s.is_empty())
}

fn author_names(v: &Value) -> Option<String> {
    let names: Vec<String> = match v {
        Value::Array(items) => items.iter().filter_map(author_names).collect(),
        Value::Object(map) => map.get("name").and_then(text_of).into_iter().collect(),
        Value::String(s) => Some(clean(s)).into_iter().collect(),
        _ => vec![],
    };
    (!names.is_empty()).then(|| names.join(", "))
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_by(s: &str) -> String {
    let trimmed = s.trim();
    for prefix in ["By ", "by ", "BY ", "Par ", "Von "] {
        if let Some(rest) = trimmed.strip_prefix(prefix) {
            return rest.trim().to_string();
        }
    }
    trimmed.to_string()
}

/// "Story title | Site" → "Story title", when what is left still looks like a title.
fn strip_site_suffix(title: &str) -> String {
    let title = clean(title);
    for sep in [" | ", " - ", " – ", " — ", " :: ", " » ", " / "] {
        if let Some(pos) = title.rfind(sep) {
            let head = &title[..pos];
            if head.split_whitespace().count() >= 3 {
                return head.to_string();
            }
        }
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    #[test]
    fn json_ld_and_open_graph_give_the_metadata() {
        let html = Html::parse_document(
            r#"<html lang="en-GB"><head><title>Big story | Site</title>
            <meta property="og:site_name" content="Capital Talk">
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
              "headline":"Big story","datePublished":"2024-12-06T21:31:00Z",
              "author":[{"@type":"Person","name":"Henry Moore"}]}</script></head><body></body></html>"#,
        );
        let doc = Doc::new(&html);
        let m = extract(&doc, &json_ld(&doc), None, None);
        assert_eq!(m.title, "Big story");
        assert_eq!(m.byline.as_deref(), Some("Henry Moore"));
        assert_eq!(m.published.as_deref(), Some("2024-12-06T21:31:00Z"));
        assert_eq!(m.site_name.as_deref(), Some("Capital Talk"));
        assert_eq!(m.lang.as_deref(), Some("en-GB"));
    }

    #[test]
    fn the_document_title_loses_its_site_suffix() {
        assert_eq!(
            strip_site_suffix("A long story title | The Site"),
            "A long story title"
        );
        assert_eq!(strip_site_suffix("Home | Site"), "Home | Site");
    }
}
