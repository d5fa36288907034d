//! Declutter's core: label the blocks of a news page and build its reader document.
//!
//! The pipeline, one module per stage (see `docs/ARCHITECTURE.md`):
//! HTML → [`dom`] (flat tree) → [`segment`] (blocks) → [`article`] (where the story is) →
//! [`features`] → [`classify`] (labels) → [`hide`] (what to hide in place) and [`reader`]
//! (reader document), with [`metadata`] for title, byline and date.
//!
//! Everything here is a pure function of the page's HTML and URL; the browser edges live in
//! `wasm` (bindings) and the extension's JavaScript.

pub mod article;
pub mod attrs;
pub mod cards;
pub mod classify;
pub mod copies;
pub mod cues;
pub mod dom;
pub mod features;
pub mod gate;
pub mod hide;
pub mod keyed;
pub mod limits;
pub mod metadata;
pub mod page;
pub mod reader;
pub mod segment;
pub mod site_rules;
pub mod tags;

pub use classify::Label;
pub use limits::{Error, Limits};
pub use page::{Decisions, Page};

use features::Features;
use metadata::Metadata;
use segment::BlockKind;
use serde::Serialize;

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The page's address: relative links and images are made absolute against it.
    pub url: Option<String>,
    pub limits: Limits,
    /// Plan the hide list even where the gate finds no story page: what de-clutter would do
    /// without the gate, for evaluating the gate itself.
    pub ungated: bool,
    /// The secret key of the maps keyed by the page's own names (see [`keyed`]).
    pub hash_key: keyed::HashKey,
}

/// One labelled block of the page.
#[derive(Debug, Clone, Serialize)]
pub struct BlockReport {
    pub label: Label,
    pub score: f32,
    pub text: String,
    /// A CSS path that finds the block's element in the page.
    pub selector: String,
    /// Position of the element in `document.getElementsByTagName('*')`.
    pub element_index: u32,
    pub kind: BlockKind,
    /// The rule that decided the label, for people reading the decision.
    pub reason: &'static str,
    pub features: Features,
}

/// An element to hide in place: a container with only clutter inside.
#[derive(Debug, Clone, Serialize)]
pub struct HideTarget {
    pub selector: String,
    pub element_index: u32,
    pub label: Label,
}

/// Everything the core decides about a page, and everything it builds from that.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// False when the page is not a story page (see [`gate`]): the extension then changes nothing.
    pub is_article: bool,
    /// The gate's answer, its reasons and the signals it read.
    pub page: gate::Verdict,
    pub blocks: Vec<BlockReport>,
    pub hide: Vec<HideTarget>,
    pub article: Article,
    /// The sanitized reader document: title, byline, then the body ([`Article::document`]).
    pub document: String,
}

/// The story as reader mode shows it: its metadata and its body.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Article {
    #[serde(flatten)]
    pub meta: Metadata,
    /// The story as plain text: paragraphs separated by blank lines, captions included.
    pub text: String,
    /// Sanitized HTML of the story's body, without the title.
    pub content: String,
    pub word_count: usize,
    pub reading_minutes: usize,
}

impl Article {
    /// A standalone reader document: title, byline and date, then the body; sanitized as a
    /// whole.
    pub fn document(&self) -> String {
        reader::document(&self.meta, &self.content)
    }
}

/// Every block's label, without the hide list, the metadata or the reader document. The
/// benchmarks time it as "parse + classify".
pub fn labels(html: &str, options: &Options) -> Result<Vec<Label>, Error> {
    Ok(Page::parse(html, options)?.decide().labels().to_vec())
}

