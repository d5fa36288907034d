//! Building the reader document: the story's blocks in order, with their images and captions,
//! as clean HTML, and as plain text.
//!
//! The HTML is rebuilt from the story's nodes with a short list of attributes, then sanitized
//! by `ammonia`, which is the safety guarantee: nothing here is trusted to be safe on its own.

use crate::classify::Label;
use crate::dom::{Doc, Kind, NodeIdx};
use crate::segment::{is_hidden, Block};
use crate::tags;
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::collections::HashSet;
use url::Url;

/// Average adult silent reading speed, words per minute.
const WORDS_PER_MINUTE: usize = 230;

#[derive(Default)]
pub struct Body {
    /// Sanitized HTML of the story's body (no title: the reader shows it from the metadata).
    pub html: String,
    /// Paragraphs separated by blank lines, captions included, title not repeated.
    pub text: String,
    pub word_count: usize,
    pub reading_minutes: usize,
}

/// What the reader needs from the earlier stages.
pub struct Story<'s> {
    /// Containers of the story, in document order.
    pub scope: &'s [NodeIdx],
    pub blocks: &'s [Block],
    pub labels: &'s [Label],
    /// The headline block, left out of the body.
    pub headline: Option<NodeIdx>,
}

pub fn build(doc: &Doc<'_>, story: &Story<'_>, base: Option<&Url>) -> Body {
    let n = doc.nodes.len();
    let mut label_of: HashMap<NodeIdx, Label> = HashMap::default();
    let mut story_count = vec![0u32; n];
    for (b, &label) in story.blocks.iter().zip(story.labels) {
        label_of.insert(b.node, label);
        if label.is_story() && Some(b.node) != story.headline {
            story_count[b.node] += 1;
        }
    }
    doc.sum_subtrees(&mut story_count);

    let mut texts = Vec::new();
    for (b, &label) in story.blocks.iter().zip(story.labels) {
        let in_scope = story.scope.iter().any(|&r| doc.contains(r, b.node));
        if in_scope && label.is_story() && Some(b.node) != story.headline && !b.text.is_empty() {
            texts.push((b.node, b.text.as_str()));
        }
    }
    let reading_position = first_own_text(doc, story.blocks);
    texts.sort_by_key(|&(node, _)| reading_position.get(&node).copied().unwrap_or(node));
    let text = texts
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("\n\n");
    let word_count = text.split_whitespace().count();

    let mut out = String::new();
    let mut writer = Writer {
        doc,
        base,
        label_of: &label_of,
        story_count: &story_count,
        out: &mut out,
    };
    for &root in story.scope {
        writer.write(root);
    }
    Body {
        html: sanitize(&out, base),
        text,
        word_count,
        reading_minutes: word_count.div_ceil(WORDS_PER_MINUTE).max(1),
    }
}

/// Where each text block starts being read: its first own text node. A container's loose text
/// can follow the paragraphs nested in it (`<div><p>a</p>b</div>`), so the block's element
/// comes too early for the plain text's order.
fn first_own_text(doc: &Doc<'_>, blocks: &[Block]) -> HashMap<NodeIdx, NodeIdx> {
    let mut is_text_block = vec![false; doc.nodes.len()];
    for b in blocks
        .iter()
        .filter(|b| b.kind == crate::segment::BlockKind::Text)
    {
        is_text_block[b.node] = true;
    }
    let mut first = HashMap::default();
    let mut open: Vec<NodeIdx> = Vec::new();
    for (i, node) in doc.nodes.iter().enumerate() {
        while open.last().is_some_and(|&b| i >= doc.nodes[b].end) {
            open.pop();
        }
        match node.kind {
            Kind::Element(_) if is_text_block[i] => open.push(i),
            Kind::Text(t) if !is_blank(doc, i, t) => {
                if let Some(&owner) = open.last() {
                    first.entry(owner).or_insert(i);
                }
            }
            _ => {}
        }
    }
    first
}

