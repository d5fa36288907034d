//! Element names, grouped by what they mean to the pipeline: every tag list in one place.

/// Block-level elements: they start a new line of text.
pub fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
            | "center"
            | "html"
    )
}

/// The standard elements a shadow root can be attached to (besides custom elements).
const SHADOW_HOSTS: [&str; 18] = [
    "article",
    "aside",
    "blockquote",
    "body",
    "div",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "main",
    "nav",
    "p",
    "section",
    "span",
];

/// Names with a hyphen that are not custom elements' (SVG and MathML took them first).
const RESERVED_HYPHENATED: [&str; 8] = [
    "annotation-xml",
    "color-profile",
    "font-face",
    "font-face-src",
    "font-face-uri",
    "font-face-format",
    "font-face-name",
    "missing-glyph",
];

/// The elements a shadow root can be attached to: a custom element, or one of the standard's
/// list. A browser's parser attaches a declarative root only there.
pub fn may_host_shadow_root(name: &str) -> bool {
    let custom = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.contains('-')
        && !RESERVED_HYPHENATED.contains(&name);
    custom || SHADOW_HOSTS.contains(&name)
}

/// Elements whose content is never text a reader sees.
pub fn is_non_content(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "svg"
            | "math"
            | "canvas"
            | "iframe"
            | "object"
            | "embed"
            | "select"
            | "option"
            | "textarea"
            | "button"
    )
}

pub fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Section headings: a card's linked headline is one of these (an `<h1>` is the page's own).
pub fn is_subheading(tag: &str) -> bool {
    matches!(tag, "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Elements that are a picture, a video or a sound: media blocks of their own.
pub fn is_media(tag: &str) -> bool {
    matches!(tag, "img" | "picture" | "video" | "audio")
}

/// What a caption can be next to.
pub fn is_visual(tag: &str) -> bool {
    matches!(tag, "img" | "picture" | "video")
}

/// Elements written without a closing tag.
pub fn is_void(tag: &str) -> bool {
    matches!(tag, "br" | "hr" | "img" | "wbr" | "source" | "col" | "area")
}

/// A form's controls: a form without any is a wrapper left unclosed, not a form.
pub fn is_form_control(tag: &str) -> bool {
    matches!(tag, "input" | "select" | "textarea" | "button")
}

/// The nearest of these around a block is its group (a list, a section, a box beside the story).
pub fn is_group(tag: &str) -> bool {
    matches!(tag, "ul" | "ol" | "section" | "aside" | "nav")
}

/// The page's frame: a teaser card sits inside these, never is one; de-clutter never hides them.
pub fn is_page_frame(tag: &str) -> bool {
    matches!(tag, "body" | "html" | "main" | "article")
}

/// Never hidden in place, whatever they hold.
pub fn is_never_hidden(tag: &str) -> bool {
    matches!(tag, "html" | "body" | "head" | "main")
}

/// Readability's scored elements: their paragraphs give points to their ancestors.
pub fn is_scored(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "td"
            | "pre"
            | "section"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "div"
            | "article"
            | "main"
            | "font"
            | "center"
            | "blockquote"
            | "dd"
    )
}

/// Readability's weight of a candidate container by its tag.
pub fn readability_weight(tag: &str) -> f32 {
    match tag {
        "div" | "article" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Readability's conditional cleaning: always removed inside the story.
pub fn is_furniture(tag: &str) -> bool {
    matches!(tag, "aside" | "footer" | "nav")
}

/// Readability's conditional cleaning: removed inside the story when they look like furniture.
pub fn is_cleanable(tag: &str) -> bool {
    matches!(
        tag,
        "form" | "fieldset" | "table" | "ul" | "ol" | "div" | "section"
    )
}

/// Elements whose text Readability's conditional cleaning does not count.
pub fn is_uncounted(tag: &str) -> bool {
    matches!(tag, "script" | "style" | "noscript")
}
