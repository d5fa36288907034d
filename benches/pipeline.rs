//! Native speed of the pipeline against the parse floor, on the corpus pages.
//!
//! Three stages are timed on the same pages: parsing alone (html5ever via scraper, the floor no
//! extractor can beat), parsing + classifying every block, and the whole `analyze` (classify,
//! hide list and reader document); and, as a peer, dom_smoothie (a Rust port of Readability.js)
//! extracting the article of the same pages. The corpus folder comes from `DECLUTTER_CORPUS`
//! (default `../shared/corpus/readability`); it is never part of the repository.

mod common;

use common::{corpus, STAGES};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let pages = corpus();
    let total: usize = pages.iter().map(|(_, h)| h.len()).sum();
    let (median_name, median) = &pages[pages.len() / 2];

    let mut group = c.benchmark_group(format!(
        "median page ({median_name}, {} KB)",
        median.len() / 1024
    ));
    group.throughput(Throughput::Bytes(median.len() as u64));
    for (name, stage) in STAGES {
        group.bench_with_input(BenchmarkId::from_parameter(name), median, |b, html| {
            b.iter(|| stage(black_box(html)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group(format!(
        "whole corpus ({} pages, {} MB)",
        pages.len(),
        total / 1_000_000
    ));
    group
        .throughput(Throughput::Bytes(total as u64))
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for (name, stage) in STAGES {
        group.bench_function(name, |b| {
            b.iter(|| {
                pages
                    .iter()
                    .map(|(_, h)| stage(black_box(h)))
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