/// Whether a text node holds nothing but whitespace. `Doc::text_len` answers for text that is
/// shown; a script's or a style's own text was not measured.
fn is_blank(doc: &Doc<'_>, idx: NodeIdx, text: &str) -> bool {
    match doc.nodes[idx].parent {
        Some(p) if doc.non_content[p] => text.trim().is_empty(),
        _ => doc.text_len[idx] == 0,
    }
}

/// The story's containers, plus the figures in the lead span
/// ([`crate::article::lead_span`]).
pub fn scope(
    doc: &Doc<'_>,
    article: &crate::article::ArticleRoots,
    lead: Option<std::ops::Range<NodeIdx>>,
) -> Vec<NodeIdx> {
    let mut scope = article.roots.clone();
    if let (Some(lead), Some(&first)) = (lead, article.roots.first()) {
        let mut i = lead.start;
        while i < lead.end {
            if doc.tag(i) == "figure" && !doc.contains(i, first) {
                scope.push(i);
                i = doc.nodes[i].end;
            } else {
                i += 1;
            }
        }
    }
    scope.sort_unstable();
    scope
}

/// The full reader document: title, byline and date, then the body. Only the heading goes
/// through ammonia here: the body is ammonia's output already, which a second pass gave back
/// unchanged on every corpus page while costing 9 % of an analysis; it goes in as it is, inside
/// the sanitized `<article>`.
pub fn document(meta: &crate::metadata::Metadata, content: &str) -> String {
    const CLOSE: &str = "</article>";
    let mut head = format!("<article><h1>{}</h1>", escape(&meta.title));
    let by: Vec<&str> = [
        meta.byline.as_deref(),
        meta.published.as_deref(),
        meta.site_name.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !by.is_empty() {
        head.push_str(&format!("<p>{}</p>", escape(&by.join(" · "))));
    }
    head.push_str(CLOSE);
    let mut out = sanitize(&head, None);
    debug_assert!(out.ends_with(CLOSE), "ammonia keeps <article>: {out}");
    out.truncate(out.len() - CLOSE.len());
    out.push_str(content);
    out.push_str(CLOSE);
    out
}

struct Writer<'w, 'a> {
    doc: &'w Doc<'a>,
    base: Option<&'w Url>,
    label_of: &'w HashMap<NodeIdx, Label>,
    story_count: &'w [u32],
    out: &'w mut String,
}

/// Attributes worth carrying into the reader, per element.
fn kept_attributes(tag: &str) -> &'static [&'static str] {
    match tag {
        "a" => &["href"],
        "td" | "th" => &["colspan", "rowspan"],
        "ol" => &["start", "reversed"],
        "time" => &["datetime"],
        "abbr" => &["title"],
        _ => &[],
    }
}

impl Writer<'_, '_> {
    /// Writes the story nodes of a subtree. Iterative: nesting depth is the page's to choose.
    fn write(&mut self, root: NodeIdx) {
        let doc = self.doc;
        // Elements whose closing tag is due, as (end index, tag).
        let mut open: Vec<(NodeIdx, &str)> = Vec::new();
        let mut owner: Vec<(NodeIdx, Option<Label>)> = Vec::new();
        let mut i = root;
        let end = doc.nodes[root].end;
        while i < end {
            while open.last().is_some_and(|&(e, _)| i >= e) {
                let (_, tag) = open.pop().unwrap();
                self.out.push_str("</");
                self.out.push_str(tag);
                self.out.push('>');
            }
            while owner.last().is_some_and(|&(e, _)| i >= e) {
                owner.pop();
            }
            match doc.nodes[i].kind {
                Kind::Text(t) => {
                    if owner
                        .last()
                        .is_some_and(|&(_, l)| l.is_some_and(Label::is_story))
                    {
                        push_escaped(self.out, t);
                    }
                    i += 1;
                }
                Kind::Element(e) => {
                    let tag = e.name();
                    let label = self.label_of.get(&i).copied();
                    if tag == "noscript" {
                        self.write_noscript_image(i);
                        i = doc.nodes[i].end;
                        continue;
                    }
                    let is_media = tags::is_visual(tag);
                    // Inline markup of a story block (`<a>`, `<em>`...) is no block of its own
                    // but carries the block's words.
                    let in_story = owner
                        .last()
                        .is_some_and(|&(_, l)| l.is_some_and(Label::is_story));
                    let keep = if is_media {
                        label.is_some_and(Label::is_story)
                    } else {
                        self.story_count[i] > 0 || tag == "br" || (label.is_none() && in_story)
                    };
                    if !keep || doc.non_content[i] || is_hidden(doc, i) {
                        i = doc.nodes[i].end;
                        continue;
                    }
                    if is_media {
                        self.write_media(i);
                        i = doc.nodes[i].end;
                        continue;
                    }
                    if label.is_some() {
                        owner.push((doc.nodes[i].end, label));
                    }
                    self.out.push('<');
                    self.out.push_str(tag);
                    for &name in kept_attributes(tag) {
                        let value = match e.attr(name) {
                            Some(v) if name == "href" => self.absolute(v),
                            v => v.map(str::to_string),
                        };
                        if let Some(value) = value {
                            self.out.push(' ');
                            self.out.push_str(name);
                            self.out.push_str("=\"");
                            push_escaped(self.out, &value);
                            self.out.push('"');
                        }
                    }
                    self.out.push('>');
                    if !tags::is_void(tag) {
                        open.push((doc.nodes[i].end, tag));
                    }
                    i += 1;
                }
            }
        }
        while let Some((_, tag)) = open.pop() {
            self.out.push_str("</");
            self.out.push_str(tag);
            self.out.push('>');
        }
    }

