//! Word lists: what class names, ids and short texts tend to say about a block.
//!
//! These are cues, not rules: many sites hash their class names, so the classifier weighs them
//! with the structure and the text. Lists are lower-case; class/id values are split into tokens
//! on anything that is not a letter or digit, and camelCase is split too.

use rustc_hash::FxHashMap;

/// What the class names and ids of one element suggest.
#[derive(Debug, Default, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ClassCues {
    pub promo: bool,
    /// A promo name other than the bare word "promo": an ad, a sign-up, a share bar, a player.
    /// BBC calls its boxes of its own stories `*-promo`: that word alone sells nothing.
    pub sells: bool,
    /// Names a sponsor or a network of paid links: what it holds is paid for, wherever it leads.
    pub paid: bool,
    pub related: bool,
    pub navigation: bool,
    /// Named as a menu (nav, menu, breadcrumb...), not only as a header or footer, which
    /// teaser cards name their parts too.
    pub menu: bool,
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
    "playlist",
    "listen",
    "podcast",
    "app",
    "cta",
    "commercial",
    "marketing",
    "affiliate",
    "optin",
];

/// Paid placements (also promo words): a sponsor's box, the recommendation networks' widgets.
const PAID_SUBSTRINGS: &[&str] = &["sponsor", "taboola", "outbrain", "zergnet"];
const PAID_TOKENS: &[&str] = &["affiliate"];

/// The bare word "promo": sites name their boxes of their own stories with it as well as ads.
const OWN_PROMO_TOKENS: &[&str] = &["promo"];

const PROMO_SUBSTRINGS: &[&str] = &[
    "advert",
    "sponsor",
    "newsletter",
    "taboola",
    "outbrain",
    "zergnet",
    "paywall",
    "div-gpt",
    "google_ads",
    "adslot",
    "ad-slot",
    "subscribe",
    "opt-in",
    // Spanish "suscripción", "suscríbete".
    "suscri",
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

const MENU_TOKENS: &[&str] = &[
    "nav",
    "navi",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "topbar",
    "sitemap",
    "pagination",
    "pager",
    "skip",
    "toolbar",
];

/// The page's frame: navigation too, but cards call their own parts header and footer.
const FRAME_TOKENS: &[&str] = &["header", "footer", "masthead", "copyright", "legal"];

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

const COMMENT_TOKENS: &[&str] = &[
    "comment",
    "comments",
    "disqus",
    "replies",
    "respond",
    "commentaires",
    "comentario",
    "comentarios",
    "kommentar",
    "kommentare",
];

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

/// Readability's "unlikely candidate" words: a container named so is chrome...
const UNLIKELY_SUBSTRINGS: &[&str] = &[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumbs",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
];
/// ...unless its name also says it may hold the story.
const MAYBE_CANDIDATE_SUBSTRINGS: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "mathjax", "shadow",
];

/// Author mark-up in class names and ids (whole words, no camelCase split).
const BYLINE_WORDS: &[&str] = &["byline", "author", "dateline"];

/// What the class names and ids of one element say, for every stage that asks.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct NameCues {
    pub cues: ClassCues,
    /// Readability's unlikely candidate (by name alone; see `article::is_unlikely`).
    pub unlikely: bool,
    /// Named as a byline, author or dateline.
    pub byline: bool,
}

impl NameCues {
    /// What an element says through the values of its class and id.
    pub fn of(values: impl IntoIterator<Item = ValueCues>) -> NameCues {
        let mut out = NameCues::default();
        let mut found = 0;
        for ValueCues { bits, byline } in values {
            found |= bits;
            let cues = &mut out.cues;
            if bits & POSITIVE != 0 {
                cues.weight += 25;
            }
            if bits & NEGATIVE != 0 {
                cues.weight -= 25;
            }
            cues.promo |= bits & (PROMO | OWN_PROMO) != 0;
            cues.sells |= bits & PROMO != 0;
            cues.paid |= bits & PAID != 0;
            cues.related |= bits & RELATED != 0;
            cues.navigation |= bits & (NAVIGATION | MENU) != 0;
            cues.menu |= bits & MENU != 0;
            cues.caption |= bits & CAPTION != 0;
            cues.comment |= bits & COMMENT != 0;
            cues.bio |= bits & BIO != 0;
            out.byline |= byline;
        }
        out.unlikely = found & UNLIKELY != 0 && found & MAYBE_CANDIDATE == 0;
        out
    }
}

