//! Word lists: what class names, ids and short texts tend to say about a block.
//!
//! These are cues, not rules: many sites hash their class names, so the classifier weighs them
//! with the structure and the text. Lists are lower-case; class/id values are split into tokens
//! on anything that is not a letter or digit, and camelCase is split too.

/// What the class names and ids of one element suggest.
#[derive(Debug, Default, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ClassCues {
    pub promo: bool,
    pub related: bool,
    pub navigation: bool,
    pub caption: bool,
    pub comment: bool,
    /// An author box ("bio"): promotes the writer, is not the story.
    pub bio: bool,
    /// Readability-style weight: positive for "article/content/story", negative for chrome.
    pub weight: i32,
}

const PROMO_TOKENS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "advertisement",
    "adslot",
    "adunit",
    "dfp",
    "gpt",
    "sponsor",
    "sponsored",
    "promo",
    "promoted",
    "newsletter",
    "signup",
    "subscribe",
    "subscription",
    "paywall",
    "share",
    "sharing",
    "social",
    "sharebar",
    "taboola",
    "outbrain",
    "banner",
    "donate",
    "donation",
    "membership",
    "audio",
    "player",
    "listen",
    "podcast",
    "app",
    "cta",
    "commercial",
    "marketing",
    "affiliate",
];

const PROMO_SUBSTRINGS: &[&str] = &[
    "advert",
    "sponsor",
    "newsletter",
    "taboola",
    "outbrain",
    "paywall",
    "div-gpt",
    "google_ads",
    "adslot",
    "ad-slot",
    "subscribe",
];

const RELATED_TOKENS: &[&str] = &[
    "related",
    "recommended",
    "recommendations",
    "recirc",
    "recirculation",
    "trending",
    "popular",
    "mostread",
    "most",
    "readmore",
    "more",
    "teaser",
    "teasers",
    "latest",
    "also",
    "further",
    "next",
    "headlines",
    "tags",
    "tag",
    "topics",
];

const RELATED_SUBSTRINGS: &[&str] = &["related", "recommend", "trending", "read-more", "mostread"];

const NAVIGATION_TOKENS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "header",
    "footer",
    "masthead",
    "topbar",
    "sitemap",
    "pagination",
    "pager",
    "skip",
    "toolbar",
    "copyright",
    "legal",
];

const CAPTION_TOKENS: &[&str] = &[
    "caption",
    "figcaption",
    "credit",
    "credits",
    "photocredit",
    "imagecredit",
    "wp-caption-text",
];

const BIO_TOKENS: &[&str] = &["bio", "bios", "biography", "authorbio", "contributor"];

const COMMENT_TOKENS: &[&str] = &["comment", "comments", "disqus", "replies", "respond"];

/// Readability's lists: words that make a container likelier (or not) to hold the story.
const POSITIVE_SUBSTRINGS: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text",
    "blog", "story",
];
const NEGATIVE_SUBSTRINGS: &[&str] = &[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
];

pub fn class_cues(class: Option<&str>, id: Option<&str>) -> ClassCues {
    let mut cues = ClassCues::default();
    for value in [class, id].into_iter().flatten() {
        let lower = value.to_ascii_lowercase();
        if POSITIVE_SUBSTRINGS.iter().any(|w| lower.contains(w)) {
            cues.weight += 25;
        }
        if NEGATIVE_SUBSTRINGS.iter().any(|w| lower.contains(w)) {
            cues.weight -= 25;
        }
        for range in token_ranges(value) {
            let t = &lower[range];
            cues.promo |= PROMO_TOKENS.contains(&t);
            cues.related |= RELATED_TOKENS.contains(&t);
            cues.navigation |= NAVIGATION_TOKENS.contains(&t);
            cues.caption |= CAPTION_TOKENS.contains(&t);
            cues.comment |= COMMENT_TOKENS.contains(&t);
            cues.bio |= BIO_TOKENS.contains(&t);
        }
        cues.promo |= PROMO_SUBSTRINGS.iter().any(|w| lower.contains(w));
        cues.related |= RELATED_SUBSTRINGS.iter().any(|w| lower.contains(w));
        cues.caption |= lower.contains("caption");
    }
    cues
}

/// Splits `sc-Card_titleLink js-share` into `sc card title link js share`.
pub fn tokens(value: &str) -> Vec<String> {
    let lower = value.to_ascii_lowercase();
    token_ranges(value).map(|r| lower[r].to_string()).collect()
}

/// Byte ranges of the tokens of `value`. ASCII lower-casing keeps byte offsets, so the ranges
/// index the lower-cased string too: no allocation per token on this hot path.
fn token_ranges(value: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let bytes = value.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        i += 1;
        while i < bytes.len()
            && bytes[i].is_ascii_alphanumeric()
            && !(bytes[i].is_ascii_uppercase() && bytes[i - 1].is_ascii_lowercase())
        {
            i += 1;
        }
        Some(start..i)
    })
}