    fn write_media(&mut self, idx: NodeIdx) {
        let doc = self.doc;
        let img = (idx..doc.nodes[idx].end).find(|&j| doc.tag(j) == "img");
        let from_sources = (idx..doc.nodes[idx].end)
            .filter(|&j| doc.tag(j) == "source")
            .find_map(|j| doc.attr(j, "srcset").or(doc.attr(j, "data-srcset")))
            .and_then(best_from_srcset);
        let src = img
            .and_then(|j| image_source(doc, j))
            .or(from_sources)
            .or_else(|| {
                let parent = doc.nodes[idx].parent?;
                doc.children(parent)
                    .find(|&c| doc.tag(c) == "noscript")
                    .and_then(|c| noscript_image(doc, c))
            });
        if doc.tag(idx) == "video" {
            if let Some(poster) = doc.attr(idx, "poster") {
                self.push_img(poster, "");
            }
            return;
        }
        if let Some(src) = src {
            let alt = img.and_then(|j| doc.attr(j, "alt")).unwrap_or("");
            self.push_img(&src, alt);
        }
    }

    /// A `<noscript><img></noscript>` stands for the image when no `<img>` is beside it.
    fn write_noscript_image(&mut self, idx: NodeIdx) {
        let doc = self.doc;
        let Some(parent) = doc.nodes[idx].parent else {
            return;
        };
        if self.story_count[parent] == 0
            || doc
                .children(parent)
                .any(|c| matches!(doc.tag(c), "img" | "picture"))
        {
            return;
        }
        if let Some(src) = noscript_image(doc, idx) {
            self.push_img(&src, "");
        }
    }

    fn push_img(&mut self, src: &str, alt: &str) {
        let Some(src) = self.absolute(src) else {
            return;
        };
        self.out.push_str("<img src=\"");
        push_escaped(self.out, &src);
        self.out.push_str("\" alt=\"");
        push_escaped(self.out, alt);
        self.out.push_str("\">");
    }

    /// `None` for an address that does not parse: an empty `href` would point at the page itself.
    fn absolute(&self, value: &str) -> Option<String> {
        match self.base {
            Some(base) => base.join(value.trim()).ok().map(String::from),
            None => Some(value.trim().to_string()),
        }
    }
}

