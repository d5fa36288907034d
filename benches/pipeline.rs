//! Native speed of the pipeline against the parse floor, on the corpus pages.
//!
//! Three stages are timed on the same pages: parsing alone (html5ever via scraper, the floor no
//! extractor can beat), parsing + classifying every block, and the whole `analyze` (classify,
//! hide list and reader document). The corpus folder comes from `DECLUTTER_CORPUS`
//! (default `../shared/corpus/readability`); it is never part of the repository.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use declutter::dom::Doc;
use declutter::{analyze, article, classify, features, segment, Options};
use std::path::PathBuf;
use std::time::Duration;

fn corpus() -> Vec<(String, String)> {
    let dir = PathBuf::from(
        std::env::var("DECLUTTER_CORPUS")
            .unwrap_or_else(|_| "../shared/corpus/readability".to_string()),
    );
    let mut pages: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("corpus {}: {e} (set DECLUTTER_CORPUS)", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let html = std::fs::read(path.join("source.html")).ok()?;
            let name = path.file_name()?.to_string_lossy().into_owned();
            Some((name, String::from_utf8_lossy(&html).into_owned()))
        })
        .collect();
    pages.sort_by_key(|(_, html)| html.len());
    pages
}

fn parse_only(html: &str) -> usize {
    scraper::Html::parse_document(html).tree.values().count()
}

fn parse_and_classify(html: &str) -> usize {
    let parsed = scraper::Html::parse_document(html);
    let doc = Doc::new(&parsed);
    let blocks = segment::segment(&doc);
    let roots = article::locate(&doc, &blocks);
    let feats = features::extract(&doc, &blocks, &roots);
    classify::classify(&doc, &blocks, &feats, &roots).len()
}

fn full(html: &str) -> usize {
    analyze(html, &Options::default())
        .map(|a| a.article.content.len())
        .unwrap_or(0)
}

type Stage = fn(&str) -> usize;
const STAGES: [(&str, Stage); 3] = [
    ("parse", parse_only),
    ("parse+classify", parse_and_classify),
    ("parse+classify+reader", full),
];

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
