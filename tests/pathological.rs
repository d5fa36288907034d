//! Hostile, broken and enormous pages: each must end in `Ok` or a clear `Error`, never a panic
//! or a hang. Sizes here are kept small enough for a debug build; the full-size pages are timed
//! with the release CLI in docs/RELIABILITY.md (speed is never asserted in tests).
#![cfg(not(target_arch = "wasm32"))]

use declutter::{analyze, Analysis, Error, Limits, Options};

fn run(html: &str) -> Result<Analysis, Error> {
    analyze(
        html,
        &Options {
            url: Some("https://news.example/a.html".into()),
            ..Default::default()
        },
    )
}

fn nested(open: &str, close: &str, depth: usize, inner: &str) -> String {
    open.repeat(depth) + inner + &close.repeat(depth)
}

#[test]
fn nesting_100000_deep_is_refused_as_too_deep() {
    let err = run(&nested("<div>", "</div>", 100_000, "x")).unwrap_err();
    assert!(matches!(err, Error::TooDeep { limit: 1024, .. }), "{err}");
    assert!(err.to_string().contains("too deeply nested"));
}

#[test]
fn unclosed_formatting_and_table_nesting_are_refused_as_too_deep() {
    for page in [
        "<b>".repeat(50_000) + "x",
        "<font size=2>".repeat(50_000) + "x",
        nested("<table><tr><td>", "</td></tr></table>", 20_000, "x"),
        "<svg>".to_string() + &"<g>".repeat(50_000),
        "<template>".to_string() + &"<span>".repeat(50_000),
    ] {
        let err = run(&page).unwrap_err();
        assert!(matches!(err, Error::TooDeep { .. }), "{err}");
    }
}

#[test]
fn nesting_past_chromiums_cap_keeps_the_story() {
    let para = "<p>A sentence long enough to count as the body of a story, with commas, \
                and more words after them, and then some more.</p>";
    let page = nested("<div>", "</div>", 700, &para.repeat(8));
    let analysis = run(&page).unwrap();
    assert!(analysis
        .article
        .text
        .contains("enough to count as the body"));
}

#[test]
fn implicitly_closed_elements_do_not_count_as_nesting() {
    for page in [
        "<p>para ".repeat(20_000),
        "<ul>".to_string() + &"<li>item ".repeat(20_000),
        "<table>".to_string() + &"<tr><td>cell<td>cell".repeat(10_000),
        "<a href=/x>link ".repeat(20_000),
        "<option>opt".repeat(20_000),
    ] {
        assert!(run(&page).is_ok());
    }
}

#[test]
fn too_many_nodes_are_refused_with_a_clear_error() {
    let limits = Limits {
        max_nodes: 10_000,
        ..Default::default()
    };
    let page = "<span>x</span>".repeat(20_000);
    let options = Options {
        limits,
        ..Default::default()
    };
    let err = analyze(&page, &options).unwrap_err();
    assert!(
        matches!(err, Error::TooManyNodes { limit: 10_000, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("too complex"));
}

#[test]
fn a_page_over_the_size_limit_is_refused_before_parsing() {
    let page = "x".repeat(Limits::default().max_bytes + 1);
    let err = run(&page).unwrap_err();
    assert!(matches!(err, Error::TooLarge { .. }), "{err}");
}

#[test]
fn wide_pages_are_analysed() {
    assert!(run(&"<p>x</p>".repeat(40_000)).is_ok());
    assert!(run(&"<br>".repeat(100_000)).is_ok());
    assert!(run(&"<!---->x".repeat(50_000)).is_ok());
}

#[test]
fn empty_and_textless_pages_are_not_articles() {
    for page in [
        "",
        " \n\t ",
        "<!doctype html>",
        "<html><head></head><body></body></html>",
        "<div><div><span></span></div></div><img src=a.jpg>",
        "<script>var story = 'not text';</script><style>p{}</style>",
    ] {
        let analysis = run(page).unwrap();
        assert!(!analysis.is_article, "{page:?}");
        assert!(analysis.article.content.is_empty());
        assert!(analysis.hide.is_empty());
    }
}

#[test]
fn frameset_and_svg_only_pages_are_not_articles() {
    for page in [
        "<html><frameset cols=50%,50%><frame src=a.html><frame src=b.html></frameset></html>",
        "<frameset><frameset><frame></frameset><noframes><p>No frames</p></noframes></frameset>",
        "<svg xmlns=http://www.w3.org/2000/svg><text x=1 y=1>Only a drawing with words \
         that go on and on, with commas, like a paragraph would.</text></svg>",
    ] {
        let analysis = run(page).unwrap();
        assert!(!analysis.is_article, "{page}");
    }
}

#[test]
fn table_layout_pages_are_analysed() {
    let para = "A sentence long enough to count as the body of a story, with commas, and \
                more words after them, and then some more words. ";
    let page = format!(
        "<table width=100%><tr><td><a href=/>Home</a> <a href=/n>News</a></td></tr>\
         <tr><td width=20%><a href=/a>Links</a></td><td><font size=2>{}<br><br>{}</font></td></tr></table>",
        para.repeat(4),
        para.repeat(4)
    );
    let analysis = run(&page).unwrap();
    assert!(analysis.article.text.contains("long enough to count"));
}

#[test]
fn invalid_utf8_and_binary_garbage_are_analysed() {
    let mut bytes = b"<p>caf\xe9 \xff\xfe na\xefve</p>".to_vec();
    // A fixed pseudo-random stream (xorshift), so that failures reproduce.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..300_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.push(state as u8);
    }
    let page = String::from_utf8_lossy(&bytes);
    assert!(page.contains('\u{FFFD}'));
    assert!(run(&page).is_ok());
    assert!(run("\0\0<p>\0nul\0</p>\u{1}\u{7f}").is_ok());
}

#[test]
fn enormous_text_and_attributes_are_analysed() {
    let word = "a".repeat(2_000_000);
    assert!(run(&format!("<article><p>{word}</p></article>")).is_ok());
    let attr = "x".repeat(2_000_000);
    assert!(run(&format!("<p class=\"{attr}\" title=\"{attr}\">text</p>")).is_ok());
}

#[test]
fn a_deep_noscript_image_in_the_story_is_bounded() {
    let para = "<p>A sentence long enough to count as the body of a story, with commas, \
                and more words after them, and then some more.</p>";
    let noscript = format!(
        "<noscript>{}<img src=/i.jpg></noscript>",
        "<div>".repeat(50_000)
    );
    let page = format!(
        "<article>{}<figure>{noscript}</figure>{}</article>",
        para.repeat(4),
        para.repeat(4)
    );
    let analysis = run(&page).unwrap();
    assert!(analysis.article.text.contains("long enough to count"));
}