/// What one class or id value says: the cues its substrings and tokens stand for, and whether
/// it names a byline.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct ValueCues {
    bits: u16,
    byline: bool,
}

/// Reads a value once: one scan for all substring lists, one look-up per token.
pub fn value_cues(value: &str) -> ValueCues {
    let lists = lists();
    let mut bits = 0;
    for name in value
        .split_ascii_whitespace()
        .filter(|name| !is_overflow_utility(name) && !is_script_hook(name))
        .map(utility)
    {
        bits |= lists.substrings_in(name.as_bytes());
        for range in token_ranges(name) {
            bits |= lists.token(&name.as_bytes()[range]);
        }
    }
    let byline = value
        .as_bytes()
        .split(|b| !b.is_ascii_alphanumeric())
        .any(|t| {
            BYLINE_WORDS
                .iter()
                .any(|w| t.eq_ignore_ascii_case(w.as_bytes()))
        });
    ValueCues { bits, byline }
}

pub fn class_cues(class: Option<&str>, id: Option<&str>) -> ClassCues {
    name_cues(class, id).cues
}

pub fn name_cues(class: Option<&str>, id: Option<&str>) -> NameCues {
    NameCues::of([class, id].into_iter().flatten().map(value_cues))
}

// One bit per cue; a word can stand for several (e.g. "sponsor": promo, negative, unlikely).
const POSITIVE: u16 = 1;
const NEGATIVE: u16 = 1 << 1;
const UNLIKELY: u16 = 1 << 2;
const MAYBE_CANDIDATE: u16 = 1 << 3;
const PROMO: u16 = 1 << 4;
const RELATED: u16 = 1 << 5;
const CAPTION: u16 = 1 << 6;
const NAVIGATION: u16 = 1 << 7;
const COMMENT: u16 = 1 << 8;
const BIO: u16 = 1 << 9;
const MENU: u16 = 1 << 10;
/// The bare word "promo": a promo name that may be a site promoting its own pages.
const OWN_PROMO: u16 = 1 << 11;
const PAID: u16 = 1 << 12;

/// The word lists merged for lookup, built once. Class names are mostly letters, so a scan
/// that tried every word starting with the current letter would try dozens per position:
/// `starts` rules out a position with one lookup of its first two bytes instead.
struct Lists {
    /// Bit `b0 * 128 + b1` is set when some substring word starts with bytes `b0 b1`.
    starts: [u64; 256],
    /// (word, cues it stands for), sorted by first byte...
    substrings: Vec<(&'static [u8], u16)>,
    /// ...so that `substrings[first[b]..first[b + 1]]` are the words starting with byte `b`.
    first: [u8; 129],
    tokens: FxHashMap<&'static [u8], u16>,
}

/// The shortest substring word: a shorter rest of a value holds none.
const MIN_SUBSTRING_LEN: usize = 3;
/// The longest token word: a longer token is none of them.
const MAX_TOKEN_LEN: usize = 24;

impl Lists {
    fn substrings_in(&self, value: &[u8]) -> u16 {
        let mut bits = 0;
        for i in 0..value.len().saturating_sub(MIN_SUBSTRING_LEN - 1) {
            let (b0, b1) = (
                value[i].to_ascii_lowercase() as usize,
                value[i + 1].to_ascii_lowercase() as usize,
            );
            if b0 >= 128 || b1 >= 128 || self.starts[(b0 << 1) | (b1 >> 6)] & (1 << (b1 & 63)) == 0
            {
                continue;
            }
            let rest = &value[i..];
            for &(word, cues) in
                &self.substrings[self.first[b0] as usize..self.first[b0 + 1] as usize]
            {
                if cues & !bits != 0
                    && rest.len() >= word.len()
                    && rest[..word.len()].eq_ignore_ascii_case(word)
                {
                    bits |= cues;
                }
            }
        }
        bits
    }

