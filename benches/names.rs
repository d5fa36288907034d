//! Bounded work on pages that choose their own names: a page whose every element has a class
//! and an id of its own (the most distinct keys a page can put in the core's maps, and the
//! worst it can do against their secret hash key) against the same page, byte for byte as
//! long, where every element shares one class and one id. Both go through the whole `analyze`.
//! The ratio is reported in docs/RELIABILITY.md (target: at most 2×).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use declutter::{analyze, Options};
use std::time::Duration;

const CARDS: usize = 20_000;

/// A grid of teaser cards inside a story, each `<li>` named `name(i)`.
fn page(name: impl Fn(usize) -> String) -> String {
    let mut html = String::from(
        "<html><body><article><h1>A story</h1><p>The council voted on Tuesday, after a long \
         debate, to close the old bridge to traffic, a decision residents had feared.</p><ul>",
    );
    for i in 0..CARDS {
        let n = name(i);
        html.push_str(&format!(
            "<li class=\"{n}\" id=\"{n}\"><a href=\"/s/{i:05}\">Another story</a></li>"
        ));
    }
    html.push_str("</ul></article></body></html>");
    html
}

fn bench(c: &mut Criterion) {
    let distinct = page(|i| format!("n{i:05}"));
    let shared = page(|_| "n00000".to_string());
    assert_eq!(distinct.len(), shared.len());
    let mut group = c.benchmark_group(format!("{CARDS} elements, {} KB", distinct.len() / 1024));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for (name, html) in [("one shared name", &shared), ("a name each", &distinct)] {
        group.bench_function(name, |b| {
            b.iter(|| analyze(black_box(html), &Options::default()).map(|a| a.hide.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