/// Decides about the page and builds every output (see [`Page`] to ask for less).
pub fn analyze(html: &str, options: &Options) -> Result<Analysis, Error> {
    Ok(Page::parse(html, options)?.decide().analysis())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROSE: &str =
        "The council voted on Tuesday, after a long debate, to close the old bridge \
        to traffic, a decision that residents, shop owners and commuters had feared for months.";

    #[test]
    fn a_story_in_a_chrome_named_container_is_found_by_the_retry() {
        let src = format!(
            "<body><div id=note><p>Opening hours change on Monday, says the town hall.</p></div>\
             <div class=related-wrap><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div>\
             </body>"
        );
        let a = analyze(&src, &Options::default()).unwrap();
        assert!(a.is_article);
        assert_eq!(
            a.article.text.matches(PROSE).count(),
            4,
            "{}",
            a.article.text
        );
    }

    #[test]
    fn the_lead_picture_above_the_story_container_is_kept_with_its_caption() {
        let src = format!(
            "<body><h1>Council votes to close the old bridge</h1>\
             <figure><img src=/lead.jpg alt=Bridge><figcaption>The bridge. Picture: Alamy</figcaption></figure>\
             <div id=body><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div></body>"
        );
        let a = analyze(
            &src,
            &Options {
                url: Some("https://news.example/story".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let lead = a.article.content.find("https://news.example/lead.jpg");
        let caption = a.article.content.find("Picture: Alamy");
        assert!(lead.is_some() && caption > lead, "{}", a.article.content);
    }

    #[test]
    fn a_feed_of_teaser_cards_under_the_story_in_its_container_is_related_links() {
        let card = |n: u32| {
            format!(
                "<li class=card><a href=/pic-{n}><img src=/t{n}.jpg alt=\"\"></a><div><h3>\
                 <a href=/news/story-{n}>Another story, number {n}, that readers also clicked</a>\
                 </h3><p>Summary {n}: the minister said on Monday, after weeks of talks, that \
                 the plan would go ahead, despite objections from unions and councils.</p></div></li>"
            )
        };
        let feed: String = (1..=6).map(card).collect();
        let src = format!(
            "<body><div id=story><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>\
             <ul class=stream>{feed}</ul></div></body>"
        );
        let a = analyze(&src, &Options::default()).unwrap();
        assert_eq!(
            a.article.text.matches(PROSE).count(),
            4,
            "{}",
            a.article.text
        );
        assert_dropped(&a, "Summary");
        let summaries: Vec<_> = a
            .blocks
            .iter()
            .filter(|b| b.text.starts_with("Summary"))
            .collect();
        assert_eq!(summaries.len(), 6);
        assert!(
            summaries.iter().all(|b| b.label == Label::RelatedLink),
            "{:?}",
            summaries
                .iter()
                .map(|b| (b.label, b.reason))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_listicle_whose_item_headings_link_to_shops_keeps_its_headings() {
        let item = |n: u32| {
            format!(
                "<h3><a href=https://shop.example/game-{n}>Game number {n} ($20)</a></h3><p>{PROSE}</p>"
            )
        };
        let items: String = (1..=6).map(item).collect();
        let src = format!("<body><div id=story><p>{PROSE}</p>{items}</div></body>");
        let a = analyze(&src, &Options::default()).unwrap();
        for n in 1..=6 {
            assert_kept(&a, &format!("Game number {n} ($20)"));
        }
    }

    #[test]
    fn a_tiny_page_extracts_as_a_document_but_is_not_a_story_to_act_on() {
        let a = analyze("<body>\n  Test\n</body>", &Options::default()).unwrap();
        assert_eq!(a.article.text, "Test");
        assert!(!a.is_article);
        assert!(a.hide.is_empty());
    }

    /// The story text (what reader mode shows) holds `text`.
    fn assert_kept(a: &Analysis, text: &str) {
        assert!(
            a.article.text.contains(text),
            "{text:?} missing from {}",
            a.article.text
        );
    }

    /// The story text leaves `text` out.
    fn assert_dropped(a: &Analysis, text: &str) {
        assert!(
            !a.article.text.contains(text),
            "{text:?} kept in {}",
            a.article.text
        );
    }

    fn story_with(inner: &str) -> Analysis {
        let src = format!(
            "<html><head><meta property=og:type content=article></head><body><article>\
             <h1>Council votes to close the old bridge</h1><p>{PROSE}</p><p>{PROSE}</p>{inner}\
             <p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
        );
        analyze(&src, &Options::default()).unwrap()
    }

    #[test]
    fn an_unlinked_subheading_or_paragraph_starting_exclusive_stays_in_the_story() {
        let a = story_with(
            "<h2>Exclusive: the letters the council kept</h2><p>Exclusive to this paper.</p>",
        );
        assert_kept(&a, "Exclusive: the letters the council kept");
        assert_kept(&a, "Exclusive to this paper.");
        let linked = story_with("<p><a href=/other>Exclusive: the mayor speaks</a></p>");
        assert_dropped(&linked, "the mayor speaks");
    }

    #[test]
    fn a_short_unlinked_div_sentence_inside_the_story_is_kept() {
        let a = story_with("<div>The vote was close.</div>");
        assert_kept(&a, "The vote was close.");
    }

    #[test]
    fn story_paragraphs_after_an_unclosed_button_form_or_link_are_kept() {
        for opener in ["<form action=/x>", "<button>Share", "<a href=/more>More"] {
            let a = story_with(&format!(
                "{opener}<p>After the opener, the debate went on.</p>"
            ));
            assert_kept(&a, "After the opener, the debate went on.");
        }
    }

    fn label_of(a: &Analysis, text: &str) -> Label {
        a.blocks
            .iter()
            .find(|b| b.text.contains(text))
            .map(|b| b.label)
            .unwrap_or_else(|| panic!("no block with {text:?}"))
    }

    #[test]
    fn a_related_name_on_a_wrapper_around_the_story_does_not_make_its_neighbours_related_links() {
        let src = format!(
            "<body><div id=__next><div id=story><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>\
             <p>{PROSE}</p></div><div class=legal><span>Copyright 2025, the Town Gazette, \
             all rights reserved by its owners.</span></div></div></body>"
        );
        let a = analyze(&src, &Options::default()).unwrap();
        assert_eq!(label_of(&a, "all rights reserved"), Label::Other);
    }

    #[test]
    fn prose_in_look_alike_sections_beside_the_story_is_not_a_teaser_card() {
        let section = |n: u32| {
            format!(
                "<div class=pick><h3>Pick {n}</h3><p>Pick {n} is the one we chose, after a month \
                 of tests, for travellers who want cover abroad. It costs more than the others, \
                 but it pays out quickly, its helpline answers at night and its forms are short.</p>\
                 <p><a href=/go/{n}>See plans</a></p></div>"
            )
        };
        let picks: String = (1..=3).map(section).collect();
        let src = format!(
            "<body><div id=story><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div>\
             <div class=sidebar>{picks}</div></body>"
        );
        let a = analyze(&src, &Options::default()).unwrap();
        assert_ne!(label_of(&a, "Pick 2 is the one"), Label::RelatedLink);
        assert_eq!(label_of(&a, "See plans"), Label::RelatedLink);
    }

    #[test]
    fn a_story_in_widget_boxes_between_captioned_photos_is_found_again_without_cleaning() {
        let part = |n: u32| {
            format!(
                "<figure><img src=/p{n}.jpg alt=\"\"><figcaption>Photo {n}: the old bridge at \
                 dawn, seen from the east bank, where the ferry used to land.</figcaption></figure>\
                 <div class=WidgetWrapper_x><div class=prose><p>Part {n}. {PROSE}</p></div></div>"
            )
        };
        let parts: String = (1..=8).map(part).collect();
        let src = format!(
            "<html><head><meta property=og:type content=article></head><body><article>\
             <h1>Council votes to close the old bridge</h1>{parts}</article></body></html>"
        );
        let a = analyze(&src, &Options::default()).unwrap();
        assert_kept(&a, "Part 4. The council");
    }

    #[test]
    fn the_sites_banner_header_is_navigation_and_a_share_row_is_promo() {
        let menu: String = ["News", "Sport", "Weather", "Travel"]
            .iter()
            .map(|s| format!("<li><a href=/{s}>{s}</a></li>"))
            .collect();
        let share: String = ["Facebook", "WhatsApp", "Email"]
            .iter()
            .map(|s| format!("<li><a href=/share/{s}>{s}</a></li>"))
            .collect();
        let src = format!(
            "<body><header id=orb-banner role=banner><ul>{menu}</ul></header><article>\
             <h1>Council votes to close the old bridge</h1><ul class=tools>{share}</ul>\
             <p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></article></body>"
        );
        let a = analyze(&src, &Options::default()).unwrap();
        assert_eq!(label_of(&a, "Weather"), Label::Navigation);
        assert_eq!(label_of(&a, "WhatsApp"), Label::Promo);
    }

    #[test]
    fn a_menu_in_a_related_named_wrapper_and_its_subscribe_item_are_navigation_but_stories_are_related(
    ) {
        let items: String = ["Markets", "Movers", "Earnings", "Subscribe"]
            .iter()
            .map(|s| format!("<li><a href=/{s}>{s}</a></li>"))
            .collect();
        let teasers: String = (1..=4)
            .map(|n| format!("<li><a href=/news/{n}>Minister resigns, part {n}</a></li>"))
            .collect();
        let src = format!(
            "<body><div class=more-links><ul class=nav-tabs>{items}</ul></div><article>\
             <h1>Council votes to close the old bridge</h1><p>{PROSE}</p><p>{PROSE}</p>\
             <p>{PROSE}</p></article><div class=site-footer><div class=related-stories><ul>{teasers}\
             </ul></div></div></body>"
        );
        let a = analyze(&src, &Options::default()).unwrap();
        assert_eq!(label_of(&a, "Earnings"), Label::Navigation);
        assert_eq!(label_of(&a, "Subscribe"), Label::Navigation);
        assert_eq!(label_of(&a, "part 3"), Label::RelatedLink);
    }

    #[test]
    fn a_story_rendered_once_per_screen_width_is_read_once_and_nothing_is_hidden() {
        let story: String = (1..=6)
            .map(|n| format!("<p>Part {n}. {PROSE}</p>"))
            .collect();
        let variant = |hides: &str| format!("<div class=\"ssr-variant {hides}\">{story}</div>");
        let src = format!(
            "<html><head><meta property=og:type content=article></head><body><main>\
             <h1>Council votes to close the old bridge</h1>{}{}{}</main></body></html>",
            variant("hidden-a"),
            variant("hidden-b"),
            variant("hidden-c")
        );
        let a = analyze(&src, &Options::default()).unwrap();
        assert_eq!(a.article.text.matches("Part 4.").count(), 1);
        assert!(a.hide.is_empty(), "{:?}", a.hide);
    }

    #[test]
    fn a_box_of_teasers_is_hidden_whole_with_its_title_and_date_lines() {
        let teasers: String = (1..=4)
            .map(|n| {
                format!(
                    "<li><a href=/news/story-{n}>Minister resigns over the bridge vote, part {n}</a>\
                     <div class=byline>Jul {n}, 2014</div></li>"
                )
            })
            .collect();
        let a = analyze(
            &format!(
                "<html><head><meta property=og:type content=article></head><body><article>\
                 <h1>Council votes to close the old bridge</h1><p>{PROSE}</p><p>{PROSE}</p>\
                 <p>{PROSE}</p></article><div id=rail-7><h2>Features and analysis</h2>\
                 <ul class=list>{teasers}</ul></div></body></html>"
            ),
            &Options::default(),
        )
        .unwrap();
        assert_eq!(label_of(&a, "Features and analysis"), Label::RelatedLink);
        assert_eq!(label_of(&a, "Jul 3, 2014"), Label::RelatedLink);
        assert_eq!(
            a.hide
                .iter()
                .map(|h| h.selector.as_str())
                .collect::<Vec<_>>(),
            ["#rail-7"]
        );
    }

    #[test]
    fn a_menus_short_heading_is_navigation() {
        let menu = |name: &str| {
            format!(
                "<div class=widget_nav_menu><div class=widget-title>{name}</div><ul>\
                 <li><a href=/team>Team</a></li><li><a href=/jobs>Jobs</a></li></ul></div>"
            )
        };
        let src = format!(
            "<body><article><h1>Council votes to close the old bridge</h1><p>{PROSE}</p>\
             <p>{PROSE}</p><p>{PROSE}</p></article><div class=site-end>{}{}</div></body>",
            menu("About us"),
            menu("Learn more")
        );
        let a = analyze(&src, &Options::default()).unwrap();
        assert_eq!(label_of(&a, "About us"), Label::Navigation);
        assert_eq!(label_of(&a, "Jobs"), Label::Navigation);
    }

    #[test]
    fn a_linked_teaser_title_under_a_thumbnail_is_not_a_caption_but_a_linked_source_line_is() {
        let teaser = |n: u32| {
            format!(
                "<li><a href=/news/story-{n}><figure><img src=/t{n}.jpg alt=\"\">\
                 <figcaption>Minister resigns over the bridge vote, number {n}</figcaption>\
                 </figure></a></li>"
            )
        };
        let teasers: String = (1..=4).map(teaser).collect();
        let a = story_with(&format!(
            "<figure><img src=/chart.png alt=\"\"><figcaption><a href=https://data.example/\
             >Source</a></figcaption></figure><ul class=more>{teasers}</ul>"
        ));
        assert_eq!(label_of(&a, "Source"), Label::Caption);
        assert_ne!(label_of(&a, "number 3"), Label::Caption);
    }

    #[test]
    fn a_buying_guides_sections_with_linked_product_names_stay_in_the_story() {
        let pick = |n: u32| {
            format!(
                "<section class=panel><h2><a href=https://shop.example/p{n}>Earbud {n}</a></h2>\
                 <p>{PROSE}</p><p>{PROSE}</p><p>Earbud {n} costs <a href=/deal{n}>less than most</a>, and its \
                 case holds three more charges.</p><p>{PROSE}</p><p>{PROSE}</p></section>"
            )
        };
        let picks: String = (1..=4).map(pick).collect();
        let a = story_with(&format!("<div class=panels>{picks}</div>"));
        assert_kept(&a, "Earbud 3 costs less than most");
        assert!(a.hide.is_empty(), "{:?}", a.hide);
    }

    #[test]
    fn a_story_cut_into_look_alike_sections_is_found_whole() {
        // One long section and six short ones: each short one is under the share of the winner
        // that lets a sibling join, together they outweigh it.
        let section = |n: u32, paragraphs: usize| {
            format!(
                "<section class=blog-section><div class=container><div class=column>\
                 <h2>Part {n}</h2><div class=inner><div class=rich>{}<p>Part {n} ends here, \
                 after much debate, with a vote, a delay, and a promise.</p></div></div></div>\
                 </div></section>",
                format!("<p>{PROSE}</p>").repeat(paragraphs)
            )
        };
        let sections: String = std::iter::once(section(1, 12))
            .chain((2..=7).map(|n| section(n, 1)))
            .collect();
        let src = format!(
            "<html><head><meta property=og:type content=article><meta name=author content=Desk>\
             </head><body><main>{sections}<section class=author-box><p>Written by the desk, \
             who covers the council.</p></section></main></body></html>"
        );
        let a = analyze(&src, &Options::default()).unwrap();
        for n in 1..=7 {
            assert_kept(&a, &format!("Part {n} ends here"));
        }
        assert_dropped(&a, "Written by the desk");
    }

    #[test]
    fn a_story_streamed_in_a_hidden_segment_is_read_but_other_hidden_blocks_are_not() {
        let src = format!(
            "<html><head><meta property=og:type content=article><meta name=author content=Desk>\
             </head><body><div id=app>Loading...</div><div hidden id=\"S:1\"><article>\
             <h1>Council votes</h1><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></article></div>\
             <div hidden id=cookie-dialog><p>We use cookies to make the site work, and to \
             measure how you use it, with your consent.</p></div></body></html>"
        );
        let a = analyze(&src, &Options::default()).unwrap();
        assert_eq!(
            a.article.text.matches(PROSE).count(),
            3,
            "{}",
            a.article.text
        );
        assert_dropped(&a, "cookies");
    }

    #[test]
    fn a_bold_lead_in_then_a_link_inside_the_story_is_a_related_link() {
        let a = story_with(
            "<p><strong>Related reading:</strong> <a href=/other>How the bridge was built</a></p>\
             <p><strong>Note:</strong> the vote was held in public, as the law requires.</p>",
        );
        let label_of = |start: &str| {
            a.blocks
                .iter()
                .find(|b| b.text.starts_with(start))
                .map(|b| b.label)
        };
        assert_eq!(label_of("Related reading:"), Some(Label::RelatedLink));
        assert_eq!(label_of("Note:"), Some(Label::Article));
        assert!(a.article.text.contains("the vote was held in public"));
    }

    #[test]
    fn an_anchor_id_made_from_a_heading_is_not_a_class_cue() {
        let a = story_with(
            "<section id=respond-to-review-comments><h2>Respond to review comments</h2>\
             <p>Your patch will get comments from reviewers, and each one deserves a reply.</p>\
             </section>\
             <h2 id=h-how-to-share-your-newsletter-with-friends>How to share it with friends</h2>\
             <div id=expenditures-as-a-share-of-the-budget><p>Spending rose to a third of the \
             budget, the council said, up from a quarter.</p></div>",
        );
        assert_kept(&a, "each one deserves a reply");
        assert_kept(&a, "How to share it with friends");
        assert_kept(&a, "Spending rose to a third");
    }

    #[test]
    fn a_page_of_teasers_has_no_story() {
        let teaser = "<article><a href=/s><h3>Rail fares rise as commuters face another year of \
                      disruption</h3></a><p>Season tickets on some routes into London will now \
                      cost more than six thousand pounds a year.</p></article>";
        let src = format!(
            "<body><nav><a href=/a>Home</a> <a href=/b>World</a> <a href=/c>Sport</a></nav>\
             <main>{}</main></body>",
            teaser.repeat(4)
        );
        let a = analyze(&src, &Options::default()).unwrap();
        assert!(!a.is_article);
        assert!(a.article.text.is_empty());
    }

    /// The element the extension leaves changes outside of: around the story's container and
    /// its headline, not the header's carousel; none where there is no story.
    #[test]
    fn the_story_extent_holds_the_headline_and_the_story_but_not_the_header() {
        let src = format!(
            "<html><head><meta property=og:type content=article></head><body>\
             <header><nav><a href=/a>News</a> <a href=/b>Sport</a></nav>\
             <section class=carousel><div class=slide><a href=/c>Another story</a></div></section>\
             </header><main><article id=story><h1>Council votes to close the old bridge</h1>\
             <div class=text><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div>\
             </article></main></body></html>"
        );
        let page = Page::parse(&src, &Options::default()).unwrap();
        let decisions = page.decide();
        let (index, selector) = decisions.story_at().expect("a story");
        // The story's container here is <main> (html, head, meta, body, header, nav, a, a,
        // section, div, a, main): the headline inside it, the header outside.
        assert_eq!(selector, "html > body:nth-child(2) > main:nth-child(2)");
        assert_eq!(index, 11);
        let teasers = "<html><body><ul><li><a href=/a>One</a></li></ul></body></html>";
        let page = Page::parse(teasers, &Options::default()).unwrap();
        assert!(page.decide().story_at().is_none());
    }
}