    fn token(&self, token: &[u8]) -> u16 {
        let mut lower = [0u8; MAX_TOKEN_LEN];
        let Some(lower) = lower.get_mut(..token.len()) else {
            return 0;
        };
        for (l, t) in lower.iter_mut().zip(token) {
            *l = t.to_ascii_lowercase();
        }
        self.tokens.get(&*lower).copied().unwrap_or(0)
    }
}

fn lists() -> &'static Lists {
    static LISTS: std::sync::OnceLock<Lists> = std::sync::OnceLock::new();
    LISTS.get_or_init(|| {
        let merge = |lists: &[(&[&'static str], u16)]| {
            let mut words: Vec<(&'static [u8], u16)> = Vec::new();
            for &(list, bit) in lists {
                for w in list {
                    match words.iter_mut().find(|(x, _)| *x == w.as_bytes()) {
                        Some(entry) => entry.1 |= bit,
                        None => words.push((w.as_bytes(), bit)),
                    }
                }
            }
            words
        };
        let words = merge(&[
            (POSITIVE_SUBSTRINGS, POSITIVE),
            (NEGATIVE_SUBSTRINGS, NEGATIVE),
            (UNLIKELY_SUBSTRINGS, UNLIKELY),
            (MAYBE_CANDIDATE_SUBSTRINGS, MAYBE_CANDIDATE),
            (PROMO_SUBSTRINGS, PROMO),
            (RELATED_SUBSTRINGS, RELATED),
            (PAID_SUBSTRINGS, PAID),
            (&["caption"], CAPTION),
        ]);
        // Grouped by first byte by counting, not sorting: a sort adds ~5 KB to the wasm module.
        let mut starts = [0u64; 256];
        let mut first = [0u8; 129];
        for (w, _) in &words {
            let pair = (w[0] as usize) << 7 | w[1] as usize;
            starts[pair >> 6] |= 1 << (pair & 63);
            first[w[0] as usize + 1] += 1;
        }
        for b in 0..128 {
            first[b + 1] += first[b];
        }
        let mut substrings = words.clone();
        let mut next = first;
        for &(w, cues) in &words {
            let slot = &mut next[w[0] as usize];
            substrings[*slot as usize] = (w, cues);
            *slot += 1;
        }
        let tokens = merge(&[
            (PROMO_TOKENS, PROMO),
            (OWN_PROMO_TOKENS, OWN_PROMO),
            (PAID_TOKENS, PAID),
            (RELATED_TOKENS, RELATED),
            (MENU_TOKENS, MENU),
            (FRAME_TOKENS, NAVIGATION),
            (CAPTION_TOKENS, CAPTION),
            (COMMENT_TOKENS, COMMENT),
            (BIO_TOKENS, BIO),
        ]);
        Lists {
            starts,
            substrings,
            first,
            tokens: tokens.into_iter().collect(),
        }
    })
}

/// Splits `sc-Card_titleLink js-share` into `sc card title link js share`.
pub fn tokens(value: &str) -> Vec<String> {
    let lower = value.to_ascii_lowercase();
    token_ranges(value).map(|r| lower[r].to_string()).collect()
}

/// Byte ranges of the tokens of `value`. ASCII lower-casing keeps byte offsets, so the ranges
/// index the lower-cased string too: no allocation per token on this hot path.
/// A utility class that clips overflow (Tailwind's `overflow-hidden`, `md:overflow-x-hidden`)
/// styles a box; its "hidden" says nothing about what the box holds.
fn is_overflow_utility(name: &str) -> bool {
    let utility = name.rsplit(':').next().unwrap_or(name);
    utility
        .trim_start_matches('!')
        .get(..9)
        .is_some_and(|start| start.eq_ignore_ascii_case("overflow-"))
}

/// A utility class's variants (Tailwind's `hx:contrast-more:border-gray-900`, `group-hover:`)
/// say when a style applies, not what the box is: only the utility after them is read.
fn utility(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// `js-outbrain-anchor`, `js-share`: a hook for the page's scripts, named for what a script
/// does there, not for what the box is.
fn is_script_hook(name: &str) -> bool {
    name.get(..3)
        .is_some_and(|start| start.eq_ignore_ascii_case("js-") || start.eq_ignore_ascii_case("js_"))
}

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
    /// "Exclusive": marks a teaser when it is a link.
    pub teaser_tag: bool,
    /// "Log in", "Forgot your password?", "Se connecter": a link to the visitor's account.
    pub account: bool,
    /// "Try ...": a call to try a product when it is a link ("Try Babbel for Free!"); unlinked,
    /// it may be the story's own advice ("Try this at home").
    pub try_offer: bool,
    /// A social network or a sharing action named alone ("Facebook", "WhatsApp", "Email"): a
    /// share or follow button when it is a link.
    pub share_target: bool,
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
    "listen to this story",
    "écouter cet article",
    "écouter l'article",
    "artikel anhören",
    "artikel vorlesen",
    "escuchar este artículo",
    "escuchar la noticia",
    "ouvir o texto",
    "ascolta l'articolo",
    "loading audio",
    "advertisement",
    "advertising",
    "report this ad",
    "sponsored",
    "sponsored content",
    "paid partner",
    "promoted stories",
    "promoted content",
    "sign up",
    "subscribe",
    "abonnieren",
    "suscríbete",
    "newsletter",
    "schedule a consultation",
    "start now",
    "get the app",
    "download the app",
    "download our app",
    "share this article",
    "share this",
    "share on facebook",
    "share on twitter",
    "follow us",
    "follow me on",
    "join our mailing list",
    "join the facebook group",
    "join me on",
    "help me spread the word",
    "like us on",
    "shop now",
    // Games and puzzles invite the reader to play, not to read ("game" alone names a match).
    "our online games",
    "daily crossword",
    "daily puzzles",
    "sudoku",
    "buy now",
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
/// A visitor's account: the site's own tools (navigation), whatever box they sit in.
const ACCOUNT_TEXTS: &[&str] = &[
    "log in",
    "login",
    "sign in",
    "log out",
    "logout",
    "sign out",
    "forgot your password",
    "forgot password",
    "my account",
    "se connecter",
    "se déconnecter",
    "s'inscrire",
    "anmelden",
    "abmelden",
    "iniciar sesión",
];

/// The whole text of a line that discloses an ad, in the languages of the corpus.
const AD_LABELS: &[&str] = &[
    "advertisement",
    "advertising",
    "ad",
    "ads",
    "sponsored",
    "paid partner",
    "paid content",
    "anzeige",
    "werbung",
    "publicité",
    "publicidad",
    "pubblicità",
    "publicidade",
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
    "see all",
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
];

/// What a share bar or a "follow us" row names, one per button.
const SHARE_TARGETS: &[&str] = &[
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "pinterest",
    "reddit",
    "flipboard",
    "telegram",
    "messenger",
    "instagram",
    "tiktok",
    "youtube",
    "threads",
    "bluesky",
    "mastodon",
    "google+",
    "email",
    "e-mail",
    "mail",
    "envoyer",
    "print",
    "imprimer",
    "copy link",
];

/// The words around a network's name on a share or follow button.
const SHARE_WORDS: &[&str] = &[
    "share", "on", "via", "follow", "us", "to", "send", "this", "article", "partager", "sur",
    "teilen", "auf",
];

/// "Facebook", "Twitter :Twitter", "Share on WhatsApp", "X (Twitter)": a network named with
/// nothing but button words ("Facebook Ads Agencies" is a link to a story about them).
fn is_share_button(lower: &str) -> bool {
    let words = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '-'))
        .filter(|w| !w.is_empty());
    let mut named = false;
    for w in words {
        if SHARE_TARGETS.contains(&w) {
            named = true;
        } else if !SHARE_WORDS.contains(&w) {
            return false;
        }
    }
    named
}

/// A teaser's tag: a related-link cue only on a link ("Exclusive: ..." as a subheading of the
/// story is the story).
const TEASER_TAGS: &[&str] = &["exclusive"];

pub fn text_cues(text: &str) -> TextCues {
    let text = text.trim();
    // Every cue is in a short text or at the start of one: lower-case at most 200 characters.
    // Most text is ASCII, where a character is a byte and lower-casing one needs no table.
    let ascii = text.is_ascii();
    let head_end = if ascii {
        text.len().min(200)
    } else {
        text.char_indices().nth(200).map_or(text.len(), |(i, _)| i)
    };
    let short = head_end == text.len();
    let lower = if ascii {
        text[..head_end].to_ascii_lowercase()
    } else {
        text[..head_end].to_lowercase()
    };
    let lower = lower.as_str();
    TextCues {
        caption: short
            && (CAPTION_PREFIXES.iter().any(|p| starts_with(lower, p))
                || contains_any(lower, CAPTION_CONTAINS, &CAPTION_CONTAINS_BY_FIRST)),
        promo: short && lower.chars().count() < 120 && starts_with_phrase(lower, PROMO_TEXTS),
        account: short && lower.len() < 40 && starts_with_phrase(lower, ACCOUNT_TEXTS),
        related: RELATED_PREFIXES.iter().any(|p| starts_with(lower, p)),
        teaser_tag: TEASER_TAGS.iter().any(|p| starts_with(lower, p)),
        try_offer: short && lower.len() < 60 && starts_with(lower, "try "),
        share_target: lower.len() <= 30 && is_share_button(lower),
    }
}

/// The text names a price: a currency sign next to a digit ("$39", "39 €", "£1.99").
pub fn names_price(text: &str) -> bool {
    let currency = |c: char| matches!(c, '$' | '€' | '£' | '¥' | '₹');
    if !text.contains(currency) {
        return false;
    }
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|(_, &c)| currency(c))
        .any(|(i, _)| {
            let digit_at = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(char::is_ascii_digit)
            };
            let space_at = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(|c| *c == ' ' || *c == '\u{a0}')
            };
            digit_at(Some(i + 1))
                || (space_at(Some(i + 1)) && digit_at(Some(i + 2)))
                || digit_at(i.checked_sub(1))
                || (space_at(i.checked_sub(1)) && digit_at(i.checked_sub(2)))
        })
}