/// The real address of a lazily loaded image: `data-src` and friends before a placeholder `src`.
fn image_source(doc: &Doc<'_>, img: NodeIdx) -> Option<String> {
    const LAZY: &[&str] = &[
        "data-src",
        "data-lazy-src",
        "data-original",
        "data-url",
        "data-hi-res-src",
        "data-lazy",
    ];
    let lazy = LAZY
        .iter()
        .find_map(|a| doc.attr(img, a))
        .filter(|s| !s.trim().is_empty());
    let srcset = ["srcset", "data-srcset"]
        .iter()
        .find_map(|a| doc.attr(img, a))
        .and_then(best_from_srcset);
    let src = doc
        .attr(img, "src")
        .filter(|s| !s.trim().is_empty() && !is_placeholder(s));
    lazy.map(str::to_string)
        .or(srcset)
        .or(src.map(str::to_string))
}

/// Tiny inline GIFs and blank SVGs stand in while an image loads.
fn is_placeholder(src: &str) -> bool {
    let s = src.trim_start().to_ascii_lowercase();
    s.starts_with("data:") && (s.len() < 200 || s.starts_with("data:image/svg"))
}

/// The widest candidate of a `srcset`.
fn best_from_srcset(srcset: &str) -> Option<String> {
    srcset
        .split(',')
        .filter_map(|c| {
            let mut parts = c.split_whitespace();
            let url = parts.next()?;
            let size = parts
                .next()
                .and_then(|d| d.trim_end_matches(['w', 'x']).parse::<f32>().ok())
                .unwrap_or(1.0);
            Some((url, size))
        })
        .filter(|(u, _)| !is_placeholder(u))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(u, _)| u.to_string())
}

fn noscript_image(doc: &Doc<'_>, noscript: NodeIdx) -> Option<String> {
    let raw: String = doc
        .children(noscript)
        .filter_map(|c| match doc.nodes[c].kind {
            Kind::Text(t) => Some(t),
            Kind::Element(_) => None,
        })
        .collect();
    if !raw.contains("<img") {
        return None;
    }
    let fragment = crate::limits::parse_fragment(&raw, &crate::limits::Limits::default()).ok()?;
    let inner = Doc::keyed(&fragment, doc.hash_key);
    let img = inner.find_tag("img")?;
    image_source(&inner, img)
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s);
    out
}

