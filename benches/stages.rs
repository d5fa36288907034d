//! Native per-page timing with the stages and the peer interleaved on every page (parse,
//! parse+classify, parse+classify+reader, reader article, dom_smoothie, then again), so that a
//! busy machine slows all alike and their ratios hold; criterion (`benches/pipeline.rs`) times each stage in its
//! own stretch of time.
//! Writes target/bench/native.json for `benches/summary.mjs`. `BENCH_REPS` runs per page and
//! stage (default 5) after one warm-up; the median is kept.

mod common;

use common::{corpus, STAGES};
use serde_json::json;
use std::hint::black_box;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

fn main() {
    let reps: usize = std::env::var("BENCH_REPS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5)
        .max(1);
    let pages = corpus();
    let mut rows = Vec::new();
    for (name, html) in &pages {
        let mut times = vec![Vec::with_capacity(reps); STAGES.len()];
        for rep in 0..=reps {
            for (i, (_, stage)) in STAGES.iter().enumerate() {
                let start = Instant::now();
                black_box(stage(black_box(html)));
                if rep > 0 {
                    times[i].push(start.elapsed().as_secs_f64() * 1e3);
                }
            }
        }
        let ms: Vec<f64> = times.into_iter().map(median).collect();
        rows.push((name, html.len(), ms));
    }

    let total_bytes: usize = rows.iter().map(|(_, b, _)| b).sum();
    let mut stages = serde_json::Map::new();
    let mut totals = Vec::new();
    for (i, (stage, _)) in STAGES.iter().enumerate() {
        let total_ms: f64 = rows.iter().map(|(_, _, ms)| ms[i]).sum();
        totals.push(total_ms);
        let median_ms = median(rows.iter().map(|(_, _, ms)| ms[i]).collect());
        let mb_per_s = total_bytes as f64 / 1e6 / (total_ms / 1e3);
        println!("  {stage:<22} median {median_ms:>7.2} ms/page  {mb_per_s:>6.1} MB/s");
        stages.insert(
            stage.to_string(),
            json!({ "median_ms": median_ms, "total_ms": total_ms, "mb_per_s": mb_per_s }),
        );
    }
    let overhead = (totals[1] - totals[0]) / totals[0];
    let median_page_overhead = median(rows.iter().map(|(_, _, ms)| ms[1] / ms[0] - 1.0).collect());
    println!(
        "  classify overhead / parse floor: {:.0} % (whole corpus), {:.0} % (median page)",
        overhead * 100.0,
        median_page_overhead * 100.0
    );
    // Against dom_smoothie's parse, over the corpus and page by page (the pages of 30 KB and more
    // apart, since the synthetic test pages under it are a few KB): our whole `analyze`, and the
    // reader article alone, which is what the peer produces.
    let peer = STAGES.len() - 1;
    let vs_peer = |ours: usize| {
        let page_ratio = |min_bytes: usize| {
            median(
                rows.iter()
                    .filter(|(_, bytes, _)| *bytes >= min_bytes)
                    .map(|(_, _, ms)| ms[ours] / ms[peer])
                    .collect(),
            )
        };
        (
            totals[ours] / totals[peer],
            page_ratio(0),
            page_ratio(30_000),
        )
    };
    let full_vs_peer = vs_peer(2);
    let article_vs_peer = vs_peer(3);
    for (what, (corpus, page, real_page)) in [
        ("analyze", full_vs_peer),
        ("reader article", article_vs_peer),
    ] {
        println!(
            "  {what} / dom_smoothie: {corpus:.2}x (whole corpus), {page:.2}x (median page), {real_page:.2}x (median page of 30 KB and more)"
        );
    }
    let result = json!({
        "pages": rows.len(),
        "reps": reps,
        "total_bytes": total_bytes,
        "stages": stages,
        "classify_overhead_over_parse": overhead,
        "median_page_classify_overhead_over_parse": median_page_overhead,
        "full_over_dom_smoothie": full_vs_peer.0,
        "median_page_full_over_dom_smoothie": full_vs_peer.1,
        "median_page_full_over_dom_smoothie_30kb": full_vs_peer.2,
        "article_over_dom_smoothie": article_vs_peer.0,
        "median_page_article_over_dom_smoothie": article_vs_peer.1,
        "median_page_article_over_dom_smoothie_30kb": article_vs_peer.2,
        "per_page": rows.iter().map(|(name, bytes, ms)| json!({
            "name": name, "bytes": bytes, "parse": ms[0], "classify": ms[1], "full": ms[2],
            "article": ms[3], "dom_smoothie": ms[4],
        })).collect::<Vec<_>>(),
    });
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir).expect("create target/bench");
    let file = dir.join("native.json");
    std::fs::write(&file, serde_json::to_string_pretty(&result).expect("json"))
        .expect("write native.json");
    println!("  -> {}", file.display());
}