/// The text is only an ad's disclosure ("Advertisement", "Anzeige", "Paid Partner"), the label a
/// site puts over an advertiser's box.
pub fn is_ad_label(text: &str) -> bool {
    let text = text.trim();
    text.len() <= 16 && AD_LABELS.contains(&text.to_lowercase().as_str())
}

/// `text` starts with one of `phrases` as a whole phrase: the end, or a space or punctuation
/// after it.
fn starts_with_phrase(text: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| {
        starts_with(text, p) && {
            let rest = &text[p.len()..];
            rest.is_empty()
                || rest.starts_with(' ')
                || rest.starts_with(':')
                || rest.starts_with('!')
                || rest.starts_with('?')
                || rest.starts_with("...")
        }
    })
}

/// `str::starts_with`, deciding most misses on the first byte: every block's text is checked
/// against dozens of phrases.
fn starts_with(text: &str, phrase: &str) -> bool {
    text.as_bytes().first() == phrase.as_bytes().first() && text.starts_with(phrase)
}

/// For each byte, which of `words` (at most 16) start with it.
const fn by_first_byte(words: &[&str]) -> [u16; 256] {
    assert!(words.len() <= 16);
    let mut table = [0u16; 256];
    let mut i = 0;
    while i < words.len() {
        table[words[i].as_bytes()[0] as usize] |= 1 << i;
        i += 1;
    }
    table
}

