//! `declutter eval`: the quality figures of the core over corpus folders, per page type.
//!
//! Two sides to every figure (see `docs/EVALUATION.md`): what the reader gets (main-text F1,
//! `with`/`without` sentences) and what de-clutter may break (story text hidden in place, pages
//! acted on that are not stories). Figures are named `<corpus>.<group>.<figure>`, and the CI gate
//! bounds them by name.

use crate::eval::{self, LabelCounts, PageScore};
use crate::read_input;
use declutter::{analyze, Options};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::ExitCode;

pub struct Request<'a> {
    pub corpora: &'a [std::path::PathBuf],
    pub labels: &'a [std::path::PathBuf],
    pub gates: Option<&'a Path>,
    pub json: Option<&'a Path>,
    pub dump: Option<&'a Path>,
    /// One JSON line per hand-labelled text block: its truth, our label, rule and features.
    pub blocks: Option<&'a Path>,
    pub verbose: bool,
}

#[derive(serde::Deserialize)]
struct Truth {
    #[serde(rename = "articleBody")]
    article_body: String,
    /// Absent in corpora of articles only.
    #[serde(default = "article_type")]
    page_type: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    without: Vec<String>,
}

fn article_type() -> String {
    "article".into()
}

#[derive(serde::Deserialize)]
struct HandLabel {
    selector: String,
    label: String,
}

#[derive(serde::Deserialize)]
struct Bound {
    min: Option<f64>,
    max: Option<f64>,
}

/// What one page came to.
struct PageResult {
    page_type: String,
    main: PageScore,
    shown: PageScore,
    /// Share of `with` sentences in the reader text, and of `without` ones absent from it.
    with: Option<f64>,
    without: Option<f64>,
    story: bool,
    acted: bool,
    hidden: f64,
}