/// Appends `s` with `<`, `>`, `&` and `"` escaped, copying the runs between them whole: this
/// runs over all of the story's text.
fn push_escaped(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(at) = rest
        .bytes()
        .position(|b| matches!(b, b'<' | b'>' | b'&' | b'"'))
    {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            _ => "&quot;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

thread_local! {
    /// ammonia's rules, built once per thread: building them (hundreds of set insertions) took
    /// a third of the analysis of a small page, and the extension analyses many.
    static SANITIZER: RefCell<ammonia::Builder<'static>> = RefCell::new(sanitizer());
}

fn sanitizer() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer nofollow"))
        .rm_tags(["map", "area"])
        .add_tag_attributes("img", ["src", "alt"])
        .strip_comments(true);
    builder
}

/// The safety net: whatever the steps above let through, only plain document markup leaves.
pub fn sanitize(html: &str, base: Option<&Url>) -> String {
    SANITIZER.with_borrow_mut(|builder| {
        builder.url_relative(match base {
            Some(base) => ammonia::UrlRelative::RewriteWithBase(base.clone()),
            None => ammonia::UrlRelative::PassThrough,
        });
        // Written straight into one buffer (`to_string` writes it, then copies it).
        let mut out = Vec::with_capacity(html.len());
        builder
            .clean(html)
            .write_to(&mut out)
            .expect("writing to a Vec");
        String::from_utf8(out).expect("html5ever writes UTF-8")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_is_what_sanitizing_it_whole_gives() {
        let base = Url::parse("https://news.example/world/story.html").unwrap();
        let body = sanitize(
            "<p>Caf\u{e9}&nbsp;&amp; <a href=/a onclick=x>bar</a> <b>1 &lt; 2</b></p>\
             <table><tr><td>cell<td>two</table><ul><li>one<li>two</ul>\
             <figure><img src=p.jpg alt='a \"b\"'><figcaption>Pic</figcaption></figure>\
             <map><area href=/x></map><p>end",
            Some(&base),
        );
        let meta = crate::metadata::Metadata {
            title: "Tom & Jerry <3 \"quotes\"".into(),
            byline: Some("By A\u{a0}B".into()),
            ..Default::default()
        };
        let whole = format!(
            "<article><h1>{}</h1><p>{}</p>{body}</article>",
            escape(&meta.title),
            escape("By A\u{a0}B")
        );
        assert_eq!(document(&meta, &body), sanitize(&whole, None));
    }

    #[test]
    fn lazy_images_use_their_real_source() {
        let html = scraper::Html::parse_document(
            r#"<img id=a src="data:image/gif;base64,R0lGOD" data-src="/real.jpg">
               <img id=b srcset="/s.jpg 320w, /l.jpg 1024w">"#,
        );
        let doc = Doc::new(&html);
        let imgs: Vec<_> = (0..doc.nodes.len())
            .filter(|&i| doc.tag(i) == "img")
            .collect();
        assert_eq!(image_source(&doc, imgs[0]).as_deref(), Some("/real.jpg"));
        assert_eq!(image_source(&doc, imgs[1]).as_deref(), Some("/l.jpg"));
    }

    #[test]
    fn sanitize_removes_scripts_handlers_and_javascript_urls() {
        let dirty = r#"<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(1)">l</a>
            <img src=x onerror=alert(1)><iframe src=/x></iframe><form><input></form></p>"#;
        let clean = sanitize(dirty, None);
        for bad in [
            "onclick",
            "script",
            "javascript:",
            "onerror",
            "iframe",
            "form",
            "input",
        ] {
            assert!(!clean.contains(bad), "{bad} survived in {clean}");
        }
    }

    #[test]
    fn relative_links_become_absolute() {
        let base = Url::parse("https://news.example/world/story.html").unwrap();
        let clean = sanitize(r#"<a href="../other.html">x</a>"#, Some(&base));
        assert!(clean.contains("https://news.example/other.html"));
    }

    /// A story page whose second paragraph carries inline markup.
    fn story_with(inline: &str) -> String {
        let filler =
            "Council members met on Tuesday to weigh the budget for the coming year. ".repeat(6);
        format!(
            "<html><body><article><h1>Budget vote</h1><p>{filler}</p><p>{filler} {inline} Then the vote.</p></article></body></html>"
        )
    }

    fn reader_content(html: &str) -> String {
        let options = crate::Options {
            url: Some("https://news.example/city/budget.html".into()),
            ..Default::default()
        };
        crate::analyze(html, &options).unwrap().article.content
    }

    #[test]
    fn inline_markup_of_a_paragraph_keeps_its_words() {
        let content = reader_content(&story_with(
            r#"See <em>the full plan</em> and <a href="/docs/plan.pdf">the council's report</a>."#,
        ));
        assert!(content.contains("<em>the full plan</em>"), "{content}");
        assert!(
            content.contains(r#"<a href="https://news.example/docs/plan.pdf""#)
                && content.contains(">the council's report</a>"),
            "{content}"
        );
    }

    #[test]
    fn a_link_whose_address_does_not_parse_keeps_its_words_without_an_address() {
        let content = reader_content(&story_with(
            r#"Read <a href="https://exa mple.com/">the memo</a>."#,
        ));
        assert!(content.contains("the memo"), "{content}");
        assert!(
            !content.contains("budget.html"),
            "pointed at the page itself: {content}"
        );
    }

    #[test]
    fn plain_text_follows_reading_order_when_loose_text_follows_paragraphs() {
        let filler = "The committee heard from residents for most of the evening. ".repeat(4);
        let html = format!(
            "<html><body><article><h1>Budget vote</h1><div class=\"body\"><p>First. {filler}</p><p>Second. {filler}</p>Last words of the story, outside any paragraph.</div></article></body></html>"
        );
        let text = crate::analyze(&html, &crate::Options::default())
            .unwrap()
            .article
            .text;
        let at = |needle: &str| {
            text.find(needle)
                .unwrap_or_else(|| panic!("{needle} in {text}"))
        };
        assert!(
            at("First.") < at("Second.") && at("Second.") < at("Last words"),
            "{text}"
        );
    }
}