const CAPTION_CONTAINS_BY_FIRST: [u16; 256] = by_first_byte(CAPTION_CONTAINS);

/// Whether any of `words` occurs in `text`, in one pass that tries at each byte only the words
/// starting with it (`by_first` from [`by_first_byte`]).
fn contains_any(text: &str, words: &[&str], by_first: &[u16; 256]) -> bool {
    let bytes = text.as_bytes();
    (0..bytes.len()).any(|i| {
        let mut candidates = by_first[bytes[i] as usize];
        while candidates != 0 {
            if bytes[i..].starts_with(words[candidates.trailing_zeros() as usize].as_bytes()) {
                return true;
            }
            candidates &= candidates - 1;
        }
        false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_price_is_a_currency_sign_next_to_a_digit() {
        for priced in [
            "$39",
            "Totals $468 per year",
            "A partir de 9,90€",
            "39 €",
            "£ 1.99",
        ] {
            assert!(names_price(priced), "{priced}");
        }
        for unpriced in ["Save 15%", "Custom", "US$", "$ and cents", "39 dollars"] {
            assert!(!names_price(unpriced), "{unpriced}");
        }
    }

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
    fn overflow_utility_classes_carry_no_chrome_word() {
        let clipped = class_cues(Some("grid overflow-hidden md:overflow-x-hidden"), None);
        assert_eq!(clipped.weight, 0);
        assert!(class_cues(Some("grid hidden"), None).weight < 0);
    }

    #[test]
    fn script_hooks_carry_no_cue() {
        let hooked = class_cues(Some("related more-on-this-story js-outbrain-anchor"), None);
        assert!(hooked.related && !hooked.promo);
        assert!(class_cues(Some("js_share share-bar"), None).promo);
    }

    #[test]
    fn a_menu_is_named_as_one_but_a_card_header_is_only_part_of_the_frame() {
        assert!(class_cues(Some("nav-sub-links"), None).menu);
        assert!(class_cues(None, Some("navi_main")).menu);
        let header = class_cues(Some("unit__header"), None);
        assert!(header.navigation && !header.menu);
    }

    #[test]
    fn word_lists_fit_the_lookup() {
        let lists = lists();
        for (w, _) in &lists.substrings {
            assert!(w.len() >= MIN_SUBSTRING_LEN, "{w:?}");
            assert!(!w.iter().any(u8::is_ascii_uppercase), "{w:?}");
        }
        for w in lists.tokens.keys() {
            assert!(w.len() <= MAX_TOKEN_LEN, "{w:?}");
            assert!(!w.iter().any(u8::is_ascii_uppercase), "{w:?}");
        }
    }

    #[test]
    fn names_match_in_any_case_and_at_any_position() {
        assert!(class_cues(Some("LeftSidebar"), None).weight < 0);
        assert!(class_cues(Some("x"), Some("MAIN-Story")).weight > 0);
        assert!(class_cues(Some("sc-Card_AdSlot"), None).promo);
        assert!(name_cues(Some("Sidebar"), None).unlikely);
        // Readability: a "maybe" word anywhere in the class or id saves the element.
        assert!(!name_cues(Some("sidebar"), Some("main")).unlikely);
        assert!(name_cues(None, Some("story-ByLine")).byline);
        // Byline words are whole words: camelCase is not split for them.
        assert!(!name_cues(Some("authorName"), None).byline);
    }

    #[test]
    fn a_utility_s_variants_say_nothing() {
        assert!(!class_cues(Some("hx:contrast-more:border-gray-900"), None).related);
        assert!(class_cues(Some("more-stories"), None).related);
    }

    #[test]
    fn playlists_opt_ins_and_comments_in_more_languages_give_cues() {
        assert!(class_cues(Some("video-playlist-module"), None).promo);
        assert!(class_cues(None, Some("email-opt-in")).promo);
        assert!(class_cues(Some("optin-box"), None).promo);
        assert!(class_cues(None, Some("aside-suscripcion")).promo);
        assert!(!class_cues(Some("adopting-pets"), None).promo);
        for name in ["texto-comentarios", "commentaires", "kommentare"] {
            assert!(class_cues(Some(name), None).comment, "{name}");
        }
    }

    #[test]
    fn sponsors_and_recommendation_networks_name_paid_placements_an_ad_slot_does_not() {
        assert!(class_cues(Some("sponsored-stories"), None).paid);
        assert!(class_cues(None, Some("taboola-below-article")).paid);
        let ad = class_cues(Some("sidebar_ad_fix"), None);
        assert!(ad.promo && !ad.paid);
    }

    #[test]
    fn promoted_content_is_a_site_s_own_teasers_not_an_ad() {
        assert!(!class_cues(Some("promoted_contents_block"), None).promo);
        assert!(class_cues(None, Some("zergnet-widget-40875")).promo);
    }

    #[test]
    fn games_and_subscriptions_in_other_languages_give_promo_cues_a_match_report_does_not() {
        for t in [
            "Our Online Games",
            "Daily Crossword",
            "Daily Puzzles",
            "Sudoku",
            "Abonnieren",
            "Suscríbete",
        ] {
            assert!(text_cues(t).promo, "{t}");
        }
        assert!(!text_cues("Game recap: the Lakers win in overtime").promo);
        assert!(text_cues("Try Babbel for Free!").try_offer);
        assert!(text_cues("Forgot your password?").account);
        assert!(text_cues("Se connecter").account);
        assert!(!text_cues("Login screens of the new app, reviewed in full").account);
        assert!(!text_cues("Trying times for the league").try_offer);
    }

    #[test]
    fn ad_labels_and_calls_to_action_give_promo_cues() {
        for t in [
            "report this ad",
            "Paid Partner",
            "Schedule a Consultation Call",
            "Start now",
            "Ouvir o texto",
            "Écouter cet article",
            "Artikel anhören",
            "Like Us On Facebook Follow Us On Twitter",
            "Follow me on instagram: @talkinghomerenovations",
            "Join our mailing list! Get a newsletter when an episode is published",
        ] {
            assert!(text_cues(t).promo, "{t}");
        }
    }

    #[test]
    fn texts_of_the_example_page_give_cues() {
        assert!(text_cues("MI5 Director General, Ken McCallum. Picture: Alamy").caption);
        assert!(text_cues("Listen to this article").promo);
        assert!(text_cues("Loading audio...").promo);
        assert!(text_cues("Read more: Russia 'to fire its hypersonic Oreshnik missiles'").related);
        assert!(text_cues("More Latest News").related);
        assert!(text_cues("See all").related);
        assert!(!text_cues("MI5 has been left stretched as the threat grows.").related);
    }

    #[test]
    fn a_networks_name_alone_or_with_button_words_is_a_share_target() {
        for t in [
            "Facebook",
            "Twitter :Twitter",
            "X (Twitter)",
            "Share on WhatsApp",
            "Email",
        ] {
            assert!(text_cues(t).share_target, "{t}");
        }
        for t in [
            "Facebook Ads Agencies (U.S)",
            "TikTok Agencies",
            "Email us your tips today",
        ] {
            assert!(!text_cues(t).share_target, "{t}");
        }
    }
}