/// Stories are what the extension should act on: news articles and blog posts.
fn is_story_type(page_type: &str) -> bool {
    matches!(page_type, "article" | "blog")
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn run(req: &Request<'_>) -> Result<ExitCode, String> {
    let mut hand: BTreeMap<String, Vec<HandLabel>> = BTreeMap::new();
    for p in req.labels {
        hand.extend(read_json::<BTreeMap<String, Vec<HandLabel>>>(p)?);
    }
    let mut figures: BTreeMap<String, f64> = BTreeMap::new();
    let mut blocks_out = req.blocks.map(create).transpose()?;
    let mut label_counts: HashMap<String, LabelCounts> = HashMap::new();
    let mut labelled_pages = 0;
    for corpus in req.corpora {
        let name = corpus
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("corpus")
            .to_string();
        let mut labelled = Labelled {
            hand: &hand,
            counts: &mut label_counts,
            pages: &mut labelled_pages,
            blocks: blocks_out.as_mut(),
        };
        let results = evaluate_corpus(corpus, &mut labelled, req)?;
        report_corpus(&name, &results, &mut figures);
    }
    if labelled_pages > 0 {
        println!("per label over {labelled_pages} hand-labelled pages (text blocks):");
        let mut names: Vec<_> = label_counts.keys().cloned().collect();
        names.sort();
        for name in names {
            let c = label_counts[&name];
            println!(
                "  {name:<13} precision {:.3}  recall {:.3}  hidden in place {:.3}  (expected {}, predicted {}, agreed {})",
                c.precision(),
                c.recall(),
                c.hidden_share(),
                c.expected,
                c.predicted,
                c.true_positive
            );
            if c.expected > 0 {
                figures.insert(format!("labels.{name}.hidden"), c.hidden_share());
            }
            if c.predicted > 0 {
                figures.insert(format!("labels.{name}.precision"), c.precision());
            }
            if c.expected > 0 {
                figures.insert(format!("labels.{name}.recall"), c.recall());
            }
        }
    }
    if let Some(path) = req.json {
        let text = serde_json::to_string_pretty(&figures).map_err(|e| e.to_string())?;
        std::fs::write(path, text + "\n")
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let passed = match req.gates {
        Some(path) => check_gates(path, &figures)?,
        None => true,
    };
    Ok(if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn create(path: &Path) -> Result<std::fs::File, String> {
    std::fs::File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The hand labels, and what the pages that have them add up to.
struct Labelled<'a> {
    hand: &'a BTreeMap<String, Vec<HandLabel>>,
    counts: &'a mut HashMap<String, LabelCounts>,
    pages: &'a mut usize,
    /// Where each labelled block goes, with its features (`--blocks`).
    blocks: Option<&'a mut std::fs::File>,
}

fn evaluate_corpus(
    corpus: &Path,
    labelled: &mut Labelled<'_>,
    req: &Request<'_>,
) -> Result<Vec<PageResult>, String> {
    let truth: BTreeMap<String, Truth> = read_json(&corpus.join("ground-truth.json"))?;
    let mut results = Vec::new();
    let mut dump = match req.dump {
        Some(p) => Some(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
                .map_err(|e| format!("cannot write {}: {e}", p.display()))?,
        ),
        None => None,
    };
    for (page, t) in &truth {
        let dir = corpus.join(page);
        let plain = dir.join("source.html");
        let source = if plain.exists() {
            plain
        } else {
            dir.join("source.html.gz")
        };
        let html = read_input(source.to_str().unwrap_or_default())?;
        let options = Options {
            url: t.url.clone(),
            ..Default::default()
        };
        let analysis = analyze(&html, &options).map_err(|e| format!("{page}: {e}"))?;
        let hide: Vec<u32> = analysis.hide.iter().map(|h| h.element_index).collect();
        let seen = eval::visibility(&html, &hide, &Default::default())
            .map_err(|e| format!("{page}: {e}"))?;
        let text = &analysis.article.text;
        let share = |sentences: &[String], want: bool| {
            (!sentences.is_empty()).then(|| {
                let hits = sentences
                    .iter()
                    .filter(|s| eval::contains_sentence(text, s) == want)
                    .count();
                hits as f64 / sentences.len() as f64
            })
        };
        let r = PageResult {
            page_type: t.page_type.clone(),
            main: eval::score_page(text, &t.article_body),
            shown: eval::score_page(
                &eval::shown_text(&analysis.article.content),
                &t.article_body,
            ),
            with: share(&t.with, true),
            without: share(&t.without, false),
            story: analysis.is_article,
            acted: !hide.is_empty(),
            hidden: eval::hidden_share(&t.article_body, &seen),
        };
        if req.verbose {
            println!(
                "{page:<40} {:<13} {} {}  P {:.3}  R {:.3}  F1 {:.3}  hidden {:5.1}%",
                r.page_type,
                if r.story { "story" } else { "-----" },
                if r.acted { "acted" } else { "-----" },
                r.main.precision,
                r.main.recall,
                r.main.f1(),
                r.hidden * 100.0
            );
            if r.hidden > 0.01 {
                explain_harm(&html, &analysis, &t.article_body)?;
            }
        }
        if let Some(out) = dump.as_mut() {
            use std::io::Write;
            // What de-clutter would hide without the gate: the harm the gate is fitted to avoid.
            let ungated = analyze(
                &html,
                &Options {
                    ungated: true,
                    ..options.clone()
                },
            )
            .map_err(|e| format!("{page}: {e}"))?;
            let hide: Vec<u32> = ungated.hide.iter().map(|h| h.element_index).collect();
            let seen = eval::visibility(&html, &hide, &Default::default())
                .map_err(|e| format!("{page}: {e}"))?;
            let hidden_ungated = eval::hidden_share(&t.article_body, &seen);
            let line = serde_json::json!({
                "corpus": corpus.file_name().and_then(|n| n.to_str()),
                "page": page,
                "page_type": r.page_type,
                "hidden": r.hidden,
                "hidden_ungated": hidden_ungated,
                "acted": r.acted,
                "f1": r.main.f1(),
                "verdict": analysis.page,
            });
            writeln!(out, "{line}").map_err(|e| e.to_string())?;
        }
        results.push(r);
        if let Some(marks) = labelled.hand.get(page) {
            *labelled.pages += 1;
            count_hand_labels(
                &html,
                &analysis,
                marks,
                &t.article_body,
                labelled,
                page,
                req.verbose,
            )?;
        }
    }
    Ok(results)
}

/// Which hidden elements take the expected text with them (`--verbose`, pages losing > 1 %).
fn explain_harm(html: &str, analysis: &declutter::Analysis, expected: &str) -> Result<(), String> {
    for h in &analysis.hide {
        let seen = eval::visibility(html, &[h.element_index], &Default::default())
            .map_err(|e| e.to_string())?;
        let share = eval::hidden_share(expected, &seen);
        if share > 0.001 {
            let text: String = seen.hidden.split_whitespace().collect::<Vec<_>>().join(" ");
            let snippet: String = text.chars().take(100).collect();
            let reason = analysis
                .blocks
                .iter()
                .find(|b| b.label == h.label && b.selector.starts_with(&h.selector))
                .map_or("?", |b| b.reason);
            println!(
                "    hides {:5.1}% as {} ({reason}): {} {snippet:?}",
                share * 100.0,
                h.label.as_str(),
                h.selector
            );
        }
    }
    Ok(())
}

/// Prints the corpus's table and adds its figures.
fn report_corpus(name: &str, results: &[PageResult], figures: &mut BTreeMap<String, f64>) {
    let mut groups: BTreeMap<String, Vec<&PageResult>> = BTreeMap::new();
    for r in results {
        groups.entry(r.page_type.clone()).or_default().push(r);
        let side = if is_story_type(&r.page_type) {
            "stories"
        } else {
            "non-stories"
        };
        groups.entry(format!("all {side}")).or_default().push(r);
    }
    println!("{name}: {} pages", results.len());
    println!(
        "  {:<17} {:>5} {:>7} {:>7} {:>7} {:>7} {:>6} {:>7} {:>6} {:>7} {:>7} {:>5}",
        "page type",
        "pages",
        "F1",
        "P",
        "R",
        "reader",
        "with",
        "without",
        "story",
        "acted",
        "hidden",
        ">5%"
    );
    for (group, rs) in &groups {
        let n = rs.len() as f64;
        let main = eval::score_corpus(&rs.iter().map(|r| r.main).collect::<Vec<_>>());
        let shown = eval::score_corpus(&rs.iter().map(|r| r.shown).collect::<Vec<_>>());
        let mean_of = |v: Vec<f64>| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
        let with = mean_of(rs.iter().filter_map(|r| r.with).collect());
        let without = mean_of(rs.iter().filter_map(|r| r.without).collect());
        let story = rs.iter().filter(|r| r.story).count() as f64 / n;
        let acted = rs.iter().filter(|r| r.acted).count() as f64 / n;
        let hidden = rs.iter().map(|r| r.hidden).sum::<f64>() / n;
        let over5 = rs.iter().filter(|r| r.hidden > 0.05).count() as f64;
        let over1 = rs.iter().filter(|r| r.hidden > 0.01).count() as f64;
        let opt = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.3}"));
        println!(
            "  {group:<17} {:>5} {:>7.4} {:>7.4} {:>7.4} {:>7.4} {:>6} {:>7} {:>5.1}% {:>6.1}% {:>6.2}% {:>5}",
            rs.len(),
            main.f1,
            main.precision,
            main.recall,
            shown.f1,
            opt(with),
            opt(without),
            story * 100.0,
            acted * 100.0,
            hidden * 100.0,
            over5
        );
        let key = group.replace(' ', "-");
        let mut put = |figure: &str, v: f64| {
            figures.insert(format!("{name}.{key}.{figure}"), v);
        };
        put("pages", n);
        put("f1", main.f1);
        put("precision", main.precision);
        put("recall", main.recall);
        put("reader_f1", shown.f1);
        if let Some(w) = with {
            put("with", w);
        }
        if let Some(w) = without {
            put("without", w);
        }
        put("story", story);
        put("acted", acted);
        put("untouched", 1.0 - acted);
        put("hidden_mean", hidden);
        put("hidden_over_5pct", over5);
        put("hidden_over_1pct", over1);
    }
}

/// Checks every bound of the gates file; a bound on a figure that was not measured fails too,
/// so a renamed figure cannot slip out of the gate.
fn check_gates(path: &Path, figures: &BTreeMap<String, f64>) -> Result<bool, String> {
    let bounds: BTreeMap<String, Bound> = read_json(path)?;
    let mut passed = true;
    for (name, bound) in &bounds {
        let Some(&value) = figures.get(name) else {
            eprintln!("declutter: gate {name}: no such figure was measured");
            passed = false;
            continue;
        };
        if let Some(min) = bound.min.filter(|&min| value < min) {
            eprintln!("declutter: {name} = {value:.4} is below the gate {min:.4}");
            passed = false;
        }
        if let Some(max) = bound.max.filter(|&max| value > max) {
            eprintln!("declutter: {name} = {value:.4} is above the gate {max:.4}");
            passed = false;
        }
    }
    if passed {
        println!("all {} gates hold ({})", bounds.len(), path.display());
    }
    Ok(passed)
}

/// Truth for a block: the hand label of the innermost labelled element around it; else
/// `article` when its text is part of the expected story, else `other`. `verbose` prints every
/// block whose label differs from its truth.
fn count_hand_labels(
    html: &str,
    analysis: &declutter::Analysis,
    marks: &[HandLabel],
    expected_text: &str,
    labelled: &mut Labelled<'_>,
    page: &str,
    verbose: bool,
) -> Result<(), String> {
    let counts = &mut *labelled.counts;
    let parsed = scraper::Html::parse_document(html);
    let mut marked = HashMap::new();
    for m in marks {
        let selector = scraper::Selector::parse(&m.selector)
            .map_err(|e| format!("{page}: bad selector {}: {e:?}", m.selector))?;
        let mut found = parsed.select(&selector).peekable();
        if found.peek().is_none() {
            return Err(format!("{page}: selector matches nothing: {}", m.selector));
        }
        for el in found {
            marked.insert(el.id(), m.label.clone());
        }
    }
    let mut hidden = std::collections::HashSet::new();
    for h in &analysis.hide {
        let selector = scraper::Selector::parse(&h.selector).map_err(|e| format!("{e:?}"))?;
        hidden.extend(parsed.select(&selector).next().map(|el| el.id()));
    }
    let expected_words: std::collections::HashSet<&str> =
        eval::words(expected_text).into_iter().collect();
    for b in &analysis.blocks {
        if b.kind != declutter::segment::BlockKind::Text {
            continue;
        }
        let block_sel = scraper::Selector::parse(&b.selector).map_err(|e| format!("{e:?}"))?;
        let Some(el) = parsed.select(&block_sel).next() else {
            continue;
        };
        let truth = std::iter::once(*el)
            .chain(el.ancestors())
            .find_map(|n| marked.get(&n.id()).cloned())
            .unwrap_or_else(|| {
                let w = eval::words(&b.text);
                let inside = w.iter().filter(|x| expected_words.contains(*x)).count();
                if !w.is_empty() && inside * 10 >= w.len() * 9 {
                    "article".to_string()
                } else {
                    "other".to_string()
                }
            });
        if std::iter::once(*el)
            .chain(el.ancestors())
            .any(|n| hidden.contains(&n.id()))
        {
            counts.entry(truth.clone()).or_default().hidden += 1;
        }
        if verbose && truth != b.label.as_str() {
            let text: String = b.text.chars().take(80).collect();
            println!(
                "    {truth} labelled {} ({}): {} {text:?}",
                b.label.as_str(),
                b.reason,
                b.selector
            );
        }
        if let Some(out) = labelled.blocks.as_deref_mut() {
            use std::io::Write;
            let line = serde_json::json!({
                "page": page,
                "selector": b.selector,
                "truth": truth,
                "label": b.label,
                "rule": b.reason,
                "text": b.text.chars().take(80).collect::<String>(),
                "features": b.features,
            });
            writeln!(out, "{line}").map_err(|e| e.to_string())?;
        }
        eval::count_label(counts, &truth, b.label.as_str());
    }
    Ok(())
}