/// What a block's own text says about it, in the languages of the corpus.
#[derive(Debug, Default, Clone, Copy, PartialEq, serde::Serialize)]
pub struct TextCues {
    /// "Picture: Alamy", "Photograph: ...", "(AP Photo/...)", "Image source, ...".
    pub caption: bool,
    /// "Listen to this article", "Sign up to...", "Advertisement".
    pub promo: bool,
    /// "Read more: ...", "Related:", "More Latest News", "See more".
    pub related: bool,
}

const CAPTION_PREFIXES: &[&str] = &[
    "picture:",
    "photo:",
    "photograph:",
    "photography:",
    "image:",
    "credit:",
    "image source",
    "image caption",
    "foto:",
    "bild:",
    "crédit",
    "crédits",
    "illustration:",
];
const CAPTION_CONTAINS: &[&str] = &[
    "picture: ",
    "photograph: ",
    "photo: ",
    "(ap photo",
    "(photo:",
    "getty images",
    "/reuters",
    "/getty",
    "/afp",
    "/ap)",
    "image source,",
    "(credit:",
    "credit: ",
];
const PROMO_TEXTS: &[&str] = &[
    "listen to this article",
    "loading audio",
    "advertisement",
    "advertising",
    "sponsored",
    "sponsored content",
    "promoted stories",
    "promoted content",
    "sign up",
    "subscribe",
    "newsletter",
    "get the app",
    "download the app",
    "download our app",
    "share this article",
    "share this",
    "share on facebook",
    "share on twitter",
    "follow us",
    "copy link",
    "subscribers only",
    "for subscribers",
    "subscriber exclusive",
    "article réservé aux abonnés",
    "réservé aux abonnés",
    "nur für abonnenten",
    "publicité",
    "anzeige",
    "werbung",
];
const RELATED_PREFIXES: &[&str] = &[
    "read more",
    "related:",
    "related stories",
    "related articles",
    "related content",
    "related coverage",
    "see also",
    "also read",
    "read also",
    "more on this",
    "more from",
    "more latest",
    "more stories",
    "see more",
    "most read",
    "most popular",
    "trending",
    "recommended",
    "you may also like",
    "you might also like",
    "lire aussi",
    "à lire aussi",
    "voir aussi",
    "lesen sie auch",
    "mehr zum thema",
    "leia também",
    "اقرأ أيضا",
    "اقرأ أيضاً",
    "exclusive",
];

pub fn text_cues(text: &str) -> TextCues {
    let text = text.trim();
    // Every cue is in a short text or at the start of one: lower-case at most 200 characters.
    let head_end = text.char_indices().nth(200).map_or(text.len(), |(i, _)| i);
    let short = head_end == text.len();
    let lower = text[..head_end].to_lowercase();
    let lower = lower.as_str();
    TextCues {
        caption: short
            && (CAPTION_PREFIXES.iter().any(|p| lower.starts_with(p))
                || CAPTION_CONTAINS.iter().any(|p| lower.contains(p))),
        promo: short
            && lower.chars().count() < 120
            && PROMO_TEXTS.iter().any(|p| {
                lower.strip_prefix(p).is_some_and(|rest| {
                    rest.is_empty()
                        || rest.starts_with(' ')
                        || rest.starts_with(':')
                        || rest.starts_with("...")
                })
            }),
        related: RELATED_PREFIXES.iter().any(|p| lower.starts_with(p)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_on_punctuation_and_camel_case() {
        assert_eq!(
            tokens("sc-Card_titleLink js-share"),
            vec!["sc", "card", "title", "link", "js", "share"]
        );
    }

    #[test]
    fn class_names_give_cues() {
        assert!(class_cues(Some("article-ad-slot"), None).promo);
        assert!(class_cues(Some("related-stories"), None).related);
        assert!(class_cues(None, Some("main-nav")).navigation);
        assert!(class_cues(Some("wp-caption-text"), None).caption);
        assert_eq!(class_cues(Some("css-1x9k2a"), None), ClassCues::default());
        assert!(class_cues(Some("article-body"), None).weight > 0);
    }

    #[test]
    fn texts_of_the_example_page_give_cues() {
        assert!(text_cues("MI5 Director General, Ken McCallum. Picture: Alamy").caption);
        assert!(text_cues("Listen to this article").promo);
        assert!(text_cues("Loading audio...").promo);
        assert!(text_cues("Read more: Russia 'to fire its hypersonic Oreshnik missiles'").related);
        assert!(text_cues("More Latest News").related);
        assert!(!text_cues("MI5 has been left stretched as the threat grows.").related);
    }
}
